/* Replays corpus files through a fuzz target built without libFuzzer, as TAP:
 * "ok N - TARGET: corpus/TARGET/FILE" for each file given, or found in a
 * folder given, or in the target's own corpus when none is given. A crash,
 * a sanitizer report, a broken property, a leak or a hang of a file makes
 * its line "not ok". */
#include "fuzz.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#include <sanitizer/lsan_interface.h>
#define REPLAY_ASAN 1
#else
#define REPLAY_ASAN 0
#endif

#ifndef FUZZ_NAME
#error "FUZZ_NAME must name the target"
#endif

/* Seconds one file may take before it counts as a hang. */
#define REPLAY_TIMEOUT 30

/* The "not ok" line of the file running now, written if it dies. */
static char replay_dying[8192];
static size_t replay_dying_len;

static void
replay_say_dying(void)
{
	if (replay_dying_len &&
	    write(STDOUT_FILENO, replay_dying, replay_dying_len) < 0)
		replay_dying_len = 0;
}

static void
replay_signal(int sig)
{
	replay_say_dying();
	if (sig == SIGALRM) {
		static const char msg[] = "replay: timed out\n";
		if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
			_exit(2);
	}
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(2);
}

/* The list of files to replay. */
struct files {
	char **paths;
	size_t n, cap;
};

static void
files_add(struct files *f, const char *path)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->paths = realloc(f->paths, f->cap * sizeof *f->paths);
		if (!f->paths)
			abort();
	}
	f->paths[f->n] = strdup(path);
	if (!f->paths[f->n])
		abort();
	f->n++;
}

static int
replay_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* path itself, or the regular files in it (sorted, not recursive). */
static void
files_collect(struct files *f, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		files_add(f, path);
		return;
	}
	DIR *d = opendir(path);
	if (!d) {
		files_add(f, path);
		return;
	}
	size_t first = f->n;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char p[8192];
		snprintf(p, sizeof p, "%s/%s", path, e->d_name);
		if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode))
			files_add(f, p);
	}
	closedir(d);
	qsort(f->paths + first, f->n - first, sizeof *f->paths, replay_compare);
}

/* The whole file; NULL when it cannot be read. */
static uint8_t *
replay_read(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 4096, n = 0, got;
	uint8_t *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *p = realloc(buf, cap *= 2);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
		}
	}
	if (buf && ferror(fp)) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	*size = n;
	return buf;
}

/* How a file is named in its line: from "corpus/" on when it is there. */
static const char *
replay_name(const char *path)
{
	const char *c = strstr(path, "corpus/");
	return c ? c : path;
}

int
main(int argc, char **argv)
{
	struct files files = {0};
	if (argc > 1)
		for (int i = 1; i < argc; i++)
			files_collect(&files, argv[i]);
	else
		files_collect(&files, TOP_DIR "/tests/fuzz/corpus/" FUZZ_NAME);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..%zu\n", files.n);
	LLVMFuzzerInitialize(&argc, &argv);
#if REPLAY_ASAN
	__sanitizer_set_death_callback(replay_say_dying);
#endif
	signal(SIGABRT, replay_signal);
	signal(SIGALRM, replay_signal);
	int failed = 0;
	bool leaked = false;
	for (size_t i = 0; i < files.n; i++) {
		const char *name = replay_name(files.paths[i]);
		int len = snprintf(replay_dying, sizeof replay_dying,
				   "not ok %zu - %s: %s\n", i + 1, FUZZ_NAME,
				   name);
		replay_dying_len = len > 0 && (size_t)len < sizeof replay_dying
					   ? (size_t)len
					   : 0;
		size_t size = 0;
		uint8_t *data = replay_read(files.paths[i], &size);
		if (!data) {
			replay_say_dying();
			printf("#   cannot read %s\n", files.paths[i]);
			failed++;
			continue;
		}
		alarm(REPLAY_TIMEOUT);
		LLVMFuzzerTestOneInput(data, size);
		alarm(0);
		free(data);
		bool leak = false;
#if REPLAY_ASAN
		/* A leak stays leaked: only the first file that leaks is
		 * blamed, and the check stops there. */
		if (!leaked)
			leak = leaked = __lsan_do_recoverable_leak_check() != 0;
#endif
		if (leak) {
			replay_say_dying();
			printf("#   memory leaked (LeakSanitizer's report is on stderr)\n");
			failed++;
		} else {
			printf("ok %zu - %s: %s\n", i + 1, FUZZ_NAME, name);
		}
		replay_dying_len = 0;
	}
	for (size_t i = 0; i < files.n; i++)
		free(files.paths[i]);
	free(files.paths);
	return failed ? 1 : 0;
}
