// What urlopen and urlretrieve share: urllib's errors.
#pragma once

#include <netkit/sync/error.hpp>
#include <netkit/sync/url_error.hpp>

namespace netkit::sync::detail {

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
