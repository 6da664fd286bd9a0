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
#include "madoguchi/households.h"
#include "madoguchi/store.h"
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
		s = md_err_set(err, MD_ERR_NOTFOUND,
			       "様式の記録(番号 %lld)が見つかりません", id);
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
		enum md_status rc = md_values_set(v, f->key,
						  p->field[f->person], err);
		if (rc != MD_OK)
			return rc;
		if (f->other) {
			char key[80], pkey[80];
			snprintf(key, sizeof key, "%s.other", f->key);
			snprintf(pkey, sizeof pkey, "%s.other",
				 md_person_field_code(f->person));
			rc = md_values_set(v, key,
					   md_values_get(&p->extra, pkey), err);
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
		md_err_set(err, MD_ERR_NOTFOUND, "様式「%s」はありません",
			   form_id);
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
	enum md_status rc = md_auth_require(db, actor, false, "様式の閲覧",
					    err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = md_record_load(db, actor, forms, case_id, form_id, seq, out, err);
	if (rc == MD_OK) {
		char detail[256];
		md_text_format(detail, sizeof detail, "%s %s",
			       out->form->number, out->form->title);
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
		if ((rc = md_record_find(db, case_id, form->id, seq, &id,
					 err)) != MD_OK)
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
		    (rc = set_defaults(form, actor, &out->values, err)) !=
			    MD_OK)
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
		if ((rc = set_defaults(form, actor, &out->values, err)) !=
		    MD_OK)
			goto fail;
	}
	if ((rc = merge_person(form, &c.person, &out->values, err)) != MD_OK)
		goto fail;
	/* Never saved: 第2号様式's 家族構成 starts from the person's current
	 * household (forms/households.ini [family]), and stays editable. */
	if (out->revision == 0 &&
	    (rc = md_household_fill_form(db, forms, form, c.person_id,
					 &out->values, err)) != MD_OK)
		goto fail;
	out->complete = md_form_missing(form, &out->values, NULL) == 0;
	md_case_fini(&c);
	return MD_OK;
fail:
	md_case_fini(&c);
	md_record_fini(out);
	return rc;
}

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
			  md_display_when(h->at, MD_DATE_LONG, at),
			  h->revision);
}

static const char sql_first_step_day[] =
	"SELECT min(done_on) FROM workflow_events WHERE case_id = ?1";

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
		if (src == SQLITE_ROW &&
		    sqlite3_column_type(st, 0) != SQLITE_NULL)
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
	return md_store_case_set_opened_on(db, case_id, day, err);
}

/* One save of md_record_save on its way: what it was given, what it found
 * and what it writes. */
struct save {
	struct md_db *db;
	const struct md_user *actor;
	struct md_record *rec;
	const struct md_form *form;
	unsigned flags;
	struct md_values *faults; /* NULL: the caller wants none */
	struct md_err *err;
	/* The values normalised, and split: the form's and the person's. */
	struct md_values norm, form_vals, person_vals;
	unsigned covered; /* the person's fields the form shows (1 << field) */
	struct head h;    /* the record as stored (empty when new) */
	long long id;     /* the record; 0 until written */
	int seq;
	char *frozen; /* why a step froze the record; NULL or "" when none */
	bool did_person;
	struct md_buf changed; /* JSON array of the form's keys that changed */
	char now[MD_TIMESTAMP_SIZE];
	int revision;
	bool complete;
};

/* Normalise the values, then split them: the person's fields go to the
 * person, the rest to the form. */
static enum md_status
save_split(struct save *s)
{
	struct md_values scratch;
	md_values_init(&scratch);
	enum md_status rc = md_form_normalize(s->db, s->form, &s->rec->values,
					      &s->norm,
					      s->faults ? s->faults : &scratch,
					      s->err);
	md_values_fini(&scratch);
	for (size_t i = 0; i < s->norm.n && rc == MD_OK; i++) {
		char fkey[64];
		const char *rest = md_values_split_key(s->norm.items[i].key,
						       fkey, sizeof fkey);
		const struct md_field *f = md_form_field(s->form, fkey);
		if (f && f->person != MD_PERSON_NONE) {
			char pkey[96];
			snprintf(pkey, sizeof pkey, "%s%s%s",
				 md_person_field_code(f->person),
				 *rest ? "." : "", rest);
			rc = md_values_set(&s->person_vals, pkey,
					   s->norm.items[i].value, s->err);
		} else {
			rc = md_values_set(&s->form_vals, s->norm.items[i].key,
					   s->norm.items[i].value, s->err);
		}
	}
	/* The person's fields this form shows: one left empty clears it. */
	for (size_t i = 0; i < s->form->nfields; i++)
		if (s->form->fields[i].person != MD_PERSON_NONE)
			s->covered |= 1u << s->form->fields[i].person;
	return rc;
}

/* MD_SAVE_DRAFT: the actor's draft of the record goes with the save. */
static enum md_status
save_drop_draft(struct save *s)
{
	if (!(s->flags & MD_SAVE_DRAFT))
		return MD_OK;
	return md_store_draft_remove(s->db, s->actor->id, s->rec->case_id,
				     s->form->id, s->rec->id ? s->rec->seq : 0,
				     s->err);
}

static const char sql_case_closed[] =
	"SELECT status = 'closed' FROM cases WHERE id = ?1";

/* A closed case's forms change only through the workflow. */
static enum md_status
save_check_open(struct save *s)
{
	sqlite3_stmt *st = md_db_stmt(s->db, sql_case_closed, s->err);
	if (!st)
		return s->err->status;
	sqlite3_bind_int64(st, 1, s->rec->case_id);
	int src = sqlite3_step(st);
	int closed = src == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (closed < 0)
		return src == SQLITE_DONE
			       ? md_err_set(s->err, MD_ERR_NOTFOUND,
					    "ケース %lld は見つかりません",
					    s->rec->case_id)
			       : md_db_fail(s->db, src, "ケースの確認", s->err);
	if (closed && !(s->flags & MD_SAVE_WORKFLOW))
		return md_err_set(s->err, MD_ERR_CLOSED,
				  "ケース %lld は終結しています。様式を変えるには、主任相談支援員か管理者がケースを再開してください",
				  s->rec->case_id);
	return MD_OK;
}

/* The record as stored, which must still be the revision the values came
 * from. */
static enum md_status
save_load_head(struct save *s)
{
	enum md_status rc = MD_OK;
	if (!s->id && s->seq > 0)
		rc = md_record_find(s->db, s->rec->case_id, s->form->id, s->seq,
				    &s->id, s->err);
	if (rc != MD_OK || !s->id)
		return rc;
	if ((rc = head_load(s->db, s->id, &s->h, s->err)) != MD_OK)
		return rc;
	if (s->h.revision != s->rec->revision)
		return conflict(s->form, &s->h, s->err);
	return MD_OK;
}

/* The fields marked set_by = workflow change only through the workflow. */
static enum md_status
save_check_workflow_fields(struct save *s)
{
	if (s->flags & MD_SAVE_WORKFLOW)
		return MD_OK;
	const struct md_field *wf = field_changed(s->form, true, &s->h.values,
						  &s->form_vals);
	if (!wf)
		return MD_OK;
	md_err_set(s->err, MD_ERR_INVALID,
		   "%s は手順(振り分けや会議の結果など)を記録すると入ります。様式からは変えられません",
		   wf->label);
	if (s->faults)
		md_values_set(s->faults, wf->key, s->err->msg, NULL);
	return MD_ERR_INVALID;
}

/* A form a step has frozen (a decided plan): only the workflow's own
 * fields move, and only when the workflow writes them. */
static enum md_status
save_check_frozen(struct save *s)
{
	enum md_status rc;
	if (s->id &&
	    (rc = frozen_why(s->db, s->id, &s->frozen, s->err)) != MD_OK)
		return rc;
	if (!s->frozen || !*s->frozen)
		return MD_OK;
	const struct md_field *moved = field_changed(s->form, false,
						     &s->h.values,
						     &s->form_vals);
	if (!moved &&
	    ((s->flags & MD_SAVE_WORKFLOW) ||
	     !field_changed(s->form, true, &s->h.values, &s->form_vals)))
		return MD_OK;
	rc = md_err_set(s->err, MD_ERR_CLOSED, "%s", s->frozen);
	if (s->faults && moved)
		md_values_set(s->faults, moved->key, s->err->msg, NULL);
	return rc;
}

/* The person's fields go to the person first: a conflict there also stops
 * the whole save; not through a frozen form either. */
static enum md_status
save_person(struct save *s)
{
	if (!s->covered)
		return MD_OK;
	enum md_status rc = md_person_update(s->db, s->actor, s->rec->person_id,
					     s->rec->person_revision,
					     &s->person_vals, s->covered,
					     s->rec->case_id, &s->did_person,
					     s->err);
	if (rc == MD_OK && s->did_person && s->frozen && *s->frozen)
		rc = md_err_set(s->err, MD_ERR_CLOSED, "%s", s->frozen);
	return rc;
}

/* A new record: its round or entry number, and its head row. */
static enum md_status
save_new_record(struct save *s)
{
	enum md_status rc;
	if (s->seq <= 0) {
		int last = 0;
		if ((rc = max_seq(s->db, s->rec->case_id, s->form->id, &last,
				  s->err)) != MD_OK)
			return rc;
		s->seq = last + 1;
	}
	const struct md_store_record row = {
		.case_id = s->rec->case_id,
		.form = s->form->id,
		.seq = s->seq,
		.created_at = s->now,
		.updated_at = s->now,
	};
	rc = md_store_record_insert(s->db, &row, &s->id, s->err);
	if (rc == MD_ERR_EXISTS)
		rc = md_err_set(s->err, MD_ERR_CONFLICT,
				"%sは他の職員が先に作成しています。入力した内容はまだ保存されていません。開き直してから、もう一度保存してください",
				s->form->title);
	return rc;
}

/* The revision and the record's head (and the case's 受付日 with it). */
static enum md_status
save_revision(struct save *s)
{
	struct md_buf data;
	md_buf_init(&data);
	/* Completeness counts the person's fields too. */
	s->complete = md_form_missing(s->form, &s->norm, NULL) == 0;
	s->revision = s->h.revision + 1;
	md_values_to_json(&s->form_vals, &data);
	enum md_status rc = MD_OK;
	if (!md_buf_ok(&data)) {
		rc = md_err_set(s->err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	const struct md_store_revision rev = {
		.record_id = s->id,
		.revision = s->revision,
		.base_revision = s->h.revision,
		.user_id = s->actor->id,
		.at = s->now,
		.complete = s->complete,
		.data = md_buf_str(&data),
		.changed = md_buf_str(&s->changed),
		.note = "",
	};
	if ((rc = md_store_revision_insert(s->db, &rev, s->err)) != MD_OK)
		goto out;
	const char *date = s->form->date_field
				   ? md_values_get(&s->form_vals,
						   s->form->date_field)
				   : NULL;
	if ((rc = md_store_record_update_head(s->db, s->id, s->revision,
					      s->complete, date, s->now,
					      s->err)) != MD_OK)
		goto out;
	rc = write_received(s->db, s->form, s->rec->case_id, &s->form_vals,
			    s->err);
out:
	md_buf_fini(&data);
	return rc;
}

/* Entries are searched by their text: keep the index in step. */
static enum md_status
save_index(struct save *s)
{
	if (!s->form->entries)
		return MD_OK;
	char *old_text = md_entries_text(s->form, &s->h.values);
	char *new_text = md_entries_text(s->form, &s->form_vals);
	enum md_status rc = old_text && new_text
				    ? md_entries_index(s->db, s->id, old_text,
						       new_text, s->err)
				    : md_err_set(s->err, MD_ERR_NOMEM, NULL);
	md_free(old_text);
	md_free(new_text);
	if (rc == MD_OK)
		rc = md_entries_appointment(s->db, s->form, s->id,
					    &s->form_vals, s->err);
	return rc;
}

static enum md_status
save_audit(struct save *s)
{
	char detail[300];
	md_text_format(detail, sizeof detail, "%s %s (%d) 版 %d",
		       s->form->number, s->form->title, s->seq, s->revision);
	return md_audit_add(s->db, s->actor->id,
			    s->revision == 1 ? MD_AUDIT_CREATE
					     : MD_AUDIT_UPDATE,
			    s->rec->case_id, s->rec->person_id, detail, s->err);
}

/* Saved: the record now holds what was stored. */
static void
save_done(struct save *s)
{
	struct md_record *rec = s->rec;
	rec->id = s->id;
	rec->seq = s->seq;
	rec->revision = s->revision;
	rec->complete = s->complete;
	if (s->did_person)
		rec->person_revision++;
	char *at = md_strdup(s->now);
	char *by = md_strdup(s->actor->display_name);
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
	rec->values = s->norm;
	md_values_init(&s->norm);
}

enum md_status
md_record_save(struct md_db *db, const struct md_user *actor,
	       struct md_record *rec, unsigned flags, bool *saved,
	       struct md_values *faults, struct md_err *err)
{
	struct save s = {
		.db = db,
		.actor = actor,
		.rec = rec,
		.form = rec->form,
		.flags = flags,
		.faults = faults,
		.err = err,
		.id = rec->id,
		.seq = rec->seq,
	};
	md_values_init(&s.norm);
	md_values_init(&s.form_vals);
	md_values_init(&s.person_vals);
	md_values_init(&s.h.values);
	md_buf_init(&s.changed);
	bool in_tx = false;
	*saved = false;

	enum md_status rc = md_auth_require(db, actor, false, "様式の保存",
					    err);
	if (rc != MD_OK || (rc = save_split(&s)) != MD_OK)
		goto out;
	if ((rc = md_db_begin(db, err)) != MD_OK)
		goto out;
	in_tx = true;
	if ((rc = save_drop_draft(&s)) != MD_OK ||
	    (rc = save_check_open(&s)) != MD_OK ||
	    (rc = save_load_head(&s)) != MD_OK ||
	    (rc = save_check_workflow_fields(&s)) != MD_OK ||
	    (rc = save_check_frozen(&s)) != MD_OK ||
	    (rc = check_received(db, s.form, rec->case_id, &s.h.values,
				 &s.form_vals, faults, err)) != MD_OK ||
	    (rc = save_person(&s)) != MD_OK)
		goto out;

	size_t nchanged = md_kv_changed_json(s.h.values.items, s.h.values.n,
					     s.form_vals.items, s.form_vals.n,
					     &s.changed);
	if (!md_buf_ok(&s.changed)) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	if (nchanged == 0 && s.id) {
		/* The form as it was: only the person may have changed. */
		*saved = s.did_person;
		rc = md_db_commit(db, err);
		in_tx = false;
		if (rc == MD_OK && s.did_person)
			rec->person_revision++;
		goto out;
	}
	md_clock_timestamp(s.now);
	if ((!s.id && (rc = save_new_record(&s)) != MD_OK) ||
	    (rc = save_revision(&s)) != MD_OK ||
	    (rc = save_index(&s)) != MD_OK || (rc = save_audit(&s)) != MD_OK)
		goto out;
	rc = md_db_commit(db, err);
	in_tx = false;
	if (rc != MD_OK)
		goto out;
	*saved = true;
	save_done(&s);
out:
	if (in_tx)
		md_db_rollback(db);
	md_free(s.frozen);
	head_fini(&s.h);
	md_values_fini(&s.norm);
	md_values_fini(&s.form_vals);
	md_values_fini(&s.person_vals);
	md_buf_fini(&s.changed);
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
				  "様式の記録(番号 %lld)が見つかりません",
				  record_id);
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
	enum md_status rc = md_auth_require(db, actor, false, "履歴の閲覧",
					    err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = audit_record_view(db, actor, record_id, "履歴", err);
	sqlite3_stmt *st = rc == MD_OK ? md_db_stmt(db, sql_history, err)
				       : NULL;
	if (rc == MD_OK && !st)
		rc = err->status;
	struct md_revision *arr = NULL;
	size_t count = 0;
	int src = SQLITE_DONE;
	if (rc == MD_OK) {
		sqlite3_bind_int64(st, 1, record_id);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			struct md_revision *p = md_realloc(arr,
							   (count + 1) *
								   sizeof *p);
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
			const struct md_form *form =
				md_forms_find(forms,
					      (const char *)
						      sqlite3_column_text(st,
									  7));
			const char *changed = (const char *)
				sqlite3_column_text(st, 5);
			r->changed = form ? changed_labels(form,
							   changed ? changed
								   : "[]")
					  : md_strdup(changed ? changed : "");
			r->note = md_db_column_dup(st, 6);
			if (!r->at || !r->user_name || !r->changed ||
			    !r->note) {
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
	enum md_status rc = md_auth_require(db, actor, false, "履歴の閲覧",
					    err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	char what[40];
	snprintf(what, sizeof what, "版 %d", revision);
	rc = audit_record_view(db, actor, record_id, what, err);
	if (rc == MD_OK)
		rc = md_record_revision_values(db, record_id, revision, out,
					       err);
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
		rc = md_values_from_json((const char *)sqlite3_column_text(st,
									   0),
					 out, err);
	else if (src == SQLITE_DONE)
		rc = md_err_set(err, MD_ERR_NOTFOUND, "版 %d はありません",
				revision);
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
				struct md_diff *p = md_realloc(arr,
							       (count +
								1) * sizeof *p);
				if (!p)
					goto nomem;
				arr = p;
				struct md_diff *d = &arr[count++];
				d->field = f;
				d->key = md_strdup(key);
				const char *before = side ? ""
							  : x->items[k].value;
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
				const char *t =
					md_values_get(&v, form->fields[i].key);
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
			sqlite3_stmt *st = md_db_stmt(db,
						      form->entries
							      ? sql_list_entries
							      : sql_list_single,
						      err);
			if (!st) {
				rc = err->status;
				break;
			}
			sqlite3_bind_int64(st, 1, case_id);
			sqlite3_bind_text(st, 2, form->id, -1, SQLITE_STATIC);
			if (form->entries)
				sqlite3_bind_int(st, 3,
						 max_entries > 0 ? max_entries
								 : -1);
			int src;
			while ((src = sqlite3_step(st)) == SQLITE_ROW) {
				struct md_record_info *p =
					md_realloc(arr,
						   (count + 1) * sizeof *p);
				if (!p) {
					rc = md_err_set(err, MD_ERR_NOMEM,
							NULL);
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
				r->summary =
					form->entries
						? entry_summary(form,
								(const char *)
									sqlite3_column_text(st,
											    8))
						: md_strdup("");
				if (!r->entry_date || !r->updated_at ||
				    !r->updated_by || !r->summary) {
					rc = md_err_set(err, MD_ERR_NOMEM,
							NULL);
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
