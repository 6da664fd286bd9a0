/* Households (世帯): who lives together, who needs support and who supports
 * them, and the print of a household (000 第1条, 第2条(1); 003 §6-2(3)ア;
 * 004 図4). */
#ifndef MADOGUCHI_HOUSEHOLDS_H
#define MADOGUCHI_HOUSEHOLDS_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/consent.h"
#include "madoguchi/db.h"
#include "madoguchi/diag.h"
#include "madoguchi/eligibility.h"
#include "madoguchi/forms.h"
#include "madoguchi/mem.h"
#include "madoguchi/values.h"

struct md_workflow;       /* workflow.h: the labels of the stages */
struct md_export_options; /* export.h: how a CSV print is written */

/* ---- ages and the bands of 004 図4 ---- */

/*
 * Age in whole years on the day on ("YYYY-MM-DD") of someone born on birth
 * ("YYYY-MM-DD"): one more on each birthday, for someone born on 2月29日 on
 * 3月1日 in common years (md_date_age). -1 when either is not a date or on
 * is before birth. Pure: no database, no clock.
 */
int md_household_age(const char *birth, const char *on);

/* ---- the definitions: forms/households.ini ---- */

/* The attributes of a member that may fill a column of the form's table
 * ([family] column.KEY = ATTRIBUTE): code, and what it is. */
/* clang-format off */
#define MD_MEMBER_ATTRS(X)                                          \
	X(MD_MA_RELATION, "relation", "続柄")                       \
	X(MD_MA_NAME, "name", "氏名(未登録の世帯員はその説明)")     \
	X(MD_MA_KANA, "kana", "ふりがな")                           \
	X(MD_MA_AGE, "age", "基準日の年齢")                         \
	X(MD_MA_LIVING, "living", "同居・別居")                     \
	X(MD_MA_DEPARTMENTS, "departments", "担当部局")             \
	X(MD_MA_NOTE, "note", "備考")
enum md_member_attr {
#define MD_MEMBER_ATTR_ENUM(name, code, label) name,
	MD_MEMBER_ATTRS(MD_MEMBER_ATTR_ENUM)
#undef MD_MEMBER_ATTR_ENUM
	MD_MEMBER_ATTR_COUNT
};
/* clang-format on */

/* The code of an attribute as [family] names it ("relation"); "?" for a
 * value outside the list. */
const char *md_member_attr_code(enum md_member_attr a);

/* The loaded definitions (owns everything through its arena; the form and
 * field pointers are forms', which must outlive them). The program knows
 * none of their labels. */
struct md_household_defs {
	struct md_arena arena;
	const char *file;
	struct md_choices issues;    /* [household] 世帯の課題 */
	struct md_choices relations; /* [members] 続柄 */
	struct md_choices
		living; /* [members] 同居・別居; the first the default */
	struct md_choices departments; /* [members] 担当部局 */
	struct md_choices reasons;     /* [members] 転入・転出の理由 */
	int child_below, elderly_from; /* [ages] */
	const char *band_label[MD_AGE_BAND_COUNT];
	/* [consent]: a member consented to sharing when the latest of their
	 * records of this form holds consent_value in this field. */
	const struct md_form *consent_form;
	const struct md_field *consent_field;
	const char *consent_value; /* normalised as the field takes it */
	/* [family]: the table of a new record filled from the household, and
	 * the column each attribute fills (NULL: none); NULL when not given. */
	const struct md_form *family_form;
	const struct md_field *family_field;
	const char *family_column[MD_MEMBER_ATTR_COUNT];
	/* [eligibility], [eligibility.facts], [eligibility.questions],
	 * [eligibility.row.N]: 多機関協働の対象判定 of 004 図4 (eligibility.h),
	 * its ages [ages]'s; NULL when the file has none of them. */
	struct md_eligibility_def *eligibility;
};

/*
 * Load and check path (forms/households.ini) against forms: every list
 * present, none empty or with an option twice, a "FORM.FIELD" list a choice
 * or multi field, the ages whole numbers with child_below below
 * elderly_from and each band named, the consent field a field of a form and
 * its value one the field takes, the family table a table field whose
 * columns exist and are filled by known attributes, a living column of
 * choices holding every option of living. Sections and keys the file may
 * not have are faults. The [eligibility] sections are read as
 * eligibility.h says, into defs->eligibility. Every fault goes to diags as "file:line: …" and the status is
 * MD_ERR_DEFINITION with *out NULL; a file that cannot be read MD_ERR_IO or
 * MD_ERR_NOTFOUND. On success *out holds the definitions
 * (md_household_defs_free).
 */
enum md_status md_household_defs_load(const char *path,
				      const struct md_forms *forms,
				      struct md_household_defs **out,
				      struct md_diags *diags,
				      struct md_err *err);

void md_household_defs_free(struct md_household_defs **defs);

/* defs' [consent] as the rule md_person_consented checks (consent.h). */
struct md_consent_rule md_household_consent_rule(
	const struct md_household_defs *defs);

/* The band of an age (-1: MD_AGE_UNKNOWN) by defs' [ages]. */
enum md_age_band md_household_age_band(const struct md_household_defs *defs,
				       int age);

/* What defs call band ("" for MD_AGE_UNKNOWN). */
const char *md_household_age_band_label(const struct md_household_defs *defs,
					enum md_age_band band);

/*
 * The facts of 004 図4 (eligibility.h) of the n members at the reference
 * date on (as typed, 和暦 or ISO): each 支援対象者's age (md_date_age, from
 * birth, else age) in its band by defs' [ages] (md_household_age_band),
 * counted by md_eligibility_facts_count; the answers unknown. MD_ERR_INVALID
 * with a Japanese message naming the member (2 人目の世帯員) for a date that
 * cannot be read, a birth after on, an age outside 0..150. Pure: what
 * md_household_get counts of a household's current members, and what
 * `madoguchi eligibility` counts of the members typed.
 */
enum md_status md_household_eligibility_facts(
	const struct md_household_defs *defs,
	const struct md_eligibility_member *members, size_t n, const char *on,
	struct md_eligibility_facts *out, struct md_err *err);

/* ---- the fields of a household and of a member, for faults ---- */

/* Each field a consultant gives: code (its key in faults), label. */
/* clang-format off */
#define MD_HOUSEHOLD_FIELDS(X)                                      \
	X(MD_HF_HOUSEHOLD, "household", "世帯番号")                 \
	X(MD_HF_LABEL, "label", "世帯の呼び名")                     \
	X(MD_HF_ISSUES, "issues", "世帯の課題")                     \
	X(MD_HF_NOTE, "note", "世帯のメモ")                         \
	X(MD_HF_MEMBER, "member", "世帯員番号")                     \
	X(MD_HF_PERSON, "person", "本人番号")                       \
	X(MD_HF_WHO, "who", "未登録の世帯員の説明")                 \
	X(MD_HF_BIRTH, "birth", "生年月日")                         \
	X(MD_HF_AGE, "age", "年齢")                                 \
	X(MD_HF_RELATION, "relation", "続柄")                       \
	X(MD_HF_LIVING, "living", "同居・別居")                     \
	X(MD_HF_MOVED_IN, "moved_in_on", "転入日")                  \
	X(MD_HF_MOVED_OUT, "moved_out_on", "転出日")                \
	X(MD_HF_REASON, "reason", "理由")                           \
	X(MD_HF_SUPPORT, "needs_support", "支援対象者")             \
	X(MD_HF_DEPARTMENTS, "departments", "担当部局")             \
	X(MD_HF_MEMBER_NOTE, "member_note", "世帯員の備考")         \
	X(MD_HF_DISABLED, "disabled", "障害者")                     \
	X(MD_HF_POVERTY, "poverty", "生活困窮が主たる課題")         \
	X(MD_HF_TO, "to", "移る先の世帯")                           \
	X(MD_HF_ON, "on", "基準日")                                 \
	X(MD_HF_ANSWERS, "answers", "質問への答え")                 \
	X(MD_HF_VERDICT, "verdict", "判定")                         \
	X(MD_HF_VERDICT_NOTE, "verdict_note", "判定のメモ")
enum md_household_field {
#define MD_HOUSEHOLD_FIELD_ENUM(name, code, label) name,
	MD_HOUSEHOLD_FIELDS(MD_HOUSEHOLD_FIELD_ENUM)
#undef MD_HOUSEHOLD_FIELD_ENUM
	MD_HOUSEHOLD_FIELD_COUNT
};
/* clang-format on */

/* The code of a field (its key in faults) and its label; "?" for a value
 * outside the list. */
const char *md_household_field_code(enum md_household_field f);
const char *md_household_field_label(enum md_household_field f);

/* ---- changing households ---- */

/* A household's own fields. NULL leaves a field as it is (md_household_new:
 * empty). issues: options of defs' issues, "|" or a line between them,
 * each by its name or number. */
struct md_household_in {
	const char *label;
	const char *issues;
	const char *note;
};

/*
 * A member, as typed. Who, exactly one of: person_id, a registered person;
 * person, a new person to register (codes of md_person_normalize: name,
 * kana, birth_date, …); label, one not registered (「小学生(氏名不詳)」) with
 * birth (a date as typed) or age (years as typed: a birth date reckoned
 * from it, marked estimated) when known. The rest (NULL: not given; on a
 * change, left as it is): relation and living of defs' lists (by name,
 * or number; living by default the first), moved_in_on (a date as
 * typed, never in the future; not given: not known) and reason of
 * reasons, needs_support (-1 not given, 0 no, 1 yes), disabled and poverty
 * (MD_ELIGIBILITY_UNKNOWN, 0: not given, so a new member has neither),
 * departments ("|" or a line between them), a note.
 */
struct md_member_in {
	long long person_id;
	const struct md_values *person;
	bool distinct; /* person is none of the registered ones found alike */
	const char *label;
	const char *birth;
	const char *age;
	const char *relation;
	const char *living;
	const char *moved_in_on;
	const char *reason;
	int needs_support;
	enum md_eligibility_yn disabled; /* 障害者 (004 図4) */
	enum md_eligibility_yn poverty; /* 生活困窮が主たる課題 (004 図4) */
	const char *departments;
	const char *note;
};

/*
 * What every change below shares: actor an active member of staff; each
 * fault of what was typed goes to faults (code of MD_HOUSEHOLD_FIELDS →
 * Japanese message naming the field; faults may be NULL) and the status is
 * MD_ERR_INVALID, or MD_ERR_EXISTS for a person already in a household or
 * who may be registered already, with err holding the first message;
 * nothing is stored then. A change is one transaction: the rows, their
 * revisions, persons.household_id kept the household of the current
 * membership, and the audit log.
 */

/*
 * A new household with its first member (h may be NULL). The member as
 * md_household_add takes one. *household_id and *member_id (either may be
 * NULL) get the new numbers.
 */
enum md_status md_household_new(struct md_db *db, const struct md_user *actor,
				const struct md_household_defs *defs,
				const struct md_forms *forms,
				const struct md_household_in *h,
				const struct md_member_in *m,
				long long *household_id, long long *member_id,
				struct md_values *faults, struct md_err *err);

/*
 * Add member m to household_id. A registered person who is a current
 * member of a household is refused (MD_ERR_EXISTS): of this one, as the
 * household itself; of another, naming it and `household move`, since a
 * person has one current household. A new person is first looked for among
 * the registered ones as a new case looks (md_person_similar: the same
 * ふりがな or 氏名 as search keys fold them, 異体字 and kana alike, or the
 * same birth date): when any is found and m->distinct is not set, the add is
 * refused (MD_ERR_EXISTS) naming them, so that the one meant is chosen by
 * person_id; otherwise the person is registered (md_person_create) and
 * added. *member_id (may be NULL) gets the membership's number.
 */
enum md_status md_household_add(struct md_db *db, const struct md_user *actor,
				const struct md_household_defs *defs,
				const struct md_forms *forms,
				long long household_id,
				const struct md_member_in *m,
				long long *member_id, struct md_values *faults,
				struct md_err *err);

/* Change household_id's own fields (NULL ones stay), still at
 * base_revision (else MD_ERR_CONFLICT naming who saved and when). A change
 * that changes nothing writes nothing. */
enum md_status md_household_update(struct md_db *db,
				   const struct md_user *actor,
				   const struct md_household_defs *defs,
				   long long household_id, int base_revision,
				   const struct md_household_in *h,
				   struct md_values *faults,
				   struct md_err *err);

/* Change member member_id's relation, living, moved_in_on, reason (of
 * moving in), needs_support, disabled, poverty, departments and note (those
 * given), still at
 * base_revision (else MD_ERR_CONFLICT). Who they are stays. */
enum md_status md_household_member_update(
	struct md_db *db, const struct md_user *actor,
	const struct md_household_defs *defs, long long member_id,
	int base_revision, const struct md_member_in *m,
	struct md_values *faults, struct md_err *err);

/* A move: the day a member moved out (as typed; NULL today; never before
 * the day they moved in nor in the future) and why (one of reasons); and
 * where to, if anywhere recorded: into household to (0: none), or, with
 * new_household, a new household labelled label; relation and living
 * there as md_member_in has them. */
struct md_move_in {
	const char *date;
	const char *reason;
	long long to;
	bool new_household;
	const char *label;
	const char *relation;
	const char *living;
};

/*
 * Member member_id moves out: their membership ends on the day, with the
 * reason, and is kept (the history). Moving into another household starts
 * a membership there (moved in that day, for that reason), *new_member_id
 * (may be NULL) its number. Refused: a member no longer current, the
 * household they are in as the one to move to, a household to that does
 * not exist, and the last current member of a household (a household is
 * never left with no one current).
 */
enum md_status md_household_move(struct md_db *db, const struct md_user *actor,
				 const struct md_household_defs *defs,
				 long long member_id,
				 const struct md_move_in *mv,
				 long long *new_member_id,
				 struct md_values *faults, struct md_err *err);

/* ---- reading a household: everything its screen shows ---- */

/* An open case of a member: its stage and what it waits for next. */
struct md_member_case {
	long long case_id;
	char *stage;       /* step id */
	char *stage_label; /* its label in the workflow (the id without one) */
	char *staff;       /* 担当, "" when none */
	const char *due_kind; /* "評価", "フォローアップ", "次回予定" or "" */
	char due_on[11]; /* ISO, or "" */
	bool overdue;
};

/* One membership of one member, as the screen shows it. */
struct md_member {
	long long id; /* the membership's number (世帯員番号) */
	int revision;
	long long household_id;
	long long person_id; /* 0: one not registered */
	char *name;       /* 氏名, or the description of one not registered */
	char *kana;       /* "" for one not registered */
	char *birth_date; /* ISO, "" when not known */
	bool birth_estimated;
	int age; /* at the reference date; -1 when not known */
	enum md_age_band band;
	char *relation, *living;
	char *moved_in_on, *reason_in;   /* "" when not known */
	char *moved_out_on, *reason_out; /* "" while current */
	bool current;
	bool needs_support; /* 支援対象者 (004 図4) */
	bool disabled;      /* 障害者 (004 図4) */
	bool poverty;       /* 生活困窮が主たる課題 (004 図4) */
	char **departments; /* 担当部局 (004 図4), in the order of the list */
	size_t ndepartments;
	char *note;
	/* The member consents to sharing today by defs' [consent] rule,
	 * consent withdrawn counted (md_person_consented; never one not
	 * registered): what the print may show of them. */
	bool consented;
	struct md_member_case *cases; /* their open cases, by number */
	size_t ncases;
	char *updated_at;
};

/* The latest 多機関協働の対象判定 recorded for a household
 * (md_household_decide). */
struct md_household_decision {
	int revision;  /* the household's revision recording it; 0: none yet */
	char *by;      /* who decided (their name) */
	char *at;      /* when (a timestamp) */
	char on[11];   /* the reference date of the ages then (ISO) */
	int row;       /* the row of 004 図4 advised then; 0: none */
	char *advised; /* the verdict advised then (or undecided) */
	char *verdict; /* what the consultant decided */
	char *note;
	/* The answers then, by fact (the questions only). */
	enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS];
	/* How the household differs now from what the advice was computed
	 * from: a current member added, moved out or whose record changed, a
	 * fact counted from them on the reference date of the read
	 * (高齢者の人数: 1 → 2); Japanese lines, none when it has not changed. */
	char **changes;
	size_t nchanges;
};

/* The household through 004 図4: everything a screen shows of the aid. */
struct md_household_eligibility {
	bool defined; /* defs have [eligibility]; all else empty when not */
	/* From the current members on the reference date (支援対象者, age,
	 * 障害, 生活困窮, 担当部局 present) and the answers: those of the latest
	 * decision, or of md_household_advise. */
	struct md_eligibility_facts facts;
	struct md_eligibility_result advice; /* its row, verdict, reasons */
	struct md_household_decision last;   /* .revision 0: none yet */
};

struct md_household {
	long long id;
	int revision;
	char *label;
	char **issues; /* 世帯の課題, in the order of the list */
	size_t nissues;
	char *note;
	char *created_at, *updated_at;
	char on[11]; /* the reference date of the ages (ISO) */
	/* The current members, 続柄 in the order of defs' relations, then by
	 * birth date; then, when asked for, the former ones, latest out
	 * first. */
	struct md_member *members;
	size_t nmembers;
	size_t ncurrent;
	size_t nsupport; /* current members who need support */
	struct md_household_eligibility eligibility;
};

void md_household_fini(struct md_household *h);

/*
 * Household id as it stands on the day on ("YYYY-MM-DD"; NULL: today):
 * every current member (with_former: and every former one) with their age
 * on that day and its band, 続柄, 同居・別居, their days and reasons, whether
 * they need support and their 担当部局, their open cases with each stage (wf
 * names it; NULL: the step id) and next due date (md_workflow_case_due),
 * and whether they consented; the household's issues and note; and its
 * 多機関協働の対象判定 (004 図4, eligibility): the facts of the current
 * members on that day, the advice with the answers of the latest decision,
 * that decision and what changed since. Audited as a view of the household,
 * and of each case shown (audit --case finds it).
 */
enum md_status md_household_get(struct md_db *db, const struct md_user *actor,
				const struct md_household_defs *defs,
				const struct md_workflow *wf, long long id,
				const char *on, bool with_former,
				struct md_household *out, struct md_err *err);

/*
 * Advise again on h (as md_household_get read it) with answers, by fact
 * (only the questions are read; MD_ELIGIBILITY_UNKNOWN: not answered):
 * h->eligibility.facts takes them and h->eligibility.advice is evaluated
 * again, for a screen where the consultant answers the questions before
 * deciding. Pure: no database, no audit. MD_ERR_NOMEM, or MD_ERR_DEFINITION
 * when defs have no [eligibility].
 */
enum md_status md_household_advise(
	const struct md_household_defs *defs, struct md_household *h,
	const enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS],
	struct md_err *err);

/* A consultant's decision on 004 図4 for a household. */
struct md_household_decide_in {
	const char *on; /* the reference date as typed (和暦 or ISO); NULL today,
			   never in the future */
	/* The answers, by fact (the questions of the definition only;
	 * MD_ELIGIBILITY_UNKNOWN: not answered). */
	enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS];
	const char *verdict; /* one of the definition's verdicts, by name or
				number */
	const char *note;    /* NULL: none */
};

/*
 * Record the consultant's decision on household_id, still at base_revision
 * (else MD_ERR_CONFLICT naming who saved and when): the advice is computed
 * again from the current members on the day with the answers (as
 * md_household_get would show it), and the household gets a new revision
 * holding who, when, the day, the answers, the row and verdict advised, the
 * verdict decided and the note, with what the advice was computed from (so
 * a later read says what changed since); earlier decisions stay in its
 * revisions. The decision may differ from the advice: the aid advises, the
 * consultant decides. Faults as every change (above): a verdict that is
 * not one of the definition's, none, an answer to what is not a question
 * of the definition, a day that is not a date or in the future, a note too
 * long. One transaction, audited. *revision (may be NULL) gets the
 * household's new revision.
 */
enum md_status md_household_decide(struct md_db *db,
				   const struct md_user *actor,
				   const struct md_household_defs *defs,
				   long long household_id, int base_revision,
				   const struct md_household_decide_in *in,
				   int *revision, struct md_values *faults,
				   struct md_err *err);

/* The household person_id is a current member of (persons.household_id),
 * 0 when none. No audit. */
long long md_household_of_person(struct md_db *db, long long person_id);

/* The current membership of person_id (0 when none). No audit. */
long long md_household_member_of(struct md_db *db, long long person_id);

/* The household of membership member_id (0 when there is none). No
 * audit. */
long long md_household_of_member(struct md_db *db, long long member_id);

/* One membership in a person's history. */
struct md_membership {
	long long member_id, household_id;
	char *household_label;
	char *relation, *living;
	char *moved_in_on, *reason_in, *moved_out_on, *reason_out;
	bool current;
};

void md_memberships_free(struct md_membership *m, size_t n);

/* Every household person_id has been a member of, oldest first (by the day
 * they moved in, then the record). Audited as a view. */
enum md_status md_household_history(struct md_db *db,
				    const struct md_user *actor,
				    long long person_id,
				    struct md_membership **out, size_t *n,
				    struct md_err *err);

/* A household as a list shows it. */
struct md_household_row {
	long long id;
	char *label;
	char *head; /* the first current member as get orders them; "" */
	size_t members, support; /* current ones; of them needing support */
	char *updated_at;
};

void md_household_rows_free(struct md_household_row *r, size_t n);

/* Which households to list: text, the start of the household's label or
 * of the 氏名 or ふりがな of a current member (folded as searches fold);
 * person_id, the one they are in now. NULL and 0 for any. */
struct md_household_filter {
	const char *text;
	long long person_id;
};

/* Households matching f, newest change first, at most limit (0: all).
 * Audited as a view of the list. */
enum md_status md_household_list(struct md_db *db, const struct md_user *actor,
				 const struct md_household_defs *defs,
				 const struct md_household_filter *f,
				 size_t limit, struct md_household_row **out,
				 size_t *n, struct md_err *err);

/* ---- 家族構成 of 第2号様式 ---- */

/*
 * Fill, in values of a new record of form for person_id, the table that
 * [family] of households.ini (read from forms' own folder) names, from the
 * person's current household: one row per other current member, the
 * columns the attributes give (ages on today), 続柄 as the household has it
 * (to the 世帯主). Nothing when the form is not that one, the person has no
 * household, the table holds rows already, or the folder has no
 * households.ini. No audit (the record's view is audited); reads only.
 * MD_ERR_DEFINITION, with file:line, when households.ini is broken.
 */
enum md_status md_household_fill_form(struct md_db *db,
				      const struct md_forms *forms,
				      const struct md_form *form,
				      long long person_id,
				      struct md_values *values,
				      struct md_err *err);

/* ---- the print: consent stays per person ---- */

/*
 * The household on the day on (NULL: today) as text (a title, the date and
 * who printed, then each current member) appended to out. A member's
 * details (氏名, ふりがな, 生年月日 and age, 続柄, 同居・別居, 支援対象者, 担当部局,
 * cases) are printed only when that member consented (defs' [consent]);
 * for any other a line says they are left out for lack of consent. The
 * household's issues and note, which speak of all of them, only when every
 * current member consented. Audited as an export of the household and of
 * each case printed.
 */
enum md_status md_household_print_text(struct md_db *db,
				       const struct md_user *actor,
				       const struct md_household_defs *defs,
				       const struct md_workflow *wf,
				       long long id, const char *on,
				       struct md_buf *out, struct md_err *err);

/* The same as a CSV file at path (a row per member; opts as every print:
 * encoding, force, each cell inert for spreadsheets). Audited before the
 * file is put in place. */
enum md_status md_household_print_csv(
	struct md_db *db, const struct md_user *actor,
	const struct md_household_defs *defs, const struct md_workflow *wf,
	long long id, const char *on, const char *path,
	const struct md_export_options *opts, struct md_err *err);

#endif
