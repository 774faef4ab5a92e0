-- 022: categories API — admins manage, every actor of the tenant reads.

CREATE FUNCTION supporthub.create_category(name text, description text DEFAULT NULL)
RETURNS supporthub.categories
AS 'MODULE_PATHNAME', 'sh_create_category'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.create_category(text, text) IS
	'Create a category (admins only); the name is trimmed and unique within the tenant';

CREATE FUNCTION supporthub.get_categories()
RETURNS SETOF supporthub.categories
AS 'MODULE_PATHNAME', 'sh_get_categories'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_categories() IS
	'All categories of the actor''s tenant, newest first';

CREATE FUNCTION supporthub.get_category_by_id(id uuid)
RETURNS supporthub.categories
AS 'MODULE_PATHNAME', 'sh_get_category_by_id'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_category_by_id(uuid) IS
	'One category of the actor''s tenant';

CREATE FUNCTION supporthub.update_category(id uuid, name text DEFAULT NULL, description text DEFAULT NULL)
RETURNS supporthub.categories
AS 'MODULE_PATHNAME', 'sh_update_category'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.update_category(uuid, text, text) IS
	'Rename or describe a category (admins only; NULL = unchanged, '''' clears the description)';

CREATE FUNCTION supporthub.delete_category(id uuid)
RETURNS supporthub.categories
AS 'MODULE_PATHNAME', 'sh_delete_category'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.delete_category(uuid) IS
	'Delete a category no ticket or template uses (admins only)';
