/* Where the program's files are, whether to trust them, and making folders. */
#include "madoguchi/paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "madoguchi/hooks.h"
#include "madoguchi/mem.h"

/* The folder of forms/ and data/, from the Makefile: the installed share
 * folder in a release build, the source tree in a test build. */
#ifndef MD_DATADIR
#error "MD_DATADIR must name the folder of forms/ and data/ (see Makefile)"
#endif

static char *
xdg_path(const char *var, const char *fallback, const char *tail)
{
	const char *base = getenv(var);
	if (base && base[0] == '/')
		return md_asprintf("%s/madoguchi/%s", base, tail);
	const char *home = getenv("HOME");
	if (!home || !*home)
		return NULL;
	return md_asprintf("%s/%s/madoguchi/%s", home, fallback, tail);
}

char *
md_path_default_db(struct md_err *err)
{
	char *p = xdg_path("XDG_DATA_HOME", ".local/share", "madoguchi.db");
	if (!p)
		md_err_set(err, MD_ERR_CONFIG,
			   "データベースの場所が決められません(HOME も XDG_DATA_HOME も設定されていません)。-d で指定してください");
	return p;
}

char *
md_path_user_config(void)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", "madoguchi.ini");
}

char *
md_path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return md_strdup(".");
	if (slash == path)
		return md_strdup("/");
	return md_strndup(path, (size_t)(slash - path));
}

/* Who may own a trusted file: root; in a test build also the user running
 * the tests, whose own files stand in for root's. */
static bool
trusted_owner(uid_t uid)
{
#ifdef MD_TEST_HOOKS
	if (uid == geteuid())
		return true;
#endif
	return uid == 0;
}

enum md_status
md_path_check_trusted(const char *path, enum md_status status,
		      struct md_err *err)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return md_err_set(err, status, "%s を調べられません(%s)", path,
				  md_strerror(errno));
	if (!trusted_owner(sb.st_uid))
		return md_err_set(err, status,
				  "%s は root ではない利用者(uid %ld)の持ち物のため読みません。root の所有にしてください(chown root)",
				  path, (long)sb.st_uid);
	if (sb.st_mode & (S_IWGRP | S_IWOTH))
		return md_err_set(err, status,
				  "%s はグループやほかの利用者も書き換えられるため読みません。書き込みを root だけにしてください(chmod go-w)",
				  path);
	return MD_OK;
}

#ifndef MD_TEST_HOOKS
/* The installed folder, its forms/ and data/, and everything in those are
 * root's alone: no one else can put a definition in. */
static enum md_status
datadir_check(const char *dir, struct md_err *err)
{
	if (access(dir, F_OK) != 0)
		return md_err_set(err, MD_ERR_DEFINITION,
				  "様式と手順の定義のフォルダ %s がありません(%s)。make install でインストールしてください",
				  dir, md_strerror(errno));
	enum md_status rc = md_path_check_trusted(dir, MD_ERR_DEFINITION, err);
	static const char *const subs[] = {"forms", "data"};
	for (size_t i = 0; rc == MD_OK && i < sizeof subs / sizeof subs[0];
	     i++) {
		char *sub = md_asprintf("%s/%s", dir, subs[i]);
		DIR *d = NULL;
		if (!sub)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		else if (access(sub, F_OK) != 0)
			; /* missing: the loader says so */
		else if ((rc = md_path_check_trusted(sub, MD_ERR_DEFINITION,
						     err)) == MD_OK &&
			 !(d = opendir(sub)))
			rc = md_err_set(err, MD_ERR_DEFINITION,
					"%s を開けません(%s)", sub,
					md_strerror(errno));
		struct dirent *e;
		while (rc == MD_OK && d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *file = md_asprintf("%s/%s", sub, e->d_name);
			rc = file ? md_path_check_trusted(file,
							  MD_ERR_DEFINITION,
							  err)
				  : md_err_set(err, MD_ERR_NOMEM, NULL);
			md_free(file);
		}
		if (d)
			closedir(d);
		md_free(sub);
	}
	return rc;
}
#endif

char *
md_path_datadir(struct md_err *err)
{
	const char *dir = MD_DATADIR;
#ifdef MD_TEST_HOOKS
	const char *hook = md_test_hook(MD_HOOK_DATADIR);
	if (hook)
		dir = hook;
#else
	if (datadir_check(dir, err) != MD_OK)
		return NULL;
#endif
	char *p = md_strdup(dir);
	if (!p)
		md_err_set(err, MD_ERR_NOMEM, NULL);
	return p;
}

char *
md_path_shipped(const char *name, struct md_err *err)
{
	char *dir = md_path_datadir(err);
	if (!dir)
		return NULL;
	char *p = md_asprintf("%s/%s", dir, name);
	md_free(dir);
	if (!p)
		md_err_set(err, MD_ERR_NOMEM, NULL);
	return p;
}

const char *
md_path_system_config(void)
{
#ifdef MD_TEST_HOOKS
	const char *hook = md_test_hook(MD_HOOK_SYSCONFIG);
	if (hook)
		return hook;
#endif
	return MD_SYSTEM_CONFIG;
}

enum md_status
md_path_mkdirs(const char *path, mode_t mode, struct md_err *err)
{
	char *p = md_strdup(path);
	if (!p)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = MD_OK;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char saved = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			rc = md_err_set(err, MD_ERR_IO,
					"フォルダを作成できません: %s (%s)", p,
					md_strerror(errno));
			break;
		}
		*s = saved;
		if (saved == '\0')
			break;
	}
	md_free(p);
	return rc;
}

/* The documents folder xdg-user-dirs records in user-dirs.dirs
 * (XDG_DOCUMENTS_DIR="$HOME/ドキュメント"), or NULL; never the home folder
 * itself, which the file names for a folder switched off. */
static char *
user_dirs_documents(const char *home)
{
	const char *conf = getenv("XDG_CONFIG_HOME");
	char *file = conf && conf[0] == '/'
			     ? md_asprintf("%s/user-dirs.dirs", conf)
			     : md_asprintf("%s/.config/user-dirs.dirs", home);
	int fd = file ? open(file, O_RDONLY | O_CLOEXEC) : -1;
	md_free(file);
	if (fd < 0)
		return NULL;
	char buf[8192];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	static const char key[] = "XDG_DOCUMENTS_DIR=\"";
	for (char *line = buf; line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, key, sizeof key - 1))
			continue;
		char *v = line + sizeof key - 1, *end = strpbrk(v, "\"\n");
		if (!end || *end != '"')
			return NULL;
		*end = '\0';
		if (!strncmp(v, "$HOME/", 6) && v[6])
			return md_asprintf("%s/%s", home, v + 6);
		return v[0] == '/' ? md_strdup(v) : NULL;
	}
	return NULL;
}

char *
md_path_output(const char *dir, const char *name, struct md_err *err)
{
	const char *home = getenv("HOME");
	int has_home = home && *home;
	char *folder = NULL;
	if (dir && *dir) {
		if (dir[0] == '~' && (dir[1] == '/' || !dir[1]) && has_home)
			folder = md_asprintf("%s%s", home, dir + 1);
		else
			folder = md_strdup(dir);
	} else {
		const char *docs = getenv("XDG_DOCUMENTS_DIR");
		char *found = docs && docs[0] == '/' ? md_strdup(docs)
			      : has_home             ? user_dirs_documents(home)
						     : NULL;
		if (found)
			folder = md_asprintf("%s/madoguchi", found);
		else if (has_home)
			folder = md_asprintf("%s/madoguchi", home);
		else {
			md_err_set(err, MD_ERR_CONFIG,
				   "出力先のフォルダが決められません(HOME が設定されていません)。設定の [export] dir か -o で指定してください");
			return NULL;
		}
		md_free(found);
	}
	if (!folder) {
		md_err_set(err, MD_ERR_NOMEM, NULL);
		return NULL;
	}
	char *path = NULL, *real = NULL;
	if (md_path_mkdirs(folder, 0700, err) == MD_OK) {
		real = realpath(folder, NULL);
		if (!real)
			md_err_set(err, MD_ERR_IO,
				   "出力先のフォルダを使えません: %s (%s)",
				   folder, md_strerror(errno));
		else if (!(path = md_asprintf("%s/%s", real, name)))
			md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	free(real); /* realpath's own malloc */
	md_free(folder);
	return path;
}
