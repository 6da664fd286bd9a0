/* The catalogue of related agencies (関係機関) that referrals name. */
#ifndef MADOGUCHI_AGENCIES_H
#define MADOGUCHI_AGENCIES_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"

struct md_agency {
	long long id;
	char *name;
	char *kind;
	char *phone;
	char *address;
	bool active;
};

void md_agencies_free(struct md_agency *a, size_t n);

/*
 * Read a catalogue CSV (UTF-8, optional BOM; header row 名称,種別,電話,住所;
 * RFC 4180 quoting, parsed with libcsv) and add the agencies not yet known,
 * in one transaction. actor NULL is allowed only while the database has no
 * agencies (the first load at init); otherwise an administrator. *added
 * gets how many were new. A bad row is reported as "file:line: …" and
 * nothing is added.
 */
enum md_status md_agencies_import(struct md_db *db, const struct md_user *actor,
				  const char *path, size_t *added,
				  struct md_err *err);

/* Add one agency (administrator). */
enum md_status md_agency_add(struct md_db *db, const struct md_user *actor,
			     const char *name, const char *kind,
			     const char *phone, const char *address,
			     struct md_err *err);

/* Every agency, active first, by name. */
enum md_status md_agencies_list(struct md_db *db, struct md_agency **out,
				size_t *n, struct md_err *err);

#endif
