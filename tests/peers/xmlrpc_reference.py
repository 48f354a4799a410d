"""Python's own SimpleXMLRPCServer with the methods of
tests/peers/xmlrpc_test_server.cpp, for the tests to compare netkit's
server with, and for netkit's client to call:
    xmlrpc_reference.py   (listens on a free loopback port, prints "listening PORT")
Run it with CPython 3.13."""
import time
from xmlrpc.client import Fault
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class QuietHandler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/", "/RPC2")

    def log_message(self, *args):
        pass


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
    server.register_function(lambda *args: list(args), "echo")
    server.register_function(add, "add")
    server.register_function(fail, "fail")
    server.register_function(boom, "boom")
    server.register_function(nap, "nap")
    server.register_function(lambda n: "x" * n, "big")
    server.register_function(lambda: None, "nothing")
    server.register_function(mirror, "mirror")
    server.register_introspection_functions()
    server.register_multicall_functions()
    print("listening", server.server_address[1], flush=True)
    server.serve_forever()
