/* Appending rows to the audit log. */
#include "madoguchi/audit.h"

#include <ctype.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/auth.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/store.h"

static const struct {
	const char *code;
	const char *label;
} actions[] = {
#define MD_AUDIT_ROW(name, code, label) {code, label},
	MD_AUDIT_LIST(MD_AUDIT_ROW)
#undef MD_AUDIT_ROW
};

const char *
md_audit_code(enum md_audit_action a)
{
	return (unsigned)a < MD_AUDIT_COUNT ? actions[a].code : "?";
}

const char *
md_audit_label(enum md_audit_action a)
{
	return (unsigned)a < MD_AUDIT_COUNT ? actions[a].label : "?";
}

bool
md_audit_parse(const char *code, enum md_audit_action *out)
{
	for (int i = 0; i < MD_AUDIT_COUNT; i++)
		if (!strcmp(actions[i].code, code)) {
			*out = (enum md_audit_action)i;
			return true;
		}
	return false;
}

/* Bumped if the digested form of a row ever changes. */
static const char hash_version[] = "madoguchi audit 1\n";

/* One value into the digest: its length, ':' and its text; NULL as "-". */
static bool
hash_value(struct sha256_ctx *c, sqlite3_value *v)
{
	if (sqlite3_value_type(v) == SQLITE_NULL) {
		sha256_update(c, 1, (const uint8_t *)"-");
		return true;
	}
	const unsigned char *text = sqlite3_value_text(v);
	int n = sqlite3_value_bytes(v);
	if (!text && n > 0)
		return false; /* out of memory */
	char len[24];
	int k = snprintf(len, sizeof len, "%d:", n);
	sha256_update(c, (size_t)k, (const uint8_t *)len);
	if (n > 0)
		sha256_update(c, (size_t)n, text);
	return true;
}

/* md_audit_hash(prev, id, at, user_id, action, case_id, person_id, detail) */
static void
sql_audit_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sha256_ctx c;
	sha256_init(&c);
	sha256_update(&c, sizeof hash_version - 1,
		      (const uint8_t *)hash_version);
	for (int i = 0; i < argc; i++)
		if (!hash_value(&c, argv[i])) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&c, sizeof digest, digest);
	static const char hex[] = "0123456789abcdef";
	char out[MD_AUDIT_HASH_SIZE];
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = '\0';
	sqlite3_result_text(ctx, out, 2 * SHA256_DIGEST_SIZE, SQLITE_TRANSIENT);
}

enum md_status
md_audit_register(sqlite3 *h, struct md_err *err)
{
	int rc = sqlite3_create_function(h, "md_audit_hash", 8,
					 SQLITE_UTF8 | SQLITE_DETERMINISTIC |
						 SQLITE_INNOCUOUS,
					 NULL, sql_audit_hash, NULL, NULL);
	if (rc != SQLITE_OK)
		return md_err_set(err, MD_ERR_DB,
				  "監査記録の準備に失敗しました(%s)",
				  sqlite3_errstr(rc));
	return MD_OK;
}

enum md_status
md_audit_add(struct md_db *db, long long user_id, enum md_audit_action action,
	     long long case_id, long long person_id, const char *detail,
	     struct md_err *err)
{
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	return md_store_audit_append(db, now, user_id, md_audit_code(action),
				     case_id, person_id, detail, err);
}

enum md_status
md_audit_list_view(struct md_db *db, long long user_id, const char *what,
		   struct md_err *err)
{
	char key[64];
	snprintf(key, sizeof key, "view:%lld:%s", user_id, what);
	time_t now = md_clock_now();
	if (md_db_recent(db, key, now, MD_AUDIT_LIST_SECONDS))
		return MD_OK;
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	rc = md_audit_add(db, user_id, MD_AUDIT_VIEW, 0, 0, what, err);
	if (rc != MD_OK) {
		md_db_rollback(db);
		return rc;
	}
	rc = md_db_commit(db, err);
	if (rc == MD_OK)
		md_db_mark(db, key, now);
	return rc;
}

enum md_status
md_audit_cases_shown(struct md_db *db, long long user_id,
		     const struct md_audit_case *cases, size_t n,
		     const char *what, struct md_err *err)
{
	if (n == 0)
		return MD_OK;
	enum md_status rc = md_db_begin(db, err);
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		bool seen = false;
		size_t count = 0;
		for (size_t j = 0; j < n && !seen; j++) {
			if (cases[j].case_id != cases[i].case_id)
				continue;
			seen = j < i;
			count++;
		}
		if (seen)
			continue; /* written at its first */
		char *detail = md_asprintf("%s(抜粋 %zu 件)", what, count);
		rc = detail ? md_audit_add(db, user_id, MD_AUDIT_VIEW,
					   cases[i].case_id, cases[i].person_id,
					   detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(detail);
	}
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

void
md_audit_rows_free(struct md_audit_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++) {
		md_free(rows[i].at);
		md_free(rows[i].login);
		md_free(rows[i].user_name);
		md_free(rows[i].action);
		md_free(rows[i].detail);
	}
	md_free(rows);
}

/*
 * The listing, one statement for each index that can lead: the case's
 * (audit_log_case), the user's (audit_log_user), the time's
 * (audit_log_at), or the row number. The other conditions filter. ?1 case
 * (0: any), ?2 user (0: any), ?3 since (NULL: any), ?4 after this row,
 * ?5 the page size.
 */
#define AUDIT_LIST_SQL(lead)                                                      \
	"SELECT a.id, a.at, coalesce(u.login, ''), coalesce(u.display_name, '')," \
	" a.action, coalesce(a.case_id, 0), coalesce(a.person_id, 0), a.detail"   \
	" FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"                 \
	" WHERE " lead " AND a.id > ?4"                                           \
	" AND (?1 = 0 OR a.case_id = ?1) AND (?2 = 0 OR a.user_id = ?2)"          \
	" AND (?3 IS NULL OR a.at >= ?3) ORDER BY a.id LIMIT ?5"

static const char *const sql_audit_list[] = {
	AUDIT_LIST_SQL("a.case_id = ?1"),
	AUDIT_LIST_SQL("a.user_id = ?2"),
	AUDIT_LIST_SQL("a.at >= ?3"),
	AUDIT_LIST_SQL("1"),
};

enum md_status
md_audit_list(struct md_db *db, const struct md_user *actor,
	      const struct md_audit_filter *f, long long after_id, int limit,
	      struct md_audit_row **rows, size_t *n, struct md_err *err)
{
	*rows = NULL;
	*n = 0;
	if (limit < 1 || limit > 1000)
		return md_err_set(err, MD_ERR_INVALID,
				  "内部エラー: 一度に読む件数は 1〜1000 件です");
	enum md_status rc = md_auth_require(db, actor, true, "監査記録の閲覧",
					    err);
	if (rc != MD_OK)
		return rc;
	int lead = f->case_id ? 0 : f->user_id ? 1 : f->since ? 2 : 3;
	sqlite3_stmt *st = md_db_stmt(db, sql_audit_list[lead], err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, f->case_id);
	sqlite3_bind_int64(st, 2, f->user_id);
	if (f->since)
		sqlite3_bind_text(st, 3, f->since, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, after_id);
	sqlite3_bind_int(st, 5, limit);
	struct md_audit_row *out = md_calloc((size_t)limit, sizeof *out);
	size_t count = 0;
	int src = SQLITE_NOMEM;
	while (out && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_audit_row *r = &out[count++];
		r->id = sqlite3_column_int64(st, 0);
		r->at = md_db_column_dup(st, 1);
		r->login = md_db_column_dup(st, 2);
		r->user_name = md_db_column_dup(st, 3);
		r->action = md_db_column_dup(st, 4);
		r->case_id = sqlite3_column_int64(st, 5);
		r->person_id = sqlite3_column_int64(st, 6);
		r->detail = md_db_column_dup(st, 7);
		if (!r->at || !r->login || !r->user_name || !r->action ||
		    !r->detail) {
			src = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(st);
	if (!out || src == SQLITE_NOMEM)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	else if (src != SQLITE_DONE)
		rc = md_db_fail(db, src, "監査記録の読み込み", err);
	/* The first page is a view of the log, audited in its own write. */
	if (rc == MD_OK && after_id == 0 &&
	    (rc = md_db_begin(db, err)) == MD_OK) {
		rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, f->case_id, 0,
				  "監査記録の閲覧", err);
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	if (rc != MD_OK) {
		md_audit_rows_free(out, count);
		return rc;
	}
	*rows = out;
	*n = count;
	return MD_OK;
}

void
md_audit_denied(struct md_db *db, long long user_id, long long case_id,
		const char *what)
{
	struct md_err err;
	if (!user_id || md_db_begin(db, &err) != MD_OK)
		return;
	if (md_audit_add(db, user_id, MD_AUDIT_DENIED, case_id, 0, what,
			 &err) == MD_OK)
		md_db_commit(db, &err);
	else
		md_db_rollback(db);
}

enum md_status
md_audit_anchor_parse(const char *s, struct md_audit_anchor *out,
		      struct md_err *err)
{
	const char *colon = strchr(s, ':');
	char *end = NULL;
	long long id = colon && s[0] >= '1' && s[0] <= '9'
			       ? strtoll(s, &end, 10)
			       : 0;
	const char *h = colon ? colon + 1 : "";
	bool ok = id > 0 && end == colon && strlen(h) == 2 * SHA256_DIGEST_SIZE;
	for (size_t i = 0; ok && h[i]; i++)
		ok = isxdigit((unsigned char)h[i]);
	if (!ok)
		return md_err_set(err, MD_ERR_INVALID,
				  "控えは「番号:ハッシュ」(行の番号、コロン、16 進数 64 桁)で指定してください");
	out->id = id;
	for (size_t i = 0; i <= 2 * SHA256_DIGEST_SIZE; i++)
		out->hash[i] = (char)tolower((unsigned char)h[i]);
	return MD_OK;
}

/* A row's time as stored, or a placeholder when it is not a timestamp (a
 * row written outside the program may hold anything, escapes included). */
static const char *
row_time(const char *at)
{
	size_t n = at ? strlen(at) : 0;
	if (n == 0 || n >= MD_TIMESTAMP_SIZE)
		return "日時不明";
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789-: ", at[i]))
			return "日時不明";
	return at;
}

/* Each row with the number and hash of the row before it and the hash its
 * columns give chained to that. */
static const char sql_audit_walk[] =
	"SELECT id, at, hash, lag(id) OVER w,"
	" md_audit_hash(coalesce(lag(hash) OVER w, ''), id, at, user_id,"
	" action, case_id, person_id, detail)"
	" FROM audit_log WINDOW w AS (ORDER BY id) ORDER BY id";

/* Name the first broken link in err and out; returns MD_ERR_CORRUPT. */
static enum md_status __attribute__((format(printf, 5, 6)))
chain_broken(struct md_audit_chain *out, long long id, const char *at,
	     struct md_err *err, const char *fmt, ...)
{
	char what[MD_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	out->broken_id = id;
	if (!at) /* a row that is not there */
		return md_err_set(err, MD_ERR_CORRUPT,
				  "監査記録の連鎖が番号 %lld で切れています: %s",
				  id, what);
	return md_err_set(err, MD_ERR_CORRUPT,
			  "監査記録の連鎖が番号 %lld(%s)で切れています: %s", id,
			  row_time(at), what);
}

enum md_status
md_audit_verify(struct md_db *db, const struct md_audit_anchor *anchor,
		struct md_audit_chain *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = NULL;
	enum md_status rc = MD_OK;
	bool anchor_seen = false;
	int src = sqlite3_prepare_v2(md_db_sqlite(db), sql_audit_walk, -1, &st,
				     NULL);
	while (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		src = SQLITE_OK;
		long long id = sqlite3_column_int64(st, 0);
		const char *at = (const char *)sqlite3_column_text(st, 1);
		const char *hash = (const char *)sqlite3_column_text(st, 2);
		long long prev = sqlite3_column_int64(st, 3);
		const char *want = (const char *)sqlite3_column_text(st, 4);
		if (!want) {
			src = SQLITE_NOMEM;
			break;
		}
		if (id <= prev) { /* only a first row numbered 0 or less */
			rc = chain_broken(out, id, at, err, "%s",
					  "番号が 1 から順になっていません");
			break;
		}
		if (id == prev + 2) {
			rc = chain_broken(out, id, at, err,
					  "その前の行(番号 %lld)がありません(削除されています)",
					  prev + 1);
			break;
		}
		if (id > prev + 2) {
			rc = chain_broken(out, id, at, err,
					  "その前の行(番号 %lld〜%lld の %lld 行)がありません(削除されています)",
					  prev + 1, id - 1, id - prev - 1);
			break;
		}
		if (!hash || strcmp(hash, want) != 0) {
			rc = chain_broken(out, id, at, err, "%s",
					  prev ? "行の内容がハッシュと合いません(この行か、その前の行が書き換えられています)"
					       : "行の内容がハッシュと合いません(この行が書き換えられています)");
			break;
		}
		if (anchor && id == anchor->id) {
			if (strcmp(hash, anchor->hash) != 0) {
				rc = chain_broken(out, id, at, err,
						  "控えのハッシュと違います(この行までの記録が書き直されたか、この行から後が削られています)");
				break;
			}
			anchor_seen = true;
		}
		out->rows++;
		out->last_id = id;
		snprintf(out->last_at, sizeof out->last_at, "%s", row_time(at));
		snprintf(out->last_hash, sizeof out->last_hash, "%s", hash);
	}
	sqlite3_finalize(st);
	if (rc != MD_OK)
		return rc;
	if (src != SQLITE_DONE)
		return md_db_fail(db, src, "監査記録の検証", err);
	if (anchor && !anchor_seen)
		return chain_broken(out, anchor->id, NULL, err,
				    "控えの行がありません(最後の行は番号 %lld、それより後が削除されています)",
				    out->last_id);
	return MD_OK;
}

enum md_status
md_audit_check(struct md_db *db, struct md_buf *report, struct md_err *err)
{
	struct md_audit_chain chain;
	int problems = 0;
	enum md_status rc = md_audit_verify(db, NULL, &chain, err);
	if (rc == MD_ERR_CORRUPT) {
		md_buf_addf(report, "%s\n", err->msg);
		problems++;
	} else if (rc != MD_OK) {
		return rc;
	} else {
		md_buf_addf(report,
			    "監査記録: %lld 行、連鎖は切れていません(最後の行 番号 %lld、ハッシュ %s)\n",
			    chain.rows, chain.last_id,
			    chain.rows ? chain.last_hash : "なし");
	}
	rc = md_user_check_audited(db, report, &problems, err);
	if (rc != MD_OK)
		return rc;
	if (!md_buf_ok(report))
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	if (problems)
		return md_err_set(err, MD_ERR_CORRUPT,
				  "監査記録に %d 件の問題があります: %s",
				  problems, md_db_path(db));
	return MD_OK;
}
