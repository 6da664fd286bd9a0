/* Filled forms: opening, saving as append-only revisions, history and differences. */
#ifndef MADOGUCHI_RECORDS_H
#define MADOGUCHI_RECORDS_H

#include <stdbool.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/values.h"

/* seq values for md_record_open. */
#define MD_SEQ_LATEST 0 /* the latest round (a new one if none exists) */
#define MD_SEQ_NEW (-1) /* a new round, or a new entry of an entries form */

/* One form of a case as it is being read or edited. */
struct md_record {
	long long id; /* 0 until first saved */
	long long case_id;
	const struct md_form *form;
	int seq;      /* the round or entry number (assigned on save) */
	int revision; /* the revision the values came from; 0 when new */
	int person_revision;
	long long person_id;
	bool complete;
	char *updated_at; /* "" when new */
	char *updated_by; /* display name; "" when new */
	/* Why the record cannot be changed, with what to do, when a step
	 * that stands has frozen it (a plan once decided); "" otherwise. */
	char *frozen;
	/* The values of the form, the person's bound fields included under
	 * the form's own keys. What the caller edits and saves. */
	struct md_values values;
};

void md_record_fini(struct md_record *r);

/*
 * Open form `form_id` of a case for reading or editing: the round or entry
 * seq, MD_SEQ_LATEST or MD_SEQ_NEW. A form never saved comes with its
 * defaults (today's date, the actor) and revision 0. The person's fields are
 * filled in from the person (自動転記). Audited as a view.
 */
enum md_status md_record_open(struct md_db *db, const struct md_user *actor,
			      const struct md_forms *forms, long long case_id,
			      const char *form_id, int seq,
			      struct md_record *out, struct md_err *err);

/* md_record_open without the permission check and the audit row, for core
 * modules (print, workflow) that audit what they do themselves. */
enum md_status md_record_load(struct md_db *db, const struct md_user *actor,
			      const struct md_forms *forms, long long case_id,
			      const char *form_id, int seq,
			      struct md_record *out, struct md_err *err);

/* Flags of md_record_save. */
enum md_save_flags {
	MD_SAVE_WORKFLOW = 1
			   << 0, /* may change fields marked set_by = workflow */
	/* Remove the actor's draft of this record (drafts.h: its seq, 0 for a
	 * record not saved before) in the save's own transaction: a crash
	 * leaves the draft and no save, or the save and no draft. */
	MD_SAVE_DRAFT = 1 << 1
};

/*
 * Save rec->values as a new revision of the form, in one transaction:
 * every value is checked and normalised (faults, key → message, get every
 * fault, and nothing is saved); the form must still be at rec->revision and
 * the person at rec->person_revision, or MD_ERR_CONFLICT says who saved
 * and when; a record a step has frozen is refused with MD_ERR_CLOSED and
 * the reason (only MD_SAVE_WORKFLOW may still change the fields marked set_by
 * = workflow); the field bound to the case's 受付日 (case = received_on) is
 * never in the future nor after a step taken, and the case's 受付日 follows
 * it; the person's fields go to the person (as a person revision), the
 * rest to the form. Nothing is overwritten. When nothing changed, nothing is
 * written and *saved is false. On success rec is updated (id, seq,
 * revision, values normalised, complete); on failure rec is untouched, so
 * what was typed is kept.
 */
enum md_status md_record_save(struct md_db *db, const struct md_user *actor,
			      struct md_record *rec, unsigned flags,
			      bool *saved, struct md_values *faults,
			      struct md_err *err);

/* One revision in a form's history. */
struct md_revision {
	int revision;
	int base_revision;
	char *at;
	char *user_name;
	bool complete;
	char *changed; /* field labels, "、"-separated */
	char *note;
};

void md_revisions_free(struct md_revision *revs, size_t n);

/* Every revision of a record, oldest first. Audited as a view. */
enum md_status md_record_history(struct md_db *db, const struct md_user *actor,
				 const struct md_forms *forms,
				 long long record_id, struct md_revision **revs,
				 size_t *n, struct md_err *err);

/* The values a record had at a revision (the form's own fields only; the
 * person's are in the person's history). Audited as a view. */
enum md_status md_record_values_at(struct md_db *db,
				   const struct md_user *actor,
				   long long record_id, int revision,
				   struct md_values *out, struct md_err *err);

/* One difference between two sets of values of a form. */
struct md_diff {
	const struct md_field *field;
	char *key;
	char *before; /* "" when absent */
	char *after;
};

/* The differences between a and b, field by field in form order (table
 * cells and "other" texts under their field). *out is a new array. */
enum md_status md_values_diff(const struct md_form *form,
			      const struct md_values *a,
			      const struct md_values *b, struct md_diff **out,
			      size_t *n, struct md_err *err);
void md_diffs_free(struct md_diff *d, size_t n);

/* A form of a case, for lists. */
struct md_record_info {
	long long id;
	const struct md_form *form;
	int seq;
	int revision;
	bool complete;
	bool frozen;      /* a step has frozen it (md_record.frozen) */
	char *entry_date; /* entries forms; "" otherwise */
	char *updated_at;
	char *updated_by;
	char *summary; /* entries: the start of the first textarea */
};

void md_record_infos_free(struct md_record_info *r, size_t n);

/*
 * The records of a case: every form's rounds, then entries of entries forms
 * newest first (at most max_entries of them; 0 for all). Forms unknown to
 * forms are left out. No audit (the caller reads the case with md_case_get).
 */
enum md_status md_record_list(struct md_db *db, const struct md_forms *forms,
			      long long case_id, int max_entries,
			      struct md_record_info **out, size_t *n,
			      struct md_err *err);

/* The id of record (case, form, seq), or 0 when there is none. */
enum md_status md_record_find(struct md_db *db, long long case_id,
			      const char *form_id, int seq, long long *id,
			      struct md_err *err);

/* The values of a record at a revision, without audit (for prints that
 * audit on their own). */
enum md_status md_record_revision_values(struct md_db *db, long long record_id,
					 int revision, struct md_values *out,
					 struct md_err *err);

/* The latest values of a record without audit, for the workflow's checks
 * and prints that audit on their own. *revision may be NULL. */
enum md_status md_record_latest(struct md_db *db, long long record_id,
				struct md_values *out, int *revision,
				struct md_err *err);

#endif
