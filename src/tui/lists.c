/* What the lists of cases share: the case next to one in a list's order,
 * for the case screen opened from it (< and >). */
#include "ui.h"

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
