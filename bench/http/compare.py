"""Runs bench/http side by side with Node's classic http_parser and prints
the ratios: throughput in MB/s on requests and on responses, and heap
allocations per parsed message. Pinned to one core; every contender is
credited with its best of ten runs.

    compare.py HTTP_PARSER_BENCH
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from best_of import best_runs  # noqa: E402

bench = sys.argv[1]
core = os.environ.get("BENCH_CORE", "1")
best = best_runs(bench, core, key="bytes_per_second")

print(f"{'':26} {'MB/s':>10} {'messages/s':>14} {'allocs/message':>16}")
for name in ["netkit_requests", "http_parser_requests", "netkit_responses", "http_parser_responses"]:
    b = best[name]
    print(f"{name:26} {b['bytes_per_second'] / 1e6:10,.0f} {b['items_per_second']:14,.0f} "
          f"{b['allocs_per_message']:16.6f}")
print()
for kind in ["requests", "responses"]:
    ratio = best[f"netkit_{kind}"]["bytes_per_second"] / best[f"http_parser_{kind}"]["bytes_per_second"]
    print(f"netkit / http_parser on {kind}: {ratio:5.2f}x  (target >= 2.5x)")
print(f"netkit allocations per message: {max(best['netkit_requests']['allocs_per_message'], best['netkit_responses']['allocs_per_message']):.6f}  (target 0)")
