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
 * Register the index's tokenizer (md_bigram) and the SQL function
 * md_search_fold(text) on a connection; md_db_open calls it before the
 * migrations run.
 */
enum md_status md_entries_register(sqlite3 *h, struct md_err *err);

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

/* One entry found. */
struct md_entry_hit {
	long long record_id;
	long long case_id;
	char *entry_date; /* ISO */
	char *name;       /* the case's person */
	char *snippet;    /* the start of the text, one line */
};

void md_entry_hits_free(struct md_entry_hit *hits, size_t n);

/*
 * Entries holding every word of query (words separated by spaces; each
 * word matched as a substring, kana, width and case folded, so one- and
 * two-character words are found), newest first: those written last come
 * first (record id order). before: the record id of the last hit of the
 * previous page, or 0 for the first page. At most limit hits. Audited as one
 * view (the detail does not hold the query).
 */
enum md_status md_entries_search(struct md_db *db, const struct md_user *actor,
				 const char *query, long long before, int limit,
				 struct md_entry_hit **hits, size_t *n,
				 struct md_err *err);

#endif
