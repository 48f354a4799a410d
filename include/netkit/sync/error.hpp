// The exceptions of the blocking, Python-shaped faces (sync/), as Python
// raises them: socket_error (OSError) for the network, TLS and addresses,
// timeout_error (TimeoutError) for a time limit, http_exception
// (http.client.HTTPException) for a response that breaks HTTP. code() is the
// engine's error; what() names the operation and where ("connect to
// localhost:5000: Connection refused").
//
//     try { auto s = netkit::sync::socket::connect("localhost:5000"); }
//     catch (const netkit::sync::timeout_error&) { retry(); }
//     catch (const netkit::sync::socket_error& e) { std::cerr << e.what() << '\n'; }
#pragma once

#include <system_error>

namespace netkit::sync {

/// A failed socket operation; code() is the underlying error.
class socket_error : public std::system_error {
public:
    using std::system_error::system_error;
};

/// An operation ran past its time limit (Python's TimeoutError).
class timeout_error : public socket_error {
public:
    using socket_error::socket_error;
};

/// A response that breaks HTTP (http.client's HTTPException).
class http_exception : public std::system_error {
public:
    using std::system_error::system_error;
};

} // namespace netkit::sync
