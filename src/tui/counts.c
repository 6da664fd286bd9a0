/* The counts screen (件数の集計): the tables of forms/counts.ini over a
 * period, an office and a member of staff, as `madoguchi count` counts
 * them, drawn as bars where people would rather look (000 第8条・第9条,
 * 002 第2条(6), 004 §2(1); issue 20): a table's columns over the period
 * (内訳), and one column month by month, office by office or member by
 * member (月別・事業所別・職員別). F9 prints the whole report as CSV. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/counts.h"
#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/* What a line of the 内訳 shows: a heading group, or a column. */
struct shown {
	int col;           /* the table's column, -1 for a group heading */
	const char *label; /* the group or the column's label */
};

struct counts {
	char from[16], to[16]; /* as typed or made (和暦 or ISO) */
	char *office, *staff;  /* NULL: every office, all staff */
	enum md_count_by by;   /* the rows of the series */
	struct md_count_report rep;
	bool counted;
	size_t table; /* which of rep.results */
	struct shown *lines;
	size_t nlines;
	int sel;    /* the selected line of the 内訳 (a column's) */
	int scroll; /* of the 内訳 or the series */
	int line;   /* the 段 the bars picture */
	bool series;
};

static const enum ui_action counts_actions[] =
	{ACT_HELP,         ACT_OPEN,         ACT_COUNT_TABLE, ACT_COUNT_YEAR,
	 ACT_COUNT_PERIOD, ACT_COUNT_OFFICE, ACT_COUNT_STAFF, ACT_COUNT_BY,
	 ACT_COUNT_LINE,   ACT_PRINT,        ACT_REFRESH,     ACT_BACK,
	 ACT_NONE};

/* The rows of a series, by enum md_count_by. */
static const char *const by_names[] = {"合計", "月別", "事業所別", "職員別"};

/* The fiscal year (4/1〜3/31) that holds today, moved by years. */
static void
fiscal_year(struct counts *c, int years)
{
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	struct md_date d;
	struct md_err err;
	if (md_date_from_iso(today, &d, &err) != MD_OK)
		return;
	int y = (d.month >= 4 ? d.year : d.year - 1) + years;
	md_date_iso((struct md_date){y, 4, 1}, c->from);
	md_date_iso((struct md_date){y + 1, 3, 31}, c->to);
}

static const struct md_count_result *
current(const struct counts *c)
{
	return c->counted && c->table < c->rep.n ? &c->rep.results[c->table]
						 : NULL;
}

/* The 内訳's lines of the current table: each group's heading before its
 * first column, then the columns. */
static void
lines_make(struct counts *c)
{
	md_free(c->lines);
	c->lines = NULL;
	c->nlines = 0;
	const struct md_count_result *r = current(c);
	if (!r)
		return;
	const struct md_count_table *t = r->table;
	c->lines = md_calloc(t->ncols * 2 + 1, sizeof *c->lines);
	if (!c->lines)
		return;
	const char *group = "";
	for (size_t i = 0; i < t->ncols; i++) {
		const char *g = t->cols[i].group ? t->cols[i].group : "";
		if (*g && strcmp(g, group))
			c->lines[c->nlines++] = (struct shown){-1, g};
		group = g;
		c->lines[c->nlines++] = (struct shown){(int)i,
						       t->cols[i].label};
	}
}

/* The line of the 内訳 that shows column col. */
static int
line_of(const struct counts *c, int col)
{
	for (size_t i = 0; i < c->nlines; i++)
		if (c->lines[i].col == col)
			return (int)i;
	return 0;
}

/* Count again (the audit records it, as every print); on a refusal the
 * figures shown before stay and the message says why. */
static bool
counts_run(struct ui *ui, struct counts *c)
{
	const struct md_count_table *was = current(c) ? current(c)->table
						      : NULL;
	int col = c->nlines ? c->lines[c->sel].col : 0;
	static const char *const names[MD_COUNT_NAMES] =
		{"期間の初日", "期間の末日", "事業所", "職員", "現在日", "表"};
	struct md_count_query q = {.names = names,
				   .from = c->from,
				   .to = c->to,
				   .office = c->office,
				   .staff = c->staff,
				   .by = c->by};
	struct md_count_report rep;
	memset(&rep, 0, sizeof rep);
	struct md_err err;
	if (md_count_run(ui->db, &ui->user, ui->counts, &q, &rep, &err) !=
		    MD_OK ||
	    md_count_audit(ui->db, &ui->user, &rep, &err) != MD_OK) {
		md_count_report_free(&rep);
		ui_error(ui, &err);
		return false;
	}
	md_count_report_free(&c->rep);
	c->rep = rep;
	c->counted = true;
	/* The same table and column as before, when they are still there. */
	c->table = 0;
	for (size_t i = 0; was && i < rep.n; i++)
		if (rep.results[i].table == was)
			c->table = i;
	lines_make(c);
	c->sel = line_of(c, current(c) && current(c)->table == was ? col : 0);
	if (c->line >= (int)(current(c) ? current(c)->table->nlines : 1))
		c->line = 0;
	return true;
}

/* n as the column of line l shows it: later lines in parentheses. */
static void
figure(char *buf, size_t size, long long n, int l)
{
	snprintf(buf, size, l ? "(%lld)" : "%lld", n);
}

/* The columns the figures take: each line's widest figure or label. */
static int
figure_width(const struct ui *ui, const struct md_count_result *r, int l)
{
	const struct md_count_table *t = r->table;
	int w = t->nlines > 1 ? ui_width(ui, t->lines[l].label) + (l ? 2 : 0)
			      : ui_width(ui, t->unit);
	for (size_t row = 0; row <= r->nrows; row++) {
		const struct md_count_row *x = row < r->nrows ? &r->rows[row]
							      : &r->total;
		for (size_t i = 0; i < t->ncols; i++) {
			char buf[32];
			figure(buf, sizeof buf, x->n[(size_t)l * t->ncols + i],
			       l);
			if ((int)strlen(buf) > w)
				w = (int)strlen(buf);
		}
	}
	return w;
}

/* One row at y: label in lw columns (indent more), each line's figure
 * right-aligned in its width, then the bar of line c->line against max. */
static void
draw_row(struct ui *ui, const struct counts *c, int y, const char *label,
	 int indent, int lw, const long long *n, size_t stride, const int *fw,
	 long long max, bool bar, bool sel)
{
	const struct md_count_table *t = current(c)->table;
	if (sel)
		attron(A_REVERSE);
	ui_put_pad(ui, y, 1, "", ui->cols - 2);
	ui_put(ui, y, 1 + indent, label, lw - indent);
	int x = 1 + lw;
	for (size_t l = 0; l < t->nlines; l++) {
		char buf[32];
		figure(buf, sizeof buf, n[l * stride], (int)l);
		x += 1 + fw[l];
		ui_put(ui, y, x - (int)strlen(buf), buf, (int)strlen(buf));
	}
	if (sel)
		attroff(A_REVERSE);
	int bw = ui->cols - 2 - x;
	if (bar && bw > 2) {
		char *b = md_count_bar(n[(size_t)c->line * stride], max, bw - 1,
				       ui->cfg.display_ambiguous_width);
		if (b)
			ui_put(ui, y, x + 2, b, bw - 1);
		md_free(b);
	}
}

/* The heading row at y: the figures' headings over them. */
static void
draw_heading(struct ui *ui, const struct counts *c, int y, const char *first,
	     int lw, const int *fw)
{
	const struct md_count_table *t = current(c)->table;
	attron(A_BOLD);
	ui_put(ui, y, 1, first, lw);
	int x = 1 + lw;
	for (size_t l = 0; l < t->nlines; l++) {
		char *h = t->nlines > 1 ? md_asprintf(l ? "(%s)" : "%s",
						      t->lines[l].label)
					: md_strdup(t->unit);
		x += 1 + fw[l];
		if (h)
			ui_put(ui, y, x - ui_width(ui, h), h, ui_width(ui, h));
		md_free(h);
	}
	if (t->nlines > 1) {
		char *p = md_asprintf("棒: %s", t->lines[c->line].label);
		if (p)
			ui_put(ui, y, x + 2, p, ui->cols - 3 - x);
		md_free(p);
	}
	attroff(A_BOLD);
}

/* The rows of the screen below its four lines of headings, above the
 * table's note (two lines). */
static int
visible_rows(const struct ui *ui)
{
	return ui_page(ui, 9);
}

static void
keep_in_view(struct counts *c, int sel, int n, int visible)
{
	if (sel < c->scroll)
		c->scroll = sel;
	if (sel >= c->scroll + visible)
		c->scroll = sel - visible + 1;
	if (c->scroll > n - visible)
		c->scroll = n > visible ? n - visible : 0;
	if (c->scroll < 0)
		c->scroll = 0;
}

static void
draw_breakdown(struct ui *ui, struct counts *c, const int *fw, int lw)
{
	const struct md_count_result *r = current(c);
	const struct md_count_table *t = r->table;
	long long max = 0;
	for (size_t i = 0; i < t->ncols; i++)
		if (r->total.n[(size_t)c->line * t->ncols + i] > max)
			max = r->total.n[(size_t)c->line * t->ncols + i];
	draw_heading(ui, c, 4, "項目(期間の合計)", lw, fw);
	int visible = visible_rows(ui);
	keep_in_view(c, c->sel, (int)c->nlines, visible);
	for (int k = 0; k < visible; k++) {
		size_t i = (size_t)(c->scroll + k);
		if (i >= c->nlines)
			break;
		const struct shown *s = &c->lines[i];
		if (s->col < 0) {
			attron(A_BOLD);
			ui_put(ui, 5 + k, 1, s->label, lw);
			attroff(A_BOLD);
			continue;
		}
		bool grouped = t->cols[s->col].group && *t->cols[s->col].group;
		draw_row(ui, c, 5 + k, s->label, grouped ? 2 : 0, lw,
			 &r->total.n[s->col], t->ncols, fw, max, true,
			 (int)i == c->sel);
	}
}

static void
draw_series(struct ui *ui, struct counts *c, const int *fw, int lw)
{
	const struct md_count_result *r = current(c);
	const struct md_count_table *t = r->table;
	int col = c->lines[c->sel].col;
	long long max = 0;
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].n[(size_t)c->line * t->ncols + (size_t)col] >
		    max)
			max = r->rows[i].n[(size_t)c->line * t->ncols +
					   (size_t)col];
	draw_heading(ui, c, 4, by_names[c->by], lw, fw);
	int visible = visible_rows(ui) - 1; /* the last: 合計 */
	keep_in_view(c, c->scroll, (int)r->nrows, visible);
	int k = 0;
	for (; k < visible && (size_t)(c->scroll + k) < r->nrows; k++) {
		const struct md_count_row *x = &r->rows[c->scroll + k];
		draw_row(ui, c, 5 + k, x->label, 0, lw, &x->n[col], t->ncols,
			 fw, max, true, false);
	}
	attron(A_BOLD);
	draw_row(ui, c, 5 + k, r->total.label, 0, lw, &r->total.n[col],
		 t->ncols, fw, max, false, false);
	attroff(A_BOLD);
}

static void
counts_draw(struct ui *ui, struct screen *s)
{
	struct counts *c = s->state;
	const struct md_count_result *r = current(c);
	char *from = md_display_date(c->rep.from, MD_DATE_SHORT),
	     *to = md_display_date(c->rep.to, MD_DATE_SHORT),
	     *at = md_display_date(c->rep.as_at, MD_DATE_SHORT);
	char *head = md_asprintf("件数の集計  %s〜%s  %s  %s  (%s 現在)",
				 from ? from : "", to ? to : "",
				 c->rep.office ? c->rep.office : "全事業所",
				 c->rep.staff ? c->rep.staff : "全職員",
				 at ? at : "");
	attron(A_BOLD);
	ui_put(ui, 1, 1, head ? head : "件数の集計", ui->cols - 2);
	attroff(A_BOLD);
	md_free(head);
	md_free(from);
	md_free(to);
	md_free(at);
	if (!r) {
		ui_put(ui, 3, 3, "(集計できませんでした。p で期間を入力します)",
		       ui->cols - 4);
		return;
	}
	const struct md_count_table *t = r->table;
	char *title = md_asprintf("表 %zu/%zu  %s%s", c->table + 1, c->rep.n,
				  t->title, t->provisional ? "(暫定)" : "");
	/* The cite at the line's end, whole; the title cut before it. */
	const char *cite = t->cite ? t->cite : "";
	int cw = ui_width(ui, cite),
	    room = ui->cols - 4 - ui_width(ui, title ? title : t->title);
	if (cw > room)
		cw = room > (ui->cols - 2) / 4 ? room : (ui->cols - 2) / 4;
	ui_put(ui, 2, 1, title ? title : t->title, ui->cols - 4 - cw);
	ui_put(ui, 2, ui->cols - 1 - cw, cite, cw);
	md_free(title);
	char *rule = c->series ? md_asprintf("%s: %s", by_names[c->by],
					     c->lines[c->sel].label)
			       : md_strdup("内訳");
	ui_rule(ui, 3, rule ? rule : "");
	md_free(rule);
	/* The labels' column: the widest label, at most half the screen. */
	int lw = 8;
	for (size_t i = 0; i < c->nlines; i++) {
		int w = ui_width(ui, c->lines[i].label) + 2;
		if (w > lw)
			lw = w;
	}
	for (size_t i = 0; c->series && i < r->nrows; i++)
		if (ui_width(ui, r->rows[i].label) > lw)
			lw = ui_width(ui, r->rows[i].label);
	if (lw > (ui->cols - 2) / 2)
		lw = (ui->cols - 2) / 2;
	int fw[MD_COUNT_MAX_COLUMNS];
	for (size_t l = 0; l < t->nlines && l < MD_COUNT_MAX_COLUMNS; l++)
		fw[l] = figure_width(ui, r, (int)l);
	if (c->series)
		draw_series(ui, c, fw, lw);
	else
		draw_breakdown(ui, c, fw, lw);
	if (t->note && *t->note)
		ui_put_lines(ui, ui->rows - 4, 1, t->note, ui->cols - 2, 2);
}

/* p: the period, each day asked again from what was typed when refused. */
static void
ask_period(struct ui *ui, struct counts *c)
{
	char *from = md_display_date(c->from, MD_DATE_SHORT);
	char *to = md_display_date(c->to, MD_DATE_SHORT);
	char was_from[16], was_to[16];
	memcpy(was_from, c->from, sizeof was_from);
	memcpy(was_to, c->to, sizeof was_to);
	for (;;) {
		if (!ui_ask_again(ui, "期間の初日(和暦 R7.4.1 か 2025-04-01)",
				  &from) ||
		    !ui_ask_again(ui, "期間の末日(その日を含む)", &to))
			break;
		if (strlen(from) >= sizeof c->from ||
		    strlen(to) >= sizeof c->to) {
			ui_message(ui, true, "日付が長すぎます: %s",
				   strlen(from) >= sizeof c->from ? from : to);
			continue;
		}
		snprintf(c->from, sizeof c->from, "%s", from);
		snprintf(c->to, sizeof c->to, "%s", to);
		if (counts_run(ui, c)) {
			/* Kept as counted (ISO), for the year keys. */
			memcpy(c->from, c->rep.from, sizeof c->rep.from);
			memcpy(c->to, c->rep.to, sizeof c->rep.to);
			break;
		}
		memcpy(c->from, was_from, sizeof was_from);
		memcpy(c->to, was_to, sizeof was_to);
	}
	md_free(from);
	md_free(to);
}

/* o: one office, or every office. */
static void
choose_office(struct ui *ui, struct counts *c)
{
	char *office = NULL;
	if (!ui_choose_office(ui, c->office, "全事業所", true, &office))
		return;
	char *was = c->office;
	c->office = office;
	if (counts_run(ui, c)) {
		md_free(was);
	} else {
		md_free(c->office);
		c->office = was;
	}
}

/* s: one member of staff (login or name, as typed), or all (empty). */
static void
ask_staff(struct ui *ui, struct counts *c)
{
	char *typed = c->staff ? md_strdup(c->staff) : NULL;
	char *was = c->staff;
	while (ui_ask_again(ui, "職員(ユーザー名か氏名。空: 全職員)", &typed)) {
		c->staff = *typed ? typed : NULL;
		if (counts_run(ui, c)) {
			if (!c->staff)
				md_free(typed);
			md_free(was);
			return;
		}
		c->staff = was;
	}
	md_free(typed);
}

static void
print_csv(struct ui *ui, struct counts *c)
{
	if (!current(c))
		return;
	char *name = md_asprintf("件数の集計_%s_%s.csv", c->rep.from,
				 c->rep.to);
	char *path = name ? ui_export_path(ui, name) : NULL;
	struct md_export_options o = {.encoding = ui->cfg.export_encoding,
				      .force = true};
	struct md_err err;
	if (path && md_count_export(ui->db, &ui->user, &c->rep, path, &o,
				    &err) == MD_OK)
		ui_message(ui, false, "出力しました: %s", path);
	else if (path)
		ui_error(ui, &err);
	md_free(path);
	md_free(name);
}

/* The table before (dir -1) or after (1) the one shown, its 内訳. */
static void
go_table(struct counts *c, int dir)
{
	if (!current(c) || !c->rep.n)
		return;
	c->table = (c->table + c->rep.n + (dir < 0 ? c->rep.n - 1 : 1)) %
		   c->rep.n;
	lines_make(c);
	c->sel = line_of(c, 0);
	c->scroll = 0;
	c->line = 0;
	c->series = false;
}

static unsigned
counts_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct counts *c = s->state;
	const struct md_count_result *r = current(c);
	enum ui_action a = ui_key_action(k, counts_actions);
	switch (a) {
	case ACT_BACK:
		if (c->series) {
			c->series = false;
			c->scroll = 0;
			return UI_REDRAW;
		}
		return UI_CLOSE;
	case ACT_REFRESH:
		counts_run(ui, c);
		return UI_REDRAW;
	case ACT_OPEN:
		/* The selected column's series, or back to the 内訳. */
		if (r) {
			c->series = !c->series;
			c->scroll = 0;
		}
		return UI_REDRAW;
	case ACT_COUNT_TABLE:
		go_table(c, ui_key_which(k, a) == 0 ? -1 : 1);
		return UI_REDRAW;
	case ACT_COUNT_YEAR: {
		/* The fiscal year before or after the one shown. */
		struct md_date d;
		struct md_err err;
		if (md_date_from_iso(c->rep.from, &d, &err) == MD_OK) {
			int y = (d.month >= 4 ? d.year : d.year - 1) +
				(ui_key_which(k, a) == 0 ? -1 : 1);
			md_date_iso((struct md_date){y, 4, 1}, c->from);
			md_date_iso((struct md_date){y + 1, 3, 31}, c->to);
			if (!counts_run(ui, c)) {
				memcpy(c->from, c->rep.from,
				       sizeof c->rep.from);
				memcpy(c->to, c->rep.to, sizeof c->rep.to);
			}
		}
		return UI_REDRAW;
	}
	case ACT_COUNT_PERIOD:
		ask_period(ui, c);
		return UI_REDRAW;
	case ACT_COUNT_OFFICE:
		choose_office(ui, c);
		return UI_REDRAW;
	case ACT_COUNT_STAFF:
		ask_staff(ui, c);
		return UI_REDRAW;
	case ACT_COUNT_BY: {
		enum md_count_by was = c->by;
		c->by = c->by == MD_COUNT_BY_STAFF
				? MD_COUNT_BY_MONTH
				: (enum md_count_by)(c->by + 1);
		if (counts_run(ui, c)) {
			c->series = true;
			c->scroll = 0;
		} else {
			c->by = was;
		}
		return UI_REDRAW;
	}
	case ACT_COUNT_LINE:
		if (r && r->table->nlines > 1)
			c->line = (c->line + 1) % (int)r->table->nlines;
		else
			ui_message(ui, false, "この表の段はひとつです");
		return UI_REDRAW;
	case ACT_PRINT:
		print_csv(ui, c);
		return UI_REDRAW;
	default:
		break;
	}
	if (!r)
		return UI_REDRAW;
	if (k->fkey && (k->ch == KEY_LEFT || k->ch == KEY_RIGHT)) {
		/* ← → as < >. */
		go_table(c, k->ch == KEY_LEFT ? -1 : 1);
		return UI_REDRAW;
	}
	if (c->series) {
		int page = visible_rows(ui) - 1;
		c->scroll = ui_list_move(k, c->scroll, r->nrows, page);
		return UI_REDRAW;
	}
	int to = ui_list_move(k, c->sel, c->nlines, visible_rows(ui));
	/* Past a group's heading, in the direction moved. */
	while (to >= 0 && (size_t)to < c->nlines && c->lines[to].col < 0)
		to += to >= c->sel ? 1 : -1;
	if (to >= 0 && (size_t)to < c->nlines)
		c->sel = to;
	return UI_REDRAW;
}

static void
counts_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct counts *c = s->state;
	md_count_report_free(&c->rep);
	md_free(c->lines);
	md_free(c->office);
	md_free(c->staff);
	md_free(c);
}

static const struct screen_ops counts_ops = {
	.title = "件数の集計",
	.actions = counts_actions,
	.guide =
		"検証会議(000 第8条・第9条、002 第2条(6))や月次の報告のための件数"
		"を、forms/counts.ini の表ごとに数えます(madoguchi count と同じ)。"
		"初めは今年度(4月1日〜3月31日)、全事業所・全職員です。← → で表を"
		"替え、↑↓ で項目を選び、Enter でその項目を月ごとに棒で見ます(b で"
		"月別・事業所別・職員別)。[ ] で前後の年度、p で期間(和暦でも)、o で"
		"事業所、s で職員。段のある表(004 §2(1) の電話の件数など)は l で棒に"
		"する段を替えます。F9 で表をすべて CSV に出力します(Excel でそのまま"
		"開けます)。あとで記録を直しても、過去の期間の件数は数えた日のとおり"
		"です。",
	.draw = counts_draw,
	.key = counts_key,
	.close = counts_close,
};

bool
counts_open(struct ui *ui)
{
	struct counts *c = md_calloc(1, sizeof *c);
	if (!c)
		return false;
	fiscal_year(c, 0);
	c->by = MD_COUNT_BY_MONTH;
	counts_run(ui, c);
	ui_push(ui, &counts_ops, c);
	return true;
}
