/* The form screen: a form's sections and fields as its definition declares
 * them, edited in place, checked as you leave each field, kept as a draft
 * while you type, and saved as a new revision. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "madoguchi/agencies.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/drafts.h"
#include "madoguchi/export.h"
#include "madoguchi/mem.h"
#include "madoguchi/records.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/wareki.h"

#define LABEL_W 26

struct formscr {
	struct md_record rec;    /* values: what is on the screen now */
	struct md_values saved;  /* the values as last loaded or saved */
	struct md_values faults; /* field key → message */
	struct md_person person; /* for the header */
	bool have_person;
	long long case_id;
	int draft_seq;    /* the seq the draft is kept under */
	int focus;        /* index of the focused field */
	int scroll;       /* first field shown */
	struct editor ed; /* the focused field's text, while editing */
	char *ed_origin;  /* the text ed started with */
	bool editing;     /* ed holds the focused field */
	bool draft_dirty; /* typed since the last draft */
	time_t draft_at;
};

static const enum ui_action form_actions[] = {ACT_HELP,    ACT_SAVE,
					      ACT_GOTO,    ACT_HISTORY,
					      ACT_EDITOR,  ACT_PRINT,
					      ACT_REFRESH, ACT_BACK,
					      ACT_NONE};

static const struct md_field *
field_at(const struct formscr *f, int i)
{
	return &f->rec.form->fields[i];
}

/* Fields typed as text, edited in place. */
static bool
typed_inline(const struct md_field *fd)
{
	switch (fd->type) {
	case MD_FIELD_TEXT:
	case MD_FIELD_TEXTAREA:
	case MD_FIELD_DATE:
	case MD_FIELD_TIME:
	case MD_FIELD_NUMBER:
	case MD_FIELD_YEN:
	case MD_FIELD_PHONE:
	case MD_FIELD_POSTAL:
	case MD_FIELD_EMAIL:
		return !fd->by_workflow;
	default:
		return false;
	}
}

/* A step that stands has frozen the record (a plan once decided): the
 * screen shows it, says why and what to do, and edits nothing. */
static bool
frozen(const struct formscr *f)
{
	return f->rec.frozen && *f->rec.frozen;
}

/* Typed in place, and the record can change. */
static bool
editable(const struct formscr *f, const struct md_field *fd)
{
	return !frozen(f) && typed_inline(fd);
}

static bool
dirty(const struct formscr *f)
{
	return !md_values_equal(&f->rec.values, &f->saved);
}

/* Put the editor's text back into the values. */
static void
commit_editor(struct formscr *f)
{
	if (!f->editing)
		return;
	const struct md_field *fd = field_at(f, f->focus);
	char *text = editor_text(&f->ed);
	/* Untouched, the field keeps its value (a stored date is shown as
	 * R6.4.1 but kept as 2024-04-01). */
	if (text && strcmp(text, f->ed_origin ? f->ed_origin : "")) {
		const char *old = md_values_get(&f->rec.values, fd->key);
		if (strcmp(old ? old : "", text))
			f->draft_dirty = true;
		md_values_set(&f->rec.values, fd->key, text, NULL);
		md_free(f->ed_origin);
		f->ed_origin = text;
		text = NULL;
	}
	md_free(text);
}

static void
start_editor(struct formscr *f)
{
	const struct md_field *fd = field_at(f, f->focus);
	if (f->editing)
		editor_fini(&f->ed);
	md_free(f->ed_origin);
	f->ed_origin = NULL;
	f->editing = editable(f, fd);
	if (f->editing) {
		const char *v = md_values_get(&f->rec.values, fd->key);
		/* Stored dates read as 和暦 while edited, as typed. */
		char *shown = NULL;
		if (fd->type == MD_FIELD_DATE && v && strlen(v) == 10 &&
		    v[4] == '-')
			shown = md_display_date(v, MD_DATE_SHORT);
		editor_init(&f->ed, shown ? shown : v,
			    fd->type == MD_FIELD_TEXTAREA);
		f->ed.fresh = true;
		f->ed_origin = editor_text(&f->ed);
		md_free(shown);
	}
}

/* Check one field as the person leaves it; the message stays beside it
 * and what was typed stays in the field. */
static void
check_field(struct ui *ui, struct formscr *f, const struct md_field *fd)
{
	md_values_set(&f->faults, fd->key, NULL, NULL);
	if (!editable(f, fd))
		return;
	const char *v = md_values_get(&f->rec.values, fd->key);
	char *out = NULL;
	struct md_err err;
	if (md_value_normalize(ui->db, fd, NULL, v ? v : "", &out, &err) !=
	    MD_OK)
		md_values_set(&f->faults, fd->key, err.msg, NULL);
	md_free(out);
}

static void
save_draft(struct ui *ui, struct formscr *f)
{
	commit_editor(f);
	if (!f->draft_dirty)
		return;
	struct md_err err;
	const char *field = field_at(f, f->focus)->key;
	if (md_draft_save(ui->db, &ui->user, f->case_id, f->rec.form->id,
			  f->draft_seq, f->rec.revision, &f->rec.values, field,
			  &err) == MD_OK) {
		f->draft_dirty = false;
		f->draft_at = time(NULL);
	} else {
		ui_error(ui, &err);
	}
}

static void
move_focus(struct ui *ui, struct formscr *f, int to)
{
	int n = (int)f->rec.form->nfields;
	if (to < 0)
		to = 0;
	if (to >= n)
		to = n - 1;
	if (to == f->focus)
		return;
	commit_editor(f);
	check_field(ui, f, field_at(f, f->focus));
	save_draft(ui, f);
	f->focus = to;
	start_editor(f);
}

/* The text a field not being edited shows: its value as staff read it
 * (md_display_value), a table's rows, what the workflow records. A new
 * string, or NULL when out of memory. */
static char *
field_text(struct ui *ui, const struct formscr *f, const struct md_field *fd)
{
	const char *fault = md_values_get(&f->faults, fd->key);
	char *text;
	if (fd->type == MD_FIELD_TABLE) {
		int n = md_values_table_rows(&f->rec.values, fd->key);
		text = md_asprintf(n ? "%d 行(Enter で編集)"
				     : "(なし。Enter で行を追加)",
				   n);
	} else if (editable(f, fd) && fault) {
		/* Unchecked text shows as typed. */
		const char *v = md_values_get(&f->rec.values, fd->key);
		text = md_strdup(v ? v : "");
	} else {
		text = md_display_value(ui->db, fd, NULL, &f->rec.values,
					fd->key, MD_DATE_LONG);
		if (text && fd->primary) {
			char key[96];
			md_text_format(key, sizeof key, "%s.primary", fd->key);
			const char *pv = md_values_get(&f->rec.values, key);
			if (pv) {
				char *t2 = md_asprintf("%s(◎ %s)", text, pv);
				md_free(text);
				text = t2;
			}
		}
	}
	if (fd->by_workflow && text && !*text) {
		md_free(text);
		text = md_strdup("(手順で記録します)");
	}
	return text;
}

/* Where a field's value starts, and its width. */
#define VALUE_X (LABEL_W + 2)
static int
value_width(const struct ui *ui)
{
	return ui->cols - VALUE_X - 1;
}

/* Lines of s wrapped at width. */
static int
lines_of(const struct ui *ui, const char *s, int width)
{
	size_t n;
	char **lines = ui_wrap(ui, s ? s : "", width, &n);
	ui_wrap_free(lines, n);
	return n ? (int)n : 1;
}

/* A label's lines, after the two columns of its ※. */
#define LABEL_TEXT_W (LABEL_W - 2)

/* Draw the label of fd in rows lines at row y: ※ before a required
 * field's, a label too long for its column wrapped, its last line with
 * 「…」 when the rows are fewer. */
static void
draw_label(struct ui *ui, int y, const struct md_field *fd, int rows,
	   bool focus)
{
	if (focus)
		attron(A_REVERSE);
	for (int r = 0; r < rows; r++)
		ui_put_pad(ui, y + r, 1, r == 0 && fd->required ? "※" : "", 2);
	ui_put_lines(ui, y, 3, fd->label, LABEL_TEXT_W, rows);
	if (focus)
		attroff(A_REVERSE);
}

/* The rows a field takes on the screen: a text area three; a fixed text
 * (the consent read aloud, a notice) and the options chosen all their
 * lines, whole; a label too long for its column its lines too. At most
 * max rows. */
static int
field_rows(struct ui *ui, const struct formscr *f, const struct md_field *fd,
	   int max)
{
	int rows = fd->type == MD_FIELD_TEXTAREA ? 3 : 1;
	if (fd->type == MD_FIELD_FIXED) {
		rows = lines_of(ui, fd->text, value_width(ui));
	} else if (fd->type == MD_FIELD_CHOICE || fd->type == MD_FIELD_MULTI) {
		char *text = field_text(ui, f, fd);
		rows = lines_of(ui, text, value_width(ui));
		md_free(text);
	}
	int lr = lines_of(ui, fd->label, LABEL_TEXT_W);
	if (lr > rows)
		rows = lr;
	return rows < max ? rows : max > 0 ? max : 1;
}

/* What the keys do in the focused field, on the rule above its help: short
 * by design, so that it is always whole. */
static const char *
field_hint(const struct md_field *fd)
{
	if (fd->by_workflow)
		return "ケース画面で手順を記録すると入ります";
	switch (fd->type) {
	case MD_FIELD_CHOICE:
		return "Enter: 一覧から選ぶ  1〜9: 番号で選ぶ";
	case MD_FIELD_MULTI:
		return "Enter: 一覧から選ぶ(いくつでも)";
	case MD_FIELD_YESNO:
		return "Space: はい/いいえ  y: はい  n: いいえ";
	case MD_FIELD_TEXTAREA:
		return "Enter: 改行  Ctrl-E: エディタで編集";
	case MD_FIELD_DATE:
		return "R6.4.1・令和6年4月1日・2024-04-01 のどれでも";
	case MD_FIELD_STAFF:
	case MD_FIELD_AGENCY:
		return "Enter: 一覧から選ぶ";
	case MD_FIELD_TABLE:
		return "Enter: 行の追加・編集・削除";
	default:
		return "";
	}
}

/* The focused field's help, and the lines it takes (1 or 2) under the
 * rule. */
#define HELP_ROWS_MAX 2

static void
form_draw(struct ui *ui, struct screen *s)
{
	struct formscr *f = s->state;
	const struct md_form *form = f->rec.form;
	char head[512], state[128];
	md_text_format(head, sizeof head, "%s %s  ケース %lld%s", form->number,
		       form->title, f->case_id,
		       f->rec.seq > 1 && !form->entries ? " (再)" : "");
	md_text_format(state, sizeof state, "  版 %d %s%s", f->rec.revision,
		       f->rec.revision == 0 ? "未保存"
		       : f->rec.complete    ? "完了"
					    : "下書き",
		       frozen(f)  ? "  確定(読み取りのみ)"
		       : dirty(f) ? "  *変更あり"
				  : "");
	attron(A_BOLD);
	ui_put_ends(ui, 1, 1, head, state, ui->cols - 2);
	attroff(A_BOLD);
	int y = 2;
	if (frozen(f)) {
		/* Why it cannot change, and what to do, above the fields. */
		size_t n;
		char **lines = ui_wrap(ui, f->rec.frozen, ui->cols - 2, &n);
		attron(A_BOLD);
		for (size_t i = 0; i < n && i < 3; i++)
			ui_put(ui, y++, 1, lines[i], ui->cols - 2);
		attroff(A_BOLD);
		ui_wrap_free(lines, n);
	}
	if (f->have_person && form->person_header) {
		const struct md_person *p = &f->person;
		char line[512], phone[128];
		char *b = md_display_date(p->field[MD_PERSON_BIRTH_DATE],
					  MD_DATE_LONG);
		md_text_format(line, sizeof line,
			       "氏名 %s(%s)  生年月日 %s  住所 %s",
			       p->field[MD_PERSON_NAME],
			       p->field[MD_PERSON_KANA], b && *b ? b : "-",
			       *p->field[MD_PERSON_ADDRESS]
				       ? p->field[MD_PERSON_ADDRESS]
				       : "-");
		md_text_format(phone, sizeof phone, "  電話 %s",
			       *p->field[MD_PERSON_PHONE_MOBILE]
				       ? p->field[MD_PERSON_PHONE_MOBILE]
			       : *p->field[MD_PERSON_PHONE_HOME]
				       ? p->field[MD_PERSON_PHONE_HOME]
				       : "-");
		md_free(b);
		ui_put_ends(ui, y++, 1, line, phone, ui->cols - 2);
	}
	/* The focused field's help under a rule that says what its keys do;
	 * a help of two lines takes a row of the fields. */
	const struct md_field *focused = field_at(f, f->focus);
	int help_rows = lines_of(ui, focused->help, ui->cols - 2);
	if (help_rows > HELP_ROWS_MAX)
		help_rows = HELP_ROWS_MAX;
	int bottom = ui->rows - 4 - help_rows;
	int top = y, vw = value_width(ui), max_rows = bottom - top;
	/* Scroll so that the focused field shows whole. */
	if (f->focus < f->scroll)
		f->scroll = f->focus;
	for (;;) {
		int used = 0;
		const char *section = NULL;
		for (int i = f->scroll; i <= f->focus; i++) {
			const struct md_field *fd = field_at(f, i);
			if (!section || strcmp(section, fd->section))
				used++;
			section = fd->section;
			used += field_rows(ui, f, fd, max_rows);
		}
		if (y + used - 1 <= bottom || f->scroll >= f->focus)
			break;
		f->scroll++;
	}
	int cy = -1, cx = 0;
	const char *section = NULL;
	if (f->scroll > 0)
		section = field_at(f, f->scroll - 1)->section;
	for (int i = f->scroll; i < (int)form->nfields && y <= bottom; i++) {
		const struct md_field *fd = field_at(f, i);
		if (!section || strcmp(section, fd->section)) {
			ui_rule(ui, y++, fd->section);
			if (y > bottom)
				break;
		}
		section = fd->section;
		bool focus = i == f->focus;
		int rows = field_rows(ui, f, fd, max_rows);
		if (rows > bottom - y + 1)
			rows = bottom - y + 1;
		draw_label(ui, y, fd, rows, focus);
		int vx = VALUE_X;
		const char *fault = md_values_get(&f->faults, fd->key);
		if (focus && f->editing) {
			int ew = fault ? vw / 2 : vw;
			/* A date typed is short: its reading gets the room. */
			if (fd->type == MD_FIELD_DATE && !fault)
				ew = vw / 2 < 20 ? vw / 2 : 20;
			attron(A_UNDERLINE);
			editor_draw(ui, &f->ed, y, vx, rows, ew, false);
			attroff(A_UNDERLINE);
			/* The date as read, beside what is typed. */
			if (fd->type == MD_FIELD_DATE && !fault) {
				char *t = editor_text(&f->ed);
				struct md_date d;
				if (t && *t &&
				    md_date_parse(t, &d, NULL) == MD_OK) {
					char w[64];
					md_date_wareki(d, w, sizeof w);
					char shown[96];
					md_text_format(shown, sizeof shown,
						       "＝ %s(%04d-%02d-%02d)",
						       w, d.year, d.month,
						       d.day);
					ui_put(ui, y, vx + ew + 1, shown,
					       vw - ew - 1);
				}
				md_free(t);
			}
			if (fault) {
				attron(A_BOLD |
				       (ui->colors ? COLOR_PAIR(1) : 0));
				ui_put_lines(ui, y, vx + ew + 1, fault,
					     vw - ew - 1, rows);
				attroff(A_BOLD |
					(ui->colors ? COLOR_PAIR(1) : 0));
			}
			editor_draw(ui, &f->ed, y, vx, rows, ew, true);
			getyx(stdscr, cy, cx);
		} else {
			char *text = field_text(ui, f, fd);
			ui_put_lines(ui, y, vx, text ? text : "",
				     fault ? vw / 2 : vw, rows);
			md_free(text);
			if (fault) {
				attron(A_BOLD |
				       (ui->colors ? COLOR_PAIR(1) : 0));
				ui_put_lines(ui, y, vx + vw / 2 + 1, fault,
					     vw - vw / 2 - 1, rows);
				attroff(A_BOLD |
					(ui->colors ? COLOR_PAIR(1) : 0));
			}
		}
		y += rows;
	}
	ui_rule(ui, ui->rows - 3 - help_rows, field_hint(focused));
	ui_put_lines(ui, ui->rows - 2 - help_rows, 1, focused->help,
		     ui->cols - 2, help_rows);
	if (cy >= 0) {
		curs_set(1);
		move(cy, cx);
	}
}

/* F1: the focused field, its help whole, and where it comes from. */
static char *
form_context(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct formscr *f = s->state;
	const struct md_field *fd = field_at(f, f->focus);
	const char *hint = field_hint(fd);
	return md_asprintf("いまの項目: %s%s\n%s%s%s%s", fd->label,
			   fd->required ? "(※ 必須)" : "", fd->help,
			   *hint ? "\n操作: " : "", hint,
			   fd->source == 'P'
				   ? "\nこの項目は、公開された様式で確かめられていない仮の項目です。区の様式に合わせて定義ファイルで直せます。"
				   : "");
}

/* Whether option is one of the "\n"-joined lines of value. */
static bool
has_line(const char *value, const char *option)
{
	size_t ol = strlen(option);
	for (const char *p = value; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == ol && !strncmp(p, option, ol))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* Choose for a choice or multi field (and its その他 text and ◎). */
static void
choose_value(struct ui *ui, struct formscr *f, const struct md_field *fd)
{
	const char *cur = md_values_get(&f->rec.values, fd->key);
	char okey[96];
	md_text_format(okey, sizeof okey, "%s.other", fd->key);
	if (fd->type == MD_FIELD_CHOICE) {
		const char **labels = md_calloc(fd->noptions + 1,
						sizeof *labels);
		if (!labels)
			return;
		int current = 0;
		for (size_t i = 0; i < fd->noptions; i++) {
			labels[i] = fd->options[i];
			if (cur && !strcmp(cur, fd->options[i]))
				current = (int)i;
		}
		labels[fd->noptions] = "(空にする)";
		int pick = ui_choose(ui, fd->label, labels, fd->noptions + 1,
				     current, NULL);
		md_free(labels);
		if (pick < 0)
			return;
		const char *v = (size_t)pick < fd->noptions ? fd->options[pick]
							    : NULL;
		md_values_set(&f->rec.values, fd->key, v, NULL);
		if (fd->other && v && !strcmp(v, fd->other)) {
			char *t = ui_ask(ui, "その他の内容",
					 md_values_get(&f->rec.values, okey),
					 false);
			if (t)
				md_values_set(&f->rec.values, okey, t, NULL);
			md_free(t);
		} else {
			md_values_set(&f->rec.values, okey, NULL, NULL);
		}
		f->draft_dirty = true;
		return;
	}
	/* multi */
	bool *marks = md_calloc(fd->noptions ? fd->noptions : 1, sizeof *marks);
	if (!marks)
		return;
	for (size_t i = 0; i < fd->noptions; i++)
		marks[i] = has_line(cur, fd->options[i]);
	int pick = ui_choose(ui, fd->label, fd->options, fd->noptions, 0,
			     marks);
	if (pick >= 0) {
		struct md_buf b;
		md_buf_init(&b);
		bool other = false;
		for (size_t i = 0; i < fd->noptions; i++)
			if (marks[i]) {
				if (b.len)
					md_buf_addc(&b, '\n');
				md_buf_adds(&b, fd->options[i]);
				other |= fd->other &&
					 !strcmp(fd->options[i], fd->other);
			}
		md_values_set(&f->rec.values, fd->key, md_buf_str(&b), NULL);
		md_buf_fini(&b);
		if (other) {
			char *t = ui_ask(ui, "その他の内容",
					 md_values_get(&f->rec.values, okey),
					 false);
			if (t)
				md_values_set(&f->rec.values, okey, t, NULL);
			md_free(t);
		} else {
			md_values_set(&f->rec.values, okey, NULL, NULL);
		}
		if (fd->primary) {
			const char *labels[64];
			size_t n = 0;
			for (size_t i = 0; i < fd->noptions && n < 63; i++)
				if (marks[i])
					labels[n++] = fd->options[i];
			labels[n] = "(選ばない)";
			char pkey[96];
			md_text_format(pkey, sizeof pkey, "%s.primary",
				       fd->key);
			int p = n ? ui_choose(ui, fd->primary, labels, n + 1, 0,
					      NULL)
				  : (int)n;
			md_values_set(&f->rec.values, pkey,
				      p >= 0 && (size_t)p < n ? labels[p]
							      : NULL,
				      NULL);
		}
		f->draft_dirty = true;
	}
	md_free(marks);
}

static void
choose_staff(struct ui *ui, struct formscr *f, const struct md_field *fd)
{
	struct md_user *users;
	size_t n;
	struct md_err err;
	if (md_user_names(ui->db, &ui->user, &users, &n, &err) != MD_OK) {
		ui_error(ui, &err);
		return;
	}
	const char **labels = md_calloc(n + 1, sizeof *labels);
	if (labels) {
		for (size_t i = 0; i < n; i++)
			labels[i] = users[i].display_name;
		labels[n] = "(空にする)";
		int pick = ui_choose(ui, fd->label, labels, n + 1, 0, NULL);
		if (pick >= 0) {
			md_values_set(&f->rec.values, fd->key,
				      (size_t)pick < n ? users[pick].login
						       : NULL,
				      NULL);
			f->draft_dirty = true;
		}
		md_free(labels);
	}
	md_user_list_free(users, n);
}

static void
choose_agency(struct ui *ui, struct formscr *f, const struct md_field *fd)
{
	struct md_agency *a;
	size_t n;
	struct md_err err;
	if (md_agencies_list(ui->db, &a, &n, &err) != MD_OK) {
		ui_error(ui, &err);
		return;
	}
	const char **labels = md_calloc(n + 1, sizeof *labels);
	size_t k = 0;
	if (labels) {
		for (size_t i = 0; i < n; i++)
			if (a[i].active)
				labels[k++] = a[i].name;
		labels[k] = "(空にする)";
		int pick = ui_choose(ui, fd->label, labels, k + 1, 0, NULL);
		if (pick >= 0) {
			md_values_set(&f->rec.values, fd->key,
				      (size_t)pick < k ? labels[pick] : NULL,
				      NULL);
			f->draft_dirty = true;
		}
		md_free(labels);
	}
	md_agencies_free(a, n);
}

/* Ask one cell of a table row. */
static bool
ask_cell(struct ui *ui, struct formscr *f, const struct md_field *fd, int row,
	 const struct md_column *c)
{
	char key[160];
	md_text_format(key, sizeof key, "%s.%d.%s", fd->key, row, c->key);
	const char *cur = md_values_get(&f->rec.values, key);
	/* Every cell names its table, row and column, chosen or typed. */
	char prompt[256];
	md_text_format(prompt, sizeof prompt, "%s(%d 行目): %s", fd->label, row,
		       c->label);
	if (c->type == MD_FIELD_CHOICE || c->type == MD_FIELD_YESNO) {
		static const char *const yn[] = {"はい", "いいえ"};
		const char *const *opts = c->type == MD_FIELD_YESNO
						  ? yn
						  : c->options;
		size_t n = c->type == MD_FIELD_YESNO ? 2 : c->noptions;
		const char **labels = md_calloc(n + 1, sizeof *labels);
		if (!labels)
			return false;
		for (size_t i = 0; i < n; i++)
			labels[i] = opts[i];
		labels[n] = "(空にする)";
		int pick = ui_choose(ui, prompt, labels, n + 1, 0, NULL);
		md_free(labels);
		if (pick < 0)
			return false;
		md_values_set(&f->rec.values, key,
			      (size_t)pick < n ? opts[pick] : NULL, NULL);
		return true;
	}
	/* A value refused is asked again as typed, with the reason. */
	char *typed = cur ? md_strdup(cur) : NULL;
	while (ui_ask_again(ui, prompt, &typed)) {
		char *out = NULL;
		struct md_err err;
		enum md_status rc = md_value_normalize(ui->db, fd, c, typed,
						       &out, &err);
		md_free(out);
		if (rc == MD_OK) {
			md_values_set(&f->rec.values, key, typed, NULL);
			md_free(typed);
			return true;
		}
		ui_error(ui, &err);
	}
	return false;
}

/* The table editor: rows listed; a adds, Enter edits, d deletes. */
static void
edit_table(struct ui *ui, struct formscr *f, const struct md_field *fd)
{
	int sel = 0;
	for (;;) {
		int n = md_values_table_rows(&f->rec.values, fd->key);
		const char **labels = md_calloc((size_t)n + 2, sizeof *labels);
		char **owned = md_calloc((size_t)n + 1, sizeof *owned);
		if (!labels || !owned) {
			md_free(labels);
			md_free(owned);
			return;
		}
		for (int r = 1; r <= n; r++) {
			struct md_buf b;
			md_buf_init(&b);
			for (size_t c = 0; c < fd->ncolumns; c++) {
				char key[160];
				md_text_format(key, sizeof key, "%s.%d.%s",
					       fd->key, r, fd->columns[c].key);
				const char *v = md_values_get(&f->rec.values,
							      key);
				md_buf_addf(&b, "%s%s", c ? " / " : "",
					    v ? v : "-");
			}
			owned[r - 1] = md_buf_take(&b);
			labels[r - 1] = owned[r - 1] ? owned[r - 1] : "";
		}
		labels[n] = "+ 行を追加する";
		char title[256];
		md_text_format(title, sizeof title, "%s(Enter: 編集 d: 削除)",
			       fd->label);
		int pick = ui_choose(ui, title, labels, (size_t)n + 1, sel,
				     NULL);
		for (int r = 0; r < n; r++)
			md_free(owned[r]);
		md_free(owned);
		md_free(labels);
		if (pick < 0)
			return;
		sel = pick;
		int row = pick == n ? n + 1 : pick + 1;
		if (pick < n) {
			const char *acts[] = {"この行を編集する",
					      "この行を削除する"};
			int a = ui_choose(ui, "行", acts, 2, 0, NULL);
			if (a == 1) {
				if (ui_confirm(ui, "この行を削除しますか")) {
					md_values_table_delete_row(&f->rec.values,
								   fd->key, row,
								   NULL);
					f->draft_dirty = true;
				}
				continue;
			}
			if (a < 0)
				continue;
		}
		for (size_t c = 0; c < fd->ncolumns; c++)
			if (!ask_cell(ui, f, fd, row, &fd->columns[c]))
				break;
		f->draft_dirty = true;
	}
}

/* Enter (or Space) on a field that is not typed in place. */
static void
activate(struct ui *ui, struct formscr *f, const struct md_field *fd,
	 const struct ui_key *k)
{
	if (frozen(f)) {
		ui_message(ui, true, "%s", f->rec.frozen);
		return;
	}
	if (fd->by_workflow) {
		ui_message(ui, false,
			   "%sは、ケース画面で手順を記録すると入ります",
			   fd->label);
		return;
	}
	switch (fd->type) {
	case MD_FIELD_CHOICE:
	case MD_FIELD_MULTI:
		choose_value(ui, f, fd);
		break;
	case MD_FIELD_YESNO: {
		const char *cur = md_values_get(&f->rec.values, fd->key);
		int typed = ui_key_yes_no(k);
		const char *v = typed == 1             ? "はい"
				: typed == 0           ? "いいえ"
				: !cur                 ? "はい"
				: !strcmp(cur, "はい") ? "いいえ"
						       : NULL;
		md_values_set(&f->rec.values, fd->key, v, NULL);
		f->draft_dirty = true;
		break;
	}
	case MD_FIELD_STAFF:
		choose_staff(ui, f, fd);
		break;
	case MD_FIELD_AGENCY:
		choose_agency(ui, f, fd);
		break;
	case MD_FIELD_TABLE:
		edit_table(ui, f, fd);
		break;
	default:
		break;
	}
	save_draft(ui, f);
}

/* The values the screen's edits started from: the revision they were
 * made on (an older one when a draft was restored), with the person's
 * fields as they were when the form was opened (f->saved); the screen's
 * own saved values for a record never saved. */
static enum md_status
edit_base(struct ui *ui, const struct formscr *f, struct md_values *base,
	  struct md_err *err)
{
	if (!f->rec.id || f->rec.revision <= 0)
		return md_values_copy(base, &f->saved, err);
	enum md_status rc = md_record_values_at(ui->db, &ui->user, f->rec.id,
						f->rec.revision, base, err);
	for (size_t i = 0; i < f->saved.n && rc == MD_OK; i++) {
		char key[64];
		md_values_split_key(f->saved.items[i].key, key, sizeof key);
		const struct md_field *fd = md_form_field(f->rec.form, key);
		if (fd && fd->person != MD_PERSON_NONE)
			rc = md_values_set(base, f->saved.items[i].key,
					   f->saved.items[i].value, err);
	}
	return rc;
}

/* Name the fields of `both` (keys) by their labels, "、" between. */
static void
field_labels(const struct formscr *f, const struct md_values *both,
	     struct md_buf *out)
{
	for (size_t i = 0; i < both->n; i++) {
		const struct md_field *fd = md_form_field(f->rec.form,
							  both->items[i].key);
		if (i)
			md_buf_adds(out, "、");
		md_buf_adds(out, fd ? fd->label : both->items[i].key);
	}
}

/*
 * A save was refused because the record moved on (someone saved a newer
 * revision) or is gone (a backup from before it was put back). Offer to
 * lay what was changed on this screen over the newest revision, or to
 * keep the screen as a new record. Nothing is saved here: the consultant
 * looks, then saves with F2; a field both sides changed is named.
 */
static void
offer_rebase(struct ui *ui, struct formscr *f)
{
	struct md_err err;
	struct md_record now;
	int seq = f->rec.seq > 0 ? f->rec.seq : MD_SEQ_NEW;
	enum md_status rc = md_record_open(ui->db, &ui->user, ui->forms,
					   f->case_id, f->rec.form->id, seq,
					   &now, &err);
	if (rc == MD_ERR_NOTFOUND && seq != MD_SEQ_NEW)
		rc = md_record_open(ui->db, &ui->user, ui->forms, f->case_id,
				    f->rec.form->id, MD_SEQ_NEW, &now, &err);
	if (rc != MD_OK) {
		md_record_fini(&now);
		return; /* the save's own message stays */
	}
	bool gone = now.id == 0;
	if (!gone && now.id == f->rec.id && now.revision == f->rec.revision &&
	    now.person_revision == f->rec.person_revision) {
		md_record_fini(&now);
		return; /* not moved on: nothing to lay over */
	}
	char q[sizeof ui->message + 512];
	if (gone)
		md_text_format(q, sizeof q,
			       "%s\n\nこの記録はデータベースにありません(バックアップから戻したときなど)。画面の内容を新しい記録にしますか(そのあと F2 で保存します。n: 画面はこのまま)",
			       ui->message);
	else
		md_text_format(q, sizeof q,
			       "%s\n\n最新の内容(版 %d)に、この画面で変えた項目を重ねますか。ほかの項目は最新の内容になります(そのあと F2 で保存します。n: 画面はこのまま)",
			       ui->message, now.revision);
	if (!ui_confirm(ui, q)) {
		md_record_fini(&now);
		return;
	}
	struct md_values base, merged, both;
	md_values_init(&base);
	md_values_init(&merged);
	md_values_init(&both);
	rc = gone ? md_values_copy(&merged, &f->rec.values, &err)
		  : edit_base(ui, f, &base, &err);
	if (rc == MD_OK && !gone)
		rc = md_values_merge(&base, &f->rec.values, &now.values,
				     &merged, &both, &err);
	if (rc == MD_OK)
		rc = md_values_copy(&f->saved, &now.values, &err);
	if (rc != MD_OK) {
		ui_error(ui, &err);
		md_record_fini(&now);
	} else {
		/* The draft follows the record it now belongs to. */
		int draft_seq = gone ? 0 : now.seq;
		if (draft_seq != f->draft_seq)
			md_draft_discard(ui->db, &ui->user, f->case_id,
					 f->rec.form->id, f->draft_seq, NULL);
		md_values_fini(&now.values);
		now.values = merged;
		md_values_init(&merged);
		md_record_fini(&f->rec);
		f->rec = now;
		f->draft_seq = draft_seq;
		f->draft_dirty = true;
		start_editor(f);
		save_draft(ui, f);
		struct md_buf names;
		md_buf_init(&names);
		field_labels(f, &both, &names);
		if (gone)
			ui_message(ui, false,
				   "新しい記録にしました。確かめて F2 で保存します");
		else if (both.n)
			ui_message(ui, false,
				   "最新の内容(版 %d)に重ねました。両方で変わった項目: %s(この画面の入力です。ほかの職員の入力は履歴で見られます)。確かめて F2 で保存します",
				   f->rec.revision, md_buf_str(&names));
		else
			ui_message(ui, false,
				   "最新の内容(版 %d)に重ねました。確かめて F2 で保存します",
				   f->rec.revision);
		md_buf_fini(&names);
	}
	md_values_fini(&base);
	md_values_fini(&merged);
	md_values_fini(&both);
}

/* Save as a new revision; on a fault keep everything typed. */
static bool
form_save(struct ui *ui, struct formscr *f)
{
	commit_editor(f);
	if (frozen(f)) {
		ui_message(ui, true, "%s", f->rec.frozen);
		return false;
	}
	struct md_err err;
	bool saved;
	md_values_clear(&f->faults);
	/* The draft goes in the save's transaction (MD_SAVE_DRAFT), so a
	 * crash never leaves a draft older than what was saved. */
	enum md_status rc = md_record_save(ui->db, &ui->user, &f->rec,
					   MD_SAVE_DRAFT, &saved, &f->faults,
					   &err);
	if (rc != MD_OK) {
		ui_error(ui, &err);
		/* Go to the first field at fault. */
		for (size_t i = 0; i < f->rec.form->nfields; i++)
			if (md_values_get(&f->faults,
					  f->rec.form->fields[i].key)) {
				f->focus = (int)i;
				break;
			}
		start_editor(f);
		save_draft(ui, f);
		if (rc == MD_ERR_CONFLICT ||
		    (rc == MD_ERR_NOTFOUND && f->rec.id))
			offer_rebase(ui, f);
		return false;
	}
	md_values_copy(&f->saved, &f->rec.values, NULL);
	f->draft_seq = f->rec.seq;
	f->draft_dirty = false;
	struct md_buf missing;
	md_buf_init(&missing);
	size_t nm = md_form_missing(f->rec.form, &f->rec.values, &missing);
	if (!saved)
		ui_message(ui, false, "変更はありません");
	else if (nm)
		ui_message(ui, false,
			   "保存しました(版 %d、下書き)。未入力の ※: %s",
			   f->rec.revision, md_buf_str(&missing));
	else
		ui_message(ui, false, "保存しました(版 %d、完了)",
			   f->rec.revision);
	md_buf_fini(&missing);
	start_editor(f);
	return true;
}

/* What typing changed from `from` to `to`, as a discard question names it:
 * the form and the labels of the fields changed ("第3号様式 支援経過記録シート
 * の「内容」「対応方法」", or the form alone when none differs), the first
 * few of them. A new string, or NULL. */
static char *
changes_named(const struct md_form *form, const struct md_values *from,
	      const struct md_values *to)
{
	enum {
		SHOWN = 4
	};
	struct md_diff *d = NULL;
	size_t n = 0, named = 0, more = 0;
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b, "%s %s", form->number, form->title);
	if (md_values_diff(form, from, to, &d, &n, NULL) == MD_OK) {
		for (size_t i = 0; i < n; i++) {
			const struct md_field *fd = d[i].field;
			bool seen = false;
			for (size_t j = 0; j < i && fd; j++)
				seen |= d[j].field == fd;
			if (seen)
				continue;
			if (named++ < SHOWN)
				md_buf_addf(&b, "%s「%s」",
					    named == 1 ? "の" : "",
					    fd ? fd->label : d[i].key);
			else
				more++;
		}
		md_diffs_free(d, n);
	}
	if (more)
		md_buf_addf(&b, "ほか %zu 項目", more);
	return md_buf_take(&b);
}

static bool
form_leave(struct ui *ui, struct screen *s)
{
	struct formscr *f = s->state;
	commit_editor(f);
	if (!dirty(f)) {
		md_draft_discard(ui->db, &ui->user, f->case_id, f->rec.form->id,
				 f->draft_seq, NULL);
		return true;
	}
	char *names = changes_named(f->rec.form, &f->saved, &f->rec.values);
	char *lost = md_asprintf("%sへの変更と下書き",
				 names ? names : "この様式");
	int answer = ui_ask_leave(ui, lost ? lost : "この様式への変更と下書き");
	md_free(lost);
	md_free(names);
	switch (answer) {
	case 's':
		return form_save(ui, f);
	case 'd':
		md_draft_discard(ui->db, &ui->user, f->case_id, f->rec.form->id,
				 f->draft_seq, NULL);
		return true;
	default:
		return false;
	}
}

static void
form_keep(struct ui *ui, struct screen *s)
{
	struct formscr *f = s->state;
	commit_editor(f);
	if (dirty(f)) {
		f->draft_dirty = true;
		save_draft(ui, f);
	}
}

static void
form_tick(struct ui *ui, struct screen *s)
{
	struct formscr *f = s->state;
	commit_editor(f);
	if (f->draft_dirty &&
	    time(NULL) - f->draft_at >= ui->cfg.drafts_autosave_seconds)
		save_draft(ui, f);
}

static unsigned
form_key(struct ui *ui, struct screen *s, const struct ui_key *k)
{
	struct formscr *f = s->state;
	/* Ticks come only when the keys pause: typing without a pause keeps
	 * the draft too, once the autosave interval has passed. */
	if (time(NULL) - f->draft_at >= ui->cfg.drafts_autosave_seconds)
		form_tick(ui, s);
	const struct md_field *fd = field_at(f, f->focus);
	int n = (int)f->rec.form->nfields;
	/* Letters typed in a field are text, never keys. */
	switch (ui_key_action(k, f->editing ? NULL : form_actions)) {
	case ACT_BACK:
		return UI_CLOSE;
	case ACT_SAVE:
		form_save(ui, f);
		return UI_REDRAW;
	case ACT_REFRESH:
		return UI_REDRAW; /* what is typed is not thrown away */
	case ACT_GOTO: {
		char *q = ui_ask(ui, "移る項目(項目名の一部)", "", false);
		if (q && *q) {
			int found = -1;
			for (int i = 1; i <= n && found < 0; i++) {
				int j = (f->focus + i) % n;
				if (strstr(field_at(f, j)->label, q))
					found = j;
			}
			if (found >= 0)
				move_focus(ui, f, found);
			else
				ui_message(ui, true,
					   "「%s」という項目はありません", q);
		}
		md_free(q);
		return UI_REDRAW;
	}
	case ACT_EDITOR:
		if (frozen(f)) {
			ui_message(ui, true, "%s", f->rec.frozen);
		} else if (fd->type == MD_FIELD_TEXTAREA ||
			   fd->type == MD_FIELD_TEXT) {
			commit_editor(f);
			/* What is typed is in the draft before the editor
			 * starts: after a crash in it, the editor's text is
			 * laid on that draft (ui_recover_edits). */
			save_draft(ui, f);
			const char *v = md_values_get(&f->rec.values, fd->key);
			struct ui_edit_origin o = {
				.case_id = f->case_id,
				.form = f->rec.form->id,
				.seq = f->draft_seq,
				.base_revision = f->rec.revision,
				.field = fd->key,
			};
			char *t = ui_external_edit(ui, v ? v : "", &o);
			if (t) {
				md_values_set(&f->rec.values, fd->key, t, NULL);
				md_free(t);
				f->draft_dirty = true;
				start_editor(f);
				save_draft(ui, f);
			}
		}
		return UI_REDRAW;
	case ACT_PRINT: {
		if (dirty(f)) {
			ui_message(ui, true,
				   "印刷の前に F2 で保存してください");
			return UI_REDRAW;
		}
		char *path = ui_export_form_path(ui, f->case_id, f->rec.form);
		struct md_export_options o =
			{.encoding = ui->cfg.export_encoding,
			 .force = true,
			 .office = ui->cfg.office_name};
		struct md_err err;
		if (path && md_export_form(ui->db, &ui->user, ui->forms,
					   f->case_id, f->rec.form->id,
					   f->rec.form->entries ? MD_SEQ_LATEST
								: f->rec.seq,
					   path, &o, &err) == MD_OK)
			ui_message(ui, false, "出力しました: %s", path);
		else if (path)
			ui_error(ui, &err);
		md_free(path);
		return UI_REDRAW;
	}
	case ACT_HISTORY:
		if (f->rec.id)
			history_open(ui, f->rec.id, f->rec.form);
		else
			ui_message(ui, false,
				   "まだ保存されていないので履歴はありません");
		return UI_REDRAW;
	case ACT_OPEN:
		if (f->editing && fd->type == MD_FIELD_TEXTAREA)
			break; /* a new line in the text */
		if (f->editing) {
			move_focus(ui, f, f->focus + 1);
			return UI_REDRAW;
		}
		activate(ui, f, fd, k);
		return UI_REDRAW;
	default:
		break;
	}
	if (!k->fkey && k->ch == L'\t') {
		move_focus(ui, f, f->focus + 1);
		return UI_REDRAW;
	}
	if (k->fkey) {
		switch (k->ch) {
		case KEY_BTAB:
			move_focus(ui, f, f->focus - 1);
			return UI_REDRAW;
		case KEY_UP:
		case KEY_DOWN:
			if (f->editing && fd->type == MD_FIELD_TEXTAREA) {
				/* Up and down move in the text; out of it at
				 * its first and last lines. */
				size_t before = f->ed.cur;
				bool changed;
				editor_key(ui, &f->ed, k, &changed);
				if (f->ed.cur != before)
					return UI_REDRAW;
			}
			move_focus(ui, f,
				   f->focus + (k->ch == KEY_UP ? -1 : 1));
			return UI_REDRAW;
		case KEY_PPAGE:
			move_focus(ui, f, f->focus - 8);
			return UI_REDRAW;
		case KEY_NPAGE:
			move_focus(ui, f, f->focus + 8);
			return UI_REDRAW;
		default:
			break;
		}
	}
	if (f->editing) {
		bool changed;
		editor_key(ui, &f->ed, k, &changed);
		if (changed) {
			f->draft_dirty = true;
			md_values_set(&f->faults, fd->key, NULL, NULL);
		}
		return UI_REDRAW;
	}
	if ((!k->fkey && k->ch == L' ') || ui_key_yes_no(k) >= 0)
		activate(ui, f, fd, k);
	else if (!k->fkey && k->ch >= L'1' && k->ch <= L'9' &&
		 fd->type == MD_FIELD_CHOICE && !fd->by_workflow &&
		 !frozen(f)) {
		size_t i = (size_t)(k->ch - L'1');
		if (i < fd->noptions) {
			md_values_set(&f->rec.values, fd->key, fd->options[i],
				      NULL);
			f->draft_dirty = true;
			save_draft(ui, f);
		}
	} else if (!k->fkey && (k->ch == L'j' || k->ch == L'k')) {
		move_focus(ui, f, f->focus + (k->ch == L'j' ? 1 : -1));
	}
	return UI_REDRAW;
}

static void
form_close(struct ui *ui, struct screen *s)
{
	(void)ui;
	struct formscr *f = s->state;
	if (f->editing)
		editor_fini(&f->ed);
	md_free(f->ed_origin);
	md_record_fini(&f->rec);
	md_values_fini(&f->saved);
	md_values_fini(&f->faults);
	if (f->have_person)
		md_person_fini(&f->person);
	md_free(f);
}

static const struct screen_ops form_ops = {
	.title = "様式",
	.actions = form_actions,
	.context = form_context,
	.guide =
		"Tab・Shift-Tab・↑↓ で項目を移り、文字の項目はそのまま入力します。"
		"選択は Enter で一覧(番号でも選べます)、複数選択は Space で切り替え、"
		"はい・いいえは Space か y/n、表は Enter で行の追加・編集・削除。日付は "
		"令和6年4月1日、R6.4.1、2024-04-01 のどれでも入力でき、読み取った日付が"
		"横に出ます。※ は必須の項目です(下書きなら空でも保存できます)。入力中の"
		"内容は数秒ごとに下書きとして保存され、F2 で保存すると新しい版になります。"
		"開いたあとに他の職員が同じ様式を保存していたら、保存は断られ、"
		"この画面で変えた項目を最新の内容に重ねるかを聞きます(両方で変わった"
		"項目は名前を出します)。重ねたら確かめて F2 で保存します。",
	.draw = form_draw,
	.key = form_key,
	.tick = form_tick,
	.leave = form_leave,
	.close = form_close,
	.keep = form_keep,
};

bool
form_open(struct ui *ui, long long case_id, const char *form_id, int seq,
	  const struct md_values *draft, const char *draft_field)
{
	struct formscr *f = md_calloc(1, sizeof *f);
	struct md_err err;
	if (!f)
		return false;
	md_values_init(&f->saved);
	md_values_init(&f->faults);
	f->case_id = case_id;
	if (md_record_open(ui->db, &ui->user, ui->forms, case_id, form_id, seq,
			   &f->rec, &err) != MD_OK) {
		ui_error(ui, &err);
		md_free(f);
		return false;
	}
	md_values_copy(&f->saved, &f->rec.values, NULL);
	f->draft_seq = f->rec.id ? f->rec.seq : 0;
	struct md_case c;
	if (md_case_load(ui->db, case_id, &c, &err) == MD_OK) {
		f->person = c.person;
		memset(&c.person, 0, sizeof c.person);
		md_values_init(&c.person.extra);
		f->have_person = true;
		md_case_fini(&c);
	}
	/* A draft: the one handed in, or one left for this form (none for
	 * a frozen record, which shows what was decided). */
	struct md_draft d;
	bool found = false;
	if (frozen(f))
		draft = NULL;
	else if (!draft &&
		 md_draft_load(ui->db, &ui->user, case_id, f->rec.form->id,
			       f->draft_seq, &d, &found, &err) == MD_OK &&
		 found) {
		/* Restoring is the safe answer (Enter); throwing the draft
		 * away is asked again, naming what goes. */
		char at[MD_DISPLAY_WHEN_SIZE];
		md_display_when(d.updated_at, MD_DATE_SHORT, at);
		char *names = changes_named(f->rec.form, &f->saved, &d.values);
		char *q =
			md_asprintf("この様式には保存していない下書き(%s)があります。"
				    "復元しますか(n: 下書きを破棄して保存済みの内容を開く)",
				    at);
		char *lost = md_asprintf("%sの下書き(%s 保存)",
					 names ? names : "この様式", at);
		bool restore = ui_confirm_yes(ui,
					      q ? q : "下書きを復元しますか") ||
			       !ui_confirm_discard(ui,
						   lost ? lost : "この下書き");
		md_free(q);
		md_free(lost);
		md_free(names);
		if (restore) {
			md_values_copy(&f->rec.values, &d.values, NULL);
			f->rec.revision = d.base_revision;
			for (size_t i = 0; i < f->rec.form->nfields; i++)
				if (!strcmp(f->rec.form->fields[i].key,
					    d.field))
					f->focus = (int)i;
			ui_message(ui, false,
				   "下書きを復元しました(%s)。F2 で保存します",
				   at);
		} else {
			md_draft_discard(ui->db, &ui->user, case_id,
					 f->rec.form->id, f->draft_seq, NULL);
		}
		md_draft_fini(&d);
	} else if (draft) {
		md_values_copy(&f->rec.values, draft, NULL);
		for (size_t i = 0; i < f->rec.form->nfields; i++)
			if (draft_field &&
			    !strcmp(f->rec.form->fields[i].key, draft_field))
				f->focus = (int)i;
		ui_message(ui, false, "下書きを復元しました。F2 で保存します");
	}
	/* A draft started from an older revision keeps that base, so a save
	 * never overwrites what someone saved since. */
	if (draft) {
		struct md_draft dd;
		bool fd = false;
		if (md_draft_load(ui->db, &ui->user, case_id, f->rec.form->id,
				  f->draft_seq, &dd, &fd, &err) == MD_OK &&
		    fd) {
			f->rec.revision = dd.base_revision;
			md_draft_fini(&dd);
		}
	}
	f->draft_dirty = false;
	f->draft_at = time(NULL);
	start_editor(f);
	ui_push(ui, &form_ops, f);
	return true;
}
