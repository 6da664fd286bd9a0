# madoguchi — build, test and install.
#
# Two builds of one source. `make` builds the release program ./madoguchi,
# which `make install` installs: it has no test hooks and reads forms/ and
# data/ only from $(PREFIX)/share/madoguchi, checked to be root's. The test
# build, build/test/madoguchi (objects in build/test/), is compiled with
# -DMD_TEST_HOOKS: it reads the source tree's own forms/ and data/ and takes
# the test hooks of include/madoguchi/hooks.h (a fixed clock, another data
# folder, another system configuration, …) from the environment. The tests,
# the benchmark and `make run` use the test build and its core.
#
#   make run       build, then open the test build (the source tree's forms,
#                  nothing installed needed) on its default database
#   make test      build, then check the format (make lint) and run every test
#                  (unit, sanitizers, commands, screens)
#   make lint      every C file of src/, include/, tests/ against .clang-format
#                  (clang-format 14, tests/lint.sh); make format rewrites them
#   make bench     the figures of issue 7 on a generated 200,000-case database
#                  (BENCH_DB=FILE to use another; made when missing)
#   make stress    the crash tests at 1,000 kills and the two consultants at
#                  1,000 rounds (tests/crash/stress.sh; minutes)
#   make fuzz      each libFuzzer target for FUZZ_SECONDS (default 60) with
#                  clang, ASan and UBSan (tests/fuzz/README.md)
#   make deps      install the Debian packages the build and tests need
#   make install   PREFIX=/usr/local DESTDIR=…
#
# `make run` and `make test` install missing packages first (apt-get, as root
# or through sudo), then build in a fresh make so the flags pkg-config gives
# are read after the packages exist.

PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
CFLAGS   ?= -O2 -g
WERROR   ?=
BUILD    ?= build
SHAREDIR  = $(PREFIX)/share/madoguchi

PKGS       = ncursesw sqlite3
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lncursesw -ltinfo -lsqlite3)

WARN      = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 $(if $(WERROR),-Werror)
MD_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) -Iinclude $(PKG_CFLAGS)
LIBS      = $(PKG_LIBS) -lcsv -liniparser -lcrypt -lutf8proc -lnettle -lm

CORE_SRC = $(sort $(wildcard src/core/*.c))
DEMO_SRC = $(sort $(wildcard src/demo/*.c))
CLI_SRC  = $(sort $(wildcard src/cli/*.c))
TUI_SRC  = $(sort $(wildcard src/tui/*.c))
GEN_SRC  = $(BUILD)/gen/schema_sql.c
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
HEADERS  = $(wildcard include/madoguchi/*.h src/core/*.h src/demo/*.h src/cli/*.h \
             src/tui/*.h tests/unit/*.h)
# The core's private header (src/core/db_int.h: statements, the SQLite
# handle) for the tests and tools that need raw SQL; never for the program's
# commands and screens (tests/cli/test_layers.sh).
CORE_INT = -Isrc/core
# The demo generator (src/demo/, above the core: `demo generate`, the
# benchmark's database) is linked by the program and, as libdemo.a, by the
# tests that generate data. Like the commands it sees only the public
# headers (tests/cli/test_layers.sh).

# Every object depends on every header: the project is small enough that a
# full rebuild after a header change costs seconds and never goes stale.
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/schema_sql.o
APP_OBJ  = $(DEMO_SRC:%.c=$(BUILD)/%.o) $(CLI_SRC:%.c=$(BUILD)/%.o) \
           $(TUI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# The test build: the hooks, and the source tree as the data folder.
TEST       = $(BUILD)/test
TEST_BIN   = $(TEST)/madoguchi
TEST_FLAGS = -DMD_TEST_HOOKS -DMD_DATADIR='"$(CURDIR)"'
TEST_CORE  = $(CORE_SRC:%.c=$(TEST)/%.o) $(BUILD)/gen/schema_sql.o
TEST_DEMO  = $(DEMO_SRC:%.c=$(TEST)/%.o)
TEST_APP   = $(TEST_DEMO) $(CLI_SRC:%.c=$(TEST)/%.o) $(TUI_SRC:%.c=$(TEST)/%.o)

ASAN       = $(BUILD)/asan
ASAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
ASAN_CORE  = $(CORE_SRC:%.c=$(ASAN)/%.o) $(ASAN)/gen/schema_sql.o
ASAN_DEMO  = $(DEMO_SRC:%.c=$(ASAN)/%.o)
ASAN_UNIT  = $(UNIT_SRC:tests/unit/%.c=$(ASAN)/tests/%)

DEB_PKGS = libncurses-dev libsqlite3-dev libcsv-dev libiniparser-dev \
           libcrypt-dev libcmocka-dev libutf8proc-dev nettle-dev tmux pkg-config \
           perl man-db groff-base sqlite3 python3 clang-format

BENCH_BIN = $(BUILD)/bench/bench
BENCH_DB ?= $(BUILD)/bench/demo-200k.db

.PHONY: all deps run test check unit asan clitest screentest install \
        uninstall clean lint format bench

all: madoguchi

# The release program.
madoguchi: $(CORE_OBJ) $(APP_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: %.c $(HEADERS) $(BUILD)/datadir.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MD_CFLAGS) -DMD_DATADIR='"$(SHAREDIR)"' -c -o $@ $<

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) $(MD_CFLAGS) -c -o $@ $<

# data/schema.sql is compiled in, so a program and its schema never part.
$(GEN_SRC): data/schema.sql src/build/embed.sh
	@mkdir -p $(dir $@)
	sh src/build/embed.sh md_schema_sql < data/schema.sql > $@

# Rebuild when PREFIX changes: the installed share folder is compiled in;
# and the test build when the source tree moves, for the same reason.
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(SHAREDIR)' | cmp -s - $@ || echo '$(SHAREDIR)' > $@
$(TEST)/datadir.stamp: FORCE
	@mkdir -p $(TEST)
	@echo '$(CURDIR)' | cmp -s - $@ || echo '$(CURDIR)' > $@
FORCE:

# The test build.
$(TEST_BIN): $(TEST_CORE) $(TEST_APP)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(TEST)/%.o: %.c $(HEADERS) $(TEST)/datadir.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MD_CFLAGS) $(TEST_FLAGS) -c -o $@ $<

# Made anew: ar keeps the members of objects since removed.
$(TEST)/libcore.a: $(TEST_CORE)
	@rm -f $@
	$(AR) rcs $@ $^

$(TEST)/libdemo.a: $(TEST_DEMO)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c $(TEST)/libdemo.a $(TEST)/libcore.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MD_CFLAGS) $(CORE_INT) -Isrc -Itests/unit -DTOP_DIR='"$(CURDIR)"' -o $@ $< \
		$(TEST)/libdemo.a $(TEST)/libcore.a \
		$(LIBS) $(UNIT_LDFLAGS) $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# test_auth sees the hashes and the waits of a login through the linker
# (tests/unit/test_auth.c): the program itself has no hook for them.
$(BUILD)/tests/test_auth $(ASAN)/tests/test_auth: \
	UNIT_LDFLAGS = -Wl,--wrap=crypt_r -Wl,--wrap=nanosleep

# The benchmark's own program: the core measured in process.
$(BENCH_BIN): tests/bench/bench.c $(TEST)/libcore.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MD_CFLAGS) $(CORE_INT) -o $@ $< $(TEST)/libcore.a $(LIBS)

# The test build's core and the unit tests under AddressSanitizer and UBSan.
$(ASAN)/%.o: %.c $(HEADERS) $(TEST)/datadir.stamp
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(ASAN_FLAGS) $(MD_CFLAGS) $(TEST_FLAGS) -c -o $@ $<

$(ASAN)/gen/schema_sql.o: $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(ASAN_FLAGS) $(MD_CFLAGS) -c -o $@ $<

$(ASAN)/libcore.a: $(ASAN_CORE)
	@rm -f $@
	$(AR) rcs $@ $^

$(ASAN)/libdemo.a: $(ASAN_DEMO)
	@rm -f $@
	$(AR) rcs $@ $^

$(ASAN)/tests/%: tests/unit/%.c $(ASAN)/libdemo.a $(ASAN)/libcore.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(ASAN_FLAGS) $(MD_CFLAGS) $(CORE_INT) -Isrc -Itests/unit -DTOP_DIR='"$(CURDIR)"' -o $@ $< \
		$(ASAN)/libdemo.a $(ASAN)/libcore.a $(LIBS) $(UNIT_LDFLAGS) \
		$(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

deps:
	@sh src/build/deps.sh $(DEB_PKGS)

# The test build: it runs from a fresh clone with nothing installed (the
# release program reads only the installed, root-owned share folder).
run: deps
	@$(MAKE) --no-print-directory $(TEST_BIN)
	$(TEST_BIN)

# The builds of `test` run side by side on every core (unless make was
# given -j itself), as prove runs the tests (tests/run.sh).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: deps
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(JOBS)) check

# Each folder of tests may add its own rules in tests/*/rules.mk: programs
# that `check` builds (CHECK_BINS, run when named build/check/test_*) and
# targets of its own (stress, fuzz).
CHECK_BINS =
-include $(sort $(wildcard tests/*/rules.mk))

# `check` assumes the packages are there; `test` makes sure first.
check: madoguchi $(TEST_BIN) $(UNIT_BIN) $(ASAN_UNIT) $(BENCH_BIN) $(CHECK_BINS)
	@sh tests/run.sh

# Not part of the tests: minutes, and figures rather than results (make test
# runs it once on a small database, tests/cli/test_bench.sh).
bench: deps
	@$(MAKE) --no-print-directory $(TEST_BIN) $(BENCH_BIN)
	@sh tests/bench/run.sh $(BENCH_DB)

unit: $(UNIT_BIN)
	@CMOCKA_MESSAGE_OUTPUT=TAP prove -e '' $(UNIT_BIN)

asan: $(ASAN_UNIT)
	@CMOCKA_MESSAGE_OUTPUT=TAP prove -e '' $(ASAN_UNIT)

# The format: .clang-format, for clang-format 14 only (Debian 12's; another
# major version is refused). make test runs make lint first.
lint:
	@sh tests/lint.sh

format:
	@sh tests/lint.sh --fix

install: madoguchi
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SHAREDIR)/forms \
		$(DESTDIR)$(SHAREDIR)/data $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5
	install -m 755 madoguchi $(DESTDIR)$(PREFIX)/bin/madoguchi
	install -m 644 forms/*.ini $(DESTDIR)$(SHAREDIR)/forms/
	install -m 644 data/* $(DESTDIR)$(SHAREDIR)/data/
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/madoguchi
	rm -rf $(DESTDIR)$(SHAREDIR)
	rm -f $(DESTDIR)$(PREFIX)/share/man/man1/madoguchi.1 \
		$(DESTDIR)$(PREFIX)/share/man/man5/madoguchi.ini.5 \
		$(DESTDIR)$(PREFIX)/share/man/man5/madoguchi-forms.5

clean:
	rm -rf $(BUILD) madoguchi
