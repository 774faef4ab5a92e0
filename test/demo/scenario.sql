-- test/demo/scenario.sql — the walk-through run by test/demo.sh.
--
-- It runs as the application's login role: an ordinary role (not superuser,
-- not BYPASSRLS) that is a member of supporthub_service, exactly what an
-- application gets, and of supporthub_platform, because it also creates
-- the tenants.  Every step prints what it runs (ECHO queries) and what
-- came back.  Each actor's steps sit in BEGIN … COMMIT, because act_as and
-- act_as_tenant last until the end of the transaction.
--
-- Ids are kept in psql variables for the sections that follow:
--   :acme  :acme_admin  :acme_agent  :acme_agent2  :acme_customer  :acme_customer2
--   :globex  :globex_admin  :globex_agent  :globex_customer  :globex_customer2
--   :billing  :manager_review  (Acme's category and escalation type)
--   :t1  :t2  :t4  :chat  (Acme's tickets 1, 2 and 4 — 3 is Nina's, section 16 —, and the chat on ticket 2)
--
-- Helpers defined below:
--   :expect SQLSTATE   the next statement must fail with this SQLSTATE;
--   :check             on the line right after that statement: prints the
--                      SQLSTATE it failed with, or "DEMO FAILED" (then
--                      test/demo.sh exits 1), and stops on errors again;
--   :whoami            shows the current actor (tenant, user, role);
--   pg_temp.named(changes)  the changes of an activity with the ids of
--                      users, categories and escalation types shown as
--                      their names, for reading the feed.
-- A call whose result is empty (act_as) ends in \g /dev/null instead of ';'.
--
-- To extend the demo, append sections at the end of this file.

\set ON_ERROR_STOP 1
-- an error inside BEGIN … COMMIT does not abort the rest of the transaction
\set ON_ERROR_ROLLBACK on
\set VERBOSITY default
\pset footer off
\pset null '(null)'

-- What :check prints after a statement that had to fail.
CREATE FUNCTION pg_temp.outcome(got text, want text) RETURNS text
LANGUAGE sql AS $$
	SELECT CASE WHEN got = want
				THEN format('    -> refused with SQLSTATE %s, as expected', got)
				ELSE format('DEMO FAILED: expected SQLSTATE %s here, got %s', want, got) END
$$;

-- For reading the feed: ids in a changes object shown as names.  It runs
-- as the caller, so it finds only the names the actor may see.
CREATE FUNCTION pg_temp.name_of(v text) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT name FROM supporthub.users WHERE id::text = v),
					(SELECT name FROM supporthub.categories WHERE id::text = v),
					(SELECT label FROM supporthub.escalation_types WHERE id::text = v))
$$;
CREATE FUNCTION pg_temp.named(changes jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT coalesce(jsonb_object_agg(e.key, jsonb_build_object(
			   'old', coalesce(to_jsonb(pg_temp.name_of(e.value->>'old')), e.value->'old'),
			   'new', coalesce(to_jsonb(pg_temp.name_of(e.value->>'new')), e.value->'new'))), '{}')
	  FROM jsonb_each(changes) e
$$;

\set expect '\\set ON_ERROR_STOP 0 \\set expected_sqlstate'
\set check '\\set ECHO none \\\\ SELECT pg_temp.outcome(:''SQLSTATE'', :''expected_sqlstate'') AS outcome \\gset \\echo :outcome \\set ECHO queries \\set ON_ERROR_STOP 1'
\set whoami '\\set ECHO none \\\\ SELECT coalesce((SELECT name FROM supporthub.tenants WHERE id = supporthub.current_tenant_id()), ''(none)'') AS "acting in tenant", coalesce((SELECT name FROM supporthub.users WHERE id = supporthub.current_user_id()), CASE WHEN supporthub.current_tenant_id() IS NULL THEN ''(nobody)'' ELSE ''(the tenant itself)'' END) AS "as", supporthub.current_user_role() AS role \\g \\set ECHO queries'

\set ECHO queries

\echo
\echo '=== 1. The application connects: an ordinary login role, member of supporthub_service'
\echo '    (it also administers the tenants here: member of supporthub_platform)'
SELECT rolname AS login_role, rolsuper AS superuser, rolbypassrls AS bypass_rls,
       pg_has_role('supporthub_service', 'member') AS supporthub_service,
       pg_has_role('supporthub_platform', 'member') AS supporthub_platform
  FROM pg_roles WHERE rolname = current_user;
\echo '--- Nobody is acting yet:'
:whoami

\echo
\echo '=== 2. The platform creates two tenants (create_tenant needs no actor, and supporthub_platform)'
SELECT id AS acme FROM supporthub.create_tenant('Acme') \gset
SELECT id AS globex FROM supporthub.create_tenant('Globex') \gset
SELECT name, created_at FROM supporthub.get_tenants();

\echo
\echo '--- A second "Acme", whatever its case and surrounding spaces, is refused:'
:expect 23505
SELECT * FROM supporthub.create_tenant(' acme ');
:check
\echo '--- So is a blank name:'
:expect 22023
SELECT * FROM supporthub.create_tenant('   ');
:check

\echo
\echo '=== 3. Acme, acting as the tenant itself, creates its staff and customers (create_user)'
BEGIN;
SELECT supporthub.act_as_tenant(:'acme') \g /dev/null
:whoami
SELECT id AS acme_admin FROM supporthub.create_user('Alice Adams', 'alice@acme.example', 'admin') \gset
SELECT id AS acme_agent FROM supporthub.create_user('Bob Baker', 'bob@acme.example', 'agent') \gset
SELECT id AS acme_agent2 FROM supporthub.create_user('Frank Fischer', 'frank@acme.example', 'agent') \gset
SELECT id AS acme_customer FROM supporthub.create_user('Carol Clark', 'carol@example.com', 'customer') \gset
SELECT id AS acme_customer2 FROM supporthub.create_user('Dave Dixon', 'dave@example.com', 'customer') \gset
\echo '--- An email already used in Acme, whatever its case and spaces, is refused:'
:expect 23505
SELECT * FROM supporthub.create_user('Carol Again', ' CAROL@example.com ', 'customer');
:check
\echo '--- So is something that is not an email address:'
:expect 22023
SELECT * FROM supporthub.create_user('Nobody', 'not-an-email', 'customer');
:check
COMMIT;

\echo
\echo '=== 4. Globex does the same; Carol is a customer there too (emails are unique per tenant)'
BEGIN;
SELECT supporthub.act_as_tenant(:'globex') \g /dev/null
SELECT id AS globex_admin FROM supporthub.create_user('Grace Green', 'grace@globex.example', 'admin') \gset
SELECT id AS globex_agent FROM supporthub.create_user('Hank Hill', 'hank@globex.example', 'agent') \gset
SELECT id AS globex_customer FROM supporthub.create_user('Carol Clark', 'carol@example.com', 'customer') \gset
SELECT id AS globex_customer2 FROM supporthub.create_user('Ivy Irwin', 'ivy@example.com', 'customer') \gset
COMMIT;

\echo
\echo '=== 5. The actor lasts until the end of the transaction'
\echo '--- Outside BEGIN … COMMIT it would last for one statement only, so act_as warns:'
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
:whoami
\echo '--- Inside a transaction it holds until COMMIT or ROLLBACK:'
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
:whoami
COMMIT;
:whoami

\echo
\echo '=== 6. Who sees what'
\echo '--- Alice, admin of Acme: every user of Acme'
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
SELECT name, email, role, active FROM supporthub.get_users();
COMMIT;

\echo '--- Bob, agent of Acme: also every user of Acme, but he may not manage them'
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
SELECT name, email, role, active FROM supporthub.get_users();
:expect 42501
SELECT * FROM supporthub.create_user('Eve Evans', 'eve@example.com', 'customer');
:check
COMMIT;

\echo '--- Carol, customer of Acme: herself and the staff, not the other customers'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT name, email, role, active FROM supporthub.get_users();
:expect PT404
SELECT * FROM supporthub.get_user_by_id(:'acme_customer2');
:check
COMMIT;

\echo '--- Carol, customer of Globex, reading the tables directly: nothing of Acme'
BEGIN;
SELECT supporthub.act_as(:'globex_customer') \g /dev/null
:whoami
SELECT name, role, CASE tenant_id WHEN :'acme' THEN 'Acme' WHEN :'globex' THEN 'Globex' END AS tenant
  FROM supporthub.users ORDER BY id;
SELECT count(*) AS acme_users_visible FROM supporthub.users WHERE tenant_id = :'acme';
SELECT name AS tenants_visible FROM supporthub.tenants;
\echo '--- An id of another tenant is "not found", never "forbidden":'
:expect PT404
SELECT * FROM supporthub.get_user_by_id(:'acme_admin');
:check
COMMIT;

\echo '--- Nobody (no actor): the tables look empty and the API refuses'
SELECT count(*) AS users_visible FROM supporthub.users;
:expect 42501
SELECT * FROM supporthub.get_users();
:check

\echo
\echo '=== 7. The actor cannot be spoofed: only act_as and act_as_tenant set it'
\set spoofed_actor 'a:' :acme ':' :acme_admin
BEGIN;
SELECT supporthub.act_as(:'globex_customer') \g /dev/null
\echo '--- Carol of Globex tries to become Alice of Acme with SET, set_config() and a look-alike setting:'
:expect 42501
SET supporthub.actor = :'spoofed_actor';
:check
:expect 42501
SELECT set_config('supporthub.actor', :'spoofed_actor', true);
:check
:expect 42501
SHOW supporthub.actor;
:check
:expect 42602
SET supporthub.acting_user = :'acme_admin';
:check
\echo '--- She is still who she was, and still sees nothing of Acme:'
:whoami
SELECT count(*) AS acme_users_visible FROM supporthub.users WHERE tenant_id = :'acme';
COMMIT;
\echo '--- Writing the tables directly is not possible either: the API is the only way in'
:expect 42501
INSERT INTO supporthub.users (tenant_id, name, email, role)
VALUES (:'acme', 'Mallory', 'mallory@example.com', 'admin');
:check

\echo
\echo '=== 8. Alice deactivates Frank, an agent who left (update_user)'
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
SELECT name, role, active FROM supporthub.update_user(:'acme_agent2', active => false);
\echo '--- Alice cannot lock herself out:'
:expect PT409
SELECT * FROM supporthub.update_user(:'acme_admin', active => false);
:check
COMMIT;
\echo '--- Frank can no longer act:'
:expect 42501
SELECT supporthub.act_as(:'acme_agent2');
:check
\echo '--- A user with history cannot be deleted (deactivate instead):'
BEGIN;
SELECT supporthub.act_as_tenant(:'acme') \g /dev/null
:expect 23503
SELECT * FROM supporthub.delete_user(:'acme_admin');
:check
COMMIT;

\echo
\echo '=== 9. The activity feed: one row per change, with what changed'
\echo '--- Alice (admin) sees the whole feed of Acme, oldest first:'
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
SELECT a.action, a.ref_type, coalesce(u.name, '(tenant)') AS by_user, a.changes
  FROM supporthub.recent_activities a
  LEFT JOIN supporthub.users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
 ORDER BY a.id;
COMMIT;
\echo '--- Carol (customer) sees only what concerns her:'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT action, ref_type, changes FROM supporthub.recent_activities ORDER BY id;
COMMIT;

\echo
\echo '=== 10. Alice sets Acme up for tickets: a category and an escalation type'
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
SELECT id AS billing FROM supporthub.create_category('Billing', 'Invoices, payments and refunds') \gset
SELECT id AS manager_review FROM supporthub.create_escalation_type('Manager review') \gset
SELECT name, description FROM supporthub.get_categories();
SELECT label FROM supporthub.get_escalation_types();
\echo '--- A second "Billing", whatever its case and surrounding spaces, is refused:'
:expect 23505
SELECT * FROM supporthub.create_category(' BILLING ');
:check
COMMIT;

\echo
\echo '=== 11. A ticket''s life: created, assigned, escalated, pending, resolved, closed'
\echo '--- Carol (customer) opens a ticket for herself: number 1, open, medium, unassigned'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT id AS t1 FROM supporthub.create_ticket('Charged twice', 'My card was charged twice for order 1042.', :'billing') \gset
SELECT ticket_number, subject, status, priority, agent_id FROM supporthub.get_ticket_by_id(:'t1');
COMMIT;

\echo '--- Alice (admin) assigns it to Bob; a customer may not assign tickets'
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
SELECT t.ticket_number, t.status, a.name AS agent
  FROM supporthub.assign_agent(:'t1', :'acme_agent') t
  JOIN supporthub.users a ON a.tenant_id = t.tenant_id AND a.id = t.agent_id;
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
:expect 42501
SELECT * FROM supporthub.assign_agent(:'t1', :'acme_admin');
:check
\echo '--- Carol escalates: the escalation is recorded and the priority goes up one step'
SELECT e.reason, et.label AS type
  FROM supporthub.escalate(:'t1', :'manager_review', 'Still no refund after a week') e
  JOIN supporthub.escalation_types et ON et.tenant_id = e.tenant_id AND et.id = e.type_id;
SELECT ticket_number, status, priority FROM supporthub.get_ticket_by_id(:'t1');
COMMIT;

\echo '--- Bob (agent) waits for the bank (pending), then resolves the ticket'
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
SELECT ticket_number, status FROM supporthub.set_ticket_status(:'t1', 'pending');
\echo '--- A move the workflow does not allow is refused, naming both states:'
:expect PT409
SELECT * FROM supporthub.set_ticket_status(:'t1', 'closed');
:check
SELECT ticket_number, status FROM supporthub.set_ticket_status(:'t1', 'resolved');
COMMIT;

\echo '--- Carol closes it; closed is final, even for her'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT ticket_number, status FROM supporthub.set_ticket_status(:'t1', 'closed');
:expect PT409
SELECT * FROM supporthub.set_ticket_status(:'t1', 'open');
:check
COMMIT;

\echo
\echo '=== 12. The feed of ticket 1: who did what, and what changed'
\echo '--- get_recent_activities(ref_type => ''ticket'', ref_id => …), oldest first; ids in changes shown as names:'
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
SELECT a.action, coalesce(u.name, '(tenant)') AS by_user, pg_temp.named(a.changes) AS changes
  FROM supporthub.get_recent_activities(ref_type => 'ticket', ref_id => :'t1') a
  LEFT JOIN supporthub.users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
 ORDER BY a.id;
COMMIT;

\echo
\echo '=== 13. A chat on a ticket, a recording and a logged call'
\echo '--- Carol opens ticket 2; Alice gives it to Bob'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT id AS t2 FROM supporthub.create_ticket('Invoice download fails', 'The PDF link shows an error.', :'billing') \gset
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
SELECT ticket_number FROM supporthub.assign_agent(:'t2', :'acme_agent');
COMMIT;
\echo '--- Carol starts a chat on it; Bob, the ticket''s agent, answers it'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT id AS chat FROM supporthub.start_chat(:'t2') \gset
SELECT s.name AS started_by, a.name AS answered_by, c.closed_at
  FROM supporthub.chats c
  JOIN supporthub.users s ON s.tenant_id = c.tenant_id AND s.id = c.started_by_user_id
  JOIN supporthub.users a ON a.tenant_id = c.tenant_id AND a.id = c.assigned_agent_id
 WHERE c.id = :'chat';
SELECT message FROM supporthub.post_chat_msg(:'chat', 'Hi, the invoice link gives me an error.');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
SELECT message FROM supporthub.post_chat_msg(:'chat', 'Sorry about that. I will call you to sort it out.');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT message FROM supporthub.post_chat_msg(:'chat', 'Thanks, I am available now.');
\echo '--- The chat as Carol reads it (get_chat_msgs is newest first; shown oldest first):'
SELECT u.name AS sender, m.message
  FROM supporthub.get_chat_msgs(:'chat') m
  JOIN supporthub.users u ON u.tenant_id = m.tenant_id AND u.id = m.sender_id
 ORDER BY m.id;
COMMIT;
\echo '--- Bob attaches the call recording to the chat and logs the call; only staff may'
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
SELECT url FROM supporthub.add_recording(:'chat', 'https://recordings.acme.example/calls/2-1.ogg');
SELECT type, summary FROM supporthub.log_communication(:'t2', 'call', 'Called Carol; sent the invoice by email instead.', :'chat');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
:expect 42501
SELECT * FROM supporthub.log_communication(:'t2', 'email', 'I wrote to them too');
:check
\echo '--- Carol sees the recording and the call logged on her ticket:'
SELECT url FROM supporthub.get_recordings(:'t2');
SELECT type, summary FROM supporthub.get_communications(:'t2');
COMMIT;

\echo
\echo '=== 14. A closed ticket takes no new message'
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
SELECT ticket_number, status FROM supporthub.set_ticket_status(:'t2', 'resolved');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT ticket_number, status FROM supporthub.set_ticket_status(:'t2', 'closed');
:expect PT409
SELECT * FROM supporthub.post_chat_msg(:'chat', 'One more thing...');
:check
COMMIT;
\echo '--- Everything that happened on ticket 2, from the table (rows of its chat included):'
BEGIN;
SELECT supporthub.act_as(:'acme_admin') \g /dev/null
SELECT a.action, a.ref_type, coalesce(u.name, '(tenant)') AS by_user
  FROM supporthub.recent_activities a
  LEFT JOIN supporthub.users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
 WHERE a.ticket_id = :'t2'
 ORDER BY a.id;
COMMIT;

\echo
\echo '=== 15. Carol of Globex sees nothing of Acme''s tickets'
BEGIN;
SELECT supporthub.act_as(:'globex_customer') \g /dev/null
:whoami
:expect PT404
SELECT * FROM supporthub.get_ticket_by_id(:'t1');
:check
\echo '--- Numbers are per tenant: Globex has no ticket 1, and Acme''s is out of reach:'
:expect PT404
SELECT * FROM supporthub.get_ticket_by_number(1);
:check
\echo '--- Nor can she read Acme''s chat:'
:expect PT404
SELECT * FROM supporthub.get_chat_msgs(:'chat');
:check
\echo '--- Reading the tables directly: nothing of Acme'
SELECT (SELECT count(*) FROM supporthub.tickets) AS tickets_visible,
       (SELECT count(*) FROM supporthub.tickets WHERE id IN (:'t1', :'t2')) AS acme_tickets_visible,
       (SELECT count(*) FROM supporthub.chat_msgs) AS messages_visible,
       (SELECT count(*) FROM supporthub.recent_activities WHERE ticket_id IN (:'t1', :'t2')) AS acme_activities_visible;
COMMIT;

\echo
\echo '=== 16. Sign-in inside the database: a customer signs up, signs in, acts through the token, refreshes'
\echo '--- Nina signs up with a password (bcrypt, through pgcrypto): she is signed in at once'
SELECT user_id AS nina, access_token AS nina_access, refresh_token AS nina_refresh,
       length(access_token) AS token_length
  FROM supporthub.sign_up(:'acme', 'Nina Novak', 'nina@example.com', 'correct horse battery staple',
                          'demo browser', '192.0.2.44') \gset
\echo '--- her tokens are handed out once (92 characters each); the database keeps their SHA-256 digests only'
SELECT :'token_length' AS access_token_length;
\echo '--- signing in is a procedure: a failure is logged and committed before the error, so CALL runs on its own'
:expect PT401
CALL supporthub.sign_in(:'acme', 'nina@example.com', 'wrong password', NULL, NULL, NULL);
:check
CALL supporthub.sign_in(:'acme', 'NINA@example.com ', 'correct horse battery staple', 'demo phone', NULL, NULL) \gset
\echo '--- the application acts through the access token, as an Authorization: Bearer header carries it'
BEGIN;
SELECT supporthub.act_as_session(:'nina_access') \g /dev/null
:whoami
SELECT ticket_number, subject FROM supporthub.create_ticket('Cannot sign in on my phone', 'It says my session expired.', :'billing');
SELECT device_info, client_addr, current FROM supporthub.get_sessions() ORDER BY created_at;
COMMIT;
\echo '--- refreshing rotates both tokens and keeps the session; the old access token stops working'
CALL supporthub.refresh_session(:'nina_refresh', NULL) \gset
SELECT (:'session'::supporthub.session_tokens).access_token AS nina_access2 \gset
:expect PT401
SELECT supporthub.act_as_session(:'nina_access');
:check
BEGIN;
SELECT supporthub.act_as_session(:'nina_access2') \g /dev/null
SELECT ticket_number, subject, status FROM supporthub.get_tickets();
SELECT event FROM supporthub.get_auth_events() ORDER BY id;
COMMIT;
\echo '--- the application''s role cannot read a digest, even of its own user'
:expect 42501
SELECT access_token_hash FROM supporthub.sessions;
:check

\echo
\echo '=== 17. A ticket''s thread: a reply, an internal note, a reopening reply, and a rating'
\echo '--- Carol opens ticket 4; Bob writes an internal note, then a public reply that resolves it'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT id AS t4 FROM supporthub.create_ticket('Refund not received', 'The refund for order 1042 is not on my card yet.', :'billing') \gset
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
SELECT body, internal FROM supporthub.add_comment(:'t4', 'Bank says the refund left on Monday; reference RF-88.', internal => true);
SELECT body, internal FROM supporthub.add_comment(:'t4', 'Your refund was sent on Monday: allow 3 working days.', status => 'resolved');
SELECT ticket_number, status, first_responded_at IS NOT NULL AS answered FROM supporthub.get_ticket_by_id(:'t4');
COMMIT;
\echo '--- Carol reads the thread: the public reply only; the note is not in the thread, the table or the feed for her'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT body, internal FROM supporthub.get_comments(:'t4');
SELECT (SELECT count(*) FROM supporthub.ticket_comments WHERE ticket_id = :'t4' AND internal) AS notes_in_table,
       (SELECT count(*) FROM supporthub.recent_activities WHERE ticket_id = :'t4' AND changes::text LIKE '%RF-88%') AS notes_in_feed;
\echo '--- her reply to the resolved ticket opens it again'
SELECT body FROM supporthub.add_comment(:'t4', 'Still nothing on my card after a week.');
SELECT ticket_number, status FROM supporthub.get_ticket_by_id(:'t4');
\echo '--- she cannot rate a ticket that is not resolved'
:expect PT409
SELECT * FROM supporthub.rate_ticket(:'t4', 2);
:check
COMMIT;
\echo '--- Bob (agent) sees the whole thread, the note included, and resolves the ticket again'
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
SELECT u.name AS author, c.body, c.internal
  FROM supporthub.get_comments(:'t4') c
  LEFT JOIN supporthub.users u ON u.tenant_id = c.tenant_id AND u.id = c.author_id;
SELECT body FROM supporthub.add_comment(:'t4', 'The bank resent it today: it is on your card now.', status => 'resolved');
COMMIT;
\echo '--- Carol rates the resolved ticket (1-5, a comment if she likes), then changes her mind within 7 days'
BEGIN;
SELECT supporthub.act_as(:'acme_customer') \g /dev/null
SELECT score, comment FROM supporthub.rate_ticket(:'t4', 3, 'Took two tries.');
SELECT score, comment FROM supporthub.rate_ticket(:'t4', 4, 'Took two tries, but Bob kept at it.');
COMMIT;
\echo '--- Bob reads the rating, and may not rate it himself; the feed shows the rating and its change'
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
SELECT score, comment FROM supporthub.get_ticket_rating(:'t4');
:expect 42501
SELECT * FROM supporthub.rate_ticket(:'t4', 5);
:check
SELECT a.action, a.ref_type, a.changes
  FROM supporthub.recent_activities a
 WHERE a.ticket_id = :'t4' AND a.ref_type = 'rating'
 ORDER BY a.id;
COMMIT;
\echo '--- Carol of Globex cannot read it'
BEGIN;
SELECT supporthub.act_as(:'globex_customer') \g /dev/null
:expect PT404
SELECT * FROM supporthub.get_ticket_rating(:'t4');
:check
COMMIT;

\echo
\echo '=== 18. Tags and search: staff tag a ticket; everyone searches what they may read'
BEGIN;
SELECT supporthub.act_as(:'acme_agent') \g /dev/null
\echo '--- Bob finds Nina''s ticket by two of its words, and tags it (trimmed, lower-cased, merged)'
SELECT id AS t3, ticket_number AS t3_number FROM supporthub.search_tickets('phone session') \gset
SELECT ticket_number, subject, tags FROM supporthub.set_ticket_tags(:'t3', ARRAY[' Mobile ', 'sign-in', 'MOBILE']);
\echo '--- he writes an internal note; staff find the ticket by its words too'
SELECT internal FROM supporthub.add_comment(:'t3', 'Known issue with the old app build; ask for the version.', true);
SELECT ticket_number, subject, round(rank::numeric, 3) AS rank FROM supporthub.search_tickets('"app build"');
\echo '--- by number (ranked first), and by words with a tag filter'
SELECT ticket_number, subject, rank FROM supporthub.search_tickets('#' || :'t3_number');
SELECT ticket_number, subject FROM supporthub.search_tickets('charged OR phone', tag => 'mobile');
\echo '--- a tag with a space is refused, naming it'
:expect 22023
SELECT * FROM supporthub.set_ticket_tags(:'t3', ARRAY['mobile', 'old app']);
:check
COMMIT;
\echo '--- Nina finds her ticket by its own words, never by the words of the note; she may not tag'
BEGIN;
SELECT supporthub.act_as_session(:'nina_access2') \g /dev/null
SELECT ticket_number, subject, tags FROM supporthub.search_tickets('phone');
SELECT count(*) AS found_by_the_note FROM supporthub.search_tickets('"app build"');
SELECT audience, document @@ 'build'::tsquery AS holds_the_word FROM supporthub.ticket_search_documents;
:expect 42501
SELECT * FROM supporthub.set_ticket_tags(:'t3', '{}');
:check
COMMIT;
