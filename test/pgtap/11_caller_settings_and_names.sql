-- 11_caller_settings_and_names: what the caller's session cannot change,
-- and what a name may hold.
--   - row_security = off in the caller's session: every API call works as
--     usual (the API pins it for the call);
--   - a read-only transaction: reads work, writes are 25006 with the API's
--     own wording, not PostgreSQL's "cannot execute INSERT";
--   - DateStyle, TimeZone, IntervalStyle, extra_float_digits and
--     lc_monetary do not reach the feed: the same workflow run under odd
--     settings and under the defaults writes the same changes, timestamps
--     in ISO 8601 UTC;
--   - names refuse control, invisible and text-direction characters and a
--     leading combining mark (22023 naming the field), free text keeps
--     them; names are unique after NFKC and case folding, invisible
--     characters left out, so look-alikes are duplicates.
-- Runs as sh_app, a non-superuser LOGIN role.
BEGIN;
SELECT plan(53);

\ir setup/helpers.psql

-- Run sql in a read-only subtransaction; its SQLSTATE and message (or
-- 'ok'), the transaction read-write again afterwards.
CREATE FUNCTION pg_temp.read_only(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	st text; msg text;
BEGIN
	BEGIN
		PERFORM pg_catalog.set_config('transaction_read_only', 'on', true);
		EXECUTE sql;
		RAISE EXCEPTION 'ok' USING ERRCODE = 'RO000';
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
	END;
	RETURN CASE st WHEN 'RO000' THEN 'ok' ELSE st || ': ' || msg END;
END
$$;

-- One help-desk workflow through the API in a new tenant; the tenant's id.
-- Every name is the same in each run, so two runs' feeds can be compared.
CREATE FUNCTION pg_temp.workflow(tenant_name text) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
	t uuid; adm uuid; agt uuid; cus uuid; cat uuid; et uuid; tk uuid; ch uuid;
BEGIN
	PERFORM supporthub.reset_actor();
	t := (supporthub.create_tenant(tenant_name)).id;
	PERFORM supporthub.act_as_tenant(t);
	adm := (supporthub.create_user('Ada Admin', 'ada@settings.test', 'admin')).id;
	PERFORM supporthub.act_as(adm);
	agt := (supporthub.create_user('Gus Agent', 'gus@settings.test', 'agent')).id;
	cus := (supporthub.create_user('Cy Customer', 'cy@settings.test', 'customer')).id;
	cat := (supporthub.create_category('Billing', 'Money matters')).id;
	PERFORM supporthub.update_category(cat, description => 'Invoices and refunds');
	et := (supporthub.create_escalation_type('Manager')).id;
	PERFORM supporthub.create_template(cat, 'Refund issued', 'We have refunded you.', 'email');
	tk := (supporthub.create_ticket('Charged twice', 'Card charged twice', cat, 'low', cus)).id;
	PERFORM supporthub.assign_agent(tk, agt);
	PERFORM supporthub.escalate(tk, et, 'Waiting too long');
	PERFORM supporthub.set_ticket_status(tk, 'pending');
	ch := (supporthub.start_chat(tk)).id;
	PERFORM supporthub.post_chat_msg(ch, 'Hello');
	PERFORM supporthub.add_recording(ch, 'https://recordings.example.com/1.ogg');
	PERFORM supporthub.close_chat(ch);
	PERFORM supporthub.log_communication(tk, 'call', 'Called back', ch);
	PERFORM supporthub.set_ticket_status(tk, 'resolved');
	PERFORM supporthub.update_user(agt, active => false);
	PERFORM supporthub.reset_actor();
	RETURN t;
END
$$;

-- A tenant's feed with ids and ISO 8601 UTC timestamps masked, in order,
-- without the row of the tenant's creation (it holds the tenant's name).
CREATE FUNCTION pg_temp.feed_shape(t uuid) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
	r text[];
BEGIN
	PERFORM supporthub.act_as_tenant(t);
	r := ARRAY(SELECT a.action || ' ' || a.ref_type || ' ' ||
					  regexp_replace(regexp_replace(a.changes::text,
						  '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '<id>', 'g'),
						  '"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?\+00:00"', '<utc>', 'g')
				 FROM supporthub.recent_activities a
				WHERE a.ref_type <> 'tenant'	-- the one row naming the tenant
				ORDER BY a.id);
	PERFORM supporthub.reset_actor();
	RETURN r;
END
$$;

-- ================================================ row_security off
SET row_security = off;
SELECT lives_ok($$SELECT pg_temp.workflow('Rows Off')$$,
	'with row_security = off, the whole workflow runs through the API');
SELECT supporthub.act_as_tenant(id) FROM supporthub.get_tenants() WHERE name = 'Rows Off';
SELECT is((SELECT count(*) FROM supporthub.get_tickets()), 1::bigint,
	'with row_security = off, get_tickets lists the tenant''s ticket');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities()) > 10, true,
	'with row_security = off, get_recent_activities reads the feed');
SELECT is(current_setting('row_security'), 'off', 'the caller''s row_security is left as the caller set it');
SELECT throws_ok('SELECT count(*) FROM supporthub.tickets', '42501', NULL,
	'reading a table directly with row_security = off is still PostgreSQL''s refusal (the policies are not bypassed)');
RESET row_security;
SELECT supporthub.reset_actor();

-- ================================================ read-only transactions
SELECT supporthub.act_as_tenant(id) FROM supporthub.get_tenants() WHERE name = 'Rows Off';
SELECT is(pg_temp.read_only($$SELECT supporthub.create_category('Shipping', NULL)$$),
	'25006: supporthub.create_category changes data and cannot run in a read-only transaction',
	'create_category in a read-only transaction is 25006 with the API''s wording');
SELECT is(pg_temp.read_only($$SELECT supporthub.create_ticket('Read only', 'Nothing is written',
		(SELECT id FROM supporthub.categories LIMIT 1), 'low',
		(SELECT id FROM supporthub.users WHERE email = 'cy@settings.test'))$$),
	'25006: supporthub.create_ticket changes data and cannot run in a read-only transaction',
	'create_ticket in a read-only transaction is 25006 with the API''s wording');
SELECT is(pg_temp.read_only($$SELECT supporthub.set_ticket_status((SELECT id FROM supporthub.tickets LIMIT 1), 'open')$$),
	'25006: supporthub.set_ticket_status changes data and cannot run in a read-only transaction',
	'set_ticket_status in a read-only transaction is 25006 with the API''s wording');
SELECT is(pg_temp.read_only($$SELECT count(*) FROM supporthub.get_tickets()$$), 'ok',
	'reads work in a read-only transaction');
SELECT is(pg_temp.read_only($$SELECT count(*) FROM supporthub.get_recent_activities()$$), 'ok',
	'the feed reads in a read-only transaction');
SELECT is(current_setting('transaction_read_only'), 'off', 'the transaction is read-write again afterwards');
SELECT supporthub.reset_actor();

-- ================================================ the caller's formats
SET DateStyle = 'SQL, DMY';
SET TimeZone = 'America/Los_Angeles';
SET IntervalStyle = 'sql_standard';
SET extra_float_digits = -15;
SET lc_monetary = 'C.UTF-8';
SELECT lives_ok($$SELECT pg_temp.workflow('Odd Settings')$$, 'the workflow runs under odd DateStyle, TimeZone and number settings');
RESET DateStyle;
RESET TimeZone;
RESET IntervalStyle;
RESET extra_float_digits;
RESET lc_monetary;
SELECT lives_ok($$SELECT pg_temp.workflow('Default Settings')$$, 'the same workflow runs under the defaults');

SELECT is(pg_temp.feed_shape((SELECT id FROM supporthub.get_tenants() WHERE name = 'Odd Settings')),
		  pg_temp.feed_shape((SELECT id FROM supporthub.get_tenants() WHERE name = 'Default Settings')),
	'the feed written under odd settings is the feed written under the defaults (ids masked, timestamps ISO 8601 UTC)');
SELECT cmp_ok(array_length(pg_temp.feed_shape((SELECT id FROM supporthub.get_tenants() WHERE name = 'Default Settings')), 1),
	'>=', 15, 'the compared feed covers the workflow (15 or more rows)');

-- close_chat's closed_at, written under Los Angeles time and a SQL, DMY
-- DateStyle: ISO 8601 in UTC, the instant the chat row holds
SELECT supporthub.act_as_tenant(id) FROM supporthub.get_tenants() WHERE name = 'Odd Settings';
SELECT matches((SELECT a.changes->'closed_at'->>'new' FROM supporthub.recent_activities a WHERE a.action = 'closed'),
	'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?\+00:00$',
	'closed_at in the feed is ISO 8601 in UTC although the caller used DateStyle SQL, DMY and America/Los_Angeles');
SELECT is((SELECT (a.changes->'closed_at'->>'new')::timestamptz FROM supporthub.recent_activities a WHERE a.action = 'closed'),
		  (SELECT c.closed_at FROM supporthub.chats c),
	'closed_at in the feed is the instant the chat was closed');
SELECT supporthub.reset_actor();

-- ================================================ what a name may hold
SELECT supporthub.act_as_tenant(id) FROM supporthub.get_tenants() WHERE name = 'Default Settings';
SELECT supporthub.act_as(id) FROM supporthub.get_users() WHERE email = 'ada@settings.test';

-- refused: 22023 naming the field
SELECT throws_ok($$SELECT supporthub.create_category(E'\u200eBilling', NULL)$$, '22023',
	'name must not contain invisible or text-direction characters',
	'a category named LRM + "Billing" is 22023 (it would sit beside "Billing" looking the same)');
SELECT is((pg_temp.err($$SELECT supporthub.create_category(E'\u200eBilling', NULL)$$))->>'detail',
	'U+200E at character 1 is not displayed.', 'the DETAIL names the character and where it is');
SELECT throws_ok($$SELECT supporthub.create_category(E'\u200c', NULL)$$, '22023',
	'name must not contain invisible or text-direction characters', 'a name of only U+200C (ZWNJ) is 22023');
SELECT throws_ok($$SELECT supporthub.create_category(E'\u2060', NULL)$$, '22023',
	'name must not contain invisible or text-direction characters', 'a name of only U+2060 (word joiner) is 22023');
SELECT throws_ok($$SELECT supporthub.create_category(E'\u0301', NULL)$$, '22023',
	'name must not start with a combining mark', 'a name of a lone combining mark is 22023');
SELECT throws_ok($$SELECT supporthub.create_escalation_type(E'Man\u202eager')$$, '22023',
	'label must not contain invisible or text-direction characters', 'a label with a right-to-left override is 22023');
SELECT throws_ok($$SELECT supporthub.create_escalation_type(E'Team\u2066A\u2069')$$, '22023',
	'label must not contain invisible or text-direction characters', 'a label with bidi isolates is 22023');
SELECT throws_ok($$SELECT supporthub.create_user(E'Eve\u0008', 'eve@settings.test', 'agent')$$, '22023',
	'name must not contain control characters', 'a user name with a backspace is 22023');
SELECT throws_ok($$SELECT supporthub.create_user(E'Eve\tTab', 'eve@settings.test', 'agent')$$, '22023',
	'name must not contain control characters', 'a user name with a tab is 22023');
SELECT throws_ok($$SELECT supporthub.create_user('Eve', E'eve\u200b@settings.test', 'agent')$$, '22023',
	'email must not contain invisible or text-direction characters', 'an email with a zero-width space inside is 22023');
SELECT throws_ok($$SELECT supporthub.create_user('Eve', E'\u200c\u200e\u2060', 'agent')$$, '22023',
	'email must not contain invisible or text-direction characters', 'an email of only invisible characters is 22023');
SELECT throws_ok($$SELECT supporthub.create_ticket(E'\u202eCharged twice', NULL, NULL, 'low',
		(SELECT id FROM supporthub.get_users() WHERE email = 'cy@settings.test'))$$, '22023',
	'subject must not contain invisible or text-direction characters', 'a ticket subject with RLO is 22023');
SELECT throws_ok($$SELECT supporthub.update_ticket((SELECT id FROM supporthub.get_tickets() LIMIT 1), subject => E'Charged\u0085twice')$$,
	'22023', 'subject must not contain control characters', 'update_ticket with a C1 control (NEL inside) is 22023');
SELECT throws_ok($$SELECT supporthub.create_template((SELECT id FROM supporthub.get_categories() LIMIT 1), E'Re\u061Cfund', 'Body', 'email')$$,
	'22023', 'title must not contain invisible or text-direction characters', 'a template title with an Arabic letter mark is 22023');
SELECT supporthub.reset_actor();
SELECT throws_ok($$SELECT supporthub.create_tenant(E'Ac\u00adme')$$, '22023',
	'name must not contain invisible or text-direction characters', 'a tenant name with a soft hyphen is 22023');
SELECT supporthub.act_as_tenant(id) FROM supporthub.get_tenants() WHERE name = 'Default Settings';
SELECT supporthub.act_as(id) FROM supporthub.get_users() WHERE email = 'ada@settings.test';

-- accepted: joiners and variation selectors where they shape what is drawn
SELECT is((supporthub.create_category(E'\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645', NULL)).name,
	E'\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645', 'a Persian name with a ZWNJ between letters is kept as typed');
SELECT is((supporthub.create_escalation_type(E'Dev team \U0001F469\u200d\U0001F4BB')).label,
	E'Dev team \U0001F469\u200d\U0001F4BB', 'an emoji ZWJ sequence in a label is kept as typed');
SELECT is((supporthub.create_escalation_type(E'\u2764\ufe0f Support')).label,
	E'\u2764\ufe0f Support', 'a variation selector after a visible character is kept');
SELECT is((supporthub.create_category(E'Cafe\u0301', NULL)).name, E'Cafe\u0301',
	'a combining mark after a letter is fine');

-- free text keeps what the user typed, but not control characters
SELECT is((supporthub.create_category('Notes', E'\u200eRTL mark kept\tand a tab\r\nand lines')).description,
	E'\u200eRTL mark kept\tand a tab\r\nand lines', 'a description keeps invisible marks, tabs and line breaks');
SELECT throws_ok($$SELECT supporthub.create_category('Bells', E'Ring\u0007')$$, '22023',
	'description must not contain control characters other than tab and line breaks',
	'a description with BEL is 22023');
SELECT throws_ok($$SELECT supporthub.post_chat_msg((SELECT id FROM supporthub.chats LIMIT 1), E'esc \u001b[31m red')$$, '22023',
	'message must not contain control characters other than tab and line breaks',
	'a chat message with an ESC sequence is 22023');

-- uniqueness after normalisation: look-alikes are duplicates
SELECT pg_temp.throws_naming($$SELECT supporthub.create_category(E'\uff22illing', NULL)$$, '23505',
	ARRAY['Ｂilling'], 'a full-width "Ｂilling" is a duplicate of "Billing" (NFKC)');
SELECT pg_temp.throws_naming($$SELECT supporthub.create_category(E'Caf\u00e9', NULL)$$, '23505',
	ARRAY['Café'], 'precomposed "Café" is a duplicate of "Cafe" + U+0301 (NFC)');
SELECT throws_ok($$SELECT supporthub.create_category(E'Bill\u200cing', NULL)$$, '23505',
	NULL, 'a ZWNJ between Latin letters does not make "Billing" a new name');
SELECT lives_ok($$SELECT supporthub.create_category(E'\u2163 Floor', NULL)$$, 'a name with the Roman numeral Ⅳ is created');
SELECT throws_ok($$SELECT supporthub.create_category('iv floor', NULL)$$, '23505', NULL,
	'"iv floor" is a duplicate of "Ⅳ Floor" (compatibility forms and case fold together)');
SELECT throws_ok($$SELECT supporthub.create_escalation_type(E'MANAGER')$$, '23505', NULL,
	'case still does not make a new label');
SELECT throws_ok($$SELECT supporthub.create_user('Ada Again', E'\uff41da@settings.test', 'agent')$$, '23505',
	NULL, 'an email with a full-width "ａ" is a duplicate of ada@settings.test');
SELECT throws_ok($$SELECT supporthub.create_template((SELECT id FROM supporthub.get_categories() WHERE name = 'Billing'),
		E'REFUND\u00a0ISSUED', 'Body', 'email')$$, '23505', NULL,
	'a template title with a no-break space is a duplicate of "Refund issued" (NFKC)');
SELECT throws_ok($$SELECT supporthub.update_category((SELECT id FROM supporthub.get_categories() WHERE name = 'Notes'),
		E'\uff42illing')$$, '23505', NULL, 'renaming to a look-alike is a duplicate too');
SELECT supporthub.reset_actor();
SELECT throws_ok($$SELECT supporthub.create_tenant(E'\uff24efault settings')$$, '23505',
	NULL, 'tenant names compare the same way');

-- the key itself
SELECT is(supporthub.name_key(E'  \uff22ill\u200bing\u00a0'), 'billing', 'name_key: NFKC, folded, invisible characters and surrounding spaces dropped');
SELECT is(supporthub.name_key(E'Cafe\u0301'), supporthub.name_key(E'caf\u00e9'), 'name_key: decomposed and precomposed are one');
SELECT is(supporthub.name_key(NULL), NULL, 'name_key(NULL) is NULL');
SELECT is(supporthub.name_key(''), '', 'name_key('''') is empty');

SELECT * FROM finish();
ROLLBACK;
