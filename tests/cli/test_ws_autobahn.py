"""The Autobahn WebSocket test suite's cases, written from their
descriptions (crossbario/autobahn-testsuite, autobahntestsuite/case/) as a
table run against netkit's server (the ws_echo_server example) from a raw
socket, since the suite's own runner needs Python 2. Each case sends its
frames (in chops of `chop` bytes where the case says so) and expects its
echoes and pongs, then a clean close (1000), or the connection failed with
the close code RFC 6455 gives the fault.

Here now: 1.* (framing, text and binary sizes), 2.* (pings and pongs),
3.* (reserved bits), 4.* (reserved opcodes), 5.* (fragmentation), 7.*
(close handling). Left for later: 6.* (UTF-8), 9.* (limits, smaller), 10.*,
12.* and 13.* (compression)."""
import os
import struct
import time
import unittest

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
    return header + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


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


class AutobahnCasesTest(NetkitTestCase):
    def setUp(self):
        super().setUp()
        _, self.port = start_echo_server(self)

    def run_case(self, frames, expected, outcome, chop):
        c = RawClient(self.port)
        self.addCleanup(c.close)
        self.assertEqual(c.status, 101, c.head)
        wire = b"".join(frames)
        if chop:
            for at in range(0, len(wire), chop):
                c.sock.sendall(wire[at:at + chop])
                time.sleep(0.0001 if chop > 100 else 0)
        else:
            c.sock.sendall(wire)
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

    def test_cases(self):
        for case_id, frames, expected, outcome, chop in CASES:
            with self.subTest(case_id):
                self.run_case(frames, expected, outcome, chop)


if __name__ == "__main__":
    unittest.main()
