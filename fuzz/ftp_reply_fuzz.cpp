// Everything an FTP server sends, on any bytes: reply lines through the
// reader, the PASV/EPSV/257/150 parsers, and MLSD and LIST lines. No crash;
// a reply the reader completes starts with its own code; a parsed PASV reply
// names a dotted address.
#include <netkit/ftp/address.hpp>
#include <netkit/ftp/listing.hpp>
#include <netkit/ftp/reply.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    netkit::ftp::reply_reader reader;
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t nl = input.find('\n', start);
        const std::string_view line =
            input.substr(start, nl == std::string_view::npos ? nl : nl - start);
        auto done = reader.feed(line);
        if (!done) {
            reader.reset();
        } else if (*done) {
            const auto r = reader.take();
            if (r.code < 0 || r.code > 999 ||
                r.text.substr(0, 3) != std::to_string(r.code + 1000).substr(1)) {
                std::abort();
            }
            if (auto hp = netkit::ftp::parse_pasv_reply(r);
                hp && std::count(hp->host.begin(), hp->host.end(), '.') != 3) {
                std::abort();
            }
            (void)netkit::ftp::parse_epsv_reply(r);
            (void)netkit::ftp::parse_directory_reply(r);
            (void)netkit::ftp::parse_transfer_size(r);
        }
        (void)netkit::ftp::parse_mlsd_line(line);
        (void)netkit::ftp::parse_list_line(
            line, std::chrono::sys_days(std::chrono::year(2026) / 11 / 29));
        if (nl == std::string_view::npos) {
            break;
        }
        start = nl + 1;
    }
    return 0;
}
