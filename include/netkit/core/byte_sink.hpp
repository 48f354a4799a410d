// byte_sink: where bytes go as they arrive, one convention for every module
// (an HTTP body, an FTP download, a decoder's output).
//
//     netkit::byte_sink to_file = [&](std::string_view piece) {
//         return std::fwrite(piece.data(), 1, piece.size(), f) == piece.size();
//     };
//
// The view is valid during the call only. Returning false stops the transfer
// where it is: an FTP download is aborted (ABOR), an HTTP response's
// connection is closed, a decoder stops; the operation then ends with
// std::errc::operation_canceled (condition::canceled).
#pragma once

#include <functional>
#include <string_view>

namespace netkit {

using byte_sink = std::function<bool(std::string_view)>;

} // namespace netkit
