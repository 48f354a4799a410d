"""The servers the HTTP benchmarks measure, started on loopback with one
worker pinned to SERVER_CORE, and what is measured of them: the server's CPU
seconds and RSS from /proc, wrk and curl runs from CLIENT_CORE.

Every server can serve HTTPS (`tls`: a (certificate, key) pair of PEM files),
configured as its documentation recommends for speed: nginx with a shared
session cache beside its tickets, h2o, lighttpd and netkit with their
defaults (each resumes sessions: its resumed handshakes cost less than its
full ones in bench/http/tls_cases.py's run).
"""
import os
import re
import signal
import socket
import subprocess
import time

SERVER_CORE, CLIENT_CORE = "1", "0"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def write_random_file(path, size):
    """A file of `size` random bytes (1 MiB blocks repeated past 1 MiB)."""
    block = os.urandom(min(size, 1 << 20))
    with open(path, "wb") as f:
        for _ in range(size // len(block)):
            f.write(block)
        f.write(block[:size % len(block)])


def process_tree(pid):
    """pid and its descendants (nginx's and h2o's workers)."""
    out, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as f:
                children = [int(c) for c in f.read().split()]
        except OSError:
            children = []
        out += children
        frontier += children
    return out


def cpu_seconds(pid):
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except OSError:
            pass
    return total / TICKS


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


class Server:
    def __init__(self, name, argv, port, workdir=None):
        self.name, self.port = name, port
        self.proc = subprocess.Popen(["taskset", "-c", SERVER_CORE, *argv], cwd=workdir,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_for(port)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def nginx(root, work, variant, tls=None, http2=False):
    port = free_port()
    extra = {"sendfile": "sendfile on;",
             "open_file_cache": "sendfile on; open_file_cache max=1000 inactive=20s;"}[variant]
    listen, certs = f"127.0.0.1:{port} backlog=4096", ""
    if tls:
        listen += " ssl" + (" http2" if http2 else "")
        certs = (f"ssl_certificate {tls[0]}; ssl_certificate_key {tls[1]}; "
                 "ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:SSL:10m; ssl_session_timeout 1h;")
    name = f"nginx-{variant}" + ("-tls" if tls else "") + ("-h2" if http2 else "")
    conf = os.path.join(work, f"{name}.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
daemon off;
pid {work}/{name}.pid;
error_log {work}/{name}-error.log;
events {{ worker_connections 20000; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    tcp_nopush on;
    keepalive_requests 1000000;
    {extra}
    server {{ listen {listen}; root {root}; {certs} }}
}}
""")
    return Server(f"nginx ({variant})", ["nginx", "-p", work + "/", "-c", conf, "-g", "user root;"],
                  port)


def h2o(root, work, tls=None):
    port = free_port()
    name = "h2o" + ("-tls" if tls else "")
    conf = os.path.join(work, f"{name}.conf")
    certs = f"""
  ssl:
    certificate-file: {tls[0]}
    key-file: {tls[1]}""" if tls else ""
    with open(conf, "w") as f:
        f.write(f"""num-threads: 1
listen:
  host: 127.0.0.1
  port: {port}{certs}
user: root
error-log: {work}/{name}-error.log
hosts:
  default:
    paths:
      /:
        file.dir: {root}
""")
    return Server("h2o", ["h2o", "-c", conf], port)


def lighttpd(root, work, tls=None):
    port = free_port()
    name = "lighttpd" + ("-tls" if tls else "")
    conf = os.path.join(work, f"{name}.conf")
    certs = f"""server.modules += ("mod_openssl")
ssl.engine = "enable"
ssl.pemfile = "{tls[0]}"
ssl.privkey = "{tls[1]}"
""" if tls else ""
    with open(conf, "w") as f:
        f.write(f"""server.document-root = "{root}"
server.port = {port}
server.bind = "127.0.0.1"
server.max-keep-alive-requests = 1000000
server.max-fds = 20000
server.errorlog = "{work}/{name}-error.log"
mimetype.assign = (".bin" => "application/octet-stream")
{certs}""")
    return Server("lighttpd", ["lighttpd", "-D", "-f", conf], port)


def netkit(binary, root, tls=None):
    port = free_port()
    certs = ["--tls-cert", tls[0], "--tls-key", tls[1]] if tls else []
    return Server("netkit", [binary, "serve", str(port), "-b", "127.0.0.1", "-d", root, "-q",
                             "--threads", "1", *certs], port)


def floor(binary, root):
    port = free_port()
    return Server("floor (recv + send only)", [binary, str(port), os.path.join(root, "1k.bin")], port)


def python_server(root):
    port = free_port()
    return Server("python http.server", ["/usr/bin/python3", "-m", "http.server", str(port), "-b",
                                         "127.0.0.1", "-d", root, "-p", "HTTP/1.1"], port)


def wrk_once(server, path, seconds, scheme="http", connections=64, headers=()):
    """One wrk run (one thread, `connections` connections) of `seconds`:
    requests/s, p99 latency in ms, the server's CPU seconds per 100,000
    requests, non-2xx answers and socket errors."""
    before = cpu_seconds(server.proc.pid)
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(["taskset", "-c", CLIENT_CORE, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s",
                          "--latency", *extra, f"{scheme}://127.0.0.1:{server.port}{path}"],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    cpu = cpu_seconds(server.proc.pid) - before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rate, "p99_ms": p99_ms, "cpu_per_100k": cpu / max(requests, 1) * 100_000,
            "bad": int(bad.group(1)) if bad else 0, "errors": errors.group(1) if errors else ""}


def curl_once(server, path, scheme="http", cacert=None):
    """MB/s and bytes of one download with curl."""
    trust = ["--cacert", cacert] if cacert else []
    out = subprocess.run(["taskset", "-c", CLIENT_CORE, "curl", "-s", *trust, "-o", "/dev/null", "-w",
                          "%{speed_download} %{size_download}",
                          f"{scheme}://127.0.0.1:{server.port}{path}"],
                         capture_output=True, text=True, timeout=300).stdout.split()
    return float(out[0]) / 1e6, int(out[1])
