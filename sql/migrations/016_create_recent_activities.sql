-- 016: recent_activities — the audit trail: one row per state change.

CREATE TABLE supporthub.recent_activities (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	user_id		uuid,
	action		supporthub.activity_action NOT NULL,
	ref_type	supporthub.activity_ref_type NOT NULL,
	ref_id		uuid		NOT NULL,
	ticket_id	uuid,
	changes		jsonb		NOT NULL DEFAULT '{}',
	created_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT recent_activities_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT recent_activities_user_fkey FOREIGN KEY (tenant_id, user_id)
		REFERENCES supporthub.users (tenant_id, id)
);
COMMENT ON TABLE supporthub.recent_activities IS 'Activity feed and audit trail: exactly one row per state change, written in the same transaction';
COMMENT ON COLUMN supporthub.recent_activities.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.recent_activities.id IS 'Activity id (UUIDv7); id order is the order things happened';
COMMENT ON COLUMN supporthub.recent_activities.user_id IS 'User who acted; NULL when the tenant (system actor) or the platform did';
COMMENT ON COLUMN supporthub.recent_activities.action IS 'What happened';
COMMENT ON COLUMN supporthub.recent_activities.ref_type IS 'Kind of object it happened to';
COMMENT ON COLUMN supporthub.recent_activities.ref_id IS 'Id of that object (kept after the object is deleted)';
COMMENT ON COLUMN supporthub.recent_activities.ticket_id IS 'Ticket the object hangs off, when it does (drives what a customer may see)';
COMMENT ON COLUMN supporthub.recent_activities.changes IS 'What changed: {"field": {"old": …, "new": …}}';
COMMENT ON COLUMN supporthub.recent_activities.created_at IS 'When it happened';
SELECT pg_catalog.pg_extension_config_dump('supporthub.recent_activities', '');
