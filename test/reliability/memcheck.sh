#!/usr/bin/env bash
# test/reliability/memcheck.sh — the test suites against a server running
# under valgrind memcheck, then a count of valgrind's reports: all of them,
# and those whose stack passes through supporthub.so — invalid reads and
# writes, uses of uninitialised values, bad frees.  The workload:
#   1. the whole pg_regress suite (sql/*.sql against expected/*.out, exactly
#      what the test command runs) — must pass;
#   2. the isolation specs (test/isolation) and the pgTAP suite (test/pgtap,
#      bad-input matrix included) — run for the code they reach; their
#      pass/fail is reported (timing under valgrind is not the test's);
#   3. the reliability demo data (test/reliability/demo_data.sql);
#   4. a canary: a deliberately broken function in a throwaway library
#      (test/reliability/memcheck_canary.c, never installed), which must be
#      reported — proof that the harness sees extension code.
#
# How: a throwaway cluster in $MEMCHECK_OUT (default /tmp/supporthub-memcheck),
# port $MEMCHECK_PORT (default 54394; Unix socket only, never 5432); the
# postmaster is started as
#     valgrind --tool=memcheck --trace-children=yes --track-origins=yes
#              --suppressions=test/reliability/valgrind.supp
#              --log-file=…/vg/%p.log  postgres -D …
# so every backend (forked) is checked and writes its own log.  supporthub.so
# is built with -g (PGXS default), so its frames name file and line.
# Limits: the Debian server is not built with USE_VALGRIND, so memcheck sees
# malloc'd blocks, not palloc chunks: an overrun inside a memory context
# block, or a read of a pfree'd chunk whose block is still live, is not
# reported.  Reads of uninitialised bytes are (the allocator never marks
# them defined).
#
# Usage (as root: builds, installs, runs the server as postgres):
#     bash test/reliability/memcheck.sh
# MEMCHECK_SUITES="regress isolation pgtap demo" (default: all four) picks
# the workload.  Exit 0 when no report has a supporthub frame, pg_regress
# passed and the canary was caught.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PORT=${MEMCHECK_PORT:-54394}
OUT=${MEMCHECK_OUT:-/tmp/supporthub-memcheck}
BIN=$(pg_config --bindir)
PGXS_SRC=$(dirname "$(pg_config --pgxs)")/..
PG_REGRESS=$PGXS_SRC/test/regress/pg_regress
PG_ISOLATION_REGRESS=$PGXS_SRC/test/isolation/pg_isolation_regress
SUITES=${MEMCHECK_SUITES:-regress isolation pgtap demo}
want() { [[ " $SUITES " == *" $1 "* ]]; }

run=()
if [ "$(id -u)" = 0 ]; then
	command -v valgrind >/dev/null ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
	make -s >/dev/null && make -s install >/dev/null || { echo "build/install failed"; exit 1; }
	run=(runuser -u postgres --)
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }

# ---- a cluster, and its postmaster under valgrind ----------------------------
if [ -f "$OUT/data/postmaster.pid" ]; then
	"${run[@]}" "$BIN/pg_ctl" -D "$OUT/data" -m immediate stop >/dev/null 2>&1
fi
rm -rf "$OUT"
mkdir -p "$OUT/vg" "$OUT/regress"
# MEMCHECK_SUPP=none runs without test/reliability/valgrind.supp
if [ "${MEMCHECK_SUPP:-}" = none ]; then : >"$OUT/valgrind.supp"
else cp "${MEMCHECK_SUPP:-test/reliability/valgrind.supp}" "$OUT/valgrind.supp" || exit 1; fi
# the canary library: built here, loaded by absolute path, never installed
gcc -O0 -g -fPIC -shared -I"$(pg_config --includedir-server)" \
	-o "$OUT/memcheck_canary.so" test/reliability/memcheck_canary.c || exit 1
[ ${#run[@]} -gt 0 ] && chown -R postgres: "$OUT"
"${run[@]}" "$BIN/initdb" -D "$OUT/data" -U postgres -A trust -N >"$OUT/initdb.log" 2>&1 ||
	{ cat "$OUT/initdb.log"; exit 1; }
cat >>"$OUT/data/postgresql.conf" <<EOF
port = $PORT
listen_addresses = ''
unix_socket_directories = '$OUT'
shared_buffers = 32MB
max_connections = 20
jit = off
autovacuum = off
fsync = off
log_line_prefix = '%m [%p] '
EOF

stop_server() {
	"${run[@]}" "$BIN/pg_ctl" -D "$OUT/data" -m fast -t 300 stop >/dev/null 2>&1
}
trap stop_server EXIT

echo "== starting postgres under valgrind memcheck (port $PORT, logs in $OUT/vg)"
"${run[@]}" valgrind --tool=memcheck --trace-children=yes --track-origins=yes \
	--read-var-info=no --num-callers=40 --error-limit=no \
	--suppressions="$OUT/valgrind.supp" --gen-suppressions=all \
	--log-file="$OUT/vg/%p.log" \
	"$BIN/postgres" -D "$OUT/data" >"$OUT/server.log" 2>&1 &
for i in $(seq 1 240); do
	"$BIN/pg_isready" -q -h "$OUT" -p "$PORT" && break
	sleep 1
done
"$BIN/pg_isready" -q -h "$OUT" -p "$PORT" || { echo "server did not start"; tail "$OUT/server.log"; exit 1; }

# ---- the workload ----------------------------------------------------------------
PSQL=(psql -X -q -h "$OUT" -p "$PORT")
start=$(date +%s)
regress_res="not run"; regress_ok=0
if want regress; then
	tests=$(cd sql && ls ./*.sql | sed 's|^\./||; s|\.sql$||' | sort)
	echo "== pg_regress under valgrind: $(echo $tests | wc -w) tests"
	"$PG_REGRESS" --bindir="$BIN" --inputdir="$ROOT" --outputdir="$OUT/regress" \
		--host="$OUT" --port="$PORT" --user=postgres --dbname=contrib_regression \
		$tests 2>&1 | tee "$OUT/regress.log"
	grep -qE 'All [0-9]+ tests passed' "$OUT/regress.log" && regress_ok=1
	[ $regress_ok = 1 ] || { [ -s "$OUT/regress/regression.diffs" ] && head -80 "$OUT/regress/regression.diffs"; }
	regress_res=$(grep -oE '(All [0-9]+ tests passed|[0-9]+ of [0-9]+ tests failed)' "$OUT/regress.log" || echo "did not run")
fi

isolation_res="not run"
if want isolation; then
	specs=$(cd test/isolation/specs && ls ./*.spec | sed 's|^\./||; s|\.spec$||' | sort)
	echo "== pg_isolation_regress under valgrind: $(echo $specs | wc -w) specs"
	mkdir -p "$OUT/isolation"
	"$PG_ISOLATION_REGRESS" --bindir="$BIN" --inputdir="$ROOT/test/isolation" \
		--outputdir="$OUT/isolation" --host="$OUT" --port="$PORT" --user=postgres \
		--dbname=isolation_regression $specs 2>&1 | tee "$OUT/isolation.log"
	isolation_res=$(grep -oE '(All [0-9]+ tests passed|[0-9]+ of [0-9]+ tests failed)' "$OUT/isolation.log" || echo "did not run")
fi

pgtap_res="not run"
if want pgtap; then
	echo "== pgTAP under valgrind (test/pgtap, as the non-superuser sh_app)"
	"${PSQL[@]}" -U postgres -d postgres -c "CREATE DATABASE supporthub_tap"
	"${PSQL[@]}" -U postgres -d supporthub_tap -v ON_ERROR_STOP=1 -v pw=memcheck \
		-f test/pgtap/setup/setup.psql
	pg_prove -h "$OUT" -p "$PORT" -U sh_app -d supporthub_tap --ext .sql test/pgtap/ \
		>"$OUT/pgtap.log" 2>&1
	tail -3 "$OUT/pgtap.log"
	pgtap_res=$(grep -oE 'Tests=[0-9]+' "$OUT/pgtap.log" | head -1)
	pgtap_res="${pgtap_res:-no tests}, $(grep -oE '^Result: [A-Z]+' "$OUT/pgtap.log" || echo 'no result')"
fi

demo_res="not run"
if want demo; then
	echo "== demo data under valgrind (test/reliability/demo_data.sql, as an application that administers tenants)"
	"${PSQL[@]}" -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL'
CREATE DATABASE memcheck_demo;
\c memcheck_demo
SET client_min_messages = warning;
CREATE EXTENSION supporthub CASCADE;
DROP ROLE IF EXISTS memcheck_app;
CREATE ROLE memcheck_app LOGIN IN ROLE supporthub_service, supporthub_platform;
SQL
	demo_res=FAILED
	"${PSQL[@]}" -U memcheck_app -d memcheck_demo -f test/reliability/demo_data.sql && demo_res=loaded
fi

echo "== canary: a deliberately invalid read in a throwaway library"
"${PSQL[@]}" -U postgres -d postgres -At <<SQL
CREATE FUNCTION pg_temp.memcheck_canary() RETURNS int
	AS '$OUT/memcheck_canary.so', 'memcheck_canary' LANGUAGE C;
SELECT 'canary called: ' || pg_temp.memcheck_canary();
SQL
elapsed=$(( $(date +%s) - start ))

stop_server
trap - EXIT
sleep 2	# the last backends flush their valgrind logs

# ---- valgrind's reports ----------------------------------------------------------
# A report is a block of "==PID== " lines from its headline to the next blank
# one: first the stack of the faulting access, then (for an address or an
# uninitialised value) where the memory came from.  It is supporthub's when
# a frame of the faulting stack is in supporthub.so (no debug info) or in one
# of our source files (debug info names the file): then supporthub's code
# made the bad access.  Reports with supporthub only in the second stack
# (PostgreSQL code faulting on memory allocated while supporthub ran, e.g.
# SQL that supporthub executed) are counted and listed apart.
src_re=$(cd src && ls ./*.c utils/*.c | sed 's|^\./||; s|.*/||; s|\.c$||' | paste -sd'|')
perl -e '
	my ($src_re, @files) = @ARGV;
	my (%all, %ours, %origin, @shown, $procs, $canary, $vg_errors, $vg_suppressed);
	my $sh = qr/supporthub\.so|\((?:$src_re)\.c:\d+\)|: sh_\w+ \(/;
	for my $f (@files) {
		open my $fh, "<", $f or next;
		$procs++;
		my @block;
		my $flush = sub {
			return unless @block;
			my $head = $block[0];
			$head =~ s/^==\d+== //;
			(my $kind = $head) =~ s/ of size \d+//;
			$kind =~ s/\(0x[^)]*\)//;
			$kind =~ s/\s+$//;
			my $text = join "", @block;
			my ($access, $from) = ($text, "");
			if ($text =~ /^(.*?)(==\d+==  (?:Address|Uninitialised value was created|Block was alloc).*)$/s) {
				($access, $from) = ($1, $2);
			}
			$all{$kind}++;
			if ($access =~ /memcheck_canary/) {
				$canary++ if $kind =~ /^Invalid read/;
			}
			elsif ($access =~ $sh) {
				$ours{$kind}++;
				push @shown, "--- supporthub code made this access: $f\n$text" if @shown < 20;
			}
			elsif ($from =~ $sh) {
				$origin{$kind}++;
				push @shown, "--- PostgreSQL code, on memory allocated under a supporthub call: $f\n$text"
					if @shown < 20;
			}
			@block = ();
		};
		while (my $l = <$fh>) {
			if ($l =~ /ERROR SUMMARY: (\d+) errors .*suppressed: (\d+) from/) {
				$vg_errors += $1; $vg_suppressed += $2;
			}
			if ($l =~ /^==\d+== (Invalid (read|write|free)|Mismatched free|Conditional jump|Use of uninitialised|Syscall param|Source and destination overlap|Argument .* of function)/) {
				$flush->(); push @block, $l; next;
			}
			if (@block) {
				if ($l =~ /^==\d+== \s*$/ || $l !~ /^==\d+==/) { $flush->(); next; }
				push @block, $l;
			}
		}
		$flush->();
	}
	my $n_all = 0; $n_all += $_ for values %all;
	my $n_ours = 0; $n_ours += $_ for values %ours;
	my $rw = 0; $rw += $ours{$_} for grep { /^Invalid (read|write)/ } keys %ours;
	$canary //= 0; $vg_errors //= 0; $vg_suppressed //= 0;
	print "valgrind logs: ", $procs // 0, " processes; valgrind ERROR SUMMARY total: $vg_errors errors",
	      " ($vg_suppressed suppressed by valgrind.supp)\n";
	print "reports (distinct contexts), all code, canary included: $n_all\n";
	print "  $all{$_}  $_\n" for sort keys %all;
	my $n_origin = 0; $n_origin += $_ for values %origin;
	print "reports with a supporthub frame in the faulting stack: $n_ours\n";
	print "  $ours{$_}  $_\n" for sort keys %ours;
	print "reports with supporthub only where the memory came from: $n_origin\n";
	print "  $origin{$_}  $_\n" for sort keys %origin;
	print "invalid reads/writes in supporthub code: $rw\n";
	print "canary invalid reads caught: $canary\n";
	print "\n$_" for @shown;
	open my $s, ">", "'"$OUT"'/summary.txt"; print $s "$n_all $n_ours $rw $canary $n_origin\n";
' "$src_re" "$OUT"/vg/*.log | tee "$OUT/report.txt"

read -r n_all n_ours n_rw n_canary n_origin <"$OUT/summary.txt"
echo "== memcheck summary (${elapsed}s of workload under valgrind)"
echo "  pg_regress: $regress_res"
echo "  isolation:  $isolation_res"
echo "  pgTAP:      $pgtap_res"
echo "  demo data:  $demo_res"
echo "  canary:     $n_canary invalid read(s) caught (must be at least 1)"
echo "memcheck: $n_all valgrind reports in all ($n_canary from the canary)," \
	"$n_ours with a supporthub frame in the faulting stack ($n_rw invalid reads/writes)," \
	"$n_origin with supporthub only in the allocation stack"
status=0
[ "$n_ours" -eq 0 ] || status=1
[ "$n_canary" -ge 1 ] || { echo "the canary was not caught: the harness is broken"; status=1; }
if want regress && [ $regress_ok != 1 ]; then status=1; fi
exit $status
