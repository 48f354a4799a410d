// netkit fetch URL...: urlopen(...).read() and curl from the shell. Bodies go
// to stdout or a file; redirects are followed as urlopen follows them;
// content codings are asked for and decoded; a status of 400 or more ends
// with "HTTP Error 404: Not Found" (as Python words it) and exit code 22.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/core/error.hpp>
#include <netkit/http/date.hpp>
#include <netkit/http/multipart.hpp>
#include <netkit/http/status.hpp>
#include <netkit/net/blocking.hpp>
#include <netkit/net/error.hpp>
#include <netkit/sync/client.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace netkit::cli {
namespace {

struct fetch_options {
    std::vector<std::string> urls;
    std::string output;
    bool remote_name = false;
    bool include = false;
    bool head = false;
    std::string method;
    std::vector<std::string> headers;
    std::string data;
    std::string data_binary;
    std::string json;
    std::vector<std::string> form;
    std::string user;
    bool location = true;
    bool insecure = false;
    std::string cacert;
    double max_time = 0;
    double connect_timeout = 30;
    bool silent = false;
    bool verbose = false;
    bool resume = false;
    std::string proxy;
};

// "@file" reads the file; anything else is the data itself.
bool load_data(const std::string& spec, std::string& out) {
    if (spec.empty() || spec.front() != '@') {
        out = spec;
        return true;
    }
    std::ifstream in(spec.substr(1), std::ios::binary);
    if (!in) {
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

struct encoded_form {
    std::string content_type, body, error;
    explicit operator bool() const { return error.empty(); }
};

// curl's -F syntax: "name=value", or "name=@path;type=...;filename=...".
encoded_form form_body(const std::vector<std::string>& fields) {
    encoded_form out;
    std::vector<http::form_part> parts;
    for (const auto& field : fields) {
        const auto eq = field.find('=');
        if (eq == std::string::npos || eq == 0) {
            out.error = "bad -F '" + field + "': give name=value or name=@file";
            return out;
        }
        http::form_part part;
        part.name = field.substr(0, eq);
        std::string value = field.substr(eq + 1);
        if (!value.empty() && value.front() == '@') {
            std::string path = value.substr(1);
            std::string type, filename;
            for (auto semi = path.find(';'); semi != std::string::npos; semi = path.find(';')) {
                const std::string option = path.substr(semi + 1);
                path.resize(semi);
                for (std::string_view rest = option; !rest.empty();) {
                    const auto next = rest.find(';');
                    const auto item = rest.substr(0, next);
                    if (item.starts_with("type=")) type = std::string(item.substr(5));
                    if (item.starts_with("filename=")) filename = std::string(item.substr(9));
                    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
                }
            }
            if (type.find_first_of("\r\n") != std::string::npos) {
                out.error = "bad type in -F '" + field + "'";
                return out;
            }
            std::string content;
            if (!load_data("@" + path, content)) {
                out.error = "cannot read '" + path + "' for -F";
                return out;
            }
            part.value = std::move(content);
            part.filename = filename.empty() ? std::filesystem::path(path).filename().string() : filename;
            part.content_type = type;
        } else {
            part.value = std::move(value);
        }
        parts.push_back(std::move(part));
    }
    std::random_device random;
    for (int attempt = 0; attempt < 8; ++attempt) {
        char tail[33];
        std::snprintf(tail, sizeof tail, "%08x%08x%08x%08x", random(), random(), random(), random());
        const std::string boundary = std::string("----------------netkit") + tail;
        if (auto body = http::encode_form(parts, boundary)) {
            out.content_type = "multipart/form-data; boundary=" + boundary;
            out.body = std::move(*body);
            return out;
        }
    }
    out.error = "no boundary fits the -F data";
    return out;
}

// The file name -O writes: the URL path's last segment, or index.html.
std::string remote_file_name(const std::string& url) {
    auto parts = url::try_urlsplit(url);
    std::string name;
    if (parts) {
        const auto path = parts->path();
        name = url::unquote(path.substr(path.rfind('/') + 1));
    }
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
        name = "index.html";
    }
    return name;
}

std::string head_text(const http::client_response& r) {
    std::string text = "HTTP/1." + std::to_string(r.version_minor) + " " + std::to_string(r.status) +
                       " " + r.reason + "\r\n";
    for (const auto& f : r.headers) {
        text += f.name + ": " + f.value + "\r\n";
    }
    return text + "\r\n";
}

int exit_code_for(const std::error_code& ec) {
    if (ec.category() == http::error_category()) {
        return exit_failure;
    }
    return connect_exit_code(ec);
}

// Where a body goes: stdout, or FILE.part renamed to FILE once whole (a
// failed download never leaves a half file under the final name), or, when
// resuming with a 206, appended to FILE itself.
class body_output {
public:
    body_output(std::string file, bool resuming) : file_(std::move(file)), resuming_(resuming) {}

    /// Called with the response head: decides where the body goes.
    bool open(int status) {
        if (file_.empty()) {
            return true;
        }
        appending_ = resuming_ && status == 206;
        target_ = appending_ ? file_ : file_ + ".part";
        out_.open(target_, std::ios::binary | (appending_ ? std::ios::app : std::ios::trunc));
        return static_cast<bool>(out_);
    }
    void write(std::string_view bytes) {
        if (file_.empty()) {
            print_raw(bytes);
        } else if (out_.is_open()) {
            out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        }
    }
    /// The transfer failed: drop the partial file (a resumed file keeps what
    /// it had, and what arrived).
    void abandon() {
        if (out_.is_open() && !appending_) {
            out_.close();
            std::filesystem::remove(target_);
        }
    }
    /// The body is whole: into place, stamped with Last-Modified (so that a
    /// later -C - can ask If-Range with it).
    bool finish(std::optional<std::string_view> last_modified) {
        if (file_.empty() || !out_.is_open()) {
            return true;
        }
        out_.close();
        if (!out_) {
            abandon();
            return false;
        }
        if (!appending_) {
            std::filesystem::rename(target_, file_);
        }
        if (const auto t = last_modified ? http::parse_http_date(*last_modified) : std::nullopt) {
            const timespec times[2] = {{0, UTIME_OMIT}, {t->time_since_epoch().count(), 0}};
            ::utimensat(AT_FDCWD, file_.c_str(), times, 0);
        }
        return true;
    }

private:
    std::string file_;
    bool resuming_;
    bool appending_ = false;
    std::string target_;
    std::ofstream out_;
};

// A progress line on a terminal: bytes, rate and, when the size is known,
// the percentage and time left; redrawn at most ten times a second.
class progress_bar {
public:
    explicit progress_bar(bool enabled) : enabled_(enabled) {}
    void start(std::optional<std::uint64_t> total) {
        total_ = total;
        started_ = std::chrono::steady_clock::now();
    }
    void add(std::size_t n) {
        done_ += n;
        const auto now = std::chrono::steady_clock::now();
        if (enabled_ && now - drawn_ >= std::chrono::milliseconds(100)) {
            draw(now);
            drawn_ = now;
        }
    }
    void finish() {
        if (enabled_) {
            draw(std::chrono::steady_clock::now());
            std::fputc('\n', stderr);
        }
    }

private:
    static std::string size_text(double bytes) {
        static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < 4) {
            bytes /= 1024;
            ++unit;
        }
        char text[32];
        std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
        return text;
    }
    void draw(std::chrono::steady_clock::time_point now) {
        const double seconds = std::max(0.001, std::chrono::duration<double>(now - started_).count());
        const double rate = static_cast<double>(done_) / seconds;
        std::string line = "\r" + size_text(static_cast<double>(done_));
        if (total_ && *total_ > 0) {
            char pct[16];
            std::snprintf(pct, sizeof pct, " (%3.0f%%)", 100.0 * static_cast<double>(done_) / static_cast<double>(*total_));
            line += " of " + size_text(static_cast<double>(*total_)) + pct;
        }
        line += "  " + size_text(rate) + "/s";
        if (total_ && rate > 0 && *total_ > done_) {
            const auto left = static_cast<long long>(static_cast<double>(*total_ - done_) / rate);
            char eta[32];
            std::snprintf(eta, sizeof eta, "  ETA %lld:%02lld", left / 60, left % 60);
            line += eta;
        }
        line += "   ";
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
    }

    bool enabled_;
    std::optional<std::uint64_t> total_;
    std::uint64_t done_ = 0;
    std::chrono::steady_clock::time_point started_{}, drawn_{};
};

// One URL: the request, the head shown as asked, the body to its output.
int transfer(sync::client& web, const fetch_options& o, const std::string& method,
             const std::string& url, const std::string& body, http::fields headers,
             http::client_response& r) {
    const std::string file = !o.output.empty() ? o.output : o.remote_name ? remote_file_name(url) : "";
    std::error_code ec;
    const auto have = file.empty() ? 0 : std::filesystem::file_size(file, ec);
    const bool resuming = o.resume && !file.empty() && !ec && have > 0;
    if (resuming) {
        // Only the missing tail, and only if the file is still the one we
        // have part of (If-Range with the date it was stamped with).
        (void)headers.set("Range", "bytes=" + std::to_string(have) + "-");
        struct stat st{};
        if (::stat(file.c_str(), &st) == 0) {
            (void)headers.set("If-Range", http::format_http_date(http::clock_time(std::chrono::seconds(st.st_mtime))));
        }
    }
    if (o.verbose) {
        std::fprintf(stderr, "> %s %s\n", method.c_str(), url.c_str());
        for (const auto& f : headers) {
            std::fprintf(stderr, "> %s: %s\n", f.name.c_str(), f.value.c_str());
        }
    }
    body_output output(file, resuming);
    progress_bar progress(!file.empty() && !o.silent && ::isatty(STDERR_FILENO));
    bool opened = true;
    bool complete_already = false;
    auto on_head = [&](const http::client_response& head) {
        if (o.verbose) {
            std::string text = head_text(head);
            for (std::size_t at = 0; at < text.size();) {
                const auto end = text.find("\r\n", at);
                if (end == at) break;
                std::fprintf(stderr, "< %s\n", text.substr(at, end - at).c_str());
                at = end + 2;
            }
        }
        complete_already = resuming && head.status == 416; // nothing left to fetch
        std::optional<std::uint64_t> total;
        if (const auto length = head.headers.get("Content-Length");
            length && !head.headers.contains("Content-Encoding")) {
            total = std::strtoull(std::string(*length).c_str(), nullptr, 10);
        }
        progress.start(total);
        opened = complete_already || output.open(head.status);
        if (o.include || o.head) {
            output.write(head_text(head));
        }
    };
    try {
        r = web.request(method, url, body, headers,
                        [&](std::string_view piece) {
                            if (!complete_already) output.write(piece);
                            progress.add(piece.size());
                        },
                        on_head);
    } catch (const std::system_error& e) {
        output.abandon();
        return fail(exit_code_for(e.code()), e.what());
    }
    progress.finish();
    if (!opened || !output.finish(r.headers.get("Last-Modified"))) {
        output.abandon();
        return fail(exit_failure, "cannot write '" + file + "'");
    }
    if (complete_already) {
        r.status = 200; // the file was whole already: not an error
    }
    return exit_ok;
}

int run_fetch(const fetch_options& o) {
    if (!o.output.empty() && o.urls.size() > 1) {
        return fail(exit_usage, "-o names one file: give one URL with it (or -O for each)");
    }
    http::client_options options;
    options.follow_redirects = o.location;
    // As urlopen: the proxies of the environment; -x for every URL (curl's).
    options.proxies = http::proxy_settings::from_environment();
    if (!o.proxy.empty()) {
        options.proxies.http = options.proxies.https = o.proxy;
    }
    options.decode = true;
    options.tls.verify = !o.insecure;
    options.tls.ca_file = o.cacert;
    options.connect_timeout = std::chrono::milliseconds(static_cast<long long>(o.connect_timeout * 1000));
    options.total_timeout = std::chrono::milliseconds(static_cast<long long>(o.max_time * 1000));
    if (o.max_time > 0) {
        options.read_timeout = options.total_timeout;
    }

    http::fields headers;
    for (const auto& h : o.headers) {
        const auto colon = h.find(':');
        if (colon == std::string::npos || colon == 0) {
            return fail(exit_usage, "bad header '" + h + "': give 'Name: value'");
        }
        if (auto added = headers.add(h.substr(0, colon), trim(std::string_view(h).substr(colon + 1)));
            !added) {
            return fail(exit_usage, "bad header '" + h + "': " + added.error().message());
        }
    }
    std::string body;
    std::string method = o.method;
    if (!o.data.empty() || !o.data_binary.empty()) {
        if (!load_data(o.data_binary.empty() ? o.data : o.data_binary, body)) {
            return fail(exit_usage, "cannot read '" + (o.data_binary.empty() ? o.data : o.data_binary) + "'");
        }
        if (!headers.contains("Content-Type")) {
            (void)headers.add("Content-Type", "application/x-www-form-urlencoded");
        }
        method = method.empty() ? "POST" : method;
    }
    if (!o.json.empty()) {
        if (!load_data(o.json, body)) {
            return fail(exit_usage, "cannot read '" + o.json + "'");
        }
        (void)headers.set("Content-Type", "application/json");
        (void)headers.set("Accept", "application/json");
        method = method.empty() ? "POST" : method;
    }
    if (!o.form.empty()) {
        auto encoded = form_body(o.form);
        if (!encoded) {
            return fail(exit_usage, encoded.error);
        }
        body = std::move(encoded.body);
        (void)headers.set("Content-Type", encoded.content_type);
        method = method.empty() ? "POST" : method;
    }
    if (!o.user.empty()) {
        // Answered when the server asks (Basic or Digest), as urllib does.
        const auto colon = o.user.find(':');
        options.username = o.user.substr(0, colon);
        options.password = colon == std::string::npos ? "" : o.user.substr(colon + 1);
    }
    if (!headers.contains("User-Agent")) {
        (void)headers.add("User-Agent", "netkit-fetch");
    }
    if (method.empty()) {
        method = o.head ? "HEAD" : "GET";
    }

    sync::client web(options);
    int code = exit_ok;
    for (const auto& url : o.urls) {
        http::client_response r;
        if (const int failed = transfer(web, o, method, url, body, headers, r); failed != exit_ok) {
            return failed;
        }
        if (o.verbose) {
            for (const auto& from : r.redirects) {
                std::fprintf(stderr, "* redirected from %s\n", from.c_str());
            }
        }
        if (r.status >= 400) {
            const std::string reason = r.reason.empty() ? std::string(http::reason_phrase(r.status)) : r.reason;
            // Printed even with -s: it is the error, not progress.
            std::fprintf(stderr, "HTTP Error %d: %s\n", r.status, reason.c_str());
            code = exit_http_error;
        }
    }
    return code;
}

} // namespace

void add_fetch_command(CLI::App& app, action& run) {
    auto o = std::make_shared<fetch_options>();
    auto* cmd = app.add_subcommand("fetch", "Transfer URLs (http, https), as urlopen and curl do");
    cmd->add_option("url", o->urls, "URLs to fetch, in turn")->required();
    cmd->add_option("-o,--output", o->output, "Write the body to FILE");
    cmd->add_flag("-O,--remote-name", o->remote_name, "Write the body to the URL's file name");
    cmd->add_flag("-i,--include", o->include, "Print the status line and headers before the body");
    cmd->add_flag("-I,--head", o->head, "Send HEAD and print the status line and headers");
    cmd->add_option("-X,--request", o->method, "Request method");
    cmd->add_option("-H,--header", o->headers, "Extra header 'Name: value' (repeatable)");
    cmd->add_option("-d,--data", o->data, "POST this form data (@FILE reads a file)");
    cmd->add_option("--data-binary", o->data_binary, "POST these bytes (@FILE reads a file)");
    cmd->add_option("-F,--form", o->form,
                    "Form field name=value, or name=@FILE[;type=T][;filename=N] (repeatable)");
    cmd->add_option("--json", o->json, "POST JSON (sets Content-Type and Accept; @FILE reads a file)");
    cmd->add_option("-u,--user", o->user, "user:password for Basic authentication");
    cmd->add_flag("-L,--location", o->location, "Follow redirects (the default)");
    cmd->add_flag("!--no-location", o->location, "Do not follow redirects");
    cmd->add_flag("-k,--insecure", o->insecure, "Do not verify the server's certificate");
    cmd->add_option("--cacert", o->cacert, "Trust the CA certificates in FILE (PEM)");
    cmd->add_option("-m,--max-time", o->max_time, "Seconds the whole transfer may take");
    cmd->add_option("--connect-timeout", o->connect_timeout, "Seconds a connection may take")
        ->capture_default_str();
    cmd->add_option("-x,--proxy", o->proxy, "Use this proxy (http://[user:pass@]host:port) for every URL");
    cmd->add_flag("-s,--silent", o->silent, "No progress output");
    auto* resume = cmd->add_option("-C,--continue-at", "'-': resume a partial -o/-O file (Range, If-Range)");
    resume->each([o](const std::string& value) {
        if (value != "-") {
            throw CLI::ValidationError("-C", "only '-' (resume from the file's size) is supported");
        }
        o->resume = true;
    });
    cmd->add_flag("-v,--verbose", o->verbose, "Show the request and response heads on stderr");
    cmd->callback([&run, o] { run = [o] { return run_fetch(*o); }; });
}

} // namespace netkit::cli
