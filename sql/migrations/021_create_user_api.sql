-- 021: users API — admins manage the people of their tenant.

CREATE FUNCTION supporthub.create_user(name text, email text, role supporthub.user_role)
RETURNS supporthub.users
AS 'MODULE_PATHNAME', 'sh_create_user'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.create_user(text, text, supporthub.user_role) IS
	'Create a user of the actor''s tenant (admins only); the email must be unique within the tenant';

CREATE FUNCTION supporthub.get_users(role supporthub.user_role DEFAULT NULL,
									 after uuid DEFAULT NULL, page_size integer DEFAULT 50)
RETURNS SETOF supporthub.users
AS 'MODULE_PATHNAME', 'sh_get_users'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 50;
COMMENT ON FUNCTION supporthub.get_users(supporthub.user_role, uuid, integer) IS
	'Users visible to the actor, optionally of one role, newest first, keyset-paged';

CREATE FUNCTION supporthub.get_user_by_id(id uuid)
RETURNS supporthub.users
AS 'MODULE_PATHNAME', 'sh_get_user_by_id'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_user_by_id(uuid) IS
	'One user of the actor''s tenant by id';

CREATE FUNCTION supporthub.update_user(id uuid, name text DEFAULT NULL, email text DEFAULT NULL,
									   role supporthub.user_role DEFAULT NULL,
									   active boolean DEFAULT NULL)
RETURNS supporthub.users
AS 'MODULE_PATHNAME', 'sh_update_user'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.update_user(uuid, text, text, supporthub.user_role, boolean) IS
	'Change a user (admins only; NULL = unchanged); deactivating, or making staff a customer, unassigns their open tickets';

CREATE FUNCTION supporthub.delete_user(id uuid)
RETURNS supporthub.users
AS 'MODULE_PATHNAME', 'sh_delete_user'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.delete_user(uuid) IS
	'Delete a user nothing refers to (admins only); a user with history is refused: deactivate them instead';
