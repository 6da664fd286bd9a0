/* Appending rows to the audit log. */
#include "madoguchi/audit.h"

#include <stdio.h>
#include <string.h>

#include "madoguchi/auth.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"

static const struct {
	const char *code;
	const char *label;
} actions[] = {
#define MD_AUDIT_ROW(name, code, label) {code, label},
	MD_AUDIT_LIST(MD_AUDIT_ROW)
#undef MD_AUDIT_ROW
};

const char *
md_audit_code(enum md_audit_action a)
{
	return (unsigned)a < MD_AUDIT_COUNT ? actions[a].code : "?";
}

const char *
md_audit_label(enum md_audit_action a)
{
	return (unsigned)a < MD_AUDIT_COUNT ? actions[a].label : "?";
}

bool
md_audit_parse(const char *code, enum md_audit_action *out)
{
	for (int i = 0; i < MD_AUDIT_COUNT; i++)
		if (!strcmp(actions[i].code, code)) {
			*out = (enum md_audit_action)i;
			return true;
		}
	return false;
}

static const char sql_audit_add[] =
	"INSERT INTO audit_log (at, user_id, action, case_id, person_id, detail)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

enum md_status
md_audit_add(struct md_db *db, long long user_id, enum md_audit_action action,
	     long long case_id, long long person_id, const char *detail,
	     struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_audit_add, err);
	if (!st)
		return err ? err->status : MD_ERR_DB;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	if (user_id)
		sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, md_audit_code(action), -1, SQLITE_STATIC);
	if (case_id)
		sqlite3_bind_int64(st, 4, case_id);
	if (person_id)
		sqlite3_bind_int64(st, 5, person_id);
	sqlite3_bind_text(st, 6, detail ? detail : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return md_db_fail(db, rc, "監査記録の書き込み", err);
	return MD_OK;
}

enum md_status
md_audit_list_view(struct md_db *db, long long user_id, const char *what,
		   struct md_err *err)
{
	char key[64];
	snprintf(key, sizeof key, "view:%lld:%s", user_id, what);
	time_t now = md_clock_now();
	if (md_db_recent(db, key, now, MD_AUDIT_LIST_SECONDS))
		return MD_OK;
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = md_audit_add(db, user_id, MD_AUDIT_VIEW, 0, 0, what, err);
	if (rc != MD_OK) {
		md_db_rollback(db);
		return rc;
	}
	rc = md_db_commit(db, err);
	if (rc == MD_OK)
		md_db_mark(db, key, now);
	return rc;
}

enum md_status
md_audit_cases_shown(struct md_db *db, long long user_id,
		     const struct md_audit_case *cases, size_t n,
		     const char *what, struct md_err *err)
{
	if (n == 0)
		return MD_OK;
	enum md_status rc = md_db_begin(db, err);
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		bool seen = false;
		size_t count = 0;
		for (size_t j = 0; j < n && !seen; j++) {
			if (cases[j].case_id != cases[i].case_id)
				continue;
			seen = j < i;
			count++;
		}
		if (seen)
			continue; /* written at its first */
		char *detail = md_asprintf("%s(抜粋 %zu 件)", what, count);
		rc = detail ? md_audit_add(db, user_id, MD_AUDIT_VIEW,
					   cases[i].case_id, cases[i].person_id,
					   detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(detail);
	}
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

void
md_audit_rows_free(struct md_audit_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++) {
		md_free(rows[i].at);
		md_free(rows[i].login);
		md_free(rows[i].user_name);
		md_free(rows[i].action);
		md_free(rows[i].detail);
	}
	md_free(rows);
}

/*
 * The listing, one statement for each index that can lead: the case's
 * (audit_log_case), the user's (audit_log_user), the time's
 * (audit_log_at), or the row number. The other conditions filter. ?1 case
 * (0: any), ?2 user (0: any), ?3 since (NULL: any), ?4 after this row,
 * ?5 the page size.
 */
#define AUDIT_LIST_SQL(lead)                                               \
	"SELECT a.id, a.at, coalesce(u.login, ''), coalesce(u.display_name, ''),"\
	" a.action, coalesce(a.case_id, 0), coalesce(a.person_id, 0), a.detail" \
	" FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"            \
	" WHERE " lead " AND a.id > ?4"                                      \
	" AND (?1 = 0 OR a.case_id = ?1) AND (?2 = 0 OR a.user_id = ?2)"     \
	" AND (?3 IS NULL OR a.at >= ?3) ORDER BY a.id LIMIT ?5"

static const char *const sql_audit_list[] = {
	AUDIT_LIST_SQL("a.case_id = ?1"),
	AUDIT_LIST_SQL("a.user_id = ?2"),
	AUDIT_LIST_SQL("a.at >= ?3"),
	AUDIT_LIST_SQL("1"),
};

enum md_status
md_audit_list(struct md_db *db, const struct md_user *actor,
	      const struct md_audit_filter *f, long long after_id, int limit,
	      struct md_audit_row **rows, size_t *n, struct md_err *err)
{
	*rows = NULL;
	*n = 0;
	if (limit < 1 || limit > 1000)
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 一度に読む件数は 1〜1000 件です");
	enum md_status rc = md_auth_require(db, actor, true, "監査記録の閲覧", err);
	if (rc != MD_OK)
		return rc;
	int lead = f->case_id ? 0 : f->user_id ? 1 : f->since ? 2 : 3;
	sqlite3_stmt *st = md_db_stmt(db, sql_audit_list[lead], err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, f->case_id);
	sqlite3_bind_int64(st, 2, f->user_id);
	if (f->since)
		sqlite3_bind_text(st, 3, f->since, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, after_id);
	sqlite3_bind_int(st, 5, limit);
	struct md_audit_row *out = md_calloc((size_t)limit, sizeof *out);
	size_t count = 0;
	int src = SQLITE_NOMEM;
	while (out && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_audit_row *r = &out[count++];
		r->id = sqlite3_column_int64(st, 0);
		r->at = md_db_column_dup(st, 1);
		r->login = md_db_column_dup(st, 2);
		r->user_name = md_db_column_dup(st, 3);
		r->action = md_db_column_dup(st, 4);
		r->case_id = sqlite3_column_int64(st, 5);
		r->person_id = sqlite3_column_int64(st, 6);
		r->detail = md_db_column_dup(st, 7);
		if (!r->at || !r->login || !r->user_name || !r->action || !r->detail) {
			src = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(st);
	if (!out || src == SQLITE_NOMEM)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	else if (src != SQLITE_DONE)
		rc = md_db_fail(db, src, "監査記録の読み込み", err);
	/* The first page is a view of the log, audited in its own write. */
	if (rc == MD_OK && after_id == 0 && (rc = md_db_begin(db, err)) == MD_OK) {
		rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, f->case_id, 0,
				  "監査記録の閲覧", err);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	if (rc != MD_OK) {
		md_audit_rows_free(out, count);
		return rc;
	}
	*rows = out;
	*n = count;
	return MD_OK;
}

void
md_audit_denied(struct md_db *db, long long user_id, long long case_id,
		const char *what)
{
	struct md_err err;
	if (!user_id || md_db_begin(db, &err) != MD_OK)
		return;
	if (md_audit_add(db, user_id, MD_AUDIT_DENIED, case_id, 0, what, &err) ==
	    MD_OK)
		md_db_commit(db, &err);
	else
		md_db_rollback(db);
}
