#include <netkit/core/ascii.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/reply.hpp>

namespace netkit::ftp {
namespace {

bool starts_with_code(std::string_view line) noexcept {
    return line.size() >= 3 && is_digit(line[0]) && is_digit(line[1]) && is_digit(line[2]);
}

} // namespace

result<bool> reply_reader::feed(std::string_view line) {
    if (line.size() > max_reply_line) {
        return error::reply_line_too_long;
    }
    if (current_.text.size() + line.size() + 1 > max_reply_size) {
        return error::reply_too_long;
    }
    if (!multi_line_) {
        // The first line: a code, then a space, a hyphen (more lines follow),
        // or nothing ("200" alone, which ftplib accepts).
        if (!starts_with_code(line) || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
            return error::bad_reply;
        }
        current_.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        current_.text.assign(line);
        multi_line_ = line.size() > 3 && line[3] == '-';
        return !multi_line_;
    }
    current_.text += '\n';
    current_.text += line;
    // RFC 959 §4.2: the last line starts with the same code followed by a
    // space; lines in between may start with anything, digits included.
    const bool last = line.size() >= 3 &&
                      line.substr(0, 3) == std::string_view(current_.text).substr(0, 3) &&
                      (line.size() == 3 || line[3] != '-');
    if (last) {
        multi_line_ = false;
    }
    return last;
}

reply reply_reader::take() {
    reply out = std::move(current_);
    reset();
    return out;
}

void reply_reader::reset() {
    current_ = reply{};
    multi_line_ = false;
}

result<void> check_reply(const reply& r) {
    switch (r.kind()) {
    case 1:
    case 2:
    case 3: return {};
    case 4: return error::temporary_negative;
    case 5: return error::permanent_negative;
    default: return error::bad_reply;
    }
}

result<void> check_completion(const reply& r) {
    if (auto checked = check_reply(r); !checked) {
        return checked;
    }
    if (r.kind() != 2) {
        return error::unexpected_reply;
    }
    return {};
}

} // namespace netkit::ftp

namespace netkit::ftp {

result<std::string> parse_directory_reply(const reply& r) {
    if (r.code != 257) {
        return error::unexpected_reply;
    }
    std::string_view text = r.text;
    if (text.substr(3, 2) != " \"") {
        return std::string();
    }
    std::string out;
    for (std::size_t i = 5; i < text.size(); ++i) {
        if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
                out += '"';
                ++i;
                continue;
            }
            break;
        }
        out += text[i];
    }
    return out;
}

result<long long> parse_transfer_size(const reply& r) {
    if (r.code != 150) {
        return error::unexpected_reply;
    }
    // ftplib's pattern, "150 .* \((\d+) bytes\)", case-insensitive: the last
    // parenthesized count of bytes on the first line.
    const std::string_view line = std::string_view(r.text).substr(0, r.text.find('\n'));
    for (std::size_t close = line.rfind(')'); close != std::string_view::npos && close > 0;
         close = line.rfind(')', close - 1)) {
        const std::size_t open = line.rfind('(', close);
        if (open == std::string_view::npos || open < 4 || line[open - 1] != ' ') {
            continue;
        }
        std::string_view inside = line.substr(open + 1, close - open - 1);
        const std::size_t space = inside.find(' ');
        if (space == std::string_view::npos || space == 0 || space > 18) {
            continue;
        }
        if (!iequals(inside.substr(space + 1), "bytes")) {
            continue;
        }
        // At most 18 digits (checked above): a long long holds them.
        if (const auto n = parse_decimal(inside.substr(0, space))) {
            return static_cast<long long>(*n);
        }
    }
    return -1LL;
}

} // namespace netkit::ftp
