/* The one writer of households, household_revisions, household_members and
 * household_member_revisions. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_household_insert[] =
	"INSERT INTO households (label, issues, note, revision, created_at,"
	" updated_at, eligibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8)";
static const char sql_household_update[] =
	"UPDATE households SET label = ?1, issues = ?2, note = ?3,"
	" revision = ?4, updated_at = ?6, eligibility = ?8 WHERE id = ?7";

/* Bind h at 1..6 and 8 as both statements number them (?5 only the
 * insert's). */
static void
bind_household(sqlite3_stmt *st, const struct md_store_household *h,
	       bool insert)
{
	store_bind_text(st, 1, h->label ? h->label : "");
	store_bind_text(st, 2, h->issues ? h->issues : "");
	store_bind_text(st, 3, h->note ? h->note : "");
	sqlite3_bind_int(st, 4, h->revision ? h->revision : 1);
	if (insert)
		store_bind_text(st, 5, h->created_at);
	store_bind_text(st, 6, h->updated_at ? h->updated_at : h->created_at);
	store_bind_text(st, 8, h->eligibility ? h->eligibility : "");
}

enum md_status
md_store_household_insert(struct md_db *db, const struct md_store_household *h,
			  long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_household_insert, err);
	if (!st)
		return store_no_stmt(err);
	bind_household(st, h, true);
	return store_new_id(db, store_run(db, st, "世帯の登録", err), id);
}

enum md_status
md_store_household_update(struct md_db *db, long long id,
			  const struct md_store_household *h,
			  struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_household_update, err);
	if (!st)
		return store_no_stmt(err);
	bind_household(st, h, false);
	sqlite3_bind_int64(st, 7, id);
	return store_run(db, st, "世帯の保存", err);
}

static const char sql_household_revision_insert[] =
	"INSERT INTO household_revisions (household_id, revision,"
	" user_id, at, data, base_revision, changed)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

enum md_status
md_store_household_revision_insert(struct md_db *db,
				   const struct md_store_revision_row *r,
				   struct md_err *err)
{
	return store_revision_row(db, sql_household_revision_insert, r->id, r,
				  "世帯の履歴", err);
}

static const char sql_member_insert[] =
	"INSERT INTO household_members (household_id, person_id, label,"
	" birth_date, birth_estimated, relation, living, moved_in_on,"
	" reason_in, moved_out_on, reason_out, needs_support, departments,"
	" note, revision, updated_at, created_at, disabled, poverty)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	" ?15, ?16, ?17, ?19, ?20)";
static const char sql_member_update[] =
	"UPDATE household_members SET household_id = ?1, person_id = ?2,"
	" label = ?3, birth_date = ?4, birth_estimated = ?5, relation = ?6,"
	" living = ?7, moved_in_on = ?8, reason_in = ?9, moved_out_on = ?10,"
	" reason_out = ?11, needs_support = ?12, departments = ?13, note = ?14,"
	" revision = ?15, updated_at = ?16, disabled = ?19, poverty = ?20"
	" WHERE id = ?18";

/* Bind m at 1..16, 19 and 20 (and 17, created_at, for the insert). */
static void
bind_member(sqlite3_stmt *st, const struct md_store_member *m, bool insert)
{
	sqlite3_bind_int64(st, 1, m->household_id);
	store_bind_id(st, 2, m->person_id);
	store_bind_text(st, 3, m->label ? m->label : "");
	store_bind_text(st, 4, m->birth_date);
	sqlite3_bind_int(st, 5, m->birth_estimated);
	store_bind_text(st, 6, m->relation);
	store_bind_text(st, 7, m->living);
	store_bind_text(st, 8, m->moved_in_on);
	store_bind_text(st, 9, m->reason_in ? m->reason_in : "");
	store_bind_text(st, 10, m->moved_out_on);
	store_bind_text(st, 11, m->reason_out ? m->reason_out : "");
	sqlite3_bind_int(st, 12, m->needs_support);
	store_bind_text(st, 13, m->departments ? m->departments : "");
	store_bind_text(st, 14, m->note ? m->note : "");
	sqlite3_bind_int(st, 15, m->revision ? m->revision : 1);
	store_bind_text(st, 16, m->updated_at);
	sqlite3_bind_int(st, 19, m->disabled);
	sqlite3_bind_int(st, 20, m->poverty);
	if (insert)
		store_bind_text(st, 17,
				m->created_at ? m->created_at : m->updated_at);
}

enum md_status
md_store_member_insert(struct md_db *db, const struct md_store_member *m,
		       long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_member_insert, err);
	if (!st)
		return store_no_stmt(err);
	bind_member(st, m, true);
	return store_new_id(db,
			    store_run_clash(db, st, "世帯員の登録",
					    SQLITE_CONSTRAINT_UNIQUE, 0,
					    MD_ERR_EXISTS, err),
			    id);
}

enum md_status
md_store_member_update(struct md_db *db, long long id,
		       const struct md_store_member *m, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_member_update, err);
	if (!st)
		return store_no_stmt(err);
	bind_member(st, m, false);
	sqlite3_bind_int64(st, 18, id);
	return store_run_clash(db, st, "世帯員の保存", SQLITE_CONSTRAINT_UNIQUE,
			       0, MD_ERR_EXISTS, err);
}

static const char sql_member_revision_insert[] =
	"INSERT INTO household_member_revisions (member_id, revision,"
	" user_id, at, data, base_revision, changed)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

enum md_status
md_store_member_revision_insert(struct md_db *db,
				const struct md_store_revision_row *r,
				struct md_err *err)
{
	return store_revision_row(db, sql_member_revision_insert, r->id, r,
				  "世帯員の履歴", err);
}
