/* The helpers every loader of an INI definition shares (forms.c, the
 * workflow's wf_load.c), each with one meaning: the caller says how an
 * empty value ("key =") reads. Private to the core. */
#ifndef MADOGUCHI_INI_INT_H
#define MADOGUCHI_INI_INT_H

#include <stdbool.h>

#include "madoguchi/diag.h"
#include "madoguchi/ini.h"

/* How a key written with an empty value ("key =") reads. */
enum md_ini_empty {
	MD_INI_EMPTY_IS_VALUE, /* "": a value, checked like any other */
	MD_INI_EMPTY_IS_ABSENT /* as if the key were not there */
};

/* The value of section:key: NULL when absent, and when empty if empty
 * says it reads as absent. */
const char *md_ini_value(const struct md_ini *ini, const char *section,
			 const char *key, enum md_ini_empty empty);

/* The line of section:key, or of its section when the key is absent (the
 * line a fault about a missing key names). */
int md_ini_key_line(const struct md_ini *ini, const char *section,
		    const char *key);

/* section:key as yes or no; def when absent (or empty, as empty says).
 * Anything else is a fault in diags, "path:line: …", and gives def. */
bool md_ini_flag(const struct md_ini *ini, struct md_diags *diags,
		 const char *section, const char *key, bool def,
		 enum md_ini_empty empty);

#endif
