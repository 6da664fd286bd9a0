/* The one writer of referrals and referral_revisions. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_referral_insert[] =
	"INSERT INTO referrals (revision, contact_id, case_id, agency_id, desk,"
	" person_in_charge, phone, method, referred_on, appointment_on,"
	" appointment_time, bring, note, follow_up_on, result, result_note,"
	" result_on, user_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4,"
	" ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,"
	" ?19)";
static const char sql_referral_update[] =
	"UPDATE referrals SET revision = ?1, contact_id = ?2, case_id = ?3,"
	" agency_id = ?4, desk = ?5, person_in_charge = ?6, phone = ?7,"
	" method = ?8, referred_on = ?9, appointment_on = ?10,"
	" appointment_time = ?11, bring = ?12, note = ?13, follow_up_on = ?14,"
	" result = ?15, result_note = ?16, result_on = ?17, user_id = ?18,"
	" updated_at = ?19 WHERE id = ?20";
static const char sql_referral_revision_insert[] =
	"INSERT INTO referral_revisions (referral_id, revision, user_id, at,"
	" data, base_revision, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
/* Bind the columns of r at 1..19 as both statements number them. */
static void
bind_referral(sqlite3_stmt *st, const void *row)
{
	const struct md_store_referral *r = row;
	sqlite3_bind_int(st, 1, r->revision);
	store_bind_id(st, 2, r->contact_id);
	store_bind_id(st, 3, r->case_id);
	sqlite3_bind_int64(st, 4, r->agency_id);
	store_bind_text(st, 5, r->desk);
	store_bind_text(st, 6, r->person_in_charge);
	store_bind_text(st, 7, r->phone);
	store_bind_text(st, 8, r->method);
	store_bind_text(st, 9, r->referred_on);
	store_bind_text(st, 10, r->appointment_on);
	store_bind_text(st, 11, r->appointment_time);
	store_bind_text(st, 12, r->bring);
	store_bind_text(st, 13, r->note);
	store_bind_text(st, 14, r->follow_up_on);
	store_bind_text(st, 15, r->result);
	store_bind_text(st, 16, r->result_note);
	store_bind_text(st, 17, r->result_on);
	store_bind_id(st, 18, r->user_id);
	store_bind_text(st, 19, r->at);
}

static const struct store_versioned referrals = {
	.insert_sql = sql_referral_insert,
	.update_sql = sql_referral_update,
	.revision_sql = sql_referral_revision_insert,
	.id_param = 20,
	.what = "つなぎの保存",
	.what_revision = "つなぎの履歴",
	.bind = bind_referral,
};

enum md_status
md_store_referral_write(struct md_db *db, long long *id,
			const struct md_store_referral *r,
			const struct md_store_revision_row *rev,
			struct md_err *err)
{
	return store_versioned_write(db, &referrals, id, r, rev, err);
}

/*
 * A move of referrals, set by set: the next revision of each referral a
 * WHERE selects (?1), its data its last revision's with one value set to ?2
 * (as text, as every value of the JSON is), made by ?3 at ?4, then the
 * rows themselves. The revisions first: the rows still match then.
 */
#define REVISE_SQL(key, where)                                                 \
	"INSERT INTO referral_revisions (referral_id, revision, user_id, at,"  \
	" data, base_revision, changed) SELECT r.id, r.revision + 1, ?3, ?4,"  \
	" json_set(v.data, '$." key "', CAST(?2 AS TEXT)), r.revision,"        \
	" '[\"" key "\"]' FROM referrals r JOIN referral_revisions v"          \
	" ON v.referral_id = r.id AND v.revision = r.revision WHERE " where
#define MOVE_SQL(key, where)                                                   \
	"UPDATE referrals SET " key " = ?2, revision = revision + 1,"          \
	" updated_at = ?4 WHERE " where

static const char sql_revise_agency[] = REVISE_SQL("agency_id",
						   "r.agency_id = ?1");
static const char sql_move_agency[] = MOVE_SQL("agency_id", "agency_id = ?1");
static const char sql_revise_case[] =
	REVISE_SQL("case_id", "r.contact_id = ?1 AND r.case_id IS NULL");
static const char sql_move_case[] =
	MOVE_SQL("case_id", "contact_id = ?1 AND case_id IS NULL");

/* Run revise then move (REVISE_SQL, MOVE_SQL) for key and to; *moved (when
 * not NULL) counts the referrals moved. */
static enum md_status
referrals_move(struct md_db *db, const char *revise, const char *move,
	       long long key, long long to, long long user_id, const char *at,
	       const char *what, size_t *moved, struct md_err *err)
{
	enum md_status rc = MD_OK;
	for (int i = 0; i < 2 && rc == MD_OK; i++) {
		sqlite3_stmt *st = store_stmt(db, i ? move : revise, err);
		if (!st)
			return store_no_stmt(err);
		sqlite3_bind_int64(st, 1, key);
		sqlite3_bind_int64(st, 2, to);
		if (!i)
			store_bind_id(st, 3, user_id);
		store_bind_text(st, 4, at);
		rc = store_run(db, st, what, err);
	}
	if (rc == MD_OK && moved)
		*moved = (size_t)sqlite3_changes(md_db_sqlite(db));
	return rc;
}

enum md_status
md_store_referrals_move_agency(struct md_db *db, long long from, long long to,
			       long long user_id, const char *at, size_t *moved,
			       struct md_err *err)
{
	return referrals_move(db, sql_revise_agency, sql_move_agency, from, to,
			      user_id, at, "つなぎ先の付け替え", moved, err);
}

enum md_status
md_store_referrals_join_case(struct md_db *db, long long contact_id,
			     long long case_id, long long user_id,
			     const char *at, struct md_err *err)
{
	return referrals_move(db, sql_revise_case, sql_move_case, contact_id,
			      case_id, user_id, at,
			      "つなぎのケースへの結び付け", NULL, err);
}
