// netkit::xmlrpc::loads on any bytes (what a stranger POSTs to the server):
// no crash, and what it reads writes out as XML that reads back the same
// (dumps(loads(x)) is stable).
#include <netkit/xmlrpc/codec.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

namespace xmlrpc = netkit::xmlrpc;

// Equality, with a NaN equal to itself.
bool same(const xmlrpc::value& a, const xmlrpc::value& b) {
    if (a.kind() != b.kind()) {
        return false;
    }
    if (const double* x = a.get_if<double>()) {
        const double y = *b.get_if<double>();
        return (std::isnan(*x) && std::isnan(y)) || *x == y;
    }
    if (const auto* x = a.get_if<xmlrpc::array>()) {
        const auto& y = *b.get_if<xmlrpc::array>();
        if (x->size() != y.size()) {
            return false;
        }
        for (std::size_t i = 0; i < x->size(); ++i) {
            if (!same((*x)[i], y[i])) {
                return false;
            }
        }
        return true;
    }
    if (const auto* x = a.get_if<xmlrpc::structure>()) {
        const auto& y = *b.get_if<xmlrpc::structure>();
        if (x->size() != y.size()) {
            return false;
        }
        for (const auto& [name, item] : *x) {
            const xmlrpc::value* other = y.find(name);
            if (other == nullptr || !same(item, *other)) {
                return false;
            }
        }
        return true;
    }
    return a == b;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    xmlrpc::read_limits limits;
    limits.max_size = 1 << 20;
    const auto doc = xmlrpc::loads(input, limits);
    if (!doc) {
        return 0;
    }
    std::string xml;
    if (doc->fault) {
        xml = xmlrpc::dumps_fault(*doc->fault);
    } else {
        xmlrpc::write_options options;
        options.allow_none = true;
        options.allow_i8 = true;
        auto written = doc->method_name
                           ? xmlrpc::dumps_call(*doc->method_name, doc->params, options)
                           : xmlrpc::dumps(doc->params, options);
        if (!written) {
            std::abort(); // what was read can be written
        }
        xml = std::move(*written);
    }
    const auto again = xmlrpc::loads(xml, limits);
    if (!again || again->method_name != doc->method_name || again->fault != doc->fault ||
        again->params.size() != doc->params.size()) {
        std::abort();
    }
    for (std::size_t i = 0; i < doc->params.size(); ++i) {
        if (!same(again->params[i], doc->params[i])) {
            std::abort();
        }
    }
    return 0;
}
