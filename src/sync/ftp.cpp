#include <netkit/sync/ftp.hpp>

#include "sync/detail/throw_error.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/net/run.hpp>

#include <iostream>
#include <system_error>

namespace netkit::sync {
namespace {

std::uint16_t default_port(const ftp::client_options& options) {
    return options.tls_mode == ftp::security::implicit_tls ? 990 : 21;
}

/// The directory a PWD or MKD reply names; "" for a reply other than 257 (as ftplib).
std::string directory_in(const ftp::reply& r) {
    auto path = ftp::parse_directory_reply(r);
    return path ? std::move(*path) : std::string();
}

} // namespace

ftp_client::ftp_client(ftp::client_options options)
    : io_(std::make_unique<asio::io_context>(1)),
      engine_(std::make_unique<ftp::client>(io_->get_executor(), std::move(options))) {}

ftp_client::ftp_client(const std::string& host, std::uint16_t port, ftp::client_options options)
    : ftp_client(std::move(options)) {
    connect(host, port);
}

ftp_client::~ftp_client() = default;

template <class T> T ftp_client::run(asio::awaitable<result<T>> op, const std::string& what) {
    auto r = net::run_to_result(*io_, std::move(op));
    if (r) {
        return std::move(*r);
    }
    const std::error_code ec = r.error();
    if (ec.category() != ftp::error_category()) {
        detail::throw_error(ec, what);
    }
    const ftp::reply& last = engine_->last_reply();
    switch (static_cast<ftp::error>(ec.value())) {
    case ftp::error::temporary_negative: throw ftp_error_temp(last.text, last.code);
    case ftp::error::permanent_negative: throw ftp_error_perm(last.text, last.code);
    case ftp::error::unexpected_reply: throw ftp_error_reply(last.text, last.code);
    case ftp::error::bad_reply:
        // A reply with a code outside 1xx-5xx reads as itself (as ftplib's
        // error_proto); a line that is no reply at all is named as such.
        throw ftp_error_proto(last.code != 0 ? last.text : ec.message() + ": " + last.text,
                              last.code);
    case ftp::error::bad_passive_reply:
        throw ftp_error_proto(ec.message() + ": " + last.text, last.code);
    case ftp::error::newline_in_command: throw std::invalid_argument(ec.message());
    case ftp::error::reply_line_too_long: throw ftp_error("got more than 8192 bytes", 0);
    case ftp::error::reply_too_long: throw ftp_error(ec.message(), 0);
    default:
        // The connection's failures (a transfer cut short, a stranger on the
        // data port): socket errors, as the connection's own.
        detail::throw_error(ec, what);
    }
}

std::string ftp_client::run_reply(asio::awaitable<result<ftp::reply>> op, const std::string& what) {
    return run(std::move(op), what).text;
}

std::string ftp_client::connect(const std::string& host, std::uint16_t port) {
    const std::uint16_t p = port != 0 ? port : default_port(engine_->options());
    return run_reply(engine_->connect(host, p), "connect to " + host + ":" + std::to_string(p));
}

std::string ftp_client::connect(const std::string& host, std::uint16_t port,
                                std::chrono::milliseconds timeout,
                                const std::string& source_address) {
    engine_->set_timeout(timeout);
    if (source_address.empty()) {
        engine_->set_source(std::nullopt);
    } else {
        std::error_code ec;
        const auto source = asio::ip::make_address(source_address, ec);
        if (ec) {
            throw std::invalid_argument("not an IP address: '" + source_address + "'");
        }
        engine_->set_source(source);
    }
    return connect(host, port);
}

std::string ftp_client::getwelcome() const {
    return engine_->welcome().text;
}

std::string ftp_client::login(const std::string& user, const std::string& passwd,
                              const std::string& acct) {
    std::string text = run_reply(engine_->login(user, passwd, acct), "login");
    read_features();
    return text;
}

void ftp_client::read_features() {
    features_.clear();
    try {
        const std::string feat = sendcmd("FEAT");
        // "211-Features:\n EPSV\n MDTM\n UTF8\n211 End": the lines between.
        std::string_view rest = feat;
        for (std::size_t start = rest.find('\n'); start != std::string_view::npos;) {
            const std::size_t end = rest.find('\n', start + 1);
            std::string_view line =
                rest.substr(start + 1, end == std::string_view::npos ? rest.npos : end - start - 1);
            if (end != std::string_view::npos) {
                features_.push_back(std::string(trim(line)));
            }
            start = end;
        }
    } catch (const ftp_error&) {
        return; // a server without FEAT (RFC 2389) offers no extensions
    }
    if (has_feature("UTF8")) {
        try {
            sendcmd("OPTS UTF8 ON");
        } catch (const ftp_error&) {
        }
    }
}

bool ftp_client::has_feature(std::string_view feature) const {
    for (const auto& f : features_) {
        const std::string_view name = std::string_view(f).substr(0, f.find(' '));
        if (iequals(name, feature)) {
            return true;
        }
    }
    return false;
}

std::string ftp_client::sendcmd(const std::string& cmd) {
    return run_reply(engine_->command(cmd), "FTP command");
}

std::string ftp_client::voidcmd(const std::string& cmd) {
    return run_reply(engine_->void_command(cmd), "FTP command");
}

void ftp_client::set_pasv(bool on) {
    engine_->set_passive(on);
}

void ftp_client::set_trust_server_pasv_address(bool on) {
    engine_->set_trust_pasv_address(on);
}

std::string ftp_client::cwd(const std::string& dirname) {
    if (dirname == "..") {
        try {
            return voidcmd("CDUP");
        } catch (const ftp_error_perm& e) {
            if (e.code() != 500) {
                throw;
            }
        }
    }
    return voidcmd("CWD " + (dirname.empty() ? std::string(".") : dirname));
}

std::string ftp_client::pwd() {
    return directory_in(run(engine_->void_command("PWD"), "PWD"));
}

std::string ftp_client::mkd(const std::string& dirname) {
    return directory_in(run(engine_->void_command("MKD " + dirname), "MKD"));
}

std::string ftp_client::rmd(const std::string& dirname) {
    return voidcmd("RMD " + dirname);
}

std::string ftp_client::del(const std::string& filename) {
    auto r = run(engine_->command("DELE " + filename), "DELE");
    if (r.code != 250 && r.code != 200) {
        throw ftp_error_reply(r.text, r.code);
    }
    return r.text;
}

std::string ftp_client::rename(const std::string& fromname, const std::string& toname) {
    auto r = run(engine_->command("RNFR " + fromname), "RNFR");
    if (r.kind() != 3) {
        throw ftp_error_reply(r.text, r.code);
    }
    return voidcmd("RNTO " + toname);
}

std::optional<std::uint64_t> ftp_client::size(const std::string& filename) {
    auto r = run(engine_->command("SIZE " + filename), "SIZE");
    if (r.code != 213) {
        return std::nullopt;
    }
    const auto n = parse_decimal(trim(std::string_view(r.text).substr(3)));
    if (!n) {
        throw ftp_error_proto("SIZE reply without a size: " + r.text, r.code);
    }
    return *n;
}

std::vector<std::string> ftp_client::nlst(const std::string& args) {
    std::vector<std::string> names;
    retrlines(args.empty() ? "NLST" : "NLST " + args,
              [&](std::string_view line) { names.emplace_back(line); });
    return names;
}

std::string ftp_client::dir(const std::string& args, line_callback callback) {
    return retrlines(args.empty() ? "LIST" : "LIST " + args, std::move(callback));
}

std::vector<ftp::mlsd_entry> ftp_client::mlsd(const std::string& path,
                                              const std::vector<std::string>& facts) {
    if (!facts.empty()) {
        std::string wanted;
        for (const auto& f : facts) {
            wanted += f + ';';
        }
        sendcmd("OPTS MLST " + wanted);
    }
    std::vector<ftp::mlsd_entry> entries;
    std::string bad_line;
    retrlines(path.empty() ? "MLSD" : "MLSD " + path, [&](std::string_view line) {
        auto e = ftp::parse_mlsd_line(line);
        if (e) {
            entries.push_back(std::move(*e));
        } else if (bad_line.empty()) {
            bad_line = line;
        }
    });
    if (!bad_line.empty()) {
        throw ftp_error_proto("malformed MLSD line: " + bad_line, 0);
    }
    return entries;
}

std::vector<ftp::list_entry> ftp_client::list(const std::string& path) {
    std::vector<ftp::list_entry> entries;
    if (has_feature("MLST")) {
        for (const auto& e : mlsd(path)) {
            if (auto entry = ftp::to_list_entry(e)) {
                entries.push_back(std::move(*entry));
            }
        }
        return entries;
    }
    dir(path, [&](std::string_view line) {
        auto e = ftp::parse_list_line(line);
        if (e && *e && (*e)->name != "." && (*e)->name != "..") {
            entries.push_back(std::move(**e));
        }
    });
    return entries;
}

std::string ftp_client::retrbinary(const std::string& cmd, const block_callback& callback,
                                   std::size_t blocksize, std::optional<std::uint64_t> rest) {
    if (blocksize == 0) {
        blocksize = 8192;
    }
    auto sink = [&](std::string_view data) {
        while (!data.empty()) {
            const std::size_t n = std::min(blocksize, data.size());
            callback(data.substr(0, n));
            data.remove_prefix(n);
        }
        return true;
    };
    return run_reply(engine_->retrieve(cmd, ftp::transfer_type::binary, rest, sink), cmd);
}

std::string ftp_client::retrlines(const std::string& cmd, line_callback callback) {
    if (!callback) {
        callback = [](std::string_view line) { std::cout << line << '\n'; };
    }
    std::string pending;
    bool too_long = false;
    auto emit = [&](std::string_view line) {
        if (line.size() >= 2 && line.substr(line.size() - 2) == "\r\n") {
            line.remove_suffix(2);
        } else if (!line.empty() && line.back() == '\n') {
            line.remove_suffix(1);
        }
        callback(line);
    };
    auto sink = [&](std::string_view data) {
        pending.append(data);
        std::size_t start = 0;
        for (std::size_t nl = pending.find('\n'); nl != std::string::npos;
             nl = pending.find('\n', start)) {
            emit(std::string_view(pending).substr(start, nl + 1 - start));
            start = nl + 1;
        }
        pending.erase(0, start);
        too_long = pending.size() > ftp::max_reply_line;
        return !too_long;
    };
    std::string text =
        run_reply(engine_->retrieve(cmd, ftp::transfer_type::ascii, std::nullopt, sink), cmd);
    if (too_long) {
        throw ftp_error("got more than 8192 bytes", 0);
    }
    if (!pending.empty()) {
        emit(pending); // a last line without its line end
    }
    return text;
}

std::string ftp_client::storbinary(const std::string& cmd, std::istream& source,
                                   std::size_t blocksize, const block_callback& callback,
                                   std::optional<std::uint64_t> rest) {
    auto from = [&](std::span<char> out) -> std::size_t {
        source.read(out.data(), static_cast<std::streamsize>(out.size()));
        const auto n = static_cast<std::size_t>(source.gcount());
        if (n > 0 && callback) {
            callback(std::string_view(out.data(), n));
        }
        return n;
    };
    return run_reply(engine_->store(cmd, ftp::transfer_type::binary, rest,
                                    blocksize == 0 ? 8192 : blocksize, from),
                     cmd);
}

std::string ftp_client::storlines(const std::string& cmd, std::istream& source,
                                  const block_callback& callback) {
    std::string pending;
    std::size_t offset = 0;
    auto from = [&](std::span<char> out) -> std::size_t {
        std::string line;
        while (pending.size() - offset < out.size() && std::getline(source, line)) {
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            line += "\r\n";
            if (callback) {
                callback(line);
            }
            pending.erase(0, offset);
            offset = 0;
            pending += line;
        }
        const std::size_t n = std::min(out.size(), pending.size() - offset);
        std::copy_n(pending.data() + offset, n, out.data());
        offset += n;
        return n;
    };
    return run_reply(engine_->store(cmd, ftp::transfer_type::ascii, std::nullopt, 8192, from), cmd);
}

std::string ftp_client::abort() {
    return run_reply(engine_->abort(), "ABOR");
}

std::string ftp_client::quit() {
    return run_reply(engine_->quit(), "QUIT");
}

void ftp_client::close() {
    engine_->close();
}

std::string ftp_client::auth() {
    return run_reply(engine_->secure_control(), "AUTH TLS");
}

std::string ftp_client::prot_p() {
    return run_reply(engine_->protect_data(true), "PROT P");
}

std::string ftp_client::prot_c() {
    return run_reply(engine_->protect_data(false), "PROT C");
}

const ftp::reply& ftp_client::last_reply() const {
    return engine_->last_reply();
}

} // namespace netkit::sync
