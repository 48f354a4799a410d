"""scripts/check_layers must catch each kind of forbidden include, and let the
allowed ones through. The cases marked "hole" are ones the deny-list it
replaced let pass."""
import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECK = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "check_layers"

# A small tree every case starts from: one header per layer, and a private
# header in net/ and in http/.
BASE = {
    "include/netkit/core/result.hpp": "#include <variant>\n",
    "include/netkit/url/url.hpp": "#include <netkit/core/result.hpp>\n",
    "include/netkit/http/fields.hpp": "#include <netkit/url/url.hpp>\n#include <zlib.h>\n",
    "include/netkit/net/stream.hpp": "#include <asio/ip/tcp.hpp>\n#include <sys/socket.h>\n",
    "include/netkit/http/engine/client.hpp":
        "#include <netkit/net/stream.hpp>\n#include <netkit/http/fields.hpp>\n",
    "include/netkit/sync/client.hpp": "#include <netkit/http/engine/client.hpp>\n#include <fstream>\n",
    "src/net/detail/deadline.hpp": "#include <chrono>\n",
    "src/net/stream.cpp": "#include <netkit/net/stream.hpp>\n#include \"net/detail/deadline.hpp\"\n",
    "src/http/detail/chars.hpp": "#include <array>\n",
    "src/http/engine/client.cpp":
        "#include <netkit/http/engine/client.hpp>\n#include \"http/detail/chars.hpp\"\n"
        "#include <asio/steady_timer.hpp>\n#include <unistd.h>\n",
    "src/http/parser.cpp": "#include \"detail/chars.hpp\"\n#include <emmintrin.h>\n",
    "tools/netkit/main.cpp": "#include <netkit/sync/client.hpp>\n#include \"commands.hpp\"\n#include <iostream>\n",
    "tools/netkit/commands.hpp": "#include <string>\n",
}


def check(extra):
    with tempfile.TemporaryDirectory() as root:
        for name, text in {**BASE, **extra}.items():
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
        code, out = check({})
        self.assertEqual(code, 0, out)

    # L0 and L1: the standard library without file and stream I/O, and for
    # codecs their libraries; nothing else.
    def test_core_doing_io(self):
        self.assert_rejected({"src/core/x.cpp": "#include <asio/ip/tcp.hpp>\n"}, "may not include <asio")

    def test_a_codec_doing_io(self):
        self.assert_rejected({"src/url/parse.cpp": "#include <openssl/ssl.h>\n"}, "may not include <openssl")

    def test_hole_a_codec_including_unistd(self):
        self.assert_rejected({"src/http/date.cpp": "#include <unistd.h>\n"}, "may not include <unistd.h>")

    def test_hole_a_codec_reading_files(self):
        self.assert_rejected({"src/http/mime.cpp": "#include <fstream>\n"}, "may not include <fstream>")

    def test_core_using_the_file_system_or_streams(self):
        self.assert_rejected({"src/core/a.cpp": "#include <filesystem>\n"}, "may not include <filesystem>")
        self.assert_rejected({"src/core/b.cpp": "#include <iostream>\n"}, "may not include <iostream>")

    def test_core_using_a_codec_library(self):
        self.assert_rejected({"src/core/z.cpp": "#include <zlib.h>\n"}, "may not include <zlib.h>")

    def test_hole_a_codec_including_another_library(self):
        self.assert_rejected({"src/http/x.cpp": "#include <curl/curl.h>\n"}, "may not include <curl/curl.h>")

    def test_hole_a_codec_file_named_like_an_engine(self):
        # The folder decides, not the file's name.
        self.assert_rejected({"src/http/server_tools.cpp": "#include <asio.hpp>\n"},
                             "may not include <asio.hpp>")

    def test_hole_a_relative_include_is_resolved(self):
        self.assert_rejected({"src/http/y.cpp": "#include \"../net/detail/deadline.hpp\"\n"},
                             "private headers stay inside")
        self.assert_rejected({"include/netkit/http/z.hpp": "#include \"../net/stream.hpp\"\n"},
                             "may not use L2")

    def test_a_quoted_include_that_names_no_file(self):
        self.assert_rejected({"src/http/w.cpp": "#include \"http/detail/absent.hpp\"\n"}, "names no file")

    # Module edges.
    def test_core_using_a_higher_layer(self):
        self.assert_rejected({"include/netkit/core/x.hpp": "#include <netkit/url/url.hpp>\n"},
                             "may not use L1")

    def test_a_codec_using_an_engine(self):
        self.assert_rejected({"src/http/parser2.cpp": "#include <netkit/http/engine/client.hpp>\n"},
                             "may not use L3")

    def test_net_knowing_a_protocol(self):
        self.assert_rejected({"src/net/tls.cpp": "#include <netkit/http/fields.hpp>\n"},
                             "knows no protocol")

    def test_codecs_reaching_into_each_other(self):
        self.assert_rejected({"src/cookie/jar.cpp": "#include <netkit/http/fields.hpp>\n"},
                             "own module and url/")

    def test_an_engine_using_the_facade(self):
        self.assert_rejected({"src/http/engine/x.cpp": "#include <netkit/sync/client.hpp>\n"},
                             "may not use L4")

    def test_private_headers_across_modules(self):
        self.assert_rejected({"src/http/engine/proxy.cpp": "#include \"net/detail/deadline.hpp\"\n"},
                             "private headers stay inside")

    def test_tools_using_private_code(self):
        self.assert_rejected({"tools/netkit/x.cpp": "#include \"src/net/detail/deadline.hpp\"\n"},
                             "public headers only")
        self.assert_rejected({"tools/netkit/y.cpp": "#include \"net/detail/deadline.hpp\"\n"},
                             "public headers only")


if __name__ == "__main__":
    unittest.main()
