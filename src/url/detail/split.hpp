// Private access to the results of urlsplit and urlparse, for the code that
// fills them in.
#pragma once

#include <netkit/url/split.hpp>

#include <string>

namespace netkit::url::detail {

struct split_access {
    explicit split_access(split_result& r) : r(r) {}
    split_result& r;

    std::string_view& input() { return r.input_; }
    std::string_view& default_scheme() { return r.default_scheme_; }
    std::string& copy() { return r.copy_; }
    bool& owned() { return r.owned_; }
    bool& scheme_is_default() { return r.scheme_is_default_; }
    std::string_view base() const { return r.base(); }
    split_result::range& scheme() { return r.scheme_; }
    split_result::range& netloc() { return r.netloc_; }
    split_result::range& path() { return r.path_; }
    split_result::range& query() { return r.query_; }
    split_result::range& fragment() { return r.fragment_; }
};

struct parse_access {
    explicit parse_access(parse_result& r) : r(r) {}
    parse_result& r;

    parse_result::range& path() { return r.path_; }
    parse_result::range& path_before_params() { return r.path_before_params_; }
    parse_result::range& params() { return r.params_; }
};

/// urlsplit; on error, `error_subject` (when given) receives the text
/// Python's message quotes.
result<split_result> split(std::string_view url, std::string_view scheme, bool allow_fragments,
                           std::string* error_subject);

} // namespace netkit::url::detail
