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

/* The values of a draft as JSON in *data (md_buf_fini it on MD_OK):
 * kept as typed, but they must read back (text, not stray bytes), and
 * only for an account that may work. */
static enum md_status
draft_data(struct md_db *db, const struct md_user *actor,
	   const struct md_values *values, struct md_buf *data,
	   struct md_err *err)
{
	for (size_t i = 0; i < values->n; i++) {
		const char *v = values->items[i].value;
		if (!md_utf8_valid(v, strlen(v)))
			return md_err_set(err, MD_ERR_INVALID,
					  "入力した内容に、文字として読めないデータが含まれています");
	}
	enum md_status rc = md_auth_require(db, actor, false, "下書きの保存",
					    err);
	if (rc != MD_OK)
		return rc;
	md_buf_init(data);
	md_values_to_json(values, data);
	if (!md_buf_ok(data)) {
		md_buf_fini(data);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
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
	struct md_buf data;
	rc = draft_data(db, actor, values, &data, err);
	if (rc != MD_OK)
		return rc;
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

/* Step st (bound) to its end, each row made an element of size bytes of
 * a new array by from_row (which leaves nothing to free when it fails);
 * *out and *n are the array and its length, nothing on failure (each
 * element made is freed by fini, what is named in an error). */
static enum md_status
collect_rows(struct md_db *db, sqlite3_stmt *st, size_t size,
	     enum md_status (*from_row)(sqlite3_stmt *, void *,
					struct md_err *),
	     void (*fini)(void *), const char *what, void **out, size_t *n,
	     struct md_err *err)
{
	char *arr = NULL;
	size_t count = 0, cap = 0;
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			char *p = md_realloc(arr, ncap * size);
			if (!p) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			arr = p;
			cap = ncap;
		}
		rc = from_row(st, arr + count * size, err);
		if (rc != MD_OK)
			break;
		count++;
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, what, err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		for (size_t i = 0; i < count; i++)
			fini(arr + i * size);
		md_free(arr);
		return rc;
	}
	*out = arr;
	*n = count;
	return MD_OK;
}

static enum md_status
draft_row(sqlite3_stmt *st, void *d, struct md_err *err)
{
	return draft_from_row(st, d, err);
}

static void
draft_fini(void *d)
{
	md_draft_fini(d);
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
	void *arr = NULL;
	rc = collect_rows(db, st, sizeof(struct md_draft), draft_row,
			  draft_fini, "下書きの一覧", &arr, n, err);
	*out = arr;
	return rc;
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

/* ---- drafts of contacts ---- */

void
md_contact_draft_fini(struct md_contact_draft *d)
{
	md_values_fini(&d->values);
	md_free(d->field);
	md_free(d->updated_at);
	memset(d, 0, sizeof *d);
}

void
md_contact_drafts_free(struct md_contact_draft *d, size_t n)
{
	for (size_t i = 0; d && i < n; i++)
		md_contact_draft_fini(&d[i]);
	md_free(d);
}

/* Every statement that reads contact drafts is limited to ?1, the actor. */
#define CONTACT_DRAFT_COLUMNS                                                  \
	"contact_id, base_revision, data, field, updated_at"                   \
	" FROM contact_drafts WHERE user_id = ?1"

static const char sql_contact_draft_load[] = "SELECT " CONTACT_DRAFT_COLUMNS
					     " AND contact_id = ?2";
static const char sql_contact_draft_list[] =
	"SELECT " CONTACT_DRAFT_COLUMNS " ORDER BY updated_at DESC, contact_id";

static enum md_status
check_contact(long long contact_id, struct md_err *err)
{
	if (contact_id < 0)
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 下書きの相談票の番号が正しくありません");
	return MD_OK;
}

enum md_status
md_contact_draft_save(struct md_db *db, const struct md_user *actor,
		      long long contact_id, int base_revision,
		      const struct md_values *values, const char *field,
		      struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	enum md_status rc = check_contact(contact_id, err);
	if (rc != MD_OK)
		return rc;
	struct md_buf data;
	rc = draft_data(db, actor, values, &data, err);
	if (rc != MD_OK)
		return rc;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	const struct md_store_contact_draft row = {
		.user_id = actor->id,
		.contact_id = contact_id,
		.base_revision = base_revision,
		.data = md_buf_str(&data),
		.field = field ? field : "",
		.updated_at = now,
	};
	rc = md_db_begin(db, err);
	if (rc == MD_OK) {
		rc = md_store_contact_draft_put(db, &row, err);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	md_buf_fini(&data);
	return rc;
}

/* Fill d from a row of CONTACT_DRAFT_COLUMNS. */
static enum md_status
contact_draft_from_row(sqlite3_stmt *st, struct md_contact_draft *d,
		       struct md_err *err)
{
	memset(d, 0, sizeof *d);
	md_values_init(&d->values);
	d->contact_id = sqlite3_column_int64(st, 0);
	d->base_revision = sqlite3_column_int(st, 1);
	d->field = md_db_column_dup(st, 3);
	d->updated_at = md_db_column_dup(st, 4);
	if (!d->field || !d->updated_at) {
		md_contact_draft_fini(d);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	const char *data = (const char *)sqlite3_column_text(st, 2);
	enum md_status rc = md_values_from_json(data ? data : "{}", &d->values,
						err);
	if (rc != MD_OK)
		md_contact_draft_fini(d);
	return rc;
}

static enum md_status
contact_draft_row(sqlite3_stmt *st, void *d, struct md_err *err)
{
	return contact_draft_from_row(st, d, err);
}

static void
contact_draft_fini(void *d)
{
	md_contact_draft_fini(d);
}

/* actor's drafts of contact_id, or all of them (contact_id -1), newest
 * first, into a new array *out of *n. */
static enum md_status
contact_drafts_read(struct md_db *db, const struct md_user *actor,
		    long long contact_id, struct md_contact_draft **out,
		    size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false,
					    "相談票の下書きの読み込み", err);
	if (rc != MD_OK)
		return rc;
	sqlite3_stmt *st = md_db_stmt(db,
				      contact_id >= 0 ? sql_contact_draft_load
						      : sql_contact_draft_list,
				      err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, actor->id);
	if (contact_id >= 0)
		sqlite3_bind_int64(st, 2, contact_id);
	void *arr = NULL;
	rc = collect_rows(db, st, sizeof(struct md_contact_draft),
			  contact_draft_row, contact_draft_fini,
			  "相談票の下書きの読み込み", &arr, n, err);
	*out = arr;
	return rc;
}

enum md_status
md_contact_draft_load(struct md_db *db, const struct md_user *actor,
		      long long contact_id, struct md_contact_draft *out,
		      bool *found, struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	memset(out, 0, sizeof *out);
	*found = false;
	struct md_contact_draft *all = NULL;
	size_t n = 0;
	enum md_status rc = check_contact(contact_id, err);
	if (rc == MD_OK)
		rc = contact_drafts_read(db, actor, contact_id, &all, &n, err);
	if (rc == MD_OK && n) {
		*out = all[0];
		memset(&all[0], 0, sizeof all[0]);
		*found = true;
	}
	md_contact_drafts_free(all, n);
	return rc;
}

enum md_status
md_contact_draft_list(struct md_db *db, const struct md_user *actor,
		      struct md_contact_draft **out, size_t *n,
		      struct md_err *err)
{
	struct md_err scratch;
	return contact_drafts_read(db, actor, -1, out, n, err ? err : &scratch);
}

enum md_status
md_contact_draft_discard(struct md_db *db, const struct md_user *actor,
			 long long contact_id, struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	enum md_status rc = check_contact(contact_id, err);
	if (rc == MD_OK)
		rc = md_auth_require(db, actor, false, "相談票の下書きの破棄",
				     err);
	if (rc == MD_OK)
		rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = md_store_contact_draft_remove(db, actor->id, contact_id, err);
	if (rc != MD_OK) {
		md_db_rollback(db);
		return rc;
	}
	return md_db_commit(db, err);
}
