# Wegwijzer: build, run, test and measure.
#
#   make          build build/wegwijzer-indexer and build/wegwijzer-server
#   make run      install what is missing, build, index catalog/ and serve http://localhost:8080
#   make check    install what is missing, build, run every test (also under ASan+UBSan, and fuzz)
#   make bench    the benchmarks, indexer and server (not part of check; about 15 minutes)
#   make fuzz     run the fuzz targets for a while (FUZZ_SECONDS each)
#
# Every Debian package the project needs is installed by the `deps` step below, never by hand.

CC  := gcc
CXX := g++
BUILD ?= build
SANITIZE ?=
OPT ?= -O2

DEB_PACKAGES := gcc g++ make pkg-config libxapian-dev libyaml-dev libmicrohttpd-dev \
                libutf8proc-dev libjansson-dev libsodium-dev libcmocka-dev \
                clang libclang-rt-14-dev curl python3 tzdata bsdutils util-linux
BENCH_PACKAGES := xapian-omega wrk time
# The browser tests drive Debian's Chromium (playwright-core never downloads a browser).
BROWSER_PACKAGES := chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

PKGS := xapian-core libutf8proc jansson yaml-0.1 libsodium
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror
ifeq ($(SANITIZE),1)
  SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  OPT := -O1
endif
CFLAGS   := -std=c11 -D_GNU_SOURCE $(WARN) $(OPT) -g $(SAN) -Iindexer -Iserver $(PKG_CFLAGS)
CXXFLAGS := -std=c++17 $(WARN) $(OPT) -g $(SAN) -Iindexer $(PKG_CFLAGS)
LDFLAGS  := $(SAN)

# The catalog library: loading, validation, index layout and the Xapian wrapper. The indexer,
# the server and the tests all link it.
LIB_C   := $(wildcard indexer/ww_*.c)
LIB_CXX := indexer/ww_xapian.cc
LIB_OBJ := $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
LIB     := $(BUILD)/libwegwijzer.a

INDEXER := $(BUILD)/wegwijzer-indexer
SERVER := $(BUILD)/wegwijzer-server
SERVER_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out server/main.c,$(wildcard server/*.c)))
SERVER_LIB := $(BUILD)/libwegwijzer-server.a
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps bench-deps node-deps browser-deps run check test test-asan fuzz bench clean format
all: $(INDEXER) $(SERVER)

# Installs the Debian packages of $(1) that are not installed yet.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(DEB_PACKAGES))

bench-deps: deps
	$(call install_missing,$(BENCH_PACKAGES))

# Node.js and npm: the machine's own when it has them, else Debian's.
node-deps: deps
	@command -v npm >/dev/null 2>&1 || { \
	  echo "installing: nodejs npm"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; }

# The npm packages, exactly as the lock files pin them; reinstalled when a lock file changes.
# web/: the NL Design System CSS that the server serves; tests/browser/: playwright-core, axe-core.
WEB_MODULES := web/node_modules/.package-lock.json
BROWSER_MODULES := tests/browser/node_modules/.package-lock.json
$(WEB_MODULES) $(BROWSER_MODULES): %/node_modules/.package-lock.json: %/package-lock.json | node-deps
	cd $* && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(BROWSER_MODULES) $(WEB_MODULES)
	$(call install_missing,$(BROWSER_PACKAGES))

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cc | deps
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# Linked with the C++ compiler: Xapian needs the C++ runtime.
$(INDEXER): $(BUILD)/indexer/main.o $(LIB)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(SERVER_LIB): $(SERVER_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SERVER): $(BUILD)/server/main.o $(SERVER_LIB) $(LIB)
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs libmicrohttpd) -lpthread

$(BUILD)/tests/%: tests/unit/%.c $(SERVER_LIB) $(LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -o $@.o -c $<
	$(CXX) $(LDFLAGS) -o $@ $@.o $(SERVER_LIB) $(LIB) $(PKG_LIBS) \
	  $(shell pkg-config --libs libmicrohttpd) -lpthread -lcmocka

TOOLS := $(BUILD)/tests/ww-query
$(BUILD)/tests/ww-query: tests/tools/ww-query.c $(LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@.o -c $<
	$(CXX) $(LDFLAGS) -o $@ $@.o $(LIB) $(PKG_LIBS)

test-binaries: $(INDEXER) $(SERVER) $(UNIT_BIN) $(TOOLS)

# One pass of every suite over the binaries in $(BUILD).
test: test-binaries
	@tests/run --build $(BUILD)

test-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 test-binaries

FUZZ_SECONDS ?= 20
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iindexer -Iserver

# The parsers' C modules only: no Xapian, so clang links them alone.
FUZZ_LIB_C := $(addprefix indexer/ww_,catalog.c validate.c yaml.c encoding.c schema.c text.c util.c diag.c json.c) \
              server/ww_template.c server/ww_http.c server/ww_form.c
build/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_C) | deps
	@mkdir -p build/fuzz
	clang $(FUZZ_FLAGS) $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS)

fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus-$$(basename $$t); \
	  $$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build/fuzz/corpus-$$(basename $$t) \
	      tests/fuzz/seeds web/templates || exit 1; \
	done

# check: every suite normally, again under ASan+UBSan, then each fuzz target briefly; one
# closing line over all of it.
check: deps browser-deps
	@$(MAKE) --no-print-directory test-binaries
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS)
	@tests/run --build build --build build/asan --fuzz "$(FUZZ_TARGETS)" --fuzz-seconds 10

run: deps all $(WEB_MODULES)
	$(INDEXER) --catalog catalog --index $(BUILD)/run-index
	$(SERVER) --index $(BUILD)/run-index --catalog catalog --web web --port 8080

# The indexer against Xapian's scriptindex, then the server under wrk (see tests/bench/).
bench: bench-deps all $(TOOLS)
	@tests/bench/run --build $(BUILD)
	@tests/bench/server.sh --build $(BUILD)

format:
	clang-format -i indexer/*.c indexer/*.h indexer/*.cc tests/unit/*.c

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
