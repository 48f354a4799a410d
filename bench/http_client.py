#!/usr/bin/python3
"""netkit fetch beside curl and Python's http.client, against nginx on loopback.

(a) 2,000 GETs of a 1 KiB file over keep-alive: `netkit fetch` with 2,000 URLs
in one call, curl with a URL glob in one call, Python's http.client in a loop
(start-up included for all three); (b) a 1 GiB download to /dev/null by netkit
and by curl (best of three), with each one's peak RSS; (c) the same 1 GiB read
through sync::urlopen (bench/urlopen/urlopen_read.cpp) with read(65536), which
returns a new string each time, and with readinto() of one 64 KiB buffer, beside
netkit fetch, and through CPython's urlopen (read(65536)) for scale; (d) (a)
and (b) over HTTPS, netkit fetch beside curl.

Usage: bench/http_client.py NETKIT_BINARY [URLOPEN_READ_BINARY]
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "http"))
import servers  # noqa: E402  (nginx on loopback, as the server benchmark starts it)
from tls_cases import mint_certificates  # noqa: E402

PYTHON_URLOPEN = """
import sys, urllib.request
r = urllib.request.urlopen(sys.argv[1])
while r.read(65536):
    pass
"""

PYTHON_LOOP = """
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    c.request("GET", "/1k.bin")
    c.getresponse().read()
"""


def timed(argv, **kwargs):
    started = time.monotonic()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def download(argv):
    """(MB/s, peak RSS in MiB) of a download written to /dev/null."""
    started = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {done.stderr.decode()[-500:]}")
    rss_kib = int(done.stderr.decode().strip().splitlines()[-1])
    return (1 << 30) / elapsed / 1e6, rss_kib / 1024


def main():
    netkit = os.path.abspath(sys.argv[1])
    urlopen_read = os.path.abspath(sys.argv[2] if len(sys.argv) > 2
                                   else os.path.join(os.path.dirname(netkit), "bench", "urlopen_read"))
    count = 2000
    work = tempfile.mkdtemp(prefix="netkit-client-bench-")
    os.chmod(work, 0o755)
    root = os.path.join(work, "www")
    os.mkdir(root)
    with open(os.path.join(root, "1k.bin"), "wb") as f:
        f.write(os.urandom(1024))
    with open(os.path.join(root, "1g.bin"), "wb") as f:
        block = os.urandom(1 << 20)
        for _ in range(1024):
            f.write(block)
    server = servers.nginx(root, work, "open_file_cache")
    try:
        url = f"http://127.0.0.1:{server.port}/1k.bin"
        # (a) small GETs over keep-alive, best of three runs each.
        ours = min(timed([netkit, "fetch", "-s", *([url] * count)]) for _ in range(3))
        curl = min(timed(["curl", "-s", f"{url}?[1-{count}]"]) for _ in range(3))
        python = min(timed(["/usr/bin/python3", "-c", PYTHON_LOOP, str(server.port), str(count)])
                     for _ in range(3))
        big = f"http://127.0.0.1:{server.port}/1g.bin"
        ours_big = max(download([netkit, "fetch", "-s", big]) for _ in range(3))
        curl_big = max(download(["curl", "-s", big]) for _ in range(3))
        # (c) alternating, so that both meet the same machine.
        fetch_runs, urlopen_runs, into_runs = [], [], []
        for _ in range(3):
            fetch_runs.append(download([netkit, "fetch", "-s", big]))
            urlopen_runs.append(download([urlopen_read, big, "65536"]))
            into_runs.append(download([urlopen_read, big, "65536", "into"]))
        python_urlopen = download(["/usr/bin/python3", "-c", PYTHON_URLOPEN, big])
    finally:
        server.stop()
    # (d) the same over HTTPS (ECDSA P-256, TLS 1.3).
    cert, key = mint_certificates(work)["ECDSA P-256"]
    server = servers.nginx(root, work, "open_file_cache", (cert, key))
    try:
        url = f"https://localhost:{server.port}/1k.bin"
        tls_runs = {"netkit": [], "curl": []}
        for _ in range(3):
            tls_runs["netkit"].append(timed([netkit, "fetch", "-s", "--cacert", cert, *([url] * count)]))
            tls_runs["curl"].append(timed(["curl", "-s", "--cacert", cert, f"{url}?[1-{count}]"]))
        big = f"https://localhost:{server.port}/1g.bin"
        tls_big = {"netkit": [], "curl": []}
        for _ in range(3):
            tls_big["netkit"].append(download([netkit, "fetch", "-s", "--cacert", cert, big]))
            tls_big["curl"].append(download(["curl", "-s", "--cacert", cert, big]))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)

    print(f"(a) {count} GETs of 1 KiB over keep-alive (start-up included), best of three")
    for name, seconds in (("netkit fetch", ours), ("curl (URL glob)", curl), ("python http.client", python)):
        print(f"  {name:<22}{seconds * 1000:8.0f} ms  {count / seconds:8.0f} requests/s")
    print(f"  netkit / curl {curl / ours:.2f}x, netkit / python {python / ours:.2f}x  (targets >= 1.8)")
    print("(b) 1 GiB to /dev/null, best of three")
    print(f"  netkit fetch  {ours_big[0]:8.0f} MB/s  peak RSS {ours_big[1]:5.1f} MiB")
    print(f"  curl          {curl_big[0]:8.0f} MB/s  peak RSS {curl_big[1]:5.1f} MiB")
    print(f"  netkit / curl {ours_big[0] / curl_big[0]:.2f}x  (target >= 1.0, RSS < 16 MiB)")
    fetch_best, urlopen_best, into_best = max(fetch_runs), max(urlopen_runs), max(into_runs)
    print("(c) 1 GiB through urlopen in 64 KiB reads, best of three, alternating with fetch")
    print(f"  urlopen readinto  {into_best[0]:8.0f} MB/s  peak RSS {into_best[1]:5.1f} MiB")
    print(f"  urlopen read      {urlopen_best[0]:8.0f} MB/s  peak RSS {urlopen_best[1]:5.1f} MiB")
    print(f"  netkit fetch      {fetch_best[0]:8.0f} MB/s  peak RSS {fetch_best[1]:5.1f} MiB")
    print(f"  python urlopen    {python_urlopen[0]:8.0f} MB/s  peak RSS {python_urlopen[1]:5.1f} MiB")
    print(f"  readinto / fetch {into_best[0] / fetch_best[0]:.2f}x, read / fetch "
          f"{urlopen_best[0] / fetch_best[0]:.2f}x  (target >= 0.9, RSS < 16 MiB)")
    print("(d) over HTTPS from nginx (TLS 1.3, ECDSA P-256), best of three, alternating")
    ours, curl = min(tls_runs["netkit"]), min(tls_runs["curl"])
    print(f"  {count} GETs of 1 KiB: netkit fetch {count / ours:6.0f} requests/s, curl {count / curl:6.0f}: "
          f"netkit / curl {curl / ours:.2f}x  (target >= 1.5)")
    ours_big, curl_big = max(tls_big["netkit"]), max(tls_big["curl"])
    print(f"  1 GiB: netkit fetch {ours_big[0]:6.0f} MB/s (peak RSS {ours_big[1]:4.1f} MiB), curl "
          f"{curl_big[0]:6.0f} MB/s ({curl_big[1]:4.1f} MiB): netkit / curl {ours_big[0] / curl_big[0]:.2f}x  "
          f"(target >= 1.0, RSS < 16 MiB)")


if __name__ == "__main__":
    main()
