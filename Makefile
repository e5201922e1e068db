# The two commands of the README's quick start, over CMake:
#   make demo   install what is missing, build, scan the bundled demo share, print the summary
#   make test   install what is missing, build, run unit and end-to-end tests (ctest)
# More: make build, make sanitize (ASan+UBSan build running the tests), make tsan (the unit
# tests under ThreadSanitizer: the workers share the DFA states and the reporters), make clean.

BUILD_DIR    ?= build
SAN_DIR      ?= build-sanitize
TSAN_DIR     ?= build-tsan
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS  ?=
DEPS_STAMP   := $(BUILD_DIR)/.deps-installed

.PHONY: all deps build demo test sanitize tsan clean

all: build

deps: $(DEPS_STAMP)

$(DEPS_STAMP): scripts/install-deps.sh
	./scripts/install-deps.sh
	mkdir -p $(BUILD_DIR) && touch $@

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@echo "== piiscan scan examples/demo-share (every value in it is generated) =="
	./$(BUILD_DIR)/piiscan scan examples/demo-share --fail-on never

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

sanitize: deps
	cmake -S . -B $(SAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DPIISCAN_SANITIZE="address;undefined" \
	  $(CMAKE_FLAGS) >/dev/null
	cmake --build $(SAN_DIR) -j $(JOBS)
	cd $(SAN_DIR) && ctest --output-on-failure -j $(JOBS)

tsan: deps
	cmake -S . -B $(TSAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPIISCAN_SANITIZE=thread \
	  $(CMAKE_FLAGS) >/dev/null
	cmake --build $(TSAN_DIR) -j $(JOBS) --target piiscan_unit_tests
	cd $(TSAN_DIR) && TSAN_OPTIONS=halt_on_error=1 tests/piiscan_unit_tests

clean:
	rm -rf $(BUILD_DIR) $(SAN_DIR) $(TSAN_DIR)
