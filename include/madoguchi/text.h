/* UTF-8 checks and the normalised keys that name and kana searches use. */
#ifndef MADOGUCHI_TEXT_H
#define MADOGUCHI_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "madoguchi/status.h"

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool md_utf8_valid(const char *s, size_t len);

/*
 * Decode one code point at s (len bytes available). Returns the number of
 * bytes used (1–4) and stores the code point, or returns 0 on a bad sequence.
 */
size_t md_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Number of code points in a valid UTF-8 string. */
size_t md_utf8_chars(const char *s);

/* Drop a character left incomplete at the end of s (UTF-8 text that
 * snprintf may have cut short inside a character). */
void md_utf8_trim_partial(char *s);

/*
 * snprintf into buf that, when the text is longer than size, cuts it at a
 * character rather than inside one: for messages and audit details that
 * quote text of any length (a label or title from a definition, what was
 * typed) into a fixed buffer.
 */
void md_text_format(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void md_text_vformat(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * Check text a person typed: well-formed UTF-8 and no control characters
 * (newline, carriage return and tab allowed only when multiline). One line
 * (a name, a kana, an agency) also refuses what md_visible_hidden names:
 * bidi controls, zero-width and other format characters. On a fault fills
 * err with a message naming `label` and returns MD_ERR_INVALID.
 */
enum md_status md_text_check(const char *s, bool multiline, const char *label,
			     struct md_err *err);

/*
 * The search key of a name, kana or query: NFKC (half-width kana and
 * full-width letters folded), case folded, katakana written as hiragana,
 * variant kanji (髙 﨑 邊 齋 濱 …) written as their common form, and spaces
 * removed. "ﾀﾅｶ", "タナカ" and "たなか" give the same key, as do "髙橋" and
 * "高橋". Returns a new string (md_free) or NULL when out of memory or when s
 * is not valid UTF-8.
 */
char *md_text_search_key(const char *s);

/*
 * The text as full-text search compares it: md_text_search_key's folding,
 * and punctuation, symbols and spaces dropped, so that only letters and
 * digits remain ("家賃、3か月。" gives "家賃3か月"). A word is found in a
 * text when its fold occurs in the text's fold. New string (md_free), or
 * NULL when out of memory or s is not valid UTF-8.
 */
char *md_text_search_fold(const char *s, size_t len);

/*
 * Fold one code point as the search key does after NFKC (kana and variant
 * kanji); returns 0 for code points the key drops (spaces).
 */
uint32_t md_text_fold_char(uint32_t cp);

/* Trim ASCII and ideographic spaces from both ends, in place; returns s. */
char *md_text_trim(char *s);

/*
 * Make every line break of s a LF, in place: a CRLF becomes one LF, and a
 * lone CR (an old Mac editor, a paste) a LF too, never nothing, so that the
 * lines it separated stay apart. Returns s.
 */
char *md_text_newlines(char *s);

/*
 * Whether a spreadsheet would take the cell s for a formula (OWASP "CSV
 * injection"): it starts with a tab, CR or LF, or its first character after
 * any spaces (ASCII, ideographic, no-break) is = + - or @, or a full-width
 * or other compatibility form of one of them (＝ ＋ － ＠). A plain number
 * is no formula: a sign right at the start, ASCII digits (in groups of three
 * after a comma) and a decimal fraction, nothing else ("-1200", "+3",
 * "-1,200.5"), which a spreadsheet reads as that same number.
 */
bool md_text_is_formula(const char *s);

/* Copy of s with full-width ASCII (！〜～) folded to ASCII; NULL on OOM. */
char *md_text_ascii_fold(const char *s);

/* One name of an item for md_text_match. Several names may name one item
 * (an agency and its 別名); the first name of an item is its label. */
struct md_text_name {
	const char *name;
	size_t item;
};

/* What md_text_match found. */
enum md_text_match {
	MD_MATCH_NONE, /* no name is, or begins with, what was typed */
	MD_MATCH_ONE,  /* one item: *item */
	MD_MATCH_MANY, /* names of several items begin with it */
	MD_MATCH_NOMEM /* out of memory */
};

struct md_buf; /* mem.h */

/*
 * Which item typed names among names[0..n): the item of a name equal to
 * it, else the one item with a name that begins with it, both compared as
 * md_text_search_key folds them (width, kana, variant kanji, case and
 * spaces: ﾊﾛｰﾜｰｸ names ハローワーク(公共職業安定所)). Blank or invalid typed
 * names nothing. On MD_MATCH_MANY the labels of the items it may mean are
 * appended to candidates (when not NULL), joined by "、". The one rule for
 * what a person types to pick from a list: outcomes of a step, agencies.
 */
enum md_text_match md_text_match(const char *typed,
				 const struct md_text_name *names, size_t n,
				 size_t *item, struct md_buf *candidates);

#endif
