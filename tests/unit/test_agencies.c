/* The agency catalogue: kinds from the definitions, aliases, and how a typed
 * name finds an agency (issue 14, findings 4 and 7). */
#include "helpers.h"

#include "madoguchi/agencies.h"
#include "madoguchi/diag.h"
#include "madoguchi/workflow.h"

static struct md_forms *forms;
static struct md_workflow *wf;

static int
setup(void **state)
{
	th_setup(state);
	struct md_err err;
	struct md_diags diags;
	forms = th_forms("forms");
	md_diags_init(&diags);
	enum md_status rc = md_workflow_load(TOP_DIR "/forms/workflow.ini",
					     forms, &wf, &diags, &err);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
	return 0;
}

static int
teardown(void **state)
{
	md_workflow_free(&wf);
	md_forms_free(&forms);
	return th_teardown(state);
}

static enum md_status
import(struct th_env *env, const char *text, size_t *added, struct md_err *err)
{
	return md_agencies_import(env->db, &env->admin,
				  md_workflow_agency_kinds(wf),
				  th_write("agencies.csv", text), added, err);
}

/* Import the shipped catalogue; how many agencies were new. */
static size_t
import_shipped(struct th_env *env)
{
	struct md_err err;
	size_t added;
	th_assert_ok(md_agencies_import(env->db, &env->admin,
					md_workflow_agency_kinds(wf),
					TOP_DIR "/data/agencies.csv", &added,
					&err),
		     &err);
	return added;
}

/* The name md_agency_find gives for typed, or the refusal. */
static const char *
find(struct th_env *env, const char *typed)
{
	static char out[MD_ERR_MSG_MAX];
	struct md_agency a;
	struct md_err err;
	if (md_agency_find(env->db, typed, &a, &err) != MD_OK) {
		snprintf(out, sizeof out, "%s", err.msg);
		return out;
	}
	snprintf(out, sizeof out, "%s", a.name);
	md_agency_fini(&a);
	return out;
}

/* The shipped catalogue names only kinds the shipped definitions list,
 * and its 福祉事務所 is of the kind the referral requires (001 第9条(5)). */
static void
shipped_catalogue_has_the_kinds_of_the_definitions__001_9_5(void **state)
{
	struct th_env *env = *state;
	assert_int_equal(import_shipped(env), 26);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM agencies"
					 " WHERE name = '福祉事務所(生活保護)'"
					 " AND kind = '福祉事務所'"),
			 1);
	assert_string_equal(find(env, "公共職業安定所"),
			    "ハローワーク(公共職業安定所)");
	/* Imported again: nothing new, nothing doubled. */
	assert_int_equal(import_shipped(env), 0);
}

/* A 種別 the definitions do not list stops the import at its file:line. */
static void
unknown_kind_is_refused_with_file_and_line(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	size_t added = 9;
	assert_int_equal(import(env,
				"名称,種別,電話,住所\n"
				"区役所,行政,,\n"
				"福祉事務所(分室),福祉事務局,,\n",
				&added, &err),
			 MD_ERR_INVALID);
	char want[1024];
	snprintf(want, sizeof want,
		 "%s:3: 種別「福祉事務局」はありません(福祉事務所、行政、",
		 th_path("agencies.csv"));
	th_assert_contains(err.msg, want);
	assert_int_equal(added, 0);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM agencies"), 0);
	/* agency add too. */
	assert_int_equal(md_agency_add(env->db, &env->admin,
				       md_workflow_agency_kinds(wf),
				       &(const struct md_agency_in){.name = "区役所",
								    .kind = "区"},
				       &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "種別「区」はありません");
	/* No kind at all is no unknown kind. */
	th_assert_ok(md_agency_add(env->db, &env->admin,
				   md_workflow_agency_kinds(wf),
				   &(const struct md_agency_in){
					   .name = "区役所"},
				   &err),
		     &err);
}

/* A catalogue of four columns, as before 別名, still reads; a fifth
 * column needs the header 別名. */
static void
the_header_of_four_columns_still_reads(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	size_t added;
	th_assert_ok(import(env,
			    "名称,種別,電話,住所\n区役所,行政,03-0000-0000,港区\n",
			    &added, &err),
		     &err);
	assert_int_equal(added, 1);
	assert_int_equal(import(env, "名称,種別,電話,住所\n市役所,行政,,,市\n",
				&added, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, ":2: 欄が 5 個あります");
	assert_int_equal(import(env, "名称,種別,電話,住所,別名,メモ\n", &added,
				&err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, ":1: 1 行目は見出し");
}

/* Issue 17: the catalogue keeps each agency's 窓口, 対象 and 受付時間; an
 * import reads them by the header's names, in any order, beside the old
 * columns. A column named twice, or one the catalogue has not, is refused
 * at line 1. */
static void
an_import_reads_the_desk_target_and_hours__issue_17(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	size_t added;
	th_assert_ok(import(env,
			    "名称,窓口,種別,受付時間,電話,対象,住所,別名\n"
			    "ハローワーク(公共職業安定所),職業相談部門,就労,"
			    "平日 8:30〜17:15,03-3456-7890,仕事を探している方,"
			    "港区芝5丁目,職安\n"
			    "警察,,安全,,,,,\n",
			    &added, &err),
		     &err);
	assert_int_equal(added, 2);
	struct md_agency *a;
	size_t n;
	th_assert_ok(md_agencies_list(env->db, &a, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(a[0].name, "ハローワーク(公共職業安定所)");
	assert_string_equal(a[0].desk, "職業相談部門");
	assert_string_equal(a[0].target, "仕事を探している方");
	assert_string_equal(a[0].hours, "平日 8:30〜17:15");
	assert_string_equal(a[0].kind, "就労");
	assert_string_equal(a[0].phone, "03-3456-7890");
	assert_string_equal(a[0].address, "港区芝5丁目");
	assert_string_equal(a[0].aliases, "職安");
	assert_false(a[0].provisional);
	assert_string_equal(a[1].desk, "");
	md_agencies_free(a, n);
	/* Fewer columns than the header names: the rest are empty. */
	th_assert_ok(import(env, "名称,受付時間\n区役所,平日 9時〜17時\n",
			    &added, &err),
		     &err);
	assert_int_equal(added, 1);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM agencies"
					 " WHERE name = '区役所'"
					 " AND hours = '平日 9時〜17時'"
					 " AND desk = '' AND kind = ''"),
			 1);
	assert_int_equal(import(env, "名称,窓口,窓口\n", &added, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, ":1: 1 行目は見出し");
	th_assert_contains(err.msg, "「窓口」が 2 回あります");
	assert_int_equal(import(env, "窓口,対象\n窓口,対象\n", &added, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, ":1: 1 行目は見出し");
	th_assert_contains(err.msg, "名称がありません");
	/* A formula in a new column is refused as in the old ones. */
	assert_int_equal(import(env, "名称,対象\n市役所,=1+1\n", &added, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   ":2: 対象「=1+1」は表計算ソフトが数式として読む");
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM agencies"), 3);
}

/* Each alias names one agency: never another's name or alias; importing
 * again adds the aliases a known agency lacks. */
static void
an_alias_names_one_agency(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	size_t added;
	th_assert_ok(import(env,
			    "名称,種別,電話,住所,別名\n"
			    "ハローワーク(公共職業安定所),就労,,,公共職業安定所| 職安 |\n"
			    "警察,安全,,,\n",
			    &added, &err),
		     &err);
	assert_int_equal(added, 2);
	assert_int_equal(import(env,
				"名称,種別,電話,住所,別名\n"
				"区の窓口,行政,,,窓口|職安\n",
				&added, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   ":2: 別名「職安」はすでに関係機関「ハローワーク(公共職業安定所)」の別名です");
	assert_int_equal(import(env,
				"名称,種別,電話,住所,別名\n区の窓口,行政,,,警察\n",
				&added, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   ":2: 別名「警察」は関係機関「警察」の名称です");
	assert_int_equal(import(env, "名称,種別,電話,住所,別名\n職安,就労,,,\n",
				&added, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   ":2: 名称「職安」はすでに関係機関「ハローワーク(公共職業安定所)」の別名です");
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM agencies"), 2);
	/* A known agency gains its new aliases; its own are skipped. */
	th_assert_ok(import(env,
			    "名称,種別,電話,住所,別名\n"
			    "警察,安全,,,警察署|交番|警察\n"
			    "ハローワーク(公共職業安定所),就労,,,職安\n",
			    &added, &err),
		     &err);
	assert_int_equal(added, 0);
	struct md_agency *a;
	size_t n;
	th_assert_ok(md_agencies_list(env->db, &a, &n, &err), &err);
	assert_int_equal(n, 2);
	assert_string_equal(a[0].name, "ハローワーク(公共職業安定所)");
	assert_string_equal(a[0].aliases, "公共職業安定所|職安");
	assert_string_equal(a[1].aliases, "警察署|交番");
	md_agencies_free(a, n);
}

/* A typed agency: whole, by an alias, or by a start that fits one agency
 * only, folded as searches fold; an ambiguous start names the candidates;
 * an agency no longer in use is not found (issue 14, finding 7). */
static void
an_agency_is_found_as_an_outcome_is__issue_14_7(void **state)
{
	struct th_env *env = *state;
	assert_int_equal(import_shipped(env), 26);
	assert_string_equal(find(env, "ハローワーク"),
			    "ハローワーク(公共職業安定所)");
	assert_string_equal(find(env, "ﾊﾛｰﾜｰｸ"),
			    "ハローワーク(公共職業安定所)");
	assert_string_equal(find(env, " 職安　"),
			    "ハローワーク(公共職業安定所)");
	assert_string_equal(find(env, "社会福祉協議会"), "社会福祉協議会");
	assert_string_equal(find(env, "社協"), "社会福祉協議会");
	assert_string_equal(find(env, "警察"), "警察");
	assert_string_equal(find(env, "児相"), "児童相談所");
	assert_string_equal(find(env, "地域"),
			    "関係機関「地域」は 1 つに決まりません(候補: 地域包括支援センター、地域若者サポートステーション)");
	th_assert_contains(find(env, "区役所"),
			   "関係機関「区役所」は一覧にありません");
	th_assert_contains(find(env, ""), "関係機関「」は一覧にありません");
	assert_int_equal(th_int(env->db,
				"UPDATE agencies SET active = 0"
				" WHERE name = '地域若者サポートステーション'"
				" RETURNING 1"),
			 1);
	assert_string_equal(find(env, "地域"), "地域包括支援センター");
	th_assert_contains(find(env, "サポステ"), "一覧にありません");
}

/* Migration 7 gives the 福祉事務所 of a catalogue loaded before kinds were
 * required the kind its referral needs (001 第9条(5)). */
static void
migration_10_makes_the_shipped_welfare_office_of_its_kind(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_rewind(env, 9);
	assert_int_equal(th_int(env->db,
				"INSERT INTO agencies (name, kind) VALUES"
				" ('福祉事務所(生活保護)', '行政'),"
				" ('税務課', '行政') RETURNING 1"),
			 1);
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	assert_int_equal(md_db_schema_version(env->db), md_db_schema_latest());
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM agencies WHERE"
				" (name = '福祉事務所(生活保護)' AND kind = '福祉事務所')"
				" OR (name = '税務課' AND kind = '行政')"),
			 2);
	assert_int_equal(import_shipped(env), 24);
	assert_string_equal(find(env, "生活保護の窓口"),
			    "福祉事務所(生活保護)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(shipped_catalogue_has_the_kinds_of_the_definitions__001_9_5,
						setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_kind_is_refused_with_file_and_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_header_of_four_columns_still_reads,
						setup, teardown),
		cmocka_unit_test_setup_teardown(an_import_reads_the_desk_target_and_hours__issue_17,
						setup, teardown),
		cmocka_unit_test_setup_teardown(an_alias_names_one_agency,
						setup, teardown),
		cmocka_unit_test_setup_teardown(an_agency_is_found_as_an_outcome_is__issue_14_7,
						setup, teardown),
		cmocka_unit_test_setup_teardown(migration_10_makes_the_shipped_welfare_office_of_its_kind,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("agencies", tests, NULL, NULL);
}
