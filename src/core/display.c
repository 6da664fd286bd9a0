/* Turning stored values into the text a person reads: 和暦, labels, names,
 * 円; and laying text out by display width: cutting and wrapping with 禁則. */
#include "madoguchi/display.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include <wchar.h>

#include "db_int.h"
#include "madoguchi/text.h"
#include "madoguchi/visible.h"
#include "madoguchi/wareki.h"

/* True when s is a time of day as the clock stores it: "10:00", "10:00:00". */
static bool
stored_time(const char *s)
{
	size_t n = strlen(s);
	if (n != 5 && n != 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (i % 3 == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

const char *
md_display_when(const char *stored, enum md_date_style style,
		char out[MD_DISPLAY_WHEN_SIZE])
{
	if (!stored)
		return "";
	char iso[11];
	struct md_date d;
	const char *time = stored + strnlen(stored, 10);
	memcpy(iso, stored, (size_t)(time - stored));
	iso[time - stored] = '\0';
	if (md_date_from_iso(iso, &d, NULL) != MD_OK ||
	    (*time && (*time != ' ' || !stored_time(time + 1))))
		return stored;
	int n = style == MD_DATE_SHORT
			? md_date_wareki_short(d, out, MD_DISPLAY_WHEN_SIZE)
			: md_date_wareki(d, out, MD_DISPLAY_WHEN_SIZE);
	if (n < 0 || (size_t)n + strlen(time) >= MD_DISPLAY_WHEN_SIZE)
		return stored;
	strcpy(out + n, time);
	return out;
}

const char *
md_display_memo(struct md_display_memo *m, const char *stored,
		enum md_date_style style, char out[MD_DISPLAY_WHEN_SIZE])
{
	if (!stored || !*stored)
		return "";
	size_t n = strnlen(stored, sizeof m->stored[0]);
	if (n == sizeof m->stored[0]) /* longer than any stored time */
		return md_display_when(stored, style, out);
	unsigned h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)stored[i]) * 16777619u;
	size_t k = h % MD_DISPLAY_MEMO_SLOTS;
	if (!m->used[k] || strcmp(m->stored[k], stored)) {
		memcpy(m->stored[k], stored, n + 1);
		/* Text that is no date comes back itself: it is short enough
		 * to keep in the slot. */
		const char *a = md_display_when(stored, style, m->out[k]);
		if (a != m->out[k])
			memcpy(m->out[k], a, n + 1);
		m->used[k] = true;
	}
	memcpy(out, m->out[k], strlen(m->out[k]) + 1);
	return out;
}

char *
md_display_date(const char *iso, enum md_date_style style)
{
	char buf[MD_DISPLAY_WHEN_SIZE];
	return md_strdup(md_display_when(iso, style, buf));
}

char *
md_display_grouped(const char *digits)
{
	struct md_buf b;
	md_buf_init(&b);
	const char *p = digits;
	if (*p == '-')
		md_buf_addc(&b, *p++);
	size_t n = strlen(p);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			md_buf_addc(&b, ',');
		md_buf_addc(&b, p[i]);
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

static const char sql_staff_name[] =
	"SELECT display_name FROM users WHERE login = ?1";

/*
 * The member of staff's name, or the login when no user has it. A lookup
 * that fails (an I/O error, memory) shows the login too when err is NULL (a
 * screen shows what it can); with err it gives NULL and the error there, so
 * that a print never names someone otherwise than a clean run would (a
 * print audited as done must be the print).
 */
static char *
staff_name(struct md_db *db, const char *login, struct md_err *err)
{
	if (!db)
		return md_strdup(login);
	sqlite3_stmt *st = md_db_stmt(db, sql_staff_name, err);
	if (!st)
		return err ? NULL : md_strdup(login);
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	char *name = NULL;
	if (rc == SQLITE_ROW)
		name = md_db_column_dup(st, 0);
	else if (rc == SQLITE_DONE || !err)
		name = md_strdup(login);
	else
		md_db_fail(db, rc, "職員名の読み込み", err);
	sqlite3_reset(st);
	return name;
}

/* md_display_value, and md_display_print_value with err (see staff_name). */
static char *
display_value(struct md_db *db, const struct md_field *f,
	      const struct md_column *col, const struct md_values *v,
	      const char *key, enum md_date_style style, struct md_err *err)
{
	enum md_field_type type = col ? col->type : f->type;
	if (type == MD_FIELD_FIXED)
		return md_strdup(f->text ? f->text : "");
	const char *s = md_values_get(v, key);
	if (!s || !*s)
		return md_strdup("");
	switch (type) {
	case MD_FIELD_DATE:
		return md_display_date(s, style);
	case MD_FIELD_NUMBER: {
		const char *unit = col ? NULL : f->unit;
		return md_asprintf("%s%s", s, unit ? unit : "");
	}
	case MD_FIELD_YEN: {
		char *g = md_display_grouped(s);
		char *r = g ? md_asprintf("%s円", g) : NULL;
		md_free(g);
		return r;
	}
	case MD_FIELD_STAFF:
		return staff_name(db, s, err);
	case MD_FIELD_CHOICE:
	case MD_FIELD_MULTI: {
		char okey[96];
		snprintf(okey, sizeof okey, "%s.other", key);
		const char *other = col ? NULL : md_values_get(v, okey);
		struct md_buf b;
		md_buf_init(&b);
		for (const char *p = s; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			if (b.len)
				md_buf_adds(&b, MD_DISPLAY_JOINER);
			md_buf_add(&b, p, len);
			if (other && f->other && strlen(f->other) == len &&
			    !strncmp(p, f->other, len))
				md_buf_addf(&b, "(%s)", other);
			p = nl ? nl + 1 : p + len;
		}
		if (!md_buf_ok(&b)) {
			md_buf_fini(&b);
			return NULL;
		}
		return md_buf_take(&b);
	}
	default:
		return md_strdup(s);
	}
}

char *
md_display_value(struct md_db *db, const struct md_field *f,
		 const struct md_column *col, const struct md_values *v,
		 const char *key, enum md_date_style style)
{
	return display_value(db, f, col, v, key, style, NULL);
}

enum md_status
md_display_print_value(struct md_db *db, const struct md_field *f,
		       const struct md_column *col, const struct md_values *v,
		       const char *key, enum md_date_style style, char **out,
		       struct md_err *err)
{
	struct md_err lookup;
	md_err_clear(&lookup);
	*out = display_value(db, f, col, v, key, style, &lookup);
	if (*out)
		return MD_OK;
	if (lookup.status == MD_OK)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	return md_err_set(err, lookup.status, "%s", lookup.msg);
}

/* ---- layout ------------------------------------------------------------ */

/*
 * East Asian Ambiguous code points (Unicode EastAsianWidth.txt, "A"): the
 * ranges a consultant's text actually meets (○ ※ ① ◎ △ ■ ─ … and the
 * like). Terminals set to "ambiguous = wide" draw them in two columns.
 */
static const struct {
	uint32_t lo, hi;
} ambiguous_ranges[] = {
	{0x00A1, 0x00A1}, {0x00A4, 0x00A4}, {0x00A7, 0x00A8}, {0x00AA, 0x00AA},
	{0x00AD, 0x00AE}, {0x00B0, 0x00B4}, {0x00B6, 0x00BA}, {0x00BC, 0x00BF},
	{0x00C6, 0x00C6}, {0x00D0, 0x00D0}, {0x00D7, 0x00D8}, {0x00DE, 0x00E1},
	{0x00E6, 0x00E6}, {0x00E8, 0x00EA}, {0x00EC, 0x00ED}, {0x00F0, 0x00F0},
	{0x00F2, 0x00F3}, {0x00F7, 0x00FA}, {0x00FC, 0x00FC}, {0x00FE, 0x00FE},
	{0x0391, 0x03A9}, {0x03B1, 0x03C9}, {0x0401, 0x0401}, {0x0410, 0x044F},
	{0x0451, 0x0451}, {0x2010, 0x2010}, {0x2013, 0x2016}, {0x2018, 0x2019},
	{0x201C, 0x201D}, {0x2020, 0x2022}, {0x2024, 0x2027}, {0x2030, 0x2030},
	{0x2032, 0x2033}, {0x2035, 0x2035}, {0x203B, 0x203B}, {0x203E, 0x203E},
	{0x2074, 0x2074}, {0x207F, 0x207F}, {0x2081, 0x2084}, {0x20AC, 0x20AC},
	{0x2103, 0x2103}, {0x2105, 0x2105}, {0x2109, 0x2109}, {0x2113, 0x2113},
	{0x2116, 0x2116}, {0x2121, 0x2122}, {0x2126, 0x2126}, {0x212B, 0x212B},
	{0x2153, 0x2154}, {0x215B, 0x215E}, {0x2160, 0x216B}, {0x2170, 0x2179},
	{0x2190, 0x2199}, {0x21D2, 0x21D2}, {0x21D4, 0x21D4}, {0x2200, 0x2200},
	{0x2202, 0x2203}, {0x2207, 0x2208}, {0x220B, 0x220B}, {0x220F, 0x220F},
	{0x2211, 0x2211}, {0x2215, 0x2215}, {0x221A, 0x221A}, {0x221D, 0x2220},
	{0x2223, 0x2223}, {0x2225, 0x2225}, {0x2227, 0x222C}, {0x222E, 0x222E},
	{0x2234, 0x2237}, {0x223C, 0x223D}, {0x2248, 0x2248}, {0x224C, 0x224C},
	{0x2252, 0x2252}, {0x2260, 0x2261}, {0x2264, 0x2267}, {0x226A, 0x226B},
	{0x226E, 0x226F}, {0x2282, 0x2283}, {0x2286, 0x2287}, {0x2295, 0x2295},
	{0x2299, 0x2299}, {0x22A5, 0x22A5}, {0x22BF, 0x22BF}, {0x2312, 0x2312},
	{0x2460, 0x24E9}, {0x24EB, 0x254B}, {0x2550, 0x2573}, {0x2580, 0x258F},
	{0x2592, 0x2595}, {0x25A0, 0x25A1}, {0x25A3, 0x25A9}, {0x25B2, 0x25B3},
	{0x25B6, 0x25B7}, {0x25BC, 0x25BD}, {0x25C0, 0x25C1}, {0x25C6, 0x25C8},
	{0x25CB, 0x25CB}, {0x25CE, 0x25D1}, {0x25E2, 0x25E5}, {0x25EF, 0x25EF},
	{0x2605, 0x2606}, {0x2609, 0x2609}, {0x260E, 0x260F}, {0x261C, 0x261C},
	{0x261E, 0x261E}, {0x2640, 0x2640}, {0x2642, 0x2642}, {0x2660, 0x2661},
	{0x2663, 0x2665}, {0x2667, 0x266A}, {0x266C, 0x266D}, {0x266F, 0x266F},
	{0x273D, 0x273D}, {0x2776, 0x277F}, {0x3248, 0x324F}, {0xE000, 0xF8FF},
	{0xFFFD, 0xFFFD},
};

static bool
is_ambiguous(uint32_t c)
{
	size_t lo = 0,
	       hi = sizeof ambiguous_ranges / sizeof ambiguous_ranges[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < ambiguous_ranges[mid].lo)
			hi = mid;
		else if (c > ambiguous_ranges[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int
md_display_char_width(uint32_t cp, int ambiguous)
{
	/* What a terminal would obey or not draw is drawn as its escape. */
	char esc[MD_VISIBLE_ESC_MAX];
	size_t n = md_visible_escape(cp, MD_VISIBLE_LINE, esc);
	if (n)
		return (int)n;
	if (ambiguous == 2 && is_ambiguous(cp))
		return 2;
	/* The C library's width, as the terminal library counts it; where the
	 * locale does not know the character, Unicode's. */
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		w = utf8proc_charwidth((utf8proc_int32_t)cp);
	return w < 0 ? 1 : w;
}

/* The code point at s (len bytes left) and its bytes; a bad byte is one
 * U+FFFD. */
static size_t
next_cp(const char *s, size_t len, uint32_t *cp)
{
	size_t n = md_utf8_decode(s, len, cp);
	if (n == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return n;
}

int
md_display_width_n(const char *s, size_t len, int ambiguous)
{
	int w = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += next_cp(s + i, len - i, &cp);
		w += md_display_char_width(cp, ambiguous);
	}
	return w;
}

int
md_display_width(const char *s, int ambiguous)
{
	return md_display_width_n(s, strlen(s), ambiguous);
}

static bool
is_space(uint32_t cp)
{
	return cp == ' ' || cp == 0x3000;
}

size_t
md_display_fit(const char *s, int width, int ambiguous, bool *cut)
{
	size_t len = strlen(s);
	*cut = false;
	if (md_display_width_n(s, len, ambiguous) <= width)
		return len;
	*cut = true;
	int room = width - md_display_width(MD_DISPLAY_ELLIPSIS, ambiguous);
	size_t nonspace = 0;
	int used = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = next_cp(s + i, len - i, &cp);
		int w = md_display_char_width(cp, ambiguous);
		if (used + w > room)
			break;
		used += w;
		i += n;
		if (!is_space(cp))
			nonspace = i;
	}
	return nonspace;
}

char *
md_display_cut(const char *s, int width, int ambiguous)
{
	bool cut;
	size_t n = md_display_fit(s, width, ambiguous, &cut);
	if (!cut)
		return md_strdup(s);
	if (width < md_display_width(MD_DISPLAY_ELLIPSIS, ambiguous))
		return md_strndup(s, n);
	return md_asprintf("%.*s%s", (int)n, s, MD_DISPLAY_ELLIPSIS);
}

/*
 * 禁則 (JIS X 4051, the classes a Japanese text meets): what may not start
 * a line — closing brackets (cl-02), hyphens (cl-03), ！？ (cl-04), middle
 * dots and colons (cl-05), full stops (cl-06), the inseparable … ‥ (cl-08),
 * iteration marks (cl-09), the prolonged sound mark ー (cl-10), small kana
 * (cl-11), and their half-width and ASCII forms; and what may not end one —
 * opening brackets (cl-01) and the signs written before a number.
 */
/* clang-format off */
static const uint32_t no_start[] = {
	'!', ')', ',', '.', ':', ';', '?', ']', '}',
	0x00BB, /* » */
	0x2010, 0x2013, 0x2014, 0x2019, 0x201D, 0x2024, 0x2025, 0x2026,
	0x203C, 0x2047, 0x2048, 0x2049, 0x2103, 0x2030, 0x2032, 0x2033,
	0x00B0, /* ° */
	0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011,
	0x3015, 0x3017, 0x3019, 0x301B, 0x301C, 0x301F, 0x303B, 0x3033,
	0x3034, 0x3035,
	/* small hiragana */
	0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
	0x3087, 0x308E, 0x3095, 0x3096,
	0x309B, 0x309C, 0x309D, 0x309E, 0x30A0,
	/* small katakana */
	0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5,
	0x30E7, 0x30EE, 0x30F5, 0x30F6,
	0x30FB, 0x30FC, 0x30FD, 0x30FE,
	0x31F0, 0x31F1, 0x31F2, 0x31F3, 0x31F4, 0x31F5, 0x31F6, 0x31F7,
	0x31F8, 0x31F9, 0x31FA, 0x31FB, 0x31FC, 0x31FD, 0x31FE, 0x31FF,
	/* full-width forms */
	0xFF01, 0xFF05, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F,
	0xFF3D, 0xFF5D, 0xFF5E, 0xFF60,
	/* half-width forms */
	0xFF61, 0xFF63, 0xFF64, 0xFF65, 0xFF67, 0xFF68, 0xFF69, 0xFF6A,
	0xFF6B, 0xFF6C, 0xFF6D, 0xFF6E, 0xFF6F, 0xFF70, 0xFF9E, 0xFF9F,
};
/* clang-format on */

/* clang-format off */
static const uint32_t no_end[] = {
	'(', '[', '{',
	0x00AB, /* « */
	0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014,
	0x3016, 0x3018, 0x301A, 0x301D,
	0xFF03, 0xFF04, 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F, 0xFF62, 0xFFE1,
	0xFFE5, /* ＃ ＄ （ ［ ｛ ｟ ｢ ￡ ￥ */
};
/* clang-format on */

static bool
in_set(const uint32_t *set, size_t n, uint32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == cp)
			return true;
	return false;
}

bool
md_display_no_line_start(uint32_t cp)
{
	return in_set(no_start, sizeof no_start / sizeof no_start[0], cp);
}

bool
md_display_no_line_end(uint32_t cp)
{
	return in_set(no_end, sizeof no_end / sizeof no_end[0], cp);
}

/* A letter, digit or sign of ASCII: a run of them is one word. */
static bool
ascii_word(uint32_t cp)
{
	return cp > 0x20 && cp < 0x7F;
}

/* One character of a paragraph being wrapped. */
struct wchar_at {
	size_t at; /* byte offset in the text */
	uint32_t cp;
	int width;
};

/* Whether a line may break between chars c[i - 1] and c[i]. */
static bool
may_break(const struct wchar_at *c, size_t i)
{
	uint32_t a = c[i - 1].cp, b = c[i].cp;
	if (c[i].width == 0 && !is_space(b))
		return false; /* a combining mark, a variation selector */
	if (is_space(a) || is_space(b))
		return true;
	if (ascii_word(a) && ascii_word(b))
		return false;
	return !md_display_no_line_start(b) && !md_display_no_line_end(a);
}

static bool
add_line(struct md_lines *out, const char *s, size_t len)
{
	char **more = md_realloc(out->line, (out->n + 1) * sizeof *more);
	if (!more)
		return false;
	out->line = more;
	char *line = md_strndup(s, len);
	if (!line)
		return false;
	out->line[out->n++] = line;
	return true;
}

/* Wrap one paragraph (no "\n") of len bytes at p; false when out of
 * memory. */
static bool
wrap_paragraph(const char *p, size_t len, int width, int ambiguous,
	       struct md_lines *out)
{
	if (len == 0)
		return add_line(out, p, 0);
	struct wchar_at *c = md_malloc((len + 1) * sizeof *c);
	if (!c)
		return false;
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		c[n].at = i;
		i += next_cp(p + i, len - i, &c[n].cp);
		c[n].width = md_display_char_width(c[n].cp, ambiguous);
		n++;
	}
	c[n].at = len;
	bool ok = true;
	size_t start = 0;
	while (ok && start < n) {
		size_t i = start, brk = 0;
		int used = 0;
		for (; i < n; i++) {
			if (i > start && may_break(c, i))
				brk = i;
			if (used + c[i].width > width && i > start &&
			    !is_space(c[i].cp))
				break;
			used += c[i].width;
		}
		size_t end = i; /* the line is c[start, end) */
		if (i < n && brk > start)
			end = brk;
		else if (i < n) {
			/* No break in a run wider than the line: at a
			 * character, still with 禁則 where it can. */
			while (end > start + 1 &&
			       ((md_display_no_line_start(c[end].cp) &&
				 !md_display_no_line_start(c[end - 1].cp)) ||
				md_display_no_line_end(c[end - 1].cp) ||
				(c[end].width == 0 && !is_space(c[end].cp))))
				end--;
		}
		/* A break drops the spaces on both sides of it; the end of
		 * the text, those over the width. */
		size_t last = end;
		int lw = 0;
		for (size_t k = start; k < end; k++)
			lw += c[k].width;
		while (last > start && is_space(c[last - 1].cp) &&
		       (end < n || lw > width))
			lw -= c[--last].width;
		ok = add_line(out, p + c[start].at, c[last].at - c[start].at);
		start = end;
		while (start < n && is_space(c[start].cp))
			start++;
	}
	md_free(c);
	return ok;
}

void
md_lines_free(struct md_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		md_free(l->line[i]);
	md_free(l->line);
	l->line = NULL;
	l->n = 0;
}

enum md_status
md_display_wrap(const char *s, int width, int ambiguous, struct md_lines *out)
{
	out->line = NULL;
	out->n = 0;
	if (width < 2)
		width = 2;
	for (const char *p = s;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (!wrap_paragraph(p, len, width, ambiguous, out)) {
			md_lines_free(out);
			return MD_ERR_NOMEM;
		}
		if (!nl)
			return MD_OK;
		p = nl + 1;
	}
}
