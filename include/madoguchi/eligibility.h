/* 多機関協働の対象判定, the aid of 004 図4 (「多機関協働事業で取り扱うケースの
 * 基準と具体的事例」): which row of the figure a household falls in, by the
 * definition in forms/households.ini ([eligibility], its ages those of
 * [ages]). Pure: no database, no clock. The household's own assessment
 * (its members, the decision recorded) is households.h's. */
#ifndef MADOGUCHI_ELIGIBILITY_H
#define MADOGUCHI_ELIGIBILITY_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/mem.h"
#include "madoguchi/status.h"

/* The bands of age 004 図4 sorts the people who need support into: 子ども,
 * 18〜64歳, 高齢者. Where each starts and what it is called are [ages] of
 * forms/households.ini (md_household_age_band, households.h). */
enum md_age_band {
	MD_AGE_UNKNOWN = -1, /* no birth date */
	MD_AGE_CHILD,        /* younger than child_below */
	MD_AGE_ADULT,        /* the others */
	MD_AGE_ELDERLY,      /* elderly_from and older */
	MD_AGE_BAND_COUNT
};

/* What a fact holds: a number of support targets computed from the
 * household, or a yes / no the consultant answers ([eligibility.questions]).
 */
enum md_eligibility_kind {
	MD_ELIGIBILITY_NUMBER,
	MD_ELIGIBILITY_YESNO
};

/*
 * The facts a row's conditions may name: the only names the program knows
 * (the definition gives their labels, the rows and the verdicts). The
 * numbers count 支援対象者 only: elderly and children by the bands of their
 * age at the reference date (enum md_age_band), in_field those who are
 * elderly, children,
 * disabled or in poverty as the main issue (004 図4: 高齢者、子ども、障害者
 * または生活困窮が主たる課題), outside the others (左記以外の対象者: 18~64歳で
 * 生活困窮でない).
 */
/* clang-format off */
#define MD_ELIGIBILITY_FACTS(X)                                              \
	X(MD_EF_TARGETS, "targets", MD_ELIGIBILITY_NUMBER)                   \
	X(MD_EF_ELDERLY, "elderly", MD_ELIGIBILITY_NUMBER)                   \
	X(MD_EF_CHILDREN, "children", MD_ELIGIBILITY_NUMBER)                 \
	X(MD_EF_DISABLED, "disabled", MD_ELIGIBILITY_NUMBER)                 \
	X(MD_EF_POVERTY, "poverty", MD_ELIGIBILITY_NUMBER)                   \
	X(MD_EF_IN_FIELD, "in_field", MD_ELIGIBILITY_NUMBER)                 \
	X(MD_EF_OUTSIDE, "outside", MD_ELIGIBILITY_NUMBER)                   \
	X(MD_EF_WITH_DEPARTMENT, "with_department", MD_ELIGIBILITY_NUMBER)   \
	X(MD_EF_WITHOUT_DEPARTMENT, "without_department",                    \
	  MD_ELIGIBILITY_NUMBER)                                             \
	X(MD_EF_OUTSIDE_WITHOUT_DEPARTMENT, "outside_without_department",    \
	  MD_ELIGIBILITY_NUMBER)                                             \
	X(MD_EF_SERVICES, "services", MD_ELIGIBILITY_YESNO)                  \
	X(MD_EF_MULTIPLE_ISSUES, "multiple_issues", MD_ELIGIBILITY_YESNO)    \
	X(MD_EF_DEPARTMENTS_NEEDED, "departments_needed",                    \
	  MD_ELIGIBILITY_YESNO)                                              \
	X(MD_EF_SHARING_NEEDED, "sharing_needed", MD_ELIGIBILITY_YESNO)

enum md_eligibility_fact {
#define MD_ELIGIBILITY_FACT_ENUM(name, code, kind) name,
	MD_ELIGIBILITY_FACTS(MD_ELIGIBILITY_FACT_ENUM)
#undef MD_ELIGIBILITY_FACT_ENUM
	MD_ELIGIBILITY_NFACTS
};
/* clang-format on */

/* The fact's name as the definition writes it ("targets"); "?" when out of
 * range. */
const char *md_eligibility_fact_name(enum md_eligibility_fact f);

enum md_eligibility_kind md_eligibility_fact_kind(enum md_eligibility_fact f);

/* The fact named name (exactly, lower case): true and *out, or false. */
bool md_eligibility_fact_find(const char *name, enum md_eligibility_fact *out);

/* ---- the definition ---- */

/* A question the consultant answers, in the order of
 * [eligibility.questions]. */
struct md_eligibility_question {
	enum md_eligibility_fact fact;
	const char *text; /* 活用できる制度やサービスがある (はい / いいえ) */
	int line;
};

struct md_eligibility_cond; /* a row's parsed conditions (private) */

/* A row of the figure, [eligibility.row.N]; texts borrowed from the
 * definition. */
struct md_eligibility_row {
	int number;            /* N */
	int line;              /* of its section */
	const char *when;      /* the conditions as written */
	const char *verdict;   /* one of the definition's verdicts */
	const char *response;  /* 対応; NULL when not given */
	const char *proviso;   /* 但し…; NULL when not given */
	const char *cite;      /* its own, or [eligibility] cite */
	const char **examples; /* 事例 */
	size_t nexamples;
	struct md_eligibility_cond *conds;
	size_t nconds;
};

/* The loaded definition, defs->eligibility of md_household_defs_load, which
 * loads and checks it with the rest of forms/households.ini and frees it
 * (owns everything through its arena). */
struct md_eligibility_def {
	struct md_arena arena;
	const char *title, *cite;
	const char *undecided; /* the verdict when no row applies */
	const char **verdicts; /* what a row, or a consultant, may decide */
	size_t nverdicts;
	/* How reasons name each fact: [eligibility.facts] or the question's
	 * text; NULL when the definition names it nowhere. */
	const char *labels[MD_ELIGIBILITY_NFACTS];
	struct md_eligibility_question *questions;
	size_t nquestions;
	struct md_eligibility_row *rows; /* in the file's order, tried so */
	size_t nrows;
};

/* The verdict of def typed as s, by its name or its number (1 the first);
 * NULL when it is none. */
const char *md_eligibility_verdict_find(const struct md_eligibility_def *def,
					const char *s);

/* ---- the facts ---- */

/* A member's 担当部局, or an answer not given. 0 is unknown, so a zeroed
 * struct knows nothing. */
enum md_eligibility_yn {
	MD_ELIGIBILITY_UNKNOWN,
	MD_ELIGIBILITY_NO,
	MD_ELIGIBILITY_YES
};

/* A household member as the aid sees them (md_household_eligibility_facts
 * reads their age from birth or age). */
struct md_eligibility_member {
	bool target;       /* a 支援対象者; the others are not counted */
	const char *birth; /* 生年月日 as typed (和暦 or ISO), or NULL */
	int age; /* whole years, used when birth is NULL; -1: unknown (set it:
		  * 0 is a baby) */
	bool disabled;                     /* 障害者 */
	bool poverty;                      /* 生活困窮が主たる課題 */
	enum md_eligibility_yn department; /* 担当部局がある (長寿安心 …) */
};

/* The facts of one household at one date, and the consultant's answers. */
struct md_eligibility_facts {
	int value[MD_ELIGIBILITY_NFACTS];
	bool known[MD_ELIGIBILITY_NFACTS];
	char on[11]; /* the reference date, ISO */
	/* Targets whose age, or whether they have a 担当部局, is not known:
	 * what makes a computed fact unknown. */
	int unknown_ages, unknown_departments;
};

/* facts with nothing counted on the reference date on (ISO, copied):
 * every number fact 0 and known, every answer unknown. Pure. */
void md_eligibility_facts_init(struct md_eligibility_facts *facts,
			       const char *on);

/* Count the 支援対象者 m into facts (m->birth and m->age are not read):
 * band is their age's on facts' day, MD_AGE_UNKNOWN when not known, which
 * makes the facts of the ages unknown, as an unknown 担当部局 makes those of
 * the departments. md_household_eligibility_facts (households.h) counts a
 * household's members so, their ages in the bands of [ages]. Pure. */
void md_eligibility_facts_count(struct md_eligibility_facts *facts,
				enum md_age_band band,
				const struct md_eligibility_member *m);

/* Set fact to value, known: a number for a number fact; for a yes / no
 * fact MD_ELIGIBILITY_YES or MD_ELIGIBILITY_NO, or MD_ELIGIBILITY_UNKNOWN
 * to make it unanswered again. */
void md_eligibility_facts_set(struct md_eligibility_facts *facts,
			      enum md_eligibility_fact f, int value);

/*
 * The consultant's answer as a script types it: name a yes / no fact
 * ("services"), value yes, no, はい or いいえ. MD_ERR_INVALID naming what is
 * wrong (an unknown question, a fact that is not a question, another value).
 */
enum md_status md_eligibility_facts_answer(struct md_eligibility_facts *facts,
					   const char *name, const char *value,
					   struct md_err *err);

/* ---- the verdict ---- */

/* What the aid advises. Texts are borrowed from the definition, except the
 * lists, which the result owns (md_eligibility_result_fini). */
struct md_eligibility_result {
	const struct md_eligibility_row *row; /* the first row that holds */
	const char *verdict; /* the row's, or the definition's undecided */
	/* Japanese lines: with a row, the facts that made it hold; without, why
	 * not (the undecided rows, or the nearest row and what it lacks). */
	char **reasons;
	size_t nreasons;
	/* Without a row, what is missing: the questions to answer or the
	 * members to complete, or the conditions the nearest row lacks. */
	char **missing;
	size_t nmissing;
};

/*
 * Try the rows in order: the first whose conditions all hold is the
 * advice. A row a missing fact could still make hold stops the search
 * there (an earlier row wins), so the result is undecided and says what to
 * answer. No row holding gives def->undecided and the nearest row's unmet
 * conditions. MD_OK, or MD_ERR_NOMEM. Pure.
 */
enum md_status md_eligibility_evaluate(const struct md_eligibility_def *def,
				       const struct md_eligibility_facts *facts,
				       struct md_eligibility_result *out,
				       struct md_err *err);

void md_eligibility_result_fini(struct md_eligibility_result *r);

#endif
