// Python's repr() of str and bytes: how a ported script prints what Python
// prints (a list of names, a header list, a body as b'...'), and how the
// urllib.parse messages quote their subject.
//
//     netkit::url::python_repr("it's")               // "\"it's\""
//     netkit::url::python_bytes_repr("a\r\n\xff")     // "b'a\\r\\n\\xff'"
//     netkit::url::python_latin1_repr("caf\xe9")      // "'café'"
#pragma once

#include <string>
#include <string_view>

namespace netkit::url {

/// repr() of a str given as UTF-8: 'text' ("text" when only ' occurs in it),
/// \t \n \r \\ and \xhh, \uhhhh, \Uhhhhhhhh for what str.isprintable()
/// refuses; the rest as it is.
std::string python_repr(std::string_view utf8);

/// repr() of a bytes object: b'...', with \xhh for every byte that is not
/// printable ASCII.
std::string python_bytes_repr(std::string_view bytes);

/// repr() of the str that `bytes` decode to as ISO-8859-1, as http.client
/// decodes header fields: U+0080..U+00A0 and U+00AD escaped, the other
/// letters from U+00A1 written out.
std::string python_latin1_repr(std::string_view bytes);

} // namespace netkit::url
