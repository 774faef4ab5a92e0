-- 060: the API of tags and search (src/tickets.c, src/search.c).

CREATE FUNCTION supporthub.set_ticket_tags(ticket_id uuid, tags text[])
RETURNS supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_set_ticket_tags'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.set_ticket_tags(uuid, text[]) IS
	'Replace the tags of a ticket (staff): lower-cased, trimmed, duplicates merged, sorted; {} clears them; logs tagged with the old and new sets';

-- search_tickets returns the ticket's columns and its rank.  A composite
-- type rather than RETURNS TABLE: an OUT column may not share the name of
-- the status argument.
CREATE TYPE supporthub.ticket_search_hit AS (
	tenant_id	uuid,
	id			uuid,
	ticket_number bigint,
	subject		text,
	description	text,
	status		supporthub.ticket_status,
	priority	supporthub.ticket_priority,
	category_id	uuid,
	customer_id	uuid,
	agent_id	uuid,
	created_at	timestamptz,
	updated_at	timestamptz,
	first_responded_at timestamptz,
	last_replied_at timestamptz,
	tags		text[],
	rank		real
);
COMMENT ON TYPE supporthub.ticket_search_hit IS
	'A row of search_tickets: the columns of supporthub.tickets, in order, and rank (0 to 1; 1 for the ticket whose number was searched)';

CREATE FUNCTION supporthub.search_tickets(query text, status supporthub.ticket_status DEFAULT NULL,
										  tag text DEFAULT NULL, page_size integer DEFAULT 20)
RETURNS SETOF supporthub.ticket_search_hit
AS 'MODULE_PATHNAME', 'sh_search_tickets'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 20;
COMMENT ON FUNCTION supporthub.search_tickets(text, supporthub.ticket_status, text, integer) IS
	'Full-text search of the tickets the actor can see (subject, description, the comments they may read; #N or N finds ticket N first), by relevance then newest; optionally of one status and one tag';
