-- 058: tickets.tags — labels staff put on a ticket (set_ticket_tags).
-- A constant default: adding the column rewrites nothing; the CHECK only
-- reads the table once.  The API stores a set: lower-cased, trimmed,
-- duplicates merged, sorted; the constraint holds the shape of each tag so
-- that no other road can store one the API would refuse.

ALTER TABLE supporthub.tickets
	ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN supporthub.tickets.tags IS 'Tags (set_ticket_tags): at most 20, each 1–50 characters of a-z, 0-9, - and _, sorted, no duplicates';

ALTER TABLE supporthub.tickets
	ADD CONSTRAINT tickets_tags_check CHECK (
		pg_catalog.cardinality(tags) OPERATOR(pg_catalog.=) 0
		OR (pg_catalog.array_ndims(tags) OPERATOR(pg_catalog.=) 1
			AND pg_catalog.cardinality(tags) OPERATOR(pg_catalog.<=) 20
			AND pg_catalog.array_position(tags, NULL) IS NULL
			AND pg_catalog.array_to_string(tags, ',')
				OPERATOR(pg_catalog.~) '^[a-z0-9_-]{1,50}(,[a-z0-9_-]{1,50})*$'));
COMMENT ON CONSTRAINT tickets_tags_check ON supporthub.tickets IS 'At most 20 tags, each 1–50 characters of a-z, 0-9, - and _ (no NULL)';
