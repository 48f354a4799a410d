// netkit robots SOURCE --agent NAME PATH...: whether a crawler may fetch
// each path by a site's robots.txt (fetched as RFC 9309 §2.3 says) or a
// local file, with the line that decided, then the agent's Crawl-delay and
// Request-rate and the sitemaps; --python gives CPython 3.13's robotparser
// answers instead. Exit 0 when every path is allowed, 1 when one is not.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "read_file.hpp"

#include <netkit/json/value.hpp>
#include <netkit/robots/robot_file_parser.hpp>
#include <netkit/sync/robots.hpp>
#include <netkit/url/quote.hpp>

#include <iostream>
#include <iterator>
#include <memory>

namespace netkit::cli {
namespace {

struct robots_options {
    std::string source;
    std::string agent;
    std::vector<std::string> paths;
    bool json = false;
    bool python = false;
    bool insecure = false;
    double timeout = 30;
};

bool is_web_url(std::string_view s) {
    return s.starts_with("http://") || s.starts_with("https://");
}

// The file's text; "-" is standard input.
std::optional<std::string> read_source(const std::string& path) {
    if (path == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin), {});
    }
    return read_whole_file(path);
}

// A path as a crawler would send it: what is not ASCII percent-encoded.
std::string as_sent(std::string_view path) {
    return url::quote(path, "/%?;:@&=+$,!~*'()#[]");
}

int run_robots(const robots_options& o) {
    robots::fetched site;
    robots::robot_file_parser python("", robots::robot_file_parser::rules::python313);
    if (is_web_url(o.source)) {
        if (o.python) {
            return fail(exit_usage, "--python reads a local robots.txt file");
        }
        robots::fetch_options fetch;
        fetch.timeout = std::chrono::milliseconds(static_cast<long long>(o.timeout * 1000));
        fetch.tls.verify = !o.insecure;
        site = sync::fetch_robots(o.source, fetch);
        if (site.result != robots::fetched::outcome::parsed) {
            warn("robots.txt " + site.describe());
        }
    } else {
        const auto text = read_source(o.source);
        if (!text) {
            return fail(exit_read_error, "cannot read " + o.source);
        }
        site.result = robots::fetched::outcome::parsed;
        site.url = o.source;
        site.rules = robots::robots_txt::parse(*text);
        python.parse_text(*text);
    }
    bool all_allowed = true;
    json::array results;
    for (const std::string& path : o.paths) {
        const std::string sent = as_sent(path);
        robots::decision d;
        std::string why;
        if (o.python) {
            d.allowed = python.can_fetch(o.agent, sent);
            why = std::string(d.allowed ? "allowed" : "disallowed") +
                  " by CPython 3.13's robotparser (its first matching rule)";
        } else {
            d = site.decide(o.agent, sent);
            why = d.describe();
        }
        all_allowed = all_allowed && d.allowed;
        if (o.json) {
            results.emplace_back(
                json::object{{"path", path},
                             {"allowed", d.allowed},
                             {"line", d.line != 0 ? json::value(static_cast<std::int64_t>(d.line))
                                                  : json::value()},
                             {"rule", d.text.empty() ? json::value() : json::value(d.text)},
                             {"why", why}});
        } else {
            print_line(terminal_safe(
                (d.allowed ? "allowed     " : "disallowed  ") + path + "  (" + why + ")", false));
        }
    }
    // What else the file says for the agent: Crawl-delay, Request-rate, sitemaps.
    const auto delay = o.python ? python.crawl_delay(o.agent) : site.rules.crawl_delay(o.agent);
    const auto rate = o.python ? python.request_rate(o.agent) : site.rules.request_rate(o.agent);
    const std::vector<std::string> sitemaps =
        o.python ? python.site_maps().value_or(std::vector<std::string>{}) : site.rules.sitemaps();
    if (o.json) {
        json::array maps(sitemaps.begin(), sitemaps.end());
        print_line(
            json::value(
                json::object{{"robots_txt", site.url},
                             {"fetch", site.describe()},
                             {"agent", o.agent},
                             {"results", std::move(results)},
                             {"crawl_delay", delay ? json::value(static_cast<std::int64_t>(*delay))
                                                   : json::value()},
                             {"request_rate",
                              rate ? json::value(json::object{
                                         {"requests", static_cast<std::int64_t>(rate->requests)},
                                         {"seconds", static_cast<std::int64_t>(rate->seconds)}})
                                   : json::value()},
                             {"sitemaps", std::move(maps)}})
                .dump());
    } else {
        if (delay) {
            print_line("crawl-delay: " + std::to_string(*delay));
        }
        if (rate) {
            print_line("request-rate: " + std::to_string(rate->requests) + "/" +
                       std::to_string(rate->seconds));
        }
        for (const std::string& map : sitemaps) {
            print_line(terminal_safe("sitemap: " + map, false));
        }
    }
    return all_allowed ? exit_ok : exit_failure;
}

} // namespace

void add_robots_command(CLI::App& app, action& run) {
    auto o = std::make_shared<robots_options>();
    auto* cmd = app.add_subcommand(
        "robots", "Whether a crawler may fetch paths, by a site's robots.txt (RFC 9309)");
    cmd->add_option(
           "source", o->source,
           "A URL on the site (its /robots.txt is fetched), or a robots.txt file ('-': stdin)")
        ->required();
    cmd->add_option("paths", o->paths, "Paths or URLs to ask about")->required();
    cmd->add_option("-a,--agent", o->agent, "The crawler's product token, e.g. FooBot")->required();
    cmd->add_flag("--json", o->json, "One JSON object with every answer");
    cmd->add_flag("--python", o->python,
                  "CPython 3.13 robotparser's answers (first match, no wildcards); local files");
    cmd->add_flag("-k,--insecure", o->insecure, "Do not verify the server's certificate");
    cmd->add_option("-m,--max-time", o->timeout, "Seconds the fetch may take (30)");
    cmd->footer("Exit status: 0 when every path is allowed, 1 when one is not. A robots.txt "
                "answered 4xx allows everything; a 5xx or no answer allows nothing.");
    cmd->callback([o, &run] { run = [o] { return run_robots(*o); }; });
}

} // namespace netkit::cli
