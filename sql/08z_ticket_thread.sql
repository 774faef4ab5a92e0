-- 08z_ticket_thread: a ticket's thread (SPEC-1.1 §C) — a customer writes,
-- an agent replies in public and writes an internal note, the ticket is
-- resolved with a reply, the customer's reply reopens it; what each of
-- them sees of the thread and of the feed, and the reply times.  Resolved
-- again, the customer rates it and changes the rating; 8 days later (the
-- resolution moved back by the superuser: nobody else may write it) the
-- rating is final; closed, the ticket takes no reply.
\set VERBOSITY default
\set SHOW_CONTEXT never
SET ROLE regress_app;
SELECT id AS hooli FROM supporthub.create_tenant('Hooli Support') \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'hooli');
SELECT id AS gavin FROM supporthub.create_user('Gavin Agent', 'gavin@hooli.test', 'agent') \gset
SELECT id AS peter FROM supporthub.create_user('Peter Customer', 'peter@hooli.test', 'customer') \gset
SELECT id AS laurie FROM supporthub.create_user('Laurie Customer', 'laurie@hooli.test', 'customer') \gset
SELECT id AS cat FROM supporthub.create_category('Accounts') \gset
COMMIT;

-- 1. Peter opens a ticket and writes in its thread: no first response yet.
BEGIN;
SELECT supporthub.act_as(:'peter');
SELECT id AS t FROM supporthub.create_ticket('Cannot log in', 'Since this morning.', :'cat') \gset
SELECT body, internal, author_id = :'peter' AS by_peter FROM supporthub.add_comment(:'t', 'It says my password is wrong.');
SELECT status, first_responded_at IS NULL AS not_answered, last_replied_at IS NOT NULL AS replied
  FROM supporthub.get_ticket_by_id(:'t');
COMMIT;

-- 2. Gavin writes an internal note (no reply time moves), then replies in
-- public (the first response).
BEGIN;
SELECT supporthub.act_as(:'gavin');
SELECT body, internal FROM supporthub.add_comment(:'t', 'Account locked by the fraud rules; unlocking.', true);
SELECT first_responded_at IS NULL AS not_answered FROM supporthub.get_ticket_by_id(:'t');
SELECT body, internal FROM supporthub.add_comment(:'t', 'Your account is unlocked: please try again.', status => 'resolved');
SELECT status, first_responded_at IS NOT NULL AS answered, first_responded_at = last_replied_at AS same_time
  FROM supporthub.get_ticket_by_id(:'t');
-- staff read the whole thread, oldest first
SELECT body, internal FROM supporthub.get_comments(:'t');
COMMIT;

-- 3. Peter sees the public replies only, in the thread, the table and the
-- feed; Laurie, another customer, sees nothing of his ticket.
BEGIN;
SELECT supporthub.act_as(:'peter');
SELECT body, internal FROM supporthub.get_comments(:'t');
SELECT count(*) AS notes_in_table FROM supporthub.ticket_comments WHERE internal;
SELECT action, ref_type, changes->'body'->>'new' AS body
  FROM supporthub.recent_activities WHERE ticket_id = :'t' ORDER BY id;
SELECT supporthub.act_as(:'laurie');
SELECT count(*) AS comments_seen FROM supporthub.ticket_comments;
COMMIT;

-- 4. Peter replies to the resolved ticket: it is open again, logged as
-- reopened; his reply does not count as a response.
BEGIN;
SELECT supporthub.act_as(:'peter');
SELECT body FROM supporthub.add_comment(:'t', 'Still cannot log in.');
SELECT status FROM supporthub.get_ticket_by_id(:'t');
SELECT action, ref_type, changes->'status' AS status
  FROM (SELECT * FROM supporthub.recent_activities WHERE ticket_id = :'t' ORDER BY id DESC LIMIT 2) a ORDER BY id;
COMMIT;

-- 5. Gavin edits his reply, Peter's thread shows the edit; the note is
-- deleted and the staff feed keeps the record.
BEGIN;
SELECT supporthub.act_as(:'gavin');
SELECT id AS reply FROM supporthub.get_comments(:'t') WHERE body LIKE 'Your account%' \gset
SELECT id AS note FROM supporthub.get_comments(:'t') WHERE internal \gset
SELECT body FROM supporthub.update_comment(:'reply', 'Your account is unlocked: please try again (clear your cookies).');
SELECT internal FROM supporthub.delete_comment(:'note');
SELECT action, changes->'internal' AS internal FROM supporthub.get_recent_activities(ref_id => :'note') ORDER BY id;
SELECT supporthub.act_as(:'peter');
SELECT body FROM supporthub.get_comments(:'t');
COMMIT;

-- 6. Gavin resolves it again with a reply; Peter rates it, Gavin reads the
-- rating and may not rate himself; Laurie sees nothing of it.
BEGIN;
SELECT supporthub.act_as(:'gavin');
SELECT status, resolved_at IS NULL AS not_resolved FROM supporthub.get_ticket_by_id(:'t');
SAVEPOINT a;
SELECT supporthub.rate_ticket(:'t', 4);
ROLLBACK TO a;
SELECT body FROM supporthub.add_comment(:'t', 'Cookies cleared on our side too: it works now.', status => 'resolved');
SELECT status, resolved_at IS NOT NULL AS resolved_at_set FROM supporthub.get_ticket_by_id(:'t');
SAVEPOINT b;
SELECT supporthub.get_ticket_rating(:'t');
ROLLBACK TO b;
SELECT supporthub.act_as(:'peter');
SELECT score, comment, customer_id = :'peter' AS by_peter FROM supporthub.rate_ticket(:'t', 4, 'Fixed in the end, thanks.');
SELECT supporthub.act_as(:'gavin');
SELECT score, comment FROM supporthub.get_ticket_rating(:'t');
SELECT supporthub.act_as(:'laurie');
SAVEPOINT c;
SELECT supporthub.get_ticket_rating(:'t');
ROLLBACK TO c;
SELECT supporthub.rate_ticket(:'t', 1);
ROLLBACK TO c;
SELECT count(*) AS ratings_seen FROM supporthub.ticket_ratings;
COMMIT;

-- 7. Peter changes his mind within the 7 days: the rating is replaced
-- (only what changed is logged); bad scores and an empty comment are
-- refused; a ticket of his that is still open cannot be rated.
BEGIN;
SELECT supporthub.act_as(:'peter');
SELECT score, comment, updated_at > created_at AS replaced_later FROM supporthub.rate_ticket(:'t', 5, 'Fixed in the end, thanks.');
SELECT action, ref_type, changes FROM supporthub.recent_activities WHERE ref_type = 'rating' ORDER BY id;
SELECT id AS t2 FROM supporthub.create_ticket('Two-factor codes late', 'By ten minutes.', :'cat') \gset
SAVEPOINT a;
SELECT supporthub.rate_ticket(:'t', 6);
ROLLBACK TO a;
SELECT supporthub.rate_ticket(:'t', NULL);
ROLLBACK TO a;
SELECT supporthub.rate_ticket(:'t', 3, '');
ROLLBACK TO a;
SELECT supporthub.rate_ticket(:'t2', 3);
ROLLBACK TO a;
SELECT supporthub.get_ticket_rating(:'t2');
ROLLBACK TO a;
COMMIT;

-- 8. Eight days later (the resolution moved back by the superuser) the
-- rating can no longer be changed; it can still be read.
RESET ROLE;
UPDATE supporthub.tickets SET resolved_at = resolved_at - interval '8 days' WHERE id = :'t';
SET ROLE regress_app;
BEGIN;
SELECT supporthub.act_as(:'peter');
SAVEPOINT a;
SELECT supporthub.rate_ticket(:'t', 1, 'Broken again.');
ROLLBACK TO a;
SELECT score FROM supporthub.get_ticket_rating(:'t');
COMMIT;

-- 9. Gavin closes the ticket: it keeps its rating, and takes no reply.
BEGIN;
SELECT supporthub.act_as(:'gavin');
SELECT status FROM supporthub.set_ticket_status(:'t', 'closed');
SELECT supporthub.act_as(:'peter');
SAVEPOINT a;
SELECT supporthub.add_comment(:'t', 'One more thing.');
ROLLBACK TO a;
SELECT score FROM supporthub.get_ticket_rating(:'t');
COMMIT;

-- The tenant goes, with its thread (09 counts the tenants left).
SELECT name FROM supporthub.delete_tenant(:'hooli');
