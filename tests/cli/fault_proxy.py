"""A TCP proxy on loopback that injects faults between a client and a server,
for the tests of issue 18: each connection it accepts is forwarded to the
upstream port, and the plan for that connection (the next of `plans`, the
last one repeated) says what goes wrong on the way:

    Fault()                          forward faithfully
    Fault(delay=0.2)                 wait before each piece forwarded
    Fault(dribble=True)              forward one byte at a time
    Fault(stall_after=N)             after N bytes, forward nothing more (stay open)
    Fault(cut_after=N)               after N bytes, close both sides (FIN)
    Fault(reset_after=N)             after N bytes, reset both sides (RST)
    Fault(close_twice=True)          at the end, FIN to the client, then a reset

N counts the bytes going `direction`: "down" (server to client, the default)
or "up" (client to server). Every thread is a daemon and every socket is
closed by stop()."""
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass


@dataclass
class Fault:
    direction: str = "down"
    delay: float = 0.0
    dribble: bool = False
    stall_after: int = None
    cut_after: int = None
    reset_after: int = None
    close_twice: bool = False


def reset(sock):
    """Closes with RST instead of FIN (SO_LINGER with a zero timeout)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class FaultProxy:
    def __init__(self, upstream_port, plans, host="127.0.0.1"):
        self.upstream = (host, upstream_port)
        self.plans = list(plans) or [Fault()]
        self.connections = 0
        self.carried = {"down": 0, "up": 0}  # bytes forwarded each way, every connection
        self.listener = socket.create_server((host, 0))
        self.port = self.listener.getsockname()[1]
        self.sockets = []
        self.waits = []
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            plan = self.plans[min(self.connections, len(self.plans) - 1)]
            self.connections += 1
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            self.sockets += [client, server]
            done = threading.Event()
            self.waits.append(done)
            threading.Thread(target=self._relay, args=(client, server, plan, done), daemon=True).start()

    def _relay(self, client, server, plan, done):
        """Both directions in one thread, so that a close or a reset here is
        not held back by a recv another thread is blocked in."""
        faulty_source = server if plan.direction == "down" else client
        peer = {client: server, server: client}
        open_ends = {client, server}
        sent = 0
        limit = next((n for n in (plan.stall_after, plan.cut_after, plan.reset_after) if n is not None), None)
        try:
            while open_ends and not done.is_set():
                ready, _, _ = select.select(list(open_ends), [], [], 0.5)
                for source in ready:
                    sink = peer[source]
                    data = source.recv(65536)
                    if not data:
                        open_ends.discard(source)
                        if source is faulty_source and plan.close_twice:
                            sink.shutdown(socket.SHUT_WR)
                            time.sleep(0.1)
                            reset(sink)
                            return
                        sink.shutdown(socket.SHUT_WR)  # pass the half-close on
                        continue
                    self.carried["down" if source is server else "up"] += len(data)
                    if source is not faulty_source:
                        sink.sendall(data)
                        continue
                    if limit is not None and sent + len(data) >= limit:
                        self._send(sink, data[:limit - sent], plan)
                        sent = limit
                        if plan.stall_after is not None:
                            done.wait()  # until stop(): the peer sees silence
                        elif plan.cut_after is not None:
                            client.close()
                            server.close()
                        else:
                            reset(client)
                            reset(server)
                        return
                    self._send(sink, data, plan)
                    sent += len(data)
        except OSError:
            pass
        finally:
            for s in (client, server):
                try:
                    s.close()
                except OSError:
                    pass

    @staticmethod
    def _send(sink, data, plan):
        if plan.delay:
            time.sleep(plan.delay)
        if plan.dribble:
            for i in range(len(data)):
                sink.sendall(data[i:i + 1])
                time.sleep(0.001)
        else:
            sink.sendall(data)

    def stop(self):
        self.stopped.set()
        for done in self.waits:
            done.set()
        self.listener.close()
        for s in self.sockets:
            try:
                s.close()
            except OSError:
                pass
