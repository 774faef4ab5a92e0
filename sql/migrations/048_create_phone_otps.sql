-- 048: phone_otps — the six-digit codes that prove a phone number, stored
-- only as a digest (SHA-256 of the row's id and the code, so two equal
-- codes never have equal digests): the table, its indexes and its
-- row-level security.  A code lives 5 minutes, dies after 5 wrong tries,
-- is used once, and a newer one voids it; rows stay 10 minutes, since the
-- limit of 3 codes per phone and tenant per 10 minutes counts them.

CREATE TABLE supporthub.phone_otps (
	tenant_id		uuid		NOT NULL,
	id				uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	phone			text		NOT NULL CONSTRAINT phone_otps_phone_check
		CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
	code_hash		bytea		NOT NULL CONSTRAINT phone_otps_code_hash_check
		CHECK (octet_length(code_hash) = 32),
	created_at		timestamptz	NOT NULL DEFAULT now(),
	expires_at		timestamptz	NOT NULL,
	attempts		integer		NOT NULL DEFAULT 0 CONSTRAINT phone_otps_attempts_check
		CHECK (attempts BETWEEN 0 AND 5),
	used_at			timestamptz,
	CONSTRAINT phone_otps_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT phone_otps_tenant_fkey FOREIGN KEY (tenant_id)
		REFERENCES supporthub.tenants (id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.phone_otps IS 'One-time codes sent to phone numbers (6 digits, 5 minutes, 5 tries, single use), as digests; readable by admins only, the digest by no role';
COMMENT ON COLUMN supporthub.phone_otps.tenant_id IS 'Tenant the code signs into';
COMMENT ON COLUMN supporthub.phone_otps.id IS 'Code id (UUIDv7), part of what the digest covers';
COMMENT ON COLUMN supporthub.phone_otps.phone IS 'The phone number the code was sent to, in E.164 form';
COMMENT ON COLUMN supporthub.phone_otps.code_hash IS 'SHA-256 digest of the row id and the code; never readable by an application';
COMMENT ON COLUMN supporthub.phone_otps.created_at IS 'When the code was requested';
COMMENT ON COLUMN supporthub.phone_otps.expires_at IS 'When it stops working (5 minutes after the request)';
COMMENT ON COLUMN supporthub.phone_otps.attempts IS 'Wrong codes entered for it; at 5 it no longer works';
COMMENT ON COLUMN supporthub.phone_otps.used_at IS 'When it signed someone in or was voided by a newer code, NULL while usable';
COMMENT ON CONSTRAINT phone_otps_pkey ON supporthub.phone_otps IS 'A code is identified by its id within its tenant';
COMMENT ON CONSTRAINT phone_otps_tenant_fkey ON supporthub.phone_otps IS 'Rows of an existing tenant; deleted with it';
COMMENT ON CONSTRAINT phone_otps_phone_check ON supporthub.phone_otps IS 'A phone number is stored in E.164 form: +, a non-zero digit, 8–15 digits in all';
COMMENT ON CONSTRAINT phone_otps_code_hash_check ON supporthub.phone_otps IS 'A SHA-256 digest is 32 bytes';
COMMENT ON CONSTRAINT phone_otps_attempts_check ON supporthub.phone_otps IS 'Five wrong tries kill a code: there is never a sixth';
COMMENT ON INDEX supporthub.phone_otps_pkey IS 'Finds a code''s digest by a direct probe (verify_phone_otp), never through SQL';
SELECT pg_catalog.pg_extension_config_dump('supporthub.phone_otps', '');

CREATE INDEX phone_otps_phone_idx ON supporthub.phone_otps (tenant_id, phone, created_at);
COMMENT ON INDEX supporthub.phone_otps_phone_idx IS 'The codes of a phone, newest first: the one a verification checks, those a new code voids, those the request limit counts';

CREATE INDEX phone_otps_created_idx ON supporthub.phone_otps (created_at);
COMMENT ON INDEX supporthub.phone_otps_created_idx IS 'Codes older than the request limit''s window, for purge_expired_auth across tenants';

-- Reads: nobody needs a code row but the API; admins (and the tenant
-- itself) may see which numbers asked for codes, never a digest (999
-- grants SELECT on the other columns only).  The API reads and writes the
-- actor's tenant — request_phone_otp and verify_phone_otp act as the tenant
-- they name — and purge_expired_auth, a platform function, deletes old
-- rows of every tenant.
CREATE POLICY phone_otps_read ON supporthub.phone_otps FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND supporthub.current_user_role() IS DISTINCT FROM 'agent'::supporthub.user_role
		   AND supporthub.current_actor_is_staff());
COMMENT ON POLICY phone_otps_read ON supporthub.phone_otps IS 'Admins (and the tenant) see which numbers requested codes and when; nobody else sees a row, and nobody a digest';
CREATE POLICY phone_otps_api ON supporthub.phone_otps FOR SELECT TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   OR supporthub.current_actor_is_platform());
COMMENT ON POLICY phone_otps_api ON supporthub.phone_otps IS 'The API reads the codes of the actor''s tenant, and purge_expired_auth those of every tenant (the digests only from C, by index probes)';
CREATE POLICY phone_otps_insert ON supporthub.phone_otps FOR INSERT TO supporthub_api
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY phone_otps_insert ON supporthub.phone_otps IS 'The API inserts rows of the actor''s tenant only';
CREATE POLICY phone_otps_update ON supporthub.phone_otps FOR UPDATE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY phone_otps_update ON supporthub.phone_otps IS 'The API updates rows of the actor''s tenant only';
CREATE POLICY phone_otps_delete ON supporthub.phone_otps FOR DELETE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   OR supporthub.current_actor_is_platform());
COMMENT ON POLICY phone_otps_delete ON supporthub.phone_otps IS 'The API deletes rows of the actor''s tenant; purge_expired_auth (a platform function) those of every tenant';
ALTER TABLE supporthub.phone_otps ENABLE ROW LEVEL SECURITY;
ALTER TABLE supporthub.phone_otps FORCE ROW LEVEL SECURITY;
