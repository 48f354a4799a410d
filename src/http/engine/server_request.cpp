#include <netkit/cookie/cookie_header.hpp>
#include <netkit/core/ascii.hpp>
#include <netkit/http/engine/server.hpp>

#include "http/engine/detail/request_source.hpp"

namespace netkit::http {

std::optional<std::string_view> server_request::header(std::string_view name) const noexcept {
    if (const auto* f = head_.find(name)) {
        return f->value;
    }
    return std::nullopt;
}

std::vector<std::pair<std::string_view, std::string_view>> server_request::cookies() const {
    std::vector<std::pair<std::string_view, std::string_view>> all;
    for (const auto& f : head_.fields) {
        if (iequals(f.name, "Cookie")) {
            const auto pairs = cookie::parse_cookie_header(f.value);
            all.insert(all.end(), pairs.begin(), pairs.end());
        }
    }
    return all;
}

std::optional<std::string_view> server_request::cookie(std::string_view name) const {
    for (const auto& [key, value] : cookies()) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view server_request::param(std::string_view name) const noexcept {
    for (const auto& [key, value] : params_) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

void server_request::split_target() noexcept {
    std::string_view path = head_.target;
    if (head_.form == target_form::absolute) {
        const auto authority = path.find("//");
        const auto slash = path.find('/', authority == std::string_view::npos ? 0 : authority + 2);
        path = slash == std::string_view::npos ? std::string_view("/") : path.substr(slash);
    }
    const auto question = path.find('?');
    path_ = path.substr(0, question);
    query_ = question == std::string_view::npos ? std::string_view{} : path.substr(question + 1);
    mount_path_ = path_;
}

std::string_view server_request::remote_address() const {
    return source_ ? source_->remote_address() : std::string_view{};
}

bool server_request::has_body() const noexcept {
    return source_ && source_->request_has_body();
}

asio::awaitable<result<std::string_view>> server_request::read_some() {
    if (!source_) {
        co_return std::string_view{};
    }
    co_return co_await source_->read_body_some();
}

asio::awaitable<result<std::string>> server_request::read_body(std::size_t max_size) {
    std::string body;
    for (;;) {
        auto chunk = co_await read_some();
        if (!chunk) {
            co_return chunk.error();
        }
        if (chunk->empty()) {
            co_return body;
        }
        if (chunk->size() > max_size - body.size()) {
            co_return make_error_code(error::body_too_large);
        }
        body.append(*chunk);
    }
}

} // namespace netkit::http
