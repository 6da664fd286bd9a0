/* Loading form definitions (forms/NAME.ini) and checking every fault with its line. */
#include "madoguchi/forms.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/display.h"
#include "ini_int.h"
#include "madoguchi/text.h"

static const struct {
	const char *code;
	const char *label;
} field_types[] = {
#define MD_FIELD_TYPE_ROW(name, code, label) {code, label},
	MD_FIELD_TYPE_LIST(MD_FIELD_TYPE_ROW)
#undef MD_FIELD_TYPE_ROW
};

static const struct {
	const char *code;
	const char *label;
} person_fields[] = {
#define MD_PERSON_FIELD_ROW(name, code, label) {code, label},
	MD_PERSON_FIELD_LIST(MD_PERSON_FIELD_ROW)
#undef MD_PERSON_FIELD_ROW
};

const char *
md_field_type_code(enum md_field_type t)
{
	return (unsigned)t < MD_FIELD_TYPE_COUNT ? field_types[t].code : "?";
}

const char *
md_field_type_label(enum md_field_type t)
{
	return (unsigned)t < MD_FIELD_TYPE_COUNT ? field_types[t].label : "?";
}

bool
md_field_type_parse(const char *s, enum md_field_type *out)
{
	for (int i = 0; i < MD_FIELD_TYPE_COUNT; i++)
		if (!strcmp(s, field_types[i].code)) {
			*out = (enum md_field_type)i;
			return true;
		}
	return false;
}

const char *
md_person_field_code(enum md_person_field f)
{
	return (unsigned)f < MD_PERSON_FIELD_COUNT ? person_fields[f].code
						   : "?";
}

const char *
md_person_field_label(enum md_person_field f)
{
	return (unsigned)f < MD_PERSON_FIELD_COUNT ? person_fields[f].label
						   : "?";
}

bool
md_person_field_parse(const char *s, enum md_person_field *out)
{
	for (int i = 0; i < MD_PERSON_FIELD_COUNT; i++)
		if (!strcmp(s, person_fields[i].code)) {
			*out = (enum md_person_field)i;
			return true;
		}
	return false;
}

/* The type a person binding needs. */
static enum md_field_type
person_field_type(enum md_person_field pf)
{
	switch (pf) {
	case MD_PERSON_SEX:
		return MD_FIELD_CHOICE;
	case MD_PERSON_BIRTH_DATE:
		return MD_FIELD_DATE;
	case MD_PERSON_POSTAL_CODE:
		return MD_FIELD_POSTAL;
	case MD_PERSON_PHONE_HOME:
	case MD_PERSON_PHONE_MOBILE:
		return MD_FIELD_PHONE;
	case MD_PERSON_EMAIL:
		return MD_FIELD_EMAIL;
	default:
		return MD_FIELD_TEXT;
	}
}

#define T(x) (1u << (x))
#define ALL_TYPES ((1u << MD_FIELD_TYPE_COUNT) - 1)
#define NUMERIC (T(MD_FIELD_NUMBER) | T(MD_FIELD_YEN))
#define CHOICES (T(MD_FIELD_CHOICE) | T(MD_FIELD_MULTI))

/* The keys a [field.*] section may hold, and for which types. */
static const struct {
	const char *key;
	unsigned types;
	const char *types_text; /* for the message when misused */
} field_keys[] = {
	{"label", ALL_TYPES, NULL},
	{"type", ALL_TYPES, NULL},
	{"section", ALL_TYPES, NULL},
	{"help", ALL_TYPES, NULL},
	{"source", ALL_TYPES, NULL},
	{"required", ALL_TYPES & ~T(MD_FIELD_FIXED), "fixed 以外"},
	{"report", ALL_TYPES, NULL},
	{"set_by", ALL_TYPES & ~T(MD_FIELD_FIXED), "fixed 以外"},
	{"options", CHOICES, "choice と multi"},
	{"other", CHOICES, "choice と multi"},
	{"primary", T(MD_FIELD_MULTI), "multi"},
	{"max", T(MD_FIELD_TEXT) | T(MD_FIELD_TEXTAREA) | NUMERIC,
	 "text、textarea、number、yen"},
	{"min", NUMERIC, "number と yen"},
	{"unit", NUMERIC, "number と yen"},
	{"text", T(MD_FIELD_FIXED), "fixed"},
	{"person",
	 T(MD_FIELD_TEXT) | T(MD_FIELD_CHOICE) | T(MD_FIELD_DATE) |
		 T(MD_FIELD_POSTAL) | T(MD_FIELD_PHONE) | T(MD_FIELD_EMAIL),
	 "text、choice、date、postal、phone、email"},
	{"default", T(MD_FIELD_DATE) | T(MD_FIELD_STAFF), "date と staff"},
	{"case", T(MD_FIELD_DATE), "date"},
};

static const char *const form_keys[] = {"id",         "number",
					"title",      "kind",
					"order",      "person_header",
					"date_field", "appointment_field"};

#define COLUMN_TYPES                                                           \
	(T(MD_FIELD_TEXT) | T(MD_FIELD_NUMBER) | T(MD_FIELD_YEN) |             \
	 T(MD_FIELD_DATE) | T(MD_FIELD_CHOICE) | T(MD_FIELD_YESNO))
static const char *const column_keys[] = {"label", "type", "options", "max"};

#define TEXT_MAX_DEFAULT 100
#define TEXTAREA_MAX_DEFAULT 4000
#define NUMBER_MAX_DEFAULT 999999999999LL

/* The state of loading one file. */
struct loader {
	struct md_arena *arena;
	struct md_ini *ini;
	struct md_diags *diags;
	const char *path;
};

static void fault(struct loader *ld, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fault(struct loader *ld, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	md_diags_vadd(ld->diags, ld->path, line, fmt, ap);
	va_end(ap);
}

/* Lower-case ASCII letters, digits and '_', starting with a letter. */
static bool
valid_key(const char *s, size_t n)
{
	if (n == 0 || n > 40 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return false;
	}
	return true;
}

/* A value as written: in a form, "key =" is a value (and a fault where
 * one is needed). */
static const char *
get(struct loader *ld, const char *section, const char *key)
{
	return md_ini_value(ld->ini, section, key, MD_INI_EMPTY_IS_VALUE);
}

/* A value that must be present and non-empty; NULL (and a fault) if not. */
static const char *
need(struct loader *ld, const char *section, const char *key, const char *what)
{
	const char *v = get(ld, section, key);
	if (!v || !*v) {
		fault(ld, md_ini_line(ld->ini, section, NULL),
		      "[%s] に %s(%s)がありません", section, key, what);
		return NULL;
	}
	struct md_err terr;
	if (md_text_check(v, false, key, &terr) != MD_OK) {
		fault(ld, md_ini_key_line(ld->ini, section, key), "[%s] %s",
		      section, terr.msg);
		return NULL;
	}
	return md_arena_strdup(ld->arena, v);
}

static bool
parse_number(struct loader *ld, const char *section, const char *key,
	     long long *out)
{
	const char *v = get(ld, section, key);
	if (!v)
		return false;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || errno) {
		fault(ld, md_ini_key_line(ld->ini, section, key),
		      "[%s] の %s は整数で指定してください(「%s」)", section,
		      key, v);
		return false;
	}
	*out = n;
	return true;
}

/* Split "a|b|c" into trimmed options; faults for empty or repeated ones. */
static const char **
parse_options(struct loader *ld, const char *section, size_t *count)
{
	const char *v = get(ld, section, "options");
	*count = 0;
	if (!v || !*v)
		return NULL;
	int line = md_ini_key_line(ld->ini, section, "options");
	size_t n = 1;
	for (const char *p = v; *p; p++)
		n += *p == '|';
	const char **opts = md_arena_alloc(ld->arena, n * sizeof *opts);
	if (!opts)
		return NULL;
	size_t k = 0;
	const char *p = v;
	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		char *opt = md_arena_strndup(ld->arena, p, len);
		if (!opt)
			return NULL;
		md_text_trim(opt);
		if (!*opt) {
			fault(ld, line, "[%s] の選択肢に空のものがあります",
			      section);
		} else if (strchr(opt, '\n') || md_options_has(opts, k, opt)) {
			fault(ld, line, "[%s] の選択肢「%s」が重複しています",
			      section, opt);
		} else if (strstr(opt, MD_DISPLAY_JOINER)) {
			/* It joins the options chosen on the screens and in
			 * the prints: inside one, two would read as three. */
			fault(ld, line,
			      "[%s] の選択肢「%s」に「%s」は使えません(選んだ選択肢の区切りに使います)",
			      section, opt, MD_DISPLAY_JOINER);
		} else {
			struct md_err terr;
			if (md_text_check(opt, false, "選択肢", &terr) != MD_OK)
				fault(ld, line, "[%s] %s", section, terr.msg);
			else
				opts[k++] = opt;
		}
		if (!bar)
			break;
		p = bar + 1;
	}
	*count = k;
	return opts;
}

static void
check_keys(struct loader *ld, const char *section, const char *const *allowed,
	   size_t nallowed)
{
	for (size_t i = 0; i < ld->ini->nkeys; i++) {
		const struct md_ini_item *it = &ld->ini->keys[i];
		if (strcmp(it->section, section))
			continue;
		bool ok = false;
		for (size_t k = 0; k < nallowed && !ok; k++)
			ok = !strcmp(it->key, allowed[k]);
		if (!ok)
			fault(ld, it->line, "[%s] に不明なキー %s があります",
			      section, it->key);
	}
}

static void
check_field_keys(struct loader *ld, const char *section,
		 enum md_field_type type, bool type_known)
{
	for (size_t i = 0; i < ld->ini->nkeys; i++) {
		const struct md_ini_item *it = &ld->ini->keys[i];
		if (strcmp(it->section, section))
			continue;
		size_t k = 0;
		size_t nk = sizeof field_keys / sizeof field_keys[0];
		while (k < nk && strcmp(it->key, field_keys[k].key))
			k++;
		if (k == nk)
			fault(ld, it->line, "[%s] に不明なキー %s があります",
			      section, it->key);
		else if (type_known && !(field_keys[k].types & T(type)))
			fault(ld, it->line,
			      "[%s] の %s は %s の項目だけに使えます(この項目は %s)",
			      section, it->key, field_keys[k].types_text,
			      md_field_type_code(type));
	}
}

static void
load_options(struct loader *ld, const char *section, struct md_field *f)
{
	f->options = parse_options(ld, section, &f->noptions);
	if (f->noptions == 0) {
		fault(ld, md_ini_key_line(ld->ini, section, "options"),
		      "[%s] に選択肢(options = 選択肢1|選択肢2|…)がありません",
		      section);
		return;
	}
	const char *other = get(ld, section, "other");
	if (other) {
		if (!md_options_has(f->options, f->noptions, other))
			fault(ld, md_ini_key_line(ld->ini, section, "other"),
			      "[%s] の other「%s」が選択肢にありません",
			      section, other);
		else
			f->other = md_arena_strdup(ld->arena, other);
	}
	if (f->type == MD_FIELD_MULTI && get(ld, section, "primary"))
		f->primary = need(ld, section, "primary", "◎ の見出し");
}

static void
load_field(struct loader *ld, const char *section, const char *key,
	   struct md_field *f, int line)
{
	f->key = md_arena_strdup(ld->arena, key);
	f->line = line;
	f->person = MD_PERSON_NONE;
	f->label = need(ld, section, "label", "項目名");
	f->section = need(ld, section, "section", "区分");
	f->help = need(ld, section, "help", "1 行の説明");
	const char *type = get(ld, section, "type");
	bool type_known = false;
	if (!type)
		fault(ld, line, "[%s] に type(型)がありません", section);
	else if (!md_field_type_parse(type, &f->type))
		fault(ld, md_ini_key_line(ld->ini, section, "type"),
		      "[%s] の型 %s は使えません(text、textarea、date、time、number、yen、phone、postal、email、choice、multi、yesno、staff、agency、fixed、table のどれか)",
		      section, type);
	else
		type_known = true;
	check_field_keys(ld, section, f->type, type_known);

	const char *source = get(ld, section, "source");
	if (!source)
		fault(ld, line, "[%s] に source(V か P)がありません", section);
	else if (strcmp(source, "V") && strcmp(source, "P"))
		fault(ld, md_ini_key_line(ld->ini, section, "source"),
		      "[%s] の source は V(出典で確認)か P(暫定)で指定してください",
		      section);
	else
		f->source = source[0];
	f->required = md_ini_flag(ld->ini, ld->diags, section, "required",
				  false, MD_INI_EMPTY_IS_VALUE);
	f->report = md_ini_flag(ld->ini, ld->diags, section, "report", false,
				MD_INI_EMPTY_IS_VALUE);
	const char *set_by = get(ld, section, "set_by");
	if (set_by) {
		if (strcmp(set_by, "workflow"))
			fault(ld, md_ini_key_line(ld->ini, section, "set_by"),
			      "[%s] の set_by は workflow だけが指定できます",
			      section);
		f->by_workflow = true;
	}
	if (!type_known)
		return;

	switch (f->type) {
	case MD_FIELD_TEXT:
		f->max = TEXT_MAX_DEFAULT;
		break;
	case MD_FIELD_TEXTAREA:
		f->max = TEXTAREA_MAX_DEFAULT;
		break;
	case MD_FIELD_NUMBER:
	case MD_FIELD_YEN:
		f->min = 0;
		f->max = NUMBER_MAX_DEFAULT;
		parse_number(ld, section, "min", &f->min);
		if (get(ld, section, "unit"))
			f->unit = md_arena_strdup(ld->arena,
						  get(ld, section, "unit"));
		break;
	case MD_FIELD_CHOICE:
	case MD_FIELD_MULTI:
		load_options(ld, section, f);
		break;
	case MD_FIELD_FIXED:
		f->text = need(ld, section, "text", "表示する文");
		break;
	default:
		break;
	}
	if (get(ld, section, "max") &&
	    parse_number(ld, section, "max", &f->max) && f->max < 1)
		fault(ld, md_ini_key_line(ld->ini, section, "max"),
		      "[%s] の max は 1 以上にしてください", section);
	if (f->min > f->max)
		fault(ld, md_ini_key_line(ld->ini, section, "min"),
		      "[%s] の min が max より大きくなっています", section);

	const char *person = get(ld, section, "person");
	if (person) {
		enum md_person_field pf;
		if (!md_person_field_parse(person, &pf))
			fault(ld, md_ini_key_line(ld->ini, section, "person"),
			      "[%s] の person「%s」はありません(name、kana、sex、birth_date、postal_code、address、phone_home、phone_mobile、email)",
			      section, person);
		else if (person_field_type(pf) != f->type)
			fault(ld, md_ini_key_line(ld->ini, section, "person"),
			      "[%s] を本人の %s に結び付けるには型を %s にしてください",
			      section, person,
			      md_field_type_code(person_field_type(pf)));
		else
			f->person = pf;
	}
	const char *bind = get(ld, section, "case");
	if (bind && f->type == MD_FIELD_DATE) {
		if (strcmp(bind, "received_on"))
			fault(ld, md_ini_key_line(ld->ini, section, "case"),
			      "[%s] の case「%s」はありません(received_on: ケースの受付日)",
			      section, bind);
		else
			f->case_received = true;
	}
	const char *def = get(ld, section, "default");
	if (def && (f->type == MD_FIELD_DATE || f->type == MD_FIELD_STAFF)) {
		if (!strcmp(def, "today") && f->type == MD_FIELD_DATE)
			f->def = MD_DEFAULT_TODAY;
		else if (!strcmp(def, "me") && f->type == MD_FIELD_STAFF)
			f->def = MD_DEFAULT_ME;
		else
			fault(ld, md_ini_key_line(ld->ini, section, "default"),
			      "[%s] の default「%s」は使えません(date には today、staff には me)",
			      section, def);
	}
}

static void
load_column(struct loader *ld, const char *section, struct md_field *table,
	    const char *key, int line)
{
	check_keys(ld, section, column_keys,
		   sizeof column_keys / sizeof column_keys[0]);
	struct md_column *cols = md_arena_alloc(ld->arena, (table->ncolumns +
							    1) * sizeof *cols);
	if (!cols)
		return;
	if (table->ncolumns)
		memcpy(cols, table->columns, table->ncolumns * sizeof *cols);
	struct md_column *c = &cols[table->ncolumns];
	table->columns = cols;
	c->key = md_arena_strdup(ld->arena, key);
	c->line = line;
	c->label = need(ld, section, "label", "列名");
	c->max = TEXT_MAX_DEFAULT;
	const char *type = get(ld, section, "type");
	if (!type) {
		fault(ld, line, "[%s] に type(型)がありません", section);
		return;
	}
	if (!md_field_type_parse(type, &c->type) ||
	    !(T(c->type) & COLUMN_TYPES)) {
		fault(ld, md_ini_key_line(ld->ini, section, "type"),
		      "[%s] の型 %s は表の列に使えません(text、number、yen、date、choice、yesno のどれか)",
		      section, type);
		return;
	}
	if (c->type == MD_FIELD_CHOICE) {
		c->options = parse_options(ld, section, &c->noptions);
		if (c->noptions == 0)
			fault(ld, md_ini_key_line(ld->ini, section, "options"),
			      "[%s] に選択肢(options)がありません", section);
	} else if (get(ld, section, "options")) {
		fault(ld, md_ini_key_line(ld->ini, section, "options"),
		      "[%s] の options は choice の列だけに使えます", section);
	}
	long long max;
	if (parse_number(ld, section, "max", &max)) {
		if (max < 1 || max > 100000)
			fault(ld, md_ini_key_line(ld->ini, section, "max"),
			      "[%s] の max は 1 以上にしてください", section);
		else
			c->max = (int)max;
	}
	table->ncolumns++;
}

static void
add_section_name(struct loader *ld, struct md_form *form, const char *name)
{
	if (!name)
		return;
	for (size_t i = 0; i < form->nsections; i++)
		if (!strcmp(form->sections[i], name))
			return;
	const char **s = md_arena_alloc(ld->arena,
					(form->nsections + 1) * sizeof *s);
	if (!s)
		return;
	if (form->nsections)
		memcpy(s, form->sections, form->nsections * sizeof *s);
	s[form->nsections++] = name;
	form->sections = s;
}

/* Load one file into form; faults go to ld->diags. */
static void
load_form(struct loader *ld, struct md_form *form)
{
	struct md_ini *ini = ld->ini;
	form->file = md_arena_strdup(ld->arena, ld->path);
	form->person_header = true;
	if (!md_ini_line(ini, "form", NULL)) {
		fault(ld, 1, "[form] セクションがありません");
	} else {
		check_keys(ld, "form", form_keys,
			   sizeof form_keys / sizeof form_keys[0]);
		form->id = need(ld, "form", "id", "様式の識別子");
		if (form->id && !valid_key(form->id, strlen(form->id)))
			fault(ld, md_ini_key_line(ld->ini, "form", "id"),
			      "[form] の id「%s」は英小文字・数字・_ で書いてください",
			      form->id);
		form->number = need(ld, "form", "number", "様式番号");
		form->title = need(ld, "form", "title", "様式名");
		const char *kind = get(ld, "form", "kind");
		if (kind && !strcmp(kind, "entries"))
			form->entries = true;
		else if (kind && strcmp(kind, "single"))
			fault(ld, md_ini_key_line(ld->ini, "form", "kind"),
			      "[form] の kind は single か entries で指定してください");
		long long order = 0;
		if (parse_number(ld, "form", "order", &order))
			form->order = (int)order;
		form->person_header = md_ini_flag(ld->ini, ld->diags, "form",
						  "person_header", true,
						  MD_INI_EMPTY_IS_VALUE);
	}

	size_t nfields = 0;
	for (size_t i = 0; i < ini->nsections; i++)
		nfields += !strncmp(ini->sections[i].section, "field.", 6);
	form->fields = md_arena_alloc(ld->arena, (nfields ? nfields : 1) *
							 sizeof *form->fields);
	if (!form->fields)
		return;

	for (size_t i = 0; i < ini->nsections; i++) {
		const char *name = ini->sections[i].section;
		int line = ini->sections[i].line;
		if (!strcmp(name, "form"))
			continue;
		if (!strncmp(name, "field.", 6)) {
			const char *key = name + 6;
			if (!valid_key(key, strlen(key))) {
				fault(ld, line,
				      "[%s] の項目キーは英小文字・数字・_ で書いてください",
				      name);
				continue;
			}
			struct md_field *f = &form->fields[form->nfields++];
			load_field(ld, name, key, f, line);
			add_section_name(ld, form, f->section);
			continue;
		}
		if (!strncmp(name, "column.", 7))
			continue; /* after all fields are known */
		fault(ld, line,
		      "不明なセクション [%s] です([form]、[field.キー]、[column.表.列] のどれか)",
		      name);
	}

	for (size_t i = 0; i < ini->nsections; i++) {
		const char *name = ini->sections[i].section;
		int line = ini->sections[i].line;
		if (strncmp(name, "column.", 7))
			continue;
		const char *dot = strchr(name + 7, '.');
		if (!dot || !valid_key(dot + 1, strlen(dot + 1)) ||
		    !valid_key(name + 7, (size_t)(dot - name - 7))) {
			fault(ld, line,
			      "[%s] は [column.表のキー.列のキー] の形で書いてください",
			      name);
			continue;
		}
		char *table = md_arena_strndup(ld->arena, name + 7,
					       (size_t)(dot - name - 7));
		struct md_field *f = table ? (struct md_field *)
						     md_form_field(form, table)
					   : NULL;
		if (!f) {
			fault(ld, line, "[%s] の表 %s がありません", name,
			      table ? table : "?");
			continue;
		}
		if (f->type != MD_FIELD_TABLE) {
			fault(ld, line,
			      "[%s]: %s は表(type = table)ではありません", name,
			      table);
			continue;
		}
		if (md_field_column(f, dot + 1)) {
			fault(ld, line, "[%s] の列が重複しています", name);
			continue;
		}
		load_column(ld, name, f, dot + 1, line);
	}

	bool bound[MD_PERSON_FIELD_COUNT] = {false};
	const struct md_field *received = NULL;
	for (size_t i = 0; i < form->nfields; i++) {
		struct md_field *f = &form->fields[i];
		if (f->case_received) {
			if (received)
				fault(ld, f->line,
				      "ケースの受付日(case = received_on)に結び付いた項目が 2 つあります(%s と %s)",
				      received->key, f->key);
			received = f;
		}
		if (f->type == MD_FIELD_TABLE && f->ncolumns == 0)
			fault(ld, f->line,
			      "表 %s に列がありません([column.%s.列のキー] を書いてください)",
			      f->key, f->key);
		if (f->person != MD_PERSON_NONE) {
			if (bound[f->person])
				fault(ld, f->line,
				      "本人の %s に結び付いた項目が 2 つあります(%s)",
				      md_person_field_code(f->person), f->key);
			bound[f->person] = true;
		}
	}
	const char *date_field = get(ld, "form", "date_field");
	if (date_field) {
		const struct md_field *df = md_form_field(form, date_field);
		if (!df || df->type != MD_FIELD_DATE)
			fault(ld,
			      md_ini_key_line(ld->ini, "form", "date_field"),
			      "[form] の date_field「%s」は日付(date)の項目ではありません",
			      date_field);
		else
			form->date_field = df->key;
	} else if (form->entries) {
		fault(ld, md_ini_line(ini, "form", NULL),
		      "kind = entries の様式には date_field(並べる日付の項目)が必要です");
	}
	/* A case has one 受付日: one record of the form holds it. */
	if (received && form->entries)
		fault(ld, received->line,
		      "kind = entries の様式の項目 %s はケースの受付日(case = received_on)にできません",
		      received->key);
	const char *next = get(ld, "form", "appointment_field");
	if (next) {
		const struct md_field *nf = md_form_field(form, next);
		if (!form->entries || !nf || nf->type != MD_FIELD_DATE)
			fault(ld,
			      md_ini_key_line(ld->ini, "form",
					      "appointment_field"),
			      "[form] の appointment_field「%s」は、kind = entries の様式の日付(date)の項目にしてください",
			      next);
		else
			form->appointment_field = nf->key;
	}
	if (form->nfields == 0 && md_ini_line(ini, "form", NULL))
		fault(ld, md_ini_line(ini, "form", NULL),
		      "項目([field.キー])が 1 つもありません");
}

static enum md_status
load_file(struct md_arena *arena, const char *path, struct md_form *form,
	  struct md_diags *diags, struct md_err *err)
{
	struct loader ld = {arena, NULL, diags, path};
	size_t before = diags->n;
	enum md_status rc = md_ini_load(path, &ld.ini, diags, err);
	if (rc == MD_ERR_DEFINITION)
		return rc;
	if (rc != MD_OK) {
		md_diags_add(diags, NULL, 0, "%s", err->msg); /* names path */
		return MD_ERR_DEFINITION;
	}
	memset(form, 0, sizeof *form);
	load_form(&ld, form);
	md_ini_free(&ld.ini);
	if (arena->failed)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	return diags->n > before ? MD_ERR_DEFINITION : MD_OK;
}

static int
compare_forms(const void *a, const void *b)
{
	const struct md_form *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load the given files as one set (ids must differ across files). */
static enum md_status
load_set(const char *dir, const char *const *paths, size_t n,
	 struct md_forms **out, struct md_diags *diags, struct md_err *err)
{
	struct md_forms *set = md_calloc(1, sizeof *set);
	if (!set)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_arena_init(&set->arena);
	set->dir = md_arena_strdup(&set->arena, dir ? dir : "");
	set->forms = md_arena_alloc(&set->arena,
				    (n ? n : 1) * sizeof *set->forms);
	enum md_status rc = MD_OK;
	if (!set->forms) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct md_form *f = &set->forms[set->n];
		enum md_status frc = load_file(&set->arena, paths[i], f, diags,
					       err);
		if (frc == MD_ERR_NOMEM) {
			rc = frc;
			goto out;
		}
		if (frc != MD_OK) {
			rc = MD_ERR_DEFINITION;
			continue;
		}
		for (size_t k = 0; k < set->n; k++) {
			if (!strcmp(set->forms[k].id, f->id)) {
				md_diags_add(diags, paths[i], 0,
					     "様式 id「%s」が %s と重複しています",
					     f->id, set->forms[k].file);
				rc = MD_ERR_DEFINITION;
			}
			const struct md_field *a = md_form_received_field(f);
			const struct md_field *b = md_form_received_field(
				&set->forms[k]);
			if (a && b) {
				md_diags_add(diags, paths[i], a->line,
					     "ケースの受付日(case = received_on)は %s の %s にも結び付いています(1 つの項目だけにしてください)",
					     set->forms[k].file, b->key);
				rc = MD_ERR_DEFINITION;
			}
		}
		set->n++;
	}
	if (rc == MD_OK && set->n == 0) {
		md_diags_add(diags, dir ? dir : "forms", 0,
			     "様式の定義(*.ini)が 1 つもありません");
		rc = MD_ERR_DEFINITION;
	}
	if (rc == MD_OK) {
		qsort(set->forms, set->n, sizeof *set->forms, compare_forms);
		*out = set;
		return MD_OK;
	}
	if (rc == MD_ERR_DEFINITION)
		md_err_set(err, MD_ERR_DEFINITION,
			   "様式の定義に %zu 件の誤りがあります", diags->n);
out:
	md_forms_free(&set);
	return rc;
}

enum md_status
md_forms_load(const char *dir, struct md_forms **out, struct md_diags *diags,
	      struct md_err *err)
{
	*out = NULL;
	DIR *d = opendir(dir);
	if (!d)
		return md_err_set(err,
				  errno == ENOENT ? MD_ERR_NOTFOUND : MD_ERR_IO,
				  "様式のフォルダ %s を開けません(%s)", dir,
				  md_strerror(errno));
	char **paths = NULL;
	size_t n = 0;
	enum md_status rc = MD_OK;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".ini") ||
		    e->d_name[0] == '.' || !strcmp(e->d_name, "workflow.ini") ||
		    !strcmp(e->d_name, "contacts.ini") ||
		    !strcmp(e->d_name, "households.ini") ||
		    !strcmp(e->d_name, "meetings.ini") ||
		    !strcmp(e->d_name, "counts.ini"))
			continue;
		char **p = md_realloc(paths, (n + 1) * sizeof *p);
		if (!p || !(p[n] = md_asprintf("%s/%s", dir, e->d_name))) {
			paths = p ? p : paths;
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		paths = p;
		n++;
	}
	closedir(d);
	if (rc == MD_OK) {
		qsort(paths, n, sizeof *paths, compare_names);
		rc = load_set(dir, (const char *const *)paths, n, out, diags,
			      err);
	}
	for (size_t i = 0; i < n; i++)
		md_free(paths[i]);
	md_free(paths);
	return rc;
}

enum md_status
md_forms_check_files(const char *const *paths, size_t n, struct md_diags *diags,
		     struct md_err *err)
{
	struct md_forms *set = NULL;
	enum md_status rc = load_set(NULL, paths, n, &set, diags, err);
	md_forms_free(&set);
	return rc;
}

void
md_forms_free(struct md_forms **pforms)
{
	struct md_forms *f = *pforms;
	if (!f)
		return;
	md_arena_fini(&f->arena);
	md_free(f);
	*pforms = NULL;
}

const struct md_form *
md_forms_find(const struct md_forms *forms, const char *name)
{
	for (size_t i = 0; i < forms->n; i++) {
		const struct md_form *f = &forms->forms[i];
		if (!strcmp(f->id, name) || !strcmp(f->number, name))
			return f;
	}
	/* "第1号" or "1" for "第1号様式"; full-width digits too. */
	char *folded = md_text_ascii_fold(name);
	if (!folded)
		return NULL;
	const struct md_form *found = NULL;
	for (size_t i = 0; i < forms->n && !found; i++) {
		const struct md_form *f = &forms->forms[i];
		char *num = md_text_ascii_fold(f->number);
		if (!num)
			break;
		const char *digits = num + strcspn(num, "0123456789");
		size_t dl = strspn(digits, "0123456789");
		char *want = md_asprintf("%.*s", (int)dl, digits);
		char *short_form = md_asprintf("第%.*s号", (int)dl, digits);
		if (want && short_form && dl &&
		    (!strcmp(folded, want) || !strcmp(folded, short_form)))
			found = f;
		md_free(want);
		md_free(short_form);
		md_free(num);
	}
	md_free(folded);
	return found;
}

const struct md_field *
md_form_field(const struct md_form *form, const char *key)
{
	for (size_t i = 0; i < form->nfields; i++)
		if (form->fields[i].key && !strcmp(form->fields[i].key, key))
			return &form->fields[i];
	return NULL;
}

const struct md_field *
md_form_person_field(const struct md_form *form, enum md_person_field pf)
{
	for (size_t i = 0; i < form->nfields; i++)
		if (form->fields[i].person == pf)
			return &form->fields[i];
	return NULL;
}

const struct md_field *
md_form_received_field(const struct md_form *form)
{
	for (size_t i = 0; i < form->nfields; i++)
		if (form->fields[i].case_received)
			return &form->fields[i];
	return NULL;
}

const struct md_column *
md_field_column(const struct md_field *field, const char *key)
{
	for (size_t i = 0; i < field->ncolumns; i++)
		if (!strcmp(field->columns[i].key, key))
			return &field->columns[i];
	return NULL;
}

bool
md_options_has(const char *const *options, size_t n, const char *option)
{
	for (size_t i = 0; i < n; i++)
		if (options[i] && !strcmp(options[i], option))
			return true;
	return false;
}

size_t
md_form_required_count(const struct md_form *form)
{
	size_t n = 0;
	for (size_t i = 0; i < form->nfields; i++)
		n += form->fields[i].required;
	return n;
}

void
md_choices_parse(struct md_arena *arena, const struct md_forms *forms,
		 const char *file, int line, const char *key, const char *value,
		 struct md_choices *out, const struct md_field **from,
		 struct md_diags *diags)
{
	out->line = line;
	if (from)
		*from = NULL;
	/* "FORM.FIELD", alone or first: that field's options (then those
	 * after it, "reception.topics|制度についての質問"). A first item with a
	 * dot that names no form is an option when others follow it. */
	const char *bar1 = strchr(value, '|');
	size_t len1 = bar1 ? (size_t)(bar1 - value) : strlen(value);
	const char *dot = memchr(value, '.', len1);
	const struct md_field *f = NULL;
	if (dot && !memchr(value, ' ', len1)) {
		char form_id[64], field_id[64];
		snprintf(form_id, sizeof form_id, "%.*s", (int)(dot - value),
			 value);
		snprintf(field_id, sizeof field_id, "%.*s",
			 (int)(value + len1 - dot - 1), dot + 1);
		const struct md_form *form = forms ? md_forms_find(forms,
								   form_id)
						   : NULL;
		f = form ? md_form_field(form, field_id) : NULL;
		if (!form && !bar1) {
			md_diags_add(diags, file, line,
				     "%s: 様式 %s はありません", key, form_id);
			return;
		}
		if (form && (!f || (f->type != MD_FIELD_CHOICE &&
				    f->type != MD_FIELD_MULTI))) {
			md_diags_add(diags, file, line,
				     "%s: %s に選択の項目 %s はありません", key,
				     form_id, field_id);
			return;
		}
		if (f && from)
			*from = f;
	}
	size_t n = 1 + (f ? f->noptions : 0);
	for (const char *p = value; *p; p++)
		n += *p == '|';
	out->items = md_arena_alloc(arena, n * sizeof *out->items);
	if (!out->items)
		return;
	for (size_t i = 0; f && i < f->noptions; i++)
		out->items[out->n++] = f->options[i];
	for (const char *p = f ? (bar1 ? bar1 + 1 : NULL) : value; p;) {
		const char *bar = strchr(p, '|');
		char *item = md_arena_strndup(arena, p,
					      bar ? (size_t)(bar - p)
						  : strlen(p));
		p = bar ? bar + 1 : NULL;
		if (!item)
			return;
		md_text_trim(item);
		if (!*item) {
			md_diags_add(diags, file, line,
				     "%s: 空の選択肢があります(| が続いています)",
				     key);
			continue;
		}
		if (md_choices_have(out, item)) {
			md_diags_add(diags, file, line,
				     "%s: 選択肢「%s」が 2 回あります", key,
				     item);
			continue;
		}
		out->items[out->n++] = item;
	}
}

bool
md_choices_have(const struct md_choices *l, const char *s)
{
	for (size_t i = 0; s && i < l->n; i++)
		if (!strcmp(l->items[i], s))
			return true;
	return false;
}
