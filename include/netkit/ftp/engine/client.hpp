// The FTP client engine (RFC 959, RFC 2428 EPSV/EPRT, RFC 3659 MLSD/SIZE/REST,
// RFC 4217 FTPS): one control connection, a data connection per transfer.
//
//     netkit::ftp::client ftp(io.get_executor());
//     auto welcome = co_await ftp.connect("127.0.0.1", 21);      // "220 (vsFTPd 3.0.3)"
//     co_await ftp.login("anonymous", "anonymous@", "");
//     auto pwd = co_await ftp.command("PWD");                     // reply, or an error
//     co_await ftp.retrieve("RETR a.bin", [&](std::string_view chunk) { out.write(chunk); return
//     true; });
//
// Replies map to errors as ftplib maps them to exceptions (ftp/error.hpp);
// the reply itself, error or not, is last_reply(). The blocking face with
// ftplib's names is netkit::sync::ftp_client.
#pragma once

#include <netkit/core/byte_sink.hpp>
#include <netkit/core/result.hpp>
#include <netkit/ftp/reply.hpp>
#include <netkit/net/stream.hpp>
#include <netkit/net/tls.hpp>

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/address.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netkit::ftp {

enum class security {
    none,         ///< plain FTP
    explicit_tls, ///< AUTH TLS on the control connection before login (RFC 4217)
    implicit_tls, ///< TLS from the first byte (ftps://, port 990)
};

struct client_options {
    /// The limit of each operation: connecting, each reply, each read or
    /// write of a transfer, accepting an active data connection.
    std::chrono::milliseconds timeout = std::chrono::seconds(30);
    /// The local address to connect from, as ftplib's source_address.
    std::optional<asio::ip::address> source;
    /// Passive (the client connects: EPSV, then PASV if the server lacks it)
    /// or active (the server connects back: PORT or EPRT).
    bool passive = true;
    /// Use the address of a PASV reply. Off by default, as in ftplib: a
    /// hostile server could aim the client at another host (a port scan, or
    /// a service behind the firewall); the control connection's peer is used.
    bool trust_pasv_address = false;
    security tls_mode = security::none;
    /// Trust and verification for FTPS; unset: the system's trust store, verified.
    std::optional<net::tls_context> tls;
    /// Sees each line of the dialogue as it goes, "> PASS ****" sent and
    /// "< 230 Login successful." received, passwords masked (ftplib's debug output).
    std::function<void(std::string_view)> trace;
};

/// Receives transfer data as it arrives; returning false aborts the transfer
/// (ABOR). The one convention of core/byte_sink.hpp.
using netkit::byte_sink;
/// Fills the span with the next bytes to send and returns how many; 0 at the end.
using byte_source = std::function<std::size_t(std::span<char>)>;

enum class transfer_type { binary, ascii };

class client;

/// A retrieval whose data the caller reads as it goes (client::open_retrieve):
/// urllib's ftp: bodies. read_some() gives the data, then, at its end, reads
/// and checks the transfer's final reply (226) and gives an empty view. One
/// dropped before its end leaves the control connection mid-transfer: close
/// the client (or abort()) before using it again.
class download {
public:
    download(download&&) noexcept;
    download& operator=(download&&) noexcept;
    ~download();

    /// The size the 150 reply announced ("(N bytes)"); -1 when it did not.
    long long announced_size() const noexcept { return announced_; }
    /// The next bytes; an empty view once the transfer has completed. Valid
    /// until the next call.
    asio::awaitable<result<std::string_view>> read_some();
    bool done() const noexcept { return done_; }

private:
    friend class client;
    download(client& owner, net::stream data, long long announced, transfer_type type,
             std::uint64_t rest);

    client* client_;
    std::optional<net::stream> data_;
    long long announced_ = -1;
    transfer_type type_;
    std::uint64_t end_ = 0; // the offset reached, REST included
    std::unique_ptr<char[]> buffer_;
    bool done_ = false;
};

class client {
public:
    explicit client(asio::any_io_executor ex, client_options options = {});
    client(const client&) = delete;
    client& operator=(const client&) = delete;
    ~client();

    /// Connects and reads the welcome (220). With implicit_tls, TLS first.
    asio::awaitable<result<reply>> connect(std::string host, std::uint16_t port);
    /// USER, PASS (when asked: 331), ACCT (when asked: 332). With
    /// explicit_tls, AUTH TLS and PROT P first unless already done.
    asio::awaitable<result<reply>> login(std::string user, std::string password,
                                         std::string account);
    /// AUTH TLS: the control connection becomes TLS.
    asio::awaitable<result<reply>> secure_control();
    /// PBSZ 0 and PROT P (private: data connections use TLS) or PROT C (clear).
    asio::awaitable<result<reply>> protect_data(bool private_data);

    /// Sends a command and reads its reply: ftplib's sendcmd. 4xx/5xx and
    /// codes outside 1xx-5xx are errors; the reply is last_reply().
    asio::awaitable<result<reply>> command(std::string_view line);
    /// As command, and the reply must be a completion (2xx): ftplib's voidcmd.
    asio::awaitable<result<reply>> void_command(std::string_view line);
    /// Reads one reply (after a command sent with send_line).
    asio::awaitable<result<reply>> read_reply();

    /// Runs a transfer command (RETR, LIST, NLST, MLSD) after TYPE and REST,
    /// feeding the data to `sink`; returns the final reply (226). A data
    /// connection that breaks, or ends short of the size the 150 reply
    /// announced, is an error.
    asio::awaitable<result<reply>> retrieve(std::string command, transfer_type type,
                                            std::optional<std::uint64_t> rest, byte_sink sink);
    /// Runs a transfer command (RETR, LIST, NLST) after TYPE, and returns
    /// the data for the caller to read (see download).
    asio::awaitable<result<download>> open_retrieve(std::string command, transfer_type type,
                                                    std::optional<std::uint64_t> rest = {});
    /// Runs a binary transfer command (RETR) into the open file `fd` from
    /// `offset` (not opened O_APPEND): on plain connections socket to file
    /// without a copy through user space. `on_bytes` sees each piece's size.
    asio::awaitable<result<reply>> retrieve_file(std::string command,
                                                 std::optional<std::uint64_t> rest, int fd,
                                                 std::uint64_t offset,
                                                 std::function<void(std::size_t)> on_bytes);
    /// Runs STOR, APPE or STOU sending what `source` gives, `block_size` bytes at a time.
    asio::awaitable<result<reply>> store(std::string command, transfer_type type,
                                         std::optional<std::uint64_t> rest, std::size_t block_size,
                                         byte_source source);
    /// Runs STOR/APPE sending `length` bytes of the open file `fd` from `offset`.
    asio::awaitable<result<reply>> store_file(std::string command,
                                              std::optional<std::uint64_t> rest, int fd,
                                              std::uint64_t offset, std::uint64_t length);

    /// ABOR outside a transfer (ftplib's abort): one reply, 426 or 225/226.
    asio::awaitable<result<reply>> abort();
    /// QUIT, then closes.
    asio::awaitable<result<reply>> quit();
    /// Closes the connections without a word.
    void close() noexcept;

    bool is_connected() const noexcept;
    const reply& welcome() const noexcept { return welcome_; }
    const reply& last_reply() const noexcept { return last_reply_; }
    const client_options& options() const noexcept { return options_; }
    void set_passive(bool on) noexcept { options_.passive = on; }
    bool passive() const noexcept { return options_.passive; }
    void set_trust_pasv_address(bool on) noexcept { options_.trust_pasv_address = on; }
    /// The limit of each following operation (client_options::timeout).
    void set_timeout(std::chrono::milliseconds limit) noexcept { options_.timeout = limit; }
    /// The local address of following connections (client_options::source).
    void set_source(std::optional<asio::ip::address> source) noexcept { options_.source = source; }
    /// Whether data connections use TLS (PROT P in force).
    bool data_protected() const noexcept { return protect_data_; }
    /// Whether the last protected data connection resumed the control TLS session.
    bool last_data_session_reused() const noexcept { return data_session_reused_; }

private:
    friend class download;
    struct data_channel {
        net::stream stream;
        long long announced_size = -1; // from "150 ... (N bytes)", -1 when unknown
    };

    asio::awaitable<result<void>> send_line(std::string_view line);
    asio::awaitable<result<reply>> read_reply_unchecked();
    asio::awaitable<result<data_channel>> open_data(std::string_view command, transfer_type type,
                                                    std::optional<std::uint64_t> rest);
    asio::awaitable<result<net::stream>> connect_passive();
    asio::awaitable<result<net::stream>> secure_data(net::stream data);
    asio::awaitable<result<reply>> finish_transfer(std::error_code data_error);
    asio::awaitable<result<reply>> abort_transfer();
    asio::awaitable<result<reply>> finish_retrieve(long long announced, transfer_type type,
                                                   std::uint64_t end, std::error_code data_error);
    asio::awaitable<result<reply>> read_abort_reply(bool transfer_cut);
    result<net::tls_context> tls_context();
    void trace(std::string_view kind, std::string_view line) const;

    asio::any_io_executor executor_;
    client_options options_;
    std::optional<net::stream> control_;
    std::string buffer_; // control bytes read past the current line
    std::string host_;
    asio::ip::address peer_;  // the control connection's peer: where data goes
    asio::ip::address local_; // the control connection's local side: where active data arrives
    reply welcome_;
    reply last_reply_;
    bool protect_data_ = false;
    bool epsv_refused_ = false;
    bool data_session_reused_ = false;
};

} // namespace netkit::ftp
