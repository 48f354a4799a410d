// path_params_query without a copy, for the matcher's hot path.
#pragma once

#include <string>
#include <string_view>

namespace netkit::robots::detail {

/// The part of `url` a rule is matched against (path_params_query's
/// answer): a view into `url`, or into `storage` when a "/" had to be put
/// first.
std::string_view matched_part(std::string_view url, std::string& storage);

} // namespace netkit::robots::detail
