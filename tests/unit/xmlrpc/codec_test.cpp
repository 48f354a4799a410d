// The XML-RPC codec: Python's output byte for byte, every type and
// extension read, the leniencies Python has, and every hostile or broken
// document refused with the error that names it. (CPython 3.13 itself is
// compared in tests/differential/test_xmlrpc_differential.py.)
#include <netkit/xmlrpc/codec.hpp>
#include <netkit/xmlrpc/error.hpp>

#include "xmlrpc/detail/python_numbers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

namespace xmlrpc = netkit::xmlrpc;
using xmlrpc::error;

std::string response_of(std::string_view value_xml) {
    return "<?xml version='1.0'?><methodResponse><params><param>" + std::string(value_xml) +
           "</param></params></methodResponse>";
}

// The one value of a response, or the error reading it gave.
xmlrpc::value read_one(std::string_view value_xml) {
    auto doc = xmlrpc::loads(response_of(value_xml));
    EXPECT_TRUE(doc) << value_xml << ": " << doc.error().message();
    if (!doc || doc->params.size() != 1) {
        return {};
    }
    return doc->params[0];
}

std::error_code read_error(std::string_view xml, std::string* why = nullptr) {
    return xmlrpc::loads(xml, {}, why).error();
}

TEST(XmlrpcDumps, WritesACallAsPythonDoesByteForByte) {
    xmlrpc::structure s;
    s.set("k", "v");
    const std::vector<xmlrpc::value> params{
        1,
        2.5,
        "a&<b>",
        true,
        nullptr,
        xmlrpc::binary{std::string(40 * 2, '\0')},
        xmlrpc::array{1, xmlrpc::array{}},
        s,
        xmlrpc::date_time{"20261206T01:02:03"},
    };
    // (CPython 3.13's dumps of the same values, bytes(80) for the base64.)
    xmlrpc::write_options options;
    options.allow_none = true;
    auto xml = xmlrpc::dumps_call("m", params, options);
    ASSERT_TRUE(xml);
    const std::string zeros(80, '\0');
    EXPECT_EQ(*xml, "<?xml version='1.0'?>\n<methodCall>\n<methodName>m</methodName>\n<params>\n"
                    "<param>\n<value><int>1</int></value>\n</param>\n"
                    "<param>\n<value><double>2.5</double></value>\n</param>\n"
                    "<param>\n<value><string>a&amp;&lt;b&gt;</string></value>\n</param>\n"
                    "<param>\n<value><boolean>1</boolean></value>\n</param>\n"
                    "<param>\n<value><nil/></value></param>\n"
                    "<param>\n<value><base64>\n"
                    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n</base64></value>\n</param>\n"
                    "<param>\n<value><array><data>\n<value><int>1</int></value>\n"
                    "<value><array><data>\n</data></array></value>\n</data></array></value>\n"
                    "</param>\n"
                    "<param>\n<value><struct>\n<member>\n<name>k</name>\n"
                    "<value><string>v</string></value>\n</member>\n</struct></value>\n</param>\n"
                    "<param>\n<value><dateTime.iso8601>20261206T01:02:03</dateTime.iso8601>"
                    "</value>\n</param>\n"
                    "</params>\n</methodCall>\n");
}

TEST(XmlrpcDumps, WritesResponsesAndFaultsAsPythonDoes) {
    xmlrpc::structure ok;
    ok.set("ok", 1);
    EXPECT_EQ(*xmlrpc::dumps_response(ok),
              "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n"
              "<member>\n<name>ok</name>\n<value><int>1</int></value>\n</member>\n</struct>"
              "</value>\n</param>\n</params>\n</methodResponse>\n");
    EXPECT_EQ(xmlrpc::dumps_fault({4, "bad <thing>"}),
              "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
              "<name>faultCode</name>\n<value><int>4</int></value>\n</member>\n<member>\n"
              "<name>faultString</name>\n<value><string>bad &lt;thing&gt;</string></value>\n"
              "</member>\n</struct></value>\n</fault>\n</methodResponse>\n");
}

TEST(XmlrpcDumps, DoublesAsPythonsRepr) {
    const std::vector<std::pair<double, std::string>> cases{
        {1.0, "1.0"},
        {0.1, "0.1"},
        {1e16, "1e+16"},
        {1e-5, "1e-05"},
        {1234567890123456.0, "1234567890123456.0"},
        {-0.0, "-0.0"},
        {std::numeric_limits<double>::infinity(), "inf"},
        {-std::numeric_limits<double>::infinity(), "-inf"},
        {std::numeric_limits<double>::quiet_NaN(), "nan"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {0.0001, "0.0001"},
        {123456.789, "123456.789"},
        {1e22, "1e+22"},
        {9007199254740992.0, "9007199254740992.0"},
        {-1.5e-7, "-1.5e-07"},
    };
    for (const auto& [d, repr] : cases) {
        const xmlrpc::value v = d;
        auto xml = xmlrpc::dumps({&v, 1});
        ASSERT_TRUE(xml);
        EXPECT_NE(xml->find("<double>" + repr + "</double>"), std::string::npos) << repr << *xml;
    }
}

TEST(XmlrpcDumps, RefusesWhatPythonRefusesAndWhatXmlCannotCarry) {
    const auto dump_one = [](xmlrpc::value v, xmlrpc::write_options options = {}) {
        return xmlrpc::dumps({&v, 1}, options).error();
    };
    EXPECT_EQ(dump_one(std::int64_t{1} << 31), error::int_exceeds_limits);
    EXPECT_EQ(dump_one(-(std::int64_t{1} << 31) - 1), error::int_exceeds_limits);
    EXPECT_FALSE(dump_one(-(std::int64_t{1} << 31)));
    xmlrpc::write_options i8;
    i8.allow_i8 = true;
    EXPECT_FALSE(dump_one(std::int64_t{1} << 40, i8));
    EXPECT_EQ(dump_one(nullptr), error::nil_not_allowed);
    EXPECT_EQ(dump_one("bell \a"), error::unwritable_string);
    EXPECT_EQ(dump_one("caf\xe9"), error::unwritable_string);
    EXPECT_EQ(dump_one("\xEF\xBF\xBF"), error::unwritable_string);
    xmlrpc::structure bad_name;
    bad_name.set(std::string("nul\0x", 5), 1);
    EXPECT_EQ(dump_one(bad_name), error::unwritable_string);
    EXPECT_EQ(xmlrpc::dumps_call("a\x01", {}).error(), error::unwritable_string);
}

TEST(XmlrpcDumps, ACarriageReturnSurvivesTheTrip) {
    // Python writes it raw, and XML reads a raw one as a line feed.
    const xmlrpc::value v = "a\r\nb\rc";
    auto xml = xmlrpc::dumps({&v, 1});
    ASSERT_TRUE(xml);
    EXPECT_NE(xml->find("a&#13;\nb&#13;c"), std::string::npos);
    auto back = xmlrpc::loads(*xml);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->params.at(0), v);
}

TEST(XmlrpcDumps, AFaultIsWrittenWhateverItsTextHolds) {
    auto doc = xmlrpc::loads(xmlrpc::dumps_fault({7, "bad \x01 byte \xff and \xEF\xBF\xBE"}));
    ASSERT_TRUE(doc);
    ASSERT_TRUE(doc->fault);
    EXPECT_EQ(doc->fault->code, 7);
    EXPECT_EQ(doc->fault->string, "bad \xEF\xBF\xBD byte \xEF\xBF\xBD and \xEF\xBF\xBD");
}

TEST(XmlrpcLoads, EveryTypeAndEveryExtensionPythonReads) {
    EXPECT_EQ(read_one("<value><int>-12</int></value>"), -12);
    EXPECT_EQ(read_one("<value><i4> 7 </i4></value>"), 7);
    EXPECT_EQ(read_one("<value><i8>9007199254740993</i8></value>"), std::int64_t{9007199254740993});
    EXPECT_EQ(read_one("<value><ex:i1 xmlns:ex='x'>1</ex:i1></value>"), 1);
    EXPECT_EQ(read_one("<value><ex:i2>1_000</ex:i2></value>"), 1000);
    EXPECT_EQ(read_one("<value><ex:biginteger>+0012</ex:biginteger></value>"), 12);
    EXPECT_EQ(read_one("<value><boolean>0</boolean></value>"), false);
    EXPECT_EQ(read_one("<value><double>-1.5e-07</double></value>"), -1.5e-07);
    EXPECT_EQ(read_one("<value><ex:float>.5</ex:float></value>"), 0.5);
    EXPECT_EQ(read_one("<value><ex:bigdecimal>2.25</ex:bigdecimal></value>"), 2.25);
    EXPECT_EQ(read_one("<value><string>h&#233;llo &amp; &lt;&gt;</string></value>"),
              "h\xC3\xA9llo & <>");
    EXPECT_EQ(read_one("<value>bare text</value>"), "bare text");
    EXPECT_EQ(read_one("<value></value>"), "");
    EXPECT_EQ(read_one("<value><string/></value>"), "");
    EXPECT_EQ(read_one("<value><nil/></value>"), xmlrpc::value());
    EXPECT_EQ(read_one("<value><ex:nil/></value>"), xmlrpc::value());
    EXPECT_EQ(read_one("<value><base64>aGVs\nbG8=</base64></value>"), xmlrpc::binary{"hello"});
    EXPECT_EQ(read_one("<value><dateTime.iso8601> 20261206T01:02:03 </dateTime.iso8601></value>"),
              xmlrpc::date_time{"20261206T01:02:03"});
    EXPECT_EQ(read_one("<value><array><data><value>1</value><value><int>2</int></value></data>"
                       "</array></value>"),
              (xmlrpc::array{"1", 2}));
    EXPECT_EQ(read_one("<value><array><data/></array></value>"), xmlrpc::array{});
}

TEST(XmlrpcLoads, CallsResponsesBareParamsAndFaults) {
    auto call = xmlrpc::loads("<methodCall><methodName>examples.add</methodName><params>"
                              "<param><value><int>2</int></value></param><param><value><int>3"
                              "</int></value></param></params></methodCall>");
    ASSERT_TRUE(call);
    EXPECT_EQ(call->method_name, "examples.add");
    EXPECT_EQ(call->params, (std::vector<xmlrpc::value>{2, 3}));
    EXPECT_FALSE(call->fault);

    auto no_params = xmlrpc::loads("<methodCall><methodName>system.listMethods</methodName>"
                                   "</methodCall>");
    ASSERT_TRUE(no_params);
    EXPECT_EQ(no_params->method_name, "system.listMethods");
    EXPECT_TRUE(no_params->params.empty());

    auto bare = xmlrpc::loads("<params><param><value>x</value></param></params>");
    ASSERT_TRUE(bare);
    EXPECT_FALSE(bare->method_name);
    EXPECT_EQ(bare->params, std::vector<xmlrpc::value>{"x"});

    auto fault = xmlrpc::loads(xmlrpc::dumps_fault({4, "Too many parameters."}));
    ASSERT_TRUE(fault);
    ASSERT_TRUE(fault->fault);
    EXPECT_EQ(*fault->fault, (xmlrpc::fault{4, "Too many parameters."}));
}

TEST(XmlrpcLoads, AStructKeepsAFirstPlaceAndALastValueAsADictDoes) {
    std::string members;
    for (int i = 0; i < 20; ++i) { // past the size that is searched by comparing all
        members += "<member><name>m" + std::to_string(i % 7) + "</name><value><int>" +
                   std::to_string(i) + "</int></value></member>";
    }
    const auto v = read_one("<value><struct>" + members + "</struct></value>");
    const auto* s = v.get_if<xmlrpc::structure>();
    ASSERT_NE(s, nullptr);
    ASSERT_EQ(s->size(), 7u);
    int place = 0;
    for (const auto& [name, item] : *s) {
        EXPECT_EQ(name, "m" + std::to_string(place));
        EXPECT_EQ(item, 14 + place < 20 ? 14 + place : 7 + place);
        ++place;
    }
    const auto small = read_one("<value><struct><member><name>a</name><value>1</value></member>"
                                "<member><name>b</name><value>2</value></member>"
                                "<member><name>a</name><value>3</value></member></struct></value>");
    EXPECT_EQ(small, (xmlrpc::structure{{"a", "3"}, {"b", "2"}}));
    EXPECT_EQ(small.get_if<xmlrpc::structure>()->begin()->first, "a");
}

TEST(XmlrpcLoads, TheEncodingDeclaredIsHonouredForThreeAndRefusedOtherwise) {
    const std::string latin1 = "<?xml version='1.0' encoding='ISO-8859-1'?><params><param>"
                               "<value>caf\xe9</value></param></params>";
    auto doc = xmlrpc::loads(latin1);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->params.at(0), "caf\xC3\xA9");
    std::string why;
    EXPECT_EQ(read_error("<?xml version='1.0' encoding='UTF-16'?><params/>", &why),
              error::unsupported_encoding);
    EXPECT_NE(why.find("UTF-16"), std::string::npos);
    EXPECT_EQ(read_error("<?xml version='1.0' encoding='koi8-r'?><params/>"),
              error::unsupported_encoding);
    // Nor does a UTF-16 byte order mark switch the reader to UTF-16.
    EXPECT_EQ(read_error(std::string("\xFF\xFE<\0p\0/\0>\0", 10)), error::unsupported_encoding);
    EXPECT_EQ(read_error(std::string("\xFE\xFF\0<\0p\0/\0>", 10)), error::unsupported_encoding);
    // A UTF-8 one is read past.
    EXPECT_FALSE(read_error("\xEF\xBB\xBF<params/>"));
    // Latin-1 bytes in a document that says nothing are not UTF-8.
    EXPECT_EQ(read_error("<params><param><value>caf\xe9</value></param></params>"),
              error::not_well_formed);
}

TEST(XmlrpcLoads, NoDtdNoEntitiesNoExternalFiles) {
    std::string why;
    EXPECT_EQ(read_error("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                         "<!ENTITY lol2 '&lol;&lol;&lol;&lol;'>]><params><param><value>&lol2;"
                         "</value></param></params>",
                         &why),
              error::doctype_refused);
    EXPECT_NE(why.find("DOCTYPE"), std::string::npos);
    EXPECT_EQ(
        read_error("<?xml version='1.0'?><!DOCTYPE p [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                   "<params><param><value>&x;</value></param></params>"),
        error::doctype_refused);
    EXPECT_EQ(read_error("<!DOCTYPE params SYSTEM 'http://127.0.0.1:1/x.dtd'><params/>"),
              error::doctype_refused);
    // An entity never declared is an XML error, not an empty string.
    EXPECT_EQ(read_error("<params><param><value>&x;</value></param></params>"),
              error::not_well_formed);
}

TEST(XmlrpcLoads, LimitsOnSizeAndNesting) {
    xmlrpc::read_limits limits;
    limits.max_size = 100;
    EXPECT_EQ(xmlrpc::loads(std::string(101, ' '), limits).error(), error::too_large);
    std::string deep;
    for (int i = 0; i < 65; ++i) {
        deep += "<value><array><data>";
    }
    EXPECT_EQ(read_error("<params><param>" + deep), error::too_deep);
    std::string ok;
    for (int i = 0; i < 64; ++i) {
        ok += "<value><array><data>";
    }
    for (int i = 0; i < 64; ++i) {
        ok += "</data></array></value>";
    }
    EXPECT_FALSE(read_error("<params><param>" + ok + "</param></params>"));
    // Elements that are no type, nested past any use, are stopped too.
    std::string nested;
    for (int i = 0; i < 100000; ++i) {
        nested += "<x>";
    }
    EXPECT_EQ(read_error("<params>" + nested), error::too_deep);
}

TEST(XmlrpcLoads, BrokenXmlAndBrokenXmlrpcEachNamed) {
    std::string why;
    EXPECT_EQ(read_error("<params><param><value>1</param></params>", &why), error::not_well_formed);
    EXPECT_NE(why.find("mismatched tag: line 1, column"), std::string::npos) << why;
    EXPECT_EQ(read_error("<params><param><value>\x01</value></param></params>"),
              error::not_well_formed);
    EXPECT_EQ(read_error("<params><param><value>&#1;</value></param></params>"),
              error::not_well_formed);
    EXPECT_EQ(read_error("<params><param><value>\xC3\x28</value></param></params>"),
              error::not_well_formed);
    EXPECT_EQ(read_error(""), error::not_well_formed);
    EXPECT_EQ(read_error("<methodResponse/>"), error::not_xmlrpc);
    EXPECT_EQ(read_error("<params><param><value><array><data></params>"), error::not_well_formed);
    EXPECT_EQ(read_error(response_of("<value><bogus>1</bogus></value>"), &why), error::unknown_tag);
    EXPECT_NE(why.find("bogus"), std::string::npos);
    EXPECT_EQ(read_error(response_of("<value><boolean>true</boolean></value>")),
              error::bad_boolean);
    EXPECT_EQ(read_error(response_of("<value><int>1.5</int></value>")), error::bad_integer);
    EXPECT_EQ(read_error(response_of("<value><int>0x10</int></value>")), error::bad_integer);
    EXPECT_EQ(read_error(response_of("<value><i8>9223372036854775808</i8></value>")),
              error::integer_out_of_range);
    EXPECT_EQ(read_error(response_of("<value><double>1.2.3</double></value>")), error::bad_double);
    EXPECT_EQ(read_error(response_of("<value><base64>aGVsbG8</base64></value>")),
              error::bad_base64);
    EXPECT_EQ(read_error(response_of("<value><struct><member><value>1</value></member>"
                                     "</struct></value>")),
              error::bad_struct);
    EXPECT_EQ(read_error("<methodResponse><fault><value><struct><member><name>faultCode</name>"
                         "<value>x</value></member><member><name>faultString</name><value>y"
                         "</value></member></struct></value></fault></methodResponse>"),
              error::bad_fault);
    // Unknown elements outside a value are passed over, as Python does.
    EXPECT_FALSE(read_error("<methodResponse><extra/><params><param><value>1</value></param>"
                            "</params></methodResponse>"));
}

TEST(XmlrpcLoads, WhatDumpsWritesReadsBackTheSame) {
    xmlrpc::structure s;
    s.set("text", "line\r\nnext \xE2\x82\xAC & <tag>");
    s.set("nothing", nullptr);
    s.set("big", std::int64_t{1} << 40);
    s.set("when", xmlrpc::date_time::from(std::chrono::sys_days(std::chrono::year(2026) / 12 / 6) +
                                          std::chrono::hours(5)));
    s.set("bytes", xmlrpc::binary{std::string("\0\x01\xff", 3)});
    const std::vector<xmlrpc::value> params{s, xmlrpc::array{1.25, false, xmlrpc::array{}}, ""};
    xmlrpc::write_options options;
    options.allow_none = true;
    options.allow_i8 = true;
    auto xml = xmlrpc::dumps_call("round.trip", params, options);
    ASSERT_TRUE(xml);
    auto doc = xmlrpc::loads(*xml);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->method_name, "round.trip");
    EXPECT_EQ(doc->params, params);
    EXPECT_EQ(s.find("when")->get_if<xmlrpc::date_time>()->text, "20261206T05:00:00");
}

TEST(XmlrpcNumbers, IntAndFloatAsPythonReadThem) {
    namespace detail = netkit::xmlrpc::detail;
    EXPECT_EQ(*detail::python_int(" -7 "), -7);
    EXPECT_EQ(*detail::python_int("1_000_000"), 1000000);
    EXPECT_EQ(*detail::python_int("007"), 7);
    for (const char* bad : {"", " ", "1__0", "_1", "1_", "0x10", "1e3", "--1", "+", "1 2"}) {
        EXPECT_EQ(detail::python_int(bad).error(), error::bad_integer) << bad;
    }
    EXPECT_EQ(*detail::python_int("-9223372036854775808"),
              std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(detail::python_int("99999999999999999999").error(), error::integer_out_of_range);

    EXPECT_EQ(*detail::python_float(" 1_0.5 "), 10.5);
    EXPECT_EQ(*detail::python_float("5."), 5.0);
    EXPECT_EQ(*detail::python_float(".5e1"), 5.0);
    EXPECT_EQ(*detail::python_float("+1E-2"), 0.01);
    EXPECT_TRUE(std::isinf(*detail::python_float("-Infinity")));
    EXPECT_TRUE(std::isnan(*detail::python_float("nan")));
    EXPECT_EQ(*detail::python_float("1e400"), std::numeric_limits<double>::infinity());
    EXPECT_EQ(*detail::python_float("-1e400"), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(*detail::python_float("1e-400"), 0.0);
    EXPECT_EQ(*detail::python_float("0.000001e-320"), 0.0);
    EXPECT_EQ(*detail::python_float("12345e305"), std::numeric_limits<double>::infinity());
    for (const char* bad : {"", ".", "e5", "1e", "1e+", "1.2.3", "inf1", "1__0", "0x1p3", "1,5"}) {
        EXPECT_EQ(detail::python_float(bad).error(), error::bad_double) << bad;
    }
}

TEST(XmlrpcDateTime, PythonsTextBothWays) {
    const auto t = std::chrono::sys_days(std::chrono::year(1998) / 7 / 17) +
                   std::chrono::hours(14) + std::chrono::minutes(8) + std::chrono::seconds(55);
    EXPECT_EQ(xmlrpc::date_time::from(t).text, "19980717T14:08:55");
    EXPECT_EQ(*xmlrpc::date_time{"19980717T14:08:55"}.time(), t);
    for (const char* bad : {"1998-07-17T14:08:55", "19981317T14:08:55", "19980717T24:00:00",
                            "19980717 14:08:55", "19980230T00:00:00", ""}) {
        EXPECT_EQ(xmlrpc::date_time{bad}.time().error(), error::bad_date_time) << bad;
    }
}

} // namespace
