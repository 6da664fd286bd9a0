/* Counts for the verification meetings and the monthly reports (000 第8条・
 * 第9条, 002 第2条(6), 004 §2(1)): the tables of forms/counts.ini over any
 * period, office and member of staff, as the records stood at a date. */
#ifndef MADOGUCHI_COUNTS_H
#define MADOGUCHI_COUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/contacts.h"
#include "madoguchi/db.h"
#include "madoguchi/diag.h"
#include "madoguchi/export.h"
#include "madoguchi/forms.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/mem.h"
#include "madoguchi/workflow.h"

/* ---- the definitions: forms/counts.ini ---- */

/*
 * What a table counts (records = …): its name in the file, and the fields a
 * condition may name (besides FORM.FIELD of a form, for events). Each
 * record is counted on one day, belongs to one office and one member of
 * staff (for --office, --staff and --by), and to one person (unit = 人):
 *   contacts   the day of the contact; its office and staff; its registered
 *              person, or the contact itself when anonymous
 *   events     the day the step was done (the 受付日 for 相談受付); the case's
 *              office; who recorded the step; the case's person
 *   referrals  the day referred; the contact's office, else the case's;
 *              who recorded it; the person of the contact or case
 *   meetings   the day held (planned ones are not counted); the convener's
 *              office; the convener; the meeting itself
 *   households the day the 多機関協働の対象判定 was decided; the office of
 *              who decided it; who decided; the household itself
 */
/* clang-format off */
#define MD_COUNT_RECORDS(X)                                                   \
	X(MD_CR_CONTACTS, "contacts",                                         \
	  "channel|kind|visit_reason|topics|response|age_band|route")         \
	X(MD_CR_EVENTS, "events", "step|outcome|method")                      \
	X(MD_CR_REFERRALS, "referrals", "agency_kind|method|result")          \
	X(MD_CR_MEETINGS, "meetings", "type|basis")                           \
	X(MD_CR_HOUSEHOLDS, "households", "verdict")
enum md_count_records {
#define MD_COUNT_RECORDS_ENUM(name, word, fields) name,
	MD_COUNT_RECORDS(MD_COUNT_RECORDS_ENUM)
#undef MD_COUNT_RECORDS_ENUM
	MD_CR_COUNT
};
/* clang-format on */

/* The most fields a record offers, and columns a table may have. */
#define MD_COUNT_MAX_FIELDS 8
#define MD_COUNT_MAX_COLUMNS 64

/* One term of a condition: a field (by its index among the record's
 * fields, or a form's field) holding one of the options, or none of them. */
struct md_count_term {
	int field;                     /* index, or -1 for form's field */
	const struct md_form *form;    /* FORM.FIELD (events) */
	const struct md_field *ffield; /* its field */
	bool negate;                   /* != */
	const char **options;
	size_t noptions;
};

/* Terms that must all hold. */
struct md_count_clause {
	struct md_count_term *terms;
	size_t n;
};

/* Clauses of which one must hold; none: always holds. */
struct md_count_cond {
	struct md_count_clause *clauses;
	size_t n;
};

/* A column: its heading's group ("" when none) and label, what it counts. */
struct md_count_column {
	const char *group, *label;
	struct md_count_cond cond;
	int several;  /* "several GROUP": the first column of GROUP; -1: no */
	bool persons; /* unit 人: each person once */
	int line;
};

/* A line (段) of each row: line 0 as it is, the others in parentheses. */
struct md_count_line {
	const char *label;
	struct md_count_cond cond;
};

struct md_count_table {
	const char *id; /* the section's name after "table." */
	const char *title, *cite, *note;
	bool provisional; /* source = P: its layout follows the seeds, not a
			     published form read whole; printed (暫定) */
	enum md_count_records records;
	const char *unit; /* "件" or "人" */
	bool items;       /* a multiple choice counts each option chosen */
	struct md_count_cond where;
	struct md_count_line *lines; /* at least one */
	size_t nlines;
	struct md_count_column *cols;
	size_t ncols;
	int line;
};

/* The loaded definitions (owns everything through its arena; forms and
 * the field pointers must outlive them). */
struct md_count_defs {
	struct md_arena arena;
	const char *file;
	struct md_count_table *tables; /* in the file's order */
	size_t n;
	/* The field of a form bound to the case's 受付日 (case = received_on),
	 * with its form: the day 相談受付 is counted on; NULL: cases.opened_on. */
	const struct md_form *received_form;
	const struct md_field *received_field;
};

/* What the options of the definitions are checked against. All needed. */
struct md_count_sources {
	const struct md_forms *forms;
	const struct md_workflow *wf;
	const struct md_contact_defs *contacts;
	const struct md_household_defs *households;
	const struct md_meeting_defs *meetings;
};

/*
 * Load and check path (forms/counts.ini): every section [table.ID] (ID of
 * ASCII letters, digits and "_"), each with a title, a records of
 * MD_COUNT_RECORDS, at least one column (at most MD_COUNT_MAX_COLUMNS,
 * numbered from 1 without gaps, as are lines), no label twice, conditions
 * that name fields the records have and options those fields have
 * (contacts: forms/contacts.ini's lists; events: the steps of the workflow,
 * an outcome of the step its clause names, a method, a choice field of a
 * form and its options; referrals: the agency kinds and contacts.ini
 * [referral]; meetings: a type by id or label, a basis; households: the
 * verdicts of [eligibility]); a unit 件 or 人, items yes or no, a source V or
 * P, no other key.
 * Every fault goes to diags as "file:line: …" and the status is
 * MD_ERR_DEFINITION with *out NULL. On success *out holds the definitions
 * (md_count_defs_free). No database.
 */
enum md_status md_count_defs_load(const char *path,
				  const struct md_count_sources *src,
				  struct md_count_defs **out,
				  struct md_diags *diags, struct md_err *err);

void md_count_defs_free(struct md_count_defs **defs);

/* The table of defs named typed (its id, else its title), or NULL. */
const struct md_count_table *md_count_table_find(
	const struct md_count_defs *defs, const char *typed);

/* ---- counting ---- */

/* How the rows of a table are made. */
enum md_count_by {
	MD_COUNT_BY_NONE, /* one row: the period */
	MD_COUNT_BY_MONTH,
	MD_COUNT_BY_OFFICE,
	MD_COUNT_BY_STAFF
};

/* The options of a query, as its refusals name them. */
enum md_count_name {
	MD_COUNT_NAME_FROM,
	MD_COUNT_NAME_TO,
	MD_COUNT_NAME_OFFICE,
	MD_COUNT_NAME_STAFF,
	MD_COUNT_NAME_AS_AT,
	MD_COUNT_NAME_TABLE,
	MD_COUNT_NAMES
};

/* What to count, as typed. NULL: not given. */
struct md_count_query {
	const char *from, *to; /* days, inclusive (和暦 or ISO); both needed */
	const char *office;    /* an office's name (md_office_find) */
	const char *staff;     /* a member of staff's login or name */
	enum md_count_by by;
	const char *as_at; /* the records as they stood at the end of this
			      day; NULL: today. Never after today. */
	const char *table; /* one table (id or title); NULL: every one */
	/* How a refusal names each option (MD_COUNT_NAMES of them: a screen's
	 * field labels); NULL: the command line's (--from, --to, --office,
	 * --staff, --as-at, --table). */
	const char *const *names;
};

/* One row of a table's result: a month, an office, a member of staff, or
 * the whole period (合計), with nlines × ncols figures. */
struct md_count_row {
	char *label;
	long long *n; /* [line * ncols + col] */
};

struct md_count_result {
	const struct md_count_table *table;
	struct md_count_row *rows; /* the groups (none when by is NONE) */
	size_t nrows;
	struct md_count_row total; /* the period as a whole */
};

/* A run: the tables counted and what they were counted for. */
struct md_count_report {
	char from[11], to[11], as_at[11]; /* ISO */
	char *office;                     /* its name; NULL: every office */
	char *staff;                      /* their name; NULL: all staff */
	enum md_count_by by;
	struct md_count_result *results;
	size_t n;
};

void md_count_report_free(struct md_count_report *r);

/*
 * Count q over the records as they stood at the end of q->as_at: contacts,
 * referrals and households as their revisions then said, the forms a
 * condition reads (FORM.FIELD) as their revisions then said, the steps
 * recorded by then, each on the day it was done, so that a figure of a
 * past period does not change when a record is edited later. A case
 * reopened counts once as received. Refused with nothing counted (MD_ERR_INVALID,
 * a Japanese message naming the option as q->names does): a day missing or that does not
 * exist, a period that ends before it starts, an as-at day after today, an
 * office or member of staff that does not exist, a table that is none of
 * defs'. Any active user may count (the figures name no one). Reads the
 * database; writes nothing (md_count_audit records the print). On success
 * *out holds the report (md_count_report_free).
 */
enum md_status md_count_run(struct md_db *db, const struct md_user *actor,
			    const struct md_count_defs *defs,
			    const struct md_count_query *q,
			    struct md_count_report *out, struct md_err *err);

/*
 * The report as text, each table under its title, period, as-at day and
 * office: a heading of groups and labels and then each row, its lines
 * below it, later lines in parentheses, numbers right-aligned by display
 * width (ambiguous: the columns of an East Asian Ambiguous character, 1 or
 * 2), then 合計 when by is not NONE, and the table's note. A new string
 * (md_free), NULL when out of memory. No database.
 */
char *md_count_text(const struct md_count_report *r, int ambiguous);

/*
 * The report as the cells of one sheet (row after row of *ncols cells,
 * owned by the arena a): per table its title, period, 現在 (as at), office
 * and staff rows, its two heading rows, a row per group and line, 合計, a
 * blank row between tables. MD_OK or MD_ERR_NOMEM.
 */
enum md_status md_count_cells(const struct md_count_report *r,
			      struct md_arena *a, const char ***cells,
			      size_t *nrows, size_t *ncols, struct md_err *err);

/*
 * The report printed as CSV to path, as every print is (md_export_table:
 * the encoding, a BOM for Excel, every cell made inert, a file of mode 0600
 * put in place, audited as an export).
 */
enum md_status md_count_export(struct md_db *db, const struct md_user *actor,
			       const struct md_count_report *r,
			       const char *path,
			       const struct md_export_options *opts,
			       struct md_err *err);

/* The report as CSV text (UTF-8, no BOM, LF; cells inert as in a file):
 * for standard output. A new string (md_free), NULL when out of memory. */
char *md_count_csv(const struct md_count_report *r);

/*
 * A bar for a picture of the counts (a month's figure against the largest
 * of the series, a category against the period): n of max drawn in exactly
 * width display columns with the block characters of eighths (▏▎▍▌▋▊▉█),
 * then spaces. The blocks are East Asian Ambiguous: with ambiguous 2 (a
 * terminal that draws them wide) each takes two columns, so the bar has
 * width / 2 cells and an odd last column is a space. Any n above 0 shows at
 * least an eighth; n at max fills the width. A new string (md_free), NULL
 * when out of memory. No database.
 */
char *md_count_bar(long long n, long long max, int width, int ambiguous);

/* Record the print of r (as text or on standard output) in the audit log,
 * in a transaction of its own: the tables, period, as-at day, office and
 * staff. */
enum md_status md_count_audit(struct md_db *db, const struct md_user *actor,
			      const struct md_count_report *r,
			      struct md_err *err);

#endif
