"""The SimpleXMLRPCServer example of Python's documentation, as it is
there (pow, add, an instance's mul, introspection), with multicall added,
on a free loopback port: prints "listening PORT". Run with CPython 3.13."""
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


# Restrict to a particular path.
class RequestHandler(SimpleXMLRPCRequestHandler):
    rpc_paths = ('/RPC2',)

    def log_message(self, *args):
        pass


# Create server
with SimpleXMLRPCServer(('localhost', 0), requestHandler=RequestHandler) as server:
    server.register_introspection_functions()
    server.register_multicall_functions()

    # Register pow() function; this will use the value of
    # pow.__name__ as the name, which is just 'pow'.
    server.register_function(pow)

    # Register a function under a different name
    def adder_function(x, y):
        return x + y
    server.register_function(adder_function, 'add')

    # Register an instance; all the methods of the instance are
    # published as XML-RPC methods (in this case, just 'mul').
    class MyFuncs:
        def mul(self, x, y):
            return x * y

    server.register_instance(MyFuncs())

    # Run the server's main loop
    print("listening", server.server_address[1], flush=True)
    server.serve_forever()
