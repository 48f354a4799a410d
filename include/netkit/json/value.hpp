// A small JSON value (RFC 8259): parse, inspect, build, serialize. What the
// command line's JSON output and its JSON Lines batch mode read and write
// (untrusted input: fuzzed, fuzz/json_fuzz.cpp), the static files' JSON
// listings, and the tests' conformance data.
//
//     auto v = netkit::json::parse(R"(["split", "http://a/b"])").value();
//     v.as_array()[1].as_string() == "http://a/b"
//     netkit::json::value obj = netkit::json::object{{"port", 8080}, {"hostname", nullptr}};
//     obj.dump() == R"({"port":8080,"hostname":null})"
//
// Strings hold UTF-8. A lone surrogate escape (\uD800) is kept as its 3-byte
// (WTF-8) form, so that it survives a round trip. Objects keep their members
// in order. Nesting deeper than 128 levels is refused.
#pragma once

#include <netkit/core/result.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace netkit::json {

class value;
struct dump_options;
using array = std::vector<value>;
using object = std::vector<std::pair<std::string, value>>;

class value {
public:
    value() = default; // null
    value(std::nullptr_t) {}
    value(bool b) : v_(b) {}
    value(int n) : v_(static_cast<std::int64_t>(n)) {}
    value(std::int64_t n) : v_(n) {}
    value(std::uint16_t n) : v_(static_cast<std::int64_t>(n)) {}
    value(double d) : v_(d) {}
    value(const char* s) : v_(std::string(s)) {}
    value(std::string s) : v_(std::move(s)) {}
    value(std::string_view s) : v_(std::string(s)) {}
    value(array a) : v_(std::make_shared<array>(std::move(a))) {}
    value(object o) : v_(std::make_shared<object>(std::move(o))) {}

    bool is_null() const noexcept { return v_.index() == 0; }
    bool is_bool() const noexcept { return v_.index() == 1; }
    bool is_integer() const noexcept { return v_.index() == 2; }
    bool is_number() const noexcept { return v_.index() == 2 || v_.index() == 3; }
    bool is_string() const noexcept { return v_.index() == 4; }
    bool is_array() const noexcept { return v_.index() == 5; }
    bool is_object() const noexcept { return v_.index() == 6; }

    bool as_bool() const { return std::get<1>(v_); }
    std::int64_t as_integer() const { return std::get<2>(v_); }
    double as_double() const {
        return is_integer() ? static_cast<double>(as_integer()) : std::get<3>(v_);
    }
    const std::string& as_string() const { return std::get<4>(v_); }
    const array& as_array() const { return *std::get<5>(v_); }
    const object& as_object() const { return *std::get<6>(v_); }

    /// The member named `key`, or nullptr (objects only).
    const value* find(std::string_view key) const;

    /// JSON text on one line: compact, or as `how` says.
    std::string dump() const;
    std::string dump(const dump_options& how) const;
    void dump_to(std::string& out) const;
    void dump_to(std::string& out, const dump_options& how) const;

    friend bool operator==(const value& a, const value& b);

private:
    std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<array>,
                 std::shared_ptr<object>>
        v_;
};

/// How dump() writes: the default is compact; python_dumps writes what
/// Python's json.dumps() writes with its defaults (but a double is written
/// in its shortest form: 1, where Python writes 1.0).
struct dump_options {
    std::string_view item_separator = ",";
    std::string_view key_separator = ":";
    /// Every character outside ASCII as its \uXXXX escape (a surrogate pair
    /// above U+FFFF), as json.dumps(ensure_ascii=True).
    bool ensure_ascii = false;
};
inline constexpr dump_options python_dumps{", ", ": ", true};

enum class error {
    syntax = 1,    ///< not JSON
    too_deep,      ///< nested more than 128 levels
    trailing_data, ///< more text after the value
    not_utf8,      ///< a string's bytes are not UTF-8 (RFC 8259 §8.1)
};

const std::error_category& error_category() noexcept;
inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// Parses one JSON text (surrounding whitespace allowed).
result<value> parse(std::string_view text);

/// Appends `s` as a JSON string literal.
void append_quoted(std::string& out, std::string_view s, bool ensure_ascii = false);

} // namespace netkit::json

template <> struct std::is_error_code_enum<netkit::json::error> : std::true_type {};
