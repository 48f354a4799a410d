// Runs the HTTP parser over input cut into pieces, the way a server reads a
// socket, and records what it reported: the tests compare these transcripts
// (against the conformance data, and across every way of splitting the input).
#pragma once

#include <netkit/http/parser.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::test {

struct parsed_message {
    std::string method, target, reason;
    int status = 0;
    int version_major = 0, version_minor = 0;
    std::vector<std::pair<std::string, std::string>> fields, trailers;
    std::string body;
    bool complete = false;
    bool keep_alive = false;
    http::body_framing framing = http::body_framing::none;
    friend bool operator==(const parsed_message&, const parsed_message&) = default;
};

struct transcript {
    std::vector<parsed_message> messages;
    std::error_code error;
    friend bool operator==(const transcript&, const transcript&) = default;
    std::string describe() const;
};

/// Feeds `input` in pieces that end at each of `cuts` (then at the end), and
/// calls finish() at the end when `at_eof` says the peer closed.
transcript parse_http(http::parser::kind kind, std::string_view input,
                      const std::vector<std::size_t>& cuts, bool at_eof = false,
                      http::parser_limits limits = {}, bool answers_head = false);

/// The same, whole, at every single split point and byte by byte; fails the
/// calling test (and returns the whole-input transcript) if any differs.
transcript parse_http_every_way(http::parser::kind kind, std::string_view input,
                                bool at_eof = false, http::parser_limits limits = {});

} // namespace netkit::test
