/* Timing of what the screens do, for the benchmark; only in a test build,
 * and off unless its TRACE hook names a file. */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/hooks.h"

static FILE *trace_out;
static long long trace_t0; /* CLOCK_REALTIME ns at start; 0: unknown */
static bool trace_first_done;
static bool trace_login_pending;
static struct timespec trace_login_at;

void
trace_init(void)
{
#ifdef MD_TEST_HOOKS
	const char *path = md_test_hook(MD_HOOK_TRACE);
	if (!path)
		return;
	trace_out = fopen(path, "a");
	if (trace_out)
		setvbuf(trace_out, NULL, _IOLBF, 0);
	const char *t0 = md_test_hook(MD_HOOK_TRACE_T0);
	trace_t0 = t0 ? atoll(t0) : 0;
#endif
}

bool
trace_on(void)
{
	return trace_out != NULL;
}

void
trace_fini(void)
{
	if (trace_out)
		fclose(trace_out);
	trace_out = NULL;
}

/* Bytes this process has passed to write(2) so far (/proc/self/io). */
static long long
trace_written(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	long long n = -1;
	char line[128];
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "wchar: %lld", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

static long long
trace_us(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000LL +
	       (b->tv_nsec - a->tv_nsec) / 1000;
}

void
trace_begin(struct trace_frame *f)
{
	if (!trace_out)
		return;
	f->written = trace_written();
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &f->cpu);
	clock_gettime(CLOCK_MONOTONIC, &f->wall);
}

void
trace_end(const struct trace_frame *f, const char *kind, const char *from,
	  const char *to)
{
	if (!trace_out)
		return;
	struct timespec wall, cpu;
	clock_gettime(CLOCK_MONOTONIC, &wall);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	long long bytes = trace_written() - f->written;
	if (!strcmp(kind, "tick") && bytes <= 0)
		return;
	fprintf(trace_out, "%s\t%s\t%s\t%lld\t%lld\t%lld\n", kind, from, to,
		trace_us(&f->wall, &wall), trace_us(&f->cpu, &cpu), bytes);
}

void
trace_drawn(const char *screen)
{
	if (!trace_out)
		return;
	if (!trace_first_done) {
		trace_first_done = true;
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		long long ns = now.tv_sec * 1000000000LL + now.tv_nsec;
		if (trace_t0)
			fprintf(trace_out, "first_drawn\t%s\t%lld\n", screen,
				(ns - trace_t0) / 1000);
	}
	if (trace_login_pending && !strcmp(screen, "今日の予定")) {
		trace_login_pending = false;
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		fprintf(trace_out, "home_drawn\t%s\t%lld\n", screen,
			trace_us(&trace_login_at, &now));
	}
}

void
trace_login(void)
{
	if (!trace_out)
		return;
	trace_login_pending = true;
	clock_gettime(CLOCK_MONOTONIC, &trace_login_at);
}
