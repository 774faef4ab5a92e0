#!/usr/bin/env bash
# test/deps.sh — install what supporthub needs to build and test, when missing
# (Node.js and npm too, for the HTTP layer).
# Debian 12, as root.  Safe to run repeatedly: it does nothing when all is there.
set -euo pipefail

PACKAGES=(postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
		  libtap-parser-sourcehandler-pgtap-perl libipc-run-perl libicu-dev make gcc
		  postgresql-15-cron)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "missing packages: ${missing[*]} (run as root to install them)" >&2
		exit 1
	fi
	echo "installing: ${missing[*]}"
	# A fresh postgresql-15 would create and start a system cluster on port
	# 5432; supporthub's scripts only ever use throwaway clusters.
	if [ ! -f /etc/postgresql-common/createcluster.conf ] ||
		! grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
		mkdir -p /etc/postgresql-common
		echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js and npm for the HTTP layer (docs/examples/express), from Debian's
# packages when the machine has none.  Not fatal: without them the HTTP layer
# says it is skipped and why.
node_missing=()
command -v node >/dev/null 2>&1 || node_missing+=(nodejs)
command -v npm >/dev/null 2>&1 || node_missing+=(npm)
if [ "${#node_missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "missing: ${node_missing[*]} (run as root to install them; the HTTP layer is skipped without them)" >&2
	else
		echo "installing: ${node_missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		if [ "${#missing[@]}" -eq 0 ]; then apt-get update -qq || true; fi
		apt-get install -y -qq --no-install-recommends "${node_missing[@]}" >/dev/null ||
			echo "could not install ${node_missing[*]}: the HTTP layer will be skipped" >&2
	fi
fi
