#include <netkit/core/ascii.hpp>
#include <netkit/http/mime.hpp>

#include <utility>

namespace netkit::http {
namespace {

// Common types, with the values CPython's mimetypes has built in.
constexpr std::pair<const char*, const char*> builtin_types[] = {
    {".aac", "audio/aac"},
    {".avi", "video/x-msvideo"},
    {".avif", "image/avif"},
    {".bin", "application/octet-stream"},
    {".bmp", "image/bmp"},
    {".c", "text/plain"},
    {".css", "text/css"},
    {".csv", "text/csv"},
    {".doc", "application/msword"},
    {".eml", "message/rfc822"},
    {".eps", "application/postscript"},
    {".exe", "application/octet-stream"},
    {".gif", "image/gif"},
    {".h", "text/plain"},
    {".heic", "image/heic"},
    {".htm", "text/html"},
    {".html", "text/html"},
    {".ico", "image/vnd.microsoft.icon"},
    {".jpe", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".jpg", "image/jpeg"},
    {".js", "text/javascript"},
    {".json", "application/json"},
    {".m3u8", "application/vnd.apple.mpegurl"},
    {".markdown", "text/markdown"},
    {".md", "text/markdown"},
    {".mjs", "text/javascript"},
    {".mov", "video/quicktime"},
    {".mp3", "audio/mpeg"},
    {".mp4", "video/mp4"},
    {".mpeg", "video/mpeg"},
    {".mpg", "video/mpeg"},
    {".opus", "audio/opus"},
    {".pdf", "application/pdf"},
    {".png", "image/png"},
    {".ppt", "application/vnd.ms-powerpoint"},
    {".ps", "application/postscript"},
    {".py", "text/x-python"},
    {".rtf", "text/rtf"},
    {".sh", "application/x-sh"},
    {".svg", "image/svg+xml"},
    {".tar", "application/x-tar"},
    {".tif", "image/tiff"},
    {".tiff", "image/tiff"},
    {".tsv", "text/tab-separated-values"},
    {".txt", "text/plain"},
    {".vtt", "text/vtt"},
    {".wasm", "application/wasm"},
    {".wav", "audio/x-wav"},
    {".webm", "video/webm"},
    {".webmanifest", "application/manifest+json"},
    {".webp", "image/webp"},
    {".xls", "application/vnd.ms-excel"},
    {".xml", "text/xml"},
    {".zip", "application/zip"},
};

// mimetypes.suffix_map and encodings_map.
constexpr std::pair<std::string_view, std::string_view> suffixes[] = {
    {".svgz", ".svg.gz"}, {".tgz", ".tar.gz"},   {".taz", ".tar.gz"},
    {".tz", ".tar.gz"},   {".tbz2", ".tar.bz2"}, {".txz", ".tar.xz"}};
constexpr std::pair<std::string_view, std::string_view> encodings[] = {
    {".gz", "gzip"}, {".Z", "compress"}, {".bz2", "bzip2"}, {".xz", "xz"}, {".br", "br"}};

// posixpath.splitext: the extension starts at the last '.' of the last
// component, unless only dots come before it there (".bashrc" has none).
std::pair<std::string_view, std::string_view> split_extension(std::string_view path) {
    const auto slash = path.rfind('/');
    const std::size_t name = slash == std::string_view::npos ? 0 : slash + 1;
    const auto dot = path.rfind('.');
    if (dot == std::string_view::npos || dot < name) {
        return {path, {}};
    }
    for (std::size_t i = name; i < dot; ++i) {
        if (path[i] != '.') {
            return {path.substr(0, dot), path.substr(dot)};
        }
    }
    return {path, {}};
}

template <std::size_t N>
std::string_view lookup(const std::pair<std::string_view, std::string_view> (&table)[N],
                        std::string_view key) {
    for (const auto& [k, v] : table) {
        if (k == key) {
            return v;
        }
    }
    return {};
}

} // namespace

mime_types mime_types::builtin() {
    mime_types m;
    for (const auto& [ext, type] : builtin_types) {
        m.types_[ext] = type;
    }
    return m;
}

void mime_types::add_type(std::string_view type, std::string_view extension) {
    types_[std::string(extension)] = std::string(type);
}

void mime_types::add_types(std::string_view text) {
    while (!text.empty()) {
        const auto end = text.find('\n');
        auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        line = line.substr(0, line.find('#'));
        std::string_view type;
        for (;;) {
            const auto start = line.find_first_not_of(" \t\r\f\v");
            if (start == std::string_view::npos) {
                break;
            }
            line.remove_prefix(start);
            const auto word = line.substr(0, line.find_first_of(" \t\r\f\v"));
            line.remove_prefix(word.size());
            if (type.empty()) {
                type = word;
            } else {
                add_type(type, "." + std::string(word));
            }
        }
    }
}

mime_guess mime_types::guess_type(std::string_view path) const {
    auto [base, ext] = split_extension(path);
    std::string rewritten; // a .tgz becomes .tar.gz
    for (std::string_view replacement; !(replacement = lookup(suffixes, ext)).empty();) {
        rewritten = std::string(base) + std::string(replacement);
        std::tie(base, ext) = split_extension(rewritten);
    }
    mime_guess guess;
    if (const auto encoding = lookup(encodings, ext); !encoding.empty()) {
        guess.encoding = encoding;
        std::tie(base, ext) = split_extension(base);
    }
    if (ext.empty()) {
        return guess;
    }
    if (auto it = types_.find(std::string(ext)); it != types_.end()) {
        guess.type = it->second;
        return guess;
    }
    if (auto it = types_.find(lower_copy(ext)); it != types_.end()) {
        guess.type = it->second;
    }
    return guess;
}

} // namespace netkit::http
