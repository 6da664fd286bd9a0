/* Meetings (会議) and who may hear what at them: the types as data
 * (forms/meetings.ini), meetings with attendees, persons discussed on a
 * basis, 役割分担 tasks, minutes, and every disclosure of a person (提供記録).
 * 000 第3条(2), 002, 003 §6, 004 §3(6)(7), §5(4)(7), 別紙③; issue 19. */
#ifndef MADOGUCHI_MEETINGS_H
#define MADOGUCHI_MEETINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/diag.h"
#include "madoguchi/export.h"
#include "madoguchi/mem.h"
#include "madoguchi/status.h"

struct md_household_defs;

/* ---- the types: forms/meetings.ini ---- */

/* One type of meeting (a section of the file). Strings are the defs'. */
struct md_meeting_type {
	const char *id, *label, *cite;
	const char **bases; /* the legal bases, one chosen per meeting */
	size_t nbases;      /* 0: none (the counter's own meeting) */
	bool consent_required; /* consent = required (003 §6 本人同意 必要) */
	bool secrecy_required; /* secrecy = required (守秘義務) */
	bool persons;          /* persons are discussed at all */
	int interval_months;   /* held every N months; 0: not regularly */
	const char *consent_rule, *secrecy_rule; /* quoted when refusing */
	int line;
};

struct md_meeting_defs {
	struct md_arena arena;
	const char *file;
	struct md_meeting_type *types;
	size_t n;
};

/*
 * Load and check path (forms/meetings.ini): each section a type whose id
 * is ASCII letters, digits and "_", with a label (no two alike), a cite,
 * consent required|not_required, secrecy required|no, persons yes|no, an
 * interval_months of 1 to 24 when given, the consent_rule and the
 * secrecy_rule where the type needs them, and a basis when consent is not
 * required (the law must then be named); no other key. Every fault goes to
 * diags as "file:line: …", the status MD_ERR_DEFINITION and *out NULL. On
 * success *out holds the definitions (md_meeting_defs_free).
 */
enum md_status md_meeting_defs_load(const char *path,
				    struct md_meeting_defs **out,
				    struct md_diags *diags, struct md_err *err);

void md_meeting_defs_free(struct md_meeting_defs **defs);

/* The type typed is (its id or label), or NULL. */
const struct md_meeting_type *md_meeting_type_find(
	const struct md_meeting_defs *defs, const char *typed);

/* ---- meetings ---- */

/* A meeting as given: days as typed (和暦 or ISO); agencies by name or
 * 別名 (md_agency_find); staff by login. NULL: not given (an update keeps
 * it; "" clears a text or day). */
struct md_meeting_in {
	const char *type;  /* new only: id or label */
	const char *basis; /* one of the type's bases (name or number) */
	const char *on;    /* the day held, or planned */
	int held;          /* 1 held, 0 planned, -1 not given */
	const char *place;
	const char *proposer_agency; /* 000 第4条3: an agency may propose one */
	const char *proposer_user;   /* or a member of staff */
	const char *shared;          /* what was shared */
	const char *decisions;
	const char *lead_agency; /* 主担当 */
	const char *next_on;     /* the next meeting */
};

/*
 * Record a new meeting convened by actor (招集者). Refused (MD_ERR_INVALID,
 * a message naming the field and the rule; nothing stored): no such type;
 * a type of several bases without one chosen, or a basis not its own; a day
 * not a date; a meeting held in the future (a planned one may be); a next
 * meeting not after it; an unknown agency or member of staff. Audited.
 */
enum md_status md_meeting_new(struct md_db *db, const struct md_user *actor,
			      const struct md_meeting_defs *defs,
			      const struct md_meeting_in *in, long long *id,
			      struct md_err *err);

/* Change meeting id (at base_revision, else MD_ERR_CONFLICT) by what in
 * gives, with the checks of md_meeting_new; a new revision, audited. */
enum md_status md_meeting_update(struct md_db *db, const struct md_user *actor,
				 const struct md_meeting_defs *defs,
				 long long id, int base_revision,
				 const struct md_meeting_in *in,
				 struct md_err *err);

/* An attendee: a member of staff (user: login) or an agency's member
 * (name and agency); secrecy: they acknowledged 守秘義務. */
struct md_attendee_in {
	const char *user;
	const char *name, *agency;
	bool secrecy;
};

/* Add an attendee to meeting id. Refused, naming the rule quoted from the
 * type (secrecy_rule), when the type requires secrecy and it is not
 * acknowledged; and for neither staff nor a name, or an unknown agency or
 * login. A new revision; audited. */
enum md_status md_meeting_add_attendee(struct md_db *db,
				       const struct md_user *actor,
				       const struct md_meeting_defs *defs,
				       long long id,
				       const struct md_attendee_in *in,
				       long long *attendee_id,
				       struct md_err *err);

/*
 * Discuss person_id at meeting id. The basis: 本人の同意 when the type
 * requires consent, and the person must consent on the meeting's day and
 * today (md_person_consented: hdefs' [consent], withdrawal counted), else
 * refused quoting the type's consent_rule; the meeting's legal basis when
 * it does not (支援会議: 社会福祉法第106条の6 / 生活困窮者自立支援法第9条).
 * A type that discusses no persons refuses everyone (consent_rule). One
 * disclosure (提供記録) recorded: to the meeting, on that basis. A new
 * revision; audited for the person.
 */
enum md_status md_meeting_add_person(struct md_db *db,
				     const struct md_user *actor,
				     const struct md_meeting_defs *defs,
				     const struct md_household_defs *hdefs,
				     long long id, long long person_id,
				     const char *note, struct md_err *err);

/* Add a 役割分担 task (what, owner: an agency's name or anyone, due: a
 * day as typed) to meeting id; each required, refused naming it. When
 * owner names an agency it is linked to it. A new revision; audited. */
enum md_status md_meeting_add_task(struct md_db *db,
				   const struct md_user *actor, long long id,
				   const char *what, const char *owner,
				   const char *due, long long *task_id,
				   struct md_err *err);

/* Task task_id done on on (as typed; NULL: today; not in the future);
 * once. A new revision of its meeting; audited. */
enum md_status md_meeting_task_done(struct md_db *db,
				    const struct md_user *actor,
				    long long task_id, const char *on,
				    struct md_err *err);

/* ---- reading ---- */

struct md_meeting_attendee {
	long long id, user_id;
	char *name, *agency; /* staff: their display name, agency "" */
	bool secrecy;
};

struct md_meeting_person {
	long long person_id;
	char *name, *kana;
	bool by_consent;  /* basis 本人の同意, else the law */
	char *basis_text; /* as recorded */
	char *note;
	bool consents_now; /* by_consent and not withdrawn today */
};

struct md_meeting_task {
	long long id;
	char *what, *owner, *due_on, *done_on; /* done_on "" when open */
};

struct md_meeting {
	long long id;
	int revision;
	const struct md_meeting_type *type; /* NULL: a type no longer defined */
	char *type_id, *basis;
	bool held;
	char *on, *place, *convener, *proposer, *shared, *decisions, *lead,
		*next_on;
	struct md_meeting_attendee *attendees;
	size_t nattendees;
	struct md_meeting_person *persons;
	size_t npersons;
	struct md_meeting_task *tasks;
	size_t ntasks;
};

void md_meeting_fini(struct md_meeting *m);

/* Meeting id whole (hdefs for whether each person still consents).
 * Audited as a view, and for each person shown. */
enum md_status md_meeting_get(struct md_db *db, const struct md_user *actor,
			      const struct md_meeting_defs *defs,
			      const struct md_household_defs *hdefs,
			      long long id, struct md_meeting *out,
			      struct md_err *err);

/* One line of the list of meetings. */
struct md_meeting_row {
	long long id;
	char *type_label, *on;
	bool held;
	size_t npersons, nopen_tasks;
	char *next_on;
};

void md_meeting_rows_free(struct md_meeting_row *r, size_t n);

/* Every meeting, newest first (type: an id or label to keep only those;
 * NULL all). Audited as a view of the list. */
enum md_status md_meeting_list(struct md_db *db, const struct md_user *actor,
			       const struct md_meeting_defs *defs,
			       const char *type, struct md_meeting_row **out,
			       size_t *n, struct md_err *err);

/* ---- minutes (会議録) ---- */

/*
 * Who reads the minutes. The rule (doc/rules.md "Minutes"): a person
 * discussed on 本人の同意 is printed only while they consent (today, a
 * withdrawal counted); a person discussed on the law (支援会議) only to a
 * reader bound to secrecy at this meeting: an attendee of it who
 * acknowledged 守秘義務 (attendee_id), or an agency one of whose members
 * attending did (agency), or, naming neither, the member of staff printing
 * when they attended and acknowledged it. What was shared and the
 * decisions are printed only when every person discussed is. Each person
 * printed is a disclosure to the reader, on their basis.
 */
struct md_minutes_reader {
	long long attendee_id; /* 0: none */
	const char *agency;    /* NULL: none */
};

enum md_status md_meeting_minutes_text(struct md_db *db,
				       const struct md_user *actor,
				       const struct md_meeting_defs *defs,
				       const struct md_household_defs *hdefs,
				       long long id,
				       const struct md_minutes_reader *reader,
				       struct md_buf *out, struct md_err *err);

enum md_status md_meeting_minutes_csv(
	struct md_db *db, const struct md_user *actor,
	const struct md_meeting_defs *defs,
	const struct md_household_defs *hdefs, long long id,
	const struct md_minutes_reader *reader, const char *path,
	const struct md_export_options *opts, struct md_err *err);

/* ---- 提供記録 ---- */

struct md_disclosure {
	char *on, *what, *to, *basis, *by;
	long long meeting_id;
};

void md_disclosures_free(struct md_disclosure *d, size_t n);

/* Every disclosure of person_id, oldest first, and the latest day they
 * withdrew consent ("" never) in withdrawn_on. Audited as a view of the
 * person. */
enum md_status md_person_disclosures(struct md_db *db,
				     const struct md_user *actor,
				     long long person_id,
				     struct md_disclosure **out, size_t *n,
				     char withdrawn_on[11], struct md_err *err);

/* ---- due ---- */

/* Something due from meetings: a meeting's next one, an open task, the
 * next of a regular type (interval_months after the last held, while no
 * later one is recorded). */
struct md_meeting_due {
	long long meeting_id, task_id; /* task_id 0: not a task */
	const char *kind; /* 次回の会議 / 役割分担 / 定例の会議 */
	char *what;       /* type label; the task and owner */
	char *due_on;
	bool overdue;
};

void md_meeting_dues_free(struct md_meeting_due *d, size_t n);

/* What falls due within days from today, or is overdue, soonest first.
 * Audited as a view of the list. */
enum md_status md_meeting_due(struct md_db *db, const struct md_user *actor,
			      const struct md_meeting_defs *defs, int days,
			      struct md_meeting_due **out, size_t *n,
			      struct md_err *err);

#endif
