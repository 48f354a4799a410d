"""netkit's urlopen against CPython 3.13's urllib.request.urlopen on the same
resources: file: URLs (odd names, a directory, a missing file, another
host), data: URLs (valid and invalid), and http:// from `netkit serve` and
from Python's own http.server (redirect rules, errors with bodies, a POST).
Same status, reason, final URL, headers, body; the same error class, and
the same message for URLError and HTTPError.

Headers that differ by design are left out: Date (the second may turn),
and Connection/Keep-Alive (Python asks every server to close; netkit keeps
the connection for the next request).
"""
import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

from probe import probe_answers

PROBE = os.environ.get("NETKIT_URLOPEN_PROBE", "urlopen_probe")
NETKIT = os.environ.get("NETKIT", "netkit")
BY_DESIGN = {"date", "connection", "keep-alive"}


class Scripted(http.server.BaseHTTPRequestHandler):
    """Answers that exercise urllib's redirect and error handling."""

    def log_message(self, *args):
        pass

    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def answer(self):
        path = self.path
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        if path.startswith("/redirect/"):
            code, _, target = path[len("/redirect/"):].partition("/")
            self.reply(int(code), b"moving", [("Location", "/" + target)])
        elif path == "/loop":
            self.reply(302, b"", [("Location", "/loop")])
        elif path == "/nolocation":
            self.reply(302, b"nowhere")
        elif path == "/to-file":
            self.reply(302, b"", [("Location", "file:///etc/passwd")])
        elif path == "/uri":
            self.reply(301, b"", [("URI", "/echo")])
        elif path == "/spaced":
            self.reply(302, b"", [("Location", "/echo?a b")])
        elif path == "/missing":
            self.reply(404, b"no such page", [("Content-Type", "text/plain")])
        elif path == "/teapot":
            self.reply(418, b"short and stout", [("X-Kind", "teapot")])
        else:
            body = ("%s %s %s %s" % (self.command, path, self.headers.get("Content-Type"),
                                     data.decode("latin-1"))).encode()
            self.reply(200, body, [("Content-Type", "text/plain"), ("Set-Cookie", "a=1")])

    do_GET = do_POST = do_HEAD = do_PUT = answer


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server on port %d did not start" % port)


def reference(case):
    try:
        r = urllib.request.urlopen(case["url"], case["data"].encode()
                                   if "data" in case else None, timeout=30)
        return {"status": r.status, "reason": getattr(r, "reason", None) or "", "url": r.geturl(),
                "headers": [[k, v] for k, v in r.headers.items()], "body": r.read().hex()}
    except urllib.error.HTTPError as e:
        return {"error": "HTTPError", "message": str(e), "status": e.code, "url": e.geturl(),
                "headers": [[k, v] for k, v in e.headers.items()], "body": e.read().hex()}
    except urllib.error.URLError as e:
        return {"error": "URLError", "message": str(e)}
    except ValueError as e:
        return {"error": "ValueError", "message": str(e)}


def comparable(answer):
    out = dict(answer)
    if "headers" in out:
        out["headers"] = [h for h in out["headers"] if h[0].lower() not in BY_DESIGN]
    if out.get("error") == "ValueError":
        out["message"] = None  # the class is Python's; its wording is the unpacking's
    if out.get("reason") is None:
        out["reason"] = ""
    return out


class UrlopenDifferentialTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp()
        os.chmod(cls.root, 0o755)
        files = {"plain.txt": b"hello\n", "a b.txt": b"spaced", "caf\u00e9.html": b"<p>caf\xc3\xa9</p>",
                 "data.tar.gz": b"\x1f\x8b\x08\x00", "noext": b"", "page.json": b"{}",
                 "sub/inner.css": b"p{}"}
        for name, body in files.items():
            path = os.path.join(cls.root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(body)
        cls.serve_port = free_port()
        cls.serve = subprocess.Popen([NETKIT, "serve", "-b", "127.0.0.1", "-d", cls.root,
                                      str(cls.serve_port)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        wait_for(cls.serve_port)
        cls.scripted = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
        threading.Thread(target=cls.scripted.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.serve.terminate()
        cls.serve.wait(timeout=10)
        cls.scripted.shutdown()
        shutil.rmtree(cls.root)

    def cases(self):
        root = self.root
        quoted = urllib.request.pathname2url
        files = ["plain.txt", "a b.txt", "caf\u00e9.html", "data.tar.gz", "noext", "page.json",
                 "sub/inner.css", "sub", "sub/", "nothing-here"]
        out = [{"url": "file://" + quoted(os.path.join(root, f))} for f in files]
        out += [{"url": "file://localhost" + quoted(os.path.join(root, "plain.txt"))},
                {"url": "file://127.0.0.1" + quoted(os.path.join(root, "plain.txt"))},
                {"url": "file:" + quoted(os.path.join(root, "plain.txt"))},
                {"url": "file://localhost:80" + quoted(os.path.join(root, "plain.txt"))}]
        data = ["data:,Hello%2C%20World!", "data:text/plain;base64,SGVsbG8sIFdvcmxkIQ==",
                "data:text/html,%3Ch1%3EHi%3C%2Fh1%3E", "data:;base64,SGk=",
                "data:text/plain;charset=utf-8,%C3%A9", "data:,a#frag", "data:,",
                "data:;charset=utf-8,x", "DATA:,upper", "data:text/plain;BASE64,SGk=",
                "data:text/plain;base64,SGk", "data:text/plain", "data:text/plain;base64,S=Gk=",
                "data:image/png;base64,iVBORw0KGgo=", "data:text/plain;base64,SG k=",
                "data:a/b;x=y;base64,AAEC"]
        out += [{"url": u} for u in data]
        serve = "http://127.0.0.1:%d" % self.serve_port
        out += [{"url": serve + p} for p in ["/plain.txt", "/a%20b.txt", "/sub", "/sub/",
                                             "/missing.txt", "/page.json#frag", "/sub/inner.css"]]
        scripted = "http://127.0.0.1:%d" % self.scripted.server_address[1]
        for code in (301, 302, 303, 307, 308):
            out.append({"url": "%s/redirect/%d/echo" % (scripted, code)})
            out.append({"url": "%s/redirect/%d/echo" % (scripted, code), "data": "a=1"})
        out += [{"url": scripted + p} for p in ["/loop", "/nolocation", "/to-file", "/uri",
                                                "/spaced", "/missing", "/teapot", "/echo?x=1"]]
        out += [{"url": scripted + "/echo", "data": "name=caf\u00e9"},
                {"url": "gopher://127.0.0.1/"}, {"url": "nothing"}, {"url": "http:///x"}]
        return out

    def test_same_as_cpython(self):
        cases = self.cases()
        differences = []
        for case, answer in zip(cases, probe_answers(self, PROBE, cases)):
            expected = comparable(reference(case))
            got = comparable(answer)
            if got != expected:
                differences.append("%r\n  netkit:  %r\n  CPython: %r" % (case, got, expected))
        self.assertEqual(differences, [], "\n".join(differences[:20]))


if __name__ == "__main__":
    unittest.main()
