#!/usr/bin/python3
"""The cookie jar beside CPython 3.13's http.cookiejar, on the same work:
(a) parse and store 100,000 Set-Cookie headers across 1,000 domains;
(b) build the Cookie header for 100,000 requests against a jar of 3,000
cookies (the one (a) leaves). Prints each side's time per operation, the
ratio, and a checksum each side computes (the jar's size, the headers'
total length) so that a reader can see they did the same work.

    compare.py COOKIE_BENCH [ROUNDS]
"""
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

CPYTHON = os.path.expanduser("~/.pyenv/versions/3.13.0/bin/python3")
SITES, HEADERS, REQUESTS = 1000, 100_000, 100_000
# CPython scans every domain of its jar for each request (about 10 ms each
# here): it builds the headers of a tenth of the requests, and its time per
# request is compared (the checksum is then a tenth of netkit's).
CPYTHON_PART = 10

# CPython's side, run by CPython 3.13 itself with the work file as argv[2].
CPYTHON_SIDE = r'''
import email.message, http.cookiejar, sys, time, urllib.request
mode, path = sys.argv[1], sys.argv[2]
stores, urls = [], []
with open(path) as f:
    target = stores
    for line in f:
        line = line.rstrip("\n")
        if line == "--":
            target = urls
            continue
        target.append(line.split("\t", 1))
class Response:
    def __init__(self, value):
        self.m = email.message.Message()
        self.m["Set-Cookie"] = value
    def info(self):
        return self.m
jar = http.cookiejar.CookieJar()
def store_all():
    for url, value in stores:
        jar.extract_cookies(Response(value), urllib.request.Request(url))
if mode == "store":
    start = time.perf_counter_ns(); store_all(); ns = time.perf_counter_ns() - start
    print(len(stores), ns, len(jar))
else:
    store_all()
    total = 0
    start = time.perf_counter_ns()
    urls = urls[:len(urls) // int(sys.argv[3])]  # CPython takes milliseconds each: a part of them
    for (url,) in urls:
        request = urllib.request.Request(url)
        jar.add_cookie_header(request)
        total += len(request.get_header("Cookie", ""))
    ns = time.perf_counter_ns() - start
    print(len(urls), ns, total)
'''


def make_work(path):
    rng = random.Random(20261206)
    with open(path, "w") as f:
        for i in range(HEADERS):
            site = i % SITES
            # Three cookies a site (one for every host of it, two for
            # www only), set again and again: 3,000 in the jars at the end.
            k = rng.randrange(3)
            host = f"www.site{site}.example"
            if k == 0:
                value = f"c{k}=v{i}; Path=/; Domain=site{site}.example; Max-Age=86400"
            else:
                value = f"c{k}=v{i}; Path=/; Max-Age=86400; HttpOnly"
            f.write(f"https://{host}/login\t{value}\n")
        f.write("--\n")
        for i in range(REQUESTS):
            site = rng.randrange(SITES)
            f.write(f"https://www.site{site}.example/page/{i % 7}\n")


def run(command):
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    ops, ns, checksum = int(out[0]), int(out[1]), int(out[2])
    return ns / ops, checksum


def main():
    bench = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    if not os.path.exists(CPYTHON):
        sys.exit(f"CPython 3.13 not found at {CPYTHON}: the comparison cannot run")
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "work.txt")
        make_work(work)
        side = os.path.join(tmp, "cpython_side.py")
        with open(side, "w") as f:
            f.write(CPYTHON_SIDE)
        print(f"cookie jar: {HEADERS:,} Set-Cookie headers over {SITES:,} sites, then {REQUESTS:,} "
              f"Cookie headers ({rounds} rounds each, median)")
        print("  netkit: cookie::jar (RFC 6265bis); netkit/py: cookiejar::cookie_jar (Python's rules,")
        print("  whose checksums must equal CPython's); CPython 3.13: http.cookiejar")
        for mode, what in (("store", "(a) parse and store a Set-Cookie"), ("header", "(b) build a Cookie header")):
            part = str(CPYTHON_PART if mode == "header" else 1)
            netkit, python_rules, cpython = [], [], []
            for _ in range(rounds):
                ns, netkit_sum = run([bench, mode, work])
                netkit.append(ns)
                ns, python_rules_sum = run([bench, mode, work, "python", part])
                python_rules.append(ns)
                ns, cpython_sum = run([CPYTHON, side, mode, work, part])
                cpython.append(ns)
            n, p, c = (statistics.median(netkit), statistics.median(python_rules),
                       statistics.median(cpython))
            print(f"  {what:36} netkit {n / 1000:8.3f} us  netkit/py {p / 1000:8.3f} us  "
                  f"CPython 3.13 {c / 1000:9.3f} us   {c / n:7.1f}x  {c / p:7.1f}x   "
                  f"(checksums: netkit {netkit_sum}, netkit/py {python_rules_sum}, CPython {cpython_sum})")


if __name__ == "__main__":
    main()
