#include <netkit/sync/xmlrpc.hpp>

#include <netkit/net/endpoint.hpp>
#include <netkit/xmlrpc/error.hpp>

#include "sync/detail/throw_error.hpp"

#include <asio/io_context.hpp>

#include <stdexcept>

namespace netkit::sync {

protocol_error::protocol_error(std::string url, int status, std::string reason,
                               http::fields headers)
    : std::runtime_error("<ProtocolError for " + url + ": " + std::to_string(status) + " " +
                         reason + ">"),
      url_(std::move(url)), status_(status), reason_(std::move(reason)),
      headers_(std::move(headers)) {}

server_proxy::server_proxy(std::string url, xmlrpc::client_options options)
    : io_(std::make_unique<asio::io_context>(1)),
      engine_(std::make_unique<xmlrpc::client>(std::move(url), std::move(options))) {}

server_proxy::~server_proxy() = default;

xmlrpc::reply server_proxy::check(result<xmlrpc::reply> r) {
    if (!r) {
        const std::error_code e = r.error();
        if (e == xmlrpc::error::int_exceeds_limits || e == xmlrpc::error::nil_not_allowed ||
            e == xmlrpc::error::unwritable_string) {
            // The call could not be written (Python's TypeError, OverflowError).
            throw std::invalid_argument("cannot send the call to " + engine_->url() + ": " +
                                        e.message());
        }
        if (r.error().category() == xmlrpc::error_category()) {
            throw response_error(r.error(), "the answer of " + engine_->url());
        }
        detail::throw_error(r.error(), "XML-RPC call to " + engine_->url());
    }
    if (r->status != 200) {
        throw protocol_error(engine_->url(), r->status, r->reason, r->headers);
    }
    if (r->fault) {
        throw xmlrpc::fault_error(*r->fault);
    }
    return std::move(*r);
}

xmlrpc::value server_proxy::call_with(std::string method, std::vector<xmlrpc::value> params) {
    auto answer = net::run_to_result(*io_, engine_->call(std::move(method), std::move(params)));
    return check(std::move(answer)).result;
}

std::vector<std::string> server_proxy::list_methods() {
    return call<std::vector<std::string>>("system.listMethods");
}

std::string server_proxy::method_help(std::string_view method) {
    return call<std::string>("system.methodHelp", method);
}

xmlrpc::value server_proxy::method_signature(std::string_view method) {
    return call("system.methodSignature", method);
}

std::vector<xmlrpc::reply> server_proxy::multicall(std::vector<xmlrpc::call_spec> calls) {
    auto answer = net::run_to_result(*io_, engine_->multicall(std::move(calls)));
    if (!answer) {
        check(answer.error()); // (throws)
    }
    check(std::move(answer->whole)); // (throws if the request as a whole failed)
    return std::move(answer->calls);
}

const std::string& server_proxy::url() const noexcept {
    return engine_->url();
}
const std::string& server_proxy::last_request() const noexcept {
    return engine_->last_request();
}
const std::string& server_proxy::last_response() const noexcept {
    return engine_->last_response();
}

xmlrpc_server::xmlrpc_server(std::string_view address, xmlrpc::dispatcher_options rpc,
                             xmlrpc::server_options http)
    : dispatcher_(std::make_shared<xmlrpc::dispatcher>(std::move(rpc))), options_(std::move(http)) {
    http::server_options serving;
    serving.threads = 1;
    serving.server_header = "netkit-xmlrpc";
    server_ = std::make_unique<http::server>(std::move(serving));
    auto where = net::parse_endpoint(address);
    if (!where) {
        throw std::invalid_argument("bad address '" + std::string(address) +
                                    "': " + where.error().message());
    }
    if (auto listening = server_->listen(*where); !listening) {
        detail::throw_error(listening.error(), "listen on " + std::string(address));
    }
}

xmlrpc_server::~xmlrpc_server() = default;

xmlrpc_server& xmlrpc_server::register_introspection_functions() {
    dispatcher_->register_introspection_functions();
    return *this;
}

xmlrpc_server& xmlrpc_server::register_multicall_functions() {
    dispatcher_->register_multicall_functions();
    return *this;
}

std::uint16_t xmlrpc_server::port() const {
    return server_->port();
}

void xmlrpc_server::serve_forever() {
    if (!mounted_) {
        xmlrpc::mount(*server_, dispatcher_, options_);
        mounted_ = true;
    }
    server_->run();
}

void xmlrpc_server::shutdown() {
    server_->stop();
}

} // namespace netkit::sync
