-- escalate as bare SQL, no checks (the floor): raise the priority one
-- step, insert the escalation and the "escalated" activity, one statement,
-- returning the escalation.  Without a read of the ticket the old priority
-- is unknown, so the activity records only the new one.
-- Run as postgres (no RLS) and, as floor_rls, as bench_writer.
\set t random(1, :T)
\set me random(3, 22)
\set n 20 * random(0, :K / 20 - 1) + random(1, 5)
\set e random(1, 5)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
WITH u AS (
  UPDATE supporthub.tickets AS t
     SET priority = CASE t.priority WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high'
                    ELSE 'urgent' END::supporthub.ticket_priority,
         updated_at = now()
   WHERE t.tenant_id = bench.id(1, :t, 0) AND t.id = bench.id(5, :t, :n)
  RETURNING t.tenant_id, t.id, t.priority),
esc AS (
  INSERT INTO supporthub.escalations AS e (tenant_id, ticket_id, raised_by_user_id, type_id, reason)
  SELECT u.tenant_id, u.id, bench.id(2, :t, :me), bench.id(4, :t, :e), 'Customer has waited three days' FROM u
  RETURNING e.*),
feed AS (
  INSERT INTO supporthub.recent_activities (tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
  SELECT u.tenant_id, bench.id(2, :t, :me), 'escalated', 'ticket', u.id, u.id,
         jsonb_build_object('priority', jsonb_build_object('old', NULL, 'new', u.priority),
                            'escalation_id', jsonb_build_object('old', NULL, 'new', esc.id),
                            'type_id', jsonb_build_object('old', NULL, 'new', esc.type_id),
                            'reason', jsonb_build_object('old', NULL, 'new', esc.reason))
  FROM u, esc)
SELECT * FROM esc;
COMMIT;
