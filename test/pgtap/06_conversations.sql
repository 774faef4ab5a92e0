-- 06_conversations: chats, messages, recordings and communications on a
-- ticket (SPEC §5, §6, §7) — start_chat, post_chat_msg, get_chat_msgs,
-- close_chat, add_recording, get_recordings, log_communication,
-- get_communications: every rule and refusal by SQLSTATE (its exact
-- message where no walk-through shows it), what each role of each tenant
-- may see and do, keyset paging over 300 messages, and exactly one
-- activity row per change; in the shared fixture's tenants.  Runs as
-- sh_app, a non-superuser LOGIN role: RLS is what filters.
BEGIN;
SELECT plan(178);

-- ------------------------------------------------------------ helpers
\ir setup/helpers.psql
-- Post n messages 'm1' … 'mn' to chat; every tenth also one to other.
CREATE FUNCTION pg_temp.post_many(chat uuid, other uuid, n integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
	FOR i IN 1 .. n LOOP
		PERFORM supporthub.post_chat_msg(chat, 'm' || i);
		IF other IS NOT NULL AND i % 10 = 0 THEN
			PERFORM supporthub.post_chat_msg(other, 'interleaved ' || i);
		END IF;
	END LOOP;
	RETURN n;
END
$$;
-- Page through get_chat_msgs with the current actor until an empty page.
CREATE FUNCTION pg_temp.msg_pages(chat uuid, psize integer)
RETURNS TABLE (p_page integer, p_ord integer, p_id uuid, p_message text) LANGUAGE plpgsql AS $$
DECLARE
	last_id uuid;
	r record;
	got integer;
BEGIN
	p_page := 0;
	p_ord := 0;
	LOOP
		p_page := p_page + 1;
		got := 0;
		FOR r IN SELECT m.id, m.message FROM supporthub.get_chat_msgs(chat, last_id, psize) m LOOP
			got := got + 1;
			p_ord := p_ord + 1;
			p_id := r.id;
			p_message := r.message;
			last_id := r.id;
			RETURN NEXT;
		END LOOP;
		EXIT WHEN got = 0;
		IF p_page > 1000 THEN
			RAISE EXCEPTION 'get_chat_msgs paging does not end';
		END IF;
	END LOOP;
END
$$;

-- ------------------------------------------------------------ fixture
-- The shared fixture's tenants A and B and their people; the tickets the
-- conversations hang on are made here, as A's admin: t1 customer one's,
-- assigned to the agent; t2 customer two's; t3 customer one's, unassigned.
-- cb1 is an open chat of B.
\ir ../fixture/ids.psql
\set ta :a_tenant
\set tb :b_tenant
\set a_cust1 :a_customer
\set a_cust2 :a_customer2
\set a_cat :a_billing
\set a_type :a_manager
\set b_cust :b_customer
\set cb1 :b_c_open
SELECT supporthub.act_as(:'a_admin');
SELECT id AS t1, ticket_number AS t1_num FROM supporthub.create_ticket('Login fails', 'x', :'a_cat', 'medium', :'a_cust1') \gset
SELECT id AS ignored FROM supporthub.assign_agent(:'t1', :'a_agent') \gset
SELECT id AS t2 FROM supporthub.create_ticket('Other customer', 'x', :'a_cat', 'medium', :'a_cust2') \gset
SELECT id AS t3 FROM supporthub.create_ticket('Unassigned', 'x', :'a_cat', 'medium', :'a_cust1') \gset

-- =================================================================== start_chat
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS c1, tenant_id AS c1_tenant, ticket_id AS c1_ticket, started_by_user_id AS c1_by,
	   assigned_agent_id AS c1_agent, closed_at IS NULL AS c1_open
  FROM supporthub.start_chat(:'t1') \gset
SELECT is(row(:'c1_tenant'::uuid, :'c1_ticket'::uuid, :'c1_by'::uuid, :'c1_agent'::uuid, :'c1_open'::boolean)::text,
		  row(:'ta'::uuid, :'t1'::uuid, :'a_cust1'::uuid, :'a_agent'::uuid, true)::text,
		  'start_chat by the ticket''s customer: on the ticket, started by them, answered by the ticket''s agent, open');
SELECT is(pg_temp.acts(:'ta', :'m'), ARRAY['created chat'], 'start_chat writes exactly one activity: created/chat');
SELECT is((SELECT row(ref_id, ticket_id, user_id)::text FROM pg_temp.one(:'ta', :'m')),
		  row(:'c1'::uuid, :'t1'::uuid, :'a_cust1'::uuid)::text, 'the activity: about the chat, on the ticket, by the customer');
SELECT is((supporthub.start_chat(:'t3')).assigned_agent_id, NULL, 'start_chat on an unassigned ticket: nobody answers yet');
SELECT id AS c1b FROM supporthub.start_chat(:'t1') \gset
SELECT isnt(:'c1b'::uuid, :'c1'::uuid, 'a ticket may have several chats');
SELECT pg_temp.throws_naming(format('SELECT supporthub.start_chat(%L)', :'t2'), 'PT404', ARRAY['Ticket'],
	'start_chat on another customer''s ticket is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.start_chat(NULL)', '22023', ARRAY['ticket_id'], 'start_chat(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.start_chat(''00000000-0000-7000-8000-000000000000'')', 'PT404', ARRAY['Ticket'],
	'start_chat(unknown ticket) is PT404');
SELECT throws_ok('SELECT supporthub.start_chat(''nope'')', '22P02', NULL, 'start_chat(malformed uuid) is 22P02');
SELECT supporthub.act_as(:'a_agent2');
SELECT is((SELECT row(started_by_user_id, assigned_agent_id)::text FROM supporthub.start_chat(:'t1')),
		  row(:'a_agent2'::uuid, :'a_agent2'::uuid)::text, 'start_chat by an agent: started and answered by that agent');
SELECT supporthub.act_as(:'a_admin');
SELECT id AS c2, started_by_user_id AS c2_by, assigned_agent_id AS c2_agent FROM supporthub.start_chat(:'t2') \gset
SELECT is(row(:'c2_by'::uuid, :'c2_agent'::uuid)::text, row(:'a_admin'::uuid, :'a_admin'::uuid)::text,
	'start_chat by an admin: started and answered by the admin');
SELECT supporthub.act_as_tenant(:'ta');
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((SELECT row(started_by_user_id IS NULL, assigned_agent_id)::text FROM supporthub.start_chat(:'t1')),
		  row(true, :'a_agent'::uuid)::text, 'start_chat by the system actor: started by nobody, answered by the ticket''s agent');
SELECT is((SELECT row(action, ref_type, user_id IS NULL)::text FROM pg_temp.one(:'ta', :'m')), '(created,chat,t)',
	'the system actor''s chat: one activity with user_id NULL');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.start_chat(%L)', :'t1'), 'PT404', ARRAY['Ticket'],
	'start_chat by staff of another tenant is PT404');
SELECT supporthub.act_as(:'b_cust');
SELECT pg_temp.throws_naming(format('SELECT supporthub.start_chat(%L)', :'t1'), 'PT404', ARRAY['Ticket'],
	'start_chat by a customer of another tenant is PT404');
SELECT supporthub.act_as(:'a_agent');
SELECT id AS t4 FROM supporthub.create_ticket('Resolved', 'x', :'a_cat', 'medium', :'a_cust1') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t4', 'resolved') \gset
SELECT is((supporthub.start_chat(:'t4')).ticket_id, :'t4'::uuid, 'a resolved (not closed) ticket still takes a chat');

-- =================================================================== post_chat_msg
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS msg1, tenant_id AS msg1_tenant, chat_id AS msg1_chat, sender_id AS msg1_sender, message AS msg1_text
  FROM supporthub.post_chat_msg(:'c1', 'Hello, I still cannot log in.') \gset
SELECT is(row(:'msg1_tenant'::uuid, :'msg1_chat'::uuid, :'msg1_sender'::uuid, :'msg1_text'::text)::text,
		  row(:'ta'::uuid, :'c1'::uuid, :'a_cust1'::uuid, 'Hello, I still cannot log in.')::text,
		  'post_chat_msg by the ticket''s customer returns the message, sent by them');
SELECT is(pg_temp.acts(:'ta', :'m'), ARRAY['created chat_msg'], 'post_chat_msg writes exactly one activity: created/chat_msg');
SELECT is((SELECT row(ref_id, ticket_id, user_id)::text FROM pg_temp.one(:'ta', :'m')),
		  row(:'msg1'::uuid, :'t1'::uuid, :'a_cust1'::uuid)::text, 'the activity: about the message, on the chat''s ticket, by the customer');
SELECT is(char_length((supporthub.post_chat_msg(:'c1', repeat('m', 10000))).message), 10000, 'a message of 10000 characters is fine');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c1', repeat('m', 10001)), '22023',
	ARRAY['message', '10000'], 'post_chat_msg(10001 characters) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c1', repeat('m', 10 * 1024 * 1024)), '22023',
	ARRAY['message', '10000'], 'post_chat_msg(10 MB) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c1', ''), '22023', ARRAY['message'],
	'post_chat_msg('''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c1', E' \t\n'), '22023', ARRAY['message'],
	'post_chat_msg(blank) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, NULL)', :'c1'), '22023', ARRAY['message'],
	'post_chat_msg(message NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.post_chat_msg(NULL, ''x'')', '22023', ARRAY['chat_id'],
	'post_chat_msg(chat_id NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.post_chat_msg(''00000000-0000-7000-8000-000000000000'', ''x'')', 'PT404', ARRAY['Chat'],
	'post_chat_msg(unknown chat) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c2', 'Let me in'), 'PT404', ARRAY['Chat'],
	'post_chat_msg to a chat of another customer''s ticket is PT404');
SELECT supporthub.act_as(:'a_agent');
SELECT is((supporthub.post_chat_msg(:'c1', 'Try resetting your password?')).sender_id, :'a_agent'::uuid,
	'post_chat_msg by an agent: sent by the agent');
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.post_chat_msg(:'c1', 'Admin here.')).sender_id, :'a_admin'::uuid,
	'post_chat_msg by an admin (not the chat''s agent): sent by the admin');
SELECT supporthub.act_as_tenant(:'ta');
SELECT is((supporthub.post_chat_msg(:'c1', 'Automatic notice.')).sender_id, NULL,
	'post_chat_msg by the system actor: sender NULL');
SELECT supporthub.act_as(:'a_cust2');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c1', 'Let me in'), 'PT404', ARRAY['Chat'],
	'another customer cannot post to the chat (PT404)');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c1', 'Hi'), 'PT404', ARRAY['Chat'],
	'staff of another tenant cannot post to the chat (PT404)');
SELECT supporthub.act_as(:'b_cust');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c1', 'Hi'), 'PT404', ARRAY['Chat'],
	'a customer of another tenant cannot post to the chat (PT404)');

-- =================================================================== get_chat_msgs
SELECT supporthub.act_as(:'a_cust1');
SELECT is(ARRAY(SELECT message FROM supporthub.get_chat_msgs(:'c1') WHERE char_length(message) < 100),
		  ARRAY['Automatic notice.', 'Admin here.', 'Try resetting your password?', 'Hello, I still cannot log in.'],
		  'get_chat_msgs by the ticket''s customer: every message, newest first');
SELECT is((SELECT count(*) FROM supporthub.get_chat_msgs(:'c1')), 5::bigint, 'get_chat_msgs: the five messages of the chat');
SELECT is(ARRAY(SELECT id FROM supporthub.get_chat_msgs(:'c1', page_size => 2)),
		  ARRAY(SELECT id FROM supporthub.chat_msgs WHERE chat_id = :'c1' ORDER BY id DESC LIMIT 2),
		  'get_chat_msgs(page_size => 2): the newest two');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_chat_msgs(NULL)', '22023', ARRAY['chat_id'], 'get_chat_msgs(NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_chat_msgs(%L, NULL, 0)', :'c1'), '22023', ARRAY['500'],
	'get_chat_msgs(page_size => 0) is 22023');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_chat_msgs(%L, NULL, 501)', :'c1'), '22023', ARRAY['500'],
	'get_chat_msgs(page_size => 501) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_chat_msgs(''00000000-0000-7000-8000-000000000000'')', 'PT404', ARRAY['Chat'],
	'get_chat_msgs(unknown chat) is PT404');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_chat_msgs(%L)', :'c2'), 'PT404', ARRAY['Chat'],
	'get_chat_msgs of another customer''s chat is PT404');
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT count(*) FROM supporthub.get_chat_msgs(:'c2')), 0::bigint, 'get_chat_msgs by an agent: any chat of the tenant (empty here)');
SELECT is((SELECT count(*) FROM supporthub.get_chat_msgs(:'c1')), 5::bigint, 'get_chat_msgs by an agent: the five messages');
SELECT supporthub.act_as(:'a_admin');
SELECT is((SELECT count(*) FROM supporthub.get_chat_msgs(:'c1')), 5::bigint, 'get_chat_msgs by an admin: the five messages');
SELECT supporthub.act_as(:'a_cust2');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_chat_msgs(%L)', :'c1'), 'PT404', ARRAY['Chat'],
	'get_chat_msgs by another customer is PT404');
SELECT is((SELECT count(*) FROM supporthub.chat_msgs WHERE chat_id = :'c1'), 0::bigint,
	'another customer sees none of the messages by direct SELECT either');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_chat_msgs(%L)', :'c1'), 'PT404', ARRAY['Chat'],
	'get_chat_msgs by staff of another tenant is PT404');
SELECT supporthub.act_as(:'b_cust');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_chat_msgs(%L)', :'c1'), 'PT404', ARRAY['Chat'],
	'get_chat_msgs by a customer of another tenant is PT404');

-- ------------------------------------------------------------ paging over 300 messages
SELECT supporthub.act_as(:'a_agent');
SELECT id AS cp FROM supporthub.start_chat(:'t1') \gset
SELECT supporthub.uuid_v7() AS m \gset
SELECT is(pg_temp.post_many(:'cp', :'c1b', 300), 300, '300 messages posted (30 more to another chat in between)');
SELECT is((SELECT count(*) FROM pg_temp.since(:'ta', :'m') WHERE action = 'created' AND ref_type = 'chat_msg'), 330::bigint,
	'330 messages, 330 activities');
SELECT is((SELECT count(*) FROM pg_temp.since(:'ta', :'m')), 330::bigint, '... and no other activity');
CREATE TEMP TABLE mp50 AS SELECT * FROM pg_temp.msg_pages(:'cp', 50);
SELECT is(ARRAY(SELECT p_id FROM mp50 ORDER BY p_ord), ARRAY(SELECT id FROM supporthub.chat_msgs WHERE chat_id = :'cp' ORDER BY id DESC),
	'pages of 50, concatenated: every message of the chat exactly once, newest first');
SELECT is((SELECT count(DISTINCT p_id) FROM mp50), 300::bigint, 'pages of 50: 300 distinct messages (no gap, no overlap)');
SELECT is(ARRAY(SELECT count(*) FROM mp50 GROUP BY p_page ORDER BY p_page), array_fill(50::bigint, ARRAY[6]),
	'pages of 50: six full pages, then an empty one');
SELECT is(ARRAY(SELECT p_message FROM mp50 ORDER BY p_ord), ARRAY(SELECT 'm' || i FROM generate_series(300, 1, -1) i),
	'pages of 50: m300 down to m1, none of the other chat''s');
SELECT supporthub.act_as(:'a_cust1');
CREATE TEMP TABLE mp7 AS SELECT * FROM pg_temp.msg_pages(:'cp', 7);
SELECT is(ARRAY(SELECT p_message FROM mp7 ORDER BY p_ord), ARRAY(SELECT 'm' || i FROM generate_series(300, 1, -1) i),
	'pages of 7 (as the ticket''s customer): m300 down to m1, each exactly once');
SELECT is(ARRAY(SELECT p_id FROM mp7 ORDER BY p_ord), ARRAY(SELECT p_id FROM mp50 ORDER BY p_ord),
	'pages of 7 and pages of 50 read the same messages in the same order');
SELECT is(ARRAY(SELECT count(*) FROM mp7 GROUP BY p_page ORDER BY p_page), array_fill(7::bigint, ARRAY[42]) || 6::bigint,
	'pages of 7: 42 full pages and one of 6');
SELECT is((SELECT count(*) FROM supporthub.get_chat_msgs(:'cp', page_size => 500)), 300::bigint, 'get_chat_msgs(page_size => 500): all 300 at once');
SELECT is((SELECT count(*) FROM supporthub.get_chat_msgs(:'cp')), 50::bigint, 'get_chat_msgs(): a default page of 50');

-- =================================================================== close_chat
SELECT supporthub.act_as(:'a_cust1');
SELECT id AS cc FROM supporthub.start_chat(:'t1') \gset
SELECT id AS ignored FROM supporthub.post_chat_msg(:'cc', 'Before closing') \gset
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((SELECT row(id, ticket_id, closed_at IS NOT NULL)::text FROM supporthub.close_chat(:'cc')),
		  row(:'cc'::uuid, :'t1'::uuid, true)::text, 'close_chat by the ticket''s customer: the chat is closed');
SELECT is((SELECT row(action, ref_type, ref_id, ticket_id, user_id, changes ? 'closed_at')::text FROM pg_temp.one(:'ta', :'m')),
		  row('closed'::supporthub.activity_action, 'chat'::supporthub.activity_ref_type, :'cc'::uuid, :'t1'::uuid, :'a_cust1'::uuid, true)::text,
		  'close_chat writes exactly one ''closed'' activity about the chat, with closed_at');
SELECT throws_ok(format('SELECT supporthub.close_chat(%L)', :'cc'), 'PT409', NULL, 'closing it again is PT409');
SELECT throws_ok(format('SELECT supporthub.post_chat_msg(%L, %L)', :'cc', 'One more thing'), 'PT409', NULL,
	'a closed chat takes no message from the customer');
SELECT is(ARRAY(SELECT message FROM supporthub.get_chat_msgs(:'cc')), ARRAY['Before closing'], 'a closed chat can still be read');
SELECT pg_temp.throws_naming('SELECT supporthub.close_chat(NULL)', '22023', ARRAY['chat_id'], 'close_chat(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.close_chat(''00000000-0000-7000-8000-000000000000'')', 'PT404', ARRAY['Chat'],
	'close_chat(unknown chat) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.close_chat(%L)', :'c2'), 'PT404', ARRAY['Chat'],
	'close_chat of another customer''s chat is PT404');
SELECT supporthub.act_as(:'a_agent');
SELECT throws_ok(format('SELECT supporthub.post_chat_msg(%L, %L)', :'cc', 'Staff too?'), 'PT409', NULL,
	'a closed chat takes no message from staff either');
SELECT is((supporthub.close_chat(:'c1b')).closed_at IS NOT NULL, true, 'close_chat by an agent');
SELECT supporthub.act_as(:'a_cust2');
SELECT pg_temp.throws_naming(format('SELECT supporthub.close_chat(%L)', :'cc'), 'PT404', ARRAY['Chat'],
	'another customer: close_chat of a closed chat is PT404, not PT409 (nothing leaks)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.close_chat(%L)', :'c1'), 'PT404', ARRAY['Chat'],
	'another customer cannot close the chat (PT404)');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.close_chat(%L)', :'c1'), 'PT404', ARRAY['Chat'],
	'staff of another tenant cannot close the chat (PT404)');
SELECT supporthub.act_as(:'a_admin');
SELECT is((SELECT closed_at FROM supporthub.chats WHERE id = :'c1'), NULL, 'the refused closes left the chat open');
SELECT is((supporthub.close_chat(:'c2')).id, :'c2'::uuid, 'close_chat by an admin');

-- =================================================================== add_recording
SELECT supporthub.act_as(:'a_agent');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS rec1, tenant_id AS rec1_tenant, ticket_id AS rec1_ticket, chat_id AS rec1_chat, url AS rec1_url
  FROM supporthub.add_recording(:'c1', '  https://rec.a.test/calls/1.ogg  ') \gset
SELECT is(row(:'rec1_tenant'::uuid, :'rec1_ticket'::uuid, :'rec1_chat'::uuid, :'rec1_url'::text)::text,
		  row(:'ta'::uuid, :'t1'::uuid, :'c1'::uuid, 'https://rec.a.test/calls/1.ogg')::text,
		  'add_recording by an agent: on the chat and its ticket, URL trimmed');
SELECT is(pg_temp.acts(:'ta', :'m'), ARRAY['created recording'], 'add_recording writes exactly one activity: created/recording');
SELECT is((SELECT row(ref_id, ticket_id, user_id)::text FROM pg_temp.one(:'ta', :'m')),
		  row(:'rec1'::uuid, :'t1'::uuid, :'a_agent'::uuid)::text, 'the activity: about the recording, on the ticket, by the agent');
SELECT is((supporthub.add_recording(:'cc', 'http://rec.a.test/closed-chat.ogg')).ticket_id, :'t1'::uuid,
	'a recording may be added to a closed chat (of a ticket that is not closed)');
SELECT is((supporthub.add_recording(:'c1', 'HTTPS://REC.A.TEST/UPPER.OGG')).url, 'HTTPS://REC.A.TEST/UPPER.OGG',
	'the scheme is case-insensitive');
SELECT is((supporthub.add_recording(:'c1', 'https://rec.a.test:8443/calls/2.ogg?part=1#t=10')).url,
		  'https://rec.a.test:8443/calls/2.ogg?part=1#t=10', 'a URL with port, query and fragment is fine');
SELECT is(char_length((supporthub.add_recording(:'c1', 'https://rec.a.test/' || repeat('r', 2029))).url), 2048,
	'a URL of exactly 2048 characters is fine');
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, %L)', :'c1', 'https://rec.a.test/' || repeat('r', 2030)), '22023',
	ARRAY['url', '2048'], 'add_recording(2049-character URL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, %L)', :'c1', 'https://rec.a.test/' || repeat('r', 10 * 1024 * 1024)), '22023',
	ARRAY['url', '2048'], 'add_recording(10 MB URL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, %L)', :'c1', u), '22023', ARRAY['url'],
				 format('add_recording(%s) is 22023', d))
  FROM (VALUES ('ftp://rec.a.test/1.ogg', 'ftp URL'),
			   ('https://', 'scheme only'),
			   ('http://', 'http scheme only'),
			   ('https:///calls/1.ogg', 'no host'),
			   ('https://:8443/calls/1.ogg', 'a port but no host'),
			   ('https://?part=1', 'a query but no host'),
			   ('rec.a.test/1.ogg', 'no scheme'),
			   ('//rec.a.test/1.ogg', 'scheme-relative URL'),
			   ('javascript:alert(1)', 'javascript: URL'),
			   ('file:///etc/passwd', 'file: URL'),
			   ('https://rec.a.test/has space.ogg', 'URL with a space'),
			   ('https://rec.a.test/"quoted".ogg', 'URL with a double quote'),
			   ('https://rec.a.test/<script>', 'URL with angle brackets')) AS v(u, d);
SELECT throws_ok(format('SELECT supporthub.add_recording(%L, %L)', :'c1', u), '22023', 'url must not contain control characters',
				 format('add_recording(%s) is 22023', d))
  FROM (VALUES (E'https://rec.a.test/has\ttab.ogg', 'URL with a tab'),
			   (E'https://rec.a.test/new\nline.ogg', 'URL with a newline')) AS v(u, d);
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, %L)', :'c1', ''), '22023', ARRAY['url'],
	'add_recording('''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, %L)', :'c1', '   '), '22023', ARRAY['url'],
	'add_recording(blank) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, NULL)', :'c1'), '22023', ARRAY['url'],
	'add_recording(url NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.add_recording(NULL, ''https://rec.a.test/1.ogg'')', '22023', ARRAY['chat_id'],
	'add_recording(chat_id NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.add_recording(''00000000-0000-7000-8000-000000000000'', ''https://rec.a.test/1.ogg'')', 'PT404',
	ARRAY['Chat'], 'add_recording(unknown chat) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, %L)', :'cb1', 'https://rec.a.test/1.ogg'), 'PT404', ARRAY['Chat'],
	'add_recording(chat of another tenant) is PT404');
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.add_recording(:'c2', 'https://rec.a.test/admin.ogg')).ticket_id, :'t2'::uuid, 'add_recording by an admin');
SELECT supporthub.act_as_tenant(:'ta');
SELECT is((supporthub.add_recording(:'c2', 'https://rec.a.test/system.ogg')).ticket_id, :'t2'::uuid, 'add_recording by the system actor');
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.add_recording(%L, %L)', :'c1', 'https://rec.a.test/mine.ogg'), '42501',
	NULL, 'add_recording by the ticket''s customer is 42501');
SELECT supporthub.act_as(:'a_cust2');
SELECT throws_ok(format('SELECT supporthub.add_recording(%L, %L)', :'c1', 'https://rec.a.test/x.ogg'), '42501',
	NULL, 'add_recording by another customer is 42501');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, %L)', :'c1', 'https://rec.b.test/x.ogg'), 'PT404', ARRAY['Chat'],
	'add_recording by staff of another tenant is PT404');

-- =================================================================== get_recordings
SELECT supporthub.act_as(:'a_cust1');
SELECT is(ARRAY(SELECT id FROM supporthub.get_recordings(:'t1')),
		  ARRAY(SELECT id FROM supporthub.recordings WHERE ticket_id = :'t1' ORDER BY id DESC),
		  'get_recordings by the ticket''s customer: the ticket''s recordings, newest first');
SELECT is((SELECT count(*) FROM supporthub.get_recordings(:'t1')), 5::bigint, 'get_recordings: the five recordings of t1');
SELECT is((SELECT url FROM supporthub.get_recordings(:'t1') ORDER BY id LIMIT 1), 'https://rec.a.test/calls/1.ogg',
	'get_recordings: the oldest is the first one added');
SELECT is((SELECT count(*) FROM supporthub.get_recordings(:'t3')), 0::bigint, 'get_recordings of a ticket without recordings is empty');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_recordings(%L)', :'t2'), 'PT404', ARRAY['Ticket'],
	'get_recordings of another customer''s ticket is PT404');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_recordings(NULL)', '22023', ARRAY['ticket_id'], 'get_recordings(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_recordings(''00000000-0000-7000-8000-000000000000'')', 'PT404', ARRAY['Ticket'],
	'get_recordings(unknown ticket) is PT404');
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT count(*) FROM supporthub.get_recordings(:'t2')), 2::bigint, 'get_recordings by an agent: any ticket of the tenant');
SELECT supporthub.act_as(:'a_admin');
SELECT is((SELECT count(*) FROM supporthub.get_recordings(:'t1')), 5::bigint, 'get_recordings by an admin');
SELECT supporthub.act_as(:'a_cust2');
SELECT is((SELECT count(*) FROM supporthub.get_recordings(:'t2')), 2::bigint, 'customer two reads the recordings of their own ticket');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_recordings(%L)', :'t1'), 'PT404', ARRAY['Ticket'],
	'customer two: get_recordings of customer one''s ticket is PT404');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_recordings(%L)', :'t1'), 'PT404', ARRAY['Ticket'],
	'get_recordings by staff of another tenant is PT404');
SELECT supporthub.act_as(:'b_cust');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_recordings(%L)', :'t1'), 'PT404', ARRAY['Ticket'],
	'get_recordings by a customer of another tenant is PT404');

-- =================================================================== log_communication
SELECT supporthub.act_as(:'a_agent');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS com1, tenant_id AS com1_tenant, ticket_id AS com1_ticket, chat_id AS com1_chat, type AS com1_type,
	   user_id AS com1_user, summary AS com1_summary
  FROM supporthub.log_communication(:'t1', 'call', '  Called back, password reset confirmed.  ', :'c1') \gset
SELECT is(row(:'com1_tenant'::uuid, :'com1_ticket'::uuid, :'com1_chat'::uuid, :'com1_type'::text, :'com1_user'::uuid, :'com1_summary'::text)::text,
		  row(:'ta'::uuid, :'t1'::uuid, :'c1'::uuid, 'call', :'a_agent'::uuid, 'Called back, password reset confirmed.')::text,
		  'log_communication by an agent: on the ticket and chat, by the agent, summary trimmed');
SELECT is(pg_temp.acts(:'ta', :'m'), ARRAY['created communication'], 'log_communication writes exactly one activity: created/communication');
SELECT is((SELECT row(ref_id, ticket_id, user_id)::text FROM pg_temp.one(:'ta', :'m')),
		  row(:'com1'::uuid, :'t1'::uuid, :'a_agent'::uuid)::text, 'the activity: about the communication, on the ticket, by the agent');
SELECT is((SELECT row(type, chat_id)::text FROM supporthub.log_communication(:'t1', 'email', 'Sent the reset link.')),
		  '(email,)', 'log_communication without a chat: chat_id NULL');
SELECT is((supporthub.log_communication(:'t1', 'sms', 'Texted.')).type, 'sms'::supporthub.comm_type, 'log_communication(type sms)');
SELECT is((supporthub.log_communication(:'t1', 'push', 'Pushed.')).type, 'push'::supporthub.comm_type, 'log_communication(type push)');
SELECT is((supporthub.log_communication(:'t1', 'call', 'About the closed chat.', :'cc')).chat_id, :'cc'::uuid,
	'log_communication may name a closed chat of the ticket');
SELECT throws_ok(format('SELECT supporthub.log_communication(%L, %L, %L, %L)', :'t1', 'sms', 'Wrong chat', :'c2'), '22023',
	NULL, 'log_communication with a chat of another ticket is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, %L, %L)', :'t1', 'sms', 'Foreign chat', :'cb1'), 'PT404',
	ARRAY['Chat'], 'log_communication with a chat of another tenant is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, %L, %L)', :'t1', 'sms', 'No chat', '00000000-0000-7000-8000-000000000000'),
	'PT404', ARRAY['Chat'], 'log_communication with an unknown chat is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, %L)', :'t1', 'sms', ''), '22023', ARRAY['summary'],
	'log_communication(summary '''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, %L)', :'t1', 'sms', '   '), '22023', ARRAY['summary'],
	'log_communication(blank summary) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, %L)', :'t1', 'sms', repeat('s', 10001)), '22023',
	ARRAY['summary', '10000'], 'log_communication(10001-character summary) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, NULL)', :'t1', 'sms'), '22023', ARRAY['summary'],
	'log_communication(summary NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, NULL, %L)', :'t1', 'No type'), '22023', ARRAY['type'],
	'log_communication(type NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.log_communication(NULL, ''sms'', ''x'')', '22023', ARRAY['ticket_id'],
	'log_communication(ticket_id NULL) is 22023');
SELECT throws_ok(format('SELECT supporthub.log_communication(%L, %L, %L)', :'t1', 'pigeon', 'Coo'), '22P02', NULL,
	'log_communication(type ''pigeon'') is 22P02');
SELECT pg_temp.throws_naming('SELECT supporthub.log_communication(''00000000-0000-7000-8000-000000000000'', ''sms'', ''x'')', 'PT404',
	ARRAY['Ticket'], 'log_communication(unknown ticket) is PT404');
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.log_communication(:'t2', 'email', 'Admin wrote.')).user_id, :'a_admin'::uuid, 'log_communication by an admin');
SELECT supporthub.act_as_tenant(:'ta');
SELECT is((supporthub.log_communication(:'t2', 'email', 'Automatic mail.')).user_id, NULL, 'log_communication by the system actor: user_id NULL');
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.log_communication(%L, %L, %L)', :'t1', 'email', 'I wrote too'), '42501',
	NULL, 'log_communication by the ticket''s customer is 42501');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, %L)', :'t1', 'email', 'Hi'), 'PT404', ARRAY['Ticket'],
	'log_communication by staff of another tenant is PT404');

-- =================================================================== get_communications
SELECT supporthub.act_as(:'a_cust1');
SELECT is(ARRAY(SELECT summary FROM supporthub.get_communications(:'t1')),
		  ARRAY['About the closed chat.', 'Pushed.', 'Texted.', 'Sent the reset link.', 'Called back, password reset confirmed.'],
		  'get_communications by the ticket''s customer: every communication of the ticket, newest first');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_communications(%L)', :'t2'), 'PT404', ARRAY['Ticket'],
	'get_communications of another customer''s ticket is PT404');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_communications(NULL)', '22023', ARRAY['ticket_id'],
	'get_communications(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_communications(''00000000-0000-7000-8000-000000000000'')', 'PT404', ARRAY['Ticket'],
	'get_communications(unknown ticket) is PT404');
SELECT is((SELECT count(*) FROM supporthub.get_communications(:'t3')), 0::bigint, 'get_communications of a ticket without any is empty');
SELECT supporthub.act_as(:'a_agent');
SELECT is(ARRAY(SELECT summary FROM supporthub.get_communications(:'t2')), ARRAY['Automatic mail.', 'Admin wrote.'],
	'get_communications by an agent: any ticket of the tenant');
SELECT supporthub.act_as(:'a_admin');
SELECT is((SELECT count(*) FROM supporthub.get_communications(:'t1')), 5::bigint, 'get_communications by an admin');
SELECT supporthub.act_as(:'a_cust2');
SELECT is((SELECT count(*) FROM supporthub.get_communications(:'t2')), 2::bigint, 'customer two reads the communications of their own ticket');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_communications(%L)', :'t1'), 'PT404', ARRAY['Ticket'],
	'customer two: get_communications of customer one''s ticket is PT404');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_communications(%L)', :'t1'), 'PT404', ARRAY['Ticket'],
	'get_communications by staff of another tenant is PT404');
SELECT supporthub.act_as(:'b_cust');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_communications(%L)', :'t1'), 'PT404', ARRAY['Ticket'],
	'get_communications by a customer of another tenant is PT404');

-- =================================================================== reading writes nothing
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m \gset
SELECT count(*) AS ignored FROM supporthub.get_chat_msgs(:'c1') \gset
SELECT count(*) AS ignored FROM supporthub.get_recordings(:'t1') \gset
SELECT count(*) AS ignored FROM supporthub.get_communications(:'t1') \gset
SELECT is(pg_temp.acts(:'ta', :'m'), '{}'::text[], 'reading messages, recordings and communications writes no activity');

-- =================================================================== a closed ticket takes nothing new
SELECT supporthub.act_as(:'a_agent');
SELECT id AS tk, ticket_number AS tk_num FROM supporthub.create_ticket('To be closed', 'x', :'a_cat', 'medium', :'a_cust1') \gset
SELECT id AS ck FROM supporthub.start_chat(:'tk') \gset
SELECT id AS ignored FROM supporthub.post_chat_msg(:'ck', 'Before the end') \gset
SELECT id AS ignored FROM supporthub.add_recording(:'ck', 'https://rec.a.test/before.ogg') \gset
SELECT id AS ignored FROM supporthub.log_communication(:'tk', 'call', 'Before the end') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tk', 'resolved') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tk', 'closed') \gset
SELECT supporthub.uuid_v7() AS m \gset
SELECT pg_temp.throws_naming(format('SELECT supporthub.start_chat(%L)', :'tk'), 'PT409', ARRAY[(:'tk_num')::text],
	'a closed ticket takes no new chat (staff)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'ck', 'Anyone there?'), 'PT409', ARRAY[(:'tk_num')::text],
	'a closed ticket''s chat, though still open, takes no message (staff)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.add_recording(%L, %L)', :'ck', 'https://rec.a.test/late.ogg'), 'PT409',
	ARRAY[(:'tk_num')::text], 'a closed ticket takes no recording');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, %L)', :'tk', 'call', 'Too late'), 'PT409',
	ARRAY[(:'tk_num')::text], 'a closed ticket takes no communication');
SELECT pg_temp.throws_naming(format('SELECT supporthub.log_communication(%L, %L, %L, %L)', :'tk', 'call', 'Too late', :'ck'), 'PT409',
	ARRAY[(:'tk_num')::text], 'a closed ticket takes no communication, with its chat named either');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'tk', :'a_type'), 'PT409', ARRAY[(:'tk_num')::text],
	'a closed ticket takes no escalation (staff)');
SELECT supporthub.act_as(:'a_cust1');
SELECT pg_temp.throws_naming(format('SELECT supporthub.start_chat(%L)', :'tk'), 'PT409', ARRAY[(:'tk_num')::text],
	'a closed ticket takes no new chat (its customer)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'ck', 'Hello?'), 'PT409', ARRAY[(:'tk_num')::text],
	'a closed ticket''s chat takes no message (its customer)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'tk', :'a_type'), 'PT409', ARRAY[(:'tk_num')::text],
	'a closed ticket takes no escalation (its customer)');
SELECT is((SELECT row((SELECT count(*) FROM supporthub.get_chat_msgs(:'ck')), (SELECT count(*) FROM supporthub.get_recordings(:'tk')),
					  (SELECT count(*) FROM supporthub.get_communications(:'tk')))::text), '(1,1,1)',
	'a closed ticket''s conversation can still be read by its customer, unchanged');
SELECT is(pg_temp.acts(:'ta', :'m'), '{}'::text[], 'the refusals on the closed ticket wrote no activity');
SELECT supporthub.act_as(:'a_cust2');
SELECT pg_temp.throws_naming(format('SELECT supporthub.post_chat_msg(%L, %L)', :'ck', 'Hello?'), 'PT404', ARRAY['Chat'],
	'another customer gets PT404 for the closed ticket''s chat, not PT409');

-- =================================================================== no actor
SELECT supporthub.reset_actor();
SELECT throws_ok(format('SELECT supporthub.start_chat(%L)', :'t1'), '42501', NULL,
	'no actor: start_chat is 42501');
SELECT throws_ok(format('SELECT supporthub.post_chat_msg(%L, %L)', :'c1', 'x'), '42501', NULL,
	'no actor: post_chat_msg is 42501');
SELECT throws_ok(format('SELECT * FROM supporthub.get_chat_msgs(%L)', :'c1'), '42501', NULL,
	'no actor: get_chat_msgs is 42501');
SELECT throws_ok(format('SELECT supporthub.close_chat(%L)', :'c1'), '42501', NULL,
	'no actor: close_chat is 42501');
SELECT throws_ok(format('SELECT supporthub.add_recording(%L, %L)', :'c1', 'https://rec.a.test/x.ogg'), '42501',
	NULL, 'no actor: add_recording is 42501');
SELECT throws_ok(format('SELECT * FROM supporthub.get_recordings(%L)', :'t1'), '42501', NULL,
	'no actor: get_recordings is 42501');
SELECT throws_ok(format('SELECT supporthub.log_communication(%L, %L, %L)', :'t1', 'call', 'x'), '42501',
	NULL, 'no actor: log_communication is 42501');
SELECT throws_ok(format('SELECT * FROM supporthub.get_communications(%L)', :'t1'), '42501', NULL,
	'no actor: get_communications is 42501');

SELECT * FROM finish();
ROLLBACK;
