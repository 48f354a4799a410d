#!/usr/bin/python3
"""netkit serve beside nginx, h2o, lighttpd and python3 -m http.server.

Each server gets one worker pinned to core 1; wrk (-t1 -c64) or curl runs on
core 0. All servers are up at once and take turns, round after round (idle,
they cost nothing), so that a slow spell of this machine's neighbours falls
on all alike; each keeps its best run. For 1 KiB and 64 KiB files with
keep-alive it prints requests/s, p99 latency and the server's CPU seconds per
100,000 requests (from /proc/PID/stat, summed over the server's processes);
then MB/s of a 1 GiB download with curl (best of three); then the RSS that
10,000 idle keep-alive connections add to netkit. Ratios are netkit's figure
over each peer's. On 1 KiB it also measures the floor
(bench/http/floor_server.cpp): one recv and one send a request and no HTTP,
the least CPU a request any server can spend here. No server writes an
access log (netkit -q, nginx access_log off; h2o and lighttpd have none unless
configured), so that each does the same work.

Then the HTTPS and connection churn cases of bench/http/tls_cases.py
(median of --tls-rounds alternating rounds; --only-tls runs those alone).

Usage: bench/http_server.py NETKIT_BINARY [--seconds N] [--repeat N] [--quick]
       [--tls-rounds N] [--tls-seconds N] [--only-tls]
"""
import argparse
import os
import resource
import shutil
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "http"))
from servers import curl_once, floor, h2o, lighttpd, netkit, nginx, python_server, rss_kib, wrk_once, write_random_file  # noqa: E402
import tls_cases  # noqa: E402

def idle_connections_rss(binary, root, count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = count * 2 + 100  # this script's sockets and the server's
    if hard != resource.RLIM_INFINITY and hard < want:
        count = (hard - 100) // 2
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard) if hard != resource.RLIM_INFINITY
                                                 else want, hard))
    server = netkit(binary, root)
    try:
        # Warm up (caches, the first buffers) before the baseline.
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(b"GET /1k.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        s.recv(4096)
        s.close()
        time.sleep(0.2)
        before = rss_kib(server.proc.pid)
        sockets = []
        request = b"GET /1k.bin HTTP/1.1\r\nHost: x\r\n\r\n"
        for _ in range(count):
            c = socket.create_connection(("127.0.0.1", server.port))
            c.sendall(request)
            sockets.append(c)
        for c in sockets:  # one request each, then idle and kept alive
            got = 0
            while got < 1024 + 100:
                chunk = c.recv(65536)
                if not chunk:
                    raise RuntimeError("connection closed")
                got += len(chunk)
        time.sleep(0.5)
        after = rss_kib(server.proc.pid)
        for c in sockets:
            c.close()
        return (after - before) / 1024 * 10_000 / count, count
    finally:
        server.stop()


def keep_alive_cases(args, root, work, floor_binary):
    """1 KiB and 64 KiB over keep-alive beside the floor, 1 GiB with curl,
    and the memory of idle connections: measured and printed."""
    starters = [lambda: netkit(args.netkit, root),
                lambda: nginx(root, work, "sendfile"),
                lambda: nginx(root, work, "open_file_cache"),
                lambda: h2o(root, work),
                lambda: lighttpd(root, work)]
    if not args.quick:
        starters.append(lambda: python_server(root))
    servers = []
    try:
        for start in starters:
            servers.append(start())
        # The floor serves one file, and only 1 KiB is where CPU a request is judged.
        floor_server = floor(floor_binary, root)
        servers_1k = servers + [floor_server]
        # Every server is up (idle ones cost nothing) and the runs take turns,
        # round after round: a slow spell of this machine's neighbours then
        # falls on every server alike, not on whichever ran during it. Each
        # server keeps its best run.
        runs = {s.name: {"1k": [], "64k": [], "1g": []} for s in servers_1k}
        for _ in range(args.repeat):
            for server in servers_1k:
                runs[server.name]["1k"].append(wrk_once(server, "/1k.bin", args.seconds))
            for server in servers:
                runs[server.name]["64k"].append(wrk_once(server, "/64k.bin", args.seconds))
        if not args.quick:
            for _ in range(3):
                for server in servers:
                    if not server.name.startswith("python"):
                        runs[server.name]["1g"].append(curl_once(server, "/1g.bin"))
    finally:
        for server in servers + ([floor_server] if "floor_server" in locals() else []):
            server.stop()
    idle_mib, alive = idle_connections_rss(args.netkit, root, 10_000)

    results = {}
    for server in servers:
        r = runs[server.name]
        results[server.name] = {"1k": max(r["1k"], key=lambda x: x["rps"]),
                                "64k": max(r["64k"], key=lambda x: x["rps"])}
        if r["1g"]:
            results[server.name]["1g"] = max(r["1g"])
    floor_1k = max(runs[floor_server.name]["1k"], key=lambda x: x["rps"])

    ours = results["netkit"]
    print(f"{'server':<26}{'1KiB req/s':>12}{'p99 ms':>8}{'CPU s/100k':>12}"
          f"{'64KiB req/s':>13}{'p99 ms':>8}{'CPU s/100k':>12}{'1GiB MB/s':>11}")
    for name, r in results.items():
        gib = f"{r['1g'][0]:.0f}" if "1g" in r else "-"
        flag = "" if not (r["1k"]["bad"] or r["64k"]["bad"]) else "  (non-2xx responses!)"
        print(f"{name:<26}{r['1k']['rps']:>12.0f}{r['1k']['p99_ms']:>8.2f}"
              f"{r['1k']['cpu_per_100k']:>12.2f}{r['64k']['rps']:>13.0f}{r['64k']['p99_ms']:>8.2f}"
              f"{r['64k']['cpu_per_100k']:>12.2f}{gib:>11}{flag}")
    print(f"{'floor (recv + send only)':<26}{floor_1k['rps']:>12.0f}{floor_1k['p99_ms']:>8.2f}"
          f"{floor_1k['cpu_per_100k']:>12.2f}{'-':>13}{'-':>8}{'-':>12}{'-':>11}")
    print("\nnetkit / peer   (requests/s and MB/s: higher is better; CPU per request: lower is better)")
    for name, r in results.items():
        if name == "netkit":
            continue
        line = (f"  {name:<24} 1KiB {ours['1k']['rps'] / r['1k']['rps']:5.2f}x req/s, "
                f"{ours['1k']['cpu_per_100k'] / r['1k']['cpu_per_100k']:5.2f}x CPU;  "
                f"64KiB {ours['64k']['rps'] / r['64k']['rps']:5.2f}x req/s")
        if "1g" in r and "1g" in ours:
            line += f";  1GiB {ours['1g'][0] / r['1g'][0]:5.2f}x MB/s"
        print(line)
    best_1k = max(r["1k"]["rps"] for n, r in results.items() if n != "netkit")
    best_64k = max(r["64k"]["rps"] for n, r in results.items() if n != "netkit")
    print(f"\n1KiB:  netkit / best peer {ours['1k']['rps'] / best_1k:.2f}x requests/s (target >= 1.0); "
          f"CPU per request / h2o's {ours['1k']['cpu_per_100k'] / results['h2o']['1k']['cpu_per_100k']:.2f}x "
          f"(target <= 0.8)")
    h2o_cpu = results['h2o']['1k']['cpu_per_100k']
    print(f"       the floor (one recv and one send a request, no HTTP) / h2o's "
          f"{floor_1k['cpu_per_100k'] / h2o_cpu:.2f}x; netkit / the floor "
          f"{ours['1k']['cpu_per_100k'] / floor_1k['cpu_per_100k']:.2f}x")
    print(f"64KiB: netkit / best peer {ours['64k']['rps'] / best_64k:.2f}x requests/s (target >= 1.0); "
          f"p99 {ours['64k']['p99_ms']:.2f} ms (target <= 3)")
    if "1g" in ours:
        best_gib = max(r["1g"][0] for n, r in results.items() if n != "netkit" and "1g" in r)
        print(f"1GiB:  netkit / best peer {ours['1g'][0] / best_gib:.2f}x MB/s with curl (target >= 1.0)")
    scaled = "" if alive == 10_000 else f", measured over {alive} and scaled"
    print(f"Memory: 10,000 idle keep-alive connections add {idle_mib:.1f} MiB of RSS{scaled} "
          f"(target <= 40)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("netkit")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of wrk runs, servers in turn; each keeps its best")
    parser.add_argument("--quick", action="store_true", help="skip the 1 GiB file and python")
    parser.add_argument("--tls-rounds", type=int, default=5,
                        help="rounds of the HTTPS and churn cases, judged at their median")
    parser.add_argument("--tls-seconds", type=int, default=3, help="seconds of each HTTPS and churn run")
    parser.add_argument("--only-tls", action="store_true", help="the HTTPS and churn cases alone")
    parser.add_argument("--floor", help="bench/http/floor_server.cpp's binary (default: beside "
                        "NETKIT in bench/)")
    args = parser.parse_args()
    floor_binary = args.floor or os.path.join(os.path.dirname(os.path.abspath(args.netkit)),
                                              "bench", "floor_server")
    if not os.access(floor_binary, os.X_OK):
        sys.exit(f"no floor server at {floor_binary} (make bench builds it)")
    if os.cpu_count() < 2:
        sys.exit("needs two cores: one for the server, one for the client")
    work = tempfile.mkdtemp(prefix="netkit-bench-")
    os.chmod(work, 0o755)  # nginx's and h2o's workers must read it
    root = os.path.join(work, "www")
    os.mkdir(root)
    write_random_file(os.path.join(root, "1k.bin"), 1024)
    write_random_file(os.path.join(root, "64k.bin"), 65536)
    if not args.quick:
        write_random_file(os.path.join(root, "1g.bin"), 1 << 30)

    try:
        if not args.only_tls:
            keep_alive_cases(args, root, work, floor_binary)
        tls_cases.run_all(args.netkit, root, work, args.tls_rounds, args.tls_seconds,
                          None if args.quick else "/1g.bin")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
