#!/usr/bin/python3
"""HTTP/2 servers side by side (issue 21): netkit serve, nginx (listen ...
ssl http2) and h2o, one worker each pinned to core 1, over TLS with the same
ECDSA P-256 certificate, h2load (nghttp2-client) or curl on core 0.

  1 KiB, 1 connection x 100 streams    h2load -n 200000 -c 1 -m 100
  1 KiB, 64 connections x 10 streams   h2load -n 200000 -c 64 -m 10
  1 GiB                                curl --http2, MB/s
  2,000 URLs of 1 KiB to nginx         netkit fetch (one h2 connection, streams at
                                       once) against curl --http2 -Z with a URL glob:
                                       wall seconds (target: netkit >= 2x curl)

Each case runs in alternating rounds (every server once a round) and is
judged at the median of the rounds: requests/s and the server's CPU per
request (from /proc, around the run), then netkit's requests/s over the
best peer's (target >= 1.0) and its CPU over the leanest peer's.

Usage: bench/http2/compare.py NETKIT_BINARY [--rounds N] [--requests N] [--quick]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
from servers import CLIENT_CORE, cpu_seconds, h2o, netkit, nginx, write_random_file  # noqa: E402
from tls_cases import mint_certificates  # noqa: E402


def h2load_once(server, path, requests, connections, streams):
    """Requests/s, the server's CPU a request (us), and the failures."""
    before = cpu_seconds(server.proc.pid)
    out = subprocess.run(["taskset", "-c", CLIENT_CORE, "h2load", "-t1", "-n", str(requests),
                          "-c", str(connections), "-m", str(streams),
                          f"https://127.0.0.1:{server.port}{path}"],
                         capture_output=True, text=True, timeout=600).stdout
    cpu = cpu_seconds(server.proc.pid) - before
    done = re.search(r"requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                     r"(\d+) errored", out)
    rate = re.search(r"finished in [\d.]+m?s, ([\d.]+) req/s", out)
    if not done or not rate:
        raise RuntimeError(f"h2load said nothing usable against {server.name}:\n{out}")
    succeeded = int(done.group(2))
    codes = re.search(r"status codes: (\d+) 2xx", out)
    return {"rps": float(rate.group(1)), "cpu_us": cpu / max(succeeded, 1) * 1e6,
            "bad": requests - (int(codes.group(1)) if codes else 0)}


def curl_h2_once(server, path):
    """MB/s of one download over HTTP/2 with curl; fails unless it was h2."""
    out = subprocess.run(["taskset", "-c", CLIENT_CORE, "curl", "-sk", "--http2", "-o", "/dev/null", "-w",
                          "%{speed_download} %{size_download} %{http_version}",
                          f"https://127.0.0.1:{server.port}{path}"],
                         capture_output=True, text=True, timeout=600).stdout.split()
    if out[2] != "2":
        raise RuntimeError(f"{server.name} answered curl with HTTP/{out[2]}, not HTTP/2")
    return {"mbps": float(out[0]) / 1e6, "bytes": int(out[1])}


def many_urls_once(netkit_binary, server, count):
    """Wall seconds of netkit fetch and of curl -Z getting `count` URLs, each
    over one HTTP/2 connection, the bodies to /dev/null (checked first, once,
    through a pipe)."""
    base = f"https://127.0.0.1:{server.port}/1k.bin"
    runs = {}
    for name, argv in (("netkit fetch", [netkit_binary, "fetch", "-k", "-s",
                                          *[f"{base}?{i}" for i in range(count)]]),
                       ("curl -Z", ["curl", "-k", "-s", "--http2", "-Z", f"{base}?[1-{count}]"])):
        checked = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        if checked.returncode != 0 or len(checked.stdout) != 1024 * count:
            raise RuntimeError(f"{name} failed ({checked.returncode}, {len(checked.stdout)} bytes): "
                               f"{checked.stderr[-500:]!r}")
        # (No timeout: with one, Python waits for the child by polling with
        # growing sleeps, and the figure comes out tens of ms late.)
        began = time.monotonic()
        subprocess.run(["taskset", "-c", CLIENT_CORE, *argv], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        runs[name] = {"seconds": time.monotonic() - began}
    return runs


def report(title, results, key, unit, higher_is_better=True):
    print(f"\n{title}")
    for name, runs in results.items():
        value = statistics.median(r[key] for r in runs)
        extra = ""
        if "cpu_us" in runs[0]:
            extra = f"  CPU {statistics.median(r['cpu_us'] for r in runs):7.2f} us a request"
        bad = sum(r.get("bad", 0) for r in runs)
        print(f"  {name:28} {value:12.1f} {unit}{extra}" + (f"  ({bad} not 2xx)" if bad else ""))
    ours = statistics.median(r[key] for r in results["netkit"])
    peers = {n: statistics.median(r[key] for r in v) for n, v in results.items() if n != "netkit"}
    best = max(peers, key=peers.get) if higher_is_better else min(peers, key=peers.get)
    line = f"  netkit / best peer ({best}): {ours / peers[best]:.2f}x {unit} (target >= 1.0)"
    if "cpu_us" in results["netkit"][0]:
        cpu = {n: statistics.median(r["cpu_us"] for r in v) for n, v in results.items()}
        leanest = min((n for n in cpu if n != "netkit"), key=cpu.get)
        line += f"; CPU a request / {leanest}'s: {cpu['netkit'] / cpu[leanest]:.2f}x"
    print(line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("netkit")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="no 1 GiB download")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        os.chmod(work, 0o755)  # nginx's and h2o's workers read as nobody
        root = os.path.join(work, "root")
        os.mkdir(root)
        write_random_file(os.path.join(root, "1k.bin"), 1024)
        if not args.quick:
            write_random_file(os.path.join(root, "1g.bin"), 1 << 30)
        tls = mint_certificates(work)["ECDSA P-256"]
        servers = [netkit(args.netkit, root, tls), nginx(root, work, "open_file_cache", tls, http2=True),
                   h2o(root, work, tls)]
        cases = {"one": {}, "many": {}, "1g": {}, "urls": {}}
        try:
            for _ in range(args.rounds):
                # (First: right after h2load's floods, nginx answers slower for a while.)
                for name, run in many_urls_once(args.netkit, servers[1], 2000).items():
                    cases["urls"].setdefault(name, []).append(run)
                for server in servers:
                    cases["one"].setdefault(server.name, []).append(
                        h2load_once(server, "/1k.bin", args.requests, 1, 100))
                    cases["many"].setdefault(server.name, []).append(
                        h2load_once(server, "/1k.bin", args.requests, 64, 10))
                    if not args.quick:
                        cases["1g"].setdefault(server.name, []).append(curl_h2_once(server, "/1g.bin"))
        finally:
            for server in servers:
                server.stop()
    print(f"HTTP/2 over TLS (ECDSA P-256), median of {args.rounds} rounds, servers on one core")
    report(f"1 KiB, 1 connection x 100 streams, {args.requests} requests", cases["one"], "rps", "req/s")
    report(f"1 KiB, 64 connections x 10 streams, {args.requests} requests", cases["many"], "rps", "req/s")
    if not args.quick:
        report("1 GiB with curl --http2", cases["1g"], "mbps", "MB/s")
    print("\n2,000 URLs of 1 KiB from nginx over one HTTP/2 connection (client on one core)")
    seconds = {n: statistics.median(r["seconds"] for r in v) for n, v in cases["urls"].items()}
    for name, value in seconds.items():
        print(f"  {name:28} {value:8.3f} s  ({2000 / value:8.0f} requests/s)")
    print(f"  netkit fetch / curl -Z: {seconds['curl -Z'] / seconds['netkit fetch']:.2f}x as fast "
          "(target >= 2.0)")


if __name__ == "__main__":
    main()
