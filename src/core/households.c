/* Households (世帯) and their members: the definitions of
 * forms/households.ini, ages and the bands of 004 図4, adding, changing and
 * moving members with every state kept, and reading a household whole
 * (000 第1条, 第2条(1); 003 §6-2(3)ア; 004 図4). */
#include "madoguchi/households.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_int.h"
#include "eligibility_int.h"
#include "households_int.h"
#include "ini_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/consent.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/search.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/wareki.h"
#include "madoguchi/workflow.h"

/* ---- ages ---- */

int
md_household_age(const char *birth, const char *on)
{
	struct md_date b, d;
	if (md_date_from_iso(birth, &b, NULL) != MD_OK ||
	    md_date_from_iso(on, &d, NULL) != MD_OK)
		return -1;
	return md_date_age(b, d);
}

enum md_age_band
md_household_age_band(const struct md_household_defs *defs, int age)
{
	if (age < 0)
		return MD_AGE_UNKNOWN;
	if (age < defs->child_below)
		return MD_AGE_CHILD;
	return age >= defs->elderly_from ? MD_AGE_ELDERLY : MD_AGE_ADULT;
}

const char *
md_household_age_band_label(const struct md_household_defs *defs,
			    enum md_age_band band)
{
	return (unsigned)band < MD_AGE_BAND_COUNT && defs->band_label[band]
		       ? defs->band_label[band]
		       : "";
}

/* The member's age at on: *age, or -1 when not known. */
static enum md_status
member_age(const struct md_eligibility_member *m, size_t i, struct md_date on,
	   int *age, struct md_err *err)
{
	*age = -1;
	if (m->birth && *m->birth) {
		struct md_date b;
		if (md_date_parse(m->birth, &b, err) != MD_OK) {
			md_err_prefix(err, "%zu 人目の世帯員の生年月日", i + 1);
			return err ? err->status : MD_ERR_INVALID;
		}
		if ((*age = md_date_age(b, on)) < 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "%zu 人目の世帯員の生年月日が基準日より後です",
					  i + 1);
		return MD_OK;
	}
	if (m->age < -1 || m->age > 150)
		return md_err_set(err, MD_ERR_INVALID,
				  "%zu 人目の世帯員の年齢 %d は 0〜150 にしてください",
				  i + 1, m->age);
	*age = m->age;
	return MD_OK;
}

enum md_status
md_household_eligibility_facts(const struct md_household_defs *defs,
			       const struct md_eligibility_member *members,
			       size_t n, const char *on,
			       struct md_eligibility_facts *out,
			       struct md_err *err)
{
	struct md_date day;
	char iso[MD_DATE_SIZE];
	md_eligibility_facts_init(out, NULL);
	if (md_date_parse(on, &day, err) != MD_OK) {
		md_err_prefix(err, "基準日");
		return err ? err->status : MD_ERR_INVALID;
	}
	md_date_iso(day, iso);
	md_eligibility_facts_init(out, iso);
	for (size_t i = 0; i < n; i++) {
		int age;
		enum md_status rc = members[i].target
					    ? member_age(&members[i], i, day,
							 &age, err)
					    : MD_OK;
		if (rc != MD_OK)
			return rc;
		if (members[i].target)
			md_eligibility_facts_count(out,
						   md_household_age_band(defs,
									 age),
						   &members[i]);
	}
	return MD_OK;
}

/* ---- codes ---- */

static const char *const attr_codes[] = {
#define MD_MEMBER_ATTR_CODE(name, code, label) code,
	MD_MEMBER_ATTRS(MD_MEMBER_ATTR_CODE)
#undef MD_MEMBER_ATTR_CODE
};

const char *
md_member_attr_code(enum md_member_attr a)
{
	return (unsigned)a < MD_MEMBER_ATTR_COUNT ? attr_codes[a] : "?";
}

static const struct {
	const char *code, *label;
} household_fields[] = {
#define MD_HOUSEHOLD_FIELD_ROW(name, code, label) {code, label},
	MD_HOUSEHOLD_FIELDS(MD_HOUSEHOLD_FIELD_ROW)
#undef MD_HOUSEHOLD_FIELD_ROW
};

const char *
md_household_field_code(enum md_household_field f)
{
	return (unsigned)f < MD_HOUSEHOLD_FIELD_COUNT ? household_fields[f].code
						      : "?";
}

const char *
md_household_field_label(enum md_household_field f)
{
	return (unsigned)f < MD_HOUSEHOLD_FIELD_COUNT
		       ? household_fields[f].label
		       : "?";
}

#define CODE(f) md_household_field_code(f)
#define LABEL(f) md_household_field_label(f)

/* ---- the definitions ---- */

/* The lists of the file: section, key, and where they go. */
static const struct {
	const char *section, *key;
	size_t offset;
} list_keys[] = {
	{"household", "issues", offsetof(struct md_household_defs, issues)},
	{"members", "relations", offsetof(struct md_household_defs, relations)},
	{"members", "living", offsetof(struct md_household_defs, living)},
	{"members", "departments",
	 offsetof(struct md_household_defs, departments)},
	{"members", "reasons", offsetof(struct md_household_defs, reasons)},
};
#define NLISTS (sizeof list_keys / sizeof list_keys[0])

/* The other keys, each required but those of [family]. */
static const struct {
	const char *section, *key;
} single_keys[] = {
	{"ages", "child_below"}, {"ages", "elderly_from"}, {"ages", "child"},
	{"ages", "adult"},       {"ages", "elderly"},      {"consent", "field"},
	{"consent", "value"},    {"family", "form"},       {"family", "field"},
};
#define NSINGLE (sizeof single_keys / sizeof single_keys[0])

/* The sections the file has; [eligibility] and [eligibility.*] are read
 * by eligibility.c. */
static const char *const own_sections[] = {"household", "members", "ages",
					   "consent", "family"};
static const char column_prefix[] = "column.";

static bool
known_key(const char *section, const char *key)
{
	if (!strcmp(section, "family") &&
	    !strncmp(key, column_prefix, sizeof column_prefix - 1))
		return true;
	for (size_t i = 0; i < NLISTS; i++)
		if (!strcmp(list_keys[i].section, section) &&
		    !strcmp(list_keys[i].key, key))
			return true;
	for (size_t i = 0; i < NSINGLE; i++)
		if (!strcmp(single_keys[i].section, section) &&
		    !strcmp(single_keys[i].key, key))
			return true;
	return false;
}

/* Every section is ours or the aid's, every key of ours known. */
static void
check_names(const struct md_ini *ini, const char *path, struct md_diags *diags)
{
	for (size_t i = 0; i < ini->nsections; i++) {
		const char *s = ini->sections[i].section;
		bool ok = md_eligibility_section(s);
		for (size_t k = 0;
		     k < sizeof own_sections / sizeof *own_sections; k++)
			ok |= !strcmp(s, own_sections[k]);
		if (!ok)
			md_diags_add(diags, path, ini->sections[i].line,
				     "[%s] は使えない節です(household、members、ages、consent、family、eligibility)",
				     s);
	}
	for (size_t i = 0; i < ini->nkeys; i++)
		if (!md_eligibility_section(ini->keys[i].section) &&
		    !known_key(ini->keys[i].section, ini->keys[i].key))
			md_diags_add(diags, path, ini->keys[i].line,
				     "[%s] に %s という項目はありません",
				     ini->keys[i].section, ini->keys[i].key);
}

/* [ages]: two whole numbers in order, and a name for each band. */
static void
load_ages(struct md_household_defs *d, const struct md_ini *ini,
	  struct md_diags *diags)
{
	static const char *const names[MD_AGE_BAND_COUNT] = {"child", "adult",
							     "elderly"};
	int *bounds[] = {&d->child_below, &d->elderly_from};
	static const char *const bound_keys[] = {"child_below", "elderly_from"};
	for (size_t i = 0; i < 2; i++) {
		const char *v = md_ini_value(ini, "ages", bound_keys[i],
					     MD_INI_EMPTY_IS_ABSENT);
		char *end = NULL;
		long n = v ? strtol(v, &end, 10) : -1;
		if (v && (*end || n < 1 || n > 150))
			md_diags_add(diags, d->file,
				     md_ini_key_line(ini, "ages",
						     bound_keys[i]),
				     "%s: 年齢は 1 から 150 までの整数で書いてください(「%s」)",
				     bound_keys[i], v);
		*bounds[i] = (int)n;
	}
	if (d->child_below > 0 && d->elderly_from > 0 &&
	    d->child_below >= d->elderly_from)
		md_diags_add(diags, d->file,
			     md_ini_key_line(ini, "ages", "elderly_from"),
			     "elderly_from(%d)は child_below(%d)より大きくしてください",
			     d->elderly_from, d->child_below);
	for (int b = 0; b < MD_AGE_BAND_COUNT; b++) {
		const char *v = md_ini_value(ini, "ages", names[b],
					     MD_INI_EMPTY_IS_ABSENT);
		d->band_label[b] = v ? md_arena_strdup(&d->arena, v) : NULL;
	}
}

/* The field "FORM.FIELD" of value, or NULL with a fault at line. */
static const struct md_field *
field_named(const struct md_forms *forms, const char *value, const char *key,
	    const char *file, int line, const struct md_form **form,
	    struct md_diags *diags)
{
	const char *dot = strchr(value, '.');
	char id[64];
	snprintf(id, sizeof id, "%.*s", dot ? (int)(dot - value) : 0, value);
	*form = dot ? md_forms_find(forms, id) : NULL;
	const struct md_field *f = *form ? md_form_field(*form, dot + 1) : NULL;
	if (!dot)
		md_diags_add(diags, file, line,
			     "%s: 「様式.項目」の形で書いてください(「%s」)",
			     key, value);
	else if (!*form)
		md_diags_add(diags, file, line, "%s: 様式 %s はありません", key,
			     id);
	else if (!f)
		md_diags_add(diags, file, line, "%s: %s に項目 %s はありません",
			     key, id, dot + 1);
	return f;
}

/* [consent]: a yes/no or choice field of a form, and the value of it that
 * means consent, as the field takes it. */
static void
load_consent(struct md_household_defs *d, const struct md_forms *forms,
	     const struct md_ini *ini, struct md_diags *diags)
{
	const char *field = md_ini_value(ini, "consent", "field",
					 MD_INI_EMPTY_IS_ABSENT);
	const char *value = md_ini_value(ini, "consent", "value",
					 MD_INI_EMPTY_IS_ABSENT);
	int line = md_ini_key_line(ini, "consent", "field");
	if (!field || !value)
		return;
	const struct md_field *f = field_named(forms, field, "field", d->file,
					       line, &d->consent_form, diags);
	if (!f)
		return;
	if (f->type != MD_FIELD_YESNO && f->type != MD_FIELD_CHOICE) {
		md_diags_add(diags, d->file, line,
			     "field: %s は「はい・いいえ」か選択の項目にしてください",
			     field);
		return;
	}
	char *norm = NULL;
	struct md_err e;
	if (md_value_normalize(NULL, f, NULL, value, &norm, &e) != MD_OK ||
	    !*norm) {
		md_diags_add(diags, d->file,
			     md_ini_key_line(ini, "consent", "value"),
			     "value: %s", norm ? "空です" : e.msg);
	} else {
		d->consent_field = f;
		d->consent_value = md_arena_strdup(&d->arena, norm);
	}
	md_free(norm);
}

/* The attribute code names, or -1. */
static int
attr_parse(const char *code)
{
	for (int a = 0; a < MD_MEMBER_ATTR_COUNT; a++)
		if (!strcmp(attr_codes[a], code))
			return a;
	return -1;
}

/* [family]: a table field, and for its columns the attribute filling each;
 * a column of choices filled by living or relation holds all of its list. */
static void
load_family(struct md_household_defs *d, const struct md_forms *forms,
	    const struct md_ini *ini, struct md_diags *diags)
{
	const char *form_id = md_ini_value(ini, "family", "form",
					   MD_INI_EMPTY_IS_ABSENT);
	const char *key = md_ini_value(ini, "family", "field",
				       MD_INI_EMPTY_IS_ABSENT);
	bool columns = false;
	for (size_t i = 0; i < ini->nkeys; i++)
		columns |= !strcmp(ini->keys[i].section, "family") &&
			   !strncmp(ini->keys[i].key, column_prefix,
				    sizeof column_prefix - 1);
	if (!form_id && !key && !columns)
		return;
	int line = md_ini_key_line(ini, "family", form_id ? "field" : "form");
	if (!form_id || !key) {
		md_diags_add(diags, d->file, line,
			     "[family] には form と field の両方が必要です");
		return;
	}
	char *both = md_asprintf("%s.%s", form_id, key);
	const struct md_form *form = NULL;
	const struct md_field *f = both ? field_named(forms, both, "field",
						      d->file, line, &form,
						      diags)
					: NULL;
	md_free(both);
	if (!f)
		return;
	if (f->type != MD_FIELD_TABLE) {
		md_diags_add(diags, d->file, line,
			     "field: %s は表の項目ではありません", key);
		return;
	}
	d->family_form = form;
	d->family_field = f;
	for (size_t i = 0; i < ini->nkeys; i++) {
		const struct md_ini_item *k = &ini->keys[i];
		if (strcmp(k->section, "family") ||
		    strncmp(k->key, column_prefix, sizeof column_prefix - 1))
			continue;
		const char *col_key = k->key + sizeof column_prefix - 1;
		const char *v = md_ini_get(ini, "family", k->key);
		const struct md_column *col = md_field_column(f, col_key);
		int a = v ? attr_parse(v) : -1;
		if (!col) {
			md_diags_add(diags, d->file, k->line,
				     "%s: %s に列 %s はありません", k->key, key,
				     col_key);
		} else if (a < 0) {
			md_diags_add(diags, d->file, k->line,
				     "%s: 世帯員の「%s」はありません(relation、name、kana、age、living、departments、note のどれか)",
				     k->key, v ? v : "");
		} else if (d->family_column[a]) {
			md_diags_add(diags, d->file, k->line,
				     "%s: %s はすでに列 %s を埋めます", k->key,
				     v, d->family_column[a]);
		} else {
			const struct md_choices *l = a == MD_MA_LIVING
							     ? &d->living
						     : a == MD_MA_RELATION
							     ? &d->relations
							     : NULL;
			for (size_t o = 0;
			     l && col->type == MD_FIELD_CHOICE && o < l->n; o++)
				if (!md_options_has(col->options, col->noptions,
						    l->items[o]))
					md_diags_add(diags, d->file, k->line,
						     "%s: 列 %s の選択肢に「%s」がありません",
						     k->key, col_key,
						     l->items[o]);
			d->family_column[a] = col->key;
		}
	}
}

enum md_status
md_household_defs_load(const char *path, const struct md_forms *forms,
		       struct md_household_defs **out, struct md_diags *diags,
		       struct md_err *err)
{
	*out = NULL;
	struct md_ini *ini = NULL;
	enum md_status rc = md_ini_load_definitions(path, &ini, diags, err);
	if (rc != MD_OK)
		return rc;
	struct md_household_defs *d = md_calloc(1, sizeof *d);
	if (!d) {
		md_ini_free(&ini);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	md_arena_init(&d->arena);
	d->file = md_arena_strdup(&d->arena, path);
	size_t before = diags->n;
	check_names(ini, path, diags);
	for (size_t i = 0; i < NLISTS; i++) {
		struct md_choices *l =
			(struct md_choices *)((char *)d + list_keys[i].offset);
		const char *v = md_ini_value(ini, list_keys[i].section,
					     list_keys[i].key,
					     MD_INI_EMPTY_IS_ABSENT);
		int line = md_ini_key_line(ini, list_keys[i].section,
					   list_keys[i].key);
		if (!v)
			md_diags_add(diags, path, line,
				     "[%s] に %s(選択肢を | で区切って)がありません",
				     list_keys[i].section, list_keys[i].key);
		else
			md_choices_parse(&d->arena, forms, path, line,
					 list_keys[i].key, v, l, NULL, diags);
	}
	for (size_t i = 0; i < NSINGLE; i++)
		if (strcmp(single_keys[i].section, "family") &&
		    !md_ini_value(ini, single_keys[i].section,
				  single_keys[i].key, MD_INI_EMPTY_IS_ABSENT))
			md_diags_add(diags, path,
				     md_ini_key_line(ini,
						     single_keys[i].section,
						     single_keys[i].key),
				     "[%s] に %s がありません",
				     single_keys[i].section,
				     single_keys[i].key);
	load_ages(d, ini, diags);
	load_consent(d, forms, ini, diags);
	load_family(d, forms, ini, diags);
	if (md_eligibility_load_ini(ini, path, &d->eligibility, diags) ==
	    MD_ERR_NOMEM)
		d->arena.failed = true;
	md_ini_free(&ini);
	if (d->arena.failed && diags->n == before)
		md_diags_add(diags, path, 0, "%s",
			     md_status_message(MD_ERR_NOMEM));
	if (diags->n > before) {
		md_household_defs_free(&d);
		return md_diags_to_err(diags, MD_ERR_DEFINITION, err);
	}
	*out = d;
	return MD_OK;
}

struct md_consent_rule
md_household_consent_rule(const struct md_household_defs *defs)
{
	struct md_consent_rule r = {NULL, NULL, NULL};
	if (defs) {
		r.form = defs->consent_form;
		r.field = defs->consent_field;
		r.value = defs->consent_value;
	}
	return r;
}

void
md_household_defs_free(struct md_household_defs **defs)
{
	if (!*defs)
		return;
	md_eligibility_free(&(*defs)->eligibility);
	md_arena_fini(&(*defs)->arena);
	md_free(*defs);
	*defs = NULL;
}

/* ---- faults ---- */

static void fault(struct md_values *faults, enum md_household_field f,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A fault under f's code, unless f has one. */
static void
fault(struct md_values *faults, enum md_household_field f, const char *fmt, ...)
{
	if (md_values_get(faults, CODE(f)))
		return;
	char msg[MD_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	md_text_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	md_values_set(faults, CODE(f), msg, NULL);
}

/* MD_ERR_INVALID with the first fault, or status if it is not MD_OK. */
static enum md_status
faulted(const struct md_values *faults, enum md_status status,
	struct md_err *err)
{
	if (status != MD_OK)
		return status;
	if (!faults->n)
		return MD_OK;
	return md_err_set(err, MD_ERR_INVALID, "%s", faults->items[0].value);
}

/* typed as a value of type labelled by f (options of l for a choice or
 * multi): a new string ("" for nothing typed), NULL on a fault (in faults)
 * or when *fatal is set. */
static char *
norm(struct md_db *db, enum md_household_field f, enum md_field_type type,
     const struct md_choices *l, long long max, const char *typed,
     struct md_values *faults, enum md_status *fatal)
{
	return md_value_normalize_as(db, CODE(f), LABEL(f), type,
				     l ? l->items : NULL, l ? l->n : 0, max,
				     typed, faults, fatal);
}

/* A day as typed into *day (ISO; "" for nothing typed): never in the
 * future. False on a fault (in faults). */
static bool
norm_day(enum md_household_field f, const char *typed, char day[MD_DATE_SIZE],
	 struct md_values *faults, enum md_status *fatal)
{
	*day = '\0';
	char *v = norm(NULL, f, MD_FIELD_DATE, NULL, 0, typed, faults, fatal);
	if (!v)
		return false;
	snprintf(day, MD_DATE_SIZE, "%s", v);
	md_free(v);
	char today[MD_DATE_SIZE], shown[MD_DISPLAY_WHEN_SIZE];
	md_clock_today(today);
	if (*day && strcmp(day, today) > 0) {
		fault(faults, f, "%s: %s は今日より先です", LABEL(f),
		      md_display_when(day, MD_DATE_LONG, shown));
		return false;
	}
	return true;
}

/* ---- reading members ---- */

/* A member's row as stored (owned strings). */
struct mrow {
	long long id, household_id, person_id;
	int revision;
	char *label, *birth_date;
	bool birth_estimated;
	char *relation, *living, *moved_in_on, *reason_in, *moved_out_on,
		*reason_out;
	bool needs_support, disabled, poverty;
	char *departments, *note, *created_at, *updated_at;
	/* Of the person (registered) or the label: what a screen shows. */
	char *name, *kana, *birth;
};

static void
mrow_fini(struct mrow *m)
{
	char *s[] = {m->label,        m->birth_date,  m->relation,
		     m->living,       m->moved_in_on, m->reason_in,
		     m->moved_out_on, m->reason_out,  m->departments,
		     m->note,         m->created_at,  m->updated_at,
		     m->name,         m->kana,        m->birth};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		md_free(s[i]);
	memset(m, 0, sizeof *m);
}

static void
mrows_free(struct mrow *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mrow_fini(&m[i]);
	md_free(m);
}

#define MEMBER_COLUMNS                                                         \
	"m.id, m.household_id, coalesce(m.person_id, 0), m.revision,"          \
	" m.label, coalesce(m.birth_date, ''), m.birth_estimated, m.relation," \
	" m.living, coalesce(m.moved_in_on, ''), m.reason_in,"                 \
	" coalesce(m.moved_out_on, ''), m.reason_out, m.needs_support,"        \
	" m.departments, m.note, m.created_at, m.updated_at,"                  \
	" coalesce(p.name, m.label), coalesce(p.kana, ''),"                    \
	" coalesce(CASE WHEN m.person_id IS NULL THEN m.birth_date"            \
	" ELSE p.birth_date END, ''), m.disabled, m.poverty"                   \
	" FROM household_members m LEFT JOIN persons p ON p.id = m.person_id"

static const char sql_member_get[] = "SELECT " MEMBER_COLUMNS
				     " WHERE m.id = ?1";
static const char sql_members_of[] = "SELECT " MEMBER_COLUMNS
				     " WHERE m.household_id = ?1"
				     " AND (?2 OR m.moved_out_on IS NULL)"
				     " ORDER BY m.id";

/* Fill m from a row of MEMBER_COLUMNS; false when out of memory. */
static bool
mrow_read(sqlite3_stmt *st, struct mrow *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	m->household_id = sqlite3_column_int64(st, 1);
	m->person_id = sqlite3_column_int64(st, 2);
	m->revision = sqlite3_column_int(st, 3);
	m->birth_estimated = sqlite3_column_int(st, 6) != 0;
	m->needs_support = sqlite3_column_int(st, 13) != 0;
	m->disabled = sqlite3_column_int(st, 21) != 0;
	m->poverty = sqlite3_column_int(st, 22) != 0;
	char **cols[] = {
		[4] = &m->label,         [5] = &m->birth_date,
		[7] = &m->relation,      [8] = &m->living,
		[9] = &m->moved_in_on,   [10] = &m->reason_in,
		[11] = &m->moved_out_on, [12] = &m->reason_out,
		[14] = &m->departments,  [15] = &m->note,
		[16] = &m->created_at,   [17] = &m->updated_at,
		[18] = &m->name,         [19] = &m->kana,
		[20] = &m->birth,
	};
	bool ok = true;
	for (int i = 0; i < (int)(sizeof cols / sizeof *cols); i++)
		if (cols[i])
			ok &= (*cols[i] = md_db_column_dup(st, i)) != NULL;
	return ok;
}

/* Read every row st gives into *out (n of them); st is reset. */
static enum md_status
mrows_read(struct md_db *db, sqlite3_stmt *st, struct mrow **out, size_t *n,
	   struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct mrow *p = md_realloc(*out, (*n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		*out = p;
		if (!mrow_read(st, &p[(*n)++])) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "世帯員の読み込み", err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		mrows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* Membership id, or MD_ERR_NOTFOUND naming it. */
static enum md_status
member_load(struct md_db *db, long long id, struct mrow *m, struct md_err *err)
{
	memset(m, 0, sizeof *m);
	sqlite3_stmt *st = md_db_stmt(db, sql_member_get, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	struct mrow *rows;
	size_t n;
	enum md_status rc = mrows_read(db, st, &rows, &n, err);
	if (rc != MD_OK)
		return rc;
	if (!n) {
		md_free(rows);
		return md_err_set(err, MD_ERR_NOTFOUND,
				  "世帯員 %lld はいません(世帯員番号は世帯の表示にあります)",
				  id);
	}
	*m = rows[0];
	md_free(rows);
	return MD_OK;
}

/* The position of s in l (l->n when not in it: after every one). */
static size_t
list_index(const struct md_choices *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i], s))
			return i;
	return l->n;
}

/* The order of a household's members: current first, in the order of the
 * relations, then by birth date (not known last), then as recorded; the
 * former ones latest out first. */
static int
member_order(const struct mrow *a, const struct mrow *b,
	     const struct md_household_defs *defs)
{
	bool ca = !*a->moved_out_on, cb = !*b->moved_out_on;
	if (ca != cb)
		return ca ? -1 : 1;
	if (!ca) {
		int c = strcmp(b->moved_out_on, a->moved_out_on);
		return c ? c : (a->id < b->id ? 1 : -1);
	}
	size_t ia = list_index(&defs->relations, a->relation),
	       ib = list_index(&defs->relations, b->relation);
	if (ia != ib)
		return ia < ib ? -1 : 1;
	if (!*a->birth != !*b->birth)
		return *a->birth ? -1 : 1;
	int c = strcmp(a->birth, b->birth);
	return c ? c : (a->id < b->id ? -1 : a->id > b->id);
}

/* Insertion sort: households are small, and qsort would need the
 * definitions in a global. */
static void
members_sort(struct mrow *m, size_t n, const struct md_household_defs *defs)
{
	for (size_t i = 1; i < n; i++) {
		struct mrow x = m[i];
		size_t j = i;
		while (j > 0 && member_order(&m[j - 1], &x, defs) > 0) {
			m[j] = m[j - 1];
			j--;
		}
		m[j] = x;
	}
}

/* The members of household id, in order (with_former: the former too). */
static enum md_status
members_of(struct md_db *db, const struct md_household_defs *defs, long long id,
	   bool with_former, struct mrow **out, size_t *n, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_members_of, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, with_former);
	enum md_status rc = mrows_read(db, st, out, n, err);
	if (rc == MD_OK)
		members_sort(*out, *n, defs);
	return rc;
}

/* ---- households ---- */

/* A household's own row. */
struct hrow {
	long long id;
	int revision;
	char *label, *issues, *note, *created_at, *updated_at;
	char *eligibility; /* the latest decision on 004 図4 (JSON), or "" */
};

static void
hrow_fini(struct hrow *h)
{
	md_free(h->eligibility);
	md_free(h->label);
	md_free(h->issues);
	md_free(h->note);
	md_free(h->created_at);
	md_free(h->updated_at);
	memset(h, 0, sizeof *h);
}

static const char sql_household_get[] =
	"SELECT id, revision, label, issues, note, created_at, updated_at,"
	" eligibility FROM households WHERE id = ?1";

/* Household id, or MD_ERR_NOTFOUND naming it. */
static enum md_status
household_load(struct md_db *db, long long id, struct hrow *h,
	       struct md_err *err)
{
	memset(h, 0, sizeof *h);
	sqlite3_stmt *st = md_db_stmt(db, sql_household_get, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		h->id = sqlite3_column_int64(st, 0);
		h->revision = sqlite3_column_int(st, 1);
		char **cols[] = {&h->label,      &h->issues,
				 &h->note,       &h->created_at,
				 &h->updated_at, &h->eligibility};
		for (int i = 0; i < 6; i++)
			if (!(*cols[i] = md_db_column_dup(st, 2 + i)))
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	} else if (src == SQLITE_DONE) {
		rc = md_err_set(err, MD_ERR_NOTFOUND, "世帯 %lld はありません",
				id);
	} else {
		rc = md_db_fail(db, src, "世帯の読み込み", err);
	}
	sqlite3_reset(st);
	if (rc != MD_OK)
		hrow_fini(h);
	return rc;
}

/* The JSON of a household's own fields, for its revision: its latest
 * decision on 004 図4 among them once there is one. */
static void
household_json(const struct hrow *h, struct md_values *v, struct md_buf *out)
{
	md_values_set(v, "label", h->label, NULL);
	md_values_set(v, "issues", h->issues, NULL);
	md_values_set(v, "note", h->note, NULL);
	if (h->eligibility && *h->eligibility)
		md_values_set(v, "eligibility", h->eligibility, NULL);
	md_values_to_json(v, out);
}

/* Write household h (id 0: new, revision 1) and its revision; old is its
 * state before (NULL when new). In the caller's transaction. */
static enum md_status
household_write(struct md_db *db, long long user_id, struct hrow *h,
		const struct hrow *old, const char *now, struct md_err *err)
{
	const struct md_store_household row = {.label = h->label,
					       .issues = h->issues,
					       .note = h->note,
					       .eligibility = h->eligibility,
					       .revision = h->revision,
					       .created_at = now,
					       .updated_at = now};
	enum md_status rc = h->id ? md_store_household_update(db, h->id, &row,
							      err)
				  : md_store_household_insert(db, &row, &h->id,
							      err);
	struct md_values a, b;
	struct md_buf data, changed, scratch;
	md_values_init(&a);
	md_values_init(&b);
	md_buf_init(&data);
	md_buf_init(&changed);
	md_buf_init(&scratch);
	household_json(h, &b, &data);
	if (old) {
		household_json(old, &a, &scratch);
		md_kv_changed_json(a.items, a.n, b.items, b.n, &changed);
	} else {
		md_buf_adds(&changed, "[]");
	}
	const struct md_store_revision_row r =
		{h->id, h->revision,       h->revision - 1,     user_id,
		 now,   md_buf_str(&data), md_buf_str(&changed)};
	if (rc == MD_OK && !(md_buf_ok(&data) && md_buf_ok(&changed)))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK)
		rc = md_store_household_revision_insert(db, &r, err);
	md_values_fini(&a);
	md_values_fini(&b);
	md_buf_fini(&data);
	md_buf_fini(&changed);
	md_buf_fini(&scratch);
	return rc;
}

/* ---- members: what was typed, checked ---- */

/* A member as it will be written: what md_member_in normalises to. */
struct checked {
	long long person_id;
	char *label, *birth, *relation, *living, *moved_in_on, *reason;
	bool birth_estimated;
	int needs_support; /* -1: not given */
	enum md_eligibility_yn disabled, poverty;
	char *departments, *note;
};

static void
checked_fini(struct checked *c)
{
	md_free(c->label);
	md_free(c->birth);
	md_free(c->relation);
	md_free(c->living);
	md_free(c->moved_in_on);
	md_free(c->reason);
	md_free(c->departments);
	md_free(c->note);
	memset(c, 0, sizeof *c);
}

/* A birth date reckoned from an age told on today: halfway through that
 * year of age, so the age shown stays the one told for about half a year
 * either side. */
static char *
birth_from_age(long years)
{
	char today[MD_DATE_SIZE], iso[MD_DATE_SIZE];
	struct md_date t;
	md_clock_today(today);
	md_date_from_iso(today, &t, NULL);
	md_date_iso(md_date_add_months(t, -(int)(years * 12 + 6)), iso);
	return md_strdup(iso);
}

/* Who an unregistered member is: a description and a birth date typed or
 * reckoned from an age. */
static void
check_unregistered(const struct md_member_in *in, struct checked *c,
		   struct md_values *faults, enum md_status *fatal)
{
	c->label = norm(NULL, MD_HF_WHO, MD_FIELD_TEXT, NULL, 100, in->label,
			faults, fatal);
	if (c->label && !*c->label)
		fault(faults, MD_HF_WHO,
		      "未登録の世帯員には説明が必要です(例: 小学生(氏名不詳))");
	if (in->birth && *in->birth && in->age && *in->age) {
		fault(faults, MD_HF_AGE,
		      "生年月日と年齢は、どちらか一つにしてください");
		return;
	}
	if (in->birth && *in->birth) {
		char day[MD_DATE_SIZE];
		if (norm_day(MD_HF_BIRTH, in->birth, day, faults, fatal) &&
		    !(c->birth = md_strdup(day)))
			*fatal = MD_ERR_NOMEM;
	} else if (in->age && *in->age) {
		struct md_field f;
		memset(&f, 0, sizeof f);
		f.key = CODE(MD_HF_AGE);
		f.label = LABEL(MD_HF_AGE);
		f.type = MD_FIELD_NUMBER;
		f.min = 0;
		f.max = 130;
		f.unit = "歳";
		f.person = MD_PERSON_NONE;
		char *v = NULL;
		struct md_err e;
		enum md_status s = md_value_normalize(NULL, &f, NULL, in->age,
						      &v, &e);
		if (s == MD_ERR_INVALID)
			fault(faults, MD_HF_AGE, "%s", e.msg);
		else if (s != MD_OK)
			*fatal = s;
		else if (!(c->birth = birth_from_age(strtol(v, NULL, 10))))
			*fatal = MD_ERR_NOMEM;
		c->birth_estimated = c->birth != NULL;
		md_free(v);
	}
}

/* The place of a member in the household as typed: each given value
 * normalised (relation, living, moved_in_on, reason, departments, note).
 * need_relation: a relation is required. */
static void
check_place(const struct md_household_defs *defs, const struct md_member_in *in,
	    bool need_relation, struct checked *c, struct md_values *faults,
	    enum md_status *fatal)
{
	if (in->relation || need_relation) {
		c->relation = norm(NULL, MD_HF_RELATION, MD_FIELD_CHOICE,
				   &defs->relations, 0, in->relation, faults,
				   fatal);
		if (c->relation && !*c->relation)
			fault(faults, MD_HF_RELATION,
			      "続柄を選んでください(%s など)",
			      defs->relations.n ? defs->relations.items[0]
						: "");
	}
	if (in->living)
		c->living = norm(NULL, MD_HF_LIVING, MD_FIELD_CHOICE,
				 &defs->living, 0, in->living, faults, fatal);
	if (in->moved_in_on) {
		char day[MD_DATE_SIZE];
		if (norm_day(MD_HF_MOVED_IN, in->moved_in_on, day, faults,
			     fatal) &&
		    !(c->moved_in_on = md_strdup(day)))
			*fatal = MD_ERR_NOMEM;
	}
	if (in->reason)
		c->reason = norm(NULL, MD_HF_REASON, MD_FIELD_CHOICE,
				 &defs->reasons, 0, in->reason, faults, fatal);
	c->needs_support = in->needs_support;
	c->disabled = in->disabled;
	c->poverty = in->poverty;
	if ((unsigned)in->disabled > MD_ELIGIBILITY_YES)
		fault(faults, MD_HF_DISABLED,
		      "%s: はい か いいえ にしてください",
		      LABEL(MD_HF_DISABLED));
	if ((unsigned)in->poverty > MD_ELIGIBILITY_YES)
		fault(faults, MD_HF_POVERTY,
		      "%s: はい か いいえ にしてください",
		      LABEL(MD_HF_POVERTY));
	if (in->departments)
		c->departments = norm(NULL, MD_HF_DEPARTMENTS, MD_FIELD_MULTI,
				      &defs->departments, 0, in->departments,
				      faults, fatal);
	if (in->note)
		c->note = norm(NULL, MD_HF_MEMBER_NOTE, MD_FIELD_TEXTAREA, NULL,
			       2000, in->note, faults, fatal);
}

static const char sql_person_exists[] = "SELECT name FROM persons WHERE id = ?1";

/* The 氏名 of person id (md_free), or NULL when there is none. */
static char *
person_name(struct md_db *db, long long id, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_person_exists, err);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	char *name = sqlite3_step(st) == SQLITE_ROW ? md_db_column_dup(st, 0)
						    : NULL;
	sqlite3_reset(st);
	return name;
}

/* The number sql (a literal) gives for id, 0 when none (or on failure). */
static long long
id_of(struct md_db *db, const char *sql, long long id)
{
	struct md_err err;
	sqlite3_stmt *st = md_db_stmt(db, sql, &err);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	long long found = sqlite3_step(st) == SQLITE_ROW
				  ? sqlite3_column_int64(st, 0)
				  : 0;
	sqlite3_reset(st);
	return found;
}

long long
md_household_of_person(struct md_db *db, long long person_id)
{
	return id_of(db,
		     "SELECT coalesce(household_id, 0) FROM persons WHERE id = ?1",
		     person_id);
}

long long
md_household_member_of(struct md_db *db, long long person_id)
{
	return id_of(db,
		     "SELECT id FROM household_members"
		     " INDEXED BY household_members_current"
		     " WHERE person_id = ?1 AND moved_out_on IS NULL",
		     person_id);
}

long long
md_household_of_member(struct md_db *db, long long member_id)
{
	return id_of(db,
		     "SELECT household_id FROM household_members WHERE id = ?1",
		     member_id);
}

/* The JSON of a member's state, for a revision, into v and out. */
static void
member_json(const struct md_store_member *m, struct md_values *v,
	    struct md_buf *out)
{
	char num[32];
	snprintf(num, sizeof num, "%lld", m->person_id);
	const char *pairs[][2] = {
		{"person", m->person_id ? num : ""},
		{"label", m->label},
		{"birth_date", m->birth_date},
		{"birth_estimated", m->birth_estimated ? "1" : ""},
		{"relation", m->relation},
		{"living", m->living},
		{"moved_in_on", m->moved_in_on},
		{"reason_in", m->reason_in},
		{"moved_out_on", m->moved_out_on},
		{"reason_out", m->reason_out},
		{"needs_support", m->needs_support ? "1" : "0"},
		{"disabled", m->disabled ? "1" : "0"},
		{"poverty", m->poverty ? "1" : "0"},
		{"departments", m->departments},
		{"note", m->note},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		md_values_set(v, pairs[i][0], pairs[i][1], NULL);
	md_values_to_json(v, out);
}

/* The row of m as stored, to write again. */
static struct md_store_member
member_row(const struct mrow *m)
{
	return (struct md_store_member){
		.household_id = m->household_id,
		.person_id = m->person_id,
		.label = m->label,
		.birth_date = *m->birth_date ? m->birth_date : NULL,
		.birth_estimated = m->birth_estimated,
		.relation = m->relation,
		.living = m->living,
		.moved_in_on = *m->moved_in_on ? m->moved_in_on : NULL,
		.reason_in = m->reason_in,
		.moved_out_on = *m->moved_out_on ? m->moved_out_on : NULL,
		.reason_out = m->reason_out,
		.needs_support = m->needs_support,
		.disabled = m->disabled,
		.poverty = m->poverty,
		.departments = m->departments,
		.note = m->note,
		.revision = m->revision,
		.created_at = m->created_at,
		.updated_at = m->updated_at,
	};
}

/* Write member row (id 0: new) and its revision (old: the state before,
 * NULL when new), keep the person's household in step, in the caller's
 * transaction. */
static enum md_status
member_write(struct md_db *db, long long user_id, long long *id,
	     const struct md_store_member *row,
	     const struct md_store_member *old, struct md_err *err)
{
	enum md_status rc = *id ? md_store_member_update(db, *id, row, err)
				: md_store_member_insert(db, row, id, err);
	struct md_values a, b;
	struct md_buf data, changed, scratch;
	md_values_init(&a);
	md_values_init(&b);
	md_buf_init(&data);
	md_buf_init(&changed);
	md_buf_init(&scratch);
	member_json(row, &b, &data);
	if (old) {
		member_json(old, &a, &scratch);
		md_kv_changed_json(a.items, a.n, b.items, b.n, &changed);
	} else {
		md_buf_adds(&changed, "[]");
	}
	const struct md_store_revision_row r = {*id,
						row->revision,
						row->revision - 1,
						user_id,
						row->updated_at,
						md_buf_str(&data),
						md_buf_str(&changed)};
	if (rc == MD_OK && !(md_buf_ok(&data) && md_buf_ok(&changed)))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK)
		rc = md_store_member_revision_insert(db, &r, err);
	/* persons.household_id: the household of the current membership. */
	if (rc == MD_OK && row->person_id)
		rc = md_store_person_set_household(db, row->person_id,
						   row->moved_out_on
							   ? 0
							   : row->household_id,
						   err);
	md_values_fini(&a);
	md_values_fini(&b);
	md_buf_fini(&data);
	md_buf_fini(&changed);
	md_buf_fini(&scratch);
	return rc;
}

/* One audit row (action) for person_id (0: none) saying detail, a new
 * string this frees (NULL: out of memory), in the caller's transaction. */
static enum md_status
audited(struct md_db *db, long long user_id, enum md_audit_action action,
	long long person_id, char *detail, struct md_err *err)
{
	enum md_status rc = detail ? md_audit_add(db, user_id, action, 0,
						  person_id, detail, err)
				   : md_err_set(err, MD_ERR_NOMEM, NULL);
	md_free(detail);
	return rc;
}

/* The household's name as messages give it before a particle: "世帯
 * 3(山田家)", or "世帯 3 " (a space before the particle, as after every
 * number). */
static char *
household_name(long long id, const char *label)
{
	return label && *label ? md_asprintf("世帯 %lld(%s)", id, label)
			       : md_asprintf("世帯 %lld ", id);
}

/* The household and label of a current member person_id, if any. */
static long long
current_household(struct md_db *db, long long person_id, char **label)
{
	*label = NULL;
	long long hid = 0;
	struct md_err err;
	sqlite3_stmt *st =
		md_db_stmt(db,
			   "SELECT h.id, h.label FROM household_members m"
			   " JOIN households h ON h.id = m.household_id"
			   " WHERE m.person_id = ?1 AND m.moved_out_on IS NULL",
			   &err);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, person_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		hid = sqlite3_column_int64(st, 0);
		*label = md_db_column_dup(st, 1);
	}
	sqlite3_reset(st);
	return hid;
}

/* A registered person to add to household hid: they exist, and are no
 * current member of any household (of this one: the household itself; of
 * another: one current household a person, so `household move`). */
static enum md_status
check_person_free(struct md_db *db, long long hid, long long person_id,
		  struct md_values *faults, struct md_err *err)
{
	char *name = person_name(db, person_id, err);
	if (!name) {
		fault(faults, MD_HF_PERSON, "本人番号 %lld の本人はいません",
		      person_id);
		return MD_ERR_INVALID;
	}
	char *label = NULL;
	long long in = current_household(db, person_id, &label);
	char *where = in ? household_name(in, label) : NULL;
	enum md_status rc = MD_OK;
	if (in == hid) {
		fault(faults, MD_HF_PERSON,
		      "本人 %lld(%s)はすでに%sの世帯員です(同じ世帯に二度は入れません)",
		      person_id, name, where ? where : "");
		rc = MD_ERR_EXISTS;
	} else if (in) {
		fault(faults, MD_HF_PERSON,
		      "本人 %lld(%s)はいま%sの世帯員です。現在の世帯は一人に一つです。この世帯に移ったのなら、転出と移る先を madoguchi household move で記録してください",
		      person_id, name, where ? where : "");
		rc = MD_ERR_EXISTS;
	}
	md_free(where);
	md_free(label);
	md_free(name);
	return rc;
}

/* A new person: the registered ones that may be the same (md_person_alike:
 * 氏名 or ふりがな folded, or the birth date). Any found refuses the add
 * unless distinct, naming them. Audited by the search itself. */
static enum md_status
check_new_person(struct md_db *db, const struct md_user *actor,
		 const struct md_forms *forms, const struct md_member_in *in,
		 struct md_values *faults, struct md_err *err)
{
	struct md_values norm, pf;
	md_values_init(&norm);
	md_values_init(&pf);
	enum md_status rc = md_person_normalize(db, forms, in->person, &norm,
						&pf, err);
	if (rc != MD_OK) {
		/* Each fault of the person's fields under its own code. */
		for (size_t i = 0; i < pf.n; i++)
			md_values_set(faults, pf.items[i].key,
				      pf.items[i].value, NULL);
		goto out;
	}
	const char *name = md_values_get(&norm, "name");
	const char *kana = md_values_get(&norm, "kana");
	if (!name || !kana) {
		if (!name)
			md_values_set(faults, "name", "氏名を入力してください",
				      NULL);
		if (!kana)
			md_values_set(faults, "kana",
				      "ふりがなを入力してください", NULL);
		rc = MD_ERR_INVALID;
		goto out;
	}
	if (in->distinct)
		goto out;
	struct md_case_row *rows = NULL;
	size_t n = 0;
	rc = md_person_alike(db, actor, name, kana,
			     md_values_get(&norm, "birth_date"), &rows, &n,
			     err);
	if (rc == MD_OK && n) {
		struct md_buf who;
		md_buf_init(&who);
		for (size_t i = 0; i < n && i < 5; i++) {
			char b[MD_DISPLAY_WHEN_SIZE];
			md_buf_addf(&who, "%s本人 %lld %s(%s%s%s)",
				    i ? "、" : "", rows[i].person_id,
				    rows[i].name, rows[i].kana,
				    *rows[i].birth_date ? "、" : "",
				    *rows[i].birth_date
					    ? md_display_when(rows[i].birth_date,
							      MD_DATE_LONG, b)
					    : "");
		}
		if (n > 5)
			md_buf_addf(&who, " ほか %zu 人", n - 5);
		fault(faults, MD_HF_PERSON,
		      "同じ人が登録されているかもしれません: %s。その人なら本人番号で選び、別の人なら別の人として登録することを確かめてください(登録していません)",
		      md_buf_str(&who));
		md_buf_fini(&who);
		rc = MD_ERR_EXISTS;
	}
	md_case_rows_free(rows, n);
out:
	md_values_fini(&norm);
	md_values_fini(&pf);
	return rc;
}

/* Check everything about member in for household hid (which must exist;
 * new: it is being made) into c: who, then their place. */
static enum md_status
check_member(struct md_db *db, const struct md_user *actor,
	     const struct md_household_defs *defs, const struct md_forms *forms,
	     long long hid, const struct md_member_in *in, struct checked *c,
	     struct md_values *faults, struct md_err *err)
{
	memset(c, 0, sizeof *c);
	enum md_status fatal = MD_OK, exists = MD_OK;
	int who = (in->person_id != 0) + (in->person != NULL) +
		  (in->label != NULL);
	if (who != 1)
		fault(faults, MD_HF_PERSON,
		      who ? "世帯員は、本人番号、新しく登録する本人、未登録の世帯員の説明のどれか一つで指定してください"
			  : "世帯員を、本人番号、新しく登録する本人(氏名とふりがな)、未登録の世帯員の説明のどれかで指定してください");
	else if (in->person_id && hid)
		exists = check_person_free(db, hid, in->person_id, faults, err);
	else if (in->person_id)
		exists = check_person_free(db, -1, in->person_id, faults, err);
	else if (in->label)
		check_unregistered(in, c, faults, &fatal);
	if (who == 1 && !in->label &&
	    ((in->birth && *in->birth) || (in->age && *in->age)))
		fault(faults, in->birth ? MD_HF_BIRTH : MD_HF_AGE,
		      "生年月日や年齢は、未登録の世帯員にだけ指定できます(登録された本人のものは本人の情報です)");
	c->person_id = in->person_id;
	check_place(defs, in, true, c, faults, &fatal);
	if (fatal != MD_OK)
		return md_err_set(err, fatal, NULL);
	/* The person last: only a member good otherwise is looked for. */
	if (!faults->n && who == 1 && in->person) {
		exists = check_new_person(db, actor, forms, in, faults, err);
		if (exists != MD_OK && exists != MD_ERR_EXISTS &&
		    exists != MD_ERR_INVALID)
			return exists;
	}
	if (exists == MD_ERR_EXISTS && faults->n)
		return md_err_set(err, MD_ERR_EXISTS, "%s",
				  faults->items[0].value);
	return faulted(faults, MD_OK, err);
}

/* The row of a new membership of household hid from c, moved in on c's
 * day, at now. */
static struct md_store_member
new_member_row(const struct md_household_defs *defs, long long hid,
	       const struct checked *c, const char *now)
{
	return (struct md_store_member){
		.household_id = hid,
		.person_id = c->person_id,
		.label = c->label,
		.birth_date = c->birth,
		.birth_estimated = c->birth_estimated,
		.relation = c->relation,
		.living = c->living && *c->living ? c->living
			  : defs->living.n        ? defs->living.items[0]
						  : "",
		.moved_in_on = c->moved_in_on && *c->moved_in_on
				       ? c->moved_in_on
				       : NULL,
		.reason_in = c->reason,
		.needs_support = c->needs_support > 0,
		.disabled = c->disabled == MD_ELIGIBILITY_YES,
		.poverty = c->poverty == MD_ELIGIBILITY_YES,
		.departments = c->departments,
		.note = c->note,
		.revision = 1,
		.created_at = now,
		.updated_at = now,
	};
}

/* Add the checked member c to household hid inside the caller's
 * transaction: a new person registered first; audited. */
static enum md_status
add_checked(struct md_db *db, const struct md_user *actor,
	    const struct md_household_defs *defs, const struct md_forms *forms,
	    long long hid, const struct md_member_in *in, struct checked *c,
	    long long *member_id, struct md_values *faults, struct md_err *err)
{
	enum md_status rc = MD_OK;
	if (in->person)
		rc = md_person_create(db, actor, forms, in->person,
				      &c->person_id, faults, err);
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	struct md_store_member row = new_member_row(defs, hid, c, now);
	long long id = 0;
	if (rc == MD_OK)
		rc = member_write(db, actor->id, &id, &row, NULL, err);
	if (rc == MD_ERR_EXISTS) /* someone added them meanwhile */
		rc = md_err_set(err, MD_ERR_EXISTS,
				"本人 %lld は他の職員が先に世帯員として記録しています(記録していません)",
				c->person_id);
	if (rc == MD_OK) {
		rc = audited(db, actor->id, MD_AUDIT_CREATE, c->person_id,
			     c->person_id
				     ? md_asprintf("世帯 %lld に世帯員 %lld(本人 %lld、%s)を追加",
						   hid, id, c->person_id,
						   c->relation)
				     : md_asprintf("世帯 %lld に世帯員 %lld(未登録、%s)を追加",
						   hid, id, c->relation),
			     err);
	}
	if (rc == MD_OK && member_id)
		*member_id = id;
	return rc;
}

/* faults, or the scratch list when the caller gave none; cleared. */
static struct md_values *
faults_of(struct md_values *faults, struct md_values *scratch)
{
	md_values_init(scratch);
	if (!faults)
		faults = scratch;
	md_values_clear(faults);
	return faults;
}

/* The household's own fields as typed, over old's (NULL: empty). */
static void
check_household(const struct md_household_defs *defs,
		const struct md_household_in *in, const struct hrow *old,
		struct hrow *h, struct md_values *faults, enum md_status *fatal)
{
	const char *typed[] = {in && in->label ? in->label : NULL,
			       in && in->issues ? in->issues : NULL,
			       in && in->note ? in->note : NULL};
	char **out[] = {&h->label, &h->issues, &h->note};
	char *const *was[] = {old ? &old->label : NULL,
			      old ? &old->issues : NULL,
			      old ? &old->note : NULL};
	const enum md_household_field fields[] = {MD_HF_LABEL, MD_HF_ISSUES,
						  MD_HF_NOTE};
	const enum md_field_type types[] = {MD_FIELD_TEXT, MD_FIELD_MULTI,
					    MD_FIELD_TEXTAREA};
	const long long max[] = {100, 0, 4000};
	for (int i = 0; i < 3; i++) {
		if (typed[i])
			*out[i] = norm(NULL, fields[i], types[i],
				       i == 1 ? &defs->issues : NULL, max[i],
				       typed[i], faults, fatal);
		else
			*out[i] = md_strdup(was[i] ? *was[i] : "");
		if (!*out[i] && !md_values_get(faults, CODE(fields[i])) &&
		    *fatal == MD_OK)
			*fatal = MD_ERR_NOMEM;
	}
	/* The decision on 004 図4 stays: md_household_decide changes it. */
	if (!(h->eligibility = md_strdup(old ? old->eligibility : "")))
		*fatal = MD_ERR_NOMEM;
}

enum md_status
md_household_new(struct md_db *db, const struct md_user *actor,
		 const struct md_household_defs *defs,
		 const struct md_forms *forms, const struct md_household_in *h,
		 const struct md_member_in *m, long long *household_id,
		 long long *member_id, struct md_values *faults,
		 struct md_err *err)
{
	struct md_values scratch;
	faults = faults_of(faults, &scratch);
	struct hrow row;
	struct checked c;
	memset(&row, 0, sizeof row);
	memset(&c, 0, sizeof c);
	enum md_status fatal = MD_OK;
	enum md_status rc = md_auth_require(db, actor, false, "世帯の登録",
					    err);
	if (rc != MD_OK)
		goto out;
	check_household(defs, h, NULL, &row, faults, &fatal);
	if (fatal != MD_OK) {
		rc = md_err_set(err, fatal, NULL);
		goto out;
	}
	if ((rc = check_member(db, actor, defs, forms, 0, m, &c, faults,
			       err)) != MD_OK ||
	    (rc = faulted(faults, MD_OK, err)) != MD_OK ||
	    (rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	row.revision = 1;
	rc = household_write(db, actor->id, &row, NULL, now, err);
	if (rc == MD_OK)
		rc = audited(db, actor->id, MD_AUDIT_CREATE, 0,
			     md_asprintf("世帯 %lld の登録", row.id), err);
	if (rc == MD_OK)
		rc = add_checked(db, actor, defs, forms, row.id, m, &c,
				 member_id, faults, err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK && household_id)
		*household_id = row.id;
out:
	hrow_fini(&row);
	checked_fini(&c);
	md_values_fini(&scratch);
	return rc;
}

enum md_status
md_household_add(struct md_db *db, const struct md_user *actor,
		 const struct md_household_defs *defs,
		 const struct md_forms *forms, long long household_id,
		 const struct md_member_in *m, long long *member_id,
		 struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	faults = faults_of(faults, &scratch);
	struct checked c;
	struct hrow h;
	memset(&c, 0, sizeof c);
	memset(&h, 0, sizeof h);
	enum md_status rc = md_auth_require(db, actor, false, "世帯員の追加",
					    err);
	if (rc != MD_OK)
		goto out;
	if ((rc = household_load(db, household_id, &h, err)) != MD_OK) {
		if (rc == MD_ERR_NOTFOUND)
			fault(faults, MD_HF_HOUSEHOLD, "%s", err->msg);
		goto out;
	}
	if ((rc = check_member(db, actor, defs, forms, household_id, m, &c,
			       faults, err)) != MD_OK ||
	    (rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	rc = add_checked(db, actor, defs, forms, household_id, m, &c, member_id,
			 faults, err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
out:
	hrow_fini(&h);
	checked_fini(&c);
	md_values_fini(&scratch);
	return rc;
}

/* The message of a change refused because someone saved first. */
static enum md_status
conflict(const char *what, const char *at, struct md_err *err)
{
	char shown[MD_DISPLAY_WHEN_SIZE];
	return md_err_set(err, MD_ERR_CONFLICT,
			  "%s は %s に他の職員が保存しています(保存していません)。読み直してから入力してください",
			  what, md_display_when(at, MD_DATE_LONG, shown));
}

enum md_status
md_household_update(struct md_db *db, const struct md_user *actor,
		    const struct md_household_defs *defs,
		    long long household_id, int base_revision,
		    const struct md_household_in *h, struct md_values *faults,
		    struct md_err *err)
{
	struct md_values scratch;
	faults = faults_of(faults, &scratch);
	struct hrow old, now_row;
	memset(&old, 0, sizeof old);
	memset(&now_row, 0, sizeof now_row);
	enum md_status fatal = MD_OK;
	enum md_status rc = md_auth_require(db, actor, false, "世帯の変更",
					    err);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	rc = household_load(db, household_id, &old, err);
	if (rc == MD_OK)
		check_household(defs, h, &old, &now_row, faults, &fatal);
	if (rc == MD_OK)
		rc = faulted(faults,
			     fatal != MD_OK ? md_err_set(err, fatal, NULL)
					    : MD_OK,
			     err);
	if (rc == MD_OK && old.revision != base_revision) {
		char *what = household_name(old.id, old.label);
		rc = conflict(what ? md_text_trim(what) : "世帯",
			      old.updated_at, err);
		md_free(what);
	}
	bool same = rc == MD_OK && !strcmp(old.label, now_row.label) &&
		    !strcmp(old.issues, now_row.issues) &&
		    !strcmp(old.note, now_row.note);
	if (rc == MD_OK && !same) {
		char now[MD_TIMESTAMP_SIZE];
		md_clock_timestamp(now);
		now_row.id = old.id;
		now_row.revision = old.revision + 1;
		rc = household_write(db, actor->id, &now_row, &old, now, err);
		if (rc == MD_OK)
			rc = audited(db, actor->id, MD_AUDIT_UPDATE, 0,
				     md_asprintf("世帯 %lld の変更(版 %d)",
						 old.id, now_row.revision),
				     err);
	}
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
out:
	hrow_fini(&old);
	hrow_fini(&now_row);
	md_values_fini(&scratch);
	return rc;
}

/* text if given (not NULL), else was. */
static const char *
given_or(const char *text, const char *was)
{
	return text ? text : was;
}

enum md_status
md_household_member_update(struct md_db *db, const struct md_user *actor,
			   const struct md_household_defs *defs,
			   long long member_id, int base_revision,
			   const struct md_member_in *m,
			   struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	faults = faults_of(faults, &scratch);
	struct mrow old;
	struct checked c;
	memset(&old, 0, sizeof old);
	memset(&c, 0, sizeof c);
	enum md_status fatal = MD_OK;
	enum md_status rc = md_auth_require(db, actor, false, "世帯員の変更",
					    err);
	if (rc != MD_OK)
		goto out;
	check_place(defs, m, false, &c, faults, &fatal);
	if (fatal != MD_OK) {
		rc = md_err_set(err, fatal, NULL);
		goto out;
	}
	if ((rc = faulted(faults, MD_OK, err)) != MD_OK ||
	    (rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	rc = member_load(db, member_id, &old, err);
	if (rc == MD_ERR_NOTFOUND)
		fault(faults, MD_HF_MEMBER, "%s", err->msg);
	if (rc == MD_OK && old.revision != base_revision) {
		char what[64];
		snprintf(what, sizeof what, "世帯員 %lld", member_id);
		rc = conflict(what, old.updated_at, err);
	}
	if (rc == MD_OK && c.moved_in_on && *c.moved_in_on &&
	    *old.moved_out_on && strcmp(c.moved_in_on, old.moved_out_on) > 0) {
		char a[MD_DISPLAY_WHEN_SIZE], b[MD_DISPLAY_WHEN_SIZE];
		fault(faults, MD_HF_MOVED_IN,
		      "転入日: %s は転出日 %s より後です",
		      md_display_when(c.moved_in_on, MD_DATE_LONG, a),
		      md_display_when(old.moved_out_on, MD_DATE_LONG, b));
		rc = faulted(faults, MD_OK, err);
	}
	if (rc == MD_OK) {
		char now[MD_TIMESTAMP_SIZE];
		md_clock_timestamp(now);
		struct md_store_member before = member_row(&old);
		struct md_store_member row = before;
		row.relation = given_or(c.relation, old.relation);
		row.living = c.living && *c.living ? c.living : old.living;
		if (c.moved_in_on)
			row.moved_in_on = *c.moved_in_on ? c.moved_in_on : NULL;
		row.reason_in = given_or(c.reason, old.reason_in);
		if (c.needs_support >= 0)
			row.needs_support = c.needs_support > 0;
		if (c.disabled != MD_ELIGIBILITY_UNKNOWN)
			row.disabled = c.disabled == MD_ELIGIBILITY_YES;
		if (c.poverty != MD_ELIGIBILITY_UNKNOWN)
			row.poverty = c.poverty == MD_ELIGIBILITY_YES;
		row.departments = given_or(c.departments, old.departments);
		row.note = given_or(c.note, old.note);
		row.revision = old.revision + 1;
		row.updated_at = now;
		struct md_values a, b;
		struct md_buf ja, jb;
		md_values_init(&a);
		md_values_init(&b);
		md_buf_init(&ja);
		md_buf_init(&jb);
		member_json(&before, &a, &ja);
		member_json(&row, &b, &jb);
		bool same = md_values_equal(&a, &b);
		md_values_fini(&a);
		md_values_fini(&b);
		md_buf_fini(&ja);
		md_buf_fini(&jb);
		long long id = member_id;
		if (!same)
			rc = member_write(db, actor->id, &id, &row, &before,
					  err);
		if (rc == MD_OK && !same)
			rc = audited(db, actor->id, MD_AUDIT_UPDATE,
				     old.person_id,
				     md_asprintf("世帯 %lld の世帯員 %lld の変更",
						 old.household_id, member_id),
				     err);
	}
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
out:
	mrow_fini(&old);
	checked_fini(&c);
	md_values_fini(&scratch);
	return rc;
}

static const char sql_current_count[] =
	"SELECT count(*) FROM household_members"
	" WHERE household_id = ?1 AND moved_out_on IS NULL";

/* How many current members household id has (-1 on failure). */
static long long
current_count(struct md_db *db, long long id, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_current_count, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	long long n = sqlite3_step(st) == SQLITE_ROW
			      ? sqlite3_column_int64(st, 0)
			      : -1;
	sqlite3_reset(st);
	return n;
}

/* What a move asks, checked against the member m as stored: its day
 * (*day), reason, where to, the place there (c). */
static void
check_move(struct md_db *db, const struct md_household_defs *defs,
	   const struct md_move_in *mv, const struct mrow *m,
	   char day[MD_DATE_SIZE], char **reason, struct checked *c,
	   struct md_values *faults, enum md_status *fatal, struct md_err *err)
{
	char a[MD_DISPLAY_WHEN_SIZE], b[MD_DISPLAY_WHEN_SIZE];
	if (*m->moved_out_on) {
		fault(faults, MD_HF_MEMBER,
		      "世帯員 %lld は %s に転出しています", m->id,
		      md_display_when(m->moved_out_on, MD_DATE_LONG, a));
		return;
	}
	if (mv->date && *mv->date) {
		if (norm_day(MD_HF_MOVED_OUT, mv->date, day, faults, fatal) &&
		    *m->moved_in_on && strcmp(day, m->moved_in_on) < 0)
			fault(faults, MD_HF_MOVED_OUT,
			      "転出日: %s は転入日 %s より前です",
			      md_display_when(day, MD_DATE_LONG, a),
			      md_display_when(m->moved_in_on, MD_DATE_LONG, b));
	} else {
		md_clock_today(day);
		if (*m->moved_in_on && strcmp(day, m->moved_in_on) < 0)
			fault(faults, MD_HF_MOVED_OUT,
			      "転出日: 今日(%s)は転入日 %s より前です",
			      md_display_when(day, MD_DATE_LONG, a),
			      md_display_when(m->moved_in_on, MD_DATE_LONG, b));
	}
	*reason = norm(NULL, MD_HF_REASON, MD_FIELD_CHOICE, &defs->reasons, 0,
		       mv->reason, faults, fatal);
	if (*reason && !**reason)
		fault(faults, MD_HF_REASON, "転出の理由を選んでください");
	bool going = mv->to || mv->new_household;
	if (mv->to && mv->new_household)
		fault(faults, MD_HF_TO,
		      "移る先は、ある世帯か新しい世帯のどちらか一つにしてください");
	else if (mv->to == m->household_id)
		fault(faults, MD_HF_TO,
		      "移る先の世帯 %lld は、いまの世帯そのものです(世帯員はその世帯自身には移れません)",
		      mv->to);
	else if (mv->to) {
		struct hrow h;
		struct md_err e;
		enum md_status s = household_load(db, mv->to, &h, &e);
		if (s == MD_ERR_NOTFOUND)
			fault(faults, MD_HF_TO, "移る先の%s", e.msg);
		else if (s != MD_OK)
			*fatal = s;
		hrow_fini(&h);
	}
	if (!going && (mv->relation || mv->living))
		fault(faults, MD_HF_TO,
		      "続柄と同居・別居は、移る先の世帯を指定したときだけです");
	long long n = current_count(db, m->household_id, err);
	if (n < 0 && *fatal == MD_OK)
		*fatal = err->status;
	else if (n == 1)
		fault(faults, MD_HF_MEMBER,
		      "世帯員 %lld は世帯 %lld のただ一人の現在の世帯員です。転出すると世帯に誰もいなくなります(記録していません)",
		      m->id, m->household_id);
	if (going) {
		struct md_member_in place = {.relation = mv->relation,
					     .living = mv->living,
					     .needs_support = -1};
		check_place(defs, &place, true, c, faults, fatal);
	}
}

enum md_status
md_household_move(struct md_db *db, const struct md_user *actor,
		  const struct md_household_defs *defs, long long member_id,
		  const struct md_move_in *mv, long long *new_member_id,
		  struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	faults = faults_of(faults, &scratch);
	struct mrow m;
	struct checked c;
	struct hrow nh;
	char *reason = NULL, *label = NULL;
	memset(&m, 0, sizeof m);
	memset(&c, 0, sizeof c);
	memset(&nh, 0, sizeof nh);
	enum md_status fatal = MD_OK;
	enum md_status rc = md_auth_require(db, actor, false, "世帯員の転出",
					    err);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	rc = member_load(db, member_id, &m, err);
	if (rc == MD_ERR_NOTFOUND)
		fault(faults, MD_HF_MEMBER, "%s", err->msg);
	char day[MD_DATE_SIZE] = "";
	if (rc == MD_OK)
		check_move(db, defs, mv, &m, day, &reason, &c, faults, &fatal,
			   err);
	if (rc == MD_OK && mv->new_household)
		label = norm(NULL, MD_HF_LABEL, MD_FIELD_TEXT, NULL, 100,
			     mv->label, faults, &fatal);
	if (rc == MD_OK && fatal != MD_OK)
		rc = md_err_set(err, fatal, NULL);
	if (rc == MD_OK)
		rc = faulted(faults, MD_OK, err);
	if (rc != MD_OK) {
		md_db_rollback(db);
		goto out;
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	/* The membership ends that day, kept as it was otherwise. */
	struct md_store_member before = member_row(&m), row = before;
	row.moved_out_on = day;
	row.reason_out = reason;
	row.revision = m.revision + 1;
	row.updated_at = now;
	long long id = member_id, to = mv->to, new_id = 0;
	rc = member_write(db, actor->id, &id, &row, &before, err);
	if (rc == MD_OK && mv->new_household) {
		nh.label = label;
		label = NULL;
		nh.issues = md_strdup("");
		nh.note = md_strdup("");
		nh.eligibility = md_strdup("");
		nh.revision = 1;
		rc = nh.issues && nh.note && nh.eligibility
			     ? household_write(db, actor->id, &nh, NULL, now,
					       err)
			     : md_err_set(err, MD_ERR_NOMEM, NULL);
		to = nh.id;
	}
	if (rc == MD_OK && to) {
		struct md_store_member in = row;
		in.household_id = to;
		in.relation = c.relation;
		in.living = c.living && *c.living ? c.living
			    : defs->living.n      ? defs->living.items[0]
						  : "";
		in.moved_in_on = day;
		in.reason_in = reason;
		in.moved_out_on = NULL;
		in.reason_out = "";
		in.revision = 1;
		in.created_at = now;
		rc = member_write(db, actor->id, &new_id, &in, NULL, err);
	}
	if (rc == MD_OK)
		rc = audited(db, actor->id, MD_AUDIT_UPDATE, m.person_id,
			     to ? md_asprintf("世帯 %lld の世帯員 %lld の転出(%s、世帯 %lld の世帯員 %lld へ)",
					      m.household_id, member_id, reason,
					      to, new_id)
				: md_asprintf("世帯 %lld の世帯員 %lld の転出(%s)",
					      m.household_id, member_id,
					      reason),
			     err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK && new_member_id)
		*new_member_id = new_id;
out:
	mrow_fini(&m);
	checked_fini(&c);
	hrow_fini(&nh);
	md_free(reason);
	md_free(label);
	md_values_fini(&scratch);
	return rc;
}

/* ---- reading ---- */

/* The lines of text as an array of new strings (*n of them). */
static char **
split_lines(const char *text, size_t *n)
{
	*n = 0;
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '\n';
	char **out = md_calloc(cap, sizeof *out);
	for (const char *p = text; out && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && !(out[(*n)++] = md_strndup(p, len))) {
			for (size_t i = 0; i < *n; i++)
				md_free(out[i]);
			md_free(out);
			return NULL;
		}
		p = nl ? nl + 1 : p + len;
	}
	return out;
}

static void
lines_free(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_free(l[i]);
	md_free(l);
}

static void
member_fini(struct md_member *m)
{
	char *s[] = {m->name,      m->kana,         m->birth_date,
		     m->relation,  m->living,       m->moved_in_on,
		     m->reason_in, m->moved_out_on, m->reason_out,
		     m->note,      m->updated_at};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		md_free(s[i]);
	lines_free(m->departments, m->ndepartments);
	for (size_t i = 0; i < m->ncases; i++) {
		md_free(m->cases[i].stage);
		md_free(m->cases[i].stage_label);
		md_free(m->cases[i].staff);
	}
	md_free(m->cases);
}

static void eligibility_fini(struct md_household_eligibility *e);

void
md_household_fini(struct md_household *h)
{
	eligibility_fini(&h->eligibility);
	md_free(h->label);
	lines_free(h->issues, h->nissues);
	md_free(h->note);
	md_free(h->created_at);
	md_free(h->updated_at);
	for (size_t i = 0; i < h->nmembers; i++)
		member_fini(&h->members[i]);
	md_free(h->members);
	memset(h, 0, sizeof *h);
}

/* Take r's strings into m (r keeps none). */
static bool
member_from_row(struct mrow *r, const struct md_household_defs *defs,
		const char *on, struct md_member *m)
{
	memset(m, 0, sizeof *m);
	m->id = r->id;
	m->revision = r->revision;
	m->household_id = r->household_id;
	m->person_id = r->person_id;
	m->name = r->name;
	m->kana = r->kana;
	m->birth_date = r->birth;
	m->birth_estimated = r->birth_estimated && !r->person_id;
	m->age = md_household_age(r->birth, on);
	m->band = md_household_age_band(defs, m->age);
	m->relation = r->relation;
	m->living = r->living;
	m->moved_in_on = r->moved_in_on;
	m->reason_in = r->reason_in;
	m->moved_out_on = r->moved_out_on;
	m->reason_out = r->reason_out;
	m->current = !*r->moved_out_on;
	m->needs_support = r->needs_support;
	m->disabled = r->disabled;
	m->poverty = r->poverty;
	m->note = r->note;
	m->updated_at = r->updated_at;
	r->name = r->kana = r->birth = r->relation = r->living = NULL;
	r->moved_in_on = r->reason_in = r->moved_out_on = r->reason_out = NULL;
	r->note = r->updated_at = NULL;
	m->departments = split_lines(r->departments, &m->ndepartments);
	return m->departments != NULL;
}

static const char sql_open_cases[] =
	"SELECT c.id, c.stage, coalesce(u.display_name, '') FROM cases c"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" WHERE c.person_id = ?1 AND c.status = 'open' ORDER BY c.id";

/* The open cases of m's person, each with its stage and next due. */
static enum md_status
member_cases(struct md_db *db, const struct md_workflow *wf,
	     struct md_member *m, struct md_err *err)
{
	if (!m->person_id)
		return MD_OK;
	sqlite3_stmt *st = md_db_stmt(db, sql_open_cases, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, m->person_id);
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_member_case *p = md_realloc(m->cases,
						      (m->ncases + 1) *
							      sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		m->cases = p;
		struct md_member_case *c = &p[m->ncases++];
		memset(c, 0, sizeof *c);
		c->case_id = sqlite3_column_int64(st, 0);
		c->stage = md_db_column_dup(st, 1);
		c->staff = md_db_column_dup(st, 2);
		c->stage_label =
			c->stage
				? md_strdup(
					  wf ? md_workflow_stage_label(wf,
								       c->stage)
					     : c->stage)
				: NULL;
		c->due_kind = "";
		if (!c->stage || !c->staff || !c->stage_label) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "世帯員のケース", err);
	sqlite3_reset(st);
	for (size_t i = 0; rc == MD_OK && i < m->ncases; i++) {
		struct md_case_due due;
		rc = md_workflow_case_due(db, m->cases[i].case_id, &due, err);
		m->cases[i].due_kind = due.kind;
		memcpy(m->cases[i].due_on, due.due_on, sizeof due.due_on);
		m->cases[i].overdue = due.overdue;
	}
	return rc;
}

/* ---- 多機関協働の対象判定 (004 図4) ---- */

/* What the aid sees of member m: a 支援対象者 or not, the age shown (an age
 * the figure cannot place, as for one born after the reference date, is
 * not known), 障害, 生活困窮, and whether any 担当部局 supports them. */
static struct md_eligibility_member
eligibility_member(const struct md_member *m)
{
	return (struct md_eligibility_member){
		.target = m->needs_support,
		.age = m->age >= 0 && m->age <= 150 ? m->age : -1,
		.disabled = m->disabled,
		.poverty = m->poverty,
		.department = m->ndepartments ? MD_ELIGIBILITY_YES
					      : MD_ELIGIBILITY_NO,
	};
}

/* The facts of h's current members on h->on, with the answers (the
 * questions only) into *facts. */
static enum md_status
eligibility_facts(const struct md_household_defs *defs,
		  const struct md_household *h,
		  const enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS],
		  struct md_eligibility_facts *facts, struct md_err *err)
{
	struct md_eligibility_member *m = md_calloc(h->nmembers + 1, sizeof *m);
	if (!m)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	size_t n = 0;
	for (size_t i = 0; i < h->nmembers; i++)
		if (h->members[i].current)
			m[n++] = eligibility_member(&h->members[i]);
	enum md_status rc = md_household_eligibility_facts(defs, m, n, h->on,
							   facts, err);
	md_free(m);
	for (size_t f = 0; rc == MD_OK && f < MD_ELIGIBILITY_NFACTS; f++)
		if (md_eligibility_fact_kind(f) == MD_ELIGIBILITY_YESNO &&
		    answers[f] != MD_ELIGIBILITY_UNKNOWN)
			md_eligibility_facts_set(facts, f, (int)answers[f]);
	return rc;
}

/* The refusal of the aid when defs have none. */
static enum md_status
no_eligibility(const struct md_household_defs *defs, struct md_err *err)
{
	return md_err_set(err, MD_ERR_DEFINITION,
			  "%s に多機関協働の対象判定(004 図4、[eligibility])の定義がありません",
			  defs->file);
}

enum md_status
md_household_advise(const struct md_household_defs *defs,
		    struct md_household *h,
		    const enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS],
		    struct md_err *err)
{
	if (!defs->eligibility)
		return no_eligibility(defs, err);
	struct md_eligibility_facts facts;
	struct md_eligibility_result advice;
	enum md_status rc = eligibility_facts(defs, h, answers, &facts, err);
	if (rc == MD_OK)
		rc = md_eligibility_evaluate(defs->eligibility, &facts, &advice,
					     err);
	if (rc != MD_OK)
		return rc;
	md_eligibility_result_fini(&h->eligibility.advice);
	h->eligibility.defined = true;
	h->eligibility.facts = facts;
	h->eligibility.advice = advice;
	return MD_OK;
}

/* The answers as a decision keeps them: "services=yes,…" (questions
 * answered only), appended to out. */
static void
answers_text(const enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS],
	     struct md_buf *out)
{
	for (size_t f = 0; f < MD_ELIGIBILITY_NFACTS; f++)
		if (md_eligibility_fact_kind(f) == MD_ELIGIBILITY_YESNO &&
		    answers[f] != MD_ELIGIBILITY_UNKNOWN)
			md_buf_addf(out, "%s%s=%s", out->len ? "," : "",
				    md_eligibility_fact_name(f),
				    answers[f] == MD_ELIGIBILITY_YES ? "yes"
								     : "no");
}

/* The facts counted from the members as a decision keeps them:
 * "targets=2,elderly=1,…" ("?" for one not known), appended to out. */
static void
counts_text(const struct md_eligibility_facts *facts, struct md_buf *out)
{
	for (size_t f = 0; f < MD_ELIGIBILITY_NFACTS; f++)
		if (md_eligibility_fact_kind(f) == MD_ELIGIBILITY_NUMBER) {
			if (facts->known[f])
				md_buf_addf(out, "%s%s=%d", out->len ? "," : "",
					    md_eligibility_fact_name(f),
					    facts->value[f]);
			else
				md_buf_addf(out, "%s%s=?", out->len ? "," : "",
					    md_eligibility_fact_name(f));
		}
}

/* The current members as a decision keeps them: "id:revision,…" by id,
 * appended to out. */
static void
members_text(const struct md_household *h, struct md_buf *out)
{
	long long last = 0;
	for (;;) {
		const struct md_member *next = NULL;
		for (size_t i = 0; i < h->nmembers; i++) {
			const struct md_member *m = &h->members[i];
			if (m->current && m->id > last &&
			    (!next || m->id < next->id))
				next = m;
		}
		if (!next)
			return;
		md_buf_addf(out, "%s%lld:%d", out->len ? "," : "", next->id,
			    next->revision);
		last = next->id;
	}
}

/* The value of name in a list "name=value,…" as the texts above write it
 * (a new string), or NULL. */
static char *
listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > len && !strncmp(p, name, len) &&
		    (p[len] == '=' || p[len] == ':'))
			return md_strndup(p + len + 1, n - len - 1);
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* A change since the decision, as a line of last. */
static void changed(struct md_household_decision *last, bool *oom,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
changed(struct md_household_decision *last, bool *oom, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct md_buf b;
	md_buf_init(&b);
	md_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	char **v = md_buf_ok(&b) ? md_realloc(last->changes,
					      (last->nchanges + 1) * sizeof *v)
				 : NULL;
	if (v) {
		last->changes = v;
		v[last->nchanges++] = md_buf_take(&b);
	} else {
		*oom = true;
	}
	md_buf_fini(&b);
}

/* What differs in h from what the decision's advice was computed from: its
 * current members (members, "id:revision,…") and the facts counted from
 * them (counts), on h's reference date. */
static enum md_status
eligibility_changes(const struct md_household_defs *defs,
		    const struct md_household *h, const char *members,
		    const char *counts, struct md_household_decision *last,
		    struct md_err *err)
{
	bool oom = false;
	char num[32];
	for (size_t i = 0; i < h->nmembers; i++) {
		const struct md_member *m = &h->members[i];
		if (!m->current)
			continue;
		snprintf(num, sizeof num, "%lld", m->id);
		char *then = listed(members, num);
		if (!then)
			changed(last, &oom, "世帯員 %lld(%s)が加わりました",
				m->id, m->name);
		else if (atoi(then) != m->revision)
			changed(last, &oom,
				"世帯員 %lld(%s)の記録が変わりました", m->id,
				m->name);
		md_free(then);
	}
	for (const char *p = members; p && *p;) {
		long long id = strtoll(p, NULL, 10);
		bool here = false;
		for (size_t i = 0; i < h->nmembers; i++)
			here |= h->members[i].current && h->members[i].id == id;
		if (!here)
			changed(last, &oom,
				"世帯員 %lld がいまの世帯員ではありません(転出)",
				id);
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	const struct md_eligibility_facts *now = &h->eligibility.facts;
	for (size_t f = 0; f < MD_ELIGIBILITY_NFACTS; f++) {
		if (md_eligibility_fact_kind(f) != MD_ELIGIBILITY_NUMBER)
			continue;
		char *then = listed(counts, md_eligibility_fact_name(f));
		char was[16];
		if (now->known[f])
			snprintf(was, sizeof was, "%d", now->value[f]);
		else
			snprintf(was, sizeof was, "?");
		if (then && strcmp(then, was)) {
			const char *label = defs->eligibility->labels[f];
			changed(last, &oom, "%s: %s → %s",
				label ? label : md_eligibility_fact_name(f),
				then, was);
		}
		md_free(then);
	}
	return oom ? md_err_set(err, MD_ERR_NOMEM, NULL) : MD_OK;
}

static const char sql_user_name[] = "SELECT display_name FROM users"
				    " WHERE id = ?1";

/* The latest decision of h (json, the households row's; "" for none) into
 * h->eligibility.last, then the advice with its answers and what changed
 * since. */
static enum md_status
eligibility_read(struct md_db *db, const struct md_household_defs *defs,
		 const char *json, struct md_household *h, struct md_err *err)
{
	struct md_household_decision *last = &h->eligibility.last;
	struct md_values v;
	md_values_init(&v);
	enum md_status rc = json && *json ? md_values_from_json(json, &v, err)
					  : MD_OK;
	const char *got[] = {md_values_get(&v, "at"),
			     md_values_get(&v, "advised"),
			     md_values_get(&v, "verdict"),
			     md_values_get(&v, "note")};
	char **into[] = {&last->at, &last->advised, &last->verdict,
			 &last->note};
	for (size_t i = 0; rc == MD_OK && v.n && i < 4; i++)
		if (!(*into[i] = md_strdup(got[i] ? got[i] : "")))
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	const char *answers = md_values_get(&v, "answers");
	for (size_t f = 0; rc == MD_OK && f < MD_ELIGIBILITY_NFACTS; f++) {
		char *a = md_eligibility_fact_kind(f) == MD_ELIGIBILITY_YESNO
				  ? listed(answers, md_eligibility_fact_name(f))
				  : NULL;
		last->answers[f] = !a                  ? MD_ELIGIBILITY_UNKNOWN
				   : !strcmp(a, "yes") ? MD_ELIGIBILITY_YES
						       : MD_ELIGIBILITY_NO;
		md_free(a);
	}
	if (rc == MD_OK && v.n) {
		const char *r = md_values_get(&v, "revision");
		const char *row = md_values_get(&v, "row");
		const char *on = md_values_get(&v, "on");
		last->revision = r ? atoi(r) : 0;
		last->row = row ? atoi(row) : 0;
		snprintf(last->on, sizeof last->on, "%s", on ? on : "");
		const char *by = md_values_get(&v, "by");
		sqlite3_stmt *st = md_db_stmt(db, sql_user_name, err);
		if (!st) {
			rc = err->status;
		} else {
			sqlite3_bind_int64(st, 1, by ? atoll(by) : 0);
			last->by = sqlite3_step(st) == SQLITE_ROW
					   ? md_db_column_dup(st, 0)
					   : md_strdup("");
			sqlite3_reset(st);
			if (!last->by)
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		}
	}
	if (rc == MD_OK)
		rc = md_household_advise(defs, h, last->answers, err);
	if (rc == MD_OK && v.n)
		rc = eligibility_changes(defs, h, md_values_get(&v, "members"),
					 md_values_get(&v, "counts"), last,
					 err);
	md_values_fini(&v);
	return rc;
}

static void
eligibility_fini(struct md_household_eligibility *e)
{
	md_eligibility_result_fini(&e->advice);
	struct md_household_decision *d = &e->last;
	md_free(d->by);
	md_free(d->at);
	md_free(d->advised);
	md_free(d->verdict);
	md_free(d->note);
	lines_free(d->changes, d->nchanges);
	memset(e, 0, sizeof *e);
}

/* Household id whole, without audit: what get and the prints read. */
static enum md_status
household_read(struct md_db *db, const struct md_household_defs *defs,
	       const struct md_workflow *wf, long long id, const char *on,
	       bool with_former, struct md_household *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	if (on && *on) {
		struct md_date d;
		if (md_date_from_iso(on, &d, NULL) != MD_OK)
			return md_err_set(err, MD_ERR_INVALID,
					  "基準日「%s」は YYYY-MM-DD の日付ではありません",
					  on);
		snprintf(out->on, sizeof out->on, "%s", on);
	} else {
		md_clock_today(out->on);
	}
	struct hrow h;
	enum md_status rc = household_load(db, id, &h, err);
	if (rc != MD_OK)
		return rc;
	out->id = h.id;
	out->revision = h.revision;
	out->label = h.label;
	out->note = h.note;
	out->created_at = h.created_at;
	out->updated_at = h.updated_at;
	out->issues = split_lines(h.issues, &out->nissues);
	md_free(h.issues);
	char *decided = h.eligibility;
	if (!out->issues)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	struct mrow *rows = NULL;
	size_t n = 0;
	if (rc == MD_OK)
		rc = members_of(db, defs, id, with_former, &rows, &n, err);
	if (rc == MD_OK && n &&
	    !(out->members = md_calloc(n, sizeof *out->members)))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		struct md_member *m = &out->members[out->nmembers++];
		if (!member_from_row(&rows[i], defs, out->on, m))
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		if (rc == MD_OK && m->current)
			rc = member_cases(db, wf, m, err);
		/* Consent as of today (the day shown or printed), a
		 * withdrawal counted (consent.h). */
		struct md_consent_rule rule = md_household_consent_rule(defs);
		if (rc == MD_OK)
			rc = md_person_consented(db, &rule, m->person_id, NULL,
						 &m->consented, err);
		out->ncurrent += m->current;
		out->nsupport += m->current && m->needs_support;
	}
	mrows_free(rows, n);
	if (rc == MD_OK && defs->eligibility)
		rc = eligibility_read(db, defs, decided, out, err);
	md_free(decided);
	if (rc != MD_OK)
		md_household_fini(out);
	return rc;
}

/* One audit row (action) for household h, and one for each case of its
 * members shown, in the caller's transaction. */
static enum md_status
audit_household(struct md_db *db, long long user_id,
		enum md_audit_action action, const struct md_household *h,
		const char *what, struct md_err *err)
{
	enum md_status rc = audited(db, user_id, action, 0,
				    md_asprintf("世帯 %lld の%s", h->id, what),
				    err);
	char *detail = md_asprintf("世帯 %lld の%sで表示", h->id, what);
	for (size_t i = 0; rc == MD_OK && i < h->nmembers; i++)
		for (size_t k = 0; rc == MD_OK && k < h->members[i].ncases; k++)
			rc = detail ? md_audit_add(db, user_id, action,
						   h->members[i]
							   .cases[k]
							   .case_id,
						   h->members[i].person_id,
						   detail, err)
				    : md_err_set(err, MD_ERR_NOMEM, NULL);
	md_free(detail);
	return rc;
}

enum md_status
md_household_read(struct md_db *db, const struct md_household_defs *defs,
		  const struct md_workflow *wf, long long id, const char *on,
		  struct md_household *out, struct md_err *err)
{
	return household_read(db, defs, wf, id, on, false, out, err);
}

enum md_status
md_household_get(struct md_db *db, const struct md_user *actor,
		 const struct md_household_defs *defs,
		 const struct md_workflow *wf, long long id, const char *on,
		 bool with_former, struct md_household *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	enum md_status rc = md_auth_require(db, actor, false, "世帯の閲覧",
					    err);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = household_read(db, defs, wf, id, on, with_former, out, err);
	if (rc == MD_OK)
		rc = audit_household(db, actor->id, MD_AUDIT_VIEW, out, "閲覧",
				     err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc != MD_OK && out->id)
		md_household_fini(out);
	return rc;
}

/* The verdicts of def, "、" between them, for a fault (a new string). */
static char *
verdict_list(const struct md_eligibility_def *def)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < def->nverdicts; i++)
		md_buf_addf(&b, "%s%s", i ? "、" : "", def->verdicts[i]);
	char *s = md_buf_ok(&b) ? md_buf_take(&b) : NULL;
	md_buf_fini(&b);
	return s;
}

/* What a decision gives, checked: the verdict (*verdict, the
 * definition's), the day (day), the answers, the note (*note). */
static void
check_decision(const struct md_eligibility_def *def,
	       const struct md_household_decide_in *in, const char **verdict,
	       char day[MD_DATE_SIZE], char **note, struct md_values *faults,
	       enum md_status *fatal)
{
	char *all = verdict_list(def);
	char *typed = in->verdict ? md_strdup(in->verdict) : NULL;
	if (!all || (in->verdict && !typed))
		*fatal = MD_ERR_NOMEM;
	else if (!typed || !*md_text_trim(typed))
		fault(faults, MD_HF_VERDICT, "%s を選んでください(%s のどれか)",
		      LABEL(MD_HF_VERDICT), all);
	else if (!(*verdict = md_eligibility_verdict_find(def, typed)))
		fault(faults, MD_HF_VERDICT,
		      "%s「%s」はありません(%s のどれか)", LABEL(MD_HF_VERDICT),
		      typed, all);
	md_free(typed);
	md_free(all);
	for (size_t f = 0; f < MD_ELIGIBILITY_NFACTS; f++) {
		if (in->answers[f] == MD_ELIGIBILITY_UNKNOWN)
			continue;
		bool asked = false;
		for (size_t q = 0; q < def->nquestions; q++)
			asked |= def->questions[q].fact == f;
		if (!asked || (unsigned)in->answers[f] > MD_ELIGIBILITY_YES)
			fault(faults, MD_HF_ANSWERS,
			      "%s: %s はこの判定の質問ではありません",
			      LABEL(MD_HF_ANSWERS),
			      md_eligibility_fact_name(f));
	}
	if (in->on && *in->on)
		norm_day(MD_HF_ON, in->on, day, faults, fatal);
	else
		md_clock_today(day);
	if (in->note)
		*note = norm(NULL, MD_HF_VERDICT_NOTE, MD_FIELD_TEXTAREA, NULL,
			     2000, in->note, faults, fatal);
}

/* The decision as the household keeps it (JSON, appended to out): who,
 * when, the revision recording it, the day, the answers, the advice of h
 * (read on that day, advised with the answers), the verdict, the note, and
 * what the advice was computed from. */
static void
decision_json(long long user_id, const char *now, int revision,
	      const struct md_household *h,
	      const enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS],
	      const char *verdict, const char *note, struct md_buf *out)
{
	struct md_values v;
	struct md_buf a, c, m;
	md_values_init(&v);
	md_buf_init(&a);
	md_buf_init(&c);
	md_buf_init(&m);
	answers_text(answers, &a);
	counts_text(&h->eligibility.facts, &c);
	members_text(h, &m);
	char by[32], rev[16], row[16];
	snprintf(by, sizeof by, "%lld", user_id);
	snprintf(rev, sizeof rev, "%d", revision);
	const struct md_eligibility_row *r = h->eligibility.advice.row;
	snprintf(row, sizeof row, "%d", r ? r->number : 0);
	const char *pairs[][2] = {
		{"by", by},
		{"at", now},
		{"revision", rev},
		{"on", h->on},
		{"answers", md_buf_str(&a)},
		{"row", row},
		{"advised", h->eligibility.advice.verdict},
		{"verdict", verdict},
		{"note", note ? note : ""},
		{"members", md_buf_str(&m)},
		{"counts", md_buf_str(&c)},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		md_values_set(&v, pairs[i][0], pairs[i][1], NULL);
	if (md_buf_ok(&a) && md_buf_ok(&c) && md_buf_ok(&m))
		md_values_to_json(&v, out);
	else
		out->failed = true;
	md_values_fini(&v);
	md_buf_fini(&a);
	md_buf_fini(&c);
	md_buf_fini(&m);
}

enum md_status
md_household_decide(struct md_db *db, const struct md_user *actor,
		    const struct md_household_defs *defs,
		    long long household_id, int base_revision,
		    const struct md_household_decide_in *in, int *revision,
		    struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	faults = faults_of(faults, &scratch);
	struct hrow old, row;
	struct md_household h;
	struct md_buf json;
	memset(&old, 0, sizeof old);
	memset(&row, 0, sizeof row);
	memset(&h, 0, sizeof h);
	md_buf_init(&json);
	char *note = NULL, day[MD_DATE_SIZE] = "";
	const char *verdict = NULL;
	enum md_status fatal = MD_OK;
	enum md_status rc = md_auth_require(db, actor, false,
					    "多機関協働の対象判定の記録", err);
	if (rc != MD_OK)
		goto out;
	if (!defs->eligibility) {
		rc = no_eligibility(defs, err);
		goto out;
	}
	check_decision(defs->eligibility, in, &verdict, day, &note, faults,
		       &fatal);
	if (fatal != MD_OK) {
		rc = md_err_set(err, fatal, NULL);
		goto out;
	}
	if ((rc = faulted(faults, MD_OK, err)) != MD_OK ||
	    (rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	rc = household_load(db, household_id, &old, err);
	if (rc == MD_ERR_NOTFOUND)
		fault(faults, MD_HF_HOUSEHOLD, "%s", err->msg);
	if (rc == MD_OK && old.revision != base_revision) {
		char *what = household_name(old.id, old.label);
		rc = conflict(what ? md_text_trim(what) : "世帯",
			      old.updated_at, err);
		md_free(what);
	}
	/* The advice as a read on the day shows it, with these answers. */
	if (rc == MD_OK)
		rc = household_read(db, defs, NULL, household_id, day, false,
				    &h, err);
	if (rc == MD_OK)
		rc = md_household_advise(defs, &h, in->answers, err);
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	if (rc == MD_OK) {
		decision_json(actor->id, now, old.revision + 1, &h, in->answers,
			      verdict, note, &json);
		row.id = old.id;
		row.revision = old.revision + 1;
		row.label = md_strdup(old.label);
		row.issues = md_strdup(old.issues);
		row.note = md_strdup(old.note);
		row.eligibility = md_buf_ok(&json) ? md_buf_take(&json) : NULL;
		if (!row.label || !row.issues || !row.note || !row.eligibility)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (rc == MD_OK)
		rc = household_write(db, actor->id, &row, &old, now, err);
	const struct md_eligibility_row *advised_row = h.eligibility.advice.row;
	if (rc == MD_OK)
		rc = audited(db, actor->id, MD_AUDIT_UPDATE, 0,
			     advised_row
				     ? md_asprintf("世帯 %lld の多機関協働の対象判定(004 図4): %s(助言 行%d %s)",
						   old.id, verdict,
						   advised_row->number,
						   h.eligibility.advice.verdict)
				     : md_asprintf("世帯 %lld の多機関協働の対象判定(004 図4): %s(助言 %s)",
						   old.id, verdict,
						   h.eligibility.advice.verdict),
			     err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK && revision)
		*revision = row.revision;
out:
	hrow_fini(&old);
	hrow_fini(&row);
	md_household_fini(&h);
	md_buf_fini(&json);
	md_free(note);
	md_values_fini(&scratch);
	return rc;
}

/* ---- a person's households ---- */

void
md_memberships_free(struct md_membership *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *s[] = {m[i].household_label, m[i].relation,
			     m[i].living,          m[i].moved_in_on,
			     m[i].reason_in,       m[i].moved_out_on,
			     m[i].reason_out};
		for (size_t k = 0; k < sizeof s / sizeof *s; k++)
			md_free(s[k]);
	}
	md_free(m);
}

static const char sql_history[] =
	"SELECT m.id, m.household_id, h.label, m.relation, m.living,"
	" coalesce(m.moved_in_on, ''), m.reason_in,"
	" coalesce(m.moved_out_on, ''), m.reason_out"
	" FROM household_members m JOIN households h ON h.id = m.household_id"
	" WHERE m.person_id = ?1"
	" ORDER BY m.moved_out_on IS NULL, coalesce(m.moved_in_on, ''), m.id";

enum md_status
md_household_history(struct md_db *db, const struct md_user *actor,
		     long long person_id, struct md_membership **out, size_t *n,
		     struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false,
					    "世帯の履歴の閲覧", err);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	char *name = person_name(db, person_id, err);
	if (!name)
		rc = md_err_set(err, MD_ERR_NOTFOUND,
				"本人番号 %lld の本人はいません", person_id);
	md_free(name);
	sqlite3_stmt *st = rc == MD_OK ? md_db_stmt(db, sql_history, err)
				       : NULL;
	if (rc == MD_OK && !st)
		rc = err->status;
	int src = SQLITE_DONE;
	if (st) {
		sqlite3_bind_int64(st, 1, person_id);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			struct md_membership *p = md_realloc(*out,
							     (*n + 1) *
								     sizeof *p);
			if (!p) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			*out = p;
			struct md_membership *m = &p[(*n)++];
			memset(m, 0, sizeof *m);
			m->member_id = sqlite3_column_int64(st, 0);
			m->household_id = sqlite3_column_int64(st, 1);
			char **cols[] = {&m->household_label, &m->relation,
					 &m->living,          &m->moved_in_on,
					 &m->reason_in,       &m->moved_out_on,
					 &m->reason_out};
			for (int i = 0; i < 7; i++)
				if (!(*cols[i] = md_db_column_dup(st, 2 + i)))
					rc = md_err_set(err, MD_ERR_NOMEM,
							NULL);
			m->current = !*m->moved_out_on;
			if (rc != MD_OK)
				break;
		}
		if (rc == MD_OK && src != SQLITE_DONE)
			rc = md_db_fail(db, src, "世帯の履歴", err);
		sqlite3_reset(st);
	}
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, 0, person_id,
				  "世帯の履歴の閲覧", err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc != MD_OK) {
		md_memberships_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- the list ---- */

void
md_household_rows_free(struct md_household_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(r[i].label);
		md_free(r[i].head);
		md_free(r[i].updated_at);
	}
	md_free(r);
}

/* ?1, ?2: a folded text's range (NULL: any); ?3 a person (0: any); ?4 the
 * most rows (-1: all). */
static const char sql_list[] =
	"SELECT h.id, h.label, h.updated_at FROM households h"
	" WHERE (?1 IS NULL OR (md_search_key(h.label) >= ?1"
	"  AND md_search_key(h.label) < ?2)"
	"  OR h.id IN (SELECT m.household_id FROM person_keys k"
	"  JOIN household_members m ON m.person_id = k.person_id"
	"  AND m.moved_out_on IS NULL WHERE k.key >= ?1 AND k.key < ?2))"
	" AND (?3 = 0 OR h.id = (SELECT household_id FROM persons"
	"  WHERE id = ?3))"
	" ORDER BY h.updated_at DESC, h.id DESC LIMIT ?4";

/* The last character there is: every key that starts with a text is below
 * the text followed by it. */
static const char key_top[] = "\xF4\x8F\xBF\xBF";

/* Fill row r's head and counts from its current members. */
static enum md_status
row_members(struct md_db *db, const struct md_household_defs *defs,
	    struct md_household_row *r, struct md_err *err)
{
	struct mrow *m;
	size_t n;
	enum md_status rc = members_of(db, defs, r->id, false, &m, &n, err);
	if (rc != MD_OK)
		return rc;
	r->members = n;
	for (size_t i = 0; i < n; i++)
		r->support += m[i].needs_support;
	r->head = md_strdup(n ? m[0].name : "");
	mrows_free(m, n);
	return r->head ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
}

enum md_status
md_household_list(struct md_db *db, const struct md_user *actor,
		  const struct md_household_defs *defs,
		  const struct md_household_filter *f, size_t limit,
		  struct md_household_row **out, size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "世帯の一覧",
					    err);
	if (rc != MD_OK)
		return rc;
	char *key = f && f->text ? md_text_search_key(f->text) : NULL;
	char *top = key ? md_asprintf("%s%s", key, key_top) : NULL;
	if (key && !top) {
		md_free(key);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	sqlite3_stmt *st = md_db_stmt(db, sql_list, err);
	if (!st) {
		md_free(key);
		md_free(top);
		return err->status;
	}
	if (key && *key) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, top, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 3, f ? f->person_id : 0);
	sqlite3_bind_int64(st, 4, limit ? (long long)limit : -1);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_household_row *p = md_realloc(*out,
							(*n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		*out = p;
		struct md_household_row *r = &p[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->label = md_db_column_dup(st, 1);
		r->updated_at = md_db_column_dup(st, 2);
		if (!r->label || !r->updated_at) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "世帯の一覧", err);
	sqlite3_reset(st);
	md_free(key);
	md_free(top);
	for (size_t i = 0; rc == MD_OK && i < *n; i++)
		rc = row_members(db, defs, &(*out)[i], err);
	if (rc == MD_OK)
		rc = md_audit_list_view(db, actor->id, "世帯の一覧", err);
	if (rc != MD_OK) {
		md_household_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- 家族構成 of 第2号様式 ---- */

/* The value attribute a of member r on the day on (a new string). */
static char *
attr_value(const struct mrow *r, enum md_member_attr a, const char *on)
{
	switch (a) {
	case MD_MA_RELATION:
		return md_strdup(r->relation);
	case MD_MA_NAME:
		return md_strdup(r->name);
	case MD_MA_KANA:
		return md_strdup(r->kana);
	case MD_MA_AGE: {
		int age = md_household_age(r->birth, on);
		return age >= 0 ? md_asprintf("%d", age) : md_strdup("");
	}
	case MD_MA_LIVING:
		return md_strdup(r->living);
	case MD_MA_DEPARTMENTS: {
		char *s = md_strdup(r->departments);
		for (char *p = s; p && (p = strchr(p, '\n')) != NULL; p++)
			*p = '/';
		return s;
	}
	case MD_MA_NOTE:
		return md_strdup(r->note);
	case MD_MEMBER_ATTR_COUNT:
		break;
	}
	return md_strdup("");
}

/* Fill the family table of defs in values from person_id's household. */
static enum md_status
fill_family(struct md_db *db, const struct md_household_defs *defs,
	    long long hid, long long person_id, struct md_values *values,
	    struct md_err *err)
{
	struct mrow *m;
	size_t n;
	enum md_status rc = members_of(db, defs, hid, false, &m, &n, err);
	if (rc != MD_OK)
		return rc;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	int row = 0;
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		if (m[i].person_id == person_id)
			continue;
		row++;
		for (int a = 0; rc == MD_OK && a < MD_MEMBER_ATTR_COUNT; a++) {
			if (!defs->family_column[a])
				continue;
			char *key = md_asprintf("%s.%d.%s",
						defs->family_field->key, row,
						defs->family_column[a]);
			char *v = attr_value(&m[i], a, today);
			rc = key && v ? md_values_set(values, key, v, err)
				      : md_err_set(err, MD_ERR_NOMEM, NULL);
			md_free(key);
			md_free(v);
		}
	}
	mrows_free(m, n);
	return rc;
}

enum md_status
md_household_fill_form(struct md_db *db, const struct md_forms *forms,
		       const struct md_form *form, long long person_id,
		       struct md_values *values, struct md_err *err)
{
	long long hid = person_id ? md_household_of_person(db, person_id) : 0;
	if (!hid || !form || !forms || !forms->dir)
		return MD_OK;
	char *path = md_asprintf("%s/households.ini", forms->dir);
	if (!path)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	if (access(path, F_OK) != 0) {
		md_free(path);
		return MD_OK;
	}
	struct md_household_defs *defs = NULL;
	struct md_diags diags;
	md_diags_init(&diags);
	enum md_status rc = md_household_defs_load(path, forms, &defs, &diags,
						   err);
	md_diags_fini(&diags);
	md_free(path);
	if (rc == MD_OK && defs->family_form == form &&
	    md_values_table_rows(values, defs->family_field->key) == 0)
		rc = fill_family(db, defs, hid, person_id, values, err);
	md_household_defs_free(&defs);
	return rc;
}
