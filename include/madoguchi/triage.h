/* The triage aid of 004 図4 (「多機関協働事業で取り扱うケースの基準と具体的
 * 事例」): which row of the figure a household falls in, by the definition in
 * forms/households.ini ([triage]). Pure: no database, no clock. */
#ifndef MADOGUCHI_TRIAGE_H
#define MADOGUCHI_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/diag.h"
#include "madoguchi/mem.h"
#include "madoguchi/status.h"

/* What a fact holds: a number of support targets computed from the
 * household, or a yes / no the consultant answers ([triage.questions]). */
enum md_triage_kind {
	MD_TRIAGE_NUMBER,
	MD_TRIAGE_YESNO
};

/*
 * The facts a row's conditions may name: the only names the program knows
 * (the definition gives their labels, the rows and the verdicts). The
 * numbers count 支援対象者 only: elderly and children by age at the
 * reference date ([triage] elderly_from, child_under), in_field those who
 * are elderly, children, disabled or in poverty as the main issue (004 図4:
 * 高齢者、子ども、障害者 または生活困窮が主たる課題), outside the others (左記以外
 * の対象者: 18~64歳で生活困窮でない).
 */
/* clang-format off */
#define MD_TRIAGE_FACTS(X)                                                   \
	X(MD_TF_TARGETS, "targets", MD_TRIAGE_NUMBER)                        \
	X(MD_TF_ELDERLY, "elderly", MD_TRIAGE_NUMBER)                        \
	X(MD_TF_CHILDREN, "children", MD_TRIAGE_NUMBER)                      \
	X(MD_TF_DISABLED, "disabled", MD_TRIAGE_NUMBER)                      \
	X(MD_TF_POVERTY, "poverty", MD_TRIAGE_NUMBER)                        \
	X(MD_TF_IN_FIELD, "in_field", MD_TRIAGE_NUMBER)                      \
	X(MD_TF_OUTSIDE, "outside", MD_TRIAGE_NUMBER)                        \
	X(MD_TF_WITH_DEPARTMENT, "with_department", MD_TRIAGE_NUMBER)        \
	X(MD_TF_WITHOUT_DEPARTMENT, "without_department", MD_TRIAGE_NUMBER)  \
	X(MD_TF_OUTSIDE_WITHOUT_DEPARTMENT, "outside_without_department",    \
	  MD_TRIAGE_NUMBER)                                                  \
	X(MD_TF_SERVICES, "services", MD_TRIAGE_YESNO)                       \
	X(MD_TF_MULTIPLE_ISSUES, "multiple_issues", MD_TRIAGE_YESNO)         \
	X(MD_TF_DEPARTMENTS_NEEDED, "departments_needed", MD_TRIAGE_YESNO)   \
	X(MD_TF_SHARING_NEEDED, "sharing_needed", MD_TRIAGE_YESNO)

enum md_triage_fact {
#define MD_TRIAGE_FACT_ENUM(name, code, kind) name,
	MD_TRIAGE_FACTS(MD_TRIAGE_FACT_ENUM)
#undef MD_TRIAGE_FACT_ENUM
	MD_TRIAGE_NFACTS
};
/* clang-format on */

/* The fact's name as the definition writes it ("targets"); "?" when out of
 * range. */
const char *md_triage_fact_name(enum md_triage_fact f);

enum md_triage_kind md_triage_fact_kind(enum md_triage_fact f);

/* The fact named name (exactly, lower case): true and *out, or false. */
bool md_triage_fact_find(const char *name, enum md_triage_fact *out);

/* ---- the definition ---- */

/* A question the consultant answers, in the order of [triage.questions]. */
struct md_triage_question {
	enum md_triage_fact fact;
	const char *text; /* 活用できる制度やサービスがある (はい / いいえ) */
	int line;
};

struct md_triage_cond; /* a row's parsed conditions (private) */

/* A row of the figure, [triage.row.N]; texts borrowed from the definition. */
struct md_triage_row {
	int number;            /* N */
	int line;              /* of its section */
	const char *when;      /* the conditions as written */
	const char *verdict;   /* one of the definition's verdicts */
	const char *response;  /* 対応; NULL when not given */
	const char *proviso;   /* 但し…; NULL when not given */
	const char *cite;      /* its own, or [triage] cite */
	const char **examples; /* 事例 */
	size_t nexamples;
	struct md_triage_cond *conds;
	size_t nconds;
};

/* The loaded definition (owns everything through its arena). */
struct md_triage_def {
	struct md_arena arena;
	const char *file;
	const char *title, *cite;
	const char *undecided; /* the verdict when no row applies */
	const char **verdicts;
	size_t nverdicts;
	int child_under, elderly_from; /* ages, in whole years */
	/* How reasons name each fact: [triage.facts] or the question's text;
	 * NULL when the definition names it nowhere. */
	const char *labels[MD_TRIAGE_NFACTS];
	struct md_triage_question *questions;
	size_t nquestions;
	struct md_triage_row *rows; /* in the file's order, tried so */
	size_t nrows;
};

/*
 * Load and check the [triage] sections of path (forms/households.ini); other
 * sections of the file are another module's and are left alone. Faults
 * ("file:line: …" in diags, status MD_ERR_DEFINITION, *out NULL): a key or
 * [triage.*] section that is not the format's, an age that is not a whole
 * number or child_under not below elderly_from, a label or question of a
 * fact that does not exist or is of the other kind, no row, a row without
 * when or verdict, a verdict not in verdicts, a condition naming an unknown
 * fact, an operator or value it cannot read, a fact the definition gives no
 * label, a question not in [triage.questions]. A file that cannot be read:
 * MD_ERR_IO or MD_ERR_NOTFOUND in err. On success *out is the definition
 * (md_triage_free).
 */
enum md_status md_triage_load(const char *path, struct md_triage_def **out,
			      struct md_diags *diags, struct md_err *err);

void md_triage_free(struct md_triage_def **def);

/* ---- the facts ---- */

/* A member's 担当部局, or an answer not given. 0 is unknown, so a zeroed
 * struct knows nothing. */
enum md_triage_yn {
	MD_TRIAGE_UNKNOWN,
	MD_TRIAGE_NO,
	MD_TRIAGE_YES
};

/* A household member as the triage sees them. */
struct md_triage_member {
	bool target;       /* a 支援対象者; the others are not counted */
	const char *birth; /* 生年月日 as typed (和暦 or ISO), or NULL */
	int age; /* whole years, used when birth is NULL; -1: unknown (set it:
		  * 0 is a baby) */
	bool disabled; /* 障害者 */
	bool poverty;  /* 生活困窮が主たる課題 */
	enum md_triage_yn department; /* 担当部局がある (長寿安心, 障害福祉 …) */
};

/* The facts of one household at one date, and the consultant's answers. */
struct md_triage_facts {
	int value[MD_TRIAGE_NFACTS];
	bool known[MD_TRIAGE_NFACTS];
	char on[11]; /* the reference date, ISO */
	/* Targets whose age, or whether they have a 担当部局, is not known:
	 * what makes a computed fact unknown. */
	int unknown_ages, unknown_departments;
};

/*
 * The facts computed from the n members at the reference date on (as
 * typed, 和暦 or ISO): every MD_TRIAGE_NUMBER fact, known unless a target
 * whose age or 担当部局 is unknown could change it; the answers unknown.
 * MD_ERR_INVALID with a Japanese message naming the member (対象者 2) for a
 * date that cannot be read, a birth after on, an age outside 0..150. Pure.
 */
enum md_status md_triage_facts_compute(const struct md_triage_def *def,
				       const struct md_triage_member *members,
				       size_t n, const char *on,
				       struct md_triage_facts *out,
				       struct md_err *err);

/* Set fact to value, known: a number for a number fact; for a yes / no
 * fact MD_TRIAGE_YES or MD_TRIAGE_NO, or MD_TRIAGE_UNKNOWN to make it
 * unanswered again. */
void md_triage_facts_set(struct md_triage_facts *facts, enum md_triage_fact f,
			 int value);

/*
 * The consultant's answer as a script types it: name a yes / no fact
 * ("services"), value yes, no, はい or いいえ. MD_ERR_INVALID naming what is
 * wrong (an unknown question, a fact that is not a question, another value).
 */
enum md_status md_triage_facts_answer(struct md_triage_facts *facts,
				      const char *name, const char *value,
				      struct md_err *err);

/* ---- the verdict ---- */

/* What the aid advises. Texts are borrowed from the definition, except the
 * lists, which the result owns (md_triage_result_fini). */
struct md_triage_result {
	const struct md_triage_row *row; /* the first row that holds; NULL */
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
enum md_status md_triage_evaluate(const struct md_triage_def *def,
				  const struct md_triage_facts *facts,
				  struct md_triage_result *out,
				  struct md_err *err);

void md_triage_result_fini(struct md_triage_result *r);

#endif
