"""The examples (C++ twins of the lesson's scripts) against each other and
against Python peers."""
import os
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import EXAMPLES, NetkitTestCase, Process, closed_port, example, run, wait_for_port  # noqa: E402


def free_port():
    return closed_port()


LESSON = os.environ.get("NETKIT_LESSON", os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                                      "shared", "lesson"))


class ExamplesTest(NetkitTestCase):
    def test_chat_server_and_chat_client_take_turns(self):
        port = str(free_port())
        server = self.start(example("chat_server", "127.0.0.1", port))
        server.send("hello back\n")
        # The lesson's server accepts exactly one client and says nothing
        # until then: start the client until it finds the server listening.
        client = [os.path.join(EXAMPLES, "chat_client"), "127.0.0.1", port]
        for _ in range(100):
            code, out, err = run(client, b"hi there\n  Bye \n")
            if "Connection refused" not in err:
                break
            time.sleep(0.05)
        self.assertEqual(code, 0, err)
        self.assertIn(b"Received from server: hello back", out)
        server.expect(r"^Connection from: 127\.0\.0\.1:\d+$")
        server.expect(r"from connected user: hi there")
        self.assertEqual(server.wait(), 0)

    def test_chat_server_with_the_lesson_s_python_client(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = self.start(example("chat_server", "127.0.0.1", str(port)))
        server.send("pong\n")
        for _ in range(200):
            try:
                client = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                time.sleep(0.05)
        with client:
            client.send(b"ping")
            self.assertEqual(client.recv(1024), b"pong")
        server.expect(r"from connected user: ping")
        self.assertEqual(server.wait(), 0)

    def test_chat_client_with_a_python_server(self):
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            port = listener.getsockname()[1]
            received = []

            def serve():
                conn, _ = listener.accept()
                with conn:
                    while data := conn.recv(1024):
                        received.append(data)
                        conn.send(b"got " + data)

            thread = threading.Thread(target=serve, daemon=True)
            thread.start()
            code, out, err = run([os.path.join(EXAMPLES, "chat_client"), "127.0.0.1", str(port)],
                                 b"one\ntwo\nbye\n")
            thread.join(10)
        self.assertEqual(code, 0, err)
        self.assertEqual(received, [b"one", b"two"])
        self.assertIn(b"Received from server: got one", out)
        self.assertIn(b"Received from server: got two", out)

    def test_make_connection(self):
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            port = str(listener.getsockname()[1])
            code, out, err = run([os.path.join(EXAMPLES, "make_connection"), "127.0.0.1", port])
        self.assertEqual(code, 0, err)
        self.assertIn(b"connected to 127.0.0.1 (127.0.0.1:" + port.encode() + b")", out)
        port = str(closed_port())
        code, out, _ = run([os.path.join(EXAMPLES, "make_connection"), "127.0.0.1", port])
        self.assertEqual(code, 1)
        self.assertIn(b"Connection refused", out)


class ServerExamplesTest(NetkitTestCase):
    def test_file_server_serves_a_directory_to_urllib(self):
        import tempfile
        import urllib.error
        import urllib.request
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, "lesson.txt"), "wb") as f:
                f.write(b"served by the file_server example\n")
            server = self.start(example("file_server", "0", root))
            port = int(server.expect(r"^serving at port (\d+)$").group(1))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/lesson.txt", timeout=10) as r:
                self.assertEqual(r.read(), b"served by the file_server example\n")
                self.assertEqual(r.info()["Content-Type"], "text/plain")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
                self.assertIn(b"lesson.txt", r.read())
            with self.assertRaises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/missing", timeout=10)
            self.assertEqual(caught.exception.code, 404)

    def test_hello_server_answers_json(self):
        import json
        import urllib.error
        import urllib.request
        server = self.start(example("hello_server", "127.0.0.1:0"))
        port = int(server.expect(r"^serving at port (\d+)$").group(1))
        url = f"http://127.0.0.1:{port}/hello/"
        with urllib.request.urlopen(url + "world", timeout=10) as r:
            self.assertEqual(r.info()["Content-Type"], "application/json")
            self.assertEqual(json.loads(r.read()), {"hello": "world"})
        with urllib.request.urlopen(url + "caf%C3%A9%22%3C", timeout=10) as r:
            self.assertEqual(json.loads(r.read()), {"hello": "caf\u00e9\"<"})
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(urllib.request.Request(url + "x", data=b"{}"), timeout=10)
        self.assertEqual(caught.exception.code, 405)
        self.assertEqual(caught.exception.headers["Allow"], "GET, HEAD")


class ClientExamplesTest(NetkitTestCase):
    def test_get_example_prints_status_and_headers(self):
        import tempfile
        from netkit_testing import self_signed, serve
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, "index.html"), "wb") as f:
                f.write(b"<h1>home</h1>")
            _, port = serve(self, root, "-q")
            code, out, err = run([os.path.join(EXAMPLES, "get_example"), "127.0.0.1", str(port), "/"])
            self.assertEqual(code, 0, err)
            lines = out.decode().splitlines()
            self.assertEqual(lines[0], "200 OK")
            self.assertIn("Content-Type: text/html", lines)
            self.assertIn("Content-Length: 13", lines)
            self.assertEqual(lines[-1], "13 bytes")
            # HTTPS, verified against a CA file.
            cert, key = self_signed(root)
            _, tls_port = serve(self, root, "-q", "--tls-cert", cert, "--tls-key", key)
            code, out, err = run([os.path.join(EXAMPLES, "get_example"), "localhost", str(tls_port), "/",
                                  cert])
            self.assertEqual(code, 0, err)
            self.assertTrue(out.startswith(b"200 OK\n"), out)

    def test_post_example_gets_its_json_back_from_httpbin(self):
        import json
        port = closed_port()
        wait_for_port(port, "httpbin", self.start(Process(["gunicorn", "-b", f"127.0.0.1:{port}", "httpbin:app"])))
        code, out, err = run([os.path.join(EXAMPLES, "post_example"), "127.0.0.1", str(port)])
        self.assertEqual(code, 0, err)
        status, body = out.decode().split("\n", 1)
        self.assertEqual(status, "200 OK")
        echo = json.loads(body)
        self.assertEqual(echo["json"], {"text": "Hello world github/linguist#1 **cool**, and #1!"})
        self.assertEqual(echo["headers"]["Content-Type"], "application/json")


class UrllibTwinsTest(NetkitTestCase):
    """The lesson's two urllib scripts and their C++ twins, against Python's
    own http.server: the same output, line for line (the Date masked)."""

    def test_read_and_info_print_what_python_prints(self):
        import re
        import tempfile
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, "page.txt"), "wb") as f:
                f.write(b"hello 'quoted' \xc3\xa9\n\ttab\r\n\\back \x00\x7f\n")
            port = closed_port()
            server = self.start(Process(["/usr/bin/python3", "-m", "http.server", str(port),
                                         "-b", "127.0.0.1", "-d", root]))
            wait_for_port(port, "python3 -m http.server", server)
            url = f"http://127.0.0.1:{port}/page.txt"
            for name in ("url_requests_example", "url_response_header"):
                with open(os.path.join(LESSON, "scripts", name + ".py")) as f:
                    script = f.read().replace("https://www.imdb.com/", url)
                python = os.path.join(root, name + ".py")
                with open(python, "w") as f:
                    f.write(script)
                code, expected, err = run(["/usr/bin/python3", python])
                self.assertEqual(code, 0, err)
                code, got, err = run([os.path.join(EXAMPLES, name), url])
                self.assertEqual(code, 0, err)
                mask = re.compile(rb"^Date: .*$", re.M)
                self.assertEqual(mask.sub(b"Date: -", got).splitlines(),
                                 mask.sub(b"Date: -", expected).splitlines(), name)
            # A status of 400 or more: Python's HTTPError message on one line,
            # exit 1, never an abort.
            code, out, err = run([os.path.join(EXAMPLES, "url_requests_example"),
                                  f"http://127.0.0.1:{port}/missing"])
            self.assertEqual((code, out), (1, b""))
            self.assertEqual(err.strip(), "HTTP Error 404: File not found")


class ExamplesFailCleanlyTest(unittest.TestCase):
    """Every example, pointed at a port nobody listens on: one line (the
    reason, as the end of Python's traceback gives it) and exit 1, never
    'terminate called after throwing'."""

    def test_every_example_reports_a_refused_connection(self):
        port = str(closed_port())  # (below the ephemeral range: no self-connect)
        for name, args in [("chat_client", ["127.0.0.1", port]), ("make_connection", ["127.0.0.1", port]),
                           ("get_example", ["127.0.0.1", port]), ("post_example", ["127.0.0.1", port]),
                           ("get_welcome_msg", ["127.0.0.1", port]), ("send_command", ["127.0.0.1", port]),
                           ("get_ftp_files", ["127.0.0.1", port]),
                           ("url_requests_example", [f"http://127.0.0.1:{port}/"]),
                           ("url_response_header", [f"http://127.0.0.1:{port}/"])]:
            code, out, err = run([os.path.join(EXAMPLES, name), *args])
            self.assertEqual(code, 1, (name, out, err))
            self.assertNotIn("terminate called", err, name)
            # make_connection says it on stdout, as the lesson's try/except prints.
            said = out.decode() if name == "make_connection" else err
            self.assertEqual(len(said.strip().splitlines()), 1, (name, said))
            self.assertIn("refused", said.lower(), (name, said))


if __name__ == "__main__":
    unittest.main()
