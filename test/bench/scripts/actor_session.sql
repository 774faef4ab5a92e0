-- The cost of act_as(…, true), the actor of the session, as bench_app (cpu
-- regime, pgbench -r: its statement latency is compared with act_as(…,
-- false) in actor_txn.sql): an agent of a random tenant, in the same
-- transaction shape as actor_txn.sql, so that neither statement pays for a
-- transaction of its own.  reset_actor() before COMMIT leaves the session
-- without an actor, so every transaction starts as the other script's do
-- and no session carries state from one transaction into the next.
\set t random(1, :T)
\set me random(3, 22)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me), true);
SELECT supporthub.reset_actor();
COMMIT;
