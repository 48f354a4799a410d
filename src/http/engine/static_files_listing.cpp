// The directory listing: http.server's page (same title, every name reachable
// through its link) with sizes, times, sorting and an upload form, readable
// on a phone and without JavaScript; JSON for `Accept: application/json`.
#include "http/engine/detail/static_files_internal.hpp"

#include <netkit/core/ascii.hpp>
#include <netkit/core/escape.hpp>
#include <netkit/core/utf8.hpp>
#include <netkit/http/date.hpp>
#include <netkit/json/value.hpp>
#include <netkit/url/query.hpp>
#include <netkit/url/quote.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace netkit::http::detail {

namespace {

struct entry {
    std::string name; // bytes, as on disk
    bool directory = false;
    bool symlink = false;
    bool reachable = true; // a link that leads outside the root (or nowhere) is not
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
};

std::vector<entry> read_entries(const static_root& root, int dir_fd, const std::string& relative) {
    std::vector<entry> out;
    const int own = ::dup(dir_fd);
    DIR* dir = own >= 0 ? ::fdopendir(own) : nullptr;
    if (!dir) {
        if (own >= 0)
            ::close(own);
        return out;
    }
    while (const dirent* d = ::readdir(dir)) {
        const std::string_view name = d->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        entry e;
        e.name = std::string(name);
        struct stat st {};
        if (::fstatat(dir_fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            continue;
        }
        if (S_ISLNK(st.st_mode)) {
            e.symlink = true;
            // Follow it only as far as the root allows (no peeking outside).
            const int fd =
                open_beneath(root, relative.empty() ? e.name : relative + "/" + e.name, O_PATH);
            e.reachable = fd >= 0 && ::fstat(fd, &st) == 0;
            if (fd >= 0)
                ::close(fd);
        }
        e.directory = e.reachable && S_ISDIR(st.st_mode);
        e.size = e.directory || !e.reachable ? 0 : static_cast<std::uint64_t>(st.st_size);
        e.mtime = st.st_mtim.tv_sec;
        out.push_back(std::move(e));
    }
    ::closedir(dir);
    return out;
}

std::string link_of(const entry& e) {
    // urllib.parse.quote of every byte but the unreserved ones: spaces, '%',
    // '#', '?', '&', ':' and bytes that are not UTF-8 all survive the trip.
    return url::quote_from_bytes(e.name, "") + (e.directory ? "/" : "");
}

std::string human_size(std::uint64_t size) {
    static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = static_cast<double>(size);
    int unit = 0;
    while (value >= 1024 && unit < 5) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    if (unit == 0) {
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(size));
    } else {
        std::snprintf(text, sizeof text, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
    return text;
}

std::string iso_time(std::int64_t seconds) {
    const std::time_t t = seconds;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char text[32];
    // With its zone: a time without one reads as the reader's own.
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return text;
}

struct sort_order {
    std::string key = "name"; // name, size, time
    bool descending = false;
};

sort_order sort_from(std::string_view query) {
    sort_order order;
    const auto pairs = url::try_parse_qsl(query);
    if (!pairs) {
        return order;
    }
    for (const auto& [name, value] : *pairs) {
        if (name == "sort" && (value == "name" || value == "size" || value == "time")) {
            order.key = value;
        } else if (name == "order") {
            order.descending = value == "desc";
        }
    }
    return order;
}

void sort_entries(std::vector<entry>& entries, const sort_order& order) {
    // http.server sorts by name.lower(); ties (and equal sizes or times) by name.
    auto by_name = [](const entry& a, const entry& b) {
        const auto la = lower_copy(a.name), lb = lower_copy(b.name);
        return la != lb ? la < lb : a.name < b.name;
    };
    std::sort(entries.begin(), entries.end(), [&](const entry& a, const entry& b) {
        if (order.key == "size" && a.size != b.size) {
            return order.descending ? a.size > b.size : a.size < b.size;
        }
        if (order.key == "time" && a.mtime != b.mtime) {
            return order.descending ? a.mtime > b.mtime : a.mtime < b.mtime;
        }
        return order.descending && order.key == "name" ? by_name(b, a) : by_name(a, b);
    });
}

// The request path as http.server shows it: percent-decoded, HTML-escaped.
std::string display_path(const server_request& request) {
    return html_escape(url::unquote_to_bytes(request.path()));
}

std::string sort_link(const sort_order& current, std::string_view key, std::string_view label) {
    const bool active = current.key == key;
    const bool next_desc = active && !current.descending;
    std::string a = "<a href=\"?sort=" + std::string(key) +
                    "&amp;order=" + (next_desc ? "desc" : "asc") + "\">" + std::string(label);
    if (active) {
        a += current.descending ? " &#9660;" : " &#9650;";
    }
    return a + "</a>";
}

constexpr std::string_view style = R"(<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0 auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.3rem; word-break: break-all; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .35rem .5rem; text-align: left; border-bottom: 1px solid #8884; }
td.size, th.size { text-align: right; white-space: nowrap; }
td.time { white-space: nowrap; }
td.name { word-break: break-all; }
@media (max-width: 36rem) { .time { display: none; } }
form { margin: 1rem 0; }
</style>)";

server_response html_listing(const static_root& root, const std::vector<entry>& entries,
                             const server_request& request, const sort_order& order, bool at_root) {
    const std::string title = "Directory listing for " + display_path(request);
    std::string page;
    page.reserve(1024 + entries.size() * 200);
    page += "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    page += "<title>" + title + "</title>\n";
    page += style;
    page += "\n</head>\n<body>\n<h1>" + title + "</h1>\n<hr>\n<table>\n<thead><tr>";
    page += "<th class=\"name\">" + sort_link(order, "name", "Name") + "</th>";
    page += "<th class=\"size\">" + sort_link(order, "size", "Size") + "</th>";
    page += "<th class=\"time\">" + sort_link(order, "time", "Modified") + "</th>";
    page += "</tr></thead>\n<tbody>\n";
    if (!at_root) {
        page += "<tr><td class=\"name\"><a href=\"../\">../</a></td><td class=\"size\"></td>"
                "<td class=\"time\"></td></tr>\n";
    }
    for (const auto& e : entries) {
        // As http.server: "/" after a directory, "@" after a symbolic link.
        const std::string shown = html_escape(e.name) + (e.symlink ? "@" : e.directory ? "/" : "");
        page += "<tr><td class=\"name\"><a href=\"" + html_escape(link_of(e)) + "\">" + shown +
                "</a></td>";
        page += "<td class=\"size\"";
        if (!e.directory && e.reachable) {
            page += " title=\"" + std::to_string(e.size) + " bytes\">" + human_size(e.size);
        } else {
            page += ">&mdash;";
        }
        page += "</td><td class=\"time\">" + iso_time(e.mtime) + "</td></tr>\n";
    }
    page += "</tbody>\n</table>\n<hr>\n";
    if (root.options.upload) {
        page += "<form method=\"post\" enctype=\"multipart/form-data\">\n"
                "<input type=\"file\" name=\"file\" multiple required>\n"
                "<button type=\"submit\">Upload</button>\n</form>\n";
    }
    page += "</body>\n</html>\n";
    return server_response(200, std::move(page), "text/html; charset=utf-8");
}

server_response json_listing(const std::vector<entry>& entries, const server_request& request) {
    json::array items;
    for (const auto& e : entries) {
        json::object item;
        item.emplace_back("name", is_valid_utf8(e.name) ? e.name : repair_utf8(e.name));
        item.emplace_back("href", link_of(e));
        item.emplace_back("type", e.directory                 ? "directory"
                                  : e.symlink && !e.reachable ? "symlink"
                                                              : "file");
        item.emplace_back("symlink", e.symlink);
        item.emplace_back("size", static_cast<std::int64_t>(e.size));
        item.emplace_back("modified", e.mtime);
        items.emplace_back(std::move(item));
    }
    json::object doc;
    doc.emplace_back("path", repair_utf8(url::unquote_to_bytes(request.path())));
    doc.emplace_back("entries", std::move(items));
    return server_response(200, json::value(std::move(doc)).dump() + "\n", "application/json");
}

bool wants_json(const server_request& request) {
    const auto accept = request.header("Accept");
    return accept && accept->find("application/json") != std::string_view::npos &&
           accept->find("text/html") == std::string_view::npos;
}

} // namespace

server_response directory_listing(const static_root& root, int dir_fd, const std::string& relative,
                                  const server_request& request) {
    auto entries = read_entries(root, dir_fd, relative);
    const auto order = sort_from(request.query());
    sort_entries(entries, order);
    auto r = wants_json(request) ? json_listing(entries, request)
                                 : html_listing(root, entries, request, order, relative.empty());
    (void)r.headers.set("Vary", "Accept");
    (void)r.headers.set("Cache-Control", "no-cache");
    return r;
}

} // namespace netkit::http::detail
