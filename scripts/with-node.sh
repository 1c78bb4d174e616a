#!/usr/bin/env bash
# Runs a command with Node.js >= 22 first on PATH (see ensure-node.sh). Example: scripts/with-node.sh npm test
set -euo pipefail
source "$(dirname "$0")/ensure-node.sh"
exec "$@"
