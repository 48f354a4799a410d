"""`netkit serve` beside and under real peers: Python's own http.server on
the same directory (same statuses, same bytes, same media types), headless
Chromium reading the listing page, and wrk hammering it (every response 2xx)."""
import http.client
import os
import re
import shutil
import socket
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import NetkitTestCase, Process, closed_port, run, serve  # noqa: E402

PYTHON = "/usr/bin/python3"
EXTENSIONS = [".html", ".htm", ".txt", ".css", ".js", ".json", ".png", ".jpg", ".jpeg", ".gif",
              ".svg", ".ico", ".pdf", ".zip", ".gz", ".tar.gz", ".bz2", ".xz", ".mp3", ".mp4",
              ".webm", ".wasm", ".xml", ".csv", ".md", ".c", ".py", ".sh", ".webp", ".woff2",
              ".unknownext", ""]
ODD_NAMES = ["with space.txt", "100%.txt", "hash#.txt", "q?.txt", "amp&.txt", "lt<.txt",
             "caf\u00e9.txt", "plus+.txt", "semi;colon.txt", "tab\there.txt", "UPPER.TXT"]


def fetch(port, method, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, r.getheader("Content-Type"), r.getheader("Location"), body


class SideBySideTest(NetkitTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        root = self.root = self.tmp.name
        os.makedirs(os.path.join(root, "dir", "nested"))
        os.makedirs(os.path.join(root, "with index"))
        with open(os.path.join(root, "with index", "index.html"), "w") as f:
            f.write("<h1>index</h1>")
        for i, ext in enumerate(EXTENSIONS):
            with open(os.path.join(root, "file" + ext), "wb") as f:
                f.write(b"content %d\n" % i)
        for i, name in enumerate(ODD_NAMES):
            with open(os.path.join(root, "dir", name), "wb") as f:
                f.write(os.urandom(100 + i))
        with open(os.path.join(os.fsencode(root), b"dir", b"bytes-\xff.bin"), "wb") as f:
            f.write(b"not utf-8 name")
        with open(os.path.join(root, "dir", "nested", "deep.txt"), "wb") as f:
            f.write(b"deep")

    def tearDown(self):
        super().tearDown()
        self.tmp.cleanup()

    def start_python(self):
        port = closed_port()
        process = self.start(Process([PYTHON, "-m", "http.server", str(port), "-b", "127.0.0.1",
                                      "-d", self.root]))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return port
            except OSError:
                time.sleep(0.05)
        self.fail(f"python3 -m http.server did not start: {process.stderr_lines}")

    def test_same_statuses_bodies_and_media_types_as_python(self):
        _, ours = serve(self, self.root, "-q")
        theirs = self.start_python()
        paths = ["/file" + urllib.parse.quote(ext) for ext in EXTENSIONS]
        paths += ["/dir/" + urllib.parse.quote(name) for name in ODD_NAMES]
        # Not compared: "/dir/bytes-%FF.bin". netkit serves a name that is not
        # UTF-8 at its bytes' percent-encoding (what curl and browsers send);
        # http.server only at its own surrogate form (%ED%B3%BF) and answers
        # 404 to %FF. test_serve.py checks that netkit's links reach such names.
        paths += ["/dir/nested/deep.txt", "/dir/nested/../nested/deep.txt",
                  "/missing.txt", "/dir/missing/", "/file.txt/", "/dir/nested/deep.txt?query=1",
                  "//dir//nested//deep.txt", "/with%20index/", "/dir", "/dir/nested",
                  "/with%20index", "/dir?a=b"]
        for path in paths:
            for method in ("GET", "HEAD"):
                mine, python = fetch(ours, method, path), fetch(theirs, method, path)
                self.assertEqual(mine[0], python[0], (method, path))
                if mine[0] == 200 and not path.endswith("/"):
                    self.assertEqual(mine[1], python[1], path)  # media type
                if mine[0] in (200, 404):
                    self.assertEqual(mine[3], python[3], (method, path))  # the same bytes
                if mine[0] == 301:
                    self.assertEqual(mine[2], python[2], path)
        # Directory listings are netkit's own page, under Python's title.
        for path in ("/dir/", "/dir/nested/"):
            self.assertIn(f"<title>Directory listing for {path}</title>".encode(), fetch(ours, "GET", path)[3])
            self.assertIn(f"<title>Directory listing for {path}</title>".encode(), fetch(theirs, "GET", path)[3])


class ChromiumTest(NetkitTestCase):
    def chromium(self, *args):
        profile = tempfile.mkdtemp()
        try:
            code, out, err = run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                  "--disable-quic", "--no-first-run", "--disable-background-networking",
                                  "--disable-component-update", "--disable-sync",
                                  f"--user-data-dir={profile}", *args], timeout=90)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        self.assertEqual(code, 0, err[-2000:])
        return out.decode("utf-8", "replace")

    def test_chromium_reads_the_listing_and_follows_a_link(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "docs"))
            with open(os.path.join(root, "docs", "read me & smile.html"), "w") as f:
                f.write("<html><body><p id='x'>followed the link</p></body></html>")
            with open(os.path.join(root, "docs", "data.bin"), "wb") as f:
                f.write(os.urandom(5000))
            _, port = serve(self, root, "-q")
            base = f"http://127.0.0.1:{port}/docs/"
            dom = self.chromium("--dump-dom", base)
            self.assertIn("Directory listing for /docs/", dom)
            links = re.findall(r'<a href="([^"?]+)">', dom)
            self.assertIn("read%20me%20%26%20smile.html", links)
            self.assertIn("../", links)
            target = urllib.parse.urljoin(base, "read%20me%20%26%20smile.html")
            self.assertIn("followed the link", self.chromium("--dump-dom", target))
            shot = os.path.join(root, "listing.png")
            self.chromium("--window-size=390,844", f"--screenshot={shot}", base)  # a phone's size
            with open(shot, "rb") as f:
                png = f.read()
            self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
            self.assertGreater(len(png), 2000)


class WrkTest(NetkitTestCase):
    def test_every_response_under_load_is_2xx(self):
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, "1k.bin"), "wb") as f:
                f.write(os.urandom(1024))
            with open(os.path.join(root, "64k.bin"), "wb") as f:
                f.write(os.urandom(65536))
            _, port = serve(self, root, "-q", "--threads", "2")
            for name in ("1k.bin", "64k.bin"):
                code, out, err = run(["wrk", "-t1", "-c32", "-d2s", f"http://127.0.0.1:{port}/{name}"],
                                     timeout=60)
                text = out.decode()
                self.assertEqual(code, 0, err)
                requests = int(re.search(r"(\d+) requests in", text).group(1))
                self.assertGreater(requests, 1000, text)
                self.assertNotIn("Non-2xx", text)
                self.assertNotIn("Socket errors", text)


if __name__ == "__main__":
    unittest.main()
