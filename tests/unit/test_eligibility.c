/* 多機関協働の対象判定, the aid of 004 図4 (「多機関協働事業で取り扱うケースの
 * 基準と具体的事例」) over the shipped forms/households.ini: each example of
 * the figure gives its stated verdict, the ages ([ages], the households'
 * one rule) change the column on the birthday, a broken definition names
 * file:line, and a changed one changes the advice. The same through the
 * household's own records: tests/unit/test_households.c. */
#include "helpers.h"

#include "madoguchi/diag.h"
#include "madoguchi/eligibility.h"
#include "madoguchi/households.h"

#define SHIPPED TOP_DIR "/forms/households.ini"

/* The day the examples are judged on. */
#define ON "2026-04-01"

static struct md_forms *forms;
static struct md_household_defs *hdefs; /* the ages and the definition */
static const struct md_eligibility_def *def;

static int
setup(void **state)
{
	(void)state;
	struct md_err err;
	struct md_diags diags;
	th_tmpdir();
	forms = th_forms("forms");
	md_diags_init(&diags);
	enum md_status rc = md_household_defs_load(SHIPPED, forms, &hdefs,
						   &diags, &err);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
	def = hdefs->eligibility;
	assert_non_null(def);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	md_household_defs_free(&hdefs);
	md_forms_free(&forms);
	th_rm_rf(th_dir);
	return 0;
}

/* Members as the examples tell them. */
#define AGED(years, ...)                                                       \
	{                                                                      \
		.target = true, .age = (years), __VA_ARGS__                    \
	}
#define BORN(date, ...)                                                        \
	{                                                                      \
		.target = true, .birth = (date), __VA_ARGS__                   \
	}
#define DEPT .department = MD_ELIGIBILITY_YES
#define NO_DEPT .department = MD_ELIGIBILITY_NO

/* Judge members at on with answers ("services=yes,multiple_issues=no", or
 * NULL) by d (its ages and its definition); *r to
 * md_eligibility_result_fini. */
static void
judge_by(const struct md_household_defs *d,
	 const struct md_eligibility_member *m, size_t n, const char *on,
	 const char *answers, struct md_eligibility_result *r)
{
	struct md_err err;
	struct md_eligibility_facts facts;
	th_assert_ok(md_household_eligibility_facts(d, m, n, on, &facts, &err),
		     &err);
	char buf[256];
	snprintf(buf, sizeof buf, "%s", answers ? answers : "");
	for (char *save = NULL, *a = strtok_r(buf, ",", &save); a;
	     a = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(a, '=');
		assert_non_null(eq);
		*eq = '\0';
		th_assert_ok(md_eligibility_facts_answer(&facts, a, eq + 1,
							 &err),
			     &err);
	}
	th_assert_ok(md_eligibility_evaluate(d->eligibility, &facts, r, &err),
		     &err);
}

#define judge(m, answers, r)                                                   \
	judge_by(hdefs, (m), sizeof(m) / sizeof((m)[0]), ON, (answers), (r))

/* All of a result's lines, one a line, for th_assert_contains. */
static const char *
lines_of(char **v, size_t n)
{
	static char all[8192];
	all[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strncat(all, v[i], sizeof all - strlen(all) - 2);
		strcat(all, "\n");
	}
	return all;
}

/* The row number a result gives, 0 when none. */
static int
row_of(const struct md_eligibility_result *r)
{
	return r->row ? r->row->number : 0;
}

/* ---- the shipped definition ---- */

static void
shipped_definition_is_the_figure__004_fig4(void **state)
{
	(void)state;
	assert_int_equal(def->nrows, 6);
	for (size_t i = 0; i < def->nrows; i++) {
		assert_int_equal(def->rows[i].number, (int)i + 1);
		assert_non_null(def->rows[i].response);
		assert_non_null(strstr(def->rows[i].cite, "004 図4"));
		assert_true(def->rows[i].nexamples >= 1);
	}
	/* The eight examples of the figure: two under rows 4 and 5. */
	assert_int_equal(def->rows[3].nexamples, 2);
	assert_int_equal(def->rows[4].nexamples, 2);
	/* The ages are [ages]'s: one rule for the households and the aid. */
	assert_int_equal(hdefs->child_below, 18);
	assert_int_equal(hdefs->elderly_from, 65);
	assert_int_equal(def->nverdicts, 3);
	assert_string_equal(md_eligibility_verdict_find(def, "2"), "対象外");
	assert_string_equal(md_eligibility_verdict_find(def, "情報共有のみ"),
			    "情報共有のみ");
	assert_null(md_eligibility_verdict_find(def, "保留"));
	assert_null(md_eligibility_verdict_find(def, "4"));
	assert_string_equal(def->undecided, "判定できません");
	assert_int_equal(def->nquestions, 4);
	assert_int_equal(def->questions[0].fact, MD_EF_SERVICES);
	assert_string_equal(def->questions[0].text,
			    "活用できる制度やサービスがある");
	for (size_t f = 0; f < MD_ELIGIBILITY_NFACTS; f++)
		assert_non_null(def->labels[f]);
}

/* ---- each example of 004 図4 ---- */

/* 行1: 高齢者(または障害者、子ども)で支援拒否があるが、利用できるサービスや制度
 * があり、その活用により課題が改善できる可能性がある → 対象外. */
static void
test_004_fig4_row1_refuses_support_but_services_exist(void **state)
{
	(void)state;
	const struct md_eligibility_member who[][1] = {
		{AGED(80, DEPT)}, /* 高齢者 (長寿安心) */
		{AGED(40, .disabled = true, DEPT)}, /* 障害者 (障害福祉) */
		{AGED(12, DEPT)}, /* 子ども (こども相談) */
	};
	for (size_t i = 0; i < 3; i++) {
		struct md_eligibility_result r;
		judge(who[i], "services=yes,multiple_issues=no", &r);
		assert_int_equal(row_of(&r), 1);
		assert_string_equal(r.verdict, "対象外");
		assert_string_equal(r.row->response, "担当部局のみで対応可能");
		assert_string_equal(r.row->proviso,
				    "関係機関や部局連携調整に課題がある場合は相談可");
		const char *why = lines_of(r.reasons, r.nreasons);
		th_assert_contains(why, "支援対象者の人数: 1");
		th_assert_contains(why, "活用できる制度やサービスがある: はい");
		th_assert_contains(why, "複数の課題がある: いいえ");
		md_eligibility_result_fini(&r);
	}
}

/* 行2: セルフネグレクトの高齢者。…支援ツールが無く、時々訪問して安否確認しか
 * できず限界を感じている → 対象 (制度やサービスが無い; 複数の課題は問わない). */
static void
test_004_fig4_row2_self_neglect_elderly(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {AGED(78, DEPT)};
	struct md_eligibility_result r;
	judge(m, "services=no", &r);
	assert_int_equal(row_of(&r), 2);
	assert_string_equal(r.verdict, "対象");
	assert_string_equal(r.row->response,
			    "担当部局を中心に複数の部局が関わる必要あり");
	const char *why = lines_of(r.reasons, r.nreasons);
	th_assert_contains(why, "活用できる制度やサービスがある: いいえ");
	th_assert_contains(why,
			   "高齢者・子ども・障害者・生活困窮の対象者の人数");
	assert_null(strstr(why, "複数の課題がある"));
	md_eligibility_result_fini(&r);
}

/* 行3: 50歳男性で、親が他界後、ひとり暮らしをしている。公共料金の滞納がある。
 * 服装・言動から障害など何らかの生きづらさを感じられ、引きこもりがち → 対象. No
 * question is needed: 左記以外 (障害は疑いだけ、困窮が主たる課題でない), 担当部局が無い. */
static void
test_004_fig4_row3_man_50_alone_after_parents_died(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {BORN("1975-10-01", NO_DEPT)};
	struct md_eligibility_result r;
	judge(m, NULL, &r);
	assert_int_equal(row_of(&r), 3);
	assert_string_equal(r.verdict, "対象");
	th_assert_contains(lines_of(r.reasons, r.nreasons),
			   "左記以外の対象者で担当部局が無い人の人数: 1");
	assert_int_equal(r.nmissing, 0);
	md_eligibility_result_fini(&r);
}

/* 行4: 高齢者(一福祉サービス利用で身体状況は安定)宅に、平日の昼間にもかかわらず
 * 孫らしき小学生が在宅。どこに相談すべきか介入すべきかわからない → 情報共有のみ.
 * The child (氏名不詳) is given an estimated age; こども相談 is there for them. */
static void
test_004_fig4_row4_grandchild_at_home_on_weekdays(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {
		AGED(76, DEPT), /* 高齢者, 長寿安心 */
		AGED(8, DEPT),  /* 孫らしき小学生, こども相談 */
	};
	struct md_eligibility_result r;
	judge(m, "departments_needed=no,sharing_needed=yes", &r);
	assert_int_equal(row_of(&r), 4);
	assert_string_equal(r.verdict, "情報共有のみ");
	assert_string_equal(r.row->proviso,
			    "関係課が情報共有等に支援会議を活用することは可");
	const char *why = lines_of(r.reasons, r.nreasons);
	th_assert_contains(why, "支援対象者の人数: 2(2 以上)");
	th_assert_contains(why, "情報共有が必要: はい");
	md_eligibility_result_fini(&r);
}

/* 行4: 家庭内で複数の課題を抱える家族に対して個別の支援機関が関わっているが、
 * 個人情報の問題から各機関がどのような支援を行っているのかわからない → 情報共有のみ. */
static void
test_004_fig4_row4_agencies_do_not_know_each_others_support(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {
		AGED(82, DEPT),                   /* 介護, 長寿安心 */
		AGED(52, .disabled = true, DEPT), /* 障害福祉 */
		AGED(15, DEPT),                   /* こども相談 */
		{.target = false, .age = 50},     /* not a target */
	};
	struct md_eligibility_result r;
	judge(m, "sharing_needed=yes,departments_needed=no", &r);
	assert_int_equal(row_of(&r), 4);
	assert_string_equal(r.verdict, "情報共有のみ");
	th_assert_contains(lines_of(r.reasons, r.nreasons),
			   "支援対象者の人数: 3(2 以上)");
	md_eligibility_result_fini(&r);
}

/* 行5: 複合的な課題のある家族に対して複数の支援機関が関わっているが、中心となる
 * 機関がなくバラバラの支援方針となり、全体マネジメントの必要性を感じる → 対象. */
static void
test_004_fig4_row5_several_agencies_no_lead(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {
		AGED(45, .poverty = true, DEPT), /* くらし支援 */
		AGED(12, DEPT),                  /* こども相談 */
		AGED(71, DEPT),                  /* 長寿安心 */
	};
	struct md_eligibility_result r;
	judge(m, "departments_needed=yes", &r);
	assert_int_equal(row_of(&r), 5);
	assert_string_equal(r.verdict, "対象");
	assert_string_equal(r.row->response, "複数の部局が関わる必要あり");
	th_assert_contains(lines_of(r.reasons, r.nreasons),
			   "複数の部局が関わる必要がある: はい");
	md_eligibility_result_fini(&r);
}

/* 行5: 家族それぞれにアルコール依存や障害、DV、介護の課題があるが、本人達に困り
 * 感がなく、家族全体へのアプローチやマネジメントが必要 → 対象. Read as the figure
 * files it (各々に対応する担当部局がある): the father's dependency and the
 * uncle's disability with 障害福祉, the DV with こども相談 for the child who
 * sees it, the grandmother's care with 長寿安心. */
static void
test_004_fig4_row5_alcohol_disability_dv_care(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {
		BORN("昭和52年5月3日", .disabled = true, DEPT),
		BORN("S55.1.20", .disabled = true, DEPT),
		BORN("2016-07-07", DEPT),
		BORN("1941-11-30", DEPT),
	};
	struct md_eligibility_result r;
	judge(m, "departments_needed=yes", &r);
	assert_int_equal(row_of(&r), 5);
	assert_string_equal(r.verdict, "対象");
	md_eligibility_result_fini(&r);
}

/* 行6: 30歳女性(精神疾患あるも病識なく受診なし)、高齢で認知症の親、小学生の子
 * (不登校がち)と同居。家はごみ屋敷だが、支援を拒否している → 対象, whatever
 * the answers: she is 左記以外 (no diagnosis, so not 障害者) with no 担当部局. */
static void
test_004_fig4_row6_woman_30_with_parent_and_child(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {
		AGED(30, NO_DEPT), /* 病識なく受診なし */
		AGED(74, DEPT),    /* 認知症の親, 長寿安心 */
		AGED(9, DEPT),     /* 不登校がちの子, こども相談 */
	};
	struct md_eligibility_result r;
	judge(m, NULL, &r);
	assert_int_equal(row_of(&r), 6);
	assert_string_equal(r.verdict, "対象");
	const char *why = lines_of(r.reasons, r.nreasons);
	th_assert_contains(why, "支援対象者の人数: 3(2 以上)");
	th_assert_contains(why,
			   "左記以外の対象者で担当部局が無い人の人数: 1(1 以上)");
	md_eligibility_result_fini(&r);
	judge(m, "departments_needed=no,sharing_needed=yes", &r);
	assert_int_equal(row_of(&r), 6);
	md_eligibility_result_fini(&r);
}

/* ---- the ages at the reference date ---- */

/* One target without a 担当部局, judged on on: the row (0: none) and its
 * facts. */
static int
alone_on(const char *birth, const char *on, struct md_eligibility_facts *facts)
{
	struct md_err err;
	struct md_eligibility_result r;
	const struct md_eligibility_member m[] = {BORN(birth, NO_DEPT)};
	th_assert_ok(md_household_eligibility_facts(hdefs, m, 1, on, facts,
						    &err),
		     &err);
	th_assert_ok(md_eligibility_evaluate(def, facts, &r, &err), &err);
	int row = row_of(&r);
	if (!row)
		assert_string_equal(r.verdict, "判定できません");
	md_eligibility_result_fini(&r);
	return row;
}

/* 17 the day before the 18th birthday: a child (高齢者、子ども… column, no
 * row without a 担当部局); 18 on it: 左記以外 (18~64歳), 行3. */
static void
test_004_fig4_age_18_on_the_birthday_not_the_day_before(void **state)
{
	(void)state;
	struct md_eligibility_facts f;
	assert_int_equal(alone_on("2008-04-02", "2026-04-01", &f), 0);
	assert_int_equal(f.value[MD_EF_CHILDREN], 1);
	assert_int_equal(f.value[MD_EF_OUTSIDE], 0);
	assert_int_equal(alone_on("2008-04-02", "2026-04-02", &f), 3);
	assert_int_equal(f.value[MD_EF_CHILDREN], 0);
	assert_int_equal(f.value[MD_EF_OUTSIDE], 1);
	/* The reference date in 和暦, as a consultant types it. */
	assert_int_equal(alone_on("平成20年4月2日", "R8.4.2", &f), 3);
	assert_string_equal(f.on, "2026-04-02");
}

/* 64 the day before the 65th birthday: 左記以外, 行3; 65 on it: 高齢者. */
static void
test_004_fig4_age_65_on_the_birthday_not_the_day_before(void **state)
{
	(void)state;
	struct md_eligibility_facts f;
	assert_int_equal(alone_on("1961-04-02", "2026-04-01", &f), 3);
	assert_int_equal(f.value[MD_EF_ELDERLY], 0);
	assert_int_equal(alone_on("1961-04-02", "2026-04-02", &f), 0);
	assert_int_equal(f.value[MD_EF_ELDERLY], 1);
	assert_int_equal(f.value[MD_EF_IN_FIELD], 1);
	/* With a 担当部局 the 65-year-old is in 行1's column. */
	const struct md_eligibility_member m[] = {BORN("1961-04-02", DEPT)};
	struct md_eligibility_result r;
	judge_by(hdefs, m, 1, "2026-04-02", "services=yes,multiple_issues=no",
		 &r);
	assert_int_equal(row_of(&r), 1);
	md_eligibility_result_fini(&r);
	judge_by(hdefs, m, 1, "2026-04-01", "services=yes,multiple_issues=no",
		 &r);
	assert_int_equal(row_of(&r), 0);
	md_eligibility_result_fini(&r);
}

/* Born on 2月29日: a year older on 3月1日 in a common year (md_date_age), on
 * 2月29日 itself in a leap year. */
static void
test_004_fig4_age_born_on_29_february(void **state)
{
	(void)state;
	struct md_eligibility_facts f;
	assert_int_equal(alone_on("1960-02-29", "2025-02-28", &f), 3); /* 64 */
	assert_int_equal(alone_on("1960-02-29", "2025-03-01", &f), 0); /* 65 */
	assert_int_equal(f.value[MD_EF_ELDERLY], 1);
	assert_int_equal(alone_on("1959-02-28", "2024-02-28", &f), 0); /* 65 */
	assert_int_equal(alone_on("1960-02-29", "2024-02-28", &f), 3); /* 63 */
	assert_int_equal(alone_on("2008-02-29", "2026-02-28", &f), 0); /* 17 */
	assert_int_equal(f.value[MD_EF_CHILDREN], 1);
	assert_int_equal(alone_on("2008-02-29", "2026-03-01", &f), 3); /* 18 */
	assert_int_equal(alone_on("2008-02-29", "2024-02-29", &f), 0); /* 16 */
	assert_int_equal(f.value[MD_EF_CHILDREN], 1);
}

/* ---- what is missing ---- */

/* A question a row needs and nobody answered stops at that row: the earlier
 * row wins, so the aid asks rather than guesses. */
static void
an_unanswered_question_is_asked__004_fig4(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {AGED(80, DEPT)};
	struct md_eligibility_result r;
	judge(m, "services=yes", &r);
	assert_null(r.row);
	assert_string_equal(r.verdict, "判定できません");
	th_assert_contains(lines_of(r.missing, r.nmissing),
			   "「複数の課題がある」への答え(はい / いいえ)");
	th_assert_contains(lines_of(r.reasons, r.nreasons),
			   "行1(対象外)に当たるかどうかは、「複数の課題がある」によります");
	md_eligibility_result_fini(&r);
	judge(m, "services=yes,multiple_issues=yes", &r);
	assert_int_equal(row_of(&r), 2); /* 複数の課題がある */
	md_eligibility_result_fini(&r);
	/* Nothing answered: both questions of the column are asked. */
	judge(m, NULL, &r);
	const char *missing = lines_of(r.missing, r.nmissing);
	th_assert_contains(missing,
			   "「活用できる制度やサービスがある」への答え");
	th_assert_contains(missing, "「複数の課題がある」への答え");
	md_eligibility_result_fini(&r);
}

/* An age nobody knows: the column is unknown, so it is asked for. */
static void
an_unknown_age_is_asked_for__004_fig4(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {AGED(-1, NO_DEPT)};
	struct md_eligibility_result r;
	judge(m, NULL, &r);
	assert_null(r.row);
	th_assert_contains(lines_of(r.missing, r.nmissing),
			   "年齢(生年月日)の分からない支援対象者 1 人の年齢");
	md_eligibility_result_fini(&r);
	/* 障害者 whatever the age: in the column of the fields. */
	const struct md_eligibility_member d[] = {
		AGED(-1, .disabled = true, DEPT)};
	judge(d, "services=no", &r);
	assert_int_equal(row_of(&r), 2);
	md_eligibility_result_fini(&r);
}

/* A household the figure has no row for (an elderly person with no 担当部局
 * yet): 判定できません, with the nearest row and what it lacks. */
static void
no_row_names_the_nearest_and_what_it_lacks__004_fig4(void **state)
{
	(void)state;
	const struct md_eligibility_member m[] = {AGED(70, NO_DEPT)};
	struct md_eligibility_result r;
	judge(m, "services=yes,multiple_issues=no", &r);
	assert_null(r.row);
	assert_string_equal(r.verdict, "判定できません");
	th_assert_contains(lines_of(r.reasons, r.nreasons),
			   "どの行にも当たりません。近いのは 行1(対象外)");
	th_assert_contains(lines_of(r.missing, r.nmissing),
			   "担当部局がある対象者の人数 が 1(いまは 0)");
	md_eligibility_result_fini(&r);
	/* No target at all. */
	judge_by(hdefs, NULL, 0, ON, NULL, &r);
	assert_null(r.row);
	th_assert_contains(lines_of(r.missing, r.nmissing),
			   "支援対象者の人数 が 2 以上(いまは 0)");
	md_eligibility_result_fini(&r);
}

/* Bad input to the facts: refused naming the member. */
static void
bad_members_and_answers_are_refused(void **state)
{
	(void)state;
	struct md_err err;
	struct md_eligibility_facts f;
	const struct md_eligibility_member later[] = {{.target = true,
						       .age = 30},
						      {.target = true,
						       .birth = "2027-01-01"}};
	assert_int_equal(md_household_eligibility_facts(hdefs, later, 2, ON, &f,
							&err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "2 人目の世帯員の生年月日が基準日より後です");
	const struct md_eligibility_member bad[] = {
		{.target = true, .birth = "2026-02-30"}};
	assert_int_equal(md_household_eligibility_facts(hdefs, bad, 1, ON, &f,
							&err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "1 人目の世帯員の生年月日");
	const struct md_eligibility_member old[] = {
		{.target = true, .age = 151}};
	assert_int_equal(md_household_eligibility_facts(hdefs, old, 1, ON, &f,
							&err),
			 MD_ERR_INVALID);
	assert_int_equal(md_household_eligibility_facts(hdefs, old, 0, "昨日",
							&f, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "基準日");
	assert_int_equal(md_eligibility_facts_answer(&f, "targets", "yes",
						     &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "質問 targets はありません");
	assert_int_equal(md_eligibility_facts_answer(&f, "services", "たぶん",
						     &err),
			 MD_ERR_INVALID);
	th_assert_ok(md_eligibility_facts_answer(&f, "services", "いいえ",
						 &err),
		     &err);
	assert_true(f.known[MD_EF_SERVICES]);
	assert_int_equal(f.value[MD_EF_SERVICES], MD_ELIGIBILITY_NO);
}

/* ---- the definition as data ---- */

/* The file with every occurrence of from replaced by to (static buffer). */
static const char *
shipped_with(const char *from, const char *to)
{
	static char out[32768];
	char text[32768];
	FILE *f = fopen(SHIPPED, "r");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	out[0] = '\0';
	const char *p = text;
	for (const char *hit; from && (hit = strstr(p, from));
	     p = hit + strlen(from)) {
		strncat(out, p, (size_t)(hit - p));
		strcat(out, to);
	}
	strcat(out, p);
	return out;
}

/* The definitions of text, written as name (md_household_defs_free). */
static struct md_household_defs *
load_text(const char *name, const char *text)
{
	struct md_err err;
	struct md_diags diags;
	struct md_household_defs *d = NULL;
	md_diags_init(&diags);
	enum md_status rc = md_household_defs_load(th_write(name, text), forms,
						   &d, &diags, &err);
	if (rc != MD_OK)
		fail_msg("%s: %s", name, err.msg);
	md_diags_fini(&diags);
	return d;
}

/* A municipality edits the file, the program is the same: the ages, the
 * labels, the order of the rows change the advice. */
static void
a_changed_definition_changes_the_advice__004_fig4(void **state)
{
	(void)state;
	struct md_eligibility_result r;
	/* 高齢者 from 70 in [ages]: a 67-year-old alone is 左記以外, 行3. */
	const struct md_eligibility_member m67[] = {AGED(67, NO_DEPT)};
	judge(m67, NULL, &r);
	assert_int_equal(row_of(&r), 0);
	md_eligibility_result_fini(&r);
	struct md_household_defs
		*d = load_text("ages.ini", shipped_with("elderly_from = 65",
							"elderly_from = 70"));
	judge_by(d, m67, 1, ON, NULL, &r);
	assert_int_equal(row_of(&r), 3);
	md_eligibility_result_fini(&r);
	md_household_defs_free(&d);
}

/* The rows are tried in the file's order: moving a broader row first takes
 * the households it covers. */
static void
the_rows_are_tried_in_the_files_order__004_fig4(void **state)
{
	(void)state;
	struct md_eligibility_result r;
	const struct md_eligibility_member m[] = {AGED(80, DEPT)};
	/* A municipality that asks only about services for 行1. */
	const char
		*loose = shipped_with(", services = yes, multiple_issues = no",
				      ", services = yes");
	struct md_household_defs *d = load_text("loose.ini", loose);
	judge_by(d, m, 1, ON, "services=yes,multiple_issues=yes", &r);
	assert_int_equal(row_of(&r), 1);
	assert_string_equal(r.verdict, "対象外");
	md_eligibility_result_fini(&r);
	md_household_defs_free(&d);
	/* The same rows, 行2 first: it takes the household. */
	const char *one = strstr(loose, "[eligibility.row.1]");
	const char *two = strstr(loose, "[eligibility.row.2]");
	const char *three = strstr(loose, "[eligibility.row.3]");
	assert_true(one && two && three && one < two && two < three);
	char swapped[32768];
	snprintf(swapped, sizeof swapped, "%.*s%.*s%.*s%s", (int)(one - loose),
		 loose, (int)(three - two), two, (int)(two - one), one, three);
	d = load_text("swapped.ini", swapped);
	assert_int_equal(d->eligibility->rows[0].number, 2);
	judge_by(d, m, 1, ON, "services=yes,multiple_issues=yes", &r);
	assert_int_equal(row_of(&r), 2);
	assert_string_equal(r.verdict, "対象");
	md_eligibility_result_fini(&r);
	md_household_defs_free(&d);
}

/* The verdicts are words of the file: renamed there and in the rows, the
 * advice says the new words. */
static void
the_verdicts_are_the_files_words__004_fig4(void **state)
{
	(void)state;
	struct md_eligibility_result r;
	const struct md_eligibility_member m[] = {AGED(50, NO_DEPT)};
	struct md_household_defs
		*d = load_text("words.ini",
			       shipped_with("対象", "多機関協働事業の対象"));
	judge_by(d, m, 1, ON, NULL, &r);
	assert_int_equal(row_of(&r), 3);
	assert_string_equal(r.verdict, "多機関協働事業の対象");
	md_eligibility_result_fini(&r);
	md_household_defs_free(&d);
}

/* A long when continued with a trailing backslash on the next line reads as
 * one line (the man page's example). */
static void
a_when_continued_on_the_next_line__004_fig4(void **state)
{
	(void)state;
	struct md_eligibility_result r;
	const struct md_eligibility_member m[] = {AGED(78, DEPT)};
	struct md_household_defs *d =
		load_text("continued.ini",
			  shipped_with("with_department = 1, multiple_issues = yes",
				       "with_department = 1, \\\n"
				       "       multiple_issues = yes"));
	assert_int_equal(d->eligibility->rows[1].nconds, 4);
	judge_by(d, m, 1, ON, "services=no", &r);
	assert_int_equal(row_of(&r), 2);
	md_eligibility_result_fini(&r);
	md_household_defs_free(&d);
}

/* The households' own sections of the shipped file (all before
 * [eligibility]), after text (static buffer). */
static const char *
after_households(const char *text)
{
	static char out[32768];
	const char *shipped = shipped_with(NULL, NULL);
	const char *aid = strstr(shipped, "\n[eligibility]");
	assert_non_null(aid);
	snprintf(out, sizeof out, "%s%.*s", text, (int)(aid - shipped),
		 shipped);
	return out;
}

/* The faults of loading text as name: all of them, a line each, and the
 * status (never MD_OK). */
static const char *
faults_of(const char *name, const char *text)
{
	struct md_err err;
	struct md_diags diags;
	struct md_household_defs *d = NULL;
	md_diags_init(&diags);
	assert_int_equal(md_household_defs_load(th_write(name, text), forms, &d,
						&diags, &err),
			 MD_ERR_DEFINITION);
	assert_null(d);
	static char all[8192];
	snprintf(all, sizeof all, "%s", lines_of(diags.msgs, diags.n));
	md_diags_fini(&diags);
	return all;
}

/* A broken definition: every fault with file:line, nothing loaded; the
 * ages are [ages]'s, so the aid has none of its own. */
static void
broken_definition_names_file_and_line__004_fig4(void **state)
{
	(void)state;
	const char *all =
		faults_of("households.ini",
			  after_households(
				  "[eligibility]\n"              /* 1 */
				  "child_under = 18\n"           /* 2 */
				  "verdicts = 対象|対象外\n"     /* 3 */
				  "undecided = 判定できません\n" /* 4 */
				  "colour = 赤\n"                /* 5 */
				  "[eligibility.facts]\n"        /* 6 */
				  "targets = 支援対象者の人数\n" /* 7 */
				  "services = 制度\n"            /* 8 */
				  "[eligibility.questions]\n"    /* 9 */
				  "services = 活用できる制度やサービスがある\n" /* 10 */
				  "[eligibility.row.1]\n"          /* 11 */
				  "when = targets = 1, ages = 3\n" /* 12 */
				  "verdict = 対象\n"               /* 13 */
				  "[eligibility.row.2]\n"          /* 14 */
				  "when = targets >= many\n"       /* 15 */
				  "[eligibility.row.3]\n"          /* 16 */
				  "when = services >= yes, services = maybe\n" /* 17 */
				  "verdict = 保留\n"                 /* 18 */
				  "[eligibility.row.4]\n"            /* 19 */
				  "when = targets 2,, elderly = 1\n" /* 20 */
				  "verdict = 対象外\n"               /* 21 */
				  "[eligibility.rows]\n"));          /* 22 */
	th_assert_contains(all,
			   "households.ini:2: [eligibility] に child_under という項目はありません");
	th_assert_contains(all,
			   "households.ini:5: [eligibility] に colour という項目はありません");
	th_assert_contains(all,
			   "households.ini:8: [eligibility.facts] に services という事実はありません");
	th_assert_contains(all,
			   "households.ini:12: [eligibility.row.1] when: 事実 ages はありません(targets、");
	th_assert_contains(all,
			   "households.ini:14: [eligibility.row.2] に verdict(判定)がありません");
	th_assert_contains(all,
			   "households.ini:15: [eligibility.row.2] when: targets の値「many」は 0 以上の整数で書いてください");
	th_assert_contains(all,
			   "households.ini:17: [eligibility.row.3] when: services は = か != で比べてください");
	th_assert_contains(all,
			   "households.ini:17: [eligibility.row.3] when: services の値「maybe」は yes か no で書いてください");
	th_assert_contains(all,
			   "households.ini:18: [eligibility.row.3] verdict「保留」は verdicts(対象|対象外)にありません");
	th_assert_contains(all,
			   "households.ini:20: [eligibility.row.4] when: 条件「targets 2」が読めません");
	th_assert_contains(all,
			   "households.ini:20: [eligibility.row.4] when: 空の条件があります");
	th_assert_contains(all,
			   "households.ini:20: [eligibility.row.4] when: elderly の名前が [eligibility.facts] にありません");
	th_assert_contains(all,
			   "households.ini:22: [eligibility.rows] は使えない節です");
	/* The households' sections after them are whole: no fault there. */
	assert_null(strstr(all, "households.ini:23:"));

	/* A definition without rows, and rows without [eligibility]. */
	all = faults_of("norows.ini",
			after_households("[eligibility]\n"
					 "verdicts = 対象\n"
					 "undecided = 判定できません\n"));
	th_assert_contains(all, "norows.ini:1: [eligibility] の行がありません");
	all = faults_of("headless.ini", after_households("[eligibility.row.1]\n"
							 "when = targets = 1\n"
							 "verdict = 対象\n"));
	th_assert_contains(all,
			   "headless.ini: [eligibility](004 図4 の多機関協働の対象判定)がありません");
}

/* A file without the aid: the households load, the aid says it has no
 * definition rather than advise. */
static void
a_file_without_the_aid_loads_and_advises_nothing__004_fig4(void **state)
{
	(void)state;
	struct md_household_defs *d = load_text("none.ini",
						after_households(""));
	assert_null(d->eligibility);
	struct md_household h;
	memset(&h, 0, sizeof h);
	enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS] = {0};
	struct md_err err;
	assert_int_equal(md_household_advise(d, &h, answers, &err),
			 MD_ERR_DEFINITION);
	th_assert_contains(err.msg,
			   "多機関協働の対象判定(004 図4、[eligibility])の定義がありません");
	md_household_defs_free(&d);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(shipped_definition_is_the_figure__004_fig4),
		T(test_004_fig4_row1_refuses_support_but_services_exist),
		T(test_004_fig4_row2_self_neglect_elderly),
		T(test_004_fig4_row3_man_50_alone_after_parents_died),
		T(test_004_fig4_row4_grandchild_at_home_on_weekdays),
		T(test_004_fig4_row4_agencies_do_not_know_each_others_support),
		T(test_004_fig4_row5_several_agencies_no_lead),
		T(test_004_fig4_row5_alcohol_disability_dv_care),
		T(test_004_fig4_row6_woman_30_with_parent_and_child),
		T(test_004_fig4_age_18_on_the_birthday_not_the_day_before),
		T(test_004_fig4_age_65_on_the_birthday_not_the_day_before),
		T(test_004_fig4_age_born_on_29_february),
		T(an_unanswered_question_is_asked__004_fig4),
		T(an_unknown_age_is_asked_for__004_fig4),
		T(no_row_names_the_nearest_and_what_it_lacks__004_fig4),
		T(bad_members_and_answers_are_refused),
		T(a_changed_definition_changes_the_advice__004_fig4),
		T(the_rows_are_tried_in_the_files_order__004_fig4),
		T(the_verdicts_are_the_files_words__004_fig4),
		T(a_when_continued_on_the_next_line__004_fig4),
		T(broken_definition_names_file_and_line__004_fig4),
		T(a_file_without_the_aid_loads_and_advises_nothing__004_fig4),
	};
#undef T
	return cmocka_run_group_tests_name("eligibility", tests, NULL, NULL);
}
