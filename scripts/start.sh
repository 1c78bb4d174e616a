#!/usr/bin/env bash
# `npm start`: local secrets on first run, migrate and seed the local D1, then serve with wrangler dev.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f .dev.vars ]; then
  # Random local secrets, still marked "local-" so a production deployment refuses them.
  while IFS= read -r line; do
    case "$line" in
      *=local-dev-secret-change-me) echo "${line%%=*}=local-$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')" ;;
      *) echo "$line" ;;
    esac
  done < .dev.vars.example > .dev.vars
  echo "simpul: wrote .dev.vars with fresh local secrets"
fi

npx wrangler d1 migrations apply DB --local
npx tsx scripts/seed.ts
exec npx wrangler dev "$@"
