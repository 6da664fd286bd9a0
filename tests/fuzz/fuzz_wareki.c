/* Fuzz target: dates (和暦 and 西暦) and times of day as typed (wareki.h), and
 * what is written from them read back the same. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/wareki.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	return 0;
}

/* text, which was read as d, read again gives d. */
static void
wareki_reads_back(const char *text, struct md_date d, const char *what)
{
	struct md_date back;
	struct md_err err;
	enum md_status rc = md_date_parse(text, &back, &err);
	FZ_ASSERT(rc == MD_OK, "%s «%s» of %d-%d-%d is refused: %s", what, text,
		  d.year, d.month, d.day, err.msg);
	FZ_ASSERT(!md_date_compare(back, d),
		  "%s «%s» of %d-%d-%d reads %d-%d-%d", what, text, d.year,
		  d.month, d.day, back.year, back.month, back.day);
}

/* Everything a date that was accepted is written as. */
static void
wareki_check_date(struct md_date d)
{
	FZ_ASSERT(md_date_valid(d.year, d.month, d.day),
		  "accepted an invalid date %d-%d-%d", d.year, d.month, d.day);
	char iso[11];
	md_date_iso(d, iso);
	struct md_date back;
	FZ_ASSERT(md_date_from_iso(iso, &back, NULL) == MD_OK &&
			  !md_date_compare(back, d),
		  "ISO %s does not read back", iso);
	wareki_reads_back(iso, d, "ISO");
	back = md_date_from_days(md_date_days(d));
	FZ_ASSERT(!md_date_compare(back, d), "days of %s give %d-%d-%d", iso,
		  back.year, back.month, back.day);

	char text[64];
	int n = md_date_wareki(d, text, sizeof text);
	FZ_ASSERT(n > 0 && (size_t)n < sizeof text && fz_utf8(text),
		  "和暦 of %s: %d bytes", iso, n);
	/* Every date accepted (明治6年1月1日 on) has an era. */
	enum md_era era;
	int year;
	FZ_ASSERT(md_date_compare(d, MD_DATE_FIRST) >= 0 &&
			  md_date_era(d, &era, &year),
		  "%s was accepted without an era", iso);
	FZ_ASSERT(year >= 1 && *md_era_name(era), "era of %s", iso);
	wareki_reads_back(text, d, "和暦");
	n = md_date_wareki_short(d, text, sizeof text);
	FZ_ASSERT(n > 0 && (size_t)n < sizeof text, "short 和暦 of %s", iso);
	wareki_reads_back(text, d, "short 和暦");
	/* Cut short, it stays whole characters. */
	for (size_t size = 1; size < 24; size++) {
		char small[24];
		md_date_wareki(d, small, size);
		FZ_ASSERT(strlen(small) < size && fz_utf8(small),
			  "和暦 of %s cut at %zu is «%s»", iso, size, small);
	}
	struct md_date later = md_date_add_months(d, 13);
	FZ_ASSERT(d.year > 9990 ||
			  md_date_valid(later.year, later.month, later.day),
		  "%s + 13 months is %d-%d-%d", iso, later.year, later.month,
		  later.day);
	FZ_ASSERT(md_date_age(d, later) == 1, "age after 13 months of %s", iso);
}

/* Writers that take any fields must not overflow, for dates that are not. */
static void
wareki_check_fields(const uint8_t *data, size_t size)
{
	int v[3] = {0, 0, 0};
	memcpy(v, data, size < sizeof v ? size : sizeof v);
	struct md_date d = {v[0], v[1], v[2]};
	char iso[11], text[64];
	md_date_iso(d, iso);
	FZ_ASSERT(strlen(iso) == 10, "ISO of any fields is 10 bytes");
	int n = md_date_wareki(d, text, sizeof text);
	FZ_ASSERT(n > 0 && (size_t)n < sizeof text, "和暦 of any fields");
	n = md_date_wareki_short(d, text, sizeof text);
	FZ_ASSERT(n > 0 && (size_t)n < sizeof text, "short 和暦 of any fields");
	md_date_era(d, NULL, NULL);
	char hm[6];
	md_time_format(v[0], hm);
	FZ_ASSERT(strlen(hm) == 5, "time of any minutes");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fz_string(data, size);
	struct md_date d;
	struct md_err err;
	enum md_status rc = md_date_parse(text, &d, &err);
	if (rc == MD_OK)
		wareki_check_date(d);
	else
		FZ_ASSERT(rc == MD_ERR_INVALID && *err.msg &&
				  fz_utf8(err.msg) && d.year == 0 &&
				  d.month == 0 && d.day == 0,
			  "refusal of a date: %d «%s»", rc, err.msg);

	int minutes;
	rc = md_time_parse(text, &minutes, &err);
	if (rc == MD_OK) {
		FZ_ASSERT(minutes >= 0 && minutes < 24 * 60, "minutes %d",
			  minutes);
		char hm[6];
		md_time_format(minutes, hm);
		int back;
		FZ_ASSERT(md_time_parse(hm, &back, NULL) == MD_OK &&
				  back == minutes,
			  "time %s does not read back", hm);
	} else {
		FZ_ASSERT(rc == MD_ERR_INVALID && *err.msg &&
				  fz_utf8(err.msg) && minutes == -1,
			  "refusal of a time: %d «%s»", rc, err.msg);
	}
	wareki_check_fields(data, size);
	free(text);
	return 0;
}
