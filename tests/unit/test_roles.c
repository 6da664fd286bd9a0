/*
 * Roles, enforced in the core: every core operation that reads or changes a
 * case (and those on accounts, agencies and the audit log) called as each
 * role, as an account disabled after it logged in, and as no one, and
 * allowed or refused exactly as the rules say:
 *
 *   - every active member of staff reads and writes cases (001 第5条〜第8条:
 *     相談支援員, 主任相談支援員, 就労支援員 all keep the record; the
 *     administrator records プラン決定 and 支援決定 for the head of the ward);
 *   - a step only by the roles forms/workflow.ini gives it (振り分け: not
 *     the administrator); reopening a closed case: 主任 or 管理者;
 *   - accounts, agencies and the audit log: the administrator only;
 *   - a disabled account: nothing (MD_ERR_DISABLED), even with a session
 *     that began before it was disabled; no account: nothing.
 *
 * A refusal changes nothing but the audit log's row of the refusal.
 */
#include "helpers.h"

#include "madoguchi/agencies.h"
#include "madoguchi/audit.h"
#include "madoguchi/contacts.h"
#include "madoguchi/counts.h"
#include "madoguchi/drafts.h"
#include "madoguchi/entries.h"
#include "madoguchi/export.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/records.h"
#include "madoguchi/search.h"
#include "madoguchi/workflow.h"

/* The actors, in the order of each rule's letters. */
enum actor {
	CONSULTANT,
	CHIEF,
	EMPLOYMENT,
	ADMIN,
	DISABLED,
	NOBODY,
	NACTORS
};
static const char *const actor_names[NACTORS] = {"相談支援員",
						 "主任相談支援員",
						 "就労支援員",
						 "管理者",
						 "無効にされた職員",
						 "ログインしていない者"};

struct fixture {
	struct th_env *env;
	struct md_forms *forms;
	struct md_workflow *wf;
	struct md_user users[NACTORS]; /* NOBODY unused */
	long long case_id;             /* with a saved 第1号様式 */
	long long record_id;           /* that record */
	int serial;                    /* for names made per call */
	long long stored, denied;      /* before the call under test */
};

static long long stored(struct md_db *db);
static long long
denied_count(struct md_db *db)
{
	return th_int(db,
		      "SELECT count(*) FROM audit_log WHERE action = 'denied'");
}

/* What is stored just before the call under test: after what an operation
 * prepares as someone allowed (a fresh case, a fresh account). */
static void
before_call(struct fixture *fx)
{
	fx->stored = stored(fx->env->db);
	fx->denied = denied_count(fx->env->db);
}

static const struct md_user *
who(struct fixture *fx, enum actor a)
{
	return a == NOBODY ? NULL : &fx->users[a];
}

/* A fresh case opened by the consultant (as at the counter). */
static long long
fresh_case(struct fixture *fx)
{
	struct md_values p;
	struct md_err err;
	long long id = 0;
	char name[64];
	snprintf(name, sizeof name, "役割 試験%d", ++fx->serial);
	md_values_init(&p);
	md_values_set(&p, "name", name, NULL);
	md_values_set(&p, "kana", "やくわり しけん", NULL);
	th_assert_ok(md_workflow_open_case(fx->env->db, &fx->users[CONSULTANT],
					   fx->wf, fx->forms, 0, &p, &id, NULL,
					   &err),
		     &err);
	md_values_fini(&p);
	return id;
}

/* A fresh account for the operations on accounts to act on. */
static const char *
fresh_login(struct fixture *fx)
{
	static char login[32];
	struct md_err err;
	snprintf(login, sizeof login, "tmp%d", ++fx->serial);
	th_assert_ok(md_user_add(fx->env->db, &fx->env->admin, login, login,
				 MD_ROLE_CONSULTANT, "password-1", NULL, &err),
		     &err);
	return login;
}

/* ---- The operations: each prepares what it needs as someone allowed,
 * then does the one thing under test as the actor. */

static enum md_status
op_case_create(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_values p;
	long long id;
	md_values_init(&p);
	md_values_set(&p, "name", "新規 太郎", NULL);
	md_values_set(&p, "kana", "しんき たろう", NULL);
	enum md_status rc = md_case_create(fx->env->db, u, fx->forms, 0, &p,
					   &id, NULL, err);
	md_values_fini(&p);
	return rc;
}

static enum md_status
op_open_case(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_values p;
	long long id;
	md_values_init(&p);
	md_values_set(&p, "name", "受付 花子", NULL);
	md_values_set(&p, "kana", "うけつけ はなこ", NULL);
	enum md_status rc = md_workflow_open_case(fx->env->db, u, fx->wf,
						  fx->forms, 0, &p, &id, NULL,
						  err);
	md_values_fini(&p);
	return rc;
}

static enum md_status
op_case_get(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_case c;
	enum md_status rc = md_case_get(fx->env->db, u, fx->case_id, &c, err);
	if (rc == MD_OK)
		md_case_fini(&c);
	return rc;
}

static enum md_status
op_case_search(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_case_filter f = {.text = "やくわり"};
	struct md_case_row *rows = NULL;
	size_t n = 0;
	enum md_status rc = md_case_search(fx->env->db, u, &f, NULL, 20, &rows,
					   &n, err);
	md_case_rows_free(rows, n);
	return rc;
}

static enum md_status
op_person_similar(struct fixture *fx, const struct md_user *u,
		  struct md_err *err)
{
	struct md_case_row *rows = NULL;
	size_t n = 0;
	enum md_status rc = md_person_similar(fx->env->db, u, "やくわり しけん",
					      NULL, &rows, &n, err);
	md_case_rows_free(rows, n);
	return rc;
}

static enum md_status
op_entries_search(struct fixture *fx, const struct md_user *u,
		  struct md_err *err)
{
	struct md_entry_hit *hits = NULL;
	size_t n = 0;
	long long resume = 0;
	enum md_status rc = md_entries_search(fx->env->db, u, fx->forms, "家賃",
					      0, 20, &hits, &n, &resume, err);
	md_entry_hits_free(hits, n);
	return rc;
}

static enum md_status
op_status(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_flow flow;
	enum md_status rc = md_workflow_status(fx->env->db, u, fx->wf,
					       fx->case_id, &flow, err);
	if (rc == MD_OK)
		md_flow_fini(&flow);
	return rc;
}

static enum md_status
op_due(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_due *d = NULL;
	size_t n = 0;
	enum md_status rc = md_workflow_due(fx->env->db, u, 30, 50, &d, &n,
					    err);
	md_dues_free(d, n);
	return rc;
}

static enum md_status
op_record_open(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_record rec;
	enum md_status rc = md_record_open(fx->env->db, u, fx->forms,
					   fx->case_id, "reception",
					   MD_SEQ_LATEST, &rec, err);
	if (rc == MD_OK)
		md_record_fini(&rec);
	return rc;
}

static enum md_status
op_record_save(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_record rec;
	struct md_err oerr;
	th_assert_ok(md_record_open(fx->env->db, &fx->users[CONSULTANT],
				    fx->forms, fx->case_id, "reception",
				    MD_SEQ_LATEST, &rec, &oerr),
		     &oerr);
	char text[64];
	snprintf(text, sizeof text, "来談 %d", ++fx->serial);
	md_values_set(&rec.values, "visitor_name", text, NULL);
	bool saved = false;
	before_call(fx);
	enum md_status rc = md_record_save(fx->env->db, u, &rec, 0, &saved,
					   NULL, err);
	md_record_fini(&rec);
	return rc;
}

static enum md_status
op_person_update(struct fixture *fx, const struct md_user *u,
		 struct md_err *err)
{
	struct md_case c;
	struct md_err lerr;
	th_assert_ok(md_case_load(fx->env->db, fx->case_id, &c, &lerr), &lerr);
	struct md_values v;
	md_values_init(&v);
	char phone[32];
	snprintf(phone, sizeof phone, "03-1234-%04d", ++fx->serial);
	md_values_set(&v, "phone_home", phone, NULL);
	bool changed = false;
	before_call(fx);
	enum md_status rc = md_person_update(fx->env->db, u, c.person_id,
					     c.person.revision, &v,
					     1u << MD_PERSON_PHONE_HOME,
					     fx->case_id, &changed, err);
	md_values_fini(&v);
	md_case_fini(&c);
	return rc;
}

static enum md_status
op_history(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_revision *revs = NULL;
	size_t n = 0;
	enum md_status rc = md_record_history(fx->env->db, u, fx->forms,
					      fx->record_id, &revs, &n, err);
	md_revisions_free(revs, n);
	return rc;
}

static enum md_status
op_values_at(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_values v;
	md_values_init(&v);
	enum md_status rc = md_record_values_at(fx->env->db, u, fx->record_id,
						1, &v, err);
	md_values_fini(&v);
	return rc;
}

static enum md_status
op_draft_save(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_values v;
	md_values_init(&v);
	md_values_set(&v, "visitor_name", "下書きの来談者", NULL);
	enum md_status rc = md_draft_save(fx->env->db, u, fx->case_id,
					  "reception", 1, 1, &v, "visitor_name",
					  err);
	md_values_fini(&v);
	return rc;
}

static enum md_status
op_draft_load(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_draft d;
	bool found = false;
	enum md_status rc = md_draft_load(fx->env->db, u, fx->case_id,
					  "reception", 1, &d, &found, err);
	if (rc == MD_OK && found)
		md_draft_fini(&d);
	return rc;
}

static enum md_status
op_draft_list(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_draft *d = NULL;
	size_t n = 0;
	enum md_status rc = md_draft_list(fx->env->db, u, &d, &n, err);
	md_drafts_free(d, n);
	return rc;
}

static enum md_status
op_draft_discard(struct fixture *fx, const struct md_user *u,
		 struct md_err *err)
{
	return md_draft_discard(fx->env->db, u, fx->case_id, "reception", 1,
				err);
}

/* The draft of a contact (相談票) not yet saved: as a form's draft. */
static enum md_status
op_contact_draft_save(struct fixture *fx, const struct md_user *u,
		      struct md_err *err)
{
	struct md_values v;
	md_values_init(&v);
	md_values_set(&v, "description", "下書きの来談者", NULL);
	enum md_status rc = md_contact_draft_save(fx->env->db, u, 0, 0, &v,
						  "description", err);
	md_values_fini(&v);
	return rc;
}

static enum md_status
op_contact_draft_load(struct fixture *fx, const struct md_user *u,
		      struct md_err *err)
{
	struct md_contact_draft d;
	bool found = false;
	enum md_status rc = md_contact_draft_load(fx->env->db, u, 0, &d, &found,
						  err);
	if (rc == MD_OK && found)
		md_contact_draft_fini(&d);
	return rc;
}

static enum md_status
op_contact_draft_list(struct fixture *fx, const struct md_user *u,
		      struct md_err *err)
{
	struct md_contact_draft *d = NULL;
	size_t n = 0;
	enum md_status rc = md_contact_draft_list(fx->env->db, u, &d, &n, err);
	md_contact_drafts_free(d, n);
	return rc;
}

static enum md_status
op_contact_draft_discard(struct fixture *fx, const struct md_user *u,
			 struct md_err *err)
{
	return md_contact_draft_discard(fx->env->db, u, 0, err);
}

/* The counts of a year (issue 20): any active member of staff; the figures
 * name no one. */
static enum md_status
op_count(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_diags diags;
	struct md_contact_defs *c = NULL;
	struct md_household_defs *h = NULL;
	struct md_meeting_defs *m = NULL;
	struct md_count_defs *d = NULL;
	md_diags_init(&diags);
	th_assert_ok(md_contact_defs_load(TOP_DIR "/forms/contacts.ini",
					  fx->forms, &c, &diags, err),
		     err);
	th_assert_ok(md_household_defs_load(TOP_DIR "/forms/households.ini",
					    fx->forms, &h, &diags, err),
		     err);
	th_assert_ok(md_meeting_defs_load(TOP_DIR "/forms/meetings.ini", &m,
					  &diags, err),
		     err);
	const struct md_count_sources src = {fx->forms, fx->wf, c, h, m};
	th_assert_ok(md_count_defs_load(TOP_DIR "/forms/counts.ini", &src, &d,
					&diags, err),
		     err);
	md_diags_fini(&diags);
	const struct md_count_query q = {.from = "R7.4.1", .to = "R8.3.31"};
	struct md_count_report r;
	enum md_status rc = md_count_run(fx->env->db, u, d, &q, &r, err);
	if (rc == MD_OK)
		md_count_report_free(&r);
	md_count_defs_free(&d);
	md_meeting_defs_free(&m);
	md_household_defs_free(&h);
	md_contact_defs_free(&c);
	return rc;
}

/* 振り分け: consultant, chief, employment (forms/workflow.ini). */
static enum md_status
op_step_triage(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	long long id = fresh_case(fx);
	struct md_take t = {.outcome = "情報提供のみで終了"};
	before_call(fx);
	return md_workflow_take(fx->env->db, u, fx->wf, fx->forms, id, "triage",
				&t, err);
}

/* A closed case reopened: 主任相談支援員 or 管理者. */
static enum md_status
op_reopen(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	long long id = fresh_case(fx);
	struct md_take t = {.outcome = "情報提供のみで終了"};
	struct md_err terr;
	th_assert_ok(md_workflow_take(fx->env->db, &fx->users[CONSULTANT],
				      fx->wf, fx->forms, id, "triage", &t,
				      &terr),
		     &terr);
	before_call(fx);
	return md_workflow_reopen(fx->env->db, u, fx->wf, id, "再び来所", err);
}

static enum md_status
op_export_form(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_export_options o = {.encoding = MD_CSV_UTF8_BOM,
				      .force = true};
	return md_export_form(fx->env->db, u, fx->forms, fx->case_id,
			      "reception", 1, th_path("form.csv"), &o, err);
}

static enum md_status
op_export_caselist(struct fixture *fx, const struct md_user *u,
		   struct md_err *err)
{
	struct md_export_options o = {.encoding = MD_CSV_UTF8_BOM,
				      .force = true};
	return md_export_caselist(fx->env->db, u, th_path("list.csv"), &o, err);
}

static enum md_status
op_audit_list(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_audit_filter f = {.case_id = fx->case_id};
	struct md_audit_row *rows = NULL;
	size_t n = 0;
	enum md_status rc = md_audit_list(fx->env->db, u, &f, 0, 50, &rows, &n,
					  err);
	md_audit_rows_free(rows, n);
	return rc;
}

static enum md_status
op_export_audit(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_audit_filter f = {0};
	struct md_export_options o = {.encoding = MD_CSV_UTF8_BOM,
				      .force = true};
	return md_export_audit(fx->env->db, u, &f, th_path("audit.csv"), &o,
			       err);
}

static enum md_status
op_agency_add(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	char name[64];
	snprintf(name, sizeof name, "試験の窓口%d", ++fx->serial);
	return md_agency_add(fx->env->db, u, md_workflow_agency_kinds(fx->wf),
			     &(const struct md_agency_in){.name = name,
							  .kind = "行政"},
			     err);
}

static enum md_status
op_agencies_import(struct fixture *fx, const struct md_user *u,
		   struct md_err *err)
{
	char text[128];
	snprintf(text, sizeof text,
		 "名称,種別,電話,住所\n取込の窓口%d,行政,,\n", ++fx->serial);
	size_t added;
	return md_agencies_import(fx->env->db, u,
				  md_workflow_agency_kinds(fx->wf),
				  th_write("ag.csv", text), &added, err);
}

static enum md_status
op_user_add(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	char login[32];
	snprintf(login, sizeof login, "new%d", ++fx->serial);
	return md_user_add(fx->env->db, u, login, login, MD_ROLE_CONSULTANT,
			   "password-1", NULL, err);
}

static enum md_status
op_user_list(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_user *users = NULL;
	size_t n = 0;
	enum md_status rc = md_user_list(fx->env->db, u, &users, &n, err);
	md_user_list_free(users, n);
	return rc;
}

/* The names of staff, for the 担当 fields of the forms. */
static enum md_status
op_user_names(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	struct md_user *users = NULL;
	size_t n = 0;
	enum md_status rc = md_user_names(fx->env->db, u, &users, &n, err);
	md_user_list_free(users, n);
	return rc;
}

static enum md_status
op_user_disable(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	const char *login = fresh_login(fx);
	before_call(fx);
	return md_user_set_active(fx->env->db, u, login, false, err);
}

static enum md_status
op_passwd_other(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	const char *login = fresh_login(fx);
	before_call(fx);
	return md_user_passwd(fx->env->db, u, login, "another-pass1", err);
}

/* No one (NULL) here is the system administrator: root, as the command
 * line lets only a process of real user id 0 call it so. */
static enum md_status
op_unlock_other(struct fixture *fx, const struct md_user *u, struct md_err *err)
{
	const char *login = fresh_login(fx);
	before_call(fx);
	return md_user_unlock(fx->env->db, u, login, NULL, err);
}

/* ---- The table. Letters per actor: consultant, chief, employment, admin,
 * disabled, no one. y allowed, n refused (MD_ERR_DENIED), d refused as
 * disabled (MD_ERR_DISABLED). */
static const struct op {
	const char *name;
	const char *rule;
	enum md_status (*fn)(struct fixture *, const struct md_user *,
			     struct md_err *);
} ops[] = {
	{"ケースの作成 md_case_create", "yyyyd n", op_case_create},
	{"相談受付 md_workflow_open_case", "yyynd n", op_open_case},
	{"ケースの閲覧 md_case_get", "yyyyd n", op_case_get},
	{"ケースの検索 md_case_search", "yyyyd n", op_case_search},
	{"同一人物の確認 md_person_similar", "yyyyd n", op_person_similar},
	{"支援経過の検索 md_entries_search", "yyyyd n", op_entries_search},
	{"手順の確認 md_workflow_status", "yyyyd n", op_status},
	{"予定 md_workflow_due", "yyyyd n", op_due},
	{"様式を開く md_record_open", "yyyyd n", op_record_open},
	{"様式の保存 md_record_save", "yyyyd n", op_record_save},
	{"本人の情報の変更 md_person_update", "yyyyd n", op_person_update},
	{"履歴 md_record_history", "yyyyd n", op_history},
	{"ある版の値 md_record_values_at", "yyyyd n", op_values_at},
	{"下書きの保存 md_draft_save", "yyyyd n", op_draft_save},
	{"下書きの読み込み md_draft_load", "yyyyd n", op_draft_load},
	{"下書きの一覧 md_draft_list", "yyyyd n", op_draft_list},
	{"下書きの破棄 md_draft_discard", "yyyyd n", op_draft_discard},
	{"相談票の下書きの保存 md_contact_draft_save", "yyyyd n",
	 op_contact_draft_save},
	{"相談票の下書きの読み込み md_contact_draft_load", "yyyyd n",
	 op_contact_draft_load},
	{"相談票の下書きの一覧 md_contact_draft_list", "yyyyd n",
	 op_contact_draft_list},
	{"相談票の下書きの破棄 md_contact_draft_discard", "yyyyd n",
	 op_contact_draft_discard},
	{"件数の集計 md_count_run", "yyyyd n", op_count},
	{"振り分け md_workflow_take", "yyynd n", op_step_triage},
	{"ケースの再開 md_workflow_reopen", "nynyd n", op_reopen},
	{"様式の印刷 md_export_form", "yyyyd n", op_export_form},
	{"一覧の印刷 md_export_caselist", "yyyyd n", op_export_caselist},
	{"職員の名前 md_user_names", "yyyyd n", op_user_names},
	{"監査記録 md_audit_list", "nnnyd n", op_audit_list},
	{"監査記録の印刷 md_export_audit", "nnnyd n", op_export_audit},
	{"関係機関の登録 md_agency_add", "nnnyd n", op_agency_add},
	{"関係機関の取込 md_agencies_import", "nnnyd n", op_agencies_import},
	{"職員の登録 md_user_add", "nnnyd n", op_user_add},
	{"職員の一覧 md_user_list", "nnnyd n", op_user_list},
	{"職員を無効に md_user_set_active", "nnnyd n", op_user_disable},
	{"他の職員のパスワード md_user_passwd", "nnnyd n", op_passwd_other},
	{"一時停止の解除 md_user_unlock", "nnnyd y", op_unlock_other},
};

/* The rule letter of an op for an actor (the table skips a space). */
static char
rule_for(const struct op *op, enum actor a)
{
	return a == NOBODY ? op->rule[6] : op->rule[a];
}

/* Everything but the audit log, as one number that changes when any row
 * changes: what a refusal must leave alone. */
static long long
stored(struct md_db *db)
{
	return th_int(db, "SELECT (SELECT count(*) FROM cases) * 1000003"
			  " + (SELECT count(*) FROM persons) * 10007"
			  " + (SELECT count(*) FROM person_revisions) * 1009"
			  " + (SELECT count(*) FROM form_revisions) * 101"
			  " + (SELECT count(*) FROM workflow_events) * 13"
			  " + (SELECT count(*) FROM drafts) * 7"
			  " + (SELECT count(*) FROM contact_drafts) * 5"
			  " + (SELECT count(*) FROM agencies) * 3"
			  " + (SELECT count(*) FROM users)"
			  " + (SELECT total(active) FROM users) * 100000007");
}

static int
setup(void **state)
{
	th_setup(state);
	struct fixture *fx = calloc(1, sizeof *fx);
	fx->env = *state;
	struct md_err err;
	struct md_diags diags;
	fx->forms = th_forms("forms");
	md_diags_init(&diags);
	enum md_status rc = md_workflow_load(TOP_DIR "/forms/workflow.ini",
					     fx->forms, &fx->wf, &diags, &err);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
	static const struct {
		const char *login;
		enum md_role role;
	} staff[] = {{"soudan", MD_ROLE_CONSULTANT},
		     {"shunin", MD_ROLE_CHIEF},
		     {"shuro", MD_ROLE_EMPLOYMENT},
		     {"kanri2", MD_ROLE_ADMIN},
		     {"yameta", MD_ROLE_CONSULTANT}};
	for (int a = 0; a < NOBODY; a++)
		th_user(fx->env, staff[a].login, staff[a].role, &fx->users[a]);
	char path[4096];
	size_t added;
	snprintf(path, sizeof path, "%s/data/agencies.csv", TOP_DIR);
	th_assert_ok(md_agencies_import(fx->env->db, &fx->env->admin,
					md_workflow_agency_kinds(fx->wf), path,
					&added, &err),
		     &err);
	fx->case_id = fresh_case(fx);
	struct md_record rec;
	th_assert_ok(md_record_open(fx->env->db, &fx->users[CONSULTANT],
				    fx->forms, fx->case_id, "reception",
				    MD_SEQ_LATEST, &rec, &err),
		     &err);
	md_values_set(&rec.values, "visitor_name", "山田 花子", NULL);
	bool saved;
	th_assert_ok(md_record_save(fx->env->db, &fx->users[CONSULTANT], &rec,
				    0, &saved, NULL, &err),
		     &err);
	fx->record_id = rec.id;
	md_record_fini(&rec);
	/* Logged in, then disabled by the administrator: the session it holds
	 * (fx->users[DISABLED]) must open nothing more. */
	th_assert_ok(md_user_set_active(fx->env->db, &fx->env->admin, "yameta",
					false, &err),
		     &err);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	for (int a = 0; a < NOBODY; a++)
		md_user_fini(&fx->users[a]);
	md_workflow_free(&fx->wf);
	md_forms_free(&fx->forms);
	*state = fx->env;
	free(fx);
	return th_teardown(state);
}

static void
test_matrix(void **state)
{
	struct fixture *fx = *state;
	struct md_db *db = fx->env->db;
	int faults = 0, calls = 0;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		for (int a = 0; a < NACTORS; a++) {
			const struct op *op = &ops[i];
			char want = rule_for(op, (enum actor)a);
			before_call(fx);
			struct md_err err = {0};
			enum md_status rc = op->fn(fx, who(fx, (enum actor)a),
						   &err);
			calls++;
			enum md_status expect = want == 'y'   ? MD_OK
						: want == 'd' ? MD_ERR_DISABLED
							      : MD_ERR_DENIED;
			if (rc != expect) {
				fprintf(stderr,
					"# %s as %s: %s expected, %s: %s\n",
					op->name, actor_names[a],
					md_status_name(expect),
					md_status_name(rc), err.msg);
				faults++;
				continue;
			}
			if (want == 'y')
				continue;
			/* Refused: a message that says why, nothing stored
			 * changed but the record of the refusal. */
			if (!err.msg[0]) {
				fprintf(stderr,
					"# %s as %s: refused without a message\n",
					op->name, actor_names[a]);
				faults++;
			}
			if (stored(db) != fx->stored) {
				fprintf(stderr,
					"# %s as %s: refused, yet something stored changed\n",
					op->name, actor_names[a]);
				faults++;
			}
			long long denied = denied_count(db);
			/* A member of staff refused is on record (no one is
			 * not someone to put there). */
			if (a != NOBODY && denied != fx->denied + 1) {
				fprintf(stderr,
					"# %s as %s: %lld refusals audited, not 1\n",
					op->name, actor_names[a],
					denied - fx->denied);
				faults++;
			}
		}
	}
	fprintf(stderr, "# %d calls: %zu operations × %d actors\n", calls,
		sizeof ops / sizeof ops[0], NACTORS);
	assert_int_equal(faults, 0);
}

/* The step rules are data: the roles forms/workflow.ini gives the steps the
 * matrix takes, so that a change there shows here. */
static void
test_step_roles_are_the_definitions(void **state)
{
	struct fixture *fx = *state;
	const struct md_wf_step *triage = md_workflow_find(fx->wf, "triage");
	assert_non_null(triage);
	const struct op *take = NULL;
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].fn == op_step_triage)
			take = &ops[i];
	assert_non_null(take);
	for (int a = 0; a < DISABLED; a++) {
		bool may = triage->roles & (1u << fx->users[a].role);
		assert_int_equal(may, rule_for(take, (enum actor)a) == 'y');
	}
	/* And a chief-only step refuses everyone else, before its
	 * prerequisites are even looked at: 支援調整会議. */
	const struct md_wf_step *meeting = md_workflow_find(fx->wf, "meeting");
	assert_non_null(meeting);
	assert_int_equal(meeting->roles, 1u << MD_ROLE_CHIEF);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_step_roles_are_the_definitions,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
