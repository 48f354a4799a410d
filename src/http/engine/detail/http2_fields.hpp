// What the server and the client both do with HTTP/2 fields: the ones the
// connection owns, which an HTTP/2 message never carries, and the field
// values nghttp2 takes.
#pragma once

#include <netkit/core/ascii.hpp>

#include <nghttp2/nghttp2.h>

#include <cstdint>
#include <string_view>

namespace netkit::http::detail {

/// Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade:
/// never in an HTTP/2 message (RFC 9113 §8.2.2).
inline bool connection_specific(std::string_view name) noexcept {
    return iequals(name, "Connection") || iequals(name, "Keep-Alive") ||
           iequals(name, "Proxy-Connection") || iequals(name, "Transfer-Encoding") ||
           iequals(name, "Upgrade");
}

/// A field for nghttp2; `flags` NGHTTP2_NV_FLAG_NO_COPY_* when its bytes
/// outlive the frame that sends them.
inline nghttp2_nv make_nv(std::string_view name, std::string_view value,
                          std::uint8_t flags = NGHTTP2_NV_FLAG_NONE) noexcept {
    return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
            reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(),
            value.size(), flags};
}

} // namespace netkit::http::detail
