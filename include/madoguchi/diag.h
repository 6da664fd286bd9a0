/* A list of faults found in a file, each "file:line: message", for loaders. */
#ifndef MADOGUCHI_DIAG_H
#define MADOGUCHI_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/status.h"

/* Owns its messages. A failed allocation sets oom; later adds do nothing. */
struct md_diags {
	char **msgs;
	size_t n;
	size_t cap;
	bool oom;
};

void md_diags_init(struct md_diags *d);
void md_diags_fini(struct md_diags *d);

/* Add "file:line: message" (line 0 leaves it out; file NULL, both: for a
 * message that names the file itself). */
void md_diags_add(struct md_diags *d, const char *file, int line,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* md_diags_add with a va_list. */
void md_diags_vadd(struct md_diags *d, const char *file, int line,
		   const char *fmt, va_list ap);

/*
 * Fill err with status and the first faults, one per line, followed by how
 * many more there are; returns status. MD_OK when the list is empty.
 */
enum md_status md_diags_to_err(const struct md_diags *d, enum md_status status,
			       struct md_err *err);

#endif
