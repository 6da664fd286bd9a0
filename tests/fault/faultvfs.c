/* A SQLite VFS over "unix" and an allocator over SQLite's own that fail the
 * Nth call of a kind of fault, for the fault tests (tests/fault); the core's
 * allocations are told from SQLite's by a wrapper of sqlite3_malloc64. */
#include "faultvfs.h"

#include <sqlite3.h>
#include <string.h>

static const char *const kind_names[FAULT_KINDS] = {
	[FAULT_READ] = "read",
	[FAULT_WRITE] = "write",
	[FAULT_SYNC] = "sync",
	[FAULT_LOCK] = "lock",
	[FAULT_NOMEM] = "out of memory (SQLite)",
	[FAULT_NOMEM_CORE] = "out of memory (core)",
};

/* What to fail, and what was seen. The tests run on one thread. */
static struct {
	bool armed;
	enum fault_kind kind;
	bool full;
	long nth;
	bool persist;
	long calls;
	long injected;
} plan;

const char *
fault_kind_name(enum fault_kind kind)
{
	return kind < FAULT_KINDS ? kind_names[kind] : "?";
}

void
fault_arm(enum fault_kind kind, bool full, long nth, bool persist)
{
	plan.armed = true;
	plan.kind = kind;
	plan.full = full;
	plan.nth = nth;
	plan.persist = persist;
	plan.calls = 0;
	plan.injected = 0;
}

void
fault_disarm(void)
{
	plan.armed = false;
}

long
fault_calls(void)
{
	return plan.calls;
}

long
fault_injected(void)
{
	return plan.injected;
}

bool
fault_full(void)
{
	return plan.full;
}

bool
fault_hit(enum fault_kind kind)
{
	if (!plan.armed || kind != plan.kind)
		return false;
	plan.calls++;
	if (plan.calls == plan.nth || (plan.persist && plan.calls > plan.nth)) {
		plan.injected++;
		return true;
	}
	return false;
}

/* ---- The VFS: each file is ours, with the real one right behind it. */

struct ffile {
	sqlite3_file base;
	sqlite3_file *real;
};

static sqlite3_vfs *unix_vfs;

static sqlite3_file *
real_of(sqlite3_file *f)
{
	return ((struct ffile *)f)->real;
}

static int
f_close(sqlite3_file *f)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xClose(r);
}

static int
f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	sqlite3_file *r = real_of(f);
	if (fault_hit(FAULT_READ))
		return fault_full() ? SQLITE_FULL : SQLITE_IOERR_READ;
	return r->pMethods->xRead(r, buf, n, off);
}

static int
f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	sqlite3_file *r = real_of(f);
	if (fault_hit(FAULT_WRITE))
		return fault_full() ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return r->pMethods->xWrite(r, buf, n, off);
}

static int
f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	sqlite3_file *r = real_of(f);
	if (fault_hit(FAULT_WRITE))
		return fault_full() ? SQLITE_FULL : SQLITE_IOERR_TRUNCATE;
	return r->pMethods->xTruncate(r, size);
}

static int
f_sync(sqlite3_file *f, int flags)
{
	sqlite3_file *r = real_of(f);
	if (fault_hit(FAULT_SYNC))
		return fault_full() ? SQLITE_FULL : SQLITE_IOERR_FSYNC;
	return r->pMethods->xSync(r, flags);
}

static int
f_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xFileSize(r, size);
}

static int
f_lock(sqlite3_file *f, int level)
{
	sqlite3_file *r = real_of(f);
	if (fault_hit(FAULT_LOCK))
		return fault_full() ? SQLITE_FULL : SQLITE_IOERR_LOCK;
	return r->pMethods->xLock(r, level);
}

static int
f_unlock(sqlite3_file *f, int level)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xUnlock(r, level);
}

static int
f_check_reserved(sqlite3_file *f, int *out)
{
	sqlite3_file *r = real_of(f);
	if (fault_hit(FAULT_LOCK))
		return fault_full() ? SQLITE_FULL
				    : SQLITE_IOERR_CHECKRESERVEDLOCK;
	return r->pMethods->xCheckReservedLock(r, out);
}

static int
f_file_control(sqlite3_file *f, int op, void *arg)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xFileControl(r, op, arg);
}

static int
f_sector_size(sqlite3_file *f)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xSectorSize(r);
}

static int
f_device_characteristics(sqlite3_file *f)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xDeviceCharacteristics(r);
}

static int
f_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **pp)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xShmMap(r, page, size, extend, pp);
}

/* In WAL mode the locks that matter are these (xLock is taken once, when
 * the file is opened): taking one may fail, leaving one never does. */
static int
f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	sqlite3_file *r = real_of(f);
	if ((flags & SQLITE_SHM_LOCK) && fault_hit(FAULT_LOCK))
		return fault_full() ? SQLITE_FULL : SQLITE_IOERR_SHMLOCK;
	return r->pMethods->xShmLock(r, offset, n, flags);
}

static void
f_shm_barrier(sqlite3_file *f)
{
	sqlite3_file *r = real_of(f);
	r->pMethods->xShmBarrier(r);
}

static int
f_shm_unmap(sqlite3_file *f, int delete_flag)
{
	sqlite3_file *r = real_of(f);
	return r->pMethods->xShmUnmap(r, delete_flag);
}

/* Version 2: the WAL's shared memory, but no xFetch, so that SQLite never
 * reads through a memory map and every read is an xRead. */
static const sqlite3_io_methods fault_io = {
	.iVersion = 2,
	.xClose = f_close,
	.xRead = f_read,
	.xWrite = f_write,
	.xTruncate = f_truncate,
	.xSync = f_sync,
	.xFileSize = f_file_size,
	.xLock = f_lock,
	.xUnlock = f_unlock,
	.xCheckReservedLock = f_check_reserved,
	.xFileControl = f_file_control,
	.xSectorSize = f_sector_size,
	.xDeviceCharacteristics = f_device_characteristics,
	.xShmMap = f_shm_map,
	.xShmLock = f_shm_lock,
	.xShmBarrier = f_shm_barrier,
	.xShmUnmap = f_shm_unmap,
};

static int
v_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags,
       int *out_flags)
{
	(void)vfs;
	struct ffile *p = (struct ffile *)file;
	p->real = (sqlite3_file *)&p[1];
	int rc = unix_vfs->xOpen(unix_vfs, name, p->real, flags, out_flags);
	/* SQLite closes a file only when its methods are set. */
	p->base.pMethods = p->real->pMethods ? &fault_io : NULL;
	return rc;
}

/* The rest is unix's own, called with unix's VFS (it keeps state there). */
static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return unix_vfs->xDelete(unix_vfs, name, sync_dir);
}

static int
v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return unix_vfs->xAccess(unix_vfs, name, flags, out);
}

static int
v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xFullPathname(unix_vfs, name, n, out);
}

static void *
v_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return unix_vfs->xDlOpen(unix_vfs, name);
}

static void
v_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	unix_vfs->xDlError(unix_vfs, n, msg);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return unix_vfs->xDlSym(unix_vfs, h, sym);
}

static void
v_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	unix_vfs->xDlClose(unix_vfs, h);
}

static int
v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xRandomness(unix_vfs, n, out);
}

static int
v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return unix_vfs->xSleep(unix_vfs, us);
}

static int
v_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return unix_vfs->xCurrentTime(unix_vfs, out);
}

static int
v_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return unix_vfs->xGetLastError(unix_vfs, n, out);
}

static int
v_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return unix_vfs->xCurrentTimeInt64(unix_vfs, out);
}

static sqlite3_vfs fault_vfs = {
	.iVersion = 2,
	.zName = "fault",
	.xOpen = v_open,
	.xDelete = v_delete,
	.xAccess = v_access,
	.xFullPathname = v_full_pathname,
	.xDlOpen = v_dlopen,
	.xDlError = v_dlerror,
	.xDlSym = v_dlsym,
	.xDlClose = v_dlclose,
	.xRandomness = v_randomness,
	.xSleep = v_sleep,
	.xCurrentTime = v_current_time,
	.xGetLastError = v_last_error,
	.xCurrentTimeInt64 = v_current_time64,
};

/* ---- The allocator: SQLite's default, failing on request. */

static sqlite3_mem_methods real_mem;

/* Inside an allocation of the core's: not SQLite's own to count. */
static int in_core;

void *__real_sqlite3_malloc64(sqlite3_uint64 n);
void *__real_sqlite3_realloc64(void *p, sqlite3_uint64 n);
void *__wrap_sqlite3_malloc64(sqlite3_uint64 n);
void *__wrap_sqlite3_realloc64(void *p, sqlite3_uint64 n);

/* The core calls these from md_malloc and md_realloc alone (src/core/mem.c);
 * SQLite's own allocations never pass through the exported symbols. */
void *
__wrap_sqlite3_malloc64(sqlite3_uint64 n)
{
	if (fault_hit(FAULT_NOMEM_CORE))
		return NULL;
	in_core++;
	void *p = __real_sqlite3_malloc64(n);
	in_core--;
	return p;
}

void *
__wrap_sqlite3_realloc64(void *p, sqlite3_uint64 n)
{
	if (fault_hit(FAULT_NOMEM_CORE))
		return NULL;
	in_core++;
	void *q = __real_sqlite3_realloc64(p, n);
	in_core--;
	return q;
}

static void *
m_malloc(int n)
{
	return !in_core && fault_hit(FAULT_NOMEM) ? NULL : real_mem.xMalloc(n);
}

static void
m_free(void *p)
{
	real_mem.xFree(p);
}

static void *
m_realloc(void *p, int n)
{
	return !in_core && fault_hit(FAULT_NOMEM) ? NULL
						  : real_mem.xRealloc(p, n);
}

static int
m_size(void *p)
{
	return real_mem.xSize(p);
}

static int
m_roundup(int n)
{
	return real_mem.xRoundup(n);
}

static int
m_init(void *app)
{
	return real_mem.xInit(app);
}

static void
m_shutdown(void *app)
{
	real_mem.xShutdown(app);
}

int
fault_install(void)
{
	static sqlite3_mem_methods mem = {
		.xMalloc = m_malloc,
		.xFree = m_free,
		.xRealloc = m_realloc,
		.xSize = m_size,
		.xRoundup = m_roundup,
		.xInit = m_init,
		.xShutdown = m_shutdown,
	};
	int rc = sqlite3_shutdown();
	if (rc == SQLITE_OK)
		rc = sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem);
	if (rc != SQLITE_OK)
		return rc;
	mem.pAppData = real_mem.pAppData;
	if ((rc = sqlite3_config(SQLITE_CONFIG_MALLOC, &mem)) != SQLITE_OK ||
	    (rc = sqlite3_initialize()) != SQLITE_OK)
		return rc;
	unix_vfs = sqlite3_vfs_find("unix");
	if (!unix_vfs)
		return SQLITE_ERROR;
	fault_vfs.szOsFile = (int)sizeof(struct ffile) + unix_vfs->szOsFile;
	fault_vfs.mxPathname = unix_vfs->mxPathname;
	return sqlite3_vfs_register(&fault_vfs, 1);
}
