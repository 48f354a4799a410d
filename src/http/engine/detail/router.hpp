// Which handler serves a request: routes (method and path pattern) first,
// then the mount with the longest matching prefix.
#pragma once

#include <netkit/http/engine/server.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace netkit::http {

class router {
public:
    // Every handler is kept split: a plain function as `immediate` alone, a
    // coroutine as `deferred` alone.
    void add(std::string_view method, std::string_view pattern, split_handler h);
    void mount(std::string_view prefix, split_handler h);

    struct match {
        const split_handler* target = nullptr; ///< nullptr: none
        std::string allow; ///< with no target: the methods the path has, for 405
    };
    /// Finds the handler for `request`, filling its params and mount path.
    match find(server_request& request) const;

private:
    struct route {
        std::string method;
        std::vector<std::string> segments; // "{name}", "*" or literal text
        split_handler target;
    };
    struct mount_point {
        std::string prefix; // ends with '/'
        split_handler target;
    };
    static bool matches(const route& r, std::string_view path, server_request* fill);

    std::vector<route> routes_;
    std::vector<mount_point> mounts_; // longest prefix first
};

} // namespace netkit::http
