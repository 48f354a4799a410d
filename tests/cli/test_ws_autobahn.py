"""The Autobahn WebSocket test suite's cases, written from their
descriptions (crossbario/autobahn-testsuite, autobahntestsuite/case/) as a
table run against netkit's server (the ws_echo_server example) from a raw
socket, since the suite's own runner needs Python 2. Each case sends its
frames (in chops of `chop` bytes where the case says so) and expects its
echoes and pongs, then a clean close (1000), or the connection failed with
the close code RFC 6455 gives the fault.

Here now: 1.* (framing, text and binary sizes), 2.* (pings and pongs),
3.* (reserved bits), 4.* (reserved opcodes), 5.* (fragmentation), 6.*
(UTF-8: the suite's vectors, whole and a byte a fragment, and failing
fast), 7.* (close handling), 9.* (limits, at sizes up to 4 MiB instead of
16), 10.1.1, 12.* and 13.* (permessage-deflate, 20 messages a case instead
of 1,000). Left out: 5.19 and 5.20 (one-second waits) and 7.1.6 (its
outcome is implementation-defined)."""
import os
import struct
import time
import unittest
import zlib

from netkit_testing import NetkitTestCase
from test_ws import RawClient, start_echo_server

TEXT, BINARY, CONT, CLOSE, PING, PONG = 1, 2, 0, 8, 9, 10


def frame(opcode, payload=b"", fin=True, rsv=0, length=None):
    """A masked client frame."""
    if isinstance(payload, str):
        payload = payload.encode()
    n = len(payload) if length is None else length
    b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
    if n < 126:
        header = struct.pack("!BB", b0, 0x80 | n)
    elif n < 65536:
        header = struct.pack("!BBH", b0, 0x80 | 126, n)
    else:
        header = struct.pack("!BBQ", b0, 0x80 | 127, n)
    key = os.urandom(4)
    # XOR as one big integer: Python does megabytes of it in a moment.
    stream = (key * (len(payload) // 4 + 1))[:len(payload)]
    masked = (int.from_bytes(payload, "little") ^ int.from_bytes(stream, "little")).to_bytes(
        len(payload), "little")
    return header + key + masked


def close_frame(code=None, reason=b""):
    return frame(CLOSE, b"" if code is None else struct.pack("!H", code) + reason)


# Each case: (id, frames, expected events, outcome). Events are
# ("message", opcode, payload) and ("pong", payload). The outcome is
# ("clean", code): the test closes (unless the case sent a close) and the
# server's close carries that code; or ("fail", codes): the server closes
# with one of those codes, unasked.
def echo(opcode, payload):
    return ("message", opcode, payload.encode() if isinstance(payload, str) else payload)


CLEAN = ("clean", 1000)
FAIL = ("fail", (1002,))

CASES = []
for i, n in enumerate([0, 125, 126, 127, 128, 65535, 65536], 1):
    CASES.append((f"1.1.{i}", [frame(TEXT, "*" * n)], [echo(TEXT, "*" * n)], CLEAN, None))
    CASES.append((f"1.2.{i}", [frame(BINARY, b"\xfe" * n)], [echo(BINARY, b"\xfe" * n)], CLEAN,
                  None))
CASES += [
    ("1.1.8", [frame(TEXT, "*" * 65536)], [echo(TEXT, "*" * 65536)], CLEAN, 997),
    ("1.2.8", [frame(BINARY, b"\xfe" * 65536)], [echo(BINARY, b"\xfe" * 65536)], CLEAN, 997),
    ("2.1", [frame(PING)], [("pong", b"")], CLEAN, None),
    ("2.2", [frame(PING, "Hello, world!")], [("pong", b"Hello, world!")], CLEAN, None),
    ("2.3", [frame(PING, b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff")],
     [("pong", b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff")], CLEAN, None),
    ("2.4", [frame(PING, b"\xfe" * 125)], [("pong", b"\xfe" * 125)], CLEAN, None),
    ("2.5", [frame(PING, b"\xfe" * 126)], [], FAIL, None),
    ("2.6", [frame(PING, b"\xfe" * 125)], [("pong", b"\xfe" * 125)], CLEAN, 1),
    ("2.7", [frame(PONG)], [], CLEAN, None),
    ("2.8", [frame(PONG, "unsolicited pong payload")], [], CLEAN, None),
    ("2.9", [frame(PONG, "unsolicited pong payload"), frame(PING, "ping payload")],
     [("pong", b"ping payload")], CLEAN, None),
    ("2.10", [frame(PING, f"payload-{i}") for i in range(10)],
     [("pong", f"payload-{i}".encode()) for i in range(10)], CLEAN, None),
    ("2.11", [frame(PING, f"payload-{i}") for i in range(10)],
     [("pong", f"payload-{i}".encode()) for i in range(10)], CLEAN, 1),
    ("3.1", [frame(TEXT, "Hello, world!", rsv=1)], [], FAIL, None),
    ("3.2", [frame(TEXT, "small"), frame(TEXT, "small", rsv=2), frame(PING)],
     [echo(TEXT, "small")], FAIL, None),
    ("3.3", [frame(TEXT, "small"), frame(TEXT, "small", rsv=3), frame(PING)],
     [echo(TEXT, "small")], FAIL, None),
    ("3.4", [frame(TEXT, "small"), frame(TEXT, "small", rsv=4), frame(PING)],
     [echo(TEXT, "small")], FAIL, 1),
    ("3.5", [frame(BINARY, b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff", rsv=5)], [], FAIL, None),
    ("3.6", [frame(PING, "Hello, world!", rsv=6)], [], FAIL, None),
    ("3.7", [frame(CLOSE, struct.pack("!H", 1000), rsv=7)], [], FAIL, None),
]
for i, op in enumerate([3, 4, 5, 6, 7], 1):
    payload = b"" if i in (1, 3) else b"reserved opcode payload"
    CASES.append((f"4.1.{i}", [frame(TEXT, "small"), frame(op, payload), frame(PING)],
                  [echo(TEXT, "small")], FAIL, None))
for i, op in enumerate([11, 12, 13, 14, 15], 1):
    payload = b"" if i in (1, 3) else b"reserved opcode payload"
    CASES.append((f"4.2.{i}", [frame(TEXT, "small"), frame(op, payload), frame(PING)],
                  [echo(TEXT, "small")], FAIL, None))
two = [frame(TEXT, "fragment1", fin=False), frame(CONT, "fragment2")]
with_ping = [frame(TEXT, "fragment1", fin=False), frame(PING, "ping payload"),
             frame(CONT, "fragment2")]
CASES += [
    ("5.1", [frame(PING, "fragment1", fin=False), frame(CONT, "fragment2")], [], FAIL, None),
    ("5.2", [frame(PONG, "fragment1", fin=False), frame(CONT, "fragment2")], [], FAIL, None),
    ("5.3", two, [echo(TEXT, "fragment1fragment2")], CLEAN, None),
    ("5.4", two, [echo(TEXT, "fragment1fragment2")], CLEAN, 1),
    ("5.5", two, [echo(TEXT, "fragment1fragment2")], CLEAN, 3),
    ("5.6", with_ping, [("pong", b"ping payload"), echo(TEXT, "fragment1fragment2")], CLEAN, None),
    ("5.7", with_ping, [("pong", b"ping payload"), echo(TEXT, "fragment1fragment2")], CLEAN, 1),
    ("5.8", with_ping, [("pong", b"ping payload"), echo(TEXT, "fragment1fragment2")], CLEAN, 5),
]
for base, fin in (("5.9", True), ("5.12", False)):
    major, minor = base.split(".")
    nothing = [frame(CONT, "non-continuation payload", fin=fin), frame(TEXT, "Hello, world!")]
    for k, chop in enumerate([None, 1, 3]):
        CASES.append((f"{major}.{int(minor) + k}", nothing, [], FAIL, chop))
for k, (fin, chop) in enumerate([(False, None), (True, None)]):
    cases = [frame(CONT, "fragment1", fin=fin), frame(TEXT, "fragment2", fin=False),
             frame(CONT, "fragment3")] * 2
    CASES.append((f"5.{16 + k}", cases, [], FAIL, chop))
CASES += [
    ("5.15", [frame(TEXT, "fragment1", fin=False), frame(CONT, "fragment2"),
              frame(CONT, "fragment3", fin=False), frame(TEXT, "fragment4")],
     [echo(TEXT, "fragment1fragment2")], FAIL, None),
    ("5.18", [frame(TEXT, "fragment1", fin=False), frame(TEXT, "fragment2")], [], FAIL, None),
]
CASES += [
    ("7.1.1", [frame(TEXT, "Hello World!"), close_frame(1000)], [echo(TEXT, "Hello World!")],
     ("closed", 1000), None),
    ("7.1.2", [close_frame(1000), close_frame(1000)], [], ("closed", 1000), None),
    ("7.1.3", [close_frame(1000), frame(PING, "Hello World!")], [], ("closed", 1000), None),
    ("7.1.4", [close_frame(1000), frame(TEXT, "Hello World!")], [], ("closed", 1000), None),
    ("7.1.5", [frame(TEXT, "fragment1", fin=False), close_frame(1000), frame(CONT, "fragment2")],
     [], ("closed", 1000), None),
    ("7.3.1", [close_frame()], [], ("closed", None), None),
    ("7.3.2", [frame(CLOSE, b"\x03")], [], FAIL, None),
    ("7.3.3", [close_frame(1000)], [], ("closed", 1000), None),
    ("7.3.4", [close_frame(1000, b"Hello World!")], [], ("closed", 1000), None),
    ("7.3.5", [close_frame(1000, b"*" * 123)], [], ("closed", 1000), None),
    ("7.3.6", [close_frame(1000, b"*" * 124)], [], FAIL, None),
    ("7.5.1", [close_frame(1000, "κόσμε".encode() + b"\xed\xa0\x80edited")], [],
     ("fail", (1002, 1007)), None),
]
for i, code in enumerate([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000,
                          4999], 1):
    CASES.append((f"7.7.{i}", [close_frame(code)], [], ("closed", code), None))
for i, code in enumerate([0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999], 1):
    CASES.append((f"7.9.{i}", [close_frame(code)], [], FAIL, None))
CASES += [("7.13.1", [close_frame(5000)], [], FAIL, None),
          ("7.13.2", [close_frame(65535)], [], FAIL, None)]


# Group 6: UTF-8. The byte sequences of Markus Kuhn's UTF-8 decoder test
# (the suite's source for 6.5-6.23), each sent as one text message: valid
# ones echoed, invalid ones failed with 1007. Which is which is Python's
# own strict decoder's answer, not netkit's.
def utf8_vectors():
    kappa = b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"
    vectors = [b"hello\x24world", b"hello\xc2\xa2world", b"hello\xe2\x82\xacworld",
               b"hello\xf0\xa4\xad\xa2world", kappa]
    vectors += [kappa[:i] for i in range(1, len(kappa) + 1)]  # every prefix
    vectors += [b"\x00", b"\xc2\x80", b"\xe0\xa0\x80", b"\xf0\x90\x80\x80",  # first of a length
                b"\xf8\x88\x80\x80\x80", b"\xfc\x84\x80\x80\x80\x80",
                b"\x7f", b"\xdf\xbf", b"\xef\xbf\xbf", b"\xf4\x8f\xbf\xbf",  # last of a length
                b"\xf7\xbf\xbf\xbf", b"\xfb\xbf\xbf\xbf\xbf", b"\xfd\xbf\xbf\xbf\xbf\xbf",
                b"\xed\x9f\xbf", b"\xee\x80\x80", b"\xef\xbf\xbd", b"\xf4\x90\x80\x80"]
    continuation = [b"\x80", b"\xbf"] + [bytes([0x80, 0xbf] * 3)[:n] for n in range(2, 7)]
    vectors += continuation + [bytes(range(0x80, 0xbf))]
    for low, high in [(0xc0, 0xdf), (0xe0, 0xef), (0xf0, 0xf7), (0xf8, 0xfb), (0xfc, 0xfd)]:
        vectors.append(b"".join(bytes([b, 0x20]) for b in range(low, high)))  # lonely starts
    missing = [b"\xc0", b"\xe0\x80", b"\xf0\x80\x80", b"\xf8\x80\x80\x80",
               b"\xfc\x80\x80\x80\x80", b"\xdf", b"\xef\xbf", b"\xf7\xbf\xbf",
               b"\xfb\xbf\xbf\xbf", b"\xfd\xbf\xbf\xbf\xbf"]
    vectors += missing + [b"".join(missing)]
    vectors += [b"\xfe", b"\xff", b"\xfe\xfe\xff\xff"]  # impossible bytes
    for last in (b"\xaf", b"\xbf", b"\x80"):  # overlong "/", maximal overlongs, overlong NUL
        vectors += [b"\xc0" + last, b"\xe0\x80" + last, b"\xf0\x80\x80" + last,
                    b"\xf8\x80\x80\x80" + last, b"\xfc\x80\x80\x80\x80" + last]
    vectors += [b"\xc1\xbf", b"\xe0\x9f\xbf", b"\xf0\x8f\xbf\xbf"]
    singles = [b"\xed\xa0\x80", b"\xed\xad\xbf", b"\xed\xae\x80", b"\xed\xaf\xbf",
               b"\xed\xb0\x80", b"\xed\xbe\x80", b"\xed\xbf\xbf"]
    vectors += singles + [a + b for a in singles[:4] for b in (singles[4], singles[6])]
    vectors += [b"\xef\xbf\xbe", b"\xef\xbf\xbf"]  # non-characters: valid
    vectors += [bytes([z1, z2, 0xbf, z3]) for z1 in range(0xf0, 0xf5)
                for z2 in (0x8f, 0x9f, 0xaf, 0xbf) for z3 in (0xbe, 0xbf)
                if (z1 != 0xf4 or z2 == 0x8f) and not (z1 == 0xf0 and z2 == 0x8f)]
    vectors += [bytes([0xef, 0xbf, b]) for b in range(0xb9, 0xc0)]  # specials
    return vectors


def is_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


for i, v in enumerate(utf8_vectors(), 1):
    CASES.append((f"6.x.{i} {v[:12]!r}", [frame(TEXT, v)],
                  [echo(TEXT, v)] if is_utf8(v) else [],
                  CLEAN if is_utf8(v) else ("fail", (1007,)), None))
    if is_utf8(v) and len(v) > 1:  # 6.2: valid text in a fragment per byte
        CASES.append((f"6.2.{i} {v[:12]!r}",
                      [frame(TEXT, v[:1], fin=False)] +
                      [frame(CONT, v[k:k + 1], fin=k == len(v) - 1) for k in range(1, len(v))],
                      [echo(TEXT, v)], CLEAN, None))
kappa = "κόσμε".encode()
CASES += [
    ("6.1.1", [frame(TEXT, b"")], [echo(TEXT, b"")], CLEAN, None),
    ("6.1.2", [frame(TEXT, b"", fin=False), frame(CONT, b"", fin=False), frame(CONT, b"")],
     [echo(TEXT, b"")], CLEAN, None),
    ("6.1.3", [frame(TEXT, b"", fin=False), frame(CONT, b"middle", fin=False), frame(CONT, b"")],
     [echo(TEXT, b"middle")], CLEAN, None),
    # 6.4: fail fast. The fault is in an early fragment; the frames after it
    # (which would end the message well) are never needed.
    ("6.4.1", [frame(TEXT, kappa, fin=False), frame(CONT, b"\xf4\x90\x80\x80", fin=False)],
     [], ("fail", (1007,)), None),
    ("6.4.2", [frame(TEXT, kappa + b"\xf4", fin=False), frame(CONT, b"\x90", fin=False)],
     [], ("fail", (1007,)), None),
    ("6.4.3", [frame(TEXT, kappa + b"\xf4\x90\x80\x80" + b"edited")],
     [], ("fail", (1007,)), 1),
    ("6.4.4", [frame(TEXT, kappa + b"\xf4\x90" + b"\x80\x80edited")], [], ("fail", (1007,)), 1),
]


# Group 9: limits and performance, at smaller sizes (the suite's go to 16 MiB
# messages and 4 MiB fragmented ones; 4 MiB and 1 MiB here keep the run
# short). 9.7 and 9.8's thousand round trips are a case each.
MIB = 1 << 20
for i, n in enumerate([64 * 1024, 256 * 1024, MIB, 4 * MIB], 1):
    CASES.append((f"9.1.{i}", [frame(TEXT, "*" * n)], [echo(TEXT, "*" * n)], CLEAN, None))
    CASES.append((f"9.2.{i}", [frame(BINARY, b"\xfe" * n)], [echo(BINARY, b"\xfe" * n)], CLEAN,
                  None))
for i, size in enumerate([64, 256, 1024, 4096, 16384, 65536, 262144, MIB], 1):
    for group, op, unit in (("9.3", TEXT, b"*"), ("9.4", BINARY, b"\xfe")):
        whole = unit * MIB
        pieces = [whole[k:k + size] for k in range(0, MIB, size)]
        frames = [frame(op if k == 0 else CONT, p, fin=k == len(pieces) - 1)
                  for k, p in enumerate(pieces)]
        CASES.append((f"{group}.{i}", frames, [echo(op, whole)], CLEAN, None))
for i, chop in enumerate([64, 128, 256, 512, 1024, 2048], 1):
    CASES.append((f"9.5.{i}", [frame(TEXT, "*" * MIB)], [echo(TEXT, "*" * MIB)], CLEAN, chop))
    CASES.append((f"9.6.{i}", [frame(BINARY, b"\xfe" * MIB)], [echo(BINARY, b"\xfe" * MIB)],
                  CLEAN, chop))
# 10.1.1: 64 KiB of text in frames of 1,300 bytes.
_text = b"*" * 65536
_pieces = [_text[k:k + 1300] for k in range(0, len(_text), 1300)]
CASES.append(("10.1.1", [frame(TEXT if k == 0 else CONT, p, fin=k == len(_pieces) - 1)
                         for k, p in enumerate(_pieces)], [echo(TEXT, _text)], CLEAN, None))
ROUND_TRIPS = [(f"9.7.{i}", TEXT, n) for i, n in enumerate([0, 16, 64, 256, 1024, 4096], 1)] + \
    [(f"9.8.{i}", BINARY, n) for i, n in enumerate([0, 16, 64, 256, 1024, 4096], 1)]


# Groups 12 and 13: permessage-deflate. 12 uses the default offer; 13 the
# suite's seven offers of parameters. Each case sends messages of one size
# (the suite's 16 B to 128 KiB, whole or cut into frames of 256 B to 32 KiB)
# from a data set, compressed, and reads the echoes back through Python's
# zlib with the window and context the server agreed to: a server that used
# a larger window or kept a context it agreed to drop fails to inflate. The
# suite sends 1,000 messages a case and reads its data sets from files it
# ships; here 20 a case, of this repository's README, a JSON document made
# here, and the netkit executable's bytes.
SIZES = [(16, 0), (64, 0), (256, 0), (1024, 0), (4096, 0), (8192, 0), (16384, 0), (32768, 0),
         (65536, 0), (131072, 0), (8192, 256), (16384, 256), (32768, 256), (65536, 256),
         (131072, 256), (131072, 1024), (131072, 4096), (131072, 32768)]
OFFERS = [
    "permessage-deflate; client_max_window_bits",
    "permessage-deflate; server_no_context_takeover; client_max_window_bits",
    "permessage-deflate; server_max_window_bits=9; client_max_window_bits",
    "permessage-deflate; server_max_window_bits=15; client_max_window_bits",
    "permessage-deflate; server_no_context_takeover; server_max_window_bits=9; "
    "client_max_window_bits",
    "permessage-deflate; server_no_context_takeover; server_max_window_bits=15; "
    "client_max_window_bits",
    "permessage-deflate; server_no_context_takeover; server_max_window_bits=9; "
    "client_max_window_bits, permessage-deflate; server_no_context_takeover; "
    "client_max_window_bits, permessage-deflate; client_max_window_bits",
]
MESSAGES_A_CASE = 20


def data_sets():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "README.md"), "rb") as f:
        readme = f.read()
    json_text = ("[" + ",".join('{"id": %d, "name": "item %d", "tags": ["a", "b"], "ok": true}'
                                % (i, i) for i in range(4000)) + "]").encode()
    with open(os.environ.get("NETKIT", "netkit"), "rb") as f:
        binary = f.read(1 << 20)
    return [("text", TEXT, readme), ("json", TEXT, json_text), ("binary", BINARY, binary)]


def agreed_params(extensions_field):
    params = {}
    for part in extensions_field.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        params[name] = int(value) if value else True
    return params


class AutobahnCasesTest(NetkitTestCase):
    def setUp(self):
        super().setUp()
        _, self.port = start_echo_server(self)

    def run_case(self, frames, expected, outcome, chop):
        c = RawClient(self.port)
        self.addCleanup(c.close)
        self.assertEqual(c.status, 101, c.head)
        wire = b"".join(frames)
        try:
            for at in range(0, len(wire), chop or len(wire) or 1):
                c.sock.sendall(wire[at:at + (chop or len(wire))])
                if chop and chop > 100:
                    time.sleep(0.0001)
        except (BrokenPipeError, ConnectionResetError):
            pass  # a server that failed the connection stops reading: what it said is read below
        seen = []
        close_code = None
        while len(seen) < len(expected):
            opcode, payload, _ = c.read_frame()
            if opcode == CLOSE:
                close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                break
            seen.append(("pong", payload) if opcode == PONG else ("message", opcode, payload))
        self.assertEqual(seen, expected)
        kind, codes = outcome
        if kind == "clean":
            c.sock.sendall(close_frame(1000))
            self.assertEqual(c.close_code(), codes)
        elif kind == "closed":  # the case closed: the server answers with the same code
            code = close_code if close_code is not None else c.close_code()
            self.assertEqual(code if code != 1005 else None, codes)
        else:
            code = close_code if close_code is not None else c.close_code()
            self.assertIn(code, codes)

    def test_round_trips(self):
        """9.7 and 9.8: 1,000 messages, each sent once the last one came back."""
        for case_id, op, n in ROUND_TRIPS:
            with self.subTest(case_id):
                c = RawClient(self.port)
                self.addCleanup(c.close)
                payload = b"*" * n
                one = frame(op, payload)
                for _ in range(1000):
                    c.sock.sendall(one)
                    self.assertEqual(c.read_frame()[:2], (op, payload))
                c.sock.sendall(close_frame(1000))
                self.assertEqual(c.close_code(), 1000)

    def compressed_case(self, offer, data, op, size, fragment):
        c = RawClient(self.port, extensions=offer)
        self.addCleanup(c.close)
        self.assertEqual(c.status, 101, c.head)
        field = next((line.split(":", 1)[1].strip() for line in c.head.split("\r\n")
                      if line.lower().startswith("sec-websocket-extensions:")), "")
        self.assertTrue(field.startswith("permessage-deflate"), c.head)
        params = agreed_params(field)
        server_bits = params.get("server_max_window_bits", 15)
        client_bits = params.get("client_max_window_bits", 15)
        # What the server agreed to is within what this offer asked.
        first = offer.split(",")[0]
        if "server_no_context_takeover" in first:
            self.assertIn("server_no_context_takeover", params)
        if "server_max_window_bits=9" in first:
            self.assertLessEqual(server_bits, 9)
        compress = zlib.compressobj(6, zlib.DEFLATED, -client_bits)
        inflate = zlib.decompressobj(-server_bits)
        at = 0
        for _ in range(MESSAGES_A_CASE):
            message = (data * (size // len(data) + 2))[at:at + size]
            at = (at + size) % len(data)
            if op == TEXT:  # cut on a character boundary
                message = message.decode("utf-8", "ignore").encode()
            body = compress.compress(message) + compress.flush(zlib.Z_SYNC_FLUSH)
            body = body[:-4] if body.endswith(b"\x00\x00\xff\xff") else body
            if fragment:
                pieces = [body[k:k + fragment] for k in range(0, len(body), fragment)] or [b""]
            else:
                pieces = [body]
            wire = b"".join(
                frame(op if k == 0 else CONT, piece, fin=k == len(pieces) - 1,
                      rsv=4 if k == 0 else 0)
                for k, piece in enumerate(pieces))
            c.sock.sendall(wire)
            got, first_frame = b"", None
            while True:
                opcode, payload, rsv1 = c.read_frame()
                first_frame = first_frame or (opcode, rsv1)
                got += payload
                if c.last_fin:
                    break
            self.assertEqual(first_frame[0], op)
            if first_frame[1]:
                if "server_no_context_takeover" in params:
                    inflate = zlib.decompressobj(-server_bits)
                got = inflate.decompress(got + b"\x00\x00\xff\xff")
            self.assertEqual(got, message)
        c.sock.sendall(close_frame(1000))
        self.assertEqual(c.close_code(), 1000)

    def test_compression(self):
        """12.*: the default offer; 13.*: the suite's seven offers."""
        sets = data_sets()
        for j, (name, op, data) in enumerate(sets, 1):
            for i, (size, fragment) in enumerate(SIZES, 1):
                with self.subTest(f"12.{j}.{i} {name} {size} {fragment}"):
                    self.compressed_case(OFFERS[0], data, op, size, fragment)
        for j, offer in enumerate(OFFERS, 1):
            for i, (size, fragment) in enumerate(SIZES, 1):
                with self.subTest(f"13.{j}.{i} {size} {fragment}"):
                    self.compressed_case(offer, sets[0][2], TEXT, size, fragment)

    def test_cases(self):
        for case_id, frames, expected, outcome, chop in CASES:
            with self.subTest(case_id):
                self.run_case(frames, expected, outcome, chop)


if __name__ == "__main__":
    unittest.main()
