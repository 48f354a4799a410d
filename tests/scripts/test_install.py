"""The installed tree works from another project: `cmake --install` of the
build, then a small program outside the source tree built against it both
ways (find_package(netkit) and pkg-config) and run, the installed `netkit`
command run, and the Debian package (cpack, as `make deb`) unpacked and run.
NETKIT_BUILD_DIR names the build to install."""
import os
import pathlib
import subprocess
import tempfile
import unittest

BUILD = os.environ["NETKIT_BUILD_DIR"]

PROGRAM = r"""
#include <netkit/sync/socket.hpp>
#include <netkit/url/join.hpp>

#include <iostream>

int main() {
    std::cout << netkit::url::urljoin("http://a/b/c", "../d") << '\n';   // a codec
    auto server = netkit::sync::server_socket::listen("127.0.0.1:0");  // Asio, OpenSSL
    auto client = netkit::sync::socket::connect("127.0.0.1:" + std::to_string(server.port()));
    auto [conn, peer] = server.accept();
    client.sendall("hello\n");
    std::cout << conn.readline();
}
"""

CMAKELISTS = """cmake_minimum_required(VERSION 3.25)
project(consumer LANGUAGES CXX)
find_package(netkit 0.1 CONFIG REQUIRED)
add_executable(consumer main.cpp)
target_compile_features(consumer PRIVATE cxx_std_20)
target_link_libraries(consumer PRIVATE netkit::netkit)
"""


def run(args, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    if done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = pathlib.Path(cls.tmp.name)
        cls.prefix = cls.root / "prefix"
        run(["cmake", "--install", BUILD, "--prefix", str(cls.prefix)])
        cls.source = cls.root / "consumer"
        cls.source.mkdir()
        (cls.source / "main.cpp").write_text(PROGRAM)
        (cls.source / "CMakeLists.txt").write_text(CMAKELISTS)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_a_consumer_built_with_find_package(self):
        build = self.root / "build-cmake"
        run(["cmake", "-S", str(self.source), "-B", str(build), f"-DCMAKE_PREFIX_PATH={self.prefix}"])
        run(["cmake", "--build", str(build)])
        self.assertEqual(run([str(build / "consumer")]), "http://a/d\nhello\n")

    def test_a_consumer_built_with_pkg_config(self):
        env = dict(os.environ, PKG_CONFIG_PATH=str(self.prefix / "lib" / "pkgconfig"))
        flags = run(["pkg-config", "--cflags", "--libs", "netkit"], env=env).split()
        self.assertEqual(run(["pkg-config", "--modversion", "netkit"], env=env).strip(), "0.1.0")
        binary = self.root / "consumer-pc"
        run(["g++", str(self.source / "main.cpp"), "-o", str(binary), *flags])
        self.assertEqual(run([str(binary)]), "http://a/d\nhello\n")

    def test_the_manual_and_completion_are_installed(self):
        self.assertTrue((self.prefix / "share/man/man1/netkit.1").exists())
        self.assertIn("netkit fetch", run(["man", "-l", str(self.prefix / "share/man/man1/netkit.1")]))
        self.assertTrue((self.prefix / "share/bash-completion/completions/netkit").exists())
        self.assertTrue((self.prefix / "share/zsh/vendor-completions/_netkit").exists())

    def test_the_installed_command_runs(self):
        self.assertEqual(run([str(self.prefix / "bin" / "netkit"), "--version"]).strip(), "netkit 0.1.0")
        self.assertEqual(run([str(self.prefix / "bin" / "netkit"), "url", "join", "http://a/b", "c"]),
                         "http://a/c\n")

    def test_the_debian_package_runs_unpacked(self):
        packages = self.root / "packages"
        run(["cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", str(packages)])
        [deb] = list(packages.glob("netkit_*.deb"))
        fields = run(["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"])
        self.assertIn("Package: netkit", fields)
        self.assertIn("Version: 0.1.0", fields)
        self.assertIn("libssl3", fields)  # found by dpkg-shlibdeps
        unpacked = self.root / "unpacked"
        run(["dpkg-deb", "-x", str(deb), str(unpacked)])
        self.assertEqual(run([str(unpacked / "usr/bin/netkit"), "--version"]).strip(), "netkit 0.1.0")
        self.assertTrue((unpacked / "usr/include/netkit/sync/socket.hpp").exists())
        self.assertTrue((unpacked / "usr/lib/pkgconfig/netkit.pc").exists())

    def test_destdir_stages_under_it(self):
        stage = self.root / "stage"
        run(["cmake", "--install", BUILD, "--prefix", "/usr/local"], env=dict(os.environ, DESTDIR=str(stage)))
        for installed in ("usr/local/bin/netkit", "usr/local/lib/libnetkit.a",
                          "usr/local/include/netkit/sync/socket.hpp",
                          "usr/local/lib/cmake/netkit/netkitConfig.cmake",
                          "usr/local/lib/pkgconfig/netkit.pc"):
            self.assertTrue((stage / installed).exists(), installed)


if __name__ == "__main__":
    unittest.main()
