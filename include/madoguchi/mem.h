/* The core's one allocator, and a growable byte buffer built on it. */
#ifndef MADOGUCHI_MEM_H
#define MADOGUCHI_MEM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Every allocation the core makes goes through these, which call SQLite's
 * allocator: a test that installs a failing allocator in SQLite
 * (its malloc configuration) fails the core's allocations and
 * SQLite's alike. They return NULL on failure; md_free(NULL) is a no-op.
 * Memory from md_* must be released with md_free, never free().
 */
void *md_malloc(size_t size);
void *md_calloc(size_t count, size_t size);
void *md_realloc(void *ptr, size_t size);
char *md_strdup(const char *s);
char *md_strndup(const char *s, size_t n);
/* printf into a new string; NULL on failure. */
char *md_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void md_free(void *ptr);

/*
 * A growable, always NUL-terminated byte buffer. Once an append fails the
 * buffer is marked failed, further appends do nothing, and md_buf_ok() says
 * so: callers check once at the end.
 */
struct md_buf {
	char *data;
	size_t len;
	size_t cap;
	bool failed;
};

void md_buf_init(struct md_buf *b);
void md_buf_fini(struct md_buf *b);
void md_buf_reset(struct md_buf *b);
bool md_buf_ok(const struct md_buf *b);
void md_buf_add(struct md_buf *b, const void *bytes, size_t len);
void md_buf_adds(struct md_buf *b, const char *s);
void md_buf_addc(struct md_buf *b, char c);
void md_buf_addf(struct md_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void md_buf_vaddf(struct md_buf *b, const char *fmt, va_list ap);
/* Hand the string over to the caller (md_free it); the buffer is reset. */
char *md_buf_take(struct md_buf *b);
/* The contents as a string ("" when empty); valid until the next change. */
const char *md_buf_str(const struct md_buf *b);

/*
 * An arena: many small allocations released together, for data that lives
 * and dies as one (a loaded form definition). Allocations are never freed
 * one by one.
 */
struct md_arena_chunk;
struct md_arena {
	struct md_arena_chunk *head;
	bool failed;
};

void md_arena_init(struct md_arena *a);
void md_arena_fini(struct md_arena *a);
/* Zeroed memory, aligned for any type; NULL (and a->failed) on OOM. */
void *md_arena_alloc(struct md_arena *a, size_t size);
char *md_arena_strdup(struct md_arena *a, const char *s);
char *md_arena_strndup(struct md_arena *a, const char *s, size_t n);

#endif
