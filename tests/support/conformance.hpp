// Access to the public conformance data in ../shared/conformance.
#pragma once

#include <netkit/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace netkit::test {

/// Parses ../shared/conformance/<name> (NETKIT_CONFORMANCE_DIR overrides the
/// folder); throws if the file cannot be found or read.
json::value load_conformance(const std::string& name);

/// A conformance string: plain, or {"bytes_hex": "..."} as raw bytes.
std::string conformance_bytes(const json::value& v);

/// The member `key` of an object; throws, naming it, when it is absent.
const json::value& at(const json::value& object, std::string_view key);

/// The member `key` as text, or, when it is null, the bytes of its
/// `key`_hex twin (the form for bytes that are not UTF-8).
std::string text_or_hex(const json::value& object, std::string_view key);

/// A JSON array of strings as strings.
std::vector<std::string> strings_of(const json::value& list);

/// The member `key` as a string, or `fallback` when it is absent or null.
std::string string_or(const json::value& object, std::string_view key, std::string fallback = {});

} // namespace netkit::test
