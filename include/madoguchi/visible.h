/* Stored text made safe to show: every character a terminal would act on or
 * not draw is written as a visible escape. */
#ifndef MADOGUCHI_VISIBLE_H
#define MADOGUCHI_VISIBLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "madoguchi/mem.h"

/*
 * The notation (madoguchi.1, "TEXT ON THE TERMINAL"):
 *   \n \r \t        line feed, carriage return, tab
 *   \x1b            another C0 control or DEL (two hex digits), or a byte
 *                   that is not UTF-8 (\xff)
 *   \u202e          a hidden code point of the first plane: C1 controls,
 *                   bidi controls, zero-width and other format characters
 *   \U000e0001      one beyond it
 * Hex digits are lower case. A backslash is shown as itself: the escapes
 * are for reading, and escaping text twice changes nothing.
 */

/* Room for the longest escape and its NUL ("\U000e0001"). */
#define MD_VISIBLE_ESC_MAX 11

/* Where the text goes. */
enum md_visible_mode {
	MD_VISIBLE_LINE,  /* one line: a line feed is shown as \n too */
	MD_VISIBLE_LINES, /* several lines: line feeds kept, nothing else */
};

/*
 * True for a code point a terminal does not draw as a character of its
 * own: C0 and C1 controls and DEL, the format characters (Unicode category
 * Cf: bidi controls U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C;
 * zero-width U+200B–U+200D, U+2060–U+2064, U+FEFF; the soft hyphen U+00AD;
 * tags), line and paragraph separators, and the other default-ignorable
 * code points (Hangul fillers) apart from the variation selectors, which
 * choose the glyph of the kanji before them (異体字, IVS).
 */
bool md_visible_hidden(uint32_t cp);

/* True for the bidi controls (a subset of md_visible_hidden). */
bool md_visible_bidi(uint32_t cp);

/*
 * The escape that shows code point cp in mode, written to esc (NUL
 * terminated); returns its length, or 0 when cp is shown as itself (esc
 * then "").
 */
size_t md_visible_escape(uint32_t cp, enum md_visible_mode mode,
			 char esc[MD_VISIBLE_ESC_MAX]);

/* Append s[0..len) to b with every hidden character and every byte that is
 * not UTF-8 escaped. Never touches the database. */
void md_visible_add(struct md_buf *b, const char *s, size_t len,
		    enum md_visible_mode mode);

/* s made visible as a new string (md_free), or NULL when out of memory. */
char *md_visible(const char *s, enum md_visible_mode mode);

/*
 * printf into b where the format is the program's own text, kept as it is,
 * and every %s and %c argument is made visible in mode (a NULL string is
 * "(null)"). Precision cuts a string in bytes before it is escaped; width
 * pads the escaped text, in bytes, as printf does. Takes the conversions
 * d i u o x X c s p f e g a % with the usual flags, width, precision (also
 * *) and lengths hh h l ll j z t L; another conversion ends the output
 * there.
 */
void md_visible_vaddf(struct md_buf *b, enum md_visible_mode mode,
		      const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
void md_visible_addf(struct md_buf *b, enum md_visible_mode mode,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
