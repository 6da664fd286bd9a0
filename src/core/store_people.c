/* The one writer of persons, person_revisions and person_keys. */
#include "madoguchi/store.h"

#include "store_int.h"

static const char sql_person_insert[] =
	"INSERT INTO persons (household_id, name, kana, sex, birth_date,"
	" postal_code, address, phone_home, phone_mobile, email, extra,"
	" name_key, kana_key, revision, created_at, updated_at) VALUES (?16,"
	" ?1, ?2, ?3, nullif(?4, ''), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	" ?15, ?14)";
static const char sql_person_update[] =
	"UPDATE persons SET name = ?1, kana = ?2, sex = ?3,"
	" birth_date = nullif(?4, ''), postal_code = ?5, address = ?6,"
	" phone_home = ?7, phone_mobile = ?8, email = ?9, extra = ?10,"
	" name_key = ?11, kana_key = ?12, revision = ?13, updated_at = ?14"
	" WHERE id = ?15";

/* Bind the columns the insert and the update share (?1 to ?14). */
static void
bind_person(sqlite3_stmt *st, const struct md_store_person *p)
{
	for (int i = 0; i < MD_PERSON_FIELD_COUNT; i++)
		store_bind_text(st, 1 + i, p->field[i]);
	store_bind_text(st, 10, p->extra);
	store_bind_text(st, 11, p->name_key);
	store_bind_text(st, 12, p->kana_key);
	sqlite3_bind_int(st, 13, p->revision);
	store_bind_text(st, 14, p->updated_at);
}

enum md_status
md_store_person_insert(struct md_db *db, const struct md_store_person *p,
		       long long *id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_person_insert, err);
	if (!st)
		return store_no_stmt(err);
	bind_person(st, p);
	store_bind_text(st, 15, p->created_at);
	store_bind_id(st, 16, p->household_id);
	return store_new_id(db, store_run(db, st, "本人の情報の保存", err), id);
}

enum md_status
md_store_person_update(struct md_db *db, long long id,
		       const struct md_store_person *p, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_person_update, err);
	if (!st)
		return store_no_stmt(err);
	bind_person(st, p);
	sqlite3_bind_int64(st, 15, id);
	return store_run(db, st, "本人の情報の保存", err);
}

static const char sql_person_set_household[] =
	"UPDATE persons SET household_id = ?2 WHERE id = ?1"
	" AND household_id IS NOT ?2";

enum md_status
md_store_person_set_household(struct md_db *db, long long person_id,
			      long long household_id, struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_person_set_household, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, person_id);
	store_bind_id(st, 2, household_id);
	return store_run(db, st, "本人の世帯の保存", err);
}

static const char sql_person_revision[] =
	"INSERT INTO person_revisions (person_id, revision, base_revision,"
	" user_id, at, data, changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

enum md_status
md_store_person_revision_insert(struct md_db *db,
				const struct md_store_person_revision *r,
				struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_person_revision, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, r->person_id);
	sqlite3_bind_int(st, 2, r->revision);
	sqlite3_bind_int(st, 3, r->base_revision);
	sqlite3_bind_int64(st, 4, r->user_id);
	store_bind_text(st, 5, r->at);
	store_bind_text(st, 6, r->data);
	store_bind_text(st, 7, r->changed);
	return store_run(db, st, "本人の情報の履歴", err);
}

static const char sql_person_keys_clear[] =
	"DELETE FROM person_keys WHERE person_id = ?1";
static const char sql_person_key_add[] =
	"INSERT OR IGNORE INTO person_keys (key, person_id) VALUES (?1, ?2)";

enum md_status
md_store_person_keys_clear(struct md_db *db, long long person_id,
			   struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_person_keys_clear, err);
	if (!st)
		return store_no_stmt(err);
	sqlite3_bind_int64(st, 1, person_id);
	return store_run(db, st, "本人の検索用の読みの保存", err);
}

enum md_status
md_store_person_key_add(struct md_db *db, long long person_id, const char *key,
			struct md_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql_person_key_add, err);
	if (!st)
		return store_no_stmt(err);
	store_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, person_id);
	return store_run(db, st, "本人の検索用の読みの保存", err);
}
