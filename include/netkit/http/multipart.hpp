// multipart/form-data (RFC 7578), read as a stream: what a browser's upload
// form sends. Parts and their bytes come out as they arrive, so a file of
// any size passes through in bounded memory.
//
//     auto boundary = netkit::http::multipart_boundary(content_type);   // optional
//     netkit::http::multipart_parser p(*boundary);
//     for (;;) {
//         auto step = p.feed(buffer);          // buffer: the bytes not yet consumed
//         switch (step.event) {
//         case multipart_event::part_begin: open(p.part().filename); break;
//         case multipart_event::part_data:  write(step.data); break;
//         case multipart_event::part_end:   close(); break;
//         case multipart_event::done:       finish(); break;
//         case multipart_event::need_more:  /* read more */ break;
//         case multipart_event::error:      fail(p.error()); break;
//         }
//         buffer.erase(0, step.consumed);
//     }
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace netkit::http {

/// The boundary parameter of a multipart Content-Type; nullopt when the type
/// is not multipart/form-data or the boundary is missing or invalid
/// (RFC 2046 §5.1.1: 1 to 70 characters).
std::optional<std::string> multipart_boundary(std::string_view content_type);

struct multipart_part {
    std::string name;                    ///< the form field's name
    std::optional<std::string> filename; ///< present for file fields
    std::string content_type;            ///< of the part; empty when not given
};

/// One field of a form to send: a value, or a file's bytes under a name.
struct form_part {
    std::string name;
    std::string value;                   ///< the text, or the file's bytes
    std::optional<std::string> filename; ///< set for a file
    std::string content_type;            ///< for a file; empty: application/octet-stream
};

/// A multipart/form-data body (RFC 7578) for `parts`, delimited by
/// `boundary`, which must occur in none of them (make it long and random);
/// nullopt when it does. Names are escaped as browsers do (", CR, LF).
std::optional<std::string> encode_form(const std::vector<form_part>& parts,
                                       std::string_view boundary);

/// A form ready to send: the body, and the Content-Type that names its boundary.
struct form_body {
    std::string content_type; ///< "multipart/form-data; boundary=..."
    std::string body;
};

/// encode_form() with a boundary of its own: 128 random bits, checked to
/// occur in no part (RFC 2046 §5.1.1) and drawn again when one does; nullopt
/// only if eight draws all occur in the data.
std::optional<form_body> encode_form(const std::vector<form_part>& parts);

enum class multipart_event { need_more, part_begin, part_data, part_end, done, error };

struct multipart_limits {
    std::size_t max_part_header = 16 * 1024; ///< the header section of one part
};

class multipart_parser {
public:
    struct step {
        multipart_event event = multipart_event::need_more;
        std::size_t consumed = 0;
        std::string_view data; ///< with part_data
    };

    explicit multipart_parser(std::string_view boundary, multipart_limits limits = {});

    step feed(std::string_view input);
    /// The input ended: an error unless the closing boundary was seen.
    step finish();

    const multipart_part& part() const noexcept { return part_; }
    /// Why parsing failed: a short, human-readable reason.
    std::string_view error() const noexcept { return error_; }

private:
    enum class state { preamble, after_boundary, headers, data, done, failed };
    step fail(std::string_view why);
    bool parse_header_line(std::string_view line);

    std::string delimiter_; // "\r\n--" + boundary
    multipart_limits limits_;
    state state_ = state::preamble;
    bool at_body_start_ = true; // nothing of the preamble passed over yet
    multipart_part part_;
    std::string_view error_;
};

} // namespace netkit::http
