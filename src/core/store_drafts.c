/* The one writer of drafts and contact_drafts. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_draft_put[] =
	"INSERT INTO drafts (user_id, case_id, form, seq, base_revision, data,"
	" field, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	" ON CONFLICT (user_id, case_id, form, seq) DO UPDATE SET"
	" base_revision = excluded.base_revision, data = excluded.data,"
	" field = excluded.field, updated_at = excluded.updated_at";
static const char sql_draft_remove[] =
	"DELETE FROM drafts WHERE user_id = ?1 AND case_id = ?2 AND form = ?3"
	" AND seq = ?4";

enum md_status
md_store_draft_put(struct md_db *db, const struct md_store_draft *d,
		   struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_draft_put, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, d->user_id);
	sqlite3_bind_int64(st, 2, d->case_id);
	store_bind_text(st, 3, d->form);
	sqlite3_bind_int(st, 4, d->seq);
	sqlite3_bind_int(st, 5, d->base_revision);
	store_bind_text(st, 6, d->data);
	store_bind_text(st, 7, d->field);
	store_bind_text(st, 8, d->updated_at);
	return store_run_clash(db, st, "下書きの保存",
			       SQLITE_CONSTRAINT_FOREIGNKEY, 0, MD_ERR_NOTFOUND,
			       err);
}

enum md_status
md_store_draft_remove(struct md_db *db, long long user_id, long long case_id,
		      const char *form, int seq, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_draft_remove, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, case_id);
	store_bind_text(st, 3, form);
	sqlite3_bind_int(st, 4, seq);
	return store_run(db, st, "下書きの破棄", err);
}

static const char sql_contact_draft_put[] =
	"INSERT INTO contact_drafts (user_id, contact_id, base_revision, data,"
	" field, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT (user_id, contact_id) DO UPDATE SET"
	" base_revision = excluded.base_revision, data = excluded.data,"
	" field = excluded.field, updated_at = excluded.updated_at";
static const char sql_contact_draft_remove[] =
	"DELETE FROM contact_drafts WHERE user_id = ?1 AND contact_id = ?2";

enum md_status
md_store_contact_draft_put(struct md_db *db,
			   const struct md_store_contact_draft *d,
			   struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_contact_draft_put, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, d->user_id);
	sqlite3_bind_int64(st, 2, d->contact_id);
	sqlite3_bind_int(st, 3, d->base_revision);
	store_bind_text(st, 4, d->data);
	store_bind_text(st, 5, d->field);
	store_bind_text(st, 6, d->updated_at);
	return store_run_clash(db, st, "相談票の下書きの保存",
			       SQLITE_CONSTRAINT_FOREIGNKEY, 0, MD_ERR_NOTFOUND,
			       err);
}

enum md_status
md_store_contact_draft_remove(struct md_db *db, long long user_id,
			      long long contact_id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_contact_draft_remove, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, contact_id);
	return store_run(db, st, "相談票の下書きの破棄", err);
}
