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

/* Ask for the name, kana and birth date, each starting from what *name,
 * *kana and *birth hold (what was typed before a refused save); the birth
 * date read into iso ("" when not given). False when one is given up. */
static bool
ask_person(struct ui *ui, char **name, char **kana, char **birth, char *iso)
{
	if (!ui_ask_again(ui, "新しいケース: 氏名(本人の表記のとおり)", name) ||
	    !**name || !ui_ask_again(ui, "ふりがな", kana) || !**kana)
		return false;
	*iso = '\0';
	for (;;) {
		if (!ui_ask_again(ui,
				  "生年月日(例: S55.4.1。わからなければ空のまま Enter)",
				  birth))
			return false;
		if (!**birth)
			return true;
		struct md_date d;
		struct md_err err;
		if (md_date_parse(*birth, &d, &err) == MD_OK) {
			md_date_iso(d, iso);
			return true;
		}
		ui_message(ui, true, "生年月日: %s", err.msg);
	}
}

/* Make the case, or open one of the persons who may be the same. False
 * when refused for something that can be put right or passes (the reason
 * on the message line): then the answers are asked again. */
static bool
make_case(struct ui *ui, const char *name, const char *kana, const char *iso,
	  long long *case_id)
{
	struct md_err err;
	struct md_case_row *rows = NULL;
	size_t n = 0;
	bool done = true;
	if (md_person_similar(ui->db, &ui->user, kana, iso, &rows, &n, &err) !=
	    MD_OK)
		ui_error(ui, &err);
	long long person_id = 0;
	if (n) {
		/* Possible duplicates first: open one of them instead. Each
		 * choice remembers the case to open or the person to use. */
		const char **labels = md_calloc(n * 2 + 1, sizeof *labels);
		char **owned = md_calloc(n * 2, sizeof *owned);
		long long *open_case = md_calloc(n * 2 + 1, sizeof *open_case);
		long long *use_person = md_calloc(n * 2 + 1,
						  sizeof *use_person);
		size_t k = 0;
		for (size_t i = 0;
		     labels && owned && open_case && use_person && i < n; i++) {
			char *b = md_display_date(rows[i].birth_date,
						  MD_DATE_LONG);
			if (rows[i].case_id) {
				owned[k] =
					md_asprintf("ケース %lld を開く: %s(%s) %s",
						    rows[i].case_id,
						    rows[i].name, rows[i].kana,
						    b ? b : "");
				labels[k] = owned[k] ? owned[k] : "";
				open_case[k++] = rows[i].case_id;
			}
			owned[k] =
				md_asprintf("この人の新しいケースを作る: %s(%s) %s",
					    rows[i].name, rows[i].kana,
					    b ? b : "");
			labels[k] = owned[k] ? owned[k] : "";
			use_person[k++] = rows[i].person_id;
			md_free(b);
		}
		int pick = -1;
		if (labels && owned && open_case && use_person) {
			labels[k] = "別の人として新しく登録する";
			pick = ui_choose(ui,
					 "同じ人が登録されているかもしれません",
					 labels, k + 1, 0, NULL);
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
	enum md_status rc = md_workflow_open_case(ui->db, &ui->user, ui->wf,
						  ui->forms, person_id,
						  person_id ? NULL : &fields,
						  &id, &faults, &err);
	if (rc == MD_OK) {
		*case_id = id;
		ui_message(ui, false, "ケース %lld を作りました", id);
	} else {
		ui_error(ui, &err);
		done = !ui_may_retry(rc);
	}
	md_values_fini(&fields);
	md_values_fini(&faults);
out:
	md_case_rows_free(rows, n);
	return done;
}

void
newcase_run(struct ui *ui)
{
	long long id = 0;
	char *name = NULL, *kana = NULL, *birth = NULL, iso[16];
	/* A case refused (a name too long, a database in use) asks again from
	 * what was typed, the reason shown, until it is made or given up. */
	while (ask_person(ui, &name, &kana, &birth, iso) &&
	       !make_case(ui, name, kana, iso, &id))
		;
	md_free(name);
	md_free(kana);
	md_free(birth);
	if (id)
		case_open(ui, id);
}
