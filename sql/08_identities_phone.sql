-- 08_identities_phone: signing in with a provider account (Google, Apple,
-- GitHub, …) and with a code sent to a phone.  A new provider account
-- makes a customer; a known one signs its user in; an unknown one with the
-- email of an account is linked to it only once that account proved the
-- email — never a takeover.  Users link and unlink identities, but not the
-- last way they have to sign in.  Phone numbers are normalised to E.164;
-- a code lives 5 minutes, dies after 5 wrong tries, and a phone gets 3
-- per 10 minutes.  Codes and tokens are random: only their form and
-- effects show.
\set VERBOSITY default
\set SHOW_CONTEXT never
-- superuser-only: cheap hashes for the walk-through (the default is 12)
SET supporthub.bcrypt_cost = 4;
SELECT id AS aviato FROM supporthub.create_tenant('Aviato') \gset
SET ROLE regress_app;

-- ---- a provider account ---------------------------------------------------
-- a new one makes a customer, signed up and signed in; the provider
-- vouches for the email, so it counts as verified
SELECT user_id AS gil, access_token AS gil_access
  FROM supporthub.sign_in_with_identity(:'aviato', 'google', ' 104857600123 ', 'Gil@Aviato.test',
                                        'Gil Google', 'Chrome on Android', '192.0.2.20') \gset
BEGIN;
SELECT supporthub.act_as_session(:'gil_access');
SELECT name, email, email_verified, role FROM supporthub.users WHERE id = supporthub.current_user_id();
SELECT provider, provider_id, email FROM supporthub.get_identities();
COMMIT;
-- the same account again (the id is trimmed): the same user
SELECT user_id = :'gil' AS same_user
  FROM supporthub.sign_in_with_identity(:'aviato', 'google', '104857600123');
-- another provider with the same verified email: linked to that user
SELECT user_id = :'gil' AS linked_to_gil
  FROM supporthub.sign_in_with_identity(:'aviato', 'apple', '001234.5f3a9c.0042', 'gil@aviato.test');
-- provider ids are opaque and compared exactly: these are two accounts
SELECT user_id AS mia FROM supporthub.sign_in_with_identity(:'aviato', 'microsoft',
       'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', NULL, 'Mia') \gset
SELECT user_id <> :'mia' AS another_user
  FROM supporthub.sign_in_with_identity(:'aviato', 'microsoft',
       'aaaaaaaaaaaaaaaaaaaaaikzqfvrsasafhy782bbtaq', NULL, 'Max');
-- without a name, the new customer is shown by their email
SELECT user_id AS nia FROM supporthub.sign_in_with_identity(:'aviato', 'facebook', '10220000001', 'nia@aviato.test') \gset
BEGIN;
SELECT supporthub.act_as(:'nia');
SELECT name, email FROM supporthub.users WHERE id = :'nia';
COMMIT;

-- an account that never proved its email is not taken over
SELECT user_id AS una, email_verification_token AS una_verify
  FROM supporthub.sign_up(:'aviato', 'Una', 'una@aviato.test', 'correct horse battery') \gset
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'github', '583231', 'UNA@aviato.test', 'Una on GitHub');
-- once Una proves it, the provider account is linked to her
SELECT email_verified FROM supporthub.verify_email(:'una_verify');
SELECT user_id = :'una' AS linked_to_una
  FROM supporthub.sign_in_with_identity(:'aviato', 'github', '583231', 'una@aviato.test');

-- bad arguments
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'google', '55501');
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'phone', '+18005550100', NULL, 'Phil');
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'google', '   ', 'x@aviato.test');
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'google', repeat('9', 256), 'x@aviato.test');
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'google', '55501', 'not an email');
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', NULL, '55501', 'x@aviato.test');
\set VERBOSITY terse
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'myspace', '55501', 'x@aviato.test');
\set VERBOSITY default
SELECT * FROM supporthub.sign_in_with_identity('00000000-0000-0000-0000-000000000000', 'google', '55501', 'x@aviato.test');

-- ---- linking and unlinking --------------------------------------------------
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT provider, provider_id, email FROM supporthub.link_identity('github', ' 9001 ');
SELECT provider, provider_id FROM supporthub.get_identities();
SELECT id AS gil_github FROM supporthub.get_identities() WHERE provider = 'github' \gset
SAVEPOINT s;
SELECT * FROM supporthub.link_identity('github', '9001');
ROLLBACK TO s;
SELECT * FROM supporthub.link_identity('github', '583231');
ROLLBACK TO s;
SELECT * FROM supporthub.link_identity('phone', '+18005550100');
ROLLBACK TO s;
SELECT * FROM supporthub.link_identity(NULL, 'x');
ROLLBACK TO s;
COMMIT;
BEGIN;
SELECT supporthub.act_as_tenant(:'aviato');
SELECT * FROM supporthub.get_identities();
ROLLBACK;

-- Gil has no password: his identities are his ways in, and the last one stays
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT provider FROM supporthub.unlink_identity((SELECT id FROM supporthub.get_identities() WHERE provider = 'apple'));
SELECT provider FROM supporthub.unlink_identity((SELECT id FROM supporthub.get_identities() WHERE provider = 'google'));
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT * FROM supporthub.unlink_identity(:'gil_github');
ROLLBACK;
-- Una has a password: her only identity may go
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT provider, provider_id FROM supporthub.unlink_identity((SELECT id FROM supporthub.get_identities()));
SELECT count(*) AS identities_left FROM supporthub.get_identities();
ROLLBACK;
-- another user's identity is not found; nor is a made-up one
BEGIN;
SELECT supporthub.act_as(:'mia');
SELECT * FROM supporthub.unlink_identity(:'gil_github');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'mia');
SELECT * FROM supporthub.unlink_identity('00000000-0000-0000-0000-000000000000');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'mia');
SELECT * FROM supporthub.unlink_identity(NULL);
ROLLBACK;

-- a deactivated user's provider account signs nobody in
BEGIN;
SELECT supporthub.act_as_tenant(:'aviato');
SELECT id AS ada FROM supporthub.create_user('Ada Admin', 'ada@aviato.test', 'admin') \gset
SELECT supporthub.act_as(:'ada');
SELECT active FROM supporthub.update_user(:'gil', active => false);
COMMIT;
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'github', '9001');

-- ---- phone numbers ------------------------------------------------------------
-- written the ways people write them, stored in E.164
SELECT code ~ '^[0-9]{6}$' AS six_digits,
       expires_at - now() BETWEEN interval '4 minutes 59 seconds' AND interval '5 minutes' AS five_minutes
  FROM supporthub.request_phone_otp(:'aviato', ' +1 (800) 555-0100 ');
SELECT count(*) AS codes FROM supporthub.request_phone_otp(:'aviato', '+1.800.555.0101');
SELECT count(*) AS codes FROM supporthub.request_phone_otp(:'aviato', '+44 20 7946 0958');
SELECT count(*) AS codes FROM supporthub.request_phone_otp(:'aviato', '+12345678');
SELECT count(*) AS codes FROM supporthub.request_phone_otp(:'aviato', '+123456789012345');
-- and what is not a phone number
SELECT * FROM supporthub.request_phone_otp(:'aviato', '1 800 555 0100');
SELECT * FROM supporthub.request_phone_otp(:'aviato', '+0 800 555 0100');
SELECT * FROM supporthub.request_phone_otp(:'aviato', '+1234567');
SELECT * FROM supporthub.request_phone_otp(:'aviato', '+1234567890123456');
SELECT * FROM supporthub.request_phone_otp(:'aviato', '+');
SELECT * FROM supporthub.request_phone_otp(:'aviato', '+1 800 FLOWERS');
SELECT * FROM supporthub.request_phone_otp(:'aviato', '+1 800 555 0100 ext. 12');
SELECT * FROM supporthub.request_phone_otp(:'aviato', repeat('1', 1024 * 1024));
SELECT * FROM supporthub.request_phone_otp(:'aviato', '');
SELECT * FROM supporthub.request_phone_otp(:'aviato', NULL);

-- a new number: a wrong code, then the right one signs a new customer up
SELECT code AS c1 FROM supporthub.request_phone_otp(:'aviato', '+1 800 555 0200') \gset
CALL supporthub.verify_phone_otp(:'aviato', '+1 800 555 0200',
                                 CASE WHEN :'c1' = '000000' THEN '000001' ELSE '000000' END,
                                 'Safari on iOS', '198.51.100.1', NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550200', :'c1', 'Safari on iOS', '198.51.100.1', NULL) \gset
SELECT (:'session'::supporthub.session_tokens).user_id AS phil,
       (:'session'::supporthub.session_tokens).access_token AS phil_access \gset
BEGIN;
SELECT supporthub.act_as_session(:'phil_access');
SELECT name, email, phone, role FROM supporthub.users WHERE id = supporthub.current_user_id();
SELECT provider, provider_id, email FROM supporthub.get_identities();
SELECT event FROM supporthub.get_auth_events() ORDER BY id;
COMMIT;
-- a code works once
CALL supporthub.verify_phone_otp(:'aviato', '+18005550200', :'c1', NULL, NULL, NULL);
-- the next code signs the same user in; a new code voids the one before
SELECT code AS c2 FROM supporthub.request_phone_otp(:'aviato', '+18005550200') \gset
SELECT code AS c3 FROM supporthub.request_phone_otp(:'aviato', '+18005550200') \gset
CALL supporthub.verify_phone_otp(:'aviato', '+18005550200', :'c2', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550200', :'c3', NULL, NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).user_id = :'phil' AS same_user;
-- that was the third code in 10 minutes, used or not
\set VERBOSITY terse
SELECT * FROM supporthub.request_phone_otp(:'aviato', '+1-800-555-0200');
\set VERBOSITY default

-- five wrong tries kill a code: then even the right one fails
SELECT code AS c4 FROM supporthub.request_phone_otp(:'aviato', '+1 800 555 0300') \gset
SELECT CASE WHEN :'c4' = '000000' THEN '999999' ELSE '000000' END AS wrong \gset
CALL supporthub.verify_phone_otp(:'aviato', '+18005550300', :'wrong', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550300', 'abcdef', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550300', '12 34 56', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550300', '', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550300', '1234567', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550300', :'c4', NULL, NULL, NULL);
-- surrounding white space of a pasted code is ignored
SELECT code AS c5 FROM supporthub.request_phone_otp(:'aviato', '+1 800 555 0300') \gset
SELECT E'\n ' || :'c5' || E' \t' AS c5_pasted \gset
CALL supporthub.verify_phone_otp(:'aviato', '+18005550300', :'c5_pasted', NULL, NULL, NULL) \gset
SELECT (:'session'::supporthub.session_tokens).user_id IS NOT NULL AS signed_in;

-- an expired code (aged by the superuser: nobody else may write the table)
SELECT code AS c6 FROM supporthub.request_phone_otp(:'aviato', '+1 800 555 0400') \gset
RESET ROLE;
UPDATE supporthub.phone_otps SET expires_at = now() - interval '1 second'
 WHERE tenant_id = :'aviato' AND phone = '+18005550400';
SET ROLE regress_app;
CALL supporthub.verify_phone_otp(:'aviato', '+18005550400', :'c6', NULL, NULL, NULL);
-- a number that never asked for a code, and bad arguments
CALL supporthub.verify_phone_otp(:'aviato', '+18005550500', '123456', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550400', NULL, NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', 'not a phone', '123456', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(NULL, '+18005550400', '123456', NULL, NULL, NULL);
BEGIN;
CALL supporthub.verify_phone_otp(:'aviato', '+18005550400', '123456', NULL, NULL, NULL);
ROLLBACK;

-- the phone identity is Phil's only way in; with another, it may go, and
-- the number leaves his account with it
BEGIN;
SELECT supporthub.act_as(:'phil');
SELECT * FROM supporthub.unlink_identity((SELECT id FROM supporthub.get_identities()));
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'phil');
SELECT provider FROM supporthub.link_identity('google', '777000111', 'phil@aviato.test');
SELECT provider, provider_id FROM supporthub.unlink_identity((SELECT id FROM supporthub.get_identities() WHERE provider = 'phone'));
SELECT phone FROM supporthub.users WHERE id = :'phil';
SELECT action, changes FROM supporthub.get_recent_activities(ref_type => 'user', ref_id => :'phil');
COMMIT;

-- with self sign-up turned off, only existing users sign in these ways;
-- a new number learns it only after the right code
BEGIN;
SELECT supporthub.act_as_tenant(:'aviato');
SELECT supporthub.update_tenant_settings('{"self_sign_up": false}') -> 'self_sign_up' AS self_sign_up;
COMMIT;
SELECT * FROM supporthub.sign_in_with_identity(:'aviato', 'google', '31337', 'new@aviato.test', 'New');
SELECT user_id = :'mia' AS mia_still_signs_in
  FROM supporthub.sign_in_with_identity(:'aviato', 'microsoft', 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ');
SELECT code AS c7 FROM supporthub.request_phone_otp(:'aviato', '+1 800 555 0600') \gset
CALL supporthub.verify_phone_otp(:'aviato', '+18005550600', :'c7', NULL, NULL, NULL);
CALL supporthub.verify_phone_otp(:'aviato', '+18005550600', :'c7', NULL, NULL, NULL);
BEGIN;
SELECT supporthub.act_as_tenant(:'aviato');
SELECT supporthub.update_tenant_settings('{"self_sign_up": true}') -> 'self_sign_up' AS self_sign_up;
COMMIT;

-- the application's role reads no code digest, and no code row at all
SELECT code_hash FROM supporthub.phone_otps;
SELECT count(*) AS visible_codes FROM supporthub.phone_otps;

RESET ROLE;
-- what the codes left: tries counted, every failure logged and committed
SELECT phone, attempts, used_at IS NOT NULL AS used, expires_at < now() AS expired
  FROM supporthub.phone_otps WHERE tenant_id = :'aviato' ORDER BY created_at, id;
SELECT event, count(*), count(user_id) AS with_user
  FROM supporthub.auth_events WHERE tenant_id = :'aviato'
   AND event IN ('identity_linked', 'identity_unlinked', 'phone_code_requested', 'phone_code_failed')
 GROUP BY event ORDER BY event;
-- purge_expired_auth keeps codes the request limit still counts (10 minutes)
SELECT kind, removed FROM supporthub.purge_expired_auth() WHERE kind = 'phone_otps';
UPDATE supporthub.phone_otps SET created_at = now() - interval '11 minutes'
 WHERE tenant_id = :'aviato' AND phone = '+18005550400';
SELECT kind, removed FROM supporthub.purge_expired_auth() WHERE kind = 'phone_otps';
SELECT name FROM supporthub.delete_tenant(:'aviato');
RESET supporthub.bcrypt_cost;
