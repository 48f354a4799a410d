// netkit xmlrpc call URL METHOD [ARG...]: an XML-RPC call, its arguments
// and result as JSON; netkit xmlrpc methods URL: the server's methods, by
// introspection. A fault prints "Fault CODE: STRING" and exits 1.
//
// JSON to XML-RPC: null is nil (with --allow-none), true/false boolean, a
// whole number int (i8 past 32 bits, with --i8), another number double,
// a string string, an array array, an object struct; {"$base64": TEXT}
// and {"$datetime": "YYYYMMDDTHH:MM:SS"} are those types, and --base64 N /
// --datetime N read the N-th argument, a string, so. Results print the
// same way back (a double that JSON cannot hold as {"$double": "nan"}).
#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/core/base64.hpp>
#include <netkit/json/value.hpp>
#include <netkit/sync/error.hpp>
#include <netkit/sync/xmlrpc.hpp>
#include <netkit/xmlrpc/error.hpp>

#include <cmath>
#include <iostream>
#include <memory>
#include <set>

namespace netkit::cli {
namespace {

struct xmlrpc_options {
    std::string url;
    std::string method;
    std::vector<std::string> args;
    std::vector<std::size_t> base64_args;
    std::vector<std::size_t> datetime_args;
    bool verbose = false;
    bool allow_none = false;
    bool i8 = false;
    bool gzip = false;
    bool insecure = false;
    double timeout = 30;
    std::vector<std::string> headers;
};

// A JSON argument as an XML-RPC value; nullopt (and a message) when it
// cannot be one.
std::optional<xmlrpc::value> from_json(const json::value& j, std::string& why) {
    if (j.is_null()) {
        return xmlrpc::value();
    }
    if (j.is_bool()) {
        return xmlrpc::value(j.as_bool());
    }
    if (j.is_integer()) {
        return xmlrpc::value(j.as_integer());
    }
    if (j.is_number()) {
        return xmlrpc::value(j.as_double());
    }
    if (j.is_string()) {
        return xmlrpc::value(j.as_string());
    }
    if (j.is_array()) {
        xmlrpc::array items;
        for (const json::value& item : j.as_array()) {
            auto v = from_json(item, why);
            if (!v) {
                return std::nullopt;
            }
            items.push_back(std::move(*v));
        }
        return xmlrpc::value(std::move(items));
    }
    const json::object& o = j.as_object();
    if (o.size() == 1 && o[0].second.is_string()) {
        if (o[0].first == "$base64") {
            auto bytes = base64_decode(o[0].second.as_string());
            if (!bytes) {
                why = "{\"$base64\": ...} is not base64: " + o[0].second.as_string();
                return std::nullopt;
            }
            return xmlrpc::value(xmlrpc::binary{std::move(*bytes)});
        }
        if (o[0].first == "$datetime") {
            return xmlrpc::value(xmlrpc::date_time{o[0].second.as_string()});
        }
    }
    xmlrpc::structure s;
    for (const auto& [name, item] : o) {
        auto v = from_json(item, why);
        if (!v) {
            return std::nullopt;
        }
        s.set(name, std::move(*v));
    }
    return xmlrpc::value(std::move(s));
}

json::value to_json(const xmlrpc::value& v) {
    switch (v.kind()) {
    case xmlrpc::value::type::nil: return nullptr;
    case xmlrpc::value::type::boolean: return *v.get_if<bool>();
    case xmlrpc::value::type::integer: return *v.get_if<std::int64_t>();
    case xmlrpc::value::type::floating: {
        const double d = *v.get_if<double>();
        if (std::isfinite(d)) {
            return d;
        }
        return json::object{{"$double", std::isnan(d) ? "nan" : d < 0 ? "-inf" : "inf"}};
    }
    case xmlrpc::value::type::string: return *v.get_if<std::string>();
    case xmlrpc::value::type::date_time:
        return json::object{{"$datetime", v.get_if<xmlrpc::date_time>()->text}};
    case xmlrpc::value::type::binary:
        return json::object{{"$base64", base64_encode(v.get_if<xmlrpc::binary>()->bytes)}};
    case xmlrpc::value::type::array: {
        json::array items;
        for (const auto& item : *v.get_if<xmlrpc::array>()) {
            items.push_back(to_json(item));
        }
        return items;
    }
    case xmlrpc::value::type::structure: {
        json::object members;
        for (const auto& [name, item] : *v.get_if<xmlrpc::structure>()) {
            members.emplace_back(name, to_json(item));
        }
        return members;
    }
    }
    return nullptr;
}

xmlrpc::client_options client_options_of(const xmlrpc_options& o) {
    xmlrpc::client_options options;
    options.writing.allow_none = o.allow_none;
    options.writing.allow_i8 = o.i8;
    options.gzip_threshold = o.gzip ? 1 : 0;
    options.keep_documents = o.verbose;
    options.http.tls.verify = !o.insecure;
    const auto limit = std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
    options.http.connect_timeout = limit;
    options.http.read_timeout = limit;
    options.http.total_timeout = limit;
    for (const std::string& h : o.headers) {
        const auto colon = h.find(':');
        if (colon == std::string::npos ||
            !options.http.default_headers.add(
                h.substr(0, colon), netkit::trim(std::string_view(h).substr(colon + 1)))) {
            throw std::invalid_argument("bad header '" + h + "' (NAME: VALUE)");
        }
    }
    return options;
}

// Runs a call, printing what -v shows, the result or the fault; the exit code.
int run_call(const xmlrpc_options& o, const std::function<int(sync::server_proxy&)>& call) {
    try {
        sync::server_proxy proxy(o.url, client_options_of(o));
        // -v: the documents both ways, whether the call succeeded or not.
        const auto show_documents = [&] {
            if (o.verbose) {
                std::cerr << terminal_safe("> " + proxy.last_request(), true) << "\n";
                std::cerr << terminal_safe("< " + proxy.last_response(), true) << "\n";
            }
        };
        try {
            const int code = call(proxy);
            show_documents();
            return code;
        } catch (...) {
            show_documents();
            throw;
        }
    } catch (const xmlrpc::fault_error& f) {
        print_line(terminal_safe("Fault " + std::to_string(f.code()) + ": " + f.string(), true));
        return exit_failure;
    } catch (const sync::protocol_error& e) {
        return fail(exit_http_error, e.what());
    } catch (const sync::response_error& e) {
        return fail(exit_weird_reply, e.what());
    } catch (const sync::timeout_error& e) {
        return fail(exit_timeout, e.what());
    } catch (const sync::socket_error& e) {
        return fail(connect_exit_code(e.code()), e.what());
    } catch (const std::invalid_argument& e) {
        return fail(exit_usage, e.what());
    } catch (const std::exception& e) {
        return fail(exit_failure, e.what());
    }
}

int run_xmlrpc_call(const xmlrpc_options& o) {
    std::vector<xmlrpc::value> params;
    const std::set<std::size_t> base64(o.base64_args.begin(), o.base64_args.end());
    const std::set<std::size_t> datetime(o.datetime_args.begin(), o.datetime_args.end());
    for (std::size_t i = 0; i < o.args.size(); ++i) {
        const auto j = json::parse(o.args[i]);
        if (!j) {
            return fail(exit_usage, "argument " + std::to_string(i + 1) +
                                        " is not JSON: " + o.args[i] + " (a string is \"quoted\")");
        }
        if (base64.contains(i + 1) || datetime.contains(i + 1)) {
            if (!j->is_string()) {
                return fail(exit_usage, "argument " + std::to_string(i + 1) +
                                            " is to be base64 or a dateTime: give a JSON string");
            }
            if (datetime.contains(i + 1)) {
                params.emplace_back(xmlrpc::date_time{j->as_string()});
                continue;
            }
            auto bytes = base64_decode(j->as_string());
            if (!bytes) {
                return fail(exit_usage, "argument " + std::to_string(i + 1) + " is not base64");
            }
            params.emplace_back(xmlrpc::binary{std::move(*bytes)});
            continue;
        }
        std::string why;
        auto v = from_json(*j, why);
        if (!v) {
            return fail(exit_usage, "argument " + std::to_string(i + 1) + ": " + why);
        }
        params.push_back(std::move(*v));
    }
    return run_call(o, [&](sync::server_proxy& proxy) {
        const xmlrpc::value result = proxy.call_with(o.method, params);
        print_line(terminal_safe(to_json(result).dump(), false));
        return exit_ok;
    });
}

int run_xmlrpc_methods(const xmlrpc_options& o) {
    return run_call(o, [&](sync::server_proxy& proxy) {
        for (const std::string& name : proxy.list_methods()) {
            print_line(terminal_safe(name, false));
        }
        return exit_ok;
    });
}

void add_common(CLI::App* cmd, xmlrpc_options& o) {
    cmd->add_flag("-v,--verbose", o.verbose, "Show the XML sent and received (on stderr)");
    cmd->add_flag("-k,--insecure", o.insecure, "Do not verify the server's certificate");
    cmd->add_option("-m,--max-time", o.timeout, "Seconds the call may take (30)");
    cmd->add_option("-H,--header", o.headers, "An extra header, \"Name: value\" (repeatable)")
        ->allow_extra_args(false);
}

} // namespace

void add_xmlrpc_command(CLI::App& app, action& run) {
    auto o = std::make_shared<xmlrpc_options>();
    auto* xmlrpc = app.add_subcommand("xmlrpc", "XML-RPC calls (Python's xmlrpc.client)");
    xmlrpc->require_subcommand(1);

    auto* call = xmlrpc->add_subcommand(
        "call", "Call a method: netkit xmlrpc call URL METHOD [ARG...], each ARG JSON (42, 1.5, "
                "'\"text\"', '[1,2]', '{\"a\":1}'); the result as JSON");
    call->add_option("url", o->url,
                     "The server, http[s]://[user:password@]host[:port][/path] (/RPC2 if none)")
        ->required();
    call->add_option("method", o->method, "The method, e.g. examples.add")->required();
    // The arguments are what follows URL and METHOD, as given (a positional
    // vector would read "[1,2]" as two).
    call->allow_extras();
    call->add_option("--base64", o->base64_args, "The N-th argument (a string) is base64 data")
        ->allow_extra_args(false);
    call->add_option("--datetime", o->datetime_args,
                     "The N-th argument (a string) is a dateTime.iso8601")
        ->allow_extra_args(false);
    call->add_flag("--allow-none", o->allow_none, "Send null as <nil/>");
    call->add_flag("--i8", o->i8, "Send integers beyond 32 bits as <i8>");
    call->add_flag("--gzip", o->gzip, "Send the call in gzip (Content-Encoding: gzip)");
    add_common(call, *o);
    call->footer("Exit status: 0 with a result, 1 for a fault (printed as \"Fault CODE: "
                 "STRING\"), 22 for an HTTP error, 8 for an answer that is not XML-RPC.");
    call->callback([o, call, &run] {
        o->args = call->remaining();
        run = [o] { return run_xmlrpc_call(*o); };
    });

    auto* methods = xmlrpc->add_subcommand("methods", "List the server's methods "
                                                      "(system.listMethods)");
    methods->add_option("url", o->url, "The server")->required();
    add_common(methods, *o);
    methods->callback([o, &run] { run = [o] { return run_xmlrpc_methods(*o); }; });
}

} // namespace netkit::cli
