// What urlopen and urlretrieve share: urllib's client settings and its
// errors.
#pragma once

#include <netkit/http/engine/client.hpp>
#include <netkit/sync/error.hpp>
#include <netkit/sync/url_error.hpp>

namespace netkit::sync::detail {

/// As urllib.request's default opener: the environment's proxies, its
/// User-Agent.
inline http::client_options urllib_options() {
    http::client_options options;
    options.proxies = http::proxy_settings::from_environment();
    (void)options.default_headers.set("User-Agent", "netkit-urllib");
    return options;
}

/// Called in a catch block: no response at all (a socket_error) becomes
/// URLError; a broken response stays http.client's exception, as in
/// Python; anything else goes on as it is.
[[noreturn]] inline void rethrow_as_urllib_error() {
    try {
        throw;
    } catch (const http_exception&) {
        throw;
    } catch (const socket_error& e) {
        throw url_error(e.code(), e.what());
    }
}

} // namespace netkit::sync::detail
