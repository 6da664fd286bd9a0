/* Meetings through the core (issue 19): the consent rule of each type with
 * its citation (003 §6: 支援調整会議 本人同意 必要, 支援会議 なくても可;
 * 社会福祉法第106条の6, 004 §3(6), 別紙③), consent withdrawn (for meetings and
 * the household print alike), the minutes within the reader's basis, the
 * 提供記録, dates on due, a definition fault as file:line, bad input. */
#include "helpers.h"

#include "madoguchi/consent.h"
#include "madoguchi/diag.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/agencies.h"
#include "madoguchi/records.h"
#include "madoguchi/workflow.h"

static struct md_forms *forms;
static struct md_household_defs *hdefs;
static struct md_meeting_defs *mdefs;

static int
setup(void **state)
{
	th_setup(state);
	struct md_err err;
	struct md_diags diags;
	forms = th_forms("forms");
	md_diags_init(&diags);
	th_assert_ok(md_household_defs_load(TOP_DIR "/forms/households.ini",
					    forms, &hdefs, &diags, &err),
		     &err);
	th_assert_ok(md_meeting_defs_load(TOP_DIR "/forms/meetings.ini", &mdefs,
					  &diags, &err),
		     &err);
	md_diags_fini(&diags);
	struct th_env *env = *state;
	th_assert_ok(md_agency_add(env->db, &env->admin, th_kinds(),
				   &(const struct md_agency_in){
					   .name = "地域包括支援センター"},
				   &err),
		     &err);
	return 0;
}

static int
teardown(void **state)
{
	md_meeting_defs_free(&mdefs);
	md_household_defs_free(&hdefs);
	md_forms_free(&forms);
	return th_teardown(state);
}

/* Save 第1号様式's consent_share of case_id as value. */
static void
consent(struct th_env *env, long long case_id, const char *value)
{
	struct md_err err;
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "reception", MD_SEQ_LATEST, &rec, &err),
		     &err);
	md_values_set(&rec.values, "consent_share", value, NULL);
	bool saved;
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	md_record_fini(&rec);
}

/* Every row of the meetings' tables, for "nothing stored". */
static long long
stored(struct th_env *env)
{
	return th_int(env->db, "SELECT (SELECT count(*) FROM meetings)"
			       " + (SELECT count(*) FROM meeting_revisions)"
			       " + (SELECT count(*) FROM meeting_attendees)"
			       " + (SELECT count(*) FROM meeting_persons)"
			       " + (SELECT count(*) FROM meeting_tasks)"
			       " + (SELECT count(*) FROM disclosures)");
}

static long long
meeting(struct th_env *env, const char *type, const char *basis, const char *on)
{
	struct md_meeting_in in = {.type = type,
				   .basis = basis,
				   .on = on,
				   .held = -1};
	long long id = 0;
	struct md_err err;
	th_assert_ok(md_meeting_new(env->db, &env->admin, mdefs, &in, &id,
				    &err),
		     &err);
	return id;
}

/* 003 §6: 支援調整会議 needs consent, quoting the rule; 支援会議 takes the
 * person on 社会福祉法第106条の6 (なくても可). */
static void
consent_rule_by_type__003_6(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long c1 = th_case(env, forms, "髙橋 花子", "たかはし はなこ",
			       NULL);
	long long c2 = th_case(env, forms, "山田 次郎", "やまだ じろう", NULL);
	consent(env, c1, "はい");
	long long chosei = meeting(env, "支援調整会議", NULL, "2026-03-25");
	long long shien = meeting(env, "shien", "社会福祉法第106条の6",
				  "2026-03-26");
	th_assert_ok(md_meeting_add_person(env->db, &env->admin, mdefs, hdefs,
					   chosei, 1, NULL, &err),
		     &err);
	long long before = stored(env);
	assert_int_equal(md_meeting_add_person(env->db, &env->admin, mdefs,
					       hdefs, chosei, 2, NULL, &err),
			 MD_ERR_INVALID);
	assert_non_null(
		strstr(err.msg, "支援調整会議は本人の同意が必要です(003 §6"));
	assert_non_null(strstr(err.msg, "社会福祉法第106条の6"));
	assert_int_equal(stored(env), before);
	th_assert_ok(md_meeting_add_person(env->db, &env->admin, mdefs, hdefs,
					   shien, 2, NULL, &err),
		     &err);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM meeting_persons"
				" WHERE meeting_id = 2 AND basis = 'law'"
				" AND basis_text = '社会福祉法第106条の6'"),
			 1);
	(void)c2;
}

/* Consent withdrawn counts from its day (DOMAIN "Who may hear what"): for
 * a meeting that needs consent and for the household print alike. */
static void
consent_withdrawn_stops_sharing(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long c1 = th_case(env, forms, "髙橋 花子", "たかはし はなこ",
			       NULL);
	consent(env, c1, "はい");
	struct md_consent_rule rule = md_household_consent_rule(hdefs);
	bool yes = false;
	th_assert_ok(md_person_consented(env->db, &rule, 1, NULL, &yes, &err),
		     &err);
	assert_true(yes);
	th_assert_ok(md_consent_withdraw(env->db, &env->admin, 1, "R8.3.30",
					 "電話で申し出", NULL, &err),
		     &err);
	th_assert_ok(md_person_consented(env->db, &rule, 1, "2026-03-29", &yes,
					 &err),
		     &err);
	assert_true(yes); /* before the day */
	th_assert_ok(md_person_consented(env->db, &rule, 1, NULL, &yes, &err),
		     &err);
	assert_false(yes);
	long long chosei = meeting(env, "chosei", NULL, "2026-04-01");
	assert_int_equal(md_meeting_add_person(env->db, &env->admin, mdefs,
					       hdefs, chosei, 1, NULL, &err),
			 MD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "同意を撤回しています"));
	/* The household print leaves her out too. */
	struct md_member_in m = {.person_id = 1,
				 .relation = "世帯主",
				 .needs_support = -1};
	long long hid = 0;
	th_assert_ok(md_household_new(env->db, &env->admin, hdefs, forms,
				      &(struct md_household_in){0}, &m, &hid,
				      NULL, NULL, &err),
		     &err);
	struct md_workflow *wf = NULL;
	struct md_diags diags;
	md_diags_init(&diags);
	th_assert_ok(md_workflow_load(TOP_DIR "/forms/workflow.ini", forms, &wf,
				      &diags, &err),
		     &err);
	md_diags_fini(&diags);
	struct md_buf b;
	md_buf_init(&b);
	th_assert_ok(md_household_print_text(env->db, &env->admin, hdefs, wf,
					     hid, NULL, &b, &err),
		     &err);
	assert_null(strstr(md_buf_str(&b), "髙橋"));
	assert_non_null(
		strstr(md_buf_str(&b), "本人の同意がないため記載しません"));
	md_buf_fini(&b);
	md_workflow_free(&wf);
	/* Consent given again afterwards (a new revision holding it) gives
	 * it back. */
	th_clock("2026-04-02 09:00:00");
	consent(env, c1, "いいえ");
	th_clock("2026-04-02 09:05:00");
	consent(env, c1, "はい");
	th_assert_ok(md_person_consented(env->db, &rule, 1, NULL, &yes, &err),
		     &err);
	assert_true(yes);
}

/* The minutes leave out a person on the law for a reader not bound to
 * secrecy (004 別紙③ 守秘義務), and record a disclosure per person printed. */
static void
minutes_within_the_readers_basis__bessi3(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_case(env, forms, "山田 次郎", "やまだ じろう", NULL);
	long long id = meeting(env, "支援会議", "2", "2026-03-26");
	struct md_attendee_in a = {.name = "佐藤 三郎",
				   .agency = "地域包括支援センター"};
	long long before = stored(env);
	assert_int_equal(md_meeting_add_attendee(env->db, &env->admin, mdefs,
						 id, &a, NULL, &err),
			 MD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "守秘義務"));
	assert_int_equal(stored(env), before);
	a.secrecy = true;
	long long aid = 0;
	th_assert_ok(md_meeting_add_attendee(env->db, &env->admin, mdefs, id,
					     &a, &aid, &err),
		     &err);
	th_assert_ok(md_meeting_add_person(env->db, &env->admin, mdefs, hdefs,
					   id, 1, NULL, &err),
		     &err);
	struct md_buf b;
	md_buf_init(&b);
	struct md_minutes_reader nobody = {0};
	th_assert_ok(md_meeting_minutes_text(env->db, &env->admin, mdefs, hdefs,
					     id, &nobody, &b, &err),
		     &err);
	assert_null(strstr(md_buf_str(&b), "山田"));
	assert_non_null(strstr(md_buf_str(&b), "読み手が守秘義務を負わない"));
	md_buf_fini(&b);
	md_buf_init(&b);
	struct md_minutes_reader bound = {.attendee_id = aid};
	th_assert_ok(md_meeting_minutes_text(env->db, &env->admin, mdefs, hdefs,
					     id, &bound, &b, &err),
		     &err);
	assert_non_null(strstr(md_buf_str(&b), "山田"));
	md_buf_fini(&b);
	struct md_disclosure *d;
	size_t n;
	char withdrawn[11];
	th_assert_ok(md_person_disclosures(env->db, &env->admin, 1, &d, &n,
					   withdrawn, &err),
		     &err);
	assert_int_equal(n,
			 2); /* the meeting, and the one print that named him */
	assert_string_equal(d[0].basis, "生活困窮者自立支援法第9条");
	assert_non_null(strstr(d[1].to, "佐藤 三郎"));
	assert_string_equal(withdrawn, "");
	md_disclosures_free(d, n);
}

/* Tasks need owner and date; a held meeting is never in the future; the
 * next meeting, open tasks and a regular type (002 第7条3) are due. */
static void
bad_input_and_due__002_7(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long before = stored(env);
	struct md_meeting_in future = {.type = "chosei",
				       .on = "2026-05-01",
				       .held = -1};
	assert_int_equal(md_meeting_new(env->db, &env->admin, mdefs, &future,
					NULL, &err),
			 MD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "未来"));
	assert_int_equal(stored(env), before);
	future.held = 0; /* planned: may be */
	th_assert_ok(md_meeting_new(env->db, &env->admin, mdefs, &future, NULL,
				    &err),
		     &err);
	long long id = meeting(env, "ケース共有会議", NULL, "2026-02-05");
	before = stored(env);
	assert_int_equal(md_meeting_add_task(env->db, &env->admin, id, "訪問",
					     "", "2026-04-03", NULL, &err),
			 MD_ERR_INVALID);
	assert_int_equal(md_meeting_add_task(env->db, &env->admin, id, "訪問",
					     "地域包括支援センター", NULL, NULL,
					     &err),
			 MD_ERR_INVALID);
	assert_int_equal(stored(env), before);
	long long tid = 0;
	th_assert_ok(md_meeting_add_task(env->db, &env->admin, id, "訪問",
					 "地域包括支援センター", "R8.4.3", &tid,
					 &err),
		     &err);
	struct md_meeting_due *d;
	size_t n;
	th_assert_ok(md_meeting_due(env->db, &env->admin, mdefs, 7, &d, &n,
				    &err),
		     &err);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].due_on, "2026-04-03");
	assert_int_equal(d[0].task_id, tid);
	assert_string_equal(d[1].kind, "定例の会議");
	assert_string_equal(d[1].due_on, "2026-04-05"); /* 2か月 after 2月5日 */
	md_meeting_dues_free(d, n);
	th_assert_ok(md_meeting_task_done(env->db, &env->admin, tid, NULL,
					  &err),
		     &err);
	assert_int_equal(md_meeting_task_done(env->db, &env->admin, tid, NULL,
					      &err),
			 MD_ERR_INVALID);
}

/* A fault of forms/meetings.ini names file:line. */
static void
definition_fault_names_file_and_line(void **state)
{
	(void)state;
	const char *path = th_write("meetings.ini", "[shien]\n"
						    "label = 支援会議\n"
						    "cite = 003 §6\n"
						    "consent = not_required\n"
						    "secrecy = maybe\n"
						    "persons = yes\n");
	struct md_meeting_defs *d = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	assert_int_equal(md_meeting_defs_load(path, &d, &diags, &err),
			 MD_ERR_DEFINITION);
	assert_null(d);
	bool line5 = false, basis = false;
	for (size_t i = 0; i < diags.n; i++) {
		line5 |= strstr(diags.msgs[i], "meetings.ini:5: secrecy") !=
			 NULL;
		basis |= strstr(diags.msgs[i], "法的根拠を basis") != NULL;
	}
	assert_true(line5);
	assert_true(basis); /* no consent needs a law */
	md_diags_fini(&diags);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(consent_rule_by_type__003_6,
						setup, teardown),
		cmocka_unit_test_setup_teardown(consent_withdrawn_stops_sharing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(minutes_within_the_readers_basis__bessi3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_and_due__002_7, setup,
						teardown),
		cmocka_unit_test_setup_teardown(definition_fault_names_file_and_line,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
