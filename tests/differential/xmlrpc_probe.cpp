// The XML-RPC differential test's probe: each line of stdin a JSON request,
// each line of stdout the answer, as test_xmlrpc_differential.py's CPython
// side gives it.
//   {"loads": BASE64 OF XML}  ->  {"params": [V...], "method": NAME or null}
//                       | {"fault": [CODE, STRING]} | {"error": FAMILY}
//   {"dumps": [V...], "method": NAME or null, "response": BOOL, "allow_none": BOOL}
//                   ->  {"xml": XML} | {"error": FAMILY}
// V: ["nil"], ["bool", B], ["int", "DIGITS"], ["double", "IEEE BITS IN HEX" or "nan"],
// ["string", S], ["datetime", TEXT], ["base64", BASE64], ["array", [V...]],
// ["struct", [[NAME, V]...]]. FAMILY: Python's exception for the case ("xml"
// for ExpatError, "response" for ResponseError, "type", "value", "overflow").
#include <netkit/core/base64.hpp>
#include <netkit/json/value.hpp>
#include <netkit/xmlrpc/codec.hpp>
#include <netkit/xmlrpc/error.hpp>

#include <bit>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <string>

namespace json = netkit::json;
namespace xmlrpc = netkit::xmlrpc;

namespace {

json::value canonical(const xmlrpc::value& v) {
    switch (v.kind()) {
    case xmlrpc::value::type::nil: return json::array{"nil"};
    case xmlrpc::value::type::boolean: return json::array{"bool", *v.get_if<bool>()};
    case xmlrpc::value::type::integer:
        return json::array{"int", std::to_string(*v.get_if<std::int64_t>())};
    case xmlrpc::value::type::floating: {
        const double d = *v.get_if<double>();
        char bits[17];
        std::snprintf(bits, sizeof bits, "%016llx",
                      static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(d)));
        return json::array{"double", std::isnan(d) ? std::string("nan") : std::string(bits)};
    }
    case xmlrpc::value::type::string: return json::array{"string", *v.get_if<std::string>()};
    case xmlrpc::value::type::date_time:
        return json::array{"datetime", v.get_if<xmlrpc::date_time>()->text};
    case xmlrpc::value::type::binary:
        return json::array{"base64", netkit::base64_encode(v.get_if<xmlrpc::binary>()->bytes)};
    case xmlrpc::value::type::array: {
        json::array items;
        for (const auto& item : *v.get_if<xmlrpc::array>()) {
            items.push_back(canonical(item));
        }
        return json::array{"array", std::move(items)};
    }
    case xmlrpc::value::type::structure: {
        json::array members;
        for (const auto& [name, item] : *v.get_if<xmlrpc::structure>()) {
            members.push_back(json::array{name, canonical(item)});
        }
        return json::array{"struct", std::move(members)};
    }
    }
    return nullptr;
}

xmlrpc::value from_canonical(const json::value& j) {
    const auto& a = j.as_array();
    const std::string& kind = a[0].as_string();
    if (kind == "nil") {
        return {};
    }
    if (kind == "bool") {
        return a[1].as_bool();
    }
    if (kind == "int") {
        return static_cast<std::int64_t>(std::stoll(a[1].as_string()));
    }
    if (kind == "double") {
        return a[1].as_string() == "nan"
                   ? std::numeric_limits<double>::quiet_NaN()
                   : std::bit_cast<double>(std::stoull(a[1].as_string(), nullptr, 16));
    }
    if (kind == "string") {
        return a[1].as_string();
    }
    if (kind == "datetime") {
        return xmlrpc::date_time{a[1].as_string()};
    }
    if (kind == "base64") {
        return xmlrpc::binary{netkit::base64_decode(a[1].as_string()).value()};
    }
    if (kind == "array") {
        xmlrpc::array items;
        for (const auto& item : a[1].as_array()) {
            items.push_back(from_canonical(item));
        }
        return items;
    }
    xmlrpc::structure s;
    for (const auto& member : a[1].as_array()) {
        s.set(member.as_array()[0].as_string(), from_canonical(member.as_array()[1]));
    }
    return s;
}

// The exception CPython raises where netkit gives this error.
std::string family(std::error_code e) {
    using xmlrpc::error;
    if (e == error::not_well_formed || e == error::doctype_refused ||
        e == error::unsupported_encoding || e == error::too_deep || e == error::too_large) {
        return "xml";
    }
    if (e == error::unknown_tag || e == error::not_xmlrpc) {
        return "response";
    }
    if (e == error::bad_boolean || e == error::bad_fault || e == error::bad_struct ||
        e == error::nil_not_allowed) {
        return "type";
    }
    if (e == error::int_exceeds_limits || e == error::integer_out_of_range) {
        return "overflow";
    }
    return "value"; // bad_integer, bad_double, bad_base64
}

json::value answer_loads(const std::string& xml) {
    auto doc = xmlrpc::loads(xml);
    if (!doc) {
        return json::object{{"error", family(doc.error())}};
    }
    if (doc->fault) {
        return json::object{{"fault", json::array{doc->fault->code, doc->fault->string}}};
    }
    json::array params;
    for (const auto& p : doc->params) {
        params.push_back(canonical(p));
    }
    return json::object{
        {"params", std::move(params)},
        {"method", doc->method_name ? json::value(*doc->method_name) : json::value(nullptr)}};
}

json::value answer_dumps(const json::value& request) {
    std::vector<xmlrpc::value> params;
    for (const auto& p : request.find("dumps")->as_array()) {
        params.push_back(from_canonical(p));
    }
    xmlrpc::write_options options;
    options.allow_none = request.find("allow_none")->as_bool();
    const json::value& method = *request.find("method");
    auto xml = !method.is_null() ? xmlrpc::dumps_call(method.as_string(), params, options)
               : request.find("response")->as_bool() ? xmlrpc::dumps_response(params.at(0), options)
                                                     : xmlrpc::dumps(params, options);
    if (!xml) {
        return json::object{{"error", family(xml.error())}};
    }
    return json::object{{"xml", *xml}};
}

} // namespace

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto request = json::parse(line);
        if (!request || !request->is_object()) {
            std::cerr << "xmlrpc_probe: not a JSON object: " << line << "\n";
            return 2;
        }
        const json::value* loads = request->find("loads");
        std::cout << (loads != nullptr
                          ? answer_loads(netkit::base64_decode(loads->as_string()).value())
                          : answer_dumps(*request))
                         .dump()
                  << "\n";
    }
}
