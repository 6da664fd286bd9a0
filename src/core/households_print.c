/* The print of a household (世帯票) as text and CSV, each member's details
 * only as far as that member's own consent goes: one member's consent never
 * covers another's (DOMAIN "Who may hear what"; 000 第7条, 001 第12条). */
#include "madoguchi/households.h"

#include <string.h>

#include "households_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/text.h"

/* What the print says of a member who has not consented, and of the
 * household's own issues and note while any member has not. */
static const char omitted[] = "(本人の同意がないため記載しません)";
static const char omitted_all[] = "(世帯員全員の同意がないため記載しません)";

/* The columns of a member's row, in order: the CSV's heading and the text's
 * labels. */
enum col {
	COL_NO,
	COL_RELATION,
	COL_LIVING,
	COL_NAME,
	COL_KANA,
	COL_BIRTH,
	COL_AGE,
	COL_SUPPORT,
	COL_DEPARTMENTS,
	COL_CASES,
	NCOLS
};
static const char *const col_labels[NCOLS] = {"番号",       "続柄",
					      "同居・別居", "氏名",
					      "ふりがな",   "生年月日",
					      "年齢",       "支援対象者",
					      "担当部局",   "ケース"};

/* A member's cells (new strings), or only COL_NO and the omission. */
struct prow {
	char *cell[NCOLS];
	bool omitted;
};

static void
prows_free(struct prow *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < NCOLS; c++)
			md_free(r[i].cell[c]);
	md_free(r);
}

/* items joined by sep (a new string). */
static char *
joined(char *const *items, size_t n, const char *sep)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			md_buf_adds(&b, sep);
		md_buf_adds(&b, items[i]);
	}
	char *s = md_buf_ok(&b) ? md_buf_take(&b) : NULL;
	md_buf_fini(&b);
	return s;
}

/* The open cases of m: "12 アセスメント(評価 令和8年5月1日)", "、" between. */
static char *
cases_text(const struct md_member *m)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < m->ncases; i++) {
		const struct md_member_case *c = &m->cases[i];
		char on[MD_DISPLAY_WHEN_SIZE];
		md_buf_addf(&b, "%s%lld %s", i ? "、" : "", c->case_id,
			    c->stage_label);
		if (*c->due_on)
			md_buf_addf(&b, "(%s %s%s)", c->due_kind,
				    md_display_when(c->due_on, MD_DATE_LONG,
						    on),
				    c->overdue ? "、期限超過" : "");
	}
	char *s = md_buf_ok(&b) ? md_buf_take(&b) : NULL;
	md_buf_fini(&b);
	return s;
}

/* The cells of the current members of h; NULL when out of memory. */
static struct prow *
member_rows(const struct md_household_defs *defs, const struct md_household *h,
	    size_t *n)
{
	*n = h->ncurrent;
	struct prow *rows = md_calloc(h->ncurrent ? h->ncurrent : 1,
				      sizeof *rows);
	bool ok = rows != NULL;
	for (size_t i = 0; ok && i < h->ncurrent; i++) {
		const struct md_member *m = &h->members[i];
		struct prow *r = &rows[i];
		r->omitted = !m->consented;
		ok = (r->cell[COL_NO] = md_asprintf("%zu", i + 1)) != NULL;
		if (r->omitted)
			continue;
		char *birth = *m->birth_date ? md_display_date(m->birth_date,
							       MD_DATE_LONG)
					     : md_strdup("");
		const char *band = md_household_age_band_label(defs, m->band);
		r->cell[COL_RELATION] = md_strdup(m->relation);
		r->cell[COL_LIVING] = md_strdup(m->living);
		r->cell[COL_NAME] = md_strdup(m->name);
		r->cell[COL_KANA] = md_strdup(m->kana);
		r->cell[COL_BIRTH] = birth;
		r->cell[COL_AGE] = m->age < 0 ? md_strdup("")
				   : *band    ? md_asprintf("%d歳(%s)", m->age,
							    band)
					      : md_asprintf("%d歳", m->age);
		r->cell[COL_SUPPORT] = md_strdup(m->needs_support ? "はい"
								  : "いいえ");
		r->cell[COL_DEPARTMENTS] = joined(m->departments,
						  m->ndepartments, "、");
		r->cell[COL_CASES] = cases_text(m);
		for (int c = 0; c < NCOLS; c++)
			ok &= r->cell[c] != NULL;
	}
	if (!ok) {
		prows_free(rows, rows ? *n : 0);
		return NULL;
	}
	return rows;
}

/* Whether every current member consented (the household's own texts). */
static bool
all_consented(const struct md_household *h)
{
	for (size_t i = 0; i < h->ncurrent; i++)
		if (!h->members[i].consented)
			return false;
	return true;
}

/* The 多機関協働の対象判定 recorded (004 図4), as the print says it:
 * "対象(令和8年4月1日 10:00 田中 一郎。図4 の助言: 行3 対象)", "(まだ判定して
 * いません)", or NULL when the definitions have no [eligibility] (a new
 * string otherwise; NULL also when out of memory, with *nomem set). */
static char *
decision_text(const struct md_household *h, bool *nomem)
{
	*nomem = false;
	if (!h->eligibility.defined)
		return NULL;
	const struct md_household_decision *d = &h->eligibility.last;
	char *s;
	if (!d->revision) {
		s = md_strdup("(まだ判定していません)");
	} else {
		char at[MD_DISPLAY_WHEN_SIZE];
		md_display_when(d->at, MD_DATE_LONG, at);
		s = d->row ? md_asprintf("%s(%s %s。図4 の助言: 行%d %s)",
					 d->verdict, at, d->by, d->row,
					 d->advised)
			   : md_asprintf("%s(%s %s。図4 の助言: %s)",
					 d->verdict, at, d->by, d->advised);
	}
	*nomem = s == NULL;
	return s;
}

/* What the household is called in a title: "世帯 3(山田家)". */
static char *
title_of(const struct md_household *h)
{
	return *h->label ? md_asprintf("世帯 %lld(%s)", h->id, h->label)
			 : md_asprintf("世帯 %lld", h->id);
}

/* Read household id for a print; audited by the print itself. */
static enum md_status
print_read(struct md_db *db, const struct md_user *actor,
	   const struct md_household_defs *defs, const struct md_workflow *wf,
	   long long id, const char *on, struct md_household *h,
	   struct md_err *err)
{
	memset(h, 0, sizeof *h);
	enum md_status rc = md_auth_require(db, actor, false, "世帯の印刷",
					    err);
	/* md_household_get without its view: the print is the export. */
	return rc == MD_OK ? md_household_read(db, defs, wf, id, on, h, err)
			   : rc;
}

/* The export rows of each case printed (audit --case finds the print), in
 * a transaction of their own after the print's. */
static enum md_status
audit_cases(struct md_db *db, const struct md_user *actor,
	    const struct md_household *h, const struct prow *rows,
	    const char *what, struct md_err *err)
{
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	for (size_t i = 0; rc == MD_OK && i < h->ncurrent; i++) {
		const struct md_member *m = &h->members[i];
		for (size_t k = 0;
		     !rows[i].omitted && rc == MD_OK && k < m->ncases; k++)
			rc = md_audit_add(db, actor->id, MD_AUDIT_EXPORT,
					  m->cases[k].case_id, m->person_id,
					  what, err);
	}
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

/* "記載 2 人、同意がなく省略 1 人" of rows. */
static char *
audit_detail(const struct md_household *h, const struct prow *rows,
	     const char *how)
{
	size_t left = 0;
	for (size_t i = 0; i < h->ncurrent; i++)
		left += rows[i].omitted;
	return md_asprintf("世帯 %lld の印刷(%s): 記載 %zu 人、同意がなく省略 %zu 人",
			   h->id, how, h->ncurrent - left, left);
}

enum md_status
md_household_print_text(struct md_db *db, const struct md_user *actor,
			const struct md_household_defs *defs,
			const struct md_workflow *wf, long long id,
			const char *on, struct md_buf *out, struct md_err *err)
{
	struct md_household h;
	enum md_status rc = print_read(db, actor, defs, wf, id, on, &h, err);
	if (rc != MD_OK)
		return rc;
	size_t n = 0;
	struct prow *rows = member_rows(defs, &h, &n);
	char *title = title_of(&h);
	char *ref = md_display_date(h.on, MD_DATE_LONG);
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	char *printed = md_display_date(today, MD_DATE_LONG);
	if (!rows || !title || !ref || !printed) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	md_buf_addf(out, "世帯票 %s\n", title);
	md_buf_addf(out, "基準日: %s\n", ref);
	md_buf_addf(out, "印刷日: %s  印刷者: %s\n", printed,
		    actor->display_name);
	for (size_t i = 0; i < n; i++) {
		md_buf_addf(out, "\n世帯員 %s", rows[i].cell[COL_NO]);
		if (rows[i].omitted) {
			md_buf_addf(out, ": %s\n", omitted);
			continue;
		}
		md_buf_adds(out, "\n");
		for (int c = COL_RELATION; c < NCOLS; c++)
			if (*rows[i].cell[c])
				md_buf_addf(out, "  %s: %s\n", col_labels[c],
					    rows[i].cell[c]);
	}
	bool all = all_consented(&h);
	char *issues = joined(h.issues, h.nissues, "、");
	md_buf_addf(out, "\n世帯の課題: %s\n",
		    !all     ? omitted_all
		    : issues ? issues
			     : "");
	if (!all || *h.note)
		md_buf_addf(out, "メモ: %s\n", all ? h.note : omitted_all);
	md_free(issues);
	/* The decision speaks of the household as a whole: as its issues. */
	bool nomem;
	char *decided = decision_text(&h, &nomem);
	if (decided) {
		md_buf_addf(out, "多機関協働の対象判定(004 図4): %s\n",
			    all ? decided : omitted_all);
		if (all && h.eligibility.last.revision &&
		    *h.eligibility.last.note)
			md_buf_addf(out, "判定のメモ: %s\n",
				    h.eligibility.last.note);
	}
	md_free(decided);
	if (nomem || !md_buf_ok(out)) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	char *detail = audit_detail(&h, rows, "テキスト");
	if ((rc = md_db_begin(db, err)) == MD_OK) {
		rc = detail ? md_audit_add(db, actor->id, MD_AUDIT_EXPORT, 0, 0,
					   detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	if (rc == MD_OK)
		rc = audit_cases(db, actor, &h, rows, detail, err);
	md_free(detail);
out:
	prows_free(rows, rows ? n : 0);
	md_free(title);
	md_free(ref);
	md_free(printed);
	md_household_fini(&h);
	return rc;
}

enum md_status
md_household_print_csv(struct md_db *db, const struct md_user *actor,
		       const struct md_household_defs *defs,
		       const struct md_workflow *wf, long long id,
		       const char *on, const char *path,
		       const struct md_export_options *opts, struct md_err *err)
{
	struct md_household h;
	enum md_status rc = print_read(db, actor, defs, wf, id, on, &h, err);
	if (rc != MD_OK)
		return rc;
	size_t n = 0;
	struct prow *rows = member_rows(defs, &h, &n);
	bool all = all_consented(&h);
	char *title = title_of(&h);
	char *ref = md_display_date(h.on, MD_DATE_LONG);
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	char *printed = md_display_date(today, MD_DATE_LONG);
	char *issues = joined(h.issues, h.nissues, "、");
	bool nomem;
	char *decided = decision_text(&h, &nomem);
	/* The head (4 rows), the heading, a row per member, issues, note, the
	 * decision and its note when defined. */
	size_t nrows = 4 + 1 + n + 2 + (decided ? 2 : 0);
	const char **cells = md_calloc(nrows * NCOLS, sizeof *cells);
	char *detail = rows ? audit_detail(&h, rows, "CSV") : NULL;
	if (!rows || !title || !ref || !printed || !issues || !cells ||
	    !detail || nomem) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	for (size_t i = 0; i < nrows * NCOLS; i++)
		cells[i] = "";
	const char *head[][2] = {{"世帯票", title},
				 {"基準日", ref},
				 {"印刷日", printed},
				 {"印刷者", actor->display_name}};
	for (size_t r = 0; r < 4; r++) {
		cells[r * NCOLS] = head[r][0];
		cells[r * NCOLS + 1] = head[r][1];
	}
	for (int c = 0; c < NCOLS; c++)
		cells[4 * NCOLS + c] = col_labels[c];
	for (size_t i = 0; i < n; i++) {
		const char **row = &cells[(5 + i) * NCOLS];
		row[COL_NO] = rows[i].cell[COL_NO];
		if (rows[i].omitted)
			row[COL_RELATION] = omitted;
		else
			for (int c = COL_RELATION; c < NCOLS; c++)
				row[c] = rows[i].cell[c];
	}
	const char **tail = &cells[(5 + n) * NCOLS];
	tail[0] = "世帯の課題";
	tail[1] = all ? issues : omitted_all;
	tail[NCOLS] = "メモ";
	tail[NCOLS + 1] = all ? h.note : omitted_all;
	if (decided) {
		tail[2 * NCOLS] = "多機関協働の対象判定(004 図4)";
		tail[2 * NCOLS + 1] = all ? decided : omitted_all;
		tail[3 * NCOLS] = "判定のメモ";
		tail[3 * NCOLS + 1] = all && h.eligibility.last.revision
					      ? h.eligibility.last.note
					      : "";
	}
	rc = md_export_table(db, actor, 0, 0, detail, cells, nrows, NCOLS, path,
			     opts, err);
	if (rc == MD_OK)
		rc = audit_cases(db, actor, &h, rows, detail, err);
out:
	md_free(cells);
	md_free(detail);
	md_free(decided);
	md_free(issues);
	prows_free(rows, rows ? n : 0);
	md_free(title);
	md_free(ref);
	md_free(printed);
	md_household_fini(&h);
	return rc;
}
