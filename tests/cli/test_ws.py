"""WebSocket (RFC 6455, RFC 7692) against real peers: netkit's server (the
ws_echo_server example) with Python's websockets as the client, `netkit ws`
with Python's websockets as the server, both with compression on and off;
and netkit's server against hostile frames from a raw socket, each answered
with the close code RFC 6455 §7.4.1 gives it."""
import asyncio
import base64
import hashlib
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import unittest
import zlib

import websockets

from browser import Browser
from netkit_testing import (TIMEOUT, NetkitTestCase, Process, closed_port, example, netkit,
                            node_package, run, serve, wait_for_port)

PEERS = os.path.join(os.path.dirname(__file__), "..", "peers")
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def start_echo_server(test):
    server = test.start(example("ws_echo_server", "0"))
    port = int(server.expect(r"serving WebSocket echo at port (\d+)").group(1))
    return server, port


def start_python_server(test, *args):
    server = test.start(Process([sys.executable, os.path.join(PEERS, "ws_echo.py"), *args]))
    return int(server.expect(r"listening on 127\.0\.0\.1:(\d+)").group(1))


# ---- a raw client, for what no polite library sends ----

class RawClient:
    def __init__(self, port, extensions=None, version="13", key=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.key = key if key is not None else base64.b64encode(os.urandom(16)).decode()
        lines = ["GET / HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Version: {version}"]
        if self.key:
            lines.append(f"Sec-WebSocket-Key: {self.key}")
        if extensions:
            lines.append(f"Sec-WebSocket-Extensions: {extensions}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        self.head = head.decode("latin-1")
        self.status = int(self.head.split(" ", 2)[1])

    def accept_ok(self):
        expected = base64.b64encode(hashlib.sha1((self.key + GUID).encode()).digest()).decode()
        return f"Sec-WebSocket-Accept: {expected}" in self.head

    def send_frame(self, opcode, payload=b"", fin=True, rsv1=False, mask=True, length=None):
        b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
        n = len(payload) if length is None else length
        mask_bit = 0x80 if mask else 0
        if n < 126:
            header = struct.pack("!BB", b0, mask_bit | n)
        elif n < 65536:
            header = struct.pack("!BBH", b0, mask_bit | 126, n)
        else:
            header = struct.pack("!BBQ", b0, mask_bit | 127, n)
        if mask:
            key = os.urandom(4)
            header += key
            payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + payload)

    def _need(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed")
            self.buffer += chunk

    def read_frame(self):
        self._need(2)
        b0, b1 = self.buffer[0], self.buffer[1]
        assert not b1 & 0x80, "a server's frame must not be masked"
        n, at = b1 & 0x7F, 2
        if n == 126:
            self._need(4)
            n, at = struct.unpack("!H", self.buffer[2:4])[0], 4
        elif n == 127:
            self._need(10)
            n, at = struct.unpack("!Q", self.buffer[2:10])[0], 10
        self._need(at + n)
        payload = self.buffer[at:at + n]
        self.buffer = self.buffer[at + n:]
        self.last_fin = bool(b0 & 0x80)
        return b0 & 0x0F, payload, bool(b0 & 0x40)

    def close_code(self):
        """Reads frames until the server's close frame; its code, after
        checking that the server then ends the TCP connection."""
        while True:
            opcode, payload, _ = self.read_frame()
            if opcode == 8:
                break
        code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
        self.sock.settimeout(TIMEOUT)
        try:
            while self.sock.recv(65536):
                pass
        except ConnectionResetError:
            pass
        return code

    def close(self):
        self.sock.close()


def deflate(data):
    """A permessage-deflate payload: raw deflate, sync flush, tail removed."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(b"\x00\x00\xff\xff")
    return out[:-4]


class ServerWithPythonClientTest(NetkitTestCase):
    """The ws_echo_server example against Python's websockets client."""

    def talk(self, port, compression):
        async def session():
            async with websockets.connect(f"ws://127.0.0.1:{port}/", compression=compression,
                                          max_size=2 ** 24) as ws:
                agreed = [e.name for e in ws.extensions]
                replies = []
                for message in ["héllo", b"\x00\xff" * 1000, "", "x" * (1 << 20),
                                bytes(range(256)) * 4096]:
                    await ws.send(message)
                    replies.append(await ws.recv() == message)
                # A message in fragments comes back whole.
                await ws.send(iter(["frag", "ment", "ed"]))
                replies.append(await ws.recv() == "fragmented")
                await asyncio.wait_for(await ws.ping(b"are you there"), TIMEOUT)
                await ws.close()
                return agreed, replies, ws.close_code
        return asyncio.run(session())

    def test_echo_with_compression_on_and_off(self):
        _, port = start_echo_server(self)
        agreed, replies, code = self.talk(port, "deflate")
        self.assertEqual(agreed, ["permessage-deflate"])
        self.assertEqual(replies, [True] * 6)
        self.assertEqual(code, 1000)
        agreed, replies, code = self.talk(port, None)
        self.assertEqual(agreed, [])
        self.assertEqual(replies, [True] * 6)
        self.assertEqual(code, 1000)


class DescriptorLimitTest(NetkitTestCase):
    """Under a low limit on open files the server gives each HTTP connection
    room for two descriptors (its socket and a file it sends) but each
    WebSocket its socket alone: with `ulimit -n 64` (32 set aside for the
    server's own), 24 WebSockets are open at once, where 15 HTTP connections
    would fill it."""

    def test_websockets_need_one_descriptor_each(self):
        import resource

        def low_limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
        server = self.start(example("ws_echo_server", "0", preexec_fn=low_limit))
        port = int(server.expect(r"serving WebSocket echo at port (\d+)").group(1))
        clients = []
        for i in range(24):
            c = RawClient(port)
            self.addCleanup(c.close)
            self.assertEqual(c.status, 101, f"WebSocket {i + 1}: {c.head}")
            clients.append(c)
        for i, c in enumerate(clients):
            c.send_frame(1, f"number {i}".encode())
            self.assertEqual(c.read_frame()[:2], (1, f"number {i}".encode()))


class HostileClientTest(NetkitTestCase):
    """Each fault a client can commit, against netkit's server: the close
    code of RFC 6455 §7.4.1, the TCP connection ended, and the server still
    serving the next client."""

    def setUp(self):
        super().setUp()
        _, self.port = start_echo_server(self)

    def client(self, **kwargs):
        c = RawClient(self.port, **kwargs)
        self.addCleanup(c.close)
        self.assertEqual(c.status, 101, c.head)
        self.assertTrue(c.accept_ok(), c.head)
        return c

    def assert_still_serving(self):
        c = self.client()
        c.send_frame(1, b"still here")
        self.assertEqual(c.read_frame()[:2], (1, b"still here"))

    def expect_close(self, code, *frames, **kwargs):
        c = self.client(**kwargs)
        for frame in frames:
            c.send_frame(**frame)
        self.assertEqual(c.close_code(), code)
        self.assert_still_serving()

    def test_protocol_errors_close_with_1002(self):
        cases = {
            "unmasked frame": [dict(opcode=1, payload=b"hi", mask=False)],
            "reserved opcode": [dict(opcode=3)],
            "reserved bit": [dict(opcode=1, payload=b"x", rsv1=True)],
            "control frame over 125 bytes": [dict(opcode=9, payload=b"p" * 126)],
            "fragmented control frame": [dict(opcode=9, payload=b"p", fin=False)],
            "continuation with nothing begun": [dict(opcode=0, payload=b"x")],
            "new message mid-fragments": [dict(opcode=1, payload=b"a", fin=False),
                                          dict(opcode=1, payload=b"b")],
            "close code 1005 on the wire": [dict(opcode=8, payload=struct.pack("!H", 1005))],
            "close code 999": [dict(opcode=8, payload=struct.pack("!H", 999))],
            "close frame of one byte": [dict(opcode=8, payload=b"\x03")],
        }
        for name, frames in cases.items():
            with self.subTest(name):
                self.expect_close(1002, *frames)

    def test_a_2_63_length_is_refused_from_its_header(self):
        c = self.client()
        c.send_frame(2, b"", length=1 << 63)  # the header alone: no payload follows
        self.assertEqual(c.close_code(), 1002)
        self.assert_still_serving()

    def test_invalid_utf8_closes_with_1007_even_split_across_fragments(self):
        self.expect_close(1007, dict(opcode=1, payload=b"\xc0\xaf"))
        # Autobahn 6.4.1: the fault is in the second fragment; the third is
        # never needed.
        self.expect_close(1007, dict(opcode=1, payload="κόσμε".encode(), fin=False),
                          dict(opcode=0, payload=b"\xf4\x90\x80\x80", fin=False))
        self.expect_close(1007, dict(opcode=8, payload=struct.pack("!H", 1000) + b"\xff"))

    def test_too_big_closes_with_1009_before_the_payload_comes(self):
        c = self.client()
        c.send_frame(2, b"", length=17 * 1024 * 1024)  # over the 16 MiB default
        self.assertEqual(c.close_code(), 1009)
        self.assert_still_serving()

    def test_a_deflate_bomb_closes_with_1009(self):
        bomb = deflate(b"\0" * (64 * 1024 * 1024))  # 64 MiB in ~64 KiB
        self.assertLess(len(bomb), 128 * 1024)
        c = self.client(extensions="permessage-deflate")
        self.assertIn("Sec-WebSocket-Extensions: permessage-deflate", c.head)
        c.send_frame(2, bomb, rsv1=True)
        self.assertEqual(c.close_code(), 1009)
        self.assert_still_serving()

    def test_compressed_messages_from_a_raw_client(self):
        c = self.client(extensions="permessage-deflate; client_max_window_bits")
        c.send_frame(1, deflate("compressed ünïcode".encode()), rsv1=True)
        opcode, payload, _ = c.read_frame()
        self.assertEqual(opcode, 1)
        self.assertEqual(payload, "compressed ünïcode".encode())  # short: sent plain

    def test_handshakes_that_are_refused(self):
        wrong_version = RawClient(self.port, version="8")
        self.addCleanup(wrong_version.close)
        self.assertEqual(wrong_version.status, 426)
        self.assertIn("Sec-WebSocket-Version: 13", wrong_version.head)
        no_key = RawClient(self.port, key="")
        self.addCleanup(no_key.close)
        self.assertEqual(no_key.status, 400)
        bad_key = RawClient(self.port, key="not base64 of 16 bytes")
        self.addCleanup(bad_key.close)
        self.assertEqual(bad_key.status, 400)
        code, out, _ = run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                            f"http://127.0.0.1:{self.port}/"])
        self.assertEqual(out, b"400")  # a plain GET is not an upgrade
        self.assert_still_serving()


class ClientWithPythonServerTest(NetkitTestCase):
    """`netkit ws` against Python's websockets server."""

    def ws(self, port, *args, stdin_bytes=b"", path="/"):
        return run([os.environ.get("NETKIT", "netkit"), "ws", f"ws://127.0.0.1:{port}{path}", *args],
                   stdin_bytes=stdin_bytes)

    def test_lines_go_and_come_back_compressed_or_not(self):
        for server_args, client_args, compressed in [((), ("-v",), True),
                                                     (("--no-compress",), ("-v",), False),
                                                     ((), ("-v", "--no-compress"), False)]:
            with self.subTest(server=server_args, client=client_args):
                port = start_python_server(self, *server_args)
                client = self.start(netkit("ws", f"ws://127.0.0.1:{port}/", *client_args))
                # Each answer is awaited before the next line: the end of
                # stdin closes the connection, and a server may drop what
                # it had not yet answered when the close comes.
                for line, answer in [("hello", "hello"), ("wörld", "wörld"),
                                     ("long " * 20000, "long " * 20000),
                                     ("ping", "pong came"), ("", "")]:
                    client.send(line + "\n")
                    self.assertEqual(client.expect("").string, answer)
                client.close_stdin()
                self.assertEqual(client.wait(), 0, client.stderr_lines)
                self.assertEqual(any("permessage-deflate agreed" in line
                                     for line in client.stderr_lines), compressed)

    def test_binary_messages(self):
        port = start_python_server(self)
        data = bytes(range(256)) * 64
        client = subprocess.Popen([os.environ.get("NETKIT", "netkit"), "ws", "--binary",
                                   f"ws://127.0.0.1:{port}/"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(client.kill)
        client.stdin.write(data)
        client.stdin.flush()
        echoed = b""
        while len(echoed) < len(data):  # (awaited before the end of stdin closes)
            chunk = client.stdout.read1(65536)
            if not chunk:
                break
            echoed += chunk
        self.assertEqual(echoed, data)
        client.stdin.close()
        self.assertEqual(client.wait(timeout=TIMEOUT), 0, client.stderr.read())
        client.stdout.close()
        client.stderr.close()

    def test_the_servers_close_code(self):
        port = start_python_server(self)
        for message, exit_code, said in [("close 1011 it broke", 1,
                                          "the server closed the WebSocket: 1011 it broke"),
                                         ("close 1000 done", 0, None)]:
            client = self.start(netkit("ws", f"ws://127.0.0.1:{port}/"))
            client.send(message + "\n")  # stdin stays open: the server ends it
            self.assertEqual(client.wait(), exit_code, client.stderr_lines)
            if said:
                self.assertIn(said, "\n".join(client.stderr_lines))

    def test_failures_to_open(self):
        code, _, err = self.ws(closed_port())
        self.assertEqual(code, 7, err)
        _, port = serve(self, PEERS)
        code, _, err = self.ws(port, path="/missing")
        self.assertEqual(code, 22, err)
        self.assertIn("answered 404 Not Found instead of switching to WebSocket", err)
        code, _, err = run([os.environ.get("NETKIT", "netkit"), "ws", "http://127.0.0.1/"])
        self.assertEqual(code, 3, err)

    def test_through_a_connect_tunnel(self):
        """netkit ws -x: CONNECT through tinyproxy (with its credentials), then the handshake."""
        port = start_python_server(self)
        with tempfile.TemporaryDirectory() as root:
            proxy_port = closed_port()
            conf = os.path.join(root, "tinyproxy.conf")
            with open(conf, "w") as f:
                f.write(f"Port {proxy_port}\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\n"
                        f'PidFile "{root}/tp.pid"\nLogFile "{root}/tp.log"\nLogLevel Connect\n'
                        "BasicAuth ada s3cret\n")
            wait_for_port(proxy_port, "tinyproxy",
                          self.start(Process(["tinyproxy", "-d", "-c", conf])))
            client = self.start(netkit("ws", "-x", f"http://ada:s3cret@127.0.0.1:{proxy_port}",
                                       f"ws://127.0.0.1:{port}/"))
            client.send("through the tunnel\n")
            self.assertEqual(client.expect("").string, "through the tunnel")
            client.close_stdin()
            self.assertEqual(client.wait(), 0, client.stderr_lines)
            with open(os.path.join(root, "tp.log")) as f:
                self.assertIn(f"CONNECT 127.0.0.1:{port}", f.read())
            # Wrong credentials: the proxy refuses the tunnel.
            code, _, err = run([os.environ.get("NETKIT", "netkit"), "ws", "-x",
                                f"http://ada:wrong@127.0.0.1:{proxy_port}",
                                f"ws://127.0.0.1:{port}/"])
            self.assertNotEqual(code, 0)
            self.assertIn("proxy", err)

    def test_a_server_with_a_wrong_accept_is_refused(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        self.addCleanup(listener.close)
        port = listener.getsockname()[1]

        def fake():
            conn, _ = listener.accept()
            with conn:
                while b"\r\n\r\n" not in conn.recv(65536):
                    pass
                conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                             b"Connection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n")
        threading.Thread(target=fake, daemon=True).start()
        code, _, err = self.ws(port)
        self.assertEqual(code, 1)
        self.assertIn("Sec-WebSocket-Accept does not match", err)


NODE_CLIENT = """
const WebSocket = require('ws');
const ws = new WebSocket(process.argv[1], {perMessageDeflate: process.argv[2] === 'deflate'});
const sent = ['h\u00e9llo', Buffer.from([0, 255, 1, 254]), '', 'x'.repeat(1 << 20)];
const got = [];
ws.on('open', () => {
  console.log('agreed ' + (ws.extensions || 'none'));
  for (const m of sent) ws.send(m);
});
ws.on('message', (data, isBinary) => {
  got.push(isBinary ? data : data.toString());
  if (got.length === sent.length) {
    console.log('echoed ' + got.every((g, i) => Buffer.isBuffer(g) ? g.equals(sent[i]) : g === sent[i]));
    ws.ping('x');
  }
});
ws.on('pong', () => { console.log('pong'); ws.close(1000, 'done'); });
ws.on('close', (code) => console.log('closed ' + code));
ws.on('error', (e) => console.log('error ' + e.message));
"""

NODE_SERVER = """
const WebSocket = require(process.argv[2] + '/ws');
const server = new WebSocket.WebSocketServer({host: '127.0.0.1', port: 0,
                                              perMessageDeflate: process.argv[1] === 'deflate'});
server.on('listening', () => console.log('listening on 127.0.0.1:' + server.address().port));
server.on('connection', (ws) => ws.on('message', (data, isBinary) => {
  if (!isBinary && data.toString() === 'bye') { ws.close(4000, 'as you wish'); return; }
  ws.send(data, {binary: isBinary});
}));
"""


class NodeTest(NetkitTestCase):
    """Node's ws package as the client of netkit's server and as the server
    of `netkit ws`, compression on and off."""

    def test_node_client_against_netkit_server(self):
        node, modules = node_package(self, "ws", "8.23.0")
        _, port = start_echo_server(self)
        for mode, agreed in (("deflate", "agreed permessage-deflate"), ("plain", "agreed none")):
            with self.subTest(mode):
                done = subprocess.run([node, "-e", NODE_CLIENT, f"ws://127.0.0.1:{port}/", mode],
                                      capture_output=True, text=True, timeout=60,
                                      env=dict(os.environ, NODE_PATH=modules))
                lines = done.stdout.splitlines()
                self.assertIn(agreed, lines, done.stdout + done.stderr)
                self.assertEqual(lines[-3:], ["echoed true", "pong", "closed 1000"], done.stdout)

    def test_netkit_client_against_node_server(self):
        node, modules = node_package(self, "ws", "8.23.0")
        for mode, compressed in (("deflate", True), ("plain", False)):
            with self.subTest(mode):
                server = self.start(Process([node, "-e", NODE_SERVER, mode, modules]))
                port = int(server.expect(r"listening on 127\.0\.0\.1:(\d+)").group(1))
                client = self.start(netkit("ws", "-v", f"ws://127.0.0.1:{port}/"))
                for line in ["hello", "wörld", "long " * 20000]:
                    client.send(line + "\n")
                    self.assertEqual(client.expect("").string, line)
                client.send("bye\n")
                self.assertEqual(client.wait(), 1)  # 4000 is not a normal close
                err = "\n".join(client.stderr_lines)
                self.assertIn("the server closed the WebSocket: 4000 as you wish", err)
                self.assertEqual("permessage-deflate agreed" in err, compressed, err)


ECHO_PAGE = """<!DOCTYPE html>
<title>waiting</title>
<script>
// Text, binary, and large messages of both kinds (the server sends them back
// as it likes: 3 MiB goes in several reads); each echo compared with what
// went. The title says how it went, for the test to read.
const port = new URLSearchParams(location.search).get('port');
const ws = new WebSocket('ws://127.0.0.1:' + port + '/');
ws.binaryType = 'arraybuffer';
const bytes = new Uint8Array(3 << 20).map((_, i) => (i * 7) & 255);
const sent = ['h\u00e9llo', new Uint8Array([0, 255, 1, 254]), 'x'.repeat(1 << 20), bytes, ''];
const same = (a, b) => {
  if (typeof a === 'string') return a === b;
  const c = new Uint8Array(b);
  return c.length === a.length && c.every((v, i) => v === a[i]);
};
let next = 0;
ws.onopen = () => ws.send(sent[0]);
ws.onmessage = (event) => {
  if (!same(sent[next], event.data)) { document.title = 'FAIL at ' + next; ws.close(); return; }
  if (++next === sent.length) { document.title = 'PASS ' + (ws.extensions || 'none'); ws.close(); }
  else ws.send(sent[next]);
};
ws.onerror = () => { document.title = 'FAIL error'; };
</script>
"""


class ChromiumTest(NetkitTestCase):
    """A page served by netkit serve opens a WebSocket to netkit's echo
    server in headless Chromium, with and without permessage-deflate."""

    def test_echoes_in_chromium(self):
        with tempfile.TemporaryDirectory() as root:
            with open(os.path.join(root, "echo.html"), "w") as f:
                f.write(ECHO_PAGE)
            _, http_port = serve(self, root)
            for args, extensions in (((), "permessage-deflate"), (("--no-compress",), "none")):
                with self.subTest(extensions):
                    server = self.start(example("ws_echo_server", "0", *args))
                    port = int(server.expect(r"serving WebSocket echo at port (\d+)").group(1))
                    browser = Browser(f"http://127.0.0.1:{http_port}/echo.html?port={port}")
                    self.addCleanup(browser.close)
                    browser.wait_for("!document.title.startsWith('waiting')", timeout=30)
                    self.assertEqual(browser.evaluate("document.title"), "PASS " + extensions)


class ClientExampleTest(NetkitTestCase):
    """The ws_client example against Python's websockets server."""

    def test_lines_typed_come_back_until_bye(self):
        port = start_python_server(self)
        client = self.start(example("ws_client", f"ws://127.0.0.1:{port}/"))
        for line in ["hello", "wörld"]:
            client.send(line + "\n")
            client.expect(f"Received from server: {line}$")
        client.send("bye\n")
        self.assertEqual(client.wait(), 0, client.stderr_lines)

    def test_a_refused_connection_is_an_error_message(self):
        client = self.start(example("ws_client", f"ws://127.0.0.1:{closed_port()}/"))
        self.assertEqual(client.wait(), 1)
        self.assertIn("Connection refused", "\n".join(client.stderr_lines))


if __name__ == "__main__":
    unittest.main()
