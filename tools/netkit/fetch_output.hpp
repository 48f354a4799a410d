// What netkit fetch writes besides a body: the name -O gives it, and -w's
// line.
#pragma once

#include <netkit/http/engine/client.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace netkit::cli {

// The file name -O writes: the URL path's last segment, or index.html.
inline std::string remote_file_name(const std::string& url) {
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

// curl's -w: the format with its variables filled in and its escapes read.
inline std::string write_out(std::string_view format, const http::client_response& r,
                             std::uint64_t downloaded, double seconds) {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c == '\\' && i + 1 < format.size()) {
            const char e = format[++i];
            out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            continue;
        }
        if (c == '%' && format.substr(i, 2) == "%%") {
            out += '%';
            ++i;
            continue;
        }
        if (c == '%' && format.substr(i, 2) == "%{") {
            const auto end = format.find('}', i);
            if (end != std::string_view::npos) {
                const auto name = format.substr(i + 2, end - i - 2);
                char number[64] = "";
                if (name == "http_code" || name == "response_code") {
                    std::snprintf(number, sizeof number, "%03d", r.status);
                } else if (name == "size_download") {
                    std::snprintf(number, sizeof number, "%llu",
                                  static_cast<unsigned long long>(downloaded));
                } else if (name == "time_total") {
                    std::snprintf(number, sizeof number, "%.6f", seconds);
                } else if (name == "num_redirects") {
                    std::snprintf(number, sizeof number, "%zu", r.redirects.size());
                } else if (name == "url_effective") {
                    out += r.url;
                } else if (name == "content_type") {
                    out += r.headers.get("Content-Type").value_or("");
                } else {
                    out.append(format.substr(i, end - i + 1)); // unknown: as written
                }
                out += number;
                i = end;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace netkit::cli
