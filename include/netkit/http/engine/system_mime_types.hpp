// The system's media types: the built-in table (http/mime.hpp) overlaid by
// /etc/mime.types, read once, as Python's mimetypes.init() does. What the
// static files send as Content-Type.
//
//     netkit::http::system_mime_types().guess_type("index.html").type  // "text/html"
#pragma once

#include <netkit/http/mime.hpp>

namespace netkit::http {

/// Read on first use; without /etc/mime.types, the built-in table alone.
const mime_types& system_mime_types();

} // namespace netkit::http
