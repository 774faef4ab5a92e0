-- 14_sign_in: sign-in and sessions as an application meets them.
--   - what the application's roles can never read: no digest or password
--     hash through a table, a view, a function's result or an error;
--   - sign-up, sign-in, act_as_session and its refusals; a failed sign-in
--     leaves its auth_events row and nothing else; five wrong passwords
--     lock the email even for the right one (PT429);
--   - the sixth live session evicts the least recently used;
--   - refresh rotates the pair; the token just rotated away, right after,
--     is PT409 and revokes nothing; an older one revokes the session;
--   - sign-out, revocation by an admin, deactivation end sessions, and an
--     actor set from a session stops at its end;
--   - the procedures refuse to run inside a transaction block (25001).
-- sign_in and refresh_session commit, so this file runs at top level, not
-- in one transaction: each CALL is checked through psql's SQLSTATE and
-- LAST_ERROR_MESSAGE, and the file makes its own tenant and deletes it at
-- the end.  Runs as sh_app (bcrypt cost 4, set for the database by the
-- setup).
\set ON_ERROR_STOP 0
\set VERBOSITY terse
SET client_min_messages = warning;
SELECT plan(105);
-- The SQLSTATE a statement ends with ('00000' when it succeeds), rolled back.
CREATE FUNCTION pg_temp.sqlstate_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	st text;
BEGIN
	BEGIN
		EXECUTE sql;
		RAISE EXCEPTION 'ok' USING ERRCODE = 'OK000';
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
	END;
	RETURN CASE st WHEN 'OK000' THEN '00000' ELSE st END;
END
$$;


-- ---- nothing of a secret is readable ----------------------------------------------------
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_attribute a
			JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		   WHERE c.relnamespace = 'supporthub'::regnamespace AND a.attname LIKE '%\_hash'
			 AND NOT a.attisdropped), 6,
		  'six secret columns: the password hash, four token digests and the phone code digest');
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_attribute a
			JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
			CROSS JOIN unnest(ARRAY['sh_app', 'supporthub_service', 'supporthub_api',
									'supporthub_authenticator', 'supporthub_platform', 'PUBLIC']) r(role)
		   WHERE c.relnamespace = 'supporthub'::regnamespace AND a.attname LIKE '%\_hash'
			 AND NOT a.attisdropped AND r.role <> 'PUBLIC'
			 AND pg_catalog.has_column_privilege(r.role, c.oid, a.attnum, 'SELECT')), 0,
		  'no role but the owner may SELECT a secret column, the API''s own role included');
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_attribute a
			JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		   WHERE c.relnamespace = 'supporthub'::regnamespace AND a.attname NOT LIKE '%\_hash'
			 AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind = 'r'
			 AND NOT pg_catalog.has_column_privilege('sh_app', c.oid, a.attnum, 'SELECT')), 0,
		  'every other column stays readable (row-level security filters the rows)');
SELECT throws_ok('SELECT access_token_hash FROM supporthub.sessions', '42501', NULL,
				 'SELECT of an access-token digest: permission denied');
SELECT throws_ok('SELECT password_hash FROM supporthub.user_passwords', '42501', NULL,
				 'SELECT of a password hash: permission denied');
SELECT throws_ok('SELECT * FROM supporthub.session_refresh_tokens', '42501', NULL,
				 'SELECT * of the refresh tokens: permission denied');
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_views WHERE schemaname = 'supporthub'), 0,
		  'supporthub has no view that could show a secret column');
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_proc p
		   WHERE p.pronamespace = 'supporthub'::regnamespace
			 AND (EXISTS (SELECT FROM unnest(p.proargnames) n WHERE n LIKE '%hash%')
				  OR EXISTS (SELECT FROM pg_catalog.pg_attribute a
							  WHERE a.attrelid = (SELECT t.typrelid FROM pg_catalog.pg_type t WHERE t.oid = p.prorettype)
								AND a.attname LIKE '%hash%'))), 0,
		  'no function returns a hash or digest column');

-- ---- sign up ------------------------------------------------------------------------------
SELECT id AS t FROM supporthub.create_tenant('Sign-in tests') \gset
SELECT id AS other FROM supporthub.create_tenant('Sign-in tests, other tenant') \gset
SELECT user_id AS una, session_id AS s1, access_token AS a1, refresh_token AS r1,
	   email_verification_token AS v1,
	   access_expires_at - now() BETWEEN interval '14 minutes' AND interval '15 minutes' AS access_15,
	   refresh_expires_at - now() BETWEEN interval '29 days 23 hours' AND interval '30 days' AS refresh_30
  FROM supporthub.sign_up(:'t', 'Una', 'una@signin.test', 'correct horse battery', 'tap', '198.51.100.7') \gset
SELECT matches(:'a1'::text, '^[A-Za-z0-9_-]{92}$', 'an access token: 92 base64url characters');
SELECT ok(:'a1' <> :'r1' AND :'r1' ~ '^[A-Za-z0-9_-]{92}$' AND :'v1' ~ '^[A-Za-z0-9_-]{92}$',
		  'refresh and verification tokens likewise, all different');
SELECT ok(:'access_15' AND :'refresh_30', 'access for 15 minutes, refresh for 30 days (the defaults)');
SELECT supporthub.sign_up(:'t', 'Una Again', ' UNA@signin.test ', 'another password 1');
SELECT is(:'SQLSTATE'::text, '23505', 'sign-up with a taken email: 23505');
SELECT supporthub.sign_up(:'t', 'Pia', 'pia@signin.test', repeat('x', 73));
SELECT is((:'SQLSTATE' || ' ' || :'LAST_ERROR_MESSAGE')::text, '22023 password must be 8 to 72 bytes long',
		  'a password over 72 bytes (bcrypt''s limit) is refused, not cut');
SELECT supporthub.sign_up(:'t', 'Pia', 'pia@signin.test', ' PIA@signin.test');
SELECT is(:'SQLSTATE'::text, '22023', 'the email as password is refused');

-- ---- act_as_session -----------------------------------------------------------------------
BEGIN;
SELECT supporthub.act_as_session(:'a1');
SELECT is(supporthub.current_user_id(), :'una'::uuid, 'act_as_session: the session''s user acts');
SELECT is(supporthub.current_tenant_id(), :'t'::uuid, 'in the tenant that issued the token');
SELECT is((SELECT array_agg(current) FROM supporthub.get_sessions()), ARRAY[true],
		  'get_sessions marks the session the actor came from');
COMMIT;
SELECT supporthub.act_as_session(:'r1');
SELECT is((:'SQLSTATE' || ' ' || :'LAST_ERROR_MESSAGE')::text, 'PT401 Session expired or revoked',
		  'a refresh token is not an access token');
SELECT supporthub.act_as_session(left(:'a1', 91) || CASE WHEN right(:'a1', 1) = 'A' THEN 'B' ELSE 'A' END);
SELECT is(:'SQLSTATE'::text, 'PT401', 'one character changed: PT401');
SELECT supporthub.act_as_session('');
SELECT is(:'SQLSTATE'::text, 'PT401', 'an empty token: PT401');
SELECT supporthub.act_as_session(repeat('A', 10 * 1024 * 1024));
SELECT is(:'SQLSTATE'::text, 'PT401', 'a 10 MB token: PT401');
SELECT supporthub.act_as_session(repeat('A', 92));
SELECT is(:'SQLSTATE'::text, 'PT401', 'a token of the right length and alphabet, made up: PT401');
SELECT ok(position(:'a1' IN :'LAST_ERROR_MESSAGE') = 0, 'no error shows a token');

-- ---- sign in ------------------------------------------------------------------------------
CALL supporthub.sign_in(:'t', 'Una@Signin.test ', 'correct horse battery', 'laptop', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).user_id AS in_user,
	   (:'session'::supporthub.session_tokens).access_token AS a2,
	   (:'session'::supporthub.session_tokens).session_id AS s2 \gset
SELECT is(:'in_user'::uuid, :'una'::uuid, 'sign_in: email compared ignoring case and spaces');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT count(*) AS sessions_before FROM supporthub.sessions \gset
SELECT count(*) AS users_before FROM supporthub.users \gset
SELECT count(*) AS events_before FROM supporthub.auth_events \gset
COMMIT;
CALL supporthub.sign_in(:'t', 'una@signin.test', 'wrong password', NULL, NULL, NULL);
SELECT is((:'SQLSTATE' || ' ' || :'LAST_ERROR_MESSAGE')::text, 'PT401 Email or password is incorrect',
		  'a wrong password: PT401');
CALL supporthub.sign_in(:'t', 'nobody@signin.test', 'correct horse battery', NULL, NULL, NULL);
SELECT is((:'SQLSTATE' || ' ' || :'LAST_ERROR_MESSAGE')::text, 'PT401 Email or password is incorrect',
		  'an unknown email: the same PT401');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT is((SELECT count(*) FROM supporthub.sessions), :'sessions_before'::bigint,
		  'the failures opened no session');
SELECT is((SELECT count(*) FROM supporthub.users), :'users_before'::bigint, 'and made no user');
SELECT is((SELECT count(*) FROM supporthub.auth_events), :'events_before'::bigint + 2,
		  'each left its auth_events row, committed before the error');
SELECT is((SELECT array_agg(user_id IS NOT NULL ORDER BY id) FROM supporthub.auth_events
			WHERE event = 'sign_in_failed'), ARRAY[true, false],
		  'with the user when the email has one');
COMMIT;
BEGIN;
CALL supporthub.sign_in(:'t', 'una@signin.test', 'correct horse battery', NULL, NULL, NULL);
\set st :SQLSTATE
\set msg :LAST_ERROR_MESSAGE
ROLLBACK;
SELECT is(:'st'::text, '25001', 'sign_in inside a transaction block: 25001');
SELECT throws_ok($$CALL supporthub.refresh_session('x', NULL)$$, '25001', NULL,
				 'refresh_session from a function (not on its own): 25001');
CALL supporthub.sign_in(NULL, 'una@signin.test', 'x', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'sign_in with a NULL tenant: 22023');
CALL supporthub.sign_in('00000000-0000-0000-0000-000000000000', 'una@signin.test', 'x', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT404', 'an unknown tenant: PT404');

-- five wrong passwords lock the email, even for the right one
SELECT user_id AS tom FROM supporthub.sign_up(:'t', 'Tom', 'tom@signin.test', 'tom password 1') \gset
CALL supporthub.sign_in(:'t', 'tom@signin.test', 'guess 1', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'tom@signin.test', 'guess 2', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'tom@signin.test', 'guess 3', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'tom@signin.test', 'guess 4', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'the fourth failure is PT401');
CALL supporthub.sign_in(:'t', 'tom@signin.test', 'guess 5', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'the fifth failure is still PT401');
CALL supporthub.sign_in(:'t', 'tom@signin.test', 'tom password 1', NULL, NULL, NULL);
SELECT is((:'SQLSTATE' || ' ' || :'LAST_ERROR_MESSAGE')::text,
		  'PT429 Too many sign-in attempts; try again in 15 minutes',
		  'then the right password is PT429');
CALL supporthub.sign_in(:'t', 'ghost@signin.test', 'guess 1', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'ghost@signin.test', 'guess 2', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'ghost@signin.test', 'guess 3', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'ghost@signin.test', 'guess 4', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'ghost@signin.test', 'guess 5', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'ghost@signin.test', 'guess 6', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT429', 'an email without an account locks the same way');
CALL supporthub.sign_in(:'other', 'tom@signin.test', 'tom password 1', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'the lock is per tenant: elsewhere the email is just unknown');

-- ---- the device limit ---------------------------------------------------------------------
SELECT session_id AS v1s, access_token AS v1a
  FROM supporthub.sign_up(:'t', 'Vic', 'vic@signin.test', 'vic password 1') \gset
CALL supporthub.sign_in(:'t', 'vic@signin.test', 'vic password 1', 'd2', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).session_id AS v2s \gset
CALL supporthub.sign_in(:'t', 'vic@signin.test', 'vic password 1', 'd3', NULL, NULL);
CALL supporthub.sign_in(:'t', 'vic@signin.test', 'vic password 1', 'd4', NULL, NULL);
CALL supporthub.sign_in(:'t', 'vic@signin.test', 'vic password 1', 'd5', NULL, NULL);
-- the first session is used now: the second becomes the least recently used
BEGIN;
SELECT supporthub.act_as_session(:'v1a');
SELECT is((SELECT count(*)::int FROM supporthub.get_sessions() WHERE revoked_at IS NULL), 5,
		  'five live sessions');
COMMIT;
CALL supporthub.sign_in(:'t', 'vic@signin.test', 'vic password 1', 'd6', NULL, NULL);
BEGIN;
SELECT supporthub.act_as_session(:'v1a');
SELECT is((SELECT count(*)::int FROM supporthub.get_sessions() WHERE revoked_at IS NULL), 5,
		  'the sixth sign-in keeps five live');
SELECT is((SELECT array_agg(id) FROM supporthub.get_sessions() WHERE revoked_reason = 'device_limit'),
		  ARRAY[:'v2s'::uuid],
		  'it evicted the least recently used: the second (the first was used since)');
COMMIT;

-- ---- refresh --------------------------------------------------------------------------------
CALL supporthub.refresh_session(:'r1', NULL) \gset
SELECT (:'session'::supporthub.session_tokens).session_id AS rs,
	   (:'session'::supporthub.session_tokens).access_token AS a1b,
	   (:'session'::supporthub.session_tokens).refresh_token AS r2 \gset
SELECT is(:'rs'::uuid, :'s1'::uuid, 'refresh keeps the session');
SELECT supporthub.act_as_session(:'a1');
SELECT is(:'SQLSTATE'::text, 'PT401', 'the old access token stops working');
BEGIN;
SELECT supporthub.act_as_session(:'a1b');
SELECT is(supporthub.current_user_id(), :'una'::uuid, 'the new one works');
COMMIT;
CALL supporthub.refresh_session(:'r1', NULL);
SELECT is((:'SQLSTATE' || ' ' || :'LAST_ERROR_MESSAGE')::text, 'PT409 Session was just refreshed',
		  'the token just rotated away, right after: PT409 (another tab)');
CALL supporthub.refresh_session(:'r2', NULL) \gset
SELECT (:'session'::supporthub.session_tokens).refresh_token AS r3,
	   (:'session'::supporthub.session_tokens).access_token AS a1c \gset
SELECT is(:'SQLSTATE'::text, '00000', 'and nothing was revoked: the current token still refreshes');
CALL supporthub.refresh_session(:'r1', NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'a token two rotations old is a replay: PT401');
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT is((SELECT revoked_reason::text FROM supporthub.get_sessions() WHERE id = :'s1'),
		  'refresh_reuse', 'the replay revoked the session, and that was committed');
COMMIT;
CALL supporthub.refresh_session(:'r3', NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'its latest refresh token is dead too');
SELECT supporthub.act_as_session(:'a1c');
SELECT is(:'SQLSTATE'::text, 'PT401', 'and its access token');
CALL supporthub.refresh_session(NULL, NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'refresh_session(NULL): 22023');
CALL supporthub.refresh_session(:'a2', NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'an access token is not a refresh token');

-- ---- malformed tokens of every length, and the procedures' bad input ------------------------
-- act_as_session and verify_email take any text: every length from 0 to
-- 200 characters of the token alphabet is PT401
SELECT is((SELECT count(*)::int FROM generate_series(0, 200) n
			WHERE pg_temp.sqlstate_of(format('SELECT supporthub.act_as_session(%L)', repeat('A', n))) <> 'PT401'), 0,
		  'act_as_session: a token of any length from 0 to 200 characters is PT401, never another error');
SELECT is((SELECT count(*)::int FROM generate_series(0, 200) n
			WHERE pg_temp.sqlstate_of(format('SELECT supporthub.verify_email(%L)', repeat('_', n))) <> 'PT401'), 0,
		  'verify_email: likewise');
SELECT is(pg_temp.sqlstate_of(format('SELECT supporthub.act_as_session(%L)', overlay(:'a2' placing '=' from 50 for 1))),
		  'PT401', 'a character outside base64url inside a token: PT401');
CALL supporthub.refresh_session('', NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'refresh_session of an empty token: PT401');
CALL supporthub.refresh_session(repeat('R', 92), NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'refresh_session of a made-up token of the right length: PT401');
SELECT repeat('x', 10 * 1024 * 1024) AS ten_mb \gset
CALL supporthub.refresh_session(:'ten_mb', NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'refresh_session of 10 MB: PT401');
CALL supporthub.sign_in(:'t', :'ten_mb', 'x', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'sign_in with a 10 MB email: 22023, nothing looked up');
CALL supporthub.sign_in(:'t', 'una@signin.test', :'ten_mb', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'sign_in with a 10 MB password: PT401 (bcrypt reads 72 bytes)');
CALL supporthub.sign_in(:'t', '   ', 'x', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'sign_in with a blank email: 22023');
CALL supporthub.sign_in(:'t', 'una@signin.test', 'correct horse battery', repeat('d', 501), NULL, NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'device_info over 500 characters: 22023');
\unset ten_mb

-- ---- the end of sessions ----------------------------------------------------------------------
CALL supporthub.sign_in(:'t', 'una@signin.test', 'correct horse battery', 'd7', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).access_token AS a7,
	   (:'session'::supporthub.session_tokens).session_id AS s7 \gset
BEGIN;
SELECT supporthub.act_as_session(:'a7');
SELECT supporthub.sign_out();
SELECT supporthub.get_sessions();
\set st :SQLSTATE
\set msg :LAST_ERROR_MESSAGE
ROLLBACK;
SELECT is(:'st'::text, 'PT401', 'after sign_out the actor from that session can no longer call');
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT supporthub.sign_out();
\set st :SQLSTATE
\set msg :LAST_ERROR_MESSAGE
ROLLBACK;
SELECT is(:'st'::text, 'PT409', 'sign_out after act_as (no session): PT409');
BEGIN;
SELECT supporthub.act_as(:'tom');
SELECT supporthub.get_sessions(:'una');
\set st :SQLSTATE
\set msg :LAST_ERROR_MESSAGE
ROLLBACK;
SELECT is(:'st'::text, '42501', 'a customer cannot list another user''s sessions');
BEGIN;
SELECT supporthub.act_as(:'tom');
SELECT supporthub.revoke_session(:'s7');
\set st :SQLSTATE
\set msg :LAST_ERROR_MESSAGE
ROLLBACK;
SELECT is(:'st'::text, 'PT404', 'nor revoke one (it is not even visible)');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT is((supporthub.revoke_session(:'s7')).revoked_reason::text, 'revoked',
		  'the tenant (like an admin) revokes any session of its users');
COMMIT;
SELECT supporthub.act_as_session(:'a7');
SELECT is(:'SQLSTATE'::text, 'PT401', 'a revoked session''s token: PT401');

CALL supporthub.sign_in(:'t', 'una@signin.test', 'correct horse battery', 'd8', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).access_token AS a8 \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT id AS ada FROM supporthub.create_user('Ada', 'ada@signin.test', 'admin') \gset
SELECT supporthub.act_as(:'ada');
SELECT supporthub.update_user(:'una', active => false);
COMMIT;
SELECT supporthub.act_as_session(:'a8');
SELECT is(:'SQLSTATE'::text, 'PT401', 'deactivating a user ends their sessions');
BEGIN;
SELECT supporthub.act_as(:'ada');
SELECT is((SELECT count(*)::int FROM supporthub.get_sessions(:'una') WHERE revoked_at IS NULL), 0,
		  'none of them is live');
SELECT is((SELECT count(*)::int FROM supporthub.get_sessions(:'una') WHERE revoked_reason = 'user_deactivated'), 2,
		  'the two that were live ended as user_deactivated');
SELECT supporthub.update_user(:'una', active => true);
COMMIT;
CALL supporthub.sign_in(:'t', 'una@signin.test', 'correct horse battery', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '00000', 'reactivated, she signs in again');

-- ---- email verification -------------------------------------------------------------------------
SELECT is((supporthub.verify_email(:'v1')).email_verified, true, 'verify_email marks the email verified');
SELECT supporthub.verify_email(:'v1');
SELECT is(:'SQLSTATE'::text, 'PT401', 'a verification token works once');
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT supporthub.request_email_verification();
\set st :SQLSTATE
\set msg :LAST_ERROR_MESSAGE
ROLLBACK;
SELECT is((:'st' || ' ' || :'msg')::text, 'PT409 Email is already verified',
		  'no new token for a verified email');
BEGIN;
SELECT supporthub.act_as(:'tom');
SELECT token AS tv1 FROM supporthub.request_email_verification() \gset
SELECT token AS tv2 FROM supporthub.request_email_verification() \gset
COMMIT;
SELECT supporthub.verify_email(:'tv1');
SELECT is(:'SQLSTATE'::text, 'PT401', 'a newer token voids the older');
SELECT is((supporthub.verify_email(:'tv2')).email_verified, true, 'the newest works');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT is((supporthub.update_user(:'tom', name => 'Tom T.')).email_verified, true,
		  'a change that keeps the email keeps it verified');
SELECT is((supporthub.update_user(:'tom', email => 'tom.new@signin.test')).email_verified, false,
		  'a changed email is no longer verified (a provider cannot link to it on the old proof)');
COMMIT;

-- ---- password changes, resets and invitations ---------------------------------------------
SELECT user_id AS wes FROM supporthub.sign_up(:'t', 'Wes', 'wes@signin.test', 'wes password 1', 'w1', NULL) \gset
CALL supporthub.sign_in(:'t', 'wes@signin.test', 'wes password 1', 'w2', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).access_token AS wa2,
	   (:'session'::supporthub.session_tokens).session_id AS ws2 \gset
-- change_password runs on its own: the actor must last the session
SELECT supporthub.act_as_session(:'wa2', for_session => true);
CALL supporthub.change_password('not my password', 'wes password 2', NULL);
SELECT is((:'SQLSTATE' || ' ' || :'LAST_ERROR_MESSAGE')::text, 'PT401 Current password is incorrect',
		  'change_password with a wrong current password: PT401');
CALL supporthub.change_password('wes password 1', 'short', NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'a new password under the rules: 22023');
CALL supporthub.change_password('wes password 1', 'wes password 2', NULL) \gset
SELECT is((:'session'::supporthub.session_tokens).session_id, :'ws2'::uuid,
		  'change_password: the current session continues, with new tokens');
SELECT throws_ok('SELECT count(*) FROM supporthub.get_sessions()', 'PT401', NULL,
				 'the connection''s actor from the replaced access token acts no more');
SELECT supporthub.act_as_session((:'session'::supporthub.session_tokens).access_token, for_session => true);
SELECT is((SELECT array_agg(coalesce(revoked_reason::text, 'live') ORDER BY created_at) FROM supporthub.get_sessions()),
		  ARRAY['password_changed', 'live'], 'and every other session of the user ended');
SELECT is((SELECT count(*)::int FROM supporthub.get_auth_events() WHERE event = 'sign_in_failed'), 1,
		  'the wrong current password was counted as a failed sign-in (committed before the PT401)');
SELECT supporthub.reset_actor();
BEGIN;
CALL supporthub.change_password('wes password 2', 'wes password 3', NULL);
\set st :SQLSTATE
ROLLBACK;
SELECT is(:'st'::text, '25001', 'change_password inside a transaction block: 25001');
-- the sign-in lock applies to change_password too
CALL supporthub.sign_in(:'t', 'wes@signin.test', 'wes password 2', 'w3', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).access_token AS wa3 \gset
CALL supporthub.sign_in(:'t', 'wes@signin.test', 'guess 1', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'wes@signin.test', 'guess 2', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'wes@signin.test', 'guess 3', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'wes@signin.test', 'guess 4', NULL, NULL, NULL);
CALL supporthub.sign_in(:'t', 'wes@signin.test', 'guess 5', NULL, NULL, NULL);
SELECT supporthub.act_as_session(:'wa3', for_session => true);
CALL supporthub.change_password('wes password 2', 'wes password 3', NULL);
SELECT is(:'SQLSTATE'::text, 'PT429', 'while the email is locked, change_password is PT429 even with the right password');
SELECT supporthub.reset_actor();
-- a reset: a token for the email, NULL for one without an account
SELECT supporthub.request_password_reset(:'t', 'WES@signin.test') AS wreset \gset
SELECT matches(:'wreset'::text, '^[A-Za-z0-9_-]{92}$', 'request_password_reset: a token for a known email');
SELECT is(supporthub.request_password_reset(:'t', 'nobody@signin.test'), NULL, 'and NULL for an unknown one');
SELECT is((supporthub.reset_password(:'wreset', 'wes password 4')).id, :'wes'::uuid,
		  'reset_password sets the password of the token''s user');
SELECT supporthub.act_as_session(:'wa3');
SELECT is(:'SQLSTATE'::text, 'PT401', 'and ends every session of the user');
CALL supporthub.sign_in(:'t', 'wes@signin.test', 'wes password 4', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '00000', 'the reset also lifted the lock: the new password signs in');
SELECT supporthub.reset_password(:'wreset', 'wes password 5');
SELECT is(:'SQLSTATE'::text, 'PT401', 'a reset token works once');
-- an invitation
BEGIN;
SELECT supporthub.act_as(:'tom');
SELECT supporthub.invite_user('Ina', 'ina@signin.test', 'agent');
\set st :SQLSTATE
ROLLBACK;
SELECT is(:'st'::text, '42501', 'a customer cannot invite');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT user_id AS ina, invitation_token AS inv FROM supporthub.invite_user('Ina', 'ina@signin.test', 'agent') \gset
COMMIT;
SELECT is((SELECT (supporthub.accept_invitation(:'inv', 'ina password 1')).user_id), :'ina'::uuid,
		  'accept_invitation signs the invited user in');
BEGIN;
SELECT supporthub.act_as(:'ina');
SELECT is((supporthub.get_user_by_id(:'ina')).email_verified, true, 'and proves the email');
COMMIT;
SELECT supporthub.accept_invitation(:'inv', 'ina password 2');
SELECT is(:'SQLSTATE'::text, 'PT401', 'an invitation works once');

-- ---- the log, and who may purge --------------------------------------------------------------
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT ok((SELECT bool_and(user_id = :'una') FROM supporthub.get_auth_events(page_size => 500)),
		  'get_auth_events: the user''s own log');
SELECT supporthub.get_auth_events(:'tom');
\set st :SQLSTATE
\set msg :LAST_ERROR_MESSAGE
ROLLBACK;
SELECT is(:'st'::text, '42501', 'not another user''s');
SELECT ok(NOT pg_catalog.has_function_privilege('supporthub_service', 'supporthub.purge_expired_auth()', 'EXECUTE')
		  AND NOT pg_catalog.has_function_privilege('supporthub_authenticator', 'supporthub.purge_expired_auth()', 'EXECUTE'),
		  'purge_expired_auth is not for the application''s roles');
SELECT ok(pg_catalog.has_function_privilege('supporthub_platform', 'supporthub.purge_expired_auth()', 'EXECUTE'),
		  'it is for supporthub_platform');
SELECT ok(NOT pg_catalog.has_function_privilege('supporthub_authenticator', 'supporthub.act_as(uuid, boolean)', 'EXECUTE')
		  AND NOT pg_catalog.has_function_privilege('supporthub_authenticator', 'supporthub.act_as_tenant(uuid, boolean)', 'EXECUTE'),
		  'the authenticator role cannot call act_as or act_as_tenant');
SELECT ok(pg_catalog.has_function_privilege('supporthub_authenticator', 'supporthub.act_as_session(text, boolean)', 'EXECUTE'),
		  'it calls act_as_session');

SELECT supporthub.delete_tenant(:'t') IS NOT NULL AND supporthub.delete_tenant(:'other') IS NOT NULL AS cleaned \gset
SELECT ok(:'cleaned', 'the tenants of this file are deleted');
SELECT * FROM finish();
