/* The one writer of meetings, meeting_revisions, meeting_attendees,
 * meeting_persons, meeting_tasks, disclosures and consent_withdrawals
 * (migration 16; issue 19). */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_meeting_insert[] =
	"INSERT INTO meetings (type, basis, held, held_on, place, convener_id,"
	" proposer_agency_id, proposer_user_id, shared, decisions,"
	" lead_agency_id, next_on, revision, user_id, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	" ?15, ?15)";
static const char sql_meeting_update[] =
	"UPDATE meetings SET type = ?1, basis = ?2, held = ?3, held_on = ?4,"
	" place = ?5, convener_id = ?6, proposer_agency_id = ?7,"
	" proposer_user_id = ?8, shared = ?9, decisions = ?10,"
	" lead_agency_id = ?11, next_on = ?12, revision = ?13, user_id = ?14,"
	" updated_at = ?15 WHERE id = ?16";
static const char sql_meeting_revision_insert[] =
	"INSERT INTO meeting_revisions (meeting_id, revision, user_id, at,"
	" data, base_revision, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* Bind the columns of m at 1..15 as both statements number them. */
static void
bind_meeting(sqlite3_stmt *st, const void *row)
{
	const struct md_store_meeting *m = row;
	store_bind_text(st, 1, m->type);
	store_bind_text(st, 2, m->basis);
	sqlite3_bind_int(st, 3, m->held);
	store_bind_text(st, 4, m->held_on);
	store_bind_text(st, 5, m->place);
	sqlite3_bind_int64(st, 6, m->convener_id);
	store_bind_id(st, 7, m->proposer_agency_id);
	store_bind_id(st, 8, m->proposer_user_id);
	store_bind_text(st, 9, m->shared);
	store_bind_text(st, 10, m->decisions);
	store_bind_id(st, 11, m->lead_agency_id);
	store_bind_text(st, 12, m->next_on);
	sqlite3_bind_int(st, 13, m->revision);
	sqlite3_bind_int64(st, 14, m->user_id);
	store_bind_text(st, 15, m->at);
}

static const struct store_versioned meetings = {
	.insert_sql = sql_meeting_insert,
	.update_sql = sql_meeting_update,
	.revision_sql = sql_meeting_revision_insert,
	.id_param = 16,
	.what = "会議の保存",
	.what_revision = "会議の履歴",
	.bind = bind_meeting,
};

enum md_status
md_store_meeting_write(struct md_db *db, long long *id,
		       const struct md_store_meeting *m,
		       const struct md_store_revision_row *rev,
		       struct md_err *err)
{
	return store_versioned_write(db, &meetings, id, m, rev, err);
}

static const char sql_attendee_insert[] =
	"INSERT INTO meeting_attendees (meeting_id, user_id, name, agency_id,"
	" secrecy, created_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

enum md_status
md_store_attendee_insert(struct md_db *db, const struct md_store_attendee *a,
			 long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_attendee_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, a->meeting_id);
	store_bind_id(st, 2, a->user_id);
	store_bind_text(st, 3, a->name ? a->name : "");
	store_bind_id(st, 4, a->agency_id);
	sqlite3_bind_int(st, 5, a->secrecy);
	sqlite3_bind_int64(st, 6, a->created_by);
	store_bind_text(st, 7, a->at);
	return store_new_id(db, store_run(db, st, "出席者の保存", err), id);
}

static const char sql_meeting_person_insert[] =
	"INSERT INTO meeting_persons (meeting_id, person_id, basis, basis_text,"
	" note, created_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

enum md_status
md_store_meeting_person_insert(struct md_db *db,
			       const struct md_store_meeting_person *p,
			       long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_meeting_person_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, p->meeting_id);
	sqlite3_bind_int64(st, 2, p->person_id);
	store_bind_text(st, 3, p->basis);
	store_bind_text(st, 4, p->basis_text);
	store_bind_text(st, 5, p->note ? p->note : "");
	sqlite3_bind_int64(st, 6, p->created_by);
	store_bind_text(st, 7, p->at);
	return store_new_id(db,
			    store_run_clash(db, st, "検討した本人の保存",
					    SQLITE_CONSTRAINT_UNIQUE, 0,
					    MD_ERR_EXISTS, err),
			    id);
}

static const char sql_task_insert[] =
	"INSERT INTO meeting_tasks (meeting_id, what, owner, agency_id, due_on,"
	" created_by, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_task_done[] =
	"UPDATE meeting_tasks SET done_on = ?2 WHERE id = ?1"
	" AND done_on IS NULL";

enum md_status
md_store_task_insert(struct md_db *db, const struct md_store_task *t,
		     long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_task_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, t->meeting_id);
	store_bind_text(st, 2, t->what);
	store_bind_text(st, 3, t->owner);
	store_bind_id(st, 4, t->agency_id);
	store_bind_text(st, 5, t->due_on);
	sqlite3_bind_int64(st, 6, t->created_by);
	store_bind_text(st, 7, t->at);
	return store_new_id(db, store_run(db, st, "役割分担の保存", err), id);
}

enum md_status
md_store_task_done(struct md_db *db, long long id, const char *done_on,
		   struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_task_done, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, done_on);
	return store_run(db, st, "役割分担の完了", err);
}

static const char sql_disclosure_insert[] =
	"INSERT INTO disclosures (person_id, what, meeting_id, agency_id,"
	" to_text, basis, on_day, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	" ?7, ?8, ?9)";

enum md_status
md_store_disclosure_insert(struct md_db *db,
			   const struct md_store_disclosure *d,
			   struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_disclosure_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, d->person_id);
	store_bind_text(st, 2, d->what);
	store_bind_id(st, 3, d->meeting_id);
	store_bind_id(st, 4, d->agency_id);
	store_bind_text(st, 5, d->to_text);
	store_bind_text(st, 6, d->basis);
	store_bind_text(st, 7, d->on_day);
	sqlite3_bind_int64(st, 8, d->user_id);
	store_bind_text(st, 9, d->at);
	return store_run(db, st, "提供記録の保存", err);
}

static const char sql_withdrawal_insert[] =
	"INSERT INTO consent_withdrawals (person_id, withdrawn_on, note,"
	" user_id, at) VALUES (?1, ?2, ?3, ?4, ?5)";

enum md_status
md_store_consent_withdrawal_insert(struct md_db *db, long long person_id,
				   const char *withdrawn_on, const char *note,
				   long long user_id, const char *at,
				   long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_withdrawal_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, person_id);
	store_bind_text(st, 2, withdrawn_on);
	store_bind_text(st, 3, note ? note : "");
	sqlite3_bind_int64(st, 4, user_id);
	store_bind_text(st, 5, at);
	return store_new_id(db, store_run(db, st, "同意の撤回の保存", err), id);
}
