/* The one writer of cases. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_case_insert_new[] =
	"INSERT INTO cases (person_id, staff_id, opened_on, created_at,"
	" updated_at, office_id) VALUES (?1, ?2, ?3, ?4, ?4, ?5)";

enum md_status
md_store_case_insert_new(struct md_db *db, long long person_id,
			 long long staff_id, long long office_id,
			 const char *opened_on, const char *at, long long *id,
			 struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_case_insert_new, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, person_id);
	store_bind_id(st, 2, staff_id);
	store_bind_text(st, 3, opened_on);
	store_bind_text(st, 4, at);
	store_bind_id(st, 5, office_id);
	return store_new_id(db, store_run(db, st, "ケースの作成", err), id);
}

static const char sql_case_insert[] =
	"INSERT INTO cases (person_id, status, stage, staff_id, opened_on,"
	" closed_on, close_reason, plan_decided_on, next_eval_on, follow_up_on,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	" ?10, ?11, ?12)";

enum md_status
md_store_case_insert(struct md_db *db, const struct md_store_case *c,
		     long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_case_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, c->person_id);
	store_bind_text(st, 2, c->closed ? "closed" : "open");
	store_bind_text(st, 3, c->stage);
	store_bind_id(st, 4, c->staff_id);
	store_bind_text(st, 5, c->opened_on);
	store_bind_text(st, 6, c->closed_on);
	store_bind_text(st, 7, c->close_reason);
	store_bind_text(st, 8, c->plan_decided_on);
	store_bind_text(st, 9, c->next_eval_on);
	store_bind_text(st, 10, c->follow_up_on);
	store_bind_text(st, 11, c->created_at);
	store_bind_text(st, 12, c->updated_at);
	return store_new_id(db, store_run(db, st, "ケースの登録", err), id);
}

/* A NULL day or reason of closing keeps the case's own. */
static const char sql_case_flow[] =
	"UPDATE cases SET stage = ?2, status = ?3,"
	" closed_on = CASE WHEN ?3 = 'closed' THEN coalesce(?4, closed_on) END,"
	" close_reason = CASE WHEN ?3 = 'closed' THEN coalesce(?5, close_reason) END,"
	" plan_decided_on = ?6, next_eval_on = ?7, follow_up_on = ?8,"
	" updated_at = ?9 WHERE id = ?1";

enum md_status
md_store_case_flow_update(struct md_db *db, long long case_id,
			  const struct md_store_case_flow *f,
			  struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_case_flow, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, case_id);
	store_bind_text(st, 2, f->stage);
	store_bind_text(st, 3, f->closed ? "closed" : "open");
	if (f->closed) {
		store_bind_text(st, 4, f->closed_on);
		store_bind_text(st, 5, f->close_reason);
	}
	store_bind_text(st, 6, f->plan_decided_on);
	store_bind_text(st, 7, f->next_eval_on);
	store_bind_text(st, 8, f->follow_up_on);
	store_bind_text(st, 9, f->updated_at);
	return store_run(db, st, "ケースの更新", err);
}

static const char sql_case_stage[] = "UPDATE cases SET stage = ?2 WHERE id = ?1";

enum md_status
md_store_case_set_stage(struct md_db *db, long long case_id, const char *stage,
			struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_case_stage, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, case_id);
	store_bind_text(st, 2, stage);
	return store_run(db, st, "ケースの作成", err);
}

static const char sql_case_reopen[] =
	"UPDATE cases SET status = 'open', closed_on = NULL, close_reason = NULL,"
	" stage = ?3, updated_at = ?2 WHERE id = ?1";

enum md_status
md_store_case_reopen(struct md_db *db, long long case_id, const char *stage,
		     const char *updated_at, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_case_reopen, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, case_id);
	store_bind_text(st, 2, updated_at);
	store_bind_text(st, 3, stage);
	return store_run(db, st, "ケースの再開", err);
}

static const char sql_case_opened_on[] =
	"UPDATE cases SET opened_on = ?2 WHERE id = ?1 AND opened_on IS NOT ?2";

enum md_status
md_store_case_set_opened_on(struct md_db *db, long long case_id,
			    const char *day, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_case_opened_on, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, case_id);
	store_bind_text(st, 2, day);
	return store_run(db, st, "受付日の更新", err);
}

static const char sql_case_office[] =
	"UPDATE cases SET office_id = ?2 WHERE id = ?1";

enum md_status
md_store_case_set_office(struct md_db *db, long long case_id,
			 long long office_id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_case_office, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, case_id);
	store_bind_id(st, 2, office_id);
	return store_run(db, st, "ケースの事業所", err);
}
