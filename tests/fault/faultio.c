/* Wrappers (ld --wrap) of the stdio and fsync calls the core makes on its own
 * files, failing as a broken or full disk would when faultvfs.h says so. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "faultvfs.h"

size_t __real_fwrite(const void *p, size_t size, size_t n, FILE *fp);
int __real_fputc(int c, FILE *fp);
int __real_fputs(const char *s, FILE *fp);
int __real_csv_fwrite(FILE *fp, const void *src, size_t n);
int __real_fflush(FILE *fp);
int __real_fclose(FILE *fp);
int __real_fsync(int fd);

size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *fp);
int __wrap_fputc(int c, FILE *fp);
int __wrap_fputs(const char *s, FILE *fp);
int __wrap_csv_fwrite(FILE *fp, const void *src, size_t n);
int __wrap_fflush(FILE *fp);
int __wrap_fclose(FILE *fp);
int __wrap_fsync(int fd);

/* Fail as the C library does: errno, and the stream's error flag that
 * ferror() reads (glibc's own bit). */
static void
fail_stream(FILE *fp)
{
	errno = fault_full() ? ENOSPC : EIO;
	if (fp)
		fp->_flags |= _IO_ERR_SEEN;
}

size_t
__wrap_fwrite(const void *p, size_t size, size_t n, FILE *fp)
{
	if (!fault_hit(FAULT_WRITE))
		return __real_fwrite(p, size, n, fp);
	fail_stream(fp);
	return 0;
}

int
__wrap_fputc(int c, FILE *fp)
{
	if (!fault_hit(FAULT_WRITE))
		return __real_fputc(c, fp);
	fail_stream(fp);
	return EOF;
}

int
__wrap_fputs(const char *s, FILE *fp)
{
	if (!fault_hit(FAULT_WRITE))
		return __real_fputs(s, fp);
	fail_stream(fp);
	return EOF;
}

int
__wrap_csv_fwrite(FILE *fp, const void *src, size_t n)
{
	if (!fault_hit(FAULT_WRITE))
		return __real_csv_fwrite(fp, src, n);
	fail_stream(fp);
	return EOF;
}

int
__wrap_fflush(FILE *fp)
{
	if (!fault_hit(FAULT_WRITE))
		return __real_fflush(fp);
	fail_stream(fp);
	return EOF;
}

/* The stream is closed either way, as fclose(3) says. */
int
__wrap_fclose(FILE *fp)
{
	bool fail = fault_hit(FAULT_WRITE);
	int rc = __real_fclose(fp);
	if (!fail)
		return rc;
	errno = fault_full() ? ENOSPC : EIO;
	return EOF;
}

int
__wrap_fsync(int fd)
{
	if (!fault_hit(FAULT_SYNC))
		return __real_fsync(fd);
	errno = fault_full() ? ENOSPC : EIO;
	return -1;
}
