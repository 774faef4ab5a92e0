-- test/bench/setup.sql — roles and helpers of the benchmark (run as superuser
-- in the throwaway cluster of test/bench/run.sh, after CREATE EXTENSION).
--
-- Roles (passwords: the cluster's own, passed in as :pw):
--   bench_app    what an application gets: LOGIN, not superuser, not
--                BYPASSRLS, member of supporthub_service.  Runs the
--                extension and the PL/pgSQL peer.
--   bench_writer LOGIN, member of supporthub_api (the role that owns the
--                API and may write the tables, under the write policies):
--                runs the bare-SQL floor *with* row-level security, an
--                informational contender that separates the cost of RLS
--                from the cost of the API's checks.
--   bench_quiet  bench_app's twin (LOGIN, not superuser, member of
--                supporthub_service) with supporthub.notify = off as its
--                role setting: the same writes without notifications.  The
--                setting is superuser-only, so the superuser sets it here
--                for the role (ALTER ROLE … SET), and the contender runs
--                with exactly bench_app's rights.
--   the floor and the Express shape run as the superuser (postgres): the
--   original Express app connected as the tables' owner, without RLS.
--
-- bench.id(kind, t, n): the deterministic UUIDv7 of generated object n of
-- kind `kind` in tenant t, so that pgbench scripts can name any generated
-- row from integers (no look-up table, no extra round trip).  Kinds:
--   1 tenant (n = 0)      2 user (1..2 admins, 3..22 agents, 23.. customers)
--   3 category (1..10)    4 escalation type (1..5)      5 ticket (= number)
--   6 "created" activity of ticket n     7 "assigned" activity of ticket n
-- Layout (RFC 9562): 48-bit unix ms | 7 | 12 bits kind | 8 | 20 bits t |
-- 40 bits n.  Timestamps: tenants, users, categories and types in late
-- 2024; ticket n of tenant t at 2025-01-01 + n*100 s + t*100 ms, so id
-- order is creation order, tenants interleave, and ids made now by
-- supporthub.uuid_v7() sort after every generated one.

\set ON_ERROR_STOP 1

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_app') THEN
		CREATE ROLE bench_app LOGIN NOSUPERUSER NOBYPASSRLS;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_writer') THEN
		CREATE ROLE bench_writer LOGIN NOSUPERUSER NOBYPASSRLS INHERIT;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_quiet') THEN
		CREATE ROLE bench_quiet LOGIN NOSUPERUSER NOBYPASSRLS;
	END IF;
END $$;
ALTER ROLE bench_app PASSWORD :'pw';
ALTER ROLE bench_writer PASSWORD :'pw';
ALTER ROLE bench_quiet PASSWORD :'pw';
ALTER ROLE bench_quiet SET supporthub.notify = off;
GRANT supporthub_service TO bench_app, bench_quiet;
GRANT supporthub_service, supporthub_api TO bench_writer;

DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
GRANT USAGE ON SCHEMA bench TO PUBLIC;

CREATE FUNCTION bench.ms(kind int, t int, n bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN kind = 1 THEN 1733011200000 + t::bigint * 1000
				WHEN kind IN (2, 3, 4) THEN 1733097600000 + t::bigint * 10000000 + kind * 1000000 + n
				ELSE 1735689600000 + n * 100000 + t::bigint * 100 END
$$;

CREATE FUNCTION bench.id(kind int, t int, n bigint) RETURNS uuid
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT (lpad(to_hex(bench.ms(kind, t, n)), 12, '0') || '7' || lpad(to_hex(kind), 3, '0')
			|| '8' || lpad(to_hex(t), 5, '0') || lpad(to_hex(n), 10, '0'))::uuid
$$;

CREATE FUNCTION bench.ts(kind int, t int, n bigint) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT to_timestamp(bench.ms(kind, t, n) / 1000.0)
$$;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA bench TO PUBLIC;
