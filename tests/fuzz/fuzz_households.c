/* Fuzz target: the households definition loader (households.h), the input
 * being households.ini over the shipped forms, its 多機関協働の対象判定
 * (eligibility.h) with it; a definition it accepts then reads a household,
 * advises on it and on a few households at 004 図4's edges, and fills
 * 第2号様式's 家族構成 from it (issue 18). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/cases.h"
#include "madoguchi/diag.h"
#include "madoguchi/households.h"
#include "madoguchi/values.h"

static struct md_forms *hh_forms;
static struct md_forms
	hh_here; /* the shipped forms, read from the input's folder */
static char *hh_file;
static struct md_db *hh_db;
static struct md_user hh_admin;
static long long hh_household, hh_person;

/* A person of the database, registered with name and kana. */
static long long
person(const char *name, const char *kana)
{
	struct md_values p;
	struct md_err err;
	long long id = 0;
	md_values_init(&p);
	if (md_values_set(&p, "name", name, &err) != MD_OK ||
	    md_values_set(&p, "kana", kana, &err) != MD_OK ||
	    md_person_create(hh_db, &hh_admin, hh_forms, &p, &id, NULL, &err) !=
		    MD_OK)
		fz_fail("households setup: %s", err.msg);
	md_values_fini(&p);
	return id;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct md_err err;
	struct md_diags diags;
	struct md_household_defs *shipped = NULL;
	fz_setup();
	hh_forms = fz_forms("forms");
	hh_file = fz_path("households.ini");
	hh_db = fz_db("households.db", &hh_admin);
	/* The forms as loaded, their folder the one the input is written to,
	 * where md_household_fill_form looks for households.ini. */
	hh_here = *hh_forms;
	char *dir = strdup(hh_file);
	if (!dir || !strrchr(dir, '/'))
		fz_fail("households setup: the folder");
	*strrchr(dir, '/') = '\0';
	hh_here.dir = dir;
	md_diags_init(&diags);
	if (md_household_defs_load(TOP_DIR "/forms/households.ini", hh_forms,
				   &shipped, &diags, &err) != MD_OK)
		fz_fail("households setup: %s", err.msg);
	md_diags_fini(&diags);
	hh_person = person("山田 花子", "やまだ はなこ");
	long long father = person("山田 太郎", "やまだ たろう");
	struct md_member_in head = {.person_id = hh_person,
				    .relation = "世帯主",
				    .needs_support = 1,
				    .departments = "くらし支援"};
	struct md_member_in m2 = {.person_id = father,
				  .relation = "父",
				  .needs_support = -1};
	struct md_member_in m3 = {.label = "小学生(氏名不詳)",
				  .age = "8",
				  .relation = "孫",
				  .living = "別居",
				  .needs_support = 1};
	if (md_household_new(hh_db, &hh_admin, shipped, hh_forms, NULL, &head,
			     &hh_household, NULL, NULL, &err) != MD_OK ||
	    md_household_add(hh_db, &hh_admin, shipped, hh_forms, hh_household,
			     &m2, NULL, NULL, &err) != MD_OK ||
	    md_household_add(hh_db, &hh_admin, shipped, hh_forms, hh_household,
			     &m3, NULL, NULL, &err) != MD_OK)
		fz_fail("households setup: %s", err.msg);
	md_household_defs_free(&shipped);
	return 0;
}

/* What loaded definitions promise: lists of text without repeats, ages in
 * order, a name for each band, consent and the family table whole. */
static void
defs_check(const struct md_household_defs *d)
{
	const struct md_choices *lists[] = {&d->issues, &d->relations,
					    &d->living, &d->departments,
					    &d->reasons};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		FZ_ASSERT(lists[l]->n > 0, "list %zu is empty", l);
		for (size_t i = 0; i < lists[l]->n; i++) {
			const char *s = lists[l]->items[i];
			FZ_ASSERT(s && *s && fz_utf8(s), "list %zu item %zu", l,
				  i);
			for (size_t k = 0; k < i; k++)
				FZ_ASSERT(strcmp(s, lists[l]->items[k]),
					  "list %zu has %s twice", l, s);
		}
	}
	FZ_ASSERT(d->child_below > 0 && d->child_below < d->elderly_from,
		  "ages %d, %d", d->child_below, d->elderly_from);
	for (int b = 0; b < MD_AGE_BAND_COUNT; b++)
		FZ_ASSERT(*md_household_age_band_label(d, (enum md_age_band)b),
			  "band %d without a name", b);
	enum md_age_band last = MD_AGE_CHILD;
	for (int age = 0; age <= 150; age++) {
		enum md_age_band b = md_household_age_band(d, age);
		FZ_ASSERT(b >= last && b < MD_AGE_BAND_COUNT,
			  "age %d in band %d after %d", age, b, last);
		last = b;
	}
	FZ_ASSERT(d->consent_form && d->consent_field && d->consent_value &&
			  *d->consent_value,
		  "consent without its field or value");
	FZ_ASSERT(!d->family_field == !d->family_form, "half a family table");
	for (int a = 0; d->family_field && a < MD_MEMBER_ATTR_COUNT; a++)
		FZ_ASSERT(!d->family_column[a] ||
				  md_field_column(d->family_field,
						  d->family_column[a]),
			  "attribute %d fills no column", a);
}

/* What a loaded 多機関協働の対象判定 promises the evaluator and the
 * screens. */
static void
eligibility_check(const struct md_eligibility_def *d)
{
	FZ_ASSERT(d->nrows > 0, "a definition without rows");
	FZ_ASSERT(d->undecided && fz_utf8(d->undecided), "no undecided");
	for (size_t i = 0; i < d->nrows; i++) {
		const struct md_eligibility_row *r = &d->rows[i];
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
		FZ_ASSERT(md_eligibility_fact_kind(d->questions[q].fact) ==
					  MD_ELIGIBILITY_YESNO &&
				  d->labels[d->questions[q].fact] ==
					  d->questions[q].text,
			  "question %zu", q);
}

/* An advice of d: a row of it with its verdict, or its undecided with
 * something missing when every fact is known. */
static void
advice_check(const struct md_eligibility_def *d,
	     const struct md_eligibility_result *r, bool all_known)
{
	if (r->row) {
		FZ_ASSERT(r->row >= d->rows && r->row < d->rows + d->nrows,
			  "a row that is not the definition's");
		FZ_ASSERT(r->verdict == r->row->verdict, "the row's verdict");
		FZ_ASSERT(r->nmissing == 0, "a row and something missing");
	} else {
		FZ_ASSERT(r->verdict == d->undecided, "no row, a verdict");
		FZ_ASSERT(!all_known || r->nmissing > 0,
			  "every fact known, no row, nothing said missing");
	}
	for (size_t i = 0; i < r->nreasons; i++)
		FZ_ASSERT(fz_utf8(r->reasons[i]), "reason %zu", i);
	for (size_t i = 0; i < r->nmissing; i++)
		FZ_ASSERT(fz_utf8(r->missing[i]), "missing %zu", i);
}

/* A few households at the figure's edges, unanswered then answered. */
static void
eligibility_run(const struct md_household_defs *hd)
{
	const struct md_eligibility_def *d = hd->eligibility;
	static const struct md_eligibility_member homes[][3] = {
		{{.target = true, .age = 80, .department = MD_ELIGIBILITY_YES}},
		{{.target = true,
		  .birth = "1975-10-01",
		  .department = MD_ELIGIBILITY_NO}},
		{{.target = true, .age = 30, .department = MD_ELIGIBILITY_NO},
		 {.target = true, .age = 74, .department = MD_ELIGIBILITY_YES},
		 {.target = true, .age = 9, .department = MD_ELIGIBILITY_YES}},
		{{.target = true, .age = -1, .disabled = true},
		 {.target = true,
		  .age = 17,
		  .poverty = true,
		  .department = MD_ELIGIBILITY_YES}},
	};
	for (size_t h = 0; h < sizeof homes / sizeof homes[0]; h++) {
		struct md_eligibility_facts f;
		struct md_eligibility_result r;
		struct md_err err;
		size_t n = 0;
		while (n < 3 && homes[h][n].target)
			n++;
		FZ_ASSERT(md_household_eligibility_facts(hd, homes[h], n,
							 "R8.4.1", &f,
							 &err) == MD_OK,
			  "facts: %s", err.msg);
		bool known = true;
		for (size_t i = 0; i < MD_ELIGIBILITY_NFACTS; i++)
			known &= md_eligibility_fact_kind(i) ==
					 MD_ELIGIBILITY_YESNO ||
				 f.known[i];
		for (int round = 0; round < 3; round++) {
			for (size_t i = 0; round && i < MD_ELIGIBILITY_NFACTS;
			     i++)
				if (md_eligibility_fact_kind(i) ==
				    MD_ELIGIBILITY_YESNO)
					md_eligibility_facts_set(&f, i,
								 (round ^
								  (int)(i &
									1)) & 1
									 ? MD_ELIGIBILITY_YES
									 : MD_ELIGIBILITY_NO);
			FZ_ASSERT(md_eligibility_evaluate(d, &f, &r, &err) ==
					  MD_OK,
				  "evaluate: %s", err.msg);
			advice_check(d, &r, round && known);
			md_eligibility_result_fini(&r);
		}
	}
}

/* The household read with d, and the family table filled from it. */
static void
defs_run(const struct md_household_defs *d)
{
	struct md_household h;
	struct md_err err;
	enum md_status rc = md_household_get(hh_db, &hh_admin, d, NULL,
					     hh_household, NULL, true, &h,
					     &err);
	FZ_ASSERT(rc == MD_OK, "get: %s", err.msg);
	FZ_ASSERT(h.ncurrent == 3 && h.nmembers == 3, "%zu members",
		  h.nmembers);
	for (size_t i = 0; i < h.nmembers; i++)
		FZ_ASSERT(h.members[i].band ==
				  md_household_age_band(d, h.members[i].age),
			  "member %zu in band %d", i, h.members[i].band);
	FZ_ASSERT(h.eligibility.defined == (d->eligibility != NULL),
		  "the household's advice without its definition");
	if (d->eligibility) {
		/* Two 支援対象者 (the head and the child): the facts count them. */
		FZ_ASSERT(h.eligibility.facts.value[MD_EF_TARGETS] == 2,
			  "%d targets",
			  h.eligibility.facts.value[MD_EF_TARGETS]);
		advice_check(d->eligibility, &h.eligibility.advice, false);
		eligibility_run(d);
	}
	md_household_fini(&h);
	struct md_values v;
	md_values_init(&v);
	const struct md_form *form = d->family_form ? d->family_form
						    : md_forms_find(hh_forms,
								    "intake");
	rc = md_household_fill_form(hh_db, &hh_here, form, hh_person, &v, &err);
	FZ_ASSERT(rc == MD_OK, "fill: %s", err.msg);
	/* A row for each other current member, when a column is filled. */
	bool filled = false;
	for (int a = 0; d->family_field && a < MD_MEMBER_ATTR_COUNT; a++)
		filled |= d->family_column[a] != NULL;
	FZ_ASSERT(!d->family_field ||
			  md_values_table_rows(&v, d->family_field->key) ==
				  (filled ? 2 : 0),
		  "%d rows of the family table",
		  md_values_table_rows(&v, d->family_field->key));
	for (size_t i = 0; i < v.n; i++)
		FZ_ASSERT(fz_utf8(v.items[i].value), "cell %s", v.items[i].key);
	md_values_fini(&v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_write(hh_file, data, size);
	struct md_household_defs *d = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	md_err_clear(&err);
	enum md_status rc = md_household_defs_load(hh_file, hh_forms, &d,
						   &diags, &err);
	if (rc == MD_OK) {
		FZ_ASSERT(d && diags.n == 0, "loaded with %zu faults", diags.n);
		defs_check(d);
		if (d->eligibility)
			eligibility_check(d->eligibility);
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
	md_household_defs_free(&d);
	md_diags_fini(&diags);
	return 0;
}
