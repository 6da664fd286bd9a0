/* The home screen (今日の予定): what is due for the user and the office, plans
 * waiting for the meeting or the decision, and the user's recent cases. */
#include "ui.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/drafts.h"
#include "madoguchi/meetings.h"
#include "madoguchi/mem.h"
#include "madoguchi/referrals.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"

/* The most evaluations and follow-ups the home screen lists. */
#define HOME_DUE 30

struct home_item {
	long long case_id;
	long long referral_id; /* a follow-up of a referral (つなぎ) */
	long long contact_id;  /* the contact it came from */
	long long meeting_id;  /* a date of a meeting (issue 19) */
	long long task_id;     /* a 役割分担 of it */
	char *what;            /* the task, as the question names it */
	char *text;
	char *right; /* drawn whole at the end: who is in charge (may be NULL) */
	int section; /* 0 due, 1 waiting, 2 recent */
	bool alert;
};

struct home {
	struct home_item *items;
	size_t n;
	int sel;
	int scroll;
};

/* In the order of the key bar, which drops the last ones that do not fit:
 * an administrator's 職員 before the keys of the rows (f, d), which
 * their rows name too. */
static const enum ui_action home_actions[] =
	{ACT_HELP,     ACT_OPEN,     ACT_SEARCH,   ACT_FIND,   ACT_NEW,
	 ACT_CONTACT,  ACT_CONTACTS, ACT_MEETINGS, ACT_COUNTS, ACT_STAFF,
	 ACT_FOLLOWUP, ACT_DONE,     ACT_REFRESH,  ACT_BACK,   ACT_NONE};

static void
items_free(struct home *h)
{
	for (size_t i = 0; i < h->n; i++) {
		md_free(h->items[i].text);
		md_free(h->items[i].right);
		md_free(h->items[i].what);
	}
	md_free(h->items);
	h->items = NULL;
	h->n = 0;
}

/* Add a line: text, and right (NULL: none) drawn whole at its end, both
 * new strings, taken; NULL text (out of memory) adds nothing. */
static void
add_item(struct home *h, int section, long long case_id, bool alert, char *text,
	 char *right)
{
	struct home_item *p = text ? md_realloc(h->items,
						(h->n + 1) * sizeof *p)
				   : NULL;
	if (!p) {
		md_free(text);
		md_free(right);
		return;
	}
	h->items = p;
	h->items[h->n++] = (struct home_item){
		.case_id = case_id,
		.text = text,
		.right = right,
		.section = section,
		.alert = alert,
	};
}

/* The referrals whose follow-up is due (001 第9条(5)イ・(9)エ), on open,
 * closed or no case alike: recorded from here (Enter or f). */
static void
add_referrals_due(struct ui *ui, struct home *h)
{
	struct md_referral_due *d;
	size_t n;
	struct md_err err;
	if (md_referral_due(ui->db, &ui->user, 14, HOME_DUE, &d, &n, &err) !=
	    MD_OK) {
		ui_error(ui, &err);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *w = md_display_date(d[i].due_on, MD_DATE_SHORT);
		char where[48] = "";
		if (d[i].case_id)
			md_text_format(where, sizeof where, "ケース %lld",
				       d[i].case_id);
		else
			md_text_format(where, sizeof where, "相談票 %lld",
				       d[i].contact_id);
		size_t before = h->n;
		add_item(h, 0, d[i].case_id, d[i].overdue,
			 md_asprintf("%s%s つなぎ確認  %s  %s → %s",
				     w ? w : d[i].due_on,
				     d[i].overdue ? " 期限超過" : "", where,
				     d[i].who, d[i].agency),
			 md_asprintf("  担当 %s", d[i].staff));
		if (h->n > before) {
			h->items[before].referral_id = d[i].referral_id;
			h->items[before].contact_id = d[i].contact_id;
		}
		md_free(w);
	}
	md_referral_dues_free(d, n);
}

/* The dates of meetings (issue 19): each meeting's next one, each open
 * 役割分担 (Enter opens its meeting, d marks it done) and a regular type's
 * next date (002 第7条3, 003 §6), as `due` lists them. */
static void
add_meetings_due(struct ui *ui, struct home *h)
{
	struct md_meeting_due *d;
	size_t n;
	struct md_err err;
	if (md_meeting_due(ui->db, &ui->user, ui->meetings, 14, &d, &n, &err) !=
	    MD_OK) {
		ui_error(ui, &err);
		return;
	}
	for (size_t i = 0; i < n && i < HOME_DUE; i++) {
		char *w = md_display_date(d[i].due_on, MD_DATE_SHORT);
		char task[48] = "";
		if (d[i].task_id)
			md_text_format(task, sizeof task, " %lld",
				       d[i].task_id);
		size_t before = h->n;
		add_item(h, 0, 0, d[i].overdue,
			 md_asprintf("%s%s %s%s  会議 %lld%s  %s",
				     w ? w : d[i].due_on,
				     d[i].overdue ? " 期限超過" : "", d[i].kind,
				     task, d[i].meeting_id,
				     d[i].task_id ? "" : " のあと", d[i].what),
			 d[i].task_id ? md_strdup("  d: 完了") : NULL);
		if (h->n > before) {
			h->items[before].meeting_id = d[i].meeting_id;
			h->items[before].task_id = d[i].task_id;
			h->items[before].what = md_strdup(d[i].what);
		}
		md_free(w);
	}
	md_meeting_dues_free(d, n);
}

/* Whether step_id of the case is open now. */
static bool
step_open(struct ui *ui, long long case_id, const char *step_id)
{
	struct md_flow flow;
	struct md_err err;
	if (md_workflow_status(ui->db, &ui->user, ui->wf, case_id, &flow,
			       &err) != MD_OK)
		return false;
	bool open = false;
	for (size_t i = 0; i < flow.nsteps; i++)
		if (!strcmp(flow.steps[i].step->id, step_id))
			open = flow.steps[i].state == MD_STEP_OPEN;
	md_flow_fini(&flow);
	return open;
}

static void
home_load(struct ui *ui, struct home *h)
{
	struct md_err err;
	items_free(h);
	struct md_due *d;
	size_t n;
	/* The soonest; one more tells whether there are others. */
	if (md_workflow_due(ui->db, &ui->user, 14, HOME_DUE + 1, &d, &n,
			    &err) == MD_OK) {
		for (size_t i = 0; i < n && i < HOME_DUE; i++) {
			char *w = md_display_date(d[i].due_on, MD_DATE_SHORT);
			add_item(h, 0, d[i].case_id, d[i].overdue,
				 md_asprintf("%s%s %s  ケース %lld  %s(%s)",
					     w ? w : d[i].due_on,
					     d[i].overdue ? " 期限超過" : "",
					     d[i].kind, d[i].case_id, d[i].name,
					     d[i].kana),
				 md_asprintf("  担当 %s", d[i].staff));
			md_free(w);
		}
		if (n > HOME_DUE)
			add_item(h, 0, 0, false,
				 md_strdup(
					 "ほかにもあります: 支援ケース一覧で f「期限を過ぎたものだけ」、"
					 "s「予定日」の順に見られます"),
				 NULL);
		md_dues_free(d, n);
	} else {
		ui_error(ui, &err);
	}
	add_referrals_due(ui, h);
	add_meetings_due(ui, h);
	/* Cases waiting for a step (waiting = … in the definition): at a
	 * stage it needs, where it is open. */
	for (size_t k = 0; k < md_workflow_nsteps(ui->wf); k++) {
		const struct md_wf_step *ws = md_workflow_step(ui->wf, k);
		const char *stages[16];
		size_t ns = ws->waiting ? md_workflow_waited_stages(ui->wf, ws,
								    stages, 16)
					: 0;
		for (size_t w = 0; w < ns; w++) {
			struct md_case_filter f = {.stage = stages[w],
						   .sort = MD_SORT_OPENED};
			struct md_case_row *rows;
			if (md_case_search(ui->db, &ui->user, &f, NULL, 20,
					   &rows, &n, &err) != MD_OK) {
				ui_error(ui, &err);
				continue;
			}
			for (size_t i = 0; i < n; i++)
				if (step_open(ui, rows[i].case_id, ws->id))
					add_item(h, 1, rows[i].case_id, false,
						 md_asprintf("ケース %lld  %s(%s)",
							     rows[i].case_id,
							     rows[i].name,
							     rows[i].kana),
						 md_asprintf("  %s  担当 %s",
							     ws->waiting,
							     rows[i].staff_name));
			md_case_rows_free(rows, n);
		}
	}
	struct md_case_filter mine = {.staff_id = ui->user.id,
				      .sort = MD_SORT_OPENED,
				      .descending = true};
	struct md_case_row *rows;
	if (md_case_search(ui->db, &ui->user, &mine, NULL, 10, &rows, &n,
			   &err) == MD_OK) {
		for (size_t i = 0; i < n; i++) {
			char *opened = md_display_date(rows[i].opened_on,
						       MD_DATE_SHORT);
			add_item(h, 2, rows[i].case_id, false,
				 md_asprintf("ケース %lld  %s(%s)  受付 %s  %s",
					     rows[i].case_id, rows[i].name,
					     rows[i].kana, opened ? opened : "",
					     md_workflow_stage_label(ui->wf,
								     rows[i].stage)),
				 NULL);
			md_free(opened);
		}
		md_case_rows_free(rows, n);
	} else {
		ui_error(ui, &err);
	}
	if (h->sel >= (int)h->n)
		h->sel = h->n ? (int)h->n - 1 : 0;
}

static void
home_draw(struct ui *ui, struct screen *s)
{
	struct home *h = s->state;
	static const char *const titles[] =
		{"評価・フォローアップ・次回予定(14 日以内と期限超過)",
		 "手順を待つケース", "最近のケース(担当)"};
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	char *w = md_display_date(today, MD_DATE_LONG);
	char line[256];
	md_text_format(line, sizeof line, "今日の予定  %s", w ? w : today);
	md_free(w);
	attron(A_BOLD);
	ui_put(ui, 1, 1, line, ui->cols - 2);
	attroff(A_BOLD);
	int y = 2, bottom = ui->rows - 3;
	/* Rows: a rule per section, then its items (or a line saying there
	 * are none); scrolled to keep the selection in view. */
	int sel_row = 0, row = 0;
	for (int sec = 0; sec < 3; sec++) {
		row++;
		bool any = false;
		for (size_t i = 0; i < h->n; i++)
			if (h->items[i].section == sec) {
				if ((int)i == h->sel)
					sel_row = row;
				row++;
				any = true;
			}
		if (!any)
			row++;
	}
	int visible = bottom - y + 1;
	if (sel_row < h->scroll)
		h->scroll = sel_row;
	if (sel_row >= h->scroll + visible)
		h->scroll = sel_row - visible + 1;
	row = 0;
	for (int sec = 0; sec < 3; sec++) {
		if (row >= h->scroll && y <= bottom)
			ui_rule(ui, y++, titles[sec]);
		row++;
		bool any = false;
		for (size_t i = 0; i < h->n; i++) {
			if (h->items[i].section != sec)
				continue;
			any = true;
			if (row++ < h->scroll || y > bottom)
				continue;
			if ((int)i == h->sel)
				attron(A_REVERSE);
			if (h->items[i].alert)
				attron(A_BOLD |
				       (ui->colors ? COLOR_PAIR(1) : 0));
			move(y, 1);
			for (int x = 1; x < ui->cols - 1; x++)
				addch(' ');
			ui_put_ends(ui, y++, 1, h->items[i].text,
				    h->items[i].right ? h->items[i].right : "",
				    ui->cols - 2);
			attroff(A_REVERSE | A_BOLD |
				(ui->colors ? COLOR_PAIR(1) : 0));
		}
		if (!any) {
			if (row >= h->scroll && y <= bottom)
				ui_put(ui, y++, 3, "(ありません)",
				       ui->cols - 4);
			row++;
		}
	}
}

/*
 * Whether to quit: always asked, the default (Enter) being to stay. Esc
 * and F10 are what a person presses again and again to come back to this
 * screen, and quitting means logging in again with someone waiting at the
 * counter; the drafts the user has not saved are named, as they stay
 * behind (offered again at the next login).
 */
static bool
home_quit(struct ui *ui)
{
	struct md_draft *d = NULL;
	struct md_contact_draft *cd = NULL;
	size_t n = 0, nc = 0;
	struct md_buf q;
	md_buf_init(&q);
	if (md_draft_list(ui->db, &ui->user, &d, &n, NULL) != MD_OK)
		n = 0;
	if (md_contact_draft_list(ui->db, &ui->user, &cd, &nc, NULL) != MD_OK)
		nc = 0;
	if (n + nc) {
		md_buf_addf(&q, "保存していない下書きが %zu 件あります。\n",
			    n + nc);
		for (size_t i = 0; i < n + nc && i < 3; i++) {
			if (i >= n) {
				char *l = ui_contact_draft_label(&cd[i - n]);
				md_buf_addf(&q, "  %s\n", l ? l : "相談票");
				md_free(l);
				continue;
			}
			const struct md_form *f = md_forms_find(ui->forms,
								d[i].form);
			md_buf_addf(&q, "  ケース %lld %s %s\n", d[i].case_id,
				    d[i].person_name ? d[i].person_name : "",
				    f ? f->number : d[i].form);
		}
		if (n + nc > 3)
			md_buf_addf(&q, "  ほか %zu 件\n", n + nc - 3);
		md_buf_adds(&q,
			    "下書きは残り、次にログインしたときに復元できます。\n");
	}
	md_drafts_free(d, n);
	md_contact_drafts_free(cd, nc);
	md_buf_adds(&q, "madoguchi を終了しますか");
	bool yes = ui_confirm(ui, md_buf_ok(&q) ? md_buf_str(&q)
						: "madoguchi を終了しますか");
	md_buf_fini(&q);
	return yes;
}

static unsigned
home_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct home *h = s->state;
	switch (ui_key_action(k, home_actions)) {
	case ACT_BACK:
		return home_quit(ui) ? UI_QUIT : UI_REDRAW;
	case ACT_REFRESH:
		home_load(ui, h);
		return UI_REDRAW;
	case ACT_SEARCH:
		caselist_open(ui, NULL);
		return UI_REDRAW;
	case ACT_FIND:
		entries_open(ui, NULL);
		return UI_REDRAW;
	case ACT_FOLLOWUP:
	case ACT_OPEN: {
		const struct home_item *it = h->n ? &h->items[h->sel] : NULL;
		if (it && it->meeting_id &&
		    ui_key_action(k, home_actions) == ACT_OPEN) {
			meeting_open(ui, it->meeting_id);
		} else if (it && it->referral_id) {
			/* A referral's follow-up: its result, recorded here. */
			if (ui_follow_up_referral(ui, it->referral_id, NULL))
				home_load(ui, h);
		} else if (it && it->case_id &&
			   ui_key_action(k, home_actions) == ACT_OPEN) {
			case_open(ui, it->case_id);
		} else if (ui_key_action(k, home_actions) == ACT_FOLLOWUP) {
			ui_message(ui, true,
				   "フォローアップを記録するつなぎを選んでください(「つなぎ確認」の行)");
		}
		return UI_REDRAW;
	}
	case ACT_DONE: {
		const struct home_item *it = h->n ? &h->items[h->sel] : NULL;
		if (it && it->task_id) {
			if (ui_task_done(ui, it->task_id,
					 it->what ? it->what : ""))
				home_load(ui, h);
		} else {
			ui_message(ui, true,
				   "完了にする役割分担を選んでください(「役割分担」の行)");
		}
		return UI_REDRAW;
	}
	case ACT_MEETINGS:
		meetings_open(ui);
		return UI_REDRAW;
	case ACT_COUNTS:
		counts_open(ui);
		return UI_REDRAW;
	case ACT_CONTACT:
		contact_open(ui, 0);
		return UI_REDRAW;
	case ACT_CONTACTS:
		contacts_open(ui);
		return UI_REDRAW;
	case ACT_STAFF:
		staff_open(ui);
		return UI_REDRAW;
	case ACT_NEW:
		newcase_run(ui);
		return UI_REDRAW;
	default:
		break;
	}
	if (k->fkey) {
		if (k->ch == KEY_UP && h->sel > 0)
			h->sel--;
		else if (k->ch == KEY_DOWN && (size_t)h->sel + 1 < h->n)
			h->sel++;
		else if (k->ch == KEY_HOME)
			h->sel = 0;
		else if (k->ch == KEY_END && h->n)
			h->sel = (int)h->n - 1;
		return UI_REDRAW;
	}
	if (k->ch == L'k' && h->sel > 0)
		h->sel--;
	else if (k->ch == L'j' && (size_t)h->sel + 1 < h->n)
		h->sel++;
	return UI_REDRAW;
}

static long long
home_neighbour(struct ui *ui, struct screen *s, long long case_id, int dir)
{
	(void)ui;
	struct home *h = s->state;
	return ui_list_neighbour(h->items, h->n, sizeof *h->items,
				 offsetof(struct home_item, case_id), &h->sel,
				 case_id, dir);
}

static void
home_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct home *h = s->state;
	items_free(h);
	md_free(h);
}

static const struct screen_ops home_ops = {
	.title = "今日の予定",
	.actions = home_actions,
	.guide =
		"評価やフォローアップ、支援経過の次回予定日、つなぎの確認、会議の日付(次回・役割分担の"
		"期限・定例)、会議や決定を待つプラン、担当の最近のケースを表示します。Enter でケースか"
		"会議を開き、役割分担の行の d で完了にします。m で会議の一覧、K で件数の集計、/ か F3 で支援ケース一覧"
		"の検索、n で新しいケース。管理者は u で職員の登録などを行います。F10 か Esc で終了します"
		"(確かめてから。下書きが残っていればそう言います)。",
	.draw = home_draw,
	.key = home_key,
	.close = home_close,
	.neighbour = home_neighbour,
};

bool
home_open(struct ui *ui)
{
	struct home *h = md_calloc(1, sizeof *h);
	if (!h)
		return false;
	home_load(ui, h);
	ui_push(ui, &home_ops, h);
	return true;
}
