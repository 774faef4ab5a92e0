-- 071: when a ticket was resolved — what the 7 days in which a rating may
-- be replaced count from (SPEC-1.1 §C).
--
-- set_ticket_status (and add_comment with a status) sets it when a ticket
-- moves to resolved and clears it when a resolved ticket is reopened;
-- closing keeps it.  Nullable, so adding it rewrites nothing.  A database
-- updated from 1.0 gets it for its resolved and closed tickets from the
-- feed (the latest 'resolved' row of the ticket), else from updated_at.

ALTER TABLE supporthub.tickets ADD COLUMN resolved_at timestamptz;
COMMENT ON COLUMN supporthub.tickets.resolved_at IS 'When the ticket was last resolved; NULL while open or pending (a reopen clears it, closing keeps it)';

UPDATE supporthub.tickets AS t
   SET resolved_at = coalesce((SELECT pg_catalog.max(a.created_at)
								 FROM supporthub.recent_activities a
								WHERE a.tenant_id OPERATOR(pg_catalog.=) t.tenant_id
								  AND a.ticket_id OPERATOR(pg_catalog.=) t.id
								  AND a.ref_type OPERATOR(pg_catalog.=) 'ticket'::supporthub.activity_ref_type
								  AND a.action OPERATOR(pg_catalog.=) 'resolved'::supporthub.activity_action),
							  t.updated_at)
 WHERE t.status OPERATOR(pg_catalog.=) ANY (ARRAY['resolved', 'closed']::supporthub.ticket_status[]);
