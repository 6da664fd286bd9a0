/* Staff accounts: yescrypt password hashes, login with lockout, administration. */
#include "madoguchi/auth.h"

#include <crypt.h>
#include <errno.h>
#include <string.h>
#include <time.h>

#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

static const struct {
	const char *code;
	const char *label;
} roles[] = {
#define MD_ROLE_ROW(name, code, label) {code, label},
	MD_ROLE_LIST(MD_ROLE_ROW)
#undef MD_ROLE_ROW
};

const char *
md_role_code(enum md_role role)
{
	return (unsigned)role < MD_ROLE_COUNT ? roles[role].code : "?";
}

const char *
md_role_label(enum md_role role)
{
	return (unsigned)role < MD_ROLE_COUNT ? roles[role].label : "?";
}

bool
md_role_parse(const char *s, enum md_role *out)
{
	for (int i = 0; i < MD_ROLE_COUNT; i++)
		if (!strcmp(s, roles[i].code) || !strcmp(s, roles[i].label)) {
			*out = (enum md_role)i;
			return true;
		}
	return false;
}

void
md_user_fini(struct md_user *u)
{
	md_free(u->login);
	md_free(u->display_name);
	md_free(u->locked_until);
	md_free(u->created_at);
	memset(u, 0, sizeof *u);
}

/* Overwrite memory that held a secret, in a way the compiler keeps. */
static void
wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

enum md_status
md_auth_hash(const char *password, char **hash, struct md_err *err)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	*hash = NULL;
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt))
		return md_err_set(err, MD_ERR_IO,
				  "パスワードの暗号化に失敗しました(乱数を得られません)");
	struct crypt_data *cd = md_calloc(1, sizeof *cd);
	if (!cd)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	const char *out = crypt_r(password, salt, cd);
	enum md_status rc = MD_OK;
	if (!out || out[0] == '*')
		rc = md_err_set(err, MD_ERR_IO, "パスワードの暗号化に失敗しました");
	else if (!(*hash = md_strdup(out)))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	wipe(cd, sizeof *cd);
	md_free(cd);
	return rc;
}

bool
md_auth_verify(const char *password, const char *hash)
{
	if (!hash || hash[0] != '$')
		return false;
	struct crypt_data *cd = md_calloc(1, sizeof *cd);
	if (!cd)
		return false;
	const char *out = crypt_r(password, hash, cd);
	bool ok = false;
	if (out && out[0] != '*') {
		size_t a = strlen(out), b = strlen(hash);
		unsigned char diff = (unsigned char)(a != b);
		size_t n = a < b ? a : b;
		for (size_t i = 0; i < n; i++)
			diff |= (unsigned char)(out[i] ^ hash[i]);
		ok = diff == 0;
	}
	wipe(cd, sizeof *cd);
	md_free(cd);
	return ok;
}

static const char sql_user_count[] = "SELECT count(*) FROM users";

enum md_status
md_user_count(struct md_db *db, long long *count, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_user_count, err);
	if (!st)
		return err->status;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return md_db_fail(db, rc, "職員数の確認", err);
	*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return MD_OK;
}

#define USER_COLUMNS                                                        \
	"id, login, display_name, role, active, failed_attempts,"            \
	" coalesce(locked_until, ''), created_at, password_hash"

static const char sql_user_by_login[] =
	"SELECT " USER_COLUMNS " FROM users WHERE login = ?1";
static const char sql_user_by_id[] =
	"SELECT " USER_COLUMNS " FROM users WHERE id = ?1";
static const char sql_user_all[] =
	"SELECT " USER_COLUMNS " FROM users ORDER BY login";

/* Fill u from a row of USER_COLUMNS; hash (may be NULL) gets the hash. */
static enum md_status
user_from_row(sqlite3_stmt *st, struct md_user *u, char **hash,
	      struct md_err *err)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	u->login = md_db_column_dup(st, 1);
	u->display_name = md_db_column_dup(st, 2);
	const char *role = (const char *)sqlite3_column_text(st, 3);
	if (!role || !md_role_parse(role, &u->role))
		u->role = MD_ROLE_CONSULTANT;
	u->active = sqlite3_column_int(st, 4) != 0;
	u->failed_attempts = sqlite3_column_int(st, 5);
	u->locked_until = md_db_column_dup(st, 6);
	u->created_at = md_db_column_dup(st, 7);
	if (hash)
		*hash = md_db_column_dup(st, 8);
	if (!u->login || !u->display_name || !u->locked_until ||
	    !u->created_at || (hash && !*hash)) {
		md_user_fini(u);
		if (hash) {
			md_free(*hash);
			*hash = NULL;
		}
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	return MD_OK;
}

static enum md_status
user_fetch(struct md_db *db, const char *sql, const char *login, long long id,
	   struct md_user *u, char **hash, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql, err);
	if (!st)
		return err->status;
	if (login)
		sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	enum md_status s;
	if (rc == SQLITE_ROW)
		s = user_from_row(st, u, hash, err);
	else if (rc == SQLITE_DONE)
		s = login ? md_err_set(err, MD_ERR_NOTFOUND,
				       "職員 %s は登録されていません", login)
			  : md_err_set(err, MD_ERR_NOTFOUND,
				       "職員(番号 %lld)は登録されていません", id);
	else
		s = md_db_fail(db, rc, "職員の読み込み", err);
	sqlite3_reset(st);
	return s;
}

enum md_status
md_user_get(struct md_db *db, const char *login, struct md_user *user,
	    struct md_err *err)
{
	return user_fetch(db, sql_user_by_login, login, 0, user, NULL, err);
}

enum md_status
md_user_get_id(struct md_db *db, long long id, struct md_user *user,
	       struct md_err *err)
{
	return user_fetch(db, sql_user_by_id, NULL, id, user, NULL, err);
}

enum md_status
md_auth_require(struct md_db *db, const struct md_user *actor, bool admin_only,
		const char *what, struct md_err *err)
{
	struct md_user now;
	if (!actor)
		return md_err_set(err, MD_ERR_DENIED,
				  "%sにはログインが必要です", what);
	/* The account may have been disabled since it logged in. */
	enum md_status rc = md_user_get_id(db, actor->id, &now, err);
	if (rc != MD_OK)
		return rc;
	bool ok = now.active && (!admin_only || now.role == MD_ROLE_ADMIN);
	bool disabled = !now.active;
	md_user_fini(&now);
	if (ok)
		return MD_OK;
	md_audit_denied(db, actor->id, 0, what);
	if (disabled)
		return md_err_set(err, MD_ERR_DISABLED,
				  "アカウント %s は無効にされています", actor->login);
	return md_err_set(err, MD_ERR_DENIED, "%sは管理者だけが行えます", what);
}

/* A character of a login name: ASCII letters, digits, '.', '_', '-'. */
static bool
login_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Login names: login_char only; 1–32 characters. */
static enum md_status
check_login(const char *login, struct md_err *err)
{
	size_t n = strlen(login);
	if (n == 0 || n > 32)
		return md_err_set(err, MD_ERR_INVALID,
				  "ユーザー名は 1〜32 文字の半角英数字で入力してください");
	for (size_t i = 0; i < n; i++) {
		if (!login_char(login[i]))
			return md_err_set(err, MD_ERR_INVALID,
					  "ユーザー名に使えるのは半角英数字と . _ - だけです");
	}
	return MD_OK;
}

static enum md_status
check_password(const char *pw, struct md_err *err)
{
	if (!md_utf8_valid(pw, strlen(pw)))
		return md_err_set(err, MD_ERR_INVALID,
				  "パスワードに文字として読めないデータが含まれています");
	if (md_utf8_chars(pw) < MD_PASSWORD_MIN)
		return md_err_set(err, MD_ERR_INVALID,
				  "パスワードは %d 文字以上にしてください",
				  MD_PASSWORD_MIN);
	return MD_OK;
}

/*
 * The audit row of a registration: "login (役割)". md_user_check_audited
 * reads it back; a login never holds a space or a parenthesis
 * (check_login).
 */
static enum md_status
audit_user_added(struct md_db *db, long long actor_id, const char *login,
		 enum md_role role, struct md_err *err)
{
	char *detail = md_asprintf("%s (%s)", login, md_role_label(role));
	if (!detail)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = md_audit_add(db, actor_id, MD_AUDIT_USER_ADD, 0, 0,
					 detail, err);
	md_free(detail);
	return rc;
}

/* The audit row of an account enabled or disabled: its login. */
static enum md_status
audit_user_active(struct md_db *db, long long actor_id, const char *login,
		  bool active, struct md_err *err)
{
	return md_audit_add(db, actor_id,
			    active ? MD_AUDIT_USER_ENABLE : MD_AUDIT_USER_DISABLE,
			    0, 0, login, err);
}

enum md_status
md_user_audit_account(struct md_db *db, long long actor_id, const char *login,
		      enum md_role role, bool active, struct md_err *err)
{
	enum md_status rc = audit_user_added(db, actor_id, login, role, err);
	if (rc == MD_OK && !active)
		rc = audit_user_active(db, actor_id, login, false, err);
	return rc;
}

static const char sql_user_insert[] =
	"INSERT INTO users (login, display_name, role, password_hash,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";

enum md_status
md_user_add(struct md_db *db, const struct md_user *actor, const char *login,
	    const char *display_name, enum md_role role, const char *password,
	    long long *id, struct md_err *err)
{
	char *hash = NULL;
	enum md_status rc;
	if ((rc = check_login(login, err)) != MD_OK ||
	    (rc = md_text_check(display_name, false, "氏名", err)) != MD_OK ||
	    (rc = check_password(password, err)) != MD_OK)
		return rc;
	if (!*display_name)
		return md_err_set(err, MD_ERR_INVALID, "職員の氏名を入力してください");
	if (actor) {
		rc = md_auth_require(db, actor, true, "職員の登録", err);
		if (rc != MD_OK)
			return rc;
	}
	/* Hash before the transaction: yescrypt takes tens of milliseconds. */
	rc = md_auth_hash(password, &hash, err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		goto out;
	if (!actor) {
		long long n = 0;
		rc = md_user_count(db, &n, err);
		if (rc == MD_OK && n > 0)
			rc = md_err_set(err, MD_ERR_DENIED,
					"最初の管理者はすでに登録されています。管理者としてログインして登録してください");
		else if (rc == MD_OK && role != MD_ROLE_ADMIN)
			rc = md_err_set(err, MD_ERR_INVALID,
					"最初に登録する職員は管理者にしてください");
		if (rc != MD_OK)
			goto fail;
	}
	sqlite3_stmt *st = md_db_stmt(db, sql_user_insert, err);
	if (!st) {
		rc = err->status;
		goto fail;
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, md_role_code(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src == SQLITE_CONSTRAINT_UNIQUE) {
		rc = md_err_set(err, MD_ERR_EXISTS,
				"ユーザー名 %s はすでに使われています", login);
		goto fail;
	}
	if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "職員の登録", err);
		goto fail;
	}
	long long new_id = sqlite3_last_insert_rowid(md_db_sqlite(db));
	rc = audit_user_added(db, actor ? actor->id : new_id, login, role, err);
	if (rc != MD_OK)
		goto fail;
	rc = md_db_commit(db, err);
	if (rc == MD_OK && id)
		*id = new_id;
	goto out;
fail:
	md_db_rollback(db);
out:
	md_free(hash);
	return rc;
}

static const char sql_login_fail[] =
	"UPDATE users SET failed_attempts = ?2, locked_until = ?3,"
	" updated_at = ?4 WHERE id = ?1";
static const char sql_login_ok[] =
	"UPDATE users SET failed_attempts = 0, locked_until = NULL,"
	" updated_at = ?2 WHERE id = ?1";

/* Answer a failed login only after failed_login_delay_seconds times the
 * failures in a row (at least once), so that passwords cannot be tried
 * quickly; the lock after max_failed_logins stops the rest. */
static void
login_delay(const struct md_config *cfg, int failures)
{
	long long ms = (long long)cfg->security_failed_login_delay_seconds * 1000 *
		       (failures > 0 ? failures : 1);
	struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
	while (ms > 0 && nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

enum md_status
md_user_login(struct md_db *db, const struct md_config *cfg, const char *login,
	      const char *password, struct md_user *user, struct md_err *err)
{
	struct md_user u;
	char *hash = NULL;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	memset(user, 0, sizeof *user);

	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = user_fetch(db, sql_user_by_login, login, 0, &u, &hash, err);
	if (rc == MD_ERR_NOTFOUND) {
		/* Spend the time a wrong password would, so that an unknown
		 * name cannot be told from a known one by the delay. */
		char *scratch = NULL;
		md_auth_hash(password, &scratch, NULL);
		md_free(scratch);
		rc = md_audit_add(db, 0, MD_AUDIT_LOGIN_FAILED, 0, 0,
				  "登録されていないユーザー名", err);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
		login_delay(cfg, 1);
		return rc == MD_OK ? md_err_set(err, MD_ERR_AUTH, NULL) : rc;
	}
	if (rc != MD_OK) {
		md_db_rollback(db);
		return rc;
	}
	enum md_status result = MD_OK;
	int failures = 0; /* in a row, for the delay */
	char until[MD_TIMESTAMP_SIZE] = "";
	if (u.locked_until[0] && strcmp(u.locked_until, now) > 0) {
		result = md_err_set(err, MD_ERR_LOCKED,
				    "ログインの失敗が続いたため、%s まで %s はログインできません",
				    u.locked_until, u.login);
		rc = md_audit_add(db, u.id, MD_AUDIT_LOGIN_FAILED, 0, 0,
				  "一時停止中", err);
	} else if (!md_auth_verify(password, hash)) {
		int fails = u.failed_attempts + 1;
		failures = fails;
		bool lock = fails >= cfg->security_max_failed_logins;
		if (lock) {
			md_clock_format(md_clock_now() +
						(time_t)cfg->security_lockout_minutes * 60,
					until);
			fails = 0;
		}
		sqlite3_stmt *st = md_db_stmt(db, sql_login_fail, err);
		if (!st) {
			rc = err->status;
		} else {
			sqlite3_bind_int64(st, 1, u.id);
			sqlite3_bind_int(st, 2, fails);
			if (lock)
				sqlite3_bind_text(st, 3, until, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
			int src = sqlite3_step(st);
			sqlite3_reset(st);
			rc = src == SQLITE_DONE
				     ? MD_OK
				     : md_db_fail(db, src, "ログインの記録", err);
		}
		if (rc == MD_OK)
			rc = md_audit_add(db, u.id, MD_AUDIT_LOGIN_FAILED, 0, 0,
					  "パスワードの誤り", err);
		if (rc == MD_OK && lock)
			rc = md_audit_add(db, u.id, MD_AUDIT_LOCKED, 0, 0, until,
					  err);
		if (lock)
			result = md_err_set(err, MD_ERR_LOCKED,
					    "ログインに %d 回続けて失敗したため、%s まで %s はログインできません",
					    cfg->security_max_failed_logins,
					    until, u.login);
		else
			result = md_err_set(err, MD_ERR_AUTH, NULL);
	} else if (!u.active) {
		result = md_err_set(err, MD_ERR_DISABLED,
				    "アカウント %s は無効にされています。管理者に連絡してください",
				    u.login);
		rc = md_audit_add(db, u.id, MD_AUDIT_LOGIN_FAILED, 0, 0,
				  "無効なアカウント", err);
	} else {
		sqlite3_stmt *st = md_db_stmt(db, sql_login_ok, err);
		if (!st) {
			rc = err->status;
		} else {
			sqlite3_bind_int64(st, 1, u.id);
			sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
			int src = sqlite3_step(st);
			sqlite3_reset(st);
			rc = src == SQLITE_DONE
				     ? MD_OK
				     : md_db_fail(db, src, "ログインの記録", err);
		}
		if (rc == MD_OK)
			rc = md_audit_add(db, u.id, MD_AUDIT_LOGIN, 0, 0, NULL,
					  err);
	}
	md_free(hash);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc != MD_OK) {
		md_user_fini(&u);
		return rc;
	}
	if (result != MD_OK) {
		md_user_fini(&u);
		/* After the write: nobody waits for the lock meanwhile. */
		login_delay(cfg, failures);
		return result;
	}
	u.failed_attempts = 0;
	u.locked_until[0] = '\0';
	*user = u;
	md_err_clear(err);
	return MD_OK;
}

/* Every row of sql (USER_COLUMNS) as a new array of users. */
static enum md_status
user_rows(struct md_db *db, const char *sql, struct md_user **users,
	  size_t *count, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql, err);
	if (!st)
		return err->status;
	struct md_user *arr = NULL;
	size_t n = 0;
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_user *p = md_realloc(arr, (n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		arr = p;
		rc = user_from_row(st, &arr[n], NULL, err);
		if (rc != MD_OK)
			break;
		n++;
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "職員の一覧", err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		md_user_list_free(arr, n);
		return rc;
	}
	*users = arr;
	*count = n;
	return MD_OK;
}

enum md_status
md_user_list(struct md_db *db, const struct md_user *actor,
	     struct md_user **users, size_t *count, struct md_err *err)
{
	*users = NULL;
	*count = 0;
	enum md_status rc = md_auth_require(db, actor, true, "職員の一覧", err);
	if (rc != MD_OK)
		return rc;
	return user_rows(db, sql_user_all, users, count, err);
}

static const char sql_user_names[] =
	"SELECT " USER_COLUMNS " FROM users WHERE active = 1 ORDER BY display_name";

enum md_status
md_user_names(struct md_db *db, const struct md_user *actor,
	      struct md_user **users, size_t *count, struct md_err *err)
{
	*users = NULL;
	*count = 0;
	enum md_status rc = md_auth_require(db, actor, false, "職員の一覧", err);
	if (rc != MD_OK)
		return rc;
	return user_rows(db, sql_user_names, users, count, err);
}

void
md_user_list_free(struct md_user *users, size_t count)
{
	for (size_t i = 0; i < count; i++)
		md_user_fini(&users[i]);
	md_free(users);
}

static const char sql_user_passwd[] =
	"UPDATE users SET password_hash = ?2, failed_attempts = 0,"
	" locked_until = NULL, updated_at = ?3 WHERE id = ?1";

enum md_status
md_user_passwd(struct md_db *db, const struct md_user *actor,
	       const char *login, const char *password, struct md_err *err)
{
	struct md_user target;
	char *hash = NULL;
	enum md_status rc = check_password(password, err);
	if (rc != MD_OK)
		return rc;
	rc = md_user_get(db, login, &target, err);
	if (rc != MD_OK)
		return rc;
	rc = md_auth_require(db, actor, actor && actor->id != target.id,
			     "他の職員のパスワードの変更", err);
	if (rc != MD_OK)
		goto out;
	rc = md_auth_hash(password, &hash, err);
	if (rc != MD_OK)
		goto out;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		goto out;
	sqlite3_stmt *st = md_db_stmt(db, sql_user_passwd, err);
	if (!st) {
		rc = err->status;
		md_db_rollback(db);
		goto out;
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(st, 1, target.id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		rc = md_db_fail(db, src, "パスワードの変更", err);
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, MD_AUDIT_USER_PASSWD, 0, 0,
				  target.login, err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
out:
	md_free(hash);
	md_user_fini(&target);
	return rc;
}

static const char sql_user_active[] =
	"UPDATE users SET active = ?2, failed_attempts = 0, locked_until = NULL,"
	" updated_at = ?3 WHERE id = ?1";
static const char sql_active_admins[] =
	"SELECT count(*) FROM users WHERE role = 'admin' AND active = 1"
	" AND id <> ?1";

enum md_status
md_user_set_active(struct md_db *db, const struct md_user *actor,
		   const char *login, bool active, struct md_err *err)
{
	struct md_user target;
	enum md_status rc = md_auth_require(
		db, actor, true, active ? "アカウントの有効化" : "アカウントの無効化",
		err);
	if (rc != MD_OK)
		return rc;
	rc = md_user_get(db, login, &target, err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		goto out;
	if (!active && target.role == MD_ROLE_ADMIN) {
		sqlite3_stmt *st = md_db_stmt(db, sql_active_admins, err);
		if (!st) {
			rc = err->status;
			goto fail;
		}
		sqlite3_bind_int64(st, 1, target.id);
		int src = sqlite3_step(st);
		long long others = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (src != SQLITE_ROW) {
			rc = md_db_fail(db, src, "管理者の確認", err);
			goto fail;
		}
		if (others == 0) {
			rc = md_err_set(err, MD_ERR_INVALID,
					"%s は有効な最後の管理者なので無効にできません",
					target.login);
			goto fail;
		}
	}
	sqlite3_stmt *st = md_db_stmt(db, sql_user_active, err);
	if (!st) {
		rc = err->status;
		goto fail;
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(st, 1, target.id);
	sqlite3_bind_int(st, 2, active ? 1 : 0);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "アカウントの変更", err);
		goto fail;
	}
	rc = audit_user_active(db, actor->id, target.login, active, err);
	if (rc != MD_OK)
		goto fail;
	rc = md_db_commit(db, err);
	goto out;
fail:
	md_db_rollback(db);
out:
	md_user_fini(&target);
	return rc;
}

/* What the audit log says of one account. */
struct audited {
	char *login;
	enum md_role role;
	bool active;
};

struct audited_set {
	struct audited *a;
	size_t n, cap;
};

static struct audited *
audited_find(struct audited_set *s, const char *login)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->a[i].login, login))
			return &s->a[i];
	return NULL;
}

/* Read a registration's "login (役割)"; false when it is not one. */
static bool
audited_add(struct audited_set *s, const char *detail, bool *nomem)
{
	const char *open = strstr(detail, " (");
	size_t len = strlen(detail);
	if (!open || len < 2 || detail[len - 1] != ')')
		return false;
	char *label = md_strndup(open + 2, (size_t)(detail + len - 1 - open - 2));
	char *login = md_strndup(detail, (size_t)(open - detail));
	enum md_role role;
	bool ok = label && login && md_role_parse(label, &role);
	md_free(label);
	if (!label || !login) {
		md_free(login);
		*nomem = true;
		return false;
	}
	if (!ok) {
		md_free(login);
		return false;
	}
	struct audited *a = audited_find(s, login);
	if (a) { /* a name registered twice: the later row stands */
		md_free(login);
	} else {
		if (s->n == s->cap) {
			size_t cap = s->cap ? 2 * s->cap : 16;
			struct audited *grown = md_realloc(s->a, cap * sizeof *grown);
			if (!grown) {
				md_free(login);
				*nomem = true;
				return false;
			}
			s->a = grown;
			s->cap = cap;
		}
		a = &s->a[s->n++];
		a->login = login;
	}
	a->role = role;
	a->active = true;
	return true;
}

/* A login as text safe to print: login_char as it is, any other byte as
 * \xNN (an account written in the file may hold anything). */
static void
login_shown(struct md_buf *b, const char *login)
{
	for (const char *p = login; *p; p++) {
		if (login_char(*p))
			md_buf_addc(b, *p);
		else
			md_buf_addf(b, "\\x%02X", (unsigned char)*p);
	}
}

static const char sql_account_rows[] =
	"SELECT id, action, detail FROM audit_log"
	" WHERE action IN ('user_add', 'user_enable', 'user_disable') ORDER BY id";
static const char sql_accounts[] =
	"SELECT login, role, active FROM users ORDER BY id";

/* Replay the account rows of the audit log into s. */
static enum md_status
audited_read(struct md_db *db, struct audited_set *s, struct md_buf *report,
	     int *problems, struct md_err *err)
{
	sqlite3_stmt *st = NULL;
	bool nomem = false;
	int src = sqlite3_prepare_v2(md_db_sqlite(db), sql_account_rows, -1,
				     &st, NULL);
	while (src == SQLITE_OK && !nomem &&
	       (src = sqlite3_step(st)) == SQLITE_ROW) {
		src = SQLITE_OK;
		long long id = sqlite3_column_int64(st, 0);
		const char *action = (const char *)sqlite3_column_text(st, 1);
		const char *detail = (const char *)sqlite3_column_text(st, 2);
		enum md_audit_action a;
		if (!action || !detail || !md_audit_parse(action, &a)) {
			nomem = true;
			break;
		}
		if (a == MD_AUDIT_USER_ADD) {
			if (!audited_add(s, detail, &nomem) && !nomem) {
				md_buf_addf(report, "監査記録の番号 %lld: 職員の登録の内容が読めません\n",
					    id);
				(*problems)++;
			}
		} else {
			struct audited *u = audited_find(s, detail);
			if (u)
				u->active = a == MD_AUDIT_USER_ENABLE;
		}
	}
	sqlite3_finalize(st);
	if (nomem)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	if (src != SQLITE_DONE)
		return md_db_fail(db, src, "監査記録の読み込み", err);
	return MD_OK;
}

enum md_status
md_user_check_audited(struct md_db *db, struct md_buf *report, int *problems,
		      struct md_err *err)
{
	struct audited_set s = {0};
	enum md_status rc = audited_read(db, &s, report, problems, err);
	sqlite3_stmt *st = NULL;
	int src = rc == MD_OK ? sqlite3_prepare_v2(md_db_sqlite(db), sql_accounts,
						   -1, &st, NULL)
			      : SQLITE_OK;
	while (rc == MD_OK && src == SQLITE_OK &&
	       (src = sqlite3_step(st)) == SQLITE_ROW) {
		src = SQLITE_OK;
		const char *login = (const char *)sqlite3_column_text(st, 0);
		const char *code = (const char *)sqlite3_column_text(st, 1);
		bool active = sqlite3_column_int(st, 2) != 0;
		enum md_role role;
		if (!login || !code) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		const char *label = md_role_parse(code, &role) ? md_role_label(role)
							       : "不明な役割";
		const struct audited *a = audited_find(&s, login);
		if (a && !strcmp(label, md_role_label(a->role)) &&
		    a->active == active)
			continue;
		md_buf_adds(report, "職員 ");
		login_shown(report, login);
		if (!a)
			md_buf_addf(report, "(%s)の登録が監査記録にありません",
				    label);
		else if (strcmp(label, md_role_label(a->role)))
			md_buf_addf(report, " の役割は%sですが、監査記録では%sとして登録されています",
				    label, md_role_label(a->role));
		else
			md_buf_addf(report, " は%sですが、監査記録では%sです",
				    active ? "有効" : "無効",
				    a->active ? "有効" : "無効");
		md_buf_adds(report, "(プログラムの外で変えられています)\n");
		(*problems)++;
	}
	sqlite3_finalize(st);
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "職員の確認", err);
	for (size_t i = 0; i < s.n; i++)
		md_free(s.a[i].login);
	md_free(s.a);
	if (rc == MD_OK && !md_buf_ok(report))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	return rc;
}
