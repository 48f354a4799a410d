// What the threads of one server share, and what each thread keeps of its
// own connections (to time them out, to make room, to stop).
#pragma once

#include "http/engine/detail/router.hpp"

#include <netkit/http/engine/server.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <list>

namespace netkit::http::detail {

class connection;

struct server_state {
    server_options options;
    router routes;
    std::atomic<std::size_t> open_connections{0};
    /// Of those, the ones handed to another protocol (WebSockets): they
    /// send no files, so they need one descriptor where others need two.
    std::atomic<std::size_t> upgraded_connections{0};
    std::atomic<bool> stopping{false};
};

/// The connections of one thread, oldest first. Only that thread touches it.
using connection_list = std::list<connection*>;

} // namespace netkit::http::detail
