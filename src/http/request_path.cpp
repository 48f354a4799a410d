#include <netkit/http/request_path.hpp>

#include <netkit/url/quote.hpp>

namespace netkit::http {
namespace {

// Bytes that can only start an overlong (non-shortest) UTF-8 form.
bool is_overlong_utf8(std::string_view bytes) noexcept {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b == 0xC0 || b == 0xC1) {
            return true;
        }
        if (i + 1 < bytes.size()) {
            const auto next = static_cast<unsigned char>(bytes[i + 1]);
            if ((b == 0xE0 && next >= 0x80 && next <= 0x9F) ||
                (b == 0xF0 && next >= 0x80 && next <= 0x8F)) {
                return true;
            }
        }
    }
    return false;
}

// Decodes one path segment as urllib.parse.unquote_to_bytes does (an invalid
// escape such as "%zz" stays as it is); nullopt if it hides a separator or a NUL.
std::optional<std::string> decode_segment(std::string_view raw) {
    std::string out = url::unquote_to_bytes(raw);
    if (out.find_first_of(std::string_view("\0/\\", 3)) != std::string::npos) {
        return std::nullopt;
    }
    return out;
}

} // namespace

std::optional<local_path> map_request_path(std::string_view target) {
    // One pass finds where the path ends and whether it can map as it is:
    // most paths hold no escape, no dot segment and no empty segment. (The
    // parser refuses raw NUL, controls and non-ASCII bytes in a request
    // target; from elsewhere, a raw NUL is refused here as a decoded one is,
    // since it would cut the path short where the file is opened, and raw
    // non-ASCII bytes meet the same overlong UTF-8 check as escaped ones.)
    std::size_t end = target.size();
    bool plain = true;
    for (std::size_t i = 0; i < target.size(); ++i) {
        const char c = target[i];
        if (c == '?' || c == '#') {
            end = i;
            break;
        }
        if (c == '%' || c == '\\' || c == '\0' || static_cast<unsigned char>(c) >= 0x80 ||
            (c == '/' && i + 1 < target.size() && (target[i + 1] == '.' || target[i + 1] == '/'))) {
            plain = false;
        }
    }
    const std::string_view path = target.substr(0, end);
    if (path.empty() || path.front() != '/') {
        return std::nullopt;
    }
    local_path out;
    out.trailing_slash = path.back() == '/';
    if (plain) {
        out.relative.assign(path.substr(1, path.size() - 1 - (out.trailing_slash ? 1 : 0)));
        return out;
    }
    // The result is built in place: a ".." cuts it back to the previous '/'.
    std::size_t at = 1;
    while (at <= path.size()) {
        auto slash = path.find('/', at);
        if (slash == std::string_view::npos) {
            slash = path.size();
        }
        auto segment = decode_segment(path.substr(at, slash - at));
        if (!segment || is_overlong_utf8(*segment)) {
            return std::nullopt;
        }
        if (*segment == "..") {
            if (out.relative.empty()) {
                return std::nullopt; // above the root
            }
            const auto cut = out.relative.rfind('/');
            out.relative.resize(cut == std::string::npos ? 0 : cut);
        } else if (!segment->empty() && *segment != ".") {
            if (!out.relative.empty()) {
                out.relative += '/';
            }
            out.relative += *segment;
        }
        at = slash + 1;
    }
    return out;
}

} // namespace netkit::http
