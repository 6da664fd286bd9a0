# The program itself under AddressSanitizer and UBSan (build/asan/madoguchi):
# the commands and screens compiled with the sanitizers, linked with the
# ASan core. The key monkey (tests/screen/monkey.pl) drives it, with
# ASAN_OPTIONS and UBSAN_OPTIONS that end the program at the first report
# and write it to a log file the monkey reads.
ASAN_APP     = $(ASAN)/madoguchi
ASAN_APP_OBJ = $(ASAN_DEMO) $(CLI_SRC:%.c=$(ASAN)/%.o) $(TUI_SRC:%.c=$(ASAN)/%.o)
CHECK_BINS  += $(ASAN_APP)

$(ASAN_APP): $(ASAN_APP_OBJ) $(ASAN)/libcore.a
	$(CC) -O1 -g $(ASAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# The key monkey, long: MONKEY_KEYS keys (a million by default) in one run,
# its keys log and any report kept in build/monkey (tests/fuzz/README.md).
# `make fuzz` runs it after the libFuzzer targets.
MONKEY_KEYS ?= 1000000
.PHONY: monkey
monkey: $(ASAN_APP) $(BUILD)/check/crash_check
	@perl tests/screen/monkey.pl --keys $(MONKEY_KEYS) --work $(BUILD)/monkey
