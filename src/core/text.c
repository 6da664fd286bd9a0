/* UTF-8 checks, trimming, and the normalised search keys (utf8proc NFKC). */
#include "madoguchi/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "madoguchi/mem.h"
#include "madoguchi/visible.h"

size_t
md_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

bool
md_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = md_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t
md_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

enum md_status
md_text_check(const char *s, bool multiline, const char *label,
	      struct md_err *err)
{
	size_t len = strlen(s);
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = md_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "%s: 文字として読めないデータが含まれています(%zu バイト目)",
					  label, i + 1);
		bool ctl = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
		if (ctl &&
		    !(multiline && (cp == '\n' || cp == '\t' || cp == '\r')))
			return md_err_set(err, MD_ERR_INVALID,
					  cp == '\n'
						  ? "%s: 改行は入力できません"
						  : "%s: 制御文字(U+%04X)は入力できません",
					  label, (unsigned)cp);
		/* What a terminal does not draw would let one name pass
		 * for another (U+202E turns the rest around, U+200B hides
		 * between letters); a free text may hold them and shows
		 * them as escapes. */
		if (!multiline && md_visible_hidden(cp))
			return md_err_set(err, MD_ERR_INVALID,
					  md_visible_bidi(cp)
						  ? "%s: 文字の向きを変える制御文字(U+%04X)は入力できません"
						  : "%s: 目に見えない文字(U+%04X)は入力できません",
					  label, (unsigned)cp);
		i += n;
	}
	return MD_OK;
}

/*
 * Variant kanji that staff type in their common form (DOMAIN.md "Names").
 * NFKC already folds the compatibility ideographs; these are separate
 * characters in Unicode, so they are folded here, for the key only: what is
 * stored and printed keeps the person's own character.
 */
static const struct {
	uint32_t variant, common;
} kanji_variants[] = {
	{0x4E9E, 0x4E9C},  /* 亞 → 亜 */
	{0x570B, 0x56FD},  /* 國 → 国 */
	{0x6703, 0x4F1A},  /* 會 → 会 */
	{0x5713, 0x5186},  /* 圓 → 円 */
	{0x5D5C, 0x5D0E},  /* 嵜 → 崎 */
	{0x7895, 0x5D0E},  /* 碕 → 崎 */
	{0xFA11, 0x5D0E},  /* 﨑 → 崎 */
	{0x5D8B, 0x5CF6},  /* 嶋 → 島 */
	{0x5D8C, 0x5CF6},  /* 嶌 → 島 */
	{0x5EE3, 0x5E83},  /* 廣 → 広 */
	{0x5FB7, 0x5FB3},  /* 德 → 徳 */
	{0x60E0, 0x6075},  /* 惠 → 恵 */
	{0x69C7, 0x69D9},  /* 槇 → 槙 */
	{0x6AFB, 0x685C},  /* 櫻 → 桜 */
	{0x6FA4, 0x6CA2},  /* 澤 → 沢 */
	{0x6FF1, 0x6D5C},  /* 濱 → 浜 */
	{0x7028, 0x702C},  /* 瀨 → 瀬 */
	{0x908A, 0x8FBA},  /* 邊 → 辺 */
	{0x9089, 0x8FBA},  /* 邉 → 辺 */
	{0x9AD9, 0x9AD8},  /* 髙 → 高 */
	{0x9F4A, 0x6589},  /* 齊 → 斉 */
	{0x9F4B, 0x6589},  /* 齋 → 斉 */
	{0x658E, 0x6589},  /* 斎 → 斉 */
	{0x9F8D, 0x7ADC},  /* 龍 → 竜 */
	{0x51A8, 0x5BCC},  /* 冨 → 富 */
	{0x6801, 0x67F3},  /* 栁 → 柳 */
	{0x20BB7, 0x5409}, /* 𠮷 → 吉 */
	{0x771E, 0x771F},  /* 眞 → 真 */
	{0x5BE6, 0x5B9F},  /* 實 → 実 */
	{0x85CF, 0x8535},  /* 藏 → 蔵 */
	{0x9ED1, 0x9ED2},  /* 黑 → 黒 */
	{0x842C, 0x4E07},  /* 萬 → 万 */
	{0x58FD, 0x5BFF},  /* 壽 → 寿 */
	{0x8207, 0x4E0E},  /* 與 → 与 */
	{0x85DD, 0x82B8},  /* 藝 → 芸 */
	{0x5BEC, 0x5BDB},  /* 寬 → 寛 */
	{0x8218, 0x9928},  /* 舘 → 館 */
	{0x5CEF, 0x5CF0},  /* 峯 → 峰 */
	{0x5DBD, 0x5CB3},  /* 嶽 → 岳 */
	{0x66FB, 0x6607},  /* 曻 → 昇 */
	{0x5F4C, 0x5F25},  /* 彌 → 弥 */
	{0x689D, 0x6761},  /* 條 → 条 */
};

uint32_t
md_text_fold_char(uint32_t cp)
{
	/* Spaces of every width vanish from the key. */
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000)
		return 0;
	/* Katakana ァ..ヶ and ヽヾ are written as hiragana ぁ..ゖ and ゝゞ. */
	if (cp >= 0x30A1 && cp <= 0x30F6)
		return cp - 0x60;
	if (cp == 0x30FD || cp == 0x30FE)
		return cp - 0x60;
	for (size_t i = 0; i < sizeof kanji_variants / sizeof kanji_variants[0];
	     i++)
		if (kanji_variants[i].variant == cp)
			return kanji_variants[i].common;
	return cp;
}

/* NFKC, case folded, then each code point folded; with letters_only, only
 * letters and digits are kept. When something was dropped, the result is
 * folded once more: what stood apart may now compose ("ｳ~ﾞ" gives う and a
 * lone ゛ on the first pass, ゔ on the next), and a fold must be the same
 * when folded again (the index folds what the query folded already). */
static char *
fold_text(const char *s, size_t len, bool letters_only)
{
	bool dropped = false;
	if (!md_utf8_valid(s, len))
		return NULL;
	utf8proc_uint8_t *nf = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
					  (utf8proc_ssize_t)len, &nf,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE |
						  UTF8PROC_COMPAT |
						  UTF8PROC_CASEFOLD |
						  UTF8PROC_IGNORE);
	if (n < 0)
		return NULL;
	struct md_buf b;
	md_buf_init(&b);
	utf8proc_ssize_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(nf + i, n - i, &cp);
		if (k <= 0)
			break;
		i += k;
		uint32_t f = md_text_fold_char((uint32_t)cp);
		if (f == 0) {
			dropped = true;
			continue;
		}
		if (letters_only) {
			utf8proc_category_t c = utf8proc_category(
				(utf8proc_int32_t)f);
			if (c >= UTF8PROC_CATEGORY_PC ||
			    c == UTF8PROC_CATEGORY_CN) {
				dropped = true;
				continue; /* punctuation, symbols, separators, controls */
			}
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char((utf8proc_int32_t)f,
							  enc);
		md_buf_add(&b, enc, (size_t)m);
	}
	free(nf);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	if (dropped && b.len) {
		/* The second pass composes and drops nothing more. */
		char *again = fold_text(md_buf_str(&b), b.len, letters_only);
		md_buf_fini(&b);
		return again;
	}
	return md_buf_take(&b);
}

char *
md_text_search_key(const char *s)
{
	return fold_text(s, strlen(s), false);
}

char *
md_text_search_fold(const char *s, size_t len)
{
	return fold_text(s, len, true);
}

static size_t
leading_space(const char *s)
{
	size_t i = 0;
	for (;;) {
		if (s[i] == ' ' || s[i] == '\t')
			i++;
		else if (!strncmp(s + i, "\xE3\x80\x80", 3)) /* U+3000 */
			i += 3;
		else
			return i;
	}
}

char *
md_text_trim(char *s)
{
	size_t lead = leading_space(s);
	if (lead)
		memmove(s, s + lead, strlen(s + lead) + 1);
	size_t len = strlen(s);
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		else if (len >= 3 && !strncmp(s + len - 3, "\xE3\x80\x80", 3))
			len -= 3;
		else
			break;
	}
	s[len] = '\0';
	return s;
}

char *
md_text_newlines(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r != '\r') {
			*w++ = *r;
			continue;
		}
		*w++ = '\n';
		if (r[1] == '\n')
			r++;
	}
	*w = '\0';
	return s;
}

/* A sign, then ASCII digits, in groups of three after a comma, then a
 * decimal fraction: a number a spreadsheet reads as the number it shows. */
static bool
plain_number(const char *s)
{
	if (*s != '+' && *s != '-')
		return false;
	size_t lead = strspn(++s, "0123456789");
	if (lead == 0)
		return false;
	s += lead;
	if (*s == ',' && lead > 3)
		return false;
	while (*s == ',') {
		if (strspn(s + 1, "0123456789") != 3)
			return false;
		s += 4;
	}
	if (*s == '.') {
		size_t frac = strspn(++s, "0123456789");
		if (frac == 0)
			return false;
		s += frac;
	}
	return *s == '\0';
}

bool
md_text_is_formula(const char *s)
{
	if (*s == '\t' || *s == '\r' || *s == '\n')
		return true;
	if (plain_number(s))
		return false;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = md_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return false;
		/* Spaces first: a spreadsheet may trim them (LibreOffice's
		 * "trim spaces" on import) and find the formula behind. */
		if (cp == '\t' || cp == '\r' || cp == '\n' ||
		    utf8proc_category((utf8proc_int32_t)cp) ==
			    UTF8PROC_CATEGORY_ZS) {
			i += n;
			continue;
		}
		/* ＝ ＋ － ＠ (and ﹦ ⁼ …): what NFKC folds to the ASCII sign.
		 * Japanese Excel takes a full-width ＝ typed first as =; that
		 * it never does so for a cell it reads from a file is not
		 * known, so these count too. */
		utf8proc_int32_t d[4];
		int boundclass = 0;
		utf8proc_ssize_t k =
			utf8proc_decompose_char((utf8proc_int32_t)cp, d, 4,
						UTF8PROC_DECOMPOSE |
							UTF8PROC_COMPAT,
						&boundclass);
		uint32_t c = k == 1 ? (uint32_t)d[0] : cp;
		return c == '=' || c == '+' || c == '-' || c == '@';
	}
	return false;
}

char *
md_text_ascii_fold(const char *s)
{
	struct md_buf b;
	md_buf_init(&b);
	size_t len = strlen(s);
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = md_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			md_buf_addc(&b, s[i]);
			i++;
			continue;
		}
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			md_buf_addc(&b, (char)(cp - 0xFF01 + 0x21));
		else if (cp == 0x3000)
			md_buf_addc(&b, ' ');
		else if (cp == 0x2212 || cp == 0x2010 || cp == 0x2011 ||
			 cp == 0x2013 || cp == 0x2014 || cp == 0x2015 ||
			 cp == 0x30FC || cp == 0xFF70)
			md_buf_addc(&b,
				    '-'); /* − ‐ – — ― ー ｰ typed as hyphens */
		else
			md_buf_add(&b, s + i, n);
		i += n;
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

void
md_text_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	if (!size)
		return;
	if (vsnprintf(buf, size, fmt, ap) < 0)
		buf[0] = '\0';
	md_utf8_trim_partial(buf);
}

void
md_text_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	md_text_vformat(buf, size, fmt, ap);
	va_end(ap);
}

void
md_utf8_trim_partial(char *s)
{
	size_t len = strlen(s), i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead >= 0xF0   ? 4
		      : lead >= 0xE0 ? 3
		      : lead >= 0xC0 ? 2
				     : 1;
	if (len - (i - 1) < need)
		s[i - 1] = '\0';
}

/* The label of item: its first name. */
static const char *
item_label(const struct md_text_name *names, size_t n, size_t item)
{
	for (size_t i = 0; i < n; i++)
		if (names[i].item == item)
			return names[i].name;
	return "";
}

/* The distinct items whose names equal key (prefix false) or begin with it,
 * into items (room for n); returns how many, or (size_t)-1 out of memory. */
static size_t
items_matching(const char *key, const struct md_text_name *names, size_t n,
	       bool prefix, size_t *items)
{
	size_t count = 0, klen = strlen(key);
	for (size_t i = 0; i < n; i++) {
		char *nk = md_text_search_key(names[i].name);
		if (!nk) {
			if (md_utf8_valid(names[i].name, strlen(names[i].name)))
				return (size_t)-1;
			continue; /* a name that is no text names nothing */
		}
		bool hit = prefix ? !strncmp(nk, key, klen) : !strcmp(nk, key);
		md_free(nk);
		size_t k = 0;
		while (hit && k < count && items[k] != names[i].item)
			k++;
		if (hit && k == count)
			items[count++] = names[i].item;
	}
	return count;
}

enum md_text_match
md_text_match(const char *typed, const struct md_text_name *names, size_t n,
	      size_t *item, struct md_buf *candidates)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i].name, typed)) {
			*item = names[i].item;
			return MD_MATCH_ONE;
		}
	if (!n || !md_utf8_valid(typed, strlen(typed)))
		return MD_MATCH_NONE;
	char *key = md_text_search_key(typed);
	size_t *items = md_malloc(n * sizeof *items);
	enum md_text_match m = key && items ? MD_MATCH_NONE : MD_MATCH_NOMEM;
	/* Equal after folding first, then names that begin with it; an item
	 * met by its name and a 別名 is one. */
	for (int prefix = 0; m == MD_MATCH_NONE && *key && prefix < 2;
	     prefix++) {
		size_t count = items_matching(key, names, n, prefix, items);
		if (count == (size_t)-1) {
			m = MD_MATCH_NOMEM;
		} else if (count == 1) {
			*item = items[0];
			m = MD_MATCH_ONE;
		} else if (count > 1) {
			m = MD_MATCH_MANY;
			for (size_t k = 0; candidates && k < count; k++) {
				if (k)
					md_buf_adds(candidates, "、");
				md_buf_adds(candidates,
					    item_label(names, n, items[k]));
			}
		}
	}
	md_free(items);
	md_free(key);
	return m;
}
