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
	"INSERT INTO referral_revisions (referral_id, revision, base_revision,"
	" user_id, at, data, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_referrals_move_agency[] =
	"UPDATE referrals SET agency_id = ?2 WHERE agency_id = ?1";
static const char sql_referrals_move_case[] =
	"UPDATE referrals SET case_id = ?2 WHERE contact_id = ?1"
	" AND case_id IS NULL";

static void
bind_referral(sqlite3_stmt *st, const struct md_store_referral *r)
{
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

enum md_status
md_store_referral_insert(struct md_db *db, const struct md_store_referral *r,
			 long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_referral_insert, err);
	if (!st)
		return store_no_stmt(err);
	bind_referral(st, r);
	return store_new_id(db, store_run(db, st, "つなぎの保存", err), id);
}

enum md_status
md_store_referral_update(struct md_db *db, long long id,
			 const struct md_store_referral *r, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_referral_update, err);
	if (!st)
		return store_no_stmt(err);
	bind_referral(st, r);
	sqlite3_bind_int64(st, 20, id);
	return store_run(db, st, "つなぎの保存", err);
}

enum md_status
md_store_referral_revision_insert(struct md_db *db,
				  const struct md_store_revision_row *r,
				  struct md_err *err)
{
	return store_revision_row(db, sql_referral_revision_insert, r,
				  "つなぎの履歴", err);
}

enum md_status
md_store_referrals_move_agency(struct md_db *db, long long from, long long to,
			       struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_referrals_move_agency, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	return store_run(db, st, "つなぎ先の付け替え", err);
}

enum md_status
md_store_referrals_join_case(struct md_db *db, long long contact_id,
			     long long case_id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_referrals_move_case, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, contact_id);
	sqlite3_bind_int64(st, 2, case_id);
	return store_run(db, st, "つなぎのケースへの結び付け", err);
}
