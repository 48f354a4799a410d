#!/bin/sh
# HTTP/2 servers: netkit beside nginx and h2o, h2load and curl as clients
# (see bench/http2/compare.py).
# Usage: bench/http2.sh NETKIT_BINARY [compare.py options]
set -eu
here=$(dirname "$0")
exec /usr/bin/python3 "$here/http2/compare.py" "$@"
