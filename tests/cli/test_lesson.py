"""Each Python script of the lesson beside its C++ twin in examples/: both
run against the same local server (nginx, httpbin, Python's http.server,
vsftpd, pyftpdlib, or the lesson's own chat scripts), and what they print is
compared line by line, with only what differs from run to run masked (dates,
client addresses, object addresses)."""
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ftp_peers import FtpServer  # noqa: E402
from netkit_testing import (EXAMPLES, NetkitTestCase, Process, closed_port, lesson_script,  # noqa: E402
                            run, self_signed, start_nginx, wait_for_port)

PYTHON = "/usr/bin/python3"


def twin(name, *args, **kwargs):
    return run([os.path.join(EXAMPLES, name), *args], **kwargs)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def masked(output, masks):
    for pattern, replacement in masks:
        output = re.sub(pattern, replacement, output, flags=re.M)
    return output.splitlines()


class TwinTestCase(NetkitTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = self.tmp.name

    def assert_same_output(self, python, cpp, masks=()):
        """Both ran to exit 0 and printed the same lines, once masked."""
        self.assertEqual(python[0], 0, python[2])
        self.assertEqual(cpp[0], 0, cpp[2])
        self.assertEqual(masked(cpp[1], masks), masked(python[1], masks))
        return python[1]


class HttpClientTwinsTest(TwinTestCase):
    """http.client: GET and POST over HTTPS, and a connection made."""

    def test_get_example_prints_status_and_headers_as_python_does(self):
        root = os.path.join(self.dir, "www")
        os.mkdir(root)
        os.chmod(self.dir, 0o755)  # for nginx's worker, which runs as nobody
        with open(os.path.join(root, "index.html"), "wb") as f:
            f.write(b"<h1>lesson</h1>\n")
        port, cert = start_nginx(self, root, tls=True)
        host = f"localhost:{port}"
        # Both verify nginx's certificate against SSL_CERT_FILE, which
        # OpenSSL reads for Python's default context and for netkit's.
        env = {"SSL_CERT_FILE": cert}
        script = lesson_script(self.dir, "get_example.py", {'"www.imdb.com"': f'"{host}"'})
        out = self.assert_same_output(run([PYTHON, script], env=env), twin("get_example", host, env=env),
                                      [(rb"'(Date|Last-Modified)', '[^']*'", rb"'\1', '-'")])
        self.assertTrue(out.startswith(b"Status: 200\nHeaders: [('Server', 'nginx"), out)
        # An unknown certificate: one line, Python's reason, exit 1.
        code, out, err = twin("get_example", host)
        self.assertEqual((code, out), (1, b""))
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("certificate verify failed", err)

    def test_post_example_gets_the_same_echo_from_httpbin(self):
        cert, key = self_signed(self.dir)
        port = closed_port()
        httpbin = Process(["gunicorn", "-b", f"127.0.0.1:{port}", "--certfile", cert, "--keyfile", key,
                           "httpbin:app"])
        wait_for_port(port, "httpbin (gunicorn)", self.start(httpbin))
        host = f"localhost:{port}"
        env = {"SSL_CERT_FILE": cert}
        script = lesson_script(self.dir, "post_example.py", {"'www.httpbin.org'": f"'{host}'"})
        # The echo holds every header each sent: the same, as http.client's.
        out = self.assert_same_output(run([PYTHON, script], env=env), twin("post_example", host, env=env))
        self.assertIn(b'"data":"{\\"text\\": \\"Hello World !!\\"}"', out)
        self.assertIn(b'"json":{"text":"Hello World !!"}', out)

    def test_make_connection_prints_an_unopened_connection(self):
        # Python's repr() shows a type and an address; so does the twin.
        script = lesson_script(self.dir, "make_connection.py", {})
        self.assert_same_output(run([PYTHON, script]), twin("make_connection"),
                                [(rb"^<[\w.:]+ object at 0x[0-9a-f]+>$", b"<connection object>")])


class UrllibTwinsTest(TwinTestCase):
    """urllib.request: urlopen(url).read() and .info(), against http.server."""

    def test_urllib_read_and_info_print_what_python_prints(self):
        root = os.path.join(self.dir, "www")
        os.mkdir(root)
        with open(os.path.join(root, "page.txt"), "wb") as f:
            f.write(b"hello 'quoted' \xc3\xa9\n\ttab\r\n\\back \x00\x7f\n")
        port = closed_port()
        server = self.start(Process([PYTHON, "-m", "http.server", str(port), "-b", "127.0.0.1", "-d", root]))
        wait_for_port(port, "python3 -m http.server", server)
        url = f"http://127.0.0.1:{port}/page.txt"
        for name in ("url_requests_example", "url_response_header"):
            script = lesson_script(self.dir, name + ".py", {"https://www.imdb.com/": url})
            self.assert_same_output(run([PYTHON, script]), twin(name, url), [(rb"^Date: .*$", b"Date: -")])
        # A status of 400 or more: Python's HTTPError message on one line,
        # exit 1, never an abort.
        code, out, err = twin("url_requests_example", f"http://127.0.0.1:{port}/missing")
        self.assertEqual((code, out), (1, b""))
        self.assertEqual(err.strip(), "HTTP Error 404: File not found")


class FtpTwinsTest(TwinTestCase):
    """ftplib: the welcome, STAT and PWD, NLST and RETR, against vsftpd and
    pyftpdlib."""

    def ftp_files(self):
        """A folder to serve: two files (one binary), a subfolder, a name with
        a space and one outside ASCII."""
        root = os.path.join(self.dir, "ftp")
        os.makedirs(os.path.join(root, "work", "sub"))
        files = {"notes.txt": b"line one\r\nline two\n", "data.bin": bytes(range(256)) * 300,
                 "with space.txt": b"spaced\n", "caf\u00e9.txt": b"accent\n"}
        for name, data in files.items():
            with open(os.path.join(root, "work", name), "wb") as f:
                f.write(data)
        return root, files

    def run_ftp_script(self, server, name, replacements, cwd=None):
        """The lesson's script against `server`: ftplib has no port argument
        in FTP(host), so its class default is set before the script runs."""
        script = lesson_script(self.dir, name, {"'your-ftp-domain-or-ip'": f"'{server.host}'", **replacements})
        runner = "import ftplib, runpy, sys; ftplib.FTP.port = int(sys.argv[1]); " \
                 "runpy.run_path(sys.argv[2], run_name='__main__')"
        return run([PYTHON, "-c", runner, str(server.port), script], cwd=cwd)

    def login(self, server):
        return ("netkit", "secret") if server.kind == "pyftpdlib" else ("anonymous", "")

    def for_each_ftp_server(self, check):
        for kind in ("vsftpd", "pyftpdlib"):
            with self.subTest(server=kind):
                root, files = self.ftp_files()
                server = FtpServer(kind, root)
                self.addCleanup(server.stop)
                try:
                    check(server, root, files)
                finally:
                    server.stop()
                    subprocess.run(["chmod", "-R", "u+w", root])
                    subprocess.run(["rm", "-rf", root])

    def logins(self, server):
        user, password = self.login(server)
        return {"'your-username','your-password'": f"'{user}','{password}'"}

    def test_get_welcome_msg(self):
        def check(server, root, files):
            user, password = self.login(server)
            python = self.run_ftp_script(server, "get_welcome_msg.py", self.logins(server))
            out = self.assert_same_output(python, twin("get_welcome_msg", server.host, str(server.port),
                                                       user, password))
            self.assertTrue(out.startswith(b"220"), out)
        self.for_each_ftp_server(check)

    def test_send_command_prints_stat_and_pwd(self):
        def check(server, root, files):
            user, password = self.login(server)
            python = self.run_ftp_script(server, "send_command.py",
                                         {**self.logins(server), "'/home/student/'": "'/work/'"})
            out = self.assert_same_output(
                python, twin("send_command", server.host, str(server.port), user, password, "/work/"))
            self.assertIn(b'\n\n257 "/work" is the current directory', out)
            self.assertTrue(out.startswith(b"211-"), out)
        self.for_each_ftp_server(check)

    def test_get_ftp_files_lists_and_downloads(self):
        def check(server, root, files):
            user, password = self.login(server)
            got = {}
            outputs = []
            for who in ("python", "netkit"):
                destination = os.path.join(self.dir, who) + "/"
                os.mkdir(destination)
                if who == "python":
                    # The lesson asks os.path.isfile(name) in the folder it
                    # runs in: run it where the served files are, so that the
                    # local answer is the server's.
                    outputs.append(self.run_ftp_script(
                        server, "get_ftp_files.py",
                        {**self.logins(server), "'/home/student/work/'": "'/work/'",
                         '"/home/student/testing/"': repr(destination)},
                        cwd=os.path.join(root, "work")))
                else:
                    outputs.append(twin("get_ftp_files", server.host, str(server.port), user, password,
                                        "/work/", destination, cwd=self.dir))
                got[who] = {name: read(os.path.join(destination, name)) for name in os.listdir(destination)}
                subprocess.run(["rm", "-rf", destination])
            out = self.assert_same_output(*outputs)
            self.assertEqual(got["netkit"], files)
            self.assertEqual(got["python"], files)
            self.assertIn(b"Downloading...data.bin\n", out)
            self.assertIn(b"'sub'", out)
            self.assertNotIn(b"Downloading...sub", out)
        self.for_each_ftp_server(check)


class ChatTwinsTest(TwinTestCase):
    """chat_server and chat_client beside server.py and client.py: each pair
    of programs talks with the lesson's other script and prints the same."""

    CLIENT_TYPES = b"hi there\nagain\nbye\n"
    OPERATOR_TYPES = b"hello client\nsecond reply\n"
    # server.py prints ('127.0.0.1', PORT) for the address, the twin
    # 127.0.0.1:PORT: the client's port differs from run to run anyway.
    ADDRESS = [(rb"^Connection from: .*$", b"Connection from: -")]

    def chat_script(self, name, port):
        replacements = {"host_name = socket.gethostname()": 'host_name = "127.0.0.1"',
                        "port = 5000": f"port = {port}"}
        if name == "server.py":  # its reply indented into the loop, as the lesson's README says
            replacements["\nconn.send(recv_data.encode())"] = "\n            conn.send(recv_data.encode())"
        return lesson_script(self.dir, name, replacements)

    def chat(self, server_args, client_args):
        """A server and a client run to their end: (server's, client's) results."""
        typed = os.path.join(self.dir, "operator.txt")  # what the server's operator types ahead
        with open(typed, "wb") as f:
            f.write(self.OPERATOR_TYPES)
        with open(typed, "rb") as stdin:
            server = subprocess.Popen(server_args, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            for _ in range(200):  # until the server listens (it takes one client only: no probe)
                client = run(client_args, stdin_bytes=self.CLIENT_TYPES)
                if b"refused" not in client[2].encode().lower() or server.poll() is not None:
                    break
                time.sleep(0.05)
            out, err = server.communicate(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
        return (server.returncode, out, err.decode("utf-8", "replace")), client

    def test_chat_server_twin_with_the_lesson_s_client(self):
        port = closed_port()
        client = [PYTHON, "-u", self.chat_script("client.py", port)]
        python_server = [PYTHON, "-u", self.chat_script("server.py", port)]
        cpp_server = [os.path.join(EXAMPLES, "chat_server"), "127.0.0.1", str(port)]
        python = self.chat(python_server, client)
        cpp = self.chat(cpp_server, client)
        self.assert_same_output(python[1], cpp[1])  # the client saw the same
        out = self.assert_same_output(python[0], cpp[0], self.ADDRESS)
        self.assertIn(b"from connected user: hi there\n -> from connected user: again\n -> ", out)

    def test_chat_client_twin_with_the_lesson_s_server(self):
        port = closed_port()
        server = [PYTHON, "-u", self.chat_script("server.py", port)]
        python = self.chat(server, [PYTHON, "-u", self.chat_script("client.py", port)])
        cpp = self.chat(server, [os.path.join(EXAMPLES, "chat_client"), "127.0.0.1", str(port)])
        self.assert_same_output(python[0], cpp[0], self.ADDRESS)  # the server saw the same
        out = self.assert_same_output(python[1], cpp[1])
        self.assertIn(b" -> Received from server: hello client\n", out)


if __name__ == "__main__":
    unittest.main()
