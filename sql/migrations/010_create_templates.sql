-- 010: templates — canned replies of a tenant, per category and channel.

CREATE TABLE supporthub.templates (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	category_id	uuid		NOT NULL,
	title		text		NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
	body		text		NOT NULL CHECK (char_length(body) <= 100000),
	type		supporthub.template_type NOT NULL,
	created_at	timestamptz	NOT NULL DEFAULT now(),
	updated_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT templates_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT templates_category_fkey FOREIGN KEY (tenant_id, category_id)
		REFERENCES supporthub.categories (tenant_id, id)
);
COMMENT ON TABLE supporthub.templates IS 'Reply templates of a tenant, filed under a category';
COMMENT ON COLUMN supporthub.templates.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.templates.id IS 'Template id (UUIDv7)';
COMMENT ON COLUMN supporthub.templates.category_id IS 'Category the template belongs to';
COMMENT ON COLUMN supporthub.templates.title IS 'Title, unique within its category ignoring case and surrounding spaces';
COMMENT ON COLUMN supporthub.templates.body IS 'Text of the template';
COMMENT ON COLUMN supporthub.templates.type IS 'Channel: email, sms or push';
COMMENT ON COLUMN supporthub.templates.created_at IS 'When the template was created';
COMMENT ON COLUMN supporthub.templates.updated_at IS 'When the template was last changed';
SELECT pg_catalog.pg_extension_config_dump('supporthub.templates', '');
