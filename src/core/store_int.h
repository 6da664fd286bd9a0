/* What the store's files share: preparing, binding and running a write. */
#ifndef MADOGUCHI_STORE_INT_H
#define MADOGUCHI_STORE_INT_H

#include "db_int.h"
#include "madoguchi/store.h"

/* The cached statement of sql, or NULL with err filled. */
static inline sqlite3_stmt *
store_stmt(struct md_db *db, const char *sql, struct md_err *err)
{
	return md_db_stmt(db, sql, err);
}

/* The status a NULL statement left in err. */
static inline enum md_status
store_no_stmt(struct md_err *err)
{
	return err ? err->status : MD_ERR_DB;
}

/* Bind s at i, or leave the parameter NULL when s is NULL. */
static inline void
store_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* Bind id at i, or leave the parameter NULL when id is 0. */
static inline void
store_bind_id(sqlite3_stmt *st, int i, long long id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
}

/*
 * Run a bound write statement to its end and reset it. A constraint whose
 * extended code is clash_a or clash_b (0: none) gives clash_status, with
 * SQLite's message; any other failure md_db_fail's status, both naming
 * what. MD_OK when done.
 */
static inline enum md_status
store_run_clash(struct md_db *db, sqlite3_stmt *st, const char *what,
		int clash_a, int clash_b, enum md_status clash_status,
		struct md_err *err)
{
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src == SQLITE_DONE)
		return MD_OK;
	enum md_status rc = md_db_fail(db, src, what, err);
	if ((clash_a && src == clash_a) || (clash_b && src == clash_b)) {
		if (err)
			err->status = clash_status;
		rc = clash_status;
	}
	return rc;
}

/* Run a bound write statement to its end and reset it (store_run_clash
 * with no constraint singled out). */
static inline enum md_status
store_run(struct md_db *db, sqlite3_stmt *st, const char *what,
	  struct md_err *err)
{
	return store_run_clash(db, st, what, 0, 0, MD_OK, err);
}

/* rc, after putting in *id (when not NULL) the id of the row the
 * connection inserted last when rc is MD_OK. */
static inline enum md_status
store_new_id(struct md_db *db, enum md_status rc, long long *id)
{
	if (rc == MD_OK && id)
		*id = sqlite3_last_insert_rowid(md_db_sqlite(db));
	return rc;
}

/* Append r to the *_revisions table whose INSERT sql numbers the columns
 * (id, revision, base_revision, user_id, at, data, changed) ?1..?7; what
 * names it in a message. user_id 0 is NULL, changed NULL "[]". */
static inline enum md_status
store_revision_row(struct md_db *db, const char *sql,
		   const struct md_store_revision_row *r, const char *what,
		   struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int(st, 2, r->revision);
	sqlite3_bind_int(st, 3, r->base_revision);
	store_bind_id(st, 4, r->user_id);
	store_bind_text(st, 5, r->at);
	store_bind_text(st, 6, r->data);
	store_bind_text(st, 7, r->changed ? r->changed : "[]");
	return store_run(db, st, what, err);
}

#endif
