/* The official forms as data: loading and checking the forms/NAME.ini definitions. */
#ifndef MADOGUCHI_FORMS_H
#define MADOGUCHI_FORMS_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/diag.h"
#include "madoguchi/mem.h"
#include "madoguchi/status.h"

/* Every field type: its name in the files and what the screen calls it. */
/* clang-format off */
#define MD_FIELD_TYPE_LIST(X)                               \
	X(MD_FIELD_TEXT, "text", "文字")                    \
	X(MD_FIELD_TEXTAREA, "textarea", "文章")            \
	X(MD_FIELD_DATE, "date", "日付")                    \
	X(MD_FIELD_TIME, "time", "時刻")                    \
	X(MD_FIELD_NUMBER, "number", "数")                  \
	X(MD_FIELD_YEN, "yen", "金額")                      \
	X(MD_FIELD_PHONE, "phone", "電話番号")              \
	X(MD_FIELD_POSTAL, "postal", "郵便番号")            \
	X(MD_FIELD_EMAIL, "email", "メールアドレス")        \
	X(MD_FIELD_CHOICE, "choice", "選択")                \
	X(MD_FIELD_MULTI, "multi", "複数選択")              \
	X(MD_FIELD_YESNO, "yesno", "はい・いいえ")          \
	X(MD_FIELD_STAFF, "staff", "職員")                  \
	X(MD_FIELD_AGENCY, "agency", "関係機関")            \
	X(MD_FIELD_FIXED, "fixed", "定型文")                \
	X(MD_FIELD_TABLE, "table", "表")

enum md_field_type {
#define MD_FIELD_TYPE_ENUM(name, code, label) name,
	MD_FIELD_TYPE_LIST(MD_FIELD_TYPE_ENUM)
#undef MD_FIELD_TYPE_ENUM
	MD_FIELD_TYPE_COUNT
};
/* clang-format on */

const char *md_field_type_code(enum md_field_type t);
const char *md_field_type_label(enum md_field_type t);
bool md_field_type_parse(const char *s, enum md_field_type *out);

/* The person's own fields a form field can be bound to (自動転記). */
/* clang-format off */
#define MD_PERSON_FIELD_LIST(X)                          \
	X(MD_PERSON_NAME, "name", "氏名")                \
	X(MD_PERSON_KANA, "kana", "ふりがな")            \
	X(MD_PERSON_SEX, "sex", "性別")                  \
	X(MD_PERSON_BIRTH_DATE, "birth_date", "生年月日") \
	X(MD_PERSON_POSTAL_CODE, "postal_code", "郵便番号") \
	X(MD_PERSON_ADDRESS, "address", "住所")          \
	X(MD_PERSON_PHONE_HOME, "phone_home", "電話(自宅)") \
	X(MD_PERSON_PHONE_MOBILE, "phone_mobile", "電話(携帯)") \
	X(MD_PERSON_EMAIL, "email", "E-mail")

enum md_person_field {
	MD_PERSON_NONE = -1,
#define MD_PERSON_FIELD_ENUM(name, code, label) name,
	MD_PERSON_FIELD_LIST(MD_PERSON_FIELD_ENUM)
#undef MD_PERSON_FIELD_ENUM
	MD_PERSON_FIELD_COUNT
};
/* clang-format on */

const char *md_person_field_code(enum md_person_field f);
const char *md_person_field_label(enum md_person_field f);
bool md_person_field_parse(const char *s, enum md_person_field *out);

/* What a new form puts in a field before anyone types. */
enum md_field_default {
	MD_DEFAULT_NONE,
	MD_DEFAULT_TODAY, /* the date */
	MD_DEFAULT_ME     /* the logged-in member of staff */
};

/* A column of a table field. */
struct md_column {
	const char *key;
	const char *label;
	enum md_field_type type;
	const char **options;
	size_t noptions;
	int max;
	int line;
};

/* One field of a form, as its definition declares it. */
struct md_field {
	const char *key;
	const char *label;
	const char *section;
	const char *help;
	enum md_field_type type;
	char source; /* 'V' or 'P' */
	bool required;
	bool report;
	bool by_workflow;   /* set_by = workflow: shown, not edited */
	bool case_received; /* case = received_on: the case's 受付日 */
	const char **options;
	size_t noptions;
	const char *other;   /* the option taking free text, or NULL */
	const char *primary; /* multi: label of the ◎ mark, or NULL */
	long long min, max;  /* text: max characters; number, yen: bounds */
	const char *unit;
	const char *text; /* fixed */
	enum md_person_field person;
	enum md_field_default def;
	struct md_column *columns;
	size_t ncolumns;
	int line;
};

/* One form definition. */
struct md_form {
	const char *id;
	const char *number;
	const char *title;
	const char *file;
	bool entries;           /* kind = entries: many records per case */
	const char *date_field; /* entries are ordered by this date field */
	/* entries: the date field of the next appointment an entry names
	 * (次回予定日), listed on 今日の予定 (md_workflow_due); or NULL */
	const char *appointment_field;
	bool person_header;
	int order;
	struct md_field *fields; /* in file order */
	size_t nfields;
	const char **sections; /* in order of their first field */
	size_t nsections;
};

/* The loaded set of forms (owns everything through its arena). */
struct md_forms {
	struct md_arena arena;
	const char *dir;
	struct md_form *forms; /* by order, then id */
	size_t n;
};

/*
 * Load and check every form definition in dir (the *.ini files but
 * workflow.ini, contacts.ini, households.ini, meetings.ini and counts.ini,
 * which are no forms). Every
 * fault of every file is added to diags as
 * "file:line: …" and the result is MD_ERR_DEFINITION with *out NULL; nothing
 * is half-loaded. On success *out holds the forms (md_forms_free).
 */
enum md_status md_forms_load(const char *dir, struct md_forms **out,
			     struct md_diags *diags, struct md_err *err);

/*
 * Check the given files only (madoguchi forms check FILE…): the same checks,
 * faults to diags. Returns MD_OK when all are good.
 */
enum md_status md_forms_check_files(const char *const *paths, size_t n,
				    struct md_diags *diags, struct md_err *err);

void md_forms_free(struct md_forms **forms);

/* A form by id ("reception"), number ("第1号様式", "第1号") or its digit
 * ("1"); NULL when none. */
const struct md_form *md_forms_find(const struct md_forms *forms,
				    const char *name);

/* A field of form by key; NULL when none. */
const struct md_field *md_form_field(const struct md_form *form,
				     const char *key);

/* The field of form bound to the case's 受付日 (case = received_on); NULL
 * when none. */
const struct md_field *md_form_received_field(const struct md_form *form);

/* The field of form bound to a person field; NULL when none. */
const struct md_field *md_form_person_field(const struct md_form *form,
					    enum md_person_field pf);

/* A column of a table field by key; NULL when none. */
const struct md_column *md_field_column(const struct md_field *field,
					const char *key);

/* True when option is one of the field's (or column's) options. */
bool md_options_has(const char *const *options, size_t n, const char *option);

/* One list of options of a definition file other than a form's
 * (forms/contacts.ini, forms/households.ini): borrowed strings. */
struct md_choices {
	const char **items;
	size_t n;
	int line; /* where the file gives it */
};

/*
 * Read value, the list of key at file:line, into out: options separated by
 * "|" (each trimmed; an empty one, or one given twice, is a fault), or
 * "FORM.FIELD": the options of that choice or multi field of forms (forms
 * may be NULL when no list names a field), and *from (when not NULL) that
 * field; "FORM.FIELD|A|B" adds options after the field's. Options are copied
 * into arena, but a FORM.FIELD list's, which are the field's own. Faults go
 * to diags as "file:line: key: …".
 */
void md_choices_parse(struct md_arena *arena, const struct md_forms *forms,
		      const char *file, int line, const char *key,
		      const char *value, struct md_choices *out,
		      const struct md_field **from, struct md_diags *diags);

/* True when s is one of the options of l (exactly). */
bool md_choices_have(const struct md_choices *l, const char *s);

/* How many fields of form are required (※). */
size_t md_form_required_count(const struct md_form *form);

#endif
