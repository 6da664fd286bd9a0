/* Full-text search in progress entries: an FTS5 index over overlapping
 * character bigrams of the folded text (so one- and two-character Japanese
 * words are found, which FTS5's trigram tokenizer misses), its upkeep, and
 * newest-first queries. */
#include "madoguchi/entries.h"

#include <stdio.h>
#include <string.h>

#include "madoguchi/audit.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/*
 * The tokenizer. The text is folded (md_text_search_fold: NFKC, case,
 * kana, variant kanji; punctuation and spaces dropped), then every pair of
 * neighbouring characters is a token, and the last character alone is a
 * token too (at the same position), so that each character begins some
 * token and a one-character word is a prefix query. In a query, the last
 * character is not emitted alone: a word of two or more characters is the
 * phrase of its bigrams.
 */
static int
bigram_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)args;
	(void)nargs;
	static int dummy;
	*out = (Fts5Tokenizer *)&dummy;
	return SQLITE_OK;
}

static void
bigram_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int
bigram_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
		int ntext,
		int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	if (ntext <= 0)
		return SQLITE_OK;
	char *fold = md_text_search_fold(text, (size_t)ntext);
	if (!fold)
		return SQLITE_OK; /* not UTF-8: nothing to index */
	size_t len = strlen(fold);
	int rc = SQLITE_OK;
	size_t i = 0;
	while (i < len && rc == SQLITE_OK) {
		uint32_t cp;
		size_t a = md_utf8_decode(fold + i, len - i, &cp);
		if (a == 0)
			break;
		size_t b = i + a < len ? md_utf8_decode(fold + i + a, len - i - a, &cp)
				       : 0;
		if (b) {
			rc = token(ctx, 0, fold + i, (int)(a + b), 0, ntext);
			if (rc == SQLITE_OK && i + a + b == len &&
			    !(flags & FTS5_TOKENIZE_QUERY))
				rc = token(ctx, FTS5_TOKEN_COLOCATED, fold + i + a,
					   (int)b, 0, ntext);
		} else if (i == 0 || (flags & FTS5_TOKENIZE_QUERY) == 0) {
			/* One character alone: the whole text (or word) is one. */
			if (i == 0)
				rc = token(ctx, 0, fold, (int)a, 0, ntext);
		}
		i += a;
	}
	md_free(fold);
	return rc;
}

static fts5_tokenizer bigram = {bigram_create, bigram_delete, bigram_tokenize};

static void
fold_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	char *f = s ? md_text_search_fold(s, (size_t)n) : NULL;
	if (!f) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, f, -1, md_free);
}

enum md_status
md_entries_register(sqlite3 *h, struct md_err *err)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (!api)
		return md_err_set(err, MD_ERR_DB,
				  "全文検索(FTS5)を使えません: この SQLite には FTS5 がありません");
	rc = api->xCreateTokenizer(api, "md_bigram", NULL, &bigram, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(h, "md_search_fold", 1,
					     SQLITE_UTF8 | SQLITE_DETERMINISTIC |
						     SQLITE_INNOCUOUS,
					     NULL, fold_function, NULL, NULL);
	if (rc != SQLITE_OK)
		return md_err_set(err, MD_ERR_DB, "全文検索の準備に失敗しました(%s)",
				  sqlite3_errstr(rc));
	return MD_OK;
}

char *
md_entries_text(const struct md_form *form, const struct md_values *v)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < form->nfields; i++) {
		if (form->fields[i].type != MD_FIELD_TEXTAREA)
			continue;
		const char *t = md_values_get(v, form->fields[i].key);
		if (!t || !*t)
			continue;
		if (b.len)
			md_buf_addc(&b, '\n');
		md_buf_adds(&b, t);
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

static const char sql_fts_delete[] =
	"INSERT INTO entries_fts (entries_fts, rowid, body) VALUES ('delete', ?1, ?2)";
static const char sql_fts_insert[] =
	"INSERT INTO entries_fts (rowid, body) VALUES (?1, ?2)";

enum md_status
md_entries_index(struct md_db *db, long long record_id, const char *old_text,
		 const char *new_text, struct md_err *err)
{
	if (old_text && new_text && !strcmp(old_text, new_text))
		return MD_OK;
	const char *sqls[2] = {sql_fts_delete, sql_fts_insert};
	const char *texts[2] = {old_text, new_text};
	for (int k = 0; k < 2; k++) {
		if (!texts[k] || !*texts[k])
			continue;
		sqlite3_stmt *st = md_db_stmt(db, sqls[k], err);
		if (!st)
			return err->status;
		sqlite3_bind_int64(st, 1, record_id);
		sqlite3_bind_text(st, 2, texts[k], -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return md_db_fail(db, rc, "支援経過の索引の更新", err);
	}
	return MD_OK;
}

void
md_entry_hits_free(struct md_entry_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(hits[i].entry_date);
		md_free(hits[i].name);
		md_free(hits[i].snippet);
	}
	md_free(hits);
}

/*
 * The FTS5 query for what a person typed: every space-separated word must
 * be found; a one-character word is a prefix query (it begins a bigram or
 * is the last character alone), a longer one the phrase of its bigrams.
 * Returns "" when nothing searchable was typed.
 */
static char *
build_query(const char *typed)
{
	struct md_buf q;
	md_buf_init(&q);
	const char *p = typed;
	while (*p) {
		size_t n = 0;
		/* A word: up to an ASCII or ideographic space. */
		while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' &&
		       strncmp(p + n, "\xE3\x80\x80", 3))
			n++;
		if (n) {
			char *fold = md_text_search_fold(p, n);
			if (!fold) {
				md_buf_fini(&q);
				return NULL;
			}
			if (*fold) {
				if (q.len)
					md_buf_addc(&q, ' ');
				/* Folded text has no quotes or symbols. */
				md_buf_addf(&q, "\"%s\"%s", fold,
					    md_utf8_chars(fold) == 1 ? "*" : "");
			}
			md_free(fold);
			p += n;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		else if (!strncmp(p, "\xE3\x80\x80", 3))
			p += 3;
	}
	if (!md_buf_ok(&q)) {
		md_buf_fini(&q);
		return NULL;
	}
	return md_buf_take(&q);
}

static const char sql_fts_search[] =
	"SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?1"
	" AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3";
static const char sql_hit[] =
	"SELECT f.case_id, coalesce(f.entry_date, ''), p.name, r.data"
	" FROM form_records f JOIN cases c ON c.id = f.case_id"
	" JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision"
	" WHERE f.id = ?1";

/* The start of an entry's text, on one line. */
static char *
snippet_of(const char *json)
{
	struct md_values v;
	md_values_init(&v);
	char *s = NULL;
	if (json && md_values_from_json(json, &v, NULL) == MD_OK) {
		const char *t = md_values_get(&v, "content");
		if (t) {
			size_t n = 0, chars = 0;
			while (t[n] && chars < 80) {
				n++;
				if (((unsigned char)t[n] & 0xC0) != 0x80)
					chars++;
			}
			s = md_strndup(t, n);
		}
	}
	md_values_fini(&v);
	if (!s)
		return md_strdup("");
	for (char *c = s; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	return s;
}

enum md_status
md_entries_search(struct md_db *db, const struct md_user *actor,
		  const char *query, long long before, int limit,
		  struct md_entry_hit **hits, size_t *n, struct md_err *err)
{
	*hits = NULL;
	*n = 0;
	if (limit < 1 || limit > 1000)
		return md_err_set(err, MD_ERR_INVALID, "一度に読む件数は 1〜1000 件です");
	enum md_status rc = md_auth_require(db, actor, false, "支援経過の検索", err);
	if (rc != MD_OK)
		return rc;
	char *q = build_query(query ? query : "");
	if (!q)
		return md_err_set(err, MD_ERR_INVALID, "検索する言葉が正しくありません");
	if (!*q) {
		md_free(q);
		return MD_OK;
	}
	long long *ids = md_malloc((size_t)limit * sizeof *ids);
	size_t count = 0;
	if (!ids) {
		md_free(q);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	sqlite3_stmt *st = md_db_stmt(db, sql_fts_search, err);
	if (!st) {
		rc = err->status;
		goto out;
	}
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, before > 0 ? before : (long long)(~0ULL >> 1));
	sqlite3_bind_int(st, 3, limit);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		ids[count++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "支援経過の検索", err);
		goto out;
	}
	struct md_entry_hit *arr = md_calloc(count ? count : 1, sizeof *arr);
	if (!arr) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	size_t k = 0;
	st = md_db_stmt(db, sql_hit, err);
	for (size_t i = 0; st && i < count && rc == MD_OK; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			struct md_entry_hit *h = &arr[k++];
			h->record_id = ids[i];
			h->case_id = sqlite3_column_int64(st, 0);
			h->entry_date = md_db_column_dup(st, 1);
			h->name = md_db_column_dup(st, 2);
			h->snippet = snippet_of((const char *)sqlite3_column_text(st, 3));
			if (!h->entry_date || !h->name || !h->snippet)
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		}
		sqlite3_reset(st);
	}
	if (!st)
		rc = err->status;
	if (rc == MD_OK && md_db_begin(db, err) == MD_OK) {
		rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, 0, 0,
				  "支援経過の検索", err);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	} else if (rc == MD_OK) {
		rc = err->status;
	}
	if (rc != MD_OK) {
		md_entry_hits_free(arr, k);
		goto out;
	}
	*hits = arr;
	*n = k;
out:
	md_free(ids);
	md_free(q);
	return rc;
}
