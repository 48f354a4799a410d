// multipart/form-data as it streams in: parts, file names and bytes come out
// the same for any split of the input, and each malformed body is an error.
#include <netkit/http/multipart.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace netkit::http {
namespace {

struct collected {
    std::vector<std::string> names, filenames, types, bodies;
    bool done = false;
    std::string error;
    friend bool operator==(const collected&, const collected&) = default;
};

// Feeds `body` in pieces of `step` bytes (0: all at once), as a server reads it.
collected parse(const std::string& boundary, const std::string& body, std::size_t step) {
    multipart_parser p(boundary);
    collected out;
    std::string pending;
    std::size_t fed = 0;
    for (;;) {
        auto s = p.feed(pending);
        switch (s.event) {
        case multipart_event::part_begin:
            out.names.push_back(p.part().name);
            out.filenames.push_back(p.part().filename.value_or("<none>"));
            out.types.push_back(p.part().content_type);
            out.bodies.emplace_back();
            break;
        case multipart_event::part_data: out.bodies.back().append(s.data); break;
        case multipart_event::part_end: break;
        case multipart_event::done: out.done = true; return out;
        case multipart_event::error: out.error = std::string(p.error()); return out;
        case multipart_event::need_more:
            if (fed == body.size()) {
                p.finish();
                out.error = std::string(p.error());
                return out;
            }
            const std::size_t n = step == 0 ? body.size() : std::min(step, body.size() - fed);
            pending.append(body, fed, n);
            fed += n;
            break;
        }
        pending.erase(0, s.consumed);
    }
}

const std::string browser_body =
    "------WebKitFormBoundaryX3\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
    "holiday\r\n"
    "------WebKitFormBoundaryX3\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"\r\n"
    "Content-Type: text/plain\r\n\r\n"
    "line one\r\n--not the boundary\r\n\r\n------WebKitFormBoundary but not quite\r\n"
    "\r\n"
    "------WebKitFormBoundaryX3\r\n"
    "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
    "Content-Type: application/octet-stream\r\n\r\n"
    "\r\n"
    "------WebKitFormBoundaryX3--\r\n"
    "epilogue is ignored";

TEST(Multipart, ABrowsersFormAtEverySplit) {
    const std::string boundary = "----WebKitFormBoundaryX3";
    const auto whole = parse(boundary, browser_body, 0);
    ASSERT_TRUE(whole.done) << whole.error;
    EXPECT_EQ(whole.names, (std::vector<std::string>{"title", "file", "empty"}));
    EXPECT_EQ(whole.filenames, (std::vector<std::string>{"<none>", "a \"b\".txt", ""}));
    EXPECT_EQ(whole.types,
              (std::vector<std::string>{"", "text/plain", "application/octet-stream"}));
    EXPECT_EQ(whole.bodies[0], "holiday");
    EXPECT_EQ(whole.bodies[1],
              "line one\r\n--not the boundary\r\n\r\n------WebKitFormBoundary but not quite\r\n");
    EXPECT_EQ(whole.bodies[2], "");
    for (std::size_t step = 1; step <= browser_body.size(); ++step) {
        ASSERT_EQ(parse(boundary, browser_body, step), whole) << "pieces of " << step;
    }
}

TEST(Multipart, APreambleHoldingTheBoundaryAtEverySplit) {
    // "--b" inside the preamble is not a boundary (it must start the body or
    // follow a CRLF), wherever the reads happen to split the body. (Found by
    // the multipart fuzz target: a read that began at "--b--" ended the form.)
    const std::string body = "x--b-- not yet\n--b--\r\n--b\r\n"
                             "Content-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b--";
    const auto whole = parse("b", body, 0);
    ASSERT_TRUE(whole.done) << whole.error;
    EXPECT_EQ(whole.names, (std::vector<std::string>{"a"}));
    EXPECT_EQ(whole.bodies, (std::vector<std::string>{"v"}));
    for (std::size_t step = 1; step <= body.size(); ++step) {
        ASSERT_EQ(parse("b", body, step), whole) << "pieces of " << step;
    }
}

TEST(Multipart, BinaryContentSurvives) {
    std::string data;
    for (int i = 0; i < 4096; ++i)
        data += static_cast<char>(i * 7 % 256);
    data += "\r\n-b\r\n--"; // near misses of the delimiter at the very end
    const std::string body =
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n" + data +
        "\r\n--b--";
    for (std::size_t step : {0, 1, 3, 64, 1000}) {
        const auto r = parse("b", body, step);
        ASSERT_TRUE(r.done) << r.error;
        EXPECT_EQ(r.bodies.at(0), data) << step;
    }
}

TEST(Multipart, MalformedBodiesAreErrors) {
    EXPECT_NE(
        parse("b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", 0).error, "");
    EXPECT_NE(parse("b", "--b\r\nno colon here\r\n\r\nx\r\n--b--", 0).error, "");
    EXPECT_NE(
        parse("b", "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--", 0).error,
        "");
    EXPECT_NE(parse("b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", 0).error, "");
    EXPECT_NE(parse("b", "--bX\r\n", 0).error, "");
    EXPECT_NE(parse("b",
                    "--b\r\nContent-Disposition: form-data; name=\"unterminated\r\n\r\nx\r\n--b--",
                    0)
                  .error,
              "");
    // A control character in a part's header: a bare LF hiding a second
    // line in a name, a NUL, a lone CR.
    for (const char* header : {"name=\"a\nb\"", "name=a\nContent-Type: x", "name=\"a\rb\""}) {
        EXPECT_EQ(parse("b",
                        std::string("--b\r\nContent-Disposition: form-data; ") + header +
                            "\r\n\r\nx\r\n--b--",
                        0)
                      .error,
                  "bad multipart part header")
            << header;
    }
    EXPECT_EQ(parse("b",
                    "--b\r\nContent-Disposition: form-data; name=\"a" + std::string(1, '\0') +
                        "\"\r\n\r\nx\r\n--b--",
                    0)
                  .error,
              "bad multipart part header");
    std::string huge = "--b\r\nX-Filler: " + std::string(20000, 'a') + "\r\n\r\n";
    EXPECT_EQ(parse("b", huge, 0).error, "multipart part header too large");
    EXPECT_EQ(parse("b", "", 0).error, "multipart body ended before its closing boundary");
}

TEST(Multipart, EncodedFormsParseBack) {
    const std::vector<form_part> parts{
        {"title", "line one\r\nline two", std::nullopt, ""},
        {"we\"ird\r\nname", "x", std::nullopt, ""},
        {"file", std::string("\0bin\xff", 5), "a \"b\".bin", "image/png"},
        {"empty", "", "", ""},
    };
    const auto body = encode_form(parts, "XyZ-boundary-123");
    ASSERT_TRUE(body);
    for (std::size_t step : {0, 1, 7}) {
        const auto r = parse("XyZ-boundary-123", *body, step);
        ASSERT_TRUE(r.done) << r.error;
        EXPECT_EQ(r.names,
                  (std::vector<std::string>{"title", "we%22ird%0D%0Aname", "file", "empty"}));
        EXPECT_EQ(r.filenames, (std::vector<std::string>{"<none>", "<none>", "a %22b%22.bin", ""}));
        EXPECT_EQ(r.types,
                  (std::vector<std::string>{"", "", "image/png", "application/octet-stream"}));
        EXPECT_EQ(r.bodies, (std::vector<std::string>{"line one\r\nline two", "x",
                                                      std::string("\0bin\xff", 5), ""}));
    }
    // A boundary that occurs in the data cannot delimit it.
    EXPECT_FALSE(
        encode_form({{"a", "...XyZ-boundary-123...", std::nullopt, ""}}, "XyZ-boundary-123"));
}

// A boundary of its own: named in the Content-Type, fresh each time, and
// never one that occurs in the data.
TEST(Multipart, EncodedFormsChooseTheirBoundary) {
    const std::vector<form_part> parts{{"a", "x", std::nullopt, ""}};
    const auto one = encode_form(parts);
    const auto two = encode_form(parts);
    ASSERT_TRUE(one && two);
    const auto boundary = multipart_boundary(one->content_type);
    ASSERT_TRUE(boundary);
    EXPECT_NE(*boundary, multipart_boundary(two->content_type).value());
    EXPECT_TRUE(parse(*boundary, one->body, 0).done);
}

TEST(Multipart, BoundaryFromContentType) {
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
    EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\""),
              "a b:c");
    EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=abc"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary="), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')),
              std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=a\r\nb"), std::nullopt);
    EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"ends with space \""),
              std::nullopt);
}

} // namespace
} // namespace netkit::http
