/* Locations of the database, configuration and shipped data, and making folders. */
#include "madoguchi/paths.h"

#include <errno.h>
#include <fcntl.h>
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
	for (char *line = buf; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
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
			      : has_home		 ? user_dirs_documents(home)
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
			md_err_set(err, MD_ERR_IO, "出力先のフォルダを使えません: %s (%s)",
				   folder, md_strerror(errno));
		else if (!(path = md_asprintf("%s/%s", real, name)))
			md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	free(real); /* realpath's own malloc */
	md_free(folder);
	return path;
}
