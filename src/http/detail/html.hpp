// Text made safe inside HTML, as Python's html.escape() makes it.
#pragma once

#include <string>
#include <string_view>

namespace netkit::http::detail {

/// html.escape(text, quote): &, < and > (and, with `quote`, " and ') as
/// character references; bytes that are not UTF-8 shown as U+FFFD.
std::string html_escape(std::string_view text, bool quote = true);

} // namespace netkit::http::detail
