/*
 * The audit log as a hash chain (issue 13, finding 8): each row's hash is
 * the SHA-256 of its columns chained to the row before; md_audit_verify
 * names the first link a change, a removal or a rewrite breaks; the
 * migration chains the rows that predate the chain as md_audit_add would
 * have; and md_user_check_audited finds a role or an account state that no
 * audited change explains.
 */
#include "helpers.h"

#include "madoguchi/audit.h"

static int
setup(void **state)
{
	th_setup(state);
	struct th_env *env = *state;
	struct md_err err;
	/* A few rows of every shape: with and without a case, a person, a
	 * user, and text that needs its length to be told apart. */
	th_assert_ok(md_db_begin(env->db, &err), &err);
	th_assert_ok(md_audit_add(env->db, env->admin.id, MD_AUDIT_VIEW, 7, 3,
				  "閲覧 1", &err),
		     &err);
	th_assert_ok(md_audit_add(env->db, 0, MD_AUDIT_LOGIN_FAILED, 0, 0, "ab",
				  &err),
		     &err);
	th_assert_ok(md_audit_add(env->db, env->admin.id, MD_AUDIT_EXPORT, 7, 0,
				  "", &err),
		     &err);
	th_assert_ok(md_audit_add(env->db, env->admin.id, MD_AUDIT_UPDATE, 0, 3,
				  NULL, &err),
		     &err);
	th_assert_ok(md_db_commit(env->db, &err), &err);
	return 0;
}

/* Run SQL on the file as someone with sqlite3 would: fail the test if it
 * fails. */
static void
tamper(struct th_env *env, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(md_db_sqlite(env->db), sql, NULL, NULL, &msg) !=
	    SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static enum md_status
verify(struct th_env *env, const struct md_audit_anchor *anchor,
       struct md_audit_chain *chain, struct md_err *err)
{
	return md_audit_verify(env->db, anchor, chain, err);
}

static void
each_row_is_chained_to_the_one_before(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_audit_chain chain;
	th_assert_ok(verify(env, NULL, &chain, &err), &err);
	assert_int_equal(chain.rows, 5); /* the administrator's registration */
	assert_int_equal(chain.last_id, 5);
	assert_string_equal(chain.last_at, "2026-04-01 10:00:00");
	assert_int_equal(chain.broken_id, 0);
	/* The hash of each row is that of its columns after the hash before. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log a WHERE a.hash ="
				" md_audit_hash(coalesce((SELECT hash FROM audit_log"
				" WHERE id = a.id - 1), ''), a.id, a.at, a.user_id,"
				" a.action, a.case_id, a.person_id, a.detail)"
				" AND length(a.hash) = 64 AND a.hash NOT GLOB '*[^0-9a-f]*'"),
			 5);
	char want[160];
	snprintf(want, sizeof want,
		 "SELECT count(*) FROM audit_log WHERE id = 5 AND hash = '%s'",
		 chain.last_hash);
	assert_int_equal(th_int(env->db, want), 1);
	/* No two rows hash alike; the first is SHA-256 of the form the
	 * header documents, worked out apart from the program (a fixed
	 * vector: the form never changes under a released database). */
	assert_int_equal(th_int(env->db,
				"SELECT count(DISTINCT hash) FROM audit_log"),
			 5);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE id = 1 AND hash ="
				" '9505d1701969df2aa5e7da4b8a355222b42f4cb7819c62c3aa6e8b0a1811f133'"),
			 1);
}

static void
the_hash_covers_every_column(void **state)
{
	struct th_env *env = *state;
	static const char *const changes[] = {
		"at = '2026-04-01 10:00:01'", "user_id = NULL",
		"action = 'export'",          "case_id = 8",
		"person_id = NULL",           "detail = '閲覧 2'",
		"hash = upper(hash)",
	};
	tamper(env, "DROP TRIGGER audit_log_no_update");
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		struct md_err err;
		struct md_audit_chain chain;
		char sql[200];
		tamper(env, "SAVEPOINT t");
		snprintf(sql, sizeof sql,
			 "UPDATE audit_log SET %s WHERE id = 2", changes[i]);
		tamper(env, sql);
		assert_int_equal(verify(env, NULL, &chain, &err),
				 MD_ERR_CORRUPT);
		assert_int_equal(chain.broken_id, 2);
		th_assert_contains(err.msg,
				   "監査記録の連鎖が番号 2(2026-04-01 10:00:0");
		th_assert_contains(err.msg,
				   ")で切れています: 行の内容がハッシュと合いません(この行か、その前の行が書き換えられています)");
		tamper(env, "ROLLBACK TO t; RELEASE t");
	}
	/* NULL and empty do not read alike. */
	tamper(env, "UPDATE audit_log SET case_id = '' WHERE id = 3");
	struct md_err err;
	struct md_audit_chain chain;
	assert_int_equal(verify(env, NULL, &chain, &err), MD_ERR_CORRUPT);
	assert_int_equal(chain.broken_id, 3);
}

static void
a_row_hashed_again_breaks_the_link_after_it(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_audit_chain chain;
	tamper(env,
	       "DROP TRIGGER audit_log_no_update;"
	       " UPDATE audit_log SET detail = '別の内容',"
	       " hash = md_audit_hash((SELECT hash FROM audit_log WHERE id = 2),"
	       " id, at, user_id, action, case_id, person_id, '別の内容')"
	       " WHERE id = 3");
	assert_int_equal(verify(env, NULL, &chain, &err), MD_ERR_CORRUPT);
	assert_int_equal(chain.broken_id, 4);
	th_assert_contains(err.msg,
			   "番号 4(2026-04-01 10:00:00)で切れています");
}

static void
a_removed_row_is_named_by_the_gap(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_audit_chain chain;
	tamper(env, "DROP TRIGGER audit_log_no_delete;"
		    " DELETE FROM audit_log WHERE id IN (2, 3)");
	assert_int_equal(verify(env, NULL, &chain, &err), MD_ERR_CORRUPT);
	assert_int_equal(chain.broken_id, 4);
	assert_string_equal(err.msg,
			    "監査記録の連鎖が番号 4(2026-04-01 10:00:00)で切れています: その前の行(番号 2〜3 の 2 行)がありません(削除されています)");
	/* The first row too: the chain starts at 1. */
	tamper(env, "DELETE FROM audit_log WHERE id = 1");
	assert_int_equal(verify(env, NULL, &chain, &err), MD_ERR_CORRUPT);
	assert_int_equal(chain.broken_id, 4);
	th_assert_contains(err.msg,
			   "その前の行(番号 1〜3 の 3 行)がありません");
}

static void
a_time_that_is_not_one_is_not_printed(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_audit_chain chain;
	tamper(env,
	       "DROP TRIGGER audit_log_no_update;"
	       " UPDATE audit_log SET at = char(27) || '[2K' WHERE id = 3");
	assert_int_equal(verify(env, NULL, &chain, &err), MD_ERR_CORRUPT);
	th_assert_contains(err.msg, "番号 3(日時不明)で切れています");
	assert_null(strchr(err.msg, 27));
}

/*
 * The limit, stated in madoguchi.1: whoever rewrites every row from a
 * removed one on, each hashed again, leaves a whole chain; only a head
 * noted before (an anchor) shows it.
 */
static void
a_chain_rewritten_from_a_removed_row_on_is_caught_by_a_noted_head(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_audit_chain chain;
	th_assert_ok(verify(env, NULL, &chain, &err), &err);
	struct md_audit_anchor head = {.id = chain.last_id};
	memcpy(head.hash, chain.last_hash, sizeof head.hash);
	struct md_audit_anchor early;
	char *h2 = NULL;
	{
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(env->db),
						    "SELECT '2:' || upper(hash) FROM audit_log WHERE id = 2",
						    -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		h2 = md_strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	th_assert_ok(md_audit_anchor_parse(h2, &early, &err), &err);
	md_free(h2);
	/* Remove row 3, number the rows after it down and chain them again. */
	tamper(env,
	       "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;"
	       " CREATE TEMP TABLE keep AS SELECT * FROM audit_log WHERE id > 3;"
	       " DELETE FROM audit_log WHERE id >= 3;"
	       " INSERT INTO audit_log SELECT id - 1, at, user_id, action, case_id,"
	       " person_id, detail, '' FROM keep ORDER BY id;");
	for (int id = 3; id <= 4; id++) {
		char sql[300];
		snprintf(sql, sizeof sql,
			 "UPDATE audit_log SET hash = md_audit_hash((SELECT hash FROM"
			 " audit_log WHERE id = %d), id, at, user_id, action, case_id,"
			 " person_id, detail) WHERE id = %d",
			 id - 1, id);
		tamper(env, sql);
	}
	th_assert_ok(verify(env, NULL, &chain, &err), &err);
	assert_int_equal(chain.rows, 4);
	/* A head noted before the rewrite: its row is gone. */
	assert_int_equal(verify(env, &head, &chain, &err), MD_ERR_CORRUPT);
	assert_int_equal(chain.broken_id, 5);
	assert_string_equal(err.msg,
			    "監査記録の連鎖が番号 5 で切れています: 控えの行がありません(最後の行は番号 4、それより後が削除されています)");
	/* A row before the rewrite still holds (an anchor in either case). */
	th_assert_ok(verify(env, &early, &chain, &err), &err);
	/* After more rows the rewritten number 5 differs from the noted one. */
	th_assert_ok(md_db_begin(env->db, &err), &err);
	th_assert_ok(md_audit_add(env->db, env->admin.id, MD_AUDIT_VIEW, 0, 0,
				  "後の閲覧", &err),
		     &err);
	th_assert_ok(md_db_commit(env->db, &err), &err);
	assert_int_equal(verify(env, &head, &chain, &err), MD_ERR_CORRUPT);
	assert_int_equal(chain.broken_id, 5);
	th_assert_contains(err.msg, "控えのハッシュと違います");
}

static void
an_anchor_is_a_number_a_colon_and_64_hex_digits(void **state)
{
	(void)state;
	struct md_audit_anchor a;
	struct md_err err;
	char good[100];
	snprintf(good, sizeof good, "12:%s",
		 "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789");
	th_assert_ok(md_audit_anchor_parse(good, &a, &err), &err);
	assert_int_equal(a.id, 12);
	assert_string_equal(a.hash,
			    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
	static const char *const bad[] = {
		"",
		"12",
		"12:",
		":abc",
		"0:"
		"abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
		"-1:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
		" 1:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
		"1x:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
		"1:abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
		"1:abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567890",
		"1:gbcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (md_audit_anchor_parse(bad[i], &a, &err) != MD_ERR_INVALID)
			fail_msg("accepted «%s»", bad[i]);
		th_assert_contains(err.msg, "番号:ハッシュ");
	}
}

static void
an_empty_log_is_a_whole_chain(void **state)
{
	(void)state;
	struct md_db *db = NULL;
	struct md_err err;
	struct md_audit_chain chain;
	th_assert_ok(md_db_open(th_path("empty.db"), MD_DB_CREATE, &db, &err),
		     &err);
	th_assert_ok(md_audit_verify(db, NULL, &chain, &err), &err);
	assert_int_equal(chain.rows, 0);
	assert_int_equal(chain.last_id, 0);
	assert_string_equal(chain.last_hash, "");
	md_db_close(&db);
}

/* Rows written before migration 7 are chained by it exactly as md_audit_add
 * chains new ones, so the chain reads as one from the first row. */
static void
the_migration_chains_the_rows_before_it_as_if_written_so(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_audit_chain before, after;
	th_assert_ok(verify(env, NULL, &before, &err), &err);
	tamper(env, "CREATE TABLE kept AS SELECT id, hash FROM audit_log");
	/* The table as schema version 6 had it, without hash. */
	th_rewind(env, 6);
	tamper(env,
	       "CREATE TABLE v6 AS SELECT id, at, user_id, action, case_id,"
	       " person_id, detail FROM audit_log;"
	       " DROP TABLE audit_log;"
	       " CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
	       " user_id INTEGER REFERENCES users (id), action TEXT NOT NULL,"
	       " case_id INTEGER, person_id INTEGER, detail TEXT NOT NULL DEFAULT '');"
	       " INSERT INTO audit_log SELECT * FROM v6; DROP TABLE v6;"
	       " CREATE INDEX audit_log_case ON audit_log (case_id, id) WHERE case_id IS NOT NULL;"
	       " CREATE INDEX audit_log_user ON audit_log (user_id, id);"
	       " CREATE INDEX audit_log_at ON audit_log (at);"
	       " CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	       " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;");
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	assert_int_equal(md_db_schema_version(env->db), md_db_schema_latest());
	th_assert_ok(verify(env, NULL, &after, &err), &err);
	assert_int_equal(after.rows, before.rows);
	assert_string_equal(after.last_hash, before.last_hash);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log JOIN kept"
				" USING (id, hash)"),
			 5);
	/* Indexes and both triggers are back. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM sqlite_master WHERE"
				" tbl_name = 'audit_log' AND type IN ('index', 'trigger')"),
			 5);
	assert_int_not_equal(sqlite3_exec(md_db_sqlite(env->db),
					  "DELETE FROM audit_log WHERE id = 1",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	struct md_buf report;
	md_buf_init(&report);
	th_assert_ok(md_db_check(env->db, &report, &err), &err);
	th_assert_ok(md_audit_check(env->db, &report, &err), &err);
	md_buf_fini(&report);
}

/* An account check over the test database; the lines in *report. */
static int
accounts(struct th_env *env, struct md_buf *report)
{
	struct md_err err;
	int problems = 0;
	md_buf_reset(report);
	th_assert_ok(md_user_check_audited(env->db, report, &problems, &err),
		     &err);
	return problems;
}

static void
each_account_is_what_its_audited_changes_made_it(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user u;
	struct md_buf report;
	md_buf_init(&report);
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &u);
	md_user_fini(&u);
	th_user(env, "sato", MD_ROLE_CHIEF, &u);
	md_user_fini(&u);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "sato", false,
					&err),
		     &err);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "sato", true,
					&err),
		     &err);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "sato", false,
					&err),
		     &err);
	assert_int_equal(accounts(env, &report), 0);
	assert_string_equal(md_buf_str(&report), "");

	/* Made 管理者, enabled, added in the file: each is reported. */
	tamper(env, "UPDATE users SET role = 'admin' WHERE login = 'tanaka'");
	assert_int_equal(accounts(env, &report), 1);
	assert_string_equal(md_buf_str(&report),
			    "職員 tanaka の役割は管理者ですが、監査記録では相談支援員として登録されています(プログラムの外で変えられています)\n");
	tamper(env,
	       "UPDATE users SET role = 'consultant' WHERE login = 'tanaka';"
	       " UPDATE users SET active = 1 WHERE login = 'sato'");
	assert_int_equal(accounts(env, &report), 1);
	th_assert_contains(md_buf_str(&report),
			   "職員 sato は有効ですが、監査記録では無効です");
	tamper(env,
	       "UPDATE users SET active = 0 WHERE login = 'sato';"
	       " INSERT INTO users (login, login_key, display_name, role,"
	       " password_hash, created_at, updated_at) VALUES"
	       " ('mal' || char(27) || 'lory', 'mal' || char(27) || 'lory',"
	       " 'x', 'admin', 'x', 'x', 'x')");
	assert_int_equal(accounts(env, &report), 1);
	assert_string_equal(md_buf_str(&report),
			    "職員 mal\\x1Blory(管理者)の登録が監査記録にありません(プログラムの外で変えられています)\n");
	/* A registration row that is not one the program writes. */
	tamper(env,
	       "UPDATE users SET login = 'mallory' WHERE login LIKE 'mal%'");
	th_assert_ok(md_db_begin(env->db, &err), &err);
	th_assert_ok(md_audit_add(env->db, env->admin.id, MD_AUDIT_USER_ADD, 0,
				  0, "mallory", &err),
		     &err);
	th_assert_ok(md_db_commit(env->db, &err), &err);
	assert_int_equal(accounts(env, &report), 2);
	th_assert_contains(md_buf_str(&report), "職員の登録の内容が読めません");
	md_buf_fini(&report);
}

static void
check_reports_the_chain_and_the_accounts(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_buf report;
	md_buf_init(&report);
	th_assert_ok(md_audit_check(env->db, &report, &err), &err);
	th_assert_contains(md_buf_str(&report),
			   "監査記録: 5 行、連鎖は切れていません(最後の行 番号 5、ハッシュ ");
	md_buf_reset(&report);
	tamper(env, "DROP TRIGGER audit_log_no_update;"
		    " UPDATE audit_log SET detail = 'x' WHERE id = 4;"
		    " UPDATE users SET role = 'chief'");
	assert_int_equal(md_audit_check(env->db, &report, &err),
			 MD_ERR_CORRUPT);
	th_assert_contains(err.msg, "監査記録に 2 件の問題があります");
	th_assert_contains(md_buf_str(&report),
			   "番号 4(2026-04-01 10:00:00)で切れています");
	th_assert_contains(md_buf_str(&report),
			   "職員 admin の役割は主任相談支援員ですが");
	md_buf_reset(&report);
	/* And md_db_check names the trigger that is gone. */
	assert_int_equal(md_db_check(env->db, &report, &err), MD_ERR_CORRUPT);
	assert_string_equal(md_buf_str(&report),
			    "履歴を守るトリガー audit_log_no_update がありません(プログラムの外で消されています)\n");
	md_buf_fini(&report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_row_is_chained_to_the_one_before,
						setup, th_teardown),
		cmocka_unit_test_setup_teardown(the_hash_covers_every_column,
						setup, th_teardown),
		cmocka_unit_test_setup_teardown(a_row_hashed_again_breaks_the_link_after_it,
						setup, th_teardown),
		cmocka_unit_test_setup_teardown(a_removed_row_is_named_by_the_gap,
						setup, th_teardown),
		cmocka_unit_test_setup_teardown(a_time_that_is_not_one_is_not_printed,
						setup, th_teardown),
		cmocka_unit_test_setup_teardown(a_chain_rewritten_from_a_removed_row_on_is_caught_by_a_noted_head,
						setup, th_teardown),
		cmocka_unit_test(
			an_anchor_is_a_number_a_colon_and_64_hex_digits),
		cmocka_unit_test_setup_teardown(an_empty_log_is_a_whole_chain,
						setup, th_teardown),
		cmocka_unit_test_setup_teardown(the_migration_chains_the_rows_before_it_as_if_written_so,
						setup, th_teardown),
		cmocka_unit_test_setup_teardown(each_account_is_what_its_audited_changes_made_it,
						setup, th_teardown),
		cmocka_unit_test_setup_teardown(check_reports_the_chain_and_the_accounts,
						setup, th_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
