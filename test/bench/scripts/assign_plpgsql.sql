-- assign_agent through the PL/pgSQL peer, as bench_app: an agent assigns a
-- random open or pending ticket of a random tenant to a random agent or
-- admin (1 in 22 is already theirs: no change, nothing logged).
\set t random(1, :T)
\set me random(3, 22)
\set n 20 * random(0, :K / 20 - 1) + random(1, 5)
\set a random(1, 22)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT bench_plpgsql.assign_agent(bench.id(5, :t, :n), bench.id(2, :t, :a));
COMMIT;
