/* Demonstration data: staff, households and persons, and cases carried
 * through the workflow with their forms, events and progress entries, made
 * deterministically from a seed and written as the core writes them. */
#include "demo.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
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
#include "madoguchi/wareki.h"
#include "rng.h"
#include "words.h"

/*
 * How it works. A plan comes first, in memory: households and persons with
 * their birth dates, how many cases each person has (some two or three over
 * the years, one after the other) and when each opens. Each case's course
 * through the workflow is a function of its own random stream, so it is run
 * once "dry" (dates only) to learn when it ends, which places the person's
 * next case, and again "wet" when it is written. Cases are written in the
 * order they were opened, each in one piece (person, case, forms and their
 * revisions, events); progress entries come last, all of them in date
 * order, so that entry ids grow with time as they do at a real counter.
 *
 * The course mirrors md_workflow_take (workflow.c) exactly: the same rows,
 * the same rounds (a new evaluation round after each evaluation, new rounds
 * of the assessment, plan and notice after 再プラン), the same form writes
 * (the fields each step sets, listed in forms/workflow.ini), the same days
 * of the steps, the same frozen forms (a decided plan) and the same case
 * columns; a plan changed after 再検討, 差し戻し or プラン変更 is signed
 * again, as the engine asks. tests/unit/test_demo.c replays generated cases through the
 * engine and compares the rows, so the two cannot drift apart unnoticed.
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

/* ---- the steps and outcomes the generator takes ---------------------- */

enum step {
	S_RECEPTION,
	S_APPLICATION,
	S_TRIAGE,
	S_ASSESSMENT,
	S_SCREENING,
	S_WELFARE,
	S_PLAN_DRAFT,
	S_AGREEMENT,
	S_MEETING,
	S_DECISION,
	S_SUPPORT_DECISION,
	S_SUPPORT,
	S_PLAN_CHANGE,
	S_EVALUATION,
	S_CLOSURE,
	S_REPLAN,
	S_COUNT
};

static const char *const step_ids[S_COUNT] = {
	"reception", "application", "triage", "assessment", "screening",
	"welfare_referral", "plan_draft", "agreement", "meeting", "decision",
	"support_decision", "support", "plan_change", "evaluation", "closure",
	"replan",
};

enum outcome {
	O_TRIAGE_INFO,
	O_TRIAGE_REFER,
	O_TRIAGE_CONTINUE,
	O_SCREEN_PLAN,
	O_SCREEN_REFER,
	O_SCREEN_WELFARE,
	O_SCREEN_INFO,
	O_WELFARE_DONE,
	O_MEETING_OK,
	O_MEETING_MODIFIED,
	O_MEETING_AGAIN,
	O_DECISION_OK,
	O_DECISION_BACK,
	O_PLAN_CHANGE,
	O_EVAL_END,
	O_EVAL_REPLAN,
	O_EVAL_GO_ON,
	O_CLOSURE,
	O_REPLAN,
	O_COUNT
};

static const struct {
	enum step step;
	const char *label;
} outcome_defs[O_COUNT] = {
	{S_TRIAGE, "情報提供のみで終了"},
	{S_TRIAGE, "他制度・他機関へつなぐ"},
	{S_TRIAGE, "継続支援"},
	{S_SCREENING, "プラン作成(継続支援)"},
	{S_SCREENING, "他制度・他機関へつなぐ"},
	{S_SCREENING, "生活保護の申請につなぐ(福祉事務所)"},
	{S_SCREENING, "情報提供・助言のみで終了"},
	{S_WELFARE, "つないだ"},
	{S_MEETING, "承認"},
	{S_MEETING, "修正のうえ承認"},
	{S_MEETING, "再検討"},
	{S_DECISION, "決定"},
	{S_DECISION, "差し戻し"},
	{S_PLAN_CHANGE, "変更する"},
	{S_EVALUATION, "終結"},
	{S_EVALUATION, "再プラン"},
	{S_EVALUATION, "現プランで継続"},
	{S_CLOSURE, "終結"},
	{S_REPLAN, "再アセスメントへ"},
};

/* The evaluations after a plan decision, in months: the default of
 * [workflow] evaluation_months (config.h), as next_evaluation counts them. */
static const int eval_months[] = {3, 6, 12};

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
	int first;      /* its first person */
	int n;          /* persons in it */
	int family;     /* family_names index */
	int variant;    /* 0: the common form; k: variants[k - 1] */
	long long id;   /* once written */
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
	bool no_birth;     /* birth date not known */
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
};

/* A workflow event. */
struct cev {
	int step; /* index in the workflow */
	const struct md_wf_outcome *oc;
	const char *reason, *agency;
	long follow_up; /* day, or -1 */
	int rec;        /* -1: none */
	int rec_revision;
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

/* Where an open case stops: after the first time this step is taken. */
struct target {
	enum step step;
	int weight;
};

static const struct target targets[] = {
	{S_RECEPTION, 12}, {S_APPLICATION, 8}, {S_TRIAGE, 8},
	{S_ASSESSMENT, 12}, {S_SCREENING, 6}, {S_PLAN_DRAFT, 7},
	{S_AGREEMENT, 5}, {S_MEETING, 5}, {S_DECISION, 5},
	{S_SUPPORT_DECISION, 3}, {S_SUPPORT, 8}, {S_PLAN_CHANGE, 3},
	{S_EVALUATION, 9}, {S_REPLAN, 2},
};

/* The person's own fields as stored, in the order of MD_PERSON_FIELD_LIST. */
struct pfields {
	const char *v[MD_PERSON_FIELD_COUNT];
	const char *family; /* the family name as written, for notes */
	long birth;
};

/* A form frozen by a step that stands (workflow.c struct frz). */
struct cfrz {
	int ev;   /* the event's ordinal in the case (course.steps) */
	int step;
	const struct md_form *form;
	int seq;
};

/* One case being carried through the process. */
struct course {
	long long index; /* in cases */
	const struct dcase *dc;
	struct rng r;  /* the course: every choice that moves dates or steps */
	struct rng rc; /* the content: words and values (wet runs only) */
	int staff;     /* staff_table index of the assigned member of staff */
	int successor; /* who takes over after the staff left, or -1 */
	enum theme theme;
	long long now;
	/* Stopping. */
	int target;       /* enum step, or -1 to go on to the end */
	int target_evals; /* with S_EVALUATION: after so many */
	bool no_steps;    /* the target was reached: saves only */
	bool stopped;     /* nothing more happens */
	/* The engine's state of the case (workflow.c, struct state). */
	int done[MAX_WF], times[MAX_WF], round[MAX_WF];
	bool closed;
	int decision;    /* the step of the plan decision in force, or -1 */
	struct cfrz frz[MAX_EVS];
	int nfrz;
	int evals;       /* evaluations so far */
	int evals_since; /* evaluations since the plan decision */
	/* The case row. */
	int stage;
	long closed_on, decided_on, next_eval_on, follow_up_on;
	const char *close_reason;
	long long updated;
	int steps;
	/* Choices that shape the course. */
	bool with_u, with_o; /* the plan holds (ウ) or (オ) */
	bool short_close;    /* end at once (a case that must close in time) */
	int saving;          /* the record of the save under way */
	/* Rows (wet runs). */
	struct crec recs[MAX_RECS];
	int nrecs;
	struct crev revs[MAX_REVS];
	int nrevs;
	struct cev evs[MAX_EVS];
	int nevs;
	struct md_kv prev[MAX_KV];
	size_t nprev;
	struct md_kv merged[MAX_KV + MD_PERSON_FIELD_COUNT];
	struct md_buf json;
	struct md_buf text;
	char *pool;
	size_t pool_len;
	struct pfields pf;
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
	const struct md_form *f_reception, *f_intake, *f_progress, *f_plan,
		*f_evaluation, *f_notice;
	int step[S_COUNT]; /* workflow index of each step */
	const struct md_wf_outcome *oc[O_COUNT];
	size_t nsteps;
	long long user_id[NSTAFF];
	char **agencies;
	size_t nagencies;
	struct dhousehold *households;
	int nhouseholds;
	struct dperson *persons;
	int npersons;
	struct dcase *cases;
	long long ncases;
	bool dry; /* dates only: nothing is built or written */
	struct course *c;
	struct md_demo_counts counts;
	long long batch;   /* rows since the last commit */
	long long checked; /* revisions checked against the definitions */
};

/* Stop everything with a status and a message (the first one wins). */
static void
fail(struct gen *g, enum md_status rc, const char *fmt, ...)
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
		fail(g, MD_ERR_NOMEM, "内部エラー: デモデータの 1 ケース分が大きすぎます");
		return "";
	}
	char *p = c->pool + c->pool_len;
	memcpy(p, s, n);
	p[n] = '\0';
	c->pool_len += n + 1;
	return p;
}

static const char *
pool_printf(struct gen *g, struct course *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static const char *
pool_printf(struct gen *g, struct course *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof buf) {
		fail(g, MD_ERR_NOMEM, "内部エラー: デモデータの文字列が長すぎます");
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
		fail(g, MD_ERR_NOMEM, "内部エラー: デモデータの様式の項目が多すぎます");
		return;
	}
	memmove(&rec->kv[lo + 1], &rec->kv[lo], (rec->n - lo) * sizeof rec->kv[0]);
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
		fail(g, MD_ERR_NOMEM, "内部エラー: デモデータの様式が多すぎます");
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
		     "デモデータが%s(%s)の定義に合いません: %s", rec->form->number,
		     rec->form->title, err.msg);
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
	rv->data = c->json.len;
	struct md_values v = rec_view(rec);
	md_values_to_json(&v, &c->json);
	rv->ndata = c->json.len - rv->data;
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
			kv_set(g, rec, f->fields[i].key, staff_table[user].login);
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
		    staff_table[i].since <= year && staff_table[i].until >= year)
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
		c->successor = pick_staff(&c->r, 1u << MD_ROLE_CONSULTANT, year);
	return c->successor;
}

/* A chief consultant (主任相談支援員) at work now. */
static int
chief(struct course *c)
{
	return pick_staff(&c->r, 1u << MD_ROLE_CHIEF, year_of(moment_day(c->now)));
}

/* An agency of the catalogue by name, or any when it has none such. */
static const char *
agency(const struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->nagencies; i++)
		if (!strcmp(g->agencies[i], name))
			return g->agencies[i];
	return g->agencies[0];
}

/* ---- taking steps, as md_workflow_take does --------------------------- */

static bool
per_take_round(const struct md_wf_step *s)
{
	return s->form && s->repeat && !s->side;
}

/* The round the process fills of form: that of the first step filling it. */
static int
form_round(const struct gen *g, const struct course *c,
	   const struct md_form *form)
{
	for (size_t i = 0; i < g->nsteps; i++)
		if (md_workflow_step(g->wf, i)->form == form)
			return c->round[i];
	return 1;
}

/* The fields a step sets on its forms (forms/workflow.ini: sets,
 * date_sets, round_sets and the outcome's agency_sets, follow_up_sets,
 * reason_sets), saved as the workflow saves them. *own gets the record of
 * the step's own form when the step wrote to it. */
static void
step_writes(struct gen *g, struct course *c, enum step sk, int o,
	    const char *agency_name, const char *reason, long follow_up,
	    int user, int *own, int *own_rev)
{
	const struct md_form *form = NULL;
	const char *keys[3], *vals[3];
	int n = 0;
	const char *today = pool_day(g, c, moment_day(c->now));
	const char *label = o >= 0 ? g->oc[o]->label : NULL;
	const char *fu = follow_up >= 0 ? pool_day(g, c, follow_up) : NULL;
#define SET(k, v)                                                          \
	do {                                                               \
		keys[n] = (k);                                             \
		vals[n] = (v);                                             \
		n++;                                                       \
	} while (0)
	switch (sk) {
	case S_TRIAGE:
		form = g->f_reception;
		SET("triage", label);
		if (o == O_TRIAGE_REFER)
			SET("triage_agency", agency_name);
		break;
	case S_ASSESSMENT: {
		form = g->f_intake;
		const struct md_field *f = md_form_field(form, "round");
		int round = form_round(g, c, form);
		SET("round", f->options[round > 1 && f->noptions > 1 ? 1 : 0]);
		break;
	}
	case S_SCREENING:
		form = g->f_intake;
		SET("screening", label);
		if (o == O_SCREEN_REFER) {
			SET("screening_agency", agency_name);
			SET("follow_up_on", fu);
		}
		break;
	case S_WELFARE:
		form = g->f_intake;
		SET("screening_agency", agency_name);
		if (fu)
			SET("follow_up_on", fu);
		break;
	case S_PLAN_DRAFT:
		form = g->f_plan;
		SET("plan_round", pool_printf(g, c, "%d", form_round(g, c, form)));
		break;
	case S_MEETING:
		form = g->f_plan;
		SET("meeting_result", label);
		SET("meeting_on", today);
		break;
	case S_DECISION:
		form = g->f_plan;
		if (o == O_DECISION_OK)
			SET("decided_on", today);
		else
			SET("returned_reason", reason);
		break;
	case S_SUPPORT_DECISION:
		form = g->f_plan;
		SET("support_decided_on", today);
		break;
	case S_CLOSURE:
		form = g->f_evaluation;
		if (agency_name)
			SET("follow_up_agency", agency_name);
		if (fu)
			SET("follow_up_on", fu);
		break;
	default:
		break;
	}
#undef SET
	if (!n)
		return;
	int ri = rec_find(c, form, form_round(g, c, form));
	if (ri < 0) {
		fail(g, MD_ERR_DB, "内部エラー: デモデータの%sがありません",
		     form->title);
		return;
	}
	struct crec *rec = &c->recs[ri];
	rec_begin(c, ri);
	if (rec->revision == 0)
		rec_defaults(g, c, rec, user);
	for (int k = 0; k < n; k++)
		kv_set(g, rec, keys[k], vals[k]);
	rec_commit(g, c, ri, user);
	if (form == md_workflow_step(g->wf, (size_t)g->step[sk])->form) {
		*own = ri;
		*own_rev = rec->revision;
	}
}

static long
next_evaluation(long decided, int done)
{
	int n = COUNT(eval_months);
	int months = done < n ? eval_months[done]
			      : eval_months[n - 1] +
					(done - n + 1) *
						(eval_months[n - 1] - eval_months[n - 2]);
	return add_months(decided, months);
}

/*
 * Take step sk with outcome o (or -1), as user, now: the fields it sets,
 * the event, the new rounds, the case's columns; then stop when the case
 * has reached its target. false when the course has stopped.
 */
static bool
take(struct gen *g, struct course *c, enum step sk, int o,
     const char *agency_name, const char *reason, long follow_up, int user)
{
	if (c->stopped)
		return false;
	if (c->no_steps) {
		c->stopped = true;
		return false;
	}
	int i = g->step[sk];
	const struct md_wf_step *s = md_workflow_step(g->wf, (size_t)i);
	const struct md_wf_outcome *oc = o >= 0 ? g->oc[o] : NULL;
	if (!g->dry) {
		int own = -1, own_rev = 0;
		if (s->form) {
			own = rec_find(c, s->form, form_round(g, c, s->form));
			if (own >= 0)
				own_rev = c->recs[own].revision;
		}
		step_writes(g, c, sk, o, agency_name, reason, follow_up, user,
			    &own, &own_rev);
		if (c->nevs == MAX_EVS) {
			fail(g, MD_ERR_NOMEM, "内部エラー: デモデータの手順が多すぎます");
			return false;
		}
		c->evs[c->nevs++] = (struct cev){i, oc, reason, agency_name,
						 follow_up, own, own_rev, user,
						 c->now, 0};
	}
	/* The replay of the new event (workflow.c apply). */
	c->done[i] = c->steps;
	c->times[i]++;
	const struct md_form *fz = oc && oc->freezes ? oc->freezes : s->freezes;
	if (fz)
		c->frz[c->nfrz++] = (struct cfrz){c->steps, i, fz, form_round(g, c, fz)};
	if (oc && oc->plan_decided) {
		c->decision = i;
		c->evals_since = 0;
	}
	if (s->evaluation) {
		c->evals++;
		if (c->decision >= 0)
			c->evals_since++;
	}
	if (per_take_round(s) && !(oc && oc->last_round))
		c->round[i]++;
	if (oc && oc->back_to >= 0) {
		for (size_t j = (size_t)oc->back_to; j < g->nsteps; j++) {
			const struct md_wf_step *t = md_workflow_step(g->wf, j);
			if (t->side)
				continue;
			c->done[j] = -1;
			c->times[j] = 0;
			if (oc->new_round && t->form && !per_take_round(t))
				c->round[j]++;
		}
		if (c->decision >= oc->back_to)
			c->decision = -1;
		/* What the steps taken again froze stands no more; a new
		 * round leaves the old one frozen (workflow.c reset_from). */
		if (!oc->new_round) {
			int k = 0;
			for (int f = 0; f < c->nfrz; f++)
				if (c->frz[f].step < oc->back_to ||
				    c->frz[f].seq != form_round(g, c, c->frz[f].form))
					c->frz[k++] = c->frz[f];
			c->nfrz = k;
		}
	}
	if (oc && oc->close)
		c->closed = true;
	/* New rounds made ready (workflow.c create_round). */
	if (!g->dry) {
		if (oc && oc->new_round && oc->back_to >= 0)
			for (size_t j = (size_t)oc->back_to; j < g->nsteps; j++) {
				const struct md_wf_step *t = md_workflow_step(g->wf, j);
				if (t->form && !per_take_round(t) && !t->side)
					rec_round(g, c, t->form, c->round[j]);
			}
		if (per_take_round(s) && !c->closed && !(oc && oc->last_round))
			rec_round(g, c, s->form, c->round[i]);
	}
	/* The case's columns (workflow.c update_case). */
	long today = moment_day(c->now);
	c->stage = i;
	if (c->closed) {
		c->closed_on = today;
		c->close_reason = oc ? oc->close_reason : "";
	}
	if (c->decision < 0)
		c->decided_on = -1;
	else if (c->decided_on < 0)
		c->decided_on = today;
	c->next_eval_on = c->decision >= 0 && !c->closed
				  ? next_evaluation(c->decided_on, c->evals_since)
				  : -1;
	if (follow_up >= 0)
		c->follow_up_on = follow_up;
	c->updated = c->now;
	c->steps++;
	if ((int)sk == c->target &&
	    (sk != S_EVALUATION || c->evals >= c->target_evals)) {
		c->no_steps = true;
		if (rng_pct(&c->r, 50))
			c->stopped = true;
	}
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
			struct md_date d =
				date_of(moment_day(c->now) + rng_range(r, 3, 21));
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
#define SENTENCE_NEW(r, list, th, u) sentence((r), (list), COUNT(list), (th), (u))

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
			expand(c, r, b, SENTENCE_NEW(r, situations, c->theme, &used));
		else
			expand(c, r, b, SENTENCE_NEW(r, actions, c->theme, &used));
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
cell(struct gen *g, struct course *c, const char *key, int row,
     const char *col)
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
				   rng_range(r, 0, 9999), rng_range(r, 0, 9999));
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
				: rng_pct(&r, 15) ? KANA_KATAKANA
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
	pf->v[MD_PERSON_SEX] = p->sex == 'M' ? "男性" : p->sex == 'F' ? "女性" : "その他";
	pf->v[MD_PERSON_BIRTH_DATE] = p->no_birth ? "" : pool_day(g, c, p->birth);

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
	pf->v[MD_PERSON_PHONE_MOBILE] = rng_pct(&r, 75) ? phone(g, c, &r, true) : "";
	pf->v[MD_PERSON_EMAIL] =
		rng_pct(&r, 8) ? pool_printf(g, c, "user%d.%d@example.jp", pi,
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
					 (const char *const *)f->columns[i].options,
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
any_value(struct gen *g, struct course *c, struct rng *r,
	  enum md_field_type t, const char *const *options, size_t n,
	  const char *other, long long min, long long max, int user)
{
	switch (t) {
	case MD_FIELD_TEXT: {
		const char *s = PICK(r, short_texts);
		return max <= 0 || (long long)md_utf8_chars(s) <= max ? s : "有";
	}
	case MD_FIELD_TEXTAREA: {
		const char *s = words(g, c, SENTENCE(r, situations, c->theme));
		return max <= 0 || (long long)md_utf8_chars(s) <= max ? s : "有";
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
		long long v = lo + (long long)rng_below(r, (uint32_t)(hi - lo + 1));
		return pool_printf(g, c, "%lld", t == MD_FIELD_YEN && max <= 0 ? v * 1000 : v);
	}
	case MD_FIELD_PHONE:
		return phone(g, c, r, true);
	case MD_FIELD_POSTAL:
		return towns[rng_below(r, (uint32_t)COUNT(towns))].postal;
	case MD_FIELD_EMAIL:
		return pool_printf(g, c, "user%d@example.jp", rng_range(r, 100, 999));
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
		return g->agencies[rng_below(r, (uint32_t)g->nagencies)];
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
			if (!fd->ncolumns || md_values_table_rows(&(struct md_values){rec->kv, rec->n, rec->n}, fd->key) > 0)
				continue;
			for (size_t k = 0; k < fd->ncolumns; k++) {
				const struct md_column *col = &fd->columns[k];
				const char *v = any_value(g, c, r, col->type,
							  (const char *const *)col->options,
							  col->noptions, NULL, 0, col->max, user);
				if (v)
					kv_set(g, rec, cell(g, c, fd->key, 1, col->key), v);
			}
			continue;
		}
		const char *have = kv_get(rec, fd->key);
		if (have && *have)
			continue;
		const char *v = fd->case_received
					? pool_day(g, c, moment_day(c->dc->open))
					: any_value(g, c, r, fd->type,
						    (const char *const *)fd->options,
						    fd->noptions, fd->other, fd->min,
						    fd->max, user);
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
	static const char *const channels[] = {"来所", "電話", "訪問", "オンライン", "その他"};
	int cw[] = {55, 25, 10, year_of(today) >= 2020 ? 6 : 0, 4};
	int ch = rng_weighted(r, cw, 5);
	fset(g, rec, "channel", channels[ch]);
	if (ch == 4)
		fset(g, rec, "channel.other", rng_pct(r, 50) ? "メール" : "手紙");
	static const char *const routes[] = {"本人自ら", "家族・知人", "関係機関からの紹介", "訪問・アウトリーチで把握", "その他"};
	static const int rw[] = {45, 20, 25, 7, 3};
	int rt = rng_weighted(r, rw, 5);
	fset(g, rec, "route", routes[rt]);
	if (rt == 2)
		fset(g, rec, "route_agency", referral_agency(g, c->theme, r));
	else if (rt == 4)
		fset(g, rec, "route.other", "区の広報紙を見て");
	const char *topics[5] = {theme_topics[c->theme][0], NULL, NULL, NULL, NULL};
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
	fset(g, rec, "wishes", words(g, c, complaints[c->theme][rng_below(r, 3)]));
	const char *work = age >= 65 && rng_pct(r, 70) ? "年金生活"
			   : c->theme == TH_WORK	? (rng_pct(r, 60) ? "無職" : "失業・休職中")
			   : rng_pct(r, 45)		? "無職"
			   : rng_pct(r, 60)		? "臨時職員・パート・アルバイト・派遣社員"
			   : rng_pct(r, 50)		? "自営業・家族従業者・内職"
							: "正社員・公務員";
	fset(g, rec, "work", work);
	static const char *const housings[] = {"借家", "公営住宅", "持家", "親族・知人宅", "会社寮・借上げ住宅", "野宿"};
	int hw[] = {60, 12, 8, 10, 4, c->theme == TH_HOUSING ? 6 : 1};
	fset(g, rec, "housing", housings[rng_weighted(r, hw, 6)]);
	fset(g, rec, "health_insurance",
	       age >= 75 ? "後期高齢者医療"
	       : rng_pct(r, 70) ? "国民健康保険"
	       : rng_pct(r, 60) ? "社会保険"
				 : "加入なし");
	fset(g, rec, "pension",
	       age >= 65 ? "受給中" : rng_pct(r, 50) ? "加入中" : rng_pct(r, 60) ? "未加入" : "不明");
	if (h->n > 1) {
		fset(g, rec, "household", "同居あり");
		fset(g, rec, "household_count", num(g, c, h->n - 1));
	} else {
		fset(g, rec, "household", "単身");
	}
	if (rng_pct(r, 10)) {
		const struct dperson *m = h->n > 1 ? &g->persons[h->first + (c->dc->person == h->first ? 1 : 0)] : NULL;
		if (m) {
			fset(g, rec, "visitor_name",
			       pool_printf(g, c, "%s %s", c->pf.family, given_names[m->given].kanji));
			fset(g, rec, "visitor_relation", "家族");
			fset(g, rec, "visitor_relation_detail", relation_word(p, m));
		} else {
			fset(g, rec, "visitor_name",
			       pool_printf(g, c, "%s %s", family_names[rng_below(r, (uint32_t)COUNT(family_names))].kanji,
					   given_names[rng_below(r, (uint32_t)COUNT(given_names))].kanji));
			fset(g, rec, "visitor_relation", "その他");
			fset(g, rec, "visitor_relation_detail", rng_pct(r, 50) ? "民生委員" : "知人");
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

/* Start a user's save of form's round seq: the record to change, or NULL
 * on a dry run or once the course has stopped. save_end records it. */
static struct crec *
save_begin(struct gen *g, struct course *c, const struct md_form *form,
	   int seq)
{
	if (g->dry || c->stopped)
		return NULL;
	int ri = rec_round(g, c, form, seq);
	if (ri < 0)
		return NULL;
	rec_begin(c, ri);
	c->saving = ri;
	return &c->recs[ri];
}

static void
save_end(struct gen *g, struct course *c, int user)
{
	rec_commit(g, c, c->saving, user);
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
		       login(pick_staff(r, 1u << MD_ROLE_EMPLOYMENT, year_of(today))));
	static const char *const sources[] = {"本人", "家族・知人", "福祉事務所", "地域包括支援センター", "社会福祉協議会", "ハローワーク", "民生委員・児童委員", "医療機関", "税・保険・公共料金の担当課", "住宅担当"};
	static const int sw[] = {40, 14, 8, 6, 6, 6, 5, 5, 6, 4};
	fset(g, rec, "referral_source", sources[rng_weighted(r, sw, COUNT(sw))]);
	md_buf_reset(&c->text);
	expand(c, r, &c->text, SENTENCE(r, situations, c->theme));
	expand(c, r, &c->text, SENTENCE(r, situations, c->theme));
	fset(g, rec, "background", text_take(g, c));
	fset(g, rec, "complaint", words(g, c, complaints[c->theme][rng_below(r, 3)]));
	const char *htype = h->n == 1 ? "単身" : rng_pct(r, 50) ? "夫婦と子" : rng_pct(r, 50) ? "ひとり親と子" : "その他";
	fset(g, rec, "household_type", htype);
	int row = 0;
	for (int k = 0; k < h->n && row < 5; k++) {
		int mi = h->first + k;
		if (mi == c->dc->person)
			continue;
		const struct dperson *m = &g->persons[mi];
		row++;
		fset(g, rec, cell(g, c, "family", row, "relation"), relation_word(p, m));
		fset(g, rec, cell(g, c, "family", row, "name"),
		       pool_printf(g, c, "%s %s", c->pf.family, given_names[m->given].kanji));
		int ma = age_on(m->birth, today);
		if (ma >= 0)
			fset(g, rec, cell(g, c, "family", row, "age"), num(g, c, ma));
		fset(g, rec, cell(g, c, "family", row, "living"), "同居");
		fset(g, rec, cell(g, c, "family", row, "occupation"),
		       ma < 18 ? "学生" : ma >= 65 ? "年金生活" : rng_pct(r, 50) ? "パート" : "無職");
		if (rng_pct(r, 30))
			fset(g, rec, cell(g, c, "family", row, "health_note"), "通院中");
	}
	if (rng_pct(r, 35)) {
		row++;
		fset(g, rec, cell(g, c, "family", row, "relation"), rng_pct(r, 50) ? "母" : "姉");
		fset(g, rec, cell(g, c, "family", row, "living"), "別居");
		if (rng_pct(r, 50))
			fset(g, rec, cell(g, c, "family", row, "health_note"), "連絡は年に数回");
	}
	if (rng_pct(r, 40))
		fset(g, rec, "family_notes", words(g, c, "{F}がキーパーソン。関係は良好。"));
	static const char *const educations[] = {"中学卒", "高校中退", "高校卒", "専門学校", "短大・高専", "大学以上"};
	static const int ew[] = {12, 10, 40, 14, 8, 16};
	fset(g, rec, "education", educations[rng_weighted(r, ew, 6)]);
	if (rng_pct(r, 50))
		fset(g, rec, "life_history", words(g, c, "学校を出てから{J}の仕事を{N}年続けた。その後、転職を繰り返す。"));
	bool ill = c->theme == TH_HEALTH || age >= 60 || rng_pct(r, 25);
	fset(g, rec, "health", ill ? (rng_pct(r, 75) ? "通院中" : "治療が必要だが未受診") : "良好");
	if (ill)
		fset(g, rec, "illness", PICK(r, illnesses));
	if (c->theme == TH_HEALTH && rng_pct(r, 60)) {
		const char *d[] = {rng_pct(r, 50) ? "精神" : "身体", rng_pct(r, 30) ? "疑い" : NULL};
		fset(g, rec, "disability", options_of(g, c, rec->form, "disability", d, 2));
		fset(g, rec, "handbook", rng_pct(r, 40) ? "精神障害者保健福祉手帳" : "なし");
	} else if (rng_pct(r, 50)) {
		fset(g, rec, "disability", "なし");
	}
	if (age >= 65)
		fset(g, rec, "care_level", rng_pct(r, 60) ? "なし" : rng_pct(r, 50) ? "要支援1" : "要介護1");
	static const char *const htypes[] = {"民間賃貸", "公営住宅", "持家", "親族・知人宅", "社宅・寮", "ネットカフェ等", "野宿"};
	int hw[] = {62, 12, 8, 10, 3, c->theme == TH_HOUSING ? 4 : 1, 1};
	int ht = rng_weighted(r, hw, 7);
	fset(g, rec, "housing_type", htypes[ht]);
	long rent = 0;
	if (ht <= 1 || ht == 4) {
		rent = ht == 1 ? 1000L * rng_range(r, 15, 45) : 1000L * rng_range(r, 45, 120);
		fset(g, rec, "rent", yen(g, c, rent));
		int arrears = c->theme == TH_HOUSING ? rng_range(r, 1, 6) : rng_pct(r, 20) ? rng_range(r, 1, 3) : 0;
		fset(g, rec, "rent_arrears", num(g, c, arrears));
		if (arrears >= 3 && rng_pct(r, 60)) {
			fset(g, rec, "eviction", "はい");
			fset(g, rec, "eviction_on", pool_day(g, c, today + rng_range(r, 20, 90)));
		} else {
			fset(g, rec, "eviction", "いいえ");
		}
	}
	row = 0;
	if (age >= 65) {
		row++;
		fset(g, rec, cell(g, c, "income", row, "kind"), "年金");
		fset(g, rec, cell(g, c, "income", row, "amount"), yen(g, c, 1000L * rng_range(r, 50, 160)));
	}
	if (age < 70 && rng_pct(r, 45)) {
		row++;
		fset(g, rec, cell(g, c, "income", row, "kind"), "就労収入");
		fset(g, rec, cell(g, c, "income", row, "amount"), yen(g, c, 1000L * rng_range(r, 30, 220)));
	}
	if (rng_pct(r, 15)) {
		row++;
		fset(g, rec, cell(g, c, "income", row, "kind"), rng_pct(r, 50) ? "手当" : "仕送り・援助");
		fset(g, rec, cell(g, c, "income", row, "amount"), yen(g, c, 1000L * rng_range(r, 10, 50)));
	}
	fset(g, rec, "savings", yen(g, c, rng_pct(r, 60) ? 1000L * rng_range(r, 0, 50) : 1000L * rng_range(r, 50, 800)));
	if (rng_pct(r, 10))
		fset(g, rec, "assets", rng_pct(r, 50) ? "軽自動車" : "なし");
	fset(g, rec, "public_assistance", rng_pct(r, 85) ? "なし" : "過去にあり");
	row = 0;
	if (rent) {
		row++;
		fset(g, rec, cell(g, c, "expenses", row, "item"), "家賃");
		fset(g, rec, cell(g, c, "expenses", row, "amount"), yen(g, c, rent));
	}
	static const char *const items[] = {"食費", "光熱水費", "通信費"};
	static const int lo[] = {25, 6, 4}, hi[] = {60, 20, 14};
	for (int k = 0; k < 3; k++)
		if (rng_pct(r, 70)) {
			row++;
			fset(g, rec, cell(g, c, "expenses", row, "item"), items[k]);
			fset(g, rec, cell(g, c, "expenses", row, "amount"), yen(g, c, 1000L * rng_range(r, lo[k], hi[k])));
		}
	if (c->theme == TH_DEBT || rng_pct(r, 20)) {
		static const char *const lenders[] = {"消費者金融", "クレジット", "銀行", "知人"};
		int n = c->theme == TH_DEBT ? rng_range(r, 1, 3) : 1;
		for (int k = 1; k <= n; k++) {
			fset(g, rec, cell(g, c, "debts", k, "lender"), PICK(r, lenders));
			fset(g, rec, cell(g, c, "debts", k, "balance"), yen(g, c, 10000L * rng_range(r, 5, 300)));
			fset(g, rec, cell(g, c, "debts", k, "monthly"), yen(g, c, 1000L * rng_range(r, 5, 60)));
		}
	}
	if (c->theme == TH_DEBT || c->theme == TH_HOUSING || rng_pct(r, 25)) {
		const char *a[] = {rng_pct(r, 50) ? "税金" : NULL, rng_pct(r, 50) ? "国民健康保険料" : NULL,
				   rng_pct(r, 40) ? "電気・ガス・水道" : NULL, rng_pct(r, 30) ? "携帯電話" : NULL,
				   c->theme == TH_HOUSING ? "家賃" : NULL};
		fset(g, rec, "arrears", options_of(g, c, rec->form, "arrears", a, 5));
	}
	bool budget = c->theme == TH_DEBT || rng_pct(r, 20);
	fset(g, rec, "budget_issue", budget ? "はい" : "いいえ");
	if (budget && rng_pct(r, 50))
		fset(g, rec, "budget_issue_note", "収入に見合わない支出がある");
	static const char *const employments[] = {"正規", "非正規", "自営", "休職中", "無職(求職中)", "無職(求職していない)", "学生"};
	int emw[] = {6, 20, 4, 6, c->theme == TH_WORK ? 50 : 20, age >= 65 ? 40 : 15, age < 25 ? 10 : 0};
	fset(g, rec, "employment", employments[rng_weighted(r, emw, 7)]);
	if (rng_pct(r, 50))
		fset(g, rec, "work_history", words(g, c, "{J}({N}年)、{J}のアルバイト"));
	if (rng_pct(r, 25))
		fset(g, rec, "licenses", rng_pct(r, 60) ? "普通自動車免許" : "介護職員初任者研修");
	if (age < 70) {
		static const char *const wills[] = {"すぐに働きたい", "条件が合えば働きたい", "当面は難しい", "働く意思はない"};
		int ww[] = {c->theme == TH_WORK ? 50 : 20, 35, 25, 5};
		fset(g, rec, "work_will", wills[rng_weighted(r, ww, 4)]);
		if (rng_pct(r, 40))
			fset(g, rec, "work_wish", words(g, c, "{J}、週{N}日程度"));
		if (c->theme == TH_WORK && rng_pct(r, 60))
			fset(g, rec, "work_obstacles", "ブランクが長く、面接で緊張してしまう。");
	}
	bool confidant = rng_pct(r, 55);
	fset(g, rec, "confidant", confidant ? "はい" : "いいえ");
	if (confidant && rng_pct(r, 50))
		fset(g, rec, "confidant_note", words(g, c, "{F}"));
	if (rng_pct(r, 40))
		fset(g, rec, "community", rng_pct(r, 60) ? "近所付き合いはほとんどない。" : "町会の行事には参加している。");
	if (rng_pct(r, 50))
		fset(g, rec, "strengths", PICK(r, strengths_text));
	static const char *const urgencies[] = {"緊急の対応が必要", "早期の対応が必要", "通常"};
	int uw[] = {c->theme == TH_FOOD ? 50 : 6, 30, 60};
	int urg = rng_weighted(r, uw, 3);
	fset(g, rec, "urgency", urgencies[urg]);
	if (urg == 0) {
		const char *n[] = {c->theme == TH_FOOD ? "食料" : NULL, c->theme == TH_HOUSING ? "住まい" : NULL, "所持金"};
		fset(g, rec, "urgent_needs", options_of(g, c, rec->form, "urgent_needs", n, 3));
	}
	if (rng_pct(r, 60))
		fset(g, rec, "person_wish", person_wishes[c->theme]);
	if (complete) {
		const char *is[] = {theme_issues[c->theme][0],
				    rng_pct(r, 70) ? theme_issues[c->theme][1] : NULL,
				    rng_pct(r, 30) ? theme_issues[c->theme][2] : NULL,
				    rng_pct(r, 10) ? "コミュニケーションが苦手" : NULL};
		fset(g, rec, "issues", options_of(g, c, rec->form, "issues", is, 4));
		fset(g, rec, "summary", summaries[c->theme][rng_below(r, 2)]);
		fill_missing(g, c, rec, user, true);
	}
	if (round > 1)
		fset(g, rec, "background",
		       words(g, c, "前回のプランの評価で再プランとなり、再アセスメントを行う。{F}の状況にも変化があった。"));
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
	long today = moment_day(c->now);
	fset(g, rec, "created_on", today_iso(g, c));
	fset(g, rec, "created_by", login(user));
	fset(g, rec, "goal_long", goals_long[c->theme]);
	fset(g, rec, "policy", policies[c->theme]);
	int rows = rng_range(r, 1, 2);
	for (int k = 0; k < rows; k++) {
		const struct goal *gl = &goal_rows[c->theme][k];
		fset(g, rec, cell(g, c, "goals", k + 1, "issue"), gl->issue);
		fset(g, rec, cell(g, c, "goals", k + 1, "short_goal"), gl->short_goal);
		fset(g, rec, cell(g, c, "goals", k + 1, "support"), gl->support);
		fset(g, rec, cell(g, c, "goals", k + 1, "in_charge"), gl->in_charge);
		fset(g, rec, cell(g, c, "goals", k + 1, "period"), gl->period);
	}
	if (rng_pct(r, 60))
		fset(g, rec, "own_actions", PICK(r, own_actions_text));
	const char *services = plan_services(g, c, rec->form);
	fset(g, rec, "services", services);
	if (strstr(services, "(ク)"))
		fset(g, rec, "services_other", c->theme == TH_ELDER ? "介護保険サービスの利用" : "自立支援医療");
	if (rng_pct(r, 25))
		fset(g, rec, "pre_plan_support", c->theme == TH_FOOD ? "フードバンクの食料支援を行った。" : "住居確保給付金の申請を支援した。");
	long from = workday(today + rng_range(r, 14, 30));
	fset(g, rec, "plan_from", pool_day(g, c, from));
	fset(g, rec, "plan_to", pool_day(g, c, add_months(from, 6) - 1));
	if (rng_pct(r, 60))
		fset(g, rec, "next_review_on", pool_day(g, c, add_months(from, 3)));
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
	       words(g, c, rng_pct(r, 50) ? "会議の意見を受けて短期目標を見直した。{S}と相談のうえ、無理のない目標とする。"
					   : "関係機関との役割分担を明確にし、支援内容を具体的にした。"));
	fset(g, rec, cell(g, c, "goals", 1, "period"), rng_pct(r, 50) ? "2か月" : "3か月");
	fset(g, rec, "agreed_on", today_iso(g, c));
	fset(g, rec, "signed", "はい");
}

/* 第6号様式: the notice of the support decision for (ウ)/(オ). */
static void
fill_notice(struct gen *g, struct course *c, struct crec *rec,
	    const struct crec *plan)
{
	struct rng *r = &c->rc;
	fset(g, rec, "notice_no", pool_printf(g, c, "港生支第%d号", rng_range(r, 1, 2999)));
	fset(g, rec, "notified_on", today_iso(g, c));
	fset(g, rec, "addressee", pool_printf(g, c, "%s 様", c->pf.v[MD_PERSON_NAME]));
	fset(g, rec, "issuer", "港区長");
	fset(g, rec, "change_kind", "新規");
	const char *s[] = {c->with_u ? "就労準備支援事業" : NULL, c->with_o ? "家計相談支援事業" : NULL};
	fset(g, rec, "services", options_of(g, c, rec->form, "services", s, 2));
	if (plan) {
		fset(g, rec, "period_from", kv_get(plan, "plan_from"));
		fset(g, rec, "period_to", kv_get(plan, "plan_to"));
	}
	fset(g, rec, "provider", agency(g, c->with_u ? "就労準備支援事業所" : "家計改善支援事業所"));
}

/* 第5号様式 of an evaluation, with its result. */
static void
fill_evaluation(struct gen *g, struct course *c, struct crec *rec, int user,
		int nth, enum outcome result, bool follow_up,
		const struct crec *plan)
{
	struct rng *r = &c->rc;
	static const char *const timings[] = {"3か月", "6か月", "1年"};
	fset(g, rec, "evaluated_on", today_iso(g, c));
	fset(g, rec, "evaluated_by", login(user));
	fset(g, rec, "timing", nth <= 3 ? timings[nth - 1] : rng_pct(r, 50) ? "プラン期間終了時" : "その他");
	fset(g, rec, "meeting_on", today_iso(g, c));
	static const char *const status[] = {"達成", "一部達成", "未達成"};
	for (int k = 1; plan && k <= 3; k++) {
		char key[32];
		snprintf(key, sizeof key, "goals.%d.short_goal", k);
		const char *goal = kv_get(plan, key);
		if (!goal)
			break;
		fset(g, rec, cell(g, c, "achievement", k, "short_goal"), goal);
		int st = result == O_EVAL_END ? (rng_pct(r, 70) ? 0 : 1) : (int)rng_below(r, 3);
		fset(g, rec, cell(g, c, "achievement", k, "status"), status[st]);
		if (rng_pct(r, 50))
			fset(g, rec, cell(g, c, "achievement", k, "comment"), st == 0 ? "目標どおり" : "継続して取り組む");
	}
	if (rng_pct(r, 70)) {
		const char *ch[] = {c->theme == TH_WORK ? "就労開始" : NULL, rng_pct(r, 30) ? "増収" : NULL,
				    c->theme == TH_HOUSING ? "住まいの確保" : NULL, c->theme == TH_DEBT ? "債務の整理" : NULL,
				    rng_pct(r, 30) ? "家計の改善" : NULL, rng_pct(r, 25) ? "心身の状態の改善" : NULL};
		fset(g, rec, "changes", options_of(g, c, rec->form, "changes", ch, 6));
	}
	fset(g, rec, "remaining", result == O_EVAL_END ? remainings[4] : PICK(r, remainings));
	fset(g, rec, "person_wish", result == O_EVAL_END ? "終結したい" : rng_pct(r, 80) ? "継続したい" : "未確認");
	if (rng_pct(r, 40))
		fset(g, rec, "person_wish_note", result == O_EVAL_END ? "自分でやっていけると思う。" : "もう少し支援を続けてほしい。");
	fset(g, rec, "supporter_view",
	       result == O_EVAL_END ? supporter_views[rng_pct(r, 70) ? 0 : 3]
	       : result == O_EVAL_REPLAN ? supporter_views[2]
					 : supporter_views[1]);
	fset(g, rec, "result", g->oc[result]->label);
	if (result == O_EVAL_END) {
		static const char *const reasons[] = {"目標達成", "他機関へつないだ", "転居", "連絡が取れない", "本人の希望"};
		static const int w[] = {60, 12, 6, 10, 12};
		fset(g, rec, "end_reason", reasons[rng_weighted(r, w, 5)]);
		fset(g, rec, "follow_up", follow_up ? "はい" : "いいえ");
	}
	fill_missing(g, c, rec, user, true);
}

/* ---- a case's course ------------------------------------------------------ */

/* Whether a case opened in year is meant to run to its end (older cases
 * mostly have; about half of all cases end up closed). */
static int
close_pct(int year)
{
	return year < 2015 ? 45 : year < 2021 ? 15 : year < 2024 ? 5 : 1;
}

/* Set the course up for case dc: streams, staff, theme, target. */
static void
course_start(struct gen *g, struct course *c, const struct dcase *dc,
	     bool short_close)
{
	uint64_t key = (uint64_t)dc->person * 4 + (uint64_t)dc->nth;
	rng_init(&c->r, g->seed, STREAM_COURSE, key);
	rng_init(&c->rc, g->seed, STREAM_CONTENT, key);
	c->dc = dc;
	for (size_t i = 0; i < g->nsteps; i++) {
		c->done[i] = -1;
		c->times[i] = 0;
		c->round[i] = 1;
	}
	c->closed = false;
	c->decision = -1;
	c->nfrz = 0;
	c->evals = c->evals_since = 0;
	c->stage = -1;
	c->closed_on = c->decided_on = c->next_eval_on = c->follow_up_on = -1;
	c->close_reason = NULL;
	c->steps = 0;
	c->nrecs = c->nrevs = c->nevs = 0;
	c->pool_len = 0;
	md_buf_reset(&c->json);
	c->no_steps = c->stopped = false;
	c->now = c->updated = dc->open;
	long day = moment_day(dc->open);
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
	c->target = -1;
	c->target_evals = 1;
	if (!to_the_end) {
		int tw2[COUNT(targets)];
		for (int i = 0; i < COUNT(targets); i++)
			tw2[i] = targets[i].weight;
		c->target = (int)targets[rng_weighted(&c->r, tw2, COUNT(targets))].step;
		c->target_evals = rng_range(&c->r, 1, 3);
	}
	c->short_close = short_close;
	c->with_u = c->with_o = false;
	if (!g->dry)
		person_fields(g, c, dc->person);
}

/* The opening of the case with its 相談受付 (md_workflow_open_case: the
 * automatic step is recorded without update_case). */
static void
course_open(struct gen *g, struct course *c)
{
	int i = g->step[S_RECEPTION];
	if (!g->dry)
		c->evs[c->nevs++] = (struct cev){i, NULL, NULL, NULL, -1, -1, 0,
						 c->staff, c->now, 0};
	c->done[i] = c->steps++;
	c->times[i]++;
	c->stage = i;
	if (c->target == S_RECEPTION) {
		c->no_steps = true;
		if (rng_pct(&c->r, 50))
			c->stopped = true;
	}
}

/* The latest plan round's record (for the notice and evaluations). */
static const struct crec *
current_plan(const struct gen *g, const struct course *c)
{
	int ri = rec_find(c, g->f_plan, form_round(g, c, g->f_plan));
	return ri >= 0 ? &c->recs[ri] : NULL;
}

/* The date of an outcome's follow-up: so many days on. */
static long
days_on(struct course *c, int lo, int hi)
{
	return moment_day(c->now) + rng_range(&c->r, lo, hi);
}

/* The content-only choice of an agency: NULL on a dry run. */
#define WET(g, expr) ((g)->dry ? NULL : (expr))

/*
 * Carry the case through 001 第9条・第10条 as far as it goes: reception,
 * application, triage, assessment, screening, plan, agreement, meeting,
 * decision, support decision, support, evaluations, and closure or a new
 * round; with every form saved before the step that needs it.
 */
static void
course_run(struct gen *g, struct course *c)
{
	struct rng *r = &c->r;
	course_open(g, c);
	if (c->short_close) {
		if (tick(g, c, K_STEP, 0, 0, 5, 30))
			take(g, c, S_TRIAGE, O_TRIAGE_INFO, NULL, NULL, -1, actor(c));
		return;
	}
	/* 001 第9条(1)(2): 第1号様式, with the application and consent. */
	bool sign_first = rng_pct(r, 75);
	/* An earlier consultation of someone who came back later often ended
	 * at reception. */
	static const int trw[] = {7, 5, 88}, earlier[] = {22, 12, 66};
	enum outcome triage = (enum outcome)(O_TRIAGE_INFO +
					     rng_weighted(r, c->dc->must_close ? earlier : trw, 3));
	if (!tick(g, c, K_SAVE, 0, 0, 5, 40))
		return;
	int user = actor(c);
	struct crec *rec;
	if ((rec = save_begin(g, c, g->f_reception, 1))) {
		fill_reception(g, c, rec, user, sign_first);
		save_end(g, c, user);
	}
	if (triage == O_TRIAGE_CONTINUE || rng_pct(r, 30)) {
		if (!sign_first) {
			if (!tick(g, c, K_SAVE, 0, 7, 10, 120))
				return;
			user = actor(c);
			if ((rec = save_begin(g, c, g->f_reception, 1))) {
				kv_set(g, rec, "applied_on", today_iso(g, c));
				kv_set(g, rec, "signed", "はい");
				kv_set(g, rec, "consent_share", "はい");
				save_end(g, c, user);
			}
		}
		if (!tick(g, c, K_STEP, 0, 0, 5, 60) ||
		    !take(g, c, S_APPLICATION, -1, NULL, NULL, -1, actor(c)))
			return;
	}
	/* 001 第9条(3): 振り分け. */
	if (!tick(g, c, K_STEP, 0, 2, 5, 60) ||
	    !take(g, c, S_TRIAGE, triage,
		  triage == O_TRIAGE_REFER ? WET(g, referral_agency(g, c->theme, &c->rc)) : NULL,
		  NULL, -1, actor(c)) ||
	    c->closed)
		return;
	for (int replans = 0;; replans++) {
		int round = c->round[g->step[S_ASSESSMENT]];
		/* 001 第9条(4): 第2号様式. */
		bool complete_first = rng_pct(r, 80);
		if (!tick(g, c, K_SAVE, round == 1 ? 0 : 1, round == 1 ? 14 : 10, 20, 120))
			return;
		user = actor(c);
		if ((rec = save_begin(g, c, g->f_intake, round))) {
			fill_intake(g, c, rec, user, complete_first, round);
			save_end(g, c, user);
		}
		if (!complete_first) {
			if (!tick(g, c, K_SAVE, 1, 10, 0, 0))
				return;
			user = actor(c);
			if ((rec = save_begin(g, c, g->f_intake, round))) {
				const char *is[] = {theme_issues[c->theme][0],
						    theme_issues[c->theme][1]};
				kv_set(g, rec, "issues",
				       options_of(g, c, rec->form, "issues", is, 2));
				kv_set(g, rec, "summary",
				       summaries[c->theme][rng_below(&c->rc, 2)]);
				fill_missing(g, c, rec, user, true);
				save_end(g, c, user);
			}
		}
		if (rng_pct(r, 10)) {
			if (!tick(g, c, K_SAVE, 0, 3, 10, 120))
				return;
			user = actor(c);
			if ((rec = save_begin(g, c, g->f_intake, round))) {
				kv_set(g, rec, "person_wish",
				       words(g, c, "{F}とも相談し、まずは生活を立て直したい。"));
				save_end(g, c, user);
			}
		}
		if (!tick(g, c, K_STEP, 0, 0, 10, 120) ||
		    !take(g, c, S_ASSESSMENT, -1, NULL, NULL, -1, actor(c)))
			return;
		/* 001 第9条(5): スクリーニング; 生活保護 goes to the 福祉事務所. */
		static const int first_w[] = {84, 5, 5, 6}, later_w[] = {95, 0, 0, 5};
		enum outcome so = (enum outcome)(O_SCREEN_PLAN +
						 rng_weighted(r, round == 1 ? first_w : later_w, 4));
		long fu = so == O_SCREEN_REFER ? days_on(c, 30, 90) : -1;
		if (!tick(g, c, K_STEP, 0, 7, 10, 90) ||
		    !take(g, c, S_SCREENING, so,
			  so == O_SCREEN_REFER ? WET(g, referral_agency(g, c->theme, &c->rc)) : NULL,
			  NULL, fu, actor(c)) ||
		    c->closed)
			return;
		if (so == O_SCREEN_WELFARE) {
			long fu2 = rng_pct(r, 50) ? days_on(c, 30, 60) : -1;
			if (tick(g, c, K_STEP, 0, 5, 30, 180))
				take(g, c, S_WELFARE, O_WELFARE_DONE,
				     WET(g, agency(g, "福祉事務所(生活保護)")), NULL, fu2,
				     actor(c));
			return;
		}
		/* 001 第9条(6): 第4号様式, the person's agreement. */
		static const int u_pct[TH_COUNT] = {8, 35, 5, 20, 40, 3, 10};
		static const int o_pct[TH_COUNT] = {25, 5, 65, 8, 8, 10, 20};
		c->with_u = rng_pct(r, u_pct[c->theme]);
		c->with_o = rng_pct(r, o_pct[c->theme]);
		bool sign_plan = rng_pct(r, 80);
		int plan_round = c->round[g->step[S_PLAN_DRAFT]];
		if (!tick(g, c, K_SAVE, 3, 21, 0, 0))
			return;
		user = actor(c);
		if ((rec = save_begin(g, c, g->f_plan, plan_round))) {
			fill_plan(g, c, rec, user, sign_plan);
			save_end(g, c, user);
		}
		if (!sign_plan) {
			if (!tick(g, c, K_SAVE, 0, 7, 10, 180))
				return;
			user = actor(c);
			if ((rec = save_begin(g, c, g->f_plan, plan_round))) {
				kv_set(g, rec, "agreed_on", today_iso(g, c));
				kv_set(g, rec, "signed", "はい");
				save_end(g, c, user);
			}
		}
		/* 001 第9条(6)(7)、第10条: meeting and decision, with their loops. */
		for (int loops = 0;; loops++) {
			if (!tick(g, c, K_STEP, 0, 0, 10, 60) ||
			    !take(g, c, S_PLAN_DRAFT, -1, NULL, NULL, -1, actor(c)) ||
			    !tick(g, c, K_STEP, 0, 0, 5, 60) ||
			    !take(g, c, S_AGREEMENT, -1, NULL, NULL, -1, actor(c)))
				return;
			int mw[] = {80, 12, loops ? 0 : 8};
			enum outcome mo = (enum outcome)(O_MEETING_OK + rng_weighted(r, mw, 3));
			if (!tick(g, c, K_STEP, 3, 20, 0, 0) ||
			    !take(g, c, S_MEETING, mo, NULL,
				  mo == O_MEETING_AGAIN ? WET(g, PICK(&c->rc, meeting_reasons)) : NULL,
				  -1, chief(c)))
				return;
			if (mo != O_MEETING_AGAIN) {
				int dw[] = {92, loops ? 0 : 8};
				enum outcome dO = (enum outcome)(O_DECISION_OK + rng_weighted(r, dw, 2));
				if (!tick(g, c, K_STEP, 2, 14, 0, 0) ||
				    !take(g, c, S_DECISION, dO, NULL,
					  dO == O_DECISION_BACK ? WET(g, PICK(&c->rc, decision_reasons)) : NULL,
					  -1, chief(c)))
					return;
				if (dO == O_DECISION_OK)
					break;
			}
			if (!tick(g, c, K_SAVE, 1, 10, 0, 0))
				return;
			user = actor(c);
			if ((rec = save_begin(g, c, g->f_plan, plan_round))) {
				fill_plan_fix(g, c, rec);
				save_end(g, c, user);
			}
		}
		/* 001 第10条(4): 支援決定 and 第6号様式 for (ウ)/(オ). */
		if (c->with_u || c->with_o) {
			if (!tick(g, c, K_SAVE, 1, 10, 0, 0))
				return;
			int ch = chief(c);
			if ((rec = save_begin(g, c, g->f_notice,
					      c->round[g->step[S_SUPPORT_DECISION]]))) {
				fill_notice(g, c, rec, current_plan(g, c));
				fill_missing(g, c, rec, ch, true);
				save_end(g, c, ch);
			}
			if (!tick(g, c, K_STEP, 0, 0, 10, 60) ||
			    !take(g, c, S_SUPPORT_DECISION, -1, NULL, NULL, -1, ch))
				return;
		}
		/* 001 第9条(9): support, monitoring and evaluations. */
		if (!tick(g, c, K_STEP, 0, 7, 30, 240) ||
		    !take(g, c, S_SUPPORT, -1, NULL, NULL, -1, actor(c)))
			return;
		/* 001 第10条: a decided plan that must change goes the way it
		 * was made (プラン変更): signed again, the meeting, the
		 * decision, then the support recorded again. */
		if (c->target == S_PLAN_CHANGE || rng_pct(r, 6)) {
			if (!tick(g, c, K_STEP, 14, 60, 0, 0) ||
			    !take(g, c, S_PLAN_CHANGE, O_PLAN_CHANGE, NULL,
				  WET(g, PICK(&c->rc, change_reasons)), -1, actor(c)) ||
			    !tick(g, c, K_SAVE, 0, 7, 10, 120))
				return;
			user = actor(c);
			if ((rec = save_begin(g, c, g->f_plan, plan_round))) {
				fill_plan_fix(g, c, rec);
				save_end(g, c, user);
			}
			if (!tick(g, c, K_STEP, 0, 0, 5, 60) ||
			    !take(g, c, S_AGREEMENT, -1, NULL, NULL, -1, actor(c)) ||
			    !tick(g, c, K_STEP, 3, 20, 0, 0) ||
			    !take(g, c, S_MEETING, O_MEETING_OK, NULL, NULL, -1, chief(c)) ||
			    !tick(g, c, K_STEP, 2, 14, 0, 0) ||
			    !take(g, c, S_DECISION, O_DECISION_OK, NULL, NULL, -1, chief(c)))
				return;
			if ((c->with_u || c->with_o) &&
			    (!tick(g, c, K_STEP, 0, 3, 10, 60) ||
			     !take(g, c, S_SUPPORT_DECISION, -1, NULL, NULL, -1, chief(c))))
				return;
			if (!tick(g, c, K_STEP, 0, 7, 30, 240) ||
			    !take(g, c, S_SUPPORT, -1, NULL, NULL, -1, actor(c)))
				return;
		}
		enum outcome result;
		bool fu_close = false;
		for (int nth = 1;; nth++) {
			long due = c->next_eval_on;
			if (rng_pct(r, 40) && due - 45 > moment_day(c->now)) {
				if (!tick_to(g, c, K_STEP, workday(due - rng_range(r, 30, 60))) ||
				    !take(g, c, S_SUPPORT, -1, NULL, NULL, -1, actor(c)))
					return;
			}
			if (!tick_to(g, c, K_SAVE, workday(due + rng_range(r, -10, 14))))
				return;
			int ew[3];
			if (nth == 1) {
				ew[0] = 25; ew[1] = 13; ew[2] = 62;
			} else if (nth == 2) {
				ew[0] = 50; ew[1] = 10; ew[2] = 40;
			} else {
				ew[0] = 72; ew[1] = 8; ew[2] = 20;
			}
			if (replans >= 2 || c->dc->must_close)
				ew[1] = 0;
			if (nth >= 5 || (c->dc->must_close && nth >= 3))
				ew[1] = ew[2] = 0;
			result = (enum outcome)(O_EVAL_END + rng_weighted(r, ew, 3));
			fu_close = result == O_EVAL_END && rng_pct(r, 20);
			user = actor(c);
			int eround = c->round[g->step[S_EVALUATION]];
			if ((rec = save_begin(g, c, g->f_evaluation, eround))) {
				fill_evaluation(g, c, rec, user, nth, result, fu_close,
						current_plan(g, c));
				save_end(g, c, user);
			}
			if (rng_pct(r, 10)) {
				if (!tick(g, c, K_SAVE, 0, 3, 10, 120))
					return;
				user = actor(c);
				if ((rec = save_begin(g, c, g->f_evaluation, eround))) {
					kv_set(g, rec, "supporter_view",
					       words(g, c, "会議で{S}の状況を確認し、評価を見直した。"));
					save_end(g, c, user);
				}
			}
			if (!tick(g, c, K_STEP, 0, 0, 10, 90) ||
			    !take(g, c, S_EVALUATION, result, NULL, NULL, -1, actor(c)))
				return;
			if (result != O_EVAL_GO_ON)
				break;
		}
		if (result == O_EVAL_END) {
			/* 001 第9条(9): 終結, with a follow-up where needed. */
			long fu3 = fu_close ? days_on(c, 30, 120) : -1;
			bool with_agency = fu_close && rng_pct(r, 60);
			if (tick(g, c, K_STEP, 0, 14, 10, 120))
				take(g, c, S_CLOSURE, O_CLOSURE,
				     with_agency ? WET(g, referral_agency(g, c->theme, &c->rc)) : NULL, NULL,
				     fu3, actor(c));
			return;
		}
		/* 再プラン: a new round from the assessment. */
		if (!tick(g, c, K_STEP, 0, 7, 10, 120) ||
		    !take(g, c, S_REPLAN, O_REPLAN, NULL, NULL, -1, actor(c)))
			return;
	}
}

/* ---- the plan --------------------------------------------------------------- */

#define YEARS(n) ((long)(n) * 365 + (long)(n) / 4)

/* A day on which a case opens: more in recent years, a few around the
 * change of era on 2019-05-01. */
static long
case_day(const struct gen *g, struct rng *r)
{
	if (rng_below(r, 1000) < 4) {
		if (rng_pct(r, 60))
			return rng_pct(r, 50) ? day_of(2019, 4, 30) : day_of(2019, 5, 1);
		return day_of(2019, 4, 22) + rng_range(r, 0, 18);
	}
	long split = day_of(2015, 4, 1), day;
	if (rng_pct(r, 28)) {
		day = g->start + (long)rng_below(r, (uint32_t)(split - g->start));
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
		static const int alo[] = {15, 25, 40, 55, 65, 75}, ahi[] = {24, 39, 54, 64, 74, 94};
		p->rel = REL_HEAD;
		p->sex = rng_pct(r, 55) ? 'M' : 'F';
		p->first_open = case_day(g, r);
		int band = rng_weighted(r, aw, 6);
		int age = rng_range(r, alo[band], ahi[band]);
		p->birth = p->first_open - YEARS(age) - rng_range(r, 1, 364);
	} else {
		int rw[] = {k == 1 ? 55 : 0, 25, k <= 2 ? 10 : 0, 10};
		int rel = rng_weighted(r, rw, 4);
		p->rel = (unsigned char)(rel == 0 ? REL_SPOUSE : rel == 1 ? REL_CHILD
					 : rel == 2 ? REL_PARENT : REL_SIBLING);
		p->sex = rng_pct(r, 50) ? 'M' : 'F';
		switch (p->rel) {
		case REL_SPOUSE:
			p->birth = head->birth + rng_range(r, -YEARS(6), YEARS(6));
			p->sex = head->sex == 'M' ? 'F' : 'M';
			break;
		case REL_CHILD:
			p->birth = head->birth + rng_range(r, YEARS(20), YEARS(38));
			break;
		case REL_PARENT:
			p->birth = head->birth - rng_range(r, YEARS(20), YEARS(35));
			break;
		default:
			p->birth = head->birth + rng_range(r, -YEARS(10), YEARS(10));
			break;
		}
		p->first_open = fit_open(g, r, p->birth);
		if (p->first_open < 0 || p->birth > g->end - YEARS(16)) {
			p->rel = REL_SIBLING;
			p->birth = head->birth + rng_range(r, -YEARS(5), YEARS(5));
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
		if (p->first_open < 0) /* a child of 令和: a case of the household */
			p->first_open = workday(p->birth + YEARS(2) +
						rng_below(r, (uint32_t)(g->end - p->birth - YEARS(2) - 3)));
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
		if (!strcmp(family_names[i].kana, kana) && family_names[i].variants[0])
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
		h->variant = nv && rng_pct(&r, 25) ? 1 + (int)rng_below(&r, (uint32_t)nv) : 0;
		/* A few sure ones, so that small sets have them too. */
		if (hi == 2 || hi == 6) {
			h->family = family_by_kana(hi == 2 ? "たかはし" : "よしだ");
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
	g->dry = true;
	course_start(g, c, dc, dc->short_close);
	course_run(g, c);
	if (dc->must_close && !c->closed && !dc->short_close) {
		dc->short_close = true;
		course_start(g, c, dc, true);
		course_run(g, c);
	}
	dc->close = c->closed ? c->updated : -1;
	dc->last = c->now;
	dc->steps = c->steps;
	g->dry = false;
}

/* Which persons have two or three cases, when each case opens and how it
 * goes (dry), in the order they were opened; and how many progress
 * entries each gets (about ten a case, more for long ones). */
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
			long lo = p->birth + YEARS(15) + 1, hi = p->birth + YEARS(85);
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
				p->first_open = workday(lo + (long)rng_below(&r, (uint32_t)(hi - lo + 1)));
		}
	md_free(order);
	long long k = 0;
	for (int pi = 0; pi < g->npersons; pi++) {
		struct dperson *p = &g->persons[pi];
		for (int j = 0; j < p->ncases && k < n; j++, k++) {
			struct dcase *dc = &g->cases[k];
			struct rng cr;
			rng_init(&cr, g->seed, STREAM_CASES, (uint64_t)pi * 4 + (uint64_t)j);
			dc->person = pi;
			dc->nth = j;
			dc->must_close = j < p->ncases - 1;
			long long open;
			if (j == 0) {
				open = (long long)p->first_open * 86400;
			} else {
				const struct dcase *prev = &g->cases[k - 1];
				long long end = prev->close >= 0 ? prev->close : prev->last;
				long day = workday(moment_day(end) + rng_range(&cr, 30, 900));
				if (day > g->end)
					day = g->end;
				open = (long long)day * 86400;
				if (open + 9 * 3600 <= end)
					open = end - 9 * 3600 + 60;
			}
			open += 9 * 3600 + 60 * rng_range(&cr, 0, 179) + 3 * rng_range(&cr, 0, 19) + K_STEP;
			dc->open = open;
			dry_run(g, dc);
		}
	}
	qsort(g->cases, (size_t)n, sizeof *g->cases, case_order);
	/* Entries: about ten a case, spread by length and steps. */
	double total = 0;
	for (long long i = 0; i < n; i++) {
		struct dcase *dc = &g->cases[i];
		long end = dc->close >= 0 ? moment_day(dc->close) : g->end;
		total += 2.0 + dc->steps + (double)(end - moment_day(dc->open)) / 40.0;
	}
	double scale = total > 0 ? 10.0 * (double)n / total : 0;
	for (long long i = 0; i < n; i++) {
		struct dcase *dc = &g->cases[i];
		long end = dc->close >= 0 ? moment_day(dc->close) : g->end;
		double w = 2.0 + dc->steps + (double)(end - moment_day(dc->open)) / 40.0;
		rng_init(&r, g->seed, STREAM_ENTRIES, (uint64_t)dc->person * 4 + (uint64_t)dc->nth);
		int e = (int)(w * scale + rng_unit(&r));
		dc->entries = e > 4000 ? 4000 : e;
	}
	return MD_OK;
}

/* ---- writing ------------------------------------------------------------------ */

static const char sql_user_insert[] =
	"INSERT INTO users (login, display_name, role, password_hash, active,"
	" created_at, updated_at, login_key)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, md_login_key(?1))";
static const char sql_household_insert[] =
	"INSERT INTO households (label, created_at) VALUES (?1, ?2)";
static const char sql_person_insert[] =
	"INSERT INTO persons (household_id, name, kana, sex, birth_date,"
	" postal_code, address, phone_home, phone_mobile, email, extra, name_key,"
	" kana_key, revision, created_at, updated_at) VALUES (?1, ?2, ?3, ?4,"
	" nullif(?5, ''), ?6, ?7, ?8, ?9, ?10, '{}', ?11, ?12, 1, ?13, ?13)";
static const char sql_person_revision[] =
	"INSERT INTO person_revisions (person_id, revision, base_revision,"
	" user_id, at, data, changed) VALUES (?1, 1, 0, ?2, ?3, ?4, '[]')";
static const char sql_case_insert[] =
	"INSERT INTO cases (person_id, status, stage, staff_id, opened_on,"
	" closed_on, close_reason, plan_decided_on, next_eval_on, follow_up_on,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	" ?10, ?11, ?12)";
static const char sql_record_insert[] =
	"INSERT INTO form_records (case_id, form, seq, revision, complete,"
	" entry_date, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	" ?7, ?8)";
static const char sql_revision_insert[] =
	"INSERT INTO form_revisions (record_id, revision, base_revision, user_id,"
	" at, complete, data, changed, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	" ?8, '')";
static const char sql_event_insert[] =
	"INSERT INTO workflow_events (case_id, step, outcome, reason, agency,"
	" follow_up_on, record_id, record_revision, user_id, at, done_on)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_freeze_insert[] =
	"INSERT INTO record_freezes (record_id, event_id, why) VALUES (?1, ?2, ?3)";
static const char sql_not_empty[] =
	"SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM persons)"
	" + (SELECT count(*) FROM cases)";
static const char sql_agency_count[] = "SELECT count(*) FROM agencies";
static const char sql_agency_names[] =
	"SELECT name FROM agencies WHERE active = 1 ORDER BY id";

/* Run a prepared insert to its end; false (and g->rc) on failure. */
static bool
run(struct gen *g, sqlite3_stmt *st, const char *what)
{
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE) {
		md_db_fail(g->db, src, what, g->err);
		failed(g, g->err ? g->err->status : MD_ERR_DB);
		return false;
	}
	g->batch++;
	return true;
}

static sqlite3_stmt *
stmt(struct gen *g, const char *sql)
{
	sqlite3_stmt *st = md_db_stmt(g->db, sql, g->err);
	if (!st)
		failed(g, g->err ? g->err->status : MD_ERR_DB);
	return st;
}

static void
bind_day(sqlite3_stmt *st, int i, long day, char buf[MD_DATE_SIZE])
{
	if (day < 0)
		return;
	day_iso(day, buf);
	sqlite3_bind_text(st, i, buf, 10, SQLITE_STATIC);
}

/* The one hash of MD_DEMO_PASSWORD every account gets: yescrypt, made once
 * by md_auth_hash and kept, so that its salt, like everything else, is the
 * same in every run (the same seed and size give the same file, byte for
 * byte). md_auth_verify reads the parameters from the hash itself. */
static const char demo_password_hash[] =
	"$y$j9T$GPTE4.kqes5mAlXRR.pUy0$8g8ZcoC75Dce1Ybn7h1i/l16IRNb4uvNLM7.L2D/eZ.";

/* The staff accounts, each with the one hash of MD_DEMO_PASSWORD. */
static void
write_users(struct gen *g)
{
	const char *hash = demo_password_hash;
	sqlite3_stmt *st = stmt(g, sql_user_insert);
	for (int i = 0; st && i < NSTAFF && g->rc == MD_OK; i++) {
		const struct staff *s = &staff_table[i];
		char created[MD_TIMESTAMP_SIZE], updated[MD_TIMESTAMP_SIZE];
		bool active = s->until >= LAST_YEAR;
		ts_format((long long)day_of(s->since, 4, 1) * 86400 + 9 * 3600, created);
		ts_format(active ? (long long)day_of(s->since, 4, 1) * 86400 + 9 * 3600
				 : (long long)day_of(s->until, 3, 31) * 86400 + 17 * 3600,
			  updated);
		sqlite3_bind_text(st, 1, s->login, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, md_role_code(s->role), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, active);
		sqlite3_bind_text(st, 6, created, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, updated, -1, SQLITE_STATIC);
		if (!run(g, st, "職員の登録"))
			break;
		g->user_id[i] = sqlite3_last_insert_rowid(md_db_sqlite(g->db));
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

/* The person of the case being written, with their household, search keys
 * and first revision (cases.c person_write), when not yet written. */
static void
write_person(struct gen *g, struct course *c, const char *at)
{
	struct dperson *p = &g->persons[c->dc->person];
	if (p->id || g->rc != MD_OK)
		return;
	struct dhousehold *h = &g->households[p->household];
	if (!h->id) {
		sqlite3_stmt *st = stmt(g, sql_household_insert);
		if (!st)
			return;
		char label[64];
		snprintf(label, sizeof label, "%s家", family_kanji(h));
		sqlite3_bind_text(st, 1, label, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
		if (!run(g, st, "世帯の登録"))
			return;
		h->id = sqlite3_last_insert_rowid(md_db_sqlite(g->db));
		g->counts.households++;
	}
	const struct pfields *pf = &c->pf;
	char *name_key = md_text_search_key(pf->v[MD_PERSON_NAME]);
	char *kana_key = md_text_search_key(pf->v[MD_PERSON_KANA]);
	sqlite3_stmt *st = name_key && kana_key ? stmt(g, sql_person_insert) : NULL;
	if (!name_key || !kana_key)
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
	if (st) {
		sqlite3_bind_int64(st, 1, h->id);
		for (int i = 0; i < MD_PERSON_FIELD_COUNT; i++)
			sqlite3_bind_text(st, 2 + i, pf->v[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, name_key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 12, kana_key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 13, at, -1, SQLITE_STATIC);
		if (run(g, st, "本人の登録"))
			p->id = sqlite3_last_insert_rowid(md_db_sqlite(g->db));
	}
	md_free(name_key);
	md_free(kana_key);
	if (!p->id)
		return;
	g->counts.persons++;
	enum md_status rc = md_person_keys_write(g->db, p->id, pf->v[MD_PERSON_NAME],
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
	st = stmt(g, sql_person_revision);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, g->user_id[c->staff]);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->json.data + start, (int)(c->json.len - start),
			  SQLITE_STATIC);
	run(g, st, "本人の履歴");
}

/* The forms frozen by the steps that stand (workflow.c freezes_write). */
static void
write_freezes(struct gen *g, struct course *c)
{
	for (int k = 0; k < c->nfrz && g->rc == MD_OK; k++) {
		const struct cfrz *z = &c->frz[k];
		const struct cev *e = &c->evs[z->ev];
		int ri = rec_find(c, z->form, z->seq);
		if (ri < 0)
			continue;
		char on[MD_TIMESTAMP_SIZE];
		ts_format(e->at, on);
		on[10] = '\0';
		char *why = md_workflow_freeze_why(g->wf, md_workflow_step(g->wf, (size_t)e->step)->id,
						   e->oc ? e->oc->label : "", on, z->seq,
						   form_round(g, c, z->form));
		sqlite3_stmt *st = why ? stmt(g, sql_freeze_insert) : NULL;
		if (!why)
			fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
		if (st) {
			sqlite3_bind_int64(st, 1, c->recs[ri].id);
			sqlite3_bind_int64(st, 2, e->id);
			sqlite3_bind_text(st, 3, why, -1, SQLITE_STATIC);
			run(g, st, "確定した様式の記録");
		}
		md_free(why);
	}
}

/* The case as its course left it: person, case row, records, revisions
 * and events. */
static void
write_case(struct gen *g, struct course *c, struct dcase *dc)
{
	char opened[MD_TIMESTAMP_SIZE], ts[MD_TIMESTAMP_SIZE], ts2[MD_TIMESTAMP_SIZE];
	char d1[MD_DATE_SIZE], d2[MD_DATE_SIZE], d3[MD_DATE_SIZE], d4[MD_DATE_SIZE],
		d5[MD_DATE_SIZE];
	if (!md_buf_ok(&c->json)) {
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
		return;
	}
	ts_format(dc->open, opened);
	write_person(g, c, opened);
	if (g->rc != MD_OK)
		return;
	sqlite3_stmt *st = stmt(g, sql_case_insert);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, g->persons[dc->person].id);
	sqlite3_bind_text(st, 2, c->closed ? "closed" : "open", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, md_workflow_step(g->wf, (size_t)c->stage)->id, -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, g->user_id[c->staff]);
	bind_day(st, 5, moment_day(dc->open), d1);
	if (c->closed) {
		bind_day(st, 6, c->closed_on, d2);
		sqlite3_bind_text(st, 7, c->close_reason ? c->close_reason : "", -1,
				  SQLITE_STATIC);
	}
	bind_day(st, 8, c->decided_on, d3);
	bind_day(st, 9, c->next_eval_on, d4);
	bind_day(st, 10, c->follow_up_on, d5);
	sqlite3_bind_text(st, 11, opened, -1, SQLITE_STATIC);
	ts_format(c->updated, ts);
	sqlite3_bind_text(st, 12, ts, -1, SQLITE_STATIC);
	if (!run(g, st, "ケースの登録"))
		return;
	dc->id = sqlite3_last_insert_rowid(md_db_sqlite(g->db));
	g->counts.cases++;
	for (int i = 0; i < c->nrecs && g->rc == MD_OK; i++) {
		struct crec *rec = &c->recs[i];
		if (!(st = stmt(g, sql_record_insert)))
			return;
		sqlite3_bind_int64(st, 1, dc->id);
		sqlite3_bind_text(st, 2, rec->form->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, rec->seq);
		sqlite3_bind_int(st, 4, rec->revision);
		sqlite3_bind_int(st, 5, rec->complete);
		ts_format(rec->created, ts);
		ts_format(rec->updated, ts2);
		sqlite3_bind_text(st, 7, ts, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, ts2, -1, SQLITE_STATIC);
		if (run(g, st, "様式の登録"))
			rec->id = sqlite3_last_insert_rowid(md_db_sqlite(g->db));
		g->counts.records++;
	}
	for (int i = 0; i < c->nrevs && g->rc == MD_OK; i++) {
		const struct crev *rv = &c->revs[i];
		if (!(st = stmt(g, sql_revision_insert)))
			return;
		sqlite3_bind_int64(st, 1, c->recs[rv->rec].id);
		sqlite3_bind_int(st, 2, rv->revision);
		sqlite3_bind_int(st, 3, rv->revision - 1);
		sqlite3_bind_int64(st, 4, g->user_id[rv->user]);
		ts_format(rv->at, ts);
		sqlite3_bind_text(st, 5, ts, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, rv->complete);
		sqlite3_bind_text(st, 7, c->json.data + rv->data, (int)rv->ndata,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 8, c->json.data + rv->changed, (int)rv->nchanged,
				  SQLITE_STATIC);
		run(g, st, "様式の版の登録");
		g->counts.revisions++;
	}
	for (int i = 0; i < c->nevs && g->rc == MD_OK; i++) {
		const struct cev *e = &c->evs[i];
		if (!(st = stmt(g, sql_event_insert)))
			return;
		sqlite3_bind_int64(st, 1, dc->id);
		sqlite3_bind_text(st, 2, md_workflow_step(g->wf, (size_t)e->step)->id, -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 3, e->oc ? e->oc->label : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, e->reason ? e->reason : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, e->agency ? e->agency : "", -1, SQLITE_STATIC);
		bind_day(st, 6, e->follow_up, d2);
		if (e->rec >= 0) {
			sqlite3_bind_int64(st, 7, c->recs[e->rec].id);
			sqlite3_bind_int(st, 8, e->rec_revision);
		}
		sqlite3_bind_int64(st, 9, g->user_id[e->user]);
		ts_format(e->at, ts);
		sqlite3_bind_text(st, 10, ts, -1, SQLITE_STATIC);
		/* The day it was done; 相談受付 is dated by the 受付日. */
		if (!md_workflow_step(g->wf, (size_t)e->step)->autostart)
			sqlite3_bind_text(st, 11, ts, 10, SQLITE_STATIC);
		if (run(g, st, "手順の記録"))
			c->evs[i].id = sqlite3_last_insert_rowid(md_db_sqlite(g->db));
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
		if ((c->closed ? c->updated : -1) != dc->close)
			fail(g, MD_ERR_DB, "内部エラー: デモデータのケースの経過が再現できません");
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
			 ((uint64_t)dc->person * 4 + (uint64_t)dc->nth) | (1ULL << 40));
		long d0 = moment_day(dc->open);
		long d1 = dc->close >= 0 ? moment_day(dc->close) : g->end;
		int open_min = (int)(dc->open % 86400) / 60;
		int close_min = dc->close >= 0 ? (int)(dc->close % 86400) / 60 : 24 * 60;
		for (int j = 0; j < dc->entries; j++) {
			for (int tries = 0; tries < 6; tries++) {
				double u = rng_unit(&r);
				long day = d0 + (long)(u * (0.35 + 0.65 * u) * (double)(d1 - d0 + 1));
				if (day > d1)
					day = d1;
				if (workday(day) <= d1)
					day = workday(day);
				int lo = 9 * 60, hi = 18 * 60;
				if (day == d0 && lo < open_min + 5)
					lo = open_min + 5;
				if (day == d1 && dc->close >= 0 && hi > close_min - 100)
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
		 (((uint64_t)dc->person * 4 + (uint64_t)dc->nth) << 12) | (uint64_t)e->nth);
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
		staff = pick_staff(&r, (1u << MD_ROLE_EMPLOYMENT) | (1u << MD_ROLE_CHIEF), year);
	static const char *const methods[] = {"来所", "電話", "訪問", "同行支援", "メール・手紙", "オンライン", "関係機関との連絡調整", "支援調整会議", "支援会議", "その他"};
	int mw[] = {34, 34, 8, 6, 3, year >= 2020 ? 4 : 0, 9, 1, 1, 1};
	int method = rng_weighted(&r, mw, COUNT(mw));
	long first = moment_day(dc->open);
	long last = dc->close >= 0 ? moment_day(dc->close) : g->end;
	double pos = (double)(e->day - first) / (double)(last - first + 1);
	static const char *const kinds_by_theme[TH_COUNT] = {"住まい", "就労支援", "家計", "相談支援", "相談支援", "相談支援", "緊急支援(プラン策定前)"};
	const char *kind = pos < 0.25 ? (rng_pct(&r, 15) ? "緊急支援(プラン策定前)" : "相談支援")
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
	fset(g, rec, "counterpart", options_of(g, c, g->f_progress, "counterpart", cp, 3));
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
		fset(g, rec, "next_on", pool_day(g, c, workday(e->day + rng_range(&r, 7, 30))));
	if (g->rc != MD_OK)
		return;
	struct md_values v = rec_view(rec);
	size_t changed = c->json.len;
	md_kv_changed_json(NULL, 0, rec->kv, rec->n, &c->json);
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
	sqlite3_stmt *st = stmt(g, sql_record_insert);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, dc->id);
	sqlite3_bind_text(st, 2, g->f_progress->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, ++seqs[e->kase]);
	sqlite3_bind_int(st, 4, 1);
	sqlite3_bind_int(st, 5, complete);
	sqlite3_bind_text(st, 6, date, 10, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, ts, -1, SQLITE_STATIC);
	if (!run(g, st, "支援経過の登録"))
		return;
	long long id = sqlite3_last_insert_rowid(md_db_sqlite(g->db));
	if (!(st = stmt(g, sql_revision_insert)))
		return;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, 1);
	sqlite3_bind_int(st, 3, 0);
	sqlite3_bind_int64(st, 4, g->user_id[staff]);
	sqlite3_bind_text(st, 5, ts, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, complete);
	sqlite3_bind_text(st, 7, c->json.data + data, (int)(c->json.len - data),
			  SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->json.data + changed, (int)(data - changed),
			  SQLITE_STATIC);
	if (!run(g, st, "支援経過の登録"))
		return;
	char *text = md_entries_text(g->f_progress, &v);
	if (!text) {
		fail(g, MD_ERR_NOMEM, "%s", md_status_message(MD_ERR_NOMEM));
		return;
	}
	enum md_status rc = md_entries_index(g->db, id, NULL, text, g->err);
	md_free(text);
	if (rc == MD_OK)
		rc = md_entries_appointment(g->db, g->f_progress, id, &v, g->err);
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

/* The forms, steps and outcomes the generator uses must be those of the
 * definitions loaded. */
static enum md_status
setup(struct gen *g)
{
	static const struct {
		const char *id;
		size_t offset;
	} forms[] = {
		{"reception", offsetof(struct gen, f_reception)},
		{"intake", offsetof(struct gen, f_intake)},
		{"progress", offsetof(struct gen, f_progress)},
		{"plan", offsetof(struct gen, f_plan)},
		{"evaluation", offsetof(struct gen, f_evaluation)},
		{"notice", offsetof(struct gen, f_notice)},
	};
	for (int i = 0; i < COUNT(forms); i++) {
		const struct md_form *f = md_forms_find(g->forms, forms[i].id);
		if (!f || strcmp(f->id, forms[i].id))
			return md_err_set(g->err, MD_ERR_DEFINITION,
					  "デモデータに必要な様式 %s がありません", forms[i].id);
		*(const struct md_form **)((char *)g + forms[i].offset) = f;
	}
	if (!md_form_field(g->f_intake, "round") ||
	    !md_form_field(g->f_intake, "round")->noptions)
		return md_err_set(g->err, MD_ERR_DEFINITION,
				  "デモデータに必要な項目 intake.round がありません");
	g->nsteps = md_workflow_nsteps(g->wf);
	if (g->nsteps > MAX_WF)
		return md_err_set(g->err, MD_ERR_DEFINITION, "手順が多すぎます(%d まで)",
				  MAX_WF);
	for (int s = 0; s < S_COUNT; s++) {
		g->step[s] = -1;
		for (size_t i = 0; i < g->nsteps; i++)
			if (!strcmp(md_workflow_step(g->wf, i)->id, step_ids[s]))
				g->step[s] = (int)i;
		if (g->step[s] < 0)
			return md_err_set(g->err, MD_ERR_DEFINITION,
					  "デモデータに必要な手順 %s がありません", step_ids[s]);
	}
	for (int o = 0; o < O_COUNT; o++) {
		const struct md_wf_step *s =
			md_workflow_step(g->wf, (size_t)g->step[outcome_defs[o].step]);
		g->oc[o] = NULL;
		for (size_t k = 0; k < s->noutcomes; k++)
			if (!strcmp(s->outcomes[k].label, outcome_defs[o].label))
				g->oc[o] = &s->outcomes[k];
		if (!g->oc[o])
			return md_err_set(g->err, MD_ERR_DEFINITION,
					  "デモデータに必要な手順 %s の結果「%s」がありません",
					  s->id, outcome_defs[o].label);
	}
	return MD_OK;
}

/* The agency catalogue: data/agencies.csv when the database has none. */
static enum md_status
load_agencies(struct gen *g)
{
	sqlite3_stmt *st = md_db_stmt(g->db, sql_agency_count, g->err);
	if (!st)
		return g->err->status;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (n == 0) {
		char *path = md_path_shipped("data/agencies.csv", g->err);
		if (!path)
			return g->err->status;
		size_t added = 0;
		enum md_status rc = md_agencies_import(
		    g->db, NULL, md_workflow_agency_kinds(g->wf), path, &added, g->err);
		md_free(path);
		if (rc != MD_OK)
			return rc;
	}
	if (!(st = md_db_stmt(g->db, sql_agency_names, g->err)))
		return g->err->status;
	int src;
	enum md_status rc = MD_OK;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		char **p = md_realloc(g->agencies, (g->nagencies + 1) * sizeof *p);
		char *name = p ? md_db_column_dup(st, 0) : NULL;
		if (p)
			g->agencies = p;
		if (!name) {
			rc = md_err_set(g->err, MD_ERR_NOMEM, NULL);
			break;
		}
		g->agencies[g->nagencies++] = name;
	}
	sqlite3_reset(st);
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(g->db, src, "関係機関の読み込み", g->err);
	if (rc == MD_OK && !g->nagencies)
		rc = md_err_set(g->err, MD_ERR_NOTFOUND, "関係機関の一覧が空です");
	return rc;
}

static enum md_status
check_empty(struct gen *g)
{
	sqlite3_stmt *st = md_db_stmt(g->db, sql_not_empty, g->err);
	if (!st)
		return g->err->status;
	int src = sqlite3_step(st);
	long long n = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (src != SQLITE_ROW)
		return md_db_fail(g->db, src, "データベースの確認", g->err);
	if (n > 0)
		return md_err_set(g->err, MD_ERR_EXISTS,
				  "%s には既にデータがあります(デモデータは新しいデータベースにだけ作れます)",
				  md_db_path(g->db));
	return MD_OK;
}

/* The cache size in force, to put back at the end. */
static long long
pragma_value(struct gen *g, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = 0;
	if (sqlite3_prepare_v2(md_db_sqlite(g->db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
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
	for (size_t i = 0; i < g->nagencies; i++)
		md_free(g->agencies[i]);
	md_free(g->agencies);
	md_free(g->households);
	md_free(g->persons);
	md_free(g->cases);
}

enum md_status
md_demo_generate(struct md_db *db, const struct md_forms *forms,
		 const struct md_workflow *wf, const struct md_demo_options *opt,
		 struct md_demo_counts *counts, struct md_err *err)
{
	struct md_err scratch;
	if (!err)
		err = &scratch;
	if (counts)
		memset(counts, 0, sizeof *counts);
	if (!opt || opt->cases < 1)
		return md_err_set(err, MD_ERR_INVALID, "ケースの数は 1 以上にしてください");
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
	long long cache = pragma_value(&g, "PRAGMA cache_size");
	char pragmas[160];
	long long kib = g.ncases * 4 < 16384 ? 16384 : g.ncases * 4;
	snprintf(pragmas, sizeof pragmas,
		 "PRAGMA synchronous = OFF; PRAGMA cache_size = -%lld;"
		 " PRAGMA temp_store = MEMORY;",
		 kib > 524288 ? 524288 : kib);
	rc = md_db_exec(db, pragmas, err);
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
		snprintf(detail, sizeof detail, "デモデータの生成: ケース %lld 件(シード %llu)",
			 g.ncases, (unsigned long long)g.seed);
		rc = md_audit_add(db, g.user_id[0], MD_AUDIT_CREATE, 0, 0, detail, err);
	}
	if (in_tx) {
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	char restore[128];
	snprintf(restore, sizeof restore,
		 "PRAGMA synchronous = FULL; PRAGMA cache_size = %lld;"
		 " PRAGMA temp_store = DEFAULT;",
		 cache ? cache : -2000);
	struct md_err rerr;
	enum md_status rrc = md_db_exec(db, restore, &rerr);
	if (rrc == MD_OK && rc == MD_OK)
		rrc = md_db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE);", &rerr);
	if (rc == MD_OK && rrc != MD_OK) {
		*err = rerr;
		rc = rrc;
	}
	if (rc == MD_OK && counts)
		*counts = g.counts;
	gen_fini(&g);
	return rc;
}
