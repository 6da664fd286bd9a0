/* The fuzz targets' shared environment: a temporary folder, files, a database. */
#include "fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/diag.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

static char fz_dir[4096];
static pid_t fz_owner;

/* Remove the folder and the files in it (it holds no folders). */
static void
fz_cleanup(void)
{
	if (!fz_dir[0] || getpid() != fz_owner)
		return;
	DIR *d = opendir(fz_dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char p[4400];
			snprintf(p, sizeof p, "%s/%s", fz_dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(fz_dir);
}

void
fz_setup(void)
{
	if (fz_dir[0])
		return;
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	setenv("MADOGUCHI_NOW", "2026-04-01 10:00:00", 1);
	setenv("MADOGUCHI_DATADIR", TOP_DIR, 1);
	const char *base = getenv("TMPDIR");
	snprintf(fz_dir, sizeof fz_dir, "%s/madoguchi-fuzz-XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(fz_dir))
		fz_fail("mkdtemp %s failed", fz_dir);
	fz_owner = getpid();
	atexit(fz_cleanup);
}

char *
fz_path(const char *name)
{
	fz_setup();
	char *p = malloc(strlen(fz_dir) + strlen(name) + 2);
	if (!p)
		fz_fail("out of memory");
	sprintf(p, "%s/%s", fz_dir, name);
	return p;
}

void
fz_write(const char *path, const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		fz_fail("cannot write %s", path);
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fd, data + done, size - done);
		if (n <= 0)
			fz_fail("cannot write %s", path);
		done += (size_t)n;
	}
	close(fd);
}

char *
fz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		fz_fail("out of memory");
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void
fz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz: property broken: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/*
 * A check of its own, not md_utf8_valid: an oracle apart from the code it
 * checks, and left out of the coverage instrumentation, which made the
 * check of every fault of a definition with thousands of them cost three
 * times what the loader took to write them. Well-formed UTF-8 as RFC 3629
 * says: no overlongs, no surrogates, nothing above U+10FFFF.
 */
#if defined(__clang__)
#define FZ_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define FZ_NO_COVERAGE /* gcc builds the replay, without coverage */
#endif

FZ_NO_COVERAGE bool
fz_utf8(const char *s)
{
	if (!s)
		return false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char c = *p;
		size_t n;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c < 0x80)
			n = 0;
		else if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			lo = c == 0xE0 ? 0xA0 : 0x80;
			hi = c == 0xED ? 0x9F : 0xBF;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			lo = c == 0xF0 ? 0x90 : 0x80;
			hi = c == 0xF4 ? 0x8F : 0xBF;
		} else
			return false;
		p++;
		for (size_t i = 0; i < n; i++, p++) {
			if (*p < (i ? 0x80 : lo) || *p > (i ? 0xBF : hi))
				return false;
		}
	}
	return true;
}

struct md_forms *
fz_forms(const char *dir)
{
	fz_setup();
	struct md_forms *forms = NULL;
	struct md_err err;
	struct md_diags diags;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", TOP_DIR, dir);
	md_diags_init(&diags);
	enum md_status rc = md_forms_load(path, &forms, &diags, &err);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "%s\n", diags.msgs[i]);
	md_diags_fini(&diags);
	if (rc != MD_OK)
		fz_fail("forms %s: %s", path, err.msg);
	return forms;
}

static const char *const fuzz_kind_names[] = {"福祉事務所", "行政", "就労",
					      "安全"};
const struct md_agency_kinds fuzz_kinds = {fuzz_kind_names, 4};

struct md_db *
fz_db(const char *name, struct md_user *admin)
{
	struct md_db *db = NULL;
	struct md_err err;
	char *path = fz_path(name);
	if (md_db_open(path, MD_DB_CREATE, &db, &err) != MD_OK ||
	    md_db_exec(db, "PRAGMA synchronous = OFF", &err) != MD_OK ||
	    md_user_add(db, NULL, "admin", "管理 太郎", MD_ROLE_ADMIN,
			"admin-password", NULL, &err) != MD_OK ||
	    md_user_get(db, "admin", admin, &err) != MD_OK)
		fz_fail("database %s: %s", path, err.msg);
	free(path);
	return db;
}
