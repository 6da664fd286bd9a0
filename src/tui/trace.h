/* Timing of what the screens do, for the benchmark (make bench): in a test
 * build, with MADOGUCHI_TRACE=FILE (hooks.h), each key and each tick that
 * drew is one line of FILE with its wall and CPU time and the bytes written
 * to the terminal. The release build never traces. */
#ifndef MADOGUCHI_TUI_TRACE_H
#define MADOGUCHI_TUI_TRACE_H

#include <stdbool.h>
#include <time.h>

/* What a frame started from. */
struct trace_frame {
	struct timespec wall, cpu;
	long long written; /* the process's bytes written so far */
};

/* In a test build, read the TRACE hook (the file to append to; tracing is
 * off without it) and TRACE_T0 (when the program was started, in
 * nanoseconds of CLOCK_REALTIME, set by the benchmark's launcher). A
 * release build does nothing. */
void trace_init(void);
bool trace_on(void);
void trace_fini(void);

void trace_begin(struct trace_frame *f);
/*
 * One line "kind<TAB>from<TAB>to<TAB>wall µs<TAB>CPU µs<TAB>bytes" for the
 * frame begun at f (from: the screen the key went to; to: the screen shown
 * after); a tick (kind "tick") is written only when it drew something.
 */
void trace_end(const struct trace_frame *f, const char *kind, const char *from,
	       const char *to);

/* A screen was drawn: the first drawing of all is written as
 * "first_drawn<TAB>screen<TAB>µs since start", and the home screen drawn
 * after a login as "home_drawn<TAB>screen<TAB>µs since the password was
 * accepted". */
void trace_drawn(const char *screen);
/* The password was accepted (login.c). */
void trace_login(void);

#endif
