/* The one writer of offices and office_revisions. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_office_insert[] =
	"INSERT INTO offices (name, revision, active, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?4)";
static const char sql_office_update[] =
	"UPDATE offices SET name = ?2, revision = ?3, active = ?4,"
	" updated_at = ?5 WHERE id = ?1";
static const char sql_office_revision_insert[] =
	"INSERT INTO office_revisions (office_id, revision, user_id, at, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

enum md_status
md_store_office_insert(struct md_db *db, const struct md_store_office *o,
		       long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_office_insert, err);
	if (!st)
		return store_no_stmt(err);
	store_bind_text(st, 1, o->name);
	sqlite3_bind_int(st, 2, o->revision);
	sqlite3_bind_int(st, 3, o->active);
	store_bind_text(st, 4, o->at);
	enum md_status rc = store_run_clash(db, st, "事業所の登録",
					    SQLITE_CONSTRAINT_UNIQUE, 0,
					    MD_ERR_EXISTS, err);
	return store_new_id(db, rc, id);
}

enum md_status
md_store_office_update(struct md_db *db, long long id,
		       const struct md_store_office *o, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_office_update, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, o->name);
	sqlite3_bind_int(st, 3, o->revision);
	sqlite3_bind_int(st, 4, o->active);
	store_bind_text(st, 5, o->at);
	return store_run_clash(db, st, "事業所の変更", SQLITE_CONSTRAINT_UNIQUE,
			       0, MD_ERR_EXISTS, err);
}

enum md_status
md_store_office_revision_insert(struct md_db *db, long long office_id,
				int revision, long long user_id, const char *at,
				const char *data, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_office_revision_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, office_id);
	sqlite3_bind_int(st, 2, revision);
	store_bind_id(st, 3, user_id);
	store_bind_text(st, 4, at);
	store_bind_text(st, 5, data);
	return store_run(db, st, "事業所の履歴", err);
}
