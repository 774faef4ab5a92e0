#!/usr/bin/env bash
# test/bench/instructions.sh — `make bench-instructions`: what one write
# costs the server in CPU instructions, counted by valgrind's callgrind,
# for every contender of the CPU-bound regime (extension, PL/pgSQL peer,
# bare-SQL floor under RLS, bare-SQL floor as superuser).  Instructions do
# not depend on what else the machine is doing: the same binary, data and
# transactions give the same count, so the ratios below are free of the
# run-to-run spread of a TPS measurement on a shared 2-core machine.
#
# How: a throwaway cluster in $BENCH_INSTR_DIR (default
# /tmp/supporthub-instructions), Unix socket only, port $BENCH_INSTR_PORT
# (default 54398; never 5432).  The bench data set (test/bench/generate.sql,
# BENCH_INSTR_TENANTS tenants × 1,000 tickets) is built once with the
# server running natively and kept as a template; then the postmaster is
# restarted under `valgrind --tool=callgrind --trace-children=yes`, so
# every backend writes its own count.  For each operation and contender,
# on a fresh copy of the template each time, pgbench runs the contender's
# script with one client and a fixed random seed, N1 and then N2
# transactions (default 200 and 1,200); the backend's count for N2 minus
# its count for N1, divided by N2 - N1, is the cost of one transaction of
# the same sequence — connection start, cache warm-up and the first N1
# transactions cancel out, and every contender runs exactly the same
# tickets, agents and types.
#
# Usage (as root: it runs the server as postgres; `make bench-instructions`
# installs the extension first):
#     bash test/bench/instructions.sh
# Knobs: BENCH_ONLY (create assign escalate; notify: create_ticket with
# notifications on against off), BENCH_INSTR_TENANTS (20),
# BENCH_INSTR_N1 (200), BENCH_INSTR_N2 (1200).  About 4 minutes per
# operation.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${BENCH_INSTR_PORT:-54398}
DIR=${BENCH_INSTR_DIR:-/tmp/supporthub-instructions}
TENANTS=${BENCH_INSTR_TENANTS:-20}
N1=${BENCH_INSTR_N1:-200}
N2=${BENCH_INSTR_N2:-1200}
ONLY=${BENCH_ONLY:-create assign escalate}
BIN=$(pg_config --bindir)

die() {
	echo "bench-instructions: $*" >&2
	exit 1
}

[ "$PORT" != 5432 ] || die "refusing port 5432 (the system cluster)"
for op in $ONLY; do
	case "$op" in
	create | assign | escalate | notify) ;;
	*) die "BENCH_ONLY: unknown operation '$op' (create assign escalate notify)" ;;
	esac
done
case "$N1$N2$TENANTS" in *[!0-9]*) die "BENCH_INSTR_N1, _N2 and _TENANTS must be integers" ;; esac
[ "$N2" -gt "$N1" ] || die "BENCH_INSTR_N2 must be larger than BENCH_INSTR_N1"
[ "$TENANTS" -ge 4 ] || die "BENCH_INSTR_TENANTS must be at least 4"

run=()
if [ "$(id -u)" = 0 ]; then
	command -v valgrind >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
	run=(runuser -u postgres --)
fi
command -v valgrind >/dev/null || die "valgrind is not installed"

stop_server() {
	[ -f "$DIR/data/postmaster.pid" ] && "${run[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1
	return 0
}
stop_server
rm -rf "$DIR"
mkdir -p "$DIR/out"
[ ${#run[@]} -eq 0 ] || chown -R postgres "$DIR"
trap stop_server EXIT

"${run[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
	{ cat "$DIR/initdb.log"; die "initdb failed"; }
# CPU-bound settings: no flush waits, no autovacuum or checkpoint in the
# middle of a count
cat >>"$DIR/data/postgresql.conf" <<CONF
port = $PORT
listen_addresses = ''
unix_socket_directories = '$DIR'
shared_buffers = 512MB
synchronous_commit = off
autovacuum = off
max_wal_size = 16GB
checkpoint_timeout = 1h
CONF
export PGHOST=$DIR PGPORT=$PORT PGUSER=postgres PGPASSWORD=unused
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

"${run[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w start >/dev/null || die "the server did not start"
echo "building the data set: $TENANTS tenants × 1,000 tickets"
psql -X -q -c "CREATE DATABASE bench_template TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" postgres ||
	die "cannot create the template database"
export PGDATABASE=bench_template
{
	"${PSQL[@]}" -c 'CREATE EXTENSION supporthub CASCADE' &&
		"${PSQL[@]}" -v pw=unused -f "$HERE/setup.sql" &&
		"${PSQL[@]}" -v tenants="$TENANTS" -v tickets=1000 -v customers=50 -f "$HERE/generate.sql" &&
		"${PSQL[@]}" -f "$HERE/plpgsql_peer.sql" &&
		"${PSQL[@]}" -c 'VACUUM ANALYZE' -c 'CHECKPOINT'
} >"$DIR/setup.log" 2>&1 || { tail -20 "$DIR/setup.log"; die "set-up failed"; }
"${run[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null

# the postmaster under callgrind: each backend (forked) writes cg.<pid>
(cd "$DIR" && "${run[@]}" valgrind --tool=callgrind --trace-children=yes \
	--callgrind-out-file="$DIR/out/cg.%p" --log-file="$DIR/out/vg.%p" \
	"$BIN/postgres" -D "$DIR/data" >"$DIR/valgrind.log" 2>&1 &)
for _ in $(seq 1 180); do
	psql -X -Atc 'SELECT 1' postgres >/dev/null 2>&1 && break
	sleep 1
done
psql -X -Atc 'SELECT 1' postgres >/dev/null 2>&1 || die "the server under valgrind did not start"

# count SCRIPT USER N: the instructions of the backend that ran N
# transactions of SCRIPT as USER on a fresh copy of the data set
count() {
	local script=$1 user=$2 n=$3 before f v best=0
	psql -X -q -c 'DROP DATABASE IF EXISTS supporthub_bench' \
		-c 'CREATE DATABASE supporthub_bench TEMPLATE bench_template STRATEGY FILE_COPY' postgres >/dev/null 2>&1 ||
		die "cannot copy the data set"
	sleep 1
	before=$(ls "$DIR/out")
	PGOPTIONS="-c synchronous_commit=off" pgbench -n -M prepared --random-seed=7 -U "$user" -c 1 -t "$n" \
		-D T="$TENANTS" -D K=1000 -D C=50 -D N=1 -f "$HERE/scripts/$script.sql" supporthub_bench \
		>"$DIR/${script}_${user}_$n.log" 2>&1 || { tail -5 "$DIR/${script}_${user}_$n.log" >&2; die "pgbench $script failed"; }
	grep -q 'number of failed transactions: 0 ' "$DIR/${script}_${user}_$n.log" ||
		die "pgbench $script: failed transactions (log: $DIR/${script}_${user}_$n.log)"
	# the backend writes its count when it exits; pgbench's first
	# connection (its set-up) is the smaller of the two new files
	for _ in $(seq 1 30); do
		[ "$(comm -13 <(echo "$before") <(ls "$DIR/out") | grep -c '^cg\.')" -ge 2 ] && break
		sleep 1
	done
	for f in $(comm -13 <(echo "$before") <(ls "$DIR/out") | grep '^cg\.'); do
		v=$(sed -n 's/^summary: //p' "$DIR/out/$f" | head -1)
		[ "${v:-0}" -gt "$best" ] && best=$v
	done
	[ "$best" -gt 0 ] || die "no callgrind count for $script"
	echo "$best"
}

RESULTS=$DIR/instructions.tsv
: >"$RESULTS"
echo "instructions per transaction (one client, the same $((N2 - N1)) transactions for every contender)"
printf '%-9s %-10s %12s\n' operation contender instructions
for op in $ONLY; do
	specs=("ext ${op}_ext bench_app" "plpgsql ${op}_plpgsql bench_app"
		"floor_rls ${op}_floor bench_writer" "floor ${op}_floor postgres")
	# notify: create_ticket through the extension with notifications on
	# (bench_app) and off (bench_quiet, supporthub.notify = off)
	[ "$op" = notify ] && specs=("on create_ext bench_app" "off create_ext bench_quiet")
	for spec in "${specs[@]}"; do
		read -r who script user <<<"$spec"
		a=$(count "$script" "$user" "$N1") || exit 1
		b=$(count "$script" "$user" "$N2") || exit 1
		per=$(((b - a) / (N2 - N1)))
		printf '%s\t%s\t%s\n' "$op" "$who" "$per" >>"$RESULTS"
		printf '%-9s %-10s %12s\n' "$op" "$who" "$per"
	done
done

# throughput ratios as the instruction counts predict them (B / A for "A /
# B": fewer instructions, more transactions), against the CPU-bound targets
echo
echo "ratios (A / B = instructions of B / instructions of A), CPU-bound targets"
awk -F'\t' '
	{ n[$1, $2] = $3; if (!($1 in seen)) { seen[$1] = 1; ops[++k] = $1 } }
	function line(op, a, b, target, cmp,   r, res) {
		if (!((op, a) in n) || !((op, b) in n) || n[op, a] == 0) return
		r = n[op, b] / n[op, a]
		res = target == "" ? "" : (r >= target + 0 ? "PASS" : "MISS")
		printf "  %-9s %-22s %6.3f  %-8s %s\n", op, a " / " b, r, (target == "" ? "(info)" : cmp " " target), res
	}
	END {
		for (i = 1; i <= k; i++) {
			op = ops[i]
			line(op, "ext", "floor", "0.80", "≥")
			line(op, "ext", "plpgsql", "1.10", "≥")
			line(op, "floor_rls", "plpgsql", "", "")
			line(op, "ext", "floor_rls", "", "")
			line(op, "floor_rls", "floor", "", "")
			line(op, "on", "off", "0.95", "≥")
		}
	}' "$RESULTS"
echo
echo "counts: $RESULTS; callgrind files: $DIR/out (callgrind_annotate shows where)"
