// read_buffer: bytes read but not yet parsed, in one block that grows for a
// large head or body and can be given back when a connection idles. The one
// input buffer of the HTTP client's and server's connections.
//
//     netkit::read_buffer in;
//     auto room = in.prepare(16 * 1024);          // at least 16 KiB to read into
//     in.commit(co_await read_some(room));        // what arrived
//     auto step = parser.feed(in.unread());
//     in.consume(step.consumed);                  // what the parser used
//
// Views from unread() stay valid until the next prepare() or release().
// Nothing is zero-filled: a download is not memset before the kernel writes it.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

namespace netkit {

class read_buffer {
public:
    /// Room for at least `min_room` bytes after the unread ones, in a block
    /// of at least `floor` bytes. The unread bytes slide to the front when
    /// that makes the room; the block grows (doubling) when it does not.
    std::span<char> prepare(std::size_t min_room, std::size_t floor = 0);
    /// `n` bytes arrived in prepare()'s room.
    void commit(std::size_t n) noexcept { end_ += n; }
    /// Bytes that arrived elsewhere (read ahead, or into another buffer),
    /// after the unread ones.
    void append(std::string_view bytes);
    /// `n` bytes of unread() were used. (Inline: the server calls it for
    /// every step of every request.)
    void consume(std::size_t n) noexcept { begin_ += n; }

    std::string_view unread() const noexcept { return {data_.get() + begin_, end_ - begin_}; }
    /// The same bytes, for a reader that rewrites them in place (a WebSocket
    /// payload unmasked where it lies).
    std::span<char> unread_mutable() noexcept { return {data_.get() + begin_, end_ - begin_}; }
    bool empty() const noexcept { return begin_ == end_; }
    std::size_t capacity() const noexcept { return capacity_; }
    /// Gives the block back (when nothing is unread): an idle connection
    /// holds no input memory.
    void release() noexcept;

private:
    std::unique_ptr<char[]> data_;
    std::size_t capacity_ = 0;
    std::size_t begin_ = 0; // unread bytes are [begin_, end_)
    std::size_t end_ = 0;
};

} // namespace netkit
