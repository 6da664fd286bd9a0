/* The meetings list (会議一覧): every meeting recorded, newest first, with
 * its type (forms/meetings.ini), day, the persons discussed, the open
 * 役割分担 and the next date; Enter opens one, n records a new one
 * (000 第3条(2), 003 §6; issue 19). */
#include "ui.h"

#include <curses.h>
#include <stdio.h>

#include "madoguchi/display.h"
#include "madoguchi/meetings.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

struct meetings {
	struct md_meeting_row *rows;
	size_t n;
	int sel, scroll;
};

static const enum ui_action meetings_actions[] = {ACT_HELP,        ACT_OPEN,
						  ACT_MEETING_NEW, ACT_REFRESH,
						  ACT_BACK,        ACT_NONE};

static void
meetings_load(struct ui *ui, struct meetings *m)
{
	struct md_meeting_row *rows;
	size_t n;
	struct md_err err;
	if (md_meeting_list(ui->db, &ui->user, ui->meetings, NULL, &rows, &n,
			    &err) != MD_OK) {
		ui_error(ui, &err);
		return;
	}
	md_meeting_rows_free(m->rows, m->n);
	m->rows = rows;
	m->n = n;
	if (m->sel >= (int)n)
		m->sel = n ? (int)n - 1 : 0;
}

static const struct ui_column columns[] = {
	{"番号", 5, true, 0}, {"種類", 16, false, 2}, {"日付", 15, false, 0},
	{"本人", 4, true, 0}, {"未完了", 6, true, 0}, {"次回", 10, false, 1},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static void
meetings_draw(struct ui *ui, struct screen *s)
{
	struct meetings *m = s->state;
	char head[128];
	md_text_format(head, sizeof head, "会議一覧  新しい順 %zu 件", m->n);
	attron(A_BOLD);
	ui_put(ui, 1, 1, head, ui->cols - 2);
	const char *headings[NCOLUMNS];
	for (size_t i = 0; i < NCOLUMNS; i++)
		headings[i] = columns[i].heading;
	ui_put_columns(ui, 2, 1, ui->cols - 2, columns, NCOLUMNS, headings);
	attroff(A_BOLD);
	int top = 3, visible = ui_page(ui, 7);
	if (m->sel < m->scroll)
		m->scroll = m->sel;
	if (m->sel >= m->scroll + visible)
		m->scroll = m->sel - visible + 1;
	if (!m->n)
		ui_put(ui, top, 3, "(会議はありません。n で記録します)",
		       ui->cols - 4);
	for (int r = 0; r < visible; r++) {
		size_t i = (size_t)(m->scroll + r);
		if (i >= m->n)
			break;
		const struct md_meeting_row *w = &m->rows[i];
		char id[24], persons[24], open[24];
		snprintf(id, sizeof id, "%lld", w->id);
		snprintf(persons, sizeof persons, "%zu", w->npersons);
		snprintf(open, sizeof open, "%zu", w->nopen_tasks);
		char *on = md_display_date(w->on, MD_DATE_SHORT);
		char *day = md_asprintf("%s%s", on ? on : w->on,
					w->held ? "" : "(予定)");
		char *next = *w->next_on ? md_display_date(w->next_on,
							   MD_DATE_SHORT)
					 : NULL;
		const char *cells[NCOLUMNS] = {id,
					       w->type_label,
					       day ? day : w->on,
					       persons,
					       open,
					       next ? next : ""};
		if ((int)i == m->sel)
			attron(A_REVERSE);
		ui_put_pad(ui, top + r, 1, "", ui->cols - 2);
		ui_put_columns(ui, top + r, 1, ui->cols - 2, columns, NCOLUMNS,
			       cells);
		if ((int)i == m->sel)
			attroff(A_REVERSE);
		md_free(on);
		md_free(day);
		md_free(next);
	}
	ui_put(ui, ui->rows - 3, 1, "Enter: 開く  n: 新しい会議  F10: 戻る",
	       ui->cols - 2);
}

static unsigned
meetings_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct meetings *m = s->state;
	switch (ui_key_action(k, meetings_actions)) {
	case ACT_BACK:
		return UI_CLOSE;
	case ACT_REFRESH:
		meetings_load(ui, m);
		return UI_REDRAW;
	case ACT_MEETING_NEW:
		meeting_open(ui, 0);
		return UI_REDRAW;
	case ACT_OPEN:
		if (m->n)
			meeting_open(ui, m->rows[m->sel].id);
		return UI_REDRAW;
	default:
		break;
	}
	m->sel = ui_list_move(k, m->sel, m->n, ui_page(ui, 7));
	return UI_REDRAW;
}

static void
meetings_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct meetings *m = s->state;
	md_meeting_rows_free(m->rows, m->n);
	md_free(m);
}

static const struct screen_ops meetings_ops = {
	.title = "会議一覧",
	.actions = meetings_actions,
	.guide =
		"記録した会議(連絡会・支援会議・支援調整会議・重層的支援会議・"
		"ケース共有会議など。種類は forms/meetings.ini のもの)を新しい順に"
		"一覧します。本人は検討した人の数、未完了はまだ済んでいない役割分担の"
		"数です。Enter で会議を開き、n で新しい会議を記録します。次回の日付、"
		"役割分担の期限、定例の会議の次の日は今日の予定に出ます。",
	.draw = meetings_draw,
	.key = meetings_key,
	.close = meetings_close,
};

bool
meetings_open(struct ui *ui)
{
	struct meetings *m = md_calloc(1, sizeof *m);
	if (!m)
		return false;
	meetings_load(ui, m);
	ui_push(ui, &meetings_ops, m);
	return true;
}
