#include <netkit/robots/robot_file_parser.hpp>

#include <netkit/core/ascii.hpp>
#include <netkit/robots/pattern.hpp>
#include <netkit/url/quote.hpp>
#include <netkit/url/split.hpp>

#include "detail/python_numbers.hpp"

#include <algorithm>
#include <chrono>

namespace netkit::robots {

namespace {

// urlunparse(urlparse(path)) then quote(): how Python's RuleLine keeps a
// path; nullopt where urlparse refuses it ("//[" and the like), where
// Python's parse() raises ValueError: the line is skipped instead, so that a
// hostile robots.txt cannot stop a crawler.
std::optional<std::string> python_rule_path(std::string_view path) {
    const auto p = url::try_urlparse(path);
    if (!p) {
        return std::nullopt;
    }
    return url::quote(url::urlunparse(p->scheme(), p->netloc(), p->path(), p->params(), p->query(),
                                      p->fragment()));
}

} // namespace

std::vector<std::string> splitlines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0; // of the line break at i
        if (c == '\r') {
            length = i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1;
        } else if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1C && c <= 0x1E)) {
            length = 1;
        } else if (text.substr(i, 2) == "\xC2\x85" || text.substr(i, 3) == "\xE2\x80\xA8" ||
                   text.substr(i, 3) == "\xE2\x80\xA9") {
            length = c == 0xC2 ? 2 : 3;
        }
        if (length == 0) {
            ++i;
            continue;
        }
        lines.emplace_back(text.substr(start, i - start));
        i += length;
        start = i;
    }
    if (start < text.size()) {
        lines.emplace_back(text.substr(start));
    }
    return lines;
}

robot_file_parser::robot_file_parser(std::string url, rules r) : url_(std::move(url)), rules_(r) {}

void robot_file_parser::modified(std::int64_t now) {
    last_checked_ = now;
}

void robot_file_parser::modified() {
    modified(std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count());
}

void robot_file_parser::parse(const std::vector<std::string>& lines) {
    modified();
    if (rules_ == rules::python313) {
        parse_python(lines);
        return;
    }
    std::string text;
    for (const std::string& line : lines) {
        text += line;
        text += '\n';
    }
    rfc_ = robots_txt::parse(text);
}

void robot_file_parser::apply_fetch_status(int status) {
    if (rules_ == rules::python313) {
        disallow_all_ = status == 401 || status == 403;
        allow_all_ = !disallow_all_ && status >= 400 && status < 500;
        return;
    }
    allow_all_ = status >= 400 && status < 500;
    disallow_all_ = status >= 500;
    if (allow_all_ || disallow_all_) {
        modified();
    }
}

void robot_file_parser::apply_unreachable() {
    disallow_all_ = true;
    allow_all_ = false;
}

// Python's RobotFileParser.parse, state for state: 0 before a User-agent,
// 1 after one, 2 after a rule; an empty line ends an entry.
void robot_file_parser::parse_python(const std::vector<std::string>& lines) {
    entries_.clear();
    default_entry_.reset();
    python_sitemaps_.clear();
    int state = 0;
    entry current;
    const auto add = [this](entry e) {
        if (std::find(e.user_agents.begin(), e.user_agents.end(), "*") != e.user_agents.end()) {
            if (!default_entry_) {
                default_entry_ = std::move(e); // only the first '*' entry counts
            }
        } else {
            entries_.push_back(std::move(e));
        }
    };
    for (const std::string& raw : lines) {
        if (raw.empty()) {
            if (state == 2) {
                add(std::move(current));
            }
            if (state != 0) {
                current = entry{};
                state = 0;
            }
        }
        std::string_view line = raw;
        if (const auto hash = line.find('#'); hash != std::string_view::npos) {
            line = line.substr(0, hash);
        }
        line = trim(line);
        const auto colon = line.find(':');
        if (line.empty() || colon == std::string_view::npos) {
            continue;
        }
        const std::string key = lower_copy(trim(line.substr(0, colon)));
        const std::string value = url::unquote(trim(line.substr(colon + 1)));
        if (key == "user-agent") {
            if (state == 2) {
                add(std::move(current));
                current = entry{};
            }
            current.user_agents.push_back(value);
            state = 1;
        } else if (key == "disallow" || key == "allow") {
            if (state != 0) {
                // An empty Disallow allows everything.
                const bool allowance = key == "allow" || value.empty();
                if (auto path = python_rule_path(value)) {
                    current.rule_lines.push_back({std::move(*path), allowance});
                }
                state = 2;
            }
        } else if (key == "crawl-delay" || key == "request-rate") {
            if (state != 0) {
                if (key == "crawl-delay") {
                    if (const auto d = detail::whole_number(value)) {
                        current.delay = d;
                    }
                } else if (const auto r = detail::request_rate_of(value)) {
                    current.rate = r;
                }
                state = 2;
            }
        } else if (key == "sitemap") {
            python_sitemaps_.push_back(value);
        }
    }
    if (state == 2) {
        add(std::move(current));
    }
}

bool robot_file_parser::entry::applies_to(std::string_view user_agent) const {
    // The name before the first '/', lower case; an entry's agent matches
    // when it is '*' or found inside that name.
    const std::string name = lower_copy(user_agent.substr(0, user_agent.find('/')));
    return std::any_of(user_agents.begin(), user_agents.end(), [&](const std::string& agent) {
        return agent == "*" || name.find(lower_copy(agent)) != std::string::npos;
    });
}

bool robot_file_parser::entry::allowance(std::string_view path) const {
    for (const rule_line& r : rule_lines) {
        if (r.path == "*" || path.starts_with(r.path)) {
            return r.allowance; // the first that applies
        }
    }
    return true;
}

const robot_file_parser::entry*
robot_file_parser::python_entry_for(std::string_view user_agent) const {
    for (const entry& e : entries_) {
        if (e.applies_to(user_agent)) {
            return &e;
        }
    }
    return default_entry_ ? &*default_entry_ : nullptr;
}

bool robot_file_parser::can_fetch(std::string_view user_agent, std::string_view url) const {
    if (disallow_all_) {
        return false;
    }
    if (allow_all_) {
        return true;
    }
    if (last_checked_ == 0) {
        return false; // nothing read yet
    }
    if (rules_ == rules::rfc9309) {
        return rfc_.allowed(product_token(user_agent), url);
    }
    // Python: the URL unquoted, its scheme and host dropped, quoted again.
    const std::string unquoted = url::unquote(url); // the parse below points into it
    const auto parsed = url::urlparse(unquoted);
    std::string path = url::quote(
        url::urlunparse("", "", parsed.path(), parsed.params(), parsed.query(), parsed.fragment()));
    if (path.empty()) {
        path.push_back('/'); // (not `= "/"`: g++ 12 -O2 warns of an overlap it imagines there)
    }
    const entry* e = python_entry_for(user_agent);
    return e == nullptr || e->allowance(path);
}

decision robot_file_parser::decide(std::string_view user_agent, std::string_view url) const {
    return rfc_.decide(product_token(user_agent), url);
}

// A value of the agent's group: RFC 9309's (the agent's product token), or
// the first entry's that applies, as Python.
template <class T>
std::optional<T>
robot_file_parser::agent_value(std::string_view user_agent,
                               std::optional<T> (robots_txt::*rfc)(std::string_view) const,
                               std::optional<T> entry::*python) const {
    if (last_checked_ == 0) {
        return std::nullopt;
    }
    if (rules_ == rules::rfc9309) {
        return (rfc_.*rfc)(product_token(user_agent));
    }
    const entry* e = python_entry_for(user_agent);
    return e != nullptr ? e->*python : std::nullopt;
}

std::optional<long long> robot_file_parser::crawl_delay(std::string_view user_agent) const {
    return agent_value(user_agent, &robots_txt::crawl_delay, &entry::delay);
}

std::optional<request_rate> robot_file_parser::request_rate(std::string_view user_agent) const {
    return agent_value(user_agent, &robots_txt::request_rate, &entry::rate);
}

std::optional<std::vector<std::string>> robot_file_parser::site_maps() const {
    const auto& maps = rules_ == rules::rfc9309 ? rfc_.sitemaps() : python_sitemaps_;
    if (maps.empty()) {
        return std::nullopt;
    }
    return maps;
}

std::string robot_file_parser::str() const {
    std::vector<const entry*> all;
    for (const entry& e : entries_) {
        all.push_back(&e);
    }
    if (default_entry_) {
        all.push_back(&*default_entry_);
    }
    std::string out;
    for (const entry* e : all) {
        if (!out.empty()) {
            out += "\n\n";
        }
        std::string text;
        const auto line = [&text](const std::string& l) { text += (text.empty() ? "" : "\n") + l; };
        for (const std::string& agent : e->user_agents) {
            line("User-agent: " + agent);
        }
        if (e->delay) {
            line("Crawl-delay: " + std::to_string(*e->delay));
        }
        if (e->rate) {
            line("Request-rate: " + std::to_string(e->rate->requests) + "/" +
                 std::to_string(e->rate->seconds));
        }
        for (const rule_line& r : e->rule_lines) {
            line((r.allowance ? "Allow: " : "Disallow: ") + r.path);
        }
        out += text;
    }
    return out;
}

} // namespace netkit::robots
