// Where a server_request's body and its client's address come from: the
// HTTP/1.1 connection it arrived on, or its HTTP/2 stream. Handlers see
// neither: the same handler answers both protocols.
#pragma once

#include <netkit/core/result.hpp>

#include <asio/awaitable.hpp>

#include <string_view>

namespace netkit::http::detail {

class request_source {
public:
    virtual bool request_has_body() const noexcept = 0;
    /// "127.0.0.1:53412", found when first asked for.
    virtual std::string_view remote_address() = 0;
    /// The next bytes of the body; an empty view once it has ended. The
    /// view is valid until the next call.
    virtual asio::awaitable<result<std::string_view>> read_body_some() = 0;

protected:
    ~request_source() = default;
};

} // namespace netkit::http::detail
