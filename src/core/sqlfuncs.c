/* The SQL functions and tokenizers every connection has, in one list: the
 * modules above the database define theirs, db.c registers them all without
 * knowing any (md_db_register_functions). */
#include "db_int.h"

#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/*
 * The SQL function md_search_key(text): md_text_search_key() for SQL, so that
 * migrations and queries fold names as the core does. NULL (or text that is
 * not UTF-8) gives NULL.
 */
static void
sql_search_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		/* A zero-length blob may come as NULL; anything else is OOM. */
		if (sqlite3_value_bytes(argv[0]) == 0)
			sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		else
			sqlite3_result_error_nomem(ctx);
		return;
	}
	if (!md_utf8_valid(s, (size_t)sqlite3_value_bytes(argv[0])))
		return;
	char *key = md_text_search_key(s);
	if (!key) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, key, -1, md_free);
}

static enum md_status
search_key_register(sqlite3 *h, struct md_err *err)
{
	int rc = sqlite3_create_function_v2(h, "md_search_key", 1,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC |
						    SQLITE_INNOCUOUS,
					    NULL, sql_search_key, NULL, NULL,
					    NULL);
	if (rc != SQLITE_OK)
		return md_err_set(err,
				  rc == SQLITE_NOMEM ? MD_ERR_NOMEM : MD_ERR_DB,
				  "データベースの準備に失敗しました(%s)",
				  sqlite3_errstr(rc));
	return MD_OK;
}

/* Each registers its functions on a connection; the migrations that use
 * them are named. */
static enum md_status (*const registrations[])(sqlite3 *h,
					       struct md_err *err) = {
	search_key_register, /* md_search_key: migration 2 (person_keys) */
	md_entries_register, /* the entries indexes: migration 4 */
	md_audit_register,   /* md_audit_hash: migration 7 chains the log */
	md_auth_register,    /* md_login_key: migration 8 (users.login_key) */
};

enum md_status
md_db_register_functions(sqlite3 *h, struct md_err *err)
{
	for (size_t i = 0; i < sizeof registrations / sizeof *registrations;
	     i++) {
		enum md_status rc = registrations[i](h, err);
		if (rc != MD_OK)
			return rc;
	}
	return MD_OK;
}
