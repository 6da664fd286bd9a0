/* The configuration file: defaults, good values, and every bad one with file:line. */
#include "helpers.h"

#include "madoguchi/ini.h"
#include "madoguchi/paths.h"
#include "madoguchi/text.h"

/* A fresh folder, no user file and no system file (the SYSCONFIG hook
 * names one that does not exist until a test writes it). */
static int
setup_dir(void **state)
{
	(void)state;
	th_tmpdir();
	setenv("XDG_CONFIG_HOME", th_path("nothing-here"), 1);
	setenv("MADOGUCHI_SYSCONFIG", th_path("system.ini"), 1);
	return 0;
}

static int
teardown_dir(void **state)
{
	(void)state;
	th_rm_rf(th_dir);
	return 0;
}

static void
defaults_without_a_file(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	th_assert_ok(md_config_load(NULL, &cfg, &err), &err);
	assert_null(cfg.system_source);
	assert_null(cfg.user_source);
	assert_int_equal(cfg.export_encoding, MD_CSV_UTF8_BOM);
	assert_int_equal(cfg.display_ambiguous_width, 1);
	assert_int_equal(cfg.security_max_failed_logins, 5);
	assert_string_equal(cfg.database_path, "");
	md_config_fini(&cfg);
}

static void
good_files_set_every_kind(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	const char *sys = th_write("system.ini",
				   "; 港区の窓口\n"
				   "[office]\n"
				   "name = 港区生活・就労支援センター\n"
				   "head_title = 港区長\n"
				   "\n"
				   "[security]\n"
				   "IDLE_LOCK_MINUTES = 0\n");
	const char *p = th_write("good.ini", "[export]\n"
					     "encoding = cp932\n"
					     "dir = /srv/csv\n"
					     "[display]\n"
					     "ambiguous_width = 2\n");
	th_assert_ok(md_config_load(p, &cfg, &err), &err);
	assert_string_equal(cfg.system_source, sys);
	assert_string_equal(cfg.user_source, p);
	assert_string_equal(cfg.office_name, "港区生活・就労支援センター");
	assert_string_equal(cfg.office_head_title, "港区長");
	assert_int_equal(cfg.export_encoding, MD_CSV_CP932);
	assert_string_equal(cfg.export_dir, "/srv/csv");
	assert_int_equal(cfg.display_ambiguous_width, 2);
	assert_int_equal(cfg.security_idle_lock_minutes, 0);
	md_config_fini(&cfg);
}

static void
user_file_is_read_after_the_system_file(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	setenv("XDG_CONFIG_HOME", th_path("cfg"), 1);
	assert_int_equal(mkdir(th_path("cfg"), 0700), 0);
	assert_int_equal(mkdir(th_path("cfg/madoguchi"), 0700), 0);
	th_write("system.ini", "[export]\ndir = /srv/all\nencoding = cp932\n");
	th_write("cfg/madoguchi/madoguchi.ini", "[export]\ndir = /home/me\n");
	th_assert_ok(md_config_load(NULL, &cfg, &err), &err);
	assert_string_equal(cfg.export_dir, "/home/me");
	assert_int_equal(cfg.export_encoding, MD_CSV_CP932);
	th_assert_contains(cfg.user_source, "cfg/madoguchi/madoguchi.ini");
	int line;
	th_assert_contains(md_config_origin(&cfg, MD_CONFIG_export_dir, &line),
			   "cfg/madoguchi/madoguchi.ini");
	assert_int_equal(line, 2);
	assert_string_equal(md_config_origin(&cfg, MD_CONFIG_export_encoding,
					     &line),
			    th_path("system.ini"));
	assert_int_equal(line, 3);
	assert_null(md_config_origin(&cfg, MD_CONFIG_display_ambiguous_width,
				     &line));
	assert_int_equal(line, 0);
	md_config_fini(&cfg);
}

/* Issue 13, finding 4: a user's own file (-c FILE or the XDG one) cannot
 * set the office's policy; each such key is named at its line and keeps
 * the system's value or the default, while the user's own keys apply. */
static const struct {
	const char *text;
	const char *key;
} forged_policy[] = {
	{"[security]\nmax_failed_logins = 100\n",
	 "[security] max_failed_logins"},
	{"[security]\nlockout_minutes = 1\n", "[security] lockout_minutes"},
	{"[security]\nfailed_login_delay_seconds = 0\n",
	 "[security] failed_login_delay_seconds"},
	{"[security]\nidle_lock_minutes = 0\n", "[security] idle_lock_minutes"},
	{"[office]\nname = 偽の窓口\n", "[office] name"},
	{"[office]\nhead_title = 偽の区長\n", "[office] head_title"},
};

static void
system_keys_in_a_users_file_are_refused__issue13_4(void **state)
{
	(void)state;
	th_write("system.ini", "[security]\nlockout_minutes = 30\n");
	for (size_t i = 0; i < sizeof forged_policy / sizeof forged_policy[0];
	     i++) {
		struct md_config cfg;
		struct md_err err;
		char text[256];
		snprintf(text, sizeof text,
			 "%s[display]\nambiguous_width = 2\n",
			 forged_policy[i].text);
		const char *p = th_write("mine.ini", text);
		if (md_config_load(p, &cfg, &err) != MD_ERR_CONFIG)
			fail_msg("case %zu: accepted", i);
		char want[512];
		snprintf(want, sizeof want,
			 "%s:2: %s はシステムの設定(%s)の項目です。利用者の設定ファイルでは変えられません",
			 p, forged_policy[i].key, th_path("system.ini"));
		assert_string_equal(err.msg, want);
		assert_int_equal(cfg.security_max_failed_logins, 5);
		assert_int_equal(cfg.security_lockout_minutes, 30);
		assert_int_equal(cfg.security_failed_login_delay_seconds, 1);
		assert_int_equal(cfg.security_idle_lock_minutes, 10);
		assert_string_equal(cfg.office_name, "自立相談支援機関");
		assert_string_equal(cfg.office_head_title, "区長");
		assert_int_equal(cfg.display_ambiguous_width, 2);
		md_config_fini(&cfg);
	}
}

/* The scope column: [security] and [office] are the system's;
 * every other key is the user's. */
static void
policy_keys_are_the_systems(void **state)
{
	(void)state;
	int n;
	const struct md_config_key *keys = md_config_keys(&n);
	for (int i = 0; i < n; i++) {
		bool policy = !strcmp(keys[i].section, "security") ||
			      !strcmp(keys[i].section, "office");
		if (policy != (keys[i].scope == MD_SCOPE_SYSTEM))
			fail_msg("[%s] %s has the wrong scope", keys[i].section,
				 keys[i].key);
	}
}

/* The system file is trusted only when no one but root can change it. */
static void
system_file_others_can_write_is_refused__issue13_4(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	const char *sys = th_write("system.ini",
				   "[security]\nmax_failed_logins = 100\n");
	for (mode_t mode = 0620; mode; mode = mode == 0620 ? 0602 : 0) {
		assert_int_equal(chmod(sys, mode), 0);
		assert_int_equal(md_config_load(NULL, &cfg, &err),
				 MD_ERR_CONFIG);
		th_assert_contains(err.msg, sys);
		th_assert_contains(err.msg,
				   "グループやほかの利用者も書き換えられるため読みません");
		assert_null(cfg.system_source);
		assert_int_equal(cfg.security_max_failed_logins, 5);
		md_config_fini(&cfg);
	}
	assert_int_equal(chmod(sys, 0644), 0);
	if (geteuid() != 0)
		return; /* only root can give a file away */
	assert_int_equal(chown(sys, 65534, 65534), 0);
	assert_int_equal(md_config_load(NULL, &cfg, &err), MD_ERR_CONFIG);
	th_assert_contains(err.msg,
			   "root ではない利用者(uid 65534)の持ち物のため読みません");
	assert_int_equal(cfg.security_max_failed_logins, 5);
	md_config_fini(&cfg);
}

/* -c naming the system file reads it once, as the system's. */
static void
system_file_given_with_c_is_the_systems(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	const char *sys = th_write("system.ini",
				   "[security]\nmax_failed_logins = 7\n");
	th_assert_ok(md_config_load(sys, &cfg, &err), &err);
	assert_int_equal(cfg.security_max_failed_logins, 7);
	assert_null(cfg.user_source);
	md_config_fini(&cfg);
}

/* Issue 13, finding 7: -c /dev/zero read without end. Only regular files
 * of at most MD_INI_MAX_BYTES are read. */
static void
only_regular_files_of_a_megabyte_are_read__issue13_7(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	assert_int_equal(md_config_load("/dev/zero", &cfg, &err), MD_ERR_IO);
	th_assert_contains(err.msg,
			   "/dev/zero は通常のファイルではないため読みません");
	md_config_fini(&cfg);
	assert_int_equal(mkfifo(th_path("fifo"), 0600), 0);
	assert_int_equal(md_config_load(th_path("fifo"), &cfg, &err),
			 MD_ERR_IO);
	th_assert_contains(err.msg,
			   "fifo は通常のファイルではないため読みません");
	md_config_fini(&cfg);
	/* A comment line a megabyte long, the rest good. */
	FILE *f = fopen(th_path("big.ini"), "w");
	assert_non_null(f);
	fputs("[display]\nambiguous_width = 2\n", f);
	for (int i = 0; i < MD_INI_MAX_BYTES / 2; i++)
		fputs(";\n", f);
	fclose(f);
	assert_int_equal(md_config_load(th_path("big.ini"), &cfg, &err),
			 MD_ERR_IO);
	th_assert_contains(err.msg, "big.ini は大きすぎるため読みません");
	assert_int_equal(cfg.display_ambiguous_width, 1);
	md_config_fini(&cfg);
	/* Just under the limit is read. */
	assert_int_equal(truncate(th_path("big.ini"), MD_INI_MAX_BYTES), 0);
	th_assert_ok(md_config_load(th_path("big.ini"), &cfg, &err), &err);
	assert_int_equal(cfg.display_ambiguous_width, 2);
	md_config_fini(&cfg);
}

/* Each bad file, and what its message must hold. */
/* clang-format off */
static const struct {
	const char *text;
	const char *expect;
} bad_files[] = {
	{"[office]\nname = x\n[offise]\nname = y\n", ":3: 不明なセクション [offise] です"},
	{"[office]\nnmae = x\n", ":2: [office] に不明な設定項目 nmae があります"},
	{"[security]\nidle_lock_minutes = 十分\n", ":2: [security] idle_lock_minutes の値「十分」が正しくありません。0 から 1440 の整数"},
	{"[security]\nmax_failed_logins = 0\n", ":2: [security] max_failed_logins の値「0」が正しくありません。1 から 100"},
	{"[display]\n\nambiguous_width = 3\n", ":3: [display] ambiguous_width の値「3」が正しくありません"},
	{"[export]\nencoding = sjis\n", ":2: [export] encoding の値「sjis」が正しくありません。utf8-bom、utf8、cp932"},
	/* Moved to forms/workflow.ini (issue 16): said where, never ignored. */
	{"[workflow]\nevaluation_months = 3,6,12\n", ":2: [workflow] evaluation_months は設定ファイルの項目ではなくなりました。手順の定義 forms/workflow.ini の [workflow] evaluation_months(例: 3|6|12) に書いてください"},
	{"[workflow]\nevaluatoin_months = 3\n", ":2: [workflow] に不明な設定項目 evaluatoin_months があります"},
	{"[office]\nname = a\nname = b\n", ":3: [office] の name が重複しています(2 行目にもあります)"},
	{"[office]\nname = a\n[office]\n", ":3: セクション [office] が重複しています(1 行目にもあります)"},
	{"[office]\nこれは設定ではない\n", ":2: 「キー = 値」の形になっていません"},
	{"name = x\n[office]\n", ":1: セクション([…])より前に設定があります"},
	{"[office\nname = x\n", ":1: セクションの見出しが ] で閉じられていません"},
	{"[office]\nname = \xff\xfe\n", ":2: UTF-8 として読めない文字があります"},
};
/* clang-format on */

/* Read as the system file, which may hold every key. */
static void
every_bad_file_names_file_and_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
		struct md_config cfg;
		struct md_err err;
		const char *p = th_write("system.ini", bad_files[i].text);
		enum md_status rc = md_config_load(NULL, &cfg, &err);
		if (rc != MD_ERR_CONFIG)
			fail_msg("case %zu: status %s", i, md_status_name(rc));
		th_assert_contains(err.msg, p);
		th_assert_contains(err.msg, bad_files[i].expect);
		md_config_fini(&cfg);
	}
}

static void
long_line_is_reported_not_cut(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	char text[2000];
	strcpy(text, "[office]\nname = ");
	for (int i = 0; i < 400; i++)
		strcat(text, "窓");
	strcat(text, "\n");
	const char *p = th_write("long.ini", text);
	assert_int_equal(md_config_load(p, &cfg, &err), MD_ERR_CONFIG);
	th_assert_contains(err.msg, ":2: 行が長すぎます");
	md_config_fini(&cfg);
}

/* Found by fuzz_config: iniparser quotes a line it cannot read (here, cut
 * at a NUL byte before its "=") in its message, which was cut to its
 * buffer inside a character. */
static void
iniparser_message_cut_stays_text__fuzz_config(void **state)
{
	(void)state;
	/* One of three alignments cuts the message inside a あ. */
	for (int k = 0; k < 3; k++) {
		struct md_config cfg;
		struct md_err err;
		char text[2000];
		strcpy(text, "[office]\n");
		for (int i = 0; i < k; i++)
			strcat(text, "x");
		for (int i = 0; i < 250; i++)
			strcat(text, "あ");
		size_t len = strlen(text);
		memcpy(text + len, "\0= xi", 6);
		const char *p = th_path("cut.ini");
		FILE *f = fopen(p, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(text, 1, len + 6, f), len + 6);
		fclose(f);
		assert_int_equal(md_config_load(p, &cfg, &err), MD_ERR_CONFIG);
		th_assert_contains(err.msg, "読み込めません");
		assert_true(md_utf8_valid(err.msg, strlen(err.msg)));
		md_config_fini(&cfg);
	}
}

static void
all_faults_are_reported_together(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	const char *p = th_write("two.ini", "[office]\nnmae = x\n[display]\n"
					    "ambiguous_width = 9\n");
	assert_int_equal(md_config_load(p, &cfg, &err), MD_ERR_CONFIG);
	th_assert_contains(err.msg, ":2: ");
	th_assert_contains(err.msg, ":4: ");
	/* The good parts still hold their defaults. */
	assert_int_equal(cfg.display_ambiguous_width, 1);
	md_config_fini(&cfg);
}

static void
missing_named_file_is_an_error(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	assert_int_equal(md_config_load(th_path("none.ini"), &cfg, &err),
			 MD_ERR_NOTFOUND);
	th_assert_contains(err.msg, "none.ini を読めません");
	md_config_fini(&cfg);
}

static void
quoted_value_keeps_semicolons(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	const char *p = th_write("q.ini",
				 "[export]\ndir = \"A;B 窓口\" ; comment\n");
	th_assert_ok(md_config_load(p, &cfg, &err), &err);
	assert_string_equal(cfg.export_dir, "A;B 窓口");
	md_config_fini(&cfg);
}

static void
world_writable_file_draws_a_warning(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	const char *p = th_write("open.ini", "[export]\ndir = x\n");
	assert_int_equal(chmod(p, 0666), 0);
	th_assert_ok(md_config_load(p, &cfg, &err), &err);
	assert_non_null(cfg.warning);
	th_assert_contains(cfg.warning, "他の利用者も書き換えられます");
	md_config_fini(&cfg);
	/* Writable by the group is as open; readable by others is fine. */
	assert_int_equal(chmod(p, 0664), 0);
	th_assert_ok(md_config_load(p, &cfg, &err), &err);
	assert_non_null(cfg.warning);
	md_config_fini(&cfg);
	assert_int_equal(chmod(p, 0644), 0);
	th_assert_ok(md_config_load(p, &cfg, &err), &err);
	assert_null(cfg.warning);
	md_config_fini(&cfg);
}

static void
every_key_formats_back(void **state)
{
	(void)state;
	struct md_config cfg;
	struct md_err err;
	int n;
	th_assert_ok(md_config_defaults(&cfg, &err), &err);
	const struct md_config_key *keys = md_config_keys(&n);
	assert_true(n >= 11);
	for (int i = 0; i < n; i++) {
		char *v = md_config_format(&cfg, i);
		assert_non_null(v);
		assert_string_equal(v, keys[i].def);
		md_free(v);
	}
	md_config_fini(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(defaults_without_a_file,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(good_files_set_every_kind,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(user_file_is_read_after_the_system_file,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(system_keys_in_a_users_file_are_refused__issue13_4,
						setup_dir, teardown_dir),
		cmocka_unit_test(policy_keys_are_the_systems),
		cmocka_unit_test_setup_teardown(system_file_others_can_write_is_refused__issue13_4,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(system_file_given_with_c_is_the_systems,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(only_regular_files_of_a_megabyte_are_read__issue13_7,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(every_bad_file_names_file_and_line,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(long_line_is_reported_not_cut,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(iniparser_message_cut_stays_text__fuzz_config,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(all_faults_are_reported_together,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(missing_named_file_is_an_error,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(quoted_value_keeps_semicolons,
						setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(world_writable_file_draws_a_warning,
						setup_dir, teardown_dir),
		cmocka_unit_test(every_key_formats_back),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
