/* The 多機関協働の対象判定 of a household (004 図4 「多機関協働事業で取り扱う
 * ケースの基準と具体的事例」), d on the household screen: what the aid counts
 * of the members (支援対象者 by age band, 障害, 生活困窮, 担当部局), the
 * consultant's answers to the definition's questions, the advice (its row,
 * verdict, 対応, proviso, citation and the reasons, or what is missing), and
 * the decision last recorded with what changed since. The aid advises; the
 * consultant decides, and the decision is recorded (md_household_decide),
 * once confirmed. Every row, verdict and question is the definition's
 * ([eligibility] of forms/households.ini). */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/display.h"
#include "madoguchi/households.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/* A line of the screen: text, and the question it answers (a fact) or
 * the row that records the decision. */
enum elig_line_kind {
	ELIG_TEXT,
	ELIG_RULE,
	ELIG_QUESTION,
	ELIG_RECORD
};

struct elig_line {
	enum elig_line_kind kind;
	char *text;
	enum md_eligibility_fact fact; /* ELIG_QUESTION */
	bool bold;
};

struct eligscr {
	long long id;
	struct md_household h;
	bool loaded;
	/* The answers as the consultant gives them, by fact (questions only). */
	enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS];
	struct elig_line *lines;
	size_t nlines;
	int sel; /* among the lines one can choose: questions, the record row */
	int scroll;
};

static const enum ui_action elig_actions[] = {ACT_HELP,        ACT_OPEN,
					      ACT_ELIGIBILITY, ACT_REFRESH,
					      ACT_BACK,        ACT_NONE};

static const struct md_eligibility_def *
elig_def(const struct ui *ui)
{
	return ui->households->eligibility;
}

static void
elig_lines_free(struct eligscr *es)
{
	for (size_t i = 0; i < es->nlines; i++)
		md_free(es->lines[i].text);
	md_free(es->lines);
	es->lines = NULL;
	es->nlines = 0;
}

static void
elig_add(struct eligscr *es, enum elig_line_kind kind, char *text,
	 enum md_eligibility_fact fact, bool bold)
{
	struct elig_line *p = text ? md_realloc(es->lines,
						(es->nlines + 1) * sizeof *p)
				   : NULL;
	if (!p) {
		md_free(text);
		return;
	}
	es->lines = p;
	es->lines[es->nlines++] = (struct elig_line){kind, text, fact, bold};
}

/* A list of lines under a heading ("理由:" then each indented). */
static void
elig_add_list(struct eligscr *es, const char *heading, char *const *items,
	      size_t n)
{
	if (!n)
		return;
	elig_add(es, ELIG_TEXT, md_strdup(heading), 0, false);
	for (size_t i = 0; i < n; i++)
		elig_add(es, ELIG_TEXT, md_asprintf("  %s", items[i]), 0,
			 false);
}

static const char *
elig_answer(enum md_eligibility_yn a)
{
	return a == MD_ELIGIBILITY_YES  ? "はい"
	       : a == MD_ELIGIBILITY_NO ? "いいえ"
					: "(答えていません)";
}

/* What the aid counted of the members, each fact the definition names. */
static char *
elig_facts_text(const struct md_eligibility_def *def,
		const struct md_eligibility_facts *f)
{
	struct md_buf b;
	md_buf_init(&b);
	md_buf_adds(&b, "");
	for (size_t i = 0; i < MD_ELIGIBILITY_NFACTS; i++) {
		if (md_eligibility_fact_kind((enum md_eligibility_fact)i) !=
			    MD_ELIGIBILITY_NUMBER ||
		    !def->labels[i])
			continue;
		if (f->known[i])
			md_buf_addf(&b, "%s%s %d", b.len ? "、" : "",
				    def->labels[i], f->value[i]);
		else
			md_buf_addf(&b, "%s%s 不明", b.len ? "、" : "",
				    def->labels[i]);
	}
	if (f->unknown_ages)
		md_buf_addf(&b, "(年齢のわからない支援対象者 %d 人)",
			    f->unknown_ages);
	if (f->unknown_departments)
		md_buf_addf(&b, "(担当部局がわからない支援対象者 %d 人)",
			    f->unknown_departments);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

/* The lines of the screen from the household as read and the answers as
 * given. */
static void
elig_build(const struct ui *ui, struct eligscr *es)
{
	elig_lines_free(es);
	const struct md_eligibility_def *def = elig_def(ui);
	const struct md_household_eligibility *e = &es->h.eligibility;
	elig_add(es, ELIG_RULE,
		 md_strdup(
			 "世帯員から数えたこと(支援対象者のみ。e で世帯員を変更)"),
		 0, false);
	elig_add(es, ELIG_TEXT, elig_facts_text(def, &e->facts), 0, false);
	elig_add(es, ELIG_RULE, md_strdup("質問(Enter で答える)"), 0, false);
	for (size_t q = 0; q < def->nquestions; q++) {
		enum md_eligibility_fact f = def->questions[q].fact;
		elig_add(es, ELIG_QUESTION,
			 md_asprintf("%s: %s", def->questions[q].text,
				     elig_answer(es->answers[f])),
			 f, false);
	}
	elig_add(es, ELIG_RULE,
		 md_asprintf("助言(%s)", def->cite ? def->cite : ""), 0, false);
	const struct md_eligibility_result *r = &e->advice;
	if (r->row)
		elig_add(es, ELIG_TEXT,
			 md_asprintf("判定: %s(行 %d)", r->verdict,
				     r->row->number),
			 0, true);
	else
		elig_add(es, ELIG_TEXT, md_asprintf("判定: %s", r->verdict), 0,
			 true);
	if (r->row && r->row->response)
		elig_add(es, ELIG_TEXT,
			 md_asprintf("対応: %s", r->row->response), 0, false);
	if (r->row && r->row->proviso)
		elig_add(es, ELIG_TEXT,
			 md_asprintf("但し: %s", r->row->proviso), 0, false);
	elig_add_list(es, "理由:", r->reasons, r->nreasons);
	elig_add_list(es, "足りないもの:", r->missing, r->nmissing);
	if (r->row && r->row->cite)
		elig_add(es, ELIG_TEXT, md_asprintf("出典: %s", r->row->cite),
			 0, false);
	elig_add(es, ELIG_RULE, md_strdup("記録された判定"), 0, false);
	const struct md_household_decision *d = &e->last;
	char a[MD_DISPLAY_WHEN_SIZE], b[MD_DISPLAY_WHEN_SIZE];
	if (!d->revision) {
		elig_add(es, ELIG_TEXT, md_strdup("まだ記録されていません"), 0,
			 false);
	} else {
		elig_add(es, ELIG_TEXT,
			 md_asprintf("%s(%s、%s、第%d版)", d->verdict, d->by,
				     md_display_when(d->at, MD_DATE_SHORT, a),
				     d->revision),
			 0, true);
		char row[32] = "";
		if (d->row)
			md_text_format(row, sizeof row, "行 %d ", d->row);
		elig_add(es, ELIG_TEXT,
			 md_asprintf("そのときの助言: %s%s(基準日 %s)", row,
				     d->advised,
				     md_display_when(d->on, MD_DATE_SHORT, b)),
			 0, false);
		if (*d->note)
			elig_add(es, ELIG_TEXT,
				 md_asprintf("メモ: %s", d->note), 0, false);
		if (!d->nchanges)
			elig_add(es, ELIG_TEXT,
				 md_strdup("判定の後の変化: なし"), 0, false);
		elig_add_list(es, "判定の後の変化:", d->changes, d->nchanges);
	}
	elig_add(es, ELIG_RECORD,
		 md_strdup("▶ 判定を記録する(助言と違ってもかまいません)"), 0,
		 false);
}

/* The choosable lines (questions, the record row), in order. */
static size_t
elig_choosable(const struct eligscr *es)
{
	size_t n = 0;
	for (size_t i = 0; i < es->nlines; i++)
		n += es->lines[i].kind == ELIG_QUESTION ||
		     es->lines[i].kind == ELIG_RECORD;
	return n;
}

static const struct elig_line *
elig_selected(const struct eligscr *es)
{
	int k = 0;
	for (size_t i = 0; i < es->nlines; i++)
		if (es->lines[i].kind == ELIG_QUESTION ||
		    es->lines[i].kind == ELIG_RECORD) {
			if (k++ == es->sel)
				return &es->lines[i];
		}
	return NULL;
}

/* Advise again on the answers given (pure), and lay the lines out. */
static void
elig_advise(struct ui *ui, struct eligscr *es)
{
	struct md_err err;
	if (md_household_advise(ui->households, &es->h, es->answers, &err) !=
	    MD_OK)
		ui_error(ui, &err);
	elig_build(ui, es);
}

/* Read the household again; the answers given stay, or, the first time,
 * are those of the decision last recorded. */
static bool
elig_load(struct ui *ui, struct eligscr *es, bool first)
{
	struct md_household h;
	struct md_err err;
	if (md_household_get(ui->db, &ui->user, ui->households, ui->wf, es->id,
			     NULL, false, &h, &err) != MD_OK) {
		ui_error(ui, &err);
		return false;
	}
	if (es->loaded)
		md_household_fini(&es->h);
	es->h = h;
	es->loaded = true;
	const struct md_eligibility_facts *f = &h.eligibility.facts;
	for (size_t i = 0; first && i < MD_ELIGIBILITY_NFACTS; i++)
		es->answers[i] = md_eligibility_fact_kind(
					 (enum md_eligibility_fact)i) ==
							 MD_ELIGIBILITY_YESNO &&
						 f->known[i]
					 ? (enum md_eligibility_yn)f->value[i]
					 : MD_ELIGIBILITY_UNKNOWN;
	elig_advise(ui, es);
	return true;
}

static void
elig_draw(struct ui *ui, struct screen *s)
{
	struct eligscr *es = s->state;
	if (!es->loaded) {
		ui_put(ui, 2, 2,
		       "世帯を読み込めませんでした。F5 で読み直します。",
		       ui->cols - 4);
		return;
	}
	const struct md_eligibility_def *def = elig_def(ui);
	char head[512], right[96], on[MD_DISPLAY_WHEN_SIZE];
	md_text_format(head, sizeof head, "世帯 %lld%s%s  %s", es->h.id,
		       *es->h.label ? " " : "", es->h.label,
		       def->title ? def->title : "");
	md_text_format(right, sizeof right, "  基準日 %s",
		       md_display_when(es->h.on, MD_DATE_SHORT, on));
	attron(A_BOLD);
	ui_put_ends(ui, 1, 1, head, right, ui->cols - 2);
	attroff(A_BOLD);
	/* Every line wrapped; the selection kept in view. */
	int top = 2, visible = ui_page(ui, 5), width = ui->cols - 4;
	const struct elig_line *sel = elig_selected(es);
	int row = 0, sel_row = 0, sel_rows = 1;
	for (size_t i = 0; i < es->nlines; i++) {
		size_t n = 1;
		if (es->lines[i].kind != ELIG_RULE) {
			char **w = ui_wrap(ui, es->lines[i].text, width, &n);
			ui_wrap_free(w, n);
		}
		if (&es->lines[i] == sel) {
			sel_row = row;
			sel_rows = (int)(n ? n : 1);
		}
		row += (int)(n ? n : 1);
	}
	if (sel_row < es->scroll)
		es->scroll = sel_row;
	/* On the first question, what was counted above it too. */
	if (es->sel == 0 && sel_row + sel_rows <= visible)
		es->scroll = 0;
	if (sel_row + sel_rows > es->scroll + visible)
		es->scroll = sel_row + sel_rows - visible;
	if (es->scroll < 0)
		es->scroll = 0;
	row = 0;
	for (size_t i = 0; i < es->nlines; i++) {
		const struct elig_line *l = &es->lines[i];
		if (l->kind == ELIG_RULE) {
			if (row >= es->scroll && row < es->scroll + visible)
				ui_rule(ui, top + row - es->scroll, l->text);
			row++;
			continue;
		}
		size_t n;
		char **w = ui_wrap(ui, l->text, width, &n);
		int attr = (l == sel ? A_REVERSE : 0) | (l->bold ? A_BOLD : 0);
		for (size_t k = 0; k < (n ? n : 1); k++, row++) {
			if (row < es->scroll || row >= es->scroll + visible)
				continue;
			attron(attr);
			ui_put_pad(ui, top + row - es->scroll, 2, n ? w[k] : "",
				   width);
			attroff(attr);
		}
		ui_wrap_free(w, n);
	}
}

/* Enter on the question of fact f: はい, いいえ, or not answered; advised
 * again. */
static void
elig_answer_question(struct ui *ui, struct eligscr *es,
		     enum md_eligibility_fact f)
{
	static const char *const answers[] = {"はい", "いいえ",
					      "答えない(わからない)"};
	const struct md_eligibility_def *def = elig_def(ui);
	const char *text = "";
	for (size_t q = 0; q < def->nquestions; q++)
		if (def->questions[q].fact == f)
			text = def->questions[q].text;
	enum md_eligibility_yn now = es->answers[f];
	int pick = ui_choose(ui, text, answers, 3,
			     now == MD_ELIGIBILITY_NO    ? 1
			     : now == MD_ELIGIBILITY_YES ? 0
							 : 2,
			     NULL);
	if (pick < 0)
		return;
	es->answers[f] = pick == 0   ? MD_ELIGIBILITY_YES
			 : pick == 1 ? MD_ELIGIBILITY_NO
				     : MD_ELIGIBILITY_UNKNOWN;
	elig_advise(ui, es);
	ui_message(ui, false, "助言: %s", es->h.eligibility.advice.verdict);
}

/* The question before the decision is recorded, naming it, the advice and
 * the answers. A new string. */
static char *
elig_question(const struct ui *ui, const struct eligscr *es,
	      const char *verdict)
{
	const struct md_eligibility_def *def = elig_def(ui);
	const struct md_eligibility_result *r = &es->h.eligibility.advice;
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b,
		    "世帯 %lld の多機関協働の対象判定を「%s」として記録します。\n",
		    es->h.id, verdict);
	if (r->row)
		md_buf_addf(&b, "助言: %s(行 %d)", r->verdict, r->row->number);
	else
		md_buf_addf(&b, "助言: %s", r->verdict);
	for (size_t q = 0; q < def->nquestions; q++)
		md_buf_addf(&b, "%s%s: %s",
			    q ? "、" : "\n答え: ", def->questions[q].text,
			    elig_answer(es->answers[def->questions[q].fact]));
	md_buf_adds(&b, "\nよろしいですか");
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

/* d: the consultant's decision — one of the definition's verdicts (the
 * cursor on the one advised), a note — confirmed, then recorded with the
 * answers; refused, asked again from what was chosen and typed. */
static void
elig_decide(struct ui *ui, struct eligscr *es)
{
	const struct md_eligibility_def *def = elig_def(ui);
	const char *advised = es->h.eligibility.advice.verdict;
	int pick = 0;
	for (size_t i = 0; i < def->nverdicts; i++)
		if (advised && !strcmp(def->verdicts[i], advised))
			pick = (int)i;
	char title[256];
	md_text_format(title, sizeof title, "判定(助言: %s)",
		       advised ? advised : "");
	char *note = NULL;
	struct md_values faults;
	md_values_init(&faults);
	enum md_status rc = MD_ERR_INVALID;
	int revision = 0;
	for (;;) {
		pick = ui_choose(ui, title, def->verdicts, def->nverdicts, pick,
				 NULL);
		if (pick < 0 ||
		    !ui_ask_again(ui, "判定のメモ(なければ空のまま Enter)",
				  &note))
			break;
		char *q = elig_question(ui, es, def->verdicts[pick]);
		bool go = q && ui_confirm(ui, q);
		md_free(q);
		if (!go) {
			ui_message(ui, false, "判定は記録していません");
			break;
		}
		struct md_household_decide_in in =
			{.verdict = def->verdicts[pick],
			 .note = *note ? note : NULL};
		memcpy(in.answers, es->answers, sizeof in.answers);
		struct md_err err;
		md_values_clear(&faults);
		rc = md_household_decide(ui->db, &ui->user, ui->households,
					 es->id, es->h.revision, &in, &revision,
					 &faults, &err);
		if (!ui_again(ui, rc, &faults, &err))
			break;
	}
	md_values_fini(&faults);
	md_free(note);
	if (rc != MD_OK)
		return;
	elig_load(ui, es, false);
	/* The record row: the decision just recorded is in view above it. */
	es->sel = (int)elig_choosable(es) - 1;
	ui_message(ui, false, "判定「%s」を記録しました(世帯 %lld 第%d版)",
		   def->verdicts[pick], es->id, revision);
}

static unsigned
elig_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct eligscr *es = s->state;
	enum ui_action a = ui_key_action(k, elig_actions);
	if (a == ACT_BACK)
		return UI_CLOSE;
	if (a == ACT_REFRESH || !es->loaded) {
		elig_load(ui, es, !es->loaded);
		return UI_REDRAW;
	}
	const struct elig_line *l = elig_selected(es);
	if (a == ACT_ELIGIBILITY ||
	    (a == ACT_OPEN && l && l->kind == ELIG_RECORD))
		elig_decide(ui, es);
	else if (a == ACT_OPEN && l)
		elig_answer_question(ui, es, l->fact);
	else
		es->sel = ui_list_move(k, es->sel, elig_choosable(es),
				       ui_page(ui, 5));
	return UI_REDRAW;
}

/* F1: the advice whole, for reading in the help's pages. */
static char *
elig_context(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct eligscr *es = s->state;
	const struct md_eligibility_result *r = &es->h.eligibility.advice;
	if (!es->loaded || !r->row)
		return NULL;
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b, "行 %d(%s)の事例:", r->row->number, r->verdict);
	for (size_t i = 0; i < r->row->nexamples; i++)
		md_buf_addf(&b, "\n  %s", r->row->examples[i]);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

static void
elig_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct eligscr *es = s->state;
	if (es->loaded)
		md_household_fini(&es->h);
	elig_lines_free(es);
	md_free(es);
}

static const struct screen_ops elig_ops = {
	.title = "多機関協働の対象判定",
	.actions = elig_actions,
	.guide =
		"004 図4 にもとづく助言です。世帯の現在の世帯員のうち支援対象者を、"
		"基準日の年齢の区分・障害・生活困窮が主たる課題か・担当部局の有無で"
		"数え(世帯の画面の e で直します)、質問への答え(Enter で、はい・いいえ・"
		"答えない)とあわせて、当てはまる図の行と判定(対応・但し書き・出典・"
		"理由)を示します。行が決まらないときは、足りないもの(答える質問、"
		"わからない年齢や担当部局)を示します。判定は相談支援員が決めます: "
		"d か「判定を記録する」の行で Enter を押し、判定(最初は助言のもの。"
		"違ってもかまいません)とメモを選んで、確かめてから記録します。答え・"
		"助言・判定・誰がいつが世帯の版として残り、前の判定も消えません。"
		"記録のあと世帯員が変わると、何が変わったかを「判定の後の変化」に"
		"示します。",
	.draw = elig_draw,
	.key = elig_key,
	.close = elig_close,
	.context = elig_context,
};

bool
eligibility_open(struct ui *ui, long long household_id)
{
	if (!elig_def(ui)) {
		ui_message(ui, true,
			   "forms/households.ini に多機関協働の対象判定([eligibility])がありません");
		return false;
	}
	struct eligscr *es = md_calloc(1, sizeof *es);
	if (!es)
		return false;
	es->id = household_id;
	if (!elig_load(ui, es, true)) {
		md_free(es);
		return false;
	}
	ui_push(ui, &elig_ops, es);
	return true;
}
