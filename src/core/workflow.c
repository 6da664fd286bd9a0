/* The workflow engine: loading forms/workflow.ini, replaying a case's events
 * to find which steps are open and why not, and taking steps. */
#include "madoguchi/workflow.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/ini.h"
#include "madoguchi/records.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/wareki.h"

/* A field of a form, as "FORM.FIELD" names it. */
struct ref {
	const struct md_form *form;
	const struct md_field *field;
};

/* The conditions a need can test. */
enum cond {
	COND_DONE,     /* done STEP */
	COND_OUTCOME,  /* outcome STEP = OUTCOME */
	COND_COMPLETE, /* complete FORM */
	COND_YES,      /* yes FORM.FIELD */
	COND_FILLED,   /* filled FORM.FIELD */
	COND_HAS,      /* has FORM.FIELD = OPTION */
	COND_PASSED,   /* passed FORM.FIELD (a date before today) */
	COND_DUE       /* due follow_up: a follow-up date is still to be met */
};

struct term {
	enum cond cond;
	bool negate;
	int step;           /* done, outcome */
	const char *value;  /* outcome, has: the full option */
	struct ref ref;     /* complete (form only), yes, filled, has, passed */
};

/* Terms that must all hold. */
struct alt {
	struct term *terms;
	size_t n;
};

/* A need: alternatives of which one must hold, and why it is missing. */
struct need {
	struct alt *alts;
	size_t n;
	const char *why;
};

/* The steps by which a frozen form is changed (change_by = STEP | …). */
struct change_by {
	int *steps;
	size_t n;
	int line;
};

/* What an outcome writes, beside its public part. */
struct outcome_extra {
	struct ref agency_sets, follow_up_sets, reason_sets, date_sets;
	struct change_by change_by;
};

struct step_def {
	struct md_wf_step pub;
	struct need *needs;
	size_t nneeds;
	struct ref sets;         /* the outcome is written here */
	struct ref date_sets;    /* the date taken is written here */
	struct ref round_sets;   /* the round is written here */
	struct ref outcome_from; /* the outcome is read from here */
	struct outcome_extra *extras; /* parallel to pub.outcomes */
	bool per_take_round; /* new_round = yes: each take fills a new round */
	struct change_by change_by; /* of pub.freezes */
	struct ref signature;  /* the person's signature over the form */
	int line;
};

struct md_workflow {
	struct md_arena arena;
	const struct md_forms *forms;
	const char *title;
	struct md_agency_kinds kinds; /* [workflow] agency_kinds */
	struct step_def *steps;
	size_t n;
};

/* The step id of a reopening, in workflow_events. */
#define REOPEN_STEP "reopen"

const struct md_agency_kinds *
md_workflow_agency_kinds(const struct md_workflow *wf)
{
	return &wf->kinds;
}

size_t
md_workflow_nsteps(const struct md_workflow *wf)
{
	return wf->n;
}

const struct md_wf_step *
md_workflow_step(const struct md_workflow *wf, size_t i)
{
	return i < wf->n ? &wf->steps[i].pub : NULL;
}

/* The step whose id is the LEN bytes at ID. */
static int
step_index_n(const struct md_workflow *wf, const char *id, size_t len)
{
	for (size_t i = 0; i < wf->n; i++) {
		const char *sid = wf->steps[i].pub.id;
		if (sid && !strncmp(sid, id, len) && sid[len] == '\0')
			return (int)i;
	}
	return -1;
}

static int
step_index(const struct md_workflow *wf, const char *id)
{
	return step_index_n(wf, id, strlen(id));
}

const struct md_wf_step *
md_workflow_find(const struct md_workflow *wf, const char *id)
{
	int i = step_index(wf, id);
	return i < 0 ? NULL : &wf->steps[i].pub;
}

const struct md_wf_step *
md_workflow_follow_up_step(const struct md_workflow *wf)
{
	for (size_t i = 0; i < wf->n; i++)
		if (wf->steps[i].pub.meets_follow_up)
			return &wf->steps[i].pub;
	return NULL;
}

char *
md_workflow_round_refusal(const struct md_workflow *wf, const char *form_id,
			  bool *nomem)
{
	*nomem = false;
	const struct md_form *form = NULL;
	for (size_t i = 0; i < wf->n && !form; i++)
		if (wf->steps[i].pub.form && !wf->steps[i].pub.side &&
		    !strcmp(wf->steps[i].pub.form->id, form_id))
			form = wf->steps[i].pub.form;
	if (!form || form->entries)
		return NULL;
	/* The steps that open a round of it: each take of a step with
	 * new_round, or an outcome with new_round going back over a step
	 * that fills it (再プラン). */
	struct md_buf steps, b;
	md_buf_init(&steps);
	md_buf_init(&b);
	for (size_t i = 0; i < wf->n; i++) {
		const struct step_def *s = &wf->steps[i];
		bool opens = s->per_take_round && s->pub.form == form;
		for (size_t o = 0; o < s->pub.noutcomes && !opens; o++) {
			const struct md_wf_outcome *oc = &s->pub.outcomes[o];
			for (size_t j = oc->back_to >= 0 ? (size_t)oc->back_to : wf->n;
			     oc->new_round && j < wf->n && !opens; j++)
				opens = wf->steps[j].pub.form == form &&
					!wf->steps[j].pub.side &&
					!wf->steps[j].per_take_round;
		}
		if (opens)
			md_buf_addf(&steps, "%s「%s」", steps.len ? "か" : "",
				    s->pub.label);
	}
	if (steps.len)
		md_buf_addf(&b, "%s(%s)の新しい回は、手順%sを記録すると始まります(手順がその回を読むため、回は手順だけが始めます)",
			    form->number, form->title, md_buf_str(&steps));
	else
		md_buf_addf(&b, "%s(%s)の新しい回はありません(手順が 1 回だけ読む様式です)",
			    form->number, form->title);
	bool ok = md_buf_ok(&steps) && md_buf_ok(&b);
	md_buf_fini(&steps);
	if (!ok) {
		md_buf_fini(&b);
		*nomem = true;
		return NULL;
	}
	return md_buf_take(&b);
}

const char *
md_workflow_stage_label(const void *ctx, const char *stage)
{
	const struct md_workflow *wf = ctx;
	if (!stage)
		return "";
	if (!strcmp(stage, REOPEN_STEP))
		return "再開";
	const struct md_wf_step *s = wf ? md_workflow_find(wf, stage) : NULL;
	return s ? s->label : stage;
}

void
md_workflow_free(struct md_workflow **pwf)
{
	struct md_workflow *wf = *pwf;
	if (!wf)
		return;
	md_arena_fini(&wf->arena);
	md_free(wf);
	*pwf = NULL;
}

/* A date as a person reads it (和暦), for a message; never NULL. */
static const char *
date_words(const char *iso, char buf[64])
{
	struct md_date d;
	if (md_date_from_iso(iso, &d, NULL) != MD_OK ||
	    md_date_wareki(d, buf, 64) < 0)
		snprintf(buf, 64, "%s", iso);
	return buf;
}

/* ---- loading ---------------------------------------------------------- */

struct loader {
	struct md_workflow *wf;
	struct md_ini *ini;
	struct md_diags *diags;
	const char *path;
};

static void
fault(struct loader *ld, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fault(struct loader *ld, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	md_diags_vadd(ld->diags, ld->path, line, fmt, ap);
	va_end(ap);
}

static int
key_line(struct loader *ld, const char *section, const char *key)
{
	int l = md_ini_line(ld->ini, section, key);
	return l ? l : md_ini_line(ld->ini, section, NULL);
}

static const char *
get(struct loader *ld, const char *section, const char *key)
{
	const char *v = md_ini_get(ld->ini, section, key);
	return v && *v ? v : NULL;
}

static bool
flag(struct loader *ld, const char *section, const char *key)
{
	const char *v = get(ld, section, key);
	if (!v || !strcmp(v, "no"))
		return false;
	if (!strcmp(v, "yes"))
		return true;
	fault(ld, key_line(ld, section, key),
	      "[%s] の %s は yes か no で指定してください(「%s」)", section, key, v);
	return false;
}

/* Resolve "FORM.FIELD" (want_field) or "FORM"; a fault names what is wrong. */
static bool
resolve_ref(struct loader *ld, const char *text, bool want_field,
	    const char *section, int line, struct ref *out)
{
	memset(out, 0, sizeof *out);
	char form_id[64];
	const char *rest = md_values_split_key(text, form_id, sizeof form_id);
	out->form = md_forms_find(ld->wf->forms, form_id);
	if (!out->form) {
		fault(ld, line, "[%s]: 様式 %s はありません", section, form_id);
		return false;
	}
	if (!want_field) {
		if (*rest) {
			fault(ld, line, "[%s]: 「%s」は様式の id だけで書いてください", section,
			      text);
			return false;
		}
		return true;
	}
	out->field = *rest ? md_form_field(out->form, rest) : NULL;
	if (!out->field) {
		fault(ld, line, "[%s]: %s に項目 %s はありません", section,
		      out->form->id, *rest ? rest : "(なし)");
		return false;
	}
	return true;
}

/* A ref from a key "form.field" of a section, when present. */
static void
ref_key(struct loader *ld, const char *section, const char *key,
	struct ref *out)
{
	memset(out, 0, sizeof *out);
	const char *v = get(ld, section, key);
	if (v)
		resolve_ref(ld, v, true, section, key_line(ld, section, key), out);
}

static char *
trim_dup(struct loader *ld, const char *s, size_t n)
{
	char *p = md_arena_strndup(&ld->wf->arena, s, n);
	return p ? md_text_trim(p) : NULL;
}

/* The option of a choice or multi field that is `text` or begins with
 * `text` and a space ("(ウ)" for "(ウ) 就労準備支援事業"). */
static const char *
find_option(const struct md_field *f, const char *text)
{
	const char *found = NULL;
	size_t tl = strlen(text);
	for (size_t i = 0; i < f->noptions; i++) {
		const char *o = f->options[i];
		if (!strcmp(o, text))
			return o;
		if (!strncmp(o, text, tl) && o[tl] == ' ') {
			if (found)
				return NULL; /* ambiguous */
			found = o;
		}
	}
	return found;
}

/* Parse one term ("not has plan.services = (ウ)"). The step names it refers
 * to are checked later, when every step is known. */
static bool
parse_term(struct loader *ld, const char *section, int line, char *text,
	   struct term *t, char **step_name)
{
	memset(t, 0, sizeof *t);
	*step_name = NULL;
	md_text_trim(text);
	if (!strncmp(text, "not ", 4)) {
		t->negate = true;
		text += 4;
		md_text_trim(text);
	}
	static const struct {
		const char *word;
		enum cond cond;
	} words[] = {
		{"done ", COND_DONE},     {"outcome ", COND_OUTCOME},
		{"complete ", COND_COMPLETE}, {"yes ", COND_YES},
		{"filled ", COND_FILLED}, {"has ", COND_HAS},
		{"passed ", COND_PASSED}, {"due ", COND_DUE},
	};
	size_t w = 0, nw = sizeof words / sizeof words[0];
	while (w < nw && strncmp(text, words[w].word, strlen(words[w].word)))
		w++;
	if (w == nw) {
		fault(ld, line,
		      "[%s]: 条件「%s」が読めません(done、outcome、complete、yes、filled、has、passed、due のどれかで始めてください)",
		      section, text);
		return false;
	}
	t->cond = words[w].cond;
	char *arg = text + strlen(words[w].word);
	md_text_trim(arg);
	char *eq = strchr(arg, '=');
	char *value = NULL;
	if (eq) {
		*eq = '\0';
		value = eq + 1;
		md_text_trim(value);
		md_text_trim(arg);
	}
	bool wants_value = t->cond == COND_OUTCOME || t->cond == COND_HAS;
	if (wants_value != (value != NULL) || (value && !*value)) {
		fault(ld, line, wants_value
				      ? "[%s]: 条件「%s」には「= 値」が必要です"
				      : "[%s]: 条件「%s」に「=」は使えません",
		      section, text);
		return false;
	}
	switch (t->cond) {
	case COND_DONE:
	case COND_OUTCOME:
		*step_name = arg;
		t->value = value ? md_arena_strdup(&ld->wf->arena, value) : NULL;
		return true;
	case COND_COMPLETE:
		return resolve_ref(ld, arg, false, section, line, &t->ref);
	case COND_DUE:
		/* The one date a step meets: the follow-up's. */
		if (strcmp(arg, "follow_up")) {
			fault(ld, line, "[%s]: 条件「due %s」は due follow_up と書いてください",
			      section, arg);
			return false;
		}
		return true;
	default:
		break;
	}
	if (!resolve_ref(ld, arg, true, section, line, &t->ref))
		return false;
	const struct md_field *f = t->ref.field;
	switch (t->cond) {
	case COND_YES:
		if (f->type != MD_FIELD_YESNO) {
			fault(ld, line, "[%s]: yes %s は「はい・いいえ」(yesno)の項目に使ってください",
			      section, arg);
			return false;
		}
		break;
	case COND_PASSED:
		if (f->type != MD_FIELD_DATE) {
			fault(ld, line, "[%s]: passed %s は日付(date)の項目に使ってください",
			      section, arg);
			return false;
		}
		break;
	case COND_HAS:
		if (f->type != MD_FIELD_MULTI && f->type != MD_FIELD_CHOICE) {
			fault(ld, line, "[%s]: has %s は選択(choice、multi)の項目に使ってください",
			      section, arg);
			return false;
		}
		t->value = find_option(f, value);
		if (!t->value) {
			fault(ld, line, "[%s]: %s の選択肢に「%s」はありません(または 1 つに決まりません)",
			      section, arg, value);
			return false;
		}
		break;
	default:
		break;
	}
	return true;
}

/* A parsed need, with the step names its terms refer to (resolved later). */
struct pending {
	struct term *term;
	char *name;
	const char *section;
	int line;
};

struct pendings {
	struct pending *items;
	size_t n;
};

static void
pending_add(struct loader *ld, struct pendings *p, struct term *t, char *name,
	    const char *section, int line)
{
	struct pending *items = md_arena_alloc(&ld->wf->arena,
					       (p->n + 1) * sizeof *items);
	if (!items)
		return;
	if (p->n)
		memcpy(items, p->items, p->n * sizeof *items);
	items[p->n] = (struct pending){t, name, section, line};
	p->items = items;
	p->n++;
}

/* Split s on sep (" | " or " & "), trimmed; returns the count. */
static size_t
split(struct loader *ld, const char *s, char sep, char ***out)
{
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += *p == sep;
	char **parts = md_arena_alloc(&ld->wf->arena, n * sizeof *parts);
	if (!parts)
		return 0;
	size_t k = 0;
	for (const char *p = s;;) {
		const char *q = strchr(p, sep);
		size_t len = q ? (size_t)(q - p) : strlen(p);
		parts[k++] = trim_dup(ld, p, len);
		if (!q)
			break;
		p = q + 1;
	}
	*out = parts;
	return k;
}

/* The names key of section lists, "|" between them (agency_kinds,
 * methods): each one once and none empty; noun says what they are. */
static size_t
names_key(struct loader *ld, const char *section, const char *key,
	  const char *noun, char ***out)
{
	*out = NULL;
	const char *v = get(ld, section, key);
	if (!v)
		return 0;
	int line = key_line(ld, section, key);
	char **parts = NULL;
	size_t n = split(ld, v, '|', &parts);
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			fault(ld, line, "[%s] の %s に空の%sがあります", section, key,
			      noun);
		for (size_t k = 0; parts[i] && k < i; k++)
			if (parts[k] && !strcmp(parts[k], parts[i]))
				fault(ld, line, "[%s] の %s の「%s」が重複しています",
				      section, key, parts[i]);
	}
	*out = parts;
	return n;
}

static void
parse_need(struct loader *ld, const char *section, const char *key, int line,
	   const char *text, const char *why, struct need *need,
	   struct pendings *pend)
{
	need->why = md_arena_strdup(&ld->wf->arena, why);
	char **alts;
	size_t na = split(ld, text, '|', &alts);
	need->alts = md_arena_alloc(&ld->wf->arena, (na ? na : 1) * sizeof *need->alts);
	if (!need->alts)
		return;
	for (size_t a = 0; a < na; a++) {
		char **terms;
		size_t nt = split(ld, alts[a], '&', &terms);
		struct alt *alt = &need->alts[need->n++];
		alt->terms = md_arena_alloc(&ld->wf->arena,
					    (nt ? nt : 1) * sizeof *alt->terms);
		if (!alt->terms)
			return;
		for (size_t t = 0; t < nt; t++) {
			if (!terms[t] || !*terms[t]) {
				fault(ld, line, "[%s] の %s に空の条件があります", section,
				      key);
				continue;
			}
			char *name;
			struct term *term = &alt->terms[alt->n];
			if (!parse_term(ld, section, line, terms[t], term, &name))
				continue;
			alt->n++;
			if (name)
				pending_add(ld, pend, term, name, section, line);
		}
	}
}

static const char *const step_keys[] = {
	"label", "help", "form", "complete", "repeat", "auto", "side", "roles",
	"outcomes", "sets", "date_sets", "round_sets", "outcome_from",
	"new_round", "evaluation", "freezes", "change_by", "signature",
	"after_close", "meets_follow_up", "methods", "note",
};
static const char *const outcome_keys[] = {
	"close", "close_reason", "agency", "agency_kind", "agency_sets", "follow_up",
	"follow_up_sets", "reason", "reason_sets", "back_to", "new_round",
	"date_sets", "plan_decided", "last_round", "freezes", "change_by",
};

static bool
in_list(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(key, list[i]))
			return true;
	return false;
}

/* need.N and why.N are the only numbered keys. */
static bool
numbered_key(const char *key, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (strncmp(key, prefix, pl) || !key[pl])
		return false;
	for (const char *p = key + pl; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static enum md_wf_input
input_key(struct loader *ld, const char *section, const char *key)
{
	const char *v = get(ld, section, key);
	if (!v)
		return MD_WF_NONE;
	if (!strcmp(v, "required"))
		return MD_WF_REQUIRED;
	if (!strcmp(v, "optional"))
		return MD_WF_OPTIONAL;
	fault(ld, key_line(ld, section, key),
	      "[%s] の %s は required か optional で指定してください", section, key);
	return MD_WF_NONE;
}

static unsigned
parse_roles(struct loader *ld, const char *section)
{
	const char *v = get(ld, section, "roles");
	int line = key_line(ld, section, "roles");
	if (!v) {
		fault(ld, line, "[%s] に roles(その手順を記録できる役割)がありません", section);
		return 0;
	}
	char **parts;
	size_t n = split(ld, v, '|', &parts);
	unsigned mask = 0;
	for (size_t i = 0; i < n; i++) {
		enum md_role r;
		if (!parts[i] || !md_role_parse(parts[i], &r))
			fault(ld, line,
			      "[%s]: 役割 %s はありません(consultant、chief、employment、admin)",
			      section, parts[i] ? parts[i] : "");
		else
			mask |= 1u << r;
	}
	return mask;
}

/* freezes = FORM and change_by = STEP | … of a section: the form, with the
 * step names kept to be resolved once every step is known. */
static const struct md_form *
load_freezes(struct loader *ld, const char *section, struct change_by *cb,
	     struct pendings *later)
{
	memset(cb, 0, sizeof *cb);
	const char *form = get(ld, section, "freezes");
	const char *by = get(ld, section, "change_by");
	int line = key_line(ld, section, "freezes");
	struct ref r = {NULL, NULL};
	if (form)
		resolve_ref(ld, form, false, section, line, &r);
	if (form && !by)
		fault(ld, line,
		      "[%s]: freezes には change_by(確定した様式を変える手順)が必要です",
		      section);
	if (by && !form)
		fault(ld, key_line(ld, section, "change_by"),
		      "[%s]: change_by は freezes と一緒に使ってください", section);
	if (!form || !by)
		return r.form;
	char **names;
	size_t n = split(ld, by, '|', &names);
	cb->steps = md_arena_alloc(&ld->wf->arena, (n ? n : 1) * sizeof *cb->steps);
	cb->line = key_line(ld, section, "change_by");
	for (size_t i = 0; cb->steps && i < n; i++) {
		/* Resolved later: the term holds where to put the index. */
		struct term *t = md_arena_alloc(&ld->wf->arena, sizeof *t);
		if (!t || !names[i])
			continue;
		memset(t, 0, sizeof *t);
		t->step = -1;
		t->value = (const char *)&cb->steps[cb->n];
		cb->steps[cb->n++] = -1;
		pending_add(ld, later, t, names[i], section, cb->line);
	}
	return r.form;
}

/* Load the outcomes of a step: the list, then each [outcome.STEP.X]. */
static void
load_outcomes(struct loader *ld, struct step_def *s, const char *section)
{
	const char *list = get(ld, section, "outcomes");
	if (!list)
		return;
	char **parts;
	size_t n = split(ld, list, '|', &parts);
	struct md_wf_outcome *oc = md_arena_alloc(&ld->wf->arena, n * sizeof *oc);
	s->extras = md_arena_alloc(&ld->wf->arena, n * sizeof *s->extras);
	if (!oc || !s->extras)
		return;
	for (size_t i = 0; i < n; i++) {
		oc[i].label = parts[i];
		oc[i].back_to = -1;
		if (!parts[i] || !*parts[i])
			fault(ld, key_line(ld, section, "outcomes"),
			      "[%s] の outcomes に空の結果があります", section);
		for (size_t k = 0; k < i; k++)
			if (parts[i] && oc[k].label && !strcmp(oc[k].label, parts[i]))
				fault(ld, key_line(ld, section, "outcomes"),
				      "[%s] の結果「%s」が重複しています", section, parts[i]);
	}
	s->pub.outcomes = oc;
	s->pub.noutcomes = n;
}

static void
load_outcome_section(struct loader *ld, struct step_def *s, size_t oi,
		     const char *section, struct pendings *back,
		     struct pendings *changes)
{
	struct md_wf_outcome *oc = (struct md_wf_outcome *)&s->pub.outcomes[oi];
	struct outcome_extra *ex = &s->extras[oi];
	for (size_t i = 0; i < ld->ini->nkeys; i++) {
		const struct md_ini_item *it = &ld->ini->keys[i];
		if (!strcmp(it->section, section) &&
		    !in_list(it->key, outcome_keys,
			     sizeof outcome_keys / sizeof outcome_keys[0]))
			fault(ld, it->line, "[%s] に不明なキー %s があります", section,
			      it->key);
	}
	oc->close = flag(ld, section, "close");
	const char *cr = get(ld, section, "close_reason");
	oc->close_reason = md_arena_strdup(&ld->wf->arena, cr ? cr : oc->label);
	oc->agency = input_key(ld, section, "agency");
	oc->agency_kind = get(ld, section, "agency_kind");
	if (oc->agency_kind) {
		int kl = key_line(ld, section, "agency_kind");
		if (!md_agency_kind_known(&ld->wf->kinds, oc->agency_kind))
			fault(ld, kl, "[%s]: 関係機関の種別「%s」は [workflow] の agency_kinds にありません",
			      section, oc->agency_kind);
		else if (oc->agency == MD_WF_NONE)
			fault(ld, kl, "[%s]: agency_kind は agency(required か optional)と使ってください",
			      section);
		oc->agency_kind = md_arena_strdup(&ld->wf->arena, oc->agency_kind);
	}
	oc->follow_up = input_key(ld, section, "follow_up");
	oc->reason = input_key(ld, section, "reason");
	oc->new_round = flag(ld, section, "new_round");
	oc->last_round = flag(ld, section, "last_round");
	oc->plan_decided = flag(ld, section, "plan_decided");
	ref_key(ld, section, "agency_sets", &ex->agency_sets);
	ref_key(ld, section, "follow_up_sets", &ex->follow_up_sets);
	ref_key(ld, section, "reason_sets", &ex->reason_sets);
	ref_key(ld, section, "date_sets", &ex->date_sets);
	oc->freezes = load_freezes(ld, section, &ex->change_by, changes);
	const char *back_to = get(ld, section, "back_to");
	if (back_to) {
		/* Resolved once every step is known; the term holds the index. */
		struct term *t = md_arena_alloc(&ld->wf->arena, sizeof *t);
		if (t) {
			t->cond = COND_DONE;
			t->step = -1;
			pending_add(ld, back, t, md_arena_strdup(&ld->wf->arena, back_to),
				    section, key_line(ld, section, "back_to"));
			/* Remember which outcome to fill in, through value. */
			t->value = (const char *)oc;
		}
	}
	if (ex->agency_sets.field && ex->agency_sets.field->type != MD_FIELD_AGENCY)
		fault(ld, key_line(ld, section, "agency_sets"),
		      "[%s]: agency_sets は関係機関(agency)の項目にしてください", section);
	if (ex->follow_up_sets.field && ex->follow_up_sets.field->type != MD_FIELD_DATE)
		fault(ld, key_line(ld, section, "follow_up_sets"),
		      "[%s]: follow_up_sets は日付(date)の項目にしてください", section);
	if (ex->date_sets.field && ex->date_sets.field->type != MD_FIELD_DATE)
		fault(ld, key_line(ld, section, "date_sets"),
		      "[%s]: date_sets は日付(date)の項目にしてください", section);
}

static void
load_step(struct loader *ld, struct step_def *s, const char *section,
	  const char *id, int line, struct pendings *pend,
	  struct pendings *changes)
{
	s->line = line;
	s->pub.id = md_arena_strdup(&ld->wf->arena, id);
	for (size_t i = 0; i < ld->ini->nkeys; i++) {
		const struct md_ini_item *it = &ld->ini->keys[i];
		if (strcmp(it->section, section))
			continue;
		if (!in_list(it->key, step_keys, sizeof step_keys / sizeof step_keys[0]) &&
		    !numbered_key(it->key, "need.") && !numbered_key(it->key, "why."))
			fault(ld, it->line, "[%s] に不明なキー %s があります", section,
			      it->key);
	}
	const char *label = get(ld, section, "label");
	if (!label)
		fault(ld, line, "[%s] に label(手順の名前)がありません", section);
	s->pub.label = md_arena_strdup(&ld->wf->arena, label ? label : id);
	const char *help = get(ld, section, "help");
	s->pub.help = md_arena_strdup(&ld->wf->arena, help ? help : "");
	const char *form = get(ld, section, "form");
	if (form) {
		struct ref r;
		if (resolve_ref(ld, form, false, section, key_line(ld, section, "form"),
				&r))
			s->pub.form = r.form;
	}
	s->pub.complete = s->pub.form && (get(ld, section, "complete")
						  ? flag(ld, section, "complete")
						  : true);
	s->pub.repeat = flag(ld, section, "repeat");
	s->pub.autostart = flag(ld, section, "auto");
	s->pub.side = flag(ld, section, "side");
	s->pub.evaluation = flag(ld, section, "evaluation");
	/* 001 第9条(5)イ・(9)エ: the follow-up after a referral or closure. */
	s->pub.after_close = flag(ld, section, "after_close");
	s->pub.meets_follow_up = flag(ld, section, "meets_follow_up");
	char **methods;
	s->pub.nmethods = names_key(ld, section, "methods", "方法", &methods);
	s->pub.methods = (const char *const *)methods;
	s->pub.note = input_key(ld, section, "note");
	s->pub.roles = parse_roles(ld, section);
	bool new_round = flag(ld, section, "new_round");
	if (new_round && !s->pub.form)
		fault(ld, key_line(ld, section, "new_round"),
		      "[%s]: new_round は様式(form)のある手順に使ってください", section);
	/* A step that starts a new round of its form each time it is taken. */
	s->per_take_round = new_round;
	if (new_round)
		s->pub.repeat = true;
	load_outcomes(ld, s, section);
	ref_key(ld, section, "sets", &s->sets);
	ref_key(ld, section, "date_sets", &s->date_sets);
	ref_key(ld, section, "round_sets", &s->round_sets);
	ref_key(ld, section, "outcome_from", &s->outcome_from);
	s->pub.outcome_from_form = s->outcome_from.field != NULL;
	s->pub.freezes = load_freezes(ld, section, &s->change_by, changes);
	ref_key(ld, section, "signature", &s->signature);
	if (s->signature.field && s->signature.field->type != MD_FIELD_YESNO)
		fault(ld, key_line(ld, section, "signature"),
		      "[%s]: signature は「はい・いいえ」(yesno)の項目にしてください",
		      section);
	else if (s->signature.field && s->signature.form != s->pub.form)
		fault(ld, key_line(ld, section, "signature"),
		      "[%s]: signature はこの手順の様式(form)の項目にしてください(手順が署名を受けた版を記録します)",
		      section);
	if (s->sets.field && s->sets.field->type == MD_FIELD_CHOICE)
		for (size_t i = 0; i < s->pub.noutcomes; i++)
			if (s->pub.outcomes[i].label &&
			    !md_options_has(s->sets.field->options, s->sets.field->noptions,
					    s->pub.outcomes[i].label))
				fault(ld, key_line(ld, section, "outcomes"),
				      "[%s]: 結果「%s」が %s.%s の選択肢にありません",
				      section, s->pub.outcomes[i].label, s->sets.form->id,
				      s->sets.field->key);
	if ((s->sets.field || s->outcome_from.field) && !s->pub.noutcomes)
		fault(ld, line, "[%s]: sets や outcome_from には outcomes(結果の一覧)が必要です",
		      section);
	if (s->outcome_from.field && s->outcome_from.form != s->pub.form)
		fault(ld, key_line(ld, section, "outcome_from"),
		      "[%s]: outcome_from はこの手順の様式の項目にしてください", section);
	if (s->date_sets.field && s->date_sets.field->type != MD_FIELD_DATE)
		fault(ld, key_line(ld, section, "date_sets"),
		      "[%s]: date_sets は日付(date)の項目にしてください", section);
	if (s->round_sets.field && s->round_sets.field->type != MD_FIELD_NUMBER &&
	    s->round_sets.field->type != MD_FIELD_CHOICE)
		fault(ld, key_line(ld, section, "round_sets"),
		      "[%s]: round_sets は数(number)か選択(choice)の項目にしてください",
		      section);

	/* need.N with why.N, N = 1, 2, … without gaps. */
	size_t n = 0;
	for (;;) {
		char nk[32];
		snprintf(nk, sizeof nk, "need.%zu", n + 1);
		if (!md_ini_line(ld->ini, section, nk))
			break;
		n++;
	}
	for (size_t i = 0; i < ld->ini->nkeys; i++) {
		const struct md_ini_item *it = &ld->ini->keys[i];
		if (!strcmp(it->section, section) &&
		    (numbered_key(it->key, "need.") || numbered_key(it->key, "why.")) &&
		    (size_t)atoi(strchr(it->key, '.') + 1) > n)
			fault(ld, it->line, "[%s] の %s は番号が飛んでいます(need.1 から順に)",
			      section, it->key);
	}
	s->needs = md_arena_alloc(&ld->wf->arena, (n ? n : 1) * sizeof *s->needs);
	if (!s->needs)
		return;
	for (size_t i = 0; i < n; i++) {
		char nk[32], wk[32];
		snprintf(nk, sizeof nk, "need.%zu", i + 1);
		snprintf(wk, sizeof wk, "why.%zu", i + 1);
		const char *text = get(ld, section, nk);
		const char *why = get(ld, section, wk);
		int nline = key_line(ld, section, nk);
		if (!text) {
			fault(ld, nline, "[%s] の %s が空です", section, nk);
			continue;
		}
		if (!why) {
			fault(ld, nline,
			      "[%s] に %s(%s が満たされないときの説明)がありません",
			      section, wk, nk);
			continue;
		}
		parse_need(ld, section, nk, nline, text, why, &s->needs[s->nneeds++],
			   pend);
	}
}

/* Whether step j can stay taken: it has no outcomes, or one that does not
 * send the process back over it. */
static bool
can_stay(const struct md_workflow *wf, size_t j)
{
	const struct md_wf_step *s = &wf->steps[j].pub;
	if (s->noutcomes == 0)
		return true;
	for (size_t o = 0; o < s->noutcomes; o++)
		if (s->outcomes[o].back_to < 0 || s->outcomes[o].back_to > (int)j)
			return true;
	return false;
}

/* Whether term t can hold once the steps in ok can be taken. */
static bool
term_possible(const struct md_workflow *wf, const struct term *t,
	      const bool *ok)
{
	if (t->negate)
		return true;
	if (t->cond == COND_DONE)
		return t->step >= 0 && ok[t->step] && can_stay(wf, (size_t)t->step);
	if (t->cond == COND_OUTCOME) {
		if (t->step < 0 || !ok[t->step])
			return false;
		const struct md_wf_step *s = &wf->steps[t->step].pub;
		for (size_t o = 0; o < s->noutcomes; o++)
			if (!strcmp(s->outcomes[o].label, t->value))
				return s->outcomes[o].back_to < 0 ||
				       s->outcomes[o].back_to > t->step;
		return false;
	}
	/* A form's facts can come true at any time: forms are filled and
	 * saved apart from the steps. */
	return true;
}

/* Whether every need of s has an alternative that can hold. */
static bool
can_open(const struct md_workflow *wf, const struct step_def *s, const bool *ok)
{
	for (size_t k = 0; k < s->nneeds; k++) {
		bool any = false;
		for (size_t a = 0; a < s->needs[k].n && !any; a++) {
			bool all = true;
			for (size_t t = 0; t < s->needs[k].alts[a].n && all; t++)
				all = term_possible(wf, &s->needs[k].alts[a].terms[t], ok);
			any = all;
		}
		if (!any)
			return false;
	}
	return true;
}

/* Whether step j's needs name step i (or a form i fills) in a term that
 * can hold: j can follow i. */
static bool
follows(const struct md_workflow *wf, size_t j, size_t i)
{
	const struct step_def *s = &wf->steps[j];
	for (size_t k = 0; k < s->nneeds; k++)
		for (size_t a = 0; a < s->needs[k].n; a++)
			for (size_t t = 0; t < s->needs[k].alts[a].n; t++) {
				const struct term *tm = &s->needs[k].alts[a].terms[t];
				if (tm->negate || tm->cond == COND_DUE)
					continue;
				if ((tm->cond == COND_DONE || tm->cond == COND_OUTCOME) &&
				    tm->step == (int)i)
					return true;
				if (tm->cond != COND_DONE && tm->cond != COND_OUTCOME &&
				    wf->steps[i].pub.form == tm->ref.form)
					return true;
			}
	return false;
}

/* Steps no path reaches, and loops with no way out (a step from which no
 * course of the process reaches an outcome that closes the case). */
static void
check_paths(struct loader *ld)
{
	struct md_workflow *wf = ld->wf;
	bool *reach = md_calloc(wf->n ? wf->n : 1, sizeof *reach);
	bool *finish = md_calloc(wf->n ? wf->n : 1, sizeof *finish);
	if (!reach || !finish)
		goto out;
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < wf->n; i++)
			if (!reach[i] && (wf->steps[i].pub.autostart ||
					  (wf->steps[i].nneeds &&
					   can_open(wf, &wf->steps[i], reach)))) {
				reach[i] = changed = true;
			}
	}
	for (size_t i = 0; i < wf->n; i++)
		if (!reach[i])
			fault(ld, wf->steps[i].line,
			      "手順 %s(%s)にはどの道筋からも進めません(need の条件を満たせる手順がありません)",
			      wf->steps[i].pub.id, wf->steps[i].pub.label);

	bool any_close = false;
	for (size_t i = 0; i < wf->n; i++)
		for (size_t o = 0; o < wf->steps[i].pub.noutcomes; o++)
			any_close |= wf->steps[i].pub.outcomes[o].close;
	if (!any_close && wf->n) {
		fault(ld, 1, "ケースを終結する結果(close = yes)が 1 つもありません");
		goto out;
	}
	/* A step finishes when an outcome closes the case, when a step that
	 * follows it finishes, or when it sends the process back to a step
	 * that finishes. */
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < wf->n; i++) {
			if (finish[i] || !reach[i])
				continue;
			const struct md_wf_step *s = &wf->steps[i].pub;
			bool f = false;
			for (size_t o = 0; o < s->noutcomes && !f; o++)
				f = s->outcomes[o].close ||
				    (s->outcomes[o].back_to >= 0 &&
				     s->outcomes[o].back_to != (int)i &&
				     finish[s->outcomes[o].back_to]);
			for (size_t j = 0; j < wf->n && !f && can_stay(wf, i); j++)
				f = j != i && finish[j] && follows(wf, j, i);
			if (f)
				finish[i] = changed = true;
		}
	}
	for (size_t i = 0; i < wf->n; i++) {
		const struct step_def *s = &wf->steps[i];
		if (reach[i] && !finish[i] && !s->pub.side)
			fault(ld, s->line,
			      "手順 %s(%s)から終結へ至る道がありません(抜け出せない繰り返し)",
			      s->pub.id, s->pub.label);
	}
out:
	md_free(reach);
	md_free(finish);
}

/* Each step a frozen form is changed by goes back over the step that
 * froze it (back_to at or before it): else the form could never change. */
static void
check_change_by(struct loader *ld, size_t i, const struct change_by *cb)
{
	const struct md_workflow *wf = ld->wf;
	for (size_t k = 0; k < cb->n; k++) {
		int c = cb->steps[k];
		if (c < 0)
			continue;
		const struct md_wf_step *t = &wf->steps[c].pub;
		bool back = false;
		for (size_t o = 0; o < t->noutcomes && !back; o++)
			back = t->outcomes[o].back_to >= 0 &&
			       t->outcomes[o].back_to <= (int)i;
		if (!back)
			fault(ld, cb->line,
			      "手順 %s(change_by)には、手順 %s かそれより前へ戻る結果(back_to)がありません",
			      t->id, wf->steps[i].pub.id);
	}
}

/* [workflow] agency_kinds: the kinds of agency, "|" between them. */
static void
load_kinds(struct loader *ld)
{
	char **parts;
	size_t n = names_key(ld, "workflow", "agency_kinds", "種別", &parts);
	ld->wf->kinds.names = (const char *const *)parts;
	ld->wf->kinds.n = n;
}

static void
load_workflow(struct loader *ld)
{
	struct md_workflow *wf = ld->wf;
	struct md_ini *ini = ld->ini;
	struct pendings pend = {NULL, 0}, back = {NULL, 0}, changes = {NULL, 0};
	if (!md_ini_line(ini, "workflow", NULL))
		fault(ld, 1, "[workflow] セクションがありません");
	const char *title = get(ld, "workflow", "title");
	wf->title = md_arena_strdup(&wf->arena, title ? title : "");
	for (size_t i = 0; i < ini->nkeys; i++)
		if (!strcmp(ini->keys[i].section, "workflow") &&
		    strcmp(ini->keys[i].key, "title") &&
		    strcmp(ini->keys[i].key, "agency_kinds"))
			fault(ld, ini->keys[i].line, "[workflow] に不明なキー %s があります",
			      ini->keys[i].key);
	load_kinds(ld);

	size_t nsteps = 0;
	for (size_t i = 0; i < ini->nsections; i++)
		nsteps += !strncmp(ini->sections[i].section, "step.", 5);
	wf->steps = md_arena_alloc(&wf->arena, (nsteps ? nsteps : 1) * sizeof *wf->steps);
	if (!wf->steps)
		return;
	/* Ids first, so needs may name a later step. */
	for (size_t i = 0; i < ini->nsections; i++) {
		const char *name = ini->sections[i].section;
		if (strncmp(name, "step.", 5))
			continue;
		const char *id = name + 5;
		bool ok = *id && strlen(id) < 40;
		for (const char *p = id; *p && ok; p++)
			ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			     *p == '_';
		if (!ok || !strcmp(id, REOPEN_STEP)) {
			fault(ld, ini->sections[i].line,
			      "[%s] の手順 id は英小文字・数字・_ で書いてください(%s は使えません)",
			      name, REOPEN_STEP);
			continue;
		}
		wf->steps[wf->n].pub.id = md_arena_strdup(&wf->arena, id);
		wf->steps[wf->n].line = ini->sections[i].line;
		wf->n++;
	}
	if (!wf->n && !nsteps)
		fault(ld, md_ini_line(ini, "workflow", NULL),
		      "手順([step.手順])が 1 つもありません");
	for (size_t i = 0; i < wf->n; i++) {
		char section[64];
		snprintf(section, sizeof section, "step.%s", wf->steps[i].pub.id);
		load_step(ld, &wf->steps[i], md_arena_strdup(&wf->arena, section),
			  wf->steps[i].pub.id, wf->steps[i].line, &pend, &changes);
	}
	/* Outcome sections and anything else. */
	for (size_t i = 0; i < ini->nsections; i++) {
		const char *name = ini->sections[i].section;
		int line = ini->sections[i].line;
		if (!strcmp(name, "workflow") || !strncmp(name, "step.", 5))
			continue;
		if (strncmp(name, "outcome.", 8)) {
			fault(ld, line,
			      "不明なセクション [%s] です([workflow]、[step.手順]、[outcome.手順.結果] のどれか)",
			      name);
			continue;
		}
		/* The step part is named whole: cut to a buffer, it ended
		 * inside a character in the message (found by fuzz_workflow). */
		const char *rest = name + 8;
		const char *dot = strchr(rest, '.');
		int sidlen = dot ? (int)(dot - rest) : (int)strlen(rest);
		int si = dot ? step_index_n(wf, rest, (size_t)sidlen) : -1;
		if (si < 0) {
			fault(ld, line, "[%s]: 手順 %.*s はありません", name, sidlen, rest);
			continue;
		}
		struct step_def *s = &wf->steps[si];
		size_t oi = 0;
		while (oi < s->pub.noutcomes &&
		       (!s->pub.outcomes[oi].label ||
			strcmp(s->pub.outcomes[oi].label, dot + 1)))
			oi++;
		if (oi == s->pub.noutcomes) {
			fault(ld, line, "[%s]: 「%s」は手順 %.*s の outcomes にありません", name,
			      dot + 1, sidlen, rest);
			continue;
		}
		load_outcome_section(ld, s, oi, md_arena_strdup(&wf->arena, name), &back,
				     &changes);
	}
	for (size_t i = 0; i < pend.n; i++) {
		struct pending *p = &pend.items[i];
		int si = step_index(wf, p->name);
		if (si < 0) {
			fault(ld, p->line, "[%s]: 手順 %s はありません", p->section, p->name);
			continue;
		}
		p->term->step = si;
		if (p->term->cond == COND_OUTCOME) {
			const struct md_wf_step *s = &wf->steps[si].pub;
			bool ok = false;
			for (size_t o = 0; o < s->noutcomes && !ok; o++)
				ok = s->outcomes[o].label &&
				     !strcmp(s->outcomes[o].label, p->term->value);
			if (!ok)
				fault(ld, p->line, "[%s]: 手順 %s に結果「%s」はありません",
				      p->section, p->name, p->term->value);
		}
	}
	for (size_t i = 0; i < back.n; i++) {
		struct pending *p = &back.items[i];
		int si = step_index(wf, p->name);
		if (si < 0)
			fault(ld, p->line, "[%s]: back_to の手順 %s はありません", p->section,
			      p->name);
		else
			((struct md_wf_outcome *)p->term->value)->back_to = si;
	}
	for (size_t i = 0; i < changes.n; i++) {
		struct pending *p = &changes.items[i];
		int si = step_index(wf, p->name);
		if (si < 0)
			fault(ld, p->line, "[%s]: change_by の手順 %s はありません",
			      p->section, p->name);
		else
			*(int *)p->term->value = si;
	}
	for (size_t i = 0; i < wf->n; i++) {
		const struct step_def *s = &wf->steps[i];
		for (size_t o = 0; o < s->pub.noutcomes; o++)
			if (s->pub.outcomes[o].back_to > (int)i)
				fault(ld, s->line,
				      "手順 %s の結果「%s」の back_to は前の手順にしてください",
				      s->pub.id, s->pub.outcomes[o].label);
		check_change_by(ld, i, &s->change_by);
		for (size_t o = 0; s->extras && o < s->pub.noutcomes; o++)
			check_change_by(ld, i, &s->extras[o].change_by);
	}
	if (!ld->diags->n)
		check_paths(ld);
}

enum md_status
md_workflow_load(const char *path, const struct md_forms *forms,
		 struct md_workflow **out, struct md_diags *diags,
		 struct md_err *err)
{
	*out = NULL;
	struct md_workflow *wf = md_calloc(1, sizeof *wf);
	if (!wf)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_arena_init(&wf->arena);
	wf->forms = forms;
	struct loader ld = {wf, NULL, diags, path};
	size_t before = diags->n;
	enum md_status rc = md_ini_load(path, &ld.ini, diags, err);
	if (rc == MD_OK) {
		load_workflow(&ld);
		md_ini_free(&ld.ini);
		if (wf->arena.failed)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		else if (diags->n > before)
			rc = md_err_set(err, MD_ERR_DEFINITION,
					"手順の定義に %zu 件の誤りがあります",
					diags->n - before);
	}
	/* A file that cannot be read stays MD_ERR_NOTFOUND or MD_ERR_IO, its
	 * message naming the file: there is no fault of definition to list. */
	if (rc != MD_OK) {
		md_workflow_free(&wf);
		return rc;
	}
	*out = wf;
	return MD_OK;
}

/* ---- replaying a case ------------------------------------------------- */

/* One event of a case, as read. */
struct ev {
	long long id;
	int step; /* index, or -1 (a reopening, or a step no longer defined) */
	bool reopen;
	char *step_id, *outcome, *reason, *agency, *follow_up_on, *at, *by;
	char *method, *note;
	char on[MD_DATE_SIZE]; /* the day the step was done */
	long long record_id;
	int record_revision;
};

/* The facts of one form's current round. */
struct form_facts {
	const struct md_form *form;
	int seq;
	bool loaded;
	bool exists;
	bool complete;
	long long record_id;
	int revision;
	struct md_values values;
	/* A signature on it (signature_state): loaded, the last revision
	 * that changed what it covers and the last that signed. */
	bool sig_loaded;
	int sig_content, sig_signed;
};

/* A form frozen by an event that stands (freezes = FORM). */
struct frz {
	int ev;   /* the event */
	int step; /* its step */
	const struct md_form *form;
	int seq;  /* the round frozen */
};

/* A case replayed: its events and where each step stands. */
struct state {
	const struct md_workflow *wf;
	struct ev *evs;
	size_t nevs;
	int *done;  /* per step: the event that took it in this course, or -1 */
	int *times; /* per step: times taken in this course */
	int *round; /* per step: the round of its form */
	/* per step with a signature: the revision of its form whose content
	 * the signature no longer covers (it was taken, then voided), or 0 */
	int *voided;
	bool closed;
	int closer; /* the step that closed the case, or -1 */
	int decision; /* the event of the latest plan decision, or -1 */
	/* 001 第9条(5)イ・(9)エ: the latest event that set a follow-up date,
	 * or -1, and whether that date is still to be met (no step with
	 * meets_follow_up taken since). */
	int follow_up;
	bool follow_up_due;
	char received[MD_DATE_SIZE]; /* the case's 受付日 */
	struct frz *frz;
	size_t nfrz;
	struct form_facts *facts;
	size_t nfacts;
};

static void
state_fini(struct state *st)
{
	for (size_t i = 0; i < st->nevs; i++) {
		struct ev *e = &st->evs[i];
		md_free(e->step_id);
		md_free(e->outcome);
		md_free(e->reason);
		md_free(e->agency);
		md_free(e->follow_up_on);
		md_free(e->method);
		md_free(e->note);
		md_free(e->at);
		md_free(e->by);
	}
	md_free(st->evs);
	md_free(st->done);
	md_free(st->times);
	md_free(st->round);
	md_free(st->voided);
	md_free(st->frz);
	for (size_t i = 0; i < st->nfacts; i++)
		md_values_fini(&st->facts[i].values);
	md_free(st->facts);
	memset(st, 0, sizeof *st);
}

static const struct md_wf_outcome *
outcome_of(const struct step_def *s, const char *label, size_t *index)
{
	for (size_t i = 0; i < s->pub.noutcomes; i++)
		if (s->pub.outcomes[i].label && label &&
		    !strcmp(s->pub.outcomes[i].label, label)) {
			if (index)
				*index = i;
			return &s->pub.outcomes[i];
		}
	return NULL;
}

/* The round of form: that of the first step that fills it. */
static int
form_round(const struct state *st, const struct md_form *form)
{
	for (size_t i = 0; i < st->wf->n; i++)
		if (st->wf->steps[i].pub.form == form)
			return st->round[i];
	return 1;
}

/* The form an event of step s with outcome oc freezes, or NULL. */
static const struct md_form *
freezes_of(const struct step_def *s, const struct md_wf_outcome *oc)
{
	return oc && oc->freezes ? oc->freezes : s->pub.freezes;
}

/* Whether freeze z stands no more when the steps from `from` on are taken
 * again: it is theirs, on the round in use (a round left behind by a new
 * round stays as it was decided), and taken before event `before`. */
static bool
unfrozen(const struct state *st, const struct frz *z, int from, int before)
{
	return z->step >= from && z->ev < before &&
	       !st->wf->steps[z->step].pub.side &&
	       z->seq == form_round(st, z->form);
}

/* Forget the freezes that stand no more (unfrozen). */
static void
unfreeze(struct state *st, int from, int before)
{
	size_t k = 0;
	for (size_t i = 0; i < st->nfrz; i++)
		if (!unfrozen(st, &st->frz[i], from, before))
			st->frz[k++] = st->frz[i];
	st->nfrz = k;
}

/* The steps from `from` on (but those beside the main line) must be taken
 * again: 差し戻し, or a signature that no longer covers the form. */
static void
reset_from(struct state *st, int from, bool new_round)
{
	const struct md_workflow *wf = st->wf;
	for (size_t j = (size_t)from; j < wf->n; j++) {
		if (wf->steps[j].pub.side)
			continue;
		st->done[j] = -1;
		st->times[j] = 0;
		if (new_round && wf->steps[j].pub.form && !wf->steps[j].per_take_round)
			st->round[j]++;
	}
	if (st->decision >= 0 && st->evs[st->decision].step >= from)
		st->decision = -1;
	/* A new round leaves the old one frozen: it is what was decided. */
	if (!new_round)
		unfreeze(st, from, INT_MAX);
}

/* Apply event k to the state. */
static void
apply(struct state *st, size_t k)
{
	const struct md_workflow *wf = st->wf;
	struct ev *e = &st->evs[k];
	if (e->reopen) {
		st->closed = false;
		if (st->closer >= 0) {
			size_t n = 0;
			for (size_t i = 0; i < st->nfrz; i++)
				if (st->frz[i].ev != st->done[st->closer])
					st->frz[n++] = st->frz[i];
			st->nfrz = n;
			st->done[st->closer] = -1;
			if (st->times[st->closer] > 0)
				st->times[st->closer]--;
		}
		st->closer = -1;
		return;
	}
	int i = e->step;
	/* A follow-up meets the date that was due; the next is the one its
	 * outcome gives, if any. */
	if (i >= 0 && wf->steps[i].pub.meets_follow_up)
		st->follow_up_due = false;
	if (*e->follow_up_on) {
		st->follow_up = (int)k;
		st->follow_up_due = true;
	}
	if (i < 0)
		return;
	const struct step_def *s = &wf->steps[i];
	st->done[i] = (int)k;
	st->times[i]++;
	const struct md_wf_outcome *oc = outcome_of(s, e->outcome, NULL);
	const struct md_form *fz = freezes_of(s, oc);
	if (fz) {
		/* The round as it is when the step is taken. */
		struct frz *p = md_realloc(st->frz, (st->nfrz + 1) * sizeof *p);
		if (p) {
			st->frz = p;
			st->frz[st->nfrz++] = (struct frz){(int)k, i, fz,
							   form_round(st, fz)};
		}
	}
	if (oc && oc->plan_decided)
		st->decision = (int)k;
	if (s->per_take_round && !(oc && oc->last_round))
		st->round[i]++;
	if (oc && oc->back_to >= 0)
		reset_from(st, oc->back_to, oc->new_round);
	if (oc && oc->close) {
		st->closed = true;
		st->closer = i;
	}
}

static const char sql_events[] =
	"SELECT e.id, e.step, e.outcome, e.reason, e.agency,"
	" coalesce(e.follow_up_on, ''), e.at, coalesce(u.display_name, ''),"
	" coalesce(e.record_id, 0), coalesce(e.record_revision, 0),"
	" coalesce(e.done_on, ''), e.method, e.note"
	" FROM workflow_events e LEFT JOIN users u ON u.id = e.user_id"
	" WHERE e.case_id = ?1 ORDER BY e.id";
static const char sql_case_received_on[] =
	"SELECT opened_on FROM cases WHERE id = ?1";
static const char sql_revision_changes[] =
	"SELECT r.revision, j.value FROM form_revisions r, json_each(r.changed) j"
	" WHERE r.record_id = ?1 AND r.revision > ?2";

/*
 * The revisions of record_id after `after` that changed the content a
 * signature in field sig covers (every field of the form but those of the
 * signature's own section and those the workflow sets): *content gets the
 * last of them (0: none), and *signed the last that changed the
 * signature's section.
 */
static enum md_status
signature_revs(struct md_db *db, const struct md_field *sig,
	       const struct md_form *form, long long record_id, int after,
	       int *content, int *signed_rev, struct md_err *err)
{
	*content = *signed_rev = 0;
	sqlite3_stmt *q = md_db_stmt(db, sql_revision_changes, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, record_id);
	sqlite3_bind_int(q, 2, after);
	int src;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		int rev = sqlite3_column_int(q, 0);
		const char *key = (const char *)sqlite3_column_text(q, 1);
		char fkey[64];
		md_values_split_key(key ? key : "", fkey, sizeof fkey);
		const struct md_field *f = md_form_field(form, fkey);
		if (!f || f->by_workflow)
			continue;
		if (!strcmp(f->section, sig->section)) {
			if (rev > *signed_rev)
				*signed_rev = rev;
		} else if (rev > *content) {
			*content = rev;
		}
	}
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "様式の履歴の読み込み", err);
}

/* A signature step i taken again (at event k) after its earlier taking was
 * voided: the steps after it taken before k belong to the course it voided
 * and stand no more. */
static void
drop_before(struct state *st, size_t i, int k)
{
	const struct md_workflow *wf = st->wf;
	for (size_t j = i + 1; j < wf->n; j++)
		if (!wf->steps[j].pub.side && st->done[j] >= 0 && st->done[j] < k) {
			st->done[j] = -1;
			st->times[j] = 0;
		}
	if (st->decision >= 0 && st->decision < k &&
	    st->evs[st->decision].step > (int)i)
		st->decision = -1;
	unfreeze(st, (int)i + 1, k);
}

/* 001 第9条(6): a step that took the person's signature (signature =
 * FORM.FIELD) stands only while the content it covered stays: a later
 * revision that changes it voids the step and every step after it. */
static enum md_status
void_stale_signatures(struct md_db *db, struct state *st, struct md_err *err)
{
	const struct md_workflow *wf = st->wf;
	for (size_t i = 0; i < wf->n; i++) {
		const struct step_def *s = &wf->steps[i];
		if (!s->signature.field || st->done[i] < 0)
			continue;
		drop_before(st, i, st->done[i]);
		const struct ev *e = &st->evs[st->done[i]];
		if (!e->record_id)
			continue;
		int content, signed_rev;
		enum md_status rc = signature_revs(db, s->signature.field,
						   s->signature.form, e->record_id,
						   e->record_revision, &content,
						   &signed_rev, err);
		if (rc != MD_OK)
			return rc;
		if (content) {
			reset_from(st, (int)i, false);
			st->voided[i] = content;
		}
	}
	return MD_OK;
}

static enum md_status
state_load(struct md_db *db, const struct md_workflow *wf, long long case_id,
	   struct state *st, struct md_err *err)
{
	memset(st, 0, sizeof *st);
	st->wf = wf;
	st->closer = -1;
	st->decision = -1;
	st->follow_up = -1;
	size_t n = wf->n ? wf->n : 1;
	st->done = md_malloc(n * sizeof *st->done);
	st->times = md_calloc(n, sizeof *st->times);
	st->round = md_malloc(n * sizeof *st->round);
	st->voided = md_calloc(n, sizeof *st->voided);
	if (!st->done || !st->times || !st->round || !st->voided)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < wf->n; i++) {
		st->done[i] = -1;
		st->round[i] = 1;
	}
	sqlite3_stmt *q = md_db_stmt(db, sql_case_received_on, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW)
		snprintf(st->received, sizeof st->received, "%s",
			 (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return md_db_fail(db, src, "ケースの確認", err);
	q = md_db_stmt(db, sql_events, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	enum md_status rc = MD_OK;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		struct ev *p = md_realloc(st->evs, (st->nevs + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		st->evs = p;
		struct ev *e = &st->evs[st->nevs++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(q, 0);
		e->step_id = md_db_column_dup(q, 1);
		e->outcome = md_db_column_dup(q, 2);
		e->reason = md_db_column_dup(q, 3);
		e->agency = md_db_column_dup(q, 4);
		e->follow_up_on = md_db_column_dup(q, 5);
		e->at = md_db_column_dup(q, 6);
		e->by = md_db_column_dup(q, 7);
		e->record_id = sqlite3_column_int64(q, 8);
		e->record_revision = sqlite3_column_int(q, 9);
		e->method = md_db_column_dup(q, 11);
		e->note = md_db_column_dup(q, 12);
		if (!e->step_id || !e->outcome || !e->reason || !e->agency ||
		    !e->follow_up_on || !e->at || !e->by || !e->method || !e->note) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		e->reopen = !strcmp(e->step_id, REOPEN_STEP);
		e->step = e->reopen ? -1 : step_index(wf, e->step_id);
		/* The steps recorded when a case opens are dated by its 受付日;
		 * the others by the day given when they were taken. */
		const char *on = (const char *)sqlite3_column_text(q, 10);
		if (e->step >= 0 && wf->steps[e->step].pub.autostart)
			on = st->received;
		else if (!on || !*on)
			on = e->at;
		snprintf(e->on, sizeof e->on, "%.10s", on);
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "手順の記録の読み込み", err);
	sqlite3_reset(q);
	if (rc != MD_OK)
		return rc;
	for (size_t k = 0; k < st->nevs; k++)
		apply(st, k);
	if (!st->closed)
		rc = void_stale_signatures(db, st, err);
	return rc;
}

static const char sql_record_state[] =
	"SELECT id, revision, complete FROM form_records"
	" WHERE case_id = ?1 AND form = ?2 AND seq = ?3";

/* The facts of form's current round (loaded once). */
static enum md_status
facts_of(struct md_db *db, struct state *st, long long case_id,
	 const struct md_form *form, struct form_facts **out,
	 struct md_err *err)
{
	for (size_t i = 0; i < st->nfacts; i++)
		if (st->facts[i].form == form) {
			*out = &st->facts[i];
			return MD_OK;
		}
	struct form_facts *p = md_realloc(st->facts, (st->nfacts + 1) * sizeof *p);
	if (!p)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	st->facts = p;
	struct form_facts *f = &st->facts[st->nfacts++];
	memset(f, 0, sizeof *f);
	md_values_init(&f->values);
	f->form = form;
	f->seq = form_round(st, form);
	sqlite3_stmt *q = md_db_stmt(db, sql_record_state, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, f->seq);
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW) {
		f->exists = true;
		f->record_id = sqlite3_column_int64(q, 0);
		f->revision = sqlite3_column_int(q, 1);
		f->complete = sqlite3_column_int(q, 2) != 0;
	}
	sqlite3_reset(q);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return md_db_fail(db, src, "様式の確認", err);
	if (f->exists && f->revision > 0) {
		enum md_status rc = md_record_latest(db, f->record_id, &f->values,
						     NULL, err);
		if (rc != MD_OK)
			return rc;
	}
	f->loaded = true;
	*out = f;
	return MD_OK;
}

/* Whether option is among the "\n"-joined options of value. */
static bool
holds_option(const char *value, const char *option)
{
	size_t n = strlen(option);
	for (const char *p = value; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !strncmp(p, option, n))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* Whether field is where a step takes the person's signature. */
static bool
is_signature(const struct md_workflow *wf, const struct md_field *field)
{
	for (size_t i = 0; field && i < wf->n; i++)
		if (wf->steps[i].signature.field == field)
			return true;
	return false;
}

/* The revisions of the signature in field sig on f's round: what it covers
 * last changed in *content, it was last given in *signed_rev. */
static enum md_status
signature_state(struct md_db *db, struct form_facts *f,
		const struct md_field *sig, struct md_err *err)
{
	if (f->sig_loaded || !f->exists)
		return MD_OK;
	enum md_status rc = signature_revs(db, sig, f->form, f->record_id, 0,
					   &f->sig_content, &f->sig_signed, err);
	f->sig_loaded = rc == MD_OK;
	return rc;
}

static enum md_status
eval_term(struct md_db *db, struct state *st, long long case_id,
	  const struct term *t, bool *result, struct md_err *err)
{
	bool r = false;
	struct form_facts *f = NULL;
	if (t->ref.form && t->cond != COND_DONE && t->cond != COND_OUTCOME) {
		enum md_status rc = facts_of(db, st, case_id, t->ref.form, &f, err);
		if (rc != MD_OK)
			return rc;
	}
	const char *v = f && t->ref.field ? md_values_get(&f->values, t->ref.field->key)
					  : NULL;
	switch (t->cond) {
	case COND_DONE:
		r = st->done[t->step] >= 0;
		break;
	case COND_OUTCOME:
		r = st->done[t->step] >= 0 &&
		    !strcmp(st->evs[st->done[t->step]].outcome, t->value);
		break;
	case COND_COMPLETE:
		r = f->exists && f->complete;
		break;
	case COND_YES:
		r = v && !strcmp(v, "はい");
		/* 001 第9条(6): a signature counts for the content it was
		 * given on, not for what was changed after it. */
		if (r && is_signature(st->wf, t->ref.field)) {
			enum md_status rc = signature_state(db, f, t->ref.field, err);
			if (rc != MD_OK)
				return rc;
			r = f->sig_content <= f->sig_signed;
		}
		break;
	case COND_FILLED:
		r = v && *v;
		break;
	case COND_HAS:
		r = v && holds_option(v, t->value);
		break;
	case COND_PASSED: {
		char today[MD_DATE_SIZE];
		md_clock_today(today);
		r = v && *v && strcmp(v, today) < 0;
		break;
	}
	case COND_DUE:
		r = st->follow_up_due;
		break;
	}
	*result = t->negate ? !r : r;
	return MD_OK;
}

/* Where a need fails on a signature given before the content changed, say
 * so and what to do (after its why). */
static void
stale_note(const struct state *st, const struct need *need, struct md_buf *why)
{
	for (size_t a = 0; a < need->n; a++)
		for (size_t t = 0; t < need->alts[a].n; t++) {
			const struct term *tm = &need->alts[a].terms[t];
			if (tm->cond != COND_YES || tm->negate ||
			    !is_signature(st->wf, tm->ref.field))
				continue;
			for (size_t i = 0; i < st->nfacts; i++) {
				const struct form_facts *f = &st->facts[i];
				const char *v = md_values_get(&f->values,
							      tm->ref.field->key);
				if (f->form != tm->ref.form || !f->sig_loaded ||
				    f->sig_content <= f->sig_signed || !v ||
				    strcmp(v, "はい"))
					continue;
				md_buf_addf(why,
					    "\n%sの%sは版 %d で受けたものです。そのあと版 %d で内容が変わったため、この署名は変わった内容には及びません。ご本人に変わった内容を確かめて署名を受け直し、「%s」の欄を入れ直して保存してください",
					    f->form->number, tm->ref.field->label,
					    f->sig_signed, f->sig_content,
					    tm->ref.field->section);
				return;
			}
		}
}

/* Whether every need of step i holds; the whys of those that do not are
 * appended to why (when not NULL). */
static enum md_status
eval_needs(struct md_db *db, struct state *st, long long case_id, size_t i,
	   bool *open, struct md_buf *why, struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	*open = true;
	for (size_t k = 0; k < s->nneeds; k++) {
		bool any = false;
		for (size_t a = 0; a < s->needs[k].n && !any; a++) {
			bool all = true;
			for (size_t t = 0; t < s->needs[k].alts[a].n && all; t++) {
				enum md_status rc = eval_term(db, st, case_id,
							      &s->needs[k].alts[a].terms[t],
							      &all, err);
				if (rc != MD_OK)
					return rc;
			}
			any = all;
		}
		if (!any) {
			*open = false;
			if (why) {
				if (why->len)
					md_buf_addc(why, '\n');
				md_buf_adds(why, s->needs[k].why);
				stale_note(st, &s->needs[k], why);
			}
		}
	}
	return MD_OK;
}

/* Why a step cannot be taken on a closed case, naming the steps that can
 * (after_close: the follow-up, 001 第9条(5)イ・(9)エ). */
static void
closed_case_why(const struct md_workflow *wf, struct md_buf *why)
{
	md_buf_adds(why, "このケースは終結しています(再開できるのは主任相談支援員と管理者です)");
	size_t named = 0;
	for (size_t i = 0; i < wf->n; i++)
		if (wf->steps[i].pub.after_close)
			md_buf_addf(why, "%s「%s」",
				    named++ ? "、" : "\n再開しなくても記録できる手順: ",
				    wf->steps[i].pub.label);
}

/* The state of step i, with the reasons it is closed. */
static enum md_status
step_state(struct md_db *db, struct state *st, long long case_id, size_t i,
	   enum md_step_state *state, struct md_buf *why, struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	if (st->done[i] >= 0 && !s->pub.repeat) {
		*state = MD_STEP_DONE;
		return MD_OK;
	}
	if (st->closed && !s->pub.after_close) {
		*state = MD_STEP_CLOSED;
		closed_case_why(st->wf, why);
		return MD_OK;
	}
	bool open;
	enum md_status rc = eval_needs(db, st, case_id, i, &open, why, err);
	if (rc == MD_OK)
		*state = open ? MD_STEP_OPEN : MD_STEP_CLOSED;
	return rc;
}

static const struct md_wf_outcome *
match_outcome(const struct step_def *s, const char *typed, bool *nomem);

/* The outcome the form of step s holds now, when s reads its outcome from
 * there (outcome_from), or NULL. */
static enum md_status
form_outcome(struct md_db *db, struct state *st, long long case_id,
	     const struct step_def *s, const struct md_wf_outcome **out,
	     struct md_err *err)
{
	*out = NULL;
	if (!s->outcome_from.field)
		return MD_OK;
	struct form_facts *f;
	enum md_status rc = facts_of(db, st, case_id, s->pub.form, &f, err);
	const char *typed =
	    rc == MD_OK ? md_values_get(&f->values, s->outcome_from.field->key)
			: NULL;
	bool nomem = false;
	if (typed && *typed && !(*out = match_outcome(s, typed, &nomem)) && nomem)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	return rc;
}

void
md_flow_fini(struct md_flow *flow)
{
	for (size_t i = 0; i < flow->nsteps; i++) {
		md_free(flow->steps[i].why);
		md_free(flow->steps[i].on);
		md_free(flow->steps[i].at);
		md_free(flow->steps[i].by);
		md_free(flow->steps[i].outcome);
	}
	md_free(flow->steps);
	for (size_t i = 0; i < flow->nevents; i++) {
		struct md_event *e = &flow->events[i];
		md_free(e->step);
		md_free(e->outcome);
		md_free(e->reason);
		md_free(e->agency);
		md_free(e->follow_up_on);
		md_free(e->method);
		md_free(e->note);
		md_free(e->on);
		md_free(e->at);
		md_free(e->by);
	}
	md_free(flow->events);
	memset(flow, 0, sizeof *flow);
}

/* Move event strings into a flow's history (the state gives them up). */
static enum md_status
flow_events(const struct md_workflow *wf, struct state *st,
	    struct md_flow *flow, struct md_err *err)
{
	flow->events = md_calloc(st->nevs ? st->nevs : 1, sizeof *flow->events);
	if (!flow->events)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	for (size_t k = 0; k < st->nevs; k++) {
		struct ev *e = &st->evs[k];
		struct md_event *o = &flow->events[flow->nevents++];
		o->id = e->id;
		o->step_label = md_workflow_stage_label(wf, e->step_id);
		o->step = e->step_id;
		o->outcome = e->outcome;
		o->reason = e->reason;
		o->agency = e->agency;
		o->follow_up_on = e->follow_up_on;
		o->method = e->method;
		o->note = e->note;
		o->on = md_strdup(e->on);
		o->at = e->at;
		o->by = e->by;
		memset(e, 0, sizeof *e);
		if (!o->on)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		/* step_label pointed into the definition or a literal: stable. */
	}
	return MD_OK;
}

static const char sql_case_exists[] = "SELECT status = 'closed' FROM cases WHERE id = ?1";

static enum md_status
case_must_exist(struct md_db *db, long long case_id, bool *closed,
		struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_case_exists, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	int src = sqlite3_step(q);
	if (src == SQLITE_ROW && closed)
		*closed = sqlite3_column_int(q, 0) != 0;
	sqlite3_reset(q);
	if (src == SQLITE_DONE)
		return md_err_set(err, MD_ERR_NOTFOUND, "ケース %lld は見つかりません",
				  case_id);
	if (src != SQLITE_ROW)
		return md_db_fail(db, src, "ケースの確認", err);
	return MD_OK;
}

enum md_status
md_workflow_status(struct md_db *db, const struct md_user *actor,
		   const struct md_workflow *wf, long long case_id,
		   struct md_flow *out, struct md_err *err)
{
	memset(out, 0, sizeof *out);
	struct state st;
	enum md_status rc = md_auth_require(db, actor, false, "手順の確認", err);
	if (rc != MD_OK)
		return rc;
	if ((rc = case_must_exist(db, case_id, NULL, err)) != MD_OK)
		return rc;
	rc = state_load(db, wf, case_id, &st, err);
	if (rc == MD_OK) {
		out->case_id = case_id;
		out->closed = st.closed;
		out->steps = md_calloc(wf->n ? wf->n : 1, sizeof *out->steps);
		if (!out->steps)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; rc == MD_OK && i < wf->n; i++) {
		struct md_step_status *ss = &out->steps[out->nsteps++];
		struct md_buf why;
		md_buf_init(&why);
		ss->step = &wf->steps[i].pub;
		rc = step_state(db, &st, case_id, i, &ss->state, &why, err);
		ss->why = md_buf_take(&why);
		int k = st.done[i];
		ss->on = md_strdup(k >= 0 ? st.evs[k].on : "");
		ss->at = md_strdup(k >= 0 ? st.evs[k].at : "");
		ss->by = md_strdup(k >= 0 ? st.evs[k].by : "");
		ss->outcome = md_strdup(k >= 0 ? st.evs[k].outcome : "");
		ss->round = st.round[i];
		ss->times = st.times[i];
		ss->may_take = actor && (wf->steps[i].pub.roles & (1u << actor->role));
		if (rc == MD_OK && ss->state == MD_STEP_OPEN)
			rc = form_outcome(db, &st, case_id, &wf->steps[i],
					  &ss->form_outcome, err);
		if (rc == MD_OK &&
		    (!ss->why || !ss->on || !ss->at || !ss->by || !ss->outcome))
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (rc == MD_OK)
		rc = flow_events(wf, &st, out, err);
	state_fini(&st);
	if (rc != MD_OK)
		md_flow_fini(out);
	return rc;
}

int
md_flow_form_round(const struct md_workflow *wf, const struct md_flow *flow,
		   const char *form_id)
{
	for (size_t i = 0; i < wf->n && i < flow->nsteps; i++)
		if (wf->steps[i].pub.form && !strcmp(wf->steps[i].pub.form->id, form_id))
			return flow->steps[i].round;
	return 1;
}

/* ---- taking steps ----------------------------------------------------- */

/* Field writes a step makes, grouped by form. */
struct write {
	const struct md_form *form;
	struct md_values values;
};

struct writes {
	struct write items[8];
	size_t n;
};

static enum md_status
write_add(struct writes *w, const struct ref *r, const char *value,
	  struct md_err *err)
{
	if (!r->field || !value)
		return MD_OK;
	size_t i = 0;
	while (i < w->n && w->items[i].form != r->form)
		i++;
	if (i == w->n) {
		if (w->n == sizeof w->items / sizeof w->items[0])
			return md_err_set(err, MD_ERR_DEFINITION,
					  "内部エラー: 1 つの手順が書き込む様式が多すぎます");
		w->items[w->n].form = r->form;
		md_values_init(&w->items[w->n].values);
		w->n++;
	}
	return md_values_set(&w->items[i].values, r->field->key, value, err);
}

static void
writes_fini(struct writes *w)
{
	for (size_t i = 0; i < w->n; i++)
		md_values_fini(&w->items[i].values);
	w->n = 0;
}

static const char sql_record_create[] =
	"INSERT INTO form_records (case_id, form, seq, revision, complete,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, 0, 0, ?4, ?4)"
	" ON CONFLICT (case_id, form, seq) DO NOTHING";

/* An empty record for a new round, so that opening the form without a
 * round number finds the round the process is in. */
static enum md_status
create_round(struct md_db *db, long long case_id, const struct md_form *form,
	     int seq, struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_record_create, err);
	if (!q)
		return err->status;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, seq);
	sqlite3_bind_text(q, 4, now, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "新しい回の様式の準備", err);
}

/* Save the fields a step fills on form's current round. */
static enum md_status
apply_write(struct md_db *db, const struct md_user *actor,
	    const struct md_forms *forms, long long case_id, int seq,
	    const struct write *w, struct md_err *err)
{
	struct md_record rec;
	enum md_status rc = md_record_load(db, actor, forms, case_id, w->form->id,
					   seq, &rec, err);
	if (rc == MD_ERR_NOTFOUND)
		rc = md_record_load(db, actor, forms, case_id, w->form->id,
				    MD_SEQ_LATEST, &rec, err);
	if (rc != MD_OK)
		return rc;
	/* A form never saved starts with its defaults (today, the one who
	 * takes the step), as it would on the screen. */
	for (size_t i = 0; i < w->values.n && rc == MD_OK; i++)
		rc = md_values_set(&rec.values, w->values.items[i].key,
				   w->values.items[i].value, err);
	bool saved;
	struct md_values faults;
	md_values_init(&faults);
	if (rc == MD_OK)
		rc = md_record_save(db, actor, &rec, MD_SAVE_WORKFLOW, &saved,
				    &faults, err);
	md_values_fini(&faults);
	md_record_fini(&rec);
	return rc;
}

/* Which of n labels is typed: the label whole, its number (1…n), or the
 * start of one label only (md_text_match, the rule agencies follow too);
 * n when none, LABEL_NOMEM when out of memory (never taken for "none"). */
#define LABEL_NOMEM ((size_t)-1)
static size_t
match_label(const char *typed, const char *const *labels, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (labels[i] && !strcmp(labels[i], typed))
			return i;
	char *f = md_text_ascii_fold(typed);
	if (!f)
		return LABEL_NOMEM;
	md_text_trim(f);
	char *end;
	long k = strtol(f, &end, 10);
	bool number = *f && !*end && k >= 1 && (size_t)k <= n;
	md_free(f);
	if (number)
		return (size_t)k - 1;
	struct md_text_name *names = md_calloc(n ? n : 1, sizeof *names);
	if (!names)
		return LABEL_NOMEM;
	for (size_t i = 0; i < n; i++)
		names[i] = (struct md_text_name){labels[i], i};
	size_t i, found = n;
	enum md_text_match m = md_text_match(typed, names, n, &i, NULL);
	if (m == MD_MATCH_ONE)
		found = i;
	else if (m == MD_MATCH_NOMEM)
		found = LABEL_NOMEM;
	md_free(names);
	return found;
}

/* The labels of a step's outcomes: a new array (md_free), or NULL when
 * out of memory. */
static const char **
outcome_labels(const struct step_def *s)
{
	const char **labels = md_calloc(s->pub.noutcomes ? s->pub.noutcomes : 1,
					sizeof *labels);
	for (size_t i = 0; labels && i < s->pub.noutcomes; i++)
		labels[i] = s->pub.outcomes[i].label;
	return labels;
}

/* The outcome typed (match_label); NULL with *nomem set when out of
 * memory, NULL alone when none is. */
static const struct md_wf_outcome *
match_outcome(const struct step_def *s, const char *typed, bool *nomem)
{
	const char **labels = outcome_labels(s);
	size_t n = s->pub.noutcomes;
	size_t i = labels ? match_label(typed, labels, n) : LABEL_NOMEM;
	md_free(labels);
	*nomem = i == LABEL_NOMEM;
	return i < n ? &s->pub.outcomes[i] : NULL;
}

/* "1: A、2: B…": the labels to choose from, for a message. */
static void
label_list(const char *const *labels, size_t n, struct md_buf *b)
{
	for (size_t i = 0; labels && i < n; i++)
		md_buf_addf(b, "%s%zu: %s", i ? "、" : "", i + 1, labels[i]);
}

static void
outcome_list(const struct step_def *s, struct md_buf *b)
{
	const char **labels = outcome_labels(s);
	label_list(labels, s->pub.noutcomes, b);
	md_free(labels);
}

static void
role_list(unsigned roles, struct md_buf *b)
{
	for (int r = 0; r < MD_ROLE_COUNT; r++)
		if (roles & (1u << r)) {
			if (b->len)
				md_buf_adds(b, "・");
			md_buf_adds(b, md_role_label(r));
		}
}

/* The refusal of a step to a role that may not take it, naming who may. */
static enum md_status
refuse_role(const struct md_wf_step *s, const struct md_user *actor,
	    struct md_err *err)
{
	struct md_buf roles;
	md_buf_init(&roles);
	role_list(s->roles, &roles);
	enum md_status rc = md_err_set(err, MD_ERR_DENIED,
				       "手順「%s」を記録できるのは %s です(%s さんは %s)",
				       s->label, md_buf_str(&roles),
				       actor->display_name,
				       md_role_label(actor->role));
	md_buf_fini(&roles);
	return rc;
}

/* The agency typed for outcome oc of step s (md_agency_find: a name, an
 * alias or its start), of the kind the outcome requires; *name gets the
 * agency's name (md_free). */
static enum md_status
check_agency(struct md_db *db, const struct md_wf_step *s,
	     const struct md_wf_outcome *oc, const char *typed, char **name,
	     struct md_err *err)
{
	struct md_agency a;
	enum md_status rc = md_agency_find(db, typed, &a, err);
	if (rc != MD_OK)
		return rc;
	/* 001 第9条(5): the referral goes where the definition says. */
	if (oc->agency_kind && strcmp(a.kind, oc->agency_kind))
		rc = md_err_set(err, MD_ERR_INVALID,
				"%s(%s)のつなぎ先は種別「%s」の関係機関にしてください(「%s」の種別は「%s」です)",
				s->label, oc->label, oc->agency_kind, a.name,
				*a.kind ? a.kind : "なし");
	if (rc == MD_OK) {
		*name = a.name;
		a.name = NULL;
	}
	md_agency_fini(&a);
	return rc;
}

static const char sql_event_insert[] =
	"INSERT INTO workflow_events (case_id, step, outcome, reason, agency,"
	" follow_up_on, record_id, record_revision, user_id, at, done_on,"
	" method, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" coalesce(?12, ''), coalesce(?13, ''))";

/* What an event records beside its step: its outcome and what came with it. */
struct event_facts {
	const char *outcome, *reason, *agency, *follow_up, *method, *note;
};

/* Record a step taken: on is the day it was done (NULL for a step recorded
 * when the case opens, dated by the case's 受付日). */
static enum md_status
insert_event(struct md_db *db, const struct md_user *actor, long long case_id,
	     const char *step, const struct event_facts *ef, long long record_id,
	     int revision, const char *on, struct md_err *err)
{
	const char *outcome = ef->outcome, *reason = ef->reason,
		   *agency = ef->agency, *follow_up = ef->follow_up;
	sqlite3_stmt *q = md_db_stmt(db, sql_event_insert, err);
	if (!q)
		return err->status;
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, step, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, outcome ? outcome : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, agency ? agency : "", -1, SQLITE_STATIC);
	if (follow_up && *follow_up)
		sqlite3_bind_text(q, 6, follow_up, -1, SQLITE_STATIC);
	if (record_id) {
		sqlite3_bind_int64(q, 7, record_id);
		sqlite3_bind_int(q, 8, revision);
	}
	sqlite3_bind_int64(q, 9, actor->id);
	sqlite3_bind_text(q, 10, now, -1, SQLITE_STATIC);
	if (on)
		sqlite3_bind_text(q, 11, on, -1, SQLITE_STATIC);
	if (ef->method)
		sqlite3_bind_text(q, 12, ef->method, -1, SQLITE_STATIC);
	if (ef->note)
		sqlite3_bind_text(q, 13, ef->note, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "手順の記録", err);
}

/* The next evaluation: the decision date plus the configured months; past
 * the last interval, every step between the last two. */
static void
next_evaluation(const struct md_config *cfg, const char *decided, int done,
		char out[MD_DATE_SIZE])
{
	struct md_date d;
	out[0] = '\0';
	if (md_date_from_iso(decided, &d, NULL) != MD_OK ||
	    cfg->workflow_evaluation_count < 1)
		return;
	const int *m = cfg->workflow_evaluation_months;
	int n = cfg->workflow_evaluation_count;
	int months;
	if (done < n) {
		months = m[done];
	} else {
		int step = n > 1 ? m[n - 1] - m[n - 2] : m[0];
		months = m[n - 1] + (done - n + 1) * step;
	}
	md_date_iso(md_date_add_months(d, months), out);
}

/* A NULL day or reason of closing keeps the case's own. */
static const char sql_case_update[] =
	"UPDATE cases SET stage = ?2, status = ?3,"
	" closed_on = CASE WHEN ?3 = 'closed' THEN coalesce(?4, closed_on) END,"
	" close_reason = CASE WHEN ?3 = 'closed' THEN coalesce(?5, close_reason) END,"
	" plan_decided_on = ?6, next_eval_on = ?7, follow_up_on = ?8,"
	" updated_at = ?9 WHERE id = ?1";

/* Bring the case row in line with the state after a step: on and
 * close_reason NULL keep the day and reason the case was closed (a step
 * taken on a closed case). The follow-up still due is the state's. */
static enum md_status
update_case(struct md_db *db, const struct md_config *cfg,
	    const struct state *st, long long case_id, const char *stage,
	    const char *on, const char *close_reason, struct md_err *err)
{
	char decided[MD_DATE_SIZE] = "", next[MD_DATE_SIZE] = "";
	if (st->decision >= 0) {
		/* The day the plan was decided; evaluations (3, 6, 12
		 * months) count from it, 001 第9条(9). */
		int evals = 0;
		for (size_t k = (size_t)st->decision + 1; k < st->nevs; k++)
			if (st->evs[k].step >= 0 &&
			    st->wf->steps[st->evs[k].step].pub.evaluation)
				evals++;
		snprintf(decided, sizeof decided, "%s", st->evs[st->decision].on);
		if (!st->closed)
			next_evaluation(cfg, decided, evals, next);
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_stmt *q = md_db_stmt(db, sql_case_update, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, st->closed ? "closed" : "open", -1, SQLITE_STATIC);
	if (st->closed && on) {
		sqlite3_bind_text(q, 4, on, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, close_reason ? close_reason : "", -1,
				  SQLITE_STATIC);
	}
	if (decided[0])
		sqlite3_bind_text(q, 6, decided, -1, SQLITE_STATIC);
	if (next[0])
		sqlite3_bind_text(q, 7, next, -1, SQLITE_STATIC);
	/* 001 第9条(5)イ・(9)エ: the follow-up date set last, until a
	 * follow-up meets it. */
	if (st->follow_up_due)
		sqlite3_bind_text(q, 8, st->evs[st->follow_up].follow_up_on, -1,
				  SQLITE_STATIC);
	sqlite3_bind_text(q, 9, now, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	return src == SQLITE_DONE ? MD_OK
				  : md_db_fail(db, src, "ケースの更新", err);
}

static const char sql_freezes_clear[] =
	"DELETE FROM record_freezes WHERE record_id IN"
	" (SELECT id FROM form_records WHERE case_id = ?1)";
static const char sql_freeze_insert[] =
	"INSERT OR REPLACE INTO record_freezes (record_id, event_id, why)"
	" VALUES (?1, ?2, ?3)";

/* The steps that change what a step (with outcome oc) froze. */
static const struct change_by *
change_by_of(const struct step_def *s, const struct md_wf_outcome *oc)
{
	if (oc && oc->freezes) {
		size_t o = (size_t)(oc - s->pub.outcomes);
		return &s->extras[o].change_by;
	}
	return &s->change_by;
}

char *
md_workflow_freeze_why(const struct md_workflow *wf, const char *step_id,
		       const char *outcome, const char *on, int seq,
		       int current)
{
	int i = step_index(wf, step_id);
	if (i < 0)
		return NULL;
	const struct step_def *s = &wf->steps[i];
	const struct md_wf_outcome *oc = outcome_of(s, outcome, NULL);
	const struct md_form *form = freezes_of(s, oc);
	if (!form)
		return NULL;
	const struct change_by *cb = change_by_of(s, oc);
	char day[64];
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b, "%s(%s)", form->number, form->title);
	if (seq > 1)
		md_buf_addf(&b, "の %d 回目", seq);
	md_buf_addf(&b, "は、%sの%s%s%s%sで確定しています。", date_words(on, day),
		    s->pub.label, oc ? "(" : "", oc ? oc->label : "", oc ? ")" : "");
	if (seq != current) {
		md_buf_addf(&b,
			    "確定した記録としてそのまま残ります。いまの回(%d 回目)を開いてください",
			    current);
	} else {
		md_buf_adds(&b, "内容を変えるには、ケース画面で手順");
		for (size_t k = 0; k < cb->n; k++)
			if (cb->steps[k] >= 0)
				md_buf_addf(&b, "%s「%s」", k ? "か" : "",
					    wf->steps[cb->steps[k]].pub.label);
		md_buf_adds(&b, "を記録してください(確定した内容は履歴に残ります)");
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

/* Write which forms of the case stand frozen, from the replayed state:
 * md_record_save reads them (records.h). */
static enum md_status
freezes_write(struct md_db *db, const struct state *st, long long case_id,
	      struct md_err *err)
{
	sqlite3_stmt *q = md_db_stmt(db, sql_freezes_clear, err);
	if (!q)
		return err->status;
	sqlite3_bind_int64(q, 1, case_id);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	if (src != SQLITE_DONE)
		return md_db_fail(db, src, "確定した様式の記録", err);
	enum md_status rc = MD_OK;
	for (size_t k = 0; k < st->nfrz && rc == MD_OK; k++) {
		const struct frz *z = &st->frz[k];
		const struct ev *e = &st->evs[z->ev];
		long long rid = 0;
		if ((rc = md_record_find(db, case_id, z->form->id, z->seq, &rid,
					 err)) != MD_OK || !rid)
			continue;
		char *why = md_workflow_freeze_why(st->wf, e->step_id, e->outcome,
						   e->on, z->seq,
						   form_round(st, z->form));
		if (!why) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		if (!(q = md_db_stmt(db, sql_freeze_insert, err))) {
			md_free(why);
			return err->status;
		}
		sqlite3_bind_int64(q, 1, rid);
		sqlite3_bind_int64(q, 2, e->id);
		sqlite3_bind_text(q, 3, why, -1, SQLITE_TRANSIENT);
		src = sqlite3_step(q);
		sqlite3_reset(q);
		md_free(why);
		if (src != SQLITE_DONE)
			rc = md_db_fail(db, src, "確定した様式の記録", err);
	}
	return rc;
}

/* The value round_sets writes: the round, or for a choice its first option
 * (初回) in round 1 and its second (再アセスメント) after. */
static const char *
round_value(const struct ref *r, int round, char buf[16])
{
	if (!r->field)
		return NULL;
	if (r->field->type == MD_FIELD_NUMBER) {
		snprintf(buf, 16, "%d", round);
		return buf;
	}
	if (r->field->noptions == 0)
		return NULL;
	return r->field->options[round > 1 && r->field->noptions > 1 ? 1 : 0];
}

/* Typed inputs of a take, checked and normalised. */
struct inputs {
	const struct md_wf_outcome *oc;
	size_t oi;
	char *agency; /* the agency's name, as the catalogue has it */
	char *reason;
	const char *method; /* one of the step's methods */
	char *note;
	char follow_up[MD_DATE_SIZE];
	char on[MD_DATE_SIZE];
};

/*
 * 001 第9条・第10条: a step is done on or after the case's 受付日 and the day
 * of every step it depends on (the steps its needs name that are done): a
 * decision never comes before its meeting.
 */
static enum md_status
check_date_order(const struct state *st, size_t i, const char *on,
		 struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	char a[64], b[64];
	if (st->received[0] && strcmp(on, st->received) < 0)
		return md_err_set(err, MD_ERR_INVALID,
				  "%sの日付(%s)は、このケースの受付日(%s)より前です。手順を行った日を入力してください(受付日は第1号様式で直せます)",
				  s->pub.label, date_words(on, a),
				  date_words(st->received, b));
	for (size_t k = 0; k < s->nneeds; k++)
		for (size_t al = 0; al < s->needs[k].n; al++)
			for (size_t t = 0; t < s->needs[k].alts[al].n; t++) {
				const struct term *tm = &s->needs[k].alts[al].terms[t];
				const struct ev *e = NULL;
				if (tm->negate)
					continue;
				if ((tm->cond == COND_DONE || tm->cond == COND_OUTCOME) &&
				    st->done[tm->step] >= 0)
					e = &st->evs[st->done[tm->step]];
				/* A follow-up comes after what set its date. */
				else if (tm->cond == COND_DUE && st->follow_up_due)
					e = &st->evs[st->follow_up];
				if (e && strcmp(on, e->on) < 0)
					return md_err_set(err, MD_ERR_INVALID,
							  "%sの日付(%s)は、先に行った「%s」の日(%s)より前です。手順を行った日を入力してください",
							  s->pub.label, date_words(on, a),
							  md_workflow_stage_label(st->wf, e->step_id),
							  date_words(e->on, b));
			}
	return MD_OK;
}

/* A text of several lines typed with a step (a reason, a note), checked
 * and kept in *out (md_free) with its line breaks as LF, trimmed. */
static enum md_status
text_input(const char *typed, const char *what, char **out,
	   struct md_err *err)
{
	enum md_status rc = md_text_check(typed, true, what, err);
	if (rc != MD_OK)
		return rc;
	*out = md_strdup(typed);
	if (!*out)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_text_trim(md_text_newlines(*out));
	return MD_OK;
}

/* How the step was done (one of its methods) and its note, where it takes
 * them (001 第9条(5)イ・(9)エ: how the follow-up was checked). */
static enum md_status
check_method_note(const struct step_def *s, const struct md_take *take,
		  struct inputs *in, struct md_err *err)
{
	const char *label = s->pub.label;
	const char *typed = take->method;
	if (typed && *typed && !s->pub.nmethods)
		return md_err_set(err, MD_ERR_INVALID, "%sでは方法を記録しません", label);
	if (s->pub.nmethods) {
		size_t k = typed && *typed ? match_label(typed, s->pub.methods,
							  s->pub.nmethods)
					   : s->pub.nmethods;
		if (k == LABEL_NOMEM)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		if (k == s->pub.nmethods) {
			struct md_buf b;
			md_buf_init(&b);
			label_list(s->pub.methods, s->pub.nmethods, &b);
			enum md_status rc =
			    typed && *typed
				? md_err_set(err, MD_ERR_INVALID,
					     "%sの方法に「%s」はありません(%s)", label,
					     typed, md_buf_str(&b))
				: md_err_set(err, MD_ERR_INVALID,
					     "%sの方法を選んでください(%s)", label,
					     md_buf_str(&b));
			md_buf_fini(&b);
			return rc;
		}
		in->method = s->pub.methods[k];
	}
	if (take->note && *take->note) {
		if (s->pub.note == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID, "%sではメモを記録しません",
					  label);
		enum md_status rc = text_input(take->note, "メモ", &in->note, err);
		if (rc != MD_OK)
			return rc;
	}
	if (s->pub.note == MD_WF_REQUIRED && (!in->note || !*in->note))
		return md_err_set(err, MD_ERR_INVALID, "%sにはメモが必要です", label);
	return MD_OK;
}

static enum md_status
check_inputs(struct md_db *db, struct state *st, long long case_id, size_t i,
	     const struct md_take *take, struct inputs *in, struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	const char *label = s->pub.label;
	memset(in, 0, sizeof *in);
	md_clock_today(in->on);
	if (take->date && *take->date) {
		struct md_date d;
		struct md_err derr;
		if (md_date_parse(take->date, &d, &derr) != MD_OK)
			return md_err_set(err, MD_ERR_INVALID, "%sの日付: %s", label,
					  derr.msg);
		char iso[MD_DATE_SIZE];
		md_date_iso(d, iso);
		if (strcmp(iso, in->on) > 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "%sの日付に先の日付(%s)は入れられません", label,
					  take->date);
		memcpy(in->on, iso, sizeof in->on);
	}
	enum md_status drc = check_date_order(st, i, in->on, err);
	if (drc != MD_OK)
		return drc;
	if (s->pub.noutcomes) {
		const char *typed = take->outcome;
		if ((!typed || !*typed) && s->pub.noutcomes == 1)
			typed = s->pub.outcomes[0].label;
		if (s->outcome_from.field) {
			struct form_facts *f;
			enum md_status rc = facts_of(db, st, case_id, s->pub.form, &f, err);
			if (rc != MD_OK)
				return rc;
			typed = md_values_get(&f->values, s->outcome_from.field->key);
			if (!typed || !*typed)
				return md_err_set(err, MD_ERR_INVALID,
						  "%sを記録するには、%sの「%s」を入力してください",
						  label, s->pub.form->number,
						  s->outcome_from.field->label);
			bool nomem = false;
			if (take->outcome && *take->outcome &&
			    match_outcome(s, take->outcome, &nomem) !=
				outcome_of(s, typed, NULL))
				return nomem ? md_err_set(err, MD_ERR_NOMEM, NULL)
					     : md_err_set(err, MD_ERR_INVALID,
						  "%sの結果は%sの「%s」(%s)から記録します",
						  label, s->pub.form->number,
						  s->outcome_from.field->label, typed);
		}
		struct md_buf b;
		md_buf_init(&b);
		outcome_list(s, &b);
		enum md_status rc = MD_OK;
		bool nomem = false;
		if (!typed || !*typed)
			rc = md_err_set(err, MD_ERR_INVALID,
					"%sの結果を選んでください(%s)", label,
					md_buf_str(&b));
		else if (!(in->oc = match_outcome(s, typed, &nomem)) && nomem)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		else if (!in->oc)
			rc = md_err_set(err, MD_ERR_INVALID,
					"%sの結果に「%s」はありません(%s)", label, typed,
					md_buf_str(&b));
		md_buf_fini(&b);
		if (rc != MD_OK)
			return rc;
		in->oi = (size_t)(in->oc - s->pub.outcomes);
	} else if (take->outcome && *take->outcome) {
		return md_err_set(err, MD_ERR_INVALID, "%sには結果を選ぶ必要はありません",
				  label);
	}
	const struct md_wf_outcome *oc = in->oc;
	enum md_wf_input agency = oc ? oc->agency : MD_WF_NONE;
	enum md_wf_input follow = oc ? oc->follow_up : MD_WF_NONE;
	enum md_wf_input reason = oc ? oc->reason : MD_WF_NONE;
	const char *what = oc ? oc->label : label;
	if (take->agency && *take->agency) {
		if (agency == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID,
					  "「%s」ではつなぎ先を記録しません", what);
		enum md_status rc = check_agency(db, &s->pub, oc, take->agency,
						 &in->agency, err);
		if (rc != MD_OK)
			return rc;
	} else if (agency == MD_WF_REQUIRED) {
		return oc->agency_kind
			       ? md_err_set(err, MD_ERR_INVALID,
					    "「%s」にはつなぎ先(種別「%s」の関係機関)が必要です",
					    what, oc->agency_kind)
			       : md_err_set(err, MD_ERR_INVALID,
					    "「%s」にはつなぎ先(関係機関)が必要です", what);
	}
	if (take->follow_up && *take->follow_up) {
		if (follow == MD_WF_NONE)
			return md_err_set(err, MD_ERR_INVALID,
					  "「%s」ではフォローアップ予定日を記録しません", what);
		struct md_date d;
		struct md_err derr;
		if (md_date_parse(take->follow_up, &d, &derr) != MD_OK)
			return md_err_set(err, MD_ERR_INVALID, "フォローアップ予定日: %s",
					  derr.msg);
		md_date_iso(d, in->follow_up);
		char a[64], b[64];
		if (strcmp(in->follow_up, in->on) < 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "フォローアップ予定日(%s)は、%sの日(%s)より前にはできません",
					  date_words(in->follow_up, a), label,
					  date_words(in->on, b));
	} else if (follow == MD_WF_REQUIRED) {
		return md_err_set(err, MD_ERR_INVALID,
				  "「%s」にはフォローアップの予定日が必要です(001 第9条(5))",
				  what);
	}
	if (take->reason && *take->reason) {
		enum md_status rc = text_input(take->reason, "理由", &in->reason, err);
		if (rc != MD_OK)
			return rc;
	}
	if (reason == MD_WF_REQUIRED && (!in->reason || !*in->reason))
		return md_err_set(err, MD_ERR_INVALID, "「%s」には理由が必要です", what);
	return check_method_note(s, take, in, err);
}

/* Refuse unless step i is open for actor; message names what is missing. */
static enum md_status
check_open(struct md_db *db, const struct md_user *actor, struct state *st,
	   long long case_id, size_t i, struct md_err *err)
{
	const struct step_def *s = &st->wf->steps[i];
	enum md_step_state state;
	struct md_buf why;
	md_buf_init(&why);
	enum md_status rc = step_state(db, st, case_id, i, &state, &why, err);
	if (rc == MD_OK && state == MD_STEP_DONE) {
		const struct ev *e = &st->evs[st->done[i]];
		char at[MD_DISPLAY_WHEN_SIZE];
		rc = md_err_set(err, MD_ERR_CLOSED,
				"手順「%s」はすでに記録されています(%s %s)",
				s->pub.label,
				md_display_when(e->at, MD_DATE_LONG, at), e->by);
	} else if (rc == MD_OK && state == MD_STEP_CLOSED) {
		rc = md_err_set(err, MD_ERR_CLOSED, "手順「%s」はまだ行えません: %s",
				s->pub.label, md_buf_str(&why));
	} else if (rc == MD_OK && !(s->pub.roles & (1u << actor->role))) {
		rc = refuse_role(&s->pub, actor, err);
	}
	md_buf_fini(&why);
	return rc;
}

enum md_status
md_workflow_take(struct md_db *db, const struct md_user *actor,
		 const struct md_workflow *wf, const struct md_forms *forms,
		 const struct md_config *cfg, long long case_id,
		 const char *step_id, const struct md_take *take,
		 struct md_err *err)
{
	static const struct md_take none = {.outcome = NULL};
	if (!take)
		take = &none;
	int i = step_index(wf, step_id);
	if (i < 0)
		return md_err_set(err, MD_ERR_NOTFOUND, "手順「%s」はありません", step_id);
	const struct step_def *s = &wf->steps[i];
	enum md_status rc = md_auth_require(db, actor, false, "手順の記録", err);
	if (rc != MD_OK)
		return rc;
	struct state st;
	struct inputs in;
	struct writes w = {.n = 0};
	memset(&in, 0, sizeof in);
	memset(&st, 0, sizeof st);
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	bool was_closed = false;
	if ((rc = case_must_exist(db, case_id, &was_closed, err)) != MD_OK ||
	    (rc = state_load(db, wf, case_id, &st, err)) != MD_OK ||
	    (rc = check_open(db, actor, &st, case_id, (size_t)i, err)) != MD_OK ||
	    (rc = check_inputs(db, &st, case_id, (size_t)i, take, &in, err)) != MD_OK)
		goto out;

	/* The form this step fills: complete where it must be. */
	long long record_id = 0;
	int revision = 0;
	int round = st.round[i];
	if (s->pub.form) {
		struct form_facts *f;
		if ((rc = facts_of(db, &st, case_id, s->pub.form, &f, err)) != MD_OK)
			goto out;
		record_id = f->exists ? f->record_id : 0;
		revision = f->revision;
		if (s->pub.complete && !(f->exists && f->complete)) {
			struct md_record rec;
			struct md_buf missing;
			md_buf_init(&missing);
			if (md_record_load(db, actor, forms, case_id, s->pub.form->id,
					   f->exists ? f->seq : MD_SEQ_LATEST, &rec,
					   err) == MD_OK) {
				md_form_missing(s->pub.form, &rec.values, &missing);
				md_record_fini(&rec);
			}
			rc = md_err_set(err, MD_ERR_INVALID,
					"%sを記録するには、%s(%s)の ※ 項目をすべて入力して保存してください(未入力: %s)",
					s->pub.label, s->pub.form->number,
					s->pub.form->title,
					missing.len ? md_buf_str(&missing) : "まだ保存されていません");
			md_buf_fini(&missing);
			goto out;
		}
	}

	/* What the step writes on its forms. */
	char rbuf[16];
	const struct outcome_extra *ex = in.oc ? &s->extras[in.oi] : NULL;
	if ((rc = write_add(&w, &s->sets, in.oc ? in.oc->label : NULL, err)) ||
	    (rc = write_add(&w, &s->date_sets, in.on, err)) ||
	    (rc = write_add(&w, &s->round_sets, round_value(&s->round_sets, round, rbuf),
			    err)))
		goto out;
	if (ex && ((rc = write_add(&w, &ex->agency_sets, in.agency, err)) ||
		   (rc = write_add(&w, &ex->follow_up_sets,
				   in.follow_up[0] ? in.follow_up : NULL, err)) ||
		   (rc = write_add(&w, &ex->reason_sets, in.reason, err)) ||
		   (rc = write_add(&w, &ex->date_sets, in.on, err))))
		goto out;
	for (size_t k = 0; k < w.n; k++) {
		rc = apply_write(db, actor, forms, case_id, form_round(&st, w.items[k].form),
				 &w.items[k], err);
		if (rc != MD_OK)
			goto out;
		if (w.items[k].form == s->pub.form) {
			/* The event links the revision the step wrote. */
			struct md_values latest;
			long long rid = 0;
			int rev = 0;
			md_values_init(&latest);
			rc = md_record_find(db, case_id, s->pub.form->id, round, &rid,
					    err);
			if (rc == MD_OK && rid)
				rc = md_record_latest(db, rid, &latest, &rev, err);
			md_values_fini(&latest);
			if (rc != MD_OK)
				goto out;
			record_id = rid;
			revision = rev;
		}
	}

	const struct event_facts ef = {in.oc ? in.oc->label : "", in.reason,
				       in.agency, in.follow_up, in.method,
				       in.note};
	rc = insert_event(db, actor, case_id, s->pub.id, &ef, record_id,
			  revision, in.on, err);
	if (rc != MD_OK)
		goto out;
	/* Replay with the new event to know the state it leads to. */
	state_fini(&st);
	if ((rc = state_load(db, wf, case_id, &st, err)) != MD_OK)
		goto out;
	if (in.oc && in.oc->new_round && in.oc->back_to >= 0) {
		for (size_t j = (size_t)in.oc->back_to; j < wf->n && rc == MD_OK; j++)
			if (wf->steps[j].pub.form && !wf->steps[j].per_take_round &&
			    !wf->steps[j].pub.side)
				rc = create_round(db, case_id, wf->steps[j].pub.form,
						  st.round[j], err);
	}
	if (rc == MD_OK && s->per_take_round && !st.closed &&
	    !(in.oc && in.oc->last_round))
		rc = create_round(db, case_id, s->pub.form, st.round[i], err);
	if (rc == MD_OK)
		rc = freezes_write(db, &st, case_id, err);
	/* A step taken on a closed case (a follow-up) leaves the day and the
	 * reason it was closed as they were: it stays closed (001 第9条(9)). */
	bool keep = was_closed && s->pub.after_close;
	if (rc == MD_OK)
		rc = update_case(db, cfg, &st, case_id, s->pub.id,
				 keep ? NULL : in.on,
				 in.oc && !keep ? in.oc->close_reason : NULL, err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("%s%s%s%s%s%s%s%s", s->pub.label,
					   in.oc ? ": " : "", in.oc ? in.oc->label : "",
					   in.method ? "(" : "", in.method ? in.method : "",
					   in.method ? ")" : "",
					   in.agency ? " → " : "", in.agency ? in.agency : "");
		rc = detail ? md_audit_add(db, actor->id, MD_AUDIT_STEP, case_id, 0,
					   detail, err)
			    : md_err_set(err, MD_ERR_NOMEM, NULL);
		md_free(detail);
	}
out:
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_ERR_DENIED)
		md_audit_denied(db, actor->id, case_id, err->msg);
	writes_fini(&w);
	md_free(in.agency);
	md_free(in.reason);
	md_free(in.note);
	state_fini(&st);
	return rc;
}

enum md_status
md_workflow_open_case(struct md_db *db, const struct md_user *actor,
		      const struct md_workflow *wf,
		      const struct md_forms *forms, long long person_id,
		      const struct md_values *fields, long long *case_id,
		      struct md_values *faults, struct md_err *err)
{
	long long id = 0;
	/* Checked before the transaction, so the refusal's audit row stays. */
	enum md_status rc = md_auth_require(db, actor, false, "ケースの作成", err);
	if (rc != MD_OK || (rc = md_db_begin(db, err)) != MD_OK)
		return rc;
	rc = md_case_create(db, actor, forms, person_id, fields, &id, faults, err);
	const char *stage = NULL;
	for (size_t i = 0; rc == MD_OK && i < wf->n; i++) {
		if (!wf->steps[i].pub.autostart)
			continue;
		/* A step recorded when the case opens is still recorded in
		 * the actor's name: only by the roles that may take it. */
		const struct md_wf_step *s = &wf->steps[i].pub;
		if (!(s->roles & (1u << actor->role))) {
			rc = refuse_role(s, actor, err);
			break;
		}
		static const struct event_facts none = {NULL, NULL, NULL,
							NULL, NULL, NULL};
		rc = insert_event(db, actor, id, wf->steps[i].pub.id, &none, 0, 0,
				  NULL, err);
		stage = wf->steps[i].pub.id;
	}
	if (rc == MD_OK && stage) {
		static const char sql[] = "UPDATE cases SET stage = ?2 WHERE id = ?1";
		sqlite3_stmt *q = md_db_stmt(db, sql, err);
		if (!q) {
			rc = err->status;
		} else {
			sqlite3_bind_int64(q, 1, id);
			sqlite3_bind_text(q, 2, stage, -1, SQLITE_STATIC);
			int src = sqlite3_step(q);
			sqlite3_reset(q);
			if (src != SQLITE_DONE)
				rc = md_db_fail(db, src, "ケースの作成", err);
		}
	}
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_ERR_DENIED)
		md_audit_denied(db, actor->id, 0, err->msg);
	if (rc == MD_OK && case_id)
		*case_id = id;
	return rc;
}

static const char sql_reopen_case[] =
	"UPDATE cases SET status = 'open', closed_on = NULL, close_reason = NULL,"
	" stage = '" REOPEN_STEP "', updated_at = ?2 WHERE id = ?1";

enum md_status
md_workflow_reopen(struct md_db *db, const struct md_user *actor,
		   const struct md_workflow *wf, long long case_id,
		   const char *reason, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false, "ケースの再開", err);
	if (rc != MD_OK)
		return rc;
	/* 001: the chief consultant manages the whole; 管理者 keeps records. */
	if (actor->role != MD_ROLE_CHIEF && actor->role != MD_ROLE_ADMIN) {
		rc = md_err_set(err, MD_ERR_DENIED,
				"終結したケースを再開できるのは主任相談支援員と管理者です(%s さんは %s)",
				actor->display_name, md_role_label(actor->role));
		md_audit_denied(db, actor->id, case_id, err->msg);
		return rc;
	}
	if (!reason || !*reason)
		return md_err_set(err, MD_ERR_INVALID, "再開の理由を入力してください");
	if ((rc = md_text_check(reason, true, "再開の理由", err)) != MD_OK)
		return rc;
	/* A lone CR is a line break, as in a form's values. */
	char *lf = md_strdup(reason);
	if (!lf)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	reason = md_text_newlines(lf);
	rc = md_db_begin(db, err);
	if (rc != MD_OK) {
		md_free(lf);
		return rc;
	}
	bool closed = false;
	if ((rc = case_must_exist(db, case_id, &closed, err)) != MD_OK)
		goto out;
	if (!closed) {
		rc = md_err_set(err, MD_ERR_INVALID, "ケース %lld は終結していません",
				case_id);
		goto out;
	}
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	const struct event_facts ef = {NULL, reason, NULL, NULL, NULL, NULL};
	if ((rc = insert_event(db, actor, case_id, REOPEN_STEP, &ef, 0, 0, today,
			       err)) != MD_OK)
		goto out;
	sqlite3_stmt *q = md_db_stmt(db, sql_reopen_case, err);
	if (!q) {
		rc = err->status;
		goto out;
	}
	char now[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(now);
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
	int src = sqlite3_step(q);
	sqlite3_reset(q);
	if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "ケースの再開", err);
		goto out;
	}
	/* What the closing step froze stands no more. */
	struct state st;
	rc = state_load(db, wf, case_id, &st, err);
	if (rc == MD_OK)
		rc = freezes_write(db, &st, case_id, err);
	state_fini(&st);
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, MD_AUDIT_REOPEN, case_id, 0,
				  reason, err);
out:
	md_free(lf);
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

void
md_dues_free(struct md_due *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(d[i].name);
		md_free(d[i].kana);
		md_free(d[i].staff);
		md_free(d[i].due_on);
	}
	md_free(d);
}

/* Each kind walks the index of its date and stops at ?2 rows (-1: none);
 * the three are then merged. Without statistics SQLite would rather take
 * cases_stage (status = 'open') and sort every open case. An appointment
 * (the 次回予定日 of a progress entry, from ?3 on) stands while no later
 * entry of the case names another and none is dated on or after it. */
static const char sql_due[] =
	"SELECT * FROM (SELECT c.id, p.name, p.kana, coalesce(u.display_name, ''),"
	" 0, c.next_eval_on AS due"
	" FROM cases c INDEXED BY cases_next_eval"
	" JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" WHERE c.status = 'open' AND c.next_eval_on <= ?1"
	" ORDER BY c.next_eval_on, c.id LIMIT ?2)"
	" UNION ALL "
	"SELECT * FROM (SELECT c.id, p.name, p.kana, coalesce(u.display_name, ''),"
	" 1, c.follow_up_on AS due"
	" FROM cases c JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" WHERE c.follow_up_on <= ?1"
	" ORDER BY c.follow_up_on, c.id LIMIT ?2)"
	" UNION ALL "
	"SELECT * FROM (SELECT c.id, p.name, p.kana, coalesce(u.display_name, ''),"
	" 2, r.appointment_on AS due"
	" FROM form_records r INDEXED BY form_records_appointment"
	" JOIN cases c ON c.id = r.case_id"
	" JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" WHERE r.appointment_on >= ?3 AND r.appointment_on <= ?1"
	" AND c.status = 'open'"
	" AND NOT EXISTS (SELECT 1 FROM form_records l"
	"  WHERE l.case_id = r.case_id AND l.form = r.form"
	"  AND l.entry_date >= r.appointment_on)"
	" AND NOT EXISTS (SELECT 1 FROM form_records l"
	"  WHERE l.case_id = r.case_id AND l.form = r.form"
	"  AND l.appointment_on IS NOT NULL AND (l.entry_date > r.entry_date"
	"  OR (l.entry_date = r.entry_date AND l.seq > r.seq)))"
	" ORDER BY r.appointment_on, c.id LIMIT ?2)"
	" ORDER BY 6, 1 LIMIT ?2";

/* The kinds of sql_due's rows, by its fifth column. */
static const char *const due_kinds[] = {"評価", "フォローアップ", "次回予定"};

enum md_status
md_workflow_due(struct md_db *db, const struct md_user *actor, int days,
		int limit, struct md_due **out, size_t *n, struct md_err *err)
{
	*out = NULL;
	*n = 0;
	enum md_status rc = md_auth_require(db, actor, false, "予定の確認", err);
	if (rc != MD_OK)
		return rc;
	char today[MD_DATE_SIZE], until[MD_DATE_SIZE], since[MD_DATE_SIZE];
	md_clock_today(today);
	struct md_date t;
	md_date_from_iso(today, &t, NULL);
	md_date_iso(md_date_from_days(md_date_days(t) + (days > 0 ? days : 0)), until);
	md_date_iso(md_date_from_days(md_date_days(t) - (days > 0 ? days : 0)), since);
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	sqlite3_stmt *q = md_db_stmt(db, sql_due, err);
	if (!q) {
		md_db_rollback(db);
		return err->status;
	}
	sqlite3_bind_text(q, 1, until, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, limit > 0 ? limit : -1);
	sqlite3_bind_text(q, 3, since, -1, SQLITE_STATIC);
	struct md_due *arr = NULL;
	size_t count = 0;
	int src;
	while ((src = sqlite3_step(q)) == SQLITE_ROW) {
		struct md_due *p = md_realloc(arr, (count + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		arr = p;
		struct md_due *d = &arr[count++];
		d->case_id = sqlite3_column_int64(q, 0);
		d->name = md_db_column_dup(q, 1);
		d->kana = md_db_column_dup(q, 2);
		d->staff = md_db_column_dup(q, 3);
		int kind = sqlite3_column_int(q, 4);
		d->kind = due_kinds[kind >= 0 && kind <= 2 ? kind : 0];
		d->due_on = md_db_column_dup(q, 5);
		if (!d->name || !d->kana || !d->staff || !d->due_on) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		d->overdue = strcmp(d->due_on, today) < 0;
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "予定の確認", err);
	sqlite3_reset(q);
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, MD_AUDIT_VIEW, 0, 0, "予定の一覧", err);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc != MD_OK) {
		md_dues_free(arr, count);
		return rc;
	}
	*out = arr;
	*n = count;
	return MD_OK;
}
