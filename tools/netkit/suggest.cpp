#include "suggest.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace netkit::cli {
namespace {

// Levenshtein distance: the edits from one word to the other.
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv) {
    const CLI::App* level = &app;
    std::string path = "netkit";
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word.starts_with("-")) {
            return std::nullopt; // options first: CLI11 says what is wrong
        }
        const auto subcommands = level->get_subcommands([](const CLI::App*) { return true; });
        if (subcommands.empty()) {
            return std::nullopt; // arguments from here on
        }
        const CLI::App* next = nullptr;
        std::string nearest;
        std::size_t best = 3; // at most two edits away counts as near
        for (const CLI::App* sub : subcommands) {
            if (sub->get_name() == word) {
                next = sub;
                break;
            }
            if (const auto d = distance(word, sub->get_name()); d < best) {
                best = d;
                nearest = sub->get_name();
            }
        }
        if (next == nullptr) {
            if (path == "netkit" && word == "help") {
                return std::nullopt; // netkit help COMMAND
            }
            std::string message = "unknown command '" + std::string(word) + "' for " + path;
            if (!nearest.empty()) {
                message += "; did you mean '" + nearest + "'?";
            }
            return message + " (see " + path + " --help)";
        }
        level = next;
        path += " " + std::string(word);
    }
    return std::nullopt;
}

} // namespace netkit::cli
