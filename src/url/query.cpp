#include <netkit/url/error.hpp>
#include <netkit/url/query.hpp>

#include <unordered_map>

namespace netkit::url {
namespace {

std::string quote_via(std::string_view text, const urlencode_options& o) {
    return o.quote_via_plus ? quote_plus(text, o.safe, o.encoding, o.errors)
                            : quote(text, o.safe, o.encoding, o.errors);
}

// Counts non-overlapping occurrences, as str.count does.
std::size_t count(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string_view::npos;
         at = text.find(what, at + what.size())) {
        ++n;
    }
    return n;
}

result<query_pairs> parse(std::string_view query, const parse_qs_options& o,
                          std::string* error_subject) {
    if (o.separator.empty()) {
        return error::bad_separator;
    }
    query_pairs out;
    if (query.empty()) {
        return out;
    }
    if (o.max_num_fields && *o.max_num_fields < 1 + count(query, o.separator)) {
        return error::too_many_fields;
    }
    for (;;) {
        const auto end = query.find(o.separator);
        const std::string_view field = query.substr(0, end);
        if (!field.empty() || o.strict_parsing) {
            const auto eq = field.find('=');
            if (eq == std::string_view::npos && o.strict_parsing) {
                if (error_subject) {
                    *error_subject = std::string(field);
                }
                return error::bad_query_field;
            }
            const std::string_view name = field.substr(0, eq);
            const std::string_view value =
                eq == std::string_view::npos ? std::string_view() : field.substr(eq + 1);
            if (!value.empty() || o.keep_blank_values) {
                out.emplace_back(unquote_plus(name, o.encoding, o.errors),
                                 unquote_plus(value, o.encoding, o.errors));
            }
        }
        if (end == std::string_view::npos) {
            return out;
        }
        query.remove_prefix(end + o.separator.size());
    }
}

} // namespace

std::string urlencode(const query_pairs& pairs, const urlencode_options& options) {
    std::string out;
    bool first = true;
    for (const auto& [name, value] : pairs) {
        if (!first) {
            out += '&';
        }
        first = false;
        out += quote_via(name, options);
        out += '=';
        out += quote_via(value, options);
    }
    return out;
}

std::string urlencode(const query_multimap& pairs, const urlencode_options& options) {
    std::string out;
    bool first = true;
    for (const auto& [name, values] : pairs) {
        const std::string quoted_name = quote_via(name, options);
        for (const auto& value : values) {
            if (!first) {
                out += '&';
            }
            first = false;
            out += quoted_name;
            out += '=';
            out += quote_via(value, options);
        }
    }
    return out;
}

result<query_pairs> try_parse_qsl(std::string_view query, const parse_qs_options& options) {
    return parse(query, options, nullptr);
}

query_pairs parse_qsl(std::string_view query, const parse_qs_options& options) {
    std::string subject;
    auto pairs = parse(query, options, &subject);
    if (!pairs) {
        throw value_error(pairs.error(), python_message(pairs.error(), subject));
    }
    return std::move(*pairs);
}

query_multimap parse_qs(std::string_view query, const parse_qs_options& options) {
    query_multimap out;
    std::unordered_map<std::string, std::size_t> index; // name -> its place in `out`
    for (auto& [name, value] : parse_qsl(query, options)) {
        const auto [it, added] = index.try_emplace(name, out.size());
        if (added) {
            out.emplace_back(std::move(name), std::vector<std::string>{});
        }
        out[it->second].second.push_back(std::move(value));
    }
    return out;
}

} // namespace netkit::url
