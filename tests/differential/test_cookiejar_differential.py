"""netkit's cookiejar::cookie_jar against CPython 3.13's http.cookiejar on
generated sessions: each a random DefaultCookiePolicy and a few requests
(hosts, ports, paths, schemes, third-party and unverifiable ones), each
request answered with random Set-Cookie and Set-Cookie2 headers. After every
request the Cookie and Cookie2 headers the jar added, and every field of
every stored cookie, must be CPython's.

The pieces mix what Python's rules treat specially: Domain with and without
its dot, public and country-code suffixes, local names and IP addresses,
Path inside and outside the request's, Max-Age forms int() reads or refuses
(and one it cannot read at all, which loses the response's cookies),
Expires past, future and unreadable, Port lists, Version, quoting, '$'
names, and flags with values.
"""
import email.message
import os
import random
import time
import unittest
import urllib.request
from http.cookiejar import CookieJar, DefaultCookiePolicy

from probe import probe_answers

PROBE = os.environ.get("NETKIT_COOKIEJAR_PROBE", "cookiejar_probe")
COUNT = int(os.environ.get("NETKIT_DIFFERENTIAL_COUNT", "30000")) // 3  # sessions
SEED = int(os.environ.get("NETKIT_DIFFERENTIAL_SEED", "20261206"))
NOW = 1800000000
INT64_MAX = 2**63 - 1

HOSTS = ["www.acme.com", "acme.com", "foo.www.acme.com", "ACME.com", "acme.com.", "localhost",
         "127.0.0.1", "[::1]", "x.co.uk", "www.acme.local", "www.other.org"]
PORTS = ["", ":80", ":8080", ":x"]
PATHS = ["", "/", "/a", "/a/", "/a/b", "/a/b/c.html", "/a%2fb/", "/\u00e9/", "/a?q=/b/c", "/a;p/b"]
SCHEMES = ["http", "http", "https", "wss"]
NAMES = ["a", "b", "SID", "$x", '"q"', "", "a b"]
VALUES = ["=1", "=2", '="quoted"', "=", "=x y", "=a,b", "=\u00e9", ""]
ATTRIBUTES = [
    "; path=/", "; path=/a", "; Path=/a/b/", "; path=", "; path=/z", "; domain=.acme.com",
    "; domain=acme.com", "; Domain=ACME.COM", "; domain=.com", "; domain=.co.uk", "; domain=localhost",
    "; domain=.local", "; domain=", "; domain", "; domain=127.0.0.1", "; domain=.www.acme.com",
    "; expires=Wed, 09 Jun 2021 10:18:14 GMT", "; expires=Fri, 01 Jan 2100 00:00:00 GMT",
    "; expires=garbage", '; expires="Fri, 01 Jan 2100 00:00:00 GMT"', "; max-age=0", "; max-age=100",
    "; max-age=-5", "; max-age= 7", "; max-age=1_0", "; max-age", "; max-age=x",
    "; max-age=123456789012345678", "; max-age=99999999999999999999", "; secure", "; Secure=yes",
    "; secure=", "; port", "; port=80", '; port="80,8080"', "; port=8080", "; port=abc", "; version=1",
    '; Version="1"', "; version=0", "; version=x", "; comment=hi", "; commenturl=http://x/",
    "; discard", "; HttpOnly", "; SameSite=Lax", "; foo=bar", "; foo=baz", "; Foo"]
BLOCKABLE = [".acme.com", "www.acme.com", "127.0.0.1", "acme.com"]


def random_policy(rng):
    def some(items):
        return [d for d in items if rng.random() < 0.3]
    return {
        "netscape": rng.random() < 0.9,
        "rfc2965": rng.random() < 0.5,
        "rfc2109_as_netscape": rng.choice([None, True, False]),
        "hide_cookie2": rng.random() < 0.2,
        "strict_domain": rng.random() < 0.3,
        "strict_rfc2965_unverifiable": rng.random() < 0.7,
        "strict_ns_unverifiable": rng.random() < 0.3,
        "strict_ns_domain": rng.randrange(8),
        "strict_ns_set_initial_dollar": rng.random() < 0.3,
        "strict_ns_set_path": rng.random() < 0.3,
        "blocked_domains": some(BLOCKABLE) if rng.random() < 0.2 else [],
        "allowed_domains": some(BLOCKABLE) if rng.random() < 0.2 else None,
    }


def random_cookie(rng):
    return rng.choice(NAMES) + rng.choice(VALUES) + "".join(
        rng.choice(ATTRIBUTES) for _ in range(rng.randint(0, 4)))


def random_step(rng):
    host = rng.choice(HOSTS)
    headers = []
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        if rng.random() < 0.25:
            cookies = [random_cookie(rng) + rng.choice(["; Version=1", "; version=1", ""])
                       for _ in range(rng.randint(1, 2))]
            headers.append(["Set-Cookie2", ", ".join(cookies)])
        else:
            headers.append(["Set-Cookie", random_cookie(rng)])
    return {"url": f"{rng.choice(SCHEMES)}://{host}{rng.choice(PORTS)}{rng.choice(PATHS)}",
            "origin": host.lower() if rng.random() < 0.7 else rng.choice(HOSTS).lower(),
            "unverifiable": rng.random() < 0.3, "headers": headers}


def generate(rng):
    return {"now": NOW, "policy": random_policy(rng),
            "steps": [random_step(rng) for _ in range(rng.randint(1, 6))]}


class Response:
    def __init__(self, headers):
        self.message = email.message.Message()
        for name, value in headers:
            self.message[name] = value

    def info(self):
        return self.message


def described(jar):
    def expires(c):  # the probe's 64-bit times saturate where Python's grow
        return None if c.expires is None else min(c.expires, INT64_MAX)
    return [[c.name, c.value, c.domain, c.path, c.port, c.port_specified, bool(c.secure), expires(c),
             c.version, bool(c.discard), c.domain_specified, c.domain_initial_dot, c.path_specified,
             c.comment, c.comment_url, c.rfc2109, [[k, v] for k, v in c._rest.items()]]
            for c in sorted(jar, key=lambda c: (c.domain, c.path, c.name))]


def reference(scenario):
    policy = scenario["policy"]
    jar = CookieJar(DefaultCookiePolicy(**policy))
    results = []
    real_time = time.time
    time.time = lambda: scenario["now"]
    try:
        for step in scenario["steps"]:
            request = urllib.request.Request(step["url"], origin_req_host=step["origin"],
                                             unverifiable=step["unverifiable"])
            jar.add_cookie_header(request)
            jar.extract_cookies(Response(step["headers"]), request)
            results.append([request.get_header("Cookie"), request.get_header("Cookie2"),
                            described(jar)])
    finally:
        time.time = real_time
    return results


class CookiejarDifferentialTest(unittest.TestCase):
    def test_same_as_cpython(self):
        import warnings
        warnings.simplefilter("ignore")  # Python warns of its own "http.cookiejar bug!"
        rng = random.Random(SEED)
        scenarios = [generate(rng) for _ in range(COUNT)]
        differences = []
        for scenario, got in zip(scenarios, probe_answers(self, PROBE, scenarios)):
            expected = reference(scenario)
            if got != expected:
                step = next(i for i, (g, e) in enumerate(zip(got, expected)) if g != e)
                differences.append((scenario["policy"], scenario["steps"][:step + 1],
                                    expected[step], got[step]))
        self.assertEqual(differences[:3], [], f"{len(differences)} of {COUNT} sessions differ")


if __name__ == "__main__":
    unittest.main()
