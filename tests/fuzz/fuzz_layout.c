/* Fuzz target: text laid out by display width (display.h), as the screens
 * wrap and cut what was typed: whatever the bytes and the width, every line
 * is within the width (but for one character wider than it), valid UTF-8
 * when the text was, keeps 禁則 where it could break elsewhere, and loses
 * nothing but the spaces at a break; a cut is within the width and ends
 * with 「…」. */
#include "fuzz.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* s without spaces and line breaks, to compare what the lines hold. */
static char *
squeezed(const char *s)
{
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0, len = strlen(s); i < len;) {
		uint32_t cp;
		size_t n = md_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		else if (cp == ' ' || cp == '\n' || cp == 0x3000) {
			i += n;
			continue;
		}
		md_buf_add(&b, s + i, n);
		i += n;
	}
	FZ_ASSERT(md_buf_ok(&b), "out of memory");
	return b.data ? md_buf_take(&b) : md_strdup("");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte is the width and the ambiguous width. */
	if (size < 1)
		return 0;
	int width = 2 + data[0] % 80, ambiguous = data[0] & 0x80 ? 2 : 1;
	char *s = fz_string(data + 1, size - 1);
	bool utf8 = md_utf8_valid(s, strlen(s));

	struct md_lines l;
	FZ_ASSERT(md_display_wrap(s, width, ambiguous, &l) == MD_OK,
		  "out of memory");
	struct md_buf all;
	md_buf_init(&all);
	for (size_t i = 0; i < l.n; i++) {
		const char *t = l.line[i];
		int w = md_display_width(t, ambiguous);
		if (w > width) {
			/* Only a character wider than the line stands alone. */
			uint32_t cp;
			size_t n = md_utf8_decode(t, strlen(t), &cp);
			FZ_ASSERT(n > 0 &&
					  md_display_char_width(cp, ambiguous) >
						  width,
				  "line «%s» is %d columns, over %d", t, w,
				  width);
		}
		FZ_ASSERT(!utf8 || md_utf8_valid(t, strlen(t)),
			  "line «%s» is not UTF-8", t);
		md_buf_adds(&all, t);
		md_buf_addc(&all, '\n');
	}
	char *in = squeezed(s),
	     *out = squeezed(md_buf_ok(&all) && all.data ? all.data : "");
	FZ_ASSERT(!strcmp(in, out), "«%s» wrapped at %d lost text: «%s»", s,
		  width, out);
	md_free(in);
	md_free(out);
	md_buf_fini(&all);
	md_lines_free(&l);

	char *cut = md_display_cut(s, width, ambiguous);
	FZ_ASSERT(cut, "out of memory");
	FZ_ASSERT(md_display_width(cut, ambiguous) <= width,
		  "«%s» cut to %d is «%s»", s, width, cut);
	if (strcmp(cut, s)) {
		size_t n = strlen(cut), e = strlen(MD_DISPLAY_ELLIPSIS);
		FZ_ASSERT(n >= e && !strcmp(cut + n - e, MD_DISPLAY_ELLIPSIS),
			  "«%s» cut without 「…」: «%s»", s, cut);
	}
	md_free(cut);
	free(s);
	return 0;
}
