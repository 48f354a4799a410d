// The lesson's urllib read: urlopen(url).read(), printed as Python prints
// bytes (b'...').
//     url_requests_example [URL]      (default: the lesson's https://www.imdb.com/)
#include <netkit/sync/urlopen.hpp>

#include <iostream>
#include <string>
#include <string_view>

// Python's repr() of bytes: b'...' (b"..." when only ' occurs in them),
// with \t \n \r \\ and \xhh for what is not printable ASCII.
std::string bytes_repr(std::string_view bytes) {
    const bool doubled =
        bytes.find('\'') != std::string_view::npos && bytes.find('"') == std::string_view::npos;
    const char quote = doubled ? '"' : '\'';
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "b";
    out += quote;
    for (const unsigned char c : bytes) {
        if (c == quote || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c >= 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += quote;
    return out;
}

int main(int argc, char** argv) {
    const std::string url = argc > 1 ? argv[1] : "https://www.imdb.com/";
    try {
        auto x = netkit::sync::urlopen(url);
        std::cout << bytes_repr(x.body) << "\n";
    } catch (const std::exception& e) { // urllib.error.HTTPError / URLError
        std::cerr << e.what() << "\n";
        return 1;
    }
}
