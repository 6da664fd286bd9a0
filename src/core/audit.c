/* Appending rows to the audit log. */
#include "madoguchi/audit.h"

#include <stdio.h>
#include <string.h>

#include "madoguchi/clock.h"

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
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
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
