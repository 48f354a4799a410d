"""Runs a Google Benchmark binary pinned to one core and keeps, for each
benchmark, its best repetition: on a shared machine the slow runs measure the
neighbours, not the code."""
import json
import subprocess


def best_runs(binary, core="1", repetitions=10, key="items_per_second"):
    out = subprocess.run(["taskset", "-c", core, binary, "--benchmark_format=json",
                          "--benchmark_min_time=0.5", f"--benchmark_repetitions={repetitions}"],
                         check=True, capture_output=True, text=True)
    best = {}
    for b in json.loads(out.stdout)["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        if b["name"] not in best or b[key] > best[b["name"]][key]:
            best[b["name"]] = b
    return best
