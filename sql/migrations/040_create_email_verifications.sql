-- 040: email_verifications — single-use tokens that prove an email
-- address belongs to its user, stored as digests.

CREATE TABLE supporthub.email_verifications (
	tenant_id		uuid		NOT NULL,
	id				uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	user_id			uuid		NOT NULL,
	email			text		NOT NULL CONSTRAINT email_verifications_email_check
		CHECK (char_length(email) BETWEEN 3 AND 254),
	token_hash		bytea		NOT NULL CONSTRAINT email_verifications_token_hash_check
		CHECK (octet_length(token_hash) = 32),
	created_at		timestamptz	NOT NULL DEFAULT now(),
	expires_at		timestamptz	NOT NULL,
	used_at			timestamptz,
	CONSTRAINT email_verifications_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT email_verifications_tenant_fkey FOREIGN KEY (tenant_id)
		REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	CONSTRAINT email_verifications_user_fkey FOREIGN KEY (tenant_id, user_id)
		REFERENCES supporthub.users (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.email_verifications IS 'Email verification tokens (48 hours, single use; a new one voids the older ones), as digests';
COMMENT ON COLUMN supporthub.email_verifications.tenant_id IS 'Tenant of the user';
COMMENT ON COLUMN supporthub.email_verifications.id IS 'Token id (UUIDv7), carried inside the token';
COMMENT ON COLUMN supporthub.email_verifications.user_id IS 'The user whose email it verifies';
COMMENT ON COLUMN supporthub.email_verifications.email IS 'The address it verifies: a token for an address the user has since changed verifies nothing';
COMMENT ON COLUMN supporthub.email_verifications.token_hash IS 'SHA-256 digest of the token; never readable by an application';
COMMENT ON COLUMN supporthub.email_verifications.created_at IS 'When the token was made';
COMMENT ON COLUMN supporthub.email_verifications.expires_at IS 'When it stops working';
COMMENT ON COLUMN supporthub.email_verifications.used_at IS 'When it was used or voided by a newer one, NULL while usable';
COMMENT ON CONSTRAINT email_verifications_pkey ON supporthub.email_verifications IS 'A token is identified by its id within its tenant';
COMMENT ON CONSTRAINT email_verifications_user_fkey ON supporthub.email_verifications IS 'A token of an existing user of the tenant; deleted with the user';
COMMENT ON CONSTRAINT email_verifications_email_check ON supporthub.email_verifications IS 'An email address is 3–254 characters';
COMMENT ON CONSTRAINT email_verifications_token_hash_check ON supporthub.email_verifications IS 'A SHA-256 digest is 32 bytes';
COMMENT ON INDEX supporthub.email_verifications_pkey IS 'Finds the verification a token names by a direct probe';
COMMENT ON CONSTRAINT email_verifications_tenant_fkey ON supporthub.email_verifications IS 'Rows of an existing tenant; deleted with it';
SELECT pg_catalog.pg_extension_config_dump('supporthub.email_verifications', '');
