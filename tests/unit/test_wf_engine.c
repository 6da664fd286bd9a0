/* The workflow engine as a pure core (wf_engine.h): a case driven with no
 * database through an in-memory reader, and, step by step along the paths
 * of 001 第9条・第10条, the effects computed from a copy of a stored case
 * in memory against what md_workflow_take then stores for the same inputs. */
#include "helpers.h"

#include "db_int.h"
#include "madoguchi/agencies.h"
#include "madoguchi/records.h"
#include "madoguchi/wf_engine.h"
#include "madoguchi/workflow.h"

static struct md_forms *forms;
static struct md_workflow *wf;
static struct md_user consultant, chief;

/* ---- an in-memory case ------------------------------------------------ */

struct mem_round {
	const struct md_form *form;
	int seq;
	struct md_wf_round facts;
	struct md_values values;
};

struct mem_change {
	long long record_id;
	int revision;
	char key[64];
};

/* A meeting held with the case's person discussed (meetings.h), as the
 * reader sees it: its type (a section of forms/meetings.ini), its day, and
 * whether a 役割分担 was recorded at it. */
struct mem_meeting {
	const char *type;
	char on[MD_DATE_SIZE];
	bool tasks;
};

/* A case's forms and events, in memory: what the reader answers from. */
struct mem_case {
	struct mem_meeting meetings[8];
	size_t nmeetings;
	struct mem_round rounds[32];
	size_t nrounds;
	struct mem_change changes[256];
	size_t nchanges;
	struct md_wf_event events[64];
	char *strings[64 * 11]; /* the events' strings */
	size_t nevents, nstrings;
	char received[MD_DATE_SIZE];
};

static enum md_status
mem_round(void *ctx, const struct md_form *form, int seq,
	  struct md_wf_round *out, struct md_values *values, struct md_err *err)
{
	struct mem_case *m = ctx;
	for (size_t i = 0; i < m->nrounds; i++) {
		struct mem_round *r = &m->rounds[i];
		if (r->form != form || r->seq != seq)
			continue;
		*out = r->facts;
		for (size_t k = 0; k < r->values.n; k++)
			if (md_values_set(values, r->values.items[k].key,
					  r->values.items[k].value,
					  err) != MD_OK)
				return err->status;
	}
	return MD_OK;
}

static enum md_status
mem_changes(void *ctx, long long record_id, int after,
	    void (*each)(void *arg, int revision, const char *key), void *arg,
	    struct md_err *err)
{
	(void)err;
	struct mem_case *m = ctx;
	for (size_t i = 0; i < m->nchanges; i++)
		if (m->changes[i].record_id == record_id &&
		    m->changes[i].revision > after)
			each(arg, m->changes[i].revision, m->changes[i].key);
	return MD_OK;
}

/* The agencies of data/agencies.csv the paths use, by what is typed. */
static enum md_status
mem_agency(void *ctx, const char *typed, char **name, char **kind,
	   struct md_err *err)
{
	(void)ctx;
	static const char *const known[][2] = {{"ハローワーク(公共職業安定所)",
						"就労"},
					       {"福祉事務所", "福祉事務所"}};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strstr(known[i][0], typed) == known[i][0]) {
			*name = md_strdup(known[i][0]);
			*kind = md_strdup(known[i][1]);
			return MD_OK;
		}
	return md_err_set(err, MD_ERR_INVALID, "関係機関「%s」はありません",
			  typed);
}

/* The first meeting of type on or after since (with a task where asked). */
static enum md_status
mem_meeting(void *ctx, const char *type, const char *since, bool tasks,
	    char on[MD_DATE_SIZE], struct md_err *err)
{
	(void)err;
	struct mem_case *m = ctx;
	on[0] = '\0';
	for (size_t i = 0; i < m->nmeetings; i++) {
		const struct mem_meeting *mt = &m->meetings[i];
		if (!strcmp(mt->type, type) && strcmp(mt->on, since) >= 0 &&
		    (!tasks || mt->tasks) && (!*on || strcmp(mt->on, on) < 0))
			snprintf(on, MD_DATE_SIZE, "%s", mt->on);
	}
	return MD_OK;
}

static void
mem_fini(struct mem_case *m)
{
	for (size_t i = 0; i < m->nrounds; i++)
		md_values_fini(&m->rounds[i].values);
	for (size_t i = 0; i < m->nstrings; i++)
		md_free(m->strings[i]);
	memset(m, 0, sizeof *m);
}

static const char *
keep(struct mem_case *m, const char *s)
{
	assert_true(m->nstrings < sizeof m->strings / sizeof m->strings[0]);
	return m->strings[m->nstrings++] = md_strdup(s ? s : "");
}

/* A round of form saved with values (revision 1 of record id). */
static void
mem_save(struct mem_case *m, const char *form_id, int seq, long long id,
	 bool complete, const char *const *kv)
{
	struct mem_round *r = &m->rounds[m->nrounds++];
	r->form = md_forms_find(forms, form_id);
	assert_non_null(r->form);
	r->seq = seq;
	r->facts = (struct md_wf_round){true, complete, id, 1};
	md_values_init(&r->values);
	for (; kv && *kv; kv += 2) {
		md_values_set(&r->values, kv[0], kv[1], NULL);
		struct mem_change *c = &m->changes[m->nchanges++];
		*c = (struct mem_change){id, 1, ""};
		snprintf(c->key, sizeof c->key, "%s", kv[0]);
	}
}

static const struct md_wf_reader *
mem_reader(struct mem_case *m)
{
	static struct md_wf_reader r;
	r = (struct md_wf_reader){m, mem_round, mem_changes, mem_agency,
				  mem_meeting};
	return &r;
}

/* Record effects fx as the case's next event, as a store would. */
static void
mem_record(struct mem_case *m, const struct md_wf_effects *fx)
{
	const struct md_wf_event *e = &fx->event;
	m->events[m->nevents++] =
		(struct md_wf_event){(long long)m->nevents + 1,
				     keep(m, e->step),
				     keep(m, e->outcome),
				     keep(m, e->reason),
				     keep(m, e->agency),
				     keep(m, e->follow_up_on),
				     keep(m, e->method),
				     keep(m, e->note),
				     keep(m, e->on),
				     keep(m, "2026-04-01 10:00:00"),
				     keep(m, "相談 花子"),
				     e->record_id,
				     e->record_revision};
}

static struct md_wf_case *
mem_replay(struct mem_case *m)
{
	struct md_wf_case *c = NULL;
	struct md_err err;
	th_assert_ok(md_wf_replay(wf, m->received, m->events, m->nevents,
				  mem_reader(m), &c, &err),
		     &err);
	return c;
}

/* The state of step_id in c for the consultant, its why in why. */
static enum md_step_state
mem_state(struct md_wf_case *c, const char *step_id, char *why, size_t size)
{
	struct md_flow flow;
	struct md_err err;
	th_assert_ok(md_wf_case_flow(c, &consultant, 1, &flow, &err), &err);
	enum md_step_state st = MD_STEP_CLOSED;
	for (size_t i = 0; i < flow.nsteps; i++)
		if (!strcmp(flow.steps[i].step->id, step_id)) {
			st = flow.steps[i].state;
			snprintf(why, size, "%s", flow.steps[i].why);
		}
	md_flow_fini(&flow);
	return st;
}

/* Take step_id on the in-memory case: check, effects, record. The
 * status; the effects in *fx (md_wf_effects_fini) when MD_OK. */
static enum md_status
mem_take(struct mem_case *m, const struct md_user *actor, const char *step_id,
	 const struct md_take *t, struct md_wf_effects *fx, struct md_err *err)
{
	const struct md_wf_step *s = md_workflow_find(wf, step_id);
	assert_non_null(s);
	struct md_wf_case *c = mem_replay(m);
	struct md_wf_inputs in;
	bool ready = false;
	memset(&in, 0, sizeof in);
	enum md_status rc = md_wf_check_open(c, actor, s, err);
	if (rc == MD_OK)
		rc = md_wf_check(c, s, t, &in, err);
	if (rc == MD_OK)
		rc = md_wf_form_ready(c, s, &ready, err);
	if (rc == MD_OK && !ready)
		rc = md_err_set(err, MD_ERR_INVALID, "未完成");
	if (rc == MD_OK)
		rc = md_wf_effects(c, s, &in, fx, err);
	if (rc == MD_OK)
		mem_record(m, fx);
	md_wf_inputs_fini(&in);
	md_wf_case_free(&c);
	return rc;
}

static int
setup(void **state)
{
	th_setup(state);
	struct th_env *env = *state;
	struct md_err err;
	struct md_diags diags;
	forms = th_forms("forms");
	md_diags_init(&diags);
	th_assert_ok(md_workflow_load(TOP_DIR "/forms/workflow.ini", forms, &wf,
				      &diags, &err),
		     &err);
	md_diags_fini(&diags);
	th_user(env, "soudan", MD_ROLE_CONSULTANT, &consultant);
	th_user(env, "shunin", MD_ROLE_CHIEF, &chief);
	size_t added;
	th_assert_ok(md_agencies_import(env->db, &env->admin,
					md_workflow_agency_kinds(wf),
					TOP_DIR "/data/agencies.csv", &added,
					&err),
		     &err);
	return 0;
}

static int
teardown(void **state)
{
	md_user_fini(&consultant);
	md_user_fini(&chief);
	md_workflow_free(&wf);
	md_forms_free(&forms);
	return th_teardown(state);
}

static const char *const reception_signed[] = {"signed", "はい",
					       "consent_share", "はい", NULL};

/* A case received on 2026-03-20, with the steps recorded when a case
 * opens. */
static void
mem_opened(struct mem_case *m)
{
	memset(m, 0, sizeof *m);
	snprintf(m->received, sizeof m->received, "2026-03-20");
	for (size_t i = 0; i < md_workflow_nsteps(wf); i++) {
		const struct md_wf_step *s = md_workflow_step(wf, i);
		if (s->autostart)
			m->events[m->nevents++] =
				(struct md_wf_event){(long long)m->nevents + 1,
						     s->id,
						     "",
						     "",
						     "",
						     "",
						     "",
						     "",
						     "",
						     "2026-03-20 09:00:00",
						     "相談 花子",
						     0,
						     0};
	}
}

/* 001 第9条(1)〜(3) with no database: reception, application once the
 * form is signed, and an information-only triage that closes the case. */
static void
a_case_in_memory_follows_the_definition(void **state)
{
	(void)state;
	struct mem_case m;
	struct md_err err;
	struct md_wf_effects fx;
	char why[2048];
	mem_opened(&m);
	struct md_wf_case *c = mem_replay(&m);
	assert_int_equal(mem_state(c, "application", why, sizeof why),
			 MD_STEP_CLOSED);
	assert_non_null(strstr(why, "本人署名"));
	md_wf_case_free(&c);

	mem_save(&m, "reception", 1, 7, true, reception_signed);
	c = mem_replay(&m);
	assert_int_equal(mem_state(c, "application", why, sizeof why),
			 MD_STEP_OPEN);
	md_wf_case_free(&c);

	struct md_take t = {.date = "2026-03-25"};
	th_assert_ok(mem_take(&m, &consultant, "application", &t, &fx, &err),
		     &err);
	assert_string_equal(fx.event.step, "application");
	assert_string_equal(fx.event.on, "2026-03-25");
	assert_int_equal(fx.event.record_id, 7);
	assert_true(fx.link_form == md_forms_find(forms, "reception"));
	assert_false(fx.cols.closed);
	assert_string_equal(fx.cols.stage, "application");
	assert_string_equal(fx.detail, "利用申込・本人同意");
	md_wf_effects_fini(&fx);

	/* A day before the case was received is refused, with no database. */
	t = (struct md_take){.outcome = "情報提供のみで終了",
			     .date = "2026-03-19"};
	assert_int_equal(mem_take(&m, &consultant, "triage", &t, &fx, &err),
			 MD_ERR_INVALID);
	assert_non_null(strstr(err.msg, "受付日"));

	t.date = "2026-03-26";
	th_assert_ok(mem_take(&m, &consultant, "triage", &t, &fx, &err), &err);
	assert_int_equal(fx.nsets, 1);
	assert_string_equal(fx.sets[0].form->id, "reception");
	assert_string_equal(fx.sets[0].key, "triage");
	assert_string_equal(fx.sets[0].value, "情報提供のみで終了");
	assert_true(fx.cols.closed);
	assert_false(fx.cols.keep_closing);
	assert_string_equal(fx.cols.closed_on, "2026-03-26");
	assert_string_equal(fx.cols.close_reason, "情報提供のみで終了");
	md_wf_effects_fini(&fx);
	c = mem_replay(&m);
	assert_true(md_wf_case_closed(c));
	assert_int_equal(mem_state(c, "assessment", why, sizeof why),
			 MD_STEP_CLOSED);
	assert_non_null(strstr(why, "終結しています"));
	md_wf_case_free(&c);
	mem_fini(&m);
}

/* ---- the stored case against the pure engine -------------------------- */

/* A copy of stored case case_id in m: its events, every round of its
 * forms with the latest values, and each field each revision changed. */
static void
snapshot(struct th_env *env, long long case_id, struct mem_case *m)
{
	sqlite3 *h = md_db_sqlite(env->db);
	sqlite3_stmt *q;
	struct md_err err;
	memset(m, 0, sizeof *m);
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT opened_on FROM cases WHERE id = %lld",
		 case_id);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(m->received, sizeof m->received, "%s",
		 sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	snprintf(sql, sizeof sql,
		 "SELECT e.id, e.step, e.outcome, e.reason, e.agency,"
		 " coalesce(e.follow_up_on, ''), e.method, e.note,"
		 " coalesce(e.done_on, ''), e.at, coalesce(e.record_id, 0),"
		 " coalesce(e.record_revision, 0)"
		 " FROM workflow_events e WHERE case_id = %lld ORDER BY e.id",
		 case_id);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *t[12];
		for (int i = 1; i < 10; i++)
			t[i] = keep(m, (const char *)sqlite3_column_text(q, i));
		m->events[m->nevents++] =
			(struct md_wf_event){sqlite3_column_int64(q, 0),
					     t[1],
					     t[2],
					     t[3],
					     t[4],
					     t[5],
					     t[6],
					     t[7],
					     t[8],
					     t[9],
					     keep(m, ""),
					     sqlite3_column_int64(q, 10),
					     sqlite3_column_int(q, 11)};
	}
	sqlite3_finalize(q);
	snprintf(sql, sizeof sql,
		 "SELECT form, seq, id, revision, complete FROM form_records"
		 " WHERE case_id = %lld ORDER BY id",
		 case_id);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct mem_round *r = &m->rounds[m->nrounds++];
		r->form = md_forms_find(forms,
					(const char *)sqlite3_column_text(q,
									  0));
		r->seq = sqlite3_column_int(q, 1);
		r->facts = (struct md_wf_round){true,
						sqlite3_column_int(q, 4) != 0,
						sqlite3_column_int64(q, 2),
						sqlite3_column_int(q, 3)};
		md_values_init(&r->values);
		if (r->facts.revision > 0)
			th_assert_ok(md_record_latest(env->db,
						      r->facts.record_id,
						      &r->values, NULL, &err),
				     &err);
	}
	sqlite3_finalize(q);
	snprintf(sql, sizeof sql,
		 "SELECT r.record_id, r.revision, j.value FROM form_revisions r,"
		 " json_each(r.changed) j WHERE r.record_id IN"
		 " (SELECT id FROM form_records WHERE case_id = %lld)",
		 case_id);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct mem_change *c = &m->changes[m->nchanges++];
		c->record_id = sqlite3_column_int64(q, 0);
		c->revision = sqlite3_column_int(q, 1);
		snprintf(c->key, sizeof c->key, "%s",
			 sqlite3_column_text(q, 2));
	}
	sqlite3_finalize(q);
}

/* One text from a query (a static buffer; "" for NULL or no row). */
static const char *
text_of(struct th_env *env, const char *sql)
{
	static char out[4096];
	sqlite3_stmt *q;
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(md_db_sqlite(env->db), sql, -1, &q,
					    NULL),
			 SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		snprintf(out, sizeof out, "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return out;
}

/* The effects computed from a copy in memory, then the step taken: what
 * was stored is what the effects said. */
static void
same_as_stored(struct th_env *env, const struct md_user *actor,
	       long long case_id, const char *step_id, const struct md_take *t)
{
	struct mem_case m;
	struct md_wf_effects fx;
	struct md_err err;
	char sql[512], want[4096];
	snapshot(env, case_id, &m);
	th_assert_ok(mem_take(&m, actor, step_id, t, &fx, &err), &err);
	long long before =
		th_int(env->db,
		       "SELECT coalesce(max(id), 0) FROM form_records");
	th_assert_ok(md_workflow_take(env->db, actor, wf, forms, case_id,
				      step_id, t, &err),
		     &err);
	/* The event. */
	const struct md_wf_event *e = &fx.event;
	snprintf(want, sizeof want, "%s|%s|%s|%s|%s|%s|%s|%s", e->step,
		 e->outcome, e->reason, e->agency, e->follow_up_on, e->method,
		 e->note, e->on);
	snprintf(sql, sizeof sql,
		 "SELECT step || '|' || outcome || '|' || reason || '|' || agency"
		 " || '|' || coalesce(follow_up_on, '') || '|' || method || '|'"
		 " || note || '|' || done_on FROM workflow_events"
		 " WHERE case_id = %lld ORDER BY id DESC LIMIT 1",
		 case_id);
	assert_string_equal(text_of(env, sql), want);
	/* The event links the record of the step's round, at the revision
	 * the step's writes made when it wrote there. */
	bool wrote = false;
	for (size_t k = 0; k < fx.nsets; k++)
		wrote |= fx.sets[k].form == fx.link_form;
	if (fx.link_form && !wrote) {
		snprintf(sql, sizeof sql,
			 "SELECT coalesce(record_id, 0) || '|' || coalesce(record_revision, 0)"
			 " FROM workflow_events WHERE case_id = %lld ORDER BY id DESC LIMIT 1",
			 case_id);
		snprintf(want, sizeof want, "%lld|%d", e->record_id,
			 e->record_id ? e->record_revision : 0);
		assert_string_equal(text_of(env, sql), want);
	}
	/* The values set, each in its round. */
	for (size_t k = 0; k < fx.nsets; k++) {
		long long rid = 0;
		struct md_values v;
		md_values_init(&v);
		th_assert_ok(md_record_find(env->db, case_id,
					    fx.sets[k].form->id, fx.sets[k].seq,
					    &rid, &err),
			     &err);
		assert_true(rid != 0);
		th_assert_ok(md_record_latest(env->db, rid, &v, NULL, &err),
			     &err);
		const char *got = md_values_get(&v, fx.sets[k].key);
		assert_non_null(got);
		assert_string_equal(got, fx.sets[k].value);
		md_values_fini(&v);
	}
	/* The rounds made ready, and no other. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM form_records WHERE id > %lld AND revision = 0",
		 before);
	assert_int_equal(th_int(env->db, sql), (long long)fx.nrounds);
	for (size_t k = 0; k < fx.nrounds; k++) {
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM form_records WHERE case_id = %lld"
			 " AND form = '%s' AND seq = %d",
			 case_id, fx.rounds[k].form->id, fx.rounds[k].seq);
		assert_int_equal(th_int(env->db, sql), 1);
	}
	/* The freezes that stand, each with its text. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM record_freezes z JOIN form_records r"
		 " ON r.id = z.record_id WHERE r.case_id = %lld",
		 case_id);
	assert_int_equal(th_int(env->db, sql), (long long)fx.nfreezes);
	for (size_t k = 0; k < fx.nfreezes; k++) {
		snprintf(sql, sizeof sql,
			 "SELECT z.why FROM record_freezes z JOIN form_records r"
			 " ON r.id = z.record_id WHERE r.case_id = %lld"
			 " AND r.form = '%s' AND r.seq = %d",
			 case_id, fx.freezes[k].form->id, fx.freezes[k].seq);
		assert_string_equal(text_of(env, sql), fx.freezes[k].why);
	}
	/* The case's columns. */
	const struct md_wf_case_cols *c = &fx.cols;
	if (c->keep_closing)
		snprintf(want, sizeof want, "%s|closed", c->stage);
	else
		snprintf(want, sizeof want, "%s|%s|%s|%s", c->stage,
			 c->closed ? "closed" : "open", c->closed_on,
			 c->closed ? c->close_reason : "");
	snprintf(sql, sizeof sql,
		 c->keep_closing
			 ? "SELECT stage || '|' || status FROM cases WHERE id = %lld"
			 : "SELECT stage || '|' || status || '|' || coalesce(closed_on, '')"
			   " || '|' || coalesce(close_reason, '') FROM cases WHERE id = %lld",
		 case_id);
	assert_string_equal(text_of(env, sql), want);
	snprintf(want, sizeof want, "%s|%s|%s", c->plan_decided_on,
		 c->next_eval_on, c->follow_up_on);
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(plan_decided_on, '') || '|' || coalesce(next_eval_on, '')"
		 " || '|' || coalesce(follow_up_on, '') FROM cases WHERE id = %lld",
		 case_id);
	assert_string_equal(text_of(env, sql), want);
	/* The audit. */
	assert_string_equal(text_of(env, "SELECT detail FROM audit_log"
					 " ORDER BY id DESC LIMIT 1"),
			    fx.detail);
	md_wf_effects_fini(&fx);
	mem_fini(&m);
}

/* Fill the current round of a form as the consultant. */
static void
fill(struct th_env *env, long long case_id, const char *form,
     const char *const *kv)
{
	struct md_record rec;
	struct md_values faults;
	struct md_err err;
	bool saved;
	md_values_init(&faults);
	th_assert_ok(md_record_open(env->db, &consultant, forms, case_id, form,
				    MD_SEQ_LATEST, &rec, &err),
		     &err);
	for (; *kv; kv += 2)
		md_values_set(&rec.values, kv[0], kv[1], NULL);
	th_assert_ok(md_record_save(env->db, &consultant, &rec, 0, &saved,
				    &faults, &err),
		     &err);
	md_values_fini(&faults);
	md_record_fini(&rec);
}

static long long
open_case(struct th_env *env, const char *name)
{
	struct md_values p;
	struct md_err err;
	long long id;
	md_values_init(&p);
	md_values_set(&p, "name", name, NULL);
	md_values_set(&p, "kana", "やまだ たろう", NULL);
	th_assert_ok(md_workflow_open_case(env->db, &consultant, wf, forms, 0,
					   &p, &id, NULL, &err),
		     &err);
	md_values_fini(&p);
	return id;
}

static const char *const intake_complete[] = {"complaint", "家賃が払えない",
					      "issues",    "経済的困窮",
					      "summary",   "家計と就労を支える",
					      NULL};
static const char *const plan_plain[] = {"goal_long",
					 "安定した生活",
					 "policy",
					 "就労を支える",
					 "goals.1.issue",
					 "就労",
					 "goals.1.short_goal",
					 "求職活動",
					 "plan_from",
					 "R8.5.1",
					 "plan_to",
					 "R8.10.31",
					 "services",
					 "(ア) 就労支援員による就労支援",
					 "signed",
					 "はい",
					 NULL};

/* Every step of a course to a plan decision, its evaluations and closure:
 * the effects are what md_workflow_take stores. */
static void
effects_are_what_take_stores__001_9(void **state)
{
	struct th_env *env = *state;
	long long id = open_case(env, "山田 太郎");
	fill(env, id, "reception", reception_signed);
	same_as_stored(env, &consultant, id, "application",
		       &(struct md_take){.date = "R8.4.1"});
	same_as_stored(env, &consultant, id, "triage",
		       &(struct md_take){.outcome = "継続支援"});
	fill(env, id, "intake", intake_complete);
	same_as_stored(env, &consultant, id, "assessment", NULL);
	same_as_stored(env, &consultant, id, "screening",
		       &(struct md_take){.outcome = "プラン作成(継続支援)"});
	fill(env, id, "plan", plan_plain);
	same_as_stored(env, &consultant, id, "plan_draft", NULL);
	same_as_stored(env, &consultant, id, "agreement", NULL);
	same_as_stored(env, &chief, id, "meeting",
		       &(struct md_take){.outcome = "承認"});
	same_as_stored(env, &chief, id, "decision",
		       &(struct md_take){.outcome = "差し戻し",
					 .reason = "目標を見直す"});
	same_as_stored(env, &consultant, id, "plan_draft", NULL);
	same_as_stored(env, &consultant, id, "agreement", NULL);
	same_as_stored(env, &chief, id, "meeting",
		       &(struct md_take){.outcome = "承認"});
	same_as_stored(env, &chief, id, "decision",
		       &(struct md_take){.outcome = "決定"});
	same_as_stored(env, &consultant, id, "support", NULL);
	th_clock("2026-07-10 10:00:00");
	fill(env, id, "evaluation",
	     (const char *const[]){"remaining", "家計", "result",
				   "現プランで継続", NULL});
	same_as_stored(env, &consultant, id, "evaluation", NULL);
	same_as_stored(env, &consultant, id, "plan_change",
		       &(struct md_take){.outcome = "変更する",
					 .reason = "就労先が決まった"});
	same_as_stored(env, &consultant, id, "agreement", NULL);
	same_as_stored(env, &chief, id, "meeting",
		       &(struct md_take){.outcome = "承認"});
	same_as_stored(env, &chief, id, "decision",
		       &(struct md_take){.outcome = "決定"});
	same_as_stored(env, &consultant, id, "support", NULL);
	fill(env, id, "evaluation",
	     (const char *const[]){"remaining", "なし", "result", "終結",
				   NULL});
	same_as_stored(env, &consultant, id, "evaluation", NULL);
	same_as_stored(env, &consultant, id, "closure",
		       &(struct md_take){.follow_up = "R8.9.1"});
	/* The follow-up, taken on the closed case. */
	th_clock("2026-09-02 10:00:00");
	same_as_stored(env, &consultant, id, "follow_up",
		       &(struct md_take){.outcome = "支援継続中",
					 .method = "電話"});
}

/* An evaluation that sends the plan back (再プラン): the rounds made
 * ready for the new course. */
static void
replan_effects_are_what_take_stores__001_9_9(void **state)
{
	struct th_env *env = *state;
	long long id = open_case(env, "佐藤 花子");
	fill(env, id, "reception", reception_signed);
	same_as_stored(env, &consultant, id, "application", NULL);
	same_as_stored(env, &consultant, id, "triage",
		       &(struct md_take){.outcome = "継続支援"});
	fill(env, id, "intake", intake_complete);
	same_as_stored(env, &consultant, id, "assessment", NULL);
	same_as_stored(env, &consultant, id, "screening",
		       &(struct md_take){.outcome = "プラン作成(継続支援)"});
	fill(env, id, "plan", plan_plain);
	same_as_stored(env, &consultant, id, "plan_draft", NULL);
	same_as_stored(env, &consultant, id, "agreement", NULL);
	same_as_stored(env, &chief, id, "meeting",
		       &(struct md_take){.outcome = "承認"});
	same_as_stored(env, &chief, id, "decision",
		       &(struct md_take){.outcome = "決定"});
	same_as_stored(env, &consultant, id, "support", NULL);
	fill(env, id, "evaluation",
	     (const char *const[]){"remaining", "課題が変わった", "result",
				   "再プラン", NULL});
	same_as_stored(env, &consultant, id, "evaluation", NULL);
	same_as_stored(env, &consultant, id, "replan", NULL);
}

/* A referral at triage: an agency of the catalogue, the case closed. */
static void
referral_effects_are_what_take_stores__001_9_3(void **state)
{
	struct th_env *env = *state;
	long long id = open_case(env, "鈴木 一郎");
	fill(env, id, "reception", reception_signed);
	same_as_stored(env, &consultant, id, "application", NULL);
	same_as_stored(env, &consultant, id, "triage",
		       &(struct md_take){.outcome = "他制度・他機関へつなぐ",
					 .agency = "ハローワーク"});
}

/* A stored case running the track beside the individual process (004
 * §5(7)): each step's effects are what md_workflow_take stores, a track
 * step leaves the case's stage, and the individual process going back
 * (支援調整会議 再検討, 001 第9条(6)) leaves the track's steps as they were. */
static void
a_track_beside_the_individual_process_is_left_as_it_is__004_5_7(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	long long id = open_case(env, "高橋 一郎");
	fill(env, id, "reception", reception_signed);
	same_as_stored(env, &consultant, id, "application", NULL);
	same_as_stored(env, &consultant, id, "triage",
		       &(struct md_take){.outcome = "継続支援"});
	same_as_stored(env, &consultant, id, "collab_coordination",
		       &(struct md_take){.outcome = "多機関協働で進める"});
	same_as_stored(env, &consultant, id, "collab_assessment", NULL);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT stage FROM cases WHERE id = %lld",
		 id);
	assert_string_equal(text_of(env, sql), "triage");
	fill(env, id, "intake", intake_complete);
	same_as_stored(env, &consultant, id, "assessment", NULL);
	same_as_stored(env, &consultant, id, "screening",
		       &(struct md_take){.outcome = "プラン作成(継続支援)"});
	fill(env, id, "plan", plan_plain);
	same_as_stored(env, &consultant, id, "plan_draft", NULL);
	same_as_stored(env, &consultant, id, "agreement", NULL);
	same_as_stored(env, &chief, id, "meeting",
		       &(struct md_take){.outcome = "再検討",
					 .reason = "目標を見直す"});
	struct md_flow flow;
	th_assert_ok(md_workflow_status(env->db, &consultant, wf, id, &flow,
					&err),
		     &err);
	for (size_t i = 0; i < flow.nsteps; i++) {
		const char *sid = flow.steps[i].step->id;
		if (!strcmp(sid, "collab_coordination") ||
		    !strcmp(sid, "collab_assessment") ||
		    !strcmp(sid, "screening"))
			assert_int_equal(flow.steps[i].state, MD_STEP_DONE);
		if (!strcmp(sid, "plan_draft") || !strcmp(sid, "collab_policy"))
			assert_int_equal(flow.steps[i].state, MD_STEP_OPEN);
	}
	assert_int_equal(flow.tracks[0].state, MD_TRACK_ACTIVE);
	md_flow_fini(&flow);
	assert_string_equal(text_of(env, sql), "meeting");
}

/* ---- 004 §5(7): the 多機関協働 track, with no database ------------------- */

/* The state of step_id in m as it stands, its why in why. */
static enum md_step_state
mem_step(struct mem_case *m, const char *step_id, char *why, size_t size)
{
	struct md_wf_case *c = mem_replay(m);
	enum md_step_state st = mem_state(c, step_id, why, size);
	md_wf_case_free(&c);
	return st;
}

/* The state of the track (the definition's first) in m, its words in text. */
static enum md_track_state
mem_track(struct mem_case *m, char *text, size_t size)
{
	struct md_wf_case *c = mem_replay(m);
	struct md_flow flow;
	struct md_err err;
	th_assert_ok(md_wf_case_flow(c, &consultant, 1, &flow, &err), &err);
	assert_true(flow.ntracks >= 1);
	assert_true(flow.tracks[0].track == md_workflow_track(wf, 0));
	enum md_track_state st = flow.tracks[0].state;
	snprintf(text, size, "%s", flow.tracks[0].text);
	md_flow_fini(&flow);
	md_wf_case_free(&c);
	return st;
}

/* Take step_id with outcome (or NULL) on day, as the consultant; it must
 * succeed, and the case stays open at the stage it had (a track step is
 * not the individual process's place). */
static void
mem_track_take(struct mem_case *m, const char *step_id, const char *outcome,
	       const char *day, const char *stage)
{
	struct md_wf_effects fx;
	struct md_err err;
	struct md_take t = {.outcome = outcome, .date = day};
	th_assert_ok(mem_take(m, &consultant, step_id, &t, &fx, &err), &err);
	assert_false(fx.cols.closed);
	assert_string_equal(fx.cols.stage, stage);
	md_wf_effects_fini(&fx);
}

/* Take step_id, which must be refused with status, the message holding
 * want. */
static void
mem_refused(struct mem_case *m, const char *step_id, const struct md_take *t,
	    enum md_status status, const char *want)
{
	struct md_wf_effects fx;
	struct md_err err;
	size_t before = m->nevents;
	assert_int_equal(mem_take(m, &consultant, step_id, t, &fx, &err),
			 status);
	th_assert_contains(err.msg, want);
	assert_int_equal(m->nevents, before);
}

static const char *const collab_sheet[] = {"issues", "世帯の課題を整理した",
					   "policy", "見守りと受診の支援",
					   NULL};

/* 004 §5(7) 1〜6: the whole track, from 事務局と調整 to 定着を確認して終結,
 * with a 支援会議 (and its 役割分担) for step 4, a monitoring that finds a
 * new issue going back to 課題整理と支援方針, and the track ending while the
 * case stays open at the stage it had. */
static void
the_collab_track_runs_beside_the_case__004_5_7(void **state)
{
	(void)state;
	struct mem_case m;
	char why[2048];
	mem_opened(&m);
	assert_int_equal(mem_track(&m, why, sizeof why), MD_TRACK_NOT_STARTED);
	th_assert_contains(why,
			   "未開始(「事務局と調整」か「危険度・緊急度の判断」から始めます)");
	assert_int_equal(mem_step(&m, "collab_coordination", why, sizeof why),
			 MD_STEP_OPEN);

	/* A step of the track out of order is refused with its reason. */
	mem_refused(&m, "collab_policy", &(struct md_take){.outcome = "1"},
		    MD_ERR_CLOSED,
		    "課題整理と支援方針は、参集とつなぎ元のアセスメントを記録してから作成します(004 §5(7) 2・3)");
	mem_refused(&m, "collab_assessment", NULL, MD_ERR_CLOSED,
		    "事務局との調整で「多機関協働で進める」としてから");

	mem_track_take(&m, "collab_coordination", "多機関協働で進める",
		       "2026-03-21", "reception");
	assert_int_equal(mem_track(&m, why, sizeof why), MD_TRACK_ACTIVE);
	th_assert_contains(why, "進行中(令和8年3月21日から)");
	mem_track_take(&m, "collab_assessment", NULL, "2026-03-22",
		       "reception");

	/* 3: the sheet of 課題整理と支援方針 must be complete. */
	assert_int_equal(mem_step(&m, "collab_policy", why, sizeof why),
			 MD_STEP_OPEN);
	mem_refused(&m, "collab_policy",
		    &(struct md_take){.outcome = "支援会議にかける"},
		    MD_ERR_INVALID, "未完成");
	mem_save(&m, "collab", 1, 40, true, collab_sheet);
	mem_track_take(&m, "collab_policy", "支援会議にかける", "2026-03-23",
		       "reception");

	/* 4: a 支援会議 held for the person after the policy, with its
	 * 役割分担; one held before the policy does not count. */
	assert_int_equal(mem_step(&m, "collab_meeting", why, sizeof why),
			 MD_STEP_CLOSED);
	th_assert_contains(why, "課題整理と支援方針の日以後に開いた支援会議");
	th_assert_contains(why, "その支援会議で決めた役割分担");
	m.meetings[m.nmeetings++] = (struct mem_meeting){"shien", "2026-03-22",
							 true};
	assert_int_equal(mem_step(&m, "collab_meeting", why, sizeof why),
			 MD_STEP_CLOSED);
	th_assert_contains(why, "課題整理と支援方針の日以後に開いた支援会議");
	m.meetings[m.nmeetings++] = (struct mem_meeting){"shien", "2026-03-25",
							 false};
	assert_int_equal(mem_step(&m, "collab_meeting", why, sizeof why),
			 MD_STEP_CLOSED);
	assert_null(strstr(why, "課題整理と支援方針の日以後に開いた支援会議"));
	th_assert_contains(why, "その支援会議で決めた役割分担");
	/* Another type of meeting is no 支援会議. */
	m.meetings[m.nmeetings++] = (struct mem_meeting){"chosei", "2026-03-24",
							 true};
	assert_int_equal(mem_step(&m, "collab_meeting", why, sizeof why),
			 MD_STEP_CLOSED);
	m.meetings[1].tasks = true;
	assert_int_equal(mem_step(&m, "collab_meeting", why, sizeof why),
			 MD_STEP_OPEN);
	mem_refused(&m, "collab_meeting",
		    &(struct md_take){.date = "2026-03-24"}, MD_ERR_INVALID,
		    "支援会議で役割分担の日付(令和8年3月24日)は、この手順が必要とする会議の日(令和8年3月25日)より前です");
	mem_track_take(&m, "collab_meeting", NULL, "2026-03-25", "reception");

	/* 5: monitoring, again and again; a new issue goes back to 3 (and a
	 * new 支援会議 is needed), never over the individual process. */
	mem_track_take(&m, "collab_monitoring", "支援を続ける", "2026-03-26",
		       "reception");
	mem_refused(&m, "collab_monitoring",
		    &(struct md_take){.outcome = "新たな課題あり"},
		    MD_ERR_INVALID, "理由が必要です");
	struct md_wf_effects fx;
	struct md_err err;
	th_assert_ok(mem_take(&m, &consultant, "collab_monitoring",
			      &(struct md_take){.outcome = "新たな課題あり",
						.reason = "子の不登校",
						.date = "2026-03-27"},
			      &fx, &err),
		     &err);
	md_wf_effects_fini(&fx);
	assert_int_equal(mem_step(&m, "collab_policy", why, sizeof why),
			 MD_STEP_OPEN);
	assert_int_equal(mem_step(&m, "collab_assessment", why, sizeof why),
			 MD_STEP_DONE);
	assert_int_equal(mem_step(&m, "reception", why, sizeof why),
			 MD_STEP_DONE);
	mem_track_take(&m, "collab_policy", "支援会議にかける", "2026-03-28",
		       "reception");
	assert_int_equal(mem_step(&m, "collab_meeting", why, sizeof why),
			 MD_STEP_CLOSED);
	m.meetings[m.nmeetings++] = (struct mem_meeting){"shien", "2026-03-29",
							 true};
	mem_track_take(&m, "collab_meeting", NULL, "2026-03-29", "reception");
	mem_track_take(&m, "collab_monitoring", "支援を続ける", "2026-03-30",
		       "reception");

	/* 6: the track ends; the case does not. */
	mem_track_take(&m, "collab_closure", NULL, "2026-03-31", "reception");
	assert_int_equal(mem_track(&m, why, sizeof why), MD_TRACK_ENDED);
	th_assert_contains(why,
			   "終了(令和8年3月31日 定着を確認して終結: 支援の定着を確認した)");
	assert_int_equal(mem_step(&m, "collab_monitoring", why, sizeof why),
			 MD_STEP_CLOSED);
	th_assert_contains(why,
			   "多機関協働はこのケースでは終了しています(令和8年3月31日 定着を確認して終結");
	mem_refused(&m, "collab_monitoring",
		    &(struct md_take){.outcome = "支援を続ける"}, MD_ERR_CLOSED,
		    "多機関協働はこのケースでは終了しています");
	struct md_wf_case *c = mem_replay(&m);
	assert_false(md_wf_case_closed(c));
	md_wf_case_free(&c);
	/* The individual process goes on as it would have. */
	assert_int_equal(mem_step(&m, "triage", why, sizeof why), MD_STEP_OPEN);
	mem_track_take(&m, "triage", "継続支援", "2026-04-01", "triage");
	mem_fini(&m);
}

/* 004 §5(7) 緊急時の流れ: 1 危険度・緊急度の判断, 2 発見した機関が対応もしく
 * は連携を要請, 3 緊急対応終了, 4 多機関協働事務局と調整 (the track's
 * 事務局と調整); or no urgency and straight to 調整; or the urgent response
 * ends it. */
static void
the_urgent_route_joins_the_track__004_5_7(void **state)
{
	(void)state;
	struct mem_case m;
	char why[2048];
	mem_opened(&m);
	mem_track_take(&m, "collab_urgency", "緊急対応が必要", "2026-03-20",
		       "reception");
	assert_int_equal(mem_track(&m, why, sizeof why), MD_TRACK_ACTIVE);
	th_assert_contains(why, "進行中(令和8年3月20日から)");
	mem_refused(&m, "collab_coordination",
		    &(struct md_take){.outcome = "1"}, MD_ERR_CLOSED,
		    "緊急対応が必要と判断したケースは、緊急対応終了(「多機関協働事務局と調整する」)を記録してから事務局と調整します(004 §5(7) 緊急時の流れ 3・4)");
	mem_refused(&m, "collab_urgent_end", &(struct md_take){.outcome = "1"},
		    MD_ERR_CLOSED,
		    "発見した機関の対応・連携要請を記録してから");
	/* 連携を要請 names the agency asked. */
	mem_refused(&m, "collab_urgent_response",
		    &(struct md_take){.outcome = "連携を要請"}, MD_ERR_INVALID,
		    "「連携を要請」にはつなぎ先(関係機関)が必要です");
	struct md_wf_effects fx;
	struct md_err err;
	th_assert_ok(mem_take(&m, &consultant, "collab_urgent_response",
			      &(struct md_take){.outcome = "連携を要請",
						.agency = "福祉事務所",
						.date = "2026-03-20"},
			      &fx, &err),
		     &err);
	assert_string_equal(fx.event.agency, "福祉事務所");
	md_wf_effects_fini(&fx);
	mem_track_take(&m, "collab_urgent_end", "多機関協働事務局と調整する",
		       "2026-03-22", "reception");
	assert_int_equal(mem_step(&m, "collab_coordination", why, sizeof why),
			 MD_STEP_OPEN);
	/* Never before the urgent response ended. */
	mem_refused(&m, "collab_coordination",
		    &(struct md_take){.outcome = "1", .date = "2026-03-21"},
		    MD_ERR_INVALID, "先に行った「緊急対応終了」の日");
	mem_track_take(&m, "collab_coordination", "多機関協働で進める",
		       "2026-03-23", "reception");
	assert_int_equal(mem_step(&m, "collab_assessment", why, sizeof why),
			 MD_STEP_OPEN);
	assert_int_equal(mem_step(&m, "collab_urgency", why, sizeof why),
			 MD_STEP_DONE);
	mem_fini(&m);

	/* Not urgent: straight to the secretariat. */
	mem_opened(&m);
	mem_track_take(&m, "collab_urgency", "緊急性は高くない", "2026-03-20",
		       "reception");
	assert_int_equal(mem_step(&m, "collab_urgent_response", why,
				  sizeof why),
			 MD_STEP_CLOSED);
	assert_int_equal(mem_step(&m, "collab_coordination", why, sizeof why),
			 MD_STEP_OPEN);
	mem_fini(&m);

	/* The urgent response was enough: the track ends, the case not. */
	mem_opened(&m);
	mem_track_take(&m, "collab_urgency", "緊急対応が必要", "2026-03-20",
		       "reception");
	mem_track_take(&m, "collab_urgent_response", "発見した機関が対応",
		       "2026-03-20", "reception");
	mem_track_take(&m, "collab_urgent_end", "緊急対応で終える",
		       "2026-03-21", "reception");
	assert_int_equal(mem_track(&m, why, sizeof why), MD_TRACK_ENDED);
	th_assert_contains(why, "緊急対応終了: 緊急対応で終える");
	assert_int_equal(mem_step(&m, "collab_coordination", why, sizeof why),
			 MD_STEP_CLOSED);
	th_assert_contains(why, "多機関協働はこのケースでは終了しています");
	struct md_wf_case *c = mem_replay(&m);
	assert_false(md_wf_case_closed(c));
	md_wf_case_free(&c);
	mem_fini(&m);
}

/* 004 §5(7): 「つなぎ元の機関に戻す」, at 事務局と調整 (1) or after the
 * issues are sorted out against 図4 (3), ends the track with its reason;
 * the case stays open and its individual process goes on. */
static void
returning_to_the_referrer_ends_the_track_not_the_case__004_5_7(void **state)
{
	(void)state;
	struct mem_case m;
	char why[2048];
	mem_opened(&m);
	mem_refused(&m, "collab_coordination",
		    &(struct md_take){.outcome = "つなぎ元の機関に戻す"},
		    MD_ERR_INVALID,
		    "「つなぎ元の機関に戻す」には理由が必要です");
	struct md_wf_effects fx;
	struct md_err err;
	th_assert_ok(mem_take(&m, &consultant, "collab_coordination",
			      &(struct md_take){.outcome =
							"つなぎ元の機関に戻す",
						.reason = "図4 の対象外",
						.agency = "福祉事務所",
						.date = "2026-03-21"},
			      &fx, &err),
		     &err);
	assert_false(fx.cols.closed);
	assert_string_equal(fx.cols.stage, "reception");
	assert_string_equal(fx.cols.closed_on, "");
	md_wf_effects_fini(&fx);
	assert_int_equal(mem_track(&m, why, sizeof why), MD_TRACK_ENDED);
	th_assert_contains(why,
			   "終了(令和8年3月21日 事務局と調整: つなぎ元の機関に戻す(関係機関: 福祉事務所)。理由: 図4 の対象外)");
	assert_int_equal(mem_step(&m, "collab_assessment", why, sizeof why),
			 MD_STEP_CLOSED);
	th_assert_contains(why, "多機関協働はこのケースでは終了しています");
	assert_int_equal(mem_step(&m, "collab_urgency", why, sizeof why),
			 MD_STEP_CLOSED);
	struct md_wf_case *c = mem_replay(&m);
	assert_false(md_wf_case_closed(c));
	md_wf_case_free(&c);
	mem_save(&m, "reception", 1, 7, true, reception_signed);
	assert_int_equal(mem_step(&m, "application", why, sizeof why),
			 MD_STEP_OPEN);
	mem_track_take(&m, "application", NULL, "2026-03-22", "application");
	mem_fini(&m);

	/* At 3, after the issues are sorted out. */
	mem_opened(&m);
	mem_track_take(&m, "collab_coordination", "多機関協働で進める",
		       "2026-03-21", "reception");
	mem_track_take(&m, "collab_assessment", NULL, "2026-03-22",
		       "reception");
	mem_save(&m, "collab", 1, 41, true, collab_sheet);
	th_assert_ok(mem_take(&m, &consultant, "collab_policy",
			      &(struct md_take){.outcome =
							"つなぎ元の機関に戻す",
						.reason =
							"担当部局のみで対応できる",
						.date = "2026-03-23"},
			      &fx, &err),
		     &err);
	assert_false(fx.cols.closed);
	md_wf_effects_fini(&fx);
	assert_int_equal(mem_track(&m, why, sizeof why), MD_TRACK_ENDED);
	th_assert_contains(why,
			   "課題整理と支援方針: つなぎ元の機関に戻す。理由: 担当部局のみで対応できる");
	assert_int_equal(mem_step(&m, "collab_meeting", why, sizeof why),
			 MD_STEP_CLOSED);
	th_assert_contains(why, "多機関協働はこのケースでは終了しています");
	assert_int_equal(mem_step(&m, "collab_assessment", why, sizeof why),
			 MD_STEP_DONE);
	mem_fini(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_case_in_memory_follows_the_definition,
						setup, teardown),
		cmocka_unit_test_setup_teardown(effects_are_what_take_stores__001_9,
						setup, teardown),
		cmocka_unit_test_setup_teardown(referral_effects_are_what_take_stores__001_9_3,
						setup, teardown),
		cmocka_unit_test_setup_teardown(replan_effects_are_what_take_stores__001_9_9,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_collab_track_runs_beside_the_case__004_5_7,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_track_beside_the_individual_process_is_left_as_it_is__004_5_7,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_urgent_route_joins_the_track__004_5_7,
						setup, teardown),
		cmocka_unit_test_setup_teardown(returning_to_the_referrer_ends_the_track_not_the_case__004_5_7,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
