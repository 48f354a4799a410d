// XML-RPC documents both ways, as Python's xmlrpc.client.dumps and loads
// write and read them (byte for byte where Python's output is valid XML),
// and safe to point at what strangers send:
//
//     auto xml = xmlrpc::dumps_call("examples.add", {{2, 3}});   // <?xml version='1.0'?>...
//     auto doc = xmlrpc::loads(*xml);
//     doc->method_name;                                         // "examples.add"
//     doc->params;                                              // {2, 3}
//
// Reading accepts no DTD at all (a DOCTYPE is refused before expat reads
// it: no entity is expanded or fetched), refuses invalid UTF-8 and the
// characters XML 1.0 forbids, honours an encoding declaration only for
// UTF-8, ISO-8859-1 and US-ASCII, and stops at a size and a nesting limit.
// Past that it is as tolerant as Python's Unmarshaller: namespace prefixes
// on type names, unknown elements outside values, the extensions Python
// and xmlrpc-c read (nil, i1, i2, i8, biginteger, float, bigdecimal).
//
// Where netkit writes what Python does not: a string with a carriage
// return carries it as "&#13;" (Python writes it raw, and XML turns it
// into a line feed on the way); a string XML 1.0 cannot carry (control
// characters, invalid UTF-8) is refused, where Python writes XML that no
// parser reads; a method name is escaped as a string is.
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/xmlrpc/value.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::xmlrpc {

/// What a document said.
struct document {
    std::optional<std::string> method_name; ///< a call's (Python's second result)
    std::vector<value> params;              ///< a call's, or a response's (one)
    std::optional<xmlrpc::fault> fault;     ///< a response that is a fault
};

struct read_limits {
    std::size_t max_size = 64 * 1024 * 1024; ///< bytes of XML
    std::size_t max_depth = 64;              ///< arrays and structs in one another (xmlrpc-c's)
};

/// Reads a methodCall, a methodResponse or a bare <params> block. On
/// failure, `why` (if given) gets a sentence for a person: expat's message
/// with the line and column, or the element and text at fault.
result<document> loads(std::string_view xml, const read_limits& limits = {},
                       std::string* why = nullptr);

struct write_options {
    bool allow_none = false; ///< write nil (Python's allow_none); else it is an error
    bool allow_i8 = false;   ///< write ints outside 32 bits as <i8>; else it is an error
};

/// Python's dumps(params): a bare <params> block.
result<std::string> dumps(std::span<const value> params, const write_options& options = {});
/// Python's dumps(params, methodname=...): a methodCall.
result<std::string> dumps_call(std::string_view method_name, std::span<const value> params,
                               const write_options& options = {});
/// Python's dumps((result,), methodresponse=True): a methodResponse.
result<std::string> dumps_response(const value& result, const write_options& options = {});
/// Python's dumps(Fault(...)): a methodResponse holding a fault.
std::string dumps_fault(const fault& f);

} // namespace netkit::xmlrpc
