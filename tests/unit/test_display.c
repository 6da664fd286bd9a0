/* Text laid out by display width: the one wrap with 禁則, and cutting with
 * 「…」 (issue 15, findings 5 and 7). */
#include "helpers.h"

#include <locale.h>

#include "madoguchi/display.h"
#include "madoguchi/text.h"

/* The lines of s wrapped at width, joined by "|". */
static char *
wrapped(const char *s, int width, int ambiguous)
{
	struct md_lines l;
	assert_int_equal(md_display_wrap(s, width, ambiguous, &l), MD_OK);
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < l.n; i++) {
		if (i)
			md_buf_addc(&b, '|');
		md_buf_adds(&b, l.line[i]);
	}
	md_lines_free(&l);
	assert_true(md_buf_ok(&b));
	return md_buf_take(&b);
}

static void
assert_wrap(const char *s, int width, const char *want)
{
	char *got = wrapped(s, width, 1);
	if (strcmp(got, want))
		fail_msg("「%s」 at %d: 「%s」, not 「%s」", s, width, got,
			 want);
	md_free(got);
}

/* The table of 禁則: each text at a width, and its lines. */
static void
wrap_follows_kinsoku__issue15_7(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int width;
		const char *lines;
	} rules[] = {
		/* Fits: one line. */
		{"相談受付", 8, "相談受付"},
		/* 行頭禁則: 。、」）！？ー・ and small kana never start a line;
		 * the character before goes down with them (追い出し). */
		{"あいうえお。", 10, "あいうえ|お。"},
		{"あいうえお、かき", 10, "あいうえ|お、かき"},
		{"あいう「えお」", 10, "あいう「え|お」"},
		{"あいうえ（お）", 10, "あいうえ|（お）"},
		{"あいうえお！", 10, "あいうえ|お！"},
		{"あいうえお？", 10, "あいうえ|お？"},
		{"ハローワーク", 8, "ハロー|ワーク"},
		{"あいうえ・お", 8, "あいう|え・お"},
		{"あいうえっと", 8, "あいう|えっと"},
		{"アイウエャ", 8, "アイウ|エャ"},
		{"一二三四々", 8, "一二三|四々"},
		{"一二三四……", 8, "一二三|四……"},
		{"一二三四。」", 8, "一二三|四。」"},
		{"abc def)", 7, "abc|def)"},
		/* 行末禁則: 「（【 never end a line. */
		{"あいう「えお」", 8, "あいう|「えお」"},
		{"あいう（えお）", 8, "あいう|（えお）"},
		{"あいう【えお】", 8, "あいう|【えお】"},
		{"あいう(えお)", 7, "あいう|(えお)"},
		/* A run of ASCII letters, digits and signs is one word. */
		{"日付は R6.4.1 から", 8, "日付は|R6.4.1|から"},
		{"日付はR6.4.1、かき", 10, "日付は|R6.4.1、か|き"},
		{"は2024-04-01です", 11, "は|2024-04-01|です"},
		{"Ctrl-E: エディタ", 8, "Ctrl-E:|エディタ"},
		{"$EDITOR(なければ vi)", 10, "$EDITOR(な|ければ vi)"},
		{"10:06 に保存", 6, "10:06|に保存"},
		/* Spaces at a break go; spaces inside a line and at the start
		 * of a paragraph stay. */
		{"はい: y   いいえ: n", 10, "はい: y|いいえ: n"},
		{"  F1  ヘルプ", 20, "  F1  ヘルプ"},
		{"abcd    ", 4, "abcd"},
		/* Line breaks of the text are kept, blank lines too. */
		{"一行目\n\n三行目", 20, "一行目||三行目"},
		{"", 10, ""},
		/* What cannot break otherwise breaks at a character, never
		 * inside one. */
		{"abcdefghij", 4, "abcd|efgh|ij"},
		{"(03-1234-5678)", 6, "(03-12|34-567|8)"},
		{"あいうえお", 3, "あ|い|う|え|お"},
		{"。。。。", 4, "。。|。。"},
		/* A combining mark stays with its letter. */
		{"かか\xE3\x82\x99か", 4, "かか\xE3\x82\x99|か"},
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		assert_wrap(rules[i].text, rules[i].width, rules[i].lines);
}

static void
wrap_counts_ambiguous_characters_as_set(void **state)
{
	(void)state;
	char *one = wrapped("○○○○", 4, 1);
	char *two = wrapped("○○○○", 4, 2);
	assert_string_equal(one, "○○○○");
	assert_string_equal(two, "○○|○○");
	md_free(one);
	md_free(two);
}

/* Every line of every help text, fixed text and option of the shipped forms,
 * at every width from 10 to 78: within the width, 禁則 kept, and nothing lost
 * but the spaces at a break. */
static void
check_text(const char *s, int width)
{
	struct md_lines l;
	assert_int_equal(md_display_wrap(s, width, 1, &l), MD_OK);
	struct md_buf all, lines;
	md_buf_init(&all);
	md_buf_init(&lines);
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\n')
			md_buf_addc(&all, *p);
	for (size_t i = 0; i < l.n; i++) {
		const char *t = l.line[i];
		if (md_display_width(t, 1) > width)
			fail_msg("「%s」 at %d: 「%s」 is too wide", s, width,
				 t);
		uint32_t first = 0, last = 0;
		size_t len = strlen(t);
		for (size_t k = 0; k < len;) {
			uint32_t cp;
			size_t n = md_utf8_decode(t + k, len - k, &cp);
			assert_true(n > 0);
			if (k == 0)
				first = cp;
			last = cp;
			k += n;
		}
		if (i > 0 && md_display_no_line_start(first))
			fail_msg("「%s」 at %d: line 「%s」 starts with a mark",
				 s, width, t);
		if (i + 1 < l.n && md_display_no_line_end(last))
			fail_msg("「%s」 at %d: line 「%s」 ends with an opening",
				 s, width, t);
		for (const char *p = t; *p; p++)
			if (*p != ' ')
				md_buf_addc(&lines, *p);
	}
	assert_true(md_buf_ok(&all) && md_buf_ok(&lines));
	if (strcmp(md_buf_str(&all), md_buf_str(&lines)))
		fail_msg("「%s」 at %d lost text: 「%s」", s, width,
			 md_buf_str(&lines));
	md_buf_fini(&all);
	md_buf_fini(&lines);
	md_lines_free(&l);
}

static void
wrap_keeps_kinsoku_in_every_shipped_text(void **state)
{
	(void)state;
	struct md_forms *forms;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	assert_int_equal(md_forms_load(TOP_DIR "/forms", &forms, &diags, &err),
			 MD_OK);
	size_t texts = 0;
	for (size_t f = 0; f < forms->n; f++) {
		const struct md_form *form = &forms->forms[f];
		for (size_t i = 0; i < form->nfields; i++) {
			const struct md_field *fd = &form->fields[i];
			for (int w = 10; w <= 78; w++) {
				check_text(fd->help, w);
				check_text(fd->label, w);
				if (fd->text)
					check_text(fd->text, w);
			}
			texts++;
		}
	}
	assert_true(texts > 100);
	md_forms_free(&forms);
	md_diags_fini(&diags);
}

static void
the_consent_wraps_whole__issue15_5(void **state)
{
	(void)state;
	const char *consent =
		"私は、自立相談支援事業の利用を申し込みます。申込みにあたり、"
		"個人情報に関する管理・取扱規程について説明を受けました。"
		"また、支援に必要な範囲で、私の個人情報を関係機関と共有すること"
		"に同意します。";
	struct md_lines l;
	assert_int_equal(md_display_wrap(consent, 51, 1, &l), MD_OK);
	assert_true(l.n >= 4);
	assert_string_equal(l.line[l.n - 1] + strlen(l.line[l.n - 1]) -
				    strlen("同意します。"),
			    "同意します。");
	md_lines_free(&l);
}

/* Cut with 「…」: a name never reads as another name. */
static void
a_cut_name_ends_with_an_ellipsis__issue15_5(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int width;
		const char *want;
	} cuts[] = {
		{"佐藤 美咲", 9, "佐藤 美咲"},
		{"佐藤 美咲", 8, "佐藤 美…"},
		{"佐藤 美咲", 7, "佐藤…"},
		{"佐藤 美咲", 6, "佐藤…"},
		{"佐藤 美咲", 5, "佐藤…"},
		{"佐藤 美咲", 4, "佐…"},
		{"佐藤 美咲", 1, "…"},
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"", 0, ""},
	};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		char *got = md_display_cut(cuts[i].s, cuts[i].width, 1);
		assert_non_null(got);
		if (strcmp(got, cuts[i].want))
			fail_msg("「%s」 in %d: 「%s」, not 「%s」", cuts[i].s,
				 cuts[i].width, got, cuts[i].want);
		assert_true(md_display_width(got, 1) <= cuts[i].width);
		md_free(got);
	}
	/* The ellipsis is ambiguous: two columns where the terminal says. */
	char *wide = md_display_cut("佐藤 美咲", 8, 2);
	assert_string_equal(wide, "佐藤…");
	md_free(wide);
}

static void
widths_count_columns(void **state)
{
	(void)state;
	assert_int_equal(md_display_width("abc", 1), 3);
	assert_int_equal(md_display_width("相談", 1), 4);
	assert_int_equal(md_display_width("ｱｲｳ", 1), 3);
	assert_int_equal(md_display_width("※", 1), 1);
	assert_int_equal(md_display_width("※", 2), 2);
	/* What a terminal would obey counts as its escape: \u202e. */
	assert_int_equal(md_display_width("\xE2\x80\xAE", 1), 6);
	/* A combining mark adds nothing. */
	assert_int_equal(md_display_width("か\xE3\x82\x99", 1), 2);
}

/* The memo of a long print answers exactly as md_display_when does, for
 * every day of four years (slots shared by many days), times, text that is
 * no date, and a text longer than any stored time. */
static void
the_memo_answers_as_md_display_when(void **state)
{
	(void)state;
	struct md_display_memo *m = md_calloc(1, sizeof *m);
	assert_non_null(m);
	for (int pass = 0; pass < 2; pass++) {
		for (int y = 2018; y < 2022; y++)
			for (int mo = 1; mo <= 12; mo++)
				for (int d = 1; d <= 31; d++) {
					char iso[48], a[MD_DISPLAY_WHEN_SIZE],
						b[MD_DISPLAY_WHEN_SIZE];
					snprintf(iso, sizeof iso,
						 "%04d-%02d-%02d", y, mo, d);
					assert_string_equal(md_display_memo(m,
									    iso,
									    MD_DATE_LONG,
									    a),
							    md_display_when(iso,
									    MD_DATE_LONG,
									    b));
				}
	}
	static const char *const other[] =
		{"2019-04-30 23:59:59",
		 "2019-05-01",
		 "不明",
		 "",
		 "2019-02-30",
		 "2019-05-01 長い長い文字列で日付ではない",
		 NULL};
	for (int i = 0; i < 7; i++) {
		char a[MD_DISPLAY_WHEN_SIZE], b[MD_DISPLAY_WHEN_SIZE];
		assert_string_equal(md_display_memo(m, other[i], MD_DATE_LONG,
						    a),
				    md_display_when(other[i], MD_DATE_LONG, b));
	}
	char a[MD_DISPLAY_WHEN_SIZE];
	assert_string_equal(md_display_memo(m, "2019-05-01", MD_DATE_LONG, a),
			    "令和元年5月1日");
	md_free(m);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrap_follows_kinsoku__issue15_7),
		cmocka_unit_test(wrap_counts_ambiguous_characters_as_set),
		cmocka_unit_test(wrap_keeps_kinsoku_in_every_shipped_text),
		cmocka_unit_test(the_consent_wraps_whole__issue15_5),
		cmocka_unit_test(a_cut_name_ends_with_an_ellipsis__issue15_5),
		cmocka_unit_test(widths_count_columns),
		cmocka_unit_test(the_memo_answers_as_md_display_when),
	};
	return cmocka_run_group_tests_name("display", tests, NULL, NULL);
}
