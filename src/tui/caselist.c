/* The case list (支援ケース一覧): search as you type by number, 氏名, ふりがな
 * or words of progress entries; filters, sorting, and paging through any
 * number of cases. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/mem.h"
#include "madoguchi/search.h"
#include "madoguchi/wareki.h"

#define PAGE 100

struct caselist {
	struct editor query;
	bool focus_query;
	struct md_case_filter filter;
	char *stage;     /* owned copy for filter.stage */
	bool mine;
	struct md_case_row *rows;
	size_t n;
	bool more;       /* another page may follow */
	int sel, scroll;
	bool pending;    /* the query changed and is not searched yet */
	struct timespec changed_at;
	char *text;      /* the query searched */
};

static const enum ui_action caselist_actions[] = {
	ACT_HELP, ACT_OPEN, ACT_SEARCH, ACT_NEW, ACT_SORT, ACT_FILTER, ACT_PRINT,
	ACT_REFRESH, ACT_BACK, ACT_NONE};

static const char *const sort_names[] = {"番号", "ふりがな", "受付日", "予定日"};

static void
rows_free(struct caselist *c)
{
	md_case_rows_free(c->rows, c->n);
	c->rows = NULL;
	c->n = 0;
}

/* Load the first page (or the next one, when next). */
static void
load(struct ui *ui, struct caselist *c, bool next)
{
	struct md_err err;
	if (!next) {
		rows_free(c);
		c->sel = c->scroll = 0;
		md_free(c->text);
		c->text = editor_text(&c->query);
		c->filter.text = c->text;
		c->filter.staff_id = c->mine ? ui->user.id : 0;
		c->filter.stage = c->stage;
	}
	struct md_case_row *rows;
	size_t n;
	if (md_case_search(ui->db, &ui->user, &c->filter,
			   next && c->n ? &c->rows[c->n - 1] : NULL, PAGE, &rows, &n,
			   &err) != MD_OK) {
		ui_error(ui, &err);
		c->more = false;
		return;
	}
	struct md_case_row *all = md_realloc(c->rows, (c->n + n + 1) * sizeof *all);
	if (!all) {
		md_case_rows_free(rows, n);
		return;
	}
	memcpy(all + c->n, rows, n * sizeof *rows);
	md_free(rows); /* the strings moved into all */
	c->rows = all;
	c->n += n;
	c->more = n == PAGE;
	c->pending = false;
}

static int
age_of(const char *birth)
{
	struct md_date b, t;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	if (!birth || !*birth || md_date_from_iso(birth, &b, NULL) != MD_OK ||
	    md_date_from_iso(today, &t, NULL) != MD_OK)
		return -1;
	return md_date_age(b, t);
}

static void
caselist_draw(struct ui *ui, struct screen *s)
{
	struct caselist *c = s->state;
	ui_put(ui, 1, 1, "検索:", 6);
	attron(A_UNDERLINE);
	editor_draw(ui, &c->query, 1, 7, 1, 34, false);
	attroff(A_UNDERLINE);
	char status[256];
	snprintf(status, sizeof status, " 並べ替え:%s%s%s%s%s%s%s",
		 sort_names[c->filter.sort], c->filter.descending ? "(逆順)" : "",
		 c->mine ? " 担当のみ" : "", c->filter.overdue ? " 期限超過" : "",
		 c->filter.include_closed ? " 終結を含む" : "",
		 c->stage ? " 手順:" : "",
		 c->stage ? md_workflow_stage_label(ui->wf, c->stage) : "");
	ui_put(ui, 1, 42, status, ui->cols - 43);
	attron(A_BOLD);
	ui_put_pad(ui, 2, 1, "  番号 氏名          ふりがな        年齢 段階           担当     予定",
		   ui->cols - 2);
	attroff(A_BOLD);
	int top = 3, visible = ui->rows - 3 - top;
	if (c->sel < c->scroll)
		c->scroll = c->sel;
	if (c->sel >= c->scroll + visible)
		c->scroll = c->sel - visible + 1;
	for (int r = 0; r < visible; r++) {
		size_t i = (size_t)(c->scroll + r);
		if (i >= c->n)
			break;
		const struct md_case_row *row = &c->rows[i];
		char line[1024], name[64], kana[64], stage[64], staff[32], due[64];
		int age = age_of(row->birth_date);
		/* Columns padded by display width, not bytes. */
		snprintf(name, sizeof name, "%s", row->name);
		snprintf(kana, sizeof kana, "%s", row->kana);
		snprintf(stage, sizeof stage, "%s%s", row->closed ? "終結:" : "",
			 md_workflow_stage_label(ui->wf, row->stage));
		snprintf(staff, sizeof staff, "%s", row->staff_name);
		char *d = md_display_date(*row->next_eval_on ? row->next_eval_on
							      : row->follow_up_on,
					  MD_DATE_SHORT);
		snprintf(due, sizeof due, "%s%s", d ? d : "", row->overdue ? "!" : "");
		md_free(d);
		int y = top + r;
		if ((int)i == c->sel && !c->focus_query)
			attron(A_REVERSE);
		if (row->overdue)
			attron(A_BOLD);
		move(y, 1);
		for (int x = 1; x < ui->cols - 1; x++)
			addch(' ');
		snprintf(line, sizeof line, "%6lld", row->case_id);
		ui_put(ui, y, 1, line, 6);
		ui_put(ui, y, 8, name, 14);
		ui_put(ui, y, 23, kana, 15);
		if (age >= 0) {
			snprintf(line, sizeof line, "%3d", age);
			ui_put(ui, y, 39, line, 4);
		}
		ui_put(ui, y, 44, stage, 14);
		ui_put(ui, y, 59, staff, 8);
		ui_put(ui, y, 68, due, ui->cols - 69);
		if (*row->match && ui->cols > 100)
			ui_put(ui, y, 80, row->match, ui->cols - 81);
		attroff(A_REVERSE | A_BOLD);
	}
	char count[128];
	snprintf(count, sizeof count, "%zu 件%s%s", c->n, c->more ? "以上" : "",
		 c->pending ? "(検索中…)" : "");
	if (c->n == 0 && !c->pending)
		snprintf(count, sizeof count, "該当するケースはありません");
	ui_put(ui, ui->rows - 3, 1, count, ui->cols - 2);
	if (c->sel < (int)c->n && *c->rows[c->sel].match && ui->cols <= 100) {
		char m[512];
		snprintf(m, sizeof m, "経過: %s", c->rows[c->sel].match);
		ui_put(ui, ui->rows - 3, 20, m, ui->cols - 21);
	}
	if (c->focus_query) {
		curs_set(1);
		editor_draw(ui, &c->query, 1, 7, 1, 34, true);
	}
}

static double
since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	       (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
caselist_tick(struct ui *ui, struct screen *s)
{
	struct caselist *c = s->state;
	if (c->pending && since(&c->changed_at) >= 0.15) {
		load(ui, c, false);
		ui_draw(ui);
	}
}

static void
choose_filter(struct ui *ui, struct caselist *c)
{
	const char *labels[] = {"担当のケースだけ", "期限を過ぎたものだけ",
				"終結したケースも含む", "手順で絞り込む…",
				"絞り込みをすべて外す"};
	bool marks[] = {c->mine, c->filter.overdue, c->filter.include_closed,
			c->stage != NULL, false};
	int pick = ui_choose(ui, "絞り込み(Space で切り替え、Enter で決定)", labels, 5, 0,
			     marks);
	if (pick < 0)
		return;
	if (marks[4]) {
		c->mine = c->filter.overdue = c->filter.include_closed = false;
		md_free(c->stage);
		c->stage = NULL;
		return;
	}
	c->mine = marks[0];
	c->filter.overdue = marks[1];
	c->filter.include_closed = marks[2];
	if (marks[3] && (pick == 3 || !c->stage)) {
		size_t n = md_workflow_nsteps(ui->wf);
		const char **steps = md_calloc(n ? n : 1, sizeof *steps);
		if (!steps)
			return;
		for (size_t i = 0; i < n; i++)
			steps[i] = md_workflow_step(ui->wf, i)->label;
		int st = ui_choose(ui, "最後に記録した手順", steps, n, 0, NULL);
		md_free(c->stage);
		c->stage = st >= 0 ? md_strdup(md_workflow_step(ui->wf, (size_t)st)->id)
				   : NULL;
		md_free(steps);
	} else if (!marks[3]) {
		md_free(c->stage);
		c->stage = NULL;
	}
}

static unsigned
caselist_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct caselist *c = s->state;
	enum ui_action a = ui_key_action(k);
	int page = ui->rows - 6;
	switch (a) {
	case ACT_BACK:
		if (c->focus_query && c->query.len) {
			editor_set(&c->query, "");
			c->pending = true;
			clock_gettime(CLOCK_MONOTONIC, &c->changed_at);
			return UI_REDRAW;
		}
		return UI_CLOSE;
	case ACT_REFRESH: {
		/* Read again, keeping the place in the list. */
		int sel = c->sel, scroll = c->scroll;
		load(ui, c, false);
		while (c->more && (size_t)sel >= c->n)
			load(ui, c, true);
		c->sel = c->n == 0 ? 0 : (size_t)sel < c->n ? sel : (int)c->n - 1;
		c->scroll = scroll;
		return UI_REDRAW;
	}
	case ACT_SEARCH:
		c->focus_query = true;
		return UI_REDRAW;
	case ACT_OPEN:
		if (c->pending)
			load(ui, c, false);
		if (c->focus_query && c->n) {
			c->focus_query = false;
			return UI_REDRAW;
		}
		if (c->n)
			case_open(ui, c->rows[c->sel].case_id);
		return UI_REDRAW;
	case ACT_PRINT: {
		char *path = md_asprintf("%s%s支援ケース一覧.csv", ui->cfg.export_dir,
					 *ui->cfg.export_dir ? "/" : "");
		struct md_export_options o = {.encoding = ui->cfg.export_encoding,
					      .force = true,
					      .office = ui->cfg.office_name,
					      .stage_label = md_workflow_stage_label,
					      .stage_ctx = ui->wf};
		struct md_err err;
		if (path && md_export_caselist(ui->db, &ui->user, path, &o, &err) == MD_OK)
			ui_message(ui, false, "出力しました: %s", path);
		else if (path)
			ui_error(ui, &err);
		md_free(path);
		return UI_REDRAW;
	}
	default:
		break;
	}
	if (k->fkey) {
		switch (k->ch) {
		case KEY_UP:
			if (c->sel > 0)
				c->sel--;
			else
				c->focus_query = true;
			return UI_REDRAW;
		case KEY_DOWN:
			if (c->focus_query) {
				c->focus_query = false;
				return UI_REDRAW;
			}
			if ((size_t)c->sel + 1 < c->n)
				c->sel++;
			break;
		case KEY_NPAGE:
			c->focus_query = false;
			c->sel = (size_t)(c->sel + page) < c->n ? c->sel + page
								: (int)c->n - 1;
			break;
		case KEY_PPAGE:
			c->sel = c->sel > page ? c->sel - page : 0;
			return UI_REDRAW;
		case KEY_HOME:
			if (!c->focus_query) {
				c->sel = 0;
				return UI_REDRAW;
			}
			break;
		case KEY_END:
			if (!c->focus_query) {
				/* To the very end: every page. */
				while (c->more)
					load(ui, c, true);
				c->sel = c->n ? (int)c->n - 1 : 0;
				return UI_REDRAW;
			}
			break;
		}
		if (!c->focus_query) {
			if (c->more && (size_t)c->sel + (size_t)page >= c->n)
				load(ui, c, true);
			if (c->sel < 0)
				c->sel = 0;
			return UI_REDRAW;
		}
	}
	if (!c->focus_query && !k->fkey) {
		switch (k->ch) {
		case L'j':
			if ((size_t)c->sel + 1 < c->n)
				c->sel++;
			if (c->more && (size_t)c->sel + (size_t)page >= c->n)
				load(ui, c, true);
			return UI_REDRAW;
		case L'k':
			if (c->sel > 0)
				c->sel--;
			return UI_REDRAW;
		case L'/':
			c->focus_query = true;
			return UI_REDRAW;
		case L'n': {
			long long id = 0;
			newcase_run(ui, &id);
			if (id)
				case_open(ui, id);
			return UI_REDRAW;
		}
		case L's':
			if (c->filter.sort == MD_SORT_DUE)
				c->filter.sort = MD_SORT_ID;
			else
				c->filter.sort++;
			c->filter.descending = c->filter.sort == MD_SORT_OPENED;
			load(ui, c, false);
			return UI_REDRAW;
		case L'f':
			choose_filter(ui, c);
			load(ui, c, false);
			return UI_REDRAW;
		default:
			break;
		}
		if (k->ch < 0x20)
			return UI_REDRAW;
		/* Anything else typed goes to the search box. */
		c->focus_query = true;
	}
	bool changed;
	editor_key(ui, &c->query, k, &changed);
	if (changed) {
		c->pending = true;
		clock_gettime(CLOCK_MONOTONIC, &c->changed_at);
	}
	return UI_REDRAW;
}

static void
caselist_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct caselist *c = s->state;
	rows_free(c);
	editor_fini(&c->query);
	md_free(c->stage);
	md_free(c->text);
	md_free(c);
}

static const struct screen_ops caselist_ops = {
	.title = "支援ケース一覧",
	.actions = caselist_actions,
	.guide = "ケース番号、氏名、ふりがな(ひらがな・カタカナ・半角のどれでも)、"
		 "支援経過の言葉で、入力しながら検索します。↓ か Enter で一覧へ移り、"
		 "Enter でケースを開きます。s で並べ替え、f で絞り込み、n で新しいケース、"
		 "F9 で一覧を CSV に出力します。",
	.draw = caselist_draw,
	.key = caselist_key,
	.tick = caselist_tick,
	.close = caselist_close,
};

bool
caselist_open(struct ui *ui, const char *query)
{
	struct caselist *c = md_calloc(1, sizeof *c);
	if (!c)
		return false;
	editor_init(&c->query, query, false);
	c->focus_query = true;
	c->filter.sort = MD_SORT_ID;
	c->filter.descending = false;
	/* A name searched may be of a case long closed. */
	c->filter.include_closed = true;
	load(ui, c, false);
	ui_push(ui, &caselist_ops, c);
	return true;
}
