/* The workflow engine's checks of a step and what taking it records, from
 * the definition and a replayed case alone (wf_engine.h): no database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "wf_int.h"

/* The index of step, one of the definition's. */
static size_t
step_of(const struct md_wf_case *st, const struct md_wf_step *step)
{
	return (size_t)((const struct step_def *)(const void *)step -
			st->wf->steps);
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
	const char **labels = wf_outcome_labels(s);
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

enum md_status
wf_refuse_role(const struct md_wf_step *s, const struct md_user *actor,
	       struct md_err *err)
{
	struct md_buf roles;
	md_buf_init(&roles);
	role_list(s->roles, &roles);
	enum md_status rc =
		md_err_set(err, MD_ERR_DENIED,
			   "手順「%s」を記録できるのは %s です(%s さんは %s)",
			   s->label, md_buf_str(&roles), actor->display_name,
			   md_role_label(actor->role));
	md_buf_fini(&roles);
	return rc;
}

/* The agency typed for outcome oc of step s, read through the case's
 * reader (a name, an alias or its start), of the kind the outcome
 * requires; *name gets the agency's name (md_free). */
static enum md_status
check_agency(const struct md_wf_case *st, const struct md_wf_step *s,
	     const struct md_wf_outcome *oc, const char *typed, char **name,
	     struct md_err *err)
{
	char *kind = NULL;
	enum md_status rc;
	if (st->reader->agency) {
		rc = st->reader->agency(st->reader->ctx, typed, name, &kind,
					err);
	} else {
		*name = md_strdup(typed);
		kind = md_strdup("");
		rc = *name && kind ? MD_OK
				   : md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	/* 001 第9条(5): the referral goes where the definition says. */
	if (rc == MD_OK && oc->agency_kind && strcmp(kind, oc->agency_kind))
		rc = md_err_set(err, MD_ERR_INVALID,
				"%s(%s)のつなぎ先は種別「%s」の関係機関にしてください(「%s」の種別は「%s」です)",
				s->label, oc->label, oc->agency_kind, *name,
				*kind ? kind : "なし");
	md_free(kind);
	if (rc != MD_OK) {
		md_free(*name);
		*name = NULL;
	}
	return rc;
}

/* The next evaluation: the decision date plus the definition's months
 * (evaluation_months); past the last interval, every step between the
 * last two. */
static void
next_evaluation(const struct md_workflow *wf, const char *decided, int done,
		char out[MD_DATE_SIZE])
{
	struct md_date d;
	out[0] = '\0';
	if (md_date_from_iso(decided, &d, NULL) != MD_OK || wf->neval < 1)
		return;
	const int *m = wf->eval_months;
	int n = (int)wf->neval;
	int months;
	if (done < n) {
		months = m[done];
	} else {
		int step = n > 1 ? m[n - 1] - m[n - 2] : m[0];
		months = m[n - 1] + (done - n + 1) * step;
	}
	md_date_iso(md_date_add_months(d, months), out);
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

/* Step i is done on or after the day of the meeting its term tm (held,
 * assigned) counts (004 §5(7) 4: the 役割分担 of that 支援会議). */
static enum md_status
check_meeting_date(const struct md_wf_case *st, size_t i, const struct term *tm,
		   const char *on, struct md_err *err)
{
	char met[MD_DATE_SIZE], a[64], b[64];
	enum md_status rc = wf_meeting_on(st, i, tm, met, err);
	if (rc != MD_OK || !*met || strcmp(on, met) >= 0)
		return rc;
	return md_err_set(err, MD_ERR_INVALID,
			  "%sの日付(%s)は、この手順が必要とする会議の日(%s)より前です。手順を行った日を入力してください",
			  st->wf->steps[i].pub.label, wf_date_words(on, a),
			  wf_date_words(met, b));
}

/*
 * 001 第9条・第10条: a step is done on or after the case's 受付日 and the day
 * of every step it depends on (the steps its needs name that are done): a
 * decision never comes before its meeting.
 */
static enum md_status
check_date_order(const struct md_wf_case *st, size_t i, const char *on,
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
				const struct term
					*tm = &s->needs[k].alts[al].terms[t];
				const struct ev *e = NULL;
				if (tm->negate)
					continue;
				/* 004 §5(7) 4: never before the meeting it
				 * needs. */
				if (tm->cond == COND_HELD) {
					enum md_status rc =
						check_meeting_date(st, i, tm,
								   on, err);
					if (rc != MD_OK)
						return rc;
					continue;
				}
				if ((tm->cond == COND_DONE ||
				     tm->cond == COND_OUTCOME) &&
				    st->done[tm->step] >= 0)
					e = &st->evs[st->done[tm->step]];
				/* A follow-up comes after what set its date. */
				else if (tm->cond == COND_DUE &&
					 st->follow_up_due)
					e = &st->evs[st->follow_up];
				if (e && strcmp(on, e->on) < 0)
					return md_err_set(err, MD_ERR_INVALID,
							  "%sの日付(%s)は、先に行った「%s」の日(%s)より前です。手順を行った日を入力してください",
							  s->pub.label,
							  wf_date_words(on, a),
							  md_workflow_stage_label(st->wf,
										  e->step_id),
							  wf_date_words(e->on,
									b));
			}
	return MD_OK;
}

/* A text of several lines typed with a step (a reason, a note), checked
 * and kept in *out (md_free) with its line breaks as LF, trimmed. */
static enum md_status
text_input(const char *typed, const char *what, char **out, struct md_err *err)
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
		  struct md_wf_inputs *in, struct md_err *err)
{
	const char *label = s->pub.label;
	const char *typed = take->method;
	if (typed && *typed && !s->pub.nmethods)
		return md_err_set(err, MD_ERR_INVALID,
				  "%sでは方法を記録しません", label);
	if (s->pub.nmethods) {
		size_t k = typed && *typed
				   ? wf_match_label(typed, s->pub.methods,
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
						     "%sの方法に「%s」はありません(%s)",
						     label, typed,
						     md_buf_str(&b))
					: md_err_set(err, MD_ERR_INVALID,
						     "%sの方法を選んでください(%s)",
						     label, md_buf_str(&b));
			md_buf_fini(&b);
			return rc;
		}
		in->method = s->pub.methods[k];
	}
	if (take->note && *take->note) {
		if (s->pub.note == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID,
					  "%sではメモを記録しません", label);
		enum md_status rc = text_input(take->note, "メモ", &in->note,
					       err);
		if (rc != MD_OK)
			return rc;
	}
	if (s->pub.note == MD_WF_REQUIRED && (!in->note || !*in->note))
		return md_err_set(err, MD_ERR_INVALID, "%sにはメモが必要です",
				  label);
	return MD_OK;
}

enum md_status
md_wf_check(struct md_wf_case *st, const struct md_wf_step *step,
	    const struct md_take *take, struct md_wf_inputs *in,
	    struct md_err *err)
{
	static const struct md_take none = {.outcome = NULL};
	if (!take)
		take = &none;
	size_t i = step_of(st, step);
	const struct step_def *s = &st->wf->steps[i];
	const char *label = s->pub.label;
	memset(in, 0, sizeof *in);
	md_clock_today(in->on);
	if (take->date && *take->date) {
		struct md_date d;
		struct md_err derr;
		if (md_date_parse(take->date, &d, &derr) != MD_OK)
			return md_err_set(err, MD_ERR_INVALID, "%sの日付: %s",
					  label, derr.msg);
		char iso[MD_DATE_SIZE];
		md_date_iso(d, iso);
		if (strcmp(iso, in->on) > 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "%sの日付に先の日付(%s)は入れられません",
					  label, take->date);
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
			enum md_status rc = wf_facts_of(st, s->pub.form, &f,
							err);
			if (rc != MD_OK)
				return rc;
			typed = md_values_get(&f->values,
					      s->outcome_from.field->key);
			if (!typed || !*typed)
				return md_err_set(err, MD_ERR_INVALID,
						  "%sを記録するには、%sの「%s」を入力してください",
						  label, s->pub.form->number,
						  s->outcome_from.field->label);
			bool nomem = false;
			if (take->outcome && *take->outcome &&
			    wf_match_outcome(s, take->outcome, &nomem) !=
				    wf_outcome_of(s, typed, NULL))
				return nomem ? md_err_set(err, MD_ERR_NOMEM,
							  NULL)
					     : md_err_set(err, MD_ERR_INVALID,
							  "%sの結果は%sの「%s」(%s)から記録します",
							  label,
							  s->pub.form->number,
							  s->outcome_from.field
								  ->label,
							  typed);
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
		else if (!(in->outcome = wf_match_outcome(s, typed, &nomem)) &&
			 nomem)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		else if (!in->outcome)
			rc = md_err_set(err, MD_ERR_INVALID,
					"%sの結果に「%s」はありません(%s)",
					label, typed, md_buf_str(&b));
		md_buf_fini(&b);
		if (rc != MD_OK)
			return rc;
	} else if (take->outcome && *take->outcome) {
		return md_err_set(err, MD_ERR_INVALID,
				  "%sには結果を選ぶ必要はありません", label);
	}
	const struct md_wf_outcome *oc = in->outcome;
	enum md_wf_input agency = oc ? oc->agency : MD_WF_NONE;
	enum md_wf_input follow = oc ? oc->follow_up : MD_WF_NONE;
	enum md_wf_input reason = oc ? oc->reason : MD_WF_NONE;
	const char *what = oc ? oc->label : label;
	if (take->agency && *take->agency) {
		if (agency == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID,
					  "「%s」ではつなぎ先を記録しません",
					  what);
		enum md_status rc = check_agency(st, &s->pub, oc, take->agency,
						 &in->agency, err);
		if (rc != MD_OK)
			return rc;
	} else if (agency == MD_WF_REQUIRED) {
		return oc->agency_kind
			       ? md_err_set(err, MD_ERR_INVALID,
					    "「%s」にはつなぎ先(種別「%s」の関係機関)が必要です",
					    what, oc->agency_kind)
			       : md_err_set(err, MD_ERR_INVALID,
					    "「%s」にはつなぎ先(関係機関)が必要です",
					    what);
	}
	if (take->follow_up && *take->follow_up) {
		if (follow == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID,
					  "「%s」ではフォローアップ予定日を記録しません",
					  what);
		struct md_date d;
		struct md_err derr;
		if (md_date_parse(take->follow_up, &d, &derr) != MD_OK)
			return md_err_set(err, MD_ERR_INVALID,
					  "フォローアップ予定日: %s", derr.msg);
		md_date_iso(d, in->follow_up);
		char a[64], b[64];
		if (strcmp(in->follow_up, in->on) < 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "フォローアップ予定日(%s)は、%sの日(%s)より前にはできません",
					  wf_date_words(in->follow_up, a),
					  label, wf_date_words(in->on, b));
	} else if (follow == MD_WF_REQUIRED) {
		return md_err_set(err, MD_ERR_INVALID,
				  "「%s」にはフォローアップの予定日が必要です",
				  what);
	}
	if (take->reason && *take->reason) {
		enum md_status rc = text_input(take->reason, "理由",
					       &in->reason, err);
		if (rc != MD_OK)
			return rc;
	}
	if (reason == MD_WF_REQUIRED && (!in->reason || !*in->reason))
		return md_err_set(err, MD_ERR_INVALID,
				  "「%s」には理由が必要です", what);
	return check_method_note(s, take, in, err);
}

enum md_status
md_wf_check_open(struct md_wf_case *st, const struct md_user *actor,
		 const struct md_wf_step *step, struct md_err *err)
{
	size_t i = step_of(st, step);
	const struct step_def *s = &st->wf->steps[i];
	enum md_step_state state;
	struct md_buf why;
	md_buf_init(&why);
	enum md_status rc = wf_step_state(st, i, &state, &why, err);
	if (rc == MD_OK && state == MD_STEP_DONE) {
		const struct ev *e = &st->evs[st->done[i]];
		char at[MD_DISPLAY_WHEN_SIZE];
		rc = md_err_set(err, MD_ERR_CLOSED,
				"手順「%s」はすでに記録されています(%s %s)",
				s->pub.label,
				md_display_when(e->at, MD_DATE_LONG, at),
				e->by);
	} else if (rc == MD_OK && state == MD_STEP_CLOSED) {
		rc = md_err_set(err, MD_ERR_CLOSED,
				"手順「%s」はまだ行えません: %s", s->pub.label,
				md_buf_str(&why));
	} else if (rc == MD_OK && !(s->pub.roles & (1u << actor->role))) {
		rc = wf_refuse_role(&s->pub, actor, err);
	}
	md_buf_fini(&why);
	return rc;
}

/* ---- what taking a step records --------------------------------------- */

void
md_wf_inputs_fini(struct md_wf_inputs *in)
{
	md_free(in->agency);
	md_free(in->reason);
	md_free(in->note);
	memset(in, 0, sizeof *in);
}

enum md_status
md_wf_form_ready(struct md_wf_case *st, const struct md_wf_step *step,
		 bool *ready, struct md_err *err)
{
	*ready = true;
	if (!step->form || !step->complete)
		return MD_OK;
	struct form_facts *f;
	enum md_status rc = wf_facts_of(st, step->form, &f, err);
	if (rc == MD_OK)
		*ready = f->exists && f->complete;
	return rc;
}

void
md_wf_effects_fini(struct md_wf_effects *fx)
{
	wf_freezes_free(fx->freezes, fx->nfreezes);
	md_free(fx->sets);
	md_free(fx->rounds);
	md_free(fx->detail);
	md_free(fx->reason);
	md_free(fx->agency);
	md_free(fx->note);
	memset(fx, 0, sizeof *fx);
}

/* Add a value the step writes: nothing when there is no field or value. */
static enum md_status
set_add(struct md_wf_effects *fx, const struct md_wf_case *st,
	const struct ref *r, const char *value, struct md_err *err)
{
	if (!r->field || !value)
		return MD_OK;
	struct md_wf_set *p = md_realloc(fx->sets, (fx->nsets + 1) * sizeof *p);
	if (!p)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	fx->sets = p;
	p[fx->nsets++] = (struct md_wf_set){r->form, wf_form_round(st, r->form),
					    r->field->key, value};
	return MD_OK;
}

/* Add a round to make ready, once. */
static enum md_status
round_add(struct md_wf_effects *fx, const struct md_form *form, int seq,
	  struct md_err *err)
{
	for (size_t k = 0; k < fx->nrounds; k++)
		if (fx->rounds[k].form == form && fx->rounds[k].seq == seq)
			return MD_OK;
	struct md_wf_new_round *p = md_realloc(fx->rounds,
					       (fx->nrounds + 1) * sizeof *p);
	if (!p)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	fx->rounds = p;
	p[fx->nrounds++] = (struct md_wf_new_round){form, seq};
	return MD_OK;
}

/* The event of ev as the engine takes it in. */
static struct md_wf_event
event_of(const struct ev *e)
{
	return (struct md_wf_event){e->id,
				    e->step_id,
				    e->outcome,
				    e->reason,
				    e->agency,
				    e->follow_up_on,
				    e->method,
				    e->note,
				    e->on,
				    e->at,
				    e->by,
				    e->record_id,
				    e->record_revision};
}

/* The case as it stands after event fx->event: st's events and that one
 * replayed, with no database. */
static enum md_status
replay_after(const struct md_wf_case *st, const struct md_wf_effects *fx,
	     struct md_wf_case *after, struct md_err *err)
{
	enum md_status rc = wf_case_init(after, st->wf, st->received,
					 st->reader, err);
	for (size_t k = 0; rc == MD_OK && k < st->nevs; k++) {
		struct md_wf_event e = event_of(&st->evs[k]);
		rc = wf_case_push(after, &e, err);
	}
	if (rc == MD_OK)
		rc = wf_case_push(after, &fx->event, err);
	if (rc == MD_OK)
		rc = wf_case_settle(after, err);
	return rc;
}

void
wf_freezes_free(struct md_wf_freeze *z, size_t n)
{
	for (size_t k = 0; k < n; k++)
		md_free(z[k].why);
	md_free(z);
}

enum md_status
wf_case_freezes(const struct md_wf_case *st, struct md_wf_freeze **out,
		size_t *n, struct md_err *err)
{
	*n = 0;
	*out = md_calloc(st->nfrz ? st->nfrz : 1, sizeof **out);
	if (!*out)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t k = 0; k < st->nfrz; k++) {
		const struct frz *z = &st->frz[k];
		const struct ev *e = &st->evs[z->ev];
		char *why = md_workflow_freeze_why(st->wf, e->step_id,
						   e->outcome, e->on, z->seq,
						   wf_form_round(st, z->form));
		if (!why)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		(*out)[(*n)++] = (struct md_wf_freeze){z->form, z->seq, e->id,
						       why};
	}
	return MD_OK;
}

/* The case's stage after step s: s itself, but a step of a track leaves
 * the individual process's place as the last step of no track put it
 * (004 §5(7): the track runs beside it). Into the definition, or a
 * literal: stable. */
static const char *
stage_after(const struct md_wf_case *st, const struct step_def *s)
{
	if (s->track < 0)
		return s->pub.id;
	for (size_t k = st->nevs; k-- > 0;) {
		const struct ev *e = &st->evs[k];
		if (e->reopen)
			return REOPEN_STEP;
		if (e->step >= 0 && st->wf->steps[e->step].track < 0)
			return st->wf->steps[e->step].pub.id;
	}
	return s->pub.id;
}

/* The case's columns after the step, from the state it leads to. */
static void
cols_after(const struct md_wf_case *st, const struct md_wf_case *after,
	   const struct step_def *s, const struct md_wf_inputs *in,
	   struct md_wf_case_cols *cols)
{
	memset(cols, 0, sizeof *cols);
	cols->stage = stage_after(st, s);
	cols->closed = after->closed;
	/* A step taken on a closed case (a follow-up) leaves the day and the
	 * reason it was closed as they were: it stays closed (001 第9条(9)). */
	cols->keep_closing = st->closed && s->pub.after_close;
	if (after->closed && !cols->keep_closing) {
		snprintf(cols->closed_on, sizeof cols->closed_on, "%s", in->on);
		cols->close_reason = in->outcome ? in->outcome->close_reason
						 : "";
	}
	if (after->decision >= 0) {
		/* The day the plan was decided; evaluations count from it,
		 * 001 第9条(9). */
		int evals = 0;
		for (size_t k = (size_t)after->decision + 1; k < after->nevs;
		     k++)
			if (after->evs[k].step >= 0 &&
			    after->wf->steps[after->evs[k].step].pub.evaluation)
				evals++;
		snprintf(cols->plan_decided_on, sizeof cols->plan_decided_on,
			 "%s", after->evs[after->decision].on);
		if (!after->closed)
			next_evaluation(after->wf, cols->plan_decided_on, evals,
					cols->next_eval_on);
	}
	/* 001 第9条(5)イ・(9)エ: the follow-up date set last, until a
	 * follow-up meets it. */
	if (after->follow_up_due)
		snprintf(cols->follow_up_on, sizeof cols->follow_up_on, "%s",
			 after->evs[after->follow_up].follow_up_on);
}

enum md_status
md_wf_effects(struct md_wf_case *st, const struct md_wf_step *step,
	      const struct md_wf_inputs *in, struct md_wf_effects *fx,
	      struct md_err *err)
{
	memset(fx, 0, sizeof *fx);
	const struct md_workflow *wf = st->wf;
	size_t i = step_of(st, step);
	const struct step_def *s = &wf->steps[i];
	const struct md_wf_outcome *oc = in->outcome;
	const struct outcome_extra
		*ex = oc ? &s->extras[(size_t)(oc - s->pub.outcomes)] : NULL;
	int round = st->round[i];
	enum md_status rc = MD_OK;

	/* The event, linking the round of the step's own form. */
	long long record_id = 0;
	int revision = 0;
	if (s->pub.form) {
		struct form_facts *f;
		if ((rc = wf_facts_of(st, s->pub.form, &f, err)) != MD_OK)
			return rc;
		record_id = f->exists ? f->record_id : 0;
		revision = f->revision;
		fx->link_form = s->pub.form;
		fx->link_seq = round;
	}
	/* The effects keep their own copies of what they were taken with. */
	snprintf(fx->on, sizeof fx->on, "%s", in->on);
	snprintf(fx->follow_up_on, sizeof fx->follow_up_on, "%s",
		 in->follow_up);
	if ((in->reason && !(fx->reason = md_strdup(in->reason))) ||
	    (in->agency && !(fx->agency = md_strdup(in->agency))) ||
	    (in->note && !(fx->note = md_strdup(in->note)))) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto fail;
	}
	fx->event = (struct md_wf_event){0,
					 s->pub.id,
					 oc ? oc->label : "",
					 fx->reason ? fx->reason : "",
					 fx->agency ? fx->agency : "",
					 fx->follow_up_on,
					 in->method ? in->method : "",
					 fx->note ? fx->note : "",
					 fx->on,
					 "",
					 "",
					 record_id,
					 revision};

	/* What the step writes on its forms. */
	if ((rc = set_add(fx, st, &s->sets, oc ? oc->label : NULL, err)) ||
	    (rc = set_add(fx, st, &s->date_sets, fx->on, err)) ||
	    (rc = set_add(fx, st, &s->round_sets,
			  round_value(&s->round_sets, round, fx->round_text),
			  err)))
		goto fail;
	if (ex && ((rc = set_add(fx, st, &ex->agency_sets, fx->agency, err)) ||
		   (rc = set_add(fx, st, &ex->follow_up_sets,
				 fx->follow_up_on[0] ? fx->follow_up_on : NULL,
				 err)) ||
		   (rc = set_add(fx, st, &ex->reason_sets, fx->reason, err)) ||
		   (rc = set_add(fx, st, &ex->date_sets, fx->on, err))))
		goto fail;

	/* The state the step leads to. */
	struct md_wf_case after;
	if ((rc = replay_after(st, fx, &after, err)) != MD_OK) {
		wf_case_fini(&after);
		goto fail;
	}
	/* The rounds it makes ready: those a new course goes back over
	 * (再プラン), and the next of a form each take fills anew. */
	if (oc && oc->new_round && oc->back_to >= 0)
		for (size_t j = (size_t)oc->back_to; j < wf->n && rc == MD_OK;
		     j++)
			if (wf->steps[j].pub.form &&
			    !wf->steps[j].per_take_round &&
			    !wf->steps[j].pub.side)
				rc = round_add(fx, wf->steps[j].pub.form,
					       after.round[j], err);
	if (rc == MD_OK && s->per_take_round && !after.closed &&
	    !(oc && oc->last_round))
		rc = round_add(fx, s->pub.form, after.round[i], err);
	if (rc == MD_OK)
		rc = wf_case_freezes(&after, &fx->freezes, &fx->nfreezes, err);
	if (rc == MD_OK)
		cols_after(st, &after, s, in, &fx->cols);
	wf_case_fini(&after);
	if (rc != MD_OK)
		goto fail;
	const char *m = in->method, *a = in->agency;
	fx->detail = md_asprintf("%s%s%s%s%s%s%s%s", s->pub.label,
				 oc ? ": " : "", oc ? oc->label : "",
				 m ? "(" : "", m ? m : "", m ? ")" : "",
				 a ? " → " : "", a ? a : "");
	if (!fx->detail) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto fail;
	}
	return MD_OK;
fail:
	md_wf_effects_fini(fx);
	return rc;
}
