-- 03_visibility: the visibility matrix (SPEC §4, §8), on the shared fixture
-- (test/fixture/fixture.sql: tenants A and B with every kind of object).
-- For every actor — A's admin, agent, the system actor, two customers, the
-- customer who signed up, B's actors, nobody — and every table of schema
-- supporthub (read from the catalog): a direct SELECT shows no row of
-- another tenant and exactly the rows the role may see; the API returns
-- only the actor's tenant and answers "not found" for the other tenant's
-- objects; no direct write is allowed, and nothing of it reaches the other
-- tenant.
--
-- What a role may see is derived from the catalog where it can be: a
-- table with a tenant_id column holds the tenant's rows (tenants itself:
-- its id is the tenant); the system actor sees all of its tenant, and so
-- do admins.  Rows that belong to one user — a table whose foreign key to
-- users is ON DELETE CASCADE, so its rows go with their user (sessions,
-- passwords, verifications, the sign-in log), or one whose rows go, the
-- same way, with such rows (refresh tokens) — are that user's own: agents
-- and customers see only their own.  For a customer, a table with a
-- ticket_id column, or with a foreign key to a table that has one, follows
-- the ticket: the customer's own tickets.  The rest is not in the catalog
-- and is kept in one place below, marked "irreducible".
-- Runs as sh_app (not superuser, not BYPASSRLS): RLS is what filters.  It
-- reads only the columns sh_app may read: a *_hash column (a digest) is
-- readable by no role.
BEGIN;
-- per table: nobody 1, each system actor 2 x 2, A's admin, agent, two
-- customers and the signed-up customer 2 x 5, B's admin, agent and
-- customer 1 x 3, direct writes 5; and the rest
SELECT plan(122 + 23 * (SELECT count(*)::integer FROM pg_catalog.pg_class
						WHERE relnamespace = 'supporthub'::regnamespace AND relkind = 'r'));

-- ------------------------------------------------------------ helpers
\ir setup/helpers.psql
\ir ../fixture/ids.psql
-- every table of schema supporthub
CREATE FUNCTION pg_temp.sh_tables() RETURNS text[] LANGUAGE sql STABLE AS $$
	SELECT array_agg(relname::text ORDER BY relname) FROM pg_catalog.pg_class
	 WHERE relnamespace = 'supporthub'::regnamespace AND relkind = 'r'
$$;
-- the column naming a row's tenant: tenant_id, or for tenants its id
CREATE FUNCTION pg_temp.tenant_col(tbl text) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_attribute
							  WHERE attrelid = ('supporthub.' || quote_ident(tbl))::regclass
								AND attname = 'tenant_id' AND NOT attisdropped)
				THEN 'tenant_id' ELSE 'id' END
$$;
-- the columns of a table the current role may read, as a select list: all
-- of them but the *_hash ones, which no role may read (a digest is never
-- read here, and a whole-row SELECT would be refused)
CREATE FUNCTION pg_temp.readable(tbl text) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
	 WHERE a.attrelid = ('supporthub.' || quote_ident(tbl))::regclass AND a.attnum > 0 AND NOT a.attisdropped
	   AND has_column_privilege(a.attrelid, a.attnum, 'SELECT')
$$;
-- rows of a table visible to the current actor, by direct SELECT of the
-- readable columns, as text (those meeting pred, a condition on the row
-- with $1 = me)
CREATE FUNCTION pg_temp.rows(tbl text, pred text DEFAULT 'true', me uuid DEFAULT NULL) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
	r text[];
BEGIN
	EXECUTE format('SELECT coalesce(array_agg(t::text ORDER BY t::text), ''{}'') FROM (SELECT %s FROM supporthub.%I WHERE %s) t',
				   pg_temp.readable(tbl), tbl, pred) INTO r USING me;
	RETURN r;
END
$$;
-- visible rows that belong to any tenant but own
CREATE FUNCTION pg_temp.foreign_rows(tbl text, own uuid) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM supporthub.%I WHERE %I IS DISTINCT FROM $1', tbl, pg_temp.tenant_col(tbl))
	   INTO n USING own;
	RETURN n;
END
$$;

-- The rows of a table that belong to one user ($1), as a condition on its
-- rows, for the tables that have such rows.  Derived: a foreign key
-- (tenant_id, x) -> users ON DELETE CASCADE makes x the owner (the rows go
-- with their user); a foreign key ON DELETE CASCADE to such a table makes
-- the rows those of its owned rows.
CREATE TEMP TABLE owned (tbl text PRIMARY KEY, pred text NOT NULL);
INSERT INTO owned
SELECT c.relname, format('%I = $1', a.attname)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_constraint co ON co.conrelid = c.oid AND co.contype = 'f' AND cardinality(co.conkey) = 2
	   AND co.confrelid = 'supporthub.users'::regclass AND co.confdeltype = 'c'
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = co.conkey[2]
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r';
INSERT INTO owned
SELECT DISTINCT ON (c.relname) c.relname,
	   format('%I IN (SELECT id FROM supporthub.%I WHERE %s)', a.attname, r.relname, o.pred)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_constraint co ON co.conrelid = c.oid AND co.contype = 'f' AND cardinality(co.conkey) = 2
	   AND co.confdeltype = 'c'
  JOIN pg_catalog.pg_class r ON r.oid = co.confrelid
  JOIN owned o ON o.tbl = r.relname
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = co.conkey[2]
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
   AND c.relname NOT IN (SELECT tbl FROM owned)
 ORDER BY c.relname, a.attname;

-- What a customer ($1) may see of each table, as a condition on its rows.
-- Derived: a table with a ticket_id column shows the rows of the
-- customer's own tickets; a table with a foreign key to such a table,
-- those of its rows; a table of rows that belong to a user, their own;
-- any other table all of the tenant's rows.
CREATE TEMP TABLE customer_sees (tbl text PRIMARY KEY, pred text NOT NULL, how text NOT NULL);
INSERT INTO customer_sees
SELECT c.relname,
	   CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_attribute a
						  WHERE a.attrelid = c.oid AND a.attname = 'ticket_id' AND NOT a.attisdropped)
				THEN 'ticket_id IN (SELECT id FROM supporthub.tickets WHERE customer_id = $1)'
			WHEN via.col IS NOT NULL
				THEN format('%I IN (SELECT id FROM supporthub.%I WHERE ticket_id IN '
							'(SELECT id FROM supporthub.tickets WHERE customer_id = $1))', via.col, via.tbl)
			WHEN o.pred IS NOT NULL
				THEN o.pred
			ELSE 'true' END,
	   'derived'
  FROM pg_catalog.pg_class c
  LEFT JOIN owned o ON o.tbl = c.relname
  LEFT JOIN LATERAL (
		SELECT a.attname AS col, r.relname AS tbl
		  FROM pg_catalog.pg_constraint co
		  JOIN pg_catalog.pg_class r ON r.oid = co.confrelid
		  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = co.conkey[2]
		 WHERE co.conrelid = c.oid AND co.contype = 'f' AND cardinality(co.conkey) = 2
		   AND EXISTS (SELECT FROM pg_catalog.pg_attribute t
						WHERE t.attrelid = r.oid AND t.attname = 'ticket_id' AND NOT t.attisdropped)
		 ORDER BY a.attname LIMIT 1) via ON true
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r';
-- Irreducible: the rules of SPEC §4 that no catalog fact implies.
UPDATE customer_sees SET how = 'irreducible', pred = r.pred
  FROM (VALUES
	('users',             'id = $1 OR role <> ''customer'''),		-- themself and the staff
	('tickets',           'customer_id = $1'),						-- their own tickets
	('ticket_counters',   'false'),									-- staff only
	('tenant_settings',   'false'),									-- staff only
	('phone_otps',        'false'),									-- admins only: codes are the API's
	('templates',         'false'),									-- staff only
	('recent_activities', '(ref_type = ''user'' AND ref_id = $1) OR ticket_id IN '
						  '(SELECT id FROM supporthub.tickets WHERE customer_id = $1) '
						  'AND coalesce((changes->''internal''->>''new'')::boolean, false) = false '
						  'AND coalesce((changes->''internal''->>''old'')::boolean, false) = false'),
																-- about themself or their tickets, never an internal note
	('ticket_comments',   'NOT internal AND ticket_id IN '
						  '(SELECT id FROM supporthub.tickets WHERE customer_id = $1)'),	-- public replies on their tickets
	('ticket_search_documents', 'audience = ''public'' AND ticket_id IN '
						  '(SELECT id FROM supporthub.tickets WHERE customer_id = $1)')	-- the public documents of their tickets
  ) AS r(tbl, pred)
 WHERE customer_sees.tbl = r.tbl;

-- What an agent ($1) may see of each table.  Derived: of the rows that
-- belong to a user, their own (an admin manages the others' sessions and
-- sign-in log, an agent does not); any other table all of the tenant's
-- rows, as the system actor sees it.  Irreducible: phone codes, which
-- belong to no user, are for admins only.
CREATE TEMP TABLE agent_sees (tbl text PRIMARY KEY, pred text NOT NULL, how text NOT NULL);
INSERT INTO agent_sees
SELECT c.relname, coalesce(o.pred, 'true'), 'derived'
  FROM pg_catalog.pg_class c
  LEFT JOIN owned o ON o.tbl = c.relname
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r';
UPDATE agent_sees SET how = 'irreducible', pred = 'false' WHERE tbl = 'phone_otps';

-- What the system actor of A sees — the whole of A, checked below — and,
-- by the rules, what A's agent and each customer of A should see: every
-- actor of A is compared with these.
CREATE TEMP TABLE a_rows (tbl text, who text, rows text[], PRIMARY KEY (tbl, who));
SELECT supporthub.act_as_tenant(:'a_tenant');
INSERT INTO a_rows SELECT t, 'system', pg_temp.rows(t) FROM unnest(pg_temp.sh_tables()) t;
INSERT INTO a_rows SELECT s.tbl, 'agent', pg_temp.rows(s.tbl, s.pred, :'a_agent') FROM agent_sees s;
INSERT INTO a_rows SELECT s.tbl, 'customer', pg_temp.rows(s.tbl, s.pred, :'a_customer') FROM customer_sees s;
INSERT INTO a_rows SELECT s.tbl, 'customer2', pg_temp.rows(s.tbl, s.pred, :'a_customer2') FROM customer_sees s;
INSERT INTO a_rows SELECT s.tbl, 'signup', pg_temp.rows(s.tbl, s.pred, :'a_signup') FROM customer_sees s;
-- B as its system actor sees it, to show at the end that nothing reached it
SELECT supporthub.act_as_tenant(:'b_tenant');
CREATE TEMP TABLE b_before AS
SELECT t AS tbl, md5(array_to_string(pg_temp.rows(t), E'\n')) AS fingerprint FROM unnest(pg_temp.sh_tables()) t;
SELECT supporthub.reset_actor();

SELECT is((SELECT count(*) FROM customer_sees), cardinality(pg_temp.sh_tables())::bigint,
	'a customer rule for every table (' || (SELECT string_agg(tbl || ': ' || how, ', ' ORDER BY tbl) FROM customer_sees) || ')');
SELECT is((SELECT count(*) FROM agent_sees), cardinality(pg_temp.sh_tables())::bigint,
	'an agent rule for every table (' || (SELECT string_agg(tbl || ': ' || how || CASE pred WHEN 'true' THEN '' WHEN 'false' THEN ', none' ELSE ', own rows' END,
														  ', ' ORDER BY tbl) FROM agent_sees) || ')');

-- ============================================================ no actor
SELECT is(cardinality(pg_temp.rows(t)), 0, format('no actor: sees no row of %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok('SELECT * FROM supporthub.get_users()', '42501', NULL, 'no actor: get_users is refused');
SELECT throws_ok('SELECT * FROM supporthub.get_tickets()', '42501', NULL, 'no actor: get_tickets is refused');
SELECT throws_ok('SELECT * FROM supporthub.get_categories()', '42501', NULL, 'no actor: get_categories is refused');
SELECT throws_ok('SELECT * FROM supporthub.get_recent_activities()', '42501', NULL, 'no actor: get_recent_activities is refused');

-- ============================================================ the system actors see their whole tenant
-- no row of the other, and rows in every table, among them every one the
-- fixture made of the tenant
CREATE FUNCTION pg_temp.whole_tenant(side text, tenant uuid) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	t text;
	missing uuid[];
BEGIN
	PERFORM supporthub.act_as_tenant(tenant);
	FOREACH t IN ARRAY pg_temp.sh_tables() LOOP
		RETURN NEXT is(pg_temp.foreign_rows(t, tenant), 0::bigint,
					   format('%s system: no row of another tenant in %s', side, t));
		EXECUTE format('SELECT ARRAY(SELECT f.id FROM public.fixture f WHERE f.side = $1 AND f.kind = $2'
					   ' AND f.id NOT IN (SELECT %I FROM supporthub.%I))',
					   CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_attribute
										  WHERE attrelid = ('supporthub.' || quote_ident(t))::regclass AND attname = 'id')
							THEN 'id' ELSE 'tenant_id' END, t)
		   INTO missing USING side, t;
		RETURN NEXT ok(cardinality(pg_temp.rows(t)) > 0 AND missing = '{}',
					   format('%s system: sees rows of %s, every one the fixture made among them', side, t));
	END LOOP;
END
$$;
SELECT * FROM pg_temp.whole_tenant('A', :'a_tenant');
SELECT * FROM pg_temp.whole_tenant('B', :'b_tenant');

-- ============================================================ every actor of A
-- no row of B, and exactly the rows the rule gives: an admin what the
-- system actor sees, an agent what the agent rules keep of it, a customer
-- what the customer rules keep of it
CREATE FUNCTION pg_temp.sees(who text, rule text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	t text;
	own uuid := supporthub.current_tenant_id();
BEGIN
	FOREACH t IN ARRAY pg_temp.sh_tables() LOOP
		RETURN NEXT is(pg_temp.foreign_rows(t, own), 0::bigint, format('%s: no row of another tenant in %s', who, t));
		RETURN NEXT is(pg_temp.rows(t), (SELECT rows FROM a_rows WHERE tbl = t AND a_rows.who = rule),
					   format('%s: sees exactly the %s rows of %s (%s)', who,
							  CASE rule WHEN 'system' THEN 'tenant''s' WHEN 'agent' THEN 'agent''s' ELSE 'customer''s' END, t,
							  cardinality((SELECT rows FROM a_rows WHERE tbl = t AND a_rows.who = rule))));
	END LOOP;
END
$$;
SELECT supporthub.act_as(:'a_admin');
SELECT * FROM pg_temp.sees('A admin', 'system');
SELECT is((SELECT id FROM supporthub.tenants), :'a_tenant'::uuid, 'A admin: the tenant row seen is A''s');
SELECT supporthub.act_as(:'a_agent');
SELECT * FROM pg_temp.sees('A agent', 'agent');
SELECT supporthub.act_as(:'a_customer');
SELECT * FROM pg_temp.sees('A customer', 'customer');
SELECT supporthub.act_as(:'a_customer2');
SELECT * FROM pg_temp.sees('A customer two', 'customer2');
SELECT supporthub.act_as(:'a_signup');
SELECT * FROM pg_temp.sees('A signup', 'signup');

-- the customer rules, on what the fixture holds
SELECT supporthub.act_as(:'a_customer');
SELECT is(ARRAY(SELECT id FROM supporthub.users ORDER BY id),
		  ARRAY(SELECT id FROM public.fixture WHERE side = 'A' AND kind = 'users'
				   AND name IN ('customer', 'admin', 'admin2', 'agent', 'agent2', 'agent_off') ORDER BY id),
		  'A customer: the users seen are themself and the staff (a deactivated agent included)');
SELECT is(ARRAY(SELECT id FROM supporthub.tickets ORDER BY id),
		  ARRAY(SELECT id FROM public.fixture WHERE side = 'A' AND kind = 'tickets'
				   AND name IN ('t_open', 't_pending', 't_resolved', 't_customer') ORDER BY id),
		  'A customer: the tickets seen are their own');
SELECT is((SELECT count(*) FROM supporthub.escalations
			WHERE ticket_id NOT IN (:'a_t_open', :'a_t_pending', :'a_t_resolved', :'a_t_customer')), 0::bigint,
		  'A customer: every escalation seen is on one of their own tickets');
SELECT ok(:'a_escalation'::uuid IN (SELECT id FROM supporthub.escalations),
		  'A customer: the escalation of their own ticket is seen');
SELECT is((SELECT count(*) FROM supporthub.recent_activities
			WHERE NOT ((ref_type = 'user' AND ref_id = :'a_customer')
					   OR ticket_id IN (SELECT id FROM supporthub.tickets WHERE customer_id = :'a_customer'))), 0::bigint,
		  'A customer: every activity seen is about themself or their own tickets');
SELECT is(ARRAY(SELECT DISTINCT ref_id FROM supporthub.recent_activities WHERE ref_type = 'user'), ARRAY[:'a_customer']::uuid[],
		  'A customer: of the user activities, only those about themself');
SELECT supporthub.act_as(:'a_customer2');
SELECT is(ARRAY(SELECT id FROM supporthub.tickets ORDER BY id),
		  ARRAY(SELECT id FROM public.fixture WHERE side = 'A' AND kind = 'tickets'
				   AND name IN ('t_reopened', 't_closed') ORDER BY id),
		  'A customer two: the tickets seen are their own (not customer one''s)');
SELECT is((SELECT count(*) FROM supporthub.users WHERE id = :'a_customer'), 0::bigint,
		  'A customer two: customer one''s user row is not visible');
-- ratings follow the ticket: each customer sees the rating of their own
-- ticket, not the other's; staff see both
SELECT is(ARRAY(SELECT id FROM supporthub.ticket_ratings), ARRAY[:'a_rating2']::uuid[],
		  'A customer two: the rating seen is the one of their own closed ticket');
SELECT supporthub.act_as(:'a_customer');
SELECT is(ARRAY(SELECT id FROM supporthub.ticket_ratings), ARRAY[:'a_rating']::uuid[],
		  'A customer: the rating seen is the one of their own resolved ticket');
SELECT supporthub.act_as(:'a_agent');
SELECT is(ARRAY(SELECT id FROM supporthub.ticket_ratings ORDER BY id), ARRAY(SELECT id FROM public.fixture
				WHERE side = 'A' AND kind = 'ticket_ratings' ORDER BY id),
		  'A agent: sees both ratings of A');
SELECT supporthub.act_as(:'b_agent');
SELECT is((SELECT count(*) FROM supporthub.ticket_ratings WHERE id IN (:'a_rating', :'a_rating2')), 0::bigint,
		  'B agent: sees no rating of A');

-- the sign-in rules, on what the fixture holds: the customer who signed up
-- has two sessions (signed up, signed in again), the first refreshed once
SELECT supporthub.act_as(:'a_signup');
SELECT is(ARRAY(SELECT DISTINCT user_id FROM supporthub.sessions), ARRAY[:'a_signup']::uuid[],
		  'A signup: the sessions seen are their own');
SELECT ok(:'a_session'::uuid IN (SELECT id FROM supporthub.sessions) AND (SELECT count(*) FROM supporthub.sessions) = 2,
		  'A signup: both of their sessions are seen (signed up, signed in again)');
SELECT ok((SELECT count(*) FROM supporthub.session_refresh_tokens WHERE session_id = :'a_session' AND rotated_at IS NOT NULL) = 1
		  AND NOT EXISTS (SELECT FROM supporthub.session_refresh_tokens
						   WHERE session_id NOT IN (SELECT id FROM supporthub.sessions WHERE user_id = :'a_signup')),
		  'A signup: the refresh tokens seen are those of their own sessions, the rotated-away one among them');
SELECT is(ARRAY(SELECT user_id FROM supporthub.user_passwords), ARRAY[:'a_signup']::uuid[],
		  'A signup: the password row seen is their own');
SELECT ok((SELECT count(*) FROM supporthub.email_verifications) > 0
		  AND (SELECT count(*) FROM supporthub.auth_events) > 0
		  AND NOT EXISTS (SELECT FROM supporthub.email_verifications WHERE user_id <> :'a_signup')
		  AND NOT EXISTS (SELECT FROM supporthub.auth_events WHERE user_id IS DISTINCT FROM :'a_signup'),
		  'A signup: the email verifications and sign-in log entries seen are their own');
SELECT is(ARRAY(SELECT id FROM supporthub.users WHERE role = 'customer'), ARRAY[:'a_signup']::uuid[],
		  'A signup: of the customers, only themself is seen');
-- the sign-in rows an actor sees, in numbers: the agent and customer one
-- have none of their own, and see none of the customer who signed up
CREATE FUNCTION pg_temp.sign_in_rows() RETURNS bigint[] LANGUAGE sql AS $$
	SELECT ARRAY[(SELECT count(*) FROM supporthub.sessions), (SELECT count(*) FROM supporthub.session_refresh_tokens),
				 (SELECT count(*) FROM supporthub.user_passwords), (SELECT count(*) FROM supporthub.email_verifications),
				 (SELECT count(*) FROM supporthub.auth_events)]
$$;
SELECT supporthub.act_as(:'a_agent');
SELECT is(pg_temp.sign_in_rows(), '{0,0,0,0,0}'::bigint[],
		  'A agent: sees no session, refresh token, password, verification or sign-in log entry (none is theirs)');
SELECT supporthub.act_as(:'a_customer');
SELECT is(pg_temp.sign_in_rows(), '{0,0,0,0,0}'::bigint[],
		  'A customer one: sees no session, refresh token, password, verification or sign-in log entry (none is theirs)');
SELECT supporthub.act_as(:'a_admin');
SELECT ok(:'a_session'::uuid IN (SELECT id FROM supporthub.sessions)
		  AND :'a_session'::uuid IN (SELECT session_id FROM supporthub.session_refresh_tokens)
		  AND :'a_signup'::uuid IN (SELECT user_id FROM supporthub.user_passwords)
		  AND :'a_signup'::uuid IN (SELECT user_id FROM supporthub.email_verifications)
		  AND :'a_signup'::uuid IN (SELECT user_id FROM supporthub.auth_events),
		  'A admin: sees the signed-up customer''s sessions, refresh tokens, password row, verifications and log');

-- ============================================================ B's actors see nothing of A
SELECT supporthub.act_as(:'b_admin');
SELECT is(pg_temp.foreign_rows(t, :'b_tenant'), 0::bigint, format('B admin: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT supporthub.act_as(:'b_agent');
SELECT is(pg_temp.foreign_rows(t, :'b_tenant'), 0::bigint, format('B agent: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT supporthub.act_as(:'b_customer');
SELECT is(pg_temp.foreign_rows(t, :'b_tenant'), 0::bigint, format('B customer: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;

-- ============================================================ the API, as each actor of A
-- reads return the actor's tenant only; the other tenant's objects are "not found"
-- (each list's count is what the same actor sees by direct SELECT, checked above)
CREATE FUNCTION pg_temp.api_reads(who text, staff boolean,
								  b_admin uuid, b_cat uuid, b_type uuid, b_tpl uuid, b_t1 uuid, own uuid)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	n_users bigint := (SELECT count(*) FROM supporthub.users);
	n_tickets bigint := (SELECT count(*) FROM supporthub.tickets);
	n_feed bigint := (SELECT count(*) FROM supporthub.recent_activities);
BEGIN
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_users(page_size => 500)), n_users,
				   who || ': get_users returns ' || n_users || ' users');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_users(page_size => 500) WHERE tenant_id <> own), 0::bigint,
				   who || ': get_users returns no user of another tenant');
	RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_user_by_id(%L)', b_admin), 'PT404', ARRAY['User'],
				   who || ': get_user_by_id(user of B) is not found');
	RETURN NEXT is((SELECT array_agg(DISTINCT tenant_id) FROM supporthub.get_categories()), ARRAY[own],
				   who || ': get_categories returns categories of A only');
	RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_category_by_id(%L)', b_cat), 'PT404', ARRAY['Category'],
				   who || ': get_category_by_id(category of B) is not found');
	RETURN NEXT is((SELECT array_agg(DISTINCT tenant_id) FROM supporthub.get_escalation_types()), ARRAY[own],
				   who || ': get_escalation_types returns escalation types of A only');
	RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_escalation_type_by_id(%L)', b_type), 'PT404',
				   ARRAY['Escalation type'], who || ': get_escalation_type_by_id(type of B) is not found');
	IF staff THEN
		RETURN NEXT is((SELECT array_agg(DISTINCT tenant_id) FROM supporthub.get_templates()), ARRAY[own],
					   who || ': get_templates returns templates of A only');
		RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_template_by_id(%L)', b_tpl), 'PT404', ARRAY['Template'],
					   who || ': get_template_by_id(template of B) is not found');
	ELSE
		RETURN NEXT throws_ok('SELECT * FROM supporthub.get_templates()', '42501', NULL,
					   who || ': get_templates is for staff only');
		RETURN NEXT throws_ok(format('SELECT supporthub.get_template_by_id(%L)', b_tpl), '42501',
					   NULL, who || ': get_template_by_id is for staff only');
	END IF;
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500) WHERE tenant_id = own), n_tickets,
				   who || ': get_tickets returns ' || n_tickets || ' ticket(s) of A');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500) WHERE tenant_id <> own), 0::bigint,
				   who || ': get_tickets returns no ticket of another tenant');
	RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', b_t1), 'PT404', ARRAY['Ticket'],
				   who || ': get_ticket_by_id(ticket of B) is not found');
	RETURN NEXT is((SELECT tenant_id FROM supporthub.get_ticket_by_number(1)), own,
				   who || ': get_ticket_by_number(1) is A''s ticket 1, never B''s');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_recent_activities(page_size => 500) WHERE tenant_id = own), n_feed,
				   who || ': get_recent_activities returns ' || n_feed || ' activities of A');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_recent_activities(page_size => 500) WHERE tenant_id <> own), 0::bigint,
				   who || ': get_recent_activities returns nothing of another tenant');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_recent_activities(ref_id => b_t1)), 0::bigint,
				   who || ': get_recent_activities(ref_id => ticket of B) is empty');
END
$$;
SELECT supporthub.act_as(:'a_admin');
SELECT * FROM pg_temp.api_reads('A admin', true, :'b_admin', :'b_billing', :'b_manager', :'b_refund', :'b_t_open', :'a_tenant');
SELECT supporthub.act_as(:'a_agent');
SELECT * FROM pg_temp.api_reads('A agent', true, :'b_admin', :'b_billing', :'b_manager', :'b_refund', :'b_t_open', :'a_tenant');
SELECT supporthub.act_as_tenant(:'a_tenant');
SELECT * FROM pg_temp.api_reads('A system', true, :'b_admin', :'b_billing', :'b_manager', :'b_refund', :'b_t_open', :'a_tenant');
SELECT supporthub.act_as(:'a_customer');
SELECT * FROM pg_temp.api_reads('A customer', false, :'b_admin', :'b_billing', :'b_manager', :'b_refund', :'b_t_open', :'a_tenant');

-- a customer, within their own tenant: other customers and their tickets are "not found"
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_user_by_id(%L)', :'a_customer2'), 'PT404', ARRAY['User'],
	'A customer one: get_user_by_id(another customer of A) is not found');
SELECT is((SELECT name FROM supporthub.get_user_by_id(:'a_agent')), 'Agent "Smith"',
	'A customer one: get_user_by_id(staff of A) shows the staff''s name');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', :'a_t_reopened'), 'PT404', ARRAY['Ticket'],
	'A customer one: get_ticket_by_id(another customer''s ticket) is not found');
SELECT pg_temp.throws_naming('SELECT supporthub.get_ticket_by_number(2)', 'PT404', ARRAY['Ticket'],
	'A customer one: get_ticket_by_number(another customer''s ticket) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'a_t_reopened', :'a_manager'), 'PT404', ARRAY['Ticket'],
	'A customer one: escalate(another customer''s ticket) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'a_t_reopened', 'resolved'), 'PT404', ARRAY['Ticket'],
	'A customer one: set_ticket_status(another customer''s ticket) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'b_t_open', :'b_manager'), 'PT404', ARRAY['Ticket'],
	'A customer one: escalate(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', 'x', 'y', :'b_billing'), 'PT404', ARRAY['Category'],
	'A customer one: create_ticket(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'a_t_open', :'b_manager'), 'PT404', ARRAY['Escalation type'],
	'A customer one: escalate(own ticket, type of B) is not found');

-- ============================================================ the API: writes across tenants, as A's admin
SELECT supporthub.act_as(:'a_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_user(%L, name => %L)', :'b_admin', 'x'), 'PT404', ARRAY['User'],
	'A admin: update_user(user of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_user(%L)', :'b_customer2'), 'PT404', ARRAY['User'],
	'A admin: delete_user(user of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, %L)', :'b_billing', 'x'), 'PT404', ARRAY['Category'],
	'A admin: update_category(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'b_billing'), 'PT404', ARRAY['Category'],
	'A admin: delete_category(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_escalation_type(%L, %L)', :'b_manager', 'x'), 'PT404', ARRAY['Escalation type'],
	'A admin: update_escalation_type(type of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_escalation_type(%L)', :'b_manager'), 'PT404', ARRAY['Escalation type'],
	'A admin: delete_escalation_type(type of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, %L)', :'b_refund', 'x'), 'PT404', ARRAY['Template'],
	'A admin: update_template(template of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_template(%L)', :'b_refund'), 'PT404', ARRAY['Template'],
	'A admin: delete_template(template of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'b_billing', 'x', 'y', 'sms'), 'PT404', ARRAY['Category'],
	'A admin: create_template(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'b_billing', 'low', :'a_customer'), 'PT404', ARRAY['Category'],
	'A admin: create_ticket(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'a_billing', 'low', :'b_customer'), 'PT404', ARRAY['Customer'],
	'A admin: create_ticket(for a customer of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, subject => %L)', :'b_t_open', 'x'), 'PT404', ARRAY['Ticket'],
	'A admin: update_ticket(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, category_id => %L)', :'a_t_open', :'b_billing'), 'PT404', ARRAY['Category'],
	'A admin: update_ticket(own ticket, category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_ticket(%L)', :'b_t_open'), 'PT404', ARRAY['Ticket'],
	'A admin: delete_ticket(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'b_t_open', :'a_agent'), 'PT404', ARRAY['Ticket'],
	'A admin: assign_agent(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'a_t_open', :'b_agent'), 'PT404', ARRAY['Agent'],
	'A admin: assign_agent(own ticket, agent of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'b_t_open', :'a_manager'), 'PT404', ARRAY['Ticket'],
	'A admin: escalate(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'a_t_open', :'b_manager'), 'PT404', ARRAY['Escalation type'],
	'A admin: escalate(own ticket, type of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'b_t_open', 'pending'), 'PT404', ARRAY['Ticket'],
	'A admin: set_ticket_status(ticket of B) is not found');

-- ============================================================ no direct write, even with an actor
SELECT throws_ok(format('INSERT INTO supporthub.%I DEFAULT VALUES', t), '42501',
				 format('permission denied for table %s', t), format('A admin: direct INSERT into %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok(format('UPDATE supporthub.%I SET %I = %I', t, pg_temp.tenant_col(t), pg_temp.tenant_col(t)), '42501',
				 format('permission denied for table %s', t), format('A admin: direct UPDATE of %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok(format('DELETE FROM supporthub.%I', t), '42501',
				 format('permission denied for table %s', t), format('A admin: direct DELETE from %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok(format('TRUNCATE supporthub.%I CASCADE', t), '42501',
				 format('permission denied for table %s', t), format('A admin: TRUNCATE %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok(format('SELECT %s FROM supporthub.%I FOR UPDATE', pg_temp.readable(t), t), '42501',
				 format('permission denied for table %s', t), format('A admin: SELECT ... FOR UPDATE on %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t;

-- B is as it was: nothing above reached it
SELECT supporthub.act_as_tenant(:'b_tenant');
SELECT is(ARRAY(SELECT b.tbl FROM b_before b
				 WHERE b.fingerprint IS DISTINCT FROM md5(array_to_string(pg_temp.rows(b.tbl), E'\n')) ORDER BY 1),
		  '{}'::text[], 'B system: every row of every table of B is as it was');
SELECT is((SELECT count(*) FROM b_before), cardinality(pg_temp.sh_tables())::bigint,
		  'B system: the comparison covers every table');

SELECT * FROM finish();
ROLLBACK;
