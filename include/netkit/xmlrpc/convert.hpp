// XML-RPC values to and from C++ types: what a typed call's result and a
// registered function's arguments go through.
//
//     xmlrpc::value v = xmlrpc::to_value(std::vector<int>{1, 2, 3});
//     auto back = xmlrpc::from_value<std::vector<int>>(v);   // result: {1, 2, 3}
//     xmlrpc::from_value<int>(xmlrpc::value("x"));          // error::type_mismatch
//
// Built in: bool; integers (an int that does not fit the type is
// error::out_of_range); double and float (an int converts too, as Python's
// arithmetic would take it); std::string (std::string_view and const char*
// one way); std::vector<T>, std::tuple<T...> (an array of those types),
// std::map and std::unordered_map from std::string to T (a struct);
// std::optional<T> (nil is nullopt); std::chrono::sys_seconds and other
// system_clock time points (a dateTime.iso8601, read as UTC);
// std::vector<std::byte> and binary (base64); date_time, array, structure,
// and value itself. A user's struct, by naming its members once:
//
//     struct point { int x; double y; };
//     template <> struct netkit::xmlrpc::convert<point> : netkit::xmlrpc::struct_fields<point> {
//         static constexpr auto fields = std::tuple{field("x", &point::x), field("y", &point::y)};
//     };
#pragma once

#include <netkit/xmlrpc/error.hpp>
#include <netkit/xmlrpc/value.hpp>

#include <chrono>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace netkit::xmlrpc {

/// How a C++ type becomes a value and back: `static value to(const T&)`,
/// `static result<T> from(const value&)`, and `expected`, the XML-RPC type
/// a person is told was wanted.
template <class T, class = void> struct convert;

template <class T> value to_value(const T& v) {
    return convert<T>::to(v);
}
template <class T> result<T> from_value(const value& v) {
    return convert<T>::from(v);
}
/// From a value that is no longer needed: strings, arrays, structs and
/// bytes are moved, not copied, where the conversion can.
template <class T> result<T> from_value(value&& v) {
    if constexpr (requires { convert<T>::from(std::move(v)); }) {
        return convert<T>::from(std::move(v));
    } else {
        return convert<T>::from(v);
    }
}

/// "expected int, got string": what to tell a caller whose value would not convert.
template <class T> std::string mismatch(const value& given) {
    return "expected " + std::string(convert<T>::expected) + ", got " +
           std::string(type_name(given.kind()));
}

template <> struct convert<value> {
    static constexpr std::string_view expected = "a value";
    static value to(const value& v) { return v; }
    static result<value> from(const value& v) { return v; }
};

template <> struct convert<bool> {
    static constexpr std::string_view expected = "boolean";
    static value to(bool b) { return b; }
    static result<bool> from(const value& v) {
        if (const bool* b = v.get_if<bool>()) {
            return *b;
        }
        return error::type_mismatch;
    }
};

template <class I>
struct convert<I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>> {
    static constexpr std::string_view expected = "int";
    static value to(I i) {
        if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
            // (A value holds 64 bits signed: past that there is no XML-RPC int.)
            if (i > static_cast<I>(std::numeric_limits<std::int64_t>::max())) {
                return static_cast<double>(i);
            }
        }
        return static_cast<std::int64_t>(i);
    }
    static result<I> from(const value& v) {
        const std::int64_t* i = v.get_if<std::int64_t>();
        if (i == nullptr) {
            return error::type_mismatch;
        }
        if (!std::in_range<I>(*i)) {
            return error::out_of_range;
        }
        return static_cast<I>(*i);
    }
};

template <class F> struct convert<F, std::enable_if_t<std::is_floating_point_v<F>>> {
    static constexpr std::string_view expected = "double";
    static value to(F f) { return static_cast<double>(f); }
    static result<F> from(const value& v) {
        if (const double* d = v.get_if<double>()) {
            return static_cast<F>(*d);
        }
        if (const std::int64_t* i = v.get_if<std::int64_t>()) {
            return static_cast<F>(*i);
        }
        return error::type_mismatch;
    }
};

template <> struct convert<std::string> {
    static constexpr std::string_view expected = "string";
    static value to(const std::string& s) { return s; }
    static result<std::string> from(const value& v) {
        if (const std::string* s = v.get_if<std::string>()) {
            return *s;
        }
        return error::type_mismatch;
    }
    static result<std::string> from(value&& v) {
        if (std::string* s = v.get_if<std::string>()) {
            return std::move(*s);
        }
        return error::type_mismatch;
    }
};

template <> struct convert<std::string_view> {
    static constexpr std::string_view expected = "string";
    static value to(std::string_view s) { return s; }
};

template <> struct convert<const char*> {
    static constexpr std::string_view expected = "string";
    static value to(const char* s) { return s; }
};

template <std::size_t N> struct convert<char[N]> {
    static constexpr std::string_view expected = "string";
    static value to(const char (&s)[N]) { return std::string_view(s); }
};

/// One kind held as it is: binary, date_time, array, structure.
template <class Held> struct convert_held {
    static value to(const Held& h) { return h; }
    static result<Held> from(const value& v) {
        if (const Held* h = v.template get_if<Held>()) {
            return *h;
        }
        return error::type_mismatch;
    }
    static result<Held> from(value&& v) {
        if (Held* h = v.template get_if<Held>()) {
            return std::move(*h);
        }
        return error::type_mismatch;
    }
};
template <> struct convert<binary> : convert_held<binary> {
    static constexpr std::string_view expected = "base64";
};
template <> struct convert<date_time> : convert_held<date_time> {
    static constexpr std::string_view expected = "dateTime.iso8601";
};
template <> struct convert<array> : convert_held<array> {
    static constexpr std::string_view expected = "array";
};
template <> struct convert<structure> : convert_held<structure> {
    static constexpr std::string_view expected = "struct";
};

template <> struct convert<std::vector<std::byte>> {
    static constexpr std::string_view expected = "base64";
    static value to(const std::vector<std::byte>& bytes) {
        return binary{std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())};
    }
    static result<std::vector<std::byte>> from(const value& v) {
        const binary* b = v.get_if<binary>();
        if (b == nullptr) {
            return error::type_mismatch;
        }
        const auto* p = reinterpret_cast<const std::byte*>(b->bytes.data());
        return std::vector<std::byte>(p, p + b->bytes.size());
    }
};

template <class Duration>
struct convert<std::chrono::time_point<std::chrono::system_clock, Duration>> {
    using time_type = std::chrono::time_point<std::chrono::system_clock, Duration>;
    static constexpr std::string_view expected = "dateTime.iso8601";
    static value to(time_type t) {
        return date_time::from(std::chrono::floor<std::chrono::seconds>(t));
    }
    static result<time_type> from(const value& v) {
        const date_time* d = v.get_if<date_time>();
        if (d == nullptr) {
            return error::type_mismatch;
        }
        auto t = d->time();
        if (!t) {
            return t.error();
        }
        return std::chrono::time_point_cast<Duration>(*t);
    }
};

template <class T> struct convert<std::optional<T>> {
    static constexpr std::string_view expected = convert<T>::expected;
    static value to(const std::optional<T>& o) { return o ? to_value(*o) : value(); }
    static result<std::optional<T>> from(const value& v) {
        if (v.is_nil()) {
            return std::optional<T>();
        }
        auto inner = from_value<T>(v);
        if (!inner) {
            return inner.error();
        }
        return std::optional<T>(std::move(*inner));
    }
};

template <class T, class Alloc> struct convert<std::vector<T, Alloc>> {
    static constexpr std::string_view expected = "array";
    static value to(const std::vector<T, Alloc>& items) {
        array a;
        a.reserve(items.size());
        for (const T& item : items) {
            a.push_back(to_value(item));
        }
        return a;
    }
    static result<std::vector<T, Alloc>> from(const value& v) {
        const array* a = v.get_if<array>();
        if (a == nullptr) {
            return error::type_mismatch;
        }
        std::vector<T, Alloc> items;
        items.reserve(a->size());
        for (const value& item : *a) {
            auto converted = from_value<T>(item);
            if (!converted) {
                return converted.error();
            }
            items.push_back(std::move(*converted));
        }
        return items;
    }
};

template <class... T> struct convert<std::tuple<T...>> {
    static constexpr std::string_view expected = "array";
    static value to(const std::tuple<T...>& t) {
        return std::apply([](const T&... items) { return value(array{to_value(items)...}); }, t);
    }
    static result<std::tuple<T...>> from(const value& v) {
        const array* a = v.get_if<array>();
        if (a == nullptr || a->size() != sizeof...(T)) {
            return error::type_mismatch;
        }
        return from_items(*a, std::index_sequence_for<T...>());
    }

private:
    template <std::size_t... I>
    static result<std::tuple<T...>> from_items(const array& a, std::index_sequence<I...>) {
        std::tuple<result<T>...> items{from_value<T>(a[I])...};
        std::error_code failed;
        ((failed = failed ? failed : std::get<I>(items).error()), ...);
        if (failed) {
            return failed;
        }
        return std::tuple<T...>(std::move(*std::get<I>(items))...);
    }
};

/// A struct from a map of strings to T, and back.
template <class Map> struct convert_map {
    static constexpr std::string_view expected = "struct";
    static value to(const Map& m) {
        structure s;
        for (const auto& [name, item] : m) {
            s.set(name, to_value(item));
        }
        return s;
    }
    static result<Map> from(const value& v) {
        const structure* s = v.get_if<structure>();
        if (s == nullptr) {
            return error::type_mismatch;
        }
        Map m;
        for (const auto& [name, item] : *s) {
            auto converted = from_value<typename Map::mapped_type>(item);
            if (!converted) {
                return converted.error();
            }
            m.emplace(name, std::move(*converted));
        }
        return m;
    }
};
template <class T, class Compare, class Alloc>
struct convert<std::map<std::string, T, Compare, Alloc>>
    : convert_map<std::map<std::string, T, Compare, Alloc>> {};
template <class T, class Hash, class Equal, class Alloc>
struct convert<std::unordered_map<std::string, T, Hash, Equal, Alloc>>
    : convert_map<std::unordered_map<std::string, T, Hash, Equal, Alloc>> {};

/// A member of a user's struct: its XML-RPC name and where it is.
template <class S, class M> struct field_of {
    std::string_view name;
    M S::*member;
};
template <class S, class M> constexpr field_of<S, M> field(std::string_view name, M S::*member) {
    return {name, member};
}

/// A user's struct as an XML-RPC struct, by `convert<S>::fields` (a tuple
/// of field()s): every field must be there to read one back; members the
/// type does not name are ignored.
template <class S> struct struct_fields {
    static constexpr std::string_view expected = "struct";
    static value to(const S& s) {
        structure out;
        std::apply(
            [&](const auto&... f) { (out.set(std::string(f.name), to_value(s.*(f.member))), ...); },
            convert<S>::fields);
        return out;
    }
    static result<S> from(const value& v) {
        const structure* in = v.get_if<structure>();
        if (in == nullptr) {
            return error::type_mismatch;
        }
        S s{};
        std::error_code failed;
        std::apply(
            [&](const auto&... f) {
                const auto read = [&](const auto& one) {
                    if (failed) {
                        return;
                    }
                    const value* item = in->find(one.name);
                    if (item == nullptr) {
                        failed = error::type_mismatch;
                        return;
                    }
                    using member_type = std::remove_cvref_t<decltype(s.*(one.member))>;
                    auto converted = from_value<member_type>(*item);
                    if (!converted) {
                        failed = converted.error();
                        return;
                    }
                    s.*(one.member) = std::move(*converted);
                };
                (read(f), ...);
            },
            convert<S>::fields);
        if (failed) {
            return failed;
        }
        return s;
    }
};

} // namespace netkit::xmlrpc
