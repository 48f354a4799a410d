// Media types by file name, with the answers of Python's mimetypes: a
// built-in table of common types, which the text of a mime.types file can
// overlay (as mimetypes.init() reads /etc/mime.types; the reading is the
// engine's: see http/engine/system_mime_types.hpp).
//
//     auto types = netkit::http::mime_types::builtin();
//     types.add_types("text/markdown md markdown\n");
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

    /// Adds the entries of a mime.types file's text ("type ext ext ..."
    /// lines, '#' comments); later entries win.
    void add_types(std::string_view mime_types_text);
    void add_type(std::string_view type, std::string_view extension);

    /// Python's mimetypes.guess_type(path) (strict).
    mime_guess guess_type(std::string_view path) const;

private:
    std::unordered_map<std::string, std::string> types_; // ".ext" -> type
};

} // namespace netkit::http
