/* The search of progress entries (支援経過の検索): words of 第3号様式 as you
 * type, newest entries first, each opening its case. */
#include "ui.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "madoguchi/display.h"
#include "madoguchi/entries.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/* Hits read per call, and the most the list holds: past that, more words
 * narrow the search better than scrolling. */
#define ENTRIES_PAGE 50
#define ENTRIES_MAX 1000

struct entries {
	struct editor query;
	bool focus_query;
	struct md_entry_hit *hits;
	size_t n;
	long long resume; /* where the next page starts; 0 when no more */
	bool searched;    /* the text shown was searched */
	bool pending;     /* the query changed and is not searched yet */
	struct timespec changed_at;
	char *text; /* the query searched */
	int sel, scroll;
};

static const enum ui_action entries_actions[] = {ACT_HELP, ACT_OPEN,
						 ACT_FIND, ACT_REFRESH,
						 ACT_BACK, ACT_NONE};

/* The list's columns: headings and rows are drawn from this one table. */
static const struct ui_column entries_columns[] = {
	{"日付", 10, false, 0},
	{"ケース", 6, true, 0},
	{"氏名", 14, false, 0},
	{"内容", 45, false, 1},
};
#define ENTRIES_NCOLS (sizeof entries_columns / sizeof entries_columns[0])

static void
entries_clear(struct entries *e)
{
	md_entry_hits_free(e->hits, e->n);
	e->hits = NULL;
	e->n = 0;
	e->resume = 0;
	e->sel = e->scroll = 0;
}

/* Read the next page (the first when the list is empty). */
static void
entries_load(struct ui *ui, struct entries *e)
{
	if (e->n >= ENTRIES_MAX || (e->searched && !e->resume))
		return;
	struct md_entry_hit *hits;
	size_t n;
	long long resume;
	struct md_err err;
	if (md_entries_search(ui->db, &ui->user, ui->forms, e->text,
			      e->searched ? e->resume : 0, ENTRIES_PAGE, &hits,
			      &n, &resume, &err) != MD_OK) {
		/* A key stopped it: the tick reads again (the same page). */
		if (err.status == MD_ERR_INTERRUPTED)
			return;
		ui_error(ui, &err);
		e->resume = 0;
		e->searched = true;
		return;
	}
	struct md_entry_hit *all = md_realloc(e->hits,
					      (e->n + n + 1) * sizeof *all);
	if (!all) {
		md_entry_hits_free(hits, n);
		e->resume = 0;
		return;
	}
	if (n)
		memcpy(all + e->n, hits, n * sizeof *hits);
	md_free(hits); /* the strings moved into all */
	e->hits = all;
	e->n += n;
	e->resume = resume;
	e->searched = true;
}

/* Search the query as it is now. */
static void
entries_search(struct ui *ui, struct entries *e)
{
	entries_clear(e);
	md_free(e->text);
	e->text = editor_text(&e->query);
	e->searched = false;
	e->pending = false;
	if (e->text && *e->text)
		entries_load(ui, e);
}

static void
entries_draw(struct ui *ui, struct screen *s)
{
	struct entries *e = s->state;
	ui_put(ui, 1, 1, "言葉:", 6);
	attron(A_UNDERLINE);
	editor_draw(ui, &e->query, 1, 7, 1, 36, false);
	attroff(A_UNDERLINE);
	ui_put(ui, 1, 45, "空白で区切ると、すべてを含む経過", ui->cols - 46);
	const char *headings[ENTRIES_NCOLS];
	for (size_t i = 0; i < ENTRIES_NCOLS; i++)
		headings[i] = entries_columns[i].heading;
	attron(A_BOLD);
	ui_put_columns(ui, 2, 1, ui->cols - 2, entries_columns, ENTRIES_NCOLS,
		       headings);
	attroff(A_BOLD);
	int top = 3, visible = ui->rows - 3 - top;
	if (e->sel < e->scroll)
		e->scroll = e->sel;
	if (e->sel >= e->scroll + visible)
		e->scroll = e->sel - visible + 1;
	for (int r = 0; r < visible; r++) {
		size_t i = (size_t)(e->scroll + r);
		if (i >= e->n)
			break;
		const struct md_entry_hit *h = &e->hits[i];
		int y = top + r;
		if ((int)i == e->sel && !e->focus_query)
			attron(A_REVERSE);
		move(y, 1);
		for (int x = 1; x < ui->cols - 1; x++)
			addch(' ');
		char *d = md_display_date(h->entry_date, MD_DATE_SHORT);
		char num[32];
		md_text_format(num, sizeof num, "%lld", h->case_id);
		const char *cells[ENTRIES_NCOLS] = {d ? d : h->entry_date, num,
						    h->name, h->snippet};
		ui_put_columns(ui, y, 1, ui->cols - 2, entries_columns,
			       ENTRIES_NCOLS, cells);
		md_free(d);
		attroff(A_REVERSE);
	}
	char status[160];
	if (e->pending || (e->resume && e->n < (size_t)(e->scroll + visible)))
		md_text_format(status, sizeof status, "%zu 件(検索中…)", e->n);
	else if (!e->text || !*e->text)
		md_text_format(status, sizeof status,
			       "探す言葉を入力してください(1 文字の言葉でも探せます)");
	else if (e->n == 0)
		md_text_format(status, sizeof status,
			       "該当する経過はありません");
	else if (e->n >= ENTRIES_MAX)
		md_text_format(status, sizeof status,
			       "新しいものから %d 件まで表示しています。言葉を足して絞り込んでください",
			       ENTRIES_MAX);
	else
		md_text_format(status, sizeof status, "%zu 件%s", e->n,
			       e->resume ? "以上" : "");
	ui_put(ui, ui->rows - 3, 1, status, ui->cols - 2);
	if (e->focus_query) {
		curs_set(1);
		editor_draw(ui, &e->query, 1, 7, 1, 36, true);
	}
}

/* Search once typing pauses; go on reading while the rows shown are not
 * filled (a long word is checked in the text a share at a time). */
static void
entries_tick(struct ui *ui, struct screen *s)
{
	struct entries *e = s->state;
	/* Searching as the person types: the next key stops it. */
	if (e->pending && ui_since(&e->changed_at) >= 0.15) {
		ui_interruptible(ui, true);
		entries_search(ui, e);
		ui_interruptible(ui, false);
		e->pending = ui->interrupted;
		ui_draw(ui);
	} else if (!e->pending && e->resume &&
		   e->n < (size_t)(e->scroll + ui->rows - 6)) {
		ui_interruptible(ui, true);
		entries_load(ui, e);
		ui_interruptible(ui, false);
		ui_draw(ui);
	}
}

static unsigned
entries_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct entries *e = s->state;
	int page = ui_page(ui, 6);
	switch (ui_key_action(k, e->focus_query ? NULL : entries_actions)) {
	case ACT_BACK:
		if (e->focus_query && e->query.len) {
			editor_set(&e->query, "");
			entries_search(ui, e);
			return UI_REDRAW;
		}
		return UI_CLOSE;
	case ACT_FIND:
		e->focus_query = true;
		return UI_REDRAW;
	case ACT_REFRESH:
		entries_search(ui, e);
		return UI_REDRAW;
	case ACT_OPEN:
		if (e->pending)
			entries_search(ui, e);
		if (e->focus_query) {
			e->focus_query = e->n == 0;
			return UI_REDRAW;
		}
		if (e->n)
			case_open(ui, e->hits[e->sel].case_id);
		return UI_REDRAW;
	default:
		break;
	}
	int move = 0;
	if (k->fkey && k->ch == KEY_UP)
		move = -1;
	else if (k->fkey && k->ch == KEY_DOWN)
		move = 1;
	else if (k->fkey && k->ch == KEY_NPAGE)
		move = page;
	else if (k->fkey && k->ch == KEY_PPAGE)
		move = -page;
	else if (!e->focus_query && !k->fkey &&
		 (k->ch == L'j' || k->ch == L'k'))
		move = k->ch == L'j' ? 1 : -1;
	if (move) {
		if (e->focus_query) {
			e->focus_query = move < 0 || e->n == 0;
			return UI_REDRAW;
		}
		if (move < 0 && e->sel == 0) {
			e->focus_query = true;
			return UI_REDRAW;
		}
		e->sel += move;
		if (e->sel + page >= (int)e->n)
			entries_load(ui, e);
		if (e->sel >= (int)e->n)
			e->sel = e->n ? (int)e->n - 1 : 0;
		if (e->sel < 0)
			e->sel = 0;
		return UI_REDRAW;
	}
	if (!e->focus_query && !k->fkey) {
		if (k->ch < 0x20)
			return UI_REDRAW;
		e->focus_query = true; /* typing goes to the words */
	}
	bool changed;
	editor_key(ui, &e->query, k, &changed);
	if (changed) {
		e->pending = true;
		clock_gettime(CLOCK_MONOTONIC, &e->changed_at);
	}
	return UI_REDRAW;
}

static long long
entries_neighbour(struct ui *ui, struct screen *s, long long case_id, int dir)
{
	(void)ui;
	struct entries *e = s->state;
	e->focus_query = false;
	return ui_list_neighbour(e->hits, e->n, sizeof *e->hits,
				 offsetof(struct md_entry_hit, case_id),
				 &e->sel, case_id, dir);
}

static void
entries_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct entries *e = s->state;
	entries_clear(e);
	editor_fini(&e->query);
	md_free(e->text);
	md_free(e);
}

static const struct screen_ops entries_ops = {
	.title = "支援経過の検索",
	.actions = entries_actions,
	.guide =
		"支援経過(第3号様式)の内容と次回の予定を、入力しながら言葉で検索します。"
		"空白で区切った言葉をすべて含む経過を、新しいものから表示します。"
		"1 文字の言葉でも探せ、ひらがな・カタカナ・半角・全角の違いと句読点は"
		"区別しません。↓ か Enter で一覧へ移り、Enter でその経過のケースを開きます。",
	.draw = entries_draw,
	.key = entries_key,
	.tick = entries_tick,
	.close = entries_close,
	.neighbour = entries_neighbour,
};

bool
entries_open(struct ui *ui, const char *query)
{
	struct entries *e = md_calloc(1, sizeof *e);
	if (!e)
		return false;
	editor_init(&e->query, query, false);
	e->focus_query = true;
	ui_push(ui, &entries_ops, e);
	if (query && *query)
		entries_search(ui, e);
	return true;
}
