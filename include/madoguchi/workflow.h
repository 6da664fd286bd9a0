/* The workflow engine: which steps of a case are open, why others are not,
 * and taking a step, from the definition in forms/workflow.ini. */
#ifndef MADOGUCHI_WORKFLOW_H
#define MADOGUCHI_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/agencies.h"
#include "madoguchi/auth.h"
#include "madoguchi/config.h"
#include "madoguchi/db.h"
#include "madoguchi/diag.h"
#include "madoguchi/forms.h"
#include "madoguchi/values.h"

struct md_workflow;
struct md_meeting_defs;

/* How an outcome treats an extra input (an agency, a date, a reason). */
enum md_wf_input {
	MD_WF_NONE,
	MD_WF_OPTIONAL,
	MD_WF_REQUIRED
};

/* What an outcome of a step asks for and does. */
struct md_wf_outcome {
	const char *label;
	bool close;
	const char *close_reason; /* the case's 終結の理由 when it closes */
	enum md_wf_input agency;
	const char *agency_kind; /* the kind (種別) the agency must be, or NULL */
	enum md_wf_input follow_up;
	enum md_wf_input reason;
	int back_to; /* index of the step the process returns to, or -1 */
	bool new_round;
	/* The step's own form (new_round = yes on the step) has no round
	 * after this outcome: no empty next round is made, and later steps
	 * write into the round just filled (評価 → 終結). */
	bool last_round;
	bool plan_decided;
	/* The form whose current round this outcome freezes while the step
	 * stands (freezes = FORM), or NULL. */
	const struct md_form *freezes;
	/* Ends the track of its step (ends_track = yes; 004 §5(7) 6 and
	 * 「つなぎ元の機関に戻す」): the track's steps close, the case stays
	 * open. */
	bool ends_track;
};

/*
 * A track ([track.ID]): a process of its own beside the individual one
 * (the steps of no track), chosen per case by taking one of the steps that
 * start it (004 §5(7) 多機関協働). It ends by an outcome with ends_track;
 * its steps leave the case's stage as it was.
 */
struct md_wf_track {
	const char *id;
	const char *label;
	const char *cite; /* where the seeds say so, or "" */
	const char *help;
	const struct md_wf_step *const *starts; /* the steps that begin it */
	size_t nstarts;
};

/* One step of the process, as the definition declares it. */
struct md_wf_step {
	const char *id;
	const char *label;
	const char *help;
	const struct md_form *form; /* the form it fills, or NULL */
	bool complete;   /* taking it needs its form complete (※ fields) */
	bool repeat;     /* may be taken again and again */
	bool autostart;  /* recorded when the case is opened */
	bool side;       /* beside the main line (progress entries) */
	bool evaluation; /* an evaluation: due dates count these */
	unsigned roles;  /* bit (1 << md_role) for each role that may take it */
	const struct md_wf_outcome *outcomes;
	size_t noutcomes;
	bool outcome_from_form; /* the outcome is read from a field of the form */
	/* The form whose current round every take freezes while the step
	 * stands (freezes = FORM on the step), or NULL. */
	const struct md_form *freezes;
	/* May be taken on a closed case, which it leaves closed (after_close
	 * = yes: the follow-up after a referral or closure). */
	bool after_close;
	/* Taking it meets the follow-up date that was due (meets_follow_up =
	 * yes); its outcome may give the next one. */
	bool meets_follow_up;
	/* How it was done, one of these (methods = 電話|訪問|…), or none. */
	const char *const *methods;
	size_t nmethods;
	enum md_wf_input note; /* a note of the consultant's (note = …) */
	/* What a case waits for while this step is open after the steps
	 * its needs name (waiting = …, "支援調整会議を待っています"), or
	 * NULL: home lists such cases (md_workflow_waited_stages). */
	const char *waiting;
	/* The track it belongs to (track = ID), or NULL: the individual
	 * process. */
	const struct md_wf_track *track;
};

/*
 * Load forms/workflow.ini and check it against the forms: unknown steps,
 * forms, fields or roles, an option that is not the field's, steps no path
 * reaches, a loop with no way out. Every fault goes to diags as
 * "file:line: …" and the result is MD_ERR_DEFINITION with *out NULL; a
 * file that cannot be read is MD_ERR_NOTFOUND or MD_ERR_IO in err. forms
 * must outlive the workflow.
 */
enum md_status md_workflow_load(const char *path, const struct md_forms *forms,
				struct md_workflow **out,
				struct md_diags *diags, struct md_err *err);

void md_workflow_free(struct md_workflow **wf);

size_t md_workflow_nsteps(const struct md_workflow *wf);
const struct md_wf_step *md_workflow_step(const struct md_workflow *wf,
					  size_t i);
/* The kinds of agency the definition lists ([workflow] agency_kinds): those
 * the catalogue's 種別 may be and an outcome's agency_kind names. */
const struct md_agency_kinds *md_workflow_agency_kinds(
	const struct md_workflow *wf);

/* The process in a few lines as the definition words it ([workflow]
 * guide.1, guide.2, …: the first a title), *n of them; NULL when it has
 * none. */
const char *const *md_workflow_guide(const struct md_workflow *wf, size_t *n);

/* A step by id, or NULL. */
const struct md_wf_step *md_workflow_find(const struct md_workflow *wf,
					  const char *id);

/* The tracks ([track.ID]), in the order of the file. */
size_t md_workflow_ntracks(const struct md_workflow *wf);
const struct md_wf_track *md_workflow_track(const struct md_workflow *wf,
					    size_t i);

/*
 * Check the meeting types the definition's conditions name (held TYPE,
 * assigned TYPE) against forms/meetings.ini: each a type of defs at which
 * persons are discussed. Every fault goes to diags as "file:line: …" (the
 * workflow's file) and the result is MD_ERR_DEFINITION. No database.
 */
enum md_status md_workflow_check_meetings(const struct md_workflow *wf,
					  const struct md_meeting_defs *defs,
					  struct md_diags *diags,
					  struct md_err *err);

/* The stages (step ids) whose cases wait for step s: the steps its needs
 * name (done STEP, outcome STEP = …), each once, at most max of them into
 * stages; the count. */
size_t md_workflow_waited_stages(const struct md_workflow *wf,
				 const struct md_wf_step *s,
				 const char **stages, size_t max);

/* The step that records a follow-up (meets_follow_up = yes): the first the
 * definition lists, or NULL when it has none. */
const struct md_wf_step *md_workflow_follow_up_step(
	const struct md_workflow *wf);

/*
 * Why a new round of form_id cannot be started by hand: the workflow opens
 * the rounds of a form one of its steps fills, when a step needs one (評価
 * each time, 再プラン for the assessment and the plan), so that the round a
 * person opens is the round the process reads. A new string naming those
 * steps (md_free), or NULL when the form is no step's (a new round may then
 * be started) or out of memory (*nomem set). No database.
 */
char *md_workflow_round_refusal(const struct md_workflow *wf,
				const char *form_id, bool *nomem);

/* The label of a stage (a step id as cases.stage holds it); the id itself
 * when unknown. Usable as md_export_options.stage_label with ctx = wf. */
const char *md_workflow_stage_label(const void *wf, const char *stage);

/*
 * Why a form frozen by step_id (with its outcome, "" or NULL when none),
 * done on `on` (ISO), cannot be changed, and what to do: round seq of the
 * form, whose current round is `current`. The text md_record_save gives
 * (records.h); a new string, or NULL when the step freezes nothing or out
 * of memory. No database.
 */
char *md_workflow_freeze_why(const struct md_workflow *wf, const char *step_id,
			     const char *outcome, const char *on, int seq,
			     int current);

/* The state of a step in a case. */
enum md_step_state {
	MD_STEP_DONE,  /* taken (and not to be taken again) */
	MD_STEP_OPEN,  /* can be taken now */
	MD_STEP_CLOSED /* not yet: why says what is missing */
};

struct md_step_status {
	const struct md_wf_step *step;
	enum md_step_state state;
	char *why;     /* closed: each reason on its own line; "" otherwise */
	char *on;      /* the day it was last done in this course (ISO; "") */
	char *at;      /* when that was recorded ("" if not taken) */
	char *by;      /* who took it */
	char *outcome; /* its outcome ("" if none) */
	int round;     /* the round (seq) of its form to fill now */
	int times;     /* times taken since the process last came back */
	bool may_take; /* the actor's role may take it */
	/* Open, and the outcome read from its form (outcome_from): the
	 * outcome the form holds now, which taking it would record; NULL
	 * when the form holds none (or the step chooses its outcome). */
	const struct md_wf_outcome *form_outcome;
};

/* One step taken, as the history lists it. */
struct md_event {
	long long id;
	const char *step_label; /* the step's label, or its id */
	char *step;
	char *outcome;
	char *reason;
	char *agency;
	char *follow_up_on;
	char *method; /* how it was done (methods), or "" */
	char *note;   /* the consultant's note, or "" */
	char *on;     /* the day the step was done (ISO) */
	char *at;     /* when it was recorded */
	char *by;
};

/* Where a case stands in a track. */
enum md_track_state {
	MD_TRACK_NOT_STARTED, /* no step of it taken */
	MD_TRACK_ACTIVE,      /* 進行中 */
	MD_TRACK_ENDED        /* 終了: an outcome with ends_track */
};

struct md_track_status {
	const struct md_wf_track *track;
	enum md_track_state state;
	char *started_on; /* the day its first step was done (ISO), or "" */
	char *ended_on;   /* the day it ended (ISO), or "" */
	/* The state in words: 未開始 and the steps that start it, 進行中 since
	 * when, or 終了 when, by which step and outcome, and the reason. */
	char *text;
};

/* A case's place in the process. */
struct md_flow {
	long long case_id;
	bool closed;
	struct md_step_status *steps; /* one per step, in order */
	size_t nsteps;
	struct md_track_status *tracks; /* one per track, in order */
	size_t ntracks;
	struct md_event *events; /* oldest first */
	size_t nevents;
};

void md_flow_fini(struct md_flow *flow);

/*
 * Where case_id stands: every step done, open or closed (with every reason
 * in Japanese), and the history of steps taken, each with the day it was
 * done. A step that took the person's signature (signature = FORM.FIELD)
 * stands only while the content it covered is unchanged: a later change
 * voids it and the steps after it. Reads only; no audit (read the case with
 * md_case_get, which audits). actor decides may_take.
 */
enum md_status md_workflow_status(struct md_db *db, const struct md_user *actor,
				  const struct md_workflow *wf,
				  long long case_id, struct md_flow *out,
				  struct md_err *err);

/* The round (seq) of form_id that the process fills now; 1 when unknown. */
int md_flow_form_round(const struct md_workflow *wf, const struct md_flow *flow,
		       const char *form_id);

/* What a step is taken with. Any field may be NULL. */
struct md_take {
	const char *outcome;
	const char *agency;
	const char *reason;
	const char *follow_up; /* a date as typed (和暦 or ISO) */
	const char *date;   /* the day it was done (default today), as typed */
	const char *method; /* how it was done: one of the step's methods */
	const char *note;   /* a note, where the step takes one */
};

/*
 * Take step_id for case_id as actor, in one transaction: checks the role,
 * that the step is open (else MD_ERR_CLOSED with what is missing; on a
 * closed case only a step with after_close is), the outcome and what it
 * requires (agency, reason, follow-up date never before the day the step
 * was done), the method and note where the step takes them, the day it
 * was done (never in the future, before the case's 受付日 or before the day
 * of a step its needs name or of the follow-up it meets; else
 * MD_ERR_INVALID saying which), and a complete form where the step needs
 * one; records the event with its day and linked form revision, fills the
 * fields the step sets on its forms, rewrites which forms stand frozen
 * (freezes = FORM), updates the case (stage, closing, plan decision, next
 * evaluation due from the definition's evaluation_months after the
 * decision's day, the
 * follow-up still due; a step taken on a closed case leaves the day and
 * reason it was closed) and the audit log. Nothing is half-recorded.
 */
enum md_status md_workflow_take(struct md_db *db, const struct md_user *actor,
				const struct md_workflow *wf,
				const struct md_forms *forms, long long case_id,
				const char *step_id, const struct md_take *take,
				struct md_err *err);

/*
 * Open a case for a person (as md_case_create) and record the steps taken
 * when a case opens (相談受付), in one transaction.
 */
enum md_status md_workflow_open_case(
	struct md_db *db, const struct md_user *actor,
	const struct md_workflow *wf, const struct md_forms *forms,
	long long person_id, const struct md_values *fields, long long *case_id,
	struct md_values *faults, struct md_err *err);

/*
 * md_workflow_open_case for a case of office (000 第4条: its name, as
 * md_office_find takes it; NULL: the actor's office). An office that does
 * not exist is refused before anything is stored: MD_ERR_INVALID with the
 * fault "office" naming it and the offices there are.
 */
enum md_status md_workflow_open_case_in(
	struct md_db *db, const struct md_user *actor,
	const struct md_workflow *wf, const struct md_forms *forms,
	long long person_id, const struct md_values *fields, const char *office,
	long long *case_id, struct md_values *faults, struct md_err *err);

/*
 * Reopen a closed case (主任相談支援員 or 管理者 only) with a reason; the step
 * that closed it can be taken again. Recorded and audited.
 */
enum md_status md_workflow_reopen(struct md_db *db, const struct md_user *actor,
				  const struct md_workflow *wf,
				  long long case_id, const char *reason,
				  struct md_err *err);

/* Something due: an evaluation of an open case, a follow-up, or an
 * appointment (the 次回予定日 a progress entry names). */
struct md_due {
	long long case_id;
	char *name;
	char *kana;
	char *staff;
	const char *kind; /* "評価", "フォローアップ" or "次回予定" */
	char *due_on;     /* ISO date */
	bool overdue;
};

void md_dues_free(struct md_due *d, size_t n);

/*
 * Evaluations and follow-ups due within days from today, or overdue, and
 * the appointments of open cases within days either side of today (the
 * 次回予定日 of the case's latest progress entry that names one, until an
 * entry is dated on or after it; one days past is overdue), soonest first:
 * at most limit of them (0: all), each read through the index of its
 * date, so the first few cost the same however many cases there are.
 * Audited as one view of the list.
 */
enum md_status md_workflow_due(struct md_db *db, const struct md_user *actor,
			       int days, int limit, struct md_due **out,
			       size_t *n, struct md_err *err);

/* What one case waits for next: the soonest of its dates md_workflow_due
 * would list (an evaluation or the standing appointment of an open case, a
 * follow-up of any), due_on "" and kind "" when none. */
struct md_case_due {
	const char *kind; /* "評価", "フォローアップ", "次回予定" or "" */
	char due_on[11]; /* ISO date, or "" */
	bool overdue;    /* before today */
};

/* The next date case_id is due (md_case_due). Reads only; no audit (the
 * caller audits the view it serves). */
enum md_status md_workflow_case_due(struct md_db *db, long long case_id,
				    struct md_case_due *out,
				    struct md_err *err);

#endif
