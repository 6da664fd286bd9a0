/* Where the program keeps its files: database, configuration, forms and data. */
#ifndef MADOGUCHI_PATHS_H
#define MADOGUCHI_PATHS_H

#include <sys/types.h>

#include "madoguchi/status.h"

/*
 * $XDG_DATA_HOME/madoguchi/madoguchi.db (else ~/.local/share/…). New string
 * (md_free), or NULL with err filled when neither variable is set.
 */
char *md_path_default_db(struct md_err *err);

/* $XDG_CONFIG_HOME/madoguchi/madoguchi.ini (else ~/.config/…); NULL if no home. */
char *md_path_user_config(void);

/* The system configuration file: only it may set the system's keys. */
#define MD_SYSTEM_CONFIG "/etc/madoguchi.ini"

/*
 * The system configuration to read: MD_SYSTEM_CONFIG, or in a test build
 * the file the SYSCONFIG hook names (hooks.h). Not to be freed.
 */
const char *md_path_system_config(void);

/*
 * The folder holding forms/ and data/, which decide what staff may do, so
 * it is trusted only as the system's own. A release build uses the
 * installed share folder compiled in (MD_DATADIR, never the environment or
 * a folder beside the executable) and first checks, with
 * md_path_check_trusted, the folder, its forms/ and data/ and each entry in
 * those: any one that is not root's alone is refused, named in err
 * (MD_ERR_DEFINITION). A test build uses the source tree (MD_DATADIR), or
 * the folder the DATADIR hook names, unchecked. New string (md_free), or
 * NULL with err filled. Touches no database.
 */
char *md_path_datadir(struct md_err *err);

/* name (e.g. "forms/workflow.ini") inside md_path_datadir(): a new string
 * (md_free), or NULL with err filled as md_path_datadir does. */
char *md_path_shipped(const char *name, struct md_err *err);

/*
 * Whether path (a file or folder, links followed) may be trusted as the
 * system's: owned by root (in a test build, also by the user running the
 * tests) and writable by neither its group nor others. MD_OK, or status
 * with a Japanese message naming path and what to change in err.
 */
enum md_status md_path_check_trusted(const char *path, enum md_status status,
				     struct md_err *err);

/*
 * Create path and its missing parents with the given mode (0700 for private
 * folders); existing folders are left as they are. Fills err on failure.
 */
enum md_status md_path_mkdirs(const char *path, mode_t mode,
			      struct md_err *err);

/* The folder part of path as a new string ("." when there is none). */
char *md_path_dirname(const char *path);

/*
 * Where a print named name goes when no file is given (F9 on the screens,
 * export, list --csv, audit --csv): in dir, the configured export.dir
 * ("~/…" in the home folder, a relative one in the current folder); when
 * dir is NULL or "", in $XDG_DOCUMENTS_DIR/madoguchi (the environment, else
 * xdg-user-dirs' user-dirs.dirs), else ~/madoguchi. The folder and its
 * missing parents are made 0700. A new absolute path (md_free), or NULL
 * with err filled (MD_ERR_CONFIG when there is no home, MD_ERR_IO when the
 * folder cannot be made). Touches no database.
 */
char *md_path_output(const char *dir, const char *name, struct md_err *err);

#endif
