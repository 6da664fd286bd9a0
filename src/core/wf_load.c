/* The workflow's definition: loading forms/workflow.ini and checking it
 * against the forms, and the questions answered from the definition alone. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini_int.h"
#include "madoguchi/meetings.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/wareki.h"
#include "wf_int.h"

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
int
wf_step_index_n(const struct md_workflow *wf, const char *id, size_t len)
{
	for (size_t i = 0; i < wf->n; i++) {
		const char *sid = wf->steps[i].pub.id;
		if (sid && !strncmp(sid, id, len) && sid[len] == '\0')
			return (int)i;
	}
	return -1;
}

int
wf_step_index(const struct md_workflow *wf, const char *id)
{
	return wf_step_index_n(wf, id, strlen(id));
}

const struct md_wf_step *
md_workflow_find(const struct md_workflow *wf, const char *id)
{
	int i = wf_step_index(wf, id);
	return i < 0 ? NULL : &wf->steps[i].pub;
}

size_t
md_workflow_ntracks(const struct md_workflow *wf)
{
	return wf->ntracks;
}

const struct md_wf_track *
md_workflow_track(const struct md_workflow *wf, size_t i)
{
	return i < wf->ntracks ? &wf->tracks[i].pub : NULL;
}

bool
wf_same_track(const struct md_workflow *wf, int a, int b)
{
	return wf->steps[a].track == wf->steps[b].track;
}

const char *const *
md_workflow_guide(const struct md_workflow *wf, size_t *n)
{
	*n = wf->nguide;
	return wf->nguide ? wf->guide : NULL;
}

size_t
md_workflow_waited_stages(const struct md_workflow *wf,
			  const struct md_wf_step *step, const char **stages,
			  size_t max)
{
	const struct step_def *s = (const struct step_def *)(const void *)step;
	size_t n = 0;
	for (size_t k = 0; k < s->nneeds; k++)
		for (size_t a = 0; a < s->needs[k].n; a++)
			for (size_t t = 0; t < s->needs[k].alts[a].n; t++) {
				const struct term
					*tm = &s->needs[k].alts[a].terms[t];
				if (tm->negate || tm->step < 0 ||
				    (tm->cond != COND_DONE &&
				     tm->cond != COND_OUTCOME))
					continue;
				const char *id = wf->steps[tm->step].pub.id;
				bool seen = false;
				for (size_t i = 0; i < n && !seen; i++)
					seen = !strcmp(stages[i], id);
				if (!seen && n < max)
					stages[n++] = id;
			}
	return n;
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
			for (size_t j = oc->back_to >= 0 ? (size_t)oc->back_to
							 : wf->n;
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
		md_buf_addf(&b,
			    "%s(%s)の新しい回は、手順%sを記録すると始まります(手順がその回を読むため、回は手順だけが始めます)",
			    form->number, form->title, md_buf_str(&steps));
	else
		md_buf_addf(&b,
			    "%s(%s)の新しい回はありません(手順が 1 回だけ読む様式です)",
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
const char *
wf_date_words(const char *iso, char buf[64])
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

static void fault(struct loader *ld, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fault(struct loader *ld, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	md_diags_vadd(ld->diags, ld->path, line, fmt, ap);
	va_end(ap);
}

/* A value of the definition: "key =" reads as no key at all. */
static const char *
get(struct loader *ld, const char *section, const char *key)
{
	return md_ini_value(ld->ini, section, key, MD_INI_EMPTY_IS_ABSENT);
}

static bool
flag(struct loader *ld, const char *section, const char *key)
{
	return md_ini_flag(ld->ini, ld->diags, section, key, false,
			   MD_INI_EMPTY_IS_ABSENT);
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
			fault(ld, line,
			      "[%s]: 「%s」は様式の id だけで書いてください",
			      section, text);
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
		resolve_ref(ld, v, true, section,
			    md_ini_key_line(ld->ini, section, key), out);
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
		{"done ", COND_DONE},         {"outcome ", COND_OUTCOME},
		{"complete ", COND_COMPLETE}, {"yes ", COND_YES},
		{"filled ", COND_FILLED},     {"has ", COND_HAS},
		{"passed ", COND_PASSED},     {"due ", COND_DUE},
		{"held ", COND_HELD},         {"assigned ", COND_HELD},
	};
	size_t w = 0, nw = sizeof words / sizeof words[0];
	while (w < nw && strncmp(text, words[w].word, strlen(words[w].word)))
		w++;
	if (w == nw) {
		fault(ld, line,
		      "[%s]: 条件「%s」が読めません(done、outcome、complete、yes、filled、has、passed、due、held、assigned のどれかで始めてください)",
		      section, text);
		return false;
	}
	t->cond = words[w].cond;
	t->line = line;
	t->tasks = !strcmp(words[w].word, "assigned ");
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
		fault(ld, line,
		      wants_value ? "[%s]: 条件「%s」には「= 値」が必要です"
				  : "[%s]: 条件「%s」に「=」は使えません",
		      section, text);
		return false;
	}
	switch (t->cond) {
	case COND_DONE:
	case COND_OUTCOME:
		*step_name = arg;
		t->value = value ? md_arena_strdup(&ld->wf->arena, value)
				 : NULL;
		return true;
	case COND_COMPLETE:
		return resolve_ref(ld, arg, false, section, line, &t->ref);
	case COND_HELD: {
		/* 004 §5(7) 4: a meeting of a type of forms/meetings.ini (its
		 * section), checked against that file by
		 * md_workflow_check_meetings. */
		bool ok = *arg && strlen(arg) < 40;
		for (const char *p = arg; *p && ok; p++)
			ok = (*p >= 'a' && *p <= 'z') ||
			     (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9') || *p == '_';
		if (!ok) {
			fault(ld, line,
			      "[%s]: 条件「%s」の会議の種類は forms/meetings.ini のセクション名(英数字と _)で書いてください",
			      section, text);
			return false;
		}
		t->value = md_arena_strdup(&ld->wf->arena, arg);
		return true;
	}
	case COND_DUE:
		/* The one date a step meets: the follow-up's. */
		if (strcmp(arg, "follow_up")) {
			fault(ld, line,
			      "[%s]: 条件「due %s」は due follow_up と書いてください",
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
			fault(ld, line,
			      "[%s]: yes %s は「はい・いいえ」(yesno)の項目に使ってください",
			      section, arg);
			return false;
		}
		break;
	case COND_PASSED:
		if (f->type != MD_FIELD_DATE) {
			fault(ld, line,
			      "[%s]: passed %s は日付(date)の項目に使ってください",
			      section, arg);
			return false;
		}
		break;
	case COND_HAS:
		if (f->type != MD_FIELD_MULTI && f->type != MD_FIELD_CHOICE) {
			fault(ld, line,
			      "[%s]: has %s は選択(choice、multi)の項目に使ってください",
			      section, arg);
			return false;
		}
		t->value = find_option(f, value);
		if (!t->value) {
			fault(ld, line,
			      "[%s]: %s の選択肢に「%s」はありません(または 1 つに決まりません)",
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
	int line = md_ini_key_line(ld->ini, section, key);
	char **parts = NULL;
	size_t n = split(ld, v, '|', &parts);
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			fault(ld, line, "[%s] の %s に空の%sがあります",
			      section, key, noun);
		for (size_t k = 0; parts[i] && k < i; k++)
			if (parts[k] && !strcmp(parts[k], parts[i]))
				fault(ld, line,
				      "[%s] の %s の「%s」が重複しています",
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
	need->alts = md_arena_alloc(&ld->wf->arena,
				    (na ? na : 1) * sizeof *need->alts);
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
				fault(ld, line,
				      "[%s] の %s に空の条件があります",
				      section, key);
				continue;
			}
			char *name;
			struct term *term = &alt->terms[alt->n];
			if (!parse_term(ld, section, line, terms[t], term,
					&name))
				continue;
			alt->n++;
			if (name)
				pending_add(ld, pend, term, name, section,
					    line);
		}
	}
}

static const char *const step_keys[] = {
	"label",        "help",      "form",        "complete",
	"repeat",       "auto",      "side",        "roles",
	"outcomes",     "sets",      "date_sets",   "round_sets",
	"outcome_from", "new_round", "evaluation",  "freezes",
	"change_by",    "signature", "after_close", "meets_follow_up",
	"methods",      "note",      "waiting",     "track",
};
static const char *const outcome_keys[] = {
	"close",        "close_reason", "agency",         "agency_kind",
	"agency_sets",  "follow_up",    "follow_up_sets", "reason",
	"reason_sets",  "back_to",      "new_round",      "date_sets",
	"plan_decided", "last_round",   "freezes",        "change_by",
	"ends_track",
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
	fault(ld, md_ini_key_line(ld->ini, section, key),
	      "[%s] の %s は required か optional で指定してください", section,
	      key);
	return MD_WF_NONE;
}

static unsigned
parse_roles(struct loader *ld, const char *section)
{
	const char *v = get(ld, section, "roles");
	int line = md_ini_key_line(ld->ini, section, "roles");
	if (!v) {
		fault(ld, line,
		      "[%s] に roles(その手順を記録できる役割)がありません",
		      section);
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
	int line = md_ini_key_line(ld->ini, section, "freezes");
	struct ref r = {NULL, NULL};
	if (form)
		resolve_ref(ld, form, false, section, line, &r);
	if (form && !by)
		fault(ld, line,
		      "[%s]: freezes には change_by(確定した様式を変える手順)が必要です",
		      section);
	if (by && !form)
		fault(ld, md_ini_key_line(ld->ini, section, "change_by"),
		      "[%s]: change_by は freezes と一緒に使ってください",
		      section);
	if (!form || !by)
		return r.form;
	char **names;
	size_t n = split(ld, by, '|', &names);
	cb->steps = md_arena_alloc(&ld->wf->arena,
				   (n ? n : 1) * sizeof *cb->steps);
	cb->line = md_ini_key_line(ld->ini, section, "change_by");
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
	struct md_wf_outcome *oc = md_arena_alloc(&ld->wf->arena,
						  n * sizeof *oc);
	s->extras = md_arena_alloc(&ld->wf->arena, n * sizeof *s->extras);
	if (!oc || !s->extras)
		return;
	for (size_t i = 0; i < n; i++) {
		oc[i].label = parts[i];
		oc[i].back_to = -1;
		if (!parts[i] || !*parts[i])
			fault(ld, md_ini_key_line(ld->ini, section, "outcomes"),
			      "[%s] の outcomes に空の結果があります", section);
		for (size_t k = 0; k < i; k++)
			if (parts[i] && oc[k].label &&
			    !strcmp(oc[k].label, parts[i]))
				fault(ld,
				      md_ini_key_line(ld->ini, section,
						      "outcomes"),
				      "[%s] の結果「%s」が重複しています",
				      section, parts[i]);
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
			fault(ld, it->line, "[%s] に不明なキー %s があります",
			      section, it->key);
	}
	oc->close = flag(ld, section, "close");
	const char *cr = get(ld, section, "close_reason");
	oc->close_reason = md_arena_strdup(&ld->wf->arena, cr ? cr : oc->label);
	oc->agency = input_key(ld, section, "agency");
	oc->agency_kind = get(ld, section, "agency_kind");
	if (oc->agency_kind) {
		int kl = md_ini_key_line(ld->ini, section, "agency_kind");
		if (!md_agency_kind_known(&ld->wf->kinds, oc->agency_kind))
			fault(ld, kl,
			      "[%s]: 関係機関の種別「%s」は [workflow] の agency_kinds にありません",
			      section, oc->agency_kind);
		else if (oc->agency == MD_WF_NONE)
			fault(ld, kl,
			      "[%s]: agency_kind は agency(required か optional)と使ってください",
			      section);
		oc->agency_kind = md_arena_strdup(&ld->wf->arena,
						  oc->agency_kind);
	}
	oc->follow_up = input_key(ld, section, "follow_up");
	oc->reason = input_key(ld, section, "reason");
	oc->new_round = flag(ld, section, "new_round");
	oc->last_round = flag(ld, section, "last_round");
	oc->plan_decided = flag(ld, section, "plan_decided");
	/* 004 §5(7): the track ends, not the case. */
	oc->ends_track = flag(ld, section, "ends_track");
	if (oc->ends_track) {
		int el = md_ini_key_line(ld->ini, section, "ends_track");
		if (s->track < 0)
			fault(ld, el,
			      "[%s]: ends_track は流れ(track = …)の手順の結果に使ってください(流れのない手順は close でケースを終結します)",
			      section);
		if (oc->close)
			fault(ld, el,
			      "[%s]: ends_track と close は一緒に使えません(流れだけを終えるか、ケースを終結するか)",
			      section);
		if (get(ld, section, "back_to"))
			fault(ld, el,
			      "[%s]: ends_track と back_to は一緒に使えません",
			      section);
	}
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
			pending_add(ld, back, t,
				    md_arena_strdup(&ld->wf->arena, back_to),
				    section,
				    md_ini_key_line(ld->ini, section,
						    "back_to"));
			/* Remember which outcome to fill in, through value. */
			t->value = (const char *)oc;
		}
	}
	if (ex->agency_sets.field &&
	    ex->agency_sets.field->type != MD_FIELD_AGENCY)
		fault(ld, md_ini_key_line(ld->ini, section, "agency_sets"),
		      "[%s]: agency_sets は関係機関(agency)の項目にしてください",
		      section);
	if (ex->follow_up_sets.field &&
	    ex->follow_up_sets.field->type != MD_FIELD_DATE)
		fault(ld, md_ini_key_line(ld->ini, section, "follow_up_sets"),
		      "[%s]: follow_up_sets は日付(date)の項目にしてください",
		      section);
	if (ex->date_sets.field && ex->date_sets.field->type != MD_FIELD_DATE)
		fault(ld, md_ini_key_line(ld->ini, section, "date_sets"),
		      "[%s]: date_sets は日付(date)の項目にしてください",
		      section);
}

/* track = ID: the track the step belongs to (004 §5(7)); a track is chosen
 * per case, so none of its steps is recorded when a case opens, and none
 * stands beside its line. */
static void
load_step_track(struct loader *ld, struct step_def *s, const char *section)
{
	struct md_workflow *wf = ld->wf;
	s->track = -1;
	const char *v = get(ld, section, "track");
	if (!v)
		return;
	int line = md_ini_key_line(ld->ini, section, "track");
	for (size_t t = 0; t < wf->ntracks && s->track < 0; t++)
		if (!strcmp(wf->tracks[t].pub.id, v))
			s->track = (int)t;
	if (s->track < 0) {
		fault(ld, line, "[%s]: 流れ [track.%s] はありません", section,
		      v);
		return;
	}
	s->pub.track = &wf->tracks[s->track].pub;
	if (s->pub.autostart || s->pub.side)
		fault(ld, line,
		      "[%s]: 流れの手順に auto や side は使えません(流れはケースごとに、その最初の手順を記録して始まります)",
		      section);
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
		if (!in_list(it->key, step_keys,
			     sizeof step_keys / sizeof step_keys[0]) &&
		    !numbered_key(it->key, "need.") &&
		    !numbered_key(it->key, "why."))
			fault(ld, it->line, "[%s] に不明なキー %s があります",
			      section, it->key);
	}
	const char *label = get(ld, section, "label");
	if (!label)
		fault(ld, line, "[%s] に label(手順の名前)がありません",
		      section);
	s->pub.label = md_arena_strdup(&ld->wf->arena, label ? label : id);
	const char *help = get(ld, section, "help");
	s->pub.help = md_arena_strdup(&ld->wf->arena, help ? help : "");
	const char *form = get(ld, section, "form");
	if (form) {
		struct ref r;
		if (resolve_ref(ld, form, false, section,
				md_ini_key_line(ld->ini, section, "form"), &r))
			s->pub.form = r.form;
	}
	s->pub.complete = s->pub.form &&
			  (get(ld, section, "complete")
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
	const char *waiting = get(ld, section, "waiting");
	s->pub.waiting = waiting ? md_arena_strdup(&ld->wf->arena, waiting)
				 : NULL;
	s->pub.roles = parse_roles(ld, section);
	load_step_track(ld, s, section);
	bool new_round = flag(ld, section, "new_round");
	if (new_round && !s->pub.form)
		fault(ld, md_ini_key_line(ld->ini, section, "new_round"),
		      "[%s]: new_round は様式(form)のある手順に使ってください",
		      section);
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
		fault(ld, md_ini_key_line(ld->ini, section, "signature"),
		      "[%s]: signature は「はい・いいえ」(yesno)の項目にしてください",
		      section);
	else if (s->signature.field && s->signature.form != s->pub.form)
		fault(ld, md_ini_key_line(ld->ini, section, "signature"),
		      "[%s]: signature はこの手順の様式(form)の項目にしてください(手順が署名を受けた版を記録します)",
		      section);
	if (s->sets.field && s->sets.field->type == MD_FIELD_CHOICE)
		for (size_t i = 0; i < s->pub.noutcomes; i++)
			if (s->pub.outcomes[i].label &&
			    !md_options_has(s->sets.field->options,
					    s->sets.field->noptions,
					    s->pub.outcomes[i].label))
				fault(ld,
				      md_ini_key_line(ld->ini, section,
						      "outcomes"),
				      "[%s]: 結果「%s」が %s.%s の選択肢にありません",
				      section, s->pub.outcomes[i].label,
				      s->sets.form->id, s->sets.field->key);
	if ((s->sets.field || s->outcome_from.field) && !s->pub.noutcomes)
		fault(ld, line,
		      "[%s]: sets や outcome_from には outcomes(結果の一覧)が必要です",
		      section);
	if (s->outcome_from.field && s->outcome_from.form != s->pub.form)
		fault(ld, md_ini_key_line(ld->ini, section, "outcome_from"),
		      "[%s]: outcome_from はこの手順の様式の項目にしてください",
		      section);
	if (s->date_sets.field && s->date_sets.field->type != MD_FIELD_DATE)
		fault(ld, md_ini_key_line(ld->ini, section, "date_sets"),
		      "[%s]: date_sets は日付(date)の項目にしてください",
		      section);
	if (s->round_sets.field &&
	    s->round_sets.field->type != MD_FIELD_NUMBER &&
	    s->round_sets.field->type != MD_FIELD_CHOICE)
		fault(ld, md_ini_key_line(ld->ini, section, "round_sets"),
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
		    (numbered_key(it->key, "need.") ||
		     numbered_key(it->key, "why.")) &&
		    (size_t)atoi(strchr(it->key, '.') + 1) > n)
			fault(ld, it->line,
			      "[%s] の %s は番号が飛んでいます(need.1 から順に)",
			      section, it->key);
	}
	s->needs = md_arena_alloc(&ld->wf->arena,
				  (n ? n : 1) * sizeof *s->needs);
	if (!s->needs)
		return;
	for (size_t i = 0; i < n; i++) {
		char nk[32], wk[32];
		snprintf(nk, sizeof nk, "need.%zu", i + 1);
		snprintf(wk, sizeof wk, "why.%zu", i + 1);
		const char *text = get(ld, section, nk);
		const char *why = get(ld, section, wk);
		int nline = md_ini_key_line(ld->ini, section, nk);
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
		parse_need(ld, section, nk, nline, text, why,
			   &s->needs[s->nneeds++], pend);
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
		if (s->outcomes[o].back_to < 0 ||
		    s->outcomes[o].back_to > (int)j)
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
		return t->step >= 0 && ok[t->step] &&
		       can_stay(wf, (size_t)t->step);
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
			for (size_t t = 0; t < s->needs[k].alts[a].n && all;
			     t++)
				all = term_possible(wf,
						    &s->needs[k]
							     .alts[a]
							     .terms[t],
						    ok);
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
				const struct term
					*tm = &s->needs[k].alts[a].terms[t];
				if (tm->negate || tm->cond == COND_DUE)
					continue;
				if ((tm->cond == COND_DONE ||
				     tm->cond == COND_OUTCOME) &&
				    tm->step == (int)i)
					return true;
				if (tm->cond != COND_DONE &&
				    tm->cond != COND_OUTCOME &&
				    wf->steps[i].pub.form == tm->ref.form)
					return true;
			}
	return false;
}

/*
 * Each track (004 §5(7)): it has steps and an outcome that ends it, and
 * its starts are exactly its steps that can open before any other of its
 * steps is taken (once the steps in reach can be).
 */
static void
check_tracks(struct loader *ld, const bool *reach)
{
	struct md_workflow *wf = ld->wf;
	bool *ok = md_calloc(wf->n ? wf->n : 1, sizeof *ok);
	if (!ok)
		return;
	for (size_t t = 0; t < wf->ntracks; t++) {
		const struct track_def *td = &wf->tracks[t];
		size_t nsteps = 0;
		bool ends = false;
		for (size_t i = 0; i < wf->n; i++) {
			const struct step_def *s = &wf->steps[i];
			ok[i] = reach[i] && s->track != (int)t;
			if (s->track != (int)t)
				continue;
			nsteps++;
			for (size_t o = 0; o < s->pub.noutcomes; o++)
				ends |= s->pub.outcomes[o].ends_track;
		}
		if (!nsteps) {
			fault(ld, td->line,
			      "[track.%s] の手順(track = %s)が 1 つもありません",
			      td->pub.id, td->pub.id);
			continue;
		}
		if (!ends)
			fault(ld, td->line,
			      "[track.%s] を終える結果(ends_track = yes)が 1 つもありません",
			      td->pub.id);
		for (size_t i = 0; i < wf->n; i++) {
			const struct step_def *s = &wf->steps[i];
			if (s->track != (int)t)
				continue;
			bool entry = s->nneeds && can_open(wf, s, ok);
			bool listed = false;
			for (size_t k = 0; k < td->pub.nstarts; k++)
				listed |= td->pub.starts[k] == &s->pub;
			if (entry && !listed)
				fault(ld, td->starts_line,
				      "[track.%s]: 手順 %s(%s)はこの流れの最初に開くので、starts に書いてください",
				      td->pub.id, s->pub.id, s->pub.label);
			else if (listed && !entry)
				fault(ld, td->starts_line,
				      "[track.%s]: starts の手順 %s(%s)は、この流れの他の手順のあとでなければ開きません",
				      td->pub.id, s->pub.id, s->pub.label);
		}
	}
	md_free(ok);
}

/* Steps no path reaches, and loops with no way out (a step from which no
 * course of the process reaches an outcome that closes the case; in a
 * track, one that ends the track or closes the case). */
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
			if (!reach[i] &&
			    (wf->steps[i].pub.autostart ||
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
	check_tracks(ld, reach);

	bool any_close = false;
	for (size_t i = 0; i < wf->n; i++)
		for (size_t o = 0; o < wf->steps[i].pub.noutcomes; o++)
			any_close |= wf->steps[i].pub.outcomes[o].close;
	if (!any_close && wf->n) {
		fault(ld, 1,
		      "ケースを終結する結果(close = yes)が 1 つもありません");
		goto out;
	}
	/* A step finishes when an outcome closes the case (or, in a track,
	 * ends the track), when a step of its track that follows it finishes,
	 * or when it sends the process back to a step that finishes. */
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < wf->n; i++) {
			if (finish[i] || !reach[i])
				continue;
			const struct md_wf_step *s = &wf->steps[i].pub;
			bool f = false;
			for (size_t o = 0; o < s->noutcomes && !f; o++)
				f = s->outcomes[o].close ||
				    s->outcomes[o].ends_track ||
				    (s->outcomes[o].back_to >= 0 &&
				     s->outcomes[o].back_to != (int)i &&
				     finish[s->outcomes[o].back_to]);
			for (size_t j = 0; j < wf->n && !f && can_stay(wf, i);
			     j++)
				f = j != i && finish[j] &&
				    wf_same_track(wf, (int)i, (int)j) &&
				    follows(wf, j, i);
			if (f)
				finish[i] = changed = true;
		}
	}
	for (size_t i = 0; i < wf->n; i++) {
		const struct step_def *s = &wf->steps[i];
		if (reach[i] && !finish[i] && !s->pub.side && s->track < 0)
			fault(ld, s->line,
			      "手順 %s(%s)から終結へ至る道がありません(抜け出せない繰り返し)",
			      s->pub.id, s->pub.label);
		else if (reach[i] && !finish[i] && s->track >= 0)
			fault(ld, s->line,
			      "手順 %s(%s)から流れ「%s」を終える道がありません(ends_track の結果へ至りません)",
			      s->pub.id, s->pub.label, s->pub.track->label);
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

/* [workflow] evaluation_months = 3|6|12: months from the plan decision to
 * each evaluation, 1 to 120, ascending; needed when a step is one. */
static void
load_eval_months(struct loader *ld)
{
	struct md_workflow *wf = ld->wf;
	const char *v = get(ld, "workflow", "evaluation_months");
	int line = md_ini_key_line(ld->ini, "workflow", "evaluation_months");
	if (!v) {
		for (size_t i = 0; i < wf->n; i++)
			if (wf->steps[i].pub.evaluation) {
				fault(ld, line,
				      "[workflow] に evaluation_months(プラン決定から各評価までの月数、例: 3|6|12)がありません(手順 %s は評価です)",
				      wf->steps[i].pub.id);
				break;
			}
		return;
	}
	char **parts;
	size_t n = split(ld, v, '|', &parts);
	int *m = md_arena_alloc(&wf->arena, (n ? n : 1) * sizeof *m);
	if (!m)
		return;
	for (size_t i = 0; i < n; i++) {
		char *end;
		long k = parts[i] && *parts[i] ? strtol(parts[i], &end, 10) : 0;
		if (!parts[i] || !*parts[i] || *end || k < 1 || k > 120 ||
		    (i && k <= m[i - 1])) {
			fault(ld, line,
			      "[workflow] の evaluation_months「%s」が正しくありません。1 から 120 の月数を小さい順に | で区切って指定してください(例: 3|6|12)",
			      v);
			return;
		}
		m[i] = (int)k;
	}
	wf->eval_months = m;
	wf->neval = n;
}

/* [workflow] guide.1, guide.2, …: lines without a gap. */
static void
load_guide(struct loader *ld)
{
	struct md_workflow *wf = ld->wf;
	size_t n = 0;
	char key[32];
	for (;; n++) {
		snprintf(key, sizeof key, "guide.%zu", n + 1);
		if (!md_ini_line(ld->ini, "workflow", key))
			break;
	}
	for (size_t i = 0; i < ld->ini->nkeys; i++) {
		const struct md_ini_item *it = &ld->ini->keys[i];
		if (!strcmp(it->section, "workflow") &&
		    numbered_key(it->key, "guide.") &&
		    (size_t)atoi(it->key + 6) > n)
			fault(ld, it->line,
			      "[workflow] の %s は番号が飛んでいます(guide.1 から順に)",
			      it->key);
	}
	wf->guide = md_arena_alloc(&wf->arena, (n ? n : 1) * sizeof *wf->guide);
	for (size_t i = 0; wf->guide && i < n; i++) {
		snprintf(key, sizeof key, "guide.%zu", i + 1);
		const char *v = get(ld, "workflow", key);
		wf->guide[wf->nguide++] = md_arena_strdup(&wf->arena,
							  v ? v : "");
	}
}

static const char *const track_keys[] = {"label", "cite", "help", "starts"};

/* Whether id is a step's or a track's: ASCII lower-case letters, digits and
 * "_", shorter than 40 bytes. */
static bool
valid_id(const char *id)
{
	bool ok = *id && strlen(id) < 40;
	for (const char *p = id; *p && ok; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		     *p == '_';
	return ok;
}

/* Each [track.ID] (004 §5(7) 多機関協働): its id, label, cite and help; its
 * starts are resolved once the steps are known (load_starts). */
static void
load_tracks(struct loader *ld)
{
	struct md_workflow *wf = ld->wf;
	struct md_ini *ini = ld->ini;
	size_t n = 0;
	for (size_t i = 0; i < ini->nsections; i++)
		n += !strncmp(ini->sections[i].section, "track.", 6);
	wf->tracks = md_arena_alloc(&wf->arena,
				    (n ? n : 1) * sizeof *wf->tracks);
	if (!wf->tracks)
		return;
	for (size_t i = 0; i < ini->nsections; i++) {
		const char *name = ini->sections[i].section;
		int line = ini->sections[i].line;
		if (strncmp(name, "track.", 6))
			continue;
		if (!valid_id(name + 6)) {
			fault(ld, line,
			      "[%s] の流れの id は英小文字・数字・_ で書いてください",
			      name);
			continue;
		}
		for (size_t k = 0; k < ini->nkeys; k++) {
			const struct md_ini_item *it = &ini->keys[k];
			if (!strcmp(it->section, name) &&
			    !in_list(it->key, track_keys,
				     sizeof track_keys / sizeof track_keys[0]))
				fault(ld, it->line,
				      "[%s] に不明なキー %s があります", name,
				      it->key);
		}
		struct track_def *t = &wf->tracks[wf->ntracks++];
		memset(t, 0, sizeof *t);
		t->line = line;
		t->pub.id = md_arena_strdup(&wf->arena, name + 6);
		const char *label = get(ld, name, "label");
		if (!label)
			fault(ld, line, "[%s] に label(流れの名前)がありません",
			      name);
		const char *cite = get(ld, name, "cite");
		const char *help = get(ld, name, "help");
		t->pub.label = md_arena_strdup(&wf->arena,
					       label ? label : name + 6);
		t->pub.cite = md_arena_strdup(&wf->arena, cite ? cite : "");
		t->pub.help = md_arena_strdup(&wf->arena, help ? help : "");
		t->starts_line = md_ini_key_line(ini, name, "starts");
		if (!get(ld, name, "starts"))
			fault(ld, line,
			      "[%s] に starts(流れを始める手順)がありません",
			      name);
	}
}

/* starts = STEP | …: the steps that begin each track, each a step of it. */
static void
load_starts(struct loader *ld)
{
	struct md_workflow *wf = ld->wf;
	for (size_t t = 0; t < wf->ntracks; t++) {
		struct track_def *td = &wf->tracks[t];
		char section[64];
		snprintf(section, sizeof section, "track.%s", td->pub.id);
		const char *v = get(ld, section, "starts");
		char **names = NULL;
		size_t n = v ? split(ld, v, '|', &names) : 0;
		const struct md_wf_step *
			*starts = md_arena_alloc(&wf->arena,
						 (n ? n : 1) * sizeof *starts);
		if (!starts)
			return;
		for (size_t i = 0; i < n; i++) {
			int si = names[i] ? wf_step_index(wf, names[i]) : -1;
			if (si < 0)
				fault(ld, td->starts_line,
				      "[%s]: starts の手順 %s はありません",
				      section, names[i] ? names[i] : "");
			else if (wf->steps[si].track != (int)t)
				fault(ld, td->starts_line,
				      "[%s]: starts の手順 %s はこの流れの手順ではありません(track = %s がありません)",
				      section, names[i], td->pub.id);
			else
				starts[td->pub.nstarts++] = &wf->steps[si].pub;
		}
		td->pub.starts = starts;
	}
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
		    strcmp(ini->keys[i].key, "agency_kinds") &&
		    strcmp(ini->keys[i].key, "evaluation_months") &&
		    !numbered_key(ini->keys[i].key, "guide."))
			fault(ld, ini->keys[i].line,
			      "[workflow] に不明なキー %s があります",
			      ini->keys[i].key);
	load_kinds(ld);
	load_tracks(ld);

	size_t nsteps = 0;
	for (size_t i = 0; i < ini->nsections; i++)
		nsteps += !strncmp(ini->sections[i].section, "step.", 5);
	wf->steps = md_arena_alloc(&wf->arena,
				   (nsteps ? nsteps : 1) * sizeof *wf->steps);
	if (!wf->steps)
		return;
	/* Ids first, so needs may name a later step. */
	for (size_t i = 0; i < ini->nsections; i++) {
		const char *name = ini->sections[i].section;
		if (strncmp(name, "step.", 5))
			continue;
		const char *id = name + 5;
		if (!valid_id(id) || !strcmp(id, REOPEN_STEP)) {
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
		snprintf(section, sizeof section, "step.%s",
			 wf->steps[i].pub.id);
		load_step(ld, &wf->steps[i],
			  md_arena_strdup(&wf->arena, section),
			  wf->steps[i].pub.id, wf->steps[i].line, &pend,
			  &changes);
	}
	/* Outcome sections and anything else. */
	for (size_t i = 0; i < ini->nsections; i++) {
		const char *name = ini->sections[i].section;
		int line = ini->sections[i].line;
		if (!strcmp(name, "workflow") || !strncmp(name, "step.", 5) ||
		    !strncmp(name, "track.", 6))
			continue;
		if (strncmp(name, "outcome.", 8)) {
			fault(ld, line,
			      "不明なセクション [%s] です([workflow]、[track.流れ]、[step.手順]、[outcome.手順.結果] のどれか)",
			      name);
			continue;
		}
		/* The step part is named whole: cut to a buffer, it ended
		 * inside a character in the message (found by fuzz_workflow). */
		const char *rest = name + 8;
		const char *dot = strchr(rest, '.');
		int sidlen = dot ? (int)(dot - rest) : (int)strlen(rest);
		int si = dot ? wf_step_index_n(wf, rest, (size_t)sidlen) : -1;
		if (si < 0) {
			fault(ld, line, "[%s]: 手順 %.*s はありません", name,
			      sidlen, rest);
			continue;
		}
		struct step_def *s = &wf->steps[si];
		size_t oi = 0;
		while (oi < s->pub.noutcomes &&
		       (!s->pub.outcomes[oi].label ||
			strcmp(s->pub.outcomes[oi].label, dot + 1)))
			oi++;
		if (oi == s->pub.noutcomes) {
			fault(ld, line,
			      "[%s]: 「%s」は手順 %.*s の outcomes にありません",
			      name, dot + 1, sidlen, rest);
			continue;
		}
		load_outcome_section(ld, s, oi,
				     md_arena_strdup(&wf->arena, name), &back,
				     &changes);
	}
	for (size_t i = 0; i < pend.n; i++) {
		struct pending *p = &pend.items[i];
		int si = wf_step_index(wf, p->name);
		if (si < 0) {
			fault(ld, p->line, "[%s]: 手順 %s はありません",
			      p->section, p->name);
			continue;
		}
		p->term->step = si;
		if (p->term->cond == COND_OUTCOME) {
			const struct md_wf_step *s = &wf->steps[si].pub;
			bool ok = false;
			for (size_t o = 0; o < s->noutcomes && !ok; o++)
				ok = s->outcomes[o].label &&
				     !strcmp(s->outcomes[o].label,
					     p->term->value);
			if (!ok)
				fault(ld, p->line,
				      "[%s]: 手順 %s に結果「%s」はありません",
				      p->section, p->name, p->term->value);
		}
	}
	for (size_t i = 0; i < back.n; i++) {
		struct pending *p = &back.items[i];
		int si = wf_step_index(wf, p->name);
		if (si < 0)
			fault(ld, p->line,
			      "[%s]: back_to の手順 %s はありません",
			      p->section, p->name);
		else
			((struct md_wf_outcome *)p->term->value)->back_to = si;
	}
	load_starts(ld);
	for (size_t i = 0; i < changes.n; i++) {
		struct pending *p = &changes.items[i];
		int si = wf_step_index(wf, p->name);
		if (si < 0)
			fault(ld, p->line,
			      "[%s]: change_by の手順 %s はありません",
			      p->section, p->name);
		else
			*(int *)p->term->value = si;
	}
	for (size_t i = 0; i < wf->n; i++) {
		const struct step_def *s = &wf->steps[i];
		for (size_t o = 0; o < s->pub.noutcomes; o++) {
			int b = s->pub.outcomes[o].back_to;
			if (b > (int)i)
				fault(ld, s->line,
				      "手順 %s の結果「%s」の back_to は前の手順にしてください",
				      s->pub.id, s->pub.outcomes[o].label);
			else if (b >= 0 && !wf_same_track(wf, b, (int)i))
				fault(ld, s->line,
				      "手順 %s の結果「%s」の back_to は同じ流れの手順にしてください(%s は%s)",
				      s->pub.id, s->pub.outcomes[o].label,
				      wf->steps[b].pub.id,
				      wf->steps[b].track < 0
					      ? "個別の手順です"
					      : "別の流れの手順です");
		}
		check_change_by(ld, i, &s->change_by);
		for (size_t o = 0; s->extras && o < s->pub.noutcomes; o++)
			check_change_by(ld, i, &s->extras[o].change_by);
	}
	load_eval_months(ld);
	load_guide(ld);
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
	wf->path = md_arena_strdup(&wf->arena, path);
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

const struct md_wf_outcome *
wf_outcome_of(const struct step_def *s, const char *label, size_t *index)
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

/* The form an event of step s with outcome oc freezes, or NULL. */
const struct md_form *
wf_freezes_of(const struct step_def *s, const struct md_wf_outcome *oc)
{
	return oc && oc->freezes ? oc->freezes : s->pub.freezes;
}

/* The steps that change what a step (with outcome oc) froze. */
const struct change_by *
wf_change_by_of(const struct step_def *s, const struct md_wf_outcome *oc)
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
	int i = wf_step_index(wf, step_id);
	if (i < 0)
		return NULL;
	const struct step_def *s = &wf->steps[i];
	const struct md_wf_outcome *oc = wf_outcome_of(s, outcome, NULL);
	const struct md_form *form = wf_freezes_of(s, oc);
	if (!form)
		return NULL;
	const struct change_by *cb = wf_change_by_of(s, oc);
	char day[64];
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b, "%s(%s)", form->number, form->title);
	if (seq > 1)
		md_buf_addf(&b, "の %d 回目", seq);
	md_buf_addf(&b, "は、%sの%s%s%s%sで確定しています。",
		    wf_date_words(on, day), s->pub.label, oc ? "(" : "",
		    oc ? oc->label : "", oc ? ")" : "");
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
		md_buf_adds(&b,
			    "を記録してください(確定した内容は履歴に残ります)");
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

/* A held/assigned term tm of step s against the meeting types of defs. */
static void
check_meeting_term(const struct md_workflow *wf, const struct step_def *s,
		   const struct term *tm, const struct md_meeting_defs *defs,
		   struct md_diags *diags)
{
	const struct md_meeting_type *mt = md_meeting_type_find(defs,
								tm->value);
	if (!mt || strcmp(mt->id, tm->value))
		md_diags_add(diags, wf->path, tm->line,
			     "[step.%s]: 会議の種類 %s は %s にありません(セクション名で書いてください)",
			     s->pub.id, tm->value, defs->file);
	else if (!mt->persons)
		md_diags_add(diags, wf->path, tm->line,
			     "[step.%s]: 会議の種類 %s(%s)では個人を取り上げないため、ケースの本人について開かれることがありません",
			     s->pub.id, tm->value, mt->label);
}

enum md_status
md_workflow_check_meetings(const struct md_workflow *wf,
			   const struct md_meeting_defs *defs,
			   struct md_diags *diags, struct md_err *err)
{
	size_t before = diags->n;
	for (size_t i = 0; i < wf->n; i++) {
		const struct step_def *s = &wf->steps[i];
		for (size_t k = 0; k < s->nneeds; k++)
			for (size_t a = 0; a < s->needs[k].n; a++) {
				const struct alt *al = &s->needs[k].alts[a];
				for (size_t t = 0; t < al->n; t++)
					if (al->terms[t].cond == COND_HELD)
						check_meeting_term(wf, s,
								   &al->terms[t],
								   defs, diags);
			}
	}
	if (diags->n > before)
		return md_err_set(err, MD_ERR_DEFINITION,
				  "手順の定義に %zu 件の誤りがあります",
				  diags->n - before);
	return MD_OK;
}
