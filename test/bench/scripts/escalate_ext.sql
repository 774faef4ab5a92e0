-- escalate through the extension (C), as bench_app: an agent escalates a
-- random open or pending ticket of a random tenant with a random type.
\set t random(1, :T)
\set me random(3, 22)
\set n 20 * random(0, :K / 20 - 1) + random(1, 5)
\set e random(1, 5)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT supporthub.escalate(bench.id(5, :t, :n), bench.id(4, :t, :e), 'Customer has waited three days');
COMMIT;
