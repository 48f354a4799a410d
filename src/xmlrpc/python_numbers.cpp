#include "detail/python_numbers.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/xmlrpc/error.hpp>

#include <charconv>
#include <limits>
#include <string>

namespace netkit::xmlrpc::detail {

namespace {

// Python's digitpart, `digit (["_"] digit)*`, at text[i]: appends the
// digits to `out` and returns where it ends, or `i` if there is none.
std::size_t digit_part(std::string_view text, std::size_t i, std::string& out) {
    while (i < text.size() && is_digit(text[i])) {
        out += text[i++];
        if (i + 1 < text.size() && text[i] == '_' && is_digit(text[i + 1])) {
            ++i;
        }
    }
    return i;
}

} // namespace

result<std::int64_t> python_int(std::string_view text) {
    text = trim(text); // (str.strip(): ASCII blanks; the others XML cannot hold)
    std::string digits;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        digits += text[i++] == '-' ? "-" : "";
    }
    const std::size_t end = digit_part(text, i, digits);
    if (end == i || end != text.size()) {
        return error::bad_integer;
    }
    std::int64_t n = 0;
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (parsed.ec == std::errc::result_out_of_range) {
        return error::integer_out_of_range;
    }
    return n;
}

result<double> python_float(std::string_view text) {
    text = trim(text); // (str.strip(): ASCII blanks; the others XML cannot hold)
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const double sign = negative ? -1.0 : 1.0;
    if (iequals(text, "inf") || iequals(text, "infinity")) {
        return sign * std::numeric_limits<double>::infinity();
    }
    if (iequals(text, "nan")) {
        return sign * std::numeric_limits<double>::quiet_NaN();
    }
    // (digitpart ["." [digitpart]] | "." digitpart) [("e" | "E") ["+" | "-"] digitpart]
    std::string clean;
    std::size_t i = digit_part(text, 0, clean);
    const std::size_t whole_digits = clean.size();
    bool any_digit = i > 0;
    if (i < text.size() && text[i] == '.') {
        clean += '.';
        const std::size_t after = digit_part(text, i + 1, clean);
        any_digit = any_digit || after > i + 1;
        i = after;
    }
    if (!any_digit) {
        return error::bad_double;
    }
    long long exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::string exp_digits;
        std::size_t j = i + 1;
        const bool exp_negative = j < text.size() && text[j] == '-';
        if (j < text.size() && (text[j] == '+' || text[j] == '-')) {
            ++j;
        }
        const std::size_t end = digit_part(text, j, exp_digits);
        if (end == j) {
            return error::bad_double;
        }
        clean += 'e';
        clean += exp_negative ? "-" : "";
        clean += exp_digits;
        // (Only its size matters past this: a long one saturates.)
        std::from_chars(exp_digits.data(), exp_digits.data() + exp_digits.size(), exponent);
        exponent = exp_negative ? -exponent : exponent;
        i = end;
    }
    if (i != text.size()) {
        return error::bad_double;
    }
    double v = 0;
    const auto parsed = std::from_chars(clean.data(), clean.data() + clean.size(), v);
    if (parsed.ec == std::errc::result_out_of_range) {
        // Beyond double's range: infinite if the number is large, zero if
        // it is small, by the place of its first nonzero digit.
        const auto first = clean.find_first_not_of("0.");
        long long magnitude = exponent; // of that digit, as a power of ten
        if (first < whole_digits) {
            magnitude += static_cast<long long>(whole_digits - first) - 1;
        } else {
            magnitude -= static_cast<long long>(first - whole_digits); // (the point counts once)
        }
        return sign * (magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0);
    }
    if (parsed.ec != std::errc() || parsed.ptr != clean.data() + clean.size()) {
        return error::bad_double;
    }
    return sign * v;
}

} // namespace netkit::xmlrpc::detail
