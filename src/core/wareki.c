/* 和暦 and 西暦: the era table; dates and times read, written, counted. */
#include "madoguchi/wareki.h"

#include <stdio.h>
#include <string.h>

#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/* What every unreadable date is answered with. */
#define DATE_FORMS "令和6年4月1日、R6.4.1、2024-04-01 のように入力してください"
#define TIME_FORMS "14:30、14時30分、1430 のように入力してください"
/* What every date before MD_DATE_FIRST is answered with. */
#define GREGORIAN_FROM                                                         \
	"日付は明治6年1月1日(1873年1月1日)から入力できます。日本が太陽暦(グレゴリオ暦)を採用した日で、それより前は旧暦の日付です"

static const struct era {
	const char *name;
	char letter;
	struct md_date first, last; /* last {0, 0, 0}: the present era */
} eras[] = {
#define MD_ERA_ROW(id, kanji, ch, y, m, d, ly, lm, ld)                         \
	{kanji, ch, {y, m, d}, {ly, lm, ld}},
	MD_ERA_LIST(MD_ERA_ROW)
#undef MD_ERA_ROW
};

/*
 * Other ways the eras are typed: the one-character squared forms (㍻ …)
 * that Japanese input methods offer. NFKC would fold them, but the ASCII fold
 * used here does not.
 */
static const struct {
	const char *text;
	enum md_era era;
} era_aliases[] = {
	{"\xE3\x8D\xBE", MD_ERA_MEIJI},  /* ㍾ U+337E */
	{"\xE3\x8D\xBD", MD_ERA_TAISHO}, /* ㍽ U+337D */
	{"\xE3\x8D\xBC", MD_ERA_SHOWA},  /* ㍼ U+337C */
	{"\xE3\x8D\xBB", MD_ERA_HEISEI}, /* ㍻ U+337B */
	{"\xE3\x8B\xBF", MD_ERA_REIWA},  /* ㋿ U+32FF */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool
leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days in a month (1..12) of a year; 0 for a month outside 1..12. */
static int
month_days(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && leap_year(year))
		return 29;
	return days[month - 1];
}

bool
md_date_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 &&
	       day >= 1 && day <= month_days(year, month);
}

int
md_date_compare(struct md_date a, struct md_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/*
 * Days from civil and back, counting in 400-year cycles from 0000-03-01 so
 * that the leap day ends each counted year (H. Hinnant, "chrono-compatible
 * low-level date algorithms").
 */
long
md_date_days(struct md_date d)
{
	long y = (long)d.year - (d.month <= 2);
	long cycle = (y >= 0 ? y : y - 399) / 400;
	long yoc = y - cycle * 400;                       /* 0..399 */
	long mp = ((long)d.month + 9) % 12;               /* March is 0 */
	long doy = (153 * mp + 2) / 5 + d.day - 1;        /* 0..365 */
	long doc = yoc * 365 + yoc / 4 - yoc / 100 + doy; /* 0..146096 */
	return cycle * 146097 + doc - 719468;
}

struct md_date
md_date_from_days(long days)
{
	long z = days + 719468;
	long cycle = (z >= 0 ? z : z - 146096) / 146097;
	long doc = z - cycle * 146097;
	long yoc = (doc - doc / 1460 + doc / 36524 - doc / 146096) / 365;
	long doy = doc - (365 * yoc + yoc / 4 - yoc / 100);
	long mp = (5 * doy + 2) / 153;
	long day = doy - (153 * mp + 2) / 5 + 1;
	long month = mp < 10 ? mp + 3 : mp - 9;
	long year = yoc + cycle * 400 + (month <= 2);
	return (struct md_date){(int)year, (int)month, (int)day};
}

struct md_date
md_date_add_months(struct md_date d, int months)
{
	long total = (long)d.year * 12 + (d.month - 1) + months;
	long year = total >= 0 ? total / 12 : -((-total + 11) / 12);
	int month = (int)(total - year * 12) + 1;
	int last = month_days((int)year, month);
	return (struct md_date){(int)year, month, d.day < last ? d.day : last};
}

int
md_date_age(struct md_date birth, struct md_date on)
{
	if (md_date_compare(on, birth) < 0)
		return -1;
	int age = on.year - birth.year;
	if (on.month < birth.month ||
	    (on.month == birth.month && on.day < birth.day))
		age--;
	return age;
}

const char *
md_era_name(enum md_era era)
{
	if ((unsigned)era >= MD_ERA_COUNT)
		return "";
	return eras[era].name;
}

/* Newest first, so that a day two eras share is written in the newer. */
bool
md_date_era(struct md_date d, enum md_era *era, int *era_year)
{
	if (!md_date_valid(d.year, d.month, d.day) ||
	    md_date_compare(d, MD_DATE_FIRST) < 0)
		return false;
	for (size_t i = MD_ERA_COUNT; i-- > 0;) {
		if (md_date_compare(d, eras[i].first) >= 0) {
			if (era)
				*era = (enum md_era)i;
			if (era_year)
				*era_year = d.year - eras[i].first.year + 1;
			return true;
		}
	}
	return false;
}

/* The last day of an era; false for the present one, which has none yet. */
static bool
era_last_day(enum md_era era, struct md_date *last)
{
	if (eras[era].last.year == 0)
		return false;
	*last = eras[era].last;
	return true;
}

/*
 * After snprintf wrote n of a text into size bytes: when it was cut inside a
 * UTF-8 sequence, drop the partial character so the text stays readable.
 */
static int
cut_whole(char *out, size_t size, int n)
{
	if (n < 0 || size == 0 || (size_t)n < size)
		return n;
	size_t len = size - 1, i = len;
	while (i > 0 && ((unsigned char)out[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0) {
		unsigned char lead = (unsigned char)out[i - 1];
		size_t need = lead >= 0xF0   ? 4
			      : lead >= 0xE0 ? 3
			      : lead >= 0xC0 ? 2
					     : 1;
		if (len - (i - 1) < need)
			out[i - 1] = '\0';
	}
	return n;
}

int
md_date_wareki(struct md_date d, char *out, size_t size)
{
	enum md_era era;
	int y, n;
	if (!md_date_era(d, &era, &y))
		n = snprintf(out, size, "%d年%d月%d日", d.year, d.month, d.day);
	else if (y == 1)
		n = snprintf(out, size, "%s元年%d月%d日", eras[era].name,
			     d.month, d.day);
	else
		n = snprintf(out, size, "%s%d年%d月%d日", eras[era].name, y,
			     d.month, d.day);
	return cut_whole(out, size, n);
}

int
md_date_wareki_short(struct md_date d, char *out, size_t size)
{
	enum md_era era;
	int y;
	if (!md_date_era(d, &era, &y))
		return snprintf(out, size, "%d.%d.%d", d.year, d.month, d.day);
	return snprintf(out, size, "%c%d.%d.%d", eras[era].letter, y, d.month,
			d.day);
}

/* "2019年4月30日", the 西暦 a message explains an era with. */
static void
western(struct md_date d, char *out, size_t size)
{
	snprintf(out, size, "%d年%d月%d日", d.year, d.month, d.day);
}

/* v as n decimal digits at p, zero-padded; v is clamped to 0..10^n - 1. */
static void
put_digits(char *p, int v, int n)
{
	int max = 1;
	for (int i = 0; i < n; i++)
		max *= 10;
	if (v < 0)
		v = 0;
	if (v >= max)
		v = max - 1;
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
md_date_iso(struct md_date d, char out[11])
{
	put_digits(out, d.year, 4);
	out[4] = '-';
	put_digits(out + 5, d.month, 2);
	out[7] = '-';
	put_digits(out + 8, d.day, 2);
	out[10] = '\0';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Exactly n ASCII digits at s, as a number. */
static bool
fixed_digits(const char *s, int n, int *val)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*val = v;
	return true;
}

enum md_status
md_date_from_iso(const char *iso, struct md_date *out, struct md_err *err)
{
	int y, m, d;
	*out = (struct md_date){0, 0, 0};
	if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-' ||
	    !fixed_digits(iso, 4, &y) || !fixed_digits(iso + 5, 2, &m) ||
	    !fixed_digits(iso + 8, 2, &d))
		return md_err_set(err, MD_ERR_INVALID,
				  "日付が YYYY-MM-DD の形で記録されていません");
	if (!md_date_valid(y, m, d))
		return md_err_set(err, MD_ERR_INVALID,
				  "記録されている日付 %s は存在しない日付です",
				  iso);
	*out = (struct md_date){y, m, d};
	return MD_OK;
}

/* If s starts with lit, step over it. */
static bool
skip(const char **s, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*s, lit, n))
		return false;
	*s += n;
	return true;
}

static void
skip_spaces(const char **s)
{
	while (**s == ' ' || **s == '\t')
		(*s)++;
}

/*
 * Read a run of ASCII digits; returns how many there were (0 when none) and
 * their value in *val, which stops growing after nine digits so that it
 * cannot overflow (callers refuse such runs by their length).
 */
static int
read_digits(const char **s, int *val)
{
	int n = 0, v = 0;
	while (is_digit(**s)) {
		if (n < 9)
			v = v * 10 + (**s - '0');
		n++;
		(*s)++;
	}
	*val = v;
	return n;
}

static char
ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static bool
ascii_letter(char c)
{
	c = ascii_upper(c);
	return c >= 'A' && c <= 'Z';
}

/* An era at the start of s, in kanji, squared or as a letter; -1 if none. */
static int
read_era(const char **s)
{
	for (size_t i = 0; i < MD_ERA_COUNT; i++)
		if (skip(s, eras[i].name))
			return (int)i;
	for (size_t i = 0; i < COUNT(era_aliases); i++)
		if (skip(s, era_aliases[i].text))
			return (int)era_aliases[i].era;
	for (size_t i = 0; i < MD_ERA_COUNT; i++) {
		if (ascii_upper(**s) == eras[i].letter) {
			(*s)++;
			return (int)i;
		}
	}
	return -1;
}

/* "M(明治)、T(大正)、…" from the era table. */
static void
era_letters(char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < MD_ERA_COUNT && len < size; i++) {
		int n = snprintf(out + len, size - len, "%s%c(%s)",
				 i ? "、" : "", eras[i].letter, eras[i].name);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

/* How a year is named in a message: "令和5年(2023年)" or "2023年". */
static void
year_label(int era, int era_year, int year, char *out, size_t size)
{
	struct md_date last;
	bool within = era >= 0 && era_year >= 1 &&
		      (!era_last_day((enum md_era)era, &last) ||
		       year <= last.year);
	if (!within)
		snprintf(out, size, "%d年", year);
	else if (era_year == 1)
		snprintf(out, size, "%s元年(%d年)", eras[era].name, year);
	else
		snprintf(out, size, "%s%d年(%d年)", eras[era].name, era_year,
			 year);
}

/* The fields of a date as typed, before they are checked. */
struct typed_date {
	int era; /* -1 for 西暦 */
	int year, year_digits;
	int month, day;
};

static enum md_status
unreadable(struct md_err *err)
{
	return md_err_set(err, MD_ERR_INVALID,
			  "日付として読めません。" DATE_FORMS);
}

/* Split folded, trimmed text into era, year, month and day. */
static enum md_status
scan_date(const char *s, struct typed_date *t, struct md_err *err)
{
	if (!*s)
		return md_err_set(err, MD_ERR_INVALID,
				  "日付が入力されていません。" DATE_FORMS);
	t->era = read_era(&s);
	if (t->era < 0 && ascii_letter(*s) &&
	    (is_digit(s[1]) || !strncmp(s + 1, "元", strlen("元")))) {
		char letters[256];
		era_letters(letters, sizeof letters);
		return md_err_set(err, MD_ERR_INVALID,
				  "元号の頭文字「%c」はありません。%s のいずれかを使ってください",
				  *s, letters);
	}
	if (t->era < 0)
		skip(&s, "西暦");
	skip_spaces(&s);

	if (t->era >= 0 && skip(&s, "元")) {
		t->year = 1;
		t->year_digits = 1;
	} else {
		t->year_digits = read_digits(&s, &t->year);
	}
	if (t->year_digits == 0)
		return unreadable(err);
	if (t->era < 0 && t->year_digits == 8 && !*s) {
		/* 20240401 */
		t->day = t->year % 100;
		t->month = t->year / 100 % 100;
		t->year /= 10000;
		t->year_digits = 4;
		return MD_OK;
	}
	if (t->year_digits > 4)
		return unreadable(err);

	bool kanji = false;
	char sep = 0;
	skip_spaces(&s);
	if (skip(&s, "年"))
		kanji = true;
	else if (*s == '.' || *s == '/' || *s == '-')
		sep = *s++;
	else
		return unreadable(err);
	skip_spaces(&s);

	int n = read_digits(&s, &t->month);
	if (n == 0 || n > 2)
		return unreadable(err);
	skip_spaces(&s);
	if (kanji ? !skip(&s, "月") : *s++ != sep)
		return unreadable(err);
	skip_spaces(&s);

	n = read_digits(&s, &t->day);
	if (n == 0 || n > 2)
		return unreadable(err);
	skip_spaces(&s);
	if (kanji)
		skip(&s, "日");
	if (*s)
		return unreadable(err);
	return MD_OK;
}

/* Check the typed fields and turn them into a date. */
static enum md_status
check_date(const struct typed_date *t, struct md_date *out, struct md_err *err)
{
	if (t->era < 0 && t->year_digits != 4)
		return md_err_set(err, MD_ERR_INVALID,
				  "西暦は4桁で、和暦は元号をつけて入力してください(例: 2024-04-01、R6.4.1)");
	if (t->month < 1 || t->month > 12)
		return md_err_set(err, MD_ERR_INVALID,
				  "月は1〜12で入力してください(%d月とあります)",
				  t->month);
	if (t->day < 1 || t->day > 31)
		return md_err_set(err, MD_ERR_INVALID,
				  "日は1〜31で入力してください(%d日とあります)",
				  t->day);

	int year = t->year;
	if (t->era >= 0) {
		const struct era *e = &eras[t->era];
		if (t->year == 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "%s0年という年はありません。%sの最初の年は%s元年(%d年)です",
					  e->name, e->name, e->name,
					  e->first.year);
		year = e->first.year + t->year - 1;
	}
	if (year > 9999)
		return md_err_set(err, MD_ERR_INVALID,
				  "西暦9999年12月31日までの日付を入力してください");
	/* 改暦ノ布告 (明治5年太政官布告第337号): 明治5年12月2日 was followed by
	 * 明治6年1月1日; before it days were counted in the 旧暦. Checked before
	 * the month's length, which the 旧暦 counted otherwise. */
	if (md_date_compare((struct md_date){year, t->month, t->day},
			    MD_DATE_FIRST) < 0) {
		if (t->era == MD_ERA_MEIJI && t->year == 5 && t->month == 12 &&
		    t->day >= 3)
			return md_err_set(err, MD_ERR_INVALID,
					  "明治5年12月3日〜31日という日はありません(改暦で明治5年12月2日の翌日が明治6年1月1日になりました)。" GREGORIAN_FROM);
		return md_err_set(err, MD_ERR_INVALID, GREGORIAN_FROM);
	}

	int last_day = month_days(year, t->month);
	if (t->day > last_day) {
		char label[64];
		year_label(t->era, t->year, year, label, sizeof label);
		return md_err_set(err, MD_ERR_INVALID, "%s%d月は%d日までです",
				  label, t->month, last_day);
	}

	struct md_date d = {year, t->month, t->day};
	if (t->era >= 0) {
		enum md_era era = (enum md_era)t->era;
		const struct era *e = &eras[era];
		char when[64], typed[64], is[64];
		struct md_date last;
		western(d, typed, sizeof typed);
		md_date_wareki(d, is, sizeof is);
		/* Both ends belong to the era: a day it shares with the next
		 * reads under either name. */
		if (md_date_compare(d, e->first) < 0) {
			western(e->first, when, sizeof when);
			return md_err_set(err, MD_ERR_INVALID,
					  "%sは%sからです。%sは%sです", e->name,
					  when, typed, is);
		}
		if (era_last_day(era, &last) && md_date_compare(d, last) > 0) {
			western(last, when, sizeof when);
			return md_err_set(err, MD_ERR_INVALID,
					  "%sは%sまでです。%sは%sです", e->name,
					  when, typed, is);
		}
	}
	*out = d;
	return MD_OK;
}

enum md_status
md_date_parse(const char *text, struct md_date *out, struct md_err *err)
{
	*out = (struct md_date){0, 0, 0};
	char *s = md_text_ascii_fold(text ? text : "");
	if (!s)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_text_trim(s);
	struct typed_date t = {0};
	enum md_status rc = scan_date(s, &t, err);
	if (rc == MD_OK)
		rc = check_date(&t, out, err);
	md_free(s);
	return rc;
}

/* Split folded, trimmed text into hours and minutes, not yet checked. */
static enum md_status
scan_time(const char *s, int *hour, int *minute, struct md_err *err)
{
	if (!*s)
		return md_err_set(err, MD_ERR_INVALID,
				  "時刻が入力されていません。" TIME_FORMS);
	int n = read_digits(&s, hour);
	*minute = 0;
	if (n >= 1 && n <= 2 && *s == ':') {
		s++;
		if (read_digits(&s, minute) != 2)
			goto unreadable;
	} else if (n >= 1 && n <= 2 && skip(&s, "時")) {
		skip_spaces(&s);
		if (skip(&s, "半")) {
			*minute = 30;
		} else {
			int m = read_digits(&s, minute);
			if (m > 2)
				goto unreadable;
			skip_spaces(&s);
			if (m > 0)
				skip(&s, "分");
		}
	} else if ((n == 3 || n == 4) && !*s) {
		/* 1430, 930 */
		*minute = *hour % 100;
		*hour /= 100;
	} else {
		goto unreadable;
	}
	if (*s)
		goto unreadable;
	return MD_OK;
unreadable:
	return md_err_set(err, MD_ERR_INVALID,
			  "時刻として読めません。" TIME_FORMS);
}

enum md_status
md_time_parse(const char *text, int *minutes, struct md_err *err)
{
	*minutes = -1;
	char *s = md_text_ascii_fold(text ? text : "");
	if (!s)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_text_trim(s);
	int hour = 0, minute = 0;
	enum md_status rc = scan_time(s, &hour, &minute, err);
	if (rc == MD_OK && hour == 24 && minute == 0)
		rc = md_err_set(err, MD_ERR_INVALID,
				"時は0〜23で入力してください(24時は翌日の0時です)");
	else if (rc == MD_OK && hour > 23)
		rc = md_err_set(err, MD_ERR_INVALID,
				"時は0〜23で入力してください(%d時とあります)",
				hour);
	else if (rc == MD_OK && minute > 59)
		rc = md_err_set(err, MD_ERR_INVALID,
				"分は0〜59で入力してください(%d分とあります)",
				minute);
	if (rc == MD_OK)
		*minutes = hour * 60 + minute;
	md_free(s);
	return rc;
}

void
md_time_format(int minutes, char out[6])
{
	if (minutes < 0 || minutes >= 24 * 60) {
		memcpy(out, "--:--", 6);
		return;
	}
	snprintf(out, 6, "%02d:%02d", minutes / 60, minutes % 60);
}
