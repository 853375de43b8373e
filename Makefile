# gongkai: a thin wrapper around CMake. Installs the Debian packages it
# needs (apt-get, as root on Debian 12), then builds and runs.
#   make run    install, build (Release), start gongkai serve on a demo
#               ledger (tools/serve_demo.sh) until Ctrl-C
#   make test   install, build, run every test; again under ASan+UBSan
#   make bench  benchmarks (bench/README.md)
#   make fuzz   libFuzzer targets for a bounded time (FUZZ_SECONDS)
#   make serve-demo  the same as make run (docs/server.md)
#   make screenshots  the browser test's screenshots into docs/screenshots

# Debian packages, by what needs them: `make run` installs only RUN_PACKAGES
# (build and run), `make test` adds TEST_PACKAGES, `make bench` BENCH_PACKAGES.
# (postgresql-15: the pg tests start their own server, as the 'postgres' user
# the package creates when run as root; tests/pg/pg_env.sh.)
RUN_PACKAGES := build-essential cmake pkg-config libjansson-dev libzip-dev \
            libxml2-dev libpoppler-glib-dev libsqlite3-dev libicu-dev libsodium-dev \
            libmicrohttpd-dev nodejs npm
TEST_PACKAGES := libcmocka-dev python3 python3-jsonschema clang libclang-rt-14-dev \
            valgrind time unzip sqlite3 libreoffice-writer-nogui fonts-noto-cjk \
            debhelper lintian systemd chromium \
            postgresql-15 libpq-dev postgresql-15-auto-failover poppler-utils \
            pandoc w3m lynx
BENCH_PACKAGES := hyperfine python3-docx docx2txt wrk nginx-light
PACKAGES := $(RUN_PACKAGES) $(TEST_PACKAGES) $(BENCH_PACKAGES)

BUILD       ?= build
BUILD_ASAN  ?= build-asan
BUILD_FUZZ  ?= build-fuzz
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 600
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps deps-run deps-test deps-bench build build-run run test test-release test-asan bench fuzz format clean deb serve-demo web e2e-deps screenshots

all: build

# Installs only what is missing, so a second run costs a dpkg query. npm
# counts as there when the command is: a Node.js from elsewhere (NodeSource)
# brings its own and conflicts with Debian's package.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || \
	  { [ $$p = npm ] && command -v npm >/dev/null; } || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "gongkai: installing$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps-run:
	$(call install_missing,$(RUN_PACKAGES))
deps-test:
	$(call install_missing,$(RUN_PACKAGES) $(TEST_PACKAGES))
deps-bench:
	$(call install_missing,$(PACKAGES))
deps: deps-bench

# -Werror for developers and CI; a user's plain `cmake` build leaves it off.
DEVFLAGS ?= -DGONGKAI_WERROR=ON

# Front-end assets from npm (web/package.json, the lock pinned): ECharts,
# which gongkai serve serves itself for the supervisor desk's charts (no
# CDN). `npm ci` runs again only when the lock file changes.
web: web/node_modules/.package-lock.json
web/node_modules/.package-lock.json: web/package-lock.json web/package.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

# `make run` builds without the tests (no test tools needed); `make test`
# turns them on in the same build directory.
build: deps-test web
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DGONGKAI_TESTS=ON $(DEVFLAGS)
	cmake --build $(BUILD) -j $(JOBS)

build-run: deps-run web
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DGONGKAI_TESTS=OFF $(DEVFLAGS)
	cmake --build $(BUILD) -j $(JOBS)

# The demo: gongkai serve on a fresh demo ledger (a year of applications,
# records, an account of every role), printing the address and the demo
# accounts; Ctrl-C (SIGINT) stops it gracefully. SERVE_PORT, default 8080.
# (Checking the five real reports: ./build/gongkai check tests/data/seeds)
SERVE_PORT ?= 8080
run: build-run
	bash tools/serve_demo.sh $(BUILD) $(SERVE_PORT)

test: test-release test-asan

# The browser test's npm modules (tests/e2e/package-lock.json), again only
# when the lock file changed; node_modules is never in git.
E2E_MODULES := tests/e2e/node_modules/.package-lock.json
$(E2E_MODULES): tests/e2e/package-lock.json tests/e2e/package.json
	cd tests/e2e && npm ci
e2e-deps: deps-test $(E2E_MODULES)

test-release: build e2e-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps-test web e2e-deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DGK_SANITIZE=ON $(DEVFLAGS) \
	  -DCMAKE_C_COMPILER=clang
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  GK_PROPERTY_N=$${GK_PROPERTY_N_ASAN:-2000} \
	  ctest --output-on-failure -j $(JOBS)

bench: deps-bench build
	bash bench/run.sh $(BUILD)
	bash bench/formats.sh $(BUILD)
	bash bench/flow.sh $(BUILD)
	bash bench/similar.sh $(BUILD)
	bash bench/ledger_report.sh $(BUILD)
	bash bench/serve_load.sh $(BUILD)
	bash bench/ledger_scale.sh $(BUILD) # issue 13: 1/8/32 clients, 10 M apps

fuzz: deps-test
	cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=Debug -DGK_FUZZ=ON $(DEVFLAGS) \
	  -DCMAKE_C_COMPILER=clang
	cmake --build $(BUILD_FUZZ) -j $(JOBS)
	bash fuzz/run.sh $(BUILD_FUZZ) $(FUZZ_SECONDS)

# Debian packages gongkai, libgongkai0, libgongkai-dev (lintian-clean) in build/deb.
deb: deps-test web
	JOBS=$(JOBS) tools/make-deb.sh $(BUILD)/deb

serve-demo: run

# The browser test's screenshots of the main pages into docs/screenshots
# (`make test` writes them under the build directory only).
screenshots: build e2e-deps
	GONGKAI=$(CURDIR)/$(BUILD)/gongkai GK_SCREENSHOTS=$(CURDIR)/docs/screenshots \
	  node tests/e2e/e2e.mjs

format:
	clang-format -i include/*.h src/*/*.[ch] src/*/*/*.[ch] tests/*/*.c fuzz/*.c bench/*.c

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
