/* Text: UTF-8 checks and the search keys that make kana and variant kanji meet. */
#include "helpers.h"

#include "madoguchi/text.h"

static void
assert_same_key(const char *a, const char *b)
{
	char *ka = md_text_search_key(a);
	char *kb = md_text_search_key(b);
	assert_non_null(ka);
	assert_non_null(kb);
	if (strcmp(ka, kb))
		fail_msg("「%s」→「%s」と「%s」→「%s」が一致しません", a, ka, b,
			 kb);
	md_free(ka);
	md_free(kb);
}

static void
assert_key(const char *in, const char *want)
{
	char *k = md_text_search_key(in);
	assert_non_null(k);
	assert_string_equal(k, want);
	md_free(k);
}

static void
kana_in_every_form_meets(void **state)
{
	(void)state;
	assert_same_key("たなか", "タナカ");
	assert_same_key("たなか", "ﾀﾅｶ");
	assert_same_key("がっこう", "ｶﾞｯｺｳ");
	assert_same_key("ヴぁ", "ゔァ");
	assert_same_key("やまだ はなこ", "ヤマダ　ハナコ");
	assert_key("ﾀﾅｶ ﾀﾛｳ", "たなかたろう");
}

static void
variant_kanji_meet_their_common_form__domain_names(void **state)
{
	(void)state;
	assert_same_key("高橋", "髙橋");
	assert_same_key("山崎", "山﨑");
	assert_same_key("渡辺", "渡邊");
	assert_same_key("渡辺", "渡邉");
	assert_same_key("斉藤", "齋藤");
	assert_same_key("斉藤", "齊藤");
	assert_same_key("浜田", "濱田");
	assert_same_key("吉田", "𠮷田");
}

static void
width_and_case_fold(void **state)
{
	(void)state;
	assert_key("ＡＢＣ１２３", "abc123");
	assert_key("Case-12", "case-12");
}

static void
invalid_utf8_has_no_key(void **state)
{
	(void)state;
	assert_null(md_text_search_key("\xff\xfe"));
	assert_null(md_text_search_key("\xe3\x81"));
}

static void
utf8_validity(void **state)
{
	(void)state;
	assert_true(md_utf8_valid("窓口", strlen("窓口")));
	assert_false(md_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	assert_false(md_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(md_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_int_equal(md_utf8_chars("窓口a"), 3);
}

static void
control_characters_are_refused_with_the_field_name(void **state)
{
	(void)state;
	struct md_err err;
	th_assert_ok(md_text_check("家賃が払えない", false, "内容", &err),
		     &err);
	th_assert_ok(md_text_check("一行目\n二行目\tタブ", true, "内容", &err),
		     &err);
	assert_int_equal(md_text_check("一行目\n二行目", false, "氏名", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "氏名: 改行は入力できません");
	assert_int_equal(md_text_check("a\x1b[2Jb", true, "内容", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "制御文字(U+001B)");
	assert_int_equal(md_text_check("ab\xff", true, "内容", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "3 バイト目");
}

static void
one_line_refuses_bidi_and_invisible_characters__issue13_7(void **state)
{
	(void)state;
	struct md_err err;
	const char *hidden[] = {"\xe2\x80\xae", "\xe2\x80\xad",
				"\xe2\x81\xa6", "\xe2\x80\x8f",
				"\xd8\x9c",     "\xe2\x80\x8b",
				"\xe2\x80\x8d", "\xe2\x81\xa0",
				"\xef\xbb\xbf", "\xc2\xad",
				"\xe3\x85\xa4", "\xf3\xa0\x80\x81"};
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
		char name[32];
		snprintf(name, sizeof name, "田中%s一郎", hidden[i]);
		assert_int_equal(md_text_check(name, false, "氏名", &err),
				 MD_ERR_INVALID);
		th_assert_contains(err.msg, "氏名: ");
		th_assert_contains(err.msg, "は入力できません");
		th_assert_ok(md_text_check(name, true, "内容", &err), &err);
	}
	assert_int_equal(md_text_check("abc\xe2\x80\xae"
				       "fdp.exe",
				       false, "氏名", &err),
			 MD_ERR_INVALID);
	assert_string_equal(err.msg,
			    "氏名: 文字の向きを変える制御文字(U+202E)は入力できません");
	assert_int_equal(md_text_check("田\xe2\x80\x8b中", false, "ふりがな",
				       &err),
			 MD_ERR_INVALID);
	assert_string_equal(err.msg,
			    "ふりがな: 目に見えない文字(U+200B)は入力できません");
	/* A kanji with its variation selector (IVS) is one name character. */
	th_assert_ok(md_text_check("葛\xf3\xa0\x84\x80城", false, "氏名", &err),
		     &err);
}

static void
trim_removes_ideographic_spaces(void **state)
{
	(void)state;
	char s[] = "\xe3\x80\x80 田中\xe3\x80\x80 ";
	assert_string_equal(md_text_trim(s), "田中");
	char *f = md_text_ascii_fold("０３－１２３４ー５６７８");
	assert_string_equal(f, "03-1234-5678");
	md_free(f);
}

/* Found by fuzz_search: "ｳ~ﾞ" folded to う and a lone ゛, which compose to ゔ
 * when folded again, so the index and the query disagreed. */
static void
fold_is_the_same_when_folded_again__fuzz_search(void **state)
{
	(void)state;
	const char *in[] = {"\xef\xbd\xb3~\xef\xbe\x9e", "ｳ ﾞ", "ｶ、ﾞ",
			    "家賃、3か月。"};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
		char *once = md_text_search_fold(in[i], strlen(in[i]));
		assert_non_null(once);
		char *twice = md_text_search_fold(once, strlen(once));
		assert_non_null(twice);
		if (strcmp(once, twice))
			fail_msg("「%s」→「%s」→「%s」", in[i], once, twice);
		md_free(once);
		md_free(twice);
	}
	char *k = md_text_search_key("ｳ ﾞ");
	assert_string_equal(k, "ゔ");
	md_free(k);
}

/* A label cut short by snprintf inside 相 keeps 窓 whole and drops the rest
 * (found by fuzz_forms: the cut label went into messages). */
static void
trim_partial_drops_only_an_incomplete_last_character(void **state)
{
	(void)state;
	char s[16];
	snprintf(s, sizeof s, "%s", "窓\xE7\x9B"); /* 窓 + 2 of 相's 3 bytes */
	md_utf8_trim_partial(s);
	assert_string_equal(s, "窓");
	snprintf(s, sizeof s, "%s", "窓口");
	md_utf8_trim_partial(s);
	assert_string_equal(s, "窓口");
	snprintf(s, sizeof s, "%s", "ab");
	md_utf8_trim_partial(s);
	assert_string_equal(s, "ab");
}

/* Formatting into a fixed buffer cuts at a character: each of the sizes
 * that end inside 相談 keeps the characters that fit whole. */
static void
format_cuts_at_a_character(void **state)
{
	(void)state;
	const char *want[] = {"",        "",         "",        "様",
			      "様",      "様",       "様式",    "様式 ",
			      "様式 ",   "様式 ",    "様式 相", "様式 相",
			      "様式 相", "様式 相談"};
	for (size_t size = 1; size <= 14; size++) {
		char s[16];
		memset(s, 'z', sizeof s);
		md_text_format(s, size, "%s %s", "様式", "相談");
		assert_true(md_utf8_valid(s, strlen(s)));
		if (strcmp(s, want[size - 1]))
			fail_msg("size %zu: 「%s」, not 「%s」", size, s,
				 want[size - 1]);
	}
	char s[32];
	md_text_format(s, sizeof s, "%s(%d)", "窓口", 3);
	assert_string_equal(s, "窓口(3)");
}

/* What a person types to pick from a list (outcomes, agencies): the whole
 * name, else the one item a name begins with, folded as searches fold;
 * several names of one item are one candidate. */
static void
one_matcher_for_outcomes_and_agencies__issue_14_7(void **state)
{
	(void)state;
	static const struct md_text_name names[] = {
		{"ハローワーク(公共職業安定所)", 0},
		{"公共職業安定所", 0},
		{"職安", 0},
		{"地域包括支援センター", 1},
		{"包括", 1},
		{"地域若者サポートステーション", 2},
		{"警察", 3},
		{"警察署の相談室", 4},
	};
	size_t n = sizeof names / sizeof names[0], item = 99;
	struct md_buf cands;
	md_buf_init(&cands);
	static const struct {
		const char *typed;
		enum md_text_match want;
		size_t item;
	} cases[] = {
		{"ハローワーク(公共職業安定所)", MD_MATCH_ONE, 0},
		{"公共職業安定所", MD_MATCH_ONE, 0}, /* an alias */
		{"ハローワーク", MD_MATCH_ONE, 0},   /* a start */
		{"ﾊﾛｰﾜｰｸ", MD_MATCH_ONE, 0},         /* half-width */
		{"はろーわーく", MD_MATCH_ONE, 0},   /* hiragana */
		{"ハローワーク(", MD_MATCH_ONE, 0},  /* full-width ( */
		{"公共", MD_MATCH_ONE, 0},           /* the start of an alias */
		{"包括", MD_MATCH_ONE, 1},
		{"警察", MD_MATCH_ONE, 3}, /* whole, though another begins so */
		{"警察署", MD_MATCH_ONE, 4},
		{"地域", MD_MATCH_MANY, 0},
		{"区役所", MD_MATCH_NONE, 0},
		{"安定所", MD_MATCH_NONE, 0}, /* a word inside is no start */
		{"", MD_MATCH_NONE, 0},
		{"　", MD_MATCH_NONE, 0},
		{"\xff", MD_MATCH_NONE, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		md_buf_reset(&cands);
		enum md_text_match m = md_text_match(cases[i].typed, names, n,
						     &item, &cands);
		if (m != cases[i].want)
			fail_msg("「%s」: %d, want %d", cases[i].typed, m,
				 cases[i].want);
		if (m == MD_MATCH_ONE && item != cases[i].item)
			fail_msg("「%s」: item %zu, want %zu", cases[i].typed,
				 item, cases[i].item);
	}
	md_buf_reset(&cands);
	assert_int_equal(md_text_match("地域", names, n, &item, &cands),
			 MD_MATCH_MANY);
	assert_string_equal(md_buf_str(&cands),
			    "地域包括支援センター、地域若者サポートステーション");
	/* An item met by its name and its alias is one candidate. */
	static const struct md_text_name two[] = {{"福祉事務所(生活保護)", 0},
						  {"福祉事務所の窓口", 0}};
	assert_int_equal(md_text_match("福祉", two, 2, &item, NULL),
			 MD_MATCH_ONE);
	assert_int_equal(item, 0);
	md_buf_fini(&cands);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kana_in_every_form_meets),
		cmocka_unit_test(
			variant_kanji_meet_their_common_form__domain_names),
		cmocka_unit_test(width_and_case_fold),
		cmocka_unit_test(invalid_utf8_has_no_key),
		cmocka_unit_test(utf8_validity),
		cmocka_unit_test(
			control_characters_are_refused_with_the_field_name),
		cmocka_unit_test(
			one_line_refuses_bidi_and_invisible_characters__issue13_7),
		cmocka_unit_test(trim_removes_ideographic_spaces),
		cmocka_unit_test(
			fold_is_the_same_when_folded_again__fuzz_search),
		cmocka_unit_test(
			trim_partial_drops_only_an_incomplete_last_character),
		cmocka_unit_test(format_cuts_at_a_character),
		cmocka_unit_test(
			one_matcher_for_outcomes_and_agencies__issue_14_7),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
