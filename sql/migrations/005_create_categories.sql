-- 005: categories — how a tenant sorts its tickets and templates.

CREATE TABLE supporthub.categories (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	name		text		NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
	description	text		CHECK (char_length(description) <= 2000),
	created_at	timestamptz	NOT NULL DEFAULT now(),
	updated_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT categories_pkey PRIMARY KEY (tenant_id, id)
);
COMMENT ON TABLE supporthub.categories IS 'Ticket categories of a tenant (Billing, Shipping, …)';
COMMENT ON COLUMN supporthub.categories.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.categories.id IS 'Category id (UUIDv7)';
COMMENT ON COLUMN supporthub.categories.name IS 'Name, unique within the tenant ignoring case and surrounding spaces';
COMMENT ON COLUMN supporthub.categories.description IS 'Optional longer description';
COMMENT ON COLUMN supporthub.categories.created_at IS 'When the category was created';
COMMENT ON COLUMN supporthub.categories.updated_at IS 'When the category was last changed';
SELECT pg_catalog.pg_extension_config_dump('supporthub.categories', '');
