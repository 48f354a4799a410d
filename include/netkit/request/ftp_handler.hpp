// urllib's FTPHandler and CacheFTPHandler: ftp:// URLs (and ftps://, TLS
// from the first byte as curl reads the scheme, which Python has no handler
// for) through netkit's FTP client, the file streamed as it is read.
//
//     ftp://ada:pw@127.0.0.1:2121/pub/notes.txt        a file (TYPE I)
//     ftp://127.0.0.1:2121/pub/                        the directory's LIST (TYPE A)
//     ftp://127.0.0.1:2121/pub/notes.txt;type=a        ;type=a|i|d as RFC 1738 says
//
// As Python's ftpwrapper: log in (anonymous when the URL names no user),
// CWD to the URL's directories, RETR the file; when the server answers 550
// (not a file), the name is tried as a directory and LIST'ed. Headers:
// Content-type guessed from the URL when known, Content-length when the 150
// reply announced a size. Failures are URLError "ftp error: <reply>".
// The caching handler keeps logged-in connections (by user, host, port,
// directory and time limit) for the next URL, 16 at most, each for 60
// seconds after its last use.
#pragma once

#include <netkit/ftp/engine/client.hpp>
#include <netkit/request/handler.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace netkit::request {

/// One logged-in FTP connection in a directory (Python's ftpwrapper).
struct ftp_session;

class ftp_handler : public handler {
public:
    /// `options`: passive or active, TLS trust for ftps://, the default time limit.
    explicit ftp_handler(ftp::client_options options = {});
    ~ftp_handler() override;

    std::vector<std::string> hooks() const override { return {"ftp_open", "ftps_open"}; }
    asio::awaitable<result<response_ptr>> open(std::string_view protocol, request& r) override;

    /// The identity of a session: user, host, port, directory, time limit.
    using session_key =
        std::tuple<std::string, std::string, std::uint16_t, std::string, std::chrono::milliseconds>;

protected:
    /// A logged-in session for `key` (connect_ftp): a new one here; the
    /// caching handler's may be one it kept.
    virtual asio::awaitable<result<std::shared_ptr<ftp_session>>>
    connect_ftp(const session_key& key, std::string password, bool implicit_tls);
    /// Logs `session` in and changes to its directory (ftpwrapper.init).
    asio::awaitable<result<void>> init(ftp_session& session);

    ftp::client_options options_;
};

class cache_ftp_handler : public ftp_handler {
public:
    explicit cache_ftp_handler(ftp::client_options options = {})
        : ftp_handler(std::move(options)) {}

    /// How long a kept connection waits for its next use (Python's setTimeout).
    void set_timeout(std::chrono::seconds delay) { delay_ = delay; }
    /// The most connections kept (Python's setMaxConns).
    void set_max_conns(std::size_t m) { max_conns_ = m; }
    std::size_t kept() const noexcept { return cache_.size(); }
    /// Python's clear_cache: the kept connections are closed.
    void clear_cache() { cache_.clear(); }
    void close() override { clear_cache(); }

protected:
    asio::awaitable<result<std::shared_ptr<ftp_session>>>
    connect_ftp(const session_key& key, std::string password, bool implicit_tls) override;

private:
    struct kept_session {
        std::shared_ptr<ftp_session> session;
        std::chrono::steady_clock::time_point expires;
    };
    void check_cache();

    std::map<session_key, kept_session> cache_;
    std::chrono::seconds delay_{60};
    std::size_t max_conns_ = 16;
};

} // namespace netkit::request
