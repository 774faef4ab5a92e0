-- The cost of act_as(…, false), the actor of one transaction, as bench_app
-- (cpu regime, pgbench -r: its statement latency is what is compared): an
-- agent of a random tenant.  The same shape as actor_session.sql, statement
-- for statement: reset_actor() here clears nothing that would outlive the
-- transaction, but it keeps the two scripts alike.
\set t random(1, :T)
\set me random(3, 22)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me), false);
SELECT supporthub.reset_actor();
COMMIT;
