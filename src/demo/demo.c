/* Demonstration data: staff, households and persons, and cases carried
 * through the workflow with their forms, events and progress entries, made
 * deterministically from a seed and written through the store. */
#include "demo.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/agencies.h"
#include "madoguchi/audit.h"
#include "madoguchi/auth.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/entries.h"
#include "madoguchi/paths.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/values.h"
#include "madoguchi/store.h"
#include "madoguchi/wareki.h"
#include "madoguchi/wf_engine.h"
#include "rng.h"
#include "words.h"

/*
 * How it works. A plan comes first, in memory: households and persons with
 * their birth dates, how many cases each person has (some two or three over
 * the years, one after the other) and when each opens. Each case's course
 * through the workflow is a function of its own random streams; a case
 * another of the person's follows is run once "dry" (nothing written) to
 * learn when it ends, which places the next case, and every case is run
 * when it is written. Cases are written in the order they were opened, each
 * in one piece (person, case, forms and their revisions, events) through the
 * store's writers (store.h); progress entries come last, all of them in
 * date order, so that entry ids grow with time as they do at a real counter.
 *
 * The course knows no step, outcome or interval: the walker (course_run)
 * asks the workflow engine (wf_engine.h) which steps are open over the case
 * kept in memory, and takes them through the engine's effects, the very
 * function md_workflow_take applies: the same rows, rounds, form writes,
 * frozen forms and case columns, for any valid forms/workflow.ini.
 * tests/unit/test_demo_replay.c replays generated cases through
 * md_workflow_take and compares the rows, on the shipped definition and on
 * a changed one (tests/cli/test_demo_any_workflow.sh).
 */

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[rng_below((r), (uint32_t)COUNT(a))])

/* ---- days and moments ------------------------------------------------ */

/* Days are md_date_days numbers; a moment is day * 86400 + seconds. */

static long
day_of(int y, int m, int d)
{
	return md_date_days((struct md_date){y, m, d});
}

static struct md_date
date_of(long day)
{
	return md_date_from_days(day);
}

static void
day_iso(long day, char out[MD_DATE_SIZE])
{
	md_date_iso(date_of(day), out);
}

/* 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
static int
weekday(long day)
{
	return (int)(((day % 7) + 7 + 4) % 7);
}

/* The day itself, or the Monday after a weekend. */
static long
workday(long day)
{
	int w = weekday(day);
	return w == 6 ? day + 2 : w == 0 ? day + 1 : day;
}

static int
year_of(long day)
{
	return date_of(day).year;
}

static long
add_months(long day, int months)
{
	return md_date_days(md_date_add_months(date_of(day), months));
}

static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

/* A moment as "YYYY-MM-DD HH:MM:SS". */
static void
ts_format(long long m, char out[MD_TIMESTAMP_SIZE])
{
	long day = (long)(m / 86400);
	int s = (int)(m % 86400);
	day_iso(day, out);
	out[10] = ' ';
	put2(out + 11, s / 3600);
	out[13] = ':';
	put2(out + 14, s / 60 % 60);
	out[16] = ':';
	put2(out + 17, s % 60);
	out[19] = '\0';
}

static long
moment_day(long long m)
{
	return (long)(m / 86400);
}

/* The period of the data: fiscal years 平成8 to 令和7. */
#define FIRST_YEAR 1996
#define LAST_YEAR 2026

/* ---- the plan: households, persons, cases ----------------------------- */

/* A person's place in the household, for the family table of 第2号様式. */
enum relation {
	REL_HEAD,
	REL_SPOUSE,
	REL_CHILD,
	REL_PARENT,
	REL_SIBLING
};

struct dhousehold {
	int first;    /* its first person */
	int n;        /* persons in it */
	int family;   /* family_names index */
	int variant;  /* 0: the common form; k: variants[k - 1] */
	long long id; /* once written */
};

struct dperson {
	int household;
	int given;         /* given_names index */
	long birth;        /* day */
	long first_open;   /* day of the first case */
	long long id;      /* once written */
	int first_case;    /* index in cases, once sorted */
	unsigned char rel; /* enum relation */
	char sex;          /* 'M', 'F' or 'O' */
	unsigned char ncases;
	bool no_birth; /* birth date not known */
};

struct dcase {
	int person;
	int nth;          /* the person's first, second … case */
	bool must_close;  /* another case of the person follows */
	long long open;   /* moments */
	long long close;  /* -1 while open */
	long long last;   /* the last step or save */
	int steps;        /* steps taken */
	int entries;      /* progress entries to write */
	bool short_close; /* ended at once to make room for the next case */
	int theme;        /* once written: for its notes */
	int staff;        /* once written: staff_table index */
	long long id;     /* once written */
};

/* Limits of one case's course (the course stops well within them). */
#define MAX_WF 64
#define MAX_KV 200
#define MAX_RECS 48
#define MAX_REVS 400
#define MAX_EVS 200
#define MAX_FRZ 32
#define MAX_OUTCOMES 16
#define MAX_CHANGED 8192
#define POOL_SIZE (1u << 20)

/* A form record of the case being written, with its latest values. */
struct crec {
	const struct md_form *form;
	int seq;
	int revision;
	bool complete;
	long long created, updated; /* moments */
	long long id;
	size_t n;
	struct md_kv kv[MAX_KV]; /* sorted by key; strings in the pool */
};

/* A revision of a record: its JSON data and changed keys in the buffer. */
struct crev {
	int rec;
	int revision;
	int user;
	long long at;
	bool complete;
	size_t data, ndata, changed, nchanged;
	int keys, nkeys; /* its changed keys: course.changed[keys …] */
};

/* A workflow event of the case: the row as the engine replays it (ev, its
 * strings in the pool; record_id is the record's index + 1 in the case)
 * and who took it. */
struct cev {
	struct md_wf_event ev;
	int user;
	long long at;
	long long id; /* once written */
};

/* Kinds of moments: each has its own seconds (mod 3), so that a step, a
 * save and an entry of one case never share a timestamp. */
enum moment_kind {
	K_STEP,
	K_SAVE,
	K_ENTRY
};

/* The person's own fields as stored, in the order of MD_PERSON_FIELD_LIST. */
struct pfields {
	const char *v[MD_PERSON_FIELD_COUNT];
	const char *family; /* the family name as written, for notes */
	long birth;
};

/* A round of a form that stands frozen, as the engine's effects say. */
struct cfrz {
	int ev; /* the event that froze it (index in the case's events) */
	const struct md_form *form;
	int seq;
	const char *why;
};

/* How a case ends up: by what an outcome leads to (walk.c's look-ahead). */
enum leads {
	LEADS_CLOSE, /* it closes the case */
	LEADS_END,   /* to steps that only close it */
	LEADS_LOOP, /* back to an earlier step, or to steps that only go back */
	LEADS_STAY, /* to no new step (the step again, or what was open) */
	LEADS_ON    /* on along the process */
};

/* One case being carried through the process. */
struct course {
	long long index; /* in cases */
	const struct dcase *dc;
	struct rng r;  /* the course: every choice that moves dates or steps */
	struct rng rc; /* the content: words and values */
	int staff;     /* staff_table index of the assigned member of staff */
	int successor; /* who takes over after the staff left, or -1 */
	enum theme theme;
	long long now;
	/* Stopping. */
	int target;   /* main-line steps to take, or -1 to go on to the end */
	bool stopped; /* nothing more happens */
	/* The case row, as the engine's effects leave it. */
	const char *stage;
	bool closed;
	char closed_on[MD_DATE_SIZE], decided_on[MD_DATE_SIZE],
		next_eval_on[MD_DATE_SIZE], follow_up_on[MD_DATE_SIZE];
	const char *close_reason;
	char received[MD_DATE_SIZE];
	long long updated;
	long long closed_at; /* when it closed, or -1 */
	int steps;
	int loops;       /* outcomes taken that went back */
	enum leads last; /* what the last outcome taken led to */
	/* What each outcome led to when the case last took its step, by step
	 * and outcome (-1: not looked at yet): a look-ahead once a case. */
	signed char leads[MAX_WF][MAX_OUTCOMES];
	bool short_close; /* end at once (a case that must close in time) */
	int saving;       /* the record of the save under way */
	struct md_wf_reader reader; /* the engine's view of the forms below */
	struct gen *g;
	bool with_u, with_o; /* the plan holds (ウ) or (オ): its notice */
	/* Someone takes the case into a track too (多機関協働, 004 §5(7)): its
	 * steps are walked as far as they open without a meeting. */
	bool track;
	/* Rows. */
	struct crec recs[MAX_RECS];
	int nrecs;
	struct crev revs[MAX_REVS];
	int nrevs;
	const char *changed[MAX_CHANGED]; /* the keys each revision changed */
	int nchanged;
	struct cev evs[MAX_EVS];
	int nevs;
	struct md_wf_event wev[MAX_EVS]; /* evs[].ev, side by side */
	struct cfrz frz[MAX_FRZ];
	int nfrz;
	struct md_kv prev[MAX_KV];
	size_t nprev;
	struct md_kv merged[MAX_KV + MD_PERSON_FIELD_COUNT];
	struct md_buf json;
	struct md_buf text;
	char *pool;
	size_t pool_len;
	struct pfields pf;
};

/* An agency of the catalogue. */
struct dagency {
	char *name, *kind;
};

struct gen {
	struct md_db *db;
	const struct md_forms *forms;
	const struct md_workflow *wf;
	const struct md_demo_options *opt;
	struct md_err *err;
	enum md_status rc; /* the first failure; the course stops on it */
	uint64_t seed;
	long start, end; /* the first and last day of the data */
	/* The form of progress entries (kind = entries), and the forms a
	 * realistic filler reads from (the plan for a notice), or NULL. */
	const struct md_form *f_progress, *f_plan;
	size_t nsteps;
	size_t nmain; /* the steps of no track */
	long long user_id[NSTAFF];
	struct dagency *agencies;
	size_t nagencies;
	struct dhousehold *households;
	int nhouseholds;
	struct dperson *persons;
	int npersons;
	struct dcase *cases;
	long long ncases;
	struct course *c;
	struct md_demo_counts counts;
	long long batch;   /* rows since the last commit */
	long long checked; /* revisions checked against the definitions */
};

/* Stop everything with a status and a message (the first one wins). */
static void fail(struct gen *g, enum md_status rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fail(struct gen *g, enum md_status rc, const char *fmt, ...)
{
	if (g->rc != MD_OK)
		return;
	g->rc = rc;
	char msg[MD_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	md_err_set(g->err, rc, "%s", msg);
	if (g->c)
		g->c->stopped = true;
}

/* Keep the status and message the core already put in g->err. */
static void
failed(struct gen *g, enum md_status rc)
{
	if (g->rc == MD_OK)
		g->rc = rc;
	if (g->c)
		g->c->stopped = true;
}

/* ---- the case's string pool ------------------------------------------ */

static const char *
pool_addn(struct gen *g, struct course *c, const char *s, size_t n)
{
	if (c->pool_len + n + 1 > POOL_SIZE) {
		fail(g, MD_ERR_NOMEM,
		     "内部エラー: デモデータの 1 ケース分が大きすぎます");
		return "";
	}
	char *p = c->pool + c->pool_len;
	memcpy(p, s, n);
	p[n] = '\0';
	c->pool_len += n + 1;
	return p;
}

static const char *pool_printf(struct gen *g, struct course *c, const char *fmt,
			       ...) __attribute__((format(printf, 3, 4)));

static const char *
pool_printf(struct gen *g, struct course *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf) {
		fail(g, MD_ERR_NOMEM,
		     "内部エラー: デモデータの文字列が長すぎます");
		return "";
	}
	return pool_addn(g, c, buf, (size_t)n);
}

static const char *
pool_day(struct gen *g, struct course *c, long day)
{
	char iso[MD_DATE_SIZE];
	day_iso(day, iso);
	return pool_addn(g, c, iso, 10);
}

/* ---- values of a record ------------------------------------------------ */

static const char *
kv_get(const struct crec *rec, const char *key)
{
	size_t lo = 0, hi = rec->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(rec->kv[mid].key, key);
		if (!cmp)
			return rec->kv[mid].value;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Set key (a literal, a field's key or a pool string) to value (likewise);
 * NULL or "" removes it, as md_values_set does. */
static void
kv_set(struct gen *g, struct crec *rec, const char *key, const char *value)
{
	size_t lo = 0, hi = rec->n;
	bool found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(rec->kv[mid].key, key);
		if (!cmp) {
			lo = mid;
			found = true;
			break;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!value || !*value) {
		if (found) {
			memmove(&rec->kv[lo], &rec->kv[lo + 1],
				(rec->n - lo - 1) * sizeof rec->kv[0]);
			rec->n--;
		}
		return;
	}
	if (found) {
		rec->kv[lo].value = (char *)value;
		return;
	}
	if (rec->n == MAX_KV) {
		fail(g, MD_ERR_NOMEM,
		     "内部エラー: デモデータの様式の項目が多すぎます");
		return;
	}
	memmove(&rec->kv[lo + 1], &rec->kv[lo],
		(rec->n - lo) * sizeof rec->kv[0]);
	rec->kv[lo].key = (char *)key;
	rec->kv[lo].value = (char *)value;
	rec->n++;
}

/* A read-only md_values over a record's items. */
static struct md_values
rec_view(struct crec *rec)
{
	struct md_values v = {rec->kv, rec->n, rec->n};
	return v;
}

static int
rec_find(const struct course *c, const struct md_form *form, int seq)
{
	for (int i = 0; i < c->nrecs; i++)
		if (c->recs[i].form == form && c->recs[i].seq == seq)
			return i;
	return -1;
}

/* A new record (no revision yet), as md_record_save or the workflow's
 * create_round inserts it. */
static int
rec_new(struct gen *g, struct course *c, const struct md_form *form, int seq)
{
	if (c->nrecs == MAX_RECS) {
		fail(g, MD_ERR_NOMEM,
		     "内部エラー: デモデータの様式が多すぎます");
		return -1;
	}
	struct crec *rec = &c->recs[c->nrecs];
	rec->form = form;
	rec->seq = seq;
	rec->revision = 0;
	rec->complete = false;
	rec->created = rec->updated = c->now;
	rec->id = 0;
	rec->n = 0;
	return c->nrecs++;
}

/* The record of form's round seq, made when there is none. */
static int
rec_round(struct gen *g, struct course *c, const struct md_form *form, int seq)
{
	int ri = rec_find(c, form, seq);
	return ri >= 0 ? ri : rec_new(g, c, form, seq);
}

/* Remember a record's values before a save, to know what changed. */
static void
rec_begin(struct course *c, int ri)
{
	c->nprev = c->recs[ri].n;
	memcpy(c->prev, c->recs[ri].kv, c->nprev * sizeof c->prev[0]);
}

/* Whether every ※ field holds a value, the person's own fields included
 * (md_record_save counts them). */
static bool
rec_is_complete(struct course *c, struct crec *rec)
{
	const struct md_form *f = rec->form;
	size_t n = rec->n;
	memcpy(c->merged, rec->kv, n * sizeof c->merged[0]);
	for (size_t i = 0; i < f->nfields; i++) {
		const struct md_field *fd = &f->fields[i];
		if (fd->person == MD_PERSON_NONE || !c->pf.v[fd->person] ||
		    !*c->pf.v[fd->person])
			continue;
		size_t k = 0;
		while (k < n && strcmp(c->merged[k].key, fd->key) < 0)
			k++;
		if (k < n && !strcmp(c->merged[k].key, fd->key)) {
			c->merged[k].value = (char *)c->pf.v[fd->person];
			continue;
		}
		memmove(&c->merged[k + 1], &c->merged[k],
			(n - k) * sizeof c->merged[0]);
		c->merged[k].key = (char *)fd->key;
		c->merged[k].value = (char *)c->pf.v[fd->person];
		n++;
	}
	struct md_values v = {c->merged, n, n};
	return md_form_missing(f, &v, NULL) == 0;
}

/* Check a revision's data against the form's definition, as a save would
 * normalise it; the generator's own guard for the first revisions. */
static void
rec_check(struct gen *g, struct crec *rec)
{
	struct md_values v = rec_view(rec), norm, faults;
	struct md_err err;
	md_values_init(&norm);
	md_values_init(&faults);
	enum md_status rc = md_form_normalize(g->db, rec->form, &v, &norm,
					      &faults, &err);
	if (rc == MD_ERR_NOMEM)
		fail(g, rc, "%s", err.msg);
	else if (rc != MD_OK)
		fail(g, MD_ERR_DEFINITION,
		     "デモデータが%s(%s)の定義に合いません: %s",
		     rec->form->number, rec->form->title, err.msg);
	else if (!md_values_equal(&norm, &v))
		fail(g, MD_ERR_DEFINITION,
		     "デモデータが%s(%s)の定義に合いません(保存すると値が変わります)",
		     rec->form->number, rec->form->title);
	md_values_fini(&norm);
	md_values_fini(&faults);
}

/* Record a revision of record ri by user at the case's clock, as
 * md_record_save does after rec_begin; false when nothing changed. */
static bool
rec_commit(struct gen *g, struct course *c, int ri, int user)
{
	struct crec *rec = &c->recs[ri];
	size_t start = c->json.len;
	size_t nchanged = md_kv_changed_json(c->prev, c->nprev, rec->kv, rec->n,
					     &c->json);
	if (nchanged == 0) {
		c->json.len = start;
		if (c->json.data)
			c->json.data[start] = '\0';
		return false;
	}
	if (c->nrevs == MAX_REVS) {
		fail(g, MD_ERR_NOMEM, "内部エラー: デモデータの版が多すぎます");
		return false;
	}
	struct crev *rv = &c->revs[c->nrevs++];
	rv->rec = ri;
	rv->changed = start;
	rv->nchanged = c->json.len - start;
	md_buf_addc(&c->json, '\0'); /* each piece a string of its own */
	rv->data = c->json.len;
	struct md_values v = rec_view(rec);
	md_values_to_json(&v, &c->json);
	rv->ndata = c->json.len - rv->data;
	md_buf_addc(&c->json, '\0');
	/* The keys it changed, for the engine's signatures (read_changes). */
	rv->keys = c->nchanged;
	size_t a = 0, b = 0;
	while (a < c->nprev || b < rec->n) {
		int cmp = a == c->nprev ? 1
			  : b == rec->n
				  ? -1
				  : strcmp(c->prev[a].key, rec->kv[b].key);
		const char *key = cmp <= 0 ? c->prev[a].key : rec->kv[b].key;
		bool changed = cmp != 0 ||
			       strcmp(c->prev[a].value, rec->kv[b].value);
		a += cmp <= 0;
		b += cmp >= 0;
		if (!changed)
			continue;
		if (c->nchanged == MAX_CHANGED) {
			fail(g, MD_ERR_NOMEM,
			     "内部エラー: デモデータの版が多すぎます");
			break;
		}
		c->changed[c->nchanged++] = key;
	}
	rv->nkeys = c->nchanged - rv->keys;
	rv->complete = rec_is_complete(c, rec);
	rv->revision = ++rec->revision;
	rv->user = user;
	rv->at = c->now;
	rec->complete = rv->complete;
	rec->updated = c->now;
	if (g->checked < 400) {
		g->checked++;
		rec_check(g, rec);
	}
	return true;
}

/* The values a form shows before anyone types (records.c set_defaults). */
static void
rec_defaults(struct gen *g, struct course *c, struct crec *rec, int user)
{
	const struct md_form *f = rec->form;
	for (size_t i = 0; i < f->nfields; i++) {
		if (f->fields[i].def == MD_DEFAULT_TODAY)
			kv_set(g, rec, f->fields[i].key,
			       pool_day(g, c, moment_day(c->now)));
		else if (f->fields[i].def == MD_DEFAULT_ME)
			kv_set(g, rec, f->fields[i].key,
			       staff_table[user].login);
	}
}

/* ---- the case's clock and people ------------------------------------- */

/*
 * Move the clock on: lo–hi days later (0: later the same day, by
 * lo_min–hi_min minutes), on a working day, to a moment of the given kind.
 * Past the last day of the data the course stops (false).
 */
static bool
tick(struct gen *g, struct course *c, enum moment_kind kind, int lo, int hi,
     int lo_min, int hi_min)
{
	if (c->stopped)
		return false;
	long day = moment_day(c->now);
	int minute = (int)(c->now % 86400) / 60;
	int add = rng_range(&c->r, lo, hi);
	if (add == 0) {
		minute += rng_range(&c->r, lo_min, hi_min);
		if (minute > 19 * 60) {
			day = workday(day + 1);
			minute = 9 * 60 + rng_range(&c->r, 0, 240);
		}
	} else {
		day = workday(day + add);
		minute = 9 * 60 + rng_range(&c->r, 0, 8 * 60 - 1);
	}
	long long m = (long long)day * 86400 + minute * 60 +
		      3 * rng_range(&c->r, 0, 19) + kind;
	if (m <= c->now) {
		m = c->now + 1;
		while (m % 3 != kind)
			m++;
	}
	if (moment_day(m) > g->end) {
		c->stopped = true;
		return false;
	}
	c->now = m;
	return true;
}

/* Move the clock to day (or later today when day has come). */
static bool
tick_to(struct gen *g, struct course *c, enum moment_kind kind, long day)
{
	long today = moment_day(c->now);
	if (day <= today)
		return tick(g, c, kind, 0, 0, 10, 90);
	return tick(g, c, kind, (int)(day - today), (int)(day - today), 0, 0);
}

/* A member of staff with one of roles (bits of md_role) working in year. */
static int
pick_staff(struct rng *r, unsigned roles, int year)
{
	int cand[NSTAFF], n = 0;
	for (int i = 1; i < NSTAFF; i++)
		if ((roles & (1u << staff_table[i].role)) &&
		    staff_table[i].since <= year &&
		    staff_table[i].until >= year)
			cand[n++] = i;
	if (!n)
		for (int i = 1; i < NSTAFF; i++)
			if (roles & (1u << staff_table[i].role))
				cand[n++] = i;
	return n ? cand[rng_below(r, (uint32_t)n)] : 0;
}

/* Who acts for the case now: its member of staff, or a successor once
 * they have left. */
static int
actor(struct course *c)
{
	int year = year_of(moment_day(c->now));
	if (staff_table[c->staff].until >= year)
		return c->staff;
	if (c->successor < 0 || staff_table[c->successor].until < year)
		c->successor = pick_staff(&c->r, 1u << MD_ROLE_CONSULTANT,
					  year);
	return c->successor;
}

/* An agency of the catalogue by name, or any when it has none such. */
static const char *
agency(const struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->nagencies; i++)
		if (!strcmp(g->agencies[i].name, name))
			return g->agencies[i].name;
	return g->agencies[0].name;
}

/* ---- the case as the engine reads it ------------------------------------ */

/* The reader of the engine (wf_engine.h) over the case in memory: a
 * record's id is its index + 1. */
static enum md_status
read_round(void *ctx, const struct md_form *form, int seq,
	   struct md_wf_round *out, struct md_values *values,
	   struct md_err *err)
{
	struct course *c = ctx;
	int ri = rec_find(c, form, seq);
	if (ri < 0)
		return MD_OK;
	const struct crec *rec = &c->recs[ri];
	out->exists = true;
	out->complete = rec->complete;
	out->record_id = ri + 1;
	out->revision = rec->revision;
	enum md_status rc = MD_OK;
	for (size_t i = 0; i < rec->n && rc == MD_OK; i++)
		rc = md_values_set(values, rec->kv[i].key, rec->kv[i].value,
				   err);
	return rc;
}

static enum md_status
read_changes(void *ctx, long long record_id, int after,
	     void (*each)(void *arg, int revision, const char *key), void *arg,
	     struct md_err *err)
{
	(void)err;
	struct course *c = ctx;
	for (int i = 0; i < c->nrevs; i++) {
		const struct crev *rv = &c->revs[i];
		if (rv->rec != record_id - 1 || rv->revision <= after)
			continue;
		for (int k = 0; k < rv->nkeys; k++)
			each(arg, rv->revision, c->changed[rv->keys + k]);
	}
	return MD_OK;
}

/* An agency of the catalogue by its name (as generated, never typed). */
static const struct dagency *
agency_named(const struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->nagencies; i++)
		if (!strcmp(g->agencies[i].name, name))
			return &g->agencies[i];
	return NULL;
}

static enum md_status
read_agency(void *ctx, const char *typed, char **name, char **kind,
	    struct md_err *err)
{
	const struct course *c = ctx;
	const struct dagency *a = agency_named(c->g, typed);
	if (!a)
		return md_err_set(err, MD_ERR_NOTFOUND,
				  "内部エラー: デモデータの関係機関「%s」がありません",
				  typed);
	*name = md_strdup(a->name);
	*kind = md_strdup(a->kind);
	if (!*name || !*kind) {
		md_free(*name);
		md_free(*kind);
		*name = *kind = NULL;
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	return MD_OK;
}

/* The case replayed by the engine from its events, or NULL (g->rc) on a
 * failure. */
static struct md_wf_case *
replay(struct gen *g, struct course *c, size_t extra)
{
	struct md_wf_case *wc = NULL;
	struct md_err err;
	enum md_status rc = md_wf_replay(g->wf, c->received, c->wev,
					 (size_t)c->nevs + extra, &c->reader,
					 &wc, &err);
	if (rc != MD_OK)
		fail(g, rc, "%s", err.msg);
	return wc;
}

/* The state of each step (md_wf_case_flow), or false (g->rc). */
static bool
flow_of(struct gen *g, struct md_wf_case *wc, struct md_flow *flow)
{
	struct md_err err;
	enum md_status rc = md_wf_case_flow(wc, NULL, 0, flow, &err);
	if (rc != MD_OK) {
		fail(g, rc, "%s", err.msg);
		return false;
	}
	return true;
}

/* The case replayed and where each step stands (flow), or NULL (g->rc). */
static struct md_wf_case *
replay_flow(struct gen *g, struct course *c, struct md_flow *flow)
{
	struct md_wf_case *wc = replay(g, c, 0);
	if (wc && !flow_of(g, wc, flow))
		md_wf_case_free(&wc);
	return wc;
}

/* ---- taking steps: the engine's effects, applied to the case ------------ */

/* The record of form's round seq, or of its latest round, or a new one of
 * seq, as the workflow's writes find it (wf_apply.c). */
static int
rec_for_write(struct gen *g, struct course *c, const struct md_form *form,
	      int seq)
{
	int ri = rec_find(c, form, seq);
	for (int i = 0; ri < 0 && i < c->nrecs; i++)
		if (c->recs[i].form == form &&
		    (ri < 0 || c->recs[i].seq > c->recs[ri].seq))
			ri = i;
	return ri >= 0 ? ri : rec_new(g, c, form, seq);
}

/* Copy an ISO day (or "") into a column of the case. */
static void
day_copy(char out[MD_DATE_SIZE], const char *day)
{
	snprintf(out, MD_DATE_SIZE, "%s", day ? day : "");
}

/* What the step records, applied to the case in memory as md_workflow_take
 * applies it to the tables: the fields it sets, saved form by form by the
 * actor; the event, linked to the revision its writes made on the step's
 * own form; the rounds made ready; the freezes that stand; the case's
 * columns. */
static void
apply_effects(struct gen *g, struct course *c, const struct md_wf_step *s,
	      const struct md_wf_effects *fx, int user)
{
	struct md_wf_event e = fx->event;
	for (size_t k = 0; k < fx->nsets && !c->stopped; k++) {
		const struct md_form *form = fx->sets[k].form;
		bool first = true;
		for (size_t j = 0; j < k && first; j++)
			first = fx->sets[j].form != form;
		if (!first)
			continue;
		int ri = rec_for_write(g, c, form, fx->sets[k].seq);
		if (ri < 0)
			return;
		struct crec *rec = &c->recs[ri];
		rec_begin(c, ri);
		if (rec->revision == 0)
			rec_defaults(g, c, rec, user);
		for (size_t j = k; j < fx->nsets; j++)
			if (fx->sets[j].form == form)
				kv_set(g, rec, fx->sets[j].key,
				       pool_addn(g, c, fx->sets[j].value,
						 strlen(fx->sets[j].value)));
		rec_commit(g, c, ri, user);
		if (form != fx->link_form)
			continue;
		int li = rec_find(c, fx->link_form, fx->link_seq);
		e.record_id = li >= 0 ? li + 1 : 0;
		e.record_revision = li >= 0 ? c->recs[li].revision : 0;
	}
	if (c->stopped)
		return;
	if (c->nevs == MAX_EVS) {
		fail(g, MD_ERR_NOMEM,
		     "内部エラー: デモデータの手順が多すぎます");
		return;
	}
	int k = c->nevs++;
	struct cev *ce = &c->evs[k];
	struct md_wf_event *w = &c->wev[k];
	*w = e;
	w->id = k + 1;
	w->step = s->id;
	const char *const *strs[] = {&w->outcome,      &w->reason, &w->agency,
				     &w->follow_up_on, &w->method, &w->note};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		const char **p = (const char **)strs[i];
		*p = *p ? pool_addn(g, c, *p, strlen(*p)) : "";
	}
	w->on = pool_day(g, c, moment_day(c->now));
	char at[MD_TIMESTAMP_SIZE];
	ts_format(c->now, at);
	w->at = pool_addn(g, c, at, strlen(at));
	w->by = staff_table[user].login;
	ce->ev = *w;
	ce->user = user;
	ce->at = c->now;
	ce->id = 0;
	for (size_t i = 0; i < fx->nrounds; i++)
		rec_round(g, c, fx->rounds[i].form, fx->rounds[i].seq);
	c->nfrz = 0;
	for (size_t i = 0; i < fx->nfreezes && c->nfrz < MAX_FRZ; i++) {
		const struct md_wf_freeze *z = &fx->freezes[i];
		c->frz[c->nfrz++] =
			(struct cfrz){z->event_id ? (int)z->event_id - 1 : k,
				      z->form, z->seq,
				      z->why ? pool_addn(g, c, z->why,
							 strlen(z->why))
					     : ""};
	}
	const struct md_wf_case_cols *col = &fx->cols;
	c->stage = col->stage;
	if (col->closed && !c->closed) {
		day_copy(c->closed_on, col->closed_on);
		c->close_reason = col->close_reason
					  ? pool_addn(g, c, col->close_reason,
						      strlen(col->close_reason))
					  : "";
	} else if (col->closed && !col->keep_closing) {
		day_copy(c->closed_on, col->closed_on);
		c->close_reason = col->close_reason
					  ? pool_addn(g, c, col->close_reason,
						      strlen(col->close_reason))
					  : "";
	}
	if (col->closed && !c->closed)
		c->closed_at = c->now;
	c->closed = col->closed;
	day_copy(c->decided_on, col->plan_decided_on);
	day_copy(c->next_eval_on, col->next_eval_on);
	day_copy(c->follow_up_on, col->follow_up_on);
	c->updated = c->now;
	c->steps++;
}

/* What a step is taken with (NULL: nothing of that). */
struct inputs {
	const struct md_wf_outcome *oc;
	const char *agency, *reason, *method, *note;
	long follow_up; /* day, or -1 */
};

/* Take step s now as user with in, through the engine: checked as the
 * engine checks a step typed at the counter, then its effects applied.
 * false when the course has stopped. */
static bool
take(struct gen *g, struct course *c, struct md_wf_case *wc,
     const struct md_wf_step *s, const struct inputs *in, int user)
{
	if (c->stopped)
		return false;
	char today[MD_DATE_SIZE], fu[MD_DATE_SIZE];
	day_iso(moment_day(c->now), today);
	if (in->follow_up >= 0)
		day_iso(in->follow_up, fu);
	struct md_take t = {in->oc && !s->outcome_from_form ? in->oc->label
							    : NULL,
			    in->agency,
			    in->reason,
			    in->follow_up >= 0 ? fu : NULL,
			    today,
			    in->method,
			    in->note};
	struct md_wf_inputs wi;
	struct md_wf_effects fx;
	struct md_err err;
	memset(&wi, 0, sizeof wi);
	memset(&fx, 0, sizeof fx);
	enum md_status rc = md_wf_check(wc, s, &t, &wi, &err);
	if (rc == MD_OK)
		rc = md_wf_effects(wc, s, &wi, &fx, &err);
	if (rc == MD_OK)
		apply_effects(g, c, s, &fx, user);
	else
		fail(g, rc == MD_ERR_NOMEM ? rc : MD_ERR_DEFINITION,
		     "デモデータの手順「%s」を記録できません: %s", s->label,
		     err.msg);
	md_wf_effects_fini(&fx);
	md_wf_inputs_fini(&wi);
	return !c->stopped;
}

/* ---- words --------------------------------------------------------------- */

/* An amount in yen as people write it: 2,300円. */
static void
add_yen(struct md_buf *b, long yen)
{
	if (yen >= 1000)
		md_buf_addf(b, "%ld,%03ld円", yen / 1000, yen % 1000);
	else
		md_buf_addf(b, "%ld円", yen);
}

/* Append template t to b with its placeholders filled (see sentences). */
static void
expand(const struct course *c, struct rng *r, struct md_buf *b, const char *t)
{
	while (*t) {
		const char *brace = strchr(t, '{');
		if (!brace) {
			md_buf_adds(b, t);
			return;
		}
		md_buf_add(b, t, (size_t)(brace - t));
		if (!brace[1] || brace[2] != '}') {
			md_buf_addc(b, '{');
			t = brace + 1;
			continue;
		}
		switch (brace[1]) {
		case 'S':
			md_buf_adds(b, c->pf.family);
			md_buf_adds(b, "さん");
			break;
		case 'F':
			md_buf_adds(b, PICK(r, relatives));
			break;
		case 'N':
			md_buf_addf(b, "%d", rng_range(r, 2, 6));
			break;
		case 'M':
			md_buf_addf(b, "%d万円", rng_range(r, 1, 8));
			break;
		case 'B':
			md_buf_addf(b, "%d万円", 10 * rng_range(r, 3, 40));
			break;
		case 'Y':
			add_yen(b, 100L * rng_range(r, 3, 90));
			break;
		case 'D': {
			struct md_date d = date_of(moment_day(c->now) +
						   rng_range(r, 3, 21));
			md_buf_addf(b, "%d月%d日", d.month, d.day);
			break;
		}
		case 'T':
			md_buf_addf(b, "%d時%s", rng_range(r, 9, 16),
				    rng_pct(r, 30) ? "30分" : "");
			break;
		case 'A':
			md_buf_adds(b, PICK(r, place_names));
			break;
		case 'J':
			md_buf_adds(b, PICK(r, jobs));
			break;
		default:
			md_buf_add(b, brace, 3);
			break;
		}
		t = brace + 3;
	}
}

/* Sentences already used in the text being built, so none comes twice. */
struct used {
	const char *s[24];
	int n;
};

/* A sentence of the list about the case's theme (now and then any), not
 * yet in used (which records it; NULL for none). */
static const char *
sentence(struct rng *r, const struct sentence *list, int n, enum theme th,
	 struct used *used)
{
	bool any = rng_pct(r, 8);
	const char *pick = NULL;
	for (int tries = 0; tries < 24 && !pick; tries++) {
		const struct sentence *s = &list[rng_below(r, (uint32_t)n)];
		if (!any && !(s->themes & TB(th)))
			continue;
		pick = s->text;
		for (int k = 0; used && k < used->n && pick; k++)
			if (used->s[k] == pick)
				pick = NULL;
	}
	if (!pick)
		pick = list[rng_below(r, (uint32_t)n)].text;
	if (used && used->n < COUNT(used->s))
		used->s[used->n++] = pick;
	return pick;
}

#define SENTENCE(r, list, th) sentence((r), (list), COUNT(list), (th), NULL)
#define SENTENCE_NEW(r, list, th, u)                                           \
	sentence((r), (list), COUNT(list), (th), (u))

/* The text built in c->text, into the pool. */
static const char *
text_take(struct gen *g, struct course *c)
{
	const char *s = pool_addn(g, c, md_buf_str(&c->text), c->text.len);
	md_buf_reset(&c->text);
	return s;
}

/* Template t filled, into the pool. */
static const char *
words(struct gen *g, struct course *c, const char *t)
{
	md_buf_reset(&c->text);
	expand(c, &c->rc, &c->text, t);
	return text_take(g, c);
}

/* The note of a contact (第3号様式 内容): an opening by method, what the
 * person said, what was done, how they were, what comes next; about 200
 * characters. */
static const char *
note(struct gen *g, struct course *c, struct rng *r, int method)
{
	struct md_buf *b = &c->text;
	struct used used = {.n = 0};
	md_buf_reset(b);
	expand(c, r, b, openers[method][rng_below(r, 5)]);
	size_t want = (size_t)(150 + rng_range(r, 0, 110)) * 3; /* bytes */
	int situ = rng_range(r, 1, 2), act = rng_range(r, 1, 2);
	for (int i = 0; i < situ; i++)
		expand(c, r, b, SENTENCE_NEW(r, situations, c->theme, &used));
	for (int i = 0; i < act; i++)
		expand(c, r, b, SENTENCE_NEW(r, actions, c->theme, &used));
	if (rng_pct(r, 50))
		expand(c, r, b, SENTENCE_NEW(r, moods, c->theme, &used));
	for (int i = 0; b->len < want && i < 6; i++) {
		if (i % 2 == 0)
			expand(c, r, b,
			       SENTENCE_NEW(r, situations, c->theme, &used));
		else
			expand(c, r, b,
			       SENTENCE_NEW(r, actions, c->theme, &used));
	}
	if (rng_pct(r, 45))
		expand(c, r, b, SENTENCE_NEW(r, closings, c->theme, &used));
	return text_take(g, c);
}

/* The options of a choice/multi field that are among chosen, in the
 * field's order and joined by newlines (as a save normalises them);
 * NULL when none. */
static const char *
options_of(struct gen *g, struct course *c, const struct md_form *form,
	   const char *key, const char *const *chosen, int n)
{
	const struct md_field *f = md_form_field(form, key);
	char buf[2048];
	size_t len = 0;
	for (size_t i = 0; f && i < f->noptions; i++) {
		bool in = false;
		for (int k = 0; k < n && !in; k++)
			in = chosen[k] && !strcmp(chosen[k], f->options[i]);
		size_t ol = strlen(f->options[i]);
		if (!in || len + ol + 2 > sizeof buf)
			continue;
		if (len)
			buf[len++] = '\n';
		memcpy(buf + len, f->options[i], ol);
		len += ol;
	}
	return len ? pool_addn(g, c, buf, len) : NULL;
}

static const char *
yen(struct gen *g, struct course *c, long v)
{
	return pool_printf(g, c, "%ld", v);
}

static const char *
num(struct gen *g, struct course *c, long v)
{
	return pool_printf(g, c, "%ld", v);
}

/* "KEY.ROW.COLUMN" of a table, in the pool. */
static const char *
cell(struct gen *g, struct course *c, const char *key, int row, const char *col)
{
	return pool_printf(g, c, "%s.%d.%s", key, row, col);
}

/* A phone number: home (03) or mobile. */
static const char *
phone(struct gen *g, struct course *c, struct rng *r, bool mobile)
{
	static const char *const heads[] = {"090", "080", "070"};
	if (mobile)
		return pool_printf(g, c, "%s-%04d-%04d", PICK(r, heads),
				   rng_range(r, 0, 9999),
				   rng_range(r, 0, 9999));
	return pool_printf(g, c, "03-%04d-%04d", rng_range(r, 3000, 6999),
			   rng_range(r, 0, 9999));
}

/* ---- persons ------------------------------------------------------------- */

/* Append one code point as UTF-8. */
static void
add_utf8(struct md_buf *b, uint32_t cp)
{
	char s[4];
	if (cp < 0x80) {
		md_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		md_buf_add(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		md_buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		md_buf_add(b, s, 4);
	}
}

/* Kana styles: as typed today, in katakana, or half-width from older
 * systems. */
enum kana_style {
	KANA_HIRAGANA,
	KANA_KATAKANA,
	KANA_HALFWIDTH
};

/* Append hiragana text in a style. */
static void
add_kana(struct md_buf *b, const char *hira, enum kana_style style)
{
	size_t len = strlen(hira);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = md_utf8_decode(hira + i, len - i, &cp);
		if (!k)
			break;
		i += k;
		if (style != KANA_HIRAGANA && cp >= 0x3041 && cp <= 0x3096)
			cp += 0x60;
		if (style == KANA_HALFWIDTH && cp >= 0x30A1 && cp <= 0x30F4)
			md_buf_adds(b, halfwidth_kana[cp - 0x30A1]);
		else if (style == KANA_HALFWIDTH && cp == 0x30FC)
			md_buf_adds(b, "ｰ");
		else
			add_utf8(b, cp);
	}
}

static const char *
family_kanji(const struct dhousehold *h)
{
	const struct family_name *f = &family_names[h->family];
	return h->variant ? f->variants[h->variant - 1] : f->kanji;
}

/* The person's own fields, as they were registered, into c->pf. */
static void
person_fields(struct gen *g, struct course *c, int pi)
{
	const struct dperson *p = &g->persons[pi];
	const struct dhousehold *h = &g->households[p->household];
	const struct family_name *fn = &family_names[h->family];
	const struct given_name *gn = &given_names[p->given];
	struct rng r, hr;
	rng_init(&r, g->seed, STREAM_PERSON, (uint64_t)pi);
	rng_init(&hr, g->seed, STREAM_HOUSEHOLD, (uint64_t)p->household);
	struct pfields *pf = &c->pf;
	memset(pf, 0, sizeof *pf);
	pf->family = family_kanji(h);
	pf->birth = p->birth;

	bool wide = rng_pct(&r, 12);
	int half_pct = year_of(p->first_open) < 2005 ? 15 : 3;
	enum kana_style style = rng_pct(&r, half_pct) ? KANA_HALFWIDTH
				: rng_pct(&r, 15)     ? KANA_KATAKANA
						      : KANA_HIRAGANA;
	if (pi == 1)
		style = KANA_HALFWIDTH;
	else if (pi == 3)
		style = KANA_KATAKANA;
	struct md_buf *b = &c->text;
	md_buf_reset(b);
	md_buf_adds(b, pf->family);
	md_buf_adds(b, wide ? "　" : " ");
	md_buf_adds(b, gn->kanji);
	pf->v[MD_PERSON_NAME] = text_take(g, c);
	add_kana(b, fn->kana, style);
	md_buf_adds(b, wide && style != KANA_HALFWIDTH ? "　" : " ");
	add_kana(b, gn->kana, style);
	pf->v[MD_PERSON_KANA] = text_take(g, c);
	pf->v[MD_PERSON_SEX] = p->sex == 'M'   ? "男性"
			       : p->sex == 'F' ? "女性"
					       : "その他";
	pf->v[MD_PERSON_BIRTH_DATE] = p->no_birth ? ""
						  : pool_day(g, c, p->birth);

	/* The household's address and home phone. */
	const struct town *t = &towns[rng_below(&hr, (uint32_t)COUNT(towns))];
	int chome = rng_range(&hr, 1, t->chome), ban = rng_range(&hr, 1, 30),
	    go = rng_range(&hr, 1, 25);
	bool prefecture = rng_pct(&hr, 85), kanji_style = rng_pct(&hr, 15);
	bool building = rng_pct(&hr, 55);
	const char *bname = PICK(&hr, buildings);
	int room = rng_range(&hr, 1, 8) * 100 + rng_range(&hr, 1, 12);
	bool home_phone = rng_pct(&hr, 40);
	md_buf_addf(b, "%s%s", prefecture ? "東京都港区" : "港区", t->name);
	if (kanji_style)
		md_buf_addf(b, "%d丁目%d番%d号", chome, ban, go);
	else
		md_buf_addf(b, "%d-%d-%d", chome, ban, go);
	if (building)
		md_buf_addf(b, " %s%s %d号室", bname, t->name, room);
	pf->v[MD_PERSON_ADDRESS] = text_take(g, c);
	pf->v[MD_PERSON_POSTAL_CODE] = t->postal;
	pf->v[MD_PERSON_PHONE_HOME] = home_phone ? phone(g, c, &hr, false) : "";
	pf->v[MD_PERSON_PHONE_MOBILE] = rng_pct(&r, 75) ? phone(g, c, &r, true)
							: "";
	pf->v[MD_PERSON_EMAIL] = rng_pct(&r, 8)
					 ? pool_printf(g, c,
						       "user%d.%d@example.jp",
						       pi,
						       rng_range(&r, 10, 99))
					 : "";
}

/* A member of the household as the person would name them. */
static const char *
relation_word(const struct dperson *p, const struct dperson *m)
{
	static const int gen[] = {1, 1, 2, 0, 1}; /* by enum relation */
	int d = gen[m->rel] - gen[p->rel];
	bool male = m->sex == 'M';
	if (d == -2)
		return male ? "祖父" : "祖母";
	if (d == -1)
		return male ? "父" : "母";
	if (d == 1)
		return male ? "長男" : "長女";
	if (d == 2)
		return "孫";
	if ((p->rel == REL_HEAD && m->rel == REL_SPOUSE) ||
	    (p->rel == REL_SPOUSE && m->rel == REL_HEAD) ||
	    (p->rel == REL_PARENT && m->rel == REL_PARENT))
		return male ? "夫" : "妻";
	if (m->birth < p->birth)
		return male ? "兄" : "姉";
	return male ? "弟" : "妹";
}

static int
age_on(long birth, long day)
{
	return md_date_age(date_of(birth), date_of(day));
}

/* ---- the forms, as the staff fill them --------------------------------- */

static const char *
today_iso(struct gen *g, struct course *c)
{
	return pool_day(g, c, moment_day(c->now));
}

static const char *
login(int user)
{
	return staff_table[user].login;
}

/* Whether option is among the n options. */
static bool
is_option(const char *const *options, size_t n, const char *option)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(options[i], option))
			return true;
	return false;
}

/* Whether every line of value (a multi field's options, one a line) is an
 * option of the n. */
static bool
are_options(const char *const *options, size_t n, const char *value)
{
	char one[256];
	for (const char *p = value; *p;) {
		size_t len = strcspn(p, "\n");
		if (len >= sizeof one)
			return false;
		memcpy(one, p, len);
		one[len] = '\0';
		if (!is_option(options, n, one))
			return false;
		p += len + (p[len] == '\n');
	}
	return true;
}

/* Whether value fits a field (or a column) of type t with these options,
 * as far as the choices go (the rest md_form_normalize checks). */
static bool
fits_type(enum md_field_type t, const char *const *options, size_t n,
	  const char *value)
{
	switch (t) {
	case MD_FIELD_CHOICE:
		return is_option(options, n, value);
	case MD_FIELD_MULTI:
		return are_options(options, n, value);
	case MD_FIELD_YESNO:
		return !strcmp(value, "はい") || !strcmp(value, "いいえ");
	case MD_FIELD_FIXED:
	case MD_FIELD_TABLE:
		return false;
	default:
		return true;
	}
}

/* Whether key ("FIELD", "FIELD.other", "FIELD.primary" or
 * "TABLE.ROW.COLUMN") names something form has, which value fits. The
 * realistic fillers below know the shipped forms; a form changed since
 * (a field gone, an option renamed) makes them leave that value out, and
 * the generic filler (fill_missing) fills what is still required. */
static bool
fits(const struct md_form *form, const char *key, const char *value)
{
	char base[64];
	size_t n = strcspn(key, ".");
	if (n >= sizeof base)
		return false;
	memcpy(base, key, n);
	base[n] = '\0';
	const struct md_field *f = md_form_field(form, base);
	if (!f || f->by_workflow)
		return false;
	if (!value || !*value)
		return true;
	if (!key[n])
		return fits_type(f->type, (const char *const *)f->options,
				 f->noptions, value);
	const char *rest = key + n + 1;
	if (!strcmp(rest, "other"))
		return f->other != NULL;
	if (!strcmp(rest, "primary"))
		return f->primary && is_option((const char *const *)f->options,
					       f->noptions, value);
	if (f->type != MD_FIELD_TABLE)
		return false;
	const char *col = strchr(rest, '.');
	for (size_t i = 0; col && i < f->ncolumns; i++)
		if (!strcmp(f->columns[i].key, col + 1))
			return fits_type(f->columns[i].type,
					 (const char *const *)f->columns[i]
						 .options,
					 f->columns[i].noptions, value);
	return false;
}

/* A realistic filler's value: set when the form has the field and the
 * value fits it. */
static void
fset(struct gen *g, struct crec *rec, const char *key, const char *value)
{
	if (fits(rec->form, key, value))
		kv_set(g, rec, key, value);
}

/* A value of type t for a field or column that no filler knows, drawn by
 * its type: short and plain, as a consultant fills what is required. */
static const char *
any_value(struct gen *g, struct course *c, struct rng *r, enum md_field_type t,
	  const char *const *options, size_t n, const char *other,
	  long long min, long long max, int user)
{
	switch (t) {
	case MD_FIELD_TEXT: {
		const char *s = PICK(r, short_texts);
		return max <= 0 || (long long)md_utf8_chars(s) <= max ? s
								      : "有";
	}
	case MD_FIELD_TEXTAREA: {
		const char *s = words(g, c, SENTENCE(r, situations, c->theme));
		return max <= 0 || (long long)md_utf8_chars(s) <= max ? s
								      : "有";
	}
	case MD_FIELD_DATE:
		return today_iso(g, c);
	case MD_FIELD_TIME:
		return pool_printf(g, c, "%02d:%02d", rng_range(r, 9, 16),
				   15 * rng_range(r, 0, 3));
	case MD_FIELD_NUMBER:
	case MD_FIELD_YEN: {
		long long lo = min > 0 ? min : 0, hi = max > lo ? max : lo + 10;
		if (hi - lo > 10)
			hi = lo + 10;
		long long v = lo +
			      (long long)rng_below(r, (uint32_t)(hi - lo + 1));
		return pool_printf(g, c, "%lld",
				   t == MD_FIELD_YEN && max <= 0 ? v * 1000
								 : v);
	}
	case MD_FIELD_PHONE:
		return phone(g, c, r, true);
	case MD_FIELD_POSTAL:
		return towns[rng_below(r, (uint32_t)COUNT(towns))].postal;
	case MD_FIELD_EMAIL:
		return pool_printf(g, c, "user%d@example.jp",
				   rng_range(r, 100, 999));
	case MD_FIELD_CHOICE:
	case MD_FIELD_MULTI:
		for (int tries = 0; tries < 8 && n; tries++) {
			const char *o = options[rng_below(r, (uint32_t)n)];
			if (!other || strcmp(o, other))
				return o;
		}
		return n ? options[0] : NULL;
	case MD_FIELD_YESNO:
		return "はい";
	case MD_FIELD_STAFF:
		return login(user);
	case MD_FIELD_AGENCY:
		return g->agencies[rng_below(r, (uint32_t)g->nagencies)].name;
	default:
		return NULL;
	}
}

/* Fill what the fillers left out of rec: every required field still
 * empty (all of them on a form no filler knows), and on such a form some
 * of the others; never the workflow's fields, the person's own (they come
 * from the person) or a fixed text. The case's 受付日 is the day the case
 * was opened. */
static void
fill_missing(struct gen *g, struct course *c, struct crec *rec, int user,
	     bool known)
{
	struct rng *r = &c->rc;
	const struct md_form *f = rec->form;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct md_field *fd = &f->fields[i];
		if (fd->by_workflow || fd->person != MD_PERSON_NONE ||
		    fd->type == MD_FIELD_FIXED)
			continue;
		bool want = fd->required || (!known && rng_pct(r, 40));
		if (!want)
			continue;
		if (fd->type == MD_FIELD_TABLE) {
			if (!fd->ncolumns ||
			    md_values_table_rows(&(struct md_values){rec->kv,
								     rec->n,
								     rec->n},
						 fd->key) > 0)
				continue;
			for (size_t k = 0; k < fd->ncolumns; k++) {
				const struct md_column *col = &fd->columns[k];
				const char *v = any_value(g, c, r, col->type,
							  (const char *const *)
								  col->options,
							  col->noptions, NULL,
							  0, col->max, user);
				if (v)
					kv_set(g, rec,
					       cell(g, c, fd->key, 1, col->key),
					       v);
			}
			continue;
		}
		const char *have = kv_get(rec, fd->key);
		if (have && *have)
			continue;
		const char *v = fd->case_received
					? pool_day(g, c,
						   moment_day(c->dc->open))
					: any_value(g, c, r, fd->type,
						    (const char *const *)
							    fd->options,
						    fd->noptions, fd->other,
						    fd->min, fd->max, user);
		kv_set(g, rec, fd->key, v);
	}
}

/* An agency to refer the person to, fitting the theme. */
static const char *
referral_agency(const struct gen *g, enum theme theme, struct rng *r)
{
	return agency(g, agencies_by_theme[theme][rng_below(r, 3)]);
}

/* 第1号様式, first save: reception, the person's situation, and the
 * application and consent when signed now. */
static void
fill_reception(struct gen *g, struct course *c, struct crec *rec, int user,
	       bool sign)
{
	struct rng *r = &c->rc;
	const struct md_form *f = rec->form;
	long today = moment_day(c->now);
	int age = age_on(c->pf.birth, today);
	const struct dperson *p = &g->persons[c->dc->person];
	const struct dhousehold *h = &g->households[p->household];
	fset(g, rec, "received_on", today_iso(g, c));
	fset(g, rec, "received_by", login(user));
	static const char *const channels[] = {"来所", "電話", "訪問",
					       "オンライン", "その他"};
	int cw[] = {55, 25, 10, year_of(today) >= 2020 ? 6 : 0, 4};
	int ch = rng_weighted(r, cw, 5);
	fset(g, rec, "channel", channels[ch]);
	if (ch == 4)
		fset(g, rec, "channel.other",
		     rng_pct(r, 50) ? "メール" : "手紙");
	static const char *const routes[] = {"本人自ら", "家族・知人",
					     "関係機関からの紹介",
					     "訪問・アウトリーチで把握",
					     "その他"};
	static const int rw[] = {45, 20, 25, 7, 3};
	int rt = rng_weighted(r, rw, 5);
	fset(g, rec, "route", routes[rt]);
	if (rt == 2)
		fset(g, rec, "route_agency", referral_agency(g, c->theme, r));
	else if (rt == 4)
		fset(g, rec, "route.other", "区の広報紙を見て");
	const char *topics[5] = {theme_topics[c->theme][0], NULL, NULL, NULL,
				 NULL};
	if (rng_pct(r, 70))
		topics[1] = theme_topics[c->theme][1];
	if (rng_pct(r, 35))
		topics[2] = theme_topics[c->theme][2];
	if (rng_pct(r, 15))
		topics[3] = theme_topics[rng_below(r, TH_COUNT)][0];
	if (rng_pct(r, 3))
		topics[4] = "その他";
	fset(g, rec, "topics", options_of(g, c, f, "topics", topics, 5));
	fset(g, rec, "topics.primary", topics[0]);
	if (topics[4])
		fset(g, rec, "topics.other", "手続きの書類の書き方");
	fset(g, rec, "wishes",
	     words(g, c, complaints[c->theme][rng_below(r, 3)]));
	const char *work = age >= 65 && rng_pct(r, 70) ? "年金生活"
			   : c->theme == TH_WORK
				   ? (rng_pct(r, 60) ? "無職" : "失業・休職中")
			   : rng_pct(r, 45) ? "無職"
			   : rng_pct(r, 60)
				   ? "臨時職員・パート・アルバイト・派遣社員"
			   : rng_pct(r, 50) ? "自営業・家族従業者・内職"
					    : "正社員・公務員";
	fset(g, rec, "work", work);
	static const char *const housings[] = {"借家",
					       "公営住宅",
					       "持家",
					       "親族・知人宅",
					       "会社寮・借上げ住宅",
					       "野宿"};
	int hw[] = {60, 12, 8, 10, 4, c->theme == TH_HOUSING ? 6 : 1};
	fset(g, rec, "housing", housings[rng_weighted(r, hw, 6)]);
	fset(g, rec, "health_insurance",
	     age >= 75        ? "後期高齢者医療"
	     : rng_pct(r, 70) ? "国民健康保険"
	     : rng_pct(r, 60) ? "社会保険"
			      : "加入なし");
	fset(g, rec, "pension",
	     age >= 65        ? "受給中"
	     : rng_pct(r, 50) ? "加入中"
	     : rng_pct(r, 60) ? "未加入"
			      : "不明");
	if (h->n > 1) {
		fset(g, rec, "household", "同居あり");
		fset(g, rec, "household_count", num(g, c, h->n - 1));
	} else {
		fset(g, rec, "household", "単身");
	}
	if (rng_pct(r, 10)) {
		const struct dperson *m =
			h->n > 1 ? &g->persons[h->first +
					       (c->dc->person == h->first ? 1
									  : 0)]
				 : NULL;
		if (m) {
			fset(g, rec, "visitor_name",
			     pool_printf(g, c, "%s %s", c->pf.family,
					 given_names[m->given].kanji));
			fset(g, rec, "visitor_relation", "家族");
			fset(g, rec, "visitor_relation_detail",
			     relation_word(p, m));
		} else {
			fset(g, rec, "visitor_name",
			     pool_printf(g, c, "%s %s",
					 family_names
						 [rng_below(r,
							    (uint32_t)COUNT(
								    family_names))]
							 .kanji,
					 given_names
						 [rng_below(r,
							    (uint32_t)COUNT(
								    given_names))]
							 .kanji));
			fset(g, rec, "visitor_relation", "その他");
			fset(g, rec, "visitor_relation_detail",
			     rng_pct(r, 50) ? "民生委員" : "知人");
		}
		fset(g, rec, "visitor_phone", phone(g, c, r, true));
	}
	if (sign) {
		fset(g, rec, "applied_on", today_iso(g, c));
		fset(g, rec, "signed", "はい");
		fset(g, rec, "consent_share", "はい");
	}
	fill_missing(g, c, rec, user, true);
}

/* 第2号様式 of a round; without the summary and issues when not complete
 * (they come with a later save). */
static void
fill_intake(struct gen *g, struct course *c, struct crec *rec, int user,
	    bool complete, int round)
{
	struct rng *r = &c->rc;
	long today = moment_day(c->now);
	int age = age_on(c->pf.birth, today);
	const struct dperson *p = &g->persons[c->dc->person];
	const struct dhousehold *h = &g->households[p->household];
	fset(g, rec, "assessed_on", today_iso(g, c));
	fset(g, rec, "assessed_by", login(user));
	if (c->theme == TH_WORK || rng_pct(r, 15))
		fset(g, rec, "employment_staff",
		     login(pick_staff(r, 1u << MD_ROLE_EMPLOYMENT,
				      year_of(today))));
	static const char *const sources[] = {"本人",
					      "家族・知人",
					      "福祉事務所",
					      "地域包括支援センター",
					      "社会福祉協議会",
					      "ハローワーク",
					      "民生委員・児童委員",
					      "医療機関",
					      "税・保険・公共料金の担当課",
					      "住宅担当"};
	static const int sw[] = {40, 14, 8, 6, 6, 6, 5, 5, 6, 4};
	fset(g, rec, "referral_source",
	     sources[rng_weighted(r, sw, COUNT(sw))]);
	md_buf_reset(&c->text);
	expand(c, r, &c->text, SENTENCE(r, situations, c->theme));
	expand(c, r, &c->text, SENTENCE(r, situations, c->theme));
	fset(g, rec, "background", text_take(g, c));
	fset(g, rec, "complaint",
	     words(g, c, complaints[c->theme][rng_below(r, 3)]));
	const char *htype = h->n == 1        ? "単身"
			    : rng_pct(r, 50) ? "夫婦と子"
			    : rng_pct(r, 50) ? "ひとり親と子"
					     : "その他";
	fset(g, rec, "household_type", htype);
	int row = 0;
	for (int k = 0; k < h->n && row < 5; k++) {
		int mi = h->first + k;
		if (mi == c->dc->person)
			continue;
		const struct dperson *m = &g->persons[mi];
		row++;
		fset(g, rec, cell(g, c, "family", row, "relation"),
		     relation_word(p, m));
		fset(g, rec, cell(g, c, "family", row, "name"),
		     pool_printf(g, c, "%s %s", c->pf.family,
				 given_names[m->given].kanji));
		int ma = age_on(m->birth, today);
		if (ma >= 0)
			fset(g, rec, cell(g, c, "family", row, "age"),
			     num(g, c, ma));
		fset(g, rec, cell(g, c, "family", row, "living"), "同居");
		fset(g, rec, cell(g, c, "family", row, "occupation"),
		     ma < 18          ? "学生"
		     : ma >= 65       ? "年金生活"
		     : rng_pct(r, 50) ? "パート"
				      : "無職");
		if (rng_pct(r, 30))
			fset(g, rec, cell(g, c, "family", row, "health_note"),
			     "通院中");
	}
	if (rng_pct(r, 35)) {
		row++;
		fset(g, rec, cell(g, c, "family", row, "relation"),
		     rng_pct(r, 50) ? "母" : "姉");
		fset(g, rec, cell(g, c, "family", row, "living"), "別居");
		if (rng_pct(r, 50))
			fset(g, rec, cell(g, c, "family", row, "health_note"),
			     "連絡は年に数回");
	}
	if (rng_pct(r, 40))
		fset(g, rec, "family_notes",
		     words(g, c, "{F}がキーパーソン。関係は良好。"));
	static const char *const educations[] = {"中学卒",     "高校中退",
						 "高校卒",     "専門学校",
						 "短大・高専", "大学以上"};
	static const int ew[] = {12, 10, 40, 14, 8, 16};
	fset(g, rec, "education", educations[rng_weighted(r, ew, 6)]);
	if (rng_pct(r, 50))
		fset(g, rec, "life_history",
		     words(g, c,
			   "学校を出てから{J}の仕事を{N}年続けた。その後、転職を繰り返す。"));
	bool ill = c->theme == TH_HEALTH || age >= 60 || rng_pct(r, 25);
	fset(g, rec, "health",
	     ill ? (rng_pct(r, 75) ? "通院中" : "治療が必要だが未受診")
		 : "良好");
	if (ill)
		fset(g, rec, "illness", PICK(r, illnesses));
	if (c->theme == TH_HEALTH && rng_pct(r, 60)) {
		const char *d[] = {rng_pct(r, 50) ? "精神" : "身体",
				   rng_pct(r, 30) ? "疑い" : NULL};
		fset(g, rec, "disability",
		     options_of(g, c, rec->form, "disability", d, 2));
		fset(g, rec, "handbook",
		     rng_pct(r, 40) ? "精神障害者保健福祉手帳" : "なし");
	} else if (rng_pct(r, 50)) {
		fset(g, rec, "disability", "なし");
	}
	if (age >= 65)
		fset(g, rec, "care_level",
		     rng_pct(r, 60)   ? "なし"
		     : rng_pct(r, 50) ? "要支援1"
				      : "要介護1");
	static const char *const htypes[] = {"民間賃貸", "公営住宅",
					     "持家",     "親族・知人宅",
					     "社宅・寮", "ネットカフェ等",
					     "野宿"};
	int hw[] = {62, 12, 8, 10, 3, c->theme == TH_HOUSING ? 4 : 1, 1};
	int ht = rng_weighted(r, hw, 7);
	fset(g, rec, "housing_type", htypes[ht]);
	long rent = 0;
	if (ht <= 1 || ht == 4) {
		rent = ht == 1 ? 1000L * rng_range(r, 15, 45)
			       : 1000L * rng_range(r, 45, 120);
		fset(g, rec, "rent", yen(g, c, rent));
		int arrears = c->theme == TH_HOUSING ? rng_range(r, 1, 6)
			      : rng_pct(r, 20)       ? rng_range(r, 1, 3)
						     : 0;
		fset(g, rec, "rent_arrears", num(g, c, arrears));
		if (arrears >= 3 && rng_pct(r, 60)) {
			fset(g, rec, "eviction", "はい");
			fset(g, rec, "eviction_on",
			     pool_day(g, c, today + rng_range(r, 20, 90)));
		} else {
			fset(g, rec, "eviction", "いいえ");
		}
	}
	row = 0;
	if (age >= 65) {
		row++;
		fset(g, rec, cell(g, c, "income", row, "kind"), "年金");
		fset(g, rec, cell(g, c, "income", row, "amount"),
		     yen(g, c, 1000L * rng_range(r, 50, 160)));
	}
	if (age < 70 && rng_pct(r, 45)) {
		row++;
		fset(g, rec, cell(g, c, "income", row, "kind"), "就労収入");
		fset(g, rec, cell(g, c, "income", row, "amount"),
		     yen(g, c, 1000L * rng_range(r, 30, 220)));
	}
	if (rng_pct(r, 15)) {
		row++;
		fset(g, rec, cell(g, c, "income", row, "kind"),
		     rng_pct(r, 50) ? "手当" : "仕送り・援助");
		fset(g, rec, cell(g, c, "income", row, "amount"),
		     yen(g, c, 1000L * rng_range(r, 10, 50)));
	}
	fset(g, rec, "savings",
	     yen(g, c,
		 rng_pct(r, 60) ? 1000L * rng_range(r, 0, 50)
				: 1000L * rng_range(r, 50, 800)));
	if (rng_pct(r, 10))
		fset(g, rec, "assets", rng_pct(r, 50) ? "軽自動車" : "なし");
	fset(g, rec, "public_assistance",
	     rng_pct(r, 85) ? "なし" : "過去にあり");
	row = 0;
	if (rent) {
		row++;
		fset(g, rec, cell(g, c, "expenses", row, "item"), "家賃");
		fset(g, rec, cell(g, c, "expenses", row, "amount"),
		     yen(g, c, rent));
	}
	static const char *const items[] = {"食費", "光熱水費", "通信費"};
	static const int lo[] = {25, 6, 4}, hi[] = {60, 20, 14};
	for (int k = 0; k < 3; k++)
		if (rng_pct(r, 70)) {
			row++;
			fset(g, rec, cell(g, c, "expenses", row, "item"),
			     items[k]);
			fset(g, rec, cell(g, c, "expenses", row, "amount"),
			     yen(g, c, 1000L * rng_range(r, lo[k], hi[k])));
		}
	if (c->theme == TH_DEBT || rng_pct(r, 20)) {
		static const char *const lenders[] = {"消費者金融",
						      "クレジット", "銀行",
						      "知人"};
		int n = c->theme == TH_DEBT ? rng_range(r, 1, 3) : 1;
		for (int k = 1; k <= n; k++) {
			fset(g, rec, cell(g, c, "debts", k, "lender"),
			     PICK(r, lenders));
			fset(g, rec, cell(g, c, "debts", k, "balance"),
			     yen(g, c, 10000L * rng_range(r, 5, 300)));
			fset(g, rec, cell(g, c, "debts", k, "monthly"),
			     yen(g, c, 1000L * rng_range(r, 5, 60)));
		}
	}
	if (c->theme == TH_DEBT || c->theme == TH_HOUSING || rng_pct(r, 25)) {
		const char *a[] = {rng_pct(r, 50) ? "税金" : NULL,
				   rng_pct(r, 50) ? "国民健康保険料" : NULL,
				   rng_pct(r, 40) ? "電気・ガス・水道" : NULL,
				   rng_pct(r, 30) ? "携帯電話" : NULL,
				   c->theme == TH_HOUSING ? "家賃" : NULL};
		fset(g, rec, "arrears",
		     options_of(g, c, rec->form, "arrears", a, 5));
	}
	bool budget = c->theme == TH_DEBT || rng_pct(r, 20);
	fset(g, rec, "budget_issue", budget ? "はい" : "いいえ");
	if (budget && rng_pct(r, 50))
		fset(g, rec, "budget_issue_note", "収入に見合わない支出がある");
	static const char *const employments[] = {"正規",
						  "非正規",
						  "自営",
						  "休職中",
						  "無職(求職中)",
						  "無職(求職していない)",
						  "学生"};
	int emw[] = {6,
		     20,
		     4,
		     6,
		     c->theme == TH_WORK ? 50 : 20,
		     age >= 65 ? 40 : 15,
		     age < 25 ? 10 : 0};
	fset(g, rec, "employment", employments[rng_weighted(r, emw, 7)]);
	if (rng_pct(r, 50))
		fset(g, rec, "work_history",
		     words(g, c, "{J}({N}年)、{J}のアルバイト"));
	if (rng_pct(r, 25))
		fset(g, rec, "licenses",
		     rng_pct(r, 60) ? "普通自動車免許" : "介護職員初任者研修");
	if (age < 70) {
		static const char *const wills[] = {"すぐに働きたい",
						    "条件が合えば働きたい",
						    "当面は難しい",
						    "働く意思はない"};
		int ww[] = {c->theme == TH_WORK ? 50 : 20, 35, 25, 5};
		fset(g, rec, "work_will", wills[rng_weighted(r, ww, 4)]);
		if (rng_pct(r, 40))
			fset(g, rec, "work_wish",
			     words(g, c, "{J}、週{N}日程度"));
		if (c->theme == TH_WORK && rng_pct(r, 60))
			fset(g, rec, "work_obstacles",
			     "ブランクが長く、面接で緊張してしまう。");
	}
	bool confidant = rng_pct(r, 55);
	fset(g, rec, "confidant", confidant ? "はい" : "いいえ");
	if (confidant && rng_pct(r, 50))
		fset(g, rec, "confidant_note", words(g, c, "{F}"));
	if (rng_pct(r, 40))
		fset(g, rec, "community",
		     rng_pct(r, 60) ? "近所付き合いはほとんどない。"
				    : "町会の行事には参加している。");
	if (rng_pct(r, 50))
		fset(g, rec, "strengths", PICK(r, strengths_text));
	static const char *const urgencies[] = {"緊急の対応が必要",
						"早期の対応が必要", "通常"};
	int uw[] = {c->theme == TH_FOOD ? 50 : 6, 30, 60};
	int urg = rng_weighted(r, uw, 3);
	fset(g, rec, "urgency", urgencies[urg]);
	if (urg == 0) {
		const char *n[] = {c->theme == TH_FOOD ? "食料" : NULL,
				   c->theme == TH_HOUSING ? "住まい" : NULL,
				   "所持金"};
		fset(g, rec, "urgent_needs",
		     options_of(g, c, rec->form, "urgent_needs", n, 3));
	}
	if (rng_pct(r, 60))
		fset(g, rec, "person_wish", person_wishes[c->theme]);
	if (complete) {
		const char *is[] = {theme_issues[c->theme][0],
				    rng_pct(r, 70) ? theme_issues[c->theme][1]
						   : NULL,
				    rng_pct(r, 30) ? theme_issues[c->theme][2]
						   : NULL,
				    rng_pct(r, 10) ? "コミュニケーションが苦手"
						   : NULL};
		fset(g, rec, "issues",
		     options_of(g, c, rec->form, "issues", is, 4));
		fset(g, rec, "summary", summaries[c->theme][rng_below(r, 2)]);
		fill_missing(g, c, rec, user, true);
	}
	if (round > 1)
		fset(g, rec, "background",
		     words(g, c,
			   "前回のプランの評価で再プランとなり、再アセスメントを行う。{F}の状況にも変化があった。"));
}

/* The services of a plan: (ウ) and (オ) as the course chose, others by
 * theme. */
static const char *
plan_services(struct gen *g, struct course *c, const struct md_form *f)
{
	struct rng *r = &c->rc;
	const char *s[9] = {0};
	int n = 0;
	switch (c->theme) {
	case TH_HOUSING:
		if (rng_pct(r, 75))
			s[n++] = "(エ) 住居確保給付金";
		if (rng_pct(r, 40))
			s[n++] = "(ア) 就労支援員による就労支援";
		break;
	case TH_WORK:
		s[n++] = "(ア) 就労支援員による就労支援";
		if (rng_pct(r, 10))
			s[n++] = "(イ) 生活保護受給者等就労自立促進事業";
		break;
	case TH_DEBT:
		if (rng_pct(r, 20))
			s[n++] = "(キ) 生活福祉資金貸付事業";
		break;
	case TH_HEALTH:
	case TH_ELDER:
		if (rng_pct(r, 40))
			s[n++] = "(ク) その他の公的事業";
		if (rng_pct(r, 20))
			s[n++] = "(キ) 生活福祉資金貸付事業";
		break;
	case TH_FAMILY:
		if (rng_pct(r, 20))
			s[n++] = "(カ) 学習相談支援事業";
		break;
	case TH_FOOD:
		if (rng_pct(r, 30))
			s[n++] = "(キ) 生活福祉資金貸付事業";
		if (rng_pct(r, 20))
			s[n++] = "一時生活支援事業";
		break;
	default:
		break;
	}
	if (c->with_u)
		s[n++] = "(ウ) 就労準備支援事業";
	if (c->with_o)
		s[n++] = "(オ) 家計相談支援事業";
	if (!n)
		s[n++] = "(ア) 就労支援員による就労支援";
	return options_of(g, c, f, "services", s, n);
}

/* 第4号様式 of a round: the draft, signed now or later. */
static void
fill_plan(struct gen *g, struct course *c, struct crec *rec, int user,
	  bool sign)
{
	struct rng *r = &c->rc;
	static const int u_pct[TH_COUNT] = {8, 35, 5, 20, 40, 3, 10};
	static const int o_pct[TH_COUNT] = {25, 5, 65, 8, 8, 10, 20};
	c->with_u = rng_pct(r, u_pct[c->theme]);
	c->with_o = rng_pct(r, o_pct[c->theme]);
	long today = moment_day(c->now);
	fset(g, rec, "created_on", today_iso(g, c));
	fset(g, rec, "created_by", login(user));
	fset(g, rec, "goal_long", goals_long[c->theme]);
	fset(g, rec, "policy", policies[c->theme]);
	int rows = rng_range(r, 1, 2);
	for (int k = 0; k < rows; k++) {
		const struct goal *gl = &goal_rows[c->theme][k];
		fset(g, rec, cell(g, c, "goals", k + 1, "issue"), gl->issue);
		fset(g, rec, cell(g, c, "goals", k + 1, "short_goal"),
		     gl->short_goal);
		fset(g, rec, cell(g, c, "goals", k + 1, "support"),
		     gl->support);
		fset(g, rec, cell(g, c, "goals", k + 1, "in_charge"),
		     gl->in_charge);
		fset(g, rec, cell(g, c, "goals", k + 1, "period"), gl->period);
	}
	if (rng_pct(r, 60))
		fset(g, rec, "own_actions", PICK(r, own_actions_text));
	const char *services = plan_services(g, c, rec->form);
	fset(g, rec, "services", services);
	if (strstr(services, "(ク)"))
		fset(g, rec, "services_other",
		     c->theme == TH_ELDER ? "介護保険サービスの利用"
					  : "自立支援医療");
	if (rng_pct(r, 25))
		fset(g, rec, "pre_plan_support",
		     c->theme == TH_FOOD ? "フードバンクの食料支援を行った。"
					 : "住居確保給付金の申請を支援した。");
	long from = workday(today + rng_range(r, 14, 30));
	fset(g, rec, "plan_from", pool_day(g, c, from));
	fset(g, rec, "plan_to", pool_day(g, c, add_months(from, 6) - 1));
	if (rng_pct(r, 60))
		fset(g, rec, "next_review_on",
		     pool_day(g, c, add_months(from, 3)));
	if (sign) {
		fset(g, rec, "agreed_on", today_iso(g, c));
		fset(g, rec, "signed", "はい");
	}
	fill_missing(g, c, rec, user, true);
}

/* 第4号様式 revised after 再検討, 差し戻し or プラン変更, and signed again
 * for what changed (001 第9条(6): the signature covers what it was given
 * on). */
static void
fill_plan_fix(struct gen *g, struct course *c, struct crec *rec)
{
	struct rng *r = &c->rc;
	fset(g, rec, "policy",
	     words(g, c,
		   rng_pct(r, 50)
			   ? "会議の意見を受けて短期目標を見直した。{S}と相談のうえ、無理のない目標とする。"
			   : "関係機関との役割分担を明確にし、支援内容を具体的にした。"));
	fset(g, rec, cell(g, c, "goals", 1, "period"),
	     rng_pct(r, 50) ? "2か月" : "3か月");
	fset(g, rec, "agreed_on", today_iso(g, c));
	fset(g, rec, "signed", "はい");
}

/* 第6号様式: the notice of the support decision for (ウ)/(オ). */
static void
fill_notice(struct gen *g, struct course *c, struct crec *rec,
	    const struct crec *plan)
{
	struct rng *r = &c->rc;
	fset(g, rec, "notice_no",
	     pool_printf(g, c, "港生支第%d号", rng_range(r, 1, 2999)));
	fset(g, rec, "notified_on", today_iso(g, c));
	fset(g, rec, "addressee",
	     pool_printf(g, c, "%s 様", c->pf.v[MD_PERSON_NAME]));
	fset(g, rec, "issuer", "港区長");
	fset(g, rec, "change_kind", "新規");
	const char *s[] = {c->with_u ? "就労準備支援事業" : NULL,
			   c->with_o ? "家計相談支援事業" : NULL};
	fset(g, rec, "services", options_of(g, c, rec->form, "services", s, 2));
	if (plan) {
		fset(g, rec, "period_from", kv_get(plan, "plan_from"));
		fset(g, rec, "period_to", kv_get(plan, "plan_to"));
	}
	fset(g, rec, "provider",
	     agency(g,
		    c->with_u ? "就労準備支援事業所" : "家計改善支援事業所"));
}

/* 第5号様式 of an evaluation, with its result. */
static void
fill_evaluation(struct gen *g, struct course *c, struct crec *rec, int user,
		int nth, enum leads how, const struct crec *plan)
{
	struct rng *r = &c->rc;
	bool ends = how == LEADS_END || how == LEADS_CLOSE;
	static const char *const timings[] = {"3か月", "6か月", "1年"};
	fset(g, rec, "evaluated_on", today_iso(g, c));
	fset(g, rec, "evaluated_by", login(user));
	fset(g, rec, "timing",
	     nth <= 3         ? timings[nth - 1]
	     : rng_pct(r, 50) ? "プラン期間終了時"
			      : "その他");
	fset(g, rec, "meeting_on", today_iso(g, c));
	static const char *const status[] = {"達成", "一部達成", "未達成"};
	for (int k = 1; plan && k <= 3; k++) {
		char key[32];
		snprintf(key, sizeof key, "goals.%d.short_goal", k);
		const char *goal = kv_get(plan, key);
		if (!goal)
			break;
		fset(g, rec, cell(g, c, "achievement", k, "short_goal"), goal);
		int st = ends ? (rng_pct(r, 70) ? 0 : 1) : (int)rng_below(r, 3);
		fset(g, rec, cell(g, c, "achievement", k, "status"),
		     status[st]);
		if (rng_pct(r, 50))
			fset(g, rec, cell(g, c, "achievement", k, "comment"),
			     st == 0 ? "目標どおり" : "継続して取り組む");
	}
	if (rng_pct(r, 70)) {
		const char *ch[] = {c->theme == TH_WORK ? "就労開始" : NULL,
				    rng_pct(r, 30) ? "増収" : NULL,
				    c->theme == TH_HOUSING ? "住まいの確保"
							   : NULL,
				    c->theme == TH_DEBT ? "債務の整理" : NULL,
				    rng_pct(r, 30) ? "家計の改善" : NULL,
				    rng_pct(r, 25) ? "心身の状態の改善" : NULL};
		fset(g, rec, "changes",
		     options_of(g, c, rec->form, "changes", ch, 6));
	}
	fset(g, rec, "remaining", ends ? remainings[4] : PICK(r, remainings));
	fset(g, rec, "person_wish",
	     ends             ? "終結したい"
	     : rng_pct(r, 80) ? "継続したい"
			      : "未確認");
	if (rng_pct(r, 40))
		fset(g, rec, "person_wish_note",
		     ends ? "自分でやっていけると思う。"
			  : "もう少し支援を続けてほしい。");
	fset(g, rec, "supporter_view",
	     ends                ? supporter_views[rng_pct(r, 70) ? 0 : 3]
	     : how == LEADS_LOOP ? supporter_views[2]
				 : supporter_views[1]);
	if (ends) {
		static const char *const reasons[] = {"目標達成",
						      "他機関へつないだ",
						      "転居", "連絡が取れない",
						      "本人の希望"};
		static const int w[] = {60, 12, 6, 10, 12};
		fset(g, rec, "end_reason", reasons[rng_weighted(r, w, 5)]);
	}
	fill_missing(g, c, rec, user, true);
}

/* ---- a case's course: the walker ----------------------------------------- */

/*
 * The course follows whatever forms/workflow.ini says: at each moment it
 * asks the engine which steps are open (md_wf_case_flow over the case in
 * memory), fills the forms as the staff would (the realistic fillers of
 * the forms they know, fill_missing for the rest), chooses a step and an
 * outcome by what they are (an outcome that closes, goes back or leads on,
 * as the definition and a look-ahead through the engine tell; never by
 * their names), and takes it through the engine's effects. It stops when
 * the case is closed, when the case's horizon (a number of steps) is
 * reached, or when the data's last day comes.
 */

/* Whether a case opened in year is meant to run to its end (older cases
 * mostly have; about half of all cases end up closed). */
static int
close_pct(int year)
{
	return year < 2015 ? 45 : year < 2021 ? 15 : year < 2024 ? 5 : 1;
}

/* Set the course up for case dc: streams, staff, theme, horizon. */
static void
course_start(struct gen *g, struct course *c, const struct dcase *dc,
	     bool short_close)
{
	uint64_t key = (uint64_t)dc->person * 4 + (uint64_t)dc->nth;
	rng_init(&c->r, g->seed, STREAM_COURSE, key);
	rng_init(&c->rc, g->seed, STREAM_CONTENT, key);
	c->dc = dc;
	c->stage = NULL;
	c->closed = false;
	c->closed_on[0] = c->decided_on[0] = c->next_eval_on[0] =
		c->follow_up_on[0] = '\0';
	c->close_reason = NULL;
	c->steps = c->loops = 0;
	c->last = LEADS_ON;
	memset(c->leads, -1, sizeof c->leads);
	c->nrecs = c->nrevs = c->nevs = c->nfrz = c->nchanged = 0;
	c->pool_len = 0;
	md_buf_reset(&c->json);
	c->stopped = false;
	c->now = c->updated = dc->open;
	c->closed_at = -1;
	long day = moment_day(dc->open);
	day_iso(day, c->received);
	int year = year_of(day);
	const struct dperson *p = &g->persons[dc->person];
	int age = age_on(p->birth, day);
	static const int tw[TH_COUNT] = {22, 25, 18, 12, 9, 8, 6};
	int w[TH_COUNT];
	memcpy(w, tw, sizeof w);
	if (age < 60)
		w[TH_ELDER] = 0;
	if (age >= 70)
		w[TH_WORK] = 4;
	c->theme = (enum theme)rng_weighted(&c->r, w, TH_COUNT);
	c->staff = pick_staff(&c->r,
			      c->theme == TH_WORK && rng_pct(&c->r, 25)
				      ? 1u << MD_ROLE_EMPLOYMENT
				      : 1u << MD_ROLE_CONSULTANT,
			      year);
	c->successor = -1;
	bool to_the_end = dc->must_close || rng_pct(&c->r, close_pct(year));
	/* An open case stops after so many steps: spread over the process. */
	c->target = to_the_end ? -1 : rng_range(&c->r, 0, (int)g->nmain + 4);
	c->short_close = short_close;
	c->with_u = c->with_o = false;
	/* Drawn from a stream of its own: the cases that never enter a track
	 * are drawn as they were without one. */
	struct rng tr;
	rng_init(&tr, g->seed, STREAM_TRACK, key);
	c->track = g->nmain < g->nsteps && !short_close && rng_pct(&tr, 6);
	/* No meetings are made up: a step that needs one (held, assigned)
	 * stays closed. */
	c->reader = (struct md_wf_reader){c, read_round, read_changes,
					  read_agency, NULL};
	c->g = g;
	person_fields(g, c, dc->person);
}

/* Who takes step s now: the case's member of staff when their role may,
 * else someone at work whose role may (a chief's meeting). */
static int
taker(struct course *c, const struct md_wf_step *s)
{
	int me = actor(c);
	if (s->roles & (1u << staff_table[me].role))
		return me;
	int who = pick_staff(&c->r, s->roles & ~(1u << MD_ROLE_ADMIN),
			     year_of(moment_day(c->now)));
	return who ? who
		   : pick_staff(&c->r, s->roles, year_of(moment_day(c->now)));
}

/* The latest round's record of the plan (for a notice, an evaluation). */
static const struct crec *
current_plan(const struct gen *g, const struct course *c)
{
	const struct crec *best = NULL;
	for (int i = 0; g->f_plan && i < c->nrecs; i++)
		if (c->recs[i].form == g->f_plan && c->recs[i].revision &&
		    (!best || c->recs[i].seq > best->seq))
			best = &c->recs[i];
	return best;
}

/* A form of the shipped set the realistic fillers know, by its number
 * (form data: 第1号様式 …), or 0. */
static int
known_form(const struct md_form *f)
{
	static const char *const numbers[] = {"第1号様式", "第2号様式",
					      "第4号様式", "第5号様式",
					      "第6号様式"};
	for (int i = 0; i < COUNT(numbers); i++)
		if (!strcmp(f->number, numbers[i]))
			return i + 1;
	return 0;
}

enum {
	FORM_RECEPTION = 1,
	FORM_INTAKE,
	FORM_PLAN,
	FORM_EVALUATION,
	FORM_NOTICE
};

/* What an evaluation's form is filled for: the outcome chosen. */
struct fillfor {
	const struct md_wf_outcome *oc;
	enum leads how;
	int nth;
	const struct md_field *outcome_field; /* where the outcome is read */
};

/* A save of record ri by user now: its first (the form as the staff fill
 * it, complete or not), or one that completes it (the signature given
 * later, the assessment's summary), or, revised, a plan changed after it
 * went back (fix). The outcome a step reads from the form is written in
 * it. */
static void
save_form(struct gen *g, struct course *c, int ri, int user, bool complete,
	  bool fix, const struct fillfor *ff)
{
	struct crec *rec = &c->recs[ri];
	int kind = known_form(rec->form);
	rec_begin(c, ri);
	c->saving = ri;
	bool first = rec->revision == 0;
	if (fix) {
		if (kind == FORM_PLAN)
			fill_plan_fix(g, c, rec);
		else
			fill_missing(g, c, rec, user, false);
	} else if (first) {
		switch (kind) {
		case FORM_RECEPTION:
			fill_reception(g, c, rec, user, complete);
			break;
		case FORM_INTAKE:
			fill_intake(g, c, rec, user, complete, rec->seq);
			break;
		case FORM_PLAN:
			fill_plan(g, c, rec, user, complete);
			break;
		case FORM_EVALUATION:
			fill_evaluation(g, c, rec, user, ff ? ff->nth : 1,
					ff ? ff->how : LEADS_STAY,
					current_plan(g, c));
			break;
		case FORM_NOTICE:
			fill_notice(g, c, rec, current_plan(g, c));
			break;
		default:
			fill_missing(g, c, rec, user, false);
			break;
		}
	} else {
		switch (kind) {
		case FORM_RECEPTION:
			fset(g, rec, "applied_on", today_iso(g, c));
			fset(g, rec, "signed", "はい");
			fset(g, rec, "consent_share", "はい");
			break;
		case FORM_INTAKE: {
			const char *is[] = {theme_issues[c->theme][0],
					    theme_issues[c->theme][1]};
			fset(g, rec, "issues",
			     options_of(g, c, rec->form, "issues", is, 2));
			fset(g, rec, "summary",
			     summaries[c->theme][rng_below(&c->rc, 2)]);
			break;
		}
		case FORM_PLAN:
			fset(g, rec, "agreed_on", today_iso(g, c));
			fset(g, rec, "signed", "はい");
			break;
		default:
			break;
		}
	}
	if (complete)
		fill_missing(g, c, rec, user, true);
	if (ff && ff->oc && ff->outcome_field)
		kv_set(g, rec, ff->outcome_field->key, ff->oc->label);
	rec_commit(g, c, ri, user);
}

/* The field of s's form its outcome is read from (outcome_from): the
 * choice whose options hold every outcome of the step. */
static const struct md_field *
outcome_field(const struct md_wf_step *s)
{
	for (size_t i = 0; s->form && i < s->form->nfields; i++) {
		const struct md_field *f = &s->form->fields[i];
		bool all = f->type == MD_FIELD_CHOICE && s->noutcomes;
		for (size_t k = 0; all && k < s->noutcomes; k++)
			all = is_option((const char *const *)f->options,
					f->noptions, s->outcomes[k].label);
		if (all)
			return f;
	}
	return NULL;
}

/* Whether every outcome of s does it (closes; goes back). */
static bool
all_close(const struct md_wf_step *s)
{
	for (size_t k = 0; k < s->noutcomes; k++)
		if (!s->outcomes[k].close)
			return false;
	return s->noutcomes > 0;
}

static bool
all_back(const struct md_wf_step *s)
{
	for (size_t k = 0; k < s->noutcomes; k++)
		if (s->outcomes[k].back_to < 0)
			return false;
	return s->noutcomes > 0;
}

/* A step of the main line (not beside it, not recorded on opening, not of
 * a track: the individual process; a track such as 多機関協働 is chosen for
 * a case by someone, with meetings the generator does not make up). */
static bool
main_line(const struct md_wf_step *s)
{
	return !s->side && !s->autostart && !s->track;
}

/* What outcome k of step si leads to: from what it does, and else from
 * the steps the engine opens after it (a look-ahead: the case replayed
 * with the outcome taken). */
static enum leads
leads_to(struct gen *g, struct course *c, const struct md_flow *before,
	 size_t si, size_t k)
{
	const struct md_wf_step *s = before->steps[si].step;
	const struct md_wf_outcome *oc = &s->outcomes[k];
	if (oc->close)
		return LEADS_CLOSE;
	if (oc->back_to >= 0)
		return LEADS_LOOP;
	if (c->nevs == MAX_EVS)
		return LEADS_ON;
	c->wev[c->nevs] = (struct md_wf_event){.step = s->id,
					       .outcome = oc->label,
					       .reason = "",
					       .agency = "",
					       .follow_up_on = "",
					       .method = "",
					       .note = "",
					       .on = "",
					       .at = "",
					       .by = ""};
	struct md_wf_case *wc = replay(g, c, 1);
	struct md_flow after;
	enum leads how = LEADS_STAY;
	if (wc && flow_of(g, wc, &after)) {
		bool any = false, closers = true, loopers = true;
		for (size_t i = 0; i < after.nsteps; i++) {
			const struct md_wf_step *t = after.steps[i].step;
			if (i == si || !main_line(t) ||
			    after.steps[i].state != MD_STEP_OPEN ||
			    before->steps[i].state == MD_STEP_OPEN)
				continue;
			any = true;
			closers &= all_close(t);
			loopers &= all_back(t);
		}
		how = !any      ? LEADS_STAY
		      : closers ? LEADS_END
		      : loopers ? LEADS_LOOP
				: LEADS_ON;
		md_flow_fini(&after);
	}
	md_wf_case_free(&wc);
	return how;
}

/* Choose an outcome of step si (open in flow) by what each leads to, the
 * times the step was taken, the loops so far and whether the case must
 * close; *how gets what it leads to. NULL when the step has none. */
static const struct md_wf_outcome *
choose_outcome(struct gen *g, struct course *c, const struct md_flow *flow,
	       size_t si, enum leads *how)
{
	const struct md_wf_step *s = flow->steps[si].step;
	*how = LEADS_ON;
	if (!s->noutcomes)
		return NULL;
	int w[MAX_OUTCOMES], n = s->noutcomes < MAX_OUTCOMES ? (int)s->noutcomes
							     : MAX_OUTCOMES;
	enum leads hw[MAX_OUTCOMES];
	int times = flow->steps[si].times;
	bool on_seen = false, closing = c->dc->must_close || c->short_close;
	for (int k = 0; k < n; k++) {
		signed char *known = &c->leads[si][k];
		if (*known < 0)
			*known = (signed char)(n == 1 ? LEADS_ON
						      : leads_to(g, c, flow, si,
								 (size_t)k));
		hw[k] = (enum leads) * known;
		switch (hw[k]) {
		case LEADS_CLOSE:
		case LEADS_END:
			w[k] = s->repeat ? 25 + 23 * (times < 3 ? times : 3)
					 : 6;
			if (closing)
				w[k] *= c->short_close ? 100 : 4;
			break;
		case LEADS_LOOP:
			w[k] = c->loops >= 2 || closing ? 0
			       : s->repeat              ? 12
							: 9;
			break;
		case LEADS_STAY:
			w[k] = s->repeat ? (times < 3 ? 62 - 20 * times : 10)
					 : 12;
			if (times >= 5 || (closing && times >= 2))
				w[k] = 0;
			break;
		case LEADS_ON:
			w[k] = on_seen ? 12 : 80;
			on_seen = true;
			break;
		}
	}
	int total = 0;
	for (int k = 0; k < n; k++)
		total += w[k];
	if (!total)
		for (int k = 0; k < n; k++)
			w[k] = hw[k] == LEADS_LOOP ? 0 : 1;
	int k = rng_weighted(&c->r, w, n);
	*how = hw[k];
	return &s->outcomes[k];
}

/* An agency for an outcome: one of the kind it names, else one fitting
 * the case's theme (the catalogue's, or any of it). */
static const char *
pick_agency(const struct gen *g, struct course *c, const char *kind)
{
	struct rng *r = &c->rc;
	if (kind) {
		int n = 0;
		for (size_t i = 0; i < g->nagencies; i++)
			n += !strcmp(g->agencies[i].kind, kind);
		int k = n ? (int)rng_below(r, (uint32_t)n) : -1;
		for (size_t i = 0; i < g->nagencies; i++)
			if (!strcmp(g->agencies[i].kind, kind) && k-- == 0)
				return g->agencies[i].name;
		return NULL;
	}
	return referral_agency(g, c->theme, r);
}

/* A reason where an outcome asks for one: why the plan goes back, or for
 * a step of a track why the track ends or goes back. */
static const char *
pick_reason(struct course *c, const struct md_wf_step *s)
{
	struct rng *r = &c->rc;
	if (s->track)
		return PICK(r, track_reasons);
	switch (rng_below(r, 3)) {
	case 0:
		return PICK(r, meeting_reasons);
	case 1:
		return PICK(r, decision_reasons);
	default:
		return PICK(r, change_reasons);
	}
}

/* The day of an ISO date. */
static long
iso_day(const char *iso)
{
	struct md_date d;
	md_date_from_iso(iso, &d, NULL);
	return md_date_days(d);
}

/* When the next step is taken: an evaluation near the day it is due, a
 * step only some roles take (a meeting) days later, others soon. */
static bool
step_time(struct gen *g, struct course *c, const struct md_wf_step *s,
	  enum moment_kind kind)
{
	if (s->evaluation && c->next_eval_on[0]) {
		long due = iso_day(c->next_eval_on);
		return tick_to(g, c, kind,
			       workday(due + rng_range(&c->r, -10, 14)));
	}
	if (!(s->roles & (1u << staff_table[c->staff].role)))
		return tick(g, c, kind, 2, 20, 0, 0);
	return tick(g, c, kind, 0, 7, 10, 120);
}

/* The last moment record ri was saved, or -1. */
static long long
last_saved(const struct course *c, int ri)
{
	long long at = -1;
	for (int i = 0; i < c->nrevs; i++)
		if (c->revs[i].rec == ri && c->revs[i].at > at)
			at = c->revs[i].at;
	return at;
}

/* The last moment step s was taken in the case, or -1. */
static long long
last_taken(const struct course *c, const struct md_wf_step *s)
{
	long long at = -1;
	for (int i = 0; i < c->nevs; i++)
		if (c->evs[i].ev.step == s->id)
			at = c->evs[i].at;
	return at;
}

/* What step s is taken with for outcome oc (may be NULL): an agency, a
 * reason and a follow-up date where the outcome asks for them (now and then
 * where it allows them), how it was done and a note where the step takes
 * them. */
static void
inputs_for(struct gen *g, struct course *c, const struct md_wf_step *s,
	   const struct md_wf_outcome *oc, struct inputs *in)
{
	*in = (struct inputs){oc, NULL, NULL, NULL, NULL, -1};
	if (oc && (oc->agency == MD_WF_REQUIRED ||
		   (oc->agency == MD_WF_OPTIONAL && rng_pct(&c->r, 60))))
		in->agency = pick_agency(g, c, oc->agency_kind);
	if (oc && (oc->reason == MD_WF_REQUIRED ||
		   (oc->reason == MD_WF_OPTIONAL && rng_pct(&c->r, 30))))
		in->reason = pick_reason(c, s);
	if (oc && (oc->follow_up == MD_WF_REQUIRED ||
		   (oc->follow_up == MD_WF_OPTIONAL && rng_pct(&c->r, 40))))
		in->follow_up = moment_day(c->now) + rng_range(&c->r, 30, 90);
	if (s->nmethods)
		in->method = s->methods[rng_below(&c->r, (uint32_t)s->nmethods)];
	if (s->note == MD_WF_REQUIRED ||
	    (s->note == MD_WF_OPTIONAL && rng_pct(&c->r, 50)))
		in->note = words(g, c, SENTENCE(&c->rc, actions, c->theme));
}

/*
 * Take step si of flow: its form saved first where it must be (complete
 * where the step needs it, its outcome written where the step reads it
 * from there, revised when the step is taken again after the process went
 * back), then its outcome and what that asks for, then the step itself.
 * *wc is replayed again after a save.
 */
static void
walk_step(struct gen *g, struct course *c, struct md_wf_case **wc,
	  const struct md_flow *flow, size_t si)
{
	const struct md_wf_step *s = flow->steps[si].step;
	enum leads how;
	const struct md_wf_outcome *oc = choose_outcome(g, c, flow, si, &how);
	if (c->stopped)
		return;
	if (s->form) {
		int seq = md_wf_case_round(*wc, s->form->id);
		int ri = rec_find(c, s->form, seq);
		bool ready = true;
		struct md_err err;
		if (md_wf_form_ready(*wc, s, &ready, &err) != MD_OK) {
			fail(g, err.status, "%s", err.msg);
			return;
		}
		struct fillfor ff = {oc, how, flow->steps[si].times + 1,
				     s->outcome_from_form ? outcome_field(s)
							  : NULL};
		bool first = ri < 0 || c->recs[ri].revision == 0;
		bool again = !first && last_taken(c, s) > last_saved(c, ri);
		if (first || !ready || again || ff.outcome_field) {
			if (!step_time(g, c, s, K_SAVE))
				return;
			/* A round is made when it is first saved. */
			if (ri < 0 && (ri = rec_new(g, c, s->form, seq)) < 0)
				return;
			int user = taker(c, s);
			save_form(g, c, ri, user, true, again && !first, &ff);
			if (!c->recs[ri].complete && s->complete) {
				if (!tick(g, c, K_SAVE, 1, 10, 0, 0))
					return;
				save_form(g, c, ri, user, true, false, &ff);
			}
			md_wf_case_free(wc);
			if (!(*wc = replay(g, c, 0)))
				return;
			if (md_wf_form_ready(*wc, s, &ready, &err) != MD_OK ||
			    !ready) {
				c->stopped =
					true; /* the form cannot be made ready */
				return;
			}
			if (!tick(g, c, K_STEP, 0, 0, 10, 90))
				return;
		} else if (!step_time(g, c, s, K_STEP)) {
			return;
		}
	} else if (!step_time(g, c, s, K_STEP)) {
		return;
	}
	struct inputs in;
	inputs_for(g, c, s, oc, &in);
	if (how == LEADS_LOOP || all_back(s))
		c->loops++;
	c->last = how;
	take(g, c, *wc, s, &in, taker(c, s));
}

/* When no step of the main line is open: the form of the first step not
 * taken saved again to complete it (the signature given, the summary
 * written), once; true when something was saved. */
static bool
unstick(struct gen *g, struct course *c, struct md_wf_case *wc,
	const struct md_flow *flow, int *tries)
{
	if (++*tries > 2)
		return false;
	for (size_t i = 0; i < flow->nsteps; i++) {
		const struct md_wf_step *s = flow->steps[i].step;
		if (!main_line(s) || flow->steps[i].state == MD_STEP_DONE ||
		    flow->steps[i].times || !s->form)
			continue;
		if (!tick(g, c, K_SAVE, 0, 7, 10, 120))
			return false;
		int ri = rec_round(g, c, s->form,
				   md_wf_case_round(wc, s->form->id));
		if (ri < 0)
			return false;
		int user = actor(c);
		save_form(g, c, ri, user, true, false, NULL);
		if (*tries == 2) {
			/* Still closed: every yes/no the form leaves empty. */
			struct crec *rec = &c->recs[ri];
			rec_begin(c, ri);
			for (size_t k = 0; k < rec->form->nfields; k++) {
				const struct md_field *f = &rec->form->fields[k];
				if (f->type == MD_FIELD_YESNO &&
				    !f->by_workflow)
					kv_set(g, rec, f->key, "はい");
			}
			rec_commit(g, c, ri, user);
		}
		return true;
	}
	return false;
}

/* Choose the next step among the open ones of the main line (and of a
 * track, for a case taken into one, now and then): the first not yet taken
 * most often, a step taken before (support again) or one whose every
 * outcome goes back (a change of plan) seldom; in a case that must end at
 * once, one that can close it. -1 when none is open. */
static int
choose_step(struct course *c, const struct md_flow *flow)
{
	int idx[MAX_WF], w[MAX_WF], n = 0;
	bool first = true;
	for (size_t i = 0; i < flow->nsteps && n < MAX_WF; i++) {
		const struct md_wf_step *s = flow->steps[i].step;
		if (flow->steps[i].state != MD_STEP_OPEN)
			continue;
		if (s->track && c->track && !s->side && !s->autostart &&
		    !c->dc->must_close && !c->short_close) {
			idx[n] = (int)i;
			w[n++] = flow->steps[i].times ? 8 : 30;
			continue;
		}
		if (!main_line(s))
			continue;
		int wt = flow->steps[i].times ? 15 : first ? 100 : 30;
		if (!flow->steps[i].times)
			first = false;
		/* What the last outcome led to comes next: a step that only
		 * goes back (再プラン), one that only closes (終結). */
		if (all_back(s))
			wt = c->last == LEADS_LOOP                 ? 200
			     : c->dc->must_close || c->short_close ? 0
								   : 2;
		else if (all_close(s) && c->last == LEADS_END)
			wt = 200;
		if (c->short_close && s->noutcomes && !all_close(s)) {
			for (size_t k = 0; k < s->noutcomes; k++)
				if (s->outcomes[k].close)
					wt *= 50;
		}
		idx[n] = (int)i;
		w[n++] = wt;
	}
	int total = 0;
	for (int k = 0; k < n; k++)
		total += w[k];
	return total ? idx[rng_weighted(&c->r, w, n)] : -1;
}

/* The steps recorded when the case opens (md_workflow_open_case: dated by
 * the 受付日, no effects), then the first form of the process filled at
 * the first visit. */
static void
course_open(struct gen *g, struct course *c)
{
	for (size_t i = 0; i < g->nsteps; i++) {
		const struct md_wf_step *s = md_workflow_step(g->wf, i);
		if (!s->autostart || c->nevs == MAX_EVS)
			continue;
		struct cev *ce = &c->evs[c->nevs];
		char at[MD_TIMESTAMP_SIZE];
		ts_format(c->now, at);
		c->wev[c->nevs] =
			(struct md_wf_event){.id = c->nevs + 1,
					     .step = s->id,
					     .outcome = "",
					     .reason = "",
					     .agency = "",
					     .follow_up_on = "",
					     .method = "",
					     .note = "",
					     .on = "",
					     .at = pool_addn(g, c, at,
							     strlen(at)),
					     .by = staff_table[c->staff].login};
		ce->ev = c->wev[c->nevs];
		ce->user = c->staff;
		ce->at = c->now;
		ce->id = 0;
		c->nevs++;
		c->stage = s->id;
		c->steps++;
	}
	if (c->short_close)
		return;
	for (size_t i = 0; i < g->nsteps; i++) {
		const struct md_wf_step *s = md_workflow_step(g->wf, i);
		if (!main_line(s) || !s->form || s->form->entries)
			continue;
		if (!tick(g, c, K_SAVE, 0, 0, 5, 40))
			return;
		int ri = rec_round(g, c, s->form, 1);
		if (ri >= 0)
			save_form(g, c, ri, actor(c), rng_pct(&c->r, 75), false,
				  NULL);
		return;
	}
}

/* After the case closed: the follow-ups a step beside it takes on a
 * closed case (after_close), about when they are due. */
static void
follow_ups(struct gen *g, struct course *c)
{
	for (int k = 0; k < 3 && c->follow_up_on[0] && !c->stopped; k++) {
		if (!rng_pct(&c->r, 70))
			return;
		struct md_flow flow;
		struct md_wf_case *wc = replay_flow(g, c, &flow);
		if (!wc)
			return;
		int si = -1;
		for (size_t i = 0; i < flow.nsteps && si < 0; i++)
			if (flow.steps[i].step->after_close &&
			    flow.steps[i].state == MD_STEP_OPEN &&
			    !flow.steps[i].step->form)
				si = (int)i;
		long due = iso_day(c->follow_up_on);
		if (si >= 0 &&
		    tick_to(g, c, K_STEP,
			    workday(due + rng_range(&c->r, -5, 20)))) {
			const struct md_wf_step *s = flow.steps[si].step;
			const struct md_wf_outcome *oc = NULL;
			if (s->noutcomes) {
				/* The first outcome most often; one that asks for
				 * another follow-up now and then. */
				int w[MAX_OUTCOMES],
					n = s->noutcomes < MAX_OUTCOMES
						    ? (int)s->noutcomes
						    : MAX_OUTCOMES;
				for (int j = 0; j < n; j++)
					w[j] = s->outcomes[j].follow_up ==
							       MD_WF_REQUIRED
						       ? 15
					       : j ? 20
						   : 50;
				oc = &s->outcomes[rng_weighted(&c->r, w, n)];
			}
			struct inputs in;
			inputs_for(g, c, s, oc, &in);
			take(g, c, wc, s, &in, actor(c));
		} else {
			k = 3;
		}
		md_flow_fini(&flow);
		md_wf_case_free(&wc);
	}
}

/* Carry the case through the process as far as it goes. */
static void
course_run(struct gen *g, struct course *c)
{
	course_open(g, c);
	int tries = 0;
	for (int guard = 0; !c->stopped && guard < 150; guard++) {
		if (c->closed) {
			follow_ups(g, c);
			return;
		}
		if (c->target >= 0 && c->steps > c->target)
			return;
		struct md_flow flow;
		struct md_wf_case *wc = replay_flow(g, c, &flow);
		if (!wc)
			return;
		int si = choose_step(c, &flow);
		if (si >= 0) {
			tries = 0;
			walk_step(g, c, &wc, &flow, (size_t)si);
		} else if (!unstick(g, c, wc, &flow, &tries)) {
			c->stopped = true;
		}
		md_flow_fini(&flow);
		md_wf_case_free(&wc);
	}
}

/* ---- the plan --------------------------------------------------------------- */

#define YEARS(n) ((long)(n)*365 + (long)(n) / 4)

/* A day on which a case opens: more in recent years, a few around the
 * change of era on 2019-05-01. */
static long
case_day(const struct gen *g, struct rng *r)
{
	if (rng_below(r, 1000) < 4) {
		if (rng_pct(r, 60))
			return rng_pct(r, 50) ? day_of(2019, 4, 30)
					      : day_of(2019, 5, 1);
		return day_of(2019, 4, 22) + rng_range(r, 0, 18);
	}
	long split = day_of(2015, 4, 1), day;
	if (rng_pct(r, 28)) {
		day = g->start +
		      (long)rng_below(r, (uint32_t)(split - g->start));
	} else {
		double u = rng_unit(r);
		if (rng_pct(r, 50)) {
			double v = rng_unit(r);
			if (v > u)
				u = v;
		}
		day = split + (long)(u * (double)(g->end - split));
	}
	day = workday(day);
	return day > g->end ? g->end : day;
}

/* A day for a first case of someone born on birth (aged 15 to 95), or -1
 * when the data's years hold none. */
static long
fit_open(const struct gen *g, struct rng *r, long birth)
{
	long lo = birth + YEARS(15) + 1, hi = birth + YEARS(95);
	if (lo < g->start)
		lo = g->start;
	if (hi > g->end)
		hi = g->end;
	if (lo > hi)
		return -1;
	for (int tries = 0; tries < 8; tries++) {
		long d = case_day(g, r);
		if (d >= lo && d <= hi)
			return d;
	}
	long d = workday(lo + (long)rng_below(r, (uint32_t)(hi - lo + 1)));
	return d > hi ? hi : d;
}

/* A given name for sex fitting the year of birth. */
static int
pick_given(struct rng *r, char sex, long birth)
{
	int y = year_of(birth);
	unsigned gen = y < 1946 ? G1 : y < 1976 ? G2 : y < 1996 ? G3 : G4;
	int n = COUNT(given_names);
	for (int tries = 0; tries < 200; tries++) {
		int i = (int)rng_below(r, (uint32_t)n);
		if ((sex == 'O' || given_names[i].sex == sex) &&
		    (given_names[i].gens & gen))
			return i;
	}
	return (int)rng_below(r, (uint32_t)n);
}

static void
plan_person(struct gen *g, struct rng *r, int hi, int pi, int k)
{
	struct dperson *p = &g->persons[pi];
	const struct dhousehold *h = &g->households[hi];
	const struct dperson *head = &g->persons[h->first];
	p->household = hi;
	if (k == 0) {
		static const int aw[] = {8, 22, 28, 17, 14, 11};
		static const int alo[] = {15, 25, 40, 55, 65, 75},
				 ahi[] = {24, 39, 54, 64, 74, 94};
		p->rel = REL_HEAD;
		p->sex = rng_pct(r, 55) ? 'M' : 'F';
		p->first_open = case_day(g, r);
		int band = rng_weighted(r, aw, 6);
		int age = rng_range(r, alo[band], ahi[band]);
		p->birth = p->first_open - YEARS(age) - rng_range(r, 1, 364);
	} else {
		int rw[] = {k == 1 ? 55 : 0, 25, k <= 2 ? 10 : 0, 10};
		int rel = rng_weighted(r, rw, 4);
		p->rel = (unsigned char)(rel == 0   ? REL_SPOUSE
					 : rel == 1 ? REL_CHILD
					 : rel == 2 ? REL_PARENT
						    : REL_SIBLING);
		p->sex = rng_pct(r, 50) ? 'M' : 'F';
		switch (p->rel) {
		case REL_SPOUSE:
			p->birth = head->birth +
				   rng_range(r, -YEARS(6), YEARS(6));
			p->sex = head->sex == 'M' ? 'F' : 'M';
			break;
		case REL_CHILD:
			p->birth = head->birth +
				   rng_range(r, YEARS(20), YEARS(38));
			break;
		case REL_PARENT:
			p->birth = head->birth -
				   rng_range(r, YEARS(20), YEARS(35));
			break;
		default:
			p->birth = head->birth +
				   rng_range(r, -YEARS(10), YEARS(10));
			break;
		}
		p->first_open = fit_open(g, r, p->birth);
		if (p->first_open < 0 || p->birth > g->end - YEARS(16)) {
			p->rel = REL_SIBLING;
			p->birth = head->birth +
				   rng_range(r, -YEARS(5), YEARS(5));
			p->first_open = fit_open(g, r, p->birth);
			if (p->first_open < 0)
				p->first_open = head->first_open;
		}
	}
	/* Someone born on either side of a change of era, now and then. */
	if (pi % 1000 == 499) {
		const int *e = era_births[(pi / 1000) % COUNT(era_births)];
		p->birth = day_of(e[0], e[1], e[2]);
		p->first_open = fit_open(g, r, p->birth);
		if (p->first_open <
		    0) /* a child of 令和: a case of the household */
			p->first_open = workday(
				p->birth + YEARS(2) +
				rng_below(r, (uint32_t)(g->end - p->birth -
							YEARS(2) - 3)));
	}
	if (rng_below(r, 1000) < 3)
		p->sex = 'O';
	p->given = pick_given(r, p->sex, p->birth);
	p->no_birth = rng_below(r, 1000) < 5;
	p->ncases = 1;
}

static int
family_by_kana(const char *kana)
{
	for (int i = 0; i < COUNT(family_names); i++)
		if (!strcmp(family_names[i].kana, kana) &&
		    family_names[i].variants[0])
			return i;
	return 0;
}

/* Households of one to six and their persons: about 0.75 per case. */
static enum md_status
plan_people(struct gen *g)
{
	long long np = (g->ncases * 3 + 2) / 4;
	if (np < 1)
		np = 1;
	if (np > g->ncases)
		np = g->ncases;
	g->persons = md_calloc((size_t)np, sizeof *g->persons);
	g->households = md_calloc((size_t)np, sizeof *g->households);
	if (!g->persons || !g->households)
		return md_err_set(g->err, MD_ERR_NOMEM, NULL);
	struct rng r;
	rng_init(&r, g->seed, STREAM_PLAN, 0);
	for (int i = 0; i < np;) {
		static const int sw[] = {62, 21, 9, 5, 2, 1};
		int size = 1 + rng_weighted(&r, sw, 6);
		if (size > np - i)
			size = (int)(np - i);
		int hi = g->nhouseholds++;
		struct dhousehold *h = &g->households[hi];
		h->first = i;
		h->n = size;
		double u = rng_unit(&r);
		h->family = (int)(COUNT(family_names) * u * (0.3 + 0.7 * u));
		const struct family_name *fn = &family_names[h->family];
		int nv = 0;
		while (nv < 3 && fn->variants[nv])
			nv++;
		h->variant = nv && rng_pct(&r, 25)
				     ? 1 + (int)rng_below(&r, (uint32_t)nv)
				     : 0;
		/* A few sure ones, so that small sets have them too. */
		if (hi == 2 || hi == 6) {
			h->family = family_by_kana(hi == 2 ? "たかはし"
							   : "よしだ");
			h->variant = 1;
		}
		for (int k = 0; k < size; k++)
			plan_person(g, &r, hi, i + k, k);
		i += size;
	}
	g->npersons = (int)np;
	return MD_OK;
}

static int
case_order(const void *a, const void *b)
{
	const struct dcase *x = a, *y = b;
	if (x->open != y->open)
		return x->open < y->open ? -1 : 1;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	return x->nth - y->nth;
}

/* Run case dc's course dry to learn when it ends. */
static void
dry_run(struct gen *g, struct dcase *dc)
{
	struct course *c = g->c;
	course_start(g, c, dc, dc->short_close);
	course_run(g, c);
	if (dc->must_close && !c->closed && !dc->short_close) {
		dc->short_close = true;
		course_start(g, c, dc, true);
		course_run(g, c);
	}
	dc->close = c->closed ? c->closed_at : -1;
	dc->last = c->now;
	dc->steps = c->steps;
}

/* Which persons have two or three cases, when each case opens and, for a
 * case another follows, how it goes (dry), in the order they were opened. */
static enum md_status
plan_cases(struct gen *g)
{
	long long n = g->ncases, extra = n - g->npersons;
	long long t3 = extra / 5, t2 = extra - 2 * t3;
	int *order = md_malloc((size_t)g->npersons * sizeof *order);
	g->cases = md_calloc((size_t)n, sizeof *g->cases);
	if (!order || !g->cases) {
		md_free(order);
		return md_err_set(g->err, MD_ERR_NOMEM, NULL);
	}
	struct rng r;
	rng_init(&r, g->seed, STREAM_PLAN, 1);
	for (int i = 0; i < g->npersons; i++)
		order[i] = i;
	for (int i = g->npersons - 1; i > 0; i--) {
		int j = (int)rng_below(&r, (uint32_t)(i + 1));
		int t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	long latest = day_of(2014, 12, 31);
	for (int pass = 0; pass < 2 && (t3 || t2); pass++)
		for (int k = 0; k < g->npersons && (t3 || t2); k++) {
			struct dperson *p = &g->persons[order[k]];
			long lo = p->birth + YEARS(15) + 1,
			     hi = p->birth + YEARS(85);
			if (lo < g->start)
				lo = g->start;
			if (hi > latest)
				hi = latest;
			if (p->ncases > 1 || (pass == 0 && lo > hi))
				continue;
			p->ncases = t3 ? 3 : 2;
			if (t3)
				t3--;
			else
				t2--;
			if (lo <= hi)
				p->first_open = workday(
					lo +
					(long)rng_below(&r, (uint32_t)(hi - lo +
								       1)));
		}
	md_free(order);
	long long k = 0;
	for (int pi = 0; pi < g->npersons; pi++) {
		struct dperson *p = &g->persons[pi];
		for (int j = 0; j < p->ncases && k < n; j++, k++) {
			struct dcase *dc = &g->cases[k];
			struct rng cr;
			rng_init(&cr, g->seed, STREAM_CASES,
				 (uint64_t)pi * 4 + (uint64_t)j);
			dc->person = pi;
			dc->nth = j;
			dc->must_close = j < p->ncases - 1;
			long long open;
			if (j == 0) {
				open = (long long)p->first_open * 86400;
			} else {
				const struct dcase *prev = &g->cases[k - 1];
				long long end = prev->close >= 0 ? prev->close
								 : prev->last;
				long day = workday(moment_day(end) +
						   rng_range(&cr, 30, 900));
				if (day > g->end)
					day = g->end;
				open = (long long)day * 86400;
				if (open + 9 * 3600 <= end)
					open = end - 9 * 3600 + 60;
			}
			open += 9 * 3600 + 60 * rng_range(&cr, 0, 179) +
				3 * rng_range(&cr, 0, 19) + K_STEP;
			dc->open = open;
			/* Only a case another follows must be known before it
			 * is written: when it ends places the next. */
			if (dc->must_close)
				dry_run(g, dc);
		}
	}
	qsort(g->cases, (size_t)n, sizeof *g->cases, case_order);
	return MD_OK;
}

/* How many progress entries each case gets, once every course is known:
 * about ten a case, spread by length and steps. */
static void
plan_entry_counts(struct gen *g)
{
	long long n = g->ncases;
	struct rng r;
	double total = 0;
	for (long long i = 0; i < n; i++) {
		struct dcase *dc = &g->cases[i];
		long end = dc->close >= 0 ? moment_day(dc->close) : g->end;
		total += 2.0 + dc->steps +
			 (double)(end - moment_day(dc->open)) / 40.0;
	}
	double scale = total > 0 ? 10.0 * (double)n / total : 0;
	for (long long i = 0; i < n; i++) {
		struct dcase *dc = &g->cases[i];
		long end = dc->close >= 0 ? moment_day(dc->close) : g->end;
		double w = 2.0 + dc->steps +
			   (double)(end - moment_day(dc->open)) / 40.0;
		rng_init(&r, g->seed, STREAM_ENTRIES,
			 (uint64_t)dc->person * 4 + (uint64_t)dc->nth);
		int e = (int)(w * scale + rng_unit(&r));
		dc->entries = e > 4000 ? 4000 : e;
	}
}

/* ---- writing ------------------------------------------------------------------ */

/* Whether a writer of the store succeeded: counts the row for the batch;
 * on failure stops everything (g->rc, with the store's message). */
static bool
stored(struct gen *g, enum md_status rc)
{
	if (rc != MD_OK) {
		failed(g, rc);
		return false;
	}
	g->batch++;
	return true;
}

/* The one hash of MD_DEMO_PASSWORD every account gets: yescrypt, made once
 * by md_auth_hash and kept, so that its salt, like everything else, is the
 * same in every run (the same seed and size give the same file, byte for
 * byte). md_auth_verify reads the parameters from the hash itself. */
static const char demo_password_hash[] =
	"$y$j9T$GPTE4.kqes5mAlXRR.pUy0$8g8ZcoC75Dce1Ybn7h1i/l16IRNb4uvNLM7.L2D/eZ.";

/* A string, or NULL for "" (a column left NULL). */
static const char *
or_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* The staff accounts, each with the one hash of MD_DEMO_PASSWORD. */
static void
write_users(struct gen *g)
{
	for (int i = 0; i < NSTAFF && g->rc == MD_OK; i++) {
		const struct staff *s = &staff_table[i];
		char created[MD_TIMESTAMP_SIZE], updated[MD_TIMESTAMP_SIZE];
		bool active = s->until >= LAST_YEAR;
		ts_format((long long)day_of(s->since, 4, 1) * 86400 + 9 * 3600,
			  created);
		ts_format(active ? (long long)day_of(s->since, 4, 1) * 86400 +
					   9 * 3600
				 : (long long)day_of(s->until, 3, 31) * 86400 +
					   17 * 3600,
			  updated);
		struct md_store_user u = {s->login,
					  s->name,
					  md_role_code(s->role),
					  demo_password_hash,
					  active,
					  created,
					  updated,
					  NULL};
		if (!stored(g, md_store_user_insert(g->db, &u, &g->user_id[i],
						    g->err)))
			break;
		/* Registered by the first administrator, as `user add` would
		 * record it, so that check finds every account explained. */
		struct md_err err;
		enum md_status rc = md_user_audit_account(g->db, g->user_id[0],
							  s->login, s->role,
							  active, &err);
		if (rc != MD_OK)
			fail(g, rc, "%s", err.msg);
	}
	g->counts.users = NSTAFF;
}

/* A household, as households.c writes one: its row and first revision. */
static bool
write_household(struct gen *g, struct course *c, struct dhousehold *h,
		const char *at)
{
	char label[64];
	snprintf(label, sizeof label, "%s家", family_kanji(h));
	const struct md_store_household row = {.label = label,
					       .revision = 1,
					       .created_at = at};
	if (!stored(g, md_store_household_insert(g->db, &row, &h->id, g->err)))
		return false;
	g->counts.households++;
	struct md_buf json;
	md_buf_init(&json);
	md_buf_adds(&json, "{\"label\":");
	md_json_string(&json, label);
	md_buf_addc(&json, '}');
	const struct md_store_revision_row rv = {h->id, 1,
						 0,     g->user_id[c->staff],
						 at,    md_buf_str(&json),
						 "[]"};
	bool ok = md_buf_ok(&json)
			  ? stored(g,
				   md_store_household_revision_insert(g->db,
								      &rv,
								      g->err))
			  : (fail(g, MD_ERR_NOMEM, "%s",
				  md_status_message(MD_ERR_NOMEM)),
			     false);
	md_buf_fini(&json);
	return ok;
}

/* A member's 続柄 to the head of the household (世帯主), in words of the
 * relations of forms/households.ini as shipped. */
static const char *
member_relation(const struct dperson *p, const struct dperson *head)
{
	bool male = p->sex == 'M';
	switch ((enum relation)p->rel) {
	case REL_HEAD:
		return "世帯主";
	case REL_SPOUSE:
		return male ? "夫" : "妻";
	case REL_CHILD:
		return "子";
	case REL_PARENT:
		return male ? "父" : "母";
	case REL_SIBLING:
		break;
	}
	if (p->birth < head->birth)
		return male ? "兄" : "姉";
	return male ? "弟" : "妹";
}

/* The person's membership of their household (households.c writes one so):
 * living together, in need of support (each has a case), moved in on a day
 * not known; and its first revision. */
static void
write_member(struct gen *g, struct course *c, const struct dperson *p,
	     const struct dhousehold *h, const char *at)
{
	const char *relation = member_relation(p, &g->persons[h->first]);
	const struct md_store_member row = {.household_id = h->id,
					    .person_id = p->id,
					    .relation = relation,
					    .living = "同居",
					    .needs_support = true,
					    .revision = 1,
					    .created_at = at,
					    .updated_at = at};
	long long id = 0;
	if (!stored(g, md_store_member_insert(g->db, &row, &id, g->err)))
		return;
	char person[32];
	snprintf(person, sizeof person, "%lld", p->id);
	struct md_kv kv[] = {{"living", "同居"},
			     {"needs_support", "1"},
			     {"person", person},
			     {"relation", (char *)relation}};
	struct md_values v = {kv, 4, 4};
	struct md_buf json;
	md_buf_init(&json);
	md_values_to_json(&v, &json);
	const struct md_store_revision_row rv = {id,  1,
						 0,   g->user_id[c->staff],
						 at,  md_buf_str(&json),
						 "[]"};
	if (md_buf_ok(&json))
		stored(g, md_store_member_revision_insert(g->db, &rv, g->err));
	else
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
	md_buf_fini(&json);
}

/* The person of the case being written, with their household, search keys
 * and first revision (cases.c person_write), when not yet written. */
static void
write_person(struct gen *g, struct course *c, const char *at)
{
	struct dperson *p = &g->persons[c->dc->person];
	if (p->id || g->rc != MD_OK)
		return;
	struct dhousehold *h = &g->households[p->household];
	if (!h->id && !write_household(g, c, h, at))
		return;
	const struct pfields *pf = &c->pf;
	char *name_key = md_text_search_key(pf->v[MD_PERSON_NAME]);
	char *kana_key = md_text_search_key(pf->v[MD_PERSON_KANA]);
	if (!name_key || !kana_key) {
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
	} else {
		struct md_store_person row = {.household_id = h->id,
					      .extra = "{}",
					      .name_key = name_key,
					      .kana_key = kana_key,
					      .revision = 1,
					      .created_at = at,
					      .updated_at = at};
		for (int i = 0; i < MD_PERSON_FIELD_COUNT; i++)
			row.field[i] = pf->v[i];
		stored(g, md_store_person_insert(g->db, &row, &p->id, g->err));
	}
	md_free(name_key);
	md_free(kana_key);
	if (!p->id)
		return;
	g->counts.persons++;
	enum md_status rc = md_person_keys_write(g->db, p->id,
						 pf->v[MD_PERSON_NAME],
						 pf->v[MD_PERSON_KANA], g->err);
	if (rc != MD_OK) {
		failed(g, rc);
		return;
	}
	g->batch += 6;
	/* The revision holds every non-empty field by its code. */
	struct md_kv kv[MD_PERSON_FIELD_COUNT];
	size_t n = 0;
	for (int i = 0; i < MD_PERSON_FIELD_COUNT; i++) {
		if (!*pf->v[i])
			continue;
		const char *code = md_person_field_code(i);
		size_t k = n;
		while (k > 0 && strcmp(kv[k - 1].key, code) > 0) {
			kv[k] = kv[k - 1];
			k--;
		}
		kv[k].key = (char *)code;
		kv[k].value = (char *)pf->v[i];
		n++;
	}
	struct md_values v = {kv, n, n};
	size_t start = c->json.len;
	md_values_to_json(&v, &c->json);
	if (!md_buf_ok(&c->json)) {
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
		return;
	}
	struct md_store_person_revision rv = {p->id, 1,
					      0,     g->user_id[c->staff],
					      at,    c->json.data + start,
					      "[]"};
	if (stored(g, md_store_person_revision_insert(g->db, &rv, g->err)))
		write_member(g, c, p, h, at);
}

/* The forms frozen by the steps that stand (workflow.c freezes_write). */
static void
write_freezes(struct gen *g, struct course *c)
{
	for (int k = 0; k < c->nfrz && g->rc == MD_OK; k++) {
		const struct cfrz *z = &c->frz[k];
		int ri = rec_find(c, z->form, z->seq);
		if (ri < 0)
			continue;
		struct md_store_freeze row = {c->recs[ri].id, c->evs[z->ev].id,
					      z->why};
		stored(g, md_store_freeze_put(g->db, &row, g->err));
	}
}

/* The case as its course left it: person, case row, records, revisions
 * and events. */
static void
write_case(struct gen *g, struct course *c, struct dcase *dc)
{
	char opened[MD_TIMESTAMP_SIZE], ts[MD_TIMESTAMP_SIZE],
		ts2[MD_TIMESTAMP_SIZE];
	char d1[MD_DATE_SIZE];
	if (!md_buf_ok(&c->json)) {
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
		return;
	}
	ts_format(dc->open, opened);
	write_person(g, c, opened);
	if (g->rc != MD_OK)
		return;
	day_iso(moment_day(dc->open), d1);
	ts_format(c->updated, ts);
	struct md_store_case row = {g->persons[dc->person].id,
				    c->closed,
				    c->stage,
				    g->user_id[c->staff],
				    d1,
				    c->closed ? c->closed_on : NULL,
				    c->closed
					    ? (c->close_reason ? c->close_reason
							       : "")
					    : NULL,
				    or_null(c->decided_on),
				    or_null(c->next_eval_on),
				    or_null(c->follow_up_on),
				    opened,
				    ts};
	if (!stored(g, md_store_case_insert(g->db, &row, &dc->id, g->err)))
		return;
	g->counts.cases++;
	for (int i = 0; i < c->nrecs && g->rc == MD_OK; i++) {
		struct crec *rec = &c->recs[i];
		ts_format(rec->created, ts);
		ts_format(rec->updated, ts2);
		struct md_store_record r =
			{dc->id,        rec->form->id, rec->seq, rec->revision,
			 rec->complete, NULL,          ts,       ts2};
		stored(g, md_store_record_insert(g->db, &r, &rec->id, g->err));
		g->counts.records++;
	}
	for (int i = 0; i < c->nrevs && g->rc == MD_OK; i++) {
		const struct crev *rv = &c->revs[i];
		ts_format(rv->at, ts);
		struct md_store_revision r = {c->recs[rv->rec].id,
					      rv->revision,
					      rv->revision - 1,
					      g->user_id[rv->user],
					      ts,
					      rv->complete,
					      c->json.data + rv->data,
					      c->json.data + rv->changed,
					      ""};
		stored(g, md_store_revision_insert(g->db, &r, g->err));
		g->counts.revisions++;
	}
	for (int i = 0; i < c->nevs && g->rc == MD_OK; i++) {
		struct cev *e = &c->evs[i];
		ts_format(e->at, ts);
		/* The day it was done; a step recorded on opening is dated by
		 * the 受付日 (none of its own). */
		struct md_store_event r =
			{dc->id,
			 e->ev.step,
			 e->ev.outcome,
			 e->ev.reason,
			 e->ev.agency,
			 e->ev.method,
			 e->ev.note,
			 or_null(e->ev.follow_up_on),
			 e->ev.record_id ? c->recs[e->ev.record_id - 1].id : 0,
			 e->ev.record_revision,
			 g->user_id[e->user],
			 ts,
			 or_null(e->ev.on)};
		stored(g, md_store_event_insert(g->db, &r, &e->id, g->err));
		g->counts.events++;
	}
	write_freezes(g, c);
	dc->theme = c->theme;
	dc->staff = c->staff;
}

/* Commit what is written when the batch is full, and begin the next. */
static void
batch(struct gen *g, bool force)
{
	if (g->rc != MD_OK || (!force && g->batch < 20000))
		return;
	enum md_status rc = md_db_commit(g->db, g->err);
	if (rc == MD_OK)
		rc = md_db_begin(g->db, g->err);
	if (rc != MD_OK)
		failed(g, rc);
	g->batch = 0;
}

static void
progress(struct gen *g, const char *what, long long done, long long total)
{
	if (g->opt->progress)
		g->opt->progress(g->opt->ctx, what, done, total);
}

/* Every case, in the order they were opened. */
static void
write_cases(struct gen *g)
{
	struct course *c = g->c;
	long long step = g->ncases / 200 + 1;
	for (long long i = 0; i < g->ncases && g->rc == MD_OK; i++) {
		struct dcase *dc = &g->cases[i];
		course_start(g, c, dc, dc->short_close);
		course_run(g, c);
		if (g->rc != MD_OK)
			break;
		if (dc->must_close &&
		    (c->closed ? c->closed_at : -1) != dc->close)
			fail(g, MD_ERR_DB,
			     "内部エラー: デモデータのケースの経過が再現できません");
		dc->close = c->closed ? c->closed_at : -1;
		dc->last = c->now;
		dc->steps = c->steps;
		write_case(g, c, dc);
		batch(g, false);
		if ((i + 1) % step == 0 || i + 1 == g->ncases)
			progress(g, "ケース", i + 1, g->ncases);
	}
}

/* ---- progress entries ------------------------------------------------------- */

/* One entry to write: when, and of which case. */
struct dentry {
	int32_t day;
	int16_t minute;
	int16_t nth;  /* the case's entry number, for its stream */
	int32_t kase; /* index in cases */
};

static int
entry_order(const void *a, const void *b)
{
	const struct dentry *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->minute != y->minute)
		return x->minute < y->minute ? -1 : 1;
	if (x->kase != y->kase)
		return x->kase < y->kase ? -1 : 1;
	return x->nth - y->nth;
}

/* When each case's entries were written: between its opening and its
 * closing (or the end of the data), more of them early on, on working
 * days, never before the case was opened or after it was closed. */
static struct dentry *
plan_entries(struct gen *g, long long *count)
{
	long long total = 0;
	for (long long i = 0; i < g->ncases; i++)
		total += g->cases[i].entries;
	struct dentry *es = md_malloc((size_t)(total ? total : 1) * sizeof *es);
	if (!es) {
		md_err_set(g->err, MD_ERR_NOMEM, NULL);
		return NULL;
	}
	long long n = 0;
	for (long long i = 0; i < g->ncases; i++) {
		const struct dcase *dc = &g->cases[i];
		struct rng r;
		rng_init(&r, g->seed, STREAM_ENTRIES,
			 ((uint64_t)dc->person * 4 + (uint64_t)dc->nth) |
				 (1ULL << 40));
		long d0 = moment_day(dc->open);
		long d1 = dc->close >= 0 ? moment_day(dc->close) : g->end;
		int open_min = (int)(dc->open % 86400) / 60;
		int close_min = dc->close >= 0 ? (int)(dc->close % 86400) / 60
					       : 24 * 60;
		for (int j = 0; j < dc->entries; j++) {
			for (int tries = 0; tries < 6; tries++) {
				double u = rng_unit(&r);
				long day = d0 + (long)(u * (0.35 + 0.65 * u) *
						       (double)(d1 - d0 + 1));
				if (day > d1)
					day = d1;
				if (workday(day) <= d1)
					day = workday(day);
				int lo = 9 * 60, hi = 18 * 60;
				if (day == d0 && lo < open_min + 5)
					lo = open_min + 5;
				if (day == d1 && dc->close >= 0 &&
				    hi > close_min - 100)
					hi = close_min - 100;
				if (lo > hi)
					continue;
				es[n].day = (int32_t)day;
				es[n].minute = (int16_t)rng_range(&r, lo, hi);
				es[n].nth = (int16_t)j;
				es[n].kase = (int32_t)i;
				n++;
				break;
			}
		}
	}
	qsort(es, (size_t)n, sizeof *es, entry_order);
	*count = n;
	return es;
}

/* One progress entry (第3号様式) with its revision, indexed for search. */
static void
write_entry(struct gen *g, const struct dentry *e, int *seqs)
{
	struct course *c = g->c;
	const struct dcase *dc = &g->cases[e->kase];
	const struct dperson *p = &g->persons[dc->person];
	struct rng r;
	rng_init(&r, g->seed, STREAM_ENTRY_TEXT,
		 (((uint64_t)dc->person * 4 + (uint64_t)dc->nth) << 12) |
			 (uint64_t)e->nth);
	c->pool_len = 0;
	md_buf_reset(&c->json);
	c->pf.family = family_kanji(&g->households[p->household]);
	c->theme = (enum theme)dc->theme;
	int minutes = 5 * rng_range(&r, 1, 12);
	c->now = (long long)e->day * 86400 + e->minute * 60;
	long long at = c->now + (minutes + rng_range(&r, 1, 25)) * 60 +
		       3 * rng_range(&r, 0, 19) + K_ENTRY;
	int year = year_of(e->day);
	int staff = staff_table[dc->staff].until >= year
			    ? dc->staff
			    : pick_staff(&r, 1u << MD_ROLE_CONSULTANT, year);
	if (rng_pct(&r, 8))
		staff = pick_staff(&r,
				   (1u << MD_ROLE_EMPLOYMENT) |
					   (1u << MD_ROLE_CHIEF),
				   year);
	static const char *const methods[] = {"来所",
					      "電話",
					      "訪問",
					      "同行支援",
					      "メール・手紙",
					      "オンライン",
					      "関係機関との連絡調整",
					      "支援調整会議",
					      "支援会議",
					      "その他"};
	int mw[] = {34, 34, 8, 6, 3, year >= 2020 ? 4 : 0, 9, 1, 1, 1};
	int method = rng_weighted(&r, mw, COUNT(mw));
	long first = moment_day(dc->open);
	long last = dc->close >= 0 ? moment_day(dc->close) : g->end;
	double pos = (double)(e->day - first) / (double)(last - first + 1);
	static const char *const kinds_by_theme[TH_COUNT] =
		{"住まい",
		 "就労支援",
		 "家計",
		 "相談支援",
		 "相談支援",
		 "相談支援",
		 "緊急支援(プラン策定前)"};
	const char *kind = pos < 0.25
				   ? (rng_pct(&r, 15) ? "緊急支援(プラン策定前)"
						      : "相談支援")
			   : rng_pct(&r, 45) ? "モニタリング"
			   : rng_pct(&r, 70) ? kinds_by_theme[c->theme]
					     : "相談支援";
	struct crec *rec = &c->recs[0];
	rec->form = g->f_progress;
	rec->n = 0;
	char date[MD_DATE_SIZE], tm[6];
	day_iso(e->day, date);
	md_time_format(e->minute, tm);
	fset(g, rec, "entry_date", date);
	fset(g, rec, "entry_time", tm);
	fset(g, rec, "minutes", pool_printf(g, c, "%d", minutes));
	fset(g, rec, "method", methods[method]);
	const char *cp[3] = {NULL, NULL, NULL};
	if (method == 6 || method == 7 || method == 8) {
		cp[0] = "関係機関";
	} else {
		cp[0] = "本人";
		if (rng_pct(&r, 12))
			cp[1] = "家族";
		if (method == 3)
			cp[2] = "関係機関";
	}
	fset(g, rec, "counterpart",
	     options_of(g, c, g->f_progress, "counterpart", cp, 3));
	if (method == 6 || (method == 3 && rng_pct(&r, 50)))
		fset(g, rec, "agency", referral_agency(g, c->theme, &r));
	fset(g, rec, "kind", kind);
	fset(g, rec, "staff", staff_table[staff].login);
	fset(g, rec, "content", note(g, c, &r, method));
	if (rng_pct(&r, 30)) {
		md_buf_reset(&c->text);
		expand(c, &r, &c->text, PICK(&r, next_actions));
		fset(g, rec, "next_action", text_take(g, c));
	}
	if (rng_pct(&r, 25))
		fset(g, rec, "next_on",
		     pool_day(g, c, workday(e->day + rng_range(&r, 7, 30))));
	if (g->rc != MD_OK)
		return;
	struct md_values v = rec_view(rec);
	size_t changed = c->json.len;
	md_kv_changed_json(NULL, 0, rec->kv, rec->n, &c->json);
	md_buf_addc(&c->json, '\0');
	size_t data = c->json.len;
	md_values_to_json(&v, &c->json);
	bool complete = md_form_missing(g->f_progress, &v, NULL) == 0;
	if (!md_buf_ok(&c->json)) {
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
		return;
	}
	if (g->checked < 600) {
		g->checked++;
		rec_check(g, rec);
	}
	char ts[MD_TIMESTAMP_SIZE];
	ts_format(at, ts);
	struct md_store_record head = {dc->id,
				       g->f_progress->id,
				       ++seqs[e->kase],
				       1,
				       complete,
				       date,
				       ts,
				       ts};
	long long id = 0;
	if (!stored(g, md_store_record_insert(g->db, &head, &id, g->err)))
		return;
	struct md_store_revision rv = {id,
				       1,
				       0,
				       g->user_id[staff],
				       ts,
				       complete,
				       c->json.data + data,
				       c->json.data + changed,
				       ""};
	if (!stored(g, md_store_revision_insert(g->db, &rv, g->err)))
		return;
	char *text = md_entries_text(g->f_progress, &v);
	if (!text) {
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
		return;
	}
	enum md_status rc = md_entries_index(g->db, id, NULL, text, g->err);
	md_free(text);
	if (rc == MD_OK)
		rc = md_entries_appointment(g->db, g->f_progress, id, &v,
					    g->err);
	if (rc != MD_OK) {
		failed(g, rc);
		return;
	}
	g->counts.records++;
	g->counts.revisions++;
	g->counts.entries++;
}

static void
write_entries(struct gen *g)
{
	if (!g->f_progress)
		return;
	plan_entry_counts(g);
	long long n = 0;
	struct dentry *es = plan_entries(g, &n);
	int *seqs = md_calloc((size_t)g->ncases, sizeof *seqs);
	if (!es || !seqs) {
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
		md_free(es);
		md_free(seqs);
		return;
	}
	long long step = n / 200 + 1;
	for (long long i = 0; i < n && g->rc == MD_OK; i++) {
		write_entry(g, &es[i], seqs);
		batch(g, false);
		if ((i + 1) % step == 0 || i + 1 == n)
			progress(g, "支援経過", i + 1, n);
	}
	md_free(es);
	md_free(seqs);
}

/* ---- setting up ------------------------------------------------------------------ */

/* What the generator reads of the definitions: the form of progress
 * entries (the first of kind entries) and the plan a notice quotes (the
 * realistic fillers' 第4号様式), when there are such. */
static enum md_status
setup(struct gen *g)
{
	for (size_t i = 0; i < g->forms->n; i++) {
		const struct md_form *f = &g->forms->forms[i];
		if (f->entries && !g->f_progress)
			g->f_progress = f;
		if (known_form(f) == FORM_PLAN)
			g->f_plan = f;
	}
	g->nsteps = md_workflow_nsteps(g->wf);
	for (size_t i = 0; i < g->nsteps; i++)
		g->nmain += !md_workflow_step(g->wf, i)->track;
	if (g->nsteps > MAX_WF)
		return md_err_set(g->err, MD_ERR_DEFINITION,
				  "手順が多すぎます(%d まで)", MAX_WF);
	return MD_OK;
}

/* The agency catalogue (its active agencies, with their kinds):
 * data/agencies.csv when the database has none. */
static enum md_status
load_agencies(struct gen *g)
{
	struct md_agency *list = NULL;
	size_t n = 0;
	enum md_status rc = md_agencies_list(g->db, &list, &n, g->err);
	if (rc == MD_OK && n == 0) {
		char *path = md_path_shipped("data/agencies.csv", g->err);
		if (!path)
			return g->err->status;
		size_t added = 0;
		rc = md_agencies_import(g->db, NULL,
					md_workflow_agency_kinds(g->wf), path,
					&added, g->err);
		md_free(path);
		if (rc == MD_OK)
			rc = md_agencies_list(g->db, &list, &n, g->err);
	}
	if (rc == MD_OK &&
	    !(g->agencies = md_calloc(n ? n : 1, sizeof *g->agencies)))
		rc = md_err_set(g->err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; rc == MD_OK && i < n; i++) {
		if (!list[i].active)
			continue;
		struct dagency *a = &g->agencies[g->nagencies++];
		a->name = list[i].name;
		a->kind = list[i].kind;
		list[i].name = list[i].kind = NULL;
	}
	md_agencies_free(list, n);
	if (rc == MD_OK && !g->nagencies)
		rc = md_err_set(g->err, MD_ERR_NOTFOUND,
				"関係機関の一覧が空です");
	return rc;
}

static enum md_status
check_empty(struct gen *g)
{
	bool empty = false;
	enum md_status rc = md_db_is_empty(g->db, &empty, g->err);
	if (rc == MD_OK && !empty)
		rc = md_err_set(g->err, MD_ERR_EXISTS,
				"%s には既にデータがあります(デモデータは新しいデータベースにだけ作れます)",
				md_db_path(g->db));
	return rc;
}

static void
gen_fini(struct gen *g)
{
	if (g->c) {
		md_buf_fini(&g->c->json);
		md_buf_fini(&g->c->text);
		md_free(g->c->pool);
		md_free(g->c);
	}
	for (size_t i = 0; i < g->nagencies; i++) {
		md_free(g->agencies[i].name);
		md_free(g->agencies[i].kind);
	}
	md_free(g->agencies);
	md_free(g->households);
	md_free(g->persons);
	md_free(g->cases);
}

enum md_status
md_demo_generate(struct md_db *db, const struct md_forms *forms,
		 const struct md_workflow *wf,
		 const struct md_demo_options *opt,
		 struct md_demo_counts *counts, struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch;
	if (counts)
		memset(counts, 0, sizeof *counts);
	if (!opt || opt->cases < 1)
		return md_err_set(err, MD_ERR_INVALID,
				  "ケースの数は 1 以上にしてください");
	if (opt->cases > 50000000)
		return md_err_set(err, MD_ERR_INVALID,
				  "ケースの数は 5,000 万件までにしてください");
	struct gen g;
	memset(&g, 0, sizeof g);
	g.db = db;
	g.forms = forms;
	g.wf = wf;
	g.opt = opt;
	g.err = err;
	g.seed = opt->seed;
	g.ncases = opt->cases;
	g.start = day_of(FIRST_YEAR, 4, 1);
	g.end = day_of(LAST_YEAR, 3, 31);
	enum md_status rc = setup(&g);
	if (rc == MD_OK)
		rc = check_empty(&g);
	if (rc != MD_OK)
		return rc;
	g.c = md_calloc(1, sizeof *g.c);
	if (g.c) {
		md_buf_init(&g.c->json);
		md_buf_init(&g.c->text);
		g.c->pool = md_malloc(POOL_SIZE);
	}
	if (!g.c || !g.c->pool) {
		gen_fini(&g);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	/* Writing fast: no sync until the end, a large cache; every batch is
	 * still one transaction, so a crash leaves whole cases only. */
	struct md_db_bulk saved;
	long long kib = g.ncases * 4 < 16384 ? 16384 : g.ncases * 4;
	rc = md_db_bulk_begin(db, kib > 524288 ? 524288 : kib, &saved, err);
	bool in_tx = false;
	if (rc == MD_OK && (rc = md_db_begin(db, err)) == MD_OK)
		in_tx = true;
	if (rc == MD_OK) {
		write_users(&g);
		rc = g.rc;
	}
	/* The index is empty yet: this records the fields it is built from,
	 * and write_entries keeps it in step. */
	if (rc == MD_OK)
		rc = md_entries_rebuild(db, forms, err);
	if (rc == MD_OK)
		rc = load_agencies(&g);
	if (rc == MD_OK)
		rc = plan_people(&g);
	if (rc == MD_OK) {
		progress(&g, "準備", 0, g.ncases);
		rc = plan_cases(&g);
	}
	if (rc == MD_OK) {
		write_cases(&g);
		rc = g.rc;
	}
	if (rc == MD_OK) {
		write_entries(&g);
		rc = g.rc;
	}
	if (rc == MD_OK) {
		char detail[160];
		snprintf(detail, sizeof detail,
			 "デモデータの生成: ケース %lld 件(シード %llu)",
			 g.ncases, (unsigned long long)g.seed);
		rc = md_audit_add(db, g.user_id[0], MD_AUDIT_CREATE, 0, 0,
				  detail, err);
	}
	if (in_tx) {
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	struct md_err rerr;
	enum md_status rrc = md_db_bulk_end(db, &saved, rc == MD_OK, &rerr);
	if (rc == MD_OK && rrc != MD_OK) {
		*err = rerr;
		rc = rrc;
	}
	if (rc == MD_OK && counts)
		*counts = g.counts;
	gen_fini(&g);
	return rc;
}
