#!/usr/bin/env bash
# test/run.sh — the one test command: installs what is missing, builds with
# warnings as errors, installs, then runs every test layer on a throwaway
# cluster (pg_virtualenv, never the system cluster or port 5432) and ends
# with "N passed, N failed".  Exit status 0 only when everything passed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

bash test/deps.sh || exit 1
make -s clean >/dev/null 2>&1
if ! make -s >/tmp/supporthub-build.log 2>&1; then
	cat /tmp/supporthub-build.log
	echo "build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
make -s install >/dev/null || { echo "install failed"; echo "0 passed, 1 failed"; exit 1; }

# A port of our own for the throwaway cluster.
export PGPORT=${SUPPORTHUB_TEST_PORT:-54329}
LOG=$(mktemp /tmp/supporthub-test.XXXXXX)
pg_virtualenv -t -v 15 -i '--encoding=UTF8 --locale=C.UTF-8' \
	-o 'max_connections=60' -o 'shared_buffers=128MB' \
	bash "$ROOT/test/layers.sh" 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}

# The summary line comes last, after pg_virtualenv's own messages.
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$LOG" | tail -1)
rm -f "$LOG"
if [ -z "$summary" ]; then
	summary="0 passed, 1 failed"
	rc=1
fi
echo
echo "$summary"
exit "$rc"
