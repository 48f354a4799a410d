#!/bin/sh
# netkit serve beside nginx, h2o, lighttpd and python3 -m http.server: see
# bench/http_server.py. Usage: bench/http_server.sh [NETKIT_BINARY] [--quick]
set -eu
here=$(dirname "$0")
binary=${1:-$here/../build-bench/netkit}
[ $# -gt 0 ] && shift
exec /usr/bin/python3 "$here/http_server.py" "$binary" "$@"
