#include <netkit/core/ascii.hpp>
#include <netkit/ws/error.hpp>
#include <netkit/ws/extensions.hpp>
#include <netkit/ws/permessage_deflate.hpp>

#include <zlib.h>

#include <algorithm>
#include <array>
#include <new>
#include <utility>

namespace netkit::ws {
namespace {

constexpr std::string_view extension_name = "permessage-deflate";
constexpr std::array<char, 4> sync_tail = {0x00, 0x00, static_cast<char>(0xFF),
                                           static_cast<char>(0xFF)};

// One offer or response read into parameters. `bits` of -1: the parameter
// was absent; 0: present without a value (client_max_window_bits in an
// offer); 8-15 otherwise.
struct read_params {
    bool server_no_context_takeover = false;
    bool client_no_context_takeover = false;
    int server_max_window_bits = -1;
    int client_max_window_bits = -1;
};

// 8-15 written as a plain decimal (RFC 7692 §7.1.2.1: no leading zeros).
std::optional<int> window_bits_value(const std::string& v) {
    if (v.empty() || v.size() > 2 || v[0] == '0') {
        return std::nullopt;
    }
    const auto n = parse_decimal(v);
    if (!n || *n < 8 || *n > 15) {
        return std::nullopt;
    }
    return static_cast<int>(*n);
}

// §7.1: each parameter once, known, with a value only where one belongs.
std::optional<read_params> read(const extension& e) {
    read_params p;
    bool seen[4] = {};
    for (const auto& param : e.params) {
        const auto once = [&](int i) { return !std::exchange(seen[i], true); };
        if (param.name == "server_no_context_takeover" && once(0) && !param.value) {
            p.server_no_context_takeover = true;
        } else if (param.name == "client_no_context_takeover" && once(1) && !param.value) {
            p.client_no_context_takeover = true;
        } else if (param.name == "server_max_window_bits" && once(2) && param.value) {
            const auto bits = window_bits_value(*param.value);
            if (!bits) {
                return std::nullopt;
            }
            p.server_max_window_bits = *bits;
        } else if (param.name == "client_max_window_bits" && once(3)) {
            const auto bits = param.value ? window_bits_value(*param.value) : std::optional<int>(0);
            if (!bits) {
                return std::nullopt;
            }
            p.client_max_window_bits = *bits;
        } else {
            return std::nullopt;
        }
    }
    return p;
}

// What zlib can compress with: 9-15 (its raw deflate refuses 8).
int usable_bits(int bits) {
    return std::clamp(bits, 9, 15);
}

} // namespace

result<std::optional<deflate_agreement>> negotiate_deflate(std::string_view offered,
                                                           const deflate_options& options) {
    auto list = parse_extensions(offered);
    if (!list) {
        return list.error();
    }
    for (const auto& e : *list) {
        if (e.name != extension_name) {
            continue;
        }
        const auto offer = read(e);
        if (!offer || offer->server_max_window_bits == 8) {
            continue; // declined: the next offer may do
        }
        deflate_agreement a;
        auto& p = a.params;
        p.server_no_context_takeover =
            offer->server_no_context_takeover || options.server_no_context_takeover;
        p.client_no_context_takeover =
            offer->client_no_context_takeover || options.client_no_context_takeover;
        p.server_max_window_bits =
            std::min(usable_bits(options.server_max_window_bits),
                     offer->server_max_window_bits > 0 ? offer->server_max_window_bits : 15);
        // The client's window may be limited only if it said it can be.
        p.client_max_window_bits = 15;
        if (offer->client_max_window_bits >= 0) {
            p.client_max_window_bits =
                std::min(usable_bits(options.client_max_window_bits),
                         offer->client_max_window_bits > 0 ? offer->client_max_window_bits : 15);
        }
        a.response = std::string(extension_name);
        if (p.server_no_context_takeover) {
            a.response += "; server_no_context_takeover";
        }
        if (p.client_no_context_takeover) {
            a.response += "; client_no_context_takeover";
        }
        if (offer->server_max_window_bits > 0 || p.server_max_window_bits < 15) {
            a.response += "; server_max_window_bits=";
            append_decimal(a.response, static_cast<std::uint64_t>(p.server_max_window_bits));
        }
        if (offer->client_max_window_bits >= 0 && p.client_max_window_bits < 15) {
            a.response += "; client_max_window_bits=";
            append_decimal(a.response, static_cast<std::uint64_t>(p.client_max_window_bits));
        }
        return std::optional<deflate_agreement>(std::move(a));
    }
    return std::optional<deflate_agreement>();
}

std::string deflate_offer(const deflate_options& options) {
    std::string offer(extension_name);
    if (options.server_no_context_takeover) {
        offer += "; server_no_context_takeover";
    }
    if (options.client_no_context_takeover) {
        offer += "; client_no_context_takeover";
    }
    if (options.server_max_window_bits < 15) {
        offer += "; server_max_window_bits=";
        append_decimal(offer,
                       static_cast<std::uint64_t>(usable_bits(options.server_max_window_bits)));
    }
    // The server may limit our window: say so, with our own limit if any.
    offer += "; client_max_window_bits";
    if (options.client_max_window_bits < 15) {
        offer += '=';
        append_decimal(offer,
                       static_cast<std::uint64_t>(usable_bits(options.client_max_window_bits)));
    }
    return offer;
}

result<std::optional<deflate_params>> accept_deflate_response(std::string_view response,
                                                              const deflate_options& offered) {
    auto list = parse_extensions(response);
    if (!list) {
        return list.error();
    }
    if (list->empty()) {
        return std::optional<deflate_params>();
    }
    if (list->size() != 1 || (*list)[0].name != extension_name) {
        return error::unrequested_extension;
    }
    const auto answer = read((*list)[0]);
    // §7.1.2.2: client_max_window_bits in a response must have a value, and
    // never a larger window than we offered (nor 8, which zlib cannot make).
    const int our_limit = usable_bits(offered.client_max_window_bits);
    const int server_limit =
        offered.server_max_window_bits < 15 ? usable_bits(offered.server_max_window_bits) : 15;
    if (!answer || answer->client_max_window_bits == 0 || answer->client_max_window_bits == 8 ||
        answer->client_max_window_bits > our_limit ||
        answer->server_max_window_bits > server_limit ||
        (offered.server_no_context_takeover && !answer->server_no_context_takeover)) {
        return error::unrequested_extension;
    }
    deflate_params p;
    p.server_no_context_takeover = answer->server_no_context_takeover;
    p.client_no_context_takeover =
        answer->client_no_context_takeover || offered.client_no_context_takeover;
    p.server_max_window_bits =
        answer->server_max_window_bits > 0 ? answer->server_max_window_bits : 15;
    p.client_max_window_bits =
        answer->client_max_window_bits > 0 ? answer->client_max_window_bits : our_limit;
    return std::optional<deflate_params>(p);
}

// ---- the codec ----

struct deflater::state {
    z_stream z{};
    ~state() { deflateEnd(&z); }
};

deflater::deflater(int window_bits, bool no_context_takeover, int level)
    : window_bits_(usable_bits(window_bits)), no_context_takeover_(no_context_takeover),
      level_(std::clamp(level, 1, 9)) {}
deflater::~deflater() = default;
deflater::deflater(deflater&&) noexcept = default;
deflater& deflater::operator=(deflater&&) noexcept = default;

void deflater::compress(std::string_view message, std::string& out) {
    if (!state_) {
        auto s = std::make_unique<state>();
        // memLevel 8 is zlib's default; a negative window: raw deflate.
        if (deflateInit2(&s->z, level_, Z_DEFLATED, -window_bits_, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            throw std::bad_alloc();
        }
        state_ = std::move(s);
    }
    z_stream& z = state_->z;
    const std::size_t start = out.size();
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
    z.avail_in = static_cast<uInt>(message.size());
    // A sync flush ends on 00 00 FF FF, with all input out; the output
    // grows until deflate leaves room unused.
    for (;;) {
        const std::size_t room = std::max<std::size_t>(deflateBound(&z, z.avail_in) + 16, 64);
        const std::size_t at = out.size();
        out.resize(at + room);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + at);
        z.avail_out = static_cast<uInt>(room);
        deflate(&z, Z_SYNC_FLUSH);
        out.resize(out.size() - z.avail_out);
        if (z.avail_out != 0 && z.avail_in == 0) {
            break;
        }
    }
    if (out.size() - start >= 4 && std::equal(sync_tail.begin(), sync_tail.end(), out.end() - 4)) {
        out.resize(out.size() - 4);
    }
    if (out.size() == start) {
        // A flush with nothing new since the last one makes no bytes (zlib
        // says Z_BUF_ERROR), but a message needs its block's first bits:
        // the receiver's 00 00 FF FF only ends a block begun (§7.2.3.6).
        out.push_back('\0');
    }
    if (no_context_takeover_) {
        deflateReset(&z);
    }
}

struct inflater::state {
    z_stream z{};
    ~state() { inflateEnd(&z); }
};

inflater::inflater(bool no_context_takeover, std::uint64_t max_message)
    : no_context_takeover_(no_context_takeover), max_message_(max_message) {}
inflater::~inflater() = default;
inflater::inflater(inflater&&) noexcept = default;
inflater& inflater::operator=(inflater&&) noexcept = default;

result<void> inflater::write(std::string_view piece, std::string& out) {
    fed_ = fed_ || !piece.empty();
    return run(piece, out);
}

result<void> inflater::finish(std::string& out) {
    if (!std::exchange(fed_, false)) {
        // An empty payload is an empty message: 00 00 FF FF alone would
        // begin a stored block it cannot end, and spoil the next message.
        produced_ = 0;
        return {};
    }
    auto done = run(std::string_view(sync_tail.data(), sync_tail.size()), out);
    produced_ = 0;
    if (done && no_context_takeover_) {
        inflateReset(&state_->z);
    }
    return done;
}

result<void> inflater::run(std::string_view input, std::string& out) {
    if (!state_) {
        auto s = std::make_unique<state>();
        // A 15-bit window reads what any smaller one made.
        if (inflateInit2(&s->z, -15) != Z_OK) {
            throw std::bad_alloc();
        }
        state_ = std::move(s);
    }
    z_stream& z = state_->z;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z.avail_in = static_cast<uInt>(input.size());
    constexpr std::size_t piece = 16 * 1024;
    for (;;) {
        const std::size_t at = out.size();
        out.resize(at + piece);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + at);
        z.avail_out = static_cast<uInt>(piece);
        const int rc = inflate(&z, Z_SYNC_FLUSH);
        const std::size_t made = piece - z.avail_out;
        out.resize(at + made);
        produced_ += made;
        if (produced_ > max_message_) {
            return error::message_too_big;
        }
        if (rc == Z_STREAM_END) {
            // A block with BFINAL set ends the stream (RFC 7692 §7.2.3.4
            // lets a sender flush that way); what follows starts afresh.
            inflateReset(&z);
            if (z.avail_in == 0) {
                break;
            }
            continue;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            return error::bad_compressed_data;
        }
        if (z.avail_out != 0) {
            break; // room left: the input is used up
        }
    }
    return {};
}

} // namespace netkit::ws
