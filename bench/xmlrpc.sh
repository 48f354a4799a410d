#!/bin/sh
# XML-RPC servers and codecs: netkit beside xmlrpc-c and CPython 3.13 (see
# bench/xmlrpc/compare.py). Usage: bench/xmlrpc.sh [BENCH_BUILD_DIR [ROUNDS]]
set -eu
here=$(dirname "$0")
exec /usr/bin/python3 "$here/xmlrpc/compare.py" "${1:-$here/../build-bench}" ${2:+"$2"}
