-- assign_agent as bare SQL, no checks (the floor): update the ticket and
-- write the "assigned" activity, one statement, returning the ticket.  The
-- floor never reads the ticket, so it cannot know the old agent ("old" is
-- written as NULL) and it writes even when the agent does not change.
-- Run as postgres (no RLS) and, as floor_rls, as bench_writer.
\set t random(1, :T)
\set me random(3, 22)
\set n 20 * random(0, :K / 20 - 1) + random(1, 5)
\set a random(1, 22)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
WITH u AS (
  UPDATE supporthub.tickets AS t SET agent_id = bench.id(2, :t, :a), updated_at = now()
   WHERE t.tenant_id = bench.id(1, :t, 0) AND t.id = bench.id(5, :t, :n)
  RETURNING t.*),
feed AS (
  INSERT INTO supporthub.recent_activities (tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
  SELECT u.tenant_id, bench.id(2, :t, :me), 'assigned', 'ticket', u.id, u.id,
         jsonb_build_object('agent_id', jsonb_build_object('old', NULL, 'new', u.agent_id))
  FROM u)
SELECT * FROM u;
COMMIT;
