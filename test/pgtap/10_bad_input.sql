-- 10_bad_input: the bad-input matrix of SPEC §7 and §8, over EVERY function
-- of schema supporthub (taken from pg_proc, so a new function is covered
-- without touching this file).
--
-- For each function and each argument, the function is called with that
-- argument replaced by: NULL, '', '   ', other white space (tab, newline,
-- Unicode spaces), invisible, text-direction and control characters and a
-- lone combining mark, a 1 MB string, 'not-a-uuid', the id
-- of an object of another tenant, the id of another kind of object, and for
-- integer arguments 0, -1 and the type's maximum, for jsonb arguments
-- (the tenant settings) documents that are not an object of settings (JSON
-- null, an array, a string, a number, an unknown key, a 1 MB key or value,
-- a nested object, numbers too large, too small or negative, a uuid of
-- another tenant, every key at once with a wrong value), for text[]
-- arguments (a ticket's tags) arrays with a NULL, an empty or blank element,
-- spaces, quotes, an emoji or a control character inside, 51 characters,
-- 1 MB and 10 MB elements, 21 and 100,000 elements, two dimensions, for a
-- search query operators only, unbalanced or only quotes, a bare #, a
-- number too big, 1,000 and 1,001 characters, a word of 4,000 bytes and
-- emoji only; one argument per
-- function (its first text argument, else its first argument) also gets a
-- 10 MB string.  The other arguments get valid values from the shared fixture
-- (test/fixture/fixture.sql).  Each call runs in a subtransaction that
-- is always rolled back (a success is signalled by a private SQLSTATE), so
-- no call changes what the next one sees.
--
-- Every call must succeed or fail with a documented SQLSTATE — 22023,
-- 22P02, 23505, 23503, PT404, 42501, PT409, 40001, PT401, PT429 — never anything else
-- (XX000, 23502, 23514, 0A000, 54000, …), no message may show a constraint
-- name, a C file name or SQL text, and the connection must still work
-- afterwards.  Text that cannot be cast to an argument's type (uuid, enum,
-- boolean, integer) fails with PostgreSQL's own 22P02 before the function
-- runs: that is allowed.
--
-- Tenant-scoped functions run as the admin of tenant A; the platform
-- (tenant) functions run with no actor.  Runs as sh_app, a non-superuser
-- LOGIN role.
BEGIN;
SELECT plan((SELECT count(*)::integer FROM pg_catalog.pg_proc
			  WHERE pronamespace = 'supporthub'::regnamespace) + 13 + 27);

-- =================================================================== fixture
-- The shared fixture (test/fixture/fixture.sql): two tenants, A and B, each
-- with every kind of object.  The matrix names objects by kind; this maps
-- each kind to one object of the fixture (a ticket and a chat of that
-- ticket, both open, so the all-valid calls go through).
CREATE TEMP TABLE bi_fixture (side text, kind text, id uuid, PRIMARY KEY (side, kind));
INSERT INTO bi_fixture
SELECT f.side, k.kind, f.id
  FROM (VALUES ('tenant', 'tenant'), ('admin', 'admin'), ('agent', 'agent'), ('user', 'agent'),
			   ('customer', 'customer'), ('category', 'billing'), ('escalation_type', 'manager'),
			   ('template', 'refund'), ('ticket', 't_reopened'), ('escalation', 'escalation'),
			   ('chat', 'c_open'), ('message', 'message'), ('recording', 'recording'),
			   ('communication', 'call'), ('activity', 'last_activity')) AS k(kind, name)
  JOIN public.fixture f ON f.name = k.name;

SELECT is((SELECT count(*) FROM bi_fixture WHERE id IS NOT NULL), 30::bigint,
	'fixture: two tenants, each with admin, agent, customer, category, escalation type, template, ticket, escalation, chat, message, recording, communication and activity');

-- Live tokens of a customer of A, for the arguments that take one (a
-- made-up value would only ever test the refusal).
CREATE TEMP TABLE bi_tokens AS
SELECT s.access_token, s.email_verification_token
  FROM bi_fixture f,
	   LATERAL supporthub.sign_up(f.id, 'Bea Bad-Input', 'bea@bad-input.example', 'bea password 1') s
 WHERE f.side = 'A' AND f.kind = 'tenant';

-- Everything below runs as the admin of tenant A (until the ROLLBACK).
SELECT supporthub.act_as(id) FROM bi_fixture WHERE side = 'A' AND kind = 'admin';

-- =================================================================== helpers
-- Id of a fixture object; an unknown kind falls back to the ticket.
CREATE FUNCTION pg_temp.bi_fx(p_side text, p_kind text) RETURNS uuid LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT id FROM bi_fixture WHERE side = p_side AND kind = p_kind),
					(SELECT id FROM bi_fixture WHERE side = p_side AND kind = 'ticket'))
$$;

-- Kind of object a uuid argument names, from the function and argument
-- names (get_category_by_id(id) → category, assign_agent(agent_id) → agent).
CREATE FUNCTION pg_temp.bi_kind(p_fn text, p_arg text) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN k IN (SELECT kind FROM bi_fixture) THEN k ELSE 'ticket' END
	  FROM (SELECT CASE
			WHEN p_arg = 'id' THEN regexp_replace(regexp_replace(p_fn, '^(get|update|delete)_', ''), '_by_id$', '')
			WHEN p_arg = 'after' THEN CASE p_fn WHEN 'get_users' THEN 'user' WHEN 'get_tenants' THEN 'tenant'
											   WHEN 'get_chat_msgs' THEN 'message'
											   WHEN 'get_recent_activities' THEN 'activity' ELSE 'ticket' END
			WHEN p_arg IN ('ticket_id', 'ref_id') THEN 'ticket'
			WHEN p_arg = 'user_id' THEN 'admin'
			WHEN p_arg = 'type_id' THEN 'escalation_type'
			WHEN p_arg ~ '_id$' THEN regexp_replace(p_arg, '_id$', '')
			ELSE 'ticket' END) s(k)
$$;

-- Another kind of object than k (a category where a ticket is expected …).
CREATE FUNCTION pg_temp.bi_other_kind(k text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE k WHEN 'ticket' THEN 'category' WHEN 'tenant' THEN 'admin'
				  WHEN 'message' THEN 'chat' ELSE 'ticket' END
$$;

-- A valid value (as text) for an argument; NULL where NULL is the normal
-- value (the keyset cursor "after").
CREATE FUNCTION pg_temp.bi_valid(p_fn text, p_arg text, p_type regtype) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT CASE
		WHEN p_type = 'uuid'::regtype THEN
			CASE WHEN p_arg = 'after' THEN NULL ELSE pg_temp.bi_fx('A', pg_temp.bi_kind(p_fn, p_arg))::text END
		WHEN p_type = 'boolean'::regtype THEN (p_arg = 'active')::text
		WHEN p_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
			CASE p_arg WHEN 'page_size' THEN '10' ELSE '1' END	-- ticket_number 1 is ticket A
		WHEN t.typtype = 'e' THEN
			coalesce((SELECT e.enumlabel FROM pg_catalog.pg_enum e
					   WHERE e.enumtypid = p_type
						 AND e.enumlabel = CASE p_arg
							WHEN 'role' THEN 'agent'
							WHEN 'status' THEN CASE p_fn WHEN 'set_ticket_status' THEN 'pending' ELSE 'open' END
							WHEN 'priority' THEN 'high'
							WHEN 'ref_type' THEN 'ticket'
							WHEN 'type' THEN CASE WHEN p_fn = 'log_communication' THEN 'call' ELSE 'sms' END
							END),
					 (SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = p_type
					   ORDER BY e.enumsortorder LIMIT 1))
		WHEN p_type IN ('json'::regtype, 'jsonb'::regtype) THEN '{}'
		WHEN p_type = 'text[]'::regtype THEN '{billing,Urgent}'
		WHEN p_type = 'inet'::regtype THEN '192.0.2.1'
		WHEN t.typcategory = 'N' THEN '1'
		WHEN t.typcategory = 'D' THEN '2024-01-01 12:00:00+00'
		ELSE CASE p_arg WHEN 'email' THEN 'fresh@bad-input.example'
						WHEN 'access_token' THEN (SELECT access_token FROM bi_tokens)
						WHEN 'token' THEN (SELECT email_verification_token FROM bi_tokens)
						WHEN 'password' THEN 'fresh password 1'
						WHEN 'url' THEN 'https://recordings.example.com/42'
						WHEN 'tag' THEN 'billing'
						WHEN 'query' THEN 'parcel'
						ELSE 'Fresh value' END
		END
	  FROM pg_catalog.pg_type t WHERE t.oid = p_type
$$;

-- Documents a jsonb argument (the tenant settings) must refuse: each is
-- valid JSON, and wrong as settings.
CREATE FUNCTION pg_temp.bi_bad_documents() RETURNS TABLE (kase text, val text) LANGUAGE sql STABLE AS $$
	VALUES ('document: JSON null', 'null'),
		   ('document: array', '[{"auto_assign": true}]'),
		   ('document: string', '"auto_assign"'),
		   ('document: number', '42'),
		   ('document: unknown key', '{"no_such_setting": 1}'),
		   ('document: empty key', '{"": true}'),
		   ('document: 1 MB key', '{"' || repeat('k', 1048576) || '": 1}'),
		   ('document: 1 MB value', '{"time_zone": "' || repeat('x', 1048576) || '"}'),
		   ('document: nested object', '{"self_sign_up": {"self_sign_up": true}}'),
		   ('document: huge number', '{"max_sessions_per_user": 1e300}'),
		   ('document: tiny fraction', '{"agent_refund_limit": 1e-300}'),
		   ('document: negative amount', '{"agent_refund_limit": -0.01}'),
		   ('document: other tenant''s escalation type',
			jsonb_build_object('sla_escalation_type_id', pg_temp.bi_fx('B', 'escalation_type'))::text),
		   ('document: every key wrong', '{"self_sign_up": "yes", "max_sessions_per_user": 2.5,'
			' "access_token_minutes": "15", "refresh_token_days": null, "refresh_reuse_seconds": -1,'
			' "auto_assign": 1, "sla_escalation_type_id": 42, "agent_refund_limit": "12.50",'
			' "currency": "usd", "time_zone": "UTC+3"}')
$$;

-- Arrays a text[] argument (a ticket's tags) must refuse or normalise:
-- each is a valid array literal.
CREATE FUNCTION pg_temp.bi_bad_arrays() RETURNS TABLE (kase text, val text) LANGUAGE sql STABLE AS $$
	VALUES ('array: empty', '{}'),
		   ('array: NULL element', '{a,NULL}'),
		   ('array: empty element', '{a,""}'),
		   ('array: element of spaces', '{"   "}'),
		   ('array: space inside', '{"two words"}'),
		   ('array: quote', '{"it''s"}'),
		   ('array: double quote', '{"say \"hi\""}'),
		   ('array: emoji', '{"fire🔥"}'),
		   ('array: control character', E'{"bell\u0007"}'),
		   ('array: 51 characters', '{' || repeat('x', 51) || '}'),
		   ('array: 1 MB element', '{' || repeat('x', 1048576) || '}'),
		   ('array: 10 MB element', '{' || repeat('x', 10 * 1048576) || '}'),
		   ('array: 21 elements', '{' || (SELECT string_agg('t' || i, ',') FROM generate_series(1, 21) i) || '}'),
		   ('array: 100,000 elements', '{' || (SELECT string_agg('t' || i, ',') FROM generate_series(1, 100000) i) || '}'),
		   ('array: two dimensions', '{{a,b},{c,d}}'),
		   ('array: lower bound 5', '[5:6]={a,b}')
$$;

-- Queries a search argument must take without a syntax error (or refuse
-- with 22023): websearch_to_tsquery syntax gone wrong, and the limits.
CREATE FUNCTION pg_temp.bi_bad_queries() RETURNS TABLE (kase text, val text) LANGUAGE sql STABLE AS $$
	VALUES ('query: operators only', '-- | & ! <->'),
		   ('query: unbalanced quote', '"foo'),
		   ('query: tsquery syntax', 'a & (b | !c'),
		   ('query: only quotes', '""""'),
		   ('query: #', '#'),
		   ('query: huge number', '#99999999999999999999'),
		   ('query: 1000 characters', repeat('a ', 500)),
		   ('query: 1001 characters', repeat('a', 1001)),
		   ('query: a word of 4000 bytes', repeat('語', 1000)),
		   ('query: emoji only', '🔥🔥')
$$;

-- The bad values for one argument.
CREATE FUNCTION pg_temp.bi_cases(p_fn text, p_arg text, p_type regtype, p_big boolean)
RETURNS TABLE (kase text, val text) LANGUAGE sql STABLE AS $$
	SELECT 'null', NULL::text
	UNION ALL SELECT 'empty', ''
	UNION ALL SELECT 'spaces', '   '
	UNION ALL SELECT 'other white space', E'\t\n\u00a0\u2003\u3000\ufeff'	-- tab, newline, NBSP, em, ideographic, BOM
	UNION ALL SELECT 'invisible only', E'\u200c\u200e\u2060'	-- ZWNJ, LRM, word joiner
	UNION ALL SELECT 'bidi override', E'\u202eBilling\u202c'	-- RLO … PDF around a name
	UNION ALL SELECT 'invisible prefix', E'\u200eBilling'		-- LRM, then a name
	UNION ALL SELECT 'lone combining mark', E'\u0301'
	UNION ALL SELECT 'control character', E'Bell\u0007ing'
	UNION ALL SELECT '1 MB', repeat('x', 1048576)
	UNION ALL SELECT 'malformed uuid', 'not-a-uuid'
	UNION ALL SELECT 'other tenant''s id', pg_temp.bi_fx('B', pg_temp.bi_kind(p_fn, p_arg))::text
	UNION ALL SELECT 'other kind''s id', pg_temp.bi_fx('A', pg_temp.bi_other_kind(pg_temp.bi_kind(p_fn, p_arg)))::text
	UNION ALL SELECT v.k, v.v FROM (VALUES ('0', '0'), ('-1', '-1')) v(k, v)
	   WHERE p_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype)
	UNION ALL SELECT 'max', CASE p_type WHEN 'smallint'::regtype THEN '32767' ELSE '2147483647' END
	   WHERE p_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype)
	UNION ALL SELECT 'max int8', '9223372036854775807' WHERE p_type = 'bigint'::regtype
	UNION ALL SELECT v.k, v.v FROM pg_temp.bi_bad_documents() v(k, v) WHERE p_type = 'jsonb'::regtype
	UNION ALL SELECT v.k, v.v FROM pg_temp.bi_bad_arrays() v(k, v) WHERE p_type = 'text[]'::regtype
	UNION ALL SELECT v.k, v.v FROM pg_temp.bi_bad_queries() v(k, v) WHERE p_arg = 'query'
	UNION ALL SELECT '10 MB', repeat('x', 10 * 1048576) WHERE p_big
$$;

-- Functions of the schema and why one is not called (NULL = it is).
CREATE FUNCTION pg_temp.bi_functions()
RETURNS TABLE (fn oid, proname name, nargs integer, argtypes regtype[], argnames text[],
			   secdef boolean, excluded text)
LANGUAGE sql STABLE AS $$
	SELECT p.oid, p.proname, p.pronargs::integer,
		   ARRAY(SELECT a::regtype FROM unnest(p.proargtypes) WITH ORDINALITY u(a, n) ORDER BY n),
		   ARRAY(SELECT coalesce(p.proargnames[n], '$' || n) FROM generate_series(1, p.pronargs) n ORDER BY n),
		   p.prosecdef,
		   CASE WHEN p.prokind <> 'f' THEN 'not a plain function (prokind ' || p.prokind::text || ')'
				WHEN p.prorettype IN ('trigger'::regtype, 'event_trigger'::regtype, 'internal'::regtype)
					THEN 'returns ' || p.prorettype::regtype::text || ': not callable from SQL'
				WHEN EXISTS (SELECT FROM unnest(p.proargtypes) a JOIN pg_catalog.pg_type t ON t.oid = a
							  WHERE t.typtype = 'p')
					THEN 'takes a pseudo-type argument'
		   END
	  FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace
$$;

-- What every call left behind.
CREATE TEMP TABLE bi_outcome (
	fn			regprocedure,
	proname		text,
	argno		integer,		-- 0: the all-valid call
	argname		text,
	kase		text,
	cast_fails	boolean,		-- the value is not valid text for the argument's type
	sqlstate	text,			-- NULL: success
	message		text,			-- message, detail, hint, context: first 300 characters
	detail		text,
	hint		text,
	api_context text,			-- CONTEXT without the lines of this test's own EXECUTE
	leaks		text			-- what the error showed that it must not (NULL: nothing)
);

-- One call: p_vals are the argument values as text (NULL = SQL NULL), each
-- cast to its declared type.  Always rolled back.
CREATE FUNCTION pg_temp.bi_call(p_fn oid, p_argno integer, p_kase text, p_vals text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	f record;
	args text := '';
	i integer;
	cast_fails boolean := false;
	st text; msg text; det text; hnt text; ctx text;
	con text; tbl text; col text; sch text; typ text;
	api_ctx text;
	seen text;
BEGIN
	SELECT * INTO f FROM pg_temp.bi_functions() b WHERE b.fn = p_fn;
	FOR i IN 1 .. f.nargs LOOP
		args := args || CASE WHEN i > 1 THEN ', ' ELSE '' END
					 || format('%L::%s', p_vals[i], f.argtypes[i]);
	END LOOP;
	-- is the replaced value valid input for its type at all?
	IF p_argno > 0 AND p_vals[p_argno] IS NOT NULL
	   AND f.argtypes[p_argno] NOT IN ('text'::regtype, 'character varying'::regtype) THEN
		BEGIN
			EXECUTE format('SELECT %L::%s', p_vals[p_argno], f.argtypes[p_argno]);
		EXCEPTION WHEN OTHERS THEN
			cast_fails := true;
		END;
	END IF;

	BEGIN
		IF f.proname ~ '^(create|get|update|delete)_tenants?(_by_id)?$' THEN
			PERFORM supporthub.reset_actor();	-- platform functions need no actor
		END IF;
		EXECUTE format('/* bad-input */ SELECT count(*) FROM %I.%I(%s)', 'supporthub', f.proname, args);
		RAISE EXCEPTION 'call succeeded' USING ERRCODE = 'BI000';	-- roll the call back
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL,
			hnt = PG_EXCEPTION_HINT, ctx = PG_EXCEPTION_CONTEXT, con = CONSTRAINT_NAME,
			tbl = TABLE_NAME, col = COLUMN_NAME, sch = SCHEMA_NAME, typ = PG_DATATYPE_NAME;
	END;
	IF st = 'BI000' THEN
		st := NULL; msg := NULL; det := NULL; hnt := NULL; ctx := NULL;
		con := NULL; tbl := NULL; col := NULL; sch := NULL; typ := NULL;
	END IF;

	-- the context lines the API added: innermost lines come first, so they
	-- are those before the first line of this harness (its EXECUTE'd
	-- statement or one of its PL/pgSQL functions)
	SELECT string_agg(t.l, E'\n' ORDER BY t.n) INTO api_ctx
	  FROM string_to_table(ctx, E'\n') WITH ORDINALITY t(l, n)
	 WHERE t.n < coalesce((SELECT min(h.n) FROM string_to_table(ctx, E'\n') WITH ORDINALITY h(l, n)
							WHERE h.l LIKE 'SQL statement "/* bad-input */%' OR h.l LIKE 'PL/pgSQL function %'),
						  2147483647);
	seen := concat_ws(E'\n', msg, det, hnt);
	INSERT INTO bi_outcome VALUES (
		p_fn, f.proname, p_argno, CASE WHEN p_argno > 0 THEN f.argnames[p_argno] END, p_kase, cast_fails,
		st, left(msg, 300), left(det, 300), left(hnt, 300), left(api_ctx, 300),
		nullif(concat_ws(', ',
			CASE WHEN seen ~ '_(fkey|key|pkey|check)' THEN 'a constraint name' END,
			CASE WHEN concat_ws(E'\n', seen, api_ctx) ~ 'supporthub\.c\M' OR position('.c:' IN concat_ws(E'\n', seen, api_ctx)) > 0
				 THEN 'a C file name' END,
			CASE WHEN position('SQL statement' IN concat_ws(E'\n', seen, api_ctx)) > 0 THEN 'SQL text' END,
			CASE WHEN concat(con, tbl, col, sch, typ) <> ''
				 THEN format('error fields (constraint %s, table %s, column %s, schema %s, datatype %s)',
							 con, tbl, col, sch, typ) END), ''));
END
$$;

-- =================================================================== the matrix
DO $matrix$
DECLARE
	f record;
	c record;
	vals text[];
	v text[];
	big integer;
	i integer;
BEGIN
	FOR f IN SELECT * FROM pg_temp.bi_functions() WHERE excluded IS NULL ORDER BY proname, fn LOOP
		vals := ARRAY(SELECT pg_temp.bi_valid(f.proname, f.argnames[n], f.argtypes[n])
						FROM generate_series(1, f.nargs) n ORDER BY n);
		PERFORM pg_temp.bi_call(f.fn, 0, 'all valid', vals);
		-- the 10 MB value goes to the first text argument, else the first one
		big := coalesce((SELECT min(n) FROM generate_series(1, f.nargs) n
						  WHERE f.argtypes[n] IN ('text'::regtype, 'character varying'::regtype)),
						CASE WHEN f.nargs > 0 THEN 1 END);
		FOR i IN 1 .. f.nargs LOOP
			FOR c IN SELECT * FROM pg_temp.bi_cases(f.proname, f.argnames[i], f.argtypes[i], i = big) LOOP
				v := vals;
				v[i] := c.val;
				PERFORM pg_temp.bi_call(f.fn, i, c.kase, v);
			END LOOP;
		END LOOP;
	END LOOP;
END
$matrix$;

-- =================================================================== ratings, as the customer
-- The matrix above runs as an admin, whom rate_ticket refuses (42501)
-- after checking the arguments: here the ticket's customer calls
-- rate_ticket and get_ticket_rating, on the fixture's resolved ticket
-- (rated at fixture time, so within the 7 days), through the same bi_call
-- (rolled back; its outcome recorded, so the assertions below on SQLSTATEs
-- and on what an error may show cover these calls too).
CREATE TEMP TABLE bi_rating_cases (kase text PRIMARY KEY, fn regprocedure, argno integer, vals text[], expected text);
INSERT INTO bi_rating_cases
SELECT 'customer: ' || c.kase, c.fn::regprocedure, c.argno, c.vals, c.expected
  FROM (SELECT (SELECT id::text FROM public.fixture WHERE side = 'A' AND name = 't_resolved') AS t,
			   (SELECT id::text FROM public.fixture WHERE side = 'B' AND name = 't_resolved') AS b_t,
			   (SELECT id::text FROM public.fixture WHERE side = 'A' AND name = 'billing') AS cat) f,
	   LATERAL (VALUES
		('rate_ticket, all valid', 'supporthub.rate_ticket(uuid,integer,text)', 0, ARRAY[f.t, '5', 'Great'], 'ok'),
		('rate_ticket, no comment', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', NULL], 'ok'),
		('rate_ticket, NULL ticket_id', 'supporthub.rate_ticket(uuid,integer,text)', 1, ARRAY[NULL, '3', NULL], '22023'),
		('rate_ticket, malformed ticket_id', 'supporthub.rate_ticket(uuid,integer,text)', 1, ARRAY['not-a-uuid', '3', NULL], '22P02'),
		('rate_ticket, a ticket of B', 'supporthub.rate_ticket(uuid,integer,text)', 1, ARRAY[f.b_t, '3', NULL], 'PT404'),
		('rate_ticket, a category''s id', 'supporthub.rate_ticket(uuid,integer,text)', 1, ARRAY[f.cat, '3', NULL], 'PT404'),
		('rate_ticket, NULL score', 'supporthub.rate_ticket(uuid,integer,text)', 2, ARRAY[f.t, NULL, NULL], '22023'),
		('rate_ticket, score 0', 'supporthub.rate_ticket(uuid,integer,text)', 2, ARRAY[f.t, '0', NULL], '22023'),
		('rate_ticket, score 6', 'supporthub.rate_ticket(uuid,integer,text)', 2, ARRAY[f.t, '6', NULL], '22023'),
		('rate_ticket, score -1', 'supporthub.rate_ticket(uuid,integer,text)', 2, ARRAY[f.t, '-1', NULL], '22023'),
		('rate_ticket, score 2147483647', 'supporthub.rate_ticket(uuid,integer,text)', 2, ARRAY[f.t, '2147483647', NULL], '22023'),
		('rate_ticket, score -2147483648', 'supporthub.rate_ticket(uuid,integer,text)', 2, ARRAY[f.t, '-2147483648', NULL], '22023'),
		('rate_ticket, score x', 'supporthub.rate_ticket(uuid,integer,text)', 2, ARRAY[f.t, 'x', NULL], '22P02'),
		('rate_ticket, empty comment', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', ''], '22023'),
		('rate_ticket, white-space comment', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', E' \t\n\u00a0'], '22023'),
		('rate_ticket, comment with a control character', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', E'Bell\u0007ing'], '22023'),
		('rate_ticket, comment with a text-direction mark (kept)', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', E'\u200eGreat'], 'ok'),
		('rate_ticket, 1 MB comment', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', repeat('x', 1048576)], '22023'),
		('rate_ticket, 10 MB comment', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', repeat('x', 10485760)], '22023'),
		('rate_ticket, comment of 65,537 characters', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', repeat('x', 65537)], '22023'),
		('rate_ticket, comment of 65,536 characters (two bytes each)', 'supporthub.rate_ticket(uuid,integer,text)', 3, ARRAY[f.t, '3', repeat('é', 65536)], 'ok'),
		('get_ticket_rating, all valid', 'supporthub.get_ticket_rating(uuid)', 0, ARRAY[f.t], 'ok'),
		('get_ticket_rating, NULL', 'supporthub.get_ticket_rating(uuid)', 1, ARRAY[NULL], '22023'),
		('get_ticket_rating, malformed', 'supporthub.get_ticket_rating(uuid)', 1, ARRAY['not-a-uuid'], '22P02'),
		('get_ticket_rating, a ticket of B', 'supporthub.get_ticket_rating(uuid)', 1, ARRAY[f.b_t], 'PT404'),
		('get_ticket_rating, a category''s id', 'supporthub.get_ticket_rating(uuid)', 1, ARRAY[f.cat], 'PT404'),
		('get_ticket_rating, an open ticket of theirs (no rating)', 'supporthub.get_ticket_rating(uuid)', 1,
		 ARRAY[(SELECT id::text FROM public.fixture WHERE side = 'A' AND name = 't_open')], 'PT404')
	   ) AS c(kase, fn, argno, vals, expected);
SELECT supporthub.act_as(id) FROM public.fixture WHERE side = 'A' AND name = 'customer';
SELECT count(pg_temp.bi_call(fn, argno, kase, vals)) AS ignored FROM bi_rating_cases \gset
SELECT supporthub.act_as(id) FROM bi_fixture WHERE side = 'A' AND kind = 'admin';
SELECT is(coalesce(o.sqlstate, 'ok'), c.expected,
		  format('ratings, as the ticket''s customer: %s -> %s', substr(c.kase, 11), c.expected))
  FROM bi_rating_cases c LEFT JOIN bi_outcome o ON o.fn = c.fn AND o.kase = c.kase
 ORDER BY c.kase;

-- =================================================================== assertions
-- One per function: no outcome outside the documented set.
SELECT CASE
	WHEN s.excluded IS NOT NULL THEN
		is(s.calls, 0::bigint, format('%s is not called: %s', s.fn::regprocedure, s.excluded))
	ELSE
		is(s.bad, 0::bigint,
		   format('%s: %s call(s), each a success or a documented SQLSTATE (22023 22P02 23505 23503 PT404 42501 PT409 40001 PT401 PT429)',
				  s.fn::regprocedure, s.calls))
		|| CASE WHEN s.bad > 0 THEN E'\n' || diag(s.rows) ELSE '' END
	END
  FROM (SELECT b.fn, b.excluded,
			   (SELECT count(*) FROM bi_outcome o WHERE o.fn = b.fn) AS calls,
			   (SELECT count(*) FROM bi_outcome o WHERE o.fn = b.fn
				   AND o.sqlstate NOT IN ('22023', '22P02', '23505', '23503', 'PT404', '42501', 'PT409', '40001', 'PT401', 'PT429')) AS bad,
			   (SELECT string_agg(format('%s(%s = %s) -> %s: %s', o.proname, coalesce(o.argname, 'all args valid'),
										 o.kase, o.sqlstate, o.message), E'\n' ORDER BY o.argno, o.kase)
				  FROM bi_outcome o WHERE o.fn = b.fn
				   AND o.sqlstate NOT IN ('22023', '22P02', '23505', '23503', 'PT404', '42501', 'PT409', '40001', 'PT401', 'PT429')) AS rows
		  FROM pg_temp.bi_functions() b
		 ORDER BY b.proname, b.fn) s;

-- The matrix is complete: every function, every argument, every case.
SELECT is((SELECT count(*) FROM (
			SELECT b.fn, 0 AS argno, 'all valid' AS kase FROM pg_temp.bi_functions() b WHERE b.excluded IS NULL
			UNION ALL
			SELECT b.fn, n, c.kase
			  FROM pg_temp.bi_functions() b
			 CROSS JOIN generate_series(1, b.nargs) n
			 CROSS JOIN LATERAL (SELECT kase FROM pg_temp.bi_cases(b.proname, b.argnames[n], b.argtypes[n], false)
								 UNION ALL SELECT '10 MB'
								  WHERE n = coalesce((SELECT min(m) FROM generate_series(1, b.nargs) m
													   WHERE b.argtypes[m] IN ('text'::regtype, 'character varying'::regtype)), 1)) c
			 WHERE b.excluded IS NULL
			EXCEPT
			SELECT o.fn, o.argno, o.kase FROM bi_outcome o) missing), 0::bigint,
	format('the matrix is complete: %s calls over %s functions, every argument with every case (10 MB included)',
		   (SELECT count(*) FROM bi_outcome), (SELECT count(DISTINCT fn) FROM bi_outcome)));

-- The valid values are valid: every all-valid call got past its arguments'
-- input functions (else a new argument type needs a value in bi_valid).
SELECT is((SELECT string_agg(format('%s -> %s: %s', proname, sqlstate, message), '; ')
			 FROM bi_outcome WHERE argno = 0 AND sqlstate = '22P02'), NULL,
	'every all-valid call gets past PostgreSQL''s input functions');

-- Text a type cannot take fails in PostgreSQL's own input function: 22P02.
SELECT is((SELECT string_agg(format('%s(%s = %s) -> %s', proname, argname, kase, coalesce(sqlstate, 'success')), '; ')
			 FROM bi_outcome WHERE cast_fails AND sqlstate IS DISTINCT FROM '22P02'), NULL,
	'every value that is not valid text for a uuid, enum, boolean or integer argument fails with 22P02');

-- Names are read by people: a name, label, title, subject, email or URL
-- holding an invisible, text-direction or control character, or starting
-- with a combining mark, is refused with 22023 naming the argument
-- (wherever the same call with valid arguments goes through).
SELECT is((SELECT string_agg(format('%s(%s = %s) -> %s: %s', o.proname, o.argname, o.kase,
									 coalesce(o.sqlstate, 'success'), o.message), E'\n')
			 FROM bi_outcome o
			 JOIN pg_catalog.pg_proc p ON p.oid = o.fn AND p.prosecdef	-- the API's functions
			WHERE o.argname IN ('name', 'label', 'title', 'subject', 'email', 'url')
			  AND o.kase IN ('invisible only', 'bidi override', 'invisible prefix', 'lone combining mark', 'control character')
			  AND EXISTS (SELECT FROM bi_outcome v WHERE v.fn = o.fn AND v.argno = 0 AND v.sqlstate IS NULL)
			  AND (o.sqlstate IS DISTINCT FROM '22023' OR o.message NOT LIKE o.argname || ' must not %')), NULL,
	'names holding invisible, text-direction or control characters, or starting with a combining mark, are 22023 naming the argument');
-- Free text keeps what the user typed, but not control characters.
SELECT is((SELECT string_agg(format('%s(%s = %s) -> %s: %s', o.proname, o.argname, o.kase,
									 coalesce(o.sqlstate, 'success'), o.message), E'\n')
			 FROM bi_outcome o
			 JOIN pg_catalog.pg_proc p ON p.oid = o.fn AND p.prosecdef
			WHERE o.argname IN ('description', 'reason', 'message', 'body', 'summary')
			  AND EXISTS (SELECT FROM bi_outcome v WHERE v.fn = o.fn AND v.argno = 0 AND v.sqlstate IS NULL)
			  AND ((o.kase = 'control character'
					AND (o.sqlstate IS DISTINCT FROM '22023' OR o.message NOT LIKE o.argname || ' must not contain control characters%'))
				   OR (o.kase IN ('bidi override', 'invisible prefix') AND o.sqlstate IS NOT NULL))), NULL,
	'free text refuses control characters (22023) and keeps invisible and text-direction marks');

-- A settings document that is not an object of settings with right values
-- is refused as a whole: 22023 (PT404 for an escalation type of another
-- tenant), never a change.
SELECT is((SELECT string_agg(format('%s(%s = %s) -> %s: %s', o.proname, o.argname, o.kase,
									 coalesce(o.sqlstate, 'success'), o.message), E'\n')
			 FROM bi_outcome o
			WHERE o.kase LIKE 'document: %'
			  AND o.sqlstate IS DISTINCT FROM CASE WHEN o.kase LIKE '%other tenant%' THEN 'PT404' ELSE '22023' END), NULL,
	'every settings document that is not an object of settings with right values is refused: 22023 (PT404 for another tenant''s escalation type)');

-- What no error may show.
SELECT is((SELECT string_agg(format('%s(%s = %s): %s', proname, argname, kase, concat_ws(' | ', message, detail, hint)), E'\n')
			 FROM bi_outcome WHERE leaks LIKE '%constraint name%'), NULL,
	'no message, DETAIL or HINT names a constraint (_fkey, _key, _pkey, _check)');
SELECT is((SELECT string_agg(format('%s(%s = %s): %s', proname, argname, kase, concat_ws(' | ', message, detail, hint, api_context)), E'\n')
			 FROM bi_outcome WHERE leaks LIKE '%C file name%'), NULL,
	'no message, DETAIL, HINT or CONTEXT names a C file (supporthub.c, .c:)');
SELECT is((SELECT string_agg(format('%s(%s = %s): %s', proname, argname, kase, concat_ws(' | ', message, api_context)), E'\n')
			 FROM bi_outcome WHERE leaks LIKE '%SQL text%'), NULL,
	'no message, DETAIL, HINT or CONTEXT shows an internal SQL statement');
SELECT is((SELECT string_agg(format('%s(%s = %s) -> %s: %s', proname, argname, kase, sqlstate, leaks), E'\n')
			 FROM bi_outcome WHERE leaks LIKE '%error fields%'), NULL,
	'no error carries a constraint, table, column, schema or datatype name in its fields');

-- Errors raised inside an API function say which one.
SELECT is((SELECT string_agg(format('%s(%s = %s) -> %s: %s [context: %s]', proname, coalesce(argname, 'all args valid'),
									 kase, sqlstate, message, coalesce(api_context, 'none')), E'\n')
			 FROM bi_outcome o
			WHERE (SELECT p.prosecdef FROM pg_catalog.pg_proc p WHERE p.oid = o.fn) AND o.sqlstate IS NOT NULL AND NOT o.cast_fails
			  AND coalesce(o.api_context, '') NOT LIKE '%while running supporthub.' || o.proname || '%'), NULL,
	'every error an API function raises has the CONTEXT line "while running supporthub.<function>"');

-- The connection still works, and the rolled-back calls left the actor alone.
SELECT is(supporthub.current_user_id(), (SELECT id FROM bi_fixture WHERE side = 'A' AND kind = 'admin'),
	'after every call the connection still works and the actor is still the admin of tenant A');

SELECT * FROM finish();
ROLLBACK;
