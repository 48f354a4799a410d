#include <netkit/ftp/url.hpp>

#include <netkit/ftp/error.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

namespace netkit::ftp {

result<ftp_url> parse_ftp_url(std::string_view text) {
    auto parts = url::try_urlsplit(text);
    if (!parts) {
        return parts.error();
    }
    ftp_url out;
    if (parts->scheme() == "ftps") {
        out.implicit_tls = true;
    } else if (parts->scheme() != "ftp") {
        return error::not_an_ftp_url;
    }
    const auto host = parts->hostname();
    if (!host || host->empty()) {
        return error::url_without_host;
    }
    out.host = *host;
    const auto port = parts->try_port();
    if (!port) {
        return port.error();
    }
    out.port = *port;
    if (const auto user = parts->username()) {
        out.user = url::unquote(*user);
    }
    if (const auto password = parts->password()) {
        out.password = url::unquote(*password);
    }
    // RFC 1738 §3.2.2: the path is relative to the login directory.
    const std::string_view path = parts->path();
    if (path.size() > 1) {
        out.path = url::unquote(path.substr(1));
    }
    return out;
}

} // namespace netkit::ftp
