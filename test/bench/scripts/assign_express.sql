-- assign_agent in the shape of the original Express app, as postgres (no
-- RLS): check the assignee (share-locked), read and lock the ticket, then
-- update it and log, each a round trip; nothing is written when the agent
-- does not change.
\set t random(1, :T)
\set me random(3, 22)
\set n 20 * random(0, :K / 20 - 1) + random(1, 5)
\set a random(1, 22)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT role AS agent_role, active AS agent_active FROM supporthub.users
 WHERE tenant_id = bench.id(1, :t, 0) AND id = bench.id(2, :t, :a) FOR SHARE \gset
SELECT ticket_number, status, agent_id AS old_agent,
       agent_id IS DISTINCT FROM bench.id(2, :t, :a) AS changes_agent
  FROM supporthub.tickets
 WHERE tenant_id = bench.id(1, :t, 0) AND id = bench.id(5, :t, :n) FOR UPDATE \gset
\if :changes_agent
UPDATE supporthub.tickets SET agent_id = bench.id(2, :t, :a), updated_at = now()
 WHERE tenant_id = bench.id(1, :t, 0) AND id = bench.id(5, :t, :n)
RETURNING *;
INSERT INTO supporthub.recent_activities (tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
VALUES (bench.id(1, :t, 0), bench.id(2, :t, :me), 'assigned', 'ticket', bench.id(5, :t, :n), bench.id(5, :t, :n),
        jsonb_build_object('agent_id', jsonb_build_object('old', nullif(:old_agent::text, '')::uuid,
                                                          'new', bench.id(2, :t, :a))));
\endif
COMMIT;
