#!/usr/bin/env bash
# test/bench/run.sh — the supporthub benchmark (SPEC §9, issue 6).
#
# Run it with `make bench` (as root: it installs the extension first), which
# starts a throwaway cluster on port ${SUPPORTHUB_BENCH_PORT:-54390} with
# pg_virtualenv and runs this script inside it.  Run directly from outside a
# cluster, this script calls `make bench` itself.
#
# What it does, inside the throwaway cluster:
#   1. creates the extension, the bench roles and helpers (setup.sql), the
#      data set (generate.sql) and the PL/pgSQL peer (plpgsql_peer.sql), and
#      checks that the peer answers every case as the C API does
#      (peer_check.sql);
#   2. shows the plans of the page of 50 tickets under RLS (explain.sql);
#   3. runs pgbench for every operation × contender, interleaved and
#      rotated (A B C D, B C D A, …) for BENCH_ROUNDS rounds of
#      BENCH_SECONDS each;
#   4. prints medians, min–max, paired ratios and PASS/MISS per target
#      (summary.awk), and checks the data afterwards.
# It exits 0 when every run completed, whether or not targets were met;
# non-zero only when something broke (a pgbench error, a failed setup step).
#
# Knobs (environment):
#   BENCH_SCALE    1 = 100 tenants, 1,000,000 tickets (default); 0.01 for a
#                  smoke run (4 tenants × 2,500 tickets)
#   BENCH_ROUNDS   rounds per contender (default 5)
#   BENCH_SECONDS  seconds per pgbench run (default 10)
#   BENCH_CLIENTS  clients of the single-operation runs (default 1)
#   BENCH_ONLY     run only these operations (space-separated, of: create
#                  assign escalate page conc); default all
#   BENCH_TENANTS, BENCH_TICKETS (per tenant), BENCH_CUSTOMERS (per tenant)
#                  override what BENCH_SCALE derives
#   BENCH_OUT      where logs and results go (default /tmp/supporthub-bench-<time>)
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

if [ -z "${PG_CLUSTER_CONF_ROOT:-}" ] || [ -z "${PGPORT:-}" ]; then
	# not inside pg_virtualenv: let make build, install and start the cluster
	exec make -C "$ROOT" -s bench
fi
if [ "$PGPORT" = 5432 ]; then
	echo "bench: refusing port 5432, which belongs to the system cluster" >&2
	exit 1
fi

SCALE=${BENCH_SCALE:-1}
ROUNDS=${BENCH_ROUNDS:-5}
SECS=${BENCH_SECONDS:-10}
CLIENTS=${BENCH_CLIENTS:-1}
ONLY=${BENCH_ONLY:-create assign escalate page conc}
for op in $ONLY; do
	case "$op" in
	create | assign | escalate | page | conc) ;;
	*)
		echo "bench: BENCH_ONLY: unknown operation '$op' (create assign escalate page conc)" >&2
		exit 1
		;;
	esac
done
OUT=${BENCH_OUT:-/tmp/supporthub-bench-$(date +%Y%m%d-%H%M%S)}
TENANTS=${BENCH_TENANTS:-$(awk -v s="$SCALE" 'BEGIN { t = int(100 * s + 0.5); print (t < 4 ? 4 : t) }')}
TICKETS=${BENCH_TICKETS:-$(awk -v s="$SCALE" -v t="$TENANTS" 'BEGIN { k = int(1000000 * s / t / 20 + 0.5) * 20; print (k < 100 ? 100 : k) }')}
CUSTOMERS=${BENCH_CUSTOMERS:-$(awk -v s="$SCALE" 'BEGIN { c = int(1000 * s + 0.5); print (c < 50 ? 50 : c) }')}
if [ $((TICKETS % 20)) -ne 0 ] || [ "$TICKETS" -lt 100 ] || [ "$CUSTOMERS" -lt 39 ] || [ "$TENANTS" -lt 4 ]; then
	echo "bench: need BENCH_TICKETS a multiple of 20 and >= 100, BENCH_CUSTOMERS >= 39, BENCH_TENANTS >= 4" >&2
	exit 1
fi

DB=supporthub_bench
SCRIPTS=$HERE/scripts
mkdir -p "$OUT/logs"
RESULTS=$OUT/results.tsv
: >"$RESULTS"
export PGDATABASE=$DB

PSQL=(psql -X -q -v ON_ERROR_STOP=1)

die() {
	echo "bench: $*" >&2
	exit 1
}

section() {
	printf '\n==== %s\n' "$*"
}

machine() {
	echo "host:        $(uname -srm)"
	echo "cpus:        $(nproc)  ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'))"
	echo "memory:      $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "postgresql:  $(psql -X -Atc 'SELECT version()' postgres)"
	echo "settings:    $(psql -X -Atc "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'max_wal_size', 'checkpoint_timeout', 'autovacuum', 'jit', 'plan_cache_mode')" postgres)"
	echo "load:        $(uptime | sed 's/.*load average/load average/')"
}

section "supporthub benchmark"
echo "started:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
machine
echo "data:        scale $SCALE: $TENANTS tenants × $TICKETS tickets, 2 admins, 20 agents, $CUSTOMERS customers each"
echo "operations:  $ONLY"
echo "runs:        $ROUNDS rounds × ${SECS} s per contender, $CLIENTS client(s) (4 for the concurrency runs), pgbench -M prepared"
echo "output:      $OUT"

# ---------------------------------------------------------------- 1. set-up
section "1. set-up: extension, roles, data, PL/pgSQL peer"
psql -X -q -c "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1
# UTF-8, as the PL/pgSQL peer's trimming assumes (the C code trims Unicode
# spaces only in UTF-8 databases)
psql -X -q -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" postgres ||
	die "cannot create database $DB"
"${PSQL[@]}" -c 'CREATE EXTENSION supporthub' || die "CREATE EXTENSION failed"
"${PSQL[@]}" -v pw="$PGPASSWORD" -f "$HERE/setup.sql" >"$OUT/logs/setup.log" 2>&1 ||
	{ cat "$OUT/logs/setup.log"; die "setup.sql failed"; }
start=$(date +%s)
"${PSQL[@]}" -v tenants="$TENANTS" -v tickets="$TICKETS" -v customers="$CUSTOMERS" \
	-f "$HERE/generate.sql" >"$OUT/logs/generate.log" 2>&1 ||
	{ cat "$OUT/logs/generate.log"; die "generate.sql failed"; }
echo "data generated in $(($(date +%s) - start)) s:"
sed -n '/tenants | users/,/^([0-9]* row/p' "$OUT/logs/generate.log"
"${PSQL[@]}" -f "$HERE/plpgsql_peer.sql" >"$OUT/logs/peer.log" 2>&1 ||
	{ cat "$OUT/logs/peer.log"; die "plpgsql_peer.sql failed"; }
"${PSQL[@]}" -f "$HERE/peer_check.sql" >"$OUT/logs/peer_check.log" 2>&1 ||
	{ cat "$OUT/logs/peer_check.log"; die "peer_check.sql failed"; }
PEER=$(grep '^peer check:' "$OUT/logs/peer_check.log")
echo "$PEER (log: $OUT/logs/peer_check.log)"
case "$PEER" in
*" 0 differ") ;;
*) sed -n '/^-\[ RECORD/,/^peer check/p' "$OUT/logs/peer_check.log" ;;
esac

# ---------------------------------------------------------------- 2. plans
section "2. plans of the page of 50 tickets under RLS"
PLAN_T=$(((TENANTS + 1) / 2))
"${PSQL[@]}" -v t="$PLAN_T" -v deep=$((TICKETS / 5 + 1)) -f "$HERE/explain.sql" >"$OUT/plans.txt" 2>&1 ||
	{ cat "$OUT/plans.txt"; die "explain.sql failed"; }
sed -e 's/^psql:[^ ]* NOTICE:  /NOTICE: /' "$OUT/plans.txt"
# the first plan of the statement inside get_tickets that auto_explain
# logged in section N of plans.txt
stmt_plan() {
	sed -n "/^=== $1\./,/^=== $(($1 + 1))\./p" "$OUT/plans.txt" |
		sed -n '/Query Text: SELECT r\.\* FROM supporthub.tickets/,/NOTICE/p' | sed -n '1,/NOTICE/p'
}
# the n-th duration logged for that statement in a section
duration() {
	sed -n "/^=== $1\./,/^=== $(($1 + 1))\./p" "$OUT/plans.txt" |
		grep -B1 'Query Text: SELECT r\.\* FROM supporthub.tickets' | grep -o 'duration: [0-9.]* ms' |
		sed -n "${2:-1}p" | sed 's/duration: //'
}
buffers() {
	grep -m1 -o 'Buffers: shared hit=[0-9]*\( read=[0-9]*\)\?' | sed 's/Buffers: shared //'
}
kept=$(stmt_plan 2)
if grep -q 'Index Scan.* using tickets_open_idx' <<<"$kept" && ! grep -qE 'Seq Scan|Sort|Bitmap' <<<"$kept"; then
	PLAN=index
else
	PLAN=other
fi
# in the plan (not the statement's text) a generic plan shows the tenant as
# $1, a custom plan as a literal
if grep -v 'Query Text' <<<"$kept" | grep -q 'tenant_id = \$1'; then KEPT=generic; else KEPT=custom; fi
# section 4: the generic plan, first page then later page
generic_deep=$(sed -n '/^=== 4\./,/^=== 5\./p' "$OUT/plans.txt" |
	awk '/Query Text: SELECT r\.\* FROM supporthub.tickets/ { n++ } n == 2' | sed -n '1,/NOTICE/p')
DEEP_REMOVED=$(grep -o 'Rows Removed by Filter: [0-9]*' <<<"$generic_deep" | grep -o '[0-9]*$' | head -1)
echo
echo "first page inside get_tickets: $([ $PLAN = index ] && echo 'index scan on tickets_open_idx, no sort' || echo 'NOT an index scan without sort'); $(duration 2), buffers $(buffers <<<"$kept")"
if [ $KEPT = custom ]; then
	echo "  the plan cache keeps a CUSTOM plan (the tenant is a literal in it): the statement is planned again on every call"
else
	echo "  the plan cache uses the GENERIC plan (planned once per backend)"
fi
echo "later page (after => ticket $((TICKETS / 5 + 1))): $(duration 3), buffers $(buffers <<<"$(stmt_plan 3)")"
echo "later page, generic plan: $(duration 4 2), buffers $(buffers <<<"$generic_deep"), rows removed by filter: ${DEEP_REMOVED:-0}"

# ---------------------------------------------------------------- 3. runs
# test  contender  script  user  clients  extra pgbench options
RUNS=(
	"create    ext           create_ext       bench_app    $CLIENTS"
	"create    plpgsql       create_plpgsql   bench_app    $CLIENTS"
	"create    floor         create_floor     postgres     $CLIENTS"
	"create    express       create_express   postgres     $CLIENTS"
	"create    floor_rls     create_floor     bench_writer $CLIENTS"
	"assign    ext           assign_ext       bench_app    $CLIENTS"
	"assign    plpgsql       assign_plpgsql   bench_app    $CLIENTS"
	"assign    floor         assign_floor     postgres     $CLIENTS"
	"assign    express       assign_express   postgres     $CLIENTS"
	"assign    floor_rls     assign_floor     bench_writer $CLIENTS"
	"escalate  ext           escalate_ext     bench_app    $CLIENTS"
	"escalate  plpgsql       escalate_plpgsql bench_app    $CLIENTS"
	"escalate  floor         escalate_floor   postgres     $CLIENTS"
	"escalate  express       escalate_express postgres     $CLIENTS"
	"escalate  floor_rls     escalate_floor   bench_writer $CLIENTS"
	"page      ext           page_ext         bench_app    $CLIENTS"
	"page      ext_generic   page_ext         bench_app    $CLIENTS  generic"
	"page      rls           page_norls       bench_app    $CLIENTS"
	"page      norls         page_norls       postgres     $CLIENTS"
	"conc      one_tenant    conc_create      bench_app    4  -D tenant_of_client=0"
	"conc      four_tenants  conc_create      bench_app    4  -D tenant_of_client=1"
)
# BENCH_ONLY: keep the runs of the operations asked for
kept_runs=()
for spec in "${RUNS[@]}"; do
	case " $ONLY " in *" ${spec%% *} "*) kept_runs+=("$spec") ;; esac
done
RUNS=("${kept_runs[@]}")

FAILED=0
# run_one ROUND SECONDS TEST CONTENDER SCRIPT USER CLIENTS [OPTIONS…]: one
# pgbench run; prints its TPS and records it (except in the warm-up).
run_one() {
	local round=$1 secs=$2 test=$3 who=$4 script=$5 user=$6 clients=$7
	shift 7
	local log="$OUT/logs/${test}_${who}_r${round}.log" tps jobs=$((clients < 2 ? 1 : 2)) rc opts=
	if [ "${1:-}" = generic ]; then
		# diagnostic: the same script with every plan generic (SPI's too)
		opts="-c plan_cache_mode=force_generic_plan"
		shift
	fi
	PGOPTIONS="$opts" pgbench -n -M prepared -U "$user" -c "$clients" -j "$jobs" -T "$secs" \
		-D T="$TENANTS" -D K="$TICKETS" -D C="$CUSTOMERS" "$@" \
		-f "$SCRIPTS/$script.sql" "$DB" >"$log" 2>&1
	rc=$?
	tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$log")
	if [ $rc -ne 0 ] || [ -z "$tps" ] || grep -qE 'aborted|error' "$log" ||
		! grep -q 'number of failed transactions: 0 ' "$log"; then
		printf '  %-9s %-13s FAILED (log: %s)\n' "$test" "$who" "$log"
		grep -E 'error|aborted|failed' "$log" | head -5 | sed 's/^/      /'
		FAILED=$((FAILED + 1))
		return 1
	fi
	[ "$round" = warmup ] || printf '%s\t%s\t%s\t%s\n' "$round" "$test" "$who" "$tps" >>"$RESULTS"
	printf '  %-9s %-13s %10.0f tps\n' "$test" "$who" "$tps"
}

section "3. pgbench: warm-up (2 s each, not counted)"
for spec in "${RUNS[@]}"; do
	read -r test who script user clients extra <<<"$spec"
	# shellcheck disable=SC2086
	run_one warmup 2 "$test" "$who" "$script" "$user" "$clients" $extra
done
[ $FAILED -eq 0 ] || die "$FAILED warm-up run(s) failed: fix the scripts before measuring"

# rotated RUNS for round r: within each operation the contenders start one
# place later every round (A B C D, B C D A, C D A B, …), so that nothing
# that happens at a fixed place in a round (autovacuum of what the previous
# operation wrote, say) always falls on the same contender
rotated_runs() {
	local r=$1 i j n spec op group=()
	ROUND_RUNS=()
	for ((i = 0; i <= ${#RUNS[@]}; i++)); do
		spec=${RUNS[i]:-}
		op=${spec%% *}
		if [ ${#group[@]} -gt 0 ] && { [ -z "$spec" ] || [ "$op" != "${group[0]%% *}" ]; }; then
			n=${#group[@]}
			for ((j = 0; j < n; j++)); do
				ROUND_RUNS+=("${group[(j + r - 1) % n]}")
			done
			group=()
		fi
		[ -z "$spec" ] || group+=("$spec")
	done
}

section "3. pgbench: $ROUNDS rounds × ${SECS} s, contenders interleaved within each operation, their order rotated every round"
for round in $(seq 1 "$ROUNDS"); do
	echo "round $round  ($(uptime | sed 's/.*load average/load average/'))"
	rotated_runs "$round"
	for spec in "${ROUND_RUNS[@]}"; do
		read -r test who script user clients extra <<<"$spec"
		# shellcheck disable=SC2086
		run_one "$round" "$SECS" "$test" "$who" "$script" "$user" "$clients" $extra
	done
done

# ---------------------------------------------------------------- 4. results
section "4. results"
echo "finished:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "load:        $(uptime | sed 's/.*load average/load average/')"
echo
awk -f "$HERE/summary.awk" -v only="$ONLY" -v plan="$PLAN" -v kept="$KEPT" -v deep_removed="${DEEP_REMOVED:-0}" "$RESULTS" | tee "$OUT/summary.md"

section "data check after the runs"
"${PSQL[@]}" -c "
SELECT count(*) AS tickets,
	   count(*) FILTER (WHERE NOT EXISTS (
		   SELECT FROM supporthub.recent_activities a
			WHERE a.tenant_id = t.tenant_id AND a.ref_id = t.id AND a.action = 'created')) AS without_created_activity,
	   (SELECT count(*) FROM supporthub.ticket_counters c
		 WHERE c.last_number <> (SELECT max(ticket_number) FROM supporthub.tickets x WHERE x.tenant_id = c.tenant_id)) AS counters_off,
	   (SELECT count(*) FROM supporthub.escalations) AS escalations
  FROM supporthub.tickets t" | tee "$OUT/datacheck.txt"

echo
echo "results: $RESULTS   summary: $OUT/summary.md   plans: $OUT/plans.txt   logs: $OUT/logs/"
if [ $FAILED -ne 0 ]; then
	echo "bench: $FAILED run(s) failed; their rounds are missing from the results" >&2
	exit 1
fi
exit 0
