# Sourced by ./pos and .ci/run: puts a Node.js >= 22.17 first on PATH (MikroORM 7 and native TypeScript
# type stripping need it). When the machine's node is older, Node 24 is installed once from the npm
# registry's `node` package into a cache folder outside the project.
node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 17) ? 0 : 1)'
}

if ! node_is_recent; then
  node_cache="${NODE_CACHE_DIR:-$HOME/.cache/node24}"
  if [ ! -x "$node_cache/node_modules/.bin/node" ]; then
    echo "node $(node --version 2>/dev/null || echo '(none)') is older than 22.17: installing Node 24 into $node_cache" >&2
    npm install --prefix "$node_cache" --no-save --no-audit --no-fund node@24 >/dev/null
  fi
  export PATH="$node_cache/node_modules/.bin:$PATH"
fi
