#!/usr/bin/env bash
# test/demo.sh — the demo command.  As root on Debian 12: installs what is
# missing (test/deps.sh), builds and installs supporthub, then on a throwaway
# cluster (pg_virtualenv; port $SUPPORTHUB_DEMO_PORT, default 54330, never
# the system cluster or 5432) creates a database, the extension and an
# application login role, and runs test/demo/scenario.sql as that role.
# Exit status 0 when every step did what the scenario expects.
# `bash test/demo.sh --express` then serves the REST API of
# docs/examples/express over the demo database on 127.0.0.1:3000
# ($SUPPORTHUB_EXPRESS_PORT) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DEMO_DB=supporthub_demo
DEMO_ROLE=supporthub_demo_app

# Second stage, inside the throwaway cluster: pg_virtualenv has set PGHOST,
# PGPORT, PGUSER (a superuser) and PGPASSWORD.
if [ "${1:-}" = "--in-cluster" ]; then
	echo
	echo "=== 0. Set-up, as the cluster's superuser: a database, the extension, the application's login role"
	psql -X -q -v ON_ERROR_STOP=1 -v ECHO=queries -d postgres -c "CREATE DATABASE $DEMO_DB;"
	psql -X -q -v ON_ERROR_STOP=1 -d "$DEMO_DB" -v role="$DEMO_ROLE" -v pw="$PGPASSWORD" <<'SQL'
\set ECHO queries
CREATE EXTENSION supporthub CASCADE;
CREATE ROLE :"role" LOGIN NOSUPERUSER NOBYPASSRLS;
GRANT supporthub_service, supporthub_platform TO :"role";
\set ECHO none
ALTER ROLE :"role" PASSWORD :'pw';
SQL
	# The scenario, as the application.  Errors go to the same stream so
	# they appear right after the statement that raised them.  psql stops
	# (exit 3) at an error the scenario did not expect; an expected error
	# that did not happen, or had another SQLSTATE, prints "DEMO FAILED".
	log=$(mktemp)
	trap 'rm -f "$log"' EXIT
	cd "$ROOT/test/demo"
	if ! PGUSER=$DEMO_ROLE PGDATABASE=$DEMO_DB psql -X -q -f scenario.sql 2>&1 | tee "$log"; then
		echo
		echo "=== Demo FAILED: the scenario stopped at an error it did not expect (see above)"
		exit 1
	fi
	if grep -q '^DEMO FAILED' "$log"; then
		echo
		echo "=== Demo FAILED: a step did not do what the scenario expects (see DEMO FAILED above)"
		exit 1
	fi
	echo
	if [ "${SUPPORTHUB_DEMO_EXPRESS:-}" != 1 ]; then
		echo "=== Demo complete: every step did what it should.  The cluster is dropped now."
		exit 0
	fi
	# --express: the REST API of docs/examples/express over what the scenario
	# left, as a web tier that holds only supporthub_authenticator.  Alice
	# (Acme's admin) gets a password through a reset token; Nina signed up
	# with hers in the scenario.
	echo "=== Demo complete.  Now the REST API (docs/examples/express) over the demo database"
	web=supporthub_demo_web
	echo "CREATE ROLE :\"role\" LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_authenticator PASSWORD :'pw';" |
		psql -X -q -v ON_ERROR_STOP=1 -d "$DEMO_DB" -v role="$web" -v pw="$PGPASSWORD"
	acme=$(PGUSER=$DEMO_ROLE psql -X -qAt -v ON_ERROR_STOP=1 -d "$DEMO_DB" \
		-c "SELECT id FROM supporthub.get_tenants() WHERE name = 'Acme'")
	PGUSER=$web psql -X -qAt -v ON_ERROR_STOP=1 -d "$DEMO_DB" >/dev/null \
		-c "SELECT supporthub.reset_password(supporthub.request_password_reset('$acme', 'alice@acme.example'), 'correct horse battery staple')"
	cd "$ROOT/docs/examples/express"
	npm ci --no-audit --no-fund --loglevel=error
	port=${SUPPORTHUB_EXPRESS_PORT:-3000}
	echo "Acme's tenant id: $acme"
	echo "Sign in as Alice (admin) or Nina (customer), password \"correct horse battery staple\":"
	echo "  curl -s -X POST http://127.0.0.1:$port/v1/api/auth/sign_in -H 'content-type: application/json' \\"
	echo "       -d '{\"tenant_id\": \"$acme\", \"email\": \"alice@acme.example\", \"password\": \"correct horse battery staple\"}'"
	echo "then send \"Authorization: Bearer <access_token>\" (docs/examples/express/README.md)."
	echo "Ctrl-C stops the server and drops the cluster."
	rm -f "$log"
	PGUSER=$web PGDATABASE=$DEMO_DB PORT=$port HOST=127.0.0.1 exec node server.js
fi

if [ "${1:-}" = "--express" ]; then
	export SUPPORTHUB_DEMO_EXPRESS=1
fi

PGPORT=${SUPPORTHUB_DEMO_PORT:-54330}
if [ "$PGPORT" = 5432 ]; then
	echo "demo: refusing port 5432, which belongs to the system cluster; pick another SUPPORTHUB_DEMO_PORT" >&2
	exit 1
fi
export PGPORT

echo "=== Installing missing packages, building and installing supporthub"
bash test/deps.sh
if ! make -s >/tmp/supporthub-demo-build.log 2>&1; then
	cat /tmp/supporthub-demo-build.log
	echo "demo: the build failed" >&2
	exit 1
fi
if ! make -s install >/tmp/supporthub-demo-build.log 2>&1; then
	cat /tmp/supporthub-demo-build.log
	echo "demo: make install failed (run the demo as root)" >&2
	exit 1
fi

exec pg_virtualenv -t -v 15 bash "$ROOT/test/demo.sh" --in-cluster
