#!/bin/sh
# netkit fetch beside curl and Python's http.client, against nginx: see
# bench/http_client.py. Usage: bench/http_client.sh [NETKIT_BINARY [URLOPEN_READ_BINARY]]
set -eu
here=$(dirname "$0")
binary=${1:-$here/../build-bench/netkit}
reader=${2:-$here/../build-bench/bench/urlopen_read}
exec /usr/bin/python3 "$here/http_client.py" "$binary" "$reader"
