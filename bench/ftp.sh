#!/bin/sh
# netkit ftp beside curl and Python's ftplib, 1 GiB each way with vsftpd: see
# bench/ftp.py. Usage: bench/ftp.sh [NETKIT_BINARY]
set -eu
here=$(dirname "$0")
binary=${1:-$here/../build-bench/netkit}
exec /usr/bin/python3 "$here/ftp.py" "$binary"
