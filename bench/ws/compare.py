#!/usr/bin/python3
"""WebSocket servers side by side: netkit (bench/ws/netkit_ws_server.cpp),
Node's ws 8.23 with bufferutil, uWebSockets.js (npm's unofficial build of
v20.30) and Python's websockets 10.4 (Debian's), each on one thread pinned
to core 1, all driven by one load generator (bench/ws/ws_load.cpp) on
core 0, without compression (none is offered):

- echo: 64 connections, each sending a message and waiting for its echo;
  round trips a second, for 32-byte and 16 KiB messages;
- broadcast: 100 receivers and one sender, the server passing each message
  to every other member of its room; messages delivered a second;
- idle: the RSS 10,000 open, idle WebSocket connections add to each server.

All servers are up at once and take turns, round after round, so that a slow
spell of this machine's neighbours falls on all alike; each row gives the
median of the rounds, with the server's CPU microseconds a message (round
trip or delivery), read from /proc around the counted part of each run: on
this noisy machine the steadier figure. Ratios are netkit's rate over the
best peer's, and the best peer's CPU a message over netkit's (above 1:
netkit spends less).

    compare.py BENCH_DIR [--rounds N] [--seconds S] [--idle N] [--only TEXT] [--peers NAME,...]
               [--baseline PATH]
    (--only: the cases whose name holds TEXT, and no idle run unless it is
    "idle"; --peers: the peers to run beside netkit; --baseline: the
    netkit_ws_server of another build, run beside as "netkit baseline", to
    measure a change)
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
from servers import CLIENT_CORE, Server, cpu_seconds, free_port, rss_kib  # noqa: E402

NODE_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "netkit", "bench-ws")
NODE_PACKAGES = {"ws": "8.23.0", "bufferutil": "4.0.9",
                 "@trufflesuite/uws-js-unofficial": "20.30.0-unofficial.0"}
CASES = [  # (name, mode, connections, size, window)
    ("echo 32 B", "echo", 64, 32, None),
    ("echo 16 KiB", "echo", 64, 16384, None),
    ("broadcast 32 B", "broadcast", 100, 32, 64),
    ("broadcast 16 KiB", "broadcast", 100, 16384, 16),
]


def node_modules():
    """Node's packages for the peers, installed once with npm."""
    modules = os.path.join(NODE_CACHE, "node_modules")
    missing = [f"{n}@{v}" for n, v in NODE_PACKAGES.items()
               if not os.path.isdir(os.path.join(modules, n))]
    if missing:
        os.makedirs(NODE_CACHE, exist_ok=True)
        done = subprocess.run(["npm", "install", "--prefix", NODE_CACHE, "--no-audit", "--no-fund",
                               *missing], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            sys.exit("npm could not install the Node peers: " + done.stderr[-2000:])
    return modules


def start_servers(bench_dir, wanted, baseline=None):
    """The servers named in `wanted` (all when None), each on a free port."""
    modules = node_modules()
    os.environ["NODE_PATH"] = modules
    node = shutil.which("node") or sys.exit("node is not installed")
    servers = {}
    for name, argv in [
        ("netkit", [os.path.join(bench_dir, "bench", "netkit_ws_server")]),
        ("uWebSockets.js", [node, os.path.join(HERE, "uws_server.js")]),
        ("Node ws", [node, os.path.join(HERE, "node_ws_server.js")]),
        ("Python websockets", ["/usr/bin/python3", os.path.join(HERE, "python_server.py")]),
    ] + ([("netkit baseline", [baseline])] if baseline else []):
        if wanted is not None and name not in wanted:
            continue
        port = free_port()
        servers[name] = Server(name, [*argv, str(port)], port)
    return servers


def load(port, mode, connections, size, seconds, window, server_pid):
    """One ws_load run: (messages a second, server CPU microseconds a message)."""
    argv = ["taskset", "-c", CLIENT_CORE, LOAD, mode, str(port), "/" + ("echo" if mode == "echo" else "room"),
            str(connections), str(size), str(seconds)] + ([str(window)] if window else [])
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as run:
        line = run.stdout.readline()
        if line.strip() != "measuring":
            run.kill()
            raise RuntimeError(f"ws_load {mode}: {line}{run.stderr.read()}")
        before = cpu_seconds(server_pid)
        result = run.stdout.readline()
        after = cpu_seconds(server_pid)
        rest, errors = run.communicate(timeout=60)
        if run.returncode != 0 or not result.startswith("result "):
            raise RuntimeError(f"ws_load {mode}: {result}{errors}")
    fields = dict(f.split("=") for f in result.split()[1:])
    count = int(fields["count"])
    return float(fields["rate"]), (after - before) * 1e6 / count if count else float("inf")


def idle_rss(bench_dir, name, count, baseline):
    """KiB of RSS that `count` idle connections add to a fresh server."""
    server = start_servers(bench_dir, [name], baseline)[name]
    try:
        # Warm up (the first buffers and code paths) before the baseline.
        load(server.port, "echo", 10, 32, 0.2, None, server.proc.pid)
        time.sleep(0.5)
        before = rss_kib(server.proc.pid)
        with subprocess.Popen(["taskset", "-c", CLIENT_CORE, LOAD, "idle", str(server.port), "/echo",
                               str(count)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True) as holder:
            ready = holder.stdout.readline()
            if not ready.startswith("ready"):
                raise RuntimeError(f"{name}: the idle connections did not open")
            time.sleep(2)
            after = rss_kib(server.proc.pid)
            holder.stdin.close()
            holder.wait(timeout=60)
        return after - before
    finally:
        server.stop()


def main():
    global LOAD
    parser = argparse.ArgumentParser()
    parser.add_argument("bench_dir")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--idle", type=int, default=10000)
    parser.add_argument("--only", default="")
    parser.add_argument("--peers")
    parser.add_argument("--baseline")
    args = parser.parse_args()
    wanted = ["netkit", "netkit baseline", *args.peers.split(",")] if args.peers else None
    LOAD = os.path.join(args.bench_dir, "bench", "ws_load")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the servers inherit it

    servers = start_servers(args.bench_dir, wanted, args.baseline)
    names = list(servers)
    results = {}
    try:
        for case, mode, connections, size, window in CASES:
            if args.only not in case:
                continue
            runs = {n: [] for n in names}
            for r in range(args.rounds):
                order = names[r % len(names):] + names[:r % len(names)]
                for n in order:
                    s = servers[n]
                    runs[n].append(load(s.port, mode, connections, size, args.seconds, window,
                                        s.proc.pid))
            results[case] = {n: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v))
                             for n, v in runs.items()}
            print_case(case, results[case], flush=True)
    finally:
        for s in servers.values():
            s.stop()

    if args.only not in ("", "idle"):
        return
    print(f"\nRSS that {args.idle:,} idle WebSocket connections add (target for netkit: <= 64 MiB)")
    for n in names:
        print(f"  {n:20} {idle_rss(args.bench_dir, n, args.idle, args.baseline) / 1024:8.1f} MiB", flush=True)


def print_case(case, row, flush=False):
    peers = {n: v for n, v in row.items() if not n.startswith("netkit")}
    best = max(peers, key=lambda n: peers[n][0])
    leanest = min(peers, key=lambda n: peers[n][1])
    unit = "round trips/s" if case.startswith("echo") else "deliveries/s"
    print(f"\n{case} ({unit}; server CPU us a message)")
    for n, (rate, cpu) in row.items():
        print(f"  {n:20} {rate:12,.0f}  {cpu:7.2f} us")
    rate, cpu = row["netkit"]
    print(f"  netkit / best peer ({best}): {rate / peers[best][0]:.2f}x the rate (target >= 1.0); "
          f"leanest peer ({leanest}) CPU / netkit's: {peers[leanest][1] / cpu:.2f}x", flush=flush)


if __name__ == "__main__":
    main()
