"""netkit url: text and JSON results, Python's answers, and bad input."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from netkit_testing import NETKIT, run  # noqa: E402


def url(*args, stdin=b""):
    code, out, err = run([NETKIT, "url", *args], stdin)
    return code, out.decode("utf-8"), err


class UrlCommandTest(unittest.TestCase):
    def test_split_and_parse_print_one_line_of_json(self):
        code, out, _ = url("split", "HTTP://User:pw@[::1]:8080/p;x?q=1#f")
        self.assertEqual(code, 0)
        self.assertEqual(out.count("\n"), 1)
        self.assertEqual(json.loads(out), {
            "scheme": "http", "netloc": "User:pw@[::1]:8080", "path": "/p;x", "query": "q=1",
            "fragment": "f", "username": "User", "password": "pw", "hostname": "::1", "port": 8080})
        code, out, _ = url("parse", "http://h/p;x")
        self.assertEqual(json.loads(out)["params"], "x")
        self.assertEqual(json.loads(url("split", "rel/path")[1])["hostname"], None)
        # urlsplit succeeds; only .port raises, so only the port is an error.
        code, out, _ = url("split", "http://h:99999/p")
        self.assertEqual(code, 0)
        split = json.loads(out)
        self.assertEqual((split["hostname"], split["path"]), ("h", "/p"))
        self.assertEqual(split["port"], {"error": "Port out of range 0-65535"})

    def test_text_results(self):
        self.assertEqual(url("join", "http://a/b/c/d;p?q", "../g")[1], "http://a/b/g\n")
        self.assertEqual(url("quote", "a b/c")[1], "a%20b/c\n")
        self.assertEqual(url("quote", "--plus", "a b/c")[1], "a+b%2Fc\n")
        self.assertEqual(url("quote", "--safe", "", "a/b")[1], "a%2Fb\n")
        self.assertEqual(url("unquote", "caf%C3%A9")[1], "caf\u00e9\n")
        self.assertEqual(url("unquote", "--plus", "a+b")[1], "a b\n")
        self.assertEqual(url("urlencode", "q=a b", "x=1=2")[1], "q=a+b&x=1%3D2\n")
        self.assertEqual(json.loads(url("parse-qs", "a=1&a=2&b=")[1]), {"a": ["1", "2"]})
        self.assertEqual(json.loads(url("parse-qs", "--pairs", "--keep-blank", "a=1&b=")[1]),
                         [["a", "1"], ["b", ""]])
        self.assertEqual(url("normalize", "HTTP://Example.COM:80/a/./b/../c?%7e")[1],
                         "http://example.com/a/c?~\n")
        self.assertEqual(url("idna", "B\u00fccher.example")[1], "xn--bcher-kva.example\n")
        self.assertEqual(url("idna", "--to-unicode", "xn--bcher-kva.example")[1], "b\u00fccher.example\n")

    def test_bad_input_exits_2_with_one_line(self):
        for args, message in [
            (["split", "http://[::1/"], "netkit: Invalid IPv6 URL"),
            (["join", "http://[x]/", "a"], "netkit: 'x' does not appear to be an IPv4 or IPv6 address"),
            (["normalize", "http://h/%zz"],
             "netkit: not a valid URI reference: position 9: '%' must be followed by two hex digits (RFC 3986 \u00a72.1)"),
            (["idna", "a\u2028b.example"], None),
            (["urlencode", "novalue"], "netkit: urlencode: 'novalue' is not KEY=VALUE"),
            ([], "netkit: url: give a subcommand or --batch (see --help)"),
        ]:
            code, out, err = url(*args)
            self.assertEqual(code, 2, args)
            self.assertEqual(out, "")
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            if message:
                self.assertEqual(err.strip(), message)

    def test_batch_answers_in_order_and_survives_bad_lines(self):
        requests = ['["split","http://h:8o/"]', '["join","http://a/b","c"]', 'not json',
                    '["quote","a b"]', '[]', '["parse_qsl","a=1&b=",true]', '["nope"]',
                    '["urlencode",[["a","b c"]]]', '["join","x"]', '["unquote_plus","a+%41"]']
        code, out, err = url("--batch", stdin=("\n".join(requests) + "\n").encode())
        self.assertEqual(code, 0, err)
        answers = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(len(answers), len(requests))
        # urlsplit succeeds: only the port is Python's ValueError.
        self.assertEqual(answers[0]["port"], {"error": "Port could not be cast to integer value as '8o'"})
        self.assertEqual(answers[0]["hostname"], "h")
        self.assertEqual(answers[1], "http://a/c")
        self.assertEqual(answers[2], {"error": "line 3: invalid JSON"})
        self.assertEqual(answers[3], "a%20b")
        self.assertIn("error", answers[4])
        self.assertEqual(answers[5], [["a", "1"], ["b", ""]])
        self.assertEqual(answers[6], {"error": 'unknown operation "nope"'})
        self.assertEqual(answers[7], "a=b+c")
        self.assertIn("error", answers[8])
        self.assertEqual(answers[9], "a A")

    def test_batch_keeps_nul_and_non_ascii_intact(self):
        code, out, _ = url("--batch", stdin=b'["split","http://a\\uff03\\u0000b/"]\n')
        self.assertEqual(json.loads(out), {"error": "netloc 'a\uff03\u0000b' contains invalid characters under NFKC normalization"})

    def test_batch_without_a_final_newline(self):
        code, out, _ = url("--batch", stdin=b'["quote","x y"]')
        self.assertEqual(out, '"x%20y"\n')

    def test_deeply_nested_batch_input_is_refused_not_crashed(self):
        code, out, _ = url("--batch", stdin=b"[" * 100000 + b"\n")
        self.assertEqual(code, 0)
        self.assertEqual(json.loads(out), {"error": "line 1: JSON nested too deeply"})


if __name__ == "__main__":
    unittest.main()
