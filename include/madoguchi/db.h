/* The SQLite file: opening, migrating, transactions, checks and backups.
 * Its statements and handle are the core's own: src/core/db_int.h. */
#ifndef MADOGUCHI_DB_H
#define MADOGUCHI_DB_H

#include <stdbool.h>
#include <time.h>

#include "madoguchi/mem.h"
#include "madoguchi/status.h"

/* PRAGMA application_id of a madoguchi database: "MADO". */
#define MD_APPLICATION_ID 0x4D41444F

struct md_db;

enum md_db_flags {
	MD_DB_CREATE = 1 << 0,  /* create the file (0600) when it is missing */
	MD_DB_MKDIR = 1 << 1,   /* also create its folder (0700) */
	MD_DB_READONLY = 1 << 2 /* open for reading only (check, backup) */
};

/*
 * Open the database at path: WAL, foreign keys, a busy timeout, then the
 * migrations the file lacks, each in one transaction. Refuses, with a
 * message naming the file, a file that is not a madoguchi database, one made
 * by a newer program, a missing file (unless MD_DB_CREATE), a missing folder
 * (unless MD_DB_MKDIR) and a file it cannot write. *out is the new handle
 * (md_db_close it) or NULL on error.
 */
enum md_status md_db_open(const char *path, unsigned flags, struct md_db **out,
			  struct md_err *err);

/* Close and free; *db becomes NULL. A NULL *db is a no-op. */
void md_db_close(struct md_db **db);

/* The path the database was opened with. */
const char *md_db_path(const struct md_db *db);

/* A warning found while opening (e.g. a file others can read), or NULL. */
const char *md_db_warning(const struct md_db *db);

/*
 * A memo of this connection, for doing a thing at most once in a while:
 * md_db_recent says whether key (up to 63 bytes) was marked less than
 * seconds before now; md_db_mark marks it at now. A few keys are kept; the
 * oldest is forgotten first.
 */
bool md_db_recent(const struct md_db *db, const char *key, time_t now,
		  int seconds);
void md_db_mark(struct md_db *db, const char *key, time_t now);

/*
 * While stop is set, SQLite calls stop(ctx) every thousand or so steps of a
 * statement; when it returns true the statement stops and the call running
 * it returns MD_ERR_INTERRUPTED. For reading only: the screens set it
 * around a search as you type, so that the next key never waits for the
 * search of the last. NULL turns it off.
 */
void md_db_interrupt_when(struct md_db *db, bool (*stop)(void *ctx), void *ctx);

/*
 * Whether the file open is no longer the one at its path (unlinked or
 * renamed while open). md_db_begin then refuses every write, since it would
 * go into a file no one opens again.
 */
bool md_db_moved(struct md_db *db);

/*
 * Open the path again in place of the file open (after md_db_moved, once a
 * database is back at the path). Only between operations: every statement
 * of the old connection is finalized. db stays valid; on failure it is
 * unchanged.
 */
enum md_status md_db_reconnect(struct md_db *db, struct md_err *err);

/* The schema version this program writes (the number of migrations). */
int md_db_schema_latest(void);

/* The schema version of the open file (PRAGMA user_version). */
int md_db_schema_version(struct md_db *db);

/*
 * Begin a write transaction (BEGIN IMMEDIATE), or a savepoint when one is
 * already open, so core calls compose. Every md_db_begin is matched by one
 * md_db_commit or md_db_rollback.
 */
enum md_status md_db_begin(struct md_db *db, struct md_err *err);
enum md_status md_db_commit(struct md_db *db, struct md_err *err);
void md_db_rollback(struct md_db *db);

/* Whether the database holds no account, person or case yet (a new one,
 * which a bulk generator may fill). */
enum md_status md_db_is_empty(struct md_db *db, bool *empty,
			      struct md_err *err);

/* What md_db_bulk_begin changed, to put back. */
struct md_db_bulk {
	long long cache_size;
};

/*
 * Writing in bulk (the demo generator): synchronous writes off, a cache of
 * cache_kib KiB and temporary tables in memory until md_db_bulk_end, which
 * puts them back as saved and, when checkpoint, moves the WAL into the
 * file. Each transaction is still whole: a crash loses only the last.
 */
enum md_status md_db_bulk_begin(struct md_db *db, long long cache_kib,
				struct md_db_bulk *saved, struct md_err *err);
enum md_status md_db_bulk_end(struct md_db *db, const struct md_db_bulk *saved,
			      bool checkpoint, struct md_err *err);

/*
 * PRAGMA integrity_check, foreign_key_check and the schema version. Appends
 * a readable report (one line per finding, Japanese) to report; returns
 * MD_OK when all is well, MD_ERR_CORRUPT otherwise.
 */
enum md_status md_db_check(struct md_db *db, struct md_buf *report,
			   struct md_err *err);

/*
 * Copy the database to dest with SQLite's online backup API, consistent while
 * others write. The copy is written beside dest and renamed into place, mode
 * 0600; an existing dest is replaced only when force is true.
 */
enum md_status md_db_backup(struct md_db *db, const char *dest, bool force,
			    struct md_err *err);

#endif
