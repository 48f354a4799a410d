"""Random urllib.parse requests for the differential test: URLs built from
pieces that exercise every rule (schemes, user-info, IPv6 and IPvFuture hosts,
ports, percent-escapes, dot segments, query separators, non-ASCII text,
control characters), and the other functions' inputs."""
import random

SCHEMES = ["http", "https", "HTTP", "HtTpS", "ftp", "file", "mailto", "git+ssh", "a1.b-c",
           "svn+ssh", "ws", "wss", "tel", "sip", "news", "x", "1bad", "-x", "", "itms-services",
           "data", "javascript", "urn", "h\ttp", "ht tp", "ht%70"]
USERS = ["", "user", "User", "u:p", "u:", ":p", "u%40x", "a@b", "us\u00e9r", "@", "u:p:q",
         "\u00fc\u00df:\u03a3"]
HOSTS = ["example.com", "EXAMPLE.com", "127.0.0.1", "localhost", "[::1]", "[::FFFF:1.2.3.4]",
         "[fe80::1%eth0]", "[fe80::1%]", "[v1.x]", "[V1.x]", "[vz.x]", "[v1.]", "[::1", "::1]",
         "[127.0.0.1]", "[oops]", "[1::2::3]", "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7:8:9]",
         "[::]", "[1::]", "[:1]", "b\u00fccher.de", "\u00c9XAMPLE.org", "\u0130stanbul.tr",
         "\u039f\u0394\u039f\u03a3", "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
         "a\uff03b", "a\uff0fb", "a\uff20b", "a\uff1ab", "a\uff1fb", "\u216b.example",
         "\ufb01le.io", "\u4e2d\u6587.cn", "\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444",
         "", "h", "h_h", "1.2.3.04", "a b", "xn--bcher-kva.de", "%41.com", "a.b.c.d.e"]
PORTS = [None, "", "80", "8080", "0", "65535", "65536", "99999999999999", "8o", "-1", "+1",
         "0x10", "1.5", "\u0661\u0662", "\uff18\uff10", " 80", "080", "1_0"]
SEGMENTS = ["a", "b", "..", ".", "", "%2e%2e", "%2E", "c;p", "d;x=1", "~u", "\u00e9",
            "%41%zz", "%", "%4", "a b", "\u4e2d", "@", ":", "x:y", "%F3%B1", "%C3%A9", "+",
            "\x7f", "\x00", "\u00a0", "\u200b"]
QUERIES = ["a=1&b=2", "a=1;b=2", "q=%20+x", "", "=", "&&", "a", "a=", "x=%E9", "x=%C3%A9",
           "k=v&k=w", "?x", "a=1#b", "%zz=%", "\u00e9=\u00e8", "a=b=c", "+=+"]
FRAGMENTS = ["", "f", "top", "a#b", "%20", "\u00e9", "x?y", "/p"]
NOISE = ["\t", "\n", "\r", " ", "\x00", "\x01", "\x1f", "\x0b", "\x7f", "\u00a0"]
SAFE = ["", "/", ":/", "~", "\u00e9", "!$&'()*+,;=:@/?", " "]
TEXTS = ["a b", "/path with spaces/", "\u00e9\u00e8", "100%", "a+b", "~._-", "\u4e2d\u6587",
         "\U0001F600", "x/y?z#w", "\x00\x01\x7f", "%41", "%", "%zz", "%C3%A9", "%e9", "a%2Bb",
         "caf%C3%A9+au+lait", "\u00a0", "'\"<>", "%F3%B1%41", "%ED%A0%80"]


def path(rng):
    parts = [rng.choice(SEGMENTS) for _ in range(rng.randint(0, 5))]
    start = rng.choice(["/", "", "//", "/./", "../"])
    return start + "/".join(parts)


def url(rng):
    pieces = []
    form = rng.random()
    if form < 0.8:
        pieces.append(rng.choice(SCHEMES) + rng.choice([":", ":", ":", "://", ""]))
    if form < 0.6 or rng.random() < 0.2:
        pieces.append("//")
        if rng.random() < 0.3:
            pieces.append(rng.choice(USERS) + "@")
        pieces.append(rng.choice(HOSTS))
        port = rng.choice(PORTS)
        if port is not None:
            pieces.append(":" + port)
    pieces.append(path(rng))
    if rng.random() < 0.4:
        pieces.append("?" + rng.choice(QUERIES))
    if rng.random() < 0.3:
        pieces.append("#" + rng.choice(FRAGMENTS))
    text = "".join(pieces)
    # Sprinkle control characters and spaces, sometimes at the start.
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(NOISE) + text[at:]
    if rng.random() < 0.05:
        text = rng.choice(NOISE) + rng.choice(NOISE) + text
    return text


def query(rng):
    fields = []
    for _ in range(rng.randint(0, 5)):
        fields.append(rng.choice(TEXTS + QUERIES + ["", "a", "b=", "=c"]))
    return rng.choice(["&", "&", ";", "&&"]).join(fields)


def request(rng):
    pick = rng.random()
    if pick < 0.45:
        return ["split", url(rng)]
    if pick < 0.65:
        return ["join", url(rng), url(rng)]
    if pick < 0.72:
        return ["quote", rng.choice(TEXTS + [url(rng)]), rng.choice(SAFE)]
    if pick < 0.78:
        return ["quote_plus", rng.choice(TEXTS + [url(rng)]), rng.choice(SAFE)]
    if pick < 0.84:
        return ["unquote", rng.choice(TEXTS + [url(rng)])]
    if pick < 0.88:
        return ["unquote_plus", rng.choice(TEXTS + [query(rng)])]
    if pick < 0.95:
        return ["parse_qsl", query(rng), rng.random() < 0.5]
    pairs = [[rng.choice(TEXTS), rng.choice(TEXTS)] for _ in range(rng.randint(0, 4))]
    return ["urlencode", pairs]


def requests(count, seed):
    rng = random.Random(seed)
    return [request(rng) for _ in range(count)]
