// XML-RPC, blocking and Python-shaped: xmlrpc.client.ServerProxy and
// xmlrpc.server.SimpleXMLRPCServer.
//
//     netkit::sync::server_proxy proxy("http://127.0.0.1:8000/");
//     int five = proxy.call<int>("add", 2, 3);
//     netkit::xmlrpc::value v = proxy.call("pow", 2, 9);     // 512.0
//     for (auto& name : proxy.list_methods()) std::cout << name << '\n';
//
//     netkit::sync::xmlrpc_server server("127.0.0.1:8000");
//     server.register_function("add", [](int x, int y) { return x + y; });
//     server.register_introspection_functions();
//     server.serve_forever();
//
// The client raises what Python raises: xmlrpc::fault_error for a fault
// (Fault), protocol_error for an HTTP status other than 200
// (ProtocolError), response_error for an answer that is not XML-RPC or not
// of the type asked for (ResponseError), std::invalid_argument for a call
// that cannot be written (nil without allow_none, an int beyond 32 bits
// without allow_i8: Python's TypeError and OverflowError), and the blocking
// faces' usual socket_error, timeout_error and http_exception for the
// connection.
#pragma once

#include <netkit/http/fields.hpp>
#include <netkit/xmlrpc/convert.hpp>
#include <netkit/xmlrpc/engine/client.hpp>
#include <netkit/xmlrpc/engine/server.hpp>
#include <netkit/xmlrpc/fault_error.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace asio {
class io_context;
}

namespace netkit::sync {

/// Python's ProtocolError: the server answered with an HTTP error.
class protocol_error : public std::runtime_error {
public:
    protocol_error(std::string url, int status, std::string reason, http::fields headers);
    const std::string& url() const noexcept { return url_; }
    int status() const noexcept { return status_; }                ///< Python's errcode
    const std::string& reason() const noexcept { return reason_; } ///< errmsg
    const http::fields& headers() const noexcept { return headers_; }

private:
    std::string url_;
    int status_;
    std::string reason_;
    http::fields headers_;
};

/// Python's ResponseError: an answer that is not XML-RPC (or, for a typed
/// call, not of the type asked for); code() says what was wrong.
class response_error : public std::system_error {
public:
    using std::system_error::system_error;
};

class server_proxy {
public:
    explicit server_proxy(std::string url, xmlrpc::client_options options = {});
    server_proxy(const server_proxy&) = delete;
    server_proxy& operator=(const server_proxy&) = delete;
    ~server_proxy();

    /// Calls `method` with the arguments (each through convert.hpp); the
    /// result as a value, or converted to R.
    template <class R = xmlrpc::value, class... A>
    R call(std::string_view method, const A&... args) {
        std::vector<xmlrpc::value> params{xmlrpc::to_value(args)...};
        xmlrpc::value result = call_with(std::string(method), std::move(params));
        if constexpr (std::is_same_v<R, xmlrpc::value>) {
            return result;
        } else {
            auto converted = xmlrpc::from_value<R>(result);
            if (!converted) {
                throw response_error(converted.error(), "the result of " + std::string(method) +
                                                            ": " + xmlrpc::mismatch<R>(result));
            }
            return std::move(*converted);
        }
    }
    xmlrpc::value call_with(std::string method, std::vector<xmlrpc::value> params);

    /// system.listMethods, system.methodHelp, system.methodSignature.
    std::vector<std::string> list_methods();
    std::string method_help(std::string_view method);
    xmlrpc::value method_signature(std::string_view method);

    /// system.multicall (Python's MultiCall): each call's result or fault,
    /// in order; a failure of the request as a whole throws.
    std::vector<xmlrpc::reply> multicall(std::vector<xmlrpc::call_spec> calls);

    const std::string& url() const noexcept;
    /// The last request and response documents, with the options'
    /// keep_documents (for a person debugging).
    const std::string& last_request() const noexcept;
    const std::string& last_response() const noexcept;

private:
    xmlrpc::reply check(result<xmlrpc::reply> r);
    std::unique_ptr<asio::io_context> io_;
    std::unique_ptr<xmlrpc::client> engine_;
};

/// Python's SimpleXMLRPCServer: a dispatcher on an HTTP server of its own.
class xmlrpc_server {
public:
    /// Listens at once on `address` ("127.0.0.1:8000", "8000", ...).
    explicit xmlrpc_server(std::string_view address, xmlrpc::dispatcher_options rpc = {},
                           xmlrpc::server_options http = {});
    ~xmlrpc_server();

    template <class F>
    xmlrpc_server& register_function(std::string name, F f, std::string help = {}) {
        dispatcher_->register_function(std::move(name), std::move(f), std::move(help));
        return *this;
    }
    xmlrpc_server& register_introspection_functions();
    xmlrpc_server& register_multicall_functions();
    xmlrpc::dispatcher& dispatcher() noexcept { return *dispatcher_; }

    std::uint16_t port() const;
    /// Serves until shutdown() (from another thread or a method).
    void serve_forever();
    void shutdown();

private:
    std::shared_ptr<xmlrpc::dispatcher> dispatcher_;
    xmlrpc::server_options options_;
    std::unique_ptr<http::server> server_;
    bool mounted_ = false;
};

} // namespace netkit::sync
