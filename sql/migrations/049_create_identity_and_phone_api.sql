-- 049: the API of provider identities and phone codes.  sign_in_with_identity
-- and request_phone_otp need no actor and take the tenant; verify_phone_otp
-- is a procedure like sign_in (a wrong code is counted, logged and
-- committed before PT401: CALL it outside a transaction block); linking,
-- unlinking and listing identities are for the acting user.

CREATE TYPE supporthub.identity_info AS (
	id				uuid,
	provider		supporthub.identity_provider,
	provider_id		text,
	email			text,
	created_at		timestamptz
);
COMMENT ON TYPE supporthub.identity_info IS
	'An identity as get_identities, link_identity and unlink_identity show it: the provider account, without the user it belongs to (the actor)';

CREATE FUNCTION supporthub.sign_in_with_identity(tenant_id uuid, provider supporthub.identity_provider,
												 provider_id text, email text DEFAULT NULL,
												 name text DEFAULT NULL, device_info text DEFAULT NULL,
												 client_addr inet DEFAULT NULL)
RETURNS supporthub.session_tokens
AS 'MODULE_PATHNAME', 'sh_sign_in_with_identity'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.sign_in_with_identity(uuid, supporthub.identity_provider, text, text, text, text, inet) IS
	'Sign in with a provider account the application has verified: its user, else the user whose verified email it gives (linked), else a new customer (when self sign-up is on); never an account whose email is unverified (23505)';

CREATE FUNCTION supporthub.link_identity(provider supporthub.identity_provider, provider_id text,
										 email text DEFAULT NULL)
RETURNS supporthub.identity_info
AS 'MODULE_PATHNAME', 'sh_link_identity'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.link_identity(supporthub.identity_provider, text, text) IS
	'Link a provider account the application has verified to the acting user, so that it signs them in (23505 when it is linked already)';

CREATE FUNCTION supporthub.unlink_identity(id uuid)
RETURNS supporthub.identity_info
AS 'MODULE_PATHNAME', 'sh_unlink_identity'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.unlink_identity(uuid) IS
	'Unlink one of the acting user''s identities; returns it (PT409 when it is their last way to sign in)';

CREATE FUNCTION supporthub.get_identities()
RETURNS SETOF supporthub.identity_info
AS 'MODULE_PATHNAME', 'sh_get_identities'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 5;
COMMENT ON FUNCTION supporthub.get_identities() IS
	'The identities linked to the acting user, newest first';

CREATE FUNCTION supporthub.request_phone_otp(tenant_id uuid, phone text,
											 OUT code text, OUT expires_at timestamptz)
RETURNS record
AS 'MODULE_PATHNAME', 'sh_request_phone_otp'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.request_phone_otp(uuid, text) IS
	'A new six-digit code (5 minutes) for the application to send to the phone; voids the older ones; at most 3 per phone and tenant per 10 minutes (PT429)';

CREATE PROCEDURE supporthub.verify_phone_otp(tenant_id uuid, phone text, code text,
											 device_info text, client_addr inet,
											 OUT session supporthub.session_tokens)
AS 'MODULE_PATHNAME', 'sh_verify_phone_otp'
LANGUAGE C;
COMMENT ON PROCEDURE supporthub.verify_phone_otp(uuid, text, text, text, inet, supporthub.session_tokens) IS
	'Sign in with a phone code: the user with that number, or a new customer (CALL outside a transaction block; a wrong code is counted, logged and committed before PT401, five kill the code)';
