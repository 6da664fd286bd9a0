/* A generator of a large, realistic demonstration database, for benchmarks
 * and for trying the screens on data of a real counter's size. */
#ifndef MADOGUCHI_DEMO_DEMO_H
#define MADOGUCHI_DEMO_DEMO_H

#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/status.h"
#include "madoguchi/workflow.h"

/* The password of every generated account (the administrator is "demo"). */
#define MD_DEMO_PASSWORD "demo-password"

/* What to generate. */
struct md_demo_options {
	long long cases; /* how many cases (≥ 1); everything scales with it */
	unsigned long long seed; /* the same seed and cases give the same rows */
	/* Called now and then with what is being written ("ケース",
	 * "支援経過"), how far along and out of how many; may be NULL. */
	void (*progress)(void *ctx, const char *what, long long done,
			 long long total);
	void *ctx;
};

/* How many rows of each kind were written. */
struct md_demo_counts {
	long long users, households, persons, cases, records, revisions,
		entries, events;
};

/*
 * Fill an empty database (no accounts, persons or cases; MD_ERR_EXISTS
 * otherwise) with opt->cases cases of persons in households, each carried
 * through whatever forms/workflow.ini says (wf, over forms) to some point
 * of the process by the workflow engine's own effects (wf_engine.h), with
 * its forms, revisions, progress entries (indexed for search) and workflow
 * events, written through the store (store.h); the agency catalogue
 * (data/agencies.csv) is loaded first when the database has none. The file
 * is the same, byte for byte, for the same seed, size and definitions.
 * Commits in batches, each complete
 * (a crash leaves whole cases only), with synchronous writes off until the
 * end. counts (may be NULL) gets what was written. Touches the database;
 * no audit rows but one for the whole generation.
 */
enum md_status md_demo_generate(struct md_db *db, const struct md_forms *forms,
				const struct md_workflow *wf,
				const struct md_demo_options *opt,
				struct md_demo_counts *counts,
				struct md_err *err);

#endif
