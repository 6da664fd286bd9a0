/* The crash tests' checks of a database after a kill: what must hold in any
 * madoguchi file, whatever was written last and whenever it was stopped. */
#ifndef MADOGUCHI_TESTS_DBCHECK_H
#define MADOGUCHI_TESTS_DBCHECK_H

#include <sqlite3.h>
#include <stdbool.h>

#include "madoguchi/forms.h"
#include "madoguchi/mem.h"
#include "madoguchi/values.h"

/* A connection to the file under test and the faults found in it. */
struct dbcheck {
	sqlite3 *h;
	const struct md_forms *forms;
	struct md_buf faults; /* one line per fault */
	int nfaults;
	int checks; /* how many checks ran */
};

/*
 * Open path as the next run of the program would (read-write, so a WAL left
 * by a killed process is recovered), with the tokenizers of the entries
 * indexes. false, with a fault, when it cannot be opened.
 */
bool dbcheck_open(struct dbcheck *c, const char *path,
		  const struct md_forms *forms);
void dbcheck_close(struct dbcheck *c);

/* Record a fault (a line of c->faults). */
void dbcheck_fault(struct dbcheck *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print the faults as TAP diagnostics ("#   …" lines). */
void dbcheck_print(const struct dbcheck *c);

/*
 * Every check that holds for any madoguchi file: SQLite's integrity and
 * foreign keys; the audit log one unbroken hash chain; each form record at the highest of its revisions, numbered
 * 1, 2, … each from the one before, each a complete JSON object with its
 * audit row; each person at the highest of their revisions; each case's
 * stage the step of its last event; both entries indexes exactly what the
 * latest texts of the entries give; every draft readable. Returns the
 * number of faults added.
 */
int dbcheck_all(struct dbcheck *c);

/* The ids of the entries whose text holds word (a phrase of the pairs
 * index), comma-separated, into out (reset first). false on an error. */
bool dbcheck_entries_with(struct dbcheck *c, const char *word,
			  struct md_buf *out);

/* The values of (case, form, seq) at revision (0: the latest) into v, and
 * its latest revision number into *latest (0 when there is no record).
 * false when there is no such revision. */
bool dbcheck_values(struct dbcheck *c, long long case_id, const char *form,
		    int seq, int revision, struct md_values *v, int *latest);

/* An integer from one row of sql with one optional text parameter (NULL
 * for none); -1 on an error or no row. */
long long dbcheck_int(struct dbcheck *c, const char *sql, const char *param);

/* The forms of the source tree (TOP_DIR/forms); exits on failure. */
struct md_forms *dbcheck_forms(void);

#endif
