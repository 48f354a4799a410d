"""`netkit fetch`: bodies, heads, methods, data, JSON, redirects as urlopen
follows them, content codings, HTTPS, timeouts and exit codes, against
httpbin under gunicorn and `netkit serve` on loopback; file:, data:, ftp://
(pyftpdlib, vsftpd) and ftps:// (vsftpd) URLs with curl's exit codes."""
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import (NETKIT, WithFiles, assert_memory_below, Process, closed_port, run, self_signed, start_nginx,  # noqa: E402
                            run_into_closed_pipe, run_on_full_disk, serve, wait_for_port)
from ftp_peers import FtpServer  # noqa: E402


def fetch(*args, stdin=b""):
    return run([NETKIT, "fetch", *args], stdin)


class FetchTest(WithFiles):
    @classmethod
    def setUpClass(cls):
        cls.httpbin_port = closed_port()
        cls.httpbin = Process(["gunicorn", "-b", f"127.0.0.1:{cls.httpbin_port}", "httpbin:app"])
        try:
            wait_for_port(cls.httpbin_port, "httpbin", cls.httpbin, seconds=20)
        except AssertionError as e:
            cls.httpbin.stop()
            raise AssertionError(f"{e}: {cls.httpbin.stderr_lines}")
        cls.bin = f"http://127.0.0.1:{cls.httpbin_port}"

    @classmethod
    def tearDownClass(cls):
        cls.httpbin.stop()

    def echo(self, *args):
        code, out, err = fetch(*args)
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def test_body_to_stdout_file_and_remote_name(self):
        _, port = serve(self, self.root, "-q")
        url = f"http://127.0.0.1:{port}/hello.txt"
        self.assertEqual(fetch(url)[:2], (0, b"hello\n"))
        target = os.path.join(self.root, "out.bin")
        code, out, err = fetch("-o", target, url)
        self.assertEqual((code, out), (0, b""), err)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"hello\n")
        workdir = tempfile.mkdtemp(dir=self.root)
        done = subprocess.run([os.path.abspath(NETKIT), "fetch", "-O", url], cwd=workdir,
                              capture_output=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(os.path.join(workdir, "hello.txt"), "rb") as f:
            self.assertEqual(f.read(), b"hello\n")
        # A device is written as it is, never replaced by a renamed file.
        self.assertEqual(fetch("-o", "/dev/null", url)[0], 0)
        self.assertTrue(os.path.exists("/dev/null") and not os.path.isfile("/dev/null"))
        self.assertFalse(os.path.exists("/dev/null.part"))
        # Several URLs in one call, written in turn.
        self.assertEqual(fetch(url, url)[1], b"hello\nhello\n")

    def test_a_large_download_streams_in_bounded_memory(self):
        size = 256 * 1024 * 1024
        with open(os.path.join(self.root, "big.bin"), "wb") as f:
            f.truncate(size)  # sparse: the server reads zeros from the page cache
        _, port = serve(self, self.root, "-q")
        target = os.path.join(self.root, "copy.bin")
        done = subprocess.run(["/usr/bin/time", "-f", "%M", os.path.abspath(NETKIT), "fetch", "-o", target,
                               f"http://127.0.0.1:{port}/big.bin"], capture_output=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(os.path.getsize(target), size)
        self.assertFalse(os.path.exists(target + ".part"))
        max_rss_kib = int(done.stderr.decode().strip().splitlines()[-1])
        assert_memory_below(self, max_rss_kib, 64 * 1024)  # far below the 256 MiB it fetched

    def test_a_reader_that_goes_away_or_a_full_disk_is_a_write_error(self):
        # As curl: `netkit fetch URL | head -c 10` is exit 23, not a silent 0
        # with the output cut short (nor a death by SIGPIPE), whether one URL
        # streams out or several are written in turn, by netkit's HTTP client
        # or through urllib's openers (a file: URL).
        with open(os.path.join(self.root, "big.bin"), "wb") as f:
            f.write(os.urandom(4 * 1024 * 1024))
        _, port = serve(self, self.root, "-q")
        url = f"http://127.0.0.1:{port}/big.bin"
        for args in ([url], [url, url, url], ["-i", url], ["file://" + os.path.join(self.root, "big.bin")]):
            code, first, err = run_into_closed_pipe([NETKIT, "fetch", *args])
            self.assertEqual((code, len(first)), (23, 10), (args, err))
            self.assertIn("cannot write to standard output: Broken pipe", err)
        # stdout on a full device.
        with open("/dev/full", "wb") as full:
            done = subprocess.run([NETKIT, "fetch", url], stdout=full, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(done.returncode, 23)
        self.assertIn(b"cannot write to standard output: No space left on device", done.stderr)
        # -o and -O, over HTTP and from a file: URL, into a disk that fills
        # up: 23, the reason, and no partial file left under any name.
        disk = tempfile.mkdtemp(dir=self.root)
        for args in (["-o", "copy.bin", url], ["-O", url], ["-o", "copy.bin", "file://" + os.path.join(self.root, "big.bin")]):
            code, _, err, left = run_on_full_disk([NETKIT, "fetch", *args], disk, size="1m")
            self.assertEqual(code, 23, (args, err))
            self.assertRegex(err, r"cannot write '(copy|big)\.bin': No space left on device")
            self.assertEqual(left, [], args)

    def test_progress_bar_on_a_terminal_only(self):
        import pty
        with open(os.path.join(self.root, "big.bin"), "wb") as f:
            f.truncate(8 * 1024 * 1024)
        _, port = serve(self, self.root, "-q")
        url = f"http://127.0.0.1:{port}/big.bin"
        target = os.path.join(self.root, "copy.bin")
        controller, terminal = pty.openpty()
        done = subprocess.run([NETKIT, "fetch", "-o", target, url], stderr=terminal, stdout=subprocess.PIPE)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(controller)
        self.assertEqual(done.returncode, 0)
        self.assertIn(b"8.0 MiB of 8.0 MiB (100%)", shown)
        self.assertIn(b"/s", shown)
        # Not on a pipe, and not with -s.
        code, _, err = fetch("-o", target, url)
        self.assertEqual((code, err), (0, ""))
        # Binary output to a terminal: refused as curl refuses it (exit 23),
        # unless asked for with -o -. (Small: nobody reads the terminal here.)
        with open(os.path.join(self.root, "small.bin"), "wb") as f:
            f.write(b"\x00\x01binary\x00" * 64)
        small = f"http://127.0.0.1:{port}/small.bin"
        for extra, expected in ([], 23), (["-o", "-"], 0):
            controller, terminal = pty.openpty()
            done = subprocess.run([NETKIT, "fetch", *extra, small], stdout=terminal,
                                  stderr=subprocess.PIPE, timeout=30)
            os.close(terminal)
            os.close(controller)
            self.assertEqual(done.returncode, expected, done.stderr)
            if expected == 23:
                self.assertIn(b"binary output can mess up your terminal", done.stderr)

    def test_resume_a_partial_file(self):
        data = os.urandom(100_000)
        with open(os.path.join(self.root, "data.bin"), "wb") as f:
            f.write(data)
        _, port = serve(self, self.root, "-q")
        url = f"http://127.0.0.1:{port}/data.bin"
        target = os.path.join(self.root, "copy.bin")
        self.assertEqual(fetch("-o", target, url)[0], 0)
        stamped = os.stat(target).st_mtime  # Last-Modified, for If-Range
        self.assertEqual(int(stamped), int(os.stat(os.path.join(self.root, "data.bin")).st_mtime))
        # Cut it short (as an interrupted download), keeping its stamp.
        os.truncate(target, 40_000)
        os.utime(target, (stamped, stamped))
        code, _, err = fetch("-v", "-C", "-", "-o", target, url)
        self.assertEqual(code, 0, err)
        self.assertIn("< HTTP/1.1 206 Partial Content", err)
        self.assertIn("> GET /data.bin HTTP/1.1", err)
        self.assertIn(f"> Host: 127.0.0.1:{port}", err)
        self.assertIn("> Range: bytes=40000-", err)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), data)
        # Already whole: 416 from the server, and nothing changes.
        code, _, err = fetch("-C", "-", "-o", target, url)
        self.assertEqual(code, 0, err)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), data)
        # The file changed on the server: If-Range fails, the whole new one comes.
        os.truncate(target, 10)
        os.utime(target, (stamped, stamped))
        newer = os.urandom(50_000)
        with open(os.path.join(self.root, "data.bin"), "wb") as f:
            f.write(newer)
        os.utime(os.path.join(self.root, "data.bin"), (stamped + 100, stamped + 100))
        time.sleep(1.1)  # past the server's one-second file cache
        code, _, err = fetch("-C", "-", "-o", target, url)
        self.assertEqual(code, 0, err)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), newer)
        code, _, err = fetch("-C", "5", "-o", target, url)
        self.assertEqual(code, 2)

    def test_several_urls_come_out_in_turn(self):
        # Fetched on several connections at once: a slow first answer still
        # comes out first, a 404 in between is an answer like the others (as
        # curl has it; -f makes it a failure), and a failure stops the output
        # there.
        urls = [self.bin + "/delay/1", self.bin + "/base64/Zmlyc3Q=", self.bin + "/status/404",
                self.bin + "/base64/bGFzdA=="]
        code, out, err = fetch(*urls)
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith(b"{"), out[:80])  # /delay/1's JSON, first
        self.assertTrue(out.endswith(b"firstlast"), out[-40:])
        code, out, err = fetch("-f", *urls)
        self.assertEqual(code, 22, err)
        self.assertTrue(out.endswith(b"firstlast"), out[-40:])  # the others still come
        self.assertIn("HTTP Error 404: NOT FOUND", err)
        code, out, err = fetch(self.bin + "/base64/b25l", f"http://127.0.0.1:{closed_port()}/",
                               self.bin + "/base64/dHdv")
        self.assertEqual((code, out), (7, b"one"), err)

    def test_repeatable_options_take_one_value_each(self):
        # As curl's: -H, -b and -F before the URLs take one value each, not
        # the URLs too.
        urls = [self.bin + "/base64/b25l", self.bin + "/base64/dHdv"]
        for option, value in (("-H", "X-A: 1"), ("-b", "a=1"), ("-F", "f=v")):
            code, out, err = fetch("-X", "GET", option, value, option, value, *urls)
            self.assertEqual((code, out), (0, b"onetwo"), (option, err))

    def test_several_large_urls_stay_in_bounded_memory(self):
        size = 64 * 1024 * 1024
        for name in ("a.bin", "b.bin", "c.bin"):
            with open(os.path.join(self.root, name), "wb") as f:
                f.truncate(size)
        _, port = serve(self, self.root, "-q")
        urls = [f"http://127.0.0.1:{port}/{n}" for n in ("a.bin", "b.bin", "c.bin")]
        done = subprocess.run(["/usr/bin/time", "-f", "%M", os.path.abspath(NETKIT), "fetch", *urls],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(len(done.stdout), 3 * size)
        max_rss_kib = int(done.stderr.decode().strip().splitlines()[-1])
        assert_memory_below(self, max_rss_kib, 48 * 1024)  # not the 128 MiB two waiting bodies would take

    def test_include_head_and_methods(self):
        _, port = serve(self, self.root, "-q")
        url = f"http://127.0.0.1:{port}/hello.txt"
        code, out, _ = fetch("-i", url)
        self.assertTrue(out.startswith(b"HTTP/1.1 200 OK\r\n"))
        self.assertTrue(out.endswith(b"\r\n\r\nhello\n"))
        code, out, _ = fetch("-I", url)
        self.assertIn(b"Content-Length: 6\r\n", out)
        self.assertTrue(out.endswith(b"\r\n\r\n"))
        self.assertEqual(self.echo("-X", "DELETE", self.bin + "/delete")["url"], self.bin + "/delete")
        self.assertEqual(self.echo("-H", "X-Thing: yes", self.bin + "/headers")["headers"]["X-Thing"], "yes")

    def test_form_data_json_and_basic_auth(self):
        echo = self.echo("-d", "a=1&b=two", self.bin + "/post")
        self.assertEqual(echo["form"], {"a": "1", "b": "two"})
        path = os.path.join(self.root, "payload.bin")
        with open(path, "wb") as f:
            f.write(b"\x00\x01binary")
        echo = self.echo("--data-binary", "@" + path, "-H", "Content-Type: application/octet-stream",
                         self.bin + "/post")
        self.assertEqual(echo["data"], "\x00\x01binary")
        self.assertEqual(echo["headers"]["Content-Length"], "8")
        echo = self.echo("--json", '{"text": "hi"}', self.bin + "/post")
        self.assertEqual(echo["json"], {"text": "hi"})
        self.assertEqual(echo["headers"]["Accept"], "application/json")
        self.assertEqual(self.echo("-u", "ada:secret", self.bin + "/basic-auth/ada/secret"),
                         {"authenticated": True, "user": "ada"})
        # Digest (RFC 7616), MD5 and SHA-256, answering the server's challenge.
        for algorithm in ("MD5", "SHA-256"):
            self.assertEqual(self.echo("-u", "ada:secret", f"{self.bin}/digest-auth/auth/ada/secret/{algorithm}"),
                             {"authenticated": True, "user": "ada"})
        code, _, err = fetch("-f", "-u", "ada:wrong", self.bin + "/digest-auth/auth/ada/secret/MD5")
        self.assertEqual(code, 22)
        # Credentials in the URL's user-info.
        userinfo = self.bin.replace("http://", "http://ada:s%3Acret@") + "/basic-auth/ada/s:cret"
        self.assertEqual(self.echo(userinfo), {"authenticated": True, "user": "ada"})
        code, _, err = fetch("-f", "-u", "ada:wrong", self.bin + "/basic-auth/ada/secret")
        self.assertEqual(code, 22)
        self.assertIn("HTTP Error 401: UNAUTHORIZED", err)

    def test_multipart_forms(self):
        path = os.path.join(self.root, "report.csv")
        with open(path, "wb") as f:
            f.write(b"a,b\r\n1,2\r\n")
        echo = self.echo("-F", "title=Q3 \"numbers\"", "-F", f"sheet=@{path};type=text/csv",
                         self.bin + "/post")
        self.assertEqual(echo["form"], {"title": 'Q3 "numbers"'})
        self.assertEqual(echo["files"], {"sheet": "a,b\r\n1,2\r\n"})
        self.assertTrue(echo["headers"]["Content-Type"].startswith("multipart/form-data; boundary="))
        # Into netkit serve's upload form, under another name.
        up = os.path.join(self.root, "uploads")
        os.mkdir(up)
        _, port = serve(self, up, "-q", "--upload")
        code, out, err = fetch("-F", f"file=@{path};filename=renamed.csv", f"http://127.0.0.1:{port}/")
        self.assertEqual(code, 0, err)
        with open(os.path.join(up, "renamed.csv"), "rb") as f:
            self.assertEqual(f.read(), b"a,b\r\n1,2\r\n")
        self.assertEqual(fetch("-F", "novalue", self.bin + "/post")[0], 2)
        self.assertEqual(fetch("-F", "f=@/nonexistent", self.bin + "/post")[0], 2)

    def test_uploads_stream_from_disk_with_expect_continue(self):
        up = os.path.join(self.root, "up")
        os.mkdir(up)
        big = os.path.join(self.root, "big.bin")
        # 96 MiB, each MiB different: far more than the client may hold.
        block = os.urandom(1024 * 1024)
        data = b"".join(bytes([i]) + block[1:] for i in range(96))
        with open(big, "wb") as f:
            f.write(data)
        _, port = serve(self, up, "-q", "--upload", "--max-upload", "128M")
        done = subprocess.run(["/usr/bin/time", "-f", "%M", os.path.abspath(NETKIT), "fetch", "-T", big,
                               f"http://127.0.0.1:{port}/big.bin"], capture_output=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(os.path.join(up, "big.bin"), "rb") as f:
            self.assertEqual(f.read(), data)
        max_rss_kib = int(done.stderr.decode().strip().splitlines()[-1])
        assert_memory_below(self, max_rss_kib, 48 * 1024)  # sent from the file, not the 96 MiB in memory
        # --data-binary @FILE streams too (to httpbin, which echoes it).
        small = os.path.join(self.root, "small.txt")
        with open(small, "wb") as f:
            f.write(b"streamed")
        echo = self.echo("--data-binary", "@" + small, "-H", "Content-Type: text/plain", self.bin + "/post")
        self.assertEqual((echo["data"], echo["headers"]["Content-Length"]), ("streamed", "8"))
        # To a URL ending in '/', the file keeps its name (curl's -T).
        named = os.path.join(self.root, "a b.txt")
        with open(named, "wb") as f:
            f.write(b"named upload")
        code, _, err = fetch("-T", named, f"http://127.0.0.1:{port}/")
        self.assertEqual(code, 0, err)
        with open(os.path.join(up, "a b.txt"), "rb") as f:
            self.assertEqual(f.read(), b"named upload")
        # Refused before the body: the server answers 413 instead of 100, and
        # the 96 MiB never go out.
        _, small_port = serve(self, up, "--upload", "--max-upload", "1M")
        code, _, err = fetch("-f", "-v", "-T", big, f"http://127.0.0.1:{small_port}/again.bin")
        self.assertEqual(code, 22, err)
        self.assertIn("> Expect: 100-continue", err)
        self.assertIn("HTTP Error 413", err)
        self.assertFalse(os.path.exists(os.path.join(up, "again.bin")))

    def test_redirects_as_urlopen_follows_them(self):
        self.assertEqual(self.echo(self.bin + "/redirect/3")["url"], self.bin + "/get")
        code, out, _ = fetch("--no-location", "-i", self.bin + "/redirect/1")
        self.assertEqual(code, 0)
        self.assertTrue(out.startswith(b"HTTP/1.1 302"))
        # 303 turns POST into GET without a body; 307 keeps both.
        echo = self.echo("-d", "x=1", self.bin + "/redirect-to?url=/anything&status_code=303")
        self.assertEqual((echo["method"], echo["form"]), ("GET", {}))
        echo = self.echo("-d", "x=1", self.bin + "/redirect-to?url=/anything&status_code=307")
        self.assertEqual((echo["method"], echo["form"]), ("POST", {"x": "1"}))
        code, _, err = fetch(self.bin + "/redirect/11")
        self.assertNotEqual(code, 0)
        self.assertIn("too many redirects", err)

    def test_absolute_redirects_and_308(self):
        self.assertEqual(self.echo(self.bin + "/absolute-redirect/3")["url"], self.bin + "/get")
        echo = self.echo("-d", "x=1", self.bin + "/redirect-to?url=/anything&status_code=308")
        self.assertEqual((echo["method"], echo["form"]), ("POST", {"x": "1"}))

    def test_credentials_are_dropped_when_the_origin_changes(self):
        other = f"http://localhost:{self.httpbin_port}/headers"  # another origin, same server
        echo = self.echo("-H", "Authorization: Bearer secret", "-H", "Cookie: a=b",
                         self.bin + "/redirect-to?url=" + other)
        self.assertNotIn("Authorization", echo["headers"])
        self.assertNotIn("Cookie", echo["headers"])
        echo = self.echo("-H", "Authorization: Bearer secret", self.bin + "/redirect-to?url=/headers")
        self.assertEqual(echo["headers"]["Authorization"], "Bearer secret")

    def test_content_codings_are_decoded(self):
        self.assertTrue(self.echo(self.bin + "/gzip")["gzipped"])
        self.assertTrue(self.echo(self.bin + "/deflate")["deflated"])
        self.assertTrue(self.echo(self.bin + "/brotli")["brotli"])
        # zstd, from a precompressed sibling made with the zstd command.
        with open(os.path.join(self.root, "notes.txt"), "wb") as f:
            f.write(b"zstd text " * 100)
        code, _, err = run(["zstd", "-q", "-19", os.path.join(self.root, "notes.txt"), "-o",
                            os.path.join(self.root, "notes.txt.zst")])
        self.assertEqual(code, 0, err)
        # A precompressed file from netkit serve comes back as its text.
        with open(os.path.join(self.root, "page.txt"), "wb") as f:
            f.write(b"plain text " * 50)
        with open(os.path.join(self.root, "page.txt.gz"), "wb") as f:
            f.write(gzip.compress(b"plain text " * 50))
        _, port = serve(self, self.root, "-q")
        self.assertEqual(fetch(f"http://127.0.0.1:{port}/page.txt")[1], b"plain text " * 50)
        code, out, err = fetch("-v", f"http://127.0.0.1:{port}/notes.txt")
        self.assertEqual(out, b"zstd text " * 100)
        self.assertIn("< Content-Encoding: zstd", err)
        # curl's --compressed asks for what netkit asks for anyway.
        code, out, err = fetch("--compressed", "-v", f"http://127.0.0.1:{port}/notes.txt")
        self.assertEqual(out, b"zstd text " * 100)
        self.assertIn("> Accept-Encoding: gzip, deflate, br, zstd", err)

    def test_status_errors_and_exit_codes(self):
        code, out, err = fetch("-f", self.bin + "/status/404")
        self.assertEqual(code, 22)
        self.assertIn("HTTP Error 404: NOT FOUND", err)
        _, port = serve(self, self.root, "-q")
        # As curl: a 404 is an answer, its body written, exit 0; with -f a
        # failure: no body, Python's words on stderr, exit 22, no file made.
        code, out, err = fetch(f"http://127.0.0.1:{port}/missing")
        self.assertEqual((code, err), (0, ""))
        self.assertIn(b"File not found", out)
        target = os.path.join(self.root, "never.html")
        code, out, err = fetch("-f", "-o", target, f"http://127.0.0.1:{port}/missing")
        self.assertEqual((code, out), (22, b""))
        self.assertIn("HTTP Error 404: Not Found", err)
        self.assertFalse(os.path.exists(target) or os.path.exists(target + ".part"))
        # Where the body cannot go: the reason, curl's 23, nothing left behind.
        code, _, err = fetch("-o", "/nonexistent/dir/x", f"http://127.0.0.1:{port}/hello.txt")
        self.assertEqual(code, 23)
        self.assertIn("cannot write '/nonexistent/dir/x': No such file or directory", err)
        code, _, err = fetch("-s", "-o", "/dev/full", f"http://127.0.0.1:{port}/hello.txt")
        self.assertEqual(code, 23)
        self.assertIn("cannot write '/dev/full': No space left on device", err)
        self.assertFalse(os.path.isfile("/dev/full"))
        # -A, and -w with curl's variables.
        code, out, err = fetch("-s", "-o", os.devnull, "-A", "probe/1", "-w",
                               "%{http_code} %{size_download} %{url_effective} %{num_redirects}\\n",
                               self.bin + "/user-agent")
        self.assertEqual(code, 0, err)
        status, size, effective, redirects = out.decode().split()
        self.assertEqual((status, effective, redirects), ("200", self.bin + "/user-agent", "0"))
        self.assertGreater(int(size), 0)
        self.assertEqual(self.echo("-A", "probe/1", self.bin + "/user-agent"), {"user-agent": "probe/1"})
        # Malformed URLs: curl's exit 3, naming the position and the rule.
        for bad, words in [("http://exa mple.com/", "position 10"), ("http://h:99999/", "out of range"),
                           ("http:///x", "no host")]:
            code, _, err = fetch(bad)
            self.assertEqual(code, 3, (bad, err))
            self.assertIn(words, err)
        self.assertEqual(fetch(f"127.0.0.1:{port}/hello.txt")[:2], (0, b"hello\n"))  # no scheme: http://
        code, _, err = fetch(f"http://127.0.0.1:{closed_port()}/")
        self.assertEqual(code, 7, err)
        # In a network namespace of its own the lookup fails without a packet
        # leaving this machine.
        code, _, err = run(["unshare", "-n", NETKIT, "fetch", "http://nosuchhost.invalid/"])
        self.assertEqual(code, 6, err)
        self.assertIn("host not found", err)
        code, _, err = fetch("-m", "1", self.bin + "/delay/5")
        self.assertEqual(code, 28, err)  # (a limit not applied: delay/5 answers, exit 0)
        code, _, err = fetch("gopher://127.0.0.1/x")
        self.assertNotEqual(code, 0)
        self.assertIn("not an http:// or https:// URL", err)
        code, _, err = fetch("-H", "no colon", self.bin + "/get")
        self.assertEqual(code, 2)

    def test_https_verification(self):
        cert, key = self_signed(self.root)
        _, port = serve(self, self.root, "-q", "--tls-cert", cert, "--tls-key", key)
        url = f"https://localhost:{port}/hello.txt"
        self.assertEqual(fetch("--cacert", cert, url)[:2], (0, b"hello\n"))
        code, _, err = fetch(url)
        self.assertEqual(code, 60, err)
        self.assertEqual(fetch("-k", url)[:2], (0, b"hello\n"))


class OtherSchemesTest(WithFiles):
    """file:, data:, ftp:// and ftps:// URLs, through urllib's handlers."""

    def setUp(self):
        super().setUp()
        os.chmod(self.root, 0o755)
        self.big = os.urandom(300 * 1000)
        with open(os.path.join(self.root, "big.bin"), "wb") as f:
            f.write(self.big)
        self.out = tempfile.mkdtemp()
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", self.out]))

    def test_file_urls(self):
        path = os.path.join(self.root, "hello.txt")
        self.assertEqual(fetch("file://" + path)[:2], (0, b"hello\n"))
        self.assertEqual(fetch("file:" + path)[:2], (0, b"hello\n"))
        code, out, err = fetch("-I", "file://" + path)
        self.assertEqual(code, 0, err)
        self.assertIn(b"Content-length: 6\r\n", out)
        # Missing, a directory, another host: curl's 37, and Python's words.
        code, _, err = fetch("file://" + self.root + "/missing.txt")
        self.assertEqual(code, 37)
        self.assertIn("No such file or directory", err)
        self.assertEqual(fetch("file://" + self.root)[0], 37)
        code, _, err = fetch("file://elsewhere.invalid/etc/hostname")
        self.assertEqual(code, 1)
        self.assertIn("file not on local host", err)
        # -C -: the rest of a partial file, appended.
        target = os.path.join(self.out, "big.bin")
        with open(target, "wb") as f:
            f.write(self.big[:1000])
        self.assertEqual(fetch("-C", "-", "-o", target, "file://" + self.root + "/big.bin")[0], 0)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), self.big)

    def test_data_urls(self):
        self.assertEqual(fetch("data:text/plain;base64,SGVsbG8=")[:2], (0, b"Hello"))
        self.assertEqual(fetch("data:,a%20b")[:2], (0, b"a b"))
        code, out, err = fetch("-s", "-o", "/dev/null", "-w", "%{size_download} %{content_type}",
                               "data:,abc")
        self.assertEqual((code, out), (0, b"3 text/plain;charset=US-ASCII"), err)
        code, _, err = fetch("data:text/plain")
        self.assertEqual(code, 3)
        self.assertIn("','", err)
        self.assertEqual(fetch("data:;base64,SGk")[0], 3)  # bad padding
        self.assertEqual(fetch("-d", "x", "data:,a")[0], 2)  # nothing to send data to

    def test_ftp_urls(self):
        for kind in ("pyftpdlib", "vsftpd"):
            with self.subTest(kind):
                server = FtpServer(kind, self.root)
                self.addCleanup(server.stop)
                base = server.url
                self.assertEqual(fetch(base + "/hello.txt")[:2], (0, b"hello\n"))
                target = os.path.join(self.out, kind + ".bin")
                code, _, err = fetch("-s", "-o", target, base + "/big.bin")
                self.assertEqual(code, 0, err)
                with open(target, "rb") as f:
                    self.assertEqual(f.read(), self.big)
                # -C -: REST from what the file has.
                with open(target, "wb") as f:
                    f.write(self.big[:123456])
                code, _, err = fetch("-s", "-C", "-", "-o", target, base + "/big.bin")
                self.assertEqual(code, 0, err)
                with open(target, "rb") as f:
                    self.assertEqual(f.read(), self.big)
                code, out, err = fetch(base + "/")
                self.assertEqual(code, 0, err)
                self.assertIn(b"big.bin", out)
                code, _, err = fetch(base + "/missing.txt")
                self.assertEqual(code, 78, err)
                self.assertFalse(os.path.exists(os.path.join(self.out, "missing.txt")))
        pyftpd = FtpServer("pyftpdlib", self.root)
        self.addCleanup(pyftpd.stop)
        url = "ftp://127.0.0.1:%d/hello.txt" % pyftpd.port
        code, _, err = fetch("ftp://netkit:wrong@127.0.0.1:%d/hello.txt" % pyftpd.port)
        self.assertEqual(code, 67, err)
        self.assertIn("530", err)
        self.assertEqual(fetch("-u", "netkit:secret", url)[:2], (0, b"hello\n"))
        self.assertEqual(fetch("ftp://127.0.0.1:%d/hello.txt" % closed_port())[0], 7)

    def test_ftps_urls(self):
        cert, key = self_signed(self.out, "127.0.0.1")
        server = FtpServer("vsftpd", self.root, tls=(cert, key), implicit=True)
        self.addCleanup(server.stop)
        url = "ftps://127.0.0.1:%d/big.bin" % server.port
        code, out, err = fetch("--cacert", cert, url)
        self.assertEqual(code, 0, err)
        self.assertEqual(out, self.big)
        self.assertEqual(fetch(url)[0], 60)  # not trusted by the system's store


class ProxyTest(WithFiles):
    """Through tinyproxy on loopback: absolute-form for http://, a CONNECT
    tunnel for https://, proxy credentials, and no_proxy."""

    def setUp(self):
        super().setUp()
        self.proxy_port = closed_port()
        conf = os.path.join(self.root, "tinyproxy.conf")
        with open(conf, "w") as f:
            f.write(f"Port {self.proxy_port}\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\n"
                    f'PidFile "{self.root}/tp.pid"\nLogFile "{self.root}/tp.log"\nLogLevel Connect\n'
                    "BasicAuth ada s3cret\n")
        wait_for_port(self.proxy_port, "tinyproxy", self.start(Process(["tinyproxy", "-d", "-c", conf])))
        self.proxy = f"http://ada:s3cret@127.0.0.1:{self.proxy_port}"

    def proxy_log(self):
        with open(os.path.join(self.root, "tp.log")) as f:
            return f.read()

    def test_http_through_the_proxy(self):
        _, port = serve(self, self.root, "-q")
        url = f"http://127.0.0.1:{port}/hello.txt"
        self.assertEqual(fetch("-x", self.proxy, url)[:2], (0, b"hello\n"))
        self.assertIn(f"GET {url}", self.proxy_log())
        # The environment, as urlopen reads it; no credentials: 407.
        env = dict(os.environ, http_proxy=f"http://127.0.0.1:{self.proxy_port}")
        done = subprocess.run([NETKIT, "fetch", "-f", url], env=env, capture_output=True)
        self.assertEqual(done.returncode, 22)
        self.assertIn(b"HTTP Error 407", done.stderr)
        env = dict(os.environ, HTTP_PROXY=self.proxy)
        done = subprocess.run([NETKIT, "fetch", url], env=env, capture_output=True)
        self.assertEqual((done.returncode, done.stdout), (0, b"hello\n"), done.stderr)

    def test_https_through_a_connect_tunnel(self):
        cert, key = self_signed(self.root)
        _, port = serve(self, self.root, "-q", "--tls-cert", cert, "--tls-key", key)
        url = f"https://localhost:{port}/hello.txt"
        env = dict(os.environ, https_proxy=self.proxy)
        done = subprocess.run([NETKIT, "fetch", "--cacert", cert, url], env=env, capture_output=True)
        self.assertEqual((done.returncode, done.stdout), (0, b"hello\n"), done.stderr)
        self.assertIn(f"CONNECT localhost:{port}", self.proxy_log())
        # Without the proxy's credentials the tunnel is refused.
        env = dict(os.environ, https_proxy=f"http://127.0.0.1:{self.proxy_port}")
        done = subprocess.run([NETKIT, "fetch", "--cacert", cert, url], env=env, capture_output=True)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn(b"proxy refused", done.stderr)
        # no_proxy: straight to the server, even with a dead proxy set.
        env = dict(os.environ, https_proxy="http://127.0.0.1:1", no_proxy="example.com, localhost")
        done = subprocess.run([NETKIT, "fetch", "--cacert", cert, url], env=env, capture_output=True)
        self.assertEqual((done.returncode, done.stdout), (0, b"hello\n"), done.stderr)


class NginxTest(WithFiles):
    """nginx as the server, over HTTP and over HTTPS with a CA minted here."""

    def start_nginx(self, tls):
        return start_nginx(self, self.root, tls)

    def test_http_and_https_from_nginx(self):
        port, _ = self.start_nginx(tls=False)
        url = f"http://127.0.0.1:{port}/hello.txt"
        self.assertEqual(fetch(url)[:2], (0, b"hello\n"))
        self.assertEqual(fetch(url, url, url)[1], b"hello\n" * 3)
        code, _, err = fetch("-f", f"http://127.0.0.1:{port}/missing")
        self.assertEqual(code, 22)
        self.assertIn("HTTP Error 404: Not Found", err)

    def test_https_from_nginx(self):
        port, cert = self.start_nginx(tls=True)
        url = f"https://localhost:{port}/hello.txt"
        self.assertEqual(fetch("--cacert", cert, url)[:2], (0, b"hello\n"))
        self.assertEqual(fetch(url)[0], 60)

    def test_tls_sessions_resumed_with_nginx(self):
        # nginx closing after each request (keepalive_requests 1) and logging
        # whether it resumed the TLS session: after the first full handshake,
        # each new connection resumes, with TLS 1.3 tickets (used once each)
        # and TLS 1.2 tickets or session ids, one URL after another (-v) and
        # on fetch's four parallel connections.
        cert = self_signed(self.root)
        for protocol in ("TLSv1.3", "TLSv1.2"):
            for kind, resumption in (("tickets", "ssl_session_tickets on;"),
                                     ("ids", "ssl_session_tickets off; ssl_session_cache shared:netkit:1m;")):
                with self.subTest(protocol=protocol, resumption=kind):
                    log = os.path.join(self.root, f"{protocol}-{kind}.log")
                    port, _ = start_nginx(
                        self, self.root, tls=True, cert=cert,
                        http="log_format resumed '$ssl_protocol $ssl_session_reused';",
                        server=f"ssl_protocols {protocol}; {resumption} keepalive_requests 1; access_log {log} resumed;")
                    url = f"https://localhost:{port}/hello.txt"
                    code, out, err = fetch("-v", "--cacert", cert[0], url, url, url, url)
                    self.assertEqual((code, out), (0, b"hello\n" * 4), err)
                    with open(log) as f:
                        self.assertEqual(f.read().split("\n"), [f"{protocol} {r}" for r in ".rrr"] + [""])
                    code, out, _ = fetch("--cacert", cert[0], *[url] * 10)
                    self.assertEqual((code, out), (0, b"hello\n" * 10))
                    with open(log) as f:
                        parallel = f.read().split("\n")[4:-1]
                    # The first four connections start together, before any
                    # session exists; each later one starts after another's
                    # answer, whose session came before it.
                    self.assertEqual(len(parallel), 10)
                    self.assertGreaterEqual(parallel.count(f"{protocol} r"), 6, parallel)


class ApacheTest(WithFiles):
    """Apache httpd with mod_deflate compressing text on the fly, as Debian's
    default configuration does: the server a resume must not be fooled by."""

    def start_apache(self):
        os.chmod(self.root, 0o755)  # its worker drops to nobody
        www = os.path.join(self.root, "www")
        os.mkdir(www)
        os.chmod(www, 0o755)
        port = closed_port()
        modules = "/usr/lib/apache2/modules"
        conf = os.path.join(self.root, "httpd.conf")
        with open(conf, "w") as f:
            f.write(f"""ServerRoot {self.root}
Listen 127.0.0.1:{port}
PidFile {self.root}/httpd.pid
ErrorLog {self.root}/error.log
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule filter_module {modules}/mod_filter.so
LoadModule deflate_module {modules}/mod_deflate.so
User nobody
Group nogroup
ServerName localhost
DocumentRoot {www}
TypesConfig /etc/mime.types
AddOutputFilterByType DEFLATE text/html text/plain
""")
        wait_for_port(port, "apache", self.start(Process(["/usr/sbin/apache2", "-f", conf, "-DFOREGROUND"])))
        return www, port

    def test_resume_from_a_server_that_compresses_on_the_fly(self):
        www, port = self.start_apache()
        words = [b"alpha", b"beta", b"gamma", b"netkit", b"resume", b"range"]
        text = b" ".join(words[(i * 7 + i // 3) % len(words)] for i in range(100_000))
        with open(os.path.join(www, "words.txt"), "wb") as f:
            f.write(text)
        # An old file: Apache's validators are strong only a second after a change.
        os.utime(os.path.join(www, "words.txt"), (time.time() - 100, time.time() - 100))
        url = f"http://127.0.0.1:{port}/words.txt"
        target = os.path.join(self.root, "words.txt")
        code, _, err = fetch("-v", "-o", target, url)
        self.assertEqual(code, 0, err)
        self.assertIn("< Content-Encoding: gzip", err)  # compressed on the fly, and decoded
        with open(target, "rb") as f:
            self.assertEqual(f.read(), text)
        stamped = os.stat(target).st_mtime
        # Cut short past the compressed size: asked with gzip, Apache would
        # apply the range to its compressed stream and answer 416.
        os.truncate(target, 250_000)
        os.utime(target, (stamped, stamped))
        code, _, err = fetch("-v", "-C", "-", "-o", target, url)
        self.assertEqual(code, 0, err)
        self.assertIn("> Accept-Encoding: identity", err)
        self.assertIn("< HTTP/1.1 206 Partial Content", err)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), text)
        # Whole already: Apache's 416 does not say the size (no Content-Range),
        # so it cannot count as complete: an error, and the file as it was.
        code, _, err = fetch("-C", "-", "-o", target, url)
        self.assertEqual(code, 33, err)
        self.assertIn("cannot resume", err)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), text)


class HostileServer:
    """A raw socket server that answers every connection with `reply` (bytes,
    or a function of the request), then closes; `stall` keeps it open."""

    def __init__(self, reply, stall=False):
        import threading
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.reply, self.stall, self.held = reply, stall, []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            request = c.recv(65536)
            data = self.reply(request) if callable(self.reply) else self.reply
            try:
                c.sendall(data)
            except OSError:
                pass
            if self.stall:
                self.held.append(c)
            else:
                c.close()

    def close(self):
        self.sock.close()
        for c in self.held:
            c.close()


class HostileServerTest(WithFiles):
    def fetch_to_file(self, server, *extra, kept=None):
        """(exit code, stderr); nothing under the name, and FILE.part holding
        `kept` (the bytes a cut left for -C -) or not there."""
        self.addCleanup(server.close)
        target = os.path.join(self.root, "out.bin")
        code, _, err = fetch(*extra, "-o", target, f"http://127.0.0.1:{server.port}/x")
        self.assertFalse(os.path.exists(target), "a partial file was left under the name")
        if kept is None:
            self.assertFalse(os.path.exists(target + ".part"), "a partial file was left")
        else:
            with open(target + ".part", "rb") as f:
                self.assertEqual(f.read(), kept)
            os.remove(target + ".part")
        return code, err

    def test_each_broken_response_is_a_clear_error_and_leaves_no_file(self):
        # A body cut short: curl's 18, and what came is kept for -C -.
        code, err = self.fetch_to_file(HostileServer(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"),
                                       kept=b"short")
        self.assertEqual(code, 18, err)
        self.assertIn("connection closed inside a message (the part received is in", err)
        # A malformed response: 1, and nothing of it kept.
        cases = [
            (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n0\r\n\r\n",
             "chunk"),
            (b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n", "header"),
            (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
             b"5\r\nhello\r\n0\r\n\r\n", "both Transfer-Encoding and Content-Length"),
            (b"HTTP/1.1 OK\r\n\r\n", "status line"),
        ]
        for reply, words in cases:
            code, err = self.fetch_to_file(HostileServer(reply))
            self.assertEqual(code, 1, err)
            self.assertIn(words, err, reply[:60])

    def test_a_gzip_bomb_is_refused(self):
        bomb = gzip.compress(b"\0" * (256 * 1024 * 1024), compresslevel=9)
        reply = (b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                 str(len(bomb)).encode() + b"\r\n\r\n" + bomb)
        code, err = self.fetch_to_file(HostileServer(reply))
        self.assertEqual(code, 1, err)
        self.assertIn("decoded content larger than the limit", err)

    def test_a_stalling_server_times_out(self):
        # (A limit not applied would hang until run()'s own timeout fails it.)
        code, err = self.fetch_to_file(
            HostileServer(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial", stall=True),
            "-m", "1", kept=b"partial")
        self.assertEqual(code, 28, err)

    def test_a_resume_the_answer_does_not_fit_is_an_error(self):
        # 416s that do not say the file is whole at its size, and 206s of
        # another range or of a compressed form: exit 33, the file untouched.
        target = os.path.join(self.root, "part.bin")
        cases = [
            b"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 0\r\n\r\n",
            b"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */999\r\nContent-Length: 0\r\n\r\n",
            b"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-4/10\r\nContent-Length: 5\r\n\r\nhello",
            b"HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: 5\r\n\r\nhello",
        ]
        for reply in cases:
            with open(target, "wb") as f:
                f.write(b"12345")
            server = HostileServer(reply)
            self.addCleanup(server.close)
            code, _, err = fetch("-C", "-", "-o", target, f"http://127.0.0.1:{server.port}/x")
            self.assertEqual(code, 33, (reply, err))
            self.assertIn("cannot resume", err)
            with open(target, "rb") as f:
                self.assertEqual(f.read(), b"12345", reply)
        # The 416 that says the whole is these 5 bytes: complete, exit 0.
        server = HostileServer(b"HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */5\r\n"
                               b"Content-Length: 0\r\n\r\n")
        self.addCleanup(server.close)
        code, _, err = fetch("-C", "-", "-o", target, f"http://127.0.0.1:{server.port}/x")
        self.assertEqual(code, 0, err)

    def test_a_redirect_loop_ends(self):
        loop = HostileServer(lambda request: b"HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n")
        code, err = self.fetch_to_file(loop)
        self.assertEqual(code, 1, err)
        self.assertIn("redirect loop", err)


if __name__ == "__main__":
    unittest.main()
