/* Meetings: record them, who attended, who was discussed on which basis,
 * the 役割分担, and every disclosure of a person (meetings.h; issue 19).
 * The rules are the types' (forms/meetings.ini) and the one consent check
 * (consent.h); this file names no type. */
#include "madoguchi/meetings.h"

#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/agencies.h"
#include "madoguchi/audit.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/consent.h"
#include "madoguchi/display.h"
#include "madoguchi/households.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/* ---- a meeting's row ---- */

/* A row of meetings with the strings it owns (own[]). */
struct mrow {
	long long id;
	struct md_store_meeting s;
	char *own[8];
	char held_on[MD_DATE_SIZE], next_on[MD_DATE_SIZE];
};

static void
mrow_fini(struct mrow *r)
{
	for (size_t i = 0; i < 8; i++)
		md_free(r->own[i]);
	memset(r, 0, sizeof *r);
}

static const char sql_meeting_load[] =
	"SELECT type, basis, held, held_on, place, convener_id,"
	" coalesce(proposer_agency_id, 0), coalesce(proposer_user_id, 0),"
	" shared, decisions, coalesce(lead_agency_id, 0), coalesce(next_on, ''),"
	" revision FROM meetings WHERE id = ?1";

/* Meeting id into r; MD_ERR_NOTFOUND naming it when there is none. */
static enum md_status
mrow_load(struct md_db *db, long long id, struct mrow *r, struct md_err *err)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *st = md_db_stmt(db, sql_meeting_load, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		r->id = id;
		static const int text_cols[] = {0, 1, 4, 8, 9};
		for (size_t i = 0; i < 5; i++)
			r->own[i] = md_db_column_dup(st, text_cols[i]);
		snprintf(r->held_on, sizeof r->held_on, "%s",
			 (const char *)sqlite3_column_text(st, 3));
		snprintf(r->next_on, sizeof r->next_on, "%s",
			 (const char *)sqlite3_column_text(st, 11));
		r->s.type = r->own[0];
		r->s.basis = r->own[1];
		r->s.held = sqlite3_column_int(st, 2);
		r->s.place = r->own[2];
		r->s.convener_id = sqlite3_column_int64(st, 5);
		r->s.proposer_agency_id = sqlite3_column_int64(st, 6);
		r->s.proposer_user_id = sqlite3_column_int64(st, 7);
		r->s.shared = r->own[3];
		r->s.decisions = r->own[4];
		r->s.lead_agency_id = sqlite3_column_int64(st, 10);
		r->s.revision = sqlite3_column_int(st, 12);
		for (size_t i = 0; i < 5; i++)
			if (!r->own[i])
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	} else if (src == SQLITE_DONE) {
		rc = md_err_set(err, MD_ERR_NOTFOUND,
				"会議番号: 会議 %lld はありません", id);
	} else {
		rc = md_db_fail(db, src, "会議の読み込み", err);
	}
	sqlite3_reset(st);
	r->s.held_on = r->held_on;
	r->s.next_on = *r->next_on ? r->next_on : NULL;
	return rc;
}

/* The whole state of meeting id, its row as r gives it and its lists as
 * stored: the data of its next revision. */
static const char sql_meeting_json[] =
	"SELECT json_object('type', ?2, 'basis', ?3, 'held', ?4, 'held_on', ?5,"
	" 'place', ?6, 'convener_id', ?7, 'proposer_agency_id', ?8,"
	" 'proposer_user_id', ?9, 'shared', ?10, 'decisions', ?11,"
	" 'lead_agency_id', ?12, 'next_on', ?13,"
	" 'attendees', (SELECT json_group_array(json_object('id', id,"
	"  'user_id', user_id, 'name', name, 'agency_id', agency_id,"
	"  'secrecy', secrecy)) FROM meeting_attendees WHERE meeting_id = ?1),"
	" 'persons', (SELECT json_group_array(json_object('person_id',"
	"  person_id, 'basis', basis, 'basis_text', basis_text))"
	"  FROM meeting_persons WHERE meeting_id = ?1),"
	" 'tasks', (SELECT json_group_array(json_object('id', id, 'what', what,"
	"  'owner', owner, 'due_on', due_on, 'done_on', done_on))"
	"  FROM meeting_tasks WHERE meeting_id = ?1))";

static void
bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
bind_id_or_null(sqlite3_stmt *st, int i, long long id)
{
	if (id)
		sqlite3_bind_int64(st, i, id);
}

/* Save r (a new meeting when r->id is 0) at its next revision, by actor,
 * in the caller's transaction. */
static enum md_status
mrow_save(struct md_db *db, const struct md_user *actor, struct mrow *r,
	  const char *changed, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_meeting_json, err);
	if (!st)
		return err->status;
	const struct md_store_meeting *m = &r->s;
	sqlite3_bind_int64(st, 1, r->id);
	bind_text_or_null(st, 2, m->type);
	bind_text_or_null(st, 3, m->basis);
	sqlite3_bind_int(st, 4, m->held);
	bind_text_or_null(st, 5, m->held_on);
	bind_text_or_null(st, 6, m->place);
	sqlite3_bind_int64(st, 7, m->convener_id);
	bind_id_or_null(st, 8, m->proposer_agency_id);
	bind_id_or_null(st, 9, m->proposer_user_id);
	bind_text_or_null(st, 10, m->shared);
	bind_text_or_null(st, 11, m->decisions);
	bind_id_or_null(st, 12, m->lead_agency_id);
	bind_text_or_null(st, 13, m->next_on);
	int src = sqlite3_step(st);
	char *data = src == SQLITE_ROW ? md_db_column_dup(st, 0) : NULL;
	sqlite3_reset(st);
	if (!data)
		return src == SQLITE_ROW
			       ? md_err_set(err, MD_ERR_NOMEM, NULL)
			       : md_db_fail(db, src, "会議の履歴", err);
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	int base = r->id ? r->s.revision : 0;
	r->s.revision = base + 1;
	r->s.user_id = actor->id;
	r->s.at = now;
	struct md_store_revision_row rev = {
		.revision = r->s.revision,
		.base_revision = base,
		.user_id = actor->id,
		.at = now,
		.data = data,
		.changed = changed,
	};
	enum md_status rc = md_store_meeting_write(db, &r->id, &r->s, &rev,
						   err);
	r->s.at = NULL;
	md_free(data);
	return rc;
}

/* An audit row of action with detail (a new string, freed here; NULL:
 * out of memory), of person_id (0: of no person). */
static enum md_status
audit_meeting(struct md_db *db, const struct md_user *actor,
	      enum md_audit_action action, long long person_id, char *detail,
	      struct md_err *err)
{
	enum md_status rc = detail ? md_audit_add(db, actor->id, action, 0,
						  person_id, detail, err)
				   : md_err_set(err, MD_ERR_NOMEM, NULL);
	md_free(detail);
	return rc;
}

/* End the transaction by rc. */
static enum md_status
finish(struct md_db *db, enum md_status rc, struct md_err *err)
{
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

/* ---- checks of what is given ---- */

/* typed as a day into iso (field names it in a fault). */
static enum md_status
day_of(const char *typed, const char *field, char iso[MD_DATE_SIZE],
       struct md_err *err)
{
	struct md_date d;
	struct md_err e;
	if (md_date_parse(typed, &d, &e) != MD_OK)
		return md_err_set(err, MD_ERR_INVALID, "%s: %s", field, e.msg);
	md_date_iso(d, iso);
	return MD_OK;
}

/* The agency typed (field names it), its id in *id; "" clears it. */
static enum md_status
agency_of(struct md_db *db, const char *typed, const char *field, long long *id,
	  struct md_err *err)
{
	if (!typed)
		return MD_OK;
	*id = 0;
	if (!*typed)
		return MD_OK;
	struct md_agency a;
	struct md_err e;
	enum md_status rc = md_agency_find(db, typed, &a, &e);
	if (rc != MD_OK)
		return md_err_set(err, rc, "%s: %s", field, e.msg);
	*id = a.id;
	md_agency_fini(&a);
	return MD_OK;
}

/* The member of staff login (field names it), their id in *id. */
static enum md_status
user_of(struct md_db *db, const char *login, const char *field, long long *id,
	struct md_err *err)
{
	if (!login)
		return MD_OK;
	*id = 0;
	if (!*login)
		return MD_OK;
	struct md_user u;
	struct md_err e;
	enum md_status rc = md_user_get(db, login, &u, &e);
	if (rc != MD_OK)
		return md_err_set(err, rc, "%s: %s", field, e.msg);
	*id = u.id;
	md_user_fini(&u);
	return MD_OK;
}

/* The basis typed (a name of t's, or its number from 1), or the only one. */
static enum md_status
basis_of(const struct md_meeting_type *t, const char *typed, const char **basis,
	 struct md_err *err)
{
	if (!t->nbases) {
		*basis = "";
		if (typed && *typed)
			return md_err_set(err, MD_ERR_INVALID,
					  "根拠: %s には法的根拠がありません(%s)",
					  t->label, t->cite);
		return MD_OK;
	}
	if (!typed || !*typed) {
		if (t->nbases == 1) {
			*basis = t->bases[0];
			return MD_OK;
		}
	} else {
		for (size_t i = 0; i < t->nbases; i++) {
			char num[24];
			snprintf(num, sizeof num, "%zu", i + 1);
			if (!strcmp(typed, t->bases[i]) ||
			    !strcmp(typed, num)) {
				*basis = t->bases[i];
				return MD_OK;
			}
		}
	}
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < t->nbases; i++)
		md_buf_addf(&b, "%s%zu %s", i ? "、" : "", i + 1, t->bases[i]);
	enum md_status rc =
		md_err_set(err, MD_ERR_INVALID,
			   typed && *typed
				   ? "根拠: 「%s」は%sの根拠ではありません(%s のどれか。%s)"
				   : "根拠%s: %sの法的根拠を選んでください(%s。%s)",
			   typed ? typed : "", t->label,
			   md_buf_ok(&b) ? md_buf_str(&b) : "", t->cite);
	md_buf_fini(&b);
	return rc;
}

/* in applied to r (type t), with every check of md_meeting_new. */
static enum md_status
apply_in(struct md_db *db, const struct md_meeting_type *t,
	 const struct md_meeting_in *in, struct mrow *r, struct md_err *err)
{
	enum md_status rc = MD_OK;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	if (in->basis || !r->id) {
		const char *basis = NULL;
		if ((rc = basis_of(t, in->basis, &basis, err)) != MD_OK)
			return rc;
		r->s.basis = basis;
	}
	if (in->on) {
		if ((rc = day_of(in->on, "開催日", r->held_on, err)) != MD_OK)
			return rc;
		r->s.held_on = r->held_on;
	}
	if (!r->s.held_on || !*r->s.held_on)
		return md_err_set(err, MD_ERR_INVALID,
				  "開催日: 会議の日を指定してください");
	if (in->held >= 0)
		r->s.held = in->held;
	else if (!r->id)
		r->s.held = 1; /* held, unless recorded as planned */
	char w[MD_DISPLAY_WHEN_SIZE], x[MD_DISPLAY_WHEN_SIZE];
	if (r->s.held && strcmp(r->held_on, today) > 0)
		return md_err_set(err, MD_ERR_INVALID,
				  "開催日: 開催した会議の日(%s)が未来です。これから開く会議は予定として記録してください",
				  md_display_when(r->held_on, MD_DATE_LONG, w));
	if (in->next_on) {
		*r->next_on = '\0';
		if (*in->next_on && (rc = day_of(in->next_on, "次回",
						 r->next_on, err)) != MD_OK)
			return rc;
		r->s.next_on = *r->next_on ? r->next_on : NULL;
	}
	if (r->s.next_on && strcmp(r->s.next_on, r->held_on) <= 0)
		return md_err_set(err, MD_ERR_INVALID,
				  "次回: 次の会議の日(%s)は、この会議の日(%s)よりあとにしてください",
				  md_display_when(r->s.next_on, MD_DATE_LONG,
						  w),
				  md_display_when(r->held_on, MD_DATE_LONG, x));
	if ((rc = agency_of(db, in->proposer_agency, "提起した機関",
			    &r->s.proposer_agency_id, err)) != MD_OK ||
	    (rc = user_of(db, in->proposer_user, "提起した職員",
			  &r->s.proposer_user_id, err)) != MD_OK ||
	    (rc = agency_of(db, in->lead_agency, "主担当", &r->s.lead_agency_id,
			    err)) != MD_OK)
		return rc;
	if (in->place)
		r->s.place = in->place;
	if (in->shared)
		r->s.shared = in->shared;
	if (in->decisions)
		r->s.decisions = in->decisions;
	return MD_OK;
}

/* The type of r, or a fault: a type no longer in the definitions. */
static enum md_status
type_of(const struct md_meeting_defs *defs, const struct mrow *r,
	const struct md_meeting_type **t, struct md_err *err)
{
	*t = md_meeting_type_find(defs, r->s.type);
	return *t ? MD_OK
		  : md_err_set(err, MD_ERR_INVALID,
			       "種類: 会議 %lld の種類 %s は %s にありません",
			       r->id, r->s.type, defs->file);
}

/* ---- recording ---- */

enum md_status
md_meeting_new(struct md_db *db, const struct md_user *actor,
	       const struct md_meeting_defs *defs,
	       const struct md_meeting_in *in, long long *id,
	       struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "会議の記録",
					    err);
	if (rc != MD_OK)
		return rc;
	const struct md_meeting_type *t = md_meeting_type_find(defs, in->type);
	if (!t) {
		struct md_buf b;
		md_buf_init(&b);
		for (size_t i = 0; i < defs->n; i++)
			md_buf_addf(&b, "%s%s", i ? "、" : "",
				    defs->types[i].label);
		rc = md_err_set(err, MD_ERR_INVALID,
				"種類: 「%s」という会議はありません(%s)",
				in->type ? in->type : "",
				md_buf_ok(&b) ? md_buf_str(&b) : "");
		md_buf_fini(&b);
		return rc;
	}
	struct mrow r;
	memset(&r, 0, sizeof r);
	r.s.type = t->id;
	r.s.place = r.s.shared = r.s.decisions = "";
	r.s.convener_id = actor->id;
	if ((rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = apply_in(db, t, in, &r, err);
	if (rc == MD_OK)
		rc = mrow_save(db, actor, &r, NULL, err);
	if (rc == MD_OK)
		rc = audit_meeting(db, actor, MD_AUDIT_CREATE, 0,
				   md_asprintf("会議 %lld(%s)の記録", r.id,
					       t->label),
				   err);
	rc = finish(db, rc, err);
	if (rc == MD_OK && id)
		*id = r.id;
	return rc;
}

enum md_status
md_meeting_update(struct md_db *db, const struct md_user *actor,
		  const struct md_meeting_defs *defs, long long id,
		  int base_revision, const struct md_meeting_in *in,
		  struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "会議の変更",
					    err);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	struct mrow r;
	const struct md_meeting_type *t = NULL;
	rc = mrow_load(db, id, &r, err);
	if (rc == MD_OK)
		rc = type_of(defs, &r, &t, err);
	if (rc == MD_OK && base_revision && r.s.revision != base_revision)
		rc = md_err_set(err, MD_ERR_CONFLICT,
				"会議 %lld は他の職員が先に保存しています(第%d版。保存していません)",
				id, r.s.revision);
	if (rc == MD_OK)
		rc = apply_in(db, t, in, &r, err);
	if (rc == MD_OK)
		rc = mrow_save(db, actor, &r, NULL, err);
	if (rc == MD_OK)
		rc = audit_meeting(db, actor, MD_AUDIT_UPDATE, 0,
				   md_asprintf("会議 %lld(%s)の変更", id,
					       t->label),
				   err);
	rc = finish(db, rc, err);
	mrow_fini(&r);
	return rc;
}

/* Begin, check actor, load meeting id and its type: what each addition
 * to a meeting does first. */
static enum md_status
begin_change(struct md_db *db, const struct md_user *actor,
	     const struct md_meeting_defs *defs, long long id, const char *what,
	     struct mrow *r, const struct md_meeting_type **t,
	     struct md_err *err)
{
	memset(r, 0, sizeof *r);
	enum md_status rc = md_auth_require(db, actor, false, what, err);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = mrow_load(db, id, r, err);
	if (rc == MD_OK && defs)
		rc = type_of(defs, r, t, err);
	if (rc != MD_OK)
		md_db_rollback(db);
	return rc;
}

enum md_status
md_meeting_add_attendee(struct md_db *db, const struct md_user *actor,
			const struct md_meeting_defs *defs, long long id,
			const struct md_attendee_in *in, long long *attendee_id,
			struct md_err *err)
{
	struct mrow r;
	const struct md_meeting_type *t;
	enum md_status rc = begin_change(db, actor, defs, id, "出席者の記録",
					 &r, &t, err);
	if (rc != MD_OK)
		return rc;
	struct md_store_attendee a = {.meeting_id = id,
				      .secrecy = in->secrecy,
				      .created_by = actor->id};
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	a.at = now;
	if (t->secrecy_required && !in->secrecy)
		rc = md_err_set(err, MD_ERR_INVALID,
				"守秘義務: この出席者は守秘義務を確認していません。「%s」",
				t->secrecy_rule);
	else if ((!in->user || !*in->user) && (!in->name || !*in->name))
		rc = md_err_set(err, MD_ERR_INVALID,
				"出席者: 職員(ユーザー名)か、関係機関の出席者の氏名を指定してください");
	else if (in->name && *in->name && (!in->agency || !*in->agency))
		rc = md_err_set(err, MD_ERR_INVALID,
				"所属機関: 関係機関の出席者(%s)の機関を指定してください",
				in->name);
	if (rc == MD_OK)
		rc = user_of(db, in->user, "出席者", &a.user_id, err);
	if (rc == MD_OK)
		rc = agency_of(db, in->agency, "所属機関", &a.agency_id, err);
	a.name = in->user && *in->user ? "" : in->name;
	if (rc == MD_OK)
		rc = md_store_attendee_insert(db, &a, attendee_id, err);
	if (rc == MD_OK)
		rc = mrow_save(db, actor, &r, NULL, err);
	if (rc == MD_OK)
		rc = audit_meeting(db, actor, MD_AUDIT_UPDATE, 0,
				   md_asprintf("会議 %lld(%s)の出席者の記録",
					       id, t->label),
				   err);
	rc = finish(db, rc, err);
	mrow_fini(&r);
	return rc;
}

enum md_status
md_meeting_add_person(struct md_db *db, const struct md_user *actor,
		      const struct md_meeting_defs *defs,
		      const struct md_household_defs *hdefs, long long id,
		      long long person_id, const char *note, struct md_err *err)
{
	struct mrow r;
	const struct md_meeting_type *t;
	enum md_status rc = begin_change(db, actor, defs, id,
					 "検討した本人の記録", &r, &t, err);
	if (rc != MD_OK)
		return rc;
	struct md_person p;
	memset(&p, 0, sizeof p);
	if (!t->persons)
		rc = md_err_set(err, MD_ERR_INVALID, "本人: 「%s」",
				t->consent_rule);
	else if ((rc = md_person_get(db, person_id, &p, err)) ==
		 MD_ERR_NOTFOUND)
		md_err_set(err, rc, "本人番号: 本人 %lld はいません",
			   person_id);
	const char *name = rc == MD_OK ? p.field[MD_PERSON_NAME] : "";
	if (rc == MD_OK && t->consent_required) {
		/* 003 §6: 本人同意 必要 — on the day of the meeting and now. */
		bool then = false, now_ok = false;
		struct md_consent_rule rule = md_household_consent_rule(hdefs);
		rc = md_person_consented(db, &rule, person_id, r.held_on, &then,
					 err);
		if (rc == MD_OK)
			rc = md_person_consented(db, &rule, person_id, NULL,
						 &now_ok, err);
		if (rc == MD_OK && !(then && now_ok))
			rc = md_err_set(err, MD_ERR_INVALID,
					"本人: %s(本人 %lld)は情報共有に同意していないか、同意を撤回しています。「%s」",
					name, person_id, t->consent_rule);
	}
	const char *basis = t->consent_required ? "consent" : "law";
	const char *basis_text = t->consent_required ? "本人の同意" : r.s.basis;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	if (rc == MD_OK) {
		struct md_store_meeting_person mp = {
			.meeting_id = id,
			.person_id = person_id,
			.basis = basis,
			.basis_text = basis_text,
			.note = note,
			.created_by = actor->id,
			.at = now,
		};
		rc = md_store_meeting_person_insert(db, &mp, NULL, err);
		if (rc == MD_ERR_EXISTS)
			md_err_set(err, MD_ERR_INVALID,
				   "本人: %s(本人 %lld)は会議 %lld ですでに検討しています",
				   name, person_id, id);
	}
	char *what = rc == MD_OK ? md_asprintf("会議 %lld(%s)での情報共有", id,
					       t->label)
				 : NULL;
	char *to = rc == MD_OK ? md_asprintf("会議 %lld の出席者", id) : NULL;
	if (rc == MD_OK && (!what || !to))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK) {
		struct md_store_disclosure d = {
			.person_id = person_id,
			.what = what,
			.meeting_id = id,
			.to_text = to,
			.basis = basis_text,
			.on_day = r.held_on,
			.user_id = actor->id,
			.at = now,
		};
		rc = md_store_disclosure_insert(db, &d, err);
	}
	if (rc == MD_OK)
		rc = mrow_save(db, actor, &r, NULL, err);
	if (rc == MD_OK)
		rc = audit_meeting(db, actor, MD_AUDIT_UPDATE, person_id,
				   md_asprintf("会議 %lld で本人を検討(根拠: %s)",
					       id, basis_text),
				   err);
	rc = finish(db, rc, err);
	md_free(what);
	md_free(to);
	md_person_fini(&p);
	mrow_fini(&r);
	return rc;
}

enum md_status
md_meeting_add_task(struct md_db *db, const struct md_user *actor, long long id,
		    const char *what, const char *owner, const char *due,
		    long long *task_id, struct md_err *err)
{
	struct mrow r;
	enum md_status rc = begin_change(db, actor, NULL, id, "役割分担の記録",
					 &r, NULL, err);
	if (rc != MD_OK)
		return rc;
	char due_on[MD_DATE_SIZE] = "";
	char *w = md_strdup(what ? what : "");
	char *o = md_strdup(owner ? owner : "");
	if (!w || !o)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	else if (!*md_text_trim(w))
		rc = md_err_set(err, MD_ERR_INVALID,
				"内容: 役割分担は、何をするかを書いてください");
	else if (!*md_text_trim(o))
		rc = md_err_set(err, MD_ERR_INVALID,
				"担当: 役割分担には、誰(どの機関)がするかが必要です");
	else if (!due || !*due)
		rc = md_err_set(err, MD_ERR_INVALID,
				"期限: 役割分担には、いつまでにするかの日付が必要です");
	else
		rc = day_of(due, "期限", due_on, err);
	struct md_store_task task = {.meeting_id = id,
				     .what = w,
				     .owner = o,
				     .due_on = due_on,
				     .created_by = actor->id};
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	task.at = now;
	if (rc == MD_OK) {
		/* Linked to the agency the owner names, when one does. */
		struct md_agency a;
		struct md_err e;
		if (md_agency_find(db, o, &a, &e) == MD_OK) {
			task.agency_id = a.id;
			md_agency_fini(&a);
		}
		rc = md_store_task_insert(db, &task, task_id, err);
	}
	if (rc == MD_OK)
		rc = mrow_save(db, actor, &r, NULL, err);
	if (rc == MD_OK)
		rc = audit_meeting(db, actor, MD_AUDIT_UPDATE, 0,
				   md_asprintf("会議 %lld の役割分担「%s」", id,
					       w),
				   err);
	rc = finish(db, rc, err);
	md_free(w);
	md_free(o);
	mrow_fini(&r);
	return rc;
}

static const char sql_task_meeting[] =
	"SELECT meeting_id, coalesce(done_on, '') FROM meeting_tasks"
	" WHERE id = ?1";

enum md_status
md_meeting_task_done(struct md_db *db, const struct md_user *actor,
		     long long task_id, const char *on, struct md_err *err)
{
	char done_on[MD_DATE_SIZE], today[MD_DATE_SIZE];
	md_clock_today(today);
	enum md_status rc = MD_OK;
	if (on && *on) {
		if ((rc = day_of(on, "完了日", done_on, err)) != MD_OK)
			return rc;
		if (strcmp(done_on, today) > 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "完了日: 「%s」は未来の日付です", on);
	} else {
		memcpy(done_on, today, sizeof done_on);
	}
	sqlite3_stmt *st = md_db_stmt(db, sql_task_meeting, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, task_id);
	int src = sqlite3_step(st);
	long long id = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	bool done = src == SQLITE_ROW && *sqlite3_column_text(st, 1);
	sqlite3_reset(st);
	if (!id)
		return src == SQLITE_DONE
			       ? md_err_set(err, MD_ERR_NOTFOUND,
					    "役割分担番号: 役割分担 %lld はありません",
					    task_id)
			       : md_db_fail(db, src, "役割分担の確認", err);
	if (done)
		return md_err_set(err, MD_ERR_INVALID,
				  "役割分担 %lld はすでに完了しています",
				  task_id);
	struct mrow r;
	rc = begin_change(db, actor, NULL, id, "役割分担の完了", &r, NULL, err);
	if (rc != MD_OK)
		return rc;
	rc = md_store_task_done(db, task_id, done_on, err);
	if (rc == MD_OK)
		rc = mrow_save(db, actor, &r, NULL, err);
	if (rc == MD_OK)
		rc = audit_meeting(db, actor, MD_AUDIT_UPDATE, 0,
				   md_asprintf("会議 %lld の役割分担の完了(%s)",
					       id, done_on),
				   err);
	rc = finish(db, rc, err);
	mrow_fini(&r);
	return rc;
}
