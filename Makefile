# Wegwijzer: build, run, test and measure.
#
#   make          build $(BUILD)/wegwijzer-indexer and $(BUILD)/wegwijzer-server (installs nothing)
#   make deps     install the Debian and npm packages that are missing (apt-get, as root or sudo)
#   make run      deps, build, index catalog/ and serve http://localhost:8080
#   make check    deps, build, run every test (also under ASan+UBSan and TSan, and fuzz), check
#                 the format
#   make tsan     the unit, server and indexer suites under ThreadSanitizer alone
#   make bench    the benchmarks, indexer and server (not part of check; about 15 minutes)
#   make fuzz     run the fuzz targets for a while (FUZZ_SECONDS each)
#   make relevance the judged relevance suite, and what moved per question since the last run
#   make format   clang-format every C and C++ file in place
#
# Every package the project needs is installed by `make deps`, never by hand; a plain `make` on a
# machine without them stops with a message that says so.

CC  := gcc
CXX := g++
BUILD ?= build
SANITIZE ?=
OPT ?= -O2

# uuid-dev: the UUIDv5 ids of the HSDS export; xapian-tools: xapian-replicate(-server), which
# tests/cli/replicas.sh runs as a read host would.
DEB_PACKAGES := gcc g++ make pkg-config libxapian-dev libyaml-dev libmicrohttpd-dev \
                libutf8proc-dev libjansson-dev libsodium-dev libcmocka-dev \
                clang clang-format libclang-rt-14-dev curl python3 tzdata bsdutils util-linux \
                libqrencode-dev poppler-utils python3-yaml wdutch uuid-dev xapian-tools
# The benchmark peers (tests/bench/sql_peers.py): a throwaway PostgreSQL cluster, driven from
# /usr/bin/python3 with Debian's psycopg2 (SQLite FTS5 comes with Python's sqlite3).
BENCH_PACKAGES := xapian-omega wrk time postgresql python3-psycopg2
# The browser tests drive Debian's Chromium (playwright-core never downloads a browser).
# zbar-tools: zbarimg reads the shortlist's QR code back from a screenshot.
BROWSER_PACKAGES := chromium zbar-tools
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# pkg-config is asked once, when a compile or link first needs it (so after `make deps` on a new
# machine); a package it does not find stops the build here rather than in the compiler.
PKGS := xapian-core libutf8proc jansson yaml-0.1 libsodium uuid
pkg_config = $(if $(shell pkg-config --exists $(1) && echo found),$(shell pkg-config $(2) $(1)),\
  $(error pkg-config does not find $(1); run `make deps` to install the packages))
PKG_CFLAGS = $(eval PKG_CFLAGS := $(call pkg_config,$(PKGS),--cflags))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $(call pkg_config,$(PKGS),--libs))$(PKG_LIBS)
MHD_LIBS = $(eval MHD_LIBS := $(call pkg_config,libmicrohttpd,--libs))$(MHD_LIBS)
# The shortlist's QR code (server only): libqrencode.
QR_LIBS = $(eval QR_LIBS := $(call pkg_config,libqrencode,--libs))$(QR_LIBS)
CMOCKA_LIBS = $(eval CMOCKA_LIBS := $(call pkg_config,cmocka,--libs))$(CMOCKA_LIBS)

WARN := -Wall -Wextra -Werror
ifeq ($(SANITIZE),1)
  SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  OPT := -O1
endif
ifeq ($(SANITIZE),thread)
  SAN := -fsanitize=thread
  OPT := -O1
endif
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(OPT) -g $(SAN) $(PKG_CFLAGS)
CXXFLAGS = -std=c++17 $(WARN) $(OPT) -g $(SAN) -Ilib $(PKG_CFLAGS)
LDFLAGS  = $(SAN)

# The layers, each compiled with the headers it may use and no others: lib/ sees only lib/, so a
# library file that includes a server header does not build.
LIB_CFLAGS    = $(BASE_CFLAGS) -Ilib
SERVER_CFLAGS = $(BASE_CFLAGS) -Ilib -Iserver

# lib/: the catalog library that the indexer, the server and the tests link.
LIB_C   := $(wildcard lib/ww_*.c)
LIB_CXX := lib/ww_xapian.cc
LIB_OBJ := $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
LIB     := $(BUILD)/libwegwijzer.a

INDEXER := $(BUILD)/wegwijzer-indexer
SERVER := $(BUILD)/wegwijzer-server
SERVER_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(filter-out server/main.c,$(wildcard server/*.c)))
SERVER_LIB := $(BUILD)/libwegwijzer-server.a
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all relevance deps bench-deps node-deps browser-deps run run-regio check test test-asan test-tsan \
        test-binaries fuzz fuzz-targets bench bench-large clean format format-check tsan stress
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
# web/: the NL Design System CSS that the server serves; tests/browser/: playwright-core, axe-core;
# tests/contract/: ajv and the OpenAPI validator that hold the API to schema/openapi.json.
WEB_MODULES := web/node_modules/.package-lock.json
BROWSER_MODULES := tests/browser/node_modules/.package-lock.json
CONTRACT_MODULES := tests/contract/node_modules/.package-lock.json
$(WEB_MODULES) $(BROWSER_MODULES) $(CONTRACT_MODULES): %/node_modules/.package-lock.json: %/package-lock.json | node-deps
	cd $* && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(BROWSER_MODULES) $(WEB_MODULES)
	$(call install_missing,$(BROWSER_PACKAGES))

$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/lib/%.o: lib/%.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/indexer/%.o: indexer/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/server/%.o: server/%.c
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -MMD -MP -c $< -o $@

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
	$(CXX) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(MHD_LIBS) $(QR_LIBS) -lpthread

$(BUILD)/tests/%: tests/unit/%.c $(SERVER_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(SERVER_CFLAGS) -MMD -MP -o $@.o -c $<
	$(CXX) $(LDFLAGS) -o $@ $@.o $(SERVER_LIB) $(LIB) $(PKG_LIBS) $(MHD_LIBS) $(QR_LIBS) -lpthread \
	  $(CMOCKA_LIBS)

TOOLS := $(BUILD)/tests/ww-query $(BUILD)/tests/ww-floor
$(BUILD)/tests/ww-query: tests/tools/ww-query.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -o $@.o -c $<
	$(CXX) $(LDFLAGS) -o $@ $@.o $(LIB) $(PKG_LIBS)
# The bare-Xapian floor of `make bench`: Xapian alone, no library of ours.
$(BUILD)/tests/ww-floor: tests/tools/ww-floor.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(LDFLAGS) -o $@ $< $(PKG_LIBS)

test-binaries: $(INDEXER) $(SERVER) $(UNIT_BIN) $(TOOLS)

# One pass of every suite over the binaries in $(BUILD).
test: test-binaries
	@tests/run --build $(BUILD)

test-asan:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SANITIZE=1 test-binaries

# ThreadSanitizer: the server (its worker threads, the write path's index updates) and the
# indexer (the reading thread of a full build), through their unit and command-line suites.
test-tsan:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/tsan SANITIZE=thread test-binaries

tsan: deps test-tsan
	@tests/run --tsan $(BUILD)/tsan

FUZZ_SECONDS ?= 20
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ilib -Iserver

# The parsers' C modules only: no Xapian, so clang links them alone.
FUZZ_LIB_C := $(addprefix lib/ww_,record.c catalog.c fs.c layout.c validate.c yaml.c encoding.c schema.c text.c util.c diag.c json.c help_now.c dictionary.c forms.c places.c verdicts.c open_data.c region.c \
                hsds.c hsds_import.c hsds_read.c hsds_mapping.c) \
              server/ww_template.c server/ww_http.c server/ww_form.c
$(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_LIB_C)
	@mkdir -p $(FUZZ_DIR)
	clang $(FUZZ_FLAGS) $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS)

fuzz-targets: $(FUZZ_TARGETS)

fuzz: fuzz-targets
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus-$$(basename $$t); \
	  $$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(FUZZ_DIR)/corpus-$$(basename $$t) \
	      tests/fuzz/seeds web/templates || exit 1; \
	done

# check: every suite normally, again under ASan+UBSan, the unit and cli suites under TSan, the
# fault and load suite (tests/stress/) in its bounded form, each fuzz target briefly, and the
# house rules (format, layering, function length); one closing line over all of it. The builds
# run in sub-makes, so that pkg-config is asked after `deps` has installed what it reports on.
check: deps browser-deps $(CONTRACT_MODULES)
	@$(MAKE) --no-print-directory test-binaries
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory test-tsan
	@$(MAKE) --no-print-directory fuzz-targets
	@tests/run --build $(BUILD) --build $(BUILD)/asan --tsan $(BUILD)/tsan --stress quick \
	  --fuzz "$(FUZZ_TARGETS)" --fuzz-seconds 10 --relevance --house

# The judged relevance suites (tests/relevance/: the sample catalog, then a second catalog) as a
# tuning tool: the figures, and per question of the tuning part what moved since the last
# `make relevance`.
relevance: deps
	@$(MAKE) --no-print-directory test-binaries
	@tests/relevance/run.py --build $(BUILD) --compare $(BUILD)/relevance-last.json
	@tests/relevance/run.py --build $(BUILD) --suite tests/relevance/tweede-catalogus \
	  --compare $(BUILD)/relevance-tweede-last.json

# The fault and load suite at length: more rounds of kill -9, a longer flood (see tests/stress/).
stress: deps
	@$(MAKE) --no-print-directory test-binaries
	@tests/run --build $(BUILD) --stress long --only stress

run: deps $(WEB_MODULES)
	@$(MAKE) --no-print-directory all
	$(INDEXER) --catalog catalog --index $(BUILD)/run-index
	$(SERVER) --index $(BUILD)/run-index --catalog catalog --web web --port 8080

# The example region of schema/regio.voorbeeld.yaml on localhost:8080: Zwolle's sample catalog,
# Kampen and Dalfsen generated with wijken and postcodes of their own and served by xapian-tcpsrv
# on loopback as their own hosts would (server/run-regio.sh; in $(BUILD)/regio).
run-regio: deps $(WEB_MODULES)
	@$(MAKE) --no-print-directory all
	@server/run-regio.sh --build $(BUILD)

# The indexer against Xapian's scriptindex, then the server under wrk, beside its peers, and the
# insight views, and a region over remote shards against one index (see tests/bench/).
bench: bench-deps
	@$(MAKE) --no-print-directory all $(TOOLS)
	@tests/bench/run --build $(BUILD)
	@tests/bench/server.sh --build $(BUILD)
	@/usr/bin/python3 tests/bench/peers.py --build $(BUILD)
	@/usr/bin/python3 tests/bench/insight.py --build $(BUILD)
	@/usr/bin/python3 tests/bench/region.py --build $(BUILD)

# A million entries: indexing, index size, memory and uncached search (half an hour; not in bench).
bench-large: bench-deps
	@$(MAKE) --no-print-directory all
	@tests/bench/large.sh --build $(BUILD)

# Every C and C++ file of the project; `make check` fails when one differs from its format.
FORMATTED := $(wildcard lib/*.[ch] lib/*.cc indexer/*.c server/*.[ch] tests/unit/*.c \
                        tests/fuzz/*.[ch] tests/tools/*.c tests/tools/*.cc)
format:
	clang-format -i $(FORMATTED)

format-check:
	@clang-format --dry-run -Werror $(FORMATTED)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
