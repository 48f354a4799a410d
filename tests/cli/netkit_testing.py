"""Helpers for the CLI tests: run netkit (and example programs) as real
processes on loopback, read their output as it comes, and stop them after."""
import http.server
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

NETKIT = os.environ.get("NETKIT", "netkit")
EXAMPLES = os.environ.get("NETKIT_EXAMPLES", ".")
LESSON = os.environ.get("NETKIT_LESSON", os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                                      "shared", "lesson"))
TIMEOUT = 10  # seconds any single expectation may wait
# Built with AddressSanitizer (make test-sanitize): it keeps freed memory in
# quarantine (256 MiB), so a process's peak memory says nothing there.
SANITIZED = os.environ.get("NETKIT_SANITIZED") == "1"


class Process:
    """A running program whose stdout and stderr lines are collected by threads."""

    def __init__(self, args, stdin=subprocess.PIPE, preexec_fn=None):
        self.args = args
        self.proc = subprocess.Popen(args, stdin=stdin, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, preexec_fn=preexec_fn)
        self.lines = queue.Queue()
        self.seen = []
        self.stderr_lines = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines), daemon=True).start()
        self.err_done = threading.Event()
        threading.Thread(target=self._pump_err, daemon=True).start()

    @staticmethod
    def _pump(stream, sink):
        buffer = b""
        while True:
            chunk = stream.read1(65536)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                sink.put(line.decode("utf-8", "replace"))
        if buffer:
            sink.put(buffer.decode("utf-8", "replace"))
        sink.put(None)

    def _pump_err(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace").rstrip("\n"))
        self.err_done.set()

    def expect(self, pattern, timeout=TIMEOUT):
        """Waits for an output line matching the regular expression; returns the match."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self.args[0]}: no line matching {pattern!r} within "
                                     f"{timeout}s; saw {self.seen[-10:]!r}; stderr {self.stderr_lines!r}")
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self.lines.put(None)
                raise AssertionError(f"{self.args[0]}: output ended before {pattern!r}; saw "
                                     f"{self.seen[-10:]!r}; stderr {self.stderr_lines!r}")
            self.seen.append(line)
            found = regex.search(line)
            if found:
                return found

    def send(self, text):
        self.proc.stdin.write(text.encode() if isinstance(text, str) else text)
        self.proc.stdin.flush()

    def close_stdin(self):
        self.proc.stdin.close()

    def wait(self, timeout=TIMEOUT):
        code = self.proc.wait(timeout=timeout)
        self.err_done.wait(timeout)
        return code

    def rest(self):
        """Every output line not yet read, once the program has ended."""
        out = []
        while True:
            line = self.lines.get(timeout=TIMEOUT)
            if line is None:
                self.lines.put(None)
                return out
            out.append(line)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream:
                try:
                    stream.close()
                except OSError:
                    pass


def netkit(*args, **kwargs):
    return Process([NETKIT, *args], **kwargs)


def node_package(test, name, version):
    """node, and the node_modules folder that holds npm's `name`@`version`,
    installed once into a cache of its own (Node's peers of the tests)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    test.assertTrue(npm and node, "Node and npm are not here: the Node peer cannot run")
    cache = os.path.join(os.path.expanduser("~"), ".cache", "netkit", f"node-{name}")
    if not os.path.isdir(os.path.join(cache, "node_modules", name)):
        os.makedirs(cache, exist_ok=True)
        done = subprocess.run([npm, "install", "--prefix", cache, "--no-audit", "--no-fund",
                               f"{name}@{version}"], capture_output=True, text=True, timeout=300)
        test.assertEqual(done.returncode, 0, f"npm install {name} failed: " + done.stderr)
    return node, os.path.join(cache, "node_modules")


def example(name, *args, **kwargs):
    return Process([os.path.join(EXAMPLES, name), *args], **kwargs)


def run(args, stdin_bytes=b"", timeout=30, cwd=None, env=None):
    """Runs a program to completion: (exit code, stdout bytes, stderr text).
    `env` adds to the environment."""
    done = subprocess.run(args, input=stdin_bytes, capture_output=True, timeout=timeout, cwd=cwd,
                          env=dict(os.environ, **env) if env else None)
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


def listening_port(process):
    """The port from a server's 'listening on ADDRESS:PORT' line."""
    return int(process.expect(r"listening on \S*:(\d+)$").group(1))


def closed_port():
    """A loopback TCP port nothing listens on (it was free a moment ago), from
    below the kernel's ephemeral range: a connect to one in the range can pick
    that very port as its source and meet itself (a TCP self-connect, which
    succeeds), and a server started on it cannot collide with a client."""
    import random
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        low = int(f.read().split()[0])
    for _ in range(200):
        candidate = random.randrange(max(1024, low - 12000), low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
                return candidate
            except OSError:
                continue
    raise AssertionError("no free port below the ephemeral range")


class LineSocket:
    """A raw Python socket client that reads whole lines: a real, non-netkit peer."""

    def __init__(self, port, host="127.0.0.1"):
        self.sock = socket.create_connection((host, port), timeout=TIMEOUT)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def readline(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError(f"connection closed; pending {self.buffer[:200]!r}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8")

    def expect(self, pattern):
        regex = re.compile(pattern)
        seen = []
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            line = self.readline()
            seen.append(line)
            if regex.search(line):
                return line
        raise AssertionError(f"no line matching {pattern!r}; saw {seen!r}")

    def close(self):
        self.sock.close()


class NetkitTestCase(unittest.TestCase):
    """Stops every process a test started, however the test ends."""

    def setUp(self):
        self.processes = []
        self.sockets = []

    def tearDown(self):
        for s in self.sockets:
            s.close()
        for p in self.processes:
            p.stop()

    def connect(self, port, host="127.0.0.1"):
        """A raw Python socket client (closed after the test)."""
        s = LineSocket(port, host)
        self.sockets.append(s)
        return s

    def start(self, process):
        self.processes.append(process)
        return process


class WithFiles(NetkitTestCase):
    """A temporary folder, self.root, with hello.txt, for the servers a test starts."""

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        with open(os.path.join(self.root, "hello.txt"), "wb") as f:
            f.write(b"hello\n")

    def tearDown(self):
        super().tearDown()
        self.tmp.cleanup()


def serve(test, directory, *extra, bind="127.0.0.1"):
    """Starts `netkit serve` on a free port over `directory`; returns (process, port)."""
    process = test.start(netkit("serve", "0", "-b", bind, "-d", str(directory), *extra))
    found = process.expect(r"^Serving HTTPS? on \S+ port (\d+) \(https?://\S+/\) \.\.\.$")
    return process, int(found.group(1))


def wait_for_port(port, name, process=None, host="127.0.0.1", seconds=15):
    """Returns once something accepts on host:port; fails, naming `name`, if
    `process` (a Process or a Popen) exits first or nothing listens in time."""
    popen = getattr(process, "proc", process)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if popen is not None and popen.poll() is not None:
            raise AssertionError(f"{name} exited ({popen.returncode}) before listening")
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{name} did not listen on {host}:{port} within {seconds} s")


def raw_exchange(port, data, timeout=TIMEOUT, host="127.0.0.1"):
    """Sends raw bytes, half-closes, and returns everything the server sends back."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A scripted server's handler: no log lines, and reply() for a whole
    answer (with its Content-Length; no body for HEAD)."""

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def self_signed(directory, name="localhost"):
    """A throw-away certificate for `name` and its key (openssl): (cert, key) paths."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    san = f"IP:{name}" if name[0].isdigit() else f"DNS:{name}"
    code, _, err = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", f"/CN={name}", "-addext", f"subjectAltName={san}",
                        "-keyout", key, "-out", cert])
    if code != 0:
        raise AssertionError(f"openssl could not make a certificate: {err}")
    return cert, key


def lesson_script(directory, name, replacements):
    """A copy in `directory` of the lesson's script `name` as printed, with
    only the texts in `replacements` (its host names, ports, paths and
    logins) made this test's; each must occur, so that a changed lesson
    fails the test instead of running unchanged."""
    with open(os.path.join(LESSON, "scripts", name)) as f:
        text = f.read()
    for old, new in replacements.items():
        if old not in text:
            raise AssertionError(f"{name} no longer holds {old!r}")
        text = text.replace(old, new)
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def start_nginx(test, root, tls=False, server="", cert=None, http="", http2=False):
    """nginx serving `root` on a free loopback port (HTTPS with a certificate
    for localhost minted here when `tls`, or `cert`, a (certificate, key)
    pair; HTTP/2 too when `http2`); `http` and `server`: more directives for
    those blocks. Returns (port, certificate path)."""
    os.chmod(root, 0o755)  # nginx's worker drops to nobody
    port = closed_port()
    cert, key = cert or self_signed(root) if tls else ("", "")
    listen = f"127.0.0.1:{port}" + (" ssl" if tls else "") + (" http2" if http2 else "")
    certs = f"ssl_certificate {cert}; ssl_certificate_key {key};" if tls else ""
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1; daemon off; pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 64; }}
http {{ access_log off; client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fcgi; uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
  {http} server {{ listen {listen}; root {root}; {certs} {server} }} }}
""")
    wait_for_port(port, "nginx", test.start(Process(["nginx", "-p", root + "/", "-c", conf])))
    return port, cert


class Terminal:
    """A program on a pseudo-terminal of 80 x 24 with TERM=xterm: what a
    person at a terminal types and sees. `seen` holds everything written;
    read_until() searches it with the terminal's escape sequences taken out."""

    ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\r|\x07")

    def __init__(self, args, cwd=None):
        import pty
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: stdin, stdout and stderr are the terminal
            try:
                import fcntl
                import struct
                import termios
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.environ["TERM"] = "xterm"
                os.execv(args[0], args)
            finally:
                os._exit(127)
        self.seen = b""
        self.exit_code = None

    def type(self, keys):
        os.write(self.fd, keys)

    def _read(self, timeout):
        import select
        if select.select([self.fd], [], [], timeout)[0]:
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # the program has ended and the terminal is gone
                chunk = b""
            self.seen += chunk
            return bool(chunk)
        return True

    def text(self):
        """What the terminal shows, roughly: a line erased by "\\r ESC[K" is
        gone, and the other escape sequences are taken out."""
        shown = b""
        for part in self.seen.split(b"\r\x1b[K"):
            shown = shown[:shown.rfind(b"\n") + 1] + part if shown else part
        return self.ESCAPES.sub(b"", shown)

    def read_until(self, pattern, timeout=TIMEOUT):
        """Waits until what the terminal shows matches `pattern` (bytes); returns the match."""
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.text())
            if found:
                return found
            if time.monotonic() > deadline or not self._read(0.2):
                raise AssertionError(f"no {pattern!r} on the terminal; it shows {self.text()[-600:]!r}")

    def wait(self, timeout=TIMEOUT):
        """The exit code, once the program has ended (the rest of its output read)."""
        deadline = time.monotonic() + timeout
        while self.exit_code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_code = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                self.close()
                raise AssertionError(f"{self.text()[-300:]!r}: the program did not end")
            else:
                self._read(0.05)
        while select_ready(self.fd) and self._read(0):
            pass
        return self.exit_code

    def close(self):
        if self.exit_code is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.exit_code = -9
        try:
            os.close(self.fd)
        except OSError:
            pass


def select_ready(fd):
    import select
    return bool(select.select([fd], [], [], 0)[0])


def rss_kib(pid):
    """A running process's resident memory, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def sockets_and_pipes(pid):
    """A process's open sockets and pipes: what its connections hold. (Open
    files are left out: a server's file cache keeps those it served, by
    design, bounded by its size.)"""
    held = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            held += os.readlink(f"/proc/{pid}/fd/{fd}").startswith(("socket:", "pipe:"))
        except OSError:
            pass  # closed meanwhile
    return held


def waiting_to_be_accepted(port):
    """Connections to a listening port that no accept() has taken yet: the
    length of the listener's queue (the rx_queue of its LISTEN line in
    /proc/net/tcp and tcp6)."""
    waiting = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[1].endswith(f":{port:04X}"):
                    waiting += int(fields[4].split(":")[1], 16)
    return waiting


def assert_descriptors_given_back(test, pid, count, port, seconds=10, what=""):
    """Waits until a server (pid, listening on port) holds no more sockets
    and pipes than count, and fails if it still does after seconds. A
    connection still in the listener's queue is not in the process yet, and
    is taken later: the count is trusted only once nothing waits there."""
    deadline = time.monotonic() + seconds
    while ((waiting_to_be_accepted(port) > 0 or sockets_and_pipes(pid) > count)
           and time.monotonic() < deadline):
        time.sleep(0.05)
    test.assertEqual(waiting_to_be_accepted(port), 0, f"{what}connections never accepted")
    test.assertLessEqual(sockets_and_pipes(pid), count, f"{what}descriptors not given back")


def assert_memory_below(test, kib, limit_kib):
    """A peak memory bound, held by `make test`; under the sanitizers (see
    SANITIZED) the bound is not checked, and the rest of the test is."""
    if not SANITIZED:
        test.assertLess(kib, limit_kib)


def run_on_full_disk(args, disk, size="256k", timeout=60):
    """Runs `args` with a small tmpfs of `size` mounted on the folder `disk`,
    in a private mount namespace (unshare: the test runs as root, and nothing
    outside sees the mount): (exit code, stdout bytes, stderr text, the names
    left on the disk when the program ended). A disk that cannot be made
    fails the test's assertion, it does not skip."""
    with tempfile.NamedTemporaryFile("r") as report:
        script = ('mount -t tmpfs -o size="$1" netkit-full-disk "$2" || exit 125; disk=$2; report=$3; '
                  'shift 3; cd "$disk" && "$@"; rc=$?; ls -A "$disk" > "$report"; exit $rc')
        done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                               size, disk, report.name, *args], capture_output=True, timeout=timeout)
        err = done.stderr.decode("utf-8", "replace")
        if done.returncode == 125:
            raise AssertionError(f"cannot make a full disk with unshare and tmpfs: {err}")
        left = report.read().split()
    return done.returncode, done.stdout, err, left


def run_into_closed_pipe(args, keep=10, timeout=60):
    """Runs `args` with stdout to a pipe whose reader takes `keep` bytes and
    goes away (as `| head -c 10` does): (exit code, the bytes read, stderr
    text)."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.read(keep)
    process.stdout.close()
    process.stdout = None
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError(f"{args[0]} still ran {timeout}s after its reader went away")
    return process.returncode, first, err.decode("utf-8", "replace")
