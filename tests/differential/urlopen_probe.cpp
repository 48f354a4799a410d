// The differential test's probe: each line of stdin {"url": U} (with "data"
// for a POST), opened with sync::urlopen; each line of stdout what came of
// it, as JSON: {"status", "reason", "url", "headers": [[name, value]...],
// "body": hex} or {"error": Python's class name, "message": str(e)}, with
// HTTPError's status and body too.
#include <netkit/json/value.hpp>
#include <netkit/sync/urlopen.hpp>
#include <netkit/url/error.hpp>

#include <iostream>
#include <string>

namespace {

namespace json = netkit::json;

std::string hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

json::array fields(const netkit::http::fields& headers) {
    json::array out;
    for (const auto& f : headers) {
        out.emplace_back(json::array{std::string(f.name), std::string(f.value)});
    }
    return out;
}

json::value status(int code) {
    return code == 0 ? json::value() : json::value(code); // Python's None
}

} // namespace

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto input = json::parse(line);
        const json::value* url = input ? input->find("url") : nullptr;
        if (!url || !url->is_string()) {
            std::cerr << "urlopen_probe: no url in " << line << "\n";
            return 2;
        }
        std::optional<std::string> data;
        if (const json::value* d = input->find("data"); d && d->is_string()) {
            data = d->as_string();
        }
        json::value answer;
        try {
            auto r = netkit::sync::urlopen(url->as_string(), data);
            answer = json::object{{"status", status(r.status)},
                                  {"reason", r.reason},
                                  {"url", r.geturl()},
                                  {"headers", fields(r.info())},
                                  {"body", hex(r.read())}};
        } catch (const netkit::sync::http_error& e) {
            answer = json::object{{"error", "HTTPError"},
                                  {"message", e.what()},
                                  {"status", e.code()},
                                  {"url", e.geturl()},
                                  {"headers", fields(e.headers())},
                                  {"body", hex(e.body())}};
        } catch (const netkit::sync::url_error& e) {
            answer = json::object{{"error", "URLError"}, {"message", e.what()}};
        } catch (const netkit::url::value_error& e) {
            answer = json::object{{"error", "ValueError"}, {"message", e.message()}};
        } catch (const std::invalid_argument& e) { // Request's "unknown url type"
            answer = json::object{{"error", "ValueError"}, {"message", e.what()}};
        }
        std::cout << answer.dump() << "\n";
    }
}
