#include <netkit/http/engine/static_files.hpp>

#include "http/engine/detail/static_files_internal.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/http/date.hpp>
#include <netkit/http/range.hpp>
#include <netkit/http/request_path.hpp>
#include <netkit/net/unique_fd.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <random>
#include <system_error>

namespace netkit::http {

namespace {

using detail::cache_entry;
using detail::file_info;
using detail::load_small;
using detail::lookup;
using detail::open_file;
using detail::out_of_descriptors;
using detail::siblings;
using detail::static_root;

// Does Accept-Encoding allow `coding` (RFC 9110 §12.5.3)?
bool accepts(std::string_view accept_encoding, std::string_view coding) {
    std::optional<bool> star;
    while (!accept_encoding.empty()) {
        const auto comma = accept_encoding.find(',');
        auto item = trim(accept_encoding.substr(0, comma));
        accept_encoding = comma == std::string_view::npos ? std::string_view{}
                                                          : accept_encoding.substr(comma + 1);
        const auto semi = item.find(';');
        const auto name = trim(item.substr(0, semi));
        bool allowed = true;
        if (semi != std::string_view::npos) {
            auto param = trim(item.substr(semi + 1));
            if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                const auto q = trim(param.substr(2));
                allowed = !q.empty() && q.find_first_not_of("0.") != std::string_view::npos;
            }
        }
        if (iequals(name, coding)) {
            return allowed;
        }
        if (name == "*") {
            star = allowed;
        }
    }
    return star.value_or(false);
}

// RFC 9110 §13.1.2: does If-None-Match list this entity tag (weak comparison)?
bool none_match(std::string_view header, std::string_view etag) {
    if (trim(header) == "*") {
        return true;
    }
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto tag = trim(header.substr(0, comma));
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        if (tag.substr(0, 2) == "W/") {
            tag.remove_prefix(2);
        }
        if (tag == etag) {
            return true;
        }
    }
    return false;
}

std::string make_boundary() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    static constexpr char digits[] = "0123456789abcdef";
    std::string b = "netkit-";
    auto bits = random();
    for (int i = 0; i < 16; ++i, bits >>= 4) {
        b += digits[bits & 15];
    }
    return b;
}

std::string content_range(std::uint64_t first, std::uint64_t last, std::uint64_t size) {
    return "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
           std::to_string(size);
}

// The bytes [offset, offset + length) of a representation: from memory for a
// small cached file, else from the file.
body_part slice(file_info& info, std::uint64_t offset, std::uint64_t length) {
    if (info.content) {
        if (offset == 0 && length == info.size) {
            return info.content;
        }
        return info.content->substr(offset, length);
    }
    return file_part{info.file, offset, length};
}

// Fills `r` (a fresh response: the caller's own, so that nothing is moved).
void serve_file(const static_root& root, cache_entry& entry, server_request& request,
                server_response& r) {
    const bool get = request.method() == "GET";
    // The fields that decide the answer, found in one pass.
    static constexpr std::array<std::string_view, 5> names{
        "Accept-Encoding", "If-None-Match", "If-Modified-Since", "Range", "If-Range"};
    std::array<const field_view*, 5> fields;
    request.head().find_each(names, fields);
    const auto [accept_encoding, if_none_match, if_modified_since, range, if_range] = fields;
    file_info* chosen = &entry.info;
    std::string_view coding;
    if (accept_encoding) {
        for (std::size_t i = 0; i < siblings.size(); ++i) {
            if (entry.compressed[i] && accepts(accept_encoding->value, siblings[i].coding)) {
                chosen = &*entry.compressed[i];
                coding = siblings[i].coding;
                break;
            }
        }
    }
    // Conditional requests, in RFC 9110 §13.2.2's order. A 304 carries the
    // validators, not the representation's metadata (§15.4.5).
    bool not_modified = false;
    if (if_none_match) {
        not_modified = none_match(if_none_match->value, chosen->etag);
    } else if (if_modified_since) {
        const auto since = parse_http_date(if_modified_since->value);
        not_modified = since && chosen->mtime <= since->time_since_epoch().count();
    }
    if (not_modified) {
        r.status = 304;
        (void)r.headers.add("ETag", chosen->etag);
        (void)r.headers.add("Last-Modified", chosen->last_modified);
        if (entry.any_sibling) {
            (void)r.headers.add("Vary", "Accept-Encoding");
        }
        return;
    }

    range_request ranges;
    if (range && get) {
        bool current = true;
        if (if_range) {
            // An entity tag must match strongly; a date must be exactly Last-Modified.
            current = if_range->value == chosen->etag || if_range->value == chosen->last_modified;
        }
        if (current) {
            ranges = parse_range(range->value, chosen->size);
        }
    }
    if (ranges.status == range_status::unsatisfiable) {
        r = error_response(416, "Requested Range Not Satisfiable");
        (void)r.headers.set("Content-Range", "bytes */" + std::to_string(chosen->size));
        return;
    }
    if (get) {
        load_small(*chosen, root.options.small_file);
    }
    if (ranges.status == range_status::ignore) {
        r.shared_fields = chosen->fields;
        if (chosen->size > 0) {
            r.parts.push_back(slice(*chosen, 0, chosen->size));
        }
        return;
    }
    r.status = 206;
    auto& h = r.headers;
    if (ranges.ranges.size() == 1) {
        const auto& one = ranges.ranges.front();
        r.shared_fields = chosen->fields;
        (void)h.add("Content-Range", content_range(one.first, one.last, chosen->size));
        r.parts.push_back(slice(*chosen, one.first, one.size()));
        return;
    }
    // Several ranges: multipart/byteranges (RFC 9110 §14.6).
    const std::string boundary = make_boundary();
    (void)h.add("Content-Type", "multipart/byteranges; boundary=" + boundary);
    (void)h.add("Last-Modified", chosen->last_modified);
    (void)h.add("ETag", chosen->etag);
    if (!coding.empty()) {
        (void)h.add("Content-Encoding", coding);
    }
    for (const auto& one : ranges.ranges) {
        r.parts.emplace_back(
            "\r\n--" + boundary + "\r\nContent-Type: " + entry.content_type +
            "\r\nContent-Range: " + content_range(one.first, one.last, chosen->size) + "\r\n\r\n");
        r.parts.push_back(slice(*chosen, one.first, one.size()));
    }
    r.parts.emplace_back("\r\n--" + boundary + "--\r\n");
}

server_response redirect_to_directory(const server_request& request) {
    // As http.server (and Apache) do: the same path with a slash, query kept.
    server_response r(301);
    std::string location(request.path());
    location += '/';
    if (!request.query().empty()) {
        location += '?';
        location += request.query();
    }
    (void)r.headers.set("Location", location);
    return r;
}

// Everything but uploads, answered at once: opening and reading files are
// system calls that do not wait on the network. false: an upload, for
// serve_upload().
bool serve_now(const static_root& root, server_request& request, server_response& out) {
    const auto method = request.method();
    if (root.options.upload && (method == "PUT" || method == "POST")) {
        return false;
    }
    if (method != "GET" && method != "HEAD") {
        out = error_response(501, "Unsupported method ('" + std::string(method) + "')");
        return true;
    }
    if (request.mount_path().empty()) {
        out = redirect_to_directory(request);
        return true;
    }
    const auto mapped = map_request_path(request.mount_path());
    if (!mapped) {
        out = error_response(404, "File not found");
        return true;
    }
    auto found = open_file(root, mapped->relative);
    if (found.kind == lookup::unavailable) {
        out = out_of_descriptors();
        return true;
    }
    if (found.kind == lookup::directory) {
        const net::unique_fd dir(found.dir_fd);
        if (!mapped->trailing_slash) {
            out = redirect_to_directory(request);
            return true;
        }
        const std::string prefix = mapped->relative.empty() ? "" : mapped->relative + "/";
        for (const char* index : {"index.html", "index.htm"}) {
            auto page = open_file(root, prefix + index);
            if (page.kind == lookup::found) {
                serve_file(root, *page.entry, request, out);
                return true;
            }
            if (page.kind == lookup::unavailable) {
                out = out_of_descriptors();
                return true;
            }
            if (page.dir_fd >= 0) {
                ::close(page.dir_fd);
            }
        }
        out = root.options.listing
                  ? detail::directory_listing(root, dir.get(), mapped->relative, request)
                  : error_response(403, "Directory listing is off");
        return true;
    }
    if (found.kind == lookup::not_regular) {
        out = error_response(403, "Not a regular file");
    } else if (found.kind == lookup::not_found || mapped->trailing_slash) {
        // "/file.txt/" names a directory that is not there (http.server: 404).
        out = error_response(404, "File not found");
    } else {
        serve_file(root, *found.entry, request, out);
    }
    return true;
}

// PUT stores a file; POST stores the files of a form into a directory.
asio::awaitable<server_response> serve_upload(std::shared_ptr<const static_root> root,
                                              server_request& request) {
    if (request.mount_path().empty()) {
        co_return redirect_to_directory(request);
    }
    const auto mapped = map_request_path(request.mount_path());
    if (!mapped) {
        co_return error_response(404, "File not found");
    }
    if (request.method() == "PUT") {
        co_return co_await detail::store_put(*root, request, mapped->relative);
    }
    auto found = open_file(*root, mapped->relative);
    if (found.kind == lookup::unavailable) {
        co_return out_of_descriptors();
    }
    if (found.kind != lookup::directory) {
        co_return error_response(405, "Upload into a directory (its path ends in /)");
    }
    const net::unique_fd dir(found.dir_fd);
    if (!mapped->trailing_slash) {
        co_return redirect_to_directory(request);
    }
    co_return co_await detail::store_form(*root, request, mapped->relative);
}

} // namespace

result<split_handler> static_files(static_files_options options) {
    auto root = std::make_shared<static_root>();
    root->root_fd = ::open(options.root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root->root_fd < 0) {
        return std::error_code(errno, std::system_category());
    }
    root->options = std::move(options);
    std::shared_ptr<const static_root> shared = std::move(root);
    return split_handler{
        [shared](server_request& request, server_response& response) {
            return serve_now(*shared, request, response);
        },
        [shared](server_request& request) { return serve_upload(shared, request); }};
}

server_response detail::out_of_descriptors() {
    server_response r = error_response(503, "Too many open files: try again");
    (void)r.headers.set("Retry-After", "1");
    return r;
}

} // namespace netkit::http
