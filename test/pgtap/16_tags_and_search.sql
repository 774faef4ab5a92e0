-- 16_tags_and_search: tags and full-text search (SPEC-1.1 §C) —
-- set_ticket_tags (normalisation, the set semantics, its feed row, every
-- refusal by SQLSTATE) and search_tickets (rank order, the newest-first
-- tie-break, the status and tag filters, page_size, #N and N, who finds
-- what, every refusal), and every road a word written only in an internal
-- note could reach a customer by: search_tickets, a direct SELECT of
-- ticket_search_documents (each column), the feed and its `changes`
-- (tagging included), get_recent_activities — as the ticket's customer,
-- another customer of the tenant, a customer of another tenant and no
-- actor, after the note is written, edited and deleted.
-- Runs as sh_app, a non-superuser LOGIN role: RLS is what filters.
BEGIN;
SELECT plan(141);

\ir setup/helpers.psql
\ir ../fixture/ids.psql
\set a_cust1 :a_customer
\set a_cust2 :a_customer2

-- Everything a role could read of the secret word, by each road.
CREATE FUNCTION pg_temp.leaks(word text, ticket uuid) RETURNS TABLE (road text, n bigint)
LANGUAGE plpgsql AS $$
BEGIN
	road := 'search_tickets';
	BEGIN
		n := (SELECT count(*) FROM supporthub.search_tickets(word, page_size => 100));
	EXCEPTION WHEN insufficient_privilege THEN
		n := 0;			-- no actor: refused, nothing read
	END;
	RETURN NEXT;
	road := 'search_tickets (the word among others)';
	BEGIN
		n := (SELECT count(*) FROM supporthub.search_tickets(word || ' OR zzznothing', page_size => 100) s
			   WHERE s.id = ticket);
	EXCEPTION WHEN insufficient_privilege THEN
		n := 0;
	END;
	RETURN NEXT;
	road := 'ticket_search_documents (direct SELECT, staff rows)';
	n := (SELECT count(*) FROM supporthub.ticket_search_documents d WHERE d.audience = 'staff');
	RETURN NEXT;
	road := 'ticket_search_documents.document (direct SELECT)';
	n := (SELECT count(*) FROM supporthub.ticket_search_documents d
		   WHERE d.document @@ to_tsquery('simple', word) OR strpos(d.document::text, word) > 0);
	RETURN NEXT;
	road := 'ticket_search_documents (every column as text)';
	n := (SELECT count(*) FROM supporthub.ticket_search_documents d WHERE strpos(d::text, word) > 0);
	RETURN NEXT;
	road := 'recent_activities (direct SELECT)';
	n := (SELECT count(*) FROM supporthub.recent_activities a WHERE strpos(a.changes::text, word) > 0);
	RETURN NEXT;
	road := 'get_recent_activities';
	BEGIN
		n := (SELECT count(*) FROM supporthub.get_recent_activities(page_size => 500) a
			   WHERE strpos(a.changes::text, word) > 0);
	EXCEPTION WHEN insufficient_privilege THEN
		n := 0;
	END;
	RETURN NEXT;
END
$$;
-- the ticket numbers a search returns, in order
CREATE FUNCTION pg_temp.found(query text, status supporthub.ticket_status DEFAULT NULL,
							  tag text DEFAULT NULL, page_size integer DEFAULT 20) RETURNS bigint[]
LANGUAGE sql AS $$
	SELECT ARRAY(SELECT s.ticket_number FROM supporthub.search_tickets(query, status, tag, page_size) s)
$$;

-- A's admin makes the tickets, oldest first: s1 and s2 customer one's
-- (the same rank for "kestrel": the word once in the subject), s3
-- customer two's (the word in the description only: ranked lower), s4
-- customer one's, closed.
SELECT supporthub.act_as(:'a_admin');
SELECT id AS s1, ticket_number AS s1_num FROM supporthub.create_ticket('Kestrel jammed', 'paper stuck', :'a_billing', 'medium', :'a_cust1') \gset
SELECT id AS s2, ticket_number AS s2_num FROM supporthub.create_ticket('Kestrel offline', 'no network', :'a_billing', 'medium', :'a_cust1') \gset
SELECT id AS s3, ticket_number AS s3_num FROM supporthub.create_ticket('Invoice wrong', 'billed twice for the kestrel', :'a_billing', 'medium', :'a_cust2') \gset
SELECT id AS s4, ticket_number AS s4_num FROM supporthub.create_ticket('Old kestrel', 'done', :'a_billing', 'medium', :'a_cust1') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'s4', 'resolved') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'s4', 'closed') \gset

-- ============================================================ tags
SELECT supporthub.act_as(:'a_agent');
SELECT supporthub.uuid_v7() AS m0 \gset
SELECT is((SELECT tags FROM supporthub.get_ticket_by_id(:'s1')), '{}'::text[], 'a new ticket has no tags');
SELECT is((SELECT tags FROM supporthub.set_ticket_tags(:'s1', ARRAY[' Printer ', 'HW', 'printer', 'floor-3', 'a_b', E'\tHW\n'])),
	'{a_b,floor-3,hw,printer}'::text[], 'tags are trimmed, lower-cased, merged and sorted');
SELECT results_eq(format($q$SELECT action::text, ref_type::text, ref_id, ticket_id, changes FROM pg_temp.since(%L, %L)$q$, :'a_tenant', :'m0'),
	format($q$VALUES ('tagged', 'ticket', %L::uuid, %L::uuid,
					  '{"tags": {"old": [], "new": ["a_b", "floor-3", "hw", "printer"]}}'::jsonb)$q$, :'s1', :'s1'),
	'one feed row: tagged, with the old and new sets');
SELECT supporthub.uuid_v7() AS m1 \gset
SELECT is((SELECT tags FROM supporthub.set_ticket_tags(:'s1', ARRAY['printer', 'HW', 'a_b', 'floor-3'])),
	'{a_b,floor-3,hw,printer}'::text[], 'the same set in another order and case: the ticket as it is');
SELECT is((SELECT count(*) FROM pg_temp.since(:'a_tenant', :'m1')), 0::bigint, '… no change, no feed row');
SELECT is((SELECT tags FROM supporthub.set_ticket_tags(:'s1', ARRAY['hw'])), '{hw}'::text[], 'the set is replaced, not added to');
SELECT is((SELECT changes FROM pg_temp.since(:'a_tenant', :'m1')),
	'{"tags": {"old": ["a_b", "floor-3", "hw", "printer"], "new": ["hw"]}}'::jsonb, '… logged with the old set');
SELECT is((SELECT tags FROM supporthub.set_ticket_tags(:'s1', '{}')), '{}'::text[], '{} clears the tags');
SELECT is((SELECT tags FROM supporthub.set_ticket_tags(:'s1', ARRAY[repeat('x', 50)])), ARRAY[repeat('x', 50)],
	'a tag of 50 characters');
SELECT is((SELECT cardinality(tags) FROM supporthub.set_ticket_tags(:'s1',
			(SELECT array_agg('t' || i % 20) FROM generate_series(1, 40) i))), 20,
	'40 tags that merge into 20 are 20');
SELECT is((SELECT tags FROM supporthub.set_ticket_tags(:'s1', ARRAY['hw', 'printer'])), '{hw,printer}'::text[], 's1 tagged hw, printer');
SELECT is((SELECT tags FROM supporthub.set_ticket_tags(:'s2', ARRAY['network'])), '{network}'::text[], 's2 tagged network');
SELECT is((SELECT tags FROM supporthub.get_tickets() WHERE id = :'s1'), '{hw,printer}'::text[], 'get_tickets shows the tags');
-- the customer sees the tags of their ticket, and its tagging feed rows
SELECT supporthub.act_as(:'a_cust1');
SELECT is((SELECT tags FROM supporthub.get_ticket_by_id(:'s1')), '{hw,printer}'::text[], 'the ticket''s customer sees its tags');
SELECT cmp_ok((SELECT count(*) FROM supporthub.recent_activities WHERE ticket_id = :'s1' AND action = 'tagged'), '>', 0::bigint,
	'the ticket''s customer sees its tagging rows (tags are not secret)');

-- refusals
SELECT throws_ok(format('SELECT supporthub.set_ticket_tags(%L, %L)', :'s1', '{x}'), '42501',
	NULL, 'a customer may not tag (42501)');
SELECT supporthub.act_as(:'a_agent');
SELECT throws_ok(format('SELECT supporthub.set_ticket_tags(NULL, %L)', '{x}'), '22023', NULL, 'NULL ticket_id (22023)');
SELECT throws_ok(format('SELECT supporthub.set_ticket_tags(%L, NULL)', :'s1'), '22023', NULL, 'NULL tags (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L, NULL])', :'s1', 'a'), '22023',
	'{Tag 2,null}', 'a NULL tag (22023, naming it)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L])', :'s1', ''), '22023',
	'{Tag 1,empty}', 'an empty tag (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L, %L])', :'s1', 'a', '   '), '22023',
	'{Tag 2,empty}', 'a tag of spaces (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L])', :'s1', 'two words'), '22023',
	'{Tag 1,two words}', 'a space inside a tag (22023, naming the tag)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L])', :'s1', 'it''s'), '22023',
	'{Tag 1}', 'a quote in a tag (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L])', :'s1', '"q"'), '22023',
	'{Tag 1}', 'double quotes in a tag (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L])', :'s1', 'fire🔥'), '22023',
	'{Tag 1}', 'an emoji in a tag (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L])', :'s1', 'café'), '22023',
	'{Tag 1}', 'a letter beyond a-z (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L, %L])', :'s1', 'ok', repeat('x', 51)), '22023',
	'{Tag 2,50}', 'a tag of 51 characters (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, ARRAY[%L])', :'s1', repeat('x', 1000000)), '22023',
	'{Tag 1,50}', 'a tag of 1 MB (22023)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, %L)', :'s1',
			(SELECT array_agg('t' || i) FROM generate_series(1, 21) i)), '22023',
	'{20,21}', '21 different tags (22023, naming the count)');
SELECT throws_ok(format('SELECT supporthub.set_ticket_tags(%L, %L)', :'s1', '{{a,b},{c,d}}'), '22023', NULL,
	'a two-dimensional array (22023)');
SELECT throws_ok(format('SELECT supporthub.set_ticket_tags(%L, %L)', supporthub.uuid_v7(), '{x}'), 'PT404',
	NULL, 'an unknown ticket (PT404)');
SELECT throws_ok(format('SELECT supporthub.set_ticket_tags(%L, %L)', :'b_t_open', '{x}'), 'PT404',
	NULL, 'a ticket of another tenant (PT404)');
SELECT pg_temp.throws_naming(format('SELECT supporthub.set_ticket_tags(%L, %L)', :'s4', '{x}'), 'PT409',
	ARRAY[:'s4_num', 'closed'], 'a closed ticket takes no tags (PT409)');
SELECT is((SELECT tags FROM supporthub.get_ticket_by_id(:'s1')), '{hw,printer}'::text[], 'after the refusals the tags are unchanged');
SELECT supporthub.reset_actor();
SELECT throws_ok(format('SELECT supporthub.set_ticket_tags(%L, %L)', :'s1', '{x}'), '42501', NULL, 'no actor (42501)');

-- ============================================================ search
SELECT supporthub.act_as(:'a_agent');
SELECT is(pg_temp.found('kestrel'), ARRAY[:'s4_num', :'s2_num', :'s1_num', :'s3_num']::bigint[],
	'by rank: the subject''s (A) before the description''s (B); equal ranks newest first');
SELECT ok((SELECT bool_and(rank > 0 AND rank < 1) FROM supporthub.search_tickets('kestrel')), 'text ranks lie in (0, 1)');
SELECT is((SELECT count(DISTINCT rank) FROM supporthub.search_tickets('kestrel') WHERE id IN (:'s1', :'s2')), 1::bigint,
	's1 and s2 rank the same');
SELECT cmp_ok((SELECT rank FROM supporthub.search_tickets('kestrel') WHERE id = :'s1'), '>',
	(SELECT rank FROM supporthub.search_tickets('kestrel') WHERE id = :'s3'), 'the subject outranks the description');
SELECT is(pg_temp.found('KESTREL'), pg_temp.found('kestrel'), 'case does not matter');
SELECT is(pg_temp.found('kestrel jammed'), ARRAY[:'s1_num']::bigint[], 'two words: both must be there');
SELECT is(pg_temp.found('kestrel -jammed'), ARRAY[:'s4_num', :'s2_num', :'s3_num']::bigint[], '-word excludes');
SELECT is(pg_temp.found('jammed or offline'), ARRAY[:'s2_num', :'s1_num']::bigint[], 'or');
SELECT is(pg_temp.found('"billed twice"'), ARRAY[:'s3_num']::bigint[], 'a phrase in quotes');
SELECT is(pg_temp.found('"twice billed"'), '{}'::bigint[], 'a phrase in the wrong order finds nothing');
SELECT is(pg_temp.found('kestrel', status => 'closed'), ARRAY[:'s4_num']::bigint[], 'the status filter');
SELECT is(pg_temp.found('kestrel', tag => 'printer'), ARRAY[:'s1_num']::bigint[], 'the tag filter');
SELECT is(pg_temp.found('kestrel', tag => ' Printer '), ARRAY[:'s1_num']::bigint[], 'the tag filter is normalised as tags are');
SELECT is(pg_temp.found('kestrel', 'open', 'network'), ARRAY[:'s2_num']::bigint[], 'both filters');
SELECT is(pg_temp.found('kestrel', tag => 'nosuchtag'), '{}'::bigint[], 'an unused tag finds nothing');
SELECT is(pg_temp.found('kestrel', page_size => 1), ARRAY[:'s4_num']::bigint[], 'page_size 1: the best match');
SELECT is(cardinality(pg_temp.found('kestrel', page_size => 100)), 4, 'page_size 100');
SELECT is(pg_temp.found('#' || :'s3_num'), ARRAY[:'s3_num']::bigint[], '#N finds ticket N');
SELECT is((SELECT rank FROM supporthub.search_tickets('#' || :'s3_num')), 1::real, '… with rank 1');
SELECT is((pg_temp.found(:'s3_num'))[1], :'s3_num'::bigint, 'N finds ticket N, first');
SELECT is((pg_temp.found('  #' || :'s3_num' || '  '))[1], :'s3_num'::bigint, 'spaces around #N');
SELECT is(pg_temp.found('#' || :'s3_num', status => 'closed'), '{}'::bigint[], '#N keeps to the filters');
SELECT is(pg_temp.found('#999999999'), '{}'::bigint[], 'an unknown number finds nothing');
SELECT is(pg_temp.found('#99999999999999999999999'), '{}'::bigint[], 'a number too big to be a ticket''s finds nothing');
SELECT is(pg_temp.found('jammed #' || :'s3_num'), '{}'::bigint[], 'a number among words is a word, not a ticket number');
SELECT is(pg_temp.found(''), '{}'::bigint[], 'an empty query finds nothing');
SELECT is(pg_temp.found('   '), '{}'::bigint[], 'a blank query finds nothing');
SELECT is(pg_temp.found('-- | & ! <-> ( ) : *'), '{}'::bigint[], 'operators only: nothing, no error');
SELECT is(pg_temp.found('"kestrel'), pg_temp.found('kestrel'), 'an unbalanced quote: no syntax error');
SELECT is(pg_temp.found('kestrel & | !'), pg_temp.found('kestrel'), 'stray operators are ignored');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(pg_temp.found('kestrel', page_size => 100), ARRAY[:'s4_num', :'s2_num', :'s1_num']::bigint[],
	'a customer finds only their own tickets');
SELECT is(pg_temp.found('#' || :'s3_num'), '{}'::bigint[], 'a customer does not find another''s ticket by number');
SELECT supporthub.act_as(:'b_agent');
SELECT is(pg_temp.found('kestrel'), '{}'::bigint[], 'staff of another tenant find nothing of A''s');
SELECT is((SELECT count(*) FROM supporthub.search_tickets('1') s WHERE s.tenant_id <> :'b_tenant'), 0::bigint,
	'B''s ticket 1 is B''s: no other tenant''s row');

-- search refusals
SELECT supporthub.act_as(:'a_agent');
SELECT throws_ok('SELECT * FROM supporthub.search_tickets(NULL)', '22023', NULL, 'NULL query (22023)');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.search_tickets(%L)', repeat('a', 1001)), '22023',
	'{1000}', 'a query of 1001 characters (22023)');
SELECT lives_ok(format('SELECT * FROM supporthub.search_tickets(%L)', repeat('é', 1000)), 'a query of 1000 characters (one word of 2000 bytes)');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.search_tickets(%L)', repeat('ж', 1024)), '22023',
	'{1000}', 'a query of 1024 characters (22023)');
SELECT is(pg_temp.found(repeat('語', 700)), '{}'::bigint[],
	'a word of 2100 bytes, longer than a text search word can be: ignored, nothing found');
SELECT pg_temp.throws_naming(format('SELECT * FROM supporthub.search_tickets(%L)', repeat('kestrel ', 1310720)), '22023',
	'{1000}', 'a query of 10 MB (22023, at once)');
SELECT throws_ok('SELECT * FROM supporthub.search_tickets(''x'', page_size => 0)', '22023', NULL, 'page_size 0 (22023)');
SELECT throws_ok('SELECT * FROM supporthub.search_tickets(''x'', page_size => 101)', '22023', NULL, 'page_size 101 (22023)');
SELECT throws_ok('SELECT * FROM supporthub.search_tickets(''x'', page_size => -1)', '22023', NULL, 'page_size -1 (22023)');
SELECT pg_temp.throws_naming('SELECT * FROM supporthub.search_tickets(''x'', tag => ''two words'')', '22023',
	'{tag}', 'a tag filter that cannot be a tag (22023)');
SELECT throws_ok('SELECT * FROM supporthub.search_tickets(''x'', tag => '''')', '22023', NULL, 'an empty tag filter (22023)');
SELECT supporthub.reset_actor();
SELECT throws_ok('SELECT * FROM supporthub.search_tickets(''kestrel'')', '42501', NULL, 'no actor (42501)');

-- ============================================================ what is searched
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT count(*) FROM supporthub.ticket_search_documents WHERE ticket_id = :'s1'), 2::bigint,
	'a ticket has two search documents (staff see both)');
SELECT is((SELECT array_agg(audience::text ORDER BY audience) FROM supporthub.ticket_search_documents WHERE ticket_id = :'s1'),
	'{public,staff}'::text[], '… public and staff');
SELECT id AS r1 FROM supporthub.add_comment(:'s1', 'tried the wombat procedure') \gset
SELECT is(pg_temp.found('wombat'), ARRAY[:'s1_num']::bigint[], 'staff find a word of a public reply');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(pg_temp.found('wombat'), ARRAY[:'s1_num']::bigint[], 'the customer finds it too');
SELECT id AS r2 FROM supporthub.add_comment(:'s1', 'the quokka light blinks') \gset
SELECT supporthub.act_as(:'a_agent');
SELECT is(pg_temp.found('quokka'), ARRAY[:'s1_num']::bigint[], 'staff find a word of the customer''s reply (it reaches the staff document)');
SELECT id AS ignored FROM supporthub.update_comment(:'r1', 'tried the numbat procedure') \gset
SELECT is(pg_temp.found('wombat'), '{}'::bigint[], 'an edited reply: its old word is gone');
SELECT is(pg_temp.found('numbat'), ARRAY[:'s1_num']::bigint[], '… its new word is found');
SELECT id AS ignored FROM supporthub.delete_comment(:'r1') \gset
SELECT is(pg_temp.found('numbat'), '{}'::bigint[], 'a deleted reply is no longer found');
SELECT is(pg_temp.found('quokka'), ARRAY[:'s1_num']::bigint[], '… the other reply still is');
SELECT id AS ignored FROM supporthub.update_ticket(:'s2', subject => 'Heron offline') \gset
SELECT is(pg_temp.found('heron'), ARRAY[:'s2_num']::bigint[], 'a new subject is found');
SELECT is(pg_temp.found('kestrel offline'), '{}'::bigint[], '… the old one is not');

-- ============================================================ internal notes reach no customer
SELECT supporthub.act_as(:'a_agent');
SELECT id AS n1 FROM supporthub.add_comment(:'s1', 'okapisecret: refund approved', true) \gset
SELECT is(pg_temp.found('okapisecret'), ARRAY[:'s1_num']::bigint[], 'staff find a word of an internal note');
SELECT is(pg_temp.found('okapisecret', tag => 'hw'), ARRAY[:'s1_num']::bigint[], '… with a filter too');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(n, 0::bigint, 'the ticket''s customer: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('okapisecret', :'s1');
SELECT is((SELECT count(*) FROM supporthub.ticket_search_documents WHERE ticket_id = :'s1'), 1::bigint,
	'the ticket''s customer reads one document of it, the public one');
SELECT supporthub.act_as(:'a_cust2');
SELECT is(n, 0::bigint, 'another customer of A: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('okapisecret', :'s1');
SELECT is((SELECT count(*) FROM supporthub.ticket_search_documents WHERE ticket_id = :'s1'), 0::bigint,
	'another customer of A reads no document of the ticket');
SELECT supporthub.act_as(:'b_customer');
SELECT is(n, 0::bigint, 'a customer of B: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('okapisecret', :'s1');
SELECT supporthub.reset_actor();
SELECT is(n, 0::bigint, 'no actor: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('okapisecret', :'s1');
SELECT is((SELECT count(*) FROM supporthub.ticket_search_documents), 0::bigint, 'no actor reads no document');
-- the note edited (still internal), then deleted
SELECT supporthub.act_as(:'a_agent');
SELECT id AS ignored FROM supporthub.update_comment(:'n1', 'okapisecret: refund approved by finance') \gset
SELECT supporthub.act_as(:'a_cust1');
SELECT is(n, 0::bigint, 'after the edit, the ticket''s customer: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('okapisecret', :'s1');
SELECT supporthub.act_as(:'a_agent');
SELECT id AS ignored FROM supporthub.delete_comment(:'n1') \gset
SELECT is(pg_temp.found('okapisecret'), '{}'::bigint[], 'a deleted note is no longer found by staff');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(n, 0::bigint, 'after the delete, the ticket''s customer: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('okapisecret', :'s1');
-- the fixture's notes
SELECT supporthub.act_as(:'a_cust1');
SELECT is((SELECT count(*) FROM supporthub.ticket_search_documents WHERE audience = 'staff'), 0::bigint,
	'a customer reads no staff document of the fixture either');

SELECT * FROM finish();
ROLLBACK;
