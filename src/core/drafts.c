/* Drafts in the database: unsaved typing, private to its user, never audited. */
#include "madoguchi/drafts.h"

#include <string.h>

#include "db_int.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/records.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"

void
md_draft_fini(struct md_draft *d)
{
	md_free(d->form);
	md_values_fini(&d->values);
	md_free(d->field);
	md_free(d->updated_at);
	md_free(d->person_name);
	memset(d, 0, sizeof *d);
}

void
md_drafts_free(struct md_draft *d, size_t n)
{
	for (size_t i = 0; d && i < n; i++)
		md_draft_fini(&d[i]);
	md_free(d);
}

/* Every statement that reads drafts is limited to ?1, the actor. */
#define DRAFT_COLUMNS                                                          \
	"d.case_id, d.form, d.seq, d.base_revision, d.data, d.field,"          \
	" d.updated_at, coalesce(p.name, '')"                                  \
	" FROM drafts d LEFT JOIN cases c ON c.id = d.case_id"                 \
	" LEFT JOIN persons p ON p.id = c.person_id WHERE d.user_id = ?1"

static const char sql_draft_load[] = "SELECT " DRAFT_COLUMNS
				     " AND d.case_id = ?2 AND d.form = ?3"
				     " AND d.seq = ?4";
static const char sql_draft_list[] =
	"SELECT " DRAFT_COLUMNS
	" ORDER BY d.updated_at DESC, d.case_id DESC, d.form, d.seq";

/* Refuse a form id or round a draft cannot be stored under. */
static enum md_status
check_key(const char *form, int seq, struct md_err *err)
{
	if (!form || !*form || seq < 0)
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 下書きの様式または回が正しくありません");
	return MD_OK;
}

enum md_status
md_draft_save(struct md_db *db, const struct md_user *actor, long long case_id,
	      const char *form, int seq, int base_revision,
	      const struct md_values *values, const char *field,
	      struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	enum md_status rc = check_key(form, seq, err);
	if (rc != MD_OK)
		return rc;
	/* Kept as typed, but it must read back: text, not stray bytes. */
	for (size_t i = 0; i < values->n; i++) {
		const char *v = values->items[i].value;
		if (!md_utf8_valid(v, strlen(v)))
			return md_err_set(err, MD_ERR_INVALID,
					  "入力した内容に、文字として読めないデータが含まれています");
	}
	rc = md_auth_require(db, actor, false, "下書きの保存", err);
	if (rc != MD_OK)
		return rc;
	struct md_buf data;
	md_buf_init(&data);
	md_values_to_json(values, &data);
	if (!md_buf_ok(&data)) {
		md_buf_fini(&data);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		goto out;
	const struct md_store_draft row = {
		.user_id = actor->id,
		.case_id = case_id,
		.form = form,
		.seq = seq,
		.base_revision = base_revision,
		.data = md_buf_str(&data),
		.field = field ? field : "",
		.updated_at = now,
	};
	rc = md_store_draft_put(db, &row, err);
	if (rc == MD_ERR_NOTFOUND)
		rc = md_err_set(err, MD_ERR_NOTFOUND,
				"ケース %lld は見つかりません(下書きは保存されていません)",
				case_id);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
out:
	md_buf_fini(&data);
	return rc;
}

/* Fill d from a row of DRAFT_COLUMNS. */
static enum md_status
draft_from_row(sqlite3_stmt *st, struct md_draft *d, struct md_err *err)
{
	memset(d, 0, sizeof *d);
	md_values_init(&d->values);
	d->case_id = sqlite3_column_int64(st, 0);
	d->form = md_db_column_dup(st, 1);
	d->seq = sqlite3_column_int(st, 2);
	d->base_revision = sqlite3_column_int(st, 3);
	d->field = md_db_column_dup(st, 5);
	d->updated_at = md_db_column_dup(st, 6);
	d->person_name = md_db_column_dup(st, 7);
	if (!d->form || !d->field || !d->updated_at || !d->person_name) {
		md_draft_fini(d);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	const char *data = (const char *)sqlite3_column_text(st, 4);
	enum md_status rc = md_values_from_json(data ? data : "{}", &d->values,
						err);
	if (rc != MD_OK)
		md_draft_fini(d);
	return rc;
}

enum md_status
md_draft_load(struct md_db *db, const struct md_user *actor, long long case_id,
	      const char *form, int seq, struct md_draft *out, bool *found,
	      struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	memset(out, 0, sizeof *out);
	*found = false;
	enum md_status rc = check_key(form, seq, err);
	if (rc != MD_OK)
		return rc;
	rc = md_auth_require(db, actor, false, "下書きの読み込み", err);
	if (rc != MD_OK)
		return rc;
	sqlite3_stmt *st = md_db_stmt(db, sql_draft_load, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, actor->id);
	sqlite3_bind_int64(st, 2, case_id);
	sqlite3_bind_text(st, 3, form, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, seq);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		rc = draft_from_row(st, out, err);
		*found = rc == MD_OK;
	} else if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "下書きの読み込み", err);
	}
	sqlite3_reset(st);
	return rc;
}

enum md_status
md_draft_list(struct md_db *db, const struct md_user *actor,
	      struct md_draft **out, size_t *n, struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "下書きの一覧",
					    err);
	if (rc != MD_OK)
		return rc;
	sqlite3_stmt *st = md_db_stmt(db, sql_draft_list, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, actor->id);
	struct md_draft *arr = NULL;
	size_t count = 0, cap = 0;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct md_draft *p = md_realloc(arr, ncap * sizeof *p);
			if (!p) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			arr = p;
			cap = ncap;
		}
		rc = draft_from_row(st, &arr[count], err);
		if (rc != MD_OK)
			break;
		count++;
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "下書きの一覧", err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		md_drafts_free(arr, count);
		return rc;
	}
	*out = arr;
	*n = count;
	return MD_OK;
}

enum md_status
md_draft_put_field(struct md_db *db, const struct md_user *actor,
		   const struct md_forms *forms, long long case_id,
		   const char *form, int seq, int base_revision,
		   const char *field, const char *text, bool *changed,
		   struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	*changed = false;
	const struct md_form *def = md_forms_find(forms, form);
	bool known = false;
	for (size_t i = 0; def && i < def->nfields; i++)
		if (!strcmp(def->fields[i].key, field))
			known = true;
	if (!known)
		return md_err_set(err, MD_ERR_INVALID,
				  "様式 %s に項目 %s はありません(下書きにできません)",
				  form, field);
	struct md_draft d;
	bool found;
	struct md_record rec;
	memset(&rec, 0, sizeof rec);
	md_values_init(&rec.values);
	enum md_status rc = md_draft_load(db, actor, case_id, form, seq, &d,
					  &found, err);
	if (rc != MD_OK)
		goto out;
	if (found) {
		base_revision = d.base_revision;
	} else {
		md_record_fini(&rec);
		rc = md_record_load(db, actor, forms, case_id, form, seq, &rec,
				    err);
		if (rc != MD_OK)
			goto out;
	}
	struct md_values *v = found ? &d.values : &rec.values;
	const char *old = md_values_get(v, field);
	if (!strcmp(old ? old : "", text))
		goto out;
	rc = md_values_set(v, field, text, err);
	if (rc == MD_OK)
		rc = md_draft_save(db, actor, case_id, form, seq, base_revision,
				   v, field, err);
	*changed = rc == MD_OK;
out:
	if (found)
		md_draft_fini(&d);
	md_record_fini(&rec);
	return rc;
}

enum md_status
md_draft_discard(struct md_db *db, const struct md_user *actor,
		 long long case_id, const char *form, int seq,
		 struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	enum md_status rc = check_key(form, seq, err);
	if (rc != MD_OK)
		return rc;
	rc = md_auth_require(db, actor, false, "下書きの破棄", err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = md_store_draft_remove(db, actor->id, case_id, form, seq, err);
	if (rc != MD_OK) {
		md_db_rollback(db);
		return rc;
	}
	return md_db_commit(db, err);
}
