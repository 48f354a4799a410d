// netkit fetch URL...: urlopen(...).read() and curl from the shell. Bodies go
// to stdout or a file; redirects are followed as urlopen follows them;
// content codings are asked for and decoded. A status of 400 or more is an
// answer like any other, as curl has it; with -f it is a failure: no body,
// "HTTP Error 404: Not Found" (as Python words it) and exit code 22.
#include "body_output.hpp"
#include "commands.hpp"
#include "cookie_files.hpp"
#include "exit_codes.hpp"
#include "fetch_form.hpp"
#include "fetch_options.hpp"
#include "fetch_output.hpp"
#include "fetch_urllib.hpp"
#include "output.hpp"
#include "progress_bar.hpp"

#include <netkit/cookie/engine/cookie_file.hpp>
#include <netkit/cookie/engine/firefox_cookies.hpp>
#include <netkit/core/ascii.hpp>
#include <netkit/core/error.hpp>
#include <netkit/http/date.hpp>
#include <netkit/http/range.hpp>
#include <netkit/http/status.hpp>
#include <netkit/net/error.hpp>
#include <netkit/net/unique_fd.hpp>
#include <netkit/sync/client.hpp>
#include <netkit/sync/error.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>
#include <netkit/url/url.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace netkit::cli {
namespace {

// -b and -c: the jar every request of the run shares, the files it was read
// from and is written to, and the -b data sent as it is.
struct cookie_setup {
    std::shared_ptr<cookie::jar> jar;
    std::optional<cookie::cookie_file> save_to;
    std::string literal; ///< "n=v; n2=v2" from -b, for every request
};

// Reads what -b and -c name; an exit code when a file cannot be used.
std::optional<int> set_up_cookies(const fetch_options& o, cookie_setup& setup) {
    if (o.cookies.empty() && o.cookie_jar.empty() && o.cookies_from_browser.empty()) {
        return std::nullopt;
    }
    setup.jar = std::make_shared<cookie::jar>();
    if (!o.cookies_from_browser.empty()) {
        const auto colon = o.cookies_from_browser.find(':');
        const std::string browser = o.cookies_from_browser.substr(0, colon);
        if (browser != "firefox") {
            return fail(exit_usage,
                        "--cookies-from-browser knows firefox (and firefox:PROFILE_DIR), not '" +
                            browser + "'");
        }
        const auto report = cookie::import_firefox_cookies(
            *setup.jar, colon == std::string::npos ? "" : o.cookies_from_browser.substr(colon + 1));
        if (!report.error.empty()) {
            return fail(exit_read_error, "cannot read Firefox's cookies: " + report.error);
        }
    }
    for (const auto& b : o.cookies) {
        if (b.find('=') != std::string::npos) { // curl's rule: data, not a file name
            setup.literal += (setup.literal.empty() ? "" : "; ") + b;
            continue;
        }
        auto file = read_cookie_file(b, false);
        if (!file) {
            return exit_read_error;
        }
        file->load_into(*setup.jar, !o.junk_session_cookies);
        if (b == o.cookie_jar) {
            // -b F -c F: the save merges against what was loaded, read once
            // (a second read could see another process's cookie as one of
            // ours that this run deleted).
            setup.save_to = std::move(*file);
        }
    }
    if (!o.cookie_jar.empty() && !setup.save_to) {
        auto file = cookie::cookie_file::open(o.cookie_jar);
        if (!file) {
            return fail(exit_read_error, "cannot read the cookie jar '" + o.cookie_jar +
                                             "': " + file.error().message());
        }
        setup.save_to = std::move(*file);
    }
    return std::nullopt;
}

// -c: the jar written at the end, whatever the transfers did.
int save_cookies(cookie_setup& setup, int code) {
    if (setup.save_to) {
        if (auto saved = setup.save_to->save(*setup.jar); !saved) {
            const int failed =
                fail(exit_write_error, "cannot write the cookie jar '" + setup.save_to->path() +
                                           "': " + saved.error().message());
            return code == exit_ok ? failed : code;
        }
    }
    return code;
}

std::string head_text(const http::client_response& r) {
    // HTTP/2 has no reason phrase: curl writes "HTTP/2 200 ".
    std::string text = (r.version_major == 2 ? std::string("HTTP/2")
                                             : "HTTP/1." + std::to_string(r.version_minor)) +
                       " " + std::to_string(r.status) + " " + r.reason + "\r\n";
    for (const auto& f : r.headers) {
        text += f.name + ": " + f.value + "\r\n";
    }
    return text + "\r\n";
}

int exit_code_for(const std::error_code& ec) {
    if (ec == http::error::unexpected_eof || ec == net::error::tls_truncated) {
        return exit_partial; // the body was cut short (over TLS too): curl's 18
    }
    if (ec.category() == http::error_category()) {
        return exit_failure;
    }
    if (ec == std::errc::connection_reset) {
        return exit_recv_error; // a connection that was made broke: curl's 56
    }
    return connect_exit_code(ec);
}

// Whether a failed transfer was cut by the network (the bytes so far are the
// server's, and -C - may continue them), not refused for what was sent (a
// malformed response, a decoding bomb: nothing of it is kept).
bool cut_by_the_network(const std::error_code& ec) {
    return ec == http::error::unexpected_eof || ec == net::error::tls_truncated ||
           ec == condition::timed_out || ec.category() == std::system_category() ||
           ec.category() == std::generic_category();
}

// A file to upload, open for the whole call (each URL sends it from the start).
class upload_source {
public:
    explicit upload_source(const std::string& path)
        : file_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        struct stat st {};
        if (file_ && ::fstat(file_.get(), &st) == 0 && S_ISREG(st.st_mode)) {
            size_ = static_cast<std::uint64_t>(st.st_size);
        } else {
            (void)file_.close(); // not a regular file: nothing to send
        }
    }
    bool ok() const noexcept { return static_cast<bool>(file_); }
    http::file_body body() const noexcept { return {file_.get(), 0, size_}; }

private:
    net::unique_fd file_;
    std::uint64_t size_ = 0;
};

// Why the answer to a resume (Range: bytes=HAVE-) cannot complete a file of
// `have` bytes; empty when it can: a 206 from HAVE of the identity encoding,
// a 416 whose "Content-Range: bytes */N" says the whole is N = HAVE bytes,
// or any other status (a 200 rewrites the file; an error is reported as one).
std::string resume_problem(const http::client_response& head, std::uint64_t have) {
    const auto range = head.headers.get("Content-Range");
    const std::string shown = range ? "'" + std::string(*range) + "'" : "none";
    if (head.status == 416) {
        const auto whole = range ? http::parse_content_range(*range) : std::nullopt;
        if (whole && !whole->range && whole->complete_length == have) {
            return {};
        }
        return "the server refused the range (416) without saying the file is whole at " +
               std::to_string(have) + " bytes (Content-Range: " + shown + ")";
    }
    if (head.status != 206) {
        return {};
    }
    if (const auto coding = head.headers.get("Content-Encoding");
        coding && !iequals(trim(*coding), "identity")) {
        return "the server sent a range of its " + std::string(*coding) +
               "-encoded form, which does not continue the file";
    }
    const auto part = range ? http::parse_content_range(*range) : std::nullopt;
    if (!part || !part->range || part->range->first != have) {
        return "the server sent another range than bytes " + std::to_string(have) +
               "- (Content-Range: " + shown + ")";
    }
    return {};
}

// One URL: the request, the head shown as asked, the body to its output.
int transfer(sync::client& web, const fetch_options& o, http::client_request request,
             http::client_response& r) {
    const std::string url = request.url;
    http::fields& headers = request.headers;
    // "-o -": stdout, asked for by name (binary output on a terminal too).
    const bool named_stdout = o.output == "-";
    const std::string file = named_stdout        ? ""
                             : !o.output.empty() ? o.output
                             : o.remote_name     ? remote_file_name(url)
                                                 : "";
    // curl's guard: bytes that are not text would drive the terminal.
    const bool guard_terminal = file.empty() && !named_stdout && ::isatty(STDOUT_FILENO);
    // -C -: the partial file a cut transfer (or curl) left, and its size.
    const auto partial = o.resume && !file.empty() ? body_output::partial_of(file) : std::nullopt;
    const bool resuming = partial.has_value();
    const std::uint64_t have = resuming ? partial->size : 0;
    if (resuming) {
        // Only the missing tail, and only if the file is still the one we
        // have part of (If-Range with the date it was stamped with). Of the
        // identity encoding: a server compressing on the fly (Apache's
        // mod_deflate) applies the range to its compressed stream otherwise.
        (void)headers.set("Range", "bytes=" + std::to_string(have) + "-");
        if (!headers.contains("Accept-Encoding")) {
            (void)headers.set("Accept-Encoding", "identity");
        }
        struct stat st {};
        if (::stat(partial->path.c_str(), &st) == 0) {
            (void)headers.set("If-Range", http::format_http_date(
                                              http::clock_time(std::chrono::seconds(st.st_mtime))));
        }
    }
    body_output output(file, resuming ? partial->path : "");
    std::optional<std::string> last_modified; // the head's: a kept partial file is stamped with it
    progress_bar progress(!file.empty() && !o.silent && ::isatty(STDERR_FILENO));
    // Why the body is not wanted, and how the command ends for it. Once it
    // is set, the sink stops the transfer.
    struct refusal {
        int code;
        std::string message;
    };
    std::optional<refusal> refused;
    auto cannot_write = [&] { return refusal{exit_write_error, output.failure()}; };
    bool failing = false;          // -f and a status of 400 or more: no body, the caller says so
    bool complete_already = false; // a 416 that says the file is whole
    std::uint64_t downloaded = 0;  // body bytes, for -w's %{size_download}
    request.on_head = [&](const http::client_response& head) {
        if (o.fail && head.status >= 400) {
            failing = true; // nothing is written: no file is made
            r.status = head.status;
            r.reason = head.reason;
            r.url = url;
            return;
        }
        if (resuming) {
            if (const auto problem = resume_problem(head, have); !problem.empty()) {
                refused = refusal{exit_range_error, "cannot resume '" + file + "': " + problem +
                                                        "; the partial file is left as it was"};
                return;
            }
            // Nothing left to fetch, as the server says of the whole size.
            complete_already = head.status == 416;
        }
        if (const auto stamp = head.headers.get("Last-Modified")) {
            last_modified = std::string(*stamp);
        }
        std::optional<std::uint64_t> total;
        if (const auto length = head.headers.get("Content-Length");
            length && !head.headers.contains("Content-Encoding")) {
            total = std::strtoull(std::string(*length).c_str(), nullptr, 10);
        }
        progress.start(total);
        if (!complete_already && !output.open(head.status, last_modified)) {
            refused = cannot_write();
            return;
        }
        if ((o.include || o.head) && !output.write(head_text(head))) {
            refused = cannot_write();
        }
    };
    request.on_body = [&](std::string_view piece) {
        if (failing || refused) {
            return false; // not wanted: stop
        }
        if (guard_terminal && downloaded == 0 && piece.find('\0') != std::string_view::npos) {
            refused = refusal{exit_write_error, "binary output can mess up your terminal: save it "
                                                "with -o FILE, or write it here anyway with -o -"};
            return false;
        }
        downloaded += piece.size();
        if (complete_already) {
            return true; // a 416's page, read to keep the connection
        }
        progress.add(piece.size());
        if (!output.write(piece)) {
            refused = cannot_write();
            return false;
        }
        return true;
    };
    const auto started = std::chrono::steady_clock::now();
    auto show_write_out = [&] {
        if (!o.write_out.empty()) {
            const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
            print_raw(write_out(o.write_out, r, downloaded, took.count()));
        }
    };
    try {
        r = web.request(std::move(request));
    } catch (const std::system_error& e) {
        if (!failing && !refused) { // else the body was not wanted (nor decodable, maybe)
            if (!cut_by_the_network(e.code())) {
                output.abandon();
                return fail(exit_code_for(e.code()), e.what());
            }
            return fail(exit_code_for(e.code()), output.cut_short(e.what(), last_modified));
        }
    }
    if (failing) {
        show_write_out();
        return exit_ok; // the caller reports the status
    }
    progress.finish();
    if (!refused && !output.finish(r.headers.get("Last-Modified"))) {
        refused = cannot_write();
    }
    if (refused) {
        output.abandon(); // a resumed file keeps what it had
        return fail(refused->code, refused->message);
    }
    if (complete_already) {
        r.status = 200; // the file was whole already: not an error
    }
    show_write_out();
    return exit_ok;
}

// The status line's error, as Python words it; true when the status is one.
bool report_status(const http::client_response& r, bool fail_on_error) {
    if (r.status < 400 || !fail_on_error) {
        return false;
    }
    const std::string reason =
        r.reason.empty() ? std::string(http::reason_phrase(r.status)) : r.reason;
    std::fprintf(stderr, "HTTP Error %d: %s\n", r.status,
                 reason.c_str()); // even with -s: the error
    return true;
}

int fetch_in_parallel(http::client_options options, const fetch_options& o,
                      const http::client_request& prototype) {
    // Four connections at first; once a response comes over HTTP/2 (one
    // connection, many streams), as many requests at once as curl -Z makes.
    constexpr std::size_t connections = 4;
    constexpr std::size_t streams = 50;
    std::size_t workers = 0;      // started
    std::size_t workers_left = 0; // not yet done
    asio::io_context io(1);
    http::client web(std::move(options));
    std::vector<std::optional<result<http::client_response>>> done(o.urls.size());
    std::size_t next = 0;    // the next URL to start
    std::size_t written = 0; // the URLs written out, in order
    int code = exit_ok;
    bool stopped = false; // a URL failed: as in turn, nothing after it is written
    // The URL whose turn it is streams straight out; the others wait until
    // their turn, in memory up to 1 MiB each and in an unnamed temporary file
    // past that, so that memory stays bounded whatever the sizes.
    constexpr std::size_t in_memory = 1 << 20;
    std::vector<std::string> waiting(o.urls.size());
    std::vector<std::unique_ptr<std::FILE, int (*)(std::FILE*)>> spilled;
    for (std::size_t i = 0; i < o.urls.size(); ++i)
        spilled.emplace_back(nullptr, &std::fclose);
    std::vector<bool> streamed(o.urls.size(), false);
    // Stdout refused bytes (its reader went away, a full disk): curl's 23,
    // and nothing more is fetched.
    body_output out(""); // stdout
    auto cannot_write = [&] {
        code = fail(exit_write_error, out.failure());
        stopped = true;
    };
    auto flush_waiting = [&](std::size_t i) {
        bool whole = true;
        if (spilled[i]) {
            std::rewind(spilled[i].get());
            char block[64 * 1024];
            for (std::size_t n;
                 whole && (n = std::fread(block, 1, sizeof block, spilled[i].get())) > 0;) {
                whole = out.write(std::string_view(block, n));
            }
            spilled[i].reset();
        }
        whole = whole && out.write(waiting[i]);
        waiting[i].clear();
        waiting[i].shrink_to_fit();
        return whole;
    };
    auto write_ready = [&] {
        while (!stopped && written < done.size() && done[written]) {
            auto& r = *done[written];
            if (!r) {
                code = fail(exit_code_for(r.error()), net::describe(r.error(), o.urls[written]));
                stopped = true;
                break;
            }
            if (!flush_waiting(written)) { // what was not streamed
                cannot_write();
                break;
            }
            if (report_status(*r, o.fail)) {
                code = exit_http_error;
            }
            ++written;
        }
    };
    std::function<void(std::size_t)> add_workers;
    auto worker = [&]() -> asio::awaitable<void> {
        while (!stopped && next < o.urls.size()) {
            const std::size_t i = next++;
            http::client_request request = prototype;
            request.url = o.urls[i];
            request.on_body = [&, i](std::string_view piece) {
                if (stopped) {
                    return false; // nothing more is written
                }
                if (i == written) {
                    const bool before =
                        streamed[i] || flush_waiting(i); // what came before its turn
                    streamed[i] = true;
                    if (!before || !out.write(piece)) {
                        cannot_write();
                        return false;
                    }
                } else if (spilled[i] || waiting[i].size() + piece.size() > in_memory) {
                    if (!spilled[i]) {
                        spilled[i].reset(std::tmpfile());
                        if (spilled[i]) {
                            std::fwrite(waiting[i].data(), 1, waiting[i].size(), spilled[i].get());
                            waiting[i].clear();
                            waiting[i].shrink_to_fit();
                        }
                    }
                    if (spilled[i]) {
                        std::fwrite(piece.data(), 1, piece.size(), spilled[i].get());
                    } else {
                        waiting[i].append(piece); // no temporary file: memory it is
                    }
                } else {
                    waiting[i].append(piece);
                }
                return true;
            };
            done[i] = co_await web.request(std::move(request));
            if (*done[i] && (*done[i])->version_major == 2) {
                add_workers(streams);
            }
            write_ready();
        }
        if (--workers_left == 0) {
            io.stop(); // (an HTTP/2 connection's loops would keep it running)
        }
    };
    add_workers = [&](std::size_t wanted) {
        for (; workers < std::min(wanted, o.urls.size()); ++workers) {
            ++workers_left;
            asio::co_spawn(io, worker(), asio::detached);
        }
    };
    add_workers(connections);
    io.run();
    return code;
}

// A URL as curl reads one from the command line: without a scheme it is
// http://; otherwise it must be an RFC 3986 URI (the strict parser names the
// position and the rule it breaks; URLs with non-ASCII text, IRIs, are left
// to the lenient splitter), with a host and a port in range. nullopt when it
// is fine, else the exit code, having said why.
std::optional<int> check_url(std::string& text) {
    if (text.find("://") == std::string::npos && !is_urllib_url(text)) {
        text = "http://" + text; // as curl guesses (data: and file:/x need no "//")
    }
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        return std::nullopt;
    }
    url::parse_error where;
    const auto u = url::parse_uri(text, &where);
    if (!u) {
        return fail(exit_malformed_url, "malformed URL '" + text + "': " + where.message());
    }
    if (u->scheme() != "http" && u->scheme() != "https") {
        return std::nullopt; // the client says which schemes it takes
    }
    if (!u->has_authority() || u->host().empty()) {
        return fail(exit_malformed_url, "malformed URL '" + text + "': no host");
    }
    if (u->has_port() && !u->port().empty() && !u->port_number()) {
        return fail(exit_malformed_url, "malformed URL '" + text + "': port " +
                                            std::string(u->port()) + " is out of range 0-65535");
    }
    return std::nullopt;
}

int run_fetch(fetch_options o) {
    for (auto& u : o.urls) {
        if (const auto failed = check_url(u)) {
            return *failed;
        }
    }
    if (!o.output.empty() && o.urls.size() > 1) {
        return fail(exit_usage, "-o names one file: give one URL with it (or -O for each)");
    }
    cookie_setup cookies;
    if (const auto failed = set_up_cookies(o, cookies)) {
        return *failed;
    }
    http::client_options options;
    options.cookies = cookies.jar;
    options.follow_redirects = o.location;
    // As urlopen: the proxies of the environment; -x for every URL (curl's).
    options.proxies = http::proxy_settings::from_environment();
    if (!o.proxy.empty()) {
        options.proxies.http = options.proxies.https = o.proxy;
    }
    options.decode = true;
    if (o.verbose) {
        // What went over the wire, as curl -v shows it; a peer's bytes
        // cannot drive the terminal.
        options.trace = [](std::string_view line) {
            std::fprintf(stderr, "%s\n", terminal_safe(line, false).c_str());
        };
    }
    options.tls.verify = !o.insecure;
    options.tls.ca_file = o.cacert;
    options.version = o.http1_1                 ? http::http_version::http1_1
                      : o.http2_prior_knowledge ? http::http_version::http2_prior_knowledge
                                                : http::http_version::any;
    options.connect_timeout =
        std::chrono::milliseconds(static_cast<long long>(o.connect_timeout * 1000));
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
        if (auto added =
                headers.add(h.substr(0, colon), trim(std::string_view(h).substr(colon + 1)));
            !added) {
            return fail(exit_usage, "bad header '" + h + "': " + added.error().message());
        }
    }
    std::string body;
    std::string method = o.method;
    std::string upload_path = o.upload_file;
    if (!o.data_binary.empty() && o.data_binary.front() == '@') {
        upload_path = o.data_binary.substr(1); // streamed from disk, not read whole
        method = method.empty() ? "POST" : method;
        if (!headers.contains("Content-Type")) {
            (void)headers.add("Content-Type", "application/x-www-form-urlencoded");
        }
    } else if (!o.data.empty() || !o.data_binary.empty()) {
        if (!load_data(o.data_binary.empty() ? o.data : o.data_binary, body)) {
            return fail(exit_usage,
                        "cannot read '" + (o.data_binary.empty() ? o.data : o.data_binary) + "'");
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
    if (!o.user_agent.empty()) {
        if (auto set = headers.set("User-Agent", o.user_agent); !set) {
            return fail(exit_usage, "bad --user-agent: " + set.error().message());
        }
    } else if (!headers.contains("User-Agent")) {
        (void)headers.add("User-Agent", "netkit-fetch");
    }
    if (!cookies.literal.empty()) {
        if (auto set = headers.set("Cookie", cookies.literal); !set) {
            return fail(exit_usage, "bad -b cookie data: " + set.error().message());
        }
    }
    if (method.empty()) {
        method = !upload_path.empty() ? "PUT" : o.head ? "HEAD" : "GET";
    }
    std::optional<upload_source> upload;
    if (!upload_path.empty()) {
        upload.emplace(upload_path);
        if (!upload->ok()) {
            return fail(exit_usage, "cannot read '" + upload_path + "'");
        }
    }

    // Several URLs to stdout, nothing else asked of the output: fetched on a
    // few connections at once and written in turn (the way past one
    // connection's round trip), as curl -Z does.
    if (!o.upload_file.empty()) {
        // curl's -T: a URL ending in '/' names a folder; the file keeps its name.
        const std::string name = std::filesystem::path(o.upload_file).filename().string();
        for (auto& u : o.urls) {
            if (u.ends_with('/')) {
                u += url::quote(name);
            }
        }
    }
    http::client_request prototype; // each URL's request, but for the URL
    prototype.method = method;
    prototype.headers = headers;
    if (upload) {
        prototype.body = upload->body();
    } else {
        prototype.body = body;
    }
    const bool any_urllib = std::any_of(o.urls.begin(), o.urls.end(), is_urllib_url);
    if (any_urllib && (upload || !body.empty() || !o.method.empty())) {
        return fail(exit_usage, "-d, -F, -T and -X go with http:// and https:// URLs only");
    }
    if (o.urls.size() > 1 && o.output.empty() && !o.remote_name && !o.resume && !o.verbose &&
        !o.fail && o.write_out.empty() && !o.include && !o.head && !upload && !any_urllib) {
        return save_cookies(cookies, fetch_in_parallel(std::move(options), o, prototype));
    }
    sync::client web(options);
    int code = exit_ok;
    for (const auto& url : o.urls) {
        if (is_urllib_url(url)) { // file:, data:, ftp:, ftps:
            if (const int failed = transfer_by_urllib(o, url); failed != exit_ok) {
                return save_cookies(cookies, failed);
            }
            continue;
        }
        http::client_response r;
        http::client_request request = prototype;
        request.url = url;
        if (const int failed = transfer(web, o, std::move(request), r); failed != exit_ok) {
            return save_cookies(cookies, failed);
        }
        if (o.verbose) {
            for (const auto& from : r.redirects) {
                std::fprintf(stderr, "* redirected from %s\n", from.c_str());
            }
        }
        if (report_status(r, o.fail)) {
            code = exit_http_error;
        }
    }
    return save_cookies(cookies, code);
}

} // namespace

void add_fetch_command(CLI::App& app, action& run) {
    auto o = std::make_shared<fetch_options>();
    auto* cmd = app.add_subcommand(
        "fetch", "Transfer URLs (http, https, ftp, ftps, file, data), as urlopen and curl do");
    cmd->footer(R"(Examples:
  netkit fetch https://example.org/                  the body on stdout
  netkit fetch -O -C - https://host/big.iso          to big.iso, resuming a partial one
  netkit fetch -f -s -o page.html -w '%{http_code}\n' http://host/
  netkit fetch --json '{"a":1}' http://127.0.0.1:8080/post
  netkit fetch -F name=ada -F photo=@me.png -u ada:secret http://host/upload)");
    cmd->add_option("url", o->urls, "URLs to fetch, in turn (without a scheme: http://)")
        ->required();

    const std::string output = "Output";
    cmd->add_option("-o,--output", o->output, "Write the body to FILE")->group(output);
    cmd->add_flag("-O,--remote-name", o->remote_name, "Write the body to the URL's file name")
        ->group(output);
    cmd->add_option("-C,--continue-at", "Resume a partial -o/-O file (Range, If-Range): give '-'")
        ->type_name("-")
        ->group(output)
        ->each([o](const std::string& value) {
            if (value != "-") {
                throw CLI::ValidationError("-C",
                                           "only '-' (resume from the file's size) is supported");
            }
            o->resume = true;
        });
    cmd->add_flag("-i,--include", o->include, "Print the status line and headers before the body")
        ->group(output);
    cmd->add_flag("-I,--head", o->head, "Send HEAD and print the status line and headers")
        ->group(output);
    cmd->add_flag("-f,--fail", o->fail,
                  "A status of 400 or more fails: no body, 'HTTP Error 404: ...', exit 22")
        ->group(output);
    cmd->add_option("-w,--write-out", o->write_out,
                    "After each transfer, print FORMAT: %{http_code}, %{size_download}, "
                    "%{time_total}, %{url_effective}, %{content_type}, %{num_redirects}, \\n")
        ->group(output);
    cmd->add_flag("-s,--silent", o->silent, "No progress output")->group(output);
    cmd->add_flag("-v,--verbose", o->verbose, "Show the heads as they go over the wire, on stderr")
        ->group(output);

    const std::string request = "Request";
    cmd->add_option("-X,--request", o->method, "Request method")->group(request);
    // (Each of the repeatable options takes one value, as curl's do: a
    // vector option would otherwise take the URLs after it too.)
    cmd->add_option("-H,--header", o->headers, "Extra header 'Name: value' (repeatable)")
        ->allow_extra_args(false)
        ->group(request);
    cmd->add_option("-A,--user-agent", o->user_agent, "User-Agent to send (default: netkit-fetch)")
        ->group(request);
    cmd->add_option("-d,--data", o->data, "POST this form data (@FILE reads a file)")
        ->group(request);
    cmd->add_option("--data-binary", o->data_binary, "POST these bytes (@FILE streams a file)")
        ->group(request);
    cmd->add_option("--json", o->json,
                    "POST JSON (sets Content-Type and Accept; @FILE reads a file)")
        ->group(request);
    cmd->add_option("-F,--form", o->form,
                    "Form field name=value, or name=@FILE[;type=T][;filename=N] (repeatable)")
        ->allow_extra_args(false)
        ->group(request);
    cmd->add_option("-T,--upload-file", o->upload_file, "PUT this file (streamed from disk)")
        ->group(request);

    // Codings are asked for and decoded by default (gzip, deflate, br,
    // zstd): --compressed is curl's way to ask, accepted as it is.
    cmd->add_flag_callback(
           "--compressed", [] {}, "Ask for a compressed body and decode it (the default)")
        ->group(request);

    const std::string connection = "Connection";
    cmd->add_flag("-L,--location", o->location, "Follow redirects (the default)")
        ->group(connection);
    cmd->add_flag_callback(
           "--no-location", [o] { o->location = false; }, "Do not follow redirects")
        ->group(connection);
    cmd->add_option("-m,--max-time", o->max_time, "Seconds the whole transfer may take")
        ->group(connection);
    cmd->add_option("--connect-timeout", o->connect_timeout, "Seconds a connection may take")
        ->capture_default_str()
        ->group(connection);
    cmd->add_option("-x,--proxy", o->proxy,
                    "Use this proxy (http://[user:pass@]host:port) for every URL")
        ->group(connection);

    const std::string tls = "TLS";
    cmd->add_flag("--http1.1", o->http1_1, "HTTP/1.1 only (no HTTP/2 by ALPN)")->group(tls);
    cmd->add_flag("--http2", o->http2, "HTTP/2 when the server offers it over TLS (the default)")
        ->group(tls);
    cmd->add_flag("--http2-prior-knowledge", o->http2_prior_knowledge,
                  "HTTP/2 from the first byte, in clear text too (h2c)")
        ->group(tls);
    cmd->add_flag("-k,--insecure", o->insecure, "Do not verify the server's certificate")
        ->group(tls);
    cmd->add_option("--cacert", o->cacert, "Trust the CA certificates in FILE (PEM)")->group(tls);

    const std::string cookie_group = "Cookies";
    cmd->add_option("-b,--cookie", o->cookies,
                    "Send cookies: 'name=value; n2=v2', or read a cookies.txt FILE (repeatable)")
        ->allow_extra_args(false)
        ->group(cookie_group);
    cmd->add_option("-c,--cookie-jar", o->cookie_jar,
                    "Write every cookie to FILE (cookies.txt) at the end, merged with what "
                    "others saved there meanwhile")
        ->group(cookie_group);
    cmd->add_option("--cookies-from-browser", o->cookies_from_browser,
                    "Send the cookies of a browser profile: firefox, or firefox:PROFILE_DIR")
        ->group(cookie_group);
    cmd->add_flag("-j,--junk-session-cookies", o->junk_session_cookies,
                  "Leave out the session cookies of the -b files")
        ->group(cookie_group);
    cmd->add_option("-u,--user", o->user, "user:password for Basic or Digest authentication")
        ->group("Authentication");
    cmd->callback([&run, o] { run = [o] { return run_fetch(*o); }; });
}

} // namespace netkit::cli
