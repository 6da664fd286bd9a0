# Crashes and two consultants on one file (issue 8): the programs the tests
# in tests/crash/ drive, and `make stress`, the same tests at a thousand
# kills and a thousand rounds.

CRASH_CORE_BINS = $(BUILD)/check/crash_cli $(BUILD)/check/crash_check \
                  $(BUILD)/check/two_consultants
CRASH_BINS = $(CRASH_CORE_BINS) $(BUILD)/check/killat
CHECK_BINS += $(CRASH_BINS)

$(CRASH_CORE_BINS): $(BUILD)/check/%: tests/crash/%.c tests/crash/dbcheck.c \
		tests/crash/dbcheck.h tests/crash/syscalls.h $(TEST)/libcore.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MD_CFLAGS) $(CORE_INT) -Itests/crash -DTOP_DIR='"$(CURDIR)"' -o $@ \
		$< tests/crash/dbcheck.c $(TEST)/libcore.a $(LIBS)

# Kills a program tmux started at an exact system call (ptrace): no core.
$(BUILD)/check/killat: tests/crash/killat.c tests/crash/syscalls.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MD_CFLAGS) -o $@ $<

# `stress` only gathers: each folder's rules.mk may add its own part. Like
# `make test`, it makes sure of the packages first and then builds in a
# fresh make, so that it runs from a fresh clone.
.PHONY: stress crash-stress
stress: crash-stress
crash-stress: deps
	@$(MAKE) --no-print-directory $(TEST_BIN) $(CRASH_BINS)
	@sh tests/crash/stress.sh
