/* Fuzz target: the counts definition loader (counts.h), the input being
 * counts.ini over the shipped forms, workflow, contacts, households and
 * meetings; a definition it accepts then counts a few contacts and a case
 * of a small database by month and as a whole, as at today and a past day,
 * and prints them as text and CSV (issue 20). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/cases.h"
#include "madoguchi/contacts.h"
#include "madoguchi/counts.h"
#include "madoguchi/diag.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/workflow.h"

static struct md_count_sources cs_src;
static char *cs_file;
static struct md_db *cs_db;
static struct md_user cs_admin;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct md_err err;
	struct md_diags diags;
	struct md_workflow *wf = NULL;
	struct md_contact_defs *c = NULL;
	struct md_household_defs *h = NULL;
	struct md_meeting_defs *m = NULL;
	fz_setup();
	struct md_forms *forms = fz_forms("forms");
	cs_file = fz_path("counts.ini");
	cs_db = fz_db("counts.db", &cs_admin);
	md_diags_init(&diags);
	if (md_workflow_load(TOP_DIR "/forms/workflow.ini", forms, &wf, &diags,
			     &err) != MD_OK ||
	    md_contact_defs_load(TOP_DIR "/forms/contacts.ini", forms, &c,
				 &diags, &err) != MD_OK ||
	    md_household_defs_load(TOP_DIR "/forms/households.ini", forms, &h,
				   &diags, &err) != MD_OK ||
	    md_meeting_defs_load(TOP_DIR "/forms/meetings.ini", &m, &diags,
				 &err) != MD_OK)
		fz_fail("counts setup: %s", err.msg);
	md_diags_fini(&diags);
	cs_src = (struct md_count_sources){forms, wf, c, h, m};
	/* Contacts of two days, one of several 相談内容, and a case. */
	static const char *const contacts[][3] = {
		{"R8.3.2", "来所", "債務について|感染症について"},
		{"R8.3.2", "電話", "制度についての質問"},
		{"R8.2.27", "来所", "住まいについて"},
	};
	for (size_t i = 0; i < sizeof contacts / sizeof *contacts; i++) {
		struct md_contact k;
		if (md_contact_new(cs_db, &cs_admin, c, &k, &err) != MD_OK)
			fz_fail("counts setup: %s", err.msg);
		md_values_set(&k.values, "date", contacts[i][0], NULL);
		md_values_set(&k.values, "channel", contacts[i][1], NULL);
		md_values_set(&k.values, "topics", contacts[i][2], NULL);
		md_values_set(&k.values, "response", "情報提供", NULL);
		md_values_set(&k.values, "description", "相談者", NULL);
		md_values_set(&k.values, "age_band", "不明", NULL);
		if (md_contact_save(cs_db, &cs_admin, c, &k, NULL, &err) !=
		    MD_OK)
			fz_fail("counts setup: %s", err.msg);
		md_contact_fini(&k);
	}
	struct md_values p;
	long long id;
	md_values_init(&p);
	md_values_set(&p, "name", "山田 花子", NULL);
	md_values_set(&p, "kana", "やまだ はなこ", NULL);
	if (md_case_create(cs_db, &cs_admin, forms, 0, &p, &id, NULL, &err) !=
	    MD_OK)
		fz_fail("counts setup: %s", err.msg);
	md_values_fini(&p);
	return 0;
}

/* What a loaded definition promises the counting and the printing. */
static void
defs_check(const struct md_count_defs *d)
{
	FZ_ASSERT(d->n > 0, "no table");
	for (size_t i = 0; i < d->n; i++) {
		const struct md_count_table *t = &d->tables[i];
		FZ_ASSERT(fz_utf8(t->id) && fz_utf8(t->title) &&
				  fz_utf8(t->cite) && fz_utf8(t->note),
			  "table %zu", i);
		FZ_ASSERT(t->records < MD_CR_COUNT, "records %d", t->records);
		FZ_ASSERT(t->ncols > 0 && t->ncols <= MD_COUNT_MAX_COLUMNS &&
				  t->nlines > 0 &&
				  t->nlines <= MD_COUNT_MAX_COLUMNS,
			  "%zu columns, %zu lines", t->ncols, t->nlines);
		FZ_ASSERT(md_count_table_find(d, t->id) == &d->tables[i],
			  "table %s not found by its id", t->id);
		for (size_t c = 0; c < t->ncols; c++) {
			const struct md_count_column *col = &t->cols[c];
			FZ_ASSERT(fz_utf8(col->group) && fz_utf8(col->label) &&
					  *col->label,
				  "column %zu", c);
			FZ_ASSERT(col->several < (int)t->ncols &&
					  col->several != (int)c,
				  "column %zu several %d", c, col->several);
			for (size_t k = 0; k < col->cond.n; k++)
				FZ_ASSERT(col->cond.clauses[k].n > 0,
					  "column %zu: an empty clause", c);
		}
	}
}

/* Counts of d over the database, and their prints. */
static void
defs_run(const struct md_count_defs *d)
{
	static const struct {
		const char *from, *to, *as_at;
		enum md_count_by by;
	} runs[] = {
		{"R8.2.1", "R8.3.31", NULL, MD_COUNT_BY_MONTH},
		{"R8.3.2", "R8.3.2", NULL, MD_COUNT_BY_STAFF},
		{"R8.2.1", "R8.3.31", "R8.3.31", MD_COUNT_BY_OFFICE},
	};
	for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
		struct md_count_query q = {.from = runs[i].from,
					   .to = runs[i].to,
					   .as_at = runs[i].as_at,
					   .by = runs[i].by};
		struct md_count_report r;
		struct md_err err;
		enum md_status rc = md_count_run(cs_db, &cs_admin, d, &q, &r,
						 &err);
		FZ_ASSERT(rc == MD_OK, "count: %s", err.msg);
		FZ_ASSERT(r.n == d->n, "%zu of %zu tables", r.n, d->n);
		for (size_t k = 0; k < r.n; k++) {
			const struct md_count_result *x = &r.results[k];
			for (size_t c = 0; c < x->table->ncols; c++)
				FZ_ASSERT(x->total.n[c] >= 0 &&
						  (x->table->cols[c].several <
							   0 ||
						   x->total.n[c] <= 3),
					  "table %zu column %zu: %lld", k, c,
					  x->total.n[c]);
		}
		char *text = md_count_text(&r, 1 + (int)(i & 1));
		char *csv = md_count_csv(&r);
		FZ_ASSERT(text && fz_utf8(text), "the text");
		FZ_ASSERT(csv && fz_utf8(csv), "the CSV");
		md_free(text);
		md_free(csv);
		md_count_report_free(&r);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_write(cs_file, data, size);
	struct md_count_defs *d = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	md_err_clear(&err);
	enum md_status rc = md_count_defs_load(cs_file, &cs_src, &d, &diags,
					       &err);
	if (rc == MD_OK) {
		FZ_ASSERT(d && diags.n == 0, "loaded with %zu faults", diags.n);
		defs_check(d);
		defs_run(d);
	} else {
		FZ_ASSERT(rc == MD_ERR_DEFINITION && !d && diags.n > 0,
			  "refused with status %d and %zu faults: %s", rc,
			  diags.n, err.msg);
	}
	for (size_t i = 0; i < diags.n; i++)
		FZ_ASSERT(fz_utf8(diags.msgs[i]), "fault %zu is not text: %s",
			  i, diags.msgs[i]);
	FZ_ASSERT(fz_utf8(err.msg), "the message is not text: %s", err.msg);
	md_count_defs_free(&d);
	md_diags_fini(&diags);
	return 0;
}
