#include <netkit/request/ftp_handler.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/url.hpp>
#include <netkit/http/engine/system_mime_types.hpp>
#include <netkit/request/error.hpp>
#include <netkit/request/opener.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/repr.hpp>
#include <netkit/url/split.hpp>

#include "request/detail/resume.hpp"

#include <asio/this_coro.hpp>

#include <algorithm>
#include <optional>

namespace netkit::request {

struct ftp_session {
    ftp_session(asio::any_io_executor ex, ftp::client_options options, ftp_handler::session_key key,
                std::string password)
        : client(std::move(ex), std::move(options)), key(std::move(key)),
          password(std::move(password)) {}

    ftp::client client;
    ftp_handler::session_key key;
    std::string password;
    bool busy = false; // a body is being read from it
};

namespace {

// A file or listing read from the data connection as asked; the session is
// free again once the transfer has completed, and closed if it is dropped
// before that (its control connection is mid-transfer).
class ftp_body : public body_reader {
public:
    ftp_body(std::shared_ptr<ftp_session> session, ftp::download data)
        : session_(std::move(session)), data_(std::move(data)) {}
    ftp_body(const ftp_body&) = delete;
    ftp_body& operator=(const ftp_body&) = delete;
    ~ftp_body() override {
        if (!data_.done()) {
            session_->client.close();
        }
        session_->busy = false;
    }

    asio::awaitable<result<std::string_view>> next() override {
        auto piece = co_await data_.read_some();
        if (!piece) {
            session_->client.close();
        }
        co_return piece;
    }

private:
    std::shared_ptr<ftp_session> session_;
    ftp::download data_;
};

// What Python's URLError says of an FTP failure (URLError(exp) of ftplib's
// error): the reply, or the system's reason.
std::string ftp_error_text(const ftp::client& c, const std::error_code& ec) {
    const bool replied = ec.category() == ftp::error_category() || ec == error::ftp_login_refused ||
                         ec == error::ftp_file_not_found;
    return replied && !c.last_reply().text.empty() ? c.last_reply().text : ec.message();
}

// A URLError ftpwrapper raised itself, wrapped again by ftp_open as
// URLError(exp): "<urlopen error ftp error: ...>".
std::string wrapped_error_text(std::string_view inner) {
    return "<urlopen error ftp error: " + std::string(inner) + ">";
}

bool is_550(const ftp::client& c, const std::error_code& ec) {
    return ec == ftp::error::permanent_negative && c.last_reply().code == 550;
}

} // namespace

ftp_handler::ftp_handler(ftp::client_options options) : options_(std::move(options)) {}

ftp_handler::~ftp_handler() = default;

asio::awaitable<result<void>> ftp_handler::init(ftp_session& session) {
    const auto& [user, host, port, directory, timeout] = session.key;
    session.client.close();
    session.client.set_timeout(timeout);
    if (auto welcome = co_await session.client.connect(host, port); !welcome) {
        co_return welcome.error();
    }
    const std::string no_account;
    if (auto in = co_await session.client.login(user, session.password, no_account); !in) {
        // A refusal has its own code (curl's exit 67 in netkit fetch); the
        // reply stays the words.
        co_return in.error() == ftp::error::permanent_negative
            ? make_error_code(error::ftp_login_refused)
            : in.error();
    }
    // ftplib's cwd(''): "CWD .", which does nothing but may fail. (Commands
    // are named before co_await: g++ 12 mishandles a temporary inside one.)
    const std::string cwd = "CWD " + (directory.empty() ? std::string(".") : directory);
    auto there = co_await session.client.void_command(cwd);
    if (!there) {
        co_return there.error();
    }
    co_return result<void>{};
}

asio::awaitable<result<std::shared_ptr<ftp_session>>>
ftp_handler::connect_ftp(const session_key& key, std::string password, bool implicit_tls) {
    ftp::client_options options = options_;
    if (implicit_tls) {
        options.tls_mode = ftp::security::implicit_tls;
    }
    auto session = std::make_shared<ftp_session>(co_await asio::this_coro::executor,
                                                 std::move(options), key, std::move(password));
    if (auto ready = co_await init(*session); !ready) {
        co_return parent().fail(ready.error(), ftp_error_text(session->client, ready.error()));
    }
    co_return session;
}

// FTPHandler.ftp_open, then ftpwrapper.retrfile.
asio::awaitable<result<response_ptr>> ftp_handler::open(std::string_view protocol, request& r) {
    const bool implicit_tls = protocol == "ftps";
    if (r.host().empty()) { // (raised before ftp_open's try: not wrapped)
        co_return parent().fail(make_error_code(error::no_host_given), "ftp error: no host given");
    }
    // Who logs in where: the URL's authority, as `netkit ftp` reads it.
    const auto where = ftp::parse_ftp_url(r.full_url());
    if (!where) {
        co_return parent().fail(where.error(), "ftp error: " + where.error().message());
    }
    const std::string& host = where->host;
    const std::string& user = where->user;
    const std::string password = where->password.value_or("");
    const std::uint16_t port = where->port.value_or(implicit_tls ? 990 : 21);
    // The path's directories (each unquoted) and file, and ";type=" attributes.
    const std::string& selector = r.selector();
    const auto semicolon = selector.find(';');
    const std::string_view path = std::string_view(selector).substr(0, semicolon);
    std::vector<std::string> dirs;
    for (std::size_t start = 0;;) {
        const auto slash = path.find('/', start);
        dirs.push_back(url::unquote(path.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start)));
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    const std::string file = dirs.back();
    dirs.pop_back();
    if (!dirs.empty() && dirs.front().empty()) {
        dirs.erase(dirs.begin());
    }
    std::string directory;
    for (const auto& d : dirs) {
        directory += (directory.empty() ? "" : "/") + d;
    }
    char type = file.empty() ? 'D' : 'I';
    for (std::size_t at = semicolon; at != std::string::npos;) {
        const auto next = selector.find(';', at + 1);
        const std::string_view attr = std::string_view(selector).substr(
            at + 1, next == std::string::npos ? std::string_view::npos : next - at - 1);
        const auto eq = attr.find('=');
        if (eq != std::string_view::npos && iequals(attr.substr(0, eq), "type") &&
            attr.size() == eq + 2 &&
            std::string_view("aAiIdD").find(attr[eq + 1]) != std::string_view::npos) {
            type = to_upper(attr[eq + 1]);
        }
        at = next;
    }
    const std::chrono::milliseconds timeout = r.timeout.value_or(options_.timeout);
    const session_key key{user, host, port, directory, timeout};
    auto session = co_await connect_ftp(key, password, implicit_tls);
    if (!session) {
        co_return session.error();
    }
    ftp::client& c = (*session)->client;
    std::optional<ftp::download> data;
    // A Range: bytes=N- field asks for the file from N (REST), as curl -C.
    const auto offset = detail::resume_offset(r);
    if (!file.empty() && type != 'D') {
        const std::string retr = "RETR " + file;
        const auto how = type == 'A' ? ftp::transfer_type::ascii : ftp::transfer_type::binary;
        auto retrieved = co_await c.open_retrieve(retr, how, offset);
        if (retrieved) {
            data.emplace(std::move(*retrieved));
        } else if (!is_550(c, retrieved.error())) {
            co_return parent().fail(retrieved.error(),
                                    wrapped_error_text(ftp_error_text(c, retrieved.error())));
        }
    }
    const bool listing = !data;
    if (!data) {
        // Not a file: a directory, if the name is one (CWD there and back).
        std::string command = "LIST";
        if (!file.empty()) {
            auto pwd = co_await c.void_command("PWD");
            if (!pwd) {
                co_return parent().fail(pwd.error(), ftp_error_text(c, pwd.error()));
            }
            const auto named = ftp::parse_directory_reply(*pwd);
            const std::string here = named ? *named : std::string();
            const std::string into_file = "CWD " + file;
            const std::string back_here = "CWD " + (here.empty() ? std::string(".") : here);
            auto into = co_await c.void_command(into_file);
            const std::string refusal = c.last_reply().text;
            auto back = co_await c.void_command(back_here);
            if (!into) {
                co_return parent().fail(
                    into.error() == ftp::error::permanent_negative
                        ? make_error_code(error::ftp_file_not_found)
                        : into.error(),
                    wrapped_error_text("error_perm(" + url::python_repr(refusal) + ")"));
            }
            if (!back) {
                co_return parent().fail(back.error(), ftp_error_text(c, back.error()));
            }
            command += " " + file;
        }
        auto listed = co_await c.open_retrieve(command, ftp::transfer_type::ascii);
        if (!listed) {
            co_return parent().fail(listed.error(), ftp_error_text(c, listed.error()));
        }
        data.emplace(std::move(*listed));
    }
    http::fields headers;
    const std::string url = r.full_url();
    // mimetypes.guess_type of the URL: its path, without ;params, ?query or #fragment.
    const auto parts = url::try_urlparse(url);
    const std::string_view url_path = parts ? parts->path() : std::string_view(url);
    if (const auto guessed = http::system_mime_types().guess_type(url_path).type;
        !guessed.empty()) {
        (void)headers.add("Content-type", guessed);
    }
    const long long announced = data->announced_size();
    const auto from = static_cast<long long>(offset.value_or(0));
    if (announced >= 0 && announced >= from) {
        (void)headers.add("Content-length", std::to_string(announced - from));
    }
    if (offset && !listing) {
        detail::add_content_range(headers, *offset, announced);
    }
    (*session)->busy = true;
    co_return std::make_unique<response>(
        url, 0, "", std::move(headers),
        std::make_unique<ftp_body>(std::move(*session), std::move(*data)));
}

void cache_ftp_handler::check_cache() {
    const auto now = std::chrono::steady_clock::now();
    for (auto it = cache_.begin(); it != cache_.end();) {
        it = it->second.expires < now && !it->second.session->busy ? cache_.erase(it)
                                                                   : std::next(it);
    }
    // Over the limit: the one that expires first goes.
    while (cache_.size() > max_conns_) {
        auto oldest =
            std::min_element(cache_.begin(), cache_.end(), [](const auto& a, const auto& b) {
                return a.second.expires < b.second.expires;
            });
        cache_.erase(oldest);
    }
}

asio::awaitable<result<std::shared_ptr<ftp_session>>>
cache_ftp_handler::connect_ftp(const session_key& key, std::string password, bool implicit_tls) {
    const auto expires = std::chrono::steady_clock::now() + delay_;
    if (auto kept = cache_.find(key); kept != cache_.end() && !kept->second.session->busy &&
                                      kept->second.session->password == password) {
        kept->second.expires = expires;
        auto session = kept->second.session;
        if (!session->client.is_connected()) {
            if (auto ready = co_await init(*session); !ready) {
                cache_.erase(key);
                co_return parent().fail(ready.error(),
                                        ftp_error_text(session->client, ready.error()));
            }
        }
        check_cache();
        co_return session;
    }
    auto session = co_await ftp_handler::connect_ftp(key, std::move(password), implicit_tls);
    if (!session) {
        co_return session.error();
    }
    cache_[key] = {*session, expires};
    check_cache();
    co_return session;
}

} // namespace netkit::request
