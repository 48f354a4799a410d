"""`netkit serve` against hostile input: path traversal (the public vector
lists, run against a live server with a secret beside the root), symbolic
links, malformed requests, slow and idle clients and the connection limit.
Throughout, other clients keep being served."""
import http.client
import json
import os
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import NetkitTestCase, raw_exchange, serve  # noqa: E402

CONFORMANCE = next(p for p in (os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared",
                                            "conformance"), "/work/shared/conformance")
                   if os.path.isdir(p))
SECRET = b"TOP-SECRET-5f1c0e"


class SafetyTestCase(NetkitTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.root = os.path.join(self.tmp.name, "root")
        os.makedirs(os.path.join(self.root, "sub", "deeper"))
        with open(os.path.join(self.root, "public.txt"), "wb") as f:
            f.write(b"public")
        # The secrets beside (and above) the root, under the names the vectors aim at.
        for name in ("secret.txt", "passwd", "win.ini", "boot.ini", "issue", "hosts"):
            with open(os.path.join(self.tmp.name, name), "wb") as f:
                f.write(SECRET)

    def tearDown(self):
        super().tearDown()
        self.tmp.cleanup()

    def get(self, port, path, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, body


class TraversalTest(SafetyTestCase):
    def vectors(self):
        with open(os.path.join(CONFORMANCE, "path_traversal_vectors.json")) as f:
            lists = json.load(f)["lists"]
        with open(os.path.join(CONFORMANCE, "path_traversal_dotdotpwn.json")) as f:
            dotdotpwn = json.load(f)["vectors"]
        out = []
        for vector in [v for vs in lists.values() for v in vs] + dotdotpwn:
            for target in ("secret.txt", "etc/passwd"):
                v = vector.replace("{FILE}", target)
                out.append(v if v.startswith("/") else "/" + v)
                if "{FILE}" not in vector:
                    break
        return out

    def test_no_vector_reaches_the_secret(self):
        _, port = serve(self, self.root, "-q")
        vectors = self.vectors()
        self.assertGreater(len(vectors), 20000)
        leaks, statuses = [], {}
        lock = threading.Lock()

        def worker(chunk):
            sock = None
            for vector in chunk:
                raw = vector.encode("utf-8", "surrogateescape")
                request = b"GET " + raw + b" HTTP/1.1\r\nHost: x\r\n\r\n"
                for attempt in range(2):
                    try:
                        if sock is None:
                            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                            reader = sock.makefile("rb")
                        sock.sendall(request)
                        status, body, keep = read_response(reader)
                        break
                    except (ConnectionError, OSError):
                        sock = None
                        if attempt:
                            raise
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if SECRET in body or b"root:x:0:0" in body:
                        leaks.append(vector)
                if not keep:
                    sock.close()
                    sock = None
            if sock:
                sock.close()

        threads = [threading.Thread(target=worker, args=(vectors[i::4],)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(leaks, [])
        self.assertEqual(sum(statuses.values()), len(vectors))
        # Every vector is refused (400 or 404) or lands inside the root (200 listing / 301).
        self.assertLessEqual(set(statuses), {200, 301, 400, 404}, statuses)
        self.assertEqual(self.get(port, "/public.txt"), (200, b"public"))

    def test_encoded_tricks_are_refused(self):
        _, port = serve(self, self.root, "-q")
        for path in ("/..%2fsecret.txt", "/%2e%2e/secret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
                     "/public.txt%00.html", "/..%5csecret.txt", "/%c0%ae%c0%ae/secret.txt",
                     "/sub%2fdeeper", "/%252e%252e/secret.txt", "/../secret.txt"):
            status, body = self.get(port, path)
            self.assertIn(status, (400, 404), path)
            self.assertNotIn(SECRET, body)
        self.assertEqual(raw_exchange(port, b"GET /..\\secret.txt HTTP/1.1\r\nHost: x\r\n\r\n")
                         .split(b" ")[1], b"404")
        # Dot segments that stay inside the root are fine, as in http.server.
        self.assertEqual(self.get(port, "/sub/../public.txt"), (200, b"public"))

    def test_symbolic_links_stay_inside_the_root(self):
        os.symlink(os.path.join(self.tmp.name, "secret.txt"), os.path.join(self.root, "abs-link"))
        os.symlink("../secret.txt", os.path.join(self.root, "rel-link"))
        os.symlink("../..", os.path.join(self.root, "sub", "up-and-out"))
        os.symlink("../../..", os.path.join(self.root, "sub", "deeper", "out"))
        os.symlink("..", os.path.join(self.root, "sub", "back-to-root"))
        os.symlink("public.txt", os.path.join(self.root, "inside-link"))
        _, port = serve(self, self.root, "-q")
        for path in ("/abs-link", "/rel-link", "/sub/up-and-out/secret.txt",
                     "/sub/deeper/out/secret.txt", "/sub/deeper/out/"):
            status, body = self.get(port, path)
            self.assertEqual(status, 404, path)
            self.assertNotIn(SECRET, body)
        self.assertEqual(self.get(port, "/inside-link"), (200, b"public"))
        self.assertEqual(self.get(port, "/sub/back-to-root/public.txt"), (200, b"public"))
        # The listing shows the links but tells nothing about what lies outside.
        status, page = self.get(port, "/")
        self.assertIn(b"abs-link@", page)
        self.assertNotIn(SECRET, page)

    def test_fifo_and_unreadable_files_do_not_hang_the_server(self):
        os.mkfifo(os.path.join(self.root, "pipe"))
        _, port = serve(self, self.root, "-q")
        self.assertEqual(self.get(port, "/pipe")[0], 403)
        self.assertEqual(self.get(port, "/public.txt"), (200, b"public"))


def read_response(reader):
    """(status, body, keep_alive) of one response from a buffered socket reader."""
    status_line = reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, keep = 0, True
    while True:
        line = reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        if name.lower() == "connection" and value.strip().lower() == "close":
            keep = False
    return status, reader.read(length), keep


class MalformedRequestTest(SafetyTestCase):
    def status_of(self, port, raw):
        reply = raw_exchange(port, raw)
        return int(reply.split(b" ", 2)[1]) if reply else None, reply

    def test_each_malformed_request_gets_its_4xx_and_the_connection_closes(self):
        _, port = serve(self, self.root, "-q")
        cases = [
            (b"GET / HTTP/1.1\r\n\r\n", 400),                                   # no Host
            (b"GET /  HTTP/1.1\r\nHost: x\r\n\r\n", 400),                       # extra space
            (b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),             # obs-fold
            (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),                       # space before colon
            (b"GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n", 400),           # NUL
            (b"GET / HTTP/1.1\nHost: x\n\n", 400),                              # bare LF
            (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),              # smuggling
            (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
            (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
            (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
            (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
            (b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"b" * 70000 + b"\r\n\r\n", 431),
            (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X: y\r\n" * 150 + b"\r\n", 431),
            (b"GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n", 417),
            (b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501),
        ]
        for raw, want in cases:
            status, reply = self.status_of(port, raw + b"GET /public.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertEqual(status, want, raw[:60])
            if want != 417 and want != 501:
                # Closed after the error: the pipelined request after it is not answered.
                self.assertEqual(reply.count(b"HTTP/1.1 "), 1, raw[:60])
        self.assertEqual(self.get(port, "/public.txt"), (200, b"public"))

    def test_garbage_and_binary_input(self):
        _, port = serve(self, self.root, "-q")
        for raw in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", os.urandom(3000), b"\r\n" * 10000,
                    b"GET\r\n\r\n", b"G" * 100000):
            status, _ = self.status_of(port, raw)
            self.assertIn(status, (None, 400, 414, 431))
        self.assertEqual(self.get(port, "/public.txt"), (200, b"public"))


class LimitsTest(SafetyTestCase):
    def test_slowloris_is_cut_off_while_others_are_served(self):
        _, port = serve(self, self.root, "-q", "--header-timeout", "1")
        slow = socket.create_connection(("127.0.0.1", port), timeout=10)
        slow.sendall(b"GET / HTTP/1.1\r\n")
        started = time.monotonic()
        closed_after = None
        for i in range(40):  # a byte every 100 ms: each read alone is quick
            try:
                slow.sendall(b"X-%d: y\r\n" % i)
            except OSError:
                closed_after = time.monotonic() - started
                break
            self.assertEqual(self.get(port, "/public.txt"), (200, b"public"))
            time.sleep(0.1)
        if closed_after is None:
            slow.settimeout(5)
            self.assertEqual(slow.recv(100), b"")
            closed_after = time.monotonic() - started
        slow.close()
        self.assertLess(closed_after, 3.5)

    def test_a_client_that_connects_and_waits_is_served(self):
        # The server takes a connection once its first bytes have come
        # (TCP_DEFER_ACCEPT), or after a second: one whose request comes
        # later than that is served as any other, and one that stays silent
        # meets the idle time limit.
        _, port = serve(self, self.root, "-q")
        _, strict_port = serve(self, self.root, "-q", "--idle-timeout", "1")
        late = socket.create_connection(("127.0.0.1", port), timeout=10)
        silent = socket.create_connection(("127.0.0.1", strict_port), timeout=10)
        time.sleep(2.5)
        late.sendall(b"GET /public.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        for chunk in iter(lambda: late.recv(65536), b""):
            reply += chunk
        late.close()
        self.assertTrue(reply.startswith(b"HTTP/1.1 200 OK\r\n"), reply)
        self.assertTrue(reply.endswith(b"public"), reply)
        started = time.monotonic()
        self.assertEqual(silent.recv(10), b"")  # the server closed it
        self.assertLess(time.monotonic() - started, 6)
        silent.close()

    def test_idle_keep_alive_connections_are_closed(self):
        _, port = serve(self, self.root, "-q", "--idle-timeout", "1")
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/public.txt")
        self.assertEqual(c.getresponse().read(), b"public")
        started = time.monotonic()
        self.assertEqual(c.sock.recv(10), b"")  # the server closed it
        self.assertLess(time.monotonic() - started, 4)
        c.close()

    def test_silent_connections_cannot_starve_new_clients(self):
        # Twenty clients that send the first byte of a request and no more,
        # against a server that holds eight connections. (One that sends
        # nothing at all waits in the kernel for a second before the server
        # takes it: see test_a_client_that_connects_and_waits_is_served.)
        _, port = serve(self, self.root, "-q", "--max-connections", "8", "--threads", "1")
        hogs = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(20)]
        for h in hogs:
            h.sendall(b"G")
        time.sleep(0.3)
        for _ in range(5):
            self.assertEqual(self.get(port, "/public.txt"), (200, b"public"))
        # The oldest silent connections were closed to make room.
        closed = 0
        for h in hogs:
            h.settimeout(0.5)
            try:
                closed += h.recv(1) == b""
            except (socket.timeout, ConnectionError):
                pass
            h.close()
        self.assertGreaterEqual(closed, 12)


if __name__ == "__main__":
    unittest.main()
