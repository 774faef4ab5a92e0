#!/usr/bin/env bash
# test/bench/search.sh — `make bench-search`: search_tickets among 1,000,000
# tickets of 100 tenants (SPEC-1.1, tests and benchmarks), on a throwaway
# cluster started by make (pg_virtualenv, port $SUPPORTHUB_BENCH_PORT or
# 54390).
#
# It generates its own data set (search_generate.sql: words of known
# frequency, comments, internal notes, tenants interleaved in the heap) and
# then, as an admin of tenant 1 (staff: the staff documents) and as one of
# its customers (the public documents):
#   1. the plan of the statement search_tickets runs, with its buffers,
#      through auto_explain (log_nested_statements, reported as NOTICEs),
#      once the plan cache has settled (after six calls), for
#        common10 / only10   a word in 10 % of tenant 1's tickets, and in
#                            10 % of every other tenant's (common10) or in
#                            no other tenant (only10);
#        common01 / only01   the same at 0.1 %;
#        #5000               a ticket number (an index probe);
#      the buffers of common10 and only10 (and of common01 and only01)
#      compared show what the index reads of the other tenants' entries;
#   2. the call's time: pgbench -M prepared, 1 client, BENCH_SECONDS
#      (default 10) per word, each transaction act_as + the first page of
#      search_tickets + COMMIT, as bench_app (an application's rights);
#      the per-statement latency of the search is the figure.
# Knobs: BENCH_SCALE (1 = 100 tenants × 10,000 tickets; 0.01 for a smoke
# run), BENCH_SECONDS, BENCH_OUT.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

if [ -z "${PG_CLUSTER_CONF_ROOT:-}" ] || [ -z "${PGPORT:-}" ]; then
	exec make -C "$ROOT" -s bench-search
fi
if [ "$PGPORT" = 5432 ]; then
	echo "bench-search: refusing port 5432, which belongs to the system cluster" >&2
	exit 1
fi

SCALE=${BENCH_SCALE:-1}
SECS=${BENCH_SECONDS:-10}
TENANTS=$(awk -v s="$SCALE" 'BEGIN { t = int(100 * s + 0.5); print (t < 4 ? 4 : t) }')
TICKETS=$(awk -v s="$SCALE" -v t="$TENANTS" 'BEGIN { k = int(1000000 * s / t / 1000 + 0.5) * 1000; print (k < 1000 ? 1000 : k) }')
CUSTOMERS=$(awk -v s="$SCALE" 'BEGIN { c = int(1000 * s + 0.5); print (c < 50 ? 50 : c) }')
OUT=${BENCH_OUT:-/tmp/supporthub-bench-search-$(date +%Y%m%d-%H%M%S)}
DB=supporthub_bench_search
mkdir -p "$OUT/logs"
export PGDATABASE=$DB
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

die() {
	echo "bench-search: $*" >&2
	exit 1
}

printf '==== supporthub search benchmark\n'
echo "started:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "host:        $(uname -srm), $(nproc) cpus, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "postgresql:  $(psql -X -Atc 'SELECT version()' postgres)"
echo "data:        scale $SCALE: $TENANTS tenants × $TICKETS tickets, $CUSTOMERS customers each"
echo "output:      $OUT"

psql -X -q -c "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1
psql -X -q -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" postgres ||
	die "cannot create database $DB"
"${PSQL[@]}" -c 'CREATE EXTENSION supporthub CASCADE' || die "CREATE EXTENSION failed"
"${PSQL[@]}" -v pw="$PGPASSWORD" -f "$HERE/setup.sql" >"$OUT/logs/setup.log" 2>&1 ||
	{ cat "$OUT/logs/setup.log"; die "setup.sql failed"; }
start=$(date +%s)
"${PSQL[@]}" -v tenants="$TENANTS" -v tickets="$TICKETS" -v customers="$CUSTOMERS" \
	-f "$HERE/search_generate.sql" >"$OUT/logs/generate.log" 2>&1 ||
	{ cat "$OUT/logs/generate.log"; die "search_generate.sql failed"; }
printf '\n==== data generated in %s s\n' "$(($(date +%s) - start))"
sed -n '/tenants | tickets/,/^([0-9]* row/p' "$OUT/logs/generate.log"

ADMIN=$(psql -X -Atc 'SELECT bench.id(2, 1, 1)')
# the customer of tenant 1's ticket 10 (user 23 + (31·10 + 7) mod customers:
# 340 at full scale): their tickets are numbered 10 apart by a multiple of
# the customer count, so each holds common10 and only10, none common01 or only01
CUSTOMER=$(psql -X -Atc "SELECT bench.id(2, 1, 23 + 317 % $CUSTOMERS)")

# ------------------------------------------------------------ 1. the plans
printf '\n==== 1. plans and buffers (auto_explain of the statement inside search_tickets)\n'
explain() {	# actor label query
	"${PSQL[@]}" <<SQL 2>&1
LOAD 'auto_explain';
BEGIN;
SELECT supporthub.act_as('$1') \\g /dev/null
SELECT count(*) FROM supporthub.search_tickets('$3') \\g /dev/null
SELECT count(*) FROM supporthub.search_tickets('$3') \\g /dev/null
SELECT count(*) FROM supporthub.search_tickets('$3') \\g /dev/null
SELECT count(*) FROM supporthub.search_tickets('$3') \\g /dev/null
SELECT count(*) FROM supporthub.search_tickets('$3') \\g /dev/null
SELECT count(*) FROM supporthub.search_tickets('$3') \\g /dev/null
SET LOCAL auto_explain.log_min_duration = 0;
SET LOCAL auto_explain.log_analyze = on;
SET LOCAL auto_explain.log_buffers = on;
SET LOCAL auto_explain.log_nested_statements = on;
SET LOCAL auto_explain.log_level = notice;
SELECT '$2' AS search, count(*) AS rows_on_first_page FROM supporthub.search_tickets('$3');
COMMIT;
SQL
}
for w in common10 only10 common01 only01; do
	explain "$ADMIN" "staff: $w" "$w" >"$OUT/logs/plan-staff-$w.log"
	explain "$CUSTOMER" "customer: $w" "$w" >"$OUT/logs/plan-customer-$w.log"
done
explain "$ADMIN" "staff: #5000" "#5000" >"$OUT/logs/plan-staff-number.log"
explain "$ADMIN" "staff: notesonly" "notesonly" >"$OUT/logs/plan-staff-notesonly.log"
explain "$CUSTOMER" "customer: notesonly" "notesonly" >"$OUT/logs/plan-customer-notesonly.log"

# the figures of each plan: the search statement's total time and buffers,
# and the buffers of its GIN scan
summarise() {	# log
	awk '
		/Query Text: SELECT t.tenant_id/ { inner = 1 }
		inner && /actual time/ && !lim { match($0, /actual time=[0-9.]+\.\.[0-9.]+/); lim = substr($0, RSTART + 12, RLENGTH - 12) }
		inner && /Buffers:/ && !tot { tot = $0; sub(/^.*Buffers: /, "", tot) }
		inner && /Bitmap Index Scan on ticket_search_documents_search_idx/ { gin = 1; next }
		inner && gin == 1 && /Buffers:/ { g = $0; sub(/^.*Buffers: /, "", g); gin = 2 }
		inner && /Index Scan using tickets_number_key/ { num = 1 }
		END { printf "time %s ms | statement buffers: %s | GIN scan buffers: %s%s\n", lim, tot, (g == "" ? "-" : g), (num ? " | number: index scan on tickets_number_key" : "") }' "$1"
}
printf '%-22s %s\n' "search" "figures (statement inside search_tickets)"
for f in staff-common10 staff-only10 staff-common01 staff-only01 customer-common10 customer-only10 \
	customer-common01 customer-only01 staff-number staff-notesonly customer-notesonly; do
	rows=$(sed -n 's/^ *\(staff\|customer\): [^|]*| *\([0-9]*\)$/\2/p' "$OUT/logs/plan-$f.log" | head -1)
	printf '%-22s rows %s | %s\n' "$f" "${rows:-?}" "$(summarise "$OUT/logs/plan-$f.log")"
done
printf '\nthe plan (staff, common10):\n'
sed -n '/Query Text: SELECT t.tenant_id/,/^ *$/p' "$OUT/logs/plan-staff-common10.log" | sed -n '2,200p' | grep -v '^$' | head -60

# ------------------------------------------------------------ 2. the time
printf '\n==== 2. time per call (pgbench -M prepared, 1 client, %s s each, as bench_app)\n' "$SECS"
for w in common10 only10 common01 only01 '#5000'; do
	for who in staff customer; do
		actor=$ADMIN
		[ "$who" = customer ] && actor=$CUSTOMER
		cat >"$OUT/search.pgbench" <<SQL
BEGIN;
SELECT supporthub.act_as('$actor');
SELECT count(*) FROM supporthub.search_tickets('$w');
COMMIT;
SQL
		PGUSER=bench_app pgbench -n -M prepared -c 1 -T "$SECS" -r -f "$OUT/search.pgbench" \
			>"$OUT/logs/pgbench-$who-${w#\#}.log" 2>&1 || die "pgbench failed: $(tail -5 "$OUT/logs/pgbench-$who-${w#\#}.log")"
		tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/logs/pgbench-$who-${w#\#}.log")
		lat=$(awk '/search_tickets/ { print $1 }' "$OUT/logs/pgbench-$who-${w#\#}.log")
		printf '%-9s %-9s search_tickets %8s ms per call   (%s transactions/s with act_as and COMMIT)\n' \
			"$who" "$w" "$lat" "$tps"
	done
done
echo "finished:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
