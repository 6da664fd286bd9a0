/* Contacts (相談票), outreach attempts (把握), offices and the promotion of
 * a contact to a case: 000 第3条(1), 第4条; 001 第9条(1)・(2); 004 §2(1). */
#include "madoguchi/contacts.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/ini.h"
#include "madoguchi/records.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"

/* ---- the definitions ---- */

struct list_key {
	size_t offset;
	const char *section, *key;
};

static const struct list_key list_keys[] = {
#define MD_CONTACT_LIST_KEY(member, section, key)                              \
	{offsetof(struct md_contact_defs, member), section, key},
	MD_CONTACT_LISTS(MD_CONTACT_LIST_KEY)
#undef MD_CONTACT_LIST_KEY
};
#define NLISTS (sizeof list_keys / sizeof list_keys[0])

/* The single keys, beside the lists: section, key, and whether needed. */
static const struct {
	const char *section, *key;
	bool required;
} single_keys[] = {
	{"contact", "visit_kind", true},
	{"contact", "referral_response", true},
	{"contact", "case_form", false},
	{"contact", "case_date", false},
	{"contact", "case_channel", false},
	{"contact", "case_topics", false},
	{"contact", "case_note", false},
};
#define NSINGLE (sizeof single_keys / sizeof single_keys[0])

/* The keys of [guide], the 案内票's wording. */
static const struct {
	size_t offset;
	const char *key;
	bool may_be_empty;
} guide_keys[] = {
#define MD_GUIDE_KEY(member, key, may_be_empty)                                \
	{offsetof(struct md_guide_texts, member), key, may_be_empty},
	MD_GUIDE_TEXTS(MD_GUIDE_KEY)
#undef MD_GUIDE_KEY
};
#define NGUIDE (sizeof guide_keys / sizeof guide_keys[0])

static bool
known_key(const char *section, const char *key)
{
	for (size_t i = 0; !strcmp(section, "guide") && i < NGUIDE; i++)
		if (!strcmp(guide_keys[i].key, key))
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

/* Read [guide] of ini into d->guide: every key present, the wording of
 * those that may not be empty not empty; faults to diags at their line. */
static void
load_guide(struct md_contact_defs *d, const struct md_ini *ini,
	   struct md_diags *diags)
{
	int section = md_ini_line(ini, "guide", NULL);
	if (!section) {
		md_diags_add(diags, d->file, 0,
			     "[guide](案内票の文言)がありません");
		return;
	}
	for (size_t i = 0; i < NGUIDE; i++) {
		const char *v = md_ini_get(ini, "guide", guide_keys[i].key);
		int line = md_ini_line(ini, "guide", guide_keys[i].key);
		const char **to = (const char **)((char *)&d->guide +
						  guide_keys[i].offset);
		if (!v)
			md_diags_add(diags, d->file, section,
				     "[guide] に %s(案内票の文言)がありません",
				     guide_keys[i].key);
		else if (!*v && !guide_keys[i].may_be_empty)
			md_diags_add(diags, d->file, line,
				     "[guide] の %s が空です(案内票に印刷する文言を書いてください)",
				     guide_keys[i].key);
		else
			*to = md_arena_strdup(&d->arena, v);
	}
}

enum md_status
md_contact_defs_load(const char *path, const struct md_forms *forms,
		     struct md_contact_defs **out, struct md_diags *diags,
		     struct md_err *err)
{
	*out = NULL;
	struct md_ini *ini = NULL;
	enum md_status rc = md_ini_load_definitions(path, &ini, diags, err);
	if (rc != MD_OK)
		return rc;
	struct md_contact_defs *d = md_calloc(1, sizeof *d);
	if (!d) {
		md_ini_free(&ini);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	md_arena_init(&d->arena);
	d->file = md_arena_strdup(&d->arena, path);
	size_t before = diags->n;
	for (size_t i = 0; i < ini->nsections; i++) {
		const char *s = ini->sections[i].section;
		if (strcmp(s, "contact") && strcmp(s, "outreach") &&
		    strcmp(s, "referral") && strcmp(s, "guide"))
			md_diags_add(diags, path, ini->sections[i].line,
				     "[%s] は使えない節です(contact、outreach、referral、guide)",
				     s);
	}
	for (size_t i = 0; i < ini->nkeys; i++)
		if (!known_key(ini->keys[i].section, ini->keys[i].key))
			md_diags_add(diags, path, ini->keys[i].line,
				     "[%s] に %s という項目はありません",
				     ini->keys[i].section, ini->keys[i].key);
	for (size_t i = 0; i < NLISTS; i++) {
		const struct list_key *k = &list_keys[i];
		struct md_choices *l = (struct md_choices *)((char *)d +
							     k->offset);
		const char *v = md_ini_get(ini, k->section, k->key);
		int line = md_ini_line(ini, k->section, k->key);
		if (!v || !*v) {
			md_diags_add(diags, path,
				     line ? line
					  : md_ini_line(ini, k->section, NULL),
				     "[%s] に %s(選択肢を | で区切って)がありません",
				     k->section, k->key);
			continue;
		}
		const struct md_field *from = NULL;
		md_choices_parse(&d->arena, forms, path, line, k->key, v, l,
				 &from, diags);
		if (!strcmp(k->key, "topics"))
			d->topics_field = from;
	}
	const char *single[NSINGLE];
	for (size_t i = 0; i < NSINGLE; i++) {
		const char *v = md_ini_get(ini, single_keys[i].section,
					   single_keys[i].key);
		single[i] = v && *v ? md_arena_strdup(&d->arena, v) : NULL;
		if (!single[i] && single_keys[i].required)
			md_diags_add(diags, path,
				     md_ini_line(ini, single_keys[i].section,
						 NULL),
				     "[%s] に %s がありません",
				     single_keys[i].section,
				     single_keys[i].key);
	}
	d->visit_kind = single[0];
	d->referral_response = single[1];
	if (d->visit_kind && d->kinds.n &&
	    !md_choices_have(&d->kinds, d->visit_kind))
		md_diags_add(diags, path,
			     md_ini_line(ini, "contact", "visit_kind"),
			     "visit_kind「%s」は kinds の選択肢にありません",
			     d->visit_kind);
	if (d->referral_response && d->responses.n &&
	    !md_choices_have(&d->responses, d->referral_response))
		md_diags_add(diags, path,
			     md_ini_line(ini, "contact", "referral_response"),
			     "referral_response「%s」は responses の選択肢にありません",
			     d->referral_response);
	/* The form a promotion carries the contact into, and its fields. */
	const char *form_id = single[2];
	const struct md_form *form = form_id && forms
					     ? md_forms_find(forms, form_id)
					     : NULL;
	if (form_id && forms && !form)
		md_diags_add(diags, path,
			     md_ini_line(ini, "contact", "case_form"),
			     "case_form: 様式 %s はありません", form_id);
	for (size_t i = 3; form && i < NSINGLE; i++)
		if (single[i] && !md_form_field(form, single[i]))
			md_diags_add(diags, path,
				     md_ini_line(ini, "contact",
						 single_keys[i].key),
				     "%s: %s に項目 %s はありません",
				     single_keys[i].key, form_id, single[i]);
	load_guide(d, ini, diags);
	md_ini_free(&ini);
	d->case_form = single[2];
	d->case_date = single[3];
	d->case_channel = single[4];
	d->case_topics = single[5];
	d->case_note = single[6];
	if (diags->n > before) {
		md_contact_defs_free(&d);
		return md_diags_to_err(diags, MD_ERR_DEFINITION, err);
	}
	*out = d;
	return MD_OK;
}

void
md_contact_defs_free(struct md_contact_defs **defs)
{
	if (!*defs)
		return;
	md_arena_fini(&(*defs)->arena);
	md_free(*defs);
	*defs = NULL;
}

/* ---- field codes ---- */

static const struct {
	const char *code, *label;
} contact_fields[] = {
#define MD_CONTACT_FIELD_ROW(name, code, label) {code, label},
	MD_CONTACT_FIELDS(MD_CONTACT_FIELD_ROW)
#undef MD_CONTACT_FIELD_ROW
};

const char *
md_contact_field_code(enum md_contact_field f)
{
	return (unsigned)f < MD_CONTACT_FIELD_COUNT ? contact_fields[f].code
						    : "?";
}

const char *
md_contact_field_label(enum md_contact_field f)
{
	return (unsigned)f < MD_CONTACT_FIELD_COUNT ? contact_fields[f].label
						    : "?";
}

#define CODE(f) md_contact_field_code(f)

/* ---- contacts ---- */

void
md_contact_fini(struct md_contact *c)
{
	md_free(c->updated_at);
	md_free(c->person_name);
	md_values_fini(&c->values);
	memset(c, 0, sizeof *c);
}

enum md_status
md_contact_new(struct md_db *db, const struct md_user *actor,
	       const struct md_contact_defs *defs, struct md_contact *out,
	       struct md_err *err)
{
	memset(out, 0, sizeof *out);
	md_values_init(&out->values);
	out->updated_at = md_strdup("");
	out->person_name = md_strdup("");
	char now[MD_TIMESTAMP_SIZE], day[MD_DATE_SIZE], hm[6];
	md_clock_timestamp(now);
	snprintf(day, sizeof day, "%.10s", now);
	snprintf(hm, sizeof hm, "%.5s", now + 11);
	long long oid = md_office_of_user(db, actor->id);
	char *office = md_office_name(db, oid);
	enum md_status rc = out->updated_at && out->person_name && office
				    ? MD_OK
				    : md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK)
		rc = md_values_set(&out->values, CODE(MD_CF_DATE), day, err);
	if (rc == MD_OK)
		rc = md_values_set(&out->values, CODE(MD_CF_TIME), hm, err);
	if (rc == MD_OK && defs->kinds.n)
		rc = md_values_set(&out->values, CODE(MD_CF_KIND),
				   defs->kinds.items[0], err);
	if (rc == MD_OK)
		rc = md_values_set(&out->values, CODE(MD_CF_STAFF),
				   actor->login, err);
	if (rc == MD_OK && *office)
		rc = md_values_set(&out->values, CODE(MD_CF_OFFICE), office,
				   err);
	md_free(office);
	if (rc != MD_OK)
		md_contact_fini(out);
	return rc;
}

/* A field of the given type, label and options, to normalise through the
 * forms' own rules (validate.c). */
static struct md_field
field_of(enum md_contact_field f, enum md_field_type type,
	 const struct md_choices *l, long long max)
{
	struct md_field fd;
	memset(&fd, 0, sizeof fd);
	fd.key = md_contact_field_code(f);
	fd.label = md_contact_field_label(f);
	fd.type = type;
	if (l) {
		fd.options = l->items;
		fd.noptions = l->n;
	}
	fd.max = max;
	fd.person = MD_PERSON_NONE;
	return fd;
}

static const char sql_contact_get[] =
	"SELECT c.revision, c.contact_on, c.contact_time, c.channel, c.kind,"
	" c.visit_reason, c.place, coalesce(c.person_id, 0), c.description,"
	" c.age_band, c.topics, c.response, coalesce(u.login, ''),"
	" coalesce(o.name, ''), c.note, c.outreach, c.route,"
	" coalesce(c.case_id, 0), c.updated_at, coalesce(p.name, '')"
	" FROM contacts c LEFT JOIN users u ON u.id = c.staff_id"
	" LEFT JOIN offices o ON o.id = c.office_id"
	" LEFT JOIN persons p ON p.id = c.person_id WHERE c.id = ?1";

/* Contact id as stored, without audit. */
static enum md_status
contact_load(struct md_db *db, long long id, struct md_contact *out,
	     struct md_err *err)
{
	memset(out, 0, sizeof *out);
	md_values_init(&out->values);
	sqlite3_stmt *st = md_db_stmt(db, sql_contact_get, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		static const enum md_contact_field cols[] =
			{MD_CF_DATE,   MD_CF_TIME,         MD_CF_CHANNEL,
			 MD_CF_KIND,   MD_CF_VISIT_REASON, MD_CF_PLACE,
			 MD_CF_PERSON, MD_CF_DESCRIPTION,  MD_CF_AGE_BAND,
			 MD_CF_TOPICS, MD_CF_RESPONSE,     MD_CF_STAFF,
			 MD_CF_OFFICE, MD_CF_NOTE,         MD_CF_OUTREACH,
			 MD_CF_ROUTE};
		out->id = id;
		out->revision = sqlite3_column_int(st, 0);
		for (size_t i = 0;
		     rc == MD_OK && i < sizeof cols / sizeof *cols; i++) {
			char num[32];
			const char *v = (const char *)
				sqlite3_column_text(st, (int)i + 1);
			if (cols[i] == MD_CF_PERSON) {
				long long pid = sqlite3_column_int64(st, 7);
				snprintf(num, sizeof num, "%lld", pid);
				v = pid ? num : "";
			} else if (cols[i] == MD_CF_OUTREACH) {
				v = sqlite3_column_int(st, 15) ? "はい" : "";
			}
			if (v && *v)
				rc = md_values_set(&out->values, CODE(cols[i]),
						   v, err);
		}
		out->case_id = sqlite3_column_int64(st, 17);
		out->updated_at = md_db_column_dup(st, 18);
		out->person_name = md_db_column_dup(st, 19);
		if (rc == MD_OK && (!out->updated_at || !out->person_name))
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	} else if (src == SQLITE_DONE) {
		rc = md_err_set(err, MD_ERR_NOTFOUND,
				"相談票 %lld はありません", id);
	} else {
		rc = md_db_fail(db, src, "相談票の読み込み", err);
	}
	sqlite3_reset(st);
	if (rc != MD_OK)
		md_contact_fini(out);
	return rc;
}

enum md_status
md_contact_get(struct md_db *db, const struct md_user *actor, long long id,
	       struct md_contact *out, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "相談票の閲覧",
					    err);
	if (rc != MD_OK || (rc = contact_load(db, id, out, err)) != MD_OK)
		return rc;
	char *detail = md_asprintf("相談票 %lld の閲覧", id);
	rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, out->case_id, 0, detail,
			  err);
	md_free(detail);
	if (rc != MD_OK)
		md_contact_fini(out);
	return rc;
}

/* What md_contact_check makes of the values: normalised, and the ids. */
struct checked {
	struct md_values norm;
	long long person_id, staff_id, office_id;
};

static const char sql_staff_id[] = "SELECT id FROM users WHERE login = ?1";
static const char sql_person_exists[] = "SELECT 1 FROM persons WHERE id = ?1";

/* Normalise the value of f in c through fd into ck->norm; a fault goes to
 * faults. MD_OK or a status that is no fault of the field. */
static enum md_status
norm_one(struct md_db *db, const struct md_contact *c, enum md_contact_field f,
	 const struct md_field *fd, struct checked *ck,
	 struct md_values *faults)
{
	const char *typed = md_values_get(&c->values, CODE(f));
	struct md_err e;
	char *v = NULL;
	enum md_status rc = md_value_normalize(db, fd, NULL, typed ? typed : "",
					       &v, &e);
	if (rc == MD_ERR_INVALID)
		return md_values_set(faults, CODE(f), e.msg, NULL);
	if (rc != MD_OK)
		return rc;
	rc = *v ? md_values_set(&ck->norm, CODE(f), v, NULL) : MD_OK;
	md_free(v);
	return rc;
}

static enum md_status fault(struct md_values *faults, enum md_contact_field f,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum md_status
fault(struct md_values *faults, enum md_contact_field f, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	md_text_vformat(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return (md_values_get)(faults, CODE(f))
		       ? MD_OK
		       : md_values_set(faults, CODE(f), msg, NULL);
}

/* Check c into ck (norm filled with what normalised); faults as found. */
static enum md_status
check_contact(struct md_db *db, const struct md_contact_defs *defs,
	      const struct md_contact *c, struct checked *ck,
	      struct md_values *faults, struct md_err *err)
{
	memset(ck, 0, sizeof *ck);
	md_values_init(&ck->norm);
	for (size_t i = 0; i < c->values.n; i++) {
		bool known = false;
		for (int f = 0; f < MD_CONTACT_FIELD_COUNT; f++)
			known |= !strcmp(c->values.items[i].key, CODE(f));
		if (!known)
			md_values_set(faults, c->values.items[i].key,
				      "相談票にない項目です", NULL);
	}
	const struct md_field *topics_src = defs->topics_field;
	struct md_field fds[MD_CONTACT_FIELD_COUNT] = {
		[MD_CF_DATE] = field_of(MD_CF_DATE, MD_FIELD_DATE, NULL, 0),
		[MD_CF_TIME] = field_of(MD_CF_TIME, MD_FIELD_TIME, NULL, 0),
		[MD_CF_CHANNEL] = field_of(MD_CF_CHANNEL, MD_FIELD_CHOICE,
					   &defs->channels, 0),
		[MD_CF_KIND] = field_of(MD_CF_KIND, MD_FIELD_CHOICE,
					&defs->kinds, 0),
		[MD_CF_VISIT_REASON] = field_of(MD_CF_VISIT_REASON,
						MD_FIELD_CHOICE,
						&defs->visit_reasons, 0),
		[MD_CF_PLACE] = field_of(MD_CF_PLACE, MD_FIELD_TEXT, NULL, 200),
		[MD_CF_PERSON] = field_of(MD_CF_PERSON, MD_FIELD_NUMBER, NULL,
					  0),
		[MD_CF_DESCRIPTION] = field_of(MD_CF_DESCRIPTION, MD_FIELD_TEXT,
					       NULL, 100),
		[MD_CF_AGE_BAND] = field_of(MD_CF_AGE_BAND, MD_FIELD_CHOICE,
					    &defs->age_bands, 0),
		[MD_CF_TOPICS] = field_of(MD_CF_TOPICS, MD_FIELD_MULTI,
					  &defs->topics, 0),
		[MD_CF_RESPONSE] = field_of(MD_CF_RESPONSE, MD_FIELD_CHOICE,
					    &defs->responses, 0),
		[MD_CF_STAFF] = field_of(MD_CF_STAFF, MD_FIELD_STAFF, NULL, 0),
		[MD_CF_OFFICE] = field_of(MD_CF_OFFICE, MD_FIELD_TEXT, NULL,
					  100),
		[MD_CF_NOTE] = field_of(MD_CF_NOTE, MD_FIELD_TEXTAREA, NULL,
					4000),
		[MD_CF_OUTREACH] = field_of(MD_CF_OUTREACH, MD_FIELD_YESNO,
					    NULL, 0),
		[MD_CF_ROUTE] = field_of(MD_CF_ROUTE, MD_FIELD_CHOICE,
					 &defs->routes, 0),
	};
	(void)topics_src;
	fds[MD_CF_PERSON].min = 1;
	fds[MD_CF_PERSON].max = 999999999999LL;
	enum md_status rc = MD_OK;
	for (int f = 0; rc == MD_OK && f < MD_CONTACT_FIELD_COUNT; f++)
		rc = norm_one(db, c, f, &fds[f], ck, faults);
	if (rc != MD_OK)
		return md_err_set(err, rc, NULL);
	const struct md_values *v = &ck->norm;
	const char *date = md_values_get(v, CODE(MD_CF_DATE));
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	if (!date && !(md_values_get)(faults, CODE(MD_CF_DATE)))
		fault(faults, MD_CF_DATE, "日付を入力してください");
	else if (date && strcmp(date, today) > 0)
		fault(faults, MD_CF_DATE, "日付: %s は今日より先です", date);
	if (!md_values_get(v, CODE(MD_CF_CHANNEL)))
		fault(faults, MD_CF_CHANNEL, "相談方法を選んでください");
	const char *kind = md_values_get(v, CODE(MD_CF_KIND));
	if (!kind)
		fault(faults, MD_CF_KIND, "相談の種類を選んでください");
	/* 000 第3条(1)イ: a visit says why and where. */
	if (kind && defs->visit_kind && !strcmp(kind, defs->visit_kind)) {
		if (!md_values_get(v, CODE(MD_CF_VISIT_REASON)))
			fault(faults, MD_CF_VISIT_REASON,
			      "%sには訪問の理由が必要です(000 第3条(1)イ)",
			      kind);
		if (!md_values_get(v, CODE(MD_CF_PLACE)))
			fault(faults, MD_CF_PLACE, "%sには訪問先が必要です",
			      kind);
	}
	/* A registered person, or an anonymous one described. */
	const char *person = md_values_get(v, CODE(MD_CF_PERSON));
	if (person) {
		ck->person_id = strtoll(person, NULL, 10);
		sqlite3_stmt *st = md_db_stmt(db, sql_person_exists, err);
		if (!st)
			return err->status;
		sqlite3_bind_int64(st, 1, ck->person_id);
		bool found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (!found)
			fault(faults, MD_CF_PERSON,
			      "本人番号 %s の本人はいません", person);
	} else if (!(md_values_get)(faults, CODE(MD_CF_PERSON))) {
		if (!md_values_get(v, CODE(MD_CF_DESCRIPTION)) &&
		    !(md_values_get)(faults, CODE(MD_CF_DESCRIPTION)))
			fault(faults, MD_CF_DESCRIPTION,
			      "匿名の相談には本人の特徴(短い説明)が必要です(氏名は要りません)");
		if (!md_values_get(v, CODE(MD_CF_AGE_BAND)) &&
		    !(md_values_get)(faults, CODE(MD_CF_AGE_BAND)))
			fault(faults, MD_CF_AGE_BAND,
			      "匿名の相談には推定の年代が必要です");
	}
	if (!md_values_get(v, CODE(MD_CF_RESPONSE)))
		fault(faults, MD_CF_RESPONSE, "対応を選んでください");
	/* 001 第9条(1): how a person was found. */
	const char *outreach = md_values_get(v, CODE(MD_CF_OUTREACH));
	if (outreach && strcmp(outreach, "はい"))
		md_values_set(&ck->norm, CODE(MD_CF_OUTREACH), NULL, NULL);
	else if (outreach && !md_values_get(v, CODE(MD_CF_ROUTE)) &&
		 !(md_values_get)(faults, CODE(MD_CF_ROUTE)))
		fault(faults, MD_CF_ROUTE,
		      "把握(アウトリーチ)の相談には発見経路が必要です(001 第9条(1))");
	const char *staff = md_values_get(v, CODE(MD_CF_STAFF));
	if (staff) {
		sqlite3_stmt *st = md_db_stmt(db, sql_staff_id, err);
		if (!st)
			return err->status;
		sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			ck->staff_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	const char *office = md_values_get(v, CODE(MD_CF_OFFICE));
	if (office) {
		struct md_err e;
		rc = md_office_find(db, office, &ck->office_id, &e);
		if (rc == MD_ERR_INVALID)
			fault(faults, MD_CF_OFFICE, "%s", e.msg);
		else if (rc != MD_OK)
			return md_err_set(err, rc, "%s", e.msg);
	}
	return MD_OK;
}

enum md_status
md_contact_check(struct md_db *db, const struct md_contact_defs *defs,
		 const struct md_contact *c, struct md_values *faults,
		 struct md_err *err)
{
	struct checked ck;
	enum md_status rc = check_contact(db, defs, c, &ck, faults, err);
	md_values_fini(&ck.norm);
	if (rc == MD_OK && faults->n)
		rc = md_err_set(err, MD_ERR_INVALID, "%s",
				faults->items[0].value);
	return rc;
}

/* Write the contact row from its normalised values (new when id is 0) and
 * its revision, in the caller's transaction. */
static enum md_status
contact_write(struct md_db *db, long long user_id, long long *id, int revision,
	      const struct checked *ck, long long case_id,
	      const struct md_values *old, struct md_err *err)
{
	const struct md_values *v = &ck->norm;
#define V(f) (md_values_get(v, CODE(f)) ? md_values_get(v, CODE(f)) : "")
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	struct md_buf text;
	md_buf_init(&text);
	md_buf_adds(&text, V(MD_CF_DESCRIPTION));
	md_buf_adds(&text, "\n");
	md_buf_adds(&text, V(MD_CF_NOTE));
	md_buf_adds(&text, "\n");
	md_buf_adds(&text, V(MD_CF_PLACE));
	char *key = md_buf_ok(&text) ? md_text_search_key(md_buf_str(&text))
				     : NULL;
	md_buf_fini(&text);
	if (!key)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	struct md_store_contact row = {
		.revision = revision,
		.contact_on = V(MD_CF_DATE),
		.contact_time = V(MD_CF_TIME),
		.channel = V(MD_CF_CHANNEL),
		.kind = V(MD_CF_KIND),
		.visit_reason = V(MD_CF_VISIT_REASON),
		.place = V(MD_CF_PLACE),
		.person_id = ck->person_id,
		.description = V(MD_CF_DESCRIPTION),
		.age_band = V(MD_CF_AGE_BAND),
		.topics = V(MD_CF_TOPICS),
		.response = V(MD_CF_RESPONSE),
		.staff_id = ck->staff_id,
		.office_id = ck->office_id,
		.note = V(MD_CF_NOTE),
		.search_key = key,
		.outreach = md_values_get(v, CODE(MD_CF_OUTREACH)) != NULL,
		.route = V(MD_CF_ROUTE),
		.case_id = case_id,
		.at = now,
	};
#undef V
	struct md_buf data, changed;
	md_buf_init(&data);
	md_buf_init(&changed);
	md_values_to_json(v, &data);
	if (old)
		md_kv_changed_json(old->items, old->n, v->items, v->n,
				   &changed);
	else
		md_buf_adds(&changed, "[]");
	struct md_store_revision_row r = {.revision = revision,
					  .base_revision = revision - 1,
					  .user_id = user_id,
					  .at = now,
					  .data = md_buf_str(&data),
					  .changed = md_buf_str(&changed)};
	enum md_status rc = md_buf_ok(&data) && md_buf_ok(&changed)
				    ? md_store_contact_write(db, id, &row, &r,
							     err)
				    : md_err_set(err, MD_ERR_NOMEM, NULL);
	md_free(key);
	md_buf_fini(&data);
	md_buf_fini(&changed);
	return rc;
}

enum md_status
md_contact_save(struct md_db *db, const struct md_user *actor,
		const struct md_contact_defs *defs, struct md_contact *c,
		struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	md_values_init(&scratch);
	if (!faults)
		faults = &scratch;
	md_values_clear(faults);
	enum md_status rc = md_auth_require(db, actor, false, "相談票の保存",
					    err);
	if (rc != MD_OK) {
		md_values_fini(&scratch);
		return rc;
	}
	struct checked ck;
	rc = check_contact(db, defs, c, &ck, faults, err);
	if (rc == MD_OK && faults->n)
		rc = md_err_set(err, MD_ERR_INVALID, "%s",
				faults->items[0].value);
	if (rc != MD_OK)
		goto out;
	if ((rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	struct md_contact old;
	memset(&old, 0, sizeof old);
	md_values_init(&old.values);
	if (c->id) {
		md_values_fini(&old.values);
		rc = contact_load(db, c->id, &old, err);
		if (rc == MD_OK && old.revision != c->revision)
			rc = md_err_set(err, MD_ERR_CONFLICT,
					"相談票 %lld は %s に他の職員が保存しています(保存していません)。読み直してから入力してください",
					c->id, old.updated_at);
	}
	long long id = c->id;
	int revision = c->id ? old.revision + 1 : 1;
	if (rc == MD_OK && c->id && md_values_equal(&old.values, &ck.norm)) {
		md_db_rollback(db);
		md_contact_fini(&old);
		goto out;
	}
	if (rc == MD_OK)
		rc = contact_write(db, actor->id, &id, revision, &ck,
				   c->id ? old.case_id : 0,
				   c->id ? &old.values : NULL, err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("相談票 %lld の%s(第%d版)", id,
					   c->id ? "更新" : "作成", revision);
		rc = md_audit_add(db, actor->id,
				  c->id ? MD_AUDIT_UPDATE : MD_AUDIT_CREATE,
				  old.case_id, ck.person_id, detail, err);
		md_free(detail);
	}
	md_contact_fini(&old);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK) {
		struct md_contact fresh;
		if (contact_load(db, id, &fresh, err) == MD_OK) {
			md_contact_fini(c);
			*c = fresh;
		}
	}
out:
	md_values_fini(&ck.norm);
	md_values_fini(&scratch);
	return rc;
}

/* ---- lists and counts ---- */

void
md_contact_rows_free(struct md_contact_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(r[i].date);
		md_free(r[i].time);
		md_free(r[i].channel);
		md_free(r[i].kind);
		md_free(r[i].who);
		md_free(r[i].topics);
		md_free(r[i].response);
		md_free(r[i].staff);
		md_free(r[i].office);
		md_free(r[i].note);
	}
	md_free(r);
}

#define FILTER_FROM                                                            \
	" FROM contacts c LEFT JOIN persons p ON p.id = c.person_id"           \
	" LEFT JOIN users u ON u.id = c.staff_id"                              \
	" LEFT JOIN offices o ON o.id = c.office_id"                           \
	" WHERE (?1 IS NULL OR c.contact_on >= ?1)"                            \
	" AND (?2 IS NULL OR c.contact_on <= ?2)"                              \
	" AND (?3 IS NULL OR c.channel = ?3)"                                  \
	" AND (?4 IS NULL OR c.response = ?4)"                                 \
	" AND (?5 = 0 OR c.office_id = ?5)"                                    \
	" AND (?6 = 0 OR c.person_id = ?6)"                                    \
	" AND (?7 = 0 OR c.case_id = ?7)"                                      \
	" AND (?8 IS NULL OR instr(c.search_key, ?8) > 0)"                     \
	" AND (?9 = 0 OR c.person_id IS NULL)"                                 \
	" AND (?10 = 0 OR c.outreach = 1)"

static const char sql_contact_list[] =
	"SELECT c.id, c.contact_on, c.contact_time, c.channel, c.kind,"
	" coalesce(p.name, ''), c.description, coalesce(c.person_id, 0),"
	" coalesce(c.case_id, 0), replace(c.topics, char(10), '、'),"
	" c.response, coalesce(u.display_name, ''), coalesce(o.name, ''),"
	" c.note, c.outreach, c.age_band,"
	" (SELECT count(*) FROM referrals r WHERE r.contact_id = c.id"
	"  AND r.follow_up_on IS NOT NULL)" FILTER_FROM
	" ORDER BY c.contact_on DESC, c.contact_time DESC, c.id DESC LIMIT ?11";

/* Bind f at 1..10; *key (md_free) the folded text searched. */
static enum md_status
bind_filter(sqlite3_stmt *st, const struct md_contact_filter *f, char **key,
	    struct md_err *err)
{
	*key = NULL;
	const char *texts[] = {f->from, f->to, f->channel, f->response};
	for (int i = 0; i < 4; i++)
		if (texts[i] && *texts[i])
			sqlite3_bind_text(st, i + 1, texts[i], -1,
					  SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, f->office_id);
	sqlite3_bind_int64(st, 6, f->person_id);
	sqlite3_bind_int64(st, 7, f->case_id);
	if (f->text && *f->text) {
		if (!(*key = md_text_search_key(f->text)))
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		sqlite3_bind_text(st, 8, *key, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int(st, 9, f->anonymous_only);
	sqlite3_bind_int(st, 10, f->outreach_only);
	return MD_OK;
}

enum md_status
md_contact_list(struct md_db *db, const struct md_user *actor,
		const struct md_contact_filter *f, size_t limit,
		struct md_contact_row **out, size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	static const struct md_contact_filter none;
	if (!f)
		f = &none;
	enum md_status rc = md_auth_require(db, actor, false, "相談票の一覧",
					    err);
	if (rc != MD_OK ||
	    (rc = md_audit_list_view(db, actor->id, "相談票の一覧", err)) !=
		    MD_OK)
		return rc;
	sqlite3_stmt *st = md_db_stmt(db, sql_contact_list, err);
	if (!st)
		return err->status;
	char *key;
	rc = bind_filter(st, f, &key, err);
	sqlite3_bind_int64(st, 11, limit ? (long long)limit : -1);
	int src = SQLITE_DONE;
	while (rc == MD_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_contact_row *p = md_realloc(*out,
						      (*n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		*out = p;
		struct md_contact_row *r = &p[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->date = md_db_column_dup(st, 1);
		r->time = md_db_column_dup(st, 2);
		r->channel = md_db_column_dup(st, 3);
		r->kind = md_db_column_dup(st, 4);
		r->person_id = sqlite3_column_int64(st, 7);
		const char *name = (const char *)sqlite3_column_text(st, 5);
		r->who = r->person_id
				 ? md_strdup(name ? name : "")
				 : md_asprintf("匿名(%s、%s)",
					       sqlite3_column_text(st, 6),
					       sqlite3_column_text(st, 15));
		r->case_id = sqlite3_column_int64(st, 8);
		r->topics = md_db_column_dup(st, 9);
		r->response = md_db_column_dup(st, 10);
		r->staff = md_db_column_dup(st, 11);
		r->office = md_db_column_dup(st, 12);
		r->note = md_db_column_dup(st, 13);
		r->outreach = sqlite3_column_int(st, 14) != 0;
		r->referrals_due = sqlite3_column_int64(st, 16);
		if (!r->date || !r->time || !r->channel || !r->kind ||
		    !r->who || !r->topics || !r->response || !r->staff ||
		    !r->office || !r->note)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "相談票の一覧", err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	md_free(key);
	if (rc != MD_OK) {
		md_contact_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void
md_counts_free(struct md_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_free(c[i].label);
	md_free(c);
}

/* Count one under label in *c (added when new). */
static enum md_status
tally(struct md_count **c, size_t *n, const char *label, long long add,
      struct md_err *err)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*c)[i].label, label)) {
			(*c)[i].n += add;
			return MD_OK;
		}
	struct md_count *p = md_realloc(*c, (*n + 1) * sizeof *p);
	if (!p)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	*c = p;
	p[*n].label = md_strdup(label);
	p[*n].n = add;
	if (!p[*n].label)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	(*n)++;
	return MD_OK;
}

enum md_status
md_contact_count(struct md_db *db, const struct md_user *actor,
		 const struct md_contact_defs *defs,
		 const struct md_contact_filter *f, enum md_contact_by by,
		 struct md_count **out, size_t *n, long long *total,
		 struct md_err *err)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	static const struct md_contact_filter none;
	if (!f)
		f = &none;
	enum md_status rc = md_auth_require(db, actor, false, "相談票の集計",
					    err);
	if (rc != MD_OK ||
	    (rc = md_audit_list_view(db, actor->id, "相談票の集計", err)) !=
		    MD_OK)
		return rc;
	const struct md_choices *labels = by == MD_BY_CHANNEL ? &defs->channels
					  : by == MD_BY_RESPONSE
						  ? &defs->responses
					  : by == MD_BY_TOPIC ? &defs->topics
							      : NULL;
	for (size_t i = 0; rc == MD_OK && labels && i < labels->n; i++)
		rc = tally(out, n, labels->items[i], 0, err);
	if (rc == MD_OK && by == MD_BY_OFFICE) {
		struct md_office *o;
		size_t no;
		rc = md_offices_list(db, &o, &no, err);
		for (size_t i = 0; rc == MD_OK && i < no; i++)
			rc = tally(out, n, o[i].name, 0, err);
		if (rc == MD_OK)
			md_offices_free(o, no);
	}
	const char *col = by == MD_BY_CHANNEL    ? "c.channel"
			  : by == MD_BY_RESPONSE ? "c.response"
			  : by == MD_BY_TOPIC    ? "c.topics"
						 : "coalesce(o.name, '')";
	char *sql = md_asprintf("SELECT %s, count(*)" FILTER_FROM " GROUP BY 1",
				col);
	sqlite3_stmt *st = NULL;
	if (rc == MD_OK &&
	    (!sql || sqlite3_prepare_v2(md_db_sqlite(db), sql, -1, &st, NULL) !=
			     SQLITE_OK))
		rc = sql ? md_db_fail(db, sqlite3_errcode(md_db_sqlite(db)),
				      "相談票の集計", err)
			 : md_err_set(err, MD_ERR_NOMEM, NULL);
	md_free(sql);
	char *key = NULL;
	if (rc == MD_OK)
		rc = bind_filter(st, f, &key, err);
	int src = SQLITE_DONE;
	while (rc == MD_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		long long k = sqlite3_column_int64(st, 1);
		*total += k;
		if (by != MD_BY_TOPIC) {
			rc = tally(out, n, v && *v ? v : "(なし)", k, err);
			continue;
		}
		/* Each 相談内容 of the contact, a line each. */
		for (const char *p = v && *v ? v : NULL; rc == MD_OK && p;) {
			const char *nl = strchr(p, '\n');
			char *one = md_strndup(p, nl ? (size_t)(nl - p)
						     : strlen(p));
			rc = one ? tally(out, n, one, k, err)
				 : md_err_set(err, MD_ERR_NOMEM, NULL);
			md_free(one);
			p = nl ? nl + 1 : NULL;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "相談票の集計", err);
	sqlite3_finalize(st);
	md_free(key);
	if (rc != MD_OK) {
		md_counts_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- outreach attempts ---- */

void
md_attempts_free(struct md_attempt *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(a[i].done_on);
		md_free(a[i].method);
		md_free(a[i].result);
		md_free(a[i].note);
		md_free(a[i].staff);
	}
	md_free(a);
}

/* md_value_normalize_as with the options of l (NULL: none). */
static char *
norm_field(struct md_db *db, const char *code, const char *label,
	   enum md_field_type type, const struct md_choices *l, long long max,
	   const char *typed, struct md_values *faults, enum md_status *rc)
{
	return md_value_normalize_as(db, code, label, type, l ? l->items : NULL,
				     l ? l->n : 0, max, typed, faults, rc);
}

enum md_status
md_attempt_add(struct md_db *db, const struct md_user *actor,
	       const struct md_contact_defs *defs, long long contact_id,
	       const char *date, const char *method, const char *result,
	       const char *note, long long *id, struct md_values *faults,
	       struct md_err *err)
{
	struct md_values scratch;
	md_values_init(&scratch);
	if (!faults)
		faults = &scratch;
	enum md_status rc = md_auth_require(db, actor, false,
					    "訪問・連絡の記録", err);
	struct md_contact c;
	memset(&c, 0, sizeof c);
	if (rc == MD_OK)
		rc = contact_load(db, contact_id, &c, err);
	if (rc != MD_OK) {
		md_values_fini(&scratch);
		return rc;
	}
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	enum md_status fatal = MD_OK;
	char *d = norm_field(db, "date", "日付", MD_FIELD_DATE, NULL, 0,
			     date && *date ? date : today, faults, &fatal);
	char *m = norm_field(db, "method", "方法", MD_FIELD_CHOICE,
			     &defs->attempt_methods, 0, method, faults, &fatal);
	char *r = norm_field(db, "result", "結果", MD_FIELD_CHOICE,
			     &defs->attempt_results, 0, result, faults, &fatal);
	char *t = norm_field(db, "note", "メモ", MD_FIELD_TEXTAREA, NULL, 4000,
			     note, faults, &fatal);
	const char *on = md_values_get(&c.values, CODE(MD_CF_DATE));
	if (m && !*m)
		md_values_set(faults, "method",
			      "方法(訪問・電話など)を選んでください", NULL);
	if (r && !*r)
		md_values_set(faults, "result", "結果を選んでください", NULL);
	if (d && *d && strcmp(d, today) > 0)
		md_values_set(faults, "date", "日付は今日より先にできません",
			      NULL);
	else if (d && on && strcmp(d, on) < 0)
		md_values_set(faults, "date",
			      "日付は相談票の日付より前にできません", NULL);
	rc = fatal != MD_OK ? md_err_set(err, fatal, NULL)
	     : faults->n    ? md_err_set(err, MD_ERR_INVALID, "%s",
					 faults->items[0].value)
			    : MD_OK;
	if (rc == MD_OK)
		rc = md_db_begin(db, err);
	if (rc == MD_OK) {
		char now[MD_TIMESTAMP_SIZE];
		md_clock_timestamp(now);
		struct md_store_attempt a = {contact_id, d,         m,  r,
					     t,          actor->id, now};
		long long aid = 0;
		rc = md_store_attempt_insert(db, &a, &aid, err);
		if (rc == MD_OK) {
			char *detail =
				md_asprintf("相談票 %lld の訪問・連絡: %s %s",
					    contact_id, m, r);
			rc = md_audit_add(db, actor->id, MD_AUDIT_CREATE,
					  c.case_id, 0, detail, err);
			md_free(detail);
		}
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
		if (rc == MD_OK && id)
			*id = aid;
	}
	md_free(d);
	md_free(m);
	md_free(r);
	md_free(t);
	md_contact_fini(&c);
	md_values_fini(&scratch);
	return rc;
}

static const char sql_attempts[] =
	"SELECT a.id, a.done_on, a.method, a.result, a.note,"
	" coalesce(u.display_name, '') FROM outreach_attempts a"
	" LEFT JOIN users u ON u.id = a.user_id WHERE a.contact_id = ?1"
	" ORDER BY a.done_on, a.id";

enum md_status
md_attempts_list(struct md_db *db, long long contact_id,
		 struct md_attempt **out, size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql_attempts, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, contact_id);
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_attempt *p = md_realloc(*out, (*n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		*out = p;
		struct md_attempt *a = &p[(*n)++];
		a->id = sqlite3_column_int64(st, 0);
		a->done_on = md_db_column_dup(st, 1);
		a->method = md_db_column_dup(st, 2);
		a->result = md_db_column_dup(st, 3);
		a->note = md_db_column_dup(st, 4);
		a->staff = md_db_column_dup(st, 5);
		if (!a->done_on || !a->method || !a->result || !a->note ||
		    !a->staff) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "訪問・連絡の一覧", err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		md_attempts_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- promotion ---- */

static const char sql_contact_of_case[] =
	"SELECT id FROM contacts WHERE case_id = ?1 ORDER BY id LIMIT 1";

long long
md_contact_of_case(struct md_db *db, long long case_id)
{
	struct md_err err;
	sqlite3_stmt *st = md_db_stmt(db, sql_contact_of_case, &err);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, case_id);
	long long id = sqlite3_step(st) == SQLITE_ROW
			       ? sqlite3_column_int64(st, 0)
			       : 0;
	sqlite3_reset(st);
	return id;
}

/* The options of text (a line each) that field f offers, a line each. */
static char *
options_kept(const struct md_field *f, const char *text)
{
	struct md_buf b;
	md_buf_init(&b);
	for (const char *p = text && *text ? text : NULL; p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		for (size_t i = 0; i < f->noptions; i++)
			if (strlen(f->options[i]) == len &&
			    !strncmp(f->options[i], p, len)) {
				if (b.len)
					md_buf_addc(&b, '\n');
				md_buf_adds(&b, f->options[i]);
			}
		p = nl ? nl + 1 : NULL;
	}
	return md_buf_take(&b);
}

/* Carry the contact's values into the form of keys (the case's 第1号様式). */
static enum md_status
carry_into_form(struct md_db *db, const struct md_user *actor,
		const struct md_forms *forms, const struct md_contact_defs *k,
		long long case_id, const struct md_contact *c,
		struct md_values *faults, struct md_err *err)
{
	if (!k->case_form)
		return MD_OK;
	const struct md_form *form = md_forms_find(forms, k->case_form);
	if (!form)
		return md_err_set(err, MD_ERR_DEFINITION,
				  "相談票の定義の case_form %s が様式にありません",
				  k->case_form);
	struct md_record rec;
	enum md_status rc = md_record_load(db, actor, forms, case_id, form->id,
					   MD_SEQ_LATEST, &rec, err);
	if (rc != MD_OK)
		return rc;
	const struct {
		const char *key;
		enum md_contact_field from;
	} carry[] = {{k->case_date, MD_CF_DATE},
		     {k->case_channel, MD_CF_CHANNEL},
		     {k->case_topics, MD_CF_TOPICS},
		     {k->case_note, MD_CF_NOTE}};
	for (size_t i = 0; rc == MD_OK && i < sizeof carry / sizeof *carry;
	     i++) {
		const struct md_field *f = carry[i].key
						   ? md_form_field(form,
								   carry[i].key)
						   : NULL;
		const char *v = md_values_get(&c->values, CODE(carry[i].from));
		if (!f || !v)
			continue;
		char *kept = NULL;
		if (f->type == MD_FIELD_CHOICE || f->type == MD_FIELD_MULTI) {
			/* Only options the form has: a channel it does not
			 * offer is left for the consultant. */
			kept = options_kept(f, v);
			if (!kept) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			if (f->type == MD_FIELD_CHOICE && strchr(kept, '\n'))
				*strchr(kept, '\n') = '\0';
			v = kept;
		}
		if (*v)
			rc = md_values_set(&rec.values, f->key, v, err);
		md_free(kept);
	}
	bool saved;
	if (rc == MD_OK)
		rc = md_record_save(db, actor, &rec, 0, &saved, faults, err);
	md_record_fini(&rec);
	return rc;
}

enum md_status
md_contact_promote(struct md_db *db, const struct md_user *actor,
		   const struct md_contact_defs *defs,
		   const struct md_workflow *wf, const struct md_forms *forms,
		   long long contact_id, const struct md_values *person,
		   long long *case_id, struct md_values *faults,
		   struct md_err *err)
{
	*case_id = 0;
	struct md_values scratch;
	md_values_init(&scratch);
	if (!faults)
		faults = &scratch;
	enum md_status rc = md_auth_require(db, actor, false, "ケースの作成",
					    err);
	struct md_contact c;
	memset(&c, 0, sizeof c);
	if (rc == MD_OK)
		rc = contact_load(db, contact_id, &c, err);
	if (rc != MD_OK) {
		md_values_fini(&scratch);
		return rc;
	}
	if (c.case_id) {
		rc = md_err_set(err, MD_ERR_EXISTS,
				"相談票 %lld はすでにケース %lld になっています",
				contact_id, c.case_id);
		goto out;
	}
	const char *pid = md_values_get(&c.values, CODE(MD_CF_PERSON));
	long long person_id = pid ? strtoll(pid, NULL, 10) : 0;
	if ((rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	long long id = 0;
	/* The case belongs to the contact's office (000 第4条). */
	const char *office = md_values_get(&c.values, CODE(MD_CF_OFFICE));
	rc = md_workflow_open_case_in(db, actor, wf, forms, person_id, person,
				      office, &id, faults, err);
	struct checked ck;
	memset(&ck, 0, sizeof ck);
	md_values_init(&ck.norm);
	if (rc == MD_OK)
		rc = md_values_copy(&ck.norm, &c.values, err);
	if (rc == MD_OK && !person_id) {
		struct md_case k;
		if ((rc = md_case_load(db, id, &k, err)) == MD_OK) {
			person_id = k.person_id;
			md_case_fini(&k);
		}
		char num[32];
		snprintf(num, sizeof num, "%lld", person_id);
		if (rc == MD_OK)
			rc = md_values_set(&ck.norm, CODE(MD_CF_PERSON), num,
					   err);
	}
	if (rc == MD_OK && office)
		rc = md_office_find(db, office, &ck.office_id, err);
	const char *staff = md_values_get(&c.values, CODE(MD_CF_STAFF));
	if (rc == MD_OK && staff) {
		sqlite3_stmt *st = md_db_stmt(db, sql_staff_id, err);
		if (!st) {
			rc = err->status;
		} else {
			sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				ck.staff_id = sqlite3_column_int64(st, 0);
			sqlite3_reset(st);
		}
	}
	ck.person_id = person_id;
	if (rc == MD_OK)
		rc = carry_into_form(db, actor, forms, defs, id, &c, faults,
				     err);
	long long cid = contact_id;
	if (rc == MD_OK)
		rc = contact_write(db, actor->id, &cid, c.revision + 1, &ck, id,
				   &c.values, err);
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	if (rc == MD_OK)
		rc = md_store_referrals_join_case(db, contact_id, id, actor->id,
						  now, err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("相談票 %lld からケース %lld を作成",
					   contact_id, id);
		rc = md_audit_add(db, actor->id, MD_AUDIT_CREATE, id, person_id,
				  detail, err);
		md_free(detail);
	}
	md_values_fini(&ck.norm);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK)
		*case_id = id;
out:
	md_contact_fini(&c);
	md_values_fini(&scratch);
	return rc;
}
