// A monotonic clock read without the TSC (CLOCK_MONOTONIC_COARSE): a few
// milliseconds of resolution, plenty for connection deadlines, at a fraction
// of the cost of steady_clock, which a server reads several times a request.
#pragma once

#include <chrono>
#include <ctime>

namespace netkit::http::detail {

struct coarse_clock {
    using duration = std::chrono::nanoseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<coarse_clock>;
    static constexpr bool is_steady = true;

    static time_point now() noexcept {
        timespec ts{};
        ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
        return time_point(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec));
    }
};

} // namespace netkit::http::detail
