/* Saving forms: append-only revisions, refused conflicts that keep what was
 * typed, the person's fields shared by every form (自動転記), history, diff. */
#include "helpers.h"

#include "madoguchi/cases.h"
#include "madoguchi/export.h"
#include "madoguchi/records.h"
#include "madoguchi/text.h"

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

static void
open_fill_save(struct th_env *env, const struct md_user *u, const char *key,
	       const char *value, struct md_record *rec)
{
	struct md_err err;
	bool saved;
	th_assert_ok(md_record_open(env->db, u, forms, case_id, "alltypes",
				    MD_SEQ_LATEST, rec, &err),
		     &err);
	md_values_set(&rec->values, key, value, NULL);
	th_assert_ok(md_record_save(env->db, u, rec, 0, &saved, NULL, &err),
		     &err);
	assert_true(saved);
}

static void
new_form_has_defaults_and_the_persons_fields(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_int_equal(rec.revision, 0);
	assert_int_equal(rec.id, 0);
	assert_int_equal(rec.seq, 1);
	assert_string_equal(md_values_get(&rec.values, "on"), "2026-04-01");
	assert_string_equal(md_values_get(&rec.values, "staff"), "admin");
	assert_string_equal(md_values_get(&rec.values, "name"), "田中 一郎");
	assert_string_equal(md_values_get(&rec.values, "birth"), "1980-04-01");
	assert_false(rec.complete);
	md_record_fini(&rec);
	/* Opening a form is a view of the person's record. */
	assert_true(th_int(env->db,
			   "SELECT count(*) FROM audit_log WHERE"
			   " action = 'view' AND case_id IS NOT NULL") >= 1);
}

static void
save_appends_revisions_and_never_overwrites(void **state)
{
	struct th_env *env = *state;
	struct md_record rec;
	open_fill_save(env, &env->admin, "note", "初回の相談", &rec);
	assert_int_equal(rec.revision, 1);
	md_record_fini(&rec);
	open_fill_save(env, &env->admin, "note", "二回目に書き直した", &rec);
	assert_int_equal(rec.revision, 2);
	long long id = rec.id;
	md_record_fini(&rec);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_revisions"),
			 2);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM form_revisions WHERE record_id = %lld AND"
		 " revision = 1 AND data LIKE '%%初回の相談%%'",
		 id);
	assert_int_equal(th_int(env->db, sql), 1);
	snprintf(sql, sizeof sql,
		 "SELECT base_revision FROM form_revisions WHERE record_id = %lld"
		 " AND revision = 2",
		 id);
	assert_int_equal(th_int(env->db, sql), 1);
	/* Each save is audited in its own transaction. */
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action IN ('create', 'update') AND"
					 " detail LIKE '第99号様式%'"),
			 2);
}

static void
second_save_from_the_same_base_is_refused_and_keeps_the_text(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user tanaka;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	struct md_record first;
	open_fill_save(env, &env->admin, "note", "はじめ", &first);
	md_record_fini(&first);

	/* Two consultants open the same revision. */
	struct md_record a, b;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &a, &err),
		     &err);
	th_assert_ok(md_record_open(env->db, &tanaka, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &b, &err),
		     &err);
	th_clock("2026-04-01 10:05:00");
	md_values_set(&a.values, "note", "管理者の記録", NULL);
	bool saved;
	th_assert_ok(md_record_save(env->db, &env->admin, &a, 0, &saved, NULL,
				    &err),
		     &err);
	md_values_set(&b.values, "note", "田中の記録", NULL);
	assert_int_equal(md_record_save(env->db, &tanaka, &b, 0, &saved, NULL,
					&err),
			 MD_ERR_CONFLICT);
	assert_false(saved);
	th_assert_contains(err.msg,
			   "管理 太郎 さんが 令和8年4月1日 10:05:00 に保存しています(版 2)");
	/* What tanaka typed is still in hand, and nothing of it was stored. */
	assert_string_equal(md_values_get(&b.values, "note"), "田中の記録");
	assert_int_equal(b.revision, 1);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_revisions"
					 " WHERE data LIKE '%田中の記録%'"),
			 0);
	md_record_fini(&a);
	md_record_fini(&b);
	md_user_fini(&tanaka);
}

/* values_of(v, {"k=v", …, NULL}): v from key=value strings. */
static void
values_of(struct md_values *v, const char *const *kvs)
{
	md_values_init(v);
	for (; *kvs; kvs++) {
		const char *eq = strchr(*kvs, '=');
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)(eq - *kvs), *kvs);
		assert_int_equal(md_values_set(v, key, eq + 1, NULL), MD_OK);
	}
}

/* v as "k=v k=v …", keys in order, for comparing. */
static const char *
values_str(const struct md_values *v)
{
	static char out[512];
	out[0] = '\0';
	for (size_t i = 0; i < v->n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s=%s",
			 i ? " " : "", v->items[i].key, v->items[i].value);
	return out;
}

/* Merge base, mine and theirs; expect out and both (as values_str). */
static void
check_merge(const char *const *base, const char *const *mine,
	    const char *const *theirs, const char *out, const char *both)
{
	struct md_values b, m, t, o, bo;
	values_of(&b, base);
	values_of(&m, mine);
	values_of(&t, theirs);
	md_values_init(&o);
	md_values_init(&bo);
	assert_int_equal(md_values_merge(&b, &m, &t, &o, &bo, NULL), MD_OK);
	assert_string_equal(values_str(&o), out);
	assert_string_equal(values_str(&bo), both);
	struct md_values *all[] = {&b, &m, &t, &o, &bo};
	for (size_t i = 0; i < 5; i++)
		md_values_fini(all[i]);
}

/* After a refused save, the screen lays what it changed over the newest
 * revision: theirs stands where this side changed nothing, this side's
 * where it did, and a field both changed differently is named. */
static void
merge_lays_this_sides_changes_over_theirs(void **state)
{
	(void)state;
	/* Each side changed its own fields: nothing in both. "ab" is a field
	 * of its own, not part of "a". */
	check_merge((const char *[]){"a=1", "ab=1", "b=2", "gone=x", NULL},
		    (const char *[]){"a=1", "ab=1", "b=3", "gone=x", "new=y",
				     NULL},
		    (const char *[]){"a=9", "ab=5", "b=2", "c=5", NULL},
		    "a=9 ab=5 b=3 c=5 new=y", "");
	/* Both changed b (differently), d (the same way) and e (one emptied
	 * it): b and e are named, this side's value kept. */
	check_merge((const char *[]){"b=2", "d=1", "e=1", NULL},
		    (const char *[]){"b=3", "d=7", NULL},
		    (const char *[]){"b=4", "d=7", "e=6", NULL}, "b=3 d=7",
		    "b=1 e=1");
	/* A table and a multi move whole: this side deleted row 1, the other
	 * side changed a cell of row 2; the ◎ changed here takes the multi. */
	check_merge((const char *[]){"t.1.x=p", "t.2.x=q", "m=甲\n乙",
				     "m.primary=甲", NULL},
		    (const char *[]){"t.1.x=q", "m=甲\n乙", "m.primary=乙",
				     NULL},
		    (const char *[]){"t.1.x=p", "t.2.x=q", "t.2.y=r",
				     "m=甲\n乙\n丙", "m.primary=甲", "z=1",
				     NULL},
		    "m=甲\n乙 m.primary=乙 t.1.x=q z=1", "m=1 t=1");
}

static void
two_new_forms_started_together_conflict_instead_of_making_two(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record a, b;
	bool saved;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &a, &err),
		     &err);
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &b, &err),
		     &err);
	md_values_set(&a.values, "note", "一つ目", NULL);
	md_values_set(&b.values, "note", "二つ目", NULL);
	th_assert_ok(md_record_save(env->db, &env->admin, &a, 0, &saved, NULL,
				    &err),
		     &err);
	assert_int_equal(md_record_save(env->db, &env->admin, &b, 0, &saved,
					NULL, &err),
			 MD_ERR_CONFLICT);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_records"),
			 1);
	md_record_fini(&a);
	md_record_fini(&b);
}

static void
invalid_values_save_nothing_and_name_every_fault(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	struct md_values faults;
	bool saved;
	md_values_init(&faults);
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &rec, &err),
		     &err);
	md_values_set(&rec.values, "on", "令和元年4月30日", NULL);
	md_values_set(&rec.values, "rent", "たくさん", NULL);
	md_values_set(&rec.values, "note", "保存されないはず", NULL);
	assert_int_equal(md_record_save(env->db, &env->admin, &rec, 0, &saved,
					&faults, &err),
			 MD_ERR_INVALID);
	assert_int_equal(faults.n, 2);
	th_assert_contains(md_values_get(&faults, "on"), "日付: ");
	th_assert_contains(md_values_get(&faults, "rent"), "家賃: ");
	assert_string_equal(md_values_get(&rec.values, "on"),
			    "令和元年4月30日");
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_revisions"),
			 0);
	md_values_fini(&faults);
	md_record_fini(&rec);
}

static void
saving_nothing_new_writes_nothing(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	bool saved;
	open_fill_save(env, &env->admin, "note", "内容", &rec);
	md_values_set(&rec.values, "rent", "45,000円", NULL);
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	assert_true(saved);
	/* The same amount typed differently is no change. */
	md_values_set(&rec.values, "rent", "￥45000", NULL);
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	assert_false(saved);
	assert_int_equal(rec.revision, 2);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_revisions"),
			 2);
	md_record_fini(&rec);
}

static void
persons_fields_are_entered_once_and_shown_everywhere(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	open_fill_save(env, &env->admin, "kana", "タナカ イチロウ", &rec);
	md_record_fini(&rec);
	/* The person holds it (as a new revision of the person)… */
	assert_int_equal(th_int(env->db, "SELECT revision FROM persons"), 2);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM persons WHERE"
					 " kana = 'タナカ イチロウ' AND"
					 " kana_key = 'たなかいちろう'"),
			 1);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM person_revisions"),
			 2);
	/* …not the form… */
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM form_revisions"
					 " WHERE data LIKE '%イチロウ%'"),
			 0);
	/* …and a second case of the same person shows it on its forms. */
	long long second;
	th_assert_ok(md_case_create(env->db, &env->admin, forms,
				    th_int(env->db, "SELECT id FROM persons"),
				    NULL, &second, NULL, &err),
		     &err);
	th_assert_ok(md_record_open(env->db, &env->admin, forms, second,
				    "alltypes", MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_string_equal(md_values_get(&rec.values, "kana"),
			    "タナカ イチロウ");
	md_record_fini(&rec);
}

static void
person_changed_elsewhere_meanwhile_is_a_conflict(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record a, b;
	bool saved;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &a, &err),
		     &err);
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "notes", MD_SEQ_NEW, &b, &err),
		     &err);
	(void)b;
	md_record_fini(&b);
	struct md_record c;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &c, &err),
		     &err);
	md_values_set(&a.values, "name", "田中 一朗", NULL);
	th_assert_ok(md_record_save(env->db, &env->admin, &a, 0, &saved, NULL,
				    &err),
		     &err);
	md_values_set(&c.values, "rent", "45000", NULL);
	md_values_set(&c.values, "name", "田中 市郎", NULL);
	assert_int_equal(md_record_save(env->db, &env->admin, &c, 0, &saved,
					NULL, &err),
			 MD_ERR_CONFLICT);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM persons WHERE"
					 " name = '田中 一朗'"),
			 1);
	md_record_fini(&a);
	md_record_fini(&c);
}

static void
workflow_fields_change_only_through_the_workflow(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	bool saved;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &rec, &err),
		     &err);
	md_values_set(&rec.values, "triage", "継続支援", NULL);
	assert_int_equal(md_record_save(env->db, &env->admin, &rec, 0, &saved,
					NULL, &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg, "振り分け結果 は手順");
	th_assert_ok(md_record_save(env->db, &env->admin, &rec,
				    MD_SAVE_WORKFLOW, &saved, NULL, &err),
		     &err);
	assert_true(saved);
	md_record_fini(&rec);
}

static void
history_and_field_by_field_difference(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	open_fill_save(env, &env->admin, "note", "一回目", &rec);
	md_values_set(&rec.values, "note", "二回目", NULL);
	md_values_set(&rec.values, "rent", "50000", NULL);
	md_values_set(&rec.values, "family.1.relation", "妻", NULL);
	bool saved;
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	struct md_revision *revs;
	size_t n;
	th_assert_ok(md_record_history(env->db, &env->admin, forms, rec.id,
				       &revs, &n, &err),
		     &err);
	assert_int_equal(n, 2);
	assert_int_equal(revs[0].revision, 1);
	assert_int_equal(revs[1].base_revision, 1);
	assert_string_equal(revs[1].user_name, "管理 太郎");
	assert_string_equal(revs[1].changed, "内容、家賃、家族構成");
	md_revisions_free(revs, n);

	struct md_values v1, v2;
	md_values_init(&v1);
	md_values_init(&v2);
	th_assert_ok(md_record_values_at(env->db, &env->admin, rec.id, 1, &v1,
					 &err),
		     &err);
	th_assert_ok(md_record_values_at(env->db, &env->admin, rec.id, 2, &v2,
					 &err),
		     &err);
	struct md_diff *d;
	th_assert_ok(md_values_diff(rec.form, &v1, &v2, &d, &n, &err), &err);
	assert_int_equal(n, 3);
	assert_string_equal(d[0].key, "note");
	assert_string_equal(d[0].before, "一回目");
	assert_string_equal(d[0].after, "二回目");
	assert_string_equal(d[1].key, "rent");
	assert_string_equal(d[1].before, "");
	assert_string_equal(d[2].key, "family.1.relation");
	assert_string_equal(d[2].after, "妻");
	md_diffs_free(d, n);
	md_values_fini(&v1);
	md_values_fini(&v2);
	assert_int_equal(md_record_values_at(env->db, &env->admin, rec.id, 3,
					     &v1, &err),
			 MD_ERR_NOTFOUND);
	md_record_fini(&rec);
}

static void
entries_are_many_and_listed_newest_first(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const char *days[] = {"R6.4.3", "R6.4.1", "R6.4.2"};
	for (int i = 0; i < 3; i++) {
		struct md_record rec;
		bool saved;
		th_assert_ok(md_record_open(env->db, &env->admin, forms,
					    case_id, "notes", MD_SEQ_NEW, &rec,
					    &err),
			     &err);
		assert_int_equal(rec.seq, 0);
		md_values_set(&rec.values, "day", days[i], NULL);
		md_values_set(&rec.values, "text", days[i], NULL);
		th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0,
					    &saved, NULL, &err),
			     &err);
		assert_int_equal(rec.seq, i + 1);
		assert_true(rec.complete);
		md_record_fini(&rec);
	}
	struct md_record_info *list;
	size_t n;
	th_assert_ok(md_record_list(env->db, forms, case_id, 50, &list, &n,
				    &err),
		     &err);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].entry_date, "2024-04-03");
	assert_string_equal(list[1].entry_date, "2024-04-02");
	assert_string_equal(list[2].entry_date, "2024-04-01");
	assert_string_equal(list[2].summary, "R6.4.1");
	md_record_infos_free(list, n);
}

/* A form title longer than the audit detail's room is cut at a character:
 * the audit log is read back and printed (CP932 too), so every detail must
 * stay text. Found reading the code after fuzz_workflow's cut step id. */
static void
audit_details_of_a_long_form_title_stay_text(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	struct md_form *form = NULL;
	for (size_t i = 0; i < forms->n; i++)
		if (!strcmp(forms->forms[i].id, "alltypes"))
			form = &forms->forms[i];
	assert_non_null(form);
	const char *was = form->title;
	/* x, xx, xxx and 120 three-byte characters: each buffer a detail is
	 * formatted into ends inside a character with one of the three. */
	for (int p = 1; p <= 3; p++) {
		char title[3 + 3 * 120 + 1] = "", note[32], out[32];
		for (int i = 0; i < p; i++)
			strcat(title, "x");
		for (int i = 0; i < 120; i++)
			strcat(title, "試");
		form->title = title;
		snprintf(note, sizeof note, "長い様式名 %d", p);
		open_fill_save(env, &env->admin, "note", note, &rec);
		md_record_fini(&rec);
		th_assert_ok(md_record_open(env->db, &env->admin, forms,
					    case_id, "alltypes", MD_SEQ_LATEST,
					    &rec, &err),
			     &err);
		md_record_fini(&rec);
		struct md_export_options opts = {.encoding = MD_CSV_UTF8_BOM};
		snprintf(out, sizeof out, "long%d.csv", p);
		th_assert_ok(md_export_form(env->db, &env->admin, forms,
					    case_id, "alltypes", MD_SEQ_LATEST,
					    th_path(out), &opts, &err),
			     &err);
	}
	form->title = was;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(env->db),
					    "SELECT action, detail FROM audit_log"
					    " WHERE detail LIKE '第99号様式 x%試%'",
					    -1, &st, NULL),
			 SQLITE_OK);
	int saves = 0, views = 0, exports = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *action = (const char *)sqlite3_column_text(st, 0);
		const char *detail = (const char *)sqlite3_column_text(st, 1);
		if (!md_utf8_valid(detail, strlen(detail)))
			fail_msg("%s: detail is not text: %s", action, detail);
		saves += !strcmp(action, "create") || !strcmp(action, "update");
		views += !strcmp(action, "view");
		exports += !strcmp(action, "export");
	}
	sqlite3_finalize(st);
	assert_int_equal(saves, 3);
	assert_true(views >= 3);
	assert_int_equal(exports, 3);
}

static void
closed_case_refuses_changes(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	bool saved;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, &rec, &err),
		     &err);
	assert_int_equal(sqlite3_exec(md_db_sqlite(env->db),
				      "UPDATE cases SET status = 'closed'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	md_values_set(&rec.values, "note", "終結後の書き込み", NULL);
	assert_int_equal(md_record_save(env->db, &env->admin, &rec, 0, &saved,
					NULL, &err),
			 MD_ERR_CLOSED);
	th_assert_contains(err.msg, "終結しています");
	md_record_fini(&rec);
}

static void
disabled_user_can_neither_read_nor_save(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user tanaka;
	struct md_record rec;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "tanaka", false,
					&err),
		     &err);
	assert_int_equal(md_record_open(env->db, &tanaka, forms, case_id,
					"alltypes", MD_SEQ_LATEST, &rec, &err),
			 MD_ERR_DISABLED);
	struct md_case c;
	assert_int_equal(md_case_get(env->db, &tanaka, case_id, &c, &err),
			 MD_ERR_DISABLED);
	md_user_fini(&tanaka);
}

/* Migration 3 rebuilds form_revisions as a rowid table: every revision of a
 * file written by an older program is kept, and it stays append-only. */
static void
migration_3_keeps_every_revision_and_stays_append_only(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_record rec;
	open_fill_save(env, &env->admin, "note", "一回目", &rec);
	md_record_fini(&rec);
	open_fill_save(env, &env->admin, "note", "二回目", &rec);
	long long id = rec.id;
	md_record_fini(&rec);
	/* Back to the WITHOUT ROWID table of version 2, as it was released. */
	th_rewind(env, 2);
	char *sql = sqlite3_mprintf(
		"CREATE TABLE old AS SELECT * FROM form_revisions;"
		" DROP TABLE form_revisions;"
		" CREATE TABLE form_revisions (record_id INTEGER NOT NULL"
		" REFERENCES form_records (id), revision INTEGER NOT NULL,"
		" base_revision INTEGER NOT NULL, user_id INTEGER NOT NULL"
		" REFERENCES users (id), at TEXT NOT NULL, complete INTEGER NOT NULL,"
		" data TEXT NOT NULL, changed TEXT NOT NULL,"
		" note TEXT NOT NULL DEFAULT '', PRIMARY KEY (record_id, revision))"
		" WITHOUT ROWID;"
		" INSERT INTO form_revisions SELECT * FROM old; DROP TABLE old;");
	th_assert_ok(md_db_exec(env->db, sql, &err), &err);
	sqlite3_free(sql);
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	assert_int_equal(md_db_schema_version(env->db), md_db_schema_latest());
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM sqlite_schema WHERE"
				" name = 'form_revisions' AND"
				" sql LIKE '%WITHOUT ROWID%'"),
			 0);
	char q[200];
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM form_revisions WHERE record_id = %lld AND"
		 " ((revision = 1 AND data LIKE '%%一回目%%') OR"
		 " (revision = 2 AND base_revision = 1 AND data LIKE '%%二回目%%'))",
		 id);
	assert_int_equal(th_int(env->db, q), 2);
	assert_int_not_equal(md_db_exec(env->db, "DELETE FROM form_revisions",
					&err),
			     MD_OK);
	assert_int_not_equal(md_db_exec(env->db,
					"UPDATE form_revisions SET note = 'x'",
					&err),
			     MD_OK);
	/* And saving goes on from the kept revision. */
	open_fill_save(env, &env->admin, "note", "三回目", &rec);
	assert_int_equal(rec.revision, 3);
	md_record_fini(&rec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(new_form_has_defaults_and_the_persons_fields,
						setup, teardown),
		cmocka_unit_test_setup_teardown(save_appends_revisions_and_never_overwrites,
						setup, teardown),
		cmocka_unit_test_setup_teardown(second_save_from_the_same_base_is_refused_and_keeps_the_text,
						setup, teardown),
		cmocka_unit_test(merge_lays_this_sides_changes_over_theirs),
		cmocka_unit_test_setup_teardown(two_new_forms_started_together_conflict_instead_of_making_two,
						setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_values_save_nothing_and_name_every_fault,
						setup, teardown),
		cmocka_unit_test_setup_teardown(saving_nothing_new_writes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(persons_fields_are_entered_once_and_shown_everywhere,
						setup, teardown),
		cmocka_unit_test_setup_teardown(person_changed_elsewhere_meanwhile_is_a_conflict,
						setup, teardown),
		cmocka_unit_test_setup_teardown(workflow_fields_change_only_through_the_workflow,
						setup, teardown),
		cmocka_unit_test_setup_teardown(history_and_field_by_field_difference,
						setup, teardown),
		cmocka_unit_test_setup_teardown(entries_are_many_and_listed_newest_first,
						setup, teardown),
		cmocka_unit_test_setup_teardown(audit_details_of_a_long_form_title_stay_text,
						setup, teardown),
		cmocka_unit_test_setup_teardown(closed_case_refuses_changes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(disabled_user_can_neither_read_nor_save,
						setup, teardown),
		cmocka_unit_test_setup_teardown(migration_3_keeps_every_revision_and_stays_append_only,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("records", tests, NULL, NULL);
}
