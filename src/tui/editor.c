/* A text editor widget over wide characters: one line (fields) or several
 * (textareas, wrapped by display width), moving over double-width
 * characters and combining marks as a person sees them. */
#include "ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/mem.h"
#include "madoguchi/text.h"

static bool
reserve(struct editor *e, size_t extra)
{
	if (e->len + extra + 1 <= e->cap)
		return true;
	size_t cap = e->cap ? e->cap * 2 : 64;
	while (cap < e->len + extra + 1)
		cap *= 2;
	wchar_t *p = md_realloc(e->buf, cap * sizeof *p);
	if (!p)
		return false;
	e->buf = p;
	e->cap = cap;
	return true;
}

void
editor_set(struct editor *e, const char *text)
{
	e->len = 0;
	e->cur = 0;
	e->scroll = 0;
	const char *s = text ? text : "";
	size_t n = strlen(s);
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = md_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		if (!reserve(e, 1))
			break;
		e->buf[e->len++] = (wchar_t)cp;
		i += k;
	}
	if (e->buf)
		e->buf[e->len] = 0;
	e->cur = e->len;
}

void
editor_init(struct editor *e, const char *text, bool multiline)
{
	memset(e, 0, sizeof *e);
	e->multiline = multiline;
	/* The buffer exists from the start, even for a field that never
	 * holds text (issue 15, finding 1: Ctrl-U in an empty field wrote
	 * into a buffer never allocated). Out of memory it stays NULL, and
	 * every edit below copes with that. */
	reserve(e, 0);
	editor_set(e, text);
}

void
editor_fini(struct editor *e)
{
	md_free(e->buf);
	memset(e, 0, sizeof *e);
}

char *
editor_text(const struct editor *e)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < e->len; i++) {
		uint32_t c = (uint32_t)e->buf[i];
		char s[4];
		size_t n;
		if (c < 0x80) {
			s[0] = (char)c;
			n = 1;
		} else if (c < 0x800) {
			s[0] = (char)(0xC0 | (c >> 6));
			s[1] = (char)(0x80 | (c & 0x3F));
			n = 2;
		} else if (c < 0x10000) {
			s[0] = (char)(0xE0 | (c >> 12));
			s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
			s[2] = (char)(0x80 | (c & 0x3F));
			n = 3;
		} else {
			s[0] = (char)(0xF0 | (c >> 18));
			s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
			s[2] = (char)(0x80 | ((c >> 6) & 0x3F));
			s[3] = (char)(0x80 | (c & 0x3F));
			n = 4;
		}
		md_buf_add(&b, s, n);
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

/* Zero-width characters (combining marks) belong to the one before; a
 * hidden one (U+200B) is drawn as its escape and stands alone. */
static bool
joins(wchar_t c)
{
	return c != L'\n' && ui_wcwidth(NULL, c) == 0;
}

static void
left(struct editor *e)
{
	while (e->cur > 0) {
		e->cur--;
		if (!joins(e->buf[e->cur]))
			break;
	}
}

static void
right(struct editor *e)
{
	if (e->cur < e->len)
		e->cur++;
	while (e->cur < e->len && joins(e->buf[e->cur]))
		e->cur++;
}

static bool
insert(struct editor *e, wchar_t c)
{
	if (!reserve(e, 1))
		return false;
	memmove(&e->buf[e->cur + 1], &e->buf[e->cur],
		(e->len - e->cur) * sizeof *e->buf);
	e->buf[e->cur++] = c;
	e->len++;
	e->buf[e->len] = 0;
	return true;
}

/* Remove the characters [from, to) and put the cursor there. Nothing to
 * remove touches nothing, so an empty editor is safe, even one whose
 * buffer could not be allocated. */
static void
erase_range(struct editor *e, size_t from, size_t to)
{
	if (to > e->len)
		to = e->len;
	if (from < to && e->buf) {
		memmove(&e->buf[from], &e->buf[to],
			(e->len - to) * sizeof *e->buf);
		e->len -= to - from;
		e->buf[e->len] = 0;
	}
	e->cur = from < e->len ? from : e->len;
}

/* Visual lines of a multi-line editor: start index of each, for a width. */
static size_t
layout(const struct ui *ui, const struct editor *e, int width, size_t *starts,
       size_t max)
{
	size_t n = 0;
	size_t i = 0;
	if (max)
		starts[n++] = 0;
	int used = 0;
	while (i < e->len) {
		wchar_t c = e->buf[i];
		if (c == L'\n') {
			i++;
			if (n < max)
				starts[n] = i;
			n++;
			used = 0;
			continue;
		}
		int w = ui_wcwidth(ui, c);
		if (used + w > width) {
			if (n < max)
				starts[n] = i;
			n++;
			used = 0;
		}
		used += w;
		i++;
	}
	return n ? n : 1;
}

/* Line and column (in display cells) of index i in the layout. */
static void
locate(const struct ui *ui, const struct editor *e, const size_t *starts,
       size_t nlines, size_t i, size_t *line, int *col)
{
	size_t l = 0;
	while (l + 1 < nlines && starts[l + 1] <= i)
		l++;
	int c = 0;
	for (size_t k = starts[l]; k < i; k++)
		c += e->buf[k] == L'\n' ? 0 : ui_wcwidth(ui, e->buf[k]);
	*line = l;
	*col = c;
}

/* The index on line l nearest display column col. */
static size_t
index_at(const struct ui *ui, const struct editor *e, const size_t *starts,
	 size_t nlines, size_t l, int col)
{
	size_t i = starts[l];
	size_t end = l + 1 < nlines ? starts[l + 1] : e->len;
	int c = 0;
	while (i < end && e->buf[i] != L'\n') {
		int w = ui_wcwidth(ui, e->buf[i]);
		if (c + w > col)
			break;
		c += w;
		i++;
	}
	/* At the end of a wrapped line, stay on it rather than the next. */
	if (l + 1 < nlines && i == end && end > starts[l])
		i = end - 1;
	return i;
}

#define MAX_LINES 4096

static void
vertical(const struct ui *ui, struct editor *e, int delta, int width)
{
	size_t *starts = md_malloc(MAX_LINES * sizeof *starts);
	if (!starts)
		return;
	size_t n = layout(ui, e, width, starts, MAX_LINES);
	if (n > MAX_LINES)
		n = MAX_LINES;
	size_t line;
	int col;
	locate(ui, e, starts, n, e->cur, &line, &col);
	long target = (long)line + delta;
	if (target >= 0 && (size_t)target < n)
		e->cur = index_at(ui, e, starts, n, (size_t)target, col);
	md_free(starts);
}

bool
editor_key(const struct ui *ui, struct editor *e, const struct ui_key *k,
	   bool *changed)
{
	*changed = false;
	wint_t c = k->ch;
	/* A field just entered: typing replaces what it held; moving keeps
	 * it. */
	bool fresh = e->fresh;
	e->fresh = false;
	if (fresh && !e->multiline && !k->fkey && c >= 0x20 && c != 0x7F) {
		e->len = 0;
		e->cur = 0;
		if (e->buf)
			e->buf[0] = 0;
	}
	if (k->fkey) {
		switch (c) {
		case KEY_LEFT:
			left(e);
			return true;
		case KEY_RIGHT:
			right(e);
			return true;
		case KEY_HOME:
			if (e->multiline)
				while (e->cur > 0 &&
				       e->buf[e->cur - 1] != L'\n')
					e->cur--;
			else
				e->cur = 0;
			return true;
		case KEY_END:
			if (e->multiline)
				while (e->cur < e->len &&
				       e->buf[e->cur] != L'\n')
					e->cur++;
			else
				e->cur = e->len;
			return true;
		case KEY_BACKSPACE: {
			if (e->cur == 0)
				return true;
			size_t to = e->cur;
			left(e);
			erase_range(e, e->cur, to);
			*changed = true;
			return true;
		}
		case KEY_DC: {
			if (e->cur == e->len)
				return true;
			size_t from = e->cur;
			right(e);
			erase_range(e, from, e->cur);
			*changed = true;
			return true;
		}
		case KEY_UP:
		case KEY_DOWN:
			if (!e->multiline)
				return false;
			vertical(ui, e, c == KEY_UP ? -1 : 1,
				 e->width > 1 ? e->width : 60);
			return true;
		default:
			return false;
		}
	}
	if (c == 127 || c == 8) { /* Backspace as a character */
		struct ui_key bk = {KEY_BACKSPACE, true};
		return editor_key(ui, e, &bk, changed);
	}
	if (c == 21) { /* Ctrl-U: clear */
		*changed = e->len > 0;
		erase_range(e, 0, e->len);
		return true;
	}
	if ((c == L'\n' || c == L'\r') && e->multiline) {
		*changed = insert(e, L'\n');
		return true;
	}
	if (c < 0x20 || c == 0x7F)
		return false;
	*changed = insert(e, (wchar_t)c);
	return true;
}

void
editor_draw(const struct ui *ui, struct editor *e, int y, int x, int rows,
	    int width, bool focus)
{
	if (width < 2)
		return;
	e->width = width;
	if (!e->multiline) {
		/* Scroll so that the cursor shows, and no further than the
		 * text needs: text shortened from a long line comes back
		 * into view rather than leaving the field blank. */
		int before = 0, total = 0;
		for (size_t i = 0; i < e->len; i++) {
			if (i == e->cur)
				before = total;
			total += ui_wcwidth(ui, e->buf[i]);
		}
		if (e->cur >= e->len)
			before = total;
		if (e->scroll > total + 1 - width)
			e->scroll = total + 1 - width > 0 ? total + 1 - width
							  : 0;
		if (before < e->scroll)
			e->scroll = before;
		if (before - e->scroll > width - 1)
			e->scroll = before - (width - 1);
		int col = 0, used = 0, cx = x;
		move(y, x);
		for (size_t i = 0; i < e->len; i++) {
			int w = ui_wcwidth(ui, e->buf[i]);
			if (col < e->scroll) {
				col += w;
				continue;
			}
			if (used + w > width)
				break;
			if (i == e->cur)
				cx = x + used;
			ui_putc(ui, e->buf[i]);
			used += w;
			col += w;
		}
		if (e->cur == e->len)
			cx = x + used;
		for (; used < width; used++)
			addch(' ');
		if (focus)
			move(y, cx < x + width ? cx : x + width - 1);
		return;
	}
	size_t *starts = md_malloc(MAX_LINES * sizeof *starts);
	if (!starts)
		return;
	size_t n = layout(ui, e, width, starts, MAX_LINES);
	if (n > MAX_LINES)
		n = MAX_LINES;
	size_t cline;
	int ccol;
	locate(ui, e, starts, n, e->cur, &cline, &ccol);
	if ((int)cline < e->scroll)
		e->scroll = (int)cline;
	if ((int)cline >= e->scroll + rows)
		e->scroll = (int)cline - rows + 1;
	for (int r = 0; r < rows; r++) {
		size_t l = (size_t)(e->scroll + r);
		move(y + r, x);
		int used = 0;
		if (l < n) {
			size_t end = l + 1 < n ? starts[l + 1] : e->len;
			for (size_t i = starts[l]; i < end; i++) {
				if (e->buf[i] == L'\n')
					break;
				int w = ui_wcwidth(ui, e->buf[i]);
				if (used + w > width)
					break;
				ui_putc(ui, e->buf[i]);
				used += w;
			}
		}
		for (; used < width; used++)
			addch(' ');
	}
	if (focus)
		move(y + (int)cline - e->scroll,
		     x + (ccol < width ? ccol : width - 1));
	md_free(starts);
}
