// http.cookies, as Python's documentation shows it: build cookies, print
// them as Set-Cookie and Cookie lines, load them from a header, read their
// values. tests/cli/cookie_example.py is the same program in Python; a test
// compares what the two print. (The documentation's "keebler" value holds
// "\012", a newline: CPython's security releases of late 2026 refuse
// control characters in a cookie, 3.13.0 does not; this one escapes a ';'.)
#include <netkit/cookie/simple_cookie.hpp>

#include <iostream>

int main() {
    using netkit::cookie::simple_cookie;

    simple_cookie c;
    c.set("fig", "newton");
    c.set("sugar", "wafer");
    std::cout << c.output() << "\n"; // the Set-Cookie lines, joined by CRLF

    c = simple_cookie();
    c.set("rocky", "road");
    c.at("rocky").set_attribute("path", "/cookie");
    std::cout << c.output(std::nullopt, "Cookie:") << "\n";
    std::cout << c.output(std::vector<std::string>{}, "Cookie:") << "\n"; // no attributes

    c = simple_cookie();
    c.load("chips=ahoy; vienna=finger"); // from a Cookie header
    std::cout << c.output() << "\n";

    c = simple_cookie();
    c.load(R"(keebler="E=everybody; L=\"Loves\"; fudge=\073;";)");
    std::cout << c.output() << "\n";
    std::cout << c.at("keebler").value() << "\n";

    c = simple_cookie();
    c.set("oreo", "doublestuff");
    c.at("oreo").set_attribute("path", "/");
    c.at("oreo").set_attribute("httponly", true);
    c.at("oreo").set_attribute("max-age", std::int64_t{3600});
    std::cout << c.output() << "\n";

    c = simple_cookie();
    c.set("twix", "none for you; or me");
    std::cout << c.at("twix").value() << "\n" << c.at("twix").coded_value() << "\n";
    std::cout << c.output() << "\n";
}
