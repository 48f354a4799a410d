"""netkit echo over TCP, UDP and Unix sockets, against Python socket peers."""
import os
import socket
import socketserver
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import NETKIT, NetkitTestCase, listening_port, netkit, run  # noqa: E402

MIB = bytes((i * 7919 + 13) % 256 for i in range(1 << 20))  # 1 MiB, every byte value


class EchoServerTest(NetkitTestCase):
    def test_tcp_round_trips_of_0_1_and_1mib_through_the_netkit_client(self):
        server = self.start(netkit("echo", "server", "-b", "127.0.0.1", "-p", "0"))
        port = listening_port(server)
        for payload in (b"", b"x", MIB):
            code, out, err = run([NETKIT, "echo", "client", "127.0.0.1", str(port)], payload)
            self.assertEqual(code, 0, err)
            self.assertEqual(len(out), len(payload))
            self.assertTrue(out == payload)

    def test_tcp_over_ipv6_with_a_python_client(self):
        # The port as an argument, as every command takes it (or -p).
        server = self.start(netkit("echo", "server", "-b", "::1", "0"))
        port = listening_port(server)
        with socket.create_connection(("::1", port), timeout=10) as s:
            s.sendall(MIB)
            s.shutdown(socket.SHUT_WR)
            received = b""
            while chunk := s.recv(65536):
                received += chunk
        self.assertTrue(received == MIB)

    def test_udp_datagrams_with_the_netkit_client_and_a_python_client(self):
        server = self.start(netkit("echo", "server", "--udp", "-b", "127.0.0.1", "-p", "0"))
        port = listening_port(server)
        code, out, err = run([NETKIT, "echo", "client", "127.0.0.1", str(port), "--udp"],
                             b"first\n\nthird line\n")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, b"first\n\nthird line\n")
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(10)
            for datagram in (b"", b"x", bytes(range(256)) * 200):
                s.sendto(datagram, ("127.0.0.1", port))
                self.assertEqual(s.recvfrom(65536)[0], datagram)

    def test_unix_socket_round_trip(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "echo.sock")
            server = self.start(netkit("echo", "server", "--unix", path))
            server.expect(r"listening on unix:")
            code, out, err = run([NETKIT, "echo", "client", "--unix", path], MIB)
            self.assertEqual(code, 0, err)
            self.assertTrue(out == MIB)
            server.stop()
            self.assertFalse(os.path.exists(path), "the server removes its socket file")


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(65536):
            self.request.sendall(data)


class EchoClientAgainstPythonTest(unittest.TestCase):
    def test_netkit_client_with_python_socketserver(self):
        with socketserver.ThreadingTCPServer(("127.0.0.1", 0), EchoHandler) as server:
            threading.Thread(target=server.serve_forever, daemon=True).start()
            port = server.server_address[1]
            code, out, err = run([NETKIT, "echo", "client", "127.0.0.1", str(port)], MIB)
            server.shutdown()
        self.assertEqual(code, 0, err)
        self.assertTrue(out == MIB)


if __name__ == "__main__":
    unittest.main()
