-- 046: the sign-in API.  Functions that need no actor take the tenant, or
-- a token that names it; sign_in and refresh_session are procedures, which
-- commit a failure's trace before raising (CALL outside a transaction
-- block) and switch to the API's role in C, since a procedure that commits
-- cannot be SECURITY DEFINER.

-- name_key() raises no error that depends on its argument: LEAKPROOF lets
-- the planner use users_email_key under row-level security (sign-in finds
-- a user by email with one index probe)
ALTER FUNCTION supporthub.name_key(text) LEAKPROOF;

CREATE FUNCTION supporthub.sign_up(tenant_id uuid, name text, email text, password text,
								   device_info text DEFAULT NULL, client_addr inet DEFAULT NULL,
								   OUT user_id uuid, OUT session_id uuid,
								   OUT access_token text, OUT access_expires_at timestamptz,
								   OUT refresh_token text, OUT refresh_expires_at timestamptz,
								   OUT email_verification_token text)
RETURNS record
AS 'MODULE_PATHNAME', 'sh_sign_up'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.sign_up(uuid, text, text, text, text, inet) IS
	'Sign a new customer up with an email and a password (when the tenant allows self sign-up): signed in, with a token to verify the email';

CREATE PROCEDURE supporthub.sign_in(tenant_id uuid, email text, password text,
									device_info text, client_addr inet,
									OUT session supporthub.session_tokens)
AS 'MODULE_PATHNAME', 'sh_sign_in'
LANGUAGE C;
COMMENT ON PROCEDURE supporthub.sign_in(uuid, text, text, text, inet, supporthub.session_tokens) IS
	'Sign in with email and password: a new session (CALL outside a transaction block; a failure is logged and committed before PT401, five in 15 minutes lock the email for 15 minutes, PT429)';

CREATE FUNCTION supporthub.act_as_session(access_token text, for_session boolean DEFAULT false)
RETURNS void
AS 'MODULE_PATHNAME', 'sh_act_as_session'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.act_as_session(text, boolean) IS
	'Act as the user of a live session, as act_as does, from its access token (PT401 when expired, revoked or not a token)';

CREATE PROCEDURE supporthub.refresh_session(refresh_token text, OUT session supporthub.session_tokens)
AS 'MODULE_PATHNAME', 'sh_refresh_session'
LANGUAGE C;
COMMENT ON PROCEDURE supporthub.refresh_session(text, supporthub.session_tokens) IS
	'Rotate a session''s tokens (CALL outside a transaction block); a rotated-away refresh token presented again revokes the session, except the previous one within refresh_reuse_seconds (PT409)';

CREATE FUNCTION supporthub.sign_out()
RETURNS void
AS 'MODULE_PATHNAME', 'sh_sign_out'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.sign_out() IS
	'End the session the actor came from (act_as_session)';

CREATE FUNCTION supporthub.sign_out_everywhere()
RETURNS integer
AS 'MODULE_PATHNAME', 'sh_sign_out_everywhere'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.sign_out_everywhere() IS
	'End every live session of the acting user; returns how many were ended';

CREATE FUNCTION supporthub.get_sessions(user_id uuid DEFAULT NULL)
RETURNS SETOF supporthub.session_info
AS 'MODULE_PATHNAME', 'sh_get_sessions'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 10;
COMMENT ON FUNCTION supporthub.get_sessions(uuid) IS
	'Sessions of the acting user (admins may name a user of their tenant), newest first, live and ended';

CREATE FUNCTION supporthub.revoke_session(session_id uuid)
RETURNS supporthub.session_info
AS 'MODULE_PATHNAME', 'sh_revoke_session'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.revoke_session(uuid) IS
	'End one of your sessions (admins: any of the tenant''s); returns it';

CREATE FUNCTION supporthub.request_email_verification(OUT token text, OUT expires_at timestamptz)
RETURNS record
AS 'MODULE_PATHNAME', 'sh_request_email_verification'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.request_email_verification() IS
	'A new token (48 hours, single use) proving the acting user''s email, for the application to send; older ones stop working';

CREATE FUNCTION supporthub.verify_email(token text)
RETURNS supporthub.users
AS 'MODULE_PATHNAME', 'sh_verify_email'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.verify_email(text) IS
	'Mark a user''s email verified with the token sent to it; returns the user (PT401 when invalid, expired, used, or the address changed since)';

CREATE FUNCTION supporthub.get_auth_events(user_id uuid DEFAULT NULL, after uuid DEFAULT NULL,
										   page_size integer DEFAULT 50)
RETURNS TABLE (id uuid, user_id uuid, event supporthub.auth_event_kind, device_info text,
			   client_addr inet, created_at timestamptz)
AS 'MODULE_PATHNAME', 'sh_get_auth_events'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 50;
COMMENT ON FUNCTION supporthub.get_auth_events(uuid, uuid, integer) IS
	'Sign-in log of the acting user (admins may name a user of their tenant), newest first, keyset-paged';

CREATE FUNCTION supporthub.purge_expired_auth()
RETURNS TABLE (kind text, removed bigint)
AS 'MODULE_PATHNAME', 'sh_purge_expired_auth'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.purge_expired_auth() IS
	'Remove expired and long-ended sessions, used or expired verification tokens and log entries over 90 days old, in every tenant (superusers and supporthub_platform); one row per kind';
