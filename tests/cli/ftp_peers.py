"""FTP servers for the CLI tests: pyftpdlib and vsftpd started on loopback
(tests/peers), and a scripted misbehaving server written here."""
import os
import socket
import subprocess
import threading

from netkit_testing import closed_port, wait_for_port

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers")
PYTHON = "/usr/bin/python3"


class FtpServer:
    """pyftpdlib or vsftpd on a free port over `root`; stop() ends it."""

    def __init__(self, kind, root, tls=None, ipv6=False, implicit=False):
        self.kind = kind
        self.port = closed_port()  # free a moment ago
        self.host = "::1" if ipv6 else "127.0.0.1"
        if kind == "pyftpdlib":
            args = [PYTHON, os.path.join(PEERS, "pyftpd.py"), "--port", str(self.port), "--root", str(root)]
            if ipv6:
                args += ["--host", "::1"]
        else:
            args = [PYTHON, os.path.join(PEERS, "vsftpd.py"), "--port", str(self.port), "--root", str(root)]
            if ipv6:
                args += ["--ipv6"]
            if implicit:
                args += ["--implicit"]
        if tls:
            args += ["--tls", *tls]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, "the FTP server", self.process, self.host, seconds=10)

    @property
    def url(self):
        """A URL netkit ftp logs in with: pyftpdlib's user, vsftpd's anonymous."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        user = "netkit:secret@" if self.kind == "pyftpdlib" else ""
        return f"ftp://{user}{host}:{self.port}"

    def login(self, ftp):
        if self.kind == "pyftpdlib":
            ftp.login("netkit", "secret")
        else:
            ftp.login()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ScriptedFtpServer:
    """A misbehaving FTP server: one control connection, each command line
    answered by handlers[VERB](server, argument) (a reply string, or None
    when the handler answered itself); unknown commands get 500."""

    def __init__(self, handlers, greeting="220 scripted server"):
        self.handlers = handlers
        self.greeting = greeting
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.received = []
        self.data_listener = None
        self.data_peers = []
        self.conn = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def reply(self, text):
        self.conn.sendall(text.encode("utf-8", "surrogateescape") + b"\r\n")

    def open_data_listener(self, host="127.0.0.1"):
        if self.data_listener:
            self.data_listener.close()
        self.data_listener = socket.create_server((host, 0))
        return self.data_listener.getsockname()[1]

    def accept_data(self):
        self.data_listener.settimeout(10)
        conn, peer = self.data_listener.accept()
        self.data_peers.append(peer)
        return conn

    def _serve(self):
        self.listener.settimeout(20)
        try:
            self.conn, _ = self.listener.accept()
        except OSError:
            return
        self.conn.settimeout(20)
        self.reply(self.greeting)
        buffer = b""
        try:
            while True:
                chunk = self.conn.recv(4096)
                if not chunk:
                    return
                buffer += chunk
                while b"\r\n" in buffer:
                    line, buffer = buffer.split(b"\r\n", 1)
                    text = line.decode("utf-8", "surrogateescape")
                    self.received.append(text)
                    verb, _, argument = text.partition(" ")
                    handler = self.handlers.get(verb.upper())
                    answer = handler(self, argument) if handler else "500 Unknown command."
                    if answer is not None:
                        self.reply(answer)
                    if verb.upper() == "QUIT":
                        return
        except OSError:
            return
        finally:
            self.conn.close()

    def stop(self):
        self.listener.close()
        if self.data_listener:
            self.data_listener.close()
