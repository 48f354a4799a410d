#include <netkit/url/data_url.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>
#include <netkit/url/error.hpp>
#include <netkit/url/quote.hpp>

namespace netkit::url {

result<data_url> parse_data_url(std::string_view url) {
    // Python: url.split(":", 1), then the rest split at its first ','.
    const auto colon = url.find(':');
    if (colon == std::string_view::npos || !iequals(url.substr(0, colon), "data")) {
        return make_error_code(error::not_a_data_url);
    }
    const std::string_view rest = url.substr(colon + 1);
    const auto comma = rest.find(',');
    if (comma == std::string_view::npos) {
        return make_error_code(error::data_url_without_comma);
    }
    data_url d;
    std::string_view media_type = rest.substr(0, comma);
    // Even base64 data may be percent-encoded: unquoted in any case.
    d.data = unquote_to_bytes(rest.substr(comma + 1));
    if (media_type.ends_with(";base64")) {
        auto decoded = base64_decode(d.data);
        if (!decoded) {
            return decoded.error();
        }
        d.data = std::move(*decoded);
        media_type.remove_suffix(7);
    }
    d.media_type = media_type.empty() ? "text/plain;charset=US-ASCII" : std::string(media_type);
    return d;
}

} // namespace netkit::url
