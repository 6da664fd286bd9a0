/* The history screen: every revision of a form, and the field-by-field
 * difference between two of them. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/records.h"
#include "madoguchi/text.h"

struct history {
	long long record_id;
	const struct md_form *form;
	struct md_revision *revs;
	size_t n;
	int sel;     /* the revision compared with the one before it */
	int mark;    /* a revision marked with Space to compare with, or -1 */
	char **diff; /* lines of the difference shown */
	size_t ndiff;
	int scroll; /* the first row of the difference on the screen */
	int shown;  /* the rows the difference took, wrapped, when drawn */
};

static const enum ui_action history_actions[] = {ACT_HELP, ACT_REFRESH,
						 ACT_BACK, ACT_NONE};

static void
diff_free(struct history *h)
{
	for (size_t i = 0; i < h->ndiff; i++)
		md_free(h->diff[i]);
	md_free(h->diff);
	h->diff = NULL;
	h->ndiff = 0;
}

static void
diff_add(struct history *h, char *line)
{
	if (!line)
		return;
	char **p = md_realloc(h->diff, (h->ndiff + 1) * sizeof *p);
	if (!p) {
		md_free(line);
		return;
	}
	h->diff = p;
	h->diff[h->ndiff++] = line;
}

/* The difference between revision a and revision b (a < b). */
static void
compute(struct ui *ui, struct history *h)
{
	diff_free(h);
	h->scroll = 0;
	if (!h->n)
		return;
	int b = h->revs[h->sel].revision;
	int a = h->mark >= 0 ? h->revs[h->mark].revision : b - 1;
	if (a > b) {
		int t = a;
		a = b;
		b = t;
	}
	struct md_values va, vb;
	struct md_err err;
	md_values_init(&va);
	md_values_init(&vb);
	if ((a > 0 && md_record_values_at(ui->db, &ui->user, h->record_id, a,
					  &va, &err) != MD_OK) ||
	    md_record_values_at(ui->db, &ui->user, h->record_id, b, &vb,
				&err) != MD_OK) {
		ui_error(ui, &err);
		goto out;
	}
	struct md_diff *d;
	size_t n;
	if (md_values_diff(h->form, &va, &vb, &d, &n, &err) != MD_OK) {
		ui_error(ui, &err);
		goto out;
	}
	diff_add(h,
		 a > 0 ? md_asprintf("版 %d と版 %d の違い(%zu 項目)", a, b, n)
		       : md_asprintf("版 %d で入力した項目(%zu 項目)", b, n));
	for (size_t i = 0; i < n; i++) {
		char *before = md_display_value(ui->db, d[i].field, NULL, &va,
						d[i].key, MD_DATE_LONG);
		char *after = md_display_value(ui->db, d[i].field, NULL, &vb,
					       d[i].key, MD_DATE_LONG);
		const char *bv = before && *before ? before : d[i].before;
		const char *av = after && *after ? after : d[i].after;
		diff_add(h, md_asprintf("%s%s%s", d[i].field->label,
					strcmp(d[i].key, d[i].field->key) ? " "
									  : "",
					strcmp(d[i].key, d[i].field->key)
						? d[i].key
						: ""));
		diff_add(h, md_asprintf("  前: %s", *bv ? bv : "(なし)"));
		diff_add(h, md_asprintf("  後: %s", *av ? av : "(なし)"));
		md_free(before);
		md_free(after);
	}
	md_diffs_free(d, n);
out:
	md_values_fini(&va);
	md_values_fini(&vb);
}

static void
load(struct ui *ui, struct history *h)
{
	struct md_err err;
	md_revisions_free(h->revs, h->n);
	h->revs = NULL;
	h->n = 0;
	if (md_record_history(ui->db, &ui->user, ui->forms, h->record_id,
			      &h->revs, &h->n, &err) != MD_OK)
		ui_error(ui, &err);
	if (h->sel >= (int)h->n)
		h->sel = h->n ? (int)h->n - 1 : 0;
	compute(ui, h);
}

static void
history_draw(struct ui *ui, struct screen *s)
{
	struct history *h = s->state;
	char head[256];
	md_text_format(head, sizeof head,
		       "%s %s の履歴(Space で比べる版に印、↑↓ で選ぶ)",
		       h->form->number, h->form->title);
	attron(A_BOLD);
	ui_put(ui, 1, 1, head, ui->cols - 2);
	attroff(A_BOLD);
	int list_rows = (int)h->n < 8 ? (int)h->n : 8;
	for (int r = 0; r < list_rows; r++) {
		int i = h->sel - list_rows + 1 > 0 ? h->sel - list_rows + 1 + r
						   : r;
		if (i >= (int)h->n)
			break;
		const struct md_revision *v = &h->revs[i];
		char line[1024], at[MD_DISPLAY_WHEN_SIZE];
		md_text_format(line, sizeof line, "%s版 %-3d %s  %s  %s  %s",
			       i == h->mark ? "* " : "  ", v->revision,
			       md_display_when(v->at, MD_DATE_SHORT, at),
			       v->user_name, v->complete ? "完了" : "下書き",
			       v->changed);
		if (i == h->sel)
			attron(A_REVERSE);
		ui_put_pad(ui, 2 + r, 1, line, ui->cols - 2);
		if (i == h->sel)
			attroff(A_REVERSE);
	}
	int top = 3 + list_rows;
	ui_rule(ui, top - 1, "違い");
	int visible = ui->rows - 3 - top;
	/* Each value whole: wrapped under where it starts (after 前: 後:). */
	int row = 0, width = ui->cols - 2;
	for (size_t i = 0; i < h->ndiff; i++) {
		const char *d = h->diff[i];
		int lead = !strncmp(d, "  前: ", strlen("  前: ")) ||
					   !strncmp(d,
						    "  後: ", strlen("  後: "))
				   ? ui_width(ui, "  前: ")
				   : 0;
		size_t n;
		char **lines = ui_wrap(ui, d + (lead ? strlen("  前: ") : 0),
				       width - lead, &n);
		for (size_t k = 0; k < n; k++, row++) {
			int y = top + row - h->scroll;
			if (y < top || y >= top + visible)
				continue;
			if (lead && k == 0) {
				char before[16];
				snprintf(before, sizeof before, "%.*s",
					 (int)strlen("  前: "), d);
				ui_put(ui, y, 1, before, lead);
			}
			ui_put(ui, y, 1 + lead, lines[k], width - lead);
		}
		ui_wrap_free(lines, n);
	}
	h->shown = row;
}

static unsigned
history_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct history *h = s->state;
	enum ui_action a = ui_key_action(k, history_actions);
	if (a == ACT_BACK)
		return UI_CLOSE;
	if (a == ACT_REFRESH) {
		load(ui, h);
		return UI_REDRAW;
	}
	if (k->fkey) {
		if (k->ch == KEY_UP && h->sel > 0)
			h->sel--;
		else if (k->ch == KEY_DOWN && (size_t)h->sel + 1 < h->n)
			h->sel++;
		else if (k->ch == KEY_NPAGE)
			h->scroll += 10;
		else if (k->ch == KEY_PPAGE)
			h->scroll = h->scroll > 10 ? h->scroll - 10 : 0;
		else
			return UI_REDRAW;
		if (h->scroll >= h->shown)
			h->scroll = h->shown ? h->shown - 1 : 0;
		if (k->ch == KEY_UP || k->ch == KEY_DOWN)
			compute(ui, h);
		return UI_REDRAW;
	}
	if (k->ch == L' ') {
		h->mark = h->mark == h->sel ? -1 : h->sel;
		compute(ui, h);
	} else if (k->ch == L'k' && h->sel > 0) {
		h->sel--;
		compute(ui, h);
	} else if (k->ch == L'j' && (size_t)h->sel + 1 < h->n) {
		h->sel++;
		compute(ui, h);
	}
	return UI_REDRAW;
}

static void
history_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct history *h = s->state;
	diff_free(h);
	md_revisions_free(h->revs, h->n);
	md_free(h);
}

static const struct screen_ops history_ops = {
	.title = "履歴",
	.actions = history_actions,
	.guide = "様式の版を新しいものまで一覧にします。選んだ版と 1 つ前の版の違いを、"
		 "項目ごとに前と後で表示します。Space で印を付けた版と比べることもできます。"
		 "保存した内容は上書きされず、どの版もここで読めます。",
	.draw = history_draw,
	.key = history_key,
	.close = history_close,
};

bool
history_open(struct ui *ui, long long record_id, const struct md_form *form)
{
	struct history *h = md_calloc(1, sizeof *h);
	if (!h)
		return false;
	h->record_id = record_id;
	h->form = form;
	h->mark = -1;
	load(ui, h);
	h->sel = h->n ? (int)h->n - 1 : 0;
	compute(ui, h);
	ui_push(ui, &history_ops, h);
	return true;
}
