// The lesson's urllib read: urlopen(url).read(), printed as Python prints
// bytes (b'...').
//     url_requests_example [URL]      (default: the lesson's https://www.imdb.com/)
#include <netkit/sync/urlopen.hpp>
#include <netkit/url/repr.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const std::string url = argc > 1 ? argv[1] : "https://www.imdb.com/";
    try {
        auto x = netkit::sync::urlopen(url);
        std::cout << netkit::url::python_bytes_repr(x.read()) << "\n";
    } catch (const std::exception& e) { // urllib.error.HTTPError / URLError
        std::cerr << e.what() << "\n";
        return 1;
    }
}
