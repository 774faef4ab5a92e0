-- create_ticket through the extension with 4 clients, tenant chosen by
-- :tenant_of_client: 0 = every client in tenant 1 (they queue on the
-- tenant's ticket counter), 1 = client i in tenant i+1.
\set t 1 + :tenant_of_client * (:client_id % :T)
\set me random(3, 22)
\set c random(23, 22 + :C)
\set k random(1, 10)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT supporthub.create_ticket('Order 4711: parcel never arrived', 'Tracking says delivered on Monday, but nothing reached us. Please resend the parcel or refund the order.', bench.id(3, :t, :k), 'medium', bench.id(2, :t, :c));
COMMIT;
