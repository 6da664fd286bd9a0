/* Dates and times of day: 和暦 and 西暦, read as typed, written as read. */
#ifndef MADOGUCHI_WAREKI_H
#define MADOGUCHI_WAREKI_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/status.h"

/*
 * A calendar date, counted in the Gregorian calendar (西暦). Japan adopted it
 * on 明治6年1月1日 (1873-01-01): the day after 明治5年12月2日 (改暦ノ布告,
 * 明治5年太政官布告第337号). Earlier days were counted in the 旧暦 (太陰太陽暦),
 * whose dates do not fall on Gregorian ones, so dates typed start there.
 */
struct md_date {
	int year, month, day;
};

/* The first date md_date_parse accepts and md_date_era names: 明治6年1月1日. */
#define MD_DATE_FIRST ((struct md_date){1873, 1, 1})

/*
 * The eras, in order, written once: each with its kanji name, its letter
 * (R6.4.1), its first day and its last day (0, 0, 0: the present era).
 * 大正 and 昭和 began on the day the emperor died, so that day has two names:
 * 明治45年7月30日 is 大正元年7月30日 and 大正15年12月25日 is 昭和元年12月25日
 * (the 改元の詔書: 「七月三十日以後ヲ改メテ大正元年ト為ス」). 平成 began the day
 * after 昭和 ended (昭和64年1月7日, 平成元年1月8日; 昭和64年政令第1号) and 令和
 * the day after 平成 (平成31年4月30日, 令和元年5月1日; 平成31年政令第143号).
 * 明治 began on 1868-01-25 (慶応4年1月1日, to which its 改元 reached back).
 */
/* clang-format off */
#define MD_ERA_LIST(X)                                                        \
	X(MD_ERA_MEIJI, "明治", 'M', 1868, 1, 25, 1912, 7, 30)                  \
	X(MD_ERA_TAISHO, "大正", 'T', 1912, 7, 30, 1926, 12, 25)                \
	X(MD_ERA_SHOWA, "昭和", 'S', 1926, 12, 25, 1989, 1, 7)                  \
	X(MD_ERA_HEISEI, "平成", 'H', 1989, 1, 8, 2019, 4, 30)                  \
	X(MD_ERA_REIWA, "令和", 'R', 2019, 5, 1, 0, 0, 0)

enum md_era {
#define MD_ERA_ENUM(name, kanji, letter, y, m, d, last_y, last_m, last_d) name,
	MD_ERA_LIST(MD_ERA_ENUM)
#undef MD_ERA_ENUM
	MD_ERA_COUNT
};
/* clang-format on */

/* True when year-month-day is a real Gregorian date in the years 1..9999. */
bool md_date_valid(int year, int month, int day);

/*
 * Read a date as a person types it: 和暦 with the era in kanji or as a
 * letter (令和6年4月1日, 令和元年5月1日, R6.4.1, r6/4/1, R6年4月1日) or 西暦
 * with a four-digit year (2024-04-01, 2024/4/1, 2024.4.1, 20240401,
 * 2024年4月1日), full-width or half-width, with ASCII and ideographic spaces
 * around it. text may be NULL (read as empty). A day two eras share reads
 * under either name (明治45年7月30日 and 大正元年7月30日 are the same day).
 * Dates run from MD_DATE_FIRST (明治6年1月1日, 1873-01-01) to 9999-12-31.
 * On success fills *out. On a fault returns MD_ERR_INVALID with a Japanese
 * message saying why (the month has fewer days, the era had already ended or
 * not yet begun, the date is before Japan counted days in the Gregorian
 * calendar, the forms that are accepted) and sets *out to {0, 0, 0};
 * MD_ERR_NOMEM when out of memory. err may be NULL.
 */
enum md_status md_date_parse(const char *text, struct md_date *out,
			     struct md_err *err);

/*
 * Read a date as the database stores it: exactly "YYYY-MM-DD", a real date
 * (any year 1..9999: a date stored before MD_DATE_FIRST was refused is still
 * read, and written in 西暦). iso may be NULL. On a fault returns MD_ERR_INVALID (err may be NULL) and
 * sets *out to {0, 0, 0}.
 */
enum md_status md_date_from_iso(const char *iso, struct md_date *out,
				struct md_err *err);

/*
 * d as "2024-04-01" (the database's form) into out. Fields too wide for
 * the form (an invalid date) are clamped, so out never holds more than 10.
 */
void md_date_iso(struct md_date d, char out[11]);

/*
 * d in 和暦 as "令和6年4月1日" ("令和元年5月1日" for the first year) into out
 * (size bytes, always NUL-terminated when size > 0). A day two eras share is
 * written in the newer one, 大正元年7月30日 and 昭和元年12月25日, as the 改元の
 * 詔書 counts it (「七月三十日以後ヲ改メテ大正元年ト為ス」) and as calendars
 * and date libraries (ICU, Java's JapaneseDate) write it. Dates before
 * MD_DATE_FIRST, and invalid ones, are written in 西暦: "1850年1月1日", never
 * as a 明治 date they were not. Returns the length of the
 * whole text, as snprintf does: it was cut (at a character boundary) if that
 * is size or more.
 */
int md_date_wareki(struct md_date d, char *out, size_t size);

/*
 * d in short 和暦 as "R6.4.1" ("R1.5.1" for 令和元年) into out, as
 * md_date_wareki does (T1.7.30 for a shared day); before MD_DATE_FIRST,
 * "1850.1.1". Returns as snprintf does.
 */
int md_date_wareki_short(struct md_date d, char *out, size_t size);

/*
 * The era d is written in and the year within it (1 for 元年) in *era and
 * *era_year (either may be NULL); the newer era for a day two share. Returns
 * false, touching neither, when d is before MD_DATE_FIRST or not a valid
 * date.
 */
bool md_date_era(struct md_date d, enum md_era *era, int *era_year);

/* The kanji name of an era ("令和"); "" for a value outside the list. */
const char *md_era_name(enum md_era era);

/*
 * Age in whole years on the date `on` of someone born on `birth`: it goes up
 * on the birthday, and for someone born on 2月29日 on 3月1日 in common years.
 * Returns -1 when on is before birth.
 */
int md_date_age(struct md_date birth, struct md_date on);

/*
 * Days since 1970-01-01 (negative before it), for comparing and subtracting
 * dates; md_date_from_days is its inverse. Both are exact over years 1..9999.
 */
long md_date_days(struct md_date d);
struct md_date md_date_from_days(long days);

/*
 * d moved by months (negative goes back), the day clamped to the end of the
 * month it lands in: 2024-01-31 + 1 month is 2024-02-29.
 */
struct md_date md_date_add_months(struct md_date d, int months);

/* <0, 0 or >0 as a is before, the same as, or after b. */
int md_date_compare(struct md_date a, struct md_date b);

/*
 * Read a time of day as typed: "14:30", "9:05", "14時30分", "14時", "9時半",
 * "1430", "930", full-width or half-width. Stores minutes since midnight
 * (0..1439) in *minutes. On a fault (24時 and later, 60分 and more, text
 * that is not a time) returns MD_ERR_INVALID with a Japanese message saying
 * why and sets *minutes to -1; MD_ERR_NOMEM when out of memory. text may be
 * NULL; err may be NULL.
 */
enum md_status md_time_parse(const char *text, int *minutes,
			     struct md_err *err);

/* minutes since midnight as "09:05" into out; "--:--" outside 0..1439. */
void md_time_format(int minutes, char out[6]);

#endif
