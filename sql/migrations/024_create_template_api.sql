-- 024: templates API — admins manage, staff read.

CREATE FUNCTION supporthub.create_template(category_id uuid, title text, body text,
										   type supporthub.template_type)
RETURNS supporthub.templates
AS 'MODULE_PATHNAME', 'sh_create_template'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.create_template(uuid, text, text, supporthub.template_type) IS
	'Create a reply template in a category (admins only); the title is unique within the category';

CREATE FUNCTION supporthub.get_templates(category_id uuid DEFAULT NULL)
RETURNS SETOF supporthub.templates
AS 'MODULE_PATHNAME', 'sh_get_templates'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_templates(uuid) IS
	'Templates of the tenant, optionally of one category, newest first (staff only)';

CREATE FUNCTION supporthub.get_template_by_id(id uuid)
RETURNS supporthub.templates
AS 'MODULE_PATHNAME', 'sh_get_template_by_id'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_template_by_id(uuid) IS
	'One template of the actor''s tenant (staff only)';

CREATE FUNCTION supporthub.update_template(id uuid, title text DEFAULT NULL, body text DEFAULT NULL,
										   type supporthub.template_type DEFAULT NULL)
RETURNS supporthub.templates
AS 'MODULE_PATHNAME', 'sh_update_template'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.update_template(uuid, text, text, supporthub.template_type) IS
	'Change a template (admins only; NULL = unchanged)';

CREATE FUNCTION supporthub.delete_template(id uuid)
RETURNS supporthub.templates
AS 'MODULE_PATHNAME', 'sh_delete_template'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.delete_template(uuid) IS
	'Delete a template (admins only)';
