-- test/bench/generate.sql — the benchmark data set, generated in bulk.
--
-- psql variables: tenants, tickets (per tenant, a multiple of 20),
-- customers (per tenant).  Full scale: 100 tenants × (2 admins, 20 agents,
-- 1,000 customers, 10 categories, 5 escalation types, 10,000 tickets)
-- = 1,000,000 tickets and about 1.9 M activity rows.
--
-- Runs as superuser (no RLS, ordinary INSERT … SELECT, every foreign key
-- checked as usual); ids come from bench.id() (test/bench/setup.sql) so
-- pgbench scripts can name rows from integers.  The data is what the API
-- would have written: ticket numbers 1..N per tenant, ticket_counters at N,
-- a "created" activity for every ticket and an "assigned" one for every
-- assigned ticket, each with its `changes`.
--
-- The mix, a function of the ticket number n so scripts can pick by state:
--   status  by n % 20:   1–3 open (15 %), 4–5 pending (10 %),
--                        6–10 resolved (25 %), 11–19 and 0 closed (50 %)
--   priority by (7n+t) % 10: low 30 %, medium 40 %, high 20 %, urgent 10 %
--   agent:  half of the open tickets unassigned, every other ticket assigned
--   rows are inserted in time order (tenants interleaved), as in production.

\set ON_ERROR_STOP 1
\timing on

BEGIN;

INSERT INTO supporthub.tenants (id, name, created_at, updated_at)
SELECT bench.id(1, t, 0), format('Bench tenant %s', t), bench.ts(1, t, 0), bench.ts(1, t, 0)
  FROM generate_series(1, :tenants) t;

-- each tenant's settings row, with the defaults, as create_tenant makes it
INSERT INTO supporthub.tenant_settings (tenant_id)
SELECT bench.id(1, t, 0) FROM generate_series(1, :tenants) t;

INSERT INTO supporthub.users (tenant_id, id, name, email, role, active, created_at, updated_at)
SELECT bench.id(1, t, 0), bench.id(2, t, u),
	   CASE WHEN u <= 2 THEN format('Admin %s', u)
			WHEN u <= 22 THEN format('Agent %s', u - 2)
			ELSE format('Customer %s', u - 22) END,
	   format('user%s@tenant%s.example.com', u, t),
	   (CASE WHEN u <= 2 THEN 'admin' WHEN u <= 22 THEN 'agent' ELSE 'customer' END)::supporthub.user_role,
	   true, bench.ts(2, t, u), bench.ts(2, t, u)
  FROM generate_series(1, :tenants) t, generate_series(1, 22 + :customers) u;

INSERT INTO supporthub.categories (tenant_id, id, name, description, created_at, updated_at)
SELECT bench.id(1, t, 0), bench.id(3, t, k),
	   (ARRAY['Billing', 'Shipping', 'Returns', 'Account', 'Technical', 'Orders',
			  'Payments', 'Warranty', 'Feedback', 'Other'])[k],
	   'Generated for the benchmark', bench.ts(3, t, k), bench.ts(3, t, k)
  FROM generate_series(1, :tenants) t, generate_series(1, 10) k;

INSERT INTO supporthub.escalation_types (tenant_id, id, label, created_at, updated_at)
SELECT bench.id(1, t, 0), bench.id(4, t, k),
	   (ARRAY['Manager review', 'Legal', 'Engineering', 'Billing dispute', 'VIP'])[k],
	   bench.ts(4, t, k), bench.ts(4, t, k)
  FROM generate_series(1, :tenants) t, generate_series(1, 5) k;

INSERT INTO supporthub.ticket_counters (tenant_id, last_number)
SELECT bench.id(1, t, 0), :tickets FROM generate_series(1, :tenants) t;

-- One row per (tenant, number) with everything the three inserts need.
CREATE TEMP TABLE gen ON COMMIT DROP AS
SELECT t, n,
	   bench.id(1, t, 0) AS tenant_id,
	   bench.id(5, t, n) AS id,
	   bench.ts(5, t, n) AS created_at,
	   (CASE WHEN n % 20 BETWEEN 1 AND 3 THEN 'open'
			 WHEN n % 20 BETWEEN 4 AND 5 THEN 'pending'
			 WHEN n % 20 BETWEEN 6 AND 10 THEN 'resolved'
			 ELSE 'closed' END)::supporthub.ticket_status AS status,
	   (CASE WHEN (7 * n + t) % 10 < 3 THEN 'low'
			 WHEN (7 * n + t) % 10 < 7 THEN 'medium'
			 WHEN (7 * n + t) % 10 < 9 THEN 'high'
			 ELSE 'urgent' END)::supporthub.ticket_priority AS priority,
	   bench.id(3, t, 1 + n % 10) AS category_id,
	   bench.id(2, t, 23 + (31 * n + 7 * t) % :customers) AS customer_id,
	   CASE WHEN n % 20 BETWEEN 1 AND 3 AND (n / 20) % 2 = 1 THEN NULL
			ELSE bench.id(2, t, 3 + (13 * n + t) % 20) END AS agent_id
  FROM generate_series(1, :tickets) n, generate_series(1, :tenants) t;

INSERT INTO supporthub.tickets (tenant_id, id, ticket_number, subject, description, status,
								priority, category_id, customer_id, agent_id, created_at, updated_at)
SELECT tenant_id, id, n, format('Order %s: item arrived damaged', 100000 + n),
	   'The parcel arrived yesterday with a crushed corner; the item inside is scratched. '
	   'I would like a replacement or a refund, whichever is faster.',
	   status, priority, category_id, customer_id, agent_id, created_at,
	   created_at + CASE status WHEN 'open' THEN interval '0' ELSE interval '2 days' END
  FROM gen ORDER BY n, t;

INSERT INTO supporthub.recent_activities (tenant_id, id, user_id, action, ref_type, ref_id,
										  ticket_id, changes, created_at)
SELECT tenant_id, id, user_id, action, 'ticket', ticket_id, ticket_id, changes, created_at
  FROM (SELECT n, t, tenant_id, bench.id(6, t, n) AS id, customer_id AS user_id,
			   'created'::supporthub.activity_action AS action, id AS ticket_id,
			   jsonb_build_object(
				   'ticket_number', jsonb_build_object('old', NULL, 'new', n),
				   'subject', jsonb_build_object('old', NULL, 'new', format('Order %s: item arrived damaged', 100000 + n)),
				   'status', jsonb_build_object('old', NULL, 'new', 'open'),
				   'priority', jsonb_build_object('old', NULL, 'new', priority),
				   'category_id', jsonb_build_object('old', NULL, 'new', category_id),
				   'customer_id', jsonb_build_object('old', NULL, 'new', customer_id)) AS changes,
			   created_at
		  FROM gen
		UNION ALL
		SELECT n, t, tenant_id, bench.id(7, t, n), bench.id(2, t, 1 + t % 2),
			   'assigned', id,
			   jsonb_build_object('agent_id', jsonb_build_object('old', NULL, 'new', agent_id)),
			   created_at + interval '10 minutes'
		  FROM gen WHERE agent_id IS NOT NULL) a
 ORDER BY n, t, id;

COMMIT;

VACUUM (ANALYZE) supporthub.tenants, supporthub.users, supporthub.categories,
	supporthub.escalation_types, supporthub.ticket_counters, supporthub.tickets,
	supporthub.recent_activities, supporthub.escalations;
CHECKPOINT;

SELECT (SELECT count(*) FROM supporthub.tenants) AS tenants,
	   (SELECT count(*) FROM supporthub.users) AS users,
	   (SELECT count(*) FROM supporthub.tickets) AS tickets,
	   (SELECT count(*) FROM supporthub.recent_activities) AS activities,
	   pg_size_pretty(pg_database_size(current_database())) AS database_size;
