/* The login screen: a user name and a password (not echoed); on a database
 * with no accounts, the first administrator is registered here. */
#include "trace.h"
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/display.h"
#include "madoguchi/drafts.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

struct login {
	struct editor name, pass, display, pass2;
	int focus; /* 0 name, 1 password (2 display name, 3 again: first run) */
	bool first; /* no accounts yet */
};

static const enum ui_action login_actions[] = {ACT_HELP, ACT_OPEN, ACT_BACK,
					       ACT_NONE};

static void
wipe(struct editor *e)
{
	if (e->buf)
		memset(e->buf, 0, e->cap * sizeof *e->buf);
}

static void
login_draw(struct ui *ui, struct screen *s)
{
	struct login *l = s->state;
	int y = 3;
	if (l->first) {
		ui_put(ui, y++, 4,
		       "最初の管理者を登録します。この職員がほかの職員を登録します。",
		       ui->cols - 8);
		y++;
	} else {
		ui_put(ui, y++, 4, "ユーザー名とパスワードを入力してください。",
		       ui->cols - 8);
		y++;
	}
	static const char *const labels[] = {"ユーザー名", "パスワード", "氏名",
					     "パスワード(確認)"};
	int n = l->first ? 4 : 2;
	int order[] = {0, 2, 1, 3};
	int cy = 0, cx = 0;
	for (int i = 0; i < n; i++) {
		int f = l->first ? order[i] : i;
		ui_put(ui, y, 4, labels[f], 20);
		struct editor *e = f == 0   ? &l->name
				   : f == 1 ? &l->pass
				   : f == 2 ? &l->display
					    : &l->pass2;
		attron(A_UNDERLINE);
		if (f == 1 || f == 3) {
			move(y, 24);
			for (size_t k = 0; k < 30; k++)
				addch(k < e->len ? '*' : ' ');
			if (l->focus == f) {
				cy = y;
				cx = 24 + (int)(e->len < 30 ? e->len : 29);
			}
		} else {
			editor_draw(ui, e, y, 24, 1, 30, l->focus == f);
			if (l->focus == f)
				getyx(stdscr, cy, cx);
		}
		attroff(A_UNDERLINE);
		y += 2;
	}
	if (l->first)
		ui_put(ui, y + 1, 4,
		       "パスワードは 8 文字以上にしてください。Tab で次の欄へ。",
		       ui->cols - 8);
	char where[1024];
	md_text_format(where, sizeof where, "データベース: %s", ui->db_path);
	ui_put(ui, ui->rows - 4, 4, where, ui->cols - 8);
	curs_set(1);
	move(cy, cx);
}

/* After a login: offer the drafts the user left, newest first: of forms,
 * then of contacts (相談票). */
static void
offer_drafts(struct ui *ui)
{
	struct md_draft *d = NULL;
	struct md_contact_draft *cd = NULL;
	size_t n = 0, nc = 0;
	struct md_err err;
	if (md_draft_list(ui->db, &ui->user, &d, &n, &err) != MD_OK ||
	    md_contact_draft_list(ui->db, &ui->user, &cd, &nc, &err) != MD_OK) {
		ui_error(ui, &err);
		goto out;
	}
	if (n + nc == 0)
		goto out;
	const char **labels = md_calloc(n + nc + 1, sizeof *labels);
	char **owned = md_calloc(n + nc, sizeof *owned);
	if (!labels || !owned) {
		md_free(labels);
		md_free(owned);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct md_form *f = md_forms_find(ui->forms, d[i].form);
		char at[MD_DISPLAY_WHEN_SIZE];
		owned[i] = md_asprintf("ケース %lld %s %s(%s 保存)",
				       d[i].case_id, d[i].person_name,
				       f ? f->title : d[i].form,
				       md_display_when(d[i].updated_at,
						       MD_DATE_SHORT, at));
	}
	for (size_t i = 0; i < nc; i++)
		owned[n + i] = ui_contact_draft_label(&cd[i]);
	for (size_t i = 0; i < n + nc; i++)
		labels[i] = owned[i] ? owned[i] : "";
	labels[n + nc] = "復元しない(下書きはそのまま残ります)";
	int pick = ui_choose(ui, "入力中だった下書きがあります。復元しますか",
			     labels, n + nc + 1, 0, NULL);
	if (pick >= 0 && (size_t)pick < n)
		form_open(ui, d[pick].case_id, d[pick].form, d[pick].seq,
			  &d[pick].values, d[pick].field);
	else if (pick >= 0 && (size_t)pick < n + nc)
		contact_restore(ui, cd[pick - n].contact_id);
	for (size_t i = 0; i < n + nc; i++)
		md_free(owned[i]);
	md_free(owned);
	md_free(labels);
out:
	md_drafts_free(d, n);
	md_contact_drafts_free(cd, nc);
}

static unsigned
login_submit(struct ui *ui, struct login *l)
{
	char *name = editor_text(&l->name);
	char *pass = editor_text(&l->pass);
	struct md_err err;
	enum md_status rc = MD_OK;
	if (!name || !pass) {
		md_free(name);
		md_free(pass);
		return UI_REDRAW;
	}
	if (l->first) {
		char *display = editor_text(&l->display);
		char *again = editor_text(&l->pass2);
		if (!display || !again || strcmp(pass, again)) {
			ui_message(ui, true,
				   "2 回入力したパスワードが一致しません");
			rc = MD_ERR_INVALID;
		} else {
			rc = md_user_add(ui->db, NULL, name,
					 *display ? display : name,
					 MD_ROLE_ADMIN, pass, NULL, &err);
			if (rc != MD_OK)
				ui_error(ui, &err);
		}
		if (again)
			memset(again, 0, strlen(again));
		md_free(again);
		md_free(display);
		wipe(&l->pass2);
	}
	if (rc == MD_OK) {
		rc = md_user_login(ui->db, &ui->cfg, name, pass, &ui->user,
				   &err);
		if (rc != MD_OK)
			ui_error(ui, &err);
	}
	memset(pass, 0, strlen(pass));
	md_free(pass);
	md_free(name);
	wipe(&l->pass);
	editor_set(&l->pass, "");
	editor_set(&l->pass2, "");
	if (rc != MD_OK) {
		l->focus = 1;
		return UI_REDRAW;
	}
	ui->logged_in = true;
	trace_login();
	ui->message[0] = '\0';
	/* The login screen gives way to the home screen. */
	return UI_CLOSE;
}

static unsigned
login_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct login *l = s->state;
	enum ui_action a =
		ui_key_action(k, NULL); /* letters are the name and password */
	static const int next_first[] = {2, 3, 1,
					 0}; /* name, display, pass, again */
	if (a == ACT_BACK)
		return UI_QUIT;
	if ((!k->fkey && k->ch == L'\t') || (k->fkey && k->ch == KEY_DOWN)) {
		l->focus = l->first ? next_first[l->focus] : !l->focus;
		return UI_REDRAW;
	}
	if (k->fkey && (k->ch == KEY_BTAB || k->ch == KEY_UP)) {
		static const int prev_first[] = {3, 2, 0, 1};
		l->focus = l->first ? prev_first[l->focus] : !l->focus;
		return UI_REDRAW;
	}
	if (a == ACT_OPEN) {
		int last = l->first ? 3 : 1;
		if (l->focus != last) {
			l->focus = l->first ? next_first[l->focus] : 1;
			return UI_REDRAW;
		}
		return login_submit(ui, l);
	}
	struct editor *e = l->focus == 0   ? &l->name
			   : l->focus == 1 ? &l->pass
			   : l->focus == 2 ? &l->display
					   : &l->pass2;
	bool changed;
	editor_key(ui, e, k, &changed);
	return UI_REDRAW;
}

static void
login_close(struct ui *ui, struct screen *s)
{
	struct login *l = s->state;
	wipe(&l->pass);
	wipe(&l->pass2);
	editor_fini(&l->name);
	editor_fini(&l->pass);
	editor_fini(&l->display);
	editor_fini(&l->pass2);
	md_free(l);
	/* Logged in: home, then any draft to restore (what an editor left
	 * when the program ended without it among them). */
	if (ui->logged_in && !ui->top) {
		home_open(ui);
		ui_draw(ui);
		ui_recover_edits(ui);
		offer_drafts(ui);
	}
}

static const struct screen_ops login_ops = {
	.title = "ログイン",
	.actions = login_actions,
	.guide = "ユーザー名とパスワードでログインします。続けて失敗すると、"
		 "しばらくログインできなくなります。",
	.draw = login_draw,
	.key = login_key,
	.close = login_close,
};

bool
login_open(struct ui *ui)
{
	struct login *l = md_calloc(1, sizeof *l);
	if (!l)
		return false;
	long long users = 0;
	struct md_err err;
	if (md_user_count(ui->db, &users, &err) != MD_OK) {
		md_free(l);
		return false;
	}
	l->first = users == 0;
	editor_init(&l->name, l->first ? "admin" : "", false);
	editor_init(&l->pass, "", false);
	editor_init(&l->display, "", false);
	editor_init(&l->pass2, "", false);
	ui_push(ui, &login_ops, l);
	return true;
}
