/* The core's allocator (through SQLite's, so one hook fails both) and md_buf. */
#include "madoguchi/mem.h"

#include <sqlite3.h>
#include <assert.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void *
md_malloc(size_t size)
{
	return sqlite3_malloc64(size ? size : 1);
}

void *
md_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	size_t n = count * size;
	void *p = md_malloc(n);
	if (p && n)
		memset(p, 0, n);
	return p;
}

void *
md_realloc(void *ptr, size_t size)
{
	return sqlite3_realloc64(ptr, size ? size : 1);
}

void
md_free(void *ptr)
{
	sqlite3_free(ptr);
}

char *
md_strndup(const char *s, size_t n)
{
	char *p = md_malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
md_strdup(const char *s)
{
	return s ? md_strndup(s, strlen(s)) : NULL;
}

char *
md_asprintf(const char *fmt, ...)
{
	struct md_buf b;
	va_list ap;

	md_buf_init(&b);
	va_start(ap, fmt);
	md_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

void
md_buf_init(struct md_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

void
md_buf_fini(struct md_buf *b)
{
	md_free(b->data);
	md_buf_init(b);
}

void
md_buf_reset(struct md_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data)
		b->data[0] = '\0';
}

bool
md_buf_ok(const struct md_buf *b)
{
	return !b->failed;
}

static bool
buf_reserve(struct md_buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > SIZE_MAX - b->len - 1) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = md_realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void
md_buf_add(struct md_buf *b, const void *bytes, size_t len)
{
	if (!buf_reserve(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
md_buf_adds(struct md_buf *b, const char *s)
{
	md_buf_add(b, s, strlen(s));
}

void
md_buf_addc(struct md_buf *b, char c)
{
	md_buf_add(b, &c, 1);
}

void
md_buf_vaddf(struct md_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (!buf_reserve(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
md_buf_addf(struct md_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	md_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *
md_buf_take(struct md_buf *b)
{
	char *s = b->data;
	if (!s)
		s = md_strdup("");
	md_buf_init(b);
	return s;
}

const char *
md_buf_str(const struct md_buf *b)
{
	return b->data ? b->data : "";
}

/*
 * SQLite's allocator returns 8-byte aligned memory, which is what every type
 * the core keeps in an arena needs (pointers, long long, double).
 */
#define ARENA_ALIGN 8
static_assert(alignof(long long) <= ARENA_ALIGN &&
		      alignof(double) <= ARENA_ALIGN &&
		      alignof(void *) <= ARENA_ALIGN,
	      "arena alignment");

struct md_arena_chunk {
	struct md_arena_chunk *next;
	size_t used, cap;
	unsigned char data[];
};

#define ARENA_CHUNK 16384

void
md_arena_init(struct md_arena *a)
{
	a->head = NULL;
	a->failed = false;
}

void
md_arena_fini(struct md_arena *a)
{
	struct md_arena_chunk *c = a->head;
	while (c) {
		struct md_arena_chunk *next = c->next;
		md_free(c);
		c = next;
	}
	md_arena_init(a);
}

void *
md_arena_alloc(struct md_arena *a, size_t size)
{
	const size_t align = ARENA_ALIGN;
	size = (size + align - 1) / align * align;
	if (size == 0)
		size = align;
	struct md_arena_chunk *c = a->head;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		c = md_malloc(sizeof *c + cap);
		if (!c) {
			a->failed = true;
			return NULL;
		}
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *
md_arena_strndup(struct md_arena *a, const char *s, size_t n)
{
	char *p = md_arena_alloc(a, n + 1);
	if (p)
		memcpy(p, s, n);
	return p;
}

char *
md_arena_strdup(struct md_arena *a, const char *s)
{
	return s ? md_arena_strndup(a, s, strlen(s)) : NULL;
}
