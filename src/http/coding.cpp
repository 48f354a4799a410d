#include <netkit/core/ascii.hpp>
#include <netkit/http/coding.hpp>
#include <netkit/http/error.hpp>

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <array>

namespace netkit::http {
namespace {

constexpr std::size_t piece_size = 16 * 1024; // what a sink receives at a time
// RFC 8878 §3.1.1.1.2 / browsers: a zstd window of at most 8 MiB for HTTP.
constexpr int zstd_window_log_max = 23;

// Counts decoded bytes against the caller's cap.
class counted_output {
public:
    explicit counted_output(std::uint64_t cap) : cap_(cap) {}
    result<void> emit(const byte_sink& out, const char* data, std::size_t n) {
        if (n == 0) {
            return {};
        }
        if (n > cap_ - total_) {
            return error::decoded_too_large;
        }
        total_ += n;
        if (!out(std::string_view(data, n))) {
            return std::make_error_code(std::errc::operation_canceled);
        }
        return {};
    }

private:
    std::uint64_t cap_;
    std::uint64_t total_ = 0;
};

class zlib_decoder final : public decoder {
public:
    zlib_decoder(coding c, std::uint64_t cap) : output_(cap), gzip_(c == coding::gzip) {}
    ~zlib_decoder() override {
        if (initialized_) {
            inflateEnd(&z_);
        }
    }

    result<void> init(int window_bits) {
        z_ = {};
        if (inflateInit2(&z_, window_bits) != Z_OK) {
            return error::bad_content_coding;
        }
        initialized_ = true;
        return {};
    }

    result<void> write(std::string_view input, const byte_sink& out) override {
        if (initialized_) {
            return inflate_all(input, out);
        }
        // HTTP's "deflate" is zlib-wrapped, but some servers send a raw
        // deflate stream: the zlib header (RFC 1950 §2.2) tells them apart.
        pending_.append(input);
        if (pending_.size() < 2) {
            return {}; // wait for both header bytes
        }
        const unsigned cmf = static_cast<unsigned char>(pending_[0]);
        const unsigned flg = static_cast<unsigned char>(pending_[1]);
        const bool zlib_header = (cmf & 0x0F) == 8 && ((cmf << 8) | flg) % 31 == 0;
        if (auto ok = init(zlib_header ? 15 : -15); !ok) {
            return ok;
        }
        const std::string held = std::move(pending_);
        return inflate_all(held, out);
    }

    result<void> finish(const byte_sink& out) override {
        if (!initialized_) {
            return pending_.empty() ? result<void>{} : result<void>(error::truncated_content);
        }
        if (auto ok = inflate_all({}, out); !ok) {
            return ok;
        }
        return ended_ ? result<void>{} : result<void>(error::truncated_content);
    }

private:
    result<void> inflate_all(std::string_view input, const byte_sink& out) {
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
        z_.avail_in = static_cast<uInt>(input.size());
        std::array<char, piece_size> buffer;
        while (!ended_ || z_.avail_in > 0) {
            if (ended_) {
                // Data after the end of a gzip member: another member follows
                // (RFC 1952 §2.2 allows several); anything else is an error.
                if (!gzip_ || inflateReset(&z_) != Z_OK) {
                    return error::bad_content_coding;
                }
                ended_ = false;
            }
            z_.next_out = reinterpret_cast<Bytef*>(buffer.data());
            z_.avail_out = static_cast<uInt>(buffer.size());
            const int rc = inflate(&z_, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
                return error::bad_content_coding;
            }
            if (auto ok = output_.emit(out, buffer.data(), buffer.size() - z_.avail_out); !ok) {
                return ok;
            }
            if (rc == Z_STREAM_END) {
                ended_ = true;
                if (z_.avail_in == 0) {
                    break;
                }
                continue;
            }
            if (z_.avail_out != 0 || rc == Z_BUF_ERROR) {
                break; // all input used
            }
        }
        return {};
    }

    counted_output output_;
    bool gzip_;
    bool initialized_ = false;
    bool ended_ = false;
    std::string pending_; // the first bytes of a "deflate" stream, held until its kind is known
    z_stream z_{};
};

class brotli_decoder final : public decoder {
public:
    explicit brotli_decoder(std::uint64_t cap)
        : output_(cap), state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {}
    ~brotli_decoder() override { BrotliDecoderDestroyInstance(state_); }

    result<void> write(std::string_view input, const byte_sink& out) override {
        const auto* next_in = reinterpret_cast<const std::uint8_t*>(input.data());
        std::size_t available_in = input.size();
        std::array<std::uint8_t, piece_size> buffer;
        for (;;) {
            std::uint8_t* next_out = buffer.data();
            std::size_t available_out = buffer.size();
            const auto rc = BrotliDecoderDecompressStream(state_, &available_in, &next_in,
                                                          &available_out, &next_out, nullptr);
            if (rc == BROTLI_DECODER_RESULT_ERROR) {
                return error::bad_content_coding;
            }
            if (auto ok = output_.emit(out, reinterpret_cast<const char*>(buffer.data()),
                                       buffer.size() - available_out);
                !ok) {
                return ok;
            }
            if (rc == BROTLI_DECODER_RESULT_SUCCESS) {
                done_ = true;
                return available_in == 0 ? result<void>{} : result<void>(error::bad_content_coding);
            }
            if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
                return {};
            }
        }
    }

    result<void> finish(const byte_sink&) override {
        return done_ ? result<void>{} : result<void>(error::truncated_content);
    }

private:
    counted_output output_;
    BrotliDecoderState* state_;
    bool done_ = false;
};

class zstd_decoder final : public decoder {
public:
    explicit zstd_decoder(std::uint64_t cap) : output_(cap), stream_(ZSTD_createDStream()) {
        ZSTD_DCtx_setParameter(stream_, ZSTD_d_windowLogMax, zstd_window_log_max);
    }
    ~zstd_decoder() override { ZSTD_freeDStream(stream_); }

    result<void> write(std::string_view input, const byte_sink& out) override {
        ZSTD_inBuffer in{input.data(), input.size(), 0};
        std::array<char, piece_size> buffer;
        for (;;) {
            ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
            const std::size_t rc = ZSTD_decompressStream(stream_, &o, &in);
            if (ZSTD_isError(rc)) {
                return error::bad_content_coding;
            }
            frame_done_ = rc == 0;
            if (auto ok = output_.emit(out, buffer.data(), o.pos); !ok) {
                return ok;
            }
            // zstd may take in all the input before it has decoded it: go on
            // until a call makes no progress (or the frame is done).
            if (in.pos == in.size && (o.pos == 0 || frame_done_)) {
                return {};
            }
        }
    }

    result<void> finish(const byte_sink& out) override {
        if (frame_done_) {
            return {}; // (another call would report a new frame's header as missing)
        }
        if (auto ok = write({}, out); !ok) {
            return ok;
        }
        return frame_done_ ? result<void>{} : result<void>(error::truncated_content);
    }

private:
    counted_output output_;
    ZSTD_DStream* stream_;
    bool frame_done_ = false;
};

} // namespace

std::optional<coding> parse_coding(std::string_view name) noexcept {
    if (iequals(name, "gzip") || iequals(name, "x-gzip")) {
        return coding::gzip;
    }
    if (iequals(name, "deflate")) {
        return coding::deflate;
    }
    if (iequals(name, "br")) {
        return coding::br;
    }
    if (iequals(name, "zstd")) {
        return coding::zstd;
    }
    return std::nullopt;
}

result<std::unique_ptr<decoder>> decoder::create(coding c, std::uint64_t max_output) {
    switch (c) {
    case coding::gzip:
    case coding::deflate: {
        auto d = std::make_unique<zlib_decoder>(c, max_output);
        if (c == coding::gzip) {
            if (auto ok = d->init(15 + 16); !ok) {
                return ok.error();
            }
        }
        return std::unique_ptr<decoder>(std::move(d));
    }
    case coding::br: return std::unique_ptr<decoder>(std::make_unique<brotli_decoder>(max_output));
    case coding::zstd: return std::unique_ptr<decoder>(std::make_unique<zstd_decoder>(max_output));
    }
    return error::unknown_content_coding;
}

struct gzip_encoder::state {
    z_stream z{};
};

gzip_encoder::gzip_encoder(int level) : state_(std::make_unique<state>()) {
    deflateInit2(&state_->z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

gzip_encoder::~gzip_encoder() {
    deflateEnd(&state_->z);
}

namespace {
void deflate_into(z_stream& z, std::string_view input, int flush, const byte_sink& out) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z.avail_in = static_cast<uInt>(input.size());
    std::array<char, piece_size> buffer;
    do {
        z.next_out = reinterpret_cast<Bytef*>(buffer.data());
        z.avail_out = static_cast<uInt>(buffer.size());
        deflate(&z, flush);
        const std::size_t n = buffer.size() - z.avail_out;
        if (n > 0 && !out(std::string_view(buffer.data(), n))) {
            return; // the sink has had enough
        }
    } while (z.avail_out == 0);
}
} // namespace

void gzip_encoder::write(std::string_view input, const byte_sink& out) {
    deflate_into(state_->z, input, Z_NO_FLUSH, out);
}

void gzip_encoder::finish(const byte_sink& out) {
    deflate_into(state_->z, {}, Z_FINISH, out);
}

} // namespace netkit::http
