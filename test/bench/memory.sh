#!/usr/bin/env bash
# test/bench/memory.sh — what a backend's memory holds once it has called
# the API, whether it grows with use, and what 100 connections take.
#
# Run with `make bench-memory` (as root: it installs the extension), which
# starts a throwaway cluster on port ${SUPPORTHUB_BENCH_PORT:-54390} with
# pg_virtualenv and runs this script inside it.  Three measurements:
#   1. one backend loads the shared test fixture (test/fixture/fixture.sql:
#      every create, update and delete function), then calls every get_*
#      function: its memory contexts (pg_backend_memory_contexts) before
#      and after, the largest ones listed;
#   2. the same backend then makes MEMORY_CALLS (100,000) calls in
#      MEMORY_CALLS / 2 transactions (act_as, assign_agent alternating
#      between two agents, get_ticket_by_id; COMMIT after each): the total
#      of its memory contexts at 0, 10 %, 50 % and 100 % of the calls;
#   3. 100 connections each call the API (pgbench -c 100): the private
#      memory (Private_Clean + Private_Dirty of /proc/PID/smaps_rollup) of
#      their backends, median and total.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if [ -z "${PG_CLUSTER_CONF_ROOT:-}" ] || [ -z "${PGPORT:-}" ]; then
	exec make -C "$ROOT" -s bench-memory
fi
[ "$PGPORT" != 5432 ] || { echo "bench-memory: refusing port 5432" >&2; exit 1; }

CALLS=${MEMORY_CALLS:-100000}
CONNS=${MEMORY_CONNECTIONS:-100}
DB=supporthub_memory
export PGDATABASE=$DB
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

psql -X -q -c "DROP DATABASE IF EXISTS $DB" postgres
psql -X -q -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" postgres || exit 1
"${PSQL[@]}" <<SQL || exit 1
CREATE EXTENSION supporthub CASCADE;
DROP ROLE IF EXISTS mem_app;
CREATE ROLE mem_app LOGIN PASSWORD '$PGPASSWORD' IN ROLE supporthub_service, supporthub_platform;
GRANT CREATE ON SCHEMA public TO mem_app;
-- the memory-context view is a superuser's by default
GRANT SELECT ON pg_catalog.pg_backend_memory_contexts TO mem_app;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_get_backend_memory_contexts() TO mem_app;
SQL

echo "==== 1. one backend: the fixture (every write function), then every get_* function"
PGUSER=mem_app "${PSQL[@]}" <<SQL
CREATE TEMP VIEW mem AS
	SELECT pg_catalog.sum(total_bytes)::bigint AS total, pg_catalog.sum(used_bytes)::bigint AS used
	  FROM pg_catalog.pg_backend_memory_contexts;
SELECT 'fresh backend' AS "when", pg_catalog.pg_size_pretty(total) AS total_memory FROM mem;
\ir $ROOT/test/fixture/fixture.sql
\ir $ROOT/test/fixture/ids.psql
BEGIN;
SELECT supporthub.act_as(:'a_admin') \g /dev/null
SELECT count(*) FROM supporthub.get_users() \g /dev/null
SELECT supporthub.get_user_by_id(:'a_agent') \g /dev/null
SELECT count(*) FROM supporthub.get_categories() \g /dev/null
SELECT supporthub.get_category_by_id(:'a_billing') \g /dev/null
SELECT count(*) FROM supporthub.get_escalation_types() \g /dev/null
SELECT supporthub.get_escalation_type_by_id(:'a_manager') \g /dev/null
SELECT count(*) FROM supporthub.get_templates() \g /dev/null
SELECT supporthub.get_template_by_id(:'a_refund') \g /dev/null
SELECT count(*) FROM supporthub.get_tickets() \g /dev/null
SELECT supporthub.get_ticket_by_id(:'a_t_open') \g /dev/null
SELECT supporthub.get_ticket_by_number(1) \g /dev/null
SELECT count(*) FROM supporthub.get_recent_activities() \g /dev/null
SELECT count(*) FROM supporthub.get_chat_msgs(:'a_c_closed') \g /dev/null
SELECT count(*) FROM supporthub.get_recordings(:'a_t_open') \g /dev/null
SELECT count(*) FROM supporthub.get_communications(:'a_t_open') \g /dev/null
SELECT supporthub.reset_actor() \g /dev/null
SELECT count(*) FROM supporthub.get_tenants() \g /dev/null
SELECT supporthub.get_tenant_by_id(:'a_tenant') \g /dev/null
COMMIT;
SELECT 'after every API function' AS "when", pg_catalog.pg_size_pretty(total) AS total_memory FROM mem;
SELECT name, pg_catalog.pg_size_pretty(pg_catalog.sum(total_bytes)) AS total, pg_catalog.count(*) AS contexts
  FROM pg_catalog.pg_backend_memory_contexts
 GROUP BY name ORDER BY pg_catalog.sum(total_bytes) DESC LIMIT 8;

\echo
\echo ==== 2. the same backend: $CALLS calls, one transaction per act_as + assign_agent
CREATE PROCEDURE public.mem_calls(n integer, agent uuid, other uuid, ticket uuid)
LANGUAGE plpgsql AS \$\$
BEGIN
	FOR i IN 1 .. n LOOP
		PERFORM supporthub.act_as(agent);	-- until the COMMIT below
		PERFORM supporthub.assign_agent(ticket, CASE i % 2 WHEN 0 THEN agent ELSE other END);
		PERFORM supporthub.get_ticket_by_id(ticket);
		COMMIT;
	END LOOP;
END
\$\$;
-- measured between CALLs: a running procedure holds state of its own
-- (PL/pgSQL's per-transaction expression state) until it returns
SELECT total AS base FROM mem \gset
CALL public.mem_calls($CALLS / 30, :'a_agent', :'a_agent2', :'a_t_reopened');
SELECT format('after %s calls: %s (%s bytes more than before)', $CALLS / 10, pg_catalog.pg_size_pretty(total), total - :base) AS memory FROM mem;
CALL public.mem_calls($CALLS * 4 / 30, :'a_agent', :'a_agent2', :'a_t_reopened');
SELECT format('after %s calls: %s (%s bytes more than before)', $CALLS / 2, pg_catalog.pg_size_pretty(total), total - :base) AS memory FROM mem;
CALL public.mem_calls($CALLS / 6, :'a_agent', :'a_agent2', :'a_t_reopened');
SELECT format('after %s calls: %s (%s bytes more than before)', $CALLS, pg_catalog.pg_size_pretty(total), total - :base) AS memory FROM mem;
SQL
[ $? -eq 0 ] || { echo "bench-memory: the one-backend measurements failed" >&2; exit 1; }

echo
echo "==== 3. $CONNS connections, each calling the API"
cat >/tmp/supporthub-memory-pgbench.sql <<'PGB'
BEGIN;
SELECT supporthub.act_as(:agent);
SELECT count(*) FROM supporthub.get_tickets();
SELECT supporthub.get_ticket_by_id(:ticket);
COMMIT;
PGB
agent=$(PGUSER=mem_app psql -X -Atc "SELECT id FROM public.fixture WHERE side = 'A' AND name = 'agent'")
ticket=$(PGUSER=mem_app psql -X -Atc "SELECT id FROM public.fixture WHERE side = 'A' AND name = 't_open'")
PGUSER=mem_app pgbench -n -c "$CONNS" -j 2 -T 20 -D agent="'$agent'" -D ticket="'$ticket'" \
	-f /tmp/supporthub-memory-pgbench.sql >/tmp/supporthub-memory-pgbench.log 2>&1 &
pgb=$!
sleep 12
pids=$(psql -X -Atc "SELECT pid FROM pg_stat_activity WHERE usename = 'mem_app' AND datname = '$DB'" postgres)
n=0
sizes=()
for pid in $pids; do
	kb=$(awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s + 0 }' /proc/"$pid"/smaps_rollup 2>/dev/null)
	[ -n "$kb" ] && [ "$kb" -gt 0 ] && sizes+=("$kb") && n=$((n + 1))
done
wait $pgb
grep -E '^(tps|number of failed)' /tmp/supporthub-memory-pgbench.log
printf '%s\n' "${sizes[@]}" | sort -n | awk -v n="$n" '
	{ a[NR] = $1; s += $1 }
	END {
		if (NR == 0) { print "no backends found"; exit 1 }
		printf "%d backends: private memory per backend median %.1f MiB (min %.1f, max %.1f); all together %.1f MiB\n",
			n, a[int((NR + 1) / 2)] / 1024, a[1] / 1024, a[NR] / 1024, s / 1024
	}'
rm -f /tmp/supporthub-memory-pgbench.sql
