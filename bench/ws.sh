#!/bin/sh
# WebSocket servers: netkit beside uWebSockets.js, Node's ws and Python's
# websockets (see bench/ws/compare.py).
# Usage: bench/ws.sh [BENCH_BUILD_DIR [compare.py options]]
set -eu
here=$(dirname "$0")
dir=${1:-$here/../build-bench}
[ $# -gt 0 ] && shift
exec /usr/bin/python3 "$here/ws/compare.py" "$dir" "$@"
