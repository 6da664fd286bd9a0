/* The one writer of offices and office_revisions. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_office_insert[] =
	"INSERT INTO offices (name, revision, active, created_at, updated_at)"
	" VALUES (?1, ?2, ?3, ?4, ?4)";
static const char sql_office_update[] =
	"UPDATE offices SET name = ?1, revision = ?2, active = ?3,"
	" updated_at = ?4 WHERE id = ?5";
static const char sql_office_revision_insert[] =
	"INSERT INTO office_revisions (office_id, revision, user_id, at, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

/* Bind the columns of o at 1..4 as both statements number them. */
static void
bind_office(sqlite3_stmt *st, const void *row)
{
	const struct md_store_office *o = row;
	store_bind_text(st, 1, o->name);
	sqlite3_bind_int(st, 2, o->revision);
	sqlite3_bind_int(st, 3, o->active);
	store_bind_text(st, 4, o->at);
}

static const struct store_versioned offices = {
	.insert_sql = sql_office_insert,
	.update_sql = sql_office_update,
	.revision_sql = sql_office_revision_insert,
	.id_param = 5,
	.what = "事業所の登録",
	.what_revision = "事業所の履歴",
	.bind = bind_office,
	.clash = SQLITE_CONSTRAINT_UNIQUE,
};

enum md_status
md_store_office_write(struct md_db *db, long long *id,
		      const struct md_store_office *o,
		      const struct md_store_revision_row *rev,
		      struct md_err *err)
{
	return store_versioned_write(db, &offices, id, o, rev, err);
}
