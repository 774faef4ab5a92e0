-- create_ticket in the shape of the original Express app: one round trip
-- per check and per write from the client, as postgres (the app connected
-- as the tables' owner; no RLS).  act_as stands for the app's look-up of
-- the signed-in user.
\set t random(1, :T)
\set me random(3, 22)
\set c random(23, 22 + :C)
\set k random(1, 10)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT id AS category_id FROM supporthub.categories
 WHERE tenant_id = bench.id(1, :t, 0) AND id = bench.id(3, :t, :k) \gset
SELECT role AS customer_role, active AS customer_active FROM supporthub.users
 WHERE tenant_id = bench.id(1, :t, 0) AND id = bench.id(2, :t, :c) \gset
INSERT INTO supporthub.ticket_counters AS c (tenant_id, last_number)
VALUES (bench.id(1, :t, 0), 1)
ON CONFLICT (tenant_id) DO UPDATE SET last_number = c.last_number + 1
RETURNING c.last_number AS number \gset
INSERT INTO supporthub.tickets (tenant_id, ticket_number, subject, description, priority, category_id, customer_id)
VALUES (bench.id(1, :t, 0), :number, 'Order 4711: parcel never arrived', 'Tracking says delivered on Monday, but nothing reached us. Please resend the parcel or refund the order.', 'medium', :category_id, bench.id(2, :t, :c))
RETURNING * \gset tk_
INSERT INTO supporthub.recent_activities (tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
VALUES (bench.id(1, :t, 0), bench.id(2, :t, :me), 'created', 'ticket', :tk_id, :tk_id,
        jsonb_build_object(
          'ticket_number', jsonb_build_object('old', NULL, 'new', :number::bigint),
          'subject', jsonb_build_object('old', NULL, 'new', :tk_subject::text),
          'status', jsonb_build_object('old', NULL, 'new', 'open'),
          'priority', jsonb_build_object('old', NULL, 'new', 'medium'),
          'category_id', jsonb_build_object('old', NULL, 'new', :category_id::uuid),
          'customer_id', jsonb_build_object('old', NULL, 'new', bench.id(2, :t, :c))));
COMMIT;
