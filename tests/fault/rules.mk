# Issue 8, I/O errors, full disks and memory: the fault tests, built twice
# (plain, and under AddressSanitizer and UBSan for what a fault path leaks or
# breaks). --wrap hands the stdio calls of the core's own files (CSV prints,
# a backup's fsync) to tests/fault/faultio.c, and the core's allocations
# (src/core/mem.c) to tests/fault/faultvfs.c.
FAULT_SRC    = tests/fault/test_faults.c tests/fault/faultvfs.c \
               tests/fault/faultio.c
FAULT_DEPS   = $(FAULT_SRC) tests/fault/faultvfs.h tests/unit/helpers.h \
               $(HEADERS)
FAULT_WRAP   = -Wl,--wrap=fwrite,--wrap=fputc,--wrap=fputs \
               -Wl,--wrap=csv_fwrite,--wrap=fflush,--wrap=fclose \
               -Wl,--wrap=fsync \
               -Wl,--wrap=sqlite3_malloc64,--wrap=sqlite3_realloc64
FAULT_CMOCKA = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

$(BUILD)/check/test_faults: $(FAULT_DEPS) $(TEST)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MD_CFLAGS) $(CORE_INT) -DTOP_DIR='"$(CURDIR)"' -o $@ \
		$(FAULT_SRC) $(TEST)/libcore.a $(FAULT_WRAP) $(LIBS) $(FAULT_CMOCKA)

$(BUILD)/check/test_faults_asan: $(FAULT_DEPS) $(ASAN)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(ASAN_FLAGS) $(MD_CFLAGS) $(CORE_INT) -DTOP_DIR='"$(CURDIR)"' -o $@ \
		$(FAULT_SRC) $(ASAN)/libcore.a $(FAULT_WRAP) $(LIBS) $(FAULT_CMOCKA)

CHECK_BINS += $(BUILD)/check/test_faults $(BUILD)/check/test_faults_asan

# make test runs the ASan build over a sample of the faults (test_faults.c,
# next_fault); make stress over every one.
.PHONY: fault-stress
stress: fault-stress
fault-stress: deps
	@$(MAKE) --no-print-directory $(BUILD)/check/test_faults_asan
	@FAULT_STRIDE=1 CMOCKA_MESSAGE_OUTPUT=TAP \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		prove -e '' $(BUILD)/check/test_faults_asan
