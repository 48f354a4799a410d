// Base64: RFC 4648's test vectors both ways, and decoding as Python's
// binascii.a2b_base64 reads odd input (each expectation is what CPython
// 3.11 and 3.13 answer for it).
#include <netkit/core/base64.hpp>
#include <netkit/core/error.hpp>

#include <gtest/gtest.h>

namespace {

TEST(Base64, Rfc4648Vectors) {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [bytes, text] : vectors) {
        EXPECT_EQ(netkit::base64_encode(bytes), text);
        EXPECT_EQ(netkit::base64_decode(text).value(), bytes);
    }
    const std::string all = [] {
        std::string s;
        for (int c = 0; c < 256; ++c) {
            s += static_cast<char>(c);
        }
        return s;
    }();
    EXPECT_EQ(netkit::base64_decode(netkit::base64_encode(all)).value(), all);
}

TEST(Base64, DecodesOddInputAsPython) {
    const std::pair<const char*, const char*> decoded[] = {
        {"aGVs bG8=", "hello"},     // a byte outside the alphabet is skipped
        {"aGVsbG8=extra", "hello"}, // the padding ends the data
        {"ab==cd", "i"},
        {"a=b=c=d", "i\xb7"}, // pads counted across the characters between them
        {"!!!!", ""},
        {"YQ==YQ==", "a"},
        {"Y Q = =", "a"},
        {"abcd", "i\xb7\x1d"},
    };
    for (const auto& [text, bytes] : decoded) {
        EXPECT_EQ(netkit::base64_decode(text).value(), bytes) << text;
    }
    for (const char* text : {"aGVsbG8", "ab", "abc", "=abc"}) {
        EXPECT_EQ(netkit::base64_decode(text).error(), netkit::core_error::base64_padding) << text;
        EXPECT_EQ(netkit::base64_decode(text).error().message(), "Incorrect padding");
    }
    EXPECT_EQ(netkit::base64_decode("a").error(), netkit::core_error::base64_length);
    EXPECT_EQ(netkit::base64_decode("a").error(), netkit::condition::bad_input);
}

} // namespace
