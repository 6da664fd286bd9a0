/* F1: every key of the current screen, and a short guide to the process. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/* The process, as the definition (forms/workflow.ini) gives it: each
 * step of the main line in order with its outcomes, then those beside it. */
static char *
process_step(const struct md_wf_step *st, size_t number)
{
	struct md_buf b;
	md_buf_init(&b);
	if (number)
		md_buf_addf(&b, "%zu ", number);
	md_buf_adds(&b, st->label);
	for (size_t o = 0; o < st->noutcomes; o++)
		md_buf_addf(&b, "%s%s", o ? "・" : ": ", st->outcomes[o].label);
	if (st->autostart)
		md_buf_adds(&b, "(ケースを作ると記録されます)");
	if (st->after_close)
		md_buf_adds(&b, "(終結のあとも、再開せずに記録できます)");
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

/* The help's lines as they are drawn. */
struct help_lines {
	char **line;
	size_t n;
	bool ok;
};

static void
help_add(struct help_lines *h, char *line)
{
	char **more = line ? md_realloc(h->line, (h->n + 1) * sizeof *more)
			   : NULL;
	if (!more) {
		md_free(line);
		h->ok = false;
		return;
	}
	h->line = more;
	h->line[h->n++] = line;
}

/* text wrapped (with 禁則) in width columns after a first line's lead (a
 * key, an indent), every other line indented as far as the lead. */
static void
help_wrap(struct help_lines *h, const struct ui *ui, const char *lead,
	  const char *text, int width)
{
	int indent = ui_width(ui, lead);
	size_t n;
	char **lines = ui_wrap(ui, text, width - indent, &n);
	if (!lines)
		h->ok = false;
	for (size_t i = 0; i < n; i++)
		help_add(h, md_asprintf("%*s%s", i ? indent : 0, i ? "" : lead,
					lines[i]));
	ui_wrap_free(lines, n);
}

/* One key's lines: the key, its other key (every terminal sends one of
 * them), what it does; nothing for an action the user may not use. */
static void
help_key(struct help_lines *h, const struct ui *ui, enum ui_action a, int width)
{
	if (!ui_action_allowed(ui, a))
		return;
	const char *alt = ui_action_alt(a);
	char keys[64], lead[80];
	md_text_format(keys, sizeof keys, "%s%s%s", ui_action_key(a),
		       *alt ? " / " : "", alt);
	md_text_format(lead, sizeof lead, "  %-13s ", keys);
	help_wrap(h, ui, lead, ui_action_help(a), width);
}

/* Every line of the help of screen s in width columns. */
static struct help_lines
help_build(struct ui *ui, struct screen *s, int width)
{
	struct help_lines h = {NULL, 0, true};
	char *context = s && s->ops->context ? s->ops->context(ui, s) : NULL;
	if (context) {
		help_wrap(&h, ui, "", context, width);
		help_add(&h, md_strdup(""));
		md_free(context);
	}
	if (s && s->ops->guide) {
		char *guide = md_asprintf("%s: %s", s->ops->title,
					  s->ops->guide);
		help_wrap(&h, ui, "", guide ? guide : s->ops->guide, width);
		help_add(&h, md_strdup(""));
		md_free(guide);
	}
	help_add(&h, md_strdup("キー:"));
	for (const enum ui_action *a = s ? s->ops->actions : NULL;
	     a && *a != ACT_NONE; a++)
		help_key(&h, ui, *a, width);
	help_wrap(&h, ui, "  Tab           ",
		  "次の項目へ(Shift-Tab で前へ)。↑↓ j k PgUp PgDn で移動",
		  width);
	help_key(&h, ui, ACT_FIRST, width);
	help_key(&h, ui, ACT_LAST, width);
	help_wrap(&h, ui, "  Ctrl-L        ", "画面を描き直す", width);
	help_wrap(&h, ui, "  y n           ",
		  "確認に答える。Enter はカーソルのあるほう(←→で選ぶ)で、最初は「いいえ」",
		  width);
	help_add(&h, md_strdup(""));
	size_t nguide = 0;
	const char *const *guide = ui->wf ? md_workflow_guide(ui->wf, &nguide)
					  : NULL;
	for (size_t i = 0; i < nguide; i++)
		help_wrap(&h, ui, i ? "  " : "", guide[i], width);
	/* Without words of its own, the definition's steps and outcomes. */
	if (!nguide)
		help_wrap(&h, ui, "",
			  "相談の流れ(手順の定義 workflow.ini のとおり)",
			  width);
	for (int side = 0; !nguide && side < 2; side++)
		for (size_t i = 0, k = 0;
		     ui->wf && i < md_workflow_nsteps(ui->wf); i++) {
			const struct md_wf_step *st = md_workflow_step(ui->wf,
								       i);
			if (st->side != (side == 1))
				continue;
			char *line = process_step(st, side ? 0 : ++k);
			if (!line) {
				h.ok = false;
				continue;
			}
			help_wrap(&h, ui, "  ", line, width);
			md_free(line);
		}
	help_wrap(&h, ui, "  ",
		  "手順は前の手順が済むまで開きません。ケース画面で理由を確かめられます。",
		  width);
	help_add(&h, md_strdup(""));
	help_wrap(&h, ui, "",
		  "画面のロック: しばらくキーを押さないと画面を隠してパスワードを聞き、"
		  "ログインするまで隠した画面を少しも表示しません。Ctrl-E で開いたエディタも"
		  "止めて隠し、ログインのあとそのまま続けられます。エディタは $VISUAL か "
		  "$EDITOR の言葉を空白で区切ってシェルを通さずに起動し、編集中の文章は"
		  "利用者だけが読める場所に置いて終われば消します。途中でプログラムが"
		  "落ちたときは、次のログインで下書きとして出します。",
		  width);
	help_add(&h, md_strdup(""));
	help_wrap(&h, ui, "",
		  "1 つのキーでは何も決まりません: 結果を記録する手順(ケースの終結、前の"
		  "手順へ戻す、回を終えるもの)、記録済みの手順をもう一度記録するとき、"
		  "入力や下書きを破棄するとき(何を破棄するかを示してもう一度)、終了の"
		  "ときは、何をするかを示して確かめます。端末が 80×24 より小さいあいだも"
		  "入力は受け付け、下書きを保存します。",
		  width);
	return h;
}

static void
help_free(struct help_lines *h)
{
	for (size_t i = 0; i < h->n; i++)
		md_free(h->line[i]);
	md_free(h->line);
}

void
help_show(struct ui *ui, struct screen *s)
{
	int scroll = 0;
	for (;;) {
		erase();
		int y = 1;
		attron(A_BOLD);
		ui_put(ui, y++, 2, "ヘルプ", ui->cols - 4);
		attroff(A_BOLD);
		struct help_lines h = help_build(ui, s, ui->cols - 4);
		int visible = ui_page(ui, 4);
		for (int r = 0; r < visible && (size_t)(scroll + r) < h.n; r++)
			ui_put(ui, y + r, 2, h.line[scroll + r], ui->cols - 4);
		size_t nlines = h.n;
		help_free(&h);
		if ((size_t)(scroll + visible) < nlines)
			ui_put(ui, ui->rows - 2, ui->cols - 20,
			       "↓ 続きがあります", 18);
		attron(A_REVERSE);
		ui_put_pad(ui, ui->rows - 1, 0,
			   " ↑↓ j k: 行  PgUp PgDn Space b: ページ  F1・F10・Esc・q: 閉じる",
			   ui->cols);
		attroff(A_REVERSE);
		refresh();
		struct ui_key k;
		if (!ui_getkey(ui, &k))
			return;
		/* Lines with ↑↓ (j k), pages with PgUp PgDn or, on a terminal
		 * without them (a vt100), Space and b as in less. */
		int step = 0;
		if (k.fkey)
			step = k.ch == KEY_DOWN    ? 1
			       : k.ch == KEY_UP    ? -1
			       : k.ch == KEY_NPAGE ? visible
			       : k.ch == KEY_PPAGE ? -visible
						   : 0;
		else
			step = k.ch == L'j'   ? 1
			       : k.ch == L'k' ? -1
			       : k.ch == L' ' ? visible
			       : k.ch == L'b' ? -visible
					      : 0;
		if (step > 0) {
			if ((size_t)(scroll + step) < nlines)
				scroll += step;
		} else if (step < 0) {
			scroll += step;
			if (scroll < 0)
				scroll = 0;
		} else if ((k.fkey &&
			    (k.ch == KEY_F(1) || k.ch == KEY_F(10))) ||
			   (!k.fkey && (k.ch == 27 || k.ch == L'q'))) {
			return;
		}
	}
}
