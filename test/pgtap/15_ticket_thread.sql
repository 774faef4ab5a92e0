-- 15_ticket_thread: the ticket thread (SPEC-1.1 §C) — add_comment,
-- get_comments, update_comment, delete_comment: every road an internal
-- note could leak by (get_comments, a direct SELECT of ticket_comments, the
-- feed's rows and their changes, through recent_activities and
-- get_recent_activities) as a customer, a customer of another tenant and
-- no actor, after the note is written, edited and deleted; every refusal
-- by SQLSTATE; the rules of first_responded_at and last_replied_at; the
-- status a reply sets; paging oldest first; one feed row per change.
-- Runs as sh_app, a non-superuser LOGIN role: RLS is what filters.
BEGIN;
SELECT plan(92);

\ir setup/helpers.psql
\ir ../fixture/ids.psql
\set a_cust1 :a_customer
\set a_cust2 :a_customer2

-- Everything a role could read of the secret word, by each road.
CREATE FUNCTION pg_temp.leaks(word text, note uuid, ticket uuid) RETURNS TABLE (road text, n bigint)
LANGUAGE plpgsql AS $$
BEGIN
	road := 'ticket_comments (direct SELECT)';
	n := (SELECT count(*) FROM supporthub.ticket_comments c
		   WHERE c.internal OR c.id = note OR strpos(c.body, word) > 0);
	RETURN NEXT;
	road := 'recent_activities (direct SELECT)';
	n := (SELECT count(*) FROM supporthub.recent_activities a
		   WHERE a.ref_id = note OR strpos(a.changes::text, word) > 0
			  OR a.changes ? 'internal' AND a.changes::text LIKE '%true%');
	RETURN NEXT;
	road := 'get_recent_activities';
	BEGIN
		n := (SELECT count(*) FROM supporthub.get_recent_activities(page_size => 500) a
			   WHERE a.ref_id = note OR strpos(a.changes::text, word) > 0);
	EXCEPTION WHEN insufficient_privilege THEN
		n := 0;			-- no actor: refused, nothing read
	END;
	RETURN NEXT;
	road := 'get_comments';
	BEGIN
		n := (SELECT count(*) FROM supporthub.get_comments(ticket, NULL, 100) c
			   WHERE c.internal OR c.id = note OR strpos(c.body, word) > 0);
	EXCEPTION WHEN insufficient_privilege OR sqlstate 'PT404' THEN
		n := 0;			-- refused: nothing read
	END;
	RETURN NEXT;
END
$$;

-- A's admin makes the tickets: t1 customer one's, assigned to the agent;
-- t2 customer two's; t3 customer one's with no reply yet.
SELECT supporthub.act_as(:'a_admin');
SELECT id AS t1, ticket_number AS t1_num FROM supporthub.create_ticket('Thread', 'x', :'a_billing', 'medium', :'a_cust1') \gset
SELECT id AS ignored FROM supporthub.assign_agent(:'t1', :'a_agent') \gset
SELECT id AS t2 FROM supporthub.create_ticket('Other customer', 'x', :'a_billing', 'medium', :'a_cust2') \gset
SELECT id AS t3 FROM supporthub.create_ticket('No reply yet', 'x', :'a_billing', 'medium', :'a_cust1') \gset
SELECT id AS t4, ticket_number AS t4_num FROM supporthub.create_ticket('Closed', 'x', :'a_billing', 'medium', :'a_cust1') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t4', 'resolved') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t4', 'closed') \gset

-- ============================================================ replies and the reply times
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m0 \gset
SELECT id AS cr1, author_id AS cr1_author, internal AS cr1_internal FROM supporthub.add_comment(:'t3', 'Any news?') \gset
SELECT is(:'cr1_author'::uuid, :'a_cust1'::uuid, 'a customer''s reply has them as author');
SELECT is(:'cr1_internal'::boolean, false, 'a customer''s reply is public');
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT first_responded_at FROM supporthub.get_ticket_by_id(:'t3')), NULL::timestamptz,
	'a customer''s reply does not set first_responded_at');
SELECT isnt((SELECT last_replied_at FROM supporthub.get_ticket_by_id(:'t3')), NULL::timestamptz,
	'a customer''s reply sets last_replied_at');
SELECT results_eq(format($q$SELECT action::text, ref_type::text, ref_id, ticket_id, changes
							FROM pg_temp.since(%L, %L)$q$, :'a_tenant', :'m0'),
	format($q$VALUES ('created', 'comment', %L::uuid, %L::uuid,
					  '{"body": {"old": null, "new": "Any news?"}, "internal": {"old": null, "new": false}}'::jsonb)$q$,
		   :'cr1', :'t3'),
	'a reply to an open ticket: one feed row, the comment''s, with its changes');

-- an internal note first: it sets neither time
SELECT supporthub.uuid_v7() AS m1 \gset
SELECT id AS n1, internal AS n1_internal FROM supporthub.add_comment(:'t1', 'zebra-secret: refund approved', true) \gset
SELECT is(:'n1_internal'::boolean, true, 'staff write an internal note');
SELECT is((SELECT first_responded_at FROM supporthub.get_ticket_by_id(:'t1')), NULL::timestamptz,
	'an internal note does not set first_responded_at');
SELECT is((SELECT last_replied_at FROM supporthub.get_ticket_by_id(:'t1')), NULL::timestamptz,
	'an internal note does not set last_replied_at');
SELECT is((SELECT count(*) FROM pg_temp.since(:'a_tenant', :'m1')), 1::bigint,
	'an internal note: one feed row');
SELECT is((SELECT changes FROM pg_temp.since(:'a_tenant', :'m1')),
	'{"body": {"old": null, "new": "zebra-secret: refund approved"}, "internal": {"old": null, "new": true}}'::jsonb,
	'the note''s feed row says internal (what the feed''s policy hides it by)');

-- the first public staff reply sets both
SELECT id AS r1 FROM supporthub.add_comment(:'t1', 'We are on it') \gset
SELECT first_responded_at AS fr1, last_replied_at AS lr1 FROM supporthub.get_ticket_by_id(:'t1') \gset
SELECT isnt(:'fr1'::timestamptz, NULL::timestamptz, 'the first public staff reply sets first_responded_at');
SELECT is(:'lr1'::timestamptz, :'fr1'::timestamptz, '… and last_replied_at');

-- on the fixture's open ticket, answered at fixture time: a later staff
-- reply keeps first_responded_at, moves last_replied_at; a later note
-- moves neither
SELECT first_responded_at AS fx_fr, last_replied_at AS fx_lr FROM supporthub.get_ticket_by_id(:'a_t_open') \gset
SELECT cmp_ok(:'fx_fr'::timestamptz, '<', now(), 'the fixture''s ticket was answered before this test');
SELECT id AS ignored FROM supporthub.add_comment(:'a_t_open', 'internal again', true) \gset
SELECT is((SELECT (first_responded_at, last_replied_at)::text FROM supporthub.get_ticket_by_id(:'a_t_open')),
	(:'fx_fr'::timestamptz, :'fx_lr'::timestamptz)::text, 'a later internal note moves neither time');
SELECT id AS ignored FROM supporthub.add_comment(:'a_t_open', 'Second answer') \gset
SELECT is((SELECT first_responded_at FROM supporthub.get_ticket_by_id(:'a_t_open')), :'fx_fr'::timestamptz,
	'a later staff reply keeps first_responded_at');
SELECT is((SELECT last_replied_at FROM supporthub.get_ticket_by_id(:'a_t_open')), now(),
	'a later staff reply moves last_replied_at');

-- ============================================================ internal notes reach no customer
-- the note n1 is on t1 (customer one's ticket); a customer of A, the
-- ticket's own customer, another customer of A, a customer of B and no
-- actor read by every road
SELECT supporthub.act_as(:'a_cust1');
SELECT is(n, 0::bigint, 'the ticket''s customer: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('zebra-secret', :'n1', :'t1');
SELECT is((SELECT count(*) FROM supporthub.get_comments(:'t1')), 1::bigint,
	'the ticket''s customer: get_comments has the public reply');
SELECT is((SELECT count(*) FROM supporthub.ticket_comments WHERE ticket_id = :'t1'), 1::bigint,
	'the ticket''s customer: the table shows the public reply');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE ref_id = :'r1'), 1::bigint,
	'the ticket''s customer: the feed shows the public reply''s row');
SELECT supporthub.act_as(:'a_cust2');
SELECT is(n, 0::bigint, 'another customer of A: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('zebra-secret', :'n1', :'t1');
SELECT supporthub.act_as(:'b_customer');
SELECT is(n, 0::bigint, 'a customer of B: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('zebra-secret', :'n1', :'t1');
SELECT supporthub.reset_actor();
SELECT is(n, 0::bigint, 'no actor: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('zebra-secret', :'n1', :'t1');
-- staff see it all
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT count(*) FROM supporthub.get_comments(:'t1') WHERE internal), 1::bigint,
	'the agent: get_comments has the note');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE ref_id = :'n1'), 1::bigint,
	'the agent: the feed has the note''s row');

-- edited, then deleted: those feed rows are hidden too
SELECT supporthub.uuid_v7() AS m2 \gset
SELECT body AS n1_body FROM supporthub.update_comment(:'n1', 'zebra-secret: refund approved by finance') \gset
SELECT is(:'n1_body'::text, 'zebra-secret: refund approved by finance', 'the author edits the note');
SELECT is((SELECT changes FROM pg_temp.since(:'a_tenant', :'m2')),
	'{"body": {"old": "zebra-secret: refund approved", "new": "zebra-secret: refund approved by finance"}, "internal": {"old": true, "new": true}}'::jsonb,
	'the edit: one feed row, with the old and new body, and internal');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(n, 0::bigint, 'after the edit, the ticket''s customer: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('zebra-secret', :'n1', :'t1');
SELECT supporthub.act_as(:'a_admin');
SELECT id AS ignored FROM supporthub.delete_comment(:'n1') \gset
SELECT is((SELECT action::text || ' ' || (changes->'internal')::text FROM pg_temp.since(:'a_tenant', :'m2') ORDER BY id DESC LIMIT 1),
	'deleted {"new": null, "old": true}', 'an admin deletes the note: one feed row, internal old true');
SELECT supporthub.act_as(:'a_cust1');
SELECT is(n, 0::bigint, 'after the delete, the ticket''s customer: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('zebra-secret', :'n1', :'t1');
SELECT supporthub.act_as(:'b_customer');
SELECT is(n, 0::bigint, 'after the delete, a customer of B: ' || road || ' shows nothing of the note')
  FROM pg_temp.leaks('zebra-secret', :'n1', :'t1');
-- the fixture's notes, by the same roads
SELECT supporthub.act_as(:'a_cust1');
SELECT is((SELECT count(*) FROM supporthub.get_comments(:'a_t_open') WHERE internal), 0::bigint,
	'the fixture''s note: not in get_comments for the ticket''s customer');
SELECT is((SELECT count(*) FROM supporthub.ticket_comments WHERE id IN (:'a_note', :'b_note')), 0::bigint,
	'the fixture''s notes: not in the table for a customer');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE ref_id IN (:'a_note', :'b_note')), 0::bigint,
	'the fixture''s notes: not in the feed for a customer');

-- ============================================================ a reply moves the ticket
SELECT supporthub.act_as(:'a_agent');
SELECT id AS ignored FROM supporthub.add_comment(:'t1', 'Waiting for you', status => 'pending') \gset
SELECT is((SELECT status::text FROM supporthub.get_ticket_by_id(:'t1')), 'pending', 'a staff reply with status pending sets it pending');
SELECT id AS ignored FROM supporthub.add_comment(:'t1', 'Still waiting', status => 'pending') \gset
SELECT is((SELECT status::text FROM supporthub.get_ticket_by_id(:'t1')), 'pending', 'a reply with the status it has: no change, no error');
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m3 \gset
SELECT id AS ignored FROM supporthub.add_comment(:'t1', 'Here is the info') \gset
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT status::text FROM supporthub.get_ticket_by_id(:'t1')), 'open', 'a customer''s reply sets a pending ticket open');
SELECT results_eq(format($q$SELECT action::text, ref_type::text FROM pg_temp.since(%L, %L)$q$, :'a_tenant', :'m3'),
	$$VALUES ('created', 'comment'), ('updated', 'ticket')$$, '… the comment''s row, then the status change''s');
SELECT id AS ignored FROM supporthub.add_comment(:'t1', 'Fixed', status => 'resolved') \gset
SELECT is((SELECT status::text FROM supporthub.get_ticket_by_id(:'t1')), 'resolved', 'a staff reply with status resolved resolves it');
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m4 \gset
SELECT id AS ignored FROM supporthub.add_comment(:'t1', 'Not fixed for me') \gset
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT status::text FROM supporthub.get_ticket_by_id(:'t1')), 'open', 'a customer''s reply reopens a resolved ticket');
SELECT results_eq(format($q$SELECT action::text, ref_type::text, changes->'status' FROM pg_temp.since(%L, %L)$q$, :'a_tenant', :'m4'),
	$$VALUES ('created', 'comment', NULL::jsonb), ('reopened', 'ticket', '{"old": "resolved", "new": "open"}'::jsonb)$$,
	'… logged as reopened');
SELECT id AS ignored FROM supporthub.add_comment(:'t1', 'internal, then pending', true, 'pending') \gset
SELECT is((SELECT status::text FROM supporthub.get_ticket_by_id(:'t1')), 'pending', 'a note can set a status too');

-- ============================================================ paging
SELECT count(*) AS ignored FROM generate_series(1, 4) i, LATERAL supporthub.add_comment(:'t3', 'p' || i) c \gset
SELECT results_eq(format('SELECT id FROM supporthub.get_comments(%L)', :'t3'),
	format('SELECT id FROM supporthub.ticket_comments WHERE ticket_id = %L ORDER BY id', :'t3'),
	'get_comments: oldest first');
SELECT id AS p2 FROM supporthub.get_comments(:'t3', NULL, 2) ORDER BY id DESC LIMIT 1 \gset
SELECT results_eq(format('SELECT id FROM supporthub.get_comments(%L, %L, 2)', :'t3', :'p2'),
	format('SELECT id FROM supporthub.ticket_comments WHERE ticket_id = %L ORDER BY id OFFSET 2 LIMIT 2', :'t3'),
	'get_comments: the next page after the last id');

-- ============================================================ refusals
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L, true)', :'t1', 'x'), '42501',
	'Only agents and admins may write internal notes', 'a customer: no internal notes (42501)');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L)', :'t2', 'x'), 'PT404', NULL,
	'a customer: no reply on another customer''s ticket (PT404)');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L, status => %L)', :'t3', 'x', 'pending'), '42501',
	NULL, 'a customer: no status pending with a reply');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L)', :'t4', 'x'), 'PT409', NULL,
	'a closed ticket takes no reply (PT409)');
SELECT throws_ok(format('SELECT * FROM supporthub.get_comments(%L)', :'t2'), 'PT404', NULL,
	'a customer: get_comments of another customer''s ticket (PT404)');
SELECT throws_ok(format('SELECT supporthub.update_comment(%L, %L)', :'r1', 'mine now'), '42501',
	'Only its author may edit a comment', 'a customer: no edit of a staff reply (42501)');
SELECT throws_ok(format('SELECT supporthub.delete_comment(%L)', :'r1'), '42501',
	'Only its author or an admin may delete a comment', 'a customer: no delete of a staff reply (42501)');
SELECT throws_ok(format('SELECT supporthub.update_comment(%L, %L)', :'a_note', 'x'), 'PT404', 'Comment not found',
	'a customer: an internal note is not found (PT404)');
SELECT throws_ok(format('SELECT supporthub.delete_comment(%L)', :'a_note'), 'PT404', 'Comment not found',
	'a customer: an internal note cannot be deleted (PT404)');
SELECT supporthub.act_as(:'b_customer');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L)', :'t1', 'x'), 'PT404', NULL,
	'a customer of B: no reply on a ticket of A (PT404)');
SELECT throws_ok(format('SELECT supporthub.update_comment(%L, %L)', :'a_reply', 'x'), 'PT404', 'Comment not found',
	'a customer of B: a comment of A is not found (PT404)');
SELECT supporthub.act_as(:'a_agent2');
SELECT throws_ok(format('SELECT supporthub.update_comment(%L, %L)', :'r1', 'x'), '42501',
	'Only its author may edit a comment', 'another agent: no edit (42501)');
SELECT throws_ok(format('SELECT supporthub.delete_comment(%L)', :'r1'), '42501',
	'Only its author or an admin may delete a comment', 'another agent: no delete (42501)');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L, status => %L)', :'t3', 'x', 'closed'), 'PT409',
	NULL, 'a reply with a move outside the map (PT409)');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, NULL)', :'t3'), '22023', NULL, 'NULL body (22023)');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L)', :'t3', ''), '22023', NULL, 'empty body (22023)');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L)', :'t3', repeat('x', 65537)), '22023', NULL,
	'a body of 65,537 characters (22023)');
SELECT lives_ok(format('SELECT supporthub.add_comment(%L, %L)', :'t3', repeat('é', 65536)),
	'a body of 65,536 characters is taken');
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L, NULL)', :'t3', 'x'), '22023', NULL,
	'NULL internal (22023)');
SELECT throws_ok(format('SELECT * FROM supporthub.get_comments(%L, NULL, 0)', :'t3'), '22023', NULL, 'page_size 0 (22023)');
SELECT supporthub.act_as(:'a_admin');
SELECT throws_ok(format('SELECT supporthub.update_comment(%L, %L)', :'r1', 'x'), '42501',
	'Only its author may edit a comment', 'an admin does not edit others'' comments (42501)');
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t3', 'resolved') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t3', 'closed') \gset
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.update_comment(%L, %L)', :'cr1', 'x'), 'PT409', NULL,
	'no edit on a closed ticket (PT409)');
SELECT lives_ok(format('SELECT supporthub.delete_comment(%L)', :'cr1'), 'the author deletes their reply, closed ticket or not');
SELECT supporthub.reset_actor();
SELECT throws_ok(format('SELECT supporthub.add_comment(%L, %L)', :'t1', 'x'), '42501', NULL, 'no actor: add_comment (42501)');
SELECT throws_ok(format('SELECT * FROM supporthub.get_comments(%L)', :'t1'), '42501', NULL, 'no actor: get_comments (42501)');
SELECT throws_ok(format('SELECT supporthub.update_comment(%L, %L)', :'r1', 'x'), '42501', NULL, 'no actor: update_comment (42501)');
SELECT throws_ok(format('SELECT supporthub.delete_comment(%L)', :'r1'), '42501', NULL, 'no actor: delete_comment (42501)');

SELECT * FROM finish();
ROLLBACK;
