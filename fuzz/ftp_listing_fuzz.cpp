// Directory listings from an FTP server, MLSD and LIST lines, on any bytes
// (each line of the input): no crash; an MLSD entry's name is what follows
// the first space, its fact names lower-case; a LIST entry has a name, and
// one from MLSD keeps the MLSD name.
#include <netkit/ftp/listing.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace ftp = netkit::ftp;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto today = std::chrono::sys_days(std::chrono::year(2026) / 11 / 29);
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t nl = input.find('\n', start);
        const std::string_view line =
            input.substr(start, nl == std::string_view::npos ? nl : nl - start);
        if (auto e = ftp::parse_mlsd_line(line)) {
            if (e->name != line.substr(line.find(' ') + 1)) {
                std::abort();
            }
            for (const auto& [fact, value] : e->facts) {
                for (const char c : fact) {
                    if (c >= 'A' && c <= 'Z') {
                        std::abort();
                    }
                }
            }
            if (auto entry = ftp::to_list_entry(*e); entry && entry->name != e->name) {
                std::abort();
            }
        }
        if (auto l = ftp::parse_list_line(line, today); l && *l && (*l)->name.empty()) {
            std::abort();
        }
        if (nl == std::string_view::npos) {
            break;
        }
        start = nl + 1;
    }
    return 0;
}
