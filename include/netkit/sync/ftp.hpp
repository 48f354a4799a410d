// The FTP client, blocking, with ftplib's names: the lesson's scripts line by line.
//
//     netkit::sync::ftp_client ftp("127.0.0.1", 21);     // connect; ftp.getwelcome()
//     ftp.login();                                        // anonymous, "anonymous@"
//     std::cout << ftp.sendcmd("STAT") << '\n' << ftp.pwd() << '\n';
//     for (const auto& name : ftp.nlst())
//         ftp.download(name, name);                       // RETR into a file
//     ftp.quit();
//
// Failures throw as ftplib's do: ftp_error_temp (4xx), ftp_error_perm (5xx),
// ftp_error_reply (an unexpected success code), ftp_error_proto (not a reply);
// what() is the server's full reply. Connection failures throw
// sync::socket_error, time limits sync::timeout_error; a command holding CR or
// LF throws std::invalid_argument (ftplib's ValueError).
//
// Differences from ftplib, named: `delete` is a C++ keyword, so it is del()
// (as sync::client::del); sources and sinks are std::istream and callbacks;
// download() and upload() move whole files (temporary name, resume).
#pragma once

#include <netkit/ftp/engine/client.hpp>
#include <netkit/ftp/listing.hpp>
#include <netkit/ftp/reply.hpp>

#include <asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::sync {

/// ftplib.Error: any FTP failure that is not a socket's. what() is the reply.
class ftp_error : public std::runtime_error {
public:
    ftp_error(const std::string& text, int code) : std::runtime_error(text), code_(code) {}
    /// The reply code (550), or 0 when there was no reply.
    int code() const noexcept { return code_; }

private:
    int code_;
};
/// ftplib.error_reply: a success reply other than the one the command needs.
class ftp_error_reply : public ftp_error {
    using ftp_error::ftp_error;
};
/// ftplib.error_temp: a 4xx reply.
class ftp_error_temp : public ftp_error {
    using ftp_error::ftp_error;
};
/// ftplib.error_perm: a 5xx reply.
class ftp_error_perm : public ftp_error {
    using ftp_error::ftp_error;
};
/// ftplib.error_proto: a reply outside 1xx-5xx, or not a reply at all.
class ftp_error_proto : public ftp_error {
    using ftp_error::ftp_error;
};

class ftp_client {
public:
    using line_callback = std::function<void(std::string_view)>;
    using block_callback = std::function<void(std::string_view)>;

    /// Not connected yet: call connect().
    explicit ftp_client(ftp::client_options options = {});
    /// Connects at once, as FTP(host) does. `port` 0: 21, or 990 for implicit FTPS.
    explicit ftp_client(const std::string& host, std::uint16_t port = 0,
                        ftp::client_options options = {});
    ftp_client(const ftp_client&) = delete;
    ftp_client& operator=(const ftp_client&) = delete;
    ~ftp_client();

    /// Connects and returns the welcome. `port` 0: 21, or 990 for implicit FTPS.
    std::string connect(const std::string& host, std::uint16_t port = 0);
    /// ftplib's connect(host, port, timeout, source_address): each operation's
    /// time limit, and the local address to connect from ("" for any).
    std::string connect(const std::string& host, std::uint16_t port,
                        std::chrono::milliseconds timeout, const std::string& source_address = "");
    std::string getwelcome() const;
    /// USER/PASS/ACCT; anonymous with "anonymous@" by default. With explicit
    /// FTPS: AUTH TLS first and PROT P after. Then OPTS UTF8 ON when FEAT offers it.
    std::string login(const std::string& user = "anonymous", const std::string& passwd = "",
                      const std::string& acct = "");

    std::string sendcmd(const std::string& cmd);
    std::string voidcmd(const std::string& cmd);
    void set_pasv(bool on);
    /// Follow the address of PASV replies (off: the control connection's peer).
    void set_trust_server_pasv_address(bool on);

    std::string cwd(const std::string& dirname);
    std::string pwd();
    std::string mkd(const std::string& dirname);
    std::string rmd(const std::string& dirname);
    std::string del(const std::string& filename);
    std::string rename(const std::string& fromname, const std::string& toname);
    /// SIZE: the size in bytes, or nullopt when the reply is not 213.
    std::optional<std::uint64_t> size(const std::string& filename);

    /// NLST [args]: the names.
    std::vector<std::string> nlst(const std::string& args = "");
    /// LIST [args]: each line to `callback` (printed to stdout when empty).
    std::string dir(const std::string& args = "", line_callback callback = {});
    /// MLSD [path], asking for `facts` (OPTS MLST) when given.
    std::vector<ftp::mlsd_entry> mlsd(const std::string& path = "",
                                      const std::vector<std::string>& facts = {});

    /// The entries of a directory, whatever the server: MLSD when FEAT
    /// offers MLST, else LIST read by ftp::parse_list_line (Unix and MS-DOS
    /// formats; lines in neither are skipped). "." and ".." are left out.
    std::vector<ftp::list_entry> list(const std::string& path = "");

    /// A binary transfer command (RETR name): data to `callback` in blocks
    /// of at most `blocksize` bytes, after REST `rest` when set.
    std::string retrbinary(const std::string& cmd, const block_callback& callback,
                           std::size_t blocksize = 8192, std::optional<std::uint64_t> rest = {});
    /// An ASCII transfer command (RETR, LIST, NLST): each line, without its
    /// line end, to `callback` (printed to stdout when empty).
    std::string retrlines(const std::string& cmd, line_callback callback = {});
    /// STOR/APPE name, sending `source` in blocks of `blocksize`; `callback`
    /// sees each block sent.
    std::string storbinary(const std::string& cmd, std::istream& source,
                           std::size_t blocksize = 8192, const block_callback& callback = {},
                           std::optional<std::uint64_t> rest = {});
    /// STOR name in ASCII: each line of `source` sent with CRLF.
    std::string storlines(const std::string& cmd, std::istream& source,
                          const block_callback& callback = {});

    /// RETR `remote` into the file `local`: written under a temporary name
    /// and renamed once whole. With `resume`, an existing `local` is
    /// continued from its size (REST) in place. `progress` sees the bytes so far.
    std::string download(const std::string& remote, const std::string& local, bool resume = false,
                         const std::function<void(std::uint64_t)>& progress = {});
    /// STOR the file `local` (a regular file, else std::invalid_argument
    /// before anything is sent) as `remote`, in 256 KiB blocks. With
    /// `resume`, continues after the SIZE the server has (REST + STOR).
    std::string upload(const std::string& local, const std::string& remote, bool resume = false);

    std::string abort();
    std::string quit();
    void close();

    // FTPS (ftplib's FTP_TLS): explicit TLS by hand.
    std::string auth();
    std::string prot_p();
    std::string prot_c();

    /// The last reply, error or not.
    const ftp::reply& last_reply() const;
    /// Whether FEAT listed `feature` ("MLST", "UTF8", "EPSV"), after login.
    bool has_feature(std::string_view feature) const;
    ftp::client& engine() { return *engine_; }

private:
    template <class T> T run(asio::awaitable<result<T>> op, const std::string& what);
    std::string run_reply(asio::awaitable<result<ftp::reply>> op, const std::string& what);
    void read_features();

    std::unique_ptr<asio::io_context> io_;
    std::unique_ptr<ftp::client> engine_;
    std::vector<std::string> features_;
};

} // namespace netkit::sync
