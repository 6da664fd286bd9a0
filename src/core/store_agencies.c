/* The one writer of agencies and agency_aliases. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_agency_insert[] =
	"INSERT INTO agencies (name, kind, phone, address) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (name) DO NOTHING";
static const char sql_alias_insert[] =
	"INSERT INTO agency_aliases (agency_id, alias) VALUES (?1, ?2)";

enum md_status
md_store_agency_insert(struct md_db *db, const char *name, const char *kind,
		       const char *phone, const char *address, long long *id,
		       struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_agency_insert, err);
	if (!st)
		return store_no_stmt(err);
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, kind);
	store_bind_text(st, 3, phone);
	store_bind_text(st, 4, address);
	return store_new_id(db, store_run(db, st, "関係機関の登録", err), id);
}

enum md_status
md_store_agency_alias_insert(struct md_db *db, long long agency_id,
			     const char *alias, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_alias_insert, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, agency_id);
	store_bind_text(st, 2, alias);
	return store_run(db, st, "関係機関の別名の登録", err);
}
