-- 04_ticket_life: the life of a ticket, from a customer's first message to
-- closing, and every refusal on the way.
\set VERBOSITY default
\set SHOW_CONTEXT never
SET ROLE regress_app;
SELECT id AS pied FROM supporthub.create_tenant('Pied Piper') \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'pied');
SELECT id AS monica FROM supporthub.create_user('Monica Admin', 'monica@pied.test', 'admin') \gset
SELECT id AS gilfoyle FROM supporthub.create_user('Gilfoyle Agent', 'gilfoyle@pied.test', 'agent') \gset
SELECT id AS dinesh FROM supporthub.create_user('Dinesh Agent', 'dinesh@pied.test', 'agent') \gset
SELECT id AS erlich FROM supporthub.create_user('Erlich Customer', 'erlich@pied.test', 'customer') \gset
SELECT id AS jian FROM supporthub.create_user('Jian Customer', 'jian@pied.test', 'customer') \gset
SELECT id AS billing FROM supporthub.create_category('Billing') \gset
SELECT id AS outage FROM supporthub.create_category('Outage') \gset
SELECT id AS manager FROM supporthub.create_escalation_type('Manager review') \gset
COMMIT;

-- 1. A customer opens a ticket for themself: number 1, open, unassigned.
BEGIN;
SELECT supporthub.act_as(:'erlich');
SELECT id AS t1, ticket_number, subject, status, priority, agent_id IS NULL AS unassigned
  FROM supporthub.create_ticket('  Charged twice ', 'My card was charged twice.', :'billing') \gset
SELECT :'ticket_number' AS ticket_number, :'subject' AS subject, :'status' AS status,
       :'priority' AS priority, :'unassigned' AS unassigned;
SAVEPOINT a;
-- a customer cannot open a ticket for someone else
SELECT supporthub.create_ticket('Not mine', '', :'billing', 'low', :'jian');
ROLLBACK TO a;
SELECT supporthub.create_ticket('   ', 'blank subject', :'billing');
ROLLBACK TO a;
SELECT supporthub.create_ticket(repeat('s', 256), 'long subject', :'billing');
ROLLBACK TO a;
SELECT supporthub.create_ticket('No category', 'x', NULL);
ROLLBACK TO a;
SELECT supporthub.create_ticket('Lost category', 'x', '00000000-0000-0000-0000-000000000000');
ROLLBACK TO a;
COMMIT;

-- 2. Staff open tickets on behalf of a named, active customer.
BEGIN;
SELECT supporthub.act_as(:'gilfoyle');
SELECT id AS t2, ticket_number FROM supporthub.create_ticket('Site down', 'Nothing loads.', :'outage', 'high', :'jian') \gset
SELECT :'ticket_number' AS ticket_number;
SAVEPOINT a;
SELECT supporthub.create_ticket('For whom?', 'x', :'outage');
ROLLBACK TO a;
SELECT supporthub.create_ticket('For staff?', 'x', :'outage', 'low', :'dinesh');
ROLLBACK TO a;
SELECT supporthub.create_ticket('For nobody', 'x', :'outage', 'low', '00000000-0000-0000-0000-000000000000');
ROLLBACK TO a;
COMMIT;

-- 3. Each customer sees only their own tickets; staff see all.
BEGIN;
SELECT supporthub.act_as(:'erlich');
SELECT ticket_number, subject FROM supporthub.get_tickets();
SAVEPOINT a;
SELECT supporthub.get_ticket_by_id(:'t2');
ROLLBACK TO a;
SELECT supporthub.get_ticket_by_number(2);
ROLLBACK TO a;
SELECT subject FROM supporthub.get_ticket_by_number(1);
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'dinesh');
SELECT ticket_number, subject, status FROM supporthub.get_tickets();
SELECT ticket_number FROM supporthub.get_tickets(priority => 'high');
SELECT ticket_number FROM supporthub.get_tickets(customer_id => :'erlich');
SELECT count(*) FROM supporthub.get_tickets(status => 'closed');
COMMIT;

-- 4. Assignment: staff only, to an active agent or admin; the same agent
--    again changes nothing and logs nothing.
BEGIN;
SELECT supporthub.act_as(:'monica');
SELECT ticket_number, agent_id = :'gilfoyle' AS to_gilfoyle FROM supporthub.assign_agent(:'t1', :'gilfoyle');
SELECT ticket_number, agent_id = :'gilfoyle' AS still_gilfoyle FROM supporthub.assign_agent(:'t1', :'gilfoyle');
SELECT ticket_number, agent_id = :'dinesh' AS to_dinesh FROM supporthub.assign_agent(:'t1', :'dinesh');
SAVEPOINT a;
SELECT supporthub.assign_agent(:'t1', :'erlich');
ROLLBACK TO a;
SELECT supporthub.assign_agent(:'t1', '00000000-0000-0000-0000-000000000000');
ROLLBACK TO a;
SELECT supporthub.assign_agent('00000000-0000-0000-0000-000000000000', :'dinesh');
ROLLBACK TO a;
SELECT supporthub.assign_agent(:'t1', NULL);
ROLLBACK TO a;
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'erlich');
SAVEPOINT a;
SELECT supporthub.assign_agent(:'t1', :'gilfoyle');
ROLLBACK TO a;
COMMIT;

-- 5. Escalation: by staff or the ticket's own customer; priority one step up.
BEGIN;
SELECT supporthub.act_as(:'erlich');
SELECT reason, raised_by_user_id = :'erlich' AS by_erlich
  FROM supporthub.escalate(:'t1', :'manager', 'Still waiting');
SELECT priority FROM supporthub.get_ticket_by_id(:'t1');
SAVEPOINT a;
SELECT supporthub.escalate(:'t2', :'manager');
ROLLBACK TO a;
SELECT supporthub.escalate(:'t1', '00000000-0000-0000-0000-000000000000');
ROLLBACK TO a;
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'gilfoyle');
SELECT reason IS NULL AS no_reason FROM supporthub.escalate(:'t2', :'manager');
SELECT reason IS NULL AS no_reason FROM supporthub.escalate(:'t2', :'manager');
SELECT priority FROM supporthub.get_ticket_by_id(:'t2');
COMMIT;

-- 6. Status: open ⇄ pending → resolved → closed; resolved → open reopens.
BEGIN;
SELECT supporthub.act_as(:'dinesh');
SELECT status FROM supporthub.set_ticket_status(:'t1', 'pending');
SAVEPOINT a;
SELECT supporthub.set_ticket_status(:'t1', 'pending');
ROLLBACK TO a;
SELECT supporthub.set_ticket_status(:'t1', 'closed');
ROLLBACK TO a;
SELECT status FROM supporthub.set_ticket_status(:'t1', 'resolved');
SAVEPOINT b;
SELECT supporthub.escalate(:'t1', :'manager');
ROLLBACK TO b;
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'erlich');
-- the customer is not satisfied and reopens, then resolves and closes it
SELECT status FROM supporthub.set_ticket_status(:'t1', 'open');
SAVEPOINT a;
SELECT supporthub.set_ticket_status(:'t1', 'pending');
ROLLBACK TO a;
SELECT status FROM supporthub.set_ticket_status(:'t1', 'resolved');
SELECT status FROM supporthub.set_ticket_status(:'t1', 'closed');
COMMIT;

-- 7. Closed is final: no function changes a closed ticket.
BEGIN;
SELECT supporthub.act_as(:'monica');
SAVEPOINT a;
SELECT supporthub.set_ticket_status(:'t1', 'open');
ROLLBACK TO a;
SELECT supporthub.assign_agent(:'t1', :'gilfoyle');
ROLLBACK TO a;
SELECT supporthub.escalate(:'t1', :'manager');
ROLLBACK TO a;
SELECT supporthub.update_ticket(:'t1', subject => 'Edited');
ROLLBACK TO a;
COMMIT;

-- 8. update_ticket: staff only, NULL = unchanged, changes logged.
BEGIN;
SELECT supporthub.act_as(:'gilfoyle');
SELECT subject, priority FROM supporthub.update_ticket(:'t2', subject => 'Site down (EU only)', priority => 'urgent');
SAVEPOINT a;
SELECT supporthub.update_ticket(:'t2', category_id => '00000000-0000-0000-0000-000000000000');
ROLLBACK TO a;
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'jian');
SAVEPOINT a;
SELECT supporthub.update_ticket(:'t2', subject => 'Mine');
ROLLBACK TO a;
-- the customer sees the change in their ticket's feed
SELECT action, ticket_id = :'t2' AS on_ticket, changes->'subject' AS subject
  FROM supporthub.get_recent_activities(ref_id => :'t2') WHERE action = 'updated';
COMMIT;

-- 9. The feed: one row per change that took effect, with old and new values.
BEGIN;
SELECT supporthub.act_as(:'monica');
SELECT a.action, u.name AS by,
       (SELECT name FROM supporthub.users WHERE id = (a.changes->'agent_id'->>'new')::uuid) AS new_agent,
       a.changes - 'category_id' - 'customer_id' - 'agent_id' - 'type_id' - 'escalation_id' AS changes
  FROM supporthub.get_recent_activities(ref_type => 'ticket', ref_id => :'t1') a
  LEFT JOIN supporthub.users u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
 ORDER BY a.id;
SELECT count(*) AS agent_changes FROM supporthub.get_recent_activities(ref_id => :'t1')
 WHERE action = 'assigned';
COMMIT;
-- the customer sees the feed of their own ticket, not of others
BEGIN;
SELECT supporthub.act_as(:'erlich');
SELECT count(*) > 0 AS sees_own FROM supporthub.get_recent_activities(ref_id => :'t1');
SELECT count(*) AS sees_other FROM supporthub.get_recent_activities(ref_id => :'t2');
COMMIT;

-- 10. Deleting: a category in use is refused; deleting a ticket is for admins.
BEGIN;
SELECT supporthub.act_as(:'monica');
SAVEPOINT a;
SELECT supporthub.delete_category(:'outage');
ROLLBACK TO a;
SELECT supporthub.delete_user(:'gilfoyle');
ROLLBACK TO a;
SELECT ticket_number FROM supporthub.delete_ticket(:'t2');
SELECT name FROM supporthub.delete_category(:'outage');
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'gilfoyle');
SAVEPOINT a;
SELECT supporthub.delete_ticket(:'t1');
ROLLBACK TO a;
COMMIT;

-- 11. Deactivating an agent hands their open tickets back, each logged.
BEGIN;
SELECT supporthub.act_as(:'monica');
SELECT id AS t3 FROM supporthub.create_ticket('Slow', 'x', :'billing', 'low', :'jian') \gset
SELECT ticket_number FROM supporthub.assign_agent(:'t3', :'gilfoyle');
SELECT name, active FROM supporthub.update_user(:'gilfoyle', active => false);
SELECT ticket_number, agent_id IS NULL AS unassigned FROM supporthub.get_ticket_by_id(:'t3');
SELECT action, changes ? 'agent_id' AS agent_change FROM supporthub.get_recent_activities(ref_id => :'t3') ORDER BY id;
SAVEPOINT a;
SELECT supporthub.assign_agent(:'t3', :'gilfoyle');
ROLLBACK TO a;
COMMIT;

-- 12. Numbers continue per tenant, never reused.
BEGIN;
SELECT supporthub.act_as(:'jian');
SELECT ticket_number FROM supporthub.create_ticket('Another', 'x', :'billing');
COMMIT;
