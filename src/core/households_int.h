/* What the print of a household (households_print.c) reads through the
 * households module: a household whole, without the audit row of a view.
 * Private to the core. */
#ifndef MADOGUCHI_HOUSEHOLDS_INT_H
#define MADOGUCHI_HOUSEHOLDS_INT_H

#include "madoguchi/households.h"

/* md_household_get (current members only) without its permission check
 * and audit rows: for the print, which audits itself as an export. */
enum md_status md_household_read(struct md_db *db,
				 const struct md_household_defs *defs,
				 const struct md_workflow *wf, long long id,
				 const char *on, struct md_household *out,
				 struct md_err *err);

#endif
