// netkit cookies list|explain|convert: what a jar holds (cookies.txt or
// LWP), which of its cookies a URL would get with the rule that leaves each
// other one out, and the jar in the other format (http.cookiejar's view of
// a jar, from the shell).
#include "commands.hpp"
#include "cookie_files.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <netkit/cookie/engine/cookie_file.hpp>
#include <netkit/cookie/jar.hpp>
#include <netkit/core/date.hpp>
#include <netkit/json/value.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

namespace netkit::cli {
namespace {

struct cookies_options {
    std::string file;
    std::string url;
    std::string output;
    std::string to = "netscape";
    bool json = false;
    bool cross_site = false;
    bool script = false;
};

// The file's cookies in a jar (all of them, session cookies included), or
// the exit code of why not.
std::optional<int> read_jar(const std::string& path, cookie::jar& j) {
    const auto file = read_cookie_file(path, true);
    if (!file) {
        return exit_read_error;
    }
    file->load_into(j);
    return std::nullopt;
}

// Sorted as a person reads a jar: by domain, path, then name.
std::vector<const cookie::cookie*> sorted(const cookie::jar& j) {
    auto all = j.all();
    std::sort(all.begin(), all.end(), [](const cookie::cookie* a, const cookie::cookie* b) {
        return std::tie(a->domain, a->path, a->name) < std::tie(b->domain, b->path, b->name);
    });
    return all;
}

std::string expiry_text(const cookie::cookie& c) {
    return c.persistent ? format_imf_fixdate(c.expiry) : "session";
}

json::value as_json(const cookie::cookie& c) {
    return json::object{{"name", c.name},
                        {"value", c.value},
                        {"domain", c.domain},
                        {"host_only", c.host_only},
                        {"path", c.path},
                        {"secure", c.secure_only},
                        {"http_only", c.http_only},
                        {"expires", c.persistent ? json::value(static_cast<std::int64_t>(
                                                       c.expiry.time_since_epoch().count()))
                                                 : json::value()}};
}

// "name=value  .example.com/path  Secure HttpOnly  expires ..."
std::string line_for(const cookie::cookie& c) {
    std::string line = c.name + "=" + c.value + "  " + (c.host_only ? "" : ".") + c.domain + c.path;
    line += c.secure_only ? "  Secure" : "";
    line += c.http_only ? "  HttpOnly" : "";
    return line + "  " + expiry_text(c);
}

int list(const cookies_options& o) {
    cookie::jar j;
    if (const auto failed = read_jar(o.file, j)) {
        return *failed;
    }
    for (const auto* c : sorted(j)) {
        print_line(terminal_safe(o.json ? as_json(*c).dump() : line_for(*c), false));
    }
    return exit_ok;
}

int explain(const cookies_options& o) {
    cookie::jar j;
    if (const auto failed = read_jar(o.file, j)) {
        return *failed;
    }
    auto request = cookie::request_info::from_url(o.url);
    if (!request) {
        return fail(exit_malformed_url, "bad URL '" + o.url + "': " + request.error().message());
    }
    request->same_site = !o.cross_site;
    request->top_level_safe_navigation = true;
    request->http_api = !o.script;
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::vector<std::pair<const cookie::cookie*, cookie::exclusion>> verdicts;
    for (const auto* c : sorted(j)) {
        verdicts.emplace_back(c, j.check(*c, *request, now));
    }
    const std::string header = j.cookie_header(*request, now);
    print_line(terminal_safe("Cookie: " + header, false));
    for (const auto& [c, why] : verdicts) {
        std::string line = (why == cookie::exclusion::included ? "  sent     " : "  not sent ") +
                           c->name + "  " + (c->host_only ? "" : ".") + c->domain + c->path;
        if (why != cookie::exclusion::included) {
            line += ": " + std::string(cookie::describe(why));
        }
        print_line(terminal_safe(line, false));
    }
    return exit_ok;
}

int convert(const cookies_options& o) {
    cookie::jar j;
    if (const auto failed = read_jar(o.file, j)) {
        return *failed;
    }
    auto out = cookie::cookie_file::open(o.output);
    if (!out) {
        return fail(exit_write_error,
                    "will not write over '" + o.output + "': " + out.error().message());
    }
    out->set_format(o.to == "lwp" ? cookie::cookie_format::lwp : cookie::cookie_format::netscape);
    if (auto saved = out->save(j); !saved) {
        return fail(exit_write_error,
                    "cannot write '" + o.output + "': " + saved.error().message());
    }
    return exit_ok;
}

} // namespace

void add_cookies_command(CLI::App& app, action& run) {
    auto o = std::make_shared<cookies_options>();
    auto* cmd =
        app.add_subcommand("cookies", "Read and convert cookie jars (cookies.txt as curl, wget and "
                                      "MozillaCookieJar write them; LWPCookieJar's files)");
    cmd->require_subcommand(1);
    auto* list_cmd =
        cmd->add_subcommand("list", "Every cookie of FILE: name=value, where, flags, expiry");
    list_cmd->add_option("file", o->file, "A cookies.txt")->required();
    list_cmd->add_flag("--json", o->json, "One JSON object a line");
    list_cmd->callback([o, &run] { run = [o] { return list(*o); }; });

    auto* explain_cmd = cmd->add_subcommand(
        "explain",
        "The Cookie header a request to URL gets from FILE, and why each other cookie is left out");
    explain_cmd->add_option("file", o->file, "A cookies.txt")->required();
    explain_cmd->add_option("url", o->url, "The request's URL")->required();
    explain_cmd->add_flag("--cross-site", o->cross_site,
                          "The request comes from another site (a top-level navigation)");
    explain_cmd->add_flag("--script", o->script,
                          "The request is a script's (HttpOnly cookies withheld)");
    explain_cmd->callback([o, &run] { run = [o] { return explain(*o); }; });

    auto* convert_cmd = cmd->add_subcommand(
        "convert", "Write the cookies of FILE (cookies.txt or LWP) to OUTPUT in another format");
    convert_cmd
        ->add_option("file", o->file, "The jar to read (its format is told by its first line)")
        ->required();
    convert_cmd->add_option("output", o->output, "The file to write (replaced, atomically)")
        ->required();
    convert_cmd
        ->add_option("--to", o->to, "netscape (curl, wget, MozillaCookieJar) or lwp (LWPCookieJar)")
        ->check(CLI::IsMember({"netscape", "lwp"}));
    convert_cmd->callback([o, &run] { run = [o] { return convert(*o); }; });
}

} // namespace netkit::cli
