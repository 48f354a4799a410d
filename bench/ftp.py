#!/usr/bin/python3
"""FTP transfers of 1 GiB from and to vsftpd on loopback: netkit ftp beside
curl and Python's ftplib (64 KiB blocks), in one run.

vsftpd runs pinned to one core and the clients to the other; files live on
tmpfs (/dev/shm) so that the disk is not what is measured. Each client runs seven
times, the clients taking turns; the best and the median are shown; MB/s counts 2^30 bytes over the wall time of the whole
command (start-up, login and the transfer), with its peak RSS.

Usage: bench/ftp.py NETKIT_BINARY
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "tests", "cli"))
from ftp_peers import FtpServer  # noqa: E402  (vsftpd as the tests start it)

SIZE = 1 << 30
FTPLIB_DOWNLOAD = """
import ftplib, sys
ftp = ftplib.FTP()
ftp.connect("127.0.0.1", int(sys.argv[1]))
ftp.login()
with open(sys.argv[2], "wb") as f:
    ftp.retrbinary("RETR big.bin", f.write, 65536)
ftp.quit()
"""
FTPLIB_UPLOAD = """
import ftplib, sys
ftp = ftplib.FTP()
ftp.connect("127.0.0.1", int(sys.argv[1]))
ftp.login()
with open(sys.argv[2], "rb") as f:
    ftp.storbinary("STOR incoming/ftplib.bin", f, 65536)
ftp.quit()
"""


def measure(argv, check_file):
    """(MB/s, peak RSS MiB) of one run of argv, pinned to core 1; the file it
    wrote or uploaded must hold the whole GiB."""
    started = time.monotonic()
    done = subprocess.run(["taskset", "-c", "1", "/usr/bin/time", "-f", "%M", *argv],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {done.stderr.decode()[-500:]}")
    if os.path.getsize(check_file) != SIZE:
        raise RuntimeError(f"{argv[0]} moved {os.path.getsize(check_file)} bytes, not {SIZE}")
    os.remove(check_file)
    rss_kib = int(done.stderr.decode().strip().splitlines()[-1])
    return SIZE / elapsed / 1e6, rss_kib / 1024


def interleaved(clients, rounds=7):
    """Each client's runs over `rounds` rounds that take the clients in turn,
    so that a slow spell of the machine hits them alike."""
    results = {name: [] for name in clients}
    for _ in range(rounds):
        for name, (argv, check_file) in clients.items():
            results[name].append(measure(argv, check_file))
    return results


def best(runs):
    return max(runs, key=lambda r: r[0])


def median(runs):
    return sorted(r[0] for r in runs)[len(runs) // 2]


def main():
    netkit = os.path.abspath(sys.argv[1])
    base = tempfile.mkdtemp(prefix="netkit-ftp-bench-", dir="/dev/shm")
    root = os.path.join(base, "root")
    os.makedirs(root)
    source = os.path.join(base, "source.bin")
    with open(source, "wb") as f:
        block = os.urandom(1 << 20)
        for _ in range(SIZE >> 20):
            f.write(block)
    shutil.copy(source, os.path.join(root, "big.bin"))
    out = os.path.join(base, "out.bin")
    server = FtpServer("vsftpd", root)
    subprocess.run(["taskset", "-pc", "0", str(server.process.pid)], stdout=subprocess.DEVNULL, check=True)
    url = f"ftp://127.0.0.1:{server.port}"
    incoming = os.path.join(root, "incoming")
    downloads = {
        "netkit ftp": ([netkit, "ftp", url, "-c", f"get big.bin {out}"], out),
        "curl": (["curl", "-s", "-o", out, f"{url}/big.bin"], out),
        "python ftplib (64 KiB)": (["/usr/bin/python3", "-c", FTPLIB_DOWNLOAD, str(server.port), out], out),
    }
    uploads = {
        "netkit ftp": ([netkit, "ftp", url, "-c", f"put {source} incoming/netkit.bin"],
                       os.path.join(incoming, "netkit.bin")),
        "curl": (["curl", "-s", "-T", source, f"{url}/incoming/curl.bin"], os.path.join(incoming, "curl.bin")),
        "python ftplib (64 KiB)": (["/usr/bin/python3", "-c", FTPLIB_UPLOAD, str(server.port), source],
                                   os.path.join(incoming, "ftplib.bin")),
    }
    try:
        down = interleaved(downloads)
        up = interleaved(uploads)
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)

    for title, results in (("download (RETR)", down), ("upload (STOR)", up)):
        print(f"1 GiB {title} with vsftpd on loopback, {len(results['curl'])} runs each")
        for name, runs in results.items():
            rate, rss = best(runs)
            print(f"  {name:<24}best {rate:6.0f} MB/s  median {median(runs):6.0f} MB/s  peak RSS {rss:5.1f} MiB")
        ours = results["netkit ftp"]
        others = {k: v for k, v in results.items() if k != "netkit ftp"}
        ratios = ", ".join(f"netkit / {k} {best(ours)[0] / best(v)[0]:.2f}x (median {median(ours) / median(v):.2f}x)"
                           for k, v in others.items())
        print(f"  {ratios}")
        print("  target: >= 1.0x the better of curl and ftplib, peak RSS < 16 MiB")

if __name__ == "__main__":
    main()
