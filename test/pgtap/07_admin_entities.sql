-- 07_admin_entities: what a tenant admin manages before tickets flow —
-- categories, escalation types and reply templates (SPEC §3 uniqueness,
-- §4 who may do what, §5 API, §7 errors): every error by SQLSTATE and exact
-- message where no walk-through shows it, uniqueness per tenant ignoring
-- case, surrounding spaces and Unicode look-alike forms, who may read and
-- write, the other tenant's rows never visible, and the one activity row
-- each change writes; by the shared fixture's people.  Runs as sh_app, a
-- non-superuser LOGIN role.
BEGIN;
SELECT plan(274);

-- ------------------------------------------------------------ helpers
\ir setup/helpers.psql
-- number of activity rows about one object (as the current actor sees them)
CREATE FUNCTION pg_temp.n(ref uuid) RETURNS bigint LANGUAGE sql AS $$
	SELECT count(*) FROM supporthub.recent_activities WHERE ref_id = $1
$$;
-- the newest activity row about one object: {action, ref_type, user_id, changes}
CREATE FUNCTION pg_temp.last(ref uuid) RETURNS jsonb LANGUAGE sql AS $$
	SELECT jsonb_build_object('action', action, 'ref_type', ref_type, 'user_id', user_id, 'changes', changes)
	  FROM supporthub.recent_activities WHERE ref_id = $1 ORDER BY id DESC LIMIT 1
$$;
-- what the last activity should be
CREATE FUNCTION pg_temp.act(action text, ref_type text, user_id text, changes jsonb) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_build_object('action', action, 'ref_type', ref_type, 'user_id', user_id, 'changes', changes)
$$;

-- every row of a kind (a table) the fixture made in the actor's tenant and
-- still there, with those made here: newest first, as a list returns them
CREATE FUNCTION pg_temp.plus_fixture(kind text, made_here uuid[]) RETURNS uuid[] LANGUAGE plpgsql AS $$
DECLARE
	r uuid[];
BEGIN
	EXECUTE format('SELECT ARRAY(SELECT x.id FROM (SELECT f.id FROM public.fixture f JOIN supporthub.%I t ON t.id = f.id'
				   ' WHERE f.kind = $1 UNION ALL SELECT unnest($2)) x ORDER BY x.id DESC)', kind)
	   INTO r USING kind, made_here;
	RETURN r;
END
$$;

-- ------------------------------------------------------------ fixture
-- The shared fixture's tenants A and B: their admins, agent and customers
-- act here; the categories, escalation types and templates tested are made
-- here (the fixture's own show up in the lists too).
\ir ../fixture/ids.psql
\set ta :a_tenant
\set tb :b_tenant
\set ada :a_admin
\set agnes :a_agent
\set cora :a_customer
\set bea :b_admin
\set bob :b_customer

-- =================================================================== no actor
SELECT throws_ok('SELECT supporthub.create_category(''X'')', '42501',
	NULL, 'create_category without an actor is 42501');
SELECT throws_ok('SELECT * FROM supporthub.get_categories()', '42501',
	NULL, 'get_categories without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.get_category_by_id(%L)', :'ta'), '42501',
	NULL, 'get_category_by_id without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.update_category(%L, %L)', :'ta', 'X'), '42501',
	NULL, 'update_category without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.delete_category(%L)', :'ta'), '42501',
	NULL, 'delete_category without an actor is 42501');
SELECT throws_ok('SELECT supporthub.create_escalation_type(''X'')', '42501',
	NULL, 'create_escalation_type without an actor is 42501');
SELECT throws_ok('SELECT * FROM supporthub.get_escalation_types()', '42501',
	NULL, 'get_escalation_types without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.get_escalation_type_by_id(%L)', :'ta'), '42501',
	NULL, 'get_escalation_type_by_id without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.update_escalation_type(%L, %L)', :'ta', 'X'), '42501',
	NULL, 'update_escalation_type without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.delete_escalation_type(%L)', :'ta'), '42501',
	NULL, 'delete_escalation_type without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'ta', 'T', 'B', 'email'), '42501',
	NULL, 'create_template without an actor is 42501');
SELECT throws_ok('SELECT * FROM supporthub.get_templates()', '42501',
	NULL, 'get_templates without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.get_template_by_id(%L)', :'ta'), '42501',
	NULL, 'get_template_by_id without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.update_template(%L, %L)', :'ta', 'T'), '42501',
	NULL, 'update_template without an actor is 42501');
SELECT throws_ok(format('SELECT supporthub.delete_template(%L)', :'ta'), '42501',
	NULL, 'delete_template without an actor is 42501');

-- =================================================================== categories
SELECT supporthub.act_as(:'ada');

-- ------------------------------------------------------------ create_category
SELECT id AS billing, name AS billing_name, description AS billing_desc, tenant_id AS billing_tenant
  FROM supporthub.create_category('  Invoices ', 'Invoices and refunds') \gset
SELECT is(:'billing_name'::text, 'Invoices', 'create_category trims the name');
SELECT is(:'billing_desc'::text, 'Invoices and refunds', 'create_category keeps the description');
SELECT is(:'billing_tenant'::uuid, :'ta'::uuid, 'the category belongs to the actor''s tenant');
SELECT is((SELECT name FROM supporthub.categories WHERE id = :'billing'), 'Invoices',
	'the name is stored trimmed (direct SELECT)');
SELECT is(pg_temp.n(:'billing'), 1::bigint, 'create_category writes exactly one activity');
SELECT is(pg_temp.last(:'billing'),
		  pg_temp.act('created', 'category', :'ada',
					  '{"name": {"old": null, "new": "Invoices"}, "description": {"old": null, "new": "Invoices and refunds"}}'),
		  'the activity: ''created'' category by the admin, with the new values');
SELECT id AS shipping, description IS NULL AS shipping_desc_null FROM supporthub.create_category('Shipping') \gset
SELECT is(:'shipping_desc_null'::boolean, true, 'create_category without a description leaves it NULL');
SELECT is(pg_temp.last(:'shipping')->'changes', '{"name": {"old": null, "new": "Shipping"}}'::jsonb,
	'... and logs only the name');

-- duplicates: per tenant, ignoring case, surrounding spaces and Unicode look-alike forms
SELECT pg_temp.throws_naming('SELECT supporthub.create_category(''Invoices'')', '23505',
	ARRAY['Invoices'], 'create_category(''Invoices'') twice is 23505');
SELECT pg_temp.throws_naming('SELECT supporthub.create_category('' invoices '')', '23505',
	ARRAY['invoices'], 'create_category('' invoices '') after ''Invoices'' is 23505');
SELECT pg_temp.throws_naming('SELECT supporthub.create_category(''INVOICES'')', '23505',
	ARRAY['INVOICES'], 'create_category(''INVOICES'') after ''Invoices'' is 23505');
SELECT id AS cafe FROM supporthub.create_category('Café') \gset
SELECT pg_temp.throws_naming('SELECT supporthub.create_category('' CAFÉ'')', '23505',
	ARRAY['CAFÉ'], 'case is ignored beyond ASCII too: '' CAFÉ'' after ''Café'' is 23505');
SELECT is((supporthub.delete_category(:'cafe')).name, 'Café', '(a new, unused category can be deleted at once)');
SELECT pg_temp.carries(pg_temp.err('SELECT supporthub.create_category('' invoices '')')->>'detail',
	ARRAY['name', 'invoices'], 'the duplicate''s DETAIL names the key');
SELECT pg_temp.carries(pg_temp.err('SELECT supporthub.create_category('' invoices '')')->>'hint',
	'{}'::text[], 'the duplicate''s HINT explains the rule');
SELECT is((SELECT (e->>'constraint') || (e->>'table') || (e->>'column') || (e->>'schema')
			 FROM pg_temp.err('SELECT supporthub.create_category(''INVOICES'')') AS e), '',
	'the duplicate error names no constraint, table, column or schema');

-- arguments
SELECT pg_temp.throws_naming('SELECT supporthub.create_category(NULL)', '22023', ARRAY['name'],
	'create_category(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_category(NULL, ''d'')', '22023', ARRAY['name'],
	'create_category(NULL, description) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_category('''')', '22023', ARRAY['name'],
	'create_category('''') is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_category(''   '')', '22023', ARRAY['name'],
	'create_category(blank) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_category(%L)', E'\t\n '), '22023', ARRAY['name'],
	'create_category(tabs and newlines) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_category(%L)', repeat('n', 201)), '22023',
	ARRAY['name', '200'], 'create_category(201-character name) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_category(%L)', repeat('é', 201)), '22023',
	ARRAY['name', '200'], 'create_category(201 two-byte characters) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_category(%L, %L)', 'Long', repeat('d', 2001)), '22023',
	ARRAY['description', '2000'], 'create_category(2001-character description) is 22023');
SELECT id AS longcat, name AS longcat_name, description AS longcat_desc
  FROM supporthub.create_category('  ' || repeat('é', 200) || ' ', repeat('d', 2000)) \gset
SELECT is(:'longcat_name'::text, repeat('é', 200), 'a 200-character name (trimmed first, counted in characters) is fine');
SELECT is(char_length(:'longcat_desc'::text), 2000, 'a 2000-character description is fine');

-- ------------------------------------------------------------ get_categories / get_category_by_id
SELECT is(ARRAY(SELECT id FROM supporthub.get_categories()), pg_temp.plus_fixture('categories', ARRAY[:'longcat', :'shipping', :'billing']::uuid[]),
	'get_categories: all categories of the tenant, newest first');
SELECT is((supporthub.get_category_by_id(:'billing')).name, 'Invoices', 'get_category_by_id returns the category');
SELECT pg_temp.throws_naming('SELECT supporthub.get_category_by_id(NULL)', '22023', ARRAY['id'],
	'get_category_by_id(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.get_category_by_id(''00000000-0000-7000-8000-000000000000'')', 'PT404',
	ARRAY['Category'], 'get_category_by_id(unknown) is PT404');
SELECT throws_ok('SELECT supporthub.get_category_by_id(''nope'')', '22P02', NULL,
	'get_category_by_id(malformed uuid) is 22P02');

-- ------------------------------------------------------------ update_category
SELECT is((SELECT row(name, description)::text FROM supporthub.update_category(:'shipping')),
	'(Shipping,)', 'update_category(id) with every field NULL changes nothing');
SELECT is((SELECT row(name, description)::text FROM supporthub.update_category(:'shipping', NULL, NULL)),
	'(Shipping,)', 'update_category(id, NULL, NULL) changes nothing');
SELECT is(pg_temp.n(:'shipping'), 1::bigint, '... and logs nothing');
SELECT is((SELECT row(name, description)::text FROM supporthub.update_category(:'shipping', description => 'Parcels')),
	'(Shipping,Parcels)', 'update_category(description => ...) sets the description only');
SELECT is(pg_temp.n(:'shipping'), 2::bigint, 'the change wrote exactly one activity');
SELECT is(pg_temp.last(:'shipping'),
		  pg_temp.act('updated', 'category', :'ada', '{"description": {"old": null, "new": "Parcels"}}'),
		  'the activity: ''updated'' with description {old: null, new}');
SELECT is((supporthub.update_category(:'shipping', ' Shipping ', '  Parcels ')).name, 'Shipping',
	'update_category with the current values (with spaces) ...');
SELECT is(pg_temp.n(:'shipping'), 2::bigint, '... changes nothing and logs nothing');
SELECT is((SELECT description FROM supporthub.update_category(:'shipping', description => '')), '',
	'update_category(description => '''') clears the description to ''''');
SELECT is((SELECT description FROM supporthub.categories WHERE id = :'shipping'), '',
	'... stored as ''''');
SELECT is(pg_temp.last(:'shipping'),
		  pg_temp.act('updated', 'category', :'ada', '{"description": {"old": "Parcels", "new": ""}}'),
		  'clearing the description is logged {old: "Parcels", new: ""}');
SELECT is(pg_temp.n(:'shipping'), 3::bigint, '... as exactly one activity');
SELECT is((SELECT row(name, description)::text
			 FROM supporthub.update_category(:'shipping', '  Freight ', 'Parcels and pallets')),
	'(Freight,"Parcels and pallets")', 'update_category changes name (trimmed) and description together');
SELECT is(pg_temp.n(:'shipping'), 4::bigint, 'a change of two fields writes one activity');
SELECT is(pg_temp.last(:'shipping')->'changes',
		  '{"name": {"old": "Shipping", "new": "Freight"}, "description": {"old": "", "new": "Parcels and pallets"}}'::jsonb,
		  '... carrying both fields, old and new');
SELECT is((SELECT name FROM supporthub.categories WHERE id = :'shipping'), 'Freight', 'the new name is stored trimmed');
SELECT is((supporthub.update_category(:'billing', 'INVOICES')).name, 'INVOICES',
	'update_category may change the case of its own name');
SELECT is((supporthub.update_category(:'billing', 'Invoices')).name, 'Invoices', '... and back');
SELECT is(pg_temp.n(:'billing'), 3::bigint, 'each case change was logged once');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, %L)', :'shipping', ' invoices '), '23505',
	ARRAY['invoices'], 'update_category to a name in use (other case, spaces) is 23505');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, %L)', :'shipping', 'INVOICES'), '23505',
	ARRAY['INVOICES'], 'update_category to ''INVOICES'' is 23505');
SELECT is(pg_temp.n(:'shipping'), 4::bigint, 'a refused update logs nothing');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, %L)', :'shipping', ''), '22023',
	ARRAY['name'], 'update_category(name => '''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, %L)', :'shipping', '   '), '22023',
	ARRAY['name'], 'update_category(blank name) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, %L)', :'shipping', repeat('n', 201)), '22023',
	ARRAY['name', '200'], 'update_category(201-character name) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, description => %L)', :'shipping', repeat('d', 2001)),
	'22023', ARRAY['description', '2000'], 'update_category(2001-character description) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.update_category(NULL, ''X'')', '22023', ARRAY['id'],
	'update_category(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.update_category(''00000000-0000-7000-8000-000000000000'', ''X'')', 'PT404',
	ARRAY['Category'], 'update_category(unknown) is PT404');
SELECT is((supporthub.get_category_by_id(:'shipping')).name, 'Freight', 'the refused updates left the category as it was');

-- =================================================================== escalation types
-- ------------------------------------------------------------ create_escalation_type
SELECT id AS manager, label AS manager_label, tenant_id AS manager_tenant
  FROM supporthub.create_escalation_type(' Supervisor review  ') \gset
SELECT is(:'manager_label'::text, 'Supervisor review', 'create_escalation_type trims the label');
SELECT is(:'manager_tenant'::uuid, :'ta'::uuid, 'the escalation type belongs to the actor''s tenant');
SELECT is((SELECT label FROM supporthub.escalation_types WHERE id = :'manager'), 'Supervisor review',
	'the label is stored trimmed (direct SELECT)');
SELECT is(pg_temp.n(:'manager'), 1::bigint, 'create_escalation_type writes exactly one activity');
SELECT is(pg_temp.last(:'manager'),
		  pg_temp.act('created', 'escalation_type', :'ada', '{"label": {"old": null, "new": "Supervisor review"}}'),
		  'the activity: ''created'' escalation_type by the admin, with the label');
SELECT id AS legal FROM supporthub.create_escalation_type('Compliance') \gset

SELECT pg_temp.throws_naming('SELECT supporthub.create_escalation_type(''Supervisor review'')', '23505',
	ARRAY['Supervisor review'], 'create_escalation_type twice is 23505');
SELECT pg_temp.throws_naming('SELECT supporthub.create_escalation_type(''SUPERVISOR REVIEW '')', '23505',
	ARRAY['SUPERVISOR REVIEW'], 'a label in use in another case is 23505');
SELECT pg_temp.throws_naming('SELECT supporthub.create_escalation_type(''  supervisor review'')', '23505',
	ARRAY['supervisor review'], 'a label in use with spaces is 23505');
SELECT pg_temp.carries(pg_temp.err('SELECT supporthub.create_escalation_type(''SUPERVISOR REVIEW'')')->>'detail',
	ARRAY['label', 'SUPERVISOR REVIEW'], 'the duplicate''s DETAIL names the key');
SELECT pg_temp.throws_naming('SELECT supporthub.create_escalation_type(NULL)', '22023', ARRAY['label'],
	'create_escalation_type(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_escalation_type('''')', '22023', ARRAY['label'],
	'create_escalation_type('''') is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.create_escalation_type(''   '')', '22023', ARRAY['label'],
	'create_escalation_type(blank) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_escalation_type(%L)', repeat('l', 101)), '22023',
	ARRAY['label', '100'], 'create_escalation_type(101-character label) is 22023');
SELECT id AS longtype, label AS longtype_label FROM supporthub.create_escalation_type(repeat('l', 100)) \gset
SELECT is(char_length(:'longtype_label'::text), 100, 'a 100-character label is fine');

-- ------------------------------------------------------------ get_escalation_types / _by_id
SELECT is(ARRAY(SELECT id FROM supporthub.get_escalation_types()), pg_temp.plus_fixture('escalation_types', ARRAY[:'longtype', :'legal', :'manager']::uuid[]),
	'get_escalation_types: all of the tenant, newest first');
SELECT is((supporthub.get_escalation_type_by_id(:'legal')).label, 'Compliance', 'get_escalation_type_by_id returns it');
SELECT pg_temp.throws_naming('SELECT supporthub.get_escalation_type_by_id(NULL)', '22023', ARRAY['id'],
	'get_escalation_type_by_id(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.get_escalation_type_by_id(''00000000-0000-7000-8000-000000000000'')', 'PT404',
	ARRAY['Escalation type'], 'get_escalation_type_by_id(unknown) is PT404');

-- ------------------------------------------------------------ update_escalation_type
SELECT is((supporthub.update_escalation_type(:'manager', NULL)).label, 'Supervisor review',
	'update_escalation_type(id, NULL) changes nothing');
SELECT is((supporthub.update_escalation_type(:'manager', '  Supervisor review ')).label, 'Supervisor review',
	'update_escalation_type to the current label (with spaces) changes nothing');
SELECT is(pg_temp.n(:'manager'), 1::bigint, '... and neither logs anything');
SELECT is((supporthub.update_escalation_type(:'manager', ' Supervisor approval ')).label, 'Supervisor approval',
	'update_escalation_type relabels (trimmed)');
SELECT is(pg_temp.n(:'manager'), 2::bigint, 'the relabel wrote exactly one activity');
SELECT is(pg_temp.last(:'manager'),
		  pg_temp.act('updated', 'escalation_type', :'ada',
					  '{"label": {"old": "Supervisor review", "new": "Supervisor approval"}}'),
		  'the activity: ''updated'' with label {old, new}');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_escalation_type(%L, %L)', :'legal', ' supervisor APPROVAL'), '23505',
	ARRAY['supervisor APPROVAL'], 'update_escalation_type to a label in use is 23505');
SELECT is(pg_temp.n(:'legal'), 1::bigint, 'the refused relabel logs nothing');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_escalation_type(%L, %L)', :'legal', ''), '22023',
	ARRAY['label'], 'update_escalation_type(label => '''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_escalation_type(%L, %L)', :'legal', repeat('l', 101)), '22023',
	ARRAY['label', '100'], 'update_escalation_type(101-character label) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.update_escalation_type(NULL, ''X'')', '22023', ARRAY['id'],
	'update_escalation_type(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.update_escalation_type(''00000000-0000-7000-8000-000000000000'', ''X'')', 'PT404',
	ARRAY['Escalation type'], 'update_escalation_type(unknown) is PT404');

-- =================================================================== templates
-- ------------------------------------------------------------ create_template
SELECT id AS refund, title AS refund_title, category_id AS refund_cat, body AS refund_body, type AS refund_type,
	   tenant_id AS refund_tenant
  FROM supporthub.create_template(:'billing', ' Refund issued  ', 'Your refund is on its way.', 'email') \gset
SELECT is(:'refund_title'::text, 'Refund issued', 'create_template trims the title');
SELECT is(:'refund_cat'::uuid, :'billing'::uuid, 'create_template files it under the category');
SELECT is(row(:'refund_body'::text, :'refund_type'::text)::text, '("Your refund is on its way.",email)',
	'create_template keeps body and type');
SELECT is(:'refund_tenant'::uuid, :'ta'::uuid, 'the template belongs to the actor''s tenant');
SELECT is((SELECT title FROM supporthub.templates WHERE id = :'refund'), 'Refund issued',
	'the title is stored trimmed (direct SELECT)');
SELECT is(pg_temp.n(:'refund'), 1::bigint, 'create_template writes exactly one activity');
SELECT is(pg_temp.last(:'refund'),
		  pg_temp.act('created', 'template', :'ada',
					  jsonb_build_object('category_id', jsonb_build_object('old', NULL, 'new', :'billing'),
										 'title', '{"old": null, "new": "Refund issued"}'::jsonb,
										 'body', '{"old": null, "new": "Your refund is on its way."}'::jsonb,
										 'type', '{"old": null, "new": "email"}'::jsonb)),
		  'the activity: ''created'' template with category, title, body and type');
SELECT id AS delay FROM supporthub.create_template(:'billing', 'Delay notice', 'Sorry for the delay.', 'sms') \gset

-- the title is unique within its category only
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'Refund issued', 'Again', 'sms'),
	'23505', ARRAY['Refund issued'],
	'create_template with a title in use in the category is 23505');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', ' refund ISSUED', 'Again', 'push'),
	'23505', ARRAY['refund ISSUED'],
	'... also in another case and with spaces');
SELECT pg_temp.carries(pg_temp.err(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'REFUND ISSUED', 'B', 'sms'))->>'detail',
	ARRAY['title', 'REFUND ISSUED'], 'the duplicate''s DETAIL names the key');
SELECT is((SELECT (e->>'constraint') || (e->>'table') || (e->>'column') || (e->>'schema')
			 FROM pg_temp.err(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'REFUND ISSUED', 'B', 'sms')) AS e),
	'', 'the duplicate error names no constraint, table, column or schema');
SELECT id AS refund2, title AS refund2_title
  FROM supporthub.create_template(:'shipping', 'refund issued', 'Same title, other category', 'push') \gset
SELECT is(:'refund2_title'::text, 'refund issued', 'the same title in another category is fine');

-- arguments
SELECT pg_temp.throws_naming('SELECT supporthub.create_template(NULL, ''T'', ''B'', ''email'')', '22023',
	ARRAY['category_id'], 'create_template(category_id => NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, NULL, %L, %L)', :'billing', 'B', 'email'), '22023',
	ARRAY['title'], 'create_template(title => NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, NULL, %L)', :'billing', 'T', 'email'), '22023',
	ARRAY['body'], 'create_template(body => NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, NULL)', :'billing', 'T', 'B'), '22023',
	ARRAY['type'], 'create_template(type => NULL) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', '', 'B', 'email'), '22023',
	ARRAY['title'], 'create_template(title => '''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', '   ', 'B', 'email'), '22023',
	ARRAY['title'], 'create_template(blank title) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'T', '', 'email'), '22023',
	ARRAY['body'], 'create_template(body => '''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'T', E' \n ', 'email'), '22023',
	ARRAY['body'], 'create_template(blank body) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', repeat('t', 201), 'B', 'email'),
	'22023', ARRAY['title', '200'], 'create_template(201-character title) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'T', repeat('b', 100001), 'email'),
	'22023', ARRAY['body', '100000'], 'create_template(100001-character body) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'T', repeat('b', 10 * 1024 * 1024), 'email'),
	'22023', ARRAY['body', '100000'], 'create_template(10 MB body) is 22023');
SELECT throws_ok(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'T', 'B', 'fax'),
	'22P02', NULL, 'create_template(type => ''fax'') is 22P02');
SELECT pg_temp.throws_naming('SELECT supporthub.create_template(''00000000-0000-7000-8000-000000000000'', ''T'', ''B'', ''email'')',
	'PT404', ARRAY['Category'], 'create_template in an unknown category is PT404');
SELECT id AS longtpl, title AS longtpl_title, body AS longtpl_body
  FROM supporthub.create_template(:'shipping', repeat('t', 200), repeat('b', 100000), 'email') \gset
SELECT is(row(char_length(:'longtpl_title'::text), char_length(:'longtpl_body'::text))::text, '(200,100000)',
	'a 200-character title and a 100000-character body are fine');

-- ------------------------------------------------------------ get_templates / get_template_by_id
SELECT is(ARRAY(SELECT id FROM supporthub.get_templates()), pg_temp.plus_fixture('templates', ARRAY[:'longtpl', :'refund2', :'delay', :'refund']::uuid[]),
	'get_templates(): all templates of the tenant, newest first');
SELECT is(ARRAY(SELECT id FROM supporthub.get_templates(:'billing')), ARRAY[:'delay', :'refund']::uuid[],
	'get_templates(category) lists that category''s templates only');
SELECT is(ARRAY(SELECT id FROM supporthub.get_templates(category_id => :'shipping')), ARRAY[:'longtpl', :'refund2']::uuid[],
	'get_templates(category_id => another) lists that one''s');
SELECT is(ARRAY(SELECT id FROM supporthub.get_templates(:'longcat')), '{}'::uuid[],
	'get_templates(category without templates) is empty');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.get_templates(''00000000-0000-7000-8000-000000000000'')', 'PT404',
	ARRAY['Category'], 'get_templates(unknown category) is PT404');
SELECT is((supporthub.get_template_by_id(:'delay')).title, 'Delay notice', 'get_template_by_id returns the template');
SELECT pg_temp.throws_naming('SELECT supporthub.get_template_by_id(NULL)', '22023', ARRAY['id'],
	'get_template_by_id(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.get_template_by_id(''00000000-0000-7000-8000-000000000000'')', 'PT404',
	ARRAY['Template'], 'get_template_by_id(unknown) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_template_by_id(%L)', :'billing'), 'PT404',
	ARRAY['Template'], 'get_template_by_id(the id of a category) is PT404');

-- ------------------------------------------------------------ update_template
SELECT is((SELECT row(title, body, type)::text FROM supporthub.update_template(:'refund')),
	'("Refund issued","Your refund is on its way.",email)', 'update_template(id) with every field NULL changes nothing');
SELECT is((SELECT row(title, body, type)::text
			 FROM supporthub.update_template(:'refund', ' Refund issued ', 'Your refund is on its way.', 'email')),
	'("Refund issued","Your refund is on its way.",email)', 'update_template with the current values changes nothing');
SELECT is(pg_temp.n(:'refund'), 1::bigint, '... and neither logs anything');
SELECT is((SELECT row(title, body, type)::text
			 FROM supporthub.update_template(:'refund', body => 'Refunded: allow 3 days.', type => 'sms')),
	'("Refund issued","Refunded: allow 3 days.",sms)', 'update_template(body, type) changes those two only');
SELECT is(pg_temp.n(:'refund'), 2::bigint, 'the change wrote exactly one activity');
SELECT is(pg_temp.last(:'refund'),
		  pg_temp.act('updated', 'template', :'ada',
					  '{"body": {"old": "Your refund is on its way.", "new": "Refunded: allow 3 days."}, "type": {"old": "email", "new": "sms"}}'),
		  'the activity: ''updated'' with body and type {old, new}, nothing else');
SELECT is((supporthub.update_template(:'delay', title => '  Delay notice (v2) ')).title, 'Delay notice (v2)',
	'update_template(title) trims the new title');
SELECT is(pg_temp.last(:'delay')->'changes', '{"title": {"old": "Delay notice", "new": "Delay notice (v2)"}}'::jsonb,
	'the retitle is logged with title {old, new}');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, %L)', :'delay', ' REFUND issued'), '23505',
	ARRAY['REFUND issued'],
	'update_template to a title in use in its category is 23505');
SELECT is(pg_temp.n(:'delay'), 2::bigint, 'the refused retitle logs nothing');
SELECT is((supporthub.update_template(:'refund2', 'Delay notice (v2)')).title, 'Delay notice (v2)',
	'update_template to a title used only in another category is fine');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, %L)', :'delay', ''), '22023',
	ARRAY['title'], 'update_template(title => '''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, body => %L)', :'delay', ''), '22023',
	ARRAY['body'], 'update_template(body => '''') is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, body => %L)', :'delay', '   '), '22023',
	ARRAY['body'], 'update_template(blank body) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, %L)', :'delay', repeat('t', 201)), '22023',
	ARRAY['title', '200'], 'update_template(201-character title) is 22023');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, body => %L)', :'delay', repeat('b', 100001)), '22023',
	ARRAY['body', '100000'], 'update_template(100001-character body) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.update_template(NULL, ''T'')', '22023', ARRAY['id'],
	'update_template(NULL) is 22023');
SELECT pg_temp.throws_naming('SELECT supporthub.update_template(''00000000-0000-7000-8000-000000000000'', ''T'')', 'PT404',
	ARRAY['Template'], 'update_template(unknown) is PT404');

-- =================================================================== who may do what
-- ------------------------------------------------------------ an agent
SELECT supporthub.uuid_v7() AS refused_from \gset
SELECT supporthub.act_as(:'agnes');
SELECT throws_ok('SELECT supporthub.create_category(''Agent''''s'')', '42501',
	NULL, 'an agent cannot create categories');
SELECT throws_ok(format('SELECT supporthub.update_category(%L, %L)', :'billing', 'X'), '42501',
	NULL, 'an agent cannot update categories');
SELECT throws_ok(format('SELECT supporthub.delete_category(%L)', :'longcat'), '42501',
	NULL, 'an agent cannot delete categories');
SELECT throws_ok('SELECT supporthub.create_escalation_type(''Agent''''s'')', '42501',
	NULL, 'an agent cannot create escalation types');
SELECT throws_ok(format('SELECT supporthub.update_escalation_type(%L, %L)', :'legal', 'X'), '42501',
	NULL, 'an agent cannot update escalation types');
SELECT throws_ok(format('SELECT supporthub.delete_escalation_type(%L)', :'longtype'), '42501',
	NULL, 'an agent cannot delete escalation types');
SELECT throws_ok(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'Agent''s', 'B', 'email'), '42501',
	'Only admins may manage templates', 'an agent cannot create templates');
SELECT throws_ok(format('SELECT supporthub.update_template(%L, %L)', :'delay', 'X'), '42501',
	'Only admins may manage templates', 'an agent cannot update templates');
SELECT throws_ok(format('SELECT supporthub.delete_template(%L)', :'delay'), '42501',
	'Only admins may manage templates', 'an agent cannot delete templates');
SELECT is(ARRAY(SELECT id FROM supporthub.get_categories()), pg_temp.plus_fixture('categories', ARRAY[:'longcat', :'shipping', :'billing']::uuid[]),
	'an agent lists the tenant''s categories');
SELECT is((supporthub.get_category_by_id(:'billing')).name, 'Invoices', 'an agent reads a category by id');
SELECT is(ARRAY(SELECT id FROM supporthub.get_escalation_types()), pg_temp.plus_fixture('escalation_types', ARRAY[:'longtype', :'legal', :'manager']::uuid[]),
	'an agent lists the tenant''s escalation types');
SELECT is((supporthub.get_escalation_type_by_id(:'legal')).label, 'Compliance', 'an agent reads an escalation type by id');
SELECT is(ARRAY(SELECT id FROM supporthub.get_templates(:'billing')), ARRAY[:'delay', :'refund']::uuid[],
	'an agent lists templates (staff read templates)');
SELECT is((supporthub.get_template_by_id(:'refund')).title, 'Refund issued', 'an agent reads a template by id');
SELECT is(ARRAY(SELECT id FROM supporthub.templates ORDER BY id DESC),
		  pg_temp.plus_fixture('templates', ARRAY[:'longtpl', :'refund2', :'delay', :'refund']::uuid[]),
	'an agent sees the 4 templates made here, and the fixture''s, by direct SELECT');

-- ------------------------------------------------------------ a customer
SELECT supporthub.act_as(:'cora');
SELECT throws_ok('SELECT supporthub.create_category(''Mine'')', '42501',
	NULL, 'a customer cannot create categories');
SELECT throws_ok(format('SELECT supporthub.update_category(%L, %L)', :'billing', 'X'), '42501',
	NULL, 'a customer cannot update categories');
SELECT throws_ok(format('SELECT supporthub.delete_category(%L)', :'longcat'), '42501',
	NULL, 'a customer cannot delete categories');
SELECT throws_ok('SELECT supporthub.create_escalation_type(''Mine'')', '42501',
	NULL, 'a customer cannot create escalation types');
SELECT throws_ok(format('SELECT supporthub.update_escalation_type(%L, %L)', :'legal', 'X'), '42501',
	NULL, 'a customer cannot update escalation types');
SELECT throws_ok(format('SELECT supporthub.delete_escalation_type(%L)', :'longtype'), '42501',
	NULL, 'a customer cannot delete escalation types');
SELECT throws_ok(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'Mine', 'B', 'email'), '42501',
	'Only admins may manage templates', 'a customer cannot create templates');
SELECT throws_ok(format('SELECT supporthub.update_template(%L, %L)', :'delay', 'X'), '42501',
	'Only admins may manage templates', 'a customer cannot update templates');
SELECT throws_ok(format('SELECT supporthub.delete_template(%L)', :'delay'), '42501',
	'Only admins may manage templates', 'a customer cannot delete templates');
SELECT is(ARRAY(SELECT id FROM supporthub.get_categories()), pg_temp.plus_fixture('categories', ARRAY[:'longcat', :'shipping', :'billing']::uuid[]),
	'a customer lists the tenant''s categories');
SELECT is((supporthub.get_category_by_id(:'shipping')).name, 'Freight', 'a customer reads a category by id');
SELECT is(ARRAY(SELECT id FROM supporthub.categories ORDER BY id DESC),
		  pg_temp.plus_fixture('categories', ARRAY[:'longcat', :'shipping', :'billing']::uuid[]),
	'a customer sees the 3 categories made here, and the fixture''s, by direct SELECT');
SELECT is(ARRAY(SELECT id FROM supporthub.get_escalation_types()), pg_temp.plus_fixture('escalation_types', ARRAY[:'longtype', :'legal', :'manager']::uuid[]),
	'a customer lists the tenant''s escalation types');
SELECT is((supporthub.get_escalation_type_by_id(:'manager')).label, 'Supervisor approval',
	'a customer reads an escalation type by id');
SELECT is(ARRAY(SELECT id FROM supporthub.escalation_types ORDER BY id DESC),
		  pg_temp.plus_fixture('escalation_types', ARRAY[:'longtype', :'legal', :'manager']::uuid[]),
	'a customer sees the 3 escalation types made here, and the fixture''s, by direct SELECT');
SELECT throws_ok('SELECT * FROM supporthub.get_templates()', '42501',
	NULL, 'a customer cannot list templates');
SELECT throws_ok(format('SELECT * FROM supporthub.get_templates(%L)', :'billing'), '42501',
	NULL, 'a customer cannot list a category''s templates');
SELECT throws_ok(format('SELECT supporthub.get_template_by_id(%L)', :'refund'), '42501',
	NULL, 'a customer cannot read a template by id');
SELECT is((SELECT count(*) FROM supporthub.templates), 0::bigint, 'a customer sees no template by direct SELECT');

SELECT supporthub.act_as(:'ada');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE user_id IN (:'agnes', :'cora') AND id > :'refused_from'), 0::bigint,
	'the refused writes of the agent and the customer changed and logged nothing');
SELECT is((SELECT row(name, description)::text FROM supporthub.get_category_by_id(:'billing')),
	'(Invoices,"Invoices and refunds")', '... the category they tried to rename is unchanged');

-- ------------------------------------------------------------ the system actor
SELECT supporthub.act_as_tenant(:'ta');
SELECT id AS returns FROM supporthub.create_category('Returns') \gset
SELECT is(pg_temp.last(:'returns'),
		  pg_temp.act('created', 'category', NULL, '{"name": {"old": null, "new": "Returns"}}'),
		  'the system actor may create a category; logged with user_id NULL');
SELECT is((supporthub.update_category(:'returns', 'Returns & exchanges')).name, 'Returns & exchanges',
	'the system actor may update a category');
SELECT id AS sysesc FROM supporthub.create_escalation_type('System type') \gset
SELECT is((supporthub.get_escalation_type_by_id(:'sysesc')).label, 'System type', 'the system actor may create an escalation type');
SELECT id AS systpl FROM supporthub.create_template(:'returns', 'Return label', 'Print the label.', 'email') \gset
SELECT is((supporthub.update_template(:'systpl', type => 'push')).type, 'push'::supporthub.template_type,
	'the system actor may create and update a template');
SELECT is(ARRAY(SELECT id FROM supporthub.get_templates(:'returns')), ARRAY[:'systpl']::uuid[],
	'the system actor reads templates');
SELECT is((supporthub.delete_template(:'systpl')).title, 'Return label', 'the system actor may delete a template');
SELECT is((supporthub.delete_escalation_type(:'sysesc')).label, 'System type', 'the system actor may delete an escalation type');
SELECT is((supporthub.delete_category(:'returns')).name, 'Returns & exchanges', 'the system actor may delete a category');

-- =================================================================== another tenant
SELECT supporthub.act_as(:'bea');
SELECT id AS b_billing, name AS b_billing_name FROM supporthub.create_category('Invoices') \gset
SELECT is(:'b_billing_name'::text, 'Invoices', 'the same category name in another tenant is fine');
SELECT pg_temp.throws_naming('SELECT supporthub.create_category('' INVOICES '')', '23505',
	ARRAY['INVOICES'], '... and unique within that tenant too');
SELECT id AS b_manager, label AS b_manager_label FROM supporthub.create_escalation_type('Supervisor approval') \gset
SELECT is(:'b_manager_label'::text, 'Supervisor approval', 'the same escalation-type label in another tenant is fine');
SELECT id AS b_refund, title AS b_refund_title
  FROM supporthub.create_template(:'b_billing', 'Refund issued', 'B''s refund text', 'email') \gset
SELECT is(:'b_refund_title'::text, 'Refund issued', 'the same template title in another tenant is fine');

SELECT is(ARRAY(SELECT id FROM supporthub.get_categories()), pg_temp.plus_fixture('categories', ARRAY[:'b_billing']::uuid[]),
	'get_categories shows only the actor''s tenant');
SELECT is(ARRAY(SELECT id FROM supporthub.categories ORDER BY id DESC), pg_temp.plus_fixture('categories', ARRAY[:'b_billing']::uuid[]),
	'a direct SELECT of categories shows only the actor''s tenant');
SELECT is(ARRAY(SELECT id FROM supporthub.get_escalation_types()), pg_temp.plus_fixture('escalation_types', ARRAY[:'b_manager']::uuid[]),
	'get_escalation_types shows only the actor''s tenant');
SELECT is(ARRAY(SELECT id FROM supporthub.escalation_types ORDER BY id DESC), pg_temp.plus_fixture('escalation_types', ARRAY[:'b_manager']::uuid[]),
	'a direct SELECT of escalation types shows only the actor''s tenant');
SELECT is(ARRAY(SELECT id FROM supporthub.get_templates()), pg_temp.plus_fixture('templates', ARRAY[:'b_refund']::uuid[]),
	'get_templates shows only the actor''s tenant');
SELECT is(ARRAY(SELECT id FROM supporthub.templates ORDER BY id DESC), pg_temp.plus_fixture('templates', ARRAY[:'b_refund']::uuid[]),
	'a direct SELECT of templates shows only the actor''s tenant');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_category_by_id(%L)', :'billing'), 'PT404', ARRAY['Category'],
	'get_category_by_id(another tenant''s category) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_category(%L, %L)', :'billing', 'Stolen'), 'PT404', ARRAY['Category'],
	'update_category(another tenant''s category) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'longcat'), 'PT404', ARRAY['Category'],
	'delete_category(another tenant''s category) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_escalation_type_by_id(%L)', :'legal'), 'PT404', ARRAY['Escalation type'],
	'get_escalation_type_by_id(another tenant''s) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_escalation_type(%L, %L)', :'legal', 'Stolen'), 'PT404',
	ARRAY['Escalation type'], 'update_escalation_type(another tenant''s) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_escalation_type(%L)', :'longtype'), 'PT404',
	ARRAY['Escalation type'], 'delete_escalation_type(another tenant''s) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_template_by_id(%L)', :'refund'), 'PT404', ARRAY['Template'],
	'get_template_by_id(another tenant''s) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.update_template(%L, %L)', :'refund', 'Stolen'), 'PT404', ARRAY['Template'],
	'update_template(another tenant''s) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_template(%L)', :'delay'), 'PT404', ARRAY['Template'],
	'delete_template(another tenant''s) is PT404');
SELECT pg_temp.throws_naming(format('SELECT supporthub.create_template(%L, %L, %L, %L)', :'billing', 'Sneaky', 'B', 'email'), 'PT404',
	ARRAY['Category'], 'create_template in another tenant''s category is PT404');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.get_templates(%L)', :'billing'), 'PT404', ARRAY['Category'],
	'get_templates(another tenant''s category) is PT404');
SELECT supporthub.act_as(:'bob');
SELECT is(ARRAY(SELECT id FROM supporthub.get_categories()), pg_temp.plus_fixture('categories', ARRAY[:'b_billing']::uuid[]),
	'a customer of the other tenant lists only their tenant''s categories');
SELECT is(ARRAY(SELECT id FROM supporthub.get_escalation_types()), pg_temp.plus_fixture('escalation_types', ARRAY[:'b_manager']::uuid[]),
	'... and only their tenant''s escalation types');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_category_by_id(%L)', :'billing'), 'PT404', ARRAY['Category'],
	'... and another tenant''s category is not found');
SELECT supporthub.act_as(:'ada');
SELECT is((SELECT row(name, description)::text FROM supporthub.get_category_by_id(:'billing')),
	'(Invoices,"Invoices and refunds")', 'the other tenant''s attempts left tenant A''s category unchanged');
SELECT is((supporthub.get_escalation_type_by_id(:'legal')).label, 'Compliance', '... its escalation type');
SELECT is((supporthub.get_template_by_id(:'refund')).title, 'Refund issued', '... and its template');
SELECT is(ARRAY(SELECT id FROM supporthub.get_categories()), pg_temp.plus_fixture('categories', ARRAY[:'longcat', :'shipping', :'billing']::uuid[]),
	'tenant A still lists only its own categories');

-- =================================================================== delete, and what still uses a row
-- ------------------------------------------------------------ in use
SELECT id AS tk1 FROM supporthub.create_ticket('Invoice wrong', 'Charged twice', :'billing', 'medium', :'cora') \gset
SELECT id AS tk2 FROM supporthub.create_ticket('Refund late', 'Still waiting', :'billing', 'low', :'cora') \gset
SELECT pg_temp.n(:'billing') AS billing_acts \gset
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'billing'), '23503',
	ARRAY['Category', 'Invoices', '2 tickets and 2 templates'],
	'delete_category of a category with tickets and templates is 23503, with both counts');
SELECT pg_temp.carries(pg_temp.err(format('SELECT supporthub.delete_category(%L)', :'billing'))->>'hint',
	'{}'::text[], 'the in-use error''s HINT says what to do');
SELECT is((SELECT (e->>'constraint') || (e->>'table') || (e->>'column') || (e->>'schema')
			 FROM pg_temp.err(format('SELECT supporthub.delete_category(%L)', :'billing')) AS e), '',
	'the in-use error names no constraint, table, column or schema');
SELECT is((supporthub.delete_template(:'delay')).title, 'Delay notice (v2)', 'delete_template returns the deleted template');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'billing'), '23503',
	ARRAY['Category', 'Invoices', '2 tickets and 1 template'],
	'with one template left: ''is used by 2 tickets and 1 template''');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'shipping'), '23503',
	ARRAY['Category', 'Freight', '2 templates'], 'a category used by templates only says so');
SELECT id AS ticketcat FROM supporthub.create_category('Tickets only') \gset
SELECT id AS tk3 FROM supporthub.create_ticket('Other', 'x', :'ticketcat', 'medium', :'cora') \gset
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'ticketcat'), '23503',
	ARRAY['Category', 'Tickets only', '1 ticket'], 'a category used by one ticket says ''1 ticket''');
SELECT is(pg_temp.n(:'billing'), :'billing_acts'::bigint, 'the refused deletes logged nothing');
SELECT is((supporthub.get_category_by_id(:'billing')).name, 'Invoices', '... and the category is still there');

SELECT is((supporthub.escalate(:'tk1', :'manager', 'Angry customer')).type_id, :'manager'::uuid,
	'a ticket is escalated with the type');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_escalation_type(%L)', :'manager'), '23503',
	ARRAY['Escalation type', 'Supervisor approval', '1 escalation'],
	'delete_escalation_type of a type in use is 23503, saying what uses it');
SELECT is(pg_temp.err(format('SELECT supporthub.delete_escalation_type(%L)', :'manager'))->>'hint',
	'Escalations keep their type; rename it instead of deleting it.', 'the in-use error''s HINT says what to do');
SELECT lives_ok(format('SELECT supporthub.escalate(%L, %L)', :'tk2', :'manager'), 'a second escalation with the type');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_escalation_type(%L)', :'manager'), '23503',
	ARRAY['Escalation type', 'Supervisor approval', '2 escalations'], '... makes it ''2 escalations''');
SELECT is(pg_temp.n(:'manager'), 2::bigint, 'the refused deletes of the type logged nothing');

-- ------------------------------------------------------------ deletes that succeed
SELECT is(pg_temp.n(:'delay'), 3::bigint, 'the template''s deletion wrote exactly one activity');
SELECT is(pg_temp.last(:'delay'),
		  pg_temp.act('deleted', 'template', :'ada',
					  jsonb_build_object('category_id', jsonb_build_object('old', :'billing', 'new', NULL),
										 'title', '{"old": "Delay notice (v2)", "new": null}'::jsonb,
										 'body', '{"old": "Sorry for the delay.", "new": null}'::jsonb,
										 'type', '{"old": "sms", "new": null}'::jsonb)),
		  'the activity: ''deleted'' template with the old values');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_template_by_id(%L)', :'delay'), 'PT404', ARRAY['Template'],
	'the deleted template is gone');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_template(%L)', :'delay'), 'PT404', ARRAY['Template'],
	'deleting it again is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.delete_template(NULL)', '22023', ARRAY['id'],
	'delete_template(NULL) is 22023');
SELECT is((supporthub.create_template(:'billing', 'delay notice (V2)', 'Back again', 'sms')).title, 'delay notice (V2)',
	'the title of a deleted template is free again');

SELECT is((SELECT row(name, description)::text FROM supporthub.delete_category(:'longcat')),
	row(repeat('é', 200), repeat('d', 2000))::text, 'delete_category of an unused category returns the deleted row');
SELECT is(pg_temp.n(:'longcat'), 2::bigint, 'the deletion wrote exactly one activity');
SELECT is(pg_temp.last(:'longcat'),
		  pg_temp.act('deleted', 'category', :'ada',
					  jsonb_build_object('name', jsonb_build_object('old', repeat('é', 200), 'new', NULL),
										 'description', jsonb_build_object('old', repeat('d', 2000), 'new', NULL))),
		  'the activity: ''deleted'' category with the old values');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_category_by_id(%L)', :'longcat'), 'PT404', ARRAY['Category'],
	'the deleted category is gone');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'longcat'), 'PT404', ARRAY['Category'],
	'deleting it again is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.delete_category(NULL)', '22023', ARRAY['id'],
	'delete_category(NULL) is 22023');
SELECT is((supporthub.create_category(' ' || upper(repeat('é', 200)))).name, upper(repeat('é', 200)),
	'the name of a deleted category is free again');

SELECT is((supporthub.delete_escalation_type(:'legal')).label, 'Compliance',
	'delete_escalation_type of an unused type returns the deleted row');
SELECT is(pg_temp.n(:'legal'), 2::bigint, 'the deletion wrote exactly one activity');
SELECT is(pg_temp.last(:'legal'),
		  pg_temp.act('deleted', 'escalation_type', :'ada', '{"label": {"old": "Compliance", "new": null}}'),
		  'the activity: ''deleted'' escalation_type with the old label');
SELECT pg_temp.throws_naming(format('SELECT supporthub.get_escalation_type_by_id(%L)', :'legal'), 'PT404',
	ARRAY['Escalation type'], 'the deleted escalation type is gone');
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_escalation_type(%L)', :'legal'), 'PT404',
	ARRAY['Escalation type'], 'deleting it again is PT404');
SELECT pg_temp.throws_naming('SELECT supporthub.delete_escalation_type(NULL)', '22023', ARRAY['id'],
	'delete_escalation_type(NULL) is 22023');
SELECT lives_ok('SELECT supporthub.create_escalation_type(''COMPLIANCE'')', 'the label of a deleted type is free again');

-- ------------------------------------------------------------ odd but valid values
SELECT id AS pct FROM supporthub.create_category('100% %s%n%d') \gset
SELECT pg_temp.throws_naming('SELECT supporthub.create_category('' 100% %S%N%D'')', '23505',
	ARRAY['100% %S%N%D'], 'format characters in a duplicate name are shown as given');
SELECT id AS tk4 FROM supporthub.create_ticket('Percent', 'x', :'pct', 'medium', :'cora') \gset
SELECT pg_temp.throws_naming(format('SELECT supporthub.delete_category(%L)', :'pct'), '23503',
	ARRAY['Category', '100% %s%n%d', '1 ticket'], '... and in the in-use message');
SELECT is((supporthub.update_template(:'refund', ' REFUND ISSUED ')).title, 'REFUND ISSUED',
	'update_template may change the case of its own title');
SELECT is((supporthub.update_escalation_type(:'manager', 'SUPERVISOR APPROVAL')).label, 'SUPERVISOR APPROVAL',
	'update_escalation_type may change the case of its own label');
SELECT is(pg_temp.n(:'manager'), 3::bigint, '... which is logged once');

-- ------------------------------------------------------------ nobody sees anything without an actor
SELECT supporthub.reset_actor();
SELECT is((SELECT count(*) FROM supporthub.categories), 0::bigint, 'without an actor no category is visible');
SELECT is((SELECT count(*) FROM supporthub.escalation_types), 0::bigint, 'without an actor no escalation type is visible');
SELECT is((SELECT count(*) FROM supporthub.templates), 0::bigint, 'without an actor no template is visible');

SELECT * FROM finish();
ROLLBACK;
