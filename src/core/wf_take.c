/* The workflow engine: replaying a case's events to find which steps are
 * open and why not, and taking steps. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/records.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/wareki.h"
#include "wf_int.h"

/* ---- replaying a case ------------------------------------------------- */

/* One event of a case, as read. */
struct ev {
	long long id;
	int step; /* index, or -1 (a reopening, or a step no longer defined) */
	bool reopen;
	char *step_id, *outcome, *reason, *agency, *follow_up_on, *at, *by;
	char *method, *note;
	char on[MD_DATE_SIZE]; /* the day the step was done */
	long long record_id;
	int record_revision;
};

/* The facts of one form's current round. */
struct form_facts {
	const struct md_form *form;
	int seq;
	bool loaded;
	bool exists;
	bool complete;
	long long record_id;
	int revision;
	struct md_values values;
	/* A signature on it (signature_state): loaded, the last revision
	 * that changed what it covers and the last that signed. */
	bool sig_loaded;
	int sig_content, sig_signed;
};

/* A form frozen by an event that stands (freezes = FORM). */
struct frz {
	int ev;   /* the event */
	int step; /* its step */
	const struct md_form *form;
	int seq;  /* the round frozen */
};

/* A case replayed: its events and where each step stands. */
struct state {
	const struct md_workflow *wf;
	struct ev *evs;
	size_t nevs;
	int *done;  /* per step: the event that took it in this course, or -1 */
	int *times; /* per step: times taken in this course */
	int *round; /* per step: the round of its form */
	/* per step with a signature: the revision of its form whose content
	 * the signature no longer covers (it was taken, then voided), or 0 */
	int *voided;
	bool closed;
	int closer; /* the step that closed the case, or -1 */
	int decision; /* the event of the latest plan decision, or -1 */
	/* 001 第9条(5)イ・(9)エ: the latest event that set a follow-up date,
	 * or -1, and whether that date is still to be met (no step with
	 * meets_follow_up taken since). */
	int follow_up;
	bool follow_up_due;
	char received[MD_DATE_SIZE]; /* the case's 受付日 */
	struct frz *frz;
	size_t nfrz;
	struct form_facts *facts;
	size_t nfacts;
};

static void
state_fini(struct state *st)
{
	for (size_t i = 0; i < st->nevs; i++) {
		struct ev *e = &st->evs[i];
		md_free(e->step_id);
		md_free(e->outcome);
		md_free(e->reason);
		md_free(e->agency);
		md_free(e->follow_up_on);
		md_free(e->method);
		md_free(e->note);
		md_free(e->at);
		md_free(e->by);
	}
	md_free(st->evs);
	md_free(st->done);
	md_free(st->times);
	md_free(st->round);
	md_free(st->voided);
	md_free(st->frz);
	for (size_t i = 0; i < st->nfacts; i++)
		md_values_fini(&st->facts[i].values);
	md_free(st->facts);
	memset(st, 0, sizeof *st);
}

/* The round of form: that of the first step that fills it. */
static int
form_round(const struct state *st, const struct md_form *form)
{
	for (size_t i = 0; i < st->wf->n; i++)
		if (st->wf->steps[i].pub.form == form)
			return st->round[i];
	return 1;
}

/* Whether freeze z stands no more when the steps from `from` on are taken
 * again: it is theirs, on the round in use (a round left behind by a new
 * round stays as it was decided), and taken before event `before`. */
static bool
unfrozen(const struct state *st, const struct frz *z, int from, int before)
{
	return z->step >= from && z->ev < before &&
	       !st->wf->steps[z->step].pub.side &&
	       z->seq == form_round(st, z->form);
}

/* Forget the freezes that stand no more (unfrozen). */
static void
unfreeze(struct state *st, int from, int before)
{
	size_t k = 0;
	for (size_t i = 0; i < st->nfrz; i++)
		if (!unfrozen(st, &st->frz[i], from, before))
			st->frz[k++] = st->frz[i];
	st->nfrz = k;
}

/* The steps from `from` on (but those beside the main line) must be taken
 * again: 差し戻し, or a signature that no longer covers the form. */
static void
reset_from(struct state *st, int from, bool new_round)
{
	const struct md_workflow *wf = st->wf;
	for (size_t j = (size_t)from; j < wf->n; j++) {
		if (wf->steps[j].pub.side)
			continue;
		st->done[j] = -1;
		st->times[j] = 0;
		if (new_round && wf->steps[j].pub.form && !wf->steps[j].per_take_round)
			st->round[j]++;
	}
	if (st->decision >= 0 && st->evs[st->decision].step >= from)
		st->decision = -1;
	/* A new round leaves the old one frozen: it is what was decided. */
	if (!new_round)
		unfreeze(st, from, INT_MAX);
}

/* Apply event k to the state. */
static void
apply(struct state *st, size_t k)
{
	const struct md_workflow *wf = st->wf;
	struct ev *e = &st->evs[k];
	if (e->reopen) {
		st->closed = false;
		if (st->closer >= 0) {
			size_t n = 0;
			for (size_t i = 0; i < st->nfrz; i++)
				if (st->frz[i].ev != st->done[st->closer])
					st->frz[n++] = st->frz[i];
			st->nfrz = n;
			st->done[st->closer] = -1;
			if (st->times[st->closer] > 0)
				st->times[st->closer]--;
		}
		st->closer = -1;
		return;
	}
	int i = e->step;
	/* A follow-up meets the date that was due; the next is the one its
	 * outcome gives, if any. */
	if (i >= 0 && wf->steps[i].pub.meets_follow_up)
		st->follow_up_due = false;
	if (*e->follow_up_on) {
		st->follow_up = (int)k;
		st->follow_up_due = true;
	}
	if (i < 0)
		return;
	const struct step_def *s = &wf->steps[i];
	st->done[i] = (int)k;
	st->times[i]++;
	const struct md_wf_outcome *oc = wf_outcome_of(s, e->outcome, NULL);
	const struct md_form *fz = wf_freezes_of(s, oc);
	if (fz) {
		/* The round as it is when the step is taken. */
		struct frz *p = md_realloc(st->frz, (st->nfrz + 1) * sizeof *p);
		if (p) {
			st->frz = p;
			st->frz[st->nfrz++] = (struct frz){(int)k, i, fz,
							   form_round(st, fz)};
		}
	}
	if (oc && oc->plan_decided)
		st->decision = (int)k;
	if (s->per_take_round && !(oc && oc->last_round))
		st->round[i]++;
	if (oc && oc->back_to >= 0)
		reset_from(st, oc->back_to, oc->new_round);
	if (oc && oc->close) {
		st->closed = true;
		st->closer = i;
	}
}

static const char sql_events[] =
	"SELECT e.id, e.step, e.outcome, e.reason, e.agency,"
	" coalesce(e.follow_up_on, ''), e.at, coalesce(u.display_name, ''),"
	" coalesce(e.record_id, 0), coalesce(e.record_revision, 0),"
	" coalesce(e.done_on, ''), e.method, e.note"
	" FROM workflow_events e LEFT JOIN users u ON u.id = e.user_id"
	" WHERE e.case_id = ?1 ORDER BY e.id";
static const char sql_case_received_on[] =
	"SELECT opened_on FROM cases WHERE id = ?1";
static const char sql_revision_changes[] =
	"SELECT r.revision, j.value FROM form_revisions r, json_each(r.changed) j"
	" WHERE r.record_id = ?1 AND r.revision > ?2";

/*
 * The revisions of record_id after `after` that changed the content a
 * signature in field sig covers (every field of the form but those of the
 * signature's own section and those the workflow sets): *content gets the
 * last of them (0: none), and *signed the last that changed the
 * signature's section.
 */
static enum md_status
signature_revs(struct md_db *db, const struct md_field *sig,
	       const struct md_form *form, long long record_id, int after,
	       int *content, int *signed_rev, struct md_err *err)
{
	*content = *signed_rev = 0;
	sqlite3_stmt *q = md_db_stmt(db, sql_revision_changes, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, record_id);
	sqlite3_bind_int(q, 2, after);
	int src;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		int rev = sqlite3_column_int(q, 0);
		const char *key = (const char *)sqlite3_column_text(q, 1);
		char fkey[64];
		md_values_split_key(key ? key : "", fkey, sizeof fkey);
		const struct md_field *f = md_form_field(form, fkey);
		if (!f || f->by_workflow)
			continue;
		if (!strcmp(f->section, sig->section)) {
			if (rev > *signed_rev)
				*signed_rev = rev;
		} else if (rev > *content) {
			*content = rev;
		}
	}
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "様式の履歴の読み込み", err);
}

/* A signature step i taken again (at event k) after its earlier taking was
 * voided: the steps after it taken before k belong to the course it voided
 * and stand no more. */
static void
drop_before(struct state *st, size_t i, int k)
{
	const struct md_workflow *wf = st->wf;
	for (size_t j = i + 1; j < wf->n; j++)
		if (!wf->steps[j].pub.side && st->done[j] >= 0 && st->done[j] < k) {
			st->done[j] = -1;
			st->times[j] = 0;
		}
	if (st->decision >= 0 && st->decision < k &&
	    st->evs[st->decision].step > (int)i)
		st->decision = -1;
	unfreeze(st, (int)i + 1, k);
}

/* 001 第9条(6): a step that took the person's signature (signature =
 * FORM.FIELD) stands only while the content it covered stays: a later
 * revision that changes it voids the step and every step after it. */
static enum md_status
void_stale_signatures(struct md_db *db, struct state *st, struct md_err *err)
{
	const struct md_workflow *wf = st->wf;
	for (size_t i = 0; i < wf->n; i++) {
		const struct step_def *s = &wf->steps[i];
		if (!s->signature.field || st->done[i] < 0)
			continue;
		drop_before(st, i, st->done[i]);
		const struct ev *e = &st->evs[st->done[i]];
		if (!e->record_id)
			continue;
		int content, signed_rev;
		enum md_status rc = signature_revs(db, s->signature.field,
						   s->signature.form, e->record_id,
						   e->record_revision, &content,
						   &signed_rev, err);
		if (rc != MD_OK)
			return rc;
		if (content) {
			reset_from(st, (int)i, false);
			st->voided[i] = content;
		}
	}
	return MD_OK;
}

static enum md_status
state_load(struct md_db *db, const struct md_workflow *wf, long long case_id,
	   struct state *st, struct md_err *err)
{
	memset(st, 0, sizeof *st);
	st->wf = wf;
	st->closer = -1;
	st->decision = -1;
	st->follow_up = -1;
	size_t n = wf->n ? wf->n : 1;
	st->done = md_malloc(n * sizeof *st->done);
	st->times = md_calloc(n, sizeof *st->times);
	st->round = md_malloc(n * sizeof *st->round);
	st->voided = md_calloc(n, sizeof *st->voided);
	if (!st->done || !st->times || !st->round || !st->voided)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < wf->n; i++) {
		st->done[i] = -1;
		st->round[i] = 1;
	}
	sqlite3_stmt *q = md_db_stmt(db, sql_case_received_on, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW)
		snprintf(st->received, sizeof st->received, "%s",
			 (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return md_db_fail(db, src, "ケースの確認", err);
	q = md_db_stmt(db, sql_events, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	enum md_status rc = MD_OK;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		struct ev *p = md_realloc(st->evs, (st->nevs + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		st->evs = p;
		struct ev *e = &st->evs[st->nevs++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(q, 0);
		e->step_id = md_db_column_dup(q, 1);
		e->outcome = md_db_column_dup(q, 2);
		e->reason = md_db_column_dup(q, 3);
		e->agency = md_db_column_dup(q, 4);
		e->follow_up_on = md_db_column_dup(q, 5);
		e->at = md_db_column_dup(q, 6);
		e->by = md_db_column_dup(q, 7);
		e->record_id = sqlite3_column_int64(q, 8);
		e->record_revision = sqlite3_column_int(q, 9);
		e->method = md_db_column_dup(q, 11);
		e->note = md_db_column_dup(q, 12);
		if (!e->step_id || !e->outcome || !e->reason || !e->agency ||
		    !e->follow_up_on || !e->at || !e->by || !e->method || !e->note) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		e->reopen = !strcmp(e->step_id, REOPEN_STEP);
		e->step = e->reopen ? -1 : wf_step_index(wf, e->step_id);
		/* The steps recorded when a case opens are dated by its 受付日;
		 * the others by the day given when they were taken. */
		const char *on = (const char *)sqlite3_column_text(q, 10);
		if (e->step >= 0 && wf->steps[e->step].pub.autostart)
			on = st->received;
		else if (!on || !*on)
			on = e->at;
		snprintf(e->on, sizeof e->on, "%.10s", on);
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "手順の記録の読み込み", err);
	sqlite3_reset(q);
	if (rc != MD_OK)
		return rc;
	for (size_t k = 0; k < st->nevs; k++)
		apply(st, k);
	if (!st->closed)
		rc = void_stale_signatures(db, st, err);
	return rc;
}

static const char sql_record_state[] =
	"SELECT id, revision, complete FROM form_records"
	" WHERE case_id = ?1 AND form = ?2 AND seq = ?3";

/* The facts of form's current round (loaded once). */
static enum md_status
facts_of(struct md_db *db, struct state *st, long long case_id,
	 const struct md_form *form, struct form_facts **out,
	 struct md_err *err)
{
	for (size_t i = 0; i < st->nfacts; i++)
		if (st->facts[i].form == form) {
			*out = &st->facts[i];
			return MD_OK;
		}
	struct form_facts *p = md_realloc(st->facts, (st->nfacts + 1) * sizeof *p);
	if (!p)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	st->facts = p;
	struct form_facts *f = &st->facts[st->nfacts++];
	memset(f, 0, sizeof *f);
	md_values_init(&f->values);
	f->form = form;
	f->seq = form_round(st, form);
	sqlite3_stmt *q = md_db_stmt(db, sql_record_state, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, f->seq);
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW) {
		f->exists = true;
		f->record_id = sqlite3_column_int64(q, 0);
		f->revision = sqlite3_column_int(q, 1);
		f->complete = sqlite3_column_int(q, 2) != 0;
	}
	sqlite3_reset(q);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return md_db_fail(db, src, "様式の確認", err);
	if (f->exists && f->revision > 0) {
		enum md_status rc = md_record_latest(db, f->record_id, &f->values,
						     NULL, err);
		if (rc != MD_OK)
			return rc;
	}
	f->loaded = true;
	*out = f;
	return MD_OK;
}

/* Whether option is among the "\n"-joined options of value. */
static bool
holds_option(const char *value, const char *option)
{
	size_t n = strlen(option);
	for (const char *p = value; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !strncmp(p, option, n))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* Whether field is where a step takes the person's signature. */
static bool
is_signature(const struct md_workflow *wf, const struct md_field *field)
{
	for (size_t i = 0; field && i < wf->n; i++)
		if (wf->steps[i].signature.field == field)
			return true;
	return false;
}

/* The revisions of the signature in field sig on f's round: what it covers
 * last changed in *content, it was last given in *signed_rev. */
static enum md_status
signature_state(struct md_db *db, struct form_facts *f,
		const struct md_field *sig, struct md_err *err)
{
	if (f->sig_loaded || !f->exists)
		return MD_OK;
	enum md_status rc = signature_revs(db, sig, f->form, f->record_id, 0,
					   &f->sig_content, &f->sig_signed, err);
	f->sig_loaded = rc == MD_OK;
	return rc;
}

static enum md_status
eval_term(struct md_db *db, struct state *st, long long case_id,
	  const struct term *t, bool *result, struct md_err *err)
{
	bool r = false;
	struct form_facts *f = NULL;
	if (t->ref.form && t->cond != COND_DONE && t->cond != COND_OUTCOME) {
		enum md_status rc = facts_of(db, st, case_id, t->ref.form, &f, err);
		if (rc != MD_OK)
			return rc;
	}
	const char *v = f && t->ref.field ? md_values_get(&f->values, t->ref.field->key)
					  : NULL;
	switch (t->cond) {
	case COND_DONE:
		r = st->done[t->step] >= 0;
		break;
	case COND_OUTCOME:
		r = st->done[t->step] >= 0 &&
		    !strcmp(st->evs[st->done[t->step]].outcome, t->value);
		break;
	case COND_COMPLETE:
		r = f->exists && f->complete;
		break;
	case COND_YES:
		r = v && !strcmp(v, "はい");
		/* 001 第9条(6): a signature counts for the content it was
		 * given on, not for what was changed after it. */
		if (r && is_signature(st->wf, t->ref.field)) {
			enum md_status rc = signature_state(db, f, t->ref.field, err);
			if (rc != MD_OK)
				return rc;
			r = f->sig_content <= f->sig_signed;
		}
		break;
	case COND_FILLED:
		r = v && *v;
		break;
	case COND_HAS:
		r = v && holds_option(v, t->value);
		break;
	case COND_PASSED: {
		char today[MD_DATE_SIZE];
		md_clock_today(today);
		r = v && *v && strcmp(v, today) < 0;
		break;
	}
	case COND_DUE:
		r = st->follow_up_due;
		break;
	}
	*result = t->negate ? !r : r;
	return MD_OK;
}

/* Where a need fails on a signature given before the content changed, say
 * so and what to do (after its why). */
static void
stale_note(const struct state *st, const struct need *need, struct md_buf *why)
{
	for (size_t a = 0; a < need->n; a++)
		for (size_t t = 0; t < need->alts[a].n; t++) {
			const struct term *tm = &need->alts[a].terms[t];
			if (tm->cond != COND_YES || tm->negate ||
			    !is_signature(st->wf, tm->ref.field))
				continue;
			for (size_t i = 0; i < st->nfacts; i++) {
				const struct form_facts *f = &st->facts[i];
				const char *v = md_values_get(&f->values,
							      tm->ref.field->key);
				if (f->form != tm->ref.form || !f->sig_loaded ||
				    f->sig_content <= f->sig_signed || !v ||
				    strcmp(v, "はい"))
					continue;
				md_buf_addf(why,
					    "\n%sの%sは版 %d で受けたものです。そのあと版 %d で内容が変わったため、この署名は変わった内容には及びません。ご本人に変わった内容を確かめて署名を受け直し、「%s」の欄を入れ直して保存してください",
					    f->form->number, tm->ref.field->label,
					    f->sig_signed, f->sig_content,
					    tm->ref.field->section);
				return;
			}
		}
}

/* Whether every need of step i holds; the whys of those that do not are
 * appended to why (when not NULL). */
static enum md_status
eval_needs(struct md_db *db, struct state *st, long long case_id, size_t i,
	   bool *open, struct md_buf *why, struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	*open = true;
	for (size_t k = 0; k < s->nneeds; k++) {
		bool any = false;
		for (size_t a = 0; a < s->needs[k].n && !any; a++) {
			bool all = true;
			for (size_t t = 0; t < s->needs[k].alts[a].n && all; t++) {
				enum md_status rc = eval_term(db, st, case_id,
							      &s->needs[k].alts[a].terms[t],
							      &all, err);
				if (rc != MD_OK)
					return rc;
			}
			any = all;
		}
		if (!any) {
			*open = false;
			if (why) {
				if (why->len)
					md_buf_addc(why, '\n');
				md_buf_adds(why, s->needs[k].why);
				stale_note(st, &s->needs[k], why);
			}
		}
	}
	return MD_OK;
}

/* Why a step cannot be taken on a closed case, naming the steps that can
 * (after_close: the follow-up, 001 第9条(5)イ・(9)エ). */
static void
closed_case_why(const struct md_workflow *wf, struct md_buf *why)
{
	md_buf_adds(why, "このケースは終結しています(再開できるのは主任相談支援員と管理者です)");
	size_t named = 0;
	for (size_t i = 0; i < wf->n; i++)
		if (wf->steps[i].pub.after_close)
			md_buf_addf(why, "%s「%s」",
				    named++ ? "、" : "\n再開しなくても記録できる手順: ",
				    wf->steps[i].pub.label);
}

/* The state of step i, with the reasons it is closed. */
static enum md_status
step_state(struct md_db *db, struct state *st, long long case_id, size_t i,
	   enum md_step_state *state, struct md_buf *why, struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	if (st->done[i] >= 0 && !s->pub.repeat) {
		*state = MD_STEP_DONE;
		return MD_OK;
	}
	if (st->closed && !s->pub.after_close) {
		*state = MD_STEP_CLOSED;
		closed_case_why(st->wf, why);
		return MD_OK;
	}
	bool open;
	enum md_status rc = eval_needs(db, st, case_id, i, &open, why, err);
	if (rc == MD_OK)
		*state = open ? MD_STEP_OPEN : MD_STEP_CLOSED;
	return rc;
}

static const struct md_wf_outcome *
match_outcome(const struct step_def *s, const char *typed, bool *nomem);

/* The outcome the form of step s holds now, when s reads its outcome from
 * there (outcome_from), or NULL. */
static enum md_status
form_outcome(struct md_db *db, struct state *st, long long case_id,
	     const struct step_def *s, const struct md_wf_outcome **out,
	     struct md_err *err)
{
	*out = NULL;
	if (!s->outcome_from.field)
		return MD_OK;
	struct form_facts *f;
	enum md_status rc = facts_of(db, st, case_id, s->pub.form, &f, err);
	const char *typed =
	    rc == MD_OK ? md_values_get(&f->values, s->outcome_from.field->key)
			: NULL;
	bool nomem = false;
	if (typed && *typed && !(*out = match_outcome(s, typed, &nomem)) && nomem)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	return rc;
}

void
md_flow_fini(struct md_flow *flow)
{
	for (size_t i = 0; i < flow->nsteps; i++) {
		md_free(flow->steps[i].why);
		md_free(flow->steps[i].on);
		md_free(flow->steps[i].at);
		md_free(flow->steps[i].by);
		md_free(flow->steps[i].outcome);
	}
	md_free(flow->steps);
	for (size_t i = 0; i < flow->nevents; i++) {
		struct md_event *e = &flow->events[i];
		md_free(e->step);
		md_free(e->outcome);
		md_free(e->reason);
		md_free(e->agency);
		md_free(e->follow_up_on);
		md_free(e->method);
		md_free(e->note);
		md_free(e->on);
		md_free(e->at);
		md_free(e->by);
	}
	md_free(flow->events);
	memset(flow, 0, sizeof *flow);
}

/* Move event strings into a flow's history (the state gives them up). */
static enum md_status
flow_events(const struct md_workflow *wf, struct state *st,
	    struct md_flow *flow, struct md_err *err)
{
	flow->events = md_calloc(st->nevs ? st->nevs : 1, sizeof *flow->events);
	if (!flow->events)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t k = 0; k < st->nevs; k++) {
		struct ev *e = &st->evs[k];
		struct md_event *o = &flow->events[flow->nevents++];
		o->id = e->id;
		o->step_label = md_workflow_stage_label(wf, e->step_id);
		o->step = e->step_id;
		o->outcome = e->outcome;
		o->reason = e->reason;
		o->agency = e->agency;
		o->follow_up_on = e->follow_up_on;
		o->method = e->method;
		o->note = e->note;
		o->on = md_strdup(e->on);
		o->at = e->at;
		o->by = e->by;
		memset(e, 0, sizeof *e);
		if (!o->on)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		/* step_label pointed into the definition or a literal: stable. */
	}
	return MD_OK;
}

static const char sql_case_exists[] = "SELECT status = 'closed' FROM cases WHERE id = ?1";

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
		return md_err_set(err, MD_ERR_NOTFOUND, "ケース %lld は見つかりません",
				  case_id);
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
	struct state st;
	enum md_status rc = md_auth_require(db, actor, false, "手順の確認", err);
	if (rc != MD_OK)
		return rc;
	if ((rc = case_must_exist(db, case_id, NULL, err)) != MD_OK)
		return rc;
	rc = state_load(db, wf, case_id, &st, err);
	if (rc == MD_OK) {
		out->case_id = case_id;
		out->closed = st.closed;
		out->steps = md_calloc(wf->n ? wf->n : 1, sizeof *out->steps);
		if (!out->steps)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; rc == MD_OK && i < wf->n; i++) {
		struct md_step_status *ss = &out->steps[out->nsteps++];
		struct md_buf why;
		md_buf_init(&why);
		ss->step = &wf->steps[i].pub;
		rc = step_state(db, &st, case_id, i, &ss->state, &why, err);
		ss->why = md_buf_take(&why);
		int k = st.done[i];
		ss->on = md_strdup(k >= 0 ? st.evs[k].on : "");
		ss->at = md_strdup(k >= 0 ? st.evs[k].at : "");
		ss->by = md_strdup(k >= 0 ? st.evs[k].by : "");
		ss->outcome = md_strdup(k >= 0 ? st.evs[k].outcome : "");
		ss->round = st.round[i];
		ss->times = st.times[i];
		ss->may_take = actor && (wf->steps[i].pub.roles & (1u << actor->role));
		if (rc == MD_OK && ss->state == MD_STEP_OPEN)
			rc = form_outcome(db, &st, case_id, &wf->steps[i],
					  &ss->form_outcome, err);
		if (rc == MD_OK &&
		    (!ss->why || !ss->on || !ss->at || !ss->by || !ss->outcome))
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (rc == MD_OK)
		rc = flow_events(wf, &st, out, err);
	state_fini(&st);
	if (rc != MD_OK)
		md_flow_fini(out);
	return rc;
}

int
md_flow_form_round(const struct md_workflow *wf, const struct md_flow *flow,
		   const char *form_id)
{
	for (size_t i = 0; i < wf->n && i < flow->nsteps; i++)
		if (wf->steps[i].pub.form && !strcmp(wf->steps[i].pub.form->id, form_id))
			return flow->steps[i].round;
	return 1;
}

/* ---- taking steps ----------------------------------------------------- */

/* Field writes a step makes, grouped by form. */
struct write {
	const struct md_form *form;
	struct md_values values;
};

struct writes {
	struct write items[8];
	size_t n;
};

static enum md_status
write_add(struct writes *w, const struct ref *r, const char *value,
	  struct md_err *err)
{
	if (!r->field || !value)
		return MD_OK;
	size_t i = 0;
	while (i < w->n && w->items[i].form != r->form)
		i++;
	if (i == w->n) {
		if (w->n == sizeof w->items / sizeof w->items[0])
			return md_err_set(err, MD_ERR_DEFINITION,
					  "内部エラー: 1 つの手順が書き込む様式が多すぎます");
		w->items[w->n].form = r->form;
		md_values_init(&w->items[w->n].values);
		w->n++;
	}
	return md_values_set(&w->items[i].values, r->field->key, value, err);
}

static void
writes_fini(struct writes *w)
{
	for (size_t i = 0; i < w->n; i++)
		md_values_fini(&w->items[i].values);
	w->n = 0;
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

/* Save the fields a step fills on form's current round. */
static enum md_status
apply_write(struct md_db *db, const struct md_user *actor,
	    const struct md_forms *forms, long long case_id, int seq,
	    const struct write *w, struct md_err *err)
{
	struct md_record rec;
	enum md_status rc = md_record_load(db, actor, forms, case_id, w->form->id,
					   seq, &rec, err);
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

/* Which of n labels is typed: the label whole, its number (1…n), or the
 * start of one label only (md_text_match, the rule agencies follow too);
 * n when none, LABEL_NOMEM when out of memory (never taken for "none"). */
#define LABEL_NOMEM ((size_t)-1)
static size_t
match_label(const char *typed, const char *const *labels, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (labels[i] && !strcmp(labels[i], typed))
			return i;
	char *f = md_text_ascii_fold(typed);
	if (!f)
		return LABEL_NOMEM;
	md_text_trim(f);
	char *end;
	long k = strtol(f, &end, 10);
	bool number = *f && !*end && k >= 1 && (size_t)k <= n;
	md_free(f);
	if (number)
		return (size_t)k - 1;
	struct md_text_name *names = md_calloc(n ? n : 1, sizeof *names);
	if (!names)
		return LABEL_NOMEM;
	for (size_t i = 0; i < n; i++)
		names[i] = (struct md_text_name){labels[i], i};
	size_t i, found = n;
	enum md_text_match m = md_text_match(typed, names, n, &i, NULL);
	if (m == MD_MATCH_ONE)
		found = i;
	else if (m == MD_MATCH_NOMEM)
		found = LABEL_NOMEM;
	md_free(names);
	return found;
}

/* The labels of a step's outcomes: a new array (md_free), or NULL when
 * out of memory. */
static const char **
outcome_labels(const struct step_def *s)
{
	const char **labels = md_calloc(s->pub.noutcomes ? s->pub.noutcomes : 1,
					sizeof *labels);
	for (size_t i = 0; labels && i < s->pub.noutcomes; i++)
		labels[i] = s->pub.outcomes[i].label;
	return labels;
}

/* The outcome typed (match_label); NULL with *nomem set when out of
 * memory, NULL alone when none is. */
static const struct md_wf_outcome *
match_outcome(const struct step_def *s, const char *typed, bool *nomem)
{
	const char **labels = outcome_labels(s);
	size_t n = s->pub.noutcomes;
	size_t i = labels ? match_label(typed, labels, n) : LABEL_NOMEM;
	md_free(labels);
	*nomem = i == LABEL_NOMEM;
	return i < n ? &s->pub.outcomes[i] : NULL;
}

/* "1: A、2: B…": the labels to choose from, for a message. */
static void
label_list(const char *const *labels, size_t n, struct md_buf *b)
{
	for (size_t i = 0; labels && i < n; i++)
		md_buf_addf(b, "%s%zu: %s", i ? "、" : "", i + 1, labels[i]);
}

static void
outcome_list(const struct step_def *s, struct md_buf *b)
{
	const char **labels = outcome_labels(s);
	label_list(labels, s->pub.noutcomes, b);
	md_free(labels);
}

static void
role_list(unsigned roles, struct md_buf *b)
{
	for (int r = 0; r < MD_ROLE_COUNT; r++)
		if (roles & (1u << r)) {
			if (b->len)
				md_buf_adds(b, "・");
			md_buf_adds(b, md_role_label(r));
		}
}

/* The refusal of a step to a role that may not take it, naming who may. */
static enum md_status
refuse_role(const struct md_wf_step *s, const struct md_user *actor,
	    struct md_err *err)
{
	struct md_buf roles;
	md_buf_init(&roles);
	role_list(s->roles, &roles);
	enum md_status rc = md_err_set(err, MD_ERR_DENIED,
				       "手順「%s」を記録できるのは %s です(%s さんは %s)",
				       s->label, md_buf_str(&roles),
				       actor->display_name,
				       md_role_label(actor->role));
	md_buf_fini(&roles);
	return rc;
}

/* The agency typed for outcome oc of step s (md_agency_find: a name, an
 * alias or its start), of the kind the outcome requires; *name gets the
 * agency's name (md_free). */
static enum md_status
check_agency(struct md_db *db, const struct md_wf_step *s,
	     const struct md_wf_outcome *oc, const char *typed, char **name,
	     struct md_err *err)
{
	struct md_agency a;
	enum md_status rc = md_agency_find(db, typed, &a, err);
	if (rc != MD_OK)
		return rc;
	/* 001 第9条(5): the referral goes where the definition says. */
	if (oc->agency_kind && strcmp(a.kind, oc->agency_kind))
		rc = md_err_set(err, MD_ERR_INVALID,
				"%s(%s)のつなぎ先は種別「%s」の関係機関にしてください(「%s」の種別は「%s」です)",
				s->label, oc->label, oc->agency_kind, a.name,
				*a.kind ? a.kind : "なし");
	if (rc == MD_OK) {
		*name = a.name;
		a.name = NULL;
	}
	md_agency_fini(&a);
	return rc;
}

static const char sql_event_insert[] =
	"INSERT INTO workflow_events (case_id, step, outcome, reason, agency,"
	" follow_up_on, record_id, record_revision, user_id, at, done_on,"
	" method, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" coalesce(?12, ''), coalesce(?13, ''))";

/* What an event records beside its step: its outcome and what came with it. */
struct event_facts {
	const char *outcome, *reason, *agency, *follow_up, *method, *note;
};

/* Record a step taken: on is the day it was done (NULL for a step recorded
 * when the case opens, dated by the case's 受付日). */
static enum md_status
insert_event(struct md_db *db, const struct md_user *actor, long long case_id,
	     const char *step, const struct event_facts *ef, long long record_id,
	     int revision, const char *on, struct md_err *err)
{
	const char *outcome = ef->outcome, *reason = ef->reason,
		   *agency = ef->agency, *follow_up = ef->follow_up;
	sqlite3_stmt *q = md_db_stmt(db, sql_event_insert, err);
	if (!q)
		return err->status;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, step, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, outcome ? outcome : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, agency ? agency : "", -1, SQLITE_STATIC);
	if (follow_up && *follow_up)
		sqlite3_bind_text(q, 6, follow_up, -1, SQLITE_STATIC);
	if (record_id) {
		sqlite3_bind_int64(q, 7, record_id);
		sqlite3_bind_int(q, 8, revision);
	}
	sqlite3_bind_int64(q, 9, actor->id);
	sqlite3_bind_text(q, 10, now, -1, SQLITE_STATIC);
	if (on)
		sqlite3_bind_text(q, 11, on, -1, SQLITE_STATIC);
	if (ef->method)
		sqlite3_bind_text(q, 12, ef->method, -1, SQLITE_STATIC);
	if (ef->note)
		sqlite3_bind_text(q, 13, ef->note, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "手順の記録", err);
}

/* The next evaluation: the decision date plus the configured months; past
 * the last interval, every step between the last two. */
static void
next_evaluation(const struct md_config *cfg, const char *decided, int done,
		char out[MD_DATE_SIZE])
{
	struct md_date d;
	out[0] = '\0';
	if (md_date_from_iso(decided, &d, NULL) != MD_OK ||
	    cfg->workflow_evaluation_count < 1)
		return;
	const int *m = cfg->workflow_evaluation_months;
	int n = cfg->workflow_evaluation_count;
	int months;
	if (done < n) {
		months = m[done];
	} else {
		int step = n > 1 ? m[n - 1] - m[n - 2] : m[0];
		months = m[n - 1] + (done - n + 1) * step;
	}
	md_date_iso(md_date_add_months(d, months), out);
}

/* A NULL day or reason of closing keeps the case's own. */
static const char sql_case_update[] =
	"UPDATE cases SET stage = ?2, status = ?3,"
	" closed_on = CASE WHEN ?3 = 'closed' THEN coalesce(?4, closed_on) END,"
	" close_reason = CASE WHEN ?3 = 'closed' THEN coalesce(?5, close_reason) END,"
	" plan_decided_on = ?6, next_eval_on = ?7, follow_up_on = ?8,"
	" updated_at = ?9 WHERE id = ?1";

/* Bring the case row in line with the state after a step: on and
 * close_reason NULL keep the day and reason the case was closed (a step
 * taken on a closed case). The follow-up still due is the state's. */
static enum md_status
update_case(struct md_db *db, const struct md_config *cfg,
	    const struct state *st, long long case_id, const char *stage,
	    const char *on, const char *close_reason, struct md_err *err)
{
	char decided[MD_DATE_SIZE] = "", next[MD_DATE_SIZE] = "";
	if (st->decision >= 0) {
		/* The day the plan was decided; evaluations (3, 6, 12
		 * months) count from it, 001 第9条(9). */
		int evals = 0;
		for (size_t k = (size_t)st->decision + 1; k < st->nevs; k++)
			if (st->evs[k].step >= 0 &&
			    st->wf->steps[st->evs[k].step].pub.evaluation)
				evals++;
		snprintf(decided, sizeof decided, "%s", st->evs[st->decision].on);
		if (!st->closed)
			next_evaluation(cfg, decided, evals, next);
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_stmt *q = md_db_stmt(db, sql_case_update, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, st->closed ? "closed" : "open", -1, SQLITE_STATIC);
	if (st->closed && on) {
		sqlite3_bind_text(q, 4, on, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, close_reason ? close_reason : "", -1,
				  SQLITE_STATIC);
	}
	if (decided[0])
		sqlite3_bind_text(q, 6, decided, -1, SQLITE_STATIC);
	if (next[0])
		sqlite3_bind_text(q, 7, next, -1, SQLITE_STATIC);
	/* 001 第9条(5)イ・(9)エ: the follow-up date set last, until a
	 * follow-up meets it. */
	if (st->follow_up_due)
		sqlite3_bind_text(q, 8, st->evs[st->follow_up].follow_up_on, -1,
				  SQLITE_STATIC);
	sqlite3_bind_text(q, 9, now, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "ケースの更新", err);
}

static const char sql_freezes_clear[] =
	"DELETE FROM record_freezes WHERE record_id IN"
	" (SELECT id FROM form_records WHERE case_id = ?1)";
static const char sql_freeze_insert[] =
	"INSERT OR REPLACE INTO record_freezes (record_id, event_id, why)"
	" VALUES (?1, ?2, ?3)";

/* Write which forms of the case stand frozen, from the replayed state:
 * md_record_save reads them (records.h). */
static enum md_status
freezes_write(struct md_db *db, const struct state *st, long long case_id,
	      struct md_err *err)
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
	for (size_t k = 0; k < st->nfrz && rc == MD_OK; k++) {
		const struct frz *z = &st->frz[k];
		const struct ev *e = &st->evs[z->ev];
		long long rid = 0;
		if ((rc = md_record_find(db, case_id, z->form->id, z->seq, &rid,
					 err)) != MD_OK || !rid)
			continue;
		char *why = md_workflow_freeze_why(st->wf, e->step_id, e->outcome,
						   e->on, z->seq,
						   form_round(st, z->form));
		if (!why) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		if (!(q = md_db_stmt(db, sql_freeze_insert, err))) {
			md_free(why);
			return err->status;
		}
		sqlite3_bind_int64(q, 1, rid);
		sqlite3_bind_int64(q, 2, e->id);
		sqlite3_bind_text(q, 3, why, -1, SQLITE_TRANSIENT);
		src = sqlite3_step(q);
		sqlite3_reset(q);
		md_free(why);
		if (src != SQLITE_DONE)
			rc = md_db_fail(db, src, "確定した様式の記録", err);
	}
	return rc;
}

/* The value round_sets writes: the round, or for a choice its first option
 * (初回) in round 1 and its second (再アセスメント) after. */
static const char *
round_value(const struct ref *r, int round, char buf[16])
{
	if (!r->field)
		return NULL;
	if (r->field->type == MD_FIELD_NUMBER) {
		snprintf(buf, 16, "%d", round);
		return buf;
	}
	if (r->field->noptions == 0)
		return NULL;
	return r->field->options[round > 1 && r->field->noptions > 1 ? 1 : 0];
}

/* Typed inputs of a take, checked and normalised. */
struct inputs {
	const struct md_wf_outcome *oc;
	size_t oi;
	char *agency; /* the agency's name, as the catalogue has it */
	char *reason;
	const char *method; /* one of the step's methods */
	char *note;
	char follow_up[MD_DATE_SIZE];
	char on[MD_DATE_SIZE];
};

/*
 * 001 第9条・第10条: a step is done on or after the case's 受付日 and the day
 * of every step it depends on (the steps its needs name that are done): a
 * decision never comes before its meeting.
 */
static enum md_status
check_date_order(const struct state *st, size_t i, const char *on,
		 struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	char a[64], b[64];
	if (st->received[0] && strcmp(on, st->received) < 0)
		return md_err_set(err, MD_ERR_INVALID,
				  "%sの日付(%s)は、このケースの受付日(%s)より前です。手順を行った日を入力してください(受付日は第1号様式で直せます)",
				  s->pub.label, wf_date_words(on, a),
				  wf_date_words(st->received, b));
	for (size_t k = 0; k < s->nneeds; k++)
		for (size_t al = 0; al < s->needs[k].n; al++)
			for (size_t t = 0; t < s->needs[k].alts[al].n; t++) {
				const struct term *tm = &s->needs[k].alts[al].terms[t];
				const struct ev *e = NULL;
				if (tm->negate)
					continue;
				if ((tm->cond == COND_DONE || tm->cond == COND_OUTCOME) &&
				    st->done[tm->step] >= 0)
					e = &st->evs[st->done[tm->step]];
				/* A follow-up comes after what set its date. */
				else if (tm->cond == COND_DUE && st->follow_up_due)
					e = &st->evs[st->follow_up];
				if (e && strcmp(on, e->on) < 0)
					return md_err_set(err, MD_ERR_INVALID,
							  "%sの日付(%s)は、先に行った「%s」の日(%s)より前です。手順を行った日を入力してください",
							  s->pub.label, wf_date_words(on, a),
							  md_workflow_stage_label(st->wf, e->step_id),
							  wf_date_words(e->on, b));
			}
	return MD_OK;
}

/* A text of several lines typed with a step (a reason, a note), checked
 * and kept in *out (md_free) with its line breaks as LF, trimmed. */
static enum md_status
text_input(const char *typed, const char *what, char **out,
	   struct md_err *err)
{
	enum md_status rc = md_text_check(typed, true, what, err);
	if (rc != MD_OK)
		return rc;
	*out = md_strdup(typed);
	if (!*out)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_text_trim(md_text_newlines(*out));
	return MD_OK;
}

/* How the step was done (one of its methods) and its note, where it takes
 * them (001 第9条(5)イ・(9)エ: how the follow-up was checked). */
static enum md_status
check_method_note(const struct step_def *s, const struct md_take *take,
		  struct inputs *in, struct md_err *err)
{
	const char *label = s->pub.label;
	const char *typed = take->method;
	if (typed && *typed && !s->pub.nmethods)
		return md_err_set(err, MD_ERR_INVALID, "%sでは方法を記録しません", label);
	if (s->pub.nmethods) {
		size_t k = typed && *typed ? match_label(typed, s->pub.methods,
							  s->pub.nmethods)
					   : s->pub.nmethods;
		if (k == LABEL_NOMEM)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		if (k == s->pub.nmethods) {
			struct md_buf b;
			md_buf_init(&b);
			label_list(s->pub.methods, s->pub.nmethods, &b);
			enum md_status rc =
			    typed && *typed
				? md_err_set(err, MD_ERR_INVALID,
					     "%sの方法に「%s」はありません(%s)", label,
					     typed, md_buf_str(&b))
				: md_err_set(err, MD_ERR_INVALID,
					     "%sの方法を選んでください(%s)", label,
					     md_buf_str(&b));
			md_buf_fini(&b);
			return rc;
		}
		in->method = s->pub.methods[k];
	}
	if (take->note && *take->note) {
		if (s->pub.note == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID, "%sではメモを記録しません",
					  label);
		enum md_status rc = text_input(take->note, "メモ", &in->note, err);
		if (rc != MD_OK)
			return rc;
	}
	if (s->pub.note == MD_WF_REQUIRED && (!in->note || !*in->note))
		return md_err_set(err, MD_ERR_INVALID, "%sにはメモが必要です", label);
	return MD_OK;
}

static enum md_status
check_inputs(struct md_db *db, struct state *st, long long case_id, size_t i,
	     const struct md_take *take, struct inputs *in, struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	const char *label = s->pub.label;
	memset(in, 0, sizeof *in);
	md_clock_today(in->on);
	if (take->date && *take->date) {
		struct md_date d;
		struct md_err derr;
		if (md_date_parse(take->date, &d, &derr) != MD_OK)
			return md_err_set(err, MD_ERR_INVALID, "%sの日付: %s", label,
					  derr.msg);
		char iso[MD_DATE_SIZE];
		md_date_iso(d, iso);
		if (strcmp(iso, in->on) > 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "%sの日付に先の日付(%s)は入れられません", label,
					  take->date);
		memcpy(in->on, iso, sizeof in->on);
	}
	enum md_status drc = check_date_order(st, i, in->on, err);
	if (drc != MD_OK)
		return drc;
	if (s->pub.noutcomes) {
		const char *typed = take->outcome;
		if ((!typed || !*typed) && s->pub.noutcomes == 1)
			typed = s->pub.outcomes[0].label;
		if (s->outcome_from.field) {
			struct form_facts *f;
			enum md_status rc = facts_of(db, st, case_id, s->pub.form, &f, err);
			if (rc != MD_OK)
				return rc;
			typed = md_values_get(&f->values, s->outcome_from.field->key);
			if (!typed || !*typed)
				return md_err_set(err, MD_ERR_INVALID,
						  "%sを記録するには、%sの「%s」を入力してください",
						  label, s->pub.form->number,
						  s->outcome_from.field->label);
			bool nomem = false;
			if (take->outcome && *take->outcome &&
			    match_outcome(s, take->outcome, &nomem) !=
				wf_outcome_of(s, typed, NULL))
				return nomem ? md_err_set(err, MD_ERR_NOMEM, NULL)
					     : md_err_set(err, MD_ERR_INVALID,
						  "%sの結果は%sの「%s」(%s)から記録します",
						  label, s->pub.form->number,
						  s->outcome_from.field->label, typed);
		}
		struct md_buf b;
		md_buf_init(&b);
		outcome_list(s, &b);
		enum md_status rc = MD_OK;
		bool nomem = false;
		if (!typed || !*typed)
			rc = md_err_set(err, MD_ERR_INVALID,
					"%sの結果を選んでください(%s)", label,
					md_buf_str(&b));
		else if (!(in->oc = match_outcome(s, typed, &nomem)) && nomem)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		else if (!in->oc)
			rc = md_err_set(err, MD_ERR_INVALID,
					"%sの結果に「%s」はありません(%s)", label, typed,
					md_buf_str(&b));
		md_buf_fini(&b);
		if (rc != MD_OK)
			return rc;
		in->oi = (size_t)(in->oc - s->pub.outcomes);
	} else if (take->outcome && *take->outcome) {
		return md_err_set(err, MD_ERR_INVALID, "%sには結果を選ぶ必要はありません",
				  label);
	}
	const struct md_wf_outcome *oc = in->oc;
	enum md_wf_input agency = oc ? oc->agency : MD_WF_NONE;
	enum md_wf_input follow = oc ? oc->follow_up : MD_WF_NONE;
	enum md_wf_input reason = oc ? oc->reason : MD_WF_NONE;
	const char *what = oc ? oc->label : label;
	if (take->agency && *take->agency) {
		if (agency == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID,
					  "「%s」ではつなぎ先を記録しません", what);
		enum md_status rc = check_agency(db, &s->pub, oc, take->agency,
						 &in->agency, err);
		if (rc != MD_OK)
			return rc;
	} else if (agency == MD_WF_REQUIRED) {
		return oc->agency_kind
			       ? md_err_set(err, MD_ERR_INVALID,
					    "「%s」にはつなぎ先(種別「%s」の関係機関)が必要です",
					    what, oc->agency_kind)
			       : md_err_set(err, MD_ERR_INVALID,
					    "「%s」にはつなぎ先(関係機関)が必要です", what);
	}
	if (take->follow_up && *take->follow_up) {
		if (follow == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID,
					  "「%s」ではフォローアップ予定日を記録しません", what);
		struct md_date d;
		struct md_err derr;
		if (md_date_parse(take->follow_up, &d, &derr) != MD_OK)
			return md_err_set(err, MD_ERR_INVALID, "フォローアップ予定日: %s",
					  derr.msg);
		md_date_iso(d, in->follow_up);
		char a[64], b[64];
		if (strcmp(in->follow_up, in->on) < 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "フォローアップ予定日(%s)は、%sの日(%s)より前にはできません",
					  wf_date_words(in->follow_up, a), label,
					  wf_date_words(in->on, b));
	} else if (follow == MD_WF_REQUIRED) {
		return md_err_set(err, MD_ERR_INVALID,
				  "「%s」にはフォローアップの予定日が必要です(001 第9条(5))",
				  what);
	}
	if (take->reason && *take->reason) {
		enum md_status rc = text_input(take->reason, "理由", &in->reason, err);
		if (rc != MD_OK)
			return rc;
	}
	if (reason == MD_WF_REQUIRED && (!in->reason || !*in->reason))
		return md_err_set(err, MD_ERR_INVALID, "「%s」には理由が必要です", what);
	return check_method_note(s, take, in, err);
}

/* Refuse unless step i is open for actor; message names what is missing. */
static enum md_status
check_open(struct md_db *db, const struct md_user *actor, struct state *st,
	   long long case_id, size_t i, struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	enum md_step_state state;
	struct md_buf why;
	md_buf_init(&why);
	enum md_status rc = step_state(db, st, case_id, i, &state, &why, err);
	if (rc == MD_OK && state == MD_STEP_DONE) {
		const struct ev *e = &st->evs[st->done[i]];
		char at[MD_DISPLAY_WHEN_SIZE];
		rc = md_err_set(err, MD_ERR_CLOSED,
				"手順「%s」はすでに記録されています(%s %s)",
				s->pub.label,
				md_display_when(e->at, MD_DATE_LONG, at), e->by);
	} else if (rc == MD_OK && state == MD_STEP_CLOSED) {
		rc = md_err_set(err, MD_ERR_CLOSED, "手順「%s」はまだ行えません: %s",
				s->pub.label, md_buf_str(&why));
	} else if (rc == MD_OK && !(s->pub.roles & (1u << actor->role))) {
		rc = refuse_role(&s->pub, actor, err);
	}
	md_buf_fini(&why);
	return rc;
}

enum md_status
md_workflow_take(struct md_db *db, const struct md_user *actor,
		 const struct md_workflow *wf, const struct md_forms *forms,
		 const struct md_config *cfg, long long case_id,
		 const char *step_id, const struct md_take *take,
		 struct md_err *err)
{
	static const struct md_take none = {.outcome = NULL};
	if (!take)
		take = &none;
	int i = wf_step_index(wf, step_id);
	if (i < 0)
		return md_err_set(err, MD_ERR_NOTFOUND, "手順「%s」はありません", step_id);
	const struct step_def *s = &wf->steps[i];
	enum md_status rc = md_auth_require(db, actor, false, "手順の記録", err);
	if (rc != MD_OK)
		return rc;
	struct state st;
	struct inputs in;
	struct writes w = {.n = 0};
	memset(&in, 0, sizeof in);
	memset(&st, 0, sizeof st);
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	bool was_closed = false;
	if ((rc = case_must_exist(db, case_id, &was_closed, err)) != MD_OK ||
	    (rc = state_load(db, wf, case_id, &st, err)) != MD_OK ||
	    (rc = check_open(db, actor, &st, case_id, (size_t)i, err)) != MD_OK ||
	    (rc = check_inputs(db, &st, case_id, (size_t)i, take, &in, err)) != MD_OK)
		goto out;

	/* The form this step fills: complete where it must be. */
	long long record_id = 0;
	int revision = 0;
	int round = st.round[i];
	if (s->pub.form) {
		struct form_facts *f;
		if ((rc = facts_of(db, &st, case_id, s->pub.form, &f, err)) != MD_OK)
			goto out;
		record_id = f->exists ? f->record_id : 0;
		revision = f->revision;
		if (s->pub.complete && !(f->exists && f->complete)) {
			struct md_record rec;
			struct md_buf missing;
			md_buf_init(&missing);
			if (md_record_load(db, actor, forms, case_id, s->pub.form->id,
					   f->exists ? f->seq : MD_SEQ_LATEST, &rec,
					   err) == MD_OK) {
				md_form_missing(s->pub.form, &rec.values, &missing);
				md_record_fini(&rec);
			}
			rc = md_err_set(err, MD_ERR_INVALID,
					"%sを記録するには、%s(%s)の ※ 項目をすべて入力して保存してください(未入力: %s)",
					s->pub.label, s->pub.form->number,
					s->pub.form->title,
					missing.len ? md_buf_str(&missing) : "まだ保存されていません");
			md_buf_fini(&missing);
			goto out;
		}
	}

	/* What the step writes on its forms. */
	char rbuf[16];
	const struct outcome_extra *ex = in.oc ? &s->extras[in.oi] : NULL;
	if ((rc = write_add(&w, &s->sets, in.oc ? in.oc->label : NULL, err)) ||
	    (rc = write_add(&w, &s->date_sets, in.on, err)) ||
	    (rc = write_add(&w, &s->round_sets, round_value(&s->round_sets, round, rbuf),
			    err)))
		goto out;
	if (ex && ((rc = write_add(&w, &ex->agency_sets, in.agency, err)) ||
		   (rc = write_add(&w, &ex->follow_up_sets,
				   in.follow_up[0] ? in.follow_up : NULL, err)) ||
		   (rc = write_add(&w, &ex->reason_sets, in.reason, err)) ||
		   (rc = write_add(&w, &ex->date_sets, in.on, err))))
		goto out;
	for (size_t k = 0; k < w.n; k++) {
		rc = apply_write(db, actor, forms, case_id, form_round(&st, w.items[k].form),
				 &w.items[k], err);
		if (rc != MD_OK)
			goto out;
		if (w.items[k].form == s->pub.form) {
			/* The event links the revision the step wrote. */
			struct md_values latest;
			long long rid = 0;
			int rev = 0;
			md_values_init(&latest);
			rc = md_record_find(db, case_id, s->pub.form->id, round, &rid,
					    err);
			if (rc == MD_OK && rid)
				rc = md_record_latest(db, rid, &latest, &rev, err);
			md_values_fini(&latest);
			if (rc != MD_OK)
				goto out;
			record_id = rid;
			revision = rev;
		}
	}

	const struct event_facts ef = {in.oc ? in.oc->label : "", in.reason,
				       in.agency, in.follow_up, in.method,
				       in.note};
	rc = insert_event(db, actor, case_id, s->pub.id, &ef, record_id,
			  revision, in.on, err);
	if (rc != MD_OK)
		goto out;
	/* Replay with the new event to know the state it leads to. */
	state_fini(&st);
	if ((rc = state_load(db, wf, case_id, &st, err)) != MD_OK)
		goto out;
	if (in.oc && in.oc->new_round && in.oc->back_to >= 0) {
		for (size_t j = (size_t)in.oc->back_to; j < wf->n && rc == MD_OK; j++)
			if (wf->steps[j].pub.form && !wf->steps[j].per_take_round &&
			    !wf->steps[j].pub.side)
				rc = create_round(db, case_id, wf->steps[j].pub.form,
						  st.round[j], err);
	}
	if (rc == MD_OK && s->per_take_round && !st.closed &&
	    !(in.oc && in.oc->last_round))
		rc = create_round(db, case_id, s->pub.form, st.round[i], err);
	if (rc == MD_OK)
		rc = freezes_write(db, &st, case_id, err);
	/* A step taken on a closed case (a follow-up) leaves the day and the
	 * reason it was closed as they were: it stays closed (001 第9条(9)). */
	bool keep = was_closed && s->pub.after_close;
	if (rc == MD_OK)
		rc = update_case(db, cfg, &st, case_id, s->pub.id,
				 keep ? NULL : in.on,
				 in.oc && !keep ? in.oc->close_reason : NULL, err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("%s%s%s%s%s%s%s%s", s->pub.label,
					   in.oc ? ": " : "", in.oc ? in.oc->label : "",
					   in.method ? "(" : "", in.method ? in.method : "",
					   in.method ? ")" : "",
					   in.agency ? " → " : "", in.agency ? in.agency : "");
		rc = detail ? md_audit_add(db, actor->id, MD_AUDIT_STEP, case_id, 0,
					   detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(detail);
	}
out:
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_ERR_DENIED)
		md_audit_denied(db, actor->id, case_id, err->msg);
	writes_fini(&w);
	md_free(in.agency);
	md_free(in.reason);
	md_free(in.note);
	state_fini(&st);
	return rc;
}

enum md_status
md_workflow_open_case(struct md_db *db, const struct md_user *actor,
		      const struct md_workflow *wf,
		      const struct md_forms *forms, long long person_id,
		      const struct md_values *fields, long long *case_id,
		      struct md_values *faults, struct md_err *err)
{
	long long id = 0;
	/* Checked before the transaction, so the refusal's audit row stays. */
	enum md_status rc = md_auth_require(db, actor, false, "ケースの作成", err);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = md_case_create(db, actor, forms, person_id, fields, &id, faults, err);
	const char *stage = NULL;
	for (size_t i = 0; rc == MD_OK && i < wf->n; i++) {
		if (!wf->steps[i].pub.autostart)
			continue;
		/* A step recorded when the case opens is still recorded in
		 * the actor's name: only by the roles that may take it. */
		const struct md_wf_step *s = &wf->steps[i].pub;
		if (!(s->roles & (1u << actor->role))) {
			rc = refuse_role(s, actor, err);
			break;
		}
		static const struct event_facts none = {NULL, NULL, NULL,
							NULL, NULL, NULL};
		rc = insert_event(db, actor, id, wf->steps[i].pub.id, &none, 0, 0,
				  NULL, err);
		stage = wf->steps[i].pub.id;
	}
	if (rc == MD_OK && stage) {
		static const char sql[] = "UPDATE cases SET stage = ?2 WHERE id = ?1";
		sqlite3_stmt *q = md_db_stmt(db, sql, err);
		if (!q) {
			rc = err->status;
		} else {
			sqlite3_bind_int64(q, 1, id);
			sqlite3_bind_text(q, 2, stage, -1, SQLITE_STATIC);
			int src = sqlite3_step(q);
			sqlite3_reset(q);
			if (src != SQLITE_DONE)
				rc = md_db_fail(db, src, "ケースの作成", err);
		}
	}
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

static const char sql_reopen_case[] =
	"UPDATE cases SET status = 'open', closed_on = NULL, close_reason = NULL,"
	" stage = '" REOPEN_STEP "', updated_at = ?2 WHERE id = ?1";

enum md_status
md_workflow_reopen(struct md_db *db, const struct md_user *actor,
		   const struct md_workflow *wf, long long case_id,
		   const char *reason, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "ケースの再開", err);
	if (rc != MD_OK)
		return rc;
	/* 001: the chief consultant manages the whole; 管理者 keeps records. */
	if (actor->role != MD_ROLE_CHIEF && actor->role != MD_ROLE_ADMIN) {
		rc = md_err_set(err, MD_ERR_DENIED,
				"終結したケースを再開できるのは主任相談支援員と管理者です(%s さんは %s)",
				actor->display_name, md_role_label(actor->role));
		md_audit_denied(db, actor->id, case_id, err->msg);
		return rc;
	}
	if (!reason || !*reason)
		return md_err_set(err, MD_ERR_INVALID, "再開の理由を入力してください");
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
		rc = md_err_set(err, MD_ERR_INVALID, "ケース %lld は終結していません",
				case_id);
		goto out;
	}
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	const struct event_facts ef = {NULL, reason, NULL, NULL, NULL, NULL};
	if ((rc = insert_event(db, actor, case_id, REOPEN_STEP, &ef, 0, 0, today,
			       err)) != MD_OK)
		goto out;
	sqlite3_stmt *q = md_db_stmt(db, sql_reopen_case, err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "ケースの再開", err);
		goto out;
	}
	/* What the closing step froze stands no more. */
	struct state st;
	rc = state_load(db, wf, case_id, &st, err);
	if (rc == MD_OK)
		rc = freezes_write(db, &st, case_id, err);
	state_fini(&st);
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
