"""`netkit serve`: python -m http.server's behaviour and output, and what it
adds (keep-alive, ranges, ETags, precompressed files, the listing, uploads,
HTTPS), with Python's http.client and urllib and curl as the clients."""
import email.utils
import gzip
import http.client
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import (NetkitTestCase, Process, closed_port, netkit, raw_exchange, run,  # noqa: E402
                            self_signed, serve, wait_for_port)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def make_tree(root):
    os.makedirs(os.path.join(root, "sub"))
    os.makedirs(os.path.join(root, "withindex"))
    os.makedirs(os.path.join(root, "withhtm"))
    with open(os.path.join(root, "hello.txt"), "w") as f:
        f.write("hello\n")
    with open(os.path.join(root, "withindex", "index.html"), "w") as f:
        f.write("<p>index.html</p>")
    with open(os.path.join(root, "withhtm", "index.htm"), "w") as f:
        f.write("<p>index.htm</p>")
    with open(os.path.join(root, "big.bin"), "wb") as f:
        f.write(os.urandom(300_000))
    with open(os.path.join(root, "sub", "small.json"), "w") as f:
        f.write('{"a": 1}')


class ServeTestCase(NetkitTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        make_tree(self.root)

    def tearDown(self):
        super().tearDown()
        self.tmp.cleanup()

    def request(self, port, method, path, headers=None, body=None):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r, data


class PythonParityTest(ServeTestCase):
    def test_startup_line_names_the_address_and_url(self):
        process, port = serve(self, self.root)
        self.assertRegex(process.seen[-1], rf"^Serving HTTP on 127\.0\.0\.1 port {port} "
                                           rf"\(http://127\.0\.0\.1:{port}/\) \.\.\.$")

    def test_default_bind_is_every_ipv6_and_ipv4_interface(self):
        process = self.start(netkit("serve", "0", "-d", self.root))
        port = int(process.expect(r"^Serving HTTP on :: port (\d+) \(http://\[::\]:\d+/\) \.\.\.$")
                   .group(1))
        for host in ("127.0.0.1", "::1"):
            c = http.client.HTTPConnection(host, port, timeout=10)
            c.request("GET", "/hello.txt")
            self.assertEqual(c.getresponse().read(), b"hello\n")
            c.close()

    def test_bind_to_a_name_listens_on_every_address_it_has(self):
        # "localhost" is 127.0.0.1 and, where the hosts file says so, ::1 too.
        addresses = []
        for family, _, _, _, sockaddr in socket.getaddrinfo("localhost", 0, type=socket.SOCK_STREAM):
            if sockaddr[0] not in addresses:
                addresses.append(sockaddr[0])
        process = self.start(netkit("serve", "-q", "-b", "localhost", "0", "-d", self.root))
        ports = set()
        for address in addresses:
            found = process.expect(rf"^Serving HTTP on {re.escape(address)} port (\d+) ")
            ports.add(int(found.group(1)))
        self.assertEqual(len(ports), 1, "one port for every address")
        port = ports.pop()
        for address in addresses:
            c = http.client.HTTPConnection(address, port, timeout=10)
            c.request("GET", "/hello.txt")
            self.assertEqual(c.getresponse().read(), b"hello\n", address)
            c.close()

    def test_access_log_has_python_s_format(self):
        process, port = serve(self, self.root)
        self.request(port, "GET", "/hello.txt")
        self.request(port, "GET", "/missing")
        process.stop()
        log = process.stderr_lines
        stamp = r"\[\d\d/[A-Z][a-z]{2}/\d{4} \d\d:\d\d:\d\d\]"
        self.assertRegex(log[0], rf'^127\.0\.0\.1 - - {stamp} "GET /hello\.txt HTTP/1\.1" 200 -$')
        self.assertRegex(log[1], rf"^127\.0\.0\.1 - - {stamp} code 404, message File not found$")
        self.assertRegex(log[2], rf'^127\.0\.0\.1 - - {stamp} "GET /missing HTTP/1\.1" 404 -$')

    def test_the_log_escapes_a_request_line_as_python_s_http_server_does(self):
        # Read as ISO-8859-1: C0 and C1 controls escaped, backslashes doubled,
        # bytes from 0xa0 shown as the Latin-1 characters they are.
        raw = b"GET /caf\xc3\xa9\x85\x1b\\x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
        netkit_server, netkit_port = serve(self, self.root)
        python_port = closed_port()
        python_server = self.start(Process(["/usr/bin/python3", "-m", "http.server", str(python_port),
                                            "-b", "127.0.0.1", "-d", self.root]))
        wait_for_port(python_port, "python3 -m http.server", python_server)
        raw_exchange(netkit_port, raw)
        raw_exchange(python_port, raw)
        netkit_server.stop()
        python_server.stop()

        def request_line(process):
            lines = [line for line in process.stderr_lines if '"GET' in line]
            self.assertTrue(lines, process.stderr_lines)
            return lines[0][lines[0].index('"GET'):lines[0].rindex('"') + 1]

        self.assertEqual(request_line(netkit_server), request_line(python_server))
        self.assertIn("\\x85\\x1b\\\\x", request_line(netkit_server))

    def test_quiet_turns_the_log_off(self):
        process, port = serve(self, self.root, "-q")
        self.request(port, "GET", "/hello.txt")
        process.stop()
        self.assertEqual(process.stderr_lines, [])

    def test_get_and_head_of_a_file(self):
        _, port = serve(self, self.root)
        r, body = self.request(port, "GET", "/hello.txt")
        self.assertEqual((r.status, body), (200, b"hello\n"))
        self.assertEqual(r.getheader("Content-Type"), "text/plain")
        self.assertEqual(r.getheader("Content-Length"), "6")
        mtime = os.stat(os.path.join(self.root, "hello.txt")).st_mtime
        self.assertEqual(r.getheader("Last-Modified"), email.utils.formatdate(mtime, usegmt=True))
        h, head_body = self.request(port, "HEAD", "/hello.txt")
        self.assertEqual((h.status, head_body), (200, b""))
        self.assertEqual(h.getheader("Content-Length"), "6")
        self.assertEqual(h.getheader("ETag"), r.getheader("ETag"))

    def test_directory_index_pages(self):
        _, port = serve(self, self.root)
        self.assertEqual(self.request(port, "GET", "/withindex/")[1], b"<p>index.html</p>")
        self.assertEqual(self.request(port, "GET", "/withhtm/")[1], b"<p>index.htm</p>")

    def test_directory_without_slash_redirects_keeping_the_query(self):
        _, port = serve(self, self.root)
        r, _ = self.request(port, "GET", "/sub?x=1&y=2")
        self.assertEqual(r.status, 301)
        self.assertEqual(r.getheader("Location"), "/sub/?x=1&y=2")

    def test_missing_file_is_404_with_python_s_error_page(self):
        _, port = serve(self, self.root)
        r, body = self.request(port, "GET", "/nothing/here.txt")
        self.assertEqual(r.status, 404)
        self.assertIn(b"<p>Message: File not found.</p>", body)
        r, _ = self.request(port, "GET", "/hello.txt/")  # a file is not a directory
        self.assertEqual(r.status, 404)

    def test_if_modified_since(self):
        _, port = serve(self, self.root)
        r, _ = self.request(port, "GET", "/hello.txt")
        stamp = r.getheader("Last-Modified")
        r, body = self.request(port, "GET", "/hello.txt", {"If-Modified-Since": stamp})
        self.assertEqual((r.status, body), (304, b""))
        older = email.utils.formatdate(time.time() - 86400 * 400, usegmt=True)
        r, body = self.request(port, "GET", "/hello.txt", {"If-Modified-Since": older})
        self.assertEqual((r.status, body), (200, b"hello\n"))
        r, _ = self.request(port, "GET", "/hello.txt", {"If-Modified-Since": "not a date"})
        self.assertEqual(r.status, 200)

    def test_other_methods_get_501_as_python_answers(self):
        _, port = serve(self, self.root)
        for method in ("DELETE", "POST", "PUT", "PATCH", "BREW"):
            r, body = self.request(port, method, "/hello.txt", body=b"x")
            self.assertEqual(r.status, 501, method)
            self.assertIn(f"<p>Message: Unsupported method ('{method}').</p>".encode(), body)
        self.assertEqual(self.request(port, "GET", "/hello.txt")[1], b"hello\n")

    def test_listing_links_reach_every_file_name(self):
        names = [b"plain.txt", b"with space.txt", b"100%.txt", b"hash#tag.txt", b"what?.txt",
                 b"a&b.txt", b"<tag>.txt", b"caf\xc3\xa9.txt", b"\xff\xfe-not-utf8.txt",
                 b"colon:name.txt", b"quote'\".txt", b"plus+sign.txt"]
        odd = os.path.join(os.fsencode(self.root), b"odd")
        os.mkdir(odd)
        for i, name in enumerate(names):
            with open(os.path.join(odd, name), "wb") as f:
                f.write(b"file %d" % i)
        os.mkdir(os.path.join(odd, b"dir with space"))
        _, port = serve(self, self.root)
        r, page = self.request(port, "GET", "/odd/")
        self.assertEqual(r.status, 200)
        self.assertIn(b"<title>Directory listing for /odd/</title>", page)
        links = re.findall(rb'<a href="([^"]+)">', page)
        files = [link for link in links if not link.startswith(b"?") and not link.endswith(b"/")]
        self.assertEqual(len(files), len(names))
        got = set()
        for link in files:
            href = link.replace(b"&amp;", b"&").replace(b"&quot;", b'"').replace(b"&#x27;", b"'")
            r, body = self.request(port, "GET", "/odd/" + href.decode("ascii"))
            self.assertEqual(r.status, 200, href)
            got.add(body)
        self.assertEqual(got, {b"file %d" % i for i in range(len(names))})
        self.assertIn(b'href="dir%20with%20space/"', page)
        # Names are escaped in the page: no raw markup from a file name.
        self.assertNotIn(b"<tag>", page)
        self.assertIn(b"&lt;tag&gt;.txt", page)

    def test_sigterm_lets_the_response_in_flight_finish(self):
        big = os.path.join(self.root, "large.bin")
        with open(big, "wb") as f:
            f.write(os.urandom(32 * 1024 * 1024))
        process, port = serve(self, self.root, "-q")
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/large.bin")
        r = c.getresponse()
        first = r.read(1024)
        process.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        rest = r.read()
        c.close()
        self.assertEqual(len(first) + len(rest), 32 * 1024 * 1024)
        self.assertEqual(process.wait(), 0)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()

    def test_ctrl_c_says_so_and_exits_0(self):
        process, _ = serve(self, self.root)
        process.proc.send_signal(signal.SIGINT)
        process.expect(r"^Keyboard interrupt received, exiting\.$")
        self.assertEqual(process.wait(), 0)

    def test_urlopen_read_and_info(self):
        _, port = serve(self, self.root)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sub/small.json", timeout=10) as r:
            self.assertEqual(r.read(), b'{"a": 1}')
            self.assertEqual(r.info()["Content-Type"], "application/json")
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nope", timeout=10)
        self.assertEqual(caught.exception.code, 404)


class BeyondPythonTest(ServeTestCase):
    def test_keep_alive_serves_several_requests_on_one_connection(self):
        _, port = serve(self, self.root)
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/hello.txt")
        c.getresponse().read()
        first = c.sock
        for _ in range(5):
            c.request("GET", "/sub/small.json")
            self.assertEqual(c.getresponse().read(), b'{"a": 1}')
        self.assertIs(c.sock, first)
        c.close()

    def test_http_1_0_clients(self):
        _, port = serve(self, self.root)
        reply = raw_exchange(port, b"GET /hello.txt HTTP/1.0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 200 OK\r\n"), reply)
        self.assertIn(b"Connection: close\r\n", reply)
        self.assertTrue(reply.endswith(b"\r\n\r\nhello\n"))
        # HTTP/1.0 keep-alive: the connection stays open for a second request.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            data = b""
            while not data.endswith(b"hello\n"):
                data += s.recv(4096)
            self.assertIn(b"Connection: keep-alive\r\n", data)
            s.sendall(b"GET /hello.txt HTTP/1.0\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            self.assertTrue(data.endswith(b"hello\n"))

    def test_pipelined_requests_are_answered_in_order(self):
        _, port = serve(self, self.root)
        reply = raw_exchange(port, b"GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                                   b"GET /sub/small.json HTTP/1.1\r\nHost: x\r\n\r\n"
                                   b"HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                                   b"GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", reply)
        self.assertEqual(statuses, [b"200", b"200", b"200", b"404"])
        self.assertLess(reply.index(b"hello\n"), reply.index(b'{"a": 1}'))

    def test_single_and_suffix_ranges(self):
        _, port = serve(self, self.root)
        data = read_bytes(os.path.join(self.root, "big.bin"))
        r, body = self.request(port, "GET", "/big.bin", {"Range": "bytes=100-199"})
        self.assertEqual((r.status, body), (206, data[100:200]))
        self.assertEqual(r.getheader("Content-Range"), f"bytes 100-199/{len(data)}")
        r, body = self.request(port, "GET", "/big.bin", {"Range": "bytes=-500"})
        self.assertEqual((r.status, body), (206, data[-500:]))
        r, body = self.request(port, "GET", "/big.bin", {"Range": "bytes=299990-"})
        self.assertEqual((r.status, body), (206, data[299990:]))
        r, body = self.request(port, "GET", "/hello.txt", {"Range": "bytes=1-2"})
        self.assertEqual((r.status, body), (206, b"el"))

    def test_several_ranges_are_multipart_byteranges(self):
        _, port = serve(self, self.root)
        data = read_bytes(os.path.join(self.root, "big.bin"))
        r, body = self.request(port, "GET", "/big.bin", {"Range": "bytes=0-9,1000-1009,-10"})
        self.assertEqual(r.status, 206)
        boundary = re.match(r"multipart/byteranges; boundary=(\S+)$", r.getheader("Content-Type"))
        self.assertIsNotNone(boundary)
        parts = body.split(b"--" + boundary.group(1).encode())
        self.assertEqual(parts[-1], b"--\r\n")
        payloads = [p.split(b"\r\n\r\n", 1)[1][:-2] for p in parts[1:-1]]
        self.assertEqual(payloads, [data[0:10], data[1000:1010], data[-10:]])
        self.assertIn(f"Content-Range: bytes 1000-1009/{len(data)}".encode(), parts[2])

    def test_unsatisfiable_range_is_416(self):
        _, port = serve(self, self.root)
        r, _ = self.request(port, "GET", "/hello.txt", {"Range": "bytes=100-200"})
        self.assertEqual(r.status, 416)
        self.assertEqual(r.getheader("Content-Range"), "bytes */6")
        # Invalid syntax is ignored (RFC 9110 §14.2): the whole file.
        r, body = self.request(port, "GET", "/hello.txt", {"Range": "bytes=a-b"})
        self.assertEqual((r.status, body), (200, b"hello\n"))

    def test_if_range_and_etags(self):
        _, port = serve(self, self.root)
        r, _ = self.request(port, "GET", "/hello.txt")
        etag = r.getheader("ETag")
        self.assertRegex(etag, r'^"[0-9a-f-]+"$')  # strong
        r, body = self.request(port, "GET", "/hello.txt", {"Range": "bytes=0-1", "If-Range": etag})
        self.assertEqual((r.status, body), (206, b"he"))
        r, body = self.request(port, "GET", "/hello.txt", {"Range": "bytes=0-1", "If-Range": '"old"'})
        self.assertEqual((r.status, body), (200, b"hello\n"))
        r, body = self.request(port, "GET", "/hello.txt", {"If-None-Match": etag})
        self.assertEqual((r.status, body), (304, b""))
        self.assertEqual(r.getheader("ETag"), etag)
        r, body = self.request(port, "GET", "/hello.txt", {"If-None-Match": '"other", W/' + etag})
        self.assertEqual(r.status, 304)
        r, body = self.request(port, "GET", "/hello.txt", {"If-None-Match": '"other"'})
        self.assertEqual((r.status, body), (200, b"hello\n"))

    def test_precompressed_siblings(self):
        text = b"compress me " * 100
        for name, data in (("page.txt", text), ("page.txt.gz", gzip.compress(text)),
                           ("page.txt.br", b"pretend brotli bytes"),
                           ("page.txt.zst", b"pretend zstd bytes")):
            with open(os.path.join(self.root, name), "wb") as f:
                f.write(data)
        _, port = serve(self, self.root)
        r, body = self.request(port, "GET", "/page.txt", {"Accept-Encoding": "gzip"})
        self.assertEqual(r.getheader("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(body), text)
        self.assertEqual(r.getheader("Content-Type"), "text/plain")
        self.assertEqual(r.getheader("Vary"), "Accept-Encoding")
        r, body = self.request(port, "GET", "/page.txt", {"Accept-Encoding": "gzip, br"})
        self.assertEqual((r.getheader("Content-Encoding"), body), ("br", b"pretend brotli bytes"))
        r, body = self.request(port, "GET", "/page.txt", {"Accept-Encoding": "br;q=0, gzip;q=0.5"})
        self.assertEqual(r.getheader("Content-Encoding"), "gzip")
        r, body = self.request(port, "GET", "/page.txt", {"Accept-Encoding": "zstd, gzip"})
        self.assertEqual((r.getheader("Content-Encoding"), body), ("zstd", b"pretend zstd bytes"))
        r, body = self.request(port, "GET", "/page.txt", {"Accept-Encoding": "*;q=0"})
        self.assertIsNone(r.getheader("Content-Encoding"))
        r, body = self.request(port, "GET", "/page.txt")
        self.assertIsNone(r.getheader("Content-Encoding"))
        self.assertEqual(body, text)
        self.assertEqual(r.getheader("Vary"), "Accept-Encoding")

    def test_a_stale_sibling_is_never_served(self):
        with open(os.path.join(self.root, "new.txt"), "wb") as f:
            f.write(b"fresh")
        with open(os.path.join(self.root, "new.txt.gz"), "wb") as f:
            f.write(gzip.compress(b"stale"))
        os.utime(os.path.join(self.root, "new.txt.gz"), (time.time() - 3600, time.time() - 3600))
        _, port = serve(self, self.root)
        r, body = self.request(port, "GET", "/new.txt", {"Accept-Encoding": "gzip"})
        self.assertIsNone(r.getheader("Content-Encoding"))
        self.assertEqual(body, b"fresh")

    def test_listing_sorts_by_size_and_time_and_shows_sizes(self):
        for name, size, age in (("a.bin", 300, 30), ("b.bin", 100, 10), ("c.bin", 200, 20)):
            path = os.path.join(self.root, "sub", name)
            with open(path, "wb") as f:
                f.write(b"x" * size)
            os.utime(path, (time.time() - age * 86400, time.time() - age * 86400))
        os.remove(os.path.join(self.root, "sub", "small.json"))
        _, port = serve(self, self.root)

        def order(query):
            page = self.request(port, "GET", "/sub/" + query)[1]
            return [n.decode() for n in re.findall(rb'<a href="(\w\.bin)">', page)]
        self.assertEqual(order(""), ["a.bin", "b.bin", "c.bin"])
        self.assertEqual(order("?sort=size&order=desc"), ["a.bin", "c.bin", "b.bin"])
        self.assertEqual(order("?sort=size"), ["b.bin", "c.bin", "a.bin"])
        self.assertEqual(order("?sort=time"), ["a.bin", "c.bin", "b.bin"])
        self.assertEqual(order("?sort=name&order=desc"), ["c.bin", "b.bin", "a.bin"])
        page = self.request(port, "GET", "/sub/")[1]
        self.assertIn(b'title="300 bytes">300 B<', page)
        # Times say their zone (a bare time reads as the reader's own).
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(os.stat(os.path.join(self.root, "sub", "a.bin")).st_mtime))
        self.assertIn(stamp.encode(), page)
        self.assertIn(b'<meta name="viewport"', page)
        self.assertIn(b'<a href="../">../</a>', page)
        self.assertNotIn(b"<script", page)

    def test_listing_as_json(self):
        _, port = serve(self, self.root)
        r, body = self.request(port, "GET", "/sub/", {"Accept": "application/json"})
        self.assertEqual(r.getheader("Content-Type"), "application/json")
        self.assertEqual(r.getheader("Vary"), "Accept")
        doc = json.loads(body)
        self.assertEqual(doc["path"], "/sub/")
        self.assertEqual([(e["name"], e["type"], e["size"], e["href"]) for e in doc["entries"]],
                         [("small.json", "file", 8, "small.json")])

    def test_tls(self):
        cert, key = self_signed(tempfile.mkdtemp(dir=self.root), "127.0.0.1")
        process, port = serve(self, self.root, "--tls-cert", cert, "--tls-key", key)
        self.assertRegex(process.seen[-1], r"^Serving HTTPS on 127\.0\.0\.1 port \d+ \(https://")
        code, out, err = run(["curl", "-sS", "--cacert", cert, f"https://127.0.0.1:{port}/hello.txt"])
        self.assertEqual((code, out), (0, b"hello\n"), err)
        # Verification is on in the client: without the CA it fails, and the server goes on.
        code, _, _ = run(["curl", "-sS", f"https://127.0.0.1:{port}/hello.txt"])
        self.assertEqual(code, 60)
        code, out, err = run(["curl", "-sS", "--cacert", cert, f"https://127.0.0.1:{port}/"])
        self.assertIn(b"Directory listing for /", out)

    def test_tls_client_renegotiation_is_refused(self):
        # A client that asks for a new TLS 1.2 handshake inside its
        # connection (openssl s_client's "R") makes the server do a full
        # handshake's work as often as it likes: refused, as nginx does, and
        # the server goes on serving.
        cert, key = self_signed(tempfile.mkdtemp(dir=self.root), "127.0.0.1")
        _, port = serve(self, self.root, "-q", "--tls-cert", cert, "--tls-key", key)
        client = subprocess.Popen(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-CAfile", cert,
                                   "-tls1_2"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.addCleanup(client.kill)
        client.stdin.write(b"R\n")
        client.stdin.flush()
        time.sleep(1)  # (stdin's end makes s_client leave: the server has a second to answer)
        out, _ = client.communicate(timeout=10)
        self.assertIn(b"RENEGOTIATING", out)
        self.assertIn(b"no renegotiation", out)
        code, out, err = run(["curl", "-sS", "--cacert", cert, f"https://127.0.0.1:{port}/hello.txt"])
        self.assertEqual((code, out), (0, b"hello\n"), err)

    def test_tls_files_around_record_sizes_arrive_whole(self):
        # Over TLS a file goes in 16 KiB records, the first carrying the
        # response head and as much of the file as fits beside it, and a file
        # of 1 MiB or more is read 256 KiB at a time: sizes at each of those
        # edges, whole and in ranges that cross them, to curl and to
        # Python's http.client on one keep-alive connection.
        files = os.path.join(self.root, "records")
        os.makedirs(files)
        sizes = [0, 1, 16000, 16383, 16384, 16385, 65536, 1 << 20, (1 << 20) + 16385 + 7,
                 (3 << 20) + 1]
        bodies = {}
        for size in sizes:
            bodies[size] = os.urandom(size)
            with open(os.path.join(files, f"{size}.bin"), "wb") as f:
                f.write(bodies[size])
        cert, key = self_signed(tempfile.mkdtemp(dir=self.root), "127.0.0.1")
        _, port = serve(self, self.root, "-q", "--tls-cert", cert, "--tls-key", key)
        for size in sizes:
            code, out, err = run(["curl", "-sS", "--cacert", cert,
                                  f"https://127.0.0.1:{port}/records/{size}.bin"])
            self.assertEqual((code, len(out)), (0, size), err)
            self.assertTrue(out == bodies[size], f"{size} bytes came altered")
        context = ssl.create_default_context(cafile=cert)
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
        self.addCleanup(connection.close)
        for size in sizes[1:]:
            for first, last in ((0, size - 1), (size // 3, size - 1), (max(0, size - 20000), size - 2)):
                if last < first:
                    continue
                connection.request("GET", f"/records/{size}.bin", headers={"Range": f"bytes={first}-{last}"})
                response = connection.getresponse()
                body = response.read()
                self.assertEqual(response.status, 206, (size, first, last))
                self.assertTrue(body == bodies[size][first:last + 1], (size, first, last))

    def test_kernel_tls_sends_files_where_the_kernel_offers_it(self):
        # netkit serve asks for kTLS: where the kernel has its tls module
        # loaded, OpenSSL hands it each connection's keys and files go with
        # SSL_sendfile; /proc/net/tls_stat counts the sessions it took. The
        # kernels netkit is built and tested on here have no tls module, and
        # this test says so and skips.
        with open("/proc/sys/net/ipv4/tcp_available_ulp") as f:
            if "tls" not in f.read().split():
                self.skipTest("this kernel has no tls module loaded (modprobe tls)")

        def kernel_tls_sessions():
            with open("/proc/net/tls_stat") as f:
                counts = dict(line.split() for line in f if line.strip())
            return int(counts["TlsTxSw"]) + int(counts["TlsTxDevice"])

        body = os.urandom((4 << 20) + 3)
        with open(os.path.join(self.root, "ktls.bin"), "wb") as f:
            f.write(body)
        cert, key = self_signed(tempfile.mkdtemp(dir=self.root), "127.0.0.1")
        _, port = serve(self, self.root, "-q", "--tls-cert", cert, "--tls-key", key)
        before = kernel_tls_sessions()
        for version in ("--tlsv1.2", "--tlsv1.3"):
            code, out, err = run(["curl", "-sS", version, "--cacert", cert,
                                  f"https://127.0.0.1:{port}/ktls.bin"])
            self.assertEqual((code, len(out)), (0, len(body)), err)
            self.assertTrue(out == body, f"the file came altered ({version})")
        self.assertGreaterEqual(kernel_tls_sessions(), before + 2)

    def test_tls_sessions_resume_on_every_thread(self):
        # Four event loops, each with its own listening socket (the kernel
        # spreads connections over them): a client resumes its session on
        # whichever it lands, TLS 1.3 tickets and TLS 1.2 ones alike.
        cert, key = self_signed(tempfile.mkdtemp(dir=self.root), "127.0.0.1")
        _, port = serve(self, self.root, "-q", "--threads", "4", "--tls-cert", cert, "--tls-key", key)
        for version in (ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_2):
            with self.subTest(version=version.name):
                context = ssl.create_default_context(cafile=cert)
                context.maximum_version = version
                session, resumed = None, []
                for _ in range(16):
                    with context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10),
                                             server_hostname="127.0.0.1", session=session) as s:
                        s.sendall(b"GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        answer = b""
                        while chunk := s.recv(4096):
                            answer += chunk
                        self.assertTrue(answer.endswith(b"\r\n\r\nhello\n"), answer)
                        resumed.append(s.session_reused)
                        session = s.session
                self.assertEqual(resumed, [False] + [True] * 15)

    def test_tls_ticket_keys_rotate(self):
        # openssl s_client keeps each session in a file; `sess_id -text`
        # shows its ticket, whose first 16 bytes name the key that sealed it.
        # With a 4-second lifetime: a ticket resumes within its 4 seconds,
        # also once its key has stopped sealing new ones (and the client then
        # gets a ticket of the new key); past its lifetime it does not.
        cert, key = self_signed(tempfile.mkdtemp(dir=self.root), "127.0.0.1")
        _, port = serve(self, self.root, "-q", "--tls-session-lifetime", "4", "--tls-cert", cert, "--tls-key", key)

        def connect(session_in, session_out):
            args = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-CAfile", cert, "-tls1_3",
                    "-sess_out", session_out, "-ign_eof"] + (["-sess_in", session_in] if session_in else [])
            code, out, err = run(args, stdin_bytes=b"GET /hello.txt HTTP/1.0\r\n\r\n")
            self.assertEqual(code, 0, err)
            self.assertIn(b"\r\n\r\nhello\n", out)
            return re.search(rb"^(New|Reused), TLSv1\.3", out, re.M).group(1).decode()

        def ticket(session_file):
            code, out, err = run(["openssl", "sess_id", "-in", session_file, "-noout", "-text"])
            self.assertEqual(code, 0, err)
            self.assertIn(b"TLS session ticket lifetime hint: 4 (seconds)", out)
            rows = re.findall(rb"^\s+00[0-9a-f]0 - ([0-9a-f -]+?)   ", out.split(b"TLS session ticket:")[1], re.M)
            return bytes.fromhex(b"".join(rows).replace(b"-", b" ").decode())

        files = {name: os.path.join(self.root, name + ".pem") for name in "ABCD"}
        started = time.monotonic()
        self.assertEqual(connect(None, files["A"]), "New")
        time.sleep(2.5)
        self.assertEqual(connect(files["A"], files["B"]), "Reused")
        self.assertEqual(ticket(files["B"])[:16], ticket(files["A"])[:16])
        time.sleep(max(0.0, started + 4.6 - time.monotonic()))
        self.assertEqual(connect(files["B"], files["C"]), "Reused")  # sealed by the key before
        self.assertNotEqual(ticket(files["C"])[:16], ticket(files["A"])[:16])
        time.sleep(max(0.0, started + 5.6 - time.monotonic()))
        self.assertEqual(connect(files["A"], files["D"]), "New")  # 5.6 seconds old

    def test_bad_tls_files_and_bad_options_fail_clearly(self):
        code, _, err = run([os.environ.get("NETKIT", "netkit"), "serve", "0", "--tls-cert",
                            "/nonexistent.pem", "--tls-key", "/nonexistent.key"])
        self.assertEqual(code, 35)
        self.assertIn("/nonexistent.pem", err)
        code, _, err = run([os.environ.get("NETKIT", "netkit"), "serve", "0", "-d", "/nonexistent"])
        self.assertEqual(code, 2)
        self.assertIn("not a directory", err)
        code, _, err = run([os.environ.get("NETKIT", "netkit"), "serve", "0", "--max-upload", "lots"])
        self.assertEqual(code, 2)

    def test_port_in_use_is_an_error(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            s.listen()
            port = s.getsockname()[1]
            code, _, err = run([os.environ.get("NETKIT", "netkit"), "serve", str(port), "-b",
                                "127.0.0.1", "--threads", "2"])
        self.assertEqual(code, 45)
        self.assertIn("cannot listen", err)

    def test_a_second_server_cannot_share_the_port(self):
        # Both would set SO_REUSEPORT: only the probe before binding keeps
        # the second from silently taking half the connections.
        _, port = serve(self, self.root, "-q", "--threads", "2")
        code, _, err = run([os.environ.get("NETKIT", "netkit"), "serve", str(port), "-b", "127.0.0.1",
                            "--threads", "2"])
        self.assertEqual(code, 45, err)
        self.assertIn("cannot listen", err)

    def test_several_threads_serve_many_connections(self):
        _, port = serve(self, self.root, "--threads", "2", "-q")
        for _ in range(50):
            r, body = self.request(port, "GET", "/hello.txt")
            self.assertEqual(body, b"hello\n")


class UploadTest(ServeTestCase):
    def test_put_creates_and_never_replaces_without_overwrite(self):
        _, port = serve(self, self.root, "--upload")
        r, _ = self.request(port, "PUT", "/sub/new.txt", body=b"new content")
        self.assertEqual(r.status, 201)
        self.assertEqual(read_bytes(os.path.join(self.root, "sub", "new.txt")), b"new content")
        r, body = self.request(port, "PUT", "/sub/new.txt", body=b"other")
        self.assertEqual(r.status, 409)
        self.assertEqual(read_bytes(os.path.join(self.root, "sub", "new.txt")), b"new content")
        self.assertEqual(self.request(port, "GET", "/sub/new.txt")[1], b"new content")
        r, _ = self.request(port, "PUT", "/nodir/x.txt", body=b"x")
        self.assertEqual(r.status, 409)
        self.assertEqual(self.leftovers(), [])

    def test_put_with_overwrite_replaces(self):
        _, port = serve(self, self.root, "--upload", "--overwrite")
        r, _ = self.request(port, "PUT", "/hello.txt", body=b"replaced")
        self.assertEqual(r.status, 200)
        self.assertEqual(read_bytes(os.path.join(self.root, "hello.txt")), b"replaced")

    def test_upload_is_off_by_default(self):
        _, port = serve(self, self.root)
        r, _ = self.request(port, "PUT", "/new.txt", body=b"x")
        self.assertEqual(r.status, 501)
        self.assertFalse(os.path.exists(os.path.join(self.root, "new.txt")))

    def test_form_upload_with_curl(self):
        _, port = serve(self, self.root, "--upload")
        page = self.request(port, "GET", "/sub/")[1]
        self.assertIn(b'enctype="multipart/form-data"', page)
        files = []
        for name, data in (("one.txt", b"first file\r\n--not a boundary\r\n"),
                           ("two.bin", os.urandom(200_000))):
            path = os.path.join(self.tmp.name, name)
            with open(path, "wb") as f:
                f.write(data)
            files.append((name, data, path))
        code, out, err = run(["curl", "-sS", "-F", f"file=@{files[0][2]}", "-F", f"file=@{files[1][2]}",
                              f"http://127.0.0.1:{port}/sub/"])
        self.assertEqual(code, 0, err)
        self.assertIn(b"Created sub/one.txt", out)
        for name, data, _ in files:
            self.assertEqual(read_bytes(os.path.join(self.root, "sub", name)), data)
        # A browser gets the listing back.
        code, out, err = run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                              "-H", "Accept: text/html", "-F", f"file=@{files[0][2]};filename=three.txt",
                              f"http://127.0.0.1:{port}/sub/"])
        self.assertEqual(out, f"303 http://127.0.0.1:{port}/sub/".encode(), err)
        self.assertEqual(self.leftovers(), [])

    def test_form_upload_cannot_escape_or_replace(self):
        _, port = serve(self, self.root, "--upload")
        code, out, _ = run(["curl", "-sS", "-F", "file=@-;filename=../escape.txt",
                            f"http://127.0.0.1:{port}/sub/"], b"sneaky")
        self.assertFalse(os.path.exists(os.path.join(self.root, "escape.txt")))
        self.assertEqual(read_bytes(os.path.join(self.root, "sub", "escape.txt")), b"sneaky")
        code, out, _ = run(["curl", "-sS", "-w", "%{http_code}", "-o", "/dev/null", "-F",
                            "file=@-;filename=small.json", f"http://127.0.0.1:{port}/sub/"], b"x")
        self.assertEqual(out, b"409")
        self.assertEqual(read_bytes(os.path.join(self.root, "sub", "small.json")), b'{"a": 1}')

    def test_max_upload_is_enforced_while_streaming(self):
        _, port = serve(self, self.root, "--upload", "--max-upload", "1K")
        r, _ = self.request(port, "PUT", "/sub/big.txt", body=b"x" * 2000)  # Content-Length
        self.assertEqual(r.status, 413)
        # Chunked: the size is only known as it arrives.
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("PUT", "/sub/big2.txt", body=iter([b"y" * 600] * 4), encode_chunked=True)
        self.assertEqual(c.getresponse().status, 413)
        c.close()
        code, out, _ = run(["curl", "-sS", "-w", "%{http_code}", "-o", "/dev/null",
                            "-F", "file=@-;filename=f.bin", f"http://127.0.0.1:{port}/sub/"],
                           b"z" * 5000)
        self.assertEqual(out, b"413")
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "sub"))), ["small.json"])

    def test_an_interrupted_upload_leaves_nothing(self):
        _, port = serve(self, self.root, "--upload")
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"PUT /sub/cut.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
                      b"a" * 5000)
            time.sleep(0.3)
        time.sleep(0.5)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "sub"))), ["small.json"])

    def test_expect_100_continue(self):
        _, port = serve(self, self.root, "--upload")
        path = os.path.join(self.tmp.name, "payload.bin")
        with open(path, "wb") as f:
            f.write(os.urandom(2_000_000))
        code, out, err = run(["curl", "-sS", "-v", "-T", path, f"http://127.0.0.1:{port}/sub/up.bin"])
        self.assertEqual(code, 0, err)
        self.assertIn("< HTTP/1.1 100 Continue", err)
        self.assertEqual(read_bytes(os.path.join(self.root, "sub", "up.bin")),
                         read_bytes(path))

    def leftovers(self):
        return [name for _, _, files in os.walk(self.root) for name in files
                if name.startswith(".netkit-upload-")]


if __name__ == "__main__":
    unittest.main()
