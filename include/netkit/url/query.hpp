// Query strings as urllib.parse builds and reads them: urlencode, parse_qsl,
// parse_qs.
//
//     netkit::url::urlencode({{"q", "a b"}, {"lang", "en"}})   == "q=a+b&lang=en"
//     netkit::url::parse_qsl("q=a+b&lang=en")                  == {{"q","a b"},{"lang","en"}}
//     netkit::url::parse_qs("a=1&a=2")                          == {{"a", {"1", "2"}}}
#pragma once

#include <netkit/core/result.hpp>
#include <netkit/url/quote.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netkit::url {

using query_pairs = std::vector<std::pair<std::string, std::string>>;
/// Names with every value given for them, in the order the names first appear
/// (a Python dict of lists).
using query_multimap = std::vector<std::pair<std::string, std::vector<std::string>>>;

struct urlencode_options {
    std::string_view safe = ""; ///< characters quote_via leaves alone
    charset encoding = charset::utf8;
    on_error errors = on_error::strict;
    bool quote_via_plus = true; ///< quote_plus (the default) or quote
};

/// "k=v&k2=v2", each name and value quoted.
std::string urlencode(const query_pairs& pairs, const urlencode_options& options = {});
/// urlencode(doseq=True): one "k=v" per value.
std::string urlencode(const query_multimap& pairs, const urlencode_options& options = {});

struct parse_qs_options {
    bool keep_blank_values = false; ///< keep "a=" (and "a") as an empty value
    bool strict_parsing = false;    ///< a field without '=' is an error
    charset encoding = charset::utf8;
    on_error errors = on_error::replace;
    std::optional<std::size_t> max_num_fields; ///< more fields are an error
    std::string_view separator = "&";
};

result<query_pairs> try_parse_qsl(std::string_view query, const parse_qs_options& options = {});
/// Throws value_error where Python raises ValueError.
query_pairs parse_qsl(std::string_view query, const parse_qs_options& options = {});
query_multimap parse_qs(std::string_view query, const parse_qs_options& options = {});

} // namespace netkit::url
