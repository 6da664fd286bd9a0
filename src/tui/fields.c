/* What the screens of fields then rows share (the 相談票, the 会議): moving
 * the focus, scrolling to it, and drawing a field's line and a row's. */
#include "ui.h"

#include <curses.h>

bool
ui_fields_move(const struct ui_key *k, int focus, int n, int *to)
{
	int step = 0;
	if (!k->fkey && k->ch == L'\t')
		step = 1;
	else if (k->fkey && (k->ch == KEY_BTAB || k->ch == KEY_UP))
		step = -1;
	else if (k->fkey && k->ch == KEY_DOWN)
		step = 1;
	else if (k->fkey && k->ch == KEY_PPAGE)
		step = -8;
	else if (k->fkey && k->ch == KEY_NPAGE)
		step = 8;
	if (!step)
		return false;
	*to = focus + step;
	if (*to >= n)
		*to = n - 1;
	if (*to < 0)
		*to = 0;
	return true;
}

int
ui_fields_scroll(int scroll, int focus, int n, int nfields, int visible)
{
	if (focus < scroll)
		scroll = focus;
	if (focus >= scroll + visible)
		scroll = focus - visible + 1;
	/* On the rows below the fields, those after the focus show as well:
	 * what was just recorded there. */
	if (focus >= nfields && n - visible > scroll && n - visible <= focus)
		scroll = n - visible;
	return scroll;
}

void
ui_field_line(const struct ui *ui, int y, int label_w, const char *label,
	      bool focus, struct editor *ed, const char *text, int attr,
	      const char *fault)
{
	int vx = label_w + 2, vw = ui->cols - vx - 1;
	if (focus)
		attron(A_REVERSE);
	ui_put_pad(ui, y, 1, label, label_w);
	if (focus)
		attroff(A_REVERSE);
	int w = fault ? vw / 3 : vw;
	if (ed) {
		attron(A_UNDERLINE);
		editor_draw(ui, ed, y, vx, 1, w, false);
		attroff(A_UNDERLINE);
	} else {
		attron(attr);
		ui_put(ui, y, vx, text ? text : "", w);
		attroff(attr);
	}
	if (fault) {
		attron(A_BOLD | (ui->colors ? COLOR_PAIR(1) : 0));
		ui_put(ui, y, vx + w + 1, fault, vw - w - 1);
		attroff(A_BOLD | (ui->colors ? COLOR_PAIR(1) : 0));
	}
	/* Last, so that the cursor stays in the field. */
	if (ed)
		editor_draw(ui, ed, y, vx, 1, w, true);
}

void
ui_row_line(const struct ui *ui, int y, const char *text, const char *right,
	    bool focus)
{
	if (focus)
		attron(A_REVERSE);
	ui_put_pad(ui, y, 1, "", ui->cols - 2);
	ui_put_ends(ui, y, 1, text ? text : "", right ? right : "",
		    ui->cols - 2);
	if (focus)
		attroff(A_REVERSE);
}
