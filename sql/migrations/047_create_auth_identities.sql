-- 047: auth_identities — the accounts of outside sign-in providers (and
-- the phone number a customer signed up with) that sign a user in: its
-- type, the table, its uniqueness and indexes, and its row-level security.
--
-- A provider id (OpenID Connect's "sub", GitHub's user id, the E.164 phone
-- number) is opaque: two ids that differ only in case or in a Unicode
-- look-alike form are two different accounts (Microsoft's pairwise "sub"
-- is case-sensitive base64url).  So it is unique as it is — trimmed by the
-- API, compared byte for byte — not by name_key(), which would fold them
-- together and let one provider account sign in as another's user.

CREATE TYPE supporthub.identity_provider AS ENUM
	('google', 'facebook', 'apple', 'microsoft', 'github', 'phone');
COMMENT ON TYPE supporthub.identity_provider IS
	'Who vouches for an identity: an outside sign-in provider, or phone (a number proved by a code, verify_phone_otp)';

CREATE TABLE supporthub.auth_identities (
	tenant_id		uuid		NOT NULL,
	id				uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	user_id			uuid		NOT NULL,
	provider		supporthub.identity_provider NOT NULL,
	provider_id		text		NOT NULL CONSTRAINT auth_identities_provider_id_check
		CHECK (char_length(provider_id) BETWEEN 1 AND 255),
	email			text		CONSTRAINT auth_identities_email_check
		CHECK (char_length(email) BETWEEN 3 AND 254),
	created_at		timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT auth_identities_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT auth_identities_tenant_fkey FOREIGN KEY (tenant_id)
		REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	CONSTRAINT auth_identities_user_fkey FOREIGN KEY (tenant_id, user_id)
		REFERENCES supporthub.users (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.auth_identities IS 'Sign-in provider accounts (Google, Apple, GitHub, …, and phone numbers) linked to users: each signs its user in';
COMMENT ON COLUMN supporthub.auth_identities.tenant_id IS 'Tenant of the user';
COMMENT ON COLUMN supporthub.auth_identities.id IS 'Identity id (UUIDv7); what unlink_identity takes';
COMMENT ON COLUMN supporthub.auth_identities.user_id IS 'The user this provider account signs in';
COMMENT ON COLUMN supporthub.auth_identities.provider IS 'The provider that vouches for it';
COMMENT ON COLUMN supporthub.auth_identities.provider_id IS 'The provider''s id of the account (OpenID Connect "sub"; for phone the E.164 number), trimmed, compared exactly';
COMMENT ON COLUMN supporthub.auth_identities.email IS 'The email address the provider gave when the identity was linked, if any';
COMMENT ON COLUMN supporthub.auth_identities.created_at IS 'When the identity was linked';
COMMENT ON CONSTRAINT auth_identities_pkey ON supporthub.auth_identities IS 'An identity is identified by its id within its tenant';
COMMENT ON CONSTRAINT auth_identities_tenant_fkey ON supporthub.auth_identities IS 'Rows of an existing tenant; deleted with it';
COMMENT ON CONSTRAINT auth_identities_user_fkey ON supporthub.auth_identities IS 'An identity of an existing user of the tenant; deleted with the user';
COMMENT ON CONSTRAINT auth_identities_provider_id_check ON supporthub.auth_identities IS 'A provider id is 1–255 characters (OpenID Connect limits "sub" to 255)';
COMMENT ON CONSTRAINT auth_identities_email_check ON supporthub.auth_identities IS 'An email address is 3–254 characters';
COMMENT ON INDEX supporthub.auth_identities_pkey IS 'Finds an identity by id within its tenant (unlink_identity)';
SELECT pg_catalog.pg_extension_config_dump('supporthub.auth_identities', '');

-- one user per provider account and tenant; exact, see the head of this file
CREATE UNIQUE INDEX auth_identities_provider_key
	ON supporthub.auth_identities (tenant_id, provider, provider_id);
COMMENT ON INDEX supporthub.auth_identities_provider_key IS 'A provider account signs in one user per tenant; compared exactly (provider ids are opaque and may be case-sensitive); finds the user at sign-in';

CREATE INDEX auth_identities_user_idx ON supporthub.auth_identities (tenant_id, user_id, id);
COMMENT ON INDEX supporthub.auth_identities_user_idx IS 'The identities of a user, newest first: get_identities, and whether an unlink leaves a way to sign in';

-- Reads: a user sees their own identities, admins (and the tenant itself)
-- those of their tenant; the API reads the actor's tenant, whoever the
-- actor is (sign-in acts as the tenant).  Writes: the API, in the actor's
-- tenant.  Nothing here expires, so no platform clean-up reads it.
CREATE POLICY auth_identities_read ON supporthub.auth_identities FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (user_id OPERATOR(pg_catalog.=) supporthub.current_user_id()
				OR supporthub.current_user_role() IS DISTINCT FROM 'agent'::supporthub.user_role
				   AND supporthub.current_actor_is_staff()));
COMMENT ON POLICY auth_identities_read ON supporthub.auth_identities IS 'A user sees their own linked identities; admins see those of their tenant';
CREATE POLICY auth_identities_api ON supporthub.auth_identities FOR SELECT TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY auth_identities_api ON supporthub.auth_identities IS 'The API reads the identities of the actor''s tenant, whoever the actor is (sign-in acts as the tenant it signs into)';
CREATE POLICY auth_identities_insert ON supporthub.auth_identities FOR INSERT TO supporthub_api
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY auth_identities_insert ON supporthub.auth_identities IS 'The API inserts rows of the actor''s tenant only';
CREATE POLICY auth_identities_update ON supporthub.auth_identities FOR UPDATE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY auth_identities_update ON supporthub.auth_identities IS 'The API updates rows of the actor''s tenant only';
CREATE POLICY auth_identities_delete ON supporthub.auth_identities FOR DELETE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY auth_identities_delete ON supporthub.auth_identities IS 'The API deletes rows of the actor''s tenant only (unlink_identity)';
ALTER TABLE supporthub.auth_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE supporthub.auth_identities FORCE ROW LEVEL SECURITY;
