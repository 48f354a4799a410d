#!/usr/bin/python3
"""XML-RPC: netkit beside xmlrpc-c and CPython 3.13, in one run.

Servers: netkit's (tests/peers/xmlrpc_test_server.cpp), one made with
xmlrpc-c's Abyss server (tests/peers/xmlrpc_c_server.cpp) and Python's
SimpleXMLRPCServer (tests/peers/xmlrpc_reference.py), each on core 1 and
driven by netkit's client on core 0, 16 calls at a time over keep-alive
connections (Python's server one at a time: it serves one call at a time,
closes the connection after each (HTTP/1.0, as it ships), and its listen
backlog of 5 refuses more): calls per second for add(2, 3) and for
count() of a 1,000-element array of structs, and each server's CPU time a
call (from /proc), which says more than the rate when the client is the
bottleneck.

Codec: reading and writing that array call, by netkit, by xmlrpc-c's C
library and by CPython 3.13's xmlrpc.client (expat underneath); and the
floor under every expat-based reader: expat parsing that call with no
handler at all, set against the time a call may take for a server 30
times as fast as Python's.

    compare.py BENCH_DIR [ROUNDS]   (BENCH_DIR: the build with the bench targets)
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "..", "..", "tests", "peers")
CPYTHON = os.path.expanduser("~/.pyenv/versions/3.13.0/bin/python3")
CALLS = {"small": (40000, 4000), "array": (800, 160)}  # (netkit and xmlrpc-c, Python)

CPYTHON_CODEC = r'''
import sys, time, xmlrpc.client as xc
mode, path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(path, "rb").read()
params, method = xc.loads(data)
start = time.perf_counter_ns()
check = 0
for _ in range(rounds):
    if mode == "loads":
        check += len(xc.loads(data)[0])
    else:
        check += len(xc.dumps(params, method))
print(rounds, time.perf_counter_ns() - start, check)
'''


def pinned(core, args):
    return ["taskset", "-c", str(core), *args]


def start_server(args):
    process = subprocess.Popen(pinned(1, args), stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line.startswith("listening "):
        process.kill()
        sys.exit(f"{args[0]} did not start: {line!r}")
    return process, int(line.split()[1])


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(command):
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600).stdout.split()
    return int(out[0]), int(out[1]), int(out[2])


def array_call(directory):
    """The array call, as CPython writes it."""
    script = ("import xmlrpc.client as xc, sys\n"
              "records = [{'id': i, 'name': 'record %d' % i, 'score': i * 0.5, 'active': i % 2 == 0}"
              " for i in range(1000)]\n"
              "sys.stdout.write(xc.dumps((records,), 'count'))\n")
    path = os.path.join(directory, "array_call.xml")
    with open(path, "w") as f:
        f.write(subprocess.run([CPYTHON, "-c", script], capture_output=True, text=True,
                               check=True).stdout)
    return path


def main():
    bench = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    if not os.path.exists(CPYTHON):
        sys.exit(f"CPython 3.13 not found at {CPYTHON}: the comparison cannot run")
    client = os.path.join(bench, "bench", "xmlrpc_bench")
    servers = {
        "netkit": [os.path.join(bench, "bench", "xmlrpc_bench_server")],
        "xmlrpc-c": [os.path.join(bench, "bench", "xmlrpc_c_bench_server")],
        "Python": [CPYTHON, os.path.join(PEERS, "xmlrpc_reference.py")],
    }
    print(f"XML-RPC: netkit's client on core 0 over keep-alive, each server on core 1 "
          f"(median of {rounds} rounds)")
    python_rate = {}
    for shape, label in (("small", "add(2, 3)"), ("array", "count(1,000 structs)")):
        rates = {name: [] for name in servers}
        cpu = {name: [] for name in servers}
        for _ in range(rounds):
            for name, args in servers.items():
                process, port = start_server(args)
                try:
                    count = CALLS[shape][1 if name == "Python" else 0]
                    callers = "1" if name == "Python" else "16"
                    before = cpu_seconds(process.pid)
                    calls, ns, check = measure(pinned(0, [client, "calls", f"http://127.0.0.1:{port}/RPC2",
                                                          shape, str(count), callers]))
                    cpu[name].append((cpu_seconds(process.pid) - before) / calls * 1e6)
                    expected = 5 * calls if shape == "small" else 1000 * calls
                    if check != expected:
                        sys.exit(f"{name}: wrong answers ({check}, not {expected})")
                    rates[name].append(calls / (ns / 1e9))
                finally:
                    process.kill()
                    process.wait()
                time.sleep(0.2)
        r = {name: statistics.median(v) for name, v in rates.items()}
        c = {name: statistics.median(v) for name, v in cpu.items()}
        python_rate[shape] = r["Python"]
        best = max(r["xmlrpc-c"], r["Python"])
        print(f"  {label:22} netkit {r['netkit']:7.0f}/s  xmlrpc-c {r['xmlrpc-c']:7.0f}/s  "
              f"Python {r['Python']:6.0f}/s   {r['netkit'] / best:5.2f}x best peer  "
              f"{r['netkit'] / r['Python']:6.1f}x Python")
        print(f"  {'':22} server CPU a call: netkit {c['netkit']:.0f} us, xmlrpc-c "
              f"{c['xmlrpc-c']:.0f} us, Python {c['Python']:.0f} us")
    with tempfile.TemporaryDirectory() as tmp:
        path = array_call(tmp)
        size = os.path.getsize(path)
        print(f"Codec: the array call ({size:,} bytes of XML), read and written (median of {rounds})")
        codec_rounds = {"netkit": 400, "xmlrpc-c": 400, "Python": 40}
        for mode in ("loads", "dumps"):
            times = {name: [] for name in codec_rounds}
            for _ in range(rounds):
                for name, n in codec_rounds.items():
                    command = {"netkit": [os.path.join(bench, "bench", "xmlrpc_bench"), mode, path, str(n)],
                               "xmlrpc-c": [os.path.join(bench, "bench", "xmlrpc_c_codec"), mode, path, str(n)],
                               "Python": [CPYTHON, "-c", CPYTHON_CODEC, mode, path, str(n)]}[name]
                    ops, ns, _ = measure(pinned(0, command))
                    times[name].append(ns / ops / 1000)
            t = {name: statistics.median(v) for name, v in times.items()}
            print(f"  {mode:6} netkit {t['netkit']:8.1f} us  xmlrpc-c {t['xmlrpc-c']:8.1f} us  "
                  f"Python {t['Python']:9.1f} us   {t['xmlrpc-c'] / t['netkit']:5.2f}x xmlrpc-c  "
                  f"{t['Python'] / t['netkit']:6.1f}x Python  ({size / t['netkit']:.0f} MB/s)")
        floor = []
        for _ in range(rounds):
            ops, ns, _ = measure(pinned(0, [os.path.join(bench, "bench", "xmlrpc_bench"), "expat", path, "400"]))
            floor.append(ns / ops / 1000)
        expat = statistics.median(floor)
        budget = 1e6 / (30 * python_rate["array"])
        print(f"  expat alone, no handler: {expat:8.1f} us ({size / expat:.0f} MB/s); a server 30x Python's "
              f"has {budget:.1f} us a call ({expat / budget:.2f}x that in expat alone)")


if __name__ == "__main__":
    main()
