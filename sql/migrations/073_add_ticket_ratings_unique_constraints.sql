-- 073: uniqueness of ratings: one rating per ticket (a second one replaces
-- the first, rate_ticket).

ALTER TABLE supporthub.ticket_ratings
	ADD CONSTRAINT ticket_ratings_ticket_key UNIQUE (tenant_id, ticket_id);
COMMENT ON CONSTRAINT ticket_ratings_ticket_key ON supporthub.ticket_ratings IS 'One rating per ticket';
COMMENT ON INDEX supporthub.ticket_ratings_ticket_key IS 'Finds the rating of a ticket (get_ticket_rating, rate_ticket), and deletes it with its ticket';
