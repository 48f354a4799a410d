"""netkit's urlopen against CPython 3.13's urllib.request.urlopen on the same
resources: file: URLs (odd names, a directory, a missing file, another
host), data: URLs (valid and invalid), and http:// from `netkit serve` and
from Python's own http.server (redirect rules, errors with bodies, a POST);
and openers with the auth handlers and password managers against httpbin
(under gunicorn), tinyproxy with Basic credentials, and a scripted server
that checks Digest answers (qop auth or none, MD5, SHA-256, as a server and
as a proxy); and ftp:// from pyftpdlib and vsftpd (files, directories as
listings, ;type=, a missing file, a refused login). Same status, reason,
final URL, headers, body; the same error class, and the same message for
URLError and HTTPError.

Headers that differ by design are left out: Date (the second may turn),
and Connection/Keep-Alive (Python asks every server to close; netkit keeps
the connection for the next request). Both send netkit's User-Agent, so
that servers that echo it (httpbin) answer the same bytes.
"""
import hashlib
import http.server
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.error
import urllib.request

from probe import probe_answers

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from ftp_peers import FtpServer, ScriptedFtpServer  # noqa: E402  (the CLI tests' FTP peers)
from netkit_testing import QuietHandler, closed_port, wait_for_port  # noqa: E402

PROBE = os.environ.get("NETKIT_URLOPEN_PROBE", "urlopen_probe")
NETKIT = os.environ.get("NETKIT", "netkit")
BY_DESIGN = {"date", "connection", "keep-alive"}


class Scripted(QuietHandler):
    """Answers that exercise urllib's redirect and error handling."""

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


DIGEST_PASSWORD = "s3cret"


def digest_ok(field, method, realm="digest realm", algorithm="MD5"):
    """Whether `field` answers our Digest challenge with DIGEST_PASSWORD."""
    if not field or not field.startswith("Digest "):
        return False
    params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(field[7:]))
    h = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[algorithm]

    def hexd(text):
        return h(text.encode()).hexdigest()

    ha1 = hexd("%s:%s:%s" % (params["username"], realm, DIGEST_PASSWORD))
    ha2 = hexd("%s:%s" % (method, params["uri"]))
    if "qop" in params:
        expected = hexd(":".join([ha1, params["nonce"], params["nc"], params["cnonce"], "auth", ha2]))
    else:
        expected = hexd("%s:%s:%s" % (ha1, params["nonce"], ha2))
    return params.get("response") == expected


class Guarded(QuietHandler):
    """Challenges as a server (401) and as a proxy (407)."""

    def do_GET(self):
        path = self.path
        if path.startswith("http://"):  # asked as a proxy
            if digest_ok(self.headers.get("Proxy-Authorization"), "GET"):
                return self.reply(200, b"proxied " + path.encode())
            return self.reply(407, b"who?", [("Proxy-Authenticate",
                                             'Digest realm="digest realm", nonce="pn1", qop="auth"')])
        if path.startswith("/digest"):
            algorithm = "SHA-256" if "sha256" in path else "MD5"
            qop = "" if "noqop" in path else ', qop="auth"'
            if digest_ok(self.headers.get("Authorization"), "GET", algorithm=algorithm):
                return self.reply(200, b"welcome " + path.encode(), [("X-Auth", "digest")])
            return self.reply(401, b"no", [("WWW-Authenticate",
                                           'Digest realm="digest realm", nonce="n1", opaque="o"'
                                           ', algorithm=%s%s' % (algorithm, qop))])
        if path == "/bearer":
            return self.reply(401, b"token", [("WWW-Authenticate", 'Bearer realm="api"')])
        if path == "/two":
            if self.headers.get("Authorization") == "Basic YWRhOnMzY3JldA==":
                return self.reply(200, b"two ok")
            return self.reply(401, b"", [("WWW-Authenticate", 'Bearer realm="api", Basic realm="two"')])
        if path == "/unquoted":
            if self.headers.get("Authorization"):
                return self.reply(200, self.headers.get("Authorization").encode())
            return self.reply(401, b"", [("WWW-Authenticate", "Basic realm=plain")])
        return self.reply(200, ("%s" % self.headers.get("Authorization")).encode())


def reference_opener(case):
    spec = case.get("passwords") or {}
    kind = spec.get("manager", "plain")
    manager = {"plain": urllib.request.HTTPPasswordMgr,
               "default_realm": urllib.request.HTTPPasswordMgrWithDefaultRealm,
               "prior": urllib.request.HTTPPasswordMgrWithPriorAuth}[kind]()
    for e in spec.get("entries", []):
        if kind == "prior" and len(e) > 4:
            manager.add_password(*e[:4], is_authenticated=e[4])
        else:
            manager.add_password(*e[:4])
    made = {"basic": lambda: urllib.request.HTTPBasicAuthHandler(manager),
            "digest": lambda: urllib.request.HTTPDigestAuthHandler(manager),
            "proxy_basic": lambda: urllib.request.ProxyBasicAuthHandler(manager),
            "proxy_digest": lambda: urllib.request.ProxyDigestAuthHandler(manager),
            "cookies": urllib.request.HTTPCookieProcessor,
            "proxy": lambda: urllib.request.ProxyHandler(case["proxies"]),
            "cache_ftp": urllib.request.CacheFTPHandler,
            "https": lambda: urllib.request.HTTPSHandler(
                context=ssl.create_default_context(cafile=case["cafile"]))}
    if case.get("opener_id") in SHARED_OPENERS:
        return SHARED_OPENERS[case["opener_id"]]
    opener = urllib.request.build_opener(*[made[h]() for h in case["handlers"]])
    if "opener_id" in case:
        SHARED_OPENERS[case["opener_id"]] = opener
    return opener


SHARED_OPENERS = {}


def reference(case):
    try:
        opener = reference_opener(case) if "handlers" in case else urllib.request.build_opener()
        opener.addheaders = [("User-agent", "netkit-urllib")]  # netkit's name, not Python's
        r = opener.open(case["url"], case["data"].encode()
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
    out.pop("message_differs", None)
    if "headers" in out:
        # httpbin's Digest nonces and opaques are random: their form is compared.
        out["headers"] = [[h[0], re.sub("[0-9a-f]{32}", "<random>", h[1])] for h in out["headers"]
                          if h[0].lower() not in BY_DESIGN]
    if out.get("error") == "ValueError" or answer.get("message_differs"):
        out["message"] = None  # the class is Python's; its wording is the unpacking's, or OpenSSL's
    if out.get("reason") is None:
        out["reason"] = ""
    return out


def compare(test, cases):
    differences = []
    for case, answer in zip(cases, probe_answers(test, PROBE, cases)):
        if case.get("message_differs"):
            answer["message_differs"] = True
        expected = comparable(dict(reference(case), message_differs=case.get("message_differs")))
        got = comparable(answer)
        if got != expected:
            differences.append("%r\n  netkit:  %r\n  CPython: %r" % (case, got, expected))
    test.assertEqual(differences, [], "\n".join(differences[:20]))


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
        cls.serve_port = closed_port()
        cls.serve = subprocess.Popen([NETKIT, "serve", "-b", "127.0.0.1", "-d", cls.root,
                                      str(cls.serve_port)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        wait_for_port(cls.serve_port, "netkit serve", cls.serve)
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
        compare(self, self.cases())


class AuthDifferentialTest(unittest.TestCase):
    """The auth handlers and password managers, against httpbin, tinyproxy
    and the Guarded server."""

    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp()
        cls.httpbin_port = closed_port()
        cls.httpbin = subprocess.Popen(["gunicorn", "-b", "127.0.0.1:%d" % cls.httpbin_port,
                                        "httpbin:app"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        cls.proxy_port = closed_port()
        conf = os.path.join(cls.root, "tinyproxy.conf")
        with open(conf, "w") as f:
            f.write('Port %d\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nPidFile "%s/tp.pid"\n'
                    'LogFile "%s/tp.log"\nBasicAuth ada s3cret\n' % (cls.proxy_port, cls.root, cls.root))
        cls.tinyproxy = subprocess.Popen(["tinyproxy", "-d", "-c", conf], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        cls.guarded = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Guarded)
        threading.Thread(target=cls.guarded.serve_forever, daemon=True).start()
        wait_for_port(cls.httpbin_port, "httpbin", cls.httpbin)
        wait_for_port(cls.proxy_port, "tinyproxy", cls.tinyproxy)

    @classmethod
    def tearDownClass(cls):
        for p in (cls.httpbin, cls.tinyproxy):
            p.terminate()
            p.wait(timeout=10)
        cls.guarded.shutdown()
        shutil.rmtree(cls.root)

    def test_same_as_cpython(self):
        httpbin = "http://127.0.0.1:%d" % self.httpbin_port
        guarded = "http://127.0.0.1:%d" % self.guarded.server_address[1]
        proxy = "http://127.0.0.1:%d" % self.proxy_port
        ada = [None, httpbin, "ada", "s3cret"]
        realm_ada = ["Fake Realm", httpbin + "/", "ada", "s3cret"]
        digest_ada = ["digest realm", guarded + "/", "ada", DIGEST_PASSWORD]
        cases = []

        def case(url, handlers, manager="plain", entries=(), **extra):
            cases.append(dict({"url": url, "handlers": handlers,
                               "passwords": {"manager": manager, "entries": list(entries)}}, **extra))

        basic = httpbin + "/basic-auth/ada/s3cret"
        case(basic, ["basic"], "default_realm", [ada])
        case(basic, ["basic"], "plain", [realm_ada])
        case(basic, ["basic"], "plain", [["Other", httpbin, "ada", "s3cret"]])  # wrong realm: 401
        case(basic, ["basic"], "default_realm", [[None, httpbin, "ada", "wrong"]])
        case(basic, ["basic"], "default_realm", [[None, httpbin + "/elsewhere", "ada", "s3cret"]])
        case(basic, ["basic"], "prior", [["Fake Realm", httpbin, "ada", "s3cret", True]])
        case(httpbin + "/hidden-basic-auth/ada/s3cret", ["basic"], "prior",
             [["x", httpbin, "ada", "s3cret", True]])
        case(httpbin + "/hidden-basic-auth/ada/s3cret", ["basic"], "default_realm", [ada])
        case(basic, [], "plain", [])
        case(httpbin + "/digest-auth/auth/ada/s3cret/MD5", ["digest", "cookies"], "default_realm",
             [ada])
        case(httpbin + "/digest-auth/auth/ada/s3cret", ["digest", "basic", "cookies"],
             "default_realm", [ada])
        case(httpbin + "/digest-auth/auth/ada/s3cret", ["digest", "cookies"], "default_realm",
             [[None, httpbin, "ada", "nope"]])
        for path in ("/digest", "/digest-noqop", "/digest/deeper"):
            case(guarded + path, ["digest"], "plain", [digest_ada])
        case(guarded + "/digest/deeper", ["digest"], "plain",
             [["digest realm", guarded + "/digest/other", "ada", DIGEST_PASSWORD]])
        case(guarded + "/digest", ["digest"], "plain", [[digest_ada[0], guarded + "/digest", "ada", "x"]])
        case(guarded + "/digest", ["digest"], "plain", [])
        case(guarded + "/digest", ["basic"], "plain", [digest_ada])  # Basic alone: Digest unsupported
        case(guarded + "/bearer", ["basic"], "default_realm", [[None, guarded, "ada", "s3cret"]])
        case(guarded + "/bearer", ["digest"], "default_realm", [[None, guarded, "ada", "s3cret"]])
        case(guarded + "/two", ["basic"], "plain", [["two", guarded, "ada", "s3cret"]])
        case(guarded + "/unquoted", ["basic"], "plain", [["plain", guarded, "ada", "s3cret"]])
        case(guarded + "/digest", ["digest", "basic"], "default_realm",
             [[None, guarded, "ada", DIGEST_PASSWORD]])
        # Proxies: tinyproxy's Basic, the Guarded server's Digest.
        target = httpbin + "/get"
        case(target, ["proxy", "proxy_basic"], "default_realm",
             [[None, "127.0.0.1:%d" % self.proxy_port, "ada", "s3cret"]], proxies={"http": proxy})
        case(target, ["proxy", "proxy_basic"], "default_realm",
             [[None, "127.0.0.1:%d" % self.proxy_port, "ada", "bad"]], proxies={"http": proxy})
        case(target, ["proxy"], "plain", [], proxies={"http": proxy})
        case(target, ["proxy"], "plain", [], proxies={"http": "http://ada:s3cret@127.0.0.1:%d" % self.proxy_port})
        guarded_proxy = "127.0.0.1:%d" % self.guarded.server_address[1]
        case("http://127.0.0.1:9/page", ["proxy", "proxy_digest"], "plain",
             [["digest realm", guarded_proxy, "ada", DIGEST_PASSWORD]],
             proxies={"http": "http://" + guarded_proxy})
        case("http://127.0.0.1:9/page", ["proxy", "proxy_digest"], "plain", [],
             proxies={"http": "http://" + guarded_proxy})
        compare(self, cases)

    def test_sha256_digest_is_answered(self):
        """RFC 7616's SHA-256, which CPython 3.13 refuses (ValueError:
        Unsupported digest authentication algorithm): netkit answers it."""
        httpbin = "http://127.0.0.1:%d" % self.httpbin_port
        guarded = "http://127.0.0.1:%d" % self.guarded.server_address[1]
        cases = [{"url": httpbin + "/digest-auth/auth/ada/s3cret/SHA-256", "handlers": ["digest", "cookies"],
                  "passwords": {"manager": "default_realm", "entries": [[None, httpbin, "ada", "s3cret"]]}},
                 {"url": guarded + "/digest-sha256", "handlers": ["digest"],
                  "passwords": {"entries": [["digest realm", guarded, "ada", DIGEST_PASSWORD]]}}]
        answers = probe_answers(self, PROBE, cases)
        self.assertEqual([a.get("status") for a in answers], [200, 200], answers)
        self.assertEqual(bytes.fromhex(answers[1]["body"]), b"welcome /digest-sha256")
        for case in cases:
            self.assertEqual(reference(case)["error"], "ValueError")



class FtpDifferentialTest(unittest.TestCase):
    """ftp:// URLs from pyftpdlib (a user with a password) and vsftpd
    (anonymous)."""

    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp()
        os.chmod(cls.root, 0o755)
        for name, body in {"plain.txt": b"hello ftp\n", "sub/inner.css": b"p{}\n",
                           "a b.bin": bytes(range(256)) * 64}.items():
            path = os.path.join(cls.root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(body)
        os.chmod(os.path.join(cls.root, "sub"), 0o755)
        cls.servers = [FtpServer("pyftpdlib", cls.root), FtpServer("vsftpd", cls.root)]

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers:
            server.stop()
        shutil.rmtree(cls.root)

    def test_same_as_cpython(self):
        cases = []
        for server in self.servers:
            base = server.url
            for path in ["/plain.txt", "/a%20b.bin", "/sub/inner.css", "/sub/", "/sub", "/",
                         "/nothing-here", "/sub/nothing", "/plain.txt;type=a", "/sub;type=d",
                         "/plain.txt;type=i"]:
                cases.append({"url": base + path})
        pyftpd = self.servers[0]
        cases.append({"url": "ftp://netkit:wrong@127.0.0.1:%d/plain.txt" % pyftpd.port})
        cases.append({"url": "ftp://127.0.0.1:%d/plain.txt" % pyftpd.port})  # no anonymous user
        compare(self, cases)

    def test_the_caching_handler_logs_in_once(self):
        """CacheFTPHandler: three files of one directory over one control
        connection (the scripted server accepts only one), for each side."""
        for side in ("netkit", "CPython"):
            server = ScriptedFtpServer(one_connection_handlers())
            try:
                base = "ftp://ada:pw@127.0.0.1:%d/pub/" % server.port
                cases = [{"url": base + name, "handlers": ["cache_ftp"], "opener_id": side}
                         for name in ("a.txt", "b.txt", "a.txt")]
                answers = (probe_answers(self, PROBE, cases) if side == "netkit"
                           else [reference(c) for c in cases])
                self.assertEqual([bytes.fromhex(a["body"]) for a in answers],
                                 [b"file a.txt\n", b"file b.txt\n", b"file a.txt\n"], answers)
                self.assertEqual([line for line in server.received if line.startswith("USER")],
                                 ["USER ada"], side)
                self.assertEqual(sum(line.startswith("CWD") for line in server.received), 1, side)
            finally:
                server.stop()


def one_connection_handlers():
    """A server for RETR over PASV, with one data connection per file."""

    def pasv(server, _):
        port = server.open_data_listener()
        return "227 Entering Passive Mode (127,0,0,1,%d,%d)." % (port >> 8, port & 255)

    def retr(server, name):
        server.reply("150 Opening BINARY mode data connection for %s (%d bytes)."
                     % (name, len("file %s\n" % name)))
        conn = server.accept_data()
        conn.sendall(("file %s\n" % name).encode())
        conn.close()
        return "226 Transfer complete."

    return {"USER": lambda s, a: "331 Password please.", "PASS": lambda s, a: "230 Logged in.",
            "CWD": lambda s, a: "250 Okay.", "TYPE": lambda s, a: "200 Type set.",
            "PASV": pasv, "EPSV": lambda s, a: "500 Not here.", "RETR": retr,
            "QUIT": lambda s, a: "221 Bye."}



def openssl(*args):
    done = subprocess.run(["openssl", *args], capture_output=True)
    if done.returncode != 0:
        raise AssertionError("openssl %s: %s" % (args[0], done.stderr.decode()))


def mint_ca_and_server(directory):
    """A throw-away CA, and a certificate it signs for 127.0.0.1 and
    localhost (with the extensions CPython's strict verification wants)."""
    ca, ca_key = os.path.join(directory, "ca.pem"), os.path.join(directory, "ca.key")
    cert, key = os.path.join(directory, "server.pem"), os.path.join(directory, "server.key")
    csr, ext = os.path.join(directory, "server.csr"), os.path.join(directory, "server.ext")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-days", "1", "-subj", "/CN=netkit test CA", "-keyout", ca_key, "-out", ca,
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-subj", "/CN=localhost", "-keyout", key, "-out", csr)
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n")
    openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
            "-days", "1", "-out", cert, "-extfile", ext)
    return ca, cert, key


class HttpsDifferentialTest(unittest.TestCase):
    """nginx: http://, and https:// with a certificate of a CA minted for
    the run, trusted through the handler's context (Python's context=)."""

    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp()
        os.chmod(cls.root, 0o755)
        with open(os.path.join(cls.root, "plain.txt"), "wb") as f:
            f.write(b"over TLS\n")
        os.makedirs(os.path.join(cls.root, "sub"))
        with open(os.path.join(cls.root, "sub", "index.html"), "wb") as f:
            f.write(b"<p>index</p>")
        cls.ca, cert, key = mint_ca_and_server(cls.root)
        cls.port = closed_port()
        cls.plain_port = closed_port()
        conf = os.path.join(cls.root, "nginx.conf")
        with open(conf, "w") as f:
            f.write("""worker_processes 1; daemon off; pid %(r)s/nginx.pid; error_log %(r)s/error.log;
events { worker_connections 64; }
http { access_log off; client_body_temp_path %(r)s/body; proxy_temp_path %(r)s/proxy;
  fastcgi_temp_path %(r)s/fcgi; uwsgi_temp_path %(r)s/uwsgi; scgi_temp_path %(r)s/scgi;
  server { listen 127.0.0.1:%(p)d ssl; root %(r)s; ssl_certificate %(c)s; ssl_certificate_key %(k)s; }
  server { listen 127.0.0.1:%(q)d; root %(r)s; } }
""" % {"r": cls.root, "p": cls.port, "q": cls.plain_port, "c": cert, "k": key})
        cls.nginx = subprocess.Popen(["nginx", "-p", cls.root + "/", "-c", conf],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(cls.port, "nginx", cls.nginx)
        wait_for_port(cls.plain_port, "nginx", cls.nginx)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.terminate()
        cls.nginx.wait(timeout=10)
        shutil.rmtree(cls.root)

    def test_same_as_cpython(self):
        base = "https://127.0.0.1:%d" % self.port
        cases = [{"url": base + p, "handlers": ["https"], "cafile": self.ca}
                 for p in ("/plain.txt", "/sub/", "/sub", "/missing", "/plain.txt?x=1#top")]
        cases.append({"url": base + "/plain.txt", "message_differs": True})  # untrusted: URLError
        plain = "http://127.0.0.1:%d" % self.plain_port
        cases += [{"url": plain + p} for p in ("/plain.txt", "/sub/", "/sub", "/missing")]
        cases.append({"url": plain + "/plain.txt", "data": "a=1"})  # nginx: 405 for a POST to a file
        compare(self, cases)


if __name__ == "__main__":
    unittest.main()
