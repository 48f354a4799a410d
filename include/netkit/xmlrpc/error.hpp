// Errors of the XML-RPC codec, client and server (netkit::xmlrpc).
//
// Reading says what was wrong with a document (its XML, or what it says as
// XML-RPC); writing says which value cannot be written; converting a value
// to a C++ type says what was there instead. A fault a server answers with
// is not an error of the codec: it is a document that holds a fault.
#pragma once

#include <netkit/core/error.hpp>

#include <system_error>

namespace netkit::xmlrpc {

enum class error {
    // Reading (Python raises ExpatError, ResponseError, TypeError, ValueError)
    not_well_formed = 1,  ///< not XML, or XML 1.0 forbids it (expat's message says where)
    doctype_refused,      ///< a DOCTYPE: no DTDs, so no entities to expand or fetch
    unsupported_encoding, ///< an encoding other than UTF-8, ISO-8859-1 or US-ASCII
    too_large,            ///< the document passes the size limit
    too_deep,             ///< arrays and structs nested past the limit
    unknown_tag,          ///< a <value> holding an element that is no XML-RPC type
    bad_boolean,          ///< a <boolean> other than 0 or 1
    bad_integer,          ///< an integer element that is not a whole number
    integer_out_of_range, ///< a whole number outside 64 bits
    bad_double,           ///< a <double> that is not a number
    bad_base64,           ///< <base64> text that does not decode
    bad_struct,           ///< a <member> without exactly a name and a value
    bad_fault,            ///< a <fault> without an int faultCode and a string faultString
    not_xmlrpc,           ///< no <params>, <fault> or <methodName>, or an unclosed array or struct
    // Writing (Python raises OverflowError, TypeError)
    int_exceeds_limits, ///< an int outside 32 bits, where i8 is not allowed
    nil_not_allowed,    ///< nil, where allow_none is off
    unwritable_string,  ///< a string that is not UTF-8 or holds a character XML 1.0 cannot carry
    // Converting to C++ types
    type_mismatch, ///< the value is of another XML-RPC type than the C++ type needs
    out_of_range,  ///< a number that does not fit the C++ type
    bad_date_time, ///< a dateTime.iso8601 that is not YYYYMMDDTHH:MM:SS
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

} // namespace netkit::xmlrpc

template <> struct std::is_error_code_enum<netkit::xmlrpc::error> : std::true_type {};
