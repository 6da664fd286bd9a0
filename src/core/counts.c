/* Counting the tables of forms/counts.ini: the records of a period read as
 * they stood at a date, each tested against the columns and lines of the
 * tables that count its kind, and tallied by month, office or member of
 * staff (counts.h). */
#include "madoguchi/counts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/clock.h"
#include "madoguchi/offices.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/* ---- the rows a run is divided into ---- */

/* A group of rows: a month, an office or a member of staff. */
struct bucket {
	long long key; /* months since year 0, office id or user id; 0 none */
	char *label;
};

/* The members of staff and offices, to name rows and read revisions. */
struct who {
	long long id;
	char *login, *name, *key; /* key: md_text_search_key (offices) */
};

static void
whos_free(struct who *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(w[i].login);
		md_free(w[i].name);
		md_free(w[i].key);
	}
	md_free(w);
}

static const char sql_users[] =
	"SELECT id, login, display_name FROM users ORDER BY id";
static const char sql_offices[] = "SELECT id, name, name FROM offices"
				  " ORDER BY name";

static enum md_status
whos_load(struct md_db *db, const char *sql, bool keys, struct who **out,
	  size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql, err);
	if (!st)
		return err->status;
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct who *p = md_realloc(*out, (*n + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		*out = p;
		struct who *w = &p[(*n)++];
		w->id = sqlite3_column_int64(st, 0);
		w->login = md_db_column_dup(st, 1);
		w->name = md_db_column_dup(st, 2);
		w->key = keys && w->name ? md_text_search_key(w->name) : NULL;
		if (!w->login || !w->name || (keys && !w->key)) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "件数の集計", err);
	sqlite3_reset(st);
	return rc;
}

/* ---- one record, as a condition reads it ---- */

/* The values of a form's fields an event's conditions read, kept for the
 * event being tested. */
#define FORM_CACHE 8

struct rec {
	char date[11];
	long long id, office, staff, person;
	const char *v[MD_COUNT_MAX_FIELDS]; /* NULL: no value */
	/* events: what reading a form's field needs */
	long long case_id, record_id;
	const char *at;
	const struct md_field *cached[FORM_CACHE];
	char *cache[FORM_CACHE];
	size_t ncached;
};

/* A run in progress. */
struct run {
	struct md_db *db;
	const struct md_count_defs *defs;
	struct md_err *err;
	const char *const *names; /* of the options, for refusals */
	char from[11], to[11], as_at[11], as_at_ts[20];
	bool history; /* as at a day before today: revisions are read */
	long long office, staff; /* 0: any */
	enum md_count_by by;
	int first_month; /* months since year 0 of from */
	struct bucket *buckets;
	size_t nbuckets;
	struct who *users, *offices;
	size_t nusers, noffices;
	struct tally *tallies;
	size_t ntallies;
	enum md_status rc;
};

/* A hit of a column that counts persons (or feeds a several column that
 * does): which row, line, column, who, and the option (items), or -1. */
struct hit {
	int bucket, line, col, opt;
	long long who;
};

/* The figures of one table: n[(bucket * nlines + line) * ncols + col],
 * the bucket after the last the period as a whole. */
struct tally {
	const struct md_count_table *t;
	long long *n;
	bool hits_of[MD_COUNT_MAX_COLUMNS]; /* a column whose hits are kept */
	struct hit *hits;
	size_t nhits, cap;
};

static const char sql_form_value[] =
	"SELECT json_extract(r.data, ?1) FROM form_revisions r"
	" WHERE r.record_id = coalesce("
	"  (SELECT id FROM form_records WHERE id = ?2 AND form = ?3),"
	"  (SELECT id FROM form_records WHERE case_id = ?4 AND form = ?3"
	"   AND created_at <= ?5 ORDER BY seq DESC LIMIT 1))"
	" AND r.at <= ?6 ORDER BY r.revision DESC LIMIT 1";

/* The value of the form's field f for the event x: of the round its step
 * filled, else the latest round made by the time it was recorded, as its
 * revisions stood at the as-at day. NULL when none (or on an error, left
 * in run->rc). */
static const char *
form_value(struct run *run, struct rec *x, const struct md_form *form,
	   const struct md_field *f)
{
	for (size_t i = 0; i < x->ncached; i++)
		if (x->cached[i] == f)
			return x->cache[i];
	sqlite3_stmt *st = md_db_stmt(run->db, sql_form_value, run->err);
	if (!st) {
		run->rc = run->err->status;
		return NULL;
	}
	char path[80];
	snprintf(path, sizeof path, "$.%s", f->key);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, x->record_id);
	sqlite3_bind_text(st, 3, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, x->case_id);
	sqlite3_bind_text(st, 5, x->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, run->as_at_ts, -1, SQLITE_STATIC);
	char *v = NULL;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    !(v = md_db_column_dup(st, 0)))
		run->rc = md_err_set(run->err, MD_ERR_NOMEM, NULL);
	else if (src != SQLITE_ROW && src != SQLITE_DONE)
		run->rc = md_db_fail(run->db, src, "件数の集計", run->err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (x->ncached < FORM_CACHE) {
		x->cached[x->ncached] = f;
		x->cache[x->ncached++] = v;
	} else {
		/* More fields than kept: the last slot is reused. */
		md_free(x->cache[FORM_CACHE - 1]);
		x->cached[FORM_CACHE - 1] = f;
		x->cache[FORM_CACHE - 1] = v;
	}
	return v;
}

static void
rec_fini(struct rec *x)
{
	for (size_t i = 0; i < x->ncached; i++)
		md_free(x->cache[i]);
	x->ncached = 0;
}

/* Whether the option opt is one of the lines of value. */
static bool
holds_option(const char *value, const char *opt)
{
	size_t len = strlen(opt);
	for (const char *p = value; p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n == len && !memcmp(p, opt, len))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

static const char *
term_value(struct run *run, struct rec *x, const struct md_count_term *t)
{
	return t->ffield ? form_value(run, x, t->form, t->ffield)
			 : x->v[t->field];
}

/* How many of the term's options the record holds (0: none). */
static int
term_hits(struct run *run, struct rec *x, const struct md_count_term *t)
{
	const char *v = term_value(run, x, t);
	int n = 0;
	for (size_t i = 0; v && *v && i < t->noptions; i++)
		n += holds_option(v, t->options[i]);
	return n;
}

static bool
clause_holds(struct run *run, struct rec *x, const struct md_count_clause *c)
{
	for (size_t i = 0; i < c->n; i++) {
		int n = term_hits(run, x, &c->terms[i]);
		if (c->terms[i].negate ? n > 0 : n == 0)
			return false;
	}
	return true;
}

/* The clause of c that holds for x (the first), NULL when none; a
 * condition of no clauses holds for every record (*all set). */
static const struct md_count_clause *
cond_holds(struct run *run, struct rec *x, const struct md_count_cond *c,
	   bool *all)
{
	*all = c->n == 0;
	for (size_t i = 0; i < c->n; i++)
		if (clause_holds(run, x, &c->clauses[i]))
			return &c->clauses[i];
	return NULL;
}

/* Whether a term's field is a multiple choice (contacts' topics, a form's
 * multi field). */
static bool
term_multi(const struct md_count_table *t, const struct md_count_term *term)
{
	if (term->ffield)
		return term->ffield->type == MD_FIELD_MULTI;
	/* contacts: topics, the fourth field of MD_COUNT_RECORDS */
	return t->records == MD_CR_CONTACTS && term->field == 3;
}

/* ---- tallying ---- */

static enum md_status
add_hit(struct run *run, struct tally *ty, int bucket, int line, int col,
	long long who, int opt)
{
	if (ty->nhits == ty->cap) {
		size_t cap = ty->cap ? ty->cap * 2 : 256;
		struct hit *p = md_realloc(ty->hits, cap * sizeof *p);
		if (!p)
			return run->rc = md_err_set(run->err, MD_ERR_NOMEM,
						    NULL);
		ty->hits = p;
		ty->cap = cap;
	}
	ty->hits[ty->nhits++] = (struct hit){bucket, line, col, opt, who};
	return MD_OK;
}

static long long *
cell(struct run *run, struct tally *ty, size_t bucket, size_t line, size_t col)
{
	(void)run;
	return &ty->n[(bucket * ty->t->nlines + line) * ty->t->ncols + col];
}

/* The bucket of x, or -1 when it is in none (outside the months). */
static int
bucket_of(struct run *run, const struct rec *x)
{
	long long key = 0;
	switch (run->by) {
	case MD_COUNT_BY_NONE:
		return -1;
	case MD_COUNT_BY_MONTH:
		key = atoi(x->date) * 12LL + atoi(x->date + 5) - 1;
		break;
	case MD_COUNT_BY_OFFICE:
		key = x->office;
		break;
	case MD_COUNT_BY_STAFF:
		key = x->staff;
		break;
	}
	for (size_t i = 0; i < run->nbuckets; i++)
		if (run->buckets[i].key == key)
			return (int)i;
	return -1;
}

/* Count record x in table ty. */
static void
count_in(struct run *run, struct tally *ty, struct rec *x, int b)
{
	const struct md_count_table *t = ty->t;
	bool all;
	if (!cond_holds(run, x, &t->where, &all) && !all)
		return;
	size_t total = run->nbuckets;
	int cnt[MD_COUNT_MAX_COLUMNS];
	for (size_t l = 0; l < t->nlines && run->rc == MD_OK; l++) {
		if (!cond_holds(run, x, &t->lines[l].cond, &all) && !all)
			continue;
		for (size_t c = 0; c < t->ncols; c++) {
			const struct md_count_column *col = &t->cols[c];
			cnt[c] = 0;
			if (col->several >= 0)
				continue;
			const struct md_count_clause *cl = cond_holds(run, x,
								      &col->cond,
								      &all);
			if (!cl && !all)
				continue;
			/* items: each option chosen of the clause's multiple
			 * choice, as 004 counts 相談内容. */
			const struct md_count_term *multi = NULL;
			for (size_t k = 0; t->items && cl && k < cl->n; k++)
				if (!cl->terms[k].negate &&
				    term_multi(t, &cl->terms[k]))
					multi = &cl->terms[k];
			cnt[c] = multi ? term_hits(run, x, multi) : 1;
			/* Kept by person: the hits are read only for what
			 * counts persons (the column, or a several of its
			 * group). */
			if (ty->hits_of[c]) {
				const char *v = multi ? term_value(run, x,
								   multi)
						      : NULL;
				for (size_t o = 0;
				     multi && v && o < multi->noptions; o++)
					if (holds_option(v, multi->options[o]))
						add_hit(run, ty, b, (int)l,
							(int)c, x->person,
							(int)o);
				if (!multi)
					add_hit(run, ty, b, (int)l, (int)c,
						x->person, -1);
			}
			if (col->persons)
				continue;
			if (b >= 0)
				*cell(run, ty, (size_t)b, l, c) += cnt[c];
			*cell(run, ty, total, l, c) += cnt[c];
		}
		/* several GROUP, a record at a time (persons: from the hits). */
		for (size_t c = 0; c < t->ncols; c++) {
			const struct md_count_column *col = &t->cols[c];
			if (col->several < 0 || col->persons)
				continue;
			const char *g = t->cols[col->several].group;
			int n = 0;
			for (size_t k = 0; k < t->ncols; k++)
				if (t->cols[k].several < 0 &&
				    !strcmp(t->cols[k].group, g))
					n += t->items ? cnt[k] : cnt[k] > 0;
			if (n >= 2) {
				if (b >= 0)
					(*cell(run, ty, (size_t)b, l, c))++;
				(*cell(run, ty, total, l, c))++;
			}
		}
	}
}

static int
hit_compare(const void *pa, const void *pb)
{
	const struct hit *a = pa, *b = pb;
	if (a->bucket != b->bucket)
		return a->bucket < b->bucket ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->who != b->who)
		return a->who < b->who ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->opt < b->opt ? -1 : a->opt > b->opt;
}

/* The columns counted by person, from the hits: each (row, line, person)
 * once, with everything of theirs. */
static void
count_persons(struct run *run, struct tally *ty, bool as_total)
{
	const struct md_count_table *t = ty->t;
	size_t total = run->nbuckets;
	if (as_total)
		for (size_t i = 0; i < ty->nhits; i++)
			ty->hits[i].bucket = (int)total;
	qsort(ty->hits, ty->nhits, sizeof *ty->hits, hit_compare);
	for (size_t i = 0; i < ty->nhits;) {
		size_t j = i;
		const struct hit *h = &ty->hits[i];
		while (j < ty->nhits && ty->hits[j].bucket == h->bucket &&
		       ty->hits[j].line == h->line && ty->hits[j].who == h->who)
			j++;
		if (h->bucket < 0) {
			i = j;
			continue;
		}
		/* What this one has: distinct options (or columns). */
		int has[MD_COUNT_MAX_COLUMNS] = {0};
		for (size_t k = i; k < j; k++)
			if (k == i ||
			    hit_compare(&ty->hits[k - 1], &ty->hits[k]))
				has[ty->hits[k].col]++;
		for (size_t c = 0; c < t->ncols; c++) {
			const struct md_count_column *col = &t->cols[c];
			if (!col->persons)
				continue;
			long long add = 0;
			if (col->several >= 0) {
				const char *g = t->cols[col->several].group;
				int n = 0;
				for (size_t k = 0; k < t->ncols; k++)
					if (t->cols[k].several < 0 &&
					    !strcmp(t->cols[k].group, g))
						n += t->items ? has[k]
							      : has[k] > 0;
				add = n >= 2;
			} else {
				add = t->items ? has[c] : has[c] > 0;
			}
			*cell(run, ty, (size_t)h->bucket, (size_t)h->line,
			      c) += add;
		}
		i = j;
	}
}

/* Record x counted in every table of its kind. */
static void
count_record(struct run *run, enum md_count_records kind, struct rec *x)
{
	if ((run->office && x->office != run->office) ||
	    (run->staff && x->staff != run->staff) ||
	    strcmp(x->date, run->from) < 0 || strcmp(x->date, run->to) > 0)
		return;
	int b = bucket_of(run, x);
	for (size_t i = 0; i < run->ntallies && run->rc == MD_OK; i++)
		if (run->tallies[i].t->records == kind)
			count_in(run, &run->tallies[i], x, b);
	rec_fini(x);
}

/* ---- reading the records ---- */

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		       ? NULL
		       : (const char *)sqlite3_column_text(st, i);
}

static void
set_date(struct rec *x, const char *d)
{
	snprintf(x->date, sizeof x->date, "%s", d ? d : "");
}

/* The user whose login is s (a revision's staff), or 0. */
static long long
user_by_login(const struct run *run, const char *s)
{
	for (size_t i = 0; s && i < run->nusers; i++)
		if (!strcmp(run->users[i].login, s))
			return run->users[i].id;
	return 0;
}

/* The office a revision names (as typed: exactly or folded), or 0. */
static long long
office_by_name(const struct run *run, const char *s)
{
	if (!s || !*s)
		return 0;
	for (size_t i = 0; i < run->noffices; i++)
		if (!strcmp(run->offices[i].name, s))
			return run->offices[i].id;
	char *key = md_text_search_key(s);
	long long id = 0;
	for (size_t i = 0; key && !id && i < run->noffices; i++)
		if (!strcmp(run->offices[i].key, key))
			id = run->offices[i].id;
	md_free(key);
	return id;
}

/* Step st to its end, each row made into a record by fill and counted;
 * reset after. */
static void
each_row(struct run *run, sqlite3_stmt *st, enum md_count_records kind,
	 void (*fill)(struct run *, sqlite3_stmt *, struct rec *))
{
	int src = SQLITE_DONE;
	while (run->rc == MD_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct rec x;
		memset(&x, 0, sizeof x);
		fill(run, st, &x);
		if (x.date[0])
			count_record(run, kind, &x);
		rec_fini(&x);
	}
	if (run->rc == MD_OK && src != SQLITE_DONE)
		run->rc = md_db_fail(run->db, src, "件数の集計", run->err);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static sqlite3_stmt *
prepared(struct run *run, const char *sql)
{
	sqlite3_stmt *st = md_db_stmt(run->db, sql, run->err);
	if (!st) {
		run->rc = run->err->status;
		return NULL;
	}
	sqlite3_bind_text(st, 1, run->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, run->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, run->as_at_ts, -1, SQLITE_STATIC);
	return st;
}

/* Contacts: those unchanged since the as-at day from their row, the
 * others from the revision they had then. */
static const char sql_contacts_now[] =
	"SELECT id, contact_on, coalesce(office_id, 0),"
	" coalesce(staff_id, 0), coalesce(person_id, -id), channel, kind,"
	" visit_reason, topics, response, age_band, route"
	" FROM contacts WHERE contact_on BETWEEN ?1 AND ?2"
	" AND updated_at <= ?3";
static const char sql_contacts_then[] =
	"SELECT c.id, json_extract(r.data, '$.date'),"
	" json_extract(r.data, '$.office'), json_extract(r.data, '$.staff'),"
	" coalesce(CAST(json_extract(r.data, '$.person') AS INTEGER), -c.id),"
	" json_extract(r.data, '$.channel'), json_extract(r.data, '$.kind'),"
	" json_extract(r.data, '$.visit_reason'),"
	" json_extract(r.data, '$.topics'), json_extract(r.data, '$.response'),"
	" json_extract(r.data, '$.age_band'), json_extract(r.data, '$.route')"
	" FROM contacts c JOIN contact_revisions r ON r.contact_id = c.id"
	" AND r.revision = (SELECT max(revision) FROM contact_revisions r2"
	"  WHERE r2.contact_id = c.id AND r2.at <= ?3)"
	" WHERE c.updated_at > ?3"
	" AND json_extract(r.data, '$.date') BETWEEN ?1 AND ?2";

/* A record of the columns id, day, office, member of staff, person, then
 * its fields in the order of MD_COUNT_RECORDS. */
static void
fill_plain(struct run *run, sqlite3_stmt *st, struct rec *x)
{
	(void)run;
	x->id = sqlite3_column_int64(st, 0);
	set_date(x, col_text(st, 1));
	x->office = sqlite3_column_int64(st, 2);
	x->staff = sqlite3_column_int64(st, 3);
	x->person = sqlite3_column_int64(st, 4);
	for (int f = 5;
	     f < sqlite3_column_count(st) && f - 5 < MD_COUNT_MAX_FIELDS; f++)
		x->v[f - 5] = col_text(st, f);
}

/* A contact as a revision gave it: its office by name, its staff by
 * login. */
static void
fill_contact_then(struct run *run, sqlite3_stmt *st, struct rec *x)
{
	fill_plain(run, st, x);
	x->office = office_by_name(run, col_text(st, 2));
	x->staff = user_by_login(run, col_text(st, 3));
}

static void
read_contacts(struct run *run)
{
	sqlite3_stmt *st = prepared(run, sql_contacts_now);
	if (st)
		each_row(run, st, MD_CR_CONTACTS, fill_plain);
	if (run->rc == MD_OK && (st = prepared(run, sql_contacts_then)))
		each_row(run, st, MD_CR_CONTACTS, fill_contact_then);
}

/* Events: the steps done in the period and recorded by the as-at day; the
 * steps recorded when a case opens (no day of their own) on its 受付日:
 * cases.opened_on, or as at a past day the 受付日 its 第1号様式 then held
 * (before any was saved, the day the case was opened, md_case_create). */
#define EVENT_COLUMNS(day)                                                     \
	"SELECT e.id, " day ", coalesce(c.office_id, 0), e.user_id,"           \
	" c.person_id, e.step, e.outcome, e.method, e.case_id, e.at,"          \
	" coalesce(e.record_id, 0)"
static const char sql_events_done[] = EVENT_COLUMNS(
	"e.done_on") " FROM workflow_events e"
		     " JOIN cases c ON c.id = e.case_id"
		     " WHERE e.done_on BETWEEN ?1 AND ?2"
		     " AND e.at <= ?3";
static const char sql_events_opened[] = EVENT_COLUMNS(
	"c.opened_on") " FROM cases c"
		       " JOIN workflow_events e ON e.case_id = c.id"
		       " WHERE c.opened_on BETWEEN ?1 AND ?2"
		       " AND e.done_on IS NULL AND e.at <= ?3";
static const char sql_events_opened_then[] = EVENT_COLUMNS(
	"coalesce((SELECT nullif(json_extract(r.data, ?4), '')"
	"  FROM form_records f JOIN form_revisions r ON r.record_id = f.id"
	"  WHERE f.case_id = c.id AND f.form = ?5 AND f.seq = 1"
	"  AND r.at <= ?3 ORDER BY r.revision DESC LIMIT 1),"
	" substr(c.created_at, 1, 10))") " FROM workflow_events e JOIN cases c ON c.id = e.case_id"
					 " WHERE e.done_on IS NULL AND e.at <= ?3";

/* An event: its step, outcome and method, then its case, when it was
 * recorded and the record of its form, for reading a form's field. */
static void
fill_event(struct run *run, sqlite3_stmt *st, struct rec *x)
{
	fill_plain(run, st, x);
	x->case_id = sqlite3_column_int64(st, 8);
	x->at = col_text(st, 9);
	x->record_id = sqlite3_column_int64(st, 10);
	x->v[3] = x->v[4] = x->v[5] = NULL;
}

static void
read_events(struct run *run)
{
	sqlite3_stmt *st = prepared(run, sql_events_done);
	if (st)
		each_row(run, st, MD_CR_EVENTS, fill_event);
	if (run->rc != MD_OK)
		return;
	const struct md_count_defs *d = run->defs;
	if (!run->history || !d->received_field) {
		if ((st = prepared(run, sql_events_opened)))
			each_row(run, st, MD_CR_EVENTS, fill_event);
		return;
	}
	if (!(st = prepared(run, sql_events_opened_then)))
		return;
	char path[80];
	snprintf(path, sizeof path, "$.%s", d->received_field->key);
	sqlite3_bind_text(st, 4, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, d->received_form->id, -1, SQLITE_STATIC);
	each_row(run, st, MD_CR_EVENTS, fill_event);
}

/* Referrals, as their revisions stood at the as-at day. */
static const char sql_referrals[] =
	"SELECT f.id, json_extract(r.data, '$.referred_on'),"
	" coalesce(co.office_id, ca.office_id, 0), f.user_id,"
	" coalesce(co.person_id, ca.person_id, -co.id, -f.id - 1000000000000),"
	" a.kind,"
	" json_extract(r.data, '$.method'), json_extract(r.data, '$.result')"
	" FROM referrals f JOIN referral_revisions r ON r.referral_id = f.id"
	" AND r.revision = (SELECT max(revision) FROM referral_revisions r2"
	"  WHERE r2.referral_id = f.id AND r2.at <= ?3)"
	" LEFT JOIN agencies a ON a.id = json_extract(r.data, '$.agency_id')"
	" LEFT JOIN contacts co ON co.id = json_extract(r.data, '$.contact_id')"
	" LEFT JOIN cases ca ON ca.id = json_extract(r.data, '$.case_id')"
	" WHERE json_extract(r.data, '$.referred_on') BETWEEN ?1 AND ?2";

/* Meetings held, as their revisions stood at the as-at day. */
static const char sql_meetings[] =
	"SELECT x.id, json_extract(x.d, '$.held_on'),"
	" coalesce(u.office_id, 0), coalesce(u.id, 0), x.id,"
	" json_extract(x.d, '$.type'), json_extract(x.d, '$.basis')"
	" FROM (SELECT m.id, (SELECT r.data FROM meeting_revisions r"
	"  WHERE r.meeting_id = m.id AND r.at <= ?3"
	"  ORDER BY r.revision DESC LIMIT 1) AS d FROM meetings m) x"
	" LEFT JOIN users u ON u.id = json_extract(x.d, '$.convener_id')"
	" WHERE x.d IS NOT NULL AND json_extract(x.d, '$.held') = 1"
	" AND json_extract(x.d, '$.held_on') BETWEEN ?1 AND ?2";

/* Households, each by its last 多機関協働の対象判定 decided in the period,
 * as their revisions stood at the as-at day. */
static const char sql_households[] =
	"SELECT x.id, substr(json_extract(x.e, '$.at'), 1, 10),"
	" coalesce(u.office_id, 0), coalesce(u.id, 0), x.id,"
	" json_extract(x.e, '$.verdict')"
	" FROM (SELECT h.id, (SELECT json_extract(r.data, '$.eligibility')"
	"  FROM household_revisions r WHERE r.household_id = h.id"
	"  AND r.at <= ?3 AND substr(json_extract(json_extract(r.data,"
	"  '$.eligibility'), '$.at'), 1, 10) BETWEEN ?1 AND ?2"
	"  ORDER BY r.revision DESC LIMIT 1) AS e"
	"  FROM households h WHERE h.eligibility <> '') x"
	" LEFT JOIN users u ON u.id = CAST(json_extract(x.e, '$.by') AS INTEGER)"
	" WHERE x.e IS NOT NULL";

static void
read_kind(struct run *run, enum md_count_records kind)
{
	sqlite3_stmt *st;
	switch (kind) {
	case MD_CR_CONTACTS:
		read_contacts(run);
		break;
	case MD_CR_EVENTS:
		read_events(run);
		break;
	case MD_CR_REFERRALS:
		if ((st = prepared(run, sql_referrals)))
			each_row(run, st, kind, fill_plain);
		break;
	case MD_CR_MEETINGS:
		if ((st = prepared(run, sql_meetings)))
			each_row(run, st, kind, fill_plain);
		break;
	case MD_CR_HOUSEHOLDS:
		if ((st = prepared(run, sql_households)))
			each_row(run, st, kind, fill_plain);
		break;
	case MD_CR_COUNT:
		break;
	}
}

/* ---- the query ---- */

/* A day typed for option, as ISO into out. */
static enum md_status
day_of(const char *typed, const char *option, char out[11], struct md_err *err)
{
	if (!typed || !*typed)
		return md_err_set(err, MD_ERR_INVALID,
				  "%s に日付を指定してください(R6.4.1、2024-04-01 など)",
				  option);
	struct md_date d;
	struct md_err e;
	if (md_date_parse(typed, &d, &e) != MD_OK)
		return md_err_set(err, e.status, "%s: %s", option, e.msg);
	md_date_iso(d, out);
	return MD_OK;
}

static char *
wareki(const char *iso)
{
	struct md_date d;
	char buf[64];
	if (md_date_from_iso(iso, &d, NULL) != MD_OK)
		return md_strdup(iso);
	md_date_wareki(d, buf, sizeof buf);
	return md_strdup(buf);
}

/* The member of staff typed (login or name), into *id and *name. */
static enum md_status
staff_find(struct run *run, const char *typed, long long *id, char **name)
{
	for (size_t i = 0; i < run->nusers; i++)
		if (!strcmp(run->users[i].login, typed) ||
		    !strcmp(run->users[i].name, typed)) {
			*id = run->users[i].id;
			*name = md_strdup(run->users[i].name);
			return *name ? MD_OK
				     : md_err_set(run->err, MD_ERR_NOMEM, NULL);
		}
	return md_err_set(run->err, MD_ERR_INVALID,
			  "%s: 職員「%s」はいません(ユーザー名か氏名で指定してください)",
			  run->names[MD_COUNT_NAME_STAFF], typed);
}

static enum md_status
check_query(struct run *run, const struct md_count_query *q,
	    struct md_count_report *out)
{
	struct md_err *err = run->err;
	enum md_status rc;
	if ((rc = day_of(q->from, run->names[MD_COUNT_NAME_FROM], run->from,
			 err)) != MD_OK ||
	    (rc = day_of(q->to, run->names[MD_COUNT_NAME_TO], run->to, err)) !=
		    MD_OK)
		return rc;
	if (strcmp(run->to, run->from) < 0) {
		char *a = wareki(run->from), *b = wareki(run->to);
		rc = md_err_set(err, MD_ERR_INVALID,
				"期間の終わり(%s)が始まり(%s)より前です",
				b ? b : run->to, a ? a : run->from);
		md_free(a);
		md_free(b);
		return rc;
	}
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	if (q->as_at) {
		if ((rc = day_of(q->as_at, run->names[MD_COUNT_NAME_AS_AT],
				 run->as_at, err)) != MD_OK)
			return rc;
		if (strcmp(run->as_at, today) > 0) {
			char *a = wareki(run->as_at);
			rc = md_err_set(err, MD_ERR_INVALID,
					"%s: %s は今日より先です(記録はまだありません)",
					run->names[MD_COUNT_NAME_AS_AT],
					a ? a : run->as_at);
			md_free(a);
			return rc;
		}
	} else {
		memcpy(run->as_at, today, sizeof run->as_at);
	}
	run->history = strcmp(run->as_at, today) < 0;
	snprintf(run->as_at_ts, sizeof run->as_at_ts, "%s 23:59:59",
		 run->as_at);
	if (q->table && !md_count_table_find(run->defs, q->table)) {
		struct md_buf names;
		md_buf_init(&names);
		for (size_t i = 0; i < run->defs->n; i++)
			md_buf_addf(&names, "%s%s(%s)", i ? "、" : "",
				    run->defs->tables[i].id,
				    run->defs->tables[i].title);
		rc = md_err_set(err, MD_ERR_INVALID,
				"%s: 集計表「%s」はありません(%s のどれかにしてください)",
				run->names[MD_COUNT_NAME_TABLE], q->table,
				md_buf_ok(&names) ? md_buf_str(&names) : "");
		md_buf_fini(&names);
		return rc;
	}
	if (q->office) {
		struct md_err e;
		rc = md_office_find(run->db, q->office, &run->office, &e);
		if (rc != MD_OK)
			return md_err_set(err, rc, "%s: %s",
					  run->names[MD_COUNT_NAME_OFFICE],
					  e.msg);
		if (!(out->office = md_strdup(q->office)))
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		for (size_t i = 0; i < run->noffices; i++)
			if (run->offices[i].id == run->office) {
				md_free(out->office);
				out->office = md_strdup(run->offices[i].name);
			}
	}
	if (q->staff &&
	    (rc = staff_find(run, q->staff, &run->staff, &out->staff)) != MD_OK)
		return rc;
	return out->office || !q->office ? MD_OK
					 : md_err_set(err, MD_ERR_NOMEM, NULL);
}

/* The rows of the run: every month of the period, every office and none,
 * or every member of staff and none. */
static enum md_status
make_buckets(struct run *run)
{
	size_t n = 0;
	int first = atoi(run->from) * 12 + atoi(run->from + 5) - 1;
	int last = atoi(run->to) * 12 + atoi(run->to + 5) - 1;
	run->first_month = first;
	switch (run->by) {
	case MD_COUNT_BY_NONE:
		return MD_OK;
	case MD_COUNT_BY_MONTH:
		n = (size_t)(last - first + 1);
		break;
	case MD_COUNT_BY_OFFICE:
		n = run->noffices + 1;
		break;
	case MD_COUNT_BY_STAFF:
		n = run->nusers + 1;
		break;
	}
	run->buckets = md_calloc(n, sizeof *run->buckets);
	if (!run->buckets)
		return md_err_set(run->err, MD_ERR_NOMEM, NULL);
	run->nbuckets = n;
	for (size_t i = 0; i < n; i++) {
		struct bucket *b = &run->buckets[i];
		char buf[64];
		if (run->by == MD_COUNT_BY_MONTH) {
			int m = first + (int)i;
			struct md_date d = {m / 12, m % 12 + 1, 1};
			b->key = m;
			md_date_wareki_short(d, buf, sizeof buf);
			/* "R6.4.1" → "R6.4": the month. */
			char *dot = strrchr(buf, '.');
			if (dot)
				*dot = '\0';
			b->label = md_strdup(buf);
		} else {
			const struct who *w = run->by == MD_COUNT_BY_OFFICE
						      ? run->offices
						      : run->users;
			size_t nw = run->by == MD_COUNT_BY_OFFICE
					    ? run->noffices
					    : run->nusers;
			b->key = i < nw ? w[i].id : 0;
			b->label = md_strdup(i < nw ? w[i].name
					     : run->by == MD_COUNT_BY_OFFICE
						     ? "(事業所なし)"
						     : "(職員なし)");
		}
		if (!b->label)
			return md_err_set(run->err, MD_ERR_NOMEM, NULL);
	}
	return MD_OK;
}

void
md_count_report_free(struct md_count_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		struct md_count_result *x = &r->results[i];
		for (size_t k = 0; k < x->nrows; k++) {
			md_free(x->rows[k].label);
			md_free(x->rows[k].n);
		}
		md_free(x->rows);
		md_free(x->total.label);
		md_free(x->total.n);
	}
	md_free(r->results);
	md_free(r->office);
	md_free(r->staff);
	memset(r, 0, sizeof *r);
}

/* The tally of each table into the report: every month and office (none
 * only when it has figures), the members of staff with figures. */
static enum md_status
report_of(struct run *run, struct md_count_report *out)
{
	out->results = md_calloc(run->ntallies, sizeof *out->results);
	if (!out->results)
		return md_err_set(run->err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < run->ntallies; i++) {
		struct tally *ty = &run->tallies[i];
		struct md_count_result *x = &out->results[out->n++];
		x->table = ty->t;
		size_t per = ty->t->nlines * ty->t->ncols;
		x->rows = md_calloc(run->nbuckets + 1, sizeof *x->rows);
		x->total.label = md_strdup("合計");
		x->total.n = md_calloc(per, sizeof *x->total.n);
		if (!x->rows || !x->total.label || !x->total.n)
			return md_err_set(run->err, MD_ERR_NOMEM, NULL);
		memcpy(x->total.n, cell(run, ty, run->nbuckets, 0, 0),
		       per * sizeof *x->total.n);
		for (size_t b = 0; b < run->nbuckets; b++) {
			const long long *n = cell(run, ty, b, 0, 0);
			bool any = false;
			for (size_t k = 0; k < per; k++)
				any |= n[k] != 0;
			bool always = run->by == MD_COUNT_BY_MONTH ||
				      (run->by == MD_COUNT_BY_OFFICE &&
				       run->buckets[b].key);
			if (!any && !always)
				continue;
			struct md_count_row *row = &x->rows[x->nrows++];
			row->label = md_strdup(run->buckets[b].label);
			row->n = md_calloc(per, sizeof *row->n);
			if (!row->label || !row->n)
				return md_err_set(run->err, MD_ERR_NOMEM, NULL);
			memcpy(row->n, n, per * sizeof *n);
		}
	}
	return MD_OK;
}

enum md_status
md_count_run(struct md_db *db, const struct md_user *actor,
	     const struct md_count_defs *defs, const struct md_count_query *q,
	     struct md_count_report *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	static const char *const options[MD_COUNT_NAMES] =
		{"--from", "--to", "--office", "--staff", "--as-at", "--table"};
	struct run run = {.db = db,
			  .defs = defs,
			  .err = err,
			  .names = q->names ? q->names : options,
			  .by = q->by};
	enum md_status rc = md_auth_require(db, actor, false, "件数の集計",
					    err);
	if (rc != MD_OK)
		return rc;
	if ((rc = whos_load(db, sql_users, false, &run.users, &run.nusers,
			    err)) != MD_OK ||
	    (rc = whos_load(db, sql_offices, true, &run.offices, &run.noffices,
			    err)) != MD_OK ||
	    (rc = check_query(&run, q, out)) != MD_OK ||
	    (rc = make_buckets(&run)) != MD_OK)
		goto out;
	const struct md_count_table
		*only = q->table ? md_count_table_find(defs, q->table) : NULL;
	run.tallies = md_calloc(defs->n, sizeof *run.tallies);
	if (!run.tallies) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	bool kinds[MD_CR_COUNT] = {false};
	for (size_t i = 0; i < defs->n; i++) {
		const struct md_count_table *t = &defs->tables[i];
		if (only && t != only)
			continue;
		struct tally *ty = &run.tallies[run.ntallies++];
		ty->t = t;
		ty->n = md_calloc((run.nbuckets + 1) * t->nlines * t->ncols,
				  sizeof *ty->n);
		if (!ty->n) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			goto out;
		}
		/* The hits kept: a column by person, and the columns of a
		 * group a several-by-person column reads. */
		for (size_t c = 0; c < t->ncols; c++) {
			const struct md_count_column *col = &t->cols[c];
			if (!col->persons)
				continue;
			if (col->several < 0) {
				ty->hits_of[c] = true;
				continue;
			}
			for (size_t k = 0; k < t->ncols; k++)
				if (t->cols[k].several < 0 &&
				    !strcmp(t->cols[k].group,
					    t->cols[col->several].group))
					ty->hits_of[k] = true;
		}
		kinds[t->records] = true;
	}
	run.rc = MD_OK;
	for (int k = 0; k < MD_CR_COUNT && run.rc == MD_OK; k++)
		if (kinds[k])
			read_kind(&run, (enum md_count_records)k);
	if ((rc = run.rc) != MD_OK)
		goto out;
	for (size_t i = 0; i < run.ntallies; i++) {
		struct tally *ty = &run.tallies[i];
		if (!ty->nhits)
			continue;
		if (run.by != MD_COUNT_BY_NONE)
			count_persons(&run, ty, false);
		count_persons(&run, ty, true);
	}
	memcpy(out->from, run.from, sizeof out->from);
	memcpy(out->to, run.to, sizeof out->to);
	memcpy(out->as_at, run.as_at, sizeof out->as_at);
	out->by = run.by;
	rc = report_of(&run, out);
out:
	for (size_t i = 0; i < run.ntallies; i++) {
		md_free(run.tallies[i].n);
		md_free(run.tallies[i].hits);
	}
	md_free(run.tallies);
	for (size_t i = 0; i < run.nbuckets; i++)
		md_free(run.buckets[i].label);
	md_free(run.buckets);
	whos_free(run.users, run.nusers);
	whos_free(run.offices, run.noffices);
	if (rc != MD_OK)
		md_count_report_free(out);
	return rc;
}
