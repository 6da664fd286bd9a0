/* The offices (本所, 各総合支所: 000 第4条) that contacts, cases and staff
 * belong to. */
#ifndef MADOGUCHI_OFFICES_H
#define MADOGUCHI_OFFICES_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/status.h"

struct md_office {
	long long id;
	char *name;
	bool active;
	long long contacts, cases, staff; /* how many belong to it */
};

void md_offices_free(struct md_office *o, size_t n);

/* Add an office (administrator; audited, revision 1). */
enum md_status md_office_add(struct md_db *db, const struct md_user *actor,
			     const char *name, long long *id,
			     struct md_err *err);

/* Every office, by name, with its counts. */
enum md_status md_offices_list(struct md_db *db, struct md_office **out,
			       size_t *n, struct md_err *err);

/* The office named name (its name exactly, or folded as searches fold):
 * *id. MD_ERR_INVALID "事業所「…」はありません(…)" listing them when none. */
enum md_status md_office_find(struct md_db *db, const char *name, long long *id,
			      struct md_err *err);

/* A member of staff (by login; an administrator's act) or a case (any
 * active user's) belongs to office (by name, as md_office_find). Audited. */
enum md_status md_office_assign_user(struct md_db *db,
				     const struct md_user *actor,
				     const char *login, const char *office,
				     struct md_err *err);
enum md_status md_office_assign_case(struct md_db *db,
				     const struct md_user *actor,
				     long long case_id, const char *office,
				     struct md_err *err);

/* The office user_id belongs to (0: none). Reads the database. */
long long md_office_of_user(struct md_db *db, long long user_id);

/* The name of office id (md_free); "" when id is 0 or names none. NULL
 * only when out of memory. */
char *md_office_name(struct md_db *db, long long id);

#endif
