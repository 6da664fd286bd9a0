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
 * kana, variant kanji; punctuation and spaces dropped), then each character
 * is a token and so is each pair of neighbouring characters: a one-character
 * word is its token, a two-character word its bigram, and a longer word is
 * looked for as all of its bigrams, then checked in the text. The index
 * keeps no positions (detail=none), which makes it half the size of the
 * text. In a query each string is already one token (build_query) and is
 * only folded.
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
	if (flags & FTS5_TOKENIZE_QUERY) {
		if (len)
			rc = token(ctx, 0, fold, (int)len, 0, ntext);
		md_free(fold);
		return rc;
	}
	size_t i = 0;
	while (i < len && rc == SQLITE_OK) {
		uint32_t cp;
		size_t a = md_utf8_decode(fold + i, len - i, &cp);
		if (a == 0)
			break;
		rc = token(ctx, 0, fold + i, (int)a, 0, ntext);
		size_t b = i + a < len ? md_utf8_decode(fold + i + a, len - i - a, &cp)
				       : 0;
		if (b && rc == SQLITE_OK)
			rc = token(ctx, FTS5_TOKEN_COLOCATED, fold + i, (int)(a + b),
				   0, ntext);
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

/* The fields that make an entry's text, for every entries form:
 * "progress:content,next_action;" (the meta row entries_fields). */
static char *
fields_signature(const struct md_forms *forms)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < forms->n; i++) {
		const struct md_form *f = &forms->forms[i];
		if (!f->entries)
			continue;
		md_buf_addf(&b, "%s:", f->id);
		const char *sep = "";
		for (size_t k = 0; k < f->nfields; k++) {
			if (f->fields[k].type != MD_FIELD_TEXTAREA)
				continue;
			md_buf_addf(&b, "%s%s", sep, f->fields[k].key);
			sep = ",";
		}
		md_buf_addc(&b, ';');
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

static const char sql_meta_get[] =
	"SELECT value FROM meta WHERE key = 'entries_fields'";
static const char sql_meta_set[] =
	"INSERT INTO meta (key, value) VALUES ('entries_fields', ?1)"
	" ON CONFLICT (key) DO UPDATE SET value = excluded.value";

enum md_status
md_entries_synced(struct md_db *db, const struct md_forms *forms, bool *synced,
		  struct md_err *err)
{
	*synced = false;
	char *want = fields_signature(forms);
	if (!want)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = MD_OK;
	sqlite3_stmt *st = md_db_stmt(db, sql_meta_get, err);
	if (!st) {
		rc = err->status;
	} else {
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW)
			*synced = !strcmp((const char *)sqlite3_column_text(st, 0),
					  want);
		else if (src != SQLITE_DONE)
			rc = md_db_fail(db, src, "全文検索の索引の確認", err);
		sqlite3_reset(st);
	}
	md_free(want);
	return rc;
}

static const char sql_latest_entries[] =
	"SELECT f.id, f.form, r.data FROM form_records f"
	" JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision"
	" WHERE f.form = ?1 ORDER BY f.id";

/* Index the latest text of every entry of form. */
static enum md_status
index_form(struct md_db *db, const struct md_form *form, struct md_err *err)
{
	/* Its own statement: md_entries_index uses the cache meanwhile. */
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(md_db_sqlite(db), sql_latest_entries, -1,
				     &st, NULL);
	if (src != SQLITE_OK)
		return md_db_fail(db, src, "全文検索の索引の作成", err);
	sqlite3_bind_text(st, 1, form->id, -1, SQLITE_STATIC);
	enum md_status rc = MD_OK;
	struct md_values v;
	md_values_init(&v);
	while (rc == MD_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		md_values_clear(&v);
		rc = md_values_from_json((const char *)sqlite3_column_text(st, 2),
					 &v, err);
		if (rc != MD_OK)
			break;
		char *text = md_entries_text(form, &v);
		rc = text ? md_entries_index(db, sqlite3_column_int64(st, 0), NULL,
					     text, err)
			  : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(text);
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "全文検索の索引の作成", err);
	md_values_fini(&v);
	sqlite3_finalize(st);
	return rc;
}

enum md_status
md_entries_rebuild(struct md_db *db, const struct md_forms *forms,
		   struct md_err *err)
{
	char *sig = fields_signature(forms);
	if (!sig)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		goto out;
	rc = md_db_exec(db,
			"INSERT INTO entries_fts (entries_fts) VALUES ('delete-all')",
			err);
	for (size_t i = 0; rc == MD_OK && i < forms->n; i++)
		if (forms->forms[i].entries)
			rc = index_form(db, &forms->forms[i], err);
	if (rc == MD_OK) {
		sqlite3_stmt *st = md_db_stmt(db, sql_meta_set, err);
		if (!st) {
			rc = err->status;
		} else {
			sqlite3_bind_text(st, 1, sig, -1, SQLITE_STATIC);
			int src = sqlite3_step(st);
			sqlite3_reset(st);
			if (src != SQLITE_DONE)
				rc = md_db_fail(db, src, "全文検索の索引の作成", err);
		}
	}
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
out:
	md_free(sig);
	return rc;
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

/* What was typed, made ready to search. */
struct query {
	char **words;  /* folded, distinct */
	size_t nwords;
	bool check;    /* some word has three characters or more */
	char *match;   /* the FTS5 expression */
};

static void
query_fini(struct query *q)
{
	for (size_t i = 0; i < q->nwords; i++)
		md_free(q->words[i]);
	md_free(q->words);
	md_free(q->match);
}

/* Add the token tok (len bytes, folded: letters and digits only) to the
 * expression, once. */
static void
match_add(struct md_buf *m, const char *tok, size_t len)
{
	char quoted[32];
	if (len + 3 > sizeof quoted)
		return; /* two characters are at most 8 bytes */
	snprintf(quoted, sizeof quoted, "\"%.*s\"", (int)len, tok);
	if (m->len) {
		/* Already there? Tokens hold no quotes, so this is exact. */
		if (strstr(md_buf_str(m), quoted))
			return;
		md_buf_adds(m, " AND ");
	}
	md_buf_adds(m, quoted);
}

/* Split typed into words at spaces (ASCII, tab, newline, ideographic),
 * fold each, and make the expression: a one-character word is its token,
 * a longer one all of its bigrams. */
static enum md_status
query_parse(const char *typed, struct query *q, struct md_err *err)
{
	memset(q, 0, sizeof *q);
	struct md_buf m;
	md_buf_init(&m);
	const char *p = typed;
	enum md_status rc = MD_OK;
	while (*p && rc == MD_OK) {
		size_t n = 0;
		while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' &&
		       strncmp(p + n, "\xE3\x80\x80", 3))
			n++;
		if (n == 0) {
			p += strncmp(p, "\xE3\x80\x80", 3) ? 1 : 3;
			continue;
		}
		char *fold = md_text_search_fold(p, n);
		p += n;
		if (!fold) {
			rc = md_err_set(err, MD_ERR_INVALID,
					"検索する言葉の文字が正しくありません");
			break;
		}
		bool dup = !*fold;
		for (size_t i = 0; !dup && i < q->nwords; i++)
			dup = !strcmp(q->words[i], fold);
		char **words = dup ? NULL
				   : md_realloc(q->words,
						(q->nwords + 1) * sizeof *words);
		if (dup) {
			md_free(fold);
			continue;
		}
		if (!words) {
			md_free(fold);
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		q->words = words;
		q->words[q->nwords++] = fold;
		size_t len = strlen(fold), chars = md_utf8_chars(fold);
		q->check |= chars >= 3;
		uint32_t cp;
		size_t a = md_utf8_decode(fold, len, &cp);
		if (chars == 1)
			match_add(&m, fold, a);
		for (size_t i = 0; chars > 1 && i + a < len;) {
			size_t b = md_utf8_decode(fold + i + a, len - i - a, &cp);
			match_add(&m, fold + i, a + b);
			i += a;
			a = b;
		}
	}
	if (rc == MD_OK && !md_buf_ok(&m))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK && m.len)
		q->match = md_buf_take(&m);
	md_buf_fini(&m);
	if (rc != MD_OK)
		query_fini(q);
	return rc;
}

/*
 * One line of text for the list: from a little before the first word
 * found (folded text compared with folded words, character by character)
 * to at most 80 characters, line breaks as spaces.
 */
static char *
snippet_of(const char *text, const struct query *q)
{
	size_t len = strlen(text), at = 0, best = (size_t)-1;
	struct md_buf f;            /* the folded text */
	size_t *map = NULL, nmap = 0; /* folded byte -> text byte */
	md_buf_init(&f);
	map = md_malloc((len * 3 + 1) * sizeof *map);
	for (size_t i = 0; map && i < len;) {
		uint32_t cp;
		size_t a = md_utf8_decode(text + i, len - i, &cp);
		if (!a)
			break;
		char *one = md_text_search_fold(text + i, a);
		for (size_t k = 0; one && one[k] && nmap < len * 3; k++) {
			map[nmap++] = i;
			md_buf_addc(&f, one[k]);
		}
		md_free(one);
		i += a;
	}
	md_buf_addc(&f, '\0');
	for (size_t w = 0; map && md_buf_ok(&f) && w < q->nwords; w++) {
		const char *hit = strstr(f.data, q->words[w]);
		if (hit && (size_t)(hit - f.data) < nmap &&
		    map[hit - f.data] < best)
			best = map[hit - f.data];
	}
	if (best != (size_t)-1) {
		/* Back to the start of its line, or ten characters. */
		at = best;
		for (int back = 0; at > 0 && back < 10 && text[at - 1] != '\n';) {
			at--;
			if (((unsigned char)text[at] & 0xC0) != 0x80)
				back++;
		}
	}
	md_free(map);
	md_buf_fini(&f);
	size_t n = 0, chars = 0;
	while (text[at + n] && chars < 80) {
		n++;
		if (((unsigned char)text[at + n] & 0xC0) != 0x80)
			chars++;
	}
	char *s = md_strndup(text + at, n);
	for (char *c = s; c && *c; c++)
		if (*c == '\n' || *c == '\t' || *c == '\r')
			*c = ' ';
	return s;
}

static const char sql_candidates[] =
	"SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?1"
	" AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3";
static const char sql_entry[] =
	"SELECT f.case_id, coalesce(f.entry_date, ''), p.name, f.form, r.data"
	" FROM form_records f JOIN cases c ON c.id = f.case_id"
	" JOIN persons p ON p.id = c.person_id"
	" JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision"
	" WHERE f.id = ?1";

/* A growing array of hits. */
struct hits {
	struct md_entry_hit *items;
	size_t n;
};

/* Read entry id; when its text holds every word, add it to hits (which
 * has room for one more). */
static enum md_status
consider(struct md_db *db, const struct md_forms *forms, const struct query *q,
	 long long id, struct hits *hits, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_entry, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		sqlite3_reset(st);
		/* An index row without its entry would be a fault of the index;
		 * it is skipped rather than shown. */
		return src == SQLITE_DONE ? MD_OK
					  : md_db_fail(db, src, "支援経過の検索", err);
	}
	enum md_status rc = MD_OK;
	const struct md_form *form =
		md_forms_find(forms, (const char *)sqlite3_column_text(st, 3));
	struct md_values v;
	md_values_init(&v);
	char *text = NULL, *fold = NULL;
	if (form)
		rc = md_values_from_json((const char *)sqlite3_column_text(st, 4), &v,
					 err);
	if (form && rc == MD_OK) {
		text = md_entries_text(form, &v);
		fold = text ? md_text_search_fold(text, strlen(text)) : NULL;
		if (!fold)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	bool all = fold != NULL;
	for (size_t w = 0; all && q->check && w < q->nwords; w++)
		all = strstr(fold, q->words[w]) != NULL;
	if (rc == MD_OK && all) {
		struct md_entry_hit *h = &hits->items[hits->n];
		h->record_id = id;
		h->case_id = sqlite3_column_int64(st, 0);
		h->entry_date = md_db_column_dup(st, 1);
		h->name = md_db_column_dup(st, 2);
		h->snippet = snippet_of(text, q);
		hits->n++;
		if (!h->entry_date || !h->name || !h->snippet)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	sqlite3_reset(st);
	md_values_fini(&v);
	md_free(text);
	md_free(fold);
	return rc;
}

enum md_status
md_entries_search(struct md_db *db, const struct md_user *actor,
		  const struct md_forms *forms, const char *query,
		  long long before, int limit, struct md_entry_hit **out,
		  size_t *n, long long *resume, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	*resume = 0;
	if (limit < 1 || limit > 1000)
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 一度に読む件数は 1〜1000 件です");
	enum md_status rc = md_auth_require(db, actor, false, "支援経過の検索", err);
	if (rc != MD_OK)
		return rc;
	struct query q;
	rc = query_parse(query ? query : "", &q, err);
	if (rc != MD_OK)
		return rc;
	struct hits hits = {md_calloc((size_t)limit, sizeof *hits.items), 0};
	if (!hits.items) {
		query_fini(&q);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	long long cursor = before > 0 ? before : (long long)(~0ULL >> 1);
	int checked = 0;
	bool exhausted = q.match == NULL;
	/* Candidates in batches, newest first: without a check each is a hit. */
	while (rc == MD_OK && !exhausted && hits.n < (size_t)limit &&
	       checked < MD_ENTRIES_CHECKS) {
		int want = q.check ? 64 : limit - (int)hits.n;
		long long ids[64];
		int got = 0;
		sqlite3_stmt *st = md_db_stmt(db, sql_candidates, err);
		if (!st) {
			rc = err->status;
			break;
		}
		sqlite3_bind_text(st, 1, q.match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, cursor);
		sqlite3_bind_int(st, 3, want);
		/* Read the ids first: an entry's row is read with other
		 * statements, and no statement stays open across them. */
		long long *buf = want <= 64 ? ids : md_malloc((size_t)want * sizeof *buf);
		int src = SQLITE_NOMEM;
		while (buf && (src = sqlite3_step(st)) == SQLITE_ROW)
			buf[got++] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (src != SQLITE_DONE)
			rc = buf ? md_db_fail(db, src, "支援経過の検索", err)
				 : md_err_set(err, MD_ERR_NOMEM, NULL);
		exhausted = got < want;
		for (int i = 0; rc == MD_OK && i < got && hits.n < (size_t)limit; i++) {
			cursor = buf[i];
			rc = consider(db, forms, &q, buf[i], &hits, err);
			if (q.check && ++checked >= MD_ENTRIES_CHECKS && i + 1 < got) {
				exhausted = false; /* more to read next time */
				break;
			}
		}
		if (buf != ids)
			md_free(buf);
	}
	if (rc == MD_OK && hits.n && hits.n == (size_t)limit)
		*resume = hits.items[hits.n - 1].record_id;
	else if (rc == MD_OK && !exhausted)
		*resume = cursor;
	if (rc == MD_OK && q.match) {
		rc = md_db_begin(db, err);
		if (rc == MD_OK) {
			rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, 0, 0,
					  "支援経過の検索", err);
			if (rc == MD_OK)
				rc = md_db_commit(db, err);
			else
				md_db_rollback(db);
		}
	}
	query_fini(&q);
	if (rc != MD_OK) {
		md_entry_hits_free(hits.items, hits.n);
		*resume = 0;
		return rc;
	}
	*out = hits.items;
	*n = hits.n;
	return MD_OK;
}
