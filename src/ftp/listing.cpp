#include <netkit/core/ascii.hpp>
#include <netkit/ftp/error.hpp>
#include <netkit/ftp/listing.hpp>

#include <array>
#include <vector>

namespace netkit::ftp {
namespace {

using namespace std::chrono;

/// A whitespace-separated token with where it starts and ends in the line.
struct token {
    std::string_view text;
    std::size_t end = 0;
};

std::vector<token> tokens(std::string_view line, std::size_t max_count) {
    std::vector<token> out;
    std::size_t i = 0;
    while (i < line.size() && out.size() < max_count) {
        while (i < line.size() && line[i] == ' ') {
            ++i;
        }
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ') {
            ++i;
        }
        if (i > start) {
            out.push_back({line.substr(start, i - start), i});
        }
    }
    return out;
}

int month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> months = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (std::size_t i = 0; i < months.size(); ++i) {
        if (name.size() == 3 && iequals(name, months[i])) {
            return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

/// "12:34" -> minutes since midnight.
std::optional<int> clock_minutes(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() - colon != 3) {
        return std::nullopt;
    }
    auto h = parse_decimal(s.substr(0, colon));
    auto m = parse_decimal(s.substr(colon + 1));
    if (!h || !m || *h > 23 || *m > 59) {
        return std::nullopt;
    }
    return static_cast<int>(*h * 60 + *m);
}

std::optional<sys_seconds> make_time(int y, int mo, int d, int minutes) {
    const year_month_day date{year(y), month(static_cast<unsigned>(mo)),
                              day(static_cast<unsigned>(d))};
    if (!date.ok()) {
        return std::nullopt;
    }
    return sys_seconds(sys_days(date)) + std::chrono::minutes(minutes);
}

entry_type unix_type(char c) {
    switch (c) {
    case '-': return entry_type::file;
    case 'd': return entry_type::directory;
    case 'l': return entry_type::symlink;
    default: return entry_type::other;
    }
}

/// "drwxr-xr-x 2 owner group 4096 Nov 28 12:00 name" (owner and group may be
/// one column, or absent, as servers vary); the date is found by its month.
std::optional<list_entry> parse_unix(std::string_view line, sys_days today) {
    const auto t = tokens(line, 9);
    if (t.size() < 5 || t[0].text.size() < 10 ||
        std::string_view("-dlbcps").find(t[0].text[0]) == std::string_view::npos) {
        return std::nullopt;
    }
    for (std::size_t m = 2; m + 3 <= t.size(); ++m) {
        const int mon = month_number(t[m].text);
        auto size = parse_decimal(t[m - 1].text);
        auto day_of = parse_decimal(t[m + 1].text);
        if (mon == 0 || !size || !day_of || *day_of < 1 || *day_of > 31 || m + 2 >= t.size()) {
            continue;
        }
        const std::string_view when = t[m + 2].text;
        list_entry e;
        e.type = unix_type(t[0].text[0]);
        e.permissions = std::string(t[0].text.substr(1, 9));
        e.size = *size;
        if (auto minutes = clock_minutes(when)) {
            // No year: the date is within the last six months, so this year
            // unless that would put it in the future.
            const year_month_day now{today};
            int y = static_cast<int>(now.year());
            e.modified = make_time(y, mon, static_cast<int>(*day_of), *minutes);
            if (e.modified && *e.modified > sys_seconds(today) + days(1)) {
                e.modified = make_time(y - 1, mon, static_cast<int>(*day_of), *minutes);
            }
        } else if (auto y = parse_decimal(when); y && when.size() == 4) {
            e.modified = make_time(static_cast<int>(*y), mon, static_cast<int>(*day_of), 0);
        } else {
            continue;
        }
        // The name follows the date column after exactly one space.
        std::size_t start = t[m + 2].end + 1;
        if (start >= line.size()) {
            return std::nullopt;
        }
        std::string_view name = line.substr(start);
        if (e.type == entry_type::symlink) {
            // A name is never empty, so the arrow is looked for after its
            // first character: a link named " " is "   -> target".
            if (const auto arrow = name.find(" -> ", 1); arrow != std::string_view::npos) {
                e.link_target = std::string(name.substr(arrow + 4));
                name = name.substr(0, arrow);
            }
        }
        e.name = std::string(name);
        return e;
    }
    return std::nullopt;
}

/// "01-16-02  11:14AM       <DIR>          name" or "... 1786 name".
std::optional<list_entry> parse_dos(std::string_view line) {
    const auto t = tokens(line, 3);
    if (t.size() < 3) {
        return std::nullopt;
    }
    const std::string_view date = t[0].text;
    const std::string_view clock = t[1].text;
    if (!(date.size() == 8 || date.size() == 10) || date[2] != '-' || date[5] != '-' ||
        clock.size() != 7) {
        return std::nullopt;
    }
    auto mo = parse_decimal(date.substr(0, 2));
    auto d = parse_decimal(date.substr(3, 2));
    auto y = parse_decimal(date.substr(6));
    auto minutes = clock_minutes(clock.substr(0, 5));
    const std::string_view half = clock.substr(5);
    if (!mo || !d || !y || !minutes || !(iequals(half, "AM") || iequals(half, "PM"))) {
        return std::nullopt;
    }
    int year_full = static_cast<int>(*y);
    if (date.size() == 8) {
        year_full += year_full < 70 ? 2000 : 1900; // two-digit years as Windows shows them
    }
    int m = *minutes % (12 * 60);
    if (iequals(half, "PM")) {
        m += 12 * 60;
    }
    list_entry e;
    e.modified = make_time(year_full, static_cast<int>(*mo), static_cast<int>(*d), m);
    if (!e.modified) {
        return std::nullopt;
    }
    std::size_t i = t[1].end;
    while (i < line.size() && line[i] == ' ') {
        ++i;
    }
    std::size_t end = line.find(' ', i);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view kind = line.substr(i, end - i);
    if (kind == "<DIR>") {
        e.type = entry_type::directory;
    } else if (auto size = parse_decimal(kind)) {
        e.type = entry_type::file;
        e.size = *size;
    } else {
        return std::nullopt;
    }
    while (end < line.size() && line[end] == ' ') {
        ++end;
    }
    if (end >= line.size()) {
        return std::nullopt;
    }
    e.name = std::string(line.substr(end));
    return e;
}

} // namespace

result<mlsd_entry> parse_mlsd_line(std::string_view line) {
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) {
        return error::bad_listing;
    }
    mlsd_entry out;
    out.name = std::string(line.substr(space + 1));
    std::string_view facts = line.substr(0, space);
    while (!facts.empty()) {
        const std::size_t semi = facts.find(';');
        std::string_view fact = facts.substr(0, semi);
        facts = semi == std::string_view::npos ? std::string_view{} : facts.substr(semi + 1);
        if (fact.empty()) {
            continue;
        }
        const std::size_t eq = fact.find('=');
        std::string key = lower_copy(fact.substr(0, eq));
        std::string value =
            eq == std::string_view::npos ? std::string() : std::string(fact.substr(eq + 1));
        out.facts[std::move(key)] = std::move(value);
    }
    return out;
}

std::optional<list_entry> to_list_entry(const mlsd_entry& e) {
    list_entry out;
    out.name = e.name;
    const auto fact = [&](const char* name) -> std::string_view {
        const auto it = e.facts.find(name);
        return it == e.facts.end() ? std::string_view{} : std::string_view(it->second);
    };
    const std::string type = lower_copy(fact("type"));
    if (type == "cdir" || type == "pdir") {
        return std::nullopt;
    }
    if (type == "file") {
        out.type = entry_type::file;
    } else if (type == "dir") {
        out.type = entry_type::directory;
    } else if (type.starts_with("os.unix=slink")) {
        out.type = entry_type::symlink;
        const std::string_view raw = fact("type");
        if (const auto colon = raw.find(':'); colon != std::string_view::npos) {
            out.link_target = std::string(raw.substr(colon + 1));
        }
    }
    if (auto size = parse_decimal(fact("size"))) {
        out.size = *size;
    }
    // YYYYMMDDHHMMSS, perhaps with a fraction after a dot.
    const std::string_view modify = fact("modify").substr(0, 14);
    if (modify.size() == 14 && parse_decimal(modify)) {
        const auto n = [&](std::size_t at, std::size_t len) {
            return static_cast<int>(*parse_decimal(modify.substr(at, len)));
        };
        if (auto t = make_time(n(0, 4), n(4, 2), n(6, 2), n(8, 2) * 60 + n(10, 2))) {
            out.modified = *t + seconds(n(12, 2));
        }
    }
    // unix.mode: octal permission bits, "0644" -> "rw-r--r--".
    const std::string_view mode = fact("unix.mode");
    if (!mode.empty() && mode.size() <= 5 &&
        mode.find_first_not_of("01234567") == std::string_view::npos) {
        unsigned bits = 0;
        for (char c : mode) {
            bits = bits * 8 + static_cast<unsigned>(c - '0');
        }
        static constexpr char letters[] = "rwxrwxrwx";
        for (int i = 0; i < 9; ++i) {
            out.permissions += (bits & (0400u >> i)) ? letters[i] : '-';
        }
    }
    return out;
}

result<std::optional<list_entry>> parse_list_line(std::string_view line, sys_days today) {
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) {
        line.remove_suffix(1);
    }
    if (trim(line).empty() || line.starts_with("total ")) {
        return std::optional<list_entry>{};
    }
    if (auto e = parse_unix(line, today)) {
        return std::optional<list_entry>(std::move(*e));
    }
    if (auto e = parse_dos(line)) {
        return std::optional<list_entry>(std::move(*e));
    }
    return error::bad_listing;
}

result<std::optional<list_entry>> parse_list_line(std::string_view line) {
    return parse_list_line(line, floor<days>(system_clock::now()));
}

} // namespace netkit::ftp
