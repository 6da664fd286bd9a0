# Fuzz targets (tests/fuzz/README.md): each tests/fuzz/fuzz_NAME.c is built
# twice. `make check` builds build/check/test_fuzz_NAME with the compiler of
# the tests and the sanitizers, a driver (replay.c) that replays every file
# of tests/fuzz/corpus/NAME as a TAP test; `make fuzz` builds it with clang's
# libFuzzer and runs each target for FUZZ_SECONDS on a copy of its corpus.

FUZZ_TARGETS = wareki validate forms workflow config search agencies visible \
               layout households counts
FUZZ_SECONDS ?= 60
FUZZ_CLANG   ?= clang
FUZZ_OUT      = $(BUILD)/fuzz
FUZZ_TOP      = -DTOP_DIR='"$(CURDIR)"'
FUZZ_COMMON   = tests/fuzz/fuzz.c tests/fuzz/fuzz.h

# Replayed by `make check`, under AddressSanitizer and UBSan.
FUZZ_REPLAY = $(FUZZ_TARGETS:%=$(BUILD)/check/test_fuzz_%)
CHECK_BINS += $(FUZZ_REPLAY)

$(BUILD)/check/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
		$(FUZZ_COMMON) $(ASAN)/libdemo.a $(ASAN)/libcore.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(ASAN_FLAGS) $(MD_CFLAGS) $(CORE_INT) $(FUZZ_TOP) -DFUZZ_NAME='"$*"' \
		-Isrc -Itests/fuzz -o $@ $< tests/fuzz/fuzz.c tests/fuzz/replay.c \
		$(ASAN)/libdemo.a $(ASAN)/libcore.a $(LIBS)

# The core again under clang, instrumented for libFuzzer.
FUZZ_FLAGS = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all
# clang warns of the core's printf-like wrappers, which gcc does not.
FUZZ_WARN  = -Wno-format-nonliteral
FUZZ_CORE  = $(CORE_SRC:%.c=$(FUZZ_OUT)/obj/%.o) $(FUZZ_OUT)/obj/gen/schema_sql.o
FUZZ_DEMO  = $(DEMO_SRC:%.c=$(FUZZ_OUT)/obj/%.o)
FUZZ_BINS  = $(FUZZ_TARGETS:%=$(FUZZ_OUT)/bin/fuzz_%)

$(FUZZ_OUT)/obj/%.o: %.c $(HEADERS) $(TEST)/datadir.stamp
	@mkdir -p $(dir $@)
	$(FUZZ_CLANG) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		$(MD_CFLAGS) $(TEST_FLAGS) $(FUZZ_WARN) -c -o $@ $<

$(FUZZ_OUT)/obj/gen/schema_sql.o: $(GEN_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CLANG) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined \
		$(MD_CFLAGS) $(FUZZ_WARN) -c -o $@ $<

$(FUZZ_OUT)/libcore.a: $(FUZZ_CORE)
	$(AR) rcs $@ $^

$(FUZZ_OUT)/libdemo.a: $(FUZZ_DEMO)
	$(AR) rcs $@ $^

$(FUZZ_OUT)/bin/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) $(FUZZ_OUT)/libdemo.a \
		$(FUZZ_OUT)/libcore.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(FUZZ_CLANG) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined \
		$(MD_CFLAGS) $(CORE_INT) $(FUZZ_WARN) $(FUZZ_TOP) -Isrc -Itests/fuzz -o $@ $< \
		tests/fuzz/fuzz.c \
		$(FUZZ_OUT)/libdemo.a $(FUZZ_OUT)/libcore.a $(LIBS)

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

# clang and its libFuzzer runtime are installed first when missing (as
# `make deps` does), then every target runs in turn, then the key monkey
# (tests/screen/rules.mk) for MONKEY_KEYS keys.
fuzz:
	@sh src/build/deps.sh clang libclang-rt-14-dev $(DEB_PKGS)
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_OUT) $(FUZZ_TARGETS)
	@$(MAKE) --no-print-directory monkey
