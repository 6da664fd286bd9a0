/* Full-text search in progress entries: two FTS5 indexes of the folded
 * text, one of each pair of neighbouring characters with their positions
 * and one of each character, so that words of any length are found (FTS5's
 * trigram tokenizer misses one- and two-character Japanese words); their
 * upkeep, and newest-first queries. */
#include "madoguchi/entries.h"

#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/*
 * The tokenizers. The text is folded (md_text_search_fold: NFKC, case,
 * kana, variant kanji; punctuation and spaces dropped); md_pairs makes a
 * token of each pair of neighbouring characters, md_chars of each
 * character. In entries_pairs (with positions) a word of two or more
 * characters is the phrase of its pairs: exact, and answered by the rarest
 * pair. In entries_chars (without positions, a fifth of the text's size) a
 * one-character word is its token. A query string is folded and tokenized
 * the same way.
 */
struct tokenizer {
	bool pairs;
};

static const struct tokenizer pairs_kind = {true}, chars_kind = {false};

static int
tokenizer_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
	(void)args;
	(void)nargs;
	*out = (Fts5Tokenizer *)ctx;
	return SQLITE_OK;
}

static void
tokenizer_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int
tokenizer_run(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
	      int ntext, int (*token)(void *, int, const char *, int, int, int))
{
	(void)flags;
	bool pairs = ((const struct tokenizer *)t)->pairs;
	if (ntext <= 0)
		return SQLITE_OK;
	char *fold = md_text_search_fold(text, (size_t)ntext);
	if (!fold)
		return SQLITE_OK; /* not UTF-8: nothing to index */
	size_t len = strlen(fold), i = 0;
	int rc = SQLITE_OK;
	while (i < len && rc == SQLITE_OK) {
		uint32_t cp;
		size_t a = md_utf8_decode(fold + i, len - i, &cp);
		if (a == 0)
			break;
		size_t b = pairs && i + a < len
				   ? md_utf8_decode(fold + i + a, len - i - a,
						    &cp)
				   : 0;
		if (!pairs || b)
			rc = token(ctx, 0, fold + i, (int)(a + b), 0, ntext);
		i += a;
	}
	md_free(fold);
	return rc;
}

static fts5_tokenizer tokenizer_ops = {tokenizer_create, tokenizer_delete,
				       tokenizer_run};

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
	rc = api->xCreateTokenizer(api, "md_pairs", (void *)&pairs_kind,
				   &tokenizer_ops, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateTokenizer(api, "md_chars", (void *)&chars_kind,
					   &tokenizer_ops, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(h, "md_search_fold", 1,
					     SQLITE_UTF8 |
						     SQLITE_DETERMINISTIC |
						     SQLITE_INNOCUOUS,
					     NULL, fold_function, NULL, NULL);
	if (rc != SQLITE_OK)
		return md_err_set(err, MD_ERR_DB,
				  "全文検索の準備に失敗しました(%s)",
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

enum md_status
md_entries_index(struct md_db *db, long long record_id, const char *old_text,
		 const char *new_text, struct md_err *err)
{
	if (old_text && new_text && !strcmp(old_text, new_text))
		return MD_OK;
	enum md_status rc = MD_OK;
	if (old_text && *old_text)
		rc = md_store_entries_remove(db, record_id, old_text, err);
	if (rc == MD_OK && new_text && *new_text)
		rc = md_store_entries_add(db, record_id, new_text, err);
	return rc;
}

enum md_status
md_entries_appointment(struct md_db *db, const struct md_form *form,
		       long long record_id, const struct md_values *values,
		       struct md_err *err)
{
	if (!form->appointment_field)
		return MD_OK;
	const char *on = md_values_get(values, form->appointment_field);
	struct md_date d;
	/* Stored dates are ISO; anything else is no appointment. */
	if (!on || md_date_from_iso(on, &d, NULL) != MD_OK)
		on = NULL;
	return md_store_record_set_appointment(db, record_id, on, err);
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
			*synced = !strcmp((const char *)sqlite3_column_text(st,
									    0),
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
		rc = md_values_from_json((const char *)sqlite3_column_text(st,
									   2),
					 &v, err);
		if (rc != MD_OK)
			break;
		char *text = md_entries_text(form, &v);
		rc = text ? md_entries_index(db, sqlite3_column_int64(st, 0),
					     NULL, text, err)
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
	rc = md_store_entries_clear(db, err);
	for (size_t i = 0; rc == MD_OK && i < forms->n; i++)
		if (forms->forms[i].entries)
			rc = index_form(db, &forms->forms[i], err);
	if (rc == MD_OK)
		rc = md_store_meta_set(db, "entries_fields", sig, err);
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
	char **words; /* folded, distinct */
	char **typed; /* each as typed, for finding it in the text quickly */
	size_t nwords;
	/* The FTS5 expressions: the words of two characters or more for
	 * entries_pairs, those of one for entries_chars; NULL when none. */
	char *pairs, *chars;
};

static void
query_fini(struct query *q)
{
	for (size_t i = 0; i < q->nwords; i++) {
		md_free(q->words[i]);
		md_free(q->typed[i]);
	}
	md_free(q->words);
	md_free(q->typed);
	md_free(q->pairs);
	md_free(q->chars);
}

/* Add a word (folded: letters and digits only, so it needs no quoting)
 * to an expression: "w1" AND "w2". */
static void
expr_add(struct md_buf *m, const char *word)
{
	if (m->len)
		md_buf_adds(m, " AND ");
	md_buf_addf(m, "\"%s\"", word);
}

/* Split typed into words at spaces (ASCII, tab, newline, ideographic),
 * fold each, and make the two expressions. */
static enum md_status
query_parse(const char *typed, struct query *q, struct md_err *err)
{
	memset(q, 0, sizeof *q);
	struct md_buf pairs, chars;
	md_buf_init(&pairs);
	md_buf_init(&chars);
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
		if (dup) {
			md_free(fold);
			continue;
		}
		char **words = md_realloc(q->words,
					  (q->nwords + 1) * sizeof *words);
		if (words)
			q->words = words;
		char **raws = words ? md_realloc(q->typed,
						 (q->nwords + 1) * sizeof *raws)
				    : NULL;
		if (raws)
			q->typed = raws;
		char *raw = raws ? md_strndup(p - n, n) : NULL;
		if (!raw) {
			md_free(fold);
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		q->words[q->nwords] = fold;
		q->typed[q->nwords++] = raw;
		expr_add(md_utf8_chars(fold) == 1 ? &chars : &pairs, fold);
	}
	if (rc == MD_OK && (!md_buf_ok(&pairs) || !md_buf_ok(&chars)))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK && pairs.len)
		q->pairs = md_buf_take(&pairs);
	if (rc == MD_OK && chars.len)
		q->chars = md_buf_take(&chars);
	md_buf_fini(&pairs);
	md_buf_fini(&chars);
	if (rc != MD_OK)
		query_fini(q);
	return rc;
}

/* Where a snippet may start without cutting a word: at the start, after a
 * space, a line break or a mark no line starts with (、。！？」 …). */
static bool
snippet_boundary(const char *text, size_t at)
{
	if (at == 0)
		return true;
	size_t i = at - 1;
	while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
		i--;
	uint32_t cp;
	if (md_utf8_decode(text + i, at - i, &cp) == 0)
		return false;
	return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' ||
	       cp == 0x3000 || md_display_no_line_start(cp);
}

/*
 * One line of text for the list: from a little before the first word
 * found (folded text compared with folded words, character by character)
 * to at most 80 characters, line breaks as spaces. It starts where a word
 * or a sentence does (a line, after 、。 or a space, up to ten characters
 * back); when it can only start inside one, and when it stops before the
 * text's end, 「…」 says so.
 */
static char *
snippet_of(const char *text, const struct query *q)
{
	size_t len = strlen(text), at = 0, best = (size_t)-1;
	/* Most often a word is in the text as it was typed. */
	for (size_t w = 0; w < q->nwords; w++) {
		const char *hit = strstr(text, q->typed[w]);
		if (hit && (size_t)(hit - text) < best)
			best = (size_t)(hit - text);
	}
	struct md_buf f;              /* else the folded text, */
	size_t *map = NULL, nmap = 0; /* folded byte -> text byte */
	md_buf_init(&f);
	if (best == (size_t)-1)
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
		/* From the first place within ten characters before the word
		 * where a word or a sentence starts; else ten characters
		 * back. */
		size_t far = best;
		for (int back = 0; far > 0 && back < 10;) {
			far--;
			if (((unsigned char)text[far] & 0xC0) != 0x80)
				back++;
		}
		at = far;
		while (at < best && !snippet_boundary(text, at)) {
			at++;
			while (at < best &&
			       ((unsigned char)text[at] & 0xC0) == 0x80)
				at++;
		}
		if (!snippet_boundary(text, at))
			at = far;
	}
	md_free(map);
	md_buf_fini(&f);
	size_t n = 0, chars = 0;
	while (text[at + n] && chars < 80) {
		n++;
		if (((unsigned char)text[at + n] & 0xC0) != 0x80)
			chars++;
	}
	bool head = !snippet_boundary(text, at), tail = text[at + n] != '\0';
	char *s = md_asprintf("%s%.*s%s", head ? MD_DISPLAY_ELLIPSIS : "",
			      (int)n, text + at,
			      tail ? MD_DISPLAY_ELLIPSIS : "");
	for (char *c = s; c && *c; c++)
		if (*c == '\n' || *c == '\t' || *c == '\r')
			*c = ' ';
	return s;
}

/* Entries of one index matching ?1, newest first, before ?2; and whether
 * entry ?2 matches ?1. By enum which. */
enum which {
	PAIRS,
	CHARS
};

static const char *const sql_candidates[] = {
	[PAIRS] = "SELECT rowid FROM entries_pairs WHERE entries_pairs MATCH ?1"
		  " AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3",
	[CHARS] = "SELECT rowid FROM entries_chars WHERE entries_chars MATCH ?1"
		  " AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3",
};
static const char *const sql_probe[] = {
	[PAIRS] = "SELECT 1 FROM entries_pairs WHERE entries_pairs MATCH ?1"
		  " AND rowid = ?2",
	[CHARS] = "SELECT 1 FROM entries_chars WHERE entries_chars MATCH ?1"
		  " AND rowid = ?2",
};

static const char sql_entry[] =
	"SELECT f.case_id, coalesce(f.entry_date, ''), p.name, f.form, r.data,"
	" c.person_id"
	" FROM form_records f JOIN cases c ON c.id = f.case_id"
	" JOIN persons p ON p.id = c.person_id"
	" JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision"
	" WHERE f.id = ?1";

/* A growing array of hits. */
struct hits {
	struct md_entry_hit *items;
	size_t n;
};

/* Add entry id to hits (which has room for one more). */
static enum md_status
hit_add(struct md_db *db, const struct md_forms *forms, const struct query *q,
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
		return src == SQLITE_DONE
			       ? MD_OK
			       : md_db_fail(db, src, "支援経過の検索", err);
	}
	enum md_status rc = MD_OK;
	const struct md_form *form =
		md_forms_find(forms, (const char *)sqlite3_column_text(st, 3));
	struct md_values v;
	md_values_init(&v);
	char *text = NULL;
	if (form)
		rc = md_values_from_json((const char *)sqlite3_column_text(st,
									   4),
					 &v, err);
	if (form && rc == MD_OK && !(text = md_entries_text(form, &v)))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK) {
		struct md_entry_hit *h = &hits->items[hits->n++];
		h->record_id = id;
		h->case_id = sqlite3_column_int64(st, 0);
		h->person_id = sqlite3_column_int64(st, 5);
		h->entry_date = md_db_column_dup(st, 1);
		h->name = md_db_column_dup(st, 2);
		h->snippet = snippet_of(text ? text : "", q);
		if (!h->entry_date || !h->name || !h->snippet)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	sqlite3_reset(st);
	md_values_fini(&v);
	md_free(text);
	return rc;
}

/* Up to want ids of index w matching expr, newest first, before cursor,
 * into ids; *got says how many. */
static enum md_status
candidates(struct md_db *db, enum which w, const char *expr, long long cursor,
	   int want, long long *ids, int *got, struct md_err *err)
{
	*got = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql_candidates[w], err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, want);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW)
		ids[(*got)++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "支援経過の検索", err);
}

/* Whether entry id matches expr in index w. */
static enum md_status
probe(struct md_db *db, enum which w, const char *expr, long long id,
      bool *match, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_probe[w], err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	int src = sqlite3_step(st);
	*match = src == SQLITE_ROW;
	sqlite3_reset(st);
	return src == SQLITE_ROW || src == SQLITE_DONE
		       ? MD_OK
		       : md_db_fail(db, src, "支援経過の検索", err);
}

/*
 * Which index leads when the words are of both kinds: the one-character
 * words when they are rare (fewer than 1000 entries hold them all), since
 * each of its entries is then probed in the other index; else the longer
 * words, usually the rarer.
 */
static enum md_status
choose_lead(struct md_db *db, const struct query *q, enum which *lead,
	    struct md_err *err)
{
	enum {
		FEW = 1000
	};
	long long *ids = md_malloc(FEW * sizeof *ids);
	int got = 0;
	if (!ids)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = candidates(db, CHARS, q->chars,
				       (long long)(~0ULL >> 1), FEW, ids, &got,
				       err);
	md_free(ids);
	*lead = got < FEW ? CHARS : PAIRS;
	return rc;
}

/* The view of the cases whose excerpts hits holds, before they are shown. */
static enum md_status
audit_hits(struct md_db *db, const struct md_user *actor,
	   const struct hits *hits, struct md_err *err)
{
	if (!hits->n)
		return MD_OK;
	struct md_audit_case *cases = md_calloc(hits->n, sizeof *cases);
	if (!cases)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < hits->n; i++) {
		cases[i].case_id = hits->items[i].case_id;
		cases[i].person_id = hits->items[i].person_id;
	}
	enum md_status rc = md_audit_cases_shown(db, actor->id, cases, hits->n,
						 "支援経過の検索", err);
	md_free(cases);
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
	enum md_status rc = md_auth_require(db, actor, false, "支援経過の検索",
					    err);
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
	int probed = 0;
	bool exhausted = !q.pairs && !q.chars;
	/* One index leads, newest first; with words of both kinds, each of its
	 * entries is probed in the other. */
	enum which lead = q.pairs ? PAIRS : CHARS;
	if (rc == MD_OK && q.pairs && q.chars)
		rc = choose_lead(db, &q, &lead, err);
	const char *lead_expr = lead == PAIRS ? q.pairs : q.chars;
	const char *other = lead == PAIRS ? q.chars : q.pairs;
	while (rc == MD_OK && !exhausted && hits.n < (size_t)limit &&
	       probed < MD_ENTRIES_CHECKS) {
		long long ids[64];
		int want = other ? 64 : limit - (int)hits.n, got;
		if (want > 64)
			want = 64;
		rc = candidates(db, lead, lead_expr, cursor, want, ids, &got,
				err);
		exhausted = got < want;
		for (int i = 0;
		     rc == MD_OK && i < got && hits.n < (size_t)limit; i++) {
			cursor = ids[i];
			bool match = true;
			if (other) {
				rc = probe(db, lead == PAIRS ? CHARS : PAIRS,
					   other, ids[i], &match, err);
				if (++probed >= MD_ENTRIES_CHECKS &&
				    i + 1 < got)
					exhausted = false; /* more next time */
			}
			if (rc == MD_OK && match)
				rc = hit_add(db, forms, &q, ids[i], &hits, err);
			if (probed >= MD_ENTRIES_CHECKS)
				break;
		}
	}
	if (rc == MD_OK && hits.n && hits.n == (size_t)limit)
		*resume = hits.items[hits.n - 1].record_id;
	else if (rc == MD_OK && !exhausted)
		*resume = cursor;
	if (rc == MD_OK)
		rc = audit_hits(db, actor, &hits, err);
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
