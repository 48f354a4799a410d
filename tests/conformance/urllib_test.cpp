// CPython 3.13's urllib.parse, as recorded in ../shared/conformance: every
// case must give the same answer here.
#include <netkit/json/url.hpp>
#include <netkit/url/error.hpp>
#include <netkit/url/join.hpp>
#include <netkit/url/query.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

namespace {

using netkit::json::value;
using netkit::test::conformance_bytes;
using netkit::test::load_conformance;
using netkit::test::string_or;
namespace url = netkit::url;

bool flag(const value& input, std::string_view key, bool fallback) {
    const value* v = input.find(key);
    return v && v->is_bool() ? v->as_bool() : fallback;
}

url::charset charset_of(const value& input) {
    const std::string name = string_or(input, "encoding", "utf-8");
    if (name == "latin-1") {
        return url::charset::latin1;
    }
    if (name == "ascii" || name == "ASCII") {
        return url::charset::ascii;
    }
    return url::charset::utf8;
}

url::on_error errors_of(const value& input, url::on_error fallback) {
    const std::string name = string_or(input, "errors");
    if (name == "replace") {
        return url::on_error::replace;
    }
    if (name == "ignore") {
        return url::on_error::ignore;
    }
    if (name == "strict") {
        return url::on_error::strict;
    }
    if (name == "xmlcharrefreplace") {
        return url::on_error::xmlcharrefreplace;
    }
    return fallback;
}

// The fields the conformance data records for a split (or parse) result:
// the library's description, with a port Python refuses recorded as
// {"error": "ValueError"} (the data keeps the exception's type only).
template <class Result> value describe(const Result& r) {
    netkit::json::object o = netkit::json::url_fields(r).as_object();
    for (auto& [name, field] : o) {
        if (name == "port" && field.is_object()) {
            field = value(netkit::json::object{{"error", value("ValueError")}});
        }
    }
    return value(std::move(o));
}

TEST(urllib_conformance, urlsplit_urlparse_urlunsplit_urlunparse_urldefrag) {
    const auto data = load_conformance("urlsplit.json");
    int checked = 0;
    for (const auto& c : data.find("cases")->as_array()) {
        const std::string func = c.find("func")->as_string();
        const value& in = *c.find("input");
        const bool raises = c.find("error") != nullptr;
        value got;
        bool threw = false;
        try {
            if (func == "urlsplit" || func == "urlparse") {
                const std::string u = string_or(in, "url");
                const std::string scheme = string_or(in, "scheme");
                const bool fragments = flag(in, "allow_fragments", true);
                got = func == "urlsplit" ? describe(url::urlsplit(u, scheme, fragments))
                                         : describe(url::urlparse(u, scheme, fragments));
            } else if (func == "urlunsplit" || func == "urlunparse") {
                const value& k = *in.find("components");
                got = func == "urlunsplit"
                          ? value(url::urlunsplit(string_or(k, "scheme"), string_or(k, "netloc"),
                                                  string_or(k, "path"), string_or(k, "query"),
                                                  string_or(k, "fragment")))
                          : value(url::urlunparse(string_or(k, "scheme"), string_or(k, "netloc"),
                                                  string_or(k, "path"), string_or(k, "params"),
                                                  string_or(k, "query"), string_or(k, "fragment")));
            } else if (func == "urldefrag") {
                const auto d = url::urldefrag(string_or(in, "url"));
                got = value(
                    netkit::json::object{{"url", value(d.url)}, {"fragment", value(d.fragment)}});
            } else {
                ADD_FAILURE() << "unknown function " << func;
                continue;
            }
        } catch (const url::value_error&) {
            threw = true;
        }
        ++checked;
        if (raises) {
            EXPECT_TRUE(threw) << func << " " << in.dump() << " should raise ValueError";
        } else {
            EXPECT_FALSE(threw) << func << " " << in.dump() << " raised";
            EXPECT_EQ(got, *c.find("expected"))
                << func << " " << in.dump() << "\n  expected " << c.find("expected")->dump()
                << "\n  got      " << got.dump();
        }
    }
    EXPECT_EQ(checked, 626);
}

TEST(urllib_conformance, urljoin) {
    const auto data = load_conformance("urljoin.json");
    int checked = 0;
    for (const auto& c : data.find("cases")->as_array()) {
        const auto base = c.find("base")->as_string();
        const auto ref = c.find("ref")->as_string();
        EXPECT_EQ(url::urljoin(base, ref), c.find("expected")->as_string())
            << "urljoin(" << base << ", " << ref << ")";
        ++checked;
    }
    EXPECT_EQ(checked, 114);
}

TEST(urllib_conformance, rfc3986_examples_through_urljoin) {
    const auto data = load_conformance("rfc3986_reference_resolution.json");
    for (const auto& c : data.find("cases")->as_array()) {
        const auto base = c.find("base")->as_string();
        const auto ref = c.find("ref")->as_string();
        EXPECT_EQ(url::urljoin(base, ref), c.find("python_urljoin")->as_string())
            << "urljoin(" << base << ", " << ref << ")";
    }
}

TEST(urllib_conformance, quote_and_unquote) {
    const auto data = load_conformance("quote.json");
    int checked = 0;
    for (const auto& c : data.find("cases")->as_array()) {
        const std::string func = c.find("func")->as_string();
        const value& in = *c.find("input");
        std::string got;
        if (func == "quote" || func == "quote_plus") {
            const std::string text = conformance_bytes(*in.find("string"));
            const value* safe_value = in.find("safe");
            const std::string safe = safe_value ? conformance_bytes(*safe_value)
                                                : std::string(func == "quote" ? "/" : "");
            const auto enc = charset_of(in);
            const auto errors = errors_of(in, url::on_error::strict);
            got = func == "quote" ? url::quote(text, safe, enc, errors)
                                  : url::quote_plus(text, safe, enc, errors);
        } else if (func == "quote_from_bytes") {
            got = url::quote_from_bytes(conformance_bytes(*in.find("bs")),
                                        string_or(in, "safe", "/"));
        } else if (func == "unquote" || func == "unquote_plus") {
            const std::string text = conformance_bytes(*in.find("string"));
            const auto enc = charset_of(in);
            const auto errors = errors_of(in, url::on_error::replace);
            got = func == "unquote" ? url::unquote(text, enc, errors)
                                    : url::unquote_plus(text, enc, errors);
        } else if (func == "unquote_to_bytes") {
            got = url::unquote_to_bytes(conformance_bytes(*in.find("string")));
        } else {
            ADD_FAILURE() << "unknown function " << func;
            continue;
        }
        ++checked;
        EXPECT_EQ(got, conformance_bytes(*c.find("expected"))) << func << " " << in.dump();
    }
    EXPECT_EQ(checked, 409);
}

// Python's str() of a JSON-recorded value, as urlencode applies it.
std::string python_str(const value& v) {
    if (v.is_string()) {
        return v.as_string();
    }
    if (v.is_null()) {
        return "None";
    }
    if (v.is_bool()) {
        return v.as_bool() ? "True" : "False";
    }
    if (v.is_integer()) {
        return std::to_string(v.as_integer());
    }
    if (v.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < v.as_array().size(); ++i) {
            out += (i ? ", " : "") + url::python_repr(python_str(v.as_array()[i]));
        }
        return out + "]";
    }
    return conformance_bytes(v);
}

TEST(urllib_conformance, urlencode) {
    const auto data = load_conformance("urlencode.json");
    int checked = 0;
    for (const auto& c : data.find("cases")->as_array()) {
        const value& in = *c.find("input");
        url::urlencode_options o;
        const std::string safe = string_or(in, "safe");
        o.safe = safe;
        o.encoding = charset_of(in);
        o.errors = errors_of(in, url::on_error::strict);
        const value* via = in.find("quote_via");
        o.quote_via_plus = !(via && via->find("function")->as_string() == "quote");
        const bool doseq = flag(in, "doseq", false);

        // A dict is its items; a list is [key, value] pairs.
        std::vector<std::pair<value, value>> items;
        const value& query = *in.find("query");
        if (query.is_object()) {
            for (const auto& [k, v] : query.as_object()) {
                items.emplace_back(value(k), v);
            }
        } else {
            for (const auto& pair : query.as_array()) {
                items.emplace_back(pair.as_array()[0], pair.as_array()[1]);
            }
        }
        // Bytes are quoted as they are; in latin-1 mode a str holds the same bytes.
        auto text = [&](const value& v) {
            const std::string s = python_str(v);
            if (v.find("bytes_hex") && o.encoding == url::charset::latin1) {
                return url::decode_bytes(s, url::charset::latin1, url::on_error::strict);
            }
            return s;
        };
        std::string got;
        if (doseq) {
            url::query_multimap multi;
            for (const auto& [k, v] : items) {
                std::vector<std::string> values;
                if (v.is_array()) {
                    for (const auto& e : v.as_array()) {
                        values.push_back(text(e));
                    }
                } else if (v.is_object() && !v.find("bytes_hex")) {
                    for (const auto& member : v.as_object()) {
                        values.push_back(member.first); // iterating a dict gives its keys
                    }
                } else {
                    values.push_back(text(v));
                }
                multi.emplace_back(text(k), std::move(values));
            }
            got = url::urlencode(multi, o);
        } else {
            url::query_pairs pairs;
            for (const auto& [k, v] : items) {
                pairs.emplace_back(text(k), text(v));
            }
            got = url::urlencode(pairs, o);
        }
        ++checked;
        EXPECT_EQ(got, c.find("expected")->as_string()) << in.dump();
    }
    EXPECT_EQ(checked, 35);
}

value pairs_json(const url::query_pairs& pairs) {
    netkit::json::array out;
    for (const auto& [k, v] : pairs) {
        out.push_back(value(netkit::json::array{value(k), value(v)}));
    }
    return value(std::move(out));
}

value multimap_json(const url::query_multimap& m) {
    netkit::json::object out;
    for (const auto& [k, values] : m) {
        netkit::json::array list;
        for (const auto& v : values) {
            list.push_back(value(v));
        }
        out.emplace_back(k, value(std::move(list)));
    }
    return value(std::move(out));
}

TEST(urllib_conformance, parse_qs_and_parse_qsl) {
    const auto data = load_conformance("parse_qs.json");
    // The tables were recorded with keep_blank_values=True (as CPython's
    // test_qsl runs them), whatever the file's summary says.
    url::parse_qs_options keep;
    keep.keep_blank_values = true;
    for (const auto& row : data.find("parse_qsl_table")->as_array()) {
        const auto& q = row.find("query")->as_string();
        EXPECT_EQ(pairs_json(url::parse_qsl(q, keep)), *row.find("expected")) << q;
    }
    for (const auto& row : data.find("parse_qs_table")->as_array()) {
        const auto& q = row.find("query")->as_string();
        EXPECT_EQ(multimap_json(url::parse_qs(q, keep)), *row.find("expected")) << q;
    }
    int checked = 0;
    int not_expressible = 0;
    for (const auto& c : data.find("cases")->as_array()) {
        const std::string func = c.find("func")->as_string();
        const value& in = *c.find("input");
        const value* separator = in.find("separator");
        if (separator && !separator->is_string() && !separator->find("bytes_hex")) {
            // separator=None, 0, 1, 0.0, 1.5: a type error in C++, a ValueError in
            // Python. Nothing to call.
            ++not_expressible;
            continue;
        }
        url::parse_qs_options o;
        o.keep_blank_values = flag(in, "keep_blank_values", false);
        o.strict_parsing = flag(in, "strict_parsing", false);
        o.encoding = charset_of(in);
        o.errors = errors_of(in, url::on_error::replace);
        const std::string sep = separator ? conformance_bytes(*separator) : "&";
        o.separator = sep;
        if (const value* max = in.find("max_num_fields"); max && max->is_integer()) {
            o.max_num_fields = static_cast<std::size_t>(max->as_integer());
        }
        // qs=None, 0, 0.0, [], {}: Python returns [] for any false value,
        // as it does for "", which is what C++ can pass.
        const value& q = *in.find("qs");
        const std::string qs = q.is_string() || q.find("bytes_hex") ? conformance_bytes(q) : "";
        ++checked;
        try {
            const value got = func == "parse_qsl" ? pairs_json(url::parse_qsl(qs, o))
                                                  : multimap_json(url::parse_qs(qs, o));
            ASSERT_TRUE(c.find("expected")) << func << " " << in.dump() << " should raise";
            EXPECT_EQ(got, *c.find("expected")) << func << " " << in.dump();
        } catch (const url::value_error& e) {
            EXPECT_TRUE(c.find("error")) << func << " " << in.dump() << " raised " << e.what();
        }
    }
    EXPECT_EQ(checked + not_expressible, 110);
    EXPECT_EQ(not_expressible, 5); // separator=None, 0, 1, 0.0, 1.5
}

} // namespace
