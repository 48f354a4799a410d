#!/usr/bin/python3
"""vsftpd on loopback for the tests: anonymous logins on DIR (made read-only
for the server, as vsftpd requires), uploads into DIR/incoming, explicit FTPS
with --tls (implicit with --implicit). Hands vsftpd its configuration in
memory and becomes vsftpd (exec), so stopping this process stops the server.

    vsftpd.py --port P --root DIR [--ipv6] [--tls CERT KEY [--implicit]]
"""
import argparse
import os
import pwd
import shutil
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--ipv6", action="store_true")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit", action="store_true")
    parser.add_argument("--pasv-range", nargs=2, type=int, default=None)
    args = parser.parse_args()

    vsftpd = shutil.which("vsftpd") or "/usr/sbin/vsftpd"
    if os.geteuid() != 0:
        sys.exit("vsftpd.py: vsftpd needs root (it chroots and drops to the ftp user)")
    ftp_user = pwd.getpwnam("ftp")
    root = os.path.abspath(args.root)
    base = os.path.dirname(root)
    empty = os.path.join(base, "vsftpd-empty")
    os.makedirs(empty, exist_ok=True)
    # The anonymous root must not be writable by the ftp user; uploads go to
    # a folder of its own. Everything must be readable after the chroot.
    incoming = os.path.join(root, "incoming")
    os.makedirs(incoming, exist_ok=True)
    os.chown(incoming, ftp_user.pw_uid, ftp_user.pw_gid)
    os.chmod(incoming, 0o755)
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            if os.path.join(folder, d) != incoming:
                os.chmod(os.path.join(folder, d), 0o755)
        for f in files:
            os.chmod(os.path.join(folder, f), 0o644)
    os.chmod(root, 0o555)
    os.chmod(base, 0o755)

    lines = [
        "background=NO",
        "seccomp_sandbox=NO",
        f"secure_chroot_dir={empty}",
        "anonymous_enable=YES",
        "local_enable=NO",
        f"anon_root={root}",
        "no_anon_password=YES",
        "write_enable=YES",
        "anon_upload_enable=YES",
        "anon_mkdir_write_enable=YES",
        "anon_other_write_enable=YES",
        "anon_umask=022",
        "xferlog_enable=NO",
        "dirmessage_enable=NO",
        "utf8_filesystem=YES",
        # RFC 959 ASCII type: CRLF on the wire, the local line end on disk.
        "ascii_upload_enable=YES",
        "ascii_download_enable=YES",
        f"listen_port={args.port}",
    ]
    if args.pasv_range:
        lines += [f"pasv_min_port={args.pasv_range[0]}", f"pasv_max_port={args.pasv_range[1]}"]
    if args.ipv6:
        lines += ["listen=NO", "listen_ipv6=YES", "listen_address6=::1"]
    else:
        lines += ["listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1"]
    if args.tls:
        lines += ["ssl_enable=YES", "allow_anon_ssl=YES", "force_anon_logins_ssl=NO",
                  "force_anon_data_ssl=NO", f"rsa_cert_file={args.tls[0]}",
                  f"rsa_private_key_file={args.tls[1]}"]
        if args.implicit:
            lines += ["implicit_ssl=YES", "force_anon_logins_ssl=YES", "force_anon_data_ssl=YES"]
    # The configuration lives in memory and dies with the server: a file
    # would outlive it, since this process becomes vsftpd and cannot clean up.
    conf = os.memfd_create("vsftpd.conf", 0)
    os.write(conf, ("\n".join(lines) + "\n").encode())
    os.set_inheritable(conf, True)
    os.execv(vsftpd, [vsftpd, f"/proc/self/fd/{conf}"])


if __name__ == "__main__":
    main()
