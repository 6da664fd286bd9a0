/* The one writer of the entries' full-text index (entries_pairs,
 * entries_chars: two FTS5 tables of external content) and of meta. */
#include "madoguchi/store.h"

#include "store_int.h"

/* Taking text out of (k = 0) and putting it into (k = 1) each index. */
static const char *const sql_index[2][2] = {
	{"INSERT INTO entries_pairs (entries_pairs, rowid, body)"
	 " VALUES ('delete', ?1, ?2)",
	 "INSERT INTO entries_pairs (rowid, body) VALUES (?1, ?2)"},
	{"INSERT INTO entries_chars (entries_chars, rowid, body)"
	 " VALUES ('delete', ?1, ?2)",
	 "INSERT INTO entries_chars (rowid, body) VALUES (?1, ?2)"},
};

/* Take text out of (k = 0) or put it into (k = 1) both indexes. */
static enum md_status
index_write(struct md_db *db, int k, long long record_id, const char *text,
	    struct md_err *err)
{
	for (int t = 0; t < 2; t++) {
		sqlite3_stmt *st = store_stmt(db, sql_index[t][k], err);
		if (!st)
			return store_no_stmt(err);
		sqlite3_bind_int64(st, 1, record_id);
		store_bind_text(st, 2, text);
		enum md_status rc = store_run(db, st, "支援経過の索引の更新",
					      err);
		if (rc != MD_OK)
			return rc;
	}
	return MD_OK;
}

enum md_status
md_store_entries_remove(struct md_db *db, long long record_id, const char *text,
			struct md_err *err)
{
	return index_write(db, 0, record_id, text, err);
}

enum md_status
md_store_entries_add(struct md_db *db, long long record_id, const char *text,
		     struct md_err *err)
{
	return index_write(db, 1, record_id, text, err);
}

enum md_status
md_store_entries_clear(struct md_db *db, struct md_err *err)
{
	return md_db_exec(db,
			  "INSERT INTO entries_pairs (entries_pairs) VALUES ('delete-all');"
			  "INSERT INTO entries_chars (entries_chars) VALUES ('delete-all');",
			  err);
}

static const char sql_meta_set[] =
	"INSERT INTO meta (key, value) VALUES (?1, ?2)"
	" ON CONFLICT (key) DO UPDATE SET value = excluded.value";

enum md_status
md_store_meta_set(struct md_db *db, const char *key, const char *value,
		  struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_meta_set, err);
	if (!st)
		return store_no_stmt(err);
	store_bind_text(st, 1, key);
	store_bind_text(st, 2, value);
	return store_run(db, st, "全文検索の索引の作成", err);
}
