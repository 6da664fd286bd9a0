/* The one writer of agencies and agency_aliases. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_alias_insert[] =
	"INSERT INTO agency_aliases (agency_id, alias) VALUES (?1, ?2)";

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

static const char sql_agency_insert_row[] =
	"INSERT INTO agencies (name, kind, phone, address, desk, target, hours,"
	" provisional, active, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" ?8, ?9, ?10)";
static const char sql_agency_update[] =
	"UPDATE agencies SET name = ?2, kind = ?3, phone = ?4, address = ?5,"
	" desk = ?6, target = ?7, hours = ?8, provisional = ?9, active = ?10,"
	" merged_into = ?11 WHERE id = ?1";
static const char sql_aliases_move[] =
	"UPDATE agency_aliases SET agency_id = ?2 WHERE agency_id = ?1";

/* Bind a's columns at 1.. in the order of sql_agency_insert_row, from first. */
static void
bind_agency(sqlite3_stmt *st, int first, const struct md_store_agency *a)
{
	store_bind_text(st, first, a->name);
	store_bind_text(st, first + 1, a->kind ? a->kind : "");
	store_bind_text(st, first + 2, a->phone ? a->phone : "");
	store_bind_text(st, first + 3, a->address ? a->address : "");
	store_bind_text(st, first + 4, a->desk ? a->desk : "");
	store_bind_text(st, first + 5, a->target ? a->target : "");
	store_bind_text(st, first + 6, a->hours ? a->hours : "");
	sqlite3_bind_int(st, first + 7, a->provisional);
	sqlite3_bind_int(st, first + 8, a->active);
}

enum md_status
md_store_agency_insert_row(struct md_db *db, const struct md_store_agency *a,
			   long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_agency_insert_row, err);
	if (!st)
		return store_no_stmt(err);
	bind_agency(st, 1, a);
	store_bind_id(st, 10, a->added_by);
	enum md_status rc = store_run_clash(db, st, "関係機関の登録",
					    SQLITE_CONSTRAINT_UNIQUE, 0,
					    MD_ERR_EXISTS, err);
	return store_new_id(db, rc, id);
}

enum md_status
md_store_agency_update(struct md_db *db, long long id,
		       const struct md_store_agency *a, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_agency_update, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, id);
	bind_agency(st, 2, a);
	store_bind_id(st, 11, a->merged_into);
	return store_run_clash(db, st, "関係機関の変更",
			       SQLITE_CONSTRAINT_UNIQUE, 0, MD_ERR_EXISTS, err);
}

enum md_status
md_store_agency_aliases_move(struct md_db *db, long long from, long long to,
			     struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_aliases_move, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	return store_run(db, st, "関係機関の別名の付け替え", err);
}
