-- 007: users — staff (admins, agents) and customers of a tenant.

CREATE TABLE supporthub.users (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	name		text		NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
	email		text		NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
	role		supporthub.user_role NOT NULL,
	active		boolean		NOT NULL DEFAULT true,
	created_at	timestamptz	NOT NULL DEFAULT now(),
	updated_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT users_pkey PRIMARY KEY (tenant_id, id)
);
COMMENT ON TABLE supporthub.users IS 'People of a tenant: admins and agents (staff) and customers';
COMMENT ON COLUMN supporthub.users.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.users.id IS 'User id (UUIDv7); what act_as takes';
COMMENT ON COLUMN supporthub.users.name IS 'Display name';
COMMENT ON COLUMN supporthub.users.email IS 'Email address, unique within the tenant ignoring case and surrounding spaces';
COMMENT ON COLUMN supporthub.users.role IS 'admin, agent or customer';
COMMENT ON COLUMN supporthub.users.active IS 'False once deactivated: the user can no longer act and holds no open tickets';
COMMENT ON COLUMN supporthub.users.created_at IS 'When the user was created';
COMMENT ON COLUMN supporthub.users.updated_at IS 'When the user was last changed';
SELECT pg_catalog.pg_extension_config_dump('supporthub.users', '');
