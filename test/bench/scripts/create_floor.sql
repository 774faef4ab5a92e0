-- create_ticket as bare SQL, no checks (the floor): the same three writes
-- as the API (counter upsert, ticket, "created" activity with the same
-- changes) in one statement, returning the ticket.  Run as postgres
-- (superuser: no RLS) and, as floor_rls, as bench_writer (supporthub_api's
-- write policies apply).  Same BEGIN / act_as / COMMIT as the others.
\set t random(1, :T)
\set me random(3, 22)
\set c random(23, 22 + :C)
\set k random(1, 10)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
WITH n AS (
  INSERT INTO supporthub.ticket_counters AS c (tenant_id, last_number)
  VALUES (bench.id(1, :t, 0), 1)
  ON CONFLICT (tenant_id) DO UPDATE SET last_number = c.last_number + 1
  RETURNING c.last_number),
ins AS (
  INSERT INTO supporthub.tickets AS t (tenant_id, ticket_number, subject, description, priority, category_id, customer_id)
  SELECT bench.id(1, :t, 0), n.last_number, 'Order 4711: parcel never arrived', 'Tracking says delivered on Monday, but nothing reached us. Please resend the parcel or refund the order.', 'medium', bench.id(3, :t, :k), bench.id(2, :t, :c) FROM n
  RETURNING t.*),
feed AS (
  INSERT INTO supporthub.recent_activities (tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
  SELECT ins.tenant_id, bench.id(2, :t, :me), 'created', 'ticket', ins.id, ins.id,
         jsonb_build_object(
           'ticket_number', jsonb_build_object('old', NULL, 'new', ins.ticket_number),
           'subject', jsonb_build_object('old', NULL, 'new', ins.subject),
           'status', jsonb_build_object('old', NULL, 'new', ins.status),
           'priority', jsonb_build_object('old', NULL, 'new', ins.priority),
           'category_id', jsonb_build_object('old', NULL, 'new', ins.category_id),
           'customer_id', jsonb_build_object('old', NULL, 'new', ins.customer_id))
  FROM ins)
SELECT * FROM ins;
COMMIT;
