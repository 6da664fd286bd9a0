/* The case list's search: case numbers, names and kana, filters, sorts,
 * keyset pages. Words of progress entries are entries.c's. */
#include "madoguchi/search.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"
#include "madoguchi/values.h"
#include "madoguchi/wareki.h"

/* The most rows one page may ask for. */
#define PAGE_MAX 1000

void
md_case_rows_free(struct md_case_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++) {
		struct md_case_row *r = &rows[i];
		md_free(r->name);
		md_free(r->kana);
		md_free(r->sex);
		md_free(r->birth_date);
		md_free(r->stage);
		md_free(r->staff_name);
		md_free(r->opened_on);
		md_free(r->next_eval_on);
		md_free(r->follow_up_on);
		md_free(r->key);
	}
	md_free(rows);
}

/*
 * The day a case is next due: the earlier of its evaluation and follow-up
 * dates, '~' (after every date) when it has neither. Written exactly as the
 * index cases_due of migration 2, so that the index serves MD_SORT_DUE.
 * due_key() computes the same from a row.
 */
#define DUE_KEY                                                                \
	"coalesce(min(c.next_eval_on, c.follow_up_on), c.next_eval_on,"        \
	" c.follow_up_on, '~')"

/*
 * The columns of a row, read by row_fill(). ?7 is today. An open case is
 * overdue when a date is before today (the rule of md_case_filter.overdue).
 */
#define ROW_COLUMNS                                                            \
	"c.id, c.person_id, p.name, p.kana, p.sex,"                            \
	" coalesce(p.birth_date, ''), c.stage, c.status = 'closed',"           \
	" coalesce(u.display_name, ''), c.opened_on,"                          \
	" coalesce(c.next_eval_on, ''), coalesce(c.follow_up_on, ''),"         \
	" c.status = 'open' AND " DUE_KEY " < ?7"
#define ROW_JOINS                                                              \
	" JOIN persons p ON p.id = c.person_id"                                \
	" LEFT JOIN users u ON u.id = c.staff_id"

/*
 * The filters, with parameters that switch each off: ?3 closed cases too,
 * ?4 the stage (NULL: any), ?5 the staff (0: any), ?6 overdue only, ?13
 * the office (0: any), ?14 the household (0: any).
 */
#define FILTERS                                                                \
	" AND (?3 OR c.status = 'open')"                                       \
	" AND (?4 IS NULL OR c.stage = ?4)"                                    \
	" AND (?5 = 0 OR c.staff_id = ?5)"                                     \
	" AND (NOT ?6 OR (c.status = 'open' AND " DUE_KEY " < ?7))"            \
	" AND (?13 = 0 OR c.office_id = ?13)"                                  \
	" AND (?14 = 0 OR p.household_id = ?14)"

/*
 * The whole list (no text): one statement per sort and direction, each
 * walking the index of its sort key from the page's start, (?1, ?2) being
 * the sort key and case number of the previous page's last row. The
 * explicit `key >= ?1` lets SQLite seek on the index (a row value alone
 * only orders by it); ?8 is the page size.
 */
#define ALL_FROM " FROM cases c" ROW_JOINS " WHERE "
#define ALL_SQL(where, order)                                                  \
	"SELECT " ROW_COLUMNS ALL_FROM where FILTERS " ORDER BY " order        \
	" LIMIT ?8"

static const char sql_all_id_asc[] = ALL_SQL("c.id > ?2", "c.id");
static const char sql_all_id_desc[] = ALL_SQL("c.id < ?2", "c.id DESC");
/* Persons in kana order, then their cases: SQLite sorts only the cases of
 * persons with the same key ("RIGHT PART OF ORDER BY"). */
static const char sql_all_kana_asc[] =
	ALL_SQL("p.kana_key >= ?1 AND (p.kana_key, c.id) > (?1, ?2)",
		"p.kana_key, c.id");
static const char sql_all_kana_desc[] =
	ALL_SQL("p.kana_key <= ?1 AND (p.kana_key, c.id) < (?1, ?2)",
		"p.kana_key DESC, c.id DESC");
static const char sql_all_opened_asc[] =
	ALL_SQL("c.opened_on >= ?1 AND (c.opened_on, c.id) > (?1, ?2)",
		"c.opened_on, c.id");
static const char sql_all_opened_desc[] =
	ALL_SQL("c.opened_on <= ?1 AND (c.opened_on, c.id) < (?1, ?2)",
		"c.opened_on DESC, c.id DESC");
static const char sql_all_due_asc[] = ALL_SQL(DUE_KEY " >= ?1 AND (" DUE_KEY
						      ", c.id) > (?1, ?2)",
					      DUE_KEY ", c.id");
static const char sql_all_due_desc[] = ALL_SQL(DUE_KEY " <= ?1 AND (" DUE_KEY
						       ", c.id) < (?1, ?2)",
					       DUE_KEY " DESC, c.id DESC");

/* One member of staff's cases in 受付日 order (the home screen's recent
 * cases, 担当のみ): through cases_staff_opened (migration 5), which the
 * generic statements cannot use ((?5 = 0 OR …) hides the column). */
#define STAFF_OPENED_SQL(op, cmp, dir)                                         \
	"SELECT " ROW_COLUMNS " FROM cases c" ROW_JOINS                        \
	" WHERE c.staff_id = ?5 AND c.opened_on " op " ?1"                     \
	" AND (c.opened_on, c.id) " cmp " (?1, ?2)" FILTERS                    \
	" ORDER BY c.opened_on " dir ", c.id " dir " LIMIT ?8"

static const char sql_staff_opened_asc[] = STAFF_OPENED_SQL(">=", ">", "ASC");
static const char sql_staff_opened_desc[] = STAFF_OPENED_SQL("<=", "<", "DESC");

/* By enum md_case_sort, then ascending / descending. */
static const char *const sql_all[][2] = {
	[MD_SORT_ID] = {sql_all_id_asc, sql_all_id_desc},
	[MD_SORT_KANA] = {sql_all_kana_asc, sql_all_kana_desc},
	[MD_SORT_OPENED] = {sql_all_opened_asc, sql_all_opened_desc},
	[MD_SORT_DUE] = {sql_all_due_asc, sql_all_due_desc},
};

/*
 * A search by name or kana, in the order of the key that matched (the
 * あいうえお order of the part of 氏名 or ふりがな typed), then person, then
 * case number: person_keys walked from ?11 up to ?12 (migration 2) in the
 * order of its primary key, so a page reads about as many keys as it
 * shows (ordering a key's cases by number alone would gather all the
 * cases of, say, every 佐藤 first). A person with several keys in the range
 * (たなか and たなかはなこ) is shown once, at the first. (?1, ?9, ?2): the
 * previous page's last key, person and case number; the key is column 13.
 */
#define KEY_SQL(op, cmp, dir)                                                  \
	"SELECT " ROW_COLUMNS ", k.key FROM person_keys k"                     \
	" JOIN cases c ON c.person_id = k.person_id" ROW_JOINS                 \
	" WHERE k.key " op " ?1 AND (k.key, k.person_id, c.id) " cmp           \
	" (?1, ?9, ?2) AND k.key >= ?11 AND k.key < ?12"                       \
	" AND NOT EXISTS (SELECT 1 FROM person_keys k2"                        \
	"  WHERE k2.person_id = k.person_id AND k2.key >= ?11"                 \
	"  AND k2.key < k.key)" FILTERS " ORDER BY k.key " dir                 \
	", k.person_id " dir ", c.id " dir " LIMIT ?8"

static const char sql_keys_asc[] = KEY_SQL(">=", ">", "ASC");
static const char sql_keys_desc[] = KEY_SQL("<=", "<", "DESC");

/*
 * A search by case number, in number order: one range of the primary key
 * [?10, ?11] at a time (12 is 12, 120..129, 1200..1299, …; number_search),
 * after the previous page's last number ?2.
 */
#define NUMBER_SQL(cmp, dir)                                                   \
	"SELECT " ROW_COLUMNS " FROM cases c" ROW_JOINS                        \
	" WHERE c.id BETWEEN ?10 AND ?11 AND c.id " cmp " ?2" FILTERS          \
	" ORDER BY c.id " dir " LIMIT ?8"

static const char sql_number_asc[] = NUMBER_SQL(">", "ASC");
static const char sql_number_desc[] = NUMBER_SQL("<", "DESC");

/* Fill r from a row of ROW_COLUMNS and the matched key after them, if any;
 * false when out of memory. */
static bool
row_fill(sqlite3_stmt *st, struct md_case_row *r)
{
	memset(r, 0, sizeof *r);
	r->case_id = sqlite3_column_int64(st, 0);
	r->person_id = sqlite3_column_int64(st, 1);
	r->closed = sqlite3_column_int(st, 7) != 0;
	r->overdue = sqlite3_column_int(st, 12) != 0;
	char **cols[] = {NULL,
			 &r->name,
			 &r->kana,
			 &r->sex,
			 &r->birth_date,
			 &r->stage,
			 NULL,
			 &r->staff_name,
			 &r->opened_on,
			 &r->next_eval_on,
			 &r->follow_up_on};
	bool ok = true;
	for (int i = 0; i < (int)(sizeof cols / sizeof cols[0]); i++) {
		if (!cols[i])
			continue;
		*cols[i] = md_db_column_dup(st, 1 + i);
		ok &= *cols[i] != NULL;
	}
	r->key = sqlite3_column_count(st) > 13 ? md_db_column_dup(st, 13)
					       : md_strdup("");
	return ok && r->key;
}

/* A growing array of rows. */
struct rows {
	struct md_case_row *items;
	size_t n, cap;
};

/* Read every row of st into out; the statement is reset. */
static enum md_status
rows_read(struct md_db *db, sqlite3_stmt *st, struct rows *out,
	  struct md_err *err)
{
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 16;
			struct md_case_row *p = md_realloc(out->items,
							   cap * sizeof *p);
			if (!p) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			out->items = p;
			out->cap = cap;
		}
		/* Counted even when half filled, so that it is freed. */
		if (!row_fill(st, &out->items[out->n++])) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "支援ケースの検索", err);
	sqlite3_reset(st);
	return rc;
}

/* Append the UTF-8 encoding of cp to b. */
static void
utf8_add(struct md_buf *b, uint32_t cp)
{
	char e[4];
	size_t n;
	if (cp < 0x80) {
		e[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		e[0] = (char)(0xC0 | (cp >> 6));
		e[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		e[0] = (char)(0xE0 | (cp >> 12));
		e[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		e[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		e[0] = (char)(0xF0 | (cp >> 18));
		e[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		e[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		e[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	md_buf_add(b, e, n);
}

/*
 * The first key after every key that starts with key (a non-empty, valid
 * UTF-8 search key): key with its last character incremented, so that
 * [key, *upper) is a range on an index. U+10FFFF has no next character: the
 * increment carries to the character before it. *upper is NULL when there
 * is no such text (key is only U+10FFFF): then no upper bound is needed.
 */
static enum md_status
prefix_upper(const char *key, char **upper, struct md_err *err)
{
	size_t len = strlen(key), last = len;
	uint32_t cp;
	*upper = NULL;
	do {
		if (last == 0)
			return MD_OK;
		len = last;
		while (last > 0 && ((unsigned char)key[--last] & 0xC0) == 0x80)
			;
		if (md_utf8_decode(key + last, len - last, &cp) == 0)
			return md_err_set(err, MD_ERR_INVALID, NULL);
	} while (cp == 0x10FFFF);
	cp = cp == 0xD7FF ? 0xE000 : cp + 1; /* surrogates are not text */
	struct md_buf b;
	md_buf_init(&b);
	md_buf_add(&b, key, last);
	utf8_add(&b, cp);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	*upper = md_buf_take(&b);
	return MD_OK;
}

/* What the text of a filter asks for. */
enum query_kind {
	QUERY_ALL,    /* no text: every case */
	QUERY_NUMBER, /* digits: case numbers starting with them */
	QUERY_TEXT    /* names and kana */
};

struct query {
	enum query_kind kind;
	long long number; /* QUERY_NUMBER; 0 when no case can match */
	char *lo, *hi; /* QUERY_TEXT: the key and its upper bound (or NULL) */
};

static void
query_fini(struct query *q)
{
	md_free(q->lo);
	md_free(q->hi);
	memset(q, 0, sizeof *q);
}

/* Digits after NFKC ("12", "１２", "#12") as a case number prefix. */
static bool
query_number(const char *text, long long *number)
{
	char *f = md_text_ascii_fold(text);
	if (!f)
		return false;
	md_text_trim(f);
	const char *p = f + (*f == '#');
	size_t n = strspn(p, "0123456789");
	bool digits = n > 0 && !p[n];
	*number = 0;
	/* No case number starts with 0 or has more than 18 digits. */
	if (digits && *p != '0' && n <= 18)
		*number = strtoll(p, NULL, 10);
	md_free(f);
	return digits;
}

/* Read the filter's text into q. */
static enum md_status
query_parse(const char *text, struct query *q, struct md_err *err)
{
	memset(q, 0, sizeof *q);
	if (!text || !*text)
		return MD_OK;
	if (!md_utf8_valid(text, strlen(text)))
		return md_err_set(err, MD_ERR_INVALID,
				  "検索する文字に、文字として読めないデータが含まれています");
	if (query_number(text, &q->number)) {
		q->kind = QUERY_NUMBER;
		return MD_OK;
	}
	q->lo = md_text_search_key(text);
	if (!q->lo)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	if (!*q->lo) {
		query_fini(q); /* only spaces: every case */
		return MD_OK;
	}
	q->kind = QUERY_TEXT;
	return prefix_upper(q->lo, &q->hi, err);
}

/* due_key's text for a row: the earlier of its dates, else "~". */
static const char *
due_key(const struct md_case_row *r)
{
	const char *a = r->next_eval_on, *b = r->follow_up_on;
	if (*a && *b)
		return strcmp(a, b) <= 0 ? a : b;
	return *a ? a : *b ? b : "~";
}

/*
 * Bind ?1 and ?2, where the page starts: after the sort key and case number
 * of `after`, or before every row. The key of a sort by kana is computed into
 * *tmp (md_free).
 */
static enum md_status
bind_start(sqlite3_stmt *st, const struct md_case_filter *f,
	   const struct md_case_row *after, char **tmp, struct md_err *err)
{
	*tmp = NULL;
	if (!after) {
		/* Before the first row: 0 and "" are below every case number
		 * and key, LLONG_MAX and a blob (which SQLite orders after
		 * all text) above them. */
		if (f->sort == MD_SORT_ID)
			sqlite3_bind_int64(st, 1,
					   f->descending ? LLONG_MAX : 0);
		else if (f->descending)
			sqlite3_bind_zeroblob(st, 1, 0);
		else
			sqlite3_bind_text(st, 1, "", 0, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, f->descending ? LLONG_MAX : 0);
		return MD_OK;
	}
	const char *key = NULL;
	switch (f->sort) {
	case MD_SORT_ID:
		sqlite3_bind_int64(st, 1, after->case_id);
		break;
	case MD_SORT_KANA:
		*tmp = md_text_search_key(after->kana ? after->kana : "");
		if (!*tmp)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		key = *tmp;
		break;
	case MD_SORT_OPENED:
		key = after->opened_on ? after->opened_on : "";
		break;
	case MD_SORT_DUE:
		key = due_key(after);
		break;
	}
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after->case_id);
	return MD_OK;
}

/*
 * Bind ?1, ?9 and ?2 of a search by name or kana: the previous page's last
 * key, person and case number; for the first page, the start (end) of the
 * range itself, since SQLite takes the row value as the index's bound and
 * "" would walk every key below the range.
 */
static void
bind_key_start(sqlite3_stmt *st, const struct md_case_filter *f,
	       const struct query *q, const struct md_case_row *after)
{
	if (after) {
		sqlite3_bind_text(st, 1, after->key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, after->person_id);
		sqlite3_bind_int64(st, 2, after->case_id);
		return;
	}
	if (!f->descending)
		sqlite3_bind_text(st, 1, q->lo, -1, SQLITE_STATIC);
	else if (q->hi)
		sqlite3_bind_text(st, 1, q->hi, -1, SQLITE_STATIC);
	else /* no text is above the range: a blob is */
		sqlite3_bind_zeroblob(st, 1, 0);
	sqlite3_bind_int64(st, 9, f->descending ? LLONG_MAX : 0);
	sqlite3_bind_int64(st, 2, f->descending ? LLONG_MAX : 0);
}

/* Bind the filters (?3 to ?7, ?13, ?14) and the page size ?8 of a list
 * statement. */
static void
bind_filters(sqlite3_stmt *st, const struct md_case_filter *f,
	     const char *today, int limit)
{
	sqlite3_bind_int(st, 3, f->include_closed);
	if (f->stage)
		sqlite3_bind_text(st, 4, f->stage, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, f->staff_id);
	sqlite3_bind_int(st, 6, f->overdue);
	sqlite3_bind_text(st, 7, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, limit);
	sqlite3_bind_int64(st, 13, f->office_id);
	sqlite3_bind_int64(st, 14, f->household_id);
}

/*
 * The cases whose number starts with the digits of number (0: none), in
 * number order after `after`: number itself, then number*10..number*10+9,
 * and so on up to the highest case number, each a range of the primary
 * key read only while the page is not full.
 */
static enum md_status
number_search(struct md_db *db, const struct md_case_filter *f,
	      long long number, const struct md_case_row *after, int limit,
	      const char *today, struct rows *out, struct md_err *err)
{
	if (number <= 0)
		return MD_OK;
	sqlite3_stmt *st = md_db_stmt(db, "SELECT max(id) FROM cases", err);
	if (!st)
		return err->status;
	long long max = sqlite3_step(st) == SQLITE_ROW
				? sqlite3_column_int64(st, 0)
				: 0;
	sqlite3_reset(st);
	long long lo[19], hi[19];
	int n = 0;
	for (long long l = number, h = number; n < 19 && l <= max; n++) {
		lo[n] = l;
		hi[n] = h;
		if (l > (LLONG_MAX - 9) / 10)
			break;
		l *= 10;
		h = h * 10 + 9;
	}
	st = md_db_stmt(db, f->descending ? sql_number_desc : sql_number_asc,
			err);
	if (!st)
		return err->status;
	enum md_status rc = MD_OK;
	for (int i = 0; i < n && rc == MD_OK && out->n < (size_t)limit; i++) {
		int r = f->descending ? n - 1 - i : i;
		sqlite3_bind_int64(st, 10, lo[r]);
		sqlite3_bind_int64(st, 11, hi[r]);
		sqlite3_bind_int64(st, 2,
				   after           ? after->case_id
				   : f->descending ? LLONG_MAX
						   : 0);
		bind_filters(st, f, today, limit - (int)out->n);
		rc = rows_read(db, st, out, err);
	}
	return rc;
}

/* Check the arguments of md_case_search. */
static enum md_status
search_check(const struct md_case_filter *f, const struct md_case_row *after,
	     int limit, struct md_err *err)
{
	if (!f || (unsigned)f->sort > MD_SORT_DUE)
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 検索の条件が正しくありません");
	if (limit < 1 || limit > PAGE_MAX)
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 一度に読む件数は 1〜%d 件です",
				  PAGE_MAX);
	if (after &&
	    (!after->next_eval_on || !after->follow_up_on || !after->key))
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 前のページの最後の行が正しくありません");
	return MD_OK;
}

/* Append the audit row of a search (never what was searched for). */
static enum md_status
search_audit(struct md_db *db, const struct md_user *actor, const char *what,
	     struct md_err *err)
{
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, 0, 0, what, err);
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

enum md_status
md_case_search(struct md_db *db, const struct md_user *actor,
	       const struct md_case_filter *f, const struct md_case_row *after,
	       int limit, struct md_case_row **rows, size_t *n,
	       struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	*rows = NULL;
	*n = 0;
	enum md_status rc = search_check(f, after, limit, err);
	if (rc != MD_OK)
		return rc;
	rc = md_auth_require(db, actor, false, "支援ケースの検索", err);
	if (rc != MD_OK)
		return rc;
	struct query q;
	struct rows out = {0};
	char *tmp = NULL;
	rc = query_parse(f->text, &q, err);
	if (rc != MD_OK)
		goto out;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	if (q.kind == QUERY_NUMBER) {
		rc = number_search(db, f, q.number, after, limit, today, &out,
				   err);
	} else {
		const char *sql = q.kind == QUERY_TEXT
					  ? (f->descending ? sql_keys_desc
							   : sql_keys_asc)
					  : sql_all[f->sort][f->descending];
		if (q.kind == QUERY_ALL && f->staff_id &&
		    f->sort == MD_SORT_OPENED)
			sql = f->descending ? sql_staff_opened_desc
					    : sql_staff_opened_asc;
		sqlite3_stmt *st = md_db_stmt(db, sql, err);
		if (!st) {
			rc = err->status;
			goto out;
		}
		if (q.kind == QUERY_TEXT) {
			bind_key_start(st, f, &q, after);
			sqlite3_bind_text(st, 11, q.lo, -1, SQLITE_STATIC);
			if (q.hi)
				sqlite3_bind_text(st, 12, q.hi, -1,
						  SQLITE_STATIC);
			else /* no text is above it: a blob is */
				sqlite3_bind_zeroblob(st, 12, 0);
		} else if ((rc = bind_start(st, f, after, &tmp, err)) !=
			   MD_OK) {
			goto out;
		}
		bind_filters(st, f, today, limit);
		rc = rows_read(db, st, &out, err);
	}
	/* Audited after reading, in a short write of its own: the reading
	 * holds no write lock. No rows are returned unless the audit row is
	 * written. */
	if (rc == MD_OK)
		rc = md_audit_list_view(db, actor->id, "支援ケース一覧の検索",
					err);
out:
	md_free(tmp);
	query_fini(&q);
	if (rc != MD_OK) {
		md_case_rows_free(out.items, out.n);
		return rc;
	}
	*rows = out.items;
	*n = out.n;
	return MD_OK;
}

/* ?1 the kana's key (NULL: none), ?2 the birth date (NULL: none), ?7 today. */
static const char sql_similar[] =
	"SELECT coalesce(c.id, 0), p.id, p.name, p.kana, p.sex,"
	" coalesce(p.birth_date, ''), coalesce(c.stage, ''),"
	" coalesce(c.status = 'closed', 0), coalesce(u.display_name, ''),"
	" coalesce(c.opened_on, ''), coalesce(c.next_eval_on, ''),"
	" coalesce(c.follow_up_on, ''),"
	" coalesce(c.status = 'open' AND " DUE_KEY " < ?7, 0)"
	" FROM persons p"
	" LEFT JOIN cases c"
	"  ON c.id = (SELECT max(id) FROM cases WHERE person_id = p.id)"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" WHERE p.kana_key = ?1 OR p.birth_date = ?2 OR p.name_key = ?3"
	" ORDER BY p.kana_key, p.id";

enum md_status
md_person_similar(struct md_db *db, const struct md_user *actor,
		  const char *kana, const char *birth_iso,
		  struct md_case_row **rows, size_t *n, struct md_err *err)
{
	return md_person_alike(db, actor, NULL, kana, birth_iso, rows, n, err);
}

enum md_status
md_person_alike(struct md_db *db, const struct md_user *actor, const char *name,
		const char *kana, const char *birth_iso,
		struct md_case_row **rows, size_t *n, struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch; /* err may be NULL */
	*rows = NULL;
	*n = 0;
	struct md_date d;
	if (birth_iso && *birth_iso &&
	    md_date_from_iso(birth_iso, &d, NULL) != MD_OK)
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 生年月日は YYYY-MM-DD の形で渡してください");
	if (kana && !md_utf8_valid(kana, strlen(kana)))
		return md_err_set(err, MD_ERR_INVALID,
				  "ふりがなに、文字として読めないデータが含まれています");
	if (name && !md_utf8_valid(name, strlen(name)))
		return md_err_set(err, MD_ERR_INVALID,
				  "氏名に、文字として読めないデータが含まれています");
	enum md_status rc = md_auth_require(db, actor, false, "同一人物の確認",
					    err);
	if (rc != MD_OK)
		return rc;
	char *key = md_text_search_key(kana ? kana : "");
	char *name_key = md_text_search_key(name ? name : "");
	struct rows out = {0};
	if (!key || !name_key) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	if (!*key && !*name_key && !(birth_iso && *birth_iso))
		goto out; /* nothing to compare: nobody, and nothing viewed */
	sqlite3_stmt *st = md_db_stmt(db, sql_similar, err);
	if (!st) {
		rc = err->status;
		goto out;
	}
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	if (*key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (birth_iso && *birth_iso)
		sqlite3_bind_text(st, 2, birth_iso, -1, SQLITE_STATIC);
	if (*name_key)
		sqlite3_bind_text(st, 3, name_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, today, -1, SQLITE_STATIC);
	rc = rows_read(db, st, &out, err);
	if (rc == MD_OK)
		rc = search_audit(db, actor, "同一人物の確認", err);
out:
	md_free(key);
	md_free(name_key);
	if (rc != MD_OK) {
		md_case_rows_free(out.items, out.n);
		return rc;
	}
	*rows = out.items;
	*n = out.n;
	return MD_OK;
}
