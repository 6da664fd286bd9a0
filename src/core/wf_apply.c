/* The workflow engine's writes: what wf_engine.h's effects say a step
 * records, put into the tables (wf_apply.h). */
#include "wf_apply.h"

#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/records.h"
#include "madoguchi/store.h"
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
	enum md_status rc = md_record_load(db, actor, forms, case_id,
					   w->form->id, w->seq, &rec, err);
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

/* An empty record for a new round, so that opening the form without a
 * round number finds the round the process is in. */
static enum md_status
create_round(struct md_db *db, long long case_id, const struct md_form *form,
	     int seq, struct md_err *err)
{
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	return md_store_record_create_round(db, case_id, form->id, seq, now,
					    err);
}

enum md_status
wf_apply_event(struct md_db *db, const struct md_user *actor, long long case_id,
	       const struct md_wf_event *e, long long *id, struct md_err *err)
{
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	const struct md_store_event row = {
		.case_id = case_id,
		.step = e->step,
		.outcome = e->outcome,
		.reason = e->reason,
		.agency = e->agency,
		.method = e->method,
		.note = e->note,
		.follow_up_on = e->follow_up_on && *e->follow_up_on
					? e->follow_up_on
					: NULL,
		.record_id = e->record_id,
		.record_revision = e->record_revision,
		.user_id = actor->id,
		.at = now,
		.done_on = e->on && *e->on ? e->on : NULL,
	};
	return md_store_event_insert(db, &row, id, err);
}

enum md_status
wf_apply_freezes(struct md_db *db, long long case_id,
		 const struct md_wf_freeze *freezes, size_t n,
		 long long new_event, struct md_err *err)
{
	enum md_status rc = md_store_freezes_clear(db, case_id, err);
	for (size_t k = 0; k < n && rc == MD_OK; k++) {
		const struct md_wf_freeze *z = &freezes[k];
		long long rid = 0;
		if ((rc = md_record_find(db, case_id, z->form->id, z->seq, &rid,
					 err)) != MD_OK ||
		    !rid)
			continue;
		const struct md_store_freeze row = {rid,
						    z->event_id ? z->event_id
								: new_event,
						    z->why};
		rc = md_store_freeze_put(db, &row, err);
	}
	return rc;
}

/* Bring the case row in line with the columns after a step; a step taken
 * on a closed case (keep_closing) keeps the day and reason it closed. */
static enum md_status
update_case(struct md_db *db, long long case_id,
	    const struct md_wf_case_cols *c, struct md_err *err)
{
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	bool closing = c->closed && !c->keep_closing;
	const struct md_store_case_flow f = {
		.stage = c->stage,
		.closed = c->closed,
		.closed_on = closing ? c->closed_on : NULL,
		.close_reason = closing ? (c->close_reason ? c->close_reason
							   : "")
					: NULL,
		.plan_decided_on = c->plan_decided_on[0] ? c->plan_decided_on
							 : NULL,
		.next_eval_on = c->next_eval_on[0] ? c->next_eval_on : NULL,
		.follow_up_on = c->follow_up_on[0] ? c->follow_up_on : NULL,
		.updated_at = now,
	};
	return md_store_case_flow_update(db, case_id, &f, err);
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
		rc = md_record_find(db, case_id, fx->link_form->id,
				    fx->link_seq, &rid, err);
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
		rc = wf_apply_freezes(db, case_id, fx->freezes, fx->nfreezes,
				      id, err);
	if (rc == MD_OK)
		rc = update_case(db, case_id, &fx->cols, err);
	return rc;
}

enum md_status
wf_apply_stage(struct md_db *db, long long case_id, const char *stage,
	       struct md_err *err)
{
	return md_store_case_set_stage(db, case_id, stage, err);
}

enum md_status
wf_apply_reopen(struct md_db *db, long long case_id, const char *stage,
		struct md_err *err)
{
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	return md_store_case_reopen(db, case_id, stage, now, err);
}
