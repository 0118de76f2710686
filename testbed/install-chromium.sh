#!/usr/bin/env bash
# Debian's chromium for the browser tests (/usr/bin/chromium); nothing to do when it is there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian's chromium for the browser tests (apt-get)..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium > /dev/null
