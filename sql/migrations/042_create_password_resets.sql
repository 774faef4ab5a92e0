-- 042: password_resets — single-use tokens that set a password: a reset
-- of a forgotten one (1 hour) and an invitation (7 days), stored as
-- digests; a new one of the same purpose for the same user voids the
-- older ones.

CREATE TABLE supporthub.password_resets (
	tenant_id		uuid		NOT NULL,
	id				uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	user_id			uuid		NOT NULL,
	purpose			supporthub.password_token_purpose NOT NULL,
	token_hash		bytea		NOT NULL CONSTRAINT password_resets_token_hash_check
		CHECK (octet_length(token_hash) = 32),
	created_at		timestamptz	NOT NULL DEFAULT now(),
	expires_at		timestamptz	NOT NULL,
	used_at			timestamptz,
	CONSTRAINT password_resets_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT password_resets_tenant_fkey FOREIGN KEY (tenant_id)
		REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	CONSTRAINT password_resets_user_fkey FOREIGN KEY (tenant_id, user_id)
		REFERENCES supporthub.users (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.password_resets IS 'Password reset and invitation tokens (single use; a new one voids the older ones of its purpose), as digests';
COMMENT ON COLUMN supporthub.password_resets.tenant_id IS 'Tenant of the user';
COMMENT ON COLUMN supporthub.password_resets.id IS 'Token id (UUIDv7), carried inside the token';
COMMENT ON COLUMN supporthub.password_resets.user_id IS 'The user whose password it sets';
COMMENT ON COLUMN supporthub.password_resets.purpose IS 'reset (1 hour) or invitation (7 days)';
COMMENT ON COLUMN supporthub.password_resets.token_hash IS 'SHA-256 digest of the token; never readable by an application';
COMMENT ON COLUMN supporthub.password_resets.created_at IS 'When the token was made';
COMMENT ON COLUMN supporthub.password_resets.expires_at IS 'When it stops working';
COMMENT ON COLUMN supporthub.password_resets.used_at IS 'When it was used or voided by a newer one, NULL while usable';
COMMENT ON CONSTRAINT password_resets_pkey ON supporthub.password_resets IS 'A token is identified by its id within its tenant';
COMMENT ON INDEX supporthub.password_resets_pkey IS 'Finds the token a presented token names by a direct probe';
COMMENT ON CONSTRAINT password_resets_tenant_fkey ON supporthub.password_resets IS 'Rows of an existing tenant; deleted with it';
COMMENT ON CONSTRAINT password_resets_user_fkey ON supporthub.password_resets IS 'A token of an existing user of the tenant; deleted with the user';
COMMENT ON CONSTRAINT password_resets_token_hash_check ON supporthub.password_resets IS 'A SHA-256 digest is 32 bytes';
SELECT pg_catalog.pg_extension_config_dump('supporthub.password_resets', '');
