// A whole body in gzip and back, with a cap on what decoding may make (the
// client's answers and the server's requests both come from strangers).
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/http/coding.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace netkit::xmlrpc::detail {

inline std::string gzip(std::string_view text) {
    std::string out;
    http::gzip_encoder encoder;
    const auto sink = [&](std::string_view piece) {
        out.append(piece);
        return true;
    };
    encoder.write(text, sink);
    encoder.finish(sink);
    return out;
}

/// http::error::decoded_too_large past `max_size` bytes.
inline result<std::string> gunzip(std::string_view coded, std::size_t max_size) {
    auto decoder = http::decoder::create(http::coding::gzip, max_size);
    if (!decoder) {
        return decoder.error();
    }
    std::string out;
    const auto sink = [&](std::string_view piece) {
        out.append(piece);
        return true;
    };
    if (auto written = (*decoder)->write(coded, sink); !written) {
        return written.error();
    }
    if (auto finished = (*decoder)->finish(sink); !finished) {
        return finished.error();
    }
    return out;
}

} // namespace netkit::xmlrpc::detail
