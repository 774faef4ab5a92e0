-- 059: ticket_search_documents — what search_tickets searches: two rows per
-- ticket, one per audience.
--
--   public: subject (weight A), description (B) and the public comments (C);
--   staff:  the same and the internal notes (C).
--
-- A customer searches the public document of their own tickets only, so a
-- word written only in an internal note can never make their ticket match,
-- and no road shows them the staff document: the table's policy hides it
-- (a direct SELECT), search_tickets reads the public one for them, and the
-- feed never carries a document.  The API role (supporthub_api) reads
-- every document (see its policy below) and writes those of the acting
-- tenant: the triggers below run as the writer, and a customer's public
-- reply must also reach the staff document; search_tickets states the
-- tenant and the audience itself.
--
-- The triggers are the one place every writer goes through (the API and
-- any bare SQL alike): a new ticket gets its two rows; a changed subject
-- or description, or an edited or deleted comment, rebuilds them; a new
-- comment is appended.  Assigning, escalating, a status or tags do not
-- fire them (AFTER UPDATE OF subject, description).
--
-- The index is GIN over (tenant_id, document) of the staff documents:
-- with btree_gin the tenant is a key of the same index, so one tenant's
-- search intersects the word's posting list with the tenant's and does not
-- read other tenants' rows.  Only staff search through it: a customer's
-- search probes the public documents of their own tickets by primary key.
-- The audience is the index's predicate rather than a third key: a key
-- that half the rows share has a posting list the intersection walks
-- through (docs/performance.md, "Search"), and the index is half the size,
-- and half the upkeep of every write.

-- One foreign key, to the ticket (tenant_id, ticket_id): it already holds
-- the tenant to an existing one, and every foreign key costs each new
-- ticket a look-up per document; a second one, to tenants, would add two.

CREATE TYPE supporthub.search_audience AS ENUM ('public', 'staff');
COMMENT ON TYPE supporthub.search_audience IS
	'Who a search document is for: public (customers: no internal notes) or staff (everything)';

CREATE TABLE supporthub.ticket_search_documents (
	tenant_id	uuid		NOT NULL,
	ticket_id	uuid		NOT NULL,
	audience	supporthub.search_audience NOT NULL,
	document	tsvector	NOT NULL,
	CONSTRAINT ticket_search_documents_pkey PRIMARY KEY (tenant_id, ticket_id, audience),
	CONSTRAINT ticket_search_documents_ticket_fkey FOREIGN KEY (tenant_id, ticket_id)
		REFERENCES supporthub.tickets (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.ticket_search_documents IS 'Full-text documents of tickets for search_tickets, one per audience (public: no internal notes; staff: everything); kept by triggers';
COMMENT ON COLUMN supporthub.ticket_search_documents.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.ticket_search_documents.ticket_id IS 'Ticket the document describes';
COMMENT ON COLUMN supporthub.ticket_search_documents.audience IS 'public: what the ticket''s customer may read; staff: the same and the internal notes';
COMMENT ON COLUMN supporthub.ticket_search_documents.document IS 'to_tsvector(''simple'', …): subject weight A, description B, comments C (public comments only in the public document)';
COMMENT ON CONSTRAINT ticket_search_documents_pkey ON supporthub.ticket_search_documents IS 'One document per ticket and audience';
COMMENT ON INDEX supporthub.ticket_search_documents_pkey IS 'Finds the documents of a ticket (the triggers that keep them)';
COMMENT ON CONSTRAINT ticket_search_documents_ticket_fkey ON supporthub.ticket_search_documents IS 'A document describes a ticket of the same tenant (which makes the tenant an existing one); deleted with it';
-- Registered so that pg_dump knows the table, with no row: a restore
-- inserts the tickets and comments, and the triggers below build their
-- documents again (rows dumped as well would collide with them).
SELECT pg_catalog.pg_extension_config_dump('supporthub.ticket_search_documents', 'WHERE false');


ALTER TABLE supporthub.ticket_search_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE supporthub.ticket_search_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY ticket_search_documents_read ON supporthub.ticket_search_documents FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR audience OPERATOR(pg_catalog.=) 'public'::supporthub.search_audience
				   AND EXISTS (SELECT 1 FROM supporthub.tickets t
							   WHERE t.tenant_id OPERATOR(pg_catalog.=) ticket_search_documents.tenant_id
								 AND t.id OPERATOR(pg_catalog.=) ticket_search_documents.ticket_id
								 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY ticket_search_documents_read ON supporthub.ticket_search_documents IS 'Staff read every document of the tenant; a customer reads the public documents of their own tickets, never a staff document';
-- The API role reads every document: each of its statements names the
-- tenant (and search_tickets the audience) itself.  The policy must be
-- constant true for that role: PostgreSQL uses a condition that is not
-- leakproof (@@, an enum's =) as an index condition only when no
-- row-level security condition of the table is checked before it, and a
-- policy that folds to true adds none; any other policy would leave the
-- GIN index to find the tenant's rows only, and every one of them be read.
CREATE POLICY ticket_search_documents_api ON supporthub.ticket_search_documents FOR SELECT TO supporthub_api
	USING (true);
COMMENT ON POLICY ticket_search_documents_api ON supporthub.ticket_search_documents IS 'The API reads every document: its statements name the tenant (and the audience) themselves, and a policy that is always true leaves the search''s conditions free to use the GIN index; the triggers keep the staff document when a customer replies';
CREATE POLICY ticket_search_documents_insert ON supporthub.ticket_search_documents FOR INSERT TO supporthub_api
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
CREATE POLICY ticket_search_documents_update ON supporthub.ticket_search_documents FOR UPDATE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY ticket_search_documents_insert ON supporthub.ticket_search_documents IS 'The API inserts rows of the actor''s tenant only';
CREATE POLICY ticket_search_documents_delete ON supporthub.ticket_search_documents FOR DELETE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY ticket_search_documents_update ON supporthub.ticket_search_documents IS 'The API updates rows of the actor''s tenant only';
COMMENT ON POLICY ticket_search_documents_delete ON supporthub.ticket_search_documents IS 'The API deletes rows of the actor''s tenant only (documents go with their ticket, by the foreign key)';

-- One trigger function for both tables: it runs as the writer (the API
-- role, or whoever writes bare SQL), so every writer pays the same.
CREATE FUNCTION supporthub.maintain_search_documents()
RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	tenant uuid;
	ticket uuid;
	words tsvector;
BEGIN
	-- the words are parsed once, into a variable, for both documents:
	-- parsing is most of what a document costs
	IF TG_TABLE_NAME = 'tickets' AND TG_OP = 'INSERT' THEN
		-- a new ticket: its two documents, no comments yet
		words := setweight(to_tsvector('simple', NEW.subject), 'A')
			|| setweight(to_tsvector('simple', coalesce(NEW.description, '')), 'B');
		INSERT INTO supporthub.ticket_search_documents (tenant_id, ticket_id, audience, document)
		VALUES (NEW.tenant_id, NEW.id, 'public', words), (NEW.tenant_id, NEW.id, 'staff', words);
		RETURN NULL;
	ELSIF TG_TABLE_NAME = 'ticket_comments' AND TG_OP = 'INSERT' THEN
		-- a new comment is appended: a public reply to both, a note to staff's
		words := setweight(to_tsvector('simple', NEW.body), 'C');
		UPDATE supporthub.ticket_search_documents AS d
		   SET document = d.document || words
		 WHERE d.tenant_id = NEW.tenant_id AND d.ticket_id = NEW.ticket_id
		   AND (d.audience = 'staff' OR NOT NEW.internal);
		RETURN NULL;
	ELSIF TG_TABLE_NAME = 'tickets' THEN
		tenant := NEW.tenant_id;
		ticket := NEW.id;
	ELSIF TG_OP = 'UPDATE' THEN
		tenant := NEW.tenant_id;
		ticket := NEW.ticket_id;
	ELSE
		tenant := OLD.tenant_id;
		ticket := OLD.ticket_id;
	END IF;

	-- anything else rebuilds both documents of the ticket (nothing when
	-- the ticket itself is being deleted)
	UPDATE supporthub.ticket_search_documents AS d
	   SET document = x.document
	  FROM (SELECT a.audience,
				   setweight(to_tsvector('simple', t.subject), 'A')
				   || setweight(to_tsvector('simple', coalesce(t.description, '')), 'B')
				   || setweight(to_tsvector('simple', coalesce(
						(SELECT string_agg(c.body, E'\n' ORDER BY c.id)
						   FROM supporthub.ticket_comments c
						  WHERE c.tenant_id = t.tenant_id AND c.ticket_id = t.id
							AND (a.audience = 'staff' OR NOT c.internal)), '')), 'C') AS document
			  FROM supporthub.tickets t
			 CROSS JOIN (VALUES ('public'::supporthub.search_audience),
								('staff'::supporthub.search_audience)) AS a (audience)
			 WHERE t.tenant_id = tenant AND t.id = ticket) AS x
	 WHERE d.tenant_id = tenant AND d.ticket_id = ticket AND d.audience = x.audience;
	RETURN NULL;
END
$$;
COMMENT ON FUNCTION supporthub.maintain_search_documents() IS
	'Trigger of tickets and ticket_comments: keeps the two search documents of a ticket (a new ticket gets them, a new comment is appended, any other change rebuilds them)';

CREATE TRIGGER tickets_search_documents_insert
	AFTER INSERT ON supporthub.tickets
	FOR EACH ROW EXECUTE FUNCTION supporthub.maintain_search_documents();
COMMENT ON TRIGGER tickets_search_documents_insert ON supporthub.tickets IS
	'A new ticket gets its public and staff search documents';
CREATE TRIGGER tickets_search_documents_update
	AFTER UPDATE OF subject, description ON supporthub.tickets
	FOR EACH ROW
	WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.description IS DISTINCT FROM NEW.description)
	EXECUTE FUNCTION supporthub.maintain_search_documents();
COMMENT ON TRIGGER tickets_search_documents_update ON supporthub.tickets IS
	'A changed subject or description rebuilds the ticket''s search documents (other updates do not fire it)';
CREATE TRIGGER ticket_comments_search_documents
	AFTER INSERT OR DELETE OR UPDATE OF body, internal ON supporthub.ticket_comments
	FOR EACH ROW EXECUTE FUNCTION supporthub.maintain_search_documents();
COMMENT ON TRIGGER ticket_comments_search_documents ON supporthub.ticket_comments IS
	'Keeps the search documents of the comment''s ticket: appended on insert, rebuilt on edit or deletion';

-- Tickets that exist before this version (an update from 1.0) get theirs.
INSERT INTO supporthub.ticket_search_documents (tenant_id, ticket_id, audience, document)
SELECT t.tenant_id, t.id, a.audience,
	   setweight(to_tsvector('simple', t.subject), 'A')
	   || setweight(to_tsvector('simple', coalesce(t.description, '')), 'B')
	   || setweight(to_tsvector('simple', coalesce(
			(SELECT string_agg(c.body, E'\n' ORDER BY c.id)
			   FROM supporthub.ticket_comments c
			  WHERE c.tenant_id = t.tenant_id AND c.ticket_id = t.id
				AND (a.audience = 'staff' OR NOT c.internal)), '')), 'C')
  FROM supporthub.tickets t
 CROSS JOIN (VALUES ('public'::supporthub.search_audience),
					('staff'::supporthub.search_audience)) AS a (audience);

-- The index last: built once over the documents above rather than grown
-- row by row.
CREATE INDEX ticket_search_documents_search_idx ON supporthub.ticket_search_documents
	USING gin (tenant_id, document) WHERE audience = 'staff';
COMMENT ON INDEX supporthub.ticket_search_documents_search_idx IS
	'search_tickets by staff: the words of one tenant''s staff documents (btree_gin keys the tenant)';
