/* forms/meetings.ini: the types of meeting and their rules, with every
 * fault as file:line (meetings.h; man madoguchi-forms(5) MEETINGS). */
#include "madoguchi/meetings.h"

#include <stdlib.h>
#include <string.h>

#include "ini_int.h"
#include "madoguchi/ini.h"
#include "madoguchi/text.h"

static const char *const keys[] = {
	"label",   "basis",           "cite",         "consent",      "secrecy",
	"persons", "interval_months", "consent_rule", "secrecy_rule",
};

/* One of the two words of key (yes_word / no_word), or a fault. */
static bool
either(const struct md_ini *ini, const char *file, const char *section,
       const char *key, const char *yes_word, const char *no_word,
       struct md_diags *diags)
{
	const char *v = md_ini_value(ini, section, key, MD_INI_EMPTY_IS_ABSENT);
	int line = md_ini_key_line(ini, section, key);
	if (!v) {
		md_diags_add(diags, file, line,
			     "[%s] に %s(%s か %s)がありません", section, key,
			     yes_word, no_word);
		return false;
	}
	if (strcmp(v, yes_word) && strcmp(v, no_word))
		md_diags_add(diags, file, line,
			     "%s: %s か %s で書いてください(「%s」)", key,
			     yes_word, no_word, v);
	return !strcmp(v, yes_word);
}

/* Whether s is an id: ASCII letters, digits, "_". */
static bool
is_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

/* The type of section, its faults to diags. */
static void
load_type(struct md_meeting_defs *d, const struct md_ini *ini,
	  const struct md_ini_item *sec, struct md_diags *diags)
{
	const char *s = sec->section;
	struct md_meeting_type *t = &d->types[d->n++];
	t->line = sec->line;
	t->id = md_arena_strdup(&d->arena, s);
	if (!is_id(s))
		md_diags_add(diags, d->file, sec->line,
			     "[%s]: 会議の種類の id は英小文字・数字・_ で書いてください",
			     s);
	const char *label = md_ini_value(ini, s, "label",
					 MD_INI_EMPTY_IS_ABSENT);
	const char *cite = md_ini_value(ini, s, "cite", MD_INI_EMPTY_IS_ABSENT);
	if (!label)
		md_diags_add(diags, d->file, sec->line,
			     "[%s] に label(会議の名前)がありません", s);
	if (!cite)
		md_diags_add(diags, d->file, sec->line,
			     "[%s] に cite(根拠となる条文・資料)がありません",
			     s);
	t->label = md_arena_strdup(&d->arena, label ? label : s);
	t->cite = md_arena_strdup(&d->arena, cite ? cite : "");
	for (size_t i = 0; label && i + 1 < d->n; i++)
		if (!strcmp(d->types[i].label, label))
			md_diags_add(diags, d->file,
				     md_ini_key_line(ini, s, "label"),
				     "label: 「%s」は [%s] と同じ名前です",
				     label, d->types[i].id);
	t->consent_required = either(ini, d->file, s, "consent", "required",
				     "not_required", diags);
	t->secrecy_required = either(ini, d->file, s, "secrecy", "required",
				     "no", diags);
	t->persons = either(ini, d->file, s, "persons", "yes", "no", diags);
	const char *basis = md_ini_value(ini, s, "basis",
					 MD_INI_EMPTY_IS_ABSENT);
	if (basis) {
		char *copy = md_arena_strdup(&d->arena, basis);
		size_t n = 1;
		for (const char *p = basis; *p; p++)
			n += *p == '|';
		t->bases = md_arena_alloc(&d->arena, n * sizeof *t->bases);
		for (char *p = copy; t->bases && copy && p;) {
			char *bar = strchr(p, '|');
			if (bar)
				*bar = '\0';
			if (!*md_text_trim(p))
				md_diags_add(diags, d->file,
					     md_ini_key_line(ini, s, "basis"),
					     "basis: 空の根拠があります");
			t->bases[t->nbases++] = p;
			p = bar ? bar + 1 : NULL;
		}
	}
	if (!t->consent_required && !t->nbases)
		md_diags_add(diags, d->file, md_ini_key_line(ini, s, "basis"),
			     "[%s]: 本人の同意なしに検討できる会議(consent = not_required)は、その法的根拠を basis に書いてください",
			     s);
	const char *interval = md_ini_value(ini, s, "interval_months",
					    MD_INI_EMPTY_IS_ABSENT);
	if (interval) {
		char *end = NULL;
		long n = strtol(interval, &end, 10);
		if (*end || n < 1 || n > 24)
			md_diags_add(diags, d->file,
				     md_ini_key_line(ini, s, "interval_months"),
				     "interval_months: 1 から 24 までの月数で書いてください(「%s」)",
				     interval);
		else
			t->interval_months = (int)n;
	}
	const char *crule = md_ini_value(ini, s, "consent_rule",
					 MD_INI_EMPTY_IS_ABSENT);
	const char *srule = md_ini_value(ini, s, "secrecy_rule",
					 MD_INI_EMPTY_IS_ABSENT);
	if (!crule && (t->consent_required || !t->persons) && t->persons)
		md_diags_add(diags, d->file, sec->line,
			     "[%s] に consent_rule(同意のない人を断るときに示す規定)がありません",
			     s);
	if (!crule && !t->persons)
		md_diags_add(diags, d->file, sec->line,
			     "[%s] に consent_rule(個人を取り上げない会議で断るときに示す規定)がありません",
			     s);
	if (!srule && t->secrecy_required)
		md_diags_add(diags, d->file, sec->line,
			     "[%s] に secrecy_rule(守秘義務の確認がない出席者を断るときに示す規定)がありません",
			     s);
	t->consent_rule = md_arena_strdup(&d->arena, crule ? crule : "");
	t->secrecy_rule = md_arena_strdup(&d->arena, srule ? srule : "");
}

enum md_status
md_meeting_defs_load(const char *path, struct md_meeting_defs **out,
		     struct md_diags *diags, struct md_err *err)
{
	*out = NULL;
	struct md_ini *ini = NULL;
	enum md_status rc = md_ini_load_definitions(path, &ini, diags, err);
	if (rc != MD_OK)
		return rc;
	struct md_meeting_defs *d = md_calloc(1, sizeof *d);
	if (!d) {
		md_ini_free(&ini);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	md_arena_init(&d->arena);
	d->file = md_arena_strdup(&d->arena, path);
	size_t before = diags->n;
	d->types = md_arena_alloc(&d->arena,
				  (ini->nsections + 1) * sizeof *d->types);
	if (d->types)
		memset(d->types, 0, (ini->nsections + 1) * sizeof *d->types);
	for (size_t i = 0; d->types && i < ini->nsections; i++)
		load_type(d, ini, &ini->sections[i], diags);
	for (size_t i = 0; i < ini->nkeys; i++) {
		bool known = false;
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			known |= !strcmp(ini->keys[i].key, keys[k]);
		if (!known)
			md_diags_add(diags, path, ini->keys[i].line,
				     "[%s] に %s という項目はありません",
				     ini->keys[i].section, ini->keys[i].key);
	}
	if (!ini->nsections)
		md_diags_add(diags, path, 1, "会議の種類が一つもありません");
	md_ini_free(&ini);
	if (d->arena.failed && diags->n == before)
		md_diags_add(diags, path, 0, "%s",
			     md_status_message(MD_ERR_NOMEM));
	if (diags->n > before) {
		md_meeting_defs_free(&d);
		return md_diags_to_err(diags, MD_ERR_DEFINITION, err);
	}
	*out = d;
	return MD_OK;
}

void
md_meeting_defs_free(struct md_meeting_defs **defs)
{
	if (!*defs)
		return;
	md_arena_fini(&(*defs)->arena);
	md_free(*defs);
	*defs = NULL;
}

const struct md_meeting_type *
md_meeting_type_find(const struct md_meeting_defs *defs, const char *typed)
{
	for (size_t i = 0; typed && i < defs->n; i++)
		if (!strcmp(defs->types[i].id, typed) ||
		    !strcmp(defs->types[i].label, typed))
			return &defs->types[i];
	return NULL;
}
