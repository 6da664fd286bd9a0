/* The crash tests' checks of a database after a kill (see dbcheck.h). */
#include "dbcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/diag.h"
#include "madoguchi/entries.h"

#ifndef TOP_DIR
#define TOP_DIR "."
#endif

/* At most this many lines of one kind of fault, then a count. */
#define FAULTS_SHOWN 5

void
dbcheck_fault(struct dbcheck *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	md_buf_vaddf(&c->faults, fmt, ap);
	va_end(ap);
	md_buf_addc(&c->faults, '\n');
	c->nfaults++;
}

void
dbcheck_print(const struct dbcheck *c)
{
	for (const char *p = md_buf_str(&c->faults); *p;) {
		const char *nl = strchr(p, '\n');
		int len = (int)(nl ? nl - p : (long)strlen(p));
		printf("#   %.*s\n", len, p);
		p += len + (nl != NULL);
	}
}

bool
dbcheck_open(struct dbcheck *c, const char *path, const struct md_forms *forms)
{
	struct md_err err;
	memset(c, 0, sizeof *c);
	md_buf_init(&c->faults);
	c->forms = forms;
	int rc = sqlite3_open_v2(path, &c->h, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(c->h, 10000);
	if (rc != SQLITE_OK) {
		dbcheck_fault(c, "cannot open %s: %s", path,
			      sqlite3_errstr(rc));
		return false;
	}
	/* The tokenizers and md_audit_hash the checks read with. */
	if (md_db_register_functions(c->h, &err) != MD_OK) {
		dbcheck_fault(c, "SQL functions: %s", err.msg);
		return false;
	}
	return true;
}

void
dbcheck_close(struct dbcheck *c)
{
	if (c->h)
		sqlite3_close_v2(c->h);
	c->h = NULL;
	md_buf_fini(&c->faults);
}

static sqlite3_stmt *
prepare(struct dbcheck *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->h, sql, -1, &st, NULL) != SQLITE_OK) {
		dbcheck_fault(c, "SQL %.60s…: %s", sql, sqlite3_errmsg(c->h));
		return NULL;
	}
	return st;
}

/* Run sql, which returns rows of one text column each of which is a
 * fault (or the single row "ok" when fine); prefix names the check. */
static void
rows_are_faults(struct dbcheck *c, const char *prefix, const char *sql,
		const char *fine)
{
	sqlite3_stmt *st = prepare(c, sql);
	if (!st)
		return;
	int n = 0, rc;
	c->checks++;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (fine && t && !strcmp(t, fine))
			continue;
		if (n++ < FAULTS_SHOWN)
			dbcheck_fault(c, "%s: %s", prefix, t ? t : "(null)");
	}
	if (n > FAULTS_SHOWN)
		dbcheck_fault(c, "%s: … %d faults in all", prefix, n);
	if (rc != SQLITE_DONE)
		dbcheck_fault(c, "%s: %s", prefix, sqlite3_errmsg(c->h));
	sqlite3_finalize(st);
}

long long
dbcheck_int(struct dbcheck *c, const char *sql, const char *param)
{
	sqlite3_stmt *st = prepare(c, sql);
	if (!st)
		return -1;
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	long long v = sqlite3_step(st) == SQLITE_ROW
			      ? sqlite3_column_int64(st, 0)
			      : -1;
	sqlite3_finalize(st);
	return v;
}

/* SQLite's own checks of the file; the audit log one hash chain, numbered
 * from 1 without a gap, whatever moment a write was stopped at. */
static void
check_file(struct dbcheck *c)
{
	rows_are_faults(c, "integrity_check", "PRAGMA integrity_check", "ok");
	rows_are_faults(c, "foreign_key_check",
			"SELECT \"table\" || ' row ' || rowid || ' → ' || parent"
			" FROM pragma_foreign_key_check",
			NULL);
	rows_are_faults(c, "audit chain",
			"SELECT 'row ' || id || CASE WHEN id <> coalesce(p, 0) + 1"
			" THEN ' after row ' || coalesce(p, 0) ELSE ' hash' END"
			" FROM (SELECT id, hash, lag(id) OVER w AS p,"
			" md_audit_hash(coalesce(lag(hash) OVER w, ''), id, at,"
			" user_id, action, case_id, person_id, detail) AS want"
			" FROM audit_log WINDOW w AS (ORDER BY id))"
			" WHERE id <> coalesce(p, 0) + 1 OR hash IS NOT want",
			NULL);
}

/*
 * Each record at the highest of its revisions; revisions 1..n, each from
 * the one before, each data a JSON object of text; the record's complete
 * and entry date those of its latest revision; an audit row for each.
 */
static const char sql_record_faults[] =
	"SELECT 'record ' || f.id || ' (case ' || f.case_id || ' ' || f.form"
	" || ' ' || f.seq || ') is at revision ' || f.revision || ' but has '"
	" || count(r.revision) || ' revisions, highest '"
	" || coalesce(max(r.revision), 0) || ', lowest '"
	" || coalesce(min(r.revision), 0)"
	" FROM form_records f LEFT JOIN form_revisions r ON r.record_id = f.id"
	" GROUP BY f.id HAVING f.revision <> coalesce(max(r.revision), 0)"
	" OR count(r.revision) <> coalesce(max(r.revision), 0)"
	" OR coalesce(min(r.revision), 1) <> 1";
static const char sql_revision_faults[] =
	"SELECT 'record ' || record_id || ' revision ' || revision || ': '"
	" || CASE WHEN base_revision <> revision - 1"
	"      THEN 'base revision ' || base_revision"
	"      ELSE 'data is not a JSON object: ' || substr(data, 1, 40) END"
	" FROM form_revisions WHERE base_revision <> revision - 1"
	" OR NOT json_valid(data) OR json_type(data) <> 'object'"
	" OR EXISTS (SELECT 1 FROM json_each(data) WHERE type <> 'text')"
	" OR NOT json_valid(changed)";
static const char sql_latest[] =
	"SELECT f.id, f.case_id, f.form, f.seq, f.complete, f.entry_date,"
	" r.complete, r.data FROM form_records f JOIN form_revisions r"
	" ON r.record_id = f.id AND r.revision = f.revision";
static const char sql_revision_audit[] =
	"SELECT f.id, f.case_id, f.form, f.seq, r.revision,"
	" (SELECT count(*) FROM audit_log a WHERE a.case_id = f.case_id"
	"  AND a.action = CASE r.revision WHEN 1 THEN 'create' ELSE 'update' END"
	"  AND a.detail LIKE '% (' || f.seq || ') 版 ' || r.revision)"
	" FROM form_revisions r JOIN form_records f ON f.id = r.record_id";

static void
check_records(struct dbcheck *c)
{
	rows_are_faults(c, "form_records", sql_record_faults, NULL);
	rows_are_faults(c, "form_revisions", sql_revision_faults, NULL);
	sqlite3_stmt *st = prepare(c, sql_latest);
	if (!st)
		return;
	struct md_values v;
	md_values_init(&v);
	struct md_err err;
	c->checks++;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *form_id = (const char *)sqlite3_column_text(st, 2);
		const struct md_form *form = md_forms_find(c->forms, form_id);
		if (sqlite3_column_int(st, 4) != sqlite3_column_int(st, 6))
			dbcheck_fault(c,
				      "record %lld: complete %d, its latest revision %d",
				      id, sqlite3_column_int(st, 4),
				      sqlite3_column_int(st, 6));
		if (md_values_from_json((const char *)sqlite3_column_text(st,
									  7),
					&v, &err) != MD_OK) {
			dbcheck_fault(c,
				      "record %lld: latest data unreadable: %s",
				      id, err.msg);
			continue;
		}
		if (form && form->entries && form->date_field) {
			const char *want = md_values_get(&v, form->date_field);
			const char *have = (const char *)sqlite3_column_text(st,
									     5);
			if (strcmp(want ? want : "", have ? have : ""))
				dbcheck_fault(c,
					      "record %lld: entry_date %s, its latest revision %s",
					      id, have ? have : "NULL",
					      want ? want : "none");
		}
	}
	sqlite3_finalize(st);
	md_values_fini(&v);

	st = prepare(c, sql_revision_audit);
	if (!st)
		return;
	c->checks++;
	int missing = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_int(st, 5) < 1 && missing++ < FAULTS_SHOWN)
			dbcheck_fault(c,
				      "record %lld (case %lld %s %d) revision %d has no audit row",
				      (long long)sqlite3_column_int64(st, 0),
				      (long long)sqlite3_column_int64(st, 1),
				      (const char *)sqlite3_column_text(st, 2),
				      sqlite3_column_int(st, 3),
				      sqlite3_column_int(st, 4));
	sqlite3_finalize(st);
}

/* Each person at the highest of their revisions, and their fields those of
 * it. */
static const char sql_person_faults[] =
	"SELECT 'person ' || p.id || ' at revision ' || p.revision || ', revisions '"
	" || count(r.revision) || ', highest ' || coalesce(max(r.revision), 0)"
	" FROM persons p LEFT JOIN person_revisions r ON r.person_id = p.id"
	" GROUP BY p.id HAVING p.revision <> coalesce(max(r.revision), 0)"
	" OR count(r.revision) <> coalesce(max(r.revision), 0)"
	" UNION ALL "
	"SELECT 'person ' || p.id || ': ' || k.key || ' is «' || coalesce(k.col, '')"
	" || '», revision ' || r.revision || ' says «'"
	" || coalesce(json_extract(r.data, '$.' || k.key), '') || '»'"
	" FROM persons p JOIN person_revisions r"
	" ON r.person_id = p.id AND r.revision = p.revision"
	" JOIN (SELECT id, 'name' AS key, name AS col FROM persons"
	"  UNION ALL SELECT id, 'kana', kana FROM persons"
	"  UNION ALL SELECT id, 'address', address FROM persons"
	"  UNION ALL SELECT id, 'phone_home', phone_home FROM persons"
	"  UNION ALL SELECT id, 'postal_code', postal_code FROM persons) k"
	" ON k.id = p.id"
	" WHERE coalesce(k.col, '') <> coalesce(json_extract(r.data, '$.' || k.key), '')";

/* Each case's stage is the step of its last event; an event's revision
 * exists. */
static const char sql_case_faults[] =
	"SELECT 'case ' || c.id || ' stage ' || c.stage || ', last event '"
	" || coalesce((SELECT step FROM workflow_events e WHERE e.case_id = c.id"
	"  ORDER BY e.id DESC LIMIT 1), 'none')"
	" FROM cases c WHERE c.stage IS NOT (SELECT step FROM workflow_events e"
	"  WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1)"
	" UNION ALL "
	"SELECT 'event ' || e.id || ' names revision ' || e.record_revision"
	" || ' of record ' || e.record_id || ', which is at ' || f.revision"
	" FROM workflow_events e JOIN form_records f ON f.id = e.record_id"
	" WHERE e.record_revision > f.revision";

static void
check_people_and_cases(struct dbcheck *c)
{
	rows_are_faults(c, "persons", sql_person_faults, NULL);
	rows_are_faults(c, "workflow", sql_case_faults, NULL);
	rows_are_faults(c, "drafts",
			"SELECT 'draft of user ' || user_id || ' case ' || case_id"
			" || ' ' || form || ' ' || seq || ' is not a JSON object'"
			" FROM drafts WHERE NOT json_valid(data)"
			" OR json_type(data) <> 'object'",
			NULL);
	rows_are_faults(c, "contact drafts",
			"SELECT 'draft of user ' || user_id || ' contact '"
			" || contact_id || ' is not a JSON object'"
			" FROM contact_drafts WHERE NOT json_valid(data)"
			" OR json_type(data) <> 'object'",
			NULL);
}

/* Fill temp.x_pairs and temp.x_chars with the latest text of every entry,
 * as md_record_save gives it to the index. */
static bool
expected_index(struct dbcheck *c)
{
	static const char *const setup[] = {
		"DROP TABLE IF EXISTS temp.x_pairs",
		"DROP TABLE IF EXISTS temp.x_chars",
		"CREATE VIRTUAL TABLE temp.x_pairs USING fts5 (body,"
		" tokenize = 'md_pairs')",
		"CREATE VIRTUAL TABLE temp.x_chars USING fts5 (body,"
		" detail = none, tokenize = 'md_chars')",
		"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_pairs"
		" USING fts5vocab (main, entries_pairs, instance)",
		"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_chars"
		" USING fts5vocab (main, entries_chars, instance)",
		"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vx_pairs"
		" USING fts5vocab (temp, x_pairs, instance)",
		"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vx_chars"
		" USING fts5vocab (temp, x_chars, instance)",
	};
	for (size_t i = 0; i < sizeof setup / sizeof *setup; i++)
		if (sqlite3_exec(c->h, setup[i], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			dbcheck_fault(c, "index check: %s",
				      sqlite3_errmsg(c->h));
			return false;
		}
	sqlite3_stmt *st = prepare(c, sql_latest);
	sqlite3_stmt *ins[2] = {
		prepare(c,
			"INSERT INTO temp.x_pairs (rowid, body) VALUES (?1, ?2)"),
		prepare(c,
			"INSERT INTO temp.x_chars (rowid, body) VALUES (?1, ?2)"),
	};
	bool ok = st && ins[0] && ins[1];
	struct md_values v;
	md_values_init(&v);
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		const struct md_form *form =
			md_forms_find(c->forms,
				      (const char *)sqlite3_column_text(st, 2));
		if (!form || !form->entries ||
		    md_values_from_json((const char *)sqlite3_column_text(st,
									  7),
					&v, NULL) != MD_OK)
			continue;
		char *text = md_entries_text(form, &v);
		for (int k = 0; text && *text && k < 2; k++) {
			sqlite3_bind_int64(ins[k], 1,
					   sqlite3_column_int64(st, 0));
			sqlite3_bind_text(ins[k], 2, text, -1, SQLITE_STATIC);
			if (sqlite3_step(ins[k]) != SQLITE_DONE)
				ok = false;
			sqlite3_reset(ins[k]);
		}
		md_free(text);
	}
	md_values_fini(&v);
	sqlite3_finalize(st);
	sqlite3_finalize(ins[0]);
	sqlite3_finalize(ins[1]);
	return ok;
}

/*
 * Both indexes hold exactly the pairs and characters of the latest text of
 * each entry (a token too many is a replaced text still found; one too few
 * a text not found), and pass FTS5's own check.
 */
static void
check_index(struct dbcheck *c)
{
	static const char *const own[][2] = {
		{"entries_pairs", "INSERT INTO entries_pairs (entries_pairs)"
				  " VALUES ('integrity-check')"},
		{"entries_chars", "INSERT INTO entries_chars (entries_chars)"
				  " VALUES ('integrity-check')"},
	};
	c->checks++;
	for (int k = 0; k < 2; k++)
		if (sqlite3_exec(c->h, own[k][1], NULL, NULL, NULL) !=
		    SQLITE_OK)
			dbcheck_fault(c, "%s integrity-check: %s", own[k][0],
				      sqlite3_errmsg(c->h));
	if (!expected_index(c))
		return;
	rows_are_faults(c, "entries_pairs",
			"SELECT 'entry ' || doc || ' has «' || term || '» at ' || offset"
			" || ', not in its latest text' FROM (SELECT term, doc, offset"
			" FROM temp.v_pairs EXCEPT SELECT term, doc, offset FROM temp.vx_pairs)"
			" UNION ALL "
			"SELECT 'entry ' || doc || ' lacks «' || term || '» at ' || offset"
			" FROM (SELECT term, doc, offset FROM temp.vx_pairs"
			" EXCEPT SELECT term, doc, offset FROM temp.v_pairs)",
			NULL);
	rows_are_faults(c, "entries_chars",
			"SELECT 'entry ' || doc || ' has «' || term || '», not in its latest text'"
			" FROM (SELECT term, doc FROM temp.v_chars"
			" EXCEPT SELECT term, doc FROM temp.vx_chars)"
			" UNION ALL "
			"SELECT 'entry ' || doc || ' lacks «' || term || '»'"
			" FROM (SELECT term, doc FROM temp.vx_chars"
			" EXCEPT SELECT term, doc FROM temp.v_chars)",
			NULL);
}

int
dbcheck_all(struct dbcheck *c)
{
	int before = c->nfaults;
	check_file(c);
	check_records(c);
	check_people_and_cases(c);
	check_index(c);
	return c->nfaults - before;
}

bool
dbcheck_entries_with(struct dbcheck *c, const char *word, struct md_buf *out)
{
	md_buf_reset(out);
	sqlite3_stmt *st =
		prepare(c, "SELECT rowid FROM entries_pairs"
			   " WHERE entries_pairs MATCH ?1 ORDER BY rowid");
	if (!st)
		return false;
	char *phrase = md_asprintf("\"%s\"", word);
	sqlite3_bind_text(st, 1, phrase, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		md_buf_addf(out, "%s%lld", out->len ? "," : "",
			    (long long)sqlite3_column_int64(st, 0));
	if (rc != SQLITE_DONE)
		dbcheck_fault(c, "search %s: %s", word, sqlite3_errmsg(c->h));
	sqlite3_finalize(st);
	md_free(phrase);
	return rc == SQLITE_DONE;
}

bool
dbcheck_values(struct dbcheck *c, long long case_id, const char *form, int seq,
	       int revision, struct md_values *v, int *latest)
{
	md_values_clear(v);
	*latest = 0;
	sqlite3_stmt *st =
		prepare(c,
			"SELECT f.revision, r.data FROM form_records f"
			" LEFT JOIN form_revisions r ON r.record_id = f.id"
			" AND r.revision = CASE ?4 WHEN 0 THEN f.revision ELSE ?4 END"
			" WHERE f.case_id = ?1 AND f.form = ?2 AND f.seq = ?3");
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, seq);
	sqlite3_bind_int(st, 4, revision);
	bool found = false;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*latest = sqlite3_column_int(st, 0);
		const char *data = (const char *)sqlite3_column_text(st, 1);
		found = data && md_values_from_json(data, v, NULL) == MD_OK;
	}
	sqlite3_finalize(st);
	return found;
}

struct md_forms *
dbcheck_forms(void)
{
	struct md_forms *forms = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	if (md_forms_load(TOP_DIR "/forms", &forms, &diags, &err) != MD_OK) {
		fprintf(stderr, "forms: %s\n", err.msg);
		for (size_t i = 0; i < diags.n; i++)
			fprintf(stderr, "%s\n", diags.msgs[i]);
		exit(2);
	}
	md_diags_fini(&diags);
	return forms;
}
