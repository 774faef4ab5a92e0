-- 006: escalation_types — the reasons a tenant allows for escalating a ticket.

CREATE TABLE supporthub.escalation_types (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	label		text		NOT NULL CHECK (char_length(label) BETWEEN 1 AND 100),
	created_at	timestamptz	NOT NULL DEFAULT now(),
	updated_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT escalation_types_pkey PRIMARY KEY (tenant_id, id)
);
COMMENT ON TABLE supporthub.escalation_types IS 'Kinds of escalation a tenant offers (Manager review, Legal, …)';
COMMENT ON COLUMN supporthub.escalation_types.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.escalation_types.id IS 'Escalation type id (UUIDv7)';
COMMENT ON COLUMN supporthub.escalation_types.label IS 'Label, unique within the tenant ignoring case and surrounding spaces';
COMMENT ON COLUMN supporthub.escalation_types.created_at IS 'When the escalation type was created';
COMMENT ON COLUMN supporthub.escalation_types.updated_at IS 'When the escalation type was last changed';
SELECT pg_catalog.pg_extension_config_dump('supporthub.escalation_types', '');
