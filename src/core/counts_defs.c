/* forms/counts.ini: the tables of the counts, their columns and lines as
 * conditions over the options of the records, every fault as file:line
 * (counts.h; man madoguchi-forms(5) COUNTS). */
#include "madoguchi/counts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini_int.h"
#include "madoguchi/ini.h"
#include "madoguchi/text.h"

/* The step workflow_events holds for a case reopened (md_workflow_reopen):
 * the engine's own, no step of forms/workflow.ini. */
static const char reopen_step[] = "reopen";

static const struct {
	const char *word, *fields;
} records[] = {
#define MD_COUNT_RECORDS_ROW(name, word, fields) {word, fields},
	MD_COUNT_RECORDS(MD_COUNT_RECORDS_ROW)
#undef MD_COUNT_RECORDS_ROW
};

/* Field i of the records of kind r ("channel"), into out; false past the
 * last. */
static bool
field_name(enum md_count_records r, int i, char out[32])
{
	const char *p = records[r].fields;
	for (int k = 0; k < i; k++) {
		p = strchr(p, '|');
		if (!p)
			return false;
		p++;
	}
	size_t n = strcspn(p, "|");
	if (n >= 32)
		n = 31;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* The index of the field name of records r, or -1. */
static int
field_index(enum md_count_records r, const char *name)
{
	char f[32];
	for (int i = 0; field_name(r, i, f); i++)
		if (!strcmp(f, name))
			return i;
	return -1;
}

/* What a loader works with: the file, the sources and where faults go. */
struct loader {
	struct md_count_defs *d;
	const struct md_count_sources *src;
	struct md_diags *diags;
	const char *file;
	int line;        /* of the key being read */
	const char *key; /* its name, for messages */
	/* Options gathered from several places (outcomes, methods, bases):
	 * built when needed, in the arena. */
	struct md_choices all_outcomes, all_methods, all_bases, steps, types;
	bool gathered;
};

static void
add_unique(struct md_arena *a, struct md_choices *l, size_t cap, const char *s)
{
	if (!l->items)
		l->items = md_arena_alloc(a,
					  (cap ? cap : 1) * sizeof *l->items);
	if (l->items && l->n < cap && !md_choices_have(l, s))
		l->items[l->n++] = s;
}

/* The lists made of several places: the steps (with the engine's reopen),
 * every step's outcomes and methods, the meeting types' ids and bases. */
static void
gather(struct loader *L)
{
	if (L->gathered)
		return;
	L->gathered = true;
	struct md_arena *a = &L->d->arena;
	size_t ns = L->src->wf ? md_workflow_nsteps(L->src->wf) : 0;
	size_t no = 0, nm = 0, nb = 0;
	for (size_t i = 0; i < ns; i++) {
		const struct md_wf_step *s = md_workflow_step(L->src->wf, i);
		no += s->noutcomes;
		nm += s->nmethods;
	}
	const struct md_meeting_defs *m = L->src->meetings;
	for (size_t i = 0; m && i < m->n; i++)
		nb += m->types[i].nbases;
	for (size_t i = 0; i < ns; i++) {
		const struct md_wf_step *s = md_workflow_step(L->src->wf, i);
		add_unique(a, &L->steps, ns + 1, s->id);
		for (size_t k = 0; k < s->noutcomes; k++)
			add_unique(a, &L->all_outcomes, no,
				   s->outcomes[k].label);
		for (size_t k = 0; k < s->nmethods; k++)
			add_unique(a, &L->all_methods, nm, s->methods[k]);
	}
	add_unique(a, &L->steps, ns + 1, reopen_step);
	for (size_t i = 0; m && i < m->n; i++) {
		add_unique(a, &L->types, m->n, m->types[i].id);
		for (size_t k = 0; k < m->types[i].nbases; k++)
			add_unique(a, &L->all_bases, nb, m->types[i].bases[k]);
	}
}

/* The options a term on field f of the table's records may name: clause
 * is the clause the term is in (an outcome is checked against the step
 * its clause names). NULL when the sources have none. */
static const struct md_choices *
options_of(struct loader *L, enum md_count_records r, int f,
	   const struct md_count_clause *clause, struct md_choices *scratch)
{
	const struct md_contact_defs *c = L->src->contacts;
	char name[32];
	field_name(r, f, name);
	gather(L);
	switch (r) {
	case MD_CR_CONTACTS: {
		const struct md_choices *l[] = {
			&c->channels, &c->kinds,     &c->visit_reasons,
			&c->topics,   &c->responses, &c->age_bands,
			&c->routes,
		};
		return f >= 0 && f < (int)(sizeof l / sizeof *l) ? l[f] : NULL;
	}
	case MD_CR_EVENTS:
		if (!strcmp(name, "step"))
			return &L->steps;
		if (!strcmp(name, "method"))
			return &L->all_methods;
		/* An outcome of the one step its clause names, if it does. */
		for (size_t i = 0; clause && i < clause->n; i++) {
			const struct md_count_term *t = &clause->terms[i];
			if (t->field != field_index(r, "step") || t->negate ||
			    t->noptions != 1)
				continue;
			const struct md_wf_step *s =
				md_workflow_find(L->src->wf, t->options[0]);
			if (!s)
				break;
			scratch->items =
				md_arena_alloc(&L->d->arena,
					       (s->noutcomes + 1) *
						       sizeof *scratch->items);
			scratch->n = 0;
			for (size_t k = 0; scratch->items && k < s->noutcomes;
			     k++)
				scratch->items[scratch->n++] = s->outcomes[k]
								       .label;
			return scratch;
		}
		return &L->all_outcomes;
	case MD_CR_REFERRALS:
		if (!strcmp(name, "agency_kind")) {
			const struct md_agency_kinds
				*k = md_workflow_agency_kinds(L->src->wf);
			scratch->items = (const char **)(k ? k->names : NULL);
			scratch->n = k ? k->n : 0;
			return scratch;
		}
		return !strcmp(name, "method") ? &c->handovers : &c->results;
	case MD_CR_MEETINGS:
		return !strcmp(name, "type") ? &L->types : &L->all_bases;
	case MD_CR_HOUSEHOLDS: {
		const struct md_eligibility_def *e =
			L->src->households ? L->src->households->eligibility
					   : NULL;
		scratch->items = (const char **)(e ? e->verdicts : NULL);
		scratch->n = e ? e->nverdicts : 0;
		return scratch;
	}
	case MD_CR_COUNT:
		break;
	}
	return NULL;
}

/* Split s at every occurrence of sep into pieces (each trimmed, in the
 * arena): how many, at most max. */
static size_t
split(struct md_arena *a, const char *s, const char *sep, char **pieces,
      size_t max)
{
	size_t n = 0, len = strlen(sep);
	for (const char *p = s; p && n < max;) {
		const char *q = strstr(p, sep);
		char *piece = md_arena_strndup(a, p,
					       q ? (size_t)(q - p) : strlen(p));
		if (!piece)
			return n;
		pieces[n++] = md_text_trim(piece);
		p = q ? q + len : NULL;
	}
	return n;
}

/* Read "FIELD = A|B" or "FIELD != A|B" into t, checked against the
 * records' fields and their options. */
static void
parse_term(struct loader *L, enum md_count_records r, char *text,
	   struct md_count_term *t, const struct md_count_clause *clause)
{
	struct md_arena *a = &L->d->arena;
	char *eq = strchr(text, '=');
	if (!eq) {
		md_diags_add(L->diags, L->file, L->line,
			     "%s: 「%s」は 項目 = 選択肢 の形ではありません",
			     L->key, text);
		return;
	}
	t->negate = eq > text && eq[-1] == '!';
	char *name = md_arena_strndup(a, text,
				      (size_t)(eq - text) -
					      (t->negate ? 1 : 0));
	if (!name)
		return;
	md_text_trim(name);
	t->field = field_index(r, name);
	const char *dot = strchr(name, '.');
	if (t->field < 0 && r == MD_CR_EVENTS && dot) {
		char *form_id = md_arena_strndup(a, name, (size_t)(dot - name));
		t->form = form_id && L->src->forms
				  ? md_forms_find(L->src->forms, form_id)
				  : NULL;
		t->ffield = t->form ? md_form_field(t->form, dot + 1) : NULL;
		if (!t->ffield || (t->ffield->type != MD_FIELD_CHOICE &&
				   t->ffield->type != MD_FIELD_MULTI)) {
			md_diags_add(L->diags, L->file, L->line,
				     "%s: %s は様式の選択の項目ではありません(様式.項目 の形で、選択肢のある項目を書いてください)",
				     L->key, name);
			return;
		}
	} else if (t->field < 0) {
		md_diags_add(L->diags, L->file, L->line,
			     "%s: %s の項目に %s はありません(%s%s)", L->key,
			     records[r].word, name, records[r].fields,
			     r == MD_CR_EVENTS ? "、様式.項目" : "");
		return;
	}
	char *list = md_text_trim(eq + 1);
	size_t max = 1;
	for (const char *p = list; *p; p++)
		max += *p == '|';
	char **opts = md_arena_alloc(a, max * sizeof *opts);
	if (!opts)
		return;
	t->noptions = split(a, list, "|", opts, max);
	t->options = (const char **)opts;
	struct md_choices from_field, scratch = {0};
	const struct md_choices *known = NULL;
	if (t->ffield) {
		from_field.items = (const char **)t->ffield->options;
		from_field.n = t->ffield->noptions;
		known = &from_field;
	} else {
		known = options_of(L, r, t->field, clause, &scratch);
	}
	for (size_t i = 0; i < t->noptions; i++) {
		if (!*opts[i]) {
			md_diags_add(L->diags, L->file, L->line,
				     "%s: %s の選択肢が空です", L->key, name);
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(opts[k], opts[i]))
				md_diags_add(L->diags, L->file, L->line,
					     "%s: 選択肢「%s」が 2 回あります",
					     L->key, opts[i]);
		/* A meeting's type by its label: kept as its id. */
		const struct md_meeting_type *mt =
			r == MD_CR_MEETINGS && t->field == 0 && L->src->meetings
				? md_meeting_type_find(L->src->meetings,
						       opts[i])
				: NULL;
		if (mt)
			opts[i] = (char *)mt->id;
		if (!known || !md_choices_have(known, opts[i]))
			md_diags_add(L->diags, L->file, L->line,
				     "%s: %s に選択肢「%s」はありません(%s)",
				     L->key, name, opts[i],
				     t->ffield           ? t->form->file
				     : r == MD_CR_EVENTS ? "forms/workflow.ini"
				     : r == MD_CR_MEETINGS
					     ? "forms/meetings.ini"
				     : r == MD_CR_HOUSEHOLDS
					     ? "forms/households.ini [eligibility]"
				     : r == MD_CR_REFERRALS && t->field == 0
					     ? "forms/workflow.ini agency_kinds"
					     : "forms/contacts.ini");
	}
}

/* Read a condition (clauses by " or ", terms by "&") into c. */
static void
parse_cond(struct loader *L, enum md_count_records r, const char *text,
	   struct md_count_cond *c)
{
	struct md_arena *a = &L->d->arena;
	size_t max = 1;
	for (const char *p = text; (p = strstr(p, " or ")); p += 4)
		max++;
	char **clauses = md_arena_alloc(a, max * sizeof *clauses);
	if (!clauses)
		return;
	size_t n = split(a, text, " or ", clauses, max);
	c->clauses = md_arena_alloc(a, (n ? n : 1) * sizeof *c->clauses);
	if (!c->clauses)
		return;
	for (size_t i = 0; i < n; i++) {
		size_t tmax = 1;
		for (const char *p = clauses[i]; *p; p++)
			tmax += *p == '&';
		char **terms = md_arena_alloc(a, tmax * sizeof *terms);
		struct md_count_clause *cl = &c->clauses[c->n++];
		cl->terms = md_arena_alloc(a, tmax * sizeof *cl->terms);
		if (!terms || !cl->terms)
			return;
		size_t nt = split(a, clauses[i], "&", terms, tmax);
		/* The step of a clause first: its outcomes check the others. */
		for (int pass = 0; pass < 2; pass++)
			for (size_t k = 0; k < nt; k++) {
				bool is_step = r == MD_CR_EVENTS &&
					       !strncmp(terms[k], "step", 4) &&
					       strchr("= !", terms[k][4]);
				if (is_step != (pass == 0))
					continue;
				if (!*terms[k]) {
					md_diags_add(L->diags, L->file, L->line,
						     "%s: 条件が空です(& や or が続いています)",
						     L->key);
					continue;
				}
				parse_term(L, r, terms[k], &cl->terms[cl->n++],
					   cl);
			}
	}
}

/* Whether s is a table's id: ASCII lower-case letters, digits, "_". */
static bool
is_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

/* "col.N", "col.N.unit" or "line.N": its kind and N (from 1), or false. */
static bool
numbered(const char *key, const char **kind, int *n, bool *unit)
{
	*unit = false;
	const char *p;
	if (!strncmp(key, "col.", 4)) {
		*kind = "col";
		p = key + 4;
	} else if (!strncmp(key, "line.", 5)) {
		*kind = "line";
		p = key + 5;
	} else {
		return false;
	}
	char *end;
	long v = strtol(p, &end, 10);
	if (end == p || *p == '0' || v < 1 || v > MD_COUNT_MAX_COLUMNS)
		return false;
	*n = (int)v;
	if (!strcmp(end, ".unit") && !strcmp(*kind, "col"))
		*unit = true;
	else if (*end)
		return false;
	return true;
}

/* "LABEL: CONDITION" into its label and condition text (NULL: none). */
static char *
label_of(struct md_arena *a, const char *v, const char **cond)
{
	const char *colon = strchr(v, ':');
	char *label = md_arena_strndup(a, v,
				       colon ? (size_t)(colon - v) : strlen(v));
	*cond = colon ? colon + 1 : NULL;
	return label ? md_text_trim(label) : NULL;
}

static void
load_column(struct loader *L, struct md_count_table *t,
	    struct md_count_column *c, const char *v, const char **several)
{
	const char *cond;
	char *label = label_of(&L->d->arena, v, &cond);
	if (!label)
		return;
	char *slash = strchr(label, '/');
	if (slash) {
		*slash = '\0';
		c->group = md_text_trim(label);
		c->label = md_text_trim(slash + 1);
	} else {
		c->group = "";
		c->label = label;
	}
	if (!*c->label)
		md_diags_add(L->diags, L->file, L->line,
			     "%s: 列の名前がありません(名前: 条件)", L->key);
	c->several = -1;
	*several = NULL;
	while (cond && (*cond == ' ' || *cond == '\t'))
		cond++;
	if (cond && !strncmp(cond, "several ", 8)) {
		char *g = md_arena_strdup(&L->d->arena, cond + 8);
		*several = g ? md_text_trim(g) : NULL;
	} else if (cond && *cond) {
		parse_cond(L, t->records, cond, &c->cond);
	} else if (cond) {
		md_diags_add(L->diags, L->file, L->line,
			     "%s: 「:」のあとに条件がありません(すべてを数える列は名前だけを書きます)",
			     L->key);
	}
}

static void
load_table(struct loader *L, const struct md_ini *ini,
	   const struct md_ini_item *sec)
{
	struct md_count_defs *d = L->d;
	struct md_arena *a = &d->arena;
	const char *s = sec->section;
	struct md_count_table *t = &d->tables[d->n++];
	t->line = sec->line;
	t->id = md_arena_strdup(a, s + strlen("table."));
	if (!t->id || !is_id(t->id))
		md_diags_add(L->diags, L->file, sec->line,
			     "[%s]: 表の id は英小文字・数字・_ で書いてください",
			     s);
	const char *title = md_ini_value(ini, s, "title",
					 MD_INI_EMPTY_IS_ABSENT);
	if (!title)
		md_diags_add(L->diags, L->file, sec->line,
			     "[%s] に title(表の名前)がありません", s);
	t->title = md_arena_strdup(a, title ? title : s);
	for (size_t i = 0; title && i + 1 < d->n; i++)
		if (!strcmp(d->tables[i].title, title))
			md_diags_add(L->diags, L->file,
				     md_ini_key_line(ini, s, "title"),
				     "title: 「%s」は [table.%s] と同じ名前です",
				     title, d->tables[i].id);
	const char *v = md_ini_value(ini, s, "cite", MD_INI_EMPTY_IS_ABSENT);
	t->cite = md_arena_strdup(a, v ? v : "");
	v = md_ini_value(ini, s, "note", MD_INI_EMPTY_IS_ABSENT);
	t->note = md_arena_strdup(a, v ? v : "");
	v = md_ini_value(ini, s, "source", MD_INI_EMPTY_IS_ABSENT);
	if (v && strcmp(v, "V") && strcmp(v, "P"))
		md_diags_add(L->diags, L->file,
			     md_ini_key_line(ini, s, "source"),
			     "[%s] の source は V(出典で確認)か P(暫定)で指定してください(「%s」)",
			     s, v);
	t->provisional = v && !strcmp(v, "P");
	v = md_ini_value(ini, s, "records", MD_INI_EMPTY_IS_ABSENT);
	t->records = MD_CR_COUNT;
	for (int r = 0; v && r < MD_CR_COUNT; r++)
		if (!strcmp(v, records[r].word))
			t->records = (enum md_count_records)r;
	if (t->records == MD_CR_COUNT) {
		md_diags_add(L->diags, L->file,
			     md_ini_key_line(ini, s, "records"),
			     "[%s] の records は contacts、events、referrals、meetings、households のどれかです%s%s%s",
			     s, v ? "(「" : "", v ? v : "", v ? "」)" : "");
		return;
	}
	v = md_ini_value(ini, s, "unit", MD_INI_EMPTY_IS_ABSENT);
	if (v && strcmp(v, "件") && strcmp(v, "人"))
		md_diags_add(L->diags, L->file, md_ini_key_line(ini, s, "unit"),
			     "unit: 件 か 人 で書いてください(「%s」)", v);
	t->unit = v && !strcmp(v, "人") ? "人" : "件";
	t->items = md_ini_flag(ini, L->diags, s, "items", false,
			       MD_INI_EMPTY_IS_ABSENT);
	v = md_ini_value(ini, s, "where", MD_INI_EMPTY_IS_ABSENT);
	if (v) {
		L->line = md_ini_key_line(ini, s, "where");
		L->key = "where";
		parse_cond(L, t->records, v, &t->where);
	}
	/* The numbered keys, in the file's order; then in their numbers'. */
	const char *cols[MD_COUNT_MAX_COLUMNS] = {0},
		   *units[MD_COUNT_MAX_COLUMNS] = {0},
		   *lines[MD_COUNT_MAX_COLUMNS] = {0};
	int col_line[MD_COUNT_MAX_COLUMNS] = {0},
	    unit_line[MD_COUNT_MAX_COLUMNS] = {0},
	    line_line[MD_COUNT_MAX_COLUMNS] = {0};
	static const char *const plain[] = {"title",  "cite",    "note",
					    "source", "records", "unit",
					    "items",  "where"};
	for (size_t i = 0; i < ini->nkeys; i++) {
		const struct md_ini_item *k = &ini->keys[i];
		if (strcmp(k->section, s))
			continue;
		bool known = false;
		for (size_t p = 0; p < sizeof plain / sizeof *plain; p++)
			known |= !strcmp(k->key, plain[p]);
		const char *kind;
		int n;
		bool unit;
		if (known)
			continue;
		if (!numbered(k->key, &kind, &n, &unit)) {
			md_diags_add(L->diags, L->file, k->line,
				     "[%s] に %s という項目はありません(title、cite、note、source、records、unit、items、where、line.N、col.N、col.N.unit; N は 1〜%d)",
				     s, k->key, MD_COUNT_MAX_COLUMNS);
			continue;
		}
		const char *val = md_ini_get(ini, s, k->key);
		if (unit) {
			units[n - 1] = val;
			unit_line[n - 1] = k->line;
		} else if (!strcmp(kind, "col")) {
			cols[n - 1] = val;
			col_line[n - 1] = k->line;
		} else {
			lines[n - 1] = val;
			line_line[n - 1] = k->line;
		}
	}
	size_t nc = 0, nl = 0;
	while (nc < MD_COUNT_MAX_COLUMNS && cols[nc])
		nc++;
	while (nl < MD_COUNT_MAX_COLUMNS && lines[nl])
		nl++;
	for (size_t i = nc; i < MD_COUNT_MAX_COLUMNS; i++)
		if (cols[i] || units[i])
			md_diags_add(L->diags, L->file,
				     cols[i] ? col_line[i] : unit_line[i],
				     "[%s] の col.%zu: col.%zu がありません(列は 1 から続けて番号を付けます)",
				     s, i + 1, nc + 1);
	for (size_t i = nl; i < MD_COUNT_MAX_COLUMNS; i++)
		if (lines[i])
			md_diags_add(L->diags, L->file, line_line[i],
				     "[%s] の line.%zu: line.%zu がありません(段は 1 から続けて番号を付けます)",
				     s, i + 1, nl + 1);
	if (!nc)
		md_diags_add(L->diags, L->file, sec->line,
			     "[%s] に列(col.1 = 名前: 条件)がありません", s);
	t->cols = md_arena_alloc(a, (nc ? nc : 1) * sizeof *t->cols);
	t->lines = md_arena_alloc(a, (nl ? nl : 1) * sizeof *t->lines);
	if (!t->cols || !t->lines)
		return;
	const char *several[MD_COUNT_MAX_COLUMNS] = {0};
	char key[32];
	for (size_t i = 0; i < nc; i++) {
		snprintf(key, sizeof key, "col.%zu", i + 1);
		L->key = key;
		L->line = col_line[i];
		struct md_count_column *c = &t->cols[t->ncols++];
		c->line = col_line[i];
		load_column(L, t, c, cols[i], &several[i]);
		c->persons = !strcmp(t->unit, "人");
		if (units[i] && strcmp(units[i], "件") &&
		    strcmp(units[i], "人"))
			md_diags_add(L->diags, L->file, unit_line[i],
				     "col.%zu.unit: 件 か 人 で書いてください(「%s」)",
				     i + 1, units[i]);
		else if (units[i])
			c->persons = !strcmp(units[i], "人");
		for (size_t k = 0; c->label && k + 1 < t->ncols; k++)
			if (!strcmp(t->cols[k].label, c->label) &&
			    !strcmp(t->cols[k].group, c->group))
				md_diags_add(L->diags, L->file, c->line,
					     "%s: 列「%s%s%s」は col.%zu と同じです",
					     key, c->group,
					     *c->group ? "/" : "", c->label,
					     k + 1);
	}
	/* several GROUP: a group of this table, not the column's own. */
	for (size_t i = 0; i < t->ncols; i++) {
		if (!several[i])
			continue;
		for (size_t k = 0; k < t->ncols && t->cols[i].several < 0; k++)
			if (k != i && !strcmp(t->cols[k].group, several[i]) &&
			    *several[i])
				t->cols[i].several = (int)k;
		if (t->cols[i].several < 0)
			md_diags_add(L->diags, L->file, t->cols[i].line,
				     "col.%zu: several %s: この表に「%s/…」の列がありません",
				     i + 1, several[i], several[i]);
	}
	for (size_t i = 0; i < nl; i++) {
		snprintf(key, sizeof key, "line.%zu", i + 1);
		L->key = key;
		L->line = line_line[i];
		const char *cond;
		struct md_count_line *l = &t->lines[t->nlines++];
		char *label = label_of(a, lines[i], &cond);
		l->label = label ? label : "";
		if (!*l->label)
			md_diags_add(L->diags, L->file, L->line,
				     "%s: 段の名前がありません(名前: 条件)",
				     key);
		if (cond && *md_text_trim((char *)md_arena_strdup(a, cond)))
			parse_cond(L, t->records, cond, &l->cond);
	}
	if (!nl)
		t->lines[t->nlines++].label = "";
}

enum md_status
md_count_defs_load(const char *path, const struct md_count_sources *src,
		   struct md_count_defs **out, struct md_diags *diags,
		   struct md_err *err)
{
	*out = NULL;
	struct md_ini *ini = NULL;
	enum md_status rc = md_ini_load_definitions(path, &ini, diags, err);
	if (rc != MD_OK)
		return rc;
	struct md_count_defs *d = md_calloc(1, sizeof *d);
	if (!d) {
		md_ini_free(&ini);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	md_arena_init(&d->arena);
	d->file = md_arena_strdup(&d->arena, path);
	size_t before = diags->n;
	struct loader L = {.d = d, .src = src, .diags = diags, .file = path};
	for (size_t i = 0; src->forms && i < src->forms->n; i++) {
		const struct md_form *f = &src->forms->forms[i];
		for (size_t k = 0; k < f->nfields && !d->received_field; k++)
			if (f->fields[k].case_received) {
				d->received_form = f;
				d->received_field = &f->fields[k];
			}
	}
	d->tables = md_arena_alloc(&d->arena,
				   (ini->nsections + 1) * sizeof *d->tables);
	for (size_t i = 0; d->tables && i < ini->nsections; i++) {
		const struct md_ini_item *sec = &ini->sections[i];
		if (strncmp(sec->section, "table.", 6)) {
			md_diags_add(diags, path, sec->line,
				     "[%s] は使えない節です(表は [table.ID])",
				     sec->section);
			continue;
		}
		load_table(&L, ini, sec);
	}
	if (d->tables && !d->n && diags->n == before)
		md_diags_add(diags, path, 0,
			     "表([table.ID])が一つもありません");
	md_ini_free(&ini);
	if (d->arena.failed || !d->tables) {
		md_count_defs_free(&d);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (diags->n > before) {
		md_count_defs_free(&d);
		return md_diags_to_err(diags, MD_ERR_DEFINITION, err);
	}
	*out = d;
	return MD_OK;
}

void
md_count_defs_free(struct md_count_defs **defs)
{
	if (!*defs)
		return;
	md_arena_fini(&(*defs)->arena);
	md_free(*defs);
	*defs = NULL;
}

const struct md_count_table *
md_count_table_find(const struct md_count_defs *defs, const char *typed)
{
	/* An id first: a title may read as another table's id. */
	for (size_t i = 0; typed && i < defs->n; i++)
		if (!strcmp(defs->tables[i].id, typed))
			return &defs->tables[i];
	for (size_t i = 0; typed && i < defs->n; i++)
		if (!strcmp(defs->tables[i].title, typed))
			return &defs->tables[i];
	return NULL;
}
