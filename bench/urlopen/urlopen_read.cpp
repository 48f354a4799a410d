// urlopen(URL).read(BLOCK) until the end, the bytes counted and dropped: what
// bench/http_client.py times beside `netkit fetch` on a 1 GiB file, and
// whose peak RSS it reads (the body must never be held whole).
//     urlopen_read URL [BLOCK]
#include <netkit/sync/urlopen.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: urlopen_read URL [BLOCK]\n");
        return 2;
    }
    const std::size_t block = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 65536;
    try {
        auto r = netkit::sync::urlopen(argv[1]);
        unsigned long long total = 0;
        for (std::string piece = r.read(block); !piece.empty(); piece = r.read(block)) {
            total += piece.size();
        }
        std::printf("%llu\n", total);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "urlopen_read: %s\n", e.what());
        return 1;
    }
}
