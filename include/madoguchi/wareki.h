/* Dates and times of day: 和暦 and 西暦, read as typed, written as read. */
#ifndef MADOGUCHI_WAREKI_H
#define MADOGUCHI_WAREKI_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/status.h"

/*
 * A calendar date (proleptic Gregorian: the 西暦 calendar carried back before
 * its adoption in Japan, so 明治 dates before 1873 are counted in it too).
 */
struct md_date {
	int year, month, day;
};

/*
 * The eras, in order, written once: each with its kanji name, its letter
 * (R6.4.1) and its first day. An era ends the day before the next begins.
 */
#define MD_ERA_LIST(X)                                                        \
	X(MD_ERA_MEIJI, "明治", 'M', 1868, 1, 25)                               \
	X(MD_ERA_TAISHO, "大正", 'T', 1912, 7, 30)                              \
	X(MD_ERA_SHOWA, "昭和", 'S', 1926, 12, 25)                              \
	X(MD_ERA_HEISEI, "平成", 'H', 1989, 1, 8)                               \
	X(MD_ERA_REIWA, "令和", 'R', 2019, 5, 1)

enum md_era {
#define MD_ERA_ENUM(name, kanji, letter, year, month, day) name,
	MD_ERA_LIST(MD_ERA_ENUM)
#undef MD_ERA_ENUM
	MD_ERA_COUNT
};

/* True when year-month-day is a real Gregorian date in the years 1..9999. */
bool md_date_valid(int year, int month, int day);

/*
 * Read a date as a person types it: 和暦 with the era in kanji or as a
 * letter (令和6年4月1日, 令和元年5月1日, R6.4.1, r6/4/1, R6年4月1日) or 西暦
 * with a four-digit year (2024-04-01, 2024/4/1, 2024.4.1, 20240401,
 * 2024年4月1日), full-width or half-width, with ASCII and ideographic spaces
 * around it. text may be NULL (read as empty). On success fills *out. On a
 * fault returns MD_ERR_INVALID with a Japanese message saying why (the month
 * has fewer days, the era had already ended or not yet begun, the forms that
 * are accepted) and sets *out to {0, 0, 0}; MD_ERR_NOMEM when out of memory.
 * err may be NULL.
 */
enum md_status md_date_parse(const char *text, struct md_date *out,
			     struct md_err *err);

/*
 * Read a date as the database stores it: exactly "YYYY-MM-DD", a real date.
 * iso may be NULL. On a fault returns MD_ERR_INVALID (err may be NULL) and
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
 * (size bytes, always NUL-terminated when size > 0). Dates before 明治, and
 * invalid ones, are written in 西暦: "1850年1月1日". Returns the length of the
 * whole text, as snprintf does: it was cut (at a character boundary) if that
 * is size or more.
 */
int md_date_wareki(struct md_date d, char *out, size_t size);

/*
 * d in short 和暦 as "R6.4.1" ("R1.5.1" for 令和元年) into out, as
 * md_date_wareki does; before 明治, "1850.1.1". Returns as snprintf does.
 */
int md_date_wareki_short(struct md_date d, char *out, size_t size);

/*
 * The era of d and the year within it (1 for 元年) in *era and *era_year
 * (either may be NULL). Returns false, touching neither, when d is before
 * 明治 or not a valid date.
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
