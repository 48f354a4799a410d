// An incremental HTTP/1.1 parser for requests and responses (RFC 9112),
// strict by default, that allocates nothing per message once warm.
//
//     netkit::http::parser p(netkit::http::parser::request);
//     for (;;) {
//         auto step = p.feed(buffer);             // buffer: the bytes not yet consumed
//         switch (step.event) {
//         case parse_event::need_more:  /* read more into buffer */ break;
//         case parse_event::head:       use(p.head()); break;
//         case parse_event::body:       consume(step.data); break;
//         case parse_event::message_complete: respond(); break;
//         case parse_event::error:      reply(p.error_status(), p.error_code().message()); break;
//         }
//         buffer.erase(0, step.consumed);        // only after using head() and step.data
//     }
//
// Any split of the input gives the same events. head() and step.data are
// views into the bytes passed to feed(): keep those bytes until you are done
// with them (erase them after handling the step, as above). Limits are in
// parser_limits; every rejection names the status a server should send.
#pragma once

#include <netkit/http/error.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

namespace netkit::http {

struct parser_limits {
    /// RFC 9112 §3: at least 8000 octets should be supported.
    std::size_t max_request_line = 8 * 1024;
    std::size_t max_header_section = 64 * 1024; ///< start line and fields together
    std::size_t max_fields = 100;
    std::uint64_t max_body = std::numeric_limits<std::uint64_t>::max();
};

struct field_view {
    std::string_view name;
    std::string_view value; ///< without leading or trailing whitespace
};

enum class target_form { origin, absolute, authority, asterisk };
enum class body_framing { none, content_length, chunked, until_close };

struct message_head {
    // requests
    std::string_view method;
    std::string_view target;
    target_form form = target_form::origin;
    // responses
    int status = 0;
    std::string_view reason;
    // both
    int version_major = 1;
    int version_minor = 1;
    std::span<const field_view> fields;
    body_framing framing = body_framing::none;
    std::uint64_t content_length = 0; ///< with body_framing::content_length
    bool keep_alive = true;           ///< the connection may carry another message
    /// A transfer coding besides chunked (gzip, deflate, ...) lies on the
    /// body. Requests never have one (the parser refuses them: 501); a
    /// response's body parts are still coded with it.
    bool transfer_coded = false;

    /// The first field named `name` (case-insensitive); nullptr when absent.
    const field_view* find(std::string_view name) const noexcept;
    /// find() for several names in one pass over the fields: found[i] is the
    /// first field named names[i], or nullptr. (A server looks up half a
    /// dozen fields a request.)
    void find_each(std::span<const std::string_view> names,
                   std::span<const field_view*> found) const noexcept;
};

enum class parse_event {
    need_more,        ///< no complete step in the input: add bytes and call again
    head,             ///< head() is ready
    body,             ///< step.data holds body bytes (chunked framing removed)
    message_complete, ///< the message ended; the next feed() starts the next one
    error,            ///< error_code() says why; the parser stays failed until reset()
};

class parser {
public:
    enum kind { request, response };

    struct step {
        parse_event event = parse_event::need_more;
        std::size_t consumed = 0; ///< bytes of the input this step used up
        std::string_view data;    ///< body bytes, for parse_event::body
    };

    explicit parser(kind k, parser_limits limits = {});

    /// Parses from the start of the bytes not yet consumed.
    step feed(std::string_view input);
    /// The peer closed the connection: ends a close-delimited body (response),
    /// or fails with unexpected_eof inside a message.
    step finish();

    /// The next response answers a HEAD request: it has no body whatever
    /// its fields say.
    void expect_no_body() noexcept { no_body_ = true; }

    const message_head& head() const noexcept { return head_; }
    /// The trailer fields of a chunked body, valid with message_complete.
    std::span<const field_view> trailers() const noexcept { return trailers_; }

    std::error_code error_code() const noexcept { return error_; }
    /// The status a server should answer the failed request with.
    int error_status() const noexcept;
    /// The byte offset (from the message start) where parsing failed.
    std::size_t error_offset() const noexcept { return error_offset_; }

    /// Back to the start of a message (after an error, say).
    void reset() noexcept;

    /// How many body bytes the caller may take straight from the connection
    /// (past what it has fed), as urlopen's readinto does to skip a copy:
    /// the rest of a Content-Length body or of a chunk, or any number for a
    /// body that ends with the connection; 0 wherever bytes must be fed (a
    /// head, a chunk-size line, the end of a body).
    std::uint64_t direct_body_room() const noexcept;
    /// The caller took `n` (at most direct_body_room()) body bytes itself.
    /// body_too_large for a close-delimited body past the limit.
    error take_direct_body(std::size_t n) noexcept;

private:
    enum class state {
        head,           // reading the start line and fields
        body_length,    // a Content-Length body
        chunk_size,     // a chunk-size line
        chunk_data,     // inside a chunk
        chunk_data_end, // the CRLF after a chunk
        trailers,       // the trailer section after the last chunk
        until_close,    // a response body that ends with the connection
        done_body,      // the body is over: message_complete comes next
        done,           // the message is complete: the next feed starts another
        failed,
    };
    struct span_offsets {
        std::size_t name_at, name_size, value_at, value_size;
    };
    struct text_offsets {
        std::size_t at = 0, size = 0;
    };

    step fail(error e, std::size_t offset);
    step parse_head(std::string_view input);
    error parse_start_line(std::string_view line, std::size_t at);
    error parse_request_line(std::string_view line, std::size_t at);
    error parse_field_line(std::string_view input, std::string_view line, std::size_t at,
                           std::vector<span_offsets>& out);
    error check_partial_line(std::string_view input);
    error decide_framing();
    error frame_by_length(std::uint64_t length);
    step take_body(std::string_view rest, std::size_t pos, state next);
    step parse_trailers(std::string_view input);
    void start_next_message();

    kind kind_;
    parser_limits limits_;
    state state_ = state::head;
    bool no_body_ = false;

    // Head parsing (offsets from the message start, so that the caller may
    // move its buffer between calls).
    std::size_t scan_ = 0;     // the next unparsed line starts here
    std::size_t checked_ = 0;  // bytes of the unfinished line already checked
    bool closing_ = false;     // the last message ended the connection
    std::uint64_t length_ = 0; // Content-Length, checked as its field arrives
    bool has_length_ = false;
    bool start_line_done_ = false;
    std::size_t start_at_ = 0; // where the start line begins (after empty lines)
    std::size_t start_size_ = 0;
    std::vector<span_offsets> field_offsets_;
    std::vector<field_view> fields_;
    std::vector<span_offsets> trailer_offsets_;
    std::vector<field_view> trailers_;
    text_offsets method_, target_, reason_;
    message_head head_;

    // Body
    std::uint64_t remaining_ = 0; // of the Content-Length body, or of the chunk
    std::uint64_t body_seen_ = 0;
    std::size_t offset_ = 0; // bytes consumed in this message so far

    std::error_code error_;
    std::size_t error_offset_ = 0;
};

} // namespace netkit::http
