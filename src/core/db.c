/* Opening the SQLite file, numbered migrations, transactions, checks, backups. */
#include "madoguchi/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_int.h"
#include "madoguchi/paths.h"

/* data/schema.sql, embedded at build time (build/gen/schema_sql.c). */
extern const char md_schema_sql[];

#define STMT_CACHE_SIZE 256
#define BUSY_TIMEOUT_MS 10000

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *stmt;
};

/* One key of the connection's memo (md_db_recent). */
struct memo {
	char key[64];
	time_t at;
};

#define MEMO_SIZE 8

struct md_db {
	sqlite3 *h;
	char *path;
	char *warning;
	int depth; /* open transactions: 1 = BEGIN, more = savepoints */
	struct stmt_slot stmts[STMT_CACHE_SIZE];
	int nstmts;
	struct memo memo[MEMO_SIZE];
	bool (*stop)(void *ctx); /* md_db_interrupt_when */
	void *stop_ctx;
};

/* One migration: its number and its SQL text inside md_schema_sql. */
struct migration {
	int number;
	const char *sql;
	size_t len;
};

#define MAX_MIGRATIONS 256

static const char migration_mark[] = "-- migration ";

/* Split the embedded schema into migrations; returns how many, or -1. */
static int
schema_migrations(struct migration *out, int max)
{
	int n = 0;
	const char *p = md_schema_sql;
	while ((p = strstr(p, migration_mark)) != NULL) {
		const char *num = p + sizeof migration_mark - 1;
		if ((p != md_schema_sql && p[-1] != '\n') || *num < '0' ||
		    *num > '9') {
			p++;
			continue;
		}
		if (n == max)
			return -1;
		int number = atoi(num);
		if (number != n + 1)
			return -1;
		const char *body = strchr(p, '\n');
		if (!body)
			return -1;
		out[n].number = number;
		out[n].sql = body + 1;
		if (n > 0)
			out[n - 1].len = (size_t)(p - out[n - 1].sql);
		n++;
		p = body;
	}
	if (n > 0)
		out[n - 1].len = strlen(out[n - 1].sql);
	return n;
}

int
md_db_schema_latest(void)
{
	struct migration m[MAX_MIGRATIONS];
	return schema_migrations(m, MAX_MIGRATIONS);
}

sqlite3 *
md_db_sqlite(struct md_db *db)
{
	return db->h;
}

const char *
md_db_path(const struct md_db *db)
{
	return db->path;
}

const char *
md_db_warning(const struct md_db *db)
{
	return db->warning;
}

bool
md_db_recent(const struct md_db *db, const char *key, time_t now, int seconds)
{
	for (int i = 0; i < MEMO_SIZE; i++)
		if (db->memo[i].key[0] && !strcmp(db->memo[i].key, key))
			return now >= db->memo[i].at &&
			       now - db->memo[i].at < seconds;
	return false;
}

void
md_db_mark(struct md_db *db, const char *key, time_t now)
{
	struct memo *slot = &db->memo[0];
	for (int i = 0; i < MEMO_SIZE; i++) {
		if (!strcmp(db->memo[i].key, key)) {
			slot = &db->memo[i];
			break;
		}
		if (db->memo[i].at < slot->at)
			slot = &db->memo[i];
	}
	snprintf(slot->key, sizeof slot->key, "%s", key);
	slot->at = now;
}

static int
db_progress(void *p)
{
	struct md_db *db = p;
	return db->stop && db->stop(db->stop_ctx);
}

void
md_db_interrupt_when(struct md_db *db, bool (*stop)(void *ctx), void *ctx)
{
	db->stop = stop;
	db->stop_ctx = ctx;
	sqlite3_progress_handler(db->h, stop ? 1000 : 0,
				 stop ? db_progress : NULL, db);
}

/*
 * Whether the database (or its WAL file) cannot be written to at all: a
 * read-only file, folder or mount, or an immutable file. SQLite reports such
 * a write as a plain I/O error; the consultant needs to hear the cause.
 */
static bool
unwritable(const struct md_db *db)
{
	if (!db || !db->path)
		return false;
	char wal[4096];
	snprintf(wal, sizeof wal, "%s-wal", db->path);
	const char *paths[] = {db->path, wal};
	for (size_t i = 0; i < 2; i++)
		if (access(paths[i], W_OK) != 0 &&
		    (errno == EACCES || errno == EPERM || errno == EROFS))
			return true;
	return false;
}

enum md_status
md_db_fail(struct md_db *db, int rc, const char *what, struct md_err *err)
{
	const char *detail = db && db->h ? sqlite3_errmsg(db->h) : "";
	enum md_status st;
	const char *msg;

	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		st = MD_ERR_BUSY;
		msg = "データベースが他の職員の操作で使用中です。しばらく待ってからもう一度行ってください";
		break;
	case SQLITE_FULL:
		st = MD_ERR_FULL;
		msg = "ディスクの空き容量が不足しています。入力した内容は保存されていません";
		break;
	case SQLITE_READONLY:
		st = MD_ERR_READONLY;
		msg = "データベースに書き込めません(読み取り専用です)";
		break;
	case SQLITE_NOMEM:
		st = MD_ERR_NOMEM;
		msg = "メモリが不足しています";
		break;
	case SQLITE_IOERR:
		if (unwritable(db)) {
			st = MD_ERR_READONLY;
			msg = "データベースに書き込めません(ファイルが読み取り専用か、書き込みが許されていません)";
			break;
		}
		st = MD_ERR_IO;
		msg = "データベースの読み書きに失敗しました";
		break;
	case SQLITE_CORRUPT:
		st = MD_ERR_CORRUPT;
		msg = "データベースが壊れています。madoguchi check で確認してください";
		break;
	case SQLITE_NOTADB:
		st = MD_ERR_NOTDB;
		msg = "madoguchi のデータベースではありません";
		break;
	case SQLITE_CANTOPEN:
		st = MD_ERR_IO;
		msg = "データベースを開けません";
		break;
	case SQLITE_INTERRUPT:
		return md_err_set(err, MD_ERR_INTERRUPTED, NULL);
	default:
		st = MD_ERR_DB;
		msg = "データベースの操作に失敗しました";
		break;
	}
	/* What went wrong first, where and SQLite's words after: a message
	 * line cut short keeps what the consultant needs. */
	if (detail && *detail)
		return md_err_set(err, st, "%s(%s。SQLite: %s)", msg, what,
				  detail);
	return md_err_set(err, st, "%s(%s)", msg, what);
}

enum md_status
md_db_exec(struct md_db *db, const char *sql, struct md_err *err)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return md_db_fail(db, rc, "データベースの操作", err);
	return MD_OK;
}

/*
 * After an I/O error, a full disk or a failed allocation, SQLite rolls the
 * whole transaction back by itself, even in a statement whose caller went on
 * regardless. Going on would run every later write in a transaction of its
 * own: half an operation committed. Say so instead (MD_OK when the
 * transaction stands).
 */
static enum md_status
tx_lost(struct md_db *db, struct md_err *err)
{
	if (db->depth == 0 || !sqlite3_get_autocommit(db->h))
		return MD_OK;
	int rc = sqlite3_errcode(db->h);
	if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = SQLITE_IOERR;
	return md_db_fail(db, rc, "書き込みが途中で取り消されました", err);
}

sqlite3_stmt *
md_db_stmt(struct md_db *db, const char *sql, struct md_err *err)
{
	if (tx_lost(db, err) != MD_OK)
		return NULL;
	for (int i = 0; i < db->nstmts; i++) {
		if (db->stmts[i].sql == sql) {
			sqlite3_stmt *st = db->stmts[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(db->h, sql, -1,
				    db->nstmts < STMT_CACHE_SIZE
					    ? SQLITE_PREPARE_PERSISTENT
					    : 0,
				    &st, NULL);
	if (rc != SQLITE_OK) {
		md_db_fail(db, rc, "データベースの問い合わせの準備", err);
		return NULL;
	}
	if (db->nstmts < STMT_CACHE_SIZE) {
		db->stmts[db->nstmts].sql = sql;
		db->stmts[db->nstmts].stmt = st;
		db->nstmts++;
		return st;
	}
	/* The cache is full: a programming error, but stay correct. */
	sqlite3_finalize(st);
	md_err_set(err, MD_ERR_DB,
		   "内部エラー: 問い合わせの数が上限を超えました");
	return NULL;
}

char *
md_db_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	if (!t)
		return md_strdup("");
	return md_strndup((const char *)t,
			  (size_t)sqlite3_column_bytes(st, col));
}

bool
md_db_moved(struct md_db *db)
{
	int moved = 0;
	return sqlite3_file_control(db->h, "main", SQLITE_FCNTL_HAS_MOVED,
				    &moved) == SQLITE_OK &&
	       moved;
}

enum md_status
md_db_reconnect(struct md_db *db, struct md_err *err)
{
	if (db->depth)
		return md_err_set(err, MD_ERR_DB,
				  "内部エラー: 書き込みの途中で開き直そうとしました");
	struct md_db *fresh = NULL;
	enum md_status rc = md_db_open(db->path, 0, &fresh, err);
	if (rc != MD_OK)
		return rc;
	/* The struct stays where callers hold it; its insides change. */
	struct md_db old = *db;
	*db = *fresh;
	db->stop = old.stop;
	db->stop_ctx = old.stop_ctx;
	memcpy(db->memo, old.memo, sizeof db->memo);
	if (db->stop)
		sqlite3_progress_handler(db->h, 1000, db_progress, db);
	*fresh = old;
	md_db_close(&fresh);
	return MD_OK;
}

enum md_status
md_db_begin(struct md_db *db, struct md_err *err)
{
	char sql[48];
	/* A file unlinked or renamed while open takes writes into a file no
	 * one will open again: refuse them (md_db_reconnect when it is back). */
	if (db->depth == 0 && md_db_moved(db))
		return md_err_set(err, MD_ERR_IO,
				  "データベースのファイルが移動または削除されたため、保存していません(入力した内容は残っています)。元の場所 %s に戻してから、もう一度行ってください",
				  db->path);
	if (db->depth == 0)
		snprintf(sql, sizeof sql, "BEGIN IMMEDIATE");
	else
		snprintf(sql, sizeof sql, "SAVEPOINT md_%d", db->depth);
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return md_db_fail(db, rc, "書き込みの開始", err);
	db->depth++;
	return MD_OK;
}

enum md_status
md_db_commit(struct md_db *db, struct md_err *err)
{
	char sql[48];
	if (db->depth <= 0)
		return md_err_set(err, MD_ERR_DB,
				  "内部エラー: 開始していない書き込みを確定しようとしました");
	enum md_status lost = tx_lost(db, err);
	if (lost != MD_OK) {
		md_db_rollback(db);
		return lost;
	}
	if (db->depth == 1)
		snprintf(sql, sizeof sql, "COMMIT");
	else
		snprintf(sql, sizeof sql, "RELEASE md_%d", db->depth - 1);
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		/* A failed COMMIT leaves the transaction open: undo it whole. */
		enum md_status st = md_db_fail(db, rc, "書き込みの確定", err);
		md_db_rollback(db);
		return st;
	}
	db->depth--;
	return MD_OK;
}

void
md_db_rollback(struct md_db *db)
{
	char sql[80];
	if (db->depth <= 0)
		return;
	if (db->depth == 1) {
		if (!sqlite3_get_autocommit(db->h))
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	} else {
		snprintf(sql, sizeof sql, "ROLLBACK TO md_%d; RELEASE md_%d",
			 db->depth - 1, db->depth - 1);
		sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	}
	db->depth--;
}

static int
pragma_int(sqlite3 *h, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int
md_db_schema_version(struct md_db *db)
{
	int v = -1;
	pragma_int(db->h, "PRAGMA user_version", &v);
	return v;
}

/* Apply the migrations after the file's version, each in one transaction. */
static enum md_status
db_migrate(struct md_db *db, struct md_err *err)
{
	struct migration m[MAX_MIGRATIONS];
	int n = schema_migrations(m, MAX_MIGRATIONS);
	if (n <= 0)
		return md_err_set(err, MD_ERR_DB,
				  "内部エラー: 組み込みのスキーマが読めません");
	for (;;) {
		int version = 0;
		if (pragma_int(db->h, "PRAGMA user_version", &version) !=
		    SQLITE_OK)
			return md_db_fail(db, sqlite3_errcode(db->h),
					  "スキーマの版の確認", err);
		if (version >= n)
			return MD_OK;
		/* Read the version again inside the lock: another process may
		 * have migrated meanwhile. */
		enum md_status rc = md_db_begin(db, err);
		if (rc != MD_OK)
			return rc;
		if (pragma_int(db->h, "PRAGMA user_version", &version) !=
		    SQLITE_OK) {
			rc = md_db_fail(db, sqlite3_errcode(db->h),
					"スキーマの版の確認", err);
			goto fail;
		}
		if (version >= n) {
			md_db_rollback(db);
			return MD_OK;
		}
		char *sql = md_strndup(m[version].sql, m[version].len);
		char *tail =
			md_asprintf("PRAGMA user_version = %d;%s", version + 1,
				    version == 0
					    ? " PRAGMA application_id = 1296122959;"
					    : "");
		if (!sql || !tail) {
			md_free(sql);
			md_free(tail);
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			goto fail;
		}
		int src = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
		if (src == SQLITE_OK)
			src = sqlite3_exec(db->h, tail, NULL, NULL, NULL);
		md_free(sql);
		md_free(tail);
		if (src != SQLITE_OK) {
			rc = md_db_fail(db, src, "スキーマの更新", err);
			md_err_prefix(err, "移行 %d", version + 1);
			goto fail;
		}
		rc = md_db_commit(db, err);
		if (rc != MD_OK)
			return rc;
		continue;
fail:
		md_db_rollback(db);
		return rc;
	}
}

static const char sqlite_magic[16] = "SQLite format 3";

/* Look at the file before SQLite does, to give each fault its own message. */
static enum md_status
db_precheck(struct md_db *db, unsigned flags, bool *created, struct md_err *err)
{
	struct stat sb;
	const char *path = db->path;
	*created = false;

	if (stat(path, &sb) != 0) {
		if (errno != ENOENT)
			return md_err_set(err, MD_ERR_IO,
					  "データベースを開けません: %s (%s)",
					  path, md_strerror(errno));
		char *dir = md_path_dirname(path);
		if (!dir)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		struct stat ds;
		enum md_status rc = MD_OK;
		if (stat(dir, &ds) != 0) {
			if (flags & MD_DB_MKDIR)
				rc = md_path_mkdirs(dir, 0700, err);
			else
				rc = md_err_set(err, MD_ERR_NOTFOUND,
						"データベースのフォルダがありません: %s",
						dir);
		} else if (!S_ISDIR(ds.st_mode)) {
			rc = md_err_set(err, MD_ERR_IO,
					"フォルダではありません: %s", dir);
		}
		md_free(dir);
		if (rc != MD_OK)
			return rc;
		if (!(flags & MD_DB_CREATE))
			return md_err_set(err, MD_ERR_NOTFOUND,
					  "データベースがありません: %s (madoguchi init で作成してください)",
					  path);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			      0600);
		if (fd < 0)
			return md_err_set(err, MD_ERR_IO,
					  "データベースを作成できません: %s (%s)",
					  path, md_strerror(errno));
		fchmod(fd, 0600); /* whatever the umask */
		close(fd);
		*created = true;
		return MD_OK;
	}
	if (S_ISDIR(sb.st_mode))
		return md_err_set(err, MD_ERR_NOTDB,
				  "%s はフォルダです。データベースのファイルを指定してください",
				  path);
	if (sb.st_size > 0) {
		char head[16];
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return md_err_set(err, MD_ERR_IO,
					  "データベースを開けません: %s (%s)",
					  path, md_strerror(errno));
		ssize_t got = read(fd, head, sizeof head);
		close(fd);
		if (got != (ssize_t)sizeof head ||
		    memcmp(head, sqlite_magic, sizeof head) != 0)
			return md_err_set(err, MD_ERR_NOTDB,
					  "%s は madoguchi のデータベースではありません(SQLite のファイルではありません)",
					  path);
	}
	if (!(flags & MD_DB_READONLY)) {
		if (access(path, W_OK) != 0)
			return md_err_set(err, MD_ERR_READONLY,
					  "データベースに書き込めません(読み取り専用です): %s",
					  path);
		char *dir = md_path_dirname(path);
		if (!dir)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		int ok = access(dir, W_OK) == 0;
		md_free(dir);
		if (!ok)
			return md_err_set(err, MD_ERR_READONLY,
					  "データベースのフォルダに書き込めません(読み取り専用です): %s",
					  path);
	}
	if (sb.st_mode & 077)
		db->warning =
			md_asprintf("データベース %s を他の利用者も読み書きできます。chmod 600 で本人だけにしてください",
				    path);
	return MD_OK;
}

enum md_status
md_db_open(const char *path, unsigned flags, struct md_db **out,
	   struct md_err *err)
{
	*out = NULL;
	struct md_db *db = md_calloc(1, sizeof *db);
	if (!db)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	db->path = md_strdup(path);
	if (!db->path) {
		md_free(db);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	bool created = false;
	enum md_status rc = db_precheck(db, flags, &created, err);
	if (rc != MD_OK)
		goto fail;

	int oflags = (flags & MD_DB_READONLY) ? SQLITE_OPEN_READONLY
					      : SQLITE_OPEN_READWRITE;
	int src = sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOFOLLOW,
				  NULL);
	if (src != SQLITE_OK) {
		rc = md_db_fail(db, src, "データベースを開く", err);
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	/* Before the migrations, which use them. */
	if ((rc = md_db_register_functions(db->h, err)) != MD_OK)
		goto fail;

	int app = 0, version = 0, tables = 0;
	src = pragma_int(db->h, "PRAGMA application_id", &app);
	if (src == SQLITE_OK)
		src = pragma_int(db->h, "PRAGMA user_version", &version);
	if (src == SQLITE_OK)
		src = pragma_int(db->h, "SELECT count(*) FROM sqlite_master",
				 &tables);
	if (src != SQLITE_OK) {
		rc = md_db_fail(db, src, "データベースを開く", err);
		if (rc == MD_ERR_NOTDB)
			rc = md_err_set(err, MD_ERR_NOTDB,
					"%s は madoguchi のデータベースではありません",
					path);
		goto fail;
	}
	if (app == 0 && version == 0 && tables > 0) {
		rc = md_err_set(err, MD_ERR_NOTDB,
				"%s は madoguchi のデータベースではありません(別のアプリケーションの SQLite ファイルです)",
				path);
		goto fail;
	}
	if (app != 0 && app != MD_APPLICATION_ID) {
		rc = md_err_set(err, MD_ERR_NOTDB,
				"%s は madoguchi のデータベースではありません(別のアプリケーションの SQLite ファイルです)",
				path);
		goto fail;
	}
	int latest = md_db_schema_latest();
	if (version > latest) {
		rc = md_err_set(err, MD_ERR_TOONEW,
				"%s はより新しい版の madoguchi で作成されています(データベースの版 %d、このプログラムは版 %d まで)。madoguchi を更新してください",
				path, version, latest);
		goto fail;
	}
	if (tables == 0 && !(flags & MD_DB_CREATE) && !created) {
		rc = md_err_set(err, MD_ERR_NOTFOUND,
				"データベースが初期化されていません: %s (madoguchi init で作成してください)",
				path);
		goto fail;
	}
	if (!(flags & MD_DB_READONLY)) {
		rc = md_db_exec(db,
				"PRAGMA journal_mode = WAL;"
				"PRAGMA synchronous = FULL;"
				"PRAGMA foreign_keys = ON;",
				err);
		if (rc != MD_OK)
			goto fail;
		rc = db_migrate(db, err);
		if (rc != MD_OK)
			goto fail;
	} else {
		if (version < latest) {
			rc = md_err_set(err, MD_ERR_READONLY,
					"%s は古い版(%d)のままです。書き込みできる状態で一度開いて更新してください",
					path, version);
			goto fail;
		}
		rc = md_db_exec(db, "PRAGMA foreign_keys = ON;", err);
		if (rc != MD_OK)
			goto fail;
	}
	*out = db;
	return MD_OK;
fail:
	md_db_close(&db);
	if (created)
		unlink(path);
	return rc;
}

void
md_db_close(struct md_db **pdb)
{
	struct md_db *db = *pdb;
	if (!db)
		return;
	for (int i = 0; i < db->nstmts; i++)
		sqlite3_finalize(db->stmts[i].stmt);
	if (db->h)
		sqlite3_close_v2(db->h);
	md_free(db->path);
	md_free(db->warning);
	md_free(db);
	*pdb = NULL;
}

/*
 * The triggers that keep history append-only, as the migrations leave
 * them: each CREATE TRIGGER statement of the schema (the last of a name
 * stands) against the file's own, which SQLite keeps as written from
 * CREATE to END. A trigger dropped or replaced outside the program is a
 * line in report; returns how many, or -1 with err filled. (A migration
 * that drops a trigger for good must teach this check.)
 */
static int
check_triggers(struct md_db *db, struct md_buf *report, struct md_err *err)
{
	static const char mark[] = "CREATE TRIGGER ";
	static const char sql[] = "SELECT sql FROM sqlite_master"
				  " WHERE type = 'trigger' AND name = ?1";
	int problems = 0;
	sqlite3_stmt *st = NULL;
	int src = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	for (const char *p = md_schema_sql;
	     src == SQLITE_OK && (p = strstr(p, mark)) != NULL; p++) {
		const char *name = p + sizeof mark - 1;
		int nlen = (int)strspn(name,
				       "abcdefghijklmnopqrstuvwxyz"
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		const char *end = strstr(p, "END;");
		char again[128];
		if (!end || nlen == 0 || nlen > 100)
			break;
		snprintf(again, sizeof again, "%s%.*s ", mark, nlen, name);
		if (strstr(end, again))
			continue;
		sqlite3_bind_text(st, 1, name, nlen, SQLITE_STATIC);
		src = sqlite3_step(st);
		const char *have = src == SQLITE_ROW
					   ? (const char *)
						     sqlite3_column_text(st, 0)
					   : NULL;
		size_t len = (size_t)(end + 3 - p);
		if (src == SQLITE_ROW || src == SQLITE_DONE) {
			if (!have || strlen(have) != len ||
			    memcmp(have, p, len) != 0) {
				md_buf_addf(report,
					    "履歴を守るトリガー %.*s %s\n",
					    nlen, name,
					    have ? "がスキーマと違います(プログラムの外で書き換えられています)"
						 : "がありません(プログラムの外で消されています)");
				problems++;
			}
			src = SQLITE_OK;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (src != SQLITE_OK) {
		md_db_fail(db, src, "トリガーの確認", err);
		return -1;
	}
	return problems;
}

/*
 * persons.household_id is the household of the person's current membership
 * (migration 14; households.c keeps the two in step): each person for whom
 * they differ is a line in report. Returns how many, or -1 with err filled.
 */
static int
check_households(struct md_db *db, struct md_buf *report, struct md_err *err)
{
	static const char sql[] =
		"SELECT p.id, coalesce(p.household_id, 0),"
		" coalesce(m.household_id, 0) FROM persons p"
		" LEFT JOIN household_members m INDEXED BY household_members_current"
		"  ON m.person_id = p.id AND m.moved_out_on IS NULL"
		" WHERE p.household_id IS NOT m.household_id ORDER BY p.id";
	sqlite3_stmt *st = NULL;
	int problems = 0;
	int src = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	while (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		src = SQLITE_OK;
		md_buf_addf(report,
			    "本人 %lld の世帯(%lld)が世帯員の記録(%lld)と違います\n",
			    (long long)sqlite3_column_int64(st, 0),
			    (long long)sqlite3_column_int64(st, 1),
			    (long long)sqlite3_column_int64(st, 2));
		problems++;
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE) {
		md_db_fail(db, src, "世帯の確認", err);
		return -1;
	}
	return problems;
}

enum md_status
md_db_check(struct md_db *db, struct md_buf *report, struct md_err *err)
{
	sqlite3_stmt *st = NULL;
	enum md_status rc = MD_OK;
	int problems = 0;

	int src = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st,
				     NULL);
	while (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		src = SQLITE_OK;
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && strcmp(line, "ok") != 0) {
			md_buf_addf(report, "整合性の問題: %s\n", line);
			problems++;
		}
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return md_db_fail(db, src, "整合性の確認", err);

	src = sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st,
				 NULL);
	while (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		src = SQLITE_OK;
		md_buf_addf(report,
			    "参照の問題: %s の %lld 行目が %s を参照できません\n",
			    (const char *)sqlite3_column_text(st, 0),
			    (long long)sqlite3_column_int64(st, 1),
			    (const char *)sqlite3_column_text(st, 2));
		problems++;
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return md_db_fail(db, src, "参照の確認", err);

	int version = md_db_schema_version(db);
	int latest = md_db_schema_latest();
	if (version != latest) {
		md_buf_addf(report,
			    "スキーマの版が違います: %d (このプログラムは %d)\n",
			    version, latest);
		problems++;
	} else {
		int missing = check_triggers(db, report, err);
		if (missing < 0)
			return err->status;
		problems += missing;
		int apart = check_households(db, report, err);
		if (apart < 0)
			return err->status;
		problems += apart;
	}
	if (problems) {
		rc = md_err_set(err, MD_ERR_CORRUPT,
				"データベースに %d 件の問題があります: %s",
				problems, db->path);
	} else {
		md_buf_addf(report, "OK: %s (スキーマの版 %d)\n", db->path,
			    version);
	}
	if (!md_buf_ok(report))
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	return rc;
}

/* fsync the folder holding path, so a rename inside it is durable. */
static void
sync_dir_of(const char *path)
{
	char *dir = md_path_dirname(path);
	if (!dir)
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	md_free(dir);
}

enum md_status
md_db_backup(struct md_db *db, const char *dest, bool force, struct md_err *err)
{
	struct stat sb;
	if (!force && stat(dest, &sb) == 0)
		return md_err_set(err, MD_ERR_EXISTS,
				  "%s はすでにあります。上書きするには --force を付けてください",
				  dest);
	char *tmp = md_asprintf("%s.tmp-XXXXXX", dest);
	/* Room for the names of SQLite's files beside it, to remove them. */
	char *side = tmp ? md_malloc(strlen(tmp) + sizeof "-journal") : NULL;
	if (!side) {
		md_free(tmp);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	enum md_status rc = MD_OK;
	sqlite3 *out = NULL;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		rc = md_err_set(err, MD_ERR_IO,
				"バックアップを作成できません: %s (%s)", dest,
				md_strerror(errno));
		md_free(tmp);
		md_free(side);
		return rc;
	}
	fchmod(fd, 0600);
	close(fd);

	int src = sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE, NULL);
	sqlite3_backup *bk = NULL;
	if (src == SQLITE_OK) {
		bk = sqlite3_backup_init(out, "main", db->h, "main");
		if (!bk)
			src = sqlite3_errcode(out);
	}
	if (bk) {
		do {
			src = sqlite3_backup_step(bk, 256);
			if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
				sqlite3_sleep(20);
		} while (src == SQLITE_OK || src == SQLITE_BUSY ||
			 src == SQLITE_LOCKED);
		int fin = sqlite3_backup_finish(bk);
		if (src == SQLITE_DONE)
			src = fin;
	}
	if (src != SQLITE_OK && src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "バックアップ", err);
		goto out;
	}
	/* The copy is a plain rollback-journal file: one file to carry away. */
	src = sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL,
			   NULL);
	if (src != SQLITE_OK) {
		rc = md_db_fail(db, src, "バックアップ", err);
		goto out;
	}
	sqlite3_close_v2(out);
	out = NULL;
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		/* fsync says ENOSPC for data a full disk could not place. */
		rc = md_err_set(err, errno == ENOSPC ? MD_ERR_FULL : MD_ERR_IO,
				"バックアップを書き込めません: %s (%s)", dest,
				md_strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	if (rename(tmp, dest) != 0) {
		rc = md_err_set(err, MD_ERR_IO,
				"バックアップを書き込めません: %s (%s)", dest,
				md_strerror(errno));
		goto out;
	}
	sync_dir_of(dest);
out:
	if (out)
		sqlite3_close_v2(out);
	if (rc != MD_OK) {
		/* A copy cut short leaves nothing behind, not even a journal. */
		static const char *const suffixes[] = {"", "-wal", "-shm",
						       "-journal"};
		for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0];
		     i++) {
			sprintf(side, "%s%s", tmp, suffixes[i]);
			unlink(side);
		}
	}
	md_free(tmp);
	md_free(side);
	return rc;
}

static const char sql_not_empty[] =
	"SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM persons)"
	" + (SELECT count(*) FROM cases)";

enum md_status
md_db_is_empty(struct md_db *db, bool *empty, struct md_err *err)
{
	sqlite3_stmt *st = md_db_stmt(db, sql_not_empty, err);
	if (!st)
		return err->status;
	int src = sqlite3_step(st);
	*empty = src == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
	sqlite3_reset(st);
	return src == SQLITE_ROW
		       ? MD_OK
		       : md_db_fail(db, src, "データベースの確認", err);
}

enum md_status
md_db_bulk_begin(struct md_db *db, long long cache_kib,
		 struct md_db_bulk *saved, struct md_err *err)
{
	sqlite3_stmt *st = NULL;
	saved->cache_size = -2000;
	if (sqlite3_prepare_v2(db->h, "PRAGMA cache_size", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0))
		saved->cache_size = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	char sql[160];
	snprintf(sql, sizeof sql,
		 "PRAGMA synchronous = OFF; PRAGMA cache_size = -%lld;"
		 " PRAGMA temp_store = MEMORY;",
		 cache_kib);
	return md_db_exec(db, sql, err);
}

enum md_status
md_db_bulk_end(struct md_db *db, const struct md_db_bulk *saved,
	       bool checkpoint, struct md_err *err)
{
	char sql[128];
	snprintf(sql, sizeof sql,
		 "PRAGMA synchronous = FULL; PRAGMA cache_size = %lld;"
		 " PRAGMA temp_store = DEFAULT;",
		 saved->cache_size);
	enum md_status rc = md_db_exec(db, sql, err);
	if (rc == MD_OK && checkpoint)
		rc = md_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE);", err);
	return rc;
}
