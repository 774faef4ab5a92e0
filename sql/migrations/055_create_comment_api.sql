-- 055: the API of the ticket thread (src/comments.c).

CREATE FUNCTION supporthub.add_comment(ticket_id uuid, body text, internal boolean DEFAULT false,
									   status supporthub.ticket_status DEFAULT NULL)
RETURNS supporthub.ticket_comments
AS 'MODULE_PATHNAME', 'sh_add_comment'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.add_comment(uuid, text, boolean, supporthub.ticket_status) IS
	'Reply on a ticket (its customer, or staff), or write an internal note (staff); optionally move the ticket to status in the same call; a customer''s reply reopens a pending or resolved ticket';

CREATE FUNCTION supporthub.get_comments(ticket_id uuid, after uuid DEFAULT NULL, page_size integer DEFAULT 50)
RETURNS SETOF supporthub.ticket_comments
AS 'MODULE_PATHNAME', 'sh_get_comments'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 50;
COMMENT ON FUNCTION supporthub.get_comments(uuid, uuid, integer) IS
	'The thread of a ticket the actor can see, oldest first, keyset-paged (after = the last id of the previous page); customers never get internal notes';

CREATE FUNCTION supporthub.update_comment(id uuid, body text)
RETURNS supporthub.ticket_comments
AS 'MODULE_PATHNAME', 'sh_update_comment'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.update_comment(uuid, text) IS
	'Edit the body of a comment (its author only) on a ticket that is not closed';

CREATE FUNCTION supporthub.delete_comment(id uuid)
RETURNS supporthub.ticket_comments
AS 'MODULE_PATHNAME', 'sh_delete_comment'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.delete_comment(uuid) IS
	'Delete a comment (its author, or an admin); the feed keeps the record of it';
