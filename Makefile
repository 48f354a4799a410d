# The README's two commands, and helpers.
#   make serve   install what is missing, build, serve the current directory on port 8000
#   make test    install what is missing, build, run every test through CTest
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
WERROR ?= 0
PORT ?= 8000

.PHONY: all bootstrap configure build serve test bench fuzz clean format

all: build

bootstrap:
	@./scripts/bootstrap

configure: bootstrap
	@cmake -S . -B $(BUILD_DIR) -DNETKIT_WARNINGS_AS_ERRORS=$(if $(filter 1,$(WERROR)),ON,OFF) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) -- --no-print-directory

# The HTTP server (`netkit serve`) lands with its own issue; until then this
# shows what the command can do today.
serve: build
	@echo "netkit serve is not in this build yet: showing 'netkit --help' instead."
	@$(BUILD_DIR)/netkit --help

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 300

bench: build
	@echo "No benchmarks yet: they arrive with the issues that set speed goals."

fuzz:
	@echo "No fuzz targets yet: they arrive with the parsers."

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD_DIR)
