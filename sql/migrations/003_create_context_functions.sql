-- 003: identity of the transaction (the actor) and the id generator.
-- The actor lives in the superuser-only setting supporthub.actor, which only
-- the C code writes; these functions set and read it.

CREATE FUNCTION supporthub.uuid_v7()
RETURNS uuid
AS 'MODULE_PATHNAME', 'sh_uuid_v7'
LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION supporthub.uuid_v7() IS
	'Time-ordered UUID version 7 (RFC 9562); strictly increasing within one backend';

CREATE FUNCTION supporthub.act_as(user_id uuid, for_session boolean DEFAULT false)
RETURNS void
AS 'MODULE_PATHNAME', 'sh_act_as'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.act_as(uuid, boolean) IS
	'Act as an active user (tenant and role follow) until the end of the transaction, or of the session when for_session';

CREATE FUNCTION supporthub.act_as_tenant(tenant_id uuid, for_session boolean DEFAULT false)
RETURNS void
AS 'MODULE_PATHNAME', 'sh_act_as_tenant'
LANGUAGE C VOLATILE
SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.act_as_tenant(uuid, boolean) IS
	'Act as the tenant itself (system actor: full staff rights, no user) until the end of the transaction, or of the session when for_session';

CREATE FUNCTION supporthub.reset_actor()
RETURNS void
AS 'MODULE_PATHNAME', 'sh_reset_actor'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION supporthub.reset_actor() IS
	'Clear the actor: from now on nothing of any tenant is visible';

CREATE FUNCTION supporthub.current_tenant_id()
RETURNS uuid
AS 'MODULE_PATHNAME', 'sh_current_tenant_id'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION supporthub.current_tenant_id() IS
	'Tenant of the current actor, or NULL when no actor is set';

CREATE FUNCTION supporthub.current_user_id()
RETURNS uuid
AS 'MODULE_PATHNAME', 'sh_current_user_id'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION supporthub.current_user_id() IS
	'User of the current actor, or NULL for the system actor and when no actor is set';

CREATE FUNCTION supporthub.current_user_role()
RETURNS supporthub.user_role
AS 'MODULE_PATHNAME', 'sh_current_user_role'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION supporthub.current_user_role() IS
	'Role of the acting user, or NULL for the system actor and when no actor is set';

CREATE FUNCTION supporthub.current_actor_is_staff()
RETURNS boolean
AS 'MODULE_PATHNAME', 'sh_current_actor_is_staff'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION supporthub.current_actor_is_staff() IS
	'True when the actor is an admin, an agent or the tenant itself (used by the row-level security policies)';

CREATE FUNCTION supporthub.current_actor_is_platform()
RETURNS boolean
AS 'MODULE_PATHNAME', 'sh_current_actor_is_platform'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION supporthub.current_actor_is_platform() IS
	'True only while a platform (tenant administration) function of the API is running';
