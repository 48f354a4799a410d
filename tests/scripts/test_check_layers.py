"""scripts/check_layers must catch each kind of forbidden include."""
import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECK = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "check_layers"


def check(files):
    with tempfile.TemporaryDirectory() as root:
        for name, text in files.items():
            path = pathlib.Path(root, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        done = subprocess.run([sys.executable, str(CHECK), root], capture_output=True, text=True)
        return done.returncode, done.stdout


class CheckLayersTest(unittest.TestCase):
    def assert_rejected(self, files, reason):
        code, out = check(files)
        self.assertEqual(code, 1, out)
        self.assertIn(reason, out)

    def test_a_clean_tree_passes(self):
        code, out = check({
            "include/netkit/core/result.hpp": "#include <variant>\n",
            "include/netkit/url/url.hpp": "#include <netkit/core/result.hpp>\n",
            "include/netkit/http/fields.hpp": "#include <netkit/url/url.hpp>\n",
            "src/net/stream.cpp": "#include <asio/ip/tcp.hpp>\n#include \"net/detail/x.hpp\"\n",
            "include/netkit/http/client.hpp": "#include <netkit/net/stream.hpp>\n#include <netkit/http/fields.hpp>\n",
            "tools/netkit/main.cpp": "#include <netkit/net/stream.hpp>\n",
        })
        self.assertEqual(code, 0, out)

    def test_core_doing_io(self):
        self.assert_rejected({"src/core/x.cpp": "#include <asio/ip/tcp.hpp>\n"}, "must not do I/O")

    def test_a_codec_doing_io(self):
        self.assert_rejected({"src/url/parse.cpp": "#include <openssl/ssl.h>\n"}, "must not do I/O")

    def test_core_using_a_higher_layer(self):
        self.assert_rejected({"include/netkit/core/x.hpp": "#include <netkit/url/url.hpp>\n"},
                             "may not use L1")

    def test_a_codec_using_an_engine(self):
        self.assert_rejected({"src/http/parser.cpp": "#include <netkit/http/client.hpp>\n"},
                             "may not use L3")

    def test_net_knowing_a_protocol(self):
        self.assert_rejected({"src/net/stream.cpp": "#include <netkit/http/fields.hpp>\n"},
                             "knows no protocol")

    def test_codecs_reaching_into_each_other(self):
        self.assert_rejected({"src/cookie/jar.cpp": "#include <netkit/http/fields.hpp>\n"},
                             "own module and url/")

    def test_private_headers_across_modules(self):
        self.assert_rejected({"src/http/client.cpp": "#include \"net/detail/deadline.hpp\"\n"},
                             "private headers stay inside")

    def test_tools_using_private_code(self):
        self.assert_rejected({"tools/netkit/x.cpp": "#include \"src/net/detail/deadline.hpp\"\n"},
                             "public headers only")


if __name__ == "__main__":
    unittest.main()
