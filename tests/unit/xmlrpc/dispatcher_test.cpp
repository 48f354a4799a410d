// The XML-RPC dispatcher without a network: what a call's XML gets back.
#include <netkit/net/run.hpp>
#include <netkit/xmlrpc/engine/server.hpp>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

namespace xmlrpc = netkit::xmlrpc;

// The document the dispatcher answers `method(params)` with, read back.
xmlrpc::document answer(const xmlrpc::dispatcher& rpc, const std::string& method,
                        std::vector<xmlrpc::value> params) {
    xmlrpc::write_options options;
    options.allow_none = true;
    options.allow_i8 = true;
    const std::string call = xmlrpc::dumps_call(method, params, options).value();
    asio::io_context io;
    std::string xml;
    asio::co_spawn(io, rpc.dispatch(call), [&](std::exception_ptr, std::string r) { xml = r; });
    io.run();
    return xmlrpc::loads(xml).value();
}

xmlrpc::value result_of(const xmlrpc::dispatcher& rpc, const std::string& method,
                        std::vector<xmlrpc::value> params) {
    auto doc = answer(rpc, method, std::move(params));
    EXPECT_FALSE(doc.fault) << doc.fault->string;
    return doc.params.empty() ? xmlrpc::value() : doc.params[0];
}

std::string fault_of(const xmlrpc::dispatcher& rpc, const std::string& method,
                     std::vector<xmlrpc::value> params) {
    auto doc = answer(rpc, method, std::move(params));
    EXPECT_TRUE(doc.fault);
    return doc.fault ? std::to_string(doc.fault->code) + " " + doc.fault->string : "";
}

TEST(XmlrpcDispatcher, TypedArgumentsAndTheParamsAsTheyCome) {
    xmlrpc::dispatcher rpc;
    rpc.register_function("add", [](int x, int y) { return x + y; });
    rpc.register_function("count",
                          [](const xmlrpc::array& a) { return static_cast<int>(a.size()); });
    rpc.register_function("arity", [](std::vector<xmlrpc::value>& params) {
        return static_cast<int>(params.size());
    });
    EXPECT_EQ(result_of(rpc, "add", {2, 3}), 5);
    // `const array&` is one argument, an array; `std::vector<value>&` is the params.
    EXPECT_EQ(result_of(rpc, "count", {xmlrpc::array{1, 2, 3}}), 3);
    EXPECT_EQ(result_of(rpc, "arity", {1, "two", 3.0}), 3);
    EXPECT_EQ(fault_of(rpc, "add", {1}), "1 TypeError:add takes 2 arguments but 1 was given");
    EXPECT_EQ(fault_of(rpc, "add", {1, "x"}),
              "1 TypeError:add: argument 2: expected int, got string");
    EXPECT_EQ(fault_of(rpc, "add", {1, std::int64_t{1} << 40}),
              "1 TypeError:add: argument 2: the XML-RPC number does not fit the type asked for");
    EXPECT_EQ(fault_of(rpc, "count", {5}),
              "1 TypeError:count: argument 1: expected array, got int");
    EXPECT_EQ(fault_of(rpc, "nope", {}), "1 Exception:method \"nope\" is not supported");
}

TEST(XmlrpcDispatcher, FaultsFromMethodsAndWhatCannotBeAnswered) {
    xmlrpc::dispatcher rpc;
    rpc.register_function("refuse", []() -> int { throw xmlrpc::fault_error(42, "no"); });
    rpc.register_function("crash", []() -> int { throw std::out_of_range("index 9"); });
    rpc.register_function("nothing", [] {});
    rpc.register_function("huge", [] { return std::int64_t{1} << 40; });
    EXPECT_EQ(fault_of(rpc, "refuse", {}), "42 no");
    EXPECT_EQ(fault_of(rpc, "crash", {}), "1 Exception:index 9");
    EXPECT_EQ(fault_of(rpc, "nothing", {}),
              "1 TypeError:cannot marshal None unless allow_none is enabled");
    EXPECT_EQ(fault_of(rpc, "huge", {}), "1 TypeError:int exceeds XML-RPC limits");
    xmlrpc::dispatcher_options lenient;
    lenient.allow_none = true;
    lenient.allow_i8 = true;
    xmlrpc::dispatcher open(lenient);
    open.register_function("nothing", [] {});
    open.register_function("huge", [] { return std::int64_t{1} << 40; });
    EXPECT_EQ(result_of(open, "nothing", {}), xmlrpc::value());
    EXPECT_EQ(result_of(open, "huge", {}), std::int64_t{1} << 40);
}

TEST(XmlrpcDispatcher, IntrospectionMulticallAndAnInstance) {
    xmlrpc::dispatcher rpc;
    rpc.register_function(
        "add", [](int x, int y) { return x + y; }, "Adds.");
    rpc.register_instance(
        [](std::string_view method,
           std::vector<xmlrpc::value>& params) -> asio::awaitable<xmlrpc::value> {
            if (method != "mul") {
                throw xmlrpc::fault_error(1, "no " + std::string(method));
            }
            co_return *params[0].get_if<std::int64_t>() * *params[1].get_if<std::int64_t>();
        },
        {"mul"});
    rpc.register_introspection_functions();
    rpc.register_multicall_functions();
    EXPECT_EQ(result_of(rpc, "mul", {6, 7}), 42);
    EXPECT_EQ(result_of(rpc, "system.listMethods", {}),
              (xmlrpc::array{"add", "mul", "system.listMethods", "system.methodHelp",
                             "system.methodSignature", "system.multicall"}));
    EXPECT_EQ(result_of(rpc, "system.methodHelp", {"add"}), "Adds.");
    EXPECT_EQ(result_of(rpc, "system.methodSignature", {"add"}),
              (xmlrpc::array{xmlrpc::array{"int", "int", "int"}}));
    EXPECT_EQ(result_of(rpc, "system.methodSignature", {"mul"}), "signatures not supported");
    const auto call = [](const char* name, xmlrpc::array params) {
        return xmlrpc::value(
            xmlrpc::structure{{"methodName", name}, {"params", std::move(params)}});
    };
    EXPECT_EQ(result_of(rpc, "system.multicall",
                        {xmlrpc::array{call("add", {1, 2}), call("zip", {}),
                                       call("system.multicall", {xmlrpc::array{}}),
                                       call("mul", {2, 3})}}),
              (xmlrpc::array{xmlrpc::array{3},
                             xmlrpc::structure{{"faultCode", 1}, {"faultString", "no zip"}},
                             xmlrpc::structure{{"faultCode", 1},
                                               {"faultString", "Exception:system.multicall may "
                                                               "not be called from a multicall"}},
                             xmlrpc::array{6}}));
}

TEST(XmlrpcDispatcher, ADocumentThatIsNoCallGetsAFault) {
    xmlrpc::dispatcher rpc;
    asio::io_context io;
    std::vector<std::string> answers;
    for (const char* bad : {"<methodCall><methodName>x</methodName>",
                            "<?xml version='1.0'?><!DOCTYPE a [<!ENTITY b 'c'>]><a/>",
                            "<methodResponse><params><param><value>1</value></param></params>"
                            "</methodResponse>"}) {
        asio::co_spawn(io, rpc.dispatch(bad),
                       [&](std::exception_ptr, std::string r) { answers.push_back(r); });
    }
    io.run();
    ASSERT_EQ(answers.size(), 3u);
    const auto fault = [](const std::string& xml) {
        return xmlrpc::loads(xml).value().fault.value();
    };
    EXPECT_NE(fault(answers[0]).string.find("ExpatError:"), std::string::npos);
    EXPECT_NE(fault(answers[1]).string.find("DOCTYPE"), std::string::npos);
    EXPECT_EQ(fault(answers[2]).string, "ResponseError:not a methodCall (no methodName)");
}

} // namespace
