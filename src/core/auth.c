/* Staff accounts: yescrypt password hashes, login with lockout, administration. */
#include "madoguchi/auth.h"

#include <crypt.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/store.h"
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

char *
md_auth_login_key(const char *login)
{
	size_t len = strlen(login);
	if (!md_utf8_valid(login, len))
		return NULL;
	/* NFKC_Casefold: NFKC, case folding, default ignorables dropped. */
	utf8proc_uint8_t *nf = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)login,
					  (utf8proc_ssize_t)len, &nf,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE |
						  UTF8PROC_COMPAT |
						  UTF8PROC_CASEFOLD |
						  UTF8PROC_IGNORE);
	if (n < 0)
		return NULL;
	char *key = md_strndup((const char *)nf, (size_t)n);
	free(nf);
	return key;
}

/* The SQL function md_login_key(text): md_auth_login_key() for SQL. NULL
 * (or text that is not UTF-8) gives NULL. */
static void
sql_login_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		if (sqlite3_value_type(argv[0]) != SQLITE_NULL &&
		    sqlite3_value_bytes(argv[0]) > 0)
			sqlite3_result_error_nomem(ctx);
		return;
	}
	if (!md_utf8_valid(s, (size_t)sqlite3_value_bytes(argv[0])))
		return;
	char *key = md_auth_login_key(s);
	if (!key) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, key, -1, md_free);
}

enum md_status
md_auth_register(sqlite3 *h, struct md_err *err)
{
	int rc = sqlite3_create_function_v2(h, "md_login_key", 1,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
						    SQLITE_INNOCUOUS,
					    NULL, sql_login_key, NULL, NULL,
					    NULL);
	if (rc != SQLITE_OK)
		return md_err_set(err, MD_ERR_DB,
				  "データベースの準備に失敗しました(%s)",
				  sqlite3_errstr(rc));
	return MD_OK;
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
		rc = md_err_set(err, MD_ERR_IO,
				"パスワードの暗号化に失敗しました");
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

#define USER_COLUMNS                                                           \
	"id, login, display_name, role, active, failed_attempts,"              \
	" coalesce(locked_until, ''), created_at, password_hash"

/* The accounts a typed name may mean: those of its key (md_auth_login_key),
 * the one spelled exactly as typed first. */
static const char sql_user_by_name[] = "SELECT " USER_COLUMNS
				       " FROM users WHERE login_key = ?2"
				       " ORDER BY login = ?1 DESC, id LIMIT 2";
static const char sql_user_by_id[] = "SELECT " USER_COLUMNS
				     " FROM users WHERE id = ?1";
static const char sql_user_all[] = "SELECT " USER_COLUMNS
				   " FROM users ORDER BY login";

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

/*
 * The account a typed name means: the one spelled exactly so, else the one
 * whose key is the name's. Two accounts made before migration 8 may share
 * a key (Admin and admin): a third spelling (ADMIN) then means neither, and
 * gives MD_ERR_NOTFOUND naming both.
 */
static enum md_status
user_find(struct md_db *db, const char *name, struct md_user *u, char **hash,
	  struct md_err *err)
{
	char *key = md_auth_login_key(name);
	if (!key)
		return md_utf8_valid(name, strlen(name))
			       ? md_err_set(err, MD_ERR_NOMEM, NULL)
			       : md_err_set(err, MD_ERR_NOTFOUND,
					    "ユーザー名に文字として読めないデータが含まれています");
	enum md_status s;
	sqlite3_stmt *st = md_db_stmt(db, sql_user_by_name, err);
	if (!st) {
		md_free(key);
		return err->status;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *l = (const char *)sqlite3_column_text(st, 1);
		bool exact = l && !strcmp(l, name);
		s = user_from_row(st, u, hash, err);
		if (s == MD_OK && !exact &&
		    (rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *other = (const char *)
				sqlite3_column_text(st, 1);
			s = md_err_set(err, MD_ERR_NOTFOUND,
				       "ユーザー名 %s には職員 %s と %s が当たります。登録のとおり大文字・小文字まで入力してください",
				       name, u->login, other ? other : "?");
			md_user_fini(u);
			if (hash) {
				md_free(*hash);
				*hash = NULL;
			}
		} else if (s == MD_OK && !exact && rc != SQLITE_DONE) {
			s = md_db_fail(db, rc, "職員の読み込み", err);
		}
	} else if (rc == SQLITE_DONE) {
		s = md_err_set(err, MD_ERR_NOTFOUND,
			       "職員 %s は登録されていません", name);
	} else {
		s = md_db_fail(db, rc, "職員の読み込み", err);
	}
	sqlite3_reset(st);
	md_free(key);
	return s;
}

enum md_status
md_user_get(struct md_db *db, const char *login, struct md_user *user,
	    struct md_err *err)
{
	return user_find(db, login, user, NULL, err);
}

enum md_status
md_user_get_id(struct md_db *db, long long id, struct md_user *user,
	       struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_user_by_id, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	enum md_status s;
	if (rc == SQLITE_ROW)
		s = user_from_row(st, user, NULL, err);
	else if (rc == SQLITE_DONE)
		s = md_err_set(err, MD_ERR_NOTFOUND,
			       "職員(番号 %lld)は登録されていません", id);
	else
		s = md_db_fail(db, rc, "職員の読み込み", err);
	sqlite3_reset(st);
	return s;
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
				  "アカウント %s は無効にされています",
				  actor->login);
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
			    active ? MD_AUDIT_USER_ENABLE
				   : MD_AUDIT_USER_DISABLE,
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

static const char sql_login_taken[] =
	"SELECT login, display_name FROM users WHERE login_key = ?1"
	" ORDER BY id LIMIT 1";

/* MD_ERR_EXISTS, naming the account, when an account's key is key: the
 * login typed would be taken for that one (Admin for admin). */
static enum md_status
check_login_free(struct md_db *db, const char *login, const char *key,
		 struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_login_taken, err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		const char *had = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (had && !strcmp(had, login))
			rc = md_err_set(err, MD_ERR_EXISTS,
					"ユーザー名 %s はすでに使われています",
					login);
		else
			rc = md_err_set(err, MD_ERR_EXISTS,
					"ユーザー名 %s は、登録済みの職員 %s(%s)と同じ名前とみなされるため使えません(大文字と小文字、全角と半角は区別しません)",
					login, had ? had : "?",
					name ? name : "?");
	} else if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "ユーザー名の確認", err);
	}
	sqlite3_reset(st);
	return rc;
}

enum md_status
md_user_add(struct md_db *db, const struct md_user *actor, const char *login,
	    const char *display_name, enum md_role role, const char *password,
	    long long *id, struct md_err *err)
{
	char *hash = NULL, *key = NULL;
	enum md_status rc;
	if ((rc = md_text_check(display_name, false, "氏名", err)) != MD_OK ||
	    (rc = check_password(password, err)) != MD_OK)
		return rc;
	if (!*display_name)
		return md_err_set(err, MD_ERR_INVALID,
				  "職員の氏名を入力してください");
	if (actor) {
		rc = md_auth_require(db, actor, true, "職員の登録", err);
		if (rc != MD_OK)
			return rc;
	}
	/* The account the name would be taken for is named first: ＡＤＭＩＮ
	 * is refused as admin's, not for its full-width letters. */
	if (!(key = md_auth_login_key(login)))
		rc = md_utf8_valid(login, strlen(login))
			     ? md_err_set(err, MD_ERR_NOMEM, NULL)
			     : check_login(login, err);
	if (rc == MD_OK)
		rc = check_login_free(db, login, key, err);
	if (rc == MD_OK)
		rc = check_login(login, err);
	/* Hash before the transaction: yescrypt takes tens of milliseconds. */
	if (rc == MD_OK)
		rc = md_auth_hash(password, &hash, err);
	if (rc != MD_OK)
		goto out;
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
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	const struct md_store_user row = {
		.login = login,
		.display_name = display_name,
		.role = md_role_code(role),
		.password_hash = hash,
		.active = true,
		.created_at = now,
		.updated_at = now,
		.login_key = key,
	};
	long long new_id = 0;
	rc = md_store_user_insert(db, &row, &new_id, err);
	/* Taken meanwhile by another program (the unique login, or the
	 * trigger on login_key). */
	if (rc == MD_ERR_EXISTS)
		rc = md_err_set(err, MD_ERR_EXISTS,
				"ユーザー名 %s はすでに使われています", login);
	if (rc != MD_OK)
		goto fail;
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
	md_free(key);
	return rc;
}

static const char sql_newest_hash[] =
	"SELECT password_hash FROM users ORDER BY updated_at DESC, id DESC"
	" LIMIT 1";

/* Answer every failed login, whatever its reason (an unknown name, a wrong
 * password, a lock, a disabled account), after the same
 * failed_login_delay_seconds, so that passwords cannot be tried quickly and
 * the wait tells nothing of the name or of its failures so far; the lock
 * after max_failed_logins stops the rest. */
static void
login_delay(const struct md_config *cfg)
{
	struct timespec t = {(time_t)cfg->security_failed_login_delay_seconds,
			     0};
	while (t.tv_sec > 0 && nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/*
 * The work of a password check for a name that means no account: yescrypt
 * over the password with the setting (cost and salt) of the newest
 * account's hash, its hash part left off, so that the answer takes as long
 * as a wrong password's for a real name. The result means nothing and is
 * thrown away. Reads one row in the caller's transaction.
 */
static void
hash_for_nothing(struct md_db *db, const char *password)
{
	struct md_err err;
	char *setting = NULL;
	sqlite3_stmt *st = md_db_stmt(db, sql_newest_hash, &err);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		setting = md_db_column_dup(st, 0);
	if (st)
		sqlite3_reset(st);
	char *hash_part = setting ? strrchr(setting, '$') : NULL;
	if (hash_part && hash_part > setting)
		*hash_part = '\0';
	if (setting && setting[0] == '$') {
		(void)md_auth_verify(password, setting);
	} else {
		/* No account yet: a fresh salt of the default cost. */
		char *scratch = NULL;
		md_auth_hash(password, &scratch, NULL);
		md_free(scratch);
	}
	md_free(setting);
}

/* Write a lock's end back as end (the policy's longest from now). */
static enum md_status
lock_cap(struct md_db *db, long long id, const char *end, const char *now,
	 struct md_err *err)
{
	return md_store_user_lock_until(db, id, end, now, err);
}

enum md_status
md_user_login(struct md_db *db, const struct md_config *cfg, const char *login,
	      const char *password, struct md_user *user, struct md_err *err)
{
	struct md_user u;
	char *hash = NULL;
	char now[MD_TIMESTAMP_SIZE], latest[MD_TIMESTAMP_SIZE];
	time_t t = md_clock_now();
	md_clock_format(t, now);
	/* The latest end a lock set now can have. */
	md_clock_format(t + (time_t)cfg->security_lockout_minutes * 60, latest);
	memset(user, 0, sizeof *user);

	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = user_find(db, login, &u, &hash, err);
	if (rc == MD_ERR_NOTFOUND) {
		hash_for_nothing(db, password);
		rc = md_audit_add(db, 0, MD_AUDIT_LOGIN_FAILED, 0, 0,
				  "登録されていないユーザー名", err);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
		login_delay(cfg);
		return rc == MD_OK ? md_err_set(err, MD_ERR_AUTH, NULL) : rc;
	}
	if (rc != MD_OK) {
		md_db_rollback(db);
		return rc;
	}
	enum md_status result = MD_OK;
	char until[MD_TIMESTAMP_SIZE] = "";
	/* Every path checks the password, so none answers sooner; the
	 * answer is used only when the account may log in. */
	bool right = md_auth_verify(password, hash);
	/* A lock never lasts longer than the policy: one ending later was not
	 * set at this time by this program (a forged clock, an edited file,
	 * a policy since shortened), and is brought back to the longest a
	 * lock set now could last. */
	bool capped = u.locked_until[0] && strcmp(u.locked_until, latest) > 0;
	if (capped)
		rc = lock_cap(db, u.id, latest, now, err);
	const char *lock_end = capped ? latest : u.locked_until;
	if (rc != MD_OK) {
		/* nothing more is written */
	} else if (lock_end[0] && strcmp(lock_end, now) > 0) {
		result = md_err_set(err, MD_ERR_LOCKED,
				    "ログインの失敗が続いたため、%s まで %s はログインできません",
				    lock_end, u.login);
		char *detail =
			capped ? md_asprintf("一時停止中(方針より長い期限を %s に改めました)",
					     latest)
			       : md_strdup("一時停止中");
		rc = detail ? md_audit_add(db, u.id, MD_AUDIT_LOGIN_FAILED, 0,
					   0, detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(detail);
	} else if (!right) {
		int fails = u.failed_attempts + 1;
		bool lock = fails >= cfg->security_max_failed_logins;
		if (lock) {
			memcpy(until, latest, sizeof until);
			fails = 0;
		}
		rc = md_store_user_login_failed(db, u.id, fails,
						lock ? until : NULL, now, err);
		if (rc == MD_OK)
			rc = md_audit_add(db, u.id, MD_AUDIT_LOGIN_FAILED, 0, 0,
					  "パスワードの誤り", err);
		if (rc == MD_OK && lock)
			rc = md_audit_add(db, u.id, MD_AUDIT_LOCKED, 0, 0,
					  until, err);
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
		rc = md_store_user_login_ok(db, u.id, now, err);
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
		login_delay(cfg);
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
	"SELECT " USER_COLUMNS
	" FROM users WHERE active = 1 ORDER BY display_name";

enum md_status
md_user_names(struct md_db *db, const struct md_user *actor,
	      struct md_user **users, size_t *count, struct md_err *err)
{
	*users = NULL;
	*count = 0;
	enum md_status rc = md_auth_require(db, actor, false, "職員の一覧",
					    err);
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

/*
 * In one transaction: clear the lock and the failure count of account id
 * and, when hash is not NULL, make it the password's hash. Audited as done
 * by `by` (0: the system administrator), with detail: an unlock when
 * unlocking, a change of password when hash.
 */
static enum md_status
user_reset(struct md_db *db, long long by, long long id, const char *hash,
	   bool unlocking, const char *detail, struct md_err *err)
{
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	if ((rc = md_store_user_reset(db, id, hash, now, err)) != MD_OK)
		goto fail;
	if (unlocking)
		rc = md_audit_add(db, by, MD_AUDIT_USER_UNLOCK, 0, 0, detail,
				  err);
	if (rc == MD_OK && hash)
		rc = md_audit_add(db, by, MD_AUDIT_USER_PASSWD, 0, 0, detail,
				  err);
	if (rc == MD_OK)
		return md_db_commit(db, err);
fail:
	md_db_rollback(db);
	return rc;
}

enum md_status
md_user_passwd(struct md_db *db, const struct md_user *actor, const char *login,
	       const char *password, struct md_err *err)
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
	if (rc == MD_OK)
		rc = md_auth_hash(password, &hash, err);
	if (rc == MD_OK)
		rc = user_reset(db, actor->id, target.id, hash, false,
				target.login, err);
	md_free(hash);
	md_user_fini(&target);
	return rc;
}

enum md_status
md_user_unlock(struct md_db *db, const struct md_user *actor, const char *login,
	       const char *password, struct md_err *err)
{
	struct md_user target;
	char *hash = NULL, *detail = NULL;
	enum md_status rc;
	if (password && (rc = check_password(password, err)) != MD_OK)
		return rc;
	if (actor && (rc = md_auth_require(db, actor, true, "一時停止の解除",
					   err)) != MD_OK)
		return rc;
	rc = md_user_get(db, login, &target, err);
	if (rc != MD_OK)
		return rc;
	if (password)
		rc = md_auth_hash(password, &hash, err);
	if (rc == MD_OK &&
	    !(detail = actor ? md_strdup(target.login)
			     : md_asprintf("%s(システム管理者 root による)",
					   target.login)))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK)
		rc = user_reset(db, actor ? actor->id : 0, target.id, hash,
				true, detail, err);
	md_free(detail);
	md_free(hash);
	md_user_fini(&target);
	return rc;
}

static const char sql_active_admins[] =
	"SELECT count(*) FROM users WHERE role = 'admin' AND active = 1"
	" AND id <> ?1";

enum md_status
md_user_set_active(struct md_db *db, const struct md_user *actor,
		   const char *login, bool active, struct md_err *err)
{
	struct md_user target;
	enum md_status rc = md_auth_require(db, actor, true,
					    active ? "アカウントの有効化"
						   : "アカウントの無効化",
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
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	if ((rc = md_store_user_set_active(db, target.id, active, now, err)) !=
	    MD_OK)
		goto fail;
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
	char *label = md_strndup(open + 2,
				 (size_t)(detail + len - 1 - open - 2));
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
			struct audited *grown = md_realloc(s->a,
							   cap * sizeof *grown);
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
				md_buf_addf(report,
					    "監査記録の番号 %lld: 職員の登録の内容が読めません\n",
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
	int src = rc == MD_OK ? sqlite3_prepare_v2(md_db_sqlite(db),
						   sql_accounts, -1, &st, NULL)
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
		const char *label = md_role_parse(code, &role)
					    ? md_role_label(role)
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
			md_buf_addf(report,
				    " の役割は%sですが、監査記録では%sとして登録されています",
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

/* Each key more than one account holds, with their names, oldest first. */
static const char sql_shared_logins[] =
	"SELECT group_concat(login, '、') FROM"
	" (SELECT login, login_key, id FROM users ORDER BY id)"
	" GROUP BY login_key HAVING count(*) > 1 ORDER BY min(id)";

enum md_status
md_user_shared_logins(struct md_db *db, struct md_buf *report, int *sets,
		      struct md_err *err)
{
	*sets = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql_shared_logins, err);
	if (!st)
		return err->status;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const char *names = (const char *)sqlite3_column_text(st, 0);
		md_buf_addf(report,
			    "注意: ユーザー名 %s は、大文字と小文字、全角と半角の違いだけの同じ名前です(この版より前に登録)。それぞれ登録のとおりの綴りでだけログインできます。使わないものを madoguchi user disable で無効にしてください\n",
			    names ? names : "?");
		(*sets)++;
	}
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		return md_db_fail(db, src, "ユーザー名の確認", err);
	return md_buf_ok(report) ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
}
