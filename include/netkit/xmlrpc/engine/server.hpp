// The XML-RPC server: Python's SimpleXMLRPCServer on netkit's HTTP server,
// so that one process can serve files and XML-RPC together.
//
//     auto rpc = std::make_shared<netkit::xmlrpc::dispatcher>();
//     rpc->register_function("pow", [](double x, double y) { return std::pow(x, y); });
//     rpc->register_function("add", [](int x, int y) { return x + y; }, "Adds two numbers.");
//     rpc->register_introspection_functions();
//     rpc->register_multicall_functions();
//     netkit::http::server s;
//     netkit::xmlrpc::mount(s, rpc);            // POST / and /RPC2; GET: the documentation
//     s.listen(netkit::net::parse_endpoint("127.0.0.1:8000").value()).value();
//     s.run();
//
// Any C++ callable whose argument and return types convert (convert.hpp)
// becomes a method; one returning asio::awaitable<T> may wait. Wrong
// arity or types are a fault that says which argument and what was
// expected; a method that throws fault_error answers with that fault, one
// that throws anything else with fault 1, and the server goes on. As
// Python's _marshaled_dispatch, every failure to read or run a call is a
// fault in a 200 answer; what HTTP refuses (size, coding, path, method) is
// a 4xx or 5xx.
#pragma once

#include <netkit/http/engine/server.hpp>
#include <netkit/xmlrpc/codec.hpp>
#include <netkit/xmlrpc/convert.hpp>
#include <netkit/xmlrpc/fault_error.hpp>

#include <asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace netkit::xmlrpc {

namespace detail {

// What a callable takes and gives.
template <class F> struct callable : callable<decltype(&F::operator())> {};
template <class R, class... A> struct callable<R (*)(A...)> {
    using returns = R;
    using arguments = std::tuple<std::remove_cvref_t<A>...>;
    /// It takes the call's params as they come: one `std::vector<value>&`
    /// (not const: `const array&` is one argument, an array).
    static constexpr bool takes_params = std::is_same_v<std::tuple<A...>, std::tuple<array&>>;
};
template <class R, class... A> struct callable<R (*)(A...) noexcept> : callable<R (*)(A...)> {};
template <class C, class R, class... A> struct callable<R (C::*)(A...)> : callable<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable<R (C::*)(A...) const> : callable<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable<R (C::*)(A...) noexcept> : callable<R (*)(A...)> {};
template <class C, class R, class... A>
struct callable<R (C::*)(A...) const noexcept> : callable<R (*)(A...)> {};

template <class T> struct awaited {
    using type = T;
    static constexpr bool is_awaitable = false;
};
template <class T> struct awaited<asio::awaitable<T>> {
    using type = T;
    static constexpr bool is_awaitable = true;
};

template <class T> std::string expected_name() {
    if constexpr (std::is_void_v<T>) {
        return "nil";
    } else {
        return std::string(convert<T>::expected);
    }
}

// fault_error(1, "TypeError:...") for a call whose arguments do not fit.
[[noreturn]] void wrong_arity(std::string_view method, std::size_t wanted, std::size_t given);
[[noreturn]] void wrong_argument(std::string_view method, std::size_t index, std::string what);

// (The call's params are its own: each is moved into its argument.)
template <class T> T argument(std::string_view method, std::size_t index, value& v) {
    auto converted = from_value<T>(std::move(v));
    if (!converted) {
        wrong_argument(method, index,
                       converted.error() == error::type_mismatch ? mismatch<T>(v)
                                                                 : converted.error().message());
    }
    return std::move(*converted);
}

} // namespace detail

/// A method as the dispatcher runs it: the call's params in, the result out
/// (or a fault_error thrown).
using method_function = std::function<asio::awaitable<value>(std::vector<value>&)>;

struct method_info {
    method_function run;
    std::string help; ///< system.methodHelp
    /// system.methodSignature: {return type, argument types...}, XML-RPC's
    /// names; empty when not known (a method that takes the params as they come).
    std::vector<std::string> signature;
};

struct dispatcher_options {
    bool allow_none = false; ///< answer nil (a method returning void answers nil)
    bool allow_i8 = false;   ///< answer ints beyond 32 bits as <i8>
    read_limits reading{};   ///< of a call
};

class dispatcher {
public:
    explicit dispatcher(dispatcher_options options = {});
    // (Not copied: the system.* methods refer to the dispatcher they are in.)
    dispatcher(const dispatcher&) = delete;
    dispatcher& operator=(const dispatcher&) = delete;

    /// `f` as method `name`: its arguments converted from the call's params
    /// (their number checked), its result to the answer. A callable taking
    /// `std::vector<value>&` alone (not const) gets the params as they come.
    template <class F> dispatcher& register_function(std::string name, F f, std::string help = {}) {
        methods_[name] = make_method(name, std::move(f), std::move(help));
        return *this;
    }
    dispatcher& register_method(std::string name, method_info m);
    /// Python's register_instance: `instance(method, params)` runs every
    /// call no registered function takes (an instance's _dispatch), and
    /// `methods` are the names it answers (its _listMethods). C++ has no
    /// attributes to walk, so there is no allow_dotted_names hole to open:
    /// a dotted name reaches the instance whole, and it decides.
    using instance_function =
        std::function<asio::awaitable<value>(std::string_view, std::vector<value>&)>;
    dispatcher& register_instance(instance_function instance,
                                  std::vector<std::string> methods = {});
    /// system.listMethods, system.methodHelp, system.methodSignature.
    dispatcher& register_introspection_functions();
    /// system.multicall (calls in it may not be multicalls themselves).
    dispatcher& register_multicall_functions();

    /// The registered names and the instance's, sorted (system.listMethods).
    std::vector<std::string> method_names() const;
    const method_info* find(std::string_view name) const;
    const dispatcher_options& options() const noexcept { return options_; }

    /// Runs `method`; a fault_error when it fails.
    asio::awaitable<value> call(std::string method, std::vector<value> params) const;
    /// The answer to a call's XML: a methodResponse, or a fault for any
    /// failure (Python's _marshaled_dispatch).
    asio::awaitable<std::string> dispatch(std::string_view request) const;

private:
    template <class F> static method_info make_method(std::string name, F f, std::string help) {
        using traits = detail::callable<std::decay_t<F>>;
        using arguments = typename traits::arguments;
        using awaited = detail::awaited<typename traits::returns>;
        method_info m;
        m.help = std::move(help);
        if constexpr (traits::takes_params) {
            m.run = [f = std::move(f)](std::vector<value>& params) -> asio::awaitable<value> {
                return run_raw<awaited>(f, params);
            };
        } else {
            m.signature = signature_of<typename awaited::type>(
                std::make_index_sequence<std::tuple_size_v<arguments>>(), arguments{});
            m.run = [f = std::move(f), name](std::vector<value>& params) -> asio::awaitable<value> {
                return run_typed<awaited, arguments>(
                    f, name, params, std::make_index_sequence<std::tuple_size_v<arguments>>());
            };
        }
        return m;
    }

    // (None when a type is any value: introspection has no name for it.)
    template <class R, std::size_t... I, class... A>
    static std::vector<std::string> signature_of(std::index_sequence<I...>,
                                                 const std::tuple<A...>&) {
        if constexpr (std::is_same_v<R, value> || (std::is_same_v<A, value> || ...)) {
            return {};
        } else {
            return {detail::expected_name<R>(), detail::expected_name<A>()...};
        }
    }

    template <class Awaited, class F>
    static asio::awaitable<value> run_raw(const F& f, std::vector<value>& params) {
        if constexpr (Awaited::is_awaitable) {
            auto pending = f(params);
            // (Named, not passed straight on: g++ 12 mishandles temporaries
            // in a co_await's full expression.)
            auto r = co_await std::move(pending);
            co_return to_result(std::move(r));
        } else {
            co_return to_result(f(params));
        }
    }

    template <class Awaited, class Arguments, class F, std::size_t... I>
    static asio::awaitable<value> run_typed(const F& f, const std::string& name,
                                            std::vector<value>& params, std::index_sequence<I...>) {
        if (params.size() != sizeof...(I)) {
            detail::wrong_arity(name, sizeof...(I), params.size());
        }
        Arguments args{detail::argument<std::tuple_element_t<I, Arguments>>(name, I, params[I])...};
        using result_type = typename Awaited::type;
        if constexpr (Awaited::is_awaitable) {
            auto pending = std::apply(f, std::move(args));
            if constexpr (std::is_void_v<result_type>) {
                co_await std::move(pending);
                co_return value();
            } else {
                auto r = co_await std::move(pending);
                co_return to_result(std::move(r));
            }
        } else if constexpr (std::is_void_v<result_type>) {
            std::apply(f, std::move(args));
            co_return value();
        } else {
            co_return to_result(std::apply(f, std::move(args)));
        }
    }

    template <class T> static value to_result(T&& r) {
        if constexpr (std::is_void_v<std::remove_cvref_t<T>>) {
            return value();
        } else {
            return to_value(std::remove_cvref_t<T>(std::forward<T>(r)));
        }
    }

    asio::awaitable<value> multicall(std::vector<value>& params) const;

    dispatcher_options options_;
    std::map<std::string, method_info, std::less<>> methods_;
    instance_function instance_;
    std::vector<std::string> instance_methods_;
};

struct server_options {
    /// Python's rpc_paths: POSTs elsewhere get 404.
    std::vector<std::string> paths{"/", "/RPC2"};
    /// A call's body, before and after gzip: past it, 413.
    std::size_t max_body = 16 * 1024 * 1024;
    /// Answers of this many bytes or more go in gzip when the client
    /// accepts it (Python's encode_threshold).
    std::size_t gzip_threshold = 1400;
    /// GET on a path: a page listing the methods, their signatures and
    /// help (Python's DocXMLRPCServer); off: 501 as SimpleXMLRPCServer.
    bool documentation = true;
    std::string title = "XML-RPC Server Documentation";
    std::string server_name = "XML-RPC Server";
    std::string server_documentation = "This server exports the following methods:";
};

/// The HTTP handler for the paths: POST runs a call, GET the documentation.
http::handler handler(std::shared_ptr<const dispatcher> rpc, server_options options = {});
/// Routes `options.paths` on `s` to handler().
void mount(http::server& s, std::shared_ptr<const dispatcher> rpc, server_options options = {});

/// The documentation page (HTML, every name and text escaped).
std::string documentation_page(const dispatcher& rpc, const server_options& options);

} // namespace netkit::xmlrpc
