-- 038: sessions — one signed-in device of a user.  The access token is
-- stored as its SHA-256 digest only, the refresh tokens in
-- session_refresh_tokens; the generation counts the rotations, and a token
-- carries the generation it was issued for.

CREATE TABLE supporthub.sessions (
	tenant_id			uuid		NOT NULL,
	id					uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	user_id				uuid		NOT NULL,
	device_info			text		CONSTRAINT sessions_device_info_check
		CHECK (char_length(device_info) BETWEEN 1 AND 500),
	client_addr			inet,
	created_at			timestamptz	NOT NULL DEFAULT now(),
	last_used_at		timestamptz,
	generation			integer		NOT NULL DEFAULT 1 CONSTRAINT sessions_generation_check
		CHECK (generation >= 1),
	access_token_hash	bytea		NOT NULL CONSTRAINT sessions_access_token_hash_check
		CHECK (octet_length(access_token_hash) = 32),
	access_expires_at	timestamptz	NOT NULL,
	refreshed_at		timestamptz,
	expires_at			timestamptz	NOT NULL,
	revoked_at			timestamptz,
	revoked_reason		supporthub.session_end_reason,
	CONSTRAINT sessions_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT sessions_tenant_fkey FOREIGN KEY (tenant_id)
		REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	CONSTRAINT sessions_user_fkey FOREIGN KEY (tenant_id, user_id)
		REFERENCES supporthub.users (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT sessions_revoked_check CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL)),
	CONSTRAINT sessions_expiry_check CHECK (expires_at <= created_at + interval '90 days')
);
COMMENT ON TABLE supporthub.sessions IS 'Signed-in devices: one row per sign-in, live until it expires or is revoked; tokens only as digests';
COMMENT ON COLUMN supporthub.sessions.tenant_id IS 'Tenant that issued the session; its tokens act in this tenant only';
COMMENT ON COLUMN supporthub.sessions.id IS 'Session id (UUIDv7); kept across refreshes';
COMMENT ON COLUMN supporthub.sessions.user_id IS 'The signed-in user';
COMMENT ON COLUMN supporthub.sessions.device_info IS 'What the application said about the device (user agent, app name), if anything';
COMMENT ON COLUMN supporthub.sessions.client_addr IS 'Client address the application reported at sign-in, if any';
COMMENT ON COLUMN supporthub.sessions.created_at IS 'When the user signed in';
COMMENT ON COLUMN supporthub.sessions.last_used_at IS 'Last act_as_session with this session (written at most once a minute), NULL if never';
COMMENT ON COLUMN supporthub.sessions.generation IS 'Number of the current token pair: 1 at sign-in, one more at each refresh';
COMMENT ON COLUMN supporthub.sessions.access_token_hash IS 'SHA-256 digest of the current access token; never readable by an application';
COMMENT ON COLUMN supporthub.sessions.access_expires_at IS 'When the current access token stops working (tenant setting access_token_minutes)';
COMMENT ON COLUMN supporthub.sessions.refreshed_at IS 'When the tokens were last rotated by refresh_session, NULL if never';
COMMENT ON COLUMN supporthub.sessions.expires_at IS 'When the current refresh token stops working (tenant setting refresh_token_days), at most 90 days after sign-in';
COMMENT ON COLUMN supporthub.sessions.revoked_at IS 'When the session was ended, NULL while live';
COMMENT ON COLUMN supporthub.sessions.revoked_reason IS 'Why the session was ended';
COMMENT ON CONSTRAINT sessions_pkey ON supporthub.sessions IS 'A session is identified by its id within its tenant';
COMMENT ON CONSTRAINT sessions_user_fkey ON supporthub.sessions IS 'A session of an existing user of the tenant; deleted with the user';
COMMENT ON CONSTRAINT sessions_device_info_check ON supporthub.sessions IS 'Device information is 1–500 characters';
COMMENT ON CONSTRAINT sessions_generation_check ON supporthub.sessions IS 'Generations start at 1';
COMMENT ON CONSTRAINT sessions_access_token_hash_check ON supporthub.sessions IS 'A SHA-256 digest is 32 bytes';
COMMENT ON CONSTRAINT sessions_revoked_check ON supporthub.sessions IS 'A revoked session says why; a live one has no reason';
COMMENT ON CONSTRAINT sessions_expiry_check ON supporthub.sessions IS 'No session lasts more than 90 days from sign-in, refreshes included';
COMMENT ON INDEX supporthub.sessions_pkey IS 'Finds a session by tenant and id: an access token names both, so checking one is this probe';
COMMENT ON CONSTRAINT sessions_tenant_fkey ON supporthub.sessions IS 'Rows of an existing tenant; deleted with it';
SELECT pg_catalog.pg_extension_config_dump('supporthub.sessions', '');
