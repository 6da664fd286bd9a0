/* The contact screen (相談票): one 80×24 screen to record any contact — at
 * the counter or on a visit, named or anonymous (000 第3条(1)) — and, once
 * saved, to refer it to the exact next place (つなぎ), record the outreach
 * attempts (001 第9条(1)), record a referral's follow-up (001 第9条(5)イ)
 * and promote it to a case when the person applies. Every option offered
 * is the definitions' (forms/contacts.ini); every rule is the core's. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "madoguchi/clock.h"
#include "madoguchi/contacts.h"
#include "madoguchi/display.h"
#include "madoguchi/drafts.h"
#include "madoguchi/mem.h"
#include "madoguchi/referrals.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

#define LABEL_W 20

/* How a field is edited. */
enum cf_kind {
	CF_TEXT,   /* typed in place */
	CF_DATE,   /* typed in place, read as 和暦 */
	CF_CHOICE, /* one of a list of the definitions */
	CF_MULTI,  /* several of a list */
	CF_PERSON, /* a registered person, or anonymous */
	CF_YESNO,  /* はい or nothing */
	CF_OFFICE  /* one of the offices */
};

/* The fields in the order of the screen, with the list of choices
 * (offsetof into struct md_contact_defs) where they are chosen. */
static const struct {
	enum md_contact_field f;
	enum cf_kind kind;
	size_t list; /* offsetof(struct md_contact_defs, member); 0: none */
} fields[] = {
#define LIST(m) offsetof(struct md_contact_defs, m)
	{MD_CF_DATE, CF_DATE, 0},
	{MD_CF_TIME, CF_TEXT, 0},
	{MD_CF_CHANNEL, CF_CHOICE, LIST(channels)},
	{MD_CF_KIND, CF_CHOICE, LIST(kinds)},
	{MD_CF_VISIT_REASON, CF_CHOICE, LIST(visit_reasons)},
	{MD_CF_PLACE, CF_TEXT, 0},
	{MD_CF_PERSON, CF_PERSON, 0},
	{MD_CF_DESCRIPTION, CF_TEXT, 0},
	{MD_CF_AGE_BAND, CF_CHOICE, LIST(age_bands)},
	{MD_CF_TOPICS, CF_MULTI, LIST(topics)},
	{MD_CF_RESPONSE, CF_CHOICE, LIST(responses)},
	{MD_CF_STAFF, CF_TEXT, 0},
	{MD_CF_OFFICE, CF_OFFICE, 0},
	{MD_CF_NOTE, CF_TEXT, 0},
	{MD_CF_OUTREACH, CF_YESNO, 0},
	{MD_CF_ROUTE, CF_CHOICE, LIST(routes)},
#undef LIST
};
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

/* What a row below the fields does (a saved contact only). */
enum cr_kind {
	CR_REFER,
	CR_REFERRAL,
	CR_ATTEMPT_ADD,
	CR_ATTEMPT,
	CR_PROMOTE
};

struct crow {
	enum cr_kind kind;
	size_t at; /* the referral or attempt */
};

struct contactscr {
	struct md_contact c;
	struct md_values saved;   /* as loaded or saved */
	struct md_values drafted; /* as last kept as a draft (or opened) */
	struct md_values faults;  /* field code → message */
	time_t draft_at;          /* when the draft was last kept */
	struct md_referral *refs;
	size_t nrefs;
	struct md_attempt *atts;
	size_t natts;
	struct crow *rows; /* the rows after the fields */
	size_t nrows;
	int focus; /* a field (< NFIELDS) or a row after them */
	int scroll;
	struct editor ed;
	bool editing;
};

static const enum ui_action contact_actions[] = {ACT_HELP,    ACT_SAVE,
						 ACT_OPEN,    ACT_PRINT,
						 ACT_REFRESH, ACT_BACK,
						 ACT_NONE};

static const char *
code_of(int i)
{
	return md_contact_field_code(fields[i].f);
}

static const struct md_choices *
list_of(const struct ui *ui, int i)
{
	if (!fields[i].list)
		return NULL;
	return (const struct md_choices *)((const char *)ui->contacts +
					   fields[i].list);
}

static const char *
value_of(const struct contactscr *cs, int i)
{
	const char *v = md_values_get(&cs->c.values, code_of(i));
	return v ? v : "";
}

static void
set_value(struct contactscr *cs, int i, const char *v)
{
	md_values_set(&cs->c.values, code_of(i), v && *v ? v : NULL, NULL);
	md_values_set(&cs->faults, code_of(i), NULL, NULL);
}

static bool
typed(int i)
{
	return i < NFIELDS &&
	       (fields[i].kind == CF_TEXT || fields[i].kind == CF_DATE);
}

static bool
dirty(const struct contactscr *cs)
{
	return !md_values_equal(&cs->c.values, &cs->saved);
}

static void commit_editor(struct contactscr *cs);

/* Keep what is typed as the user's draft of this contact (drafts.h): saved
 * when it differs from what was last kept, removed when nothing differs
 * from the contact as saved. Nothing is lost if the program is left or
 * killed; the draft is offered back when the contact opens again. */
static void
keep_draft(struct ui *ui, struct contactscr *cs)
{
	commit_editor(cs);
	cs->draft_at = time(NULL);
	if (md_values_equal(&cs->c.values, &cs->drafted))
		return;
	struct md_err err;
	enum md_status rc =
		dirty(cs) ? md_contact_draft_save(ui->db, &ui->user, cs->c.id,
						  cs->c.revision, &cs->c.values,
						  cs->focus < NFIELDS
							  ? code_of(cs->focus)
							  : NULL,
						  &err)
			  : md_contact_draft_discard(ui->db, &ui->user,
						     cs->c.id, &err);
	if (rc != MD_OK) {
		ui_error(ui, &err);
		return;
	}
	md_values_clear(&cs->drafted);
	md_values_copy(&cs->drafted, &cs->c.values, NULL);
}

/* The draft goes: the contact was saved, or the typing thrown away. */
static void
drop_draft(struct ui *ui, struct contactscr *cs, long long id)
{
	md_contact_draft_discard(ui->db, &ui->user, id, NULL);
	md_values_clear(&cs->drafted);
	md_values_copy(&cs->drafted, &cs->c.values, NULL);
}

/* The typed field's text back into the values. */
static void
commit_editor(struct contactscr *cs)
{
	if (!cs->editing)
		return;
	char *text = editor_text(&cs->ed);
	const char *old = value_of(cs, cs->focus);
	/* A date untouched keeps its ISO value (shown as R8.4.1). */
	char *shown = NULL;
	if (fields[cs->focus].kind == CF_DATE && *old)
		shown = md_display_date(old, MD_DATE_SHORT);
	if (text && strcmp(text, shown ? shown : old))
		set_value(cs, cs->focus, text);
	md_free(shown);
	md_free(text);
}

static void
start_editor(struct contactscr *cs)
{
	if (cs->editing)
		editor_fini(&cs->ed);
	cs->editing = typed(cs->focus);
	if (!cs->editing)
		return;
	const char *v = value_of(cs, cs->focus);
	char *shown = NULL;
	if (fields[cs->focus].kind == CF_DATE && strlen(v) == 10 && v[4] == '-')
		shown = md_display_date(v, MD_DATE_SHORT);
	editor_init(&cs->ed, shown ? shown : v, false);
	cs->ed.fresh = true;
	md_free(shown);
}

static int
nitems(const struct contactscr *cs)
{
	return NFIELDS + (int)cs->nrows;
}

static void
move_focus(struct contactscr *cs, int to)
{
	if (to < 0)
		to = 0;
	if (to >= nitems(cs))
		to = nitems(cs) - 1;
	if (to == cs->focus)
		return;
	commit_editor(cs);
	cs->focus = to;
	start_editor(cs);
}

static void
add_row(struct contactscr *cs, enum cr_kind kind, size_t at)
{
	struct crow *p = md_realloc(cs->rows, (cs->nrows + 1) * sizeof *p);
	if (!p)
		return;
	cs->rows = p;
	cs->rows[cs->nrows++] = (struct crow){kind, at};
}

/* The referrals and attempts of a saved contact, and the rows for them. */
static void
load_rows(struct ui *ui, struct contactscr *cs)
{
	md_referrals_free(cs->refs, cs->nrefs);
	md_attempts_free(cs->atts, cs->natts);
	cs->refs = NULL;
	cs->atts = NULL;
	cs->nrefs = cs->natts = 0;
	md_free(cs->rows);
	cs->rows = NULL;
	cs->nrows = 0;
	if (!cs->c.id)
		return;
	struct md_err err;
	if (md_referrals_of(ui->db, cs->c.id, 0, &cs->refs, &cs->nrefs, &err) !=
	    MD_OK)
		ui_error(ui, &err);
	if (md_attempts_list(ui->db, cs->c.id, &cs->atts, &cs->natts, &err) !=
	    MD_OK)
		ui_error(ui, &err);
	add_row(cs, CR_REFER, 0);
	for (size_t i = 0; i < cs->nrefs; i++)
		add_row(cs, CR_REFERRAL, i);
	if (md_values_get(&cs->c.values,
			  md_contact_field_code(MD_CF_OUTREACH))) {
		add_row(cs, CR_ATTEMPT_ADD, 0);
		for (size_t i = 0; i < cs->natts; i++)
			add_row(cs, CR_ATTEMPT, i);
	}
	add_row(cs, CR_PROMOTE, 0);
	if (cs->focus >= nitems(cs))
		cs->focus = nitems(cs) - 1;
}

/* Several options (one a line, or "|" between them) on one line, 「、」
 * between them. A new string, or NULL when out of memory. */
static char *
one_line(const char *v)
{
	struct md_buf b;
	md_buf_init(&b);
	for (const char *p = v; *p;) {
		size_t e = strcspn(p, "\n|");
		md_buf_addf(&b, "%s%.*s", b.len ? "、" : "", (int)e, p);
		p += e;
		p += strspn(p, "\n|");
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return b.len ? md_buf_take(&b) : (md_buf_fini(&b), md_strdup(""));
}

char *
ui_contact_text(const struct md_contact *c)
{
	const char *on = md_values_get(&c->values,
				       md_contact_field_code(MD_CF_DATE));
	const char *at = md_values_get(&c->values,
				       md_contact_field_code(MD_CF_TIME));
	const char *ch = md_values_get(&c->values,
				       md_contact_field_code(MD_CF_CHANNEL));
	const char *tp = md_values_get(&c->values,
				       md_contact_field_code(MD_CF_TOPICS));
	char *day = on ? md_display_date(on, MD_DATE_SHORT) : NULL;
	char *topics = one_line(tp ? tp : "");
	char *t = md_asprintf("相談票 %lld  %s%s%s  %s  %s", c->id,
			      day ? day : (on ? on : ""), at ? " " : "",
			      at ? at : "", ch ? ch : "", topics ? topics : "");
	md_free(day);
	md_free(topics);
	return t;
}

/* The text of field i when not edited: as typed when refused, a date in
 * 和暦, the person's 氏名, several 相談内容 on one line. */
static char *
field_text(const struct contactscr *cs, int i)
{
	const char *v = value_of(cs, i);
	if (md_values_get(&cs->faults, code_of(i)))
		return md_strdup(v);
	switch (fields[i].kind) {
	case CF_DATE: {
		char *w = *v ? md_display_date(v, MD_DATE_LONG) : NULL;
		return w ? w : md_strdup(v);
	}
	case CF_PERSON:
		if (!*v)
			return md_strdup("匿名(Enter で登録された人を選ぶ)");
		return md_asprintf("%s(本人番号 %s)",
				   cs->c.person_name && *cs->c.person_name
					   ? cs->c.person_name
					   : "登録された人",
				   v);
	case CF_MULTI:
		return one_line(v);
	case CF_YESNO:
		return md_strdup(*v ? "はい" : "いいえ");
	default:
		return md_strdup(v);
	}
}

/* The text of a row below the fields; *right (a new string, or NULL) is
 * drawn whole at its end (a referral's follow-up). */
static char *
row_text(const struct contactscr *cs, const struct crow *r, char **right)
{
	*right = NULL;
	switch (r->kind) {
	case CR_REFER:
		return md_strdup("▶ つなぎ(他機関へ取次ぎ・案内票)を記録する");
	case CR_REFERRAL: {
		char *t = ui_referral_text(&cs->refs[r->at], right);
		char *line = md_asprintf("  つなぎ %s", t ? t : "");
		md_free(t);
		return line;
	}
	case CR_ATTEMPT_ADD:
		return md_strdup("▶ 訪問・電話の試み(把握)を記録する");
	case CR_ATTEMPT: {
		const struct md_attempt *a = &cs->atts[r->at];
		char *d = md_display_date(a->done_on, MD_DATE_SHORT);
		char *t = md_asprintf("  試み %s %s %s  %s", d ? d : a->done_on,
				      a->method, a->result, a->note);
		md_free(d);
		return t;
	}
	case CR_PROMOTE:
		return cs->c.case_id
			       ? md_asprintf("  ケース %lld になりました(Enter で開く)",
					     cs->c.case_id)
			       : md_strdup(
					 "▶ ケースにする(本人が申し込んだとき)");
	}
	return NULL;
}

static const char *
field_hint(const struct contactscr *cs)
{
	if (cs->focus >= NFIELDS)
		return "Enter: 行う";
	switch (fields[cs->focus].kind) {
	case CF_DATE:
		return "R8.4.1・令和8年4月1日・2026-04-01 のどれでも";
	case CF_CHOICE:
	case CF_OFFICE:
		return "Enter: 一覧から選ぶ  1〜9: 番号で選ぶ";
	case CF_MULTI:
		return "Enter: 一覧から選ぶ(いくつでも)";
	case CF_PERSON:
		return "Enter: 登録された人を探す・匿名にする";
	case CF_YESNO:
		return "Space: はい/いいえ";
	default:
		return "文字を入力  F2: 保存  F10: 戻る";
	}
}

static void
contact_draw(struct ui *ui, struct screen *s)
{
	struct contactscr *cs = s->state;
	char head[256], state[96];
	if (cs->c.id)
		md_text_format(head, sizeof head, "相談票 %lld", cs->c.id);
	else
		md_text_format(head, sizeof head, "相談票(新規)");
	md_text_format(state, sizeof state, "  %s%s",
		       cs->c.id ? "保存済み" : "未保存",
		       dirty(cs) ? "  *変更あり" : "");
	attron(A_BOLD);
	ui_put_ends(ui, 1, 1, head, state, ui->cols - 2);
	attroff(A_BOLD);
	int top = 2, bottom = ui->rows - 5;
	int visible = bottom - top + 1;
	cs->scroll = ui_fields_scroll(cs->scroll, cs->focus, nitems(cs),
				      NFIELDS, visible);
	int cy = -1, cx = 0;
	for (int r = 0; r < visible; r++) {
		int i = cs->scroll + r, y = top + r;
		if (i >= nitems(cs))
			break;
		bool focus = i == cs->focus;
		if (i >= NFIELDS) {
			char *right;
			char *t = row_text(cs, &cs->rows[i - NFIELDS], &right);
			ui_row_line(ui, y, t, right, focus);
			md_free(t);
			md_free(right);
			continue;
		}
		char *t = focus && cs->editing ? NULL : field_text(cs, i);
		ui_field_line(ui, y, LABEL_W,
			      md_contact_field_label(fields[i].f), focus,
			      focus && cs->editing ? &cs->ed : NULL, t, 0,
			      md_values_get(&cs->faults, code_of(i)));
		md_free(t);
		if (focus && cs->editing)
			getyx(stdscr, cy, cx);
	}
	ui_rule(ui, ui->rows - 4, field_hint(cs));
	ui_put(ui, ui->rows - 3, 1,
	       cs->c.id
		       ? "F2: 保存  Enter: 選ぶ・行う  F9: 案内票を印刷  F10: 戻る"
		       : "F2: 保存(保存すると、つなぎ・試み・ケースにするが選べます)",
	       ui->cols - 2);
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx);
	}
}

/* Choose one of list for field i (marks: several). */
static void
choose_field(struct ui *ui, struct contactscr *cs, int i)
{
	const struct md_choices *l = list_of(ui, i);
	if (!l || !l->n)
		return;
	const char *label = md_contact_field_label(fields[i].f);
	const char *v = value_of(cs, i);
	if (fields[i].kind == CF_MULTI) {
		bool *marks = md_calloc(l->n, sizeof *marks);
		if (!marks)
			return;
		for (size_t k = 0; k < l->n; k++) {
			size_t len = strlen(l->items[k]);
			for (const char *p = v; *p;) {
				size_t e = strcspn(p, "\n|");
				if (e == len && !strncmp(p, l->items[k], len))
					marks[k] = true;
				p += e;
				p += strspn(p, "\n|");
			}
		}
		if (ui_choose(ui, label, l->items, l->n, 0, marks) >= 0) {
			struct md_buf b;
			md_buf_init(&b);
			for (size_t k = 0; k < l->n; k++)
				if (marks[k])
					md_buf_addf(&b, "%s%s",
						    b.len ? "\n" : "",
						    l->items[k]);
			set_value(cs, i, md_buf_ok(&b) ? md_buf_str(&b) : "");
			md_buf_fini(&b);
		}
		md_free(marks);
		return;
	}
	int cur = 0;
	for (size_t k = 0; k < l->n; k++)
		if (!strcmp(l->items[k], v))
			cur = (int)k;
	int pick = ui_choose(ui, label, l->items, l->n, cur, NULL);
	if (pick >= 0)
		set_value(cs, i, l->items[pick]);
}

static void
choose_office(struct ui *ui, struct contactscr *cs, int i)
{
	char *office = NULL;
	if (ui_choose_office(ui, NULL, "(なし)", false, &office))
		set_value(cs, i, office);
	md_free(office);
}

/* Who: a registered person found by name or ふりがな (the case list's
 * search), or anonymous (a description and an age band instead). */
static void
choose_person(struct ui *ui, struct contactscr *cs, int i)
{
	const char *ways[] = {"登録された人を探す(氏名・ふりがな・ケース番号)",
			      "匿名にする(本人の特徴と年代を記録)"};
	int way = ui_choose(ui, "本人", ways, 2, 0, NULL);
	if (way == 1) {
		set_value(cs, i, NULL);
		md_free(cs->c.person_name);
		cs->c.person_name = md_strdup("");
		return;
	}
	if (way != 0)
		return;
	char *q = ui_ask(ui,
			 "本人を探す: 氏名かふりがなの始め、またはケース番号",
			 "", false);
	if (!q || !*q) {
		md_free(q);
		return;
	}
	struct md_case_filter f = {.text = q, .include_closed = true};
	struct md_case_row *rows;
	size_t n;
	struct md_err err;
	if (md_case_search(ui->db, &ui->user, &f, NULL, 30, &rows, &n, &err) !=
	    MD_OK) {
		ui_error(ui, &err);
		md_free(q);
		return;
	}
	if (!n) {
		ui_message(ui, true,
			   "「%s」に当たる人はいません(匿名のまま記録し、"
			   "申し込みのときにケースにできます)",
			   q);
	} else {
		char **owned = md_calloc(n, sizeof *owned);
		const char **labels = md_calloc(n, sizeof *labels);
		for (size_t k = 0; owned && labels && k < n; k++) {
			owned[k] = md_asprintf("%s(%s) ケース %lld",
					       rows[k].name, rows[k].kana,
					       rows[k].case_id);
			labels[k] = owned[k] ? owned[k] : "";
		}
		int pick = owned && labels
				   ? ui_choose(ui, "本人", labels, n, 0, NULL)
				   : -1;
		if (pick >= 0) {
			char id[32];
			snprintf(id, sizeof id, "%lld", rows[pick].person_id);
			set_value(cs, i, id);
			md_free(cs->c.person_name);
			cs->c.person_name = md_strdup(rows[pick].name);
		}
		for (size_t k = 0; owned && k < n; k++)
			md_free(owned[k]);
		md_free(owned);
		md_free(labels);
	}
	md_case_rows_free(rows, n);
	md_free(q);
}

/* Enter or Space on field i. */
static void
activate_field(struct ui *ui, struct contactscr *cs, int i)
{
	switch (fields[i].kind) {
	case CF_CHOICE:
	case CF_MULTI:
		choose_field(ui, cs, i);
		break;
	case CF_OFFICE:
		choose_office(ui, cs, i);
		break;
	case CF_PERSON:
		choose_person(ui, cs, i);
		break;
	case CF_YESNO:
		set_value(cs, i, *value_of(cs, i) ? NULL : "はい");
		break;
	default:
		break;
	}
}

/* Save as one transaction: refused, each fault stays at its field and
 * what was typed stays; saved, the rows below open. */
static bool
contact_save(struct ui *ui, struct contactscr *cs)
{
	commit_editor(cs);
	struct md_err err;
	md_values_clear(&cs->faults);
	long long was = cs->c.id; /* the draft is kept under it (0: new) */
	enum md_status rc = md_contact_save(ui->db, &ui->user, ui->contacts,
					    &cs->c, &cs->faults, &err);
	if (rc != MD_OK) {
		ui_faults(ui, &cs->faults, &err);
		/* The focus on the first field refused. */
		for (int i = 0; i < NFIELDS; i++)
			if (md_values_get(&cs->faults, code_of(i))) {
				cs->focus = i;
				break;
			}
		start_editor(cs);
		return false;
	}
	md_values_clear(&cs->saved);
	md_values_copy(&cs->saved, &cs->c.values, NULL);
	drop_draft(ui, cs, was);
	load_rows(ui, cs);
	start_editor(cs);
	ui_message(ui, false, "相談票 %lld を保存しました", cs->c.id);
	return true;
}

/* Choose from a list of the definitions; NULL when given up. */
static const char *
choose_from(struct ui *ui, const char *title, const struct md_choices *l)
{
	int pick = ui_choose(ui, title, l->items, l->n, 0, NULL);
	return pick >= 0 ? l->items[pick] : NULL;
}

void
ui_print_guide(struct ui *ui, long long id)
{
	char name[64];
	snprintf(name, sizeof name, "案内票-%lld.csv", id);
	char *path = ui_export_path(ui, name);
	if (!path)
		return;
	struct md_export_options o = {.encoding = ui->cfg.export_encoding,
				      .force = true,
				      .office = ui->cfg.office_name};
	struct md_err err;
	if (md_referral_guide_csv(ui->db, &ui->user, ui->contacts, id, path, &o,
				  &err) != MD_OK) {
		ui_error(ui, &err);
		md_free(path);
		return;
	}
	ui_message(ui, false, "案内票を出力しました: %s", path);
	md_free(path);
}

/* Add the agency typed as 仮登録 (used at once; the administrator
 * confirms it later). False when refused (an existing one offered). */
static bool
add_provisional(struct ui *ui, const char *name)
{
	char *q = md_asprintf("関係機関「%s」は一覧にありません。仮登録して使いますか"
			      "(管理者があとで確認します。監査記録に残ります)",
			      name);
	bool yes = q && ui_confirm(ui, q);
	md_free(q);
	if (!yes)
		return false;
	char *phone = ui_ask(ui,
			     "仮登録: 電話番号(わからなければ空のまま Enter)",
			     "", false);
	struct md_agency_in in = {.name = name, .phone = phone};
	struct md_values faults;
	md_values_init(&faults);
	struct md_err err;
	long long id;
	enum md_status rc = md_agency_add_provisional(ui->db, &ui->user,
						      md_workflow_agency_kinds(
							      ui->wf),
						      &in, &id, &faults, &err);
	if (rc != MD_OK)
		ui_faults(ui, &faults, &err);
	md_values_fini(&faults);
	md_free(phone);
	return rc == MD_OK;
}

/* The questions of a referral, in order, each with the code of the fault
 * of md_referral_add that sends the dialog back to it. */
static const struct {
	const char *prompt, *fault;
} refer_asks[] = {
	{"つなぎ先の関係機関(名前・別名・その始め)", "agency"},
	{"窓口(空なら関係機関の窓口)", "desk"},
	{"担当者", "person_in_charge"},
	{"電話(空なら関係機関の電話)", "phone"},
	{"予約日(例: R8.4.10。なければ空のまま Enter)", "appointment_date"},
	{"予約の時刻(例: 14:00)", "appointment_time"},
	{"持ち物", "bring"},
	{"フォローアップの日(つながったか確かめる日)", "follow_up_on"},
	{"メモ", "note"},
};
enum {
	P_AGENCY,
	P_DESK,
	P_PIC,
	P_PHONE,
	P_ADATE,
	P_ATIME,
	P_BRING,
	P_FOLLOW,
	P_NOTE,
	P_N
};

/* The first question a refusal sends the dialog back to: the first one
 * whose answer is at fault; the last (メモ) when only the method is (the
 * list of methods comes after it, and Esc there gives up). */
static int
refer_again_from(const struct md_values *faults)
{
	for (int p = 0; p < P_N; p++)
		if (md_values_get(faults, refer_asks[p].fault))
			return p;
	return P_NOTE;
}

/* The hand-over method from the definitions' list, the cursor on the one
 * chosen before; NULL when none is chosen (Esc), which the core refuses
 * naming the field. */
static const char *
choose_method(struct ui *ui, const char *before)
{
	const struct md_choices *l = &ui->contacts->handovers;
	int cur = 0;
	for (size_t k = 0; before && k < l->n; k++)
		if (!strcmp(l->items[k], before))
			cur = (int)k;
	int pick = ui_choose(ui, "つなぎ方", l->items, l->n, cur, NULL);
	return pick >= 0 ? l->items[pick] : NULL;
}

/*
 * Refer contact_id or case_id (000 第3条(1)ア): the agency (found as typed,
 * folded; a new one 仮登録 and used at once), 窓口, 担当者, phone, the
 * appointment, what to bring, the follow-up day and the hand-over method.
 * A refusal says each fault (a Japanese message naming the field) and asks
 * again from the first question at fault, every answer kept as typed; Esc
 * on a question gives up. Then the 案内票 is offered for printing.
 */
void
ui_refer(struct ui *ui, long long contact_id, long long case_id)
{
	char *a[P_N] = {0};
	const char *method = NULL;
	char *provisional = NULL; /* the agency added as 仮登録 */
	long long id = 0;
	int from = 0;
	bool ask_method = true;
	for (;;) {
		int p = from;
		while (p < P_N && ui_ask_again(ui, refer_asks[p].prompt, &a[p]))
			p++;
		if (p < P_N)
			break;
		if (ask_method)
			method = choose_method(ui, method);
		struct md_referral_in in = {
			.contact_id = contact_id,
			.case_id = case_id,
			.agency = a[P_AGENCY],
			.desk = a[P_DESK],
			.person_in_charge = a[P_PIC],
			.phone = a[P_PHONE],
			.method = method,
			.appointment_date = a[P_ADATE],
			.appointment_time = a[P_ATIME],
			.bring = a[P_BRING],
			.note = a[P_NOTE],
			.follow_up = a[P_FOLLOW],
		};
		struct md_values faults;
		md_values_init(&faults);
		struct md_err err;
		enum md_status rc = md_referral_add(ui->db, &ui->user,
						    ui->contacts, &in, &id,
						    &faults, &err);
		bool unknown = rc == MD_ERR_INVALID && !provisional &&
			       md_values_get(&faults, "agency") && *a[P_AGENCY];
		if (rc != MD_OK)
			ui_faults(ui, &faults, &err);
		from = refer_again_from(&faults);
		md_values_fini(&faults);
		if (rc == MD_OK || !ui_may_retry(rc))
			break;
		/* An agency the catalogue lacks: 仮登録, and used at once,
		 * nothing asked again. */
		if (unknown && add_provisional(ui, a[P_AGENCY])) {
			provisional = md_strdup(a[P_AGENCY]);
			from = P_N;
			ask_method = false;
			continue;
		}
		ask_method = true;
	}
	for (int p = 0; p < P_N; p++)
		md_free(a[p]);
	if (!id) {
		if (!ui->message_error)
			ui_message(ui, false, "つなぎは記録していません");
		md_free(provisional);
		return;
	}
	if (provisional)
		ui_message(ui, false,
			   "関係機関「%s」を仮登録し(管理者があとで確認します)、"
			   "つなぎ %lld を記録しました",
			   provisional, id);
	else
		ui_message(ui, false, "つなぎ %lld を記録しました", id);
	md_free(provisional);
	if (ui_confirm_yes(ui,
			   "案内票(行き先・日時・担当者・持ち物)を印刷しますか"))
		ui_print_guide(ui, id);
}

/* Record the follow-up of referral id (001 第9条(5)イ・(9)エ): the result
 * and a note; clears it from 今日の予定. True when recorded. */
bool
ui_follow_up_referral(struct ui *ui, long long id, const char *about)
{
	struct md_contact_defs *d = ui->contacts;
	const char *result = choose_from(ui,
					 about ? about : "フォローアップの結果",
					 &d->results);
	if (!result)
		return false;
	char *note = NULL;
	bool done = false;
	while (ui_ask_again(ui, "フォローアップのメモ(確かめた相手・様子)",
			    &note)) {
		struct md_values faults;
		md_values_init(&faults);
		struct md_err err;
		enum md_status rc = md_referral_follow_up(ui->db, &ui->user, d,
							  id, result, note,
							  NULL, &faults, &err);
		if (rc == MD_OK) {
			ui_message(ui, false,
				   "フォローアップ(%s)を記録しました", result);
			done = true;
		} else {
			ui_faults(ui, &faults, &err);
		}
		md_values_fini(&faults);
		if (done || !ui_may_retry(rc))
			break;
	}
	md_free(note);
	return done;
}

char *
ui_referral_text(const struct md_referral *f, char **right)
{
	char *ap = *f->appointment_on
			   ? md_display_date(f->appointment_on, MD_DATE_SHORT)
			   : NULL;
	char *t = md_asprintf("%s%s %s(%s)%s%s%s%s", f->agency,
			      f->agency_provisional ? "(仮登録)" : "", f->desk,
			      f->method, ap ? "  予約 " : "", ap ? ap : "",
			      *f->appointment_time ? " " : "",
			      f->appointment_time);
	md_free(ap);
	char *due = *f->follow_up_on
			    ? md_display_date(f->follow_up_on, MD_DATE_SHORT)
			    : NULL;
	if (due)
		*right = md_asprintf("  フォロー予定 %s", due);
	else if (*f->result)
		*right = md_asprintf("  結果: %s", f->result);
	else
		*right = NULL;
	md_free(due);
	return t;
}

bool
ui_open_referral(struct ui *ui, const struct md_referral *f)
{
	if (*f->follow_up_on)
		return ui_follow_up_referral(ui, f->id, f->agency);
	ui_message(ui, false, "つなぎ %lld: %s %s  フォローアップは%s%s%s",
		   f->id, f->agency, f->method,
		   *f->result ? "済み(" : "予定されていません", f->result,
		   *f->result ? ")" : "");
	return false;
}

/* A visit or call of the outreach contact: method, result, day, note. */
static void
add_attempt(struct ui *ui, struct contactscr *cs)
{
	const char *method = choose_from(ui, "試みの方法",
					 &ui->contacts->attempt_methods);
	const char *result = method ? choose_from(ui, "結果",
						  &ui->contacts->attempt_results)
				    : NULL;
	if (!result)
		return;
	char *date = NULL, *note = NULL;
	while (ui_ask_again(ui, "日付(空なら今日)", &date) &&
	       ui_ask_again(ui, "メモ", &note)) {
		struct md_values faults;
		md_values_init(&faults);
		struct md_err err;
		long long id;
		enum md_status rc = md_attempt_add(ui->db, &ui->user,
						   ui->contacts, cs->c.id, date,
						   method, result, note, &id,
						   &faults, &err);
		if (rc == MD_OK)
			ui_message(ui, false, "試み(%s・%s)を記録しました",
				   method, result);
		else
			ui_faults(ui, &faults, &err);
		md_values_fini(&faults);
		if (rc == MD_OK || !ui_may_retry(rc))
			break;
	}
	md_free(date);
	md_free(note);
	load_rows(ui, cs);
}

/* The person applies: a case with the person, 相談内容 and note carried
 * into 第1号様式, asked first; an anonymous contact names the person. */
static void
promote(struct ui *ui, struct contactscr *cs)
{
	if (cs->c.case_id) {
		case_open(ui, cs->c.case_id);
		return;
	}
	if (dirty(cs)) {
		ui_message(ui, true, "ケースにする前に F2 で保存してください");
		return;
	}
	bool anon = !*value_of(cs, 6);
	char *q =
		md_asprintf("相談票 %lld からケースを作りますか。本人%s・日付・相談方法・相談内容・"
			    "メモを第1号様式に写し、この相談票をケースの最初の記録にします。"
			    "つなぎもケースに移ります",
			    cs->c.id, anon ? "(これから氏名を入力)" : "");
	bool yes = q && ui_confirm(ui, q);
	md_free(q);
	if (!yes)
		return;
	char *name = NULL, *kana = NULL;
	struct md_values person;
	md_values_init(&person);
	long long case_id = 0;
	for (;;) {
		if (anon && (!ui_ask_again(ui, "本人の氏名", &name) ||
			     !ui_ask_again(ui, "ふりがな", &kana)))
			break;
		md_values_clear(&person);
		if (anon) {
			md_values_set(&person, "name", name, NULL);
			md_values_set(&person, "kana", kana, NULL);
		}
		struct md_values faults;
		md_values_init(&faults);
		struct md_err err;
		enum md_status rc = md_contact_promote(ui->db, &ui->user,
						       ui->contacts, ui->wf,
						       ui->forms, cs->c.id,
						       anon ? &person : NULL,
						       &case_id, &faults, &err);
		if (rc != MD_OK)
			ui_faults(ui, &faults, &err);
		md_values_fini(&faults);
		if (rc == MD_OK || !anon || !ui_may_retry(rc))
			break;
	}
	md_values_fini(&person);
	md_free(name);
	md_free(kana);
	if (!case_id)
		return;
	cs->c.case_id = case_id;
	ui_message(ui, false, "相談票 %lld からケース %lld を作りました",
		   cs->c.id, case_id);
	case_open(ui, case_id);
}

static void
activate_row(struct ui *ui, struct contactscr *cs, const struct crow *r)
{
	switch (r->kind) {
	case CR_REFER:
		if (dirty(cs)) {
			ui_message(ui, true,
				   "つなぎの前に F2 で保存してください");
			return;
		}
		ui_refer(ui, cs->c.id, cs->c.case_id);
		break;
	case CR_REFERRAL:
		ui_open_referral(ui, &cs->refs[r->at]);
		break;
	case CR_ATTEMPT_ADD:
		add_attempt(ui, cs);
		break;
	case CR_ATTEMPT:
		break;
	case CR_PROMOTE:
		promote(ui, cs);
		break;
	}
	load_rows(ui, cs);
}

/* About 4 times a second while the keys pause: the draft, once the
 * autosave interval has passed. */
static void
contact_tick(struct ui *ui, struct screen *s)
{
	struct contactscr *cs = s->state;
	if (time(NULL) - cs->draft_at >= ui->cfg.drafts_autosave_seconds)
		keep_draft(ui, cs);
}

/* The program ends or locks: the draft now. */
static void
contact_keep(struct ui *ui, struct screen *s)
{
	keep_draft(ui, s->state);
}

static unsigned
contact_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct contactscr *cs = s->state;
	/* Ticks come only when the keys pause: typing without a pause keeps
	 * the draft too. */
	contact_tick(ui, s);
	switch (ui_key_action(k, cs->editing ? NULL : contact_actions)) {
	case ACT_BACK:
		return UI_CLOSE;
	case ACT_SAVE:
		contact_save(ui, cs);
		return UI_REDRAW;
	case ACT_REFRESH:
		commit_editor(cs);
		load_rows(ui, cs);
		start_editor(cs);
		return UI_REDRAW; /* what is typed stays */
	case ACT_PRINT: {
		long long id = 0;
		if (cs->focus >= NFIELDS &&
		    cs->rows[cs->focus - NFIELDS].kind == CR_REFERRAL)
			id = cs->refs[cs->rows[cs->focus - NFIELDS].at].id;
		else if (cs->nrefs)
			id = cs->refs[cs->nrefs - 1].id;
		if (id)
			ui_print_guide(ui, id);
		else
			ui_message(ui, true,
				   "案内票は、つなぎを記録すると印刷できます");
		return UI_REDRAW;
	}
	case ACT_OPEN:
		if (cs->editing) {
			move_focus(cs, cs->focus + 1);
		} else if (cs->focus < NFIELDS) {
			activate_field(ui, cs, cs->focus);
		} else {
			activate_row(ui, cs, &cs->rows[cs->focus - NFIELDS]);
		}
		return UI_REDRAW;
	default:
		break;
	}
	int to;
	if (ui_fields_move(k, cs->focus, nitems(cs), &to)) {
		move_focus(cs, to);
		return UI_REDRAW;
	}
	if (cs->editing) {
		bool changed;
		editor_key(ui, &cs->ed, k, &changed);
		if (changed)
			md_values_set(&cs->faults, code_of(cs->focus), NULL,
				      NULL);
		return UI_REDRAW;
	}
	if (cs->focus >= NFIELDS)
		return UI_REDRAW;
	const struct md_choices *l = list_of(ui, cs->focus);
	if (!k->fkey && k->ch == L' ')
		activate_field(ui, cs, cs->focus);
	else if (!k->fkey && k->ch >= L'1' && k->ch <= L'9' && l &&
		 fields[cs->focus].kind == CF_CHOICE &&
		 (size_t)(k->ch - L'1') < l->n)
		set_value(cs, cs->focus, l->items[k->ch - L'1']);
	else if (!k->fkey && (k->ch == L'j' || k->ch == L'k'))
		move_focus(cs, cs->focus + (k->ch == L'j' ? 1 : -1));
	return UI_REDRAW;
}

/* Leaving with typed text asks, as a form does: save, or throw away once
 * asked again, or stay. */
static bool
contact_leave(struct ui *ui, struct screen *s)
{
	struct contactscr *cs = s->state;
	commit_editor(cs);
	if (!dirty(cs)) {
		drop_draft(ui, cs, cs->c.id);
		return true;
	}
	switch (ui_ask_leave(ui, cs->c.id ? "この相談票の変更と下書き"
					  : "この相談票(新規)と下書き")) {
	case 's':
		return contact_save(ui, cs);
	case 'd':
		drop_draft(ui, cs, cs->c.id);
		return true;
	default:
		return false;
	}
}

static char *
contact_context(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct contactscr *cs = s->state;
	if (cs->focus >= NFIELDS)
		return NULL;
	return md_asprintf("いまの項目: %s(%s)",
			   md_contact_field_label(fields[cs->focus].f),
			   field_hint(cs));
}

static void
contact_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct contactscr *cs = s->state;
	if (cs->editing)
		editor_fini(&cs->ed);
	md_contact_fini(&cs->c);
	md_values_fini(&cs->saved);
	md_values_fini(&cs->drafted);
	md_values_fini(&cs->faults);
	md_referrals_free(cs->refs, cs->nrefs);
	md_attempts_free(cs->atts, cs->natts);
	md_free(cs->rows);
	md_free(cs);
}

static const struct screen_ops contact_ops = {
	.title = "相談票",
	.actions = contact_actions,
	.guide =
		"すべての相談を 1 枚に記録します(000 第3条(1))。日付・時刻・相談方法・"
		"窓口相談か訪問相談か(訪問なら理由と訪問先)・本人(登録された人か、"
		"匿名なら本人の特徴と年代)・相談内容(いくつでも)・対応・担当職員・事業所・"
		"メモ。選ぶ項目は Enter で一覧から、文字の項目はそのまま入力します。"
		"F2 で保存します(正しくない項目はその横に理由が出て、入力はそのまま"
		"残ります)。入力中の内容は数秒ごとに下書きとして残り、プログラムが"
		"終わっても失われません。次にこの相談票を開いたとき(新規なら c)と"
		"次のログインで復元を聞きます。保存するか、破棄すると下書きは消えます。"
		"保存すると下に、つなぎ(関係機関・窓口・担当者・電話・予約・持ち物・"
		"フォローアップの日・つなぎ方。一覧にない関係機関は仮登録してすぐ使え"
		"ます。断られたときは項目の名前が出て、その項目から入力したままの内容で"
		"聞き直します。案内票を印刷)、把握の試み"
		"(訪問・電話とその結果。同意の前から記録できます)、ケースにする"
		"(本人が申し込んだとき。確かめてから)が並び、Enter で行います。"
		"つなぎの行で Enter を押すとフォローアップの結果を記録し、F9 で"
		"案内票を出力先フォルダに出力します。",
	.draw = contact_draw,
	.key = contact_key,
	.tick = contact_tick,
	.leave = contact_leave,
	.close = contact_close,
	.keep = contact_keep,
	.context = contact_context,
};

/* The draft d laid on the contact (what was typed, the revision it
 * started from, the field the cursor was on). */
static void
restore_draft(struct contactscr *cs, const struct md_contact_draft *d)
{
	const char *person = md_contact_field_code(MD_CF_PERSON);
	const char *was = md_values_get(&cs->c.values, person);
	const char *now = md_values_get(&d->values, person);
	/* Another person typed: named by number until saved. */
	if (!was || !now || strcmp(was, now)) {
		md_free(cs->c.person_name);
		cs->c.person_name = md_strdup("");
	}
	md_values_clear(&cs->c.values);
	md_values_copy(&cs->c.values, &d->values, NULL);
	cs->c.revision = d->base_revision;
	for (int i = 0; i < NFIELDS; i++)
		if (!strcmp(code_of(i), d->field))
			cs->focus = i;
}

/* A draft left for the contact: restored (the safe answer, Enter), or
 * thrown away once asked again; without asking when ask is false (the
 * person chose it at the login). One that holds nothing else than the
 * contact as saved goes without a word. */
static void
offer_draft(struct ui *ui, struct contactscr *cs, bool ask)
{
	struct md_contact_draft d;
	bool found = false;
	struct md_err err;
	if (md_contact_draft_load(ui->db, &ui->user, cs->c.id, &d, &found,
				  &err) != MD_OK) {
		ui_error(ui, &err);
		return;
	}
	if (!found)
		return;
	char at[MD_DISPLAY_WHEN_SIZE];
	md_display_when(d.updated_at, MD_DATE_SHORT, at);
	bool restore = !md_values_equal(&d.values, &cs->c.values);
	if (restore && ask) {
		char *q =
			cs->c.id
				? md_asprintf("相談票 %lld には保存していない下書き(%s)があります。"
					      "復元しますか(n: 下書きを破棄して保存済みの内容を開く)",
					      cs->c.id, at)
				: md_asprintf("入力中だった新しい相談票の下書き(%s)があります。"
					      "復元しますか(n: 下書きを破棄して新しく始める)",
					      at);
		char *lost = md_asprintf("相談票%sの下書き(%s 保存)",
					 cs->c.id ? "" : "(新規)", at);
		restore = ui_confirm_yes(ui, q ? q : "下書きを復元しますか") ||
			  !ui_confirm_discard(ui, lost ? lost : "この下書き");
		md_free(q);
		md_free(lost);
	}
	if (restore) {
		restore_draft(cs, &d);
		ui_message(ui, false,
			   "下書きを復元しました(%s)。F2 で保存します", at);
	} else {
		md_contact_draft_discard(ui->db, &ui->user, cs->c.id, NULL);
	}
	md_contact_draft_fini(&d);
}

/* The label of a contact draft in a list: the contact, who (an anonymous
 * one's description) and when it was kept. A new string. */
char *
ui_contact_draft_label(const struct md_contact_draft *d)
{
	char at[MD_DISPLAY_WHEN_SIZE];
	const char *who = md_values_get(&d->values, md_contact_field_code(
							    MD_CF_DESCRIPTION));
	const char *person = md_values_get(&d->values,
					   md_contact_field_code(MD_CF_PERSON));
	char num[32] = "(新規)", named[48] = "";
	if (d->contact_id)
		snprintf(num, sizeof num, " %lld", d->contact_id);
	/* A registered person by number (the name is not in the draft). */
	if (!who && person)
		snprintf(named, sizeof named, "本人番号 %.20s", person);
	return md_asprintf("相談票%s %s(%s 保存)", num, who ? who : named,
			   md_display_when(d->updated_at, MD_DATE_SHORT, at));
}

/* Open contact id (0: a new one), its draft offered back (ask) or
 * restored. */
static bool
open_contact(struct ui *ui, long long id, bool ask)
{
	struct contactscr *cs = md_calloc(1, sizeof *cs);
	if (!cs)
		return false;
	md_values_init(&cs->saved);
	md_values_init(&cs->drafted);
	md_values_init(&cs->faults);
	struct md_err err;
	enum md_status rc = id ? md_contact_get(ui->db, &ui->user, id, &cs->c,
						&err)
			       : md_contact_new(ui->db, &ui->user, ui->contacts,
						&cs->c, &err);
	if (rc != MD_OK) {
		ui_error(ui, &err);
		md_values_fini(&cs->saved);
		md_values_fini(&cs->drafted);
		md_values_fini(&cs->faults);
		md_free(cs);
		return false;
	}
	md_values_copy(&cs->saved, &cs->c.values, NULL);
	offer_draft(ui, cs, ask);
	md_values_copy(&cs->drafted, &cs->c.values, NULL);
	cs->draft_at = time(NULL);
	load_rows(ui, cs);
	start_editor(cs);
	ui_push(ui, &contact_ops, cs);
	return true;
}

bool
contact_open(struct ui *ui, long long id)
{
	return open_contact(ui, id, true);
}

bool
contact_restore(struct ui *ui, long long id)
{
	return open_contact(ui, id, false);
}
