-- 075: the API of satisfaction ratings (src/ratings.c).

CREATE FUNCTION supporthub.rate_ticket(ticket_id uuid, score integer, comment text DEFAULT NULL)
RETURNS supporthub.ticket_ratings
AS 'MODULE_PATHNAME', 'sh_rate_ticket'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.rate_ticket(uuid, integer, text) IS
	'Rate a resolved or closed ticket 1–5 with an optional comment (the ticket''s customer only); a second rating replaces the first within 7 days of the resolution';

CREATE FUNCTION supporthub.get_ticket_rating(ticket_id uuid)
RETURNS supporthub.ticket_ratings
AS 'MODULE_PATHNAME', 'sh_get_ticket_rating'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_ticket_rating(uuid) IS
	'The rating of a ticket the actor can see (staff, or the ticket''s customer); PT404 when it has none';
