-- 03_visibility: the visibility matrix (SPEC §4, §8).  Two tenants, A and
-- B, built through the API, each with an admin, an agent, two customers, a
-- category, an escalation type, a template, two tickets (one escalated by
-- its customer, one assigned to the agent).  Then, for every actor — admin,
-- agent, customer, the system actor, nobody — and every table: direct
-- SELECT shows no row of another tenant and exactly the rows the role may
-- see; the API functions return only the actor's tenant and answer "not
-- found" for the other tenant's objects; no direct write is allowed.
-- Runs as sh_app (not superuser, not BYPASSRLS): RLS is what filters.
BEGIN;
SELECT plan(327);

-- ------------------------------------------------------------ helpers
\ir setup/helpers.psql
CREATE FUNCTION pg_temp.sh_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['tenants', 'categories', 'escalation_types', 'users', 'tickets',
				 'ticket_counters', 'templates', 'chats', 'chat_msgs', 'recordings',
				 'communications', 'escalations', 'recent_activities']
$$;
-- rows of a table visible to the current actor, by direct SELECT
CREATE FUNCTION pg_temp.visible(tbl text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM supporthub.%I', tbl) INTO n;
	RETURN n;
END
$$;
-- visible rows that belong to any tenant but own
CREATE FUNCTION pg_temp.foreign_rows(tbl text, own uuid) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM supporthub.%I WHERE %I IS DISTINCT FROM $1',
				   tbl, CASE tbl WHEN 'tenants' THEN 'id' ELSE 'tenant_id' END)
	   INTO n USING own;
	RETURN n;
END
$$;

-- ------------------------------------------------------------ two tenants
SELECT id AS ta FROM supporthub.create_tenant('Visibility A') \gset
SELECT id AS tb FROM supporthub.create_tenant('Visibility B') \gset

SELECT supporthub.act_as_tenant(:'ta');
SELECT id AS a_admin FROM supporthub.create_user('A Admin', 'admin@same.test', 'admin') \gset
SELECT id AS a_agent FROM supporthub.create_user('A Agent', 'agent@same.test', 'agent') \gset
SELECT id AS a_cust1 FROM supporthub.create_user('A Cust One', 'one@same.test', 'customer') \gset
SELECT id AS a_cust2 FROM supporthub.create_user('A Cust Two', 'two@same.test', 'customer') \gset
SELECT supporthub.act_as(:'a_admin');
SELECT id AS a_cat FROM supporthub.create_category('Billing') \gset
SELECT id AS a_type FROM supporthub.create_escalation_type('Manager') \gset
SELECT id AS a_tpl FROM supporthub.create_template(:'a_cat', 'Refund', 'We refund you.', 'email') \gset
SELECT supporthub.act_as(:'a_cust1');
SELECT id AS a_t1 FROM supporthub.create_ticket('A one', 'first of A', :'a_cat') \gset
SELECT id AS a_esc FROM supporthub.escalate(:'a_t1', :'a_type', 'please') \gset
SELECT supporthub.act_as(:'a_agent');
SELECT id AS a_t2 FROM supporthub.create_ticket('A two', 'second of A', :'a_cat', 'low', :'a_cust2') \gset
SELECT id AS ignored FROM supporthub.assign_agent(:'a_t2', :'a_agent') \gset

-- B: the same names, emails, labels and titles (unique per tenant only)
SELECT supporthub.act_as_tenant(:'tb');
SELECT id AS b_admin FROM supporthub.create_user('B Admin', 'admin@same.test', 'admin') \gset
SELECT id AS b_agent FROM supporthub.create_user('B Agent', 'agent@same.test', 'agent') \gset
SELECT id AS b_cust1 FROM supporthub.create_user('B Cust One', 'one@same.test', 'customer') \gset
SELECT id AS b_cust2 FROM supporthub.create_user('B Cust Two', 'two@same.test', 'customer') \gset
SELECT supporthub.act_as(:'b_admin');
SELECT id AS b_cat FROM supporthub.create_category('Billing') \gset
SELECT id AS b_type FROM supporthub.create_escalation_type('Manager') \gset
SELECT id AS b_tpl FROM supporthub.create_template(:'b_cat', 'Refund', 'We refund you.', 'email') \gset
SELECT supporthub.act_as(:'b_cust1');
SELECT id AS b_t1 FROM supporthub.create_ticket('B one', 'first of B', :'b_cat') \gset
SELECT id AS b_esc FROM supporthub.escalate(:'b_t1', :'b_type', 'please') \gset
SELECT supporthub.act_as(:'b_agent');
SELECT id AS b_t2 FROM supporthub.create_ticket('B two', 'second of B', :'b_cat', 'low', :'b_cust2') \gset
SELECT id AS ignored FROM supporthub.assign_agent(:'b_t2', :'b_agent') \gset

-- What each actor of A may see, table by table.  A's feed: tenant created,
-- 4 users, category, escalation type, template, 2 tickets created, one
-- escalated, one assigned = 12.  A customer: their own user row and the
-- two staff; their own ticket and its escalation; the feed about their
-- own user row and their own ticket (3 rows each); no templates, no counter.
CREATE TEMP TABLE expected (tbl text, admin bigint, agent bigint, sys bigint, cust1 bigint, cust2 bigint);
INSERT INTO expected VALUES
	('tenants',           1,  1,  1, 1, 1),
	('categories',        1,  1,  1, 1, 1),
	('escalation_types',  1,  1,  1, 1, 1),
	('users',             4,  4,  4, 3, 3),
	('tickets',           2,  2,  2, 1, 1),
	('ticket_counters',   1,  1,  1, 0, 0),
	('templates',         1,  1,  1, 0, 0),
	('escalations',       1,  1,  1, 1, 0),
	('recent_activities', 12, 12, 12, 3, 3);

-- ============================================================ no actor
SELECT supporthub.reset_actor();
SELECT is(pg_temp.visible(t), 0::bigint, format('no actor: sees no row of %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok('SELECT * FROM supporthub.get_users()', '42501', NULL,
	'no actor: get_users is refused');
SELECT throws_ok('SELECT * FROM supporthub.get_tickets()', '42501', NULL,
	'no actor: get_tickets is refused');
SELECT throws_ok('SELECT * FROM supporthub.get_categories()', '42501', NULL,
	'no actor: get_categories is refused');
SELECT throws_ok('SELECT * FROM supporthub.get_recent_activities()', '42501', NULL,
	'no actor: get_recent_activities is refused');

-- ============================================================ A admin
SELECT supporthub.act_as(:'a_admin');
SELECT is(pg_temp.foreign_rows(t, :'ta'), 0::bigint, format('A admin: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT is(pg_temp.visible(tbl), admin, format('A admin: sees %s row(s) of %s', admin, tbl)) FROM expected;
SELECT is((SELECT id FROM supporthub.tenants), :'ta'::uuid, 'A admin: the tenant row seen is A''s');

-- ============================================================ A agent
SELECT supporthub.act_as(:'a_agent');
SELECT is(pg_temp.foreign_rows(t, :'ta'), 0::bigint, format('A agent: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT is(pg_temp.visible(tbl), agent, format('A agent: sees %s row(s) of %s', agent, tbl)) FROM expected;

-- ============================================================ A system actor
SELECT supporthub.act_as_tenant(:'ta');
SELECT is(pg_temp.foreign_rows(t, :'ta'), 0::bigint, format('A system: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT is(pg_temp.visible(tbl), sys, format('A system: sees %s row(s) of %s', sys, tbl)) FROM expected;

-- ============================================================ A customer one
SELECT supporthub.act_as(:'a_cust1');
SELECT is(pg_temp.foreign_rows(t, :'ta'), 0::bigint, format('A customer: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT is(pg_temp.visible(tbl), cust1, format('A customer one: sees %s row(s) of %s', cust1, tbl)) FROM expected;
SELECT is(ARRAY(SELECT id FROM supporthub.users ORDER BY id),
		  ARRAY(SELECT unnest(ARRAY[:'a_admin', :'a_agent', :'a_cust1']::uuid[]) ORDER BY 1),
		  'A customer one: the users seen are themself and the two staff');
SELECT is(ARRAY(SELECT id FROM supporthub.tickets), ARRAY[:'a_t1']::uuid[],
		  'A customer one: the only ticket seen is their own');
SELECT is(ARRAY(SELECT id FROM supporthub.escalations), ARRAY[:'a_esc']::uuid[],
		  'A customer one: the only escalation seen is that of their own ticket');
SELECT is((SELECT count(*) FROM supporthub.recent_activities
		   WHERE NOT ((ref_type = 'user' AND ref_id = :'a_cust1') OR ticket_id = :'a_t1')), 0::bigint,
		  'A customer one: every activity seen is about themself or their own ticket');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE ref_type = 'user'), 1::bigint,
		  'A customer one: of the user activities, only the one about themself');

-- ============================================================ A customer two
SELECT supporthub.act_as(:'a_cust2');
SELECT is(pg_temp.visible(tbl), cust2, format('A customer two: sees %s row(s) of %s', cust2, tbl)) FROM expected;
SELECT is(ARRAY(SELECT id FROM supporthub.tickets), ARRAY[:'a_t2']::uuid[],
		  'A customer two: the only ticket seen is their own (not customer one''s)');
SELECT is((SELECT count(*) FROM supporthub.users WHERE id = :'a_cust1'), 0::bigint,
		  'A customer two: customer one''s user row is not visible');
SELECT is((SELECT count(*) FROM supporthub.recent_activities
		   WHERE NOT ((ref_type = 'user' AND ref_id = :'a_cust2') OR ticket_id = :'a_t2')), 0::bigint,
		  'A customer two: every activity seen is about themself or their own ticket');

-- ============================================================ B's actors see nothing of A
SELECT supporthub.act_as(:'b_admin');
SELECT is(pg_temp.foreign_rows(t, :'tb'), 0::bigint, format('B admin: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT is(pg_temp.visible('users'), 4::bigint, 'B admin: sees B''s 4 users');
SELECT supporthub.act_as(:'b_agent');
SELECT is(pg_temp.foreign_rows(t, :'tb'), 0::bigint, format('B agent: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT supporthub.act_as(:'b_cust1');
SELECT is(pg_temp.foreign_rows(t, :'tb'), 0::bigint, format('B customer: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT is(pg_temp.visible('tickets'), 1::bigint, 'B customer one: sees their own ticket');
SELECT supporthub.act_as_tenant(:'tb');
SELECT is(pg_temp.foreign_rows(t, :'tb'), 0::bigint, format('B system: no row of another tenant in %s', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT is(pg_temp.visible('recent_activities'), 12::bigint, 'B system: sees B''s whole feed (12)');

-- ============================================================ the API, as each actor of A
-- reads return the actor's tenant only; the other tenant's objects are "not found"
CREATE FUNCTION pg_temp.api_reads(who text, staff boolean, n_users bigint, n_tickets bigint, n_feed bigint,
								  b_admin uuid, b_cat uuid, b_type uuid, b_tpl uuid, b_t1 uuid, own uuid)
RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_users()), n_users,
				   who || ': get_users returns ' || n_users || ' users');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_users() WHERE tenant_id <> own), 0::bigint,
				   who || ': get_users returns no user of another tenant');
	RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_user_by_id(%L)', b_admin), 'PT404', ARRAY['User'],
				   who || ': get_user_by_id(user of B) is not found');
	RETURN NEXT is((SELECT array_agg(tenant_id) FROM supporthub.get_categories()), ARRAY[own],
				   who || ': get_categories returns the one category of A');
	RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_category_by_id(%L)', b_cat), 'PT404', ARRAY['Category'],
				   who || ': get_category_by_id(category of B) is not found');
	RETURN NEXT is((SELECT array_agg(tenant_id) FROM supporthub.get_escalation_types()), ARRAY[own],
				   who || ': get_escalation_types returns the one type of A');
	RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_escalation_type_by_id(%L)', b_type), 'PT404',
				   ARRAY['Escalation type'], who || ': get_escalation_type_by_id(type of B) is not found');
	IF staff THEN
		RETURN NEXT is((SELECT array_agg(tenant_id) FROM supporthub.get_templates()), ARRAY[own],
					   who || ': get_templates returns the one template of A');
		RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_template_by_id(%L)', b_tpl), 'PT404', ARRAY['Template'],
					   who || ': get_template_by_id(template of B) is not found');
	ELSE
		RETURN NEXT throws_ok('SELECT * FROM supporthub.get_templates()', '42501', NULL,
					   who || ': get_templates is for staff only');
		RETURN NEXT throws_ok(format('SELECT supporthub.get_template_by_id(%L)', b_tpl), '42501',
					   NULL, who || ': get_template_by_id is for staff only');
	END IF;
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_tickets() WHERE tenant_id = own), n_tickets,
				   who || ': get_tickets returns ' || n_tickets || ' ticket(s) of A');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_tickets() WHERE tenant_id <> own), 0::bigint,
				   who || ': get_tickets returns no ticket of another tenant');
	RETURN NEXT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', b_t1), 'PT404', ARRAY['Ticket'],
				   who || ': get_ticket_by_id(ticket of B) is not found');
	RETURN NEXT is((SELECT tenant_id FROM supporthub.get_ticket_by_number(1)), own,
				   who || ': get_ticket_by_number(1) is A''s ticket 1, never B''s');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_recent_activities() WHERE tenant_id = own), n_feed,
				   who || ': get_recent_activities returns ' || n_feed || ' activities of A');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_recent_activities() WHERE tenant_id <> own), 0::bigint,
				   who || ': get_recent_activities returns nothing of another tenant');
	RETURN NEXT is((SELECT count(*) FROM supporthub.get_recent_activities(ref_id => b_t1)), 0::bigint,
				   who || ': get_recent_activities(ref_id => ticket of B) is empty');
END
$$;
SELECT supporthub.act_as(:'a_admin');
SELECT * FROM pg_temp.api_reads('A admin', true, 4, 2, 12, :'b_admin', :'b_cat', :'b_type', :'b_tpl', :'b_t1', :'ta');
SELECT supporthub.act_as(:'a_agent');
SELECT * FROM pg_temp.api_reads('A agent', true, 4, 2, 12, :'b_admin', :'b_cat', :'b_type', :'b_tpl', :'b_t1', :'ta');
SELECT supporthub.act_as_tenant(:'ta');
SELECT * FROM pg_temp.api_reads('A system', true, 4, 2, 12, :'b_admin', :'b_cat', :'b_type', :'b_tpl', :'b_t1', :'ta');
SELECT supporthub.act_as(:'a_cust1');
SELECT * FROM pg_temp.api_reads('A customer', false, 3, 1, 3, :'b_admin', :'b_cat', :'b_type', :'b_tpl', :'b_t1', :'ta');

-- a customer, within their own tenant: other customers and their tickets are "not found"
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_user_by_id(%L)', :'a_cust2'), 'PT404', ARRAY['User'],
	'A customer one: get_user_by_id(another customer of A) is not found');
SELECT is((SELECT name FROM supporthub.get_user_by_id(:'a_agent')), 'A Agent',
	'A customer one: get_user_by_id(staff of A) shows the staff''s name');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', :'a_t2'), 'PT404', ARRAY['Ticket'],
	'A customer one: get_ticket_by_id(another customer''s ticket) is not found');
SELECT pg_temp.throws_naming('SELECT supporthub.get_ticket_by_number(2)', 'PT404', ARRAY['Ticket'],
	'A customer one: get_ticket_by_number(another customer''s ticket) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'a_t2', :'a_type'), 'PT404', ARRAY['Ticket'],
	'A customer one: escalate(another customer''s ticket) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'a_t2', 'resolved'), 'PT404', ARRAY['Ticket'],
	'A customer one: set_ticket_status(another customer''s ticket) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'b_t1', :'b_type'), 'PT404', ARRAY['Ticket'],
	'A customer one: escalate(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', 'x', 'y', :'b_cat'), 'PT404', ARRAY['Category'],
	'A customer one: create_ticket(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'a_t1', :'b_type'), 'PT404', ARRAY['Escalation type'],
	'A customer one: escalate(own ticket, type of B) is not found');

-- ============================================================ the API: writes across tenants, as A's admin
SELECT supporthub.act_as(:'a_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_user(%L, name => %L)', :'b_admin', 'x'), 'PT404', ARRAY['User'],
	'A admin: update_user(user of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_user(%L)', :'b_cust2'), 'PT404', ARRAY['User'],
	'A admin: delete_user(user of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, %L)', :'b_cat', 'x'), 'PT404', ARRAY['Category'],
	'A admin: update_category(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'b_cat'), 'PT404', ARRAY['Category'],
	'A admin: delete_category(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_escalation_type(%L, %L)', :'b_type', 'x'), 'PT404', ARRAY['Escalation type'],
	'A admin: update_escalation_type(type of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_escalation_type(%L)', :'b_type'), 'PT404', ARRAY['Escalation type'],
	'A admin: delete_escalation_type(type of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, %L)', :'b_tpl', 'x'), 'PT404', ARRAY['Template'],
	'A admin: update_template(template of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_template(%L)', :'b_tpl'), 'PT404', ARRAY['Template'],
	'A admin: delete_template(template of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'b_cat', 'x', 'y', 'sms'), 'PT404', ARRAY['Category'],
	'A admin: create_template(category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'b_cat', 'low', :'a_cust1'), 'PT404', ARRAY['Category'],
	'A admin: create_ticket(category of B) is not found');
SELECT throws_ok(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'a_cat', 'low', :'b_cust1'), 'PT404', NULL,
	'A admin: create_ticket(for a customer of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, subject => %L)', :'b_t1', 'x'), 'PT404', ARRAY['Ticket'],
	'A admin: update_ticket(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, category_id => %L)', :'a_t1', :'b_cat'), 'PT404', ARRAY['Category'],
	'A admin: update_ticket(own ticket, category of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_ticket(%L)', :'b_t1'), 'PT404', ARRAY['Ticket'],
	'A admin: delete_ticket(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'b_t1', :'a_agent'), 'PT404', ARRAY['Ticket'],
	'A admin: assign_agent(ticket of B) is not found');
SELECT throws_ok(format('SELECT supporthub.assign_agent(%L, %L)', :'a_t1', :'b_agent'), 'PT404', NULL,
	'A admin: assign_agent(own ticket, agent of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'b_t1', :'a_type'), 'PT404', ARRAY['Ticket'],
	'A admin: escalate(ticket of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'a_t1', :'b_type'), 'PT404', ARRAY['Escalation type'],
	'A admin: escalate(own ticket, type of B) is not found');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'b_t1', 'pending'), 'PT404', ARRAY['Ticket'],
	'A admin: set_ticket_status(ticket of B) is not found');

-- ============================================================ no direct write, even with an actor
SELECT throws_ok(format('INSERT INTO supporthub.%I DEFAULT VALUES', t), '42501',
				 format('permission denied for table %s', t), format('A admin: direct INSERT into %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok(format('UPDATE supporthub.%I SET %I = %I', t, c, c), '42501',
				 format('permission denied for table %s', t), format('A admin: direct UPDATE of %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t,
	   LATERAL (SELECT CASE t WHEN 'tenants' THEN 'id' ELSE 'tenant_id' END) AS x(c);
SELECT throws_ok(format('DELETE FROM supporthub.%I', t), '42501',
				 format('permission denied for table %s', t), format('A admin: direct DELETE from %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok(format('TRUNCATE supporthub.%I CASCADE', t), '42501',
				 format('permission denied for table %s', t), format('A admin: TRUNCATE %s is refused', t))
  FROM unnest(pg_temp.sh_tables()) AS t;
SELECT throws_ok(format('SELECT * FROM supporthub.%I FOR UPDATE', t), '42501',
				 format('permission denied for table %s', t), format('A admin: SELECT ... FOR UPDATE on %s is refused', t))
  FROM unnest(ARRAY['tenants', 'users', 'tickets']) AS t;

-- B is as it was: nothing above reached it
SELECT supporthub.act_as(:'b_admin');
SELECT is((SELECT row(count(*), min(priority::text), bool_and(status = 'open'))::text FROM supporthub.tickets),
		  '(2,high,t)', 'B admin: B''s two tickets are untouched (open; B one escalated to high)');
SELECT is(pg_temp.visible('users'), 4::bigint, 'B admin: B still has its 4 users');

SELECT * FROM finish();
ROLLBACK;
