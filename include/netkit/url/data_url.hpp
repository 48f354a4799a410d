// data: URLs (RFC 2397) as urllib's DataHandler reads them: the media type
// before the first ',', ";base64" at its end (lower case, as Python looks
// for it) decoding the data, everything after the ',' percent-decoded
// first (a fragment included, as Python keeps it), and
// "text/plain;charset=US-ASCII" when no media type is given.
//
//     auto d = netkit::url::parse_data_url("data:text/plain;base64,SGk=");
//     d->media_type;   // "text/plain"
//     d->data;         // "Hi"
#pragma once

#include <netkit/core/result.hpp>

#include <string>
#include <string_view>

namespace netkit::url {

struct data_url {
    std::string media_type; ///< Python's Content-type for it
    std::string data;       ///< the bytes
};

/// The bytes and media type of a data: URL; an error for one without ','
/// (url::error::data_url_without_comma) or with base64 that does not decode.
result<data_url> parse_data_url(std::string_view url);

} // namespace netkit::url
