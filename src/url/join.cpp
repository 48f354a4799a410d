#include <netkit/url/join.hpp>
#include <netkit/url/split.hpp>

#include <vector>

namespace netkit::url {
namespace {

// Splits at every '/', as str.split('/') does.
std::vector<std::string_view> split_segments(std::string_view path) {
    std::vector<std::string_view> out;
    for (;;) {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            return out;
        }
        path.remove_prefix(slash + 1);
    }
}

template <class Parse>
result<std::string> join(std::string_view base, std::string_view url, bool allow_fragments,
                         Parse parse) {
    if (base.empty()) {
        return std::string(url);
    }
    if (url.empty()) {
        return std::string(base);
    }
    auto b = parse(base, std::string_view(), allow_fragments);
    if (!b) {
        return b.error();
    }
    const std::string base_scheme(b->scheme());
    auto r = parse(url, base_scheme, allow_fragments);
    if (!r) {
        return r.error();
    }
    const std::string_view scheme = r->scheme();
    if (scheme != base_scheme || !uses_relative(scheme)) {
        return std::string(url);
    }
    std::string_view netloc = r->netloc();
    if (uses_netloc(scheme)) {
        if (!netloc.empty()) {
            return urlunparse(scheme, netloc, r->path(), r->params(), r->query(), r->fragment());
        }
        netloc = b->netloc();
    }
    if (r->path().empty() && r->params().empty()) {
        const std::string_view query = r->query().empty() ? b->query() : r->query();
        return urlunparse(scheme, netloc, b->path(), b->params(), query, r->fragment());
    }

    std::vector<std::string_view> segments;
    if (r->path().starts_with("/")) {
        segments = split_segments(r->path());
    } else {
        segments = split_segments(b->path());
        if (segments.back() != "") {
            segments.pop_back(); // the base's last segment is replaced
        }
        const auto tail = split_segments(r->path());
        segments.insert(segments.end(), tail.begin(), tail.end());
        // Python drops empty segments between the first and the last.
        std::vector<std::string_view> kept;
        kept.reserve(segments.size());
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (i == 0 || i + 1 == segments.size() || !segments[i].empty()) {
                kept.push_back(segments[i]);
            }
        }
        segments.swap(kept);
    }
    std::vector<std::string_view> resolved;
    for (auto segment : segments) {
        if (segment == "..") {
            if (!resolved.empty()) {
                resolved.pop_back();
            }
        } else if (segment != ".") {
            resolved.push_back(segment);
        }
    }
    if (segments.back() == "." || segments.back() == "..") {
        resolved.push_back("");
    }
    std::string path;
    for (std::size_t i = 0; i < resolved.size(); ++i) {
        if (i > 0) {
            path += '/';
        }
        path.append(resolved[i]);
    }
    if (path.empty()) {
        path.push_back('/'); // not `path = "/"`: g++ 12 -O3 warns falsely (-Wrestrict)
    }
    return urlunparse(scheme, netloc, path, r->params(), r->query(), r->fragment());
}

} // namespace

result<std::string> try_urljoin(std::string_view base, std::string_view url, bool allow_fragments) {
    return join(base, url, allow_fragments, [](std::string_view u, std::string_view s, bool f) {
        return try_urlparse(u, s, f);
    });
}

std::string urljoin(std::string_view base, std::string_view url, bool allow_fragments) {
    auto out = join(base, url, allow_fragments,
                    [](std::string_view u, std::string_view s, bool f) -> result<parse_result> {
                        return urlparse(u, s, f); // throws value_error with Python's message
                    });
    return std::move(out).value();
}

} // namespace netkit::url
