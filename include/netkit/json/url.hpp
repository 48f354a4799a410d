// urllib.parse's results as JSON: the one description of a split URL that
// `netkit url split`, its batch mode and the conformance tests use.
//
//     netkit::json::url_fields(netkit::url::urlsplit("http://h:8080/p?q#f")).dump()
//     // {"scheme":"http","netloc":"h:8080","path":"/p","query":"q","fragment":"f",
//     //  "username":null,"password":null,"hostname":"h","port":8080}
#pragma once

#include <netkit/json/value.hpp>
#include <netkit/url/split.hpp>

namespace netkit::json {

/// The fields of urlsplit(), in its order, with hostname and port; a port
/// Python's .port would raise ValueError for is {"error": "<its message>"}.
value url_fields(const url::split_result& r);
/// As above for urlparse(), with "params" after "path".
value url_fields(const url::parse_result& r);

} // namespace netkit::json
