/* The case list's search: names and kana however they are written, case
 * numbers, filters, sorts, keyset pages, likely
 * duplicates, the audit row, and the search keys of migration 2. */
#include "helpers.h"

#include "madoguchi/audit.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"

static struct md_forms *forms;

static int
setup(void **state)
{
	th_setup(state);
	forms = th_forms("tests/forms/good");
	return 0;
}

static int
teardown(void **state)
{
	md_forms_free(&forms);
	return th_teardown(state);
}

/* Run SQL with no results on the test database. */
static void
exec(struct th_env *env, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(md_db_sqlite(env->db), sql, NULL, NULL, &msg) !=
	    SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* The first page (up to 1000 rows) for filter f; fails the test on error. */
static size_t
search(struct th_env *env, const struct md_case_filter *f,
       struct md_case_row **rows)
{
	struct md_err err;
	size_t n = 0;
	th_assert_ok(md_case_search(env->db, &env->admin, f, NULL, 1000, rows,
				    &n, &err),
		     &err);
	return n;
}

static int
id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* The case numbers text finds, ascending, as "1,5,12" (static buffer). */
static const char *
found(struct th_env *env, const char *text)
{
	static char out[4096];
	struct md_case_filter f = {.text = text, .include_closed = true};
	struct md_case_row *rows;
	size_t n = search(env, &f, &rows);
	long long *id = calloc(n + 1, sizeof *id);
	for (size_t i = 0; i < n; i++)
		id[i] = rows[i].case_id;
	qsort(id, n, sizeof *id, id_cmp);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld",
			 i ? "," : "", id[i]);
	free(id);
	md_case_rows_free(rows, n);
	return out;
}

static void
kana_is_found_in_hiragana_katakana_and_half_width(void **state)
{
	struct th_env *env = *state;
	long long a = th_case(env, forms, "田中 一郎", "たなか いちろう", NULL);
	long long b = th_case(env, forms, "田中 次郎", "タナカ ジロウ", NULL);
	long long c = th_case(env, forms, "田仲 三郎", "ﾀﾅｶ ｻﾌﾞﾛｳ", NULL);
	th_case(env, forms, "中田 四郎", "なかた しろう", NULL);
	char want[64];
	snprintf(want, sizeof want, "%lld,%lld,%lld", a, b, c);
	assert_string_equal(found(env, "たなか"), want);
	assert_string_equal(found(env, "タナカ"), want);
	assert_string_equal(found(env, "ﾀﾅｶ"), want);
	assert_string_equal(found(env, "た"), want);
	/* The whole kana, spaces or not, and its half-width voiced marks. */
	snprintf(want, sizeof want, "%lld", c);
	assert_string_equal(found(env, "たなかさぶろう"), want);
	assert_string_equal(found(env, "タナカ　サブ"), want);
	/* A prefix, not any substring. */
	assert_string_equal(found(env, "なか"), "4");
}

static void
variant_kanji_find_each_other(void **state)
{
	struct th_env *env = *state;
	long long a = th_case(env, forms, "髙橋 花子", "たかはし はなこ", NULL);
	long long b = th_case(env, forms, "高橋 一郎", "たかはし いちろう",
			      NULL);
	th_case(env, forms, "山﨑 太郎", "やまさき たろう", NULL);
	char want[64];
	snprintf(want, sizeof want, "%lld,%lld", a, b);
	assert_string_equal(found(env, "高橋"), want);
	assert_string_equal(found(env, "髙橋"), want);
	assert_string_equal(found(env, "山崎"), "3");
	assert_string_equal(found(env, "高"), want);
}

/* The case numbers of every row for f, as "1,2". */
static const char *
ids(struct th_env *env, const struct md_case_filter *f)
{
	static char out[1024];
	struct md_case_row *rows;
	size_t n = search(env, f, &rows);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld",
			 i ? "," : "", rows[i].case_id);
	md_case_rows_free(rows, n);
	return out;
}

static void
a_given_name_finds_its_person(void **state)
{
	struct th_env *env = *state;
	th_case(env, forms, "髙橋 花子", "たかはし はなこ", NULL);
	th_case(env, forms, "花田　一郎", "はなだ　いちろう",
		NULL); /* U+3000 */
	th_case(env, forms, "佐藤 花", "さとう はな", NULL);
	assert_string_equal(found(env, "花子"), "1");
	assert_string_equal(found(env, "はなこ"), "1");
	assert_string_equal(found(env, "ハナ"), "1,2,3");
	/* In the order of the part that matched: はな, はなこ, はなだ; each
	 * case once though 花田 matches by はなだ and はなだいちろう. */
	assert_string_equal(ids(env, &(struct md_case_filter){.text = "ハナ"}),
			    "3,1,2");
	assert_string_equal(ids(env,
				&(struct md_case_filter){.text = "ハナ",
							 .descending = true}),
			    "2,1,3");
	assert_string_equal(found(env, "一郎"), "2");
	assert_string_equal(found(env, "いちろう"), "2");
	assert_string_equal(found(env, "高橋花子"), "1");
	assert_string_equal(found(env, "高橋 花子"), "1");
	/* The middle of a part is not the start of one. */
	assert_string_equal(found(env, "橋"), "");
	assert_string_equal(found(env, "子"), "");
	assert_string_equal(found(env, "存在しない"), "");
	/* Nothing but spaces is no filter at all. */
	assert_string_equal(found(env, " 　"), "1,2,3");
	assert_string_equal(found(env, ""), "1,2,3");
	assert_string_equal(found(env, NULL), "1,2,3");
}

static void
a_case_number_finds_the_numbers_starting_with_it(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_assert_ok(md_db_begin(env->db, &err), &err);
	for (int i = 0; i < 130; i++)
		th_case(env, forms, "山田 太郎", "やまだ たろう", NULL);
	th_assert_ok(md_db_commit(env->db, &err), &err);
	const char *twelve = "12,120,121,122,123,124,125,126,127,128,129";
	assert_string_equal(found(env, "12"), twelve);
	assert_string_equal(found(env, "１２"), twelve);
	assert_string_equal(found(env, "#12"), twelve);
	assert_string_equal(found(env, " ＃１２ "), twelve);
	assert_string_equal(found(env, "130"), "130");
	assert_string_equal(found(env, "13"), "13,130");
	assert_string_equal(found(env, "131"), "");
	assert_string_equal(found(env, "012"), "");
	assert_string_equal(found(env, "0"), "");
	assert_string_equal(found(env, "99999999999999999999999"), "");
	struct md_case_filter f = {.text = "1", .include_closed = true};
	struct md_case_row *rows;
	size_t n = search(env, &f, &rows);
	assert_int_equal(n, 1 + 10 + 31); /* 1, 10–19, 100–130 */
	md_case_rows_free(rows, n);
}

/* Five cases with distinct stages, staff, dates and states. */
static void
filter_cases(struct th_env *env, struct md_user *tanaka)
{
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, tanaka);
	for (int i = 0; i < 5; i++)
		th_case(env, forms, "山田 太郎", "やまだ たろう", NULL);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE cases SET stage = 'assessment' WHERE id IN (2, 3);"
		 "UPDATE cases SET staff_id = %lld WHERE id IN (3, 4);"
		 "UPDATE cases SET next_eval_on = '2026-03-31' WHERE id = 1;"
		 "UPDATE cases SET next_eval_on = '2026-04-01' WHERE id = 2;"
		 "UPDATE cases SET follow_up_on = '2026-01-10' WHERE id = 3;"
		 "UPDATE cases SET status = 'closed', closed_on = '2026-03-01',"
		 " follow_up_on = '2026-02-01' WHERE id = 5;",
		 tanaka->id);
	exec(env, sql);
}

static void
filters_stage_staff_overdue_and_closed(void **state)
{
	struct th_env *env = *state;
	struct md_user tanaka;
	filter_cases(env, &tanaka);
	struct md_case_filter f = {0};
	assert_string_equal(ids(env, &f), "1,2,3,4");
	f.include_closed = true;
	assert_string_equal(ids(env, &f), "1,2,3,4,5");
	f.include_closed = false;
	f.stage = "assessment";
	assert_string_equal(ids(env, &f), "2,3");
	f.stage = "reception";
	assert_string_equal(ids(env, &f), "1,4");
	f.stage = NULL;
	f.staff_id = tanaka.id;
	assert_string_equal(ids(env, &f), "3,4");
	f.staff_id = env->admin.id;
	assert_string_equal(ids(env, &f), "1,2");
	f.staff_id = 0;
	/* Before today (2026-04-01): 1's evaluation and 3's follow-up; 2 is
	 * due today, not late; 5 is closed. */
	f.overdue = true;
	assert_string_equal(ids(env, &f), "1,3");
	f.include_closed = true;
	assert_string_equal(ids(env, &f), "1,3");
	f.stage = "assessment";
	f.staff_id = tanaka.id;
	assert_string_equal(ids(env, &f), "3");
	/* Filters apply to a text search too. */
	struct md_case_filter g = {.text = "やまだ", .overdue = true};
	assert_string_equal(ids(env, &g), "1,3");
	g.text = "1";
	assert_string_equal(ids(env, &g), "1");

	struct md_case_filter all = {.include_closed = true};
	struct md_case_row *rows;
	size_t n = search(env, &all, &rows);
	assert_int_equal(n, 5);
	assert_true(rows[0].overdue);
	assert_string_equal(rows[0].next_eval_on, "2026-03-31");
	assert_false(rows[1].overdue);
	assert_string_equal(rows[1].stage, "assessment");
	assert_true(rows[2].overdue);
	assert_string_equal(rows[2].staff_name, "tanaka");
	assert_string_equal(rows[2].follow_up_on, "2026-01-10");
	assert_false(rows[3].overdue);
	assert_string_equal(rows[3].next_eval_on, "");
	assert_string_equal(rows[3].follow_up_on, "");
	assert_true(rows[4].closed);
	assert_false(rows[4].overdue);
	assert_false(rows[0].closed);
	assert_string_equal(rows[0].name, "山田 太郎");
	assert_string_equal(rows[0].kana, "やまだ たろう");
	assert_string_equal(rows[0].opened_on, "2026-04-01");
	assert_string_equal(rows[0].staff_name, "管理 太郎");
	md_case_rows_free(rows, n);
	md_user_fini(&tanaka);
}

/* 000 第4条: the list of one office, alone or with the other filters, by
 * name or number, and in every order. */
static void
the_list_of_one_office__000_4(void **state)
{
	struct th_env *env = *state;
	struct md_user tanaka;
	filter_cases(env, &tanaka);
	exec(env, "INSERT INTO offices (id, name, created_at, updated_at)"
		  " VALUES (7, '本所', '', ''), (8, '芝地区総合支所', '', '');"
		  "UPDATE cases SET office_id = 7 WHERE id IN (1, 3, 5);"
		  "UPDATE cases SET office_id = 8 WHERE id = 2;");
	struct md_case_filter f = {.office_id = 7};
	assert_string_equal(ids(env, &f), "1,3");
	f.include_closed = true;
	assert_string_equal(ids(env, &f), "1,3,5");
	f.office_id = 8;
	assert_string_equal(ids(env, &f), "2");
	struct md_case_filter g = {.office_id = 7, .overdue = true};
	assert_string_equal(ids(env, &g), "1,3");
	g.staff_id = tanaka.id;
	assert_string_equal(ids(env, &g), "3");
	struct md_case_filter h = {.text = "やまだ", .office_id = 8};
	assert_string_equal(ids(env, &h), "2");
	h.text = "3";
	assert_string_equal(ids(env, &h), "");
	h.office_id = 7;
	assert_string_equal(ids(env, &h), "3");
	for (int sort = MD_SORT_ID; sort <= MD_SORT_DUE; sort++) {
		struct md_case_filter k = {.office_id = 7,
					   .include_closed = true,
					   .sort = (enum md_case_sort)sort};
		struct md_case_row *rows;
		size_t n = search(env, &k, &rows);
		assert_int_equal(n, 3);
		long long sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += rows[i].case_id * rows[i].case_id;
		assert_int_equal(sum, 1 + 9 + 25); /* 1, 3 and 5 */
		md_case_rows_free(rows, n);
	}
	md_user_fini(&tanaka);
}

/* ---- sorts and pages over many cases ---- */

static const char *const surnames[] = {
	"かとう", "あべ", "カネコ", "さいとう", "ｲﾄｳ", "かわい", "うえだ",
};
static const char *const given[] = {"あきら", "まもる", "ひろし"};

/* 250 cases of 21 distinct kana (many ties), varied dates and states. */
static void
many_cases(struct th_env *env)
{
	struct md_err err;
	th_assert_ok(md_db_begin(env->db, &err), &err);
	for (int i = 0; i < 250; i++) {
		char kana[64];
		snprintf(kana, sizeof kana, "%s %s", surnames[i % 7],
			 given[i % 3]);
		th_case(env, forms, "利用者 太郎", kana, NULL);
	}
	th_assert_ok(md_db_commit(env->db, &err), &err);
	exec(env, "UPDATE cases SET opened_on = date('2025-01-01',"
		  " '+' || (id * 37 % 60) || ' days');"
		  "UPDATE cases SET next_eval_on = date('2026-03-01',"
		  " '+' || (id * 13 % 40) || ' days') WHERE id % 3 = 0;"
		  "UPDATE cases SET follow_up_on = date('2026-03-10',"
		  " '+' || (id * 7 % 30) || ' days') WHERE id % 4 = 0;"
		  "UPDATE cases SET status = 'closed' WHERE id % 5 = 0;"
		  "UPDATE cases SET staff_id = NULL WHERE id % 7 = 0;");
}

/* The sort key of a row for sort, as text ("~" for no date due). */
static char *
row_key(enum md_case_sort sort, const struct md_case_row *r)
{
	const char *a = r->next_eval_on, *b = r->follow_up_on;
	switch (sort) {
	case MD_SORT_KANA:
		return md_text_search_key(r->kana);
	case MD_SORT_OPENED:
		return md_strdup(r->opened_on);
	case MD_SORT_DUE:
		if (*a && *b)
			return md_strdup(strcmp(a, b) <= 0 ? a : b);
		return md_strdup(*a ? a : *b ? b : "~");
	default:
		return md_asprintf("%020lld", r->case_id);
	}
}

/* <0, 0, >0 as a comes before, with or after b in the order of f
 * (ascending): its sort without text, number order for a number, the key
 * that matched for a name or kana. */
static int
row_cmp(const struct md_case_filter *f, const struct md_case_row *a,
	const struct md_case_row *b)
{
	enum md_case_sort sort = f->text ? MD_SORT_ID : f->sort;
	bool by_key = f->text && !strchr("0123456789", f->text[0]);
	char *ka = by_key ? md_strdup(a->key) : row_key(sort, a);
	char *kb = by_key ? md_strdup(b->key) : row_key(sort, b);
	int c = strcmp(ka, kb);
	md_free(ka);
	md_free(kb);
	if (c)
		return c;
	if (by_key && a->person_id != b->person_id)
		return (a->person_id > b->person_id) -
		       (a->person_id < b->person_id);
	return (a->case_id > b->case_id) - (a->case_id < b->case_id);
}

/* Page through f 50 rows at a time; check each case comes once, in order,
 * as in one page of everything, and that there are `expect` of them. */
static void
check_pages(struct th_env *env, const struct md_case_filter *f, size_t expect)
{
	struct md_err err;
	struct md_case_row *all;
	size_t nall = search(env, f, &all);
	assert_int_equal(nall, expect);
	for (size_t i = 1; i < nall; i++) {
		int c = row_cmp(f, &all[i - 1], &all[i]);
		if (f->descending ? c <= 0 : c >= 0)
			fail_msg("sort %d%s: rows %zu and %zu (cases %lld, %lld)"
				 " out of order",
				 f->sort, f->descending ? " desc" : "", i - 1,
				 i, all[i - 1].case_id, all[i].case_id);
	}
	struct md_case_row *page = NULL, *last = NULL;
	size_t npage = 0, seen = 0;
	char *was = calloc(300, 1);
	for (int pages = 0; pages < 20; pages++) {
		struct md_case_row *next;
		size_t n;
		th_assert_ok(md_case_search(env->db, &env->admin, f, last, 50,
					    &next, &n, &err),
			     &err);
		md_case_rows_free(page, npage);
		page = next;
		npage = n;
		for (size_t i = 0; i < n; i++) {
			assert_true(seen < nall);
			assert_int_equal(page[i].case_id, all[seen].case_id);
			assert_true(page[i].case_id < 300);
			assert_false(was[page[i].case_id]);
			was[page[i].case_id] = 1;
			seen++;
		}
		if (n < 50)
			break;
		last = &page[n - 1];
	}
	assert_int_equal(seen, nall);
	md_case_rows_free(page, npage);
	md_case_rows_free(all, nall);
	free(was);
}

static void
every_sort_pages_through_every_case_once_in_order(void **state)
{
	struct th_env *env = *state;
	many_cases(env);
	for (int sort = MD_SORT_ID; sort <= MD_SORT_DUE; sort++) {
		for (int desc = 0; desc < 2; desc++) {
			struct md_case_filter f = {.include_closed = true,
						   .sort = sort,
						   .descending = desc};
			check_pages(env, &f, 250);
			f.include_closed = false;
			check_pages(env, &f, 200);
			/* A text search pages the same way: かとう, カネコ,
			 * かわい are 3 of the 7 surnames. */
			f.include_closed = true;
			f.text = "か";
			check_pages(env, &f, 107);
			f.text = "1";
			check_pages(env, &f, 1 + 10 + 100 + 0);
			/* One member of staff's cases (each case's staff is
			 * its creator, the administrator, but for every
			 * seventh): 担当のみ in 受付日 order has its own
			 * index. */
			f.text = NULL;
			f.staff_id = env->admin.id;
			check_pages(env, &f, 250 - 35);
			f.staff_id = 0;
		}
	}
}

static void
the_sorts_order_as_a_consultant_expects(void **state)
{
	struct th_env *env = *state;
	th_case(env, forms, "上田 一", "うえだ はじめ", NULL);
	th_case(env, forms, "阿部 二", "あべ つぐ", NULL);
	th_case(env, forms, "伊藤 三", "ｲﾄｳ ｿｳ", NULL);
	exec(env, "UPDATE cases SET opened_on = '2026-02-01' WHERE id = 1;"
		  "UPDATE cases SET opened_on = '2026-01-01' WHERE id = 2;"
		  "UPDATE cases SET opened_on = '2026-03-01' WHERE id = 3;"
		  "UPDATE cases SET next_eval_on = '2026-05-01',"
		  " follow_up_on = '2026-04-10' WHERE id = 1;"
		  "UPDATE cases SET next_eval_on = '2026-04-20' WHERE id = 2;");
	struct md_case_filter f = {.sort = MD_SORT_KANA};
	assert_string_equal(ids(env, &f), "2,3,1"); /* あ, い, う */
	f.descending = true;
	assert_string_equal(ids(env, &f), "1,3,2");
	f.sort = MD_SORT_OPENED;
	assert_string_equal(ids(env, &f), "3,1,2");
	f.descending = false;
	assert_string_equal(ids(env, &f), "2,1,3");
	f.sort = MD_SORT_DUE; /* nearest first, none last */
	assert_string_equal(ids(env, &f), "1,2,3");
	f.descending = true;
	assert_string_equal(ids(env, &f), "3,2,1");
	f.sort = MD_SORT_ID;
	assert_string_equal(ids(env, &f), "3,2,1");
}

static void
similar_persons_by_kana_or_birth_date(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_case(env, forms, "田中 一郎", "たなか いちろう", "昭和55年4月1日");
	th_case(env, forms, "田中 一朗", "タナカ イチロウ", "1981-01-01");
	th_case(env, forms, "田中 次郎", "たなか じろう", "1980-04-01");
	th_case(env, forms, "佐藤 花子", "さとう はなこ", "1990-12-24");
	/* The first person opens a second case later. */
	th_assert_ok(md_case_create(env->db, &env->admin, forms, 1, NULL, NULL,
				    NULL, &err),
		     &err);
	/* A person with no case at all. */
	exec(env,
	     "INSERT INTO persons (name, kana, birth_date, name_key,"
	     " kana_key, created_at, updated_at) VALUES ('田中 一郎',"
	     " 'たなか いちろう', '1970-01-01', '田中一郎', 'たなかいちろう',"
	     " '', '')");
	long long audits = th_int(env->db, "SELECT count(*) FROM audit_log");
	struct md_case_row *rows;
	size_t n;
	th_assert_ok(md_person_similar(env->db, &env->admin, "ﾀﾅｶ ｲﾁﾛｳ", NULL,
				       &rows, &n, &err),
		     &err);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].person_id, 1);
	assert_int_equal(rows[0].case_id, 5); /* the latest case */
	assert_int_equal(rows[1].person_id, 2);
	assert_int_equal(rows[1].case_id, 2);
	assert_int_equal(rows[2].person_id, 5);
	assert_int_equal(rows[2].case_id, 0);
	assert_string_equal(rows[2].stage, "");
	assert_string_equal(rows[2].birth_date, "1970-01-01");
	md_case_rows_free(rows, n);

	th_assert_ok(md_person_similar(env->db, &env->admin, NULL, "1980-04-01",
				       &rows, &n, &err),
		     &err);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].person_id, 1);
	assert_int_equal(rows[1].person_id, 3);
	md_case_rows_free(rows, n);

	th_assert_ok(md_person_similar(env->db, &env->admin, "さとう はなこ",
				       "1981-01-01", &rows, &n, &err),
		     &err);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].person_id, 4);
	assert_int_equal(rows[1].person_id, 2);
	md_case_rows_free(rows, n);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log"),
			 audits + 3);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " detail LIKE '%1980%' OR detail LIKE"
					 " '%たなか%' OR detail LIKE '%ﾀﾅｶ%'"),
			 0);

	assert_int_equal(md_person_similar(env->db, &env->admin, NULL,
					   "S55.4.1", &rows, &n, &err),
			 MD_ERR_INVALID);
	th_assert_ok(md_person_similar(env->db, &env->admin, "", "", &rows, &n,
				       &err),
		     &err);
	assert_int_equal(n, 0);
}

/* Search as you type is a search a keystroke: a minute of searching is one
 * audit row, which never holds the text. */
static void
a_minute_of_searching_is_one_audit_row_without_the_text(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_case(env, forms, "髙橋 花子", "たかはし はなこ", NULL);
	long long before = th_int(env->db, "SELECT max(id) FROM audit_log");
	const char *texts[] = {"髙橋", "ハナコ", "1", NULL, "たか"};
	const char *clock[] = {"2026-04-01 10:00:00", "2026-04-01 10:00:30",
			       "2026-04-01 10:00:59", "2026-04-01 10:01:00",
			       "2026-04-01 10:01:30"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		th_clock(clock[i]);
		struct md_case_filter f = {.text = texts[i]};
		struct md_case_row *rows;
		size_t n;
		th_assert_ok(md_case_search(env->db, &env->admin, &f, NULL, 10,
					    &rows, &n, &err),
			     &err);
		assert_int_equal(n, 1);
		md_case_rows_free(rows, n);
	}
	th_clock("2026-04-01 10:00:00");
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT group_concat(at) FROM audit_log WHERE id > %lld AND"
		 " action = 'view' AND user_id = %lld AND case_id IS NULL AND"
		 " person_id IS NULL AND detail = '支援ケース一覧の検索'",
		 before, env->admin.id);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(env->db), sql, -1, &st,
					    NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* 10:00:00 stands for the searches until 10:00:59; 10:01:00 is the
	 * next minute's. */
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
			    "2026-04-01 10:00:00,2026-04-01 10:01:00");
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE id > %lld", before);
	assert_int_equal(th_int(env->db, sql), 2);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " detail LIKE '%髙橋%' OR detail LIKE"
					 " '%ハナコ%'"),
			 0);
}

static void
a_disabled_user_is_refused(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user tanaka;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	th_case(env, forms, "髙橋 花子", "たかはし はなこ", NULL);
	struct md_case_filter f = {0};
	struct md_case_row *rows;
	size_t n;
	/* Any active user may search, not only administrators. */
	th_assert_ok(md_case_search(env->db, &tanaka, &f, NULL, 10, &rows, &n,
				    &err),
		     &err);
	assert_int_equal(n, 1);
	md_case_rows_free(rows, n);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "tanaka", false,
					&err),
		     &err);
	assert_int_equal(md_case_search(env->db, &tanaka, &f, NULL, 10, &rows,
					&n, &err),
			 MD_ERR_DISABLED);
	assert_null(rows);
	assert_int_equal(n, 0);
	assert_int_equal(md_person_similar(env->db, &tanaka, "たかはし はなこ",
					   NULL, &rows, &n, &err),
			 MD_ERR_DISABLED);
	assert_int_equal(md_case_search(env->db, NULL, &f, NULL, 10, &rows, &n,
					&err),
			 MD_ERR_DENIED);
	/* And a page size out of range is a fault of the caller. */
	assert_int_equal(md_case_search(env->db, &env->admin, &f, NULL, 0,
					&rows, &n, &err),
			 MD_ERR_INVALID);
	md_user_fini(&tanaka);
}

/* Every (key, person) of person_keys, as one text. */
static char *
keys_dump(struct th_env *env)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(env->db),
					    "SELECT coalesce(group_concat(key || ':' || person_id, '|'), '')"
					    " FROM (SELECT key, person_id FROM person_keys"
					    " ORDER BY person_id, key)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *s = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static void
person_keys_follow_changes_to_the_name(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long a = th_case(env, forms, "髙橋 花子", "たかはし はなこ", NULL);
	char *keys = keys_dump(env);
	assert_string_equal(keys, "たかはし:1|たかはしはなこ:1|はなこ:1|"
				  "花子:1|高橋:1|高橋花子:1");
	free(keys);
	struct md_values v;
	md_values_init(&v);
	md_values_set(&v, "name", "鈴木 花子", NULL);
	md_values_set(&v, "kana", "すずき はなこ", NULL);
	bool changed = false;
	th_assert_ok(md_person_update(env->db, &env->admin, 1, 1, &v, 0, a,
				      &changed, &err),
		     &err);
	assert_true(changed);
	assert_string_equal(found(env, "たかはし"), "");
	assert_string_equal(found(env, "高橋"), "");
	assert_string_equal(found(env, "すずき"), "1");
	assert_string_equal(found(env, "花子"), "1");
	md_values_fini(&v);
}

static void
migration_2_fills_the_keys_of_persons_made_before_it(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	th_case(env, forms, "髙橋　花子", "たかはし　はなこ", NULL);
	th_case(env, forms, "Ann  Lee", "ｱﾝ ﾘｰ", NULL);
	th_case(env, forms, "田中一郎", " たなか 　いちろう", NULL);
	char *written = keys_dump(env);
	/* Back to a database of version 1, as an older program left it. */
	th_rewind(env, 1);
	md_db_close(&env->db);
	th_assert_ok(md_db_open(th_path("test.db"), 0, &env->db, &err), &err);
	assert_int_equal(md_db_schema_version(env->db), md_db_schema_latest());
	char *filled = keys_dump(env);
	/* The migration's keys are the ones the core writes. */
	assert_string_equal(filled, written);
	th_assert_contains(filled, "あんりー:2");
	th_assert_contains(filled, "lee:2");
	assert_string_equal(found(env, "はなこ"), "1");
	assert_string_equal(found(env, "リー"), "2");
	assert_string_equal(found(env, "いちろう"), "3");
	free(written);
	free(filled);
	struct md_buf report;
	md_buf_init(&report);
	th_assert_ok(md_db_check(env->db, &report, &err), &err);
	md_buf_fini(&report);
}

static bool
stop_now(void *ctx)
{
	int *calls = ctx;
	(*calls)++;
	return true;
}

/* Search as you type stops when the next key comes: the search returns
 * MD_ERR_INTERRUPTED with no rows and no audit row, and the next one runs. */
static void
a_search_stops_when_a_key_comes(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	many_cases(env);
	long long audited = th_int(env->db, "SELECT count(*) FROM audit_log");
	int calls = 0;
	md_db_interrupt_when(env->db, stop_now, &calls);
	struct md_case_filter f = {.text = "か", .include_closed = true};
	struct md_case_row *rows = NULL;
	size_t n = 9;
	assert_int_equal(md_case_search(env->db, &env->admin, &f, NULL, 100,
					&rows, &n, &err),
			 MD_ERR_INTERRUPTED);
	assert_true(calls >= 1);
	assert_null(rows);
	assert_int_equal(n, 0);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log"),
			 audited);
	md_db_interrupt_when(env->db, NULL, NULL);
	assert_int_equal(search(env, &f, &rows), 107);
	md_case_rows_free(rows, 107);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kana_is_found_in_hiragana_katakana_and_half_width,
						setup, teardown),
		cmocka_unit_test_setup_teardown(variant_kanji_find_each_other,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_given_name_finds_its_person,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_case_number_finds_the_numbers_starting_with_it,
						setup, teardown),
		cmocka_unit_test_setup_teardown(filters_stage_staff_overdue_and_closed,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_list_of_one_office__000_4,
						setup, teardown),
		cmocka_unit_test_setup_teardown(every_sort_pages_through_every_case_once_in_order,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_sorts_order_as_a_consultant_expects,
						setup, teardown),
		cmocka_unit_test_setup_teardown(similar_persons_by_kana_or_birth_date,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_minute_of_searching_is_one_audit_row_without_the_text,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_disabled_user_is_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(person_keys_follow_changes_to_the_name,
						setup, teardown),
		cmocka_unit_test_setup_teardown(migration_2_fills_the_keys_of_persons_made_before_it,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_search_stops_when_a_key_comes,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
