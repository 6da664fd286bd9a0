/*
 * Kill a running program at an exact point (the screens' crash test, which
 * cannot start the program itself: tmux does). Attaches to PID with ptrace,
 * then kills it with SIGKILL at the entry of its Nth system call that
 * changes a file (pwrite, a write other than to the terminal, ftruncate,
 * unlink, a sync, …), or of its
 * Nth fdatasync with --sync, counting from the attach; or after --timeout
 * milliseconds when it has not made that many. Prints one line:
 *
 *   killed at call N of the kind (SYSCALL)
 *   killed after TIMEOUT ms, M calls seen
 *   ended by itself, M calls seen        (exit status 1)
 *
 * It writes "attached" to the file --ready names once it follows the
 * program, so that the keys that start the work are sent after.
 *
 *   killat PID N [--sync] [--timeout MS] [--ready FILE]
 *
 * Exit status 0 when it killed the program, 1 when the program ended by
 * itself, 2 on a usage error, 3 when it could not attach (ptrace not
 * allowed: the caller kills at a random moment instead).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "syscalls.h"

/* A call after which a file may differ; writes to the terminal
 * (descriptors 0 to 2) are drawing, not files. */
static bool
file_call(long nr, unsigned long long fd)
{
	if (nr == SYS_write || nr == SYS_writev)
		return fd > 2;
	return changes_files(nr);
}

static const char *
call_name(long nr)
{
	switch (nr) {
	case SYS_write:
		return "write";
	case SYS_pwrite64:
		return "pwrite64";
	case SYS_fdatasync:
		return "fdatasync";
	case SYS_fsync:
		return "fsync";
	case SYS_ftruncate:
		return "ftruncate";
	case SYS_unlink:
		return "unlink";
	default:
		return "another call";
	}
}

static pid_t target;
static volatile sig_atomic_t timed_out;

static void
on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	/* Interrupts the tracer's waitpid; the program is killed below. */
}

int
main(int argc, char **argv)
{
	bool sync_only = false;
	long timeout_ms = 3000;
	const char *ready = NULL;
	int pos = 0;
	long nth = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--sync"))
			sync_only = true;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout_ms = atol(argv[++i]);
		else if (!strcmp(argv[i], "--ready") && i + 1 < argc)
			ready = argv[++i];
		else if (pos == 0 && ++pos)
			target = (pid_t)atol(argv[i]);
		else if (pos == 1 && ++pos)
			nth = atol(argv[i]);
		else
			pos = 99;
	}
	if (pos != 2 || target <= 0 || nth < 1 || timeout_ms < 1) {
		fprintf(stderr, "usage: killat PID N [--sync] [--timeout MS]"
				" [--ready FILE]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (ptrace(PTRACE_SEIZE, target, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) != 0) {
		printf("cannot attach to %d: %s\n", (int)target,
		       strerror(errno));
		return 3;
	}
	int status;
	/* Stop it once to start following its calls. */
	if (ptrace(PTRACE_INTERRUPT, target, 0, 0) != 0 ||
	    waitpid(target, &status, __WALL) != target) {
		printf("cannot stop %d: %s\n", (int)target, strerror(errno));
		return 3;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm; /* no SA_RESTART: waitpid returns EINTR */
	sigaction(SIGALRM, &sa, NULL);
	timer_t timer;
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGALRM;
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0) {
		printf("timer_create: %s\n", strerror(errno));
		kill(target, SIGKILL);
		return 3;
	}
	struct itimerspec its;
	memset(&its, 0, sizeof its);
	its.it_value.tv_sec = timeout_ms / 1000;
	its.it_value.tv_nsec = (timeout_ms % 1000) * 1000000L;
	if (ready) {
		FILE *f = fopen(ready, "w");
		if (f) {
			fputs("attached\n", f);
			fclose(f);
		}
	}
	timer_settime(timer, 0, &its, NULL);
	long seen = 0;
	int sig = 0;
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, target, 0, sig) != 0)
			break;
		sig = 0;
		pid_t w = waitpid(target, &status, __WALL);
		if (w < 0 && errno == EINTR && timed_out) {
			kill(target, SIGKILL);
			waitpid(target, &status, __WALL);
			printf("killed after %ld ms, %ld calls seen\n",
			       timeout_ms, seen);
			return 0;
		}
		if (w != target)
			break;
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			printf("ended by itself, %ld calls seen\n", seen);
			return 1;
		}
		if (!WIFSTOPPED(status))
			continue;
		int stopsig = WSTOPSIG(status);
		if (stopsig != (SIGTRAP | 0x80)) {
			/* A group stop (PTRACE_EVENT_STOP) or a signal to
			 * pass on (SIGWINCH from tmux, …). */
			if (status >> 16 == 0 && stopsig != SIGTRAP)
				sig = stopsig;
			continue;
		}
		if (timed_out) {
			kill(target, SIGKILL);
			waitpid(target, &status, __WALL);
			printf("killed after %ld ms, %ld calls seen\n",
			       timeout_ms, seen);
			return 0;
		}
		struct __ptrace_syscall_info info;
		memset(&info, 0, sizeof info);
		if (ptrace(PTRACE_GET_SYSCALL_INFO, target, sizeof info,
			   &info) <= 0 ||
		    info.op != PTRACE_SYSCALL_INFO_ENTRY)
			continue;
		long nr = (long)info.entry.nr;
		if (sync_only ? is_sync(nr)
			      : file_call(nr, info.entry.args[0])) {
			if (++seen == nth) {
				kill(target, SIGKILL);
				waitpid(target, &status, __WALL);
				printf("killed at call %ld of the kind (%s)\n",
				       seen, call_name(nr));
				return 0;
			}
		}
	}
	/* The program went while we followed it. */
	printf("ended by itself, %ld calls seen\n", seen);
	return 1;
}
