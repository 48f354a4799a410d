// CPython's http.client header validation (putheader), against netkit's
// fields: what CPython refuses, netkit refuses; where CPython lets through
// what RFC 9110 forbids, netkit is stricter, and this test lists where.
#include <netkit/http/fields.hpp>

#include "support/conformance.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

// Field names and values CPython accepts that are not RFC 9110 field lines:
// a name must be a token (no spaces, no U+00A0), and obs-fold (CRLF + SP/HTAB
// inside a value) is obsolete and refused by netkit's parser as well.
const std::set<std::string> stricter_on_purpose = {
    "Key Space", "KeySpace ", "Nonbreak\u00a0Space", "\u00a0NonbreakSpace",
    "Embedded-Fold-Space", "Embedded-Fold-Tab"};

TEST(http_cpython_conformance, putheader_validation) {
    const auto data = netkit::test::load_conformance("http_client_requests_cpython.json");
    int refused_by_both = 0;
    int accepted_by_both = 0;
    int stricter = 0;
    for (const auto& c : data.find("header_validation")->as_array()) {
        if (c.find("call")->as_string() != "putheader") {
            continue; // putrequest: the client's (issue 6)
        }
        const auto& args = c.find("args")->as_array();
        const std::string name = args[0].as_string();
        const bool python_ok = c.find("ok") != nullptr;
        bool netkit_ok = true;
        for (std::size_t i = 1; i < args.size(); ++i) { // putheader(name, *values)
            netkit::http::fields f;
            netkit_ok = netkit_ok && f.add(name, args[i].as_string()).has_value();
        }
        if (!python_ok) {
            EXPECT_FALSE(netkit_ok) << "netkit accepts what CPython refuses: " << c.dump();
            ++refused_by_both;
        } else if (netkit_ok) {
            ++accepted_by_both;
        } else {
            EXPECT_TRUE(stricter_on_purpose.count(name)) << "refused without a reason: " << c.dump();
            ++stricter;
        }
    }
    EXPECT_EQ(refused_by_both, 16);
    EXPECT_EQ(accepted_by_both, 8);
    EXPECT_EQ(stricter, 6);
}

} // namespace
