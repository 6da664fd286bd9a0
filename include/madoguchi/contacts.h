/* Contacts (相談票), outreach (把握) and offices: what a counter records
 * before, beside or without a case (000 第3条(1), 第4条; 001 第9条(1)). */
#ifndef MADOGUCHI_CONTACTS_H
#define MADOGUCHI_CONTACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/diag.h"
#include "madoguchi/forms.h"
#include "madoguchi/mem.h"
#include "madoguchi/offices.h"
#include "madoguchi/values.h"
#include "madoguchi/workflow.h"

/* ---- the categories: forms/contacts.ini ---- */

/* Every list of forms/contacts.ini: member, section, key. The program
 * knows none of their labels (the file's lists are what is offered). */
/* clang-format off */
#define MD_CONTACT_LISTS(X)                                         \
	X(channels, "contact", "channels")                          \
	X(kinds, "contact", "kinds")                                \
	X(visit_reasons, "contact", "visit_reasons")                \
	X(topics, "contact", "topics")                              \
	X(responses, "contact", "responses")                        \
	X(age_bands, "contact", "age_bands")                        \
	X(routes, "outreach", "routes")                             \
	X(attempt_methods, "outreach", "methods")                   \
	X(attempt_results, "outreach", "results")                   \
	X(handovers, "referral", "methods")                         \
	X(results, "referral", "results")
/* clang-format on */

/*
 * The fixed wording of the 案内票 (000 第3条(1)ア: where to go next), the
 * keys of forms/contacts.ini [guide]: member, key, whether it may be empty.
 * The title and subtitle head the print (the text as "title(subtitle)", or
 * the title alone; the CSV's first row as the two cells); honorific
 * follows the person's name; name labels it in the CSV; each row label
 * after it names a line of the slip, in this order; no_appointment stands
 * for an appointment when none was made; closing ends the text.
 */
/* clang-format off */
#define MD_GUIDE_TEXTS(X)                                           \
	X(title, "title", false)                                    \
	X(subtitle, "subtitle", true)                               \
	X(honorific, "honorific", true)                             \
	X(name, "name", false)                                      \
	X(agency, "agency", false)                                  \
	X(desk, "desk", false)                                      \
	X(person_in_charge, "person_in_charge", false)              \
	X(phone, "phone", false)                                    \
	X(address, "address", false)                                \
	X(hours, "hours", false)                                    \
	X(appointment, "appointment", false)                        \
	X(no_appointment, "no_appointment", false)                  \
	X(bring, "bring", false)                                    \
	X(method, "method", false)                                  \
	X(referred_on, "referred_on", false)                        \
	X(staff, "staff", false)                                    \
	X(closing, "closing", true)
/* clang-format on */

/* The wording of the 案内票, borrowed from the definitions. */
struct md_guide_texts {
#define MD_GUIDE_TEXT_MEMBER(member, key, may_be_empty) const char *member;
	MD_GUIDE_TEXTS(MD_GUIDE_TEXT_MEMBER)
#undef MD_GUIDE_TEXT_MEMBER
};

/* The loaded definitions (owns everything through its arena). */
struct md_contact_defs {
	struct md_arena arena;
	const char *file;
#define MD_CONTACT_LIST_MEMBER(member, section, key) struct md_choices member;
	MD_CONTACT_LISTS(MD_CONTACT_LIST_MEMBER)
#undef MD_CONTACT_LIST_MEMBER
	const char *visit_kind; /* the kind that is a visit (訪問相談) */
	const char *referral_response; /* the 対応 that is a referral */
	/* The form field topics came from ("reception.topics"), or NULL. */
	const struct md_field *topics_field;
	/* Promotion to a case: the form the contact is carried into (第1号様式)
	 * and its fields taking the day, channel, 相談内容 and note; NULL
	 * when not given. */
	const char *case_form, *case_date, *case_channel, *case_topics,
		*case_note;
	struct md_guide_texts guide; /* [guide]: the 案内票's wording */
};

/*
 * Load and check path (forms/contacts.ini): every list present, no option
 * empty or given twice, visit_kind one of kinds, referral_response one of
 * responses, a "FORM.FIELD" list naming a choice or multi field of forms
 * (forms may be NULL when no list is given so), every key of [guide]
 * present and those that may not be empty not empty. Every fault is added to
 * diags as "file:line: …" and the status is MD_ERR_DEFINITION with *out
 * NULL. On success *out holds the definitions (md_contact_defs_free).
 */
enum md_status md_contact_defs_load(const char *path,
				    const struct md_forms *forms,
				    struct md_contact_defs **out,
				    struct md_diags *diags, struct md_err *err);

void md_contact_defs_free(struct md_contact_defs **defs);

/* ---- contacts (相談票) ---- */

/* The fields of a contact: code (its key in values and faults), label. */
/* clang-format off */
#define MD_CONTACT_FIELDS(X)                                       \
	X(MD_CF_DATE, "date", "日付")                              \
	X(MD_CF_TIME, "time", "時刻")                              \
	X(MD_CF_CHANNEL, "channel", "相談方法")                    \
	X(MD_CF_KIND, "kind", "相談の種類")                        \
	X(MD_CF_VISIT_REASON, "visit_reason", "訪問の理由")        \
	X(MD_CF_PLACE, "place", "訪問先")                          \
	X(MD_CF_PERSON, "person", "本人番号")                      \
	X(MD_CF_DESCRIPTION, "description", "本人の特徴")          \
	X(MD_CF_AGE_BAND, "age_band", "年代")                      \
	X(MD_CF_TOPICS, "topics", "相談内容")                      \
	X(MD_CF_RESPONSE, "response", "対応")                      \
	X(MD_CF_STAFF, "staff", "担当職員")                        \
	X(MD_CF_OFFICE, "office", "事業所")                        \
	X(MD_CF_NOTE, "note", "メモ")                              \
	X(MD_CF_OUTREACH, "outreach", "把握(アウトリーチ)")        \
	X(MD_CF_ROUTE, "route", "発見経路")
enum md_contact_field {
#define MD_CONTACT_FIELD_ENUM(name, code, label) name,
	MD_CONTACT_FIELDS(MD_CONTACT_FIELD_ENUM)
#undef MD_CONTACT_FIELD_ENUM
	MD_CONTACT_FIELD_COUNT
};
/* clang-format on */

const char *md_contact_field_code(enum md_contact_field f);
const char *md_contact_field_label(enum md_contact_field f);

/*
 * A contact as a screen edits it: values by field code, as text. date
 * "YYYY-MM-DD" (和暦 typed is read), time "HH:MM", person the 本人番号 ("" for
 * anonymous), topics one option a line (or "|" between them as typed),
 * staff a login or display name, office its name, outreach "はい" or "".
 * Options may be typed by name, start or number, as form fields are.
 */
struct md_contact {
	long long id;      /* 0 until first saved */
	int revision;      /* the revision values came from; 0 when new */
	long long case_id; /* the case it became; 0: none */
	char *updated_at;  /* "" when new */
	char *person_name; /* the registered person's 氏名; "" when none */
	struct md_values values;
};

void md_contact_fini(struct md_contact *c);

/* A new contact: today, now, the actor as staff and the actor's office,
 * kind the first of kinds. */
enum md_status md_contact_new(struct md_db *db, const struct md_user *actor,
			      const struct md_contact_defs *defs,
			      struct md_contact *out, struct md_err *err);

/* Contact id as it stands; audited as a view. */
enum md_status md_contact_get(struct md_db *db, const struct md_user *actor,
			      long long id, struct md_contact *out,
			      struct md_err *err);

/*
 * Check c's values against defs: every fault (code → Japanese message
 * naming the field) goes to faults, so a screen marks each field; nothing
 * is written. MD_ERR_INVALID when there is any. Rules: a date (never in the
 * future) and a channel, kind and 対応 of the lists; the visit kind needs its
 * reason and place (000 第3条(1)イ); a registered person, or else a short
 * description and an age band (an anonymous contact never needs a name);
 * 相談内容 of the list; an outreach contact its 発見経路 (001 第9条(1)); an
 * office that exists (000 第4条); staff who exist.
 */
enum md_status md_contact_check(struct md_db *db,
				const struct md_contact_defs *defs,
				const struct md_contact *c,
				struct md_values *faults, struct md_err *err);

/*
 * Save c as a new revision in one transaction: checked as md_contact_check
 * (faults, nothing saved, c untouched, so what was typed stays); still at
 * c->revision or MD_ERR_CONFLICT; the row and its revision; audited
 * (create or update). On success c is normalised and holds its id and
 * revision.
 */
enum md_status md_contact_save(struct md_db *db, const struct md_user *actor,
			       const struct md_contact_defs *defs,
			       struct md_contact *c, struct md_values *faults,
			       struct md_err *err);

/* Which contacts a list or a count takes; 0 and NULL for any. */
struct md_contact_filter {
	const char *from, *to; /* days, inclusive */
	const char *channel;   /* one of the channels (exactly) */
	const char *response;  /* one of the responses */
	long long office_id;
	long long person_id;
	long long case_id;
	const char *text; /* in the note or description, folded */
	bool anonymous_only;
	bool outreach_only;
};

/* A contact as a list shows it. */
struct md_contact_row {
	long long id;
	char *date, *time, *channel, *kind;
	char *who; /* 氏名 of the person, or "匿名(" description ")" */
	long long person_id, case_id;
	char *topics; /* "、" between them */
	char *response;
	char *staff, *office;
	char *note;
	bool outreach;
	long long referrals_due; /* its referrals whose follow-up is due */
};

void md_contact_rows_free(struct md_contact_row *r, size_t n);

/* Contacts matching f, newest first, at most limit (0: all). Audited as a
 * view of the list (md_audit_list_view). */
enum md_status md_contact_list(struct md_db *db, const struct md_user *actor,
			       const struct md_contact_filter *f, size_t limit,
			       struct md_contact_row **out, size_t *n,
			       struct md_err *err);

/* A count by one category (004 §2(1)): its label and how many. */
struct md_count {
	char *label;
	long long n;
};

void md_counts_free(struct md_count *c, size_t n);

/* What md_contact_count counts by. */
enum md_contact_by {
	MD_BY_CHANNEL,
	MD_BY_RESPONSE,
	MD_BY_TOPIC,
	MD_BY_OFFICE
};

/*
 * The contacts matching f counted by one category: every label of the
 * definitions' list first (0 when none), then any other label stored,
 * then *total the contacts counted (a contact of several 相談内容 counts
 * under each). Audited as a view.
 */
enum md_status md_contact_count(struct md_db *db, const struct md_user *actor,
				const struct md_contact_defs *defs,
				const struct md_contact_filter *f,
				enum md_contact_by by, struct md_count **out,
				size_t *n, long long *total,
				struct md_err *err);

/* ---- outreach attempts (001 第9条(1)) ---- */

struct md_attempt {
	long long id;
	char *done_on, *method, *result, *note, *staff;
};

void md_attempts_free(struct md_attempt *a, size_t n);

/*
 * Record a visit or call of the outreach contact contact_id: the day
 * (typed; default today, never in the future nor before the contact), the
 * method and the result of the definitions' lists, a note. Needs no
 * consent (nothing is shared). Faults by "date", "method", "result";
 * audited.
 */
enum md_status md_attempt_add(struct md_db *db, const struct md_user *actor,
			      const struct md_contact_defs *defs,
			      long long contact_id, const char *date,
			      const char *method, const char *result,
			      const char *note, long long *id,
			      struct md_values *faults, struct md_err *err);

/* The attempts of contact_id, oldest first (no audit: read with it). */
enum md_status md_attempts_list(struct md_db *db, long long contact_id,
				struct md_attempt **out, size_t *n,
				struct md_err *err);

/* ---- promotion to a case ---- */

/*
 * The person applies (001 第9条(2)): open a case for contact_id through the
 * case-open path (md_workflow_open_case): for its registered person, or a
 * new one from person (codes of md_person_normalize; 氏名 and ふりがな) for
 * an anonymous contact; the contact's day, channel (an option the form
 * has), 相談内容 and note are carried into the fields of defs->case_form
 * (第1号様式) that contacts.ini names (case_date, case_channel, …),
 * the case belongs to the contact's office, its referrals to the case,
 * and the contact is linked as the case's first record. One transaction;
 * faults by code; audited. A contact already promoted is refused naming
 * its case.
 */
enum md_status md_contact_promote(struct md_db *db, const struct md_user *actor,
				  const struct md_contact_defs *defs,
				  const struct md_workflow *wf,
				  const struct md_forms *forms,
				  long long contact_id,
				  const struct md_values *person,
				  long long *case_id, struct md_values *faults,
				  struct md_err *err);

/* The contact a case came from (0: none). */
long long md_contact_of_case(struct md_db *db, long long case_id);

#endif
