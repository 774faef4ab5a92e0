-- The same page without RLS: the plain SELECT, as postgres (superuser, so
-- no policy applies).  Same BEGIN / act_as / COMMIT as the extension's.
-- Run as bench_app (contender "rls") it is the same SELECT under RLS.
\set t random(1, :T)
\set me random(3, 22)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT * FROM supporthub.tickets
 WHERE tenant_id = bench.id(1, :t, 0) AND status = 'open'
 ORDER BY id DESC LIMIT 50;
COMMIT;
