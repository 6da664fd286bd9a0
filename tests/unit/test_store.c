/* The store (store.h), the one writer of every table: each function writes
 * its row as given, and the rows the workflow and the demo generator will
 * write through it are those their own statements write today. */
#include "helpers.h"

#include "madoguchi/records.h"
#include "madoguchi/store.h"
#include "madoguchi/workflow.h"

/* Row `id` of a query as its columns quote()d and joined by "|", in buf. */
static const char *
row(struct md_db *db, const char *sql, long long id, char *buf, size_t size)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(md_db_sqlite(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg("prepare %s: %s", sql,
			 sqlite3_errmsg(md_db_sqlite(db)));
	sqlite3_bind_int64(st, 1, id);
	buf[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW) {
		size_t len = 0;
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *t = (const char *)sqlite3_column_text(st,
									  i);
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						i ? "|" : "", t ? t : "?");
			if (len >= size)
				fail_msg("row too long");
		}
	} else {
		snprintf(buf, size, "(none)");
	}
	sqlite3_finalize(st);
	return buf;
}

#define EVENT_COLUMNS                                                          \
	"SELECT quote(case_id), quote(step), quote(outcome), quote(reason),"   \
	" quote(agency), quote(follow_up_on), quote(record_id),"               \
	" quote(record_revision), quote(user_id), quote(at), quote(done_on),"  \
	" quote(method), quote(note) FROM workflow_events WHERE id = ?1"
#define CASE_COLUMNS                                                           \
	"SELECT quote(person_id), quote(status), quote(stage),"                \
	" quote(staff_id), quote(opened_on), quote(closed_on),"                \
	" quote(close_reason), quote(plan_decided_on), quote(next_eval_on),"   \
	" quote(follow_up_on), quote(created_at), quote(updated_at)"           \
	" FROM cases WHERE id = ?1"

/* A person and a case written through the store, as the demo does. */
static long long
demo_case(struct th_env *env, const struct md_store_case *c_in, long long *pid)
{
	struct md_err err;
	long long hh = 0, person = 0, id = 0;
	const struct md_store_household h = {
		.label = "山田家",
		.created_at = "2020-04-01 09:00:00",
	};
	th_assert_ok(md_store_household_insert(env->db, &h, &hh, &err), &err);
	struct md_store_person p = {
		.household_id = hh,
		.field = {"山田 花子", "やまだ はなこ", "女", "", "100-0001",
			  "千代田区", "", "", ""},
		.extra = "{}",
		.name_key = "やまだはなこ",
		.kana_key = "やまだはなこ",
		.revision = 1,
		.created_at = "2020-04-01 09:00:00",
		.updated_at = "2020-04-01 09:00:00",
	};
	th_assert_ok(md_store_person_insert(env->db, &p, &person, &err), &err);
	struct md_store_case c = *c_in;
	c.person_id = person;
	th_assert_ok(md_store_case_insert(env->db, &c, &id, &err), &err);
	if (pid)
		*pid = person;
	return id;
}

/* The event a case's opening records through workflow.c, written again
 * through the store from its columns, is the same row. */
static void
event_row_is_the_workflows(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_forms *forms = th_forms("forms");
	struct md_workflow *wf = NULL;
	struct md_diags diags;
	md_diags_init(&diags);
	th_assert_ok(md_workflow_load(TOP_DIR "/forms/workflow.ini", forms, &wf,
				      &diags, &err),
		     &err);
	md_diags_fini(&diags);
	struct md_values p;
	md_values_init(&p);
	md_values_set(&p, "name", "山田 太郎", NULL);
	md_values_set(&p, "kana", "やまだ たろう", NULL);
	long long case_id = 0;
	struct md_user consultant;
	th_user(env, "soudan", MD_ROLE_CONSULTANT, &consultant);
	th_assert_ok(md_workflow_open_case(env->db, &consultant, wf, forms, 0,
					   &p, &case_id, NULL, &err),
		     &err);
	md_values_fini(&p);
	long long first = th_int(env->db,
				 "SELECT max(id) FROM workflow_events");
	char stage[64], want[2048], got[2048];
	row(env->db, "SELECT step FROM workflow_events WHERE id = ?1", first,
	    stage, sizeof stage);
	row(env->db, EVENT_COLUMNS, first, want, sizeof want);
	char at[64];
	row(env->db, "SELECT at FROM workflow_events WHERE id = ?1", first, at,
	    sizeof at);
	const struct md_store_event e = {
		.case_id = case_id,
		.step = stage,
		.user_id = consultant.id,
		.at = at,
	};
	md_user_fini(&consultant);
	long long id = 0;
	th_assert_ok(md_store_event_insert(env->db, &e, &id, &err), &err);
	assert_true(id > first);
	assert_string_equal(row(env->db, EVENT_COLUMNS, id, got, sizeof got),
			    want);

	/* Every column given, as a step with its record and follow-up. */
	const struct md_store_event full = {
		.case_id = case_id,
		.step = stage,
		.outcome = "つなぎ",
		.reason = "理由",
		.agency = "○○福祉事務所",
		.method = "来所",
		.note = "メモ",
		.follow_up_on = "2026-05-01",
		.record_id = 0,
		.user_id = env->admin.id,
		.at = "2026-04-01 10:00:00",
		.done_on = "2026-04-01",
	};
	th_assert_ok(md_store_event_insert(env->db, &full, &id, &err), &err);
	assert_string_equal(row(env->db, EVENT_COLUMNS, id, got, sizeof got),
			    "1|'reception'|'つなぎ'|'理由'|'○○福祉事務所'|'2026-05-01'|NULL|NULL|1|"
			    "'2026-04-01 10:00:00'|'2026-04-01'|'来所'|'メモ'");
	md_workflow_free(&wf);
	md_forms_free(&forms);
}

/* The demo's rows: a household, a person in it, a whole case row. */
static void
demo_rows_as_given(void **state)
{
	struct th_env *env = *state;
	const struct md_store_case c = {
		.closed = true,
		.stage = "closure",
		.staff_id = env->admin.id,
		.opened_on = "2020-04-01",
		.closed_on = "2021-03-31",
		.close_reason = "目標達成",
		.plan_decided_on = "2020-05-01",
		.created_at = "2020-04-01 09:00:00",
		.updated_at = "2021-03-31 17:00:00",
	};
	long long person = 0;
	long long id = demo_case(env, &c, &person);
	char got[2048];
	assert_string_equal(row(env->db, CASE_COLUMNS, id, got, sizeof got),
			    "1|'closed'|'closure'|1|'2020-04-01'|'2021-03-31'|"
			    "'目標達成'|'2020-05-01'|NULL|NULL|"
			    "'2020-04-01 09:00:00'|'2021-03-31 17:00:00'");
	assert_string_equal(row(env->db,
				"SELECT quote(household_id), quote(sex), quote(birth_date),"
				" quote(extra), quote(revision) FROM persons WHERE id = ?1",
				person, got, sizeof got),
			    "1|'女'|NULL|'{}'|1");
	struct md_err err;
	th_assert_ok(md_person_keys_write(env->db, person, "山田 花子",
					  "やまだ はなこ", &err),
		     &err);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM person_keys"),
			 6);
	const struct md_store_person_revision r = {
		.person_id = person,
		.revision = 1,
		.user_id = env->admin.id,
		.at = "2020-04-01 09:00:00",
		.data = "{\"name\":\"山田 花子\"}",
		.changed = "[]",
	};
	th_assert_ok(md_store_person_revision_insert(env->db, &r, &err), &err);
	assert_int_equal(th_int(env->db,
				"SELECT base_revision FROM person_revisions"
				" WHERE person_id = 1"),
			 0);
}

/* A user with a given hash, active or not; its login_key the program's. */
static void
user_row_with_its_key(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const struct md_store_user u = {
		.login = "Suzuki.K",
		.display_name = "鈴木 健一",
		.role = "consultant",
		.password_hash = "$y$hash",
		.active = false,
		.created_at = "1996-04-01 09:00:00",
		.updated_at = "2011-03-31 17:00:00",
	};
	long long id = 0;
	th_assert_ok(md_store_user_insert(env->db, &u, &id, &err), &err);
	char got[1024];
	char *key = md_auth_login_key("Suzuki.K");
	char want[256];
	snprintf(want, sizeof want, "'$y$hash'|0|'%s'", key);
	md_free(key);
	assert_string_equal(row(env->db,
				"SELECT quote(password_hash), quote(active),"
				" quote(login_key) FROM users WHERE id = ?1",
				id, got, sizeof got),
			    want);
	/* The same login again, in any case: taken. */
	const struct md_store_user again = {
		.login = "suzuki.k",
		.display_name = "x",
		.role = "consultant",
		.password_hash = "h",
		.active = true,
		.created_at = "t",
		.updated_at = "t",
	};
	assert_int_equal(md_store_user_insert(env->db, &again, &id, &err),
			 MD_ERR_EXISTS);
}

/* Records: an empty round once, the same seq twice refused, a revision and
 * the head; the freezes of a case replaced. */
static void
records_rounds_and_freezes(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const struct md_store_case c = {
		.stage = "reception",
		.staff_id = env->admin.id,
		.opened_on = "2026-04-01",
		.created_at = "2026-04-01 10:00:00",
		.updated_at = "2026-04-01 10:00:00",
	};
	long long case_id = demo_case(env, &c, NULL);
	for (int i = 0; i < 2; i++)
		th_assert_ok(md_store_record_create_round(env->db, case_id,
							  "plan", 2,
							  "2026-04-01 10:00:00",
							  &err),
			     &err);
	char got[1024];
	assert_string_equal(row(env->db,
				"SELECT count(*), quote(min(revision)), quote(min(complete)),"
				" quote(min(entry_date)) FROM form_records WHERE case_id = ?1",
				case_id, got, sizeof got),
			    "1|0|0|NULL");
	const struct md_store_record r = {
		.case_id = case_id,
		.form = "plan",
		.seq = 2,
		.revision = 1,
		.complete = true,
		.created_at = "x",
		.updated_at = "x",
	};
	long long rid = 0;
	assert_int_equal(md_store_record_insert(env->db, &r, &rid, &err),
			 MD_ERR_EXISTS);
	const struct md_store_record e = {
		.case_id = case_id,
		.form = "progress",
		.seq = 1,
		.revision = 1,
		.complete = true,
		.entry_date = "2026-03-30",
		.created_at = "2026-03-30 11:00:00",
		.updated_at = "2026-03-30 11:00:00",
	};
	th_assert_ok(md_store_record_insert(env->db, &e, &rid, &err), &err);
	const struct md_store_revision rev = {
		.record_id = rid,
		.revision = 1,
		.user_id = env->admin.id,
		.at = "2026-03-30 11:00:00",
		.complete = true,
		.data = "{}",
		.changed = "[]",
		.note = "",
	};
	th_assert_ok(md_store_revision_insert(env->db, &rev, &err), &err);
	long long plan = th_int(env->db, "SELECT id FROM form_records"
					 " WHERE form = 'plan'");
	const struct md_store_event ev = {
		.case_id = case_id,
		.step = "plan_decision",
		.user_id = env->admin.id,
		.at = "2026-04-01 10:00:00",
	};
	long long event = 0;
	th_assert_ok(md_store_event_insert(env->db, &ev, &event, &err), &err);
	const struct md_store_freeze z[] = {{plan, event, "決定済み"},
					    {rid, event, "確定"}};
	th_assert_ok(md_store_freezes_replace(env->db, case_id, z, 2, &err),
		     &err);
	th_assert_ok(md_store_freezes_replace(env->db, case_id, z, 1, &err),
		     &err);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM record_freezes"),
			 1);
	const struct md_store_freeze again = {plan, event, "再度"};
	th_assert_ok(md_store_freeze_put(env->db, &again, &err), &err);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM record_freezes"
					 " WHERE why = '再度'"),
			 1);
}

/* The case's flow columns after a step (workflow.c update_case): closed
 * with no day or reason keeps the case's own; open clears them. */
static void
case_flow_keeps_the_closing(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const struct md_store_case c = {
		.closed = true,
		.stage = "closure",
		.staff_id = env->admin.id,
		.opened_on = "2025-04-01",
		.closed_on = "2026-03-01",
		.close_reason = "転出",
		.created_at = "2025-04-01 09:00:00",
		.updated_at = "2026-03-01 09:00:00",
	};
	long long id = demo_case(env, &c, NULL);
	struct md_store_case_flow f = {
		.stage = "follow_up",
		.closed = true,
		.follow_up_on = "2026-06-01",
		.updated_at = "2026-04-01 10:00:00",
	};
	th_assert_ok(md_store_case_flow_update(env->db, id, &f, &err), &err);
	char got[2048];
	assert_string_equal(row(env->db, CASE_COLUMNS, id, got, sizeof got),
			    "1|'closed'|'follow_up'|1|'2025-04-01'|'2026-03-01'|"
			    "'転出'|NULL|NULL|'2026-06-01'|"
			    "'2025-04-01 09:00:00'|'2026-04-01 10:00:00'");
	f.closed_on = "2026-04-01";
	f.close_reason = "";
	f.follow_up_on = NULL;
	th_assert_ok(md_store_case_flow_update(env->db, id, &f, &err), &err);
	assert_string_equal(row(env->db, CASE_COLUMNS, id, got, sizeof got),
			    "1|'closed'|'follow_up'|1|'2025-04-01'|'2026-04-01'|"
			    "''|NULL|NULL|NULL|"
			    "'2025-04-01 09:00:00'|'2026-04-01 10:00:00'");
	th_assert_ok(md_store_case_reopen(env->db, id, "reopen",
					  "2026-04-02 10:00:00", &err),
		     &err);
	assert_string_equal(row(env->db, CASE_COLUMNS, id, got, sizeof got),
			    "1|'open'|'reopen'|1|'2025-04-01'|NULL|NULL|NULL|"
			    "NULL|NULL|'2025-04-01 09:00:00'|"
			    "'2026-04-02 10:00:00'");
	f = (struct md_store_case_flow){
		.stage = "support",
		.closed = false,
		.closed_on = "2026-04-03",
		.close_reason = "x",
		.plan_decided_on = "2026-04-03",
		.next_eval_on = "2026-07-03",
		.updated_at = "2026-04-03 10:00:00",
	};
	th_assert_ok(md_store_case_flow_update(env->db, id, &f, &err), &err);
	th_assert_ok(md_store_case_set_stage(env->db, id, "support_decision",
					     &err),
		     &err);
	assert_string_equal(row(env->db, CASE_COLUMNS, id, got, sizeof got),
			    "1|'open'|'support_decision'|1|'2025-04-01'|NULL|"
			    "NULL|'2026-04-03'|'2026-07-03'|NULL|"
			    "'2025-04-01 09:00:00'|'2026-04-03 10:00:00'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(event_row_is_the_workflows,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(demo_rows_as_given, th_setup,
						th_teardown),
		cmocka_unit_test_setup_teardown(user_row_with_its_key, th_setup,
						th_teardown),
		cmocka_unit_test_setup_teardown(records_rounds_and_freezes,
						th_setup, th_teardown),
		cmocka_unit_test_setup_teardown(case_flow_keeps_the_closing,
						th_setup, th_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
