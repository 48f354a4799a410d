"""netkit's simple_cookie against CPython 3.13's http.cookies.SimpleCookie
on generated Cookie headers: the same cookies (key, value, coded value), the
same output(), and a CookieError in the same places.

Run with CPython 3.13 (the conformance data's reference); the inputs mix the
characters CPython's pattern treats specially (quotes, backslashes and octal
escapes, '=', ';', '$', brackets, spaces of every kind, the expires form,
reserved names and flags) so that its backtracking is exercised.
"""
import os
import random
import unittest
from http.cookies import CookieError, SimpleCookie

from probe import probe_answers

PROBE = os.environ.get("NETKIT_COOKIE_PROBE", "cookie_probe")
COUNT = int(os.environ.get("NETKIT_DIFFERENTIAL_COUNT", "30000"))
SEED = int(os.environ.get("NETKIT_DIFFERENTIAL_SEED", "20261206"))

PIECES = ["a", "b", "Zz", "9", "_", "key", "val", "=", "=", "; ", ";", " ", "  ", "\t", "\n", "\r", "\f",
          '"', '"', "\\", "\\\"", "\\0", "\\12", "\\377", "\\400", "\\n", ",", "$", "$Path", "[", "]",
          "expires", "Expires=Wed, 01 Jan 2010 00:00:00 GMT", "Wed, 01-Jan-2010 00:00:00 GMT",
          "path", "Path=/x", "secure", "HttpOnly", "max-age=3", "version", "samesite=Lax", "comment",
          "domain", ":", "/", "(", ")", "{", "}", "?", "@", "<", ">", "!", "#", "%", "&", "'", "*",
          "+", "-", ".", "^", "|", "~", "`", "\u00e9", "\u20ac", "\x00", "\x7f"]


def generate(rng):
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14)))


def reference(text):
    jar = SimpleCookie()
    try:
        jar.load(text)
    except CookieError:
        return {"error": "CookieError"}
    return {"output": jar.output(sep="\n"),
            "cookies": [[m.key, m.value, m.coded_value] for _, m in sorted(jar.items())]}


class CookieDifferentialTest(unittest.TestCase):
    def test_same_as_cpython(self):
        rng = random.Random(SEED)
        inputs = [generate(rng) for _ in range(COUNT)]
        differences = []
        for text, answer in zip(inputs, probe_answers(self, PROBE, inputs)):
            expected = reference(text)
            if answer != expected:
                differences.append((text, expected, answer))
        self.assertEqual(differences[:5], [], f"{len(differences)} of {COUNT} differ")


if __name__ == "__main__":
    unittest.main()
