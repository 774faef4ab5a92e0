-- 05_tickets: the ticket workflow of SPEC §6 — create_ticket, get_tickets
-- (every filter, keyset paging), get_ticket_by_id / _by_number,
-- update_ticket, assign_agent, escalate, set_ticket_status (the whole
-- transition map), delete_ticket, get_recent_activities — every refusal by
-- SQLSTATE (§7; its exact message where no walk-through shows it), exactly
-- one activity row per state change (§5), and the role × tenant matrix of
-- every ticket function (§4), in the shared fixture's tenants A and B
-- (whose tickets are numbered 1 to 8: the tickets made here come after
-- them).  Runs as sh_app, a non-superuser LOGIN role: RLS is what filters.
BEGIN;
SELECT plan(285);

-- ------------------------------------------------------------ helpers
\ir setup/helpers.psql
-- Page through get_tickets with the current actor until an empty page.
CREATE FUNCTION pg_temp.ticket_pages(psize integer, prio supporthub.ticket_priority DEFAULT NULL)
RETURNS TABLE (p_page integer, p_ord integer, p_id uuid, p_num bigint) LANGUAGE plpgsql AS $$
DECLARE
	last_id uuid;
	r record;
	got integer;
BEGIN
	p_page := 0;
	p_ord := 0;
	LOOP
		p_page := p_page + 1;
		got := 0;
		FOR r IN SELECT t.id, t.ticket_number
				   FROM supporthub.get_tickets(priority => prio, after => last_id, page_size => psize) t LOOP
			got := got + 1;
			p_ord := p_ord + 1;
			p_id := r.id;
			p_num := r.ticket_number;
			last_id := r.id;
			RETURN NEXT;
		END LOOP;
		EXIT WHEN got = 0;
		IF p_page > 1000 THEN
			RAISE EXCEPTION 'get_tickets paging does not end';
		END IF;
	END LOOP;
END
$$;
-- Page through get_recent_activities likewise.
CREATE FUNCTION pg_temp.feed_pages(psize integer, rt supporthub.activity_ref_type, rid uuid)
RETURNS TABLE (p_page integer, p_ord integer, p_id uuid) LANGUAGE plpgsql AS $$
DECLARE
	last_id uuid;
	r record;
	got integer;
BEGIN
	p_page := 0;
	p_ord := 0;
	LOOP
		p_page := p_page + 1;
		got := 0;
		FOR r IN SELECT a.id FROM supporthub.get_recent_activities(rt, rid, last_id, psize) a LOOP
			got := got + 1;
			p_ord := p_ord + 1;
			p_id := r.id;
			last_id := r.id;
			RETURN NEXT;
		END LOOP;
		EXIT WHEN got = 0;
		IF p_page > 1000 THEN
			RAISE EXCEPTION 'get_recent_activities paging does not end';
		END IF;
	END LOOP;
END
$$;

-- ------------------------------------------------------------ fixture
-- The shared fixture: tenant A with its admin, two agents, a deactivated
-- agent, two customers and a deactivated one, two categories, an
-- escalation type; tenant B the same.  a0 and b0 are the last ticket
-- numbers of A and B so far.
\ir ../fixture/ids.psql
\set ta :a_tenant
\set tb :b_tenant
\set a_spare :a_agent_off
\set a_cust1 :a_customer
\set a_cust2 :a_customer2
\set a_cust3 :a_customer_off
\set a_cat :a_billing
\set a_cat2 :a_outage
\set a_type :a_manager
\set b_cust :b_customer
\set b_cat :b_billing
\set b_type :b_manager
SELECT supporthub.act_as_tenant(:'ta');
SELECT last_number AS a0 FROM supporthub.ticket_counters \gset
SELECT supporthub.act_as_tenant(:'tb');
SELECT last_number AS b0 FROM supporthub.ticket_counters \gset

-- =================================================================== create_ticket
-- ------------------------------------------------------------ a customer, for themself
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS t1, ticket_number AS t1_num, subject AS t1_subject, status AS t1_status, priority AS t1_prio,
	   agent_id IS NULL AS t1_unassigned, customer_id AS t1_cust, tenant_id AS t1_tenant, category_id AS t1_cat
  FROM supporthub.create_ticket(E'  \t Printer on fire \n', 'It is on fire.', :'a_cat') \gset
SELECT is(:'t1_num'::bigint, :'a0'::bigint + 1, 'create_ticket: the next number of the tenant');
SELECT is(:'t1_subject'::text, 'Printer on fire', 'create_ticket: the subject is trimmed (spaces, tab, newline)');
SELECT is(:'t1_status'::text, 'open', 'create_ticket: a new ticket is open');
SELECT is(:'t1_prio'::text, 'medium', 'create_ticket: priority defaults to medium');
SELECT ok(:'t1_unassigned'::boolean, 'create_ticket: a new ticket has no agent');
SELECT is(:'t1_cust'::uuid, :'a_cust1'::uuid, 'create_ticket by a customer (customer_id NULL): the ticket is theirs');
SELECT is(:'t1_tenant'::uuid, :'ta'::uuid, 'create_ticket: the ticket belongs to the actor''s tenant');
SELECT is(:'t1_cat'::uuid, :'a_cat'::uuid, 'create_ticket: the category is the one given');
SELECT is(pg_temp.acts(:'ta', :'m'), ARRAY['created ticket'], 'create_ticket writes exactly one activity: created/ticket');
SELECT is((SELECT row(ref_id, ticket_id, user_id, changes)::text FROM pg_temp.one(:'ta', :'m')),
		  row(:'t1'::uuid, :'t1'::uuid, :'a_cust1'::uuid,
			  jsonb_build_object('ticket_number', jsonb_build_object('old', NULL, 'new', :'a0'::bigint + 1),
								 'subject', jsonb_build_object('old', NULL, 'new', 'Printer on fire'),
								 'status', jsonb_build_object('old', NULL, 'new', 'open'),
								 'priority', jsonb_build_object('old', NULL, 'new', 'medium'),
								 'category_id', jsonb_build_object('old', NULL, 'new', :'a_cat'),
								 'customer_id', jsonb_build_object('old', NULL, 'new', :'a_cust1')))::text,
		  'the created activity: about the ticket, by the customer, with every initial value as new');

SELECT id AS t2, ticket_number AS t2_num, customer_id AS t2_cust, priority AS t2_prio
  FROM supporthub.create_ticket('Own id', 'x', :'a_cat', 'low', :'a_cust1') \gset
SELECT is(:'t2_num'::bigint, :'a0'::bigint + 2, 'create_ticket: the one after that');
SELECT is(:'t2_cust'::uuid, :'a_cust1'::uuid, 'a customer may pass their own id as customer_id');
SELECT is(:'t2_prio'::text, 'low', 'create_ticket: the priority given is kept');
SELECT throws_ok(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'Not mine', 'x', :'a_cat', 'low', :'a_cust2'),
	'42501', NULL, 'a customer cannot create a ticket for another customer');

-- ------------------------------------------------------------ argument checks
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', '', 'x', :'a_cat'), '22023',
	ARRAY['subject'], 'create_ticket(subject '''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', E' \t\n ', 'x', :'a_cat'), '22023',
	ARRAY['subject'], 'create_ticket(blank subject) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(NULL, %L, %L)', 'x', :'a_cat'), '22023',
	ARRAY['subject'], 'create_ticket(subject NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', repeat('s', 256), 'x', :'a_cat'), '22023',
	ARRAY['subject', '255'], 'create_ticket(256-character subject) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', repeat('é', 256), 'x', :'a_cat'), '22023',
	ARRAY['subject', '255'], 'create_ticket(256 two-byte characters) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', repeat('s', 10 * 1024 * 1024), 'x', :'a_cat'), '22023',
	ARRAY['subject', '255'], 'create_ticket(10 MB subject) is 22023');
SELECT is(char_length((supporthub.create_ticket('  ' || repeat('s', 255) || '  ', 'x', :'a_cat')).subject), 255,
	'create_ticket: 255 characters (after trimming) are fine');
SELECT is((supporthub.create_ticket(repeat('é', 255), 'x', :'a_cat')).subject, repeat('é', 255),
	'create_ticket: the limit counts characters, not bytes');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, NULL, %L)', 'x', :'a_cat'), '22023',
	ARRAY['description'], 'create_ticket(description NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', 'x', repeat('d', 100001), :'a_cat'), '22023',
	ARRAY['description', '100000'], 'create_ticket(100001-character description) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_ticket(''x'', ''y'', NULL)', '22023',
	ARRAY['category_id'], 'create_ticket(category_id NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_ticket(''x'', ''y'', ''00000000-0000-7000-8000-000000000000'')', 'PT404',
	ARRAY['Category'], 'create_ticket(unknown category) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', 'x', 'y', :'b_cat'), 'PT404',
	ARRAY['Category'], 'create_ticket(category of another tenant) is PT404');
SELECT throws_ok(format('SELECT supporthub.create_ticket(%L, %L, %L, %L)', 'x', 'y', :'a_cat', 'asap'), '22P02', NULL,
	'create_ticket(priority ''asap'') is 22P02');

-- ------------------------------------------------------------ staff, for a named active customer
SELECT supporthub.act_as(:'a_agent');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS t5, ticket_number AS t5_num, customer_id AS t5_cust, agent_id IS NULL AS t5_unassigned, status AS t5_status
  FROM supporthub.create_ticket('Site down', 'Nothing loads.', :'a_cat2', 'high', :'a_cust2') \gset
SELECT is(:'t5_num'::bigint, :'a0'::bigint + 5, 'create_ticket by an agent: the next number (two more were made above)');
SELECT is(:'t5_cust'::uuid, :'a_cust2'::uuid, 'create_ticket by an agent: for the customer named');
SELECT ok(:'t5_unassigned'::boolean AND :'t5_status' = 'open', 'create_ticket by staff: open and unassigned, not the creator''s');
SELECT is((SELECT row(action, ref_type, ref_id, user_id)::text FROM pg_temp.one(:'ta', :'m')),
		  row('created'::supporthub.activity_action, 'ticket'::supporthub.activity_ref_type, :'t5'::uuid, :'a_agent'::uuid)::text,
		  'create_ticket by an agent: exactly one activity, by the agent');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L)', 'For whom?', 'x', :'a_cat'), '22023',
	ARRAY['customer_id'], 'staff must name a customer (customer_id NULL is 22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'a_cat', 'low', :'a_agent2'), '22023',
	ARRAY['agent'], 'create_ticket for an agent is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'a_cat', 'low', :'a_admin'), '22023',
	ARRAY['admin'], 'create_ticket for an admin is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'a_cat', 'low', '00000000-0000-7000-8000-000000000000'),
	'PT404', ARRAY['Customer'], 'create_ticket for an unknown customer is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'a_cat', 'low', :'b_cust'), 'PT404',
	ARRAY['Customer'], 'create_ticket for a customer of another tenant is PT404');
SELECT supporthub.act_as(:'a_admin');
SELECT throws_ok(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'x', 'y', :'a_cat', 'low', :'a_cust3'), 'PT409',
	'Customer is deactivated', 'create_ticket for a deactivated customer is PT409');
SELECT id AS t6, ticket_number AS t6_num FROM supporthub.create_ticket('By admin', 'x', :'a_cat2', 'urgent', :'a_cust1') \gset
SELECT is(:'t6_num'::bigint, :'a0'::bigint + 6, 'create_ticket by an admin: the next number');
SELECT supporthub.act_as_tenant(:'ta');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS t7, ticket_number AS t7_num FROM supporthub.create_ticket('By system', 'x', :'a_cat2', 'low', :'a_cust2') \gset
SELECT is(:'t7_num'::bigint, :'a0'::bigint + 7, 'create_ticket by the system actor: the next number');
SELECT is((SELECT row(action, ref_id, user_id IS NULL)::text FROM pg_temp.one(:'ta', :'m')),
		  row('created'::supporthub.activity_action, :'t7'::uuid, true)::text,
		  'create_ticket by the system actor: one activity with user_id NULL');

-- ------------------------------------------------------------ numbers per tenant
SELECT supporthub.act_as(:'b_cust');
SELECT is((supporthub.create_ticket('B first', 'x', :'b_cat')).ticket_number, :'b0'::bigint + 1,
	'ticket numbers are per tenant: B''s next number follows B''s own, although A made seven since');
SELECT supporthub.act_as(:'b_agent');
SELECT id AS bt2, ticket_number AS bt2_num FROM supporthub.create_ticket('B second', 'x', :'b_cat', 'low', :'b_cust') \gset
SELECT is(:'bt2_num'::bigint, :'b0'::bigint + 2, 'and the one after that');
SELECT supporthub.act_as(:'a_cust1');
SELECT id AS t8, ticket_number AS t8_num FROM supporthub.create_ticket('A again', 'x', :'a_cat') \gset
SELECT is(:'t8_num'::bigint, :'a0'::bigint + 8, 'A''s numbering continues, unaffected by B');
SELECT is((SELECT array_agg(ticket_number - :'a0' ORDER BY ticket_number) FROM supporthub.get_tickets() WHERE ticket_number > :'a0'),
		  ARRAY[1, 2, 3, 4, 6, 8]::bigint[], 'the customer''s tickets made here carry the numbers given above (no duplicate)');

-- =================================================================== get_ticket_by_id / _by_number
SELECT is((supporthub.get_ticket_by_id(:'t1')).subject, 'Printer on fire', 'get_ticket_by_id: a customer reads their own ticket');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', :'t5'), 'PT404', ARRAY['Ticket'],
	'get_ticket_by_id: another customer''s ticket is not found');
SELECT pg_temp.throws_naming('SELECT supporthub.get_ticket_by_id(''00000000-0000-7000-8000-000000000000'')', 'PT404', ARRAY['Ticket'],
	'get_ticket_by_id(unknown) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.get_ticket_by_id(NULL)', '22023', ARRAY['id'], 'get_ticket_by_id(NULL) is 22023');
SELECT throws_ok('SELECT supporthub.get_ticket_by_id(''nope'')', '22P02', NULL, 'get_ticket_by_id(malformed uuid) is 22P02');
SELECT is((supporthub.get_ticket_by_number(:'a0' + 1)).id, :'t1'::uuid, 'get_ticket_by_number: the customer''s ticket by its number');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_number(%s)', :'a0' + 5), 'PT404', ARRAY['Ticket'],
	'get_ticket_by_number: another customer''s number is not found');
SELECT pg_temp.throws_naming('SELECT supporthub.get_ticket_by_number(999)', 'PT404', ARRAY['Ticket'],
	'get_ticket_by_number(unused number) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.get_ticket_by_number(NULL)', '22023', ARRAY['ticket_number'],
	'get_ticket_by_number(NULL) is 22023');
SELECT supporthub.act_as(:'b_admin');
SELECT is((supporthub.get_ticket_by_number(:'b0' + 2)).id, :'bt2'::uuid, 'get_ticket_by_number in B is B''s ticket of that number, not A''s');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_number(%s)', :'a0' + 8), 'PT404', ARRAY['Ticket'],
	'get_ticket_by_number: a number only A has is not found in B');

-- =================================================================== get_tickets: filters
-- The tickets made here, a0 + 1 to a0 + 8: 1 (cust1, medium, Billing),
-- 2 (cust1, low, Billing), 3 and 4 (cust1, medium, Billing: the long
-- subjects), 5 (cust2, high, Outage), 6 (cust1, urgent, Outage), 7 (cust2,
-- low, Outage), 8 (cust1, medium, Billing).  Now: 5 to the agent, 6 to
-- agent two, 2 pending, 7 resolved.  Each list is compared with those
-- (as written out) and the fixture's tickets that meet the same filter.
CREATE FUNCTION pg_temp.and_fixture(made_here uuid[], status supporthub.ticket_status DEFAULT NULL,
									priority supporthub.ticket_priority DEFAULT NULL, agent_id uuid DEFAULT NULL,
									customer_id uuid DEFAULT NULL, category_id uuid DEFAULT NULL) RETURNS uuid[]
LANGUAGE sql AS $$
	SELECT ARRAY(SELECT x.id FROM (
		SELECT t.id FROM supporthub.tickets t
		 WHERE t.id IN (SELECT f.id FROM public.fixture f WHERE f.kind = 'tickets')
		   AND t.status = coalesce($2, t.status) AND t.priority = coalesce($3, t.priority)
		   AND t.agent_id IS NOT DISTINCT FROM coalesce($4, t.agent_id)
		   AND t.customer_id = coalesce($5, t.customer_id) AND t.category_id = coalesce($6, t.category_id)
		UNION ALL SELECT unnest(made_here)) x ORDER BY x.id DESC)
$$;
SELECT supporthub.act_as(:'a_agent');
SELECT id AS t3 FROM supporthub.get_ticket_by_number(:'a0' + 3) \gset
SELECT id AS t4 FROM supporthub.get_ticket_by_number(:'a0' + 4) \gset
SELECT id AS ignored FROM supporthub.assign_agent(:'t5', :'a_agent') \gset
SELECT id AS ignored FROM supporthub.assign_agent(:'t6', :'a_agent2') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t2', 'pending') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t7', 'resolved') \gset
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets()),
		  pg_temp.and_fixture(ARRAY[:'t8', :'t7', :'t6', :'t5', :'t4', :'t3', :'t2', :'t1']::uuid[]), 'get_tickets(): every ticket of A, newest first');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(status => 'open')),
		  pg_temp.and_fixture(ARRAY[:'t8', :'t6', :'t5', :'t4', :'t3', :'t1']::uuid[], status => 'open'), 'get_tickets(status => open)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(status => 'pending')), pg_temp.and_fixture(ARRAY[:'t2']::uuid[], status => 'pending'), 'get_tickets(status => pending)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(status => 'resolved')), pg_temp.and_fixture(ARRAY[:'t7']::uuid[], status => 'resolved'), 'get_tickets(status => resolved)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(status => 'closed')), pg_temp.and_fixture('{}', status => 'closed'), 'get_tickets(status => closed): none made here');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(priority => 'low')), pg_temp.and_fixture(ARRAY[:'t7', :'t2']::uuid[], priority => 'low'), 'get_tickets(priority => low)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(priority => 'medium')),
		  pg_temp.and_fixture(ARRAY[:'t8', :'t4', :'t3', :'t1']::uuid[], priority => 'medium'), 'get_tickets(priority => medium)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(priority => 'high')), pg_temp.and_fixture(ARRAY[:'t5']::uuid[], priority => 'high'), 'get_tickets(priority => high)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(priority => 'urgent')), pg_temp.and_fixture(ARRAY[:'t6']::uuid[], priority => 'urgent'), 'get_tickets(priority => urgent)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(agent_id => :'a_agent')), pg_temp.and_fixture(ARRAY[:'t5']::uuid[], agent_id => :'a_agent'), 'get_tickets(agent_id => agent)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(agent_id => :'a_agent2')), pg_temp.and_fixture(ARRAY[:'t6']::uuid[], agent_id => :'a_agent2'), 'get_tickets(agent_id => agent two)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(agent_id => :'a_admin')), pg_temp.and_fixture('{}', agent_id => :'a_admin'), 'get_tickets(agent_id => nobody''s agent) is empty');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(customer_id => :'a_cust1')),
		  pg_temp.and_fixture(ARRAY[:'t8', :'t6', :'t4', :'t3', :'t2', :'t1']::uuid[], customer_id => :'a_cust1'), 'get_tickets(customer_id => customer one)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(customer_id => :'a_cust2')),
		  pg_temp.and_fixture(ARRAY[:'t7', :'t5']::uuid[], customer_id => :'a_cust2'), 'get_tickets(customer_id => customer two)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(category_id => :'a_cat')),
		  pg_temp.and_fixture(ARRAY[:'t8', :'t4', :'t3', :'t2', :'t1']::uuid[], category_id => :'a_cat'), 'get_tickets(category_id => Billing)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(category_id => :'a_cat2')),
		  pg_temp.and_fixture(ARRAY[:'t7', :'t6', :'t5']::uuid[], category_id => :'a_cat2'), 'get_tickets(category_id => Outage)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(status => 'open', priority => 'medium', customer_id => :'a_cust1',
													   category_id => :'a_cat')),
		  pg_temp.and_fixture(ARRAY[:'t8', :'t4', :'t3', :'t1']::uuid[], status => 'open', priority => 'medium', customer_id => :'a_cust1',
													   category_id => :'a_cat'), 'get_tickets: filters combine (AND)');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(status => 'open', category_id => :'a_cat2', agent_id => :'a_agent2')),
		  pg_temp.and_fixture(ARRAY[:'t6']::uuid[], status => 'open', category_id => :'a_cat2', agent_id => :'a_agent2'), 'get_tickets: status, category and agent combined');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_tickets(category_id => %L)', :'b_cat'), 'PT404', ARRAY['Category'],
	'get_tickets(category_id => category of another tenant) is PT404');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_tickets(category_id => ''00000000-0000-7000-8000-000000000000'')', 'PT404',
	ARRAY['Category'], 'get_tickets(category_id => unknown) is PT404');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(customer_id => :'b_cust')), pg_temp.and_fixture('{}', customer_id => :'b_cust'),
	'get_tickets(customer_id => customer of another tenant) is empty');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_tickets(page_size => 0)', '22023', ARRAY['500'],
	'get_tickets(page_size => 0) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_tickets(page_size => 501)', '22023', ARRAY['500'],
	'get_tickets(page_size => 501) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_tickets(page_size => -1)', '22023', ARRAY['500'],
	'get_tickets(page_size => -1) is 22023');
SELECT throws_ok('SELECT * FROM supporthub.get_tickets(status => ''done'')', '22P02', NULL, 'get_tickets(status => ''done'') is 22P02');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets()), pg_temp.and_fixture(ARRAY[:'t8', :'t6', :'t4', :'t3', :'t2', :'t1']::uuid[]),
	'get_tickets() as a customer: their own tickets only');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(status => 'open', priority => 'medium')), pg_temp.and_fixture(ARRAY[:'t8', :'t4', :'t3', :'t1']::uuid[], status => 'open', priority => 'medium'),
	'get_tickets(filters) as a customer: filtered within their own tickets');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(customer_id => :'a_cust2')), pg_temp.and_fixture('{}', customer_id => :'a_cust2'),
	'get_tickets(customer_id => another customer) as a customer is empty');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(agent_id => :'a_agent')), pg_temp.and_fixture('{}', agent_id => :'a_agent'),
	'get_tickets(agent_id) as a customer does not reveal another customer''s assigned ticket');

-- =================================================================== get_tickets: keyset paging
SELECT id AS tc FROM supporthub.create_tenant('Tickets Paging') \gset
SELECT supporthub.act_as_tenant(:'tc');
SELECT id AS c_cust1 FROM supporthub.create_user('C One', 'one@c.test', 'customer') \gset
SELECT id AS c_cust2 FROM supporthub.create_user('C Two', 'two@c.test', 'customer') \gset
SELECT id AS c_cat FROM supporthub.create_category('General') \gset
SELECT is((SELECT count(*) FROM generate_series(1, 120) AS i,
		   LATERAL supporthub.create_ticket('Paged ' || i, '', :'c_cat',
											 CASE WHEN i % 3 = 0 THEN 'high' ELSE 'low' END::supporthub.ticket_priority,
											 CASE WHEN i % 2 = 1 THEN :'c_cust1' ELSE :'c_cust2' END::uuid) AS t),
		  120::bigint, '120 tickets created in tenant C');
CREATE TEMP TABLE pages50 AS SELECT * FROM pg_temp.ticket_pages(50);
SELECT is(ARRAY(SELECT p_id FROM pages50 ORDER BY p_ord), ARRAY(SELECT id FROM supporthub.tickets ORDER BY id DESC),
	'pages of 50, concatenated, are every ticket of C exactly once, newest first');
SELECT is((SELECT count(DISTINCT p_id) FROM pages50), 120::bigint, 'pages of 50: 120 distinct tickets (no overlap, no gap)');
SELECT is(ARRAY(SELECT count(*) FROM pages50 GROUP BY p_page ORDER BY p_page), ARRAY[50, 50, 20]::bigint[],
	'pages of 50: 50, 50, 20, then an empty page');
SELECT is(ARRAY(SELECT p_num FROM pages50 ORDER BY p_ord), ARRAY(SELECT generate_series(120, 1, -1))::bigint[],
	'pages of 50: ticket numbers 120 down to 1 (newest first)');
CREATE TEMP TABLE pages7 AS SELECT * FROM pg_temp.ticket_pages(7);
SELECT is(ARRAY(SELECT p_id FROM pages7 ORDER BY p_ord), ARRAY(SELECT id FROM supporthub.tickets ORDER BY id DESC),
	'pages of 7, concatenated, are every ticket exactly once, newest first');
SELECT is(ARRAY(SELECT count(*) FROM pages7 GROUP BY p_page ORDER BY p_page),
		  array_fill(7::bigint, ARRAY[17]) || 1::bigint, 'pages of 7: seventeen pages of 7, then 1');
CREATE TEMP TABLE pages_high AS SELECT * FROM pg_temp.ticket_pages(7, 'high');
SELECT is(ARRAY(SELECT p_id FROM pages_high ORDER BY p_ord),
		  ARRAY(SELECT id FROM supporthub.tickets WHERE priority = 'high' ORDER BY id DESC),
		  'paging with a filter (priority => high): the 40 high tickets exactly once, newest first');
SELECT is(ARRAY(SELECT count(*) FROM pages_high GROUP BY p_page ORDER BY p_page), ARRAY[7, 7, 7, 7, 7, 5]::bigint[],
	'paging with a filter: pages of 7 over 40 rows');
SELECT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500)), 120::bigint, 'get_tickets(page_size => 500): all 120 on one page');
SELECT is((SELECT count(*) FROM supporthub.get_tickets()), 50::bigint, 'get_tickets(): the default page is 50 tickets');
SELECT is((SELECT count(*) FROM supporthub.get_tickets(after => (SELECT id FROM supporthub.tickets ORDER BY id LIMIT 1))), 0::bigint,
	'get_tickets(after => the oldest ticket) is empty');
SELECT supporthub.act_as(:'c_cust1');
CREATE TEMP TABLE pages_cust AS SELECT * FROM pg_temp.ticket_pages(25);
SELECT is(ARRAY(SELECT p_num FROM pages_cust ORDER BY p_ord), ARRAY(SELECT generate_series(119, 1, -2))::bigint[],
	'a customer paging (25 a page) reads exactly their own 60 tickets, newest first');
SELECT is(ARRAY(SELECT count(*) FROM pages_cust GROUP BY p_page ORDER BY p_page), ARRAY[25, 25, 10]::bigint[],
	'a customer''s pages: 25, 25, 10');

-- =================================================================== update_ticket
SELECT supporthub.act_as(:'a_agent');
SELECT id AS tu FROM supporthub.create_ticket('Update me', 'first text', :'a_cat', 'low', :'a_cust1') \gset
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((SELECT row(subject, description, category_id, priority, status, customer_id, agent_id)::text
			 FROM supporthub.update_ticket(:'tu', subject => '  Updated subject  ')),
		  row('Updated subject', 'first text', :'a_cat'::uuid, 'low'::supporthub.ticket_priority,
			  'open'::supporthub.ticket_status, :'a_cust1'::uuid, NULL::uuid)::text,
		  'update_ticket(subject): subject trimmed and changed, everything else unchanged');
SELECT is(pg_temp.acts(:'ta', :'m'), ARRAY['updated ticket'], 'update_ticket writes exactly one activity: updated/ticket');
SELECT is((SELECT row(ref_id, ticket_id, user_id, changes)::text FROM pg_temp.one(:'ta', :'m')),
		  row(:'tu'::uuid, :'tu'::uuid, :'a_agent'::uuid,
			  '{"subject": {"old": "Update me", "new": "Updated subject"}}'::jsonb)::text,
		  'the activity carries only the subject, old and new');
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((SELECT row(subject, description, category_id, priority)::text
			 FROM supporthub.update_ticket(:'tu', NULL, 'second text', :'a_cat2', 'high')),
		  row('Updated subject', 'second text', :'a_cat2'::uuid, 'high'::supporthub.ticket_priority)::text,
		  'update_ticket(description, category, priority): all three changed, subject kept');
SELECT is((SELECT changes FROM pg_temp.one(:'ta', :'m')),
		  jsonb_build_object('description', jsonb_build_object('old', 'first text', 'new', 'second text'),
							 'category_id', jsonb_build_object('old', :'a_cat', 'new', :'a_cat2'),
							 'priority', jsonb_build_object('old', 'low', 'new', 'high')),
		  'one activity with exactly the three changed fields');
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((SELECT row(subject, description, category_id, priority)::text FROM supporthub.update_ticket(:'tu')),
		  row('Updated subject', 'second text', :'a_cat2'::uuid, 'high'::supporthub.ticket_priority)::text,
		  'update_ticket(id) with every field NULL returns the ticket unchanged');
SELECT id AS ignored FROM supporthub.update_ticket(:'tu', ' Updated subject ', 'second text', :'a_cat2', 'high') \gset
SELECT is(pg_temp.acts(:'ta', :'m'), '{}'::text[], 'update_ticket with NULLs or with the current values logs nothing');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, subject => %L)', :'tu', '  '), '22023', ARRAY['subject'],
	'update_ticket(blank subject) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, subject => %L)', :'tu', repeat('s', 256)), '22023',
	ARRAY['subject', '255'], 'update_ticket(256-character subject) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, category_id => %L)', :'tu', :'b_cat'), 'PT404', ARRAY['Category'],
	'update_ticket(category of another tenant) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, category_id => %L)', :'tu', '00000000-0000-7000-8000-000000000000'),
	'PT404', ARRAY['Category'], 'update_ticket(unknown category) is PT404');
SELECT throws_ok(format('SELECT supporthub.update_ticket(%L, priority => %L)', :'tu', 'asap'), '22P02', NULL,
	'update_ticket(priority ''asap'') is 22P02');
SELECT pg_temp.throws_naming('SELECT supporthub.update_ticket(NULL, subject => ''x'')', '22023', ARRAY['id'],
	'update_ticket(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.update_ticket(''00000000-0000-7000-8000-000000000000'', subject => ''x'')', 'PT404',
	ARRAY['Ticket'], 'update_ticket(unknown) is PT404');
SELECT is((supporthub.get_ticket_by_id(:'tu')).subject, 'Updated subject', 'the refused updates changed nothing');

-- =================================================================== assign_agent
SELECT id AS tas, ticket_number AS tas_num FROM supporthub.create_ticket('Assign me', 'x', :'a_cat', 'low', :'a_cust1') \gset
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((supporthub.assign_agent(:'tas', :'a_agent')).agent_id, :'a_agent'::uuid, 'assign_agent: an agent takes the ticket');
SELECT is((SELECT row(action, ref_type, ref_id, ticket_id, user_id, changes)::text FROM pg_temp.one(:'ta', :'m')),
		  row('assigned'::supporthub.activity_action, 'ticket'::supporthub.activity_ref_type, :'tas'::uuid, :'tas'::uuid, :'a_agent'::uuid,
			  jsonb_build_object('agent_id', jsonb_build_object('old', NULL, 'new', :'a_agent')))::text,
		  'assign_agent writes exactly one ''assigned'' activity: agent_id old NULL, new the agent');
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((SELECT row(id, agent_id, status)::text FROM supporthub.assign_agent(:'tas', :'a_agent')),
		  row(:'tas'::uuid, :'a_agent'::uuid, 'open'::supporthub.ticket_status)::text,
		  'assign_agent(the agent already assigned) returns the ticket as it is');
SELECT is(pg_temp.acts(:'ta', :'m'), '{}'::text[], '... and writes no activity');
SELECT supporthub.act_as(:'a_admin');
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((supporthub.assign_agent(:'tas', :'a_agent2')).agent_id, :'a_agent2'::uuid, 'assign_agent: an admin reassigns to agent two');
SELECT is((SELECT row(user_id, changes)::text FROM pg_temp.one(:'ta', :'m')),
		  row(:'a_admin'::uuid, jsonb_build_object('agent_id', jsonb_build_object('old', :'a_agent', 'new', :'a_agent2')))::text,
		  'the reassignment: one activity by the admin, agent_id old agent, new agent two');
SELECT is((supporthub.assign_agent(:'tas', :'a_admin')).agent_id, :'a_admin'::uuid, 'assign_agent: an admin may be the assignee');
SELECT supporthub.act_as_tenant(:'ta');
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((supporthub.assign_agent(:'tas', :'a_agent')).agent_id, :'a_agent'::uuid, 'assign_agent by the system actor');
SELECT is((SELECT row(action, user_id IS NULL)::text FROM pg_temp.one(:'ta', :'m')), '(assigned,t)',
	'the system actor''s assignment: one activity with user_id NULL');
SELECT supporthub.act_as(:'a_admin');
SELECT throws_ok(format('SELECT supporthub.assign_agent(%L, %L)', :'tas', :'a_cust1'), '22023',
	NULL, 'assign_agent(to a customer) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'tas', '00000000-0000-7000-8000-000000000000'), 'PT404',
	ARRAY['Agent'], 'assign_agent(unknown user) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'tas', :'b_agent'), 'PT404',
	ARRAY['Agent'], 'assign_agent(agent of another tenant) is PT404');
SELECT throws_ok(format('SELECT supporthub.assign_agent(%L, %L)', :'tas', :'a_spare'), 'PT409',
	NULL, 'assign_agent(deactivated agent) is PT409');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(NULL, %L)', :'a_agent'), '22023', ARRAY['ticket_id'],
	'assign_agent(ticket_id NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, NULL)', :'tas'), '22023', ARRAY['agent_id'],
	'assign_agent(agent_id NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', '00000000-0000-7000-8000-000000000000', :'a_agent'), 'PT404',
	ARRAY['Ticket'], 'assign_agent(unknown ticket) is PT404');
SELECT is((supporthub.get_ticket_by_id(:'tas')).agent_id, :'a_agent'::uuid, 'the refused assignments changed nothing');
-- resolved tickets may still be assigned; closed ones may not
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tas', 'resolved') \gset
SELECT is((supporthub.assign_agent(:'tas', :'a_agent2')).agent_id, :'a_agent2'::uuid, 'assign_agent on a resolved ticket works');
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tas', 'closed') \gset
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'tas', :'a_agent'), 'PT409',
	ARRAY[(:'tas_num')::text], 'assign_agent on a closed ticket is PT409');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'tas', :'a_agent2'), 'PT409',
	ARRAY[(:'tas_num')::text], 'assign_agent on a closed ticket is PT409 even for the agent already assigned');

-- =================================================================== escalate
SELECT supporthub.act_as(:'a_agent');
SELECT id AS te, ticket_number AS te_num FROM supporthub.create_ticket('Escalate me', 'x', :'a_cat', 'low', :'a_cust1') \gset
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS e1, tenant_id AS e1_tenant, ticket_id AS e1_ticket, type_id AS e1_type, raised_by_user_id AS e1_by, reason AS e1_reason
  FROM supporthub.escalate(:'te', :'a_type', '  Angry customer  ') \gset
SELECT is(row(:'e1_tenant'::uuid, :'e1_ticket'::uuid, :'e1_type'::uuid, :'e1_by'::uuid, :'e1_reason'::text)::text,
		  row(:'ta'::uuid, :'te'::uuid, :'a_type'::uuid, :'a_agent'::uuid, 'Angry customer')::text,
		  'escalate returns the escalation: tenant, ticket, type, raised by the agent, reason trimmed');
SELECT is((SELECT count(*) FROM supporthub.escalations WHERE id = :'e1' AND ticket_id = :'te'), 1::bigint,
	'the escalation row is stored');
SELECT is((supporthub.get_ticket_by_id(:'te')).priority, 'medium'::supporthub.ticket_priority, 'escalate: low becomes medium');
SELECT is((SELECT row(action, ref_type, ref_id, user_id, changes)::text FROM pg_temp.one(:'ta', :'m')),
		  row('escalated'::supporthub.activity_action, 'ticket'::supporthub.activity_ref_type, :'te'::uuid, :'a_agent'::uuid,
			  jsonb_build_object('priority', jsonb_build_object('old', 'low', 'new', 'medium'),
								 'escalation_id', jsonb_build_object('old', NULL, 'new', :'e1'),
								 'type_id', jsonb_build_object('old', NULL, 'new', :'a_type'),
								 'reason', jsonb_build_object('old', NULL, 'new', 'Angry customer')))::text,
		  'escalate writes exactly one ''escalated'' activity: priority old/new, the escalation, type and reason');
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((SELECT row(raised_by_user_id, reason)::text FROM supporthub.escalate(:'te', :'a_type', '   ')),
		  row(:'a_cust1'::uuid, NULL::text)::text, 'the ticket''s customer may escalate; a blank reason is stored as NULL');
SELECT is((supporthub.get_ticket_by_id(:'te')).priority, 'high'::supporthub.ticket_priority, 'escalate: medium becomes high');
SELECT is(pg_temp.acts(:'ta', :'m'), ARRAY['escalated ticket'], 'the customer''s escalation: exactly one activity');
SELECT supporthub.act_as(:'a_admin');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS e3 FROM supporthub.escalate(:'te', :'a_type') \gset
SELECT is((supporthub.get_ticket_by_id(:'te')).priority, 'urgent'::supporthub.ticket_priority, 'escalate: high becomes urgent');
SELECT is((SELECT changes FROM pg_temp.one(:'ta', :'m')),
		  jsonb_build_object('priority', jsonb_build_object('old', 'high', 'new', 'urgent'),
							 'escalation_id', jsonb_build_object('old', NULL, 'new', :'e3'),
							 'type_id', jsonb_build_object('old', NULL, 'new', :'a_type')),
		  'escalate without a reason: one activity, priority old/new, no reason in it');
SELECT supporthub.uuid_v7() AS m \gset
SELECT id AS e4 FROM supporthub.escalate(:'te', :'a_type', 'Again') \gset
SELECT is((supporthub.get_ticket_by_id(:'te')).priority, 'urgent'::supporthub.ticket_priority, 'escalate: urgent stays urgent');
SELECT is((SELECT changes FROM pg_temp.one(:'ta', :'m')),
		  jsonb_build_object('escalation_id', jsonb_build_object('old', NULL, 'new', :'e4'),
							 'type_id', jsonb_build_object('old', NULL, 'new', :'a_type'),
							 'reason', jsonb_build_object('old', NULL, 'new', 'Again')),
		  'escalating an urgent ticket: one activity, with no priority change in it');
SELECT is((SELECT count(*) FROM supporthub.escalations WHERE ticket_id = :'te'), 4::bigint, 'four escalations, four rows');
SELECT supporthub.act_as_tenant(:'ta');
SELECT is((supporthub.escalate(:'te', :'a_type')).raised_by_user_id, NULL, 'the system actor may escalate (raised_by NULL)');
SELECT supporthub.act_as(:'a_agent');
SELECT id AS tep FROM supporthub.create_ticket('Pending escalation', 'x', :'a_cat', 'medium', :'a_cust1') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tep', 'pending') \gset
SELECT is((supporthub.escalate(:'tep', :'a_type')).ticket_id, :'tep'::uuid, 'a pending ticket may be escalated');
SELECT is((supporthub.get_ticket_by_id(:'tep')).priority, 'high'::supporthub.ticket_priority, '... and its priority goes up');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'te', :'b_type'), 'PT404', ARRAY['Escalation type'],
	'escalate(type of another tenant) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'te', '00000000-0000-7000-8000-000000000000'), 'PT404',
	ARRAY['Escalation type'], 'escalate(unknown type) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, NULL)', :'te'), '22023', ARRAY['type_id'],
	'escalate(type_id NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(NULL, %L)', :'a_type'), '22023', ARRAY['ticket_id'],
	'escalate(ticket_id NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', '00000000-0000-7000-8000-000000000000', :'a_type'), 'PT404',
	ARRAY['Ticket'], 'escalate(unknown ticket) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L, %L)', :'te', :'a_type', repeat('r', 2001)), '22023',
	ARRAY['reason', '2000'], 'escalate(2001-character reason) is 22023');
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tep', 'resolved') \gset
SELECT ticket_number AS tep_num FROM supporthub.get_ticket_by_id(:'tep') \gset
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'tep', :'a_type'), 'PT409',
	ARRAY[(:'tep_num')::text], 'escalate on a resolved ticket is PT409');
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tep', 'closed') \gset
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'tep', :'a_type'), 'PT409',
	ARRAY[(:'tep_num')::text], 'escalate on a closed ticket is PT409');
SELECT is((SELECT row(status, priority)::text FROM supporthub.get_ticket_by_id(:'tep')), '(closed,high)',
	'the refused escalations changed nothing');

-- =================================================================== set_ticket_status: the map
-- One fresh ticket per (from, to) pair, brought to "from" by allowed moves.
CREATE FUNCTION pg_temp.ticket_in(state text, customer uuid, category uuid) RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
	t uuid;
BEGIN
	t := (supporthub.create_ticket('In state ' || state, 'x', category, 'medium', customer)).id;
	IF state = 'pending' THEN
		PERFORM supporthub.set_ticket_status(t, 'pending');
	ELSIF state IN ('resolved', 'closed') THEN
		PERFORM supporthub.set_ticket_status(t, 'resolved');
	END IF;
	IF state = 'closed' THEN
		PERFORM supporthub.set_ticket_status(t, 'closed');
	END IF;
	RETURN t;
END
$$;
SELECT supporthub.act_as(:'a_agent');
CREATE TEMP TABLE moves AS
SELECT f AS from_s, t AS to_s,
	   CASE f || '>' || t
		   WHEN 'open>pending' THEN 'updated' WHEN 'pending>open' THEN 'updated'
		   WHEN 'open>resolved' THEN 'resolved' WHEN 'pending>resolved' THEN 'resolved'
		   WHEN 'resolved>closed' THEN 'closed' WHEN 'resolved>open' THEN 'reopened'
	   END AS action,
	   NULL::uuid AS tid, NULL::bigint AS num
  FROM unnest(ARRAY['open', 'pending', 'resolved', 'closed']) WITH ORDINALITY AS a(f, i),
	   unnest(ARRAY['open', 'pending', 'resolved', 'closed']) WITH ORDINALITY AS b(t, j)
 ORDER BY i, j;
UPDATE moves SET tid = pg_temp.ticket_in(from_s, :'a_cust1', :'a_cat');
UPDATE moves SET num = (supporthub.get_ticket_by_id(tid)).ticket_number;
SELECT is((SELECT count(*) FROM moves m WHERE (supporthub.get_ticket_by_id(m.tid)).status::text = m.from_s), 16::bigint,
	'16 tickets, one per (from, to) pair, each in its from state');
-- the ten pairs that are refused, each by PT409 naming the ticket and the
-- states (a closed ticket: that it is closed)
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', tid, to_s), 'PT409',
				 CASE WHEN from_s = 'closed' THEN ARRAY[num::text, 'closed'] ELSE ARRAY[num::text, from_s, to_s] END,
				 format('set_ticket_status %s -> %s is refused (PT409)', from_s, to_s))
  FROM moves WHERE action IS NULL ORDER BY from_s, to_s;
SELECT is((SELECT count(*) FROM moves m WHERE m.action IS NULL AND (supporthub.get_ticket_by_id(m.tid)).status::text <> m.from_s),
		  0::bigint, 'the refused moves changed no ticket');
-- the six allowed pairs
SELECT supporthub.uuid_v7() AS m \gset
CREATE TEMP TABLE moved AS
SELECT mv.*, r.status::text AS got FROM moves mv, LATERAL supporthub.set_ticket_status(mv.tid, mv.to_s::supporthub.ticket_status) r
 WHERE mv.action IS NOT NULL;
SELECT is(got, to_s, format('set_ticket_status %s -> %s is allowed and returns the ticket in %s', from_s, to_s, to_s))
  FROM moved ORDER BY from_s, to_s;
SELECT is((SELECT array_agg(row(s.action, s.changes)::text ORDER BY s.id) FROM pg_temp.since(:'ta', :'m') s WHERE s.ticket_id = mv.tid),
		  ARRAY[row(mv.action::supporthub.activity_action,
					jsonb_build_object('status', jsonb_build_object('old', mv.from_s, 'new', mv.to_s)))::text],
		  format('set_ticket_status %s -> %s writes exactly one ''%s'' activity with status old/new', mv.from_s, mv.to_s, mv.action))
  FROM moved mv ORDER BY from_s, to_s;
SELECT is((SELECT count(*) FROM pg_temp.since(:'ta', :'m')), 6::bigint, 'six moves, six activities in the whole tenant');
SELECT is((SELECT count(*) FROM moved m WHERE (supporthub.get_ticket_by_id(m.tid)).status::text = m.to_s), 6::bigint,
	'the six moves are stored');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(NULL, %L)', 'open'), '22023', ARRAY['ticket_id'],
	'set_ticket_status(ticket_id NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, NULL)', :'t1'), '22023', ARRAY['status'],
	'set_ticket_status(status NULL) is 22023');
SELECT throws_ok(format('SELECT supporthub.set_ticket_status(%L, %L)', :'t1', 'done'), '22P02', NULL,
	'set_ticket_status(status ''done'') is 22P02');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', '00000000-0000-7000-8000-000000000000', 'pending'), 'PT404',
	ARRAY['Ticket'], 'set_ticket_status(unknown ticket) is PT404');
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.set_ticket_status(:'t8', 'pending')).status, 'pending'::supporthub.ticket_status,
	'an admin may change a status too');
SELECT supporthub.act_as_tenant(:'ta');
SELECT is((supporthub.set_ticket_status(:'t8', 'open')).status, 'open'::supporthub.ticket_status,
	'the system actor may change a status too');

-- ------------------------------------------------------------ customers: resolve, close, reopen their own
SELECT supporthub.act_as(:'a_agent');
SELECT pg_temp.ticket_in('open', :'a_cust1', :'a_cat') AS c_open1,
	   pg_temp.ticket_in('open', :'a_cust1', :'a_cat') AS c_open2,
	   pg_temp.ticket_in('pending', :'a_cust1', :'a_cat') AS c_pending1,
	   pg_temp.ticket_in('pending', :'a_cust1', :'a_cat') AS c_pending2,
	   pg_temp.ticket_in('resolved', :'a_cust1', :'a_cat') AS c_resolved1,
	   pg_temp.ticket_in('resolved', :'a_cust1', :'a_cat') AS c_resolved2,
	   pg_temp.ticket_in('open', :'a_cust2', :'a_cat') AS c_other \gset
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.set_ticket_status(%L, %L)', :'c_open1', 'pending'), '42501',
	NULL, 'a customer cannot set their own open ticket pending');
SELECT throws_ok(format('SELECT supporthub.set_ticket_status(%L, %L)', :'c_pending1', 'open'), '42501',
	NULL, 'a customer cannot set their own pending ticket open');
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((supporthub.set_ticket_status(:'c_open1', 'resolved')).status, 'resolved'::supporthub.ticket_status,
	'a customer may resolve their own open ticket');
SELECT is((supporthub.set_ticket_status(:'c_pending2', 'resolved')).status, 'resolved'::supporthub.ticket_status,
	'a customer may resolve their own pending ticket');
SELECT is((supporthub.set_ticket_status(:'c_resolved1', 'closed')).status, 'closed'::supporthub.ticket_status,
	'a customer may close their own resolved ticket');
SELECT is((supporthub.set_ticket_status(:'c_resolved2', 'open')).status, 'open'::supporthub.ticket_status,
	'a customer may reopen their own resolved ticket');
SELECT is((SELECT array_agg(row(s.action, s.ref_id, s.user_id)::text ORDER BY s.id) FROM pg_temp.since(:'ta', :'m') s),
		  ARRAY[row('resolved'::supporthub.activity_action, :'c_open1'::uuid, :'a_cust1'::uuid)::text,
				row('resolved'::supporthub.activity_action, :'c_pending2'::uuid, :'a_cust1'::uuid)::text,
				row('closed'::supporthub.activity_action, :'c_resolved1'::uuid, :'a_cust1'::uuid)::text,
				row('reopened'::supporthub.activity_action, :'c_resolved2'::uuid, :'a_cust1'::uuid)::text],
		  'the customer''s four moves: exactly four activities, resolved, resolved, closed, reopened, by the customer');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'c_open2', 'closed'), 'PT409',
	ARRAY[((SELECT ticket_number FROM supporthub.get_ticket_by_id(:'c_open2')))::text, 'open', 'closed'],
	'a customer, too, cannot skip resolved (open -> closed is PT409)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'c_other', 'resolved'), 'PT404', ARRAY['Ticket'],
	'a customer cannot resolve another customer''s ticket (not found)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'c_resolved1', 'open'), 'PT409',
	ARRAY[((SELECT ticket_number FROM supporthub.get_ticket_by_id(:'c_resolved1')))::text],
	'a customer cannot reopen a closed ticket');

-- ------------------------------------------------------------ closed is final: update_ticket too
SELECT supporthub.act_as(:'a_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, subject => %L)', :'c_resolved1', 'Edited'), 'PT409',
	ARRAY[((SELECT ticket_number FROM supporthub.get_ticket_by_id(:'c_resolved1')))::text],
	'update_ticket on a closed ticket is PT409');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L)', :'c_resolved1'), 'PT409',
	ARRAY[((SELECT ticket_number FROM supporthub.get_ticket_by_id(:'c_resolved1')))::text],
	'update_ticket on a closed ticket is PT409 even when it would change nothing');

-- =================================================================== delete_ticket
SELECT supporthub.act_as(:'a_agent');
SELECT id AS td, ticket_number AS td_num FROM supporthub.create_ticket('Delete me', 'x', :'a_cat', 'low', :'a_cust1') \gset
SELECT id AS td_chat FROM supporthub.start_chat(:'td') \gset
SELECT id AS ignored FROM supporthub.post_chat_msg(:'td_chat', 'hello') \gset
SELECT id AS ignored FROM supporthub.add_recording(:'td_chat', 'https://rec.a.test/1.ogg') \gset
SELECT id AS ignored FROM supporthub.log_communication(:'td', 'call', 'Called', :'td_chat') \gset
SELECT id AS ignored FROM supporthub.escalate(:'td', :'a_type') \gset
SELECT throws_ok(format('SELECT supporthub.delete_ticket(%L)', :'td'), '42501', NULL,
	'an agent cannot delete a ticket');
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.delete_ticket(%L)', :'td'), '42501', NULL,
	'a customer cannot delete their own ticket');
SELECT supporthub.act_as(:'a_admin');
SELECT count(*) AS td_feed FROM supporthub.recent_activities WHERE ticket_id = :'td' \gset
SELECT supporthub.uuid_v7() AS m \gset
SELECT is((SELECT row(id, ticket_number, subject)::text FROM supporthub.delete_ticket(:'td')),
		  row(:'td'::uuid, :'td_num'::bigint, 'Delete me')::text, 'delete_ticket by an admin returns the deleted ticket');
SELECT is((SELECT row(action, ref_type, ref_id, ticket_id, user_id, changes->'subject')::text FROM pg_temp.one(:'ta', :'m')),
		  row('deleted'::supporthub.activity_action, 'ticket'::supporthub.activity_ref_type, :'td'::uuid, :'td'::uuid, :'a_admin'::uuid,
			  '{"old": "Delete me", "new": null}'::jsonb)::text,
		  'delete_ticket writes exactly one ''deleted'' activity, with the old values');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', :'td'), 'PT404', ARRAY['Ticket'], 'the deleted ticket is gone');
SELECT is((SELECT count(*) FROM supporthub.chats WHERE ticket_id = :'td') + (SELECT count(*) FROM supporthub.chat_msgs WHERE chat_id = :'td_chat')
		  + (SELECT count(*) FROM supporthub.recordings WHERE ticket_id = :'td') + (SELECT count(*) FROM supporthub.communications WHERE ticket_id = :'td')
		  + (SELECT count(*) FROM supporthub.escalations WHERE ticket_id = :'td'), 0::bigint,
		  'delete_ticket removed its chat, message, recording, communication and escalation');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE ticket_id = :'td'), :'td_feed'::bigint + 1,
	'the ticket''s feed remains, plus the ''deleted'' row');
SELECT is(ARRAY(SELECT action::text FROM supporthub.get_recent_activities(ref_type => 'ticket', ref_id => :'td')),
		  ARRAY['deleted', 'escalated', 'created'], 'get_recent_activities still tells the deleted ticket''s story, newest first');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_ticket(%L)', :'td'), 'PT404', ARRAY['Ticket'], 'deleting it again is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.delete_ticket(NULL)', '22023', ARRAY['id'], 'delete_ticket(NULL) is 22023');
SELECT id AS tn, ticket_number AS tn_num FROM supporthub.create_ticket('Newest', 'x', :'a_cat', 'low', :'a_cust1') \gset
SELECT id AS ignored FROM supporthub.delete_ticket(:'tn') \gset
SELECT is((supporthub.create_ticket('After delete', 'x', :'a_cat', 'low', :'a_cust1')).ticket_number, :'tn_num'::bigint + 1,
	'the number of a deleted (newest) ticket is never reused');
SELECT supporthub.act_as_tenant(:'ta');
SELECT id AS ts FROM supporthub.create_ticket('System deletes', 'x', :'a_cat', 'low', :'a_cust1') \gset
SELECT is((supporthub.delete_ticket(:'ts')).id, :'ts'::uuid, 'the system actor may delete a ticket');

-- =================================================================== get_recent_activities
SELECT supporthub.act_as(:'a_agent');
SELECT id AS tf FROM supporthub.create_ticket('Feed', 'x', :'a_cat', 'low', :'a_cust1') \gset
SELECT id AS ignored FROM supporthub.assign_agent(:'tf', :'a_agent') \gset
SELECT id AS ignored FROM supporthub.escalate(:'tf', :'a_type') \gset
SELECT id AS ignored FROM supporthub.update_ticket(:'tf', subject => 'Feed it') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tf', 'pending') \gset
SELECT id AS tf_chat FROM supporthub.start_chat(:'tf') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'tf', 'resolved') \gset
SELECT is(ARRAY(SELECT action::text FROM supporthub.get_recent_activities(ref_type => 'ticket', ref_id => :'tf')),
		  ARRAY['resolved', 'updated', 'updated', 'escalated', 'assigned', 'created'],
		  'get_recent_activities(ref_type => ticket, ref_id): the ticket''s changes, newest first');
SELECT is(ARRAY(SELECT id FROM supporthub.get_recent_activities(ref_id => :'tf')),
		  ARRAY(SELECT id FROM supporthub.recent_activities WHERE ref_id = :'tf' ORDER BY id DESC),
		  'get_recent_activities(ref_id) = every feed row about that object, newest first');
SELECT is(ARRAY(SELECT row(action, ref_id)::text FROM supporthub.get_recent_activities(ref_type => 'chat', ref_id => :'tf_chat')),
		  ARRAY[row('created'::supporthub.activity_action, :'tf_chat'::uuid)::text],
		  'get_recent_activities(ref_type => chat, ref_id => the chat): its one row');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities(ref_type => 'ticket', ref_id => :'tf_chat')), 0::bigint,
	'get_recent_activities: ref_type and ref_id combine (the chat is not a ticket)');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities(ref_type => 'chat', page_size => 500) WHERE ref_type <> 'chat'), 0::bigint,
	'get_recent_activities(ref_type => chat): only chat rows');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities(ref_type => 'chat', page_size => 500)),
		  (SELECT count(*) FROM supporthub.recent_activities WHERE ref_type = 'chat'),
		  'get_recent_activities(ref_type => chat): every chat row of the tenant');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities()), 50::bigint, 'get_recent_activities(): a default page of 50');
CREATE TEMP TABLE feed2 AS SELECT * FROM pg_temp.feed_pages(2, 'ticket', :'tf');
SELECT is(ARRAY(SELECT p_id FROM feed2 ORDER BY p_ord),
		  ARRAY(SELECT id FROM supporthub.recent_activities WHERE ref_type = 'ticket' AND ref_id = :'tf' ORDER BY id DESC),
		  'get_recent_activities pages of 2: every row once, newest first');
SELECT is(ARRAY(SELECT count(*) FROM feed2 GROUP BY p_page ORDER BY p_page), ARRAY[2, 2, 2]::bigint[],
	'get_recent_activities pages of 2 over 6 rows: 2, 2, 2, then empty');
CREATE TEMP TABLE feed_all AS SELECT * FROM pg_temp.feed_pages(17, NULL, NULL);
SELECT is(ARRAY(SELECT p_id FROM feed_all ORDER BY p_ord), ARRAY(SELECT id FROM supporthub.recent_activities ORDER BY id DESC),
	'get_recent_activities pages of 17 over the whole feed: every row once, newest first');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_recent_activities(page_size => 0)', '22023', ARRAY['500'],
	'get_recent_activities(page_size => 0) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_recent_activities(page_size => 501)', '22023', ARRAY['500'],
	'get_recent_activities(page_size => 501) is 22023');
SELECT throws_ok('SELECT * FROM supporthub.get_recent_activities(ref_type => ''planet'')', '22P02', NULL,
	'get_recent_activities(ref_type => ''planet'') is 22P02');
SELECT supporthub.uuid_v7() AS m \gset
SELECT count(*) AS ignored FROM supporthub.get_tickets() \gset
SELECT count(*) AS ignored FROM supporthub.get_ticket_by_id(:'tf') \gset
SELECT count(*) AS ignored FROM supporthub.get_ticket_by_number(:'a0' + 1) \gset
SELECT count(*) AS ignored FROM supporthub.get_recent_activities() \gset
SELECT is(pg_temp.acts(:'ta', :'m'), '{}'::text[], 'reading tickets and the feed writes no activity');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(ARRAY(SELECT action::text FROM supporthub.get_recent_activities(ref_type => 'ticket', ref_id => :'tf')),
		  ARRAY['resolved', 'updated', 'updated', 'escalated', 'assigned', 'created'],
		  'a customer reads the whole feed of their own ticket');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities(ref_id => :'t5')), 0::bigint,
	'a customer reads nothing of another customer''s ticket');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities(page_size => 500) a
			WHERE NOT ((a.ref_type = 'user' AND a.ref_id = :'a_cust1')
					   OR a.ticket_id IN (SELECT id FROM supporthub.tickets WHERE customer_id = :'a_cust1'))), 0::bigint,
	'every row a customer reads is about themself or their own tickets');
SELECT supporthub.act_as(:'b_admin');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities(ref_id => :'tf')), 0::bigint,
	'staff of another tenant read nothing of the ticket');
SELECT is((SELECT count(*) FROM supporthub.get_recent_activities(page_size => 500) WHERE tenant_id <> :'tb'), 0::bigint,
	'staff of another tenant read only their own tenant''s feed');

-- =================================================================== the matrix
-- For every ticket function: admin, agent, customer (own ticket), customer
-- (another customer's ticket), staff of another tenant.
SELECT supporthub.act_as(:'a_admin');
SELECT id AS mo, ticket_number AS mo_num FROM supporthub.create_ticket('Matrix own', 'x', :'a_cat', 'low', :'a_cust1') \gset
SELECT id AS mx FROM supporthub.create_ticket('Matrix other', 'x', :'a_cat', 'low', :'a_cust2') \gset
SELECT id AS md1 FROM supporthub.create_ticket('Matrix delete 1', 'x', :'a_cat', 'low', :'a_cust1') \gset

-- ------------------------------------------------------------ create_ticket
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.create_ticket('M', 'x', :'a_cat', 'low', :'a_cust1')).customer_id, :'a_cust1'::uuid,
	'matrix create_ticket: admin creates for a customer');
SELECT supporthub.act_as(:'a_agent');
SELECT is((supporthub.create_ticket('M', 'x', :'a_cat', 'low', :'a_cust1')).customer_id, :'a_cust1'::uuid,
	'matrix create_ticket: agent creates for a customer');
SELECT supporthub.act_as(:'a_cust1');
SELECT is((supporthub.create_ticket('M', 'x', :'a_cat')).customer_id, :'a_cust1'::uuid,
	'matrix create_ticket: customer creates their own');
SELECT throws_ok(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'M', 'x', :'a_cat', 'low', :'a_cust2'), '42501',
	NULL, 'matrix create_ticket: customer, for another customer, is 42501');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'M', 'x', :'a_cat', 'low', :'b_cust'), 'PT404',
	ARRAY['Category'], 'matrix create_ticket: staff of another tenant, with A''s category, is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_ticket(%L, %L, %L, %L, %L)', 'M', 'x', :'b_cat', 'low', :'a_cust1'), 'PT404',
	ARRAY['Customer'], 'matrix create_ticket: staff of another tenant, for A''s customer, is PT404');

-- ------------------------------------------------------------ get_ticket_by_id
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.get_ticket_by_id(:'mx')).id, :'mx'::uuid, 'matrix get_ticket_by_id: admin reads any ticket');
SELECT supporthub.act_as(:'a_agent');
SELECT is((supporthub.get_ticket_by_id(:'mx')).id, :'mx'::uuid, 'matrix get_ticket_by_id: agent reads any ticket');
SELECT supporthub.act_as(:'a_cust1');
SELECT is((supporthub.get_ticket_by_id(:'mo')).id, :'mo'::uuid, 'matrix get_ticket_by_id: customer reads their own');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', :'mx'), 'PT404', ARRAY['Ticket'],
	'matrix get_ticket_by_id: customer, another customer''s ticket, is PT404');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', :'mo'), 'PT404', ARRAY['Ticket'],
	'matrix get_ticket_by_id: staff of another tenant is PT404');
SELECT supporthub.act_as(:'b_cust');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_ticket_by_id(%L)', :'mo'), 'PT404', ARRAY['Ticket'],
	'matrix get_ticket_by_id: customer of another tenant is PT404');

-- ------------------------------------------------------------ get_tickets
SELECT supporthub.act_as(:'a_admin');
SELECT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500) WHERE id IN (:'mo', :'mx')), 2::bigint,
	'matrix get_tickets: admin lists both customers'' tickets');
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500) WHERE id IN (:'mo', :'mx')), 2::bigint,
	'matrix get_tickets: agent lists both customers'' tickets');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets(page_size => 500) WHERE id IN (:'mo', :'mx')), ARRAY[:'mo']::uuid[],
	'matrix get_tickets: customer lists their own, not the other customer''s');
SELECT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500) WHERE customer_id <> :'a_cust1'), 0::bigint,
	'matrix get_tickets: a customer lists no ticket of anyone else');
SELECT supporthub.act_as(:'b_admin');
SELECT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500) WHERE tenant_id <> :'tb'), 0::bigint,
	'matrix get_tickets: staff of another tenant list none of A''s tickets');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tickets()),
		  pg_temp.and_fixture(ARRAY[:'bt2', (SELECT id FROM supporthub.get_ticket_by_number(:'b0' + 1))]::uuid[]),
	'matrix get_tickets: staff of B list exactly B''s tickets (the fixture''s and the two made here)');

-- ------------------------------------------------------------ update_ticket
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.update_ticket(:'mo', subject => 'By admin')).subject, 'By admin', 'matrix update_ticket: admin');
SELECT supporthub.act_as(:'a_agent');
SELECT is((supporthub.update_ticket(:'mo', subject => 'By agent')).subject, 'By agent', 'matrix update_ticket: agent');
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.update_ticket(%L, subject => %L)', :'mo', 'Mine'), '42501',
	NULL, 'matrix update_ticket: customer, own ticket, is 42501');
SELECT throws_ok(format('SELECT supporthub.update_ticket(%L, subject => %L)', :'mx', 'Mine'), '42501',
	NULL, 'matrix update_ticket: customer, another''s ticket, is 42501 (refused by role first)');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_ticket(%L, subject => %L)', :'mo', 'Theirs'), 'PT404',
	ARRAY['Ticket'], 'matrix update_ticket: staff of another tenant is PT404');

-- ------------------------------------------------------------ assign_agent
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.assign_agent(:'mo', :'a_agent2')).agent_id, :'a_agent2'::uuid, 'matrix assign_agent: admin');
SELECT supporthub.act_as(:'a_agent');
SELECT is((supporthub.assign_agent(:'mo', :'a_agent')).agent_id, :'a_agent'::uuid, 'matrix assign_agent: agent');
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.assign_agent(%L, %L)', :'mo', :'a_agent2'), '42501',
	NULL, 'matrix assign_agent: customer, own ticket, is 42501');
SELECT throws_ok(format('SELECT supporthub.assign_agent(%L, %L)', :'mx', :'a_agent2'), '42501',
	NULL, 'matrix assign_agent: customer, another''s ticket, is 42501 (refused by role first)');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'mo', :'b_agent'), 'PT404',
	ARRAY['Ticket'], 'matrix assign_agent: staff of another tenant, A''s ticket, is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.assign_agent(%L, %L)', :'bt2', :'a_agent'), 'PT404',
	ARRAY['Agent'], 'matrix assign_agent: staff of another tenant, A''s agent, is PT404');

-- ------------------------------------------------------------ escalate
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.escalate(:'mo', :'a_type')).raised_by_user_id, :'a_admin'::uuid, 'matrix escalate: admin');
SELECT supporthub.act_as(:'a_agent');
SELECT is((supporthub.escalate(:'mo', :'a_type')).raised_by_user_id, :'a_agent'::uuid, 'matrix escalate: agent');
SELECT supporthub.act_as(:'a_cust1');
SELECT is((supporthub.escalate(:'mo', :'a_type')).raised_by_user_id, :'a_cust1'::uuid, 'matrix escalate: customer, own ticket');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'mx', :'a_type'), 'PT404', ARRAY['Ticket'],
	'matrix escalate: customer, another''s ticket, is PT404');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'mo', :'b_type'), 'PT404', ARRAY['Ticket'],
	'matrix escalate: staff of another tenant is PT404');
SELECT supporthub.act_as(:'b_cust');
SELECT pg_temp.throws_naming(format('SELECT supporthub.escalate(%L, %L)', :'mo', :'b_type'), 'PT404', ARRAY['Ticket'],
	'matrix escalate: customer of another tenant is PT404');

-- ------------------------------------------------------------ set_ticket_status
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.set_ticket_status(:'mo', 'pending')).status, 'pending'::supporthub.ticket_status, 'matrix set_ticket_status: admin');
SELECT supporthub.act_as(:'a_agent');
SELECT is((supporthub.set_ticket_status(:'mo', 'resolved')).status, 'resolved'::supporthub.ticket_status, 'matrix set_ticket_status: agent');
SELECT supporthub.act_as(:'a_cust1');
SELECT is((supporthub.set_ticket_status(:'mo', 'open')).status, 'open'::supporthub.ticket_status,
	'matrix set_ticket_status: customer reopens their own');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'mx', 'resolved'), 'PT404', ARRAY['Ticket'],
	'matrix set_ticket_status: customer, another''s ticket, is PT404');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_status(%L, %L)', :'mo', 'resolved'), 'PT404', ARRAY['Ticket'],
	'matrix set_ticket_status: staff of another tenant is PT404');

-- ------------------------------------------------------------ delete_ticket
SELECT supporthub.act_as(:'a_admin');
SELECT is((supporthub.delete_ticket(:'md1')).id, :'md1'::uuid, 'matrix delete_ticket: admin');
SELECT supporthub.act_as(:'a_agent');
SELECT throws_ok(format('SELECT supporthub.delete_ticket(%L)', :'mo'), '42501', NULL,
	'matrix delete_ticket: agent is 42501');
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.delete_ticket(%L)', :'mo'), '42501', NULL,
	'matrix delete_ticket: customer, own ticket, is 42501');
SELECT throws_ok(format('SELECT supporthub.delete_ticket(%L)', :'mx'), '42501', NULL,
	'matrix delete_ticket: customer, another''s ticket, is 42501 (refused by role first)');
SELECT supporthub.act_as(:'b_admin');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_ticket(%L)', :'mo'), 'PT404', ARRAY['Ticket'],
	'matrix delete_ticket: admin of another tenant is PT404');
SELECT supporthub.act_as(:'a_admin');
SELECT is((SELECT count(*) FROM supporthub.get_tickets(page_size => 500) WHERE id IN (:'mo', :'mx')), 2::bigint,
	'the refused deletes removed nothing');

-- ------------------------------------------------------------ no actor
SELECT supporthub.reset_actor();
SELECT throws_ok(format('SELECT supporthub.create_ticket(%L, %L, %L)', 'x', 'y', :'a_cat'), '42501',
	NULL, 'no actor: create_ticket is 42501');
SELECT throws_ok(format('SELECT supporthub.get_ticket_by_id(%L)', :'mo'), '42501',
	NULL, 'no actor: get_ticket_by_id is 42501');
SELECT throws_ok(format('SELECT supporthub.assign_agent(%L, %L)', :'mo', :'a_agent'), '42501',
	NULL, 'no actor: assign_agent is 42501');
SELECT throws_ok(format('SELECT supporthub.escalate(%L, %L)', :'mo', :'a_type'), '42501',
	NULL, 'no actor: escalate is 42501');
SELECT throws_ok(format('SELECT supporthub.set_ticket_status(%L, %L)', :'mo', 'resolved'), '42501',
	NULL, 'no actor: set_ticket_status is 42501');
SELECT throws_ok(format('SELECT supporthub.delete_ticket(%L)', :'mo'), '42501',
	NULL, 'no actor: delete_ticket is 42501');

SELECT * FROM finish();
ROLLBACK;
