/* Persons and their cases: creating, reading (audited) and changing them. */
#ifndef MADOGUCHI_CASES_H
#define MADOGUCHI_CASES_H

#include <stdbool.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/values.h"

/* A person: their own fields, entered once and shown on every form. */
struct md_person {
	long long id;
	long long household_id; /* 0: none */
	int revision;
	char *field[MD_PERSON_FIELD_COUNT]; /* by md_person_field; "" if empty */
	struct md_values extra;             /* e.g. "sex.other" */
	char *updated_at;
};

void md_person_fini(struct md_person *p);

/* Read a person (no audit: callers audit the case they read it for). */
enum md_status md_person_get(struct md_db *db, long long id,
			     struct md_person *out, struct md_err *err);

/*
 * Normalise and check person fields given as codes of MD_PERSON_FIELD_LIST
 * ("name", "kana", "birth_date", …, and "sex.other"): each through the form
 * field bound to it in forms (so a municipality's options apply), or as
 * plain text when no form binds it. Faults go to faults (code → message).
 */
enum md_status md_person_normalize(struct md_db *db,
				   const struct md_forms *forms,
				   const struct md_values *typed,
				   struct md_values *out,
				   struct md_values *faults,
				   struct md_err *err);

/*
 * Change a person's fields to the normalised values (codes as above). The
 * fields whose bit (1 << code) is set in covered take their value from
 * normalized, an absent one meaning empty (and so does its ".other" text);
 * the others keep theirs. The person's revision must still be
 * base_revision, or MD_ERR_CONFLICT names who changed it and when. When
 * something changed, appends a person revision and an audit row, in the
 * caller's transaction when one is open, and sets *changed.
 */
enum md_status md_person_update(struct md_db *db, const struct md_user *actor,
				long long person_id, int base_revision,
				const struct md_values *normalized,
				unsigned covered, long long case_id,
				bool *changed, struct md_err *err);

/*
 * Register a new person (no case) from fields (codes as for
 * md_person_normalize; 氏名 and ふりがな needed, each missing one a fault
 * under its code), with their first revision and search keys, in the
 * caller's transaction when one is open. Audited. *person_id (may be NULL)
 * gets the number. Looking for the same person registered already is the
 * caller's (md_person_similar).
 */
enum md_status md_person_create(struct md_db *db, const struct md_user *actor,
				const struct md_forms *forms,
				const struct md_values *fields,
				long long *person_id, struct md_values *faults,
				struct md_err *err);

/* The state of a case. */
struct md_case {
	long long id;
	long long person_id;
	bool closed;
	char *stage;        /* the last step taken (workflow step id) */
	long long staff_id; /* 0: none */
	char *staff_name;   /* "" when none */
	char *opened_on, *closed_on, *close_reason;
	char *plan_decided_on, *next_eval_on, *follow_up_on;
	char *updated_at;
	char *office; /* the office it belongs to (000 第4条); "" when none */
	struct md_person person;
};

void md_case_fini(struct md_case *c);

/*
 * Open a case: for the existing person_id, or (person_id 0) a new person
 * from fields (codes as for md_person_normalize; 氏名 and ふりがな needed).
 * The actor becomes the assigned staff, and the case belongs to the
 * actor's office (000 第4条; none when the actor has none); opened_on is
 * today. Audited.
 * *case_id gets the new case's number.
 */
enum md_status md_case_create(struct md_db *db, const struct md_user *actor,
			      const struct md_forms *forms, long long person_id,
			      const struct md_values *fields,
			      long long *case_id, struct md_values *faults,
			      struct md_err *err);

/* Read a case and its person; audited as a view by actor. */
enum md_status md_case_get(struct md_db *db, const struct md_user *actor,
			   long long case_id, struct md_case *out,
			   struct md_err *err);

/* Read a case without an audit row: for core modules that already audit
 * the operation they read it for. */
enum md_status md_case_load(struct md_db *db, long long case_id,
			    struct md_case *out, struct md_err *err);

/*
 * Rewrite the search keys of a person (person_keys: the whole 氏名 and
 * ふりがな and each space-separated part, folded by md_text_search_key), in
 * the caller's transaction. The core calls it whenever a person is written;
 * bulk loaders that insert persons themselves must call it too.
 */
enum md_status md_person_keys_write(struct md_db *db, long long person_id,
				    const char *name, const char *kana,
				    struct md_err *err);

/* Parse a case number as typed ("12", "１２", "#12"); false if none. */
bool md_case_parse_id(const char *s, long long *id);

#endif
