/* Referrals (つなぎ・取次ぎ) to an exact next place, their follow-ups and
 * the 案内票: 000 第3条(1)ア「電話又はオンラインで取り次ぎ、次回の相談先を
 * 正確に案内する」; 001 第9条(5)イ, (9)エ; 004 §2(2). */
#include "madoguchi/referrals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/wareki.h"

/* md_value_normalize_as with the options of l (NULL: none). */
static char *
norm(struct md_db *db, const char *code, const char *label,
     enum md_field_type type, const struct md_choices *l, long long max,
     const char *typed, struct md_values *faults, enum md_status *fatal)
{
	return md_value_normalize_as(db, code, label, type, l ? l->items : NULL,
				     l ? l->n : 0, max, typed, faults, fatal);
}

/* A fault under code unless it has one. */
static void
fault(struct md_values *faults, const char *code, const char *msg)
{
	if (!md_values_get(faults, code))
		md_values_set(faults, code, msg, NULL);
}

static const char sql_contact_when[] =
	"SELECT contact_on, contact_time, coalesce(case_id, 0),"
	" coalesce(person_id, 0) FROM contacts WHERE id = ?1";

void
md_referral_fini(struct md_referral *r)
{
	char **s[] = {&r->agency,
		      &r->agency_kind,
		      &r->agency_address,
		      &r->agency_hours,
		      &r->desk,
		      &r->person_in_charge,
		      &r->phone,
		      &r->method,
		      &r->referred_on,
		      &r->appointment_on,
		      &r->appointment_time,
		      &r->bring,
		      &r->note,
		      &r->follow_up_on,
		      &r->result,
		      &r->result_note,
		      &r->result_on,
		      &r->who,
		      &r->staff};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		md_free(*s[i]);
	memset(r, 0, sizeof *r);
}

void
md_referrals_free(struct md_referral *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_referral_fini(&r[i]);
	md_free(r);
}

#define REFERRAL_SELECT                                                        \
	"SELECT r.id, r.revision, coalesce(r.contact_id, 0),"                  \
	" coalesce(r.case_id, 0), r.agency_id, a.name, a.kind, a.address,"     \
	" a.hours, a.provisional, r.desk, r.person_in_charge, r.phone,"        \
	" r.method, r.referred_on, coalesce(r.appointment_on, ''),"            \
	" r.appointment_time, r.bring, r.note,"                                \
	" coalesce(r.follow_up_on, ''), r.result, r.result_note,"              \
	" coalesce(r.result_on, ''),"                                          \
	" coalesce(p.name, pc.name, '匿名(' || c.description || ')', ''),"   \
	" coalesce(u.display_name, ''), r.user_id"                             \
	" FROM referrals r JOIN agencies a ON a.id = r.agency_id"              \
	" LEFT JOIN contacts c ON c.id = r.contact_id"                         \
	" LEFT JOIN persons p ON p.id = c.person_id"                           \
	" LEFT JOIN cases k ON k.id = r.case_id"                               \
	" LEFT JOIN persons pc ON pc.id = k.person_id"                         \
	" LEFT JOIN users u ON u.id = r.user_id"

static const char sql_referral_get[] = REFERRAL_SELECT " WHERE r.id = ?1";
static const char sql_referrals_of[] = REFERRAL_SELECT
	" WHERE (?1 <> 0 AND r.contact_id = ?1)"
	" OR (?2 <> 0 AND r.case_id = ?2) ORDER BY r.id";

/* Read the current row of st into r. */
static enum md_status
referral_row(sqlite3_stmt *st, struct md_referral *r, struct md_err *err)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->revision = sqlite3_column_int(st, 1);
	r->contact_id = sqlite3_column_int64(st, 2);
	r->case_id = sqlite3_column_int64(st, 3);
	r->agency_id = sqlite3_column_int64(st, 4);
	r->agency_provisional = sqlite3_column_int(st, 9) != 0;
	char **s[] = {&r->agency, &r->agency_kind, &r->agency_address,
		      &r->agency_hours};
	for (int i = 0; i < 4; i++)
		*s[i] = md_db_column_dup(st, 5 + i);
	char **t[] = {&r->desk,
		      &r->person_in_charge,
		      &r->phone,
		      &r->method,
		      &r->referred_on,
		      &r->appointment_on,
		      &r->appointment_time,
		      &r->bring,
		      &r->note,
		      &r->follow_up_on,
		      &r->result,
		      &r->result_note,
		      &r->result_on,
		      &r->who,
		      &r->staff};
	for (int i = 0; i < 15; i++)
		*t[i] = md_db_column_dup(st, 10 + i);
	r->user_id = sqlite3_column_int64(st, 25);
	for (int i = 0; i < 4; i++)
		if (!*s[i])
			return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (int i = 0; i < 15; i++)
		if (!*t[i])
			return md_err_set(err, MD_ERR_NOMEM, NULL);
	return MD_OK;
}

/* Referral id without audit. */
static enum md_status
referral_load(struct md_db *db, long long id, struct md_referral *out,
	      struct md_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = md_db_stmt(db, sql_referral_get, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	enum md_status rc = src == SQLITE_ROW ? referral_row(st, out, err)
			    : src == SQLITE_DONE
				    ? md_err_set(err, MD_ERR_NOTFOUND,
						 "つなぎ %lld はありません", id)
				    : md_db_fail(db, src, "つなぎの読み込み",
						 err);
	sqlite3_reset(st);
	if (rc != MD_OK)
		md_referral_fini(out);
	return rc;
}

enum md_status
md_referral_get(struct md_db *db, const struct md_user *actor, long long id,
		struct md_referral *out, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "つなぎの閲覧",
					    err);
	if (rc != MD_OK || (rc = referral_load(db, id, out, err)) != MD_OK)
		return rc;
	char *detail = md_asprintf("つなぎ %lld の閲覧", id);
	rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, out->case_id, 0, detail,
			  err);
	md_free(detail);
	if (rc != MD_OK)
		md_referral_fini(out);
	return rc;
}

enum md_status
md_referrals_of(struct md_db *db, long long contact_id, long long case_id,
		struct md_referral **out, size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql_referrals_of, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, contact_id);
	sqlite3_bind_int64(st, 2, case_id);
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_referral *p = md_realloc(*out, (*n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		*out = p;
		rc = referral_row(st, &p[(*n)++], err);
		if (rc != MD_OK)
			break;
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "つなぎの一覧", err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		md_referrals_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* The JSON of a referral row's values, for its revision. */
static char *
referral_json(const struct md_store_referral *r)
{
	struct md_values v;
	md_values_init(&v);
	char num[32], contact[32] = "", kase[32] = "";
	snprintf(num, sizeof num, "%lld", r->agency_id);
	if (r->contact_id)
		snprintf(contact, sizeof contact, "%lld", r->contact_id);
	if (r->case_id)
		snprintf(kase, sizeof kase, "%lld", r->case_id);
	const struct {
		const char *key, *value;
	} kv[] = {{"agency_id", num},
		  {"contact_id", contact},
		  {"case_id", kase},
		  {"desk", r->desk},
		  {"person_in_charge", r->person_in_charge},
		  {"phone", r->phone},
		  {"method", r->method},
		  {"referred_on", r->referred_on},
		  {"appointment_on", r->appointment_on},
		  {"appointment_time", r->appointment_time},
		  {"bring", r->bring},
		  {"note", r->note},
		  {"follow_up_on", r->follow_up_on},
		  {"result", r->result},
		  {"result_note", r->result_note},
		  {"result_on", r->result_on}};
	for (size_t i = 0; i < sizeof kv / sizeof *kv; i++)
		if (kv[i].value && *kv[i].value)
			md_values_set(&v, kv[i].key, kv[i].value, NULL);
	struct md_buf b;
	md_buf_init(&b);
	md_values_to_json(&v, &b);
	md_values_fini(&v);
	return md_buf_take(&b);
}

/* The row of referral r as it stands, at its next revision made at `at`
 * (the caller changes what the revision changes). Borrows r's strings. */
static struct md_store_referral
next_row(const struct md_referral *r, const char *at)
{
	return (struct md_store_referral){
		.revision = r->revision + 1,
		.contact_id = r->contact_id,
		.case_id = r->case_id,
		.agency_id = r->agency_id,
		.desk = r->desk,
		.person_in_charge = r->person_in_charge,
		.phone = r->phone,
		.method = r->method,
		.referred_on = r->referred_on,
		.appointment_on = *r->appointment_on ? r->appointment_on : NULL,
		.appointment_time = r->appointment_time,
		.bring = r->bring,
		.note = r->note,
		.follow_up_on = *r->follow_up_on ? r->follow_up_on : NULL,
		.result = r->result,
		.result_note = r->result_note,
		.result_on = *r->result_on ? r->result_on : NULL,
		.user_id = r->user_id, /* who referred, whoever revises */
		.at = at,
	};
}

/* Write r as referral *id (new when 0) with its revision r->revision,
 * made by user_id at r->at, changed the JSON array of the codes changed. */
static enum md_status
referral_write(struct md_db *db, long long *id,
	       const struct md_store_referral *r, long long user_id,
	       const char *changed, struct md_err *err)
{
	char *json = referral_json(r);
	if (!json)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	struct md_store_revision_row row = {.revision = r->revision,
					    .base_revision = r->revision - 1,
					    .user_id = user_id,
					    .at = r->at,
					    .data = json,
					    .changed = changed};
	enum md_status rc = md_store_referral_write(db, id, r, &row, err);
	md_free(json);
	return rc;
}

enum md_status
md_referral_add(struct md_db *db, const struct md_user *actor,
		const struct md_contact_defs *defs,
		const struct md_referral_in *in, long long *id,
		struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	md_values_init(&scratch);
	if (!faults)
		faults = &scratch;
	md_values_clear(faults);
	enum md_status rc = md_auth_require(db, actor, false, "つなぎの記録",
					    err);
	if (rc != MD_OK) {
		md_values_fini(&scratch);
		return rc;
	}
	/* What it belongs to: a contact (its day and time), or a case. */
	char *contact_on = NULL, *contact_time = NULL;
	long long case_id = in->case_id, person_id = 0;
	if (in->contact_id) {
		sqlite3_stmt *st = md_db_stmt(db, sql_contact_when, err);
		if (!st) {
			md_values_fini(&scratch);
			return err->status;
		}
		sqlite3_bind_int64(st, 1, in->contact_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			contact_on = md_db_column_dup(st, 0);
			contact_time = md_db_column_dup(st, 1);
			if (!case_id)
				case_id = sqlite3_column_int64(st, 2);
			person_id = sqlite3_column_int64(st, 3);
		}
		sqlite3_reset(st);
		if (!contact_on)
			fault(faults, "contact",
			      "つなぎの元の相談票がありません");
	} else if (!in->case_id) {
		fault(faults, "contact", "つなぎには相談票かケースが必要です");
	}
	if (in->case_id) {
		struct md_case k;
		struct md_err e;
		if (md_case_load(db, in->case_id, &k, &e) == MD_OK) {
			person_id = person_id ? person_id : k.person_id;
			md_case_fini(&k);
		} else {
			fault(faults, "case", e.msg);
		}
	}
	/* The agency: of the catalogue (a 仮登録 one too). */
	struct md_agency ag;
	memset(&ag, 0, sizeof ag);
	if (!in->agency || !*in->agency) {
		fault(faults, "agency", "つなぎ先(関係機関)を入力してください");
	} else {
		struct md_err e;
		enum md_status s = md_agency_find(db, in->agency, &ag, &e);
		if (s == MD_ERR_INVALID)
			fault(faults, "agency", e.msg);
		else if (s != MD_OK)
			rc = md_err_set(err, s, "%s", e.msg);
	}
	enum md_status fatal = MD_OK;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	char *method = norm(db, "method", "つなぎ方", MD_FIELD_CHOICE,
			    &defs->handovers, 0, in->method, faults, &fatal);
	if (method && !*method)
		fault(faults, "method",
		      "つなぎ方(電話で取次ぎ・同行など)を選んでください");
	const char *day = in->date && *in->date ? in->date
			  : contact_on          ? contact_on
						: today;
	char *on = norm(db, "date", "つないだ日", MD_FIELD_DATE, NULL, 0, day,
			faults, &fatal);
	char *ap = norm(db, "appointment_date", "予約日", MD_FIELD_DATE, NULL,
			0, in->appointment_date, faults, &fatal);
	char *at = norm(db, "appointment_time", "予約時刻", MD_FIELD_TIME, NULL,
			0, in->appointment_time, faults, &fatal);
	char *fu = norm(db, "follow_up_on", "フォローアップ予定日",
			MD_FIELD_DATE, NULL, 0, in->follow_up, faults, &fatal);
	char *desk = norm(db, "desk", "窓口", MD_FIELD_TEXT, NULL, 100,
			  in->desk && *in->desk ? in->desk : ag.desk, faults,
			  &fatal);
	char *pic = norm(db, "person_in_charge", "担当者", MD_FIELD_TEXT, NULL,
			 100, in->person_in_charge, faults, &fatal);
	char *phone = norm(db, "phone", "電話", MD_FIELD_TEXT, NULL, 50,
			   in->phone && *in->phone ? in->phone : ag.phone,
			   faults, &fatal);
	char *bring = norm(db, "bring", "持ち物", MD_FIELD_TEXT, NULL, 200,
			   in->bring, faults, &fatal);
	char *note = norm(db, "note", "メモ", MD_FIELD_TEXTAREA, NULL, 4000,
			  in->note, faults, &fatal);
	if (on && *on && strcmp(on, today) > 0)
		fault(faults, "date", "つないだ日は今日より先にできません");
	if (on && contact_on && strcmp(on, contact_on) < 0)
		fault(faults, "date",
		      "つないだ日は相談票の日付より前にできません");
	/* 000 第3条(1)ア: the next place at a time that can still come. */
	if (ap && *ap && contact_on &&
	    (strcmp(ap, contact_on) < 0 ||
	     (!strcmp(ap, contact_on) && at && *at && contact_time &&
	      *contact_time && strcmp(at, contact_time) < 0)))
		fault(faults, "appointment_date",
		      "予約日時は相談を受けた日時より前にできません");
	else if (ap && *ap && on && *on && strcmp(ap, on) < 0)
		fault(faults, "appointment_date",
		      "予約日はつないだ日より前にできません");
	if (at && *at && ap && !*ap)
		fault(faults, "appointment_date",
		      "予約時刻には予約日が必要です");
	if (fu && *fu && on && *on && strcmp(fu, on) < 0)
		fault(faults, "follow_up_on",
		      "フォローアップ予定日はつないだ日より前にできません");
	if (rc == MD_OK && fatal != MD_OK)
		rc = md_err_set(err, fatal, NULL);
	if (rc == MD_OK && faults->n)
		rc = md_err_set(err, MD_ERR_INVALID, "%s",
				faults->items[0].value);
	long long rid = 0;
	if (rc == MD_OK && (rc = md_db_begin(db, err)) == MD_OK) {
		char now[MD_TIMESTAMP_SIZE];
		md_clock_timestamp(now);
		struct md_store_referral row = {
			.revision = 1,
			.contact_id = in->contact_id,
			.case_id = case_id,
			.agency_id = ag.id,
			.desk = desk,
			.person_in_charge = pic,
			.phone = phone,
			.method = method,
			.referred_on = on,
			.appointment_on = *ap ? ap : NULL,
			.appointment_time = at,
			.bring = bring,
			.note = note,
			.follow_up_on = *fu ? fu : NULL,
			.result = "",
			.result_note = "",
			.result_on = NULL,
			.user_id = actor->id,
			.at = now,
		};
		rc = referral_write(db, &rid, &row, actor->id, "[]", err);
		if (rc == MD_OK) {
			char *detail = md_asprintf("つなぎ %lld: %s(%s)%s%s",
						   rid, ag.name, method,
						   ag.provisional ? " 仮登録"
								  : "",
						   in->contact_id ? "" : "");
			rc = md_audit_add(db, actor->id, MD_AUDIT_REFER,
					  case_id, person_id, detail, err);
			md_free(detail);
		}
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	if (rc == MD_OK && id)
		*id = rid;
	char *owned[] = {contact_on, contact_time, method, on,    ap,    at,
			 fu,         desk,         pic,    phone, bring, note};
	for (size_t i = 0; i < sizeof owned / sizeof *owned; i++)
		md_free(owned[i]);
	md_agency_fini(&ag);
	md_values_fini(&scratch);
	return rc;
}

enum md_status
md_referral_follow_up(struct md_db *db, const struct md_user *actor,
		      const struct md_contact_defs *defs, long long id,
		      const char *result, const char *note, const char *date,
		      struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	md_values_init(&scratch);
	if (!faults)
		faults = &scratch;
	md_values_clear(faults);
	enum md_status rc = md_auth_require(db, actor, false,
					    "フォローアップの記録", err);
	struct md_referral r;
	memset(&r, 0, sizeof r);
	if (rc != MD_OK || (rc = referral_load(db, id, &r, err)) != MD_OK) {
		md_values_fini(&scratch);
		return rc;
	}
	/* 001 第9条(5)イ: only a follow-up that is due is recorded here. */
	if (!*r.follow_up_on)
		fault(faults, "follow_up_on",
		      *r.result
			      ? "このつなぎのフォローアップは記録済みです(予定されているフォローアップはありません)"
			      : "このつなぎにはフォローアップの予定がありません");
	enum md_status fatal = MD_OK;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	char *res = norm(db, "result", "フォローアップの結果", MD_FIELD_CHOICE,
			 &defs->results, 0, result, faults, &fatal);
	if (res && !*res)
		fault(faults, "result", "フォローアップの結果を選んでください");
	char *on = norm(db, "date", "確かめた日", MD_FIELD_DATE, NULL, 0,
			date && *date ? date : today, faults, &fatal);
	char *nt = norm(db, "note", "メモ", MD_FIELD_TEXTAREA, NULL, 4000, note,
			faults, &fatal);
	if (on && strcmp(on, today) > 0)
		fault(faults, "date", "確かめた日は今日より先にできません");
	else if (on && strcmp(on, r.referred_on) < 0)
		fault(faults, "date",
		      "確かめた日はつないだ日より前にできません");
	rc = fatal != MD_OK ? md_err_set(err, fatal, NULL)
	     : faults->n    ? md_err_set(err, MD_ERR_INVALID, "%s",
					 faults->items[0].value)
			    : MD_OK;
	if (rc == MD_OK && (rc = md_db_begin(db, err)) == MD_OK) {
		char now[MD_TIMESTAMP_SIZE];
		md_clock_timestamp(now);
		struct md_store_referral row = next_row(&r, now);
		row.follow_up_on = NULL; /* cleared: the case stays as it is */
		row.result = res;
		row.result_note = nt;
		row.result_on = on;
		long long rid = id;
		rc = referral_write(db, &rid, &row, actor->id,
				    "[\"follow_up_on\",\"result\","
				    "\"result_note\",\"result_on\"]",
				    err);
		if (rc == MD_OK) {
			char *detail =
				md_asprintf("つなぎ %lld のフォローアップ: %s",
					    id, res);
			rc = md_audit_add(db, actor->id, MD_AUDIT_FOLLOW_UP,
					  r.case_id, 0, detail, err);
			md_free(detail);
		}
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	md_free(res);
	md_free(on);
	md_free(nt);
	md_referral_fini(&r);
	md_values_fini(&scratch);
	return rc;
}

/* ---- due ---- */

void
md_referral_dues_free(struct md_referral_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(d[i].who);
		md_free(d[i].agency);
		md_free(d[i].staff);
		md_free(d[i].due_on);
	}
	md_free(d);
}

static const char sql_due[] =
	"SELECT r.id, coalesce(r.contact_id, 0), coalesce(r.case_id, 0),"
	" coalesce(p.name, pc.name, '匿名(' || c.description || ')', ''),"
	" a.name, coalesce(u.display_name, ''), r.follow_up_on,"
	" r.follow_up_on < ?1"
	" FROM referrals r JOIN agencies a ON a.id = r.agency_id"
	" LEFT JOIN contacts c ON c.id = r.contact_id"
	" LEFT JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN cases k ON k.id = r.case_id"
	" LEFT JOIN persons pc ON pc.id = k.person_id"
	" LEFT JOIN users u ON u.id = r.user_id"
	" WHERE r.follow_up_on IS NOT NULL AND r.follow_up_on <= ?2"
	" ORDER BY r.follow_up_on, r.id LIMIT ?3";

enum md_status
md_referral_due(struct md_db *db, const struct md_user *actor, int days,
		int limit, struct md_referral_due **out, size_t *n,
		struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "予定の一覧",
					    err);
	if (rc != MD_OK ||
	    (rc = md_audit_list_view(db, actor->id,
				     "つなぎのフォローアップ予定", err)) !=
		    MD_OK)
		return rc;
	char today[MD_DATE_SIZE], until[MD_DATE_SIZE];
	md_clock_today(today);
	struct md_date d;
	struct md_err e;
	if (md_date_from_iso(today, &d, &e) != MD_OK)
		return md_err_set(err, MD_ERR_INVALID, "%s", e.msg);
	md_date_iso(md_date_from_days(md_date_days(d) + days), until);
	sqlite3_stmt *st = md_db_stmt(db, sql_due, err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, until, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_referral_due *p = md_realloc(*out,
						       (*n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		*out = p;
		struct md_referral_due *x = &p[(*n)++];
		x->referral_id = sqlite3_column_int64(st, 0);
		x->contact_id = sqlite3_column_int64(st, 1);
		x->case_id = sqlite3_column_int64(st, 2);
		x->who = md_db_column_dup(st, 3);
		x->agency = md_db_column_dup(st, 4);
		x->staff = md_db_column_dup(st, 5);
		x->due_on = md_db_column_dup(st, 6);
		x->overdue = sqlite3_column_int(st, 7) != 0;
		if (!x->who || !x->agency || !x->staff || !x->due_on) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "つなぎのフォローアップ予定", err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		md_referral_dues_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- 案内票 ---- */

void
md_guide_free(struct md_guide_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_free(rows[i].value);
	md_free(rows);
}

/* The 和暦 of an ISO day ("" stays ""), new string. */
static char *
wareki(const char *iso)
{
	if (!iso || !*iso)
		return md_strdup("");
	char *w = md_display_date(iso, MD_DATE_LONG);
	return w ? w : md_strdup(iso);
}

/* The rows of the 案内票 of r, labelled with the wording of g. NULL when
 * out of memory. */
static struct md_guide_row *
guide_rows(const struct md_guide_texts *g, const struct md_referral *r,
	   size_t *n)
{
	char *ap = wareki(r->appointment_on);
	char *when = ap && *ap ? md_asprintf("%s %s", ap, r->appointment_time)
			       : md_strdup(g->no_appointment);
	char *on = wareki(r->referred_on);
	const struct {
		const char *label, *value;
	} src[] = {
		{g->agency, r->agency},
		{g->desk, r->desk},
		{g->person_in_charge, r->person_in_charge},
		{g->phone, r->phone},
		{g->address, r->agency_address},
		{g->hours, r->agency_hours},
		{g->appointment, when ? md_text_trim(when) : ""},
		{g->bring, r->bring},
		{g->method, r->method},
		{g->referred_on, on ? on : ""},
		{g->staff, r->staff},
	};
	size_t k = sizeof src / sizeof *src;
	struct md_guide_row *rows = md_calloc(k, sizeof *rows);
	bool ok = rows && ap && when && on;
	for (size_t i = 0; ok && i < k; i++) {
		rows[i].label = src[i].label;
		ok = (rows[i].value = md_strdup(src[i].value ? src[i].value
							     : "")) != NULL;
	}
	md_free(ap);
	md_free(when);
	md_free(on);
	if (!ok) {
		md_guide_free(rows, rows ? k : 0);
		return NULL;
	}
	*n = k;
	return rows;
}

enum md_status
md_referral_guide_text(struct md_db *db, const struct md_user *actor,
		       const struct md_contact_defs *defs, long long id,
		       struct md_buf *out, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "案内票の印刷",
					    err);
	struct md_referral r;
	if (rc != MD_OK || (rc = referral_load(db, id, &r, err)) != MD_OK)
		return rc;
	const struct md_guide_texts *g = &defs->guide;
	size_t n = 0;
	struct md_guide_row *rows = guide_rows(g, &r, &n);
	if (!rows) {
		md_referral_fini(&r);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	md_buf_adds(out, g->title);
	if (*g->subtitle)
		md_buf_addf(out, "(%s)", g->subtitle);
	md_buf_adds(out, "\n\n");
	md_buf_adds(out, r.who);
	if (*g->honorific)
		md_buf_addf(out, " %s", g->honorific);
	md_buf_adds(out, "\n\n");
	for (size_t i = 0; i < n; i++)
		md_buf_addf(out, "%s: %s\n", rows[i].label, rows[i].value);
	if (*g->closing)
		md_buf_addf(out, "\n%s\n", g->closing);
	md_guide_free(rows, n);
	if ((rc = md_db_begin(db, err)) == MD_OK) {
		char *detail = md_asprintf("案内票 つなぎ %lld(テキスト)", id);
		rc = md_audit_add(db, actor->id, MD_AUDIT_EXPORT, r.case_id, 0,
				  detail, err);
		md_free(detail);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	md_referral_fini(&r);
	if (rc == MD_OK && !md_buf_ok(out))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	return rc;
}

enum md_status
md_referral_guide_csv(struct md_db *db, const struct md_user *actor,
		      const struct md_contact_defs *defs, long long id,
		      const char *path, const struct md_export_options *opts,
		      struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "案内票の印刷",
					    err);
	struct md_referral r;
	if (rc != MD_OK || (rc = referral_load(db, id, &r, err)) != MD_OK)
		return rc;
	const struct md_guide_texts *g = &defs->guide;
	size_t n = 0;
	struct md_guide_row *rows = guide_rows(g, &r, &n);
	const char **cells = rows ? md_calloc((n + 2) * 2, sizeof *cells)
				  : NULL;
	if (!cells) {
		md_guide_free(rows, rows ? n : 0);
		md_referral_fini(&r);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	cells[0] = g->title;
	cells[1] = g->subtitle;
	cells[2] = g->name;
	cells[3] = r.who;
	for (size_t i = 0; i < n; i++) {
		cells[4 + 2 * i] = rows[i].label;
		cells[5 + 2 * i] = rows[i].value;
	}
	char *what = md_asprintf("案内票 つなぎ %lld", id);
	rc = what ? md_export_table(db, actor, r.case_id, 0, what, cells, n + 2,
				    2, path, opts, err)
		  : md_err_set(err, MD_ERR_NOMEM, NULL);
	md_free(what);
	md_free(cells);
	md_guide_free(rows, n);
	md_referral_fini(&r);
	return rc;
}
