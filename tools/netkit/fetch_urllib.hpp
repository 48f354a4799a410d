// netkit fetch for the URLs that are not http(s): file:, data:, ftp: and
// ftps:, opened by urllib's handlers (request/) and written as an HTTP body
// is (-o, -O, -C -, -i, -I, -s, -w), with curl's exit codes where it has
// them: 37 a local file that cannot be read, 67 a refused FTP login, 78 no
// such remote file, 3 a data: URL that does not parse.
#pragma once

#include "fetch_options.hpp"

#include <string>
#include <string_view>

namespace netkit::cli {

/// Whether `url` is one transfer_by_urllib takes (its scheme, in any case).
bool is_urllib_url(std::string_view url);

/// Fetches `url` as `o` says; the exit code, having said why on failure.
int transfer_by_urllib(const fetch_options& o, const std::string& url);

} // namespace netkit::cli
