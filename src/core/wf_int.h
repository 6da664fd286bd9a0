/* The workflow's definition as the engine's files share it: the structures
 * forms/workflow.ini loads into (wf_load.c) and the questions asked of it.
 * Private to the core. */
#ifndef MADOGUCHI_WF_INT_H
#define MADOGUCHI_WF_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/mem.h"
#include "madoguchi/wareki.h"
#include "madoguchi/wf_engine.h"
#include "madoguchi/workflow.h"

/* A field of a form, as "FORM.FIELD" names it. */
struct ref {
	const struct md_form *form;
	const struct md_field *field;
};

/* The conditions a need can test. */
enum cond {
	COND_DONE,     /* done STEP */
	COND_OUTCOME,  /* outcome STEP = OUTCOME */
	COND_COMPLETE, /* complete FORM */
	COND_YES,      /* yes FORM.FIELD */
	COND_FILLED,   /* filled FORM.FIELD */
	COND_HAS,      /* has FORM.FIELD = OPTION */
	COND_PASSED,   /* passed FORM.FIELD (a date before today) */
	COND_DUE,      /* due follow_up: a follow-up date is still to be met */
	COND_HELD      /* held TYPE, assigned TYPE: a meeting (the reader's) */
};

struct term {
	enum cond cond;
	bool negate;
	int step;          /* done, outcome */
	const char *value; /* outcome, has: the full option; held: the type */
	struct ref ref;    /* complete (form only), yes, filled, has, passed */
	bool tasks;        /* held: assigned (a 役割分担 recorded at it) */
	int line;          /* where the definition writes it */
};

/* Terms that must all hold. */
struct alt {
	struct term *terms;
	size_t n;
};

/* A need: alternatives of which one must hold, and why it is missing. */
struct need {
	struct alt *alts;
	size_t n;
	const char *why;
};

/* The steps by which a frozen form is changed (change_by = STEP | …). */
struct change_by {
	int *steps;
	size_t n;
	int line;
};

/* What an outcome writes, beside its public part. */
struct outcome_extra {
	struct ref agency_sets, follow_up_sets, reason_sets, date_sets;
	struct change_by change_by;
};

struct step_def {
	struct md_wf_step pub;
	struct need *needs;
	size_t nneeds;
	struct ref sets;              /* the outcome is written here */
	struct ref date_sets;         /* the date taken is written here */
	struct ref round_sets;        /* the round is written here */
	struct ref outcome_from;      /* the outcome is read from here */
	struct outcome_extra *extras; /* parallel to pub.outcomes */
	bool per_take_round; /* new_round = yes: each take fills a new round */
	struct change_by change_by; /* of pub.freezes */
	struct ref signature;       /* the person's signature over the form */
	int track;                  /* its track's index, or -1 */
	int line;
};

/* A track ([track.ID]) as loaded. */
struct track_def {
	struct md_wf_track pub;
	int line;
	int starts_line;
};

struct md_workflow {
	struct md_arena arena;
	const struct md_forms *forms;
	const char *title;
	struct md_agency_kinds kinds; /* [workflow] agency_kinds */
	/* [workflow] evaluation_months: the months from a plan decision to
	 * each evaluation, ascending (001 第9条(9)); past the last, every
	 * step between the last two. */
	const int *eval_months;
	size_t neval;
	/* [workflow] guide.N: the process in a few lines, for F1. */
	const char **guide;
	size_t nguide;
	struct step_def *steps;
	size_t n;
	struct track_def *tracks;
	size_t ntracks;
	const char *path; /* the file it was loaded from, for faults */
};

/* The step id of a reopening, in workflow_events: an event of the engine,
 * never a step of the definition. */
#define REOPEN_STEP "reopen"

/* The step whose id is id (the len bytes at id), or -1. */
int wf_step_index(const struct md_workflow *wf, const char *id);
int wf_step_index_n(const struct md_workflow *wf, const char *id, size_t len);

/* Whether steps a and b (indices) are of the same track (or both of
 * none): the process goes back, and signatures void, within a track. */
bool wf_same_track(const struct md_workflow *wf, int a, int b);

/* The outcome of s labelled label (with its index), or NULL. */
const struct md_wf_outcome *wf_outcome_of(const struct step_def *s,
					  const char *label, size_t *index);

/* The form an event of step s with outcome oc freezes, or NULL; and the
 * steps that change it. */
const struct md_form *wf_freezes_of(const struct step_def *s,
				    const struct md_wf_outcome *oc);
const struct change_by *wf_change_by_of(const struct step_def *s,
					const struct md_wf_outcome *oc);

/* A date as a person reads it (和暦), for a message; never NULL. */
const char *wf_date_words(const char *iso, char buf[64]);

/* ---- a case replayed (wf_replay.c) ------------------------------------ */

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
	int seq; /* the round frozen */
};

/* A case replayed: its events and where each step stands (wf_engine.h). */
struct md_wf_case {
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
	int closer;   /* the step that closed the case, or -1 */
	int decision; /* the event of the latest plan decision, or -1 */
	/* 001 第9条(5)イ・(9)エ: the latest event that set a follow-up date,
	 * or -1, and whether that date is still to be met (no step with
	 * meets_follow_up taken since). */
	int follow_up;
	bool follow_up_due;
	char received[MD_DATE_SIZE]; /* the case's 受付日 */
	/* per track: the first event of one of its steps, and the event that
	 * ended it (ends_track), or -1 */
	int *track_start, *track_end;
	struct frz *frz;
	size_t nfrz;
	struct form_facts *facts;
	size_t nfacts;
	const struct md_wf_reader *reader;
};

/* The round of form: that of the first step that fills it. */
int wf_form_round(const struct md_wf_case *st, const struct md_form *form);

/* Start an empty case (no events) of wf received on `received`. */
enum md_status wf_case_init(struct md_wf_case *st, const struct md_workflow *wf,
			    const char *received,
			    const struct md_wf_reader *reader,
			    struct md_err *err);
void wf_case_fini(struct md_wf_case *st);

/* Append event e (copied) without applying it. */
enum md_status wf_case_push(struct md_wf_case *st, const struct md_wf_event *e,
			    struct md_err *err);

/* Apply the events pushed, then void the signatures that no longer cover
 * their forms. */
enum md_status wf_case_settle(struct md_wf_case *st, struct md_err *err);

/* The state of step i, with the reasons it is closed appended to why. */
enum md_status wf_step_state(struct md_wf_case *st, size_t i,
			     enum md_step_state *state, struct md_buf *why,
			     struct md_err *err);

/* The day of the first meeting a held/assigned term t of step i's needs
 * counts (the reader's meeting, on or after the day of the steps i's needs
 * name that are done), into on; "" when none. */
enum md_status wf_meeting_on(const struct md_wf_case *st, size_t i,
			     const struct term *t, char on[MD_DATE_SIZE],
			     struct md_err *err);

/* The facts of form's current round (read once). */
enum md_status wf_facts_of(struct md_wf_case *st, const struct md_form *form,
			   struct form_facts **out, struct md_err *err);

/* Which of n labels is typed: the label whole, its number (1…n), or the
 * start of one label only (md_text_match); n when none, LABEL_NOMEM when
 * out of memory. */
#define LABEL_NOMEM ((size_t)-1)
size_t wf_match_label(const char *typed, const char *const *labels, size_t n);

/* The labels of a step's outcomes: a new array (md_free), or NULL. */
const char **wf_outcome_labels(const struct step_def *s);

/* The outcome typed (by label, number or start); NULL with *nomem set when
 * out of memory, NULL alone when none is. */
const struct md_wf_outcome *wf_match_outcome(const struct step_def *s,
					     const char *typed, bool *nomem);

/* The rounds of st's forms that stand frozen, why each is (a new array
 * of *n, wf_freezes_free). */
enum md_status wf_case_freezes(const struct md_wf_case *st,
			       struct md_wf_freeze **out, size_t *n,
			       struct md_err *err);
void wf_freezes_free(struct md_wf_freeze *z, size_t n);

/* The refusal of a step to a role that may not take it, naming who may. */
enum md_status wf_refuse_role(const struct md_wf_step *s,
			      const struct md_user *actor, struct md_err *err);

#endif
