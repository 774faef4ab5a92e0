#!/usr/bin/env bash
# test/reliability/sqlsmith.sh — a bounded sqlsmith run against the installed
# extension: random queries over every table, operator and function the
# connection can see, supporthub's API included, on a throwaway cluster
# (pg_virtualenv, port $SQLSMITH_PORT, default 54395; never 5432) holding
# demo-like data (test/reliability/demo_data.sql).
#
# Two runs, because sqlsmith's own connection cannot carry an actor
# (act_as(..., for_session => true) is per connection, and supporthub.actor
# cannot be set with ALTER ROLE/DATABASE … SET or PGOPTIONS):
#   1. app:   a LOGIN role that is a member of supporthub_service (and of
#             supporthub_platform, to load the data), no actor —
#             what an application connection sees before act_as;
#   2. super: a superuser — row-level security does not apply, so the
#             generated queries see the data and feed real ids to the API.
# Prints, per run and in total, the queries executed and the backend
# crashes (server log "terminated by signal", postmaster reinitializing),
# and how many queries called a supporthub function.  Exit 0 only when
# there was no crash.
#
# Usage (as root, or with the extension installed and sqlsmith present):
#   bash test/reliability/sqlsmith.sh
# Environment: SQLSMITH_QUERIES (per run, default 5000), SQLSMITH_TIMEOUT
# (seconds per run, default 90), SQLSMITH_SEED (default 1),
# SQLSMITH_PORT (default 54395).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
QUERIES=${SQLSMITH_QUERIES:-5000}
TIMEOUT=${SQLSMITH_TIMEOUT:-90}
SEED=${SQLSMITH_SEED:-1}

if [ "${1:-}" != "--in-cluster" ]; then
	if ! command -v sqlsmith >/dev/null; then
		if [ "$(id -u)" = 0 ]; then
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlsmith >/dev/null || exit 1
		else
			echo "sqlsmith is not installed (apt-get install sqlsmith)"; exit 1
		fi
	fi
	if [ "$(id -u)" = 0 ]; then
		make -s >/dev/null && make -s install >/dev/null || { echo "build/install failed"; exit 1; }
	fi
	export PGPORT=${SQLSMITH_PORT:-54395}
	exec pg_virtualenv -t -v 15 -o 'max_connections=20' -o 'statement_timeout=2s' \
		bash "$0" --in-cluster
fi

# ---- inside the throwaway cluster (PGHOST, PGPORT, PGUSER, PGPASSWORD set) ----
DB=sqlsmith
LOG=$(pg_lsclusters -h | awk -v p="$PGPORT" '$3 == p {print $7}')
[ -n "$LOG" ] && [ -r "$LOG" ] || { echo "server log not found"; exit 1; }
OUT=${SQLSMITH_OUT:-/tmp/supporthub-sqlsmith}
rm -rf "$OUT"; mkdir -p "$OUT"

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $DB" || exit 1
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v pw="$PGPASSWORD" <<'SQL' || exit 1
CREATE EXTENSION supporthub CASCADE;
CREATE ROLE smith_app LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_service, supporthub_platform;
CREATE ROLE smith_super LOGIN SUPERUSER;
ALTER ROLE smith_app PASSWORD :'pw';
ALTER ROLE smith_super PASSWORD :'pw';
-- a runaway query is cut short rather than starving the run
ALTER ROLE smith_app SET statement_timeout = '2s';
ALTER ROLE smith_super SET statement_timeout = '2s';
SQL
PGUSER=smith_app psql -X -q -d "$DB" -f test/reliability/demo_data.sql || exit 1
psql -X -q -d "$DB" -At -c "SELECT 'demo data: ' || (SELECT count(*) FROM supporthub.tenants) || ' tenants, '
	|| (SELECT count(*) FROM supporthub.users) || ' users, '
	|| (SELECT count(*) FROM supporthub.tickets) || ' tickets, '
	|| (SELECT count(*) FROM supporthub.recent_activities) || ' activities'"

# One line per backend that died abnormally (a signal such as SIGSEGV, or an
# exit code other than 0 and 1); the postmaster then resets every backend.
CRASH_RE='server process \(PID [0-9]+\) (was terminated by|exited with exit code)'
crash_count() {
	grep -cE "$CRASH_RE" "$LOG"
}

total_q=0
total_c=0
total_api=0
declare -a lines
for run in app super; do
	user=smith_$run
	before=$(crash_count)
	start_time=$(psql -X -At -d "$DB" -c "SELECT pg_postmaster_start_time()")
	echo "== sqlsmith as $user: up to $QUERIES queries or ${TIMEOUT}s, seed $SEED"
	timeout --signal=INT --kill-after=10 "$TIMEOUT" \
		sqlsmith --target="host=$PGHOST port=$PGPORT dbname=$DB user=$user password=$PGPASSWORD" \
		--seed="$SEED" --max-queries="$QUERIES" --verbose --dump-all-queries \
		>"$OUT/$run.queries.sql" 2>"$OUT/$run.log"
	rc=$?
	# queries: the progress line sqlsmith prints at the end (or on SIGINT),
	# else the progress characters it printed, one per query
	q=$(grep -oE '^queries: [0-9]+' "$OUT/$run.log" | tail -1 | grep -oE '[0-9]+')
	if [ -z "$q" ]; then
		q=$(grep -vE '^(SQLsmith|Loading|Generating)' "$OUT/$run.log" | grep -E '^[.eStCB]+$' \
			| tr -d '\n' | wc -c)
	fi
	sleep 1		# let the postmaster log a late crash
	c=$(( $(crash_count) - before ))
	# a crash restarts every backend, a postmaster restart changes this
	now=$(psql -X -At -d "$DB" -c "SELECT pg_postmaster_start_time()" 2>/dev/null)
	[ "$now" != "$start_time" ] && c=$((c + 1))
	api=$(grep -cE 'supporthub\.[a-z_]+\(' "$OUT/$run.queries.sql")
	fns=$(grep -oE 'supporthub\.[a-z_]+\(' "$OUT/$run.queries.sql" | sort -u | wc -l)
	errors=$(grep -cE '^[0-9]+	ERROR' "$OUT/$run.log")
	echo "   sqlsmith exit $rc; $q queries, $c crashes;" \
		"$api queries called a supporthub function ($fns distinct functions);" \
		"$errors distinct error messages (see $OUT/$run.log)"
	lines+=("$user: $q queries, $c crashes")
	total_q=$((total_q + q))
	total_c=$((total_c + c))
	total_api=$((total_api + api))
done

if [ "$total_c" -gt 0 ]; then
	echo "== crash reports in the server log"
	grep -nE -B2 -A4 "$CRASH_RE" "$LOG" | head -80
	cp "$LOG" "$OUT/server.log"
fi
echo "== sqlsmith summary"
for l in "${lines[@]}"; do echo "  $l"; done
echo "sqlsmith: $total_q queries, $total_c crashes ($total_api queries called supporthub functions)"
[ "$total_c" -eq 0 ]
