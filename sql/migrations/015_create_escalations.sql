-- 015: escalations — each time a ticket was escalated, by whom and why.

CREATE TABLE supporthub.escalations (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	ticket_id	uuid		NOT NULL,
	raised_by_user_id uuid,
	type_id		uuid		NOT NULL,
	reason		text		CHECK (char_length(reason) <= 2000),
	created_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT escalations_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT escalations_ticket_fkey FOREIGN KEY (tenant_id, ticket_id)
		REFERENCES supporthub.tickets (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT escalations_raised_by_fkey FOREIGN KEY (tenant_id, raised_by_user_id)
		REFERENCES supporthub.users (tenant_id, id),
	CONSTRAINT escalations_type_fkey FOREIGN KEY (tenant_id, type_id)
		REFERENCES supporthub.escalation_types (tenant_id, id)
);
COMMENT ON TABLE supporthub.escalations IS 'Escalations of tickets (each raised the priority one step)';
COMMENT ON COLUMN supporthub.escalations.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.escalations.id IS 'Escalation id (UUIDv7)';
COMMENT ON COLUMN supporthub.escalations.ticket_id IS 'Escalated ticket';
COMMENT ON COLUMN supporthub.escalations.raised_by_user_id IS 'User who escalated; NULL when the tenant (system actor) did';
COMMENT ON COLUMN supporthub.escalations.type_id IS 'Kind of escalation';
COMMENT ON COLUMN supporthub.escalations.reason IS 'Optional free-text reason';
COMMENT ON COLUMN supporthub.escalations.created_at IS 'When the ticket was escalated';
SELECT pg_catalog.pg_extension_config_dump('supporthub.escalations', '');
