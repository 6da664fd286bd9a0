/* The household screen (世帯): every current member on one 80×24 screen —
 * 続柄, 氏名 (or the description of one not registered), age today, 同居・
 * 別居, 支援対象者, 担当部局, their open cases with stage and next due date —
 * the household's 課題 and note, and what 004 図4 reads of it; the members
 * who moved out in a history view (F6). It is built as it is told: members
 * added (registered, new after the duplicate check, or not registered),
 * changed and moved out (000 第1条 世帯単位; 003 §6-2(3)ア). Every rule is
 * the core's (households.h); every option the definitions'
 * (forms/households.ini). */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/households.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

struct householdscr {
	long long id;
	struct md_household h;
	bool loaded;
	bool former;  /* the history view: the members who moved out */
	size_t *rows; /* the members of the view: indexes into h.members */
	size_t nrows;
	int sel, scroll;
};

static const enum ui_action household_actions[] =
	{ACT_HELP,        ACT_OPEN,        ACT_MEMBER_ADD,
	 ACT_MEMBER_EDIT, ACT_MEMBER_MOVE, ACT_HOUSEHOLD_EDIT,
	 ACT_ELIGIBILITY, ACT_HISTORY,     ACT_HOUSEHOLD_CASES,
	 ACT_PRINT,       ACT_REFRESH,     ACT_BACK,
	 ACT_NONE};

/* The rows below the list: the 課題 and note (a rule and two lines), 004
 * 図4 (a rule and a line) and the member selected (two lines). */
#define HOUSEHOLD_BELOW 7
/* Above the list: the household's line and the headings. */
#define HOUSEHOLD_TOP 3

/* The table of the members: headings and rows are drawn from it. At 80
 * columns 「小学生(氏名不詳)」 and 「子の配偶者」 fit whole; a 続柄 or 担当部局
 * cut shows whole under the list, with the member selected. */
static const struct ui_column household_columns[] = {
	{"続柄", 10, false, 1},
	{"氏名", 18, false, 3},
	{"年齢", 4, true, 0},
	{"居住", 4, false, 0},
	{"支援", 4, false, 0},
	{"担当部局", 10, false, 2},
	{"ケース(段階・次の予定)", 22, false, 3},
};
enum {
	COL_RELATION,
	COL_NAME,
	COL_AGE,
	COL_LIVING,
	COL_SUPPORT,
	COL_DEPARTMENTS,
	COL_CASES,
	NCOLS
};

/* The history view's table. */
static const struct ui_column former_columns[] = {
	{"続柄", 10, false, 1},   {"氏名", 18, false, 3},
	{"年齢", 4, true, 0},     {"転入日", 9, false, 0},
	{"転出日", 9, false, 0},  {"転出の理由", 12, false, 2},
	{"ケース", 11, false, 2},
};

/* Rows of the list on the screen: 12 at 24 rows. */
static int
household_visible(const struct ui *ui)
{
	return ui_page(ui, HOUSEHOLD_TOP + HOUSEHOLD_BELOW + 2);
}

static const struct md_member *
household_selected(const struct householdscr *hs)
{
	if (!hs->loaded || !hs->nrows || hs->sel < 0 ||
	    (size_t)hs->sel >= hs->nrows)
		return NULL;
	return &hs->h.members[hs->rows[hs->sel]];
}

/* The members of the view (current or former) into rows, the selection
 * on member_id where it still is. */
static void
household_view(struct householdscr *hs, long long member_id)
{
	md_free(hs->rows);
	hs->rows = NULL;
	hs->nrows = 0;
	if (!hs->loaded || !hs->h.nmembers)
		return;
	hs->rows = md_calloc(hs->h.nmembers, sizeof *hs->rows);
	if (!hs->rows)
		return;
	for (size_t i = 0; i < hs->h.nmembers; i++)
		if (hs->h.members[i].current != hs->former) {
			if (hs->h.members[i].id == member_id)
				hs->sel = (int)hs->nrows;
			hs->rows[hs->nrows++] = i;
		}
	if (hs->sel >= (int)hs->nrows)
		hs->sel = hs->nrows ? (int)hs->nrows - 1 : 0;
}

/* Read the household again (former members too, for the history view);
 * the selection stays on the same member. False, the message shown and
 * what was read before kept, when it cannot be read. */
static bool
household_load(struct ui *ui, struct householdscr *hs)
{
	const struct md_member *m = household_selected(hs);
	long long keep = m ? m->id : 0;
	struct md_household h;
	struct md_err err;
	if (md_household_get(ui->db, &ui->user, ui->households, ui->wf, hs->id,
			     NULL, true, &h, &err) != MD_OK) {
		ui_error(ui, &err);
		return false;
	}
	if (hs->loaded)
		md_household_fini(&hs->h);
	hs->h = h;
	hs->loaded = true;
	household_view(hs, keep);
	return true;
}

/* Select the current member who is person_id (a new member: member_id). */
static void
household_select(struct householdscr *hs, long long person_id,
		 long long member_id)
{
	for (size_t r = 0; r < hs->nrows; r++) {
		const struct md_member *m = &hs->h.members[hs->rows[r]];
		if ((person_id && m->person_id == person_id) ||
		    (member_id && m->id == member_id))
			hs->sel = (int)r;
	}
}

/* The age in the table: 「約8」 when reckoned from an age given. */
static void
household_age(const struct md_member *m, char *out, size_t size)
{
	*out = '\0';
	if (m->age >= 0)
		md_text_format(out, size, "%s%d",
			       m->birth_estimated ? "約" : "", m->age);
}

/* The cases cell: the first case's number and stage (*left, cut first),
 * its next due day whole and how many more (*right). New strings. */
static void
household_case_cell(const struct ui *ui, const struct md_member *m, char **left,
		    char **right)
{
	*left = *right = NULL;
	if (!m->ncases)
		return;
	const struct md_member_case *c = &m->cases[0];
	char buf[MD_DISPLAY_WHEN_SIZE], more[32] = "";
	/* Its answer, never buf: a day not known ("") comes back itself. */
	const char *due = md_display_when(c->due_on, MD_DATE_SHORT, buf);
	if (m->ncases > 1)
		md_text_format(more, sizeof more, " 他%zu", m->ncases - 1);
	*left = md_asprintf("%lld %s", c->case_id,
			    md_workflow_stage_label(ui->wf, c->stage));
	*right = md_asprintf("%s%s%s%s", *due ? " " : "", due,
			     c->overdue ? "!" : "", more);
}

/* One member's row of the current table at y. */
static void
household_row(const struct ui *ui, const struct md_member *m, int y)
{
	int xs[UI_COLUMNS_MAX], ws[UI_COLUMNS_MAX];
	ui_columns_layout(ui, household_columns, NCOLS, ui->cols - 2, xs, ws);
	char age[16];
	household_age(m, age, sizeof age);
	char *departments = ui_join(m->departments, m->ndepartments, "");
	const char *cells[NCOLS] = {m->relation,
				    m->name,
				    age,
				    m->living,
				    m->needs_support ? "はい" : "",
				    departments ? departments : "",
				    ""};
	ui_put_columns(ui, y, 1, ui->cols - 2, household_columns, NCOLS, cells);
	char *left, *right;
	household_case_cell(ui, m, &left, &right);
	/* The day a case waits for stays whole; its stage gives way. */
	ui_put_ends(ui, y, 1 + xs[COL_CASES], left ? left : "",
		    right ? right : "", ws[COL_CASES]);
	md_free(left);
	md_free(right);
	md_free(departments);
}

/* One former member's row of the history table at y. */
static void
household_former_row(const struct ui *ui, const struct md_member *m, int y)
{
	char age[16], in[MD_DISPLAY_WHEN_SIZE], out[MD_DISPLAY_WHEN_SIZE],
		cases[32] = "";
	household_age(m, age, sizeof age);
	if (m->ncases)
		md_text_format(cases, sizeof cases, "%lld%s",
			       m->cases[0].case_id,
			       m->ncases > 1 ? " ほか" : "");
	const char *cells[] = {m->relation,
			       m->name,
			       age,
			       md_display_when(m->moved_in_on, MD_DATE_SHORT,
					       in),
			       md_display_when(m->moved_out_on, MD_DATE_SHORT,
					       out),
			       m->reason_out,
			       cases};
	ui_put_columns(ui, y, 1, ui->cols - 2, former_columns,
		       sizeof former_columns / sizeof former_columns[0], cells);
}

/* What 004 図4 sorts a household by: the current members who need
 * support, by the bands of [ages] (their 担当部局 are in the table; the
 * advice, d, counts them, 障害 and 生活困窮 too; without [eligibility] how
 * many have none is said here). */
static char *
household_figure4(const struct ui *ui, const struct md_household *h)
{
	size_t band[MD_AGE_BAND_COUNT] = {0}, unknown = 0, with = 0;
	for (size_t i = 0; i < h->nmembers; i++) {
		const struct md_member *m = &h->members[i];
		if (!m->current || !m->needs_support)
			continue;
		if (m->band == MD_AGE_UNKNOWN)
			unknown++;
		else
			band[m->band]++;
		if (m->ndepartments)
			with++;
	}
	if (!h->nsupport)
		return md_strdup(
			"支援対象者はいません(e で世帯員を支援対象者にします)");
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b, "支援対象者 %zu 人(", h->nsupport);
	const char *sep = "";
	for (int i = 0; i < MD_AGE_BAND_COUNT; i++)
		if (band[i]) {
			md_buf_addf(&b, "%s%s %zu", sep,
				    md_household_age_band_label(ui->households,
								(enum md_age_band)
									i),
				    band[i]);
			sep = "・";
		}
	if (unknown)
		md_buf_addf(&b, "%s年齢不明 %zu", sep, unknown);
	md_buf_adds(&b, ")");
	if (!h->eligibility.defined)
		md_buf_addf(&b, " 担当部局なし %zu 人", h->nsupport - with);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

/* The rule over 004 図4's line: the decision last recorded, who and when,
 * and whether the household changed since. A new string. */
static char *
household_decision(const struct md_household *h)
{
	const struct md_household_eligibility *e = &h->eligibility;
	const struct md_household_decision *d = &e->last;
	char at[MD_DISPLAY_WHEN_SIZE];
	if (!e->defined)
		return md_strdup("004 図4");
	if (!d->revision)
		return md_strdup("004 図4 多機関協働の対象判定(d)  記録: なし");
	char day[MD_DATE_SIZE];
	md_text_format(day, sizeof day, "%.10s", d->at); /* its day */
	return md_asprintf("004 図4 多機関協働の対象判定(d)  記録: %s(%s %s)%s",
			   d->verdict, md_display_when(day, MD_DATE_SHORT, at),
			   d->by, d->nchanges ? "・その後に変化あり" : "");
}

/* The advice of 004 図4 from the members and the answers last recorded,
 * "" when the definitions have none. A new string. */
static char *
household_advice(const struct md_household *h)
{
	const struct md_eligibility_result *r = &h->eligibility.advice;
	if (!h->eligibility.defined || !r->verdict)
		return md_strdup("");
	if (r->row)
		return md_asprintf("  助言: %s(行 %d)", r->verdict,
				   r->row->number);
	return md_asprintf("  助言: %s", r->verdict);
}

/* The member selected in full, for the two lines under the list and F1:
 * who they are, their birth date, days in and out, consent, note and every
 * open case with its staff and next due date. A new string. */
static char *
household_member_text(const struct ui *ui, const struct md_member *m)
{
	char a[MD_DISPLAY_WHEN_SIZE];
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b, "世帯員 %lld: %s", m->id, m->name);
	if (m->person_id)
		md_buf_addf(&b, "(%s)本人 %lld", m->kana, m->person_id);
	else
		md_buf_adds(&b, "(未登録)");
	md_buf_addf(&b, "  %s・%s", m->relation, m->living);
	if (*m->birth_date)
		md_buf_addf(&b, "  %s%s生",
			    md_display_when(m->birth_date, MD_DATE_SHORT, a),
			    m->birth_estimated ? "ごろ" : "");
	if (m->age >= 0)
		md_buf_addf(&b, " %d歳・%s", m->age,
			    md_household_age_band_label(ui->households,
							m->band));
	if (*m->moved_in_on || *m->reason_in)
		md_buf_addf(&b, "  転入 %s%s%s%s",
			    md_display_when(m->moved_in_on, MD_DATE_SHORT, a),
			    *m->reason_in ? "(" : "", m->reason_in,
			    *m->reason_in ? ")" : "");
	if (!m->current)
		md_buf_addf(&b, "  転出 %s(%s)",
			    md_display_when(m->moved_out_on, MD_DATE_SHORT, a),
			    m->reason_out);
	if (m->disabled)
		md_buf_adds(&b, "  障害者");
	if (m->poverty)
		md_buf_adds(&b, "  生活困窮が主たる課題");
	if (m->ndepartments) {
		char *d = ui_join(m->departments, m->ndepartments, "");
		md_buf_addf(&b, "  担当部局: %s", d ? d : "");
		md_free(d);
	}
	if (m->person_id)
		md_buf_addf(&b, "  情報共有の同意: %s",
			    m->consented ? "あり" : "なし");
	if (*m->note)
		md_buf_addf(&b, "  備考: %s", m->note);
	for (size_t i = 0; i < m->ncases; i++) {
		const struct md_member_case *c = &m->cases[i];
		md_buf_addf(&b, "  ケース %lld: %s", c->case_id,
			    md_workflow_stage_label(ui->wf, c->stage));
		if (*c->staff)
			md_buf_addf(&b, "(担当 %s)", c->staff);
		if (*c->due_on)
			md_buf_addf(&b, " %s %s%s", c->due_kind,
				    md_display_when(c->due_on, MD_DATE_SHORT,
						    a),
				    c->overdue ? "(期限超過)" : "");
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

static void
household_draw(struct ui *ui, struct screen *s)
{
	struct householdscr *hs = s->state;
	if (!hs->loaded) {
		ui_put(ui, 2, 2,
		       "世帯を読み込めませんでした。F5 で読み直します。",
		       ui->cols - 4);
		return;
	}
	const struct md_household *h = &hs->h;
	int visible = household_visible(ui);
	if (hs->sel < hs->scroll)
		hs->scroll = hs->sel;
	if (hs->sel >= hs->scroll + visible)
		hs->scroll = hs->sel - visible + 1;
	/* The household, how many, and whether more are below the list. */
	char head[512], right[128], on[MD_DISPLAY_WHEN_SIZE];
	size_t nformer = h->nmembers - h->ncurrent;
	if (hs->former)
		md_text_format(head, sizeof head,
			       "世帯 %lld%s%s  転出した世帯員(履歴) %zu 人",
			       h->id, *h->label ? " " : "", h->label, nformer);
	else
		md_text_format(head, sizeof head,
			       "世帯 %lld%s%s  世帯員 %zu 人%s", h->id,
			       *h->label ? " " : "", h->label, h->ncurrent,
			       nformer ? "(転出した人は F6)" : "");
	md_text_format(right, sizeof right, "  年齢は %s 現在%s",
		       md_display_when(h->on, MD_DATE_SHORT, on),
		       hs->scroll + visible < (int)hs->nrows ? "  ↓続きあり"
							     : "");
	attron(A_BOLD);
	ui_put_ends(ui, 1, 1, head, right, ui->cols - 2);
	const struct ui_column *cols = hs->former ? former_columns
						  : household_columns;
	size_t ncols = hs->former ? sizeof former_columns /
					    sizeof former_columns[0]
				  : NCOLS;
	const char *headings[UI_COLUMNS_MAX];
	for (size_t i = 0; i < ncols; i++)
		headings[i] = cols[i].heading;
	ui_put_columns(ui, 2, 1, ui->cols - 2, cols, ncols, headings);
	attroff(A_BOLD);

	if (!hs->nrows)
		ui_put(ui, HOUSEHOLD_TOP, 3,
		       hs->former
			       ? "(転出した世帯員はいません。F6 で現在の世帯員へ)"
			       : "(現在の世帯員はいません)",
		       ui->cols - 4);
	for (int r = 0; r < visible; r++) {
		size_t i = (size_t)(hs->scroll + r);
		if (i >= hs->nrows)
			break;
		const struct md_member *m = &h->members[hs->rows[i]];
		bool overdue = false;
		for (size_t c = 0; c < m->ncases; c++)
			overdue |= m->cases[c].overdue;
		int attr = ((int)i == hs->sel ? A_REVERSE : 0) |
			   (overdue ? A_BOLD : 0);
		attron(attr);
		ui_put_pad(ui, HOUSEHOLD_TOP + r, 1, "", ui->cols - 2);
		if (hs->former)
			household_former_row(ui, m, HOUSEHOLD_TOP + r);
		else
			household_row(ui, m, HOUSEHOLD_TOP + r);
		attroff(attr);
	}

	int y = HOUSEHOLD_TOP + visible;
	ui_rule(ui, y++, "世帯の課題とメモ(i で変更)");
	char *issues = ui_join(h->issues, h->nissues, "(なし)");
	char *line = md_asprintf("課題: %s", issues ? issues : "");
	ui_put_lines(ui, y++, 1, line ? line : "", ui->cols - 2, 1);
	md_free(line);
	md_free(issues);
	line = md_asprintf("メモ: %s", *h->note ? h->note : "(なし)");
	ui_put_lines(ui, y++, 1, line ? line : "", ui->cols - 2, 1);
	md_free(line);
	/* 004 図4: the decision recorded on the rule, the advice whole at
	 * the end of the line (d opens it all). */
	line = household_decision(h);
	ui_rule(ui, y++, line ? line : "");
	md_free(line);
	line = household_figure4(ui, h);
	char *advice = household_advice(h);
	ui_put_ends(ui, y++, 1, line ? line : "", advice ? advice : "",
		    ui->cols - 2);
	md_free(advice);
	md_free(line);
	const struct md_member *m = household_selected(hs);
	line = m ? household_member_text(ui, m) : NULL;
	attron(A_DIM);
	ui_put_lines(ui, y, 1, line ? line : "", ui->cols - 2, 2);
	attroff(A_DIM);
	md_free(line);
}

/* Enter: the member's case (one of them, when several). */
static void
household_open_case(struct ui *ui, struct householdscr *hs)
{
	const struct md_member *m = household_selected(hs);
	if (!m)
		return;
	if (!m->ncases) {
		ui_message(ui, false,
			   "%s さんには支援中のケースがありません(e で変更、m で転出)",
			   m->name);
		return;
	}
	int pick = 0;
	if (m->ncases > 1) {
		char **owned = md_calloc(m->ncases, sizeof *owned);
		const char **labels = md_calloc(m->ncases, sizeof *labels);
		for (size_t i = 0; owned && labels && i < m->ncases; i++) {
			owned[i] =
				md_asprintf("ケース %lld %s",
					    m->cases[i].case_id,
					    md_workflow_stage_label(ui->wf,
								    m->cases[i]
									    .stage));
			labels[i] = owned[i] ? owned[i] : "";
		}
		pick = owned && labels ? ui_choose(ui, "開くケース", labels,
						   m->ncases, 0, NULL)
				       : -1;
		for (size_t i = 0; owned && i < m->ncases; i++)
			md_free(owned[i]);
		md_free(owned);
		md_free(labels);
	}
	if (pick >= 0)
		case_open(ui, m->cases[pick].case_id);
}

/* F9: the 世帯票 as CSV, each member within their own consent. */
static void
household_print(struct ui *ui, struct householdscr *hs)
{
	char name[64];
	snprintf(name, sizeof name, "世帯票-%lld.csv", hs->id);
	char *path = ui_export_path(ui, name);
	if (!path)
		return;
	struct md_export_options o = {.encoding = ui->cfg.export_encoding,
				      .force = true,
				      .office = ui->cfg.office_name};
	struct md_err err;
	if (md_household_print_csv(ui->db, &ui->user, ui->households, ui->wf,
				   hs->id, NULL, path, &o, &err) == MD_OK)
		ui_message(ui, false, "世帯票を出力しました: %s", path);
	else
		ui_error(ui, &err);
	md_free(path);
}

static unsigned
household_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct householdscr *hs = s->state;
	enum ui_action a = ui_key_action(k, household_actions);
	if (a == ACT_BACK)
		return UI_CLOSE;
	if (a == ACT_REFRESH || !hs->loaded) {
		household_load(ui, hs);
		return UI_REDRAW;
	}
	const struct md_member *m = household_selected(hs);
	switch (a) {
	case ACT_OPEN:
		household_open_case(ui, hs);
		break;
	case ACT_MEMBER_ADD: {
		long long person_id;
		long long member_id = members_add(ui, hs->id, &person_id);
		if (member_id || person_id) {
			household_load(ui, hs);
			household_select(hs, person_id, member_id);
		}
		if (member_id && (m = household_selected(hs)))
			ui_message(ui, false, "世帯員 %lld(%s)を加えました",
				   member_id, m->name);
		break;
	}
	case ACT_MEMBER_EDIT:
	case ACT_MEMBER_MOVE:
		if (!m)
			ui_message(ui, true, "世帯員を選んでください");
		else if (a == ACT_MEMBER_EDIT ? members_edit(ui, m)
					      : members_move(ui, m))
			household_load(ui, hs);
		break;
	case ACT_HOUSEHOLD_EDIT:
		if (members_household_edit(ui, &hs->h))
			household_load(ui, hs);
		break;
	case ACT_HISTORY:
		hs->former = !hs->former;
		hs->sel = hs->scroll = 0;
		household_view(hs, m ? m->id : 0);
		break;
	case ACT_HOUSEHOLD_CASES:
		caselist_open_household(ui, hs->id);
		break;
	case ACT_ELIGIBILITY: /* 004 図4 */
		eligibility_open(ui, hs->id);
		break;
	case ACT_PRINT:
		household_print(ui, hs);
		break;
	default:
		hs->sel = ui_list_move(k, hs->sel, hs->nrows,
				       household_visible(ui));
		break;
	}
	return UI_REDRAW;
}

/* F1: the household's 課題 and note, and the member selected, whole. */
static char *
household_context(struct ui *ui, struct screen *s)
{
	struct householdscr *hs = s->state;
	if (!hs->loaded)
		return NULL;
	const struct md_member *m = household_selected(hs);
	char *issues = ui_join(hs->h.issues, hs->h.nissues, "(なし)");
	char *member = m ? household_member_text(ui, m) : NULL;
	char *t = md_asprintf("世帯 %lld の課題: %s\nメモ: %s%s%s", hs->id,
			      issues ? issues : "",
			      *hs->h.note ? hs->h.note : "(なし)",
			      member ? "\n" : "", member ? member : "");
	md_free(issues);
	md_free(member);
	return t;
}

static void
household_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct householdscr *hs = s->state;
	if (hs->loaded)
		md_household_fini(&hs->h);
	md_free(hs->rows);
	md_free(hs);
}

static const struct screen_ops household_ops = {
	.title = "世帯",
	.actions = household_actions,
	.guide =
		"世帯を単位に見ます(000 第1条、003 §6-2(3)ア)。現在の世帯員を 1 行ずつ、"
		"続柄・氏名(登録しない世帯員はその説明)・今日の年齢(「約」は年齢から"
		"推定)・同居か別居か・支援対象者・担当部局・支援中のケース(番号・段階・"
		"次の予定。! は期限超過)で並べ、下に世帯の課題とメモ、004 図4 の"
		"多機関協働の対象判定(支援対象者の年齢の区分、助言、記録された判定)、"
		"選んだ世帯員の詳しい内容を出します。Enter で選んだ世帯員のケースを開きます。a で世帯員を"
		"加えます: 登録された人を氏名・ふりがなで探すか、新しい人を登録するか"
		"(同じ人が登録されていないかを、異体字やカナの違いを区別せずに確かめ、"
		"見つかればその人を選ぶか、別の人であることを確かめます)、登録しない人"
		"(説明と年齢)。ほかの世帯の人は、そこからの転出を記録して移せます。e で"
		"選んだ世帯員の続柄・同居/別居・支援対象者・障害者・生活困窮が主たる課題・"
		"担当部局・備考・転入日を変え、"
		"m で転出(日付は和暦でも西暦でも、理由、移る先の世帯か新しい世帯)を"
		"記録します(確かめてから)。i で世帯の課題・メモ・呼び名を変えます。"
		"受け付けられなかったときは、理由を示して入力したところから聞き直します。"
		"d で多機関協働の対象判定を開き、質問に答えて助言を見て、判定を記録します。"
		"F6 で転出した世帯員(履歴)と切り替え、l でこの世帯の世帯員のケースだけの"
		"支援ケース一覧を開き、F9 で世帯票を CSV に出力します(世帯員ごとに、本人"
		"が同意した内容だけ)。",
	.draw = household_draw,
	.key = household_key,
	.close = household_close,
	.context = household_context,
};

bool
household_open(struct ui *ui, long long id, long long person_id)
{
	struct householdscr *hs = md_calloc(1, sizeof *hs);
	if (!hs)
		return false;
	hs->id = id;
	if (!household_load(ui, hs)) {
		md_free(hs);
		return false;
	}
	household_select(hs, person_id, 0);
	ui_push(ui, &household_ops, hs);
	return true;
}

void
household_of_person(struct ui *ui, long long person_id, const char *name)
{
	long long hid = md_household_of_person(ui->db, person_id);
	if (hid) {
		household_open(ui, hid, person_id);
		return;
	}
	hid = members_new_household(ui, person_id, name);
	if (hid)
		household_open(ui, hid, person_id);
}
