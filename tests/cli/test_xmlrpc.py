"""XML-RPC against real peers: CPython 3.13's ServerProxy calling netkit's
server (its answers compared with Python's own SimpleXMLRPCServer's for
the same calls), netkit's client calling Python's server, xmlrpc-c both
ways (its `xmlrpc` command, and a server made with its library), Node's
xmlrpc package calling netkit's server, the examples against their Python
twins, and hostile input to netkit's server."""
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import EXAMPLES, NetkitTestCase, Process, node_package, run, self_signed  # noqa: E402

CPYTHON = os.environ.get("NETKIT_CPYTHON313", "")
PEERS = os.environ.get("NETKIT_TEST_PEERS", ".")
SOURCE_PEERS = os.path.join(os.path.dirname(__file__), "..", "peers")

# Calls CPython makes to a server, printing one line per answer. The lines
# are compared between netkit's server and Python's; those that start with
# "only:" differ by design and are checked apart.
DRIVER = r'''
import datetime, sys, xmlrpc.client as xc
url = sys.argv[1]
p = xc.ServerProxy(url, allow_none=True, use_builtin_types=True)
values = [0, 1, -1, 2**31 - 1, -2**31, True, False, 0.0, -0.0, 1.5, 1e-300, 5e-324,
          1.7976931348623157e308, float("inf"), float("-inf"), "", "plain",
          "h\u00e9llo \u20ac \U0001d11e", "<&>\"'", "tab\tnew\nline a\rb", "\u2028\ufeff\x7f",
          None, b"", b"\x00\xff" * 100, datetime.datetime(2026, 12, 6, 1, 2, 3), [],
          [1, [2, [3, []]]], {}, {"a": 1, "b": [1.5, {"c": None}]}, {"\u00e9": "x"},
          ["mixed", 1, 2.5, True, None, b"x", {"k": [b"y"]}]]
for v in values:
    print("echo", repr(p.echo(v)))
print("echo many", repr(p.echo(*values)))
print("nan", repr(p.echo(float("nan"))))
print("add", repr(p.add(2, 3)))
try:
    p.fail(42, "custom <fault> \u00e9")
except xc.Fault as f:
    print("fault", f.faultCode, repr(f.faultString))
for bad in ([1], ["a", 2], [1, 2, 3]):
    try:
        p.add(*bad)
    except xc.Fault as f:
        print("only: bad add", f.faultCode, repr(f.faultString))
try:
    p.boom()
except xc.Fault as f:
    print("only: boom", f.faultCode, repr(f.faultString))
try:
    p.no_such_method()
except xc.Fault as f:
    print("only: missing", f.faultCode, repr(f.faultString))
try:
    p.echo("bell \x01")
except xc.Fault as f:
    print("only: control", f.faultCode, repr(f.faultString))
big = p.big(100000)
print("big", len(big), big[:3])


class GzipRequests(xc.Transport):
    encode_threshold = 100


zipped = xc.ServerProxy(url, transport=GzipRequests(use_builtin_types=True), allow_none=True)
print("gzip request", repr(zipped.echo("y" * 5000)[0][:3]), len(zipped.echo("y" * 5000)[0]))
print("mirror", repr(p.mirror({"x": 1, "y": 2})))
print("nothing", repr(p.nothing()))
print("nap", repr(p.nap(20)))
m = xc.MultiCall(p)
m.add(1, 2)
m.echo("z")
m.fail(3, "in a multicall")
m.add(5, 5)
results = m()
print("multi", repr(results[0]), repr(results[1]), repr(results[3]))
try:
    results[2]
except xc.Fault as f:
    print("multi fault", f.faultCode, repr(f.faultString))
print("methods", repr(p.system.listMethods()))
print("help", repr(p.system.methodHelp("add")))
print("only: signature", repr(p.system.methodSignature("add")))
print("only: signature of echo", repr(p.system.methodSignature("echo")))
try:
    xc.ServerProxy(url.replace("/RPC2", "/elsewhere")).add(1, 2)
except xc.ProtocolError as e:
    print("protocol error", e.errcode)
'''


def start_listening(test, args):
    """A peer that prints "listening PORT" once it listens: (process, port)."""
    process = test.start(Process(args))
    match = process.expect(r"listening (\d+)")
    return process, int(match.group(1))


def require_cpython(test):
    if not CPYTHON or not os.path.exists(CPYTHON):
        test.fail("CPython 3.13 (pyenv 3.13.0) is not here: the XML-RPC peer tests cannot run")


def python_reference(test):
    require_cpython(test)
    return start_listening(test, [CPYTHON, os.path.join(SOURCE_PEERS, "xmlrpc_reference.py")])


def netkit_server(test, *options):
    return start_listening(test, [os.path.join(PEERS, "xmlrpc_test_server"), *options])


def drive(test, url):
    done = subprocess.run([CPYTHON, "-c", DRIVER, url], capture_output=True, text=True, timeout=120)
    test.assertEqual(done.returncode, 0, done.stderr)
    return done.stdout.splitlines()


class PythonCallsNetkitTest(NetkitTestCase):
    def test_cpython_gets_from_netkit_what_it_gets_from_python(self):
        _, python_port = python_reference(self)
        _, netkit_port = netkit_server(self, "--allow-none")
        expected = drive(self, f"http://127.0.0.1:{python_port}/RPC2")
        got = drive(self, f"http://127.0.0.1:{netkit_port}/RPC2")
        self.assertEqual(len(got), len(expected))
        shared = [(g, e) for g, e in zip(got, expected) if not e.startswith("only:")]
        self.assertGreater(len(shared), 40)
        for g, e in shared:
            self.assertEqual(g, e)
        self.assertIn("only: bad add 1 'TypeError:add takes 2 arguments but 1 was given'", got)
        self.assertIn("only: bad add 1 'TypeError:add: argument 1: expected int, got string'", got)
        self.assertIn("only: bad add 1 'TypeError:add takes 2 arguments but 3 were given'", got)
        self.assertIn("only: boom 1 'Exception:boom'", got)
        self.assertIn("only: missing 1 'Exception:method \"no_such_method\" is not supported'", got)
        control = [line for line in got if line.startswith("only: control")]
        self.assertRegex(control[0], r"ExpatError:.*not well-formed.*line \d+, column \d+")
        self.assertIn("only: signature [['int', 'int', 'int']]", got)
        self.assertIn("only: signature of echo 'signatures not supported'", got)

    def test_nil_needs_allow_none_as_in_python(self):
        _, port = netkit_server(self)
        require_cpython(self)
        script = ("import xmlrpc.client as xc, sys\n"
                  "p = xc.ServerProxy(sys.argv[1])\n"
                  "try:\n    p.nothing()\nexcept xc.Fault as f:\n    print(f.faultCode, f.faultString)\n")
        done = subprocess.run([CPYTHON, "-c", script, f"http://127.0.0.1:{port}/"],
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(done.stdout.strip(),
                         "1 TypeError:cannot marshal None unless allow_none is enabled")

    def test_the_documentation_page_escapes_what_it_shows(self):
        _, port = netkit_server(self)
        code, out, err = run(["curl", "-s", "-i", f"http://127.0.0.1:{port}/RPC2"])
        self.assertEqual(code, 0, err)
        page = out.decode()
        self.assertIn("HTTP/1.1 200", page)
        self.assertIn("<b>mirror</b>(struct) &rarr; struct", page)
        self.assertIn("mirror({x, y}) =&gt; {y, x}", page)
        code, out, _ = run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT",
                            f"http://127.0.0.1:{port}/RPC2"])
        self.assertEqual(out, b"405")


class NetkitCallsPythonTest(NetkitTestCase):
    def call(self, port, *args):
        return run([os.environ.get("NETKIT", "netkit"), "xmlrpc", "call",
                    f"http://127.0.0.1:{port}/RPC2", *args])

    def test_every_type_and_nesting_through_python_s_server(self):
        _, port = python_reference(self)
        cases = [
            (["echo", "1", "-2147483648", "2.5", "1e300", "true", "false"],
             [1, -2147483648, 2.5, 1e300, True, False]),
            (["echo", '"h\\u00e9llo \\u20ac \\ud834\\udd1e <&>"', '"tab\\tnew\\nline"', '""'],
             ["h\u00e9llo \u20ac \U0001d11e <&>", "tab\tnew\nline", ""]),
            (["echo", "null", '[1,[2,[3,[]]]]', '{"a":{"b":[null,{}]},"\\u00e9":"x"}', "--allow-none"],
             [None, [1, [2, [3, []]]], {"a": {"b": [None, {}]}, "\u00e9": "x"}]),
            (["echo", '{"$base64":"AP8="}', '"20261206T01:02:03"', "--datetime", "2"],
             [{"$base64": "AP8="}, {"$datetime": "20261206T01:02:03"}]),
            (["mirror", '{"x":1,"y":2}'], {"x": 2, "y": 1}),
            (["add", "2", "3"], 5),
            (["nothing"], None),
        ]
        for args, expected in cases:
            code, out, err = self.call(port, *args)
            self.assertEqual(code, 0, (args, err))
            self.assertEqual(json.loads(out), expected, args)

    def test_faults_protocol_errors_and_gzip_both_ways(self):
        _, port = python_reference(self)
        code, out, _ = self.call(port, "fail", "42", '"custom <fault>"')
        self.assertEqual((code, out), (1, b"Fault 42: custom <fault>\n"))
        code, out, _ = self.call(port, "boom")
        self.assertEqual((code, out), (1, b"Fault 1: <class 'ValueError'>:boom\n"))
        code, _, err = run([os.environ.get("NETKIT", "netkit"), "xmlrpc", "call",
                            f"http://127.0.0.1:{port}/elsewhere", "add", "1", "2"])
        self.assertEqual(code, 22)
        self.assertIn("404", err)
        # Python's server gzips answers past 1400 bytes; netkit's request in gzip.
        code, out, err = self.call(port, "big", "100000", "-v")
        self.assertEqual(code, 0, err)
        self.assertEqual(len(json.loads(out)), 100000)
        code, out, err = self.call(port, "echo", '"' + "z" * 3000 + '"', "--gzip")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out), ["z" * 3000])

    def test_methods_lists_what_python_s_introspection_answers(self):
        _, port = python_reference(self)
        code, out, err = run([os.environ.get("NETKIT", "netkit"), "xmlrpc", "methods",
                              f"http://127.0.0.1:{port}/"])
        self.assertEqual(code, 0, err)
        names = out.decode().splitlines()
        self.assertEqual(names, sorted(names))
        for name in ("add", "echo", "mirror", "system.listMethods", "system.multicall"):
            self.assertIn(name, names)


class TransportTest(NetkitTestCase):
    """What the client takes from the HTTP client: TLS with verification,
    credentials from the URL, time limits."""

    def test_https_with_verification_and_basic_credentials_from_the_url(self):
        require_cpython(self)
        tmp = self.enterContext(tempfile.TemporaryDirectory())
        cert, key = self_signed(tmp)
        _, port = start_listening(self, [CPYTHON, os.path.join(SOURCE_PEERS, "xmlrpc_reference.py"),
                                         cert, key])
        nk = os.environ.get("NETKIT", "netkit")
        url = f"https://localhost:{port}/RPC2"
        code, _, err = run([nk, "xmlrpc", "call", url, "add", "2", "3"])
        self.assertEqual(code, 60, err)  # not trusted: the certificate is checked
        trusted = {"SSL_CERT_FILE": cert}
        self.assertEqual(run([nk, "xmlrpc", "call", url, "add", "2", "3"], env=trusted)[1], b"5\n")
        self.assertEqual(run([nk, "xmlrpc", "call", "-k", url, "add", "2", "3"])[1], b"5\n")
        code, _, err = run([nk, "xmlrpc", "call", f"https://localhost:{port}/auth", "add", "1", "1"],
                           env=trusted)
        self.assertEqual(code, 22, err)
        self.assertIn("401", err)
        code, out, err = run([nk, "xmlrpc", "call", f"https://user:pa%20ss@localhost:{port}/auth",
                              "add", "1", "1"], env=trusted)
        self.assertEqual((code, out), (0, b"2\n"), err)

    def test_a_call_that_takes_too_long_times_out(self):
        _, port = netkit_server(self)
        nk = os.environ.get("NETKIT", "netkit")
        code, _, err = run([nk, "xmlrpc", "call", "-m", "0.3", f"http://127.0.0.1:{port}/RPC2",
                            "nap", "5000"])
        self.assertEqual(code, 28, err)
        # A coroutine method waits without holding the server up.
        self.assertEqual(run([nk, "xmlrpc", "call", f"http://127.0.0.1:{port}/RPC2", "nap", "50"])[1],
                         b"50\n")


class XmlrpcCTest(NetkitTestCase):
    def test_xmlrpc_c_s_command_calls_netkit_s_server(self):
        _, port = netkit_server(self, "--allow-none", "--allow-i8")
        url = f"http://127.0.0.1:{port}/RPC2"
        code, out, err = run(["xmlrpc", url, "add", "i/2", "i/3"])
        self.assertEqual(code, 0, err)
        self.assertIn(b"Integer: 5", out)
        # (ASCII: the xmlrpc command reads its arguments as Latin-1.)
        code, out, err = run(["xmlrpc", url, "echo", "I/5000000000", "n/", "s/h<&>", "b/t"])
        self.assertEqual(code, 0, err)
        self.assertIn(b"64-bit integer: 5000000000", out)
        self.assertIn(b"Nil", out)
        self.assertIn(b"String: 'h<&>'", out)
        self.assertIn(b"Boolean: TRUE", out)
        code, out, err = run(["xmlrpc", url, "fail", "i/7", "s/no"])
        self.assertNotEqual(code, 0)
        self.assertIn(b"no.  (XML-RPC fault code 7)", out + err.encode())

    def test_netkit_calls_a_server_made_with_xmlrpc_c(self):
        _, port = start_listening(self, [os.path.join(PEERS, "xmlrpc_c_server")])
        url = f"http://127.0.0.1:{port}/RPC2"
        nk = os.environ.get("NETKIT", "netkit")
        self.assertEqual(run([nk, "xmlrpc", "call", url, "add", "2", "3"])[1], b"5\n")
        self.assertEqual(run([nk, "xmlrpc", "call", url, "echo", "5000000000", "--i8"])[1],
                         b"5000000000\n")
        self.assertEqual(run([nk, "xmlrpc", "call", url, "echo", "null", "--allow-none"])[1],
                         b"null\n")
        self.assertEqual(run([nk, "xmlrpc", "call", url, "sum", "[2147483647,1]"])[1],
                         b"2147483648\n")
        code, out, _ = run([nk, "xmlrpc", "call", url, "add", "1"])
        self.assertEqual(code, 1)
        self.assertTrue(out.startswith(b"Fault -501: "), out)


class NodeTest(NetkitTestCase):
    def test_node_s_xmlrpc_package_calls_netkit_s_server(self):
        node, modules = node_package(self, "xmlrpc", "1.3.2")
        _, port = netkit_server(self, "--allow-none")
        script = """
const xmlrpc = require('xmlrpc');
const c = xmlrpc.createClient({host: '127.0.0.1', port: %d, path: '/RPC2'});
c.methodCall('add', [2, 3], (e, v) => {
  if (e) { console.log('error', e.message); return; }
  console.log('add', v);
  c.methodCall('echo', ['h\\u00e9', [1, {a: null}], 2.5, true], (e2, v2) => {
    if (e2) { console.log('error', e2.message); return; }
    console.log('echo', JSON.stringify(v2));
    c.methodCall('fail', [9, 'nine'], (e3) => console.log('fault', e3.code, e3.faultString));
  });
});
""" % port
        done = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, NODE_PATH=modules))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.splitlines(),
                         ["add 5", 'echo ["h\u00e9",[1,{"a":null}],2.5,true]', "fault 9 nine"])


class ExamplesTest(NetkitTestCase):
    PYTHON_CLIENT = ("import xmlrpc.client, sys\n"
                     "s = xmlrpc.client.ServerProxy(sys.argv[1])\n"
                     "print(s.pow(2,3))  # Returns 2**3 = 8\n"
                     "print(s.add(2,3))  # Returns 5\n"
                     "print(s.mul(5,2))  # Returns 5*2 = 10\n"
                     "print(s.system.listMethods())\n"
                     "m = xmlrpc.client.MultiCall(s)\n"
                     "m.add(7, 3); m.pow(7, 3); m.mul(7, 3)\n"
                     "print('7+3=%d, 7**3=%d, 7*3=%d' % tuple(m()))\n")

    def test_the_examples_and_python_s_give_the_same_output_both_ways(self):
        require_cpython(self)
        free = socket.socket()
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
        free.close()
        server = self.start(Process([os.path.join(EXAMPLES, "xmlrpc_server"), str(port)]))
        server.expect(r"Serving XML-RPC on localhost port")
        url = f"http://localhost:{port}/RPC2"
        python = subprocess.run([CPYTHON, "-c", self.PYTHON_CLIENT, url], capture_output=True,
                                text=True, timeout=60)
        self.assertEqual(python.returncode, 0, python.stderr)
        cpp = subprocess.run([os.path.join(EXAMPLES, "xmlrpc_client"), url], capture_output=True,
                             text=True, timeout=60)
        self.assertEqual(cpp.returncode, 0, cpp.stderr)
        self.assertEqual(cpp.stdout, python.stdout)
        self.assertEqual(cpp.stdout.splitlines()[:3], ["8", "5", "10"])
        # The C++ client against Python's own example server.
        doc_server = os.path.join(SOURCE_PEERS, "xmlrpc_doc_example.py")
        _, py_port = start_listening(self, [CPYTHON, doc_server])
        cpp_on_python = subprocess.run([os.path.join(EXAMPLES, "xmlrpc_client"),
                                        f"http://localhost:{py_port}/RPC2"],
                                       capture_output=True, text=True, timeout=60)
        self.assertEqual(cpp_on_python.returncode, 0, cpp_on_python.stderr)
        self.assertEqual(cpp_on_python.stdout, python.stdout)


class HostileInputTest(NetkitTestCase):
    def post(self, port, body, headers=()):
        """The server's status and body for one POST, and whether it still serves."""
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            head = ["POST /RPC2 HTTP/1.1", "Host: x", f"Content-Length: {len(body)}",
                    "Content-Type: text/xml", *headers, "", ""]
            s.sendall("\r\n".join(head).encode() + body)
            return read_response(s)

    def assert_serves(self, port):
        code, out, err = run([os.environ.get("NETKIT", "netkit"), "xmlrpc", "call",
                              f"http://127.0.0.1:{port}/RPC2", "add", "1", "2"])
        self.assertEqual((code, out), (0, b"3\n"), err)

    def assert_fault(self, answer, pattern):
        status, body = answer
        self.assertEqual(status, 200)
        self.assertIn(b"<fault>", body)
        self.assertRegex(body.decode(), pattern)

    def test_each_attack_gets_a_fault_or_a_4xx_and_the_next_call_is_served(self):
        process, port = netkit_server(self)
        laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
                  "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10}">'
                          for i in range(1, 10)) +
                  ']><methodCall><methodName>&lol9;</methodName></methodCall>').encode()
        self.assert_fault(self.post(port, laughs), "DOCTYPE")
        self.assert_serves(port)
        xxe = (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               b'<methodCall><methodName>echo</methodName><params><param><value>&x;</value>'
               b'</param></params></methodCall>')
        status, body = self.post(port, xxe)
        self.assertNotIn(b"root:", body)
        self.assert_fault((status, body), "DOCTYPE")
        deep = (b"<methodCall><methodName>echo</methodName><params><param>" +
                b"<value><array><data>" * 100000 + b"</data></array></value>" * 100000 +
                b"</param></params></methodCall>")
        self.assert_fault(self.post(port, deep), "nested deeper")
        self.assert_serves(port)
        self.assert_fault(self.post(port, b"<methodCall><methodName>add</methodName><params>"),
                          "not well-formed|no element found")
        long_name = b"<methodCall><methodName>" + b"m" * (1 << 20) + b"</methodName></methodCall>"
        status, body = self.post(port, long_name)
        self.assert_fault((status, body), "is not supported")
        self.assertLess(len(body), 2000)  # the name is not sent back whole
        self.assert_fault(self.post(port, b"<methodCall><methodName>add\xff\xfe</methodName>"
                                          b"</methodCall>"), "not well-formed")
        # A gzip bomb: 200 MiB of zeros in a few hundred KiB.
        bomb = gzip.compress(b"\0" * (200 << 20), compresslevel=9)
        status, _ = self.post(port, bomb, ["Content-Encoding: gzip"])
        self.assertEqual(status, 413)
        self.assertEqual(self.post(port, b"x", ["Content-Encoding: br"])[0], 501)
        self.assert_serves(port)
        # 100 MiB of body: refused at the limit, not read to its end.
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n")
            chunk = b"<" * (1 << 20)
            try:
                for _ in range(100):
                    s.sendall(chunk)
            except OSError:
                pass  # the server answered and closed
            self.assertEqual(read_response(s)[0], 413)
        self.assert_serves(port)
        with open(f"/proc/{process.proc.pid}/status") as f:
            peak = int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1))
        self.assertLess(peak, 200 * 1024, "the server's peak memory, in KiB")


def read_response(s):
    data = b""
    while b"\r\n\r\n" not in data:
        piece = s.recv(65536)
        if not piece:
            return 0, b""
        data += piece
    head, body = data.split(b"\r\n\r\n", 1)
    status = int(head.split(b" ")[1])
    length = re.search(rb"Content-Length: (\d+)", head, re.I)
    want = int(length.group(1)) if length else 0
    while len(body) < want:
        piece = s.recv(65536)
        if not piece:
            break
        body += piece
    return status, body


if __name__ == "__main__":
    unittest.main()
