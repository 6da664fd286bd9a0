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

/* The system-wide configuration file. */
#define MD_SYSTEM_CONFIG "/etc/madoguchi.ini"

/*
 * The folder holding forms/ and data/: $MADOGUCHI_DATADIR when set; else the
 * folder of the running executable when it has a forms/ folder (the source
 * tree); else the installed share folder. New string (md_free) or NULL
 * on OOM.
 */
char *md_path_datadir(void);

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
