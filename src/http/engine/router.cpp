#include "http/engine/detail/router.hpp"

#include <algorithm>

namespace netkit::http {
namespace {

std::vector<std::string> split_segments(std::string_view path) {
    std::vector<std::string> out;
    if (!path.empty() && path.front() == '/') {
        path.remove_prefix(1);
    }
    for (;;) {
        const auto slash = path.find('/');
        out.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            return out;
        }
        path.remove_prefix(slash + 1);
    }
}

} // namespace

void router::add(std::string_view method, std::string_view pattern, split_handler h) {
    routes_.push_back(route{std::string(method), split_segments(pattern), std::move(h)});
}

void router::mount(std::string_view prefix, split_handler h) {
    std::string p(prefix);
    if (p.empty() || p.back() != '/') {
        p += '/';
    }
    mounts_.push_back(mount_point{std::move(p), std::move(h)});
    std::stable_sort(mounts_.begin(), mounts_.end(), [](const auto& a, const auto& b) {
        return a.prefix.size() > b.prefix.size();
    });
}

bool router::matches(const route& r, std::string_view path, server_request* fill) {
    if (!path.empty() && path.front() == '/') {
        path.remove_prefix(1);
    }
    for (std::size_t i = 0; i < r.segments.size(); ++i) {
        const std::string& want = r.segments[i];
        if (want == "*" && i + 1 == r.segments.size()) {
            if (fill)
                fill->params_.emplace_back("*", path);
            return true;
        }
        const auto slash = path.find('/');
        const auto segment = path.substr(0, slash);
        if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
            if (segment.empty())
                return false;
            if (fill) {
                fill->params_.emplace_back(std::string_view(want).substr(1, want.size() - 2),
                                           segment);
            }
        } else if (segment != want) {
            return false;
        }
        const bool last = i + 1 == r.segments.size();
        if (slash == std::string_view::npos) {
            return last;
        }
        if (last) {
            return false;
        }
        path.remove_prefix(slash + 1);
    }
    return false;
}

router::match router::find(server_request& request) const {
    match out;
    const auto path = request.path();
    for (const auto& r : routes_) {
        if (!matches(r, path, nullptr)) {
            continue;
        }
        if (r.method == request.method() || (r.method == "GET" && request.method() == "HEAD")) {
            request.params_.clear();
            matches(r, path, &request);
            request.mount_path_ = path;
            out.target = &r.target;
            return out;
        }
        if (out.allow.find(r.method) == std::string::npos) {
            out.allow += out.allow.empty() ? "" : ", ";
            out.allow += r.method;
            if (r.method == "GET")
                out.allow += ", HEAD";
        }
    }
    if (!out.allow.empty()) {
        return out;
    }
    for (const auto& m : mounts_) {
        const std::string_view prefix = std::string_view(m.prefix).substr(0, m.prefix.size() - 1);
        if (path.substr(0, prefix.size()) == prefix &&
            (path.size() == prefix.size() || path[prefix.size()] == '/')) {
            // "/files" under a mount at "/files/" leaves an empty path: the
            // handler redirects to the directory form, as for any directory.
            request.mount_path_ = path.substr(prefix.size());
            out.target = &m.target;
            return out;
        }
    }
    return out;
}

} // namespace netkit::http
