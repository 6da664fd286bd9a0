/* Modal dialogs: yes/no, choosing from a list, one line of text, leaving a
 * changed form, editing in $EDITOR, and the idle lock. None holds a
 * database transaction while it waits for a key. */
#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "madoguchi/mem.h"
#include "madoguchi/paths.h"
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

bool
ui_confirm(struct ui *ui, const char *question)
{
	size_t n;
	for (;;) {
		ui_draw(ui);
		int w = ui->cols - 8 < 70 ? ui->cols - 8 : 70;
		char **lines = ui_wrap(ui, question, w - 4, &n);
		int top, left;
		box_at(ui, (int)n + 4, w, "確認", &top, &left);
		for (size_t i = 0; i < n; i++)
			ui_put(ui, top + 2 + (int)i, left + 2, lines[i], w - 4);
		ui_wrap_free(lines, n);
		ui_put(ui, top + (int)n + 2, left + 2, "はい: y   いいえ: n / Esc", w - 4);
		refresh();
		struct ui_key k;
		if (!ui_getkey(ui, &k))
			return false;
		if (!k.fkey && (k.ch == L'y' || k.ch == L'Y'))
			return true;
		if ((!k.fkey && (k.ch == L'n' || k.ch == L'N' || k.ch == 27)) ||
		    (k.fkey && k.ch == KEY_F(10)))
			return false;
	}
}

int
ui_ask_leave(struct ui *ui)
{
	for (;;) {
		ui_draw(ui);
		int top, left, w = 64;
		box_at(ui, 6, w, "保存されていない変更があります", &top, &left);
		ui_put(ui, top + 2, left + 2, "s: 保存して戻る   d: 破棄して戻る", w - 4);
		ui_put(ui, top + 3, left + 2, "Esc: この画面にとどまる", w - 4);
		refresh();
		struct ui_key k;
		if (!ui_getkey(ui, &k))
			return 0;
		if (!k.fkey && (k.ch == L's' || k.ch == L'S'))
			return 's';
		if (!k.fkey && (k.ch == L'd' || k.ch == L'D'))
			return 'd';
		if ((!k.fkey && k.ch == 27) || (k.fkey && k.ch == KEY_F(10)))
			return 0;
	}
}

int
ui_choose(struct ui *ui, const char *title, const char *const *labels,
	  size_t n, int current, bool *marks)
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
		if (visible > ui->rows - 10)
			visible = ui->rows - 10;
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
				 marks ? (marks[i] ? "[x] " : "[ ] ") : "", i + 1, labels[i]);
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
				sel = (size_t)(sel + visible) < n ? sel + visible : (int)n - 1;
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
			digit_value = digits ? digit_value * 10 + (int)(k.ch - L'0')
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
		ui_put(ui, top + 3, left + 2, "Enter: 決定  Esc: やめる", w - 4);
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

/* A private folder for the text handed to an editor: beside the database,
 * 0700, so another user of the workstation cannot read it. */
static char *
private_dir(struct ui *ui)
{
	char *dir = md_path_dirname(ui->db_path);
	char *p = dir ? md_asprintf("%s/.edit", dir) : NULL;
	md_free(dir);
	if (!p)
		return NULL;
	if (mkdir(p, 0700) != 0 && errno != EEXIST) {
		md_free(p);
		return NULL;
	}
	chmod(p, 0700);
	return p;
}

/* Whether to take in what an editor that ended with an error wrote. */
static bool
confirm_failed_edit(struct ui *ui, const char *editor, int rc)
{
	char q[512];
	md_text_format(q, sizeof q,
		       "エディタがエラー(終了コード %d)で終わりました。ファイルには編集した内容が残っています。取り込みますか(n: 編集の前のまま。エディタ: %s)",
		       WIFEXITED(rc) ? WEXITSTATUS(rc) : 128 + WTERMSIG(rc),
		       editor);
	return ui_confirm(ui, q);
}

char *
ui_external_edit(struct ui *ui, const char *text)
{
	char *dir = private_dir(ui);
	char *path = dir ? md_asprintf("%s/madoguchi-XXXXXX", dir) : NULL;
	md_free(dir);
	if (!path) {
		ui_message(ui, true, "編集用の一時ファイルを作れません");
		return NULL;
	}
	int fd = mkstemp(path);
	if (fd < 0) {
		ui_message(ui, true, "編集用の一時ファイルを作れません(%s)",
			   md_strerror(errno));
		md_free(path);
		return NULL;
	}
	fchmod(fd, 0600);
	size_t len = strlen(text);
	bool ok = write(fd, text, len) == (ssize_t)len;
	close(fd);
	char *result = NULL;
	if (ok) {
		const char *editor = getenv("VISUAL");
		if (!editor || !*editor)
			editor = getenv("EDITOR");
		if (!editor || !*editor)
			editor = "vi";
		char *cmd = md_asprintf("%s '%s'", editor, path);
		def_prog_mode();
		endwin();
		int rc = cmd ? system(cmd) : -1;
		reset_prog_mode();
		refresh();
		md_free(cmd);
		/* An editor that ends with an error (vi's :cq, a crash) may
		 * still have written what was typed: it is offered, not
		 * dropped; taken without asking when the terminal is gone. */
		FILE *f = rc != -1 ? fopen(path, "rb") : NULL;
		if (f) {
			struct md_buf b;
			md_buf_init(&b);
			char chunk[4096];
			size_t n;
			while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
				md_buf_add(&b, chunk, n);
			fclose(f);
			/* Editors end the file with a newline; the field does not. */
			while (b.len && b.data[b.len - 1] == '\n')
				b.data[--b.len] = '\0';
			if (md_buf_ok(&b) && strcmp(md_buf_str(&b), text) &&
			    (rc == 0 || ui_hung_up(ui) || confirm_failed_edit(ui, editor, rc)))
				result = md_buf_take(&b);
			md_buf_fini(&b);
		} else {
			ui_message(ui, true, "エディタ(%s)で編集できませんでした", editor);
		}
	}
	unlink(path);
	md_free(path);
	return result;
}

void
ui_lock(struct ui *ui)
{
	char *login = md_strdup(ui->user.login);
	char message[MD_ERR_MSG_MAX] = "";
	for (;;) {
		erase();
		attron(A_REVERSE);
		move(0, 0);
		for (int x = 0; x < ui->cols; x++)
			addch(' ');
		ui_put(ui, 0, 1, " 窓口 madoguchi  画面をロックしました", ui->cols - 2);
		attroff(A_REVERSE);
		ui_put(ui, 3, 4, "しばらく操作がなかったため、画面を隠しました。", ui->cols - 8);
		ui_put(ui, 4, 4, "入力中の内容は下書きとして保存されています。", ui->cols - 8);
		char line[256];
		md_text_format(line, sizeof line, "ユーザー名: %s", login ? login : "");
		ui_put(ui, 6, 4, line, ui->cols - 8);
		ui_put(ui, 8, 4, "Enter: パスワードを入れて戻る   u: 別の職員でログイン",
		       ui->cols - 8);
		if (message[0]) {
			attron(A_BOLD);
			ui_put(ui, 10, 4, message, ui->cols - 8);
			attroff(A_BOLD);
		}
		refresh();
		wint_t c;
		int r = get_wch(&c);
		if (ui_hung_up(ui))
			break;
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES && c == KEY_RESIZE) {
			getmaxyx(stdscr, ui->rows, ui->cols);
			continue;
		}
		if (r == OK && (c == L'u' || c == L'U')) {
			char *other = ui_ask(ui, "ユーザー名", "", false);
			if (other && *other) {
				md_free(login);
				login = other;
			} else {
				md_free(other);
			}
			continue;
		}
		if (!(r == OK && (c == L'\r' || c == L'\n')) &&
		    !(r == KEY_CODE_YES && c == KEY_ENTER))
			continue;
		char *pw = ui_ask(ui, "パスワード", "", true);
		if (!pw)
			continue;
		struct md_user u;
		struct md_err err;
		enum md_status rc = md_user_login(ui->db, &ui->cfg, login, pw, &u, &err);
		memset(pw, 0, strlen(pw));
		md_free(pw);
		if (rc != MD_OK) {
			md_text_format(message, sizeof message, "%s", err.msg);
			continue;
		}
		if (u.id != ui->user.id)
			ui->switch_user = true;
		md_user_fini(&ui->user);
		ui->user = u;
		break;
	}
	md_free(login);
	ui->message[0] = '\0';
}
