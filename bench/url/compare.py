"""Runs bench/url side by side with CPython and prints the ratios.

    compare.py URL_BENCH [CPYTHON]

netkit, Boost.URL and uriparser are measured by the Google Benchmark binary
in one run; CPython 3.13's urlsplit and urljoin are timed here over the very
same corpus (the binary writes it out). Everything is pinned to one core, and
every contender is credited with its best run (of ten for the binary, of five
for CPython, whose runs vary less).
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from best_of import best_runs  # noqa: E402

bench = sys.argv[1]
cpython = sys.argv[2] if len(sys.argv) > 2 else os.path.expanduser("~/.pyenv/versions/3.13.0/bin/python3")
core = os.environ.get("BENCH_CORE", "1")

CPYTHON_TIMER = r"""
import sys, time, urllib.parse as up
urls, refs = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    u, r = line.rstrip("\n").split("\t")
    urls.append(u); refs.append(r)
def rate(fn):
    best = 0.0
    for _ in range(5):
        up.clear_cache()   # urlsplit memoizes; time the parsing, not the cache
        start = time.perf_counter()
        fn()
        best = max(best, len(urls) / (time.perf_counter() - start))
    return best
split = rate(lambda: [up.urlsplit(u) for u in urls])
join = rate(lambda: [up.urljoin(u, r) for u, r in zip(urls, refs)])
print(split, join)
"""

with tempfile.TemporaryDirectory() as tmp:
    corpus = os.path.join(tmp, "corpus.tsv")
    subprocess.run([bench, "--dump-corpus", corpus], check=True)
    results = best_runs(bench, core)
    timer = os.path.join(tmp, "timer.py")
    with open(timer, "w") as f:
        f.write(CPYTHON_TIMER)
    py = subprocess.run(["taskset", "-c", core, cpython, timer, corpus], check=True,
                        capture_output=True, text=True)
    cpython_split, cpython_join = map(float, py.stdout.split())


def rate(name):
    return results[name]["items_per_second"]


rows = [
    ("netkit urlsplit (Python rules)", rate("netkit_urlsplit")),
    ("netkit strict RFC 3986 parse", rate("netkit_strict_parse")),
    ("Boost.URL parse_uri_reference", rate("boost_url_parse")),
    ("uriparser uriParseSingleUriExA", rate("uriparser_parse")),
    ("CPython 3.13 urlsplit", cpython_split),
    ("netkit urljoin (Python rules)", rate("netkit_urljoin")),
    ("netkit strict resolve", rate("netkit_strict_resolve")),
    ("Boost.URL resolve", rate("boost_url_resolve")),
    ("CPython 3.13 urljoin", cpython_join),
]
print(f"{'':34} {'URLs/s':>14}")
for name, r in rows:
    print(f"{name:34} {r:14,.0f}")
print()
split = rate("netkit_urlsplit")
strict = rate("netkit_strict_parse")
print(f"netkit urlsplit / Boost.URL parse:   {split / rate('boost_url_parse'):6.2f}x  (target >= 1.0x)")
print(f"netkit strict parse / Boost.URL:     {strict / rate('boost_url_parse'):6.2f}x")
print(f"netkit urlsplit / uriparser:         {split / rate('uriparser_parse'):6.2f}x")
print(f"netkit urlsplit / CPython urlsplit:  {split / cpython_split:6.2f}x  (target >= 50x)")
print(f"netkit urljoin / CPython urljoin:    {rate('netkit_urljoin') / cpython_join:6.2f}x")
print(f"netkit strict resolve / Boost.URL:   {rate('netkit_strict_resolve') / rate('boost_url_resolve'):6.2f}x")
print(f"allocations per urlsplit call:       {results['netkit_urlsplit']['allocs_per_url']:.6f}  (target 0)")
