// http.cookies for C++: SimpleCookie and Morsel, with CPython 3.13's
// parsing and output, byte for byte (tests/conformance run CPython's own
// cases). What a server reads a Cookie header with, and writes Set-Cookie
// lines with, as Python programs do.
//
//     netkit::cookie::simple_cookie c("chips=ahoy; vienna=finger");
//     c.at("chips").value();                       // "ahoy"
//     c.set("session", "a b");                      // coded as "\"a b\""
//     c.at("session").set_attribute("path", "/");
//     c.at("session").set_attribute("httponly", true);
//     c.output();   // "Set-Cookie: chips=ahoy\r\nSet-Cookie: session=\"a b\"; HttpOnly;
//     Path=/\r\n..."
//
// Text is UTF-8; CPython's str operations are applied to its code points
// (a code point below 256 that needs quoting becomes "\ooo", as _quote
// writes it). This is Python's lenient, historical format; the browser's
// rules for Set-Cookie are in set_cookie.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace netkit::cookie {

/// http.cookies.CookieError: an illegal key, a non-reserved attribute, or
/// (from load) a cookie pair with an illegal name.
class cookie_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// _quote: `text` as it is when it is made of legal key characters, else in
/// double quotes with '"' and '\' escaped and every other code point below
/// 256 outside the unescaped set written as "\ooo".
std::string quote(std::string_view text);
/// _unquote: a "..." value without its quotes, "\ooo" (octal, up to \377)
/// and "\c" undone; anything else as it is.
std::string unquote(std::string_view text);
/// Whether `key` is made of the characters CPython's _is_legal_key allows.
bool is_legal_key(std::string_view key);

/// The optional attributes a list of them names (Python's `attrs`): none
/// given (nullopt) means all.
using attribute_names = std::optional<std::vector<std::string>>;

/// http.cookies.Morsel: one key, its value and coded value, and the
/// reserved attributes (expires, path, comment, domain, max-age, secure,
/// httponly, version, samesite), each "" until set.
class morsel {
public:
    /// An attribute as Python holds it: text, a flag (true from "; secure"),
    /// a number (max-age in seconds; expires as seconds from now), or None
    /// (std::monostate: "$Path" without a value, written as "Path=None").
    using attribute_value = std::variant<std::string, bool, std::int64_t, std::monostate>;

    morsel();

    const std::string& key() const noexcept { return key_; }
    const std::string& value() const noexcept { return value_; }
    const std::string& coded_value() const noexcept { return coded_value_; }

    /// Morsel.set: throws cookie_error for a reserved or illegal key.
    void set(std::string_view key, std::string value, std::string coded_value);

    /// morsel[name] = value (name in any case): throws cookie_error
    /// ("Invalid attribute 'x'") for a name that is not reserved.
    void set_attribute(std::string_view name, attribute_value value);
    /// morsel[name]; throws cookie_error for a name that is not reserved.
    const attribute_value& attribute(std::string_view name) const;
    /// Every reserved attribute, by its lower-case name, in sorted order.
    const std::map<std::string, attribute_value, std::less<>>& attributes() const noexcept {
        return attributes_;
    }
    static bool is_reserved_key(std::string_view name);
    /// Python's str() of an attribute: the text, "True", "3600", "None".
    static std::string text_of(const attribute_value& v);
    /// Python's truth of it: a text not empty, true, a number not 0; None is false.
    static bool is_set(const attribute_value& v);

    /// "Set-Cookie: " + output_string(attrs), as Morsel.output.
    std::string output(const attribute_names& attrs = std::nullopt,
                       std::string_view header = "Set-Cookie:") const;
    /// Morsel.OutputString: "key=coded_value; Attr=...", attributes sorted,
    /// empty ones left out, flags by their name alone.
    std::string output_string(const attribute_names& attrs = std::nullopt) const;
    /// Morsel.js_output: a <script> setting document.cookie.
    std::string js_output(const attribute_names& attrs = std::nullopt) const;

    friend bool operator==(const morsel&, const morsel&) = default;

private:
    std::string key_;
    std::string value_;
    std::string coded_value_;
    std::map<std::string, attribute_value, std::less<>> attributes_;
};

/// http.cookies.SimpleCookie: morsels by key, in sorted order.
class simple_cookie {
public:
    simple_cookie() = default;
    /// SimpleCookie(text): load(text).
    explicit simple_cookie(std::string_view text) { load(text); }

    /// Parses a Cookie header (or Set-Cookie attribute list) as CPython
    /// does: pairs and their attributes up to the first thing it cannot
    /// read, and nothing at all when that thing is a bare word or an
    /// attribute before any pair. Throws cookie_error where CPython raises
    /// it (a pair whose name is not a legal key, "$Name=" that is not an
    /// attribute).
    void load(std::string_view text);

    /// cookie[key] = value: value_encode, then Morsel.set (throws
    /// cookie_error for a reserved or illegal key).
    void set(std::string_view key, std::string_view value);
    /// cookie[key] = morsel.
    void set(std::string_view key, morsel m);

    /// cookie[key]: std::out_of_range when absent, as Python's KeyError.
    morsel& at(std::string_view key);
    const morsel& at(std::string_view key) const;
    const morsel* find(std::string_view key) const;
    bool erase(std::string_view key);
    std::size_t size() const noexcept { return morsels_.size(); }
    bool empty() const noexcept { return morsels_.empty(); }
    auto begin() const { return morsels_.begin(); }
    auto end() const { return morsels_.end(); }

    /// BaseCookie.output: each morsel's output, sorted by key, joined by `sep`.
    std::string output(const attribute_names& attrs = std::nullopt,
                       std::string_view header = "Set-Cookie:",
                       std::string_view sep = "\r\n") const;
    std::string js_output(const attribute_names& attrs = std::nullopt) const;

    /// SimpleCookie.value_decode: (unquote(coded), coded).
    static std::pair<std::string, std::string> value_decode(std::string_view coded);
    /// SimpleCookie.value_encode: (value, quote(value)).
    static std::pair<std::string, std::string> value_encode(std::string_view value);

private:
    morsel& assign(std::string_view key, std::string value, std::string coded);

    std::map<std::string, morsel, std::less<>> morsels_;
};

} // namespace netkit::cookie
