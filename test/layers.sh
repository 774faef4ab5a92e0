#!/usr/bin/env bash
# test/layers.sh — run inside pg_virtualenv by test/run.sh: pg_regress,
# pg_isolation_regress and pgTAP (pg_prove, as a non-superuser LOGIN role),
# each counted, then the summary line.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
declare -a report

# pg_regress and pg_isolation_regress print "All N tests passed." or
# "M of N tests failed." (possibly with ", K failed" variants).
count_regress() {
	local name=$1 log=$2 total bad
	if grep -qE 'All [0-9]+ tests passed' "$log"; then
		total=$(grep -oE 'All [0-9]+ tests passed' "$log" | grep -oE '[0-9]+')
		bad=0
	elif grep -qE '[0-9]+ of [0-9]+ tests failed' "$log"; then
		bad=$(grep -oE '[0-9]+ of [0-9]+ tests failed' "$log" | awk '{print $1}')
		total=$(grep -oE '[0-9]+ of [0-9]+ tests failed' "$log" | awk '{print $3}')
	else
		total=1
		bad=1
	fi
	passed=$((passed + total - bad))
	failed=$((failed + bad))
	report+=("$name: $((total - bad)) passed, $bad failed")
}

echo "== pg_regress"
make -s installcheck-regress 2>&1 | tee /tmp/supporthub-regress.log
count_regress "pg_regress" /tmp/supporthub-regress.log
[ -f results_regress/regression.diffs ] && [ -s results_regress/regression.diffs ] && cat results_regress/regression.diffs

echo "== pg_isolation_regress"
make -s installcheck-isolation 2>&1 | tee /tmp/supporthub-isolation.log
count_regress "isolation" /tmp/supporthub-isolation.log
[ -f results_isolation/regression.diffs ] && [ -s results_isolation/regression.diffs ] && cat results_isolation/regression.diffs

echo "== pgTAP"
# A fresh database with the extension and pgTAP, and a LOGIN role that is
# not a superuser: the tests run as that role, like an application would.
psql -q -X -v ON_ERROR_STOP=1 -d postgres <<SQL
DROP DATABASE IF EXISTS supporthub_tap;
CREATE DATABASE supporthub_tap;
SQL
psql -q -X -v ON_ERROR_STOP=1 -v pw="$PGPASSWORD" -d supporthub_tap -f test/pgtap/setup/setup.psql
PGUSER=sh_app pg_prove -d supporthub_tap --ext .sql test/pgtap/ 2>&1 | tee /tmp/supporthub-pgtap.log
tap_total=$(grep -oE 'Tests=[0-9]+' /tmp/supporthub-pgtap.log | grep -oE '[0-9]+' || echo 0)
tap_bad=$(grep -oE 'Failed [0-9]+/[0-9]+ subtests' /tmp/supporthub-pgtap.log | awk -F'[ /]' '{s+=$2} END {print s+0}')
if ! grep -q 'Result: PASS' /tmp/supporthub-pgtap.log && [ "$tap_bad" -eq 0 ]; then
	tap_bad=1			# a file died or planned wrong
fi
tap_ok=$((tap_total - tap_bad)); [ "$tap_ok" -lt 0 ] && tap_ok=0
passed=$((passed + tap_ok))
failed=$((failed + tap_bad))
report+=("pgTAP: $tap_ok passed, $tap_bad failed")

echo "== TAP (PostgreSQL::Test::Cluster: crash recovery, dump/restore, upgrade from 1.0)"
# test/tap.sh makes its own clusters (ports 54391, 54392, 54393; Unix sockets in a
# private directory) and runs prove as the postgres user when we are root.
bash test/tap.sh 2>&1 | tee /tmp/supporthub-taptests.log
pl_total=$(grep -oE 'Files=[0-9]+, Tests=[0-9]+' /tmp/supporthub-taptests.log | grep -oE '[0-9]+$' || echo 0)
pl_bad=$(grep -oE 'Failed [0-9]+/[0-9]+ subtests' /tmp/supporthub-taptests.log | awk -F'[ /]' '{s+=$2} END {print s+0}')
if ! grep -q 'Result: PASS' /tmp/supporthub-taptests.log && [ "$pl_bad" -eq 0 ]; then
	pl_bad=1			# a test file died, planned wrong or never ran
fi
pl_ok=$((pl_total - pl_bad)); [ "$pl_ok" -lt 0 ] && pl_ok=0
passed=$((passed + pl_ok))
failed=$((failed + pl_bad))
report+=("TAP: $pl_ok passed, $pl_bad failed")

echo
echo "== summary"
for r in "${report[@]}"; do echo "  $r"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
