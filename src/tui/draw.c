/* Drawing text by display width: double-width characters, the configured
 * width of East Asian ambiguous characters, wrapping, cutting, and what a
 * terminal would obey or not draw shown as its escape. */
#include "ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"
#include "madoguchi/visible.h"

int
ui_wcwidth(const struct ui *ui, wchar_t c)
{
	return md_display_char_width((uint32_t)c,
				     ui ? ui->cfg.display_ambiguous_width : 1);
}

void
ui_putc(const struct ui *ui, wchar_t c)
{
	char esc[MD_VISIBLE_ESC_MAX];
	if (md_visible_escape((uint32_t)c, MD_VISIBLE_LINE, esc)) {
		addstr(esc);
		return;
	}
	int y, x;
	getyx(stdscr, y, x);
	wchar_t one[2] = {c, 0};
	addnwstr(one, 1);
	/* Where the terminal draws an ambiguous character wide but the C
	 * library says narrow, keep the columns in step. */
	if (ui_wcwidth(ui, c) == 2 && wcwidth(c) == 1)
		move(y, x + 2);
}

/* Decode UTF-8 at *s into a wide character; advance *s. Bad bytes give
 * U+FFFD, one byte at a time. */
static wchar_t
next_char(const char **s)
{
	uint32_t cp;
	size_t n = md_utf8_decode(*s, strlen(*s), &cp);
	if (n == 0) {
		(*s)++;
		return 0xFFFD;
	}
	*s += n;
	return (wchar_t)cp;
}

int
ui_width(const struct ui *ui, const char *s)
{
	return md_display_width(s, ui ? ui->cfg.display_ambiguous_width : 1);
}

/* Draw the first len bytes of s at the cursor; returns the columns. */
static int
put_bytes(const struct ui *ui, const char *s, size_t len)
{
	int used = 0;
	const char *end = s + len;
	while (s < end && *s) {
		wchar_t c = next_char(&s);
		/* A combining mark (w 0) joins the character before it. */
		ui_putc(ui, c);
		used += ui_wcwidth(ui, c);
	}
	return used;
}

int
ui_put(const struct ui *ui, int y, int x, const char *s, int width)
{
	move(y, x);
	if (width <= 0)
		return 0;
	bool cut;
	size_t n = md_display_fit(s, width, ui->cfg.display_ambiguous_width,
				  &cut);
	int used = put_bytes(ui, s, n);
	if (cut && used + ui_width(ui, MD_DISPLAY_ELLIPSIS) <= width)
		used += put_bytes(ui, MD_DISPLAY_ELLIPSIS,
				  strlen(MD_DISPLAY_ELLIPSIS));
	return used;
}

void
ui_put_pad(const struct ui *ui, int y, int x, const char *s, int width)
{
	int used = ui_put(ui, y, x, s ? s : "", width);
	for (; used < width; used++)
		addch(' ');
}

char *
ui_join(char *const *items, size_t n, const char *none)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < n; i++)
		md_buf_addf(&b, "%s%s", i ? MD_DISPLAY_JOINER : "", items[i]);
	if (!n)
		md_buf_adds(&b, none);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

void
ui_wrap_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_free(lines[i]);
	md_free(lines);
}

char **
ui_wrap(const struct ui *ui, const char *s, int width, size_t *n)
{
	struct md_lines l;
	if (md_display_wrap(s, width, ui->cfg.display_ambiguous_width, &l) !=
	    MD_OK) {
		*n = 0;
		return NULL;
	}
	*n = l.n;
	return l.line;
}

int
ui_put_lines(const struct ui *ui, int y, int x, const char *s, int width,
	     int rows)
{
	size_t n;
	char **lines = ui_wrap(ui, s ? s : "", width, &n);
	for (int r = 0; r < rows; r++) {
		const char *line = (size_t)r < n ? lines[r] : "";
		if (r == rows - 1 && (size_t)rows < n) {
			/* More than the rows: the last one says so. */
			char *more = md_asprintf("%s%s", line,
						 MD_DISPLAY_ELLIPSIS);
			char *cut =
				more && ui_width(ui, more) > width
					? md_display_cut(line,
							 ui_width(ui, line) - 1,
							 ui->cfg.display_ambiguous_width)
					: NULL;
			ui_put_pad(ui, y + r, x,
				   cut    ? cut
				   : more ? more
					  : line,
				   width);
			md_free(cut);
			md_free(more);
		} else {
			ui_put_pad(ui, y + r, x, line, width);
		}
	}
	ui_wrap_free(lines, n);
	return (int)n;
}

void
ui_put_ends(const struct ui *ui, int y, int x, const char *left,
	    const char *right, int width)
{
	int lw = width - ui_width(ui, right);
	if (lw < width / 3)
		lw = width / 3; /* a right part too long is cut too */
	int used = ui_put(ui, y, x, left, lw);
	ui_put(ui, y, x + used, right, width - used);
}

/* The key bar's entries: key and label, with gap columns after each. */
static int
keybar_width(const struct ui *ui, const enum ui_action *a, const bool *shown,
	     int gap)
{
	int w = 0;
	for (size_t i = 0; a[i] != ACT_NONE && i < ACT_COUNT; i++)
		if (shown[i])
			w += ui_width(ui, ui_action_key(a[i])) +
			     ui_width(ui, ui_action_label(a[i])) + gap;
	return w - gap;
}

void
ui_keybar(const struct ui *ui, int y, const enum ui_action *a)
{
	move(y, 0);
	clrtoeol();
	if (!a)
		return;
	size_t n = 0;
	while (a[n] != ACT_NONE && n < ACT_COUNT)
		n++;
	bool shown[ACT_COUNT] = {false};
	for (size_t i = 0; i < n; i++)
		shown[i] = ui_action_allowed(ui,
					     a[i]); /* this user's keys only */
	int gap = 1;
	if (keybar_width(ui, a, shown, gap) > ui->cols)
		gap = 0; /* the keys, drawn reversed, still stand apart */
	/* Still too wide: whole entries only, F1 and the way back kept (F1
	 * names every key); those after them go first. */
	for (size_t i = n;
	     i-- > 1 && keybar_width(ui, a, shown, gap) > ui->cols;)
		if (a[i] != ACT_BACK)
			shown[i] = false;
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!shown[i])
			continue;
		int w = ui_width(ui, ui_action_key(a[i])) +
			ui_width(ui, ui_action_label(a[i]));
		if (x + w > ui->cols)
			break;
		attron(A_REVERSE);
		x += ui_put(ui, y, x, ui_action_key(a[i]), ui->cols - x);
		attroff(A_REVERSE);
		x += ui_put(ui, y, x, ui_action_label(a[i]), ui->cols - x);
		x += gap;
	}
}

void
ui_columns_layout(const struct ui *ui, const struct ui_column *c, size_t n,
		  int width, int *xs, int *ws)
{
	(void)ui;
	int fixed = 0, grow = 0;
	for (size_t i = 0; i < n; i++) {
		fixed += c[i].width + (i ? 1 : 0);
		grow += c[i].grow;
	}
	int extra = width - fixed, x = 0, given = 0;
	for (size_t i = 0; i < n; i++) {
		int more = 0;
		if (extra > 0 && grow > 0 && c[i].grow) {
			given += c[i].grow;
			more = extra * given / grow -
			       extra * (given - c[i].grow) / grow;
		}
		xs[i] = x;
		ws[i] = c[i].width + more;
		if (x + ws[i] > width)
			ws[i] = width - x > 0 ? width - x : 0;
		x += ws[i] + 1;
	}
}

void
ui_put_columns(const struct ui *ui, int y, int x, int width,
	       const struct ui_column *c, size_t n, const char *const *cells)
{
	int xs[UI_COLUMNS_MAX], ws[UI_COLUMNS_MAX];
	if (n > UI_COLUMNS_MAX)
		n = UI_COLUMNS_MAX;
	ui_columns_layout(ui, c, n, width, xs, ws);
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i] ? cells[i] : "";
		int pad = c[i].right ? ws[i] - ui_width(ui, s) : 0;
		ui_put(ui, y, x + xs[i] + (pad > 0 ? pad : 0), s,
		       ws[i] - (pad > 0 ? pad : 0));
	}
}

int
ui_page(const struct ui *ui, int other)
{
	int rows = ui->rows - other;
	return rows > 0 ? rows : 1;
}

void
ui_rule(const struct ui *ui, int y, const char *title)
{
	move(y, 0);
	attron(A_DIM);
	for (int x = 0; x < ui->cols; x++)
		addch('-');
	attroff(A_DIM);
	if (title && *title) {
		attron(A_BOLD);
		mvaddstr(y, 1, " ");
		ui_put(ui, y, 2, title, ui->cols - 4);
		addch(' ');
		attroff(A_BOLD);
	}
}
