/* Form records: open, save as append-only revisions, history, differences. */
#include "madoguchi/records.h"

#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/entries.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"

void
md_record_fini(struct md_record *r)
{
	md_free(r->updated_at);
	md_free(r->updated_by);
	md_free(r->frozen);
	md_values_fini(&r->values);
	memset(r, 0, sizeof *r);
}

static const char sql_record_by_seq[] =
	"SELECT id, revision FROM form_records"
	" WHERE case_id = ?1 AND form = ?2 AND seq = ?3";
static const char sql_record_max_seq[] =
	"SELECT coalesce(max(seq), 0) FROM form_records"
	" WHERE case_id = ?1 AND form = ?2";
static const char sql_record_head[] =
	"SELECT f.case_id, f.form, f.seq, f.revision, r.data, r.at,"
	" coalesce(u.display_name, ''), u.login"
	" FROM form_records f"
	" LEFT JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision"
	" LEFT JOIN users u ON u.id = r.user_id WHERE f.id = ?1";

enum md_status
md_record_find(struct md_db *db, long long case_id, const char *form_id,
	       int seq, long long *id, struct md_err *err)
{
	*id = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql_record_by_seq, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, form_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, seq);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return md_db_fail(db, rc, "様式の検索", err);
	return MD_OK;
}

static enum md_status
max_seq(struct md_db *db, long long case_id, const char *form_id, int *seq,
	struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_record_max_seq, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, form_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? MD_OK : md_db_fail(db, rc, "様式の検索", err);
}

static const char sql_record_frozen[] =
	"SELECT why FROM record_freezes WHERE record_id = ?1";

/* Why record id cannot be changed (a new string: the reason and what to
 * do), "" when it can: a step that stands has frozen it (workflow.h). */
static enum md_status
frozen_why(struct md_db *db, long long id, char **why, struct md_err *err)
{
	*why = NULL;
	sqlite3_stmt *st = md_db_stmt(db, sql_record_frozen, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*why = md_db_column_dup(st, 0);
	else if (rc == SQLITE_DONE)
		*why = md_strdup("");
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return md_db_fail(db, rc, "様式の確認", err);
	return *why ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
}

/* The head of a record: its latest values and who saved them. */
struct head {
	long long case_id;
	int seq;
	int revision;
	char *at, *name, *login;
	struct md_values values;
};

/* Free what h holds and leave it empty, so a second call does nothing
 * (head_load frees on failure, and its callers free again at their end). */
static void
head_fini(struct head *h)
{
	md_free(h->at);
	md_free(h->name);
	md_free(h->login);
	h->at = h->name = h->login = NULL;
	md_values_fini(&h->values);
}

static enum md_status
head_load(struct md_db *db, long long id, struct head *h, struct md_err *err)
{
	memset(h, 0, sizeof *h);
	md_values_init(&h->values);
	sqlite3_stmt *st = md_db_stmt(db, sql_record_head, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	enum md_status s = MD_OK;
	if (rc == SQLITE_ROW) {
		h->case_id = sqlite3_column_int64(st, 0);
		h->seq = sqlite3_column_int(st, 2);
		h->revision = sqlite3_column_int(st, 3);
		h->at = md_db_column_dup(st, 5);
		h->name = md_db_column_dup(st, 6);
		h->login = md_db_column_dup(st, 7);
		const char *data = (const char *)sqlite3_column_text(st, 4);
		if (!h->at || !h->name || !h->login)
			s = md_err_set(err, MD_ERR_NOMEM, NULL);
		else if (data)
			s = md_values_from_json(data, &h->values, err);
	} else if (rc == SQLITE_DONE) {
		s = md_err_set(err, MD_ERR_NOTFOUND, "様式の記録(番号 %lld)が見つかりません",
			       id);
	} else {
		s = md_db_fail(db, rc, "様式の読み込み", err);
	}
	sqlite3_reset(st);
	if (s != MD_OK)
		head_fini(h);
	return s;
}

/* Put the person's bound fields into v under the form's keys. */
static enum md_status
merge_person(const struct md_form *form, const struct md_person *p,
	     struct md_values *v, struct md_err *err)
{
	for (size_t i = 0; i < form->nfields; i++) {
		const struct md_field *f = &form->fields[i];
		if (f->person == MD_PERSON_NONE)
			continue;
		enum md_status rc = md_values_set(v, f->key, p->field[f->person],
						  err);
		if (rc != MD_OK)
			return rc;
		if (f->other) {
			char key[80], pkey[80];
			snprintf(key, sizeof key, "%s.other", f->key);
			snprintf(pkey, sizeof pkey, "%s.other",
				 md_person_field_code(f->person));
			rc = md_values_set(v, key, md_values_get(&p->extra, pkey),
					   err);
			if (rc != MD_OK)
				return rc;
		}
	}
	return MD_OK;
}

static enum md_status
set_defaults(const struct md_form *form, const struct md_user *actor,
	     struct md_values *v, struct md_err *err)
{
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	for (size_t i = 0; i < form->nfields; i++) {
		const struct md_field *f = &form->fields[i];
		const char *val = f->def == MD_DEFAULT_TODAY ? today
				  : f->def == MD_DEFAULT_ME  ? actor->login
							     : NULL;
		if (val && md_values_set(v, f->key, val, err) != MD_OK)
			return MD_ERR_NOMEM;
	}
	return MD_OK;
}

static const struct md_form *
need_form(const struct md_forms *forms, const char *form_id, struct md_err *err)
{
	const struct md_form *form = md_forms_find(forms, form_id);
	if (!form)
		md_err_set(err, MD_ERR_NOTFOUND, "様式「%s」はありません", form_id);
	return form;
}

enum md_status
md_record_open(struct md_db *db, const struct md_user *actor,
	       const struct md_forms *forms, long long case_id,
	       const char *form_id, int seq, struct md_record *out,
	       struct md_err *err)
{
	memset(out, 0, sizeof *out);
	md_values_init(&out->values);
	enum md_status rc = md_auth_require(db, actor, false, "様式の閲覧", err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = md_record_load(db, actor, forms, case_id, form_id, seq, out, err);
	if (rc == MD_OK) {
		char detail[256];
		md_text_format(detail, sizeof detail, "%s %s", out->form->number,
			       out->form->title);
		rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, case_id,
				  out->person_id, detail, err);
	}
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc != MD_OK)
		md_record_fini(out);
	return rc;
}

enum md_status
md_record_load(struct md_db *db, const struct md_user *actor,
	       const struct md_forms *forms, long long case_id,
	       const char *form_id, int seq, struct md_record *out,
	       struct md_err *err)
{
	memset(out, 0, sizeof *out);
	md_values_init(&out->values);
	const struct md_form *form = need_form(forms, form_id, err);
	if (!form)
		return err->status;
	struct md_case c;
	enum md_status rc = md_case_load(db, case_id, &c, err);
	if (rc != MD_OK)
		return rc;
	out->case_id = case_id;
	out->form = form;
	out->person_id = c.person_id;
	out->person_revision = c.person.revision;

	long long id = 0;
	int last = 0;
	if ((rc = max_seq(db, case_id, form->id, &last, err)) != MD_OK)
		goto fail;
	if (seq == MD_SEQ_LATEST && !form->entries && last > 0)
		seq = last;
	if (seq > 0) {
		if ((rc = md_record_find(db, case_id, form->id, seq, &id, err)) !=
		    MD_OK)
			goto fail;
		if (!id) {
			rc = md_err_set(err, MD_ERR_NOTFOUND,
					"ケース %lld の%s(%d)はありません",
					case_id, form->title, seq);
			goto fail;
		}
	}
	if (id) {
		struct head h;
		if ((rc = head_load(db, id, &h, err)) != MD_OK)
			goto fail;
		out->id = id;
		out->seq = h.seq;
		out->revision = h.revision;
		out->updated_at = h.at;
		out->updated_by = h.name;
		h.at = h.name = NULL;
		md_values_fini(&out->values);
		out->values = h.values;
		md_values_init(&h.values);
		head_fini(&h);
		/* A round made ready by the workflow but never saved starts
		 * with its defaults, as a new form does. */
		if (out->revision == 0 &&
		    (rc = set_defaults(form, actor, &out->values, err)) != MD_OK)
			goto fail;
		if ((rc = frozen_why(db, id, &out->frozen, err)) != MD_OK)
			goto fail;
	} else {
		/* A new round is numbered now, so two people starting the same
		 * new form meet as a conflict instead of making two rounds. An
		 * entry is numbered when saved: two new entries are two
		 * entries. */
		out->seq = form->entries ? 0 : last + 1;
		out->updated_at = md_strdup("");
		out->updated_by = md_strdup("");
		out->frozen = md_strdup("");
		if (!out->updated_at || !out->updated_by || !out->frozen) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			goto fail;
		}
		if ((rc = set_defaults(form, actor, &out->values, err)) != MD_OK)
			goto fail;
	}
	if ((rc = merge_person(form, &c.person, &out->values, err)) != MD_OK)
		goto fail;
	out->complete = md_form_missing(form, &out->values, NULL) == 0;
	md_case_fini(&c);
	return MD_OK;
fail:
	md_case_fini(&c);
	md_record_fini(out);
	return rc;
}

static const char sql_record_insert[] =
	"INSERT INTO form_records (case_id, form, seq, revision, complete,"
	" entry_date, created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0, NULL,"
	" ?4, ?4)";
static const char sql_revision_insert[] =
	"INSERT INTO form_revisions (record_id, revision, base_revision, user_id,"
	" at, complete, data, changed, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" ?8, ?9)";
static const char sql_record_update[] =
	"UPDATE form_records SET revision = ?2, complete = ?3, entry_date = ?4,"
	" updated_at = ?5 WHERE id = ?1";
static const char sql_case_closed[] =
	"SELECT status = 'closed' FROM cases WHERE id = ?1";

/* The first field whose value differs between a and b among those marked
 * set_by = workflow (by_workflow) or the others; NULL when none. */
static const struct md_field *
field_changed(const struct md_form *form, bool by_workflow,
	      const struct md_values *a, const struct md_values *b)
{
	for (size_t i = 0; i < form->nfields; i++) {
		const struct md_field *f = &form->fields[i];
		if (f->by_workflow != by_workflow)
			continue;
		size_t kl = strlen(f->key);
		for (int side = 0; side < 2; side++) {
			const struct md_values *x = side ? b : a;
			const struct md_values *y = side ? a : b;
			for (size_t k = 0; k < x->n; k++) {
				const char *key = x->items[k].key;
				if (strncmp(key, f->key, kl) ||
				    (key[kl] && key[kl] != '.'))
					continue;
				const char *other = md_values_get(y, key);
				if (!other || strcmp(other, x->items[k].value))
					return f;
			}
		}
	}
	return NULL;
}

static enum md_status
conflict(const struct md_form *form, const struct head *h, struct md_err *err)
{
	char at[MD_DISPLAY_WHEN_SIZE];
	return md_err_set(err, MD_ERR_CONFLICT,
			  "%sは %s さんが %s に保存しています(版 %d)。入力した内容はまだ保存されていません。最新の内容を確かめてから、もう一度保存してください",
			  form->title, h->name,
			  md_display_when(h->at, MD_DATE_LONG, at), h->revision);
}

static const char sql_first_step_day[] =
	"SELECT min(done_on) FROM workflow_events WHERE case_id = ?1";
static const char sql_case_received[] =
	"UPDATE cases SET opened_on = ?2 WHERE id = ?1 AND opened_on IS NOT ?2";

/*
 * The case's 受付日 as the form would now give it (its field bound with case =
 * received_on): never in the future, and not after the day of a step
 * already taken (001 第9条: every step comes after the reception). A fault
 * goes under the field's key. MD_OK when the form has no such field or the
 * date does not change.
 */
static enum md_status
check_received(struct md_db *db, const struct md_form *form, long long case_id,
	       const struct md_values *before, const struct md_values *after,
	       struct md_values *faults, struct md_err *err)
{
	const struct md_field *f = md_form_received_field(form);
	const char *v = f ? md_values_get(after, f->key) : NULL;
	const char *old = f ? md_values_get(before, f->key) : NULL;
	if (!v || !*v || (old && !strcmp(old, v)))
		return MD_OK;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	char *first = NULL;
	enum md_status rc = MD_OK;
	if (strcmp(v, today) > 0) {
		char *d = md_display_date(v, MD_DATE_LONG);
		rc = md_err_set(err, MD_ERR_INVALID,
				"%s: 先の日付(%s)は入れられません。相談を受け付けた日を入力してください",
				f->label, d ? d : v);
		md_free(d);
	} else {
		sqlite3_stmt *st = md_db_stmt(db, sql_first_step_day, err);
		if (!st)
			return err->status;
		sqlite3_bind_int64(st, 1, case_id);
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			first = md_db_column_dup(st, 0);
		sqlite3_reset(st);
		if (src != SQLITE_ROW)
			return md_db_fail(db, src, "手順の日付の確認", err);
		if (first && strcmp(v, first) > 0) {
			char *d = md_display_date(v, MD_DATE_LONG);
			char *s = md_display_date(first, MD_DATE_LONG);
			rc = md_err_set(err, MD_ERR_INVALID,
					"%s(%s)は、記録済みの手順の日付(%s)より後にはできません(手順は受付のあとに行われます)",
					f->label, d ? d : v, s ? s : first);
			md_free(d);
			md_free(s);
		}
	}
	md_free(first);
	if (rc != MD_OK && faults)
		md_values_set(faults, f->key, err->msg, NULL);
	return rc;
}

/* The case's 受付日 follows the form's field bound to it (case =
 * received_on), in the save's transaction. */
static enum md_status
write_received(struct md_db *db, const struct md_form *form, long long case_id,
	       const struct md_values *v, struct md_err *err)
{
	const struct md_field *f = md_form_received_field(form);
	const char *day = f ? md_values_get(v, f->key) : NULL;
	if (!day || !*day)
		return MD_OK;
	sqlite3_stmt *st = md_db_stmt(db, sql_case_received, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	return src == SQLITE_DONE ? MD_OK : md_db_fail(db, src, "受付日の更新", err);
}

static const char sql_draft_remove[] =
	"DELETE FROM drafts WHERE user_id = ?1 AND case_id = ?2 AND form = ?3"
	" AND seq = ?4";

enum md_status
md_record_save(struct md_db *db, const struct md_user *actor,
	       struct md_record *rec,
	       unsigned flags, bool *saved, struct md_values *faults,
	       struct md_err *err)
{
	const struct md_form *form = rec->form;
	struct md_values norm, form_vals, person_vals, pfaults;
	struct head h;
	struct md_buf changed, data;
	md_values_init(&norm);
	md_values_init(&form_vals);
	md_values_init(&person_vals);
	md_values_init(&pfaults);
	memset(&h, 0, sizeof h);
	md_values_init(&h.values);
	md_buf_init(&changed);
	md_buf_init(&data);
	bool in_tx = false, did_person = false;
	char *frozen = NULL;
	*saved = false;

	enum md_status rc = md_auth_require(db, actor, false, "様式の保存", err);
	if (rc != MD_OK)
		goto out;
	struct md_values scratch;
	md_values_init(&scratch);
	rc = md_form_normalize(db, form, &rec->values, &norm,
			       faults ? faults : &scratch, err);
	md_values_fini(&scratch);
	if (rc != MD_OK)
		goto out;

	/* The person's fields go to the person, the rest to the form. */
	for (size_t i = 0; i < norm.n && rc == MD_OK; i++) {
		char fkey[64];
		const char *rest = md_values_split_key(norm.items[i].key, fkey,
						       sizeof fkey);
		const struct md_field *f = md_form_field(form, fkey);
		if (f && f->person != MD_PERSON_NONE) {
			char pkey[96];
			snprintf(pkey, sizeof pkey, "%s%s%s",
				 md_person_field_code(f->person), *rest ? "." : "",
				 rest);
			rc = md_values_set(&person_vals, pkey, norm.items[i].value,
					   err);
		} else {
			rc = md_values_set(&form_vals, norm.items[i].key,
					   norm.items[i].value, err);
		}
	}
	/* The person's fields this form shows: one left empty clears it. */
	unsigned covered = 0;
	for (size_t i = 0; i < form->nfields; i++)
		if (form->fields[i].person != MD_PERSON_NONE)
			covered |= 1u << form->fields[i].person;
	if (rc != MD_OK)
		goto out;

	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		goto out;
	in_tx = true;

	sqlite3_stmt *st;
	if (flags & MD_SAVE_DRAFT) {
		if (!(st = md_db_stmt(db, sql_draft_remove, err))) {
			rc = err->status;
			goto out;
		}
		sqlite3_bind_int64(st, 1, actor->id);
		sqlite3_bind_int64(st, 2, rec->case_id);
		sqlite3_bind_text(st, 3, form->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, rec->id ? rec->seq : 0);
		int drc = sqlite3_step(st);
		sqlite3_reset(st);
		if (drc != SQLITE_DONE) {
			rc = md_db_fail(db, drc, "下書きの破棄", err);
			goto out;
		}
	}

	st = md_db_stmt(db, sql_case_closed, err);
	if (!st) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(st, 1, rec->case_id);
	int src = sqlite3_step(st);
	int closed = src == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (closed < 0) {
		rc = src == SQLITE_DONE
			     ? md_err_set(err, MD_ERR_NOTFOUND,
					  "ケース %lld は見つかりません", rec->case_id)
			     : md_db_fail(db, src, "ケースの確認", err);
		goto out;
	}
	if (closed && !(flags & MD_SAVE_WORKFLOW)) {
		rc = md_err_set(err, MD_ERR_CLOSED,
				"ケース %lld は終結しています。様式を変えるには、主任相談支援員か管理者がケースを再開してください",
				rec->case_id);
		goto out;
	}

	long long id = rec->id;
	int seq = rec->seq;
	if (!id && seq > 0 &&
	    (rc = md_record_find(db, rec->case_id, form->id, seq, &id, err)) !=
		    MD_OK)
		goto out;
	if (id) {
		if ((rc = head_load(db, id, &h, err)) != MD_OK)
			goto out;
		if (h.revision != rec->revision) {
			rc = conflict(form, &h, err);
			goto out;
		}
	}
	if (!(flags & MD_SAVE_WORKFLOW)) {
		const struct md_field *wf =
			field_changed(form, true, &h.values, &form_vals);
		if (wf) {
			rc = md_err_set(err, MD_ERR_INVALID,
					"%s は手順(振り分けや会議の結果など)を記録すると入ります。様式からは変えられません",
					wf->label);
			if (faults)
				md_values_set(faults, wf->key, err->msg, NULL);
			goto out;
		}
	}

	/* A form a step has frozen (a decided plan): only the workflow's
	 * own fields move, and only when the workflow writes them. */
	if (id && (rc = frozen_why(db, id, &frozen, err)) != MD_OK)
		goto out;
	if (frozen && *frozen) {
		const struct md_field *moved =
			field_changed(form, false, &h.values, &form_vals);
		if (moved || (!(flags & MD_SAVE_WORKFLOW) &&
			      field_changed(form, true, &h.values, &form_vals))) {
			rc = md_err_set(err, MD_ERR_CLOSED, "%s", frozen);
			if (faults && moved)
				md_values_set(faults, moved->key, err->msg, NULL);
			goto out;
		}
	}
	if ((rc = check_received(db, form, rec->case_id, &h.values, &form_vals,
				 faults, err)) != MD_OK)
		goto out;

	/* The person first: a conflict there also stops the whole save. */
	if (covered) {
		rc = md_person_update(db, actor, rec->person_id,
				      rec->person_revision, &person_vals,
				      covered, rec->case_id, &did_person, err);
		/* Not the person's fields through a frozen form either. */
		if (rc == MD_OK && did_person && frozen && *frozen)
			rc = md_err_set(err, MD_ERR_CLOSED, "%s", frozen);
		if (rc != MD_OK)
			goto out;
	}

	size_t nchanged = md_kv_changed_json(h.values.items, h.values.n,
					     form_vals.items, form_vals.n, &changed);
	if (!md_buf_ok(&changed)) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	if (nchanged == 0 && id) {
		*saved = did_person;
		rc = md_db_commit(db, err);
		in_tx = false;
		if (rc == MD_OK && did_person)
			rec->person_revision++;
		goto out;
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	if (!id) {
		if (seq <= 0) {
			int last = 0;
			if ((rc = max_seq(db, rec->case_id, form->id, &last, err)) !=
			    MD_OK)
				goto out;
			seq = last + 1;
		}
		st = md_db_stmt(db, sql_record_insert, err);
		if (!st) {
			rc = err->status;
			goto out;
		}
		sqlite3_bind_int64(st, 1, rec->case_id);
		sqlite3_bind_text(st, 2, form->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, seq);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		src = sqlite3_step(st);
		sqlite3_reset(st);
		if (src != SQLITE_DONE) {
			rc = src == SQLITE_CONSTRAINT_UNIQUE
				     ? md_err_set(err, MD_ERR_CONFLICT,
						  "%sは他の職員が先に作成しています。入力した内容はまだ保存されていません。開き直してから、もう一度保存してください",
						  form->title)
				     : md_db_fail(db, src, "様式の保存", err);
			goto out;
		}
		id = sqlite3_last_insert_rowid(md_db_sqlite(db));
	}
	/* Completeness counts the person's fields too. */
	bool complete = md_form_missing(form, &norm, NULL) == 0;
	md_values_to_json(&form_vals, &data);
	if (!md_buf_ok(&data)) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	int revision = h.revision + 1;
	st = md_db_stmt(db, sql_revision_insert, err);
	if (!st) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, revision);
	sqlite3_bind_int(st, 3, h.revision);
	sqlite3_bind_int64(st, 4, actor->id);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, complete);
	sqlite3_bind_text(st, 7, md_buf_str(&data), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, md_buf_str(&changed), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, "", -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "様式の保存", err);
		goto out;
	}
	st = md_db_stmt(db, sql_record_update, err);
	if (!st) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, revision);
	sqlite3_bind_int(st, 3, complete);
	const char *date = form->date_field
				   ? md_values_get(&form_vals, form->date_field)
				   : NULL;
	if (date)
		sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "様式の保存", err);
		goto out;
	}
	if ((rc = write_received(db, form, rec->case_id, &form_vals, err)) !=
	    MD_OK)
		goto out;
	/* Entries are searched by their text: keep the index in step. */
	if (form->entries) {
		char *old_text = md_entries_text(form, &h.values);
		char *new_text = md_entries_text(form, &form_vals);
		rc = old_text && new_text
			     ? md_entries_index(db, id, old_text, new_text, err)
			     : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(old_text);
		md_free(new_text);
		if (rc != MD_OK ||
		    (rc = md_entries_appointment(db, form, id, &form_vals, err)) !=
			    MD_OK)
			goto out;
	}
	char detail[300];
	md_text_format(detail, sizeof detail, "%s %s (%d) 版 %d", form->number,
		       form->title, seq, revision);
	rc = md_audit_add(db, actor->id,
			  revision == 1 ? MD_AUDIT_CREATE : MD_AUDIT_UPDATE,
			  rec->case_id, rec->person_id, detail, err);
	if (rc != MD_OK)
		goto out;
	rc = md_db_commit(db, err);
	in_tx = false;
	if (rc != MD_OK)
		goto out;

	/* Saved: the record now holds what was stored. */
	*saved = true;
	rec->id = id;
	rec->seq = seq;
	rec->revision = revision;
	rec->complete = complete;
	if (did_person)
		rec->person_revision++;
	char *at = md_strdup(now);
	char *by = md_strdup(actor->display_name);
	if (at && by) {
		md_free(rec->updated_at);
		md_free(rec->updated_by);
		rec->updated_at = at;
		rec->updated_by = by;
	} else {
		md_free(at);
		md_free(by);
	}
	md_values_fini(&rec->values);
	rec->values = norm;
	md_values_init(&norm);
out:
	if (in_tx)
		md_db_rollback(db);
	md_free(frozen);
	head_fini(&h);
	md_values_fini(&norm);
	md_values_fini(&form_vals);
	md_values_fini(&person_vals);
	md_values_fini(&pfaults);
	md_buf_fini(&changed);
	md_buf_fini(&data);
	return rc;
}

void
md_revisions_free(struct md_revision *revs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(revs[i].at);
		md_free(revs[i].user_name);
		md_free(revs[i].changed);
		md_free(revs[i].note);
	}
	md_free(revs);
}

/* Field labels of a JSON array of keys, each field once, "、"-separated, in
 * form order. */
static char *
changed_labels(const struct md_form *form, const char *json)
{
	struct md_values keys;
	md_values_init(&keys);
	if (md_values_from_json_array(json, &keys, NULL) != MD_OK) {
		md_values_fini(&keys);
		return md_strdup("");
	}
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < form->nfields; i++) {
		const struct md_field *f = &form->fields[i];
		size_t kl = strlen(f->key);
		bool hit = false;
		for (size_t k = 0; k < keys.n && !hit; k++) {
			const char *key = keys.items[k].key;
			hit = !strncmp(key, f->key, kl) &&
			      (!key[kl] || key[kl] == '.');
		}
		if (!hit)
			continue;
		if (b.len)
			md_buf_adds(&b, "、");
		md_buf_adds(&b, f->label);
	}
	md_values_fini(&keys);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

static const char sql_history[] =
	"SELECT r.revision, r.base_revision, r.at, coalesce(u.display_name, '?'),"
	" r.complete, r.changed, r.note, f.form, f.case_id"
	" FROM form_revisions r JOIN form_records f ON f.id = r.record_id"
	" LEFT JOIN users u ON u.id = r.user_id"
	" WHERE r.record_id = ?1 ORDER BY r.revision";
static const char sql_record_case[] =
	"SELECT f.case_id, c.person_id, f.form FROM form_records f"
	" JOIN cases c ON c.id = f.case_id WHERE f.id = ?1";

/* Audit a view of a record (its case and person) by actor. */
static enum md_status
audit_record_view(struct md_db *db, const struct md_user *actor,
		  long long record_id, const char *what, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_record_case, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, record_id);
	int src = sqlite3_step(st);
	long long case_id = 0, person_id = 0;
	char detail[200] = "";
	if (src == SQLITE_ROW) {
		case_id = sqlite3_column_int64(st, 0);
		person_id = sqlite3_column_int64(st, 1);
		snprintf(detail, sizeof detail, "%s %s",
			 (const char *)sqlite3_column_text(st, 2), what);
	}
	sqlite3_reset(st);
	if (src == SQLITE_DONE)
		return md_err_set(err, MD_ERR_NOTFOUND,
				  "様式の記録(番号 %lld)が見つかりません", record_id);
	if (src != SQLITE_ROW)
		return md_db_fail(db, src, "様式の読み込み", err);
	return md_audit_add(db, actor->id, MD_AUDIT_VIEW, case_id, person_id,
			    detail, err);
}

enum md_status
md_record_history(struct md_db *db, const struct md_user *actor,
		  const struct md_forms *forms, long long record_id,
		  struct md_revision **revs, size_t *n, struct md_err *err)
{
	*revs = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "履歴の閲覧", err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = audit_record_view(db, actor, record_id, "履歴", err);
	sqlite3_stmt *st = rc == MD_OK ? md_db_stmt(db, sql_history, err) : NULL;
	if (rc == MD_OK && !st)
		rc = err->status;
	struct md_revision *arr = NULL;
	size_t count = 0;
	int src = SQLITE_DONE;
	if (rc == MD_OK) {
		sqlite3_bind_int64(st, 1, record_id);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			struct md_revision *p =
				md_realloc(arr, (count + 1) * sizeof *p);
			if (!p) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			arr = p;
			struct md_revision *r = &arr[count++];
			memset(r, 0, sizeof *r);
			r->revision = sqlite3_column_int(st, 0);
			r->base_revision = sqlite3_column_int(st, 1);
			r->at = md_db_column_dup(st, 2);
			r->user_name = md_db_column_dup(st, 3);
			r->complete = sqlite3_column_int(st, 4) != 0;
			const struct md_form *form = md_forms_find(
				forms, (const char *)sqlite3_column_text(st, 7));
			const char *changed = (const char *)sqlite3_column_text(st, 5);
			r->changed = form ? changed_labels(form, changed ? changed : "[]")
					  : md_strdup(changed ? changed : "");
			r->note = md_db_column_dup(st, 6);
			if (!r->at || !r->user_name || !r->changed || !r->note) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
		}
		if (rc == MD_OK && src != SQLITE_DONE)
			rc = md_db_fail(db, src, "履歴の読み込み", err);
		sqlite3_reset(st);
	}
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc != MD_OK) {
		md_revisions_free(arr, count);
		return rc;
	}
	*revs = arr;
	*n = count;
	return MD_OK;
}

static const char sql_values_at[] =
	"SELECT data FROM form_revisions WHERE record_id = ?1 AND revision = ?2";

enum md_status
md_record_values_at(struct md_db *db, const struct md_user *actor,
		    long long record_id, int revision, struct md_values *out,
		    struct md_err *err)
{
	md_values_clear(out);
	enum md_status rc = md_auth_require(db, actor, false, "履歴の閲覧", err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	char what[40];
	snprintf(what, sizeof what, "版 %d", revision);
	rc = audit_record_view(db, actor, record_id, what, err);
	if (rc == MD_OK)
		rc = md_record_revision_values(db, record_id, revision, out, err);
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

enum md_status
md_record_revision_values(struct md_db *db, long long record_id, int revision,
			  struct md_values *out, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_values_at, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, record_id);
	sqlite3_bind_int(st, 2, revision);
	int src = sqlite3_step(st);
	enum md_status rc;
	if (src == SQLITE_ROW)
		rc = md_values_from_json((const char *)sqlite3_column_text(st, 0),
					 out, err);
	else if (src == SQLITE_DONE)
		rc = md_err_set(err, MD_ERR_NOTFOUND, "版 %d はありません", revision);
	else
		rc = md_db_fail(db, src, "履歴の読み込み", err);
	sqlite3_reset(st);
	return rc;
}

enum md_status
md_record_latest(struct md_db *db, long long record_id, struct md_values *out,
		 int *revision, struct md_err *err)
{
	struct head h;
	enum md_status rc = head_load(db, record_id, &h, err);
	if (rc != MD_OK)
		return rc;
	md_values_fini(out);
	*out = h.values;
	md_values_init(&h.values);
	if (revision)
		*revision = h.revision;
	head_fini(&h);
	return MD_OK;
}

void
md_diffs_free(struct md_diff *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(d[i].key);
		md_free(d[i].before);
		md_free(d[i].after);
	}
	md_free(d);
}

/* Whether key belongs to field f ("f", "f.other", "f.2.col"). */
static bool
key_of_field(const char *key, const struct md_field *f)
{
	size_t kl = strlen(f->key);
	return !strncmp(key, f->key, kl) && (!key[kl] || key[kl] == '.');
}

enum md_status
md_values_diff(const struct md_form *form, const struct md_values *a,
	       const struct md_values *b, struct md_diff **out, size_t *n,
	       struct md_err *err)
{
	struct md_diff *arr = NULL;
	size_t count = 0;
	*out = NULL;
	*n = 0;
	for (size_t fi = 0; fi < form->nfields; fi++) {
		const struct md_field *f = &form->fields[fi];
		/* The union of this field's keys in a and b, in key order. */
		for (int side = 0; side < 2; side++) {
			const struct md_values *x = side ? b : a;
			const struct md_values *y = side ? a : b;
			for (size_t k = 0; k < x->n; k++) {
				const char *key = x->items[k].key;
				if (!key_of_field(key, f))
					continue;
				const char *other = md_values_get(y, key);
				if (side == 1 && other)
					continue; /* seen from a already */
				if (other && !strcmp(other, x->items[k].value))
					continue;
				struct md_diff *p = md_realloc(arr, (count + 1) * sizeof *p);
				if (!p)
					goto nomem;
				arr = p;
				struct md_diff *d = &arr[count++];
				d->field = f;
				d->key = md_strdup(key);
				const char *before = side ? "" : x->items[k].value;
				const char *after = side ? x->items[k].value
							 : (other ? other : "");
				d->before = md_strdup(before);
				d->after = md_strdup(after);
				if (!d->key || !d->before || !d->after)
					goto nomem;
			}
		}
	}
	*out = arr;
	*n = count;
	return MD_OK;
nomem:
	md_diffs_free(arr, count);
	return md_err_set(err, MD_ERR_NOMEM, NULL);
}

void
md_record_infos_free(struct md_record_info *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(r[i].entry_date);
		md_free(r[i].updated_at);
		md_free(r[i].updated_by);
		md_free(r[i].summary);
	}
	md_free(r);
}

static const char sql_list_single[] =
	"SELECT f.id, f.form, f.seq, f.revision, f.complete, '', f.updated_at,"
	" coalesce(u.display_name, ''), NULL, z.record_id IS NOT NULL"
	" FROM form_records f"
	" LEFT JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision"
	" LEFT JOIN users u ON u.id = r.user_id"
	" LEFT JOIN record_freezes z ON z.record_id = f.id"
	" WHERE f.case_id = ?1 AND f.form = ?2 ORDER BY f.seq";
static const char sql_list_entries[] =
	"SELECT f.id, f.form, f.seq, f.revision, f.complete,"
	" coalesce(f.entry_date, ''), f.updated_at, coalesce(u.display_name, ''),"
	" r.data, 0"
	" FROM form_records f"
	" LEFT JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision"
	" LEFT JOIN users u ON u.id = r.user_id"
	" WHERE f.case_id = ?1 AND f.form = ?2"
	" ORDER BY f.entry_date DESC, f.seq DESC LIMIT ?3";

/* The start of the entry's first textarea, on one line. */
static char *
entry_summary(const struct md_form *form, const char *json)
{
	struct md_values v;
	md_values_init(&v);
	char *s = NULL;
	if (json && md_values_from_json(json, &v, NULL) == MD_OK) {
		for (size_t i = 0; i < form->nfields && !s; i++)
			if (form->fields[i].type == MD_FIELD_TEXTAREA) {
				const char *t = md_values_get(&v, form->fields[i].key);
				if (t)
					s = md_strdup(t);
			}
	}
	md_values_fini(&v);
	if (!s)
		return md_strdup("");
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return s;
}

enum md_status
md_record_list(struct md_db *db, const struct md_forms *forms,
	       long long case_id, int max_entries, struct md_record_info **out,
	       size_t *n, struct md_err *err)
{
	struct md_record_info *arr = NULL;
	size_t count = 0;
	enum md_status rc = MD_OK;
	*out = NULL;
	*n = 0;
	for (int pass = 0; pass < 2 && rc == MD_OK; pass++) {
		for (size_t fi = 0; fi < forms->n && rc == MD_OK; fi++) {
			const struct md_form *form = &forms->forms[fi];
			if (form->entries != (pass == 1))
				continue;
			sqlite3_stmt *st = md_db_stmt(
				db, form->entries ? sql_list_entries : sql_list_single,
				err);
			if (!st) {
				rc = err->status;
				break;
			}
			sqlite3_bind_int64(st, 1, case_id);
			sqlite3_bind_text(st, 2, form->id, -1, SQLITE_STATIC);
			if (form->entries)
				sqlite3_bind_int(st, 3, max_entries > 0 ? max_entries : -1);
			int src;
			while ((src = sqlite3_step(st)) == SQLITE_ROW) {
				struct md_record_info *p =
					md_realloc(arr, (count + 1) * sizeof *p);
				if (!p) {
					rc = md_err_set(err, MD_ERR_NOMEM, NULL);
					break;
				}
				arr = p;
				struct md_record_info *r = &arr[count++];
				memset(r, 0, sizeof *r);
				r->id = sqlite3_column_int64(st, 0);
				r->form = form;
				r->seq = sqlite3_column_int(st, 2);
				r->revision = sqlite3_column_int(st, 3);
				r->complete = sqlite3_column_int(st, 4) != 0;
				r->frozen = sqlite3_column_int(st, 9) != 0;
				r->entry_date = md_db_column_dup(st, 5);
				r->updated_at = md_db_column_dup(st, 6);
				r->updated_by = md_db_column_dup(st, 7);
				r->summary = form->entries
						     ? entry_summary(form, (const char *)sqlite3_column_text(st, 8))
						     : md_strdup("");
				if (!r->entry_date || !r->updated_at ||
				    !r->updated_by || !r->summary) {
					rc = md_err_set(err, MD_ERR_NOMEM, NULL);
					break;
				}
			}
			if (rc == MD_OK && src != SQLITE_DONE)
				rc = md_db_fail(db, src, "様式の一覧", err);
			sqlite3_reset(st);
		}
	}
	if (rc != MD_OK) {
		md_record_infos_free(arr, count);
		return rc;
	}
	*out = arr;
	*n = count;
	return MD_OK;
}
