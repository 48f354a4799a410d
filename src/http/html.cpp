#include "http/detail/html.hpp"

#include <netkit/core/utf8.hpp>

namespace netkit::http::detail {

std::string html_escape(std::string_view text, bool quote) {
    const std::string valid = is_valid_utf8(text) ? std::string(text) : repair_utf8(text);
    std::string out;
    out.reserve(valid.size());
    for (char c : valid) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += quote ? "&quot;" : "\""; break;
        case '\'': out += quote ? "&#x27;" : "'"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace netkit::http::detail
