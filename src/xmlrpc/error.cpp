#include <netkit/xmlrpc/error.hpp>

#include <string>

namespace netkit::xmlrpc {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.xmlrpc"; }

    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::not_well_formed: return "the XML is not well-formed";
        case error::doctype_refused:
            return "a DOCTYPE is not accepted (no DTDs: no entities are expanded or fetched)";
        case error::unsupported_encoding:
            return "the XML's encoding is not UTF-8, ISO-8859-1 or US-ASCII";
        case error::too_large: return "the XML-RPC document is larger than the limit";
        case error::too_deep: return "arrays and structs are nested deeper than the limit";
        case error::unknown_tag: return "a <value> holds an element that is no XML-RPC type";
        case error::bad_boolean: return "bad boolean value (not 0 or 1)";
        case error::bad_integer: return "an integer value is not a whole number";
        case error::integer_out_of_range: return "an integer value does not fit in 64 bits";
        case error::bad_double: return "a double value is not a number";
        case error::bad_base64: return "a base64 value does not decode";
        case error::bad_struct: return "a struct member without exactly one name and one value";
        case error::bad_fault: return "a fault without an int faultCode and a string faultString";
        case error::not_xmlrpc:
            return "not an XML-RPC call or response (no params, fault or methodName, or an "
                   "unclosed array or struct)";
        case error::int_exceeds_limits: return "int exceeds XML-RPC limits";
        case error::nil_not_allowed: return "cannot marshal None unless allow_none is enabled";
        case error::unwritable_string:
            return "a string is not UTF-8 or holds a character XML 1.0 cannot carry";
        case error::type_mismatch: return "the XML-RPC value is not of the type asked for";
        case error::out_of_range: return "the XML-RPC number does not fit the type asked for";
        case error::bad_date_time: return "a dateTime.iso8601 value is not YYYYMMDDTHH:MM:SS";
        }
        return "unknown XML-RPC error";
    }

    std::error_condition default_error_condition(int value) const noexcept override {
        switch (static_cast<error>(value)) {
        case error::too_large:
        case error::too_deep: return condition::limit_exceeded;
        case error::int_exceeds_limits:
        case error::nil_not_allowed:
        case error::unwritable_string:
        case error::type_mismatch:
        case error::out_of_range:
        case error::bad_date_time: return condition::bad_input;
        default: return condition::protocol_violation;
        }
    }
};

} // namespace

const std::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

} // namespace netkit::xmlrpc
