/* How stored values read on the screen and in print. */
#ifndef MADOGUCHI_DISPLAY_H
#define MADOGUCHI_DISPLAY_H

#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/values.h"

/* How dates are written. */
enum md_date_style {
	MD_DATE_LONG, /* 令和6年4月1日 */
	MD_DATE_SHORT /* R6.4.1 */
};

/*
 * The text the value of field f under key in v reads as (col non-NULL: a
 * table cell, key "F.N.COL"): dates in 和暦, several options joined by
 * MD_DISPLAY_JOINER,
 * the "その他" option with its text in parentheses, a member of staff by
 * name (looked up when db is not NULL), numbers with their unit and yen with
 * commas and 円, a fixed field its text. "" when there is no value. A new
 * string (md_free), or NULL when out of memory.
 */
char *md_display_value(struct md_db *db, const struct md_field *f,
		       const struct md_column *col, const struct md_values *v,
		       const char *key, enum md_date_style style);

/*
 * md_display_value for a print (CSV exports): the same text in *out (a new
 * string, md_free), but a member of staff whose name cannot be read (an I/O
 * error, memory) is an error, never the login printed in the name's place.
 * Reads the database (users) when db is not NULL. MD_OK, or the error in err
 * (MD_ERR_NOMEM, or the database's) with *out NULL.
 */
enum md_status md_display_print_value(struct md_db *db,
				      const struct md_field *f,
				      const struct md_column *col,
				      const struct md_values *v,
				      const char *key, enum md_date_style style,
				      char **out, struct md_err *err);

/* Bytes enough for any date or time md_display_when writes. */
#define MD_DISPLAY_WHEN_SIZE 64

/*
 * A date or time the program stored, as staff read it everywhere (messages,
 * lists, screens, prints): a date ("2024-04-01") in 和暦 in style
 * ("令和6年4月1日", "R6.4.1"), a time ("2024-04-01 10:00:00") the same with
 * its time of day after it as stored ("令和6年4月1日 10:00:00"). Written into
 * out, which is returned. Anything else (text the program did not store as
 * a date) is returned itself, NULL as "", so that the call can stand in an
 * argument list and nothing it was given is lost. Touches no database.
 */
const char *md_display_when(const char *stored, enum md_date_style style,
			    char out[MD_DISPLAY_WHEN_SIZE]);

/*
 * md_display_when as a new string (md_free), or NULL when out of memory:
 * an ISO date ("2024-04-01") or time as 和暦; other text as it is.
 */
char *md_display_date(const char *iso, enum md_date_style style);

/* 12345 as "12,345". */
char *md_display_grouped(const char *digits);

/*
 * What joins the options of a multiple choice on the screens and in the
 * prints: an option may hold 「、」 or 「・」 ("仕事探し、就職について",
 * "収入・生活費のこと"), never this (forms_load refuses it in an option).
 */
#define MD_DISPLAY_JOINER "／"

#endif
