/* The case list (支援ケース一覧): search as you type by number, 氏名 or
 * ふりがな; filters, sorting, and paging through any number of cases. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/mem.h"
#include "madoguchi/offices.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/* Rows read at a time, and the most rows held: the list may have hundreds
 * of thousands, so only a window of a few pages around the selection is in
 * memory (more only on a terminal taller than a page). */
#define PAGE 100
#define WINDOW (3 * PAGE)

struct caselist {
	struct editor query;
	bool focus_query;
	struct md_case_filter filter;
	char *stage;  /* owned copy for filter.stage */
	char *office; /* the office of filter.office_id (its name), or NULL */
	bool mine;
	struct md_case_row *rows; /* the window: a run of the list's rows */
	size_t n;
	bool first, last; /* the window holds the list's first / last row */
	int sel, scroll;  /* rows of the window */
	bool pending;     /* the query changed and is not searched yet */
	struct timespec changed_at;
	char *text; /* the query searched */
};

static const enum ui_action caselist_actions[] = {ACT_HELP,    ACT_OPEN,
						  ACT_SEARCH,  ACT_FIND,
						  ACT_NEW,     ACT_SORT,
						  ACT_FILTER,  ACT_PRINT,
						  ACT_REFRESH, ACT_BACK,
						  ACT_NONE};

static const char *const sort_names[] = {"番号", "ふりがな", "受付日",
					 "予定日"};

/* The list's columns: headings and rows are drawn from this one table. */
static const struct ui_column caselist_columns[] = {
	{"番号", 6, true, 0},       {"氏名", 13, false, 3},
	{"ふりがな", 14, false, 3}, {"年齢", 4, true, 0},
	{"段階", 13, false, 2},     {"担当", 11, false, 2},
	{"予定", 10, false, 0},
};
#define CASELIST_NCOLS (sizeof caselist_columns / sizeof caselist_columns[0])

/* Rows of the list on the screen (and the rows a page key moves). */
static int
caselist_visible(const struct ui *ui)
{
	return ui_page(ui, 6);
}

static void
rows_free(struct caselist *c)
{
	md_case_rows_free(c->rows, c->n);
	c->rows = NULL;
	c->n = 0;
}

/*
 * Up to limit rows next to `after` (NULL: from the list's end): those after
 * it, or with back those before it, both in the list's order. *rows as
 * md_case_search; false (with the message shown) on error.
 */
static bool
fetch(struct ui *ui, const struct caselist *c, const struct md_case_row *after,
      bool back, int limit, struct md_case_row **rows, size_t *n)
{
	/* The rows before `after` are the first ones after it in the reversed
	 * order (sort key and case number both reverse), nearest first. */
	struct md_case_filter f = c->filter;
	f.descending = f.descending != back;
	struct md_err err;
	if (md_case_search(ui->db, &ui->user, &f, after, limit, rows, n,
			   &err) != MD_OK) {
		/* A key stopped it: the tick searches again. */
		if (err.status != MD_ERR_INTERRUPTED)
			ui_error(ui, &err);
		return false;
	}
	for (size_t i = 0; back && i < *n / 2; i++) {
		struct md_case_row t = (*rows)[i];
		(*rows)[i] = (*rows)[*n - 1 - i];
		(*rows)[*n - 1 - i] = t;
	}
	return true;
}

/* Make the window the page after `after` (NULL: the list's first page), or
 * with back the list's last page; the selection on its first row. */
static void
window_reset(struct ui *ui, struct caselist *c, const struct md_case_row *after,
	     bool back)
{
	struct md_case_row *rows;
	size_t n;
	rows_free(c);
	c->sel = c->scroll = 0;
	c->first = c->last = true; /* an empty list */
	if (!fetch(ui, c, after, back, PAGE, &rows, &n))
		return;
	c->rows = rows;
	c->n = n;
	c->first = back ? n < PAGE : !after;
	c->last = back || n < PAGE;
}

/* Free count rows of the window from rows[at] on, closing the gap; false
 * when out of memory (the rows are kept). */
static bool
window_drop(struct caselist *c, size_t at, size_t count)
{
	/* md_case_rows_free frees an array: give it one of their own. */
	struct md_case_row *gone = md_malloc(count * sizeof *gone);
	if (!gone)
		return false;
	memcpy(gone, c->rows + at, count * sizeof *gone);
	memmove(c->rows + at, c->rows + at + count,
		(c->n - at - count) * sizeof *gone);
	c->n -= count;
	md_case_rows_free(gone, count);
	return true;
}

/*
 * Read the page before the window (back) or after it, then drop what is
 * over WINDOW from the other end, never within margin rows of the
 * selection. sel and scroll stay on the same rows. False when no row was
 * added.
 */
static bool
window_grow(struct ui *ui, struct caselist *c, bool back, int margin)
{
	struct md_case_row *rows, *all;
	size_t n;
	if (!c->n ||
	    !fetch(ui, c, &c->rows[back ? 0 : c->n - 1], back, PAGE, &rows, &n))
		return false;
	if (!n) {
		*(back ? &c->first : &c->last) = true;
		return false;
	}
	all = md_realloc(c->rows, (c->n + n) * sizeof *all);
	if (!all) {
		md_case_rows_free(rows, n);
		return false;
	}
	if (back) {
		memmove(all + n, all, c->n * sizeof *all);
		memcpy(all, rows, n * sizeof *all);
		c->sel += (int)n;
		c->scroll += (int)n;
		c->first = n < PAGE;
	} else {
		memcpy(all + c->n, rows, n * sizeof *all);
		c->last = n < PAGE;
	}
	md_free(rows); /* the strings moved into all */
	c->rows = all;
	c->n += n;
	long over = (long)c->n - WINDOW;
	long spare = back ? (long)c->n - 1 - c->sel - margin : c->sel - margin;
	if (over <= 0 || spare <= 0)
		return true;
	size_t drop = (size_t)(over < spare ? over : spare);
	if (back && window_drop(c, c->n - drop, drop)) {
		c->last = false;
	} else if (!back && window_drop(c, 0, drop)) {
		c->first = false;
		c->sel -= (int)drop;
		c->scroll = c->scroll > (int)drop ? c->scroll - (int)drop : 0;
	}
	return true;
}

/* Select row `to` of the window, which may lie beyond its ends: read pages
 * first so that a screenful on each side of it is held where the list
 * goes on. */
static void
caselist_move(struct ui *ui, struct caselist *c, int to)
{
	int margin = caselist_visible(ui);
	c->sel = to;
	while (!c->last && c->sel + margin >= (int)c->n &&
	       window_grow(ui, c, false, margin))
		;
	while (!c->first && c->sel < margin && window_grow(ui, c, true, margin))
		;
	if (c->sel >= (int)c->n)
		c->sel = (int)c->n - 1;
	if (c->sel < 0)
		c->sel = 0;
}

/* Take the filter as set now: the text in the search box, 担当のみ, the
 * step. */
static void
filter_update(struct ui *ui, struct caselist *c)
{
	md_free(c->text);
	c->text = editor_text(&c->query);
	c->filter.text = c->text;
	c->filter.staff_id = c->mine ? ui->user.id : 0;
	c->filter.stage = c->stage;
	c->pending = false;
}

/* Search again from the list's first page. */
static void
load(struct ui *ui, struct caselist *c)
{
	filter_update(ui, c);
	window_reset(ui, c, NULL, false);
}

/* F5: read again from the row before the window's first, keeping the
 * selection on the same case where it still is. */
static void
caselist_refresh(struct ui *ui, struct caselist *c)
{
	long long id = c->n ? c->rows[c->sel].case_id : 0;
	int sel = c->sel, offset = c->sel - c->scroll;
	size_t had = c->n;
	struct md_case_row *before = NULL;
	size_t nbefore = 0;
	if (!c->first && c->n &&
	    !fetch(ui, c, &c->rows[0], true, 1, &before, &nbefore))
		return;
	filter_update(ui, c);
	window_reset(ui, c, nbefore ? before : NULL, false);
	md_case_rows_free(before, nbefore);
	while (c->n < had && !c->last &&
	       window_grow(ui, c, false, caselist_visible(ui)))
		;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].case_id == id)
			sel = (int)i;
	c->scroll = sel > offset ? sel - offset : 0;
	caselist_move(ui, c, sel);
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
	/* A search is in the order of what matched (md_case_search). */
	bool searching = false;
	for (const char *t = c->text; t && *t && !searching;)
		if (*t == ' ')
			t++;
		else if (!strncmp(t, "\xE3\x80\x80", 3))
			t += 3;
		else
			searching = true;
	/* The order beside the search box; what the list is limited to on
	 * the line under it, with room for an office's name. */
	char status[64];
	md_text_format(status, sizeof status, " 並べ替え:%s%s",
		       searching ? "一致順" : sort_names[c->filter.sort],
		       c->filter.descending ? "(逆順)" : "");
	ui_put(ui, 1, 42, status, ui->cols - 43);
	char household[48] = "";
	if (c->filter.household_id)
		md_text_format(household, sizeof household, " 世帯 %lld のみ",
			       c->filter.household_id);
	char limits[320];
	md_text_format(limits, sizeof limits, "%s%s%s%s%s%s%s%s",
		       c->mine ? " 担当のみ" : "",
		       c->filter.overdue ? " 期限超過" : "",
		       c->filter.include_closed ? " 終結を含む" : "",
		       c->stage ? " 手順:" : "",
		       c->stage ? md_workflow_stage_label(ui->wf, c->stage)
				: "",
		       c->office ? " 事業所:" : "", c->office ? c->office : "",
		       household);
	const char *headings[CASELIST_NCOLS];
	for (size_t i = 0; i < CASELIST_NCOLS; i++)
		headings[i] = caselist_columns[i].heading;
	attron(A_BOLD);
	ui_put_columns(ui, 2, 1, ui->cols - 2, caselist_columns, CASELIST_NCOLS,
		       headings);
	attroff(A_BOLD);
	int top = 3, visible = caselist_visible(ui);
	if (c->sel < c->scroll)
		c->scroll = c->sel;
	if (c->sel >= c->scroll + visible)
		c->scroll = c->sel - visible + 1;
	for (int r = 0; r < visible; r++) {
		size_t i = (size_t)(c->scroll + r);
		if (i >= c->n)
			break;
		const struct md_case_row *row = &c->rows[i];
		char stage[64], due[64];
		int age = age_of(row->birth_date);
		/* Columns cut and padded by display width (ui_put), not bytes. */
		md_text_format(stage, sizeof stage, "%s%s",
			       row->closed ? "終結:" : "",
			       md_workflow_stage_label(ui->wf, row->stage));
		char *d = md_display_date(*row->next_eval_on
						  ? row->next_eval_on
						  : row->follow_up_on,
					  MD_DATE_SHORT);
		md_text_format(due, sizeof due, "%s%s", d ? d : "",
			       row->overdue ? "!" : "");
		md_free(d);
		int y = top + r;
		if ((int)i == c->sel) /* what Enter opens, also from the box */
			attron(A_REVERSE);
		if (row->overdue)
			attron(A_BOLD);
		move(y, 1);
		for (int x = 1; x < ui->cols - 1; x++)
			addch(' ');
		char number[32], years[16] = "";
		md_text_format(number, sizeof number, "%lld", row->case_id);
		if (age >= 0)
			md_text_format(years, sizeof years, "%d", age);
		const char *cells[CASELIST_NCOLS] = {number,    row->name,
						     row->kana, years,
						     stage,     row->staff_name,
						     due};
		ui_put_columns(ui, y, 1, ui->cols - 2, caselist_columns,
			       CASELIST_NCOLS, cells);
		attroff(A_REVERSE | A_BOLD);
	}
	/* How many rows the list has is known only when the window holds it
	 * all (counting would read every row); else whether an end is in
	 * view. */
	char total[32], count[128];
	const char *where = "";
	if (c->first && c->last) {
		md_text_format(total, sizeof total, "%zu 件", c->n);
		where = total;
	} else if (c->first && c->scroll == 0) {
		where = "一覧の先頭";
	} else if (c->last && (size_t)(c->scroll + visible) >= c->n) {
		where = "一覧の末尾";
	}
	md_text_format(count, sizeof count, "%s%s", where,
		       c->pending ? "(検索中…)" : "");
	if (c->n == 0 && !c->pending)
		md_text_format(count, sizeof count,
			       "該当するケースはありません");
	int used = ui_put(ui, ui->rows - 3, 1, count, ui->cols - 2);
	if (*limits)
		ui_put_ends(ui, ui->rows - 3, 1 + used + 2, "絞り込み:", limits,
			    ui->cols - 4 - used);
	if (c->focus_query) {
		curs_set(1);
		editor_draw(ui, &c->query, 1, 7, 1, 34, true);
	}
}

static void
caselist_tick(struct ui *ui, struct screen *s)
{
	struct caselist *c = s->state;
	if (c->pending && ui_since(&c->changed_at) >= 0.15) {
		/* Searching as the person types: the next key stops it. */
		ui_interruptible(ui, true);
		load(ui, c);
		ui_interruptible(ui, false);
		c->pending = ui->interrupted;
		ui_draw(ui);
	}
}

/* Only the cases of office (a name), or of every office (NULL). */
static void
set_office(struct ui *ui, struct caselist *c, const char *office)
{
	long long id = 0;
	struct md_err err;
	if (office && md_office_find(ui->db, office, &id, &err) != MD_OK) {
		ui_error(ui, &err);
		return;
	}
	char *copy = office ? md_strdup(office) : NULL;
	if (office && !copy)
		return;
	md_free(c->office);
	c->office = copy;
	c->filter.office_id = id;
}

static void
choose_filter(struct ui *ui, struct caselist *c)
{
	const char *labels[] = {"担当のケースだけ",     "期限を過ぎたものだけ",
				"終結したケースも含む", "手順で絞り込む…",
				"事業所で絞り込む…",    "絞り込みをすべて外す"};
	bool marks[] = {c->mine,
			c->filter.overdue,
			c->filter.include_closed,
			c->stage != NULL,
			c->office != NULL,
			false};
	int pick = ui_choose(ui, "絞り込み(Space で切り替え、Enter で決定)",
			     labels, 6, 0, marks);
	if (pick < 0)
		return;
	if (marks[5]) {
		c->mine = c->filter.overdue = c->filter.include_closed = false;
		md_free(c->stage);
		c->stage = NULL;
		set_office(ui, c, NULL);
		return;
	}
	/* 000 第4条: one office's cases (本所, a 総合支所). */
	char *office = NULL;
	if (marks[4] && (pick == 4 || !c->office)) {
		if (ui_choose_office(ui, c->office, "すべての事業所", true,
				     &office))
			set_office(ui, c, office);
		md_free(office);
	} else if (!marks[4]) {
		set_office(ui, c, NULL);
	}
	c->mine = marks[0];
	c->filter.overdue = marks[1];
	c->filter.include_closed = marks[2];
	if (marks[3] && (pick == 3 || !c->stage)) {
		/* The steps a case may stand at: a track's (004 §5(7)) leave
		 * the stage as it was. */
		size_t all = md_workflow_nsteps(ui->wf), n = 0;
		const char **steps = md_calloc(all ? all : 1, sizeof *steps);
		const struct md_wf_step **at = md_calloc(all ? all : 1,
							 sizeof *at);
		if (!steps || !at) {
			md_free(steps);
			md_free(at);
			return;
		}
		for (size_t i = 0; i < all; i++)
			if (!md_workflow_step(ui->wf, i)->track) {
				at[n] = md_workflow_step(ui->wf, i);
				steps[n] = at[n]->label;
				n++;
			}
		int st = ui_choose(ui, "最後に記録した手順", steps, n, 0, NULL);
		md_free(c->stage);
		c->stage = st >= 0 ? md_strdup(at[st]->id) : NULL;
		md_free(steps);
		md_free(at);
	} else if (!marks[3]) {
		md_free(c->stage);
		c->stage = NULL;
	}
}

static unsigned
caselist_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct caselist *c = s->state;
	/* In the search box, letters are the words searched. */
	enum ui_action a = ui_key_action(k, c->focus_query ? NULL
							   : caselist_actions);
	int page = caselist_visible(ui);
	switch (a) {
	case ACT_BACK:
		if (c->focus_query && c->query.len) {
			editor_set(&c->query, "");
			c->pending = true;
			clock_gettime(CLOCK_MONOTONIC, &c->changed_at);
			return UI_REDRAW;
		}
		return UI_CLOSE;
	case ACT_REFRESH:
		caselist_refresh(ui, c);
		return UI_REDRAW;
	case ACT_SEARCH:
		c->focus_query = true;
		return UI_REDRAW;
	case ACT_FIND:
		entries_open(ui, c->text);
		return UI_REDRAW;
	case ACT_OPEN:
		if (c->pending)
			load(ui, c);
		/* One Enter opens the case selected (from the search box:
		 * the first found). */
		c->focus_query = false;
		if (c->n)
			case_open(ui, c->rows[c->sel].case_id);
		return UI_REDRAW;
	case ACT_PRINT: {
		char *path = ui_export_path(ui, "支援ケース一覧.csv");
		struct md_export_options o =
			{.encoding = ui->cfg.export_encoding,
			 .force = true,
			 .office = c->office ? c->office : ui->cfg.office_name,
			 .office_id = c->filter.office_id,
			 .stage_label = md_workflow_stage_label,
			 .stage_ctx = ui->wf};
		struct md_err err;
		if (path && md_export_caselist(ui->db, &ui->user, path, &o,
					       &err) == MD_OK)
			ui_message(ui, false, "出力しました: %s", path);
		else if (path)
			ui_error(ui, &err);
		md_free(path);
		return UI_REDRAW;
	}
	case ACT_NEW:
		newcase_run(ui);
		return UI_REDRAW;
	case ACT_SORT:
		if (c->filter.sort == MD_SORT_DUE)
			c->filter.sort = MD_SORT_ID;
		else
			c->filter.sort++;
		c->filter.descending = c->filter.sort == MD_SORT_OPENED;
		load(ui, c);
		return UI_REDRAW;
	case ACT_FILTER:
		choose_filter(ui, c);
		load(ui, c);
		return UI_REDRAW;
	default:
		break;
	}
	if (k->fkey) {
		switch (k->ch) {
		case KEY_UP:
			/* Above the list's first row: the search box. */
			if (c->sel > 0 || !c->first)
				caselist_move(ui, c, c->sel - 1);
			else
				c->focus_query = true;
			return UI_REDRAW;
		case KEY_DOWN:
			if (c->focus_query)
				c->focus_query = false;
			else
				caselist_move(ui, c, c->sel + 1);
			return UI_REDRAW;
		case KEY_NPAGE:
			c->focus_query = false;
			caselist_move(ui, c, c->sel + page);
			return UI_REDRAW;
		case KEY_PPAGE:
			caselist_move(ui, c, c->sel - page);
			return UI_REDRAW;
		case KEY_HOME:
			if (c->focus_query)
				break;
			if (!c->first)
				window_reset(ui, c, NULL, false);
			caselist_move(ui, c, 0);
			return UI_REDRAW;
		case KEY_END:
			if (c->focus_query)
				break;
			/* The last page straight away, read backwards. */
			if (!c->last)
				window_reset(ui, c, NULL, true);
			caselist_move(ui, c, (int)c->n - 1);
			return UI_REDRAW;
		}
		if (!c->focus_query)
			return UI_REDRAW;
	}
	if (!c->focus_query && !k->fkey) {
		switch (k->ch) {
		case L'j':
			caselist_move(ui, c, c->sel + 1);
			return UI_REDRAW;
		case L'k':
			if (c->sel > 0 || !c->first)
				caselist_move(ui, c, c->sel - 1);
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

static long long
caselist_neighbour(struct ui *ui, struct screen *s, long long case_id, int dir)
{
	struct caselist *c = s->state;
	int at = -1;
	for (size_t i = 0; i < c->n && at < 0; i++)
		if (c->rows[(c->sel + i) % c->n].case_id == case_id)
			at = (int)((c->sel + i) % c->n);
	if (at < 0)
		return 0;
	caselist_move(ui, c, at + dir);
	c->focus_query = false;
	if (!c->n || c->rows[c->sel].case_id == case_id)
		return 0;
	return c->rows[c->sel].case_id;
}

static void
caselist_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct caselist *c = s->state;
	rows_free(c);
	editor_fini(&c->query);
	md_free(c->stage);
	md_free(c->office);
	md_free(c->text);
	md_free(c);
}

static const struct screen_ops caselist_ops = {
	.title = "支援ケース一覧",
	.actions = caselist_actions,
	.guide =
		"ケース番号、氏名、ふりがな(ひらがな・カタカナ・半角のどれでも)の"
		"始めの部分で、入力しながら検索します。検索中は一致した番号・読みの順に"
		"並びます。Enter で選んだケース(入力中は一番上のケース)を開き、↓ で一覧へ移ります。"
		"s で並べ替え、f で絞り込み、n で新しいケース、F9 で一覧を CSV に"
		"出力します。Home で一覧の先頭へ、End で末尾へ移ります。件数は、"
		"該当するケースが少ないときだけ表示します。支援経過の言葉で探すには F4 を"
		"押します(入力した言葉のまま移ります)。世帯の画面で l を押して開いた一覧は、"
		"その世帯の世帯員のケースだけです(上に「世帯 N のみ」と出ます)。",
	.draw = caselist_draw,
	.key = caselist_key,
	.tick = caselist_tick,
	.close = caselist_close,
	.neighbour = caselist_neighbour,
};

/* The list searched for query, of household_id's members only (0: of
 * everyone). */
static bool
caselist_push(struct ui *ui, const char *query, long long household_id)
{
	struct caselist *c = md_calloc(1, sizeof *c);
	if (!c)
		return false;
	editor_init(&c->query, query, false);
	/* A household's list is its cases: the cursor on them, not on the
	 * box. */
	c->focus_query = !household_id;
	c->filter.sort = MD_SORT_ID;
	c->filter.descending = false;
	c->filter.household_id = household_id;
	/* A name searched may be of a case long closed. */
	c->filter.include_closed = true;
	load(ui, c);
	ui_push(ui, &caselist_ops, c);
	return true;
}

bool
caselist_open(struct ui *ui, const char *query)
{
	return caselist_push(ui, query, 0);
}

bool
caselist_open_household(struct ui *ui, long long household_id)
{
	return caselist_push(ui, NULL, household_id);
}
