/* Drawing text by display width: double-width characters, the configured
 * width of East Asian ambiguous characters, wrapping, cutting, and what a
 * terminal would obey or not draw shown as its escape. */
#include "ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/mem.h"
#include "madoguchi/text.h"
#include "madoguchi/visible.h"

/*
 * East Asian Ambiguous code points (Unicode EastAsianWidth.txt, "A"): the
 * ranges a consultant's text actually meets (○ ※ ① ◎ △ ■ ─ and the like).
 * Terminals set to "ambiguous = wide" draw them in two columns.
 */
static const struct {
	wchar_t lo, hi;
} ambiguous[] = {
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
is_ambiguous(wchar_t c)
{
	size_t lo = 0, hi = sizeof ambiguous / sizeof ambiguous[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < ambiguous[mid].lo)
			hi = mid;
		else if (c > ambiguous[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int
ui_wcwidth(const struct ui *ui, wchar_t c)
{
	/* What a terminal would obey or not draw is drawn as its escape. */
	char esc[MD_VISIBLE_ESC_MAX];
	size_t n = md_visible_escape((uint32_t)c, MD_VISIBLE_LINE, esc);
	if (n)
		return (int)n;
	if (ui && ui->cfg.display_ambiguous_width == 2 && is_ambiguous(c))
		return 2;
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
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
	int w = 0;
	while (*s)
		w += ui_wcwidth(ui, next_char(&s));
	return w;
}

int
ui_put(const struct ui *ui, int y, int x, const char *s, int width)
{
	int used = 0;
	move(y, x);
	while (*s && used < width) {
		wchar_t c = next_char(&s);
		int w = ui_wcwidth(ui, c);
		if (used + w > width)
			break;
		/* A combining mark (w 0) joins the character before it. */
		ui_putc(ui, c);
		used += w;
	}
	return used;
}

void
ui_put_pad(const struct ui *ui, int y, int x, const char *s, int width)
{
	int used = ui_put(ui, y, x, s ? s : "", width);
	for (; used < width; used++)
		addch(' ');
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
	char **lines = NULL;
	size_t count = 0;
	if (width < 2)
		width = 2;
	const char *start = s;
	int used = 0;
	for (const char *p = s;;) {
		const char *before = p;
		bool end = !*p, nl = *p == '\n';
		int w = 0;
		if (!end && !nl) {
			wchar_t c = next_char(&p);
			w = ui_wcwidth(ui, c);
		}
		if (end || nl || used + w > width) {
			char **more = md_realloc(lines, (count + 1) * sizeof *more);
			if (!more)
				break;
			lines = more;
			lines[count++] = md_strndup(start, (size_t)(before - start));
			if (end)
				break;
			if (nl) {
				p = before + 1;
				start = p;
				used = 0;
				continue;
			}
			start = before;
			used = w;
			continue;
		}
		used += w;
	}
	*n = count;
	return lines;
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
