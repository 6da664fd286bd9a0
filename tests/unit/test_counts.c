/* The counts (issue 20) through the core: contacts recorded as the screens
 * record them, counted by the shipped forms/counts.ini, reproduce the
 * figures 004 publishes (§2(1) the コロナ生活相談窓口's table with the
 * telephone below it, §2(3)②・(4) the 相談会); a person with several issues
 * is counted once; faults of the definition name file:line.
 *
 * Run with COUNTS_FIXTURE_DB=FILE, the program writes the 004 §2(1) fixture
 * into FILE (a database whose administrator is admin / admin-password) and
 * exits: tests/cli/test_counts.sh runs `madoguchi count` on it. */
#include "helpers.h"

#include "madoguchi/contacts.h"
#include "madoguchi/counts.h"
#include "madoguchi/diag.h"
#include "madoguchi/display.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/offices.h"
#include "madoguchi/workflow.h"

static struct md_forms *forms;
static struct md_workflow *wf;
static struct md_contact_defs *cdefs;
static struct md_household_defs *hdefs;
static struct md_meeting_defs *mdefs;
static struct md_count_defs *defs;

static void
load_defs(void)
{
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	forms = th_forms("forms");
	th_assert_ok(md_workflow_load(TOP_DIR "/forms/workflow.ini", forms, &wf,
				      &diags, &err),
		     &err);
	th_assert_ok(md_contact_defs_load(TOP_DIR "/forms/contacts.ini", forms,
					  &cdefs, &diags, &err),
		     &err);
	th_assert_ok(md_household_defs_load(TOP_DIR "/forms/households.ini",
					    forms, &hdefs, &diags, &err),
		     &err);
	th_assert_ok(md_meeting_defs_load(TOP_DIR "/forms/meetings.ini", &mdefs,
					  &diags, &err),
		     &err);
	const struct md_count_sources src = {forms, wf, cdefs, hdefs, mdefs};
	enum md_status rc = md_count_defs_load(TOP_DIR "/forms/counts.ini",
					       &src, &defs, &diags, &err);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "# %s\n", diags.msgs[i]);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
}

static void
free_defs(void)
{
	md_count_defs_free(&defs);
	md_meeting_defs_free(&mdefs);
	md_household_defs_free(&hdefs);
	md_contact_defs_free(&cdefs);
	md_workflow_free(&wf);
	md_forms_free(&forms);
}

static int
setup(void **state)
{
	th_setup(state);
	load_defs();
	return 0;
}

static int
teardown(void **state)
{
	free_defs();
	return th_teardown(state);
}

/* Record a contact as the 相談票 screen does: anonymous (a description and
 * an age band) unless person, with topics ("|" between them). */
static void
contact(struct th_env *env, const char *date, const char *time,
	const char *channel, const char *topics, const char *response)
{
	struct md_contact c;
	struct md_values faults;
	struct md_err err;
	md_values_init(&faults);
	th_assert_ok(md_contact_new(env->db, &env->admin, cdefs, &c, &err),
		     &err);
	md_values_set(&c.values, "date", date, NULL);
	md_values_set(&c.values, "time", time, NULL);
	md_values_set(&c.values, "channel", channel, NULL);
	md_values_set(&c.values, "topics", topics, NULL);
	md_values_set(&c.values, "response", response, NULL);
	md_values_set(&c.values, "description", "相談者", NULL);
	md_values_set(&c.values, "age_band", "不明", NULL);
	enum md_status rc = md_contact_save(env->db, &env->admin, cdefs, &c,
					    &faults, &err);
	if (rc != MD_OK && faults.n)
		fail_msg("%s: %s", faults.items[0].key, faults.items[0].value);
	th_assert_ok(rc, &err);
	md_contact_fini(&c);
	md_values_fini(&faults);
}

/* 004 §2(1): 相談内容 by the table's categories, each a list of the
 * 相談内容 of the contacts (one each, taken in turn), and 対応. */
static const char *const poverty[] = {"収入・生活費のこと",
				      "家賃やローンの支払いのこと",
				      "税金や公共料金等の支払いについて",
				      "債務について",
				      "仕事探し、就職について",
				      "食べるものがない"};
static const char *const other[] = {"病気や健康、障害のこと",
				    "住まいについて",
				    "仕事上の不安やトラブル",
				    "家族との関係について",
				    "介護のこと",
				    "その他"};

/* The contacts of one line of 004 §2(1): n of them on channel, with
 * topics[k] 制度の質問 / 生活困窮 / 感染症 / その他 and responses[k] 情報提供 /
 * 他機関紹介 / くらし再建紹介, over the months 令和2年8月〜令和3年2月. */
static void
line_of_004(struct th_env *env, const char *channel, int n, const int topics[4],
	    const int responses[3])
{
	static const char *const response_of[] = {"情報提供",
						  "他機関紹介・取次ぎ",
						  "継続支援へ"};
	int t = 0, tk = 0, r = 0, rk = 0;
	for (int i = 0; i < n; i++) {
		while (tk >= topics[t]) {
			t++;
			tk = 0;
		}
		while (rk >= responses[r]) {
			r++;
			rk = 0;
		}
		const char *topic = t == 0   ? "制度についての質問"
				    : t == 1 ? poverty[tk % 6]
				    : t == 2 ? "感染症について"
					     : other[tk % 6];
		char date[16];
		int month = 8 + i % 7; /* August 2020 to February 2021 */
		snprintf(date, sizeof date, "%d-%02d-%02d",
			 month > 12 ? 2021 : 2020,
			 month > 12 ? month - 12 : month, 1 + i % 28);
		contact(env, date, "10:00", channel, topic, response_of[r]);
		tk++;
		rk++;
	}
}

/* 004 §2(1), as published (令和3年2月末時点): 375 at the counter, 480 calls
 * to くらし支援課 below them. */
static void
record_004_2_1(struct th_env *env)
{
	static const int counter_topics[] = {40, 68, 204, 63},
			 counter_responses[] = {346, 12, 17},
			 phone_topics[] = {249, 142, 0, 89},
			 phone_responses[] = {202, 34, 244};
	line_of_004(env, "来所", 375, counter_topics, counter_responses);
	line_of_004(env, "電話", 480, phone_topics, phone_responses);
}

static void
count(struct th_env *env, const struct md_count_query *q,
      struct md_count_report *r)
{
	struct md_err err;
	th_assert_ok(md_count_run(env->db, &env->admin, defs, q, r, &err),
		     &err);
}

/* The figures of line l of a row, as "a b c …". */
static char *
figures(const struct md_count_result *x, const struct md_count_row *row,
	size_t l)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t c = 0; c < x->table->ncols; c++)
		md_buf_addf(&b, "%s%lld", c ? " " : "",
			    row->n[l * x->table->ncols + c]);
	return md_buf_take(&b);
}

/* text with every run of spaces made one. */
static char *
squeezed(const char *text)
{
	char *s = md_strdup(text);
	char *w = s;
	for (const char *p = text; *p; p++)
		if (*p != ' ' || (w > s && w[-1] != ' '))
			*w++ = *p;
	*w = '\0';
	return s;
}

static void
figures_of_004_2_1_reproduced(void **state)
{
	struct th_env *env = *state;
	record_004_2_1(env);
	struct md_count_report r;
	const struct md_count_query q = {.from = "R2.8.1",
					 .to = "令和3年3月31日",
					 .as_at = "R8.4.1",
					 .table = "contacts"};
	count(env, &q, &r);
	assert_int_equal(r.n, 1);
	char *upper = figures(&r.results[0], &r.results[0].total, 0);
	char *lower = figures(&r.results[0], &r.results[0].total, 1);
	/* 件数, 相談内容 (制度の質問, 生活困窮, その他(感染症), その他), 対応
	 * (情報提供, 他機関紹介, くらし再建紹介) */
	assert_string_equal(upper, "375 40 68 204 63 346 12 17");
	assert_string_equal(lower, "480 249 142 0 89 202 34 244");
	md_free(upper);
	md_free(lower);
	/* The command prints md_count_text: the telephone in parentheses. */
	char *text = md_count_text(&r, 1);
	char *s = squeezed(text);
	assert_non_null(strstr(s, "\n合計 窓口 375 40 68 204 63 346 12 17\n"));
	assert_non_null(
		strstr(s,
		       "\n (電話) (480) (249) (142) (0) (89) (202) (34) (244)\n"));
	assert_non_null(strstr(s, "令和2年8月1日〜令和3年3月31日"));
	assert_non_null(strstr(s, "令和8年4月1日現在"));
	assert_non_null(strstr(s, "下段(括弧内)は電話の件数"));
	md_free(s);
	md_free(text);
	md_count_report_free(&r);
	/* By month: the months add up to the period. */
	const struct md_count_query m = {.from = "2020-08-01",
					 .to = "2021-03-31",
					 .by = MD_COUNT_BY_MONTH,
					 .table = "相談の件数(相談内容・対応)"};
	count(env, &m, &r);
	assert_int_equal(r.results[0].nrows, 8);
	assert_string_equal(r.results[0].rows[0].label, "R2.8");
	assert_string_equal(r.results[0].rows[7].label, "R3.3");
	long long sum = 0;
	for (size_t i = 0; i < 8; i++)
		sum += r.results[0].rows[i].n[0] + r.results[0].rows[i].n[8];
	assert_int_equal(sum, 375 + 480);
	assert_int_equal(r.results[0].rows[7].n[0], 0);
	md_count_report_free(&r);
}

/* One visitor of a 相談会: anonymous, walked in, with these 相談内容. */
static void
visitor(struct th_env *env, const char *date, const char *topics)
{
	contact(env, date, "13:00", "来所", topics, "情報提供");
}

static char *
fair(struct th_env *env, const char *day)
{
	struct md_count_report r;
	const struct md_count_query q = {.from = day,
					 .to = day,
					 .table = "fair"};
	count(env, &q, &r);
	char *f = figures(&r.results[0], &r.results[0].total, 0);
	md_count_report_free(&r);
	return f;
}

/* 004 §2(3)②・(4): each 相談会's 相談来所者, those with several issues
 * (複合課題) counted once, and the 相談内容 counted each (困窮, 仕事, 住宅,
 * その他 件): 11.26 (23 人, 困窮2・その他22), 12.6 (14 人, 複合課題 8 人,
 * 困窮11・仕事1・住宅3・その他15) and 3.7 (21 人, 複合課題 9 人, 困窮8・
 * 仕事5・住宅1・その他17). */
static void
figures_of_the_fairs_reproduced__004_2_3(void **state)
{
	struct th_env *env = *state;
	static const char *const dec6[] =
		{"収入・生活費のこと|債務について|病気や健康、障害のこと",
		 "収入・生活費のこと|税金や公共料金等の支払いについて|家族との関係について",
		 "収入・生活費のこと|食べるものがない|地域との関係について",
		 "収入・生活費のこと|仕事探し、就職について|病気や健康、障害のこと",
		 "収入・生活費のこと|住まいについて|家族との関係について",
		 "収入・生活費のこと|住まいについて|地域との関係について",
		 "収入・生活費のこと|家賃やローンの支払いのこと|介護のこと",
		 "収入・生活費のこと|子育てのこと|介護のこと",
		 "病気や健康、障害のこと",
		 "家族との関係について",
		 "地域との関係について",
		 "子育てのこと",
		 "ひきこもり・不登校",
		 "その他"};
	static const char *const mar7[] =
		{"収入・生活費のこと|仕事探し、就職について",
		 "債務について|仕事探し、就職について",
		 "税金や公共料金等の支払いについて|仕事上の不安やトラブル",
		 "収入・生活費のこと|病気や健康、障害のこと",
		 "食べるものがない|家族との関係について",
		 "収入・生活費のこと|地域との関係について",
		 "債務について|介護のこと",
		 "住まいについて|病気や健康、障害のこと",
		 "仕事探し、就職について|仕事上の不安やトラブル|家族との関係について",
		 "収入・生活費のこと"};
	static const char *const others[] = {"病気や健康、障害のこと",
					     "家族との関係について",
					     "地域との関係について",
					     "子育てのこと",
					     "介護のこと",
					     "ひきこもり・不登校",
					     "DV・虐待",
					     "その他"};
	for (size_t i = 0; i < sizeof dec6 / sizeof *dec6; i++)
		visitor(env, "R2.12.6", dec6[i]);
	for (size_t i = 0; i < sizeof mar7 / sizeof *mar7; i++)
		visitor(env, "R3.3.7", mar7[i]);
	for (int i = 0; i < 11; i++)
		visitor(env, "R3.3.7", others[i % 8]);
	visitor(env, "R2.11.26", "収入・生活費のこと|病気や健康、障害のこと");
	visitor(env, "R2.11.26", "債務について");
	for (int i = 0; i < 21; i++)
		visitor(env, "R2.11.26", others[i % 8]);
	/* 相談来所者, 複合課題, 困窮, 仕事, 住宅, その他 */
	char *f = fair(env, "R2.12.6");
	assert_string_equal(f, "14 8 11 1 3 15");
	md_free(f);
	f = fair(env, "R3.3.7");
	assert_string_equal(f, "21 9 8 5 1 17");
	md_free(f);
	f = fair(env, "R2.11.26");
	assert_string_equal(f, "23 1 2 0 0 22");
	md_free(f);
}

/* A registered person who comes twice is one 相談来所者, with the issues of
 * both visits; the contacts table counts both contacts. */
static void
a_person_with_several_visits_is_counted_once__004_2_3(void **state)
{
	struct th_env *env = *state;
	long long kase = th_case(env, forms, "山田 花子", "やまだ はなこ",
				 NULL);
	long long person = th_int(env->db, "SELECT person_id FROM cases");
	assert_true(kase > 0 && person > 0);
	char pid[32];
	snprintf(pid, sizeof pid, "%lld", person);
	for (int i = 0; i < 2; i++) {
		struct md_contact c;
		struct md_err err;
		th_assert_ok(md_contact_new(env->db, &env->admin, cdefs, &c,
					    &err),
			     &err);
		md_values_set(&c.values, "date", "R8.3.1", NULL);
		md_values_set(&c.values, "channel", "来所", NULL);
		md_values_set(&c.values, "person", pid, NULL);
		md_values_set(&c.values, "topics",
			      i ? "債務について" : "住まいについて", NULL);
		md_values_set(&c.values, "response", "情報提供", NULL);
		th_assert_ok(md_contact_save(env->db, &env->admin, cdefs, &c,
					     NULL, &err),
			     &err);
		md_contact_fini(&c);
	}
	char *f = fair(env, "R8.3.1");
	assert_string_equal(f, "1 1 1 0 1 0");
	md_free(f);
	struct md_count_report r;
	const struct md_count_query q = {.from = "R8.3.1",
					 .to = "R8.3.1",
					 .table = "contacts"};
	count(env, &q, &r);
	f = figures(&r.results[0], &r.results[0].total, 0);
	assert_string_equal(f, "2 0 1 0 1 2 0 0");
	md_free(f);
	md_count_report_free(&r);
	/* A 複合課題 counted by person over columns counted by contact: the
	 * person's two visits, one issue each, are several issues. */
	const char *path =
		th_write("counts.ini",
			 "[table.mixed]\n"
			 "title = mixed\n"
			 "records = contacts\n"
			 "col.1 = 件数\n"
			 "col.2 = 相談内容/債務: topics = 債務について\n"
			 "col.3 = 相談内容/住まい: topics = 住まいについて\n"
			 "col.4 = 複合課題: several 相談内容\n"
			 "col.4.unit = 人\n"
			 "col.5 = 一つの相談票で複数: several 相談内容\n");
	struct md_diags diags;
	struct md_err err;
	struct md_count_defs *mixed = NULL;
	md_diags_init(&diags);
	const struct md_count_sources src = {forms, wf, cdefs, hdefs, mdefs};
	th_assert_ok(md_count_defs_load(path, &src, &mixed, &diags, &err),
		     &err);
	md_diags_fini(&diags);
	const struct md_count_query all = {.from = "R8.3.1", .to = "R8.3.1"};
	th_assert_ok(md_count_run(env->db, &env->admin, mixed, &all, &r, &err),
		     &err);
	f = figures(&r.results[0], &r.results[0].total, 0);
	assert_string_equal(f, "2 1 1 1 0");
	md_free(f);
	md_count_report_free(&r);
	md_count_defs_free(&mixed);
}

/* The contacts table of one day, as at a day: its two lines' figures. */
static char *
contacts_on(struct th_env *env, const char *day, const char *as_at,
	    const char *office)
{
	struct md_count_report r;
	const struct md_count_query q = {.from = day,
					 .to = day,
					 .as_at = as_at,
					 .office = office,
					 .table = "contacts"};
	count(env, &q, &r);
	char *a = figures(&r.results[0], &r.results[0].total, 0);
	char *b = figures(&r.results[0], &r.results[0].total, 1);
	char *both = md_asprintf("%s / %s", a, b);
	md_free(a);
	md_free(b);
	md_count_report_free(&r);
	return both;
}

/* Issue 20: a figure as at a past day reads the revision of the contact
 * that stood then, its office too; as at today, the contact as it is. */
static void
a_later_edit_leaves_a_past_figure_as_it_was(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long honsho, shiba;
	th_assert_ok(md_office_add(env->db, &env->admin, "本所", &honsho, &err),
		     &err);
	th_assert_ok(md_office_add(env->db, &env->admin, "芝地区総合支所",
				   &shiba, &err),
		     &err);
	th_clock("2026-03-02 10:00:00");
	struct md_contact c;
	th_assert_ok(md_contact_new(env->db, &env->admin, cdefs, &c, &err),
		     &err);
	md_values_set(&c.values, "date", "R8.3.2", NULL);
	md_values_set(&c.values, "channel", "来所", NULL);
	md_values_set(&c.values, "topics", "債務について", NULL);
	md_values_set(&c.values, "response", "情報提供", NULL);
	md_values_set(&c.values, "description", "相談者", NULL);
	md_values_set(&c.values, "age_band", "不明", NULL);
	md_values_set(&c.values, "office", "本所", NULL);
	th_assert_ok(md_contact_save(env->db, &env->admin, cdefs, &c, NULL,
				     &err),
		     &err);
	char *then = contacts_on(env, "R8.3.2", NULL, "本所");
	assert_string_equal(then, "1 0 1 0 0 1 0 0 / 0 0 0 0 0 0 0 0");
	/* A week later the contact is corrected: it was a call to the other
	 * office about the infection, referred on. */
	th_clock("2026-03-09 10:00:00");
	md_values_set(&c.values, "channel", "電話", NULL);
	md_values_set(&c.values, "topics", "感染症について", NULL);
	md_values_set(&c.values, "response", "他機関紹介・取次ぎ", NULL);
	md_values_set(&c.values, "office", "芝地区総合支所", NULL);
	th_assert_ok(md_contact_save(env->db, &env->admin, cdefs, &c, NULL,
				     &err),
		     &err);
	assert_int_equal(c.revision, 2);
	char *still = contacts_on(env, "R8.3.2", "R8.3.2", "本所");
	assert_string_equal(still, then);
	char *now = contacts_on(env, "R8.3.2", NULL, "芝地区総合支所");
	assert_string_equal(now, "0 0 0 0 0 0 0 0 / 1 0 0 1 0 0 1 0");
	char *gone = contacts_on(env, "R8.3.2", NULL, "本所");
	assert_string_equal(gone, "0 0 0 0 0 0 0 0 / 0 0 0 0 0 0 0 0");
	/* Moved to another day: the past figure of the first day stays. */
	th_clock("2026-03-16 10:00:00");
	md_values_set(&c.values, "date", "R8.3.3", NULL);
	th_assert_ok(md_contact_save(env->db, &env->admin, cdefs, &c, NULL,
				     &err),
		     &err);
	char *day1 = contacts_on(env, "R8.3.2", "R8.3.10", NULL);
	assert_string_equal(day1, now);
	char *before = contacts_on(env, "R8.3.2", "R8.3.1", NULL);
	assert_string_equal(before, "0 0 0 0 0 0 0 0 / 0 0 0 0 0 0 0 0");
	char *day2 = contacts_on(env, "R8.3.3", NULL, NULL);
	assert_string_equal(day2, now);
	md_free(then);
	md_free(still);
	md_free(now);
	md_free(gone);
	md_free(day1);
	md_free(before);
	md_free(day2);
	md_contact_fini(&c);
}

/* A definition that maps onto an option no form has, or names a step the
 * workflow lacks, is refused with file:line. */
static void
a_mapping_to_an_unknown_option_names_file_and_line(void **state)
{
	(void)state;
	const char *path = th_write("counts.ini",
				    "[table.x]\n"
				    "title = x\n"
				    "records = contacts\n"
				    "col.1 = 相談内容/宝: topics = 宝くじ\n"
				    "[table.y]\n"
				    "title = y\n"
				    "records = events\n"
				    "col.1 = a: step = reception\n"
				    "col.2 = b: step = no_such_step\n"
				    "col.3 = c: plan.services = 宝くじ\n"
				    "source = 仮\n");
	struct md_diags diags;
	struct md_err err;
	struct md_count_defs *d = NULL;
	md_diags_init(&diags);
	const struct md_count_sources src = {forms, wf, cdefs, hdefs, mdefs};
	assert_int_equal(md_count_defs_load(path, &src, &d, &diags, &err),
			 MD_ERR_DEFINITION);
	assert_null(d);
	assert_int_equal(diags.n, 4);
	assert_non_null(
		strstr(diags.msgs[0],
		       "counts.ini:4: col.1: topics に選択肢「宝くじ」はありません"));
	/* source is V or P (forms-spec.md's marks). */
	assert_non_null(
		strstr(diags.msgs[1],
		       "counts.ini:11: [table.y] の source は V(出典で確認)か P(暫定)で指定してください(「仮」)"));
	assert_non_null(
		strstr(diags.msgs[2],
		       "counts.ini:9: col.2: step に選択肢「no_such_step」はありません"));
	assert_non_null(
		strstr(diags.msgs[3],
		       "counts.ini:10: col.3: plan.services に選択肢「宝くじ」はありません"));
	md_diags_fini(&diags);
}

/* Bad input: a Japanese message, nothing counted. */
static void
bad_periods_are_refused(void **state)
{
	struct th_env *env = *state;
	static const struct {
		struct md_count_query q;
		const char *msg;
	} bad[] = {
		{{.from = "R7.3.31", .to = "R6.4.1"},
		 "期間の終わり(令和6年4月1日)が始まり(令和7年3月31日)より前です"},
		{{.from = "R6.2.30", .to = "R7.3.31"}, "--from: "},
		{{.from = "R6.4.1", .to = "R7.3.31", .office = "赤坂"},
		 "--office: 事業所「赤坂」はありません"},
		{{.from = "R6.4.1", .to = "R7.3.31", .staff = "nobody"},
		 "--staff: 職員「nobody」はいません"},
		{{.from = "R6.4.1", .to = "R7.3.31", .as_at = "R9.1.1"},
		 "--as-at: 令和9年1月1日 は今日より先です"},
		{{.from = "R6.4.1", .to = "R7.3.31", .table = "x"},
		 "--table: 集計表「x」はありません"},
		{{.to = "R7.3.31"}, "--from に日付を指定してください"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct md_count_report r;
		struct md_err err;
		assert_int_equal(md_count_run(env->db, &env->admin, defs,
					      &bad[i].q, &r, &err),
				 MD_ERR_INVALID);
		if (!strstr(err.msg, bad[i].msg))
			fail_msg("%zu: %s", i, err.msg);
		assert_int_equal(r.n, 0);
	}
	/* A screen names its fields its own way (the counts screen). */
	static const char *const names[MD_COUNT_NAMES] =
		{"期間の初日", "期間の末日", "事業所", "職員", "現在日", "表"};
	struct md_count_query q = {.names = names,
				   .from = "R6.2.30",
				   .to = "R7.3.31"};
	struct md_count_report r;
	struct md_err err;
	assert_int_equal(md_count_run(env->db, &env->admin, defs, &q, &r, &err),
			 MD_ERR_INVALID);
	assert_non_null(strstr(err.msg,
			       "期間の初日: 令和6年(2024年)2月は29日までです"));
	q.from = "R6.4.1";
	q.staff = "nobody";
	assert_int_equal(md_count_run(env->db, &env->admin, defs, &q, &r, &err),
			 MD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "職員: 職員「nobody」はいません"));
}

/* Issue 20, pictures: a bar is exactly its width in display columns
 * whether the terminal draws the (ambiguous) blocks narrow or wide,
 * proportional, and never empty for a figure above 0. */
static void
a_bar_keeps_its_width_narrow_or_wide(void **state)
{
	(void)state;
	for (int amb = 1; amb <= 2; amb++)
		for (int width = 0; width <= 41; width++)
			for (long long n = 0; n <= 12; n++) {
				char *bar = md_count_bar(n, 12, width, amb);
				assert_non_null(bar);
				assert_int_equal(md_display_width(bar, amb),
						 width);
				bool empty = strspn(bar, " ") == strlen(bar);
				assert_true(empty == (n == 0 || width < amb));
				md_free(bar);
			}
	char *half = md_count_bar(6, 12, 10, 1);
	assert_string_equal(half, "█████     ");
	md_free(half);
	char *wide = md_count_bar(12, 12, 9, 2);
	assert_string_equal(wide, "████ ");
	md_free(wide);
	char *least = md_count_bar(1, 1000, 10, 1);
	assert_string_equal(least, "▏         ");
	md_free(least);
	char *eighth = md_count_bar(3, 8, 1, 1);
	assert_string_equal(eighth, "▍");
	md_free(eighth);
}

/* COUNTS_FIXTURE_DB=FILE: the 004 §2(1) fixture into FILE. */
static int
write_fixture(const char *path)
{
	struct md_err err;
	struct th_env env = {0};
	th_clock("2026-04-01 10:00:00");
	if (md_db_open(path, MD_DB_CREATE, &env.db, &err) != MD_OK ||
	    md_user_add(env.db, NULL, "admin", "管理 太郎", MD_ROLE_ADMIN,
			"admin-password", NULL, &err) != MD_OK ||
	    md_user_get(env.db, "admin", &env.admin, &err) != MD_OK) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		return 1;
	}
	load_defs();
	record_004_2_1(&env);
	free_defs();
	md_user_fini(&env.admin);
	md_db_close(&env.db);
	return 0;
}

int
main(void)
{
	const char *fixture = getenv("COUNTS_FIXTURE_DB");
	if (fixture && *fixture)
		return write_fixture(fixture);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(figures_of_004_2_1_reproduced,
						setup, teardown),
		cmocka_unit_test_setup_teardown(figures_of_the_fairs_reproduced__004_2_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_person_with_several_visits_is_counted_once__004_2_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_later_edit_leaves_a_past_figure_as_it_was,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_mapping_to_an_unknown_option_names_file_and_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(bad_periods_are_refused, setup,
						teardown),
		cmocka_unit_test(a_bar_keeps_its_width_narrow_or_wide),
	};
	return cmocka_run_group_tests_name("counts", tests, NULL, NULL);
}
