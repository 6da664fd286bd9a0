/* The staff screen (職員): the administrator lists the accounts, registers
 * staff, disables and re-enables them and sets a new password, each through
 * the core's calls (auth.h), which decide who may and audit it. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

struct staff {
	struct md_user *users;
	size_t n;
	int sel, scroll;
};

static const enum ui_action staff_actions[] = {ACT_HELP,        ACT_USER_ADD,
					       ACT_USER_ACTIVE, ACT_USER_PASSWD,
					       ACT_OPEN,        ACT_REFRESH,
					       ACT_BACK,        ACT_NONE};

/* Read the accounts again, keeping the selection on login (NULL: where it
 * was). False, with the core's reason shown, when they cannot be read. */
static bool
staff_load(struct ui *ui, struct staff *st, const char *login)
{
	struct md_user *users;
	size_t n;
	struct md_err err;
	if (md_user_list(ui->db, &ui->user, &users, &n, &err) != MD_OK) {
		ui_error(ui, &err);
		return false;
	}
	md_user_list_free(st->users, st->n);
	st->users = users;
	st->n = n;
	for (size_t i = 0; login && i < n; i++)
		if (!strcmp(users[i].login, login))
			st->sel = (int)i;
	if (st->sel >= (int)n)
		st->sel = n ? (int)n - 1 : 0;
	return true;
}

/* Whether u's account is locked now after failed logins. */
static bool
locked_now(const struct md_user *u)
{
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	return u->locked_until[0] && strcmp(u->locked_until, now) > 0;
}

static void
staff_draw(struct ui *ui, struct screen *s)
{
	struct staff *st = s->state;
	char line[256];
	md_text_format(line, sizeof line, "職員の一覧(%zu 人)", st->n);
	attron(A_BOLD);
	ui_put(ui, 1, 1, line, ui->cols - 2);
	ui_put_pad(ui, 2, 1,
		   "ユーザー名       氏名             役割           状態 一時停止",
		   ui->cols - 2);
	attroff(A_BOLD);
	int top = 3, visible = ui->rows - 7;
	if (st->sel < st->scroll)
		st->scroll = st->sel;
	if (st->sel >= st->scroll + visible)
		st->scroll = st->sel - visible + 1;
	for (int r = 0; r < visible; r++) {
		size_t i = (size_t)(st->scroll + r);
		if (i >= st->n)
			break;
		const struct md_user *u = &st->users[i];
		int y = top + r;
		int attr = (int)i == st->sel ? A_REVERSE : 0;
		if (!u->active)
			attr |= A_DIM;
		attron(attr);
		ui_put_pad(ui, y, 1, "", ui->cols - 2);
		ui_put(ui, y, 1, u->login, 16);
		ui_put(ui, y, 18, u->display_name, 16);
		ui_put(ui, y, 35, md_role_label(u->role), 14);
		ui_put(ui, y, 50, u->active ? "有効" : "無効", 4);
		if (locked_now(u)) {
			char at[MD_DISPLAY_WHEN_SIZE];
			md_text_format(line, sizeof line, "%s まで",
				       md_display_when(u->locked_until,
						       MD_DATE_SHORT, at));
			ui_put(ui, y, 55, line, ui->cols - 56);
		}
		attroff(attr);
	}
	ui_put(ui, ui->rows - 3, 1,
	       "a: 登録  d: 無効にする・有効に戻す  p: パスワードの再設定  Enter: 選んで行う",
	       ui->cols - 2);
}

/* Wipe and free a password. */
static void
wipe(char *pw)
{
	if (pw)
		memset(pw, 0, strlen(pw));
	md_free(pw);
}

/* A new password for login, typed twice alike; NULL when given up. */
static char *
ask_password(struct ui *ui, const char *login)
{
	char prompt[256];
	md_text_format(prompt, sizeof prompt,
		       "%s の新しいパスワード(%d 文字以上)", login,
		       MD_PASSWORD_MIN);
	for (;;) {
		char *pw = ui_ask(ui, prompt, "", true);
		if (!pw)
			return NULL;
		char *again = ui_ask(ui, "確認のため、もう一度パスワード", "",
				     true);
		if (!again) {
			wipe(pw);
			return NULL;
		}
		bool same = !strcmp(pw, again);
		wipe(again);
		if (same)
			return pw;
		wipe(pw);
		ui_message(ui, true,
			   "2 回のパスワードが違います。もう一度入力してください");
	}
}

/* Register a member of staff: login, name, role and password, asked again
 * as typed when the core refuses what can be put right (a login taken, a
 * password too short). */
static void
add_user(struct ui *ui, struct staff *st)
{
	char *login = NULL, *name = NULL;
	int role = MD_ROLE_CONSULTANT;
	const char *roles[MD_ROLE_COUNT];
	for (int i = 0; i < MD_ROLE_COUNT; i++)
		roles[i] = md_role_label((enum md_role)i);
	for (;;) {
		if (!ui_ask_again(ui,
				  "登録する職員のユーザー名(ログインに使う名前)",
				  &login) ||
		    !ui_ask_again(ui, "氏名(画面と記録に出る名前)", &name))
			break;
		role = ui_choose(ui, "役割", roles, MD_ROLE_COUNT, role, NULL);
		if (role < 0)
			break;
		char *pw = ask_password(ui, login);
		if (!pw)
			break;
		struct md_err err;
		enum md_status rc = md_user_add(ui->db, &ui->user, login, name,
						(enum md_role)role, pw, NULL,
						&err);
		wipe(pw);
		if (rc == MD_OK) {
			staff_load(ui, st, login);
			ui_message(ui, false, "職員 %s(%s、%s)を登録しました",
				   name, login,
				   md_role_label((enum md_role)role));
			break;
		}
		ui_error(ui, &err);
		if (!ui_may_retry(rc) && rc != MD_ERR_EXISTS)
			break;
	}
	md_free(login);
	md_free(name);
}

/* Disable the selected account, or enable it again, once confirmed. */
static void
toggle_active(struct ui *ui, struct staff *st)
{
	const struct md_user *u = &st->users[st->sel];
	char q[512];
	md_text_format(q, sizeof q,
		       u->active
			       ? "%s(%s、%s)を無効にしますか。この職員はログインできなくなります(記録の名前は残ります)"
			       : "%s(%s、%s)を有効に戻しますか。この職員はまたログインできます",
		       u->display_name, u->login, md_role_label(u->role));
	if (!ui_confirm(ui, q))
		return;
	char *login = md_strdup(u->login);
	char *name = md_strdup(u->display_name);
	bool active = !u->active;
	struct md_err err;
	if (!login || !name)
		ui_message(ui, true, "メモリが不足しています");
	else if (md_user_set_active(ui->db, &ui->user, login, active, &err) !=
		 MD_OK)
		ui_error(ui, &err);
	else if (staff_load(ui, st, login))
		ui_message(ui, false,
			   active ? "%s(%s)を有効に戻しました"
				  : "%s(%s)を無効にしました",
			   name, login);
	md_free(login);
	md_free(name);
}

/* A new password for the selected account (clears a lockout too). */
static void
reset_password(struct ui *ui, struct staff *st)
{
	char *login = md_strdup(st->users[st->sel].login);
	char *name = md_strdup(st->users[st->sel].display_name);
	char *pw;
	while (login && name && (pw = ask_password(ui, login))) {
		struct md_err err;
		enum md_status rc = md_user_passwd(ui->db, &ui->user, login, pw,
						   &err);
		wipe(pw);
		if (rc == MD_OK) {
			staff_load(ui, st, login);
			ui_message(ui, false,
				   "%s(%s)のパスワードを再設定しました", name,
				   login);
			break;
		}
		ui_error(ui, &err);
		if (!ui_may_retry(rc))
			break;
	}
	md_free(login);
	md_free(name);
}

/* Enter: what can be done with the selected account, chosen from a list. */
static void
choose_action(struct ui *ui, struct staff *st)
{
	const struct md_user *u = &st->users[st->sel];
	const char *labels[] = {"パスワードを再設定する",
				u->active ? "無効にする" : "有効に戻す"};
	char title[256];
	md_text_format(title, sizeof title, "%s(%s)", u->display_name,
		       u->login);
	int pick = ui_choose(ui, title, labels, 2, 0, NULL);
	if (pick == 0)
		reset_password(ui, st);
	else if (pick == 1)
		toggle_active(ui, st);
}

static unsigned
staff_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct staff *st = s->state;
	enum ui_action a = ui_key_action(k, staff_actions);
	if (a == ACT_BACK)
		return UI_CLOSE;
	if (a == ACT_REFRESH) {
		staff_load(ui, st, NULL);
		return UI_REDRAW;
	}
	if (a == ACT_USER_ADD) {
		add_user(ui, st);
		return UI_REDRAW;
	}
	if (!st->n)
		return UI_REDRAW;
	if (a == ACT_OPEN) {
		choose_action(ui, st);
		return UI_REDRAW;
	}
	if (a == ACT_USER_ACTIVE) {
		toggle_active(ui, st);
		return UI_REDRAW;
	}
	if (a == ACT_USER_PASSWD) {
		reset_password(ui, st);
		return UI_REDRAW;
	}
	st->sel = ui_list_move(k, st->sel, st->n, ui->rows - 7);
	return UI_REDRAW;
}

static void
staff_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct staff *st = s->state;
	md_user_list_free(st->users, st->n);
	md_free(st);
}

static const struct screen_ops staff_ops = {
	.title = "職員",
	.actions = staff_actions,
	.guide =
		"管理者が職員のアカウントを管理します。a で登録(ユーザー名・氏名・役割・"
		"パスワードを 2 回)、d で選んだ職員を無効に(無効なら有効に戻す。確認が"
		"出ます)、p でパスワードを再設定します(ログインの一時停止も解けます)。"
		"アカウントは削除できません(記録に名前を残すため)。最後の管理者は無効に"
		"できません。どの操作も監査記録に残ります。",
	.draw = staff_draw,
	.key = staff_key,
	.close = staff_close,
};

bool
staff_open(struct ui *ui)
{
	if (!ui_action_allowed(ui, ACT_STAFF)) {
		ui_message(ui, true, "職員の管理は管理者だけが行えます");
		return false;
	}
	struct staff *st = md_calloc(1, sizeof *st);
	if (!st)
		return false;
	if (!staff_load(ui, st, NULL)) {
		md_free(st);
		return false;
	}
	ui_push(ui, &staff_ops, st);
	return true;
}
