#include <netkit/ws/error.hpp>
#include <netkit/ws/extensions.hpp>

namespace netkit::ws {
namespace {

// tchar (RFC 9110 §5.6.2).
bool is_token_char(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A cursor over the value; every reader skips the whitespace before it.
class scanner {
public:
    explicit scanner(std::string_view text) : text_(text) {}

    bool at_end() {
        skip_space();
        return pos_ == text_.size();
    }
    bool take(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    std::optional<std::string> token() {
        skip_space();
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_token_char(text_[pos_])) {
            ++pos_;
        }
        if (pos_ == start) {
            return std::nullopt;
        }
        return std::string(text_.substr(start, pos_ - start));
    }
    // quoted-string (RFC 9110 §5.6.4), its content unescaped.
    std::optional<std::string> quoted() {
        skip_space();
        if (pos_ >= text_.size() || text_[pos_] != '"') {
            return std::nullopt;
        }
        std::string out;
        for (++pos_; pos_ < text_.size(); ++pos_) {
            char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (c == '\\') {
                if (++pos_ == text_.size()) {
                    break;
                }
                c = text_[pos_];
            }
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
                return std::nullopt;
            }
            out += c;
        }
        return std::nullopt; // no closing quote
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) {
            ++pos_;
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

} // namespace

result<std::vector<extension>> parse_extensions(std::string_view value) {
    std::vector<extension> out;
    scanner s(value);
    if (s.at_end()) {
        return out;
    }
    for (;;) {
        auto name = s.token();
        if (!name) {
            return error::bad_extension_offer;
        }
        extension e{std::move(*name), {}};
        while (s.take(';')) {
            auto param = s.token();
            if (!param) {
                return error::bad_extension_offer;
            }
            extension_param p{std::move(*param), std::nullopt};
            if (s.take('=')) {
                p.value = s.token();
                if (!p.value) {
                    p.value = s.quoted();
                }
                if (!p.value) {
                    return error::bad_extension_offer;
                }
            }
            e.params.push_back(std::move(p));
        }
        out.push_back(std::move(e));
        if (s.at_end()) {
            return out;
        }
        if (!s.take(',')) {
            return error::bad_extension_offer;
        }
    }
}

} // namespace netkit::ws
