-- A page of 50 open tickets, newest first, through the extension:
-- supporthub.get_tickets(status => 'open') as an agent of a random tenant
-- (bench_app: RLS applies inside the API).
\set t random(1, :T)
\set me random(3, 22)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT * FROM supporthub.get_tickets(status => 'open');
COMMIT;
