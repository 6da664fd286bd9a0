/* Full-text search in progress entries (第3号様式): the index of their text,
 * kept in step with every save, and queries over it, newest first. */
#ifndef MADOGUCHI_ENTRIES_H
#define MADOGUCHI_ENTRIES_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/values.h"

/*
 * The text of an entry that is indexed: its textarea fields, in form order,
 * joined by newlines. A new string (md_free), or NULL when out of memory.
 */
char *md_entries_text(const struct md_form *form, const struct md_values *v);

/*
 * Keep the index in step with an entry's text, in the caller's transaction:
 * old_text (what was indexed before, NULL when nothing) is taken out and
 * new_text (NULL or "" for nothing) put in, under record_id (the entry's
 * form_records.id). md_record_save calls it; a bulk loader must too.
 */
enum md_status md_entries_index(struct md_db *db, long long record_id,
				const char *old_text, const char *new_text,
				struct md_err *err);

/*
 * Keep an entry's next appointment (the date in its form's
 * appointment_field, 次回予定日; none when the form names no such field or
 * the value is not a date) where 今日の予定 reads it (md_workflow_due), in
 * the caller's transaction, for the entry record_id whose values are now
 * values. md_record_save calls it; a bulk loader must too.
 */
enum md_status md_entries_appointment(struct md_db *db,
				      const struct md_form *form,
				      long long record_id,
				      const struct md_values *values,
				      struct md_err *err);

/*
 * Whether the index was built from the fields the forms now define as an
 * entry's text (md_entries_text): false on a database whose index was never
 * built, or after a form definition changed those fields. Reads one row.
 */
enum md_status md_entries_synced(struct md_db *db, const struct md_forms *forms,
				 bool *synced, struct md_err *err);

/*
 * Rebuild the index from the latest revision of every entry, with the
 * fields forms defines, in one transaction, and remember those fields.
 * Grows with the number of entries (about 30 s a million): callers say so
 * before. The program calls it when md_entries_synced says false.
 */
enum md_status md_entries_rebuild(struct md_db *db,
				  const struct md_forms *forms,
				  struct md_err *err);

/* One entry found. */
struct md_entry_hit {
	long long record_id;
	long long case_id;
	long long person_id; /* the case's */
	char *entry_date;    /* ISO */
	char *name;          /* the case's person */
	char *snippet; /* one line of the text, from near the first word */
};

void md_entry_hits_free(struct md_entry_hit *hits, size_t n);

/*
 * Entries holding every word of query (words separated by spaces; each
 * word matched as a substring of the entry's text, both folded by
 * md_text_search_fold, so one- and two-character words are found), newest
 * first: those written last come first (record id order).
 *
 * before: 0 for the first page, else the *resume of the call before.
 * At most limit hits. With words of one character and longer words
 * together, one index leads and each of its entries is looked up in the
 * other; after MD_ENTRIES_CHECKS look-ups the call returns the hits found
 * so far, fewer than limit. *resume is where to go on (pass it as before),
 * or 0 when no entry is left to examine.
 *
 * Any active user may search. The excerpts returned are audited before
 * they are: a view row for each case among the hits (md_audit_cases_shown,
 * "支援経過の検索(抜粋 N 件)"), so that the audit log of a case lists every
 * search that showed its text; a search that finds nothing writes nothing.
 * The detail never holds the words.
 */
enum md_status md_entries_search(struct md_db *db, const struct md_user *actor,
				 const struct md_forms *forms,
				 const char *query, long long before, int limit,
				 struct md_entry_hit **hits, size_t *n,
				 long long *resume, struct md_err *err);

/* How many entries one md_entries_search call looks up in the second
 * index at most before it returns. */
#define MD_ENTRIES_CHECKS 2000

#endif
