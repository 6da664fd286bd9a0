/* The system calls the crash tests stop a program at (crash_cli, killat). */
#ifndef MADOGUCHI_CRASH_SYSCALLS_H
#define MADOGUCHI_CRASH_SYSCALLS_H

#include <stdbool.h>
#include <sys/syscall.h>

static inline bool
is_sync(long nr)
{
	return nr == SYS_fdatasync || nr == SYS_fsync;
}

/* A call after which a file may differ. A write may be to a pipe or the
 * terminal: each caller says whether that counts. */
static inline bool
changes_files(long nr)
{
	switch (nr) {
	case SYS_write:
	case SYS_pwrite64:
	case SYS_writev:
	case SYS_pwritev:
	case SYS_ftruncate:
	case SYS_truncate:
	case SYS_unlink:
	case SYS_unlinkat:
	case SYS_rename:
	case SYS_renameat:
	case SYS_renameat2:
	case SYS_fdatasync:
	case SYS_fsync:
	case SYS_fchown:
	case SYS_fchmod:
		return true;
	default:
		return false;
	}
}

#endif
