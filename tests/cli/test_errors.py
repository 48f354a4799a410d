"""Bad input and unreachable peers: a non-zero exit and one clear line on stderr."""
import os
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import NETKIT, closed_port, run  # noqa: E402


class ErrorTest(unittest.TestCase):
    def assert_fails(self, args, code, *fragments, stdin=b""):
        got, out, err = run([NETKIT, *args], stdin)
        lines = err.strip().splitlines()
        self.assertEqual(got, code, f"{args}: stderr {err!r}")
        self.assertEqual(len(lines), 1, f"{args}: expected one line on stderr, got {err!r}")
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
        return lines[0]

    def test_an_unknown_command_names_the_nearest(self):
        self.assert_fails(["serv"], 2, "unknown command 'serv'", "did you mean 'serve'?")
        self.assert_fails(["chat", "serv"], 2, "for netkit chat", "did you mean 'server'?")
        self.assert_fails(["url", "splt", "x"], 2, "did you mean 'split'?")
        line = self.assert_fails(["xyzzy"], 2, "unknown command 'xyzzy'")
        self.assertNotIn("did you mean", line)

    def test_the_port_given_twice_is_bad_usage(self):
        for command in (["chat", "server"], ["echo", "server"], ["serve"]):
            code, _, err = run([NETKIT, *command, "5000", "-p", "6000"])
            self.assertEqual(code, 2, command)
            self.assertIn("give the port once", err)

    def test_help_and_version(self):
        code, out, err = run([NETKIT, "help", "chat", "client"])
        self.assertEqual((code, err), (0, ""))
        self.assertIn(b"Usage: client [OPTIONS] host [port]", out)
        self.assertNotIn(b"Exit codes:", out)  # the table once, in netkit --help
        self.assertIn(b"Exit codes:", run([NETKIT, "--help"])[1])
        # fetch's help: grouped, with examples, every option showing its argument.
        fetch_help = run([NETKIT, "fetch", "--help"])[1].decode()
        for heading in ("Output:", "Request:", "Connection:", "TLS:", "Authentication:", "Examples:"):
            self.assertIn(heading, fetch_help)
        self.assertIn("-C,--continue-at -", fetch_help)
        self.assertNotIn("{false}", fetch_help)
        self.assertNotIn("Exit codes:", fetch_help)
        self.assertIn('["join", BASE, REF]', run([NETKIT, "url", "--help"])[1].decode())
        self.assert_fails(["help", "nope"], 2, "no command 'nope'")
        code, out, _ = run([NETKIT, "--version"])
        self.assertEqual(code, 0)
        self.assertRegex(out.decode(), r"^netkit \d+\.\d+\.\d+\n$")

    def test_udp_to_a_closed_port_is_refused_as_tcp_is(self):
        port = closed_port()
        self.assert_fails(["echo", "client", "127.0.0.1", str(port), "--udp"], 7,
                          f"no reply from 127.0.0.1:{port}", "Connection refused", stdin=b"ping\n")

    def test_port_in_use(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            for command in (["chat", "server"], ["echo", "server"]):
                self.assert_fails([*command, "-b", "127.0.0.1", "-p", str(port)], 45,
                                  f"cannot listen on 127.0.0.1:{port}", "Address already in use")

    def test_udp_port_in_use(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
            taken.bind(("127.0.0.1", 0))
            port = taken.getsockname()[1]
            self.assert_fails(["echo", "server", "--udp", "-b", "127.0.0.1", "-p", str(port)], 45,
                              "Address already in use")

    def test_connection_refused(self):
        port = closed_port()
        self.assert_fails(["chat", "client", "127.0.0.1", str(port)], 7,
                          f"cannot connect to 127.0.0.1:{port}", "Connection refused")
        self.assert_fails(["echo", "client", "::1", str(port)], 7, "Connection refused")

    def test_unresolvable_host(self):
        # In a network namespace of its own (loopback only, and down) the lookup
        # fails without a packet leaving this machine.
        got, _, err = run(["unshare", "-n", NETKIT, "chat", "client", "nosuchhost.invalid", "5000"])
        self.assertEqual(got, 6, err)
        self.assertEqual(err.strip(), "netkit: cannot connect to nosuchhost.invalid:5000: host not found")

    def test_udp_reply_that_never_comes_times_out(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
            silent.bind(("127.0.0.1", 0))
            port = silent.getsockname()[1]
            self.assert_fails(["echo", "client", "127.0.0.1", str(port), "--udp", "--timeout", "0.3"],
                              28, "no reply from 127.0.0.1", "timed out", stdin=b"hello?\n")

    def test_bad_addresses(self):
        self.assert_fails(["chat", "client", "[::1", "5000"], 2, "closing ']'")
        self.assert_fails(["chat", "client", "bad host", "5000"], 2, "not a valid host name")
        self.assert_fails(["chat", "server", "-b", "[nope]"], 2, "IPv6")

    def test_bad_usage(self):
        got, _, err = run([NETKIT])
        self.assertEqual(got, 2, err)
        got, _, err = run([NETKIT, "chat", "client", "localhost", "99999"])
        self.assertEqual(got, 2, err)
        self.assertIn("99999", err)
        got, _, err = run([NETKIT, "echo", "server", "--udp", "--unix", "/tmp/x.sock"])
        self.assertEqual(got, 2, err)
        got, out, _ = run([NETKIT, "--help"])
        self.assertEqual(got, 0)
        self.assertIn(b"Exit codes:", out)



class DocsTest(unittest.TestCase):
    """netkit man and netkit completion are made from the options --help
    shows: every option of every command is in both."""

    def help_options(self, *command):
        import re
        text = run([NETKIT, *command, "--help"])[1].decode()
        return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9.-]*[a-z0-9]", text)) - {"--help", "--help-all"}

    def test_the_manual_page_renders_and_has_every_option(self):
        import subprocess
        page = run([NETKIT, "man"])[1]
        rendered = subprocess.run(["man", "-l", "-"], input=page, capture_output=True,
                                  env=dict(os.environ, MANWIDTH="100", LANG="C", MAN_KEEP_FORMATTING=""),
                                  timeout=30)
        self.assertEqual(rendered.returncode, 0, rendered.stderr)
        text = rendered.stdout.decode()
        for heading in ("NAME", "SYNOPSIS", "COMMANDS", "EXIT STATUS"):
            self.assertIn(heading, text)
        for command in (["fetch"], ["serve"], ["ftp"], ["url"], ["chat", "server"], ["echo", "client"]):
            self.assertIn("netkit " + " ".join(command), text)
            for option in self.help_options(*command):
                self.assertIn(option, text, (command, option))
        self.assertIn("33", text)  # the exit codes

    def test_bash_completion_completes_commands_and_options(self):
        script = run([NETKIT, "completion", "bash"])[1].decode()

        def complete(*words):
            import subprocess
            line = " ".join(words)
            probe = (f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _netkit; "
                     'echo "${COMPREPLY[@]}"')
            done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
            self.assertEqual(done.returncode, 0, done.stderr)
            return set(done.stdout.split())

        self.assertEqual(complete("netkit", "fe"), {"fetch"})
        self.assertEqual(complete("netkit", "chat", "s"), {"server"})
        self.assertEqual(complete("netkit", "fetch", "--con"), {"--connect-timeout", "--continue-at"})
        self.assertTrue(self.help_options("serve") <= complete("netkit", "serve", "--"))
        zsh = run([NETKIT, "completion", "zsh"])[1].decode()
        self.assertTrue(zsh.startswith("#compdef netkit\n"))
        self.assertIn("complete -o default -F _netkit netkit", zsh)
        self.assertEqual(run([NETKIT, "completion", "fish"])[0], 2)


if __name__ == "__main__":
    unittest.main()
