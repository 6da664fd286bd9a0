/* The workflow over the real forms/workflow.ini: every path of 001 第9条・第10条,
 * each missing prerequisite alone with its message, roles, and broken
 * definitions. */
#include "helpers.h"

#include <dirent.h>

#include "madoguchi/agencies.h"
#include "madoguchi/meetings.h"
#include "madoguchi/records.h"
#include "madoguchi/workflow.h"

static struct md_forms *forms;
static struct md_workflow *wf;
static long long case_id;
static struct md_user consultant, chief, employment;

static int
setup(void **state)
{
	th_setup(state);
	struct th_env *env = *state;
	struct md_err err;
	struct md_diags diags;
	forms = th_forms("forms");
	md_diags_init(&diags);
	enum md_status rc = md_workflow_load(TOP_DIR "/forms/workflow.ini",
					     forms, &wf, &diags, &err);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "# %s\n", diags.msgs[i]);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
	th_user(env, "soudan", MD_ROLE_CONSULTANT, &consultant);
	th_user(env, "shunin", MD_ROLE_CHIEF, &chief);
	th_user(env, "shuro", MD_ROLE_EMPLOYMENT, &employment);
	size_t added;
	char path[4096];
	snprintf(path, sizeof path, "%s/data/agencies.csv", TOP_DIR);
	th_assert_ok(md_agencies_import(env->db, &env->admin,
					md_workflow_agency_kinds(wf), path,
					&added, &err),
		     &err);
	struct md_values p;
	md_values_init(&p);
	md_values_set(&p, "name", "山田 太郎", NULL);
	md_values_set(&p, "kana", "やまだ たろう", NULL);
	th_assert_ok(md_workflow_open_case(env->db, &consultant, wf, forms, 0,
					   &p, &case_id, NULL, &err),
		     &err);
	md_values_fini(&p);
	return 0;
}

static int
teardown(void **state)
{
	md_user_fini(&consultant);
	md_user_fini(&chief);
	md_user_fini(&employment);
	md_workflow_free(&wf);
	md_forms_free(&forms);
	return th_teardown(state);
}

/* The status of one step, with its reasons. */
static enum md_step_state
state_of(struct th_env *env, const char *step, char *why, size_t size)
{
	struct md_flow flow;
	struct md_err err;
	th_assert_ok(md_workflow_status(env->db, &consultant, wf, case_id,
					&flow, &err),
		     &err);
	enum md_step_state st = MD_STEP_CLOSED;
	bool found = false;
	for (size_t i = 0; i < flow.nsteps; i++)
		if (!strcmp(flow.steps[i].step->id, step)) {
			st = flow.steps[i].state;
			if (why)
				snprintf(why, size, "%s", flow.steps[i].why);
			found = true;
		}
	md_flow_fini(&flow);
	if (!found)
		fail_msg("no step %s", step);
	return st;
}

static void
assert_open(struct th_env *env, const char *step)
{
	char why[2048];
	enum md_step_state st = state_of(env, step, why, sizeof why);
	if (st != MD_STEP_OPEN)
		fail_msg("%s is not open: %s", step, why);
}

static void
assert_closed_because(struct th_env *env, const char *step, const char *reason)
{
	char why[2048];
	enum md_step_state st = state_of(env, step, why, sizeof why);
	if (st != MD_STEP_CLOSED)
		fail_msg("%s is not closed", step);
	if (!strstr(why, reason))
		fail_msg("%s: why «%s» lacks «%s»", step, why, reason);
}

static enum md_status
take_as(struct th_env *env, const struct md_user *u, const char *step,
	const char *outcome, const char *agency, const char *reason,
	const char *follow_up, struct md_err *err)
{
	struct md_take t = {.outcome = outcome,
			    .agency = agency,
			    .reason = reason,
			    .follow_up = follow_up};
	return md_workflow_take(env->db, u, wf, forms, case_id, step, &t, err);
}

static void
take(struct th_env *env, const struct md_user *u, const char *step,
     const char *outcome)
{
	struct md_err err;
	th_assert_ok(take_as(env, u, step, outcome, NULL, NULL, NULL, &err),
		     &err);
}

/* Take a step done on a given day (as typed); the outcome and reason may
 * be NULL. */
static enum md_status
take_on(struct th_env *env, const struct md_user *u, const char *step,
	const char *outcome, const char *reason, const char *date,
	struct md_err *err)
{
	struct md_take t = {.outcome = outcome, .reason = reason, .date = date};
	return md_workflow_take(env->db, u, wf, forms, case_id, step, &t, err);
}

/* Save values on the current round of a form as the consultant; the
 * status, with the refusal in err (each fault also on stderr). */
static enum md_status
try_fill(struct th_env *env, const char *form, const char *const *kv,
	 struct md_err *err)
{
	struct md_record rec;
	struct md_values faults;
	bool saved;
	md_values_init(&faults);
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id, form,
				    MD_SEQ_LATEST, &rec, err),
		     err);
	for (; *kv; kv += 2)
		md_values_set(&rec.values, kv[0], kv[1], NULL);
	enum md_status rc = md_record_save(env->db, &consultant, &rec, 0,
					   &saved, &faults, err);
	for (size_t i = 0; i < faults.n; i++)
		fprintf(stderr, "# %s\n", faults.items[i].value);
	md_values_fini(&faults);
	md_record_fini(&rec);
	return rc;
}

/* One text from a query over the test database (a static buffer). */
static const char *
th_text(struct md_db *db, const char *sql)
{
	static char out[1024];
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(md_db_sqlite(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg("prepare %s: %s", sql,
			 sqlite3_errmsg(md_db_sqlite(db)));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, sizeof out, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Fill the current round of a form (NULL-terminated key, value pairs). */
static void
fill(struct th_env *env, const char *form, const char *const *kv)
{
	struct md_err err;
	th_assert_ok(try_fill(env, form, kv, &err), &err);
}

/* Key, value pairs, a pair or more a line. */
/* clang-format off */
static const char *const reception_signed[] = {"signed", "はい", "consent_share", "はい", NULL};
static const char *const intake_complete[] = {
	"complaint", "家賃が払えない", "issues", "経済的困窮", "summary", "家計と就労を支える", NULL};
static const char *const plan_plain[] = {
	"goal_long", "安定した生活", "policy", "就労を支える", "goals.1.issue", "就労",
	"goals.1.short_goal", "求職活動", "plan_from", "R8.5.1", "plan_to", "R8.10.31",
	"services", "(ア) 就労支援員による就労支援", "signed", "はい", NULL};
static const char *const plan_with_u[] = {
	"goal_long", "安定した生活", "policy", "就労準備から", "goals.1.issue", "生活習慣",
	"plan_from", "R8.5.1", "plan_to", "R8.10.31",
	"services", "(ウ) 就労準備支援事業", "signed", "はい", NULL};

/* clang-format on */

/* From reception to a plan draft taken: the common part of most paths. */
static void
to_plan_draft(struct th_env *env, const char *const *plan)
{
	fill(env, "reception", reception_signed);
	take(env, &consultant, "application", NULL);
	take(env, &consultant, "triage", "継続支援");
	fill(env, "intake", intake_complete);
	take(env, &consultant, "assessment", NULL);
	take(env, &consultant, "screening", "プラン作成(継続支援)");
	fill(env, "plan", plan);
	take(env, &consultant, "plan_draft", NULL);
}

static bool
case_closed(struct th_env *env)
{
	char sql[128];
	snprintf(sql, sizeof sql,
		 "SELECT status = 'closed' FROM cases WHERE id = %lld",
		 case_id);
	return th_int(env->db, sql) == 1;
}

static void
the_full_course_to_closure__001_9(void **state)
{
	struct th_env *env = *state;
	assert_int_equal(state_of(env, "reception", NULL, 0), MD_STEP_DONE);
	to_plan_draft(env, plan_plain);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	take(env, &chief, "decision", "決定");
	/* Without (ウ)(オ), no 支援決定 and support opens at once. */
	assert_closed_because(env, "support_decision",
			      "(ウ)就労準備支援事業か(オ)家計相談支援事業");
	take(env, &consultant, "support", NULL);
	take(env, &consultant, "support", NULL); /* monitoring, again */
	fill(env, "evaluation",
	     (const char *const[]){"remaining", "なし", "result", "終結",
				   "end_reason", "目標達成", NULL});
	take(env, &consultant, "evaluation", NULL);
	struct md_err err;
	th_assert_ok(take_as(env, &consultant, "closure", "終結",
			     "ハローワーク(公共職業安定所)", NULL,
			     "令和8年7月1日", &err),
		     &err);
	assert_true(case_closed(env));
	/* The last 評価シート holds the follow-up; no empty one follows it. */
	char q[200];
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM form_records WHERE case_id = %lld"
		 " AND form = 'evaluation'",
		 case_id);
	assert_int_equal(th_int(env->db, q), 1);
	{
		struct md_record ev;
		th_assert_ok(md_record_open(env->db, &consultant, forms,
					    case_id, "evaluation",
					    MD_SEQ_LATEST, &ev, &err),
			     &err);
		assert_int_equal(ev.seq, 1);
		assert_string_equal(md_values_get(&ev.values, "result"),
				    "終結");
		assert_string_equal(md_values_get(&ev.values, "follow_up_on"),
				    "2026-07-01");
		assert_string_equal(md_values_get(&ev.values,
						  "follow_up_agency"),
				    "ハローワーク(公共職業安定所)");
		md_record_fini(&ev);
	}
	assert_closed_because(env, "progress", "終結しています");
	/* The workflow filled the plan's meeting and decision fields. */
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "plan", MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_string_equal(md_values_get(&rec.values, "meeting_result"),
			    "承認");
	assert_string_equal(md_values_get(&rec.values, "meeting_on"),
			    "2026-04-01");
	assert_string_equal(md_values_get(&rec.values, "decided_on"),
			    "2026-04-01");
	md_record_fini(&rec);
	/* Every step taken is an event linked to the form revision it left:
	 * the assessment wrote its round (初回) as revision 2. */
	assert_true(th_int(env->db,
			   "SELECT count(*) FROM workflow_events WHERE"
			   " step = 'assessment' AND record_id IS NOT NULL"
			   " AND record_revision = 2") == 1);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action = 'step'"),
			 12);
}

static void
information_only_ends_the_case__001_9_3(void **state)
{
	struct th_env *env = *state;
	take(env, &consultant, "triage", "情報提供のみで終了");
	assert_true(case_closed(env));
	assert_closed_because(env, "assessment", "終結しています");
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM cases WHERE"
				" close_reason = '情報提供のみで終了'"),
			 1);
}

static void
referral_at_triage_needs_an_agency__001_9_3(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	assert_int_equal(take_as(env, &consultant, "triage",
				 "他制度・他機関へつなぐ", NULL, NULL, NULL,
				 &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "つなぎ先(関係機関)が必要です");
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM workflow_events"
					 " WHERE step = 'triage'"),
			 0);
	assert_int_equal(take_as(env, &consultant, "triage",
				 "他制度・他機関へつなぐ", "区役所", NULL, NULL,
				 &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "関係機関「区役所」は一覧にありません");
	th_assert_ok(take_as(env, &consultant, "triage",
			     "他制度・他機関へつなぐ", "地域包括支援センター",
			     NULL, NULL, &err),
		     &err);
	assert_true(case_closed(env));
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "reception", MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_string_equal(md_values_get(&rec.values, "triage"),
			    "他制度・他機関へつなぐ");
	assert_string_equal(md_values_get(&rec.values, "triage_agency"),
			    "地域包括支援センター");
	md_record_fini(&rec);
}

static void
each_missing_prerequisite_of_assessment_alone__001_9_2_3(void **state)
{
	struct th_env *env = *state;
	assert_closed_because(env, "assessment",
			      "振り分けで「継続支援」を選ぶ必要があります");
	/* 001 第9条(2): the application needs the signature and consent. */
	assert_closed_because(env, "application",
			      "利用申込・本人同意を記録するには、第1号様式の本人署名と情報共有への同意が必要です");
	assert_closed_because(env, "welfare_referral",
			      "スクリーニングで生活保護の申請につなぐと判断したときに記録します");
	/* Progress entries are open from reception (emergency support before
	 * a plan is recorded there, 001 第9条(6)イ). */
	assert_open(env, "progress");
	take(env, &consultant, "triage", "継続支援");
	/* Triage done: the signature, the consent and the application remain. */
	assert_closed_because(env, "assessment",
			      "第1号様式の本人署名と情報共有への同意が必要です");
	fill(env, "reception", (const char *const[]){"signed", "はい", NULL});
	assert_closed_because(env, "assessment",
			      "第1号様式の本人署名と情報共有への同意が必要です");
	fill(env, "reception",
	     (const char *const[]){"consent_share", "はい", NULL});
	assert_closed_because(env, "assessment",
			      "第1号様式(利用申込・本人同意)を完了して記録する必要があります");
	char why[2048];
	state_of(env, "assessment", why, sizeof why);
	assert_null(strstr(why, "本人署名")); /* only what is missing */
	take(env, &consultant, "application", NULL);
	assert_open(env, "assessment");
	/* The signature taken back closes it again. */
	fill(env, "reception", (const char *const[]){"signed", "いいえ", NULL});
	assert_closed_because(env, "assessment", "本人署名と情報共有への同意");
	struct md_err err;
	assert_int_equal(take_as(env, &consultant, "assessment", NULL, NULL,
				 NULL, NULL, &err),
			 MD_ERR_CLOSED);
	th_assert_contains(err.msg,
			   "手順「アセスメント」はまだ行えません: アセスメントを開始するには、第1号様式の本人署名");
}

static void
steps_with_forms_need_them_complete(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	fill(env, "reception", reception_signed);
	take(env, &consultant, "application", NULL);
	take(env, &consultant, "triage", "継続支援");
	fill(env, "intake", (const char *const[]){"complaint", "家賃", NULL});
	assert_int_equal(take_as(env, &consultant, "assessment", NULL, NULL,
				 NULL, NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "第2号様式(インテーク・アセスメントシート)の ※ 項目をすべて入力して保存してください(未入力: 課題の特性、課題の整理と支援の方向性)");
	assert_closed_because(env, "screening",
			      "アセスメント(第2号様式)を完了して記録してから");
}

static void
screening_outcomes__001_9_5(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	fill(env, "reception", reception_signed);
	take(env, &consultant, "application", NULL);
	take(env, &consultant, "triage", "継続支援");
	fill(env, "intake", intake_complete);
	take(env, &consultant, "assessment", NULL);
	/* A referral needs an agency and a follow-up date. */
	assert_int_equal(take_as(env, &consultant, "screening",
				 "他制度・他機関へつなぐ",
				 "ハローワーク(公共職業安定所)", NULL, NULL,
				 &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "フォローアップの予定日が必要です");
	/* 生活保護: the case does not end until the referral is recorded. */
	take(env, &consultant, "screening",
	     "生活保護の申請につなぐ(福祉事務所)");
	assert_false(case_closed(env));
	assert_closed_because(env, "plan_draft",
			      "「プラン作成(継続支援)」と判断してから");
	assert_open(env, "welfare_referral");
	assert_int_equal(take_as(env, &consultant, "welfare_referral",
				 "つないだ", NULL, NULL, NULL, &err),
			 MD_ERR_INVALID);
	th_assert_ok(take_as(env, &consultant, "welfare_referral", "つないだ",
			     "福祉事務所(生活保護)", NULL, "R8.6.1", &err),
		     &err);
	assert_true(case_closed(env));
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM cases WHERE"
				" close_reason = '生活保護の申請につないだ'"
				" AND follow_up_on = '2026-06-01'"),
			 1);
}

static void
referral_at_screening_ends_with_a_follow_up__001_9_5(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	fill(env, "reception", reception_signed);
	take(env, &consultant, "application", NULL);
	take(env, &consultant, "triage", "継続支援");
	fill(env, "intake", intake_complete);
	take(env, &consultant, "assessment", NULL);
	th_assert_ok(take_as(env, &consultant, "screening", "2",
			     "ハローワーク(公共職業安定所)", NULL,
			     "令和8年5月1日", &err),
		     &err);
	assert_true(case_closed(env));
	struct md_due *d;
	size_t n;
	th_assert_ok(md_workflow_due(env->db, &consultant, 60, 0, &d, &n, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].kind, "フォローアップ");
	assert_string_equal(d[0].due_on, "2026-05-01");
	md_dues_free(d, n);
}

/* 001 第9条(5) "確実に福祉事務所につなげる": the referral names an agency of
 * the kind the definition requires, and until it is recorded the closure
 * says that it is what is missing (issue 14, finding 4). */
static void
welfare_referral_goes_to_a_welfare_office__001_9_5(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const struct md_wf_step *wr = md_workflow_find(wf, "welfare_referral");
	assert_non_null(wr);
	assert_string_equal(wr->outcomes[0].agency_kind, "福祉事務所");
	fill(env, "reception", reception_signed);
	take(env, &consultant, "application", NULL);
	take(env, &consultant, "triage", "継続支援");
	fill(env, "intake", intake_complete);
	take(env, &consultant, "assessment", NULL);
	take(env, &consultant, "screening",
	     "生活保護の申請につなぐ(福祉事務所)");
	assert_closed_because(env, "closure",
			      "「福祉事務所へのつなぎ」(つなぎ先は種別「福祉事務所」の関係機関)を記録して終結します(001 第9条(5))");
	assert_int_equal(take_as(env, &consultant, "closure", "終結", NULL,
				 NULL, NULL, &err),
			 MD_ERR_CLOSED);
	th_assert_contains(err.msg, "「福祉事務所へのつなぎ」");
	assert_int_equal(take_as(env, &consultant, "welfare_referral",
				 "つないだ", "警察", NULL, NULL, &err),
			 MD_ERR_INVALID);
	assert_string_equal(err.msg,
			    "福祉事務所へのつなぎ(つないだ)のつなぎ先は種別「福祉事務所」の関係機関にしてください(「警察」の種別は「安全」です)");
	assert_int_equal(take_as(env, &consultant, "welfare_referral",
				 "つないだ", NULL, NULL, NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "種別「福祉事務所」の関係機関");
	assert_false(case_closed(env));
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM workflow_events"
					 " WHERE step = 'welfare_referral'"),
			 0);
	/* By a 別名 of the catalogue; recorded by the agency's name. */
	th_assert_ok(take_as(env, &consultant, "welfare_referral", "つないだ",
			     "生活保護の窓口", NULL, NULL, &err),
		     &err);
	assert_true(case_closed(env));
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM workflow_events"
				" WHERE step = 'welfare_referral'"
				" AND agency = '福祉事務所(生活保護)'"),
			 1);
}

/* An agency is named as an outcome is (md_text_match): whole, by a 別名,
 * or by the start of one only; an ambiguous start lists the candidates
 * (issue 14, finding 7). */
static void
agencies_are_named_as_outcomes_are(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	assert_int_equal(take_as(env, &consultant, "triage", "他制度", "地域",
				 NULL, NULL, &err),
			 MD_ERR_INVALID);
	assert_string_equal(err.msg,
			    "関係機関「地域」は 1 つに決まりません(候補: 地域包括支援センター、地域若者サポートステーション)");
	th_assert_ok(take_as(env, &consultant, "triage", "他制度",
			     "ハローワーク", NULL, NULL, &err),
		     &err);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM workflow_events"
				" WHERE step = 'triage'"
				" AND outcome = '他制度・他機関へつなぐ'"
				" AND agency = 'ハローワーク(公共職業安定所)'"),
			 1);
}

static void
meeting_sends_back_to_the_plan_draft__001_9_6(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_plan_draft(env, plan_plain);
	assert_closed_because(env, "meeting",
			      "本人がプランに同意し署名してから");
	take(env, &consultant, "agreement", NULL);
	/* Only the chief consultant records the meeting. */
	assert_int_equal(take_as(env, &consultant, "meeting", "承認", NULL,
				 NULL, NULL, &err),
			 MD_ERR_DENIED);
	th_assert_contains(err.msg,
			   "手順「支援調整会議」を記録できるのは 主任相談支援員 です");
	assert_int_equal(take_as(env, &chief, "meeting", "再検討", NULL, NULL,
				 NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "「再検討」には理由が必要です");
	th_assert_ok(take_as(env, &chief, "meeting", "再検討", NULL,
			     "目標が具体的でない", NULL, &err),
		     &err);
	assert_open(env, "plan_draft");
	assert_closed_because(env, "decision",
			      "支援調整会議でプランが承認されてから");
	assert_closed_because(env, "agreement",
			      "プラン案(第4号様式)を完了して記録してから");
	take(env, &consultant, "plan_draft", NULL);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "修正のうえ承認");
	assert_open(env, "decision");
}

static void
head_of_ward_sends_back_and_the_plan_is_resubmitted__001_10_3(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_plan_draft(env, plan_plain);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	/* The decision is recorded by the chief consultant or an administrator. */
	assert_int_equal(take_as(env, &employment, "decision", "決定", NULL,
				 NULL, NULL, &err),
			 MD_ERR_DENIED);
	th_assert_ok(take_as(env, &chief, "decision", "差し戻し", NULL,
			     "就労準備支援事業の要件を確認すること", NULL,
			     &err),
		     &err);
	assert_open(env, "plan_draft");
	assert_closed_because(env, "support", "プランが決定してから");
	/* The returned version stays in the plan's history. */
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "plan", MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_string_equal(md_values_get(&rec.values, "returned_reason"),
			    "就労準備支援事業の要件を確認すること");
	int returned_revision = rec.revision;
	md_record_fini(&rec);
	fill(env, "plan",
	     (const char *const[]){"policy", "要件を確かめたうえで就労を支える",
				   NULL});
	take(env, &consultant, "plan_draft", NULL);
	/* The person signs the revised plan again (001 第9条(6)). */
	fill(env, "plan", (const char *const[]){"agreed_on", "R8.4.1", NULL});
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	th_assert_ok(take_as(env, &env->admin, "decision", "決定", NULL, NULL,
			     NULL, &err),
		     &err);
	assert_open(env, "support");
	struct md_values old;
	md_values_init(&old);
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "plan", MD_SEQ_LATEST, &rec, &err),
		     &err);
	th_assert_ok(md_record_values_at(env->db, &consultant, rec.id,
					 returned_revision, &old, &err),
		     &err);
	assert_string_equal(md_values_get(&old, "policy"), "就労を支える");
	md_values_fini(&old);
	md_record_fini(&rec);
}

static void
plan_with_u_needs_the_support_decision_and_notice__001_10_4(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_plan_draft(env, plan_with_u);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	take(env, &chief, "decision", "決定");
	assert_closed_because(env, "support",
			      "先に支援決定・通知を記録してください");
	assert_open(env, "support_decision");
	/* It produces 第6号様式: the notice must be complete first. */
	assert_int_equal(take_as(env, &chief, "support_decision", NULL, NULL,
				 NULL, NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "第6号様式");
	fill(env, "notice",
	     (const char *const[]){"change_kind", "新規", "services",
				   "就労準備支援事業", NULL});
	take(env, &chief, "support_decision", NULL);
	assert_open(env, "support");
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "plan", MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_string_equal(md_values_get(&rec.values, "support_decided_on"),
			    "2026-04-01");
	md_record_fini(&rec);
}

static void
evaluations_fall_due_at_the_configured_intervals(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_plan_draft(env, plan_plain);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	assert_closed_because(env, "evaluation",
			      "プランに基づく支援を始めてから");
	take(env, &chief, "decision", "決定");
	assert_closed_because(env, "evaluation",
			      "プランに基づく支援を始めてから");
	take(env, &consultant, "support", NULL);
	char sql[160];
	snprintf(sql, sizeof sql,
		 "SELECT next_eval_on = '2026-07-01' FROM cases WHERE id = %lld",
		 case_id);
	assert_int_equal(th_int(env->db, sql), 1);
	/* Nothing due within a week; overdue three months on. */
	struct md_due *d;
	size_t n;
	th_assert_ok(md_workflow_due(env->db, &consultant, 7, 0, &d, &n, &err),
		     &err);
	assert_int_equal(n, 0);
	md_dues_free(d, n);
	th_clock("2026-07-02 09:00:00");
	th_assert_ok(md_workflow_due(env->db, &consultant, 7, 0, &d, &n, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].kind, "評価");
	assert_true(d[0].overdue);
	md_dues_free(d, n);
	fill(env, "evaluation",
	     (const char *const[]){"remaining", "家計", "result",
				   "現プランで継続", NULL});
	take(env, &consultant, "evaluation", NULL);
	snprintf(sql, sizeof sql,
		 "SELECT next_eval_on = '2026-10-01' FROM cases WHERE id = %lld",
		 case_id);
	assert_int_equal(th_int(env->db, sql), 1);
	/* The next evaluation is a new sheet; the first is kept as it was. */
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "evaluation", MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_int_equal(rec.seq, 2);
	assert_null(md_values_get(&rec.values, "result"));
	md_record_fini(&rec);
	assert_closed_because(env, "closure", "評価で「終結」と判断してから");
	assert_closed_because(env, "replan",
			      "評価で「再プラン」と判断してから");
}

/* The outcome a step reads from its form (評価 from 評価結果), before it is
 * taken: what the screens name when they ask (issue 15, finding 2). */
static const struct md_wf_outcome *
form_outcome_of(struct th_env *env, const char *step)
{
	struct md_flow flow;
	struct md_err err;
	th_assert_ok(md_workflow_status(env->db, &consultant, wf, case_id,
					&flow, &err),
		     &err);
	const struct md_wf_outcome *oc = NULL;
	for (size_t i = 0; i < flow.nsteps; i++)
		if (!strcmp(flow.steps[i].step->id, step))
			oc = flow.steps[i].form_outcome;
	md_flow_fini(&flow);
	return oc;
}

static void
status_names_the_outcome_the_form_holds(void **state)
{
	struct th_env *env = *state;
	to_plan_draft(env, plan_plain);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	take(env, &chief, "decision", "決定");
	/* A step that chooses its outcome has none from a form. */
	assert_null(form_outcome_of(env, "plan_change"));
	take(env, &consultant, "support", NULL);
	assert_null(form_outcome_of(env, "evaluation")); /* 評価結果 empty */
	fill(env, "evaluation",
	     (const char *const[]){"remaining", "家計", "result",
				   "現プランで継続", NULL});
	const struct md_wf_outcome *oc = form_outcome_of(env, "evaluation");
	assert_non_null(oc);
	assert_string_equal(oc->label, "現プランで継続");
	assert_false(oc->last_round);
	take(env, &consultant, "evaluation", NULL);
	/* The next sheet holds no result yet. */
	assert_null(form_outcome_of(env, "evaluation"));
	fill(env, "evaluation",
	     (const char *const[]){"remaining", "なし", "result", "終結",
				   "end_reason", "目標達成", NULL});
	oc = form_outcome_of(env, "evaluation");
	assert_non_null(oc);
	assert_string_equal(oc->label, "終結");
	assert_true(oc->last_round);
	assert_false(oc->close); /* the closure step closes the case */
}

static void
replan_after_evaluation_two_rounds__001_9_9(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_plan_draft(env, plan_plain);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	take(env, &chief, "decision", "決定");
	take(env, &consultant, "support", NULL);
	for (int round = 1; round <= 2; round++) {
		fill(env, "evaluation",
		     (const char *const[]){"remaining", "まだ課題がある",
					   "result", "再プラン", NULL});
		take(env, &consultant, "evaluation", NULL);
		take(env, &consultant, "replan", NULL);
		/* Re-assessment opens on a new round; the plan must be redone. */
		assert_open(env, "assessment");
		assert_closed_because(env, "plan_draft",
				      "「プラン作成(継続支援)」と判断してから");
		struct md_record rec;
		th_assert_ok(md_record_open(env->db, &consultant, forms,
					    case_id, "intake", MD_SEQ_LATEST,
					    &rec, &err),
			     &err);
		assert_int_equal(rec.seq, round + 1);
		md_record_fini(&rec);
		fill(env, "intake", intake_complete);
		take(env, &consultant, "assessment", NULL);
		th_assert_ok(md_record_open(env->db, &consultant, forms,
					    case_id, "intake", MD_SEQ_LATEST,
					    &rec, &err),
			     &err);
		assert_string_equal(md_values_get(&rec.values, "round"),
				    "再アセスメント");
		md_record_fini(&rec);
		take(env, &consultant, "screening", "プラン作成(継続支援)");
		fill(env, "plan", plan_plain);
		take(env, &consultant, "plan_draft", NULL);
		take(env, &consultant, "agreement", NULL);
		take(env, &chief, "meeting", "承認");
		take(env, &chief, "decision", "決定");
		take(env, &consultant, "support", NULL);
	}
	/* Three plans, each readable; the first as it was. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM form_records WHERE form = 'plan'"),
			 3);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM form_records f JOIN form_revisions r"
				" ON r.record_id = f.id AND r.revision = f.revision"
				" WHERE f.form = 'plan' AND f.seq = 3"
				" AND json_extract(r.data, '$.plan_round') = '3'"),
			 1);
}

static void
reopening_a_closed_case_needs_a_chief_or_admin_and_a_reason(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	take(env, &consultant, "triage", "情報提供のみで終了");
	assert_int_equal(md_workflow_reopen(env->db, &consultant, wf, case_id,
					    "再相談", &err),
			 MD_ERR_DENIED);
	th_assert_contains(err.msg, "主任相談支援員と管理者です");
	assert_int_equal(md_workflow_reopen(env->db, &chief, wf, case_id, "",
					    &err),
			 MD_ERR_INVALID);
	th_assert_ok(md_workflow_reopen(env->db, &chief, wf, case_id,
					"本人から再び相談があった", &err),
		     &err);
	assert_false(case_closed(env));
	assert_open(env, "triage");
	take(env, &consultant, "triage", "継続支援");
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action = 'reopen'"),
			 1);
	assert_int_equal(md_workflow_reopen(env->db, &chief, wf, case_id,
					    "理由", &err),
			 MD_ERR_INVALID);
}

/* A reason typed with a lone CR keeps its lines, as a form's values do
 * (issue 13, finding 7): the CR was stored as it came. */
static void
a_reason_with_a_lone_cr_keeps_its_lines(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	take(env, &consultant, "triage", "情報提供のみで終了");
	th_assert_ok(md_workflow_reopen(env->db, &chief, wf, case_id,
					"一行目\r二行目\r\n三行目", &err),
		     &err);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM workflow_events"
				" WHERE reason = '一行目' || char(10) ||"
				" '二行目' || char(10) || '三行目'"),
			 1);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" action = 'reopen' AND instr(detail, char(13))"),
			 0);
}

static void
wrong_role_and_done_steps_are_refused(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	assert_int_equal(take_as(env, &consultant, "reception", NULL, NULL,
				 NULL, NULL, &err),
			 MD_ERR_CLOSED);
	th_assert_contains(err.msg, "手順「相談受付」はすでに記録されています");
	assert_int_equal(take_as(env, &env->admin, "triage", "継続支援", NULL,
				 NULL, NULL, &err),
			 MD_ERR_DENIED);
	assert_int_equal(take_as(env, &consultant, "triage", "保留", NULL, NULL,
				 NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "振り分けの結果に「保留」はありません(1: 情報提供のみで終了、2: 他制度・他機関へつなぐ、3: 継続支援)");
	assert_int_equal(take_as(env, &consultant, "nosuch", NULL, NULL, NULL,
				 NULL, &err),
			 MD_ERR_NOTFOUND);
	/* A disabled account records nothing. */
	th_assert_ok(md_user_set_active(env->db, &env->admin, "soudan", false,
					&err),
		     &err);
	assert_int_equal(take_as(env, &consultant, "triage", "継続支援", NULL,
				 NULL, NULL, &err),
			 MD_ERR_DISABLED);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM workflow_events WHERE"
				" step = 'triage'"),
			 0);
}

static void
broken_workflow_definitions_name_file_and_line(void **state)
{
	(void)state;
	const char *dir = TOP_DIR "/tests/workflow/broken";
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int checked = 0;
	while ((e = readdir(d)) != NULL) {
		if (!strstr(e->d_name, ".ini"))
			continue;
		char path[1024], line[1024], want[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		assert_non_null(fgets(line, sizeof line, f));
		fclose(f);
		snprintf(want, sizeof want, "%s", strstr(line, "expect: ") + 8);
		want[strcspn(want, "\n")] = '\0';
		struct md_diags diags;
		struct md_err err;
		struct md_workflow *bad = NULL;
		md_diags_init(&diags);
		assert_int_equal(md_workflow_load(path, forms, &bad, &diags,
						  &err),
				 MD_ERR_DEFINITION);
		assert_null(bad);
		bool found = false;
		for (size_t i = 0; i < diags.n && !found; i++)
			found = strstr(diags.msgs[i], path) &&
				strstr(diags.msgs[i], want);
		if (!found) {
			for (size_t i = 0; i < diags.n; i++)
				fprintf(stderr, "# %s\n", diags.msgs[i]);
			fail_msg("%s: no message with «%s»", e->d_name, want);
		}
		md_diags_fini(&diags);
		checked++;
	}
	closedir(d);
	assert_true(checked >= 20);
}

/* 004 §5(7) 4: the meetings a track's step needs (held, assigned) are
 * types of forms/meetings.ini at which persons are discussed; the shipped
 * definitions agree, and a type that is not there, or discusses no one,
 * is named with the workflow's file and line. */
static void
meetings_named_by_the_workflow_are_checked__004_5_7(void **state)
{
	(void)state;
	struct md_diags diags;
	struct md_err err;
	struct md_meeting_defs *mdefs = NULL;
	md_diags_init(&diags);
	th_assert_ok(md_meeting_defs_load(TOP_DIR "/forms/meetings.ini", &mdefs,
					  &diags, &err),
		     &err);
	th_assert_ok(md_workflow_check_meetings(wf, mdefs, &diags, &err), &err);
	const char *path = th_write("workflow.ini",
				    "[workflow]\n"
				    "title = 試験\n"
				    "[track.t]\n"
				    "label = 流れ\n"
				    "starts = b\n"
				    "[step.a]\n"
				    "label = A\n"
				    "roles = consultant\n"
				    "auto = yes\n"
				    "outcomes = 終了\n"
				    "[outcome.a.終了]\n"
				    "close = yes\n"
				    "[step.b]\n"
				    "label = B\n"
				    "roles = consultant\n"
				    "track = t\n"
				    "outcomes = 終える\n"
				    "need.1 = done a\n"
				    "why.1 = まだです\n"
				    "need.2 = held nosuch | assigned renrakukai\n"
				    "why.2 = 会議を開いてください\n"
				    "[outcome.b.終える]\n"
				    "ends_track = yes\n");
	struct md_workflow *w = NULL;
	th_assert_ok(md_workflow_load(path, forms, &w, &diags, &err), &err);
	assert_int_equal(md_workflow_check_meetings(w, mdefs, &diags, &err),
			 MD_ERR_DEFINITION);
	assert_int_equal(diags.n, 2);
	char want[1200];
	snprintf(want, sizeof want,
		 "%s:20: [step.b]: 会議の種類 nosuch は %s/forms/meetings.ini にありません",
		 path, TOP_DIR);
	th_assert_contains(diags.msgs[0], want);
	snprintf(want, sizeof want,
		 "%s:20: [step.b]: 会議の種類 renrakukai(連絡会)では個人を取り上げないため",
		 path);
	th_assert_contains(diags.msgs[1], want);
	md_workflow_free(&w);
	md_meeting_defs_free(&mdefs);
	md_diags_fini(&diags);
}

/* ---- issue 14: decided plans stay decided, every step keeps its day ----- */

/* The case's plan decision and next evaluation, "DECIDED NEXT". */
static const char *
decided_and_due(struct th_env *env)
{
	char sql[160];
	snprintf(sql, sizeof sql,
		 "SELECT plan_decided_on || ' ' || coalesce(next_eval_on, '')"
		 " FROM cases WHERE id = %lld",
		 case_id);
	return th_text(env->db, sql);
}

/* From reception to a decided plan (plan_plain), all on the clock's day. */
static void
to_decided_plan(struct th_env *env)
{
	to_plan_draft(env, plan_plain);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	take(env, &chief, "decision", "決定");
}

static int
plan_revision(struct th_env *env)
{
	char sql[160];
	snprintf(sql, sizeof sql,
		 "SELECT revision FROM form_records WHERE case_id = %lld"
		 " AND form = 'plan' AND seq = 1",
		 case_id);
	return (int)th_int(env->db, sql);
}

static void
a_decided_plan_cannot_be_rewritten__001_10_2(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_decided_plan(env);
	int before = plan_revision(env);
	assert_int_equal(try_fill(env, "plan",
				  (const char *const[]){"goal_long", "別の目標",
							NULL},
				  &err),
			 MD_ERR_CLOSED);
	th_assert_contains(err.msg,
			   "第4号様式(プラン兼サービス利用申込書)は、令和8年4月1日のプラン決定(決定)で確定しています");
	th_assert_contains(err.msg,
			   "手順「プラン変更」か「再プラン」を記録してください");
	assert_int_equal(plan_revision(env), before);
	/* The signature of the decided plan cannot be taken back either. */
	assert_int_equal(try_fill(env, "plan",
				  (const char *const[]){"signed", "いいえ",
							NULL},
				  &err),
			 MD_ERR_CLOSED);
	/* The screen and the command line read why from the record. */
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "plan", MD_SEQ_LATEST, &rec, &err),
		     &err);
	th_assert_contains(rec.frozen, "で確定しています");
	md_record_fini(&rec);
	/* The case still stands where it stood. */
	assert_open(env, "support");
	assert_int_equal(state_of(env, "decision", NULL, 0), MD_STEP_DONE);
}

static void
the_workflow_still_writes_its_own_fields_on_a_decided_plan__001_10_4(
	void **state)
{
	struct th_env *env = *state;
	to_plan_draft(env, plan_with_u);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	take(env, &chief, "decision", "決定");
	fill(env, "notice",
	     (const char *const[]){"change_kind", "新規", "services",
				   "就労準備支援事業", NULL});
	take(env, &chief, "support_decision", NULL);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT json_extract(r.data, '$.support_decided_on')"
		 " FROM form_records f JOIN form_revisions r ON r.record_id = f.id"
		 " AND r.revision = f.revision WHERE f.case_id = %lld AND f.form = 'plan'",
		 case_id);
	assert_string_equal(th_text(env->db, sql), "2026-04-01");
}

static void
a_plan_change_goes_back_through_agreement_meeting_and_decision__001_10_3(
	void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_decided_plan(env);
	take(env, &consultant, "support", NULL);
	th_clock("2026-05-11 10:00:00");
	assert_int_equal(take_on(env, &consultant, "plan_change", "変更する",
				 NULL, NULL, &err),
			 MD_ERR_INVALID);
	th_assert_ok(take_on(env, &consultant, "plan_change", "変更する",
			     "家計相談支援事業を加える", NULL, &err),
		     &err);
	/* No longer decided: changed, then agreed, approved and decided. */
	assert_closed_because(env, "support", "プランが決定してから");
	assert_closed_because(env, "meeting",
			      "本人がプランに同意し署名してから");
	fill(env, "plan",
	     (const char *const[]){"services",
				   "(ア) 就労支援員による就労支援\n"
				   "(オ) 家計相談支援事業",
				   NULL});
	assert_closed_because(env, "agreement",
			      "この署名は変わった内容には及びません");
	fill(env, "plan", (const char *const[]){"agreed_on", "R8.5.7", NULL});
	th_assert_ok(take_on(env, &consultant, "agreement", NULL, NULL,
			     "R8.5.7", &err),
		     &err);
	th_assert_ok(take_on(env, &chief, "meeting", "承認", NULL, "R8.5.8",
			     &err),
		     &err);
	th_assert_ok(take_on(env, &chief, "decision", "決定", NULL, "R8.5.8",
			     &err),
		     &err);
	assert_int_equal(try_fill(env, "plan",
				  (const char *const[]){"goal_long", "別の目標",
							NULL},
				  &err),
			 MD_ERR_CLOSED);
	th_assert_contains(err.msg,
			   "令和8年5月8日のプラン決定(決定)で確定しています");
	/* 001 第10条(4): the changed plan holds (オ): a new support decision. */
	assert_closed_because(env, "support",
			      "先に支援決定・通知を記録してください");
	/* Evaluations count from the day the change was decided. */
	assert_string_equal(decided_and_due(env), "2026-05-08 2026-08-08");
}

static void
the_signature_does_not_carry_over_to_a_revised_plan__001_9_6(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_plan_draft(env, plan_plain);
	take(env, &consultant, "agreement", NULL);
	th_assert_ok(take_as(env, &chief, "meeting", "再検討", NULL,
			     "目標が具体的でない", NULL, &err),
		     &err);
	fill(env, "plan",
	     (const char *const[]){"goal_long", "週 3 日の就労から始める",
				   NULL});
	take(env, &consultant, "plan_draft", NULL);
	/* The person never saw the revised plan: the old 本人署名 does not
	 * count for it. */
	assert_closed_because(env, "agreement",
			      "第4号様式の本人署名は版 1 で受けたものです。そのあと版 4 で内容が変わったため");
	assert_int_equal(take_as(env, &consultant, "agreement", NULL, NULL,
				 NULL, NULL, &err),
			 MD_ERR_CLOSED);
	/* Signed again, the agreement covers the revision signed. */
	th_clock("2026-04-03 10:00:00");
	fill(env, "plan", (const char *const[]){"agreed_on", "R8.4.3", NULL});
	take(env, &consultant, "agreement", NULL);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT record_revision FROM workflow_events"
		 " WHERE case_id = %lld AND step = 'agreement' ORDER BY id DESC LIMIT 1",
		 case_id);
	assert_int_equal(th_int(env->db, sql), plan_revision(env));
	assert_open(env, "meeting");
}

static void
a_change_after_the_agreement_voids_it_and_the_steps_after__001_9_6(void **state)
{
	struct th_env *env = *state;
	to_plan_draft(env, plan_plain);
	take(env, &consultant, "agreement", NULL);
	take(env, &chief, "meeting", "承認");
	assert_open(env, "decision");
	/* The plan is changed before it is decided. */
	fill(env, "plan",
	     (const char *const[]){"policy", "方針を変えた", NULL});
	assert_closed_because(env, "agreement",
			      "この署名は変わった内容には及びません");
	assert_closed_because(env, "meeting",
			      "本人がプランに同意し署名してから");
	assert_closed_because(env, "decision",
			      "支援調整会議でプランが承認されてから");
	/* Signed again: agreement, meeting and decision are taken again. */
	fill(env, "plan", (const char *const[]){"signed", "いいえ", NULL});
	fill(env, "plan", (const char *const[]){"signed", "はい", NULL});
	take(env, &consultant, "agreement", NULL);
	assert_closed_because(env, "decision",
			      "支援調整会議でプランが承認されてから");
	take(env, &chief, "meeting", "承認");
	take(env, &chief, "decision", "決定");
	assert_open(env, "support");
}

static void
a_replan_keeps_the_decided_plan_of_the_round_before__001_9_9(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	to_decided_plan(env);
	take(env, &consultant, "support", NULL);
	fill(env, "evaluation",
	     (const char *const[]){"remaining", "課題が変わった", "result",
				   "再プラン", NULL});
	take(env, &consultant, "evaluation", NULL);
	take(env, &consultant, "replan", NULL);
	fill(env, "intake", intake_complete);
	take(env, &consultant, "assessment", NULL);
	take(env, &consultant, "screening", "プラン作成(継続支援)");
	fill(env, "plan", plan_plain); /* round 2: a new plan, not frozen */
	/* Sending round 2 back leaves round 1 as it was decided. */
	take(env, &consultant, "plan_draft", NULL);
	take(env, &consultant, "agreement", NULL);
	th_assert_ok(take_as(env, &chief, "meeting", "再検討", NULL,
			     "目標を見直す", NULL, &err),
		     &err);
	fill(env, "plan",
	     (const char *const[]){"policy", "2 回目の方針", NULL});
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "plan", 1, &rec, &err),
		     &err);
	th_assert_contains(rec.frozen,
			   "確定した記録としてそのまま残ります。いまの回(2 回目)を開いてください");
	md_values_set(&rec.values, "policy", "書き換え", NULL);
	bool saved;
	assert_int_equal(md_record_save(env->db, &consultant, &rec, 0, &saved,
					NULL, &err),
			 MD_ERR_CLOSED);
	md_record_fini(&rec);
}

static void
every_step_keeps_the_day_it_was_done__001_9(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_clock("2026-04-20 10:00:00");
	fill(env, "reception",
	     (const char *const[]){"signed", "はい", "consent_share", "はい",
				   "received_on", "R8.4.1", NULL});
	/* Before the 受付日, in the future, or not a date: refused. */
	assert_int_equal(take_on(env, &consultant, "application", NULL, NULL,
				 "1990-01-01", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "利用申込・本人同意の日付(平成2年1月1日)は、このケースの受付日(令和8年4月1日)より前です");
	assert_int_equal(take_on(env, &consultant, "application", NULL, NULL,
				 "R8.4.21", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "先の日付");
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM workflow_events"
					 " WHERE step = 'application'"),
			 0);
	th_assert_ok(take_on(env, &consultant, "application", NULL, NULL,
			     "R8.4.2", &err),
		     &err);
	th_assert_ok(take_on(env, &consultant, "triage", "継続支援", NULL,
			     "2026-04-02", &err),
		     &err);
	fill(env, "intake", intake_complete);
	th_assert_ok(take_on(env, &consultant, "assessment", NULL, NULL,
			     "R8.4.6", &err),
		     &err);
	/* Not before a step it depends on. */
	assert_int_equal(take_on(env, &consultant, "screening",
				 "プラン作成(継続支援)", NULL, "R8.4.3", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "スクリーニングの日付(令和8年4月3日)は、先に行った「アセスメント」の日(令和8年4月6日)より前です");
	th_assert_ok(take_on(env, &consultant, "screening",
			     "プラン作成(継続支援)", NULL, "R8.4.6", &err),
		     &err);
	fill(env, "plan", plan_plain);
	th_assert_ok(take_on(env, &consultant, "plan_draft", NULL, NULL,
			     "R8.4.8", &err),
		     &err);
	th_assert_ok(take_on(env, &consultant, "agreement", NULL, NULL,
			     "R8.4.9", &err),
		     &err);
	th_assert_ok(take_on(env, &chief, "meeting", "承認", NULL, "R8.4.15",
			     &err),
		     &err);
	/* 001 第10条(1): a decision never comes before its meeting. */
	assert_int_equal(take_on(env, &chief, "decision", "決定", NULL,
				 "R8.4.14", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "プラン決定の日付(令和8年4月14日)は、先に行った「支援調整会議」の日(令和8年4月15日)より前です");
	th_assert_ok(take_on(env, &chief, "decision", "決定", NULL, "R8.4.16",
			     &err),
		     &err);
	/* Each day is kept beside when it was typed, and shown. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM workflow_events WHERE"
				" (step, done_on) IN (VALUES ('application', '2026-04-02'),"
				" ('triage', '2026-04-02'), ('assessment', '2026-04-06'),"
				" ('meeting', '2026-04-15'), ('decision', '2026-04-16'))"
				" AND at = '2026-04-20 10:00:00'"),
			 5);
	struct md_flow flow;
	th_assert_ok(md_workflow_status(env->db, &consultant, wf, case_id,
					&flow, &err),
		     &err);
	for (size_t i = 0; i < flow.nsteps; i++) {
		if (!strcmp(flow.steps[i].step->id, "reception"))
			assert_string_equal(flow.steps[i].on, "2026-04-01");
		if (!strcmp(flow.steps[i].step->id, "decision")) {
			assert_string_equal(flow.steps[i].on, "2026-04-16");
			assert_string_equal(flow.steps[i].at,
					    "2026-04-20 10:00:00");
		}
	}
	assert_string_equal(flow.events[flow.nevents - 1].on, "2026-04-16");
	md_flow_fini(&flow);
	/* 001 第9条(9): the evaluations fall due from the day decided. */
	assert_string_equal(decided_and_due(env), "2026-04-16 2026-07-16");
}

static void
the_received_date_is_the_one_on_form_1__001_9_1(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_clock("2026-04-10 10:00:00");
	fill(env, "reception",
	     (const char *const[]){"received_on", "R8.3.25", NULL});
	struct md_case c;
	th_assert_ok(md_case_get(env->db, &consultant, case_id, &c, &err),
		     &err);
	assert_string_equal(c.opened_on, "2026-03-25");
	md_case_fini(&c);
	/* 相談受付 is dated by it. */
	struct md_flow flow;
	th_assert_ok(md_workflow_status(env->db, &consultant, wf, case_id,
					&flow, &err),
		     &err);
	assert_string_equal(flow.steps[0].on, "2026-03-25");
	assert_string_equal(flow.events[0].on, "2026-03-25");
	md_flow_fini(&flow);
	th_assert_ok(take_on(env, &consultant, "triage", "継続支援", NULL,
			     "R8.3.27", &err),
		     &err);
	/* Never after a step taken, never in the future. */
	assert_int_equal(try_fill(env, "reception",
				  (const char *const[]){"received_on",
							"R8.3.28", NULL},
				  &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "受付日(令和8年3月28日)は、記録済みの手順の日付(令和8年3月27日)より後にはできません");
	assert_int_equal(try_fill(env, "reception",
				  (const char *const[]){"received_on",
							"R8.4.11", NULL},
				  &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "先の日付");
	fill(env, "reception",
	     (const char *const[]){"received_on", "R8.3.24", NULL});
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT opened_on FROM cases WHERE id = %lld",
		 case_id);
	assert_string_equal(th_text(env->db, sql), "2026-03-24");
}

/* Migration 7: a database from before keeps every step, now dated by the
 * day it was recorded, and its cases take the 受付日 of 第1号様式. */
static void
migration_9_dates_the_steps_and_takes_the_received_date__001_9_1(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_clock("2026-04-10 10:00:00");
	fill(env, "reception",
	     (const char *const[]){"received_on", "R8.3.25", NULL});
	take(env, &consultant, "triage", "継続支援");
	/* As an older program left it: no day, the case opened when typed. */
	th_rewind(env, 8);
	th_assert_ok(md_db_exec(env->db,
				"UPDATE cases SET opened_on = '2026-04-10'",
				&err),
		     &err);
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	assert_int_equal(md_db_schema_version(env->db), md_db_schema_latest());
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT opened_on FROM cases WHERE id = %lld",
		 case_id);
	assert_string_equal(th_text(env->db, sql), "2026-03-25");
	assert_string_equal(th_text(env->db,
				    "SELECT done_on FROM workflow_events"
				    " WHERE step = 'triage'"),
			    "2026-04-10");
	/* The history stays append-only. */
	assert_int_not_equal(md_db_exec(env->db,
					"UPDATE workflow_events SET done_on = NULL",
					&err),
			     MD_OK);
	assert_int_equal(state_of(env, "triage", NULL, 0), MD_STEP_DONE);
}

/* The due list, soonest first, cut at a limit: each kind read through the
 * index of its date, then merged. */
static void
the_due_list_is_soonest_first_up_to_a_limit(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	for (int i = 0; i < 5; i++)
		th_case(env, forms, "山田 太郎", "やまだ たろう", NULL);
	char *sql =
		sqlite3_mprintf("UPDATE cases SET next_eval_on = '2026-03-10' WHERE id = %lld + 1;"
				"UPDATE cases SET next_eval_on = '2026-03-01' WHERE id = %lld + 2;"
				"UPDATE cases SET follow_up_on = '2026-03-05' WHERE id = %lld + 3;"
				"UPDATE cases SET follow_up_on = '2026-03-01' WHERE id = %lld + 4;"
				"UPDATE cases SET next_eval_on = '2026-05-01' WHERE id = %lld + 5;",
				case_id, case_id, case_id, case_id, case_id);
	th_assert_ok(md_db_exec(env->db, sql, &err), &err);
	sqlite3_free(sql);
	struct md_due *d;
	size_t n;
	th_assert_ok(md_workflow_due(env->db, &consultant, 14, 0, &d, &n, &err),
		     &err);
	assert_int_equal(n, 4); /* 05-01 is beyond two weeks */
	md_dues_free(d, n);
	th_assert_ok(md_workflow_due(env->db, &consultant, 14, 3, &d, &n, &err),
		     &err);
	assert_int_equal(n, 3);
	/* 03-01 twice (case number breaks the tie), then 03-05. */
	assert_int_equal(d[0].case_id, case_id + 2);
	assert_string_equal(d[0].kind, "評価");
	assert_int_equal(d[1].case_id, case_id + 4);
	assert_string_equal(d[1].kind, "フォローアップ");
	assert_int_equal(d[2].case_id, case_id + 3);
	assert_string_equal(d[2].due_on, "2026-03-05");
	assert_true(d[2].overdue);
	md_dues_free(d, n);
}

/* ---- 001 第9条(5)イ・(9)エ: the follow-up after a referral or closure ---- */

/* Take the follow-up as the consultant: its result, how it was checked, a
 * note, the next date and the day (any may be NULL). */
static enum md_status
follow_up_as(struct th_env *env, const char *result, const char *how,
	     const char *note, const char *next, const char *date,
	     struct md_err *err)
{
	struct md_take t = {.outcome = result,
			    .method = how,
			    .note = note,
			    .follow_up = next,
			    .date = date};
	return md_workflow_take(env->db, &consultant, wf, forms, case_id,
				"follow_up", &t, err);
}

/* A case received on 2026-04-01 and closed at screening by a referral to
 * ハローワーク, every step on the day given (as typed; NULL: today), with a
 * follow-up date (as typed). */
static void
referred(struct th_env *env, const char *on, const char *follow_up)
{
	static const char *const received[] =
		{"signed", "はい", "consent_share", "はい", "received_on",
		 "R8.4.1", NULL};
	struct md_err err;
	fill(env, "reception", received);
	th_assert_ok(take_on(env, &consultant, "application", NULL, NULL, on,
			     &err),
		     &err);
	th_assert_ok(take_on(env, &consultant, "triage", "継続支援", NULL, on,
			     &err),
		     &err);
	fill(env, "intake", intake_complete);
	th_assert_ok(take_on(env, &consultant, "assessment", NULL, NULL, on,
			     &err),
		     &err);
	struct md_take t = {.outcome = "他制度・他機関へつなぐ",
			    .agency = "ハローワーク",
			    .follow_up = follow_up,
			    .date = on};
	th_assert_ok(md_workflow_take(env->db, &consultant, wf, forms, case_id,
				      "screening", &t, &err),
		     &err);
	assert_true(case_closed(env));
}

static size_t
dues(struct th_env *env, const char *kind, const char *on)
{
	struct md_err err;
	struct md_due *d;
	size_t n, found = 0;
	th_assert_ok(md_workflow_due(env->db, &consultant, 60, 0, &d, &n, &err),
		     &err);
	for (size_t i = 0; i < n; i++)
		found += !strcmp(d[i].kind, kind) &&
			 (!on || !strcmp(d[i].due_on, on));
	md_dues_free(d, n);
	return found;
}

static void
a_follow_up_is_recorded_on_a_closed_case_without_reopening_it__001_9_5_i(
	void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	referred(env, NULL, "R8.4.10");
	th_clock("2026-04-20 10:00:00");
	assert_int_equal(dues(env, "フォローアップ", "2026-04-10"), 1);
	/* Every other step waits for a reopening; the follow-up does not. */
	assert_closed_because(env, "progress",
			      "再開しなくても記録できる手順: 「フォローアップ」");
	assert_open(env, "follow_up");
	th_assert_ok(follow_up_as(env, "つながった", "電話",
				  "求職登録を確認した", NULL, NULL, &err),
		     &err);
	/* Still closed, as it was closed; nothing due any more. */
	assert_true(case_closed(env));
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT closed_on || '|' || close_reason || '|' ||"
		 " coalesce(follow_up_on, 'none') FROM cases WHERE id = %lld",
		 case_id);
	assert_string_equal(th_text(env->db, sql),
			    "2026-04-01|他制度・他機関へつなぐ|none");
	assert_int_equal(dues(env, "フォローアップ", NULL), 0);
	/* Kept in the case's history, and audited. */
	struct md_flow flow;
	th_assert_ok(md_workflow_status(env->db, &consultant, wf, case_id,
					&flow, &err),
		     &err);
	assert_true(flow.closed);
	const struct md_event *e = &flow.events[flow.nevents - 1];
	assert_string_equal(e->step, "follow_up");
	assert_string_equal(e->on, "2026-04-20");
	assert_string_equal(e->outcome, "つながった");
	assert_string_equal(e->method, "電話");
	assert_string_equal(e->note, "求職登録を確認した");
	md_flow_fini(&flow);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE action = 'step' AND"
		 " case_id = %lld AND detail = 'フォローアップ: つながった(電話)'",
		 case_id);
	assert_int_equal(th_int(env->db, sql), 1);
	/* Reopening for new support stays the chief's. */
	assert_int_equal(md_workflow_reopen(env->db, &consultant, wf, case_id,
					    "再び相談", &err),
			 MD_ERR_DENIED);
}

static void
a_follow_up_that_did_not_connect_sets_the_next__001_9_5_i(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	referred(env, NULL, "R8.4.10");
	th_clock("2026-04-20 10:00:00");
	assert_int_equal(follow_up_as(env, "つながっていない", "訪問", NULL,
				      NULL, NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "「つながっていない」にはフォローアップの予定日が必要です");
	assert_int_equal(follow_up_as(env, "つながっていない", "訪問", NULL,
				      "R8.4.19", NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "フォローアップ予定日(令和8年4月19日)は、フォローアップの日(令和8年4月20日)より前にはできません");
	th_assert_ok(follow_up_as(env, "つながっていない", "訪問", "不在",
				  "R8.5.15", NULL, &err),
		     &err);
	/* The date met is gone; the next one is due. */
	assert_int_equal(dues(env, "フォローアップ", "2026-04-10"), 0);
	assert_int_equal(dues(env, "フォローアップ", "2026-05-15"), 1);
	/* 確認できず may end the follow-ups. */
	th_clock("2026-05-15 10:00:00");
	th_assert_ok(follow_up_as(env, "確認", "1", NULL, NULL, NULL, &err),
		     &err);
	assert_int_equal(dues(env, "フォローアップ", NULL), 0);
	assert_true(case_closed(env));
}

static void
a_follow_up_comes_after_a_referral_or_closure__001_9_9_e(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	/* A case in support records its contacts as progress entries. */
	fill(env, "reception", reception_signed);
	take(env, &consultant, "application", NULL);
	take(env, &consultant, "triage", "継続支援");
	assert_closed_because(env, "follow_up",
			      "他制度・他機関や福祉事務所へつないだあと、または終結したあとに記録します");
	assert_int_equal(follow_up_as(env, "つながった", "電話", NULL, NULL,
				      NULL, &err),
			 MD_ERR_CLOSED);
	th_assert_contains(err.msg, "手順「フォローアップ」はまだ行えません");
}

static void
a_follow_up_ended_by_information_only_is_refused__001_9_3(void **state)
{
	struct th_env *env = *state;
	take(env, &consultant, "triage", "情報提供のみで終了");
	assert_true(case_closed(env));
	assert_closed_because(env, "follow_up",
			      "つないだあと、または終結したあと");
}

static void
a_follow_up_names_how_it_was_checked_and_comes_after_the_referral(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_clock("2026-04-20 10:00:00");
	referred(env, "R8.4.15", "R8.5.1");
	assert_int_equal(follow_up_as(env, "つながった", NULL, NULL, NULL, NULL,
				      &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "フォローアップの方法を選んでください(1: 電話、2: 訪問、3: 来所、4: 関係機関から、5: その他)");
	assert_int_equal(follow_up_as(env, "つながった", "FAX", NULL, NULL,
				      NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "フォローアップの方法に「FAX」はありません");
	assert_int_equal(follow_up_as(env, "つながった", "関係", NULL, NULL,
				      "R8.4.14", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "フォローアップの日付(令和8年4月14日)は、先に行った「スクリーニング」の日(令和8年4月15日)より前です");
	th_assert_ok(follow_up_as(env, "つながった", "関係", NULL, NULL,
				  "R8.4.15", &err),
		     &err);
	assert_string_equal(th_text(env->db,
				    "SELECT method FROM workflow_events"
				    " ORDER BY id DESC LIMIT 1"),
			    "関係機関から");
	const struct md_wf_step *fs = md_workflow_follow_up_step(wf);
	assert_non_null(fs);
	assert_string_equal(fs->id, "follow_up");
	assert_true(fs->after_close && fs->meets_follow_up);
	assert_int_equal(fs->note, MD_WF_OPTIONAL);
}

static void
a_method_or_note_only_where_the_step_takes_them(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_take t = {.outcome = "継続支援", .method = "電話"};
	assert_int_equal(md_workflow_take(env->db, &consultant, wf, forms,
					  case_id, "triage", &t, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "振り分けでは方法を記録しません");
	t = (struct md_take){.outcome = "継続支援", .note = "メモ"};
	assert_int_equal(md_workflow_take(env->db, &consultant, wf, forms,
					  case_id, "triage", &t, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "振り分けではメモを記録しません");
}

/* 001 第9条(9): a new round of a form the process reads (評価シート, the
 * assessment and plan of a 再プラン) is opened by the step that needs it,
 * never by hand, so that the round a person fills is the one the step
 * records (issue 14, finding 7). */
static void
a_new_round_is_opened_only_by_the_step_that_needs_it__001_9_9(void **state)
{
	(void)state;
	bool nomem;
	char *why = md_workflow_round_refusal(wf, "evaluation", &nomem);
	assert_non_null(why);
	assert_string_equal(why,
			    "第5号様式(評価シート)の新しい回は、手順「評価」を記録すると始まります(手順がその回を読むため、回は手順だけが始めます)");
	md_free(why);
	why = md_workflow_round_refusal(wf, "intake", &nomem);
	th_assert_contains(why,
			   "第2号様式(インテーク・アセスメントシート)の新しい回は、手順「再プラン」を記録すると始まります");
	md_free(why);
	why = md_workflow_round_refusal(wf, "plan", &nomem);
	th_assert_contains(why, "手順「再プラン」を記録すると始まります");
	md_free(why);
	why = md_workflow_round_refusal(wf, "reception", &nomem);
	th_assert_contains(why,
			   "第1号様式(相談申込・受付票)の新しい回はありません");
	md_free(why);
	/* An entries form takes a new entry each time. */
	assert_null(md_workflow_round_refusal(wf, "progress", &nomem));
	assert_false(nomem);
}

/* A progress entry of case `id` on `on` (ISO), naming `next` (NULL: none)
 * as its 次回予定日. */
static void
entry(struct th_env *env, long long id, const char *on, const char *next)
{
	struct md_err err;
	struct md_record rec;
	bool saved;
	th_assert_ok(md_record_open(env->db, &consultant, forms, id, "progress",
				    MD_SEQ_NEW, &rec, &err),
		     &err);
	md_values_set(&rec.values, "entry_date", on, NULL);
	md_values_set(&rec.values, "content", "面談", NULL);
	if (next)
		md_values_set(&rec.values, "next_on", next, NULL);
	th_assert_ok(md_record_save(env->db, &consultant, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	md_record_fini(&rec);
}

/* The appointments among the due list, as "case:date[!]" joined by " ". */
static void
appointments(struct th_env *env, char *out, size_t size)
{
	struct md_due *d;
	size_t n;
	struct md_err err;
	th_assert_ok(md_workflow_due(env->db, &consultant, 14, 0, &d, &n, &err),
		     &err);
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!strcmp(d[i].kind, "次回予定"))
			len += (size_t)snprintf(out + len, size - len,
						"%s%lld:%s%s", len ? " " : "",
						d[i].case_id - case_id,
						d[i].due_on,
						d[i].overdue ? "!" : "");
	md_dues_free(d, n);
}

/* 今日の予定 lists a case's appointment (the 次回予定日 of its latest
 * progress entry that names one) from two weeks before today to two weeks
 * after, until an entry is dated on or after it; never for a closed case.
 * (issue 15, finding 8) */
static void
the_due_list_holds_the_appointments_of_progress_entries(void **state)
{
	struct th_env *env = *state;
	char got[512];
	long long other[4];
	for (int i = 0; i < 4; i++)
		other[i] = th_case(env, forms, "山田 花子", "やまだ はなこ",
				   NULL);
	entry(env, case_id, "2026-03-20", "2026-04-10");
	appointments(env, got, sizeof got);
	assert_string_equal(got, "0:2026-04-10");
	/* An entry naming none leaves it; one naming another replaces it. */
	entry(env, case_id, "2026-03-25", NULL);
	appointments(env, got, sizeof got);
	assert_string_equal(got, "0:2026-04-10");
	entry(env, case_id, "2026-03-28", "2026-04-12");
	appointments(env, got, sizeof got);
	assert_string_equal(got, "0:2026-04-12");
	/* Missed (no entry on or after it) within two weeks: overdue. */
	entry(env, other[0], "2026-03-15", "2026-03-25");
	/* Kept: an entry on its day. */
	entry(env, other[1], "2026-03-10", "2026-03-20");
	entry(env, other[1], "2026-03-20", NULL);
	/* Beyond two weeks either side. */
	entry(env, other[2], "2026-02-01", "2026-03-01");
	entry(env, other[3], "2026-03-30", "2026-04-30");
	appointments(env, got, sizeof got);
	assert_string_equal(got, "1:2026-03-25! 0:2026-04-12");
	/* A closed case has none. */
	struct md_err err;
	char *sql =
		sqlite3_mprintf("UPDATE cases SET status = 'closed' WHERE id = %lld",
				other[0]);
	th_assert_ok(md_db_exec(env->db, sql, &err), &err);
	sqlite3_free(sql);
	appointments(env, got, sizeof got);
	assert_string_equal(got, "0:2026-04-12");
	/* Changing the entry's date changes the appointment. */
	struct md_record rec;
	bool saved;
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id,
				    "progress", 3, &rec, &err),
		     &err);
	md_values_set(&rec.values, "next_on", "R8.4.9", NULL);
	th_assert_ok(md_record_save(env->db, &consultant, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	md_record_fini(&rec);
	appointments(env, got, sizeof got);
	assert_string_equal(got, "0:2026-04-09");
}

/* Entries saved before migration 12 take their appointment from their
 * latest revision when the database is opened by this version. */
static void
the_migration_reads_the_appointments_of_earlier_entries(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	entry(env, case_id, "2026-03-20", "2026-04-10");
	entry(env, case_id, "2026-03-21", "");
	th_rewind(env, 11);
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM form_records"
				" WHERE appointment_on = '2026-04-10'"),
			 1);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_records"
					 " WHERE appointment_on IS NOT NULL"),
			 1);
	char got[128];
	appointments(env, got, sizeof got);
	assert_string_equal(got, "0:2026-04-10");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_full_course_to_closure__001_9,
						setup, teardown),
		cmocka_unit_test_setup_teardown(information_only_ends_the_case__001_9_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(referral_at_triage_needs_an_agency__001_9_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(each_missing_prerequisite_of_assessment_alone__001_9_2_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(steps_with_forms_need_them_complete,
						setup, teardown),
		cmocka_unit_test_setup_teardown(screening_outcomes__001_9_5,
						setup, teardown),
		cmocka_unit_test_setup_teardown(referral_at_screening_ends_with_a_follow_up__001_9_5,
						setup, teardown),
		cmocka_unit_test_setup_teardown(welfare_referral_goes_to_a_welfare_office__001_9_5,
						setup, teardown),
		cmocka_unit_test_setup_teardown(agencies_are_named_as_outcomes_are,
						setup, teardown),
		cmocka_unit_test_setup_teardown(meeting_sends_back_to_the_plan_draft__001_9_6,
						setup, teardown),
		cmocka_unit_test_setup_teardown(head_of_ward_sends_back_and_the_plan_is_resubmitted__001_10_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(plan_with_u_needs_the_support_decision_and_notice__001_10_4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(evaluations_fall_due_at_the_configured_intervals,
						setup, teardown),
		cmocka_unit_test_setup_teardown(status_names_the_outcome_the_form_holds,
						setup, teardown),
		cmocka_unit_test_setup_teardown(replan_after_evaluation_two_rounds__001_9_9,
						setup, teardown),
		cmocka_unit_test_setup_teardown(reopening_a_closed_case_needs_a_chief_or_admin_and_a_reason,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_reason_with_a_lone_cr_keeps_its_lines,
						setup, teardown),
		cmocka_unit_test_setup_teardown(wrong_role_and_done_steps_are_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(broken_workflow_definitions_name_file_and_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(meetings_named_by_the_workflow_are_checked__004_5_7,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_due_list_is_soonest_first_up_to_a_limit,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_decided_plan_cannot_be_rewritten__001_10_2,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_workflow_still_writes_its_own_fields_on_a_decided_plan__001_10_4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_plan_change_goes_back_through_agreement_meeting_and_decision__001_10_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_signature_does_not_carry_over_to_a_revised_plan__001_9_6,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_change_after_the_agreement_voids_it_and_the_steps_after__001_9_6,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_replan_keeps_the_decided_plan_of_the_round_before__001_9_9,
						setup, teardown),
		cmocka_unit_test_setup_teardown(every_step_keeps_the_day_it_was_done__001_9,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_received_date_is_the_one_on_form_1__001_9_1,
						setup, teardown),
		cmocka_unit_test_setup_teardown(migration_9_dates_the_steps_and_takes_the_received_date__001_9_1,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_follow_up_is_recorded_on_a_closed_case_without_reopening_it__001_9_5_i,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_follow_up_that_did_not_connect_sets_the_next__001_9_5_i,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_follow_up_comes_after_a_referral_or_closure__001_9_9_e,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_follow_up_ended_by_information_only_is_refused__001_9_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_follow_up_names_how_it_was_checked_and_comes_after_the_referral,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_method_or_note_only_where_the_step_takes_them,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_new_round_is_opened_only_by_the_step_that_needs_it__001_9_9,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_due_list_holds_the_appointments_of_progress_entries,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_migration_reads_the_appointments_of_earlier_entries,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("workflow", tests, NULL, NULL);
}
