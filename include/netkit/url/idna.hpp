// Internationalized host names: IDNA 2008 with UTS #46 mapping (through
// libidn2), the rules browsers and curl apply.
//
//     netkit::url::to_ascii_host("Bücher.example")       == "xn--bcher-kva.example"
//     netkit::url::to_unicode_host("xn--bcher-kva.example") == "bücher.example"
//
// Names are mapped (case folded, width normalized) before conversion, so
// "BÜCHER.example" gives the same answer. Invalid names give idna_failure.
#pragma once

#include <netkit/core/result.hpp>

#include <string>
#include <string_view>

namespace netkit::url {

result<std::string> to_ascii_host(std::string_view host);
result<std::string> to_unicode_host(std::string_view host);

/// libidn2's reason for refusing `host` ("string contains a disallowed
/// character", ...), or an empty string when it converts.
std::string idna_failure_reason(std::string_view host);

} // namespace netkit::url
