/* How stored values read on the screen and in print. */
#ifndef MADOGUCHI_DISPLAY_H
#define MADOGUCHI_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
 * md_display_when for a long print, where a day comes back often (a 受付日
 * shared by many cases): each stored text is converted once and kept in
 * memo, which the caller zeroes before use, one memo per style. The answer
 * is written into out, as md_display_when's is.
 */
#define MD_DISPLAY_MEMO_SLOTS 256
struct md_display_memo {
	char stored[MD_DISPLAY_MEMO_SLOTS][20];
	char out[MD_DISPLAY_MEMO_SLOTS][MD_DISPLAY_WHEN_SIZE];
	bool used[MD_DISPLAY_MEMO_SLOTS];
};
const char *md_display_memo(struct md_display_memo *m, const char *stored,
			    enum md_date_style style,
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

/* ---- text laid out by display width -------------------------------------
 *
 * Widths are terminal columns: a double-width character counts 2, an East
 * Asian Ambiguous one (○ ※ ① …) `ambiguous` (1 or 2, as the terminal is
 * set), a combining mark or variation selector 0, and a character that a
 * terminal would obey or not draw the columns of its escape
 * (md_visible_escape: "\u202e" is 6), as the screens draw it.
 */

/* Columns of one code point. */
int md_display_char_width(uint32_t cp, int ambiguous);

/* Columns of the first len bytes of UTF-8 text s (a bad byte counts as
 * U+FFFD). */
int md_display_width_n(const char *s, size_t len, int ambiguous);

/* Columns of UTF-8 text s. */
int md_display_width(const char *s, int ambiguous);

/* The ellipsis that ends text cut to a width. */
#define MD_DISPLAY_ELLIPSIS "…"

/*
 * How much of s to draw in width columns: the bytes of s when it fits
 * (*cut false); else (*cut true) the bytes of the longest start of s that
 * leaves room for MD_DISPLAY_ELLIPSIS after it, never half a character,
 * spaces before the cut dropped ("佐藤 美咲" in 6 columns: "佐藤" then
 * "…"), so that a name cut never reads as another name. Touches nothing.
 */
size_t md_display_fit(const char *s, int width, int ambiguous, bool *cut);

/* s in at most width columns, as md_display_fit cuts it, with the
 * ellipsis when cut: a new string (md_free), NULL when out of memory. */
char *md_display_cut(const char *s, int width, int ambiguous);

/* Lines of wrapped text (md_display_wrap). */
struct md_lines {
	char **line; /* each a new string */
	size_t n;
};

/*
 * Wrap UTF-8 text s into lines of at most width columns (2 at least), the
 * one way every screen wraps: "\n" breaks a line where the text has one;
 * elsewhere a line breaks where Japanese may break, with 禁則 —
 * no line starts with a closing bracket or punctuation (。、」）！？ー・
 * small kana ぁっャ… and the like) or ends with an opening bracket (「（【
 * …), the character before moving down with it (追い出し); a run of ASCII
 * letters, digits and signs (R6.4.1, 2024-04-01, Ctrl-E, $EDITOR) is
 * never split; a combining mark stays with its letter. Spaces at a break
 * are dropped. Only what cannot be broken otherwise (a run wider than the
 * line) is broken at a character. On success fills *out (free with
 * md_lines_free) and returns MD_OK; MD_ERR_NOMEM with *out empty.
 */
enum md_status md_display_wrap(const char *s, int width, int ambiguous,
			       struct md_lines *out);

/* Free the lines of md_display_wrap and empty *l. */
void md_lines_free(struct md_lines *l);

/* Whether no line may start with cp (行頭禁則) or end with it (行末禁則). */
bool md_display_no_line_start(uint32_t cp);
bool md_display_no_line_end(uint32_t cp);

#endif
