-- 020: platform API — tenant administration, for supporthub_service members;
-- no actor is needed.  All run SECURITY DEFINER as supporthub_api.

CREATE FUNCTION supporthub.create_tenant(name text)
RETURNS supporthub.tenants
AS 'MODULE_PATHNAME', 'sh_create_tenant'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.create_tenant(text) IS
	'Create a tenant; the name is trimmed and must be unique ignoring case';

CREATE FUNCTION supporthub.get_tenants(after uuid DEFAULT NULL, page_size integer DEFAULT 50)
RETURNS SETOF supporthub.tenants
AS 'MODULE_PATHNAME', 'sh_get_tenants'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 50;
COMMENT ON FUNCTION supporthub.get_tenants(uuid, integer) IS
	'List tenants, newest first; pass the last id seen as after for the next page (page_size 1–500)';

CREATE FUNCTION supporthub.get_tenant_by_id(id uuid)
RETURNS supporthub.tenants
AS 'MODULE_PATHNAME', 'sh_get_tenant_by_id'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_tenant_by_id(uuid) IS
	'One tenant by id';

CREATE FUNCTION supporthub.update_tenant(id uuid, name text)
RETURNS supporthub.tenants
AS 'MODULE_PATHNAME', 'sh_update_tenant'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.update_tenant(uuid, text) IS
	'Rename a tenant';

CREATE FUNCTION supporthub.delete_tenant(id uuid)
RETURNS supporthub.tenants
AS 'MODULE_PATHNAME', 'sh_delete_tenant'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.delete_tenant(uuid) IS
	'Delete a tenant and everything that belongs to it; returns the deleted tenant';
