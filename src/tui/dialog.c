/* Modal dialogs: yes/no, choosing from a list, one line of text, leaving a
 * changed form. None holds a database transaction while it waits for a
 * key. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/* A framed box of h × w in the middle of the screen; returns its top row
 * and left column. */
static void
box_at(const struct ui *ui, int h, int w, const char *title, int *top,
       int *left)
{
	if (w > ui->cols - 2)
		w = ui->cols - 2;
	if (h > ui->rows - 4)
		h = ui->rows - 4;
	int y = (ui->rows - h) / 2, x = (ui->cols - w) / 2;
	for (int r = 0; r < h; r++) {
		move(y + r, x);
		for (int c = 0; c < w; c++)
			addch(' ');
	}
	attron(A_REVERSE);
	move(y, x);
	for (int c = 0; c < w; c++)
		addch(' ');
	ui_put(ui, y, x + 1, title, w - 2);
	attroff(A_REVERSE);
	move(y + h - 1, x);
	for (int c = 0; c < w; c++)
		addch('-');
	*top = y;
	*left = x;
}

/* Yes/no, the cursor on yes or on no (the safe answer) to begin with. */
static bool
confirm(struct ui *ui, const char *question, bool yes)
{
	size_t n;
	for (;;) {
		ui_draw(ui);
		int w = ui->cols - 8 < 70 ? ui->cols - 8 : 70;
		char **lines = ui_wrap(ui, question, w - 4, &n);
		int top, left;
		box_at(ui, (int)n + 5, w, "確認", &top, &left);
		for (size_t i = 0; i < n; i++)
			ui_put(ui, top + 2 + (int)i, left + 2, lines[i], w - 4);
		ui_wrap_free(lines, n);
		/* The buttons: the one Enter answers in reverse. */
		int y = top + (int)n + 3, x = left + 2, end = left + w - 2;
		if (yes)
			attron(A_REVERSE);
		x += ui_put(ui, y, x, "[ はい(y) ]", end - x);
		attroff(A_REVERSE);
		x += ui_put(ui, y, x, "  ", end - x);
		if (!yes)
			attron(A_REVERSE);
		x += ui_put(ui, y, x, "[ いいえ(n) ]", end - x);
		attroff(A_REVERSE);
		ui_put(ui, y, x, "  ←→: 選ぶ  Enter: 決定  Esc: いいえ",
		       end - x);
		refresh();
		struct ui_key k;
		if (!ui_getkey(ui, &k))
			return false;
		if (ui_key_yes_no(&k) >= 0)
			return ui_key_yes_no(&k);
		if (ui_key_action(&k, NULL) == ACT_BACK)
			return false;
		if ((!k.fkey && (k.ch == L'\r' || k.ch == L'\n')) ||
		    (k.fkey && k.ch == KEY_ENTER))
			return yes;
		if ((!k.fkey && k.ch == L'\t') ||
		    (k.fkey && (k.ch == KEY_LEFT || k.ch == KEY_RIGHT ||
				k.ch == KEY_BTAB)))
			yes = !yes;
	}
}

bool
ui_confirm(struct ui *ui, const char *question)
{
	return confirm(ui, question, false);
}

bool
ui_confirm_yes(struct ui *ui, const char *question)
{
	return confirm(ui, question, true);
}

bool
ui_confirm_discard(struct ui *ui, const char *lost)
{
	char *q =
		md_asprintf("次のものを破棄します(戻せません)。\n  %s\nよろしいですか",
			    lost);
	bool yes = confirm(ui,
			   q ? q : "入力した内容を破棄します。よろしいですか",
			   false);
	md_free(q);
	return yes;
}

int
ui_ask_leave(struct ui *ui, const char *lost)
{
	for (;;) {
		ui_draw(ui);
		int top, left, w = 64;
		box_at(ui, 6, w, "保存されていない変更があります", &top, &left);
		ui_put(ui, top + 2, left + 2,
		       "s: 保存して戻る   d: 破棄して戻る(もう一度確かめます)",
		       w - 4);
		ui_put(ui, top + 3, left + 2, "Esc: この画面にとどまる", w - 4);
		refresh();
		struct ui_key k;
		if (!ui_getkey(ui, &k))
			return 0;
		if (!k.fkey && (k.ch == L's' || k.ch == L'S'))
			return 's';
		/* Thrown away only when asked again, naming what goes; no
		 * (the default) stays on the screen with it. */
		if (!k.fkey && (k.ch == L'd' || k.ch == L'D'))
			return ui_confirm_discard(ui, lost) ? 'd' : 0;
		if ((!k.fkey && k.ch == 27) || (k.fkey && k.ch == KEY_F(10)))
			return 0;
	}
}

int
ui_choose(struct ui *ui, const char *title, const char *const *labels, size_t n,
	  int current, bool *marks)
{
	int sel = current >= 0 && (size_t)current < n ? current : 0;
	int scroll = 0;
	int digits = 0, digit_value = 0;
	const char *hint = marks ? "Space: 選ぶ/外す  Enter: 決定  Esc: やめる"
				 : "番号か ↑↓ で選び Enter  Esc: やめる";
	for (;;) {
		ui_draw(ui);
		int w = 8;
		for (size_t i = 0; i < n; i++) {
			int lw = ui_width(ui, labels[i]) + 10;
			if (lw > w)
				w = lw;
		}
		if (ui_width(ui, title) + 4 > w)
			w = ui_width(ui, title) + 4;
		/* The keys' hint is whole, however short the options. */
		if (ui_width(ui, hint) + 4 > w)
			w = ui_width(ui, hint) + 4;
		if (w > ui->cols - 4)
			w = ui->cols - 4;
		int visible = (int)n;
		if (visible > ui_page(ui, 10))
			visible = ui_page(ui, 10);
		int top, left;
		box_at(ui, visible + 4, w, title, &top, &left);
		if (sel < scroll)
			scroll = sel;
		if (sel >= scroll + visible)
			scroll = sel - visible + 1;
		for (int r = 0; r < visible; r++) {
			size_t i = (size_t)(scroll + r);
			if (i >= n)
				break;
			char line[1024];
			md_text_format(line, sizeof line, "%s%2zu %s",
				       marks ? (marks[i] ? "[x] " : "[ ] ")
					     : "",
				       i + 1, labels[i]);
			if ((int)i == sel)
				attron(A_REVERSE);
			ui_put_pad(ui, top + 1 + r, left + 1, line, w - 2);
			if ((int)i == sel)
				attroff(A_REVERSE);
		}
		ui_put(ui, top + visible + 2, left + 1, hint, w - 2);
		refresh();
		struct ui_key k;
		if (!ui_getkey(ui, &k))
			return -1;
		if (k.fkey) {
			digits = 0;
			switch (k.ch) {
			case KEY_UP:
				if (sel > 0)
					sel--;
				break;
			case KEY_DOWN:
				if ((size_t)sel + 1 < n)
					sel++;
				break;
			case KEY_PPAGE:
				sel = sel > visible ? sel - visible : 0;
				break;
			case KEY_NPAGE:
				sel = (size_t)(sel + visible) < n
					      ? sel + visible
					      : (int)n - 1;
				break;
			case KEY_HOME:
				sel = 0;
				break;
			case KEY_END:
				sel = (int)n - 1;
				break;
			case KEY_ENTER:
				return sel;
			case KEY_F(10):
				return -1;
			}
			continue;
		}
		if (k.ch == 27)
			return -1;
		if (k.ch == L'\r' || k.ch == L'\n')
			return sel;
		if (k.ch == L'k')
			sel = sel > 0 ? sel - 1 : 0;
		else if (k.ch == L'j')
			sel = (size_t)sel + 1 < n ? sel + 1 : sel;
		else if (k.ch == L' ' && marks)
			marks[sel] = !marks[sel];
		else if (k.ch >= L'0' && k.ch <= L'9') {
			/* A number picks the option (two digits when needed). */
			digit_value = digits ? digit_value * 10 +
						       (int)(k.ch - L'0')
					     : (int)(k.ch - L'0');
			digits++;
			if (digit_value >= 1 && (size_t)digit_value <= n) {
				sel = digit_value - 1;
				if (!marks && (n < 10 || digits == 2)) {
					return sel;
				}
				if (marks && (n < 10 || digits == 2)) {
					marks[sel] = !marks[sel];
					digits = 0;
				}
			} else {
				digits = 0;
			}
		}
	}
}

char *
ui_ask(struct ui *ui, const char *prompt, const char *initial, bool secret)
{
	struct editor ed;
	editor_init(&ed, initial, false);
	char *result = NULL;
	for (;;) {
		ui_draw(ui);
		int top, left, w = ui->cols - 10 < 72 ? ui->cols - 10 : 72;
		box_at(ui, 5, w, prompt, &top, &left);
		ui_put(ui, top + 3, left + 2, "Enter: 決定  Esc: やめる",
		       w - 4);
		if (secret) {
			move(top + 2, left + 2);
			for (size_t i = 0; i < ed.len && (int)i < w - 5; i++)
				addch('*');
			curs_set(1);
		} else {
			curs_set(1);
			editor_draw(ui, &ed, top + 2, left + 2, 1, w - 4, true);
		}
		refresh();
		struct ui_key k;
		if (!ui_getkey(ui, &k))
			break;
		if ((!k.fkey && k.ch == 27) || (k.fkey && k.ch == KEY_F(10)))
			break;
		if ((!k.fkey && (k.ch == L'\r' || k.ch == L'\n')) ||
		    (k.fkey && k.ch == KEY_ENTER)) {
			result = editor_text(&ed);
			break;
		}
		bool changed;
		editor_key(ui, &ed, &k, &changed);
	}
	if (secret && ed.buf)
		memset(ed.buf, 0, ed.cap * sizeof *ed.buf);
	editor_fini(&ed);
	curs_set(0);
	return result;
}

bool
ui_ask_again(struct ui *ui, const char *prompt, char **text)
{
	char *answer = ui_ask(ui, prompt, *text, false);
	md_free(*text);
	*text = answer;
	return answer != NULL;
}
