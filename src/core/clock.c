/* Wall-clock time for the core; a test build may fix it (hooks.h). */
#include "madoguchi/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/hooks.h"

time_t
md_clock_parse(const char *ts)
{
	struct tm tm;
	char sep = 0;
	int n;

	memset(&tm, 0, sizeof tm);
	if (sscanf(ts, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &sep, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
		   &n) != 7 ||
	    (sep != ' ' && sep != 'T') || ts[n] != '\0')
		return (time_t)-1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

time_t
md_clock_now(void)
{
#ifdef MD_TEST_HOOKS
	const char *fixed = md_test_hook(MD_HOOK_NOW);
	if (fixed) {
		time_t t = md_clock_parse(fixed);
		if (t != (time_t)-1)
			return t;
	}
#endif
	return time(NULL);
}

void
md_clock_format(time_t t, char out[MD_TIMESTAMP_SIZE])
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, MD_TIMESTAMP_SIZE, "%Y-%m-%d %H:%M:%S", &tm);
}

void
md_clock_timestamp(char out[MD_TIMESTAMP_SIZE])
{
	md_clock_format(md_clock_now(), out);
}

void
md_clock_today(char out[MD_DATE_SIZE])
{
	char ts[MD_TIMESTAMP_SIZE];
	md_clock_timestamp(ts);
	memcpy(out, ts, 10);
	out[10] = '\0';
}
