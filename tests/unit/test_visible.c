/* Text made visible: what a terminal would act on or not draw, as escapes. */
#include "helpers.h"

#include "madoguchi/visible.h"

static const struct {
	const char *in;
	const char *line;  /* MD_VISIBLE_LINE */
	const char *lines; /* MD_VISIBLE_LINES */
} cases[] = {
	{"田中 一郎", "田中 一郎", "田中 一郎"},
	{"", "", ""},
	/* The audit attack of issue 13: CR, erase the line, go up a line. */
	{"x\r\x1b[2K\x1b[1A.csv", "x\\r\\x1b[2K\\x1b[1A.csv",
	 "x\\r\\x1b[2K\\x1b[1A.csv"},
	{"一行目\n二行目", "一行目\\n二行目", "一行目\n二行目"},
	{"a\tb", "a\\tb", "a\\tb"},
	{"\x07\x7f", "\\x07\\x7f", "\\x07\\x7f"},
	{"\xc2\x85\xc2\x9b", "\\u0085\\u009b", "\\u0085\\u009b"}, /* C1 */
	/* Bidi controls. */
	{"abc\xe2\x80\xae"
	 "fdp.exe",
	 "abc\\u202efdp.exe", "abc\\u202efdp.exe"},
	{"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
	 "\\u202a\\u202b\\u202c\\u202d", "\\u202a\\u202b\\u202c\\u202d"},
	{"\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
	 "\\u2066\\u2067\\u2068\\u2069", "\\u2066\\u2067\\u2068\\u2069"},
	{"\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c",
	 "\\u200e\\u200f\\u061c"},
	/* Zero-width and other format characters. */
	{"田\xe2\x80\x8b中", "田\\u200b中", "田\\u200b中"},
	{"\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0\xe2\x81\xa4\xef\xbb\xbf",
	 "\\u200c\\u200d\\u2060\\u2064\\ufeff",
	 "\\u200c\\u200d\\u2060\\u2064\\ufeff"},
	{"soft\xc2\xadhyphen", "soft\\u00adhyphen", "soft\\u00adhyphen"},
	{"\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029", "\\u2028\\u2029"},
	{"\xe3\x85\xa4", "\\u3164", "\\u3164"},             /* Hangul filler */
	{"\xf3\xa0\x80\x81", "\\U000e0001", "\\U000e0001"}, /* a tag */
	/* Bytes that are not UTF-8, one at a time. */
	{"ab\xff", "ab\\xff", "ab\\xff"},
	{"\xe3\x81", "\\xe3\\x81", "\\xe3\\x81"},
	{"\xc0\xaf", "\\xc0\\xaf", "\\xc0\\xaf"},
	/* Shown as themselves: kanji with a variation selector (IVS), a
	 * combining mark, ideographic space, private use (外字), a backslash,
	 * an emoji, full-width and half-width kana. */
	{"葛\xf3\xa0\x84\x80城", "葛\xf3\xa0\x84\x80城",
	 "葛\xf3\xa0\x84\x80城"},
	{"か\xe3\x82\x99", "か\xe3\x82\x99", "か\xe3\x82\x99"},
	{"山田\xe3\x80\x80花子", "山田\xe3\x80\x80花子",
	 "山田\xe3\x80\x80花子"},
	{"\xee\x80\x80", "\xee\x80\x80", "\xee\x80\x80"},
	{"C:\\Users\\x1b", "C:\\Users\\x1b", "C:\\Users\\x1b"},
	{"😀ﾀﾅｶ", "😀ﾀﾅｶ", "😀ﾀﾅｶ"},
};

static void
hidden_characters_are_shown_as_escapes__issue13_2(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *line = md_visible(cases[i].in, MD_VISIBLE_LINE);
		char *lines = md_visible(cases[i].in, MD_VISIBLE_LINES);
		assert_non_null(line);
		assert_non_null(lines);
		if (strcmp(line, cases[i].line) ||
		    strcmp(lines, cases[i].lines))
			fail_msg("case %zu: «%s» / «%s», expected «%s» / «%s»",
				 i, line, lines, cases[i].line, cases[i].lines);
		/* Nothing hidden is left, and showing it again changes
		 * nothing. */
		char *again = md_visible(line, MD_VISIBLE_LINE);
		assert_string_equal(again, line);
		md_free(again);
		md_free(line);
		md_free(lines);
	}
}

static void
escape_of_one_code_point(void **state)
{
	(void)state;
	char esc[MD_VISIBLE_ESC_MAX];
	assert_int_equal(md_visible_escape(0x202E, MD_VISIBLE_LINE, esc), 6);
	assert_string_equal(esc, "\\u202e");
	assert_int_equal(md_visible_escape(0x1B, MD_VISIBLE_LINES, esc), 4);
	assert_string_equal(esc, "\\x1b");
	assert_int_equal(md_visible_escape('\n', MD_VISIBLE_LINES, esc), 0);
	assert_string_equal(esc, "");
	assert_int_equal(md_visible_escape('\n', MD_VISIBLE_LINE, esc), 2);
	assert_int_equal(md_visible_escape(0xE01EF, MD_VISIBLE_LINE, esc), 0);
	assert_int_equal(md_visible_escape(0xE007F, MD_VISIBLE_LINE, esc), 10);
	assert_string_equal(esc, "\\U000e007f");
	assert_int_equal(md_visible_escape(0x7530, MD_VISIBLE_LINE, esc), 0);
	assert_true(md_visible_bidi(0x202E));
	assert_false(md_visible_bidi(0x200B));
	assert_true(md_visible_hidden(0x200B));
	assert_false(md_visible_hidden(0xFE00)); /* variation selector */
}

static char *addf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
addf(const char *fmt, ...)
{
	struct md_buf b;
	md_buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	md_visible_vaddf(&b, MD_VISIBLE_LINE, fmt, ap);
	va_end(ap);
	assert_true(md_buf_ok(&b));
	return b.data ? md_buf_take(&b) : md_strdup("");
}

static void
format_keeps_its_own_text_and_shows_the_arguments(void **state)
{
	(void)state;
	const char *attack = "x\r\x1b[2K";
	struct {
		char *got;
		const char *want;
	} t[] = {
		{addf("%s\t%s\n", "日時", attack), "日時\tx\\r\\x1b[2K\n"},
		{addf("ケース %lld 版 %d: %zu 件 %u%%", 12345678901LL, -3,
		      (size_t)7, 9u),
		 "ケース 12345678901 版 -3: 7 件 9%"},
		{addf("[%-6s][%6s]", "a\n", "b"), "[a\\n   ][     b]"},
		{addf("[%.*s]", 3, "abc\x1b"), "[abc]"},
		{addf("[%.4s]", "abc\x1b"), "[abc\\x1b]"},
		{addf("-%c-%c", 'x', 0x1b), "-x-\\x1b"},
		{addf("%05d|%x|%-3d|%+d|%ld|%hhd|%.2f", 42, 255u, 7, 5, 6L,
		      (signed char)-1, 1.5),
		 "00042|ff|7  |+5|6|-1|1.50"},
		{addf("%*d|%-*s|", 4, 1, 3, "\xe2\x80\xae"), "   1|\\u202e|"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (strcmp(t[i].got, t[i].want))
			fail_msg("format %zu: «%s», expected «%s»", i, t[i].got,
				 t[i].want);
		md_free(t[i].got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			hidden_characters_are_shown_as_escapes__issue13_2),
		cmocka_unit_test(escape_of_one_code_point),
		cmocka_unit_test(
			format_keeps_its_own_text_and_shows_the_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
