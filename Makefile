# The README's two commands, and helpers.
#   make serve   install what building needs, build the command, serve the current directory on 8000
#   make test    install that and what the tests need (their peers), build, run every test
#                a Debian 12 machine can run (make test-differential: those needing CPython 3.13;
#                make test-sanitize: them all again under ASan and UBSan)
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
WERROR ?= 0
PORT ?= 8000
# The tests, their tools and their peers come with `make test` (and `make
# build`), not with `make serve`.
TESTS ?= ON
serve: TESTS = OFF

.PHONY: all bootstrap configure build serve test test-differential test-sanitize test-tsan soak install \
    deb bench fuzz fuzz-campaign fuzz-build clean \
    format format-check

all: build

bootstrap:
	@./scripts/bootstrap $(if $(filter ON,$(TESTS)),test)

configure: bootstrap
	@cmake -S . -B $(BUILD_DIR) -DNETKIT_BUILD_TESTS=$(TESTS) \
	    -DNETKIT_WARNINGS_AS_ERRORS=$(if $(filter 1,$(WERROR)),ON,OFF) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) -- --no-print-directory

# `python -m http.server`, as netkit: the current directory on $(PORT).
serve: build
	@$(BUILD_DIR)/netkit serve $(PORT)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 300 -LE differential

# netkit against CPython 3.13 itself on generated inputs (urllib.parse,
# http.cookies): pyenv's 3.13.0, which Debian 12 does not package.
test-differential: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600 -L differential

# Every test of `make test` but the installed package's, with everything
# built with AddressSanitizer and UndefinedBehaviorSanitizer in a tree of
# its own; any finding fails its test. LeakSanitizer's suppressions (leaks
# in other projects' code) are in tests/sanitizers/lsan.supp, each with why.
SANITIZE_DIR ?= build-sanitize
test-sanitize: bootstrap
	@cmake -S . -B $(SANITIZE_DIR) -DNETKIT_BUILD_TESTS=ON -DNETKIT_SANITIZE=ON \
	    -DCMAKE_BUILD_TYPE=Debug -DNETKIT_WARNINGS_AS_ERRORS=$(if $(filter 1,$(WERROR)),ON,OFF) >/dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS) -- --no-print-directory
	@cd $(SANITIZE_DIR) && NETKIT_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 \
	    ctest --output-on-failure -j $(JOBS) --timeout 600 -LE "differential|install"

# ThreadSanitizer over the tests that run threads: the integration tests
# (the multi-threaded server, the blocking faces) and the CLI's servers and
# fetches; a finding is fatal (halt_on_error).
TSAN_DIR ?= build-tsan
test-tsan: bootstrap
	@cmake -S . -B $(TSAN_DIR) -DNETKIT_BUILD_TESTS=ON -DNETKIT_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DNETKIT_WARNINGS_AS_ERRORS=$(if $(filter 1,$(WERROR)),ON,OFF) >/dev/null
	@cmake --build $(TSAN_DIR) -j $(JOBS) -- --no-print-directory
	@cd $(TSAN_DIR) && NETKIT_SANITIZED=1 TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/sanitizers/tsan.supp" \
	    ctest --output-on-failure -j $(JOBS) --timeout 600 -L "integration|cli" -E "install|differential"

# The soak (tests/cli/test_soak.py) for SOAK_SECONDS, 10 minutes by default:
# make test runs it for 30 seconds.
SOAK_SECONDS ?= 600
soak: build
	@NETKIT=$(abspath $(BUILD_DIR))/netkit SOAK_SECONDS=$(SOAK_SECONDS) /usr/bin/python3 tests/cli/test_soak.py -v

# The headers, the libraries, the command, the CMake package and netkit.pc
# under PREFIX (DESTDIR=/stage stages them below /stage).
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# A Debian package of the same (netkit_VERSION_ARCH.deb in $(BUILD_DIR)).
deb: build
	@cd $(BUILD_DIR) && cpack -G DEB

BENCH_DIR ?= build-bench

# Benchmarks, built optimized in their own tree, run side by side with the
# peers each issue names; they print ratios.
bench:
	@./scripts/bootstrap bench
	@cmake -S . -B $(BENCH_DIR) -DNETKIT_BUILD_BENCH=ON -DNETKIT_BUILD_TESTS=OFF \
	    -DNETKIT_BUILD_EXAMPLES=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BENCH_DIR) -j $(JOBS) --target url_bench http_parser_bench floor_server cookie_bench robots_bench google_robots_bench urlopen_read netkit_cli \
	    xmlrpc_bench xmlrpc_bench_server xmlrpc_c_bench_server xmlrpc_c_codec netkit_ws_server ws_load \
	    -- --no-print-directory
	@python3 bench/url/compare.py $(BENCH_DIR)/bench/url_bench
	@echo
	@python3 bench/http/compare.py $(BENCH_DIR)/bench/http_parser_bench
	@echo
	@bench/http_server.sh $(BENCH_DIR)/netkit
	@echo
	@bench/http2.sh $(BENCH_DIR)/netkit
	@echo
	@bench/http_client.sh $(BENCH_DIR)/netkit $(BENCH_DIR)/bench/urlopen_read
	@echo
	@bench/ftp.sh $(BENCH_DIR)/netkit
	@echo
	@python3 bench/cookie/compare.py $(BENCH_DIR)/bench/cookie_bench
	@echo
	@python3 bench/robots/compare.py $(BENCH_DIR)/bench/robots_bench $(BENCH_DIR)/bench/google_robots_bench
	@echo
	@bench/xmlrpc.sh $(BENCH_DIR)
	@echo
	@bench/ws.sh $(BENCH_DIR)
	@echo
	@python3 bench/slowloris.py $(BENCH_DIR)/netkit

FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
export FUZZ_DIR

# Each libFuzzer target (ASan + UBSan) of fuzz/targets runs FUZZ_SECONDS from
# its corpus; new inputs it finds go to $(FUZZ_DIR)/corpus-<target>.
fuzz: fuzz-build
	@scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# A campaign: 30 minutes a target (FUZZ_SECONDS to change it), and what adds
# coverage merged into fuzz/corpus/ (minimized), with its figures logged in
# fuzz/campaigns.tsv. Commit both.
fuzz-campaign: fuzz-build
	@scripts/fuzz --campaign $(if $(filter command line,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),1800) \
	    $(FUZZ_TARGETS)

fuzz-build:
	@./scripts/bootstrap fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_DIR) -DNETKIT_BUILD_FUZZ=ON \
	    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS) -- --no-print-directory

# The sources git tracks, and the new ones it does not ignore.
SOURCES = $$(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')

format:
	@clang-format -i $(SOURCES)

# What CI runs: fails, naming the files, when one is not formatted.
format-check:
	@clang-format --dry-run --Werror $(SOURCES)

clean:
	@rm -rf $(BUILD_DIR) $(SANITIZE_DIR)
