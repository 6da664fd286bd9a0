/* The time the program believes it is: the system clock (a fixed one in test builds). */
#ifndef MADOGUCHI_CLOCK_H
#define MADOGUCHI_CLOCK_H

#include <time.h>

/* "YYYY-MM-DD HH:MM:SS" plus NUL. */
#define MD_TIMESTAMP_SIZE 20
/* "YYYY-MM-DD" plus NUL. */
#define MD_DATE_SIZE 11

/*
 * Now, in seconds since the epoch, from the system clock. Only in a test
 * build, a "YYYY-MM-DD HH:MM:SS" (or with a 'T') local time given through
 * the NOW hook (hooks.h) is returned instead, so tests see a stable "today";
 * the release build always tells the real time.
 */
time_t md_clock_now(void);

/* Local time of t as "YYYY-MM-DD HH:MM:SS" into out. */
void md_clock_format(time_t t, char out[MD_TIMESTAMP_SIZE]);

/* md_clock_format(md_clock_now()). */
void md_clock_timestamp(char out[MD_TIMESTAMP_SIZE]);

/* Today's local date as "YYYY-MM-DD". */
void md_clock_today(char out[MD_DATE_SIZE]);

/* Parse "YYYY-MM-DD HH:MM:SS" (local time); returns (time_t)-1 on error. */
time_t md_clock_parse(const char *ts);

#endif
