/* What the lists share: the case next to one in a list's order, for the
 * case screen opened from it (< and >), moving a selection, and choosing
 * an office. */
#include "ui.h"

#include <curses.h>
#include <string.h>

#include "madoguchi/mem.h"
#include "madoguchi/offices.h"

int
ui_list_move(const struct ui_key *k, int sel, size_t n, int page)
{
	int to = sel;
	if (k->fkey) {
		switch (k->ch) {
		case KEY_UP:
			to--;
			break;
		case KEY_DOWN:
			to++;
			break;
		case KEY_PPAGE:
			to -= page;
			break;
		case KEY_NPAGE:
			to += page;
			break;
		case KEY_HOME:
			to = 0;
			break;
		case KEY_END:
			to = (int)n - 1;
			break;
		}
	} else if (k->ch == L'k' || k->ch == L'j') {
		to += k->ch == L'j' ? 1 : -1;
	}
	return to < 0 || !n ? 0 : to >= (int)n ? (int)n - 1 : to;
}

long long
ui_list_neighbour(const void *rows, size_t n, size_t size, size_t id_offset,
		  int *sel, long long case_id, int dir)
{
	const char *base = rows;
#define ID_AT(i) (*(const long long *)(base + (size_t)(i)*size + id_offset))
	int at = *sel >= 0 && (size_t)*sel < n && ID_AT(*sel) == case_id ? *sel
									 : -1;
	for (size_t i = 0; at < 0 && i < n; i++)
		if (ID_AT(i) == case_id)
			at = (int)i;
	if (at < 0)
		return 0;
	/* Rows of the same case side by side (its entries) are one step. */
	for (long i = at + dir; i >= 0 && (size_t)i < n; i += dir)
		if (ID_AT(i) && ID_AT(i) != case_id) {
			*sel = (int)i;
			return ID_AT(i);
		}
#undef ID_AT
	return 0;
}

bool
ui_choose_office(struct ui *ui, const char *current, const char *none,
		 bool none_first, char **name)
{
	struct md_office *o;
	size_t n;
	struct md_err err;
	if (md_offices_list(ui->db, &o, &n, &err) != MD_OK) {
		ui_error(ui, &err);
		return false;
	}
	bool chosen = false;
	const char **labels = md_calloc(n + 1, sizeof *labels);
	if (labels) {
		size_t first = none_first ? 1 : 0;
		int cur = 0;
		labels[none_first ? 0 : n] = none;
		for (size_t i = 0; i < n; i++) {
			labels[first + i] = o[i].name;
			if (current && !strcmp(current, o[i].name))
				cur = (int)(first + i);
		}
		int k = ui_choose(ui, "事業所", labels, n + 1, cur, NULL);
		if (k >= 0) {
			bool is_none = none_first ? k == 0 : (size_t)k == n;
			*name = is_none ? NULL : md_strdup(labels[k]);
			chosen = is_none || *name;
		}
	}
	md_free(labels);
	md_offices_free(o, n);
	return chosen;
}
