-- 054: what the thread adds around ticket_comments — the reply times of a
-- ticket (nullable, so adding them rewrites nothing), the indexes, and the
-- row-level security of the thread.
--
-- Reads: staff see every comment of the tenant; a customer sees only the
-- PUBLIC comments of their own tickets.  An internal note reaches a
-- customer by no road: the table's policy hides it, and the feed's policy
-- hides the rows about it — every feed row of a comment carries the
-- comment's "internal" in its changes ({"internal": {"old": …, "new": …}}),
-- and a customer does not see a row whose changes say internal true.

ALTER TABLE supporthub.tickets
	ADD COLUMN first_responded_at timestamptz,
	ADD COLUMN last_replied_at timestamptz;
COMMENT ON COLUMN supporthub.tickets.first_responded_at IS 'When staff first replied in public (add_comment); NULL until then';
COMMENT ON COLUMN supporthub.tickets.last_replied_at IS 'When the latest public reply, by anyone, was posted; NULL if none';

CREATE INDEX ticket_comments_ticket_idx ON supporthub.ticket_comments (tenant_id, ticket_id, id);
COMMENT ON INDEX supporthub.ticket_comments_ticket_idx IS 'The thread of a ticket oldest first: get_comments, and deleting a ticket''s comments with it';
CREATE INDEX ticket_comments_author_idx ON supporthub.ticket_comments (tenant_id, author_id);
COMMENT ON INDEX supporthub.ticket_comments_author_idx IS 'Comments a user wrote: checks for them when a user is deleted';

CREATE POLICY ticket_comments_read ON supporthub.ticket_comments FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR NOT internal
				   AND EXISTS (SELECT 1 FROM supporthub.tickets t
							   WHERE t.tenant_id OPERATOR(pg_catalog.=) ticket_comments.tenant_id
								 AND t.id OPERATOR(pg_catalog.=) ticket_comments.ticket_id
								 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY ticket_comments_read ON supporthub.ticket_comments IS 'Staff see every comment of the tenant; a customer sees the public comments of their own tickets, never an internal note';

-- The feed: as 019's policy, and a customer never sees a row about an
-- internal note (its changes say internal true, old or new).
ALTER POLICY recent_activities_read ON supporthub.recent_activities
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR (ref_type OPERATOR(pg_catalog.=) 'user'::supporthub.activity_ref_type
					AND ref_id OPERATOR(pg_catalog.=) supporthub.current_user_id())
				OR NOT (changes OPERATOR(pg_catalog.@>) '{"internal": {"new": true}}'::jsonb
						OR changes OPERATOR(pg_catalog.@>) '{"internal": {"old": true}}'::jsonb)
				   AND EXISTS (SELECT 1 FROM supporthub.tickets t
							   WHERE t.tenant_id OPERATOR(pg_catalog.=) recent_activities.tenant_id
								 AND t.id OPERATOR(pg_catalog.=) recent_activities.ticket_id
								 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY recent_activities_read ON supporthub.recent_activities IS 'Staff see the whole feed of the tenant; a customer sees what happened to their own tickets (never a row about an internal note) and their own user row';

ALTER TABLE supporthub.ticket_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE supporthub.ticket_comments FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_comments_insert ON supporthub.ticket_comments FOR INSERT TO supporthub_api
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
CREATE POLICY ticket_comments_update ON supporthub.ticket_comments FOR UPDATE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
CREATE POLICY ticket_comments_delete ON supporthub.ticket_comments FOR DELETE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY ticket_comments_insert ON supporthub.ticket_comments IS 'The API inserts rows of the actor''s tenant only';
COMMENT ON POLICY ticket_comments_update ON supporthub.ticket_comments IS 'The API updates rows of the actor''s tenant only';
COMMENT ON POLICY ticket_comments_delete ON supporthub.ticket_comments IS 'The API deletes rows of the actor''s tenant only';
