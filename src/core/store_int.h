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

/* Append rev, a revision of row id, to the *_revisions table whose INSERT
 * sql numbers its parameters ?1 the row's id, ?2 revision, ?3 user_id, ?4
 * at, ?5 data and, when its table keeps them, ?6 base_revision and ?7
 * changed; what names it in a message. user_id 0 is NULL, changed NULL
 * "[]". */
static inline enum md_status
store_revision_row(struct md_db *db, const char *sql, long long id,
		   const struct md_store_revision_row *rev, const char *what,
		   struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, rev->revision);
	store_bind_id(st, 3, rev->user_id);
	store_bind_text(st, 4, rev->at);
	store_bind_text(st, 5, rev->data);
	if (sqlite3_bind_parameter_count(st) >= 7) {
		sqlite3_bind_int(st, 6, rev->base_revision);
		store_bind_text(st, 7, rev->changed ? rev->changed : "[]");
	}
	return store_run(db, st, what, err);
}

/*
 * A revisioned table (contacts, referrals, offices): the statements that
 * insert its row, update it (the row's id the update's parameter id_param)
 * and append a revision of it, what their failures name, and the binder of
 * a row's columns (from parameter 1, the same in both statements). A
 * revision statement numbers its parameters ?1 the row's id, ?2 revision,
 * ?3 user_id, ?4 at, ?5 data and, when its table keeps them, ?6
 * base_revision and ?7 changed.
 */
struct store_versioned {
	const char *insert_sql, *update_sql, *revision_sql;
	int id_param;
	const char *what, *what_revision;
	void (*bind)(sqlite3_stmt *st, const void *row);
	int clash; /* a constraint that is MD_ERR_EXISTS (0: none) */
};

/*
 * Write row as row *id of table t (a new row when *id is 0, and *id then
 * its id) and append its revision rev, for the one writer of both tables.
 * A failure of either names what failed (t's what); nothing is rolled back
 * here.
 */
static inline enum md_status
store_versioned_write(struct md_db *db, const struct store_versioned *t,
		      long long *id, const void *row,
		      const struct md_store_revision_row *rev,
		      struct md_err *err)
{
	bool update = *id != 0;
	sqlite3_stmt *st = store_stmt(db,
				      update ? t->update_sql : t->insert_sql,
				      err);
	if (!st)
		return store_no_stmt(err);
	t->bind(st, row);
	if (update)
		sqlite3_bind_int64(st, t->id_param, *id);
	enum md_status rc = store_run_clash(db, st, t->what, t->clash, 0,
					    MD_ERR_EXISTS, err);
	if (!update)
		rc = store_new_id(db, rc, id);
	if (rc != MD_OK)
		return rc;
	return store_revision_row(db, t->revision_sql, *id, rev,
				  t->what_revision, err);
}

#endif
