// Header fields of a message being built: arrival order kept, names compared
// without case, several values per name (each Set-Cookie stays its own
// field). A name must be a token and a value may not hold CR, LF or NUL, so
// a field can never break the message it goes into.
//
//     netkit::http::fields f;
//     f.set("Content-Type", "text/html").value();
//     f.add("Set-Cookie", "a=1").value();
//     f.add("Set-Cookie", "b=2").value();
//     f.get("content-type")        // "text/html"
//     f.get_all("Set-Cookie")      // {"a=1", "b=2"}
//     f.set("X", "a\r\nInjected: yes")   // error: bad_field_value
#pragma once

#include <netkit/core/result.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::http {

class fields {
public:
    struct field {
        std::string name;
        std::string value;
    };
    using const_iterator = std::vector<field>::const_iterator;

    /// The first value of `name`.
    std::optional<std::string_view> get(std::string_view name) const noexcept;
    /// Every value of `name`, in order.
    std::vector<std::string_view> get_all(std::string_view name) const;
    bool contains(std::string_view name) const noexcept { return get(name).has_value(); }

    /// Replaces every field named `name` by one (at the first one's place).
    result<void> set(std::string_view name, std::string_view value);
    /// Appends a field, keeping the others of the same name.
    result<void> add(std::string_view name, std::string_view value);
    /// Removes every field named `name`; returns how many went.
    std::size_t erase(std::string_view name) noexcept;
    void clear() noexcept { fields_.clear(); }

    const_iterator begin() const noexcept { return fields_.begin(); }
    const_iterator end() const noexcept { return fields_.end(); }
    std::size_t size() const noexcept { return fields_.size(); }
    bool empty() const noexcept { return fields_.empty(); }

private:
    std::vector<field> fields_;
};

/// A field name and value fit to be sent: a token, and no CR, LF or NUL.
result<void> check_field(std::string_view name, std::string_view value) noexcept;

/// Fields in their wire form ("Name: value\r\n" each), formatted once and
/// shared by many messages: the static files send the same fields with every
/// response of a file. Made only from http::fields, whose every field passed
/// check_field(), so no unchecked byte reaches the wire this way.
class wire_fields {
public:
    explicit wire_fields(const fields& f);
    /// HTTP/1.1's form.
    std::string_view text() const noexcept { return text_; }
    /// The fields themselves, names in lower case: HTTP/2's form (RFC 9113
    /// §8.2.1), which HPACK codes field by field.
    const fields& lowercase() const noexcept { return lowercase_; }

private:
    std::string text_;
    fields lowercase_;
};

} // namespace netkit::http
