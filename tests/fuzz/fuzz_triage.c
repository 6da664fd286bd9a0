/* Fuzz target: the loader of the triage aid of 004 図4 (triage.h), the input
 * being forms/households.ini; a definition it accepts then judges a few
 * households, and its advice keeps to the definition. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/diag.h"
#include "madoguchi/triage.h"

static char *triage_file;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	triage_file = fz_path("households.ini");
	return 0;
}

/* What a loaded definition promises the evaluator and the screens. */
static void
triage_check(const struct md_triage_def *d)
{
	FZ_ASSERT(d->nrows > 0, "a definition without rows");
	FZ_ASSERT(d->undecided && fz_utf8(d->undecided), "no undecided");
	FZ_ASSERT(d->child_under <= d->elderly_from, "ages %d, %d",
		  d->child_under, d->elderly_from);
	for (size_t i = 0; i < d->nrows; i++) {
		const struct md_triage_row *r = &d->rows[i];
		FZ_ASSERT(r->number > 0 && r->when && r->nconds > 0,
			  "row %zu without its conditions", i);
		bool known = false;
		for (size_t v = 0; v < d->nverdicts; v++)
			known |= !strcmp(d->verdicts[v], r->verdict);
		FZ_ASSERT(known, "row %d: verdict %s is not a verdict",
			  r->number, r->verdict);
		for (size_t j = 0; j < i; j++)
			FZ_ASSERT(d->rows[j].number != r->number,
				  "row %d twice", r->number);
	}
	for (size_t q = 0; q < d->nquestions; q++)
		FZ_ASSERT(md_triage_fact_kind(d->questions[q].fact) ==
					  MD_TRIAGE_YESNO &&
				  d->labels[d->questions[q].fact] ==
					  d->questions[q].text,
			  "question %zu", q);
}

/* Judge facts; the advice is a row of d with its verdict, or d's undecided
 * with something missing when every fact is known. */
static void
triage_judge(const struct md_triage_def *d, const struct md_triage_facts *f,
	     bool all_known)
{
	struct md_triage_result r;
	struct md_err err;
	enum md_status rc = md_triage_evaluate(d, f, &r, &err);
	FZ_ASSERT(rc == MD_OK, "evaluate: %s", err.msg);
	if (r.row) {
		FZ_ASSERT(r.row >= d->rows && r.row < d->rows + d->nrows,
			  "a row that is not the definition's");
		FZ_ASSERT(r.verdict == r.row->verdict, "the row's verdict");
		FZ_ASSERT(r.nmissing == 0, "a row and something missing");
	} else {
		FZ_ASSERT(r.verdict == d->undecided, "no row, a verdict");
		FZ_ASSERT(!all_known || r.nmissing > 0,
			  "every fact known, no row, nothing said missing");
	}
	for (size_t i = 0; i < r.nreasons; i++)
		FZ_ASSERT(fz_utf8(r.reasons[i]), "reason %zu", i);
	for (size_t i = 0; i < r.nmissing; i++)
		FZ_ASSERT(fz_utf8(r.missing[i]), "missing %zu", i);
	md_triage_result_fini(&r);
}

/* A few households at the figure's edges, unanswered then answered. */
static void
triage_run(const struct md_triage_def *d)
{
	static const struct md_triage_member homes[][3] = {
		{{.target = true, .age = 80, .department = MD_TRIAGE_YES}},
		{{.target = true,
		  .birth = "1975-10-01",
		  .department = MD_TRIAGE_NO}},
		{{.target = true, .age = 30, .department = MD_TRIAGE_NO},
		 {.target = true, .age = 74, .department = MD_TRIAGE_YES},
		 {.target = true, .age = 9, .department = MD_TRIAGE_YES}},
		{{.target = true, .age = -1, .disabled = true},
		 {.target = true,
		  .age = 17,
		  .poverty = true,
		  .department = MD_TRIAGE_YES}},
	};
	for (size_t h = 0; h < sizeof homes / sizeof homes[0]; h++) {
		struct md_triage_facts f;
		struct md_err err;
		size_t n = 0;
		while (n < 3 && homes[h][n].target)
			n++;
		FZ_ASSERT(md_triage_facts_compute(d, homes[h], n, "R8.4.1", &f,
						  &err) == MD_OK,
			  "facts: %s", err.msg);
		bool known = true;
		for (size_t i = 0; i < MD_TRIAGE_NFACTS; i++)
			known &= md_triage_fact_kind(i) == MD_TRIAGE_YESNO ||
				 f.known[i];
		triage_judge(d, &f, false);
		for (int yes = 0; yes < 2; yes++) {
			for (size_t i = 0; i < MD_TRIAGE_NFACTS; i++)
				if (md_triage_fact_kind(i) == MD_TRIAGE_YESNO)
					md_triage_facts_set(&f, i,
							    (yes ^ (int)(i & 1))
								    ? MD_TRIAGE_YES
								    : MD_TRIAGE_NO);
			triage_judge(d, &f, known);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_diags diags;
	struct md_err err;
	struct md_triage_def *d = NULL;
	fz_write(triage_file, data, size);
	md_diags_init(&diags);
	md_err_clear(&err);
	enum md_status rc = md_triage_load(triage_file, &d, &diags, &err);
	FZ_ASSERT(rc == MD_OK || rc == MD_ERR_DEFINITION ||
			  (rc == MD_ERR_IO && size > 1024 * 1024),
		  "status %d: %s", rc, err.msg);
	FZ_ASSERT((rc == MD_OK) == (d != NULL), "a definition and a fault");
	FZ_ASSERT(rc != MD_ERR_DEFINITION || diags.n > 0,
		  "a fault without its line");
	for (size_t i = 0; i < diags.n; i++)
		FZ_ASSERT(fz_utf8(diags.msgs[i]) &&
				  !strncmp(diags.msgs[i], triage_file,
					   strlen(triage_file)),
			  "fault %zu does not name the file: %s", i,
			  diags.msgs[i]);
	if (d) {
		triage_check(d);
		triage_run(d);
	}
	md_triage_free(&d);
	md_diags_fini(&diags);
	return 0;
}
