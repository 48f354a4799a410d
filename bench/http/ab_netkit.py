#!/usr/bin/env python3
"""A/B of netkit builds beside the peers, for a change to the server: each
netkit binary given serves beside h2o, nginx and lighttpd, on the cases of
bench/http/tls_cases.py that wrk drives (plain churn and keep-alive, HTTPS
1 KiB and 64 KiB keep-alive and resumed handshakes, ECDSA), in alternating
rounds, judged at the median; ratios against the best and the leanest peer,
and for each server its sleeps in the event loop (voluntary context
switches) and the TCP segments (both ends) a request.

    bench/http/ab_netkit.py OLD/netkit,NEW/netkit [--rounds 5] [--seconds 3] [--only plain|tls]

Servers and wrk are pinned to separate cores (servers.py); a full run of
every case is bench/http_server.py's.
"""
import argparse
import os
import re
import tempfile

import servers
from tls_cases import measure, mint_certificates


def counters(server):
    """The server's voluntary context switches (each a sleep in its event
    loop) and the machine's TCP segments sent, both ends counted."""
    switches = 0
    for pid in servers.process_tree(server.proc.pid):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/status") as f:
                switches += int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", f.read(), re.M).group(1))
    with open("/proc/net/snmp") as f:
        names, values = [line.split() for line in f if line.startswith("Tcp:")]
    return switches, int(values[names.index("OutSegs")])


def observed(server, seconds, **wrk):
    """One wrk run, with the context switches and segments a request."""
    before = counters(server)
    r = servers.wrk_once(server, seconds=seconds, **wrk)
    after = counters(server)
    requests = max(r["rps"] * seconds, 1)
    r["switches"] = (after[0] - before[0]) / requests
    r["segments"] = (after[1] - before[1]) / requests
    return r


def start(binaries, root, work, tls):
    started = []
    for i, binary in enumerate(binaries):
        s = servers.netkit(binary, root, tls)
        s.name = f"netkit {chr(ord('A') + i)}"
        started.append(s)
    return started + [servers.h2o(root, work, tls), servers.nginx(root, work, "open_file_cache", tls),
                      servers.lighttpd(root, work, tls)]


def run(binaries, root, work, tls, cases, rounds, seconds):
    scheme = "https" if tls else "http"
    started = start(binaries, root, work, tls)
    try:
        medians = measure(started, {
            case: (lambda s, path=path, c=c, h=h: observed(s, seconds, path=path, scheme=scheme,
                                                          connections=c, headers=h))
            for case, (path, c, h) in cases.items()}, rounds)
    finally:
        for s in started:
            s.stop()
    for case, by_server in medians.items():
        print(f"\n{case}, median of {rounds} rounds")
        for name, m in by_server.items():
            flag = f"  ({m['bad']} failed or non-2xx!)" if m["bad"] else ""
            print(f"  {name:24}{m['rps']:>10.0f} req/s  {m['cpu_us']:>7.1f} us CPU a request  "
                  f"{m['switches']:.3f} sleeps  {m['segments']:.1f} TCP segments a request{flag}")
        peers = {n: m for n, m in by_server.items() if not n.startswith("netkit")}
        best = max(m["rps"] for m in peers.values())
        leanest = min(m["cpu_us"] for m in peers.values())
        for name, m in by_server.items():
            if name.startswith("netkit"):
                print(f"  {name}: {m['rps'] / best:.2f}x the best peer's req/s, "
                      f"{m['cpu_us'] / leanest:.2f}x the leanest peer's CPU a request")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binaries", help="netkit binaries, comma-separated (A, B, ...)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--only", choices=["plain", "tls"])
    args = parser.parse_args()
    binaries = args.binaries.split(",")
    for i, binary in enumerate(binaries):
        print(f"netkit {chr(ord('A') + i)}: {binary}")
    with tempfile.TemporaryDirectory() as work:
        root = os.path.join(work, "root")
        os.mkdir(root)
        for name, size in (("1k.bin", 1024), ("64k.bin", 64 * 1024)):
            with open(os.path.join(root, name), "wb") as f:
                f.write(os.urandom(size))
        if args.only != "tls":
            run(binaries, root, work, None,
                {"plain churn, 1 KiB, a new connection a request (wrk -c64, Connection: close)":
                     ("/1k.bin", 64, ["Connection: close"]),
                 "plain keep-alive, 1 KiB (wrk -c64)": ("/1k.bin", 64, [])},
                args.rounds, args.seconds)
        if args.only != "plain":
            tls = mint_certificates(work)["ECDSA P-256"]
            run(binaries, root, work, tls,
                {"HTTPS keep-alive, 1 KiB (wrk -c64)": ("/1k.bin", 64, []),
                 "HTTPS keep-alive, 64 KiB (wrk -c64)": ("/64k.bin", 64, []),
                 "resumed handshakes, 1 KiB (wrk -c16, Connection: close)":
                     ("/1k.bin", 16, ["Connection: close"])},
                args.rounds, args.seconds)


if __name__ == "__main__":
    main()
