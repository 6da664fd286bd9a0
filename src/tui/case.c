/* The case screen: the person, the workflow's steps (done, open, or closed
 * with the engine's reason in full), the forms and the progress entries. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/agencies.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/mem.h"
#include "madoguchi/records.h"
#include "madoguchi/referrals.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

enum item_kind {
	ITEM_STEP,
	ITEM_FORM,
	ITEM_ENTRY,
	ITEM_FOLLOWUP,
	ITEM_CONTACT, /* the contact (相談票) the case came from */
	ITEM_REFERRAL /* a referral (つなぎ) of the case */
};

struct item {
	enum item_kind kind;
	size_t index;               /* step: in flow.steps; entry/form: in recs;
				      follow-up: in flow.events; referral: in
				      refs */
	const struct md_form *form; /* form: the form (record may be absent) */
	int seq;
	long long record_id;
	/* step, form: the track (004 §5(7)) it is listed under, in
	 * flow.tracks; -1: the individual process */
	int track;
};

struct casescr {
	long long id;
	struct md_case c;
	bool loaded;
	struct md_flow flow;
	struct md_record_info *recs;
	size_t nrecs;
	struct md_referral *refs; /* its referrals, oldest first */
	size_t nrefs;
	struct md_contact contact; /* the contact it came from */
	bool have_contact;
	struct item *items;
	size_t nitems;
	int sel, scroll;
};

/* In the order of the key bar, which drops the last ones that do not fit:
 * つなぎ, a chief's 再開, the 提供記録 and the household before the keys that
 * only move about. */
static const enum ui_action case_actions[] =
	{ACT_HELP,   ACT_OPEN,        ACT_ENTRY,     ACT_FOLLOWUP, ACT_REFER,
	 ACT_REOPEN, ACT_DISCLOSURES, ACT_HOUSEHOLD, ACT_HISTORY,  ACT_FIND,
	 ACT_PRINT,  ACT_REFRESH,     ACT_NEIGHBOUR, ACT_BACK,     ACT_NONE};

static void
unload(struct casescr *cs)
{
	if (cs->loaded) {
		md_case_fini(&cs->c);
		md_flow_fini(&cs->flow);
		md_record_infos_free(cs->recs, cs->nrecs);
	}
	md_referrals_free(cs->refs, cs->nrefs);
	cs->refs = NULL;
	cs->nrefs = 0;
	if (cs->have_contact)
		md_contact_fini(&cs->contact);
	cs->have_contact = false;
	md_free(cs->items);
	cs->items = NULL;
	cs->nitems = 0;
	cs->recs = NULL;
	cs->nrecs = 0;
	cs->loaded = false;
}

static void
add(struct casescr *cs, struct item it)
{
	struct item *p = md_realloc(cs->items, (cs->nitems + 1) * sizeof *p);
	if (!p)
		return;
	cs->items = p;
	cs->items[cs->nitems++] = it;
}

/* The track (in flow.tracks) whose steps alone fill form, or -1. */
static int
form_track(const struct casescr *cs, const struct md_form *form)
{
	int track = -1;
	for (size_t i = 0; i < cs->flow.nsteps; i++) {
		const struct md_wf_step *s = cs->flow.steps[i].step;
		if (s->form != form)
			continue;
		if (!s->track)
			return -1;
		for (size_t t = 0; t < cs->flow.ntracks; t++)
			if (cs->flow.tracks[t].track == s->track)
				track = (int)t;
	}
	return track;
}

/* A form's rounds, or one line saying it is not written yet. */
static void
add_form(struct ui *ui, struct casescr *cs, const struct md_form *form,
	 int track)
{
	if (form->entries)
		return;
	bool any = false;
	for (size_t i = 0; i < cs->nrecs; i++)
		if (cs->recs[i].form == form) {
			add(cs,
			    (struct item){ITEM_FORM, i, form, cs->recs[i].seq,
					  cs->recs[i].id, track});
			any = true;
		}
	if (!any)
		add(cs, (struct item){ITEM_FORM, (size_t)-1, form,
				      md_flow_form_round(ui->wf, &cs->flow,
							 form->id),
				      0, track});
}

static bool
load(struct ui *ui, struct casescr *cs)
{
	struct md_err err;
	unload(cs);
	if (md_case_get(ui->db, &ui->user, cs->id, &cs->c, &err) != MD_OK) {
		ui_error(ui, &err);
		return false;
	}
	if (md_workflow_status(ui->db, &ui->user, ui->wf, cs->id, &cs->flow,
			       &err) != MD_OK) {
		md_case_fini(&cs->c);
		ui_error(ui, &err);
		return false;
	}
	if (md_record_list(ui->db, ui->forms, cs->id, 50, &cs->recs, &cs->nrecs,
			   &err) != MD_OK) {
		md_case_fini(&cs->c);
		md_flow_fini(&cs->flow);
		ui_error(ui, &err);
		return false;
	}
	cs->loaded = true;
	for (size_t i = 0; i < cs->flow.nsteps; i++)
		if (!cs->flow.steps[i].step->track)
			add(cs, (struct item){ITEM_STEP, i, NULL, 0, 0, -1});
	/* Where it came from, and where it was referred (000 第3条(1)ア): the
	 * contact (viewed, so audited as a view) and the referrals (read with
	 * the case, whose view is audited). */
	long long contact_id = md_contact_of_case(ui->db, cs->id);
	if (contact_id) {
		if (md_contact_get(ui->db, &ui->user, contact_id, &cs->contact,
				   &err) == MD_OK) {
			cs->have_contact = true;
			add(cs, (struct item){ITEM_CONTACT, 0, NULL, 0, 0, -1});
		} else {
			ui_error(ui, &err);
		}
	}
	if (md_referrals_of(ui->db, 0, cs->id, &cs->refs, &cs->nrefs, &err) !=
	    MD_OK)
		ui_error(ui, &err);
	for (size_t i = 0; i < cs->nrefs; i++)
		add(cs, (struct item){ITEM_REFERRAL, i, NULL, 0, 0, -1});
	/* The follow-ups recorded (001 第9条(5)イ・(9)エ), newest first. */
	const struct md_wf_step *fs = md_workflow_follow_up_step(ui->wf);
	for (size_t i = cs->flow.nevents; fs && i-- > 0;)
		if (!strcmp(cs->flow.events[i].step, fs->id))
			add(cs,
			    (struct item){ITEM_FOLLOWUP, i, NULL, 0, 0, -1});
	/* Each form (but those of a track): its rounds, or one line saying it
	 * is not written yet. */
	for (size_t f = 0; f < ui->forms->n; f++)
		if (form_track(cs, &ui->forms->forms[f]) < 0)
			add_form(ui, cs, &ui->forms->forms[f], -1);
	for (size_t i = 0; i < cs->nrecs; i++)
		if (cs->recs[i].form->entries)
			add(cs,
			    (struct item){ITEM_ENTRY, i, cs->recs[i].form,
					  cs->recs[i].seq, cs->recs[i].id, -1});
	/* Each track (004 §5(7) 多機関協働) last, under its state: its steps
	 * and the forms they fill. */
	for (size_t t = 0; t < cs->flow.ntracks; t++) {
		for (size_t i = 0; i < cs->flow.nsteps; i++)
			if (cs->flow.steps[i].step->track ==
			    cs->flow.tracks[t].track)
				add(cs, (struct item){ITEM_STEP, i, NULL, 0, 0,
						      (int)t});
		for (size_t f = 0; f < ui->forms->n; f++)
			if (form_track(cs, &ui->forms->forms[f]) == (int)t)
				add_form(ui, cs, &ui->forms->forms[f], (int)t);
	}
	if (cs->sel >= (int)cs->nitems)
		cs->sel = cs->nitems ? (int)cs->nitems - 1 : 0;
	return true;
}

static int
age_now(const char *birth)
{
	struct md_date b, t;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	if (!*birth || md_date_from_iso(birth, &b, NULL) != MD_OK ||
	    md_date_from_iso(today, &t, NULL) != MD_OK)
		return -1;
	return md_date_age(b, t);
}

/* Who may record step: the labels of its roles, "・" between. */
static void
step_roles(const struct md_wf_step *step, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (int r = 0; r < MD_ROLE_COUNT; r++)
		if (step->roles & (1u << r)) {
			md_text_format(out + used, size - used, "%s%s",
				       used ? "・" : "",
				       md_role_label((enum md_role)r));
			used = strlen(out);
		}
}

/* The text of one item's line; *right (a new string, or NULL) is drawn
 * whole at its end (who saved and when). */
static char *
item_text(struct casescr *cs, const struct item *it, int *attr, char **right)
{
	*attr = 0;
	*right = NULL;
	switch (it->kind) {
	case ITEM_STEP: {
		const struct md_step_status *s = &cs->flow.steps[it->index];
		if (s->state == MD_STEP_DONE) {
			/* The day it was done, not the day it was typed. */
			char *d = md_display_date(s->on, MD_DATE_SHORT);
			char *r = md_asprintf("済 %s  %s %s%s%s",
					      s->step->label, d ? d : s->on,
					      s->by, *s->outcome ? "：" : "",
					      s->outcome);
			md_free(d);
			*attr = A_DIM;
			return r;
		}
		if (s->state == MD_STEP_OPEN) {
			*attr = A_BOLD;
			if (s->may_take)
				return md_asprintf("可 %s  今行えます%s",
						   s->step->label,
						   s->times ? "(記録あり)"
							    : "");
			/* Open, but not for this role: who records it. */
			char who[256];
			step_roles(s->step, who, sizeof who);
			return md_asprintf("可 %s  %sが記録します%s",
					   s->step->label, who,
					   s->times ? "(記録あり)" : "");
		}
		/* The first reason on the line; every reason below. */
		char first[400];
		md_text_format(first, sizeof first, "%s", s->why);
		first[strcspn(first, "\n")] = '\0';
		return md_asprintf("未 %s: %s", s->step->label, first);
	}
	case ITEM_FORM: {
		if (it->index == (size_t)-1)
			return md_asprintf("  %s %s  未作成", it->form->number,
					   it->form->title);
		const struct md_record_info *r = &cs->recs[it->index];
		char round[32] = "", at[MD_DISPLAY_WHEN_SIZE];
		if (r->seq > 1)
			md_text_format(round, sizeof round, "(%d回目)", r->seq);
		*right = md_asprintf("  %s%s 版%d  %s %s",
				     r->revision == 0 ? "未作成"
				     : r->complete    ? "完了"
						      : "下書き",
				     r->frozen ? "・確定" : "", r->revision,
				     md_display_when(r->updated_at,
						     MD_DATE_SHORT, at),
				     r->updated_by);
		return md_asprintf("  %s %s%s", r->form->number, r->form->title,
				   round);
	}
	case ITEM_ENTRY: {
		const struct md_record_info *r = &cs->recs[it->index];
		char *d = md_display_date(r->entry_date, MD_DATE_SHORT);
		char *t = md_asprintf("  %s  %s", d ? d : r->entry_date,
				      r->summary);
		md_free(d);
		return t;
	}
	case ITEM_CONTACT: {
		char *t = ui_contact_text(&cs->contact);
		char *line = md_asprintf("  %s", t ? t : "");
		md_free(t);
		return line;
	}
	case ITEM_REFERRAL: {
		char *t = ui_referral_text(&cs->refs[it->index], right);
		char *line = md_asprintf("  %s", t ? t : "");
		md_free(t);
		return line;
	}
	case ITEM_FOLLOWUP: {
		const struct md_event *e = &cs->flow.events[it->index];
		char *d = md_display_date(e->on, MD_DATE_SHORT);
		char *next = *e->follow_up_on ? md_display_date(e->follow_up_on,
								MD_DATE_SHORT)
					      : NULL;
		char *t = md_asprintf("  %s  %s  %s  %s%s%s", d ? d : e->on,
				      e->method, e->outcome, e->by,
				      next ? "  次回 " : "", next ? next : "");
		md_free(d);
		md_free(next);
		return t;
	}
	}
	return NULL;
}

/* The contact selected in full, below the list: who, and its note. */
static char *
contact_detail(const struct md_contact *c)
{
	const char *d = md_values_get(&c->values,
				      md_contact_field_code(MD_CF_DESCRIPTION));
	const char *note = md_values_get(&c->values,
					 md_contact_field_code(MD_CF_NOTE));
	return md_asprintf("%s%s%sメモ: %s", d ? "本人の特徴: " : "",
			   d ? d : "", d ? "  " : "", note ? note : "");
}

/* The referral selected in full, below the list: the day, whom to ask,
 * the phone, what to bring, the notes (those given); the keys. */
static char *
referral_detail(const struct md_referral *f)
{
	char *ap = *f->appointment_on
			   ? md_display_date(f->appointment_on, MD_DATE_SHORT)
			   : NULL;
	char *when = ap ? md_asprintf("%s %s", ap, f->appointment_time) : NULL;
	const struct {
		const char *label, *value;
	} parts[] = {
		{"窓口", f->desk},
		{"予約", when ? when : ""},
		{"担当者", f->person_in_charge},
		{"電話", f->phone},
		{"持ち物", f->bring},
		{"メモ", f->note},
		{"結果のメモ", f->result_note},
	};
	struct md_buf b;
	md_buf_init(&b);
	char *day = md_display_date(f->referred_on, MD_DATE_SHORT);
	md_buf_addf(&b, "%s %s", day ? day : f->referred_on, f->method);
	md_free(day);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (*parts[i].value)
			md_buf_addf(&b, "  %s: %s", parts[i].label,
				    parts[i].value);
	md_buf_addf(&b, "  (%sF9: 案内票を印刷)",
		    *f->follow_up_on ? "Enter: フォローアップの結果を記録  "
				     : "");
	md_free(ap);
	md_free(when);
	return md_buf_take(&b);
}

/* Whether item i begins a group under a rule of its own: a kind of item,
 * or a track with its steps and forms. */
static bool
group_starts(const struct casescr *cs, size_t i)
{
	const struct item *it = &cs->items[i], *prev = i ? it - 1 : NULL;
	if (!prev || it->track != prev->track)
		return true;
	return it->track < 0 && it->kind != prev->kind;
}

/* A track's rule: its name and where the case stands in it. */
static char *
track_title(const struct md_track_status *ts)
{
	return md_asprintf("%s%s%s%s  %s", ts->track->label,
			   *ts->track->cite ? "(" : "", ts->track->cite,
			   *ts->track->cite ? ")" : "", ts->text);
}

static void
case_draw(struct ui *ui, struct screen *s)
{
	struct casescr *cs = s->state;
	if (!cs->loaded) {
		ui_put(ui, 2, 2,
		       "ケースを読み込めませんでした。F5 で読み直します。",
		       ui->cols - 4);
		return;
	}
	const struct md_person *p = &cs->c.person;
	char head[512];
	int age = age_now(p->field[MD_PERSON_BIRTH_DATE]);
	char agebuf[16] = "";
	if (age >= 0)
		md_text_format(agebuf, sizeof agebuf, " %d歳", age);
	md_text_format(head, sizeof head, "ケース %lld  %s(%s)", cs->c.id,
		       p->field[MD_PERSON_NAME], p->field[MD_PERSON_KANA]);
	char state[256];
	md_text_format(state, sizeof state, "%s  %s: %s  担当: %s", agebuf,
		       cs->c.closed ? "終結" : "支援中",
		       md_workflow_stage_label(ui->wf, cs->c.stage),
		       cs->c.staff_name);
	attron(A_BOLD);
	/* Where the case stands and who is in charge are never lost: the
	 * ふりがな gives way first, then the name. */
	ui_put_ends(ui, 1, 1, head, state, ui->cols - 2);
	attroff(A_BOLD);

	int detail = 3; /* lines at the bottom for the selected item */
	int top = 2, bottom = ui->rows - 3 - detail;
	/* Lines: a rule before each kind, then the items. */
	int rows_total = 0, sel_row = 0;
	for (size_t i = 0; i < cs->nitems; i++) {
		if (group_starts(cs, i))
			rows_total++;
		if ((int)i == cs->sel)
			sel_row = rows_total;
		rows_total++;
	}
	int visible = bottom - top + 1;
	if (sel_row < cs->scroll + 1)
		cs->scroll = sel_row > 0 ? sel_row - 1 : 0;
	if (sel_row >= cs->scroll + visible)
		cs->scroll = sel_row - visible + 1;
	static const char *const titles[] =
		{"手順",
		 "様式",
		 "支援経過(新しい順、a で追加)",
		 "フォローアップの記録(新しい順、f で記録)",
		 "もとの相談票(Enter で開く)",
		 "つなぎ(t で記録、Enter でフォローアップの結果)"};
	int row = 0, y = top;
	for (size_t i = 0; i < cs->nitems && y <= bottom; i++) {
		if (group_starts(cs, i)) {
			int t = cs->items[i].track;
			char *title = t >= 0 ? track_title(&cs->flow.tracks[t])
					     : NULL;
			if (row++ >= cs->scroll)
				ui_rule(ui, y++,
					title ? title
					      : titles[cs->items[i].kind]);
			md_free(title);
			if (y > bottom)
				break;
		}
		if (row++ < cs->scroll)
			continue;
		int attr;
		char *right;
		char *t = item_text(cs, &cs->items[i], &attr, &right);
		if ((int)i == cs->sel)
			attr |= A_REVERSE;
		attron(attr);
		ui_put_pad(ui, y, 1, "", ui->cols - 2);
		ui_put_ends(ui, y++, 1, t ? t : "", right ? right : "",
			    ui->cols - 2);
		attroff(attr);
		md_free(t);
		md_free(right);
	}
	if (!cs->nitems)
		return;
	/* The selected item in full: every reason a step is closed, a
	 * step's help, an entry's text. */
	const struct item *it = &cs->items[cs->sel];
	const char *text = "";
	char *owned = NULL;
	if (it->kind == ITEM_STEP) {
		const struct md_step_status *st = &cs->flow.steps[it->index];
		text = st->state == MD_STEP_CLOSED ? st->why : st->step->help;
	} else if (it->kind == ITEM_ENTRY) {
		text = cs->recs[it->index].summary;
	} else if (it->kind == ITEM_FOLLOWUP) {
		text = cs->flow.events[it->index].note;
	} else if (it->kind == ITEM_CONTACT) {
		owned = contact_detail(&cs->contact);
		text = owned ? owned : "";
	} else if (it->kind == ITEM_REFERRAL) {
		owned = referral_detail(&cs->refs[it->index]);
		text = owned ? owned : "";
	} else if (it->kind == ITEM_FORM) {
		owned = md_asprintf("Enter: 開く  h: 履歴  F9: CSV に印刷");
		text = owned ? owned : "";
	}
	ui_rule(ui, bottom + 1, "");
	ui_put_lines(ui, bottom + 2, 2, text, ui->cols - 4, detail - 1);
	md_free(owned);
}

/* Whether an outcome is decisive: it closes the case or ends a track,
 * sends the process back (back_to) or ends a round of a form (new_round,
 * last_round). The workflow definition says which; no step is named
 * here. */
static bool
outcome_decisive(const struct md_wf_outcome *oc)
{
	return oc->close || oc->ends_track || oc->back_to >= 0 ||
	       oc->new_round || oc->last_round;
}

/* Whether some outcome of a step closes the case. */
static bool
step_may_close(const struct md_wf_step *step)
{
	for (size_t i = 0; i < step->noutcomes; i++)
		if (step->outcomes[i].close)
			return true;
	return false;
}

/* What an outcome does beyond being recorded, as clauses of a sentence
 * ("ケースを終結します"), each followed by "。". */
static void
outcome_effects(const struct ui *ui, const struct md_wf_step *step,
		const struct md_wf_outcome *oc, struct md_buf *b)
{
	if (oc->close)
		md_buf_adds(b, "ケースを終結します。");
	if (oc->ends_track && step->track)
		md_buf_addf(b, "%sを終えます(ケースは続きます)。",
			    step->track->label);
	if (oc->back_to >= 0) {
		const struct md_wf_step
			*to = md_workflow_step(ui->wf, (size_t)oc->back_to);
		md_buf_addf(b,
			    oc->new_round ? "「%s」の新しい回からやり直します。"
					  : "「%s」に戻ります。",
			    to ? to->label : "");
	} else if (oc->new_round) {
		md_buf_adds(b, "新しい回を始めます。");
	}
	if (oc->last_round && step->form)
		md_buf_addf(b, "%sはこの回で最後になります。",
			    step->form->number);
	if (oc->freezes)
		md_buf_addf(b, "%sを確定します。", oc->freezes->number);
}

/*
 * The question before a step is taken, naming what it does: every outcome
 * recorded (what a decisive one does: closing the case, going back, ending
 * a round), and a repeatable step recorded before (before: "前回 R8.4.1 田中
 * 一郎", or NULL when it was not). NULL when the take needs no question (no
 * outcome, the first time). A new string.
 */
static char *
take_question(const struct ui *ui, const struct md_wf_step *step,
	      const struct md_wf_outcome *oc, const char *before,
	      const struct md_take *t)
{
	if (!oc && !before)
		return NULL;
	struct md_buf b;
	md_buf_init(&b);
	if (before)
		md_buf_addf(&b, "%sは記録済みです(%s)。\n", step->label,
			    before);
	if (oc) {
		struct md_buf fx;
		md_buf_init(&fx);
		outcome_effects(ui, step, oc, &fx);
		const char *effects = md_buf_str(&fx);
		if (*effects)
			md_buf_addf(&b, "%sを「%s」で記録し、%s", step->label,
				    oc->label, effects);
		else
			md_buf_addf(&b, "%sを「%s」で記録します。", step->label,
				    oc->label);
		md_buf_fini(&fx);
	}
	md_buf_addf(&b, "\n(行った日: %s",
		    t->date && *t->date ? t->date : "今日");
	if (t->method)
		md_buf_addf(&b, "、方法: %s", t->method);
	if (t->agency)
		md_buf_addf(&b, "、つなぎ先: %s", t->agency);
	if (t->follow_up && *t->follow_up)
		md_buf_addf(&b, "、フォローアップ予定日: %s", t->follow_up);
	if (t->reason && *t->reason)
		md_buf_addf(&b, "、理由: %s", t->reason);
	md_buf_adds(&b, oc ? ")\nよろしいですか" : ")\nもう一度記録しますか");
	return md_buf_take(&b);
}

/* Ask what a step needs and take it. */
static void
take_step(struct ui *ui, struct casescr *cs, const struct md_step_status *st)
{
	const struct md_wf_step *step = st->step;
	struct md_take t = {.outcome = NULL};
	const struct md_wf_outcome *oc = NULL;
	/* A repeatable step recorded before: when, and by whom (st goes with
	 * the next load). */
	char *before = NULL;
	if (step->repeat && st->times > 0) {
		char *on = md_display_date(st->on, MD_DATE_SHORT);
		before = md_asprintf("前回 %s %s", on ? on : st->on, st->by);
		md_free(on);
	}
	if (step->outcome_from_form && st->form_outcome) {
		/* The outcome the form holds: named in the question, and
		 * refused by the engine if the form says otherwise by then. */
		oc = st->form_outcome;
		t.outcome = oc->label;
	}
	if (step->noutcomes && !step->outcome_from_form) {
		const char **labels = md_calloc(step->noutcomes,
						sizeof *labels);
		if (!labels) {
			md_free(before);
			return;
		}
		/* The cursor starts on the first outcome that decides nothing
		 * (継続支援 rather than 情報提供のみで終了). */
		int first = 0;
		for (size_t i = step->noutcomes; i-- > 0;) {
			labels[i] = step->outcomes[i].label;
			if (!outcome_decisive(&step->outcomes[i]))
				first = (int)i;
		}
		char title[256];
		md_text_format(title, sizeof title, "%sの結果", step->label);
		int pick = step->noutcomes == 1
				   ? 0
				   : ui_choose(ui, title, labels,
					       step->noutcomes, first, NULL);
		md_free(labels);
		if (pick < 0) {
			md_free(before);
			return;
		}
		oc = &step->outcomes[pick];
		t.outcome = oc->label;
	}
	if (step->nmethods) {
		/* How it was done (a follow-up: 電話, 訪問…). */
		char title[256];
		md_text_format(title, sizeof title, "%sの方法", step->label);
		int pick = ui_choose(ui, title, step->methods, step->nmethods,
				     0, NULL);
		if (pick < 0) {
			md_free(before);
			return;
		}
		t.method = step->methods[pick];
	}
	struct md_agency *ag = NULL;
	size_t nag = 0;
	char *reason = NULL, *follow = NULL, *note = NULL, *day = NULL;
	struct md_err err;
	if (oc && oc->agency != MD_WF_NONE) {
		if (md_agencies_list(ui->db, &ag, &nag, &err) != MD_OK) {
			ui_error(ui, &err);
			goto out;
		}
		const char **labels = md_calloc(nag + 1, sizeof *labels);
		size_t k = 0;
		/* Only agencies of the kind the outcome requires (001 第9条(5):
		 * the 福祉事務所). */
		for (size_t i = 0; labels && i < nag; i++)
			if (ag[i].active &&
			    (!oc->agency_kind ||
			     !strcmp(ag[i].kind, oc->agency_kind)))
				labels[k++] = ag[i].name;
		if (labels && oc->agency == MD_WF_OPTIONAL)
			labels[k++] = "(つなぎ先なし)";
		if (labels && !k) {
			md_free(labels);
			if (oc->agency_kind)
				ui_message(ui, true,
					   "種別「%s」の関係機関が一覧にありません(管理者が加えられます)",
					   oc->agency_kind);
			else
				ui_message(ui, true,
					   "関係機関の一覧が空です(管理者が加えられます)");
			goto out;
		}
		int pick = labels ? ui_choose(ui, "つなぎ先(関係機関)", labels,
					      k, 0, NULL)
				  : -1;
		if (pick >= 0 &&
		    !(oc->agency == MD_WF_OPTIONAL && (size_t)pick == k - 1))
			t.agency = labels[pick];
		md_free(labels);
		if (pick < 0)
			goto out;
	}
	/* What is typed here (a date, a reason) is asked again as typed when
	 * the step is refused for something that can be put right or that
	 * passes (a wrong date, a database in use), until taken or given up.
	 * The day the step was done comes last: today unless changed. */
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	day = md_display_date(today, MD_DATE_SHORT);
	for (;;) {
		if (oc && oc->follow_up != MD_WF_NONE &&
		    !ui_ask_again(ui,
				  oc->follow_up == MD_WF_REQUIRED
					  ? step->meets_follow_up
						    ? "次のフォローアップの予定日(例: R8.7.1)"
						    : "フォローアップの予定日(例: R8.7.1)"
				  : step->meets_follow_up
					  ? "次のフォローアップの予定日(なければ空のまま Enter)"
					  : "フォローアップの予定日(なければ空のまま Enter)",
				  &follow))
			goto out;
		if (oc && oc->reason != MD_WF_NONE &&
		    !ui_ask_again(ui, "理由", &reason))
			goto out;
		if (step->note != MD_WF_NONE &&
		    !ui_ask_again(ui,
				  step->note == MD_WF_REQUIRED
					  ? "メモ"
					  : "メモ(なければ空のまま Enter)",
				  &note))
			goto out;
		if (!ui_ask_again(ui, "手順を行った日(今日ならそのまま Enter)",
				  &day))
			goto out;
		t.date = day;
		t.follow_up = follow;
		t.reason = reason;
		t.note = note;
		/* Nothing decisive on one key: the question names what the
		 * step does, and its default (Enter) is no. */
		char *q = take_question(ui, step, oc, before, &t);
		bool go = !q || ui_confirm(ui, q);
		md_free(q);
		if (!go) {
			ui_message(ui, false, "%sは記録していません",
				   step->label);
			goto out;
		}
		enum md_status rc = md_workflow_take(ui->db, &ui->user, ui->wf,
						     ui->forms, cs->id,
						     step->id, &t, &err);
		if (rc == MD_OK)
			break;
		ui_error(ui, &err);
		load(ui, cs);
		if (!ui_may_retry(rc))
			goto out;
	}
	load(ui, cs);
	/* The outcome as recorded (read from the form where it comes
	 * from there). */
	const char *outcome = t.outcome;
	for (size_t i = 0; cs->loaded && i < cs->flow.nsteps; i++)
		if (cs->flow.steps[i].step == step &&
		    *cs->flow.steps[i].outcome)
			outcome = cs->flow.steps[i].outcome;
	ui_message(ui, false, "記録しました: %s%s%s", step->label,
		   outcome ? "：" : "", outcome ? outcome : "");
out:
	md_agencies_free(ag, nag);
	md_free(reason);
	md_free(follow);
	md_free(note);
	md_free(day);
	md_free(before);
}

static void
open_step(struct ui *ui, struct casescr *cs, const struct md_step_status *st)
{
	if (st->state == MD_STEP_DONE) {
		char on[MD_DISPLAY_WHEN_SIZE], at[MD_DISPLAY_WHEN_SIZE];
		ui_message(ui, false,
			   "%sは記録済みです(%s に行い、%s %s が記録)",
			   st->step->label,
			   md_display_when(st->on, MD_DATE_LONG, on),
			   md_display_when(st->at, MD_DATE_SHORT, at), st->by);
		return;
	}
	if (st->state == MD_STEP_CLOSED) {
		char msg[512];
		md_text_format(msg, sizeof msg, "%s", st->why);
		for (char *p = msg; *p; p++)
			if (*p == '\n')
				*p = ' ';
		ui_message(ui, true, "%s", msg);
		return;
	}
	if (!st->may_take) {
		ui_message(ui, true, "%sは、あなたの役割(%s)では記録できません",
			   st->step->label, md_role_label(ui->user.role));
		return;
	}
	const struct md_form *f = st->step->form;
	if (f && f->entries) {
		form_open(ui, cs->id, f->id, MD_SEQ_NEW, NULL, NULL);
		return;
	}
	if (f) {
		/* A form to fill first; once complete, the step can be taken.
		 * The round the step fills, or a new one when none exists. */
		bool complete = false, exists = false;
		for (size_t i = 0; i < cs->nrecs; i++)
			if (cs->recs[i].form == f &&
			    cs->recs[i].seq == st->round) {
				exists = true;
				complete = cs->recs[i].complete &&
					   cs->recs[i].revision > 0;
			}
		int seq = exists ? st->round : MD_SEQ_LATEST;
		if (st->step->complete && !complete) {
			form_open(ui, cs->id, f->id, seq, NULL, NULL);
			return;
		}
		char q[256];
		md_text_format(q, sizeof q,
			       "%sを記録しますか(n で様式を開きます)",
			       st->step->label);
		if (!ui_confirm(ui, q)) {
			form_open(ui, cs->id, f->id, seq, NULL, NULL);
			return;
		}
	}
	take_step(ui, cs, st);
}

/* f: the follow-up after a referral or closure (001 第9条(5)イ・(9)エ), on
 * a closed case too; the step says why when it cannot be taken. */
static void
follow_up(struct ui *ui, struct casescr *cs)
{
	const struct md_wf_step *fs = md_workflow_follow_up_step(ui->wf);
	for (size_t i = 0; fs && i < cs->flow.nsteps; i++)
		if (cs->flow.steps[i].step == fs) {
			open_step(ui, cs, &cs->flow.steps[i]);
			return;
		}
	ui_message(ui, true, "手順の定義にフォローアップの手順がありません");
}

static void
print_item(struct ui *ui, struct casescr *cs, const struct item *it)
{
	if (!it->form)
		return;
	char *path = ui_export_form_path(ui, cs->id, it->form);
	struct md_export_options o = {.encoding = ui->cfg.export_encoding,
				      .force = true,
				      .office = ui->cfg.office_name};
	struct md_err err;
	if (!path)
		return;
	if (md_export_form(ui->db, &ui->user, ui->forms, cs->id, it->form->id,
			   it->kind == ITEM_FORM && it->record_id
				   ? it->seq
				   : MD_SEQ_LATEST,
			   path, &o, &err) == MD_OK)
		ui_message(ui, false, "出力しました: %s", path);
	else
		ui_error(ui, &err);
	md_free(path);
}

static int rest_on(const struct casescr *cs);

/* The case before (dir -1) or after (dir 1) this one in the list the case
 * screen was opened from, in its place. */
static void
go_neighbour(struct ui *ui, struct screen *s, int dir)
{
	struct casescr *cs = s->state;
	struct screen *list = s->below;
	if (!list || !list->ops->neighbour) {
		ui_message(ui, true,
			   "前後のケースへは、一覧から開いたケースで移れます");
		return;
	}
	long long id = list->ops->neighbour(ui, list, cs->id, dir);
	if (!id) {
		ui_message(ui, false,
			   dir > 0 ? "一覧の最後のケースです"
				   : "一覧の最初のケースです");
		return;
	}
	cs->id = id;
	if (load(ui, cs)) {
		cs->scroll = 0;
		cs->sel = rest_on(cs);
	}
}

/* Reopen a closed case with the reason (主任相談支援員・管理者: the core
 * decides and records it), asked again as typed while it can be put
 * right. */
static void
reopen(struct ui *ui, struct casescr *cs)
{
	if (!cs->c.closed) {
		ui_message(ui, true,
			   "ケース %lld は終結していません(再開するのは終結したケースです)",
			   cs->id);
		return;
	}
	if (!ui_action_allowed(ui, ACT_REOPEN)) {
		ui_message(ui, true,
			   "終結したケースを再開できるのは主任相談支援員と管理者です");
		return;
	}
	char prompt[512];
	md_text_format(prompt, sizeof prompt,
		       "ケース %lld %s さんを再開します。理由", cs->id,
		       cs->c.person.field[MD_PERSON_NAME]);
	char *reason = NULL;
	struct md_err err;
	while (ui_ask_again(ui, prompt, &reason)) {
		enum md_status rc = md_workflow_reopen(ui->db, &ui->user,
						       ui->wf, cs->id, reason,
						       &err);
		if (rc == MD_OK) {
			ui_message(ui, false, "ケース %lld を再開しました",
				   cs->id);
			break;
		}
		ui_error(ui, &err);
		if (!ui_may_retry(rc))
			break;
	}
	md_free(reason);
	load(ui, cs);
}

/* The selection onto referral at (the one just recorded). */
static void
select_referral(struct casescr *cs, size_t at)
{
	for (size_t i = 0; i < cs->nitems; i++)
		if (cs->items[i].kind == ITEM_REFERRAL &&
		    cs->items[i].index == at)
			cs->sel = (int)i;
}

static unsigned
case_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct casescr *cs = s->state;
	enum ui_action a = ui_key_action(k, case_actions);
	if (a == ACT_BACK)
		return UI_CLOSE;
	if (a == ACT_REFRESH) {
		load(ui, cs);
		return UI_REDRAW;
	}
	if (!cs->loaded)
		return UI_REDRAW;
	const struct item *it = cs->nitems ? &cs->items[cs->sel] : NULL;
	if (a == ACT_OPEN && it) {
		if (it->kind == ITEM_STEP)
			open_step(ui, cs, &cs->flow.steps[it->index]);
		else if (it->kind == ITEM_CONTACT)
			contact_open(ui, cs->contact.id);
		else if (it->kind == ITEM_REFERRAL) {
			/* 001 第9条(5)イ: on a closed case too, reopening
			 * nothing. */
			if (ui_open_referral(ui, &cs->refs[it->index]))
				load(ui, cs);
		} else if (it->kind == ITEM_FOLLOWUP)
			ui_message(ui, false,
				   "フォローアップは f で記録します(メモは下に出ています)");
		else
			form_open(ui, cs->id, it->form->id,
				  it->record_id ? it->seq : MD_SEQ_LATEST, NULL,
				  NULL);
		return UI_REDRAW;
	}
	if (a == ACT_PRINT && it) {
		if (it->kind == ITEM_REFERRAL)
			ui_print_guide(ui, cs->refs[it->index].id);
		else
			print_item(ui, cs, it);
		return UI_REDRAW;
	}
	if (a == ACT_FIND) {
		entries_open(ui, NULL);
		return UI_REDRAW;
	}
	if (a == ACT_HISTORY) {
		if (it && it->kind != ITEM_STEP && it->record_id)
			history_open(ui, it->record_id, it->form);
		else
			ui_message(ui, false,
				   "履歴は保存された様式で見られます");
		return UI_REDRAW;
	}
	if (k->fkey) {
		int page = ui_page(ui, 10);
		switch (k->ch) {
		case KEY_UP:
			if (cs->sel > 0)
				cs->sel--;
			break;
		case KEY_DOWN:
			if ((size_t)cs->sel + 1 < cs->nitems)
				cs->sel++;
			break;
		case KEY_PPAGE:
			cs->sel = cs->sel > page ? cs->sel - page : 0;
			break;
		case KEY_NPAGE:
			cs->sel = (size_t)(cs->sel + page) < cs->nitems
					  ? cs->sel + page
					  : (int)cs->nitems - 1;
			break;
		case KEY_HOME:
			cs->sel = 0;
			break;
		case KEY_END:
			cs->sel = cs->nitems ? (int)cs->nitems - 1 : 0;
			break;
		}
		return UI_REDRAW;
	}
	if (k->ch == L'j' && (size_t)cs->sel + 1 < cs->nitems)
		cs->sel++;
	else if (k->ch == L'k' && cs->sel > 0)
		cs->sel--;
	switch (a) {
	case ACT_ENTRY: {
		const struct md_form *pf = NULL;
		for (size_t i = 0; i < ui->forms->n && !pf; i++)
			if (ui->forms->forms[i].entries)
				pf = &ui->forms->forms[i];
		if (pf)
			form_open(ui, cs->id, pf->id, MD_SEQ_NEW, NULL, NULL);
		break;
	}
	case ACT_FOLLOWUP:
		follow_up(ui, cs);
		break;
	case ACT_REFER: { /* 000 第3条(1)ア: to the exact next place */
		size_t before = cs->nrefs;
		ui_refer(ui, 0, cs->id);
		if (load(ui, cs) && cs->nrefs > before)
			select_referral(cs, cs->nrefs - 1);
		break;
	}
	case ACT_NEIGHBOUR: /* "< >": before, after */
		go_neighbour(ui, s, ui_key_which(k, a) ? 1 : -1);
		break;
	case ACT_REOPEN:
		reopen(ui, cs);
		break;
	case ACT_HOUSEHOLD: /* 000 第1条: the household as the unit */
		household_of_person(ui, cs->c.person.id,
				    cs->c.person.field[MD_PERSON_NAME]);
		break;
	case ACT_DISCLOSURES: /* issue 19: what was shared, and consent */
		disclosures_open(ui, cs->c.person_id,
				 cs->c.person.field[MD_PERSON_NAME]);
		break;
	default:
		break;
	}
	return UI_REDRAW;
}

static void
case_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct casescr *cs = s->state;
	unload(cs);
	md_free(cs);
}

static const struct screen_ops case_ops = {
	.title = "ケース",
	.actions = case_actions,
	.guide =
		"手順は、済(記録済み。行った日と記録した人)・可(今行える)・未(まだ"
		"行えない。下に理由)で表示します。今行える手順で Enter を押すと、様式を"
		"開くか、結果などと手順を行った日(今日が入っています)を聞きます。結果を"
		"記録するときと、記録済みの手順をもう一度記録するときは、何をするか(終結、"
		"前の手順へ戻るなど)を示して確かめます(Enter は「いいえ」)。開いたときの"
		"カーソルは、ケースを終結しうる手順には置きません。"
		"様式で Enter を押すと開き、h で履歴、F9 で CSV に印刷します。確定した"
		"様式(決定したプランなど)は読み取りのみで開きます。a で支援経過を 1 件"
		"追加し、F4 で支援経過を言葉で検索します。f でフォローアップ(つなぎや"
		"終結のあとに、本人がつながったかを確かめたこと: 日付、方法、結果、メモ)を"
		"記録します。終結したケースも再開せずに記録でき、予定していたフォロー"
		"アップは済みになります。結果が「つながっていない」なら次の予定日を入れ"
		"ます。t で他機関へつなぎ(関係機関・窓口・担当者・電話・予約・持ち物・"
		"フォローアップの日・つなぎ方)、案内票を印刷します。断られたときは、"
		"正しくない項目の名前が出て、その項目から入力したままの内容で聞き直します。"
		"手順の下に、ケースのもとの相談票(日付・相談方法・相談内容。Enter で"
		"開く)と、つなぎ(関係機関・窓口・つなぎ方・予約、フォローアップの予定日"
		"か結果)が並びます。つなぎの行で Enter を押すとフォローアップの結果を"
		"記録し(終結したケースも終結のまま)、F9 で案内票を印刷します。フォロー"
		"アップの予定は今日の予定にも出ます。いちばん下には、多機関協働などの"
		"流れが、その状態(未開始・進行中・終了とその理由)の見出しの下に、手順"
		"と様式とともに並びます。流れを終える結果(定着の確認、つなぎ元に戻す"
		"など)は流れだけを終え、ケースは続きます。< と > で、開いた一覧の前と次の"
		"ケースへ移ります。新たに支援する"
		"ための再開は、主任相談支援員と管理者が r で理由を入れて行います。"
		"H で本人の世帯(世帯員・続柄・支援対象者・担当部局・ケース)を開きます"
		"(世帯がなければ、本人を最初の世帯員として作るかを聞きます)。"
		"i で本人の提供記録(会議などで、いつ・何を・誰に・どの根拠で提供したか)を"
		"開き、そこで w を押すと同意の撤回を記録します。",
	.draw = case_draw,
	.key = case_key,
	.close = case_close,
};

/* Where the cursor rests when the case opens: never on a step that may
 * end the case (振り分け may), so that Enter pressed in haste ends nothing.
 * The first step that can be taken now and ends nothing, the main line
 * before the side (the progress entries), and both before a track's;
 * else the first line that is not a step that may end the case. */
static int
rest_on(const struct casescr *cs)
{
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < cs->nitems; i++) {
			const struct item *it = &cs->items[i];
			if (it->kind != ITEM_STEP ||
			    (it->track >= 0) != (pass == 2))
				continue;
			const struct md_step_status
				*st = &cs->flow.steps[it->index];
			if (st->state == MD_STEP_OPEN &&
			    (pass == 2 || st->step->side == (pass == 1)) &&
			    !step_may_close(st->step))
				return (int)i;
		}
	for (size_t i = 0; i < cs->nitems; i++) {
		const struct item *it = &cs->items[i];
		if (it->kind != ITEM_STEP ||
		    cs->flow.steps[it->index].state != MD_STEP_OPEN ||
		    !step_may_close(cs->flow.steps[it->index].step))
			return (int)i;
	}
	return 0;
}

bool
case_open(struct ui *ui, long long case_id)
{
	struct casescr *cs = md_calloc(1, sizeof *cs);
	if (!cs)
		return false;
	cs->id = case_id;
	if (!load(ui, cs)) {
		md_free(cs);
		return false;
	}
	cs->sel = rest_on(cs);
	ui_push(ui, &case_ops, cs);
	return true;
}
