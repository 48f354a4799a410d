"""netkit url --batch against CPython 3.13's urllib.parse on generated inputs.

Run with CPython 3.13 (the reference the conformance data was recorded
with): it answers each request with urllib.parse itself, feeds the same
requests to `netkit url --batch`, and requires the same answer for every one.
"""
import json
import os
import subprocess
import sys
import unittest
import urllib.parse as up

sys.path.insert(0, os.path.dirname(__file__))
import url_cases  # noqa: E402

NETKIT = os.environ.get("NETKIT", "netkit")
COUNT = int(os.environ.get("NETKIT_DIFFERENTIAL_COUNT", "100000"))
SEED = int(os.environ.get("NETKIT_DIFFERENTIAL_SEED", "20261128"))


def reference(req):
    """What CPython answers, in the batch protocol's shape."""
    op = req[0]
    try:
        if op == "split":
            r = up.urlsplit(req[1])
            try:
                port = r.port
            except ValueError as e:  # urlsplit succeeded: only .port raises
                port = {"error": str(e)}
            return {"scheme": r.scheme, "netloc": r.netloc, "path": r.path, "query": r.query,
                    "fragment": r.fragment, "username": r.username, "password": r.password,
                    "hostname": r.hostname, "port": port}
        if op == "join":
            return up.urljoin(req[1], req[2])
        if op == "quote":
            return up.quote(req[1], req[2])
        if op == "quote_plus":
            return up.quote_plus(req[1], req[2])
        if op == "unquote":
            return up.unquote(req[1])
        if op == "unquote_plus":
            return up.unquote_plus(req[1])
        if op == "parse_qsl":
            return [list(p) for p in up.parse_qsl(req[1], keep_blank_values=req[2])]
        if op == "urlencode":
            return up.urlencode([tuple(p) for p in req[1]])
    except ValueError as e:
        return {"error": str(e)}
    raise AssertionError(f"unknown op {op}")


class UrlDifferentialTest(unittest.TestCase):
    def test_netkit_answers_as_cpython_does(self):
        self.assertEqual(sys.version_info[:2], (3, 13), "the reference is CPython 3.13")
        requests = url_cases.requests(COUNT, SEED)
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests)
        done = subprocess.run([NETKIT, "url", "--batch"], input=lines.encode("utf-8"),
                              capture_output=True, timeout=600)
        self.assertEqual(done.returncode, 0, done.stderr.decode(errors="replace"))
        answers = done.stdout.decode("utf-8").splitlines()
        self.assertEqual(len(answers), len(requests), "one answer per request")
        differences = []
        for req, answer in zip(requests, answers):
            expected = reference(req)
            got = json.loads(answer)
            if got != expected:
                differences.append((req, expected, got))
        kinds = {}
        for req, _, _ in differences:
            kinds[req[0]] = kinds.get(req[0], 0) + 1
        report = "\n".join(f"  {json.dumps(r, ensure_ascii=False)}\n    cpython: "
                           f"{json.dumps(e, ensure_ascii=False)}\n    netkit:  "
                           f"{json.dumps(g, ensure_ascii=False)}" for r, e, g in differences[:15])
        self.assertEqual(len(differences), 0,
                         f"{len(differences)} of {len(requests)} answers differ {kinds}:\n{report}")
        print(f"{len(requests)} requests, 0 differences", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
