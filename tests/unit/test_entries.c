/* Full-text search in progress entries: one- and two-character words, folding,
 * longer words checked in the text, newest first, pages, the index kept in
 * step with saves and with the fields the forms define, and agreement with a
 * scan of every entry. */
#include "helpers.h"

#include "madoguchi/entries.h"
#include "madoguchi/records.h"
#include "madoguchi/text.h"

static struct md_forms *forms;
static long long case_id;

static int
setup(void **state)
{
	th_setup(state);
	forms = th_forms("tests/forms/good");
	case_id = th_case(*state, forms, "田中 一郎", "たなか いちろう", NULL);
	return 0;
}

static int
teardown(void **state)
{
	md_forms_free(&forms);
	return th_teardown(state);
}

/* Save a new entry of the notes form (its textarea "text") the way the
 * program does; returns its record id. */
static long long
save_entry(struct th_env *env, const char *text)
{
	struct md_err err;
	struct md_record rec;
	bool saved;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "notes", MD_SEQ_NEW, &rec, &err),
		     &err);
	md_values_set(&rec.values, "text", text, NULL);
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	long long id = rec.id;
	md_record_fini(&rec);
	return id;
}

/* Write n entries quickly, in one transaction, with text(i), indexed as
 * md_record_save does (the bulk path of the generator). */
static void
bulk_entries(struct th_env *env, int n, const char *(*text)(int i))
{
	struct md_err err;
	sqlite3 *h = md_db_sqlite(env->db);
	th_assert_ok(md_db_begin(env->db, &err), &err);
	long long seq0 = th_int(env->db, "SELECT coalesce(max(seq), 0) FROM"
					 " form_records WHERE form = 'notes'");
	for (int i = 0; i < n; i++) {
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(h,
						    "INSERT INTO form_records (case_id, form, seq, revision,"
						    " complete, entry_date, created_at, updated_at) VALUES"
						    " (?1, 'notes', ?2, 1, 1, '2026-03-01', '2026-03-01',"
						    " '2026-03-01')",
						    -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_int64(st, 1, case_id);
		sqlite3_bind_int64(st, 2, seq0 + i + 1);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		long long id = sqlite3_last_insert_rowid(h);
		assert_int_equal(sqlite3_prepare_v2(h,
						    "INSERT INTO form_revisions (record_id, revision,"
						    " base_revision, user_id, at, complete, data, changed)"
						    " VALUES (?1, 1, 0, 1, '2026-03-01', 1,"
						    " json_object('day', '2026-03-01', 'text', ?2), '[]')",
						    -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, text(i), -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		th_assert_ok(md_entries_index(env->db, id, NULL, text(i), &err),
			     &err);
	}
	th_assert_ok(md_db_commit(env->db, &err), &err);
}

/* Every hit for query, page after page of `page`, as "id,id,…" newest first
 * (static buffer); checks each page is in order and that pages end. */
static const char *
found_paged(struct th_env *env, const char *query, int page)
{
	static char out[65536];
	struct md_err err;
	long long before = 0, last = 0;
	out[0] = '\0';
	for (int pages = 0;; pages++) {
		assert_true(pages < 10000);
		struct md_entry_hit *hits;
		size_t n;
		long long resume;
		th_assert_ok(md_entries_search(env->db, &env->admin, forms,
					       query, before, page, &hits, &n,
					       &resume, &err),
			     &err);
		assert_true(n <= (size_t)page);
		for (size_t i = 0; i < n; i++) {
			if (last)
				assert_true(hits[i].record_id < last);
			last = hits[i].record_id;
			assert_int_equal(hits[i].case_id, case_id);
			snprintf(out + strlen(out), sizeof out - strlen(out),
				 "%s%lld", *out ? "," : "", hits[i].record_id);
		}
		md_entry_hits_free(hits, n);
		if (!resume)
			break;
		assert_true(before == 0 || resume < before);
		before = resume;
	}
	return out;
}

static const char *
found(struct th_env *env, const char *query)
{
	return found_paged(env, query, 1000);
}

/* The ids "a,b,…" of the given record ids, for comparing. */
static const char *
ids(long long a, long long b, long long c)
{
	static char out[128];
	out[0] = '\0';
	long long v[] = {a, b, c};
	for (int i = 0; i < 3; i++)
		if (v[i])
			snprintf(out + strlen(out), sizeof out - strlen(out),
				 "%s%lld", *out ? "," : "", v[i]);
	return out;
}

static void
one_and_two_character_words_are_found_newest_first(void **state)
{
	struct th_env *env = *state;
	long long a = save_entry(env, "来所。家賃を三か月滞納している。");
	long long b = save_entry(env, "金の相談");
	long long c = save_entry(env, "借金があり、家賃も払えない");
	assert_string_equal(found(env, "家賃"), ids(c, a, 0));
	assert_string_equal(found(env, "金"), ids(c, b, 0));
	assert_string_equal(found(env, "借金"), ids(c, 0, 0));
	/* The last character of an entry is a word too. */
	assert_string_equal(found(env, "談"), ids(b, 0, 0));
	assert_string_equal(found(env, "る"), ids(a, 0, 0));
	assert_string_equal(found(env, "税"), "");
	/* Every word, in one entry. */
	assert_string_equal(found(env, "家賃 金"), ids(c, 0, 0));
	assert_string_equal(found(env, "家賃　滞納"), ids(a, 0, 0));
	assert_string_equal(found(env, "滞納 借金"), "");
}

static void
words_fold_kana_width_case_and_punctuation(void **state)
{
	struct th_env *env = *state;
	long long a = save_entry(env, "アパートの家賃について大家さんと面談");
	long long b = save_entry(env,
				 "ＨＷ（ハローワーク）へ同行。ABC株式会社");
	assert_string_equal(found(env, "あぱーと"), ids(a, 0, 0));
	assert_string_equal(found(env, "ｱﾊﾟｰﾄ"), ids(a, 0, 0));
	assert_string_equal(found(env, "はろーわーく"), ids(b, 0, 0));
	assert_string_equal(found(env, "hw"), ids(b, 0, 0));
	assert_string_equal(found(env, "ａｂｃ"), ids(b, 0, 0));
	/* Punctuation is not a word, nor part of one. */
	assert_string_equal(found(env, "へ同行"), ids(b, 0, 0));
	assert_string_equal(found(env, "ク）へ"), ids(b, 0, 0));
	assert_string_equal(found(env, "、。"), "");
}

static void
longer_words_are_checked_in_the_text(void **state)
{
	struct th_env *env = *state;
	/* Both hold the bigrams の家 and 家賃; only b holds の家賃. */
	save_entry(env, "家族の家。家賃は未定");
	long long b = save_entry(env, "支援の家賃補助");
	assert_string_equal(found(env, "の家賃"), ids(b, 0, 0));
	assert_string_equal(found(env, "家賃補助"), ids(b, 0, 0));
	assert_string_equal(found(env, "家賃補助金"), "");
}

static void
a_changed_entry_is_found_by_its_new_text_only(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long a = save_entry(env, "家賃の滞納");
	struct md_record rec;
	bool saved;
	th_assert_ok(md_record_open(env->db, &env->admin, forms, case_id,
				    "notes", 1, &rec, &err),
		     &err);
	md_values_set(&rec.values, "text", "就労の相談", NULL);
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	md_record_fini(&rec);
	assert_string_equal(found(env, "家賃"), "");
	assert_string_equal(found(env, "滞"), "");
	assert_string_equal(found(env, "就労"), ids(a, 0, 0));
	/* The old text's tokens are gone from the index itself. */
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM entries_pairs"
				" WHERE entries_pairs MATCH '\"家賃\"'"),
			 0);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM entries_chars"
					 " WHERE entries_chars MATCH '\"滞\"'"),
			 0);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM entries_pairs"
				" WHERE entries_pairs MATCH '\"就労\"'"),
			 1);
}

static const char *
rent_text(int i)
{
	(void)i;
	return "家賃の相談";
}

static void
pages_follow_on_and_end(void **state)
{
	struct th_env *env = *state;
	bulk_entries(env, 25, rent_text);
	const char *all = found_paged(env, "家賃", 1000);
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", all);
	/* The same 25, in the same order, by pages of 10 and of 7. */
	assert_string_equal(found_paged(env, "家賃", 10), copy);
	assert_string_equal(found_paged(env, "家賃", 7), copy);
	assert_string_equal(found_paged(env, "相談の家賃", 4), "");
	int commas = 0;
	for (const char *p = copy; *p; p++)
		commas += *p == ',';
	assert_int_equal(commas, 24);
}

/* The oldest entry holds 家賃 and 猫; 1,100 entries after it hold 猫 only
 * (so 猫 is not rare), then MD_ENTRIES_CHECKS + 100 hold 家賃 only. */
static const char *
near_miss_text(int i)
{
	return i == 0      ? "家賃と猫の相談"
	       : i <= 1100 ? "猫が三匹いる"
			   : "家賃の話";
}

static void
looking_up_stops_after_a_while_and_goes_on_from_resume(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	bulk_entries(env, 1101 + MD_ENTRIES_CHECKS + 100, near_miss_text);
	long long first = th_int(env->db, "SELECT min(id) FROM form_records");
	struct md_entry_hit *hits;
	size_t n;
	long long resume;
	th_assert_ok(md_entries_search(env->db, &env->admin, forms, "家賃 猫",
				       0, 20, &hits, &n, &resume, &err),
		     &err);
	/* The first call looked up its share and found nothing yet. */
	assert_int_equal(n, 0);
	assert_true(resume > first);
	md_entry_hits_free(hits, n);
	th_assert_ok(md_entries_search(env->db, &env->admin, forms, "家賃 猫",
				       resume, 20, &hits, &n, &resume, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].record_id, first);
	assert_int_equal(resume, 0);
	th_assert_contains(hits[0].snippet, "家賃と猫の相談");
	md_entry_hits_free(hits, n);
	/* A rare one-character word leads: found at once. */
	th_assert_ok(md_entries_search(env->db, &env->admin, forms, "家賃 と",
				       0, 20, &hits, &n, &resume, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_int_equal(resume, 0);
	md_entry_hits_free(hits, n);
}

/* A snippet starts where a sentence or a word does when one is near, and
 * never starts inside a word without saying so. */
static void
the_snippet_starts_at_a_word_or_says_it_is_cut__issue15_7(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	save_entry(env, "あいうえおかきくけこさしすせそ。たちつ家賃の件で来所");
	save_entry(env, "あいうえおかきくけこさしすせそたちつ相談の件で来所");
	static const struct {
		const char *word, *starts;
	} cases[] = {
		{"家賃", "たちつ家賃の件で来所"},
		{"相談", "…けこさしすせそたちつ相談の件で来所"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct md_entry_hit *hits;
		size_t n;
		long long resume;
		th_assert_ok(md_entries_search(env->db, &env->admin, forms,
					       cases[i].word, 0, 10, &hits, &n,
					       &resume, &err),
			     &err);
		assert_int_equal(n, 1);
		assert_string_equal(hits[0].snippet, cases[i].starts);
		md_entry_hits_free(hits, n);
	}
}

static void
the_snippet_starts_near_the_word_on_one_line(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	char text[2048] = "一行目\n";
	for (int i = 0; i < 100; i++)
		strcat(text, "あ");
	strcat(text, "家賃の件で来所\t以下略");
	for (int i = 0; i < 100; i++)
		strcat(text, "い");
	save_entry(env, text);
	struct md_entry_hit *hits;
	size_t n;
	long long resume;
	th_assert_ok(md_entries_search(env->db, &env->admin, forms, "家賃", 0,
				       10, &hits, &n, &resume, &err),
		     &err);
	assert_int_equal(n, 1);
	const char *s = hits[0].snippet;
	assert_true(md_utf8_valid(s, strlen(s)));
	/* Ten characters before the word, then the word; tabs as spaces;
	 * cut inside the text at both ends, and it says so. */
	assert_int_equal(md_utf8_chars(s), 82);
	if (strncmp(s, "…ああああああああああ家賃の件で来所 以下略", 63))
		fail_msg("snippet 「%s」", s);
	assert_string_equal(s + strlen(s) - strlen("い…"), "い…");
	assert_null(strchr(s, '\n'));
	assert_string_equal(hits[0].entry_date, "2026-04-01");
	assert_string_equal(hits[0].name, "田中 一郎");
	md_entry_hits_free(hits, n);
}

/* Words drawn from notes: one- and two-character ones that also occur
 * inside longer ones, and kana in both scripts. */
static const char *const vocabulary[] =
	{"家賃",         "滞納",     "就労", "借金",  "通院",
	 "田中",         "金",       "家",   "院",    "ハローワーク",
	 "はろーわーく", "生活保護", "支援", "の",    "に",
	 "相談",         "電話",     "来所", "同行",  "面談",
	 "家計",         "収入",     "中",   "田",    "病院",
	 "、",           "。",       " ",    "ｱﾊﾟｰﾄ", "アパート",
	 "年金",         "申請",     "支払", "債務"};

static unsigned rng_state;

static unsigned
rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 16) & 0x7fff;
}

static char generated[200][512];

static const char *
generated_text(int i)
{
	return generated[i];
}

/* The record ids whose latest text holds every word, by a scan of every
 * entry, newest first, as "id,id,…" (static buffer). */
static const char *
scanned(struct th_env *env, const char *words)
{
	static char out[65536];
	out[0] = '\0';
	sqlite3 *h = md_db_sqlite(env->db);
	sqlite3_stmt *st;
	/* Each word as the index folds it; the text as md_entries_text makes it
	 * (the notes form has one textarea). */
	assert_int_equal(sqlite3_prepare_v2(h,
					    "WITH RECURSIVE w (word, rest) AS (SELECT '', ?1 || ' '"
					    " UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1),"
					    " substr(rest, instr(rest, ' ') + 1) FROM w WHERE rest <> '')"
					    " SELECT f.id FROM form_records f JOIN form_revisions r"
					    " ON r.record_id = f.id AND r.revision = f.revision"
					    " WHERE f.form = 'notes' AND NOT EXISTS (SELECT 1 FROM w WHERE"
					    " md_search_fold(word) <> '' AND instr(md_search_fold("
					    " json_extract(r.data, '$.text')), md_search_fold(word)) = 0)"
					    " AND EXISTS (SELECT 1 FROM w WHERE md_search_fold(word) <> '')"
					    " ORDER BY f.id DESC",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, words, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%lld",
			 *out ? "," : "", sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Check that the index, page by page, finds what a scan finds for q;
 * returns whether anything was found. */
static bool
same_as_scan(struct th_env *env, const char *q)
{
	static char want[65536];
	snprintf(want, sizeof want, "%s", scanned(env, q));
	const char *got = found_paged(env, q, 50);
	if (strcmp(got, want))
		fail_msg("「%s」: 索引 %s、走査 %s", q, got, want);
	return *want != '\0';
}

static void
the_index_finds_exactly_what_a_scan_finds(void **state)
{
	struct th_env *env = *state;
	size_t nv = sizeof vocabulary / sizeof vocabulary[0];
	rng_state = 7;
	for (int i = 0; i < 200; i++) {
		generated[i][0] = '\0';
		for (int k = 0, words = 3 + (int)(rng() % 25); k < words; k++)
			strcat(generated[i], vocabulary[rng() % nv]);
	}
	bulk_entries(env, 200, generated_text);
	/* Every word alone, every pair, and runs of the notes themselves. */
	int compared = 0, nonempty = 0;
	char q[256];
	for (size_t i = 0; i < nv; i++) {
		for (size_t j = 0; j <= nv; j++) {
			snprintf(q, sizeof q, "%s%s%s", vocabulary[i],
				 j < nv ? " " : "",
				 j < nv ? vocabulary[j] : "");
			nonempty += same_as_scan(env, q);
			compared++;
		}
	}
	for (int i = 0; i < 200; i += 7) {
		/* Three to six characters from inside a note. */
		const char *t = generated[i];
		size_t start = 0, len = strlen(t);
		for (int c = 0; c < i % 11 && start < len; c++)
			start += md_utf8_decode(t + start, len - start,
						&(uint32_t){0});
		size_t end = start;
		for (int c = 0; c < 3 + i % 4 && end < len; c++)
			end += md_utf8_decode(t + end, len - end,
					      &(uint32_t){0});
		snprintf(q, sizeof q, "%.*s", (int)(end - start), t + start);
		char *qf = md_text_search_fold(q, strlen(q));
		bool empty = !qf || !*qf;
		md_free(qf);
		/* Only spaces and punctuation, or starting with a half-width
		 * sound mark (ﾟ of ﾊﾟ), which folds with the kana before it. */
		if (empty || !strncmp(q, "\xEF\xBE\x9E", 3) ||
		    !strncmp(q, "\xEF\xBE\x9F", 3))
			continue;
		if (!same_as_scan(env, q))
			fail_msg("「%s」は「%s」から取った言葉です", q, t);
		compared++;
	}
	assert_true(compared > 1000);
	assert_true(nonempty > 300);
}

static void
the_index_follows_the_fields_the_forms_define(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	bool synced;
	/* A new database has no index built from any definition yet. */
	th_assert_ok(md_entries_synced(env->db, forms, &synced, &err), &err);
	assert_false(synced);
	long long a = save_entry(env, "家賃の相談");
	th_assert_ok(md_entries_rebuild(env->db, forms, &err), &err);
	th_assert_ok(md_entries_synced(env->db, forms, &synced, &err), &err);
	assert_true(synced);
	assert_string_equal(found(env, "家賃"), ids(a, 0, 0));

	/* The notes form gains a second textarea: the index is out of step
	 * until rebuilt, then finds words in both. */
	char *def = sqlite3_mprintf(
		"[form]\nid = notes\nnumber = 第98号様式\ntitle = 経過の試験\n"
		"kind = entries\ndate_field = day\norder = 2\n\n"
		"[field.day]\nsection = 記録\nlabel = 日付\ntype = date\n"
		"required = yes\ndefault = today\nhelp = 日付\nsource = P\n\n"
		"[field.text]\nsection = 記録\nlabel = 内容\ntype = textarea\n"
		"required = yes\nhelp = 内容\nsource = P\n\n"
		"[field.next]\nsection = 記録\nlabel = 次回\ntype = textarea\n"
		"help = 次回\nsource = P\n");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", th_path("forms2"));
	assert_int_equal(mkdir(dir, 0700), 0);
	th_write("forms2/notes.ini", def);
	sqlite3_free(def);
	struct md_forms *forms2 = NULL;
	struct md_diags diags;
	md_diags_init(&diags);
	th_assert_ok(md_forms_load(dir, &forms2, &diags, &err), &err);
	md_diags_fini(&diags);
	th_assert_ok(md_entries_synced(env->db, forms2, &synced, &err), &err);
	assert_false(synced);
	/* A save under the new definition writes the second field … */
	struct md_record rec;
	bool saved;
	th_assert_ok(md_record_open(env->db, &env->admin, forms2, case_id,
				    "notes", MD_SEQ_NEW, &rec, &err),
		     &err);
	md_values_set(&rec.values, "text", "電話", NULL);
	md_values_set(&rec.values, "next", "同行する", NULL);
	th_assert_ok(md_record_save(env->db, &env->admin, &rec, 0, &saved, NULL,
				    &err),
		     &err);
	long long b = rec.id;
	md_record_fini(&rec);
	th_assert_ok(md_entries_rebuild(env->db, forms2, &err), &err);
	th_assert_ok(md_entries_synced(env->db, forms2, &synced, &err), &err);
	assert_true(synced);
	struct md_entry_hit *hits;
	size_t n;
	long long resume;
	th_assert_ok(md_entries_search(env->db, &env->admin, forms2, "同行", 0,
				       10, &hits, &n, &resume, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].record_id, b);
	md_entry_hits_free(hits, n);
	th_assert_ok(md_entries_search(env->db, &env->admin, forms2, "家賃", 0,
				       10, &hits, &n, &resume, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].record_id, a);
	md_entry_hits_free(hits, n);
	/* Back under the first definition, it is out of step again. */
	th_assert_ok(md_entries_synced(env->db, forms, &synced, &err), &err);
	assert_false(synced);
	md_forms_free(&forms2);
}

/* Each search that shows excerpts writes a view of every case shown (so
 * `madoguchi audit --case C` lists it), each time, never the words; a
 * case not shown gets none, nor does a search that finds nothing. */
static void
each_search_audits_the_cases_it_shows__13_7(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long first = case_id;
	save_entry(env, "家賃の滞納");
	save_entry(env, "家賃を払う相談");
	case_id = th_case(env, forms, "佐藤 花子", "さとう はなこ", NULL);
	long long second = case_id;
	save_entry(env, "家賃の滞納が三か月");
	case_id = th_case(env, forms, "鈴木 次郎", "すずき じろう", NULL);
	long long third = case_id;
	save_entry(env, "就労の相談");
	case_id = first;
	long long before = th_int(env->db, "SELECT max(id) FROM audit_log");
	for (int round = 0; round < 2; round++) {
		struct md_entry_hit *hits;
		size_t n;
		long long resume;
		th_assert_ok(md_entries_search(env->db, &env->admin, forms,
					       "家賃", 0, 10, &hits, &n,
					       &resume, &err),
			     &err);
		assert_int_equal(n, 3);
		md_entry_hits_free(hits, n);
		th_assert_ok(md_entries_search(env->db, &env->admin, forms,
					       "なにもない", 0, 10, &hits, &n,
					       &resume, &err),
			     &err);
		assert_int_equal(n, 0);
		md_entry_hits_free(hits, n);
	}
	char sql[512];
	struct {
		long long id;
		const char *detail;
		int rows;
	} want[] = {
		{first, "支援経過の検索(抜粋 2 件)", 2},
		{second, "支援経過の検索(抜粋 1 件)", 2},
		{third, NULL, 0},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log WHERE id > %lld AND"
			 " action = 'view' AND user_id = %lld AND case_id = %lld"
			 " AND person_id = (SELECT person_id FROM cases WHERE"
			 " id = %lld) AND detail = '%s'",
			 before, env->admin.id, want[i].id, want[i].id,
			 want[i].detail ? want[i].detail : "");
		assert_int_equal(th_int(env->db, sql), want[i].rows);
	}
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE id > %lld", before);
	assert_int_equal(th_int(env->db, sql), 4);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log WHERE"
					 " detail LIKE '%家賃%'"),
			 0);
}

static void
a_disabled_user_cannot_search(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_user tanaka;
	save_entry(env, "家賃の滞納");
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	th_assert_ok(md_user_set_active(env->db, &env->admin, "tanaka", false,
					&err),
		     &err);
	struct md_entry_hit *hits = NULL;
	size_t n = 7;
	long long resume = 7;
	assert_int_equal(md_entries_search(env->db, &tanaka, forms, "家賃", 0,
					   10, &hits, &n, &resume, &err),
			 MD_ERR_DISABLED);
	assert_null(hits);
	assert_int_equal(n, 0);
	assert_int_equal(resume, 0);
	md_user_fini(&tanaka);
}

static bool
stop_now(void *ctx)
{
	(void)ctx;
	return true;
}

/* A search of entries stops when the next key comes, and the next runs. */
static void
a_search_stops_when_a_key_comes(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	bulk_entries(env, 300, rent_text);
	md_db_interrupt_when(env->db, stop_now, NULL);
	struct md_entry_hit *hits = NULL;
	size_t n = 9;
	long long resume = 9;
	assert_int_equal(md_entries_search(env->db, &env->admin, forms, "家賃",
					   0, 50, &hits, &n, &resume, &err),
			 MD_ERR_INTERRUPTED);
	assert_null(hits);
	assert_int_equal(n, 0);
	assert_int_equal(resume, 0);
	md_db_interrupt_when(env->db, NULL, NULL);
	th_assert_ok(md_entries_search(env->db, &env->admin, forms, "家賃", 0,
				       50, &hits, &n, &resume, &err),
		     &err);
	assert_int_equal(n, 50);
	md_entry_hits_free(hits, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(one_and_two_character_words_are_found_newest_first,
						setup, teardown),
		cmocka_unit_test_setup_teardown(words_fold_kana_width_case_and_punctuation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(longer_words_are_checked_in_the_text,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_changed_entry_is_found_by_its_new_text_only,
						setup, teardown),
		cmocka_unit_test_setup_teardown(pages_follow_on_and_end, setup,
						teardown),
		cmocka_unit_test_setup_teardown(looking_up_stops_after_a_while_and_goes_on_from_resume,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_snippet_starts_near_the_word_on_one_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_snippet_starts_at_a_word_or_says_it_is_cut__issue15_7,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_index_finds_exactly_what_a_scan_finds,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_index_follows_the_fields_the_forms_define,
						setup, teardown),
		cmocka_unit_test_setup_teardown(each_search_audits_the_cases_it_shows__13_7,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_disabled_user_cannot_search,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_search_stops_when_a_key_comes,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("entries", tests, NULL, NULL);
}
