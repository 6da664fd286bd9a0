/* How the households loader (households.c) reads the definition of
 * 多機関協働の対象判定 (004 図4) from the file it has loaded. Private to the
 * core. */
#ifndef MADOGUCHI_ELIGIBILITY_INT_H
#define MADOGUCHI_ELIGIBILITY_INT_H

#include <stdbool.h>

#include "madoguchi/diag.h"
#include "madoguchi/eligibility.h"
#include "madoguchi/ini.h"

/* Whether section is one of the aid's: [eligibility] or [eligibility.*]. */
bool md_eligibility_section(const char *section);

/*
 * Load and check the aid's sections of ini (path names it in faults): a
 * key or [eligibility.*] section that is not the format's, a label or
 * question of a fact that does not exist or is of the other kind, no row,
 * a row without when or verdict, a verdict not in verdicts, a condition
 * naming an unknown fact, an operator or value it cannot read, a fact the
 * definition gives no label, a question not in [eligibility.questions].
 * Each fault goes to diags as "path:line: …" (MD_ERR_DEFINITION, *out
 * NULL); MD_ERR_NOMEM. A file with none of the aid's sections is no fault:
 * MD_OK with *out NULL. Else *out is the definition (md_eligibility_free).
 */
enum md_status md_eligibility_load_ini(const struct md_ini *ini,
				       const char *path,
				       struct md_eligibility_def **out,
				       struct md_diags *diags);

void md_eligibility_free(struct md_eligibility_def **def);

#endif
