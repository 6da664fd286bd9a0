/* Locations of the database, configuration and shipped data, and making folders. */
#include "madoguchi/paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "madoguchi/mem.h"

#ifndef MD_DATADIR
#define MD_DATADIR "/usr/local/share/madoguchi"
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

/* Whether dir holds the program's forms/ folder (the source tree does). */
static int
has_forms(const char *dir)
{
	char *p = md_asprintf("%s/forms", dir);
	struct stat sb;
	int ok = p && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
	md_free(p);
	return ok;
}

char *
md_path_datadir(void)
{
	const char *env = getenv("MADOGUCHI_DATADIR");
	if (env && *env)
		return md_strdup(env);
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *dir = md_path_dirname(exe);
		if (dir && has_forms(dir))
			return dir;
		md_free(dir);
	}
	return md_strdup(MD_DATADIR);
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
