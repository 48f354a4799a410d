"""A soak: mixed load on `netkit serve` (1 KiB and 64 KiB files, ranges,
404s, uploads, HTTPS, keep-alive and not) and on the client (`netkit fetch`
in a loop against nginx) for SOAK_SECONDS (30 in `make test`; `make soak`
runs 600). Holds: no request fails, each server's memory ends within 10% of
what it was once warm (after the first sixth of the run, at most a minute),
and its sockets and pipes are back to where they started."""
import http.client
import os
import ssl
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import (NETKIT, SANITIZED, WithFiles, assert_descriptors_given_back, rss_kib, run,  # noqa: E402
                            self_signed, serve, sockets_and_pipes, start_nginx)

SECONDS = float(os.environ.get("SOAK_SECONDS", "30"))


class SoakTest(WithFiles):
    maxDiff = None

    def test_mixed_load(self):
        small, large = os.urandom(1024), os.urandom(64 * 1024)
        for name, body in (("1k.bin", small), ("64k.bin", large)):
            with open(os.path.join(self.root, name), "wb") as f:
                f.write(body)
        os.mkdir(os.path.join(self.root, "up"))
        cert, key = self_signed(self.root, "127.0.0.1")
        plain, plain_port = serve(self, self.root, "-q", "--upload", "--overwrite")
        tls, tls_port = serve(self, self.root, "-q", "--tls-cert", cert, "--tls-key", key)
        nginx_root = os.path.join(self.root, "nginx")
        os.mkdir(nginx_root)
        os.chmod(self.root, 0o755)  # nginx's worker (nobody) passes through it
        with open(os.path.join(nginx_root, "64k.bin"), "wb") as f:
            f.write(large)
        nginx_port, _ = start_nginx(self, nginx_root)
        servers = {"plain": plain.proc.pid, "tls": tls.proc.pid}
        ports = {"plain": plain_port, "tls": tls_port}
        start_fds = {name: sockets_and_pipes(pid) for name, pid in servers.items()}
        context = ssl.create_default_context(cafile=cert)

        deadline = time.monotonic() + SECONDS
        failures, counts = [], {}
        lock = threading.Lock()

        def note(kind, ok, what=""):
            with lock:
                counts[kind] = counts.get(kind, 0) + 1
                if not ok and len(failures) < 20:
                    failures.append(f"{kind}: {what}")

        def exchange(c, method, path, body=None, headers=None):
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, r.read()

        def keep_alive(kind, make):
            c = make()
            i = 0
            while time.monotonic() < deadline:
                i += 1
                try:
                    step = i % 4
                    if step == 0:
                        got = exchange(c, "GET", "/1k.bin")
                        note(kind, got == (200, small), got[0])
                    elif step == 1:
                        got = exchange(c, "GET", "/64k.bin")
                        note(kind, got == (200, large), got[0])
                    elif step == 2:
                        got = exchange(c, "GET", "/64k.bin", headers={"Range": "bytes=100-1123"})
                        note(kind, got == (206, large[100:1124]), got[0])
                    else:
                        got = exchange(c, "GET", "/missing-%d" % i)
                        note(kind, got[0] == 404, got[0])
                except (OSError, http.client.HTTPException) as e:
                    note(kind, False, repr(e))
                    c.close()
                    c = make()
            c.close()

        def one_per_connection():
            while time.monotonic() < deadline:
                c = http.client.HTTPConnection("127.0.0.1", plain_port, timeout=10)
                try:
                    got = exchange(c, "GET", "/1k.bin", headers={"Connection": "close"})
                    note("new connection", got == (200, small), got[0])
                except (OSError, http.client.HTTPException) as e:
                    note("new connection", False, repr(e))
                finally:
                    c.close()

        def uploads():
            c = http.client.HTTPConnection("127.0.0.1", plain_port, timeout=10)
            i = 0
            while time.monotonic() < deadline:
                i += 1
                body = os.urandom(1000 + i % 50_000)
                try:
                    got = exchange(c, "PUT", f"/up/file-{i % 8}.bin", body=body)
                    ok = got[0] in (200, 201)
                    if ok:
                        ok = exchange(c, "GET", f"/up/file-{i % 8}.bin") == (200, body)
                    note("upload", ok, got[0])
                except (OSError, http.client.HTTPException) as e:
                    note("upload", False, repr(e))
                    c.close()
                    c = http.client.HTTPConnection("127.0.0.1", plain_port, timeout=10)
            c.close()

        def fetches():
            while time.monotonic() < deadline:
                code, out, err = run([NETKIT, "fetch", "-s", "-f", f"http://127.0.0.1:{nginx_port}/64k.bin"])
                note("netkit fetch from nginx", code == 0 and out == large, err or code)

        workers = [
            threading.Thread(target=keep_alive, args=("keep-alive", lambda: http.client.HTTPConnection(
                "127.0.0.1", plain_port, timeout=10))),
            threading.Thread(target=keep_alive, args=("https keep-alive", lambda: http.client.HTTPSConnection(
                "127.0.0.1", tls_port, timeout=10, context=context))),
            threading.Thread(target=one_per_connection),
            threading.Thread(target=uploads),
            threading.Thread(target=fetches),
        ]
        for w in workers:
            w.start()
        # Memory once warm: after a sixth of the run (at most a minute).
        time.sleep(min(SECONDS / 6, 60))
        warm = {name: rss_kib(pid) for name, pid in servers.items()}
        peak = dict(warm)
        while time.monotonic() < deadline:
            time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            for name, pid in servers.items():
                peak[name] = max(peak[name], rss_kib(pid))
        for w in workers:
            w.join(timeout=60)
        self.assertFalse(any(w.is_alive() for w in workers), "a load worker hung")
        end = {name: rss_kib(pid) for name, pid in servers.items()}
        print(f"soak {SECONDS:.0f} s: {counts}; RSS warm {warm} KiB, peak {peak}, end {end}", file=sys.stderr)
        self.assertEqual(failures, [])
        for kind in ("keep-alive", "https keep-alive", "new connection", "upload", "netkit fetch from nginx"):
            self.assertGreater(counts.get(kind, 0), 0, kind)
        if not SANITIZED:  # (ASan's quarantine holds freed memory: RSS says nothing there)
            for name in servers:
                self.assertLessEqual(end[name], warm[name] * 1.10 + 1024,
                                     f"{name}: RSS grew from {warm[name]} to {end[name]} KiB")
        # Every connection closed: the descriptors come back.
        for name, pid in servers.items():
            assert_descriptors_given_back(self, pid, start_fds[name], ports[name], what=f"{name}: ")


if __name__ == "__main__":
    unittest.main()
