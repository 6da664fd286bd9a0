/* The one writer of users. */
#include "madoguchi/store.h"

#include "store_int.h"

/* md_login_key is md_auth_login_key (auth.c), for a row given without. */
static const char sql_user_insert[] =
	"INSERT INTO users (login, display_name, role, password_hash, active,"
	" created_at, updated_at, login_key)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, md_login_key(?1)))";

enum md_status
md_store_user_insert(struct md_db *db, const struct md_store_user *u,
		     long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_user_insert, err);
	if (!st)
		return store_no_stmt(err);
	store_bind_text(st, 1, u->login);
	store_bind_text(st, 2, u->display_name);
	store_bind_text(st, 3, u->role);
	store_bind_text(st, 4, u->password_hash);
	sqlite3_bind_int(st, 5, u->active);
	store_bind_text(st, 6, u->created_at);
	store_bind_text(st, 7, u->updated_at);
	store_bind_text(st, 8, u->login_key);
	/* Taken: the unique login, or the trigger on login_key. */
	enum md_status rc = store_run_clash(db, st, "職員の登録",
					    SQLITE_CONSTRAINT_UNIQUE,
					    SQLITE_CONSTRAINT_TRIGGER,
					    MD_ERR_EXISTS, err);
	return store_new_id(db, rc, id);
}

static const char sql_login_failed[] =
	"UPDATE users SET failed_attempts = ?2, locked_until = ?3,"
	" updated_at = ?4 WHERE id = ?1";
static const char sql_login_ok[] =
	"UPDATE users SET failed_attempts = 0, locked_until = NULL,"
	" updated_at = ?2 WHERE id = ?1";
static const char sql_lock_until[] =
	"UPDATE users SET locked_until = ?2, updated_at = ?3 WHERE id = ?1";

enum md_status
md_store_user_login_failed(struct md_db *db, long long id, int failed_attempts,
			   const char *locked_until, const char *at,
			   struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_login_failed, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, failed_attempts);
	store_bind_text(st, 3, locked_until);
	store_bind_text(st, 4, at);
	return store_run(db, st, "ログインの記録", err);
}

enum md_status
md_store_user_login_ok(struct md_db *db, long long id, const char *at,
		       struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_login_ok, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, at);
	return store_run(db, st, "ログインの記録", err);
}

enum md_status
md_store_user_lock_until(struct md_db *db, long long id,
			 const char *locked_until, const char *at,
			 struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_lock_until, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, locked_until);
	store_bind_text(st, 3, at);
	return store_run(db, st, "ログインの記録", err);
}

static const char sql_user_passwd[] =
	"UPDATE users SET password_hash = ?2, failed_attempts = 0,"
	" locked_until = NULL, updated_at = ?3 WHERE id = ?1";
static const char sql_user_unlock[] =
	"UPDATE users SET failed_attempts = 0, locked_until = NULL,"
	" updated_at = ?3 WHERE id = ?1";

enum md_status
md_store_user_reset(struct md_db *db, long long id, const char *password_hash,
		    const char *at, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db,
				      password_hash ? sql_user_passwd
						    : sql_user_unlock,
				      err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, password_hash);
	store_bind_text(st, 3, at);
	return store_run(db, st,
			 password_hash ? "パスワードの変更" : "一時停止の解除",
			 err);
}

static const char sql_user_active[] =
	"UPDATE users SET active = ?2, failed_attempts = 0, locked_until = NULL,"
	" updated_at = ?3 WHERE id = ?1";

enum md_status
md_store_user_set_active(struct md_db *db, long long id, bool active,
			 const char *at, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_user_active, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, active ? 1 : 0);
	store_bind_text(st, 3, at);
	return store_run(db, st, "アカウントの変更", err);
}

static const char sql_user_office[] =
	"UPDATE users SET office_id = ?2 WHERE id = ?1";

enum md_status
md_store_user_set_office(struct md_db *db, long long id, long long office_id,
			 struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_user_office, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	store_bind_id(st, 2, office_id);
	return store_run(db, st, "職員の事業所", err);
}
