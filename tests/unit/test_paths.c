/* Where the program's files are, and which of them it trusts as the system's. */
#include "helpers.h"

#include "madoguchi/paths.h"

static int
setup_dir(void **state)
{
	(void)state;
	th_tmpdir();
	unsetenv("MADOGUCHI_DATADIR");
	unsetenv("MADOGUCHI_SYSCONFIG");
	return 0;
}

static int
teardown_dir(void **state)
{
	(void)state;
	th_rm_rf(th_dir);
	return 0;
}

/* Root's file, or one group or others may write, or someone else's. */
static void
trusted_only_when_no_one_else_can_write__issue13_4(void **state)
{
	(void)state;
	struct md_err err;
	const char *p = th_write("policy.ini", "[security]\n");
	assert_int_equal(chmod(p, 0644), 0);
	th_assert_ok(md_path_check_trusted(p, MD_ERR_CONFIG, &err), &err);
	assert_int_equal(chmod(th_dir, 0755), 0);
	th_assert_ok(md_path_check_trusted(th_dir, MD_ERR_CONFIG, &err), &err);
	assert_int_equal(chmod(p, 0664), 0);
	assert_int_equal(md_path_check_trusted(p, MD_ERR_DEFINITION, &err),
			 MD_ERR_DEFINITION);
	char want[4400];
	snprintf(want, sizeof want,
		 "%s はグループやほかの利用者も書き換えられるため読みません。書き込みを root だけにしてください(chmod go-w)",
		 p);
	assert_string_equal(err.msg, want);
	assert_int_equal(chmod(p, 0646), 0);
	assert_int_equal(md_path_check_trusted(p, MD_ERR_CONFIG, &err),
			 MD_ERR_CONFIG);
	assert_int_equal(md_path_check_trusted(th_path("none"), MD_ERR_CONFIG,
					       &err),
			 MD_ERR_CONFIG);
	th_assert_contains(err.msg, "none を調べられません");
	if (geteuid() != 0)
		return; /* only root can give a file away */
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(chown(p, 65534, 65534), 0);
	assert_int_equal(md_path_check_trusted(p, MD_ERR_CONFIG, &err),
			 MD_ERR_CONFIG);
	snprintf(want, sizeof want,
		 "%s は root ではない利用者(uid 65534)の持ち物のため読みません。root の所有にしてください(chown root)",
		 p);
	assert_string_equal(err.msg, want);
}

/* A test build reads the source tree's forms/ and data/, or the folder
 * its DATADIR hook names; the release build's are checked by
 * tests/cli/test_release.sh. */
static void
test_build_reads_the_source_tree(void **state)
{
	(void)state;
	struct md_err err;
	char *dir = md_path_datadir(&err);
	assert_non_null(dir);
	assert_string_equal(dir, TOP_DIR);
	md_free(dir);
	char *wf = md_path_shipped("forms/workflow.ini", &err);
	assert_non_null(wf);
	assert_string_equal(wf, TOP_DIR "/forms/workflow.ini");
	md_free(wf);
	setenv("MADOGUCHI_DATADIR", th_dir, 1);
	dir = md_path_datadir(&err);
	assert_string_equal(dir, th_dir);
	md_free(dir);
	unsetenv("MADOGUCHI_DATADIR");
}

static void
system_config_is_etc_or_the_tests_own(void **state)
{
	(void)state;
	assert_string_equal(md_path_system_config(), MD_SYSTEM_CONFIG);
	assert_string_equal(MD_SYSTEM_CONFIG, "/etc/madoguchi.ini");
	setenv("MADOGUCHI_SYSCONFIG", th_path("system.ini"), 1);
	assert_string_equal(md_path_system_config(), th_path("system.ini"));
	unsetenv("MADOGUCHI_SYSCONFIG");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(trusted_only_when_no_one_else_can_write__issue13_4,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_build_reads_the_source_tree,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(system_config_is_etc_or_the_tests_own,
						setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests_name("paths", tests, NULL, NULL);
}
