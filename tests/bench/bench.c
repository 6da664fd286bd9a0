/* The benchmark's own program (make bench): the core's figures measured in
 * process on a database, and a launcher that stamps when the screens
 * started. tests/bench/run.sh drives it and the screens and prints the
 * table. Each figure is a line "row<TAB>metric<TAB>median<TAB>p95<TAB>goal
 * <TAB>sqlite3<TAB>ratio<TAB>note" on standard output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_int.h"
#include "madoguchi/auth.h"
#include "madoguchi/cases.h"
#include "madoguchi/contacts.h"
#include "madoguchi/counts.h"
#include "madoguchi/db.h"
#include "madoguchi/entries.h"
#include "madoguchi/export.h"
#include "madoguchi/forms.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/mem.h"
#include "madoguchi/records.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"
#include "madoguchi/values.h"
#include "madoguchi/workflow.h"

static double
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* ---- samples ------------------------------------------------------------ */

struct samples {
	double *v;
	size_t n, cap;
};

static void
sample(struct samples *s, double x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v) {
			fputs("bench: out of memory\n", stderr);
			exit(1);
		}
	}
	s->v[s->n++] = x;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The p-th percentile (0..100), nearest rank. */
static double
pct(struct samples *s, double p)
{
	if (!s->n)
		return 0;
	qsort(s->v, s->n, sizeof *s->v, cmp_double);
	size_t k = (size_t)(p / 100.0 * (double)s->n + 0.999999);
	if (k < 1)
		k = 1;
	return s->v[(k > s->n ? s->n : k) - 1];
}

static void
row(const char *metric, const char *median, const char *p95, const char *goal,
    const char *sqlite3, const char *ratio, const char *note)
{
	printf("row\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", metric, median, p95, goal,
	       sqlite3, ratio, note);
	fflush(stdout);
}

/* A row of times in ms from samples. */
static void
row_ms(const char *metric, struct samples *s, const char *goal,
       const char *note)
{
	char med[32], p95[32], n[256];
	snprintf(med, sizeof med, "%.3f ms", pct(s, 50));
	snprintf(p95, sizeof p95, "%.3f ms", pct(s, 95));
	snprintf(n, sizeof n, "%s%s%zu runs", note, *note ? "; " : "", s->n);
	row(metric, med, p95, goal, "", "", n);
	free(s->v);
	memset(s, 0, sizeof *s);
}

static void
die(const char *what, const struct md_err *err)
{
	fprintf(stderr, "bench: %s: %s\n", what,
		err ? err->msg : strerror(errno));
	exit(1);
}

/* A deterministic sequence (the benchmark's queries are the same each run). */
static unsigned long long rng_state = 88172645463325252ULL;

static unsigned long long
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static long long
one_int(struct md_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = 0;
	if (sqlite3_prepare_v2(md_db_sqlite(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- the core ----------------------------------------------------------- */

struct core {
	struct md_db *db;
	struct md_forms *forms;
	struct md_workflow *wf;
	struct md_user user;
	const char *db_path;
};

/* The first n characters of s (or all), as a new string. */
static char *
chars(const char *s, size_t n)
{
	size_t i = 0, len = strlen(s);
	uint32_t cp;
	for (size_t c = 0; c < n && i < len; c++) {
		size_t k = md_utf8_decode(s + i, len - i, &cp);
		if (!k)
			break;
		i += k;
	}
	return md_strndup(s, i);
}

/* s with hiragana turned to katakana (a new string). */
static char *
katakana(const char *s)
{
	char *out = md_strdup(s);
	for (unsigned char *p = (unsigned char *)out; p && p[0]; p++) {
		/* U+3041..U+3096 are E3 81 81..E3 82 96; +0x60 is katakana. */
		if (p[0] == 0xE3 && (p[1] == 0x81 || p[1] == 0x82) && p[2]) {
			unsigned cp = 0x3000 | ((p[1] & 0x3F) << 6) |
				      (p[2] & 0x3F);
			if (cp >= 0x3041 && cp <= 0x3096) {
				cp += 0x60;
				p[1] = (unsigned char)(0x80 |
						       ((cp >> 6) & 0x3F));
				p[2] = (unsigned char)(0x80 | (cp & 0x3F));
			}
			p += 2;
		}
	}
	return out;
}

/* Time md_case_search for each query (warm: every query once before). */
static void
search_rows(struct core *c, const char *metric, char **queries, size_t n)
{
	struct samples s = {0};
	struct md_err err;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			struct md_case_filter f = {.text = queries[i],
						   .include_closed = true};
			struct md_case_row *rows;
			size_t nrows;
			double t = now_ms();
			if (md_case_search(c->db, &c->user, &f, NULL, 100,
					   &rows, &nrows, &err) != MD_OK)
				die("md_case_search", &err);
			if (pass)
				sample(&s, now_ms() - t);
			md_case_rows_free(rows, nrows);
		}
	}
	row_ms(metric, &s, "p95 ≤ 1 ms", "a page of 100 rows");
}

static void
bench_search(struct core *c)
{
	enum {
		N = 100
	};
	char *byid[N * 3], *byname[N * 3], *bykana[N * 4];
	size_t nid = 0, nname = 0, nkana = 0;
	long long maxcase = one_int(c->db, "SELECT max(id) FROM cases");
	long long maxperson = one_int(c->db, "SELECT max(id) FROM persons");
	sqlite3_stmt *st;
	sqlite3_prepare_v2(md_db_sqlite(c->db),
			   "SELECT name, kana FROM persons WHERE id = ?1", -1,
			   &st, NULL);
	for (int i = 0; i < N; i++) {
		char id[32];
		snprintf(id, sizeof id, "%lld",
			 1 + (long long)(rng() % (unsigned long long)maxcase));
		/* As typed: the first digit, half of them, all. */
		size_t len = strlen(id);
		byid[nid++] = md_strndup(id, 1);
		byid[nid++] = md_strndup(id, (len + 1) / 2);
		byid[nid++] = md_strdup(id);
		sqlite3_bind_int64(st, 1,
				   1 + (long long)(rng() % (unsigned long long)
								   maxperson));
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st,
									     0);
			const char *kana = (const char *)sqlite3_column_text(st,
									     1);
			byname[nname++] = chars(name, 1);
			byname[nname++] = chars(name, 2);
			byname[nname++] = md_strdup(name);
			bykana[nkana++] = chars(kana, 1);
			bykana[nkana++] = chars(kana, 2);
			bykana[nkana++] = chars(kana, 3);
			char *k = katakana(kana);
			bykana[nkana++] = chars(k, 4);
			md_free(k);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	search_rows(c, "search: case number, as typed (core)", byid, nid);
	search_rows(c, "search: 氏名, as typed (core)", byname, nname);
	search_rows(c, "search: ふりがな, as typed (core)", bykana, nkana);
	for (size_t i = 0; i < nid; i++)
		md_free(byid[i]);
	for (size_t i = 0; i < nname; i++)
		md_free(byname[i]);
	for (size_t i = 0; i < nkana; i++)
		md_free(bykana[i]);
}

/* ---- full text ---------------------------------------------------------- */

enum {
	PAGE = 50
};

struct fts_query {
	const char *text;
	int class; /* 0: one character, 1: two, 2: three and more, 3: rare */
	/* From the scan: */
	char **words;
	size_t nwords;
	long long expect[PAGE];
	int nexpect;
	long long total;
};

#define Q(t, k)                                                                \
	{                                                                      \
		.text = t, .class = k                                          \
	}
/* clang-format off */
static struct fts_query fts_queries[] = {
	Q("家", 0),        Q("金", 0),        Q("院", 0),        Q("田", 0),
	Q("税", 0),        Q("猫", 0),        Q("家賃", 1),      Q("就労", 1),
	Q("借金", 1),      Q("滞納", 1),      Q("通院", 1),      Q("田中", 1),
	Q("電話", 1),      Q("年金", 1),      Q("同行", 1),      Q("家賃 通院", 1),
	Q("ハローワーク", 2), Q("生活保護", 2), Q("家賃を滞納", 2), Q("社会福祉協議会", 2),
	Q("就労支援", 2),  Q("通院同行", 2),  Q("ひきこもり", 2), Q("借金 田中 家賃", 2),
	Q("金田", 3),      Q("中家", 3),      Q("院金", 3),      Q("話家", 3),
	Q("家賃院", 3),    Q("電話金", 3),    Q("支援の家賃", 3), Q("金の田", 3),
};
/* clang-format on */
#undef Q
#define NFTS (sizeof fts_queries / sizeof fts_queries[0])

static const char *const fts_class[] =
	{"full-text: 1-character word, first page",
	 "full-text: 2-character word, first page",
	 "full-text: 3+ characters, first page",
	 "full-text: rare phrase of common characters, first page"};

/* Split q into folded words, as md_entries_search does. */
static void
fts_words(struct fts_query *q)
{
	char *copy = md_strdup(q->text);
	for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
		q->words = realloc(q->words,
				   (q->nwords + 1) * sizeof *q->words);
		q->words[q->nwords++] = md_text_search_fold(w, strlen(w));
	}
	md_free(copy);
}

/* The first page of q (paging on while the check budget ran out), as ids;
 * returns how many. */
static int
fts_page(struct core *c, const char *text, long long *ids)
{
	struct md_err err;
	long long before = 0;
	int got = 0;
	do {
		struct md_entry_hit *hits;
		size_t n;
		long long resume;
		if (md_entries_search(c->db, &c->user, c->forms, text, before,
				      PAGE - got, &hits, &n, &resume,
				      &err) != MD_OK)
			die("md_entries_search", &err);
		for (size_t i = 0; i < n && ids; i++)
			ids[got + (int)i] = hits[i].record_id;
		got += (int)n;
		md_entry_hits_free(hits, n);
		before = resume;
	} while (got < PAGE && before);
	return got;
}

/* Every hit of text, counted by paging to the end. */
static long long
fts_count(struct core *c, const char *text)
{
	struct md_err err;
	long long before = 0, total = 0;
	do {
		struct md_entry_hit *hits;
		size_t n;
		long long resume;
		if (md_entries_search(c->db, &c->user, c->forms, text, before,
				      1000, &hits, &n, &resume, &err) != MD_OK)
			die("md_entries_search", &err);
		total += (long long)n;
		md_entry_hits_free(hits, n);
		before = resume;
	} while (before);
	return total;
}

/*
 * Read every entry's text once, newest first, as md_entries_text makes it:
 * for each query, the first page a scan finds and how many it finds in
 * all; *text_bytes gets the size of all the text the index holds.
 */
static void
fts_scan(struct core *c, long long *text_bytes, long long *entries)
{
	const struct md_form *form = md_forms_find(c->forms, "progress");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(md_db_sqlite(c->db),
			       "SELECT f.id, r.data FROM form_records f JOIN"
			       " form_revisions r ON r.record_id = f.id AND"
			       " r.revision = f.revision WHERE f.form = 'progress'"
			       " ORDER BY f.id DESC",
			       -1, &st, NULL) != SQLITE_OK)
		die("scan", NULL);
	*text_bytes = *entries = 0;
	struct md_values v;
	md_values_init(&v);
	while (sqlite3_step(st) == SQLITE_ROW) {
		md_values_clear(&v);
		md_values_from_json((const char *)sqlite3_column_text(st, 1),
				    &v, NULL);
		char *text = md_entries_text(form, &v);
		*text_bytes += (long long)strlen(text);
		(*entries)++;
		char *fold = md_text_search_fold(text, strlen(text));
		for (size_t q = 0; fold && q < NFTS; q++) {
			struct fts_query *fq = &fts_queries[q];
			bool all = fq->nwords > 0;
			for (size_t w = 0; all && w < fq->nwords; w++)
				all = strstr(fold, fq->words[w]) != NULL;
			if (!all)
				continue;
			fq->total++;
			if (fq->nexpect < PAGE)
				fq->expect[fq->nexpect++] =
					sqlite3_column_int64(st, 0);
		}
		md_free(fold);
		md_free(text);
	}
	md_values_fini(&v);
	sqlite3_finalize(st);
}

static void
bench_fts(struct core *c)
{
	for (size_t q = 0; q < NFTS; q++)
		fts_words(&fts_queries[q]);
	/* Timing: warm, then five runs of each query. */
	struct samples s[4] = {{0}};
	double slowest[4] = {0};
	const char *slowest_q[4] = {""};
	for (size_t q = 0; q < NFTS; q++)
		fts_page(c, fts_queries[q].text, NULL);
	for (int run = 0; run < 5; run++)
		for (size_t q = 0; q < NFTS; q++) {
			int k = fts_queries[q].class;
			double t = now_ms();
			fts_page(c, fts_queries[q].text, NULL);
			t = now_ms() - t;
			sample(&s[k], t);
			if (t > slowest[k]) {
				slowest[k] = t;
				slowest_q[k] = fts_queries[q].text;
			}
		}
	/* Checking: the first page against a scan; every hit of the rarer. */
	double t = now_ms();
	long long text_bytes, entries;
	fts_scan(c, &text_bytes, &entries);
	double scan_ms = now_ms() - t;
	int bad = 0, counted = 0;
	char bad_names[512] = "";
	for (size_t q = 0; q < NFTS; q++) {
		struct fts_query *fq = &fts_queries[q];
		long long ids[PAGE];
		int n = fts_page(c, fq->text, ids);
		bool same = n == fq->nexpect;
		for (int i = 0; same && i < n; i++)
			same = ids[i] == fq->expect[i];
		if (same && fq->total <= 20000) {
			same = fts_count(c, fq->text) == fq->total;
			counted++;
		}
		if (!same) {
			bad++;
			snprintf(bad_names + strlen(bad_names),
				 sizeof bad_names - strlen(bad_names),
				 " 「%s」", fq->text);
		}
	}
	for (int k = 0; k < 4; k++) {
		char note[200];
		int nq = 0;
		for (size_t q = 0; q < NFTS; q++)
			nq += fts_queries[q].class == k;
		snprintf(note, sizeof note, "%d queries × 5, slowest 「%s」",
			 nq, slowest_q[k] ? slowest_q[k] : "");
		row_ms(fts_class[k], &s[k], "p95 ≤ 5 ms", note);
	}
	char med[64], note[700];
	snprintf(med, sizeof med, "%zu of %zu agree", NFTS - (size_t)bad, NFTS);
	snprintf(note, sizeof note,
		 "first %d hits of each against a scan of %lld entries (%.1f s);"
		 " every hit of the %d with ≤ 20,000%s%s",
		 PAGE, entries, scan_ms / 1000, counted, bad ? "; differ:" : "",
		 bad_names);
	row("full-text: found as a scan finds", med, "", "all", "", "", note);
	long long fts = one_int(c->db,
				"SELECT sum(pgsize) FROM dbstat WHERE name"
				" LIKE 'entries_pairs%' OR name LIKE"
				" 'entries_chars%'");
	char size[64], text[64], ratio[32];
	snprintf(size, sizeof size, "%.1f MB", (double)fts / 1048576);
	snprintf(text, sizeof text, "text %.1f MB",
		 (double)text_bytes / 1048576);
	snprintf(ratio, sizeof ratio, "%.2f×",
		 text_bytes ? (double)fts / (double)text_bytes : 0);
	row("size of the full-text index", size, "", "≤ 1.5 × the text", text,
	    ratio,
	    "entries_pairs and entries_chars with their shadow tables (dbstat) / bytes of the text indexed");
	if (bad)
		exit(2);
}

/* ---- opening a case ----------------------------------------------------- */

static void
bench_open_case(struct core *c)
{
	struct samples s = {0};
	long long maxcase = one_int(c->db, "SELECT max(id) FROM cases");
	struct md_err err;
	for (int i = 0; i < 300; i++) {
		long long id = 1 +
			       (long long)(rng() % (unsigned long long)maxcase);
		double t = now_ms();
		/* What the case screen reads (src/tui/case.c). */
		struct md_case cs;
		struct md_flow flow;
		struct md_record_info *recs;
		size_t n;
		if (md_case_get(c->db, &c->user, id, &cs, &err) != MD_OK)
			die("md_case_get", &err);
		if (md_workflow_status(c->db, &c->user, c->wf, id, &flow,
				       &err) != MD_OK)
			die("md_workflow_status", &err);
		if (md_record_list(c->db, c->forms, id, 50, &recs, &n, &err) !=
		    MD_OK)
			die("md_record_list", &err);
		if (i >= 50)
			sample(&s, now_ms() - t);
		md_record_infos_free(recs, n);
		md_flow_fini(&flow);
		md_case_fini(&cs);
	}
	row_ms("open a case (core: header, steps with reasons, forms, 50 entries)",
	       &s, "p95 ≤ 10 ms",
	       "includes the audited view (a durable commit)");
}

/* ---- durable save ------------------------------------------------------- */

static void
bench_save(struct core *c)
{
	struct md_err err;
	/* The newest open case's newest entry. */
	long long id = one_int(c->db,
			       "SELECT max(f.case_id) FROM form_records f"
			       " JOIN cases c ON c.id = f.case_id WHERE"
			       " f.form = 'progress' AND c.status = 'open'");
	long long seq = 0;
	{
		char sql[160];
		snprintf(sql, sizeof sql,
			 "SELECT max(seq) FROM form_records WHERE case_id = %lld AND"
			 " form = 'progress'",
			 id);
		seq = one_int(c->db, sql);
	}
	struct samples save = {0}, bare = {0};
	/* A bare fsync'd commit: one row into a table of a file beside the
	 * database, in the same journal mode and synchronous setting. */
	char *path = md_asprintf("%s.bench-commit", c->db_path);
	unlink(path);
	sqlite3 *h;
	if (sqlite3_open(path, &h) != SQLITE_OK ||
	    sqlite3_exec(h,
			 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
			 " CREATE TABLE t (x TEXT)",
			 NULL, NULL, NULL) != SQLITE_OK)
		die("bare commit", NULL);
	sqlite3_stmt *ins;
	sqlite3_prepare_v2(h, "INSERT INTO t VALUES (?1)", -1, &ins, NULL);
	for (int i = 0; i < 60; i++) {
		struct md_record rec;
		bool saved;
		if (md_record_open(c->db, &c->user, c->forms, id, "progress",
				   (int)seq, &rec, &err) != MD_OK)
			die("md_record_open", &err);
		char text[200];
		snprintf(text, sizeof text,
			 "ベンチマークの保存 %d 回目。電話で家賃の相談。", i);
		md_values_set(&rec.values, "next_action", text, NULL);
		double t = now_ms();
		if (md_record_save(c->db, &c->user, &rec, 0, &saved, NULL,
				   &err) != MD_OK)
			die("md_record_save", &err);
		sample(&save, now_ms() - t);
		md_record_fini(&rec);
		t = now_ms();
		sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
		sqlite3_bind_text(ins, 1, text, -1, SQLITE_STATIC);
		sqlite3_step(ins);
		sqlite3_reset(ins);
		if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			die("bare commit", NULL);
		sample(&bare, now_ms() - t);
	}
	sqlite3_finalize(ins);
	sqlite3_close(h);
	unlink(path);
	char *wal = md_asprintf("%s-wal", path),
	     *shm = md_asprintf("%s-shm", path);
	unlink(wal);
	unlink(shm);
	md_free(wal);
	md_free(shm);
	md_free(path);
	double ms = pct(&save, 50), p95 = pct(&save, 95), b = pct(&bare, 50);
	char med[32], p[32], sq[64], ratio[32];
	snprintf(med, sizeof med, "%.3f ms", ms);
	snprintf(p, sizeof p, "%.3f ms", p95);
	snprintf(sq, sizeof sq, "bare commit %.3f ms", b);
	snprintf(ratio, sizeof ratio, "%.2f×", b > 0 ? ms / b : 0);
	row("durable save of a form revision (fsync'd commit)", med, p,
	    "median ≤ 3 × a bare commit", sq, ratio,
	    "a progress entry, 60 saves; the bare commit: one row, WAL, synchronous=FULL, same disk");
	free(save.v);
	free(bare.v);
}

/* ---- export ------------------------------------------------------------- */

/* The 支援ケース一覧 to CSV, three times each: md_export_caselist, and the
 * sqlite3 shell on the same query (the file as -csv writes it). */
static void
bench_export(struct core *c)
{
	struct samples ours = {0}, shell = {0};
	struct md_err err;
	char *csv = md_asprintf("%s.bench.csv", c->db_path);
	char *sql = md_asprintf("%s.bench.sql", c->db_path);
	FILE *f = fopen(sql, "w");
	if (!f || fprintf(f, "%s;\n", md_caselist_sql) < 0 || fclose(f))
		die(sql, NULL);
	char *cmd = md_asprintf("sqlite3 -readonly -csv '%s' < '%s' > '%s'",
				c->db_path, sql, csv);
	struct md_export_options o = {.encoding = MD_CSV_UTF8,
				      .force = true,
				      .office = "ベンチマーク",
				      .stage_label = md_workflow_stage_label,
				      .stage_ctx = c->wf};
	for (int i = 0; i < 3; i++) {
		double t = now_ms();
		if (md_export_caselist(c->db, &c->user, csv, &o, &err) != MD_OK)
			die("md_export_caselist", &err);
		sample(&ours, now_ms() - t);
		t = now_ms();
		if (system(cmd) != 0)
			die("sqlite3 -csv", NULL);
		sample(&shell, now_ms() - t);
	}
	unlink(csv);
	unlink(sql);
	double a = pct(&ours, 50), b = pct(&shell, 50);
	char med[32], sq[64], ratio[32];
	snprintf(med, sizeof med, "%.0f ms", a);
	snprintf(sq, sizeof sq, "sqlite3 -csv %.0f ms", b);
	snprintf(ratio, sizeof ratio, "%.2f×", b > 0 ? a / b : 0);
	row("export of the 支援ケース一覧 to CSV", med, "",
	    "≤ 1.2 × sqlite3 -csv", sq, ratio,
	    "median of 3; ours adds 和暦 dates, ages, stage names, the title rows and the audit row");
	free(ours.v);
	free(shell.v);
	md_free(cmd);
	md_free(csv);
	md_free(sql);
}

/* ---- counts ------------------------------------------------------------- */

/*
 * The same figures as the shipped forms/counts.ini's tables of the course
 * (course, services, closures, national), computed by SQLite's own shell:
 * one row a table and month ("合計" for the year), the figures in the
 * columns' order. The steps of the year (相談受付 on the 受付日), the plan as
 * decided and the 評価シート of a 終結 (the latest round made by then, its
 * latest revision), the 評価シート an evaluation filled; persons once.
 * @FROM@ and @TO@ stand for the period's days.
 */
static const char counts_sql[] =
	"CREATE TEMP TABLE y AS WITH ev AS ("
	" SELECT e.step, e.outcome, e.case_id, e.at, e.record_id, c.person_id,"
	"  e.done_on AS day FROM workflow_events e JOIN cases c"
	"  ON c.id = e.case_id WHERE e.done_on BETWEEN '@FROM@' AND '@TO@'"
	" UNION ALL"
	" SELECT e.step, e.outcome, e.case_id, e.at, e.record_id, c.person_id,"
	"  c.opened_on FROM cases c JOIN workflow_events e ON e.case_id = c.id"
	"  WHERE c.opened_on BETWEEN '@FROM@' AND '@TO@' AND e.done_on IS NULL),"
	" x AS (SELECT substr(day, 1, 7) AS m, step, outcome, person_id,"
	"  CASE WHEN step = 'decision' AND outcome = '決定' THEN char(10) ||"
	"  coalesce((SELECT json_extract(r.data, '$.services')"
	"  FROM form_revisions r WHERE r.record_id = (SELECT f.id"
	"  FROM form_records f WHERE f.case_id = ev.case_id AND f.form = 'plan'"
	"  AND f.created_at <= ev.at ORDER BY f.seq DESC LIMIT 1)"
	"  ORDER BY r.revision DESC LIMIT 1), '') || char(10) END AS s,"
	"  CASE WHEN step = 'closure' THEN (SELECT json_extract(r.data,"
	"  '$.end_reason') FROM form_revisions r WHERE r.record_id = (SELECT"
	"  f.id FROM form_records f WHERE f.case_id = ev.case_id"
	"  AND f.form = 'evaluation' AND f.created_at <= ev.at"
	"  ORDER BY f.seq DESC LIMIT 1) ORDER BY r.revision DESC LIMIT 1)"
	"  END AS why,"
	"  CASE WHEN step = 'evaluation' THEN char(10) || coalesce((SELECT"
	"  json_extract(r.data, '$.changes') FROM form_revisions r"
	"  WHERE r.record_id = ev.record_id ORDER BY r.revision DESC LIMIT 1),"
	"  '') || char(10) END AS ch,"
	"  (step IN ('triage', 'screening') AND outcome IN ('情報提供のみで終了',"
	"  '他制度・他機関へつなぐ', '情報提供・助言のみで終了'))"
	"  OR step IN ('welfare_referral', 'closure') AS closes FROM ev)"
	" SELECT * FROM x UNION ALL SELECT '合計', step, outcome, person_id, s,"
	" why, ch, closes FROM x;\n"
	"SELECT 'course', m, sum(step = 'reception'), sum(step = 'application'),"
	" sum(step = 'assessment'), sum(step = 'plan_draft'),"
	" sum(step = 'replan'), sum(step = 'meeting'),"
	" sum(step = 'decision' AND outcome = '決定'),"
	" sum(step = 'support_decision'), sum(step = 'evaluation'),"
	" sum(closes), sum(step = 'reopen') FROM y GROUP BY m;\n"
	"SELECT 'services', m, count(*),"
	" sum(instr(s, char(10) || '(ア) 就労支援員による就労支援' || char(10)) > 0),"
	" sum(instr(s, char(10) || '(イ) 生活保護受給者等就労自立促進事業' || char(10)) > 0),"
	" sum(instr(s, char(10) || '(ウ) 就労準備支援事業' || char(10)) > 0),"
	" sum(instr(s, char(10) || '(エ) 住居確保給付金' || char(10)) > 0),"
	" sum(instr(s, char(10) || '(オ) 家計相談支援事業' || char(10)) > 0),"
	" sum(instr(s, char(10) || '(カ) 学習相談支援事業' || char(10)) > 0),"
	" sum(instr(s, char(10) || '(キ) 生活福祉資金貸付事業' || char(10)) > 0),"
	" sum(instr(s, char(10) || '(ク) その他の公的事業' || char(10)) > 0),"
	" sum(instr(s, char(10) || '一時生活支援事業' || char(10)) > 0),"
	" sum(instr(s, char(10) || '参加支援事業' || char(10)) > 0)"
	" FROM y WHERE s IS NOT NULL GROUP BY m;\n"
	"SELECT 'closures', m, count(*),"
	" sum(outcome IN ('情報提供のみで終了', '情報提供・助言のみで終了')),"
	" sum(outcome = '他制度・他機関へつなぐ' OR why = '他機関へつないだ'),"
	" sum(step = 'welfare_referral' OR why = '生活保護の開始'),"
	" sum(why = '目標達成'), sum(why = '転居'), sum(why = '連絡が取れない'),"
	" sum(why = '本人の希望'), sum(why = 'その他'),"
	" sum(step = 'closure' AND coalesce(why, '') NOT IN ('他機関へつないだ',"
	" '生活保護の開始', '目標達成', '転居', '連絡が取れない', '本人の希望',"
	" 'その他')) FROM y WHERE closes GROUP BY m;\n"
	"SELECT 'national', m, sum(step = 'reception'),"
	" sum(step = 'decision' AND outcome = '決定'),"
	" count(DISTINCT CASE WHEN instr(s, char(10) || '(ア) 就労支援員による就労支援'"
	" || char(10)) OR instr(s, char(10) || '(イ) 生活保護受給者等就労自立促進事業'"
	" || char(10)) OR instr(s, char(10) || '(ウ) 就労準備支援事業' || char(10))"
	" THEN person_id END),"
	" count(DISTINCT CASE WHEN instr(ch, char(10) || '就労開始' || char(10))"
	" OR instr(ch, char(10) || '増収' || char(10)) THEN person_id END)"
	" FROM y GROUP BY m;\n";

/* The definitions the counts read, beside the forms and the workflow. */
static struct md_count_defs *
counts_defs(struct core *c, const char *forms_dir, struct md_contact_defs **cd,
	    struct md_household_defs **hd, struct md_meeting_defs **md)
{
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	char *p = md_asprintf("%s/contacts.ini", forms_dir);
	if (md_contact_defs_load(p, c->forms, cd, &diags, &err) != MD_OK)
		die(p, &err);
	md_free(p);
	p = md_asprintf("%s/households.ini", forms_dir);
	if (md_household_defs_load(p, c->forms, hd, &diags, &err) != MD_OK)
		die(p, &err);
	md_free(p);
	p = md_asprintf("%s/meetings.ini", forms_dir);
	if (md_meeting_defs_load(p, md, &diags, &err) != MD_OK)
		die(p, &err);
	md_free(p);
	const struct md_count_sources src = {c->forms, c->wf, *cd, *hd, *md};
	struct md_count_defs *d = NULL;
	p = md_asprintf("%s/counts.ini", forms_dir);
	if (md_count_defs_load(p, &src, &d, &diags, &err) != MD_OK)
		die(p, &err);
	md_free(p);
	md_diags_fini(&diags);
	return d;
}

/* Whether the shell's figures (lines "table|YYYY-MM|n|n…", 合計 for the
 * year) are the report's, counting the figures compared into *n. */
static bool
counts_agree(const struct md_count_report *r, const char *out, int first_y,
	     int first_m, long long *n)
{
	bool ok = true;
	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		p = nl ? nl + 1 : p + len;
		/* Fields apart by "|"; an empty one is a sum of none (0). */
		char *rest = line, *table = strsep(&rest, "|");
		char *month = strsep(&rest, "|");
		const struct md_count_result *x = NULL;
		for (size_t i = 0; table && i < r->n; i++)
			if (!strcmp(r->results[i].table->id, table))
				x = &r->results[i];
		if (!x || !month)
			return false;
		const struct md_count_row *row = &x->total;
		if (strcmp(month, "合計")) {
			int k = (atoi(month) - first_y) * 12 + atoi(month + 5) -
				first_m;
			if (k < 0 || (size_t)k >= x->nrows)
				return false;
			row = &x->rows[k];
		}
		for (size_t c = 0; c < x->table->ncols; c++) {
			char *v = strsep(&rest, "|");
			(*n)++;
			if (!v || atoll(v) != row->n[c]) {
				fprintf(stderr,
					"bench: count %s %s column %zu: %lld, sqlite3 %s\n",
					table, month, c + 1, row->n[c],
					v ? v : "(none)");
				ok = false;
			}
		}
	}
	return ok;
}

/* A year of monthly counts (every shipped table, by month), three times,
 * against the shell computing the course's tables; the figures compared. */
static void
bench_counts(struct core *c, const char *forms_dir)
{
	struct md_contact_defs *cd = NULL;
	struct md_household_defs *hd = NULL;
	struct md_meeting_defs *md = NULL;
	struct md_count_defs *defs = counts_defs(c, forms_dir, &cd, &hd, &md);
	static const char from[] = "2024-04-01", to[] = "2025-03-31";
	const struct md_count_query q = {.from = from,
					 .to = to,
					 .by = MD_COUNT_BY_MONTH};
	struct samples ours = {0}, shell = {0};
	struct md_err err;
	struct md_count_report r;
	memset(&r, 0, sizeof r);
	for (int i = 0; i < 3; i++) {
		md_count_report_free(&r);
		double t = now_ms();
		if (md_count_run(c->db, &c->user, defs, &q, &r, &err) != MD_OK)
			die("md_count_run", &err);
		sample(&ours, now_ms() - t);
	}
	struct md_buf text;
	md_buf_init(&text);
	for (const char *p = counts_sql; *p;) {
		if (!strncmp(p, "@FROM@", 6) || !strncmp(p, "@TO@", 4)) {
			bool f = p[1] == 'F';
			md_buf_adds(&text, f ? from : to);
			p += f ? 6 : 4;
		} else {
			md_buf_addc(&text, *p++);
		}
	}
	char *sql = md_buf_take(&text);
	char *file = md_asprintf("%s.counts.sql", c->db_path);
	char *outf = md_asprintf("%s.counts.out", c->db_path);
	FILE *f = fopen(file, "w");
	if (!sql || !f || fputs(sql, f) < 0 || fclose(f))
		die(file, NULL);
	char *cmd = md_asprintf("sqlite3 -readonly '%s' < '%s' > '%s'",
				c->db_path, file, outf);
	for (int i = 0; i < 3; i++) {
		double t = now_ms();
		if (system(cmd) != 0)
			die("sqlite3 (counts)", NULL);
		sample(&shell, now_ms() - t);
	}
	struct md_buf out;
	md_buf_init(&out);
	f = fopen(outf, "r");
	char buf[4096];
	size_t k;
	while (f && (k = fread(buf, 1, sizeof buf, f)) > 0)
		md_buf_add(&out, buf, k);
	if (f)
		fclose(f);
	long long compared = 0;
	bool agree = f &&
		     counts_agree(&r, md_buf_str(&out), 2024, 4, &compared);
	unlink(file);
	unlink(outf);
	double a = pct(&ours, 50), b = pct(&shell, 50);
	char med[32], sq[64], ratio[32], note[256];
	snprintf(med, sizeof med, "%.0f ms", a);
	snprintf(sq, sizeof sq, "sqlite3 %.0f ms", b);
	snprintf(ratio, sizeof ratio, "%.2f×", b > 0 ? a / b : 0);
	snprintf(note, sizeof note,
		 "令和6年度 by month, every table of forms/counts.ini; median of 3; %lld figures of the course's tables %s sqlite3's",
		 compared, agree ? "equal to" : "DIFFER FROM");
	row("a year of monthly counts (core)", med, "", "≤ 1 s", sq, ratio,
	    note);
	free(ours.v);
	free(shell.v);
	md_buf_fini(&out);
	md_free(cmd);
	md_free(file);
	md_free(outf);
	md_free(sql);
	md_count_report_free(&r);
	md_count_defs_free(&defs);
	md_meeting_defs_free(&md);
	md_household_defs_free(&hd);
	md_contact_defs_free(&cd);
	if (!agree)
		exit(1);
}

/* ---- size --------------------------------------------------------------- */

static void
bench_size(struct core *c)
{
	struct stat sb;
	if (stat(c->db_path, &sb) != 0)
		die(c->db_path, NULL);
	long long cases = one_int(c->db, "SELECT count(*) FROM cases");
	long long pages = one_int(c->db, "PRAGMA page_count");
	long long psize = one_int(c->db, "PRAGMA page_size");
	char per[64], note[600];
	snprintf(per, sizeof per, "%.1f KB",
		 cases ? (double)(pages * psize) / (double)cases / 1024 : 0);
	/* Where it goes: the largest tables with their indexes. */
	sqlite3_stmt *st;
	snprintf(note, sizeof note, "%.2f GB for %lld cases:",
		 (double)(pages * psize) / 1073741824.0, cases);
	if (sqlite3_prepare_v2(md_db_sqlite(c->db),
			       "SELECT CASE WHEN d.name LIKE 'entries_pairs%'"
			       " THEN 'entries_pairs' WHEN d.name LIKE 'entries_chars%'"
			       " THEN 'entries_chars' ELSE coalesce(t.tbl_name, d.name) END,"
			       " sum(d.pgsize) FROM dbstat d LEFT JOIN sqlite_schema t"
			       " ON t.name = d.name GROUP BY 1 ORDER BY 2 DESC LIMIT 5",
			       -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st,
									     0);
			snprintf(note + strlen(note),
				 sizeof note - strlen(note), " %s %.0f%%", name,
				 100.0 * (double)sqlite3_column_int64(st, 1) /
					 (double)(pages * psize));
		}
		sqlite3_finalize(st);
	}
	row("on-disk size per case", per, "", "reported", "", "", note);
}

/* ---- main --------------------------------------------------------------- */

static void
core_open(struct core *c, const char *db_path, const char *forms_dir)
{
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	c->db_path = db_path;
	if (md_db_open(db_path, 0, &c->db, &err) != MD_OK)
		die(db_path, &err);
	if (md_forms_load(forms_dir, &c->forms, &diags, &err) != MD_OK)
		die(forms_dir, &err);
	char *wf = md_asprintf("%s/workflow.ini", forms_dir);
	if (md_workflow_load(wf, c->forms, &c->wf, &diags, &err) != MD_OK)
		die(wf, &err);
	md_free(wf);
	md_diags_fini(&diags);
	if (md_user_get(c->db, "demo", &c->user, &err) != MD_OK)
		die("the user demo (a database of madoguchi demo generate)",
		    &err);
	bool synced;
	if (md_entries_synced(c->db, c->forms, &synced, &err) != MD_OK ||
	    !synced)
		die("the full-text index is not built for these forms", &err);
}

static int
launch(int argc, char **argv)
{
	/* bench launch TRACE PROGRAM ARGS…: run PROGRAM with MADOGUCHI_TRACE
	 * and the time it was started. */
	if (argc < 4)
		return 64;
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	char t0[32];
	snprintf(t0, sizeof t0, "%lld",
		 (long long)t.tv_sec * 1000000000LL + t.tv_nsec);
	setenv("MADOGUCHI_TRACE", argv[2], 1);
	setenv("MADOGUCHI_TRACE_T0", t0, 1);
	execv(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "launch"))
		return launch(argc, argv);
	if (argc != 4 || strcmp(argv[1], "core")) {
		fputs("usage: bench core DB FORMS_DIR | bench launch TRACE PROGRAM [ARG…]\n",
		      stderr);
		return 64;
	}
	struct core c = {0};
	core_open(&c, argv[2], argv[3]);
	/* BENCH_ONLY=search,fts,… runs some parts only (for working on one). */
	const char *only = getenv("BENCH_ONLY");
#define PART(name, fn)                                                         \
	if (!only || strstr(only, name))                                       \
	fn(&c)
	PART("search", bench_search);
	PART("open", bench_open_case);
	PART("save", bench_save);
	PART("export", bench_export);
	PART("fts", bench_fts);
	PART("size", bench_size);
	if (!only || strstr(only, "counts"))
		bench_counts(&c, argv[3]);
#undef PART
	md_user_fini(&c.user);
	md_workflow_free(&c.wf);
	md_forms_free(&c.forms);
	md_db_close(&c.db);
	return 0;
}
