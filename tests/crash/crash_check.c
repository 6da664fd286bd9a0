/*
 * The database checks of the crash tests for a shell script (the screens
 * killed in tmux): `crash_check DB` runs every check of dbcheck.h and
 * prints the faults; `crash_check DB WORD ID` also requires that searching
 * WORD finds exactly the entry ID (0: none). Exit status 0 when all hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbcheck.h"

int
main(int argc, char **argv)
{
	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: crash_check DB [WORD ID]\n");
		return 2;
	}
	struct md_forms *forms = dbcheck_forms();
	struct dbcheck c;
	if (dbcheck_open(&c, argv[1], forms)) {
		dbcheck_all(&c);
		if (argc == 4) {
			struct md_buf hits;
			md_buf_init(&hits);
			const char *want = strcmp(argv[3], "0") ? argv[3] : "";
			if (dbcheck_entries_with(&c, argv[2], &hits) &&
			    strcmp(md_buf_str(&hits), want))
				dbcheck_fault(&c,
					      "searching «%s» finds entries «%s», expected «%s»",
					      argv[2], md_buf_str(&hits), want);
			md_buf_fini(&hits);
		}
	}
	dbcheck_print(&c);
	int faults = c.nfaults;
	printf("# %d checks, %d faults\n", c.checks, faults);
	dbcheck_close(&c);
	md_forms_free(&forms);
	return faults != 0;
}
