"""Cookies in `netkit fetch` (-b, -c, -j) against httpbin, and its
cookies.txt read and written by curl, wget and Python's MozillaCookieJar:
the same cookies after every round trip. Two processes saving one jar at
once lose neither's cookies."""
import http.cookiejar
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import EXAMPLES, NETKIT, NetkitTestCase, Process, closed_port, example, run, wait_for_port  # noqa: E402


def fetch(*args):
    return run([NETKIT, "fetch", "-s", *args], timeout=60)


def jar_lines(path):
    """The cookie lines of a cookies.txt, without comments, sorted (bytes
    as Latin-1: a cookie's value may be any bytes)."""
    with open(path, encoding="latin-1") as f:
        return sorted(line.rstrip("\n") for line in f
                      if line.strip() and (not line.startswith("#") or line.startswith("#HttpOnly_")))


class CookiesTest(NetkitTestCase):
    @classmethod
    def setUpClass(cls):
        cls.port = closed_port()
        cls.httpbin = Process(["gunicorn", "-b", f"127.0.0.1:{cls.port}", "-w", "4", "httpbin:app"])
        wait_for_port(cls.port, "httpbin", cls.httpbin)
        cls.base = f"http://127.0.0.1:{cls.port}"

    @classmethod
    def tearDownClass(cls):
        cls.httpbin.stop()

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.jar = os.path.join(self.tmp.name, "jar.txt")

    def sent(self, *args):
        """The cookies httpbin received, as {name: value}."""
        code, out, err = fetch(*args, self.base + "/cookies")
        self.assertEqual(code, 0, err)
        return json.loads(out)["cookies"]

    def test_a_redirect_s_cookies_go_to_its_target_and_into_the_jar(self):
        # /cookies/set answers 302 with Set-Cookie, to /cookies, which echoes.
        code, out, err = fetch("-c", self.jar, self.base + "/cookies/set?a=1&b=two")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["cookies"], {"a": "1", "b": "two"})
        self.assertEqual(jar_lines(self.jar), ["127.0.0.1\tFALSE\t/\tFALSE\t0\ta\t1",
                                              "127.0.0.1\tFALSE\t/\tFALSE\t0\tb\ttwo"])
        self.assertEqual(self.sent("-b", self.jar), {"a": "1", "b": "two"})
        # -j leaves the session cookies of -b files out; -b data goes as it is.
        self.assertEqual(self.sent("-j", "-b", self.jar), {})
        self.assertEqual(self.sent("-b", self.jar, "-b", "x=y; z=w"), {"a": "1", "b": "two", "x": "y", "z": "w"})
        # A hop whose URL a strict parser refuses ('|' in its query) is a
        # hop like any other: its cookie is kept and sent on.
        code, out, err = fetch("-b", self.jar, "-c", self.jar,
                               self.base + "/redirect-to?url=%2Fcookies%2Fset%3Fbar%3Dx%7Cy")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["cookies"], {"a": "1", "b": "two", "bar": "x|y"})
        # A deletion (Max-Age=0) reaches the file.
        code, _, err = fetch("-b", self.jar, "-c", self.jar, self.base + "/cookies/delete?a")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.sent("-b", self.jar), {"b": "two", "bar": "x|y"})

    def test_curl_and_netkit_read_each_other_s_jars(self):
        code, _, err = fetch("-c", self.jar, self.base + "/cookies/set?from_netkit=1")
        self.assertEqual(code, 0, err)
        done = subprocess.run(["curl", "-s", "-b", self.jar, self.base + "/cookies"], capture_output=True)
        self.assertEqual(json.loads(done.stdout)["cookies"], {"from_netkit": "1"})
        curl_jar = os.path.join(self.tmp.name, "curl.txt")
        subprocess.run(["curl", "-s", "-L", "-c", curl_jar, self.base + "/cookies/set?from_curl=2"],
                       capture_output=True, check=True)
        self.assertEqual(self.sent("-b", curl_jar), {"from_curl": "2"})
        # curl's jar through netkit (-b, then -c): the same lines. (What
        # the -c file held and this run did not load is not kept: the file
        # is the run's jar, as with curl.)
        code, _, err = fetch("-b", curl_jar, "-c", self.jar, self.base + "/cookies")
        self.assertEqual(code, 0, err)
        self.assertEqual(jar_lines(self.jar), jar_lines(curl_jar))

    def test_wget_and_netkit_read_each_other_s_jars(self):
        code, _, err = fetch("-c", self.jar, self.base + "/cookies/set?from_netkit=1")
        self.assertEqual(code, 0, err)
        done = subprocess.run(["wget", "-q", "-O", "-", "--load-cookies", self.jar, self.base + "/cookies"],
                              capture_output=True)
        self.assertEqual(json.loads(done.stdout)["cookies"], {"from_netkit": "1"})
        wget_jar = os.path.join(self.tmp.name, "wget.txt")
        subprocess.run(["wget", "-q", "-O", "/dev/null", "--save-cookies", wget_jar, "--keep-session-cookies",
                        self.base + "/cookies/set?from_wget=3"], capture_output=True, check=True)
        # wget writes the domain as "127.0.0.1:PORT": a cookie's host has no port.
        with open(wget_jar) as f:
            self.assertIn(f"127.0.0.1:{self.port}\tFALSE", f.read())
        self.assertEqual(self.sent("-b", wget_jar), {"from_wget": "3"})

    def test_python_s_mozilla_cookie_jar_and_netkit_read_each_other_s_jars(self):
        # A persistent cookie (Max-Age) and a session one.
        code, _, err = fetch("-c", self.jar, self.base + "/response-headers?Set-Cookie=keep%3D1%3B%20Max-Age%3D3600")
        self.assertEqual(code, 0, err)
        code, _, err = fetch("-b", self.jar, "-c", self.jar, self.base + "/cookies/set?session=2")
        self.assertEqual(code, 0, err)
        # Session cookies have expiry 0, as curl and wget write them (both
        # skip a line whose expiry is empty); Python reads 0 as long past,
        # so it needs ignore_expires as well as ignore_discard for them.
        python = http.cookiejar.MozillaCookieJar(self.jar)
        python.load(ignore_discard=True, ignore_expires=True)
        self.assertEqual(sorted((c.name, c.value, c.domain) for c in python),
                         [("keep", "1", "127.0.0.1"), ("session", "2", "127.0.0.1")])
        keep = next(c for c in python if c.name == "keep")
        self.assertAlmostEqual(keep.expires, time.time() + 3600, delta=60)
        # Python writes; netkit reads what it wrote.
        python_jar = os.path.join(self.tmp.name, "python.txt")
        python.save(python_jar, ignore_discard=True, ignore_expires=True)
        self.assertEqual(self.sent("-b", python_jar), {"keep": "1", "session": "2"})

    def test_fetch_reads_and_writes_an_lwp_jar_in_its_format(self):
        python = http.cookiejar.LWPCookieJar(self.jar)
        python.set_cookie(http.cookiejar.Cookie(0, "from_python", "7", None, False, "127.0.0.1", False, False,
                                                "/", True, False, None, True, None, None, {}))
        python.save(ignore_discard=True)
        code, out, err = fetch("-b", self.jar, "-c", self.jar, self.base + "/cookies/set?from_netkit=8")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["cookies"], {"from_python": "7", "from_netkit": "8"})
        python = http.cookiejar.LWPCookieJar(self.jar)
        python.load(ignore_discard=True)
        self.assertEqual(sorted((c.name, c.value) for c in python), [("from_netkit", "8"), ("from_python", "7")])

    def test_ten_thousand_garbage_set_cookie_lines_hurt_nothing(self):
        # 106 responses of 95 Set-Cookie lines each: random bytes (printable,
        # tabs, bytes that are not UTF-8), names and values past the limits,
        # huge and negative Max-Age, years no calendar has, a thousand
        # attributes. The client goes on, the jar keeps its limits.
        import random
        rng = random.Random(15)
        pieces = [b"=", b";", b" ", b"\t", b"a", b"Z", b"\"", b"\\", b",", b"\xff", b"\xc3\xa9", b"\x80",
                  b"Domain=", b"Path=/", b"Secure", b"HttpOnly", b"SameSite=None", b"Max-Age=-99999999999999",
                  b"Max-Age=99999999999999999999", b"Expires=Fri, 31 Dec 99999 23:59:59 GMT", b"__Host-",
                  b"__Secure-", b"Domain=com", b"Domain=127.0.0.1", b"Expires=0"]

        def garbage(i):
            # (A head holds 64 KiB: three lines of 4 KiB in each.)
            if i < 3:
                return b"n" * 4000 + b"=" + b"v" * rng.randrange(90, 110)
            if i < 6:
                return b"x=1" + b"; Path=/" * 60
            return b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))

        class Garbage(LoopbackServer):
            def handle(self, request):
                request.send_response(200)
                for i in range(95):  # (a head holds 100 fields)
                    request.send_header("Set-Cookie", garbage(i).decode("latin-1"))
                request.send_header("Content-Length", "0")
                request.end_headers()

        server = Garbage()
        self.addCleanup(server.stop)
        urls = [server.url(f"/{i}") for i in range(106)]
        code, _, err = fetch("-c", self.jar, *urls)
        self.assertEqual(code, 0, err[-2000:])
        lines = jar_lines(self.jar)
        self.assertLessEqual(len(lines), 50)  # one site: at most 50 cookies
        for line in lines:
            fields = line.split("\t")
            self.assertEqual(len(fields), 7, line)
            self.assertLessEqual(len(fields[5]) + len(fields[6]), 4096)
        code, out, err = run([NETKIT, "cookies", "list", self.jar])  # and it reads back
        self.assertEqual(code, 0, err)
        self.assertEqual(len(out.splitlines()), len(lines))

    def test_a_bad_jar_is_refused_and_a_bad_line_is_skipped_with_its_number(self):
        with open(self.jar, "w") as f:
            f.write("<html>not a cookie file</html>\n")
        code, _, err = fetch("-b", self.jar, self.base + "/cookies")
        self.assertEqual(code, 26)
        self.assertIn(f"cannot read cookies from '{self.jar}': not a cookies.txt file", err)
        with open(self.jar, "w") as f:
            f.write("# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tgood\t1\n"
                    "127.0.0.1\tMAYBE\t/\tFALSE\t0\tbad\t2\nshort\tline\n127.0.0.1\tFALSE\t/\tFALSE\t0\tfine\t3\n")
        code, out, err = fetch("-b", self.jar, self.base + "/cookies")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["cookies"], {"good": "1", "fine": "3"})
        self.assertIn(f"netkit: warning: skipped a line of {self.jar}:3: the 2nd and 4th fields", err)
        self.assertIn(f"{self.jar}:4: 7 fields separated by tabs expected, found 2", err)
        # A jar that cannot be written: the transfer's output stands, exit 23.
        code, out, err = fetch("-c", os.path.join(self.tmp.name, "no", "such", "dir.txt"),
                               self.base + "/cookies/set?a=1")
        self.assertEqual(code, 23)
        self.assertIn("cannot write the cookie jar", err)
        self.assertIn("No such file or directory", err)

    def test_two_processes_saving_one_jar_lose_neither_s_cookies(self):
        # A reads the jar, then waits for a response that sets x; meanwhile
        # B reads it, gets y and saves. A saves last, and must keep B's y
        # (a save that wrote A's jar as it is loses y: this test failed so
        # when netkit's merge was taken out). curl 7.88 keeps both here too.
        server = SlowCookieServer()
        self.addCleanup(server.stop)

        def scenario(command):
            with open(self.jar, "w") as f:
                f.write("# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tbefore\t0\n")
            slow = subprocess.Popen(command(server.url("/slow?x=1")), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
            self.assertTrue(server.slow_request_arrived.wait(10), "A's request did not arrive")
            done = subprocess.run(command(server.url("/now?y=2")), capture_output=True, timeout=30)
            self.assertEqual(done.returncode, 0, done.stderr)
            server.release_slow_response.set()
            _, err = slow.communicate(timeout=30)
            self.assertEqual(slow.returncode, 0, err)
            server.reset()
            return {line.split("\t")[5] for line in jar_lines(self.jar)}

        netkit_result = scenario(lambda url: [NETKIT, "fetch", "-s", "-b", self.jar, "-c", self.jar, url])
        curl_result = scenario(lambda url: ["curl", "-s", "-b", self.jar, "-c", self.jar, url])
        self.assertEqual(netkit_result, {"before", "x", "y"}, f"(curl ends with {sorted(curl_result)})")


class CookiesCommandTest(unittest.TestCase):
    """netkit cookies list and explain on a jar with a domain cookie (Secure,
    persistent), a host-only HttpOnly one with a path, and another site's."""

    JAR = ("# Netscape HTTP Cookie File\n"
           ".example.com\tTRUE\t/\tTRUE\t1893456000\tsid\t31d4\n"
           "#HttpOnly_www.example.com\tFALSE\t/app\tFALSE\t0\tpref\tdark\n"
           "other.example\tFALSE\t/\tFALSE\t0\tx\t1\n"
           "broken line\n")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.jar = os.path.join(self.tmp.name, "jar.txt")
        with open(self.jar, "w") as f:
            f.write(self.JAR)

    def cookies(self, *args):
        return run([NETKIT, "cookies", *args])

    def test_list(self):
        code, out, err = self.cookies("list", self.jar)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.decode().splitlines(), [
            "sid=31d4  .example.com/  Secure  Tue, 01 Jan 2030 00:00:00 GMT",
            "x=1  other.example/  session",
            "pref=dark  www.example.com/app  HttpOnly  session"])
        self.assertIn(f"skipped a line of {self.jar}:5", err)
        code, out, err = self.cookies("list", "--json", self.jar)
        self.assertEqual(code, 0, err)
        first = json.loads(out.decode().splitlines()[0])
        self.assertEqual(first, {"name": "sid", "value": "31d4", "domain": "example.com", "host_only": False,
                                 "path": "/", "secure": True, "http_only": False, "expires": 1893456000})

    def test_explain_names_the_rule_that_leaves_each_cookie_out(self):
        code, out, err = self.cookies("explain", self.jar, "http://www.example.com/app/page")
        self.assertEqual(code, 0, err)
        self.assertEqual(out.decode().splitlines(), [
            "Cookie: pref=dark",
            "  not sent sid  .example.com/: Secure, and the request is not",
            "  not sent x  other.example/: for another host",
            "  sent     pref  www.example.com/app"])
        code, out, err = self.cookies("explain", "--script", self.jar, "https://www.example.com/app")
        self.assertEqual(code, 0, err)
        self.assertIn("pref  www.example.com/app: HttpOnly, and the request is a script's", out.decode())
        self.assertTrue(out.startswith(b"Cookie: sid=31d4\n"), out)

    def test_convert_to_and_from_python_s_lwp_files(self):
        lwp = os.path.join(self.tmp.name, "jar.lwp")
        code, _, err = self.cookies("convert", self.jar, lwp, "--to", "lwp")
        self.assertEqual(code, 0, err)
        with open(lwp) as f:
            ours = f.read()
        self.assertTrue(ours.startswith("#LWP-Cookies-2.0\n"), ours)
        # Python's LWPCookieJar reads it, and writes back the same bytes.
        python = http.cookiejar.LWPCookieJar(lwp)
        python.load(ignore_discard=True, ignore_expires=True)
        self.assertEqual(sorted((c.name, c.value, c.domain, c.path, c.secure, c.expires,
                                 c.has_nonstandard_attr("HttpOnly")) for c in python),
                         [("pref", "dark", "www.example.com", "/app", False, None, True),
                          ("sid", "31d4", ".example.com", "/", True, 1893456000, False),
                          ("x", "1", "other.example", "/", False, None, False)])
        again = os.path.join(self.tmp.name, "python.lwp")
        python.save(again, ignore_discard=True, ignore_expires=True)
        with open(again) as f:
            self.assertEqual(f.read(), ours)
        # Back to cookies.txt: the cookies the first file had.
        back = os.path.join(self.tmp.name, "back.txt")
        code, _, err = self.cookies("convert", again, back)
        self.assertEqual(code, 0, err)
        self.assertEqual(jar_lines(back), [line for line in jar_lines(self.jar) if line != "broken line"])
        code, _, err = self.cookies("convert", self.jar, lwp, "--to", "yaml")
        self.assertEqual(code, 2, err)

    def test_a_missing_or_foreign_file_is_exit_26(self):
        code, out, err = self.cookies("list", os.path.join(self.tmp.name, "missing.txt"))
        self.assertEqual((code, out), (26, b""))
        self.assertIn("No such file or directory", err)
        with open(self.jar, "w") as f:
            f.write("<html></html>\n")
        code, _, err = self.cookies("explain", self.jar, "http://example.com/")
        self.assertEqual(code, 26)
        self.assertIn("not a cookies.txt file", err)
        code, _, err = self.cookies("explain", os.path.join(self.tmp.name, "missing.txt"), "http://e x/")
        self.assertEqual(code, 26)


class CookieExamplesTest(NetkitTestCase):
    """The cookie examples beside the same programs in Python."""

    def test_http_cookies_as_python_s_documentation_shows_it(self):
        code, ours, err = run([os.path.join(EXAMPLES, "cookie_example")])
        self.assertEqual(code, 0, err)
        code, python, err = run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "cookie_example.py")])
        self.assertEqual(code, 0, err)
        self.assertEqual(ours.splitlines(), python.splitlines())
        self.assertIn(b'Set-Cookie: twix="none for you\\073 or me"', ours)

    def test_a_jar_across_a_login_against_netkit_s_server(self):
        server = self.start(example("session_server", "127.0.0.1:0"))
        port = int(server.expect(r"^serving at port (\d+)$").group(1))
        base = f"http://127.0.0.1:{port}"
        code, ours, err = run([os.path.join(EXAMPLES, "cookie_client"), base, "bob"])
        self.assertEqual(code, 0, err)
        code, python, err = run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "cookie_client.py"),
                                 base, "bob"])
        self.assertEqual(code, 0, err)
        self.assertEqual(ours.splitlines(), python.splitlines())
        self.assertEqual(ours, b"401 log in first\n200 hello bob\ncookie session for 127.0.0.1/ HttpOnly\n")
        # curl, as a third client: the cookie comes with the redirect.
        done = subprocess.run(["curl", "-s", "-L", "-c", "-", "-d", "user=carol", base + "/login"],
                              capture_output=True, timeout=30)
        self.assertIn(b"hello carol", done.stdout)
        self.assertIn(b"#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\t", done.stdout)


class CurlDifferentialTest(unittest.TestCase):
    """netkit fetch and curl (Debian's, with libpsl) run the same sequences
    of responses with Set-Cookie lines, each keeping its jar in a file
    between runs; the Cookie headers a recording server receives, and the
    jars at the end, must be the same. A difference is a failure unless it is
    named below: a place where curl departs from RFC 6265bis."""

    # Each scenario: steps of (path, Set-Cookie lines) and ("GET", path),
    # all on http://localhost:PORT (a secure context for both).
    SCENARIOS = {
        "path scoping and order": [("/docs/page", ["a=1; Path=/docs", "b=2", "c=3; Path=/"]),
                                   ("GET", "/docs/x"), ("GET", "/other")],
        "overwrite keeps the first place": [("/", ["a=1", "b=2"]), ("/", ["a=3"]), ("GET", "/")],
        "Max-Age=0 and a past Expires delete": [("/", ["a=1", "b=2", "c=3"]),
                                                ("/", ["a=; Max-Age=0", "b=x; Expires=Thu, 01 Jan 1970 00:00:01 GMT"]),
                                                ("GET", "/")],
        "Max-Age over Expires": [("/", ["a=1; Expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=600"]), ("GET", "/")],
        "Secure and HttpOnly on localhost": [("/", ["s=1; Secure", "h=2; HttpOnly"]), ("GET", "/")],
        "public suffix and foreign domains": [("/", ["a=1; Domain=com", "b=2; Domain=example.com", "c=3"]),
                                              ("GET", "/")],
        "prefixes": [("/", ["__Host-a=1; Secure; Path=/", "__Host-b=2; Path=/", "__Secure-c=3",
                            "__Secure-d=4; Secure"]), ("GET", "/")],
        "nameless": [("/", ["just-a-value", "a=1"]), ("GET", "/")],
        "Domain=localhost": [("/", ["d=1; Domain=localhost"]), ("GET", "/sub/")],
    }
    # Where curl 7.88 departs from RFC 6265bis, what it does.
    CURL_DEVIATIONS = {
        "nameless": "curl 7.88 drops a Set-Cookie without '=' (RFC 6265bis §5.6: a nameless cookie)",
        "Max-Age=0 and a past Expires delete":
            "curl 7.88 keeps a cookie that 'a=; Max-Age=0' deletes when another deletion comes in the "
            "same response (alone, that line deletes it; RFC 6265bis §5.7: deleted either way)",
        "path scoping and order":
            "curl 7.88's default path keeps the last '/' ('/docs/' for /docs/page; RFC 6265bis §5.1.4: "
            "'/docs'), so its b=2 is longer-pathed and sent first",
        "prefixes":
            "curl 7.88 orders cookies whose paths are as long by the length of their domain and name "
            "before their age (RFC 6265bis §5.8.3: by creation time), so __Secure-d goes before __Host-a; "
            "both jars hold the same two cookies",
    }

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        outer = self

        class Server(LoopbackServer):
            def handle(self, request):
                import urllib.parse
                parts = urllib.parse.urlsplit(request.path)
                lines = urllib.parse.parse_qs(parts.query).get("set", [])
                body = (request.headers.get("Cookie") or "").encode("latin-1")
                request.send_response(200)
                for line in lines:
                    request.send_header("Set-Cookie", line)
                request.send_header("Content-Length", str(len(body)))
                request.end_headers()
                request.wfile.write(body)

        self.server = Server()
        self.addCleanup(self.server.stop)
        self.port = self.server.httpd.server_address[1]
        del outer

    def run_scenario(self, name, steps, client):
        import urllib.parse
        jar = os.path.join(self.tmp.name, f"{client}-{len(os.listdir(self.tmp.name))}.txt")
        seen = []
        for step in steps:
            if step[0] == "GET":
                url = f"http://localhost:{self.port}{step[1]}"
            else:
                query = urllib.parse.urlencode([("set", line) for line in step[1]])
                url = f"http://localhost:{self.port}{step[0]}?{query}"
            command = ([NETKIT, "fetch", "-s"] if client == "netkit" else ["curl", "-s"]) + \
                ["-b", jar, "-c", jar, url]
            done = subprocess.run(command, capture_output=True, timeout=30)
            self.assertEqual(done.returncode, 0, (client, name, done.stderr))
            if step[0] == "GET":
                seen.append(done.stdout.decode("latin-1"))
        lines = jar_lines(jar) if os.path.exists(jar) else []
        # Expiry: session (0) or not; the seconds differ between two runs.
        return seen, sorted("\t".join(f[:4] + ["session" if f[4] == "0" else "persistent"] + f[5:])
                            for f in (line.split("\t") for line in lines))

    def test_same_cookie_headers_and_jars_as_curl(self):
        differences = {}
        for name, steps in self.SCENARIOS.items():
            netkit_result = self.run_scenario(name, steps, "netkit")
            curl_result = self.run_scenario(name, steps, "curl")
            if netkit_result != curl_result:
                differences[name] = (netkit_result, curl_result)
        unexplained = {k: v for k, v in differences.items() if k not in self.CURL_DEVIATIONS}
        self.maxDiff = None
        self.assertEqual(unexplained, {})
        for name in self.CURL_DEVIATIONS:
            self.assertIn(name, differences, f"{name}: curl now agrees; take it off the list")


class FirefoxTest(NetkitTestCase):
    """Headless Firefox ESR visits netkit's server, which sets a cookie;
    netkit reads the profile's cookies.sqlite and sends the Cookie header
    Firefox sends (both seen by one recording server)."""

    def test_cookies_from_firefox(self):
        import shutil
        firefox = shutil.which("firefox-esr") or shutil.which("firefox")
        self.assertIsNotNone(firefox, "firefox-esr is not installed (scripts/bootstrap test installs it)")
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        profile = os.path.join(tmp.name, "profile")
        os.mkdir(profile)
        server = self.start(example("session_server", "127.0.0.1:0"))
        port = int(server.expect(r"^serving at port (\d+)$").group(1))
        recorder = RecordingServer()
        self.addCleanup(recorder.stop)

        def visit(url):
            done = subprocess.run([firefox, "--headless", "--no-remote", "--profile", profile,
                                   "--screenshot", os.path.join(tmp.name, "shot.png"), url],
                                  capture_output=True, timeout=120, env=dict(os.environ, HOME=tmp.name))
            self.assertEqual(done.returncode, 0, done.stderr[-2000:])

        visit(f"http://127.0.0.1:{port}/")  # sets visits=1, for a year
        visit(f"http://127.0.0.1:{port}/")  # sends it, gets visits=2
        visit(recorder.url("/firefox"))     # the same host, another port: Firefox sends it
        code, out, err = fetch("--cookies-from-browser", f"firefox:{profile}", recorder.url("/netkit"))
        self.assertEqual(code, 0, err)
        self.assertEqual(recorder.cookies["/firefox"], "visits=2")
        self.assertEqual(recorder.cookies["/netkit"], recorder.cookies["/firefox"])
        # netkit's server, visited with Firefox's cookies, counts on.
        code, out, err = fetch("--cookies-from-browser", f"firefox:{profile}", f"http://127.0.0.1:{port}/")
        self.assertEqual((code, out), (0, b"welcome, visit 3\n"), err)
        # A profile without cookies, and a file that is no database.
        code, _, err = fetch("--cookies-from-browser", f"firefox:{tmp.name}/none", recorder.url("/x"))
        self.assertEqual(code, 26)
        self.assertIn("no cookies.sqlite at", err)
        bad = os.path.join(tmp.name, "cookies.sqlite")
        with open(bad, "w") as f:
            f.write("not a database")
        code, _, err = fetch("--cookies-from-browser", f"firefox:{bad}", recorder.url("/x"))
        self.assertEqual(code, 26)
        self.assertIn("is not a Firefox cookie database", err)


class LoopbackServer:
    """A Python HTTP server on a free loopback port, in a thread, whose GET
    requests `handle(request)` answers (a BaseHTTPRequestHandler)."""

    def __init__(self):
        import http.server
        import threading
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                owner.handle(self)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class RecordingServer(LoopbackServer):
    """Answers every GET with 200 and records its Cookie header by path."""

    def __init__(self):
        self.cookies = {}
        super().__init__()

    def handle(self, request):
        self.cookies[request.path] = request.headers.get("Cookie")
        request.send_response(200)
        request.send_header("Content-Length", "2")
        request.end_headers()
        request.wfile.write(b"ok")


class SlowCookieServer(LoopbackServer):
    """GET /now?NAME=VALUE sets that cookie at once; GET /slow?NAME=VALUE
    sets it once the test releases the response."""

    def __init__(self):
        import threading
        self.slow_request_arrived = threading.Event()
        self.release_slow_response = threading.Event()
        super().__init__()

    def handle(self, request):
        import urllib.parse
        parts = urllib.parse.urlsplit(request.path)
        if parts.path == "/slow":
            self.slow_request_arrived.set()
            self.release_slow_response.wait(20)
        request.send_response(200)
        request.send_header("Set-Cookie", parts.query)
        request.send_header("Content-Length", "0")
        request.end_headers()

    def reset(self):
        self.slow_request_arrived.clear()
        self.release_slow_response.clear()

    def stop(self):
        self.release_slow_response.set()
        super().stop()


if __name__ == "__main__":
    unittest.main()
