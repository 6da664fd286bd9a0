/* The workflow engine as a pure core: a case replayed from its events, the
 * state of each step, the checks of what a step is taken with, and what
 * taking it records, from the definition (workflow.h) alone. No database:
 * the forms of a case are read through a reader the caller gives, so a
 * case kept in memory (the demo generator) follows exactly the rules that
 * md_workflow_take (workflow.h) applies to a stored one. */
#ifndef MADOGUCHI_WF_ENGINE_H
#define MADOGUCHI_WF_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/clock.h"
#include "madoguchi/forms.h"
#include "madoguchi/status.h"
#include "madoguchi/values.h"
#include "madoguchi/workflow.h"

/* One event of a case, as the engine replays it (a row of
 * workflow_events). No string is NULL: "" when there is none. */
struct md_wf_event {
	long long id;     /* its row; 0 for one not stored yet */
	const char *step; /* a step's id, or the engine's reopening */
	const char *outcome;
	const char *reason;
	const char *agency;
	const char *follow_up_on; /* ISO, or "" */
	const char *method;
	const char *note;
	/* The day it was done (ISO); "" reads as the day of at. A step the
	 * definition records when a case opens (auto) is dated by the
	 * case's 受付日 whatever on says. */
	const char *on;
	const char *at;      /* when it was recorded */
	const char *by;      /* who recorded it, as shown */
	long long record_id; /* the record of the step's form it links, or 0 */
	int record_revision; /* and the revision of that record */
};

/* What a reader tells of one round of a form of the case. */
struct md_wf_round {
	bool exists;   /* the round has a record */
	bool complete; /* its ※ fields are all filled */
	long long record_id;
	int revision; /* 0: made ready, never saved */
};

/*
 * How the engine reads the forms of one case: callbacks with the caller's
 * ctx. Each returns MD_OK, or a status with err set, which the engine
 * passes on.
 *
 * round: the facts of round seq of form in *out (all zero when it has no
 * record) and, when it was saved, its current values added to values
 * (which comes empty).
 *
 * changes: for each field that a revision of record_id after `after`
 * changed, each(arg, revision, key) with key as the revision names it
 * ("FIELD" or "TABLE.ROW.COLUMN"). The engine reads a signature's state
 * from them (a signature stands while what it covers is unchanged); a
 * reader whose forms carry no signature may call nothing.
 *
 * agency (may be NULL): the agency of the catalogue that typed names (a
 * name, an alias or its start; MD_ERR_NOTFOUND or MD_ERR_AMBIGUOUS with
 * err saying so): its name and kind (種別), new strings (md_free). NULL
 * takes the name as typed, of no kind.
 *
 * meeting (may be NULL: no meeting is ever held): the earliest day (ISO)
 * on or after since ("" any day) on which a meeting of type (a section of
 * forms/meetings.ini) was held with the case's person discussed, and with
 * a 役割分担 task recorded at it where tasks is true, into on; "" when
 * there is none (the conditions held TYPE and assigned TYPE).
 */
struct md_wf_reader {
	void *ctx;
	enum md_status (*round)(void *ctx, const struct md_form *form, int seq,
				struct md_wf_round *out,
				struct md_values *values, struct md_err *err);
	enum md_status (*changes)(void *ctx, long long record_id, int after,
				  void (*each)(void *arg, int revision,
					       const char *key),
				  void *arg, struct md_err *err);
	enum md_status (*agency)(void *ctx, const char *typed, char **name,
				 char **kind, struct md_err *err);
	enum md_status (*meeting)(void *ctx, const char *type,
				  const char *since, bool tasks,
				  char on[MD_DATE_SIZE], struct md_err *err);
};

/* A case replayed (opaque). */
struct md_wf_case;

/*
 * Replay n events, oldest first, of a case received (受付日, ISO) on
 * `received`, reading its forms through reader (which must outlive the
 * case). *out is the new case (md_wf_case_free); the events are copied.
 */
enum md_status md_wf_replay(const struct md_workflow *wf, const char *received,
			    const struct md_wf_event *events, size_t n,
			    const struct md_wf_reader *reader,
			    struct md_wf_case **out, struct md_err *err);

void md_wf_case_free(struct md_wf_case **c);

/* Whether the replayed case is closed. */
bool md_wf_case_closed(const struct md_wf_case *c);

/* The round (seq) of form_id the process fills now; 1 when no step fills
 * it. */
int md_wf_case_round(const struct md_wf_case *c, const char *form_id);

/*
 * Where the case stands: every step done, open or closed with its reasons
 * (in Japanese), and the history of steps taken, as md_workflow_status
 * gives them; case_id is copied into out. actor (NULL: nobody) decides
 * may_take.
 */
enum md_status md_wf_case_flow(struct md_wf_case *c,
			       const struct md_user *actor, long long case_id,
			       struct md_flow *out, struct md_err *err);

/* Refuse unless step may be taken now by actor: MD_ERR_CLOSED saying what
 * is missing (or that it is done), MD_ERR_DENIED naming who may. */
enum md_status md_wf_check_open(struct md_wf_case *c,
				const struct md_user *actor,
				const struct md_wf_step *step,
				struct md_err *err);

/* What a step is taken with, checked and normalised (md_wf_check). */
struct md_wf_inputs {
	const struct md_wf_outcome *outcome; /* or NULL: the step has none */
	char *agency;       /* the agency's name (the reader's), or NULL */
	char *reason;       /* or NULL */
	const char *method; /* one of the step's methods, or NULL */
	char *note;         /* or NULL */
	char follow_up[MD_DATE_SIZE]; /* ISO, or "" */
	char on[MD_DATE_SIZE];        /* the day it was done (ISO) */
};

void md_wf_inputs_fini(struct md_wf_inputs *in);

/*
 * Check what step is taken with against the definition and the case: the
 * day it was done (default today; never in the future, before the case's
 * 受付日 or before the day of a step its needs name or of the follow-up
 * it meets), the outcome (as typed, by number or by the start of its
 * label; read from the form where the step says so) and what it requires
 * (an agency, a reason, a follow-up date never before the day), the
 * method and note; MD_ERR_INVALID says which. The agency typed is read
 * through the case's reader and must be of the kind the outcome names.
 * in is filled even on failure: md_wf_inputs_fini it either way.
 */
enum md_status md_wf_check(struct md_wf_case *c, const struct md_wf_step *step,
			   const struct md_take *take, struct md_wf_inputs *in,
			   struct md_err *err);

/* Whether step's own form is complete where the step needs it to be. */
enum md_status md_wf_form_ready(struct md_wf_case *c,
				const struct md_wf_step *step, bool *ready,
				struct md_err *err);

/* A value a step writes on a form. */
struct md_wf_set {
	const struct md_form *form;
	int seq;           /* the round */
	const char *key;   /* the field */
	const char *value; /* into the effects or the definition */
};

/* A round made ready (an empty record) for the process to fill next. */
struct md_wf_new_round {
	const struct md_form *form;
	int seq;
};

/* A round of a form that stands frozen after the step. */
struct md_wf_freeze {
	const struct md_form *form;
	int seq;
	long long event_id; /* the event that froze it; 0: the new one */
	char *why;          /* what records.h's md_record_save answers */
};

/* The case's columns after the step. */
struct md_wf_case_cols {
	const char *stage; /* the step's id */
	bool closed;
	/* Closed by a step taken on a case already closed (after_close):
	 * the day and reason it was closed stay as they are; else these. */
	bool keep_closing;
	char closed_on[MD_DATE_SIZE];
	const char *close_reason;
	char plan_decided_on[MD_DATE_SIZE]; /* "" : none */
	char next_eval_on[MD_DATE_SIZE];    /* "" : none */
	char follow_up_on[MD_DATE_SIZE];    /* the follow-up still due, or "" */
};

/* Everything taking a step records. */
struct md_wf_effects {
	/* The event row: id 0, at and by "" (the recorder's to give). */
	struct md_wf_event event;
	/* The round of the step's own form the event links: the record and
	 * revision in event are those before the step; when the step writes
	 * on link_form, the event links the revision those writes make. */
	const struct md_form *link_form;
	int link_seq;
	struct md_wf_set *sets; /* in order; a form's first set first */
	size_t nsets;
	struct md_wf_new_round *rounds;
	size_t nrounds;
	/* Every freeze that stands after the step (those of the case before
	 * it are rewritten). */
	struct md_wf_freeze *freezes;
	size_t nfreezes;
	struct md_wf_case_cols cols;
	char *detail; /* the audit log's text */
	/* What event and sets point into: copies of the inputs. */
	char round_text[16];
	char on[MD_DATE_SIZE], follow_up_on[MD_DATE_SIZE];
	char *reason, *agency, *note;
};

void md_wf_effects_fini(struct md_wf_effects *fx);

/*
 * What taking step with the checked inputs records on case c: the event,
 * the values it sets, the rounds it makes ready, the freezes that stand
 * after it, the case's columns (the next evaluation counted from the plan
 * decision by the definition's evaluation_months) and the audit text. The
 * state after the step is replayed from c's events and the new one, with
 * no database. Checks nothing: md_wf_check_open, md_wf_check and
 * md_wf_form_ready first.
 */
enum md_status md_wf_effects(struct md_wf_case *c,
			     const struct md_wf_step *step,
			     const struct md_wf_inputs *in,
			     struct md_wf_effects *out, struct md_err *err);

#endif
