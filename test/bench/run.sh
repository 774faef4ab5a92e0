#!/usr/bin/env bash
# test/bench/run.sh — the supporthub benchmark (SPEC §9, issues 6 and 12).
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
#   3. runs pgbench for every operation × contender × regime, interleaved
#      and rotated within each operation (A B C D, B C D A, …) for
#      BENCH_ROUNDS rounds of BENCH_SECONDS each;
#   4. prints, per regime, medians, min–max, paired ratios and PASS/MISS
#      per target (summary.awk), and checks the data afterwards.
# It exits 0 when every run completed, whether or not targets were met;
# non-zero only when something broke (a pgbench error, a failed setup step).
#
# Two regimes (BENCH_REGIMES):
#   fsync  every operation (create assign escalate page conc) with
#          synchronous_commit as the cluster has it, BENCH_CLIENTS clients
#          (the concurrency runs: 4): each COMMIT waits until its WAL is
#          written (and flushed to disk, when the cluster has fsync on);
#   cpu    the writes (create assign escalate) of all five contenders with
#          synchronous_commit = off (PGOPTIONS, per connection),
#          BENCH_CPU_CLIENTS clients on 2 threads, pgbench -r: COMMIT no
#          longer waits for the WAL, so what is measured is CPU work; the
#          per-statement latencies give each run's COMMIT (and act_as)
#          latency.  Also the operation "actor": act_as(…, false) against
#          act_as(…, true), each in the same transaction shape, with one
#          client (with more clients than cores pgbench's per-statement
#          latencies of such short statements read low).
#   The operation "notify" (both regimes) is create_ticket through the
#   extension as bench_app (notifications on, the default) against the same
#   script as bench_quiet, bench_app's twin whose role setting turns
#   supporthub.notify off: what NOTIFY supporthub_activity costs a write.
#   No client LISTENs: the writer's cost (queueing the payload, appending
#   it to the notification queue at commit) does not depend on listeners.
#   The fsync regime also runs the pair with 4 clients (info): PostgreSQL
#   lets one notifying transaction commit at a time.
#   The runs of both regimes sit in one group per operation, so they are
#   interleaved and rotated together.  The latencies are pgbench's averages
#   as the client sees them: with more clients than cores they include the
#   wait for a core, so only the paired ratios of one round are compared
#   (ext's COMMIT with the floor's; act_as(…, true) with act_as(…, false)).
#
# Knobs (environment):
#   BENCH_SCALE    1 = 100 tenants, 1,000,000 tickets (default); 0.01 for a
#                  smoke run (4 tenants × 2,500 tickets)
#   BENCH_ROUNDS   rounds per contender (default 5)
#   BENCH_SECONDS  seconds per pgbench run (default 10)
#   BENCH_REGIMES  the regimes to run, of: fsync cpu (default both)
#   BENCH_CLIENTS  clients of the single-operation runs of the fsync regime
#                  (default 1)
#   BENCH_CPU_CLIENTS  clients of the cpu regime's runs (default 4; 2 threads)
#   BENCH_ONLY     run only these operations (space-separated, of: create
#                  assign escalate page conc actor token notify); default
#                  all.  page, conc and token run in the fsync regime only,
#                  actor in cpu only
#   BENCH_TENANTS, BENCH_TICKETS (per tenant), BENCH_CUSTOMERS (per tenant)
#                  override what BENCH_SCALE derives
#   BENCH_OUT      where logs and results go (default /tmp/supporthub-bench-<time>)
#
# results.tsv: one row per counted run, tab-separated: round, operation,
# contender, TPS, regime, COMMIT latency (ms), act_as latency (ms), and the
# share of the transaction time the statement latencies account for (see
# run_one), the operation's latency (ms: its statements between act_as and
# COMMIT); the last four are "-" where not measured (the fsync regime runs
# without -r).
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
CPU_CLIENTS=${BENCH_CPU_CLIENTS:-4}
REGIMES=${BENCH_REGIMES:-fsync cpu}
ONLY=${BENCH_ONLY:-create assign escalate page conc actor token notify}
for op in $ONLY; do
	case "$op" in
	create | assign | escalate | page | conc | actor | token | notify) ;;
	*)
		echo "bench: BENCH_ONLY: unknown operation '$op' (create assign escalate page conc actor token notify)" >&2
		exit 1
		;;
	esac
done
for regime in $REGIMES; do
	case "$regime" in
	fsync | cpu) ;;
	*)
		echo "bench: BENCH_REGIMES: unknown regime '$regime' (fsync cpu)" >&2
		exit 1
		;;
	esac
done
for n in "$CLIENTS" "$CPU_CLIENTS"; do
	case "$n" in
	'' | *[!0-9]* | 0)
		echo "bench: BENCH_CLIENTS and BENCH_CPU_CLIENTS must be positive integers" >&2
		exit 1
		;;
	esac
done
# what the cpu regime sets on each of its connections
CPU_PGOPTIONS="-c synchronous_commit=off"
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
echo "regimes:     $REGIMES"
case " $REGIMES " in *" fsync "*)
	echo "  fsync:     synchronous_commit=$(psql -X -Atc 'SHOW synchronous_commit' postgres), $CLIENTS client(s) (4 for the concurrency runs)" ;;
esac
case " $REGIMES " in *" cpu "*)
	echo "  cpu:       synchronous_commit=$(PGOPTIONS="$CPU_PGOPTIONS" psql -X -Atc 'SHOW synchronous_commit' postgres) per connection ($CPU_PGOPTIONS), $CPU_CLIENTS client(s), $((CPU_CLIENTS < 2 ? 1 : 2)) thread(s), pgbench -r (statement latencies)" ;;
esac
echo "runs:        $ROUNDS rounds × ${SECS} s per contender and regime, pgbench -M prepared"
echo "output:      $OUT"

# ---------------------------------------------------------------- 1. set-up
section "1. set-up: extension, roles, data, PL/pgSQL peer"
psql -X -q -c "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1
# UTF-8, as the PL/pgSQL peer's trimming assumes (the C code trims Unicode
# spaces only in UTF-8 databases)
psql -X -q -c "CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" postgres ||
	die "cannot create database $DB"
"${PSQL[@]}" -c 'CREATE EXTENSION supporthub CASCADE' || die "CREATE EXTENSION failed"
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
if [[ " $ONLY " == *" token "* ]]; then
	"${PSQL[@]}" -f "$HERE/sessions.sql" >"$OUT/logs/sessions.log" 2>&1 ||
		{ cat "$OUT/logs/sessions.log"; die "sessions.sql failed"; }
	NTOK=$(sed -n 's/^ *\([0-9][0-9]*\)$/\1/p' "$OUT/logs/sessions.log" | tail -1)
	echo "sessions:    $NTOK agents signed in for the token runs (at most 1,000), 4 more for the refresh chains"
fi
# the notify contenders differ by supporthub.notify alone: check it took
# (after loading the library, which refuses a value the role may not set)
notify_on=$(psql -X -Atc 'SELECT supporthub.uuid_v7() IS NOT NULL; SHOW supporthub.notify' -U bench_app | tail -1)
notify_off=$(psql -X -Atc 'SELECT supporthub.uuid_v7() IS NOT NULL; SHOW supporthub.notify' -U bench_quiet | tail -1)
[ "$notify_on/$notify_off" = on/off ] ||
	die "supporthub.notify is '$notify_on' for bench_app and '$notify_off' for bench_quiet (expected on and off)"
echo "notify:      supporthub.notify $notify_on for bench_app, $notify_off for bench_quiet (role setting)"
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
# operation  regime  contender  script  user  clients  [generic]  [pgbench options]
# One group per operation (the first word), so that the runs of both
# regimes are interleaved and rotated together.
C=$CLIENTS
CC=$CPU_CLIENTS
RUNS=(
	"create    fsync  ext           create_ext       bench_app    $C"
	"create    fsync  plpgsql       create_plpgsql   bench_app    $C"
	"create    fsync  floor         create_floor     postgres     $C"
	"create    fsync  express       create_express   postgres     $C"
	"create    fsync  floor_rls     create_floor     bench_writer $C"
	"create    cpu    ext           create_ext       bench_app    $CC"
	"create    cpu    plpgsql       create_plpgsql   bench_app    $CC"
	"create    cpu    floor         create_floor     postgres     $CC"
	"create    cpu    express       create_express   postgres     $CC"
	"create    cpu    floor_rls     create_floor     bench_writer $CC"
	"assign    fsync  ext           assign_ext       bench_app    $C"
	"assign    fsync  plpgsql       assign_plpgsql   bench_app    $C"
	"assign    fsync  floor         assign_floor     postgres     $C"
	"assign    fsync  express       assign_express   postgres     $C"
	"assign    fsync  floor_rls     assign_floor     bench_writer $C"
	"assign    cpu    ext           assign_ext       bench_app    $CC"
	"assign    cpu    plpgsql       assign_plpgsql   bench_app    $CC"
	"assign    cpu    floor         assign_floor     postgres     $CC"
	"assign    cpu    express       assign_express   postgres     $CC"
	"assign    cpu    floor_rls     assign_floor     bench_writer $CC"
	"escalate  fsync  ext           escalate_ext     bench_app    $C"
	"escalate  fsync  plpgsql       escalate_plpgsql bench_app    $C"
	"escalate  fsync  floor         escalate_floor   postgres     $C"
	"escalate  fsync  express       escalate_express postgres     $C"
	"escalate  fsync  floor_rls     escalate_floor   bench_writer $C"
	"escalate  cpu    ext           escalate_ext     bench_app    $CC"
	"escalate  cpu    plpgsql       escalate_plpgsql bench_app    $CC"
	"escalate  cpu    floor         escalate_floor   postgres     $CC"
	"escalate  cpu    express       escalate_express postgres     $CC"
	"escalate  cpu    floor_rls     escalate_floor   bench_writer $CC"
	"page      fsync  ext           page_ext         bench_app    $C"
	"page      fsync  ext_generic   page_ext         bench_app    $C  generic"
	"page      fsync  rls           page_norls       bench_app    $C"
	"page      fsync  norls         page_norls       postgres     $C"
	"conc      fsync  one_tenant    conc_create      bench_app    4  -D tenant_of_client=0"
	"conc      fsync  four_tenants  conc_create      bench_app    4  -D tenant_of_client=1"
	"token     fsync  act_as        token_act_as     bench_app    $C"
	"token     fsync  act_as_session token_session   bench_app    $C"
	"token     fsync  act_as_session_rw token_session_rw bench_app $C"
	"notify    fsync  on            create_ext       bench_app    $C"
	"notify    fsync  off           create_ext       bench_quiet  $C"
	"notify    fsync  on4           create_ext       bench_app    4"
	"notify    fsync  off4          create_ext       bench_quiet  4"
	"notify    cpu    on            create_ext       bench_app    $CC"
	"notify    cpu    off           create_ext       bench_quiet  $CC"
	"actor     cpu    txn           actor_txn        bench_app    1"
	"actor     cpu    session       actor_session    bench_app    1"
)
# BENCH_ONLY, BENCH_REGIMES: keep the runs of the operations and regimes
# asked for
kept_runs=()
for spec in "${RUNS[@]}"; do
	read -r op regime _ <<<"$spec"
	case " $ONLY " in *" $op "*) ;; *) continue ;; esac
	case " $REGIMES " in *" $regime "*) kept_runs+=("$spec") ;; esac
done
[ ${#kept_runs[@]} -gt 0 ] || die "nothing to run: BENCH_ONLY='$ONLY' has no operation in BENCH_REGIMES='$REGIMES' (page, conc and token: fsync only; actor: cpu only)"
RUNS=("${kept_runs[@]}")

FAILED=0
# run_one ROUND SECONDS TEST REGIME CONTENDER SCRIPT USER CLIENTS [generic]
# [OPTIONS…]: one pgbench run; prints its TPS (and, in the cpu regime, its
# COMMIT and act_as latencies) and records them (except in the warm-up).
run_one() {
	local round=$1 secs=$2 test=$3 regime=$4 who=$5 script=$6 user=$7 clients=$8
	shift 8
	local log="$OUT/logs/${test}_${regime}_${who}_r${round}.log" tps jobs=$((clients < 2 ? 1 : 2)) rc
	local opts='' latencies=() commit=- actas=- cover=- call=- shown=''
	if [ "${1:-}" = generic ]; then
		# diagnostic: the same script with every plan generic (SPI's too)
		opts="-c plan_cache_mode=force_generic_plan"
		shift
	fi
	if [ "$regime" = cpu ]; then
		# commits that do not wait for the WAL; statement latencies
		opts="${opts:+$opts }$CPU_PGOPTIONS"
		latencies=(-r)
	fi
	PGOPTIONS="$opts" pgbench -n -M prepared -U "$user" -c "$clients" -j "$jobs" -T "$secs" "${latencies[@]}" \
		-D T="$TENANTS" -D K="$TICKETS" -D C="$CUSTOMERS" -D N="${NTOK:-1}" "$@" \
		-f "$SCRIPTS/$script.sql" "$DB" >"$log" 2>&1
	rc=$?
	tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$log")
	# (the statement latencies echo the script's text: leave them out of
	# the search for errors)
	if [ $rc -ne 0 ] || [ -z "$tps" ] || sed '/^statement latencies/,$d' "$log" | grep -qE 'aborted|error' ||
		! grep -q 'number of failed transactions: 0 ' "$log"; then
		printf '  %-9s %-5s %-13s FAILED (log: %s)\n' "$test" "$regime" "$who" "$log"
		sed '/^statement latencies/,$d' "$log" | grep -E 'error|aborted|failed' | head -5 | sed 's/^/      /'
		FAILED=$((FAILED + 1))
		return 1
	fi
	if [ "$regime" = cpu ]; then
		# pgbench -r: "   <ms>   <failures>  <first line of the statement>"
		commit=$(awk '/^statement latencies/ { s = 1; next } s && $NF == "COMMIT;" { print $1; exit }' "$log")
		actas=$(awk '/^statement latencies/ { s = 1; next } s && index($0, " SELECT supporthub.act_as(") { print $1; exit }' "$log")
		if [ -z "$commit" ] || [ -z "$actas" ]; then
			printf '  %-9s %-5s %-13s FAILED: no COMMIT or act_as latency in the -r report (log: %s)\n' "$test" "$regime" "$who" "$log"
			FAILED=$((FAILED + 1))
			return 1
		fi
		# the share of the transaction's time that the statement latencies
		# account for: pgbench reads its clock lazily, so a result that is
		# already there when it first looks after sending (the server
		# answered before pgbench ran again) counts as taking no time; well
		# below 1, the latencies read low (summary.awk says so)
		cover=$(awk '/^latency average = / { lat = $4 } /^statement latencies/ { s = 1; next }
			s && $1 ~ /^[0-9.]+$/ { sum += $1 } END { if (lat > 0) printf "%.3f", sum / lat; else print "-" }' "$log")
		# the operation itself: every statement between act_as and COMMIT
		# (one call for the extension and the peer, one statement for the
		# floors, the round trips of the Express shape), \set lines aside
		call=$(awk '/^statement latencies/ { s = 1; next }
			s && $1 ~ /^[0-9.]+$/ && $NF != "COMMIT;" && $NF != "BEGIN;" && !index($0, "\\set ") &&
			!index($0, " SELECT supporthub.act_as(") { sum += $1 } END { printf "%.3f", sum }' "$log")
		shown=$(printf '   call %6.3f ms   COMMIT %6.3f ms   act_as %6.3f ms   (statements %s of the time)' "$call" "$commit" "$actas" "$cover")
	fi
	[ "$round" = warmup ] ||
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$test" "$who" "$tps" "$regime" "$commit" "$actas" "$cover" "$call" >>"$RESULTS"
	printf '  %-9s %-5s %-17s %10.0f tps%s\n' "$test" "$regime" "$who" "$tps" "$shown"
}

section "3. pgbench: warm-up (2 s each, not counted)"
for spec in "${RUNS[@]}"; do
	read -r test regime who script user clients extra <<<"$spec"
	# shellcheck disable=SC2086
	run_one warmup 2 "$test" "$regime" "$who" "$script" "$user" "$clients" $extra
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
		read -r test regime who script user clients extra <<<"$spec"
		# shellcheck disable=SC2086
		run_one "$round" "$SECS" "$test" "$regime" "$who" "$script" "$user" "$clients" $extra
	done
done

# ---------------------------------------------------------------- 4. results
section "4. results"
echo "finished:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "load:        $(uptime | sed 's/.*load average/load average/')"
echo
awk -f "$HERE/summary.awk" -v only="$ONLY" -v regimes="$REGIMES" -v clients="$CLIENTS" \
	-v cpu_clients="$CPU_CLIENTS" -v plan="$PLAN" -v kept="$KEPT" -v deep_removed="${DEEP_REMOVED:-0}" "$RESULTS" | tee "$OUT/summary.md"

# ---------------------------------------------------------------- 5. sign-in
# What a sign-in costs at each bcrypt cost (bounded by bcrypt by design),
# and refresh_session's throughput with 4 clients: reported, no target.
if [[ " $ONLY " == *" token "* ]]; then
	section "5. sign-in and refresh (reported)"
	{
		echo
		echo "### Sign-in and refresh (reported, no target)"
		echo
		echo "| run | clients | median latency ms | TPS |"
		echo "|---|---:|---:|---:|"
	} >>"$OUT/summary.md"
	for cost in 10 11 12; do
		log="$OUT/logs/sign_in_cost$cost.log"
		# the first sign-in re-hashes the stored hash at this cost: not counted
		PGOPTIONS="-c supporthub.bcrypt_cost=$cost" pgbench -n -M prepared -U postgres -c 1 -t 1 \
			-f "$SCRIPTS/sign_in.sql" "$DB" >/dev/null 2>&1
		PGOPTIONS="-c supporthub.bcrypt_cost=$cost" pgbench -n -M prepared -U postgres -c 1 -t 20 \
			-f "$SCRIPTS/sign_in.sql" "$DB" >"$log" 2>&1 || { echo "  sign-in at cost $cost FAILED (log: $log)"; FAILED=$((FAILED + 1)); continue; }
		lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$log")
		tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$log")
		printf '  sign_in at bcrypt cost %s: %8.1f ms per sign-in (20 in a row, 1 client)\n' "$cost" "$lat"
		printf '| sign_in, bcrypt cost %s | 1 | %.1f | %.1f |\n' "$cost" "$lat" "$tps" >>"$OUT/summary.md"
	done
	log="$OUT/logs/refresh.log"
	if PGOPTIONS="$CPU_PGOPTIONS" pgbench -n -M prepared -U bench_app -c 4 -j 2 -T "$SECS" \
		-f "$SCRIPTS/refresh.sql" "$DB" >"$log" 2>&1 && grep -q 'number of failed transactions: 0 ' "$log"; then
		lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$log")
		tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$log")
		printf '  refresh_session, 4 clients (synchronous_commit = off): %8.0f tps, %.2f ms\n' "$tps" "$lat"
		printf '| refresh_session (read the chain, CALL, keep the new token), synchronous_commit off | 4 | %.2f | %.0f |\n' \
			"$lat" "$tps" >>"$OUT/summary.md"
	else
		echo "  refresh_session FAILED (log: $log)"
		FAILED=$((FAILED + 1))
	fi
fi

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
