"""scripts/bootstrap leaves the machine as it was: the policy-rc.d that keeps
apt from starting daemons exists only while it installs, and one that was
there before is kept as it was. dpkg-query and apt-get are stand-ins on PATH
here (the tests cannot install packages); the script's own logic is real."""
import os
import pathlib
import stat
import subprocess
import tempfile
import unittest

BOOTSTRAP = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "bootstrap"


class BootstrapTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        self.bin = self.dir / "bin"
        self.bin.mkdir()
        self.policy = self.dir / "policy-rc.d"
        self.log = self.dir / "apt.log"
        # Every package but g++ is missing; apt-get records whether the
        # policy was in place while it ran, and can be made to fail.
        self.tool("dpkg-query", 'case "$*" in *" g++") echo "install ok installed";; esac')
        self.tool("apt-get", f'''echo "$* policy:$(test -x {self.policy} && cat {self.policy} | tail -1)" >> {self.log}
[ -z "${{APT_FAILS:-}}" ] || exit 100''')

    def tearDown(self):
        self.tmp.cleanup()

    def tool(self, name, body):
        path = self.bin / name
        path.write_text("#!/bin/sh\n" + body + "\n")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)

    def bootstrap(self, *args, **env):
        return subprocess.run(["sh", str(BOOTSTRAP), *args], capture_output=True, text=True,
                              env={**os.environ, "PATH": f"{self.bin}:{os.environ['PATH']}",
                                   "NETKIT_POLICY_RC_D": str(self.policy), **env})

    def test_the_policy_exists_only_while_installing(self):
        done = self.bootstrap()
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = self.log.read_text().splitlines()
        self.assertTrue(lines[0].startswith("update"), lines)
        self.assertIn("install", lines[1])
        self.assertIn("libasio-dev", lines[1])
        self.assertNotIn(" g++ ", lines[1])  # present: not installed again
        self.assertTrue(all(line.endswith("policy:exit 101") for line in lines), lines)
        self.assertFalse(self.policy.exists(), "policy-rc.d left behind")

    def test_the_policy_goes_even_when_apt_fails(self):
        done = self.bootstrap(APT_FAILS="1")
        self.assertNotEqual(done.returncode, 0)
        self.assertFalse(self.policy.exists(), "policy-rc.d left behind after a failure")

    def test_a_policy_that_was_there_is_kept(self):
        self.policy.write_text("#!/bin/sh\n# the user's own\nexit 0\n")
        self.policy.chmod(0o755)
        done = self.bootstrap()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.policy.read_text(), "#!/bin/sh\n# the user's own\nexit 0\n")

    def test_the_build_needs_no_test_peers(self):
        self.bootstrap()
        build_only = self.log.read_text()
        self.assertNotIn("nginx", build_only)
        self.assertNotIn("chromium", build_only)
        self.assertNotIn("libgtest-dev", build_only)
        self.log.unlink()
        self.bootstrap("test")
        with_tests = self.log.read_text()
        for peer in ("nginx-light", "chromium", "vsftpd", "libgtest-dev", "apache2-bin"):
            self.assertIn(peer, with_tests)

    def test_an_unknown_profile_is_bad_usage(self):
        done = self.bootstrap("nope")
        self.assertEqual(done.returncode, 2)
        self.assertIn("unknown profile", done.stderr)


if __name__ == "__main__":
    unittest.main()
