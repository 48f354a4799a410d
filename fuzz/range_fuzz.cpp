// Range and Content-Range headers (what a client sends the file server, and
// what a server answers a resumed download with) on any bytes: no crash, and
// answers that hold together. The first 8 bytes are the representation's
// size; the rest is the header.
#include <netkit/http/range.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace http = netkit::http;
    std::uint64_t representation = 0;
    if (size >= sizeof representation) {
        std::memcpy(&representation, data, sizeof representation);
        data += sizeof representation;
        size -= sizeof representation;
    }
    representation %= std::uint64_t{1} << 50; // (a file's size, not a wrapped one)
    const std::string_view header(reinterpret_cast<const char*>(data), size);

    const auto r = http::parse_range(header, representation, 16);
    if (r.status != http::range_status::satisfiable && !r.ranges.empty()) {
        std::abort();
    }
    if (r.status == http::range_status::satisfiable) {
        if (r.ranges.empty() || r.ranges.size() > 16) {
            std::abort();
        }
        for (std::size_t i = 0; i < r.ranges.size(); ++i) {
            const auto& b = r.ranges[i];
            // Inside the representation; sorted, merged (no overlap, no contact).
            if (b.first > b.last || b.last >= representation ||
                (i > 0 && r.ranges[i - 1].last + 1 >= b.first)) {
                std::abort();
            }
        }
    }
    if (const auto c = http::parse_content_range(header)) {
        if (c->range && (c->range->first > c->range->last ||
                         (c->complete_length && c->range->last >= *c->complete_length))) {
            std::abort();
        }
        if (!c->range && !c->complete_length) {
            std::abort(); // "bytes */*" is no Content-Range
        }
    }
    return 0;
}
