/* Form definitions: the shipped forms load whole; every broken one names file:line. */
#include "helpers.h"

#include <dirent.h>

#include "madoguchi/forms.h"

static void
shipped_forms_load_with_every_spec_form(void **state)
{
	(void)state;
	struct md_forms *forms = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	enum md_status rc = md_forms_load(TOP_DIR "/forms", &forms, &diags,
					  &err);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "# %s\n", diags.msgs[i]);
	th_assert_ok(rc, &err);
	md_diags_fini(&diags);
	static const struct {
		const char *id, *number, *title;
	} want[] = {
		{"reception", "第1号様式", "相談申込・受付票"},
		{"intake", "第2号様式", "インテーク・アセスメントシート"},
		{"progress", "第3号様式", "支援経過記録シート"},
		{"plan", "第4号様式", "プラン兼サービス利用申込書"},
		{"evaluation", "第5号様式", "評価シート"},
		{"notice", "第6号様式", "支援提供(変更)通知書"},
		/* 004 §5(7) 3: 多機関協働's 課題整理と支援方針. */
		{"collab", "多機関協働", "課題整理・支援方針シート"},
	};
	assert_int_equal(forms->n, 7);
	for (size_t i = 0; i < 7; i++) {
		const struct md_form *f = md_forms_find(forms, want[i].id);
		assert_non_null(f);
		assert_string_equal(f->number, want[i].number);
		assert_string_equal(f->title, want[i].title);
		assert_ptr_equal(&forms->forms[i], f); /* in order */
		assert_true(f->nfields > 0);
		for (size_t k = 0; k < f->nfields; k++) {
			const struct md_field *fd = &f->fields[k];
			assert_non_null(fd->label);
			assert_non_null(fd->help);
			assert_true(fd->source == 'V' || fd->source == 'P');
		}
	}
	/* Fields the workflow and the rules of 001 第9条 depend on. */
	const struct md_form *rec = md_forms_find(forms, "reception");
	assert_int_equal(md_form_field(rec, "signed")->type, MD_FIELD_YESNO);
	assert_int_equal(md_form_field(rec, "consent_share")->type,
			 MD_FIELD_YESNO);
	assert_true(md_form_field(rec, "triage")->by_workflow);
	assert_int_equal(md_form_field(rec, "name")->person, MD_PERSON_NAME);
	assert_int_equal(md_form_field(rec, "kana")->person, MD_PERSON_KANA);
	assert_non_null(md_form_field(rec, "topics")->primary);
	const struct md_form *plan = md_forms_find(forms, "plan");
	const struct md_field *services = md_form_field(plan, "services");
	assert_int_equal(services->type, MD_FIELD_MULTI);
	bool u = false, o = false;
	for (size_t i = 0; i < services->noptions; i++) {
		u |= strstr(services->options[i], "(ウ)") != NULL;
		o |= strstr(services->options[i], "(オ)") != NULL;
	}
	assert_true(u && o);
	/* 004 §3(2) (社会福祉法第106条の4第2項第2号): 参加支援 is a service of
	 * the plan and a kind of support a progress entry records. */
	assert_true(md_options_has(services->options, services->noptions,
				   "参加支援事業"));
	const struct md_field *kind = md_form_field(md_forms_find(forms,
								  "progress"),
						    "kind");
	assert_true(md_options_has(kind->options, kind->noptions, "参加支援"));
	const struct md_field *goals = md_form_field(plan, "goals");
	assert_int_equal(goals->type, MD_FIELD_TABLE);
	assert_true(goals->required);
	assert_true(goals->ncolumns >= 5);
	const struct md_form *progress = md_forms_find(forms, "progress");
	assert_true(progress->entries);
	assert_string_equal(progress->date_field, "entry_date");
	md_forms_free(&forms);
	assert_null(forms);
}

static void
forms_are_found_by_id_number_and_digit(void **state)
{
	(void)state;
	struct md_forms *forms = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	th_assert_ok(md_forms_load(TOP_DIR "/forms", &forms, &diags, &err),
		     &err);
	const struct md_form *plan = md_forms_find(forms, "plan");
	assert_ptr_equal(md_forms_find(forms, "第4号様式"), plan);
	assert_ptr_equal(md_forms_find(forms, "第4号"), plan);
	assert_ptr_equal(md_forms_find(forms, "4"), plan);
	assert_ptr_equal(md_forms_find(forms, "４"), plan);
	assert_null(md_forms_find(forms, "7"));
	assert_null(md_forms_find(forms, "plans"));
	md_forms_free(&forms);
	md_diags_fini(&diags);
}

/* The "; expect: …" line at the top of a broken definition. */
static void
expectation(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[1024] = "";
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	const char *p = strstr(line, "expect: ");
	assert_non_null(p);
	snprintf(out, size, "%s", p + 8);
	out[strcspn(out, "\n")] = '\0';
}

static void
every_broken_definition_names_file_and_line(void **state)
{
	(void)state;
	const char *dir = TOP_DIR "/tests/forms/broken";
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int checked = 0;
	while ((e = readdir(d)) != NULL) {
		if (!strstr(e->d_name, ".ini"))
			continue;
		char path[1024], want[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		expectation(path, want, sizeof want);
		struct md_diags diags;
		struct md_err err;
		md_diags_init(&diags);
		const char *paths[] = {path};
		enum md_status rc = md_forms_check_files(paths, 1, &diags,
							 &err);
		if (rc != MD_ERR_DEFINITION)
			fail_msg("%s: status %s", e->d_name,
				 md_status_name(rc));
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

static void
a_broken_file_among_good_ones_loads_nothing(void **state)
{
	(void)state;
	th_tmpdir();
	char cmd[16384];
	snprintf(cmd, sizeof cmd,
		 "cp %s/forms/*.ini %s/ && cp %s/tests/forms/broken/unknown_type.ini %s/",
		 TOP_DIR, th_dir, TOP_DIR, th_dir);
	assert_int_equal(system(cmd), 0);
	struct md_forms *forms = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	assert_int_equal(md_forms_load(th_dir, &forms, &diags, &err),
			 MD_ERR_DEFINITION);
	assert_null(forms);
	assert_int_equal(diags.n, 1);
	md_diags_fini(&diags);
	th_rm_rf(th_dir);
}

static void
type_table_round_trips(void **state)
{
	(void)state;
	for (int i = 0; i < MD_FIELD_TYPE_COUNT; i++) {
		enum md_field_type t;
		assert_true(md_field_type_parse(md_field_type_code(i), &t));
		assert_int_equal(t, i);
	}
	enum md_person_field pf;
	assert_true(md_person_field_parse("birth_date", &pf));
	assert_int_equal(pf, MD_PERSON_BIRTH_DATE);
	assert_false(md_person_field_parse("age", &pf));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_forms_load_with_every_spec_form),
		cmocka_unit_test(forms_are_found_by_id_number_and_digit),
		cmocka_unit_test(every_broken_definition_names_file_and_line),
		cmocka_unit_test(a_broken_file_among_good_ones_loads_nothing),
		cmocka_unit_test(type_table_round_trips),
	};
	return cmocka_run_group_tests_name("forms", tests, NULL, NULL);
}
