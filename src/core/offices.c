/* The offices (本所, 各総合支所: 000 第4条) that contacts, cases and staff
 * belong to: adding, listing, finding one by name, assigning. */
#include "madoguchi/offices.h"

#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/values.h"

void
md_offices_free(struct md_office *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_free(o[i].name);
	md_free(o);
}

static const char sql_office_list[] =
	"SELECT o.id, o.name, o.active,"
	" (SELECT count(*) FROM contacts c WHERE c.office_id = o.id),"
	" (SELECT count(*) FROM cases k WHERE k.office_id = o.id),"
	" (SELECT count(*) FROM users u WHERE u.office_id = o.id)"
	" FROM offices o ORDER BY o.name";

enum md_status
md_offices_list(struct md_db *db, struct md_office **out, size_t *n,
		struct md_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql_office_list, err);
	if (!st)
		return err->status;
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_office *p = md_realloc(*out, (*n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		*out = p;
		struct md_office *o = &p[(*n)++];
		o->id = sqlite3_column_int64(st, 0);
		o->name = md_db_column_dup(st, 1);
		o->active = sqlite3_column_int(st, 2) != 0;
		o->contacts = sqlite3_column_int64(st, 3);
		o->cases = sqlite3_column_int64(st, 4);
		o->staff = sqlite3_column_int64(st, 5);
		if (!o->name) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "事業所の一覧", err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		md_offices_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum md_status
md_office_find(struct md_db *db, const char *name, long long *id,
	       struct md_err *err)
{
	*id = 0;
	struct md_office *o;
	size_t n;
	enum md_status rc = md_offices_list(db, &o, &n, err);
	if (rc != MD_OK)
		return rc;
	char *want = md_text_search_key(name);
	struct md_buf names;
	md_buf_init(&names);
	for (size_t i = 0; i < n && !*id; i++) {
		char *key = md_text_search_key(o[i].name);
		if (o[i].active && (!strcmp(o[i].name, name) ||
				    (want && key && !strcmp(key, want))))
			*id = o[i].id;
		md_free(key);
		if (o[i].active) {
			if (names.len)
				md_buf_adds(&names, "、");
			md_buf_adds(&names, o[i].name);
		}
	}
	if (!*id)
		rc = names.len
			     ? md_err_set(err, MD_ERR_INVALID,
					  "事業所「%s」はありません(%s のどれかにしてください)",
					  name, md_buf_str(&names))
			     : md_err_set(err, MD_ERR_INVALID,
					  "事業所「%s」はありません(事業所はまだ登録されていません。管理者が madoguchi office add で登録します)",
					  name);
	md_buf_fini(&names);
	md_free(want);
	md_offices_free(o, n);
	return rc;
}

enum md_status
md_office_add(struct md_db *db, const struct md_user *actor, const char *name,
	      long long *id, struct md_err *err)
{
	enum md_status rc = md_text_check(name, false, "事業所の名称", err);
	if (rc != MD_OK)
		return rc;
	char *trimmed = md_strdup(name);
	if (!trimmed)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_text_trim(trimmed);
	if (!*trimmed) {
		md_free(trimmed);
		return md_err_set(err, MD_ERR_INVALID,
				  "事業所の名称を入力してください");
	}
	if ((rc = md_auth_require(db, actor, true, "事業所の登録", err)) !=
		    MD_OK ||
	    (rc = md_db_begin(db, err)) != MD_OK) {
		md_free(trimmed);
		return rc;
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	struct md_store_office o = {trimmed, 1, true, now};
	long long oid = 0;
	struct md_buf json;
	md_buf_init(&json);
	md_buf_adds(&json, "{\"name\":");
	md_json_string(&json, trimmed);
	md_buf_adds(&json, ",\"active\":\"1\"}");
	struct md_store_revision_row r = {.revision = 1,
					  .user_id = actor->id,
					  .at = now,
					  .data = md_buf_str(&json)};
	rc = md_buf_ok(&json) ? md_store_office_write(db, &oid, &o, &r, err)
			      : md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_ERR_EXISTS)
		rc = md_err_set(err, MD_ERR_EXISTS,
				"事業所「%s」はすでにあります", trimmed);
	md_buf_fini(&json);
	if (rc == MD_OK) {
		char *detail = md_asprintf("事業所の登録: %s", trimmed);
		rc = md_audit_add(db, actor->id, MD_AUDIT_OFFICE, 0, 0, detail,
				  err);
		md_free(detail);
	}
	md_free(trimmed);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK && id)
		*id = oid;
	return rc;
}

static const char sql_user_by_login[] =
	"SELECT id FROM users WHERE login = ?1 OR login_key = md_login_key(?1)";

enum md_status
md_office_assign_user(struct md_db *db, const struct md_user *actor,
		      const char *login, const char *office, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, true,
					    "職員の事業所の変更", err);
	long long oid = 0, uid = 0;
	if (rc == MD_OK)
		rc = md_office_find(db, office, &oid, err);
	if (rc != MD_OK)
		return rc;
	sqlite3_stmt *st = md_db_stmt(db, sql_user_by_login, err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		uid = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!uid)
		return md_err_set(err, MD_ERR_NOTFOUND, "職員 %s はいません",
				  login);
	if ((rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = md_store_user_set_office(db, uid, oid, err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("職員 %s の事業所: %s", login,
					   office);
		rc = md_audit_add(db, actor->id, MD_AUDIT_OFFICE, 0, 0, detail,
				  err);
		md_free(detail);
	}
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

static const char sql_case_exists[] = "SELECT 1 FROM cases WHERE id = ?1";

enum md_status
md_office_assign_case(struct md_db *db, const struct md_user *actor,
		      long long case_id, const char *office, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false,
					    "ケースの事業所の変更", err);
	long long oid = 0;
	if (rc == MD_OK)
		rc = md_office_find(db, office, &oid, err);
	sqlite3_stmt *st = rc == MD_OK ? md_db_stmt(db, sql_case_exists, err)
				       : NULL;
	if (rc == MD_OK && !st)
		rc = err->status;
	if (st) {
		sqlite3_bind_int64(st, 1, case_id);
		int src = sqlite3_step(st);
		sqlite3_reset(st);
		if (src == SQLITE_DONE)
			rc = md_err_set(err, MD_ERR_NOTFOUND,
					"ケース %lld は見つかりません",
					case_id);
		else if (src != SQLITE_ROW)
			rc = md_db_fail(db, src, "ケースの読み込み", err);
	}
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = md_store_case_set_office(db, case_id, oid, err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("ケースの事業所: %s", office);
		rc = md_audit_add(db, actor->id, MD_AUDIT_OFFICE, case_id, 0,
				  detail, err);
		md_free(detail);
	}
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

static const char sql_office_of_user[] =
	"SELECT coalesce(office_id, 0) FROM users WHERE id = ?1";

long long
md_office_of_user(struct md_db *db, long long user_id)
{
	struct md_err err;
	sqlite3_stmt *st = md_db_stmt(db, sql_office_of_user, &err);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, user_id);
	long long id = sqlite3_step(st) == SQLITE_ROW
			       ? sqlite3_column_int64(st, 0)
			       : 0;
	sqlite3_reset(st);
	return id;
}

char *
md_office_name(struct md_db *db, long long id)
{
	static const char sql[] = "SELECT name FROM offices WHERE id = ?1";
	struct md_err err;
	sqlite3_stmt *st = md_db_stmt(db, sql, &err);
	char *name = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			name = md_db_column_dup(st, 0);
		sqlite3_reset(st);
	}
	return name ? name : md_strdup("");
}
