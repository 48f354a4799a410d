#include <netkit/core/date.hpp>

namespace netkit {
namespace {

void two_digits(std::string& out, unsigned v) {
    out += static_cast<char>('0' + v / 10);
    out += static_cast<char>('0' + v % 10);
}

} // namespace

std::string format_imf_fixdate(std::chrono::sys_seconds t) {
    using namespace std::chrono;
    const auto days = floor<std::chrono::days>(t);
    const year_month_day ymd{days};
    const hh_mm_ss tod{t - days};
    std::string out;
    out.reserve(29);
    out.append(weekday_abbreviations[weekday{days}.c_encoding()]).append(", ");
    two_digits(out, static_cast<unsigned>(ymd.day()));
    out.append(" ").append(month_abbreviations[static_cast<unsigned>(ymd.month()) - 1]).append(" ");
    const int y = static_cast<int>(ymd.year()); // 4 digits: years before 1000 are zero-padded
    two_digits(out, static_cast<unsigned>(y / 100 % 100));
    two_digits(out, static_cast<unsigned>(y % 100));
    out += ' ';
    two_digits(out, static_cast<unsigned>(tod.hours().count()));
    out += ':';
    two_digits(out, static_cast<unsigned>(tod.minutes().count()));
    out += ':';
    two_digits(out, static_cast<unsigned>(tod.seconds().count()));
    out.append(" GMT");
    return out;
}

} // namespace netkit
