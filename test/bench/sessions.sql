-- test/bench/sessions.sql — sessions for the sign-in benchmark lines:
-- a password for every agent, then up to 1,000 agents signed in (their
-- access tokens for the "token" runs; fewer in a small data set) and 4 more
-- whose refresh tokens the refresh runs rotate, one chain per client.  Access tokens are made to
-- last the whole run (the tenant setting access_token_minutes, 1 day).
-- Run as superuser after generate.sql; the hashes at bcrypt cost 4 (what
-- a hash costs is measured apart, by the sign-in runs).
\set ON_ERROR_STOP 1
SET supporthub.bcrypt_cost = 4;
UPDATE supporthub.tenant_settings SET access_token_minutes = 1440;
INSERT INTO supporthub.user_passwords (tenant_id, user_id, password_hash)
SELECT u.tenant_id, u.id, crypt('bench password 1', gen_salt('bf', 4))
  FROM supporthub.users u WHERE u.role = 'agent';

CREATE TABLE bench.session_tokens (k int PRIMARY KEY, user_id uuid NOT NULL, access_token text NOT NULL,
								   refresh_token text NOT NULL);
DO $sign_in$
DECLARE
	r record;
	s supporthub.session_tokens;
	k int := 0;
BEGIN
	FOR r IN SELECT u.tenant_id, u.email, u.id FROM supporthub.users u
			  WHERE u.role = 'agent' ORDER BY u.id LIMIT 1004
	LOOP
		CALL supporthub.sign_in(r.tenant_id, r.email, 'bench password 1', 'bench', NULL, s);
		k := k + 1;
		INSERT INTO bench.session_tokens VALUES (k, r.id, s.access_token, s.refresh_token);
	END LOOP;
END
$sign_in$;
-- the refresh chains: the last 4 sessions, client c rotating one of them
CREATE TABLE bench.refresh_chain (c int PRIMARY KEY, refresh_token text NOT NULL);
INSERT INTO bench.refresh_chain
SELECT k - (SELECT max(k) FROM bench.session_tokens) + 3, refresh_token
  FROM bench.session_tokens WHERE k > (SELECT max(k) - 4 FROM bench.session_tokens);
DELETE FROM bench.session_tokens WHERE k > (SELECT max(k) - 4 FROM bench.session_tokens);
GRANT SELECT ON bench.session_tokens TO bench_app;
GRANT SELECT, UPDATE ON bench.refresh_chain TO bench_app;
-- one admin per tenant to sign in with, for the per-cost timing
CREATE TABLE bench.sign_in_as AS
SELECT u.tenant_id, u.email FROM supporthub.users u WHERE u.role = 'admin' ORDER BY u.id LIMIT 1;
INSERT INTO supporthub.user_passwords (tenant_id, user_id, password_hash)
SELECT u.tenant_id, u.id, crypt('bench password 1', gen_salt('bf', 10))
  FROM supporthub.users u JOIN bench.sign_in_as a ON a.email = u.email AND a.tenant_id = u.tenant_id;
SELECT count(*) AS token_sessions FROM bench.session_tokens;
