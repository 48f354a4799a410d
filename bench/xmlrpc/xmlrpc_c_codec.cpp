// xmlrpc-c's side of bench/xmlrpc/compare.py's codec figures, through its C
// library (the parser and writer its servers and clients use):
//     xmlrpc_c_codec loads FILE ROUNDS     FILE (a methodCall) read ROUNDS times
//     xmlrpc_c_codec dumps FILE ROUNDS     its call written ROUNDS times
// Prints "ROUNDS NANOSECONDS CHECK", as xmlrpc_bench does.
#include <xmlrpc-c/base.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

using clock_type = std::chrono::steady_clock;

bool failed(xmlrpc_env& env) {
    if (env.fault_occurred) {
        std::cerr << "xmlrpc_c_codec: " << env.fault_string << "\n";
        return true;
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: xmlrpc_c_codec loads|dumps FILE ROUNDS\n";
        return 2;
    }
    std::ifstream in(argv[2], std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string xml = text.str();
    const int rounds = std::stoi(argv[3]);
    const bool loads = std::string(argv[1]) == "loads";
    xmlrpc_env env;
    xmlrpc_env_init(&env);
    xmlrpc_limit_set(XMLRPC_XML_SIZE_LIMIT_ID, 64 << 20);
    const char* method = nullptr;
    xmlrpc_value* params = nullptr;
    xmlrpc_parse_call(&env, xml.data(), xml.size(), &method, &params);
    if (failed(env)) {
        return 1;
    }
    long long check = 0;
    const auto start = clock_type::now();
    for (int i = 0; i < rounds; ++i) {
        if (loads) {
            const char* name = nullptr;
            xmlrpc_value* parsed = nullptr;
            xmlrpc_parse_call(&env, xml.data(), xml.size(), &name, &parsed);
            if (failed(env)) {
                return 1;
            }
            check += xmlrpc_array_size(&env, parsed);
            xmlrpc_DECREF(parsed);
            std::free(const_cast<char*>(name)); // (xmlrpc-c allocates it with malloc)
        } else {
            xmlrpc_mem_block* out = xmlrpc_mem_block_new(&env, 0);
            xmlrpc_serialize_call(&env, out, method, params);
            if (failed(env)) {
                return 1;
            }
            check += static_cast<long long>(XMLRPC_MEMBLOCK_SIZE(char, out));
            XMLRPC_MEMBLOCK_FREE(char, out);
        }
    }
    const long long ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - start).count();
    std::printf("%d %lld %lld\n", rounds, ns, check);
    xmlrpc_DECREF(params);
    std::free(const_cast<char*>(method));
    xmlrpc_env_clean(&env);
    return 0;
}
