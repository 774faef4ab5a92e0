-- 12_tenant_settings: get_tenant_settings and update_tenant_settings
-- (SPEC-1.1 §D) on the shared fixture's tenants A and B: the defaults of a
-- tenant, old and new; each key set and read back; only the keys given
-- change and one activity row says how; JSON null clears only the
-- nullable keys; every refusal by SQLSTATE, the message naming the key;
-- who may read and who may change them; deleting the SLA escalation type
-- clears the setting.  Wordings that the walk-through sql/02_tenants_users
-- shows are pinned there; here a refusal is checked by its SQLSTATE and
-- the key its message names.  Runs as sh_app, a non-superuser LOGIN role.
BEGIN;
SELECT plan(117);

\ir setup/helpers.psql
\ir ../fixture/ids.psql

-- the settings every tenant starts with
CREATE FUNCTION pg_temp.defaults() RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
	SELECT '{"self_sign_up": true, "max_sessions_per_user": 5, "access_token_minutes": 15,
			 "refresh_token_days": 30, "refresh_reuse_seconds": 10, "auto_assign": false,
			 "sla_escalation_type_id": null, "agent_refund_limit": null, "currency": "USD",
			 "time_zone": "UTC"}'::jsonb
$$;
-- update_tenant_settings with one key, as SQL text for throws_naming
CREATE FUNCTION pg_temp.setting(key text, value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT format('SELECT supporthub.update_tenant_settings(%L)', format('{"%s": %s}', key, value))
$$;

-- =================================================================== defaults
SELECT supporthub.act_as(:'a_admin');
SELECT is(supporthub.get_tenant_settings(), pg_temp.defaults(),
	'A admin: a tenant of the fixture has the defaults, every key present');
SELECT is((SELECT count(*) FROM jsonb_object_keys(supporthub.get_tenant_settings())), 10::bigint,
	'the settings are ten keys');
SELECT id AS fresh_tenant FROM supporthub.create_tenant('Settings Test Co') \gset
SELECT supporthub.act_as_tenant(:'fresh_tenant');
SELECT is(supporthub.get_tenant_settings(), pg_temp.defaults(),
	'create_tenant gives the new tenant its settings, the defaults, in the same transaction');
SELECT is((SELECT count(*) FROM supporthub.tenant_settings), 1::bigint,
	'the new tenant''s system actor sees one settings row, its own');

-- =================================================================== each key set and read back
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.update_tenant_settings(jsonb_build_object(k, v)) -> k)::text, coalesce(r, v)::text,
		  format('%s = %s is set and returned%s', k, v, CASE WHEN r IS NOT NULL THEN ' as ' || r::text ELSE '' END))
  FROM (VALUES (1, 'self_sign_up', 'false'::jsonb, NULL::jsonb),
			   (2, 'max_sessions_per_user', '1', NULL),
			   (3, 'max_sessions_per_user', '100', NULL),
			   (4, 'max_sessions_per_user', '7.0', '7'),
			   (5, 'access_token_minutes', '1440', NULL),
			   (6, 'access_token_minutes', '1', NULL),
			   (7, 'refresh_token_days', '90', NULL),
			   (8, 'refresh_reuse_seconds', '0', NULL),
			   (9, 'refresh_reuse_seconds', '3e2', '300'),
			   (10, 'auto_assign', 'true', NULL),
			   (11, 'sla_escalation_type_id', to_jsonb(:'a_manager'::text), NULL),
			   (12, 'agent_refund_limit', '1250.5', '1250.50'),
			   (13, 'agent_refund_limit', '0', '0.00'),
			   (14, 'agent_refund_limit', '9999999999.99', NULL),
			   (15, 'currency', '"EUR"', NULL),
			   (16, 'time_zone', '"Europe/Paris"', NULL),
			   (17, 'time_zone', '"america/new_york"', '"America/New_York"')) AS c(n, k, v, r)
 ORDER BY n;
SELECT is(supporthub.get_tenant_settings(),
		  jsonb_build_object('self_sign_up', false, 'max_sessions_per_user', 7, 'access_token_minutes', 1,
							 'refresh_token_days', 90, 'refresh_reuse_seconds', 300, 'auto_assign', true,
							 'sla_escalation_type_id', :'a_manager'::uuid,
							 'agent_refund_limit', 9999999999.99, 'currency', 'EUR',
							 'time_zone', 'America/New_York'),
	'get_tenant_settings reads back every key as set');
SELECT is((SELECT sla_escalation_type_id FROM supporthub.tenant_settings), :'a_manager'::uuid,
	'the table holds the setting in its typed column');

-- several keys at once: only those change
SELECT supporthub.update_tenant_settings('{"currency": "GBP", "refresh_token_days": 14}') AS updated \gset
SELECT is(:'updated'::jsonb, supporthub.get_tenant_settings(), 'update_tenant_settings returns the settings as they now are');
SELECT is(supporthub.get_tenant_settings() - 'currency' - 'refresh_token_days',
		  jsonb_build_object('self_sign_up', false, 'max_sessions_per_user', 7, 'access_token_minutes', 1,
							 'refresh_reuse_seconds', 300, 'auto_assign', true,
							 'sla_escalation_type_id', :'a_manager'::uuid,
							 'agent_refund_limit', 9999999999.99, 'time_zone', 'America/New_York'),
	'the keys not given are left as they were');
SELECT is(supporthub.get_tenant_settings() -> 'currency', '"GBP"'::jsonb, 'currency changed with another key');
SELECT is(supporthub.get_tenant_settings() -> 'refresh_token_days', '14'::jsonb, 'refresh_token_days changed with another key');

-- tenant B is untouched
SELECT supporthub.act_as(:'b_admin');
SELECT is(supporthub.get_tenant_settings(), pg_temp.defaults(), 'B admin: B''s settings did not change with A''s');
SELECT is((SELECT count(*) FROM supporthub.tenant_settings WHERE tenant_id <> :'b_tenant'), 0::bigint,
	'B admin: no settings row of another tenant is visible');

-- =================================================================== the feed
SELECT supporthub.act_as(:'a_admin');
SELECT supporthub.uuid_v7() AS mark \gset
SELECT lives_ok('SELECT supporthub.update_tenant_settings(''{"currency": "JPY", "auto_assign": false, "refresh_reuse_seconds": 300}'')',
	'a change of two keys, with a third given as it already is');
SELECT is(pg_temp.acts(:'a_tenant', :'mark'), ARRAY['updated tenant'], 'the change writes one activity row, updated / tenant');
SELECT is((SELECT ref_id FROM pg_temp.one(:'a_tenant', :'mark')), :'a_tenant'::uuid, 'about the tenant');
SELECT is((SELECT user_id FROM pg_temp.one(:'a_tenant', :'mark')), :'a_admin'::uuid, 'by the admin');
SELECT is((SELECT changes FROM pg_temp.one(:'a_tenant', :'mark')),
		  '{"currency": {"old": "GBP", "new": "JPY"}, "auto_assign": {"old": true, "new": false}}'::jsonb,
	'changes holds the keys that changed, old and new, and not the one given unchanged');
SELECT supporthub.uuid_v7() AS mark \gset
SELECT is(supporthub.update_tenant_settings('{}'), supporthub.get_tenant_settings(),
	'an empty object changes nothing and returns the settings');
SELECT is(supporthub.update_tenant_settings('{"currency": "JPY", "time_zone": "America/New_York"}') -> 'currency',
		  '"JPY"'::jsonb, 'values equal to the current ones change nothing');
SELECT is(supporthub.update_tenant_settings('{"time_zone": "AMERICA/NEW_YORK"}') -> 'time_zone',
		  '"America/New_York"'::jsonb, 'a time zone spelt otherwise is the same zone');
SELECT is(pg_temp.acts(:'a_tenant', :'mark'), '{}'::text[], 'and nothing is written to the feed when nothing changed');

-- the system actor changes them too: the feed says no user
SELECT supporthub.act_as_tenant(:'a_tenant');
SELECT supporthub.uuid_v7() AS mark \gset
SELECT is(supporthub.update_tenant_settings('{"self_sign_up": true}') -> 'self_sign_up', 'true'::jsonb,
	'the system actor changes a setting');
SELECT is((SELECT jsonb_build_object('user_id', user_id, 'changes', changes) FROM pg_temp.one(:'a_tenant', :'mark')),
		  '{"user_id": null, "changes": {"self_sign_up": {"old": false, "new": true}}}'::jsonb,
	'logged as by no user');

-- =================================================================== null
SELECT supporthub.act_as(:'a_admin');
SELECT supporthub.uuid_v7() AS mark \gset
SELECT is(supporthub.update_tenant_settings('{"sla_escalation_type_id": null, "agent_refund_limit": null}')
			- ARRAY['self_sign_up', 'max_sessions_per_user', 'access_token_minutes', 'refresh_token_days',
					'refresh_reuse_seconds', 'auto_assign', 'currency', 'time_zone'],
		  '{"sla_escalation_type_id": null, "agent_refund_limit": null}'::jsonb,
	'JSON null clears sla_escalation_type_id and agent_refund_limit');
SELECT is((SELECT changes FROM pg_temp.one(:'a_tenant', :'mark')),
		  jsonb_build_object('sla_escalation_type_id', jsonb_build_object('old', :'a_manager'::uuid, 'new', NULL),
							 'agent_refund_limit', jsonb_build_object('old', 9999999999.99, 'new', NULL)),
	'the feed shows the values cleared');
SELECT pg_temp.throws_naming(pg_temp.setting(k, 'null'), '22023', ARRAY[k],
	format('JSON null for %s, which cannot be cleared, is 22023 naming it', k))
  FROM unnest(ARRAY['self_sign_up', 'max_sessions_per_user', 'access_token_minutes', 'refresh_token_days',
					'refresh_reuse_seconds', 'auto_assign', 'currency', 'time_zone']) AS k;

-- =================================================================== bad values, key by key
SELECT pg_temp.throws_naming(pg_temp.setting(k, v), '22023', ARRAY[k], format('%s = %s is 22023 naming %s (%s)', k, v, k, why))
  FROM (VALUES ('self_sign_up', '"true"', 'a string'),
			   ('self_sign_up', '1', 'a number'),
			   ('auto_assign', '[true]', 'an array'),
			   ('max_sessions_per_user', '"5"', 'a string'),
			   ('max_sessions_per_user', '5.5', 'a fraction'),
			   ('max_sessions_per_user', '0', 'below the range'),
			   ('max_sessions_per_user', '101', 'above the range'),
			   ('max_sessions_per_user', 'true', 'a boolean'),
			   ('access_token_minutes', '1441', 'above the range'),
			   ('access_token_minutes', '-15', 'negative'),
			   ('refresh_token_days', '91', 'above the range'),
			   ('refresh_token_days', '1e300', 'far above the range'),
			   ('refresh_reuse_seconds', '-1', 'below the range'),
			   ('refresh_reuse_seconds', '301', 'above the range'),
			   ('sla_escalation_type_id', '42', 'a number'),
			   ('sla_escalation_type_id', '"manager"', 'not a uuid'),
			   ('sla_escalation_type_id', '""', 'empty'),
			   ('sla_escalation_type_id', '{"id": 1}', 'an object'),
			   ('agent_refund_limit', '-1', 'negative'),
			   ('agent_refund_limit', '10.005', 'three decimals'),
			   ('agent_refund_limit', '"12.50"', 'a string'),
			   ('agent_refund_limit', '10000000000', 'more than the column holds'),
			   ('agent_refund_limit', 'false', 'a boolean'),
			   ('currency', '"usd"', 'lower case'),
			   ('currency', '"US"', 'two letters'),
			   ('currency', '"EURO"', 'four letters'),
			   ('currency', '840', 'the numeric code'),
			   ('currency', '"ÉUR"', 'a letter outside A–Z'),
			   ('time_zone', '"Mars/Olympus_Mons"', 'no such zone'),
			   ('time_zone', '"UTC+3"', 'a POSIX offset, not a zone name'),
			   ('time_zone', '""', 'empty'),
			   ('time_zone', format('"%s"', repeat('x', 100000)), 'too long'),
			   ('time_zone', '3', 'a number')) AS c(k, v, why);
SELECT is(supporthub.get_tenant_settings() -> 'currency', '"JPY"'::jsonb, 'nothing was changed by the refused calls');
SELECT pg_temp.throws_naming('SELECT supporthub.update_tenant_settings(''{"auto_assign": true, "currency": "eur"}'')',
	'22023', ARRAY['currency'], 'one bad key refuses the whole call');
SELECT is(supporthub.get_tenant_settings() -> 'auto_assign', 'false'::jsonb, 'and the good key beside it was not changed');

-- the argument itself
SELECT pg_temp.throws_naming('SELECT supporthub.update_tenant_settings(NULL)', '22023', ARRAY['settings'],
	'a SQL NULL argument is 22023 naming settings');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_tenant_settings(%L)', d), '22023', ARRAY['settings'],
	format('%s is 22023 naming settings (not an object)', d))
  FROM unnest(ARRAY['null', '[]', '"auto_assign"', '42', 'true']) AS d;
SELECT pg_temp.throws_naming('SELECT supporthub.update_tenant_settings(''{"colour": "blue"}'')', '22023', ARRAY['colour'],
	'an unknown key is 22023 naming it');
SELECT pg_temp.throws_naming('SELECT supporthub.update_tenant_settings(''{"auto_assign": true, "Auto_Assign": true}'')',
	'22023', ARRAY['Auto_Assign'], 'keys are spelt exactly (case counts)');
SELECT ok(length(pg_temp.err(format('SELECT supporthub.update_tenant_settings(%L)',
									format('{"%s": 1}', repeat('k', 1048576))))->>'message') < 100,
	'an unknown key of 1 MB is named by its beginning only');
SELECT throws_ok('SELECT supporthub.update_tenant_settings(''{"auto_assign": "yes"}'')', '22023',
	'auto_assign must be true or false', 'the message says what the key takes');
SELECT is(pg_temp.err('SELECT supporthub.update_tenant_settings(''{"agent_refund_limit": "1"}'')')->>'hint',
	'Or null: agents may refund any amount.', 'a nullable key''s refusal hints that null clears it');
SELECT is(nullif(pg_temp.err('SELECT supporthub.update_tenant_settings(''{"currency": null}'')')->>'hint', ''), NULL,
	'a key that cannot be cleared gets no such hint');

-- =================================================================== the escalation type
SELECT pg_temp.throws_naming(pg_temp.setting('sla_escalation_type_id', to_jsonb(:'b_manager'::text)::text), 'PT404',
	ARRAY['Escalation type'], 'an escalation type of tenant B is not found');
SELECT pg_temp.throws_naming(pg_temp.setting('sla_escalation_type_id', '"00000000-0000-0000-0000-000000000000"'), 'PT404',
	ARRAY['Escalation type'], 'a uuid of no escalation type is not found');
SELECT pg_temp.throws_naming(pg_temp.setting('sla_escalation_type_id', to_jsonb(:'a_billing'::text)::text), 'PT404',
	ARRAY['Escalation type'], 'the id of a category is not an escalation type');
SELECT id AS sla_type FROM supporthub.create_escalation_type('SLA breach (settings test)') \gset
SELECT is(supporthub.update_tenant_settings(jsonb_build_object('sla_escalation_type_id', :'sla_type'::uuid))
			-> 'sla_escalation_type_id', to_jsonb(:'sla_type'::uuid),
	'sla_escalation_type_id names an escalation type of the tenant');
SELECT is(supporthub.update_tenant_settings(jsonb_build_object('sla_escalation_type_id', replace(:'sla_type', '-', '')))
			-> 'sla_escalation_type_id', to_jsonb(:'sla_type'::uuid),
	'the uuid may come without its hyphens');
SELECT lives_ok(format('SELECT supporthub.delete_escalation_type(%L)', :'sla_type'),
	'the SLA escalation type can be deleted: the setting does not keep it in use');
SELECT is(supporthub.get_tenant_settings() -> 'sla_escalation_type_id', 'null'::jsonb,
	'deleting the escalation type clears the setting');
SELECT is(supporthub.get_tenant_settings() -> 'currency', '"JPY"'::jsonb, 'and leaves the other settings as they were');

-- =================================================================== who may
-- an agent reads them, and may not change them
SELECT supporthub.act_as(:'a_agent');
SELECT is(supporthub.get_tenant_settings() -> 'currency', '"JPY"'::jsonb, 'A agent: reads the settings');
SELECT throws_ok('SELECT supporthub.update_tenant_settings(''{"auto_assign": true}'')', '42501', NULL,
	'A agent: update_tenant_settings is 42501');
SELECT throws_ok('SELECT supporthub.update_tenant_settings(''{}'')', '42501', NULL,
	'A agent: even with nothing to change');
SELECT is((SELECT count(*) FROM supporthub.tenant_settings), 1::bigint, 'A agent: sees the tenant''s settings row');
-- a customer neither
SELECT supporthub.act_as(:'a_customer');
SELECT throws_ok('SELECT supporthub.get_tenant_settings()', '42501', NULL, 'A customer: get_tenant_settings is 42501');
SELECT throws_ok('SELECT supporthub.update_tenant_settings(''{"self_sign_up": false}'')', '42501', NULL,
	'A customer: update_tenant_settings is 42501');
SELECT is((SELECT count(*) FROM supporthub.tenant_settings), 0::bigint, 'A customer: sees no settings row');
-- nobody neither
SELECT supporthub.reset_actor();
SELECT throws_ok('SELECT supporthub.get_tenant_settings()', '42501', NULL, 'no actor: get_tenant_settings is 42501');
SELECT throws_ok('SELECT supporthub.update_tenant_settings(''{}'')', '42501', NULL, 'no actor: update_tenant_settings is 42501');
SELECT is((SELECT count(*) FROM supporthub.tenant_settings), 0::bigint, 'no actor: sees no settings row');
-- (no direct write of the table, by anyone: test/pgtap/03_visibility.sql)
SELECT supporthub.act_as(:'a_admin');
-- a change in a read-only transaction (made read-only inside throws_ok's
-- subtransaction, which ends with the error)
SELECT throws_ok('SELECT pg_catalog.set_config(''transaction_read_only'', ''on'', true),'
				 ' supporthub.update_tenant_settings(''{"auto_assign": true}'')', '25006', NULL,
	'read-only: update_tenant_settings is 25006');

SELECT * FROM finish();
ROLLBACK;
