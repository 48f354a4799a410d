// The addresses an FTP server sends for data connections (PASV's 227 and
// EPSV's 229), and the 257 and 150 replies read beside them, on any bytes:
// no crash; a PASV address is four octets, and written again as PORT's
// argument it reads back the same; an EPSV port reads back from its own
// form. The first byte picks the reply code.
#include <netkit/ftp/address.hpp>
#include <netkit/ftp/reply.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace ftp = netkit::ftp;
    if (size == 0) {
        return 0;
    }
    static constexpr int codes[] = {227, 229, 257, 150, 200, 550};
    ftp::reply r;
    r.code = codes[data[0] % std::size(codes)];
    r.text = std::to_string(r.code) + " " +
             std::string(reinterpret_cast<const char*>(data + 1), size - 1);
    if (auto hp = ftp::parse_pasv_reply(r)) {
        ftp::reply again{227, "227 Entering Passive Mode (" +
                                  ftp::port_argument(hp->host, hp->port) + ")."};
        const auto reread = ftp::parse_pasv_reply(again);
        if (!reread || reread->host != hp->host || reread->port != hp->port) {
            std::abort();
        }
    }
    if (auto port = ftp::parse_epsv_reply(r)) {
        ftp::reply again{229,
                         "229 Entering Extended Passive Mode (|||" + std::to_string(*port) + "|)"};
        const auto reread = ftp::parse_epsv_reply(again);
        if (!reread || *reread != *port) {
            std::abort();
        }
    }
    (void)ftp::parse_directory_reply(r);
    (void)ftp::parse_transfer_size(r);
    return 0;
}
