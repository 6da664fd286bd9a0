/* Fuzz target: importing the agency catalogue from CSV (agencies.h), the
 * input being the file; each import runs inside a transaction that is then
 * rolled back, so every run starts from the same empty catalogue. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/agencies.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

static char *agencies_file;
static struct md_db *agencies_db;
static struct md_user agencies_admin;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	agencies_file = fz_path("agencies.csv");
	agencies_db = fz_db("agencies.db", &agencies_admin);
	return 0;
}

/* The catalogue holds exactly what was added, each name a trimmed line of
 * text that no spreadsheet takes for a formula, and no two alike. */
static void
agencies_check(size_t added)
{
	struct md_agency *a = NULL;
	size_t n = 0;
	struct md_err err;
	FZ_ASSERT(md_agencies_list(agencies_db, &a, &n, &err) == MD_OK,
		  "list: %s", err.msg);
	FZ_ASSERT(n == added, "%zu agencies listed, %zu added", n, added);
	for (size_t i = 0; i < n; i++) {
		const char *fields[] = {a[i].name, a[i].kind, a[i].phone,
					a[i].address, a[i].aliases};
		FZ_ASSERT(md_agency_kind_known(&fuzz_kinds, a[i].kind),
			  "agency %zu has the unknown kind «%s»", i, a[i].kind);
		for (size_t k = 0; k < 5; k++) {
			struct md_err terr;
			FZ_ASSERT(fields[k] &&
					  md_text_check(fields[k], false, "欄",
							&terr) == MD_OK,
				  "agency %zu field %zu is not one line of text",
				  i, k);
			char *trimmed = md_strdup(fields[k]);
			FZ_ASSERT(trimmed && !strcmp(md_text_trim(trimmed),
						     fields[k]),
				  "agency %zu field %zu is not trimmed: «%s»",
				  i, k, fields[k]);
			md_free(trimmed);
			FZ_ASSERT(!md_text_is_formula(fields[k]),
				  "agency %zu field %zu is a formula to a "
				  "spreadsheet: «%s»",
				  i, k, fields[k]);
		}
		FZ_ASSERT(*a[i].name, "agency %zu has no name", i);
		for (size_t j = 0; j < i; j++)
			FZ_ASSERT(strcmp(a[i].name, a[j].name),
				  "agency «%s» twice", a[i].name);
	}
	md_agencies_free(a, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_write(agencies_file, data, size);
	struct md_err err;
	if (md_db_begin(agencies_db, &err) != MD_OK)
		fz_fail("begin: %s", err.msg);
	size_t added = 0;
	md_err_clear(&err);
	enum md_status rc = md_agencies_import(agencies_db, &agencies_admin,
					       &fuzz_kinds, agencies_file,
					       &added, &err);
	FZ_ASSERT(rc == MD_OK || rc == MD_ERR_INVALID, "import: %d %s", rc,
		  err.msg);
	FZ_ASSERT(rc == MD_OK || (!added && *err.msg && fz_utf8(err.msg)),
		  "refused, the message is not text: %s", err.msg);
	agencies_check(rc == MD_OK ? added : 0);
	md_db_rollback(agencies_db);
	return 0;
}
