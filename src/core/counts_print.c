/* The counts as people read them: a text table aligned by display width,
 * the cells of a sheet for CSV, and the audit row of a print (counts.h). */
#include "madoguchi/counts.h"

#include <stdio.h>
#include <string.h>

#include "madoguchi/audit.h"
#include "madoguchi/display.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/* ISO as 和暦 ("令和7年3月31日") into out. */
static const char *
long_date(const char *iso, char out[64])
{
	struct md_date d;
	if (md_date_from_iso(iso, &d, NULL) != MD_OK)
		snprintf(out, 64, "%s", iso);
	else
		md_date_wareki(d, out, 64);
	return out;
}

/* The heading of a table: title with its cite, (暫定) when provisional. */
static char *
title_of(const struct md_count_table *t)
{
	return md_asprintf("%s%s%s%s%s", t->title, *t->cite ? "(" : "", t->cite,
			   *t->cite ? ")" : "", t->provisional ? "(暫定)" : "");
}

/* "令和6年4月1日〜令和7年3月31日" */
static char *
period_of(const struct md_count_report *r)
{
	char a[64], b[64];
	return md_asprintf("%s〜%s", long_date(r->from, a),
			   long_date(r->to, b));
}

/* The figure of line l, column c of a row as printed: later lines in
 * parentheses (004 §2(1)). */
static void
figure(const struct md_count_table *t, const struct md_count_row *row, size_t l,
       size_t c, bool paren, char out[32])
{
	long long n = row->n[l * t->ncols + c];
	if (paren && l > 0)
		snprintf(out, 32, "(%lld)", n);
	else
		snprintf(out, 32, "%lld", n);
}

/* Pad to width w (display columns) on the left or the right. */
static void
pad(struct md_buf *b, const char *s, int w, bool right, int ambiguous)
{
	int n = w - md_display_width(s, ambiguous);
	if (right)
		for (int i = 0; i < n; i++)
			md_buf_addc(b, ' ');
	md_buf_adds(b, s);
	if (!right)
		for (int i = 0; i < n; i++)
			md_buf_addc(b, ' ');
}

/* The rows of a result in print order: each group, then 合計. */
static const struct md_count_row *
row_at(const struct md_count_report *r, const struct md_count_result *x,
       size_t i)
{
	(void)r;
	return i < x->nrows ? &x->rows[i] : &x->total;
}

static void
text_table(struct md_buf *b, const struct md_count_report *r,
	   const struct md_count_result *x, int amb)
{
	const struct md_count_table *t = x->table;
	char *title = title_of(t), *period = period_of(r);
	char asat[64];
	md_buf_addf(b, "%s\n", title ? title : t->title);
	md_buf_addf(b, "期間 %s  %s現在  事業所 %s  職員 %s\n",
		    period ? period : "", long_date(r->as_at, asat),
		    r->office ? r->office : "すべて",
		    r->staff ? r->staff : "すべて");
	md_free(title);
	md_free(period);
	md_buf_addf(b, "(%s)\n", t->unit);
	/* The heading columns: the row's label (by month, office, staff),
	 * the line's; then the figures. */
	size_t nprint = x->nrows + 1;
	bool lines = t->nlines > 1 || *t->lines[0].label;
	int w0 = 0, w1 = 0;
	for (size_t i = 0; i < nprint; i++) {
		int w = md_display_width(row_at(r, x, i)->label, amb);
		w0 = w > w0 ? w : w0;
	}
	for (size_t l = 0; lines && l < t->nlines; l++) {
		char lab[256];
		snprintf(lab, sizeof lab, l ? "(%s)" : "%s", t->lines[l].label);
		int w = md_display_width(lab, amb);
		w1 = w > w1 ? w : w1;
	}
	int wc[MD_COUNT_MAX_COLUMNS];
	for (size_t c = 0; c < t->ncols; c++) {
		wc[c] = md_display_width(t->cols[c].label, amb);
		for (size_t i = 0; i < nprint; i++)
			for (size_t l = 0; l < t->nlines; l++) {
				char f[32];
				figure(t, row_at(r, x, i), l, c, true, f);
				int w = (int)strlen(f);
				wc[c] = w > wc[c] ? w : wc[c];
			}
	}
	/* A group's heading over its columns: the last one widened when the
	 * heading is wider than they are. */
	bool groups = false;
	for (size_t c = 0; c < t->ncols; c++) {
		if (!*t->cols[c].group ||
		    (c && !strcmp(t->cols[c - 1].group, t->cols[c].group)))
			continue;
		groups = true;
		size_t e = c;
		int span = wc[c];
		while (e + 1 < t->ncols &&
		       !strcmp(t->cols[e + 1].group, t->cols[c].group))
			span += 2 + wc[++e];
		int gw = md_display_width(t->cols[c].group, amb);
		if (gw > span)
			wc[e] += gw - span;
	}
	int lead = w0 + (lines ? 2 + w1 : 0);
	if (groups) {
		md_buf_adds(b, "");
		pad(b, "", lead, false, amb);
		for (size_t c = 0; c < t->ncols; c++) {
			bool starts = *t->cols[c].group &&
				      (!c || strcmp(t->cols[c - 1].group,
						    t->cols[c].group));
			if (!starts && *t->cols[c].group)
				continue;
			size_t e = c;
			int span = wc[c];
			while (*t->cols[c].group && e + 1 < t->ncols &&
			       !strcmp(t->cols[e + 1].group, t->cols[c].group))
				span += 2 + wc[++e];
			md_buf_adds(b, "  ");
			pad(b, t->cols[c].group, span, false, amb);
		}
		/* No spaces at the end of a line. */
		while (b->len && b->data[b->len - 1] == ' ')
			b->data[--b->len] = '\0';
		md_buf_adds(b, "\n");
	}
	pad(b, "", lead, false, amb);
	for (size_t c = 0; c < t->ncols; c++) {
		md_buf_adds(b, "  ");
		pad(b, t->cols[c].label, wc[c], true, amb);
	}
	md_buf_adds(b, "\n");
	for (size_t i = 0; i < nprint; i++) {
		const struct md_count_row *row = row_at(r, x, i);
		/* No 合計 of a single row: the period is the row. */
		for (size_t l = 0; l < t->nlines; l++) {
			pad(b, l ? "" : row->label, w0, false, amb);
			if (lines) {
				char lab[256];
				snprintf(lab, sizeof lab, l ? "(%s)" : "%s",
					 t->lines[l].label);
				md_buf_adds(b, "  ");
				pad(b, lab, w1, false, amb);
			}
			for (size_t c = 0; c < t->ncols; c++) {
				char f[32];
				figure(t, row, l, c, true, f);
				md_buf_adds(b, "  ");
				pad(b, f, wc[c], true, amb);
			}
			md_buf_adds(b, "\n");
		}
	}
	if (*t->note)
		md_buf_addf(b, "%s\n", t->note);
}

/* The text of b handed over, NULL when an append failed. */
static char *
taken(struct md_buf *b)
{
	if (md_buf_ok(b))
		return md_buf_take(b);
	md_buf_fini(b);
	return NULL;
}

char *
md_count_text(const struct md_count_report *r, int ambiguous)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			md_buf_adds(&b, "\n");
		text_table(&b, r, &r->results[i], ambiguous);
	}
	return taken(&b);
}

/* ---- the sheet ---- */

struct sheet {
	struct md_arena *a;
	const char **cells;
	size_t nrows, ncols, cap;
	bool failed;
};

/* A new row of empty cells; the row. */
static const char **
sheet_row(struct sheet *s)
{
	if (s->nrows == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		const char **p = md_arena_alloc(s->a,
						cap * s->ncols * sizeof *p);
		if (!p) {
			s->failed = true;
			return NULL;
		}
		if (s->cells)
			memcpy(p, s->cells, s->nrows * s->ncols * sizeof *p);
		s->cells = p;
		s->cap = cap;
	}
	const char **row = s->cells + s->nrows++ * s->ncols;
	for (size_t i = 0; i < s->ncols; i++)
		row[i] = "";
	return row;
}

static const char *
keep(struct sheet *s, char *text)
{
	const char *k = text ? md_arena_strdup(s->a, text) : NULL;
	md_free(text);
	if (!k)
		s->failed = true;
	return k ? k : "";
}

static void
sheet_pair(struct sheet *s, const char *label, const char *value)
{
	const char **row = sheet_row(s);
	if (row) {
		row[0] = label;
		row[1] = value;
	}
}

static void
sheet_table(struct sheet *s, const struct md_count_report *r,
	    const struct md_count_result *x)
{
	const struct md_count_table *t = x->table;
	char asat[64];
	const char **row = sheet_row(s);
	if (row)
		row[0] = keep(s, title_of(t));
	sheet_pair(s, "期間", keep(s, period_of(r)));
	sheet_pair(s, "時点",
		   keep(s, md_asprintf("%s現在", long_date(r->as_at, asat))));
	sheet_pair(s, "事業所", r->office ? r->office : "すべて");
	sheet_pair(s, "職員", r->staff ? r->staff : "すべて");
	sheet_pair(s, "単位", t->unit);
	bool groups = false;
	for (size_t c = 0; c < t->ncols; c++)
		groups |= *t->cols[c].group != '\0';
	if (groups && (row = sheet_row(s)))
		for (size_t c = 0; c < t->ncols; c++)
			if (!c ||
			    strcmp(t->cols[c - 1].group, t->cols[c].group))
				row[2 + c] = t->cols[c].group;
	if ((row = sheet_row(s))) {
		row[0] = r->by == MD_COUNT_BY_MONTH    ? "月"
			 : r->by == MD_COUNT_BY_OFFICE ? "事業所"
			 : r->by == MD_COUNT_BY_STAFF  ? "職員"
						       : "";
		row[1] = "段";
		for (size_t c = 0; c < t->ncols; c++)
			row[2 + c] = t->cols[c].label;
	}
	for (size_t i = 0; i <= x->nrows; i++) {
		const struct md_count_row *rw = row_at(r, x, i);
		for (size_t l = 0; l < t->nlines; l++) {
			if (!(row = sheet_row(s)))
				return;
			row[0] = rw->label;
			row[1] = t->lines[l].label;
			for (size_t c = 0; c < t->ncols; c++) {
				char f[32];
				figure(t, rw, l, c, false, f);
				row[2 + c] = keep(s, md_strdup(f));
			}
		}
	}
	if (*t->note && (row = sheet_row(s)))
		row[0] = t->note;
}

enum md_status
md_count_cells(const struct md_count_report *r, struct md_arena *a,
	       const char ***cells, size_t *nrows, size_t *ncols,
	       struct md_err *err)
{
	struct sheet s = {.a = a, .ncols = 2};
	for (size_t i = 0; i < r->n; i++)
		if (r->results[i].table->ncols + 2 > s.ncols)
			s.ncols = r->results[i].table->ncols + 2;
	for (size_t i = 0; i < r->n && !s.failed; i++) {
		if (i)
			sheet_row(&s);
		sheet_table(&s, r, &r->results[i]);
	}
	if (s.failed)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	*cells = s.cells;
	*nrows = s.nrows;
	*ncols = s.ncols;
	return MD_OK;
}

/* What the audit row says of r: the tables, period, day, office, staff. */
static char *
audit_detail(const struct md_count_report *r, const char *how)
{
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b, "件数の集計(%s):", how);
	for (size_t i = 0; i < r->n; i++)
		md_buf_addf(&b, "%s%s", i ? "、" : " ",
			    r->results[i].table->title);
	md_buf_addf(&b, " 期間 %s〜%s %s現在", r->from, r->to, r->as_at);
	if (r->office)
		md_buf_addf(&b, " 事業所 %s", r->office);
	if (r->staff)
		md_buf_addf(&b, " 職員 %s", r->staff);
	return taken(&b);
}

enum md_status
md_count_export(struct md_db *db, const struct md_user *actor,
		const struct md_count_report *r, const char *path,
		const struct md_export_options *opts, struct md_err *err)
{
	struct md_arena a;
	md_arena_init(&a);
	const char **cells;
	size_t nrows, ncols;
	enum md_status rc = md_count_cells(r, &a, &cells, &nrows, &ncols, err);
	char *what = rc == MD_OK ? audit_detail(r, "CSV") : NULL;
	if (rc == MD_OK && !what)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK)
		rc = md_export_table(db, actor, 0, 0, what, cells, nrows, ncols,
				     path, opts, err);
	md_free(what);
	md_arena_fini(&a);
	return rc;
}

char *
md_count_csv(const struct md_count_report *r)
{
	struct md_arena a;
	md_arena_init(&a);
	const char **cells;
	size_t nrows, ncols;
	struct md_err err;
	struct md_buf b, scratch;
	md_buf_init(&b);
	md_buf_init(&scratch);
	if (md_count_cells(r, &a, &cells, &nrows, &ncols, &err) != MD_OK) {
		md_arena_fini(&a);
		return NULL;
	}
	for (size_t i = 0; i < nrows; i++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *cell = md_export_cell(cells[i * ncols + c],
							  &scratch);
			if (!cell) {
				b.failed = true;
				break;
			}
			if (c)
				md_buf_addc(&b, ',');
			md_buf_addc(&b, '"');
			for (const char *p = cell; *p; p++) {
				if (*p == '"')
					md_buf_addc(&b, '"');
				md_buf_addc(&b, *p);
			}
			md_buf_addc(&b, '"');
		}
		md_buf_addc(&b, '\n');
	}
	md_buf_fini(&scratch);
	md_arena_fini(&a);
	return taken(&b);
}

enum md_status
md_count_audit(struct md_db *db, const struct md_user *actor,
	       const struct md_count_report *r, struct md_err *err)
{
	char *detail = audit_detail(r, "表示");
	if (!detail)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = md_db_begin(db, err);
	if (rc == MD_OK) {
		rc = md_audit_add(db, actor->id, MD_AUDIT_EXPORT, 0, 0, detail,
				  err);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	md_free(detail);
	return rc;
}

char *
md_count_bar(long long n, long long max, int width, int ambiguous)
{
	/* U+258F … U+2588: one eighth to eight. */
	static const char *const eighths[] = {"▏", "▎", "▍", "▌",
					      "▋", "▊", "▉", "█"};
	int cell = ambiguous == 2 ? 2 : 1;
	int cells = width > 0 ? width / cell : 0;
	long long total = (long long)cells * 8, fill = 0;
	if (n > 0 && max > 0 && total > 0) {
		long long m = n > max ? max : n;
		fill = (m * total + max / 2) / max;
		if (fill < 1)
			fill = 1;
	}
	struct md_buf b;
	md_buf_init(&b);
	int used = 0;
	for (; fill >= 8; fill -= 8, used++)
		md_buf_adds(&b, eighths[7]);
	if (fill > 0) {
		md_buf_adds(&b, eighths[fill - 1]);
		used++;
	}
	for (int c = used * cell; c < (width > 0 ? width : 0); c++)
		md_buf_addc(&b, ' ');
	return taken(&b);
}
