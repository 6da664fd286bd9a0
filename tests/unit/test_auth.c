/* Accounts: yescrypt hashes, login, lockout, disabling, roles, and their audit rows. */
#include "helpers.h"

#include <crypt.h>

#include "madoguchi/audit.h"
#include "madoguchi/mem.h"

/*
 * What a login computes and waits, seen through the linker: this program is
 * linked with -Wl,--wrap=crypt_r -Wl,--wrap=nanosleep (Makefile), so the
 * core's calls come here. Every crypt_r is counted with the cost part of
 * its setting ("$y$j9T$"); a wait is recorded, not slept (no test here
 * depends on time passing).
 */
char *__real_crypt_r(const char *phrase, const char *setting,
		     struct crypt_data *data);
char *__wrap_crypt_r(const char *phrase, const char *setting,
		     struct crypt_data *data);
int __wrap_nanosleep(const struct timespec *req, struct timespec *rem);

static int crypts;
static char crypt_cost[64];
static int waits;
static double waited;

/* "$y$j9T$…" → "$y$j9T$": the algorithm and its parameters. */
static void
cost_of(const char *setting, char out[64])
{
	size_t n = 0;
	int dollars = 0;
	while (setting[n] && n < 63 && dollars < 3)
		dollars += setting[n++] == '$';
	memcpy(out, setting, n);
	out[n] = '\0';
}

char *
__wrap_crypt_r(const char *phrase, const char *setting, struct crypt_data *data)
{
	crypts++;
	cost_of(setting, crypt_cost);
	return __real_crypt_r(phrase, setting, data);
}

int
__wrap_nanosleep(const struct timespec *req, struct timespec *rem)
{
	(void)rem;
	waits++;
	waited = (double)req->tv_sec + (double)req->tv_nsec / 1e9;
	return 0;
}

/* Count from here: what the next login computes and waits. */
static void
watch(void)
{
	crypts = 0;
	crypt_cost[0] = '\0';
	waits = 0;
	waited = 0;
}

static void
hash_is_yescrypt_and_verifies(void **state)
{
	(void)state;
	struct md_err err;
	char *h1 = NULL, *h2 = NULL;
	th_assert_ok(md_auth_hash("正しいパスワード", &h1, &err), &err);
	th_assert_ok(md_auth_hash("正しいパスワード", &h2, &err), &err);
	assert_true(strncmp(h1, "$y$", 3) == 0);
	assert_null(strstr(h1, "正しいパスワード"));
	assert_string_not_equal(h1, h2); /* fresh salt each time */
	assert_true(md_auth_verify("正しいパスワード", h1));
	assert_true(md_auth_verify("正しいパスワード", h2));
	assert_false(md_auth_verify("正しいパスワーど", h1));
	assert_false(md_auth_verify("", h1));
	assert_false(md_auth_verify("正しいパスワード", "plain"));
	assert_false(md_auth_verify("正しいパスワード", ""));
	md_free(h1);
	md_free(h2);
}

static void
password_is_never_stored_in_clear(void **state)
{
	struct th_env *env = *state;
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM users WHERE"
				" instr(password_hash, 'admin-password') > 0"),
			 0);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" instr(detail, 'admin-password') > 0"),
			 0);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM users WHERE"
					 " password_hash LIKE '$y$%'"),
			 1);
}

static void
login_right_wrong_and_unknown(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user u;
	th_assert_ok(md_user_login(env->db, &env->cfg, "admin",
				   "admin-password", &u, &err),
		     &err);
	assert_string_equal(u.login, "admin");
	assert_int_equal(u.role, MD_ROLE_ADMIN);
	md_user_fini(&u);

	assert_int_equal(md_user_login(env->db, &env->cfg, "admin", "wrong-one",
				       &u, &err),
			 MD_ERR_AUTH);
	assert_string_equal(err.msg, md_status_message(MD_ERR_AUTH));
	/* An unknown name gives the very same message. */
	struct md_err err2;
	assert_int_equal(md_user_login(env->db, &env->cfg, "nobody",
				       "whatever1", &u, &err2),
			 MD_ERR_AUTH);
	assert_string_equal(err.msg, err2.msg);
	/* Every attempt is audited. */
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action = 'login'"),
			 1);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action = 'login_failed'"),
			 2);
}

static void
disabled_account_cannot_log_in_and_is_kept(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user u, tanaka;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "tanaka", false,
					&err),
		     &err);
	assert_int_equal(md_user_login(env->db, &env->cfg, "tanaka",
				       "password-1", &u, &err),
			 MD_ERR_DISABLED);
	th_assert_contains(err.msg, "無効");
	/* Never deleted: the name stays for history. */
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM users WHERE"
					 " login = 'tanaka' AND active = 0"),
			 1);
	/* A disabled user's old session is refused by the core, too. */
	assert_int_equal(md_auth_require(env->db, &tanaka, false, "閲覧", &err),
			 MD_ERR_DISABLED);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "tanaka", true,
					&err),
		     &err);
	th_assert_ok(md_user_login(env->db, &env->cfg, "tanaka", "password-1",
				   &u, &err),
		     &err);
	md_user_fini(&u);
	md_user_fini(&tanaka);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" action IN ('user_disable', 'user_enable')"),
			 2);
}

static void
repeated_failures_lock_the_account_for_a_time(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user u;
	env->cfg.security_max_failed_logins = 3;
	env->cfg.security_lockout_minutes = 15;
	for (int i = 0; i < 2; i++)
		assert_int_equal(md_user_login(env->db, &env->cfg, "admin",
					       "bad-pass", &u, &err),
				 MD_ERR_AUTH);
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin", "bad-pass",
				       &u, &err),
			 MD_ERR_LOCKED);
	th_assert_contains(err.msg, "2026-04-01 10:15:00");
	/* Locked: even the right password waits. */
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin",
				       "admin-password", &u, &err),
			 MD_ERR_LOCKED);
	th_clock("2026-04-01 10:15:01");
	th_assert_ok(md_user_login(env->db, &env->cfg, "admin",
				   "admin-password", &u, &err),
		     &err);
	md_user_fini(&u);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action = 'locked'"),
			 1);
}

static void
success_resets_the_failure_count(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user u;
	env->cfg.security_max_failed_logins = 3;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 2; i++)
			assert_int_equal(md_user_login(env->db, &env->cfg,
						       "admin", "bad-pass", &u,
						       &err),
					 MD_ERR_AUTH);
		th_assert_ok(md_user_login(env->db, &env->cfg, "admin",
					   "admin-password", &u, &err),
			     &err);
		md_user_fini(&u);
	}
}

static void
only_an_administrator_manages_accounts(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user chief, me;
	th_user(env, "chief", MD_ROLE_CHIEF, &chief);
	assert_int_equal(md_user_add(env->db, &chief, "other", "他",
				     MD_ROLE_CONSULTANT, "password-1", NULL,
				     &err),
			 MD_ERR_DENIED);
	th_assert_contains(err.msg, "管理者");
	assert_int_equal(md_user_set_active(env->db, &chief, "admin", false,
					    &err),
			 MD_ERR_DENIED);
	struct md_user *list;
	size_t n;
	assert_int_equal(md_user_list(env->db, &chief, &list, &n, &err),
			 MD_ERR_DENIED);
	/* Anyone changes their own password, not another's. */
	th_assert_ok(md_user_passwd(env->db, &chief, "chief", "new-password",
				    &err),
		     &err);
	assert_int_equal(md_user_passwd(env->db, &chief, "admin",
					"new-password", &err),
			 MD_ERR_DENIED);
	th_assert_ok(md_user_login(env->db, &env->cfg, "chief", "new-password",
				   &me, &err),
		     &err);
	md_user_fini(&me);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action = 'denied'"),
			 4);
	md_user_fini(&chief);
}

static void
first_administrator_only_once(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	assert_int_equal(md_user_add(env->db, NULL, "second", "二人目",
				     MD_ROLE_ADMIN, "password-1", NULL, &err),
			 MD_ERR_DENIED);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM users"), 1);
}

static void
last_administrator_cannot_be_disabled(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	assert_int_equal(md_user_set_active(env->db, &env->admin, "admin",
					    false, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "最後の管理者");
}

static void
bad_names_and_short_passwords_are_refused(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	assert_int_equal(md_user_add(env->db, &env->admin, "田中", "田中",
				     MD_ROLE_CONSULTANT, "password-1", NULL,
				     &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "半角英数字");
	assert_int_equal(md_user_add(env->db, &env->admin, "tanaka", "田中",
				     MD_ROLE_CONSULTANT, "short", NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "8 文字以上");
	assert_int_equal(md_user_add(env->db, &env->admin, "admin", "重複",
				     MD_ROLE_CONSULTANT, "password-1", NULL,
				     &err),
			 MD_ERR_EXISTS);
}

static void
roles_parse_from_code_and_label(void **state)
{
	(void)state;
	enum md_role r;
	assert_true(md_role_parse("chief", &r));
	assert_int_equal(r, MD_ROLE_CHIEF);
	assert_true(md_role_parse("就労支援員", &r));
	assert_int_equal(r, MD_ROLE_EMPLOYMENT);
	assert_false(md_role_parse("区長", &r));
	assert_string_equal(md_role_label(MD_ROLE_CONSULTANT), "相談支援員");
}

/* Every failed login waits the configured seconds, once, whatever went
 * wrong: the wait says nothing of the name, nor of its failures so far
 * (it grew with them, and told a known name from an unknown one). */
static void
every_failed_login_waits_the_same__13_7(void **state)
{
	struct th_env *env = *state;
	struct md_user u;
	struct md_err err;
	struct th_user_case {
		const char *login, *password;
		enum md_status want;
	} tries[] = {
		{"admin", "wrong-one", MD_ERR_AUTH},
		{"admin", "wrong-one", MD_ERR_AUTH},
		{"nobody", "wrong-one", MD_ERR_AUTH},
		{"admin", "wrong-one", MD_ERR_AUTH},
		{"nobody", "wrong-one", MD_ERR_AUTH},
		{"admin", "wrong-one", MD_ERR_LOCKED}, /* the fourth locks */
		{"admin", "admin-password", MD_ERR_LOCKED},
	};
	env->cfg.security_failed_login_delay_seconds = 1;
	env->cfg.security_max_failed_logins = 4;
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		watch();
		assert_int_equal(md_user_login(env->db, &env->cfg,
					       tries[i].login,
					       tries[i].password, &u, &err),
				 tries[i].want);
		if (waits != 1 || waited != 1.0)
			fail_msg("try %zu (%s): %d waits, the last %.1f s",
				 i + 1, tries[i].login, waits, waited);
	}
	/* A success does not wait. */
	th_clock("2026-04-01 10:15:01");
	watch();
	th_assert_ok(md_user_login(env->db, &env->cfg, "admin",
				   "admin-password", &u, &err),
		     &err);
	assert_int_equal(waits, 0);
	md_user_fini(&u);
}

/* The time of a failure tells no name from another: every path computes one
 * yescrypt hash, and an unknown name one of the cost the accounts' hashes
 * have (not only of today's default), a locked account one too. */
static void
an_unknown_name_costs_the_hash_of_a_known_one__13_7(void **state)
{
	struct th_env *env = *state;
	struct md_user u;
	struct md_err err;
	/* Accounts hashed at another cost than the default (an older libxcrypt,
	 * or hashes brought from elsewhere). */
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	assert_non_null(crypt_gensalt_rn("$y$", 7, NULL, 0, salt, sizeof salt));
	struct crypt_data cd;
	memset(&cd, 0, sizeof cd);
	const char *h = crypt_r("admin-password", salt, &cd);
	assert_non_null(h);
	char stored_cost[64], sql[512];
	cost_of(h, stored_cost);
	char default_cost[64];
	char *fresh = NULL;
	th_assert_ok(md_auth_hash("x", &fresh, &err), &err);
	cost_of(fresh, default_cost);
	md_free(fresh);
	assert_string_not_equal(stored_cost, default_cost);
	snprintf(sql, sizeof sql, "UPDATE users SET password_hash = '%s'", h);
	assert_int_equal(sqlite3_exec(md_db_sqlite(env->db), sql, NULL, NULL,
				      NULL),
			 SQLITE_OK);

	watch();
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin", "wrong-one",
				       &u, &err),
			 MD_ERR_AUTH);
	assert_int_equal(crypts, 1);
	assert_string_equal(crypt_cost, stored_cost);

	watch();
	assert_int_equal(md_user_login(env->db, &env->cfg, "nobody",
				       "wrong-one", &u, &err),
			 MD_ERR_AUTH);
	assert_int_equal(crypts, 1);
	assert_string_equal(crypt_cost, stored_cost);

	/* Locked: the password is still hashed, though not looked at. */
	env->cfg.security_max_failed_logins = 1;
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin", "wrong-one",
				       &u, &err),
			 MD_ERR_LOCKED);
	watch();
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin",
				       "admin-password", &u, &err),
			 MD_ERR_LOCKED);
	assert_int_equal(crypts, 1);
	assert_string_equal(crypt_cost, stored_cost);

	/* Every attempt is in the audit log, the unknown name's too. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" action = 'login_failed' AND user_id IS NULL"),
			 1);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action = 'login_failed'"),
			 4);
}

/* A lockout lasts at most lockout_minutes from now: one stored with a later
 * end (a clock forged to 2099, or the file edited) is brought back to that,
 * in the database too, and then ends. */
static void
a_lock_lasts_no_longer_than_the_policy__13_3(void **state)
{
	struct th_env *env = *state;
	struct md_user u;
	struct md_err err;
	env->cfg.security_lockout_minutes = 15;
	assert_int_equal(sqlite3_exec(md_db_sqlite(env->db),
				      "UPDATE users SET locked_until ="
				      " '2099-01-01 00:00:00' WHERE login = 'admin'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin",
				       "admin-password", &u, &err),
			 MD_ERR_LOCKED);
	th_assert_contains(err.msg, "2026-04-01 10:15:00");
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM users WHERE"
				" locked_until = '2026-04-01 10:15:00'"),
			 1);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" action = 'login_failed' AND detail LIKE"
				" '%2026-04-01 10:15:00%'"),
			 1);
	/* Later tries do not push it on. */
	th_clock("2026-04-01 10:10:00");
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin",
				       "admin-password", &u, &err),
			 MD_ERR_LOCKED);
	th_assert_contains(err.msg, "2026-04-01 10:15:00");
	th_clock("2026-04-01 10:15:01");
	th_assert_ok(md_user_login(env->db, &env->cfg, "admin",
				   "admin-password", &u, &err),
		     &err);
	md_user_fini(&u);
}

/* Login names are one whatever their case and width: Admin, ADMIN and
 * ａｄｍｉｎ are admin's, refused as new accounts with admin named, and
 * each logs in as admin. */
static void
login_names_are_one_whatever_case_and_width__13_7(void **state)
{
	struct th_env *env = *state;
	struct md_user u;
	struct md_err err;
	static const char *const same[] = {"Admin", "ADMIN", "ａｄｍｉｎ",
					   "ＡＤＭＩＮ", "aDmIn"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char *key = md_auth_login_key(same[i]);
		assert_string_equal(key, "admin");
		md_free(key);
		assert_int_equal(md_user_add(env->db, &env->admin, same[i],
					     "偽", MD_ROLE_ADMIN, "password-1",
					     NULL, &err),
				 MD_ERR_EXISTS);
		th_assert_contains(err.msg, same[i]);
		th_assert_contains(err.msg, "admin(管理 太郎)");
		th_assert_ok(md_user_login(env->db, &env->cfg, same[i],
					   "admin-password", &u, &err),
			     &err);
		assert_string_equal(u.login, "admin");
		md_user_fini(&u);
	}
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM users"), 1);
	/* A name is kept as typed, and found in any case. */
	struct md_user tanaka;
	th_user(env, "Tanaka", MD_ROLE_CONSULTANT, &tanaka);
	assert_string_equal(tanaka.login, "Tanaka");
	th_assert_ok(md_user_login(env->db, &env->cfg, "ｔａｎａｋａ",
				   "password-1", &u, &err),
		     &err);
	assert_int_equal(u.id, tanaka.id);
	md_user_fini(&u);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "TANAKA", false,
					&err),
		     &err);
	md_user_fini(&tanaka);
	/* Still the name rules: full-width letters are not a new name. */
	assert_int_equal(md_user_add(env->db, &env->admin, "ｓａｔｏ", "佐藤",
				     MD_ROLE_CONSULTANT, "password-1", NULL,
				     &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "半角英数字");
	/* The database refuses a second account of one key from any writer. */
	assert_int_not_equal(sqlite3_exec(md_db_sqlite(env->db),
					  "INSERT INTO users (login, display_name,"
					  " role, password_hash, created_at,"
					  " updated_at, login_key) VALUES ('ADMIN',"
					  " 'x', 'admin', 'x', 'x', 'x', 'admin')",
					  NULL, NULL, NULL),
			     SQLITE_OK);
}

/* Accounts made before login names were folded may share a key (admin and
 * Admin): both are kept and log in by their own spelling, a third spelling
 * means neither, no further one can be added, and the check names them. */
static void
accounts_that_share_a_key_from_before_are_kept__13_7(void **state)
{
	struct th_env *env = *state;
	struct md_user u;
	struct md_err err;
	th_rewind(env, 7);
	assert_int_equal(sqlite3_exec(md_db_sqlite(env->db),
				      "INSERT INTO users (login, display_name, role,"
				      " password_hash, created_at, updated_at)"
				      " SELECT 'Admin', '別の管理者', 'consultant',"
				      " password_hash, created_at, updated_at FROM"
				      " users WHERE login = 'admin'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	assert_int_equal(md_db_schema_version(env->db), md_db_schema_latest());

	th_assert_ok(md_user_login(env->db, &env->cfg, "admin",
				   "admin-password", &u, &err),
		     &err);
	assert_string_equal(u.login, "admin");
	md_user_fini(&u);
	th_assert_ok(md_user_login(env->db, &env->cfg, "Admin",
				   "admin-password", &u, &err),
		     &err);
	assert_string_equal(u.login, "Admin");
	md_user_fini(&u);
	assert_int_equal(md_user_login(env->db, &env->cfg, "ADMIN",
				       "admin-password", &u, &err),
			 MD_ERR_AUTH);
	assert_int_equal(md_user_get(env->db, "ADMIN", &u, &err),
			 MD_ERR_NOTFOUND);
	th_assert_contains(err.msg, "admin と Admin");
	assert_int_equal(md_user_add(env->db, &env->admin, "aDMIN", "三人目",
				     MD_ROLE_CONSULTANT, "password-1", NULL,
				     &err),
			 MD_ERR_EXISTS);
	struct md_buf report;
	int sets = -1;
	md_buf_init(&report);
	th_assert_ok(md_user_shared_logins(env->db, &report, &sets, &err),
		     &err);
	assert_int_equal(sets, 1);
	th_assert_contains(md_buf_str(&report),
			   "注意: ユーザー名 admin、Admin は");
	md_buf_fini(&report);
}

/* The way back in for a locked-out administrator: the system administrator
 * (root, actor NULL) clears the lock, or sets a new password; an
 * administrator may unlock others; anyone else is refused. Audited. */
static void
the_system_administrator_unlocks_an_account__13_3(void **state)
{
	struct th_env *env = *state;
	struct md_user u, chief;
	struct md_err err;
	env->cfg.security_max_failed_logins = 1;
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin", "wrong-one",
				       &u, &err),
			 MD_ERR_LOCKED);
	th_assert_ok(md_user_unlock(env->db, NULL, "admin", NULL, &err), &err);
	th_assert_ok(md_user_login(env->db, &env->cfg, "admin",
				   "admin-password", &u, &err),
		     &err);
	md_user_fini(&u);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" action = 'user_unlock' AND user_id IS NULL"
				" AND detail = 'admin(システム管理者 root による)'"),
			 1);

	assert_int_equal(md_user_login(env->db, &env->cfg, "admin", "wrong-one",
				       &u, &err),
			 MD_ERR_LOCKED);
	th_assert_ok(md_user_unlock(env->db, NULL, "ADMIN", "a-new-password",
				    &err),
		     &err);
	env->cfg.security_max_failed_logins = 5;
	assert_int_equal(md_user_login(env->db, &env->cfg, "admin",
				       "admin-password", &u, &err),
			 MD_ERR_AUTH);
	th_assert_ok(md_user_login(env->db, &env->cfg, "admin",
				   "a-new-password", &u, &err),
		     &err);
	md_user_fini(&u);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" action = 'user_passwd' AND user_id IS NULL"),
			 1);

	th_user(env, "chief", MD_ROLE_CHIEF, &chief);
	assert_int_equal(md_user_unlock(env->db, &chief, "admin", NULL, &err),
			 MD_ERR_DENIED);
	th_assert_ok(md_user_unlock(env->db, &env->admin, "chief", NULL, &err),
		     &err);
	assert_int_equal(md_user_unlock(env->db, NULL, "admin", "short", &err),
			 MD_ERR_INVALID);
	assert_int_equal(md_user_unlock(env->db, NULL, "nobody", NULL, &err),
			 MD_ERR_NOTFOUND);
	md_user_fini(&chief);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_is_yescrypt_and_verifies),
		cmocka_unit_test_setup_teardown(password_is_never_stored_in_clear,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(login_right_wrong_and_unknown,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(disabled_account_cannot_log_in_and_is_kept,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(repeated_failures_lock_the_account_for_a_time,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(success_resets_the_failure_count,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(only_an_administrator_manages_accounts,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(first_administrator_only_once,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(last_administrator_cannot_be_disabled,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(bad_names_and_short_passwords_are_refused,
						th_setup, th_teardown),
		cmocka_unit_test(roles_parse_from_code_and_label),
		cmocka_unit_test_setup_teardown(every_failed_login_waits_the_same__13_7,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(an_unknown_name_costs_the_hash_of_a_known_one__13_7,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(a_lock_lasts_no_longer_than_the_policy__13_3,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(login_names_are_one_whatever_case_and_width__13_7,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(accounts_that_share_a_key_from_before_are_kept__13_7,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(the_system_administrator_unlocks_an_account__13_3,
						th_setup, th_teardown),
	};
	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
