#include <netkit/ws/error.hpp>
#include <netkit/ws/reader.hpp>

#include <algorithm>

namespace netkit::ws {

reader::reader(const reader_options& options) : options_(options) {}

void reader::use_deflate(bool no_context_takeover) {
    inflate_.emplace(no_context_takeover, options_.max_message);
}

result<read_step> reader::feed(std::span<char> bytes) {
    std::size_t used = 0;
    for (;;) {
        if (!in_frame_) {
            const std::string_view rest(bytes.data() + used, bytes.size() - used);
            auto n = parse_frame_header(rest, frame_, {options_.reader, inflate_.has_value()});
            if (!n) {
                return n.error();
            }
            if (*n == 0) {
                return read_step{used, event::need_more};
            }
            used += *n;
            if (auto ok = start_frame(frame_); !ok) {
                return ok.error();
            }
        }
        const std::uint64_t due = frame_.length - frame_read_;
        const std::size_t take =
            static_cast<std::size_t>(std::min<std::uint64_t>(due, bytes.size() - used));
        char* piece = bytes.data() + used;
        if (frame_.masked) {
            apply_mask(piece, take, frame_.mask, frame_read_);
        }
        frame_read_ += take;
        used += take;
        if (auto ok = take_payload(std::string_view(piece, take)); !ok) {
            return ok.error();
        }
        if (frame_read_ < frame_.length) {
            return read_step{used, event::need_more};
        }
        auto step = end_frame(used);
        if (!step || step->what != event::need_more) {
            return step;
        }
        // A fragment that ends no message: on to the next frame.
    }
}

result<void> reader::start_frame(const frame_header& h) {
    in_frame_ = true;
    frame_read_ = 0;
    if (is_control(h.op)) {
        if (h.rsv1) {
            return error::reserved_bits; // RFC 7692 §6: data frames only
        }
        control_.clear();
        return {};
    }
    if (h.op == opcode::continuation) {
        if (!in_message_) {
            return error::unexpected_continuation;
        }
        if (h.rsv1) {
            return error::reserved_bits; // RFC 7692 §6.1: the first frame only
        }
    } else {
        if (in_message_) {
            return error::expected_continuation;
        }
        in_message_ = true;
        compressed_ = h.rsv1;
        message_type_ = h.op;
        message_.clear();
        utf8_.reset();
    }
    // Uncompressed, the frame's length says at once whether the message
    // will fit; compressed, the inflater counts what it makes.
    if (!compressed_ && h.length > options_.max_message - message_.size()) {
        return error::message_too_big;
    }
    return {};
}

result<void> reader::take_payload(std::string_view piece) {
    if (is_control(frame_.op)) {
        control_.append(piece);
        return {};
    }
    const std::size_t before = message_.size();
    if (compressed_) {
        if (auto ok = inflate_->write(piece, message_); !ok) {
            return ok;
        }
    } else {
        message_.append(piece);
    }
    if (message_type_ == opcode::text && !utf8_.feed(std::string_view(message_).substr(before))) {
        return error::invalid_utf8;
    }
    return {};
}

result<read_step> reader::end_frame(std::size_t consumed) {
    in_frame_ = false;
    switch (frame_.op) {
    case opcode::ping: return read_step{consumed, event::ping};
    case opcode::pong: return read_step{consumed, event::pong};
    case opcode::close: {
        auto status = parse_close(control_);
        if (!status) {
            return status.error();
        }
        close_ = *status;
        return read_step{consumed, event::close};
    }
    default: break;
    }
    if (!frame_.fin) {
        return read_step{consumed, event::need_more};
    }
    if (compressed_) {
        const std::size_t before = message_.size();
        if (auto ok = inflate_->finish(message_); !ok) {
            return ok.error();
        }
        if (message_type_ == opcode::text &&
            !utf8_.feed(std::string_view(message_).substr(before))) {
            return error::invalid_utf8;
        }
    }
    if (message_type_ == opcode::text && !utf8_.complete()) {
        return error::invalid_utf8;
    }
    in_message_ = false;
    return read_step{consumed, event::message};
}

} // namespace netkit::ws
