/* Fuzz target: text made visible for a terminal (visible.h): whatever the
 * bytes, what comes out is UTF-8 with nothing a terminal would obey or not
 * draw, shows the same when made visible again, and a text that one line
 * accepts (md_text_check) shows as itself. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/mem.h"
#include "madoguchi/text.h"
#include "madoguchi/visible.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	return 0;
}

/* s[0..len) made visible in mode, as a new string (md_free). */
static char *
visible_of(const char *s, size_t len, enum md_visible_mode mode)
{
	struct md_buf b;
	md_buf_init(&b);
	md_visible_add(&b, s, len, mode);
	FZ_ASSERT(md_buf_ok(&b), "out of memory");
	return b.data ? md_buf_take(&b) : md_strdup("");
}

/* out holds nothing hidden but, in lines, line feeds; returns their count. */
static size_t
visible_check(const char *out, enum md_visible_mode mode)
{
	FZ_ASSERT(fz_utf8(out), "not UTF-8: «%s»", out);
	size_t len = strlen(out), i = 0, lf = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = md_utf8_decode(out + i, len - i, &cp);
		FZ_ASSERT(n > 0, "undecodable at %zu", i);
		if (cp == '\n' && mode == MD_VISIBLE_LINES)
			lf++;
		else
			FZ_ASSERT(!md_visible_hidden(cp), "U+%04X left in «%s»",
				  (unsigned)cp, out);
		i += n;
	}
	return lf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *line = visible_of(s, size, MD_VISIBLE_LINE);
	char *lines = visible_of(s, size, MD_VISIBLE_LINES);
	visible_check(line, MD_VISIBLE_LINE);
	size_t lf = 0;
	for (size_t i = 0; i < size; i++)
		lf += data[i] == '\n';
	FZ_ASSERT(visible_check(lines, MD_VISIBLE_LINES) == lf,
		  "line feeds not kept");

	char *again = md_visible(line, MD_VISIBLE_LINE);
	FZ_ASSERT(again && !strcmp(again, line),
		  "«%s» changes when shown again", line);
	md_free(again);

	/* The printer's %s is the same text, cut where the string ends. */
	char *str = fz_string(data, size);
	struct md_buf b;
	md_buf_init(&b);
	md_visible_addf(&b, MD_VISIBLE_LINE, "[%s]", str);
	char *plain = md_visible(str, MD_VISIBLE_LINE);
	FZ_ASSERT(plain && md_buf_ok(&b) && b.len == strlen(plain) + 2 &&
			  !strncmp(b.data + 1, plain, b.len - 2),
		  "%%s of «%s» is not md_visible", str);
	md_buf_fini(&b);

	/* What one line accepts, it shows as it is. */
	struct md_err err;
	if (md_text_check(str, false, "fuzz", &err) == MD_OK)
		FZ_ASSERT(!strcmp(plain, str), "accepted «%s» shows as «%s»",
			  str, plain);
	md_free(plain);
	free(str);
	md_free(line);
	md_free(lines);
	return 0;
}
