/* 多機関協働の対象判定 (004 図4): loading its definition (the [eligibility]
 * sections of forms/households.ini), the facts of a household counted
 * member by member, and the first row of the figure they meet. */
#include "madoguchi/eligibility.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eligibility_int.h"
#include "madoguchi/text.h"

/* ---- the facts the program knows ---- */

static const struct {
	const char *name;
	enum md_eligibility_kind kind;
} facts_table[] = {
#define MD_ELIGIBILITY_FACT_ROW(name, code, kind) {code, kind},
	MD_ELIGIBILITY_FACTS(MD_ELIGIBILITY_FACT_ROW)
#undef MD_ELIGIBILITY_FACT_ROW
};

const char *
md_eligibility_fact_name(enum md_eligibility_fact f)
{
	return (unsigned)f < MD_ELIGIBILITY_NFACTS ? facts_table[f].name : "?";
}

enum md_eligibility_kind
md_eligibility_fact_kind(enum md_eligibility_fact f)
{
	return (unsigned)f < MD_ELIGIBILITY_NFACTS ? facts_table[f].kind
						   : MD_ELIGIBILITY_NUMBER;
}

bool
md_eligibility_fact_find(const char *name, enum md_eligibility_fact *out)
{
	for (size_t i = 0; name && i < MD_ELIGIBILITY_NFACTS; i++)
		if (!strcmp(facts_table[i].name, name)) {
			*out = (enum md_eligibility_fact)i;
			return true;
		}
	return false;
}

const char *
md_eligibility_verdict_find(const struct md_eligibility_def *def, const char *s)
{
	if (!def || !s)
		return NULL;
	char *end = NULL;
	long n = strtol(s, &end, 10);
	if (end != s && !*end && n >= 1 && (size_t)n <= def->nverdicts)
		return def->verdicts[n - 1];
	for (size_t i = 0; i < def->nverdicts; i++)
		if (!strcmp(def->verdicts[i], s))
			return def->verdicts[i];
	return NULL;
}

/* What a computed fact depends on besides the flags: the targets' ages,
 * whether each has a 担当部局. An unknown one makes the fact unknown. */
static bool
depends_on_age(enum md_eligibility_fact f)
{
	return f == MD_EF_ELDERLY || f == MD_EF_CHILDREN ||
	       f == MD_EF_IN_FIELD || f == MD_EF_OUTSIDE ||
	       f == MD_EF_OUTSIDE_WITHOUT_DEPARTMENT;
}

static bool
depends_on_department(enum md_eligibility_fact f)
{
	return f == MD_EF_WITH_DEPARTMENT || f == MD_EF_WITHOUT_DEPARTMENT ||
	       f == MD_EF_OUTSIDE_WITHOUT_DEPARTMENT;
}

/* The names of the facts of one kind, "、" between them, for a fault. */
static void
fact_names(enum md_eligibility_kind kind, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; i < MD_ELIGIBILITY_NFACTS; i++) {
		if (facts_table[i].kind != kind)
			continue;
		int w = snprintf(out + len, size - len, "%s%s", len ? "、" : "",
				 facts_table[i].name);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

/* ---- conditions ---- */

enum cmp_op {
	OP_EQ,
	OP_NE,
	OP_GE,
	OP_LE,
	OP_GT,
	OP_LT
};

/* The operators as written; the two-character ones first. */
static const struct {
	const char *text;
	enum cmp_op op;
} ops[] = {
	{"!=", OP_NE}, {">=", OP_GE}, {"<=", OP_LE}, {"==", OP_EQ},
	{"=", OP_EQ},  {">", OP_GT},  {"<", OP_LT},
};
#define NOPS (sizeof ops / sizeof ops[0])

/* One comparison: fact op value. */
struct cmp {
	enum md_eligibility_fact fact;
	enum cmp_op op;
	int value; /* a number, or MD_ELIGIBILITY_YES / MD_ELIGIBILITY_NO */
};

/* One condition: alternatives of which one must hold ("a = 1 | b = no"). */
struct md_eligibility_cond {
	struct cmp *alts;
	size_t nalts;
};

/* ---- the definition ---- */

#define SECTION "eligibility"
#define SECTION_FACTS "eligibility.facts"
#define SECTION_QUESTIONS "eligibility.questions"
#define ROW_PREFIX "eligibility.row."

static const char *const main_keys[] = {"title", "cite", "verdicts",
					"undecided"};
static const char *const row_keys[] = {"when",    "verdict", "response",
				       "proviso", "cite",    "examples"};

static bool
in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

/* What a section of the file is to this loader. */
enum section_kind {
	SEC_OTHER, /* another module's: left alone */
	SEC_MAIN,
	SEC_FACTS,
	SEC_QUESTIONS,
	SEC_ROW,
	SEC_UNKNOWN /* eligibility.something the format does not have */
};

static enum section_kind
section_kind(const char *s)
{
	if (!strcmp(s, SECTION))
		return SEC_MAIN;
	if (strncmp(s, SECTION ".", strlen(SECTION ".")))
		return SEC_OTHER;
	if (!strcmp(s, SECTION_FACTS))
		return SEC_FACTS;
	if (!strcmp(s, SECTION_QUESTIONS))
		return SEC_QUESTIONS;
	if (!strncmp(s, ROW_PREFIX, strlen(ROW_PREFIX)))
		return SEC_ROW;
	return SEC_UNKNOWN;
}

/* A whole number 0..max written in ASCII digits (spaces around allowed):
 * true and *out. */
static bool
parse_whole(const char *s, int max, int *out)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	long v = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > max)
			return false;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s)
		return false;
	*out = (int)v;
	return true;
}

/* yes / no, as the file or a script writes it: MD_ELIGIBILITY_YES, MD_ELIGIBILITY_NO,
 * or MD_ELIGIBILITY_UNKNOWN for anything else. */
static enum md_eligibility_yn
parse_yesno(const char *s)
{
	if (!strcmp(s, "yes") || !strcmp(s, "はい"))
		return MD_ELIGIBILITY_YES;
	if (!strcmp(s, "no") || !strcmp(s, "いいえ"))
		return MD_ELIGIBILITY_NO;
	return MD_ELIGIBILITY_UNKNOWN;
}

/* Loading state: the definition, the file, where faults go. */
struct loader {
	struct md_eligibility_def *d;
	const struct md_ini *ini;
	const char *path;
	struct md_diags *diags;
};

/* s without the ASCII spaces around it, copied into the arena. */
static char *
trimmed_dup(struct loader *L, const char *s, size_t len)
{
	char *t = md_arena_strndup(&L->d->arena, s, len);
	return t ? md_text_trim(t) : NULL;
}

/* One comparison "fact op value" of the row's when (line). */
static bool
parse_cmp(struct loader *L, const char *sec, int line, char *text,
	  struct cmp *out)
{
	char names[512];
	size_t nlen = 0;
	while ((text[nlen] >= 'a' && text[nlen] <= 'z') ||
	       (text[nlen] >= '0' && text[nlen] <= '9') || text[nlen] == '_')
		nlen++;
	const char *rest = text + nlen;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	size_t o = 0;
	while (o < NOPS && strncmp(rest, ops[o].text, strlen(ops[o].text)))
		o++;
	if (nlen == 0 || o == NOPS) {
		md_diags_add(L->diags, L->path, line,
			     "[%s] when: 条件「%s」が読めません(「事実 比べ方 値」、比べ方は =、!=、>=、<=、>、< のどれか)",
			     sec, text);
		return false;
	}
	char name[64];
	snprintf(name, sizeof name, "%.*s", (int)nlen, text);
	if (!md_eligibility_fact_find(name, &out->fact)) {
		fact_names(MD_ELIGIBILITY_NUMBER, names, sizeof names);
		size_t used = strlen(names);
		snprintf(names + used, sizeof names - used, "、");
		used = strlen(names);
		fact_names(MD_ELIGIBILITY_YESNO, names + used,
			   sizeof names - used);
		md_diags_add(L->diags, L->path, line,
			     "[%s] when: 事実 %s はありません(%s)", sec, name,
			     names);
		return false;
	}
	out->op = ops[o].op;
	char *value = md_text_trim((char *)rest + strlen(ops[o].text));
	if (md_eligibility_fact_kind(out->fact) == MD_ELIGIBILITY_YESNO) {
		out->value = (int)parse_yesno(value);
		if (out->value == MD_ELIGIBILITY_UNKNOWN) {
			md_diags_add(L->diags, L->path, line,
				     "[%s] when: %s の値「%s」は yes か no で書いてください",
				     sec, name, value);
			return false;
		}
		if (out->op != OP_EQ && out->op != OP_NE) {
			md_diags_add(L->diags, L->path, line,
				     "[%s] when: %s は = か != で比べてください(はい・いいえの答えです)",
				     sec, name);
			return false;
		}
	} else if (!parse_whole(value, 9999, &out->value)) {
		md_diags_add(L->diags, L->path, line,
			     "[%s] when: %s の値「%s」は 0 以上の整数で書いてください",
			     sec, name, value);
		return false;
	}
	if (!L->d->labels[out->fact]) {
		bool q = md_eligibility_fact_kind(out->fact) ==
			 MD_ELIGIBILITY_YESNO;
		md_diags_add(L->diags, L->path, line,
			     q ? "[%s] when: %s は [" SECTION_QUESTIONS
				 "] にありません(尋ねる文を書いてください)"
			       : "[%s] when: %s の名前が [" SECTION_FACTS
				 "] にありません(理由に示す名前を書いてください)",
			     sec, name);
		return false;
	}
	return true;
}

/* Split s at sep into trimmed pieces in the arena; *n pieces (an empty
 * piece is kept, as "", for the caller to refuse). NULL on OOM. */
static char **
split(struct loader *L, const char *s, char sep, size_t *n)
{
	size_t count = 1;
	for (const char *p = s; *p; p++)
		count += *p == sep;
	char **v = md_arena_alloc(&L->d->arena, count * sizeof *v);
	if (!v)
		return NULL;
	*n = 0;
	for (const char *p = s; p;) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (!(v[(*n)++] = trimmed_dup(L, p, len)))
			return NULL;
		p = end ? end + 1 : NULL;
	}
	return v;
}

/* The row's when: conditions separated by ",", alternatives by "|". */
static void
parse_when(struct loader *L, const char *sec, int line,
	   struct md_eligibility_row *r)
{
	size_t n = 0;
	char **conds = split(L, r->when, ',', &n);
	if (!conds ||
	    !(r->conds = md_arena_alloc(&L->d->arena, n * sizeof *r->conds)))
		return;
	for (size_t i = 0; i < n; i++) {
		size_t nalts = 0;
		char **alts = split(L, conds[i], '|', &nalts);
		struct md_eligibility_cond *c = &r->conds[r->nconds];
		if (!alts ||
		    !(c->alts = md_arena_alloc(&L->d->arena,
					       nalts * sizeof *c->alts)))
			return;
		bool ok = true;
		for (size_t a = 0; a < nalts; a++) {
			if (!*alts[a]) {
				md_diags_add(L->diags, L->path, line,
					     "[%s] when: 空の条件があります(, か | が続いています)",
					     sec);
				ok = false;
				break;
			}
			if (parse_cmp(L, sec, line, alts[a],
				      &c->alts[c->nalts]))
				c->nalts++;
			else
				ok = false;
		}
		if (ok)
			r->nconds++;
	}
}

/* A text key of a section: trimmed copy in the arena, or NULL when absent or
 * empty. */
static const char *
text_key(struct loader *L, const char *sec, const char *key)
{
	const char *v = md_ini_get(L->ini, sec, key);
	if (!v)
		return NULL;
	char *t = trimmed_dup(L, v, strlen(v));
	return t && *t ? t : NULL;
}

/* A row: [eligibility.row.N]. */
static void
load_row(struct loader *L, const char *sec, int line)
{
	struct md_eligibility_def *d = L->d;
	struct md_eligibility_row *r = &d->rows[d->nrows];
	memset(r, 0, sizeof *r);
	r->line = line;
	if (!parse_whole(sec + strlen(ROW_PREFIX), 999, &r->number) ||
	    r->number == 0) {
		md_diags_add(L->diags, L->path, line,
			     "[%s]: 行の番号が読めません([" ROW_PREFIX
			     "1] のように 1 以上の番号を付けてください)",
			     sec);
		return;
	}
	for (size_t i = 0; i < d->nrows; i++)
		if (d->rows[i].number == r->number) {
			md_diags_add(L->diags, L->path, line,
				     "[%s]: 行 %d は %d 行目にもあります", sec,
				     r->number, d->rows[i].line);
			return;
		}
	r->when = text_key(L, sec, "when");
	r->verdict = text_key(L, sec, "verdict");
	r->response = text_key(L, sec, "response");
	r->proviso = text_key(L, sec, "proviso");
	r->cite = text_key(L, sec, "cite");
	if (!r->cite)
		r->cite = d->cite;
	const char *ex = text_key(L, sec, "examples");
	if (ex) {
		r->examples = (const char **)split(L, ex, '|', &r->nexamples);
		if (!r->examples)
			r->nexamples = 0;
	}
	if (!r->when)
		md_diags_add(L->diags, L->path, line,
			     "[%s] に when(この行に当たる条件)がありません",
			     sec);
	else
		parse_when(L, sec, md_ini_line(L->ini, sec, "when"), r);
	if (!r->verdict)
		md_diags_add(L->diags, L->path, line,
			     "[%s] に verdict(判定)がありません", sec);
	else if (d->nverdicts && !in_list((const char *const *)d->verdicts,
					  d->nverdicts, r->verdict))
		md_diags_add(L->diags, L->path,
			     md_ini_line(L->ini, sec, "verdict"),
			     "[%s] verdict「%s」は verdicts(%s)にありません",
			     sec, r->verdict,
			     md_ini_get(L->ini, SECTION, "verdicts"));
	d->nrows++;
}

/* [eligibility]: the verdicts, the texts. */
static void
load_main(struct loader *L)
{
	struct md_eligibility_def *d = L->d;
	int sec_line = md_ini_line(L->ini, SECTION, NULL);
	d->title = text_key(L, SECTION, "title");
	d->cite = text_key(L, SECTION, "cite");
	d->undecided = text_key(L, SECTION, "undecided");
	if (!d->undecided)
		md_diags_add(L->diags, L->path, sec_line,
			     "[" SECTION
			     "] に undecided(どの行にも当たらないときの判定)がありません");
	const char *v = text_key(L, SECTION, "verdicts");
	if (!v) {
		md_diags_add(L->diags, L->path, sec_line,
			     "[" SECTION
			     "] に verdicts(判定を | で区切って)がありません");
		return;
	}
	int line = md_ini_line(L->ini, SECTION, "verdicts");
	char **items = split(L, v, '|', &d->nverdicts);
	if (!items) {
		d->nverdicts = 0;
		return;
	}
	size_t kept = 0;
	for (size_t i = 0; i < d->nverdicts; i++) {
		if (!*items[i])
			md_diags_add(L->diags, L->path, line,
				     "[" SECTION
				     "] verdicts: 空の判定があります(| が続いています)");
		else if (in_list((const char *const *)items, kept, items[i]))
			md_diags_add(L->diags, L->path, line,
				     "[" SECTION
				     "] verdicts: 判定「%s」が 2 回あります",
				     items[i]);
		else
			items[kept++] = items[i];
	}
	d->verdicts = (const char **)items;
	d->nverdicts = kept;
}

/* One key of [eligibility.facts] or [eligibility.questions]: a label, or a
 * question
 * (kept in the file's order). */
static void
load_label(struct loader *L, const struct md_ini_item *k, bool question)
{
	struct md_eligibility_def *d = L->d;
	enum md_eligibility_fact f;
	enum md_eligibility_kind want = question ? MD_ELIGIBILITY_YESNO
						 : MD_ELIGIBILITY_NUMBER;
	if (!md_eligibility_fact_find(k->key, &f) ||
	    md_eligibility_fact_kind(f) != want) {
		char names[512];
		fact_names(want, names, sizeof names);
		md_diags_add(L->diags, L->path, k->line,
			     question ? "[%s] に %s という質問はありません(%s)"
				      : "[%s] に %s という事実はありません(%s)",
			     k->section, k->key, names);
		return;
	}
	const char *text = text_key(L, k->section, k->key);
	if (!text) {
		md_diags_add(L->diags, L->path, k->line,
			     "[%s] %s: 文がありません", k->section, k->key);
		return;
	}
	d->labels[f] = text;
	if (question)
		d->questions[d->nquestions++] =
			(struct md_eligibility_question){.fact = f,
							 .text = text,
							 .line = k->line};
}

bool
md_eligibility_section(const char *section)
{
	return section_kind(section) != SEC_OTHER;
}

enum md_status
md_eligibility_load_ini(const struct md_ini *ini, const char *path,
			struct md_eligibility_def **out, struct md_diags *diags)
{
	*out = NULL;
	size_t before = diags->n, nrows = 0, nquestions = 0;
	bool any = false;
	for (size_t i = 0; i < ini->nsections; i++) {
		enum section_kind k = section_kind(ini->sections[i].section);
		nrows += k == SEC_ROW;
		any |= k != SEC_OTHER;
		if (k == SEC_UNKNOWN)
			md_diags_add(diags, path, ini->sections[i].line,
				     "[%s] は使えない節です([" SECTION
				     "]、[" SECTION_FACTS
				     "]、[" SECTION_QUESTIONS "]、[" ROW_PREFIX
				     "N])",
				     ini->sections[i].section);
	}
	if (!any)
		return MD_OK; /* a file without the aid */
	struct md_eligibility_def *d = md_calloc(1, sizeof *d);
	if (!d)
		return MD_ERR_NOMEM;
	md_arena_init(&d->arena);
	struct loader L = {.d = d, .ini = ini, .path = path, .diags = diags};
	for (size_t i = 0; i < ini->nkeys; i++) {
		const struct md_ini_item *k = &ini->keys[i];
		enum section_kind sk = section_kind(k->section);
		nquestions += sk == SEC_QUESTIONS;
		if ((sk == SEC_MAIN &&
		     !in_list(main_keys, sizeof main_keys / sizeof *main_keys,
			      k->key)) ||
		    (sk == SEC_ROW &&
		     !in_list(row_keys, sizeof row_keys / sizeof *row_keys,
			      k->key)))
			md_diags_add(diags, path, k->line,
				     "[%s] に %s という項目はありません",
				     k->section, k->key);
	}
	d->rows = md_arena_alloc(&d->arena, (nrows + 1) * sizeof *d->rows);
	d->questions = md_arena_alloc(&d->arena,
				      (nquestions + 1) * sizeof *d->questions);
	if (!d->rows || !d->questions) {
		md_eligibility_free(&d);
		return MD_ERR_NOMEM;
	}
	if (!md_ini_line(ini, SECTION, NULL)) {
		md_diags_add(diags, path, 0,
			     "[" SECTION
			     "](004 図4 の多機関協働の対象判定)がありません");
	} else {
		load_main(&L);
		for (size_t i = 0; i < ini->nkeys; i++) {
			enum section_kind sk = section_kind(
				ini->keys[i].section);
			if (sk == SEC_FACTS || sk == SEC_QUESTIONS)
				load_label(&L, &ini->keys[i],
					   sk == SEC_QUESTIONS);
		}
		for (size_t i = 0; i < ini->nsections; i++)
			if (section_kind(ini->sections[i].section) == SEC_ROW)
				load_row(&L, ini->sections[i].section,
					 ini->sections[i].line);
		if (!nrows)
			md_diags_add(diags, path,
				     md_ini_line(ini, SECTION, NULL),
				     "[" SECTION
				     "] の行がありません([" ROW_PREFIX
				     "1] から順に、条件と判定を書いてください)");
	}
	enum md_status rc = d->arena.failed     ? MD_ERR_NOMEM
			    : diags->n > before ? MD_ERR_DEFINITION
						: MD_OK;
	if (rc != MD_OK)
		md_eligibility_free(&d);
	*out = d;
	return rc;
}

void
md_eligibility_free(struct md_eligibility_def **def)
{
	if (!*def)
		return;
	md_arena_fini(&(*def)->arena);
	md_free(*def);
	*def = NULL;
}

/* ---- the facts of a household ---- */

/* Three-valued logic over md_eligibility_yn. */
static enum md_eligibility_yn
yn(bool b)
{
	return b ? MD_ELIGIBILITY_YES : MD_ELIGIBILITY_NO;
}

static enum md_eligibility_yn
yn_or(enum md_eligibility_yn a, enum md_eligibility_yn b)
{
	if (a == MD_ELIGIBILITY_YES || b == MD_ELIGIBILITY_YES)
		return MD_ELIGIBILITY_YES;
	return a == MD_ELIGIBILITY_NO && b == MD_ELIGIBILITY_NO
		       ? MD_ELIGIBILITY_NO
		       : MD_ELIGIBILITY_UNKNOWN;
}

static enum md_eligibility_yn
yn_and(enum md_eligibility_yn a, enum md_eligibility_yn b)
{
	if (a == MD_ELIGIBILITY_NO || b == MD_ELIGIBILITY_NO)
		return MD_ELIGIBILITY_NO;
	return a == MD_ELIGIBILITY_YES && b == MD_ELIGIBILITY_YES
		       ? MD_ELIGIBILITY_YES
		       : MD_ELIGIBILITY_UNKNOWN;
}

static enum md_eligibility_yn
yn_not(enum md_eligibility_yn a)
{
	return a == MD_ELIGIBILITY_UNKNOWN ? a : yn(a == MD_ELIGIBILITY_NO);
}

void
md_eligibility_facts_init(struct md_eligibility_facts *facts, const char *on)
{
	memset(facts, 0, sizeof *facts);
	snprintf(facts->on, sizeof facts->on, "%s", on ? on : "");
	for (size_t f = 0; f < MD_ELIGIBILITY_NFACTS; f++)
		facts->known[f] = md_eligibility_fact_kind(f) ==
				  MD_ELIGIBILITY_NUMBER;
}

void
md_eligibility_facts_count(struct md_eligibility_facts *facts,
			   enum md_age_band band,
			   const struct md_eligibility_member *m)
{
	enum md_eligibility_yn is[MD_ELIGIBILITY_NFACTS] = {0};
	bool aged = band != MD_AGE_UNKNOWN;
	enum md_eligibility_yn dept = m->department;
	is[MD_EF_TARGETS] = MD_ELIGIBILITY_YES;
	is[MD_EF_ELDERLY] = aged ? yn(band == MD_AGE_ELDERLY)
				 : MD_ELIGIBILITY_UNKNOWN;
	is[MD_EF_CHILDREN] = aged ? yn(band == MD_AGE_CHILD)
				  : MD_ELIGIBILITY_UNKNOWN;
	is[MD_EF_DISABLED] = yn(m->disabled);
	is[MD_EF_POVERTY] = yn(m->poverty);
	is[MD_EF_IN_FIELD] = yn_or(yn_or(is[MD_EF_ELDERLY], is[MD_EF_CHILDREN]),
				   yn(m->disabled || m->poverty));
	is[MD_EF_OUTSIDE] = yn_not(is[MD_EF_IN_FIELD]);
	is[MD_EF_WITH_DEPARTMENT] = dept == MD_ELIGIBILITY_UNKNOWN
					    ? dept
					    : yn(dept == MD_ELIGIBILITY_YES);
	is[MD_EF_WITHOUT_DEPARTMENT] = yn_not(is[MD_EF_WITH_DEPARTMENT]);
	is[MD_EF_OUTSIDE_WITHOUT_DEPARTMENT] =
		yn_and(is[MD_EF_OUTSIDE], is[MD_EF_WITHOUT_DEPARTMENT]);
	for (size_t f = 0; f < MD_ELIGIBILITY_NFACTS; f++) {
		if (md_eligibility_fact_kind(f) != MD_ELIGIBILITY_NUMBER)
			continue;
		facts->value[f] += is[f] == MD_ELIGIBILITY_YES;
		facts->known[f] &= is[f] != MD_ELIGIBILITY_UNKNOWN;
	}
	facts->unknown_ages += !aged;
	facts->unknown_departments += dept == MD_ELIGIBILITY_UNKNOWN;
}

void
md_eligibility_facts_set(struct md_eligibility_facts *facts,
			 enum md_eligibility_fact f, int value)
{
	if ((unsigned)f >= MD_ELIGIBILITY_NFACTS)
		return;
	bool yesno = md_eligibility_fact_kind(f) == MD_ELIGIBILITY_YESNO;
	facts->known[f] = !yesno || value != MD_ELIGIBILITY_UNKNOWN;
	facts->value[f] = value;
}

enum md_status
md_eligibility_facts_answer(struct md_eligibility_facts *facts,
			    const char *name, const char *value,
			    struct md_err *err)
{
	char names[512];
	enum md_eligibility_fact f;
	fact_names(MD_ELIGIBILITY_YESNO, names, sizeof names);
	if (!md_eligibility_fact_find(name, &f) ||
	    md_eligibility_fact_kind(f) != MD_ELIGIBILITY_YESNO)
		return md_err_set(err, MD_ERR_INVALID,
				  "質問 %s はありません(%s)", name ? name : "",
				  names);
	enum md_eligibility_yn v = parse_yesno(value ? value : "");
	if (v == MD_ELIGIBILITY_UNKNOWN)
		return md_err_set(err, MD_ERR_INVALID,
				  "%s への答え「%s」は yes か no(はい か いいえ)にしてください",
				  name, value ? value : "");
	md_eligibility_facts_set(facts, f, (int)v);
	return MD_OK;
}

/* ---- the verdict ---- */

/* Lines being collected for a result; oom once any add failed. */
struct lines {
	char **v;
	size_t n;
	bool oom;
};

static void lines_add(struct lines *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
lines_add(struct lines *l, const char *fmt, ...)
{
	if (l->oom)
		return;
	va_list ap;
	va_start(ap, fmt);
	struct md_buf b;
	md_buf_init(&b);
	md_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	char *s = md_buf_ok(&b) ? md_buf_take(&b) : NULL;
	md_buf_fini(&b);
	for (size_t i = 0; s && i < l->n; i++)
		if (!strcmp(l->v[i], s)) { /* said already */
			md_free(s);
			return;
		}
	char **v = s ? md_realloc(l->v, (l->n + 1) * sizeof *v) : NULL;
	if (!v) {
		md_free(s);
		l->oom = true;
		return;
	}
	l->v = v;
	l->v[l->n++] = s;
}

static void
lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		md_free(l->v[i]);
	md_free(l->v);
	memset(l, 0, sizeof *l);
}

static enum md_eligibility_yn
cmp_eval(const struct cmp *c, const struct md_eligibility_facts *facts)
{
	if (!facts->known[c->fact])
		return MD_ELIGIBILITY_UNKNOWN;
	int v = facts->value[c->fact];
	switch (c->op) {
	case OP_EQ:
		return yn(v == c->value);
	case OP_NE:
		return yn(v != c->value);
	case OP_GE:
		return yn(v >= c->value);
	case OP_LE:
		return yn(v <= c->value);
	case OP_GT:
		return yn(v > c->value);
	case OP_LT:
		return yn(v < c->value);
	}
	return MD_ELIGIBILITY_UNKNOWN;
}

static enum md_eligibility_yn
cond_eval(const struct md_eligibility_cond *c,
	  const struct md_eligibility_facts *facts)
{
	enum md_eligibility_yn r = MD_ELIGIBILITY_NO;
	for (size_t i = 0; i < c->nalts; i++)
		r = yn_or(r, cmp_eval(&c->alts[i], facts));
	return r;
}

/* The row's value, and how many of its conditions fail. */
static enum md_eligibility_yn
row_eval(const struct md_eligibility_row *r,
	 const struct md_eligibility_facts *facts, size_t *failed)
{
	enum md_eligibility_yn all = MD_ELIGIBILITY_YES;
	*failed = 0;
	for (size_t i = 0; i < r->nconds; i++) {
		enum md_eligibility_yn c = cond_eval(&r->conds[i], facts);
		*failed += c == MD_ELIGIBILITY_NO;
		all = yn_and(all, c);
	}
	return all;
}

/* A fact's value as a person reads it. */
static const char *
value_text(enum md_eligibility_fact f, int v, char buf[16])
{
	if (md_eligibility_fact_kind(f) == MD_ELIGIBILITY_YESNO)
		return v == MD_ELIGIBILITY_YES ? "はい" : "いいえ";
	snprintf(buf, 16, "%d", v);
	return buf;
}

/* What a comparison asks, as a person reads it: "2 以上", "はい". */
static void
wanted_text(const struct cmp *c, char *out, size_t size)
{
	char buf[16];
	if (md_eligibility_fact_kind(c->fact) == MD_ELIGIBILITY_YESNO) {
		bool yes = (c->value == MD_ELIGIBILITY_YES) == (c->op == OP_EQ);
		snprintf(out, size, "%s", yes ? "はい" : "いいえ");
		return;
	}
	static const char *const suffix[] = {
		[OP_EQ] = "",      [OP_NE] = " 以外",     [OP_GE] = " 以上",
		[OP_LE] = " 以下", [OP_GT] = " より多い", [OP_LT] = " 未満",
	};
	snprintf(out, size, "%s%s", value_text(c->fact, c->value, buf),
		 suffix[c->op]);
}

/* A comparison that holds, as a reason: "支援対象者の人数: 3(2 以上)". */
static void
reason_held(struct lines *l, const struct md_eligibility_def *def,
	    const struct cmp *c, const struct md_eligibility_facts *facts)
{
	char buf[16], want[64];
	const char *now = value_text(c->fact, facts->value[c->fact], buf);
	wanted_text(c, want, sizeof want);
	if (c->op == OP_EQ ||
	    md_eligibility_fact_kind(c->fact) == MD_ELIGIBILITY_YESNO)
		lines_add(l, "%s: %s", def->labels[c->fact], now);
	else
		lines_add(l, "%s: %s(%s)", def->labels[c->fact], now, want);
}

/* What would tell whether an unknown fact holds. */
static void
missing_fact(struct lines *l, const struct md_eligibility_def *def,
	     enum md_eligibility_fact f,
	     const struct md_eligibility_facts *facts)
{
	if (md_eligibility_fact_kind(f) == MD_ELIGIBILITY_YESNO) {
		lines_add(l, "「%s」への答え(はい / いいえ)", def->labels[f]);
		return;
	}
	if (depends_on_age(f) && facts->unknown_ages)
		lines_add(l, "年齢(生年月日)の分からない支援対象者 %d 人の年齢",
			  facts->unknown_ages);
	if (depends_on_department(f) && facts->unknown_departments)
		lines_add(l,
			  "担当部局があるかどうか分からない支援対象者 %d 人の担当部局",
			  facts->unknown_departments);
}

/* The unknown facts of the row's conditions that do not hold yet, as text
 * ("、" between them) and into missing. */
static void
row_unknowns(const struct md_eligibility_def *def,
	     const struct md_eligibility_row *r,
	     const struct md_eligibility_facts *facts, struct lines *missing,
	     struct md_buf *names)
{
	for (size_t i = 0; i < r->nconds; i++) {
		const struct md_eligibility_cond *c = &r->conds[i];
		if (cond_eval(c, facts) != MD_ELIGIBILITY_UNKNOWN)
			continue;
		for (size_t a = 0; a < c->nalts; a++) {
			enum md_eligibility_fact f = c->alts[a].fact;
			if (facts->known[f])
				continue;
			if (!strstr(md_buf_str(names), def->labels[f]))
				md_buf_addf(names, "%s「%s」",
					    names->len ? "、" : "",
					    def->labels[f]);
			missing_fact(missing, def, f, facts);
		}
	}
}

/* The conditions of the nearest row that fail, into missing. */
static void
row_failures(const struct md_eligibility_def *def,
	     const struct md_eligibility_row *r,
	     const struct md_eligibility_facts *facts, struct lines *missing)
{
	for (size_t i = 0; i < r->nconds; i++) {
		const struct md_eligibility_cond *c = &r->conds[i];
		if (cond_eval(c, facts) != MD_ELIGIBILITY_NO)
			continue;
		struct md_buf b;
		md_buf_init(&b);
		for (size_t a = 0; a < c->nalts; a++) {
			const struct cmp *x = &c->alts[a];
			char buf[16], want[64];
			wanted_text(x, want, sizeof want);
			md_buf_addf(&b, "%s%s が %s(いまは %s)",
				    a ? " または " : "", def->labels[x->fact],
				    want,
				    value_text(x->fact, facts->value[x->fact],
					       buf));
		}
		if (md_buf_ok(&b))
			lines_add(missing, "%s", md_buf_str(&b));
		else
			missing->oom = true;
		md_buf_fini(&b);
	}
}

enum md_status
md_eligibility_evaluate(const struct md_eligibility_def *def,
			const struct md_eligibility_facts *facts,
			struct md_eligibility_result *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	struct lines reasons = {0}, missing = {0};
	const struct md_eligibility_row *held = NULL, *nearest = NULL;
	size_t nearest_failed = 0, undecided = 0;
	for (size_t i = 0; i < def->nrows && !held; i++) {
		const struct md_eligibility_row *r = &def->rows[i];
		size_t failed;
		enum md_eligibility_yn v = row_eval(r, facts, &failed);
		if (v == MD_ELIGIBILITY_YES) {
			held = r;
		} else if (v == MD_ELIGIBILITY_UNKNOWN) {
			/* An earlier row wins: this one decides first. */
			struct md_buf names;
			md_buf_init(&names);
			row_unknowns(def, r, facts, &missing, &names);
			lines_add(&reasons,
				  "行%d(%s)に当たるかどうかは、%sによります",
				  r->number, r->verdict, md_buf_str(&names));
			reasons.oom |= !md_buf_ok(&names);
			md_buf_fini(&names);
			undecided++;
		} else if (!nearest || failed < nearest_failed) {
			nearest = r;
			nearest_failed = failed;
		}
	}
	if (held && !undecided) {
		out->row = held;
		out->verdict = held->verdict;
		for (size_t i = 0; i < held->nconds; i++)
			for (size_t a = 0; a < held->conds[i].nalts; a++)
				if (cmp_eval(&held->conds[i].alts[a], facts) ==
				    MD_ELIGIBILITY_YES)
					reason_held(&reasons, def,
						    &held->conds[i].alts[a],
						    facts);
	} else {
		out->verdict = def->undecided;
		if (held)
			lines_add(&reasons,
				  "それらに当たらなければ、行%d(%s)です",
				  held->number, held->verdict);
		else if (!undecided && nearest) {
			lines_add(&reasons,
				  "どの行にも当たりません。近いのは 行%d(%s)で、足りない条件は次のとおりです",
				  nearest->number, nearest->verdict);
			row_failures(def, nearest, facts, &missing);
		}
	}
	if (reasons.oom || missing.oom) {
		lines_free(&reasons);
		lines_free(&missing);
		memset(out, 0, sizeof *out);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	out->reasons = reasons.v;
	out->nreasons = reasons.n;
	out->missing = missing.v;
	out->nmissing = missing.n;
	return MD_OK;
}

void
md_eligibility_result_fini(struct md_eligibility_result *r)
{
	for (size_t i = 0; i < r->nreasons; i++)
		md_free(r->reasons[i]);
	md_free(r->reasons);
	for (size_t i = 0; i < r->nmissing; i++)
		md_free(r->missing[i]);
	md_free(r->missing);
	memset(r, 0, sizeof *r);
}
