// Sec-WebSocket-Extensions values (RFC 6455 §9.1): a list of extensions,
// each a name and parameters, read into views and owned strings.
//
//     auto list = ws::parse_extensions("permessage-deflate; client_max_window_bits, x");
//     list->at(0).name == "permessage-deflate"; list->at(0).params[0].name ==
//     "client_max_window_bits"
#pragma once

#include <netkit/core/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netkit::ws {

struct extension_param {
    std::string name;
    std::optional<std::string> value; ///< a token, or a quoted string's content
};

struct extension {
    std::string name;
    std::vector<extension_param> params;
};

/// error::bad_extension_offer when the value is not a list of
/// `token *( ";" token [ "=" ( token / quoted-string ) ] )`.
result<std::vector<extension>> parse_extensions(std::string_view value);

} // namespace netkit::ws
