"""Python's own SimpleXMLRPCServer with the methods of
tests/peers/xmlrpc_test_server.cpp, for the tests to compare netkit's
server with, for netkit's client to call, and for bench/xmlrpc/compare.py:
    xmlrpc_reference.py [CERT KEY]   (on a free loopback port, over TLS with
                                      CERT and KEY; prints "listening PORT")
Run it with CPython 3.13."""
import base64
import ssl
import sys
import time
from xmlrpc.client import Fault
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class QuietHandler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/", "/RPC2", "/auth")

    def log_message(self, *args):
        pass

    def do_POST(self):
        # /auth wants Basic credentials "user" and "pa ss" (as a URL's
        # user-info "user:pa%20ss" gives them).
        wanted = "Basic " + base64.b64encode(b"user:pa ss").decode()
        if self.path == "/auth" and self.headers.get("Authorization") != wanted:
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_POST()


def fail(code, text):
    raise Fault(code, text)


def boom():
    raise ValueError("boom")


def nap(ms):
    time.sleep(ms / 1000)
    return ms


def add(x, y):
    """add(x, y) => x + y, for ints"""
    return x + y


def mirror(p):
    """mirror({x, y}) => {y, x}"""
    return {"x": p["y"], "y": p["x"]}


with SimpleXMLRPCServer(("127.0.0.1", 0), requestHandler=QuietHandler, allow_none=True,
                        use_builtin_types=True, logRequests=False) as server:
    if len(sys.argv) == 3:  # CERT KEY: over TLS
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.register_function(lambda *args: list(args), "echo")
    server.register_function(add, "add")
    server.register_function(fail, "fail")
    server.register_function(boom, "boom")
    server.register_function(nap, "nap")
    server.register_function(lambda n: "x" * n, "big")
    server.register_function(lambda: None, "nothing")
    server.register_function(mirror, "mirror")
    server.register_function(len, "count")
    server.register_introspection_functions()
    server.register_multicall_functions()
    print("listening", server.server_address[1], flush=True)
    server.serve_forever()
