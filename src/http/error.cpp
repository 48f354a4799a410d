#include <netkit/http/error.hpp>

#include <string>

namespace netkit::http {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "netkit.http"; }

    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::bad_request_line: return "malformed request line";
        case error::bad_method: return "invalid method";
        case error::bad_target: return "invalid character in request-target";
        case error::bad_version: return "malformed HTTP version";
        case error::bad_status_line: return "malformed status line";
        case error::bare_cr: return "CR not followed by LF";
        case error::bare_lf: return "line ended by LF without CR";
        case error::nul_in_head: return "NUL byte in the message head";
        case error::obs_fold:
            return "obsolete line folding (a field line starting with whitespace)";
        case error::space_before_colon: return "whitespace between field name and colon";
        case error::bad_field_name: return "invalid field name";
        case error::bad_field_value: return "invalid character in field value";
        case error::bad_content_length: return "invalid Content-Length";
        case error::te_and_content_length: return "both Transfer-Encoding and Content-Length";
        case error::bad_transfer_encoding:
            return "invalid Transfer-Encoding (chunked must be the last coding, once)";
        case error::te_in_http10: return "Transfer-Encoding in an HTTP/1.0 request";
        case error::bad_chunk: return "malformed chunk";
        case error::chunk_size_overflow: return "chunk size too large";
        case error::body_too_large: return "body larger than the limit";
        case error::request_line_too_long: return "request line longer than the limit";
        case error::header_too_large: return "header section larger than the limit";
        case error::too_many_fields: return "more header fields than the limit";
        case error::unknown_transfer_coding:
            return "unsupported transfer coding (only chunked is decoded)";
        case error::version_not_supported: return "HTTP version not supported";
        case error::unknown_content_coding: return "unsupported content coding";
        case error::bad_content_coding: return "corrupt compressed content";
        case error::truncated_content: return "compressed content ends early";
        case error::decoded_too_large: return "decoded content larger than the limit";
        case error::data_after_close: return "data after a message that closes the connection";
        case error::unexpected_eof: return "connection closed inside a message";
        case error::unsupported_url: return "not an http:// or https:// URL with a host";
        case error::too_many_redirects: return "too many redirects";
        case error::redirect_loop: return "redirect loop";
        case error::bad_redirect: return "redirect without a usable Location";
        case error::proxy_refused: return "the proxy refused the tunnel";
        case error::bad_proxy: return "proxy setting is not http://host:port";
        case error::stream_reset: return "HTTP/2 stream reset by the peer";
        }
        return "unknown HTTP error";
    }

    std::error_condition default_error_condition(int value) const noexcept override {
        switch (static_cast<error>(value)) {
        case error::body_too_large:
        case error::decoded_too_large:
        case error::request_line_too_long:
        case error::header_too_large:
        case error::too_many_fields: return condition::limit_exceeded;
        default: return condition::protocol_violation;
        }
    }
};

} // namespace

const std::error_category& error_category() noexcept {
    static const category_impl instance;
    return instance;
}

int status_for(error e) noexcept {
    switch (e) {
    case error::body_too_large:
    case error::decoded_too_large: return 413;
    case error::unknown_content_coding: return 415;
    case error::request_line_too_long: return 414;
    case error::header_too_large:
    case error::too_many_fields: return 431;
    case error::unknown_transfer_coding: return 501;
    case error::version_not_supported: return 505;
    default: return 400;
    }
}

} // namespace netkit::http
