// Numbers as Python's int() and float() read an XML-RPC element's text
// (what its Unmarshaller calls): blanks around, a sign, digits with single
// underscores between them, and for float() "inf", "infinity" and "nan" in
// any case; a float too large is infinite and one too small is zero, as in
// Python. (Python also takes non-ASCII digits and spaces; these do not.)
#pragma once

#include <netkit/core/result.hpp>

#include <cstdint>
#include <string_view>

namespace netkit::xmlrpc::detail {

/// int(text) for results within 64 bits: bad_integer, or
/// integer_out_of_range for a whole number beyond them.
result<std::int64_t> python_int(std::string_view text);

/// float(text): bad_double when Python would raise ValueError.
result<double> python_float(std::string_view text);

} // namespace netkit::xmlrpc::detail
