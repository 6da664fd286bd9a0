/* Meetings read: one whole, the list, the minutes within who may read
 * them, the 提供記録 of a person, and what falls due (meetings.h). */
#include "madoguchi/meetings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/agencies.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/consent.h"
#include "madoguchi/households.h"
#include "madoguchi/display.h"
#include "madoguchi/store.h"
#include "madoguchi/wareki.h"

/* ---- one meeting ---- */

void
md_meeting_fini(struct md_meeting *m)
{
	char **s[] = {&m->type_id,  &m->basis,    &m->on,     &m->place,
		      &m->convener, &m->proposer, &m->shared, &m->decisions,
		      &m->lead,     &m->next_on};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++)
		md_free(*s[i]);
	for (size_t i = 0; i < m->nattendees; i++) {
		md_free(m->attendees[i].name);
		md_free(m->attendees[i].agency);
	}
	for (size_t i = 0; i < m->npersons; i++) {
		md_free(m->persons[i].name);
		md_free(m->persons[i].kana);
		md_free(m->persons[i].basis_text);
		md_free(m->persons[i].note);
	}
	for (size_t i = 0; i < m->ntasks; i++) {
		md_free(m->tasks[i].what);
		md_free(m->tasks[i].owner);
		md_free(m->tasks[i].due_on);
		md_free(m->tasks[i].done_on);
	}
	md_free(m->attendees);
	md_free(m->persons);
	md_free(m->tasks);
	memset(m, 0, sizeof *m);
}

static const char sql_meeting[] =
	"SELECT m.type, m.basis, m.held, m.held_on, m.place,"
	" coalesce(u.display_name, ''),"
	" coalesce(pa.name, pu.display_name, ''), m.shared, m.decisions,"
	" coalesce(la.name, ''), coalesce(m.next_on, ''), m.revision"
	" FROM meetings m LEFT JOIN users u ON u.id = m.convener_id"
	" LEFT JOIN agencies pa ON pa.id = m.proposer_agency_id"
	" LEFT JOIN users pu ON pu.id = m.proposer_user_id"
	" LEFT JOIN agencies la ON la.id = m.lead_agency_id WHERE m.id = ?1";
static const char sql_attendees[] =
	"SELECT a.id, coalesce(a.user_id, 0),"
	" CASE WHEN a.user_id IS NULL THEN a.name ELSE u.display_name END,"
	" coalesce(g.name, ''), a.secrecy FROM meeting_attendees a"
	" LEFT JOIN users u ON u.id = a.user_id"
	" LEFT JOIN agencies g ON g.id = a.agency_id"
	" WHERE a.meeting_id = ?1 ORDER BY a.id";
static const char sql_persons[] =
	"SELECT mp.person_id, p.name, p.kana, mp.basis = 'consent',"
	" mp.basis_text, mp.note FROM meeting_persons mp"
	" JOIN persons p ON p.id = mp.person_id WHERE mp.meeting_id = ?1"
	" ORDER BY mp.id";
static const char sql_tasks[] =
	"SELECT id, what, owner, due_on, coalesce(done_on, '')"
	" FROM meeting_tasks WHERE meeting_id = ?1 ORDER BY due_on, id";

/* Grow *arr of *n items of size by one; the new item zeroed, or NULL. */
static void *
grow(void *arr_p, size_t *n, size_t size)
{
	void **arr = arr_p;
	char *p = md_realloc(*arr, (*n + 1) * size);
	if (!p)
		return NULL;
	*arr = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

/* Meeting id whole into out, without audit. */
static enum md_status
meeting_read(struct md_db *db, const struct md_meeting_defs *defs,
	     const struct md_household_defs *hdefs, long long id,
	     struct md_meeting *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = md_db_stmt(db, sql_meeting, err);
	if (!st)
		return err->status;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		out->id = id;
		char **cols[] = {&out->type_id,  &out->basis,  NULL,
				 &out->on,       &out->place,  &out->convener,
				 &out->proposer, &out->shared, &out->decisions,
				 &out->lead,     &out->next_on};
		for (int c = 0; c < 11; c++)
			if (cols[c] && !(*cols[c] = md_db_column_dup(st, c)))
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		out->held = sqlite3_column_int(st, 2);
		out->revision = sqlite3_column_int(st, 11);
	} else {
		rc = src == SQLITE_DONE
			     ? md_err_set(err, MD_ERR_NOTFOUND,
					  "会議番号: 会議 %lld はありません",
					  id)
			     : md_db_fail(db, src, "会議の読み込み", err);
	}
	sqlite3_reset(st);
	if (rc != MD_OK) {
		md_meeting_fini(out);
		return rc;
	}
	out->type = md_meeting_type_find(defs, out->type_id);
	st = md_db_stmt(db, sql_attendees, err);
	if (!st)
		rc = err->status;
	else
		sqlite3_bind_int64(st, 1, id);
	while (rc == MD_OK && st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_meeting_attendee *a = grow(&out->attendees,
						     &out->nattendees,
						     sizeof *a);
		if (!a || !(a->name = md_db_column_dup(st, 2)) ||
		    !(a->agency = md_db_column_dup(st, 3))) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		a->id = sqlite3_column_int64(st, 0);
		a->user_id = sqlite3_column_int64(st, 1);
		a->secrecy = sqlite3_column_int(st, 4);
	}
	if (st)
		sqlite3_reset(st);
	st = rc == MD_OK ? md_db_stmt(db, sql_persons, err) : NULL;
	if (st)
		sqlite3_bind_int64(st, 1, id);
	while (st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_meeting_person *p = grow(&out->persons,
						   &out->npersons, sizeof *p);
		if (!p || !(p->name = md_db_column_dup(st, 1)) ||
		    !(p->kana = md_db_column_dup(st, 2)) ||
		    !(p->basis_text = md_db_column_dup(st, 4)) ||
		    !(p->note = md_db_column_dup(st, 5))) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		p->person_id = sqlite3_column_int64(st, 0);
		p->by_consent = sqlite3_column_int(st, 3);
	}
	if (st)
		sqlite3_reset(st);
	st = rc == MD_OK ? md_db_stmt(db, sql_tasks, err) : NULL;
	if (st)
		sqlite3_bind_int64(st, 1, id);
	while (st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_meeting_task *t = grow(&out->tasks, &out->ntasks,
						 sizeof *t);
		if (!t || !(t->what = md_db_column_dup(st, 1)) ||
		    !(t->owner = md_db_column_dup(st, 2)) ||
		    !(t->due_on = md_db_column_dup(st, 3)) ||
		    !(t->done_on = md_db_column_dup(st, 4))) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		t->id = sqlite3_column_int64(st, 0);
	}
	if (st)
		sqlite3_reset(st);
	struct md_consent_rule rule = md_household_consent_rule(hdefs);
	for (size_t i = 0; rc == MD_OK && i < out->npersons; i++) {
		struct md_meeting_person *p = &out->persons[i];
		rc = p->by_consent
			     ? md_person_consented(db, &rule, p->person_id,
						   NULL, &p->consents_now, err)
			     : MD_OK;
	}
	if (rc != MD_OK)
		md_meeting_fini(out);
	return rc;
}

/* Commit when rc is MD_OK, else roll back; rc or the commit's status. */
static enum md_status
finish_or(struct md_db *db, enum md_status rc, struct md_err *err)
{
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

/* One audit row per person of m, and detail for the meeting (detail is
 * freed here), in a transaction. */
static enum md_status
audit_rows(struct md_db *db, const struct md_user *actor,
	   enum md_audit_action action, const struct md_meeting *m,
	   const bool *shown, char *detail, struct md_err *err)
{
	enum md_status rc = detail ? md_db_begin(db, err)
				   : md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc != MD_OK) {
		md_free(detail);
		return rc;
	}
	rc = md_audit_add(db, actor->id, action, 0, 0, detail, err);
	for (size_t i = 0; rc == MD_OK && i < m->npersons; i++)
		if (!shown || shown[i])
			rc = md_audit_add(db, actor->id, action, 0,
					  m->persons[i].person_id, detail, err);
	md_free(detail);
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

enum md_status
md_meeting_get(struct md_db *db, const struct md_user *actor,
	       const struct md_meeting_defs *defs,
	       const struct md_household_defs *hdefs, long long id,
	       struct md_meeting *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	enum md_status rc = md_auth_require(db, actor, false, "会議の閲覧",
					    err);
	if (rc == MD_OK)
		rc = meeting_read(db, defs, hdefs, id, out, err);
	if (rc == MD_OK)
		rc = audit_rows(db, actor, MD_AUDIT_VIEW, out, NULL,
				md_asprintf("会議 %lld の閲覧", id), err);
	if (rc != MD_OK)
		md_meeting_fini(out);
	return rc;
}

/* ---- the list ---- */

void
md_meeting_rows_free(struct md_meeting_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(r[i].type_label);
		md_free(r[i].on);
		md_free(r[i].next_on);
	}
	md_free(r);
}

static const char sql_list[] =
	"SELECT m.id, m.type, m.held_on, m.held, (SELECT count(*)"
	"  FROM meeting_persons p WHERE p.meeting_id = m.id),"
	" (SELECT count(*) FROM meeting_tasks t WHERE t.meeting_id = m.id"
	"  AND t.done_on IS NULL), coalesce(m.next_on, '')"
	" FROM meetings m WHERE ?1 IS NULL OR m.type = ?1"
	" ORDER BY m.held_on DESC, m.id DESC";

enum md_status
md_meeting_list(struct md_db *db, const struct md_user *actor,
		const struct md_meeting_defs *defs, const char *type,
		struct md_meeting_row **out, size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "会議の一覧",
					    err);
	if (rc != MD_OK)
		return rc;
	const struct md_meeting_type *t = type ? md_meeting_type_find(defs,
								      type)
					       : NULL;
	if (type && !t)
		return md_err_set(err, MD_ERR_INVALID,
				  "種類: 「%s」という会議はありません", type);
	sqlite3_stmt *st = md_db_stmt(db, sql_list, err);
	if (!st)
		return err->status;
	if (t)
		sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_meeting_row *r = grow(out, n, sizeof *r);
		const char *tid = (const char *)sqlite3_column_text(st, 1);
		const struct md_meeting_type *mt = md_meeting_type_find(defs,
									tid);
		if (!r || !(r->type_label = md_strdup(mt ? mt->label : tid)) ||
		    !(r->on = md_db_column_dup(st, 2)) ||
		    !(r->next_on = md_db_column_dup(st, 6))) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		r->id = sqlite3_column_int64(st, 0);
		r->held = sqlite3_column_int(st, 3);
		r->npersons = (size_t)sqlite3_column_int64(st, 4);
		r->nopen_tasks = (size_t)sqlite3_column_int64(st, 5);
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "会議の一覧", err);
	sqlite3_reset(st);
	if (rc == MD_OK)
		rc = md_audit_list_view(db, actor->id, "会議の一覧", err);
	if (rc != MD_OK) {
		md_meeting_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- minutes ---- */

/* What the minutes say in place of what the reader may not see. */
static const char omitted_all[] = "(記載しない本人がいるため記載しません)";

/* One line of the minutes: its section, label and value (new strings). */
struct mline {
	char *section, *label, *value;
};

struct minutes {
	struct md_meeting m;
	bool *shown;
	size_t nshown;
	char *reader;     /* who reads, as printed */
	long long agency; /* the agency read to, or 0 */
	bool bound;       /* the reader is bound to secrecy at this meeting */
	struct mline *lines;
	size_t nlines;
	bool nomem;
};

static void
minutes_fini(struct minutes *x)
{
	md_meeting_fini(&x->m);
	md_free(x->shown);
	md_free(x->reader);
	for (size_t i = 0; i < x->nlines; i++) {
		md_free(x->lines[i].section);
		md_free(x->lines[i].label);
		md_free(x->lines[i].value);
	}
	md_free(x->lines);
}

static void line_add(struct minutes *x, const char *section, const char *label,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
line_add(struct minutes *x, const char *section, const char *label,
	 const char *fmt, ...)
{
	struct mline *l = grow(&x->lines, &x->nlines, sizeof *l);
	va_list ap;
	va_start(ap, fmt);
	struct md_buf b;
	md_buf_init(&b);
	md_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (!l || !md_buf_ok(&b) || !(l->section = md_strdup(section)) ||
	    !(l->label = md_strdup(label)))
		x->nomem = true;
	if (l)
		l->value = md_buf_ok(&b) ? md_buf_take(&b) : NULL;
	x->nomem |= !l || !l->value;
	md_buf_fini(&b);
}

/* Who reads (reader) and whether they are bound to secrecy at x->m. */
static enum md_status
minutes_reader(struct md_db *db, const struct md_user *actor,
	       const struct md_minutes_reader *reader, struct minutes *x,
	       struct md_err *err)
{
	const struct md_meeting *m = &x->m;
	if (reader && reader->attendee_id) {
		for (size_t i = 0; i < m->nattendees; i++)
			if (m->attendees[i].id == reader->attendee_id) {
				const struct md_meeting_attendee
					*a = &m->attendees[i];
				x->bound = a->secrecy;
				x->reader = *a->agency ? md_asprintf("%s(%s)",
								     a->name,
								     a->agency)
						       : md_strdup(a->name);
				return x->reader ? MD_OK
						 : md_err_set(err, MD_ERR_NOMEM,
							      NULL);
			}
		return md_err_set(err, MD_ERR_INVALID,
				  "読み手: 出席者 %lld は会議 %lld の出席者ではありません",
				  reader->attendee_id, m->id);
	}
	if (reader && reader->agency && *reader->agency) {
		struct md_agency a;
		struct md_err e;
		enum md_status rc = md_agency_find(db, reader->agency, &a, &e);
		if (rc != MD_OK)
			return md_err_set(err, rc, "読み手: %s", e.msg);
		for (size_t i = 0; i < m->nattendees; i++)
			x->bound |= m->attendees[i].secrecy &&
				    !strcmp(m->attendees[i].agency, a.name);
		x->agency = a.id;
		x->reader = md_strdup(a.name);
		md_agency_fini(&a);
		return x->reader ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; i < m->nattendees; i++)
		x->bound |= m->attendees[i].secrecy &&
			    m->attendees[i].user_id == actor->id;
	x->reader = md_strdup(actor->display_name);
	return x->reader ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
}

/* The lines of the minutes of meeting id for reader. */
static enum md_status
minutes_build(struct md_db *db, const struct md_user *actor,
	      const struct md_meeting_defs *defs,
	      const struct md_household_defs *hdefs, long long id,
	      const struct md_minutes_reader *reader, struct minutes *x,
	      struct md_err *err)
{
	memset(x, 0, sizeof *x);
	enum md_status rc = md_auth_require(db, actor, false, "会議録の印刷",
					    err);
	if (rc == MD_OK)
		rc = meeting_read(db, defs, hdefs, id, &x->m, err);
	if (rc == MD_OK)
		rc = minutes_reader(db, actor, reader, x, err);
	if (rc != MD_OK)
		return rc;
	const struct md_meeting *m = &x->m;
	x->shown = md_calloc(m->npersons + 1, sizeof *x->shown);
	if (!x->shown)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	size_t left_consent = 0, left_secrecy = 0;
	for (size_t i = 0; i < m->npersons; i++) {
		const struct md_meeting_person *p = &m->persons[i];
		x->shown[i] = p->by_consent ? p->consents_now : x->bound;
		left_consent += p->by_consent && !x->shown[i];
		left_secrecy += !p->by_consent && !x->shown[i];
	}
	bool all = !left_consent && !left_secrecy;
	char w[MD_DISPLAY_WHEN_SIZE], today[MD_DATE_SIZE];
	md_clock_today(today);
	const char *label = m->type ? m->type->label : m->type_id;
	line_add(x, "会議", "会議", "会議 %lld %s", m->id, label);
	if (*m->basis)
		line_add(x, "会議", "根拠", "%s", m->basis);
	line_add(x, "会議", m->held ? "開催日" : "開催予定日", "%s",
		 md_display_when(m->on, MD_DATE_LONG, w));
	line_add(x, "会議", "場所", "%s", m->place);
	line_add(x, "会議", "招集者", "%s", m->convener);
	if (*m->proposer)
		line_add(x, "会議", "提起", "%s", m->proposer);
	line_add(x, "会議", "読み手", "%s(守秘義務の確認%s)", x->reader,
		 x->bound ? "あり" : "なし");
	for (size_t i = 0; i < m->nattendees; i++) {
		const struct md_meeting_attendee *a = &m->attendees[i];
		line_add(x, "出席者", "出席者", "%s%s%s%s%s", a->name,
			 *a->agency ? "(" : "", a->agency,
			 *a->agency ? ")" : "",
			 a->secrecy ? " 守秘義務確認済み" : "");
	}
	for (size_t i = 0; i < m->npersons; i++)
		if (x->shown[i])
			line_add(x, "検討した本人", "本人",
				 "本人 %lld %s(%s) 根拠: %s",
				 m->persons[i].person_id, m->persons[i].name,
				 m->persons[i].kana, m->persons[i].basis_text);
	if (left_consent)
		line_add(x, "検討した本人", "記載しない本人",
			 "%zu 人(本人の同意がないか、撤回されたため)",
			 left_consent);
	if (left_secrecy)
		line_add(x, "検討した本人", "記載しない本人",
			 "%zu 人(法に基づき同意なく検討した人で、読み手が守秘義務を負わないため)",
			 left_secrecy);
	line_add(x, "内容", "共有した内容", "%s",
		 all ? m->shared : omitted_all);
	line_add(x, "内容", "決定事項", "%s", all ? m->decisions : omitted_all);
	line_add(x, "内容", "主担当", "%s", m->lead);
	for (size_t i = 0; i < m->ntasks; i++) {
		const struct md_meeting_task *t = &m->tasks[i];
		char d[MD_DISPLAY_WHEN_SIZE];
		line_add(x, "役割分担", "役割分担",
			 "%lld %s 担当: %s 期限: %s%s%s", t->id, t->what,
			 t->owner, md_display_when(t->due_on, MD_DATE_LONG, w),
			 *t->done_on ? " 完了: " : "",
			 *t->done_on
				 ? md_display_when(t->done_on, MD_DATE_LONG, d)
				 : "");
	}
	if (*m->next_on)
		line_add(x, "内容", "次回", "%s",
			 md_display_when(m->next_on, MD_DATE_LONG, w));
	line_add(x, "印刷", "印刷日", "%s",
		 md_display_when(today, MD_DATE_LONG, w));
	line_add(x, "印刷", "印刷者", "%s", actor->display_name);
	return x->nomem ? md_err_set(err, MD_ERR_NOMEM, NULL) : MD_OK;
}

/* A disclosure of each person printed, to the reader, and the audit rows
 * of the print (how: テキスト or CSV), in one transaction. */
static enum md_status
minutes_record(struct md_db *db, const struct md_user *actor,
	       const struct minutes *x, const char *how, bool audit,
	       struct md_err *err)
{
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	char now[MD_TIMESTAMP_SIZE], today[MD_DATE_SIZE];
	md_clock_timestamp(now);
	md_clock_today(today);
	char *what = md_asprintf("会議録(会議 %lld、%s)", x->m.id, how);
	if (!what)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; rc == MD_OK && i < x->m.npersons; i++) {
		if (!x->shown[i])
			continue;
		struct md_store_disclosure d = {
			.person_id = x->m.persons[i].person_id,
			.what = what,
			.meeting_id = x->m.id,
			.agency_id = x->agency,
			.to_text = x->reader,
			.basis = x->m.persons[i].basis_text,
			.on_day = today,
			.user_id = actor->id,
			.at = now,
		};
		rc = md_store_disclosure_insert(db, &d, err);
	}
	md_free(what);
	rc = finish_or(db, rc, err);
	if (rc == MD_OK && audit)
		rc = audit_rows(db, actor, MD_AUDIT_EXPORT, &x->m, x->shown,
				md_asprintf("会議 %lld の会議録の印刷(%s、読み手 %s)",
					    x->m.id, how, x->reader),
				err);
	return rc;
}

enum md_status
md_meeting_minutes_text(struct md_db *db, const struct md_user *actor,
			const struct md_meeting_defs *defs,
			const struct md_household_defs *hdefs, long long id,
			const struct md_minutes_reader *reader,
			struct md_buf *out, struct md_err *err)
{
	struct minutes x;
	enum md_status rc = minutes_build(db, actor, defs, hdefs, id, reader,
					  &x, err);
	const char *section = "";
	for (size_t i = 0; rc == MD_OK && i < x.nlines; i++) {
		const struct mline *l = &x.lines[i];
		if (i == 0) {
			md_buf_addf(out, "会議録 %s\n", l->value);
			continue;
		}
		if (strcmp(section, l->section))
			md_buf_addf(out, "\n[%s]\n", l->section);
		section = l->section;
		md_buf_addf(out, "  %s: %s\n", l->label, l->value);
	}
	if (rc == MD_OK && !md_buf_ok(out))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK)
		rc = minutes_record(db, actor, &x, "テキスト", true, err);
	minutes_fini(&x);
	return rc;
}

enum md_status
md_meeting_minutes_csv(struct md_db *db, const struct md_user *actor,
		       const struct md_meeting_defs *defs,
		       const struct md_household_defs *hdefs, long long id,
		       const struct md_minutes_reader *reader, const char *path,
		       const struct md_export_options *opts, struct md_err *err)
{
	struct minutes x;
	enum md_status rc = minutes_build(db, actor, defs, hdefs, id, reader,
					  &x, err);
	const char **cells = rc == MD_OK ? md_calloc((x.nlines + 1) * 3,
						     sizeof *cells)
					 : NULL;
	if (rc == MD_OK && !cells)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	char *detail = NULL;
	if (rc == MD_OK) {
		cells[0] = "区分";
		cells[1] = "項目";
		cells[2] = "内容";
		for (size_t i = 0; i < x.nlines; i++) {
			cells[(i + 1) * 3] = x.lines[i].section;
			cells[(i + 1) * 3 + 1] = x.lines[i].label;
			cells[(i + 1) * 3 + 2] = x.lines[i].value;
		}
		detail = md_asprintf("会議 %lld の会議録の印刷(CSV、読み手 %s)",
				     id, x.reader);
		rc = detail ? md_export_table(db, actor, 0, 0, detail, cells,
					      x.nlines + 1, 3, path, opts, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (rc == MD_OK)
		rc = minutes_record(db, actor, &x, "CSV", false, err);
	if (rc == MD_OK) {
		/* The export row is the meeting's; one per person printed. */
		rc = audit_rows(db, actor, MD_AUDIT_EXPORT, &x.m, x.shown,
				md_strdup(detail), err);
	}
	md_free(detail);
	md_free(cells);
	minutes_fini(&x);
	return rc;
}

/* ---- 提供記録 ---- */

void
md_disclosures_free(struct md_disclosure *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(d[i].on);
		md_free(d[i].what);
		md_free(d[i].to);
		md_free(d[i].basis);
		md_free(d[i].by);
	}
	md_free(d);
}

static const char sql_disclosures[] =
	"SELECT d.on_day, d.what, d.to_text, d.basis,"
	" coalesce(u.display_name, ''), coalesce(d.meeting_id, 0)"
	" FROM disclosures d LEFT JOIN users u ON u.id = d.user_id"
	" WHERE d.person_id = ?1 ORDER BY d.id";

enum md_status
md_person_disclosures(struct md_db *db, const struct md_user *actor,
		      long long person_id, struct md_disclosure **out,
		      size_t *n, char withdrawn_on[11], struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "提供記録の閲覧",
					    err);
	if (rc == MD_OK)
		rc = md_consent_withdrawn_on(db, person_id, withdrawn_on, err);
	sqlite3_stmt *st = rc == MD_OK ? md_db_stmt(db, sql_disclosures, err)
				       : NULL;
	if (rc == MD_OK && !st)
		rc = err->status;
	int src = SQLITE_DONE;
	if (st)
		sqlite3_bind_int64(st, 1, person_id);
	while (st && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_disclosure *d = grow(out, n, sizeof *d);
		if (!d || !(d->on = md_db_column_dup(st, 0)) ||
		    !(d->what = md_db_column_dup(st, 1)) ||
		    !(d->to = md_db_column_dup(st, 2)) ||
		    !(d->basis = md_db_column_dup(st, 3)) ||
		    !(d->by = md_db_column_dup(st, 4))) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		d->meeting_id = sqlite3_column_int64(st, 5);
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "提供記録", err);
	if (st)
		sqlite3_reset(st);
	if (rc == MD_OK && (rc = md_db_begin(db, err)) == MD_OK) {
		char *detail = md_asprintf("本人 %lld の提供記録の閲覧",
					   person_id);
		rc = detail ? md_audit_add(db, actor->id, MD_AUDIT_VIEW, 0,
					   person_id, detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(detail);
		rc = finish_or(db, rc, err);
	}
	if (rc != MD_OK) {
		md_disclosures_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- due ---- */

void
md_meeting_dues_free(struct md_meeting_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(d[i].what);
		md_free(d[i].due_on);
	}
	md_free(d);
}

/* A meeting's next one stands while no later meeting of its type is
 * recorded on or after it; a task while it is open. Kind 0 and 1. */
static const char sql_due[] =
	"SELECT 0, m.id, 0, m.type, '', m.next_on FROM meetings m"
	" WHERE m.next_on IS NOT NULL AND m.next_on <= ?1"
	" AND NOT EXISTS (SELECT 1 FROM meetings l WHERE l.type = m.type"
	"  AND l.id > m.id AND l.held_on >= m.next_on)"
	" UNION ALL "
	"SELECT 1, t.meeting_id, t.id, t.what, t.owner, t.due_on"
	" FROM meeting_tasks t WHERE t.done_on IS NULL AND t.due_on <= ?1"
	" ORDER BY 6, 2, 3";

/* The last held meeting of type and whether any is recorded after it, or
 * has a next one of its own (then the regular date is not needed). */
static const char sql_regular[] =
	"SELECT m.held_on, m.id, m.next_on IS NOT NULL OR EXISTS (SELECT 1"
	"  FROM meetings l WHERE l.type = m.type AND l.id <> m.id"
	"  AND l.held_on > m.held_on)"
	" FROM meetings m WHERE m.type = ?1 AND m.held = 1"
	" ORDER BY m.held_on DESC, m.id DESC LIMIT 1";

/* iso plus months (the last day of a shorter month) into out. */
static void
add_months(const char *iso, int months, char out[MD_DATE_SIZE])
{
	struct md_date d;
	md_date_from_iso(iso, &d, NULL);
	int m = d.month - 1 + months;
	d.year += m / 12;
	d.month = m % 12 + 1;
	while (d.day > 28 && !md_date_valid(d.year, d.month, d.day))
		d.day--;
	md_date_iso(d, out);
}

enum md_status
md_meeting_due(struct md_db *db, const struct md_user *actor,
	       const struct md_meeting_defs *defs, int days,
	       struct md_meeting_due **out, size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "予定の一覧",
					    err);
	if (rc != MD_OK || (rc = md_audit_list_view(db, actor->id, "会議の予定",
						    err)) != MD_OK)
		return rc;
	char today[MD_DATE_SIZE], until[MD_DATE_SIZE];
	md_clock_today(today);
	struct md_date t;
	md_date_from_iso(today, &t, NULL);
	md_date_iso(md_date_from_days(md_date_days(t) + days), until);
	sqlite3_stmt *st = md_db_stmt(db, sql_due, err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, until, -1, SQLITE_STATIC);
	int src;
	static const char *const kinds[] = {"次回の会議", "役割分担",
					    "定例の会議"};
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_meeting_due *d = grow(out, n, sizeof *d);
		int kind = sqlite3_column_int(st, 0);
		const char *a = (const char *)sqlite3_column_text(st, 3);
		const char *b = (const char *)sqlite3_column_text(st, 4);
		const struct md_meeting_type
			*mt = kind == 0 ? md_meeting_type_find(defs, a) : NULL;
		if (!d || !(d->due_on = md_db_column_dup(st, 5)) ||
		    !(d->what = kind ? md_asprintf("%s(担当 %s)", a, b)
				     : md_strdup(mt ? mt->label : a))) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		d->kind = kinds[kind ? 1 : 0];
		d->meeting_id = sqlite3_column_int64(st, 1);
		d->task_id = sqlite3_column_int64(st, 2);
		d->overdue = strcmp(d->due_on, today) < 0;
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "会議の予定", err);
	sqlite3_reset(st);
	/* 002 第7条3 (2か月に1回程度), 003 §6 (定例 月1回): the types held
	 * regularly, interval_months after the last one held. */
	for (size_t i = 0; rc == MD_OK && i < defs->n; i++) {
		const struct md_meeting_type *mt = &defs->types[i];
		if (!mt->interval_months ||
		    !(st = md_db_stmt(db, sql_regular, err))) {
			rc = mt->interval_months ? err->status : MD_OK;
			continue;
		}
		sqlite3_bind_text(st, 1, mt->id, -1, SQLITE_STATIC);
		if ((src = sqlite3_step(st)) == SQLITE_ROW &&
		    !sqlite3_column_int(st, 2)) {
			char next[MD_DATE_SIZE];
			add_months((const char *)sqlite3_column_text(st, 0),
				   mt->interval_months, next);
			struct md_meeting_due *d = strcmp(next, until) <= 0
							   ? grow(out, n,
								  sizeof *d)
							   : NULL;
			if (strcmp(next, until) <= 0 &&
			    (!d || !(d->due_on = md_strdup(next)) ||
			     !(d->what = md_asprintf("%s(%dか月ごと)", mt->label,
						     mt->interval_months))))
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			else if (d) {
				d->kind = kinds[2];
				d->meeting_id = sqlite3_column_int64(st, 1);
				d->overdue = strcmp(next, today) < 0;
			}
		} else if (src != SQLITE_ROW && src != SQLITE_DONE) {
			rc = md_db_fail(db, src, "定例の会議", err);
		}
		sqlite3_reset(st);
	}
	/* Soonest first, all kinds together (a few: insertion). */
	for (size_t i = 1; rc == MD_OK && i < *n; i++)
		for (size_t j = i; j > 0 && strcmp((*out)[j - 1].due_on,
						   (*out)[j].due_on) > 0;
		     j--) {
			struct md_meeting_due tmp = (*out)[j];
			(*out)[j] = (*out)[j - 1];
			(*out)[j - 1] = tmp;
		}
	if (rc != MD_OK) {
		md_meeting_dues_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
