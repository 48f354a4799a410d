#!/usr/bin/python3
"""pyftpdlib on loopback for the tests: anonymous (read-only) and one user
with every permission, on the same folder; --tls adds explicit FTPS.

    pyftpd.py --port P --root DIR [--host ::1] [--user U --password PW]
              [--tls CERT KEY] [--quiet]
"""
import argparse
import logging

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
from pyftpdlib.servers import FTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--user", default="netkit")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()

    logging.basicConfig(level=logging.WARNING)
    authorizer = DummyAuthorizer()
    authorizer.add_user(args.user, args.password, args.root, perm="elradfmwMT")
    authorizer.add_anonymous(args.root, perm="elr")
    handler = TLS_FTPHandler if args.tls else FTPHandler
    if args.tls:
        handler.certfile, handler.keyfile = args.tls
    handler.authorizer = authorizer
    server = FTPServer((args.host, args.port), handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
