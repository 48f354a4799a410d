// Errors of the HTTP/1.1 codec. Each rejection of a message carries the
// status a server should answer with (400, 413, 414, 431, 501, 505) and a
// short reason, from status_for() and the code's message().
#pragma once

#include <netkit/core/error.hpp>

#include <system_error>

namespace netkit::http {

enum class error {
    // 400 Bad Request: the message breaks RFC 9112's grammar
    bad_request_line = 1,  ///< not "method SP request-target SP HTTP-version CRLF"
    bad_method,            ///< the method is not a token
    bad_target,            ///< the request-target holds whitespace, controls or non-ASCII
    bad_version,           ///< not "HTTP/" DIGIT "." DIGIT
    bad_status_line,       ///< not "HTTP-version SP 3DIGIT SP reason-phrase CRLF"
    bare_cr,               ///< a CR not followed by LF (RFC 9112 §2.2)
    bare_lf,               ///< a line ended by LF alone
    nul_in_head,           ///< a NUL byte in the request line or a field
    obs_fold,              ///< a field line starting with whitespace (RFC 9112 §5.2)
    space_before_colon,    ///< whitespace between a field name and its colon (RFC 9112 §5.1)
    bad_field_name,        ///< a field name that is not a token
    bad_field_value,       ///< a control character in a field value (RFC 9110 §5.5)
    bad_content_length,    ///< not digits, overflowing, or differing duplicates (RFC 9110 §8.6)
    te_and_content_length, ///< a request with both (RFC 9112 §6.1: smuggling)
    bad_transfer_encoding, ///< not a list of codings, or chunked twice or not last
    te_in_http10,          ///< Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)
    bad_chunk,             ///< a malformed chunk size line, extension or delimiter
    chunk_size_overflow,   ///< a chunk size beyond 2^64 - 1
    // 413 Content Too Large
    body_too_large, ///< over the configured body limit
    // 414 URI Too Long
    request_line_too_long, ///< the request line exceeds its limit
    // 431 Request Header Fields Too Large
    header_too_large, ///< the header section exceeds its limit
    too_many_fields,  ///< more fields than the limit
    // 501 Not Implemented
    unknown_transfer_coding, ///< a transfer coding other than chunked, gzip, deflate, compress
    // 505 HTTP Version Not Supported
    version_not_supported, ///< a major version other than 1
    data_after_close,      ///< bytes after a message that ended the connection
    // content codings
    unknown_content_coding, ///< a Content-Encoding this codec cannot undo
    bad_content_coding,     ///< the compressed data is corrupt
    truncated_content,      ///< the compressed data ended early
    decoded_too_large,      ///< decoding would pass the caller's cap (a decompression bomb)
    // not errors of the message itself
    unexpected_eof, ///< the stream ended inside a message
    // the client's
    unsupported_url,    ///< not an http:// or https:// URL with a host
    too_many_redirects, ///< more redirects than the client follows
    redirect_loop,      ///< a redirect back to a URL already visited
    bad_redirect,       ///< a redirect without a usable Location
    proxy_refused,      ///< the proxy did not open a tunnel (CONNECT was not answered 2xx)
    bad_proxy,          ///< a proxy setting that is not http://host:port
    // HTTP/2
    stream_reset, ///< the peer reset the stream (RST_STREAM), or the connection ended under it
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// The status a server answers a message rejected with `e`.
int status_for(error e) noexcept;

} // namespace netkit::http

template <> struct std::is_error_code_enum<netkit::http::error> : std::true_type {};
