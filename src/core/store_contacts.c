/* The one writer of contacts, contact_revisions and outreach_attempts. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_contact_insert[] =
	"INSERT INTO contacts (revision, contact_on, contact_time, channel, kind,"
	" visit_reason, place, person_id, description, age_band, topics,"
	" response, staff_id, office_id, note, search_key, outreach, route,"
	" case_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20)";
static const char sql_contact_update[] =
	"UPDATE contacts SET revision = ?1, contact_on = ?2, contact_time = ?3,"
	" channel = ?4, kind = ?5, visit_reason = ?6, place = ?7,"
	" person_id = ?8, description = ?9, age_band = ?10, topics = ?11,"
	" response = ?12, staff_id = ?13, office_id = ?14, note = ?15,"
	" search_key = ?16, outreach = ?17, route = ?18, case_id = ?19,"
	" updated_at = ?20 WHERE id = ?21";
static const char sql_contact_revision_insert[] =
	"INSERT INTO contact_revisions (contact_id, revision, base_revision,"
	" user_id, at, data, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_attempt_insert[] =
	"INSERT INTO outreach_attempts (contact_id, done_on, method, result,"
	" note, user_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* Bind the columns of c at 1..20 as both statements number them. */
static void
bind_contact(sqlite3_stmt *st, const struct md_store_contact *c)
{
	sqlite3_bind_int(st, 1, c->revision);
	store_bind_text(st, 2, c->contact_on);
	store_bind_text(st, 3, c->contact_time);
	store_bind_text(st, 4, c->channel);
	store_bind_text(st, 5, c->kind);
	store_bind_text(st, 6, c->visit_reason);
	store_bind_text(st, 7, c->place);
	store_bind_id(st, 8, c->person_id);
	store_bind_text(st, 9, c->description);
	store_bind_text(st, 10, c->age_band);
	store_bind_text(st, 11, c->topics);
	store_bind_text(st, 12, c->response);
	store_bind_id(st, 13, c->staff_id);
	store_bind_id(st, 14, c->office_id);
	store_bind_text(st, 15, c->note);
	store_bind_text(st, 16, c->search_key);
	sqlite3_bind_int(st, 17, c->outreach);
	store_bind_text(st, 18, c->route);
	store_bind_id(st, 19, c->case_id);
	store_bind_text(st, 20, c->at);
}

enum md_status
md_store_contact_insert(struct md_db *db, const struct md_store_contact *c,
			long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_contact_insert, err);
	if (!st)
		return store_no_stmt(err);
	bind_contact(st, c);
	return store_new_id(db, store_run(db, st, "相談票の保存", err), id);
}

enum md_status
md_store_contact_update(struct md_db *db, long long id,
			const struct md_store_contact *c, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_contact_update, err);
	if (!st)
		return store_no_stmt(err);
	bind_contact(st, c);
	sqlite3_bind_int64(st, 21, id);
	return store_run(db, st, "相談票の保存", err);
}

enum md_status
md_store_contact_revision_insert(struct md_db *db,
				 const struct md_store_revision_row *r,
				 struct md_err *err)
{
	return store_revision_row(db, sql_contact_revision_insert, r,
				  "相談票の履歴", err);
}

enum md_status
md_store_attempt_insert(struct md_db *db, const struct md_store_attempt *a,
			long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_attempt_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, a->contact_id);
	store_bind_text(st, 2, a->done_on);
	store_bind_text(st, 3, a->method);
	store_bind_text(st, 4, a->result);
	store_bind_text(st, 5, a->note ? a->note : "");
	store_bind_id(st, 6, a->user_id);
	store_bind_text(st, 7, a->at);
	return store_new_id(db, store_run(db, st, "訪問・連絡の記録", err), id);
}
