/* Fuzz target: the search keys (text.h) and the searches over them, with the
 * input as what was typed: the case list (search.h, three pages in one of
 * its orders) and persons who may be the same for an input of even length,
 * progress entries (entries.h, three pages) for an odd one, over a small
 * generated database. No bytes may crash them; what they find must match
 * what was typed. (Both searches for every input ran at 1,800 runs a
 * second: 10 million took an hour and a half.) */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "madoguchi/entries.h"
#include "madoguchi/mem.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"
#include "madoguchi/workflow.h"

/* Cases in the generated database: enough for three pages of each order
 * (40 made every run a third slower). */
#define SEARCH_CASES 16
#define SEARCH_PAGE 3

static struct md_forms *search_forms;
static struct md_db *search_db;
static struct md_user search_user;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct md_err err;
	struct md_diags diags;
	struct md_workflow *wf = NULL;
	fz_setup();
	search_forms = fz_forms("forms");
	md_diags_init(&diags);
	char *path = fz_path("search.db");
	struct md_demo_options opt = {SEARCH_CASES, 7, NULL, NULL};
	if (md_workflow_load(TOP_DIR "/forms/workflow.ini", search_forms, &wf,
			     &diags, &err) != MD_OK ||
	    md_db_open(path, MD_DB_CREATE, &search_db, &err) != MD_OK ||
	    md_db_exec(search_db, "PRAGMA synchronous = OFF", &err) != MD_OK ||
	    md_demo_generate(search_db, search_forms, wf, &opt, NULL, &err) !=
		    MD_OK ||
	    md_user_get(search_db, "demo", &search_user, &err) != MD_OK)
		fz_fail("search setup: %s", err.msg);
	md_workflow_free(&wf);
	md_diags_fini(&diags);
	free(path);
	return 0;
}

/* The keys: none for text that is not UTF-8, and the same when folded again
 * (the index folds words the query has folded already). */
static void
search_keys(const uint8_t *data, size_t size, const char *text)
{
	bool valid = md_utf8_valid(text, strlen(text));
	char *key = md_text_search_key(text);
	FZ_ASSERT(valid == (key != NULL), "key of %s text",
		  valid ? "valid" : "invalid");
	if (key) {
		FZ_ASSERT(fz_utf8(key), "the key is not text");
		md_free(key);
	}
	char *fold = md_text_search_fold((const char *)data, size);
	FZ_ASSERT((fold != NULL) == md_utf8_valid((const char *)data, size),
		  "fold of the bytes");
	if (fold) {
		FZ_ASSERT(fz_utf8(fold), "the fold is not text");
		char *again = md_text_search_fold(fold, strlen(fold));
		FZ_ASSERT(again && !strcmp(again, fold),
			  "folding «%s» again gives «%s»", fold,
			  again ? again : "(nothing)");
		md_free(again);
		md_free(fold);
	}
}

/* Pages of the case list for text in the order chosen by sort. */
static void
search_cases(const char *text, unsigned sort)
{
	struct md_case_filter f = {0};
	f.text = text;
	f.sort = (enum md_case_sort)(sort % 4);
	f.descending = sort & 4;
	f.include_closed = !(sort & 8);
	f.overdue = sort & 16;
	bool valid = md_utf8_valid(text, strlen(text));
	char *key = valid ? md_text_search_key(text) : NULL;
	struct md_case_row *rows = NULL, *prev = NULL;
	size_t n = 0, nprev = 0;
	for (int page = 0; page < 3; page++) {
		struct md_err err;
		enum md_status rc = md_case_search(search_db, &search_user, &f,
						   nprev ? &prev[nprev - 1]
							 : NULL,
						   SEARCH_PAGE, &rows, &n,
						   &err);
		if (!valid) {
			FZ_ASSERT(rc == MD_ERR_INVALID && !rows && !n,
				  "invalid text: status %d", rc);
			break;
		}
		FZ_ASSERT(rc == MD_OK, "case search: %d %s", rc, err.msg);
		FZ_ASSERT(n <= SEARCH_PAGE, "%zu rows", n);
		for (size_t i = 0; i < n; i++) {
			const struct md_case_row *r = &rows[i];
			FZ_ASSERT(r->name && r->kana && r->key && r->stage,
				  "a row without its texts");
			FZ_ASSERT(!*r->key || (key && !strncmp(r->key, key,
							       strlen(key))),
				  "«%s» found by key «%s»", text, r->key);
			FZ_ASSERT(f.include_closed || !r->closed,
				  "a closed case in the open ones");
			const struct md_case_row
				*before = i       ? &rows[i - 1]
					  : nprev ? &prev[nprev - 1]
						  : NULL;
			FZ_ASSERT(!before || before->case_id != r->case_id ||
					  before->person_id != r->person_id,
				  "case %lld twice", r->case_id);
		}
		md_case_rows_free(prev, nprev);
		prev = rows;
		nprev = n;
		rows = NULL;
		if (n < SEARCH_PAGE)
			break;
	}
	md_case_rows_free(prev, nprev);
	md_free(key);

	struct md_err err;
	enum md_status rc = md_person_similar(search_db, &search_user, text,
					      NULL, &rows, &n, &err);
	FZ_ASSERT(valid ? rc == MD_OK : rc == MD_ERR_INVALID,
		  "similar persons: %d %s", rc, err.msg);
	md_case_rows_free(rows, n);
}

/* Pages of progress entries holding the words of text, newest first. */
static void
search_entries(const char *text)
{
	long long before = 0, last = 0;
	for (int page = 0; page < 3; page++) {
		struct md_entry_hit *hits = NULL;
		size_t n = 0;
		long long resume = 0;
		struct md_err err;
		enum md_status rc = md_entries_search(search_db, &search_user,
						      search_forms, text,
						      before, SEARCH_PAGE,
						      &hits, &n, &resume, &err);
		FZ_ASSERT(rc == MD_OK || (rc == MD_ERR_INVALID && page == 0),
			  "entries search: %d %s", rc, err.msg);
		FZ_ASSERT(n <= SEARCH_PAGE, "%zu hits", n);
		for (size_t i = 0; i < n; i++) {
			FZ_ASSERT(!last || hits[i].record_id < last,
				  "entry %lld after %lld", hits[i].record_id,
				  last);
			last = hits[i].record_id;
			FZ_ASSERT(hits[i].snippet && fz_utf8(hits[i].snippet) &&
					  !strchr(hits[i].snippet, '\n'),
				  "the snippet is not one line of text");
		}
		md_entry_hits_free(hits, n);
		if (rc != MD_OK || !resume)
			break;
		FZ_ASSERT(!before || resume < before, "resume %lld after %lld",
			  resume, before);
		before = resume;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_string(data, size);
	search_keys(data, size, text);
	if (size % 2 == 0)
		search_cases(text, (unsigned)size / 2);
	else
		search_entries(text);
	free(text);
	return 0;
}
