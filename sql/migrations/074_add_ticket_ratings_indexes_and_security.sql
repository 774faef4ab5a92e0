-- 074: the indexes and row-level security of ticket_ratings.
--
-- Reads: staff see every rating of the tenant; a customer sees the
-- ratings of their own tickets (their own ratings).  Writes: the API only,
-- within the actor's tenant (as ticket_comments, 054).  The feed's rows
-- of a rating hang off its ticket: staff and the ticket's customer see
-- them under the feed's policy as it is.

CREATE INDEX ticket_ratings_customer_idx ON supporthub.ticket_ratings (tenant_id, customer_id);
COMMENT ON INDEX supporthub.ticket_ratings_customer_idx IS 'Ratings a customer gave: checks for them when a user is deleted';

ALTER TABLE supporthub.ticket_ratings ENABLE ROW LEVEL SECURITY;
ALTER TABLE supporthub.ticket_ratings FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_ratings_read ON supporthub.ticket_ratings FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR EXISTS (SELECT 1 FROM supporthub.tickets t
						   WHERE t.tenant_id OPERATOR(pg_catalog.=) ticket_ratings.tenant_id
							 AND t.id OPERATOR(pg_catalog.=) ticket_ratings.ticket_id
							 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY ticket_ratings_read ON supporthub.ticket_ratings IS 'Staff see every rating of the tenant; a customer sees the ratings of their own tickets';
CREATE POLICY ticket_ratings_insert ON supporthub.ticket_ratings FOR INSERT TO supporthub_api
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
CREATE POLICY ticket_ratings_update ON supporthub.ticket_ratings FOR UPDATE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
CREATE POLICY ticket_ratings_delete ON supporthub.ticket_ratings FOR DELETE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY ticket_ratings_insert ON supporthub.ticket_ratings IS 'The API inserts rows of the actor''s tenant only';
COMMENT ON POLICY ticket_ratings_update ON supporthub.ticket_ratings IS 'The API updates rows of the actor''s tenant only';
COMMENT ON POLICY ticket_ratings_delete ON supporthub.ticket_ratings IS 'The API deletes rows of the actor''s tenant only';
