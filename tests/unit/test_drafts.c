/* Drafts: what is typed survives without a revision or an audit row, and
 * each consultant sees only their own. */
#include "helpers.h"

#include "madoguchi/drafts.h"
#include "madoguchi/records.h"

static struct md_forms *forms;
static long long case_id;

static int
setup(void **state)
{
	th_setup(state);
	forms = th_forms("tests/forms/good");
	case_id = th_case(*state, forms, "田中 一郎", "たなか いちろう",
			  "昭和55年4月1日");
	return 0;
}

static int
teardown(void **state)
{
	md_forms_free(&forms);
	return th_teardown(state);
}

/* Typing as a consultant leaves it: Japanese, several lines, table cells. */
static void
typed_values(struct md_values *v)
{
	md_values_init(v);
	md_values_set(v, "note",
		      "家賃を三か月滞納。\n大家さんと話し合い中。\n\n次回 4/8",
		      NULL);
	md_values_set(v, "family.1.relation", "妻", NULL);
	md_values_set(v, "family.2.name", "田中 花子", NULL);
	md_values_set(v, "on", "R8.4.1", NULL); /* raw, not normalised */
}

static void
save_and_load_round_trip_keeps_what_was_typed(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values v;
	typed_values(&v);
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "alltypes", 0,
				   0, &v, "family.2.name", &err),
		     &err);
	struct md_draft d;
	bool found = false;
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "alltypes", 0,
				   &d, &found, &err),
		     &err);
	assert_true(found);
	assert_int_equal(d.case_id, case_id);
	assert_string_equal(d.form, "alltypes");
	assert_int_equal(d.seq, 0);
	assert_int_equal(d.base_revision, 0);
	assert_true(md_values_equal(&d.values, &v));
	assert_string_equal(md_values_get(&d.values, "note"),
			    "家賃を三か月滞納。\n大家さんと話し合い中。\n\n次回 4/8");
	assert_string_equal(md_values_get(&d.values, "on"), "R8.4.1");
	assert_string_equal(d.field, "family.2.name");
	assert_string_equal(d.updated_at, "2026-04-01 10:00:00");
	assert_string_equal(d.person_name, "田中 一郎");
	md_draft_fini(&d);
	md_values_fini(&v);

	/* Another round of the same form is another draft. */
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "alltypes", 1,
				   &d, &found, &err),
		     &err);
	assert_false(found);
	md_draft_fini(&d);
}

static void
saving_again_replaces_the_draft(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values v;
	typed_values(&v);
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "alltypes", 2,
				   1, &v, "note", &err),
		     &err);
	th_clock("2026-04-01 10:00:05");
	md_values_clear(&v);
	md_values_set(&v, "note", "書き直した", NULL);
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "alltypes", 2,
				   3, &v, NULL, &err),
		     &err);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM drafts"), 1);
	struct md_draft d;
	bool found;
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "alltypes", 2,
				   &d, &found, &err),
		     &err);
	assert_true(found);
	assert_true(md_values_equal(&d.values, &v)); /* old keys are gone */
	assert_int_equal(d.base_revision, 3);
	assert_string_equal(d.field, "");
	assert_string_equal(d.updated_at, "2026-04-01 10:00:05");
	md_draft_fini(&d);
	md_values_fini(&v);
}

static void
drafts_are_private_and_listed_newest_first(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user tanaka;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	long long other = th_case(env, forms, "髙橋 花子", "たかはし はなこ",
				  NULL);
	struct md_values v;
	md_values_init(&v);
	md_values_set(&v, "note", "管理者の下書き", NULL);
	th_clock("2026-04-01 09:00:00");
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "alltypes", 1,
				   1, &v, "note", &err),
		     &err);
	th_clock("2026-04-01 11:00:00");
	th_assert_ok(md_draft_save(env->db, &env->admin, other, "notes", 0, 0,
				   &v, "text", &err),
		     &err);
	th_clock("2026-04-01 10:00:00");
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "notes", 0, 0,
				   &v, "text", &err),
		     &err);
	/* tanaka types in the very same form of the same case. */
	md_values_set(&v, "note", "田中の下書き", NULL);
	th_clock("2026-04-01 12:00:00");
	th_assert_ok(md_draft_save(env->db, &tanaka, case_id, "alltypes", 1, 1,
				   &v, "note", &err),
		     &err);

	struct md_draft *list;
	size_t n;
	th_assert_ok(md_draft_list(env->db, &env->admin, &list, &n, &err),
		     &err);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].case_id, other);
	assert_string_equal(list[0].form, "notes");
	assert_string_equal(list[0].person_name, "髙橋 花子");
	assert_int_equal(list[1].case_id, case_id);
	assert_string_equal(list[1].form, "notes");
	assert_string_equal(list[2].form, "alltypes");
	assert_string_equal(list[2].updated_at, "2026-04-01 09:00:00");
	for (size_t i = 0; i < n; i++)
		assert_string_equal(md_values_get(&list[i].values, "note"),
				    "管理者の下書き");
	md_drafts_free(list, n);

	th_assert_ok(md_draft_list(env->db, &tanaka, &list, &n, &err), &err);
	assert_int_equal(n, 1);
	assert_string_equal(md_values_get(&list[0].values, "note"),
			    "田中の下書き");
	md_drafts_free(list, n);

	/* Each loads their own draft of the same (case, form, seq). */
	struct md_draft d;
	bool found;
	th_assert_ok(md_draft_load(env->db, &tanaka, case_id, "alltypes", 1, &d,
				   &found, &err),
		     &err);
	assert_true(found);
	assert_string_equal(md_values_get(&d.values, "note"), "田中の下書き");
	md_draft_fini(&d);
	th_assert_ok(md_draft_load(env->db, &tanaka, other, "notes", 0, &d,
				   &found, &err),
		     &err);
	assert_false(found);
	md_draft_fini(&d);

	/* Discarding one's own leaves the other's. */
	th_assert_ok(md_draft_discard(env->db, &tanaka, case_id, "alltypes", 1,
				      &err),
		     &err);
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "alltypes", 1,
				   &d, &found, &err),
		     &err);
	assert_true(found);
	md_draft_fini(&d);
	md_values_fini(&v);
	md_user_fini(&tanaka);
}

static void
discard_removes_and_a_missing_draft_is_no_error(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values v;
	typed_values(&v);
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "alltypes", 0,
				   0, &v, "note", &err),
		     &err);
	th_assert_ok(md_draft_discard(env->db, &env->admin, case_id, "alltypes",
				      0, &err),
		     &err);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM drafts"), 0);
	th_assert_ok(md_draft_discard(env->db, &env->admin, case_id, "alltypes",
				      0, &err),
		     &err);
	struct md_draft *list;
	size_t n;
	th_assert_ok(md_draft_list(env->db, &env->admin, &list, &n, &err),
		     &err);
	assert_int_equal(n, 0);
	assert_null(list);
	md_values_fini(&v);
}

static void
a_disabled_account_is_refused(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user tanaka;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	struct md_values v;
	typed_values(&v);
	th_assert_ok(md_draft_save(env->db, &tanaka, case_id, "alltypes", 0, 0,
				   &v, "note", &err),
		     &err);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "tanaka", false,
					&err),
		     &err);
	assert_int_equal(md_draft_save(env->db, &tanaka, case_id, "alltypes", 0,
				       0, &v, "note", &err),
			 MD_ERR_DISABLED);
	struct md_draft d;
	bool found = true;
	assert_int_equal(md_draft_load(env->db, &tanaka, case_id, "alltypes", 0,
				       &d, &found, &err),
			 MD_ERR_DISABLED);
	assert_false(found);
	struct md_draft *list = NULL;
	size_t n = 9;
	assert_int_equal(md_draft_list(env->db, &tanaka, &list, &n, &err),
			 MD_ERR_DISABLED);
	assert_int_equal(n, 0);
	assert_int_equal(md_draft_discard(env->db, &tanaka, case_id, "alltypes",
					  0, &err),
			 MD_ERR_DISABLED);
	/* Nothing was lost either: the draft waits for the account. */
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM drafts"), 1);
	assert_int_equal(md_draft_save(env->db, NULL, case_id, "alltypes", 0, 0,
				       &v, "note", &err),
			 MD_ERR_DENIED);
	md_values_fini(&v);
	md_user_fini(&tanaka);
}

static void
a_draft_save_writes_no_revision_and_no_audit_row(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long audits = th_int(env->db, "SELECT count(*) FROM audit_log");
	struct md_values v;
	typed_values(&v);
	for (int i = 0; i < 3; i++)
		th_assert_ok(md_draft_save(env->db, &env->admin, case_id,
					   "alltypes", 0, 0, &v, "note", &err),
			     &err);
	struct md_draft d;
	bool found;
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "alltypes", 0,
				   &d, &found, &err),
		     &err);
	md_draft_fini(&d);
	th_assert_ok(md_draft_discard(env->db, &env->admin, case_id, "alltypes",
				      0, &err),
		     &err);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_revisions"),
			 0);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_records"),
			 0);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log"),
			 audits);
	md_values_fini(&v);
}

static void
drafts_survive_closing_and_reopening_the_database(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values v;
	typed_values(&v);
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "alltypes", 0,
				   0, &v, "note", &err),
		     &err);
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	struct md_draft *list;
	size_t n;
	th_assert_ok(md_draft_list(env->db, &env->admin, &list, &n, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_true(md_values_equal(&list[0].values, &v));
	assert_string_equal(list[0].field, "note");
	md_drafts_free(list, n);
	md_values_fini(&v);
}

static void
a_draft_of_an_unknown_case_or_bad_text_is_refused(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values v;
	typed_values(&v);
	assert_int_equal(md_draft_save(env->db, &env->admin, 999, "alltypes", 0,
				       0, &v, "note", &err),
			 MD_ERR_NOTFOUND);
	th_assert_contains(err.msg, "ケース 999 は見つかりません");
	md_values_set(&v, "note", "\xff\xfe", NULL);
	assert_int_equal(md_draft_save(env->db, &env->admin, case_id,
				       "alltypes", 0, 0, &v, "note", &err),
			 MD_ERR_INVALID);
	assert_int_equal(md_draft_save(env->db, &env->admin, case_id, "", 0, 0,
				       &v, "note", &err),
			 MD_ERR_INVALID);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM drafts"), 0);
	/* In the background nobody reads the message: err may be NULL. */
	md_values_clear(&v);
	md_values_set(&v, "note", "途中まで", NULL);
	assert_int_equal(md_draft_save(env->db, &env->admin, 999, "alltypes", 0,
				       0, &v, NULL, NULL),
			 MD_ERR_NOTFOUND);
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "alltypes", 0,
				   0, &v, NULL, NULL),
		     &err);
	th_assert_ok(md_draft_discard(env->db, &env->admin, case_id, "alltypes",
				      0, NULL),
		     &err);
	assert_int_equal(md_draft_discard(env->db, NULL, case_id, "alltypes", 0,
					  NULL),
			 MD_ERR_DENIED);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM drafts"), 0);
	md_values_fini(&v);
}

/* Text found outside the screens (an editor's file after a crash) goes
 * into the field of the draft there is, keeping the rest of the typing
 * and the revision it started from (issue 13, finding 6). */
static void
put_field_replaces_the_field_of_the_draft_and_keeps_the_rest(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values v;
	typed_values(&v);
	th_assert_ok(md_draft_save(env->db, &env->admin, case_id, "alltypes", 1,
				   2, &v, "on", &err),
		     &err);
	bool changed;
	th_assert_ok(md_draft_put_field(env->db, &env->admin, forms, case_id,
					"alltypes", 1, 7, "note",
					"エディタで書いた文。", &changed, &err),
		     &err);
	assert_true(changed);
	struct md_draft d;
	bool found;
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "alltypes", 1,
				   &d, &found, &err),
		     &err);
	assert_true(found);
	assert_string_equal(md_values_get(&d.values, "note"),
			    "エディタで書いた文。");
	assert_string_equal(md_values_get(&d.values, "family.2.name"),
			    "田中 花子");
	assert_int_equal(d.base_revision, 2);
	assert_string_equal(d.field, "note");
	md_draft_fini(&d);

	/* The same text again writes nothing. */
	th_clock("2026-04-01 10:00:09");
	th_assert_ok(md_draft_put_field(env->db, &env->admin, forms, case_id,
					"alltypes", 1, 7, "note",
					"エディタで書いた文。", &changed, &err),
		     &err);
	assert_false(changed);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM drafts"
				" WHERE updated_at = '2026-04-01 10:00:09'"),
			 0);
	md_values_fini(&v);
}

/* With no draft, one is made from the form as it is, with the revision
 * the typing started from; a new entry (seq 0) starts from its defaults. */
static void
put_field_without_a_draft_makes_one_from_the_form(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	bool saved, changed;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &rec, &err),
		     &err);
	md_values_set(&rec.values, "note", "保存した文。", NULL);
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	const char *kept = md_values_get(&rec.values, "on");
	char *on = md_strdup(kept ? kept : "");
	md_record_fini(&rec);
	th_assert_ok(md_draft_put_field(env->db, &env->admin, forms, case_id,
					"alltypes", 1, 1, "note",
					"保存した文。書き足した文。", &changed,
					&err),
		     &err);
	assert_true(changed);
	struct md_draft d;
	bool found;
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "alltypes", 1,
				   &d, &found, &err),
		     &err);
	assert_true(found);
	assert_string_equal(md_values_get(&d.values, "note"),
			    "保存した文。書き足した文。");
	const char *d_on = md_values_get(&d.values, "on");
	assert_string_equal(d_on ? d_on : "", on);
	assert_int_equal(d.base_revision, 1);
	md_draft_fini(&d);
	md_free(on);

	th_assert_ok(md_draft_put_field(env->db, &env->admin, forms, case_id,
					"notes", 0, 0, "text", "新しい経過。",
					&changed, &err),
		     &err);
	assert_true(changed);
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "notes", 0,
				   &d, &found, &err),
		     &err);
	assert_true(found);
	assert_string_equal(md_values_get(&d.values, "text"), "新しい経過。");
	assert_non_null(md_values_get(&d.values, "day")); /* default: today */
	assert_int_equal(d.base_revision, 0);
	md_draft_fini(&d);

	/* Text equal to the form's writes no draft. */
	th_assert_ok(md_draft_discard(env->db, &env->admin, case_id, "alltypes",
				      1, &err),
		     &err);
	th_assert_ok(md_draft_put_field(env->db, &env->admin, forms, case_id,
					"alltypes", 1, 1, "note",
					"保存した文。", &changed, &err),
		     &err);
	assert_false(changed);
	th_assert_ok(md_draft_load(env->db, &env->admin, case_id, "alltypes", 1,
				   &d, &found, &err),
		     &err);
	assert_false(found);
	md_draft_fini(&d);
}

static void
put_field_refuses_a_field_the_form_lacks(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	bool changed = true;
	assert_int_equal(md_draft_put_field(env->db, &env->admin, forms,
					    case_id, "alltypes", 1, 0, "nosuch",
					    "文。", &changed, &err),
			 MD_ERR_INVALID);
	assert_false(changed);
	assert_int_equal(md_draft_put_field(env->db, &env->admin, forms,
					    case_id, "nosuch", 1, 0, "note",
					    "文。", &changed, &err),
			 MD_ERR_INVALID);
	assert_int_equal(md_draft_put_field(env->db, NULL, forms, case_id,
					    "alltypes", 1, 0, "note", "文。",
					    &changed, &err),
			 MD_ERR_DENIED);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM drafts"), 0);
}

/* A contact (相談票) typed and not saved (000 第3条(1)): its draft, new
 * (contact 0) or of a saved one, private to its user, no audit row. */
static void
contact_drafts_keep_what_was_typed_privately__000_3_1(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user tanaka;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	int audit = th_int(env->db, "SELECT count(*) FROM audit_log");
	struct md_values v;
	md_values_init(&v);
	md_values_set(&v, "description", "70代男性\n一人暮らし", NULL);
	md_values_set(&v, "date", "R8.4.1", NULL); /* raw, not normalised */
	th_clock("2026-04-01 09:00:00");
	th_assert_ok(md_contact_draft_save(env->db, &env->admin, 0, 0, &v,
					   "description", &err),
		     &err);
	th_clock("2026-04-01 10:00:00");
	th_assert_ok(md_contact_draft_save(env->db, &env->admin, 7, 2, &v, NULL,
					   &err),
		     &err);
	md_values_set(&v, "note", "田中の下書き", NULL);
	th_assert_ok(md_contact_draft_save(env->db, &tanaka, 0, 0, &v, "note",
					   &err),
		     &err);
	/* Saving again replaces the draft: one per user and contact. */
	th_clock("2026-04-01 10:00:05");
	th_assert_ok(md_contact_draft_save(env->db, &tanaka, 0, 0, &v, "note",
					   &err),
		     &err);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM contact_drafts"),
			 3);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log"),
			 audit);

	struct md_contact_draft d;
	bool found = false;
	th_assert_ok(md_contact_draft_load(env->db, &env->admin, 0, &d, &found,
					   &err),
		     &err);
	assert_true(found);
	assert_int_equal(d.contact_id, 0);
	assert_string_equal(md_values_get(&d.values, "description"),
			    "70代男性\n一人暮らし");
	assert_string_equal(md_values_get(&d.values, "date"), "R8.4.1");
	assert_null(md_values_get(&d.values, "note"));
	assert_string_equal(d.field, "description");
	assert_string_equal(d.updated_at, "2026-04-01 09:00:00");
	md_contact_draft_fini(&d);
	th_assert_ok(md_contact_draft_load(env->db, &env->admin, 8, &d, &found,
					   &err),
		     &err);
	assert_false(found);

	struct md_contact_draft *list;
	size_t n;
	th_assert_ok(md_contact_draft_list(env->db, &env->admin, &list, &n,
					   &err),
		     &err);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].contact_id, 7); /* newest first */
	assert_int_equal(list[0].base_revision, 2);
	assert_string_equal(list[0].field, "");
	assert_int_equal(list[1].contact_id, 0);
	md_contact_drafts_free(list, n);
	th_assert_ok(md_contact_draft_list(env->db, &tanaka, &list, &n, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_string_equal(md_values_get(&list[0].values, "note"),
			    "田中の下書き");
	assert_string_equal(list[0].updated_at, "2026-04-01 10:00:05");
	md_contact_drafts_free(list, n);

	/* Discarding one's own leaves the other's; none is no error. */
	th_assert_ok(md_contact_draft_discard(env->db, &tanaka, 0, &err), &err);
	th_assert_ok(md_contact_draft_discard(env->db, &tanaka, 0, &err), &err);
	th_assert_ok(md_contact_draft_load(env->db, &env->admin, 0, &d, &found,
					   &err),
		     &err);
	assert_true(found);
	md_contact_draft_fini(&d);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM contact_drafts"),
			 2);
	md_values_fini(&v);
	md_user_fini(&tanaka);
}

static void
a_contact_draft_of_bad_text_or_a_disabled_account_is_refused(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user tanaka;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	struct md_values v;
	md_values_init(&v);
	md_values_set(&v, "note", "\xff\xfe", NULL);
	assert_int_equal(md_contact_draft_save(env->db, &tanaka, 0, 0, &v, NULL,
					       &err),
			 MD_ERR_INVALID);
	md_values_set(&v, "note", "ok", NULL);
	assert_int_equal(md_contact_draft_save(env->db, &tanaka, -1, 0, &v,
					       NULL, &err),
			 MD_ERR_INVALID);
	th_assert_ok(md_contact_draft_save(env->db, &tanaka, 0, 0, &v, NULL,
					   &err),
		     &err);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "tanaka", false,
					&err),
		     &err);
	assert_int_equal(md_contact_draft_save(env->db, &tanaka, 0, 0, &v, NULL,
					       &err),
			 MD_ERR_DISABLED);
	struct md_contact_draft d;
	bool found = true;
	assert_int_equal(md_contact_draft_load(env->db, &tanaka, 0, &d, &found,
					       &err),
			 MD_ERR_DISABLED);
	assert_false(found);
	assert_int_equal(md_contact_draft_discard(env->db, &tanaka, 0, &err),
			 MD_ERR_DISABLED);
	/* Nothing was lost: the draft waits for the account. */
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM contact_drafts"),
			 1);
	md_values_fini(&v);
	md_user_fini(&tanaka);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(contact_drafts_keep_what_was_typed_privately__000_3_1,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_contact_draft_of_bad_text_or_a_disabled_account_is_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(save_and_load_round_trip_keeps_what_was_typed,
						setup, teardown),
		cmocka_unit_test_setup_teardown(saving_again_replaces_the_draft,
						setup, teardown),
		cmocka_unit_test_setup_teardown(drafts_are_private_and_listed_newest_first,
						setup, teardown),
		cmocka_unit_test_setup_teardown(discard_removes_and_a_missing_draft_is_no_error,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_disabled_account_is_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_draft_save_writes_no_revision_and_no_audit_row,
						setup, teardown),
		cmocka_unit_test_setup_teardown(drafts_survive_closing_and_reopening_the_database,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_draft_of_an_unknown_case_or_bad_text_is_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(put_field_replaces_the_field_of_the_draft_and_keeps_the_rest,
						setup, teardown),
		cmocka_unit_test_setup_teardown(put_field_without_a_draft_makes_one_from_the_form,
						setup, teardown),
		cmocka_unit_test_setup_teardown(put_field_refuses_a_field_the_form_lacks,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("drafts", tests, NULL, NULL);
}
