-- 16_ratings: satisfaction ratings (SPEC-1.1 §C) — rate_ticket and
-- get_ticket_rating: the first rating and its feed row, a replacement (only
-- what changed is logged; the same values log nothing), who reads a rating
-- (the ticket's customer and staff; another customer, a customer or staff
-- of the other tenant and no actor do not, by the API, the table or the
-- feed), every refusal by SQLSTATE, resolved_at (set on resolve, cleared
-- on reopen, kept on close) and what a reopen does to rating, and a deleted
-- ticket's rating.
-- The 7 days after which a rating can no longer be replaced cannot be
-- reached here: sh_app may not write tickets.resolved_at (nor may any role
-- but the API's, which runs only the API), and nothing fakes the clock;
-- sql/08z_ticket_thread.sql moves a resolution 8 days back as the
-- superuser and shows the PT409.  Messages are pinned by that walk-through:
-- only SQLSTATEs are checked here.  Runs as sh_app, a non-superuser LOGIN
-- role: RLS is what filters.
BEGIN;
SELECT plan(67);

\ir setup/helpers.psql
\ir ../fixture/ids.psql
\set a_cust1 :a_customer
\set a_cust2 :a_customer2

-- Everything an actor could read of a rating, by each road: the table, the
-- feed (by ref_id and by the comment's text), get_ticket_rating (0 when
-- refused: nothing read).
CREATE FUNCTION pg_temp.rating_roads(rating uuid, ticket uuid, word text) RETURNS TABLE (road text, n bigint)
LANGUAGE plpgsql AS $$
BEGIN
	road := 'ticket_ratings (direct SELECT)';
	n := (SELECT count(*) FROM supporthub.ticket_ratings r WHERE r.id = rating OR r.ticket_id = ticket);
	RETURN NEXT;
	road := 'recent_activities (direct SELECT)';
	n := (SELECT count(*) FROM supporthub.recent_activities a
		   WHERE a.ref_id = rating OR strpos(a.changes::text, word) > 0);
	RETURN NEXT;
	road := 'get_ticket_rating';
	BEGIN
		n := (SELECT count(*) FROM supporthub.get_ticket_rating(ticket));
	EXCEPTION WHEN insufficient_privilege OR sqlstate 'PT404' THEN
		n := 0;
	END;
	RETURN NEXT;
END
$$;

-- A's admin makes the tickets: t1 customer one's, resolved; t2 customer
-- two's, resolved; t3 customer one's, open; t4 customer one's, closed.
SELECT supporthub.act_as(:'a_admin');
SELECT id AS t1 FROM supporthub.create_ticket('Rate me', 'x', :'a_billing', 'medium', :'a_cust1') \gset
SELECT id AS t2 FROM supporthub.create_ticket('Customer two''s', 'x', :'a_billing', 'medium', :'a_cust2') \gset
SELECT id AS t3 FROM supporthub.create_ticket('Still open', 'x', :'a_billing', 'medium', :'a_cust1') \gset
SELECT id AS t4 FROM supporthub.create_ticket('Closed', 'x', :'a_billing', 'medium', :'a_cust1') \gset
SELECT is((SELECT resolved_at FROM supporthub.get_ticket_by_id(:'t1')), NULL::timestamptz, 'an open ticket has no resolved_at');
SELECT resolved_at AS t1_resolved FROM supporthub.set_ticket_status(:'t1', 'resolved') \gset
SELECT is(:'t1_resolved'::timestamptz, now(), 'resolving sets resolved_at');
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t2', 'resolved') \gset
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t4', 'resolved') \gset
SELECT is((SELECT resolved_at FROM supporthub.set_ticket_status(:'t4', 'closed')), now(),
	'closing keeps resolved_at');

-- ============================================================ the first rating
SELECT supporthub.act_as(:'a_cust1');
SELECT supporthub.uuid_v7() AS m0 \gset
SELECT id AS r1, ticket_id AS r1_ticket, customer_id AS r1_customer, score AS r1_score, comment AS r1_comment,
	   created_at AS r1_created, updated_at AS r1_updated
  FROM supporthub.rate_ticket(:'t1', 4, 'quokka-word: helpful') \gset
SELECT is(:'r1_ticket'::uuid, :'t1'::uuid, 'the rating is of the ticket');
SELECT is(:'r1_customer'::uuid, :'a_cust1'::uuid, 'the rating names the customer');
SELECT is(:'r1_score'::integer, 4, 'the score is kept');
SELECT is(:'r1_comment'::text, 'quokka-word: helpful', 'the comment is kept as given');
SELECT is(:'r1_updated'::timestamptz, :'r1_created'::timestamptz, 'a new rating: updated_at = created_at');
SELECT results_eq(format($q$SELECT action::text, ref_type::text, ref_id, ticket_id, user_id, changes
							FROM pg_temp.since(%L, %L)$q$, :'a_tenant', :'m0'),
	format($q$VALUES ('rated', 'rating', %L::uuid, %L::uuid, %L::uuid,
					  '{"score": {"old": null, "new": 4}, "comment": {"old": null, "new": "quokka-word: helpful"}}'::jsonb)$q$,
		   :'r1', :'t1', :'a_cust1'),
	'the first rating: one feed row, rated / rating, with score and comment');
SELECT is((SELECT (r.id, r.score, r.comment)::text FROM supporthub.get_ticket_rating(:'t1') r),
	(:'r1'::uuid, 4, 'quokka-word: helpful'::text)::text, 'the customer reads their rating');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE ref_id = :'r1'), 1::bigint,
	'the customer sees the rating''s feed row');

-- ============================================================ replacing it
SELECT supporthub.uuid_v7() AS m1 \gset
SELECT id AS r1b, score AS r1b_score, comment AS r1b_comment, updated_at AS r1b_updated, created_at AS r1b_created
  FROM supporthub.rate_ticket(:'t1', 2, 'quokka-word: helpful') \gset
SELECT is(:'r1b'::uuid, :'r1'::uuid, 'a second rating replaces the first (the same row)');
SELECT is(:'r1b_score'::integer, 2, '… with the new score');
SELECT is(:'r1b_created'::timestamptz, :'r1_created'::timestamptz, '… created_at kept');
SELECT is((SELECT count(*) FROM supporthub.ticket_ratings WHERE ticket_id = :'t1'), 1::bigint, 'one rating per ticket');
SELECT results_eq(format($q$SELECT action::text, ref_type::text, ref_id, changes FROM pg_temp.since(%L, %L)$q$, :'a_tenant', :'m1'),
	format($q$VALUES ('updated', 'rating', %L::uuid, '{"score": {"old": 4, "new": 2}}'::jsonb)$q$, :'r1'),
	'a replacement: one feed row, updated / rating, with what changed only');
SELECT supporthub.uuid_v7() AS m2 \gset
SELECT id AS ignored FROM supporthub.rate_ticket(:'t1', 2, 'quokka-word: helpful') \gset
SELECT is((SELECT count(*) FROM pg_temp.since(:'a_tenant', :'m2')), 0::bigint, 'the same score and comment: no change, no feed row');
SELECT is((SELECT comment FROM supporthub.rate_ticket(:'t1', 2)), NULL, 'a replacement without a comment drops it');
SELECT is((SELECT changes FROM pg_temp.since(:'a_tenant', :'m2')),
	'{"comment": {"old": "quokka-word: helpful", "new": null}}'::jsonb, '… logged as the comment going');
SELECT id AS ignored FROM supporthub.rate_ticket(:'t1', 5, 'quokka-word: helpful after all') \gset

-- ============================================================ who reads it
SELECT supporthub.act_as(:'a_agent');
SELECT is((SELECT score FROM supporthub.get_ticket_rating(:'t1')), 5, 'an agent reads the rating');
SELECT is((SELECT count(*) FROM supporthub.ticket_ratings WHERE ticket_id = :'t1'), 1::bigint, 'an agent sees it in the table');
SELECT is((SELECT count(*) FROM supporthub.recent_activities WHERE ref_id = :'r1'), 4::bigint,
	'an agent sees its feed rows (rated, then three replacements)');
SELECT supporthub.act_as(:'a_admin');
SELECT is((SELECT score FROM supporthub.get_ticket_rating(:'t1')), 5, 'an admin reads the rating');
SELECT supporthub.act_as_tenant(:'a_tenant');
SELECT is((SELECT score FROM supporthub.get_ticket_rating(:'t1')), 5, 'the tenant itself reads the rating');
SELECT supporthub.act_as(:'a_cust2');
SELECT is(n, 0::bigint, 'another customer of A: ' || road || ' shows nothing of the rating')
  FROM pg_temp.rating_roads(:'r1', :'t1', 'quokka-word');
SELECT supporthub.act_as(:'b_customer');
SELECT is(n, 0::bigint, 'a customer of B: ' || road || ' shows nothing of the rating')
  FROM pg_temp.rating_roads(:'r1', :'t1', 'quokka-word');
SELECT supporthub.act_as(:'b_agent');
SELECT is(n, 0::bigint, 'an agent of B: ' || road || ' shows nothing of the rating')
  FROM pg_temp.rating_roads(:'r1', :'t1', 'quokka-word');
SELECT supporthub.reset_actor();
SELECT is(n, 0::bigint, 'no actor: ' || road || ' shows nothing of the rating')
  FROM pg_temp.rating_roads(:'r1', :'t1', 'quokka-word');
-- the fixture's ratings
SELECT supporthub.act_as(:'a_cust1');
SELECT is((SELECT id FROM supporthub.get_ticket_rating(:'a_t_resolved')), :'a_rating'::uuid,
	'the fixture: the customer reads the rating of their resolved ticket');
SELECT supporthub.act_as(:'a_cust2');
SELECT is((SELECT id FROM supporthub.get_ticket_rating(:'a_t_closed')), :'a_rating2'::uuid,
	'the fixture: customer two reads the rating of their closed ticket');

-- ============================================================ refusals
SELECT supporthub.act_as(:'a_agent');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3)', :'t1'), '42501', NULL, 'an agent may not rate (42501)');
SELECT supporthub.act_as(:'a_admin');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3)', :'t1'), '42501', NULL, 'an admin may not rate (42501)');
SELECT supporthub.act_as_tenant(:'a_tenant');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3)', :'t1'), '42501', NULL, 'the tenant itself may not rate (42501)');
SELECT throws_ok(format('SELECT supporthub.get_ticket_rating(%L)', :'t3'), 'PT404', NULL,
	'staff: get_ticket_rating of a ticket with no rating (PT404)');
SELECT supporthub.reset_actor();
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3)', :'t1'), '42501', NULL, 'no actor: rate_ticket (42501)');
SELECT throws_ok(format('SELECT supporthub.get_ticket_rating(%L)', :'t1'), '42501', NULL, 'no actor: get_ticket_rating (42501)');
SELECT supporthub.act_as(:'a_cust2');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3)', :'t1'), 'PT404', NULL,
	'another customer: rating someone else''s ticket is not found (PT404)');
SELECT throws_ok(format('SELECT supporthub.get_ticket_rating(%L)', :'t1'), 'PT404', NULL,
	'another customer: get_ticket_rating of someone else''s ticket (PT404)');
SELECT supporthub.act_as(:'b_customer');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3)', :'t1'), 'PT404', NULL, 'a customer of B: a ticket of A is not found (PT404)');
SELECT supporthub.act_as(:'b_admin');
SELECT throws_ok(format('SELECT supporthub.get_ticket_rating(%L)', :'t1'), 'PT404', NULL, 'an admin of B: a ticket of A is not found (PT404)');
SELECT supporthub.act_as(:'a_cust1');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3)', :'t3'), 'PT409', NULL, 'an open ticket cannot be rated (PT409)');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3)', :'a_t_pending'), 'PT409', NULL, 'a pending ticket cannot be rated (PT409)');
SELECT throws_ok(format('SELECT supporthub.get_ticket_rating(%L)', :'t3'), 'PT404', NULL,
	'the customer: get_ticket_rating of their ticket with no rating (PT404)');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 0)', :'t1'), '22023', NULL, 'score 0 (22023)');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 6)', :'t1'), '22023', NULL, 'score 6 (22023)');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, NULL)', :'t1'), '22023', NULL, 'score NULL (22023)');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3, %L)', :'t1', ''), '22023', NULL, 'an empty comment (22023: leave it out for none)');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 3, %L)', :'t1', repeat('x', 65537)), '22023', NULL,
	'a comment of 65,537 characters (22023)');

-- ============================================================ closed, reopened, deleted
SELECT isnt((SELECT id FROM supporthub.rate_ticket(:'t4', 1, 'closed but rated')), NULL::uuid,
	'a closed ticket can be rated');
-- a customer's reply reopens t1: resolved_at cleared, the rating kept, no
-- new rating until it is resolved again
SELECT id AS ignored FROM supporthub.add_comment(:'t1', 'Broken again') \gset
SELECT is((SELECT (status, resolved_at)::text FROM supporthub.get_ticket_by_id(:'t1')), '(open,)',
	'a reply reopens the ticket and clears resolved_at');
SELECT is((SELECT score FROM supporthub.get_ticket_rating(:'t1')), 5, 'the rating stays after a reopen');
SELECT throws_ok(format('SELECT supporthub.rate_ticket(%L, 1)', :'t1'), 'PT409', NULL, 'a reopened ticket cannot be rated (PT409)');
SELECT supporthub.act_as(:'a_agent');
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t1', 'resolved') \gset
SELECT supporthub.act_as(:'a_cust1');
SELECT is((SELECT score FROM supporthub.rate_ticket(:'t1', 1)), 1, 'resolved again: the rating can be replaced');
-- the customer reopens by set_ticket_status: the same
SELECT id AS ignored FROM supporthub.set_ticket_status(:'t1', 'open') \gset
SELECT is((SELECT resolved_at FROM supporthub.get_ticket_by_id(:'t1')), NULL::timestamptz,
	'set_ticket_status resolved → open clears resolved_at');
-- an admin deletes t1: its rating goes with it, the feed keeps the record
SELECT supporthub.act_as(:'a_admin');
SELECT id AS ignored FROM supporthub.delete_ticket(:'t1') \gset
SELECT is((SELECT count(*) FROM supporthub.ticket_ratings WHERE id = :'r1'), 0::bigint, 'deleting a ticket deletes its rating');
SELECT cmp_ok((SELECT count(*) FROM supporthub.recent_activities WHERE ref_id = :'r1'), '>', 0::bigint,
	'… and the feed keeps the rating''s rows');
SELECT throws_ok(format('SELECT supporthub.get_ticket_rating(%L)', :'t1'), 'PT404', NULL, 'a deleted ticket: PT404');
-- customer two's ticket t2 rated by them, not by customer one
SELECT supporthub.act_as(:'a_cust2');
SELECT is((SELECT customer_id FROM supporthub.rate_ticket(:'t2', 3)), :'a_cust2'::uuid, 'customer two rates their own ticket');
SELECT supporthub.act_as(:'a_cust1');
SELECT is((SELECT count(*) FROM supporthub.ticket_ratings WHERE ticket_id = :'t2'), 0::bigint,
	'customer one does not see customer two''s new rating');

SELECT * FROM finish();
ROLLBACK;
