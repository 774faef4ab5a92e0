-- 004: tenants — the organisations that share one supporthub database.

CREATE TABLE supporthub.tenants (
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	name		text		NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
	created_at	timestamptz	NOT NULL DEFAULT now(),
	updated_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT tenants_pkey PRIMARY KEY (id)
);
COMMENT ON TABLE supporthub.tenants IS 'Organisations served by this help desk; every other row belongs to exactly one tenant';
COMMENT ON COLUMN supporthub.tenants.id IS 'Tenant id (UUIDv7)';
COMMENT ON COLUMN supporthub.tenants.name IS 'Display name, unique across tenants ignoring case and surrounding spaces';
COMMENT ON COLUMN supporthub.tenants.created_at IS 'When the tenant was created';
COMMENT ON COLUMN supporthub.tenants.updated_at IS 'When the tenant was last changed';
SELECT pg_catalog.pg_extension_config_dump('supporthub.tenants', '');
