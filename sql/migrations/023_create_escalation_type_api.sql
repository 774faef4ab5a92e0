-- 023: escalation types API — admins manage, every actor of the tenant reads.

CREATE FUNCTION supporthub.create_escalation_type(label text)
RETURNS supporthub.escalation_types
AS 'MODULE_PATHNAME', 'sh_create_escalation_type'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.create_escalation_type(text) IS
	'Create an escalation type (admins only); the label is trimmed and unique within the tenant';

CREATE FUNCTION supporthub.get_escalation_types()
RETURNS SETOF supporthub.escalation_types
AS 'MODULE_PATHNAME', 'sh_get_escalation_types'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_escalation_types() IS
	'All escalation types of the actor''s tenant, newest first';

CREATE FUNCTION supporthub.get_escalation_type_by_id(id uuid)
RETURNS supporthub.escalation_types
AS 'MODULE_PATHNAME', 'sh_get_escalation_type_by_id'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_escalation_type_by_id(uuid) IS
	'One escalation type of the actor''s tenant';

CREATE FUNCTION supporthub.update_escalation_type(id uuid, label text)
RETURNS supporthub.escalation_types
AS 'MODULE_PATHNAME', 'sh_update_escalation_type'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.update_escalation_type(uuid, text) IS
	'Relabel an escalation type (admins only; NULL = unchanged)';

CREATE FUNCTION supporthub.delete_escalation_type(id uuid)
RETURNS supporthub.escalation_types
AS 'MODULE_PATHNAME', 'sh_delete_escalation_type'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.delete_escalation_type(uuid) IS
	'Delete an escalation type no escalation uses (admins only)';
