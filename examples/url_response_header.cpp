// The lesson's urllib headers: print(urlopen(url).info()), the response's
// fields as Python prints its HTTPMessage (each "Name: value", then the
// blank line that ends a message, then print's own newline).
//     url_response_header [URL]       (default: the lesson's https://www.imdb.com/)
// (A field value outside ASCII is printed as its bytes; Python's email
// module prints it as RFC 2047 encoded words, "=?utf-8?b?...?=".)
#include <netkit/sync/urlopen.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
    const std::string url = argc > 1 ? argv[1] : "https://www.imdb.com/";
    try {
        auto x = netkit::sync::urlopen(url);
        for (const auto& field : x.headers) {
            std::cout << field.name << ": " << field.value << "\n";
        }
        std::cout << "\n\n";
    } catch (const std::exception& e) { // urllib.error.HTTPError / URLError
        std::cerr << e.what() << "\n";
        return 1;
    }
}
