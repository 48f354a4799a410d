// Parsing realistic HTTP/1.1 requests and responses: netkit's parser beside
// Node's classic http_parser (Debian's libhttp-parser), on the same corpus in
// the same binary. Both keep the views a caller needs (target, field names
// and values, body pieces); allocations are counted per message.
#include <netkit/http/parser.hpp>

#include "support/allocations.hpp"

#include <benchmark/benchmark.h>
#include <http_parser.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

const std::vector<std::string>& requests() {
    static const std::vector<std::string> corpus = {
        // a browser's GET, 12 fields
        "GET /docs/en/latest/reference/url.html?highlight=urlsplit HTTP/1.1\r\n"
        "Host: docs.netkit.test\r\n"
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/156.0 Safari/537.36\r\n"
        "Accept: "
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
        "Accept-Language: en-US,en;q=0.9,fr;q=0.8\r\n"
        "Accept-Encoding: gzip, deflate, br, zstd\r\n"
        "Referer: https://docs.netkit.test/docs/en/latest/\r\n"
        "Connection: keep-alive\r\n"
        "Cookie: session=5f2b9c1e0a7d4e8f; theme=dark; _ga=GA1.2.123456789.1700000000\r\n"
        "Upgrade-Insecure-Requests: 1\r\n"
        "Sec-Fetch-Dest: document\r\n"
        "Sec-Fetch-Mode: navigate\r\n"
        "Cache-Control: max-age=0\r\n\r\n",
        // curl's GET
        "GET /api/v1/users/12345 HTTP/1.1\r\nHost: api.netkit.test\r\nUser-Agent: "
        "curl/7.88.1\r\nAccept: */*\r\n\r\n",
        // a JSON POST
        "POST /api/v1/orders HTTP/1.1\r\nHost: api.netkit.test\r\nUser-Agent: "
        "python-requests/2.28.1\r\n"
        "Accept: application/json\r\nContent-Type: application/json\r\nAuthorization: Bearer "
        "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo\r\n"
        "Content-Length: 96\r\n\r\n"
        "{\"customer\":12345,\"items\":[{\"sku\":\"NK-1\",\"qty\":2},{\"sku\":\"NK-7\",\"qty\":1}],"
        "\"express\":true}  ",
    };
    return corpus;
}

const std::vector<std::string>& responses() {
    static const std::vector<std::string> corpus = {
        "HTTP/1.1 200 OK\r\nDate: Sat, 28 Nov 2026 22:34:00 GMT\r\nServer: netkit\r\n"
        "Content-Type: text/html; charset=utf-8\r\nContent-Length: 120\r\nCache-Control: public, "
        "max-age=3600\r\n"
        "ETag: \"5f2b9c1e-78\"\r\nLast-Modified: Fri, 27 Nov 2026 10:00:00 GMT\r\nVary: "
        "Accept-Encoding\r\n"
        "Connection: keep-alive\r\n\r\n"
        "<!doctype html><html><head><title>netkit</title></head><body><p>Hello from "
        "netkit.</p></body></html>\n\n\n\n\n",
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        "1a\r\n{\"id\":12345,\"name\":\"Ada\",\r\n10\r\n\"active\":true}\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 304 Not Modified\r\nDate: Sat, 28 Nov 2026 22:34:00 GMT\r\nETag: "
        "\"5f2b9c1e-78\"\r\n\r\n",
    };
    return corpus;
}

std::size_t bytes_of(const std::vector<std::string>& corpus) {
    std::size_t n = 0;
    for (const auto& m : corpus) {
        n += m.size();
    }
    return n;
}

template <class ParseAll>
void run(benchmark::State& state, const std::vector<std::string>& corpus, ParseAll parse_all) {
    parse_all(); // warm up (the netkit parser sizes its field index once)
    const std::uint64_t before = netkit::test::allocations_so_far();
    std::uint64_t iterations = 0;
    for (auto _ : state) {
        parse_all();
        ++iterations;
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(iterations * bytes_of(corpus)));
    state.SetItemsProcessed(static_cast<std::int64_t>(iterations * corpus.size()));
    state.counters["allocs_per_message"] =
        benchmark::Counter(static_cast<double>(netkit::test::allocations_so_far() - before) /
                           static_cast<double>(iterations * corpus.size()));
}

void netkit_parse(benchmark::State& state, netkit::http::parser::kind kind,
                  const std::vector<std::string>& corpus) {
    netkit::http::parser p(kind);
    std::size_t sink = 0;
    run(state, corpus, [&] {
        for (const auto& m : corpus) {
            std::string_view in = m;
            for (;;) {
                const auto s = p.feed(in);
                if (s.event == netkit::http::parse_event::head) {
                    sink += p.head().fields.size() + p.head().target.size();
                } else if (s.event == netkit::http::parse_event::body) {
                    sink += s.data.size();
                }
                in.remove_prefix(s.consumed);
                if (s.event == netkit::http::parse_event::message_complete ||
                    s.event == netkit::http::parse_event::error ||
                    s.event == netkit::http::parse_event::need_more) {
                    break;
                }
            }
        }
        benchmark::DoNotOptimize(sink);
    });
}

// What a caller of http_parser keeps: the target, field spans, body bytes.
struct collected {
    std::string_view target;
    std::string_view names[64];
    std::string_view values[64];
    std::size_t fields = 0;
    std::size_t body = 0;
};

int on_url(http_parser* p, const char* at, std::size_t n) {
    static_cast<collected*>(p->data)->target = {at, n};
    return 0;
}
int on_field(http_parser* p, const char* at, std::size_t n) {
    auto* c = static_cast<collected*>(p->data);
    c->names[c->fields % 64] = {at, n};
    return 0;
}
int on_value(http_parser* p, const char* at, std::size_t n) {
    auto* c = static_cast<collected*>(p->data);
    c->values[c->fields++ % 64] = {at, n};
    return 0;
}
int on_body(http_parser* p, const char*, std::size_t n) {
    static_cast<collected*>(p->data)->body += n;
    return 0;
}

void http_parser_parse(benchmark::State& state, http_parser_type type,
                       const std::vector<std::string>& corpus) {
    http_parser_settings settings;
    http_parser_settings_init(&settings);
    settings.on_url = on_url;
    settings.on_header_field = on_field;
    settings.on_header_value = on_value;
    settings.on_body = on_body;
    http_parser parser;
    collected c;
    std::size_t sink = 0;
    run(state, corpus, [&] {
        for (const auto& m : corpus) {
            http_parser_init(&parser, type);
            parser.data = &c;
            c.fields = 0;
            c.body = 0;
            http_parser_execute(&parser, &settings, m.data(), m.size());
            sink += c.fields + c.target.size() + c.body;
        }
        benchmark::DoNotOptimize(sink);
    });
}

void netkit_requests(benchmark::State& s) {
    netkit_parse(s, netkit::http::parser::request, requests());
}
void http_parser_requests(benchmark::State& s) {
    http_parser_parse(s, HTTP_REQUEST, requests());
}
void netkit_responses(benchmark::State& s) {
    netkit_parse(s, netkit::http::parser::response, responses());
}
void http_parser_responses(benchmark::State& s) {
    http_parser_parse(s, HTTP_RESPONSE, responses());
}

} // namespace

BENCHMARK(netkit_requests);
BENCHMARK(http_parser_requests);
BENCHMARK(netkit_responses);
BENCHMARK(http_parser_responses);
BENCHMARK_MAIN();
