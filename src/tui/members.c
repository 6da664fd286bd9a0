/* The dialogs that build a household as the consultant is told of it (the
 * household screen's a, e, m, i and the case screen's H): a member added —
 * a registered person found by name or ふりがな, a new person after the
 * duplicate check (異体字 and kana folded), or one not registered — a member
 * changed, a member moved out or to another household, the household's
 * 課題 and note, a household made for a case's person. Each asks again from
 * what was typed when the core refuses it, its message naming the field;
 * a move is confirmed first. Every rule is the core's (households.h),
 * every option the definitions' (forms/households.ini). */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/households.h"
#include "madoguchi/mem.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/* Choose one of list (title, the cursor on current): its index, or -1. */
static int
members_choose(struct ui *ui, const char *title, const struct md_choices *l,
	       int current)
{
	return ui_choose(ui, title, l->items, l->n, current, NULL);
}

/* The index of value in l, or fallback. */
static int
members_index(const struct md_choices *l, const char *value, int fallback)
{
	for (size_t i = 0; value && i < l->n; i++)
		if (!strcmp(l->items[i], value))
			return (int)i;
	return fallback;
}

/* Marks for l: those of items set. A new array (NULL when out of memory). */
static bool *
members_marks(const struct md_choices *l, char *const *items, size_t n)
{
	bool *marks = md_calloc(l->n ? l->n : 1, sizeof *marks);
	for (size_t i = 0; marks && i < n; i++) {
		int k = members_index(l, items[i], -1);
		if (k >= 0)
			marks[k] = true;
	}
	return marks;
}

/* Several of l chosen (marks, kept between tries): "|" between them in a
 * new string ("" for none), or NULL when given up. */
static char *
members_choose_several(struct ui *ui, const char *title,
		       const struct md_choices *l, bool *marks)
{
	if (!marks || ui_choose(ui, title, l->items, l->n, 0, marks) < 0)
		return NULL;
	struct md_buf b;
	md_buf_init(&b);
	md_buf_adds(&b, "");
	for (size_t i = 0; i < l->n; i++)
		if (marks[i])
			md_buf_addf(&b, "%s%s", b.len ? "|" : "", l->items[i]);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

/* A day as typed, to name it in a question: 和暦 when it reads as a date,
 * today's when nothing was typed. A new string. */
static char *
members_day(const char *typed)
{
	char iso[MD_DATE_SIZE];
	struct md_date d;
	if (!typed || !*typed) {
		md_clock_today(iso);
		char *w = md_display_date(iso, MD_DATE_LONG);
		char *t = md_asprintf("今日(%s)", w ? w : iso);
		md_free(w);
		return t;
	}
	if (md_date_parse(typed, &d, NULL) != MD_OK)
		return md_strdup(typed);
	md_date_iso(d, iso);
	return md_display_date(iso, MD_DATE_LONG);
}

/* ---- a move ------------------------------------------------------------- */

/* What a move asks, kept as typed between tries. */
struct move_typed {
	char *date, *label, *to_query;
	int reason;
	int where; /* MOVE_NOWHERE, MOVE_TO, MOVE_NEW */
	long long to;
	int relation, living;
};

enum {
	MOVE_NOWHERE,
	MOVE_TO,
	MOVE_NEW
};

/* Households found by text (the start of a member's 氏名 or ふりがな, or
 * the label), but from: one chosen into *to. False when none is. */
static bool
move_choose_household(struct ui *ui, long long from, const char *text,
		      long long *to)
{
	struct md_household_filter f = {text, 0};
	struct md_household_row *r;
	size_t n;
	struct md_err err;
	if (md_household_list(ui->db, &ui->user, ui->households, &f, 30, &r, &n,
			      &err) != MD_OK) {
		ui_error(ui, &err);
		return false;
	}
	char **owned = md_calloc(n + 1, sizeof *owned);
	const char **labels = md_calloc(n + 1, sizeof *labels);
	long long *ids = md_calloc(n + 1, sizeof *ids);
	size_t k = 0;
	for (size_t i = 0; owned && labels && ids && i < n; i++) {
		if (r[i].id == from)
			continue;
		owned[k] = md_asprintf("世帯 %lld %s  %s(世帯員 %zu 人)",
				       r[i].id, r[i].label, r[i].head,
				       r[i].members);
		labels[k] = owned[k] ? owned[k] : "";
		ids[k++] = r[i].id;
	}
	int pick = -1;
	if (!k)
		ui_message(ui, true, "「%s」に当たるほかの世帯はありません",
			   text);
	else
		pick = ui_choose(ui, "移る先の世帯", labels, k, 0, NULL);
	if (pick >= 0)
		*to = ids[pick];
	for (size_t i = 0; owned && i < k; i++)
		md_free(owned[i]);
	md_free(owned);
	md_free(labels);
	md_free(ids);
	md_household_rows_free(r, n);
	return pick >= 0;
}

/* Ask what a move needs (the day, the reason, where to and the place
 * there), each starting from what t holds; preset: where to is given
 * (someone added here from another household). False when given up. */
static bool
move_ask(struct ui *ui, long long from, bool preset, struct move_typed *t)
{
	static const char *const where[] =
		{"移る先は記録しない(市外への転出・施設・死亡など)",
		 "ほかの世帯へ移る(世帯を探す)", "新しい世帯を作って移る"};
	const struct md_household_defs *d = ui->households;
	if (!ui_ask_again(ui,
			  "転出日(R8.4.1・令和8年4月1日・2026-04-01 など。今日ならそのまま Enter)",
			  &t->date))
		return false;
	int pick = members_choose(ui, "転出の理由", &d->reasons, t->reason);
	if (pick < 0)
		return false;
	t->reason = pick;
	if (preset)
		return true;
	if ((pick = ui_choose(ui, "移る先", where, 3, t->where, NULL)) < 0)
		return false;
	t->where = pick;
	while (t->where == MOVE_TO) {
		if (!ui_ask_again(ui,
				  "移る先の世帯: 世帯番号、または世帯員の氏名・ふりがなの始め",
				  &t->to_query))
			return false;
		if (md_case_parse_id(t->to_query, &t->to) ||
		    move_choose_household(ui, from, t->to_query, &t->to))
			break;
	}
	if (t->where == MOVE_NEW &&
	    !ui_ask_again(ui, "新しい世帯の呼び名(なければ空のまま Enter)",
			  &t->label))
		return false;
	if (t->where == MOVE_NOWHERE)
		return true;
	if ((pick = members_choose(ui, "移る先での続柄(世帯主から見て)",
				   &d->relations, t->relation)) < 0)
		return false;
	t->relation = pick;
	if ((pick = members_choose(ui, "移る先での同居・別居", &d->living,
				   t->living)) < 0)
		return false;
	t->living = pick;
	return true;
}

/* The question before a move, naming all it records. A new string. */
static char *
move_question(const struct ui *ui, const char *name, const struct move_typed *t)
{
	const struct md_household_defs *d = ui->households;
	const char *rel = d->relations.items[t->relation];
	const char *liv = d->living.items[t->living];
	bool named = t->label && *t->label;
	char *to = t->where == MOVE_TO
			   ? md_asprintf("世帯 %lld に %s・%s で移る", t->to,
					 rel, liv)
		   : t->where == MOVE_NEW
			   ? md_asprintf("新しい世帯%s%s%sに %s・%s で移る",
					 named ? "「" : "",
					 named ? t->label : "",
					 named ? "」" : "", rel, liv)
			   : md_strdup("記録しない");
	char *day = members_day(t->date);
	char *q = md_asprintf("%s さんの転出を記録します。\n転出日: %s、理由: %s\n"
			      "移る先: %s\nよろしいですか",
			      name, day ? day : "", d->reasons.items[t->reason],
			      to ? to : "");
	md_free(day);
	md_free(to);
	return q;
}

/* Record the move t of member member_id (named name): the core's call;
 * the message says what was recorded. */
static enum md_status
move_record(struct ui *ui, long long member_id, const char *name,
	    const struct move_typed *t, struct md_values *faults,
	    struct md_err *err)
{
	const struct md_household_defs *d = ui->households;
	bool going = t->where != MOVE_NOWHERE;
	struct md_move_in mv = {
		.date = t->date && *t->date ? t->date : NULL,
		.reason = d->reasons.items[t->reason],
		.to = t->where == MOVE_TO ? t->to : 0,
		.new_household = t->where == MOVE_NEW,
		.label = t->where == MOVE_NEW ? t->label : NULL,
		.relation = going ? d->relations.items[t->relation] : NULL,
		.living = going ? d->living.items[t->living] : NULL,
	};
	long long moved = 0;
	enum md_status rc = md_household_move(ui->db, &ui->user, d, member_id,
					      &mv, &moved, faults, err);
	long long into = rc == MD_OK && moved
				 ? md_household_of_member(ui->db, moved)
				 : 0;
	if (into)
		ui_message(ui, false,
			   "%s さんの転出を記録しました(世帯 %lld に移りました)",
			   name, into);
	else if (rc == MD_OK)
		ui_message(ui, false, "%s さんの転出を記録しました", name);
	return rc;
}

/*
 * Member member_id of household from (named name) moves out: the day (和暦
 * or ISO), the reason and where to, asked and then confirmed (nothing on
 * one key); refused, asked again from what was typed, the core's message
 * shown. to non-zero: into that household with relation and living (the
 * indexes of the definitions' lists) given. True when recorded.
 */
static bool
members_move_out(struct ui *ui, long long from, long long member_id,
		 const char *name, long long to, int relation, int living)
{
	struct move_typed t = {.where = to ? MOVE_TO : MOVE_NOWHERE,
			       .to = to,
			       .relation = relation,
			       .living = living};
	struct md_values faults;
	md_values_init(&faults);
	enum md_status rc = MD_ERR_INVALID;
	while (move_ask(ui, from, to != 0, &t)) {
		char *q = move_question(ui, name, &t);
		bool go = q && ui_confirm(ui, q);
		md_free(q);
		if (!go) {
			ui_message(ui, false, "転出は記録していません");
			break;
		}
		struct md_err err;
		md_values_clear(&faults);
		rc = move_record(ui, member_id, name, &t, &faults, &err);
		if (!ui_again(ui, rc, &faults, &err))
			break;
	}
	md_values_fini(&faults);
	md_free(t.date);
	md_free(t.label);
	md_free(t.to_query);
	return rc == MD_OK;
}

bool
members_move(struct ui *ui, const struct md_member *m)
{
	if (!m->current) {
		char out[MD_DISPLAY_WHEN_SIZE];
		ui_message(ui, true, "%s さんは %s に転出しています", m->name,
			   md_display_when(m->moved_out_on, MD_DATE_LONG, out));
		return false;
	}
	return members_move_out(ui, m->household_id, m->id, m->name, 0, 0, 0);
}

/* ---- adding a member ---------------------------------------------------- */

/* Who is added, and how: kept as typed between tries. */
struct add_typed {
	int way; /* ADD_REGISTERED, ADD_NEW, ADD_UNREGISTERED */
	long long person_id;
	bool distinct;
	char *query, *name, *kana, *birth, *who, *age, *moved_in;
	int relation, living, reason; /* reason -1: none */
};

enum {
	ADD_REGISTERED,
	ADD_NEW,
	ADD_UNREGISTERED
};

/* A person's line in a choice: number, 氏名(ふりがな), birth, their case
 * and the household they are in now. A new string. */
static char *
add_person_label(struct ui *ui, const struct md_case_row *r, const char *lead)
{
	char b[MD_DISPLAY_WHEN_SIZE], kase[32] = "", in[32] = "";
	if (r->case_id)
		md_text_format(kase, sizeof kase, " ケース %lld", r->case_id);
	long long hid = md_household_of_person(ui->db, r->person_id);
	if (hid)
		md_text_format(in, sizeof in, " 世帯 %lld", hid);
	return md_asprintf("%s本人 %lld %s(%s)%s%s%s%s", lead, r->person_id,
			   r->name, r->kana, *r->birth_date ? " " : "",
			   md_display_when(r->birth_date, MD_DATE_SHORT, b),
			   kase, in);
}

/* The persons of rows (each once), and after them extra (may be NULL) as
 * a last choice: the index of the person chosen (their number in
 * *person_id), n for extra, -1 when given up. */
static int
add_choose_person(struct ui *ui, const char *title,
		  const struct md_case_row *rows, size_t n, const char *lead,
		  const char *extra, long long *person_id)
{
	char **owned = md_calloc(n + 1, sizeof *owned);
	const char **labels = md_calloc(n + 1, sizeof *labels);
	long long *ids = md_calloc(n + 1, sizeof *ids);
	size_t k = 0;
	for (size_t i = 0; owned && labels && ids && i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < k; j++)
			seen |= ids[j] == rows[i].person_id;
		if (seen)
			continue;
		owned[k] = add_person_label(ui, &rows[i], lead);
		labels[k] = owned[k] ? owned[k] : "";
		ids[k++] = rows[i].person_id;
	}
	int pick = -1;
	if (owned && labels && ids) {
		if (extra)
			labels[k] = extra;
		pick = ui_choose(ui, title, labels, k + (extra ? 1 : 0), 0,
				 NULL);
	}
	int result = pick < 0 ? -1 : (size_t)pick < k ? pick : (int)n;
	if (pick >= 0 && (size_t)pick < k)
		*person_id = ids[pick];
	for (size_t i = 0; owned && i < k; i++)
		md_free(owned[i]);
	md_free(owned);
	md_free(labels);
	md_free(ids);
	return result;
}

/* b's rows after a's (b freed): false when out of memory (both freed). */
static bool
add_rows_append(struct md_case_row **a, size_t *na, struct md_case_row *b,
		size_t nb)
{
	struct md_case_row *all = nb ? md_realloc(*a, (*na + nb) * sizeof *all)
				     : *a;
	if (nb && !all) {
		md_case_rows_free(b, nb);
		return false;
	}
	if (nb)
		memcpy(all + *na, b, nb * sizeof *all);
	md_free(b); /* its strings moved into all */
	*a = all;
	*na += nb;
	return true;
}

/* A registered person found by the start of their 氏名 or ふりがな (the
 * case list's search) or by their whole 氏名 or ふりがな (md_person_alike:
 * persons without a case too), 異体字 and kana folded: into t->person_id.
 * False when given up. */
static bool
add_find_registered(struct ui *ui, struct add_typed *t)
{
	for (;;) {
		if (!ui_ask_again(ui,
				  "登録された人を探す: 氏名かふりがな(始めの部分でも)",
				  &t->query))
			return false;
		if (!*t->query)
			continue;
		struct md_case_filter f = {.text = t->query,
					   .include_closed = true};
		struct md_case_row *rows = NULL, *alike = NULL;
		size_t n = 0, nalike = 0;
		struct md_err err;
		if (md_case_search(ui->db, &ui->user, &f, NULL, 50, &rows, &n,
				   &err) != MD_OK ||
		    md_person_alike(ui->db, &ui->user, t->query, t->query, NULL,
				    &alike, &nalike, &err) != MD_OK ||
		    !add_rows_append(&rows, &n, alike, nalike)) {
			md_case_rows_free(rows, n);
			ui_error(ui, &err);
			return false;
		}
		int pick = -1;
		if (!n)
			ui_message(ui, true,
				   "「%s」に当たる登録された人はいません(新しい人として加えられます)",
				   t->query);
		else
			pick = add_choose_person(ui, "加える人", rows, n, "",
						 NULL, &t->person_id);
		md_case_rows_free(rows, n);
		if (pick >= 0)
			return true;
	}
}

/* Ask who is added, each answer starting from what t holds. */
static bool
add_ask_who(struct ui *ui, struct add_typed *t)
{
	switch (t->way) {
	case ADD_REGISTERED:
		return add_find_registered(ui, t);
	case ADD_NEW:
		return ui_ask_again(ui, "新しい人の氏名(本人の表記のとおり)",
				    &t->name) &&
		       ui_ask_again(ui, "ふりがな", &t->kana) &&
		       ui_ask_again(ui,
				    "生年月日(例: S55.4.1。わからなければ空のまま Enter)",
				    &t->birth);
	default:
		return ui_ask_again(ui,
				    "登録しない世帯員の説明(例: 小学生(氏名不詳))",
				    &t->who) &&
		       ui_ask_again(ui,
				    "年齢(例: 8)か生年月日(例: H30.4.1)。わからなければ空のまま Enter",
				    &t->age);
	}
}

/* Ask the member's place: 続柄, 同居・別居, and the day they moved in with
 * its reason when known. */
static bool
add_ask_place(struct ui *ui, struct add_typed *t)
{
	const struct md_household_defs *d = ui->households;
	int pick = members_choose(ui, "続柄(世帯主から見て)", &d->relations,
				  t->relation);
	if (pick < 0)
		return false;
	t->relation = pick;
	if ((pick = members_choose(ui, "同居・別居", &d->living, t->living)) <
	    0)
		return false;
	t->living = pick;
	if (!ui_ask_again(ui, "転入日(わからなければ空のまま Enter)",
			  &t->moved_in))
		return false;
	t->reason = -1;
	if (!*t->moved_in)
		return true;
	if ((pick = members_choose(ui, "転入の理由", &d->reasons, 0)) < 0)
		return false;
	t->reason = pick;
	return true;
}

/* Whether text is a number of years ("8", "８", "8歳"), not a date. */
static bool
add_is_age(const char *text)
{
	long long n;
	char *digits = md_strdup(text);
	if (!digits)
		return false;
	size_t len = strlen(digits);
	if (len >= strlen("歳") && !strcmp(digits + len - strlen("歳"), "歳"))
		digits[len - strlen("歳")] = '\0';
	bool yes = digits[0] != '#' && md_case_parse_id(digits, &n);
	md_free(digits);
	return yes;
}

/* The member as typed, into in (person: the new person's fields). */
static void
add_member_in(const struct ui *ui, const struct add_typed *t,
	      struct md_values *person, struct md_member_in *in)
{
	const struct md_household_defs *d = ui->households;
	memset(in, 0, sizeof *in);
	in->needs_support = -1;
	md_values_clear(person);
	if (t->way == ADD_REGISTERED) {
		in->person_id = t->person_id;
	} else if (t->way == ADD_NEW) {
		md_values_set(person, "name", t->name, NULL);
		md_values_set(person, "kana", t->kana, NULL);
		if (t->birth && *t->birth)
			md_values_set(person, "birth_date", t->birth, NULL);
		in->person = person;
		in->distinct = t->distinct;
	} else {
		in->label = t->who;
		/* 年齢 or 生年月日, as it reads. */
		if (t->age && *t->age && add_is_age(t->age))
			in->age = t->age;
		else if (t->age && *t->age)
			in->birth = t->age;
	}
	in->relation = d->relations.items[t->relation];
	in->living = d->living.items[t->living];
	in->moved_in_on = t->moved_in && *t->moved_in ? t->moved_in : NULL;
	in->reason = t->reason >= 0 ? d->reasons.items[t->reason] : NULL;
}

/* What to do after an add refused as someone who exists. */
enum add_next {
	ADD_ASK,   /* ask again from what was typed */
	ADD_RETRY, /* add again at once: the person chosen, or distinct */
	ADD_MOVED, /* moved here from their household instead */
	ADD_STOP
};

/* A new person who may be registered already (md_household_add found
 * them, 異体字 and kana folded: 高橋 finds 髙橋): shown, the one meant
 * chosen (added as that person), or confirmed to be someone else. */
static enum add_next
add_duplicate(struct ui *ui, struct add_typed *t)
{
	char iso[MD_DATE_SIZE] = "";
	struct md_date d;
	if (t->birth && *t->birth && md_date_parse(t->birth, &d, NULL) == MD_OK)
		md_date_iso(d, iso);
	struct md_case_row *rows = NULL;
	size_t n = 0;
	struct md_err err;
	if (md_person_alike(ui->db, &ui->user, t->name, t->kana, iso, &rows, &n,
			    &err) != MD_OK) {
		ui_error(ui, &err);
		return ADD_STOP;
	}
	int pick =
		add_choose_person(ui, "同じ人が登録されているかもしれません",
				  rows, n, "この人を加える: ",
				  "別の人として新しく登録して加える(確かめました)",
				  &t->person_id);
	md_case_rows_free(rows, n);
	if (pick < 0)
		return ADD_ASK;
	if ((size_t)pick == n) {
		t->distinct = true;
	} else {
		t->way = ADD_REGISTERED;
		md_free(t->query);
		t->query = md_strdup(t->name);
	}
	return ADD_RETRY;
}

/* A registered person who is a current member of another household: a
 * person has one, so a move from it is offered (and confirmed there). */
static enum add_next
add_from_elsewhere(struct ui *ui, long long household_id,
		   const struct add_typed *t)
{
	long long in = md_household_of_person(ui->db, t->person_id);
	if (!in || in == household_id)
		return ADD_ASK;
	char *q =
		md_asprintf("本人 %lld はいま世帯 %lld の世帯員です(現在の世帯は一人に一つです)。"
			    "世帯 %lld からの転出を記録して、この世帯 %lld に移しますか",
			    t->person_id, in, in, household_id);
	bool yes = q && ui_confirm(ui, q);
	md_free(q);
	if (!yes)
		return ADD_ASK;
	struct md_person p;
	struct md_err err;
	bool got = md_person_get(ui->db, t->person_id, &p, &err) == MD_OK;
	bool moved = members_move_out(ui, in,
				      md_household_member_of(ui->db,
							     t->person_id),
				      got ? p.field[MD_PERSON_NAME] : "",
				      household_id, t->relation, t->living);
	if (got)
		md_person_fini(&p);
	return moved ? ADD_MOVED : ADD_STOP;
}

long long
members_add(struct ui *ui, long long household_id, long long *person_id)
{
	static const char *const ways[] =
		{"登録された人から探して加える(氏名・ふりがな)",
		 "新しい人を登録して加える(同じ人がいないか確かめます)",
		 "登録しない世帯員を加える(例: 小学生(氏名不詳)。説明と年齢)"};
	*person_id = 0;
	int way = ui_choose(ui, "世帯員を加える", ways, 3, 0, NULL);
	if (way < 0)
		return 0;
	/* The cursor after 世帯主: one added is rarely the head. */
	struct add_typed t = {.way = way,
			      .reason = -1,
			      .relation = ui->households->relations.n > 1 ? 1
									  : 0};
	struct md_values person, faults;
	md_values_init(&person);
	md_values_init(&faults);
	long long member_id = 0;
	bool ask = true;
	for (;;) {
		if (ask && (!add_ask_who(ui, &t) || !add_ask_place(ui, &t)))
			break;
		struct md_member_in in;
		add_member_in(ui, &t, &person, &in);
		struct md_err err;
		md_values_clear(&faults);
		enum md_status rc = md_household_add(ui->db, &ui->user,
						     ui->households, ui->forms,
						     household_id, &in,
						     &member_id, &faults, &err);
		if (rc == MD_OK || rc != MD_ERR_EXISTS) {
			if (!ui_again(ui, rc, &faults, &err))
				break;
			ask = true;
			continue;
		}
		ui_faults(ui, &faults, &err);
		enum add_next next = in.person
					     ? add_duplicate(ui, &t)
					     : add_from_elsewhere(ui,
								  household_id,
								  &t);
		if (next == ADD_MOVED)
			*person_id = t.person_id;
		if (next == ADD_MOVED || next == ADD_STOP)
			break;
		ask = next == ADD_ASK;
	}
	md_values_fini(&person);
	md_values_fini(&faults);
	md_free(t.query);
	md_free(t.name);
	md_free(t.kana);
	md_free(t.birth);
	md_free(t.who);
	md_free(t.age);
	md_free(t.moved_in);
	return member_id;
}

/* ---- changing a member and the household -------------------------------- */

/* The fields e changes. */
enum {
	EDIT_RELATION,
	EDIT_LIVING,
	EDIT_SUPPORT,
	EDIT_DISABLED,
	EDIT_POVERTY,
	EDIT_DEPARTMENTS,
	EDIT_NOTE,
	EDIT_MOVED_IN,
	EDIT_N
};

/* What the yes / no fields of 004 図4 are called. */
static const char *const edit_titles[EDIT_N] = {
	[EDIT_DISABLED] = "障害者(004 図4)",
	[EDIT_POVERTY] = "生活困窮が主たる課題(004 図4)",
};

/* What e asks, kept as typed between tries. */
struct edit_typed {
	int field;
	char *text;  /* the note, the day moved in, the departments */
	bool *marks; /* the departments */
	int pick;    /* the option of a choice; the reason moved in */
};

/* Ask the field of member m t says, from what was typed before: into in.
 * False when given up. */
static bool
edit_ask(struct ui *ui, const struct md_member *m, struct edit_typed *t,
	 struct md_member_in *in)
{
	static const char *const yes_no[] = {"はい(支援対象者)", "いいえ",
					     "はい", "いいえ"};
	const struct md_household_defs *d = ui->households;
	switch (t->field) {
	case EDIT_RELATION:
		t->pick = members_choose(ui, "続柄(世帯主から見て)",
					 &d->relations, t->pick);
		in->relation = t->pick >= 0 ? d->relations.items[t->pick]
					    : NULL;
		break;
	case EDIT_LIVING:
		t->pick = members_choose(ui, "同居・別居", &d->living, t->pick);
		in->living = t->pick >= 0 ? d->living.items[t->pick] : NULL;
		break;
	case EDIT_SUPPORT:
		t->pick = ui_choose(ui, "支援対象者(004 図4)", yes_no, 2,
				    t->pick, NULL);
		in->needs_support = t->pick == 0;
		break;
	case EDIT_DISABLED:
	case EDIT_POVERTY:
		t->pick = ui_choose(ui, edit_titles[t->field], yes_no + 2, 2,
				    t->pick, NULL);
		*(t->field == EDIT_DISABLED
			  ? &in->disabled
			  : &in->poverty) = t->pick == 0 ? MD_ELIGIBILITY_YES
							 : MD_ELIGIBILITY_NO;
		break;
	case EDIT_DEPARTMENTS:
		md_free(t->text);
		t->text =
			members_choose_several(ui,
					       "担当部局(Space で選ぶ、いくつでも)",
					       &d->departments, t->marks);
		in->departments = t->text;
		return t->text != NULL;
	case EDIT_NOTE:
		in->note = ui_ask_again(ui, "備考", &t->text) ? t->text : NULL;
		return t->text != NULL;
	default:
		if (!ui_ask_again(ui, "転入日(R3.4.1・2021-04-01 など)",
				  &t->text))
			return false;
		in->moved_in_on = t->text;
		t->pick = members_choose(ui, "転入の理由", &d->reasons,
					 members_index(&d->reasons,
						       m->reason_in, t->pick));
		in->reason = t->pick >= 0 ? d->reasons.items[t->pick] : NULL;
		break;
	}
	return t->pick >= 0;
}

/* The menu of e: each field with the member's value; the field chosen,
 * or -1. */
static int
edit_menu(struct ui *ui, const struct md_member *m)
{
	char *departments = ui_join(m->departments, m->ndepartments, "(なし)");
	char in[MD_DISPLAY_WHEN_SIZE];
	char *labels[EDIT_N] = {
		md_asprintf("続柄: %s", m->relation),
		md_asprintf("同居・別居: %s", m->living),
		md_asprintf("支援対象者: %s",
			    m->needs_support ? "はい" : "いいえ"),
		md_asprintf("%s: %s", edit_titles[EDIT_DISABLED],
			    m->disabled ? "はい" : "いいえ"),
		md_asprintf("%s: %s", edit_titles[EDIT_POVERTY],
			    m->poverty ? "はい" : "いいえ"),
		md_asprintf("担当部局: %s", departments ? departments : ""),
		md_asprintf("備考: %s", *m->note ? m->note : "(なし)"),
		md_asprintf("転入日と理由: %s%s%s%s",
			    *m->moved_in_on ? md_display_when(m->moved_in_on,
							      MD_DATE_SHORT, in)
					    : "(不明)",
			    *m->reason_in ? "(" : "", m->reason_in,
			    *m->reason_in ? ")" : ""),
	};
	const char *shown[EDIT_N];
	for (int i = 0; i < EDIT_N; i++)
		shown[i] = labels[i] ? labels[i] : "";
	char title[256];
	md_text_format(title, sizeof title, "世帯員 %lld %s の何を変えますか",
		       m->id, m->name);
	int pick = ui_choose(ui, title, shown, EDIT_N, 0, NULL);
	for (int i = 0; i < EDIT_N; i++)
		md_free(labels[i]);
	md_free(departments);
	return pick;
}

bool
members_edit(struct ui *ui, const struct md_member *m)
{
	const struct md_household_defs *d = ui->households;
	struct edit_typed t = {.field = edit_menu(ui, m)};
	if (t.field < 0)
		return false;
	t.marks = members_marks(&d->departments, m->departments,
				m->ndepartments);
	t.pick = t.field == EDIT_RELATION
			 ? members_index(&d->relations, m->relation, 0)
		 : t.field == EDIT_LIVING
			 ? members_index(&d->living, m->living, 0)
		 : t.field == EDIT_SUPPORT  ? (m->needs_support ? 0 : 1)
		 : t.field == EDIT_DISABLED ? (m->disabled ? 0 : 1)
		 : t.field == EDIT_POVERTY  ? (m->poverty ? 0 : 1)
					    : 0;
	if (t.field == EDIT_NOTE)
		t.text = md_strdup(m->note);
	else if (t.field == EDIT_MOVED_IN && *m->moved_in_on)
		t.text = md_display_date(m->moved_in_on, MD_DATE_SHORT);
	struct md_values faults;
	md_values_init(&faults);
	enum md_status rc = MD_ERR_INVALID;
	for (;;) {
		struct md_member_in in = {.needs_support = -1};
		if (!edit_ask(ui, m, &t, &in))
			break;
		struct md_err err;
		md_values_clear(&faults);
		rc = md_household_member_update(ui->db, &ui->user, d, m->id,
						m->revision, &in, &faults,
						&err);
		if (!ui_again(ui, rc, &faults, &err))
			break;
	}
	if (rc == MD_OK)
		ui_message(ui, false, "世帯員 %lld(%s)を変えました", m->id,
			   m->name);
	md_values_fini(&faults);
	md_free(t.text);
	md_free(t.marks);
	return rc == MD_OK;
}

bool
members_household_edit(struct ui *ui, const struct md_household *h)
{
	const struct md_household_defs *d = ui->households;
	char *issues = ui_join(h->issues, h->nissues, "(なし)");
	char *labels[3] = {
		md_asprintf("世帯の課題: %s", issues ? issues : ""),
		md_asprintf("世帯のメモ: %s", *h->note ? h->note : "(なし)"),
		md_asprintf("世帯の呼び名: %s",
			    *h->label ? h->label : "(なし)"),
	};
	const char *shown[3];
	for (int i = 0; i < 3; i++)
		shown[i] = labels[i] ? labels[i] : "";
	int field = ui_choose(ui, "世帯の何を変えますか", shown, 3, 0, NULL);
	for (int i = 0; i < 3; i++)
		md_free(labels[i]);
	md_free(issues);
	if (field < 0)
		return false;
	bool *marks = members_marks(&d->issues, h->issues, h->nissues);
	char *text = field == 1   ? md_strdup(h->note)
		     : field == 2 ? md_strdup(h->label)
				  : NULL;
	struct md_values faults;
	md_values_init(&faults);
	enum md_status rc = MD_ERR_INVALID;
	for (;;) {
		struct md_household_in in = {NULL, NULL, NULL};
		if (field == 0) {
			md_free(text);
			text = members_choose_several(ui,
						      "世帯の課題(Space で選ぶ、いくつでも)",
						      &d->issues, marks);
			in.issues = text;
		} else if (ui_ask_again(ui,
					field == 1 ? "世帯のメモ"
						   : "世帯の呼び名",
					&text)) {
			*(field == 1 ? &in.note : &in.label) = text;
		}
		if (!text)
			break;
		struct md_err err;
		md_values_clear(&faults);
		rc = md_household_update(ui->db, &ui->user, d, h->id,
					 h->revision, &in, &faults, &err);
		if (!ui_again(ui, rc, &faults, &err))
			break;
	}
	if (rc == MD_OK)
		ui_message(ui, false, "世帯 %lld を変えました", h->id);
	md_values_fini(&faults);
	md_free(text);
	md_free(marks);
	return rc == MD_OK;
}

long long
members_new_household(struct ui *ui, long long person_id, const char *name)
{
	char *q = md_asprintf("%s さんの世帯はまだ記録されていません。%s さんを最初の"
			      "世帯員として、世帯を作りますか",
			      name, name);
	bool yes = q && ui_confirm(ui, q);
	md_free(q);
	if (!yes)
		return 0;
	const struct md_household_defs *d = ui->households;
	char title[256];
	md_text_format(title, sizeof title, "%s さんの続柄(世帯主から見て)",
		       name);
	struct md_values faults;
	md_values_init(&faults);
	long long id = 0;
	int pick = 0;
	while ((pick = members_choose(ui, title, &d->relations, pick)) >= 0) {
		struct md_member_in m = {.person_id = person_id,
					 .relation = d->relations.items[pick],
					 .needs_support = -1};
		struct md_err err;
		md_values_clear(&faults);
		enum md_status rc = md_household_new(ui->db, &ui->user, d,
						     ui->forms, NULL, &m, &id,
						     NULL, &faults, &err);
		if (!ui_again(ui, rc, &faults, &err))
			break;
	}
	md_values_fini(&faults);
	if (id)
		ui_message(ui, false, "世帯 %lld を作りました", id);
	return id;
}
