/* The one writer of workflow_events. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_event_insert[] =
	"INSERT INTO workflow_events (case_id, step, outcome, reason, agency,"
	" follow_up_on, record_id, record_revision, user_id, at, done_on,"
	" method, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" coalesce(?12, ''), coalesce(?13, ''))";

enum md_status
md_store_event_insert(struct md_db *db, const struct md_store_event *e,
		      long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_event_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, e->case_id);
	store_bind_text(st, 2, e->step);
	store_bind_text(st, 3, e->outcome ? e->outcome : "");
	store_bind_text(st, 4, e->reason ? e->reason : "");
	store_bind_text(st, 5, e->agency ? e->agency : "");
	store_bind_text(st, 6, e->follow_up_on);
	if (e->record_id) {
		sqlite3_bind_int64(st, 7, e->record_id);
		sqlite3_bind_int(st, 8, e->record_revision);
	}
	sqlite3_bind_int64(st, 9, e->user_id);
	store_bind_text(st, 10, e->at);
	store_bind_text(st, 11, e->done_on);
	store_bind_text(st, 12, e->method);
	store_bind_text(st, 13, e->note);
	return store_new_id(db, store_run(db, st, "手順の記録", err), id);
}
