/* Persons and cases in the database, with person revisions and audit rows. */
#include "madoguchi/cases.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/offices.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"

void
md_person_fini(struct md_person *p)
{
	for (int i = 0; i < MD_PERSON_FIELD_COUNT; i++)
		md_free(p->field[i]);
	md_values_fini(&p->extra);
	md_free(p->updated_at);
	memset(p, 0, sizeof *p);
}

/* The person columns, in the order of MD_PERSON_FIELD_LIST. */
#define PERSON_COLUMNS                                                         \
	"name, kana, sex, coalesce(birth_date, ''), postal_code, address,"     \
	" phone_home, phone_mobile, email"

static const char sql_person_get[] =
	"SELECT id, coalesce(household_id, 0), revision, updated_at, extra, " PERSON_COLUMNS
	" FROM persons WHERE id = ?1";

/* Fill p from a row of sql_person_get. */
static enum md_status
person_from_row(sqlite3_stmt *st, struct md_person *p, struct md_err *err)
{
	memset(p, 0, sizeof *p);
	md_values_init(&p->extra);
	p->id = sqlite3_column_int64(st, 0);
	p->household_id = sqlite3_column_int64(st, 1);
	p->revision = sqlite3_column_int(st, 2);
	p->updated_at = md_db_column_dup(st, 3);
	const char *extra = (const char *)sqlite3_column_text(st, 4);
	bool ok = p->updated_at != NULL;
	for (int i = 0; i < MD_PERSON_FIELD_COUNT; i++) {
		p->field[i] = md_db_column_dup(st, 5 + i);
		ok &= p->field[i] != NULL;
	}
	if (!ok) {
		md_person_fini(p);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	enum md_status rc = md_values_from_json(extra ? extra : "{}", &p->extra,
						err);
	if (rc != MD_OK)
		md_person_fini(p);
	return rc;
}

enum md_status
md_person_get(struct md_db *db, long long id, struct md_person *out,
	      struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_person_get, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	enum md_status s;
	if (rc == SQLITE_ROW)
		s = person_from_row(st, out, err);
	else if (rc == SQLITE_DONE)
		s = md_err_set(err, MD_ERR_NOTFOUND,
			       "本人(番号 %lld)が見つかりません", id);
	else
		s = md_db_fail(db, rc, "本人の読み込み", err);
	sqlite3_reset(st);
	return s;
}

/* The field bound to pf in any form, or NULL. */
static const struct md_field *
bound_field(const struct md_forms *forms, enum md_person_field pf)
{
	for (size_t i = 0; forms && i < forms->n; i++) {
		const struct md_field *f = md_form_person_field(&forms->forms[i],
								pf);
		if (f)
			return f;
	}
	return NULL;
}

/* A stand-in definition for a person field no form binds. */
static void
fallback_field(enum md_person_field pf, struct md_field *f)
{
	memset(f, 0, sizeof *f);
	f->key = md_person_field_code(pf);
	f->label = md_person_field_label(pf);
	f->person = pf;
	f->max = pf == MD_PERSON_ADDRESS ? 200 : 100;
	switch (pf) {
	case MD_PERSON_BIRTH_DATE:
		f->type = MD_FIELD_DATE;
		break;
	case MD_PERSON_POSTAL_CODE:
		f->type = MD_FIELD_POSTAL;
		break;
	case MD_PERSON_PHONE_HOME:
	case MD_PERSON_PHONE_MOBILE:
		f->type = MD_FIELD_PHONE;
		break;
	case MD_PERSON_EMAIL:
		f->type = MD_FIELD_EMAIL;
		break;
	default:
		f->type = MD_FIELD_TEXT;
		break;
	}
}

enum md_status
md_person_normalize(struct md_db *db, const struct md_forms *forms,
		    const struct md_values *typed, struct md_values *out,
		    struct md_values *faults, struct md_err *err)
{
	md_values_clear(out);
	md_values_clear(faults);
	struct md_err first;
	md_err_clear(&first);
	for (size_t i = 0; i < typed->n; i++) {
		const char *key = typed->items[i].key;
		const char *val = typed->items[i].value;
		char code[64];
		const char *rest = md_values_split_key(key, code, sizeof code);
		enum md_person_field pf;
		struct md_err ferr;
		char *norm = NULL;
		enum md_status rc;
		if (!md_person_field_parse(code, &pf) ||
		    (*rest && strcmp(rest, "other"))) {
			rc = md_err_set(&ferr, MD_ERR_INVALID,
					"本人の項目に「%s」はありません", key);
		} else {
			struct md_field fallback;
			const struct md_field *f = bound_field(forms, pf);
			if (!f) {
				fallback_field(pf, &fallback);
				f = &fallback;
			}
			if (*rest) {
				const char *main = md_values_get(out, code);
				if (!f->other || !main ||
				    strcmp(main, f->other))
					rc = md_err_set(&ferr, MD_ERR_INVALID,
							"%s: 「その他」を選んだときだけ内容を入力できます",
							f->label);
				else if ((rc = md_text_check(val, false,
							     f->label,
							     &ferr)) == MD_OK &&
					 !(norm = md_strdup(val)))
					rc = md_err_set(&ferr, MD_ERR_NOMEM,
							NULL);
			} else {
				rc = md_value_normalize(db, f, NULL, val, &norm,
							&ferr);
			}
		}
		if (rc == MD_OK)
			rc = md_values_set(out, key, norm, &ferr);
		md_free(norm);
		if (rc == MD_ERR_NOMEM)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		if (rc != MD_OK) {
			if (first.status == MD_OK)
				first = ferr;
			if (md_values_set(faults, key, ferr.msg, err) != MD_OK)
				return MD_ERR_NOMEM;
		}
	}
	if (first.status != MD_OK) {
		if (err)
			*err = first;
		return first.status;
	}
	return MD_OK;
}

/* The person's fields and extras as one JSON object, for a revision. */
static void
person_json(const struct md_person *p, struct md_buf *out)
{
	struct md_values all;
	md_values_init(&all);
	bool ok = md_values_copy(&all, &p->extra, NULL) == MD_OK;
	for (int i = 0; ok && i < MD_PERSON_FIELD_COUNT; i++)
		ok = md_values_set(&all, md_person_field_code(i), p->field[i],
				   NULL) == MD_OK;
	if (ok)
		md_values_to_json(&all, out);
	else
		out->failed = true;
	md_values_fini(&all);
}

static const char sql_person_last_change[] =
	"SELECT r.at, coalesce(u.display_name, '?') FROM person_revisions r"
	" LEFT JOIN users u ON u.id = r.user_id"
	" WHERE r.person_id = ?1 AND r.revision = ?2";

/*
 * person_keys (migration 2) holds the search key of the whole 氏名, of the
 * whole ふりがな and of each part of either between spaces, so that the case
 * list finds a person by a prefix of any of them (search.c). The migration
 * fills it the same way for persons written before it.
 */

/* Add the search key of text[0..len) to person_keys (nothing if it is ""). */
static enum md_status
person_key_add(struct md_db *db, long long person_id, const char *text,
	       size_t len, struct md_err *err)
{
	char *part = md_strndup(text, len);
	char *key = part ? md_text_search_key(part) : NULL;
	md_free(part);
	if (!key)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = *key ? md_store_person_key_add(db, person_id, key,
							   err)
				 : MD_OK;
	md_free(key);
	return rc;
}

/* Length of the space (ASCII, tab or ideographic) at s, or 0. */
static size_t
space_len(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	return strncmp(s, "\xE3\x80\x80", 3) ? 0 : 3;
}

enum md_status
md_person_keys_write(struct md_db *db, long long person_id, const char *name,
		     const char *kana, struct md_err *err)
{
	enum md_status rc = md_store_person_keys_clear(db, person_id, err);
	if (rc != MD_OK)
		return rc;
	const char *texts[] = {name, kana};
	for (size_t i = 0; rc == MD_OK && i < 2; i++) {
		const char *t = texts[i];
		rc = person_key_add(db, person_id, t, strlen(t), err);
		while (rc == MD_OK && *t) {
			size_t n = 0, sp;
			while (t[n] && !space_len(t + n))
				n++;
			if (n)
				rc = person_key_add(db, person_id, t, n, err);
			t += n;
			while ((sp = space_len(t)) != 0)
				t += sp;
		}
	}
	return rc;
}

/* Write p (insert when p->id is 0, else update) and its revision row. */
static enum md_status
person_write(struct md_db *db, long long user_id, struct md_person *p,
	     int base_revision, const char *changed_json, struct md_err *err)
{
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	struct md_buf extra, data;
	md_buf_init(&extra);
	md_buf_init(&data);
	md_values_to_json(&p->extra, &extra);
	person_json(p, &data);
	char *name_key = md_text_search_key(p->field[MD_PERSON_NAME]);
	char *kana_key = md_text_search_key(p->field[MD_PERSON_KANA]);
	enum md_status rc = MD_OK;
	if (!md_buf_ok(&extra) || !md_buf_ok(&data) || !name_key || !kana_key) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	struct md_store_person row = {
		.household_id = p->household_id,
		.extra = md_buf_str(&extra),
		.name_key = name_key,
		.kana_key = kana_key,
		.revision = p->revision,
		.created_at = now,
		.updated_at = now,
	};
	for (int i = 0; i < MD_PERSON_FIELD_COUNT; i++)
		row.field[i] = p->field[i];
	rc = p->id ? md_store_person_update(db, p->id, &row, err)
		   : md_store_person_insert(db, &row, &p->id, err);
	if (rc != MD_OK)
		goto out;
	/* The name and kana may have changed: keep the search keys current. */
	rc = md_person_keys_write(db, p->id, p->field[MD_PERSON_NAME],
				  p->field[MD_PERSON_KANA], err);
	if (rc != MD_OK)
		goto out;
	const struct md_store_person_revision rev = {
		.person_id = p->id,
		.revision = p->revision,
		.base_revision = base_revision,
		.user_id = user_id,
		.at = now,
		.data = md_buf_str(&data),
		.changed = changed_json,
	};
	rc = md_store_person_revision_insert(db, &rev, err);
out:
	md_buf_fini(&extra);
	md_buf_fini(&data);
	md_free(name_key);
	md_free(kana_key);
	return rc;
}

/* The message for a save refused because someone saved first. */
static enum md_status
person_conflict(struct md_db *db, const struct md_person *p, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_person_last_change, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int(st, 2, p->revision);
	enum md_status rc;
	char at[MD_DISPLAY_WHEN_SIZE];
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = md_err_set(err, MD_ERR_CONFLICT,
				"本人の情報は %s さんが %s に変更しています(版 %d)。入力した内容はまだ保存されていません。最新の内容を確かめてから、もう一度保存してください",
				(const char *)sqlite3_column_text(st, 1),
				md_display_when((const char *)
							sqlite3_column_text(st,
									    0),
						MD_DATE_LONG, at),
				p->revision);
	else
		rc = md_err_set(err, MD_ERR_CONFLICT,
				"本人の情報は他の職員が先に変更しています(版 %d)。入力した内容はまだ保存されていません",
				p->revision);
	sqlite3_reset(st);
	return rc;
}

/* Set p's field or extra `key` to val; append it to the change lists when it
 * differs. */
static enum md_status
person_set(struct md_person *p, const char *key, const char *val,
	   struct md_buf *changes, struct md_buf *labels, struct md_err *err)
{
	char code[64];
	const char *rest = md_values_split_key(key, code, sizeof code);
	enum md_person_field pf;
	if (!md_person_field_parse(code, &pf))
		return MD_OK;
	const char *old = *rest ? md_values_get(&p->extra, key) : p->field[pf];
	if (!val)
		val = "";
	if (!strcmp(old ? old : "", val))
		return MD_OK;
	if (*rest) {
		enum md_status rc = md_values_set(&p->extra, key, val, err);
		if (rc != MD_OK)
			return rc;
	} else {
		char *copy = md_strdup(val);
		if (!copy)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(p->field[pf]);
		p->field[pf] = copy;
		if (labels->len)
			md_buf_adds(labels, "、");
		md_buf_adds(labels, md_person_field_label(pf));
	}
	if (changes->len > 1)
		md_buf_addc(changes, ',');
	md_json_string(changes, key);
	return MD_OK;
}

enum md_status
md_person_update(struct md_db *db, const struct md_user *actor,
		 long long person_id, int base_revision,
		 const struct md_values *normalized, unsigned covered,
		 long long case_id, bool *changed, struct md_err *err)
{
	struct md_person p;
	*changed = false;
	/* Also when called on its own, not only through a form's save. */
	enum md_status rc = md_auth_require(db, actor, false,
					    "本人の情報の変更", err);
	if (rc != MD_OK)
		return rc;
	if ((rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = md_person_get(db, person_id, &p, err);
	if (rc != MD_OK) {
		md_db_rollback(db);
		return rc;
	}
	struct md_buf changes, labels;
	md_buf_init(&changes);
	md_buf_init(&labels);
	md_buf_addc(&changes, '[');
	for (size_t i = 0; i < normalized->n && rc == MD_OK; i++)
		rc = person_set(&p, normalized->items[i].key,
				normalized->items[i].value, &changes, &labels,
				err);
	for (int pf = 0; pf < MD_PERSON_FIELD_COUNT && rc == MD_OK; pf++) {
		if (!(covered & (1u << pf)))
			continue;
		const char *code = md_person_field_code(pf);
		char other[80];
		snprintf(other, sizeof other, "%s.other", code);
		if (!md_values_get(normalized, code))
			rc = person_set(&p, code, "", &changes, &labels, err);
		if (rc == MD_OK && !md_values_get(normalized, other))
			rc = person_set(&p, other, "", &changes, &labels, err);
	}
	md_buf_addc(&changes, ']');
	if (rc == MD_OK && (!md_buf_ok(&changes) || !md_buf_ok(&labels)))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc != MD_OK || changes.len == 2)
		goto done;
	if (!*p.field[MD_PERSON_NAME] || !*p.field[MD_PERSON_KANA]) {
		rc = md_err_set(err, MD_ERR_INVALID,
				"本人の氏名とふりがなは消せません");
		goto done;
	}
	if (p.revision != base_revision) {
		rc = person_conflict(db, &p, err);
		goto done;
	}
	p.revision++;
	rc = person_write(db, actor->id, &p, base_revision,
			  md_buf_str(&changes), err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("本人の情報: %s",
					   md_buf_str(&labels));
		rc = detail ? md_audit_add(db, actor->id, MD_AUDIT_UPDATE,
					   case_id, person_id, detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(detail);
	}
	if (rc == MD_OK)
		*changed = true;
done:
	md_buf_fini(&changes);
	md_buf_fini(&labels);
	md_person_fini(&p);
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

void
md_case_fini(struct md_case *c)
{
	md_free(c->stage);
	md_free(c->staff_name);
	md_free(c->opened_on);
	md_free(c->closed_on);
	md_free(c->close_reason);
	md_free(c->plan_decided_on);
	md_free(c->next_eval_on);
	md_free(c->follow_up_on);
	md_free(c->updated_at);
	md_free(c->office);
	md_person_fini(&c->person);
	memset(c, 0, sizeof *c);
}

/* The new person p from fields (codes as md_person_normalize's), checked:
 * 氏名 and ふりがな needed; what's wrong goes to faults. p is zeroed first
 * and md_person_fini'd by the caller. */
static enum md_status
person_from_fields(struct md_db *db, const struct md_forms *forms,
		   const struct md_values *fields, struct md_person *p,
		   const char *needs, struct md_values *faults,
		   struct md_err *err)
{
	struct md_values norm;
	md_values_init(&norm);
	memset(p, 0, sizeof *p);
	md_values_init(&p->extra);
	enum md_status rc = md_person_normalize(db, forms, fields, &norm,
						faults, err);
	for (int i = 0; rc == MD_OK && i < MD_PERSON_FIELD_COUNT; i++) {
		const char *v = md_values_get(&norm, md_person_field_code(i));
		if (!(p->field[i] = md_strdup(v ? v : "")))
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; rc == MD_OK && i < norm.n; i++)
		if (strchr(norm.items[i].key, '.'))
			rc = md_values_set(&p->extra, norm.items[i].key,
					   norm.items[i].value, err);
	md_values_fini(&norm);
	if (rc != MD_OK)
		return rc;
	if (!*p->field[MD_PERSON_NAME] || !*p->field[MD_PERSON_KANA]) {
		if (!*p->field[MD_PERSON_NAME])
			md_values_set(faults, "name", "氏名を入力してください",
				      NULL);
		if (!*p->field[MD_PERSON_KANA])
			md_values_set(faults, "kana",
				      "ふりがなを入力してください", NULL);
		return md_err_set(err, MD_ERR_INVALID, "%s", needs);
	}
	p->revision = 1;
	return MD_OK;
}

enum md_status
md_person_create(struct md_db *db, const struct md_user *actor,
		 const struct md_forms *forms, const struct md_values *fields,
		 long long *person_id, struct md_values *faults,
		 struct md_err *err)
{
	struct md_values scratch;
	md_values_init(&scratch);
	if (!faults)
		faults = &scratch;
	struct md_person p;
	memset(&p, 0, sizeof p);
	enum md_status rc = md_auth_require(db, actor, false, "本人の登録",
					    err);
	if (rc == MD_OK)
		rc = person_from_fields(db, forms, fields, &p,
					"本人の登録には氏名とふりがなが必要です",
					faults, err);
	if (rc == MD_OK && (rc = md_db_begin(db, err)) == MD_OK) {
		rc = person_write(db, actor->id, &p, 0, "[]", err);
		if (rc == MD_OK)
			rc = md_audit_add(db, actor->id, MD_AUDIT_CREATE, 0,
					  p.id, "本人の登録", err);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	if (rc == MD_OK && person_id)
		*person_id = p.id;
	md_person_fini(&p);
	md_values_fini(&scratch);
	return rc;
}

enum md_status
md_case_create(struct md_db *db, const struct md_user *actor,
	       const struct md_forms *forms, long long person_id,
	       const struct md_values *fields, long long *case_id,
	       struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	struct md_person p;
	md_values_init(&scratch);
	if (!faults)
		faults = &scratch;
	memset(&p, 0, sizeof p);
	md_values_init(&p.extra);
	enum md_status rc = md_auth_require(db, actor, false, "ケースの作成",
					    err);
	if (rc != MD_OK)
		return rc;
	if (!person_id) {
		rc = person_from_fields(db, forms, fields, &p,
					"新しいケースには本人の氏名とふりがなが必要です",
					faults, err);
		if (rc != MD_OK)
			goto out;
	}
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		goto out;
	if (!person_id) {
		rc = person_write(db, actor->id, &p, 0, "[]", err);
		person_id = p.id;
	} else {
		struct md_person existing;
		rc = md_person_get(db, person_id, &existing, err);
		if (rc == MD_OK)
			md_person_fini(&existing);
	}
	char now[MD_TIMESTAMP_SIZE], today[MD_DATE_SIZE];
	md_clock_timestamp(now);
	snprintf(today, sizeof today, "%.10s", now);
	long long id = 0;
	if (rc == MD_OK)
		rc = md_store_case_insert_new(db, person_id, actor->id,
					      md_office_of_user(db, actor->id),
					      today, now, &id, err);
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, MD_AUDIT_CREATE, id, person_id,
				  "ケースの作成", err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK && case_id)
		*case_id = id;
out:
	md_values_fini(&scratch);
	md_person_fini(&p);
	return rc;
}

static const char sql_case_get[] =
	"SELECT c.id, c.person_id, c.status = 'closed', c.stage,"
	" coalesce(c.staff_id, 0), coalesce(u.display_name, ''), c.opened_on,"
	" coalesce(c.closed_on, ''), coalesce(c.close_reason, ''),"
	" coalesce(c.plan_decided_on, ''), coalesce(c.next_eval_on, ''),"
	" coalesce(c.follow_up_on, ''), c.updated_at, coalesce(o.name, '')"
	" FROM cases c LEFT JOIN users u ON u.id = c.staff_id"
	" LEFT JOIN offices o ON o.id = c.office_id WHERE c.id = ?1";

enum md_status
md_case_load(struct md_db *db, long long case_id, struct md_case *out,
	     struct md_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = md_db_stmt(db, sql_case_get, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, case_id);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		if (src == SQLITE_DONE)
			return md_err_set(err, MD_ERR_NOTFOUND,
					  "ケース %lld は見つかりません",
					  case_id);
		return md_db_fail(db, src, "ケースの読み込み", err);
	}
	out->id = sqlite3_column_int64(st, 0);
	out->person_id = sqlite3_column_int64(st, 1);
	out->closed = sqlite3_column_int(st, 2) != 0;
	out->staff_id = sqlite3_column_int64(st, 4);
	char **strs[] = {&out->stage,           NULL,
			 &out->staff_name,      &out->opened_on,
			 &out->closed_on,       &out->close_reason,
			 &out->plan_decided_on, &out->next_eval_on,
			 &out->follow_up_on,    &out->updated_at,
			 &out->office};
	bool ok = true;
	for (int i = 0; i < (int)(sizeof strs / sizeof strs[0]); i++) {
		if (!strs[i])
			continue;
		*strs[i] = md_db_column_dup(st, 3 + i);
		ok &= *strs[i] != NULL;
	}
	sqlite3_reset(st);
	if (!ok) {
		md_case_fini(out);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	enum md_status rc = md_person_get(db, out->person_id, &out->person,
					  err);
	if (rc != MD_OK)
		md_case_fini(out);
	return rc;
}

enum md_status
md_case_get(struct md_db *db, const struct md_user *actor, long long case_id,
	    struct md_case *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	enum md_status rc = md_auth_require(db, actor, false, "ケースの閲覧",
					    err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = md_case_load(db, case_id, out, err);
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, case_id,
				  out->person_id, NULL, err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc != MD_OK && out->id)
		md_case_fini(out);
	return rc;
}

bool
md_case_parse_id(const char *s, long long *id)
{
	char *f = md_text_ascii_fold(s);
	if (!f)
		return false;
	md_text_trim(f);
	const char *p = f;
	if (*p == '#')
		p++;
	char *end;
	errno = 0;
	long long v = strtoll(p, &end, 10);
	bool ok = *p >= '0' && *p <= '9' && !*end && v > 0 && errno != ERANGE;
	md_free(f);
	if (ok)
		*id = v;
	return ok;
}
