-- 036: the types of sign-in: the token pair a session hands out, why a
-- session ended, and what the sign-in log records.

CREATE TYPE supporthub.session_tokens AS (
	user_id				uuid,
	session_id			uuid,
	access_token		text,
	access_expires_at	timestamptz,
	refresh_token		text,
	refresh_expires_at	timestamptz
);
COMMENT ON TYPE supporthub.session_tokens IS
	'What signing in hands out, once: the session, its access token (for act_as_session) and its refresh token (for refresh_session), with their expiry times';

CREATE TYPE supporthub.session_end_reason AS ENUM
	('signed_out', 'signed_out_everywhere', 'revoked', 'device_limit',
	 'refresh_reuse', 'password_changed', 'password_reset', 'user_deactivated');
COMMENT ON TYPE supporthub.session_end_reason IS
	'Why a session was revoked: the user signed out (here or everywhere), someone revoked it, the device limit, a rotated refresh token presented again, a password change or reset, the user deactivated';

CREATE TYPE supporthub.auth_event_kind AS ENUM
	('signed_up', 'signed_in', 'sign_in_failed', 'sign_in_throttled',
	 'signed_out', 'session_revoked', 'session_refreshed', 'refresh_reused',
	 'email_verification_requested', 'email_verified',
	 'password_changed', 'password_reset_requested', 'password_reset',
	 'invited', 'invitation_accepted',
	 'identity_linked', 'identity_unlinked', 'phone_code_requested', 'phone_code_failed');
COMMENT ON TYPE supporthub.auth_event_kind IS
	'What an auth_events row records: a sign-up, a sign-in or a failed or throttled attempt, a sign-out, a revoked or refreshed session, a rotated refresh token presented again, an email verification requested or done, a password changed, a reset requested or done, an invitation sent or accepted, a provider identity linked or unlinked, a phone code requested or entered wrongly';

CREATE TYPE supporthub.password_token_purpose AS ENUM ('reset', 'invitation');
COMMENT ON TYPE supporthub.password_token_purpose IS
	'What a password token is for: resetting a forgotten password (1 hour) or accepting an invitation (7 days)';

CREATE TYPE supporthub.session_info AS (
	id				uuid,
	user_id			uuid,
	device_info		text,
	client_addr		inet,
	created_at		timestamptz,
	last_used_at	timestamptz,
	expires_at		timestamptz,
	revoked_at		timestamptz,
	revoked_reason	supporthub.session_end_reason,
	current			boolean
);
COMMENT ON TYPE supporthub.session_info IS
	'A session as get_sessions and revoke_session show it: never a token; current is true for the session the actor came from';
