/* The meeting screen (会議): one 80×24 screen to record a meeting of any
 * type of forms/meetings.ini — its type, basis, day, held or planned, place,
 * 招集者, who proposed it, what was shared, the decisions, the 主担当 and the
 * next date — and, once saved, its attendees (secrecy acknowledged where the
 * type requires it), the persons discussed (on consent or on the law, as
 * the type says), the 役割分担 and the minutes (000 第3条(2), 002, 003 §6,
 * 004 §3(6)(7), 別紙③; issue 19). Every rule is the core's: a refusal is
 * shown as the core words it, and what was typed stays. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/mem.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

#define LABEL_W 14

/* How a field is edited. */
enum mf_kind {
	MK_TYPE,     /* one of the types (new meetings only) */
	MK_BASIS,    /* one of the type's legal bases */
	MK_DATE,     /* typed, read as 和暦 */
	MK_HELD,     /* 開催した or 予定 */
	MK_TEXT,     /* typed in place */
	MK_FIXED,    /* shown only (招集者: who recorded it) */
	MK_PROPOSER, /* an agency typed, or a member of staff chosen */
};

enum mf {
	MF_TYPE,
	MF_BASIS,
	MF_ON,
	MF_HELD,
	MF_PLACE,
	MF_CONVENER,
	MF_PROPOSER,
	MF_SHARED,
	MF_DECISIONS,
	MF_LEAD,
	MF_NEXT,
	MF_N
};

/* The fields in the order of the screen, with the names the core gives
 * them in a refusal ("開催日: …"), "|" between several. */
static const struct {
	const char *label;
	enum mf_kind kind;
	const char *faults;
} fields[MF_N] = {
	[MF_TYPE] = {"種類", MK_TYPE, "種類"},
	[MF_BASIS] = {"根拠", MK_BASIS, "根拠"},
	[MF_ON] = {"開催日", MK_DATE, "開催日"},
	[MF_HELD] = {"開催・予定", MK_HELD, ""},
	[MF_PLACE] = {"場所", MK_TEXT, ""},
	[MF_CONVENER] = {"招集者", MK_FIXED, ""},
	[MF_PROPOSER] = {"提起", MK_PROPOSER, "提起した機関|提起した職員"},
	[MF_SHARED] = {"共有した内容", MK_TEXT, ""},
	[MF_DECISIONS] = {"決定事項", MK_TEXT, ""},
	[MF_LEAD] = {"主担当(機関)", MK_TEXT, "主担当"},
	[MF_NEXT] = {"次回", MK_DATE, "次回"},
};

/* What a row below the fields shows and does (a saved meeting only). */
enum mr_kind {
	MR_ATTENDEE,
	MR_ATTENDEE_ADD,
	MR_PERSON,
	MR_PERSON_ADD,
	MR_TASK,
	MR_TASK_ADD
};

struct mrow {
	enum mr_kind kind;
	size_t at; /* in the meeting's attendees, persons or tasks */
};

struct meetingscr {
	long long id; /* 0: not saved yet */
	struct md_meeting m;
	bool loaded;
	char *val[MF_N]; /* as on the screen ("" empty; held: "1" or "0") */
	char *was[MF_N]; /* as loaded */
	/* The proposer chosen here (NULL: unchanged): an agency as typed or
	 * a member of staff's login, the other "". */
	char *prop_agency, *prop_login;
	int fault; /* the field the last refusal named; -1 none */
	char *fault_msg;
	struct mrow *rows;
	size_t nrows;
	int focus, scroll;
	struct editor ed;
	bool editing;
	/* What the dialogs typed, kept until it is recorded (a refusal, or
	 * Esc, leaves it for the next time). */
	int a_way;
	char *a_login, *a_name, *a_agency;
	char *p_query, *p_note;
	char *t_what, *t_owner, *t_due;
};

static const enum ui_action meeting_actions[] = {ACT_HELP,  ACT_SAVE,
						 ACT_OPEN,  ACT_DONE,
						 ACT_PRINT, ACT_REFRESH,
						 ACT_BACK,  ACT_NONE};

static void
set_str(char **p, const char *v)
{
	char *n = md_strdup(v ? v : "");
	if (!n)
		return;
	md_free(*p);
	*p = n;
}

static const struct md_meeting_type *
type_of(const struct ui *ui, const struct meetingscr *ms)
{
	return md_meeting_type_find(ui->meetings, ms->val[MF_TYPE]);
}

static bool
typed(int i)
{
	return i < MF_N &&
	       (fields[i].kind == MK_TEXT || fields[i].kind == MK_DATE);
}

static bool
dirty(const struct meetingscr *ms)
{
	for (int i = 0; i < MF_N; i++)
		if (strcmp(ms->val[i] ? ms->val[i] : "",
			   ms->was[i] ? ms->was[i] : ""))
			return true;
	return ms->prop_agency || ms->prop_login;
}

static void
clear_fault(struct meetingscr *ms)
{
	ms->fault = -1;
	md_free(ms->fault_msg);
	ms->fault_msg = NULL;
}

/* Field i takes v, its fault cleared. */
static void
set_field(struct meetingscr *ms, int i, const char *v)
{
	set_str(&ms->val[i], v);
	if (ms->fault == i)
		clear_fault(ms);
}

static void
commit_editor(struct meetingscr *ms)
{
	if (!ms->editing)
		return;
	char *text = editor_text(&ms->ed);
	if (text && strcmp(text, ms->val[ms->focus]))
		set_field(ms, ms->focus, text);
	md_free(text);
}

static void
start_editor(struct meetingscr *ms)
{
	if (ms->editing)
		editor_fini(&ms->ed);
	ms->editing = typed(ms->focus);
	if (!ms->editing)
		return;
	editor_init(&ms->ed, ms->val[ms->focus], false);
	ms->ed.fresh = true;
}

static int
nitems(const struct meetingscr *ms)
{
	return MF_N + (int)ms->nrows;
}

static void
move_focus(struct meetingscr *ms, int to)
{
	if (to < 0)
		to = 0;
	if (to >= nitems(ms))
		to = nitems(ms) - 1;
	if (to == ms->focus)
		return;
	commit_editor(ms);
	ms->focus = to;
	start_editor(ms);
}

static void
add_row(struct meetingscr *ms, enum mr_kind kind, size_t at)
{
	struct mrow *p = md_realloc(ms->rows, (ms->nrows + 1) * sizeof *p);
	if (!p)
		return;
	ms->rows = p;
	ms->rows[ms->nrows++] = (struct mrow){kind, at};
}

/* A day stored (ISO) as typed on the screen (R8.4.1), into *p. */
static void
set_day(char **p, const char *iso)
{
	char *d = *iso ? md_display_date(iso, MD_DATE_SHORT) : NULL;
	set_str(p, d ? d : iso);
	md_free(d);
}

/* The fields of a new meeting: held today, convened by the user. */
static void
fields_new(struct ui *ui, struct meetingscr *ms)
{
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	for (int i = 0; i < MF_N; i++)
		set_str(&ms->val[i], "");
	set_day(&ms->val[MF_ON], today);
	set_str(&ms->val[MF_HELD], "1");
	set_str(&ms->val[MF_CONVENER], ui->user.display_name);
	for (int i = 0; i < MF_N; i++)
		set_str(&ms->was[i], ms->val[i]);
}

/* Meeting ms->id read again (audited as a view): every field as saved,
 * the rows of its lists. False (the message set) when it cannot be. */
static bool
meeting_load(struct ui *ui, struct meetingscr *ms)
{
	struct md_meeting m;
	struct md_err err;
	if (md_meeting_get(ui->db, &ui->user, ui->meetings, ui->households,
			   ms->id, &m, &err) != MD_OK) {
		ui_error(ui, &err);
		return false;
	}
	if (ms->loaded)
		md_meeting_fini(&ms->m);
	ms->m = m;
	ms->loaded = true;
	set_str(&ms->val[MF_TYPE], m.type_id);
	set_str(&ms->val[MF_BASIS], m.basis);
	set_day(&ms->val[MF_ON], m.on);
	set_str(&ms->val[MF_HELD], m.held ? "1" : "0");
	set_str(&ms->val[MF_PLACE], m.place);
	set_str(&ms->val[MF_CONVENER], m.convener);
	set_str(&ms->val[MF_PROPOSER], m.proposer);
	set_str(&ms->val[MF_SHARED], m.shared);
	set_str(&ms->val[MF_DECISIONS], m.decisions);
	set_str(&ms->val[MF_LEAD], m.lead);
	set_day(&ms->val[MF_NEXT], m.next_on);
	for (int i = 0; i < MF_N; i++)
		set_str(&ms->was[i], ms->val[i]);
	md_free(ms->prop_agency);
	md_free(ms->prop_login);
	ms->prop_agency = ms->prop_login = NULL;
	clear_fault(ms);
	md_free(ms->rows);
	ms->rows = NULL;
	ms->nrows = 0;
	for (size_t i = 0; i < m.nattendees; i++)
		add_row(ms, MR_ATTENDEE, i);
	add_row(ms, MR_ATTENDEE_ADD, 0);
	for (size_t i = 0; i < m.npersons; i++)
		add_row(ms, MR_PERSON, i);
	add_row(ms, MR_PERSON_ADD, 0);
	for (size_t i = 0; i < m.ntasks; i++)
		add_row(ms, MR_TASK, i);
	add_row(ms, MR_TASK_ADD, 0);
	if (ms->focus >= nitems(ms))
		ms->focus = nitems(ms) - 1;
	return true;
}

/* Read again with what is typed kept: each field changed on the screen
 * (and the proposer chosen, a fault shown) stays as typed over the
 * meeting as it is now, so that F2 saves just those. */
static bool
meeting_reload(struct ui *ui, struct meetingscr *ms)
{
	char *typed[MF_N] = {0};
	for (int i = 0; i < MF_N; i++)
		if (strcmp(ms->val[i], ms->was[i]))
			typed[i] = ms->val[i], ms->val[i] = NULL;
	char *agency = ms->prop_agency, *login = ms->prop_login;
	char *fault_msg = ms->fault_msg;
	int fault = ms->fault;
	ms->prop_agency = ms->prop_login = ms->fault_msg = NULL;
	bool ok = meeting_load(ui, ms);
	for (int i = 0; i < MF_N; i++)
		if (typed[i]) {
			md_free(ms->val[i]);
			ms->val[i] = typed[i];
		}
	ms->prop_agency = agency;
	ms->prop_login = login;
	md_free(ms->fault_msg);
	ms->fault_msg = fault_msg;
	ms->fault = fault;
	return ok;
}

/* What a type asks, on one line: whose consent, whose secrecy. */
static char *
type_rules(const struct md_meeting_type *t)
{
	return md_asprintf("%s  %s  %s", t->label,
			   !t->persons           ? "個人は取り上げない"
			   : t->consent_required ? "本人の同意: 必要"
						 : "本人の同意: 不要(法的根拠)",
			   t->secrecy_required ? "守秘義務の確認: 必要" : "");
}

/* The text of field i when not edited. */
static char *
field_text(const struct ui *ui, const struct meetingscr *ms, int i)
{
	const char *v = ms->val[i] ? ms->val[i] : "";
	switch (fields[i].kind) {
	case MK_TYPE: {
		const struct md_meeting_type *t = type_of(ui, ms);
		if (t)
			return type_rules(t);
		return md_strdup(*v ? v : "(Enter で選ぶ)");
	}
	case MK_BASIS: {
		const struct md_meeting_type *t = type_of(ui, ms);
		if (*v || !t)
			return md_strdup(v);
		return md_strdup(t->nbases ? "(Enter で選ぶ)"
					   : "(なし: 法的根拠のない会議)");
	}
	case MK_HELD:
		return md_strdup(strcmp(v, "1") ? "予定(これから開く)"
						: "開催した");
	case MK_DATE: {
		/* Read back in 和暦 beside what was typed. */
		struct md_date d;
		char iso[MD_DATE_SIZE];
		if (!*v || md_date_parse(v, &d, NULL) != MD_OK)
			return md_strdup(v);
		md_date_iso(d, iso);
		char *w = md_display_date(iso, MD_DATE_LONG);
		char *t = md_asprintf("%s  (%s)", v, w ? w : iso);
		md_free(w);
		return t;
	}
	default:
		return md_strdup(v);
	}
}

/* The text of a row below the fields; *right (a new string, or NULL) is
 * drawn whole at its end. */
static char *
row_text(const struct meetingscr *ms, const struct mrow *r, char **right)
{
	*right = NULL;
	const struct md_meeting *m = &ms->m;
	switch (r->kind) {
	case MR_ATTENDEE: {
		const struct md_meeting_attendee *a = &m->attendees[r->at];
		*right = md_strdup(a->secrecy ? "  守秘義務確認済み"
					      : "  守秘義務の確認なし");
		return md_asprintf("  出席者  %s%s%s%s", a->name,
				   *a->agency ? "(" : "(職員", a->agency, ")");
	}
	case MR_ATTENDEE_ADD:
		return md_strdup("▶ 出席者を加える(職員・関係機関の出席者)");
	case MR_PERSON: {
		const struct md_meeting_person *p = &m->persons[r->at];
		*right = md_asprintf("  根拠: %s%s", p->basis_text,
				     p->by_consent && !p->consents_now
					     ? "(撤回済み)"
					     : "");
		return md_asprintf("  検討した本人  %s(%s) 本人 %lld", p->name,
				   p->kana, p->person_id);
	}
	case MR_PERSON_ADD:
		return md_strdup("▶ 検討した本人を加える(登録された人を探す)");
	case MR_TASK: {
		const struct md_meeting_task *t = &m->tasks[r->at];
		bool done = *t->done_on;
		char *d = md_display_date(done ? t->done_on : t->due_on,
					  MD_DATE_SHORT);
		*right = md_asprintf("  %s %s", done ? "完了" : "期限",
				     d ? d : "");
		md_free(d);
		return md_asprintf("  役割分担 %lld  %s  担当 %s", t->id,
				   t->what, t->owner);
	}
	case MR_TASK_ADD:
		return md_strdup("▶ 役割分担を加える(何を・誰が・いつまでに)");
	}
	return NULL;
}

static const char *
field_hint(const struct meetingscr *ms)
{
	if (ms->focus >= MF_N) {
		const struct mrow *r = &ms->rows[ms->focus - MF_N];
		if (r->kind == MR_TASK)
			return "d: 完了にする  Enter: 完了にする";
		if (r->kind == MR_PERSON)
			return "Enter: 本人の提供記録";
		return "Enter: 行う";
	}
	switch (fields[ms->focus].kind) {
	case MK_TYPE:
		return ms->id ? "種類は記録したあとは変えられません"
			      : "Enter: 一覧から選ぶ";
	case MK_BASIS:
	case MK_PROPOSER:
		return "Enter: 選ぶ";
	case MK_HELD:
		return "Space: 開催した/予定を切り替える";
	case MK_DATE:
		return "R8.4.1・令和8年4月1日・2026-04-01 のどれでも";
	case MK_FIXED:
		return "記録した職員(変えられません)";
	default:
		return "文字を入力  F2: 保存  F10: 戻る";
	}
}

static void
meeting_draw(struct ui *ui, struct screen *s)
{
	struct meetingscr *ms = s->state;
	char head[256], state[96];
	const struct md_meeting_type *t = type_of(ui, ms);
	if (ms->id)
		md_text_format(head, sizeof head, "会議 %lld  %s", ms->id,
			       t ? t->label : ms->val[MF_TYPE]);
	else
		md_text_format(head, sizeof head, "会議(新規)");
	if (ms->id)
		md_text_format(state, sizeof state, "  第%d版%s",
			       ms->m.revision, dirty(ms) ? "  *変更あり" : "");
	else
		md_text_format(state, sizeof state, "  未保存");
	attron(A_BOLD);
	ui_put_ends(ui, 1, 1, head, state, ui->cols - 2);
	attroff(A_BOLD);
	int top = 2, bottom = ui->rows - 5;
	int visible = bottom - top + 1;
	ms->scroll = ui_fields_scroll(ms->scroll, ms->focus, nitems(ms), MF_N,
				      visible);
	int cy = -1, cx = 0;
	for (int r = 0; r < visible; r++) {
		int i = ms->scroll + r, y = top + r;
		if (i >= nitems(ms))
			break;
		bool focus = i == ms->focus;
		if (i >= MF_N) {
			char *right;
			char *text = row_text(ms, &ms->rows[i - MF_N], &right);
			ui_row_line(ui, y, text, right, focus);
			md_free(text);
			md_free(right);
			continue;
		}
		char *text = focus && ms->editing ? NULL
						  : field_text(ui, ms, i);
		bool fixed = fields[i].kind == MK_FIXED ||
			     (fields[i].kind == MK_TYPE && ms->id);
		ui_field_line(ui, y, LABEL_W, fields[i].label, focus,
			      focus && ms->editing ? &ms->ed : NULL, text,
			      fixed ? A_DIM : 0,
			      ms->fault == i ? ms->fault_msg : NULL);
		md_free(text);
		if (focus && ms->editing)
			getyx(stdscr, cy, cx);
	}
	ui_rule(ui, ui->rows - 4, field_hint(ms));
	ui_put(ui, ui->rows - 3, 1,
	       ms->id ? "F2: 保存  Enter: 選ぶ・行う  F9: 会議録を印刷  F10: 戻る"
		      : "F2: 保存(保存すると、出席者・検討した本人・役割分担を加えられます)",
	       ui->cols - 2);
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx);
	}
}

/* The field a refusal names ("開催日: …"), or -1. */
static int
fault_field(const char *msg)
{
	size_t len = strcspn(msg, ":");
	if (!msg[len])
		return -1;
	for (int i = 0; i < MF_N; i++)
		for (const char *p = fields[i].faults; *p;) {
			size_t e = strcspn(p, "|");
			if (e == len && !strncmp(p, msg, len))
				return i;
			p += e;
			p += strspn(p, "|");
		}
	return -1;
}

/* Whether a refusal msg is about field ("所属機関: …"). */
static bool
names(const char *msg, const char *field)
{
	size_t len = strlen(field);
	return !strncmp(msg, field, len) && msg[len] == ':';
}

/* Save as one transaction: refused, the message beside the field it names
 * (the focus there) and on the message line, and what was typed stays. */
static bool
meeting_save(struct ui *ui, struct meetingscr *ms)
{
	commit_editor(ms);
	struct md_meeting_in in;
	memset(&in, 0, sizeof in);
	/* A meeting recorded before: what changed only. */
	const char *v[MF_N];
	for (int i = 0; i < MF_N; i++)
		v[i] = !ms->id || strcmp(ms->val[i], ms->was[i]) ? ms->val[i]
								 : NULL;
	in.type = v[MF_TYPE];
	in.basis = v[MF_BASIS];
	in.on = v[MF_ON];
	in.held = !strcmp(ms->val[MF_HELD], "1");
	in.place = v[MF_PLACE];
	in.proposer_agency = ms->prop_agency;
	in.proposer_user = ms->prop_login;
	in.shared = v[MF_SHARED];
	in.decisions = v[MF_DECISIONS];
	in.lead_agency = v[MF_LEAD];
	in.next_on = v[MF_NEXT];
	if (!ms->id) {
		/* Nothing given is nothing asked of the core. */
		if (!*in.lead_agency)
			in.lead_agency = NULL;
		if (!*in.next_on)
			in.next_on = NULL;
	}
	struct md_err err;
	long long id = ms->id;
	enum md_status rc = ms->id ? md_meeting_update(ui->db, &ui->user,
						       ui->meetings, ms->id,
						       ms->m.revision, &in,
						       &err)
				   : md_meeting_new(ui->db, &ui->user,
						    ui->meetings, &in, &id,
						    &err);
	if (rc != MD_OK) {
		clear_fault(ms);
		ui_error(ui, &err);
		if (rc == MD_ERR_CONFLICT)
			ui_message(ui, true,
				   "%s。F5 で最新の内容を読み直しても、入力した項目はそのまま残ります",
				   err.msg);
		int f = fault_field(err.msg);
		if (f >= 0) {
			/* Beside the field: what follows its name. */
			const char *why = strchr(err.msg, ':') + 1;
			ms->fault = f;
			ms->fault_msg = md_strdup(why + (*why == ' '));
			commit_editor(ms);
			ms->focus = f;
			start_editor(ms);
		}
		return false;
	}
	bool was_new = !ms->id;
	ms->id = id;
	commit_editor(ms);
	meeting_load(ui, ms);
	start_editor(ms);
	ui_message(ui, false,
		   was_new ? "会議 %lld を記録しました(下の行で出席者・検討した本人・役割分担を加えます)"
			   : "会議 %lld を保存しました",
		   id);
	return true;
}

/* ---- the fields' dialogs ---- */

/* Options for ui_choose, made one by one: each a new string (taken), or
 * a fallback when out of memory. */
struct options {
	char **own;
	const char **label;
	size_t n;
};

/* Room for max options; false when out of memory (options_fini then). */
static bool
options_init(struct options *o, size_t max)
{
	o->n = 0;
	o->own = md_calloc(max + 1, sizeof *o->own);
	o->label = md_calloc(max + 1, sizeof *o->label);
	return o->own && o->label;
}

static void
options_add(struct options *o, char *own, const char *fallback)
{
	o->own[o->n] = own;
	o->label[o->n++] = own ? own : fallback;
}

/* The one chosen, or -1 (Esc, or none to choose from). */
static int
options_choose(struct ui *ui, const struct options *o, const char *title,
	       int cur)
{
	return o->n && o->label
		       ? ui_choose(ui, title, o->label, o->n, cur, NULL)
		       : -1;
}

static void
options_fini(struct options *o)
{
	for (size_t i = 0; o->own && i < o->n; i++)
		md_free(o->own[i]);
	md_free(o->own);
	md_free(o->label);
}

static void
choose_type(struct ui *ui, struct meetingscr *ms)
{
	if (ms->id) {
		ui_message(ui, true,
			   "会議の種類は記録したあとは変えられません(別の種類なら新しい会議を記録します)");
		return;
	}
	const struct md_meeting_defs *d = ui->meetings;
	struct options o;
	int cur = 0;
	bool ok = options_init(&o, d->n);
	for (size_t i = 0; ok && i < d->n; i++) {
		options_add(&o, type_rules(&d->types[i]), d->types[i].label);
		if (!strcmp(d->types[i].id, ms->val[MF_TYPE]))
			cur = (int)i;
	}
	int pick = options_choose(ui, &o, "会議の種類", cur);
	if (pick >= 0 && strcmp(ms->val[MF_TYPE], d->types[pick].id)) {
		const struct md_meeting_type *t = &d->types[pick];
		set_field(ms, MF_TYPE, t->id);
		/* The basis of the type: its only one, or chosen next. */
		set_field(ms, MF_BASIS, t->nbases == 1 ? t->bases[0] : "");
	}
	options_fini(&o);
}

static void
choose_basis(struct ui *ui, struct meetingscr *ms)
{
	const struct md_meeting_type *t = type_of(ui, ms);
	if (!t) {
		ui_message(ui, true, "根拠: 先に会議の種類を選んでください");
		return;
	}
	if (!t->nbases) {
		ui_message(ui, false, "%sには法的根拠がありません(%s)",
			   t->label, t->cite);
		return;
	}
	int cur = 0;
	for (size_t i = 0; i < t->nbases; i++)
		if (!strcmp(t->bases[i], ms->val[MF_BASIS]))
			cur = (int)i;
	char title[256];
	md_text_format(title, sizeof title, "%sの法的根拠(%s)", t->label,
		       t->cite);
	int pick = ui_choose(ui, title, t->bases, t->nbases, cur, NULL);
	if (pick >= 0)
		set_field(ms, MF_BASIS, t->bases[pick]);
}

/* A member of staff chosen from the active accounts: their login and
 * name (new strings) into *login and *name; false when none is. */
static bool
choose_staff(struct ui *ui, const char *title, const char *current,
	     char **login, char **name)
{
	struct md_user *u;
	size_t n;
	struct md_err err;
	if (md_user_names(ui->db, &ui->user, &u, &n, &err) != MD_OK) {
		ui_error(ui, &err);
		return false;
	}
	struct options o;
	int cur = 0;
	bool ok = options_init(&o, n);
	for (size_t i = 0; ok && i < n; i++) {
		options_add(&o,
			    md_asprintf("%s(%s)", u[i].display_name,
					u[i].login),
			    u[i].login);
		if (current && !strcmp(current, u[i].login))
			cur = (int)i;
	}
	int pick = options_choose(ui, &o, title, cur);
	if (pick >= 0) {
		set_str(login, u[pick].login);
		set_str(name, u[pick].display_name);
	}
	options_fini(&o);
	md_user_list_free(u, n);
	return pick >= 0;
}

/* 提起: an agency (000 第3条(2)イ: a related agency may propose one),
 * a member of staff, or none. */
static void
choose_proposer(struct ui *ui, struct meetingscr *ms)
{
	const char *ways[] = {"関係機関(名前・別名・その始めを入力)",
			      "職員(一覧から選ぶ)", "なし"};
	int way = ui_choose(ui, "会議を提起したのは", ways, 3, 0, NULL);
	if (way == 0) {
		char *a = ui_ask(ui, "提起した関係機関(名前・別名・その始め)",
				 ms->prop_agency ? ms->prop_agency : "", false);
		if (!a)
			return;
		set_field(ms, MF_PROPOSER, a);
		set_str(&ms->prop_agency, a);
		set_str(&ms->prop_login, "");
		md_free(a);
	} else if (way == 1) {
		char *login = NULL, *name = NULL;
		if (choose_staff(ui, "提起した職員", ms->prop_login, &login,
				 &name)) {
			set_field(ms, MF_PROPOSER, name);
			set_str(&ms->prop_login, login);
			set_str(&ms->prop_agency, "");
		}
		md_free(login);
		md_free(name);
	} else if (way == 2) {
		set_field(ms, MF_PROPOSER, "");
		set_str(&ms->prop_agency, "");
		set_str(&ms->prop_login, "");
	}
}

/* Enter or Space on field i. */
static void
activate_field(struct ui *ui, struct meetingscr *ms, int i)
{
	switch (fields[i].kind) {
	case MK_TYPE:
		choose_type(ui, ms);
		break;
	case MK_BASIS:
		choose_basis(ui, ms);
		break;
	case MK_HELD:
		set_field(ms, i, strcmp(ms->val[i], "1") ? "1" : "0");
		break;
	case MK_PROPOSER:
		choose_proposer(ui, ms);
		break;
	case MK_FIXED:
		ui_message(ui, false, "招集者は会議を記録した職員です(%s)",
			   ms->val[MF_CONVENER]);
		break;
	default:
		break;
	}
}

/* ---- the rows' dialogs ---- */

/* Ask for *text, starting from it; the answer replaces it. Esc leaves it
 * as it was, for the next time the dialog opens. */
static bool
ask_kept(struct ui *ui, const char *prompt, char **text)
{
	char *answer = ui_ask(ui, prompt, *text ? *text : "", false);
	if (!answer)
		return false;
	md_free(*text);
	*text = answer;
	return true;
}

/* An attendee: a member of staff, or an agency's member (name, agency),
 * and whether they acknowledged 守秘義務 — asked naming the type's rule
 * where it requires it. A refusal asks again from the answer at fault, as
 * typed; Esc gives up and what was typed stays for the next time. */
static void
add_attendee(struct ui *ui, struct meetingscr *ms)
{
	const struct md_meeting_type *t = type_of(ui, ms);
	const char *ways[] = {"職員(一覧から選ぶ)",
			      "関係機関の出席者(氏名と機関を入力)"};
	char *refused = NULL; /* the last refusal, asked about again */
	int from = 0;
	for (;;) {
		if (from == 0) {
			int way = ui_choose(ui, "出席者", ways, 2, ms->a_way,
					    NULL);
			if (way < 0)
				break;
			ms->a_way = way;
		}
		char *shown = NULL;
		if (ms->a_way == 0 && from <= 1) {
			char *name = NULL;
			bool ok = choose_staff(ui, "出席した職員", ms->a_login,
					       &ms->a_login, &name);
			md_free(name);
			if (!ok)
				break;
		}
		if (ms->a_way == 1 && from <= 1 &&
		    !ask_kept(ui, "出席者の氏名", &ms->a_name))
			break;
		if (ms->a_way == 1 && from <= 2 &&
		    !ask_kept(ui, "出席者の所属機関(名前・別名・その始め)",
			      &ms->a_agency))
			break;
		if (ms->a_way == 0) {
			struct md_user u;
			struct md_err e;
			if (md_user_get(ui->db, ms->a_login, &u, &e) == MD_OK) {
				shown = md_strdup(u.display_name);
				md_user_fini(&u);
			}
		}
		const char *who = shown            ? shown
				  : ms->a_way == 1 ? ms->a_name
						   : ms->a_login;
		char *q =
			t && t->secrecy_required
				? md_asprintf("%s%s%s さんは守秘義務を確認しましたか。"
					      "「%s」",
					      refused ? refused : "",
					      refused ? "\n\n" : "", who,
					      t->secrecy_rule)
				: md_asprintf("%s%s%s さんは守秘義務を確認しましたか"
					      "(この会議では必須ではありません。"
					      "確認した出席者は、会議録で法に"
					      "基づき検討した本人を読めます)",
					      refused ? refused : "",
					      refused ? "\n\n" : "", who);
		bool secrecy = q && ui_confirm(ui, q);
		md_free(q);
		md_free(refused);
		refused = NULL;
		struct md_attendee_in in = {
			.user = ms->a_way == 0 ? ms->a_login : NULL,
			.name = ms->a_way == 1 ? ms->a_name : NULL,
			.agency = ms->a_way == 1 ? ms->a_agency : NULL,
			.secrecy = secrecy,
		};
		struct md_err err;
		long long aid;
		enum md_status rc = md_meeting_add_attendee(ui->db, &ui->user,
							    ui->meetings,
							    ms->id, &in, &aid,
							    &err);
		if (rc == MD_OK)
			ui_message(ui, false, "出席者 %s を記録しました", who);
		md_free(shown);
		if (rc == MD_OK) {
			md_free(ms->a_name);
			md_free(ms->a_agency);
			md_free(ms->a_login);
			ms->a_name = ms->a_agency = ms->a_login = NULL;
			break;
		}
		ui_error(ui, &err);
		if (!ui_may_retry(rc))
			break;
		/* Again from the answer at fault, the others as typed. */
		from = names(err.msg, "守秘義務")   ? 3
		       : names(err.msg, "所属機関") ? 2
						    : 1;
		if (from == 3)
			refused = md_strdup(err.msg);
	}
	md_free(refused);
}

/* The registered persons typed (a search of the case list), one a person:
 * the one chosen, its id (its name into *name), or 0 when none is. */
static long long
find_person(struct ui *ui, const char *typed, char **name)
{
	struct md_case_filter f = {.text = typed, .include_closed = true};
	struct md_case_row *rows;
	size_t n;
	struct md_err err;
	if (md_case_search(ui->db, &ui->user, &f, NULL, 30, &rows, &n, &err) !=
	    MD_OK) {
		ui_error(ui, &err);
		return 0;
	}
	/* A person once, whatever number of cases they have. */
	struct options o;
	long long *ids = md_calloc(n + 1, sizeof *ids);
	bool ok = options_init(&o, n);
	for (size_t i = 0; ok && ids && i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < o.n; j++)
			seen |= ids[j] == rows[i].person_id;
		if (seen)
			continue;
		ids[o.n] = rows[i].person_id;
		options_add(&o,
			    md_asprintf("%s(%s) 本人 %lld  ケース %lld",
					rows[i].name, rows[i].kana,
					rows[i].person_id, rows[i].case_id),
			    rows[i].name);
	}
	if (!n)
		ui_message(ui, true,
			   "「%s」に当たる人はいません(氏名かふりがなの始め、ケース番号で探します)",
			   typed);
	int pick = ids ? options_choose(ui, &o, "検討した本人", 0) : -1;
	long long id = pick >= 0 ? ids[pick] : 0;
	for (size_t i = 0; id && i < n; i++)
		if (rows[i].person_id == id) {
			set_str(name, rows[i].name);
			break;
		}
	options_fini(&o);
	md_free(ids);
	md_case_rows_free(rows, n);
	return id;
}

/* A person discussed: found among the registered, a note, then recorded
 * on the basis the type gives (the core's rule: 本人の同意, or the law).
 * A refusal is shown whole with the rule it quotes, and asks whether to
 * search again from what was typed. */
static void
add_person(struct ui *ui, struct meetingscr *ms)
{
	for (;;) {
		if (!ask_kept(ui,
			      "検討した本人を探す: 氏名かふりがなの始め、またはケース番号",
			      &ms->p_query))
			return;
		char *name = NULL;
		long long pid = *ms->p_query
					? find_person(ui, ms->p_query, &name)
					: 0;
		if (!pid || !ask_kept(ui, "メモ(なければ空のまま Enter)",
				      &ms->p_note)) {
			md_free(name);
			if (!pid)
				continue;
			return;
		}
		/* What is shared cannot be taken back: asked first. */
		char *sure =
			md_asprintf("%s さん(本人 %lld)を、この会議で検討した"
				    "本人として記録しますか。提供記録に残り、"
				    "取り消せません",
				    name ? name : "", pid);
		md_free(name);
		bool yes = sure && ui_confirm(ui, sure);
		md_free(sure);
		if (!yes) {
			ui_message(ui, false, "検討した本人は記録していません");
			return;
		}
		struct md_err err;
		enum md_status rc = md_meeting_add_person(ui->db, &ui->user,
							  ui->meetings,
							  ui->households,
							  ms->id, pid,
							  ms->p_note, &err);
		if (rc == MD_OK) {
			ui_message(ui, false,
				   "本人 %lld を検討した本人に加え、提供記録に残しました",
				   pid);
			md_free(ms->p_query);
			md_free(ms->p_note);
			ms->p_query = ms->p_note = NULL;
			return;
		}
		ui_error(ui, &err);
		char *q = md_asprintf("記録できません。%s\n\n入力したまま、"
				      "もう一度探しますか",
				      err.msg);
		bool again = ui_may_retry(rc) && q && ui_confirm_yes(ui, q);
		md_free(q);
		if (!again)
			return;
	}
}

/* A 役割分担: what, who (an agency or anyone), by when; refused, asked
 * again from the answer at fault as typed. */
static void
add_task(struct ui *ui, struct meetingscr *ms)
{
	static const struct {
		const char *prompt, *fault;
	} asks[] = {
		{"役割分担: 何をするか", "内容"},
		{"担当(関係機関の名前か、担当する人)", "担当"},
		{"期限(例: R8.4.30)", "期限"},
	};
	char **a[] = {&ms->t_what, &ms->t_owner, &ms->t_due};
	int from = 0;
	for (;;) {
		int p = from;
		while (p < 3 && ask_kept(ui, asks[p].prompt, a[p]))
			p++;
		if (p < 3)
			return;
		struct md_err err;
		long long tid;
		enum md_status rc = md_meeting_add_task(ui->db, &ui->user,
							ms->id, ms->t_what,
							ms->t_owner, ms->t_due,
							&tid, &err);
		if (rc == MD_OK) {
			ui_message(ui, false,
				   "役割分担 %lld を記録しました(期限は今日の予定に出ます)",
				   tid);
			for (int i = 0; i < 3; i++) {
				md_free(*a[i]);
				*a[i] = NULL;
			}
			return;
		}
		ui_error(ui, &err);
		if (!ui_may_retry(rc))
			return;
		from = 0;
		for (int i = 0; i < 3; i++)
			if (names(err.msg, asks[i].fault)) {
				from = i;
				break;
			}
	}
}

bool
ui_task_done(struct ui *ui, long long task_id, const char *what)
{
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	char *day = md_display_date(today, MD_DATE_SHORT);
	bool done = false;
	while (ui_ask_again(ui, "完了した日(今日ならそのまま Enter)", &day)) {
		char *q = md_asprintf("役割分担「%s」を %s に完了したと記録しますか"
				      "(今日の予定から消えます)",
				      what, day);
		bool yes = q && ui_confirm(ui, q);
		md_free(q);
		if (!yes) {
			ui_message(ui, false, "役割分担は完了にしていません");
			break;
		}
		struct md_err err;
		enum md_status rc = md_meeting_task_done(ui->db, &ui->user,
							 task_id, day, &err);
		if (rc == MD_OK) {
			ui_message(ui, false,
				   "役割分担「%s」の完了を記録しました", what);
			done = true;
			break;
		}
		ui_error(ui, &err);
		if (!ui_may_retry(rc))
			break;
	}
	md_free(day);
	return done;
}

/* Enter on a row. A meeting changed on the screen is saved first: what is
 * added makes a new revision of it. */
static void
activate_row(struct ui *ui, struct meetingscr *ms, const struct mrow *r)
{
	if (r->kind == MR_ATTENDEE || r->kind == MR_PERSON ||
	    r->kind == MR_TASK) {
		if (r->kind == MR_PERSON) {
			const struct md_meeting_person
				*p = &ms->m.persons[r->at];
			disclosures_open(ui, p->person_id, p->name);
		} else if (r->kind == MR_TASK) {
			const struct md_meeting_task *t = &ms->m.tasks[r->at];
			if (*t->done_on)
				ui_message(ui, false,
					   "役割分担 %lld は完了しています",
					   t->id);
			else if (ui_task_done(ui, t->id, t->what))
				meeting_reload(ui, ms);
		} else {
			const struct md_meeting_attendee
				*a = &ms->m.attendees[r->at];
			ui_message(ui, false, "出席者 %lld: %s%s%s%s  %s",
				   a->id, a->name, *a->agency ? "(" : "",
				   a->agency, *a->agency ? ")" : "",
				   a->secrecy ? "守秘義務確認済み"
					      : "守秘義務の確認なし");
		}
		return;
	}
	if (dirty(ms)) {
		ui_message(ui, true,
			   "会議の変更を先に F2 で保存してください(加えると会議の新しい版になります)");
		return;
	}
	if (r->kind == MR_ATTENDEE_ADD)
		add_attendee(ui, ms);
	else if (r->kind == MR_PERSON_ADD)
		add_person(ui, ms);
	else
		add_task(ui, ms);
	size_t before = ms->nrows;
	char keep[sizeof ui->message];
	memcpy(keep, ui->message, sizeof keep);
	bool error = ui->message_error;
	if (meeting_load(ui, ms) && ms->nrows > before)
		ms->focus++; /* onto the add row again, below the new one */
	memcpy(ui->message, keep, sizeof keep);
	ui->message_error = error;
}

/* F9: the minutes (会議録) as CSV in the output folder, with the user as
 * the reader: the core leaves out the persons whose basis does not reach
 * them, and records a disclosure for each person printed. */
static void
print_minutes(struct ui *ui, struct meetingscr *ms)
{
	if (!ms->id) {
		ui_message(ui, true, "会議録は、会議を保存すると印刷できます");
		return;
	}
	if (dirty(ms)) {
		ui_message(ui, true,
			   "会議録の前に F2 で保存してください(保存していない変更は載りません)");
		return;
	}
	char name[64];
	snprintf(name, sizeof name, "会議録-%lld.csv", ms->id);
	char *path = ui_export_path(ui, name);
	if (!path)
		return;
	struct md_export_options o = {.encoding = ui->cfg.export_encoding,
				      .force = true,
				      .office = ui->cfg.office_name};
	struct md_err err;
	if (md_meeting_minutes_csv(ui->db, &ui->user, ui->meetings,
				   ui->households, ms->id, NULL, path, &o,
				   &err) == MD_OK)
		ui_message(ui, false,
			   "会議録を出力しました(読み手 %s。読み手が読めない本人は載せていません): %s",
			   ui->user.display_name, path);
	else
		ui_error(ui, &err);
	md_free(path);
}

static unsigned
meeting_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct meetingscr *ms = s->state;
	const struct mrow *row = ms->focus >= MF_N ? &ms->rows[ms->focus - MF_N]
						   : NULL;
	switch (ui_key_action(k, ms->editing ? NULL : meeting_actions)) {
	case ACT_BACK:
		return UI_CLOSE;
	case ACT_SAVE:
		meeting_save(ui, ms);
		return UI_REDRAW;
	case ACT_REFRESH: /* what is typed stays */
		commit_editor(ms);
		if (ms->id)
			meeting_reload(ui, ms);
		start_editor(ms);
		return UI_REDRAW;
	case ACT_PRINT:
		commit_editor(ms);
		print_minutes(ui, ms);
		return UI_REDRAW;
	case ACT_DONE:
		if (row && row->kind == MR_TASK)
			activate_row(ui, ms, row);
		else
			ui_message(ui, true,
				   "完了にする役割分担の行を選んでください");
		return UI_REDRAW;
	case ACT_OPEN:
		if (ms->editing)
			move_focus(ms, ms->focus + 1);
		else if (row)
			activate_row(ui, ms, row);
		else
			activate_field(ui, ms, ms->focus);
		return UI_REDRAW;
	default:
		break;
	}
	int to;
	if (ui_fields_move(k, ms->focus, nitems(ms), &to)) {
		move_focus(ms, to);
		return UI_REDRAW;
	}
	if (ms->editing) {
		bool changed;
		editor_key(ui, &ms->ed, k, &changed);
		if (changed && ms->fault == ms->focus)
			clear_fault(ms);
		return UI_REDRAW;
	}
	if (!k->fkey && k->ch == L' ' && !row)
		activate_field(ui, ms, ms->focus);
	else if (!k->fkey && (k->ch == L'j' || k->ch == L'k'))
		move_focus(ms, ms->focus + (k->ch == L'j' ? 1 : -1));
	return UI_REDRAW;
}

/* Leaving with typed text asks, as a form does: save, or throw away once
 * asked again, or stay. */
static bool
meeting_leave(struct ui *ui, struct screen *s)
{
	struct meetingscr *ms = s->state;
	commit_editor(ms);
	if (!dirty(ms))
		return true;
	switch (ui_ask_leave(ui, ms->id ? "この会議の変更"
					: "この会議(新規)の入力")) {
	case 's':
		return meeting_save(ui, ms);
	case 'd':
		return true;
	default:
		return false;
	}
}

static char *
meeting_context(struct ui *ui, struct screen *s)
{
	struct meetingscr *ms = s->state;
	const struct md_meeting_type *t = type_of(ui, ms);
	char *rules =
		t ? md_asprintf("この会議(%s、%s): %s%s", t->label, t->cite,
				!t->persons ? "個人は取り上げません。"
				: t->consent_required
					? "本人の同意がある人だけを検討できます。"
					: "本人の同意がなくても、法的根拠で検討できます。",
				t->secrecy_required
					? "出席者は守秘義務の確認が必要です。"
					: "")
		  : NULL;
	char *c = ms->focus < MF_N
			  ? md_asprintf("いまの項目: %s(%s)%s%s",
					fields[ms->focus].label, field_hint(ms),
					rules ? "\n" : "", rules ? rules : "")
			  : md_asprintf("%s%s%s", field_hint(ms),
					rules ? "\n" : "", rules ? rules : "");
	md_free(rules);
	return c;
}

static void
meeting_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct meetingscr *ms = s->state;
	if (ms->editing)
		editor_fini(&ms->ed);
	if (ms->loaded)
		md_meeting_fini(&ms->m);
	for (int i = 0; i < MF_N; i++) {
		md_free(ms->val[i]);
		md_free(ms->was[i]);
	}
	char *strs[] = {ms->prop_agency, ms->prop_login, ms->fault_msg,
			ms->a_login,     ms->a_name,     ms->a_agency,
			ms->p_query,     ms->p_note,     ms->t_what,
			ms->t_owner,     ms->t_due};
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
		md_free(strs[i]);
	md_free(ms->rows);
	md_free(ms);
}

static const struct screen_ops meeting_ops = {
	.title = "会議",
	.actions = meeting_actions,
	.guide =
		"会議を 1 枚に記録します(000 第3条(2)、003 §6、004 §3(6)(7))。"
		"種類(連絡会・支援会議・支援調整会議など。forms/meetings.ini のもの)、"
		"根拠(支援会議なら社会福祉法第106条の6か生活困窮者自立支援法第9条)、"
		"開催日、開催したか予定か(開催した会議の日は未来にできません)、場所、"
		"招集者(記録した職員)、提起(関係機関か職員)、共有した内容、決定事項、"
		"主担当の機関、次回の日付。F2 で保存します。断られたときは項目の横に"
		"理由が出て、入力はそのまま残ります。保存すると下に行が並び、Enter で"
		"出席者(職員か関係機関の出席者。守秘義務の確認が必要な会議では、確認"
		"していない人は規定を示して断られます)、検討した本人(登録された人を"
		"探し、確かめてから記録します。本人の同意が必要な会議では、同意のない人や撤回した人は規定を"
		"示して断られます。支援会議は同意がなくても法的根拠で記録します。どちら"
		"も提供記録に残ります)、役割分担(何を・誰が・いつまでに)を加えます。"
		"断られたときは、入力したままの内容で聞き直します。役割分担の行で d か "
		"Enter を押すと、完了日を聞き、確かめてから完了にします。本人の行で "
		"Enter を押すと提供記録を開きます。F9 で会議録を出力先フォルダに CSV で"
		"出力します。読み手はあなたで、同意が撤回された人と、法に基づき検討した"
		"人(あなたがこの会議で守秘義務を確認した出席者でないとき)は載らず、"
		"そのときは共有した内容と決定事項も載りません。次回の日付、役割分担の"
		"期限、定例の会議の次の日は今日の予定に出ます。",
	.draw = meeting_draw,
	.key = meeting_key,
	.leave = meeting_leave,
	.close = meeting_close,
	.context = meeting_context,
};

bool
meeting_open(struct ui *ui, long long id)
{
	struct meetingscr *ms = md_calloc(1, sizeof *ms);
	if (!ms)
		return false;
	ms->id = id;
	ms->fault = -1;
	ms->a_way = 0;
	fields_new(ui, ms);
	if (id && !meeting_load(ui, ms)) {
		meeting_close(ui, &(struct screen){.state = ms});
		return false;
	}
	/* A new meeting starts on its type; a recorded one on its day. */
	ms->focus = id ? MF_ON : MF_TYPE;
	start_editor(ms);
	ui_push(ui, &meeting_ops, ms);
	return true;
}
