/* Finding cases for the case list, and persons who may be the same person. */
#ifndef MADOGUCHI_SEARCH_H
#define MADOGUCHI_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/status.h"

/* The orders of the case list. */
enum md_case_sort {
	MD_SORT_ID,   /* case number */
	MD_SORT_KANA, /* ふりがな (its search key: あいうえお order) */
	MD_SORT_OPENED, /* the day the case was opened */
	MD_SORT_DUE /* the nearest evaluation or follow-up date; none last */
};

/* What the case list shows. Borrowed strings: the caller keeps them. */
struct md_case_filter {
	/* As typed: a case number ("12", "１２", "#12": the cases whose
	 * number starts with those digits), part of 氏名 or ふりがな (the
	 * start of the whole or of a part between spaces, insensitive to
	 * hiragana/katakana, width and variant kanji). NULL or "" for all.
	 * Words of progress entries are md_entries_search's (entries.h). */
	const char *text;
	const char *
		stage; /* only cases whose stage is this step id; NULL for any */
	long long staff_id;  /* only this member of staff's cases; 0 for any */
	long long office_id; /* only this office's cases (000 第4条); 0: any */
	bool overdue; /* only open cases with an evaluation or follow-up date before today */
	bool include_closed; /* closed cases too */
	/* only the cases of the current members of this household (a
	 * person's persons.household_id); 0 for any */
	long long household_id;
	/* The order of the list without text. With text, a search by case
	 * number is in number order and one by name or kana in the order of
	 * the part that matched (あいうえお), then person, then number: each
	 * page then reads about as many rows as it shows. descending
	 * reverses any. */
	enum md_case_sort sort;
	bool descending;
};

/* One line of the case list (owns its strings). */
struct md_case_row {
	long long case_id, person_id;
	char *name, *kana, *sex, *birth_date; /* birth_date ISO or "" */
	char *stage;                          /* step id */
	bool closed;
	char *staff_name, *opened_on, *next_eval_on,
		*follow_up_on; /* "" when none */
	bool overdue; /* an evaluation or follow-up date before today (open cases) */
	char *key; /* a search by name or kana: the key that matched, which
			 the next page starts after; else "" */
};

/* Free n rows and the array (NULL is fine). In the calls below err may be
 * NULL. */
void md_case_rows_free(struct md_case_row *rows, size_t n);

/*
 * One page of the case list: at most limit rows (1..1000) after `after` (the
 * last row of the previous page, or NULL for the first), in the filter's
 * order with the case number breaking ties (keyset pagination: each page
 * starts where the last ended, through an index, never by counting rows
 * off). *rows is a new array of *n rows (md_case_rows_free; NULL when none).
 * Any active user may search (MD_ERR_DISABLED otherwise). Reads the
 * database; audited by md_audit_list_view (a row a minute of searching),
 * whose detail never holds the text searched for.
 */
enum md_status md_case_search(struct md_db *db, const struct md_user *actor,
			      const struct md_case_filter *f,
			      const struct md_case_row *after, int limit,
			      struct md_case_row **rows, size_t *n,
			      struct md_err *err);

/*
 * Persons who may be the same person as one about to be registered: those
 * whose ふりがな has the same search key as kana, or who were born on
 * birth_iso ("YYYY-MM-DD"); either may be NULL or "". *rows is a new array
 * (md_case_rows_free) of one row per person in ふりがな order, with their
 * latest case (case_id 0 and its fields "" when they have none).
 * Any active user may ask. Audited as one view (without the name or date).
 */
enum md_status md_person_similar(struct md_db *db, const struct md_user *actor,
				 const char *kana, const char *birth_iso,
				 struct md_case_row **rows, size_t *n,
				 struct md_err *err);

/*
 * md_person_similar, and also those whose 氏名 has the same search key as
 * name (may be NULL or ""): 高橋 finds 髙橋, 斉藤 finds 齋藤, whatever
 * ふりがな was typed. What registering a household member runs
 * (households.h).
 */
enum md_status md_person_alike(struct md_db *db, const struct md_user *actor,
			       const char *name, const char *kana,
			       const char *birth_iso, struct md_case_row **rows,
			       size_t *n, struct md_err *err);

#endif
