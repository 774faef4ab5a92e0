-- 04_tenants_users_api: the tenants (platform) and users API — behaviour,
-- the activity they write, and every error by SQLSTATE (and message where
-- no walk-through shows it) (SPEC §3, §5, §7).  Tenants are made here (they
-- are what is tested); the users part works in the shared fixture's tenant
-- A, with its admins, agent and customers.  Runs as sh_app, a non-superuser
-- LOGIN role.
BEGIN;
SELECT plan(142);

\ir setup/helpers.psql
\ir ../fixture/ids.psql
-- rows of the feed the current actor sees
CREATE FUNCTION pg_temp.feed() RETURNS bigint LANGUAGE sql AS
	'SELECT count(*) FROM supporthub.recent_activities';

-- =================================================================== tenants
-- ------------------------------------------------------------ create_tenant
SELECT id AS acme, name AS acme_name FROM supporthub.create_tenant('  Acme  ') \gset
SELECT is(:'acme_name'::text, 'Acme', 'create_tenant trims the name');
SELECT is(substr(:'acme', 15, 1), '7', 'tenant ids are UUID version 7');
SELECT id AS globex FROM supporthub.create_tenant('Globex') \gset
SELECT cmp_ok(:'globex'::uuid, '>', :'acme'::uuid, 'a later tenant has a greater id (time-ordered)');

SELECT throws_ok('SELECT supporthub.create_tenant('' acme '')', '23505', NULL,
	'create_tenant('' acme '') after ''Acme'' is a duplicate');
SELECT throws_ok('SELECT supporthub.create_tenant(''ACME'')', '23505', NULL,
	'create_tenant(''ACME'') after ''Acme'' is a duplicate');
SELECT pg_temp.carries(pg_temp.err('SELECT supporthub.create_tenant('' acme '')')->>'detail', ARRAY['name', 'acme'],
	'the duplicate''s DETAIL names the key');
SELECT is((SELECT (e->>'constraint') || (e->>'table') || (e->>'column') || (e->>'schema')
			 FROM pg_temp.err('SELECT supporthub.create_tenant(''ACME'')') AS e), '',
	'the duplicate error carries no constraint, table, column or schema name');
SELECT unalike(pg_temp.err('SELECT supporthub.create_tenant(''ACME'')')::text, '%tenants_name_key%',
	'no part of the duplicate error shows the index name');
SELECT alike(pg_temp.err('SELECT supporthub.create_tenant(''ACME'')')->>'context', '%while running supporthub.create_tenant%',
	'the error context names the API function');

SELECT pg_temp.throws_naming('SELECT supporthub.create_tenant('''')', '22023', ARRAY['name'], 'create_tenant('''') is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_tenant(''   '')', '22023', ARRAY['name'], 'create_tenant(blank) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_tenant(%L)', E'\t\n '), '22023', ARRAY['name'],
	'create_tenant(tabs and newlines) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_tenant(NULL)', '22023', ARRAY['name'], 'create_tenant(NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_tenant(%L)', repeat('x', 201)), '22023',
	ARRAY['name', '200'], 'create_tenant(201 characters) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_tenant(%L)', repeat('é', 201)), '22023',
	ARRAY['name', '200'], 'create_tenant(201 two-byte characters) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_tenant(%L)', repeat('x', 10 * 1024 * 1024)), '22023',
	ARRAY['name', '200'], 'create_tenant(10 MB name) is 22023');
SELECT is(char_length((supporthub.create_tenant(repeat('x', 200))).name), 200, 'create_tenant(200 characters) is fine');
SELECT is((supporthub.create_tenant(repeat('é', 200))).name, repeat('é', 200),
	'create_tenant(200 two-byte characters) is fine: the limit counts characters');
SELECT is((supporthub.create_tenant('   ' || repeat('y', 200) || '   ')).name, repeat('y', 200),
	'the length is checked after trimming');

-- the feed of a new tenant starts with its creation
SELECT supporthub.act_as_tenant(:'acme');
SELECT is((SELECT row(action, ref_type, ref_id, user_id, changes)::text FROM supporthub.recent_activities),
		  row('created'::supporthub.activity_action, 'tenant'::supporthub.activity_ref_type, :'acme'::uuid,
			  NULL::uuid, '{"name": {"old": null, "new": "Acme"}}'::jsonb)::text,
		  'create_tenant logs one ''created'' activity with the name in the tenant''s feed');
SELECT supporthub.reset_actor();

-- ------------------------------------------------------------ get_tenant_by_id
SELECT is((supporthub.get_tenant_by_id(:'acme')).name, 'Acme', 'get_tenant_by_id returns the tenant');
SELECT pg_temp.throws_naming('SELECT supporthub.get_tenant_by_id(''00000000-0000-7000-8000-000000000000'')', 'PT404',
	ARRAY['Tenant'], 'get_tenant_by_id(unknown) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.get_tenant_by_id(NULL)', '22023', ARRAY['id'],
	'get_tenant_by_id(NULL) is 22023');
SELECT throws_ok('SELECT supporthub.get_tenant_by_id(''nope'')', '22P02', NULL,
	'get_tenant_by_id(malformed uuid) is 22P02');

-- ------------------------------------------------------------ get_tenants
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_tenants(NULL, 0)', '22023', ARRAY['500'],
	'get_tenants(page_size => 0) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_tenants(NULL, 501)', '22023', ARRAY['500'],
	'get_tenants(page_size => 501) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_tenants(NULL, -1)', '22023', ARRAY['500'],
	'get_tenants(page_size => -1) is 22023');
SELECT lives_ok('SELECT * FROM supporthub.get_tenants(NULL, 500)', 'get_tenants(page_size => 500) is fine');
SELECT lives_ok('SELECT * FROM supporthub.get_tenants(NULL, 1)', 'get_tenants(page_size => 1) is fine');

SELECT id AS p1 FROM supporthub.create_tenant('Page 1') \gset
SELECT id AS p2 FROM supporthub.create_tenant('Page 2') \gset
SELECT id AS p3 FROM supporthub.create_tenant('Page 3') \gset
SELECT id AS p4 FROM supporthub.create_tenant('Page 4') \gset
SELECT id AS p5 FROM supporthub.create_tenant('Page 5') \gset
SELECT is(ARRAY(SELECT id FROM supporthub.get_tenants(NULL, 2)), ARRAY[:'p5', :'p4']::uuid[],
	'get_tenants: the first page is the newest two');
SELECT is(ARRAY(SELECT id FROM supporthub.get_tenants(:'p4', 2)), ARRAY[:'p3', :'p2']::uuid[],
	'get_tenants(after => last id of page 1): the next two, no overlap');
SELECT is((SELECT id FROM supporthub.get_tenants(:'p2', 2) LIMIT 1), :'p1'::uuid,
	'get_tenants(after => last id of page 2) starts with the next older tenant');
SELECT is((SELECT count(*) FROM supporthub.get_tenants() WHERE id >= :'acme'), 10::bigint,
	'get_tenants() with the default page size lists all 10 tenants made here');
SELECT is((SELECT count(*) FROM (SELECT id, lag(id) OVER () AS prev FROM supporthub.get_tenants(NULL, 500)) s
			WHERE prev IS NOT NULL AND id >= prev), 0::bigint,
	'get_tenants lists newest first (ids strictly descending)');
SELECT is((SELECT count(*) FROM supporthub.get_tenants(:'acme', 500) WHERE id >= :'acme'), 0::bigint,
	'get_tenants(after => the oldest tenant made here) lists none of them');

-- ------------------------------------------------------------ update_tenant
SELECT is((supporthub.update_tenant(:'acme', '  Acme Corp ')).name, 'Acme Corp', 'update_tenant trims the new name');
SELECT is((supporthub.get_tenant_by_id(:'acme')).name, 'Acme Corp', 'update_tenant renamed the tenant');
SELECT is((supporthub.update_tenant(:'acme', NULL)).name, 'Acme Corp', 'update_tenant(name => NULL) changes nothing');
SELECT is((supporthub.update_tenant(:'acme', 'ACME CORP')).name, 'ACME CORP',
	'update_tenant may change the case of its own name');
SELECT throws_ok(format('SELECT supporthub.update_tenant(%L, %L)', :'acme', ' globex '), '23505',
	NULL, 'update_tenant to another tenant''s name is a duplicate');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_tenant(%L, %L)', :'acme', '  '), '22023',
	ARRAY['name'], 'update_tenant(blank name) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_tenant(%L, %L)', :'acme', repeat('z', 201)), '22023',
	ARRAY['name', '200'], 'update_tenant(201 characters) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.update_tenant(''00000000-0000-7000-8000-000000000000'', ''X'')', 'PT404',
	ARRAY['Tenant'], 'update_tenant(unknown) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.update_tenant(NULL, ''X'')', '22023', ARRAY['id'],
	'update_tenant(NULL) is 22023');
SELECT supporthub.act_as_tenant(:'acme');
SELECT is(ARRAY(SELECT changes FROM supporthub.recent_activities WHERE action = 'updated' ORDER BY id),
		  ARRAY['{"name": {"old": "Acme", "new": "Acme Corp"}}',
				'{"name": {"old": "Acme Corp", "new": "ACME CORP"}}']::jsonb[],
		  'each rename is logged with old and new name; the NULL update logged nothing');
SELECT supporthub.reset_actor();

-- ------------------------------------------------------------ delete_tenant
-- the fixture's tenant B, with everything in it; undone afterwards
SAVEPOINT doomed;
SELECT is((supporthub.delete_tenant(:'b_tenant')).name, 'Globex Corporation', 'delete_tenant returns the deleted tenant');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_tenant_by_id(%L)', :'b_tenant'), 'PT404', ARRAY['Tenant'],
	'the deleted tenant is gone');
SELECT pg_temp.throws_naming(format('SELECT supporthub.act_as_tenant(%L)', :'b_tenant'), 'PT404', ARRAY['Tenant'],
	'a deleted tenant cannot be acted as');
SELECT pg_temp.throws_naming(format('SELECT supporthub.act_as(%L)', :'b_admin'), 'PT404', ARRAY['User'],
	'delete_tenant removed its admin (who has history)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.act_as(%L)', :'b_customer'), 'PT404', ARRAY['User'],
	'delete_tenant removed its customer (who has tickets)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_tenant(%L)', :'b_tenant'), 'PT404', ARRAY['Tenant'],
	'delete_tenant of a deleted tenant is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.delete_tenant(NULL)', '22023', ARRAY['id'], 'delete_tenant(NULL) is 22023');
SELECT lives_ok('SELECT supporthub.create_tenant(''Globex Corporation'')', 'the name of a deleted tenant is free again');
ROLLBACK TO SAVEPOINT doomed;

-- =================================================================== users
-- the fixture's tenant A (ut) and its people; B (vt) is the other tenant
\set ut :a_tenant
\set vt :b_tenant
\set bob :a_admin2
\set carl :a_customer
\set fresh :a_customer2

-- ------------------------------------------------------------ no actor
SELECT throws_ok('SELECT supporthub.create_user(''X'', ''x@x.test'', ''admin'')', '42501',
	NULL, 'create_user without an actor is 42501');
SELECT throws_ok('SELECT * FROM supporthub.get_users()', '42501',
	NULL, 'get_users without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.get_user_by_id(%L)', :'ut'), '42501',
	NULL, 'get_user_by_id without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.update_user(%L, name => %L)', :'ut', 'x'), '42501',
	NULL, 'update_user without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.delete_user(%L)', :'ut'), '42501',
	NULL, 'delete_user without an actor is 42501');

-- ------------------------------------------------------------ create_user
SELECT supporthub.act_as_tenant(:'ut');
SELECT id AS ann, name AS ann_name, email AS ann_email, role AS ann_role, active AS ann_active, tenant_id AS ann_tenant
  FROM supporthub.create_user('  Ann Admin ', '  Ann@Example.COM ', 'admin') \gset
SELECT is(:'ann_name'::text, 'Ann Admin', 'create_user (system actor): name trimmed');
SELECT is(:'ann_email'::text, 'Ann@Example.COM', 'create_user: email trimmed, its case kept');
SELECT is(:'ann_role'::text, 'admin', 'create_user: role as given');
SELECT is(:'ann_active'::boolean, true, 'create_user: a new user is active');
SELECT is(:'ann_tenant'::uuid, :'ut'::uuid, 'create_user: the user belongs to the actor''s tenant');
SELECT is((SELECT row(action, user_id, changes->'email'->>'new', changes->'role'->>'new')::text
			 FROM supporthub.recent_activities WHERE ref_type = 'user' AND ref_id = :'ann'),
		  '(created,,Ann@Example.COM,admin)',
		  'create_user logs ''created'' by the system actor (user_id NULL) with the new values');

SELECT supporthub.act_as(:'ann');
SELECT id AS gus FROM supporthub.create_user('Gus Agent', 'gus@users.test', 'agent') \gset
SELECT is((SELECT user_id FROM supporthub.recent_activities WHERE ref_type = 'user' AND ref_id = :'gus' AND action = 'created'),
		  :'ann'::uuid, 'create_user by an admin logs the admin as the one who acted');
SELECT is((supporthub.get_user_by_id(:'gus')).role, 'agent'::supporthub.user_role, 'get_user_by_id returns the user');

-- argument errors
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(NULL, ''n@users.test'', ''customer'')', '22023', ARRAY['name'],
	'create_user(name => NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user('' '', ''n@users.test'', ''customer'')', '22023', ARRAY['name'],
	'create_user(blank name) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_user(%L, %L, %L)', repeat('n', 201), 'n@users.test', 'customer'), '22023',
	ARRAY['name', '200'], 'create_user(201-character name) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_user(%L, %L, %L)', 'N', repeat('e', 10 * 1024 * 1024) || '@x.test', 'customer'),
	'22023', ARRAY['email', '254'], 'create_user(10 MB email) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', NULL, ''customer'')', '22023', ARRAY['email'],
	'create_user(email => NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', ''  '', ''customer'')', '22023', ARRAY['email'],
	'create_user(blank email) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_user(%L, %L, %L)', 'N', repeat('e', 248) || '@x.test', 'customer'), '22023',
	ARRAY['email', '254'], 'create_user(255-character email) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', ''not-an-email'', ''customer'')', '22023',
	ARRAY['email'], 'create_user(''not-an-email'') is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', ''n@localhost'', ''customer'')', '22023',
	ARRAY['email'], 'create_user(''n@localhost'') is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', ''@users.test'', ''customer'')', '22023',
	ARRAY['email'], 'create_user(''@users.test'') is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', ''n m@users.test'', ''customer'')', '22023',
	ARRAY['email'], 'create_user(email with a space) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', ''n@@users.test'', ''customer'')', '22023',
	ARRAY['email'], 'create_user(email with two @) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', ''n@users..test'', ''customer'')', '22023',
	ARRAY['email'], 'create_user(email with ..) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''N'', ''n@users.test'', NULL)', '22023', ARRAY['role'],
	'create_user(role => NULL) is 22023');
SELECT throws_ok('SELECT supporthub.create_user(''N'', ''n@users.test'', ''boss'')', '22P02', NULL,
	'create_user(role => ''boss'') is 22P02');

-- duplicates: per tenant, ignoring case, surrounding spaces and Unicode look-alike forms
SELECT pg_temp.throws_naming('SELECT supporthub.create_user(''Ann Again'', '' ann@example.com '', ''customer'')', '23505',
	ARRAY['ann@example.com'], 'create_user with an email in use (other case, spaces) is 23505');
SELECT pg_temp.carries(pg_temp.err('SELECT supporthub.create_user(''Ann Again'', ''ANN@EXAMPLE.COM'', ''customer'')')->>'detail',
	ARRAY['email', 'ANN@EXAMPLE.COM'], 'the duplicate''s DETAIL names the key');
SELECT is((SELECT (e->>'constraint') || (e->>'table') || (e->>'column') || (e->>'schema')
			 FROM pg_temp.err('SELECT supporthub.create_user(''Ann Again'', ''ANN@EXAMPLE.COM'', ''customer'')') AS e), '',
	'the duplicate error carries no constraint, table, column or schema name');
SELECT supporthub.act_as_tenant(:'vt');
SELECT id AS vic FROM supporthub.create_user('Ann in Other', 'ann@example.com', 'admin') \gset
SELECT is((supporthub.get_user_by_id(:'vic')).email, 'ann@example.com', 'the same email in another tenant is fine');

-- ------------------------------------------------------------ who may manage users
SELECT supporthub.act_as(:'gus');
SELECT throws_ok('SELECT supporthub.create_user(''N'', ''n@users.test'', ''customer'')', '42501',
	NULL, 'an agent cannot create users');
SELECT throws_ok(format('SELECT supporthub.update_user(%L, name => %L)', :'carl', 'x'), '42501',
	NULL, 'an agent cannot update users');
SELECT throws_ok(format('SELECT supporthub.delete_user(%L)', :'fresh'), '42501',
	NULL, 'an agent cannot delete users');
SELECT is((SELECT count(*) FROM supporthub.get_users(page_size => 500)), (SELECT count(*) FROM supporthub.users),
	'an agent may list every user of the tenant');
SELECT supporthub.act_as(:'carl');
SELECT throws_ok('SELECT supporthub.create_user(''N'', ''n@users.test'', ''customer'')', '42501',
	NULL, 'a customer cannot create users');
SELECT throws_ok(format('SELECT supporthub.update_user(%L, name => %L)', :'carl', 'x'), '42501',
	NULL, 'a customer cannot update even themself');
SELECT throws_ok(format('SELECT supporthub.delete_user(%L)', :'fresh'), '42501',
	NULL, 'a customer cannot delete users');

-- ------------------------------------------------------------ get_user_by_id / get_users
SELECT supporthub.act_as(:'ann');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_user_by_id(%L)', :'vic'), 'PT404', ARRAY['User'],
	'get_user_by_id(user of another tenant) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.get_user_by_id(''00000000-0000-7000-8000-000000000000'')', 'PT404', ARRAY['User'],
	'get_user_by_id(unknown) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.get_user_by_id(NULL)', '22023', ARRAY['id'], 'get_user_by_id(NULL) is 22023');
SELECT is(ARRAY(SELECT id FROM supporthub.get_users(role => 'customer')),
		  ARRAY(SELECT id FROM supporthub.users WHERE role = 'customer' ORDER BY id DESC),
	'get_users(role => customer): the customers, newest first');
SELECT is(ARRAY(SELECT id FROM supporthub.get_users(NULL, NULL, 2)),
		  ARRAY(SELECT id FROM supporthub.users ORDER BY id DESC LIMIT 2),
	'get_users(page_size => 2): the newest two');
SELECT is(ARRAY(SELECT id FROM supporthub.get_users(NULL, :'carl', 2)),
		  ARRAY(SELECT id FROM supporthub.users WHERE id < :'carl' ORDER BY id DESC LIMIT 2),
	'get_users(after => carl, page_size => 2): the next two');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_users(NULL, NULL, 0)', '22023', ARRAY['500'],
	'get_users(page_size => 0) is 22023');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_users(NULL, NULL, 501)', '22023', ARRAY['500'],
	'get_users(page_size => 501) is 22023');

-- ------------------------------------------------------------ update_user
SELECT pg_temp.feed() AS feed0 \gset
SELECT is((SELECT row(name, email, role, active)::text FROM supporthub.update_user(:'carl')),
		  '("客户 一",one@customer.test,customer,t)', 'update_user(id) with every field NULL changes nothing');
SELECT is(pg_temp.feed(), :'feed0'::bigint, '... and logs nothing');
SELECT is((SELECT row(name, email, role, active)::text
			 FROM supporthub.update_user(:'carl', name => ' Carl Renamed ')),
		  '("Carl Renamed",one@customer.test,customer,t)', 'update_user(name => ...) changes the name only (trimmed)');
SELECT is(pg_temp.feed(), :'feed0'::bigint + 1, 'the change wrote exactly one activity');
SELECT is((SELECT row(action, ref_type, ref_id, user_id, changes)::text FROM supporthub.recent_activities
			ORDER BY id DESC LIMIT 1),
		  row('updated'::supporthub.activity_action, 'user'::supporthub.activity_ref_type, :'carl'::uuid, :'ann'::uuid,
			  '{"name": {"old": "客户 一", "new": "Carl Renamed"}}'::jsonb)::text,
		  'the activity: ''updated'', by the admin, changes {name: {old, new}}');
SELECT is((supporthub.update_user(:'carl', name => 'Carl Renamed', email => '  one@customer.test  ', role => 'customer',
								  active => true)).name, 'Carl Renamed',
	'update_user with the current values (email with spaces) ...');
SELECT is(pg_temp.feed(), :'feed0'::bigint + 1, '... changes nothing and logs nothing');
SELECT id AS ignored FROM supporthub.update_user(:'fresh', email => 'Fresh@Users.test', role => 'agent') \gset
SELECT is((SELECT changes FROM supporthub.recent_activities ORDER BY id DESC LIMIT 1),
		  '{"email": {"old": "two@customer.test", "new": "Fresh@Users.test"}, "role": {"old": "customer", "new": "agent"}}'::jsonb,
		  'a change of two fields logs both, and only those');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_user(%L, email => %L)', :'carl', ' ADMIN2@t1.test'), '23505',
	ARRAY['ADMIN2@t1.test'], 'update_user to an email in use is 23505');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_user(%L, email => %L)', :'carl', 'carl-at-users.test'), '22023',
	ARRAY['email'], 'update_user(bad email) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_user(%L, name => %L)', :'carl', ''), '22023',
	ARRAY['name'], 'update_user(empty name) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_user(%L, name => %L)', :'vic', 'x'), 'PT404', ARRAY['User'],
	'update_user(user of another tenant) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.update_user(NULL, name => ''x'')', '22023', ARRAY['id'],
	'update_user(NULL) is 22023');

-- admins cannot lock themselves out
SELECT throws_ok(format('SELECT supporthub.update_user(%L, active => false)', :'ann'), 'PT409',
	NULL, 'an admin deactivating themself is PT409');
SELECT throws_ok(format('SELECT supporthub.update_user(%L, role => %L)', :'ann', 'agent'), 'PT409',
	NULL, 'an admin demoting themself to agent is PT409');
SELECT throws_ok(format('SELECT supporthub.update_user(%L, role => %L)', :'ann', 'customer'), 'PT409',
	NULL, 'an admin demoting themself to customer is PT409');
SELECT throws_ok(format('SELECT supporthub.delete_user(%L)', :'ann'), 'PT409',
	NULL, 'an admin deleting themself is PT409');
SELECT is((supporthub.update_user(:'ann', name => 'Ann A. Admin')).name, 'Ann A. Admin', 'an admin may rename themself');

-- deactivation: the user can no longer act, and gives back open tickets
\set cat :a_billing
SELECT supporthub.act_as(:'carl');
SELECT id AS tk FROM supporthub.create_ticket('Help', 'please', :'cat') \gset
SELECT supporthub.act_as(:'ann');
SELECT is((supporthub.assign_agent(:'tk', :'gus')).agent_id, :'gus'::uuid, 'the ticket is assigned to the agent');
SELECT is((supporthub.update_user(:'gus', active => false)).active, false, 'an admin deactivates the agent');
SELECT is((supporthub.get_ticket_by_id(:'tk')).agent_id, NULL, 'deactivating the agent unassigned their open ticket');
SELECT is((SELECT changes FROM supporthub.recent_activities WHERE ref_id = :'tk' AND action = 'assigned' ORDER BY id DESC LIMIT 1),
		  jsonb_build_object('agent_id', jsonb_build_object('old', :'gus', 'new', NULL)),
		  'the unassignment is logged: agent_id {old: the agent, new: null}');
SELECT throws_ok(format('SELECT supporthub.act_as(%L)', :'gus'), '42501', NULL,
	'a deactivated user cannot act_as');
SELECT throws_ok(format('SELECT supporthub.assign_agent(%L, %L)', :'tk', :'gus'), 'PT409', NULL,
	'a deactivated agent cannot be assigned');
SELECT is((supporthub.update_user(:'gus', active => true)).active, true, 'an admin reactivates the agent');
SELECT lives_ok(format('SELECT supporthub.act_as(%L)', :'gus'), 'a reactivated user can act again');
SELECT supporthub.act_as(:'ann');
SELECT is((supporthub.assign_agent(:'tk', :'gus')).agent_id, :'gus'::uuid, 'the ticket is assigned to the agent again');
SELECT is((supporthub.update_user(:'gus', role => 'customer')).role, 'customer'::supporthub.user_role,
	'an admin makes the agent a customer');
SELECT is((supporthub.get_ticket_by_id(:'tk')).agent_id, NULL, 'making the agent a customer unassigned their open ticket');
SELECT supporthub.act_as_tenant(:'ut');
SELECT lives_ok(format('SELECT supporthub.update_user(%L, active => false)', :'ann'), 'the system actor may deactivate an admin');
SELECT throws_ok(format('SELECT supporthub.act_as(%L)', :'ann'), '42501', NULL,
	'the deactivated admin cannot act');
SELECT lives_ok(format('SELECT supporthub.update_user(%L, active => true)', :'ann'), 'the system actor reactivates the admin');

-- ------------------------------------------------------------ delete_user
SELECT supporthub.act_as(:'ann');
-- Bob, an admin, creates one user: one activity names him
SELECT supporthub.act_as(:'bob');
SELECT id AS made_by_bob FROM supporthub.create_user('Made By Bob', 'made@users.test', 'customer') \gset
SELECT supporthub.act_as(:'ann');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_user(%L)', :'bob'), '23503',
	ARRAY['User', 'Second Admin', '1 activity'], 'delete_user of a user with history is 23503, saying what uses them');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_user(%L)', :'carl'), '23503',
	ARRAY['User', 'Carl Renamed',
		  (SELECT count(*) FROM supporthub.tickets WHERE customer_id = :'carl') || ' tickets as customer'],
	'delete_user of a customer with a ticket says so');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_user(%L)', :'vic'), 'PT404', ARRAY['User'],
	'delete_user(user of another tenant) is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.delete_user(NULL)', '22023', ARRAY['id'], 'delete_user(NULL) is 22023');
SELECT is((supporthub.delete_user(:'made_by_bob')).name, 'Made By Bob', 'delete_user of a fresh user returns the deleted row');
SELECT is((SELECT row(action, user_id, changes->'name'->>'old', changes->'name'->'new')::text
			 FROM supporthub.recent_activities WHERE ref_type = 'user' AND ref_id = :'made_by_bob' ORDER BY id DESC LIMIT 1),
		  row('deleted'::supporthub.activity_action, :'ann'::uuid, 'Made By Bob', 'null'::jsonb)::text,
		  'the deletion is logged: ''deleted'' by the admin, with the old values');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_user_by_id(%L)', :'made_by_bob'), 'PT404', ARRAY['User'],
	'the deleted user is gone');
SELECT pg_temp.throws_naming(format('SELECT supporthub.act_as(%L)', :'made_by_bob'), 'PT404', ARRAY['User'],
	'the deleted user cannot act');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_user(%L)', :'made_by_bob'), 'PT404', ARRAY['User'],
	'deleting it again is PT404');
SELECT lives_ok('SELECT supporthub.create_user(''Made Again'', ''MADE@users.test'', ''customer'')',
	'the email of a deleted user is free again');

SELECT * FROM finish();
ROLLBACK;
