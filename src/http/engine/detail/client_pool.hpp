// The client's idle connections, by route (origin, and proxy or tunnel):
// the client takes them for new requests, and the streams it opened give
// theirs back when their body has been read to its end.
#pragma once

#include <netkit/http/engine/client.hpp>
#include <netkit/http/engine/client_connection.hpp>

#include "http/engine/detail/http2_client.hpp"

#include <asio/steady_timer.hpp>
#include <cstddef>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace netkit::http {

// Idle connections kept per route.
inline constexpr std::size_t max_idle_per_origin = 8;

struct client_stream::pool {
    std::map<std::string, std::vector<std::unique_ptr<client_connection>>> idle;
    // One HTTP/2 connection per route, shared by every request to it.
    std::map<std::string, std::shared_ptr<detail::http2_client_session>> http2;
    // Routes with a connection being made that may turn out HTTP/2: the
    // requests that come meanwhile wait for it (canceled when it is made)
    // rather than each opening a connection of its own.
    std::map<std::string, std::shared_ptr<asio::steady_timer>> connecting;

    void put(const std::string& key, std::unique_ptr<client_connection> c) {
        auto& kept = idle[key];
        if (c->reusable() && kept.size() < max_idle_per_origin) {
            kept.push_back(std::move(c));
        }
    }
    bool has(const std::string& key) const {
        const auto found = idle.find(key);
        return found != idle.end() && !found->second.empty();
    }
};

} // namespace netkit::http
