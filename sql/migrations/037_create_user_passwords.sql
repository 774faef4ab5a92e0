-- 037: user_passwords — the bcrypt hash of a user's password, apart from
-- users so that no role but the extension's owner can read it (999 grants
-- no SELECT on a column named *_hash).

CREATE TABLE supporthub.user_passwords (
	tenant_id		uuid		NOT NULL,
	user_id			uuid		NOT NULL,
	password_hash	text		NOT NULL CONSTRAINT user_passwords_password_hash_check
		CHECK (password_hash LIKE '$2_$__$%'),
	updated_at		timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT user_passwords_pkey PRIMARY KEY (tenant_id, user_id),
	CONSTRAINT user_passwords_tenant_fkey FOREIGN KEY (tenant_id)
		REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	CONSTRAINT user_passwords_user_fkey FOREIGN KEY (tenant_id, user_id)
		REFERENCES supporthub.users (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.user_passwords IS 'Password of a user who signs in with one: its bcrypt hash only, readable by no role but the extension''s owner';
COMMENT ON COLUMN supporthub.user_passwords.tenant_id IS 'Tenant of the user';
COMMENT ON COLUMN supporthub.user_passwords.user_id IS 'The user';
COMMENT ON COLUMN supporthub.user_passwords.password_hash IS 'bcrypt hash (pgcrypto crypt() with gen_salt(''bf'', supporthub.bcrypt_cost)); never readable by an application';
COMMENT ON COLUMN supporthub.user_passwords.updated_at IS 'When the password was last set or re-hashed';
COMMENT ON CONSTRAINT user_passwords_pkey ON supporthub.user_passwords IS 'One password per user';
COMMENT ON CONSTRAINT user_passwords_user_fkey ON supporthub.user_passwords IS 'The password of an existing user of the tenant; deleted with the user';
COMMENT ON CONSTRAINT user_passwords_password_hash_check ON supporthub.user_passwords IS 'Only a bcrypt hash is stored, never a password';
COMMENT ON INDEX supporthub.user_passwords_pkey IS 'Finds the password hash of a user by a direct probe (sign-in), never through SQL';
COMMENT ON CONSTRAINT user_passwords_tenant_fkey ON supporthub.user_passwords IS 'Rows of an existing tenant; deleted with it';
SELECT pg_catalog.pg_extension_config_dump('supporthub.user_passwords', '');
