/* The store: the one writer of every table, rows as given, no rules. */
#ifndef MADOGUCHI_STORE_H
#define MADOGUCHI_STORE_H

/*
 * Every INSERT, UPDATE and DELETE of the program's tables is written here
 * and nowhere else (tests/cli/test_one_writer.sh keeps it so), so that a
 * second storage engine replaces this layer and nothing above it. Each
 * function is "the one writer of table X": it writes the row it is given,
 * as given. It checks no permission, applies no rule of the workflow or of
 * a form, takes no clock and writes no audit row: those stay with its
 * callers (records.c, cases.c, auth.c, workflow, the demo generator…),
 * which also hold the transaction. Statements are prepared once and kept
 * (md_db_stmt), so a bulk writer calls these in a loop at no extra cost.
 *
 * Conventions for every function below:
 * - Strings are NUL-terminated and borrowed for the call. A NULL string
 *   column is written as SQL NULL unless the function says otherwise; an
 *   id of 0 in a column that may be NULL (a household, a record) is NULL.
 * - Days are "YYYY-MM-DD", moments "YYYY-MM-DD HH:MM:SS" (md_clock).
 * - On failure err (which may be NULL) gets the status and a Japanese
 *   message naming what failed (md_db_fail); nothing is rolled back here.
 * - *id (when asked for) gets the new row's id.
 *
 * Which file writes which table (README "Where data is written"):
 *   store_people.c   persons, person_revisions, person_keys
 *   store_households.c households, household_revisions, household_members, household_member_revisions
 *   store_cases.c    cases
 *   store_records.c  form_records, form_revisions, record_freezes
 *   store_events.c   workflow_events
 *   store_users.c    users
 *   store_drafts.c   drafts, contact_drafts
 *   store_audit.c    audit_log
 *   store_agencies.c agencies, agency_aliases
 *   store_offices.c  offices, office_revisions
 *   store_contacts.c contacts, contact_revisions, outreach_attempts
 *   store_referrals.c referrals, referral_revisions
 *   store_meetings.c meetings, meeting_revisions, meeting_attendees, meeting_persons, meeting_tasks, disclosures, consent_withdrawals
 *   store_index.c    entries_pairs, entries_chars (full-text index), meta
 * The schema and its migrations (data/schema.sql, run by db.c) are the
 * only other SQL that changes rows.
 */

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/status.h"

/* ---- people: persons, person_revisions, person_keys ---- */

/* A row of persons. field[] by enum md_person_field ("" for empty; an
 * empty birth_date is written as NULL); extra is a JSON object ("{}"). */
struct md_store_person {
	long long household_id; /* 0: none (NULL); the current household */
	const char *field[MD_PERSON_FIELD_COUNT];
	const char *extra;
	const char *name_key, *kana_key; /* md_text_search_key of name, kana */
	int revision;
	const char *created_at, *updated_at;
};

/* The one writer of persons: insert the row p. */
enum md_status md_store_person_insert(struct md_db *db,
				      const struct md_store_person *p,
				      long long *id, struct md_err *err);

/* The one writer of persons: rewrite person id's fields, extra, keys,
 * revision and updated_at from p (its household and created_at stay). */
enum md_status md_store_person_update(struct md_db *db, long long id,
				      const struct md_store_person *p,
				      struct md_err *err);

/* The one writer of persons: person_id's current household becomes
 * household_id (0: none), kept equal to the household of their current
 * membership (household_members). No write when it is that already. */
enum md_status md_store_person_set_household(struct md_db *db,
					     long long person_id,
					     long long household_id,
					     struct md_err *err);

/* A row of person_revisions (append-only). data: JSON of every field by
 * its code; changed: JSON array of the codes that changed ("[]"). */
struct md_store_person_revision {
	long long person_id;
	int revision, base_revision;
	long long user_id;
	const char *at, *data, *changed;
};

/* The one writer of person_revisions: append r. */
enum md_status md_store_person_revision_insert(
	struct md_db *db, const struct md_store_person_revision *r,
	struct md_err *err);

/* The one writer of person_keys: remove every search key of person_id. */
enum md_status md_store_person_keys_clear(struct md_db *db, long long person_id,
					  struct md_err *err);

/* The one writer of person_keys: add key for person_id (a key it has
 * already is kept once). The keys themselves are md_person_keys_write's. */
enum md_status md_store_person_key_add(struct md_db *db, long long person_id,
				       const char *key, struct md_err *err);

/* ---- households, household_revisions, household_members,
 * household_member_revisions ---- */

/* A row of households (世帯). NULL strings are "". */
struct md_store_household {
	const char *label;
	const char *issues; /* 世帯の課題, a line each */
	const char *note;
	/* The latest 多機関協働の対象判定 (004 図4): a JSON object, or "". */
	const char *eligibility;
	int revision;           /* 0 is written as 1 */
	const char *created_at; /* insert only */
	const char *updated_at; /* NULL: created_at */
};

/* The one writer of households: insert h. */
enum md_status md_store_household_insert(struct md_db *db,
					 const struct md_store_household *h,
					 long long *id, struct md_err *err);

/* The one writer of households: rewrite household id from h (its
 * created_at stays). */
enum md_status md_store_household_update(struct md_db *db, long long id,
					 const struct md_store_household *h,
					 struct md_err *err);

/* A row of a *_revisions table of households, household members, contacts
 * or referrals (append-only): id is the household's, the membership's, the
 * contact's or the referral's; data the JSON of its values; changed the
 * JSON array of the codes changed (NULL: "[]"). */
struct md_store_revision_row {
	long long id;
	int revision, base_revision;
	long long user_id;
	const char *at, *data, *changed;
};

/* The one writer of household_revisions: append r (r->id the household's;
 * user_id 0 is NULL). */
enum md_status md_store_household_revision_insert(
	struct md_db *db, const struct md_store_revision_row *r,
	struct md_err *err);

/* A row of household_members: one stay of one member in one household. */
struct md_store_member {
	long long household_id;
	long long person_id;    /* 0: one not registered (NULL) */
	const char *label;      /* one not registered; NULL is "" */
	const char *birth_date; /* one not registered; NULL: not known */
	bool birth_estimated;   /* the birth date is reckoned from an age */
	const char *relation, *living;
	const char *moved_in_on, *reason_in;   /* NULL day: not known */
	const char *moved_out_on, *reason_out; /* NULL day: current */
	bool needs_support;
	bool disabled, poverty; /* 障害, 生活困窮が主たる課題 (004 図4) */
	const char *departments; /* a line each; NULL is "" */
	const char *note;
	int revision;           /* 0 is written as 1 */
	const char *created_at; /* insert only; NULL: updated_at */
	const char *updated_at;
};

/* The one writer of household_members: insert m. MD_ERR_EXISTS (with
 * SQLite's message) when m's person has a current membership already. */
enum md_status md_store_member_insert(struct md_db *db,
				      const struct md_store_member *m,
				      long long *id, struct md_err *err);

/* The one writer of household_members: rewrite member id from m (its
 * created_at stays). MD_ERR_EXISTS as md_store_member_insert. */
enum md_status md_store_member_update(struct md_db *db, long long id,
				      const struct md_store_member *m,
				      struct md_err *err);

/* The one writer of household_member_revisions: append r (r->id the
 * membership's; user_id 0 is NULL). */
enum md_status md_store_member_revision_insert(
	struct md_db *db, const struct md_store_revision_row *r,
	struct md_err *err);

/* ---- cases ---- */

/* The one writer of cases: a new case as the schema starts one (its
 * status and stage the columns' defaults), staff_id assigned and of
 * office_id (0: none), received on opened_on, created and updated at `at`. */
enum md_status md_store_case_insert_new(struct md_db *db, long long person_id,
					long long staff_id, long long office_id,
					const char *opened_on, const char *at,
					long long *id, struct md_err *err);

/* A whole row of cases, every column given (the demo generator's). */
struct md_store_case {
	long long person_id;
	bool closed;        /* status 'closed', else 'open' */
	const char *stage;  /* a step id of the workflow */
	long long staff_id; /* 0: none (NULL) */
	const char *opened_on, *closed_on, *close_reason;
	const char *plan_decided_on, *next_eval_on, *follow_up_on;
	const char *created_at, *updated_at;
};

/* The one writer of cases: insert the row c. */
enum md_status md_store_case_insert(struct md_db *db,
				    const struct md_store_case *c,
				    long long *id, struct md_err *err);

/* The columns a step taken changes (workflow: state → effects → apply). */
struct md_store_case_flow {
	const char *stage;
	bool closed;
	/* Closed: NULL keeps the case's own day and reason (a step taken on
	 * a closed case). Open: both become NULL whatever is given. */
	const char *closed_on, *close_reason;
	const char *plan_decided_on, *next_eval_on, *follow_up_on; /* NULL */
	const char *updated_at;
};

/* The one writer of cases: bring case_id's flow columns to f. */
enum md_status md_store_case_flow_update(struct md_db *db, long long case_id,
					 const struct md_store_case_flow *f,
					 struct md_err *err);

/* The one writer of cases: set case_id's stage only (the step recorded when
 * a case opens; updated_at stays). */
enum md_status md_store_case_set_stage(struct md_db *db, long long case_id,
				       const char *stage, struct md_err *err);

/* The one writer of cases: reopen case_id at stage: status open, its
 * closing day and reason NULL, updated at updated_at. */
enum md_status md_store_case_reopen(struct md_db *db, long long case_id,
				    const char *stage, const char *updated_at,
				    struct md_err *err);

/* The one writer of cases: the case's 受付日 becomes day (no write when it
 * is that already; updated_at stays). */
enum md_status md_store_case_set_opened_on(struct md_db *db, long long case_id,
					   const char *day, struct md_err *err);

/* The one writer of cases: case_id belongs to office_id (0: none; 000
 * 第4条). */
enum md_status md_store_case_set_office(struct md_db *db, long long case_id,
					long long office_id,
					struct md_err *err);

/* ---- records: form_records, form_revisions, record_freezes ---- */

/* A row of form_records: the head of a form's round or entry. */
struct md_store_record {
	long long case_id;
	const char *form;
	int seq, revision; /* revision 0: a round made ready, never saved */
	bool complete;
	const char *entry_date; /* entries forms: the entry's day; else NULL */
	const char *created_at, *updated_at;
};

/* The one writer of form_records: insert the row r. MD_ERR_EXISTS (with
 * SQLite's message) when the case has that form's seq already. */
enum md_status md_store_record_insert(struct md_db *db,
				      const struct md_store_record *r,
				      long long *id, struct md_err *err);

/* The one writer of form_records: an empty round seq of form (revision 0,
 * incomplete, created and updated at `at`), unless the case has it
 * already, when nothing is written. */
enum md_status md_store_record_create_round(struct md_db *db, long long case_id,
					    const char *form, int seq,
					    const char *at, struct md_err *err);

/* The one writer of form_records: record id's head now at revision. */
enum md_status md_store_record_update_head(struct md_db *db, long long id,
					   int revision, bool complete,
					   const char *entry_date,
					   const char *updated_at,
					   struct md_err *err);

/* The one writer of form_records: record id's next appointment (an ISO
 * day, or NULL for none). */
enum md_status md_store_record_set_appointment(struct md_db *db, long long id,
					       const char *on,
					       struct md_err *err);

/* A row of form_revisions (append-only). data: JSON object of the form's
 * values; changed: JSON array of the keys changed; note: "" for none. */
struct md_store_revision {
	long long record_id;
	int revision, base_revision;
	long long user_id;
	const char *at;
	bool complete;
	const char *data, *changed, *note;
};

/* The one writer of form_revisions: append r. */
enum md_status md_store_revision_insert(struct md_db *db,
					const struct md_store_revision *r,
					struct md_err *err);

/* A row of record_freezes: record_id stands frozen by event_id, why being
 * what a consultant reads (md_workflow_freeze_why). */
struct md_store_freeze {
	long long record_id, event_id;
	const char *why;
};

/* The one writer of record_freezes: remove the freezes of every record of
 * case_id. */
enum md_status md_store_freezes_clear(struct md_db *db, long long case_id,
				      struct md_err *err);

/* The one writer of record_freezes: freeze z->record_id (a freeze it had
 * is replaced). */
enum md_status md_store_freeze_put(struct md_db *db,
				   const struct md_store_freeze *z,
				   struct md_err *err);

/* The one writer of record_freezes: the freezes of case_id's records become
 * the n rows of z (md_store_freezes_clear, then md_store_freeze_put each). */
enum md_status md_store_freezes_replace(struct md_db *db, long long case_id,
					const struct md_store_freeze *z,
					size_t n, struct md_err *err);

/* ---- events: workflow_events ---- */

/* A row of workflow_events (append-only): a step taken. */
struct md_store_event {
	long long case_id;
	const char *step;
	/* NULL is written as "" for these, as the columns' defaults. */
	const char *outcome, *reason, *agency, *method, *note;
	const char *follow_up_on; /* NULL: none */
	long long record_id;      /* 0: no record (both columns NULL) */
	int record_revision;
	long long user_id;
	const char *at;
	const char *done_on; /* NULL for a step recorded when the case opens */
};

/* The one writer of workflow_events: append e. */
enum md_status md_store_event_insert(struct md_db *db,
				     const struct md_store_event *e,
				     long long *id, struct md_err *err);

/* ---- users ---- */

/* A row of users (accounts are disabled, never deleted). */
struct md_store_user {
	const char *login, *display_name;
	const char *role; /* md_role_code() */
	const char *password_hash;
	bool active;
	const char *created_at, *updated_at;
	/* md_auth_login_key(login); NULL: the same, computed by the store. */
	const char *login_key;
};

/* The one writer of users: insert u. MD_ERR_EXISTS (with SQLite's message)
 * when its login, or its login_key, is taken. */
enum md_status md_store_user_insert(struct md_db *db,
				    const struct md_store_user *u,
				    long long *id, struct md_err *err);

/* The one writer of users: a failed login of id: its count of failures,
 * the end of its lock (NULL: none), updated at `at`. */
enum md_status md_store_user_login_failed(struct md_db *db, long long id,
					  int failed_attempts,
					  const char *locked_until,
					  const char *at, struct md_err *err);

/* The one writer of users: a login of id that succeeded (no failures, no
 * lock), updated at `at`. */
enum md_status md_store_user_login_ok(struct md_db *db, long long id,
				      const char *at, struct md_err *err);

/* The one writer of users: id's lock ends at locked_until. */
enum md_status md_store_user_lock_until(struct md_db *db, long long id,
					const char *locked_until,
					const char *at, struct md_err *err);

/* The one writer of users: clear id's failures and lock and, when
 * password_hash is not NULL, make it the password's hash. */
enum md_status md_store_user_reset(struct md_db *db, long long id,
				   const char *password_hash, const char *at,
				   struct md_err *err);

/* The one writer of users: enable or disable id (failures and lock
 * cleared). */
enum md_status md_store_user_set_active(struct md_db *db, long long id,
					bool active, const char *at,
					struct md_err *err);

/* The one writer of users: id belongs to office_id (0: none). */
enum md_status md_store_user_set_office(struct md_db *db, long long id,
					long long office_id,
					struct md_err *err);

/* ---- drafts ---- */

/* A row of drafts: one per user, case, form and round (seq 0: a record
 * not yet saved). data: JSON of the values as typed; field: where the
 * cursor was ("" for none). */
struct md_store_draft {
	long long user_id, case_id;
	const char *form;
	int seq, base_revision;
	const char *data, *field, *updated_at;
};

/* The one writer of drafts: write d, replacing the draft of its key.
 * MD_ERR_NOTFOUND (with SQLite's message) when its case or user does not
 * exist. */
enum md_status md_store_draft_put(struct md_db *db,
				  const struct md_store_draft *d,
				  struct md_err *err);

/* The one writer of drafts: remove the draft of that key, if any. */
enum md_status md_store_draft_remove(struct md_db *db, long long user_id,
				     long long case_id, const char *form,
				     int seq, struct md_err *err);

/* A row of contact_drafts: one per user and contact (contact_id 0: a
 * contact not yet saved). data: JSON of the values as typed; field: where
 * the cursor was ("" for none). */
struct md_store_contact_draft {
	long long user_id, contact_id;
	int base_revision;
	const char *data, *field, *updated_at;
};

/* The one writer of contact_drafts: write d, replacing the draft of its
 * key. MD_ERR_NOTFOUND when its user does not exist. */
enum md_status md_store_contact_draft_put(struct md_db *db,
					  const struct md_store_contact_draft *d,
					  struct md_err *err);

/* The one writer of contact_drafts: remove the draft of that key, if any. */
enum md_status md_store_contact_draft_remove(struct md_db *db,
					     long long user_id,
					     long long contact_id,
					     struct md_err *err);

/* ---- audit_log ---- */

/* The one writer of audit_log: append a row (the next number, chained to
 * the hash of the last row: md_audit_hash). user_id, case_id, person_id 0
 * are NULL; action is md_audit_code(); detail NULL is "". */
enum md_status md_store_audit_append(struct md_db *db, const char *at,
				     long long user_id, const char *action,
				     long long case_id, long long person_id,
				     const char *detail, struct md_err *err);

/* ---- agencies, agency_aliases ---- */

/* The one writer of agency_aliases: alias names agency_id too. */
enum md_status md_store_agency_alias_insert(struct md_db *db,
					    long long agency_id,
					    const char *alias,
					    struct md_err *err);

/* A whole row of agencies (NULL strings are ""). */
struct md_store_agency {
	const char *name, *kind, *phone, *address;
	const char *desk, *target, *hours; /* 窓口, 対象, 受付時間 */
	bool provisional;                  /* 仮登録 */
	bool active;
	long long merged_into; /* 0: none (NULL) */
	long long added_by;    /* 0: none (NULL); insert only */
};

/* The one writer of agencies: insert a. MD_ERR_EXISTS (with SQLite's
 * message) when an agency has its name. */
enum md_status md_store_agency_insert_row(struct md_db *db,
					  const struct md_store_agency *a,
					  long long *id, struct md_err *err);

/* The one writer of agencies: rewrite agency id's columns from a (its
 * added_by stays). MD_ERR_EXISTS when another agency has the name. */
enum md_status md_store_agency_update(struct md_db *db, long long id,
				      const struct md_store_agency *a,
				      struct md_err *err);

/* The one writer of agency_aliases: every alias of from names to instead. */
enum md_status md_store_agency_aliases_move(struct md_db *db, long long from,
					    long long to, struct md_err *err);

/* ---- offices, office_revisions ---- */

/* A row of offices (本所, 各総合支所: 000 第4条). */
struct md_store_office {
	const char *name;
	int revision;
	bool active;
	const char *at; /* created_at and updated_at on insert; updated_at */
};

/* A row of a *_revisions table of offices, contacts or referrals
 * (append-only), of the row its writer writes with it: data the JSON of
 * its values; changed the JSON array of the codes changed (NULL: "[]";
 * office_revisions keep neither it nor base_revision). */
/* The one writer of offices and office_revisions: o as office *id (a new
 * one when *id is 0, *id then its id), and its revision rev.
 * MD_ERR_EXISTS when the name is taken. */
enum md_status md_store_office_write(struct md_db *db, long long *id,
				     const struct md_store_office *o,
				     const struct md_store_revision_row *rev,
				     struct md_err *err);

/* ---- contacts, contact_revisions, outreach_attempts ---- */

/* A row of contacts (相談票). Strings "" when empty; ids 0 are NULL. */
struct md_store_contact {
	int revision;
	const char *contact_on, *contact_time;
	const char *channel, *kind, *visit_reason, *place;
	long long person_id;
	const char *description, *age_band;
	const char *topics; /* a line each */
	const char *response;
	long long staff_id, office_id;
	const char *note, *search_key;
	bool outreach;
	const char *route;
	long long case_id;
	const char *at; /* created_at and updated_at on insert; updated_at */
};

/* The one writer of contacts and contact_revisions: c as contact *id (a
 * new one when *id is 0, *id then its id; an update keeps created_at), and
 * its revision rev. */
enum md_status md_store_contact_write(struct md_db *db, long long *id,
				      const struct md_store_contact *c,
				      const struct md_store_revision_row *rev,
				      struct md_err *err);

/* A row of outreach_attempts (append-only): a visit or call of outreach. */
struct md_store_attempt {
	long long contact_id;
	const char *done_on, *method, *result, *note;
	long long user_id;
	const char *at;
};

/* The one writer of outreach_attempts: append a. */
enum md_status md_store_attempt_insert(struct md_db *db,
				       const struct md_store_attempt *a,
				       long long *id, struct md_err *err);

/* ---- referrals, referral_revisions ---- */

/* A row of referrals (つなぎ・取次ぎ). NULL days are NULL; ids 0 NULL. */
struct md_store_referral {
	int revision;
	long long contact_id, case_id, agency_id;
	const char *desk, *person_in_charge, *phone, *method;
	const char *referred_on, *appointment_on, *appointment_time;
	const char *bring, *note;
	const char *follow_up_on; /* NULL: none due */
	const char *result, *result_note, *result_on;
	long long user_id;
	const char *at;
};

/* The one writer of referrals and referral_revisions: r as referral *id
 * (a new one when *id is 0, *id then its id), and its revision rev. */
enum md_status md_store_referral_write(struct md_db *db, long long *id,
				       const struct md_store_referral *r,
				       const struct md_store_revision_row *rev,
				       struct md_err *err);

/* The one writer of referrals and referral_revisions: every referral to
 * agency from names agency to (an agency merged into another), each at its
 * next revision, made by user_id at `at`, whose data is its last
 * revision's with agency_id to and changed ["agency_id"]; *moved (when
 * not NULL) counts them. */
enum md_status md_store_referrals_move_agency(struct md_db *db, long long from,
					      long long to, long long user_id,
					      const char *at, size_t *moved,
					      struct md_err *err);

/* The one writer of referrals and referral_revisions: the referrals of
 * contact_id that belong to no case belong to case_id (the contact became
 * that case), each at its next revision made as above, with case_id. */
enum md_status md_store_referrals_join_case(struct md_db *db,
					    long long contact_id,
					    long long case_id,
					    long long user_id, const char *at,
					    struct md_err *err);

/* ---- meetings, meeting_revisions, meeting_attendees, meeting_persons,
 * meeting_tasks, disclosures, consent_withdrawals (issue 19) ---- */

/* A row of meetings. ids 0 and NULL days are NULL. */
struct md_store_meeting {
	const char *type, *basis;
	int held; /* 1 held on held_on, 0 planned for it */
	const char *held_on, *place;
	long long convener_id, proposer_agency_id, proposer_user_id;
	const char *shared, *decisions;
	long long lead_agency_id;
	const char *next_on;
	int revision;
	long long user_id;
	const char *at;
};

/* The one writer of meetings and meeting_revisions: m as meeting *id (a new
 * one when *id is 0, *id then its id), and its revision rev. */
enum md_status md_store_meeting_write(struct md_db *db, long long *id,
				      const struct md_store_meeting *m,
				      const struct md_store_revision_row *rev,
				      struct md_err *err);

/* A row of meeting_attendees: staff (user_id) or an agency's member (name,
 * agency_id); secrecy 1 when they acknowledged 守秘義務. */
struct md_store_attendee {
	long long meeting_id, user_id;
	const char *name;
	long long agency_id;
	int secrecy;
	long long created_by;
	const char *at;
};

/* The one writer of meeting_attendees: append a. */
enum md_status md_store_attendee_insert(struct md_db *db,
					const struct md_store_attendee *a,
					long long *id, struct md_err *err);

/* A row of meeting_persons: basis "consent" or "law", basis_text as shown. */
struct md_store_meeting_person {
	long long meeting_id, person_id;
	const char *basis, *basis_text, *note;
	long long created_by;
	const char *at;
};

/* The one writer of meeting_persons: append p (MD_ERR_EXISTS when the
 * person is already of the meeting). */
enum md_status md_store_meeting_person_insert(
	struct md_db *db, const struct md_store_meeting_person *p,
	long long *id, struct md_err *err);

/* A row of meeting_tasks (役割分担). */
struct md_store_task {
	long long meeting_id;
	const char *what, *owner;
	long long agency_id;
	const char *due_on;
	long long created_by;
	const char *at;
};

/* The one writer of meeting_tasks: append t. */
enum md_status md_store_task_insert(struct md_db *db,
				    const struct md_store_task *t,
				    long long *id, struct md_err *err);

/* The one writer of meeting_tasks: task id done on done_on (once). */
enum md_status md_store_task_done(struct md_db *db, long long id,
				  const char *done_on, struct md_err *err);

/* A row of disclosures (提供記録). */
struct md_store_disclosure {
	long long person_id;
	const char *what;
	long long meeting_id, agency_id;
	const char *to_text, *basis, *on_day;
	long long user_id;
	const char *at;
};

/* The one writer of disclosures: append d. */
enum md_status md_store_disclosure_insert(struct md_db *db,
					  const struct md_store_disclosure *d,
					  struct md_err *err);

/* The one writer of consent_withdrawals: append one. */
enum md_status md_store_consent_withdrawal_insert(
	struct md_db *db, long long person_id, const char *withdrawn_on,
	const char *note, long long user_id, const char *at, long long *id,
	struct md_err *err);

/* ---- the full-text index of entries (entries_pairs, entries_chars), meta */

/* The one writer of the entries index: take text (what was indexed) out
 * of the index of record_id. */
enum md_status md_store_entries_remove(struct md_db *db, long long record_id,
				       const char *text, struct md_err *err);

/* The one writer of the entries index: index text as record_id's. */
enum md_status md_store_entries_add(struct md_db *db, long long record_id,
				    const char *text, struct md_err *err);

/* The one writer of the entries index: empty it. */
enum md_status md_store_entries_clear(struct md_db *db, struct md_err *err);

/* The one writer of meta: key's value (inserted or replaced). */
enum md_status md_store_meta_set(struct md_db *db, const char *key,
				 const char *value, struct md_err *err);

#endif
