/* Drafts: what a consultant is typing into a form, kept between saves. */
#ifndef MADOGUCHI_DRAFTS_H
#define MADOGUCHI_DRAFTS_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/status.h"
#include "madoguchi/values.h"

/*
 * One user's unsaved typing in one form of a case (owns its strings). A
 * draft is not a revision: it is written without an audit row, replaced at
 * every save, and removed once the form is saved or the typing discarded.
 */
struct md_draft {
	long long case_id;
	char *form;              /* form id */
	int seq;                 /* 0: a record not yet saved */
	int base_revision;       /* the revision the typing started from */
	struct md_values values; /* what was typed, as typed (values.h keys) */
	char *field; /* the key of the field the cursor was on ("" if none) */
	char *updated_at;
	char *person_name; /* the case's person, for the restore prompt */
};

/*
 * In every call below err may be NULL: drafts are saved and discarded in the
 * background, where a failure has nobody to tell.
 */

/* Free what d owns and zero it (a zeroed draft is fine). */
void md_draft_fini(struct md_draft *d);

/* Free n drafts and the array (NULL is fine). */
void md_drafts_free(struct md_draft *d, size_t n);

/*
 * Save (insert or replace) actor's draft of (case, form, seq): one UPSERT in
 * its own transaction (a savepoint inside the caller's), with no audit row
 * and no revision. values are kept as typed, not checked (only that they are
 * text: MD_ERR_INVALID otherwise); field may be NULL. MD_ERR_NOTFOUND for a
 * case that does not exist; refused (MD_ERR_DISABLED, MD_ERR_DENIED) through
 * md_auth_require for an account that may not work.
 */
enum md_status md_draft_save(struct md_db *db, const struct md_user *actor,
			     long long case_id, const char *form, int seq,
			     int base_revision, const struct md_values *values,
			     const char *field, struct md_err *err);

/*
 * actor's draft of (case, form, seq) into *out (md_draft_fini it); *found is
 * false, and *out zeroed, when there is none. Only ever actor's own. Reads
 * the database; no audit row.
 */
enum md_status md_draft_load(struct md_db *db, const struct md_user *actor,
			     long long case_id, const char *form, int seq,
			     struct md_draft *out, bool *found,
			     struct md_err *err);

/*
 * All of actor's drafts, newest first (for the offer to restore at login):
 * *out is a new array of *n drafts (md_drafts_free; NULL when none). Only
 * ever actor's own. Reads the database; no audit row.
 */
enum md_status md_draft_list(struct md_db *db, const struct md_user *actor,
			     struct md_draft **out, size_t *n,
			     struct md_err *err);

/*
 * Put text into field of actor's draft of (case, form, seq): text typed
 * outside the screens, such as an editor's file found after a crash. When
 * actor has no such draft, one is made from the form as it is now
 * (records.h md_record_load: seq 0 is a record not yet saved) with
 * base_revision, the revision the typing started from; an existing draft
 * keeps its own. The draft's field becomes field (where the cursor goes on
 * restoring). *changed is false, and nothing written, when the draft or the
 * form already holds that text. MD_ERR_INVALID for a form or field forms
 * does not define; otherwise as md_draft_save. Reads and writes the
 * database; no audit row.
 */
enum md_status md_draft_put_field(struct md_db *db, const struct md_user *actor,
				  const struct md_forms *forms,
				  long long case_id, const char *form, int seq,
				  int base_revision, const char *field,
				  const char *text, bool *changed,
				  struct md_err *err);

/*
 * Remove actor's draft of (case, form, seq), after a save or a discard, in
 * its own transaction; no error when there is none. No audit row.
 */
enum md_status md_draft_discard(struct md_db *db, const struct md_user *actor,
				long long case_id, const char *form, int seq,
				struct md_err *err);

/* ---- drafts of contacts (相談票) ---- */

/*
 * One user's unsaved typing in a contact (owns its strings): as a form's
 * draft, private to its user, never audited nor a revision, removed once
 * the contact is saved or the typing thrown away.
 */
struct md_contact_draft {
	long long contact_id;    /* 0: a contact not yet saved */
	int base_revision;       /* the revision the typing started from */
	struct md_values values; /* field codes (contacts.h) → text as typed */
	char *field;             /* the code of the field the cursor was on */
	char *updated_at;
};

/* Free what d owns and zero it (a zeroed draft is fine). */
void md_contact_draft_fini(struct md_contact_draft *d);

/* Free n contact drafts and the array (NULL is fine). */
void md_contact_drafts_free(struct md_contact_draft *d, size_t n);

/*
 * Save (insert or replace) actor's draft of contact contact_id (0: a new
 * one) as md_draft_save does: one UPSERT in its own transaction, no audit
 * row, values kept as typed (MD_ERR_INVALID unless text; a contact_id below
 * 0); field may be NULL. Refused through md_auth_require for an account that
 * may not work. Writes the database.
 */
enum md_status md_contact_draft_save(struct md_db *db,
				     const struct md_user *actor,
				     long long contact_id, int base_revision,
				     const struct md_values *values,
				     const char *field, struct md_err *err);

/* actor's draft of contact contact_id into *out (md_contact_draft_fini
 * it); *found false, and *out zeroed, when there is none. Only ever
 * actor's own. Reads the database; no audit row. */
enum md_status md_contact_draft_load(struct md_db *db,
				     const struct md_user *actor,
				     long long contact_id,
				     struct md_contact_draft *out, bool *found,
				     struct md_err *err);

/* All of actor's contact drafts, newest first: *out a new array of *n
 * (md_contact_drafts_free; NULL when none). Reads the database; no audit
 * row. */
enum md_status md_contact_draft_list(struct md_db *db,
				     const struct md_user *actor,
				     struct md_contact_draft **out, size_t *n,
				     struct md_err *err);

/* Remove actor's draft of contact contact_id, after a save or a discard,
 * in its own transaction; no error when there is none. No audit row. */
enum md_status md_contact_draft_discard(struct md_db *db,
					const struct md_user *actor,
					long long contact_id,
					struct md_err *err);

#endif
