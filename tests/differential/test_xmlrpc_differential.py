"""netkit's XML-RPC codec against CPython 3.13's xmlrpc.client: dumps of
the same values gives the same bytes (or the same exception), and loads of
the same document gives the same values (or the same kind of exception:
ExpatError, ResponseError, TypeError, ValueError, or the same Fault).

The documents are CPython's own dumps of random values, then rewritten the
ways other servers write (namespace prefixes and the extension types,
i4/i8, bare strings, blanks around numbers, comments, CDATA, character
references, ISO-8859-1, repeated struct names) and broken the ways they
break (bad booleans, numbers and base64, unknown tags, cut short).

Where netkit differs by design, nothing is generated: a DOCTYPE (refused),
integers beyond 64 bits, control characters and carriage returns in
strings netkit writes (Python writes XML no parser reads, or loses the CR),
a non-int faultCode, non-ASCII digits, a method name with &, < or > (netkit
escapes it); each is held by the unit tests.
"""
import base64
import os
import random
import re
import struct
import unittest
import xmlrpc.client as xc
from decimal import Decimal
from xml.parsers.expat import ExpatError

from probe import probe_answers

PROBE = os.environ.get("NETKIT_XMLRPC_PROBE", "xmlrpc_probe")
COUNT = int(os.environ.get("NETKIT_DIFFERENTIAL_COUNT", "4000"))
SEED = int(os.environ.get("NETKIT_DIFFERENTIAL_SEED", "20261206"))

PIECES = ["a", "Zz", "9", " ", "  ", "\t", "\n", "&", "<", ">", "'", '"', "]]>", "&amp;", "\u00e9",
          "\u20ac", "\U0001d11e", "\u2028", "\x7f", "\u0085", "\ufeff", "\ud7ff", "\ue000", "\ufffd",
          "caf\u00e9", "x-y_z.1"]
DOUBLES = [0.0, -0.0, 1.0, 0.1, 2.5, -1.5e-07, 1e16, 1e-05, 1234567890123456.0, 5e-324,
           1.7976931348623157e308, 1e22, float("inf"), float("-inf"), float("nan"), 123456.789]


def random_text(rng, most=6):
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def random_name(rng):
    """A method name of the specification's characters (Python escapes none)."""
    return "".join(rng.choice("abcXYZ019_.:/") for _ in range(rng.randint(1, 12)))


def random_value(rng, depth=0, allow_none=True):
    kinds = ["bool", "int", "double", "string", "datetime", "base64"]
    if allow_none:
        kinds.append("nil")
    if depth < 3:
        kinds += ["array", "struct"]
    kind = rng.choice(kinds)
    if kind == "nil":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.choice([0, 1, -1, 42, 2**31 - 1, -2**31, rng.randint(-2**31, 2**31 - 1)])
    if kind == "double":
        return rng.choice(DOUBLES + [struct.unpack(">d", rng.randbytes(8))[0]])
    if kind == "string":
        return random_text(rng)
    if kind == "datetime":
        return xc.DateTime(rng.choice(["20261206T12:30:00", "19980717T14:08:55", "2026-12-06T01:02:03Z"]))
    if kind == "base64":
        return xc.Binary(rng.randbytes(rng.choice([0, 1, 2, 3, 57, 58, 100])))
    if kind == "array":
        return [random_value(rng, depth + 1, allow_none) for _ in range(rng.randint(0, 4))]
    return {random_text(rng, 3): random_value(rng, depth + 1, allow_none) for _ in range(rng.randint(0, 4))}


def canonical(v):
    if v is None:
        return ["nil"]
    if isinstance(v, bool):
        return ["bool", v]
    if isinstance(v, int):
        return ["int", str(v)]
    if isinstance(v, Decimal):  # <bigdecimal>: netkit reads a double
        v = float(v)
    if isinstance(v, float):
        return ["double", "nan" if v != v else struct.pack(">d", v).hex()]
    if isinstance(v, str):
        return ["string", v]
    if isinstance(v, xc.DateTime):
        return ["datetime", v.value]
    if isinstance(v, xc.Binary):
        return ["base64", base64.b64encode(v.data).decode()]
    if isinstance(v, list):
        return ["array", [canonical(i) for i in v]]
    return ["struct", [[k, canonical(i)] for k, i in v.items()]]


def reference_loads(data):
    try:
        params, method = xc.loads(data)
    except xc.Fault as f:
        return {"fault": [f.faultCode, f.faultString]}
    except ExpatError:
        return {"error": "xml"}
    except xc.ResponseError:
        return {"error": "response"}
    except (TypeError, KeyError, IndexError):
        return {"error": "type"}
    except ValueError:
        return {"error": "value"}
    return {"params": [canonical(p) for p in params], "method": method}


def reference_dumps(values, method, response, allow_none):
    try:
        return {"xml": xc.dumps(tuple(values), method, methodresponse=response, allow_none=allow_none)}
    except OverflowError:
        return {"error": "overflow"}
    except TypeError:
        return {"error": "type"}


def rewritten(rng, xml):
    """The same document as other servers write it."""
    ways = [
        lambda t: re.sub(r"<int>(.*?)</int>", lambda m: "<{0}>{1}</{0}>".format(
            rng.choice(["i4", "ex:i4", "i8", "ex:i8", "ex:i1", "ex:i2", "ex:biginteger"]), m.group(1)), t),
        lambda t: re.sub(r"<int>(-?\d+)</int>", lambda m: "<int>" + rng.choice(
            [" {} ", "\n{}\n", "+{}" if not m.group(1).startswith("-") else "{}", "{}"]).format(m.group(1))
            + "</int>", t),
        lambda t: re.sub(r"<double>(.*?)</double>", lambda m: "<{0}>{1}</{0}>".format(
            rng.choice(["ex:float", "ex:bigdecimal", "double"]), m.group(1)), t),
        lambda t: re.sub(r"<value><string>([^<]*)</string></value>", r"<value>\1</value>", t),
        lambda t: re.sub(r"<string>([^<]*)</string>", lambda m: "<string><![CDATA[{}]]></string>".format(
            m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
            if "]]>" not in m.group(1) else m.group(0), t),
        lambda t: t.replace("\u00e9", "&#233;").replace("\u20ac", "&#x20AC;"),
        lambda t: t.replace("<params>", "<params><!-- a comment --><?pi data?>", 1),
        lambda t: t.replace("<methodResponse>", "<methodResponse><extra a='1'><inner/></extra>", 1),
        lambda t: t.replace("<nil/>", "<ex:nil/>"),
        lambda t: re.sub(r"<boolean>(.)</boolean>", r"<ex:boolean>\1</ex:boolean>", t),
        lambda t: t.replace("\n", rng.choice(["", "\r\n", "  \n"])),
        lambda t: re.sub(r"(<member>\n<name>)(.*?)(</name>)", lambda m: m.group(1) + (
            "dup" if rng.random() < 0.5 else m.group(2)) + m.group(3), t),
    ]
    for _ in range(rng.randint(1, 3)):
        xml = rng.choice(ways)(xml)
    return xml


def broken(rng, xml):
    """The same document as it arrives broken."""
    ways = [
        lambda t: re.sub(r"<boolean>.</boolean>", "<boolean>{}</boolean>".format(
            rng.choice(["true", "2", " 1", "", "01", "1"])), t, count=1),
        lambda t: re.sub(r"<int>.*?</int>", "<int>{}</int>".format(
            rng.choice(["1.5", "x", "", "0x10", "1e3", "1__0", "1_0", "+", "- 1", "007", " -0 "])), t, count=1),
        lambda t: re.sub(r"<double>.*?</double>", "<double>{}</double>".format(
            rng.choice(["1.2.3", "", "e5", "0x1p3", "1,5", "infinity", "-nan", "1_0.5", " 2 ", ".5", "5.",
                        "1e400", "-1e-400", "1e", "NaN", "+inf"])), t, count=1),
        lambda t: re.sub(r"<base64>.*?</base64>", "<base64>{}</base64>".format(
            rng.choice(["aGVsbG8", "a", "====", "aGVs bG8=", "\u00e9", "aGVsbG8=extra", "YQ==YQ==", ""])),
            t, count=1, flags=re.S),
        lambda t: t.replace("<value>", "<value><bogus>1</bogus>", 1),
        lambda t: t.replace("<value>", "<value><ex:bogus/>", 1),
        lambda t: t[:rng.randrange(len(t))],
        lambda t: t.replace("</params>", "", 1),
        lambda t: re.sub(r"<params>.*</params>", "", t, flags=re.S),
        lambda t: t.replace("<name>faultString</name>", "<name>faultText</name>"),
        lambda t: t.replace("</struct></value>\n</fault>",
                            "<member><name>extra</name><value>1</value></member></struct></value>\n</fault>"),
    ]
    return rng.choice(ways)(xml)


def latin1(rng, xml):
    """Declared and sent as ISO-8859-1, when every character fits."""
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") and "?>" in xml else xml
    try:
        return ("<?xml version='1.0' encoding='ISO-8859-1'?>" + body).encode("latin-1")
    except UnicodeEncodeError:
        return xml.encode()


class XmlrpcDifferentialTest(unittest.TestCase):
    def compare(self, requests, reference):
        differences = []
        kinds = {}  # of CPython's answers: the draw must reach every kind
        for request, answer in zip(requests, probe_answers(self, PROBE, requests)):
            expected = reference(request)
            kind = expected.get("error", next(iter(expected)))
            kinds[kind] = kinds.get(kind, 0) + 1
            if answer != expected:
                differences.append((request, answer, expected))
        for request, answer, expected in differences[:5]:
            print("request:", request, "\nnetkit: ", answer, "\nCPython:", expected)
        self.assertEqual(len(differences), 0, f"{len(differences)} of {len(requests)} differ")
        return kinds

    def test_dumps_writes_the_same_bytes(self):
        rng = random.Random(SEED)
        requests = []
        for _ in range(COUNT):
            allow_none = rng.random() < 0.8
            values = [random_value(rng, allow_none=rng.random() < 0.9 or allow_none)
                      for _ in range(rng.randint(0, 3))]
            if rng.random() < 0.05:
                values.append(rng.choice([2**31, -2**31 - 1, 2**40]))
            shape = rng.choice(["call", "response", "bare"])
            if shape == "response":
                values = values[:1] or [1]
            requests.append({"dumps": [canonical(v) for v in values],
                             "method": random_name(rng) if shape == "call" else None,
                             "response": shape == "response", "allow_none": allow_none})

        def reference(r):
            values = [from_canonical(c) for c in r["dumps"]]
            return reference_dumps(values, r["method"], r["response"], r["allow_none"])
        kinds = self.compare(requests, reference)
        for kind in ("xml", "overflow", "type"):
            self.assertGreater(kinds.get(kind, 0), COUNT // 100, kinds)

    def test_loads_reads_the_same_values(self):
        rng = random.Random(SEED + 1)
        requests = []
        for _ in range(COUNT):
            values = tuple(random_value(rng) for _ in range(rng.randint(0, 3)))
            shape = rng.choice(["call", "response", "bare", "fault"])
            if shape == "fault":
                xml = xc.dumps(xc.Fault(rng.randint(-5, 500), random_text(rng)))
            elif shape == "response":
                xml = xc.dumps((values[0] if values else 1,), methodresponse=True, allow_none=True)
            else:
                xml = xc.dumps(values, "examples.m" if shape == "call" else None, allow_none=True)
            roll = rng.random()
            if roll < 0.35:
                xml = rewritten(rng, xml)
            elif roll < 0.7:
                xml = broken(rng, xml)
            data = latin1(rng, xml) if rng.random() < 0.1 else xml.encode()
            requests.append({"loads": base64.b64encode(data).decode()})
        kinds = self.compare(requests, lambda r: reference_loads(base64.b64decode(r["loads"])))
        for kind in ("params", "fault", "xml", "response", "type", "value"):
            self.assertGreater(kinds.get(kind, 0), COUNT // 100, kinds)


def from_canonical(c):
    kind = c[0]
    if kind == "nil":
        return None
    if kind in ("bool", "string"):
        return c[1]
    if kind == "int":
        return int(c[1])
    if kind == "double":
        return float("nan") if c[1] == "nan" else struct.unpack(">d", bytes.fromhex(c[1]))[0]
    if kind == "datetime":
        return xc.DateTime(c[1])
    if kind == "base64":
        return xc.Binary(base64.b64decode(c[1]))
    if kind == "array":
        return [from_canonical(i) for i in c[1]]
    return {k: from_canonical(i) for k, i in c[1]}


if __name__ == "__main__":
    unittest.main()
