// urlopen(URL).read(BLOCK) until the end, the bytes counted and dropped (or
// readinto() a buffer of BLOCK bytes used again, with "into"): what
// bench/http_client.py times beside `netkit fetch` on a 1 GiB file, and
// whose peak RSS it reads (the body must never be held whole).
//     urlopen_read URL [BLOCK [into]]
#include <netkit/sync/urlopen.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: urlopen_read URL [BLOCK [into]]\n");
        return 2;
    }
    const std::size_t block = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 65536;
    try {
        auto r = netkit::sync::urlopen(argv[1]);
        unsigned long long total = 0;
        if (argc > 3 && std::string(argv[3]) == "into") {
            std::vector<char> buffer(block);
            for (std::size_t n = r.readinto(buffer); n > 0; n = r.readinto(buffer)) {
                total += n;
            }
        } else {
            for (std::string piece = r.read(block); !piece.empty(); piece = r.read(block)) {
                total += piece.size();
            }
        }
        std::printf("%llu\n", total);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "urlopen_read: %s\n", e.what());
        return 1;
    }
}
