-- 14_identities_and_phone: provider identities and phone codes as an
-- application meets them.
--   - nothing of a code is readable: the digest column by no role, the
--     rows by nobody but admins;
--   - sign_in_with_identity: a new provider account makes a customer, a
--     known one signs its user in (ids trimmed, compared exactly, per
--     tenant); an unknown one is linked to the account of a verified
--     email, never to one whose email is unverified (23505, nothing
--     written); a deactivated user gets PT401; every refusal by SQLSTATE;
--   - link_identity, unlink_identity, get_identities: one user per provider
--     account, only one's own, never the last way to sign in (PT409);
--   - request_phone_otp: E.164 normalisation and its edge cases, 6 digits,
--     5 minutes, 3 codes per phone per 10 minutes (PT429), a new code
--     voids the older;
--   - verify_phone_otp: a wrong or malformed code is PT401, counted and
--     committed; 5 wrong tries kill the code; a code works once; a new
--     number makes a customer with a phone identity, a known one signs its
--     user in; inside a transaction block 25001;
--   - self sign-up turned off: a new provider account or number is 42501
--     (the number only after the right code), existing users still sign in.
-- An expired code cannot be made here: sh_app may not write phone_otps
-- (nor may any role but the API's, which runs only the API), and five
-- minutes are too long to wait; sql/08_identities_phone.sql ages one as
-- the superuser and shows the PT401.
-- verify_phone_otp commits, so this file runs at top level, not in one
-- transaction: each call is checked through psql's SQLSTATE, and the file
-- makes its own tenants and deletes them at the end.  Runs as sh_app
-- (bcrypt cost 4, set for the database by the setup).  Messages are pinned
-- by the walk-through: only SQLSTATEs are checked here.
\set ON_ERROR_STOP 0
-- a failed call inside BEGIN … ROLLBACK leaves the block usable for its check
\set ON_ERROR_ROLLBACK on
\set VERBOSITY terse
SET client_min_messages = warning;
SELECT plan(106);
\ir setup/helpers.psql

-- ---- nothing of a code is readable ------------------------------------------------------------
SELECT is((SELECT count(*)::int FROM unnest(ARRAY['sh_app', 'supporthub_service', 'supporthub_api']) r(role)
			WHERE pg_catalog.has_column_privilege(r.role, 'supporthub.phone_otps', 'code_hash', 'SELECT')), 0,
		  'no role may SELECT phone_otps.code_hash, the API''s own included');
SELECT ok(pg_catalog.has_column_privilege('sh_app', 'supporthub.phone_otps', 'attempts', 'SELECT'),
		  'the other columns of phone_otps are readable (row-level security filters the rows)');
SELECT throws_ok('SELECT code_hash FROM supporthub.phone_otps', '42501', NULL,
				 'SELECT of a code digest: permission denied');
SELECT throws_ok('SELECT * FROM supporthub.phone_otps', '42501', NULL,
				 'SELECT * of phone_otps: permission denied');
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_class
			WHERE oid IN ('supporthub.auth_identities'::regclass, 'supporthub.phone_otps'::regclass)
			  AND relrowsecurity AND relforcerowsecurity), 2,
		  'auth_identities and phone_otps: row-level security enabled and forced');

SELECT id AS t FROM supporthub.create_tenant('Identity tests') \gset
SELECT id AS other FROM supporthub.create_tenant('Identity tests, other tenant') \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT id AS ada FROM supporthub.create_user('Ada', 'ada@idp.test', 'admin') \gset
SELECT id AS abe FROM supporthub.create_user('Abe', 'abe@idp.test', 'agent') \gset
COMMIT;

-- ---- sign in with a provider account ------------------------------------------------------------
SELECT user_id AS gil, access_token AS gil_access
  FROM supporthub.sign_in_with_identity(:'t', 'google', ' g-100 ', 'gil@idp.test', 'Gil', 'tap', '192.0.2.9') \gset
SELECT is(:'SQLSTATE'::text, '00000', 'a new provider account signs a customer up');
BEGIN;
SELECT supporthub.act_as_session(:'gil_access');
SELECT is((SELECT row(role, email_verified, name)::text FROM supporthub.users WHERE id = :'gil'),
		  '(customer,t,Gil)', 'a customer whose email the provider vouched for');
SELECT is((SELECT array_agg(row(provider, provider_id)::text) FROM supporthub.get_identities()),
		  ARRAY['(google,g-100)'], 'with the identity, its id trimmed');
COMMIT;
SELECT is((SELECT user_id FROM supporthub.sign_in_with_identity(:'t', 'google', 'g-100')), :'gil'::uuid,
		  'the same account signs the same user in');
SELECT is((SELECT user_id FROM supporthub.sign_in_with_identity(:'t', 'google', E'\tg-100\n', 'other@idp.test', 'X')),
		  :'gil'::uuid, 'whatever email and name come with it');
SELECT isnt((SELECT user_id FROM supporthub.sign_in_with_identity(:'t', 'google', 'G-100', NULL, 'Gus')), :'gil'::uuid,
			'ids are compared exactly: another case is another account');
SELECT isnt((SELECT user_id FROM supporthub.sign_in_with_identity(:'t', 'github', 'g-100', NULL, 'Gia')), :'gil'::uuid,
			'the same id at another provider is another account');
SELECT isnt((SELECT user_id FROM supporthub.sign_in_with_identity(:'other', 'google', 'g-100', NULL, 'Gil elsewhere')),
			:'gil'::uuid, 'an identity signs in only in its tenant: elsewhere it is a new account');
SELECT is((SELECT user_id FROM supporthub.sign_in_with_identity(:'t', 'apple', 'a-1', ' GIL@idp.test ')), :'gil'::uuid,
		  'another provider with a verified email (compared as name_key sees it) is linked to that user');

-- no takeover of an account whose email was never proved
SELECT user_id AS una, email_verification_token AS una_verify
  FROM supporthub.sign_up(:'t', 'Una', 'una@idp.test', 'una password 1') \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT count(*) AS users_before FROM supporthub.users \gset
SELECT count(*) AS identities_before FROM supporthub.auth_identities \gset
COMMIT;
SELECT supporthub.sign_in_with_identity(:'t', 'github', 'gh-1', 'una@idp.test', 'Mallory');
SELECT is(:'SQLSTATE'::text, '23505', 'the email of an unverified account: 23505');
SELECT supporthub.sign_in_with_identity(:'t', 'github', 'gh-1', E'\u00a0Una@IDP.test ', 'Mallory');
SELECT is(:'SQLSTATE'::text, '23505', 'however the email is written');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT is((SELECT count(*) FROM supporthub.users), :'users_before'::bigint, 'no user was made');
SELECT is((SELECT count(*) FROM supporthub.auth_identities), :'identities_before'::bigint, 'and no identity linked');
COMMIT;
SELECT supporthub.verify_email(:'una_verify');
SELECT is((SELECT user_id FROM supporthub.sign_in_with_identity(:'t', 'github', 'gh-1', 'una@idp.test')), :'una'::uuid,
		  'once Una proved the email, the provider account is linked to her');

-- the bad input
SELECT supporthub.sign_in_with_identity(NULL, 'google', 'g-2', 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'NULL tenant: 22023');
SELECT supporthub.sign_in_with_identity('00000000-0000-0000-0000-000000000000', 'google', 'g-2', 'x@idp.test');
SELECT is(:'SQLSTATE'::text, 'PT404', 'unknown tenant: PT404');
SELECT supporthub.sign_in_with_identity(:'t', NULL, 'g-2', 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'NULL provider: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'myspace', 'g-2', 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22P02', 'an unknown provider: 22P02');
SELECT supporthub.sign_in_with_identity(:'t', 'phone', '+18005550100', 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'provider phone (proved by a code, not by the application): 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', NULL, 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'NULL provider_id: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', E' \u3000 ', 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'a blank provider_id: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', repeat('1', 256), 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'a provider_id over 255 characters: 22023');
SELECT is((SELECT user_id IS NOT NULL FROM supporthub.sign_in_with_identity(:'t', 'google', repeat('2', 255), NULL, 'Long')),
		  true, 'one of 255 characters is taken');
SELECT supporthub.sign_in_with_identity(:'t', 'google', repeat('x', 1024 * 1024), 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'a 1 MB provider_id: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', E'g\u0007', 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'a control character in provider_id: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', E'g\u200b1', 'x@idp.test');
SELECT is(:'SQLSTATE'::text, '22023', 'an invisible character in provider_id: 22023 (two ids must not look alike)');
SELECT supporthub.sign_in_with_identity(:'t', 'google', 'g-2');
SELECT is(:'SQLSTATE'::text, '22023', 'a new account with neither name nor email: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', 'g-2', 'not an email', 'X');
SELECT is(:'SQLSTATE'::text, '22023', 'an email that is not one: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', 'g-2', '   ', 'X');
SELECT is(:'SQLSTATE'::text, '22023', 'a blank email: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', 'g-2', NULL, '  ');
SELECT is(:'SQLSTATE'::text, '22023', 'a blank name: 22023');
SELECT supporthub.sign_in_with_identity(:'t', 'google', 'g-2', NULL, 'X', repeat('d', 501));
SELECT is(:'SQLSTATE'::text, '22023', 'device_info over 500 characters: 22023');
SELECT user_id AS fay FROM supporthub.sign_in_with_identity(:'t', 'facebook', 'f-1', 'fay@idp.test') \gset
BEGIN;
SELECT supporthub.act_as(:'fay');
SELECT is((SELECT name FROM supporthub.users WHERE id = :'fay'), 'fay@idp.test',
		  'without a name, the new customer is named by their email');
COMMIT;

-- a deactivated user
BEGIN;
SELECT supporthub.act_as(:'ada');
SELECT supporthub.update_user(:'una', active => false);
COMMIT;
SELECT supporthub.sign_in_with_identity(:'t', 'github', 'gh-1');
SELECT is(:'SQLSTATE'::text, 'PT401', 'a deactivated user''s provider account: PT401');
BEGIN;
SELECT supporthub.act_as(:'ada');
SELECT supporthub.update_user(:'una', active => true);
COMMIT;

-- ---- link, unlink, list --------------------------------------------------------------------------
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT is((SELECT row(provider, provider_id, email)::text FROM supporthub.link_identity('github', ' 777 ', 'gil@gh.test')),
		  '(github,777,gil@gh.test)', 'link_identity links a provider account to the acting user');
SELECT is((SELECT array_agg(provider::text) FROM supporthub.get_identities()), ARRAY['github', 'apple', 'google'],
		  'get_identities: the user''s own, newest first');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT id AS gil_github FROM supporthub.get_identities() WHERE provider = 'github' \gset
SELECT id AS gil_apple FROM supporthub.get_identities() WHERE provider = 'apple' \gset
SELECT id AS gil_google FROM supporthub.get_identities() WHERE provider = 'google' \gset
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT supporthub.link_identity('github', '777');
SELECT is(:'SQLSTATE'::text, '23505', 'linking an account linked already (to oneself): 23505');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT supporthub.link_identity('google', 'g-100');
SELECT is(:'SQLSTATE'::text, '23505', 'linking another user''s provider account: 23505');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT supporthub.link_identity('phone', '+18005550100');
SELECT is(:'SQLSTATE'::text, '22023', 'a phone number is not linked on the application''s word: 22023');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT supporthub.link_identity('google', NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'link_identity with a NULL provider_id: 22023');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT supporthub.link_identity('google', 'g-3');
SELECT is(:'SQLSTATE'::text, '42501', 'the tenant actor links nothing: 42501');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT supporthub.get_identities();
SELECT is(:'SQLSTATE'::text, '42501', 'nor lists identities');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT supporthub.unlink_identity(:'gil_github');
SELECT is(:'SQLSTATE'::text, '42501', 'nor unlinks one');
ROLLBACK;
SELECT supporthub.get_identities();
SELECT is(:'SQLSTATE'::text, '42501', 'get_identities with no actor: 42501');

BEGIN;
SELECT supporthub.act_as(:'una');
SELECT supporthub.unlink_identity(:'gil_github');
SELECT is(:'SQLSTATE'::text, 'PT404', 'unlinking another user''s identity: PT404');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'ada');
SELECT supporthub.unlink_identity(:'gil_github');
SELECT is(:'SQLSTATE'::text, 'PT404', 'even as an admin: an identity is unlinked by its user');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT supporthub.unlink_identity(NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'unlink_identity(NULL): 22023');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT is((supporthub.unlink_identity(:'gil_apple')).provider::text, 'apple', 'a user unlinks an identity of theirs');
SELECT is((supporthub.unlink_identity(:'gil_google')).provider::text, 'google', 'and another');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT supporthub.unlink_identity(:'gil_github');
SELECT is(:'SQLSTATE'::text, 'PT409', 'not the last one when there is no password: PT409');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'gil');
SELECT is((SELECT count(*)::int FROM supporthub.get_identities()), 1, 'the last identity is still there');
SELECT is((SELECT array_agg(event::text ORDER BY id) FROM supporthub.get_auth_events()
			WHERE event IN ('identity_linked', 'identity_unlinked')),
		  ARRAY['identity_linked', 'identity_linked', 'identity_linked', 'identity_unlinked', 'identity_unlinked'],
		  'each link and unlink is in the user''s sign-in log');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'una');
SELECT is((SELECT count(*)::int FROM supporthub.get_identities()), 1, 'Una has one identity and a password');
SELECT ok((SELECT (supporthub.unlink_identity(id)).id IS NOT NULL FROM supporthub.get_identities()),
		  'with a password, her only identity may go');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'abe');
SELECT is((SELECT count(*)::int FROM supporthub.auth_identities), 0,
		  'an agent sees no other user''s identities in the table');
SELECT supporthub.act_as(:'ada');
SELECT ok((SELECT count(*)::int FROM supporthub.auth_identities) >= 5, 'an admin sees the tenant''s');
COMMIT;

-- ---- phone numbers ------------------------------------------------------------------------------
SELECT code AS p1, expires_at - now() BETWEEN interval '4 minutes 50 seconds' AND interval '5 minutes' AS p1_5min
  FROM supporthub.request_phone_otp(:'t', '+1 800 555 0101') \gset
SELECT matches(:'p1'::text, '^[0-9]{6}$', 'a code is six digits');
SELECT ok(:'p1_5min', 'it lives five minutes');
SELECT supporthub.request_phone_otp(:'t', '+1-800-555-0102');
SELECT supporthub.request_phone_otp(:'t', '+1.800.555.0103');
SELECT supporthub.request_phone_otp(:'t', '+1 (800) 555-0104');
SELECT supporthub.request_phone_otp(:'t', E'\u00a0 +1 800 555 0105\t');
SELECT supporthub.request_phone_otp(:'t', '+12345678');
SELECT supporthub.request_phone_otp(:'t', '+123456789012345');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT is((SELECT array_agg(phone ORDER BY created_at, id) FROM supporthub.phone_otps),
		  ARRAY['+18005550101', '+18005550102', '+18005550103', '+18005550104', '+18005550105',
				'+12345678', '+123456789012345'],
		  'spaces, dashes, dots and parentheses go: numbers are stored in E.164, 8 and 15 digits included');
COMMIT;
SELECT is((SELECT count(*)::int FROM (VALUES ('1 800 555 0100'), ('+0 800 555 0100'), ('+1234567'),
											  ('+1234567890123456'), ('+'), (''), ('   '), ('+1 800 FLOWERS'),
											  ('++18005550100'), ('+1 800 555 0100 x2'), ('0018005550100'),
											  ('+１８００５５５０１００'),
											  (repeat('1', 1024 * 1024)), ('+' || repeat('1', 1024 * 1024))) v(p)
			WHERE (pg_temp.err(format('SELECT supporthub.request_phone_otp(%L, %L)', :'t', v.p)))->>'sqlstate'
				  IS DISTINCT FROM '22023'), 0,
		  'no +, a leading 0, 7 or 16 digits, only +, blank, letters, two +, an extension, 00, full-width digits, 1 MB: each 22023');
SELECT supporthub.request_phone_otp(:'t', NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'a NULL phone: 22023');
SELECT supporthub.request_phone_otp(NULL, '+18005550101');
SELECT is(:'SQLSTATE'::text, '22023', 'a NULL tenant: 22023');
SELECT supporthub.request_phone_otp('00000000-0000-0000-0000-000000000000', '+18005550101');
SELECT is(:'SQLSTATE'::text, 'PT404', 'an unknown tenant: PT404');

-- a new number: wrong codes count, the right one signs a customer up
SELECT CASE WHEN :'p1' = '000000' THEN '000001' ELSE '000000' END AS p1_wrong \gset
CALL supporthub.verify_phone_otp(:'t', '+18005550101', :'p1_wrong', 'tap', NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'a wrong code: PT401');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT is((SELECT attempts FROM supporthub.phone_otps WHERE phone = '+18005550101'), 1,
		  'the wrong try was counted, and that was committed before the error');
SELECT is((SELECT count(*)::int FROM supporthub.auth_events WHERE event = 'phone_code_failed'), 1,
		  'and logged');
COMMIT;
CALL supporthub.verify_phone_otp(:'t', '+1 (800) 555-0101', :'p1', 'tap', '192.0.2.1', NULL) \gset
SELECT is(:'SQLSTATE'::text, '00000', 'the right code (the number written another way) signs in');
SELECT (:'session'::supporthub.session_tokens).user_id AS pia,
	   (:'session'::supporthub.session_tokens).access_token AS pia_access \gset
BEGIN;
SELECT supporthub.act_as_session(:'pia_access');
SELECT is((SELECT row(role, phone, email)::text FROM supporthub.users WHERE id = :'pia'),
		  '(customer,+18005550101,)', 'a new customer with the number and no email');
SELECT is((SELECT array_agg(row(provider, provider_id, email)::text) FROM supporthub.get_identities()),
		  ARRAY['(phone,+18005550101,)'], 'and a phone identity');
COMMIT;
CALL supporthub.verify_phone_otp(:'t', '+18005550101', :'p1', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'a code works once');
SELECT code AS p2 FROM supporthub.request_phone_otp(:'t', '+18005550101') \gset
CALL supporthub.verify_phone_otp(:'t', '+18005550101', :'p2', NULL, NULL, NULL) \gset
SELECT is((:'session'::supporthub.session_tokens).user_id, :'pia'::uuid, 'the next code signs the same user in');
-- three codes in ten minutes, used or not
SELECT supporthub.request_phone_otp(:'t', '+18005550101');
SELECT is(:'SQLSTATE'::text, '00000', 'a third code within 10 minutes');
SELECT supporthub.request_phone_otp(:'t', '+1 800 555 0101');
SELECT is(:'SQLSTATE'::text, 'PT429', 'a fourth: PT429, however the number is written');
SELECT supporthub.request_phone_otp(:'other', '+18005550101');
SELECT is(:'SQLSTATE'::text, '00000', 'the limit is per tenant');
SELECT supporthub.request_phone_otp(:'t', '+18005550199');
SELECT is(:'SQLSTATE'::text, '00000', 'and per phone');

-- a new code voids the older; five wrong tries kill a code
SELECT code AS q1 FROM supporthub.request_phone_otp(:'t', '+18005550102') \gset
SELECT code AS q2 FROM supporthub.request_phone_otp(:'t', '+18005550102') \gset
SELECT CASE WHEN :'q2' = '000000' THEN '999999' ELSE '000000' END AS q2_wrong \gset
CALL supporthub.verify_phone_otp(:'t', '+18005550102', CASE WHEN :'q1' = :'q2' THEN :'q2_wrong' ELSE :'q1' END, NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'a code voided by a newer one: PT401 (a wrong try at the newer)');
CALL supporthub.verify_phone_otp(:'t', '+18005550102', 'abcdef', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'letters: PT401');
CALL supporthub.verify_phone_otp(:'t', '+18005550102', '12 34 56', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'inner spaces: PT401');
CALL supporthub.verify_phone_otp(:'t', '+18005550102', '', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'empty: PT401');
CALL supporthub.verify_phone_otp(:'t', '+18005550102', :'q2' || '0', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'the code and one digit more: PT401, the fifth wrong try');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT is((SELECT array_agg(attempts ORDER BY created_at, id) FROM supporthub.phone_otps WHERE phone = '+18005550102'),
		  ARRAY[0, 0, 5], 'every malformed code counted as a wrong try at the live code');
COMMIT;
CALL supporthub.verify_phone_otp(:'t', '+18005550102', :'q2', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'after five wrong tries the right code is PT401 too');
CALL supporthub.verify_phone_otp(:'t', '+18005550102', NULL, NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'a NULL code: 22023');
CALL supporthub.verify_phone_otp(:'t', '+18005550102', repeat('1', 1024 * 1024), NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'a 1 MB code: PT401');
CALL supporthub.verify_phone_otp(:'t', 'not a phone', '123456', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '22023', 'verify with a malformed phone: 22023');
CALL supporthub.verify_phone_otp(:'t', '+18005550000', '123456', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'a number that asked for no code: PT401');
SELECT code AS r1 FROM supporthub.request_phone_otp(:'t', '+18005550103') \gset
CALL supporthub.verify_phone_otp(:'other', '+18005550103', :'r1', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'a code works only in its tenant');
BEGIN;
CALL supporthub.verify_phone_otp(:'t', '+18005550103', :'r1', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '25001', 'verify_phone_otp inside a transaction block: 25001');
ROLLBACK;
SELECT throws_ok(format('CALL supporthub.verify_phone_otp(%L, %L, %L, NULL, NULL, NULL)', :'t', '+18005550103', :'r1'),
				 '25001', NULL, 'verify_phone_otp from a function: 25001');
CALL supporthub.verify_phone_otp(:'t', E' +1 800 555 0103 ', E'\n' || :'r1' || ' ', NULL, NULL, NULL) \gset
SELECT is(:'SQLSTATE'::text, '00000', 'a pasted code with white space around it signs in');
SELECT (:'session'::supporthub.session_tokens).user_id AS rex \gset

-- a deactivated phone user; the phone identity leaves with the number
BEGIN;
SELECT supporthub.act_as(:'ada');
SELECT supporthub.update_user(:'rex', active => false);
COMMIT;
SELECT code AS s1 FROM supporthub.request_phone_otp(:'t', '+18005550103') \gset
CALL supporthub.verify_phone_otp(:'t', '+18005550103', :'s1', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'PT401 for the right code of a deactivated user');
BEGIN;
SELECT supporthub.act_as(:'pia');
SELECT supporthub.unlink_identity((SELECT id FROM supporthub.get_identities()));
SELECT is(:'SQLSTATE'::text, 'PT409', 'the phone identity is the last way in of a phone customer: PT409');
ROLLBACK;
BEGIN;
SELECT supporthub.act_as(:'pia');
SELECT supporthub.link_identity('google', 'pia-g', 'pia@idp.test');
SELECT is((supporthub.unlink_identity((SELECT id FROM supporthub.get_identities() WHERE provider = 'phone'))).provider_id,
		  '+18005550101', 'with another identity, the phone identity may go');
SELECT is((SELECT phone FROM supporthub.users WHERE id = :'pia'), NULL, 'and the number leaves the account');
COMMIT;

-- self sign-up turned off: only existing users sign in these ways
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT supporthub.update_tenant_settings('{"self_sign_up": false}');
COMMIT;
SELECT supporthub.sign_in_with_identity(:'t', 'google', 'closed-1', 'closed@idp.test', 'Closed');
SELECT is(:'SQLSTATE'::text, '42501', 'self sign-up off: a new provider account is refused, 42501');
SELECT is((SELECT user_id FROM supporthub.sign_in_with_identity(:'t', 'github', '777')), :'gil'::uuid,
		  'a linked one still signs its user in');
SELECT code AS z1 FROM supporthub.request_phone_otp(:'t', '+18005550301') \gset
CALL supporthub.verify_phone_otp(:'t', '+18005550301', :'z1', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, '42501', 'a new number with the right code: 42501 (only its holder learns it)');
CALL supporthub.verify_phone_otp(:'t', '+18005550301', :'z1', NULL, NULL, NULL);
SELECT is(:'SQLSTATE'::text, 'PT401', 'and that code was used up, committed');
BEGIN;
SELECT supporthub.act_as_tenant(:'t');
SELECT supporthub.update_tenant_settings('{"self_sign_up": true}');
COMMIT;

-- ---- the log, and the clean-up --------------------------------------------------------------------
BEGIN;
SELECT supporthub.act_as(:'ada');
SELECT is((SELECT count(*)::int FROM supporthub.auth_events WHERE event = 'phone_code_requested'),
		  (SELECT count(*)::int FROM supporthub.phone_otps), 'each code requested is logged');
SELECT ok((SELECT count(*) FROM supporthub.auth_events WHERE event = 'phone_code_failed') >= 10,
		  'each failed verification is logged, committed');
COMMIT;
SELECT is((SELECT count(*)::int FROM pg_catalog.pg_proc p
			WHERE p.pronamespace = 'supporthub'::regnamespace
			  AND p.proname IN ('sign_in_with_identity', 'link_identity', 'unlink_identity', 'get_identities',
								'request_phone_otp', 'verify_phone_otp')
			  AND (p.prosecdef OR p.prokind = 'p')), 6,
		  'the six functions: SECURITY DEFINER, and verify_phone_otp a procedure');

SELECT supporthub.delete_tenant(:'t') IS NOT NULL AND supporthub.delete_tenant(:'other') IS NOT NULL AS cleaned \gset
SELECT ok(:'cleaned', 'the tenants of this file are deleted');
SELECT * FROM finish();
