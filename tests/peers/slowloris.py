#!/usr/bin/python3
"""Slowloris: COUNT connections to 127.0.0.1:PORT, each sending a request
head one header line at a time (one line per connection every INTERVAL
seconds) and never finishing it; a connection the server closes is opened
again, so that COUNT stay open. Runs SECONDS, then prints
"connections OPENED closed-by-server CLOSED" and exits. Used by
tests/cli/test_faults.py and bench/slowloris.py.

    slowloris.py PORT COUNT SECONDS [INTERVAL]
"""
import resource
import selectors
import socket
import sys
import time


def main():
    port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    interval = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 64)), hard))
    selector = selectors.DefaultSelector()
    opened = closed = 0

    def open_one():
        nonlocal opened
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        selector.register(s, selectors.EVENT_READ, {"lines": 0})
        opened += 1
        return s

    sockets = [open_one() for _ in range(count)]
    started = time.monotonic()
    next_round = started
    while time.monotonic() - started < seconds:
        # Whatever the server sends (a 408, or its close) ends that connection.
        for key, _ in selector.select(timeout=0.05):
            try:
                data = key.fileobj.recv(4096)
            except OSError:
                data = b""
            if not data:
                selector.unregister(key.fileobj)
                key.fileobj.close()
                sockets.remove(key.fileobj)
                closed += 1
                sockets.append(open_one())
        if time.monotonic() >= next_round:
            next_round += interval
            for s in list(sockets):
                state = selector.get_key(s).data
                line = b"GET / HTTP/1.1\r\n" if state["lines"] == 0 else b"X-Drip-%d: x\r\n" % state["lines"]
                try:
                    s.send(line)
                    state["lines"] += 1
                except OSError:
                    pass  # not connected yet, or closed: the select above sees it
    print(f"connections {opened} closed-by-server {closed}", flush=True)
    for s in sockets:
        s.close()


if __name__ == "__main__":
    main()
