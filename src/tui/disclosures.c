/* The 提供記録 of a person (from the case screen): every disclosure of
 * their information — when, what, to which meeting or agency, on which
 * basis, by whom — whether they consent to sharing now, and their consent
 * withdrawn from here (DOMAIN "Who may hear what"; issue 19). */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/clock.h"
#include "madoguchi/consent.h"
#include "madoguchi/display.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

struct disclosures {
	long long person_id;
	char *name;
	struct md_disclosure *d;
	size_t n;
	char withdrawn[11]; /* the latest withdrawal (ISO), "" never */
	bool consents;      /* consents to sharing today */
	int sel, scroll;
};

static const enum ui_action disclosures_actions[] = {ACT_HELP,     ACT_OPEN,
						     ACT_WITHDRAW, ACT_REFRESH,
						     ACT_BACK,     ACT_NONE};

/* Read again (audited as a view of the person). */
static void
disclosures_load(struct ui *ui, struct disclosures *ds)
{
	struct md_disclosure *d;
	size_t n;
	struct md_err err;
	if (md_person_disclosures(ui->db, &ui->user, ds->person_id, &d, &n,
				  ds->withdrawn, &err) != MD_OK) {
		ui_error(ui, &err);
		return;
	}
	md_disclosures_free(ds->d, ds->n);
	ds->d = d;
	ds->n = n;
	struct md_consent_rule rule = md_household_consent_rule(ui->households);
	bool yes = false;
	if (md_person_consented(ui->db, &rule, ds->person_id, NULL, &yes,
				&err) != MD_OK)
		ui_error(ui, &err);
	ds->consents = yes;
	if (ds->sel >= (int)n)
		ds->sel = n ? (int)n - 1 : 0;
}

static const struct ui_column columns[] = {
	{"日付", 9, false, 0},    {"内容", 20, false, 3},
	{"提供先", 14, false, 2}, {"根拠", 20, false, 2},
	{"記録者", 10, false, 1},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static void
disclosures_draw(struct ui *ui, struct screen *s)
{
	struct disclosures *ds = s->state;
	char head[256], state[160];
	md_text_format(head, sizeof head, "提供記録  %s(本人 %lld)  %zu 件",
		       ds->name, ds->person_id, ds->n);
	char *w = *ds->withdrawn ? md_display_date(ds->withdrawn, MD_DATE_SHORT)
				 : NULL;
	md_text_format(state, sizeof state, "  情報共有への同意: %s%s%s",
		       ds->consents ? "あり" : "なし", w ? "(撤回 " : "",
		       w ? w : "");
	if (w)
		md_text_format(state + strlen(state),
			       sizeof state - strlen(state), " から)");
	md_free(w);
	attron(A_BOLD);
	ui_put_ends(ui, 1, 1, head, state, ui->cols - 2);
	const char *headings[NCOLUMNS];
	for (size_t i = 0; i < NCOLUMNS; i++)
		headings[i] = columns[i].heading;
	ui_put_columns(ui, 2, 1, ui->cols - 2, columns, NCOLUMNS, headings);
	attroff(A_BOLD);
	int top = 3, visible = ui_page(ui, 9);
	if (ds->sel < ds->scroll)
		ds->scroll = ds->sel;
	if (ds->sel >= ds->scroll + visible)
		ds->scroll = ds->sel - visible + 1;
	if (!ds->n)
		ui_put(ui, top, 3,
		       "(提供記録はありません。会議で検討したとき、会議録を印刷したときに残ります)",
		       ui->cols - 4);
	for (int r = 0; r < visible; r++) {
		size_t i = (size_t)(ds->scroll + r);
		if (i >= ds->n)
			break;
		const struct md_disclosure *d = &ds->d[i];
		char *on = md_display_date(d->on, MD_DATE_SHORT);
		const char *cells[NCOLUMNS] = {on ? on : d->on, d->what, d->to,
					       d->basis, d->by};
		if ((int)i == ds->sel)
			attron(A_REVERSE);
		ui_put_pad(ui, top + r, 1, "", ui->cols - 2);
		ui_put_columns(ui, top + r, 1, ui->cols - 2, columns, NCOLUMNS,
			       cells);
		if ((int)i == ds->sel)
			attroff(A_REVERSE);
		md_free(on);
	}
	/* The one selected in full. */
	ui_rule(ui, ui->rows - 6, "");
	if (ds->n) {
		const struct md_disclosure *d = &ds->d[ds->sel];
		char *t = md_asprintf("%s  提供先: %s  根拠: %s%s", d->what,
				      d->to, d->basis,
				      d->meeting_id ? "  (Enter で会議を開く)"
						    : "");
		ui_put_lines(ui, ui->rows - 5, 2, t ? t : "", ui->cols - 4, 2);
		md_free(t);
	}
	ui_put(ui, ui->rows - 3, 1,
	       "Enter: 会議を開く  w: 同意の撤回を記録  F10: 戻る",
	       ui->cols - 2);
}

/* w: the person withdrew their consent (from a day, with how it was
 * told): asked, then confirmed naming what it stops; refused, asked again
 * from the answer at fault as typed. */
static void
withdraw(struct ui *ui, struct disclosures *ds)
{
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	char *day = md_display_date(today, MD_DATE_SHORT), *note = NULL;
	int from = 0;
	for (;;) {
		if (from == 0 &&
		    !ui_ask_again(ui,
				  "同意を撤回した日(今日ならそのまま Enter)",
				  &day))
			break;
		if (!ui_ask_again(ui,
				  "撤回の記録(本人から、いつ、どのように伝えられたか)",
				  &note))
			break;
		char *q =
			md_asprintf("%s さん(本人 %lld)が情報共有への同意を %s から撤回した"
				    "ことを記録します。この日から、本人の同意が必要な会議"
				    "(支援調整会議など)で検討できず、会議録と世帯票にも"
				    "載りません(第1号様式で同意を記録し直せば戻ります)。"
				    "記録しますか",
				    ds->name, ds->person_id, day);
		bool yes = q && ui_confirm(ui, q);
		md_free(q);
		if (!yes) {
			ui_message(ui, false, "同意の撤回は記録していません");
			break;
		}
		struct md_err err;
		enum md_status rc = md_consent_withdraw(ui->db, &ui->user,
							ds->person_id, day,
							note, NULL, &err);
		if (rc == MD_OK) {
			ui_message(ui, false,
				   "%s さんの同意の撤回を記録しました(%s から)",
				   ds->name, day);
			break;
		}
		ui_error(ui, &err);
		if (!ui_may_retry(rc))
			break;
		from = !strncmp(err.msg, "撤回の記録:", strlen("撤回の記録:"));
	}
	md_free(day);
	md_free(note);
	disclosures_load(ui, ds);
}

static unsigned
disclosures_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct disclosures *ds = s->state;
	switch (ui_key_action(k, disclosures_actions)) {
	case ACT_BACK:
		return UI_CLOSE;
	case ACT_REFRESH:
		disclosures_load(ui, ds);
		return UI_REDRAW;
	case ACT_WITHDRAW:
		withdraw(ui, ds);
		return UI_REDRAW;
	case ACT_OPEN:
		if (ds->n && ds->d[ds->sel].meeting_id)
			meeting_open(ui, ds->d[ds->sel].meeting_id);
		else if (ds->n)
			ui_message(ui, false,
				   "この提供は会議のものではありません");
		return UI_REDRAW;
	default:
		break;
	}
	ds->sel = ui_list_move(k, ds->sel, ds->n, ui_page(ui, 9));
	return UI_REDRAW;
}

static void
disclosures_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct disclosures *ds = s->state;
	md_disclosures_free(ds->d, ds->n);
	md_free(ds->name);
	md_free(ds);
}

static const struct screen_ops disclosures_ops = {
	.title = "提供記録",
	.actions = disclosures_actions,
	.guide =
		"本人の情報を、いつ、何を、誰に(会議・関係機関・会議録の読み手)、"
		"どの根拠で(本人の同意か、社会福祉法第106条の6などの法的根拠か)"
		"提供したかを、古い順に一覧します。会議で検討したとき、会議録を"
		"印刷したときに残ります。上の行に、いま情報共有に同意しているかと、"
		"同意を撤回した日が出ます。Enter でその会議を開きます。w で同意の"
		"撤回(撤回日とメモ)を記録します。確かめてから記録し、その日から本人の"
		"同意が必要な会議で検討できず、会議録と世帯票にも載りません。",
	.draw = disclosures_draw,
	.key = disclosures_key,
	.close = disclosures_close,
};

bool
disclosures_open(struct ui *ui, long long person_id, const char *name)
{
	struct disclosures *ds = md_calloc(1, sizeof *ds);
	if (!ds)
		return false;
	ds->person_id = person_id;
	ds->name = md_strdup(name ? name : "");
	if (!ds->name) {
		md_free(ds);
		return false;
	}
	disclosures_load(ui, ds);
	ui_push(ui, &disclosures_ops, ds);
	return true;
}
