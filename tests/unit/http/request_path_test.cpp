// map_request_path: request paths to paths below a served root. CPython's
// translate_path and _url_collapse_path vectors, the public traversal lists
// (none may climb above the root), and each refusal.
#include <netkit/http/request_path.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace netkit::http {
namespace {

using test::at;

std::string mapped(std::string_view target) {
    auto p = map_request_path(target);
    return p ? p->relative + (p->trailing_slash ? "|/" : "") : "<refused>";
}

TEST(RequestPath, DecodesAndJoinsSegments) {
    EXPECT_EQ(mapped("/"), "|/");
    EXPECT_EQ(mapped("/a/b.txt"), "a/b.txt");
    EXPECT_EQ(mapped("/a%20b/c%25d.txt"), "a b/c%d.txt");
    EXPECT_EQ(mapped("/dir/"), "dir|/");
    EXPECT_EQ(mapped("//a///b"), "a/b");
    EXPECT_EQ(mapped("/a/./b/../c"), "a/c");
    EXPECT_EQ(mapped("/file.txt?x=1#frag"), "file.txt");
    EXPECT_EQ(mapped("/caf%C3%A9"), "caf\xC3\xA9");
    EXPECT_EQ(mapped("/bytes-%FF"), "bytes-\xFF"); // not UTF-8, and allowed
    EXPECT_EQ(mapped("/100%zz"), "100%zz");        // an invalid escape stays, as unquote leaves it
}

TEST(RequestPath, RefusesEachTraversalTrick) {
    for (const char* target : {"/..", "/../etc/passwd", "/a/../../b", "/%2e%2e/x", "/%2E%2E/x",
                               "/a%2fb", "/a%2Fb", "/a%5cb", "/a\\b", "/a%00b", "/%c0%ae%c0%ae/x",
                               "/%C1%9C", "/%e0%80%ae", "/%f0%80%80%ae", "relative", ""}) {
        EXPECT_EQ(mapped(target), "<refused>") << target;
    }
}

TEST(RequestPath, RefusesARawNulAsADecodedOne) {
    // The parser refuses it in a request line; the function alone must too:
    // the path would end there where the file is opened.
    using namespace std::string_view_literals;
    EXPECT_EQ(mapped("/docs/\0secret.txt"sv), "<refused>");
    EXPECT_EQ(mapped("/\0"sv), "<refused>");
    EXPECT_EQ(mapped("/a/b\0/c"sv), "<refused>");
    // Raw bytes as their escapes: overlong UTF-8 refused, the rest kept.
    EXPECT_EQ(mapped("/a/\xc0\x9b."), "<refused>");
    EXPECT_EQ(mapped("/caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(RequestPath, CPythonTranslatePathVectors) {
    const auto data = test::load_conformance("http_server_cpython.json");
    int checked = 0;
    for (const auto& c : at(data, "translate_path").as_array()) {
        const std::string path = at(c, "path").as_string();
        if (at(c, "platform").as_string() != "posix") {
            // Windows drive letters and backslashes: netkit refuses or keeps
            // them as names; the root is never left either way.
            auto p = map_request_path(path);
            EXPECT_TRUE(!p || p->relative.find("..") == std::string::npos) << path;
            continue;
        }
        std::string expected = at(c, "expected_fs_path").as_string();
        ASSERT_EQ(expected.substr(0, 7), "<root>/");
        EXPECT_EQ(mapped(path), expected.substr(7)) << path;
        ++checked;
    }
    EXPECT_EQ(checked, 5);
}

TEST(RequestPath, CPythonCollapsePathVectorsThatStayInsideTheRoot) {
    // _url_collapse_path clamps a ".." above the root and keeps a leading
    // "//"; netkit refuses the first (named below) and has no use for the
    // second. Every other vector gives the same segments.
    const auto data = test::load_conformance("http_server_cpython.json");
    int same = 0, refused = 0;
    for (const auto& c : at(data, "url_collapse_path").as_array()) {
        std::string path = at(c, "path").as_string();
        std::string expected = at(c, "expected").as_string();
        if (path.empty() || path.front() != '/') {
            path = "/" + path;
        }
        auto p = map_request_path(path);
        while (expected.starts_with("//")) {
            expected.erase(0, 1);
        }
        if (!p) {
            // The ones that climb above the root, or hold a backslash.
            EXPECT_TRUE(path.find("..") != std::string::npos ||
                        path.find('\\') != std::string::npos)
                << path;
            ++refused;
            continue;
        }
        std::string ours = "/" + p->relative;
        if ((p->trailing_slash || path.ends_with("/.") || path.ends_with("/..")) && ours != "/") {
            ours += '/';
        }
        EXPECT_EQ(ours, expected) << path;
        ++same;
    }
    EXPECT_EQ(same, 23);
    EXPECT_EQ(refused, 1); // "/\\": a backslash
}

TEST(RequestPath, NoPublicTraversalVectorClimbsAboveTheRoot) {
    const auto vectors = test::load_conformance("path_traversal_vectors.json");
    const auto dotdotpwn = test::load_conformance("path_traversal_dotdotpwn.json");
    std::size_t count = 0, refused = 0;
    auto check = [&](std::string v) {
        for (auto at = v.find("{FILE}"); at != std::string::npos; at = v.find("{FILE}")) {
            v.replace(at, 6, "etc/passwd");
        }
        auto p = map_request_path(v.starts_with("/") ? v : "/" + v);
        ++count;
        if (!p) {
            ++refused;
            return;
        }
        // Inside the root: no ".." segment survives, nothing is absolute.
        EXPECT_FALSE(p->relative.starts_with("/")) << v;
        EXPECT_EQ(("/" + p->relative + "/").find("/../"), std::string::npos) << v;
    };
    for (const auto& [name, list] : at(vectors, "lists").as_object()) {
        for (const auto& v : list.as_array()) {
            check(v.as_string());
        }
    }
    for (const auto& v : at(dotdotpwn, "vectors").as_array()) {
        check(v.as_string());
    }
    EXPECT_EQ(count, 1914u + 21144u);
    // Most are refused outright; the others (double encodings such as
    // "%252e%252e") name odd files inside the root, checked above.
    EXPECT_GT(refused, count / 2);
}

} // namespace
} // namespace netkit::http
