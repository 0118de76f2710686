#!/usr/bin/env bash
# One-time install of the pinned real n8n in e2e/ (npm ci there); a no-op when already installed.
# CI runs this before `npm run test:e2e`. Works from a clean clone: needs only Node 20 and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/e2e-install.js "$@"
