-- test/bench/search_generate.sql — the data set of `make bench-search`
-- (test/bench/search.sh): tenants × tickets with words of known frequency,
-- comments and internal notes, generated in bulk.
--
-- psql variables: tenants, tickets (per tenant, a multiple of 1,000),
-- customers (per tenant).  Full scale: 100 tenants × 10,000 tickets =
-- 1,000,000 tickets, a public comment on every third ticket and an
-- internal note on every ninth (about 444,000 comments), 2,000,000 search
-- documents.
--
-- Runs as superuser.  The rows go in with session_replication_role =
-- replica (no triggers: no per-row document maintenance, no foreign key
-- checks on ids that are right by construction, no notifications); the
-- search documents are then built in one INSERT … SELECT with the same
-- expression as migration 059's backfill, and the GIN index rebuilt once.
-- Tickets are inserted in time order with the tenants interleaved (ticket
-- n of every tenant, then n + 1, …), as production writes them, so one
-- tenant's rows are spread over the whole heap and every posting list.
--
-- The words, a function of the ticket number n and the tenant t:
--   subject and description: 5 and 25 words of a vocabulary of 5,000
--     (pseudo-words from md5), each in about 0.6 % of the documents
--   common10   in 10 % of the tickets (n % 10 = 0) of EVERY tenant
--   only10     in the same 10 % of tenant 1's tickets, in no other tenant
--   common01   in 0.1 % of the tickets (n % 1000 = 0) of every tenant
--   only01     in the same 0.1 % of tenant 1's tickets only
--   notesonly  only in the internal notes (every ninth ticket)
-- So a search in tenant 1 for common10 and for only10 returns the same
-- tickets, and the difference in what they read is what the index reads
-- of the other tenants' entries.

\set ON_ERROR_STOP 1
\timing on

BEGIN;
SET LOCAL session_replication_role = replica;

INSERT INTO supporthub.tenants (id, name, created_at, updated_at)
SELECT bench.id(1, t, 0), format('Search tenant %s', t), bench.ts(1, t, 0), bench.ts(1, t, 0)
  FROM generate_series(1, :tenants) t;
INSERT INTO supporthub.tenant_settings (tenant_id)
SELECT bench.id(1, t, 0) FROM generate_series(1, :tenants) t;

-- users 1..2 admins, 23.. customers (the numbering of generate.sql)
INSERT INTO supporthub.users (tenant_id, id, name, email, role, active, created_at, updated_at)
SELECT bench.id(1, t, 0), bench.id(2, t, u),
	   CASE WHEN u <= 2 THEN format('Admin %s', u) ELSE format('Customer %s', u - 22) END,
	   format('user%s@tenant%s.example.com', u, t),
	   (CASE WHEN u <= 2 THEN 'admin' ELSE 'customer' END)::supporthub.user_role,
	   true, bench.ts(2, t, u), bench.ts(2, t, u)
  FROM generate_series(1, :tenants) t,
	   (SELECT u FROM generate_series(1, 2) u UNION ALL
		SELECT u FROM generate_series(23, 22 + :customers) u) u;

INSERT INTO supporthub.categories (tenant_id, id, name, description, created_at, updated_at)
SELECT bench.id(1, t, 0), bench.id(3, t, 1), 'General', 'Generated for the search benchmark',
	   bench.ts(3, t, 1), bench.ts(3, t, 1)
  FROM generate_series(1, :tenants) t;

INSERT INTO supporthub.ticket_counters (tenant_id, last_number)
SELECT bench.id(1, t, 0), :tickets FROM generate_series(1, :tenants) t;

-- the vocabulary and 10,000 texts of 25 words and 10,000 subjects of 5
CREATE TEMP TABLE vocab ON COMMIT DROP AS
SELECT i, substr(md5('word' || i), 1, 4 + i % 5) AS w FROM generate_series(0, 4999) i;
CREATE TEMP TABLE texts ON COMMIT DROP AS
SELECT k, (SELECT string_agg(v.w, ' ' ORDER BY j)
			 FROM generate_series(1, 25) j
			 JOIN vocab v ON v.i = (k * 7919 + j * 104729 + j * j * 31) % 5000) AS body,
		  (SELECT string_agg(v.w, ' ' ORDER BY j)
			 FROM generate_series(1, 5) j
			 JOIN vocab v ON v.i = (k * 613 + j * 3571 + j * j * 17) % 5000) AS subject
  FROM generate_series(0, 9999) k;
CREATE UNIQUE INDEX ON texts (k);
ANALYZE texts;

INSERT INTO supporthub.tickets (tenant_id, id, ticket_number, subject, description, status,
								priority, category_id, customer_id, agent_id, created_at, updated_at)
SELECT bench.id(1, g.t, 0), bench.id(5, g.t, g.n), g.n, x.subject,
	   x.body
	   || CASE WHEN g.n % 10 = 0 THEN ' common10' ELSE '' END
	   || CASE WHEN g.n % 10 = 0 AND g.t = 1 THEN ' only10' ELSE '' END
	   || CASE WHEN g.n % 1000 = 0 THEN ' common01' ELSE '' END
	   || CASE WHEN g.n % 1000 = 0 AND g.t = 1 THEN ' only01' ELSE '' END,
	   (CASE WHEN g.n % 4 = 0 THEN 'resolved' ELSE 'open' END)::supporthub.ticket_status,
	   'medium', bench.id(3, g.t, 1), bench.id(2, g.t, 23 + (31 * g.n + 7 * g.t) % :customers),
	   NULL, bench.ts(5, g.t, g.n), bench.ts(5, g.t, g.n)
  FROM generate_series(1, :tickets) n(n) CROSS JOIN generate_series(1, :tenants) t(t)
 CROSS JOIN LATERAL (SELECT n.n AS n, t.t AS t) g
  JOIN texts x ON x.k = (g.n * 101 + g.t * 37) % 10000
 ORDER BY g.n, g.t;

-- a public reply on every third ticket, an internal note on every ninth
INSERT INTO supporthub.ticket_comments (tenant_id, id, ticket_id, author_id, body, internal,
										created_at, updated_at)
SELECT bench.id(1, t, 0), bench.id(8 + c.internal::int, t, n), bench.id(5, t, n),
	   bench.id(2, t, 1),
	   CASE WHEN c.internal THEN x.body || ' notesonly' ELSE x.body END,
	   c.internal, bench.ts(5, t, n) + interval '1 hour', bench.ts(5, t, n) + interval '1 hour'
  FROM generate_series(3, :tickets, 3) n, generate_series(1, :tenants) t,
	   (VALUES (false), (true)) c (internal)
  JOIN texts x ON true
 WHERE x.k = (n * 53 + t * 11) % 10000 AND (NOT c.internal OR n % 9 = 0)
 ORDER BY n, t, c.internal;

-- both documents of every ticket, as 059's backfill builds them
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

COMMIT;

SET maintenance_work_mem = '1GB';
REINDEX INDEX supporthub.ticket_search_documents_search_idx;
VACUUM (ANALYZE) supporthub.tenants, supporthub.users, supporthub.categories,
	supporthub.ticket_counters, supporthub.tickets, supporthub.ticket_comments,
	supporthub.ticket_search_documents;
CHECKPOINT;

SELECT (SELECT count(*) FROM supporthub.tenants) AS tenants,
	   (SELECT count(*) FROM supporthub.tickets) AS tickets,
	   (SELECT count(*) FROM supporthub.ticket_comments) AS comments,
	   (SELECT count(*) FROM supporthub.ticket_search_documents) AS documents,
	   pg_size_pretty(pg_total_relation_size('supporthub.ticket_search_documents')) AS documents_size,
	   pg_size_pretty(pg_relation_size('supporthub.ticket_search_documents_search_idx')) AS gin_size,
	   pg_size_pretty(pg_database_size(current_database())) AS database_size;
