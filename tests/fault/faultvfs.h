/* Test-only fault injection: a SQLite VFS, an allocator and stdio wrappers
 * that fail the Nth read, write, sync, lock or allocation on request. */
#ifndef MADOGUCHI_FAULTVFS_H
#define MADOGUCHI_FAULTVFS_H

#include <stdbool.h>

/*
 * The kinds of fault, each counted on its own: the call that fails. What
 * each one fails, and how (I/O error; with full, a full disk):
 *   FAULT_READ   xRead                         SQLITE_IOERR_READ; SQLITE_FULL
 *   FAULT_WRITE  xWrite, xTruncate;            SQLITE_IOERR_WRITE,
 *                fwrite, fputc, fputs,         SQLITE_IOERR_TRUNCATE;
 *                csv_fwrite, fflush, fclose    SQLITE_FULL; EIO; ENOSPC
 *   FAULT_SYNC   xSync; fsync                  SQLITE_IOERR_FSYNC;
 *                                              SQLITE_FULL; EIO; ENOSPC
 *   FAULT_LOCK   xLock, xCheckReservedLock,    SQLITE_IOERR_LOCK,
 *                xShmLock (taking a lock of    SQLITE_IOERR_CHECKRESERVEDLOCK,
 *                the WAL index, not leaving    SQLITE_IOERR_SHMLOCK;
 *                one)                          SQLITE_FULL
 *   FAULT_NOMEM  SQLite's own allocations      NULL
 *                (xMalloc, xRealloc)
 *   FAULT_NOMEM_CORE  the core's (md_malloc,   NULL
 *                md_realloc: sqlite3_malloc64
 *                and sqlite3_realloc64 called
 *                from the core)
 * The stdio calls are those of the core's own files (CSV prints, the fsync
 * of a backup), and the allocations those of the core's one wrapper
 * (src/core/mem.c), reached through the linker's --wrap
 * (tests/fault/rules.mk). Only a read, write, sync or lock fault can be a
 * full disk. A full disk refuses writes and syncs (fsync reports ENOSPC for
 * data it could not place); a VFS over other storage may report it from a
 * read or a lock too, and the core must take it as well from there.
 */
enum fault_kind {
	FAULT_READ,
	FAULT_WRITE,
	FAULT_SYNC,
	FAULT_LOCK,
	FAULT_NOMEM,
	FAULT_NOMEM_CORE,
	FAULT_KINDS
};

/* "read", "write", …: for test names and messages. */
const char *fault_kind_name(enum fault_kind kind);

/*
 * Put the allocator in place and register the VFS as the default, over
 * "unix". Shuts SQLite down first, so call it before any other SQLite use.
 * Returns a SQLite result code.
 */
int fault_install(void);

/*
 * Count the calls of kind from now and fail the nth (1-based), as a full
 * disk with full (read, write, sync and lock only), else as an I/O error;
 * with persist, every call after it fails too (a disk that stays full).
 * Arming resets the counters.
 */
void fault_arm(enum fault_kind kind, bool full, long nth, bool persist);

/* Stop failing; the counters keep what they saw. */
void fault_disarm(void);

/* Calls of the armed kind seen, and faults injected, since fault_arm. */
long fault_calls(void);
long fault_injected(void);

/*
 * For the wrappers: count a call of kind and say whether it fails;
 * fault_full says whether a failing call reports a full disk.
 */
bool fault_hit(enum fault_kind kind);
bool fault_full(void);

#endif
