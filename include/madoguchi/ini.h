/* INI files read with iniparser, plus the line of every section and key. */
#ifndef MADOGUCHI_INI_H
#define MADOGUCHI_INI_H

#include <stddef.h>

#include "madoguchi/diag.h"
#include "madoguchi/status.h"

/* A section or key and the line it is on. Names are lower-cased (ASCII) as
 * iniparser does; key is NULL for a section. */
struct md_ini_item {
	char *section;
	char *key;
	int line;
};

/*
 * A loaded file. iniparser parses the values; a scan of our own records
 * where each section and key is, so faults can name file:line, and catches
 * what iniparser accepts silently (a duplicate key keeps the last value) or
 * reports only on stderr (a line too long).
 */
struct md_ini {
	char *path;
	void *dict; /* iniparser's dictionary */
	struct md_ini_item *sections;
	size_t nsections;
	struct md_ini_item *keys; /* in file order */
	size_t nkeys;
};

/* The largest file md_ini_load reads: configurations and definitions are
 * a few kilobytes; anything near this is not one. */
#define MD_INI_MAX_BYTES (1024 * 1024)

/*
 * Load path. Only a regular file of at most MD_INI_MAX_BYTES is read: a
 * device (/dev/zero), a FIFO, a folder or a larger file is refused in err
 * (MD_ERR_IO) without reading it. Faults of form (syntax, duplicates, long
 * lines, a ';' or '#' that would cut an unquoted value, a quote left open) are
 * added to diags as "path:line: …"; when there are any, *out is NULL and the
 * status is MD_ERR_DEFINITION. A file that cannot be read gives MD_ERR_IO (or
 * MD_ERR_NOTFOUND) in err. On success *out is the new file (md_ini_free).
 */
enum md_status md_ini_load(const char *path, struct md_ini **out,
			   struct md_diags *diags, struct md_err *err);

/* md_ini_load for a definition file of forms/: its faults of form are
 * also made err (md_diags_to_err), as each definition loader reports them. */
enum md_status md_ini_load_definitions(const char *path, struct md_ini **out,
				       struct md_diags *diags,
				       struct md_err *err);

void md_ini_free(struct md_ini **ini);

/* The value of section:key, or NULL when absent. Names are matched
 * case-insensitively (ASCII). */
const char *md_ini_get(const struct md_ini *ini, const char *section,
		       const char *key);

/* The line of section:key (key NULL: of the section), or 0 when absent. */
int md_ini_line(const struct md_ini *ini, const char *section, const char *key);

#endif
