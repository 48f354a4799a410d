"""The examples against each other, against Python peers, and failing
cleanly (test_lesson.py compares each with its Python original)."""
import os
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import EXAMPLES, NetkitTestCase, closed_port, example, run  # noqa: E402


class ExamplesTest(NetkitTestCase):
    def test_chat_server_and_chat_client_take_turns(self):
        port = str(closed_port())
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


class ExamplesFailCleanlyTest(unittest.TestCase):
    """Every example, pointed at a port nobody listens on: one line (the
    reason, as the end of Python's traceback gives it) and exit 1, never
    'terminate called after throwing'."""

    def test_every_example_reports_a_refused_connection(self):
        port = str(closed_port())  # (below the ephemeral range: no self-connect)
        for name, args in [("chat_client", ["127.0.0.1", port]),
                           ("get_example", ["127.0.0.1", port]), ("post_example", ["127.0.0.1", port]),
                           ("get_welcome_msg", ["127.0.0.1", port]), ("send_command", ["127.0.0.1", port]),
                           ("get_ftp_files", ["127.0.0.1", port]),
                           ("url_requests_example", [f"http://127.0.0.1:{port}/"]),
                           ("url_response_header", [f"http://127.0.0.1:{port}/"]),
                           ("http2_get", [f"https://127.0.0.1:{port}/"])]:
            code, out, err = run([os.path.join(EXAMPLES, name), *args])
            self.assertEqual(code, 1, (name, out, err))
            self.assertNotIn("terminate called", err, name)
            self.assertEqual(len(err.strip().splitlines()), 1, (name, err))
            self.assertIn("refused", err.lower(), (name, err))


if __name__ == "__main__":
    unittest.main()
