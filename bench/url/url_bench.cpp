// URL splitting, parsing and joining: netkit beside Boost.URL and uriparser,
// over the same corpus in the same run. CPython is timed over the same
// corpus by compare.py, which also prints the ratios.
//
//     url_bench --dump-corpus FILE   writes the corpus (URL TAB reference per line)
#include <netkit/url/join.hpp>
#include <netkit/url/split.hpp>
#include <netkit/url/url.hpp>

#include "corpus.hpp"

#include "support/allocations.hpp"

#include <benchmark/benchmark.h>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <uriparser/Uri.h>

#include <cstring>
#include <fstream>

namespace {

const netkit::bench::url_corpus& corpus() {
    static const auto c = netkit::bench::make_url_corpus();
    return c;
}

// Runs `parse_one` over the whole corpus per iteration and reports URLs per
// second, bytes per second and allocations per URL.
template <class ParseOne> void over_corpus(benchmark::State& state, ParseOne parse_one) {
    const auto& c = corpus();
    const std::uint64_t before = netkit::test::allocations_so_far();
    std::uint64_t iterations = 0;
    for (auto _ : state) {
        for (const auto& u : c.urls) {
            parse_one(u);
        }
        ++iterations;
    }
    const double urls = static_cast<double>(iterations * c.urls.size());
    state.SetItemsProcessed(static_cast<std::int64_t>(urls));
    state.SetBytesProcessed(static_cast<std::int64_t>(iterations * c.bytes));
    state.counters["allocs_per_url"] =
        benchmark::Counter(static_cast<double>(netkit::test::allocations_so_far() - before) / urls);
}

void netkit_urlsplit(benchmark::State& state) {
    over_corpus(state, [](const std::string& u) {
        auto r = netkit::url::try_urlsplit(u);
        benchmark::DoNotOptimize(r);
    });
}

void netkit_strict_parse(benchmark::State& state) {
    over_corpus(state, [](const std::string& u) {
        auto r = netkit::url::parse_uri_reference(u);
        benchmark::DoNotOptimize(r);
    });
}

void boost_url_parse(benchmark::State& state) {
    over_corpus(state, [](const std::string& u) {
        auto r = boost::urls::parse_uri_reference(u);
        benchmark::DoNotOptimize(r);
    });
}

void uriparser_parse(benchmark::State& state) {
    over_corpus(state, [](const std::string& u) {
        UriUriA uri;
        const char* error = nullptr;
        const int rc = uriParseSingleUriExA(&uri, u.data(), u.data() + u.size(), &error);
        benchmark::DoNotOptimize(rc);
        if (rc == URI_SUCCESS) {
            uriFreeUriMembersA(&uri);
        }
    });
}

void netkit_urljoin(benchmark::State& state) {
    const auto& c = corpus();
    std::uint64_t iterations = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < c.urls.size(); ++i) {
            auto joined = netkit::url::try_urljoin(c.urls[i], c.references[i]);
            benchmark::DoNotOptimize(joined);
        }
        ++iterations;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(iterations * c.urls.size()));
}

void netkit_strict_resolve(benchmark::State& state) {
    const auto& c = corpus();
    std::uint64_t iterations = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < c.urls.size(); ++i) {
            auto base = netkit::url::parse_uri(c.urls[i]);
            auto ref = netkit::url::parse_uri_reference(c.references[i]);
            if (base && ref) {
                auto target = netkit::url::resolve(*base, *ref);
                benchmark::DoNotOptimize(target);
            }
        }
        ++iterations;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(iterations * c.urls.size()));
}

void boost_url_resolve(benchmark::State& state) {
    const auto& c = corpus();
    std::uint64_t iterations = 0;
    for (auto _ : state) {
        for (std::size_t i = 0; i < c.urls.size(); ++i) {
            auto base = boost::urls::parse_uri(c.urls[i]);
            auto ref = boost::urls::parse_uri_reference(c.references[i]);
            if (base && ref) {
                boost::urls::url target;
                auto r = boost::urls::resolve(*base, *ref, target);
                benchmark::DoNotOptimize(r);
            }
        }
        ++iterations;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(iterations * c.urls.size()));
}

} // namespace

BENCHMARK(netkit_urlsplit);
BENCHMARK(netkit_strict_parse);
BENCHMARK(boost_url_parse);
BENCHMARK(uriparser_parse);
BENCHMARK(netkit_urljoin);
BENCHMARK(netkit_strict_resolve);
BENCHMARK(boost_url_resolve);

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--dump-corpus") == 0) {
        std::ofstream out(argv[2]);
        const auto& c = corpus();
        for (std::size_t i = 0; i < c.urls.size(); ++i) {
            out << c.urls[i] << '\t' << c.references[i] << '\n';
        }
        return out ? 0 : 1;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
