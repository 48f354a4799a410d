#include "fetch_urllib.hpp"

#include "body_output.hpp"
#include "exit_codes.hpp"
#include "fetch_output.hpp"
#include "output.hpp"
#include "progress_bar.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/request/error.hpp>
#include <netkit/request/ftp_handler.hpp>
#include <netkit/sync/urlopen.hpp>
#include <netkit/url/error.hpp>
#include <netkit/url/quote.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace netkit::cli {

namespace {

std::string scheme_of(std::string_view url) {
    const auto colon = url.find(':');
    return colon == std::string_view::npos ? std::string() : lower_copy(url.substr(0, colon));
}

// curl's exit code for what urlopen raised.
int exit_code_for(const sync::url_error& e) {
    const std::error_code why = e.reason();
    if (why.category() == std::generic_category()) {
        return exit_read_file; // a file: URL's file
    }
    if (why == request::error::ftp_login_refused) {
        return exit_login_denied;
    }
    if (why == request::error::ftp_file_not_found) {
        return exit_remote_missing;
    }
    if (why.category() == request::error_category()) {
        return exit_failure;
    }
    return connect_exit_code(why);
}

// "ftp://host/x" with -u USER:PASSWORD: the credentials in the URL, which is
// where urllib's FTP handler takes them from.
std::string with_user(const std::string& url, const std::string& user) {
    const auto authority = url.find("://");
    if (user.empty() || authority == std::string::npos) {
        return url;
    }
    const auto start = authority + 3;
    const auto end = url.find_first_of("/?#", start);
    if (url.substr(start, end - start).find('@') != std::string::npos) {
        return url; // the URL's own win
    }
    const auto colon = user.find(':');
    std::string userinfo = url::quote(user.substr(0, colon), "");
    if (colon != std::string::npos) {
        userinfo += ":" + url::quote(user.substr(colon + 1), "");
    }
    return url.substr(0, start) + userinfo + "@" + url.substr(start);
}

std::string head_text(const http::fields& headers) {
    std::string text;
    for (const auto& f : headers) {
        text += f.name + ": " + f.value + "\r\n";
    }
    return text + "\r\n";
}

} // namespace

bool is_urllib_url(std::string_view url) {
    const std::string scheme = scheme_of(url);
    return scheme == "file" || scheme == "data" || scheme == "ftp" || scheme == "ftps";
}

int transfer_by_urllib(const fetch_options& o, const std::string& url) {
    const std::string scheme = scheme_of(url);
    const bool named_stdout = o.output == "-";
    const std::string file = named_stdout        ? ""
                             : !o.output.empty() ? o.output
                             : o.remote_name     ? remote_file_name(url)
                                                 : "";
    const auto partial = o.resume && !file.empty() && scheme != "data"
                             ? body_output::partial_of(file)
                             : std::nullopt;
    const bool resuming = partial.has_value();

    ftp::client_options ftp_options;
    ftp_options.timeout =
        std::chrono::milliseconds(static_cast<long long>(o.connect_timeout * 1000));
    if (scheme == "ftps") {
        auto tls = net::tls_context::client({.verify = !o.insecure, .ca_file = o.cacert});
        if (!tls) {
            return fail(exit_usage,
                        "cannot use --cacert '" + o.cacert + "': " + tls.error().message());
        }
        ftp_options.tls = std::move(*tls);
    }
    sync::opener opener({std::make_shared<request::ftp_handler>(std::move(ftp_options))});
    sync::request asked(with_user(url, o.user));
    if (resuming) {
        asked.add_header("Range", "bytes=" + std::to_string(partial->size) + "-");
    }
    const auto started = std::chrono::steady_clock::now();
    std::optional<sync::url_response> r;
    try {
        r.emplace(opener.open(std::move(asked)));
    } catch (const sync::url_error& e) {
        return fail(exit_code_for(e), e.what());
    } catch (const url::value_error& e) {
        return fail(exit_malformed_url, "malformed URL '" + url + "': " + e.message());
    }
    // A resume the handler did not take (no Content-Range) starts over.
    const bool resumed = resuming && r->info().contains("Content-Range");
    body_output output(file, resuming ? partial->path : "");
    if (!output.open(resumed ? 206 : 200, r->info().get("Last-modified"))) {
        return fail(exit_write_error, output.failure());
    }
    if ((o.include || o.head) && !output.write(head_text(r->info()))) {
        return fail(exit_write_error, output.failure());
    }
    std::uint64_t downloaded = 0;
    if (!o.head) {
        std::optional<std::uint64_t> total;
        if (const auto length = r->info().get("Content-length")) {
            total = parse_decimal(*length);
        }
        progress_bar progress(!file.empty() && !o.silent && ::isatty(STDERR_FILENO));
        progress.start(total);
        try {
            for (std::string piece = r->read(64 * 1024); !piece.empty();
                 piece = r->read(64 * 1024)) {
                downloaded += piece.size();
                progress.add(piece.size());
                if (!output.write(piece)) {
                    output.abandon();
                    return fail(exit_write_error, output.failure());
                }
            }
        } catch (const std::system_error& e) {
            return fail(exit_partial, output.cut_short(e.what(), r->info().get("Last-modified")));
        }
        progress.finish();
    }
    if (!output.finish(r->info().get("Last-modified"))) {
        return fail(exit_write_error, output.failure());
    }
    if (!o.write_out.empty()) {
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        http::client_response answer; // no status: curl's 000
        answer.url = r->geturl();
        answer.headers = r->info();
        print_raw(write_out(o.write_out, answer, downloaded, took.count()));
    }
    return exit_ok;
}

} // namespace netkit::cli
