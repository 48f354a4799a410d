#!/usr/bin/python3
"""Slowloris beside a wrk run: netkit serve and nginx (one worker each, on
core 1), wrk (-t1 -c64, 1 KiB file) and 2,000 connections dripping request
heads (tests/peers/slowloris.py) on core 0. For each server: requests/s
unloaded, then with the drippers, their ratio (issue 18's target for
netkit: >= 0.80), and the server's memory above idle under the drippers
(target: <= 64 MiB).

Usage: bench/slowloris.py NETKIT_BINARY [--seconds N] [--clients N]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "http"))
from servers import CLIENT_CORE, netkit, nginx, process_tree, rss_kib, wrk_once  # noqa: E402

DRIPPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "peers", "slowloris.py")


def memory_kib(pid):
    """The RSS of a server and its workers (nginx's master and worker)."""
    return sum(rss_kib(p) for p in process_tree(pid))


def measure(server, seconds, clients):
    unloaded = wrk_once(server, "/1k.bin", seconds)
    idle = memory_kib(server.proc.pid)
    drip = subprocess.Popen(["taskset", "-c", CLIENT_CORE, "/usr/bin/python3", DRIPPER, str(server.port),
                             str(clients), str(seconds + 6), "1"], stdout=subprocess.PIPE, text=True)
    peak = [idle]

    def watch():
        while drip.poll() is None:
            peak[0] = max(peak[0], memory_kib(server.proc.pid))
            time.sleep(0.2)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    time.sleep(3)  # the drippers connected and dripping
    loaded = wrk_once(server, "/1k.bin", seconds)
    out, _ = drip.communicate(timeout=seconds + 60)
    watcher.join()
    return unloaded, loaded, (peak[0] - idle) / 1024, out.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("netkit")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--clients", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = os.path.join(work, "root")
        os.mkdir(root)
        with open(os.path.join(root, "1k.bin"), "wb") as f:
            f.write(os.urandom(1024))
        print(f"Slowloris: {args.clients} connections dripping heads beside wrk -c64 "
              f"({args.seconds} s runs, 1 KiB file)")
        for make in (lambda: netkit(args.netkit, root), lambda: nginx(root, work, "sendfile")):
            server = make()
            try:
                unloaded, loaded, growth, dripped = measure(server, args.seconds, args.clients)
            finally:
                server.stop()
            errors = f", errors {loaded['errors']}" if loaded["errors"] else ""
            print(f"  {server.name:18} unloaded {unloaded['rps']:8.0f}/s  with drippers "
                  f"{loaded['rps']:8.0f}/s  ({loaded['rps'] / unloaded['rps']:.2f}x, p99 "
                  f"{loaded['p99_ms']:.1f} ms, non-2xx {loaded['bad']}{errors})  memory +{growth:.1f} MiB  "
                  f"[{dripped}]")


if __name__ == "__main__":
    main()
