-- 09_install_and_drop: what the operator meets around the extension
-- itself, as a superuser.  CREATE EXTENSION refuses a database whose
-- encoding checks nothing (SQL_ASCII); DROP EXTENSION refuses while
-- tenants exist, and once the operator says so removes schema supporthub
-- with everything in it.  The last walk-through: it also drops the roles
-- the walk-throughs made, and the extension's own roles when nothing in
-- the cluster uses them any more, so the cluster is left as it was.
\set VERBOSITY default
\set SHOW_CONTEXT never
\set regress_db :DBNAME

-- a SQL_ASCII database: refused before anything is created
CREATE DATABASE regress_sql_ascii TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C';
\c regress_sql_ascii
CREATE EXTENSION supporthub CASCADE;
SELECT count(*) AS supporthub_schemas FROM pg_catalog.pg_namespace WHERE nspname = 'supporthub';
\c :regress_db
DROP DATABASE regress_sql_ascii;

-- a platform function runs for supporthub_platform only: one that the
-- application's role may also execute (a grant made by hand here, as if
-- the install had missed a platform function) refuses to run at all
BEGIN;
GRANT EXECUTE ON FUNCTION supporthub.get_tenants(uuid, integer) TO supporthub_service;
SELECT count(*) FROM supporthub.get_tenants();
ROLLBACK;
SELECT count(*) > 0 AS tenants_listed FROM supporthub.get_tenants();

-- DROP EXTENSION would delete every tenant: refused
SELECT count(*) AS tenants FROM supporthub.tenants;
DROP EXTENSION supporthub;
SELECT count(*) AS tenants_still_there FROM supporthub.tenants;

-- after a backup the operator says so, and everything goes: the schema,
-- its tables, functions and grants
SET supporthub.allow_drop_with_data = on;
DROP EXTENSION supporthub;
RESET supporthub.allow_drop_with_data;
SELECT count(*) AS supporthub_schemas FROM pg_catalog.pg_namespace WHERE nspname = 'supporthub';

-- the walk-throughs' roles go; so do the extension's own roles unless a
-- role is still a member of them or another database still uses them
-- (DROP ROLE refuses then)
DROP ROLE regress_app;
DROP ROLE regress_outsider;
DROP ROLE regress_service;
DROP ROLE regress_web;
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
					WHERE r.rolname IN ('supporthub_service', 'supporthub_api', 'supporthub_platform',
										'supporthub_authenticator')) THEN
		DROP ROLE IF EXISTS supporthub_service, supporthub_api, supporthub_platform, supporthub_authenticator;
	END IF;
EXCEPTION WHEN dependent_objects_still_exist THEN
	NULL;
END
$$;
SELECT count(*) AS regress_roles_left FROM pg_catalog.pg_roles WHERE rolname LIKE 'regress\_%';
