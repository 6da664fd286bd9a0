/* The idle lock: it owns the whole screen until someone logs in. While it
 * holds, ui_draw draws only the lock (whatever asks for a redrawing: a
 * resize, a key, a message), and waiting for a key neither ticks the
 * screens nor locks again. */
#include "ui.h"

#include <curses.h>
#include <string.h>

#include "madoguchi/mem.h"
#include "madoguchi/text.h"

struct lock {
	char *login;                  /* who logs in (u: another) */
	char message[MD_ERR_MSG_MAX]; /* why the last try failed */
};

void
lock_draw(struct ui *ui)
{
	const struct lock *l = ui->lock;
	curs_set(0);
	attron(A_REVERSE);
	move(0, 0);
	for (int x = 0; x < ui->cols; x++)
		addch(' ');
	ui_put(ui, 0, 1, " 窓口 madoguchi  画面をロックしました", ui->cols - 2);
	attroff(A_REVERSE);
	ui_put(ui, 3, 4, "しばらく操作がなかったため、画面を隠しました。",
	       ui->cols - 8);
	ui_put(ui, 4, 4, "入力中の内容は下書きとして保存されています。",
	       ui->cols - 8);
	char line[256];
	md_text_format(line, sizeof line, "ユーザー名: %s",
		       l && l->login ? l->login : "");
	ui_put(ui, 6, 4, line, ui->cols - 8);
	ui_put(ui, 8, 4,
	       "Enter: パスワードを入れて戻る   u: 別の職員でログイン",
	       ui->cols - 8);
	if (l && l->message[0]) {
		attron(A_BOLD);
		ui_put(ui, 10, 4, l->message, ui->cols - 8);
		attroff(A_BOLD);
	}
}

/* Ask for the password and log in; true when someone has. */
static bool
lock_login(struct ui *ui, struct lock *l)
{
	char *pw = ui_ask(ui, "パスワード", "", true);
	if (!pw)
		return false;
	struct md_user u;
	struct md_err err;
	enum md_status rc = md_user_login(ui->db, &ui->cfg, l->login, pw, &u,
					  &err);
	memset(pw, 0, strlen(pw));
	md_free(pw);
	if (rc != MD_OK) {
		md_text_format(l->message, sizeof l->message, "%s", err.msg);
		return false;
	}
	if (u.id != ui->user.id)
		ui->switch_user = true;
	md_user_fini(&ui->user);
	ui->user = u;
	return true;
}

void
ui_lock(struct ui *ui)
{
	struct lock l;
	memset(&l, 0, sizeof l);
	l.login = md_strdup(ui->user.login);
	ui->lock = &l;
	/* Keys typed before the lock are not its password. */
	flushinp();
	for (;;) {
		ui_draw(ui);
		struct ui_key k;
		if (!ui_getkey(ui, &k))
			break; /* hung up */
		if (!k.fkey && (k.ch == L'u' || k.ch == L'U')) {
			char *other = ui_ask(ui, "ユーザー名", "", false);
			if (other && *other) {
				md_free(l.login);
				l.login = other;
			} else {
				md_free(other);
			}
			continue;
		}
		if (((!k.fkey && (k.ch == L'\r' || k.ch == L'\n')) ||
		     (k.fkey && k.ch == KEY_ENTER)) &&
		    lock_login(ui, &l))
			break;
	}
	ui->lock = NULL;
	md_free(l.login);
	ui->message[0] = '\0';
}
