/* What the fuzz targets share: a sealed environment, a private temporary
 * folder, the input as a string or a file, properties that abort, and a
 * small database made once per process. */
#ifndef MADOGUCHI_FUZZ_H
#define MADOGUCHI_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db_int.h"
#include "madoguchi/agencies.h"
#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"

#ifndef TOP_DIR
#define TOP_DIR "."
#endif

/* libFuzzer's entry points: every target defines both. The replay driver
 * (replay.c) calls them the same way under gcc. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Once per process: TZ=Asia/Tokyo, a fixed clock (MADOGUCHI_NOW), the
 * shipped data from the source tree, and a new empty folder under $TMPDIR
 * removed at exit.
 */
void fz_setup(void);

/* A path in that folder (a new string kept for the life of the process). */
char *fz_path(const char *name);

/* Replace the file at path with the bytes of the input. Aborts on failure. */
void fz_write(const char *path, const uint8_t *data, size_t size);

/* The input as a string (cut at the first NUL); free() it. */
char *fz_string(const uint8_t *data, size_t size);

/* Report a broken property on stderr and abort: the fuzzer keeps the input. */
void fz_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#define FZ_ASSERT(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond))                                                   \
			fz_fail(__VA_ARGS__);                                  \
	} while (0)

/* Whether s is well-formed UTF-8 (NULL is not). */
bool fz_utf8(const char *s);

/* The forms of dir (relative to the source tree); aborts when they fail. */
struct md_forms *fz_forms(const char *dir);

/*
 * A new database in the folder (name), with an administrator "admin"
 * (管理 太郎) whose row is put in *admin. Synchronous writes are off: the
 * file is thrown away. Aborts on failure.
 */
struct md_db *fz_db(const char *name, struct md_user *admin);

/* The kinds of agency the targets' catalogues may give (福祉事務所, 行政,
 * 就労, 安全). */
extern const struct md_agency_kinds fuzz_kinds;

#endif
