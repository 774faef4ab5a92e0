-- escalate in the shape of the original Express app, as postgres (no
-- RLS): check the type, read and lock the ticket, raise its priority,
-- insert the escalation, log — each a round trip.
\set t random(1, :T)
\set me random(3, 22)
\set n 20 * random(0, :K / 20 - 1) + random(1, 5)
\set e random(1, 5)
BEGIN;
SELECT supporthub.act_as(bench.id(2, :t, :me));
SELECT id AS type_id FROM supporthub.escalation_types
 WHERE tenant_id = bench.id(1, :t, 0) AND id = bench.id(4, :t, :e) \gset
SELECT ticket_number, status, priority AS old_priority FROM supporthub.tickets
 WHERE tenant_id = bench.id(1, :t, 0) AND id = bench.id(5, :t, :n) FOR UPDATE \gset
UPDATE supporthub.tickets
   SET priority = CASE :old_priority::text WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high'
                  ELSE 'urgent' END::supporthub.ticket_priority,
       updated_at = now()
 WHERE tenant_id = bench.id(1, :t, 0) AND id = bench.id(5, :t, :n)
RETURNING priority AS new_priority \gset
INSERT INTO supporthub.escalations (tenant_id, ticket_id, raised_by_user_id, type_id, reason)
VALUES (bench.id(1, :t, 0), bench.id(5, :t, :n), bench.id(2, :t, :me), :type_id, 'Customer has waited three days')
RETURNING * \gset esc_
INSERT INTO supporthub.recent_activities (tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
VALUES (bench.id(1, :t, 0), bench.id(2, :t, :me), 'escalated', 'ticket', bench.id(5, :t, :n), bench.id(5, :t, :n),
        CASE WHEN :old_priority::text = :new_priority::text THEN '{}'::jsonb
             ELSE jsonb_build_object('priority', jsonb_build_object('old', :old_priority::text, 'new', :new_priority::text)) END
        || jsonb_build_object('escalation_id', jsonb_build_object('old', NULL, 'new', :esc_id::uuid),
                              'type_id', jsonb_build_object('old', NULL, 'new', :type_id::uuid),
                              'reason', jsonb_build_object('old', NULL, 'new', :esc_reason::text)));
COMMIT;
