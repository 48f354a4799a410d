// Writing as Python's Marshaller writes, byte for byte (its line breaks,
// its nil without one, repr() for doubles, encodebytes() for base64), but
// never XML that a parser would refuse or read differently.
#include <netkit/core/base64.hpp>
#include <netkit/core/utf8.hpp>
#include <netkit/xmlrpc/codec.hpp>
#include <netkit/xmlrpc/error.hpp>

#include <charconv>
#include <cmath>
#include <limits>

namespace netkit::xmlrpc {

namespace {

// repr() of a float: the shortest digits that read back the same, fixed
// notation while the point is within 16 digits and no more than 4 zeros
// follow it, else d.ddde+XX.
void append_python_repr(std::string& out, double v) {
    if (std::isnan(v)) {
        out += "nan";
        return;
    }
    if (std::isinf(v)) {
        out += v < 0 ? "-inf" : "inf";
        return;
    }
    char buf[40];
    const auto converted = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string_view text(buf, static_cast<std::size_t>(converted.ptr - buf)); // "-d.ddde-XX"
    if (text.front() == '-') {
        out += '-';
        text.remove_prefix(1);
    }
    const auto e = text.find('e');
    std::string digits;
    for (const char c : text.substr(0, e)) {
        if (c != '.') {
            digits += c;
        }
    }
    int exponent = 0;
    const std::string_view exp_text = text.substr(e + 1);
    std::from_chars(exp_text.data() + (exp_text.front() == '+' ? 1 : 0),
                    exp_text.data() + exp_text.size(), exponent);
    const int point = exponent + 1; // digits before the point
    const int n = static_cast<int>(digits.size());
    if (point <= -4 || point > 16) {
        out += digits[0];
        if (n > 1) {
            out += '.';
            out.append(digits, 1);
        }
        out += exponent < 0 ? "e-" : "e+";
        const int magnitude = exponent < 0 ? -exponent : exponent;
        if (magnitude < 10) {
            out += '0';
        }
        out += std::to_string(magnitude);
    } else if (point <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-point), '0');
        out += digits;
    } else if (point >= n) {
        out += digits;
        out.append(static_cast<std::size_t>(point - n), '0');
        out += ".0";
    } else {
        out.append(digits, 0, static_cast<std::size_t>(point));
        out += '.';
        out.append(digits, static_cast<std::size_t>(point));
    }
}

// Python's escape() (&, <, >), and a carriage return as a reference (raw,
// XML would read it as a line feed). False for a string XML 1.0 cannot
// carry: not UTF-8, a control character, U+FFFE or U+FFFF.
bool append_escaped(std::string& out, std::string_view text) {
    bool beyond_ascii = false;
    std::size_t plain = 0; // start of the bytes not yet copied
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const char* replacement = nullptr;
        switch (c) {
        case '&': replacement = "&amp;"; break;
        case '<': replacement = "&lt;"; break;
        case '>': replacement = "&gt;"; break;
        case '\r': replacement = "&#13;"; break;
        case '\t':
        case '\n': continue;
        default:
            if (c < 0x20) {
                return false;
            }
            beyond_ascii = beyond_ascii || c >= 0x80;
            continue;
        }
        out.append(text, plain, i - plain);
        out += replacement;
        plain = i + 1;
    }
    out.append(text, plain);
    if (beyond_ascii) {
        if (!is_valid_utf8(text) || text.find("\xEF\xBF\xBE") != std::string_view::npos ||
            text.find("\xEF\xBF\xBF") != std::string_view::npos) {
            return false;
        }
    }
    return true;
}

class writer {
public:
    writer(std::string& out, const write_options& options) : out_(out), options_(options) {}

    std::error_code write(const value& v) {
        switch (v.kind()) {
        case value::type::nil:
            if (!options_.allow_none) {
                return error::nil_not_allowed;
            }
            out_ += "<value><nil/></value>";
            return {};
        case value::type::boolean:
            out_ += *v.get_if<bool>() ? "<value><boolean>1</boolean></value>\n"
                                      : "<value><boolean>0</boolean></value>\n";
            return {};
        case value::type::integer: return write_integer(*v.get_if<std::int64_t>());
        case value::type::floating:
            out_ += "<value><double>";
            append_python_repr(out_, *v.get_if<double>());
            out_ += "</double></value>\n";
            return {};
        case value::type::string:
            out_ += "<value><string>";
            if (!append_escaped(out_, *v.get_if<std::string>())) {
                return error::unwritable_string;
            }
            out_ += "</string></value>\n";
            return {};
        case value::type::date_time:
            out_ += "<value><dateTime.iso8601>";
            if (!append_escaped(out_, v.get_if<date_time>()->text)) {
                return error::unwritable_string;
            }
            out_ += "</dateTime.iso8601></value>\n";
            return {};
        case value::type::binary: write_base64(v.get_if<binary>()->bytes); return {};
        case value::type::array: {
            out_ += "<value><array><data>\n";
            for (const value& item : *v.get_if<array>()) {
                if (const auto failed = write(item)) {
                    return failed;
                }
            }
            out_ += "</data></array></value>\n";
            return {};
        }
        case value::type::structure: {
            out_ += "<value><struct>\n";
            for (const auto& [name, item] : *v.get_if<structure>()) {
                out_ += "<member>\n<name>";
                if (!append_escaped(out_, name)) {
                    return error::unwritable_string;
                }
                out_ += "</name>\n";
                if (const auto failed = write(item)) {
                    return failed;
                }
                out_ += "</member>\n";
            }
            out_ += "</struct></value>\n";
            return {};
        }
        }
        return {};
    }

    std::error_code write_params(std::span<const value> params) {
        out_ += "<params>\n";
        for (const value& v : params) {
            out_ += "<param>\n";
            if (const auto failed = write(v)) {
                return failed;
            }
            out_ += "</param>\n";
        }
        out_ += "</params>\n";
        return {};
    }

private:
    std::error_code write_integer(std::int64_t i) {
        const bool fits_int = i >= std::numeric_limits<std::int32_t>::min() &&
                              i <= std::numeric_limits<std::int32_t>::max();
        if (!fits_int && !options_.allow_i8) {
            return error::int_exceeds_limits;
        }
        out_ += fits_int ? "<value><int>" : "<value><i8>";
        char digits[24];
        out_.append(digits, std::to_chars(digits, digits + sizeof digits, i).ptr);
        out_ += fits_int ? "</int></value>\n" : "</i8></value>\n";
        return {};
    }

    // base64.encodebytes: lines of 76 characters, each ending in a newline.
    void write_base64(std::string_view bytes) {
        out_ += "<value><base64>\n";
        const std::string encoded = base64_encode(bytes);
        for (std::size_t at = 0; at < encoded.size(); at += 76) {
            out_.append(encoded, at, 76);
            out_ += '\n';
        }
        out_ += "</base64></value>\n";
    }

    std::string& out_;
    const write_options& options_;
};

constexpr std::string_view xml_header = "<?xml version='1.0'?>\n";

} // namespace

result<std::string> dumps(std::span<const value> params, const write_options& options) {
    std::string out;
    if (const auto failed = writer(out, options).write_params(params)) {
        return failed;
    }
    return out;
}

result<std::string> dumps_call(std::string_view method_name, std::span<const value> params,
                               const write_options& options) {
    std::string out(xml_header);
    out += "<methodCall>\n<methodName>";
    if (!append_escaped(out, method_name)) {
        return error::unwritable_string;
    }
    out += "</methodName>\n";
    if (const auto failed = writer(out, options).write_params(params)) {
        return failed;
    }
    out += "</methodCall>\n";
    return out;
}

result<std::string> dumps_response(const value& result, const write_options& options) {
    std::string out(xml_header);
    out += "<methodResponse>\n";
    if (const auto failed = writer(out, options).write_params({&result, 1})) {
        return failed;
    }
    out += "</methodResponse>\n";
    return out;
}

std::string dumps_fault(const fault& f) {
    // A fault is written whatever its text holds (it may quote what a
    // stranger sent): what XML cannot carry becomes U+FFFD, so that the
    // caller always has an answer to send.
    std::string text;
    if (std::string probe; append_escaped(probe, f.string)) {
        text = f.string;
    } else {
        const std::string repaired = repair_utf8(f.string);
        for (std::size_t i = 0; i < repaired.size();) {
            const std::size_t at = i;
            const char32_t c = next_code_point(repaired, i);
            const bool carried =
                (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && c != 0xFFFE && c != 0xFFFF;
            text.append(carried ? std::string_view(repaired).substr(at, i - at) : "\xEF\xBF\xBD");
        }
    }
    std::string out(xml_header);
    out += "<methodResponse>\n<fault>\n";
    write_options options;
    options.allow_i8 = true; // (a code beyond 32 bits is still an answer)
    writer(out, options).write(fault_struct({f.code, text}));
    out += "</fault>\n</methodResponse>\n";
    return out;
}

} // namespace netkit::xmlrpc
