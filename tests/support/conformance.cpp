#include "support/conformance.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace netkit::test {
namespace {

std::filesystem::path conformance_dir() {
    if (const char* env = std::getenv("NETKIT_CONFORMANCE_DIR")) {
        return env;
    }
    return NETKIT_CONFORMANCE_DIR; // set by CMake: ../shared/conformance beside the source tree
}

} // namespace

json::value load_conformance(const std::string& name) {
    const auto path = conformance_dir() / name;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read conformance data " + path.string() +
                                 " (set NETKIT_CONFORMANCE_DIR to the shared/conformance folder)");
    }
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = json::parse(text.str());
    if (!parsed) {
        throw std::runtime_error(path.string() + ": " + parsed.error().message());
    }
    return std::move(*parsed);
}

std::string conformance_bytes(const json::value& v) {
    if (v.is_string()) {
        return v.as_string();
    }
    const json::value* hex = v.find("bytes_hex");
    if (!hex) {
        throw std::runtime_error("not a string: " + v.dump());
    }
    std::string out;
    const std::string& h = hex->as_string();
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
        out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
    }
    return out;
}

std::string text_or_hex(const json::value& object, std::string_view key) {
    const json::value& v = at(object, key);
    if (!v.is_null()) {
        return v.as_string();
    }
    return conformance_bytes(json::object{{"bytes_hex", at(object, std::string(key) + "_hex")}});
}

std::string string_or(const json::value& object, std::string_view key, std::string fallback) {
    const json::value* v = object.find(key);
    if (!v || v->is_null()) {
        return fallback;
    }
    return conformance_bytes(*v);
}

const json::value& at(const json::value& object, std::string_view key) {
    const auto* v = object.find(key);
    if (!v) {
        throw std::runtime_error("conformance data lacks '" + std::string(key) + "'");
    }
    return *v;
}

std::vector<std::string> strings_of(const json::value& list) {
    std::vector<std::string> out;
    for (const json::value& v : list.as_array()) {
        out.push_back(v.as_string());
    }
    return out;
}

} // namespace netkit::test
