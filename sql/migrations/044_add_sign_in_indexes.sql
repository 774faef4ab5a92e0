-- 044: indexes of sign-in: a user's live sessions (device limit, sign out
-- everywhere), usable tokens of a user (a new one voids them), the
-- failures of an email (throttling), a user's log, and what
-- purge_expired_auth removes.

CREATE INDEX sessions_user_idx ON supporthub.sessions (tenant_id, user_id, id)
	WHERE revoked_at IS NULL;
COMMENT ON INDEX supporthub.sessions_user_idx IS 'Live sessions of a user: the device limit, sign_out_everywhere, revocation when the user is deactivated';

CREATE INDEX sessions_expires_idx ON supporthub.sessions (expires_at);
COMMENT ON INDEX supporthub.sessions_expires_idx IS 'Sessions past their end, for purge_expired_auth across tenants';

CREATE INDEX email_verifications_user_idx ON supporthub.email_verifications (tenant_id, user_id)
	WHERE used_at IS NULL;
COMMENT ON INDEX supporthub.email_verifications_user_idx IS 'Usable tokens of a user: a new one voids them';

CREATE INDEX email_verifications_expires_idx ON supporthub.email_verifications (expires_at);
COMMENT ON INDEX supporthub.email_verifications_expires_idx IS 'Tokens past their end, for purge_expired_auth';

CREATE INDEX auth_events_email_idx ON supporthub.auth_events (tenant_id, email_key, created_at)
	WHERE event IN ('signed_in', 'sign_in_failed', 'password_changed', 'password_reset');
COMMENT ON INDEX supporthub.auth_events_email_idx IS 'The latest sign-ins, failures and password changes of an email: sign-in throttling reads at most five entries';

CREATE INDEX auth_events_user_idx ON supporthub.auth_events (tenant_id, user_id, id);
COMMENT ON INDEX supporthub.auth_events_user_idx IS 'A user''s sign-in log, newest first (get_auth_events)';

CREATE INDEX auth_events_created_idx ON supporthub.auth_events (created_at);
COMMENT ON INDEX supporthub.auth_events_created_idx IS 'Events past the retention period, for purge_expired_auth';

CREATE INDEX sessions_revoked_idx ON supporthub.sessions (revoked_at) WHERE revoked_at IS NOT NULL;
COMMENT ON INDEX supporthub.sessions_revoked_idx IS 'Revoked sessions by age, for purge_expired_auth across tenants';

CREATE INDEX password_resets_user_idx ON supporthub.password_resets (tenant_id, user_id, purpose)
	WHERE used_at IS NULL;
COMMENT ON INDEX supporthub.password_resets_user_idx IS 'Usable tokens of a user by purpose: a new one voids them';
CREATE INDEX password_resets_expires_idx ON supporthub.password_resets (expires_at);
COMMENT ON INDEX supporthub.password_resets_expires_idx IS 'Tokens past their end, for purge_expired_auth across tenants';
