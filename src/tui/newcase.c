/* The new-case dialog: the person's name, kana and birth date; persons who
 * may be the same are shown first, and one of them can be opened instead. */
#include "ui.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/search.h"
#include "madoguchi/values.h"
#include "madoguchi/wareki.h"

void
newcase_run(struct ui *ui, long long *case_id)
{
	*case_id = 0;
	char *name = ui_ask(ui, "新しいケース: 氏名(本人の表記のとおり)", "", false);
	if (!name || !*name) {
		md_free(name);
		return;
	}
	char *kana = ui_ask(ui, "ふりがな", "", false);
	if (!kana || !*kana) {
		md_free(name);
		md_free(kana);
		return;
	}
	char *birth = NULL, iso[16] = "";
	for (;;) {
		birth = ui_ask(ui, "生年月日(例: S55.4.1。わからなければ空のまま Enter)",
			       birth ? birth : "", false);
		if (!birth || !*birth)
			break;
		struct md_date d;
		struct md_err err;
		if (md_date_parse(birth, &d, &err) == MD_OK) {
			md_date_iso(d, iso);
			break;
		}
		ui_message(ui, true, "生年月日: %s", err.msg);
	}
	struct md_err err;
	struct md_case_row *rows = NULL;
	size_t n = 0;
	if (md_person_similar(ui->db, &ui->user, kana, iso, &rows, &n, &err) != MD_OK)
		ui_error(ui, &err);
	long long person_id = 0;
	if (n) {
		/* Possible duplicates first: open one of them instead. Each
		 * choice remembers the case to open or the person to use. */
		const char **labels = md_calloc(n * 2 + 1, sizeof *labels);
		char **owned = md_calloc(n * 2, sizeof *owned);
		long long *open_case = md_calloc(n * 2 + 1, sizeof *open_case);
		long long *use_person = md_calloc(n * 2 + 1, sizeof *use_person);
		size_t k = 0;
		for (size_t i = 0; labels && owned && open_case && use_person && i < n;
		     i++) {
			char *b = md_display_date(rows[i].birth_date, MD_DATE_LONG);
			if (rows[i].case_id) {
				owned[k] = md_asprintf("ケース %lld を開く: %s(%s) %s",
						       rows[i].case_id, rows[i].name,
						       rows[i].kana, b ? b : "");
				labels[k] = owned[k] ? owned[k] : "";
				open_case[k++] = rows[i].case_id;
			}
			owned[k] = md_asprintf("この人の新しいケースを作る: %s(%s) %s",
					       rows[i].name, rows[i].kana, b ? b : "");
			labels[k] = owned[k] ? owned[k] : "";
			use_person[k++] = rows[i].person_id;
			md_free(b);
		}
		int pick = -1;
		if (labels && owned && open_case && use_person) {
			labels[k] = "別の人として新しく登録する";
			pick = ui_choose(ui, "同じ人が登録されているかもしれません", labels,
					 k + 1, 0, NULL);
		}
		if (pick >= 0) {
			*case_id = open_case[pick];
			person_id = use_person[pick];
		}
		for (size_t i = 0; i < k; i++)
			md_free(owned[i]);
		md_free(owned);
		md_free(labels);
		md_free(open_case);
		md_free(use_person);
		if (pick < 0 || *case_id)
			goto out;
	}
	struct md_values fields, faults;
	md_values_init(&fields);
	md_values_init(&faults);
	md_values_set(&fields, "name", name, NULL);
	md_values_set(&fields, "kana", kana, NULL);
	if (*iso)
		md_values_set(&fields, "birth_date", iso, NULL);
	long long id = 0;
	if (md_workflow_open_case(ui->db, &ui->user, ui->wf, ui->forms, person_id,
				  person_id ? NULL : &fields, &id, &faults, &err) ==
	    MD_OK) {
		*case_id = id;
		ui_message(ui, false, "ケース %lld を作りました", id);
	} else {
		ui_error(ui, &err);
	}
	md_values_fini(&fields);
	md_values_fini(&faults);
out:
	md_case_rows_free(rows, n);
	md_free(name);
	md_free(kana);
	md_free(birth);
}
