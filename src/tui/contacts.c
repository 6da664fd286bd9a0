/* The contacts list (相談一覧): the recent contacts, anonymous ones too,
 * newest first, searched by the words of their note or description; Enter
 * opens one, c records a new one. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/contacts.h"
#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/* The most contacts listed at once. */
#define CONTACTS_MAX 500

struct contacts {
	struct md_contact_row *rows;
	size_t n;
	char *query; /* words of the note or description; NULL: all */
	int sel, scroll;
};

static const enum ui_action contacts_actions[] = {ACT_HELP,    ACT_OPEN,
						  ACT_CONTACT, ACT_SEARCH,
						  ACT_REFRESH, ACT_BACK,
						  ACT_NONE};

static void
contacts_load(struct ui *ui, struct contacts *c)
{
	struct md_contact_filter f = {.text = c->query};
	struct md_contact_row *rows;
	size_t n;
	struct md_err err;
	if (md_contact_list(ui->db, &ui->user, &f, CONTACTS_MAX, &rows, &n,
			    &err) != MD_OK) {
		ui_error(ui, &err);
		return;
	}
	md_contact_rows_free(c->rows, c->n);
	c->rows = rows;
	c->n = n;
	if (c->sel >= (int)n)
		c->sel = n ? (int)n - 1 : 0;
}

static const struct ui_column columns[] = {
	{"番号", 5, true, 0},       {"日付", 9, false, 0},
	{"方法", 6, false, 0},      {"本人", 16, false, 2},
	{"相談内容", 14, false, 2}, {"対応", 10, false, 1},
	{"メモ", 10, false, 3},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static void
contacts_draw(struct ui *ui, struct screen *s)
{
	struct contacts *c = s->state;
	char head[512];
	if (c->query)
		md_text_format(head, sizeof head,
			       "相談一覧  「%s」を含むもの %zu 件", c->query,
			       c->n);
	else
		md_text_format(head, sizeof head, "相談一覧  新しい順 %zu 件%s",
			       c->n,
			       c->n >= CONTACTS_MAX ? "(古いものは / で探す)"
						    : "");
	attron(A_BOLD);
	ui_put(ui, 1, 1, head, ui->cols - 2);
	const char *headings[NCOLUMNS];
	for (size_t i = 0; i < NCOLUMNS; i++)
		headings[i] = columns[i].heading;
	ui_put_columns(ui, 2, 1, ui->cols - 2, columns, NCOLUMNS, headings);
	attroff(A_BOLD);
	int top = 3, visible = ui_page(ui, 7);
	if (c->sel < c->scroll)
		c->scroll = c->sel;
	if (c->sel >= c->scroll + visible)
		c->scroll = c->sel - visible + 1;
	if (!c->n)
		ui_put(ui, top, 3, "(相談票はありません。c で記録します)",
		       ui->cols - 4);
	for (int r = 0; r < visible; r++) {
		size_t i = (size_t)(c->scroll + r);
		if (i >= c->n)
			break;
		const struct md_contact_row *w = &c->rows[i];
		char id[24], *date = md_display_date(w->date, MD_DATE_SHORT);
		snprintf(id, sizeof id, "%lld", w->id);
		char *channel = md_asprintf("%s%s", w->channel,
					    w->outreach ? "(把握)" : "");
		const char *cells[NCOLUMNS] = {id,
					       date ? date : w->date,
					       channel ? channel : w->channel,
					       w->who,
					       w->topics,
					       w->response,
					       w->note};
		if ((int)i == c->sel)
			attron(A_REVERSE);
		ui_put_pad(ui, top + r, 1, "", ui->cols - 2);
		ui_put_columns(ui, top + r, 1, ui->cols - 2, columns, NCOLUMNS,
			       cells);
		if ((int)i == c->sel)
			attroff(A_REVERSE);
		md_free(date);
		md_free(channel);
	}
	ui_put(ui, ui->rows - 3, 1,
	       "Enter: 開く  c: 新しい相談票  /: メモ・特徴で探す  F10: 戻る",
	       ui->cols - 2);
}

static unsigned
contacts_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct contacts *c = s->state;
	switch (ui_key_action(k, contacts_actions)) {
	case ACT_BACK:
		return UI_CLOSE;
	case ACT_REFRESH:
		contacts_load(ui, c);
		return UI_REDRAW;
	case ACT_CONTACT:
		contact_open(ui, 0);
		return UI_REDRAW;
	case ACT_SEARCH: {
		char *q =
			ui_ask(ui,
			       "相談票を探す: メモ・本人の特徴・訪問先の言葉(空ならすべて)",
			       c->query ? c->query : "", false);
		if (q) {
			md_free(c->query);
			c->query = *q ? q : NULL;
			if (!*q)
				md_free(q);
			c->sel = c->scroll = 0;
			contacts_load(ui, c);
		}
		return UI_REDRAW;
	}
	case ACT_OPEN:
		if (c->n)
			contact_open(ui, c->rows[c->sel].id);
		return UI_REDRAW;
	default:
		break;
	}
	c->sel = ui_list_move(k, c->sel, c->n, ui_page(ui, 7));
	return UI_REDRAW;
}

static void
contacts_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct contacts *c = s->state;
	md_contact_rows_free(c->rows, c->n);
	md_free(c->query);
	md_free(c);
}

static const struct screen_ops contacts_ops = {
	.title = "相談一覧",
	.actions = contacts_actions,
	.guide =
		"記録した相談票を新しい順に一覧します。匿名の相談も含みます。/ か F3 で"
		"メモ・本人の特徴・訪問先の言葉から探し、Enter で開きます(つなぎ・"
		"フォローアップ・把握の試み・ケースにするは相談票の画面で)。c で新しい"
		"相談票を記録します。",
	.draw = contacts_draw,
	.key = contacts_key,
	.close = contacts_close,
};

bool
contacts_open(struct ui *ui)
{
	struct contacts *c = md_calloc(1, sizeof *c);
	if (!c)
		return false;
	contacts_load(ui, c);
	ui_push(ui, &contacts_ops, c);
	return true;
}
