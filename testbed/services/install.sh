#!/usr/bin/env bash
# Debian's PostgreSQL and Redis for the queue-mode tests (n8n main + workers need both); nothing to do
# when they are there. testbed/services/ starts private instances on loopback ports, not the system ones.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/postgres > /dev/null 2>&1 || missing+=(postgresql)
command -v redis-server > /dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian's ${missing[*]} for the queue-mode tests (apt-get)..."
$sudo apt-get update -qq
# policy-rc.d 101: the packages' own services (system-wide, default ports) are not started.
policy=/usr/sbin/policy-rc.d; ours=""
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" > /dev/null; $sudo chmod +x "$policy"; ours=1; fi
trap 'if [ -n "$ours" ]; then $sudo rm -f "$policy"; fi' EXIT
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
