-- create_ticket through the PL/pgSQL peer, as bench_app: an agent opens a
-- ticket for a random customer of a random tenant.
\set t random(1, :T)
\set me random(3, 22)
\set c random(23, 22 + :C)
\set k random(1, 10)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT bench_plpgsql.create_ticket('Order 4711: parcel never arrived', 'Tracking says delivered on Monday, but nothing reached us. Please resend the parcel or refund the order.', bench.id(3, :t, :k), 'medium', bench.id(2, :t, :c));
COMMIT;
