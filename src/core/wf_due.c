/* What falls due: evaluations, follow-ups and appointments, read through
 * the index of each date. */
#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/wareki.h"
#include "madoguchi/workflow.h"

void
md_dues_free(struct md_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(d[i].name);
		md_free(d[i].kana);
		md_free(d[i].staff);
		md_free(d[i].due_on);
	}
	md_free(d);
}

/* Each kind walks the index of its date and stops at ?2 rows (-1: none);
 * the three are then merged. Without statistics SQLite would rather take
 * cases_stage (status = 'open') and sort every open case. An appointment
 * (the 次回予定日 of a progress entry, from ?3 on) stands while no later
 * entry of the case names another and none is dated on or after it. */
static const char sql_due[] =
	"SELECT * FROM (SELECT c.id, p.name, p.kana, coalesce(u.display_name, ''),"
	" 0, c.next_eval_on AS due"
	" FROM cases c INDEXED BY cases_next_eval"
	" JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" WHERE c.status = 'open' AND c.next_eval_on <= ?1"
	" ORDER BY c.next_eval_on, c.id LIMIT ?2)"
	" UNION ALL "
	"SELECT * FROM (SELECT c.id, p.name, p.kana, coalesce(u.display_name, ''),"
	" 1, c.follow_up_on AS due"
	" FROM cases c JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" WHERE c.follow_up_on <= ?1"
	" ORDER BY c.follow_up_on, c.id LIMIT ?2)"
	" UNION ALL "
	"SELECT * FROM (SELECT c.id, p.name, p.kana, coalesce(u.display_name, ''),"
	" 2, r.appointment_on AS due"
	" FROM form_records r INDEXED BY form_records_appointment"
	" JOIN cases c ON c.id = r.case_id"
	" JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" WHERE r.appointment_on >= ?3 AND r.appointment_on <= ?1"
	" AND c.status = 'open'"
	" AND NOT EXISTS (SELECT 1 FROM form_records l"
	"  WHERE l.case_id = r.case_id AND l.form = r.form"
	"  AND l.entry_date >= r.appointment_on)"
	" AND NOT EXISTS (SELECT 1 FROM form_records l"
	"  WHERE l.case_id = r.case_id AND l.form = r.form"
	"  AND l.appointment_on IS NOT NULL AND (l.entry_date > r.entry_date"
	"  OR (l.entry_date = r.entry_date AND l.seq > r.seq)))"
	" ORDER BY r.appointment_on, c.id LIMIT ?2)"
	" ORDER BY 6, 1 LIMIT ?2";

/* The kinds of sql_due's rows, by its fifth column. */
static const char *const due_kinds[] = {"評価", "フォローアップ", "次回予定"};

enum md_status
md_workflow_due(struct md_db *db, const struct md_user *actor, int days,
		int limit, struct md_due **out, size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "予定の確認",
					    err);
	if (rc != MD_OK)
		return rc;
	char today[MD_DATE_SIZE], until[MD_DATE_SIZE], since[MD_DATE_SIZE];
	md_clock_today(today);
	struct md_date t;
	md_date_from_iso(today, &t, NULL);
	md_date_iso(md_date_from_days(md_date_days(t) + (days > 0 ? days : 0)),
		    until);
	md_date_iso(md_date_from_days(md_date_days(t) - (days > 0 ? days : 0)),
		    since);
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	sqlite3_stmt *q = md_db_stmt(db, sql_due, err);
	if (!q) {
		md_db_rollback(db);
		return err->status;
	}
	sqlite3_bind_text(q, 1, until, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, limit > 0 ? limit : -1);
	sqlite3_bind_text(q, 3, since, -1, SQLITE_STATIC);
	struct md_due *arr = NULL;
	size_t count = 0;
	int src;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		struct md_due *p = md_realloc(arr, (count + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		arr = p;
		struct md_due *d = &arr[count++];
		d->case_id = sqlite3_column_int64(q, 0);
		d->name = md_db_column_dup(q, 1);
		d->kana = md_db_column_dup(q, 2);
		d->staff = md_db_column_dup(q, 3);
		int kind = sqlite3_column_int(q, 4);
		d->kind = due_kinds[kind >= 0 && kind <= 2 ? kind : 0];
		d->due_on = md_db_column_dup(q, 5);
		if (!d->name || !d->kana || !d->staff || !d->due_on) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		d->overdue = strcmp(d->due_on, today) < 0;
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "予定の確認", err);
	sqlite3_reset(q);
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, 0, 0,
				  "予定の一覧", err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc != MD_OK) {
		md_dues_free(arr, count);
		return rc;
	}
	*out = arr;
	*n = count;
	return MD_OK;
}

/* One case's dates by the rules of sql_due: its evaluation (open), its
 * follow-up, and the appointment that stands (the 次回予定日 of its latest
 * entry naming one, while no entry is dated on or after it; open), each
 * with its kind (the fifth column of sql_due), soonest first. */
static const char sql_case_due[] =
	"SELECT * FROM (SELECT 0, next_eval_on AS due FROM cases"
	" WHERE id = ?1 AND status = 'open' AND next_eval_on IS NOT NULL"
	" UNION ALL "
	"SELECT 1, follow_up_on FROM cases"
	" WHERE id = ?1 AND follow_up_on IS NOT NULL"
	" UNION ALL "
	"SELECT 2, r.appointment_on FROM form_records r"
	" JOIN cases c ON c.id = r.case_id"
	" WHERE r.case_id = ?1 AND r.appointment_on IS NOT NULL"
	" AND c.status = 'open'"
	" AND NOT EXISTS (SELECT 1 FROM form_records l"
	"  WHERE l.case_id = r.case_id AND l.form = r.form"
	"  AND l.entry_date >= r.appointment_on)"
	" AND NOT EXISTS (SELECT 1 FROM form_records l"
	"  WHERE l.case_id = r.case_id AND l.form = r.form"
	"  AND l.appointment_on IS NOT NULL AND (l.entry_date > r.entry_date"
	"  OR (l.entry_date = r.entry_date AND l.seq > r.seq))))"
	" ORDER BY 2, 1 LIMIT 1";

enum md_status
md_workflow_case_due(struct md_db *db, long long case_id,
		     struct md_case_due *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	out->kind = "";
	sqlite3_stmt *q = md_db_stmt(db, sql_case_due, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	int src = sqlite3_step(q);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		int kind = sqlite3_column_int(q, 0);
		const char *on = (const char *)sqlite3_column_text(q, 1);
		out->kind = due_kinds[kind >= 0 && kind <= 2 ? kind : 0];
		snprintf(out->due_on, sizeof out->due_on, "%s", on ? on : "");
		char today[MD_DATE_SIZE];
		md_clock_today(today);
		out->overdue = strcmp(out->due_on, today) < 0;
	} else if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "ケースの予定", err);
	}
	sqlite3_reset(q);
	return rc;
}
