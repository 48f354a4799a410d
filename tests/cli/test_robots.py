"""netkit robots: robots.txt fetched from a server that misbehaves in every
way RFC 9309 §2.3 names (a 404, a 500, redirect chains of five and six, a
600 KiB file, a stall past the time limit, gzip, nothing listening), each
with the RFC's outcome; local files, --json, --python, and the exit codes."""
import gzip
import http.server
import json
import os
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import NETKIT, QuietHandler, closed_port, run  # noqa: E402

RULES = (b"User-agent: *\nDisallow: /private/\n\n"
         b"User-agent: FooBot\nAllow: /private/open\nDisallow: /private/\nCrawl-delay: 4\n"
         b"Sitemap: https://example.com/sitemap.xml\n")


class RobotsServer(http.server.ThreadingHTTPServer):
    """Answers /robots.txt as `behaviour` says; /hop/N redirects N times
    more before the file."""
    daemon_threads = True
    behaviour = "rules"


class Handler(QuietHandler):
    def do_GET(self):
        behaviour = self.server.behaviour
        if self.path.startswith("/hop/"):
            left = int(self.path[5:])
            self.reply(302, headers=[("Location", f"/hop/{left - 1}" if left > 1 else "/file")])
        elif self.path == "/file":
            self.reply(200, RULES, [("Content-Type", "text/plain")])
        elif behaviour == "rules":
            self.reply(200, RULES, [("Content-Type", "text/plain"), ("Cache-Control", "max-age=60")])
        elif behaviour == "404":
            self.reply(404, b"not here")
        elif behaviour == "500":
            self.reply(500, b"broken")
        elif behaviour.startswith("redirects:"):
            hops = int(behaviour.split(":")[1])
            self.reply(302, headers=[("Location", f"/hop/{hops - 1}" if hops > 1 else "/file")])
        elif behaviour == "big":
            filler = b"Disallow: /filler\n" * (600 * 1024 // 18)
            self.reply(200, b"User-agent: *\nDisallow: /early\n" + filler + b"Disallow: /late\n")
        elif behaviour == "stall":
            time.sleep(5)
            self.reply(200, RULES)
        elif behaviour == "gzip":
            self.reply(200, gzip.compress(RULES), [("Content-Encoding", "gzip")])


class RobotsCommandTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = RobotsServer(("127.0.0.1", 0), Handler)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.site = f"http://127.0.0.1:{cls.server.server_address[1]}/"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def ask(self, behaviour, *args):
        self.server.behaviour = behaviour
        code, out, err = run([NETKIT, "robots", self.site, *args], timeout=60)
        return code, out.decode("utf-8"), err

    def test_a_file_decides_by_the_longest_match_and_names_its_line(self):
        code, out, err = self.ask("rules", "-a", "FooBot", "/private/open/x", "/private/y", "/pub")
        self.assertEqual(code, 1, err)  # one path is disallowed
        lines = out.splitlines()
        self.assertEqual(lines[0], "allowed     /private/open/x  (allowed by line 5: Allow: /private/open)")
        self.assertEqual(lines[1], "disallowed  /private/y  (disallowed by line 6: Disallow: /private/)")
        self.assertTrue(lines[2].startswith("allowed     /pub"))
        self.assertEqual(lines[3:], ["crawl-delay: 4", "sitemap: https://example.com/sitemap.xml"])
        code, out, _ = self.ask("rules", "-a", "OtherBot", "--json", "/pub", "/private/open")
        answer = json.loads(out)
        self.assertEqual(answer["fetch"], f"parsed (200) {self.site}robots.txt")
        self.assertEqual([r["allowed"] for r in answer["results"]], [True, False])
        self.assertEqual(answer["results"][1]["line"], 2)
        self.assertEqual(answer["crawl_delay"], None)  # the '*' group has none
        self.assertEqual(answer["sitemaps"], ["https://example.com/sitemap.xml"])
        self.assertEqual(code, 1)
        self.assertEqual(self.ask("rules", "-a", "FooBot", "/pub", "/private/open")[0], 0)

    def test_a_4xx_allows_everything_and_a_5xx_nothing(self):
        code, out, err = self.ask("404", "-a", "FooBot", "/private/y")
        self.assertEqual(code, 0)
        self.assertIn("unavailable (404)", err)
        self.assertIn("allowed     /private/y", out)
        code, out, err = self.ask("500", "-a", "FooBot", "/pub")
        self.assertEqual(code, 1)
        self.assertIn("unreachable (500)", err)
        self.assertIn("disallowed  /pub", out)

    def test_five_redirects_are_followed_and_a_sixth_is_not(self):
        code, out, _ = self.ask("redirects:5", "-a", "FooBot", "/private/y")
        self.assertEqual(code, 1)  # the file was reached: its rule applies
        self.assertIn("line 6", out)
        code, out, err = self.ask("redirects:6", "-a", "FooBot", "/private/y")
        self.assertEqual(code, 0)  # §2.3.1.2: taken as unavailable
        self.assertIn("unavailable", err)

    def test_only_the_first_500_kib_are_read(self):
        code, out, _ = self.ask("big", "-a", "FooBot", "/early", "/late")
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("disallowed  /early"), out)
        self.assertTrue(lines[1].startswith("allowed     /late"), out)

    def test_a_stall_past_the_time_limit_and_no_server_disallow_everything(self):
        # Were the limit not kept, the file would come after 5 s and allow /pub.
        code, out, err = self.ask("stall", "-a", "FooBot", "-m", "1", "/pub")
        self.assertEqual(code, 1)
        self.assertIn("unreachable", err)
        code, out, err = run([NETKIT, "robots", f"http://127.0.0.1:{closed_port()}/", "-a", "FooBot",
                              "/pub"])
        self.assertEqual(code, 1)
        self.assertIn("unreachable", err)
        self.assertIn(b"disallowed  /pub", out)

    def test_gzip_is_decoded(self):
        code, out, _ = self.ask("gzip", "-a", "FooBot", "/private/y")
        self.assertEqual(code, 1)
        self.assertIn("line 6", out)

    def test_local_files_python_mode_and_bad_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "robots.txt")
            with open(path, "wb") as f:
                f.write(b"User-agent: *\nDisallow: /folder/\nAllow: /folder/page.html\n")
            code, out, _ = run([NETKIT, "robots", path, "-a", "Bot", "/folder/page.html"])
            self.assertEqual((code, out.startswith(b"allowed")), (0, True))  # the longest match
            code, out, _ = run([NETKIT, "robots", "--python", path, "-a", "Bot", "/folder/page.html"])
            self.assertEqual((code, out.startswith(b"disallowed")), (1, True))  # Python's first match
            code, out, _ = run([NETKIT, "robots", "-", "-a", "Bot", "/x"], b"User-agent: Bot\nDisallow: /\n")
            self.assertEqual(code, 1)
            code, _, err = run([NETKIT, "robots", os.path.join(tmp, "missing"), "-a", "Bot", "/x"])
            self.assertEqual(code, 26)
            self.assertIn("cannot read", err)
            code, _, err = run([NETKIT, "robots", path, "/x"])
            self.assertEqual(code, 2)  # no --agent


if __name__ == "__main__":
    unittest.main()
