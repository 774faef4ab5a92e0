-- 039: session_refresh_tokens — every refresh token a session was given,
-- as its digest: the current one (rotated_at NULL) and those rotated away,
-- so that one presented again is recognised and revokes its session.

CREATE TABLE supporthub.session_refresh_tokens (
	tenant_id		uuid		NOT NULL,
	session_id		uuid		NOT NULL,
	generation		integer		NOT NULL CONSTRAINT session_refresh_tokens_generation_check
		CHECK (generation >= 1),
	token_hash		bytea		NOT NULL CONSTRAINT session_refresh_tokens_token_hash_check
		CHECK (octet_length(token_hash) = 32),
	issued_at		timestamptz	NOT NULL DEFAULT now(),
	rotated_at		timestamptz,
	CONSTRAINT session_refresh_tokens_pkey PRIMARY KEY (tenant_id, session_id, generation),
	CONSTRAINT session_refresh_tokens_tenant_fkey FOREIGN KEY (tenant_id)
		REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	CONSTRAINT session_refresh_tokens_session_fkey FOREIGN KEY (tenant_id, session_id)
		REFERENCES supporthub.sessions (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.session_refresh_tokens IS 'Refresh tokens of a session, current and rotated away, as digests: reuse of an old one is detected';
COMMENT ON COLUMN supporthub.session_refresh_tokens.tenant_id IS 'Tenant of the session';
COMMENT ON COLUMN supporthub.session_refresh_tokens.session_id IS 'The session';
COMMENT ON COLUMN supporthub.session_refresh_tokens.generation IS 'The session generation the token was issued for';
COMMENT ON COLUMN supporthub.session_refresh_tokens.token_hash IS 'SHA-256 digest of the refresh token; never readable by an application';
COMMENT ON COLUMN supporthub.session_refresh_tokens.issued_at IS 'When the token was handed out';
COMMENT ON COLUMN supporthub.session_refresh_tokens.rotated_at IS 'When refresh_session replaced it, NULL for the current token';
COMMENT ON CONSTRAINT session_refresh_tokens_pkey ON supporthub.session_refresh_tokens IS 'One refresh token per session generation';
COMMENT ON CONSTRAINT session_refresh_tokens_session_fkey ON supporthub.session_refresh_tokens IS 'Tokens of an existing session; deleted with it';
COMMENT ON CONSTRAINT session_refresh_tokens_generation_check ON supporthub.session_refresh_tokens IS 'Generations start at 1';
COMMENT ON CONSTRAINT session_refresh_tokens_token_hash_check ON supporthub.session_refresh_tokens IS 'A SHA-256 digest is 32 bytes';
COMMENT ON INDEX supporthub.session_refresh_tokens_pkey IS 'Finds the refresh token a presented token names (session and generation) by a direct probe';
COMMENT ON CONSTRAINT session_refresh_tokens_tenant_fkey ON supporthub.session_refresh_tokens IS 'Rows of an existing tenant; deleted with it';
SELECT pg_catalog.pg_extension_config_dump('supporthub.session_refresh_tokens', '');
