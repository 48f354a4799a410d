// Media types by file name, with the answers of Python's mimetypes: a
// built-in table of common types, overlaid by /etc/mime.types when the
// system has one (as mimetypes.init() does).
//
//     const auto& types = netkit::http::mime_types::system();
//     types.guess_type("index.html")   // {"text/html", ""}
//     types.guess_type("data.tar.gz")  // {"application/x-tar", "gzip"}
//     types.guess_type("x.tgz")        // {"application/x-tar", "gzip"}
//     types.guess_type("README")       // {"", ""}
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

namespace netkit::http {

struct mime_guess {
    std::string_view type;     ///< empty when unknown
    std::string_view encoding; ///< "gzip", "bzip2", "xz", "br", "compress" or empty
};

class mime_types {
public:
    /// The built-in table alone.
    static mime_types builtin();
    /// The built-in table overlaid by /etc/mime.types; loaded once.
    static const mime_types& system();

    /// Adds the entries of a mime.types file ("type ext ext ..." lines, '#'
    /// comments); later entries win. False when the file cannot be read.
    bool load_file(const std::string& path);
    void add_type(std::string_view type, std::string_view extension);

    /// Python's mimetypes.guess_type(path) (strict).
    mime_guess guess_type(std::string_view path) const;

private:
    std::unordered_map<std::string, std::string> types_; // ".ext" -> type
};

} // namespace netkit::http
