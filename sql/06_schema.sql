-- 06_schema: what CREATE EXTENSION supporthub installs, read from the
-- catalog: every table with its columns, its keys, foreign keys and
-- indexes, the enum types with their labels, the row-level security
-- policies, and every function with its arguments and what it returns.
-- Nothing here is listed by hand: a change to the schema is a change of
-- this output, to be read and accepted.  (The rules every table and
-- function keeps are checked by test/pgtap/01_schema.sql.)

-- the tables and their columns
SELECT c.relname AS "table", a.attname AS "column",
	   pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
	   CASE WHEN a.attnotnull THEN 'not null' ELSE '' END AS "null",
	   coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') AS "default"
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname, a.attnum;

-- primary keys, unique keys, foreign keys and checks
SELECT co.conrelid::regclass AS "table", co.conname AS constraint,
	   pg_catalog.pg_get_constraintdef(co.oid) AS definition
  FROM pg_catalog.pg_constraint co
 WHERE co.connamespace = 'supporthub'::regnamespace AND co.conrelid <> 0
 ORDER BY co.conrelid::regclass::text, co.contype, co.conname;

-- the other indexes: uniqueness by name_key(), and the lookups
SELECT i.indrelid::regclass AS "table", pg_catalog.pg_get_indexdef(i.indexrelid) AS index
  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
 WHERE c.relnamespace = 'supporthub'::regnamespace
   AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint co WHERE co.conindid = i.indexrelid)
 ORDER BY i.indrelid::regclass::text, i.indexrelid::regclass::text;

-- enum types, labels in their order
SELECT t.typname AS type, pg_catalog.string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS labels
  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
 WHERE t.typnamespace = 'supporthub'::regnamespace
 GROUP BY t.typname
 ORDER BY t.typname;

-- row-level security: enabled and forced on every table, and its policies
SELECT c.relname AS "table", c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
	   pg_catalog.string_agg(format('%s (%s, %s)', p.policyname, p.cmd, p.roles), ', ' ORDER BY p.policyname) AS policies
  FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_policies p ON p.schemaname = 'supporthub' AND p.tablename = c.relname
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind = 'r'
 GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity
 ORDER BY c.relname;

-- the functions: arguments (names and defaults are part of the API),
-- result, whether they run as the API's owner, volatility; one a line
\pset format unaligned
\pset fieldsep ' | '
SELECT p.proname || '(' || pg_catalog.pg_get_function_arguments(p.oid) || ')' AS function,
	   pg_catalog.pg_get_function_result(p.oid) AS returns,
	   CASE WHEN p.prosecdef THEN 'definer' ELSE 'invoker' END AS security,
	   CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS volatility
  FROM pg_catalog.pg_proc p
 WHERE p.pronamespace = 'supporthub'::regnamespace
 ORDER BY p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid);
\pset format aligned
