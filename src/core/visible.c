/* Stored text made visible: hidden characters and bad bytes as escapes. */
#include "madoguchi/visible.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <utf8proc.h>

#include "madoguchi/text.h"

bool
md_visible_bidi(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
	       cp == 0x061C;
}

bool
md_visible_hidden(uint32_t cp)
{
	if (cp < 0x7F)
		return cp < 0x20;
	if (cp < 0xA0)
		return true; /* DEL and C1 */
	if (cp > 0x10FFFF)
		return true;
	const utf8proc_property_t *p = utf8proc_get_property(
		(utf8proc_int32_t)cp);
	switch (p->category) {
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return true;
	default:
		/* Variation selectors are default-ignorable marks (Mn) that
		 * belong to the kanji before them. */
		return p->ignorable && p->category != UTF8PROC_CATEGORY_MN;
	}
}

size_t
md_visible_escape(uint32_t cp, enum md_visible_mode mode,
		  char esc[MD_VISIBLE_ESC_MAX])
{
	esc[0] = '\0';
	if (cp == '\n' && mode == MD_VISIBLE_LINES)
		return 0;
	if (!md_visible_hidden(cp))
		return 0;
	int n;
	switch (cp) {
	case '\n':
		n = snprintf(esc, MD_VISIBLE_ESC_MAX, "\\n");
		break;
	case '\r':
		n = snprintf(esc, MD_VISIBLE_ESC_MAX, "\\r");
		break;
	case '\t':
		n = snprintf(esc, MD_VISIBLE_ESC_MAX, "\\t");
		break;
	default:
		n = cp < 0x80 ? snprintf(esc, MD_VISIBLE_ESC_MAX, "\\x%02x",
					 (unsigned)cp)
		    : cp < 0x10000 ? snprintf(esc, MD_VISIBLE_ESC_MAX,
					      "\\u%04x", (unsigned)cp)
				   : snprintf(esc, MD_VISIBLE_ESC_MAX,
					      "\\U%08x", (unsigned)cp);
	}
	return n > 0 ? (size_t)n : 0;
}

void
md_visible_add(struct md_buf *b, const char *s, size_t len,
	       enum md_visible_mode mode)
{
	size_t i = 0;
	while (i < len) {
		/* The run of characters shown as themselves goes in whole. */
		size_t start = i;
		uint32_t cp = 0;
		size_t n = 0;
		char esc[MD_VISIBLE_ESC_MAX];
		while (i < len) {
			n = md_utf8_decode(s + i, len - i, &cp);
			if (n == 0 || md_visible_escape(cp, mode, esc))
				break;
			i += n;
		}
		md_buf_add(b, s + start, i - start);
		if (i == len)
			break;
		if (n == 0) {
			snprintf(esc, sizeof esc, "\\x%02x",
				 (unsigned char)s[i]);
			n = 1;
		}
		md_buf_adds(b, esc);
		i += n;
	}
}

char *
md_visible(const char *s, enum md_visible_mode mode)
{
	struct md_buf b;
	md_buf_init(&b);
	md_visible_add(&b, s, strlen(s), mode);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	if (!b.data)
		return md_strdup("");
	return md_buf_take(&b);
}

/* One conversion of a format, as read. */
struct spec {
	bool left;     /* '-' */
	int width;     /* -1: none */
	int precision; /* -1: none */
	char length[3];
	char conv;
};

/* Read the conversion after a '%' at *p (taking the '*' values from ap)
 * into sp and its text, '*' written as numbers, into text; advance *p.
 * False when it is not one this function takes. */
static bool
read_spec(const char **p, va_list *ap, struct spec *sp, char *text, size_t size)
{
	const char *f = *p;
	size_t t = 0;
	memset(sp, 0, sizeof *sp);
	sp->width = sp->precision = -1;
	text[t++] = '%';
	/* Room is left for the width, precision, length and conversion. */
	while (*f && strchr("-+ #0'", *f)) {
		if (*f == '-')
			sp->left = true;
		if (t < 8)
			text[t++] = *f;
		f++;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
			text[t++] = '-';
		}
		f++;
	} else if (*f >= '0' && *f <= '9') {
		sp->width = 0;
		while (*f >= '0' && *f <= '9' && sp->width < 100000)
			sp->width = sp->width * 10 + (*f++ - '0');
	}
	if (sp->width >= 0)
		t += (size_t)snprintf(text + t, size - t, "%d", sp->width);
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		} else {
			while (*f >= '0' && *f <= '9' && sp->precision < 100000)
				sp->precision = sp->precision * 10 +
						(*f++ - '0');
		}
		if (sp->precision >= 0)
			t += (size_t)snprintf(text + t, size - t, ".%d",
					      sp->precision);
	}
	size_t l = 0;
	while (*f && strchr("hljztL", *f) && l < 2)
		sp->length[l++] = *f++;
	memcpy(text + t, sp->length, l);
	t += l;
	sp->conv = *f;
	if (!*f || !strchr("diuoxXcspfFeEgGaA%", *f))
		return false;
	if (l && (*f == 's' || *f == 'c'))
		return false; /* wide characters: not the program's */
	text[t++] = *f++;
	text[t] = '\0';
	*p = f;
	return true;
}

/* A string argument: cut by the precision, made visible, padded to width. */
static void
add_string(struct md_buf *b, enum md_visible_mode mode, const struct spec *sp,
	   const char *s, size_t len)
{
	struct md_buf v;
	md_buf_init(&v);
	md_visible_add(&v, s, len, mode);
	if (!md_buf_ok(&v))
		b->failed = true;
	size_t pad = sp->width > 0 && (size_t)sp->width > v.len
			     ? (size_t)sp->width - v.len
			     : 0;
	if (sp->left)
		md_buf_add(b, md_buf_str(&v), v.len);
	for (size_t i = 0; i < pad; i++)
		md_buf_addc(b, ' ');
	if (!sp->left)
		md_buf_add(b, md_buf_str(&v), v.len);
	md_buf_fini(&v);
}

/* The text of a spec is built here from the program's own format, so the
 * non-literal formats below are as safe as the literal one they came from. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
add_number(struct md_buf *b, const struct spec *sp, const char *text,
	   va_list *ap)
{
	const char *l = sp->length;
	bool sign = sp->conv == 'd' || sp->conv == 'i';
	if (sp->conv == 'p') {
		md_buf_addf(b, text, va_arg(*ap, void *));
	} else if (strchr("fFeEgGaA", sp->conv)) {
		if (!strcmp(l, "L"))
			md_buf_addf(b, text, va_arg(*ap, long double));
		else
			md_buf_addf(b, text, va_arg(*ap, double));
	} else if (!strcmp(l, "ll")) {
		if (sign)
			md_buf_addf(b, text, va_arg(*ap, long long));
		else
			md_buf_addf(b, text, va_arg(*ap, unsigned long long));
	} else if (!strcmp(l, "l")) {
		if (sign)
			md_buf_addf(b, text, va_arg(*ap, long));
		else
			md_buf_addf(b, text, va_arg(*ap, unsigned long));
	} else if (!strcmp(l, "j")) {
		if (sign)
			md_buf_addf(b, text, va_arg(*ap, intmax_t));
		else
			md_buf_addf(b, text, va_arg(*ap, uintmax_t));
	} else if (!strcmp(l, "z")) {
		if (sign)
			md_buf_addf(b, text, va_arg(*ap, ssize_t));
		else
			md_buf_addf(b, text, va_arg(*ap, size_t));
	} else if (!strcmp(l, "t")) {
		md_buf_addf(b, text, va_arg(*ap, ptrdiff_t));
	} else if (sign) {
		md_buf_addf(b, text, va_arg(*ap, int)); /* also hh, h */
	} else {
		md_buf_addf(b, text, va_arg(*ap, unsigned));
	}
}
#pragma GCC diagnostic pop

void
md_visible_vaddf(struct md_buf *b, enum md_visible_mode mode, const char *fmt,
		 va_list ap)
{
	va_list args;
	va_copy(args, ap);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			md_buf_adds(b, p);
			break;
		}
		md_buf_add(b, p, (size_t)(pct - p));
		p = pct + 1;
		struct spec sp;
		char text[64];
		if (!read_spec(&p, &args, &sp, text, sizeof text))
			break;
		if (sp.conv == '%') {
			md_buf_addc(b, '%');
		} else if (sp.conv == 's') {
			const char *s = va_arg(args, const char *);
			if (!s)
				s = "(null)";
			size_t len = sp.precision >= 0
					     ? strnlen(s, (size_t)sp.precision)
					     : strlen(s);
			add_string(b, mode, &sp, s, len);
		} else if (sp.conv == 'c') {
			char c = (char)va_arg(args, int);
			add_string(b, mode, &sp, &c, 1);
		} else {
			add_number(b, &sp, text, &args);
		}
	}
	va_end(args);
}

void
md_visible_addf(struct md_buf *b, enum md_visible_mode mode, const char *fmt,
		...)
{
	va_list ap;
	va_start(ap, fmt);
	md_visible_vaddf(b, mode, fmt, ap);
	va_end(ap);
}
