"""`netkit serve` over HTTP/2: curl (--http2 over TLS by ALPN, and
--http2-prior-knowledge in clear text), nghttp and h2load (Debian's
nghttp2-client) as its clients; then the attacks HTTP/2 is known for, each
sent by a raw-frame client (h2_frames.py) while curl, a well-behaved client
on another connection, must still be served."""
import os
import re
import signal
import struct
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import h2_frames as h2  # noqa: E402
from browser import Browser  # noqa: E402
from netkit_testing import (EXAMPLES, NETKIT, Process, WithFiles, closed_port, run,  # noqa: E402
                            self_signed, serve, start_nginx, wait_for_port)


def curl(*args):
    """curl's exit code, its output and its stderr."""
    code, out, err = run(["curl", "-sS", "--max-time", "20", *args])
    return code, out, err


class Http2TestCase(WithFiles):
    def setUp(self):
        super().setUp()
        self.big = os.urandom(1_000_003)
        with open(os.path.join(self.root, "big.bin"), "wb") as f:
            f.write(self.big)

    def served_by_curl(self, port, tls=False):
        """A well-behaved client on a connection of its own still gets its file."""
        scheme = "https" if tls else "http"
        code, out, err = curl("-k", "--http2" if tls else "--http2-prior-knowledge",
                              f"{scheme}://127.0.0.1:{port}/hello.txt")
        self.assertEqual((code, out), (0, b"hello\n"), err)

    def log_lines(self, process, pattern, count, seconds=10):
        """Waits for `count` access-log lines matching `pattern`."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if sum(1 for line in process.stderr_lines if regex.search(line)) >= count:
                return
            time.sleep(0.05)
        self.fail(f"fewer than {count} log lines match {pattern!r}: {process.stderr_lines[-5:]}")


class PeersTest(Http2TestCase):
    def test_curl_with_prior_knowledge_gets_files_ranges_conditionals_and_listings(self):
        process, port = serve(self, self.root)
        url = f"http://127.0.0.1:{port}"
        code, out, err = curl("--http2-prior-knowledge", "-w", " %{http_version} %{http_code}",
                              f"{url}/hello.txt")
        self.assertEqual((code, out), (0, b"hello\n 2 200"), err)
        code, out, err = curl("--http2-prior-knowledge", f"{url}/big.bin")
        self.assertEqual(out, self.big)
        code, out, err = curl("--http2-prior-knowledge", "-r", "1-3", "-w", " %{http_code}",
                              f"{url}/hello.txt")
        self.assertEqual(out, b"ell 206")
        # Ranges of a large file (read ahead of the frames), one and several.
        code, out, err = curl("--http2-prior-knowledge", "-r", "500000-999999", f"{url}/big.bin")
        self.assertEqual(out, self.big[500000:1000000])
        code, out, err = curl("--http2-prior-knowledge", "-r", "0-9,700000-700009", f"{url}/big.bin")
        self.assertIn(self.big[:10], out)
        self.assertIn(self.big[700000:700010], out)
        self.assertIn(b"Content-Range: bytes 700000-700009/1000003", out)
        code, out, err = curl("--http2-prior-knowledge", "-D", "-", "-o", "/dev/null", f"{url}/hello.txt")
        etag = re.search(rb"etag: (\S+)", out).group(1).decode()
        code, out, err = curl("--http2-prior-knowledge", "-H", f"If-None-Match: {etag}", "-w",
                              "%{http_code}", f"{url}/hello.txt")
        self.assertEqual(out, b"304")
        code, out, err = curl("--http2-prior-knowledge", "-I", f"{url}/hello.txt")
        self.assertIn(b"content-length: 6", out)
        self.assertTrue(out.startswith(b"HTTP/2 200"), out)
        code, out, err = curl("--http2-prior-knowledge", "-w", " %{http_code}", f"{url}/missing")
        self.assertIn(b"File not found", out)
        self.assertTrue(out.endswith(b" 404"))
        code, out, err = curl("--http2-prior-knowledge", f"{url}/")
        self.assertIn(b'href="hello.txt"', out)
        self.log_lines(process, r'"GET /hello\.txt HTTP/2\.0" 200', 1)
        self.log_lines(process, r'"GET /missing HTTP/2\.0" 404', 1)
        # HTTP/1.1 on the same port, as before.
        code, out, err = curl("--http1.1", "-w", " %{http_version}", f"{url}/hello.txt")
        self.assertEqual(out, b"hello\n 1.1")

    def test_over_tls_alpn_chooses_h2_and_http1_1_when_asked(self):
        cert, key = self_signed(self.tmp.name)
        process, port = serve(self, self.root, "--tls-cert", cert, "--tls-key", key)
        url = f"https://127.0.0.1:{port}"
        code, out, err = curl("-k", "--http2", "-w", " %{http_version}", f"{url}/hello.txt")
        self.assertEqual((code, out), (0, b"hello\n 2"), err)
        code, out, err = curl("-k", "--http2", f"{url}/big.bin")
        self.assertEqual(out, self.big)
        code, out, err = curl("-k", "--http1.1", "-w", " %{http_version}", f"{url}/hello.txt")
        self.assertEqual(out, b"hello\n 1.1")
        code, out, err = run(["nghttp", "-v", f"{url}/hello.txt"])
        self.assertEqual(code, 0, err)
        self.assertIn(b"The negotiated protocol: h2", out)
        self.assertIn(b"hello\n", out)

    def test_nghttp_sends_fifty_requests_as_streams_of_one_connection(self):
        process, port = serve(self, self.root)
        code, out, err = run(["nghttp", "-n", "-s", "-m", "50", f"http://127.0.0.1:{port}/hello.txt"])
        self.assertEqual(code, 0, err)
        self.assertEqual(len(re.findall(rb"\s200\s", out)), 50, out)
        self.log_lines(process, r'"GET /hello\.txt HTTP/2\.0" 200', 50)
        # Streams of one connection: fifty ids, odd (the client's), each new.
        ids = [int(m) for m in re.findall(rb"^\s*(\d+)\s+\+", out, re.M)]
        self.assertEqual(len(set(ids)), 50, out)
        self.assertTrue(all(i % 2 == 1 for i in ids))

    def test_chromium_loads_a_page_of_fifty_images_over_one_connection(self):
        # A 1x1 PNG, fifty times.
        png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                            "0000000d4944415478da63f8cfc0f01f0005000201a1f3cd6d0000000049454e44ae426082")
        os.mkdir(os.path.join(self.root, "img"))
        for i in range(50):
            with open(os.path.join(self.root, "img", f"{i}.png"), "wb") as f:
                f.write(png)
        with open(os.path.join(self.root, "page.html"), "w") as f:
            f.write("<!DOCTYPE html><title>images</title>" +
                    "".join(f'<img src="img/{i}.png">' for i in range(50)))
        cert, key = self_signed(self.tmp.name)
        process, port = serve(self, self.root, "--tls-cert", cert, "--tls-key", key)
        browser = Browser(f"https://127.0.0.1:{port}/page.html", flags=["--ignore-certificate-errors"])
        try:
            browser.wait_for("Array.from(document.images).every(i => i.complete && i.naturalWidth === 1)"
                             " && document.images.length === 50")
            protocols = browser.evaluate(
                "[performance.getEntriesByType('navigation')[0].nextHopProtocol].concat("
                "performance.getEntriesByType('resource').map(e => e.nextHopProtocol))")
            self.assertEqual(set(protocols), {"h2"})  # the page, its images (and its icon)
            self.assertGreaterEqual(len(protocols), 51)
            self.log_lines(process, r'"GET /img/\d+\.png HTTP/2\.0" 200', 50)
            # The server saw one connection: the one every request came by.
            code, out, err = run(["ss", "-Htn", "state", "established", f"sport = :{port}"])
            self.assertEqual(len(out.splitlines()), 1, out)
        finally:
            browser.close()

    def test_h2load_gets_every_response(self):
        cert, key = self_signed(self.tmp.name)
        _, port = serve(self, self.root, "-q", "--tls-cert", cert, "--tls-key", key)
        code, out, err = run(["h2load", "-n", "5000", "-c", "4", "-m", "20",
                              f"https://127.0.0.1:{port}/hello.txt"], timeout=60)
        self.assertEqual(code, 0, err)
        self.assertIn(b"5000 succeeded, 0 failed, 0 errored", out)
        self.assertIn(b"status codes: 5000 2xx", out)

    def test_uploads_stream_their_bodies_and_keep_their_caps(self):
        _, port = serve(self, self.root, "--upload", "--max-upload", "600k")
        url = f"http://127.0.0.1:{port}"
        data = os.urandom(500_000)
        path = os.path.join(self.tmp.name, "up.bin")
        with open(path, "wb") as f:
            f.write(data)
        code, out, err = curl("--http2-prior-knowledge", "-T", path, "-w", "%{http_code}",
                              "-o", "/dev/null", f"{url}/new.bin")
        self.assertEqual((code, out), (0, b"201"), err)
        with open(os.path.join(self.root, "new.bin"), "rb") as f:
            self.assertEqual(f.read(), data)
        # Too large: 413 before the body, then RST_STREAM(NO_ERROR) so that
        # the client stops sending it (RFC 9113 §8.1). (curl 7.88 reports
        # such an early answer as no answer at all: curl issue 15316.)
        client = h2.Client(port)
        client.request(1, "/too-big.bin", method="PUT", end_stream=False,
                       extra=[("content-length", "700000")])
        client.send(h2.frame(h2.DATA, 0, 1, os.urandom(16_000)))
        self.assertEqual(client.response(1)[0], 413)
        reset = client.until(lambda f: f.kind == h2.RST_STREAM)
        self.assertEqual((reset.stream, reset.error_code()), (1, h2.NO_ERROR))
        # A body larger than it said it would be is cut off too.
        client.request(3, "/liar.bin", method="PUT", end_stream=False,
                       extra=[("content-length", "10")])
        client.send(h2.frame(h2.DATA, h2.END_STREAM, 3, b"x" * 11))
        reset = client.until(lambda f: f.kind == h2.RST_STREAM and f.stream == 3)
        self.assertEqual(reset.error_code(), h2.PROTOCOL_ERROR)
        self.assertFalse(os.path.exists(os.path.join(self.root, "too-big.bin")))
        self.assertFalse(os.path.exists(os.path.join(self.root, "liar.bin")))
        self.served_by_curl(port)

    def test_upgrade_to_h2c_only_when_turned_on(self):
        process, port = serve(self, self.root, "--h2c-upgrade", "--upload")
        url = f"http://127.0.0.1:{port}"
        code, out, err = curl("--http2", "-w", " %{http_version}", f"{url}/hello.txt")
        self.assertEqual((code, out), (0, b"hello\n 2"), err)
        code, out, err = curl("--http2", f"{url}/big.bin")
        self.assertEqual(out, self.big)
        code, out, err = run(["nghttp", "-u", "-v", f"{url}/hello.txt"])
        self.assertIn(b"HTTP Upgrade success", out)
        self.assertIn(b"hello\n", out)
        # A request with a body is not upgraded (its body would have to come first).
        path = os.path.join(self.tmp.name, "up.txt")
        with open(path, "wb") as f:
            f.write(b"uploaded")
        code, out, err = curl("--http2", "-T", path, "-o", "/dev/null", "-w", "%{http_code} %{http_version}",
                              f"{url}/uploaded.txt")
        self.assertEqual(out, b"201 1.1")
        # Off by default: the same request stays HTTP/1.1.
        _, plain = serve(self, self.root)
        code, out, err = curl("--http2", "-w", " %{http_version}", f"http://127.0.0.1:{plain}/hello.txt")
        self.assertEqual(out, b"hello\n 1.1")

    def test_no_http2_speaks_http1_1_only(self):
        cert, key = self_signed(self.tmp.name)
        _, port = serve(self, self.root, "--no-http2", "--tls-cert", cert, "--tls-key", key)
        code, out, err = curl("-k", "--http2", "-w", " %{http_version}",
                              f"https://127.0.0.1:{port}/hello.txt")
        self.assertEqual(out, b"hello\n 1.1")
        _, plain = serve(self, self.root, "--no-http2")
        code, out, err = curl("--http2-prior-knowledge", f"http://127.0.0.1:{plain}/hello.txt")
        self.assertNotEqual(code, 0)


def fetch(*args):
    """netkit fetch's exit code, output and stderr."""
    return run([NETKIT, "fetch", *args], timeout=60)


class ClientTest(Http2TestCase):
    """netkit fetch (the client session) against HTTP/2 servers it did not write."""

    def nginx(self, **kwargs):
        os.chmod(self.tmp.name, 0o755)  # nginx's worker reads as nobody
        root = os.path.join(self.tmp.name, "nginx")
        os.mkdir(root)
        for name in ("hello.txt", "big.bin"):
            os.link(os.path.join(self.root, name), os.path.join(root, name))
        return start_nginx(self, root, tls=True, http2=True, **kwargs)[0]

    def test_against_nginx_by_alpn_and_http1_1_when_asked(self):
        port = self.nginx()
        url = f"https://127.0.0.1:{port}"
        code, out, err = fetch("-k", "-i", f"{url}/hello.txt")
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith(b"HTTP/2 200 \r\n"), out)
        self.assertTrue(out.endswith(b"\r\n\r\nhello\n"), out)
        code, out, err = fetch("-k", "-s", f"{url}/big.bin")
        self.assertEqual(out, self.big)
        code, out, err = fetch("-k", "--http1.1", "-i", f"{url}/hello.txt")
        self.assertTrue(out.startswith(b"HTTP/1.1 200 OK"), out)
        code, out, err = fetch("-k", "-v", "-s", "-o", "/dev/null", f"{url}/hello.txt")
        self.assertIn("> GET /hello.txt HTTP/2", err)
        self.assertIn("< HTTP/2 200", err)

    def test_cookies_and_basic_authentication_over_http2(self):
        code, hashed, err = run(["openssl", "passwd", "-apr1", "s3cret"])
        self.assertEqual(code, 0, err)
        htpasswd = os.path.join(self.tmp.name, "htpasswd")
        with open(htpasswd, "wb") as f:
            f.write(b"ada:" + hashed)
        os.chmod(htpasswd, 0o644)
        port = self.nginx(server='location = /set { add_header Set-Cookie "flavour=oat; Path=/"; '
                                 'return 200 "set\\n"; } '
                                 'location = /echo { return 200 "cookie=$http_cookie\\n"; } '
                                 f'location /private/ {{ auth_basic "x"; auth_basic_user_file {htpasswd}; '
                                 f'alias {self.root}/; }}')
        url = f"https://127.0.0.1:{port}"
        jar = os.path.join(self.tmp.name, "jar.txt")
        # (-v: in turn, so that the second request has the first's cookie)
        code, out, err = fetch("-k", "-s", "-v", "-c", jar, "-b", jar, f"{url}/set", f"{url}/echo")
        self.assertEqual((code, out), (0, b"set\ncookie=flavour=oat\n"), err)
        code, out, err = fetch("-k", "-s", "-w", "%{http_code}", f"{url}/private/hello.txt")
        self.assertEqual(out[-3:], b"401")
        code, out, err = fetch("-k", "-s", "-v", "-u", "ada:s3cret", f"{url}/private/hello.txt")
        self.assertEqual((code, out), (0, b"hello\n"), err)
        self.assertIn("< HTTP/2 401", err)  # the challenge, answered on the same connection
        self.assertIn("< HTTP/2 200", err)

    def test_many_urls_go_as_streams_of_one_connection(self):
        # nginx logs each request's connection serial number and protocol.
        log = os.path.join(self.tmp.name, "nginx", "streams.log")
        port = self.nginx(http='log_format streams "$connection $server_protocol $request_uri";',
                          server=f"access_log {log} streams;")
        urls = [f"https://127.0.0.1:{port}/hello.txt?{i}" for i in range(200)]
        code, out, err = fetch("-k", "-s", *urls)
        self.assertEqual((code, out), (0, b"hello\n" * 200), err)
        time.sleep(0.5)
        with open(log) as f:
            lines = f.read().split("\n")[:-1]
        self.assertEqual(len(lines), 200)
        self.assertEqual({line.split()[1] for line in lines}, {"HTTP/2.0"})
        self.assertEqual(len({line.split()[0] for line in lines}), 1, "more than one connection")

    def test_against_h2o(self):
        port = closed_port()
        cert, key = self_signed(self.tmp.name)
        conf = os.path.join(self.tmp.name, "h2o.conf")
        os.chmod(self.tmp.name, 0o755)
        with open(conf, "w") as f:
            f.write(f"""listen:
  host: 127.0.0.1
  port: {port}
  ssl:
    certificate-file: {cert}
    key-file: {key}
user: root
error-log: {self.tmp.name}/h2o-error.log
hosts:
  default:
    paths:
      /:
        file.dir: {self.root}
""")
        wait_for_port(port, "h2o", self.start(Process(["h2o", "-c", conf])))
        code, out, err = fetch("-k", "-v", "-s", f"https://127.0.0.1:{port}/big.bin")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, self.big)
        self.assertIn("< HTTP/2 200", err)

    def test_h2c_with_prior_knowledge_against_nghttpd(self):
        port = closed_port()
        self.start(Process(["nghttpd", "--no-tls", "-d", self.root, str(port)]))
        wait_for_port(port, "nghttpd")
        code, out, err = fetch("--http2-prior-knowledge", "-i", f"http://127.0.0.1:{port}/hello.txt")
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith(b"HTTP/2 200 \r\n"), out)
        self.assertTrue(out.endswith(b"hello\n"))
        code, out, err = fetch("--http2-prior-knowledge", "-s", f"http://127.0.0.1:{port}/big.bin")
        self.assertEqual(out, self.big)

    def test_redirects_uploads_and_resumes_against_netkit_serve(self):
        cert, key = self_signed(self.tmp.name)
        os.mkdir(os.path.join(self.root, "dir"))
        process, port = serve(self, self.root, "--upload", "--tls-cert", cert, "--tls-key", key)
        url = f"https://127.0.0.1:{port}"
        # /dir redirects to /dir/: followed on the same connection.
        code, out, err = fetch("-k", "-s", "-w", "%{http_code}", f"{url}/dir")
        self.assertEqual(code, 0, err)
        self.assertTrue(out.endswith(b"200"))
        path = os.path.join(self.tmp.name, "up.bin")
        data = os.urandom(3_000_000)
        with open(path, "wb") as f:
            f.write(data)
        code, out, err = fetch("-k", "-s", "-T", path, "-w", "%{http_code}", f"{url}/dir/")
        self.assertEqual((code, out[-3:]), (0, b"201"), err)
        with open(os.path.join(self.root, "dir", "up.bin"), "rb") as f:
            self.assertEqual(f.read(), data)
        # -C -: the rest of a partial file, by a Range request over HTTP/2.
        partial = os.path.join(self.tmp.name, "partial.bin")
        with open(partial, "wb") as f:
            f.write(self.big[:1000])
        # (The part's date is the file's, as a part fetched before would
        # have it: If-Range then holds.)
        stat = os.stat(os.path.join(self.root, "big.bin"))
        os.utime(partial, (stat.st_atime, stat.st_mtime))
        code, out, err = fetch("-k", "-s", "-C", "-", "-o", partial, f"{url}/big.bin")
        self.assertEqual(code, 0, err)
        with open(partial, "rb") as f:
            self.assertEqual(f.read(), self.big)
        self.log_lines(process, r'"PUT /dir/up\.bin HTTP/2\.0" 201', 1)
        self.log_lines(process, r'"GET /big\.bin HTTP/2\.0" 206', 1)

    def test_the_example_fetches_urls_at_once_over_one_connection(self):
        cert, key = self_signed(self.tmp.name, "127.0.0.1")
        process, port = serve(self, self.root, "--tls-cert", cert, "--tls-key", key)
        urls = [f"https://127.0.0.1:{port}/hello.txt", f"https://127.0.0.1:{port}/big.bin",
                f"https://127.0.0.1:{port}/missing"]
        code, out, err = run([os.path.join(EXAMPLES, "http2_get"), *urls],
                             env=dict(os.environ, SSL_CERT_FILE=cert))
        self.assertEqual(code, 0, err)
        lines = out.decode().splitlines()
        self.assertEqual(lines[:2], [f"{urls[0]} 200 HTTP/2 6 bytes", f"{urls[1]} 200 HTTP/2 1000003 bytes"])
        self.assertRegex(lines[2], "^" + re.escape(urls[2]) + r" 404 HTTP/2 \d+ bytes$")
        self.assertEqual(len(lines), 3)
        self.log_lines(process, r'HTTP/2\.0', 3)
        # Without the certificate trusted: refused, and said so.
        code, out, err = run([os.path.join(EXAMPLES, "http2_get"), urls[0]])
        self.assertEqual(code, 1)
        self.assertIn("certificate", err.lower())

    def test_through_a_connect_tunnel(self):
        port = self.nginx()
        proxy_port = closed_port()
        conf = os.path.join(self.tmp.name, "tinyproxy.conf")
        with open(conf, "w") as f:
            f.write(f"Port {proxy_port}\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\n"
                    f'PidFile "{self.tmp.name}/tp.pid"\nLogFile "{self.tmp.name}/tp.log"\n'
                    "LogLevel Connect\nConnectPort " + str(port) + "\n")
        wait_for_port(proxy_port, "tinyproxy", self.start(Process(["tinyproxy", "-d", "-c", conf])))
        code, out, err = fetch("-k", "-v", "-s", "-x", f"http://127.0.0.1:{proxy_port}",
                               f"https://127.0.0.1:{port}/hello.txt")
        self.assertEqual((code, out), (0, b"hello\n"), err)
        self.assertIn("CONNECT 127.0.0.1", err)
        self.assertIn("< HTTP/2 200", err)


class DefencesTest(Http2TestCase):
    def assert_calmed(self, client, port, flood):
        """Sends `flood` (the server may close under it); the server must say
        GOAWAY(ENHANCE_YOUR_CALM), close, and still serve another client."""
        try:
            for piece in flood:
                client.send(piece)
        except OSError:
            pass  # closed under us: what it is for
        goaway = client.closed_by_server()
        self.assertIsNotNone(goaway, "closed without GOAWAY")
        self.assertEqual(goaway.error_code(), h2.ENHANCE_YOUR_CALM)
        self.served_by_curl(port)

    def test_rapid_reset_ends_the_connection(self):
        # CVE-2023-44487: streams opened and reset at once, in a loop.
        _, port = serve(self, self.root, "-q")
        client = h2.Client(port)
        burst = b""
        for i in range(1500):
            stream = 2 * i + 1
            burst += h2.frame(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, stream,
                              client.headers_block([(":method", "GET"), (":scheme", "http"),
                                                    (":authority", "x"), (":path", "/big.bin")]))
            burst += h2.frame(h2.RST_STREAM, 0, stream, struct.pack(">I", h2.CANCEL))
        self.assert_calmed(client, port, [burst])

    def test_continuation_flood_ends_the_connection(self):
        _, port = serve(self, self.root, "-q")
        client = h2.Client(port)
        block = client.headers_block([(":method", "GET"), (":scheme", "http"), (":authority", "x"),
                                      (":path", "/hello.txt")])
        client.send(h2.frame(h2.HEADERS, 0, 1, block))
        # "a: b" again and again, never the end of the block.
        self.assert_calmed(client, port, [h2.frame(h2.CONTINUATION, 0, 1, b"\x40\x01a\x01b")] * 200)

    def test_hpack_bomb_gets_431_and_the_connection_goes_on(self):
        # One 4 KB field in HPACK's table, then referred to 100 times with a
        # byte each: 400 KB of fields from a few hundred bytes.
        _, port = serve(self, self.root, "-q")
        client = h2.Client(port)
        encoder = client.encoder
        # (The request's own fields never indexed, so that they do not push
        # the large one out of the 4 KB table.)
        plain = [(":method", "GET", True), (":scheme", "http", True), (":authority", "x", True),
                 (":path", "/hello.txt", True)]
        first = encoder.encode(plain + [("x-bomb", "b" * 4000)])
        client.send(h2.frame(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, first))
        self.assertEqual(client.response(1)[0], 200)
        bomb = encoder.encode(plain + [("x-bomb", "b" * 4000)] * 100)
        self.assertLess(len(bomb), 200)
        client.send(h2.frame(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 3, bomb))
        status, _, body = client.response(3)
        self.assertEqual(status, 431)
        client.request(5, "/hello.txt")
        self.assertEqual(client.response(5)[2], b"hello\n")
        self.served_by_curl(port)

    def test_ping_settings_priority_and_empty_frame_floods_end_the_connection(self):
        # CVE-2019-9512 (PING), 9515 (SETTINGS), 9513-like (PRIORITY) and
        # 9518 (empty frames), each sent without reading a byte back.
        _, port = serve(self, self.root, "-q")
        for flood in (h2.frame(h2.PING, 0, 0, b"12345678"), h2.settings(max_frame_size=16384),
                      h2.frame(h2.PRIORITY, 0, 1, b"\0\0\0\0\x10")):
            self.assert_calmed(h2.Client(port), port, [flood * 5000])
        # Empty DATA frames on a stream whose handler waits for its body.
        _, upload_port = serve(self, self.root, "-q", "--upload")
        client = h2.Client(upload_port)
        client.request(1, "/new.bin", method="PUT", end_stream=False)
        self.assert_calmed(client, upload_port, [h2.frame(h2.DATA, 0, 1, b"") * 5000])
        self.assertFalse(os.path.exists(os.path.join(self.root, "new.bin")))

    def test_a_window_held_shut_times_out(self):
        _, port = serve(self, self.root, "-q", "--send-timeout", "1")
        client = h2.Client(port, initial_window_size=0)
        client.request(1, "/big.bin")
        headers = client.until(lambda f: f.kind == h2.HEADERS and f.stream == 1)
        self.assertIsNotNone(headers)
        began = time.monotonic()
        # PINGs are no progress: they do not keep the stalled stream alive.
        for _ in range(5):
            try:
                client.send(h2.frame(h2.PING, 0, 0, b"stillhere"[:8]))
            except OSError:
                break
            time.sleep(0.3)
        client.closed_by_server(timeout=10)
        self.assertLess(time.monotonic() - began, 8)
        self.served_by_curl(port)

    def test_more_streams_than_the_limit_are_refused(self):
        _, port = serve(self, self.root, "-q")
        client = h2.Client(port, initial_window_size=0)  # every response stalls, its stream open
        client.until(lambda f: f.kind == h2.SETTINGS and not f.flags & h2.ACK)
        limit = client.server_settings[h2.MAX_CONCURRENT_STREAMS]
        self.assertEqual(limit, 100)
        client.until(lambda f: f.kind == h2.SETTINGS and f.flags & h2.ACK)  # it knows ours
        for i in range(limit + 1):
            client.request(2 * i + 1, "/big.bin")
        # RFC 9113 §5.1.2: a stream error, or (nghttp2's way, once the client
        # has acknowledged the limit) the connection's, PROTOCOL_ERROR; the
        # first hundred were taken, the last not.
        refused = client.until(lambda f: f.kind in (h2.RST_STREAM, h2.GOAWAY))
        self.assertIsNotNone(refused, "the extra stream was served")
        self.assertIn(refused.error_code(), (h2.REFUSED_STREAM, h2.PROTOCOL_ERROR))
        if refused.kind == h2.RST_STREAM:
            self.assertEqual(refused.stream, 2 * limit + 1)
        else:
            self.assertEqual(struct.unpack(">I", refused.payload[:4])[0], 2 * limit - 1)
        self.served_by_curl(port)

    def test_stop_sends_goaway_and_finishes_the_streams_in_flight(self):
        process, port = serve(self, self.root, "-q")
        client = h2.Client(port, initial_window_size=65535)
        client.request(1, "/big.bin")
        first = client.until(lambda f: f.kind == h2.DATA and f.stream == 1)
        self.assertIsNotNone(first)
        process.proc.send_signal(signal.SIGTERM)
        body, goaway, opened = first.payload, None, False
        while True:
            got = client.read_frame()
            self.assertIsNotNone(got, "closed before the stream ended")
            if got.kind == h2.GOAWAY:
                goaway = got
            if goaway and not opened:
                # The stream in flight still completes.
                opened = True
                client.send(h2.frame(h2.WINDOW_UPDATE, 0, 0, struct.pack(">I", 2_000_000)) +
                            h2.frame(h2.WINDOW_UPDATE, 0, 1, struct.pack(">I", 2_000_000)))
            if got.kind == h2.DATA and got.stream == 1:
                body += got.payload
                if got.flags & h2.END_STREAM:
                    break
        self.assertIsNotNone(goaway)
        self.assertEqual(goaway.error_code(), h2.NO_ERROR)
        self.assertEqual(struct.unpack(">I", goaway.payload[:4])[0] & 0x7FFFFFFF, 1)
        self.assertEqual(body, self.big)
        self.assertEqual(process.wait(), 0)


if __name__ == "__main__":
    unittest.main()
