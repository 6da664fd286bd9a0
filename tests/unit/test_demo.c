/* The demonstration data: sound (integrity, foreign keys, valid form values),
 * the same for the same seed, spread over every step. That its cases are
 * written exactly as the engine writes them is test_demo_replay.c. */
#include "helpers.h"

#include "madoguchi/audit.h"
#include "demo/demo.h"
#include "madoguchi/entries.h"
#include "madoguchi/records.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/workflow.h"

static struct md_forms *forms;
static struct md_workflow *wf;
static struct md_db *gdb; /* 200 cases, seed 7, shared by the tests */
static struct md_demo_counts gcounts;

/* Generate n cases with seed into a new database at name. */
static struct md_db *
generate(const char *name, long long n, unsigned long long seed,
	 struct md_demo_counts *counts)
{
	struct md_db *db = NULL;
	struct md_err err;
	th_assert_ok(md_db_open(th_path(name), MD_DB_CREATE, &db, &err), &err);
	struct md_demo_options opt = {n, seed, NULL, NULL};
	th_assert_ok(md_demo_generate(db, forms, wf, &opt, counts, &err), &err);
	return db;
}

static int
group_setup(void **state)
{
	(void)state;
	struct md_err err;
	struct md_diags diags;
	th_clock("2026-04-01 10:00:00");
	setenv("MADOGUCHI_DATADIR", TOP_DIR, 1);
	th_tmpdir();
	forms = th_forms("forms");
	md_diags_init(&diags);
	th_assert_ok(md_workflow_load(TOP_DIR "/forms/workflow.ini", forms, &wf,
				      &diags, &err),
		     &err);
	md_diags_fini(&diags);
	gdb = generate("demo.db", 200, 7, &gcounts);
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

static void
generated_database_passes_check_with_counts_in_range(void **state)
{
	(void)state;
	struct md_buf report;
	struct md_err err;
	md_buf_init(&report);
	th_assert_ok(md_db_check(gdb, &report, &err), &err);
	th_assert_contains(md_buf_str(&report), "OK");
	/* Its audit log is one chain that explains every account. */
	th_assert_ok(md_audit_check(gdb, &report, &err), &err);
	md_buf_fini(&report);
	const struct md_demo_counts *c = &gcounts;
	assert_int_equal(c->users, 41);
	assert_int_equal(c->cases, 200);
	assert_int_equal(c->persons, 150);
	assert_in_range(c->households, 60, 150);
	assert_in_range(c->entries, 1700, 2300);               /* about 10 N */
	assert_in_range(c->revisions - c->entries, 800, 2400); /* several N */
	assert_in_range(c->events, 1000, 3600);
	/* The counts are what is in the file. */
	assert_int_equal(th_int(gdb, "SELECT count(*) FROM users"), c->users);
	assert_int_equal(th_int(gdb, "SELECT count(*) FROM households"),
			 c->households);
	assert_int_equal(th_int(gdb, "SELECT count(*) FROM persons"),
			 c->persons);
	assert_int_equal(th_int(gdb, "SELECT count(*) FROM cases"), c->cases);
	assert_int_equal(th_int(gdb, "SELECT count(*) FROM form_records"),
			 c->records);
	assert_int_equal(th_int(gdb, "SELECT count(*) FROM form_revisions"),
			 c->revisions);
	assert_int_equal(th_int(gdb, "SELECT count(*) FROM workflow_events"),
			 c->events);
	assert_int_equal(th_int(gdb,
				"SELECT count(*) FROM form_records WHERE form = 'progress'"),
			 c->entries);
	/* Persons with two or three cases, about half of the cases closed. */
	assert_true(
		th_int(gdb,
		       "SELECT count(*) FROM (SELECT person_id FROM cases GROUP BY 1 HAVING count(*) = 3)") >
		0);
	assert_true(
		th_int(gdb,
		       "SELECT count(*) FROM (SELECT person_id FROM cases GROUP BY 1 HAVING count(*) = 2)") >
		0);
	assert_in_range(th_int(gdb,
			       "SELECT count(*) FROM cases WHERE status = 'closed'"),
			60, 150);
	/* Each person's next case opens after the last one closed. */
	assert_int_equal(th_int(gdb,
				"SELECT count(*) FROM cases a JOIN cases b"
				" ON a.person_id = b.person_id AND a.id < b.id"
				" WHERE a.closed_on IS NULL OR a.closed_on > b.opened_on"),
			 0);
	/* Every revision chain is 1, 2, 3 … with base = revision - 1. */
	assert_int_equal(th_int(gdb,
				"SELECT count(*) FROM form_revisions r JOIN form_records f"
				" ON f.id = r.record_id WHERE r.base_revision <> r.revision - 1"
				" OR r.revision > f.revision"),
			 0);
	assert_int_equal(th_int(gdb,
				"SELECT count(*) FROM form_records f WHERE revision <>"
				" (SELECT count(*) FROM form_revisions r WHERE r.record_id = f.id)"),
			 0);
	assert_true(
		th_int(gdb,
		       "SELECT count(*) FROM form_records WHERE revision >= 3"
		       " AND form <> 'progress'") > 0);
	/* Everything of a case happens in order, within the data's years. */
	assert_int_equal(th_int(gdb,
				"SELECT count(*) FROM (SELECT at, lag(at) OVER"
				" (PARTITION BY case_id ORDER BY id) AS prev FROM workflow_events)"
				" WHERE at <= prev"),
			 0);
	assert_int_equal(th_int(gdb,
				"SELECT count(*) FROM cases WHERE opened_on < '1996-04-01'"
				" OR opened_on > '2026-03-31' OR closed_on > '2026-03-31'"
				" OR closed_on < opened_on"),
			 0);
	assert_int_equal(th_int(gdb,
				"SELECT count(*) FROM form_records f JOIN cases c ON c.id = f.case_id"
				" WHERE f.form = 'progress' AND (f.entry_date < c.opened_on"
				" OR f.entry_date > coalesce(c.closed_on, '2026-03-31'))"),
			 0);
	/* Entries were written in date order: the newest have the highest ids. */
	assert_int_equal(th_int(gdb,
				"SELECT count(*) FROM (SELECT entry_date, lag(entry_date)"
				" OVER (ORDER BY id) AS prev FROM form_records WHERE form = 'progress')"
				" WHERE entry_date < prev"),
			 0);
	/* Notes are about 200 characters. */
	assert_in_range(th_int(gdb,
			       "SELECT avg(length(json_extract(r.data, '$.content')))"
			       " FROM form_revisions r JOIN form_records f ON f.id = r.record_id"
			       " WHERE f.form = 'progress'"),
			150, 260);
}

static void
the_same_seed_gives_the_same_rows(void **state)
{
	(void)state;
	static const char *const queries[] = {
		"SELECT id, label, created_at FROM households ORDER BY id",
		"SELECT id, household_id, name, kana, sex, birth_date, postal_code, address,"
		" phone_home, phone_mobile, email, extra, name_key, kana_key, revision,"
		" created_at, updated_at FROM persons ORDER BY id",
		"SELECT * FROM person_revisions ORDER BY person_id, revision",
		"SELECT * FROM person_keys ORDER BY key, person_id",
		"SELECT * FROM cases ORDER BY id",
		"SELECT * FROM workflow_events ORDER BY id",
		"SELECT * FROM form_records ORDER BY id",
		"SELECT * FROM form_revisions ORDER BY record_id, revision",
		"SELECT id, login, display_name, role, active, created_at FROM users ORDER BY id",
	};
	struct md_demo_counts counts;
	struct md_db *again = generate("again.db", 200, 7, &counts);
	struct md_db *other = generate("other.db", 200, 8, NULL);
	assert_memory_equal(&counts, &gcounts, sizeof counts);
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		char *a = th_dump(gdb, queries[i], 0),
		     *b = th_dump(again, queries[i], 0);
		if (strcmp(a, b))
			fail_msg("not the same: %s", queries[i]);
		md_free(a);
		md_free(b);
	}
	char *a = th_dump(gdb, queries[1], 0),
	     *b = th_dump(other, queries[1], 0);
	assert_string_not_equal(a, b);
	md_free(a);
	md_free(b);
	md_db_close(&again);
	md_db_close(&other);
}

static void
every_step_is_the_stage_of_some_case(void **state)
{
	(void)state;
	struct md_demo_counts counts;
	struct md_db *db = generate("steps.db", 2000, 11, &counts);
	long long tracked = 0;
	for (size_t i = 0; i < md_workflow_nsteps(wf); i++) {
		const struct md_wf_step *s = md_workflow_step(wf, i);
		if (s->side) /* progress entries are saved as forms, not steps */
			continue;
		char sql[200];
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM cases WHERE stage = '%s'",
			 s->id);
		/* 004 §5(7): a track's step (多機関協働) leaves the stage as
		 * it was; some cases are taken into the track, as far as it
		 * opens without a meeting (the generator makes up none). */
		if (s->track) {
			if (th_int(db, sql) != 0)
				fail_msg("a case stands at %s", s->id);
			snprintf(sql, sizeof sql,
				 "SELECT count(*) FROM workflow_events"
				 " WHERE step = '%s'",
				 s->id);
			tracked += th_int(db, sql);
			continue;
		}
		if (th_int(db, sql) < 1)
			fail_msg("no case stands at %s", s->id);
	}
	assert_true(tracked > 20);
	/* The 200-case set has many stages too. */
	assert_true(th_int(gdb, "SELECT count(DISTINCT stage) FROM cases") >=
		    10);
	/* Era boundaries: cases around 2019-04-30/05-01, births in 明治 and
	 * 大正, and persons born on both sides of a change of era. */
	assert_true(th_int(db,
			   "SELECT count(*) FROM cases WHERE opened_on BETWEEN"
			   " '2019-04-22' AND '2019-05-10'") > 0);
	assert_true(
		th_int(db,
		       "SELECT count(*) FROM persons WHERE birth_date < '1926-12-25'") >
		0);
	assert_true(th_int(db,
			   "SELECT count(*) FROM persons WHERE birth_date IN"
			   " ('1912-07-29', '1912-07-30')") > 0);
	assert_true(
		th_int(db,
		       "SELECT count(*) FROM persons WHERE birth_date >= '1989-01-08'") >
		0);
	assert_true(
		th_int(db,
		       "SELECT count(*) FROM workflow_events WHERE at LIKE '2019-04-30%'"
		       " OR at LIKE '2019-05-01%'") > 0);
	md_db_close(&db);
}

static void
workflow_status_replays_generated_cases(void **state)
{
	(void)state;
	struct md_user admin = th_account(gdb, "demo");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(gdb),
					    "SELECT id, stage, status = 'closed' FROM cases"
					    " ORDER BY id % 10, id LIMIT 40",
					    -1, &st, NULL),
			 SQLITE_OK);
	int checked = 0, open_cases = 0, stuck = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char stage[64];
		snprintf(stage, sizeof stage, "%s", sqlite3_column_text(st, 1));
		bool closed = sqlite3_column_int(st, 2) != 0;
		struct md_flow flow;
		struct md_err err;
		th_assert_ok(md_workflow_status(gdb, &admin, wf, id, &flow,
						&err),
			     &err);
		assert_int_equal(flow.closed, closed);
		assert_true(flow.nevents > 0);
		assert_string_equal(flow.events[flow.nevents - 1].step, stage);
		bool stage_taken = false, any_open = false;
		for (size_t i = 0; i < flow.nsteps; i++) {
			const struct md_step_status *st2 = &flow.steps[i];
			if (!strcmp(st2->step->id, stage))
				stage_taken = st2->at[0] &&
					      (st2->state == MD_STEP_DONE ||
					       st2->step->repeat);
			if (st2->state == MD_STEP_OPEN && !st2->step->side)
				any_open = true;
		}
		/* (unless its outcome sent the process back past it) */
		const struct md_wf_step *last = md_workflow_find(wf, stage);
		const char *oc = flow.events[flow.nevents - 1].outcome;
		bool back = false;
		for (size_t k = 0; last && k < last->noutcomes; k++)
			back |= !strcmp(last->outcomes[k].label, oc) &&
				last->outcomes[k].back_to >= 0;
		if (!stage_taken && !back)
			fail_msg("case %lld: its stage %s is not shown as taken",
				 id, stage);
		/* A closed case has nothing of the main line open; an open
		 * one stopped where the process goes on. */
		if (closed)
			assert_false(any_open);
		else if (any_open)
			open_cases++;
		else
			stuck++;
		md_flow_fini(&flow);
		checked++;
	}
	sqlite3_finalize(st);
	assert_int_equal(checked, 40);
	assert_true(open_cases >= 5);
	assert_true(stuck <= open_cases / 10);
	md_user_fini(&admin);
}

static void
every_revision_is_valid_for_its_form(void **state)
{
	(void)state;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(gdb),
					    "SELECT f.form, r.data, r.record_id, r.revision"
					    " FROM form_revisions r JOIN form_records f ON f.id = r.record_id",
					    -1, &st, NULL),
			 SQLITE_OK);
	long long n = 0;
	struct md_values v, norm, faults;
	md_values_init(&v);
	md_values_init(&norm);
	md_values_init(&faults);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct md_err err;
		const struct md_form *form =
			md_forms_find(forms,
				      (const char *)sqlite3_column_text(st, 0));
		assert_non_null(form);
		th_assert_ok(md_values_from_json((const char *)
							 sqlite3_column_text(st,
									     1),
						 &v, &err),
			     &err);
		enum md_status rc = md_form_normalize(gdb, form, &v, &norm,
						      &faults, &err);
		if (rc != MD_OK)
			fail_msg("record %lld revision %d (%s): %s",
				 sqlite3_column_int64(st, 2),
				 sqlite3_column_int(st, 3), form->id, err.msg);
		if (!md_values_equal(&v, &norm))
			fail_msg("record %lld revision %d (%s) changes when saved",
				 sqlite3_column_int64(st, 2),
				 sqlite3_column_int(st, 3), form->id);
		n++;
	}
	sqlite3_finalize(st);
	md_values_fini(&v);
	md_values_fini(&norm);
	md_values_fini(&faults);
	assert_int_equal(n, gcounts.revisions);
	/* complete is what the ※ fields say, counting the person's own. */
	assert_true(
		th_int(gdb,
		       "SELECT count(*) FROM form_records WHERE complete = 1") >
		0);
	/* A closure's follow-up is on the 評価シート that ended in 終結, never
	 * on an empty round after it (outcome last_round). */
	const char *followed =
		"SELECT count(*) FROM form_records f JOIN form_revisions r"
		" ON r.record_id = f.id AND r.revision = f.revision"
		" WHERE f.form = 'evaluation'"
		" AND json_extract(r.data, '$.follow_up_on') IS NOT NULL"
		" AND coalesce(json_extract(r.data, '$.result'), '')";
	char sql[400];
	snprintf(sql, sizeof sql, "%s <> '終結'", followed);
	assert_int_equal(th_int(gdb, sql), 0);
	snprintf(sql, sizeof sql, "%s = '終結'", followed);
	assert_true(th_int(gdb, sql) > 0);
}

static void
names_come_with_variant_kanji_and_halfwidth_kana(void **state)
{
	(void)state;
	/* Half-width kana (U+FF61..FF9F: EF BD A1 … EF BE 9F), as older
	 * systems typed them, katakana, and 異体字 in names. */
	assert_true(
		th_int(gdb,
		       "SELECT count(*) FROM persons WHERE instr(kana, char(0xFF80))"
		       " OR kana GLOB '*[ｦ-ﾟ]*'") > 0);
	assert_true(
		th_int(gdb,
		       "SELECT count(*) FROM persons WHERE kana GLOB '*[ァ-ヶ]*'") >
		0);
	assert_true(
		th_int(gdb,
		       "SELECT count(*) FROM persons WHERE name GLOB '*[髙﨑邊邉齋齊濱嶋櫻澤廣]*'"
		       " OR instr(name, '𠮷')") > 0);
	/* Staff have Japanese names, and log in with the demo password. */
	assert_true(th_int(gdb,
			   "SELECT count(*) FROM users WHERE role = 'chief'") ==
		    4);
	char *admin =
		th_dump(gdb,
			"SELECT display_name, role FROM users WHERE login = 'demo'",
			0);
	assert_string_equal(admin, "デモ 管理者|admin|\n");
	md_free(admin);
	struct md_config cfg;
	struct md_err err;
	struct md_user u;
	th_assert_ok(md_config_defaults(&cfg, &err), &err);
	th_assert_ok(md_user_login(gdb, &cfg, "demo", MD_DEMO_PASSWORD, &u,
				   &err),
		     &err);
	md_user_fini(&u);
	th_assert_ok(md_user_login(gdb, &cfg, "suzuki.k", MD_DEMO_PASSWORD, &u,
				   &err),
		     &err);
	md_user_fini(&u);
	md_config_fini(&cfg);
}

static void
search_finds_katakana_and_halfwidth_names_by_hiragana(void **state)
{
	(void)state;
	struct md_user admin = th_account(gdb, "demo");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(gdb),
					    "SELECT id, kana FROM persons WHERE kana GLOB '*[ｦ-ﾟ]*'"
					    " OR kana GLOB '*[ァ-ヶ]*' ORDER BY id LIMIT 6",
					    -1, &st, NULL),
			 SQLITE_OK);
	int found = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long pid = sqlite3_column_int64(st, 0);
		const char *kana = (const char *)sqlite3_column_text(st, 1);
		/* The family name's reading, typed in hiragana. */
		size_t n = strcspn(kana, " ");
		char *part = md_strndup(kana, n);
		char *query = md_text_search_key(part);
		md_free(part);
		assert_non_null(query);
		assert_true(strcmp(query, kana) != 0);
		struct md_case_filter f = {.text = query,
					   .include_closed = true};
		struct md_case_row *rows;
		size_t nrows;
		struct md_err err;
		th_assert_ok(md_case_search(gdb, &admin, &f, NULL, 1000, &rows,
					    &nrows, &err),
			     &err);
		bool hit = false;
		for (size_t i = 0; i < nrows; i++)
			hit |= rows[i].person_id == pid;
		if (!hit)
			fail_msg("「%s」 does not find %s", query, kana);
		md_case_rows_free(rows, nrows);
		md_free(query);
		found++;
	}
	sqlite3_finalize(st);
	assert_true(found >= 2);
	md_user_fini(&admin);
}

static void
entries_are_found_by_a_two_character_word(void **state)
{
	(void)state;
	struct md_user admin = th_account(gdb, "demo");
	static const char *const words[] = {"家賃", "電話", "同行"};
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		char sql[400];
		snprintf(sql, sizeof sql,
			 "SELECT max(f.id) FROM form_records f JOIN form_revisions r"
			 " ON r.record_id = f.id AND r.revision = f.revision"
			 " WHERE f.form = 'progress' AND instr(coalesce(json_extract(r.data,"
			 " '$.content'), '') || char(10) || coalesce(json_extract(r.data,"
			 " '$.next_action'), ''), '%s')",
			 words[w]);
		long long want = th_int(gdb, sql);
		assert_true(want > 0);
		struct md_entry_hit *hits;
		size_t n;
		struct md_err err;
		long long resume;
		th_assert_ok(md_entries_search(gdb, &admin, forms, words[w], 0,
					       50, &hits, &n, &resume, &err),
			     &err);
		assert_true(n > 0);
		/* Newest first: the latest entry holding the word comes first. */
		assert_int_equal(hits[0].record_id, want);
		md_entry_hits_free(hits, n);
	}
	/* The generator built the index for the fields the forms define. */
	bool synced;
	struct md_err err;
	th_assert_ok(md_entries_synced(gdb, forms, &synced, &err), &err);
	assert_true(synced);
	md_user_fini(&admin);
}

static void
a_database_with_data_is_refused(void **state)
{
	(void)state;
	struct md_err err;
	struct md_demo_options opt = {10, 1, NULL, NULL};
	assert_int_equal(md_demo_generate(gdb, forms, wf, &opt, NULL, &err),
			 MD_ERR_EXISTS);
	th_assert_contains(err.msg, "既にデータがあります");
	opt.cases = 0;
	assert_int_equal(md_demo_generate(gdb, forms, wf, &opt, NULL, &err),
			 MD_ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			generated_database_passes_check_with_counts_in_range),
		cmocka_unit_test(the_same_seed_gives_the_same_rows),
		cmocka_unit_test(every_step_is_the_stage_of_some_case),
		cmocka_unit_test(workflow_status_replays_generated_cases),
		cmocka_unit_test(every_revision_is_valid_for_its_form),
		cmocka_unit_test(
			names_come_with_variant_kanji_and_halfwidth_kana),
		cmocka_unit_test(
			search_finds_katakana_and_halfwidth_names_by_hiragana),
		cmocka_unit_test(entries_are_found_by_a_two_character_word),
		cmocka_unit_test(a_database_with_data_is_refused),
	};
	return cmocka_run_group_tests_name("demo", tests, group_setup,
					   group_teardown);
}
