/* Collecting file:line faults so a loader can report all of them at once. */
#include "madoguchi/diag.h"

#include <stdarg.h>
#include <string.h>

#include "madoguchi/mem.h"

void
md_diags_init(struct md_diags *d)
{
	memset(d, 0, sizeof *d);
}

void
md_diags_fini(struct md_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		md_free(d->msgs[i]);
	md_free(d->msgs);
	md_diags_init(d);
}

void
md_diags_add(struct md_diags *d, const char *file, int line, const char *fmt,
	     ...)
{
	va_list ap;
	va_start(ap, fmt);
	md_diags_vadd(d, file, line, fmt, ap);
	va_end(ap);
}

void
md_diags_vadd(struct md_diags *d, const char *file, int line, const char *fmt,
	      va_list ap)
{
	if (d->oom)
		return;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		char **p = md_realloc(d->msgs, cap * sizeof *p);
		if (!p) {
			d->oom = true;
			return;
		}
		d->msgs = p;
		d->cap = cap;
	}
	struct md_buf b;
	md_buf_init(&b);
	if (file && line > 0)
		md_buf_addf(&b, "%s:%d: ", file, line);
	else if (file)
		md_buf_addf(&b, "%s: ", file);
	md_buf_vaddf(&b, fmt, ap);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		d->oom = true;
		return;
	}
	d->msgs[d->n++] = md_buf_take(&b);
}

enum md_status
md_diags_to_err(const struct md_diags *d, enum md_status status,
		struct md_err *err)
{
	if (d->oom)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	if (d->n == 0)
		return MD_OK;
	struct md_buf b;
	md_buf_init(&b);
	size_t shown = 0;
	for (; shown < d->n; shown++) {
		if (shown &&
		    b.len + strlen(d->msgs[shown]) + 64 >= MD_ERR_MSG_MAX)
			break;
		if (shown)
			md_buf_addc(&b, '\n');
		md_buf_adds(&b, d->msgs[shown]);
	}
	if (shown < d->n)
		md_buf_addf(&b, "\nほか %zu 件の誤りがあります", d->n - shown);
	md_err_set(err, status, "%s", md_buf_str(&b));
	md_buf_fini(&b);
	return status;
}
