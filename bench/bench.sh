#!/usr/bin/env bash
# Scenario (c) holds 10,000 sockets in the load generator and 5,000 in each API process: raise the open-files
# limit to the hard limit for this run (children inherit it), then run the harness.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/ensure-node.sh
source scripts/ensure-node.sh
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "open-files limit is $(ulimit -n) even after raising it; scenario (c) needs ≥ 12000 (raise the hard limit)" >&2
  exit 1
fi
exec node bench/run.ts "$@"
