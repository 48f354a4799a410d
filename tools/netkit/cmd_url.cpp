// netkit url: urllib.parse from the shell, and a JSON Lines batch mode.
//
//     netkit url split 'http://h:8080/p?q#f'   -> {"scheme":"http",...,"port":8080}
//     netkit url join http://a/b/c ../d         -> http://a/d
//     echo '["quote","a b","/"]' | netkit url --batch   -> "a%20b"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <netkit/json/url.hpp>
#include <netkit/json/value.hpp>
#include <netkit/url/idna.hpp>
#include <netkit/url/join.hpp>
#include <netkit/url/query.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>
#include <netkit/url/url.hpp>

#include <unistd.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace netkit::cli {
namespace {

using json::value;

value pairs_value(const url::query_pairs& pairs) {
    json::array out;
    for (const auto& [k, v] : pairs) {
        out.push_back(value(json::array{value(k), value(v)}));
    }
    return value(std::move(out));
}

value error_value(std::string message) {
    return value(json::object{{"error", value(std::move(message))}});
}

// One batch request: ["split", url], ["join", base, ref], ...
value run_request(const value& request) {
    if (!request.is_array() || request.as_array().empty() || !request.as_array()[0].is_string()) {
        return error_value("expected a JSON array such as [\"split\", URL]");
    }
    const auto& a = request.as_array();
    const std::string& op = a[0].as_string();
    auto text = [&](std::size_t i) -> const std::string& {
        if (i >= a.size() || !a[i].is_string()) {
            throw std::invalid_argument("\"" + op + "\" needs a string as argument " +
                                        std::to_string(i));
        }
        return a[i].as_string();
    };
    auto text_or = [&](std::size_t i, const char* fallback) -> std::string {
        return i < a.size() && !a[i].is_null() ? text(i) : std::string(fallback);
    };
    try {
        if (op == "split") {
            return json::url_fields(url::urlsplit(text(1)));
        }
        if (op == "parse") {
            return json::url_fields(url::urlparse(text(1)));
        }
        if (op == "join") {
            return value(url::urljoin(text(1), text(2)));
        }
        if (op == "quote") {
            return value(url::quote(text(1), text_or(2, "/")));
        }
        if (op == "quote_plus") {
            return value(url::quote_plus(text(1), text_or(2, "")));
        }
        if (op == "unquote") {
            return value(url::unquote(text(1)));
        }
        if (op == "unquote_plus") {
            return value(url::unquote_plus(text(1)));
        }
        if (op == "parse_qsl") {
            url::parse_qs_options o;
            o.keep_blank_values = a.size() > 2 && a[2].is_bool() && a[2].as_bool();
            return pairs_value(url::parse_qsl(text(1), o));
        }
        if (op == "urlencode") {
            if (a.size() < 2 || !a[1].is_array()) {
                throw std::invalid_argument("\"urlencode\" needs a list of [key, value] pairs");
            }
            url::query_pairs pairs;
            for (const auto& pair : a[1].as_array()) {
                if (!pair.is_array() || pair.as_array().size() != 2 ||
                    !pair.as_array()[0].is_string() || !pair.as_array()[1].is_string()) {
                    throw std::invalid_argument("\"urlencode\" pairs are [key, value] strings");
                }
                pairs.emplace_back(pair.as_array()[0].as_string(), pair.as_array()[1].as_string());
            }
            return value(url::urlencode(pairs));
        }
        return error_value("unknown operation \"" + op + "\"");
    } catch (const url::value_error& e) {
        return error_value(e.message());
    } catch (const std::invalid_argument& e) {
        return error_value(e.what());
    }
}

// Reads JSON Lines from stdin and answers each line, in order. Output is
// written whenever input runs dry, so a caller that sends one line and
// waits for its answer is served at once.
int run_batch() {
    std::string pending;
    std::string out;
    char chunk[64 * 1024];
    std::size_t line_number = 0;
    auto answer = [&](std::string_view line) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        auto request = json::parse(line);
        const value response = request ? run_request(*request)
                                       : error_value("line " + std::to_string(line_number) + ": " +
                                                     request.error().message());
        response.dump_to(out);
        out += '\n';
    };
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        pending.append(chunk, static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (auto nl = pending.find('\n'); nl != std::string::npos;
             nl = pending.find('\n', start)) {
            answer(std::string_view(pending).substr(start, nl - start));
            start = nl + 1;
        }
        pending.erase(0, start);
        print_raw(out);
        out.clear();
    }
    if (!pending.empty()) {
        answer(pending);
        print_raw(out);
    }
    return exit_ok;
}

struct url_options {
    bool batch = false;
    std::string a, b;
    std::string safe;
    bool safe_given = false;
    bool plus = false;
    bool keep_blank = false;
    bool pairs = false;
    bool to_unicode = false;
    std::vector<std::string> items;
};

// Runs `body`, turning Python's ValueError into exit 2 and one line.
template <class Body> int guarded(Body body) {
    try {
        return body();
    } catch (const url::value_error& e) {
        return fail(exit_usage, e.what());
    }
}

} // namespace

void add_url_command(CLI::App& app, action& run) {
    auto o = std::make_shared<url_options>();
    auto* cmd = app.add_subcommand("url", "urllib.parse from the shell: split, join, quote, ...");
    cmd->footer(R"(--batch reads JSON Lines on stdin, one request a line, and answers one JSON
value a line, in order:
  ["split", URL]                  {"scheme": ..., "port": ...} (a bad port: {"error": ...})
  ["parse", URL]                  the same, with "params"
  ["join", BASE, REF]             "http://a/c"
  ["quote", TEXT, SAFE]           ["quote_plus", TEXT, SAFE]   (SAFE may be left out)
  ["unquote", TEXT]               ["unquote_plus", TEXT]
  ["parse_qsl", QUERY, KEEP_BLANK]  [["a", "1"], ...]
  ["urlencode", [[KEY, VALUE], ...]]
A request that fails answers {"error": MESSAGE} (Python's ValueError message)
and the batch goes on; a line that is not JSON says so in the same way.

Examples:
  netkit url split 'http://user@[::1]:8080/p?q#f'
  echo '["join", "http://a/b/c", "../d"]' | netkit url --batch)");
    cmd->add_flag("--batch", o->batch,
                  "Answer JSON Lines requests from stdin, one JSON value per line");
    cmd->require_subcommand(0, 1);
    cmd->callback([o, cmd, &run] {
        if (o->batch) {
            run = [] { return run_batch(); };
        } else if (cmd->get_subcommands().empty()) {
            run = [] { return fail(exit_usage, "url: give a subcommand or --batch (see --help)"); };
        }
    });

    auto* split = cmd->add_subcommand("split", "urlsplit(URL) as one line of JSON");
    split->add_option("url", o->a, "The URL")->required();
    split->callback([o, &run] {
        run = [o] {
            return guarded([&] {
                print_line(json::url_fields(url::urlsplit(o->a)).dump());
                return exit_ok;
            });
        };
    });

    auto* parse = cmd->add_subcommand("parse", "urlparse(URL), with params, as one line of JSON");
    parse->add_option("url", o->a, "The URL")->required();
    parse->callback([o, &run] {
        run = [o] {
            return guarded([&] {
                print_line(json::url_fields(url::urlparse(o->a)).dump());
                return exit_ok;
            });
        };
    });

    auto* join = cmd->add_subcommand("join", "urljoin(BASE, REF)");
    join->add_option("base", o->a, "The base URL")->required();
    join->add_option("ref", o->b, "The reference to resolve")->required();
    join->callback([o, &run] {
        run = [o] {
            return guarded([&] {
                print_line(url::urljoin(o->a, o->b));
                return exit_ok;
            });
        };
    });

    auto* quote = cmd->add_subcommand("quote", "quote(TEXT), or quote_plus with --plus");
    quote->add_option("text", o->a, "The text to percent-encode")->required();
    quote
        ->add_option("--safe", o->safe,
                     "Characters to leave alone (default: '/', or none with --plus)")
        ->each([o](const std::string&) { o->safe_given = true; });
    quote->add_flag("--plus", o->plus, "quote_plus: spaces become '+'");
    quote->callback([o, &run] {
        run = [o] {
            return guarded([&] {
                const std::string safe = o->safe_given ? o->safe : (o->plus ? "" : "/");
                print_line(o->plus ? url::quote_plus(o->a, safe) : url::quote(o->a, safe));
                return exit_ok;
            });
        };
    });

    auto* unquote = cmd->add_subcommand("unquote", "unquote(TEXT), or unquote_plus with --plus");
    unquote->add_option("text", o->a, "The text to decode")->required();
    unquote->add_flag("--plus", o->plus, "unquote_plus: '+' is a space");
    unquote->callback([o, &run] {
        run = [o] {
            print_line(o->plus ? url::unquote_plus(o->a) : url::unquote(o->a));
            return exit_ok;
        };
    });

    auto* encode = cmd->add_subcommand("urlencode", "urlencode(KEY=VALUE ...)");
    encode->add_option("pairs", o->items, "KEY=VALUE pairs, in order")->required();
    encode->callback([o, &run] {
        run = [o] {
            url::query_pairs pairs;
            for (const auto& item : o->items) {
                const auto eq = item.find('=');
                if (eq == std::string::npos) {
                    return fail(exit_usage, "urlencode: '" + item + "' is not KEY=VALUE");
                }
                pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
            }
            return guarded([&] {
                print_line(url::urlencode(pairs));
                return exit_ok;
            });
        };
    });

    auto* qs = cmd->add_subcommand("parse-qs", "parse_qs(QUERY) as JSON; parse_qsl with --pairs");
    qs->add_option("query", o->a, "The query string")->required();
    qs->add_flag("--keep-blank", o->keep_blank, "keep_blank_values=True");
    qs->add_flag("--pairs", o->pairs, "parse_qsl: a list of [name, value] pairs");
    qs->callback([o, &run] {
        run = [o] {
            url::parse_qs_options options;
            options.keep_blank_values = o->keep_blank;
            return guarded([&] {
                if (o->pairs) {
                    print_line(pairs_value(url::parse_qsl(o->a, options)).dump());
                } else {
                    json::object out;
                    for (const auto& [name, values] : url::parse_qs(o->a, options)) {
                        json::array list(values.begin(), values.end());
                        out.emplace_back(name, value(std::move(list)));
                    }
                    print_line(value(std::move(out)).dump());
                }
                return exit_ok;
            });
        };
    });

    auto* normalize = cmd->add_subcommand(
        "normalize", "Check URL against RFC 3986 and print its normal form (§6.2.2, §6.2.3)");
    normalize->add_option("url", o->a, "The URI reference")->required();
    normalize->callback([o, &run] {
        run = [o] {
            url::parse_error where;
            auto u = url::parse_uri_reference(o->a, &where);
            if (!u) {
                return fail(exit_usage, "not a valid URI reference: " + where.message());
            }
            print_line(url::normalize(*u));
            return exit_ok;
        };
    });

    auto* idna = cmd->add_subcommand(
        "idna", "A host name in its ASCII (punycode) form, IDNA 2008 / UTS #46");
    idna->add_option("host", o->a, "The host name")->required();
    idna->add_flag("--to-unicode", o->to_unicode, "Print the Unicode form instead");
    idna->callback([o, &run] {
        run = [o] {
            auto converted = o->to_unicode ? url::to_unicode_host(o->a) : url::to_ascii_host(o->a);
            if (!converted) {
                return fail(exit_usage, "not a valid internationalized host name '" + o->a +
                                            "': " + url::idna_failure_reason(o->a));
            }
            print_line(*converted);
            return exit_ok;
        };
    });
}

} // namespace netkit::cli
