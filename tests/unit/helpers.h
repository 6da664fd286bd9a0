/* What every unit test needs: a private temporary folder and a fresh database. */
#ifndef MADOGUCHI_TEST_HELPERS_H
#define MADOGUCHI_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#ifndef TOP_DIR
#define TOP_DIR "."
#endif

#include "db_int.h" /* th_text, th_int: raw SQL (src/core) */
#include "madoguchi/agencies.h"
#include "madoguchi/auth.h"
#include "madoguchi/cases.h"
#include "madoguchi/config.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/mem.h"

/* A new empty folder under $TMPDIR (or /tmp), removed by th_cleanup. */
static char th_dir[4096];

static inline const char *
th_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	snprintf(th_dir, sizeof th_dir, "%s/madoguchi-test-XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(th_dir))
		fail_msg("mkdtemp failed");
	return th_dir;
}

static inline void
th_rm_rf(const char *path)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

/* A path inside the current test folder (static buffer, one at a time). */
static inline const char *
th_path(const char *name)
{
	static char p[2][sizeof th_dir + 512]; /* th_dir, /, a name */
	static int k;
	k ^= 1;
	snprintf(p[k], sizeof p[k], "%s/%s", th_dir, name);
	return p[k];
}

/* Write text to a file in the test folder; returns its path. */
static inline const char *
th_write(const char *name, const char *text)
{
	const char *path = th_path(name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Fixed clock and time zone, so dates in tests are stable. */
static inline void
th_clock(const char *now)
{
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	if (now)
		setenv("MADOGUCHI_NOW", now, 1);
	else
		unsetenv("MADOGUCHI_NOW");
}

/* A fresh database in a fresh folder, with an administrator "admin". */
struct th_env {
	struct md_db *db;
	struct md_config cfg;
	struct md_user admin;
};

static inline void
th_assert_ok(enum md_status rc, const struct md_err *err)
{
	if (rc != MD_OK)
		fail_msg("%s: %s", md_status_name(rc), err->msg);
}

static inline int
th_setup(void **state)
{
	struct md_err err;
	struct th_env *env = calloc(1, sizeof *env);
	th_clock("2026-04-01 10:00:00");
	th_tmpdir();
	th_assert_ok(md_config_defaults(&env->cfg, &err), &err);
	/* Tests that log in wrongly on purpose do not wait; the delay itself
	 * is test_auth's. */
	env->cfg.security_failed_login_delay_seconds = 0;
	th_assert_ok(md_db_open(th_path("test.db"), MD_DB_CREATE, &env->db,
				&err),
		     &err);
	th_assert_ok(md_user_add(env->db, NULL, "admin", "管理 太郎",
				 MD_ROLE_ADMIN, "admin-password", NULL, &err),
		     &err);
	th_assert_ok(md_user_get(env->db, "admin", &env->admin, &err), &err);
	*state = env;
	return 0;
}

static inline int
th_teardown(void **state)
{
	struct th_env *env = *state;
	md_user_fini(&env->admin);
	md_db_close(&env->db);
	md_config_fini(&env->cfg);
	free(env);
	th_rm_rf(th_dir);
	return 0;
}

/* Add a user with a role and password "password-1"; fills *u. */
static inline void
th_user(struct th_env *env, const char *login, enum md_role role,
	struct md_user *u)
{
	struct md_err err;
	th_assert_ok(md_user_add(env->db, &env->admin, login, login, role,
				 "password-1", NULL, &err),
		     &err);
	th_assert_ok(md_user_get(env->db, login, u, &err), &err);
}

/* The account login of db (md_user_fini it). */
static inline struct md_user
th_account(struct md_db *db, const char *login)
{
	struct md_user u;
	struct md_err err;
	th_assert_ok(md_user_get(db, login, &u, &err), &err);
	return u;
}

/* One integer from a query over the test database. */
static inline long long
th_int(struct md_db *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(md_db_sqlite(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg("prepare %s: %s", sql,
			 sqlite3_errmsg(md_db_sqlite(db)));
	long long v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Every row of a query, columns joined by '|' and rows by newlines (a new
 * string: md_free). id, when not 0, is bound to ?1. */
static inline char *
th_dump(struct md_db *db, const char *sql, long long id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(md_db_sqlite(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg("prepare %s: %s", sql,
			 sqlite3_errmsg(md_db_sqlite(db)));
	if (id)
		sqlite3_bind_int64(st, 1, id);
	struct md_buf b;
	md_buf_init(&b);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			md_buf_adds(&b, t ? (const char *)t : "∅");
			md_buf_addc(&b, '|');
		}
		md_buf_addc(&b, '\n');
	}
	sqlite3_finalize(st);
	assert_true(md_buf_ok(&b));
	char *s = md_buf_take(&b);
	return s ? s : md_strdup("");
}

/*
 * Run fn(arg) in a child process as an ordinary user (nobody) when the tests
 * run as root, for checks that root's permissions would skip (a read-only
 * file is writable for root). The child's return value is its exit status;
 * returns it, or -1 if the child could not run.
 */
static inline int
th_as_unprivileged(int (*fn)(void *), void *arg)
{
	if (geteuid() != 0)
		return fn(arg);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(99);
		_exit(fn(arg));
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Load the form definitions in dir (relative to the source tree). */
/* Kinds of agency for tests that load no workflow definition (those that
 * do take md_workflow_agency_kinds). */
static inline const struct md_agency_kinds *
th_kinds(void)
{
	static const char *const names[] = {"福祉事務所", "行政", "就労",
					    "安全"};
	static const struct md_agency_kinds kinds = {names, 4};
	return &kinds;
}

static inline struct md_forms *
th_forms(const char *dir)
{
	struct md_forms *forms = NULL;
	struct md_err err;
	struct md_diags diags;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", TOP_DIR, dir);
	md_diags_init(&diags);
	enum md_status rc = md_forms_load(path, &forms, &diags, &err);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "# %s\n", diags.msgs[i]);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
	return forms;
}

/* Open a case for a new person with the given name, kana and birth date
 * (may be NULL); returns its number. */
static inline long long
th_case(struct th_env *env, const struct md_forms *forms, const char *name,
	const char *kana, const char *birth)
{
	struct md_values p;
	struct md_err err;
	long long id = 0;
	md_values_init(&p);
	md_values_set(&p, "name", name, NULL);
	md_values_set(&p, "kana", kana, NULL);
	if (birth)
		md_values_set(&p, "birth_date", birth, NULL);
	th_assert_ok(md_case_create(env->db, &env->admin, forms, 0, &p, &id,
				    NULL, &err),
		     &err);
	md_values_fini(&p);
	return id;
}

/*
 * Take the test database back to schema version `version`, as an older
 * program left it: every table, index and trigger a later migration
 * creates, and every column it adds (read from the embedded schema), is
 * dropped, last first, and user_version set. Reopen the database to
 * migrate it again.
 */
extern const char md_schema_sql[];

static inline void
th_rewind(struct th_env *env, int version)
{
	char drops[16384] = "";
	const char *p = md_schema_sql;
	int migration = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		int k;
		char kind[16], name[128];
		char table[128], column[128];
		if (sscanf(p, "-- migration %d:", &k) == 1) {
			migration = k;
		} else if (migration > version &&
			   sscanf(p,
				  "ALTER TABLE %127[A-Za-z0-9_] ADD COLUMN %127[A-Za-z0-9_]",
				  table, column) == 2) {
			char one[300];
			snprintf(one, sizeof one,
				 "ALTER TABLE %s DROP COLUMN %s;", table,
				 column);
			size_t n = strlen(one);
			memmove(drops + n, drops, strlen(drops) + 1);
			memcpy(drops, one, n);
		} else if (migration > version &&
			   (sscanf(p, "CREATE UNIQUE %15s %127[A-Za-z0-9_]",
				   kind, name) == 2 ||
			    sscanf(p, "CREATE %15s %127[A-Za-z0-9_]", kind,
				   name) == 2)) {
			char one[200];
			if (!strcmp(kind, "VIRTUAL"))
				sscanf(p,
				       "CREATE VIRTUAL TABLE %127[A-Za-z0-9_]",
				       name);
			snprintf(one, sizeof one, "DROP %s IF EXISTS %s;",
				 strcmp(kind, "VIRTUAL") ? kind : "TABLE",
				 name);
			/* Last first: prepend. */
			size_t n = strlen(one);
			memmove(drops + n, drops, strlen(drops) + 1);
			memcpy(drops, one, n);
		}
		p += len + (eol != NULL);
	}
	char sql[17000];
	snprintf(sql, sizeof sql, "%s PRAGMA user_version = %d;", drops,
		 version);
	char *msg = NULL;
	if (sqlite3_exec(md_db_sqlite(env->db), sql, NULL, NULL, &msg) !=
	    SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* Assert that haystack contains needle. */
#define th_assert_contains(haystack, needle)                                   \
	do {                                                                   \
		if (!strstr((haystack), (needle)))                             \
			fail_msg("「%s」に「%s」が含まれていません",           \
				 (haystack), (needle));                        \
	} while (0)

#endif
