#include <netkit/json/url.hpp>

#include <netkit/url/error.hpp>

#include <optional>
#include <string_view>
#include <type_traits>

namespace netkit::json {
namespace {

value optional_text(const std::optional<std::string_view>& v) {
    return v ? value(*v) : value();
}

template <class Result> value fields(const Result& r) {
    object o;
    o.emplace_back("scheme", value(r.scheme()));
    o.emplace_back("netloc", value(r.netloc()));
    o.emplace_back("path", value(r.path()));
    if constexpr (std::is_same_v<Result, url::parse_result>) {
        o.emplace_back("params", value(r.params()));
    }
    o.emplace_back("query", value(r.query()));
    o.emplace_back("fragment", value(r.fragment()));
    o.emplace_back("username", optional_text(r.username()));
    o.emplace_back("password", optional_text(r.password()));
    const auto host = r.hostname();
    o.emplace_back("hostname", host ? value(*host) : value());
    try {
        const auto port = r.port();
        o.emplace_back("port", port ? value(static_cast<std::int64_t>(*port)) : value());
    } catch (const url::value_error& e) {
        o.emplace_back("port", value(object{{"error", value(e.what())}}));
    }
    return value(std::move(o));
}

} // namespace

value url_fields(const url::split_result& r) {
    return fields(r);
}

value url_fields(const url::parse_result& r) {
    return fields(r);
}

} // namespace netkit::json
