/* The line and text editor widget (src/tui/editor.c) without a terminal:
 * every editing key on an empty field, a field that never held text, a
 * full one, and with the cursor at either end (issue 15, finding 1). */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "madoguchi/mem.h"
#include "ui.h"

/* The keys a person edits with, as the screens hand them to the editor:
 * bound ones and the control keys other programs bind (Ctrl-K, Ctrl-W,
 * Ctrl-A, Ctrl-Y), which must leave the text alone here. */
/* clang-format off */
static const struct {
	const char *name;
	struct ui_key key;
} keys[] = {
	{"Ctrl-U", {21, false}},        {"Ctrl-K", {11, false}},
	{"Ctrl-W", {23, false}},        {"Ctrl-A", {1, false}},
	{"Ctrl-E", {5, false}},         {"Ctrl-Y", {25, false}},
	{"Ctrl-H", {8, false}},         {"DEL", {127, false}},
	{"Backspace", {KEY_BACKSPACE, true}}, {"Delete", {KEY_DC, true}},
	{"Home", {KEY_HOME, true}},     {"End", {KEY_END, true}},
	{"Left", {KEY_LEFT, true}},     {"Right", {KEY_RIGHT, true}},
	{"Up", {KEY_UP, true}},         {"Down", {KEY_DOWN, true}},
	{"PgUp", {KEY_PPAGE, true}},    {"PgDn", {KEY_NPAGE, true}},
	{"Tab", {L'\t', false}},        {"Enter", {L'\r', false}},
	{"Esc", {27, false}},           {"a", {L'a', false}},
	{"あ", {L'あ', false}},
};
/* clang-format on */
#define NKEYS (sizeof keys / sizeof keys[0])

/* What the editor must always hold to: a terminated buffer, the cursor
 * within the text, never on a combining mark's far side. */
static void
assert_sound(const struct editor *e, const char *why)
{
	if (e->cur > e->len)
		fail_msg("%s: cursor %zu beyond the text (%zu)", why, e->cur,
			 e->len);
	if (e->len && !e->buf)
		fail_msg("%s: %zu characters and no buffer", why, e->len);
	if (e->buf && (e->len + 1 > e->cap || e->buf[e->len] != 0))
		fail_msg("%s: buffer of %zu not terminated at %zu", why, e->cap,
			 e->len);
}

static char *
text_of(const struct editor *e)
{
	char *t = editor_text(e);
	assert_non_null(t);
	return t;
}

static void
assert_text(const struct editor *e, const char *want, const char *why)
{
	char *t = text_of(e);
	if (strcmp(t, want))
		fail_msg("%s: 「%s」, expected 「%s」", why, t, want);
	md_free(t);
}

static bool
press(struct editor *e, size_t i)
{
	bool changed = true;
	bool mine = editor_key(NULL, e, &keys[i].key, &changed);
	assert_sound(e, keys[i].name);
	return mine && changed;
}

static void
ctrl_u_in_a_field_that_never_held_text(void **state)
{
	(void)state;
	/* Made empty, from NULL and from "", one line and several. */
	for (int multi = 0; multi < 2; multi++) {
		struct editor a, b;
		editor_init(&a, NULL, multi);
		editor_init(&b, "", multi);
		assert_non_null(a.buf); /* valid from creation */
		assert_non_null(b.buf);
		struct ui_key cu = {21, false};
		bool changed = true;
		assert_true(editor_key(NULL, &a, &cu, &changed));
		assert_false(changed); /* nothing to clear: no draft to write */
		assert_true(editor_key(NULL, &b, &cu, &changed));
		assert_text(&a, "", "Ctrl-U, empty");
		assert_int_equal(a.cur, 0);
		editor_fini(&a);
		editor_fini(&b);
	}
}

static void
every_key_on_an_empty_field(void **state)
{
	(void)state;
	for (int multi = 0; multi < 2; multi++)
		for (int fresh = 0; fresh < 2; fresh++)
			for (size_t i = 0; i < NKEYS; i++) {
				struct editor e;
				editor_init(&e, "", multi);
				e.fresh = fresh;
				press(&e, i);
				char *t = text_of(&e);
				/* Only a printable key (or Enter in a text
				 * area) puts something in. */
				bool adds = (!keys[i].key.fkey &&
					     keys[i].key.ch >= 0x20 &&
					     keys[i].key.ch != 0x7F) ||
					    (multi && keys[i].key.ch == L'\r' &&
					     !keys[i].key.fkey);
				if (!adds && *t)
					fail_msg("%s on an empty field typed 「%s」",
						 keys[i].name, t);
				if (adds && !*t)
					fail_msg("%s on an empty field typed nothing",
						 keys[i].name);
				md_free(t);
				editor_fini(&e);
			}
}

/* The editor as a screen that never called editor_init leaves it: all
 * zero, no buffer. Every key copes. */
static void
every_key_on_an_editor_without_a_buffer(void **state)
{
	(void)state;
	for (int multi = 0; multi < 2; multi++)
		for (size_t i = 0; i < NKEYS; i++) {
			struct editor e;
			memset(&e, 0, sizeof e);
			e.multiline = multi;
			press(&e, i);
			editor_fini(&e);
		}
}

/* Each key on "あいう漢字abc" with the cursor at the start, in the middle
 * and at the end: what the text and the cursor become. */
static void
every_key_on_a_full_field_at_each_end(void **state)
{
	(void)state;
	static const char full[] = "あいう漢字abc";
	static const struct {
		const char *key;
		size_t at;
		const char *text;
		size_t cur;
	} want[] = {
		{"Ctrl-U", 0, "", 0},
		{"Ctrl-U", 5, "", 0},
		{"Ctrl-U", 8, "", 0},
		{"Backspace", 0, full, 0},
		{"Backspace", 5, "あいう漢abc", 4},
		{"Backspace", 8, "あいう漢字ab", 7},
		{"DEL", 8, "あいう漢字ab", 7},
		{"Ctrl-H", 0, full, 0},
		{"Delete", 0, "いう漢字abc", 0},
		{"Delete", 5, "あいう漢字bc", 5},
		{"Delete", 8, full, 8},
		{"Home", 8, full, 0},
		{"Home", 0, full, 0},
		{"End", 0, full, 8},
		{"End", 8, full, 8},
		{"Left", 0, full, 0},
		{"Left", 8, full, 7},
		{"Right", 8, full, 8},
		{"Right", 0, full, 1},
		{"a", 0, "aあいう漢字abc", 1},
		{"あ", 8, "あいう漢字abcあ", 9},
	};
	for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
		size_t i = 0;
		while (i < NKEYS && strcmp(keys[i].name, want[w].key))
			i++;
		assert_true(i < NKEYS);
		for (int multi = 0; multi < 2; multi++) {
			struct editor e;
			editor_init(&e, full, multi);
			e.cur = want[w].at;
			press(&e, i);
			char why[128];
			snprintf(why, sizeof why, "%s at %zu (%s)", want[w].key,
				 want[w].at, multi ? "text area" : "one line");
			assert_text(&e, want[w].text, why);
			if (e.cur != want[w].cur)
				fail_msg("%s: cursor at %zu, expected %zu", why,
					 e.cur, want[w].cur);
			editor_fini(&e);
		}
	}
	/* Keys the editor does not bind leave a full field as it was. */
	static const char *const unbound[] = {"Ctrl-K", "Ctrl-W", "Ctrl-A",
					      "Ctrl-E", "Ctrl-Y", "Esc",
					      "Tab"};
	for (size_t u = 0; u < sizeof unbound / sizeof unbound[0]; u++)
		for (size_t i = 0; i < NKEYS; i++) {
			if (strcmp(keys[i].name, unbound[u]))
				continue;
			for (size_t at = 0; at <= 8; at += 4) {
				struct editor e;
				editor_init(&e, full, false);
				e.cur = at;
				bool changed = false;
				assert_false(editor_key(NULL, &e, &keys[i].key,
							&changed));
				assert_false(changed);
				assert_text(&e, full, unbound[u]);
				editor_fini(&e);
			}
		}
}

/* Every key in turn, a thousand times over, from a fixed seed, on a field
 * emptied and filled again: the editor stays sound throughout. */
static void
every_key_in_any_order(void **state)
{
	(void)state;
	unsigned long x = 15;
	for (int multi = 0; multi < 2; multi++) {
		struct editor e;
		editor_init(&e, multi ? "一行目\n二行目" : NULL, multi);
		for (int n = 0; n < 20000; n++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			press(&e, (size_t)(x >> 33) % NKEYS);
			if ((x >> 20) % 97 == 0)
				e.fresh = true;
		}
		editor_fini(&e);
	}
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ctrl_u_in_a_field_that_never_held_text),
		cmocka_unit_test(every_key_on_an_empty_field),
		cmocka_unit_test(every_key_on_an_editor_without_a_buffer),
		cmocka_unit_test(every_key_on_a_full_field_at_each_end),
		cmocka_unit_test(every_key_in_any_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
