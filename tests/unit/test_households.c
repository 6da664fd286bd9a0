/* Households and their members through the core API the household screen
 * uses (issue 18): 000 第1条 (世帯単位), 000 第2条(1), 003 §6-2(3)ア, 004 図4.
 * Values in, faults per field out, nothing stored on a fault; ages at the
 * edges of 図4's bands; a move keeps the history; a new member finds the
 * registered duplicate; 家族構成 filled from the household; consent per
 * person in the print; the migration of persons.household_id. */
#include "helpers.h"

#include "madoguchi/audit.h"
#include "madoguchi/diag.h"
#include "madoguchi/export.h"
#include "madoguchi/households.h"
#include "madoguchi/records.h"
#include "madoguchi/search.h"
#include "madoguchi/store.h"

static struct md_forms *forms;
static struct md_household_defs *defs;

static int
setup(void **state)
{
	th_setup(state);
	struct md_err err;
	struct md_diags diags;
	forms = th_forms("forms");
	md_diags_init(&diags);
	enum md_status rc = md_household_defs_load(TOP_DIR
						   "/forms/households.ini",
						   forms, &defs, &diags, &err);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "# %s\n", diags.msgs[i]);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
	return 0;
}

static int
teardown(void **state)
{
	md_household_defs_free(&defs);
	md_forms_free(&forms);
	return th_teardown(state);
}

/* The person of a new case: its number. */
static long long
person_of(struct th_env *env, long long case_id)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT person_id FROM cases WHERE id = %lld",
		 case_id);
	return th_int(env->db, sql);
}

/* Rows of a table, for "nothing stored". */
static long long
rows(struct th_env *env, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return th_int(env->db, sql);
}

/* What a refused change must leave: every table as it was. */
struct counts {
	long long households, members, hrevs, mrevs, persons;
};

static struct counts
counts_now(struct th_env *env)
{
	return (struct counts){rows(env, "households"),
			       rows(env, "household_members"),
			       rows(env, "household_revisions"),
			       rows(env, "household_member_revisions"),
			       rows(env, "persons")};
}

static void
assert_nothing_stored(struct th_env *env, struct counts before)
{
	struct counts now = counts_now(env);
	assert_int_equal(now.households, before.households);
	assert_int_equal(now.members, before.members);
	assert_int_equal(now.hrevs, before.hrevs);
	assert_int_equal(now.mrevs, before.mrevs);
	assert_int_equal(now.persons, before.persons);
}

/* A new household of person_id as 世帯主: its number. */
static long long
household_of(struct th_env *env, long long person_id)
{
	struct md_err err;
	struct md_member_in m = {.person_id = person_id,
				 .relation = "世帯主",
				 .needs_support = 1,
				 .departments = "くらし支援"};
	long long id = 0;
	th_assert_ok(md_household_new(env->db, &env->admin, defs, forms, NULL,
				      &m, &id, NULL, NULL, &err),
		     &err);
	return id;
}

/* Add person_id to household hid as relation: the membership's number. */
static long long
add_person(struct th_env *env, long long hid, long long person_id,
	   const char *relation)
{
	struct md_err err;
	struct md_member_in m = {.person_id = person_id,
				 .relation = relation,
				 .needs_support = -1};
	long long id = 0;
	th_assert_ok(md_household_add(env->db, &env->admin, defs, forms, hid,
				      &m, &id, NULL, &err),
		     &err);
	return id;
}

/* The shipped definitions: lists of the file, the issues of 第2号様式, the
 * ages of 004 図4, the consent field of 第1号様式, the 家族構成 mapping. */
static void
shipped_definitions_are_data__004_fig4(void **state)
{
	(void)state;
	const struct md_field *issues = md_form_field(md_forms_find(forms,
								    "intake"),
						      "issues");
	assert_int_equal(defs->issues.n, issues->noptions);
	assert_string_equal(defs->relations.items[0], "世帯主");
	assert_true(md_choices_have(&defs->relations, "不明"));
	assert_string_equal(defs->living.items[0], "同居");
	assert_true(md_choices_have(&defs->departments, "こども"));
	assert_int_equal(defs->child_below, 18);
	assert_int_equal(defs->elderly_from, 65);
	assert_string_equal(md_household_age_band_label(defs, MD_AGE_ELDERLY),
			    "高齢者");
	assert_string_equal(defs->consent_field->key, "consent_share");
	assert_string_equal(defs->consent_value, "はい");
	assert_ptr_equal(defs->family_form, md_forms_find(forms, "intake"));
	assert_string_equal(defs->family_column[MD_MA_LIVING], "living");
	assert_null(defs->family_column[MD_MA_DEPARTMENTS]);
}

/* A broken definition: every fault with file:line, nothing loaded; the
 * [eligibility] sections are read with the rest (eligibility.h), and a
 * triage section, the old name, is no section of the file. */
static void
broken_definitions_name_file_and_line(void **state)
{
	(void)state;
	struct md_err err;
	struct md_diags diags;
	struct md_household_defs *d = NULL;
	md_diags_init(&diags);
	const char *path = th_write("households.ini",
				    "[household]\n"
				    "issues = intake.nosuch\n"
				    "[members]\n"
				    "relations = 世帯主||子\n"
				    "living = 同居|同居\n"
				    "departments = 長寿\n"
				    "reasons = 転居\n"
				    "colour = 赤\n"
				    "[ages]\n"
				    "child_below = 70\n"
				    "elderly_from = 65\n"
				    "child = 子ども\n"
				    "adult = 大人\n"
				    "elderly = 高齢者\n"
				    "[consent]\n"
				    "field = reception.consent_share\n"
				    "value = たぶん\n"
				    "[family]\n"
				    "form = intake\n"
				    "field = family\n"
				    "column.nosuch = name\n"
				    "column.age = shoe_size\n"
				    "[eligibility]\n"
				    "anything = goes\n"
				    "[triage]\n");
	assert_int_equal(md_household_defs_load(path, forms, &d, &diags, &err),
			 MD_ERR_DEFINITION);
	assert_null(d);
	char all[8192] = "";
	for (size_t i = 0; i < diags.n; i++) {
		strncat(all, diags.msgs[i], sizeof all - strlen(all) - 2);
		strcat(all, "\n");
	}
	th_assert_contains(all,
			   "households.ini:2: issues: intake に選択の項目 nosuch はありません");
	th_assert_contains(all,
			   "households.ini:4: relations: 空の選択肢があります");
	th_assert_contains(all,
			   "households.ini:5: living: 選択肢「同居」が 2 回あります");
	th_assert_contains(all,
			   "households.ini:8: [members] に colour という項目はありません");
	th_assert_contains(all,
			   "households.ini:11: elderly_from(65)は child_below(70)より大きくしてください");
	th_assert_contains(all,
			   "households.ini:17: value: 関係機関との情報共有への同意: 「はい」か「いいえ」で入力してください(「たぶん」)");
	th_assert_contains(all,
			   "households.ini:21: column.nosuch: family に列 nosuch はありません");
	th_assert_contains(all,
			   "households.ini:22: column.age: 世帯員の「shoe_size」はありません");
	th_assert_contains(all,
			   "households.ini:24: [eligibility] に anything という項目はありません");
	th_assert_contains(all,
			   "households.ini:23: [eligibility] に undecided(どの行にも当たらないときの判定)がありません");
	th_assert_contains(all,
			   "households.ini:25: [triage] は使えない節です(household、members、ages、consent、family、eligibility)");
	md_diags_fini(&diags);
}

/* Ages at the edges of 004 図4's bands: the day before and on the 18th
 * and 65th birthdays, and someone born on 2月29日. */
static void
age_at_the_reference_date_edges__004_fig4(void **state)
{
	(void)state;
	assert_int_equal(md_household_age("2008-04-02", "2026-04-01"), 17);
	assert_int_equal(md_household_age("2008-04-01", "2026-04-01"), 18);
	assert_int_equal(md_household_age("1961-04-02", "2026-04-01"), 64);
	assert_int_equal(md_household_age("1961-04-01", "2026-04-01"), 65);
	/* 2月29日: one more on 3月1日 in common years, on 2月29日 in leap ones. */
	assert_int_equal(md_household_age("2008-02-29", "2026-02-28"), 17);
	assert_int_equal(md_household_age("2008-02-29", "2026-03-01"), 18);
	assert_int_equal(md_household_age("1960-02-29", "2025-02-28"), 64);
	assert_int_equal(md_household_age("1960-02-29", "2025-03-01"), 65);
	assert_int_equal(md_household_age("1960-02-29", "2024-02-28"), 63);
	assert_int_equal(md_household_age("1960-02-29", "2024-02-29"), 64);
	/* Not known, not a date, or before the birth. */
	assert_int_equal(md_household_age("", "2026-04-01"), -1);
	assert_int_equal(md_household_age("2026-02-30", "2026-04-01"), -1);
	assert_int_equal(md_household_age("2026-04-02", "2026-04-01"), -1);
	/* The bands, by the file's ages. */
	assert_int_equal(md_household_age_band(defs, 17), MD_AGE_CHILD);
	assert_int_equal(md_household_age_band(defs, 18), MD_AGE_ADULT);
	assert_int_equal(md_household_age_band(defs, 64), MD_AGE_ADULT);
	assert_int_equal(md_household_age_band(defs, 65), MD_AGE_ELDERLY);
	assert_int_equal(md_household_age_band(defs, -1), MD_AGE_UNKNOWN);
	assert_string_equal(md_household_age_band_label(defs, MD_AGE_UNKNOWN),
			    "");
}

/* One call gives what the screen shows: members in the order of 続柄, with
 * ages and bands on the reference date, needs and 担当部局 (what the triage
 * of 004 図4 reads), open cases with stage and next due date, the issues. */
static void
the_household_whole_in_one_call__000_1(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long c1 = th_case(env, forms, "山田 花子", "やまだ はなこ",
			       "1961-04-01");
	long long c2 = th_case(env, forms, "山田 一郎", "やまだ いちろう",
			       "2008-04-02");
	long long p1 = person_of(env, c1), p2 = person_of(env, c2);
	long long hid = household_of(env, p2);
	add_person(env, hid, p1, "母");
	struct md_member_in child = {.label = "小学生(氏名不詳)",
				     .age = "8",
				     .relation = "孫",
				     .needs_support = 1,
				     .departments = "こども|その他"};
	long long m3 = 0;
	th_assert_ok(md_household_add(env->db, &env->admin, defs, forms, hid,
				      &child, &m3, NULL, &err),
		     &err);
	struct md_household_in hin = {.issues = "経済的困窮|介護",
				      .note = "祖母が介護"};
	th_assert_ok(md_household_update(env->db, &env->admin, defs, hid, 1,
					 &hin, NULL, &err),
		     &err);
	/* The next due of case 1: its evaluation. */
	assert_int_equal(th_int(env->db,
				"UPDATE cases SET next_eval_on = '2026-05-01'"
				" WHERE id = 1 RETURNING 1"),
			 1);
	struct md_household h;
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, hid,
				      "2026-04-01", false, &h, &err),
		     &err);
	assert_int_equal(h.revision, 2);
	assert_int_equal(h.ncurrent, 3);
	assert_int_equal(h.nsupport, 2);
	assert_int_equal(h.nissues, 2);
	assert_string_equal(h.issues[1], "介護");
	assert_string_equal(h.note, "祖母が介護");
	/* 世帯主, then 孫, then 母: the order of the relations. */
	assert_string_equal(h.members[0].name, "山田 一郎");
	assert_int_equal(h.members[0].age, 17);
	assert_int_equal(h.members[0].band, MD_AGE_CHILD);
	assert_true(h.members[0].needs_support);
	assert_int_equal(h.members[0].ndepartments, 1);
	assert_string_equal(h.members[0].departments[0], "くらし支援");
	assert_string_equal(h.members[1].name, "小学生(氏名不詳)");
	assert_int_equal(h.members[1].id, m3);
	assert_int_equal(h.members[1].person_id, 0);
	assert_true(h.members[1].birth_estimated);
	assert_int_equal(h.members[1].age, 8);
	assert_int_equal(h.members[1].ndepartments, 2);
	assert_string_equal(h.members[2].relation, "母");
	assert_int_equal(h.members[2].age, 65);
	assert_int_equal(h.members[2].band, MD_AGE_ELDERLY);
	assert_false(h.members[2].needs_support);
	assert_int_equal(h.members[2].ncases, 1);
	assert_int_equal(h.members[2].cases[0].case_id, c1);
	assert_string_equal(h.members[2].cases[0].stage, "reception");
	assert_string_equal(h.members[2].cases[0].due_kind, "評価");
	assert_string_equal(h.members[2].cases[0].due_on, "2026-05-01");
	assert_false(h.members[2].cases[0].overdue);
	md_household_fini(&h);
	/* Audited: the household, and each case shown. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE action = 'view'"
				" AND detail LIKE '世帯 1 の閲覧%'"),
			 3);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE action = 'view'"
				" AND case_id = 1 AND detail = '世帯 1 の閲覧で表示'"),
			 1);
	/* The case list filtered by the household: its members' cases. */
	struct md_case_filter f = {.include_closed = true, .household_id = hid};
	struct md_case_row *r;
	size_t n;
	th_assert_ok(md_case_search(env->db, &env->admin, &f, NULL, 50, &r, &n,
				    &err),
		     &err);
	assert_int_equal(n, 2);
	md_case_rows_free(r, n);
	/* Saved from an old revision: a conflict, not an overwrite. */
	hin.note = "古い画面から";
	assert_int_equal(md_household_update(env->db, &env->admin, defs, hid, 1,
					     &hin, NULL, &err),
			 MD_ERR_CONFLICT);
	assert_int_equal(rows(env, "household_revisions"), 2);
}

/* A move ends a membership and starts another: the earlier one is kept,
 * the person's current household follows, and the history lists both. */
static void
a_member_moving_out_keeps_the_history__000_1(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long p1 = person_of(env, th_case(env, forms, "佐藤 一",
					      "さとう はじめ", NULL));
	long long p2 = person_of(env, th_case(env, forms, "佐藤 二郎",
					      "さとう じろう", NULL));
	long long hid = household_of(env, p1);
	long long m2 = add_person(env, hid, p2, "子");
	struct md_member_in in_on = {.moved_in_on = "R8.1.10",
				     .needs_support = -1};
	th_assert_ok(md_household_member_update(env->db, &env->admin, defs, m2,
						1, &in_on, NULL, &err),
		     &err);
	struct md_move_in mv = {.date = "R8.3.1",
				.reason = "世帯分離",
				.new_household = true,
				.label = "二郎の世帯",
				.relation = "世帯主"};
	long long m3 = 0;
	th_assert_ok(md_household_move(env->db, &env->admin, defs, m2, &mv, &m3,
				       NULL, &err),
		     &err);
	assert_true(m3 > m2);
	long long h2 = md_household_of_person(env->db, p2);
	assert_true(h2 != hid && h2 > 0);
	assert_int_equal(md_household_member_of(env->db, p2), m3);
	/* The old membership stays, ended. */
	char *old =
		th_dump(env->db,
			"SELECT household_id, relation, moved_in_on, moved_out_on,"
			" reason_out, revision FROM household_members WHERE id = ?1",
			m2);
	assert_string_equal(old, "1|子|2026-01-10|2026-03-01|世帯分離|3|\n");
	md_free(old);
	/* Each state in its revision; the revisions refuse to change. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM household_member_revisions"
				" WHERE member_id = 2"),
			 3);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM household_member_revisions"
				" WHERE member_id = 2 AND changed LIKE '%moved_out_on%'"),
			 1);
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(md_db_sqlite(env->db),
					  "DELETE FROM household_members", NULL,
					  NULL, &msg),
			     SQLITE_OK);
	sqlite3_free(msg);
	struct md_membership *m;
	size_t n;
	th_assert_ok(md_household_history(env->db, &env->admin, p2, &m, &n,
					  &err),
		     &err);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].household_id, hid);
	assert_false(m[0].current);
	assert_string_equal(m[0].moved_out_on, "2026-03-01");
	assert_int_equal(m[1].household_id, h2);
	assert_true(m[1].current);
	assert_string_equal(m[1].moved_in_on, "2026-03-01");
	assert_string_equal(m[1].reason_in, "世帯分離");
	md_memberships_free(m, n);
	/* with_former shows the one who left, after the current ones. */
	struct md_household h;
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, hid,
				      NULL, true, &h, &err),
		     &err);
	assert_int_equal(h.ncurrent, 1);
	assert_int_equal(h.nmembers, 2);
	assert_false(h.members[1].current);
	md_household_fini(&h);
	/* madoguchi check: persons.household_id is in step. */
	struct md_buf report;
	md_buf_init(&report);
	th_assert_ok(md_db_check(env->db, &report, &err), &err);
	md_buf_fini(&report);
}

/* A new member is looked for as a new case looks: 髙橋 for 高橋, ﾀｶﾊｼ for
 * たかはし; found, nothing is registered until told it is someone else. */
static void
a_new_member_finds_the_registered_duplicate(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long p1 = person_of(env, th_case(env, forms, "髙橋 花子",
					      "たかはし はなこ", "1980-04-01"));
	long long hid = household_of(env, p1);
	struct md_values person, faults;
	md_values_init(&person);
	md_values_init(&faults);
	/* The same 氏名 as folded, whatever ふりがな was typed. */
	md_values_set(&person, "name", "高橋 花子", NULL);
	md_values_set(&person, "kana", "ﾀｶﾊｼ ﾊﾅｺ", NULL);
	struct md_member_in in = {.person = &person,
				  .relation = "妻",
				  .needs_support = -1};
	struct counts before = counts_now(env);
	long long id = 0;
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms,
					  hid, &in, &id, &faults, &err),
			 MD_ERR_EXISTS);
	th_assert_contains(md_values_get(&faults, "person"),
			   "同じ人が登録されているかもしれません: 本人 1 髙橋 花子(たかはし はなこ、昭和55年4月1日)");
	assert_nothing_stored(env, before);
	/* The same ふりがな in katakana, another 氏名 spelling. */
	md_values_set(&person, "name", "たかはし はなこ", NULL);
	md_values_set(&person, "kana", "タカハシ ハナコ", NULL);
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms,
					  hid, &in, &id, &faults, &err),
			 MD_ERR_EXISTS);
	assert_nothing_stored(env, before);
	/* Told it is someone else: registered and added. */
	md_values_set(&person, "name", "高橋 一郎", NULL);
	md_values_set(&person, "kana", "たかはし いちろう", NULL);
	in.relation = "夫";
	in.distinct = true;
	th_assert_ok(md_household_add(env->db, &env->admin, defs, forms, hid,
				      &in, &id, &faults, &err),
		     &err);
	assert_int_equal(rows(env, "persons"), before.persons + 1);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM person_revisions WHERE person_id = 2"),
			 1);
	assert_int_equal(md_household_of_person(env->db, 2), hid);
	md_values_fini(&person);
	md_values_fini(&faults);
}

/* Each bad input refused with a Japanese message naming the field, and
 * nothing stored. */
static void
bad_input_is_refused_and_nothing_stored(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values faults;
	md_values_init(&faults);
	long long p1 = person_of(env, th_case(env, forms, "鈴木 一",
					      "すずき はじめ", NULL));
	long long p2 = person_of(env, th_case(env, forms, "鈴木 二",
					      "すずき じ", NULL));
	long long p3 = person_of(env, th_case(env, forms, "田中 三",
					      "たなか さん", NULL));
	long long h1 = household_of(env, p1);
	long long m2 = add_person(env, h1, p2, "子");
	household_of(env, p3);
	struct md_member_in in_on = {.moved_in_on = "2026-03-01",
				     .needs_support = -1};
	th_assert_ok(md_household_member_update(env->db, &env->admin, defs, m2,
						1, &in_on, NULL, &err),
		     &err);
	struct counts before = counts_now(env);
	long long audit = rows(env, "audit_log");
	long long id = 0;

	/* A person added to a second current household: offered the move. */
	struct md_member_in in = {.person_id = p3,
				  .relation = "子",
				  .needs_support = -1};
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms, h1,
					  &in, &id, &faults, &err),
			 MD_ERR_EXISTS);
	assert_string_equal(md_values_get(&faults, "person"),
			    "本人 3(田中 三)はいま世帯 2 の世帯員です。現在の世帯は一人に一つです。この世帯に移ったのなら、転出と移る先を madoguchi household move で記録してください");
	assert_nothing_stored(env, before);

	/* A member who is the household itself: the person already in it, or
	 * their own household as the one to move to. */
	in.person_id = p2;
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms, h1,
					  &in, &id, &faults, &err),
			 MD_ERR_EXISTS);
	assert_string_equal(md_values_get(&faults, "person"),
			    "本人 2(鈴木 二)はすでに世帯 1 の世帯員です(同じ世帯に二度は入れません)");
	struct md_move_in mv = {.reason = "転居", .to = h1, .relation = "子"};
	assert_int_equal(md_household_move(env->db, &env->admin, defs, m2, &mv,
					   &id, &faults, &err),
			 MD_ERR_INVALID);
	assert_string_equal(md_values_get(&faults, "to"),
			    "移る先の世帯 1 は、いまの世帯そのものです(世帯員はその世帯自身には移れません)");
	assert_nothing_stored(env, before);

	/* A relation that is not in the list. */
	struct md_member_in odd = {.label = "親戚の人",
				   .relation = "兄さん",
				   .needs_support = -1};
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms, h1,
					  &odd, &id, &faults, &err),
			 MD_ERR_INVALID);
	th_assert_contains(md_values_get(&faults, "relation"),
			   "続柄: 「兄さん」は選択肢にありません");
	assert_nothing_stored(env, before);

	/* A move-out date before the move-in. */
	mv = (struct md_move_in){.date = "R8.2.1", .reason = "転出"};
	assert_int_equal(md_household_move(env->db, &env->admin, defs, m2, &mv,
					   &id, &faults, &err),
			 MD_ERR_INVALID);
	assert_string_equal(md_values_get(&faults, "moved_out_on"),
			    "転出日: 令和8年2月1日 は転入日 令和8年3月1日 より前です");
	assert_nothing_stored(env, before);

	/* The only current member: the household would be left empty. */
	long long m3 = md_household_member_of(env->db, p3);
	mv = (struct md_move_in){.reason = "死亡"};
	assert_int_equal(md_household_move(env->db, &env->admin, defs, m3, &mv,
					   &id, &faults, &err),
			 MD_ERR_INVALID);
	assert_string_equal(md_values_get(&faults, "member"),
			    "世帯員 3 は世帯 2 のただ一人の現在の世帯員です。転出すると世帯に誰もいなくなります(記録していません)");
	assert_nothing_stored(env, before);

	/* And the rest: no one, two at once, an age and a birth date, a
	 * future day, a household that is not there. */
	struct md_member_in none = {.relation = "子", .needs_support = -1};
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms, h1,
					  &none, &id, &faults, &err),
			 MD_ERR_INVALID);
	assert_non_null(md_values_get(&faults, "person"));
	struct md_member_in both = {.person_id = p3,
				    .label = "x",
				    .relation = "子",
				    .needs_support = -1};
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms, h1,
					  &both, &id, &faults, &err),
			 MD_ERR_INVALID);
	struct md_member_in aged = {.label = "小学生",
				    .birth = "H29.4.1",
				    .age = "8",
				    .relation = "孫",
				    .moved_in_on = "R9.1.1",
				    .needs_support = -1};
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms, h1,
					  &aged, &id, &faults, &err),
			 MD_ERR_INVALID);
	assert_string_equal(md_values_get(&faults, "age"),
			    "生年月日と年齢は、どちらか一つにしてください");
	assert_string_equal(md_values_get(&faults, "moved_in_on"),
			    "転入日: 令和9年1月1日 は今日より先です");
	mv = (struct md_move_in){.reason = "転居", .to = 99, .relation = "子"};
	assert_int_equal(md_household_move(env->db, &env->admin, defs, m2, &mv,
					   &id, &faults, &err),
			 MD_ERR_INVALID);
	assert_string_equal(md_values_get(&faults, "to"),
			    "移る先の世帯 99 はありません");
	assert_int_equal(md_household_add(env->db, &env->admin, defs, forms, 99,
					  &odd, &id, &faults, &err),
			 MD_ERR_NOTFOUND);
	assert_nothing_stored(env, before);
	/* Refusals change nothing, the audit log included (a search for the
	 * same person aside, which none of these made). */
	assert_int_equal(rows(env, "audit_log"), audit);
	assert_int_equal(md_household_of_person(env->db, p2), h1);
	md_values_fini(&faults);
}

/* 第2号様式's 家族構成 starts from the household when the form is first
 * opened, and stays editable: a saved form is not filled again. */
static void
family_table_filled_from_the_household__form_2(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long c1 = th_case(env, forms, "山本 花子", "やまもと はなこ",
			       "1980-04-01");
	long long c2 = th_case(env, forms, "山本 太郎", "やまもと たろう",
			       "1950-06-01");
	long long hid = household_of(env, person_of(env, c1));
	add_person(env, hid, person_of(env, c2), "父");
	struct md_member_in child = {.label = "長女(中学生)",
				     .birth = "H24.5.5",
				     .relation = "子",
				     .living = "別居",
				     .note = "祖母宅",
				     .needs_support = -1};
	th_assert_ok(md_household_add(env->db, &env->admin, defs, forms, hid,
				      &child, NULL, NULL, &err),
		     &err);
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, c1, "intake",
				    MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_int_equal(rec.revision, 0);
	const struct md_values *v = &rec.values;
	/* The other members, in the household's order; not the person. */
	assert_int_equal(md_values_table_rows(v, "family"), 2);
	assert_string_equal(md_values_get(v, "family.1.relation"), "子");
	assert_string_equal(md_values_get(v, "family.1.name"), "長女(中学生)");
	assert_string_equal(md_values_get(v, "family.1.age"), "13");
	assert_string_equal(md_values_get(v, "family.1.living"), "別居");
	assert_string_equal(md_values_get(v, "family.1.health_note"), "祖母宅");
	assert_string_equal(md_values_get(v, "family.2.relation"), "父");
	assert_string_equal(md_values_get(v, "family.2.name"), "山本 太郎");
	assert_string_equal(md_values_get(v, "family.2.age"), "75");
	assert_string_equal(md_values_get(v, "family.2.living"), "同居");
	assert_null(md_values_get(v, "family.3.name"));
	/* Editable: the consultant changes a row and saves. */
	md_values_set(&rec.values, "family.2.occupation", "無職", NULL);
	md_values_set(&rec.values, "family.1.relation", "長女", NULL);
	bool saved = false;
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	assert_true(saved);
	md_record_fini(&rec);
	/* Saved, it is what was saved, however the household changes. */
	th_assert_ok(md_household_add(env->db, &env->admin, defs, forms, hid,
				      &(struct md_member_in){.label = "同居人",
							     .relation =
								     "同居人",
							     .needs_support =
								     -1},
				      NULL, NULL, &err),
		     &err);
	th_assert_ok(md_record_open(env->db, &env->admin, forms, c1, "intake",
				    MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_int_equal(md_values_table_rows(&rec.values, "family"), 2);
	assert_string_equal(md_values_get(&rec.values, "family.1.relation"),
			    "長女");
	assert_string_equal(md_values_get(&rec.values, "family.2.occupation"),
			    "無職");
	md_record_fini(&rec);
	/* A person in no household: the table starts empty. */
	long long c3 = th_case(env, forms, "一人 暮", "ひとり くらし", NULL);
	th_assert_ok(md_record_open(env->db, &env->admin, forms, c3, "intake",
				    MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_int_equal(md_values_table_rows(&rec.values, "family"), 0);
	md_record_fini(&rec);
}

/* Save field = value on 第1号様式 of case_id. */
static void
reception_set(struct th_env *env, long long case_id, const char *field,
	      const char *value)
{
	struct md_err err;
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "reception", MD_SEQ_LATEST, &rec, &err),
		     &err);
	md_values_set(&rec.values, field, value, NULL);
	bool saved;
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	md_record_fini(&rec);
}

/* Consent is per person: the print shows a member's details only with
 * that member's own consent, the others left out with a line saying so. */
static void
a_household_print_leaves_out_who_has_not_consented(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long c1 = th_case(env, forms, "中村 同意", "なかむら どうい",
			       "1970-01-01");
	long long c2 = th_case(env, forms, "中村 秘密", "なかむら ひみつ",
			       "1972-02-02");
	long long c3 = th_case(env, forms, "中村 撤回", "なかむら てっかい",
			       NULL);
	long long hid = household_of(env, person_of(env, c1));
	add_person(env, hid, person_of(env, c2), "妻");
	add_person(env, hid, person_of(env, c3), "子");
	struct md_household_in hin = {.note = "=HYPERLINK(\"x\")"};
	th_assert_ok(md_household_update(env->db, &env->admin, defs, hid, 1,
					 &hin, NULL, &err),
		     &err);
	reception_set(env, c1, "consent_share", "はい");
	reception_set(env, c2, "consent_share", "いいえ");
	/* Consent given, then withdrawn: the latest record decides. */
	reception_set(env, c3, "consent_share", "はい");
	reception_set(env, c3, "consent_share", "いいえ");
	struct md_buf out;
	md_buf_init(&out);
	th_assert_ok(md_household_print_text(env->db, &env->admin, defs, NULL,
					     hid, NULL, &out, &err),
		     &err);
	const char *t = md_buf_str(&out);
	th_assert_contains(t, "氏名: 中村 同意");
	th_assert_contains(t, "生年月日: 昭和45年1月1日");
	th_assert_contains(t, "世帯員 2: (本人の同意がないため記載しません)");
	th_assert_contains(t, "世帯員 3: (本人の同意がないため記載しません)");
	assert_null(strstr(t, "秘密"));
	assert_null(strstr(t, "撤回"));
	assert_null(strstr(t, "昭和47年"));
	assert_null(strstr(t, "HYPERLINK"));
	th_assert_contains(t, "メモ: (世帯員全員の同意がないため記載しません)");
	md_buf_fini(&out);
	/* The CSV: the same, each cell inert. */
	struct md_export_options o = {.encoding = MD_CSV_UTF8};
	th_assert_ok(md_household_print_csv(env->db, &env->admin, defs, NULL,
					    hid, NULL, th_path("h.csv"), &o,
					    &err),
		     &err);
	FILE *f = fopen(th_path("h.csv"), "r");
	assert_non_null(f);
	char csv[8192];
	size_t len = fread(csv, 1, sizeof csv - 1, f);
	csv[len] = '\0';
	fclose(f);
	th_assert_contains(csv, "\"1\",\"世帯主\",\"同居\",\"中村 同意\"");
	th_assert_contains(csv, "\"2\",\"(本人の同意がないため記載しません)\"");
	assert_null(strstr(csv, "秘密"));
	/* Everyone consents: the note prints, inert for a spreadsheet. */
	reception_set(env, c2, "consent_share", "はい");
	reception_set(env, c3, "consent_share", "はい");
	o.force = true;
	th_assert_ok(md_household_print_csv(env->db, &env->admin, defs, NULL,
					    hid, NULL, th_path("h.csv"), &o,
					    &err),
		     &err);
	f = fopen(th_path("h.csv"), "r");
	len = fread(csv, 1, sizeof csv - 1, f);
	csv[len] = '\0';
	fclose(f);
	th_assert_contains(csv, "\"メモ\",\"'=HYPERLINK(\"\"x\"\")\"");
	th_assert_contains(csv, "中村 秘密");
	/* Audited: each print, and each case printed. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE action = 'export'"
				" AND case_id IS NULL AND detail LIKE '世帯 1 の印刷%'"),
			 3);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE action = 'export'"
				" AND case_id = 2"),
			 1);
}

/* Migration 14: the persons an older version kept in a household become
 * its current members (続柄 不明, 同居), needing support when a case of
 * theirs is open, each with a first revision; a household with its own. */
static void
migration_14_carries_household_ids_into_memberships(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_rewind(env, 13);
	assert_int_equal(th_int(env->db,
				"INSERT INTO households (id, label, created_at) VALUES"
				" (1, '山田家', '2020-04-01 09:00:00'),"
				" (2, '', '2021-04-01 09:00:00') RETURNING 1"),
			 1);
	char *msg = NULL;
	int src =
		sqlite3_exec(md_db_sqlite(env->db),
			     "INSERT INTO persons (id, household_id, name, kana, name_key,"
			     " kana_key, created_at, updated_at) VALUES"
			     " (1, 1, '山田 太郎', 'やまだ たろう', 'a', 'a', '2020-04-01 09:00:00', '2020-04-01 09:00:00'),"
			     " (2, 1, '山田 花子', 'やまだ はなこ', 'b', 'b', '2020-05-01 09:00:00', '2020-05-01 09:00:00'),"
			     " (3, 2, '佐藤 一', 'さとう はじめ', 'c', 'c', '2021-04-01 09:00:00', '2021-04-01 09:00:00'),"
			     " (4, NULL, '鈴木 一', 'すずき はじめ', 'd', 'd', '2021-04-01 09:00:00', '2021-04-01 09:00:00');"
			     "INSERT INTO cases (person_id, status, opened_on, created_at, updated_at) VALUES"
			     " (1, 'open', '2020-04-01', '2020-04-01 09:00:00', '2020-04-01 09:00:00'),"
			     " (3, 'closed', '2021-04-01', '2021-04-01 09:00:00', '2021-04-01 09:00:00');",
			     NULL, NULL, &msg);
	if (src != SQLITE_OK)
		fail_msg("%s", msg);
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	assert_int_equal(md_db_schema_version(env->db), md_db_schema_latest());
	char *got =
		th_dump(env->db,
			"SELECT household_id, person_id, relation, living,"
			" quote(moved_in_on), quote(moved_out_on), needs_support,"
			" revision, created_at FROM household_members ORDER BY id",
			0);
	assert_string_equal(got,
			    "1|1|不明|同居|NULL|NULL|1|1|2020-04-01 09:00:00|\n"
			    "1|2|不明|同居|NULL|NULL|0|1|2020-05-01 09:00:00|\n"
			    "2|3|不明|同居|NULL|NULL|0|1|2021-04-01 09:00:00|\n");
	md_free(got);
	assert_int_equal(rows(env, "household_member_revisions"), 3);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM household_member_revisions"
				" WHERE data = '{\"living\":\"同居\",\"needs_support\":\"1\","
				"\"person\":\"1\",\"relation\":\"不明\"}'"),
			 1);
	got = th_dump(env->db,
		      "SELECT h.id, r.revision, h.updated_at, r.data FROM"
		      " household_revisions r JOIN households h"
		      " ON h.id = r.household_id ORDER BY h.id",
		      0);
	assert_string_equal(got,
			    "1|1|2020-04-01 09:00:00|{\"label\":\"山田家\"}|\n"
			    "2|1|2021-04-01 09:00:00|{\"label\":\"\"}|\n");
	md_free(got);
	/* Read as any household, the label of the relation the file's. */
	struct md_household h;
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, 1, NULL,
				      false, &h, &err),
		     &err);
	assert_int_equal(h.ncurrent, 2);
	assert_true(md_choices_have(&defs->relations, h.members[0].relation));
	md_household_fini(&h);
	struct md_buf report;
	md_buf_init(&report);
	th_assert_ok(md_db_check(env->db, &report, &err), &err);
	md_buf_fini(&report);
	/* A person whose household_id drifts from the memberships: named. */
	assert_int_equal(th_int(env->db,
				"UPDATE persons SET household_id = 2 WHERE id = 4"
				" RETURNING 1"),
			 1);
	md_buf_init(&report);
	assert_int_equal(md_db_check(env->db, &report, &err), MD_ERR_CORRUPT);
	th_assert_contains(md_buf_str(&report),
			   "本人 4 の世帯(2)が世帯員の記録(0)と違います");
	md_buf_fini(&report);
}

/* ---- 多機関協働の対象判定 (004 図4) through the household's records ---- */

/* A member as an example of 004 図4 tells them: born on birth (not
 * registered), a 支援対象者 or not, 障害, 生活困窮, their 担当部局 ("" none). */
struct example_member {
	const char *birth;
	bool target, disabled, poverty;
	const char *departments;
};

/* A household of the n members, each added through md_household_new and
 * md_household_add as a consultant would: its number. */
static long long
example_household(struct th_env *env, const struct example_member *w, size_t n)
{
	struct md_err err;
	long long hid = 0;
	for (size_t i = 0; i < n; i++) {
		char label[32];
		snprintf(label, sizeof label, "世帯員%zu", i + 1);
		struct md_member_in m = {
			.label = label,
			.birth = w[i].birth,
			.relation = i ? "同居人" : "世帯主",
			.needs_support = w[i].target,
			.disabled = w[i].disabled ? MD_ELIGIBILITY_YES
						  : MD_ELIGIBILITY_NO,
			.poverty = w[i].poverty ? MD_ELIGIBILITY_YES
						: MD_ELIGIBILITY_UNKNOWN,
			.departments = w[i].departments,
		};
		th_assert_ok(i ? md_household_add(env->db, &env->admin, defs,
						  forms, hid, &m, NULL, NULL,
						  &err)
			       : md_household_new(env->db, &env->admin, defs,
						  forms, NULL, &m, &hid, NULL,
						  NULL, &err),
			     &err);
	}
	return hid;
}

/* The answers typed as a script types them ("services=yes,…"; NULL none)
 * into answers, by fact. */
static void
answers_of(const char *typed, enum md_eligibility_yn *answers)
{
	struct md_eligibility_facts f;
	struct md_err err;
	memset(&f, 0, sizeof f);
	char buf[256];
	snprintf(buf, sizeof buf, "%s", typed ? typed : "");
	for (char *save = NULL, *a = strtok_r(buf, ",", &save); a;
	     a = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(a, '=');
		assert_non_null(eq);
		*eq = '\0';
		th_assert_ok(md_eligibility_facts_answer(&f, a, eq + 1, &err),
			     &err);
	}
	for (size_t i = 0; i < MD_ELIGIBILITY_NFACTS; i++)
		answers[i] = md_eligibility_fact_kind(i) ==
						     MD_ELIGIBILITY_YESNO &&
					     f.known[i]
				     ? (enum md_eligibility_yn)f.value[i]
				     : MD_ELIGIBILITY_UNKNOWN;
}

/* Household hid read on on (md_household_get) and advised with typed
 * answers (md_household_advise): *h to md_household_fini. */
static void
advised(struct th_env *env, long long hid, const char *on, const char *typed,
	struct md_household *h)
{
	struct md_err err;
	enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS];
	answers_of(typed, answers);
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, hid, on,
				      false, h, &err),
		     &err);
	assert_true(h->eligibility.defined);
	th_assert_ok(md_household_advise(defs, h, answers, &err), &err);
}

/* The row the household's advice gives (0: none). */
static int
row_of(const struct md_household *h)
{
	const struct md_eligibility_row *r = h->eligibility.advice.row;
	return r ? r->number : 0;
}

/* The eight examples of 004 図4, each told as a household and built
 * through the household's records: the row and verdict the figure states.
 * The members as tests/unit/test_eligibility.c reads them. */
static void
the_eight_examples_through_the_household__004_fig4(void **state)
{
	struct th_env *env = *state;
	static const struct {
		const char *example;
		struct example_member m[4];
		size_t n;
		const char *answers;
		int row;
		const char *verdict;
	} ex[] = {
		{"行1 高齢者で支援拒否、利用できるサービスがある",
		 {{"1946-05-01", true, false, false, "長寿"},
		  {"1975-01-01", false, false, false, ""}},
		 2,
		 "services=yes,multiple_issues=no",
		 1,
		 "対象外"},
		{"行2 セルフネグレクトの高齢者、支援ツールが無い",
		 {{"1948-01-10", true, false, false, "長寿"}},
		 1,
		 "services=no",
		 2,
		 "対象"},
		{"行3 50歳男性、親が他界後ひとり暮らし、引きこもりがち",
		 {{"1975-10-01", true, false, false, ""}},
		 1,
		 NULL,
		 3,
		 "対象"},
		{"行4 高齢者宅に平日の昼間、孫らしき小学生が在宅",
		 {{"1950-02-01", true, false, false, "長寿"},
		  {"2017-09-01", true, false, false, "こども"}},
		 2,
		 "departments_needed=no,sharing_needed=yes",
		 4,
		 "情報共有のみ"},
		{"行4 個別の支援機関が互いの支援を知らない",
		 {{"1944-03-03", true, false, false, "長寿"},
		  {"1973-06-01", true, true, false, "障害"},
		  {"2010-12-24", true, false, false, "こども"},
		  {"1976-01-01", false, false, false, ""}},
		 4,
		 "sharing_needed=yes,departments_needed=no",
		 4,
		 "情報共有のみ"},
		{"行5 複数の機関が関わるが中心となる機関がない",
		 {{"1981-01-01", true, false, true, "くらし支援"},
		  {"2013-05-05", true, false, false, "こども"},
		  {"1955-01-01", true, false, false, "長寿"}},
		 3,
		 "departments_needed=yes",
		 5,
		 "対象"},
		{"行5 アルコール依存や障害、DV、介護",
		 {{"1977-05-03", true, true, false, "障害"},
		  {"1980-01-20", true, true, false, "障害"},
		  {"2016-07-07", true, false, false, "こども"},
		  {"1941-11-30", true, false, false, "長寿"}},
		 4,
		 "departments_needed=yes",
		 5,
		 "対象"},
		{"行6 30歳女性、認知症の親、不登校がちの子",
		 {{"1995-06-01", true, false, false, ""},
		  {"1951-08-01", true, false, false, "長寿"},
		  {"2016-11-01", true, false, false, "こども"}},
		 3,
		 NULL,
		 6,
		 "対象"},
	};
	for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
		long long hid = example_household(env, ex[i].m, ex[i].n);
		struct md_household h;
		advised(env, hid, "2026-04-01", ex[i].answers, &h);
		if (row_of(&h) != ex[i].row)
			fail_msg("%s: 行%d (%s), not 行%d", ex[i].example,
				 row_of(&h), h.eligibility.advice.verdict,
				 ex[i].row);
		assert_string_equal(h.eligibility.advice.verdict,
				    ex[i].verdict);
		assert_int_equal(h.eligibility.advice.nmissing, 0);
		md_household_fini(&h);
	}
}

/* What md_household_get gives before any decision: the facts counted from
 * the current members, the advice without answers asking for them. */
static void
the_advice_comes_with_the_household__004_fig4(void **state)
{
	struct th_env *env = *state;
	const struct example_member m[] = {
		{"1946-05-01", true, false, false, "長寿"},
		{"1975-01-01", false, false, false, ""},
	};
	long long hid = example_household(env, m, 2);
	struct md_household h;
	struct md_err err;
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, hid,
				      "2026-04-01", false, &h, &err),
		     &err);
	const struct md_household_eligibility *e = &h.eligibility;
	assert_int_equal(e->facts.value[MD_EF_TARGETS], 1);
	assert_int_equal(e->facts.value[MD_EF_ELDERLY], 1);
	assert_int_equal(e->facts.value[MD_EF_WITH_DEPARTMENT], 1);
	assert_string_equal(e->facts.on, "2026-04-01");
	assert_null(e->advice.row);
	assert_string_equal(e->advice.verdict, "判定できません");
	bool asked = false;
	for (size_t i = 0; i < e->advice.nmissing; i++)
		asked |= strstr(e->advice.missing[i],
				"「活用できる制度やサービスがある」への答え") !=
			 NULL;
	assert_true(asked);
	assert_int_equal(e->last.revision, 0);
	md_household_fini(&h);
}

/* The ages at the edges through the household: a member whose 65th (18th)
 * birthday is the reference date is 高齢者 (18〜64歳) on it, not the day
 * before. Alone, with no 担当部局: 左記以外 is 行3; 高齢者 and 子ども have no row
 * without a 担当部局. */
static void
the_age_edges_through_the_household__004_fig4(void **state)
{
	struct th_env *env = *state;
	const struct example_member sixty_five[] = {
		{"1961-04-01", true, false, false, ""}};
	const struct example_member eighteen[] = {
		{"2008-04-01", true, false, false, ""}};
	long long h65 = example_household(env, sixty_five, 1);
	long long h18 = example_household(env, eighteen, 1);
	struct md_household h;
	advised(env, h65, "2026-03-31", NULL, &h);
	assert_int_equal(h.members[0].age, 64);
	assert_int_equal(h.eligibility.facts.value[MD_EF_OUTSIDE], 1);
	assert_int_equal(row_of(&h), 3);
	md_household_fini(&h);
	advised(env, h65, "2026-04-01", NULL, &h);
	assert_int_equal(h.members[0].age, 65);
	assert_int_equal(h.eligibility.facts.value[MD_EF_ELDERLY], 1);
	assert_int_equal(h.eligibility.facts.value[MD_EF_OUTSIDE], 0);
	assert_int_equal(row_of(&h), 0);
	md_household_fini(&h);
	advised(env, h18, "2026-03-31", NULL, &h);
	assert_int_equal(h.members[0].age, 17);
	assert_int_equal(h.eligibility.facts.value[MD_EF_CHILDREN], 1);
	assert_int_equal(row_of(&h), 0);
	md_household_fini(&h);
	advised(env, h18, "2026-04-01", NULL, &h);
	assert_int_equal(h.members[0].age, 18);
	assert_int_equal(h.eligibility.facts.value[MD_EF_CHILDREN], 0);
	assert_int_equal(row_of(&h), 3);
	md_household_fini(&h);
	/* With 長寿 for the 65-year-old: 行1 on the birthday, none before. */
	struct md_err err;
	struct md_member_in dept = {.departments = "長寿", .needs_support = -1};
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, h65,
				      NULL, false, &h, &err),
		     &err);
	long long mid = h.members[0].id;
	md_household_fini(&h);
	th_assert_ok(md_household_member_update(env->db, &env->admin, defs, mid,
						1, &dept, NULL, &err),
		     &err);
	advised(env, h65, "2026-04-01", "services=yes,multiple_issues=no", &h);
	assert_int_equal(row_of(&h), 1);
	md_household_fini(&h);
	advised(env, h65, "2026-03-31", "services=yes,multiple_issues=no", &h);
	assert_int_equal(row_of(&h), 0);
	md_household_fini(&h);
}

/* The consultant decides, the household keeps it: a new revision with who,
 * when, the answers, the advice and the decision; the latest shown with
 * what changed since; every earlier one kept; audited. */
static void
a_decision_is_recorded_and_shown__004_fig4(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const struct example_member m[] = {
		{"1995-06-01", true, false, false, ""},
		{"1951-08-01", true, false, false, "長寿"},
		{"2016-11-01", true, false, false, "こども"},
	};
	long long hid = example_household(env, m, 3);
	long long hrevs = rows(env, "household_revisions");
	struct md_household_decide_in in = {.verdict = "対象",
					    .note = "ケース会議で確認"};
	answers_of("sharing_needed=yes", in.answers);
	int revision = 0;
	th_assert_ok(md_household_decide(env->db, &env->admin, defs, hid, 1,
					 &in, &revision, NULL, &err),
		     &err);
	assert_int_equal(revision, 2);
	assert_int_equal(rows(env, "household_revisions"), hrevs + 1);
	struct md_household h;
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, hid,
				      NULL, false, &h, &err),
		     &err);
	const struct md_household_decision *d = &h.eligibility.last;
	assert_int_equal(h.revision, 2);
	assert_int_equal(d->revision, 2);
	assert_string_equal(d->by, "管理 太郎");
	assert_string_equal(d->at, "2026-04-01 10:00:00");
	assert_string_equal(d->on, "2026-04-01");
	assert_int_equal(d->row, 6);
	assert_string_equal(d->advised, "対象");
	assert_string_equal(d->verdict, "対象");
	assert_string_equal(d->note, "ケース会議で確認");
	assert_int_equal(d->answers[MD_EF_SHARING_NEEDED], MD_ELIGIBILITY_YES);
	assert_int_equal(d->answers[MD_EF_SERVICES], MD_ELIGIBILITY_UNKNOWN);
	assert_int_equal(d->nchanges, 0);
	/* The advice shown takes the decision's answers. */
	assert_true(h.eligibility.facts.known[MD_EF_SHARING_NEEDED]);
	assert_int_equal(row_of(&h), 6);
	md_household_fini(&h);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE action ="
				" 'update' AND detail LIKE '%多機関協働の対象判定%"
				"対象(助言 行6 対象)'"),
			 1);

	/* The consultant may decide otherwise than advised (by number: the
	 * third verdict); the first decision stays in the revisions. */
	struct md_household_decide_in other = {.verdict = "3"};
	th_assert_ok(md_household_decide(env->db, &env->admin, defs, hid, 2,
					 &other, NULL, NULL, &err),
		     &err);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM household_revisions"
				" WHERE json_extract(json_extract(data,"
				" '$.eligibility'), '$.verdict') IS NOT NULL"),
			 2);
	/* A change of the household's own fields keeps the decision. */
	struct md_household_in label = {.label = "佐藤家"};
	th_assert_ok(md_household_update(env->db, &env->admin, defs, hid, 3,
					 &label, NULL, &err),
		     &err);
	/* Someone joins: the household changed since the decision. */
	const struct md_member_in baby = {.label = "乳児",
					  .birth = "2026-03-01",
					  .relation = "孫",
					  .needs_support = 1,
					  .departments = "こども"};
	th_assert_ok(md_household_add(env->db, &env->admin, defs, forms, hid,
				      &baby, NULL, NULL, &err),
		     &err);
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, hid,
				      NULL, false, &h, &err),
		     &err);
	d = &h.eligibility.last;
	assert_int_equal(h.revision, 4);
	assert_int_equal(d->revision, 3);
	assert_string_equal(d->verdict, "情報共有のみ");
	assert_string_equal(d->advised, "対象");
	assert_int_equal(d->answers[MD_EF_SHARING_NEEDED],
			 MD_ELIGIBILITY_UNKNOWN);
	const char *changes = "";
	char all[2048] = "";
	for (size_t i = 0; i < d->nchanges; i++) {
		strncat(all, d->changes[i], sizeof all - strlen(all) - 2);
		strcat(all, "\n");
	}
	changes = all;
	th_assert_contains(changes, "世帯員 4(乳児)が加わりました");
	th_assert_contains(changes, "支援対象者の人数: 3 → 4");
	th_assert_contains(changes, "子どもの人数: 1 → 2");
	md_household_fini(&h);

	/* A decision on a stale revision is refused: nothing stored. */
	hrevs = rows(env, "household_revisions");
	assert_int_equal(md_household_decide(env->db, &env->admin, defs, hid, 3,
					     &in, NULL, NULL, &err),
			 MD_ERR_CONFLICT);
	th_assert_contains(err.msg, "他の職員が保存しています");
	assert_int_equal(rows(env, "household_revisions"), hrevs);
}

/* A member's 障害 and 生活困窮 are recorded and revisioned as the rest of
 * them; a change that does not give them leaves them. */
static void
a_members_flags_are_recorded__004_fig4(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const struct example_member m[] = {
		{"1980-01-01", true, true, false, "障害"}};
	long long hid = example_household(env, m, 1);
	struct md_household h;
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, hid,
				      NULL, false, &h, &err),
		     &err);
	long long mid = h.members[0].id;
	assert_true(h.members[0].disabled);
	assert_false(h.members[0].poverty);
	assert_int_equal(h.eligibility.facts.value[MD_EF_DISABLED], 1);
	assert_int_equal(h.eligibility.facts.value[MD_EF_IN_FIELD], 1);
	md_household_fini(&h);
	struct md_member_in poor = {.poverty = MD_ELIGIBILITY_YES,
				    .needs_support = -1};
	th_assert_ok(md_household_member_update(env->db, &env->admin, defs, mid,
						1, &poor, NULL, &err),
		     &err);
	struct md_member_in note = {.note = "就労準備中", .needs_support = -1};
	th_assert_ok(md_household_member_update(env->db, &env->admin, defs, mid,
						2, &note, NULL, &err),
		     &err);
	th_assert_ok(md_household_get(env->db, &env->admin, defs, NULL, hid,
				      NULL, false, &h, &err),
		     &err);
	assert_true(h.members[0].disabled);
	assert_true(h.members[0].poverty);
	assert_int_equal(h.members[0].revision, 3);
	md_household_fini(&h);
	char sql[160];
	snprintf(sql, sizeof sql,
		 "SELECT json_extract(data, '$.poverty') || json_extract(data,"
		 " '$.disabled') FROM household_member_revisions"
		 " WHERE member_id = %lld AND revision = 2",
		 mid);
	assert_int_equal(th_int(env->db, sql), 11);
}

/* Bad input to a decision: refused in Japanese naming the field; nothing
 * stored. */
static void
a_bad_decision_is_refused__004_fig4(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values faults;
	md_values_init(&faults);
	const struct example_member m[] = {
		{"1975-10-01", true, false, false, ""}};
	long long hid = example_household(env, m, 1);
	struct counts before = counts_now(env);
	struct md_household_decide_in bad = {.verdict = "保留"};
	assert_int_equal(md_household_decide(env->db, &env->admin, defs, hid, 1,
					     &bad, NULL, &faults, &err),
			 MD_ERR_INVALID);
	th_assert_contains(md_values_get(&faults, "verdict"),
			   "判定「保留」はありません(対象、対象外、情報共有のみ のどれか)");
	/* No verdict; an answer to what is no question; a future day. */
	struct md_household_decide_in none = {.on = "2027-01-01",
					      .note = "様子見"};
	none.answers[MD_EF_TARGETS] = MD_ELIGIBILITY_YES;
	assert_int_equal(md_household_decide(env->db, &env->admin, defs, hid, 1,
					     &none, NULL, &faults, &err),
			 MD_ERR_INVALID);
	th_assert_contains(md_values_get(&faults, "verdict"),
			   "判定 を選んでください(対象、対象外、情報共有のみ のどれか)");
	th_assert_contains(md_values_get(&faults, "answers"),
			   "質問への答え: targets はこの判定の質問ではありません");
	th_assert_contains(md_values_get(&faults, "on"),
			   "基準日: 令和9年1月1日 は今日より先です");
	/* A household that does not exist. */
	struct md_household_decide_in good = {.verdict = "対象"};
	assert_int_equal(md_household_decide(env->db, &env->admin, defs, 999, 1,
					     &good, NULL, &faults, &err),
			 MD_ERR_NOTFOUND);
	th_assert_contains(md_values_get(&faults, "household"),
			   "世帯 999 はありません");
	/* A member's flag out of its range. */
	struct md_member_in odd = {.disabled = 7, .needs_support = -1};
	assert_int_equal(md_household_member_update(env->db, &env->admin, defs,
						    1, 1, &odd, &faults, &err),
			 MD_ERR_INVALID);
	th_assert_contains(md_values_get(&faults, "disabled"),
			   "障害者: はい か いいえ にしてください");
	assert_nothing_stored(env, before);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM households"
					 " WHERE eligibility <> ''"),
			 0);
	md_values_fini(&faults);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(shipped_definitions_are_data__004_fig4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(broken_definitions_name_file_and_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(age_at_the_reference_date_edges__004_fig4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_household_whole_in_one_call__000_1,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_member_moving_out_keeps_the_history__000_1,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_new_member_finds_the_registered_duplicate,
						setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_is_refused_and_nothing_stored,
						setup, teardown),
		cmocka_unit_test_setup_teardown(family_table_filled_from_the_household__form_2,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_household_print_leaves_out_who_has_not_consented,
						setup, teardown),
		cmocka_unit_test_setup_teardown(migration_14_carries_household_ids_into_memberships,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_eight_examples_through_the_household__004_fig4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_advice_comes_with_the_household__004_fig4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_age_edges_through_the_household__004_fig4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_decision_is_recorded_and_shown__004_fig4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_members_flags_are_recorded__004_fig4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_bad_decision_is_refused__004_fig4,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
