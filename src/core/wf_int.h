/* The workflow's definition as the engine's files share it: the structures
 * forms/workflow.ini loads into (wf_load.c) and the questions asked of it.
 * Private to the core. */
#ifndef MADOGUCHI_WF_INT_H
#define MADOGUCHI_WF_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/mem.h"
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
	COND_DUE       /* due follow_up: a follow-up date is still to be met */
};

struct term {
	enum cond cond;
	bool negate;
	int step;           /* done, outcome */
	const char *value;  /* outcome, has: the full option */
	struct ref ref;     /* complete (form only), yes, filled, has, passed */
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
	struct ref sets;         /* the outcome is written here */
	struct ref date_sets;    /* the date taken is written here */
	struct ref round_sets;   /* the round is written here */
	struct ref outcome_from; /* the outcome is read from here */
	struct outcome_extra *extras; /* parallel to pub.outcomes */
	bool per_take_round; /* new_round = yes: each take fills a new round */
	struct change_by change_by; /* of pub.freezes */
	struct ref signature;  /* the person's signature over the form */
	int line;
};

struct md_workflow {
	struct md_arena arena;
	const struct md_forms *forms;
	const char *title;
	struct md_agency_kinds kinds; /* [workflow] agency_kinds */
	struct step_def *steps;
	size_t n;
};

/* The step id of a reopening, in workflow_events: an event of the engine,
 * never a step of the definition. */
#define REOPEN_STEP "reopen"

/* The step whose id is id (the len bytes at id), or -1. */
int wf_step_index(const struct md_workflow *wf, const char *id);
int wf_step_index_n(const struct md_workflow *wf, const char *id, size_t len);

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

#endif
