"""netkit serve against the h2spec cases (github.com/summerwind/h2spec: its
http2 group for RFC 7540/9113, its hpack group for RFC 7541, and its generic
group), written here as a table from the cases' descriptions and run through
the raw-frame client (h2_frames.py). Each case sends its frames after the
preface and the exchange of SETTINGS, and says what the server must do:

  conn(codes)    a connection error: GOAWAY with one of the codes (or, as
                 h2spec also accepts, the connection closed)
  stream(codes)  a stream error: RST_STREAM with one of the codes (or a
                 connection error with one of them)
  alive          nothing wrong: a PING sent after gets its answer
  answer(status) a response with that status on stream 1

Left out, with why:
  3.2 (Upgrade: h2c)                 the server's Upgrade is off by default
                                      (as nginx's); tested in test_http2.py
  5.1.2, 6.9.1 #1, 6.9.2             flow control and the stream limit are
                                      tested with real files in test_http2.py
  8.2 (server push)                  the server never pushes
  5.1.1 #2 (HEADERS on a lower stream id than one already opened)
                                      nghttp2 ignores such a block instead
                                      of failing the connection: it may be
                                      a trailer sent before our RST_STREAM
                                      reached the client. netkit keeps that.
  generic/5 (HTTP/2 over TLS ALPN)   test_http2.py (curl, nghttp, Chromium)
"""
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import h2_frames as h2  # noqa: E402
from netkit_testing import WithFiles, serve  # noqa: E402

F = h2.frame
GET = [(":method", "GET"), (":scheme", "http"), (":path", "/hello.txt"), (":authority", "localhost")]
BIG = [(":method", "GET"), (":scheme", "http"), (":path", "/big.bin"), (":authority", "localhost")]


def block(fields, huffman=True):
    import hpack
    return hpack.Encoder().encode(fields, huffman=huffman)


def headers(stream, fields=GET, flags=h2.END_HEADERS | h2.END_STREAM):
    return F(h2.HEADERS, flags, stream, block(fields))


UPLOADS = iter(range(1_000_000))


def post(stream, extra=(), flags=h2.END_HEADERS):
    """A PUT of a new file (--upload): a request with a body."""
    fields = [(":method", "PUT"), (":scheme", "http"), (":path", f"/upload-{next(UPLOADS)}.bin"),
              (":authority", "localhost"), *extra]
    return F(h2.HEADERS, flags, stream, block(fields))


def settings_raw(*pairs):
    return F(h2.SETTINGS, 0, 0, b"".join(struct.pack(">HI", k, v) for k, v in pairs))


def ping(payload=b"h2spec\0\0", flags=0, stream=0):
    return F(h2.PING, flags, stream, payload)


def conn(*codes):
    return ("conn", codes)


def stream(*codes):
    return ("stream", codes)


ALIVE = ("alive", ())


def answer(status):
    return ("answer", status)


P = h2.PROTOCOL_ERROR
FS = h2.FRAME_SIZE_ERROR
SC = h2.STREAM_CLOSED
FC = h2.FLOW_CONTROL_ERROR
CE = h2.COMPRESSION_ERROR

# (id, description, bytes sent, expectation)
CASES = [
    ("3.5/1", "client preface, then SETTINGS", b"", ALIVE),
    ("4.1/1", "a frame of unknown type", F(0x16, 0, 0, b"\0" * 8), ALIVE),
    ("4.1/2", "a frame with undefined flags", ping(flags=0x16), ALIVE),
    ("4.1/3", "a frame with the reserved bit set", F(h2.PING, 0, 0, b"h2spec\0\0")[:5] +
     struct.pack(">I", 0x80000000) + b"h2spec\0\0", ALIVE),
    ("4.2/1", "DATA of 2^14 octets", post(1, [("content-length", "16384")]) +
     F(h2.DATA, h2.END_STREAM, 1, b"x" * 16384), answer(201)),
    ("4.2/2", "DATA larger than SETTINGS_MAX_FRAME_SIZE", post(1) + F(h2.DATA, h2.END_STREAM, 1, b"x" * 16385),
     stream(FS)),
    ("4.2/3", "HEADERS larger than SETTINGS_MAX_FRAME_SIZE",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1,
       block(GET + [("x-long", "a" * 16400)], huffman=False)), conn(FS)),
    ("4.3/1", "an invalid header block fragment", F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1,
                                                     b"\x00\x00\x00\x00\x00"), conn(CE)),
    ("4.3/2", "PRIORITY in the middle of a header block",
     F(h2.HEADERS, h2.END_STREAM, 1, block(GET)) + F(h2.PRIORITY, 0, 1, b"\0\0\0\0\x10"), conn(P)),
    ("4.3/3", "HEADERS to another stream in the middle of a header block",
     F(h2.HEADERS, h2.END_STREAM, 1, block(GET)) + headers(3), conn(P)),
    ("5.1/1", "idle: DATA", F(h2.DATA, h2.END_STREAM, 1, b"x"), conn(P)),
    ("5.1/2", "idle: RST_STREAM", F(h2.RST_STREAM, 0, 1, struct.pack(">I", h2.CANCEL)), conn(P)),
    ("5.1/3", "idle: WINDOW_UPDATE", F(h2.WINDOW_UPDATE, 0, 1, struct.pack(">I", 100)), conn(P)),
    ("5.1/4", "idle: CONTINUATION", F(h2.CONTINUATION, h2.END_HEADERS, 1, block(GET)), conn(P)),
    ("5.1/5", "half closed (remote): DATA", headers(1, BIG) + F(h2.DATA, 0, 1, b"x"), stream(SC)),
    ("5.1/6", "half closed (remote): HEADERS", headers(1, BIG) + headers(1, BIG), stream(SC)),
    ("5.1/7", "half closed (remote): CONTINUATION", headers(1, BIG) +
     F(h2.CONTINUATION, h2.END_HEADERS, 1, block(GET)), stream(SC, P)),
    ("5.1/8", "closed: DATA after RST_STREAM", headers(1, BIG, h2.END_HEADERS) +
     F(h2.RST_STREAM, 0, 1, struct.pack(">I", h2.CANCEL)) + F(h2.DATA, 0, 1, b"x"), stream(SC)),
    ("5.1/9", "closed: HEADERS after RST_STREAM", headers(1, BIG, h2.END_HEADERS) +
     F(h2.RST_STREAM, 0, 1, struct.pack(">I", h2.CANCEL)) + headers(1), stream(SC)),
    ("5.1/10", "closed: CONTINUATION after RST_STREAM", headers(1, BIG, h2.END_HEADERS) +
     F(h2.RST_STREAM, 0, 1, struct.pack(">I", h2.CANCEL)) +
     F(h2.CONTINUATION, h2.END_HEADERS, 1, block(GET)), stream(SC, P)),
    ("5.1/11", "closed: DATA after END_STREAM both ways", "after-response:" , stream(SC)),
    ("5.1.1/1", "an even stream identifier", headers(2), conn(P)),
    ("5.3.1/1", "HEADERS depending on its own stream",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM | h2.PRIORITY_FLAG, 1,
       struct.pack(">IB", 1, 16) + block(GET)), stream(P)),
    ("5.3.1/2", "PRIORITY depending on its own stream", F(h2.PRIORITY, 0, 1, struct.pack(">IB", 1, 16)),
     stream(P)),
    ("5.4.1/1", "an invalid PING: GOAWAY, then the connection closes", ping(b"short"), conn(FS)),
    ("5.5/1", "an unknown extension frame", F(0xff, 0, 0, b"extension"), ALIVE),
    ("5.5/2", "an unknown extension frame in a header block",
     F(h2.HEADERS, h2.END_STREAM, 1, block(GET)) + F(0xff, 0, 0, b"x"), conn(P)),
    ("6.1/1", "DATA on stream 0", F(h2.DATA, 0, 0, b"x"), conn(P)),
    ("6.1/2", "DATA on a stream half closed (remote)", headers(1, BIG) + F(h2.DATA, 0, 1, b"x"), stream(SC)),
    ("6.1/3", "DATA with a pad length beyond its payload",
     post(1) + F(h2.DATA, h2.PADDED | h2.END_STREAM, 1, b"\x06xxxx"), conn(P)),
    ("6.2/1", "HEADERS without END_HEADERS then PRIORITY",
     F(h2.HEADERS, 0, 1, block(GET)) + F(h2.PRIORITY, 0, 1, b"\0\0\0\0\x10"), conn(P)),
    ("6.2/2", "HEADERS without END_HEADERS then HEADERS on another stream",
     F(h2.HEADERS, 0, 1, block(GET)) + headers(3), conn(P)),
    ("6.2/3", "HEADERS on stream 0", headers(0), conn(P)),
    ("6.2/4", "HEADERS with a pad length beyond its payload",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM | h2.PADDED, 1, b"\xff" + block(GET)), conn(P)),
    ("6.3/1", "PRIORITY on stream 0", F(h2.PRIORITY, 0, 0, b"\0\0\0\x03\x10"), conn(P)),
    ("6.3/2", "PRIORITY of a length other than 5", F(h2.PRIORITY, 0, 1, b"\0\0\0\x03\x10\0"), stream(FS)),
    ("6.4/1", "RST_STREAM on stream 0", F(h2.RST_STREAM, 0, 0, struct.pack(">I", h2.CANCEL)), conn(P)),
    ("6.4/2", "RST_STREAM on an idle stream", F(h2.RST_STREAM, 0, 1, struct.pack(">I", h2.CANCEL)), conn(P)),
    ("6.4/3", "RST_STREAM of a length other than 4", headers(1, BIG) +
     F(h2.RST_STREAM, 0, 1, struct.pack(">I", h2.CANCEL) + b"\0"), conn(FS)),
    ("6.5/1", "SETTINGS ACK with a payload", F(h2.SETTINGS, h2.ACK, 0, b"\0" * 6), conn(FS)),
    ("6.5/2", "SETTINGS on a stream", F(h2.SETTINGS, 0, 1, struct.pack(">HI", 3, 100)), conn(P)),
    ("6.5/3", "SETTINGS of a length not a multiple of 6", F(h2.SETTINGS, 0, 0, b"\0\x03\0\0\0"), conn(FS)),
    ("6.5.2/1", "SETTINGS_ENABLE_PUSH of 2", settings_raw((h2.ENABLE_PUSH, 2)), conn(P)),
    ("6.5.2/2", "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1",
     settings_raw((h2.INITIAL_WINDOW_SIZE, 2 ** 31)), conn(FC)),
    ("6.5.2/3", "SETTINGS_MAX_FRAME_SIZE below 16384", settings_raw((h2.MAX_FRAME_SIZE, 16383)), conn(P)),
    ("6.5.2/4", "SETTINGS_MAX_FRAME_SIZE above 2^24-1", settings_raw((h2.MAX_FRAME_SIZE, 2 ** 24)), conn(P)),
    ("6.5.2/5", "an unknown setting", settings_raw((0xff, 1)), ALIVE),
    ("6.5.3/1", "SETTINGS_INITIAL_WINDOW_SIZE twice in one frame",
     settings_raw((h2.INITIAL_WINDOW_SIZE, 100), (h2.INITIAL_WINDOW_SIZE, 65535)), ALIVE),
    ("6.7/1", "PING", ping(b"pingtest"), ("ping", b"pingtest")),
    ("6.7/2", "PING with ACK: no answer", ping(b"ackedack", flags=h2.ACK), ALIVE),
    ("6.7/3", "PING on a stream", ping(stream=1), conn(P)),
    ("6.7/4", "PING of a length other than 8", ping(b"\0" * 6), conn(FS)),
    ("6.8/1", "GOAWAY on a stream", F(h2.GOAWAY, 0, 1, struct.pack(">II", 0, 0)), conn(P)),
    ("6.9/1", "WINDOW_UPDATE of 0 on the connection", F(h2.WINDOW_UPDATE, 0, 0, struct.pack(">I", 0)),
     conn(P)),
    ("6.9/2", "WINDOW_UPDATE of 0 on a stream", headers(1, BIG) +
     F(h2.WINDOW_UPDATE, 0, 1, struct.pack(">I", 0)), stream(P)),
    ("6.9/3", "WINDOW_UPDATE of a length other than 4", F(h2.WINDOW_UPDATE, 0, 0, b"\0\0\0\x01\0"), conn(FS)),
    ("6.9.1/2", "the connection window beyond 2^31-1",
     F(h2.WINDOW_UPDATE, 0, 0, struct.pack(">I", 2 ** 31 - 1)) * 2, conn(FC)),
    ("6.9.1/3", "a stream window beyond 2^31-1", headers(1, BIG) +
     F(h2.WINDOW_UPDATE, 0, 1, struct.pack(">I", 2 ** 31 - 1)) * 2, stream(FC)),
    ("6.10/1", "HEADERS then several CONTINUATION frames",
     F(h2.HEADERS, h2.END_STREAM, 1, block(GET)) + F(h2.CONTINUATION, 0, 1, b"") +
     F(h2.CONTINUATION, h2.END_HEADERS, 1, b""), answer(200)),
    ("6.10/2", "CONTINUATION then a frame of another type",
     F(h2.HEADERS, h2.END_STREAM, 1, block(GET)) + F(h2.CONTINUATION, 0, 1, b"") + F(h2.DATA, 0, 1, b"x"),
     conn(P)),
    ("6.10/3", "CONTINUATION on stream 0",
     F(h2.HEADERS, h2.END_STREAM, 1, block(GET)) + F(h2.CONTINUATION, h2.END_HEADERS, 0, b""), conn(P)),
    ("6.10/4", "CONTINUATION after HEADERS with END_HEADERS",
     headers(1, BIG) + F(h2.CONTINUATION, h2.END_HEADERS, 1, b""), conn(P)),
    ("6.10/5", "CONTINUATION after CONTINUATION with END_HEADERS",
     F(h2.HEADERS, h2.END_STREAM, 1, block(GET)) + F(h2.CONTINUATION, h2.END_HEADERS, 1, b"") +
     F(h2.CONTINUATION, h2.END_HEADERS, 1, b""), conn(P)),
    ("6.10/6", "CONTINUATION after DATA", post(1) + F(h2.DATA, 0, 1, b"x") +
     F(h2.CONTINUATION, h2.END_HEADERS, 1, b""), conn(P)),
    ("7/1", "GOAWAY with an unknown error code", F(h2.GOAWAY, 0, 0, struct.pack(">II", 0, 0xff)),
     ("no-protocol-error", ())),
    ("7/2", "RST_STREAM with an unknown error code", headers(1, BIG) +
     F(h2.RST_STREAM, 0, 1, struct.pack(">I", 0xff)), ALIVE),
    ("8.1/1", "a second HEADERS without END_STREAM", post(1) + post(1), stream(P)),
    ("8.1.2/1", "an upper-case field name", headers(1, GET + [("X-Upper", "a")]), stream(P)),
    ("8.1.2.1/1", "an unknown pseudo-field", headers(1, GET + [(":unknown", "a")]), stream(P)),
    ("8.1.2.1/2", "a response pseudo-field in a request", headers(1, GET + [(":status", "200")]),
     stream(P)),
    ("8.1.2.1/3", "a pseudo-field as a trailer", post(1) +
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, block([(":method", "GET")])), stream(P)),
    ("8.1.2.1/4", "a pseudo-field after a regular one",
     headers(1, [(":method", "GET"), (":scheme", "http"), ("x-a", "b"), (":path", "/"),
                 (":authority", "x")]), stream(P)),
    ("8.1.2.2/1", "a connection-specific field", headers(1, GET + [("connection", "keep-alive")]),
     stream(P)),
    ("8.1.2.2/2", "TE other than trailers", headers(1, GET + [("te", "trailers, deflate")]), stream(P)),
    ("8.1.2.3/1", "an empty :path", headers(1, [f if f[0] != ":path" else (":path", "") for f in GET]),
     stream(P)),
    ("8.1.2.3/2", "no :method", headers(1, [f for f in GET if f[0] != ":method"]), stream(P)),
    ("8.1.2.3/3", "no :scheme", headers(1, [f for f in GET if f[0] != ":scheme"]), stream(P)),
    ("8.1.2.3/4", "no :path", headers(1, [f for f in GET if f[0] != ":path"]), stream(P)),
    ("8.1.2.3/5", ":method twice", headers(1, [(":method", "GET")] + GET), stream(P)),
    ("8.1.2.3/6", ":scheme twice", headers(1, [(":scheme", "http")] + GET), stream(P)),
    ("8.1.2.3/7", ":path twice", headers(1, [(":path", "/")] + GET), stream(P)),
    ("8.1.2.6/1", "content-length unlike the DATA", post(1, [("content-length", "1")]) +
     F(h2.DATA, h2.END_STREAM, 1, b"test"), stream(P)),
    ("8.1.2.6/2", "content-length unlike the sum of DATA frames", post(1, [("content-length", "1")]) +
     F(h2.DATA, 0, 1, b"test") + F(h2.DATA, h2.END_STREAM, 1, b"test"), stream(P)),
    ("8.2/1", "PUSH_PROMISE from a client", F(h2.PUSH_PROMISE, h2.END_HEADERS, 1,
                                              struct.pack(">I", 2) + block(GET)), conn(P)),
    # RFC 7541 (h2spec's hpack group).
    ("hpack 2.3.3/1", "an indexed field beyond the table",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, b"\xff\x80\x01"), conn(CE)),
    ("hpack 2.3.3/2", "a literal field whose name index is beyond the table",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, b"\x7f\x80\x01\x01a"), conn(CE)),
    ("hpack 4.2/1", "a table size update beyond SETTINGS_HEADER_TABLE_SIZE",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, b"\x3f\xe2\x1f" + block(GET)), conn(CE)),
    ("hpack 5.2/1", "a Huffman string with the EOS symbol",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, block(GET) + b"\x40\x01a\x84\xff\xff\xff\xff"),
     conn(CE)),
    ("hpack 5.2/2", "Huffman padding longer than 7 bits",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, block(GET) + b"\x40\x01a\x82\x1f\xff"), conn(CE)),
    ("hpack 5.2/3", "Huffman padding not of EOS bits",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, block(GET) + b"\x40\x01a\x81\x00"), conn(CE)),
    ("hpack 6.1/1", "an indexed field of index 0",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, b"\x80"), conn(CE)),
    ("hpack 6.3/1", "a table size update after a field",
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, block(GET) + b"\x20"), conn(CE)),
    # h2spec's generic group: what a server must simply do.
    ("generic 1", "GET", headers(1), answer(200)),
    ("generic 2", "HEAD", headers(1, [f if f[0] != ":method" else (":method", "HEAD") for f in GET]),
     answer(200)),
    ("generic 3", "a request with trailers", post(1) + F(h2.DATA, 0, 1, b"abc") +
     F(h2.HEADERS, h2.END_HEADERS | h2.END_STREAM, 1, block([("x-trailer", "t")])), answer(201)),
    ("generic 4", "a request split over CONTINUATION frames",
     F(h2.HEADERS, h2.END_STREAM, 1, block(GET)[:3]) + F(h2.CONTINUATION, h2.END_HEADERS, 1, block(GET)[3:]),
     answer(200)),
]


class H2specTest(WithFiles):
    def setUp(self):
        super().setUp()
        with open(os.path.join(self.root, "big.bin"), "wb") as f:
            f.write(os.urandom(1 << 20))
        self.process, self.port = serve(self, self.root, "-q", "--upload")

    def handshake(self):
        """A connection past the preface and the SETTINGS exchange."""
        client = h2.Client(self.port)
        settings = client.until(lambda f: f.kind == h2.SETTINGS and not f.flags & h2.ACK)
        self.assertIsNotNone(settings, "no SETTINGS from the server")
        client.until(lambda f: f.kind == h2.SETTINGS and f.flags & h2.ACK)
        return client

    def outcome(self, client, expected):
        kind, what = expected
        if kind == "alive":
            client.send(ping(b"stillup!"))
            got = client.until(lambda f: f.kind in (h2.GOAWAY, h2.RST_STREAM) or
                               (f.kind == h2.PING and f.flags & h2.ACK and f.payload == b"stillup!"))
            self.assertIsNotNone(got, "the connection closed")
            self.assertEqual(got.kind, h2.PING, f"{got} (error {got.error_code() if got.kind != h2.PING else ''})")
        elif kind == "ping":
            got = client.until(lambda f: f.kind == h2.PING and f.flags & h2.ACK)
            self.assertEqual(got.payload, what)
        elif kind == "no-protocol-error":
            client.send(ping(b"stillup!"))
            got = client.until(lambda f: f.kind in (h2.GOAWAY, h2.PING))
            if got is not None and got.kind == h2.GOAWAY:
                self.assertEqual(got.error_code(), h2.NO_ERROR)
        elif kind == "answer":
            status, _, _ = client.response(1)
            self.assertEqual(status, what)
        elif kind in ("conn", "stream"):
            wanted = (h2.GOAWAY,) if kind == "conn" else (h2.GOAWAY, h2.RST_STREAM)
            try:
                got = client.until(lambda f: f.kind in wanted and (f.kind == h2.GOAWAY or f.stream == 1))
            except TimeoutError:
                self.fail("the server said nothing and kept the connection")
            if got is None:
                return  # closed: h2spec takes that too
            self.assertIn(got.error_code(), what, f"{got} with error {got.error_code()}")
            if kind == "conn":
                client.closed_by_server()  # and then it closes

    def test_cases(self):
        for case_id, description, sent, expected in CASES:
            with self.subTest(case=f"{case_id} {description}"):
                client = self.handshake()
                try:
                    if isinstance(sent, str) and sent.startswith("after-response:"):
                        client.send(headers(1))
                        client.response(1)
                        client.send(F(h2.DATA, 0, 1, b"x"))
                    else:
                        client.send(sent)
                    self.outcome(client, expected)
                finally:
                    client.close()
        # And after all of it, the server still serves.
        client = self.handshake()
        client.send(headers(1))
        self.assertEqual(client.response(1)[2], b"hello\n")
        client.close()


if __name__ == "__main__":
    unittest.main()
