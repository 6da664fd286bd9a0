/* The workflow engine on the database: a case read from its rows and
 * replayed through a reader of its stored forms, and the operations of
 * workflow.h (status, take, open, reopen), each load → check → effects →
 * apply (wf_apply.c). */
#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/agencies.h"
#include "madoguchi/audit.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/offices.h"
#include "madoguchi/records.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "wf_apply.h"
#include "wf_int.h"

/* ---- the reader of a stored case ------------------------------------- */

struct db_reader {
	struct md_db *db;
	long long case_id;
	struct md_wf_reader reader;
};

static const char sql_record_state[] =
	"SELECT id, revision, complete FROM form_records"
	" WHERE case_id = ?1 AND form = ?2 AND seq = ?3";

static enum md_status
db_round(void *ctx, const struct md_form *form, int seq,
	 struct md_wf_round *out, struct md_values *values, struct md_err *err)
{
	struct db_reader *r = ctx;
	sqlite3_stmt *q = md_db_stmt(r->db, sql_record_state, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, r->case_id);
	sqlite3_bind_text(q, 2, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, seq);
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW) {
		out->exists = true;
		out->record_id = sqlite3_column_int64(q, 0);
		out->revision = sqlite3_column_int(q, 1);
		out->complete = sqlite3_column_int(q, 2) != 0;
	}
	sqlite3_reset(q);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return md_db_fail(r->db, src, "様式の確認", err);
	if (out->exists && out->revision > 0)
		return md_record_latest(r->db, out->record_id, values, NULL,
					err);
	return MD_OK;
}

static const char sql_revision_changes[] =
	"SELECT r.revision, j.value FROM form_revisions r, json_each(r.changed) j"
	" WHERE r.record_id = ?1 AND r.revision > ?2";

static enum md_status
db_changes(void *ctx, long long record_id, int after,
	   void (*each)(void *arg, int revision, const char *key), void *arg,
	   struct md_err *err)
{
	struct db_reader *r = ctx;
	sqlite3_stmt *q = md_db_stmt(r->db, sql_revision_changes, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, record_id);
	sqlite3_bind_int(q, 2, after);
	int src;
	while ((src = sqlite3_step(q)) == SQLITE_ROW)
		each(arg, sqlite3_column_int(q, 0),
		     (const char *)sqlite3_column_text(q, 1));
	sqlite3_reset(q);
	return src == SQLITE_DONE
		       ? MD_OK
		       : md_db_fail(r->db, src, "様式の履歴の読み込み", err);
}

/* The agency of the catalogue (md_agency_find: a name, an alias or its
 * start). */
static enum md_status
db_agency(void *ctx, const char *typed, char **name, char **kind,
	  struct md_err *err)
{
	struct db_reader *r = ctx;
	struct md_agency a;
	enum md_status rc = md_agency_find(r->db, typed, &a, err);
	if (rc != MD_OK)
		return rc;
	*name = a.name;
	*kind = a.kind;
	a.name = a.kind = NULL;
	md_agency_fini(&a);
	return MD_OK;
}

/* 004 §5(7) 4: the first meeting of type held on or after since with the
 * case's person discussed (meetings.h), with a 役割分担 recorded at it
 * where tasks is true. */
static const char sql_meeting_held[] =
	"SELECT coalesce(min(m.held_on), '') FROM meetings m"
	" JOIN meeting_persons p ON p.meeting_id = m.id"
	" JOIN cases c ON c.person_id = p.person_id"
	" WHERE c.id = ?1 AND m.type = ?2 AND m.held = 1 AND m.held_on >= ?3"
	" AND (?4 = 0 OR EXISTS (SELECT 1 FROM meeting_tasks t"
	" WHERE t.meeting_id = m.id))";

static enum md_status
db_meeting(void *ctx, const char *type, const char *since, bool tasks,
	   char on[MD_DATE_SIZE], struct md_err *err)
{
	struct db_reader *r = ctx;
	on[0] = '\0';
	sqlite3_stmt *q = md_db_stmt(r->db, sql_meeting_held, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, r->case_id);
	sqlite3_bind_text(q, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, since, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 4, tasks);
	int src = sqlite3_step(q);
	const char *day = src == SQLITE_ROW
				  ? (const char *)sqlite3_column_text(q, 0)
				  : NULL;
	snprintf(on, MD_DATE_SIZE, "%s", day ? day : "");
	sqlite3_reset(q);
	return src == SQLITE_ROW ? MD_OK
				 : md_db_fail(r->db, src, "会議の確認", err);
}

static void
db_reader_init(struct db_reader *r, struct md_db *db, long long case_id)
{
	r->db = db;
	r->case_id = case_id;
	r->reader = (struct md_wf_reader){r, db_round, db_changes, db_agency,
					  db_meeting};
}

/* ---- a stored case replayed ------------------------------------------ */

static const char sql_events[] =
	"SELECT e.id, e.step, e.outcome, e.reason, e.agency,"
	" coalesce(e.follow_up_on, ''), e.at, coalesce(u.display_name, ''),"
	" coalesce(e.record_id, 0), coalesce(e.record_revision, 0),"
	" coalesce(e.done_on, ''), e.method, e.note"
	" FROM workflow_events e LEFT JOIN users u ON u.id = e.user_id"
	" WHERE e.case_id = ?1 ORDER BY e.id";
static const char sql_case_received_on[] =
	"SELECT opened_on FROM cases WHERE id = ?1";

static const char *
column(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);
	return s ? s : "";
}

/* Read case_id's rows and replay them with r's reader. */
static enum md_status
state_load(struct db_reader *r, const struct md_workflow *wf,
	   struct md_wf_case *st, struct md_err *err)
{
	char received[MD_DATE_SIZE] = "";
	sqlite3_stmt *q = md_db_stmt(r->db, sql_case_received_on, err);
	if (!q) {
		memset(st, 0, sizeof *st);
		return err->status;
	}
	sqlite3_bind_int64(q, 1, r->case_id);
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW)
		snprintf(received, sizeof received, "%s", column(q, 0));
	sqlite3_reset(q);
	enum md_status rc = wf_case_init(st, wf, received, &r->reader, err);
	if (rc != MD_OK)
		return rc;
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return md_db_fail(r->db, src, "ケースの確認", err);
	if (!(q = md_db_stmt(r->db, sql_events, err)))
		return err->status;
	sqlite3_bind_int64(q, 1, r->case_id);
	while (rc == MD_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
		const struct md_wf_event e = {sqlite3_column_int64(q, 0),
					      column(q, 1),
					      column(q, 2),
					      column(q, 3),
					      column(q, 4),
					      column(q, 5),
					      column(q, 11),
					      column(q, 12),
					      column(q, 10),
					      column(q, 6),
					      column(q, 7),
					      sqlite3_column_int64(q, 8),
					      sqlite3_column_int(q, 9)};
		rc = wf_case_push(st, &e, err);
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(r->db, src, "手順の記録の読み込み", err);
	sqlite3_reset(q);
	return rc == MD_OK ? wf_case_settle(st, err) : rc;
}

static const char sql_case_exists[] =
	"SELECT status = 'closed' FROM cases WHERE id = ?1";

static enum md_status
case_must_exist(struct md_db *db, long long case_id, bool *closed,
		struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_case_exists, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW && closed)
		*closed = sqlite3_column_int(q, 0) != 0;
	sqlite3_reset(q);
	if (src == SQLITE_DONE)
		return md_err_set(err, MD_ERR_NOTFOUND,
				  "ケース %lld は見つかりません", case_id);
	if (src != SQLITE_ROW)
		return md_db_fail(db, src, "ケースの確認", err);
	return MD_OK;
}

enum md_status
md_workflow_status(struct md_db *db, const struct md_user *actor,
		   const struct md_workflow *wf, long long case_id,
		   struct md_flow *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	enum md_status rc = md_auth_require(db, actor, false, "手順の確認",
					    err);
	if (rc != MD_OK)
		return rc;
	if ((rc = case_must_exist(db, case_id, NULL, err)) != MD_OK)
		return rc;
	struct db_reader r;
	struct md_wf_case st;
	db_reader_init(&r, db, case_id);
	rc = state_load(&r, wf, &st, err);
	if (rc == MD_OK)
		rc = md_wf_case_flow(&st, actor, case_id, out, err);
	wf_case_fini(&st);
	return rc;
}

/* ---- taking steps ----------------------------------------------------- */

/* The refusal of a step whose form is not complete, naming what is
 * missing as the stored form has it. */
static enum md_status
refuse_incomplete(struct md_db *db, const struct md_user *actor,
		  const struct md_forms *forms, struct md_wf_case *st,
		  long long case_id, const struct md_wf_step *s,
		  struct md_err *err)
{
	struct form_facts *f;
	enum md_status rc = wf_facts_of(st, s->form, &f, err);
	if (rc != MD_OK)
		return rc;
	struct md_record rec;
	struct md_buf missing;
	md_buf_init(&missing);
	if (md_record_load(db, actor, forms, case_id, s->form->id,
			   f->exists ? f->seq : MD_SEQ_LATEST, &rec,
			   err) == MD_OK) {
		md_form_missing(s->form, &rec.values, &missing);
		md_record_fini(&rec);
	}
	rc = md_err_set(err, MD_ERR_INVALID,
			"%sを記録するには、%s(%s)の ※ 項目をすべて入力して保存してください(未入力: %s)",
			s->label, s->form->number, s->form->title,
			missing.len ? md_buf_str(&missing)
				    : "まだ保存されていません");
	md_buf_fini(&missing);
	return rc;
}

enum md_status
md_workflow_take(struct md_db *db, const struct md_user *actor,
		 const struct md_workflow *wf, const struct md_forms *forms,
		 long long case_id, const char *step_id,
		 const struct md_take *take, struct md_err *err)
{
	const struct md_wf_step *s = md_workflow_find(wf, step_id);
	if (!s)
		return md_err_set(err, MD_ERR_NOTFOUND,
				  "手順「%s」はありません", step_id);
	enum md_status rc = md_auth_require(db, actor, false, "手順の記録",
					    err);
	if (rc != MD_OK)
		return rc;
	struct db_reader r;
	struct md_wf_case st;
	struct md_wf_inputs in;
	struct md_wf_effects fx;
	memset(&st, 0, sizeof st);
	memset(&in, 0, sizeof in);
	memset(&fx, 0, sizeof fx);
	db_reader_init(&r, db, case_id);
	if ((rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	bool ready = true;
	if ((rc = case_must_exist(db, case_id, NULL, err)) != MD_OK ||
	    (rc = state_load(&r, wf, &st, err)) != MD_OK ||
	    (rc = md_wf_check_open(&st, actor, s, err)) != MD_OK ||
	    (rc = md_wf_check(&st, s, take, &in, err)) != MD_OK ||
	    (rc = md_wf_form_ready(&st, s, &ready, err)) != MD_OK)
		goto out;
	if (!ready) {
		rc = refuse_incomplete(db, actor, forms, &st, case_id, s, err);
		goto out;
	}
	if ((rc = md_wf_effects(&st, s, &in, &fx, err)) != MD_OK ||
	    (rc = wf_apply_effects(db, actor, forms, case_id, &fx, err)) !=
		    MD_OK)
		goto out;
	rc = md_audit_add(db, actor->id, MD_AUDIT_STEP, case_id, 0, fx.detail,
			  err);
out:
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_ERR_DENIED)
		md_audit_denied(db, actor->id, case_id, err->msg);
	md_wf_effects_fini(&fx);
	md_wf_inputs_fini(&in);
	wf_case_fini(&st);
	return rc;
}

enum md_status
md_workflow_open_case(struct md_db *db, const struct md_user *actor,
		      const struct md_workflow *wf,
		      const struct md_forms *forms, long long person_id,
		      const struct md_values *fields, long long *case_id,
		      struct md_values *faults, struct md_err *err)
{
	return md_workflow_open_case_in(db, actor, wf, forms, person_id, fields,
					NULL, case_id, faults, err);
}

enum md_status
md_workflow_open_case_in(struct md_db *db, const struct md_user *actor,
			 const struct md_workflow *wf,
			 const struct md_forms *forms, long long person_id,
			 const struct md_values *fields, const char *office,
			 long long *case_id, struct md_values *faults,
			 struct md_err *err)
{
	long long id = 0, office_id = 0;
	/* Checked before the transaction, so the refusal's audit row stays. */
	enum md_status rc = md_auth_require(db, actor, false, "ケースの作成",
					    err);
	if (rc == MD_OK && office &&
	    (rc = md_office_find(db, office, &office_id, err)) ==
		    MD_ERR_INVALID &&
	    faults)
		md_values_set(faults, "office", err->msg, NULL);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = md_case_create(db, actor, forms, person_id, fields, &id, faults,
			    err);
	if (rc == MD_OK && office_id)
		rc = md_store_case_set_office(db, id, office_id, err);
	const char *stage = NULL;
	for (size_t i = 0; rc == MD_OK && i < wf->n; i++) {
		const struct md_wf_step *s = &wf->steps[i].pub;
		if (!s->autostart)
			continue;
		/* A step recorded when the case opens is still recorded in
		 * the actor's name: only by the roles that may take it. */
		if (!(s->roles & (1u << actor->role))) {
			rc = wf_refuse_role(s, actor, err);
			break;
		}
		/* Dated by the case's 受付日 (no day of its own). */
		const struct md_wf_event e = {.step = s->id};
		rc = wf_apply_event(db, actor, id, &e, NULL, err);
		stage = s->id;
	}
	if (rc == MD_OK && stage)
		rc = wf_apply_stage(db, id, stage, err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_ERR_DENIED)
		md_audit_denied(db, actor->id, 0, err->msg);
	if (rc == MD_OK && case_id)
		*case_id = id;
	return rc;
}

enum md_status
md_workflow_reopen(struct md_db *db, const struct md_user *actor,
		   const struct md_workflow *wf, long long case_id,
		   const char *reason, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "ケースの再開",
					    err);
	if (rc != MD_OK)
		return rc;
	/* 001: the chief consultant manages the whole; 管理者 keeps records. */
	if (actor->role != MD_ROLE_CHIEF && actor->role != MD_ROLE_ADMIN) {
		rc = md_err_set(err, MD_ERR_DENIED,
				"終結したケースを再開できるのは主任相談支援員と管理者です(%s さんは %s)",
				actor->display_name,
				md_role_label(actor->role));
		md_audit_denied(db, actor->id, case_id, err->msg);
		return rc;
	}
	if (!reason || !*reason)
		return md_err_set(err, MD_ERR_INVALID,
				  "再開の理由を入力してください");
	if ((rc = md_text_check(reason, true, "再開の理由", err)) != MD_OK)
		return rc;
	/* A lone CR is a line break, as in a form's values. */
	char *lf = md_strdup(reason);
	if (!lf)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	reason = md_text_newlines(lf);
	rc = md_db_begin(db, err);
	if (rc != MD_OK) {
		md_free(lf);
		return rc;
	}
	bool closed = false;
	if ((rc = case_must_exist(db, case_id, &closed, err)) != MD_OK)
		goto out;
	if (!closed) {
		rc = md_err_set(err, MD_ERR_INVALID,
				"ケース %lld は終結していません", case_id);
		goto out;
	}
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	const struct md_wf_event e = {.step = REOPEN_STEP,
				      .reason = reason,
				      .on = today};
	if ((rc = wf_apply_event(db, actor, case_id, &e, NULL, err)) != MD_OK ||
	    (rc = wf_apply_reopen(db, case_id, REOPEN_STEP, err)) != MD_OK)
		goto out;
	/* What the closing step froze stands no more. */
	struct db_reader r;
	struct md_wf_case st;
	struct md_wf_freeze *fz = NULL;
	size_t nfz = 0;
	db_reader_init(&r, db, case_id);
	rc = state_load(&r, wf, &st, err);
	if (rc == MD_OK)
		rc = wf_case_freezes(&st, &fz, &nfz, err);
	if (rc == MD_OK)
		rc = wf_apply_freezes(db, case_id, fz, nfz, 0, err);
	wf_freezes_free(fz, nfz);
	wf_case_fini(&st);
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, MD_AUDIT_REOPEN, case_id, 0,
				  reason, err);
out:
	md_free(lf);
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}
