// client_stream: one exchange's response whose body the caller reads, and
// whose connection goes back to the pool at the end of it.
#include <netkit/http/engine/client.hpp>

#include "http/engine/detail/client_pool.hpp"

namespace netkit::http {

client_stream::client_stream(client_response head, std::unique_ptr<client_connection> c,
                             std::weak_ptr<pool> pool, std::string pool_key)
    : head_(std::move(head)), connection_(std::move(c)), pool_(std::move(pool)),
      pool_key_(std::move(pool_key)) {}

client_stream::client_stream(client_stream&&) noexcept = default;
client_stream& client_stream::operator=(client_stream&&) noexcept = default;
client_stream::~client_stream() = default;

asio::awaitable<result<std::string_view>> client_stream::read_some() {
    if (done_ || !connection_) {
        co_return std::string_view();
    }
    auto piece = co_await connection_->read_body_some();
    if (!piece) {
        connection_.reset(); // broken: closed, never pooled
        co_return piece.error();
    }
    if (piece->empty()) {
        give_back();
    }
    co_return *piece;
}

asio::awaitable<result<std::size_t>> client_stream::read_into(std::span<char> out) {
    if (done_ || !connection_ || out.empty()) {
        co_return std::size_t{0};
    }
    auto n = co_await connection_->read_body_into(out);
    if (!n) {
        connection_.reset(); // broken: closed, never pooled
        co_return n.error();
    }
    if (*n == 0) {
        give_back();
    }
    co_return *n;
}

void client_stream::give_back() {
    done_ = true;
    if (auto p = pool_.lock()) {
        p->put(pool_key_, std::move(connection_));
    }
    connection_.reset();
}

} // namespace netkit::http
