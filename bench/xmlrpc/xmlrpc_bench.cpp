// XML-RPC, netkit's side of bench/xmlrpc/compare.py:
//     xmlrpc_bench calls URL small|array COUNT [CALLERS]
//                                    COUNT calls by CALLERS (16) callers at once over
//                                    keep-alive: add(2, 3), or count() of a
//                                    1,000-element array of structs
//     xmlrpc_bench loads FILE ROUNDS             FILE read ROUNDS times
//     xmlrpc_bench dumps FILE ROUNDS             FILE's call written ROUNDS times
//     xmlrpc_bench expat FILE ROUNDS             FILE parsed ROUNDS times by expat
//                                                alone, with no handler: the floor
//                                                under any expat-based reader
// Prints "OPERATIONS NANOSECONDS CHECK" (CHECK: a number that shows the work
// was done: the sum of the answers, or the bytes read or written).
#include <netkit/net/run.hpp>
#include <netkit/xmlrpc/codec.hpp>
#include <netkit/xmlrpc/engine/client.hpp>

#include <asio/io_context.hpp>
#include <expat.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace xmlrpc = netkit::xmlrpc;
using clock_type = std::chrono::steady_clock;

namespace {

long long since(clock_type::time_point start) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - start).count();
}

// The array each "array" call carries: 1,000 structs of four members.
xmlrpc::array records() {
    xmlrpc::array items;
    for (int i = 0; i < 1000; ++i) {
        items.emplace_back(xmlrpc::structure{{"id", i},
                                             {"name", "record " + std::to_string(i)},
                                             {"score", i * 0.5},
                                             {"active", i % 2 == 0}});
    }
    return items;
}

// One of the callers: `count` calls in turn, on one of the client's
// keep-alive connections.
asio::awaitable<long long> run_calls(xmlrpc::client& rpc, const xmlrpc::value& payload, bool array,
                                     int count) {
    long long check = 0;
    for (int i = 0; i < count; ++i) {
        std::vector<xmlrpc::value> params;
        if (array) {
            params.push_back(payload);
        } else {
            params = {2, 3};
        }
        auto r = co_await rpc.call(array ? "count" : "add", std::move(params));
        if (!r || !r->ok()) {
            std::cerr << "xmlrpc_bench: call failed: "
                      << (r ? (r->fault ? r->fault->string : r->reason) : r.error().message())
                      << "\n";
            co_return -1;
        }
        check += *r->result.get_if<std::int64_t>();
    }
    co_return check;
}

std::string read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4 || argc > 6) {
        std::cerr
            << "usage: xmlrpc_bench calls URL small|array COUNT [CALLERS] | loads|dumps|expat FILE "
               "ROUNDS\n";
        return 2;
    }
    const std::string mode = argv[1];
    if (mode == "calls") {
        // CALLERS callers at once (as a server's clients are), sharing one
        // client and its pool: each call waits for its answer, the server
        // has CALLERS calls to work on.
        const int callers = argc > 5 ? std::stoi(argv[5]) : 16;
        asio::io_context io(1);
        xmlrpc::client rpc(argv[2]);
        const xmlrpc::value payload = records();
        const bool array = std::string(argv[3]) == "array";
        const int count = std::stoi(argv[4]) / callers * callers;
        long long check = 0;
        bool failed = false;
        const auto start = clock_type::now();
        for (int c = 0; c < callers; ++c) {
            asio::co_spawn(io, run_calls(rpc, payload, array, count / callers),
                           [&](std::exception_ptr, long long r) {
                               failed = failed || r < 0;
                               check += r;
                           });
        }
        io.run();
        const long long ns = since(start);
        if (failed) {
            return 1;
        }
        std::printf("%d %lld %lld\n", count, ns, check);
        return 0;
    }
    const std::string xml = read_file(argv[2]);
    const int rounds = std::stoi(argv[3]);
    if (mode == "expat") {
        long long check = 0;
        const auto start = clock_type::now();
        for (int i = 0; i < rounds; ++i) {
            XML_Parser parser = XML_ParserCreate(nullptr);
            check += XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), XML_TRUE) ==
                     XML_STATUS_OK;
            XML_ParserFree(parser);
        }
        std::printf("%d %lld %lld\n", rounds, since(start), check);
        return check == rounds ? 0 : 1;
    }
    auto doc = xmlrpc::loads(xml);
    if (!doc || !doc->method_name) {
        std::cerr << "xmlrpc_bench: " << argv[2] << " is not a methodCall\n";
        return 1;
    }
    long long check = 0;
    const auto start = clock_type::now();
    for (int i = 0; i < rounds; ++i) {
        if (mode == "loads") {
            auto again = xmlrpc::loads(xml);
            check += static_cast<long long>(again->params.size());
        } else {
            auto written = xmlrpc::dumps_call(*doc->method_name, doc->params);
            check += static_cast<long long>(written->size());
        }
    }
    std::printf("%d %lld %lld\n", rounds, since(start), check);
    return 0;
}
