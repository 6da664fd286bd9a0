/* What the lists share: the case next to one in a list's order, for the
 * case screen opened from it (< and >), and moving a selection. */
#include "ui.h"

#include <curses.h>

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
