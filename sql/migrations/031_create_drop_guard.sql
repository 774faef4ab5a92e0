-- 031: DROP EXTENSION supporthub (or DROP SCHEMA supporthub … CASCADE)
-- would delete every tenant's data in one statement.  An event trigger
-- refuses it while tenants exist, unless the superuser has first run
-- SET supporthub.allow_drop_with_data = on.

CREATE FUNCTION supporthub.guard_drop()
RETURNS event_trigger
AS 'MODULE_PATHNAME', 'sh_guard_drop'
LANGUAGE C;
COMMENT ON FUNCTION supporthub.guard_drop() IS
	'Event trigger: refuse DROP EXTENSION / DROP SCHEMA supporthub while tenants exist, unless supporthub.allow_drop_with_data is on';

CREATE EVENT TRIGGER supporthub_guard_drop ON ddl_command_start
	WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA')
	EXECUTE FUNCTION supporthub.guard_drop();
COMMENT ON EVENT TRIGGER supporthub_guard_drop IS
	'supporthub: no DROP EXTENSION supporthub while tenants exist, unless SET supporthub.allow_drop_with_data = on';
