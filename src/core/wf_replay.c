/* The workflow engine's replay: a case's events applied in order to the
 * definition, which steps are open and why not. Pure: the forms of the
 * case are read through the caller's reader (wf_engine.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/text.h"
#include "wf_int.h"

/* Which of n labels is typed: the label whole, its number (1…n), or the
 * start of one label only (md_text_match, the rule agencies follow too);
 * n when none, LABEL_NOMEM when out of memory (never taken for "none"). */
size_t
wf_match_label(const char *typed, const char *const *labels, size_t n)
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
const char **
wf_outcome_labels(const struct step_def *s)
{
	const char **labels = md_calloc(s->pub.noutcomes ? s->pub.noutcomes : 1,
					sizeof *labels);
	for (size_t i = 0; labels && i < s->pub.noutcomes; i++)
		labels[i] = s->pub.outcomes[i].label;
	return labels;
}

const struct md_wf_outcome *
wf_match_outcome(const struct step_def *s, const char *typed, bool *nomem)
{
	const char **labels = wf_outcome_labels(s);
	size_t n = s->pub.noutcomes;
	size_t i = labels ? wf_match_label(typed, labels, n) : LABEL_NOMEM;
	md_free(labels);
	*nomem = i == LABEL_NOMEM;
	return i < n ? &s->pub.outcomes[i] : NULL;
}

void
wf_case_fini(struct md_wf_case *st)
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
	md_free(st->track_start);
	md_free(st->track_end);
	md_free(st->frz);
	for (size_t i = 0; i < st->nfacts; i++)
		md_values_fini(&st->facts[i].values);
	md_free(st->facts);
	memset(st, 0, sizeof *st);
}

/* The round of form: that of the first step that fills it. */
int
wf_form_round(const struct md_wf_case *st, const struct md_form *form)
{
	for (size_t i = 0; i < st->wf->n; i++)
		if (st->wf->steps[i].pub.form == form)
			return st->round[i];
	return 1;
}

/* Whether freeze z stands no more when the steps from `from` on (of its
 * track) are taken again: it is theirs, on the round in use (a round left
 * behind by a new round stays as it was decided), and taken before event
 * `before`. */
static bool
unfrozen(const struct md_wf_case *st, const struct frz *z, int from, int before)
{
	return z->step >= from && wf_same_track(st->wf, z->step, from) &&
	       z->ev < before && !st->wf->steps[z->step].pub.side &&
	       z->seq == wf_form_round(st, z->form);
}

/* Forget the freezes that stand no more (unfrozen). */
static void
unfreeze(struct md_wf_case *st, int from, int before)
{
	size_t k = 0;
	for (size_t i = 0; i < st->nfrz; i++)
		if (!unfrozen(st, &st->frz[i], from, before))
			st->frz[k++] = st->frz[i];
	st->nfrz = k;
}

/* The steps from `from` on (but those beside the main line, and those of
 * another track or of none when `from` is of one) must be taken again:
 * 差し戻し, or a signature that no longer covers the form. */
static void
reset_from(struct md_wf_case *st, int from, bool new_round)
{
	const struct md_workflow *wf = st->wf;
	for (size_t j = (size_t)from; j < wf->n; j++) {
		if (wf->steps[j].pub.side || !wf_same_track(wf, (int)j, from))
			continue;
		st->done[j] = -1;
		st->times[j] = 0;
		if (new_round && wf->steps[j].pub.form &&
		    !wf->steps[j].per_take_round)
			st->round[j]++;
	}
	if (st->decision >= 0 && st->evs[st->decision].step >= from &&
	    wf_same_track(wf, st->evs[st->decision].step, from))
		st->decision = -1;
	/* A new round leaves the old one frozen: it is what was decided. */
	if (!new_round)
		unfreeze(st, from, INT_MAX);
}

/* Apply event k to the state. */
static void
apply(struct md_wf_case *st, size_t k)
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
							   wf_form_round(st,
									 fz)};
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
	/* 004 §5(7): a track starts with the first of its steps taken, and
	 * ends (the case going on) with an outcome that ends it. */
	if (s->track >= 0 && st->track_start[s->track] < 0)
		st->track_start[s->track] = (int)k;
	if (s->track >= 0 && oc && oc->ends_track)
		st->track_end[s->track] = (int)k;
}

/* The revisions that changed what a signature covers (signature_revs). */
struct sig_revs {
	const struct md_field *sig;
	const struct md_form *form;
	int content, signed_rev;
};

static void
sig_rev(void *arg, int rev, const char *key)
{
	struct sig_revs *sr = arg;
	char fkey[64];
	md_values_split_key(key ? key : "", fkey, sizeof fkey);
	const struct md_field *f = md_form_field(sr->form, fkey);
	if (!f || f->by_workflow)
		return;
	if (!strcmp(f->section, sr->sig->section)) {
		if (rev > sr->signed_rev)
			sr->signed_rev = rev;
	} else if (rev > sr->content) {
		sr->content = rev;
	}
}

/*
 * The revisions of record_id after `after` that changed the content a
 * signature in field sig covers (every field of the form but those of the
 * signature's own section and those the workflow sets): *content gets the
 * last of them (0: none), and *signed the last that changed the
 * signature's section.
 */
static enum md_status
signature_revs(const struct md_wf_case *st, const struct md_field *sig,
	       const struct md_form *form, long long record_id, int after,
	       int *content, int *signed_rev, struct md_err *err)
{
	struct sig_revs sr = {sig, form, 0, 0};
	enum md_status rc = MD_OK;
	if (st->reader->changes)
		rc = st->reader->changes(st->reader->ctx, record_id, after,
					 sig_rev, &sr, err);
	*content = sr.content;
	*signed_rev = sr.signed_rev;
	return rc;
}

/* A signature step i taken again (at event k) after its earlier taking was
 * voided: the steps after it taken before k belong to the course it voided
 * and stand no more. */
static void
drop_before(struct md_wf_case *st, size_t i, int k)
{
	const struct md_workflow *wf = st->wf;
	for (size_t j = i + 1; j < wf->n; j++)
		if (!wf->steps[j].pub.side && st->done[j] >= 0 &&
		    wf_same_track(wf, (int)j, (int)i) && st->done[j] < k) {
			st->done[j] = -1;
			st->times[j] = 0;
		}
	if (st->decision >= 0 && st->decision < k &&
	    st->evs[st->decision].step > (int)i &&
	    wf_same_track(wf, st->evs[st->decision].step, (int)i))
		st->decision = -1;
	unfreeze(st, (int)i + 1, k);
}

/* 001 第9条(6): a step that took the person's signature (signature =
 * FORM.FIELD) stands only while the content it covered stays: a later
 * revision that changes it voids the step and every step after it. */
static enum md_status
void_stale_signatures(struct md_wf_case *st, struct md_err *err)
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
		enum md_status rc = signature_revs(st, s->signature.field,
						   s->signature.form,
						   e->record_id,
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

enum md_status
wf_case_init(struct md_wf_case *st, const struct md_workflow *wf,
	     const char *received, const struct md_wf_reader *reader,
	     struct md_err *err)
{
	memset(st, 0, sizeof *st);
	st->wf = wf;
	st->reader = reader;
	st->closer = -1;
	st->decision = -1;
	st->follow_up = -1;
	snprintf(st->received, sizeof st->received, "%s",
		 received ? received : "");
	size_t n = wf->n ? wf->n : 1;
	st->done = md_malloc(n * sizeof *st->done);
	st->times = md_calloc(n, sizeof *st->times);
	st->round = md_malloc(n * sizeof *st->round);
	st->voided = md_calloc(n, sizeof *st->voided);
	size_t nt = wf->ntracks ? wf->ntracks : 1;
	st->track_start = md_malloc(nt * sizeof *st->track_start);
	st->track_end = md_malloc(nt * sizeof *st->track_end);
	if (!st->done || !st->times || !st->round || !st->voided ||
	    !st->track_start || !st->track_end)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < wf->n; i++) {
		st->done[i] = -1;
		st->round[i] = 1;
	}
	for (size_t t = 0; t < nt; t++)
		st->track_start[t] = st->track_end[t] = -1;
	return MD_OK;
}

static char *
dup_or_empty(const char *s)
{
	return md_strdup(s ? s : "");
}

enum md_status
wf_case_push(struct md_wf_case *st, const struct md_wf_event *in,
	     struct md_err *err)
{
	const struct md_workflow *wf = st->wf;
	struct ev *p = md_realloc(st->evs, (st->nevs + 1) * sizeof *p);
	if (!p)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	st->evs = p;
	struct ev *e = &st->evs[st->nevs++];
	memset(e, 0, sizeof *e);
	e->id = in->id;
	e->step_id = dup_or_empty(in->step);
	e->outcome = dup_or_empty(in->outcome);
	e->reason = dup_or_empty(in->reason);
	e->agency = dup_or_empty(in->agency);
	e->follow_up_on = dup_or_empty(in->follow_up_on);
	e->at = dup_or_empty(in->at);
	e->by = dup_or_empty(in->by);
	e->record_id = in->record_id;
	e->record_revision = in->record_revision;
	e->method = dup_or_empty(in->method);
	e->note = dup_or_empty(in->note);
	if (!e->step_id || !e->outcome || !e->reason || !e->agency ||
	    !e->follow_up_on || !e->at || !e->by || !e->method || !e->note)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	e->reopen = !strcmp(e->step_id, REOPEN_STEP);
	e->step = e->reopen ? -1 : wf_step_index(wf, e->step_id);
	/* The steps recorded when a case opens are dated by its 受付日;
	 * the others by the day given when they were taken. */
	const char *on = in->on;
	if (e->step >= 0 && wf->steps[e->step].pub.autostart)
		on = st->received;
	else if (!on || !*on)
		on = e->at;
	snprintf(e->on, sizeof e->on, "%.10s", on);
	return MD_OK;
}

enum md_status
wf_case_settle(struct md_wf_case *st, struct md_err *err)
{
	for (size_t k = 0; k < st->nevs; k++)
		apply(st, k);
	return st->closed ? MD_OK : void_stale_signatures(st, err);
}

enum md_status
wf_facts_of(struct md_wf_case *st, const struct md_form *form,
	    struct form_facts **out, struct md_err *err)
{
	for (size_t i = 0; i < st->nfacts; i++)
		if (st->facts[i].form == form) {
			*out = &st->facts[i];
			return MD_OK;
		}
	struct form_facts *p = md_realloc(st->facts,
					  (st->nfacts + 1) * sizeof *p);
	if (!p)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	st->facts = p;
	struct form_facts *f = &st->facts[st->nfacts++];
	memset(f, 0, sizeof *f);
	md_values_init(&f->values);
	f->form = form;
	f->seq = wf_form_round(st, form);
	struct md_wf_round round = {false, false, 0, 0};
	enum md_status rc = st->reader->round(st->reader->ctx, form, f->seq,
					      &round, &f->values, err);
	if (rc != MD_OK)
		return rc;
	f->exists = round.exists;
	f->complete = round.complete;
	f->record_id = round.record_id;
	f->revision = round.revision;
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
signature_state(const struct md_wf_case *st, struct form_facts *f,
		const struct md_field *sig, struct md_err *err)
{
	if (f->sig_loaded || !f->exists)
		return MD_OK;
	enum md_status rc = signature_revs(st, sig, f->form, f->record_id, 0,
					   &f->sig_content, &f->sig_signed,
					   err);
	f->sig_loaded = rc == MD_OK;
	return rc;
}

/* The latest day of the steps the needs of step i name (done, outcome)
 * that are done, into since ("" when none): what i follows. */
static void
needs_since(const struct md_wf_case *st, size_t i, char since[MD_DATE_SIZE])
{
	const struct step_def *s = &st->wf->steps[i];
	since[0] = '\0';
	for (size_t k = 0; k < s->nneeds; k++)
		for (size_t a = 0; a < s->needs[k].n; a++)
			for (size_t t = 0; t < s->needs[k].alts[a].n; t++) {
				const struct term
					*tm = &s->needs[k].alts[a].terms[t];
				if (tm->negate ||
				    (tm->cond != COND_DONE &&
				     tm->cond != COND_OUTCOME) ||
				    st->done[tm->step] < 0)
					continue;
				const char *on = st->evs[st->done[tm->step]].on;
				if (strcmp(on, since) > 0)
					snprintf(since, MD_DATE_SIZE, "%s", on);
			}
}

enum md_status
wf_meeting_on(const struct md_wf_case *st, size_t i, const struct term *t,
	      char on[MD_DATE_SIZE], struct md_err *err)
{
	on[0] = '\0';
	if (!st->reader->meeting)
		return MD_OK;
	char since[MD_DATE_SIZE];
	needs_since(st, i, since);
	return st->reader->meeting(st->reader->ctx, t->value, since, t->tasks,
				   on, err);
}

/* Term t of a need of step i. */
static enum md_status
eval_term(struct md_wf_case *st, size_t i, const struct term *t, bool *result,
	  struct md_err *err)
{
	bool r = false;
	struct form_facts *f = NULL;
	if (t->ref.form && t->cond != COND_DONE && t->cond != COND_OUTCOME) {
		enum md_status rc = wf_facts_of(st, t->ref.form, &f, err);
		if (rc != MD_OK)
			return rc;
	}
	const char *v = f && t->ref.field
				? md_values_get(&f->values, t->ref.field->key)
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
			enum md_status rc = signature_state(st, f, t->ref.field,
							    err);
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
	case COND_HELD: {
		/* 004 §5(7) 4: the meeting comes after what the step
		 * follows. */
		char on[MD_DATE_SIZE];
		enum md_status rc = wf_meeting_on(st, i, t, on, err);
		if (rc != MD_OK)
			return rc;
		r = on[0] != '\0';
		break;
	}
	}
	*result = t->negate ? !r : r;
	return MD_OK;
}

/* Where a need fails on a signature given before the content changed, say
 * so and what to do (after its why). */
static void
stale_note(const struct md_wf_case *st, const struct need *need,
	   struct md_buf *why)
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
							      tm->ref.field
								      ->key);
				if (f->form != tm->ref.form || !f->sig_loaded ||
				    f->sig_content <= f->sig_signed || !v ||
				    strcmp(v, "はい"))
					continue;
				md_buf_addf(why,
					    "\n%sの%sは版 %d で受けたものです。そのあと版 %d で内容が変わったため、この署名は変わった内容には及びません。ご本人に変わった内容を確かめて署名を受け直し、「%s」の欄を入れ直して保存してください",
					    f->form->number,
					    tm->ref.field->label, f->sig_signed,
					    f->sig_content,
					    tm->ref.field->section);
				return;
			}
		}
}

/* Whether every need of step i holds; the whys of those that do not are
 * appended to why (when not NULL). */
static enum md_status
eval_needs(struct md_wf_case *st, size_t i, bool *open, struct md_buf *why,
	   struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	*open = true;
	for (size_t k = 0; k < s->nneeds; k++) {
		bool any = false;
		for (size_t a = 0; a < s->needs[k].n && !any; a++) {
			bool all = true;
			for (size_t t = 0; t < s->needs[k].alts[a].n && all;
			     t++) {
				enum md_status rc =
					eval_term(st, i,
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
	md_buf_adds(why,
		    "このケースは終結しています(再開できるのは主任相談支援員と管理者です)");
	size_t named = 0;
	for (size_t i = 0; i < wf->n; i++)
		if (wf->steps[i].pub.after_close)
			md_buf_addf(why, "%s「%s」",
				    named++ ? "、"
					    : "\n再開しなくても記録できる手順: ",
				    wf->steps[i].pub.label);
}

/* How track t ended: the day, the step and outcome, the agency and the
 * reason (004 §5(7): 「つなぎ元の機関に戻す」, 定着を確認して終結). */
static void
track_end_words(const struct md_wf_case *st, size_t t, struct md_buf *b)
{
	const struct ev *e = &st->evs[st->track_end[t]];
	char day[64];
	md_buf_addf(b, "%s %s: %s", wf_date_words(e->on, day),
		    st->wf->steps[e->step].pub.label, e->outcome);
	if (*e->agency)
		md_buf_addf(b, "(関係機関: %s)", e->agency);
	if (*e->reason)
		md_buf_addf(b, "。理由: %s", e->reason);
}

/* The state of step i, with the reasons it is closed. */
enum md_status
wf_step_state(struct md_wf_case *st, size_t i, enum md_step_state *state,
	      struct md_buf *why, struct md_err *err)
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
	/* 004 §5(7): an ended track's steps are closed; the case goes on. */
	if (s->track >= 0 && st->track_end[s->track] >= 0) {
		*state = MD_STEP_CLOSED;
		md_buf_addf(why, "%sはこのケースでは終了しています(",
			    s->pub.track->label);
		track_end_words(st, (size_t)s->track, why);
		md_buf_adds(why, ")");
		return MD_OK;
	}
	bool open;
	enum md_status rc = eval_needs(st, i, &open, why, err);
	if (rc == MD_OK)
		*state = open ? MD_STEP_OPEN : MD_STEP_CLOSED;
	return rc;
}

/* The outcome the form of step s holds now, when s reads its outcome from
 * there (outcome_from), or NULL. */
static enum md_status
form_outcome(struct md_wf_case *st, const struct step_def *s,
	     const struct md_wf_outcome **out, struct md_err *err)
{
	*out = NULL;
	if (!s->outcome_from.field)
		return MD_OK;
	struct form_facts *f;
	enum md_status rc = wf_facts_of(st, s->pub.form, &f, err);
	const char *typed = rc == MD_OK
				    ? md_values_get(&f->values,
						    s->outcome_from.field->key)
				    : NULL;
	bool nomem = false;
	if (typed && *typed && !(*out = wf_match_outcome(s, typed, &nomem)) &&
	    nomem)
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
	for (size_t i = 0; i < flow->ntracks; i++) {
		md_free(flow->tracks[i].started_on);
		md_free(flow->tracks[i].ended_on);
		md_free(flow->tracks[i].text);
	}
	md_free(flow->tracks);
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

/* Copy the events of a case into a flow's history. */
static enum md_status
flow_events(const struct md_workflow *wf, const struct md_wf_case *st,
	    struct md_flow *flow, struct md_err *err)
{
	flow->events = md_calloc(st->nevs ? st->nevs : 1, sizeof *flow->events);
	if (!flow->events)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t k = 0; k < st->nevs; k++) {
		const struct ev *e = &st->evs[k];
		struct md_event *o = &flow->events[flow->nevents++];
		o->id = e->id;
		/* Into the definition or a literal: stable. */
		o->step_label = md_workflow_stage_label(wf, e->step_id);
		o->step = md_strdup(e->step_id);
		o->outcome = md_strdup(e->outcome);
		o->reason = md_strdup(e->reason);
		o->agency = md_strdup(e->agency);
		o->follow_up_on = md_strdup(e->follow_up_on);
		o->method = md_strdup(e->method);
		o->note = md_strdup(e->note);
		o->on = md_strdup(e->on);
		o->at = md_strdup(e->at);
		o->by = md_strdup(e->by);
		if (!o->step || !o->outcome || !o->reason || !o->agency ||
		    !o->follow_up_on || !o->method || !o->note || !o->on ||
		    !o->at || !o->by)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	return MD_OK;
}

/* Where the case stands in each track, in words (004 §5(7)). */
static enum md_status
flow_tracks(const struct md_wf_case *st, struct md_flow *flow,
	    struct md_err *err)
{
	const struct md_workflow *wf = st->wf;
	flow->tracks = md_calloc(wf->ntracks ? wf->ntracks : 1,
				 sizeof *flow->tracks);
	if (!flow->tracks)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t t = 0; t < wf->ntracks; t++) {
		struct md_track_status *ts = &flow->tracks[flow->ntracks++];
		const struct md_wf_track *tr = &wf->tracks[t].pub;
		int first = st->track_start[t], end = st->track_end[t];
		struct md_buf b;
		md_buf_init(&b);
		char day[64];
		ts->track = tr;
		ts->state = end >= 0     ? MD_TRACK_ENDED
			    : first >= 0 ? MD_TRACK_ACTIVE
					 : MD_TRACK_NOT_STARTED;
		if (ts->state == MD_TRACK_NOT_STARTED) {
			md_buf_adds(&b, "未開始(");
			for (size_t k = 0; k < tr->nstarts; k++)
				md_buf_addf(&b, "%s「%s」", k ? "か" : "",
					    tr->starts[k]->label);
			md_buf_adds(&b, "から始めます)");
		} else if (ts->state == MD_TRACK_ACTIVE) {
			md_buf_addf(&b, "進行中(%sから)",
				    wf_date_words(st->evs[first].on, day));
		} else {
			md_buf_adds(&b, "終了(");
			track_end_words(st, t, &b);
			md_buf_adds(&b, ")");
		}
		ts->text = md_buf_take(&b);
		ts->started_on = md_strdup(first >= 0 ? st->evs[first].on : "");
		ts->ended_on = md_strdup(end >= 0 ? st->evs[end].on : "");
		if (!ts->text || !ts->started_on || !ts->ended_on)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	return MD_OK;
}

enum md_status
md_wf_case_flow(struct md_wf_case *st, const struct md_user *actor,
		long long case_id, struct md_flow *out, struct md_err *err)
{
	const struct md_workflow *wf = st->wf;
	enum md_status rc = MD_OK;
	memset(out, 0, sizeof *out);
	out->case_id = case_id;
	out->closed = st->closed;
	out->steps = md_calloc(wf->n ? wf->n : 1, sizeof *out->steps);
	if (!out->steps)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; rc == MD_OK && i < wf->n; i++) {
		struct md_step_status *ss = &out->steps[out->nsteps++];
		struct md_buf why;
		md_buf_init(&why);
		ss->step = &wf->steps[i].pub;
		rc = wf_step_state(st, i, &ss->state, &why, err);
		ss->why = md_buf_take(&why);
		int k = st->done[i];
		ss->on = md_strdup(k >= 0 ? st->evs[k].on : "");
		ss->at = md_strdup(k >= 0 ? st->evs[k].at : "");
		ss->by = md_strdup(k >= 0 ? st->evs[k].by : "");
		ss->outcome = md_strdup(k >= 0 ? st->evs[k].outcome : "");
		ss->round = st->round[i];
		ss->times = st->times[i];
		ss->may_take = actor &&
			       (wf->steps[i].pub.roles & (1u << actor->role));
		if (rc == MD_OK && ss->state == MD_STEP_OPEN)
			rc = form_outcome(st, &wf->steps[i], &ss->form_outcome,
					  err);
		if (rc == MD_OK &&
		    (!ss->why || !ss->on || !ss->at || !ss->by || !ss->outcome))
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (rc == MD_OK)
		rc = flow_tracks(st, out, err);
	if (rc == MD_OK)
		rc = flow_events(wf, st, out, err);
	if (rc != MD_OK)
		md_flow_fini(out);
	return rc;
}

int
md_flow_form_round(const struct md_workflow *wf, const struct md_flow *flow,
		   const char *form_id)
{
	for (size_t i = 0; i < wf->n && i < flow->nsteps; i++)
		if (wf->steps[i].pub.form &&
		    !strcmp(wf->steps[i].pub.form->id, form_id))
			return flow->steps[i].round;
	return 1;
}

enum md_status
md_wf_replay(const struct md_workflow *wf, const char *received,
	     const struct md_wf_event *events, size_t n,
	     const struct md_wf_reader *reader, struct md_wf_case **out,
	     struct md_err *err)
{
	*out = NULL;
	struct md_wf_case *c = md_calloc(1, sizeof *c);
	if (!c)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = wf_case_init(c, wf, received, reader, err);
	for (size_t k = 0; rc == MD_OK && k < n; k++)
		rc = wf_case_push(c, &events[k], err);
	if (rc == MD_OK)
		rc = wf_case_settle(c, err);
	if (rc != MD_OK) {
		md_wf_case_free(&c);
		return rc;
	}
	*out = c;
	return MD_OK;
}

void
md_wf_case_free(struct md_wf_case **pc)
{
	if (!*pc)
		return;
	wf_case_fini(*pc);
	md_free(*pc);
	*pc = NULL;
}

bool
md_wf_case_closed(const struct md_wf_case *c)
{
	return c->closed;
}

int
md_wf_case_round(const struct md_wf_case *c, const char *form_id)
{
	for (size_t i = 0; i < c->wf->n; i++)
		if (c->wf->steps[i].pub.form &&
		    !strcmp(c->wf->steps[i].pub.form->id, form_id))
			return c->round[i];
	return 1;
}
