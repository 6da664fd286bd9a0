/* The workflow engine's writes: what wf_engine.h's effects say a step
 * records, put into the tables (wf_apply.h). */
#include "wf_apply.h"

#include <string.h>

#include "db_int.h"
#include "madoguchi/clock.h"
#include "madoguchi/records.h"
#include "madoguchi/values.h"

/* Field writes a step makes on one form, in one round. */
struct write {
	const struct md_form *form;
	int seq;
	struct md_values values;
};

struct writes {
	struct write items[8];
	size_t n;
};

/* Group set into w by form, in the order each form comes first. */
static enum md_status
write_add(struct writes *w, const struct md_wf_set *set, struct md_err *err)
{
	size_t i = 0;
	while (i < w->n && w->items[i].form != set->form)
		i++;
	if (i == w->n) {
		if (w->n == sizeof w->items / sizeof w->items[0])
			return md_err_set(err, MD_ERR_DEFINITION,
					  "内部エラー: 1 つの手順が書き込む様式が多すぎます");
		w->items[w->n].form = set->form;
		w->items[w->n].seq = set->seq;
		md_values_init(&w->items[w->n].values);
		w->n++;
	}
	return md_values_set(&w->items[i].values, set->key, set->value, err);
}

static void
writes_fini(struct writes *w)
{
	for (size_t i = 0; i < w->n; i++)
		md_values_fini(&w->items[i].values);
	w->n = 0;
}

/* Save the fields a step fills on form's round. */
static enum md_status
apply_write(struct md_db *db, const struct md_user *actor,
	    const struct md_forms *forms, long long case_id,
	    const struct write *w, struct md_err *err)
{
	struct md_record rec;
	enum md_status rc = md_record_load(db, actor, forms, case_id, w->form->id,
					   w->seq, &rec, err);
	if (rc == MD_ERR_NOTFOUND)
		rc = md_record_load(db, actor, forms, case_id, w->form->id,
				    MD_SEQ_LATEST, &rec, err);
	if (rc != MD_OK)
		return rc;
	/* A form never saved starts with its defaults (today, the one who
	 * takes the step), as it would on the screen. */
	for (size_t i = 0; i < w->values.n && rc == MD_OK; i++)
		rc = md_values_set(&rec.values, w->values.items[i].key,
				   w->values.items[i].value, err);
	bool saved;
	struct md_values faults;
	md_values_init(&faults);
	if (rc == MD_OK)
		rc = md_record_save(db, actor, &rec, MD_SAVE_WORKFLOW, &saved,
				    &faults, err);
	md_values_fini(&faults);
	md_record_fini(&rec);
	return rc;
}

static const char sql_record_create[] =
	"INSERT INTO form_records (case_id, form, seq, revision, complete,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0, ?4, ?4)"
	" ON CONFLICT (case_id, form, seq) DO NOTHING";

/* An empty record for a new round, so that opening the form without a
 * round number finds the round the process is in. */
static enum md_status
create_round(struct md_db *db, long long case_id, const struct md_form *form,
	     int seq, struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_record_create, err);
	if (!q)
		return err->status;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, seq);
	sqlite3_bind_text(q, 4, now, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "新しい回の様式の準備", err);
}

static const char sql_event_insert[] =
	"INSERT INTO workflow_events (case_id, step, outcome, reason, agency,"
	" follow_up_on, record_id, record_revision, user_id, at, done_on,"
	" method, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" coalesce(?12, ''), coalesce(?13, ''))";

static void
bind_text(sqlite3_stmt *q, int i, const char *s)
{
	sqlite3_bind_text(q, i, s ? s : "", -1, SQLITE_STATIC);
}

enum md_status
wf_apply_event(struct md_db *db, const struct md_user *actor,
	       long long case_id, const struct md_wf_event *e, long long *id,
	       struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_event_insert, err);
	if (!q)
		return err->status;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(q, 1, case_id);
	bind_text(q, 2, e->step);
	bind_text(q, 3, e->outcome);
	bind_text(q, 4, e->reason);
	bind_text(q, 5, e->agency);
	if (e->follow_up_on && *e->follow_up_on)
		bind_text(q, 6, e->follow_up_on);
	if (e->record_id) {
		sqlite3_bind_int64(q, 7, e->record_id);
		sqlite3_bind_int(q, 8, e->record_revision);
	}
	sqlite3_bind_int64(q, 9, actor->id);
	sqlite3_bind_text(q, 10, now, -1, SQLITE_STATIC);
	if (e->on && *e->on)
		bind_text(q, 11, e->on);
	bind_text(q, 12, e->method);
	bind_text(q, 13, e->note);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	if (src != SQLITE_DONE)
		return md_db_fail(db, src, "手順の記録", err);
	if (id)
		*id = sqlite3_last_insert_rowid(md_db_sqlite(db));
	return MD_OK;
}

static const char sql_freezes_clear[] =
	"DELETE FROM record_freezes WHERE record_id IN"
	" (SELECT id FROM form_records WHERE case_id = ?1)";
static const char sql_freeze_insert[] =
	"INSERT OR REPLACE INTO record_freezes (record_id, event_id, why)"
	" VALUES (?1, ?2, ?3)";

enum md_status
wf_apply_freezes(struct md_db *db, long long case_id,
		 const struct md_wf_freeze *freezes, size_t n,
		 long long new_event, struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_freezes_clear, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	if (src != SQLITE_DONE)
		return md_db_fail(db, src, "確定した様式の記録", err);
	enum md_status rc = MD_OK;
	for (size_t k = 0; k < n && rc == MD_OK; k++) {
		const struct md_wf_freeze *z = &freezes[k];
		long long rid = 0;
		if ((rc = md_record_find(db, case_id, z->form->id, z->seq, &rid,
					 err)) != MD_OK || !rid)
			continue;
		if (!(q = md_db_stmt(db, sql_freeze_insert, err)))
			return err->status;
		sqlite3_bind_int64(q, 1, rid);
		sqlite3_bind_int64(q, 2, z->event_id ? z->event_id : new_event);
		sqlite3_bind_text(q, 3, z->why, -1, SQLITE_STATIC);
		src = sqlite3_step(q);
		sqlite3_reset(q);
		if (src != SQLITE_DONE)
			rc = md_db_fail(db, src, "確定した様式の記録", err);
	}
	return rc;
}

/* A NULL day or reason of closing keeps the case's own. */
static const char sql_case_update[] =
	"UPDATE cases SET stage = ?2, status = ?3,"
	" closed_on = CASE WHEN ?3 = 'closed' THEN coalesce(?4, closed_on) END,"
	" close_reason = CASE WHEN ?3 = 'closed' THEN coalesce(?5, close_reason) END,"
	" plan_decided_on = ?6, next_eval_on = ?7, follow_up_on = ?8,"
	" updated_at = ?9 WHERE id = ?1";

/* Bring the case row in line with the columns after a step. */
static enum md_status
update_case(struct md_db *db, long long case_id,
	    const struct md_wf_case_cols *c, struct md_err *err)
{
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_stmt *q = md_db_stmt(db, sql_case_update, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, c->stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, c->closed ? "closed" : "open", -1, SQLITE_STATIC);
	if (c->closed && !c->keep_closing) {
		sqlite3_bind_text(q, 4, c->closed_on, -1, SQLITE_STATIC);
		bind_text(q, 5, c->close_reason);
	}
	if (c->plan_decided_on[0])
		sqlite3_bind_text(q, 6, c->plan_decided_on, -1, SQLITE_STATIC);
	if (c->next_eval_on[0])
		sqlite3_bind_text(q, 7, c->next_eval_on, -1, SQLITE_STATIC);
	if (c->follow_up_on[0])
		sqlite3_bind_text(q, 8, c->follow_up_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, now, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "ケースの更新", err);
}

enum md_status
wf_apply_effects(struct md_db *db, const struct md_user *actor,
		 const struct md_forms *forms, long long case_id,
		 const struct md_wf_effects *fx, struct md_err *err)
{
	struct writes w = {.n = 0};
	struct md_wf_event e = fx->event;
	enum md_status rc = MD_OK;
	for (size_t k = 0; k < fx->nsets && rc == MD_OK; k++)
		rc = write_add(&w, &fx->sets[k], err);
	for (size_t k = 0; k < w.n && rc == MD_OK; k++) {
		rc = apply_write(db, actor, forms, case_id, &w.items[k], err);
		if (rc != MD_OK || w.items[k].form != fx->link_form)
			continue;
		/* The event links the revision the step wrote. */
		struct md_values latest;
		long long rid = 0;
		int rev = 0;
		md_values_init(&latest);
		rc = md_record_find(db, case_id, fx->link_form->id, fx->link_seq,
				    &rid, err);
		if (rc == MD_OK && rid)
			rc = md_record_latest(db, rid, &latest, &rev, err);
		md_values_fini(&latest);
		e.record_id = rid;
		e.record_revision = rev;
	}
	writes_fini(&w);
	long long id = 0;
	if (rc == MD_OK)
		rc = wf_apply_event(db, actor, case_id, &e, &id, err);
	for (size_t k = 0; k < fx->nrounds && rc == MD_OK; k++)
		rc = create_round(db, case_id, fx->rounds[k].form,
				  fx->rounds[k].seq, err);
	if (rc == MD_OK)
		rc = wf_apply_freezes(db, case_id, fx->freezes, fx->nfreezes, id,
				      err);
	if (rc == MD_OK)
		rc = update_case(db, case_id, &fx->cols, err);
	return rc;
}

static const char sql_case_stage[] = "UPDATE cases SET stage = ?2 WHERE id = ?1";

enum md_status
wf_apply_stage(struct md_db *db, long long case_id, const char *stage,
	       struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_case_stage, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, stage, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "ケースの作成", err);
}

static const char sql_reopen_case[] =
	"UPDATE cases SET status = 'open', closed_on = NULL, close_reason = NULL,"
	" stage = ?3, updated_at = ?2 WHERE id = ?1";

enum md_status
wf_apply_reopen(struct md_db *db, long long case_id, const char *stage,
		struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_reopen_case, err);
	if (!q)
		return err->status;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, stage, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "ケースの再開", err);
}
