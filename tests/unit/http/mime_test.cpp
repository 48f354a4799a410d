#include <netkit/http/engine/system_mime_types.hpp>
#include <netkit/http/mime.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace {

using netkit::http::mime_types;

struct expectation {
    const char* path;
    const char* type;
    const char* encoding;
};

// What CPython 3.13's mimetypes.guess_type answers on Debian 12 (with its
// /etc/mime.types from the media-types package).
TEST(mime, answers_as_python_does_with_the_system_table) {
    ASSERT_TRUE(std::filesystem::exists("/etc/mime.types"));
    const auto& types = netkit::http::system_mime_types();
    for (const auto& e :
         std::initializer_list<expectation>{{"f.html", "text/html", ""},
                                            {"f.css", "text/css", ""},
                                            {"f.js", "text/javascript", ""},
                                            {"f.mjs", "text/javascript", ""},
                                            {"f.json", "application/json", ""},
                                            {"f.txt", "text/plain", ""},
                                            {"f.csv", "text/csv", ""},
                                            {"f.xml", "application/xml", ""},
                                            {"f.svg", "image/svg+xml", ""},
                                            {"f.png", "image/png", ""},
                                            {"f.JPG", "image/jpeg", ""},
                                            {"f.webp", "image/webp", ""},
                                            {"f.ico", "image/vnd.microsoft.icon", ""},
                                            {"f.pdf", "application/pdf", ""},
                                            {"f.zip", "application/zip", ""},
                                            {"f.gz", "", "gzip"},
                                            {"f.tgz", "application/x-tar", "gzip"},
                                            {"a.tar.gz", "application/x-tar", "gzip"},
                                            {"f.mp4", "video/mp4", ""},
                                            {"f.woff2", "font/woff2", ""},
                                            {"f.wasm", "application/wasm", ""},
                                            {"f.md", "text/markdown", ""},
                                            {"f.c", "text/x-csrc", ""},
                                            {"f.exe", "application/x-msdos-program", ""},
                                            {"f.yaml", "", ""},
                                            {"README", "", ""},
                                            {".bashrc", "", ""},
                                            {"dir.d/file", "", ""},
                                            {"f.svgz", "image/svg+xml", "gzip"},
                                            {"f.css.br", "text/css", "br"}}) {
        const auto g = types.guess_type(e.path);
        EXPECT_EQ(g.type, e.type) << e.path;
        EXPECT_EQ(g.encoding, e.encoding) << e.path;
    }
}

// Without /etc/mime.types, the built-in table still knows the common types,
// with CPython's built-in answers.
TEST(mime, builtin_table_matches_python_defaults) {
    const auto types = mime_types::builtin();
    EXPECT_EQ(types.guess_type("a.html").type, "text/html");
    EXPECT_EQ(types.guess_type("a.js").type, "text/javascript");
    EXPECT_EQ(types.guess_type("a.xml").type, "text/xml");
    EXPECT_EQ(types.guess_type("a.c").type, "text/plain");
    EXPECT_EQ(types.guess_type("a.exe").type, "application/octet-stream");
    EXPECT_EQ(types.guess_type("a.woff2").type, "");
}

// The text of a mime.types file: '#' comments, tabs and spaces between
// words, blank lines, a type without extensions; later entries win.
TEST(mime, add_types_reads_the_text_of_a_mime_types_file) {
    auto types = mime_types::builtin();
    types.add_types("# comment line\n"
                    "text/x-made-up\tmk  mkk # trailing comment\n"
                    "\n"
                    "application/x-nothing\n"
                    "text/html\thtml htm\r\n"
                    "text/x-later mk");
    EXPECT_EQ(types.guess_type("a.mkk").type, "text/x-made-up");
    EXPECT_EQ(types.guess_type("a.mk").type, "text/x-later");
    EXPECT_EQ(types.guess_type("a.htm").type, "text/html");
    EXPECT_EQ(types.guess_type("a.comment").type, "");
}

} // namespace
