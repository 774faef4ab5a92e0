-- 05_conversations: a chat on a ticket, its messages, a recording of the
-- call that followed, the communications log — and what a closed ticket or
-- chat refuses.
\set VERBOSITY default
\set SHOW_CONTEXT never
SET ROLE regress_app;
SELECT id AS hooli FROM supporthub.get_tenants() WHERE name = 'Hooli' \gset
SELECT id AS acme FROM supporthub.get_tenants() WHERE name = 'Acme' \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'hooli');
SELECT id AS gavin FROM supporthub.get_users(role => 'admin') \gset
SELECT id AS dinesh FROM supporthub.get_users(role => 'agent') \gset
SELECT id AS jared FROM supporthub.get_users(role => 'customer') \gset
SELECT id AS richard FROM supporthub.create_user('Richard Customer', 'richard@hooli.test', 'customer') \gset
SELECT id AS general FROM supporthub.create_category('General') \gset
SELECT id AS t1 FROM supporthub.create_ticket('Login fails', 'Cannot log in since Monday.', :'general', 'medium', :'jared') \gset
SELECT ticket_number FROM supporthub.assign_agent(:'t1', :'dinesh');
COMMIT;

-- 1. The customer starts a chat on their ticket; the ticket's agent answers it.
BEGIN;
SELECT supporthub.act_as(:'jared');
SELECT id AS c1, started_by_user_id = :'jared' AS by_jared, assigned_agent_id = :'dinesh' AS agent_dinesh,
       closed_at IS NULL AS open
  FROM supporthub.start_chat(:'t1') \gset
SELECT :'by_jared' AS by_jared, :'agent_dinesh' AS agent_dinesh, :'open' AS open;
SELECT message FROM supporthub.post_chat_msg(:'c1', 'Hello, I still cannot log in.');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'dinesh');
SELECT message FROM supporthub.post_chat_msg(:'c1', 'Sorry about that. Try resetting your password?');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'jared');
SELECT message FROM supporthub.post_chat_msg(:'c1', 'That worked, thanks!');
SELECT m.message, u.name AS sender
  FROM supporthub.get_chat_msgs(:'c1') m JOIN supporthub.users u ON u.id = m.sender_id;
SELECT message FROM supporthub.get_chat_msgs(:'c1', page_size => 1);
SAVEPOINT a;
SELECT supporthub.post_chat_msg(:'c1', '   ');
ROLLBACK TO a;
SELECT supporthub.post_chat_msg(:'c1', repeat('m', 10001));
ROLLBACK TO a;
SELECT supporthub.post_chat_msg(NULL, 'x');
ROLLBACK TO a;
SELECT supporthub.get_chat_msgs(NULL);
ROLLBACK TO a;
SELECT supporthub.get_chat_msgs(:'c1', page_size => 501);
ROLLBACK TO a;
COMMIT;

-- 2. Another customer cannot see, join or read the chat.
BEGIN;
SELECT supporthub.act_as(:'richard');
SAVEPOINT a;
SELECT supporthub.post_chat_msg(:'c1', 'Let me in');
ROLLBACK TO a;
SELECT supporthub.get_chat_msgs(:'c1');
ROLLBACK TO a;
SELECT supporthub.start_chat(:'t1');
ROLLBACK TO a;
SELECT supporthub.close_chat(:'c1');
ROLLBACK TO a;
SELECT count(*) AS messages_visible FROM supporthub.chat_msgs;
COMMIT;
-- ... and staff of another tenant get "not found"
BEGIN;
SELECT supporthub.act_as_tenant(:'acme');
SAVEPOINT a;
SELECT supporthub.get_chat_msgs(:'c1');
ROLLBACK TO a;
SELECT supporthub.get_recordings(:'t1');
ROLLBACK TO a;
COMMIT;

-- 3. Closing the chat; a closed chat takes no message.
BEGIN;
SELECT supporthub.act_as(:'dinesh');
SELECT closed_at IS NOT NULL AS closed FROM supporthub.close_chat(:'c1');
SAVEPOINT a;
SELECT supporthub.close_chat(:'c1');
ROLLBACK TO a;
SELECT supporthub.post_chat_msg(:'c1', 'One more thing');
ROLLBACK TO a;
COMMIT;

-- 4. Recordings: staff attach an absolute http(s) URL to a chat.
BEGIN;
SELECT supporthub.act_as(:'dinesh');
SELECT url, ticket_id = :'t1' AS on_ticket FROM supporthub.add_recording(:'c1', ' https://rec.hooli.test/calls/1.ogg ');
SAVEPOINT a;
SELECT supporthub.add_recording(:'c1', 'ftp://rec.hooli.test/1.ogg');
ROLLBACK TO a;
SELECT supporthub.add_recording(:'c1', 'https://');
ROLLBACK TO a;
SELECT supporthub.add_recording(:'c1', 'https://rec.hooli.test/has space.ogg');
ROLLBACK TO a;
SELECT supporthub.add_recording(:'c1', 'https://rec.hooli.test/' || repeat('r', 2048));
ROLLBACK TO a;
SELECT supporthub.add_recording('00000000-0000-0000-0000-000000000000', 'https://rec.hooli.test/2.ogg');
ROLLBACK TO a;
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'jared');
SELECT url FROM supporthub.get_recordings(:'t1');
SAVEPOINT a;
SELECT supporthub.add_recording(:'c1', 'https://rec.hooli.test/mine.ogg');
ROLLBACK TO a;
COMMIT;

-- 5. Communications: staff log contacts, optionally tied to a chat of the ticket.
BEGIN;
SELECT supporthub.act_as(:'dinesh');
SELECT type, summary, chat_id = :'c1' AS in_chat FROM supporthub.log_communication(:'t1', 'call', '  Called back, password reset confirmed. ', :'c1');
SELECT type, summary FROM supporthub.log_communication(:'t1', 'email', 'Sent the reset link.');
SELECT id AS t2 FROM supporthub.create_ticket('Other', 'x', :'general', 'low', :'richard') \gset
SELECT id AS c2 FROM supporthub.start_chat(:'t2') \gset
SAVEPOINT a;
SELECT supporthub.log_communication(:'t1', 'sms', 'Wrong chat', :'c2');
ROLLBACK TO a;
SELECT supporthub.log_communication(:'t1', 'sms', '');
ROLLBACK TO a;
SELECT supporthub.log_communication(NULL, 'pigeon', 'Coo');
ROLLBACK TO a;
SELECT supporthub.log_communication(:'t1', NULL, 'No type');
ROLLBACK TO a;
-- an object made earlier in the same statement is found
SELECT type, summary FROM supporthub.log_communication(
	(supporthub.create_ticket('Same statement', 'x', :'general', 'low', :'richard')).id,
	'email', 'Logged by the statement that opened the ticket');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'jared');
SELECT type, summary FROM supporthub.get_communications(:'t1');
SAVEPOINT a;
SELECT supporthub.log_communication(:'t1', 'email', 'I wrote too');
ROLLBACK TO a;
SELECT supporthub.get_communications(:'t2');
ROLLBACK TO a;
COMMIT;

-- 6. A closed ticket takes no new chat, message, recording, communication
--    or escalation.
BEGIN;
SELECT supporthub.act_as(:'dinesh');
SELECT id AS c3 FROM supporthub.start_chat(:'t1') \gset
SELECT status FROM supporthub.set_ticket_status(:'t1', 'resolved');
SELECT status FROM supporthub.set_ticket_status(:'t1', 'closed');
SAVEPOINT a;
SELECT supporthub.start_chat(:'t1');
ROLLBACK TO a;
SELECT supporthub.post_chat_msg(:'c3', 'Anyone there?');
ROLLBACK TO a;
SELECT supporthub.add_recording(:'c3', 'https://rec.hooli.test/late.ogg');
ROLLBACK TO a;
SELECT supporthub.log_communication(:'t1', 'call', 'Too late');
ROLLBACK TO a;
COMMIT;

-- 7. Each of these changes is one row in the feed of the ticket.
BEGIN;
SELECT supporthub.act_as(:'gavin');
SELECT a.action, a.ref_type, u.name AS by
  FROM supporthub.recent_activities a LEFT JOIN supporthub.users u ON u.id = a.user_id
 WHERE a.ticket_id = :'t1' ORDER BY a.id;
COMMIT;
