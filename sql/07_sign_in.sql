-- 07_sign_in: a customer signs up, signs in with a password, acts through
-- the session's access token, refreshes it and signs out.  Failures are
-- logged and committed, five of them lock the email, a replayed refresh
-- token ends the session, and the sixth device pushes out the least
-- recently used.  Tokens are random: only their length and effects show.
\set VERBOSITY default
\set SHOW_CONTEXT never
-- superuser-only: cheap hashes for the walk-through (the default is 12)
SET supporthub.bcrypt_cost = 4;
SELECT id AS globex FROM supporthub.create_tenant('Globex Sign-in') \gset
SET ROLE regress_app;

-- sign up: a customer, signed in, with a token to verify the email
SELECT user_id AS una, session_id AS s1, access_token AS a1, refresh_token AS r1,
       email_verification_token AS v1
  FROM supporthub.sign_up(:'globex', ' Una User ', ' una@globex.test ', 'correct horse battery',
                          'Firefox on Linux', '192.0.2.10') \gset
SELECT length(:'a1') AS access_token_length, length(:'r1') AS refresh_token_length,
       :'a1' <> :'r1' AS distinct_tokens;
SELECT * FROM supporthub.sign_up(:'globex', 'Una Again', 'UNA@globex.test', 'another password');
SELECT * FROM supporthub.sign_up(:'globex', 'Short', 'short@globex.test', 'short');
SELECT * FROM supporthub.sign_up(:'globex', 'Same', 'same@globex.test', ' Same@Globex.test ');
SELECT * FROM supporthub.sign_up(:'globex', 'Blank', 'blank@globex.test', repeat(' ', 10));
SELECT * FROM supporthub.sign_up('00000000-0000-0000-0000-000000000000', 'Nobody', 'no@globex.test', 'whatever123');

-- act through the access token, as act_as would
BEGIN;
SELECT supporthub.act_as_session(:'a1');
SELECT supporthub.current_user_id() = :'una' AS is_una, supporthub.current_user_role();
SELECT device_info, client_addr, current, revoked_at IS NULL AS live FROM supporthub.get_sessions();
COMMIT;
SELECT supporthub.act_as_session('not a token');
SELECT supporthub.act_as_session('');
SELECT supporthub.act_as_session(NULL);
SELECT supporthub.act_as_session(:'r1');

-- sign in: procedures, called on their own
CALL supporthub.sign_in(:'globex', ' UNA@Globex.test', 'correct horse battery', 'curl', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).user_id = :'una' AS signed_in_as_una,
       (:'session'::supporthub.session_tokens).access_token AS a2 \gset
SELECT :'signed_in_as_una' AS signed_in_as_una;
CALL supporthub.sign_in(:'globex', 'una@globex.test', 'wrong password', NULL, NULL, NULL);
CALL supporthub.sign_in(:'globex', 'nobody@globex.test', 'correct horse battery', NULL, NULL, NULL);
BEGIN;
CALL supporthub.sign_in(:'globex', 'una@globex.test', 'correct horse battery', NULL, NULL, NULL);
ROLLBACK;
CALL supporthub.sign_in(:'globex', NULL, 'x', NULL, NULL, NULL);

-- five failures in a row lock the email, even for the right password
SELECT user_id AS tom FROM supporthub.sign_up(:'globex', 'Tom', 'tom@globex.test', 'tom password 1') \gset
CALL supporthub.sign_in(:'globex', 'tom@globex.test', 'guess 1', NULL, NULL, NULL);
CALL supporthub.sign_in(:'globex', 'tom@globex.test', 'guess 2', NULL, NULL, NULL);
CALL supporthub.sign_in(:'globex', 'tom@globex.test', 'guess 3', NULL, NULL, NULL);
CALL supporthub.sign_in(:'globex', 'tom@globex.test', 'guess 4', NULL, NULL, NULL);
CALL supporthub.sign_in(:'globex', 'tom@globex.test', 'guess 5', NULL, NULL, NULL);
-- (terse: the DETAIL says when, a time that changes with every run)
\set VERBOSITY terse
CALL supporthub.sign_in(:'globex', 'TOM@globex.test', 'tom password 1', NULL, NULL, NULL);
\set VERBOSITY default

-- refresh: a new pair, the old access token stops working
CALL supporthub.refresh_session(:'r1', NULL) \gset
SELECT (:'session'::supporthub.session_tokens).session_id = :'s1' AS same_session,
       (:'session'::supporthub.session_tokens).refresh_token AS r2,
       (:'session'::supporthub.session_tokens).access_token AS a3 \gset
SELECT :'same_session' AS same_session;
SELECT supporthub.act_as_session(:'a1');
BEGIN;
SELECT supporthub.act_as_session(:'a3');
COMMIT;
-- the previous refresh token again, right away: another tab refreshed
CALL supporthub.refresh_session(:'r1', NULL);
CALL supporthub.refresh_session(:'r2', NULL) \gset
-- a token two rotations old is a replay: the session ends
CALL supporthub.refresh_session(:'r1', NULL);
CALL supporthub.refresh_session(:'r2', NULL);
SELECT supporthub.act_as_session(:'a3');

-- verify the email, once
SELECT email, email_verified FROM supporthub.verify_email(:'v1');
SELECT email_verified FROM supporthub.verify_email(:'v1');
SELECT supporthub.verify_email(left(:'v1', 91) || 'A');
-- a new verification token, asked for by the user: the older ones stop working
BEGIN;
SELECT supporthub.act_as(:'tom');
SELECT token AS tv1 FROM supporthub.request_email_verification() \gset
SELECT token AS tv2, expires_at - now() > interval '47 hours' AS two_days FROM supporthub.request_email_verification() \gset
COMMIT;
SELECT :'two_days' AS lasts_48_hours;
SELECT supporthub.verify_email(:'tv1');
SELECT email, email_verified FROM supporthub.verify_email(:'tv2');

-- the sixth live session pushes out the least recently used one
CALL supporthub.sign_in(:'globex', 'una@globex.test', 'correct horse battery', 'phone 1', NULL, NULL) \gset
CALL supporthub.sign_in(:'globex', 'una@globex.test', 'correct horse battery', 'phone 2', NULL, NULL) \gset
CALL supporthub.sign_in(:'globex', 'una@globex.test', 'correct horse battery', 'phone 3', NULL, NULL) \gset
CALL supporthub.sign_in(:'globex', 'una@globex.test', 'correct horse battery', 'phone 4', NULL, NULL) \gset
CALL supporthub.sign_in(:'globex', 'una@globex.test', 'correct horse battery', 'phone 5', NULL, NULL) \gset
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT coalesce(device_info, '-') AS device, revoked_reason
  FROM supporthub.get_sessions() ORDER BY created_at, id;
COMMIT;

-- the tenant (or an admin) ends one session of a user
BEGIN;
SELECT supporthub.act_as_tenant(:'globex');
SELECT device_info, revoked_reason, current
  FROM supporthub.revoke_session((SELECT id FROM supporthub.get_sessions(:'una') WHERE device_info = 'phone 2'));
COMMIT;

-- the evicted session was curl's: its token no longer works
SELECT supporthub.act_as_session(:'a2');

-- sign out: the session's token stops working
CALL supporthub.sign_in(:'globex', 'una@globex.test', 'correct horse battery', 'laptop', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).access_token AS a4 \gset
BEGIN;
SELECT supporthub.act_as_session(:'a4');
SELECT supporthub.sign_out();
SELECT supporthub.get_sessions();
ROLLBACK;
BEGIN;
SELECT supporthub.act_as_session(:'a4');
SELECT supporthub.sign_out();
COMMIT;
SELECT supporthub.act_as_session(:'a4');
BEGIN;
SELECT supporthub.act_as(:'una');
SAVEPOINT no_session;
SELECT supporthub.sign_out();
ROLLBACK TO no_session;
SELECT supporthub.sign_out_everywhere() AS ended;
SELECT count(*) FILTER (WHERE revoked_at IS NULL) AS live FROM supporthub.get_sessions();
COMMIT;

-- an invitation: the user sets a password, which verifies the email
BEGIN;
SELECT supporthub.act_as_tenant(:'globex');
SELECT user_id AS gil, invitation_token AS inv, expires_at - now() > interval '6 days' AS week
  FROM supporthub.invite_user('Gil Agent', 'gil@globex.test', 'agent') \gset
COMMIT;
SELECT :'week' AS invitation_lasts_a_week;
SELECT user_id = :'gil' AS signed_in_as_gil, length(access_token) FROM supporthub.accept_invitation(:'inv', 'gil password 1');
SELECT * FROM supporthub.accept_invitation(:'inv', 'gil password 1');

-- a forgotten password: a reset token for a known email, NULL for an unknown one
SELECT supporthub.request_password_reset(:'globex', ' GIL@globex.test') AS reset \gset
SELECT supporthub.request_password_reset(:'globex', 'nobody@globex.test') IS NULL AS unknown_email_gets_null;
SELECT name, email_verified FROM supporthub.reset_password(:'reset', 'gil');
SELECT name, email_verified FROM supporthub.reset_password(:'reset', 'gil password 2');
SELECT name FROM supporthub.reset_password(:'reset', 'gil password 3');
CALL supporthub.sign_in(:'globex', 'gil@globex.test', 'gil password 1', NULL, NULL, NULL);

-- changing a password: the actor must outlast one statement (CALL runs on its own)
CALL supporthub.sign_in(:'globex', 'gil@globex.test', 'gil password 2', 'desk', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).access_token AS g1,
       (:'session'::supporthub.session_tokens).session_id AS gs \gset
SELECT supporthub.act_as_session(:'g1', for_session => true);
CALL supporthub.change_password('not my password', 'gil password 3', NULL);
CALL supporthub.change_password('gil password 2', 'gil password 3', NULL) \gset
SELECT (:'session'::supporthub.session_tokens).session_id = :'gs' AS same_session;
SELECT supporthub.reset_actor();
SELECT supporthub.act_as_session(:'g1');
CALL supporthub.sign_in(:'globex', 'gil@globex.test', 'gil password 3', NULL, NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).user_id = :'gil' AS new_password_works;

-- an actor set for the connection lasts only as long as its access token:
-- refreshed away, then expired
CALL supporthub.sign_in(:'globex', 'gil@globex.test', 'gil password 3', 'phone', NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).access_token AS g2,
       (:'session'::supporthub.session_tokens).refresh_token AS gr2,
       (:'session'::supporthub.session_tokens).session_id AS gs2 \gset
SELECT supporthub.act_as_session(:'g2', for_session => true);
SELECT count(*) > 0 AS acting FROM supporthub.get_sessions();
CALL supporthub.refresh_session(:'gr2', NULL) \gset
SELECT count(*) FROM supporthub.get_sessions();
SELECT supporthub.act_as_session((:'session'::supporthub.session_tokens).access_token, for_session => true);
SELECT count(*) > 0 AS acting_again FROM supporthub.get_sessions();
RESET ROLE;
UPDATE supporthub.sessions SET access_expires_at = now() - interval '1 second' WHERE id = :'gs2';
SET ROLE regress_app;
SELECT count(*) FROM supporthub.get_sessions();
SELECT supporthub.reset_actor();

-- the log, newest first
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT event, count(*) FROM supporthub.get_auth_events(page_size => 100) GROUP BY event ORDER BY event;
SELECT count(*) FROM supporthub.get_auth_events(:'tom');
COMMIT;

-- the application's role reads no digest, and no password hash at all
SELECT access_token_hash FROM supporthub.sessions;
SELECT token_hash FROM supporthub.session_refresh_tokens;
SELECT password_hash FROM supporthub.user_passwords;
SELECT token_hash FROM supporthub.email_verifications;
SELECT token_hash FROM supporthub.password_resets;

RESET ROLE;
-- what a failed sign-in leaves: its log row, nothing else
SELECT event, count(*), count(user_id) AS with_user
  FROM supporthub.auth_events WHERE tenant_id = :'globex' AND event IN ('sign_in_failed', 'sign_in_throttled')
 GROUP BY event ORDER BY event;
SELECT kind, removed FROM supporthub.purge_expired_auth();
SELECT name FROM supporthub.delete_tenant(:'globex');
RESET supporthub.bcrypt_cost;
