#!/usr/bin/python3
"""robots.txt: netkit beside CPython 3.13's urllib.robotparser and google's
robotstxt (the reference parser of RFC 9309), on the same work, in one run:
parse a corpus of robots.txt files (the conformance files' bodies, 300
real-world-shaped ones generated from their rules, and one of 500 KiB),
then answer 1,000,000 can_fetch questions. Prints each side's time per
operation, the ratios, and checksums that show the same work was done:
the directives read (netkit = google), the allowed answers (netkit =
google under RFC 9309; netkit's Python mode = CPython).

    compare.py ROBOTS_BENCH GOOGLE_ROBOTS_BENCH [ROUNDS]
"""
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile

CPYTHON = os.path.expanduser("~/.pyenv/versions/3.13.0/bin/python3")
CONFORMANCE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "conformance")
QUERIES = 1_000_000
# CPython and google's matcher (which parses the file again for every
# answer) take a part of the questions; times are per question.
SLOW_PART = 20

CPYTHON_SIDE = r'''
import sys, time, urllib.robotparser
mode, directory = sys.argv[1], sys.argv[2]
files = []
while True:
    try:
        with open(f"{directory}/{len(files):04d}.txt", encoding="utf-8", errors="surrogateescape") as f:
            files.append(f.read())
    except FileNotFoundError:
        break
if mode == "parse":
    rounds = int(sys.argv[3])
    start = time.perf_counter_ns()
    for _ in range(rounds):
        for text in files:
            urllib.robotparser.RobotFileParser().parse(text.splitlines())
    print(len(files) * rounds, time.perf_counter_ns() - start, 0)
else:
    parsers = []
    for text in files:
        p = urllib.robotparser.RobotFileParser()
        p.parse(text.splitlines())
        parsers.append(p)
    with open(sys.argv[3]) as f:
        queries = [line.rstrip("\n").split("\t") for line in f]
    queries = queries[:len(queries) // int(sys.argv[4])]
    allowed = 0
    start = time.perf_counter_ns()
    for index, agent, url in queries:
        allowed += parsers[int(index)].can_fetch(agent, url)
    print(len(queries), time.perf_counter_ns() - start, allowed)
'''

AGENTS = ["Googlebot", "Bingbot", "FooBot", "BarBot", "netkit", "*"]
SECTIONS = ["admin", "search", "private", "cart", "account", "api", "static", "images", "blog",
            "tmp", "cgi-bin", "wp-admin", "checkout", "login", "docs"]


def rule_path(rng):
    s = rng.choice(SECTIONS)
    return rng.choice([f"/{s}/", f"/{s}", f"/{s}/*.pdf$", f"/*/{s}/", f"/{s}?*", f"/{s}/*/edit",
                       f"/{s}/index.html", f"/{s}/%E3%83%84", "/*.php$", "/", "", f"/{s}/*sessionid="])


def generated_file(rng):
    lines = [f"# robots.txt for site {rng.randrange(10**6)}"]
    for _ in range(rng.randint(1, 5)):
        for agent in rng.sample(AGENTS, rng.randint(1, 2)):
            lines.append(f"User-agent: {agent}")
        for _ in range(rng.randint(3, 60)):
            lines.append(f"{rng.choice(['Disallow', 'Disallow', 'Allow'])}: {rule_path(rng)}")
        if rng.random() < 0.3:
            lines.append(f"Crawl-delay: {rng.randint(1, 10)}")
        lines.append("")
    lines.append(f"Sitemap: https://example.com/sitemap{rng.randrange(9)}.xml")
    return "\n".join(lines) + "\n"


def make_work(directory):
    rng = random.Random(20261206)
    bodies = []
    with open(os.path.join(CONFORMANCE, "robots_rfc9309_google.json")) as f:
        bodies += [c["robots_txt"] for c in json.load(f)["cases"] if c.get("robots_txt")]
    with open(os.path.join(CONFORMANCE, "robots_cpython.json")) as f:
        bodies += [c["robots_txt"] for c in json.load(f)["cases"] if c["robots_txt"]]
    bodies = list(dict.fromkeys(bodies))
    bodies += [generated_file(rng) for _ in range(300)]
    # Just under 500 KiB: google reads past the limit that netkit keeps to.
    big, size = ["User-agent: *"], 14
    while size < 500 * 1024 - 200:
        big.append(f"Disallow: {rule_path(rng)}{rng.randrange(10**6)}")
        size += len(big[-1]) + 1
    bodies.append("\n".join(big) + "\n")
    for i, body in enumerate(bodies):
        with open(os.path.join(directory, f"{i:04d}.txt"), "w", encoding="utf-8") as f:
            f.write(body)
    queries = os.path.join(directory, "queries.txt")
    with open(queries, "w") as f:
        for _ in range(QUERIES):
            # The 500 KiB file is asked about rarely, as a crawler would.
            index = len(bodies) - 1 if rng.random() < 0.0005 else rng.randrange(len(bodies) - 1)
            s = rng.choice(SECTIONS)
            path = rng.choice([f"/{s}/", f"/{s}/page{rng.randrange(99)}.html", f"/{s}/x/edit",
                               f"/{s}/file.pdf", f"/{s}?q=1", "/", f"/{s}/index.html", "/a.php"])
            f.write(f"{index}\t{rng.choice(AGENTS[:-1])}\thttps://example.com{path}\n")
    return len(bodies), queries


def run(command):
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    return int(out[1]) / int(out[0]), int(out[2])


def main():
    netkit, google = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5  # (medians of 5: timings on a shared machine move)
    if not os.path.exists(CPYTHON):
        sys.exit(f"CPython 3.13 not found at {CPYTHON}: the comparison cannot run")
    with tempfile.TemporaryDirectory() as tmp:
        files, queries = make_work(tmp)
        side = os.path.join(tmp, "cpython_side.py")
        with open(side, "w") as f:
            f.write(CPYTHON_SIDE)
        print(f"robots.txt: {files} files (one of 500 KiB), {QUERIES:,} questions "
              f"({rounds} rounds, median; CPython and google answer 1/{SLOW_PART} of them)")
        sides = {"netkit": [], "google": [], "CPython": []}
        sums = {}
        for _ in range(rounds):
            for name, command in (("netkit", [netkit, "parse", tmp, "20"]),
                                  ("google", [google, "parse", tmp, "20"]),
                                  ("CPython", [CPYTHON, side, "parse", tmp, "2"])):
                ns, sums[name] = run(command)
                sides[name].append(ns)
        n, g, c = (statistics.median(sides[k]) for k in ("netkit", "google", "CPython"))
        print(f"  parse a file        netkit {n / 1000:9.2f} us   google {g / 1000:9.2f} us   "
              f"CPython {c / 1000:9.2f} us   {g / n:6.2f}x google  {c / n:7.1f}x CPython   "
              f"(directives: netkit {sums['netkit']}, google {sums['google']})")
        sides = {"netkit": [], "google": [], "CPython": [], "netkit/py": []}
        for _ in range(rounds):
            for name, command in (("netkit", [netkit, "match", tmp, queries]),
                                  ("google", [google, "match", tmp, queries, str(SLOW_PART)]),
                                  ("CPython", [CPYTHON, side, "match", tmp, queries, str(SLOW_PART)]),
                                  ("netkit/py", [netkit, "match", tmp, queries, "python", str(SLOW_PART)])):
                ns, sums[name] = run(command)
                sides[name].append(ns)
        _, sums["netkit part"] = run([netkit, "match", tmp, queries, "rfc9309", str(SLOW_PART)])
        n, g, c, p = (statistics.median(sides[k]) for k in ("netkit", "google", "CPython", "netkit/py"))
        print(f"  can_fetch           netkit {n / 1000:9.3f} us   google {g / 1000:9.3f} us   "
              f"CPython {c / 1000:9.3f} us   {g / n:6.1f}x google  {c / n:7.1f}x CPython")
        print(f"  can_fetch, Python's rules: netkit/py {p / 1000:.3f} us, {c / p:.1f}x CPython")
        print(f"  (allowed, of the first {QUERIES // SLOW_PART:,}: netkit {sums['netkit part']}, google "
              f"{sums['google']}; netkit/py {sums['netkit/py']}, CPython {sums['CPython']})")


if __name__ == "__main__":
    main()
