"""The examples (C++ twins of the lesson's scripts) against each other and
against Python peers."""
import os
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import EXAMPLES, NetkitTestCase, closed_port, example, run  # noqa: E402


def free_port():
    return closed_port()


class ExamplesTest(NetkitTestCase):
    def test_chat_server_and_chat_client_take_turns(self):
        port = str(free_port())
        server = self.start(example("chat_server", port, "127.0.0.1"))
        server.send("hello back\n")
        # The lesson's server accepts exactly one client and says nothing
        # until then: start the client until it finds the server listening.
        client = [os.path.join(EXAMPLES, "chat_client"), port, "127.0.0.1"]
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
        server = self.start(example("chat_server", str(port), "127.0.0.1"))
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
            code, out, err = run([os.path.join(EXAMPLES, "chat_client"), str(port), "127.0.0.1"],
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


if __name__ == "__main__":
    unittest.main()
