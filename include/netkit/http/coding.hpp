// Content codings (RFC 9110 §8.4): streaming decoders for gzip, deflate
// (zlib-wrapped, or raw as some servers send it), br and zstd, and a gzip
// encoder. Memory stays bounded: output is handed to a sink 16 KiB at a time,
// and a decoder stops with decoded_too_large at the caller's cap, so a
// decompression bomb ends in an error, never in an exhausted machine.
//
//     auto d = netkit::http::decoder::create(netkit::http::coding::gzip, 10 << 20).value();
//     auto sink = [&](std::string_view piece) { body.append(piece); };
//     d->write(compressed_piece, sink);   // as often as pieces arrive
//     d->finish(sink);                    // error if the stream ended early
#pragma once

#include <netkit/core/byte_sink.hpp>
#include <netkit/core/result.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>

namespace netkit::http {

enum class coding { gzip, deflate, br, zstd };

/// A Content-Encoding token ("gzip", "x-gzip", "deflate", "br", "zstd"; any case).
std::optional<coding> parse_coding(std::string_view name) noexcept;

/// Receives decoded (or encoded) bytes (core/byte_sink.hpp): a sink that
/// returns false stops a decoder with std::errc::operation_canceled.
using netkit::byte_sink;

class decoder {
public:
    virtual ~decoder() = default;

    /// A decoder that fails with decoded_too_large past `max_output` bytes.
    static result<std::unique_ptr<decoder>>
    create(coding c, std::uint64_t max_output = std::numeric_limits<std::uint64_t>::max());

    /// Decodes the next piece of the coded stream.
    virtual result<void> write(std::string_view input, const byte_sink& out) = 0;
    /// The coded stream has ended: truncated_content if it stopped midway.
    virtual result<void> finish(const byte_sink& out) = 0;
};

/// A streaming gzip encoder (level 1-9; 6 is zlib's default).
class gzip_encoder {
public:
    explicit gzip_encoder(int level = 6);
    ~gzip_encoder();
    gzip_encoder(const gzip_encoder&) = delete;
    gzip_encoder& operator=(const gzip_encoder&) = delete;

    void write(std::string_view input, const byte_sink& out);
    void finish(const byte_sink& out);

private:
    struct state;
    std::unique_ptr<state> state_;
};

} // namespace netkit::http
