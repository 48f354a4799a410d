#include <netkit/core/read_buffer.hpp>

#include <algorithm>
#include <cstring>

namespace netkit {

std::span<char> read_buffer::prepare(std::size_t min_room, std::size_t floor) {
    const std::size_t unread = end_ - begin_;
    if (unread == 0) {
        begin_ = end_ = 0;
    } else if (begin_ > 0 && capacity_ - end_ < min_room) {
        std::memmove(data_.get(), data_.get() + begin_, unread); // slide to the front
        begin_ = 0;
        end_ = unread;
    }
    if (capacity_ < floor || capacity_ - end_ < min_room) {
        const std::size_t grown = std::max({floor, capacity_ * 2, unread + min_room});
        auto bigger = std::make_unique_for_overwrite<char[]>(grown);
        if (unread > 0) {
            std::memcpy(bigger.get(), data_.get() + begin_, unread);
        }
        data_ = std::move(bigger);
        capacity_ = grown;
        begin_ = 0;
        end_ = unread;
    }
    return {data_.get() + end_, capacity_ - end_};
}

void read_buffer::release() noexcept {
    data_.reset();
    capacity_ = begin_ = end_ = 0;
}

void read_buffer::append(std::string_view bytes) {
    if (bytes.empty()) {
        return; // (no block made for nothing)
    }
    const auto room = prepare(bytes.size());
    std::copy(bytes.begin(), bytes.end(), room.begin());
    commit(bytes.size());
}

} // namespace netkit
