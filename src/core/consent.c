/* Consent to sharing, per person, and its withdrawal: the one check that
 * the household print and the meetings use (consent.h). */
#include "madoguchi/consent.h"

#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/* The latest saved record of the consent form among the person's cases
 * (?1 person, ?2 the field's JSON path, ?3 the form), its value, and
 * whether a withdrawal dated on or before ?4 was recorded after it. */
static const char sql_consented[] =
	"SELECT json_extract(r.data, ?2), EXISTS (SELECT 1"
	"  FROM consent_withdrawals w WHERE w.person_id = ?1"
	"  AND w.withdrawn_on <= ?4 AND w.at >= r.at)"
	" FROM cases c"
	" JOIN form_records f ON f.case_id = c.id AND f.form = ?3"
	" JOIN form_revisions r ON r.record_id = f.id"
	"  AND r.revision = f.revision"
	" WHERE c.person_id = ?1 ORDER BY r.at DESC, f.id DESC LIMIT 1";

enum md_status
md_person_consented(struct md_db *db, const struct md_consent_rule *rule,
		    long long person_id, const char *on, bool *yes,
		    struct md_err *err)
{
	*yes = false;
	if (!person_id || !rule || !rule->field)
		return MD_OK;
	char today[MD_DATE_SIZE];
	if (!on || !*on) {
		md_clock_today(today);
		on = today;
	}
	sqlite3_stmt *st = md_db_stmt(db, sql_consented, err);
	if (!st)
		return err->status;
	char *path = md_asprintf("$.\"%s\"", rule->field->key);
	if (!path)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rule->form->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, on, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		*yes = v && !strcmp(v, rule->value) &&
		       !sqlite3_column_int(st, 1);
	} else if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "本人の同意の確認", err);
	}
	sqlite3_reset(st);
	md_free(path);
	return rc;
}

static const char sql_person_exists[] = "SELECT 1 FROM persons WHERE id = ?1";

enum md_status
md_consent_withdraw(struct md_db *db, const struct md_user *actor,
		    long long person_id, const char *on, const char *note,
		    long long *id, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "同意の撤回",
					    err);
	if (rc != MD_OK)
		return rc;
	struct md_date d;
	struct md_err e;
	char iso[MD_DATE_SIZE], today[MD_DATE_SIZE];
	md_clock_today(today);
	if (!on || !*on)
		return md_err_set(err, MD_ERR_INVALID,
				  "撤回日: 同意を撤回した日を指定してください");
	if (md_date_parse(on, &d, &e) != MD_OK)
		return md_err_set(err, MD_ERR_INVALID, "撤回日: %s", e.msg);
	md_date_iso(d, iso);
	if (strcmp(iso, today) > 0)
		return md_err_set(err, MD_ERR_INVALID,
				  "撤回日: 「%s」は未来の日付です", on);
	char *trimmed = md_strdup(note ? note : "");
	if (!trimmed)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	if (!*md_text_trim(trimmed)) {
		md_free(trimmed);
		return md_err_set(err, MD_ERR_INVALID,
				  "撤回の記録: いつ、どのように撤回が伝えられたかを書いてください");
	}
	md_free(trimmed);
	if ((rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	sqlite3_stmt *st = md_db_stmt(db, sql_person_exists, err);
	if (!st) {
		md_db_rollback(db);
		return err->status;
	}
	sqlite3_bind_int64(st, 1, person_id);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_ROW)
		rc = src == SQLITE_DONE
			     ? md_err_set(err, MD_ERR_NOTFOUND,
					  "本人番号: 本人 %lld はいません",
					  person_id)
			     : md_db_fail(db, src, "本人の確認", err);
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	long long wid = 0;
	if (rc == MD_OK)
		rc = md_store_consent_withdrawal_insert(db, person_id, iso,
							note, actor->id, now,
							&wid, err);
	if (rc == MD_OK) {
		char *detail =
			md_asprintf("本人 %lld の情報共有への同意の撤回(%s から)",
				    person_id, iso);
		rc = detail ? md_audit_add(db, actor->id, MD_AUDIT_UPDATE, 0,
					   person_id, detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(detail);
	}
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK && id)
		*id = wid;
	return rc;
}

static const char sql_withdrawn_on[] =
	"SELECT max(withdrawn_on) FROM consent_withdrawals WHERE person_id = ?1";

enum md_status
md_consent_withdrawn_on(struct md_db *db, long long person_id, char out[11],
			struct md_err *err)
{
	*out = '\0';
	sqlite3_stmt *st = md_db_stmt(db, sql_withdrawn_on, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, person_id);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, 11, "%s", v ? v : "");
	} else {
		rc = md_db_fail(db, src, "同意の撤回の確認", err);
	}
	sqlite3_reset(st);
	return rc;
}
