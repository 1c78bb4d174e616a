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

# Nothing to look up on the network: no usage metrics, and the placeholder `request.cf` instead of
# fetching Cloudflare's (which fails offline and prints a stack trace).
export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false

# wrangler prints the whole migration table once per migration: keep it in a log, show one line.
migrate_log="$(mktemp)"
if ! npx wrangler d1 migrations apply DB --local >"$migrate_log" 2>&1; then
  cat "$migrate_log"
  exit 1
fi
applied="$({ grep -o '[0-9]\{4\}_[a-z0-9_]*\.sql *│ ✅' "$migrate_log" || true; } | cut -d' ' -f1 | sort -u | wc -l)"
echo "simpul: local D1 is up to date (${applied} migrations applied now)"
rm -f "$migrate_log"
seed_log="$(mktemp)"
trap 'rm -f "$seed_log"' EXIT
npx tsx scripts/seed.ts | tee "$seed_log"
link="$(sed -n 's/^ *sign in (one use, \([0-9]*\) minutes): //p' "$seed_log" | tail -n 1)"
minutes="$(sed -n 's/^ *sign in (one use, \([0-9]*\) minutes): .*/\1/p' "$seed_log" | tail -n 1)"

npx wrangler dev "$@" &
dev_pid=$!
trap 'kill "$dev_pid" 2>/dev/null; rm -f "$seed_log"' EXIT INT TERM

# The administrator's link comes last, once the server answers, so wrangler's own lines do not bury it.
if [ -n "$link" ]; then
  base="${link%%/masuk/*}"
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
    kill -0 "$dev_pid" 2>/dev/null || break
    sleep 1
  done
  until_time="$(date -d "+${minutes:-15} minutes" '+%H:%M %Z')"
  text="Masuk sebagai administrator lokal (sekali pakai, berlaku ${minutes:-15} menit, sampai pukul ${until_time}):"
  width=$(( ${#link} > ${#text} ? ${#link} : ${#text} ))
  border="$(printf '%*s' $(( width + 2 )) '' | tr ' ' '-')"
  printf '\n+%s+\n| %-*s |\n| %-*s |\n+%s+\n\n' "$border" "$width" "$text" "$width" "$link" "$border"
fi
wait "$dev_pid"
