// result<T>: a value or the std::error_code that says why there is none.
//
// Below the blocking facade netkit reports failures as values, not exceptions:
//
//     netkit::result<int> parse_port(std::string_view s);
//     auto port = parse_port("8080");
//     if (!port) { std::cerr << port.error().message() << '\n'; return 1; }
//     use(*port);
//
// One rule for both kinds: a result that is not a value always holds a
// non-zero error code. An empty ("success") std::error_code is no error:
// result<void> built from one is a success, and result<T>, which has no value
// to show, holds core_error::unreported instead (a bug in whoever failed
// without a reason, but never an error whose message is "Success").
// value() throws std::system_error for callers that prefer exceptions. The member names are a
// subset of std::expected's so that a C++23 move can make this an alias.
#pragma once

#include <netkit/core/error.hpp>

#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace netkit {

template <class T> class [[nodiscard]] result {
public:
    using value_type = T;

    // Two overloads rather than one by value: a by-value parameter would move
    // a large T twice on its way in.
    result(const T& value) : storage_(std::in_place_index<0>, value) {}
    result(T&& value) : storage_(std::in_place_index<0>, std::move(value)) {}
    result(std::error_code error)
        : storage_(std::in_place_index<1>,
                   error ? error : make_error_code(core_error::unreported)) {}
    template <class E>
    requires std::is_error_code_enum_v<E> result(E error) : result(make_error_code(error)) {}

    bool has_value() const noexcept { return storage_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T& operator*() & { return std::get<0>(storage_); }
    const T& operator*() const& { return std::get<0>(storage_); }
    T&& operator*() && { return std::get<0>(std::move(storage_)); }
    T* operator->() { return &std::get<0>(storage_); }
    const T* operator->() const { return &std::get<0>(storage_); }

    T& value() & { return check(), **this; }
    const T& value() const& { return check(), **this; }
    T&& value() && { return check(), std::move(**this); }

    /// The error; a default (success) code when the result holds a value.
    std::error_code error() const noexcept {
        return has_value() ? std::error_code{} : std::get<1>(storage_);
    }

private:
    void check() const {
        if (!has_value()) {
            throw std::system_error(std::get<1>(storage_));
        }
    }

    std::variant<T, std::error_code> storage_;
};

template <> class [[nodiscard]] result<void> {
public:
    using value_type = void;

    result() = default;
    result(std::error_code error) : error_(error) {}
    template <class E>
    requires std::is_error_code_enum_v<E> result(E error) : result(make_error_code(error)) {}

    bool has_value() const noexcept { return !error_; }
    explicit operator bool() const noexcept { return has_value(); }
    void value() const {
        if (error_) {
            throw std::system_error(error_);
        }
    }
    std::error_code error() const noexcept { return error_; }

private:
    std::error_code error_;
};

} // namespace netkit
