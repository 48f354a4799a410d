// The strict RFC 3986 resolver against the RFC's own examples (§5.4) and the
// strict targets recorded beside CPython's urljoin cases.
#include <netkit/url/url.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

namespace {

namespace url = netkit::url;

std::string resolve(const std::string& base, const std::string& ref) {
    auto b = url::parse_uri(base);
    auto r = url::parse_uri_reference(ref);
    if (!b || !r) {
        return "(parse error)";
    }
    auto target = url::resolve(*b, *r);
    return target ? target->str() : "(resolve error)";
}

TEST(rfc3986_conformance, section_5_4_normal_and_abnormal_examples) {
    const auto data = netkit::test::load_conformance("rfc3986_reference_resolution.json");
    int checked = 0;
    for (const auto& c : data.find("cases")->as_array()) {
        const auto& base = c.find("base")->as_string();
        const auto& ref = c.find("ref")->as_string();
        EXPECT_EQ(resolve(base, ref), c.find("expected")->as_string())
            << c.find("section")->as_string() << ": " << ref;
        ++checked;
    }
    EXPECT_EQ(checked, 42);
}

TEST(rfc3986_conformance, strict_targets_of_the_urljoin_cases) {
    const auto data = netkit::test::load_conformance("urljoin.json");
    int checked = 0;
    for (const auto& c : data.find("cases")->as_array()) {
        const auto& base = c.find("base")->as_string();
        const auto& ref = c.find("ref")->as_string();
        auto b = url::parse_uri(base);
        auto r = url::parse_uri_reference(ref);
        if (!b || !r) {
            continue; // a base or reference RFC 3986 does not accept
        }
        auto target = url::resolve(*b, *r);
        ASSERT_TRUE(target) << base << " + " << ref;
        EXPECT_EQ(target->str(), c.find("rfc3986_strict")->as_string()) << base << " + " << ref;
        ++checked;
    }
    EXPECT_GT(checked, 100);
}

} // namespace
