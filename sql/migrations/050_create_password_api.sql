-- 050: setting a password other than at sign-up: changing it (a
-- procedure: a wrong current password is a failed sign-in, committed
-- before the error), resetting a forgotten one, and invitations.

CREATE PROCEDURE supporthub.change_password(current_password text, new_password text,
											OUT session supporthub.session_tokens)
AS 'MODULE_PATHNAME', 'sh_change_password'
LANGUAGE C;
COMMENT ON PROCEDURE supporthub.change_password(text, text, supporthub.session_tokens) IS
	'Change the acting user''s password (an actor from act_as_session(…, for_session => true); CALL outside a transaction block): the other sessions end, the current one gets new tokens; a wrong current password counts as a failed sign-in';

CREATE FUNCTION supporthub.request_password_reset(tenant_id uuid, email text)
RETURNS text
AS 'MODULE_PATHNAME', 'sh_request_password_reset'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.request_password_reset(uuid, text) IS
	'A password reset token (1 hour, single use) for the active user with this email, for the application to send; NULL when there is none, in the same time';

CREATE FUNCTION supporthub.reset_password(token text, new_password text)
RETURNS supporthub.users
AS 'MODULE_PATHNAME', 'sh_reset_password'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.reset_password(text, text) IS
	'Set a new password with a reset token; every session of the user ends; returns the user';

CREATE FUNCTION supporthub.invite_user(name text, email text, role supporthub.user_role,
									   OUT user_id uuid, OUT invitation_token text,
									   OUT expires_at timestamptz)
RETURNS record
AS 'MODULE_PATHNAME', 'sh_invite_user'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.invite_user(text, text, supporthub.user_role) IS
	'Create a user of the actor''s tenant without a password (admins only) and an invitation token (7 days) for the application to send';

CREATE FUNCTION supporthub.accept_invitation(token text, password text)
RETURNS supporthub.session_tokens
AS 'MODULE_PATHNAME', 'sh_accept_invitation'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.accept_invitation(text, text) IS
	'Accept an invitation: set the password (which verifies the email) and sign in';
