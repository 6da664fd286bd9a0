/* The database module: creation, migrations, refusals, transactions, backup. */
#include "helpers.h"

#include <fcntl.h>

#include "madoguchi/audit.h"

static void
creates_file_0600_with_latest_schema(void **state)
{
	struct th_env *env = *state;
	struct stat sb;
	assert_int_equal(stat(th_path("test.db"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(md_db_schema_version(env->db), md_db_schema_latest());
	assert_true(md_db_schema_latest() >= 1);
	assert_int_equal(th_int(env->db, "PRAGMA application_id"),
			 MD_APPLICATION_ID);
	assert_int_equal(th_int(env->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM pragma_journal_mode"
				" WHERE journal_mode = 'wal'"),
			 1);
}

static void
migrations_run_once_and_reopen_is_idempotent(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long tables = th_int(env->db,
				  "SELECT count(*) FROM sqlite_master");
	md_db_close(&env->db);
	for (int i = 0; i < 3; i++) {
		th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err),
			     &err);
		assert_int_equal(md_db_schema_version(env->db),
				 md_db_schema_latest());
		assert_int_equal(th_int(env->db,
					"SELECT count(*) FROM sqlite_master"),
				 tables);
		/* The administrator made before is still the only one. */
		assert_int_equal(th_int(env->db, "SELECT count(*) FROM users"),
				 1);
		if (i < 2)
			md_db_close(&env->db);
	}
}

static void
default_folder_is_created_0700(void **state)
{
	(void)state;
	struct md_err err;
	struct md_db *db = NULL;
	th_assert_ok(md_db_open(th_path("deep/er/x.db"),
				MD_DB_CREATE | MD_DB_MKDIR, &db, &err),
		     &err);
	md_db_close(&db);
	struct stat sb;
	assert_int_equal(stat(th_path("deep/er"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
}

static void
missing_folder_has_its_own_message(void **state)
{
	(void)state;
	struct md_err err;
	struct md_db *db = NULL;
	enum md_status rc = md_db_open(th_path("nofolder/x.db"), MD_DB_CREATE,
				       &db, &err);
	assert_int_equal(rc, MD_ERR_NOTFOUND);
	assert_null(db);
	th_assert_contains(err.msg, "フォルダがありません");
	th_assert_contains(err.msg, "nofolder");
}

static void
missing_file_without_create_is_refused(void **state)
{
	(void)state;
	struct md_err err;
	struct md_db *db = NULL;
	enum md_status rc = md_db_open(th_path("none.db"), 0, &db, &err);
	assert_int_equal(rc, MD_ERR_NOTFOUND);
	th_assert_contains(err.msg, "madoguchi init");
	assert_int_not_equal(access(th_path("none.db"), F_OK), 0);
}

static void
text_file_is_not_a_database(void **state)
{
	(void)state;
	struct md_err err;
	struct md_db *db = NULL;
	const char *p = th_write("notes.txt", "これはメモです。\n");
	enum md_status rc = md_db_open(p, 0, &db, &err);
	assert_int_equal(rc, MD_ERR_NOTDB);
	th_assert_contains(err.msg, "madoguchi のデータベースではありません");
	th_assert_contains(err.msg, "SQLite のファイルではありません");
}

static void
foreign_sqlite_file_is_not_a_database(void **state)
{
	(void)state;
	struct md_err err;
	struct md_db *db = NULL;
	sqlite3 *h;
	const char *p = th_path("other.db");
	assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	enum md_status rc = md_db_open(p, 0, &db, &err);
	assert_int_equal(rc, MD_ERR_NOTDB);
	th_assert_contains(err.msg, "別のアプリケーション");
}

static void
newer_database_is_refused(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
		 md_db_schema_latest() + 1);
	th_assert_ok(md_db_exec(env->db, sql, &err), &err);
	md_db_close(&env->db);
	enum md_status rc = md_db_open(th_path("test.db"), 0, &env->db, &err);
	assert_int_equal(rc, MD_ERR_TOONEW);
	th_assert_contains(err.msg, "より新しい版");
	/* teardown closes a NULL handle without harm */
}

/* In the child: open the read-only file; 0 when the message is right. */
static int
open_read_only(void *arg)
{
	struct md_err err;
	struct md_db *db = NULL;
	enum md_status rc = md_db_open(arg, 0, &db, &err);
	md_db_close(&db);
	if (rc != MD_ERR_READONLY)
		return 1;
	if (!strstr(err.msg, "読み取り専用"))
		return 2;
	return 0;
}

static void
read_only_file_has_its_own_message(void **state)
{
	struct th_env *env = *state;
	md_db_close(&env->db);
	/* Readable by all, writable by none, in a folder anyone may enter. */
	assert_int_equal(chmod(th_dir, 0755), 0);
	assert_int_equal(chmod(th_path("test.db"), 0444), 0);
	assert_int_equal(th_as_unprivileged(open_read_only,
					    (void *)th_path("test.db")),
			 0);
	chmod(th_path("test.db"), 0600);
}

static void
truncated_file_is_reported_corrupt(void **state)
{
	(void)state;
	struct md_err err;
	sqlite3 *h;
	/* A real database with some pages, then cut in the middle. */
	const char *p = th_path("cut.db");
	struct md_db *db = NULL;
	th_assert_ok(md_db_open(p, MD_DB_CREATE, &db, &err), &err);
	md_db_close(&db);
	assert_int_equal(sqlite3_open(p, &h), SQLITE_OK);
	sqlite3_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(h);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(truncate(p, sb.st_size / 2), 0);
	enum md_status rc = md_db_open(p, 0, &db, &err);
	if (rc == MD_OK) {
		struct md_buf report;
		md_buf_init(&report);
		rc = md_db_check(db, &report, &err);
		md_buf_fini(&report);
		md_db_close(&db);
	}
	assert_true(rc == MD_ERR_CORRUPT || rc == MD_ERR_NOTDB);
}

static void
nested_transactions_commit_and_roll_back_as_one(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long before = th_int(env->db, "SELECT count(*) FROM audit_log");
	th_assert_ok(md_db_begin(env->db, &err), &err);
	th_assert_ok(md_audit_add(env->db, env->admin.id, MD_AUDIT_VIEW, 0, 0,
				  "outer", &err),
		     &err);
	th_assert_ok(md_db_begin(env->db, &err), &err);
	th_assert_ok(md_audit_add(env->db, env->admin.id, MD_AUDIT_VIEW, 0, 0,
				  "inner", &err),
		     &err);
	md_db_rollback(env->db); /* the inner part only */
	th_assert_ok(md_db_commit(env->db, &err), &err);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log"),
			 before + 1);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log"
					 " WHERE detail = 'inner'"),
			 0);
}

static void
history_tables_are_append_only(void **state)
{
	struct th_env *env = *state;
	sqlite3 *h = md_db_sqlite(env->db);
	assert_int_equal(sqlite3_exec(h,
				      "INSERT INTO persons (name, kana, name_key, kana_key,"
				      " created_at, updated_at) VALUES ('田中', 'たなか',"
				      " '田中', 'たなか', 'x', 'x');"
				      "INSERT INTO cases (person_id, opened_on, created_at,"
				      " updated_at) VALUES (1, '2026-04-01', 'x', 'x');"
				      "INSERT INTO form_records (case_id, form, seq, created_at,"
				      " updated_at) VALUES (1, 'intake', 1, 'x', 'x');"
				      "INSERT INTO form_revisions VALUES (1, 1, 0, 1, 'x', 0,"
				      " '{\"a\":\"1\"}', '[\"a\"]', '');"
				      "INSERT INTO form_revisions VALUES (1, 2, 1, 1, 'x', 0,"
				      " '{\"a\":\"2\"}', '[\"a\"]', '');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	/* A revision never overwrites an earlier one. */
	assert_int_not_equal(sqlite3_exec(h,
					  "UPDATE form_revisions SET data = '{}'"
					  " WHERE revision = 1",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "DELETE FROM form_revisions", NULL,
					  NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h,
					  "INSERT INTO form_revisions VALUES"
					  " (1, 2, 1, 1, 'y', 0, '{}', '[]', '')",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_revisions"
					 " WHERE data = '{\"a\":\"1\"}'"),
			 1);
	assert_int_not_equal(sqlite3_exec(h, "DELETE FROM users", NULL, NULL,
					  NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(h, "UPDATE audit_log SET detail = ''",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	/* Nor is an audit row removed (issue 13, finding 8). */
	assert_int_not_equal(sqlite3_exec(h, "DELETE FROM audit_log", NULL,
					  NULL, NULL),
			     SQLITE_OK);
	assert_true(th_int(env->db, "SELECT count(*) FROM audit_log") > 0);
}

static void
check_says_ok_and_backup_copy_passes_check(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_buf report;
	md_buf_init(&report);
	th_assert_ok(md_db_check(env->db, &report, &err), &err);
	th_assert_contains(md_buf_str(&report), "OK");
	md_buf_reset(&report);

	th_assert_ok(md_db_backup(env->db, th_path("copy.db"), false, &err),
		     &err);
	struct stat sb;
	assert_int_equal(stat(th_path("copy.db"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* No second copy over the first without force. */
	assert_int_equal(md_db_backup(env->db, th_path("copy.db"), false, &err),
			 MD_ERR_EXISTS);
	th_assert_ok(md_db_backup(env->db, th_path("copy.db"), true, &err),
		     &err);

	struct md_db *copy = NULL;
	th_assert_ok(md_db_open(th_path("copy.db"), 0, &copy, &err), &err);
	th_assert_ok(md_db_check(copy, &report, &err), &err);
	assert_int_equal(th_int(copy,
				"SELECT count(*) FROM users WHERE login = 'admin'"),
			 1);
	md_db_close(&copy);
	md_buf_fini(&report);
}

static void
broken_reference_is_found_by_check(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	sqlite3 *h = md_db_sqlite(env->db);
	assert_int_equal(sqlite3_exec(h,
				      "PRAGMA foreign_keys = OFF;"
				      "INSERT INTO cases (person_id, opened_on,"
				      " created_at, updated_at) VALUES (999,"
				      " '2026-04-01', 'x', 'x');"
				      "PRAGMA foreign_keys = ON;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	struct md_buf report;
	md_buf_init(&report);
	assert_int_equal(md_db_check(env->db, &report, &err), MD_ERR_CORRUPT);
	th_assert_contains(md_buf_str(&report), "cases");
	md_buf_fini(&report);
}

static void
sqlite_errors_become_japanese_statuses(void **state)
{
	(void)state;
	struct md_err err;
	assert_int_equal(md_db_fail(NULL, SQLITE_BUSY, "保存", &err),
			 MD_ERR_BUSY);
	/* The cause first, where it happened after it: a message line cut
	 * short keeps what the consultant needs. */
	assert_ptr_equal(strstr(err.msg, "データベースが"), err.msg);
	th_assert_contains(err.msg, "使用中");
	th_assert_contains(err.msg, "(保存)");
	assert_int_equal(md_db_fail(NULL, SQLITE_FULL, "保存", &err),
			 MD_ERR_FULL);
	th_assert_contains(err.msg, "空き容量");
	assert_int_equal(md_db_fail(NULL, SQLITE_IOERR_WRITE, "保存", &err),
			 MD_ERR_IO);
	assert_int_equal(md_db_fail(NULL, SQLITE_READONLY, "保存", &err),
			 MD_ERR_READONLY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(creates_file_0600_with_latest_schema,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(migrations_run_once_and_reopen_is_idempotent,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(default_folder_is_created_0700,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(missing_folder_has_its_own_message,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(missing_file_without_create_is_refused,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(text_file_is_not_a_database,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(foreign_sqlite_file_is_not_a_database,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(newer_database_is_refused,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(read_only_file_has_its_own_message,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(truncated_file_is_reported_corrupt,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(nested_transactions_commit_and_roll_back_as_one,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(history_tables_are_append_only,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(check_says_ok_and_backup_copy_passes_check,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(broken_reference_is_found_by_check,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(sqlite_errors_become_japanese_statuses,
						th_setup, th_teardown),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
