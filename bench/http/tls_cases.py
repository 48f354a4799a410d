"""HTTPS and connection churn, for bench/http_server.py (issue 19).

Every server (netkit, nginx, h2o, lighttpd; one worker each on SERVER_CORE)
serves the same files with the same certificate, one ECDSA P-256 and one RSA
2048 minted here, TLS 1.2 and 1.3 allowed (nginx 1.22's default list stops at
1.2: it is given both, as its documentation's example does). The clients,
all OpenSSL 3, offer TLS 1.3, and the protocol each server settles on is
printed. Cases, each run in alternating rounds (every server once a round)
and judged at the median of the rounds:

  HTTPS keep-alive   wrk -c64 over TLS, a 1 KiB and a 64 KiB file
  full handshakes    ab -c16: a new connection and a fresh session per
                     request (ab never resumes)
  resumed            wrk -c16 with "Connection: close": a new connection per
                     request, resuming the session each time (wrk keeps it)
  churn              the same over plain HTTP: a new TCP connection per
                     1 KiB request
  1 GiB over HTTPS   curl, best of three, MB/s

Each prints requests/s, p99 and the server's CPU per request (from /proc,
around the run), then netkit's requests/s over the best peer's (target >=
1.0) and its CPU per request over the lowest peer's (target <= 1.0).
"""
import os
import re
import socket
import ssl
import statistics
import subprocess

from servers import CLIENT_CORE, cpu_seconds, curl_once, h2o, lighttpd, netkit, nginx, wrk_once

CERTIFICATES = {"ECDSA P-256": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
                "RSA 2048": ["-newkey", "rsa:2048"]}


def mint_certificates(work):
    """A self-signed certificate of each kind for localhost and 127.0.0.1:
    {kind: (certificate, key)}."""
    made = {}
    for kind, key_args in CERTIFICATES.items():
        stem = os.path.join(work, kind.split()[0].lower())
        subprocess.run(["openssl", "req", "-x509", *key_args, "-nodes", "-keyout", stem + "-key.pem",
                        "-out", stem + "-cert.pem", "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, capture_output=True)
        made[kind] = (stem + "-cert.pem", stem + "-key.pem")
    return made


def protocol_of(server):
    """The TLS version a server settles on with an OpenSSL 3 client."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with context.wrap_socket(socket.create_connection(("127.0.0.1", server.port), timeout=5)) as s:
        return s.version()


def ab_once(server, path, seconds, connections=16):
    """One ab run over HTTPS: a new connection and a full handshake per
    request. The same figures as wrk_once."""
    before = cpu_seconds(server.proc.pid)
    out = subprocess.run(["taskset", "-c", CLIENT_CORE, "ab", "-q", "-t", str(seconds), "-n", "100000000",
                          "-c", str(connections), f"https://127.0.0.1:{server.port}{path}"],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    cpu = cpu_seconds(server.proc.pid) - before
    requests = int(re.search(r"Complete requests:\s+(\d+)", out).group(1))
    failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
    bad = re.search(r"Non-2xx responses:\s+(\d+)", out)
    return {"rps": float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1)),
            "p99_ms": float(re.search(r"^\s+99%\s+(\d+)", out, re.M).group(1)),
            "cpu_per_100k": cpu / max(requests, 1) * 100_000,
            "bad": failed + (int(bad.group(1)) if bad else 0), "errors": ""}


def start_servers(binary, root, work, tls):
    return [netkit(binary, root, tls), nginx(root, work, "open_file_cache", tls), h2o(root, work, tls),
            lighttpd(root, work, tls)]


def median_run(runs):
    """The medians of runs' figures (and of any others they all carry)."""
    known = {"rps", "p99_ms", "cpu_per_100k", "bad", "errors"}
    others = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k not in known}
    return others | {"rps": statistics.median(r["rps"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "cpu_us": statistics.median(r["cpu_per_100k"] for r in runs) * 10,  # s/100k -> us/request
            "bad": sum(r["bad"] for r in runs),
            "errors": "; ".join(r["errors"] for r in runs if r["errors"])}


def measure(servers, cases, rounds):
    """{case: {server: median}} over `rounds` alternating rounds."""
    runs = {case: {s.name: [] for s in servers} for case in cases}
    for _ in range(rounds):
        for case, run in cases.items():
            for server in servers:
                runs[case][server.name].append(run(server))
    return {case: {name: median_run(r) for name, r in by_server.items()} for case, by_server in runs.items()}


def report(title, results, protocols=None):
    print(f"\n{title}")
    for case, by_server in results.items():
        print(f"  {case}")
        for name, r in by_server.items():
            protocol = f" {protocols[name]:<8}" if protocols else ""
            flag = f"  ({r['bad']} failed or non-2xx!)" if r["bad"] else ""
            flag += f"  (socket errors: {r['errors']})" if r["errors"] else ""
            print(f"    {name:<24}{protocol}{r['rps']:>10.0f} req/s  p99 {r['p99_ms']:>7.2f} ms  "
                  f"{r['cpu_us']:>7.1f} us CPU a request{flag}")
        ours = by_server["netkit"]
        peers = {n: r for n, r in by_server.items() if n != "netkit"}
        best = max(peers, key=lambda n: peers[n]["rps"])
        leanest = min(peers, key=lambda n: peers[n]["cpu_us"])
        print(f"    netkit / best peer ({best}) {ours['rps'] / peers[best]['rps']:.2f}x req/s (target >= 1.0); "
              f"CPU a request / lowest peer's ({leanest}) {ours['cpu_us'] / peers[leanest]['cpu_us']:.2f}x "
              f"(target <= 1.0)")


def run_all(binary, root, work, rounds, seconds, big_file):
    """Every case above; returns nothing, prints as it goes."""
    certificates = mint_certificates(work)
    plain = start_servers(binary, root, work, None)
    try:
        churn = measure(plain, {"1 KiB, a new TCP connection per request (wrk -c64, Connection: close)":
                                lambda s: wrk_once(s, "/1k.bin", seconds, headers=["Connection: close"])},
                        rounds)
    finally:
        for s in plain:
            s.stop()
    report(f"Plain HTTP connection churn, median of {rounds} rounds", churn)
    for kind, tls in certificates.items():
        servers = start_servers(binary, root, work, tls)
        try:
            protocols = {s.name: protocol_of(s) for s in servers}
            cases = {
                "HTTPS keep-alive, 1 KiB (wrk -c64)":
                    lambda s: wrk_once(s, "/1k.bin", seconds, scheme="https"),
                "HTTPS keep-alive, 64 KiB (wrk -c64)":
                    lambda s: wrk_once(s, "/64k.bin", seconds, scheme="https"),
                "full handshakes, 1 KiB each (ab -c16)":
                    lambda s: ab_once(s, "/1k.bin", seconds),
                "resumed handshakes, 1 KiB each (wrk -c16, Connection: close)":
                    lambda s: wrk_once(s, "/1k.bin", seconds, scheme="https", connections=16,
                                       headers=["Connection: close"]),
            }
            results = measure(servers, cases, rounds)
            gib = {}
            if big_file and kind.startswith("ECDSA"):
                for _ in range(3):
                    for s in servers:
                        speed, size = curl_once(s, big_file, scheme="https", cacert=tls[0])
                        if size == 1 << 30:
                            gib[s.name] = max(gib.get(s.name, 0), speed)
        finally:
            for s in servers:
                s.stop()
        report(f"HTTPS with {kind}, median of {rounds} rounds", results, protocols)
        if gib:
            print("  1 GiB over HTTPS with curl, best of three: " +
                  ", ".join(f"{n} {v:.0f} MB/s" for n, v in gib.items()))
            best = max((v, n) for n, v in gib.items() if n != "netkit")
            print(f"    netkit / best peer ({best[1]}) {gib.get('netkit', 0) / best[0]:.2f}x MB/s (target >= 1.0)")
