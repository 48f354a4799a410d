#include <netkit/core/escape.hpp>
#include <netkit/xmlrpc/engine/server.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/http/error.hpp>

#include "xmlrpc/engine/detail/gzip.hpp"

#include <algorithm>
#include <exception>

namespace netkit::xmlrpc {

namespace detail {

void wrong_arity(std::string_view method, std::size_t wanted, std::size_t given) {
    throw fault_error(1, "TypeError:" + std::string(method) + " takes " + std::to_string(wanted) +
                             (wanted == 1 ? " argument" : " arguments") + " but " +
                             std::to_string(given) + (given == 1 ? " was" : " were") + " given");
}

void wrong_argument(std::string_view method, std::size_t index, std::string what) {
    throw fault_error(1, "TypeError:" + std::string(method) + ": argument " +
                             std::to_string(index + 1) + ": " + what);
}

} // namespace detail

namespace {

// A name or text of the caller's, quoted back in a fault: cut short, so
// that a 1 MiB method name does not come back whole.
std::string quoted(std::string_view text) {
    constexpr std::size_t most = 200;
    return text.size() <= most ? std::string(text) : std::string(text.substr(0, most)) + "...";
}

// The fault a method's exception answers with: its own for a fault_error,
// else fault 1 naming it (Python's "%s:%s" % (type(exc), exc)).
fault fault_of(const std::exception_ptr& thrown) {
    try {
        std::rethrow_exception(thrown);
    } catch (const fault_error& e) {
        return e.fault();
    } catch (const std::exception& e) {
        return {1, std::string("Exception:") + e.what()};
    } catch (...) {
        return {1, "Exception:an exception that is no std::exception"};
    }
}

} // namespace

dispatcher::dispatcher(dispatcher_options options) : options_(std::move(options)) {}

dispatcher& dispatcher::register_method(std::string name, method_info m) {
    methods_[std::move(name)] = std::move(m);
    return *this;
}

dispatcher& dispatcher::register_instance(instance_function instance,
                                          std::vector<std::string> methods) {
    instance_ = std::move(instance);
    instance_methods_ = std::move(methods);
    return *this;
}

dispatcher& dispatcher::register_introspection_functions() {
    register_function(
        "system.listMethods", [this] { return method_names(); },
        "system.listMethods() => ['add', 'subtract', 'multiple']\n\n"
        "Returns a list of the methods supported by the server.");
    register_function(
        "system.methodHelp",
        [this](const std::string& name) {
            const method_info* m = find(name);
            return m != nullptr ? m->help : std::string();
        },
        "system.methodHelp('add') => \"Adds two integers together\"\n\n"
        "Returns a string containing documentation for the specified method.");
    register_function(
        "system.methodSignature",
        [this](const std::string& name) -> value {
            const method_info* m = find(name);
            if (m == nullptr || m->signature.empty()) {
                return "signatures not supported"; // (Python's answer for every method)
            }
            array types;
            for (const std::string& t : m->signature) {
                types.emplace_back(t);
            }
            return array{value(std::move(types))};
        },
        "system.methodSignature('add') => [['int', 'int', 'int']]\n\n"
        "Returns a list describing the signature of the method: the return type, then the "
        "argument types.");
    return *this;
}

dispatcher& dispatcher::register_multicall_functions() {
    method_info m;
    m.help = "system.multicall([{'methodName': 'add', 'params': [2, 2]}, ...]) => [[4], ...]\n\n"
             "Allows the caller to package multiple XML-RPC calls into a single request.";
    m.signature = {"array", "array"};
    m.run = [this](std::vector<value>& params) { return multicall(params); };
    methods_["system.multicall"] = std::move(m);
    return *this;
}

std::vector<std::string> dispatcher::method_names() const {
    std::vector<std::string> names = instance_methods_;
    for (const auto& [name, m] : methods_) {
        names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

const method_info* dispatcher::find(std::string_view name) const {
    const auto it = methods_.find(name);
    return it == methods_.end() ? nullptr : &it->second;
}

asio::awaitable<value> dispatcher::call(std::string method, std::vector<value> params) const {
    if (const method_info* m = find(method)) {
        auto pending = m->run(params);
        co_return co_await std::move(pending);
    }
    if (instance_) {
        auto pending = instance_(method, params);
        co_return co_await std::move(pending);
    }
    throw fault_error(1, "Exception:method \"" + quoted(method) + "\" is not supported");
}

asio::awaitable<value> dispatcher::multicall(std::vector<value>& params) const {
    array* calls = params.size() == 1 ? params[0].get_if<array>() : nullptr;
    if (calls == nullptr) {
        throw fault_error(1, "TypeError:system.multicall takes one argument, an array of calls");
    }
    array results;
    results.reserve(calls->size());
    for (value& c : *calls) { // (each call's params are moved out, not copied)
        std::optional<fault> failed;
        try {
            structure* s = c.get_if<structure>();
            value* name = s != nullptr ? s->find("methodName") : nullptr;
            value* list = s != nullptr ? s->find("params") : nullptr;
            if (name == nullptr || list == nullptr || name->get_if<std::string>() == nullptr ||
                list->get_if<array>() == nullptr) {
                throw fault_error(1, "TypeError:a multicall's call is a struct of a string "
                                     "methodName and an array of params");
            }
            if (*name->get_if<std::string>() == "system.multicall") {
                throw fault_error(1,
                                  "Exception:system.multicall may not be called from a multicall");
            }
            auto pending =
                call(std::move(*name->get_if<std::string>()), std::move(*list->get_if<array>()));
            value r = co_await std::move(pending);
            results.emplace_back(array{std::move(r)});
        } catch (...) {
            failed = fault_of(std::current_exception());
        }
        if (failed) {
            results.emplace_back(fault_struct(*failed));
        }
    }
    co_return results;
}

asio::awaitable<std::string> dispatcher::dispatch(std::string_view request) const {
    std::optional<fault> failed;
    std::string answer;
    try {
        std::string why;
        auto doc = loads(request, options_.reading, &why);
        if (!doc) {
            const bool xml = doc.error() == error::not_well_formed ||
                             doc.error() == error::doctype_refused ||
                             doc.error() == error::unsupported_encoding ||
                             doc.error() == error::too_deep || doc.error() == error::too_large;
            throw fault_error(1, std::string(xml ? "ExpatError:" : "ResponseError:") +
                                     doc.error().message() + (why.empty() ? "" : ": " + why));
        }
        if (!doc->method_name) {
            throw fault_error(1, "ResponseError:not a methodCall (no methodName)");
        }
        auto pending = call(std::move(*doc->method_name), std::move(doc->params));
        const value result = co_await std::move(pending);
        write_options writing;
        writing.allow_none = options_.allow_none;
        writing.allow_i8 = options_.allow_i8;
        auto xml = dumps_response(result, writing);
        if (!xml) {
            throw fault_error(1, "TypeError:" + xml.error().message());
        }
        answer = std::move(*xml);
    } catch (...) {
        failed = fault_of(std::current_exception());
    }
    if (failed) {
        answer = dumps_fault(*failed);
    }
    co_return answer;
}

std::string documentation_page(const dispatcher& rpc, const server_options& options) {
    std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<title>" +
                       html_escape(options.title) + "</title>\n</head>\n<body>\n<h1>" +
                       html_escape(options.server_name) + "</h1>\n<p>" +
                       html_escape(options.server_documentation) + "</p>\n<h2>Methods</h2>\n<dl>\n";
    for (const std::string& name : rpc.method_names()) {
        static const method_info unknown; // (an instance's method: no signature, no help)
        const method_info* found = rpc.find(name);
        const method_info& m = found != nullptr ? *found : unknown;
        page += "<dt id=\"" + html_escape(name) + "\"><b>" + html_escape(name) + "</b>(";
        for (std::size_t i = 1; i < m.signature.size(); ++i) {
            page += (i > 1 ? ", " : "") + html_escape(m.signature[i]);
        }
        page += ")";
        if (!m.signature.empty()) {
            page += " &rarr; " + html_escape(m.signature[0]);
        }
        page += "</dt>\n<dd><pre>" + html_escape(m.help) + "</pre></dd>\n";
    }
    page += "</dl>\n</body>\n</html>\n";
    return page;
}

http::handler handler(std::shared_ptr<const dispatcher> rpc, server_options options) {
    return [rpc = std::move(rpc), options = std::move(options)](
               http::server_request& request) -> asio::awaitable<http::server_response> {
        if (request.method() == "GET" || request.method() == "HEAD") {
            if (!options.documentation) {
                co_return http::error_response(501, "Unsupported method ('GET')");
            }
            co_return http::server_response(200, documentation_page(*rpc, options),
                                            "text/html; charset=utf-8");
        }
        if (request.method() != "POST") {
            co_return http::error_response(501, "Unsupported method ('" +
                                                    std::string(request.method()) + "')");
        }
        const auto coding = request.header("Content-Encoding");
        const bool gzipped = coding && iequals(trim(*coding), "gzip");
        if (coding && !gzipped && !iequals(trim(*coding), "identity")) {
            co_return http::error_response(501,
                                           "encoding '" + std::string(*coding) + "' not supported");
        }
        auto body = co_await request.read_body(options.max_body);
        if (!body) {
            const bool too_large = body.error() == http::error::body_too_large;
            http::server_response refused =
                http::error_response(too_large ? 413 : 400,
                                     too_large ? "Request body too large" : body.error().message());
            refused.close = true; // (what is left of the body is not read)
            co_return refused;
        }
        if (gzipped) {
            auto decoded = detail::gunzip(*body, options.max_body);
            if (!decoded) {
                const bool too_large = decoded.error() == http::error::decoded_too_large;
                co_return http::error_response(too_large ? 413 : 400,
                                               too_large ? "Request body too large (decoded)"
                                                         : "error decoding gzip content");
            }
            *body = std::move(*decoded);
        }
        auto pending = rpc->dispatch(*body);
        std::string xml = co_await std::move(pending);
        http::server_response response;
        (void)response.headers.add("Content-Type", "text/xml");
        const auto accepts = request.header("Accept-Encoding");
        if (accepts && xml.size() >= options.gzip_threshold &&
            lower_copy(*accepts).find("gzip") != std::string::npos) {
            (void)response.headers.add("Content-Encoding", "gzip");
            response.body = detail::gzip(xml);
        } else {
            response.body = std::move(xml);
        }
        co_return response;
    };
}

void mount(http::server& s, std::shared_ptr<const dispatcher> rpc, server_options options) {
    const http::handler h = handler(std::move(rpc), options);
    for (const std::string& path : options.paths) {
        s.route("POST", path, h);
        s.route("GET", path, h);
    }
}

} // namespace netkit::xmlrpc
