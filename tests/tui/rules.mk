# Unit tests of the screens' widgets (tests/tui/test_*.c, cmocka): linked with
# the screens' own objects that need no terminal (the editor, drawing by
# width), plain and under AddressSanitizer and UBSan.
TUI_UNIT_OBJ   = src/tui/editor.o src/tui/draw.o src/tui/keys.o
TUI_UNIT_NAMES = $(basename $(notdir $(wildcard tests/tui/test_*.c)))
TUI_UNIT_PLAIN = $(TUI_UNIT_NAMES:%=$(BUILD)/check/%)
TUI_UNIT_ASAN  = $(TUI_UNIT_NAMES:%=$(BUILD)/check/%_asan)
TUI_CMOCKA     = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
CHECK_BINS    += $(TUI_UNIT_PLAIN) $(TUI_UNIT_ASAN)
.SECONDARY: $(TUI_UNIT_OBJ:%=$(TEST)/%) $(TUI_UNIT_OBJ:%=$(ASAN)/%)

$(TUI_UNIT_PLAIN): $(BUILD)/check/%: tests/tui/%.c \
		$(TUI_UNIT_OBJ:%=$(TEST)/%) $(TEST)/libcore.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(MD_CFLAGS) -Isrc/tui -o $@ $< \
		$(TUI_UNIT_OBJ:%=$(TEST)/%) $(TEST)/libcore.a $(LIBS) $(TUI_CMOCKA)

$(TUI_UNIT_ASAN): $(BUILD)/check/%_asan: tests/tui/%.c \
		$(TUI_UNIT_OBJ:%=$(ASAN)/%) $(ASAN)/libcore.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(ASAN_FLAGS) $(MD_CFLAGS) -Isrc/tui -o $@ $< \
		$(TUI_UNIT_OBJ:%=$(ASAN)/%) $(ASAN)/libcore.a $(LIBS) $(TUI_CMOCKA)
