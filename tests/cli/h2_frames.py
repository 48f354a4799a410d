"""A raw HTTP/2 client for the tests (RFC 9113): it writes frames byte by
byte as a test says, right or wrong, and reads what the server answers.
HPACK is Debian's python3-hpack; everything else is spelled out here, so that
a test can send what no well-behaved client would (floods, broken frames)."""
import socket
import ssl
import struct
import time

import hpack

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, \
    CONTINUATION = range(10)
END_STREAM, ACK, END_HEADERS, PADDED, PRIORITY_FLAG = 0x1, 0x1, 0x4, 0x8, 0x20

# Error codes (RFC 9113 §7).
NO_ERROR, PROTOCOL_ERROR, INTERNAL_ERROR, FLOW_CONTROL_ERROR, SETTINGS_TIMEOUT, STREAM_CLOSED, \
    FRAME_SIZE_ERROR, REFUSED_STREAM, CANCEL, COMPRESSION_ERROR, CONNECT_ERROR, \
    ENHANCE_YOUR_CALM = range(12)

# Settings (RFC 9113 §6.5.2).
HEADER_TABLE_SIZE, ENABLE_PUSH, MAX_CONCURRENT_STREAMS, INITIAL_WINDOW_SIZE, MAX_FRAME_SIZE, \
    MAX_HEADER_LIST_SIZE = range(1, 7)


class Frame:
    def __init__(self, kind, flags, stream, payload):
        self.kind, self.flags, self.stream, self.payload = kind, flags, stream, payload

    def __repr__(self):
        return f"Frame(type={self.kind}, flags={self.flags:#x}, stream={self.stream}, {len(self.payload)} bytes)"

    def error_code(self):
        """Of a RST_STREAM or a GOAWAY."""
        return struct.unpack(">I", self.payload[4:8] if self.kind == GOAWAY else self.payload[:4])[0]


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def settings(**values):
    names = {"header_table_size": HEADER_TABLE_SIZE, "enable_push": ENABLE_PUSH,
             "max_concurrent_streams": MAX_CONCURRENT_STREAMS, "initial_window_size": INITIAL_WINDOW_SIZE,
             "max_frame_size": MAX_FRAME_SIZE, "max_header_list_size": MAX_HEADER_LIST_SIZE}
    return frame(SETTINGS, 0, 0, b"".join(struct.pack(">HI", names[k], v) for k, v in values.items()))


class Client:
    """One connection: preface and SETTINGS sent on connecting; reads
    acknowledge the server's SETTINGS; responses decoded with HPACK."""

    def __init__(self, port, tls=False, host="127.0.0.1", timeout=10, **initial_settings):
        raw = socket.create_connection((host, port), timeout=timeout)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.set_alpn_protocols(["h2"])
            raw = context.wrap_socket(raw, server_hostname="localhost")
            if raw.selected_alpn_protocol() != "h2":
                raise AssertionError(f"the server chose {raw.selected_alpn_protocol()!r}, not h2")
        self.sock = raw
        self.encoder = hpack.Encoder()
        self.decoder = hpack.Decoder()
        self.buffer = b""
        self.server_settings = {}
        self.sock.sendall(PREFACE + settings(**initial_settings))

    def close(self):
        self.sock.close()

    def send(self, data):
        self.sock.sendall(data)

    def headers_block(self, headers):
        return self.encoder.encode(headers)

    def request(self, stream, path="/", method="GET", end_stream=True, extra=(), authority="localhost"):
        headers = [(":method", method), (":scheme", "http"), (":authority", authority), (":path", path),
                   *extra]
        flags = END_HEADERS | (END_STREAM if end_stream else 0)
        self.send(frame(HEADERS, flags, stream, self.headers_block(headers)))

    def read_frame(self, timeout=10):
        """The next frame; None once the server closed the connection."""
        deadline = time.monotonic() + timeout
        while len(self.buffer) < 9 or len(self.buffer) < 9 + int.from_bytes(self.buffer[:3], "big"):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no frame from the server in time")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, ssl.SSLError):
                chunk = b""
            if not chunk:
                return None
            self.buffer += chunk
        length = int.from_bytes(self.buffer[:3], "big")
        kind, flags = self.buffer[3], self.buffer[4]
        stream = struct.unpack(">I", self.buffer[5:9])[0] & 0x7FFFFFFF
        payload = self.buffer[9:9 + length]
        self.buffer = self.buffer[9 + length:]
        got = Frame(kind, flags, stream, payload)
        if kind == SETTINGS and not flags & ACK:
            for i in range(0, len(payload), 6):
                key, value = struct.unpack(">HI", payload[i:i + 6])
                self.server_settings[key] = value
            self.send(frame(SETTINGS, ACK, 0))
        return got

    def response(self, stream, timeout=10):
        """(status, headers as a dict of lists, body) of `stream`; raises if the
        stream is reset or the connection ends first."""
        headers, body = None, b""
        deadline = time.monotonic() + timeout
        while True:
            got = self.read_frame(max(0.1, deadline - time.monotonic()))
            if got is None:
                raise ConnectionError(f"the connection ended before stream {stream}'s response")
            if got.kind == GOAWAY and got.error_code() != NO_ERROR:
                raise ConnectionError(f"GOAWAY {got.error_code()} before stream {stream}'s response")
            if got.stream != stream:
                continue
            if got.kind == RST_STREAM:
                raise ConnectionError(f"stream {stream} reset with {got.error_code()}")
            if got.kind == HEADERS:
                fields = self.decoder.decode(got.payload)
                status = dict(fields).get(":status")
                if status and status.startswith("1"):
                    continue  # an interim response
                if headers is None:
                    headers = {}
                    for name, value in fields:
                        headers.setdefault(name, []).append(value)
            elif got.kind == DATA:
                body += got.payload
                if got.payload:
                    self.send(frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", len(got.payload))) +
                              frame(WINDOW_UPDATE, 0, stream, struct.pack(">I", len(got.payload))))
            if got.flags & END_STREAM:
                return int(headers[":status"][0]), headers, body

    def until(self, predicate, timeout=10):
        """Reads frames until one satisfies `predicate`; returns it, or None
        when the connection ends first."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.read_frame(max(0.1, deadline - time.monotonic()))
            if got is None or predicate(got):
                return got

    def closed_by_server(self, timeout=10):
        """Reads (and drops) everything until the server closes; returns the
        GOAWAY frame it sent first, if any."""
        goaway = None
        deadline = time.monotonic() + timeout
        while True:
            try:
                got = self.read_frame(max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                raise AssertionError("the server kept the connection open")
            if got is None:
                return goaway
            if got.kind == GOAWAY:
                goaway = got
