/* Printing to CSV: golden bytes, read back with libcsv, CP932 bytes, refusals. */
#include "helpers.h"

#include <csv.h>
#include <dirent.h>

#include "madoguchi/agencies.h"
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
	struct th_env *env = *state;
	struct md_err err;
	forms = th_forms("tests/forms/good");
	th_assert_ok(md_agency_add(env->db, &env->admin, th_kinds(),
				   &(const struct md_agency_in){
					   .name = "福祉事務所"},
				   &err),
		     &err);
	case_id = th_case(env, forms, "髙橋 花子", "たかはし はなこ",
			  "S55.4.1");
	return 0;
}

static int
teardown(void **state)
{
	md_forms_free(&forms);
	return th_teardown(state);
}

static void
fill(struct th_env *env, const char *form, int seq, const char *const *kv)
{
	struct md_err err;
	struct md_record rec;
	struct md_values faults;
	bool saved;
	md_values_init(&faults);
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id, form,
				    seq, &rec, &err),
		     &err);
	for (; *kv; kv += 2)
		md_values_set(&rec.values, kv[0], kv[1], NULL);
	enum md_status rc = md_record_save(env->db, &env->admin, &rec, 0,
					   &saved, &faults, &err);
	for (size_t i = 0; i < faults.n; i++)
		fprintf(stderr, "# %s\n", faults.items[i].value);
	th_assert_ok(rc, &err);
	md_values_fini(&faults);
	md_record_fini(&rec);
}

/* clang-format off */
static const char *const sample[] = {
	"note", "一行目、\"引用\"\n二行目",
	"rent", "45000",
	"months", "3",
	"sex", "その他",
	"sex.other", "回答しない",
	"topics", "住まい|仕事探し、就職について|その他",
	"topics.other", "近所との関係",
	"topics.primary", "住まい",
	"signed", "はい",
	"agency", "福祉事務所",
	"phone", "03-1234-5678",
	"family.1.relation", "夫",
	"family.1.age", "46",
	"family.1.together", "同居",
	"family.2.relation", "長女",
	NULL,
};
/* clang-format on */

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* Compare with a golden file; MADOGUCHI_UPDATE_GOLDEN=1 rewrites it. */
static void
assert_golden(const char *path, const char *golden)
{
	size_t n1 = 0, n2 = 0;
	char *got = slurp(path, &n1);
	assert_non_null(got);
	if (getenv("MADOGUCHI_UPDATE_GOLDEN")) {
		FILE *f = fopen(golden, "wb");
		fwrite(got, 1, n1, f);
		fclose(f);
	}
	char *want = slurp(golden, &n2);
	if (!want)
		fail_msg("no golden file %s", golden);
	if (n1 != n2 || memcmp(got, want, n1))
		fail_msg("%s differs from %s", path, golden);
	free(got);
	free(want);
}

static void
form_prints_as_golden_csv_with_bom_and_crlf(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	fill(env, "alltypes", MD_SEQ_LATEST, sample);
	struct md_export_options opts = {.encoding = MD_CSV_UTF8_BOM,
					 .office = "港区生活・就労支援センター"};
	const char *out = th_path("alltypes.csv");
	th_assert_ok(md_export_form(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, out, &opts,
				    &err),
		     &err);
	assert_golden(out, TOP_DIR "/tests/golden/alltypes.csv");
	struct stat sb;
	assert_int_equal(stat(out, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" action = 'export' AND case_id IS NOT NULL"),
			 1);
}

/* Rows read back with libcsv. */
struct rows {
	char cells[200][8][512];
	int ncells[200];
	int n;
	int col;
};

static void
on_cell(void *s, size_t len, void *data)
{
	struct rows *r = data;
	if (r->n < 200 && r->col < 8)
		snprintf(r->cells[r->n][r->col], 512, "%.*s", (int)len,
			 (const char *)s);
	r->col++;
}

static void
on_row(int c, void *data)
{
	(void)c;
	struct rows *r = data;
	r->ncells[r->n] = r->col;
	r->n++;
	r->col = 0;
}

static struct rows *
read_back(const char *path)
{
	size_t len = 0;
	char *buf = slurp(path, &len);
	assert_non_null(buf);
	struct csv_parser p;
	struct rows *r = calloc(1, sizeof *r);
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_APPEND_NULL), 0);
	size_t skip = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
	assert_int_equal(csv_parse(&p, buf + skip, len - skip, on_cell, on_row,
				   r),
			 len - skip);
	assert_int_equal(csv_fini(&p, on_cell, on_row, r), 0);
	csv_free(&p);
	free(buf);
	return r;
}

static int
find_row(const struct rows *r, const char *label)
{
	for (int i = 0; i < r->n; i++)
		if (r->ncells[i] >= 2 && !strcmp(r->cells[i][1], label))
			return i;
	return -1;
}

static void
printed_values_read_back_as_a_person_would_read_them(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	fill(env, "alltypes", MD_SEQ_LATEST, sample);
	struct md_export_options opts = {.encoding = MD_CSV_UTF8};
	const char *out = th_path("plain.csv");
	th_assert_ok(md_export_form(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, out, &opts,
				    &err),
		     &err);
	struct rows *r = read_back(out);
	assert_string_equal(r->cells[0][0], "第99号様式");
	assert_string_equal(r->cells[0][1], "型の試験");
	int i;
	assert_true((i = find_row(r, "内容")) > 0);
	assert_string_equal(r->cells[i][2], "一行目、\"引用\"\n二行目");
	assert_true((i = find_row(r, "家賃")) > 0);
	assert_string_equal(r->cells[i][2], "45,000円");
	assert_true((i = find_row(r, "日付")) > 0);
	assert_string_equal(r->cells[i][2], "令和8年4月1日");
	assert_true((i = find_row(r, "生年月日")) > 0);
	assert_string_equal(r->cells[i][2], "昭和55年4月1日");
	assert_true((i = find_row(r, "性別")) > 0);
	assert_string_equal(r->cells[i][2], "その他(回答しない)");
	assert_true((i = find_row(r, "ご相談の内容")) > 0);
	/* An option may hold 「、」: the options chosen are joined by 「／」
	 * (issue 15, finding 7), so two read as two. */
	assert_string_equal(r->cells[i][2],
			    "住まい／仕事探し、就職について／その他(近所との関係)");
	assert_true((i = find_row(r, "一番お困りのこと")) > 0);
	assert_string_equal(r->cells[i][2], "住まい");
	assert_true((i = find_row(r, "担当者")) > 0);
	assert_string_equal(r->cells[i][2], "管理 太郎");
	assert_true((i = find_row(r, "本人署名")) > 0);
	assert_string_equal(r->cells[i][2], "はい");
	assert_true((i = find_row(r, "家族構成 1")) > 0);
	assert_string_equal(r->cells[i][2], "夫");
	assert_string_equal(r->cells[i][3], "46");
	assert_string_equal(r->cells[i][4], "同居");
	assert_true((i = find_row(r, "家族構成 2")) > 0);
	assert_string_equal(r->cells[i][2], "長女");
	assert_true((i = find_row(r, "同意文")) > 0);
	assert_string_equal(r->cells[i][2],
			    "関係機関と情報を共有することに同意します。");
	free(r);
}

static void
cp932_writes_the_characters_excel_users_type(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const char *const kv[] = {"note", "①〜③ 5～6 髙﨑", NULL};
	fill(env, "alltypes", MD_SEQ_LATEST, kv);
	struct md_export_options opts = {.encoding = MD_CSV_CP932};
	const char *out = th_path("sjis.csv");
	th_assert_ok(md_export_form(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, out, &opts,
				    &err),
		     &err);
	size_t len = 0;
	char *buf = slurp(out, &len);
	/* ① 87 40, 〜 81 60, ③ 87 42, ～ 81 60, 髙 FB FC, 﨑 FA B1 */
	const char want[] = "\"\x87\x40\x81\x60\x87\x42 5\x81\x60"
			    "6 \xFB\xFC\xFA\xB1\"";
	assert_non_null(memmem(buf, len, want, sizeof want - 1));
	/* 髙橋 in the title rows, too; no BOM. */
	assert_non_null(memmem(buf, len, "\xFB\xFC\x8B\xB4", 4));
	assert_false(len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3));
	free(buf);
}

static int
count_files(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.' || strstr(e->d_name, ".tmp-") != NULL;
	closedir(d);
	return n;
}

static void
cp932_refuses_what_it_cannot_hold_naming_the_field(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const char *const kv[] = {"note", "𠮷野家で働いていた", NULL};
	fill(env, "alltypes", MD_SEQ_LATEST, kv);
	int before = count_files(th_dir);
	struct md_export_options opts = {.encoding = MD_CSV_CP932};
	assert_int_equal(md_export_form(env->db, &env->admin, forms, case_id,
					"alltypes", MD_SEQ_LATEST,
					th_path("x.csv"), &opts, &err),
			 MD_ERR_ENCODING);
	th_assert_contains(err.msg,
			   "「𠮷」(U+20BB7)は CP932 で表せないため出力できません(内容)");
	/* Nothing half-written: no file, no temporary left, no audit row. */
	assert_int_equal(access(th_path("x.csv"), F_OK), -1);
	assert_int_equal(count_files(th_dir), before);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " action = 'export'"),
			 0);
}

static void
existing_file_is_kept_without_force(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const char *out = th_write("exists.csv", "大事なファイル\n");
	struct md_export_options opts = {.encoding = MD_CSV_UTF8};
	assert_int_equal(md_export_form(env->db, &env->admin, forms, case_id,
					"alltypes", MD_SEQ_LATEST, out, &opts,
					&err),
			 MD_ERR_EXISTS);
	th_assert_contains(err.msg, "--force");
	size_t len = 0;
	char *buf = slurp(out, &len);
	assert_int_equal(len, strlen("大事なファイル\n"));
	free(buf);
	opts.force = true;
	th_assert_ok(md_export_form(env->db, &env->admin, forms, case_id,
				    "alltypes", MD_SEQ_LATEST, out, &opts,
				    &err),
		     &err);
	buf = slurp(out, &len);
	assert_non_null(memmem(buf, len, "型の試験", strlen("型の試験")));
	free(buf);
}

static void
entries_print_as_one_row_each_in_date_order(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	const char *const e1[] = {"day", "R6.5.2", "text", "二回目の面談",
				  NULL};
	const char *const e2[] = {"day", "R6.4.10", "text",
				  "初回の面談\n家賃の滞納あり", NULL};
	fill(env, "notes", MD_SEQ_NEW, e1);
	fill(env, "notes", MD_SEQ_NEW, e2);
	struct md_export_options opts = {.encoding = MD_CSV_UTF8};
	const char *out = th_path("notes.csv");
	th_assert_ok(md_export_form(env->db, &env->admin, forms, case_id,
				    "notes", MD_SEQ_LATEST, out, &opts, &err),
		     &err);
	struct rows *r = read_back(out);
	int head = -1;
	for (int i = 0; i < r->n && head < 0; i++)
		if (!strcmp(r->cells[i][0], "日付") &&
		    !strcmp(r->cells[i][1], "内容"))
			head = i;
	assert_true(head > 0);
	assert_int_equal(r->n, head + 3);
	assert_string_equal(r->cells[head + 1][0], "令和6年4月10日");
	assert_string_equal(r->cells[head + 1][1],
			    "初回の面談\n家賃の滞納あり");
	assert_string_equal(r->cells[head + 2][0], "令和6年5月2日");
	free(r);
}

static void
case_list_has_the_national_columns(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_export_options opts = {.encoding = MD_CSV_UTF8_BOM};
	const char *out = th_path("list.csv");
	th_assert_ok(md_export_caselist(env->db, &env->admin, out, &opts, &err),
		     &err);
	struct rows *r = read_back(out);
	int head = -1;
	for (int i = 0; i < r->n && head < 0; i++)
		if (!strcmp(r->cells[i][0], "ケース番号"))
			head = i;
	assert_true(head > 0);
	assert_int_equal(r->ncells[head], md_caselist_ncolumns);
	assert_string_equal(r->cells[head][1], "氏名");
	assert_string_equal(r->cells[head + 1][1], "髙橋 花子");
	assert_string_equal(r->cells[head + 1][4],
			    "46"); /* born 1980-04-01, today 2026-04-01 */
	free(r);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM audit_log WHERE"
				" action = 'export' AND detail LIKE '支援ケース一覧%'"),
			 1);
}

/* A form's file name: a 様式番号 with characters no file name holds, or
 * longer than a file name may be, still makes one name in the folder. */
static void
file_name_of_a_form_is_one_name(void **state)
{
	(void)state;
	struct md_form form = {.number = "第2号様式"};
	char *name = md_export_file_name(12, &form);
	assert_string_equal(name, "12-第2号様式.csv");
	md_free(name);
	form.number = "第1/2号:別紙*?\"<>|\\\n";
	name = md_export_file_name(3, &form);
	assert_string_equal(name, "3-第1_2号_別紙________.csv");
	md_free(name);
	/* x then 100 kanji: the cut falls inside a character. */
	char number[1 + 300 + 1] = "x";
	for (int i = 0; i < 100; i++)
		strcat(number, "様");
	form.number = number;
	name = md_export_file_name(7, &form);
	assert_true(strlen(name) <= 255);
	assert_true(md_utf8_valid(name, strlen(name)));
	assert_true(strlen(name) > 200);
	assert_string_equal(name + strlen(name) - 4, ".csv");
	md_free(name);
}

/* Each cell as typed and as it is written (OWASP "CSV injection", issue 13
 * finding 1): a single quote before a cell a spreadsheet would take for a
 * formula, the text after it unchanged; everything else, a plain number
 * among them, as it was. */
static const struct {
	const char *typed;
	const char *written;
} cells[] = {
	/* the four signs, first */
	{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
	{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
	{"-2+3", "'-2+3"},
	{"@SUM(1)", "'@SUM(1)"},
	{"=", "'="},
	{"-", "'-"},
	/* a tab, CR or LF first */
	{"\t=1+2", "'\t=1+2"},
	{"\tあいう", "'\tあいう"},
	{"\r=1+2", "'\r=1+2"},
	{"\n=1+2", "'\n=1+2"},
	/* after spaces: ASCII, ideographic, no-break */
	{" =1+2", "' =1+2"},
	{"　＠SUM(1)", "'　＠SUM(1)"},
	{"\xC2\xA0-1+2", "'\xC2\xA0-1+2"},
	/* full-width and the other forms NFKC folds to a sign */
	{"＝HYPERLINK(\"http://x\")", "'＝HYPERLINK(\"http://x\")"},
	{"＋1", "'＋1"},
	{"－1200", "'－1200"},
	{"＠SUM(1)", "'＠SUM(1)"},
	{"\xEF\xB9\xA6"
	 "1+2",
	 "'\xEF\xB9\xA6"
	 "1+2"}, /* ﹦ small equals */
	/* a plain number is read as that number: left alone */
	{"-1200", "-1200"},
	{"+3", "+3"},
	{"-1,200", "-1,200"},
	{"-1,234,567.89", "-1,234,567.89"},
	{"-0.5", "-0.5"},
	/* a number with more after it, or odd groups, is not plain */
	{"-1200円", "'-1200円"},
	{"-1,200円", "'-1,200円"},
	{"-1+2", "'-1+2"},
	{"+81-3-1234-5678", "'+81-3-1234-5678"},
	{"-1,20", "'-1,20"},
	{"-1234,567", "'-1234,567"},
	{"-1.", "'-1."},
	{"-.5", "'-.5"},
	{"- 1200", "'- 1200"},
	{" -1200", "' -1200"},
	{"-1e5", "'-1e5"},
	/* signs elsewhere, and the rest: as they were */
	{"", ""},
	{"1200", "1200"},
	{"髙橋 花子", "髙橋 花子"},
	{"家賃 -3か月", "家賃 -3か月"},
	{"a=b", "a=b"},
	{"'=1+2", "'=1+2"},
	{"−1200", "−1200"}, /* U+2212 MINUS SIGN: no ASCII sign under NFKC */
	{"令和8年4月1日〜令和8年9月30日", "令和8年4月1日〜令和8年9月30日"},
	{"\xE2\x80\x8B=1",
	 "\xE2\x80\x8B=1"}, /* a zero-width space: text first */
};

static void
a_cell_a_spreadsheet_would_run_gets_a_quote__owasp(void **state)
{
	(void)state;
	struct md_buf buf;
	md_buf_init(&buf);
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		const char *w = md_export_cell(cells[i].typed, &buf);
		assert_non_null(w);
		if (strcmp(w, cells[i].written))
			fail_msg("cell %zu «%s»: written «%s», expected «%s»",
				 i, cells[i].typed, w, cells[i].written);
		/* Whatever is not changed is the very string: no copy. */
		if (!strcmp(cells[i].typed, cells[i].written))
			assert_ptr_equal(w, cells[i].typed);
		/* The guard is stable: a guarded cell is not guarded again. */
		assert_false(md_text_is_formula(w));
	}
	md_buf_fini(&buf);
}

static bool
has_cell(const struct rows *r, const char *text)
{
	for (int i = 0; i < r->n; i++)
		for (int j = 0; j < r->ncells[i] && j < 8; j++)
			if (!strcmp(r->cells[i][j], text))
				return true;
	return false;
}

/* Every print goes through the guard: a name that is a formula comes out,
 * read back with libcsv, with the quote before it, in a form, an entries
 * list and the case list, in UTF-8 and CP932. */
static void
every_print_quotes_a_formula_name__owasp(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_case(env, forms, "=SUM(A1)", "えっくす", NULL);
	long long id = case_id + 1;
	const char *const name = "'=SUM(A1)";
	static const struct {
		const char *form, *file;
		enum md_csv_encoding enc;
	} prints[] = {
		{"alltypes", "form.csv", MD_CSV_UTF8_BOM},
		{"alltypes", "form932.csv", MD_CSV_CP932},
		{"notes", "notes.csv", MD_CSV_UTF8},
		{NULL, "list.csv", MD_CSV_UTF8},
	};
	for (size_t i = 0; i < sizeof prints / sizeof prints[0]; i++) {
		struct md_export_options opts = {.encoding = prints[i].enc};
		const char *out = th_path(prints[i].file);
		th_assert_ok(prints[i].form
				     ? md_export_form(env->db, &env->admin,
						      forms, id, prints[i].form,
						      MD_SEQ_LATEST, out, &opts,
						      &err)
				     : md_export_caselist(env->db, &env->admin,
							  out, &opts, &err),
			     &err);
		struct rows *r = read_back(out);
		if (!has_cell(r, name))
			fail_msg("%s lacks the cell «%s»", prints[i].file,
				 name);
		free(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(form_prints_as_golden_csv_with_bom_and_crlf,
						setup, teardown),
		cmocka_unit_test_setup_teardown(printed_values_read_back_as_a_person_would_read_them,
						setup, teardown),
		cmocka_unit_test_setup_teardown(cp932_writes_the_characters_excel_users_type,
						setup, teardown),
		cmocka_unit_test_setup_teardown(cp932_refuses_what_it_cannot_hold_naming_the_field,
						setup, teardown),
		cmocka_unit_test_setup_teardown(existing_file_is_kept_without_force,
						setup, teardown),
		cmocka_unit_test_setup_teardown(entries_print_as_one_row_each_in_date_order,
						setup, teardown),
		cmocka_unit_test_setup_teardown(case_list_has_the_national_columns,
						setup, teardown),
		cmocka_unit_test(file_name_of_a_form_is_one_name),
		cmocka_unit_test(
			a_cell_a_spreadsheet_would_run_gets_a_quote__owasp),
		cmocka_unit_test_setup_teardown(every_print_quotes_a_formula_name__owasp,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
