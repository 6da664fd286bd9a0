/* The demonstration data is written exactly as the engine writes it:
 * generated cases are replayed through md_workflow_open_case,
 * md_workflow_take and md_record_save into a new database, each step and
 * save at its own moment, and their rows compared. Names no step: it holds
 * for any definition. By default it generates 200 cases (seed 7) from the
 * shipped definitions; tests/cli/test_demo_any_workflow.sh runs it on a
 * database generated from a changed one: DEMO_DATADIR, the folder of its
 * forms/ and data/, and DEMO_DB, the generated database. */
#include "helpers.h"

#include "demo/demo.h"
#include "madoguchi/records.h"
#include "madoguchi/workflow.h"

static struct md_forms *forms;
static struct md_workflow *wf;
static struct md_db *gdb;
static char db_path[4200];

static int
group_setup(void **state)
{
	(void)state;
	struct md_err err;
	struct md_diags diags;
	const char *datadir = getenv("DEMO_DATADIR");
	const char *given = getenv("DEMO_DB");
	if (!datadir || !*datadir)
		datadir = TOP_DIR;
	th_clock("2026-04-01 10:00:00");
	setenv("MADOGUCHI_DATADIR", datadir, 1);
	th_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/forms", datadir);
	md_diags_init(&diags);
	th_assert_ok(md_forms_load(path, &forms, &diags, &err), &err);
	snprintf(path, sizeof path, "%s/forms/workflow.ini", datadir);
	th_assert_ok(md_workflow_load(path, forms, &wf, &diags, &err), &err);
	md_diags_fini(&diags);
	if (given && *given) {
		snprintf(db_path, sizeof db_path, "%s", given);
		th_assert_ok(md_db_open(db_path, 0, &gdb, &err), &err);
	} else {
		snprintf(db_path, sizeof db_path, "%s", th_path("demo.db"));
		th_assert_ok(md_db_open(db_path, MD_DB_CREATE, &gdb, &err),
			     &err);
		struct md_demo_options opt = {200, 7, NULL, NULL};
		th_assert_ok(md_demo_generate(gdb, forms, wf, &opt, NULL, &err),
			     &err);
	}
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	md_db_close(&gdb);
	md_workflow_free(&wf);
	md_forms_free(&forms);
	th_rm_rf(th_dir);
	return 0;
}

/* What a case's rows look like, ids aside (the same queries on both). */
static const char *const case_rows[] = {
	"SELECT c.status, c.stage, u.login, c.opened_on, c.closed_on, c.close_reason,"
	" c.plan_decided_on, c.next_eval_on, c.follow_up_on, c.created_at, c.updated_at"
	" FROM cases c JOIN users u ON u.id = c.staff_id WHERE c.id = ?1",
	"SELECT e.step, e.outcome, e.reason, e.agency, e.follow_up_on, f.form, f.seq,"
	" e.record_revision, u.login, e.at, e.done_on FROM workflow_events e"
	" JOIN users u ON u.id = e.user_id LEFT JOIN form_records f ON f.id = e.record_id"
	" WHERE e.case_id = ?1 ORDER BY e.id",
	/* What the steps that stand froze (a decided plan), and why. */
	"SELECT f.form, f.seq, e.step, e.done_on, z.why FROM record_freezes z"
	" JOIN form_records f ON f.id = z.record_id"
	" JOIN workflow_events e ON e.id = z.event_id"
	" WHERE f.case_id = ?1 ORDER BY f.form, f.seq",
	"SELECT form, seq, revision, complete, entry_date, created_at, updated_at"
	" FROM form_records WHERE case_id = ?1 ORDER BY form, seq",
	"SELECT f.form, f.seq, r.revision, r.base_revision, u.login, r.at, r.complete,"
	" r.data, r.changed, r.note FROM form_revisions r"
	" JOIN form_records f ON f.id = r.record_id JOIN users u ON u.id = r.user_id"
	" WHERE f.case_id = ?1 ORDER BY f.form, f.seq, r.revision",
	"SELECT p.name, p.kana, p.sex, p.birth_date, p.postal_code, p.address,"
	" p.phone_home, p.phone_mobile, p.email, p.extra, p.name_key, p.kana_key,"
	" p.revision, p.created_at, p.updated_at, r.data, r.changed, r.at, u.login,"
	" (SELECT group_concat(key, ',') FROM (SELECT key FROM person_keys k"
	"  WHERE k.person_id = p.id ORDER BY key))"
	" FROM cases c JOIN persons p ON p.id = c.person_id"
	" JOIN person_revisions r ON r.person_id = p.id"
	" JOIN users u ON u.id = r.user_id WHERE c.id = ?1",
};

/* One thing that happened to a case: a step, or a save by a member of
 * staff (a revision not written by a step at the same moment). */
struct action {
	char at[20];
	bool step;
	long long id; /* event id, or record id */
	int revision;
};

static int
action_order(const void *a, const void *b)
{
	return strcmp(((const struct action *)a)->at,
		      ((const struct action *)b)->at);
}

static void
setenv_now(const char *at)
{
	setenv("MADOGUCHI_NOW", at, 1);
}

static char *
column(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return md_strdup(t ? (const char *)t : "");
}

/* Replay generated case gid into db r as the engine would record it: the
 * steps through md_workflow_take, the saves through md_record_save, each
 * at its own moment. *rid gets the new case (person_id: the person in r
 * when they already have a case there). */
static void
replay_case(struct md_db *r, long long gid, long long *person_id,
	    long long *rid)
{
	struct md_err err;
	struct action *acts = NULL;
	size_t n = 0;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(gdb),
					    "SELECT at, 1, id, 0 FROM workflow_events WHERE case_id = ?1"
					    " UNION ALL SELECT r.at, 0, f.id, r.revision"
					    " FROM form_revisions r JOIN form_records f ON f.id = r.record_id"
					    " WHERE f.case_id = ?1 AND r.at NOT IN"
					    " (SELECT at FROM workflow_events WHERE case_id = ?1)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, gid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		acts = realloc(acts, (n + 1) * sizeof *acts);
		snprintf(acts[n].at, sizeof acts[n].at, "%s",
			 sqlite3_column_text(st, 0));
		acts[n].step = sqlite3_column_int(st, 1) != 0;
		acts[n].id = sqlite3_column_int64(st, 2);
		acts[n].revision = sqlite3_column_int(st, 3);
		n++;
	}
	sqlite3_finalize(st);
	qsort(acts, n, sizeof *acts, action_order);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(acts[i].at, acts[i - 1].at))
			fail_msg("case %lld: two actions at %s", gid,
				 acts[i].at);
	*rid = 0;
	for (size_t i = 0; i < n; i++) {
		const struct action *a = &acts[i];
		setenv_now(a->at);
		if (a->step) {
			assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(gdb),
							    "SELECT e.step, e.outcome, e.reason, e.agency,"
							    " coalesce(e.follow_up_on, ''), u.login, e.method, e.note"
							    " FROM workflow_events e JOIN users u ON u.id = e.user_id"
							    " WHERE e.id = ?1",
							    -1, &st, NULL),
					 SQLITE_OK);
			sqlite3_bind_int64(st, 1, a->id);
			assert_int_equal(sqlite3_step(st), SQLITE_ROW);
			char *step = column(st, 0), *outcome = column(st, 1),
			     *reason = column(st, 2), *agency = column(st, 3),
			     *fu = column(st, 4), *login = column(st, 5),
			     *method = column(st, 6), *note = column(st, 7);
			sqlite3_finalize(st);
			struct md_user actor = th_account(r, login);
			if (i == 0) { /* the steps recorded when a case opens */
				struct md_values p;
				md_values_init(&p);
				if (!*person_id) {
					assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(
										    gdb),
									    "SELECT p.name, p.kana, p.sex,"
									    " coalesce(p.birth_date, ''), p.postal_code,"
									    " p.address, p.phone_home, p.phone_mobile,"
									    " p.email FROM cases c JOIN persons p"
									    " ON p.id = c.person_id WHERE c.id = ?1",
									    -1,
									    &st,
									    NULL),
							 SQLITE_OK);
					sqlite3_bind_int64(st, 1, gid);
					assert_int_equal(sqlite3_step(st),
							 SQLITE_ROW);
					for (int k = 0;
					     k < MD_PERSON_FIELD_COUNT; k++)
						md_values_set(&p,
							      md_person_field_code(
								      k),
							      (const char *)
								      sqlite3_column_text(st,
											  k),
							      NULL);
					sqlite3_finalize(st);
				}
				th_assert_ok(md_workflow_open_case(r, &actor,
								   wf, forms,
								   *person_id,
								   &p, rid,
								   NULL, &err),
					     &err);
				md_values_fini(&p);
				if (!*person_id)
					*person_id =
						th_int(r,
						       "SELECT max(id) FROM persons");
			} else {
				char date[11];
				snprintf(date, sizeof date, "%s", a->at);
				struct md_take take =
					{.outcome = *outcome ? outcome : NULL,
					 .agency = *agency ? agency : NULL,
					 .reason = *reason ? reason : NULL,
					 .follow_up = *fu ? fu : NULL,
					 .date = date,
					 .method = *method ? method : NULL,
					 .note = *note ? note : NULL};
				enum md_status rc = md_workflow_take(r, &actor,
								     wf, forms,
								     *rid, step,
								     &take,
								     &err);
				if (rc != MD_OK)
					fail_msg("case %lld, %s at %s: %s", gid,
						 step, a->at, err.msg);
			}
			md_user_fini(&actor);
			md_free(step);
			md_free(outcome);
			md_free(reason);
			md_free(agency);
			md_free(fu);
			md_free(login);
			md_free(method);
			md_free(note);
			continue;
		}
		/* A save: the revision's values as the member of staff typed them. */
		assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(gdb),
						    "SELECT f.form, f.seq, r.data, u.login FROM form_revisions r"
						    " JOIN form_records f ON f.id = r.record_id"
						    " JOIN users u ON u.id = r.user_id"
						    " WHERE r.record_id = ?1 AND r.revision = ?2",
						    -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_int64(st, 1, a->id);
		sqlite3_bind_int(st, 2, a->revision);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		char *form_id = column(st, 0), *data = column(st, 2),
		     *login = column(st, 3);
		int seq = sqlite3_column_int(st, 1);
		sqlite3_finalize(st);
		const struct md_form *form = md_forms_find(forms, form_id);
		struct md_user actor = th_account(r, login);
		long long exists = 0;
		th_assert_ok(md_record_find(r, *rid, form_id, seq, &exists,
					    &err),
			     &err);
		struct md_record rec;
		th_assert_ok(md_record_load(r, &actor, forms, *rid, form_id,
					    form->entries ? MD_SEQ_NEW
					    : exists      ? seq
							  : MD_SEQ_LATEST,
					    &rec, &err),
			     &err);
		if (!form->entries)
			assert_int_equal(rec.seq, seq);
		struct md_values typed, scratch;
		md_values_init(&typed);
		md_values_init(&scratch);
		th_assert_ok(md_values_from_json(data, &typed, &err), &err);
		for (size_t k = 0; k < form->nfields; k++)
			if (form->fields[k].person != MD_PERSON_NONE)
				md_values_set(&typed, form->fields[k].key,
					      md_values_get(&rec.values,
							    form->fields[k].key),
					      NULL);
		md_values_fini(&rec.values);
		rec.values = typed;
		bool saved;
		enum md_status rc = md_record_save(r, &actor, &rec, 0, &saved,
						   &scratch, &err);
		if (rc != MD_OK)
			fail_msg("case %lld, %s save at %s: %s", gid, form_id,
				 a->at, err.msg);
		assert_true(saved);
		md_values_fini(&scratch);
		md_record_fini(&rec);
		md_user_fini(&actor);
		md_free(form_id);
		md_free(data);
		md_free(login);
	}
	free(acts);
}

static void
generated_cases_are_what_the_engine_writes(void **state)
{
	(void)state;
	struct md_db *r = NULL;
	struct md_err err;
	char sql[sizeof db_path + 200];
	th_assert_ok(md_db_open(th_path("replay.db"), MD_DB_CREATE, &r, &err),
		     &err);
	/* The same staff (all able to act) and the same catalogue. */
	snprintf(sql, sizeof sql,
		 "ATTACH '%s' AS g; INSERT INTO users SELECT * FROM g.users;"
		 " UPDATE users SET active = 1; INSERT INTO agencies SELECT * FROM g.agencies;"
		 " DETACH g;",
		 db_path);
	assert_int_equal(sqlite3_exec(md_db_sqlite(r), sql, NULL, NULL, NULL),
			 SQLITE_OK);
	/* Persons with several cases, the courses that went furthest, and
	 * some of every kind of end. */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(gdb),
					    "SELECT * FROM (SELECT person_id FROM cases GROUP BY 1"
					    "  HAVING count(*) > 1 ORDER BY 1 LIMIT 10) UNION"
					    " SELECT * FROM (SELECT person_id FROM cases GROUP BY 1"
					    "  HAVING count(*) = 1 ORDER BY 1 % 3, 1 LIMIT 8) UNION"
					    " SELECT * FROM (SELECT person_id FROM cases WHERE status = 'open'"
					    "  AND next_eval_on IS NOT NULL ORDER BY id LIMIT 6) UNION"
					    " SELECT * FROM (SELECT c.person_id FROM cases c JOIN"
					    "  workflow_events e ON e.case_id = c.id GROUP BY c.id"
					    "  ORDER BY count(*) DESC, c.id LIMIT 4)",
					    -1, &st, NULL),
			 SQLITE_OK);
	long long persons[27];
	int np = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		persons[np++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	int cases = 0;
	for (int i = 0; i < np; i++) {
		long long ids[3];
		int nc = 0;
		assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(gdb),
						    "SELECT id FROM cases WHERE person_id = ?1 ORDER BY id",
						    -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_int64(st, 1, persons[i]);
		while (sqlite3_step(st) == SQLITE_ROW && nc < 3)
			ids[nc++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		long long person = 0;
		for (int k = 0; k < nc; k++) {
			long long rid;
			replay_case(r, ids[k], &person, &rid);
			for (size_t q = 0;
			     q < sizeof case_rows / sizeof case_rows[0]; q++) {
				char *want = th_dump(gdb, case_rows[q], ids[k]);
				char *got = th_dump(r, case_rows[q], rid);
				if (strcmp(want, got))
					fail_msg("case %lld differs from the engine's:\n--- generated\n%s\n--- engine\n%s",
						 ids[k], want, got);
				md_free(want);
				md_free(got);
			}
			cases++;
		}
	}
	assert_true(cases >= 20);
	/* The replayed set is sound too. */
	struct md_buf report;
	md_buf_init(&report);
	th_assert_ok(md_db_check(r, &report, &err), &err);
	md_buf_fini(&report);
	md_db_close(&r);
	th_clock("2026-04-01 10:00:00");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generated_cases_are_what_the_engine_writes),
	};
	return cmocka_run_group_tests_name("demo_replay", tests, group_setup,
					   group_teardown);
}
