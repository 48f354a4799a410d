#include <netkit/xmlrpc/error.hpp>
#include <netkit/xmlrpc/value.hpp>

#include <algorithm>
#include <cstdio>

namespace netkit::xmlrpc {

date_time date_time::from(std::chrono::sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd(day);
    const std::chrono::hh_mm_ss hms(t - day);
    char text[32];
    std::snprintf(text, sizeof text, "%04d%02u%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return {text};
}

result<std::chrono::sys_seconds> date_time::time() const {
    // strptime's "%Y%m%dT%H:%M:%S", as Python's use_builtin_types reads it:
    // exactly that shape, each field in its range.
    const std::string_view t = text;
    const auto digits = [&](std::size_t at, std::size_t n) -> int {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (t[i] < '0' || t[i] > '9') {
                return -1;
            }
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    if (t.size() != 17 || t[8] != 'T' || t[11] != ':' || t[14] != ':') {
        return error::bad_date_time;
    }
    const int y = digits(0, 4), mo = digits(4, 2), d = digits(6, 2);
    const int h = digits(9, 2), mi = digits(12, 2), s = digits(15, 2);
    const std::chrono::year_month_day ymd{std::chrono::year(y),
                                          std::chrono::month(static_cast<unsigned>(mo)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    if (y < 0 || mo < 0 || d < 0 || !ymd.ok() || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 ||
        s > 61) {
        return error::bad_date_time;
    }
    return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
           std::chrono::seconds(s);
}

structure::structure(std::initializer_list<member> members) {
    for (const member& m : members) {
        set(m.first, m.second);
    }
}

void structure::set(std::string name, value v) {
    if (value* there = find(name)) {
        *there = std::move(v);
        return;
    }
    members_.emplace_back(std::move(name), std::move(v));
}

const value* structure::find(std::string_view name) const {
    const auto it = std::find_if(members_.begin(), members_.end(),
                                 [&](const member& m) { return m.first == name; });
    return it == members_.end() ? nullptr : &it->second;
}

value* structure::find(std::string_view name) {
    return const_cast<value*>(std::as_const(*this).find(name));
}

bool operator==(const structure& a, const structure& b) {
    if (a.size() != b.size()) {
        return false;
    }
    return std::all_of(a.begin(), a.end(), [&](const structure::member& m) {
        const value* other = b.find(m.first);
        return other != nullptr && *other == m.second;
    });
}

structure fault_struct(const fault& f) {
    return structure{{"faultCode", f.code}, {"faultString", f.string}};
}

std::optional<fault> as_fault(const value& v) {
    const structure* s = v.get_if<structure>();
    const value* code = s != nullptr ? s->find("faultCode") : nullptr;
    const value* text = s != nullptr ? s->find("faultString") : nullptr;
    if (code == nullptr || text == nullptr || code->get_if<std::int64_t>() == nullptr ||
        text->get_if<std::string>() == nullptr) {
        return std::nullopt;
    }
    return fault{*code->get_if<std::int64_t>(), *text->get_if<std::string>()};
}

std::string_view type_name(value::type t) noexcept {
    switch (t) {
    case value::type::nil: return "nil";
    case value::type::boolean: return "boolean";
    case value::type::integer: return "int";
    case value::type::floating: return "double";
    case value::type::string: return "string";
    case value::type::date_time: return "dateTime.iso8601";
    case value::type::binary: return "base64";
    case value::type::array: return "array";
    case value::type::structure: return "struct";
    }
    return "value";
}

} // namespace netkit::xmlrpc
