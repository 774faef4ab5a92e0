-- 058: tickets.tags — labels staff put on a ticket (set_ticket_tags).
-- A constant default: adding the column rewrites nothing; the CHECK only
-- reads the table once.  The API stores a set: lower-cased, trimmed,
-- duplicates merged, sorted; the constraint holds the shape of each tag so
-- that no other road can store one the API would refuse.

ALTER TABLE supporthub.tickets
	ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN supporthub.tickets.tags IS 'Tags (set_ticket_tags): at most 20, each 1–50 characters of a-z, 0-9, - and _, sorted, no duplicates';

-- The rules are one C call (src/tickets.c): PostgreSQL reads a table's CHECK
-- expressions again for every statement that writes it, and a long
-- expression here made every update of a ticket about 10 % dearer.
CREATE FUNCTION supporthub.ticket_tags_valid(tags text[])
RETURNS boolean
AS 'MODULE_PATHNAME', 'sh_ticket_tags_valid'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION supporthub.ticket_tags_valid(text[]) IS
	'The shape of tickets.tags (its CHECK): one dimension or none, at most 20, each 1–50 characters of a-z, 0-9, - and _, no NULL element (true for NULL: the column is NOT NULL)';

ALTER TABLE supporthub.tickets
	ADD CONSTRAINT tickets_tags_check CHECK (supporthub.ticket_tags_valid(tags));
COMMENT ON CONSTRAINT tickets_tags_check ON supporthub.tickets IS 'At most 20 tags, each 1–50 characters of a-z, 0-9, - and _ (no NULL)';
