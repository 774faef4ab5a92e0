-- test/bench/peer_check.sql — is the PL/pgSQL peer the same API?  Runs
-- every case below against supporthub.* (C) and bench_plpgsql.* (PL/pgSQL),
-- each in a subtransaction that is rolled back, and compares what came
-- back: the SQLSTATE, message and hint of an error, or the returned row (minus
-- generated ids and times) and the activity row it wrote.  Runs as postgres
-- on the generated data set: both implementations are SECURITY DEFINER
-- functions owned by supporthub_api, so RLS applies inside them whoever
-- calls; being superuser only lets a case change a row directly after the
-- actor is set (to deactivate the acting user, say).
-- Prints one line per case and "peer check: N cases, M differ".

\set ON_ERROR_STOP 1
\pset footer off

CREATE FUNCTION pg_temp.outcome(impl text, actor uuid, actor_is_tenant boolean, setup text, stmt text)
RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
	res		text;
	feed	text;
	st		text;
	hint	text;
BEGIN
	BEGIN
		IF actor_is_tenant THEN
			PERFORM supporthub.act_as_tenant(actor);
		ELSIF actor IS NOT NULL THEN
			PERFORM supporthub.act_as(actor);
		END IF;
		IF setup IS NOT NULL THEN
			EXECUTE setup;		-- as postgres, after the actor is set
		END IF;
		EXECUTE replace(stmt, '@.', impl || '.') INTO res;
		SELECT coalesce(string_agg(a.action || ' ' || coalesce(a.user_id::text, '(no user)') || ' '
								   || (a.changes - 'escalation_id')::text, '; '), 'no activity')
		  INTO feed
		  FROM supporthub.recent_activities a
		 WHERE a.tenant_id = supporthub.current_tenant_id() AND a.created_at = now()
		   AND a.action IN ('created', 'assigned', 'escalated');
		RAISE EXCEPTION USING ERRCODE = 'XX999', MESSAGE = res || ' | ' || feed;
	EXCEPTION
		WHEN SQLSTATE 'XX999' THEN
			RETURN 'ok ' || SQLERRM;	-- rolled back: every case starts from the same data
		WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, hint = PG_EXCEPTION_HINT;
			RETURN st || ' ' || SQLERRM || CASE WHEN hint <> '' THEN ' (hint: ' || hint || ')' ELSE '' END;
	END;
END
$fn$;

CREATE TEMP TABLE cases (no serial, what text, actor uuid, actor_is_tenant boolean DEFAULT false,
						 setup text, stmt text);

-- tenant 1: users 1–2 admins, 3–22 agents, 23… customers; ticket numbers by
-- state: 21 open unassigned, 1 open assigned (agent 17, customer 61 when
-- there are at least 39 customers), 4 pending, 6 resolved, 11 closed.
\set row '''(row_to_json(r)::jsonb - ''''id'''' - ''''created_at'''' - ''''updated_at'''')::text'''
INSERT INTO cases (what, actor, stmt)
SELECT what, actor, format(stmt, r)
  FROM (VALUES (:row)) v(r),
  LATERAL (VALUES
	-- create_ticket
	('create: agent for a customer', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket(' Parcel lost ', 'd', bench.id(3,1,2), 'high', bench.id(2,1,23)) r$$),
	('create: customer for themself', bench.id(2,1,24),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2)) r$$),
	('create: customer names own id', bench.id(2,1,24),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,24)) r$$),
	('create: customer for someone else', bench.id(2,1,24),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,25)) r$$),
	('create: staff without customer_id', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2)) r$$),
	('create: staff names an agent', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,4)) r$$),
	('create: staff names an admin', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,1)) r$$),
	('create: unknown customer', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,99999)) r$$),
	('create: customer of another tenant', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,2,23)) r$$),
	('create: unknown category', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,99), 'low', bench.id(2,1,23)) r$$),
	('create: category of another tenant', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,2,2), 'low', bench.id(2,1,23)) r$$),
	('create: blank subject', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket(E' \t ', 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('create: NULL subject', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket(NULL, 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('create: subject of 256 characters', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket(repeat('é', 256), 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('create: subject of 255 characters', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket(repeat('é', 255), 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('create: NULL description', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', NULL, bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('create: NULL category', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', NULL, 'low', bench.id(2,1,23)) r$$),
	('create: NULL priority', bench.id(2,1,3),
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), NULL, bench.id(2,1,23)) r$$),
	('create: no actor', NULL,
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	-- assign_agent
	('assign: unassigned open ticket', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,5)) r$$),
	('assign: reassign an assigned ticket', bench.id(2,1,1),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,1), bench.id(2,1,5)) r$$),
	('assign: pending ticket to an admin', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,4), bench.id(2,1,2)) r$$),
	('assign: resolved ticket', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,6), bench.id(2,1,9)) r$$),
	('assign: same agent again (no change)', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,1), bench.id(2,1,17)) r$$),
	('assign: closed ticket', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,11), bench.id(2,1,5)) r$$),
	('assign: by a customer', bench.id(2,1,24),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,5)) r$$),
	('assign: to a customer', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,24)) r$$),
	('assign: to an unknown user', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,99999)) r$$),
	('assign: to an agent of another tenant', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,2,5)) r$$),
	('assign: ticket of another tenant', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,2,21), bench.id(2,1,5)) r$$),
	('assign: unknown ticket', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,999999), bench.id(2,1,5)) r$$),
	('assign: NULL ticket', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(NULL, bench.id(2,1,5)) r$$),
	('assign: NULL agent', bench.id(2,1,3),
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), NULL) r$$),
	('assign: no actor', NULL,
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,5)) r$$),
	-- escalate
	('escalate: open ticket by an agent', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,2), '  Waiting a week  ') r$$),
	('escalate: pending ticket, no reason', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,4), bench.id(4,1,2)) r$$),
	('escalate: blank reason', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,2), bench.id(4,1,2), '   ') r$$),
	('escalate: an urgent ticket stays urgent', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,(SELECT min(n) FROM generate_series(1, 400) n WHERE mod(n, 20) IN (1,2,3,4,5) AND mod(7 * n + 1, 10) = 9)), bench.id(4,1,1)) r$$),
	('escalate: by the ticket''s customer', bench.id(2,1,61),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,3), 'me') r$$),
	('escalate: by another customer', bench.id(2,1,24),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,3), 'me') r$$),
	('escalate: resolved ticket', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,6), bench.id(4,1,2)) r$$),
	('escalate: closed ticket', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,11), bench.id(4,1,2)) r$$),
	('escalate: unknown type', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,99)) r$$),
	('escalate: type of another tenant', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,2,2)) r$$),
	('escalate: ticket of another tenant', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,2,1), bench.id(4,1,2)) r$$),
	('escalate: reason of 2001 characters', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,2), repeat('x', 2001)) r$$),
	('escalate: NULL type', bench.id(2,1,3),
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), NULL) r$$),
	('escalate: no actor', NULL,
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,2)) r$$)
  ) c(what, actor, stmt);

-- more cases: the tenant itself as actor, Unicode white space, and a row
-- changed after the actor was set (by postgres, rolled back with the case)
INSERT INTO cases (what, actor, actor_is_tenant, setup, stmt)
SELECT what, actor, is_tenant, setup, format(stmt, r)
  FROM (VALUES (:row)) v(r),
  LATERAL (VALUES
	('create: by the tenant (system actor)', bench.id(1,1,0), true, NULL,
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('assign: by the tenant (system actor)', bench.id(1,1,0), true, NULL,
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,5)) r$$),
	('escalate: by the tenant (system actor)', bench.id(1,1,0), true, NULL,
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,2), 'x') r$$),
	('create: subject in Unicode spaces', bench.id(2,1,3), false, NULL,
	 $$SELECT %s FROM @.create_ticket(U&'\3000\00A0Parcel\00A0lost\2003\FEFF', 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('create: subject of Unicode spaces only', bench.id(2,1,3), false, NULL,
	 $$SELECT %s FROM @.create_ticket(U&'\2002\3000 \0085', 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('escalate: reason of Unicode spaces only', bench.id(2,1,3), false, NULL,
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,2), U&'\00A0\2009') r$$),
	('create: deactivated customer', bench.id(2,1,3), false,
	 $$UPDATE supporthub.users SET active = false WHERE id = bench.id(2,1,23)$$,
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('assign: deactivated agent', bench.id(2,1,3), false,
	 $$UPDATE supporthub.users SET active = false WHERE id = bench.id(2,1,7)$$,
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,7)) r$$),
	('escalate: deleted escalation type', bench.id(2,1,3), false,
	 $$DELETE FROM supporthub.escalation_types WHERE id = bench.id(4,1,5)$$,
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,5)) r$$),
	('create: acting agent deactivated since act_as', bench.id(2,1,3), false,
	 $$UPDATE supporthub.users SET active = false WHERE id = bench.id(2,1,3)$$,
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('assign: acting agent deactivated since act_as', bench.id(2,1,3), false,
	 $$UPDATE supporthub.users SET active = false WHERE id = bench.id(2,1,3)$$,
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,5)) r$$),
	('escalate: acting customer deactivated since act_as', bench.id(2,1,61), false,
	 $$UPDATE supporthub.users SET active = false WHERE id = bench.id(2,1,61)$$,
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,3)) r$$),
	('create: acting agent made a customer since act_as', bench.id(2,1,3), false,
	 $$UPDATE supporthub.users SET role = 'customer' WHERE id = bench.id(2,1,3)$$,
	 $$SELECT %s FROM @.create_ticket('Parcel lost', 'd', bench.id(3,1,2), 'low', bench.id(2,1,23)) r$$),
	('assign: acting agent made a customer since act_as', bench.id(2,1,3), false,
	 $$UPDATE supporthub.users SET role = 'customer' WHERE id = bench.id(2,1,3)$$,
	 $$SELECT %s FROM @.assign_agent(bench.id(5,1,21), bench.id(2,1,5)) r$$),
	('escalate: acting agent made an admin since act_as', bench.id(2,1,3), false,
	 $$UPDATE supporthub.users SET role = 'admin' WHERE id = bench.id(2,1,3)$$,
	 $$SELECT %s FROM @.escalate(bench.id(5,1,1), bench.id(4,1,3)) r$$)
  ) c(what, actor, is_tenant, setup, stmt);

CREATE TEMP TABLE outcomes AS
SELECT no, what,
	   pg_temp.outcome('supporthub', actor, actor_is_tenant, setup, stmt) AS c,
	   pg_temp.outcome('bench_plpgsql', actor, actor_is_tenant, setup, stmt) AS plpgsql
  FROM cases ORDER BY no;

SELECT CASE WHEN c = plpgsql THEN 'same' ELSE 'DIFFERS' END AS "peer vs C", what,
	   left(c, 110) AS "C outcome"
  FROM outcomes ORDER BY no;
\x on
SELECT no, what, c, plpgsql FROM outcomes WHERE c IS DISTINCT FROM plpgsql ORDER BY no;
\x off
SELECT format('peer check: %s cases, %s differ', count(*), count(*) FILTER (WHERE c IS DISTINCT FROM plpgsql)) AS summary
  FROM outcomes \gset
\echo :summary
