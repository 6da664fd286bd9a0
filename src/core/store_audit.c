/* The one writer of audit_log. */
#include "madoguchi/store.h"

#include "store_int.h"

/* The next number and the hash of the last row are read by the insert
 * itself: a write statement holds the write lock from its start. */
static const char sql_audit_append[] =
	"INSERT INTO audit_log (id, at, user_id, action, case_id, person_id,"
	" detail, hash)"
	" SELECT n.id, ?1, ?2, ?3, ?4, ?5, ?6,"
	" md_audit_hash(n.prev, n.id, ?1, ?2, ?3, ?4, ?5, ?6)"
	" FROM (SELECT (SELECT coalesce(max(id), 0) + 1 FROM audit_log) AS id,"
	" coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '')"
	" AS prev) n";

enum md_status
md_store_audit_append(struct md_db *db, const char *at, long long user_id,
		      const char *action, long long case_id,
		      long long person_id, const char *detail,
		      struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_audit_append, err);
	if (!st)
		return store_no_stmt(err);
	store_bind_text(st, 1, at);
	store_bind_id(st, 2, user_id);
	store_bind_text(st, 3, action);
	store_bind_id(st, 4, case_id);
	store_bind_id(st, 5, person_id);
	store_bind_text(st, 6, detail ? detail : "");
	return store_run(db, st, "監査記録の書き込み", err);
}
