// The differential test's probe: each line of stdin a JSON string, loaded
// into a fresh simple_cookie; each line of stdout what came of it, as JSON:
// {"error": "CookieError"}, or {"output": output(sep="\n"),
// "cookies": [[key, value, coded_value], ...]}.
#include <netkit/cookie/simple_cookie.hpp>
#include <netkit/json/value.hpp>

#include <iostream>
#include <string>

int main() {
    namespace json = netkit::json;
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto input = json::parse(line);
        if (!input || !input->is_string()) {
            std::cerr << "cookie_probe: not a JSON string: " << line << "\n";
            return 2;
        }
        netkit::cookie::simple_cookie jar;
        json::value answer;
        try {
            jar.load(input->as_string());
            json::array cookies;
            for (const auto& [key, m] : jar) {
                cookies.emplace_back(json::array{m.key(), m.value(), m.coded_value()});
            }
            answer = json::object{{"output", jar.output(std::nullopt, "Set-Cookie:", "\n")},
                                  {"cookies", std::move(cookies)}};
        } catch (const netkit::cookie::cookie_error&) {
            answer = json::object{{"error", "CookieError"}};
        }
        std::cout << answer.dump() << "\n";
    }
}
