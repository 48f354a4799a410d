// A robots.txt from a hostile site through the RFC 9309 engine and the
// Python-mode parser: no crash, and answers that hold together (a decision
// by a rule names a line the file has; the path /robots.txt is allowed).
#include <netkit/robots/robot_file_parser.hpp>
#include <netkit/robots/robots_txt.hpp>
#include <netkit/url/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace robots = netkit::robots;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // The last line of the input is the question: "agent path".
    const auto last = input.rfind('\n');
    const std::string_view body = last == std::string_view::npos ? input : input.substr(0, last);
    const std::string_view question =
        last == std::string_view::npos ? std::string_view() : input.substr(last + 1);
    const auto space = question.find(' ');
    const std::string_view agent = question.substr(0, space);
    const std::string_view path =
        space == std::string_view::npos ? std::string_view("/") : question.substr(space + 1);

    const auto r = robots::robots_txt::parse(body);
    const auto d = r.decide(agent, path);
    if (d.why == robots::decision::reason::rule && (d.line == 0 || d.line > r.statistics().lines)) {
        std::abort();
    }
    if (!r.allowed(agent, "/robots.txt")) {
        std::abort();
    }
    (void)r.crawl_delay(agent);
    (void)r.request_rate(agent);

    robots::robot_file_parser python("", robots::robot_file_parser::rules::python313);
    python.parse_text(body);
    try {
        (void)python.can_fetch(agent, path);
    } catch (const netkit::url::value_error&) {
        // urlparse refuses the path, as Python's raises ValueError: documented.
    }
    (void)python.str();
    return 0;
}
