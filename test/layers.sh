#!/usr/bin/env bash
# test/layers.sh — run inside pg_virtualenv by test/run.sh: pg_regress,
# pg_isolation_regress, pgTAP (pg_prove, as a non-superuser LOGIN role, on
# the shared fixture), the TAP tests, the docs checks and the HTTP test of
# docs/examples/express (node --test), each counted, then the summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LOGS=$(mktemp -d /tmp/supporthub-layers.XXXXXX)
trap 'rm -rf "$LOGS"' EXIT

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

# prove prints "Files=N, Tests=M" and "Result: PASS"; failures as
# "Failed K/M subtests".  A file that died or planned wrong counts as one.
count_prove() {
	local name=$1 log=$2 total bad ok
	total=$(grep -oE 'Files=[0-9]+, Tests=[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
	bad=$(grep -oE 'Failed [0-9]+/[0-9]+ subtests' "$log" | awk -F'[ /]' '{s+=$2} END {print s+0}')
	if ! grep -q 'Result: PASS' "$log" && [ "$bad" -eq 0 ]; then
		bad=1
	fi
	ok=$((total - bad)); [ "$ok" -lt 0 ] && ok=0
	passed=$((passed + ok))
	failed=$((failed + bad))
	report+=("$name: $ok passed, $bad failed")
}

echo "== pg_regress"
make -s installcheck-regress 2>&1 | tee "$LOGS/regress.log"
count_regress "pg_regress" "$LOGS/regress.log"
[ -f results_regress/regression.diffs ] && [ -s results_regress/regression.diffs ] && cat results_regress/regression.diffs

echo "== pg_isolation_regress"
make -s installcheck-isolation 2>&1 | tee "$LOGS/isolation.log"
count_regress "isolation" "$LOGS/isolation.log"
[ -f results_isolation/regression.diffs ] && [ -s results_isolation/regression.diffs ] && cat results_isolation/regression.diffs

echo "== pgTAP"
# A fresh database with the extension and pgTAP, and a LOGIN role that is
# not a superuser: the tests run as that role, like an application would.
psql -q -X -v ON_ERROR_STOP=1 -d postgres <<SQL
DROP DATABASE IF EXISTS supporthub_tap;
CREATE DATABASE supporthub_tap;
SQL
psql -q -X -v ON_ERROR_STOP=1 -v pw="$PGPASSWORD" -d supporthub_tap -f test/pgtap/setup/setup.psql
# The shared fixture, built through the API by the application's role;
# every pgTAP file reads its ids and rolls back what it changes.
PGUSER=sh_app psql -q -X -v ON_ERROR_STOP=1 -d supporthub_tap -f test/fixture/fixture.sql
psql -q -X -v ON_ERROR_STOP=1 -d supporthub_tap -c 'REVOKE CREATE ON SCHEMA public FROM sh_app'
PGUSER=sh_app pg_prove -d supporthub_tap --ext .sql test/pgtap/ 2>&1 | tee "$LOGS/pgtap.log"
count_prove "pgTAP" "$LOGS/pgtap.log"

echo "== TAP (PostgreSQL::Test::Cluster: crash recovery, dump/restore, upgrade from 1.0, purge on schedule, notifications)"
# test/tap.sh makes its own clusters (ports 54391-54393, 54396, 54397; Unix sockets in a
# private directory) and runs prove as the postgres user when we are root.
SUPPORTHUB_ROOT="$ROOT" bash test/tap.sh 2>&1 | tee "$LOGS/tap.log"
count_prove "TAP" "$LOGS/tap.log"

echo "== docs (docs/errors.md against the C sources; each message pinned in one layer)"
prove test/docs/*.pl 2>&1 | tee "$LOGS/docs.log"
count_prove "docs" "$LOGS/docs.log"

echo "== HTTP (docs/examples/express: the REST API on a loopback port, driven with fetch, checked against openapi.json)"
# node --test prints TAP with "# pass N" and "# fail N" at the end.  The
# test makes its own database and login role in this cluster.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
	if (cd docs/examples/express && npm ci --no-audit --no-fund --loglevel=error) >"$LOGS/npm.log" 2>&1; then
		# Twice: each request's transaction awaited statement by statement,
		# then pipelined (PG_PIPELINE=1: one round trip).
		for pipeline in 0 1; do
			echo "-- PG_PIPELINE=$pipeline"
			(cd docs/examples/express && PG_PIPELINE=$pipeline SUPPORTHUB_HTTP_PORT=${SUPPORTHUB_HTTP_PORT:-54398} \
				node --test --test-reporter=tap test/http.test.js) 2>&1
		done | tee "$LOGS/http.log"
	else
		cat "$LOGS/npm.log"
		echo "HTTP: npm ci failed" | tee "$LOGS/http.log"
	fi
	ok=$(grep -E '^# pass [0-9]+' "$LOGS/http.log" | awk '{s+=$3} END {print s+0}')
	bad=$(grep -E '^# (fail|cancelled) [0-9]+' "$LOGS/http.log" | awk '{s+=$3} END {print s+0}')
	[ "$(grep -cE '^# pass [0-9]+' "$LOGS/http.log")" -eq 2 ] || bad=$((bad + 1))
	passed=$((passed + ok))
	failed=$((failed + bad))
	report+=("HTTP: $ok passed, $bad failed")
else
	echo "HTTP: SKIPPED — Node.js or npm is not installed and test/deps.sh could not install it (apt-get install nodejs npm)"
	report+=("HTTP: skipped (no Node.js: apt-get install nodejs npm)")
fi

echo
echo "== summary"
for r in "${report[@]}"; do echo "  $r"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
