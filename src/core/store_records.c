/* The one writer of form_records, form_revisions and record_freezes. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_record_insert[] =
	"INSERT INTO form_records (case_id, form, seq, revision, complete,"
	" entry_date, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	" ?7, ?8)";

enum md_status
md_store_record_insert(struct md_db *db, const struct md_store_record *r,
		       long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_record_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, r->case_id);
	store_bind_text(st, 2, r->form);
	sqlite3_bind_int(st, 3, r->seq);
	sqlite3_bind_int(st, 4, r->revision);
	sqlite3_bind_int(st, 5, r->complete);
	store_bind_text(st, 6, r->entry_date);
	store_bind_text(st, 7, r->created_at);
	store_bind_text(st, 8, r->updated_at);
	enum md_status rc = store_run_clash(db, st, "様式の保存",
					    SQLITE_CONSTRAINT_UNIQUE, 0,
					    MD_ERR_EXISTS, err);
	return store_new_id(db, rc, id);
}

static const char sql_record_round[] =
	"INSERT INTO form_records (case_id, form, seq, revision, complete,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0, ?4, ?4)"
	" ON CONFLICT (case_id, form, seq) DO NOTHING";

enum md_status
md_store_record_create_round(struct md_db *db, long long case_id,
			     const char *form, int seq, const char *at,
			     struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_record_round, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, case_id);
	store_bind_text(st, 2, form);
	sqlite3_bind_int(st, 3, seq);
	store_bind_text(st, 4, at);
	return store_run(db, st, "新しい回の様式の準備", err);
}

static const char sql_record_head[] =
	"UPDATE form_records SET revision = ?2, complete = ?3, entry_date = ?4,"
	" updated_at = ?5 WHERE id = ?1";

enum md_status
md_store_record_update_head(struct md_db *db, long long id, int revision,
			    bool complete, const char *entry_date,
			    const char *updated_at, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_record_head, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, revision);
	sqlite3_bind_int(st, 3, complete);
	store_bind_text(st, 4, entry_date);
	store_bind_text(st, 5, updated_at);
	return store_run(db, st, "様式の保存", err);
}

static const char sql_record_appointment[] =
	"UPDATE form_records SET appointment_on = ?2 WHERE id = ?1";

enum md_status
md_store_record_set_appointment(struct md_db *db, long long id, const char *on,
				struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_record_appointment, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, on);
	enum md_status rc = store_run(db, st, "次回予定日の更新", err);
	/* Let go of the text borrowed for the call. */
	sqlite3_clear_bindings(st);
	return rc;
}

static const char sql_revision_insert[] =
	"INSERT INTO form_revisions (record_id, revision, base_revision, user_id,"
	" at, complete, data, changed, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" ?8, ?9)";

enum md_status
md_store_revision_insert(struct md_db *db, const struct md_store_revision *r,
			 struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_revision_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, r->record_id);
	sqlite3_bind_int(st, 2, r->revision);
	sqlite3_bind_int(st, 3, r->base_revision);
	sqlite3_bind_int64(st, 4, r->user_id);
	store_bind_text(st, 5, r->at);
	sqlite3_bind_int(st, 6, r->complete);
	store_bind_text(st, 7, r->data);
	store_bind_text(st, 8, r->changed);
	store_bind_text(st, 9, r->note);
	return store_run(db, st, "様式の保存", err);
}

static const char sql_freezes_clear[] =
	"DELETE FROM record_freezes WHERE record_id IN"
	" (SELECT id FROM form_records WHERE case_id = ?1)";
static const char sql_freeze_put[] =
	"INSERT OR REPLACE INTO record_freezes (record_id, event_id, why)"
	" VALUES (?1, ?2, ?3)";

enum md_status
md_store_freezes_clear(struct md_db *db, long long case_id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_freezes_clear, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, case_id);
	return store_run(db, st, "確定した様式の記録", err);
}

enum md_status
md_store_freeze_put(struct md_db *db, const struct md_store_freeze *z,
		    struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_freeze_put, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, z->record_id);
	sqlite3_bind_int64(st, 2, z->event_id);
	store_bind_text(st, 3, z->why);
	return store_run(db, st, "確定した様式の記録", err);
}

enum md_status
md_store_freezes_replace(struct md_db *db, long long case_id,
			 const struct md_store_freeze *z, size_t n,
			 struct md_err *err)
{
	enum md_status rc = md_store_freezes_clear(db, case_id, err);
	for (size_t i = 0; rc == MD_OK && i < n; i++)
		rc = md_store_freeze_put(db, &z[i], err);
	return rc;
}
