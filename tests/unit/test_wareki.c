/* 和暦: every typed form, era boundaries, date arithmetic, times of day. */
#include "helpers.h"

#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/wareki.h"

static struct md_date
date(int y, int m, int d)
{
	return (struct md_date){y, m, d};
}

static void
assert_date(struct md_date got, int y, int m, int d)
{
	if (got.year != y || got.month != m || got.day != d)
		fail_msg("%d-%d-%d が返りました(期待 %d-%d-%d)", got.year,
			 got.month, got.day, y, m, d);
}

/* text parses to the date iso ("2024-04-01"). */
static void
assert_parses(const char *text, const char *iso)
{
	struct md_err err;
	struct md_date d;
	md_err_clear(&err);
	enum md_status rc = md_date_parse(text, &d, &err);
	if (rc != MD_OK)
		fail_msg("「%s」が読めません: %s: %s", text, md_status_name(rc),
			 err.msg);
	char got[11];
	md_date_iso(d, got);
	if (strcmp(got, iso))
		fail_msg("「%s」→ %s(期待 %s)", text, got, iso);
}

/*
 * text is refused with MD_ERR_INVALID, a message containing each reason
 * (reason2 may be NULL), and a zero date; also with a NULL err.
 */
static void
assert_refused(const char *text, const char *reason, const char *reason2)
{
	struct md_err err;
	struct md_date d = {2024, 4, 1};
	md_err_clear(&err);
	enum md_status rc = md_date_parse(text, &d, &err);
	if (rc != MD_ERR_INVALID) {
		char iso[11];
		md_date_iso(d, iso);
		fail_msg("「%s」が拒まれません: %s → %s", text,
			 md_status_name(rc), iso);
	}
	assert_int_equal(err.status, MD_ERR_INVALID);
	th_assert_contains(err.msg, reason);
	if (reason2)
		th_assert_contains(err.msg, reason2);
	assert_date(d, 0, 0, 0);
	assert_int_equal(md_date_parse(text, &d, NULL), MD_ERR_INVALID);
}

static void
assert_long(struct md_date d, const char *want)
{
	char buf[64];
	int n = md_date_wareki(d, buf, sizeof buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void
assert_short(struct md_date d, const char *want)
{
	char buf[64];
	int n = md_date_wareki_short(d, buf, sizeof buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

/* ---- accepted forms ---------------------------------------------------- */

static const struct {
	const char *text, *iso;
} accepted[] = {
	/* kanji era, 元 for the first year */
	{"令和6年4月1日", "2024-04-01"},
	{"令和元年5月1日", "2019-05-01"},
	{"平成元年1月8日", "1989-01-08"},
	{"昭和64年1月7日", "1989-01-07"},
	{"明治45年7月29日", "1912-07-29"},
	{"大正元年7月30日", "1912-07-30"},
	{"令和06年04月01日", "2024-04-01"},
	{"令和6年4月1", "2024-04-01"},
	{"令和 6年 4月 1日", "2024-04-01"},
	{"令和6.4.1", "2024-04-01"},
	/* the squared era characters */
	{"㋿6年4月1日", "2024-04-01"},
	{"㍻31年4月30日", "2019-04-30"},
	{"㍼64年1月7日", "1989-01-07"},
	{"㍽15年12月24日", "1926-12-24"},
	{"㍾45年7月29日", "1912-07-29"},
	/* era letter, either case, . / - or 年月日 */
	{"R6.4.1", "2024-04-01"},
	{"R6/4/1", "2024-04-01"},
	{"r6-4-1", "2024-04-01"},
	{"H31.4.30", "2019-04-30"},
	{"S64.1.7", "1989-01-07"},
	{"T1.7.30", "1912-07-30"},
	{"M45.7.29", "1912-07-29"},
	{"h1.1.8", "1989-01-08"},
	{"R06.04.01", "2024-04-01"},
	{"R1.5.1", "2019-05-01"},
	{"R元.5.1", "2019-05-01"},
	{"R6年4月1日", "2024-04-01"},
	{"R元年5月1日", "2019-05-01"},
	/* 西暦 */
	{"2024-04-01", "2024-04-01"},
	{"2024/4/1", "2024-04-01"},
	{"2024.4.1", "2024-04-01"},
	{"20240401", "2024-04-01"},
	{"2024年4月1日", "2024-04-01"},
	{"西暦2024年4月1日", "2024-04-01"},
	{"1873-01-01", "1873-01-01"},
	{"9999-12-31", "9999-12-31"},
	/* full-width, and spaces of both widths around */
	{"Ｒ６．４．１", "2024-04-01"},
	{"ｒ６／４／１", "2024-04-01"},
	{"Ｈ３１－４－３０", "2019-04-30"},
	{"Ｒ６年４月１日", "2024-04-01"},
	{"令和６年４月１日", "2024-04-01"},
	{"２０２４－０４－０１", "2024-04-01"},
	{"２０２４／４／１", "2024-04-01"},
	{"２０２４０４０１", "2024-04-01"},
	{"２０２４年４月１日", "2024-04-01"},
	{"2024ー04ー01", "2024-04-01"}, /* 長音 typed for the hyphen */
	{"2024−04−01", "2024-04-01"},   /* U+2212 */
	{"　令和6年4月1日　", "2024-04-01"},
	{"  R6.4.1\t", "2024-04-01"},
	{"\xE3\x80\x80２０２４－０４－０１ ", "2024-04-01"},
};

static void
every_accepted_form_parses_to_its_date(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
		assert_parses(accepted[i].text, accepted[i].iso);
}

/* ---- era boundaries ---------------------------------------------------- */

static const struct {
	const char *iso, *wareki, *short_form;
	enum md_era era;
	int era_year;
} boundaries[] = {
	{"1873-01-01", "明治6年1月1日", "M6.1.1", MD_ERA_MEIJI, 6},
	{"1912-07-29", "明治45年7月29日", "M45.7.29", MD_ERA_MEIJI, 45},
	{"1912-07-30", "大正元年7月30日", "T1.7.30", MD_ERA_TAISHO, 1},
	{"1926-12-24", "大正15年12月24日", "T15.12.24", MD_ERA_TAISHO, 15},
	{"1926-12-25", "昭和元年12月25日", "S1.12.25", MD_ERA_SHOWA, 1},
	{"1989-01-07", "昭和64年1月7日", "S64.1.7", MD_ERA_SHOWA, 64},
	{"1989-01-08", "平成元年1月8日", "H1.1.8", MD_ERA_HEISEI, 1},
	{"2019-04-30", "平成31年4月30日", "H31.4.30", MD_ERA_HEISEI, 31},
	{"2019-05-01", "令和元年5月1日", "R1.5.1", MD_ERA_REIWA, 1},
	{"2024-04-01", "令和6年4月1日", "R6.4.1", MD_ERA_REIWA, 6},
};

static void
era_boundaries_read_and_write_as_their_era(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof boundaries / sizeof boundaries[0]; i++) {
		struct md_date d;
		struct md_err err;
		th_assert_ok(md_date_from_iso(boundaries[i].iso, &d, &err),
			     &err);
		assert_long(d, boundaries[i].wareki);
		assert_short(d, boundaries[i].short_form);
		assert_parses(boundaries[i].wareki, boundaries[i].iso);
		assert_parses(boundaries[i].short_form, boundaries[i].iso);
		assert_parses(boundaries[i].iso, boundaries[i].iso);

		enum md_era era = MD_ERA_COUNT;
		int year = 0;
		assert_true(md_date_era(d, &era, &year));
		assert_int_equal(era, boundaries[i].era);
		assert_int_equal(year, boundaries[i].era_year);
	}
}

/*
 * An edge of the calendar, both sides: the day before, the day and the day
 * after, under each era name, in kanji (元年 too), letters, squared and
 * full-width, and in ISO. iso is what typed reads as, NULL when it is
 * refused; says is then the 和暦 that date is written in (a day two eras
 * share: the newer), or the reason it is refused.
 */
struct edge {
	const char *typed, *iso, *says;
};

static void
assert_edges(const struct edge *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!e[i].iso) {
			assert_refused(e[i].typed, e[i].says, NULL);
			continue;
		}
		assert_parses(e[i].typed, e[i].iso);
		struct md_date d;
		th_assert_ok(md_date_from_iso(e[i].iso, &d, NULL), NULL);
		char buf[64];
		md_date_wareki(d, buf, sizeof buf);
		if (strcmp(buf, e[i].says))
			fail_msg("「%s」は「%s」と書かれます(期待 %s)",
				 e[i].typed, buf, e[i].says);
	}
}

#define EDGES(t) assert_edges(t, sizeof t / sizeof t[0])

/* Why every date before 明治6年1月1日 is refused. */
#define GREGORIAN                                                              \
	"明治6年1月1日(1873年1月1日)から入力できます。日本が太陽暦(グレゴリオ暦)を採用した日"
#define MEIJI5_DEC                                                             \
	"明治5年12月3日〜31日という日はありません(改暦で明治5年12月2日の翌日が明治6年1月1日になりました)"

/* 改暦ノ布告 (明治5年太政官布告第337号): the day after 明治5年12月2日 was
 * 明治6年1月1日, the first day counted in the Gregorian calendar. */
static void
dates_start_meiji6_01_01__kaireki_no_fukoku_meiji5_337(void **state)
{
	(void)state;
	static const struct edge edges[] = {
		{"明治5年12月2日", NULL, GREGORIAN},
		{"M5.12.2", NULL, GREGORIAN},
		{"明治5年12月3日", NULL, MEIJI5_DEC},
		{"M5.12.3", NULL, MEIJI5_DEC},
		{"明治５年１２月３１日", NULL, MEIJI5_DEC},
		{"明治6年1月1日", "1873-01-01", "明治6年1月1日"},
		{"M6.1.1", "1873-01-01", "明治6年1月1日"},
		{"㍾6年1月1日", "1873-01-01", "明治6年1月1日"},
		{"明治６年１月１日", "1873-01-01", "明治6年1月1日"},
		{"明治6年1月2日", "1873-01-02", "明治6年1月2日"},
		{"1872-12-31", NULL, GREGORIAN},
		{"18721231", NULL, GREGORIAN},
		{"1872年12月3日", NULL, GREGORIAN},
		{"1873-01-01", "1873-01-01", "明治6年1月1日"},
		{"１８７３／１／１", "1873-01-01", "明治6年1月1日"},
		{"1873-01-02", "1873-01-02", "明治6年1月2日"},
		/* the 旧暦 years, and the 西暦 before them */
		{"明治元年1月25日", NULL, GREGORIAN},
		{"明治元年1月24日", NULL, GREGORIAN},
		{"M1.1.1", NULL, GREGORIAN},
		{"明治5年2月30日", NULL, GREGORIAN},
		{"1872-02-30", NULL, GREGORIAN},
		{"1868-01-25", NULL, GREGORIAN},
		{"1850年1月1日", NULL, GREGORIAN},
		{"0001-01-01", NULL, GREGORIAN},
		{"0000-01-01", NULL, GREGORIAN},
	};
	EDGES(edges);
}

/* 大正改元の詔書「明治四十五年七月三十日以後ヲ改メテ大正元年ト為ス」: 明治 ended
 * the day 大正 began, and that day has both names. */
static void
taisho_began_the_day_meiji_ended__taisho_kaigen_shosho(void **state)
{
	(void)state;
	static const struct edge edges[] = {
		{"明治45年7月29日", "1912-07-29", "明治45年7月29日"},
		{"M45.7.29", "1912-07-29", "明治45年7月29日"},
		{"1912-07-29", "1912-07-29", "明治45年7月29日"},
		{"大正元年7月29日", NULL,
		 "大正は1912年7月30日からです。1912年7月29日は明治45年7月29日です"},
		{"T1.7.29", NULL, "大正は1912年7月30日からです"},
		{"T1.1.1", NULL, "1912年1月1日は明治45年1月1日です"},
		{"明治45年7月30日", "1912-07-30", "大正元年7月30日"},
		{"M45.7.30", "1912-07-30", "大正元年7月30日"},
		{"㍾45年7月30日", "1912-07-30", "大正元年7月30日"},
		{"明治４５年７月３０日", "1912-07-30", "大正元年7月30日"},
		{"大正元年7月30日", "1912-07-30", "大正元年7月30日"},
		{"大正1年7月30日", "1912-07-30", "大正元年7月30日"},
		{"T1.7.30", "1912-07-30", "大正元年7月30日"},
		{"T元.7.30", "1912-07-30", "大正元年7月30日"},
		{"Ｔ１．７．３０", "1912-07-30", "大正元年7月30日"},
		{"㍽元年7月30日", "1912-07-30", "大正元年7月30日"},
		{"1912-07-30", "1912-07-30", "大正元年7月30日"},
		{"明治45年7月31日", NULL,
		 "明治は1912年7月30日までです。1912年7月31日は大正元年7月31日です"},
		{"M45.7.31", NULL, "明治は1912年7月30日までです"},
		{"大正元年7月31日", "1912-07-31", "大正元年7月31日"},
		{"T1.7.31", "1912-07-31", "大正元年7月31日"},
		{"1912-07-31", "1912-07-31", "大正元年7月31日"},
	};
	EDGES(edges);
}

/* 昭和改元の詔書「大正十五年十二月二十五日以後ヲ改メテ昭和元年ト為ス」: 大正
 * ended the day 昭和 began, and that day has both names. */
static void
showa_began_the_day_taisho_ended__showa_kaigen_shosho(void **state)
{
	(void)state;
	static const struct edge edges[] = {
		{"大正15年12月24日", "1926-12-24", "大正15年12月24日"},
		{"T15.12.24", "1926-12-24", "大正15年12月24日"},
		{"1926-12-24", "1926-12-24", "大正15年12月24日"},
		{"昭和元年12月24日", NULL,
		 "昭和は1926年12月25日からです。1926年12月24日は大正15年12月24日です"},
		{"S1.12.24", NULL, "昭和は1926年12月25日からです"},
		{"大正15年12月25日", "1926-12-25", "昭和元年12月25日"},
		{"T15.12.25", "1926-12-25", "昭和元年12月25日"},
		{"大正１５年１２月２５日", "1926-12-25", "昭和元年12月25日"},
		{"昭和元年12月25日", "1926-12-25", "昭和元年12月25日"},
		{"S1.12.25", "1926-12-25", "昭和元年12月25日"},
		{"S元.12.25", "1926-12-25", "昭和元年12月25日"},
		{"㍼元年１２月２５日", "1926-12-25", "昭和元年12月25日"},
		{"1926-12-25", "1926-12-25", "昭和元年12月25日"},
		{"大正15年12月26日", NULL,
		 "大正は1926年12月25日までです。1926年12月26日は昭和元年12月26日です"},
		{"T15.12.26", NULL, "大正は1926年12月25日までです"},
		{"昭和元年12月26日", "1926-12-26", "昭和元年12月26日"},
		{"S1.12.26", "1926-12-26", "昭和元年12月26日"},
		{"1926-12-26", "1926-12-26", "昭和元年12月26日"},
	};
	EDGES(edges);
}

/* 元号を改める政令 (昭和64年政令第1号), in force the next day: 昭和 ended on
 * 1月7日, 平成 began on 1月8日; no day has both names. */
static void
heisei_began_the_day_after_showa_ended__seirei_showa64_1(void **state)
{
	(void)state;
	static const struct edge edges[] = {
		{"昭和64年1月6日", "1989-01-06", "昭和64年1月6日"},
		{"平成元年1月6日", NULL,
		 "平成は1989年1月8日からです。1989年1月6日は昭和64年1月6日です"},
		{"昭和64年1月7日", "1989-01-07", "昭和64年1月7日"},
		{"S64.1.7", "1989-01-07", "昭和64年1月7日"},
		{"㍼64年1月7日", "1989-01-07", "昭和64年1月7日"},
		{"昭和６４年１月７日", "1989-01-07", "昭和64年1月7日"},
		{"1989-01-07", "1989-01-07", "昭和64年1月7日"},
		{"平成元年1月7日", NULL,
		 "平成は1989年1月8日からです。1989年1月7日は昭和64年1月7日です"},
		{"H1.1.7", NULL, "平成は1989年1月8日からです"},
		{"H元.1.1", NULL, "1989年1月1日は昭和64年1月1日です"},
		{"昭和64年1月8日", NULL,
		 "昭和は1989年1月7日までです。1989年1月8日は平成元年1月8日です"},
		{"S64.1.8", NULL, "昭和は1989年1月7日までです"},
		{"平成元年1月8日", "1989-01-08", "平成元年1月8日"},
		{"H1.1.8", "1989-01-08", "平成元年1月8日"},
		{"H元.1.8", "1989-01-08", "平成元年1月8日"},
		{"Ｈ１．１．８", "1989-01-08", "平成元年1月8日"},
		{"1989-01-08", "1989-01-08", "平成元年1月8日"},
		{"昭和64年1月9日", NULL, "昭和は1989年1月7日までです"},
		{"平成元年1月9日", "1989-01-09", "平成元年1月9日"},
		{"1989-01-09", "1989-01-09", "平成元年1月9日"},
	};
	EDGES(edges);
}

/* 元号を改める政令 (平成31年政令第143号), in force on 5月1日: 平成 ended on
 * 4月30日, 令和 began on 5月1日; no day has both names. */
static void
reiwa_began_the_day_after_heisei_ended__seirei_heisei31_143(void **state)
{
	(void)state;
	static const struct edge edges[] = {
		{"平成31年4月29日", "2019-04-29", "平成31年4月29日"},
		{"令和元年4月29日", NULL,
		 "令和は2019年5月1日からです。2019年4月29日は平成31年4月29日です"},
		{"平成31年4月30日", "2019-04-30", "平成31年4月30日"},
		{"H31.4.30", "2019-04-30", "平成31年4月30日"},
		{"㍻31年4月30日", "2019-04-30", "平成31年4月30日"},
		{"平成３１年４月３０日", "2019-04-30", "平成31年4月30日"},
		{"2019-04-30", "2019-04-30", "平成31年4月30日"},
		{"令和元年4月30日", NULL,
		 "令和は2019年5月1日からです。2019年4月30日は平成31年4月30日です"},
		{"R1.4.30", NULL, "令和は2019年5月1日からです"},
		{"令和元年1月1日", NULL, "2019年1月1日は平成31年1月1日です"},
		{"平成31年5月1日", NULL,
		 "平成は2019年4月30日までです。2019年5月1日は令和元年5月1日です"},
		{"H31.5.1", NULL, "平成は2019年4月30日までです"},
		{"H31.12.31", NULL, "2019年12月31日は令和元年12月31日です"},
		{"令和元年5月1日", "2019-05-01", "令和元年5月1日"},
		{"令和1年5月1日", "2019-05-01", "令和元年5月1日"},
		{"令和１年５月１日", "2019-05-01", "令和元年5月1日"},
		{"R1.5.1", "2019-05-01", "令和元年5月1日"},
		{"R元.5.1", "2019-05-01", "令和元年5月1日"},
		{"Ｒ１．５．１", "2019-05-01", "令和元年5月1日"},
		{"㋿元年5月1日", "2019-05-01", "令和元年5月1日"},
		{"2019-05-01", "2019-05-01", "令和元年5月1日"},
		{"平成31年5月2日", NULL, "平成は2019年4月30日までです"},
		{"令和元年5月2日", "2019-05-02", "令和元年5月2日"},
		{"2019-05-02", "2019-05-02", "令和元年5月2日"},
	};
	EDGES(edges);
}

static void
era_year_zero_is_refused(void **state)
{
	(void)state;
	assert_refused("令和0年5月1日", "令和0年という年はありません",
		       "令和元年(2019年)");
	assert_refused("R0.5.1", "令和0年", "元年");
	assert_refused("平成00年1月8日", "平成0年", "平成元年(1989年)");
}

static void
era_years_past_the_era_point_to_the_next(void **state)
{
	(void)state;
	assert_refused("平成32年4月1日", "平成は2019年4月30日までです",
		       "2020年4月1日は令和2年4月1日です");
	assert_refused("H32.4.1", "平成は2019年4月30日までです", "令和2年");
	assert_refused("昭和100年1月1日", "昭和は1989年1月7日までです",
		       "令和7年1月1日");
	assert_refused("明治100年1月1日", "明治は1912年7月30日までです",
		       "昭和42年1月1日");
	assert_refused("大正20年1月1日", "大正は1926年12月25日までです",
		       "昭和6年1月1日");
}

/* ---- months and days --------------------------------------------------- */

static void
nonexistent_day_says_how_long_the_month_is(void **state)
{
	(void)state;
	assert_refused("2023-02-29", "2023年2月は28日までです", NULL);
	assert_refused("20230229", "2023年2月は28日までです", NULL);
	assert_refused("2024-04-31", "2024年4月は30日までです", NULL);
	assert_refused("2024-02-30", "2024年2月は29日までです", NULL);
	assert_refused("1900-02-29", "1900年2月は28日までです", NULL);
	assert_refused("令和5年2月29日", "令和5年(2023年)2月は28日までです",
		       NULL);
	assert_refused("H31.2.29", "平成31年(2019年)2月は28日までです", NULL);
	assert_refused("R1.6.31", "令和元年(2019年)6月は30日までです", NULL);
	/* a year the era never reached is named in 西暦 only */
	assert_refused("平成33年2月29日", "2021年2月は28日までです", NULL);
}

static void
month_must_be_1_to_12(void **state)
{
	(void)state;
	assert_refused("R6.13.1", "月は1〜12で入力してください", "13月");
	assert_refused("2024-00-10", "月は1〜12で入力してください", "0月");
	assert_refused("令和6年13月1日", "月は1〜12", NULL);
}

static void
day_must_be_1_to_31(void **state)
{
	(void)state;
	assert_refused("2024-01-00", "日は1〜31で入力してください", "0日");
	assert_refused("2024-01-32", "日は1〜31で入力してください", "32日");
	assert_refused("R6.4.0", "日は1〜31", NULL);
	assert_refused("令和6年1月32日", "日は1〜31", NULL);
}

static void
years_up_to_9999_only(void **state)
{
	(void)state;
	assert_refused("令和9999年1月1日", "西暦9999年12月31日まで", NULL);
	assert_parses("9999-12-31", "9999-12-31");
}

static void
western_year_needs_four_digits(void **state)
{
	(void)state;
	assert_refused("24-4-1", "西暦は4桁で", "R6.4.1");
	assert_refused("6.4.1", "西暦は4桁で", NULL);
	assert_refused("202年4月1日", "西暦は4桁で", NULL);
}

/* ---- unreadable text --------------------------------------------------- */

static const char *const unreadable[] = {
	"あした",
	"R6",
	"R6.4",
	"2024-04",
	"R6.4.1x",
	"2024-04-01 10:00",
	"R6.4/1",
	"2024/4-1",
	"2024-4-1-",
	"20240",
	"202404011",
	"2024-004-01",
	"2024-04-001",
	"12345-01-01",
	"令和",
	"令和年4月1日",
	"元年4月1日",
	"令和6年4月",
	"令和6年4日1月",
	"西暦R6.4.1",
	"R-6.4.1",
	"\xff\xfe",
	"2024-04-01\x1b[2J",
};

static void
unreadable_dates_name_the_accepted_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof unreadable / sizeof unreadable[0]; i++)
		assert_refused(unreadable[i], "日付として読めません",
			       "令和6年4月1日、R6.4.1、2024-04-01 のように入力してください");
}

static void
empty_text_says_nothing_was_typed(void **state)
{
	(void)state;
	assert_refused("", "日付が入力されていません", "R6.4.1");
	assert_refused("   ", "日付が入力されていません", NULL);
	assert_refused("　", "日付が入力されていません", NULL);
	assert_refused(NULL, "日付が入力されていません", NULL);
}

static void
unknown_era_letter_lists_the_letters(void **state)
{
	(void)state;
	assert_refused("X6.4.1", "元号の頭文字「X」はありません",
		       "M(明治)、T(大正)、S(昭和)、H(平成)、R(令和)");
	assert_refused("Ｋ６．４．１", "「K」", "R(令和)");
	assert_refused("a元年5月1日", "「a」", NULL);
}

/* ---- round trip -------------------------------------------------------- */

/* The era table as the header writes it, to name each day under each era. */
static const struct {
	const char *name;
	struct md_date first, last;
} era_rows[] = {
#define ERA_ROW(id, kanji, ch, y, m, d, ly, lm, ld)                            \
	{kanji, {y, m, d}, {ly, lm, ld}},
	MD_ERA_LIST(ERA_ROW)
#undef ERA_ROW
};

/* Every day from 明治6年1月1日 reads under every era whose first and last
 * days hold it, and under no other. */
static void
every_day_reads_under_each_era_that_holds_it(void **state)
{
	(void)state;
	long first = md_date_days(date(1873, 1, 1));
	long last = md_date_days(date(2030, 12, 31));
	for (long n = first; n <= last; n++) {
		struct md_date d = md_date_from_days(n), back;
		for (size_t e = 0; e < sizeof era_rows / sizeof era_rows[0];
		     e++) {
			bool holds = md_date_compare(d, era_rows[e].first) >=
					     0 &&
				     (era_rows[e].last.year == 0 ||
				      md_date_compare(d, era_rows[e].last) <=
					      0);
			char text[64];
			snprintf(text, sizeof text, "%s%d年%d月%d日",
				 era_rows[e].name,
				 d.year - era_rows[e].first.year + 1, d.month,
				 d.day);
			enum md_status rc = md_date_parse(text, &back, NULL);
			if (holds && (rc != MD_OK || md_date_compare(d, back)))
				fail_msg("「%s」が読めません", text);
			if (!holds && rc == MD_OK)
				fail_msg("「%s」が拒まれません", text);
		}
	}
}

static void
every_day_1873_to_2030_round_trips(void **state)
{
	(void)state;
	long first = md_date_days(date(1873, 1, 1));
	long last = md_date_days(date(2030, 12, 31));
	char buf[64];
	for (long n = first; n <= last; n++) {
		struct md_date d = md_date_from_days(n), back;
		struct md_err err;

		assert_true(md_date_era(d, NULL, NULL));
		md_date_wareki(d, buf, sizeof buf);
		if (md_date_parse(buf, &back, &err) != MD_OK)
			fail_msg("「%s」: %s", buf, err.msg);
		if (md_date_compare(d, back))
			fail_msg("「%s」が %d-%d-%d に戻りました", buf,
				 back.year, back.month, back.day);

		md_date_wareki_short(d, buf, sizeof buf);
		if (md_date_parse(buf, &back, &err) != MD_OK)
			fail_msg("「%s」: %s", buf, err.msg);
		if (md_date_compare(d, back))
			fail_msg("「%s」が %d-%d-%d に戻りました", buf,
				 back.year, back.month, back.day);

		char iso[11];
		md_date_iso(d, iso);
		th_assert_ok(md_date_from_iso(iso, &back, &err), &err);
		assert_int_equal(md_date_compare(d, back), 0);
	}
}

/* ---- calendar ---------------------------------------------------------- */

static void
leap_years_follow_the_gregorian_rule(void **state)
{
	(void)state;
	assert_true(md_date_valid(2000, 2, 29));  /* divisible by 400 */
	assert_false(md_date_valid(1900, 2, 29)); /* by 100, not by 400 */
	assert_true(md_date_valid(2024, 2, 29));  /* by 4 */
	assert_false(md_date_valid(2023, 2, 29));
	assert_false(md_date_valid(2100, 2, 29));
	assert_true(md_date_valid(1600, 2, 29));
	assert_true(md_date_valid(4, 2, 29));
}

static void
month_lengths(void **state)
{
	(void)state;
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};
	for (int m = 1; m <= 12; m++) {
		assert_true(md_date_valid(2023, m, days[m - 1]));
		assert_false(md_date_valid(2023, m, days[m - 1] + 1));
		assert_true(md_date_valid(2023, m, 1));
		assert_false(md_date_valid(2023, m, 0));
	}
}

static void
valid_dates_are_years_1_to_9999(void **state)
{
	(void)state;
	assert_true(md_date_valid(1, 1, 1));
	assert_true(md_date_valid(9999, 12, 31));
	assert_false(md_date_valid(0, 12, 31));
	assert_false(md_date_valid(10000, 1, 1));
	assert_false(md_date_valid(-1, 1, 1));
	assert_false(md_date_valid(2024, 0, 1));
	assert_false(md_date_valid(2024, 13, 1));
}

static void
database_dates_are_strict_iso(void **state)
{
	(void)state;
	struct md_date d;
	struct md_err err;
	th_assert_ok(md_date_from_iso("2024-04-01", &d, &err), &err);
	assert_date(d, 2024, 4, 1);
	th_assert_ok(md_date_from_iso("0001-01-01", &d, &err), &err);
	assert_date(d, 1, 1, 1);

	/* clang-format off */
	static const char *const bad[] = {
		"2024-4-1",   "2024/04/01",  "20240401",    "2024-04-01 ",
		" 2024-04-01", "R6.4.1",     "令和6年4月1日", "２０２４－０４－０１",
		"2024-04-0a", "+024-04-01",  "",            "2024-04-01T00",
	};
	/* clang-format on */
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = date(9, 9, 9);
		assert_int_equal(md_date_from_iso(bad[i], &d, &err),
				 MD_ERR_INVALID);
		th_assert_contains(err.msg, "YYYY-MM-DD");
		assert_date(d, 0, 0, 0);
	}
	assert_int_equal(md_date_from_iso("2023-02-29", &d, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "存在しない日付");
	assert_int_equal(md_date_from_iso("0000-01-01", &d, NULL),
			 MD_ERR_INVALID);
	assert_int_equal(md_date_from_iso(NULL, &d, NULL), MD_ERR_INVALID);
	assert_date(d, 0, 0, 0);
}

static void
iso_writes_the_database_form(void **state)
{
	(void)state;
	char out[11];
	md_date_iso(date(2024, 4, 1), out);
	assert_string_equal(out, "2024-04-01");
	md_date_iso(date(1, 1, 1), out);
	assert_string_equal(out, "0001-01-01");
	/* an invalid date never writes past the 11 bytes */
	md_date_iso(date(123456, -3, 100), out);
	assert_int_equal(strlen(out), 10);
}

/* A date stored before 1873 (by an older version) is shown as the 西暦 day
 * it is, never as a 明治 date of the 旧暦 it was not. */
static void
dates_before_meiji6_are_written_in_western(void **state)
{
	(void)state;
	assert_long(date(1850, 1, 1), "1850年1月1日");
	assert_short(date(1850, 1, 1), "1850.1.1");
	assert_long(date(1872, 12, 31), "1872年12月31日");
	assert_short(date(1872, 12, 31), "1872.12.31");
	assert_long(date(1, 1, 1), "1年1月1日");
	assert_false(md_date_era(date(1872, 12, 31), NULL, NULL));
	assert_false(md_date_era(date(1868, 1, 25), NULL, NULL));
	assert_true(md_date_era(date(1873, 1, 1), NULL, NULL));
	/* an invalid date is written as it is, never as an era */
	assert_long(date(0, 0, 0), "0年0月0日");
	assert_long(date(2024, 13, 1), "2024年13月1日");
}

static void
wareki_returns_the_full_length_like_snprintf(void **state)
{
	(void)state;
	char buf[8];
	int n = md_date_wareki(date(2024, 4, 1), buf, sizeof buf);
	assert_int_equal(n, (int)strlen("令和6年4月1日"));
	assert_string_equal(buf, "令和6");
	assert_int_equal(md_date_wareki(date(2024, 4, 1), NULL, 0), n);
	/* cut inside 和: the partial character is dropped */
	md_date_wareki(date(2024, 4, 1), buf, 6);
	assert_string_equal(buf, "令");
	md_date_wareki(date(2024, 4, 1), buf, 1);
	assert_string_equal(buf, "");
	assert_int_equal(md_date_wareki_short(date(2024, 4, 1), NULL, 0), 6);
	n = md_date_wareki_short(date(2024, 12, 31), buf, 4);
	assert_int_equal(n, 8);
	assert_string_equal(buf, "R6.");
}

static void
era_names_come_from_the_table(void **state)
{
	(void)state;
	assert_int_equal(MD_ERA_COUNT, 5);
	assert_string_equal(md_era_name(MD_ERA_MEIJI), "明治");
	assert_string_equal(md_era_name(MD_ERA_TAISHO), "大正");
	assert_string_equal(md_era_name(MD_ERA_SHOWA), "昭和");
	assert_string_equal(md_era_name(MD_ERA_HEISEI), "平成");
	assert_string_equal(md_era_name(MD_ERA_REIWA), "令和");
	assert_string_equal(md_era_name(MD_ERA_COUNT), "");
	assert_string_equal(md_era_name((enum md_era) - 1), "");

	enum md_era era;
	int year;
	assert_true(md_date_era(date(2026, 4, 1), &era, &year));
	assert_int_equal(era, MD_ERA_REIWA);
	assert_int_equal(year, 8);
	assert_false(md_date_era(date(2024, 2, 30), &era, &year));
}

/* ---- what staff read --------------------------------------------------- */

static const struct {
	const char *stored, *long_form, *short_form;
} shown[] = {
	{"2026-07-15", "令和8年7月15日", "R8.7.15"},
	{"2026-04-01 10:00:00", "令和8年4月1日 10:00:00", "R8.4.1 10:00:00"},
	{"2026-04-01 09:05", "令和8年4月1日 09:05", "R8.4.1 09:05"},
	{"2019-05-01", "令和元年5月1日", "R1.5.1"},
	{"1912-07-30", "大正元年7月30日",
	 "T1.7.30"}, /* a shared day: the newer */
	{"1926-12-25 00:00:00", "昭和元年12月25日 00:00:00",
	 "S1.12.25 00:00:00"},
	{"1989-01-07", "昭和64年1月7日", "S64.1.7"},
	{"1872-12-31", "1872年12月31日", "1872.12.31"}, /* stored before 1873 */
	/* what the program did not store as a date is shown as it is */
	{"", "", ""},
	{"2024-02-30", "2024-02-30", "2024-02-30"},
	{"2024-04-01T10:00:00", "2024-04-01T10:00:00", "2024-04-01T10:00:00"},
	{"2024-04-01 10:00:00 JST", "2024-04-01 10:00:00 JST",
	 "2024-04-01 10:00:00 JST"},
	{"2024-04-01 1000", "2024-04-01 1000", "2024-04-01 1000"},
	{"2024-4-1", "2024-4-1", "2024-4-1"},
	{"未定", "未定", "未定"},
};

/* Staff read 和暦 wherever they read a date (issue 14, finding 7): one
 * function writes every stored date and time for them. */
static void
stored_dates_and_times_read_in_wareki(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		char buf[MD_DISPLAY_WHEN_SIZE];
		assert_string_equal(md_display_when(shown[i].stored,
						    MD_DATE_LONG, buf),
				    shown[i].long_form);
		assert_string_equal(md_display_when(shown[i].stored,
						    MD_DATE_SHORT, buf),
				    shown[i].short_form);
		char *dup = md_display_date(shown[i].stored, MD_DATE_LONG);
		assert_non_null(dup);
		assert_string_equal(dup, shown[i].long_form);
		md_free(dup);
	}
	char buf[MD_DISPLAY_WHEN_SIZE];
	const char *odd = "未定";
	assert_ptr_equal(md_display_when(odd, MD_DATE_LONG, buf), odd);
	assert_string_equal(md_display_when(NULL, MD_DATE_LONG, buf), "");
	/* the longest there is fits */
	assert_string_equal(md_display_when("9999-12-31 23:59:59", MD_DATE_LONG,
					    buf),
			    "令和7981年12月31日 23:59:59");
}

/* ---- ages -------------------------------------------------------------- */

static const struct {
	struct md_date birth, on;
	int age;
} ages[] = {
	{{1980, 4, 1}, {2024, 4, 1}, 44},  /* the birthday itself */
	{{1980, 4, 1}, {2024, 3, 31}, 43}, /* the day before */
	{{1980, 4, 1}, {2024, 4, 2}, 44},
	{{1980, 12, 31}, {2024, 1, 1}, 43},
	{{2024, 4, 1}, {2024, 4, 1}, 0}, /* born today */
	{{2024, 4, 1}, {2025, 3, 31}, 0},
	{{2024, 4, 1}, {2024, 3, 31}, -1},  /* not yet born */
	{{2000, 2, 29}, {2023, 2, 28}, 22}, /* 2月29日, common year */
	{{2000, 2, 29}, {2023, 3, 1}, 23},
	{{2000, 2, 29}, {2024, 2, 28}, 23}, /* leap year */
	{{2000, 2, 29}, {2024, 2, 29}, 24},
	{{2000, 2, 29}, {2100, 2, 28}, 99}, /* 2100 is common */
	{{2000, 2, 29}, {2100, 3, 1}, 100},
	{{1920, 1, 1}, {2026, 4, 1}, 106},
};

static void
age_goes_up_on_the_birthday(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
		int got = md_date_age(ages[i].birth, ages[i].on);
		if (got != ages[i].age)
			fail_msg("%d-%d-%d 生まれ、%d-%d-%d に %d 歳(期待 %d)",
				 ages[i].birth.year, ages[i].birth.month,
				 ages[i].birth.day, ages[i].on.year,
				 ages[i].on.month, ages[i].on.day, got,
				 ages[i].age);
	}
}

/* ---- arithmetic -------------------------------------------------------- */

static const struct {
	struct md_date from;
	int months;
	struct md_date to;
} month_steps[] = {
	{{2024, 1, 31}, 1, {2024, 2, 29}},   {{2023, 1, 31}, 1, {2023, 2, 28}},
	{{2024, 3, 31}, -1, {2024, 2, 29}},  {{2024, 3, 31}, 1, {2024, 4, 30}},
	{{2024, 5, 31}, -1, {2024, 4, 30}},  {{2024, 12, 15}, 1, {2025, 1, 15}},
	{{2024, 1, 15}, -1, {2023, 12, 15}}, {{2024, 2, 29}, 12, {2025, 2, 28}},
	{{2024, 2, 29}, 48, {2028, 2, 29}},  {{2024, 8, 31}, 6, {2025, 2, 28}},
	{{2024, 4, 1}, -24, {2022, 4, 1}},   {{2024, 4, 1}, -28, {2021, 12, 1}},
	{{2024, 4, 1}, 0, {2024, 4, 1}},     {{1, 1, 31}, 1, {1, 2, 28}},
};

static void
adding_months_clamps_to_the_month_end(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof month_steps / sizeof month_steps[0];
	     i++) {
		struct md_date got = md_date_add_months(month_steps[i].from,
							month_steps[i].months);
		assert_int_equal(md_date_compare(got, month_steps[i].to), 0);
	}
}

static void
day_numbers_count_from_1970(void **state)
{
	(void)state;
	assert_int_equal(md_date_days(date(1970, 1, 1)), 0);
	assert_int_equal(md_date_days(date(1970, 1, 2)), 1);
	assert_int_equal(md_date_days(date(1969, 12, 31)), -1);
	assert_int_equal(md_date_days(date(2000, 3, 1)), 11017);
	assert_int_equal(md_date_days(date(1868, 1, 25)), -37231);
	assert_int_equal(md_date_days(date(2024, 3, 1)) -
				 md_date_days(date(2024, 2, 28)),
			 2);
	assert_int_equal(md_date_days(date(2023, 3, 1)) -
				 md_date_days(date(2023, 2, 28)),
			 1);
	assert_date(md_date_from_days(-1), 1969, 12, 31);
	assert_date(md_date_from_days(0), 1970, 1, 1);
}

static void
day_numbers_round_trip_over_years_1_to_9999(void **state)
{
	(void)state;
	long first = md_date_days(date(1, 1, 1));
	long last = md_date_days(date(9999, 12, 31));
	struct md_date prev = md_date_from_days(first);
	assert_date(prev, 1, 1, 1);
	for (long n = first + 1; n <= last; n++) {
		struct md_date d = md_date_from_days(n);
		if (!md_date_valid(d.year, d.month, d.day) ||
		    md_date_compare(prev, d) >= 0 || md_date_days(d) != n)
			fail_msg("%ld → %d-%d-%d", n, d.year, d.month, d.day);
		prev = d;
	}
	assert_date(prev, 9999, 12, 31);
}

/* The C library's own calendar agrees from 1900 to 2100. */
static void
day_numbers_agree_with_timegm(void **state)
{
	(void)state;
	long first = md_date_days(date(1900, 1, 1));
	long last = md_date_days(date(2100, 12, 31));
	for (long n = first; n <= last; n++) {
		time_t t = (time_t)n * 86400;
		struct tm tm;
		assert_non_null(gmtime_r(&t, &tm));
		struct md_date d = md_date_from_days(n);
		assert_date(d, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		assert_true(timegm(&tm) == t);
	}
}

static void
compare_orders_dates(void **state)
{
	(void)state;
	assert_true(md_date_compare(date(2024, 4, 1), date(2024, 4, 2)) < 0);
	assert_true(md_date_compare(date(2024, 4, 2), date(2024, 4, 1)) > 0);
	assert_true(md_date_compare(date(2024, 3, 31), date(2024, 4, 1)) < 0);
	assert_true(md_date_compare(date(2023, 12, 31), date(2024, 1, 1)) < 0);
	assert_int_equal(md_date_compare(date(2024, 4, 1), date(2024, 4, 1)),
			 0);
}

/* ---- times of day ------------------------------------------------------ */

static const struct {
	const char *text, *hhmm;
} times[] = {
	{"14:30", "14:30"},    {"9:05", "09:05"},
	{"09:05", "09:05"},    {"0:00", "00:00"},
	{"23:59", "23:59"},    {"１４：３０", "14:30"},
	{"14時30分", "14:30"}, {"１４時３０分", "14:30"},
	{"14時30", "14:30"},   {"9時5分", "09:05"},
	{"14時", "14:00"},     {"9時半", "09:30"},
	{"1430", "14:30"},     {"0905", "09:05"},
	{"930", "09:30"},      {"１４３０", "14:30"},
	{"　14:30 ", "14:30"},
};

static void
times_of_day_in_every_form(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		int minutes;
		struct md_err err;
		if (md_time_parse(times[i].text, &minutes, &err) != MD_OK)
			fail_msg("「%s」: %s", times[i].text, err.msg);
		char out[6];
		md_time_format(minutes, out);
		if (strcmp(out, times[i].hhmm))
			fail_msg("「%s」→ %s(期待 %s)", times[i].text, out,
				 times[i].hhmm);
	}
}

static const struct {
	const char *text, *reason;
} bad_times[] = {
	{"24:00", "24時は翌日の0時です"},
	{"24時", "24時は翌日の0時です"},
	{"2400", "24時は翌日の0時です"},
	{"24:30", "時は0〜23で入力してください(24時とあります)"},
	{"25:00", "時は0〜23で入力してください"},
	{"99時", "時は0〜23"},
	{"14:60", "分は0〜59で入力してください(60分とあります)"},
	{"14時75分", "分は0〜59"},
	{"1460", "分は0〜59"},
	{"", "時刻が入力されていません"},
	{"  ", "時刻が入力されていません"},
	{"あさ", "時刻として読めません"},
	{"14", "時刻として読めません"},
	{"14:3", "時刻として読めません"},
	{"14:300", "時刻として読めません"},
	{"14:30:00", "時刻として読めません"},
	{"14時30分x", "時刻として読めません"},
	{"143000", "時刻として読めません"},
	{"午後2時", "14:30、14時30分、1430 のように入力してください"},
	{":30", "時刻として読めません"},
};

static void
bad_times_are_refused_with_why(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++) {
		int minutes = 0;
		struct md_err err;
		md_err_clear(&err);
		enum md_status rc = md_time_parse(bad_times[i].text, &minutes,
						  &err);
		if (rc != MD_ERR_INVALID)
			fail_msg("「%s」が拒まれません(%d 分)",
				 bad_times[i].text, minutes);
		th_assert_contains(err.msg, bad_times[i].reason);
		assert_int_equal(minutes, -1);
		assert_int_equal(md_time_parse(bad_times[i].text, &minutes,
					       NULL),
				 MD_ERR_INVALID);
	}
	int minutes;
	assert_int_equal(md_time_parse(NULL, &minutes, NULL), MD_ERR_INVALID);
}

static void
time_format_is_hh_mm(void **state)
{
	(void)state;
	char out[6];
	md_time_format(0, out);
	assert_string_equal(out, "00:00");
	md_time_format(545, out);
	assert_string_equal(out, "09:05");
	md_time_format(1439, out);
	assert_string_equal(out, "23:59");
	md_time_format(1440, out);
	assert_string_equal(out, "--:--");
	md_time_format(-1, out);
	assert_string_equal(out, "--:--");
}

/* ---- out of memory ----------------------------------------------------- */

/* An allocator that has nothing to give (mem.h: md_malloc goes through it). */
static void *
oom_malloc(int n)
{
	(void)n;
	return NULL;
}

static void
oom_free(void *p)
{
	(void)p;
}

static void *
oom_realloc(void *p, int n)
{
	(void)p;
	(void)n;
	return NULL;
}

static int
oom_size(void *p)
{
	(void)p;
	return 0;
}

static int
oom_roundup(int n)
{
	return n;
}

static int
oom_init(void *arg)
{
	(void)arg;
	return SQLITE_OK;
}

static void
oom_shutdown(void *arg)
{
	(void)arg;
}

static void
out_of_memory_is_reported_not_crashed(void **state)
{
	(void)state;
	sqlite3_mem_methods orig,
		oom = {
			oom_malloc,  oom_free, oom_realloc,  oom_size,
			oom_roundup, oom_init, oom_shutdown, NULL,
		};
	assert_int_equal(sqlite3_shutdown(), SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &orig),
			 SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &oom), SQLITE_OK);

	struct md_err err;
	struct md_date d = {2024, 4, 1};
	int minutes = 0;
	enum md_status date_rc = md_date_parse("R6.4.1", &d, &err);
	enum md_status date_status = err.status;
	enum md_status time_rc = md_time_parse("14:30", &minutes, &err);
	enum md_status null_rc = md_date_parse("R6.4.1", &d, NULL);

	sqlite3_shutdown();
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &orig),
			 SQLITE_OK);

	assert_int_equal(date_rc, MD_ERR_NOMEM);
	assert_int_equal(date_status, MD_ERR_NOMEM);
	assert_int_equal(time_rc, MD_ERR_NOMEM);
	assert_int_equal(null_rc, MD_ERR_NOMEM);
	assert_date(d, 0, 0, 0);
	assert_int_equal(minutes, -1);
	assert_parses("R6.4.1", "2024-04-01");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_accepted_form_parses_to_its_date),
		cmocka_unit_test(era_boundaries_read_and_write_as_their_era),
		cmocka_unit_test(
			dates_start_meiji6_01_01__kaireki_no_fukoku_meiji5_337),
		cmocka_unit_test(
			taisho_began_the_day_meiji_ended__taisho_kaigen_shosho),
		cmocka_unit_test(
			showa_began_the_day_taisho_ended__showa_kaigen_shosho),
		cmocka_unit_test(
			heisei_began_the_day_after_showa_ended__seirei_showa64_1),
		cmocka_unit_test(
			reiwa_began_the_day_after_heisei_ended__seirei_heisei31_143),
		cmocka_unit_test(era_year_zero_is_refused),
		cmocka_unit_test(era_years_past_the_era_point_to_the_next),
		cmocka_unit_test(nonexistent_day_says_how_long_the_month_is),
		cmocka_unit_test(month_must_be_1_to_12),
		cmocka_unit_test(day_must_be_1_to_31),
		cmocka_unit_test(years_up_to_9999_only),
		cmocka_unit_test(western_year_needs_four_digits),
		cmocka_unit_test(unreadable_dates_name_the_accepted_forms),
		cmocka_unit_test(empty_text_says_nothing_was_typed),
		cmocka_unit_test(unknown_era_letter_lists_the_letters),
		cmocka_unit_test(every_day_reads_under_each_era_that_holds_it),
		cmocka_unit_test(every_day_1873_to_2030_round_trips),
		cmocka_unit_test(leap_years_follow_the_gregorian_rule),
		cmocka_unit_test(month_lengths),
		cmocka_unit_test(valid_dates_are_years_1_to_9999),
		cmocka_unit_test(database_dates_are_strict_iso),
		cmocka_unit_test(iso_writes_the_database_form),
		cmocka_unit_test(dates_before_meiji6_are_written_in_western),
		cmocka_unit_test(wareki_returns_the_full_length_like_snprintf),
		cmocka_unit_test(era_names_come_from_the_table),
		cmocka_unit_test(stored_dates_and_times_read_in_wareki),
		cmocka_unit_test(age_goes_up_on_the_birthday),
		cmocka_unit_test(adding_months_clamps_to_the_month_end),
		cmocka_unit_test(day_numbers_count_from_1970),
		cmocka_unit_test(day_numbers_round_trip_over_years_1_to_9999),
		cmocka_unit_test(day_numbers_agree_with_timegm),
		cmocka_unit_test(compare_orders_dates),
		cmocka_unit_test(times_of_day_in_every_form),
		cmocka_unit_test(bad_times_are_refused_with_why),
		cmocka_unit_test(time_format_is_hh_mm),
		cmocka_unit_test(out_of_memory_is_reported_not_crashed),
	};
	return cmocka_run_group_tests_name("wareki", tests, NULL, NULL);
}
