-- test/bench/plpgsql_peer.sql — the PL/pgSQL peer: create_ticket,
-- assign_agent and escalate with the same rules, errors and writes as the
-- C API (SPEC §6, §7), the way a careful DBA would write them.
--
-- Same execution context as the C functions: SECURITY DEFINER, owned by
-- supporthub_api (neither superuser nor BYPASSRLS, so every policy applies
-- exactly as inside the extension), search_path pinned to pg_catalog,
-- pg_temp, the actor read from supporthub.current_*().  Every statement is
-- static SQL, so PL/pgSQL prepares it once per backend and reuses the plan
-- (what the C code does by hand with SPI_keepplan).
--
-- Written efficiently, not as a strawman:
--   * no SELECT … FOR UPDATE before an UPDATE (that writes the row twice):
--     each change is one guarded UPDATE … WHERE <the state it was decided
--     on>, and the step is decided again when it touches no row, as in C;
--   * no EXCEPTION blocks (each would cost a subtransaction per call).
-- Trimming follows the C code in a UTF-8 database (the benchmark's): ASCII
-- white space and the Unicode spaces engine_trim knows.
--
-- Where the C code lets a foreign key refuse a missing category or
-- escalation type and turns the error into "Category not found" in its
-- error handler, PL/pgSQL could only do that with an EXCEPTION block; the
-- cheaper honest equivalent is one index look-up before the write, which
-- is what this peer does.  Everything else is statement for statement what
-- the C code runs, except that PL/pgSQL issues the ticket, escalation and
-- activity writes as separate statements where C sends one statement with
-- data-modifying CTEs.

\set ON_ERROR_STOP 1

DROP SCHEMA IF EXISTS bench_plpgsql CASCADE;
CREATE SCHEMA bench_plpgsql;
COMMENT ON SCHEMA bench_plpgsql IS
	'Benchmark only: create_ticket, assign_agent and escalate written in PL/pgSQL with the rules of the C API';

-- ---------------------------------------------------------------- create_ticket
CREATE FUNCTION bench_plpgsql.create_ticket(subject text, description text, category_id uuid,
											 priority supporthub.ticket_priority DEFAULT 'medium',
											 customer_id uuid DEFAULT NULL)
RETURNS supporthub.tickets
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
	v_tenant	uuid := supporthub.current_tenant_id();
	v_user		uuid := supporthub.current_user_id();
	v_now_role	supporthub.user_role;
	v_now_active	boolean;
	v_role		supporthub.user_role := supporthub.current_user_role();
	v_subject	text;
	v_priority	supporthub.ticket_priority := coalesce(create_ticket.priority, 'medium');
	v_customer	uuid;
	v_crole		supporthub.user_role;
	v_cactive	boolean;
	v_number	bigint;
	r			supporthub.tickets;
BEGIN
	IF v_tenant IS NULL THEN
		RAISE EXCEPTION 'No actor is set for this transaction' USING ERRCODE = '42501',
			HINT = 'Call supporthub.act_as(user_id) or supporthub.act_as_tenant(tenant_id) first.';
	END IF;
	IF v_user IS NOT NULL THEN
		-- the acting user as the users table says now (C: actor_recheck)
		SELECT u.role, u.active INTO v_now_role, v_now_active
		  FROM supporthub.users u
		 WHERE u.tenant_id = v_tenant AND u.id = v_user;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'The acting user no longer exists' USING ERRCODE = '42501',
				HINT = 'Set the actor again with supporthub.act_as().';
		END IF;
		IF NOT v_now_active THEN
			RAISE EXCEPTION 'User is deactivated and cannot act' USING ERRCODE = '42501',
				HINT = 'An admin can reactivate the user with supporthub.update_user(id, active => true).';
		END IF;
		IF v_now_role <> supporthub.current_user_role() THEN
			RAISE EXCEPTION 'The acting user''s role has changed since the actor was set' USING ERRCODE = '42501',
				HINT = 'Set the actor again with supporthub.act_as().';
		END IF;
	END IF;
	IF create_ticket.subject IS NULL THEN
		RAISE EXCEPTION 'subject must not be null' USING ERRCODE = '22023';
	END IF;
	v_subject := btrim(create_ticket.subject, E' \t\n\r\f\v\u0085\u00A0\u1680\u180E\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF');
	IF v_subject = '' THEN
		RAISE EXCEPTION 'subject must not be empty' USING ERRCODE = '22023';
	END IF;
	IF char_length(v_subject) > 255 THEN
		RAISE EXCEPTION 'subject must be at most 255 characters' USING ERRCODE = '22023';
	END IF;
	IF create_ticket.description IS NULL THEN
		RAISE EXCEPTION 'description must not be null' USING ERRCODE = '22023';
	END IF;
	IF char_length(create_ticket.description) > 100000 THEN
		RAISE EXCEPTION 'description must be at most 100000 characters' USING ERRCODE = '22023';
	END IF;
	IF create_ticket.category_id IS NULL THEN
		RAISE EXCEPTION 'category_id must not be null' USING ERRCODE = '22023';
	END IF;

	IF v_role = 'customer' THEN
		-- customers raise tickets for themselves only
		IF create_ticket.customer_id IS NOT NULL AND create_ticket.customer_id <> v_user THEN
			RAISE EXCEPTION 'Customers may only create tickets for themselves' USING ERRCODE = '42501',
				HINT = 'Leave customer_id out (or pass your own id).';
		END IF;
		v_customer := v_user;
	ELSE
		IF create_ticket.customer_id IS NULL THEN
			RAISE EXCEPTION 'customer_id must not be null' USING ERRCODE = '22023',
				HINT = 'Staff create tickets on behalf of a customer: pass customer_id.';
		END IF;
		v_customer := create_ticket.customer_id;
		SELECT u.role, u.active INTO v_crole, v_cactive
		  FROM supporthub.users u
		 WHERE u.tenant_id = v_tenant AND u.id = v_customer;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'Customer not found' USING ERRCODE = 'PT404';
		END IF;
		IF v_crole <> 'customer' THEN
			RAISE EXCEPTION 'User is a% %, not a customer',
				CASE WHEN v_crole IN ('admin', 'agent') THEN 'n' ELSE '' END, v_crole USING ERRCODE = '22023';
		END IF;
		IF NOT v_cactive THEN
			RAISE EXCEPTION 'Customer is deactivated' USING ERRCODE = 'PT409';
		END IF;
	END IF;

	PERFORM FROM supporthub.categories c
	  WHERE c.tenant_id = v_tenant AND c.id = create_ticket.category_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'Category not found' USING ERRCODE = 'PT404';
	END IF;

	-- the counter row lock serialises numbering within this tenant only
	INSERT INTO supporthub.ticket_counters AS c (tenant_id, last_number)
	VALUES (v_tenant, 1)
	ON CONFLICT (tenant_id) DO UPDATE SET last_number = c.last_number + 1
	RETURNING c.last_number INTO v_number;

	INSERT INTO supporthub.tickets AS t
		(tenant_id, ticket_number, subject, description, priority, category_id, customer_id)
	VALUES (v_tenant, v_number, v_subject, create_ticket.description, v_priority,
			create_ticket.category_id, v_customer)
	RETURNING t.* INTO r;

	INSERT INTO supporthub.recent_activities
		(tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
	VALUES (v_tenant, v_user, 'created', 'ticket', r.id, r.id,
			jsonb_build_object(
				'ticket_number', jsonb_build_object('old', NULL, 'new', r.ticket_number),
				'subject', jsonb_build_object('old', NULL, 'new', v_subject),
				'status', jsonb_build_object('old', NULL, 'new', 'open'),
				'priority', jsonb_build_object('old', NULL, 'new', v_priority),
				'category_id', jsonb_build_object('old', NULL, 'new', r.category_id),
				'customer_id', jsonb_build_object('old', NULL, 'new', v_customer)));
	RETURN r;
END
$fn$;

-- ---------------------------------------------------------------- assign_agent
CREATE FUNCTION bench_plpgsql.assign_agent(ticket_id uuid, agent_id uuid)
RETURNS supporthub.tickets
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
	v_tenant	uuid := supporthub.current_tenant_id();
	v_user		uuid := supporthub.current_user_id();
	v_now_role	supporthub.user_role;
	v_now_active	boolean;
	v_arole		supporthub.user_role;
	v_aactive	boolean;
	old			supporthub.tickets;
	done		record;
BEGIN
	IF v_tenant IS NULL THEN
		RAISE EXCEPTION 'No actor is set for this transaction' USING ERRCODE = '42501',
			HINT = 'Call supporthub.act_as(user_id) or supporthub.act_as_tenant(tenant_id) first.';
	END IF;
	IF v_user IS NOT NULL THEN
		-- the acting user as the users table says now (C: actor_recheck)
		SELECT u.role, u.active INTO v_now_role, v_now_active
		  FROM supporthub.users u
		 WHERE u.tenant_id = v_tenant AND u.id = v_user;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'The acting user no longer exists' USING ERRCODE = '42501',
				HINT = 'Set the actor again with supporthub.act_as().';
		END IF;
		IF NOT v_now_active THEN
			RAISE EXCEPTION 'User is deactivated and cannot act' USING ERRCODE = '42501',
				HINT = 'An admin can reactivate the user with supporthub.update_user(id, active => true).';
		END IF;
		IF v_now_role <> supporthub.current_user_role() THEN
			RAISE EXCEPTION 'The acting user''s role has changed since the actor was set' USING ERRCODE = '42501',
				HINT = 'Set the actor again with supporthub.act_as().';
		END IF;
	END IF;
	IF NOT supporthub.current_actor_is_staff() THEN
		RAISE EXCEPTION 'Only agents and admins may assign tickets' USING ERRCODE = '42501';
	END IF;
	IF assign_agent.ticket_id IS NULL THEN
		RAISE EXCEPTION 'ticket_id must not be null' USING ERRCODE = '22023';
	END IF;
	IF assign_agent.agent_id IS NULL THEN
		RAISE EXCEPTION 'agent_id must not be null' USING ERRCODE = '22023';
	END IF;

	-- as the C code: the first attempt runs the statement blind, before the
	-- ticket is read; it reads the ticket itself (o) and changes it only if
	-- the agent is still o's (t), with the assignee share-locked, still
	-- active staff.  When it touches nothing the ticket is read and the step
	-- decided, then the same statement runs again.
	FOR attempt IN 1..21 LOOP
		-- the assignee as it is now (checked again after a lost race)
		SELECT u.role, u.active INTO v_arole, v_aactive
		  FROM supporthub.users u
		 WHERE u.tenant_id = v_tenant AND u.id = assign_agent.agent_id;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'Agent not found' USING ERRCODE = 'PT404';
		END IF;
		IF v_arole = 'customer' THEN
			RAISE EXCEPTION 'Tickets can only be assigned to agents and admins' USING ERRCODE = '22023';
		END IF;
		IF NOT v_aactive THEN
			RAISE EXCEPTION 'Agent is deactivated' USING ERRCODE = 'PT409';
		END IF;

		IF attempt > 1 THEN
			SELECT t.* INTO old FROM supporthub.tickets t
			 WHERE t.tenant_id = v_tenant AND t.id = assign_agent.ticket_id;
			IF NOT FOUND THEN
				RAISE EXCEPTION 'Ticket not found' USING ERRCODE = 'PT404';
			END IF;
			IF old.status = 'closed' THEN
				RAISE EXCEPTION 'Ticket % is closed', old.ticket_number USING ERRCODE = 'PT409',
					HINT = 'Closed is final; open a new ticket instead.';
			END IF;
			IF old.agent_id = assign_agent.agent_id THEN
				RETURN old;			-- already theirs: no change, no log
			END IF;
		END IF;

		UPDATE supporthub.tickets AS t
		   SET agent_id = assign_agent.agent_id, updated_at = now()
		  FROM supporthub.tickets AS o
		 WHERE t.tenant_id = v_tenant AND t.id = assign_agent.ticket_id
		   AND o.tenant_id = v_tenant AND o.id = assign_agent.ticket_id
		   AND t.status <> 'closed' AND o.agent_id IS DISTINCT FROM assign_agent.agent_id
		   AND t.agent_id IS NOT DISTINCT FROM o.agent_id
		   AND EXISTS (SELECT FROM supporthub.users a
						WHERE a.tenant_id = v_tenant AND a.id = assign_agent.agent_id
						  AND a.active AND a.role <> 'customer' FOR SHARE)
		RETURNING t AS tk, o.agent_id AS old_agent INTO done;
		IF FOUND THEN
			INSERT INTO supporthub.recent_activities
				(tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
			VALUES (v_tenant, v_user, 'assigned', 'ticket', assign_agent.ticket_id,
					assign_agent.ticket_id,
					jsonb_build_object('agent_id', jsonb_build_object('old', done.old_agent,
																	  'new', assign_agent.agent_id)));
			RETURN done.tk;
		END IF;
		-- changed under us: decide again on what is there now
	END LOOP;
	RAISE EXCEPTION 'Ticket % is changing too quickly', old.ticket_number
		USING ERRCODE = '40001', HINT = 'Try again.';
END
$fn$;

-- ---------------------------------------------------------------- escalate
CREATE FUNCTION bench_plpgsql.escalate(ticket_id uuid, type_id uuid, reason text DEFAULT NULL)
RETURNS supporthub.escalations
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
	v_tenant	uuid := supporthub.current_tenant_id();
	v_user		uuid := supporthub.current_user_id();
	v_now_role	supporthub.user_role;
	v_now_active	boolean;
	v_reason	text;
	v_number	bigint;
	v_status	supporthub.ticket_status;
	v_old		supporthub.ticket_priority;
	v_new		supporthub.ticket_priority;
	e			supporthub.escalations;
BEGIN
	IF v_tenant IS NULL THEN
		RAISE EXCEPTION 'No actor is set for this transaction' USING ERRCODE = '42501',
			HINT = 'Call supporthub.act_as(user_id) or supporthub.act_as_tenant(tenant_id) first.';
	END IF;
	IF v_user IS NOT NULL THEN
		-- the acting user as the users table says now (C: actor_recheck)
		SELECT u.role, u.active INTO v_now_role, v_now_active
		  FROM supporthub.users u
		 WHERE u.tenant_id = v_tenant AND u.id = v_user;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'The acting user no longer exists' USING ERRCODE = '42501',
				HINT = 'Set the actor again with supporthub.act_as().';
		END IF;
		IF NOT v_now_active THEN
			RAISE EXCEPTION 'User is deactivated and cannot act' USING ERRCODE = '42501',
				HINT = 'An admin can reactivate the user with supporthub.update_user(id, active => true).';
		END IF;
		IF v_now_role <> supporthub.current_user_role() THEN
			RAISE EXCEPTION 'The acting user''s role has changed since the actor was set' USING ERRCODE = '42501',
				HINT = 'Set the actor again with supporthub.act_as().';
		END IF;
	END IF;
	IF escalate.ticket_id IS NULL THEN
		RAISE EXCEPTION 'ticket_id must not be null' USING ERRCODE = '22023';
	END IF;
	IF escalate.type_id IS NULL THEN
		RAISE EXCEPTION 'type_id must not be null' USING ERRCODE = '22023';
	END IF;
	v_reason := nullif(btrim(escalate.reason, E' \t\n\r\f\v\u0085\u00A0\u1680\u180E\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u2028\u2029\u202F\u205F\u3000\uFEFF'), '');
	IF char_length(v_reason) > 2000 THEN
		RAISE EXCEPTION 'reason must be at most 2000 characters' USING ERRCODE = '22023';
	END IF;

	PERFORM FROM supporthub.escalation_types et
	  WHERE et.tenant_id = v_tenant AND et.id = escalate.type_id;
	IF NOT FOUND THEN
		RAISE EXCEPTION 'Escalation type not found' USING ERRCODE = 'PT404';
	END IF;

	-- as the C code: the first attempt runs blind, in one statement that
	-- reads the ticket (o), raises the priority one step from what it read
	-- and changes the ticket only if it is still open or pending with that
	-- priority; if it touched nothing, read and decide below
	WITH u AS (
		UPDATE supporthub.tickets AS t
		   SET priority = CASE o.priority WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high'
										  ELSE 'urgent' END::supporthub.ticket_priority,
			   updated_at = now()
		  FROM supporthub.tickets AS o
		 WHERE t.tenant_id = v_tenant AND t.id = escalate.ticket_id
		   AND o.tenant_id = v_tenant AND o.id = escalate.ticket_id
		   AND t.status IN ('open', 'pending') AND t.priority = o.priority
		RETURNING t.id, o.priority AS old_p, t.priority AS new_p),
	esc AS (
		INSERT INTO supporthub.escalations AS x
			(tenant_id, ticket_id, raised_by_user_id, type_id, reason)
		SELECT v_tenant, u.id, v_user, escalate.type_id, v_reason FROM u
		RETURNING x.*),
	feed AS (
		INSERT INTO supporthub.recent_activities
			(tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
		SELECT v_tenant, v_user, 'escalated', 'ticket', escalate.ticket_id, escalate.ticket_id,
			   CASE WHEN u.new_p = u.old_p THEN '{}'::jsonb
					ELSE jsonb_build_object('priority', jsonb_build_object('old', u.old_p, 'new', u.new_p)) END
			   || CASE WHEN v_reason IS NULL THEN '{}'::jsonb
					   ELSE jsonb_build_object('reason', jsonb_build_object('old', NULL, 'new', v_reason)) END
			   || jsonb_build_object(
					'escalation_id', jsonb_build_object('old', NULL, 'new', esc.id),
					'type_id', jsonb_build_object('old', NULL, 'new', escalate.type_id))
		  FROM esc, u)
	SELECT esc.* INTO e FROM esc;
	IF FOUND THEN
		RETURN e;
	END IF;

	FOR attempt IN 1..20 LOOP
		-- customers: their own tickets only (the read policy sees to it)
		SELECT t.ticket_number, t.status, t.priority INTO v_number, v_status, v_old
		  FROM supporthub.tickets t
		 WHERE t.tenant_id = v_tenant AND t.id = escalate.ticket_id;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'Ticket not found' USING ERRCODE = 'PT404';
		END IF;
		IF v_status = 'resolved' THEN
			RAISE EXCEPTION 'Ticket % is resolved', v_number USING ERRCODE = 'PT409',
				HINT = 'Reopen the ticket first.';
		ELSIF v_status = 'closed' THEN
			RAISE EXCEPTION 'Ticket % is closed', v_number USING ERRCODE = 'PT409',
				HINT = 'Closed is final; open a new ticket instead.';
		END IF;
		v_new := CASE v_old WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high' ELSE 'urgent' END;

		UPDATE supporthub.tickets AS t
		   SET priority = v_new, updated_at = now()
		 WHERE t.tenant_id = v_tenant AND t.id = escalate.ticket_id
		   AND t.status IN ('open', 'pending') AND t.priority = v_old;
		IF FOUND THEN
			INSERT INTO supporthub.escalations AS x
				(tenant_id, ticket_id, raised_by_user_id, type_id, reason)
			VALUES (v_tenant, escalate.ticket_id, v_user, escalate.type_id, v_reason)
			RETURNING x.* INTO e;
			INSERT INTO supporthub.recent_activities
				(tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)
			VALUES (v_tenant, v_user, 'escalated', 'ticket', escalate.ticket_id, escalate.ticket_id,
					CASE WHEN v_new = v_old THEN '{}'::jsonb
						 ELSE jsonb_build_object('priority', jsonb_build_object('old', v_old, 'new', v_new)) END
					|| CASE WHEN v_reason IS NULL THEN '{}'::jsonb
							ELSE jsonb_build_object('reason', jsonb_build_object('old', NULL, 'new', v_reason)) END
					|| jsonb_build_object(
						'escalation_id', jsonb_build_object('old', NULL, 'new', e.id),
						'type_id', jsonb_build_object('old', NULL, 'new', escalate.type_id)));
			RETURN e;
		END IF;
	END LOOP;
	RAISE EXCEPTION 'Ticket % is changing too quickly', v_number
		USING ERRCODE = '40001', HINT = 'Try again.';
END
$fn$;

-- Same privileges and owner as the C API's SECURITY DEFINER functions.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA bench_plpgsql FROM PUBLIC;
GRANT USAGE ON SCHEMA bench_plpgsql TO supporthub_service;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA bench_plpgsql TO supporthub_service;
ALTER FUNCTION bench_plpgsql.create_ticket(text, text, uuid, supporthub.ticket_priority, uuid) OWNER TO supporthub_api;
ALTER FUNCTION bench_plpgsql.assign_agent(uuid, uuid) OWNER TO supporthub_api;
ALTER FUNCTION bench_plpgsql.escalate(uuid, uuid, text) OWNER TO supporthub_api;
