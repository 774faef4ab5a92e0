-- 01_schema: the rules the installed schema keeps, checked over every
-- table, column, index, policy and function the catalog lists (SPEC §3,
-- §4, §8): tenant keys and foreign keys, uuid and timestamp columns,
-- row-level security and its policies, comments, privileges, and the shape
-- of the API's functions.  Nothing is listed by hand but the few facts
-- the catalog cannot tell, each marked "irreducible": a table or function
-- added later is checked the same way.  What the schema holds — its
-- tables, columns, keys, enum labels and functions — is shown, read from
-- the catalog, by the pg_regress walk-through sql/06_schema.sql.
-- Runs as sh_app, a non-superuser LOGIN role.
BEGIN;
-- fixed assertions, and those made once per table, per table with *_hash
-- columns and per *_id column
SELECT plan(57
	+ 6 * (SELECT count(*)::integer FROM pg_catalog.pg_class
			WHERE relnamespace = 'supporthub'::regnamespace AND relkind = 'r')
	+ (SELECT count(DISTINCT c.oid)::integer		-- column privileges of a table with *_hash columns
		 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
		  AND a.attnum > 0 AND NOT a.attisdropped AND a.attname LIKE '%\_hash')
	+ (SELECT count(*)::integer
		 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
		  AND a.attnum > 0 AND NOT a.attisdropped AND a.attname LIKE '%\_id' AND a.attname <> 'tenant_id'));

-- ---------------------------------------------------------------- sanity
-- Every other assertion is only worth something if we are not superuser.
SELECT is(session_user::text, 'sh_app', 'the tests run as sh_app');
SELECT isnt_superuser('sh_app', 'sh_app is not a superuser');
SELECT ok(NOT rolbypassrls, 'sh_app does not bypass row-level security')
  FROM pg_catalog.pg_roles WHERE rolname = 'sh_app';

-- ---------------------------------------------------------------- schema
SELECT has_schema('supporthub', 'schema supporthub exists');
SELECT cmp_ok((SELECT count(*)::integer FROM pg_catalog.pg_class
				WHERE relnamespace = 'supporthub'::regnamespace AND relkind = 'r'), '>', 0,
	'schema supporthub has tables');
SELECT is(ARRAY(
	SELECT c.relname::text FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
	   AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
					   WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
						 AND d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e')
	 ORDER BY 1), '{}'::text[],
	'every relation of schema supporthub belongs to the extension');
SELECT is(ARRAY(
	SELECT c.relname::text FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND NOT c.oid = ANY (coalesce((SELECT e.extconfig FROM pg_catalog.pg_extension e
									   WHERE e.extname = 'supporthub'), '{}'))
	 ORDER BY 1), '{}'::text[],
	'every table is registered with pg_extension_config_dump (pg_dump keeps its rows)');
SELECT is(ARRAY(
	SELECT c.relname::text FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind IN ('v', 'm', 'f', 'p')
	 ORDER BY 1), '{}'::text[],
	'schema supporthub holds plain tables only (no view, materialized view, foreign or partitioned table)');

-- ---------------------------------------------------------------- columns
-- An id that another system gives is not a row of the schema: opaque text,
-- compared exactly (irreducible: the catalog cannot tell it from a
-- reference) — a sign-in provider's id of an account (OpenID Connect's
-- "sub", GitHub's user id).
CREATE TEMP VIEW outside_id (relname, attname) AS
VALUES ('auth_identities'::name, 'provider_id'::name);
-- column types, by rule over every table
SELECT is(ARRAY(
	SELECT c.relname || '.' || a.attname
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attnum > 0 AND NOT a.attisdropped
	   AND (a.attname = 'id' OR a.attname LIKE '%\_id')
	   AND a.atttypid <> 'uuid'::regtype
	   AND (c.relname, a.attname) NOT IN (SELECT relname, attname FROM outside_id)
	 ORDER BY 1), '{}'::text[],
	'every id and *_id column is a uuid (but the ids other systems give: '
	|| (SELECT string_agg(relname || '.' || attname, ', ' ORDER BY relname, attname) FROM outside_id) || ')');
SELECT is(ARRAY(
	SELECT c.relname || '.' || a.attname
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attnum > 0 AND NOT a.attisdropped
	   AND a.attname LIKE '%\_at'
	   AND a.atttypid <> 'timestamptz'::regtype
	 ORDER BY 1), '{}'::text[],
	'every *_at column is a timestamptz');
SELECT is(ARRAY(
	SELECT c.relname::text
	  FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r' AND c.relname <> 'tenants'
	   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
					   WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnotnull)
	 ORDER BY 1), '{}'::text[],
	'every table but tenants has a NOT NULL tenant_id');
SELECT is(ARRAY(
	SELECT c.relname::text
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attname = 'id'
	   AND pg_catalog.pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM 'supporthub.uuid_v7()'
	 ORDER BY 1), '{}'::text[],
	'every id column defaults to supporthub.uuid_v7()');
-- A closed set of values is an enum, never free text: the columns named so
-- (irreducible: the names the data model gives them).
SELECT is(ARRAY(
	SELECT c.relname || '.' || a.attname
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attnum > 0 AND NOT a.attisdropped
	   AND a.attname IN ('role', 'status', 'priority', 'type', 'action', 'ref_type')
	   AND NOT (t.typtype = 'e' AND t.typnamespace = 'supporthub'::regnamespace)
	 ORDER BY 1), '{}'::text[],
	'every role, status, priority, type, action and ref_type column is an enum of schema supporthub');
-- An enum column is NOT NULL: a closed set of values has no "unknown".  It
-- may be NULL only where a CHECK makes its nullness that of another column,
-- CHECK ((other IS NULL) = (col IS NULL)): then NULL is not an unknown value
-- but "not yet" — sessions.revoked_reason says why a session ended, and a
-- live session (revoked_at NULL) has no reason.  The columns so excused are
-- named in the description.
CREATE TEMP VIEW enum_null_bound AS
SELECT c.relname, a.attname, o.attname AS other, co.conname
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  JOIN pg_catalog.pg_constraint co ON co.conrelid = c.oid AND co.contype = 'c'
	   AND cardinality(co.conkey) = 2 AND a.attnum = ANY (co.conkey)
  JOIN pg_catalog.pg_attribute o ON o.attrelid = c.oid AND o.attnum = ANY (co.conkey) AND o.attnum <> a.attnum
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
   AND a.attnum > 0 AND NOT a.attisdropped AND t.typtype = 'e'
   AND pg_catalog.pg_get_constraintdef(co.oid) IN (
		format('CHECK (((%s IS NULL) = (%s IS NULL)))', quote_ident(o.attname), quote_ident(a.attname)),
		format('CHECK (((%s IS NULL) = (%s IS NULL)))', quote_ident(a.attname), quote_ident(o.attname)));
SELECT is(ARRAY(
	SELECT c.relname || '.' || a.attname
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attnum > 0 AND NOT a.attisdropped
	   AND t.typtype = 'e' AND NOT a.attnotnull
	   AND NOT EXISTS (SELECT FROM enum_null_bound b WHERE b.relname = c.relname AND b.attname = a.attname)
	 ORDER BY 1), '{}'::text[],
	'every enum column is NOT NULL, or NULL exactly when another column is, by a CHECK ('
	|| coalesce((SELECT string_agg(format('%s.%s with %s: %s', relname, attname, other, conname), ', '
								   ORDER BY relname, attname) FROM enum_null_bound), 'none') || ')');
SELECT is(ARRAY(
	SELECT c.relname || '.' || a.attname
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attnum > 0 AND NOT a.attisdropped
	   AND a.atttypid IN ('boolean'::regtype, 'json'::regtype, 'jsonb'::regtype)
	   AND NOT (a.attnotnull AND (a.atttypid <> 'boolean'::regtype OR a.atthasdef))
	 ORDER BY 1), '{}'::text[],
	'every boolean column is NOT NULL with a default, every json(b) column NOT NULL');
SELECT is(ARRAY(
	SELECT t.typname::text FROM pg_catalog.pg_type t
	 WHERE t.typnamespace = 'supporthub'::regnamespace AND t.typtype = 'e'
	   AND NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
					   WHERE a.atttypid = t.oid AND c.relnamespace = 'supporthub'::regnamespace
						 AND c.relkind = 'r' AND NOT a.attisdropped)
	 ORDER BY 1), '{}'::text[],
	'every enum type of schema supporthub is the type of a column');

-- ---------------------------------------------------------------- primary keys
-- tenants by (id); a table with an id column by (tenant_id, id).  A table
-- without id holds one row per row of its parent and is keyed by its
-- foreign key to the parent, the row it dies with: its one ON DELETE
-- CASCADE foreign key to a table other than tenants, or, having none, the
-- one to tenants (tenant_settings, ticket_counters: one row
-- per tenant; user_passwords: (tenant_id, user_id), one per user).  A
-- history keeps several rows per parent, numbered by a column that follows
-- the parent's key — irreducible, the catalog does not say which:
-- session_refresh_tokens keeps the refresh token of each generation of its
-- session; ticket_search_documents keeps one document per audience of its
-- ticket (public, staff).
CREATE TEMP VIEW pk_rule AS
SELECT c.relname,
	   ARRAY(SELECT a.attname::text
			   FROM pg_catalog.pg_index i, unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n),
					pg_catalog.pg_attribute a
			  WHERE i.indrelid = c.oid AND i.indisprimary AND a.attrelid = c.oid AND a.attnum = k.attnum
			  ORDER BY k.n) AS have,
	   CASE WHEN c.relname = 'tenants' THEN ARRAY['id']
			WHEN x.has_id THEN ARRAY['tenant_id', 'id']
			WHEN parent.fk IS NULL THEN NULL		-- no one parent: no rule gives the key
			ELSE ARRAY(SELECT a.attname::text
						 FROM pg_catalog.pg_constraint co, unnest(co.conkey) WITH ORDINALITY k(attnum, n),
							  pg_catalog.pg_attribute a
						WHERE co.oid = parent.fk AND a.attrelid = c.oid AND a.attnum = k.attnum
						ORDER BY k.n)
				 || coalesce(h.numbered_by, '{}') END AS want,
	   CASE WHEN c.relname = 'tenants' OR x.has_id THEN ''
			WHEN parent.fk IS NULL THEN ': no single parent table'
			ELSE format(': one row per %s row%s',
						(SELECT p.relname FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class p ON p.oid = co.confrelid
						  WHERE co.oid = parent.fk),
						' and ' || array_to_string(h.numbered_by, ', ')) END AS why
  FROM pg_catalog.pg_class c
 CROSS JOIN LATERAL (
	SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute a
					WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped) AS has_id) x
 CROSS JOIN LATERAL (
	SELECT CASE count(*) FILTER (WHERE co.confrelid <> 'supporthub.tenants'::regclass)
				WHEN 1 THEN (array_agg(co.oid) FILTER (WHERE co.confrelid <> 'supporthub.tenants'::regclass))[1]
				WHEN 0 THEN (array_agg(co.oid) FILTER (WHERE co.confrelid = 'supporthub.tenants'::regclass))[1]
		   END AS fk
	  FROM pg_catalog.pg_constraint co
	 WHERE co.conrelid = c.oid AND co.contype = 'f' AND co.confdeltype = 'c') parent
  LEFT JOIN (VALUES ('session_refresh_tokens', ARRAY['generation']),
				   ('ticket_search_documents', ARRAY['audience'])) h(relname, numbered_by)
	   ON h.relname = c.relname
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r';
SELECT is(have, want, format('%s: primary key (%s)%s', relname, array_to_string(want, ', '), why))
  FROM pk_rule
 ORDER BY relname;

-- ---------------------------------------------------------------- foreign keys
-- Every *_id column names a row of the same tenant: it is the second
-- column of a foreign key (tenant_id, x_id) -> (tenant_id, id).  The
-- exceptions are the columns of a log that outlives what it names, and so
-- have no foreign key at all (irreducible): the feed's ref_id and
-- ticket_id (the feed keeps the history of what was deleted), and the
-- sign-in log's session_id (purge_expired_auth removes ended sessions long
-- before their log entries).  An id another system gives (outside_id)
-- names nothing here either.
SELECT CASE WHEN (c.relname, a.attname) IN (('recent_activities', 'ref_id'), ('recent_activities', 'ticket_id'),
											('auth_events', 'session_id')) THEN
		is((SELECT count(*) FROM pg_catalog.pg_constraint co
			 WHERE co.conrelid = c.oid AND co.contype = 'f' AND a.attnum = ANY (co.conkey)), 0::bigint,
		   format('%s.%s outlives what it names: no foreign key', c.relname, a.attname))
	WHEN (c.relname, a.attname) IN (SELECT relname, attname FROM outside_id) THEN
		is((SELECT count(*) FROM pg_catalog.pg_constraint co
			 WHERE co.conrelid = c.oid AND co.contype = 'f' AND a.attnum = ANY (co.conkey)), 0::bigint,
		   format('%s.%s is another system''s id: no foreign key', c.relname, a.attname))
	ELSE
		ok(EXISTS (SELECT FROM pg_catalog.pg_constraint co
					WHERE co.conrelid = c.oid AND co.contype = 'f'
					  AND co.conkey = ARRAY[(SELECT t.attnum FROM pg_catalog.pg_attribute t
											  WHERE t.attrelid = c.oid AND t.attname = 'tenant_id'), a.attnum]
					  AND co.confkey = ARRAY[(SELECT t.attnum FROM pg_catalog.pg_attribute t
											   WHERE t.attrelid = co.confrelid AND t.attname = 'tenant_id'),
											 (SELECT t.attnum FROM pg_catalog.pg_attribute t
											   WHERE t.attrelid = co.confrelid AND t.attname = 'id')]),
		   format('%s.%s -> a row of the same tenant (foreign key (tenant_id, %s))', c.relname, a.attname, a.attname))
	END
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
   AND a.attnum > 0 AND NOT a.attisdropped AND a.attname LIKE '%\_id' AND a.attname <> 'tenant_id'
 ORDER BY c.relname, a.attname;

-- by rule: every foreign key in the schema, listed or added later, keeps
-- rows within one tenant, and none contradicts a NOT NULL column.
SELECT is(ARRAY(
	SELECT co.conrelid::regclass::text || ' ' || co.conname
	  FROM pg_catalog.pg_constraint co
	 WHERE co.connamespace = 'supporthub'::regnamespace AND co.contype = 'f'
	   AND NOT (
		 -- (tenant_id) -> tenants(id)
		 (co.confrelid = 'supporthub.tenants'::regclass
		  AND co.conkey = ARRAY[(SELECT attnum FROM pg_catalog.pg_attribute
								  WHERE attrelid = co.conrelid AND attname = 'tenant_id')]::int2[])
		 OR
		 -- (tenant_id, ...) -> (tenant_id, ...)
		 (co.conkey[1] = (SELECT attnum FROM pg_catalog.pg_attribute
						   WHERE attrelid = co.conrelid AND attname = 'tenant_id')
		  AND co.confkey[1] = (SELECT attnum FROM pg_catalog.pg_attribute
							   WHERE attrelid = co.confrelid AND attname = 'tenant_id')))
	 ORDER BY 1), '{}'::text[],
	'every foreign key includes tenant_id (no row can reference another tenant''s row)');
SELECT is(ARRAY(
	SELECT co.conrelid::regclass::text || ' ' || co.conname
	  FROM pg_catalog.pg_constraint co
	 WHERE co.connamespace = 'supporthub'::regnamespace AND co.contype = 'f'
	   AND co.confdeltype IN ('n', 'd')
	   AND (co.confdelsetcols IS NULL
			OR (SELECT attnum FROM pg_catalog.pg_attribute
				 WHERE attrelid = co.conrelid AND attname = 'tenant_id') = ANY (co.confdelsetcols)
			OR EXISTS (SELECT FROM pg_catalog.pg_attribute a
						WHERE a.attrelid = co.conrelid AND a.attnum = ANY (co.confdelsetcols) AND a.attnotnull))
	 ORDER BY 1), '{}'::text[],
	'no foreign key is ON DELETE SET NULL / SET DEFAULT but of its own nullable columns (never tenant_id)');
SELECT is(ARRAY(
	SELECT co.conrelid::regclass::text || ' ' || co.conname
	  FROM pg_catalog.pg_constraint co
	 WHERE co.connamespace = 'supporthub'::regnamespace AND co.contype = 'f'
	   AND co.confrelid = 'supporthub.tenants'::regclass
	   AND co.confdeltype <> 'c'
	 ORDER BY 1), '{}'::text[],
	'every foreign key to tenants is ON DELETE CASCADE (deleting a tenant removes everything of it)');
-- (or, for a table derived from another one, ticket_search_documents: a
-- cascading foreign key that starts with tenant_id to a table that has
-- one — the tenant is held to an existing one through it, and a new row
-- pays one look-up instead of two)
SELECT is(ARRAY(
	SELECT c.relname::text
	  FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r' AND c.relname <> 'tenants'
	   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co
					   WHERE co.conrelid = c.oid AND co.contype = 'f'
						 AND co.confrelid = 'supporthub.tenants'::regclass)
	   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co
					   JOIN pg_catalog.pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1]
					   WHERE co.conrelid = c.oid AND co.contype = 'f' AND co.confdeltype = 'c'
						 AND a.attname = 'tenant_id'
						 AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint up
									 WHERE up.conrelid = co.confrelid AND up.contype = 'f'
									   AND up.confrelid = 'supporthub.tenants'::regclass))
	 ORDER BY 1), '{}'::text[],
	'every table but tenants has a foreign key to tenants, or through the table it is derived from');

-- ---------------------------------------------------------------- unique indexes
-- Names, labels, titles and emails are unique as name_key() sees them (case,
-- surrounding spaces, invisible characters and look-alike forms ignored):
-- no unique index compares a text column as it is — unless a CHECK on the
-- column alone holds it to an anchored pattern of ASCII digits and "+"
-- (literal digits and "+", digit ranges [0-9], counts {m,n}): such a value
-- has no case, spaces or look-alikes, and name_key() would change nothing
-- (users.phone, E.164 by users_phone_check) — or it is another system's id
-- (outside_id), which name_key() would fold into another's.  The text
-- indexes so excused are named in the description.
CREATE TEMP VIEW text_ascii_digits AS
SELECT c.oid AS relid, a.attnum, format('%s: %s by %s', c.relname, a.attname, co.conname) AS why
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_constraint co ON co.conrelid = c.oid AND co.contype = 'c' AND co.conkey = ARRAY[a.attnum]
 CROSS JOIN LATERAL (
	SELECT pg_catalog.pg_get_constraintdef(co.oid) AS def,
		   'CHECK ((' || quote_ident(a.attname) || ' ~ ''^' AS head, '$''::text))' AS tail) d
 WHERE c.relnamespace = 'supporthub'::regnamespace AND a.atttypid = 'text'::regtype
   AND left(d.def, length(d.head)) = d.head AND right(d.def, length(d.tail)) = d.tail
   AND substr(d.def, length(d.head) + 1, length(d.def) - length(d.head) - length(d.tail))
	   ~ '^(\\\+|\[[0-9]-[0-9]\]|\{[0-9]+(,[0-9]*)?\}|[0-9])+$';
SELECT is(ARRAY(
	SELECT i.indexrelid::regclass::text
	  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
	  CROSS JOIN LATERAL unnest(i.indkey::int2[]) k(attnum)
	  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND i.indisunique
	   AND a.atttypid = 'text'::regtype
	   AND NOT EXISTS (SELECT FROM text_ascii_digits x WHERE x.relid = a.attrelid AND x.attnum = a.attnum)
	   AND (c.relname, a.attname) NOT IN (SELECT relname, attname FROM outside_id)
	 ORDER BY 1), '{}'::text[],
	'no unique index compares a text column as it is (but another system''s ids, opaque and compared exactly; '
	|| 'and a column that holds ASCII digits and + only: '
	|| coalesce((SELECT string_agg(i.indexrelid::regclass::text || ' on ' || x.why, ', '
										   ORDER BY i.indexrelid::regclass::text)
				   FROM pg_catalog.pg_index i
				   JOIN text_ascii_digits x ON x.relid = i.indrelid AND x.attnum = ANY (i.indkey::int2[])
				  WHERE i.indisunique), 'none') || ')');
SELECT is(ARRAY(
	SELECT i.indexrelid::regclass::text
	  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND i.indisunique AND i.indexprs IS NOT NULL
	   AND pg_catalog.pg_get_indexdef(i.indexrelid) NOT LIKE '%supporthub.name_key(%'
	 ORDER BY 1), '{}'::text[],
	'every unique index over an expression compares by supporthub.name_key()');
SELECT cmp_ok((SELECT count(*)::integer FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
				WHERE c.relnamespace = 'supporthub'::regnamespace AND i.indisunique
				  AND pg_catalog.pg_get_indexdef(i.indexrelid) LIKE '%supporthub.name_key(%'), '>', 0,
	'there are unique indexes by name_key()');
-- purge_expired_auth (a platform function) removes what has ended in every
-- tenant at once: its indexes lead with the age it goes by.  They are the
-- indexes whose comment says they serve it, and lead with a timestamptz.
CREATE TEMP VIEW purge_idx AS
SELECT i.indexrelid
  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
 WHERE c.relnamespace = 'supporthub'::regnamespace AND NOT i.indisunique
   AND pg_catalog.to_regprocedure('supporthub.purge_expired_auth()') IS NOT NULL
   AND obj_description(i.indexrelid, 'pg_class') LIKE '%for purge\_expired\_auth%'
   AND a.atttypid = 'timestamptz'::regtype;
SELECT is(ARRAY(
	SELECT i.indexrelid::regclass::text
	  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relname <> 'tenants'
	   AND i.indkey[0] <> (SELECT attnum FROM pg_catalog.pg_attribute
						   WHERE attrelid = i.indrelid AND attname = 'tenant_id')
	   AND i.indexrelid::regclass::text <> 'supporthub.users_id_idx'
	   AND NOT i.indexrelid IN (SELECT indexrelid FROM purge_idx)
	 ORDER BY 1), '{}'::text[],
	'every index of a tenant-scoped table leads with tenant_id (but users_id_idx, used by act_as; '
	|| 'the age indexes of purge_expired_auth, which runs across tenants: '
	|| coalesce((SELECT string_agg(indexrelid::regclass::text, ', ' ORDER BY indexrelid::regclass::text) FROM purge_idx), 'none') || ')');


-- ---------------------------------------------------------------- row-level security
SELECT ok(relrowsecurity AND relforcerowsecurity, 'RLS enabled and forced on ' || relname)
  FROM pg_catalog.pg_class
 WHERE relnamespace = 'supporthub'::regnamespace AND relkind = 'r'
 ORDER BY relname;
-- every table: a read policy <table>_read, and INSERT, UPDATE and DELETE
-- each governed by a policy (what they allow is checked by 03_visibility)
SELECT is(ARRAY(SELECT x.what FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) x(what)
				 WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_policies p
									WHERE p.schemaname = 'supporthub' AND p.tablename = c.relname
									  AND p.cmd IN (x.what, 'ALL')
									  AND (x.what <> 'SELECT' OR p.policyname = c.relname || '_read'))),
		  '{}'::text[],
		  format('%s: a read policy %s_read, and a policy for each of INSERT, UPDATE and DELETE', c.relname, c.relname))
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname;

SELECT is(ARRAY(
	SELECT (tablename || '.' || policyname)::text FROM pg_catalog.pg_policies
	 WHERE schemaname = 'supporthub' AND cmd <> 'SELECT'
	   AND roles <> ARRAY['supporthub_api']::name[]
	 ORDER BY 1), '{}'::text[],
	'every write policy applies to supporthub_api only');
SELECT is(ARRAY(
	SELECT (tablename || '.' || policyname)::text FROM pg_catalog.pg_policies
	 WHERE schemaname = 'supporthub' AND permissive <> 'PERMISSIVE'
	 ORDER BY 1), '{}'::text[],
	'no restrictive policy (the permissive ones are the whole rule)');
-- Irreducible: the API role reads every search document (its statements
-- name the tenant): a policy that is constant true for that role adds no
-- row-level security condition, which PostgreSQL requires before it uses
-- a condition that is not leakproof (@@) as an index condition.
SELECT is(ARRAY(
	SELECT (tablename || '.' || policyname)::text FROM pg_catalog.pg_policies
	 WHERE schemaname = 'supporthub' AND tablename <> 'tenants'
	   AND coalesce(qual, with_check) NOT LIKE '%tenant_id = supporthub.current_tenant_id()%'
	 ORDER BY 1), '{ticket_search_documents.ticket_search_documents_api}'::text[],
	'every policy of a tenant-scoped table is bound to the actor''s tenant (but the API role''s read of search documents)');
SELECT is((SELECT roles::text || ' ' || cmd || ' ' || qual FROM pg_catalog.pg_policies
		    WHERE schemaname = 'supporthub' AND policyname = 'ticket_search_documents_api'),
	'{supporthub_api} SELECT true', 'that one is a read, for supporthub_api only, constant true');


-- ---------------------------------------------------------------- comments
SELECT ok(nullif(btrim(obj_description('supporthub'::regnamespace, 'pg_namespace')), '') IS NOT NULL,
	'schema supporthub has a comment');
SELECT ok(nullif(btrim(obj_description(c.oid, 'pg_class')), '') IS NOT NULL,
	'table ' || c.relname || ' has a comment')
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname;
SELECT is(ARRAY(
	SELECT a.attname::text FROM pg_catalog.pg_attribute a
	 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	   AND nullif(btrim(col_description(c.oid, a.attnum)), '') IS NULL
	 ORDER BY a.attnum), '{}'::text[],
	'every column of ' || c.relname || ' has a comment')
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname;
SELECT is(ARRAY(
	SELECT t.typname::text FROM pg_catalog.pg_type t
	 WHERE t.typnamespace = 'supporthub'::regnamespace
	   AND t.typtype IN ('e', 'd', 'c', 'r', 'm', 'b')
	   AND (t.typrelid = 0 OR (SELECT relkind FROM pg_catalog.pg_class WHERE oid = t.typrelid) = 'c')
	   AND t.typelem = 0
	   AND nullif(btrim(obj_description(t.oid, 'pg_type')), '') IS NULL
	 ORDER BY 1), '{}'::text[],
	'every type of schema supporthub has a comment');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace
	   AND nullif(btrim(obj_description(p.oid, 'pg_proc')), '') IS NULL
	 ORDER BY 1), '{}'::text[],
	'every function of schema supporthub has a comment');
SELECT is(ARRAY(
	SELECT pol.polrelid::regclass::text || '.' || pol.polname FROM pg_catalog.pg_policy pol
	  JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
	 WHERE c.relnamespace = 'supporthub'::regnamespace
	   AND nullif(btrim(obj_description(pol.oid, 'pg_policy')), '') IS NULL
	 ORDER BY 1), '{}'::text[],
	'every policy has a comment');

-- ---------------------------------------------------------------- functions
-- The API: the functions that return rows of a table of the schema.
SELECT cmp_ok((SELECT count(*)::integer FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_type t ON t.oid = p.prorettype
				WHERE p.pronamespace = 'supporthub'::regnamespace AND t.typrelid <> 0), '>', 0,
	'schema supporthub has API functions (returning rows of its tables)');
-- (A document that is not a row, the tenant's settings, is one jsonb value.)
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.proname ~ '^(create|update|delete)_'
	   AND NOT EXISTS (SELECT FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
					   WHERE t.oid = p.prorettype AND c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r')
	   AND NOT (p.prorettype = 'jsonb'::regtype AND NOT p.proretset)
	 ORDER BY 1), '{}'::text[],
	'every create_*, update_* and delete_* function returns rows of a table of the schema, or one jsonb document');
-- A read may leave columns out (get_sessions never shows a token digest):
-- it returns rows of a table, or of a row shape of the schema — a
-- composite type of schema supporthub, or its own RETURNS TABLE.
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.proname ~ '^get_'
	   AND NOT EXISTS (SELECT FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
					   WHERE t.oid = p.prorettype AND c.relnamespace = 'supporthub'::regnamespace
						 AND c.relkind IN ('r', 'c'))
	   AND NOT (p.prorettype = 'record'::regtype AND p.proretset AND 't' = ANY (p.proargmodes))
	   AND NOT (p.prorettype = 'jsonb'::regtype AND NOT p.proretset)
	 ORDER BY 1), '{}'::text[],
	'every get_* function returns rows of a table or of a row shape of the schema (a composite type of schema supporthub, or RETURNS TABLE), or one jsonb document');
-- Rows of the schema reach the caller only through SECURITY DEFINER code,
-- which checks the actor.  The converse does not hold: sign_up, sign_out,
-- purge_expired_auth … run as the API and return tokens, nothing or counts.
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND NOT p.prosecdef
	   AND EXISTS (SELECT FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
				   WHERE t.oid = p.prorettype AND c.relnamespace = 'supporthub'::regnamespace)
	 ORDER BY 1), '{}'::text[],
	'every function returning rows of the schema''s tables (or row shapes) is SECURITY DEFINER');
-- A procedure that commits cannot be SECURITY DEFINER (PostgreSQL refuses
-- the COMMIT): sign_in and refresh_session switch to supporthub_api in C.
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.prokind = 'p' AND p.prosecdef
	 ORDER BY 1), '{}'::text[],
	'no procedure is SECURITY DEFINER (they commit: '
	|| coalesce((SELECT string_agg(p.proname, ', ' ORDER BY p.proname) FROM pg_catalog.pg_proc p
				  WHERE p.pronamespace = 'supporthub'::regnamespace AND p.prokind = 'p'), 'none') || ')');
-- A digest or a hash never leaves through the API: no function's result
-- (its row type, its OUT or TABLE columns and their row types) has a
-- column named *_hash.
SELECT is(ARRAY(
	SELECT DISTINCT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace
	   AND (EXISTS (SELECT FROM pg_catalog.pg_type t JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid
					 WHERE t.oid = p.prorettype AND a.attnum > 0 AND NOT a.attisdropped
					   AND a.attname LIKE '%\_hash')
			OR EXISTS (SELECT FROM unnest(p.proallargtypes, p.proargmodes, p.proargnames) x(typ, mode, name)
						WHERE x.mode IN ('o', 'b', 't')
						  AND (x.name LIKE '%\_hash'
							   OR EXISTS (SELECT FROM pg_catalog.pg_type t JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid
										   WHERE t.oid = x.typ AND a.attnum > 0 AND NOT a.attisdropped
											 AND a.attname LIKE '%\_hash'))))
	 ORDER BY 1), '{}'::text[],
	'no function returns a column named *_hash');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.proname ~ '^(get_.*_by_id|update_.*|delete_.*)$'
	   AND p.prorettype <> 'jsonb'::regtype
	   AND NOT (p.proargnames[1] = 'id' AND p.proargtypes[0] = 'uuid'::regtype AND NOT p.proretset)
	 ORDER BY 1), '{}'::text[],
	'every get_*_by_id, update_* and delete_* of a row takes the id first and returns one row');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND 'page_size' = ANY (p.proargnames)
	   AND p.proname <> 'search_tickets'	-- irreducible: a ranked search returns one page
	   AND NOT (p.proretset
				AND p.proargnames[p.pronargs] = 'page_size' AND p.proargtypes[p.pronargs - 1] = 'integer'::regtype
				AND p.proargnames[p.pronargs - 1] = 'after' AND p.proargtypes[p.pronargs - 2] = 'uuid'::regtype
				AND p.pronargdefaults >= 2)
	 ORDER BY 1), '{}'::text[],
	'every paged list ends with (after uuid, page_size integer), both optional, and returns SETOF');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.proname ~ '^get_' AND p.proretset
	   AND p.provolatile = 'v'
	 ORDER BY 1), '{}'::text[],
	'no list function is VOLATILE (reads are STABLE)');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.proisstrict
	 ORDER BY 1), '{}'::text[],
	'no function is STRICT (a NULL argument is a 22023, never a silent NULL)');


-- ---------------------------------------------------------------- privileges
-- tables: SELECT for supporthub_service (RLS filters it), nothing else.  A
-- column named *_hash holds a secret's digest and is readable by no role:
-- a table with one grants no table privilege, only SELECT on each of its
-- other columns.
SELECT CASE WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
							  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
								AND a.attname LIKE '%\_hash') THEN
		table_privs_are('supporthub', c.relname, 'supporthub_service', ARRAY['SELECT'],
			'supporthub_service may only SELECT ' || c.relname)
	ELSE
		table_privs_are('supporthub', c.relname, 'supporthub_service', '{}'::text[],
			format('supporthub_service holds no table privilege on %s (it has *_hash columns)', c.relname))
	END
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname;
SELECT is(ARRAY(
	SELECT a.attname || ':' || p.privilege
	  FROM pg_catalog.pg_attribute a, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) AS p(privilege)
	 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	   AND has_column_privilege('supporthub_service', c.oid, a.attnum, p.privilege)
	 ORDER BY a.attnum, p.privilege),
		  ARRAY(
	SELECT a.attname || ':SELECT'
	  FROM pg_catalog.pg_attribute a
	 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname NOT LIKE '%\_hash'
	 ORDER BY a.attnum),
	format('supporthub_service may only SELECT the columns of %s but %s', c.relname,
		   (SELECT string_agg(a.attname, ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
			 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname LIKE '%\_hash')))
  FROM pg_catalog.pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
   AND EXISTS (SELECT FROM pg_catalog.pg_attribute a
				WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname LIKE '%\_hash')
 ORDER BY c.relname;
-- not the API's own role either (the C code compares digests by index
-- probes, which need no privilege), nor any other role but a superuser
SELECT is(ARRAY(
	SELECT r.rolname || ': ' || c.relname || '.' || a.attname
	  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid,
		   pg_catalog.pg_roles r
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND a.attnum > 0 AND NOT a.attisdropped AND a.attname LIKE '%\_hash'
	   AND NOT r.rolsuper AND r.rolname !~ '^pg_'
	   AND has_column_privilege(r.oid, c.oid, a.attnum, 'SELECT')
	 ORDER BY 1), '{}'::text[],
	'no role but a superuser may read a *_hash column');
-- column privileges count too: a role with UPDATE on one column could
-- write it
SELECT is(ARRAY(
	SELECT c.relname || ':' || p.privilege
	  FROM pg_catalog.pg_class c,
		   unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p(privilege)
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND (has_table_privilege('sh_app', c.oid, p.privilege)
			OR (p.privilege IN ('INSERT', 'UPDATE', 'REFERENCES')
				AND has_any_column_privilege('sh_app', c.oid, p.privilege)))
	 ORDER BY 1), '{}'::text[],
	'the application role holds no write privilege on any table or column');
SELECT is(ARRAY(
	SELECT c.relname::text FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind IN ('r', 'S', 'v', 'm')
	   AND (c.relacl IS NULL
			OR EXISTS (SELECT 1 FROM aclexplode(c.relacl) x WHERE x.grantee = 0)
			OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a, aclexplode(a.attacl) x
						WHERE a.attrelid = c.oid AND x.grantee = 0))
	 ORDER BY 1), '{}'::text[],
	'PUBLIC holds no privilege on any table or column');
SELECT is(ARRAY(
	SELECT c.relname::text FROM pg_catalog.pg_class c
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
	   AND has_any_column_privilege('sh_outsider', c.oid, 'SELECT')
	 ORDER BY 1), '{}'::text[],
	'a role outside supporthub_service cannot read any table (nor any column of one)');
SELECT ok(NOT has_schema_privilege('sh_outsider', 'supporthub', 'USAGE'),
	'a role outside supporthub_service has no USAGE on schema supporthub');

-- functions: EXECUTE for the extension's roles (and the API owner), never PUBLIC
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace
	   AND (p.proacl IS NULL
			OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) x
					   WHERE x.grantee = 0 AND x.privilege_type = 'EXECUTE'))
	 ORDER BY 1), '{}'::text[],
	'PUBLIC cannot execute any function of schema supporthub');
-- (which of supporthub_service, supporthub_platform and
-- supporthub_authenticator may execute each: test/pgtap/13_roles.sql)
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.prorettype <> 'event_trigger'::regtype
	   AND NOT has_function_privilege('supporthub_service', p.oid, 'EXECUTE')
	   AND NOT has_function_privilege('supporthub_platform', p.oid, 'EXECUTE')
	 ORDER BY 1), '{}'::text[],
	'every function of schema supporthub may be executed by supporthub_service or supporthub_platform');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace
	   AND has_function_privilege('sh_outsider', p.oid, 'EXECUTE')
	 ORDER BY 1), '{}'::text[],
	'a role outside supporthub_service cannot execute any function of schema supporthub');

-- SECURITY DEFINER API: owned by supporthub_api, with a pinned search_path
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.prosecdef
	   AND p.proowner <> 'supporthub_api'::regrole
	 ORDER BY 1), '{}'::text[],
	'every SECURITY DEFINER function is owned by supporthub_api');
SELECT is(ARRAY(
	SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
	 WHERE p.pronamespace = 'supporthub'::regnamespace AND p.prosecdef
	   AND NOT coalesce(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp']
	 ORDER BY 1), '{}'::text[],
	'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp');
SELECT isnt_superuser('supporthub_api', 'supporthub_api is not a superuser');
SELECT ok(NOT rolbypassrls, 'supporthub_api does not bypass row-level security')
  FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_api';
SELECT ok(NOT rolcanlogin, 'supporthub_api cannot log in')
  FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_api';
SELECT ok(NOT rolcanlogin, 'supporthub_service cannot log in')
  FROM pg_catalog.pg_roles WHERE rolname = 'supporthub_service';
SELECT ok(NOT pg_has_role('sh_app', 'supporthub_api', 'MEMBER'),
	'the application role is not a member of supporthub_api');
SELECT * FROM finish();
ROLLBACK;
