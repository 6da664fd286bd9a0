/* The database module's SQLite side, for the core only: statements, the
 * handle, and the SQL functions every connection has. Not installed; the
 * commands and screens never include it (tests/cli/test_layers.sh). */
#ifndef MADOGUCHI_DB_INT_H
#define MADOGUCHI_DB_INT_H

#include <sqlite3.h>

#include "madoguchi/db.h"
#include "madoguchi/status.h"

/* The SQLite handle. */
sqlite3 *md_db_sqlite(struct md_db *db);

/*
 * A prepared statement for sql, kept for the life of the handle and found
 * again by the address of sql (pass string literals). It comes reset, with
 * no bindings. On error fills err and returns NULL.
 */
sqlite3_stmt *md_db_stmt(struct md_db *db, const char *sql, struct md_err *err);

/*
 * Turn a SQLite result code into a status and a Japanese message that begins
 * with `what` (e.g. "様式の保存"); returns the status.
 */
enum md_status md_db_fail(struct md_db *db, int rc, const char *what,
			  struct md_err *err);

/* Run SQL text with no results (schema, pragmas). */
enum md_status md_db_exec(struct md_db *db, const char *sql,
			  struct md_err *err);

/*
 * A copy of a column's text (md_free it); a NULL column gives "". Returns NULL
 * only when out of memory.
 */
char *md_db_column_dup(sqlite3_stmt *st, int col);

/*
 * Register on h every SQL function and tokenizer of madoguchi: the one list
 * of them (sqlfuncs.c). md_db_open calls it before the migrations run, since
 * migrations use them; a tool that opens the file with SQLite alone (the
 * crash tests' checker) calls it too. The first failure fills err.
 */
enum md_status md_db_register_functions(sqlite3 *h, struct md_err *err);

/*
 * The modules' parts of that list, each defined in its module and called
 * only by md_db_register_functions, so that db.c knows none of them.
 */

/* The indexes' tokenizers (md_pairs, md_chars) and md_search_fold(text)
 * (md_text_search_fold): migration 4 builds the indexes with them. */
enum md_status md_entries_register(sqlite3 *h, struct md_err *err);

/*
 * md_audit_hash(prev, id, at, user_id, action, case_id, person_id, detail):
 * the hash of one audit row chained to prev, the hash of the row before it
 * ('' for the first). It is the one definition of the chain: md_audit_add
 * writes with it, md_audit_verify checks with it, and migration 7 chained
 * the rows older than the chain with it. The digest covers a version tag,
 * then prev and each column as its length and its text (NULL as "-"), so no
 * two rows read alike. MD_ERR_DB when SQLite refuses.
 */
enum md_status md_audit_register(sqlite3 *h, struct md_err *err);

/* md_login_key(text) (md_auth_login_key): migration 8 fills
 * users.login_key with it. */
enum md_status md_auth_register(sqlite3 *h, struct md_err *err);

#endif
