// An XML-RPC value, as Python's xmlrpc.client gives and takes them:
//
//     XML-RPC             Python              netkit::xmlrpc
//     nil                 None                value{} (written only with allow_none)
//     boolean             bool                bool
//     int, i4, i8, ...    int                 std::int64_t (<int> within 32 bits, else <i8>
//                                             where allowed: Python refuses to write it)
//     double              float               double
//     string              str                 std::string, UTF-8
//     dateTime.iso8601    DateTime            date_time: its text, as Python's DateTime keeps it
//     base64              Binary, bytes       binary
//     array               list                array (std::vector<value>)
//     struct              dict                structure: members in order, names unique
//
//     xmlrpc::structure point;
//     point.set("x", 1);
//     point.set("y", 2.5);
//     xmlrpc::value v = xmlrpc::array{1, "two", point};
//     v.get_if<xmlrpc::array>()->at(1).get_if<std::string>();   // "two"
//
// Conversions to and from C++ types (vectors, maps, optionals, time
// points, user structs) are in convert.hpp.
#pragma once

#include <netkit/core/result.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace netkit::xmlrpc {

class value;
using array = std::vector<value>;
namespace detail {
class reader;
}

/// A dateTime.iso8601: its text as it came ("20261206T12:30:00" as Python
/// writes it; other servers add a zone or dashes), read by time() when
/// asked, as Python's DateTime keeps it and use_builtin_types reads it.
struct date_time {
    std::string text;

    /// The text Python writes for a datetime (UTC here: XML-RPC has no zone).
    static date_time from(std::chrono::sys_seconds t);
    /// "YYYYMMDDTHH:MM:SS" read as a time (as Python's strptime reads it).
    result<std::chrono::sys_seconds> time() const;
    friend bool operator==(const date_time&, const date_time&) = default;
};

/// A base64 value: the bytes, not their encoding.
struct binary {
    std::string bytes;
    friend bool operator==(const binary&, const binary&) = default;
};

/// A struct: members in the order they came or were set, names unique (as
/// a Python dict: setting a name again replaces its value in place).
class structure {
public:
    using member = std::pair<std::string, value>;

    structure() = default;
    structure(std::initializer_list<member> members);

    /// Sets `name` to `v`: in place if it is there, else at the end.
    void set(std::string name, value v);
    const value* find(std::string_view name) const;
    value* find(std::string_view name);
    bool contains(std::string_view name) const { return find(name) != nullptr; }
    // (Defined after value, which they need whole.)
    std::size_t size() const noexcept;
    bool empty() const noexcept;
    std::vector<member>::const_iterator begin() const noexcept;
    std::vector<member>::const_iterator end() const noexcept;

    /// As dicts compare: the same names with equal values, in any order.
    friend bool operator==(const structure& a, const structure& b);

private:
    friend class detail::reader; // (sets the members it has made unique at once)
    std::vector<member> members_;
};

class value {
public:
    enum class type {
        nil,
        boolean,
        integer,
        floating,
        string,
        date_time,
        binary,
        array,
        structure
    };

    value() noexcept = default; ///< nil
    value(std::nullptr_t) noexcept {}
    value(bool b) noexcept : v_(b) {}
    /// Any integer that fits 64 bits signed (unsigned 64-bit ones go through
    /// convert.hpp, which checks their range).
    template <class I>
    requires std::is_integral_v<I> &&
        (!std::is_same_v<I, bool>)&&(std::is_signed_v<I> || sizeof(I) < sizeof(std::int64_t))
            value(I i) noexcept
        : v_(static_cast<std::int64_t>(i)) {}
    value(double d) noexcept : v_(d) {}
    value(std::string s) noexcept : v_(std::move(s)) {}
    value(std::string_view s) : v_(std::string(s)) {}
    value(const char* s) : v_(std::string(s)) {}
    value(xmlrpc::date_time d) noexcept : v_(std::move(d)) {}
    value(xmlrpc::binary b) noexcept : v_(std::move(b)) {}
    value(xmlrpc::array a) noexcept : v_(std::move(a)) {}
    value(xmlrpc::structure s) noexcept : v_(std::move(s)) {}

    type kind() const noexcept { return static_cast<type>(v_.index()); }
    bool is_nil() const noexcept { return kind() == type::nil; }

    /// The value as it is held (bool, std::int64_t, double, std::string,
    /// date_time, binary, array, structure), or null when it is another.
    template <class T> const T* get_if() const noexcept { return std::get_if<T>(&v_); }
    template <class T> T* get_if() noexcept { return std::get_if<T>(&v_); }

    friend bool operator==(const value& a, const value& b) { return a.v_ == b.v_; }

private:
    // (In the order of `type`.)
    std::variant<std::monostate, bool, std::int64_t, double, std::string, xmlrpc::date_time,
                 xmlrpc::binary, xmlrpc::array, xmlrpc::structure>
        v_;
};

inline std::size_t structure::size() const noexcept {
    return members_.size();
}
inline bool structure::empty() const noexcept {
    return members_.empty();
}
inline std::vector<structure::member>::const_iterator structure::begin() const noexcept {
    return members_.begin();
}
inline std::vector<structure::member>::const_iterator structure::end() const noexcept {
    return members_.end();
}

/// The name a person reads: "int", "string", "struct", ...
std::string_view type_name(value::type t) noexcept;

/// A fault, as a server answers a call that failed (Python's Fault).
struct fault {
    std::int64_t code = 0;
    std::string string;
    friend bool operator==(const fault&, const fault&) = default;
};

/// A fault as XML-RPC carries it: a struct of faultCode and faultString.
structure fault_struct(const fault& f);
/// The fault such a struct stands for (other members passed over, as
/// Python's Fault takes **extra); nullopt unless faultCode is an int and
/// faultString a string.
std::optional<fault> as_fault(const value& v);

} // namespace netkit::xmlrpc
