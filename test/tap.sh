#!/usr/bin/env bash
# test/tap.sh — the TAP tests (test/t/*.pl, PostgreSQL::Test::Cluster) with
# prove.  Each test makes its own throwaway cluster (ports 54391-54393, 54396 and 54397;
# Unix sockets in a private directory, no TCP), so this runs anywhere: inside
# test/layers.sh's pg_virtualenv or on its own.  PostgreSQL::Test::Cluster
# refuses to run as root, so as root it runs as the postgres user in a
# scratch directory that user owns.  The extension must be installed
# (make install).  The tests build their data with the shared fixture,
# test/fixture/fixture.sql, found through SUPPORTHUB_ROOT (this repository).
# Usage: bash test/tap.sh [test/t/001_crash_recovery.pl …]
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PGBIN=$(pg_config --bindir)
PGXS_DIR=$(dirname "$(pg_config --pgxs)")/..	# …/lib/pgxs/src
PERL_LIB="$PGXS_DIR/test/perl"
PG_REGRESS_BIN="$PGXS_DIR/test/regress/pg_regress"
[ -d "$PERL_LIB" ] || { echo "tap.sh: $PERL_LIB not found (postgresql-server-dev-15)"; exit 1; }

work=$(mktemp -d /tmp/supporthub-tap.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/t"
if [ $# -gt 0 ]; then cp "$@" "$work/t/"; else cp test/t/*.pl "$work/t/"; fi

run=()
if [ "$(id -u)" = 0 ]; then
	chown -R postgres: "$work"
	run=(runuser -u postgres --)
fi

# The pg_virtualenv cluster's connection settings must not leak into the
# TAP clusters.
cd "$work"
"${run[@]}" env -u PGHOST -u PGHOSTADDR -u PGPORT -u PGUSER -u PGPASSWORD \
	-u PGDATABASE -u PGSERVICE -u PGSSLMODE \
	PATH="$PGBIN:$PATH" TESTDIR="$work" PG_REGRESS="$PG_REGRESS_BIN" SUPPORTHUB_ROOT="$ROOT" \
	prove -I "$PERL_LIB" ${PROVE_FLAGS:-} t/*.pl
status=$?
# On failure keep the server logs for a look.
if [ $status -ne 0 ] && [ -d "$work/tmp_check/log" ]; then
	rm -rf /tmp/supporthub-tap-logs
	cp -r "$work/tmp_check/log" /tmp/supporthub-tap-logs
	echo "tap.sh: server and test logs kept in /tmp/supporthub-tap-logs"
fi
exit $status
