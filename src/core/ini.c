/* Reading INI files with iniparser while keeping each key's line number. */
#include "ini_int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iniparser/iniparser.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "madoguchi/mem.h"
#include "madoguchi/text.h"

/* iniparser's own line buffer holds 1024 bytes with the newline. */
#define INI_LINE_MAX 1023

/*
 * iniparser reports syntax errors through one process-wide callback with no
 * context pointer; this thread-local buffer is the only way to bring its
 * message back to the caller instead of stderr.
 */
static _Thread_local char iniparser_message[512];

static int
iniparser_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(iniparser_message, sizeof iniparser_message, fmt, ap);
	va_end(ap);
	/* Cut short, the quoted line may end inside a character: keep what
	 * is whole, the message must stay text (found by fuzz_config). */
	size_t len = strlen(iniparser_message);
	uint32_t cp;
	for (size_t i = 0, n; i < len; i += n) {
		n = md_utf8_decode(iniparser_message + i, len - i, &cp);
		if (n == 0) {
			iniparser_message[i] = '\0';
			break;
		}
	}
	return 0;
}

static char *
lower_dup(const char *s, size_t n)
{
	char *p = md_strndup(s, n);
	if (p)
		for (char *q = p; *q; q++)
			if ((unsigned char)*q < 0x80)
				*q = (char)tolower((unsigned char)*q);
	return p;
}

static void
strip(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static int
add_item(struct md_ini_item **arr, size_t *n, const char *section,
	 const char *key, size_t keylen, int line)
{
	struct md_ini_item *p = md_realloc(*arr, (*n + 1) * sizeof *p);
	if (!p)
		return -1;
	*arr = p;
	p[*n].section = md_strdup(section);
	p[*n].key = key ? lower_dup(key, keylen) : NULL;
	p[*n].line = line;
	if (!p[*n].section || (key && !p[*n].key)) {
		md_free(p[*n].section);
		md_free(p[*n].key);
		return -1;
	}
	(*n)++;
	return 0;
}

/*
 * Faults in the value of a key line, or a continuation line of it (first
 * false), that iniparser would pass over silently: an unquoted value is cut
 * at ';' or '#' as a comment, and a quote left open is read as text. The
 * value runs on to the next line when continued; *unquoted_continued then
 * says whether that line is to be checked too.
 */
static void
check_value(struct md_diags *diags, const char *path, int lineno,
	    const char *section, const char *key, size_t klen, bool first,
	    const char *v, size_t vlen, bool continued,
	    bool *unquoted_continued)
{
	strip(&v, &vlen);
	if (continued)
		vlen--; /* the '\\' */
	*unquoted_continued = false;
	if (first && vlen && (v[0] == '"' || v[0] == '\'')) {
		if (!continued && (vlen < 2 || !memchr(v + 1, v[0], vlen - 1)))
			md_diags_add(diags, path, lineno,
				     "[%s] %.*s の値の引用符 %c が閉じられていません",
				     section, (int)klen, key, v[0]);
		return;
	}
	for (size_t i = 0; i < vlen; i++)
		if (v[i] == ';' || v[i] == '#') {
			md_diags_add(diags, path, lineno,
				     "[%s] %.*s の値の「%c」から後ろはコメントとして読み捨てられます。%c を値に含めるときは値全体を \"…\" で囲み、コメントは別の行に書いてください",
				     section, (int)klen, key, v[i], v[i]);
			return;
		}
	*unquoted_continued = continued;
}

/* Our own pass over the file: where each section and key is, and faults. */
static enum md_status
ini_scan(struct md_ini *ini, const char *text, size_t size,
	 struct md_diags *diags)
{
	const char *path = ini->path;
	char *section = md_strdup("");
	if (!section)
		return MD_ERR_NOMEM;
	int lineno = 0;
	const char *p = text, *end = text + size;
	bool continued = false, unquoted_continued = false;
	const char *cont_key = NULL; /* of the value continued, in text */
	size_t cont_klen = 0;
	enum md_status rc = MD_OK;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *line = p;
		p = nl ? nl + 1 : end;
		lineno++;
		if (len > INI_LINE_MAX) {
			md_diags_add(diags, path, lineno,
				     "行が長すぎます(%zu バイト)。1 行は %d バイトまでです。長い文は行末に \\ を置いて次の行に続けてください",
				     len, INI_LINE_MAX);
			continued = false;
			continue;
		}
		if (!md_utf8_valid(line, len)) {
			md_diags_add(diags, path, lineno,
				     "UTF-8 として読めない文字があります");
			continue;
		}
		strip(&line, &len);
		bool was_continued = continued;
		continued = len && line[len - 1] == '\\';
		if (was_continued && unquoted_continued) {
			/* The rest of a value, cut like its first line. */
			check_value(diags, path, lineno, section, cont_key,
				    cont_klen, false, line, len, continued,
				    &unquoted_continued);
			continue;
		}
		unquoted_continued = false;
		if (was_continued || len == 0 || line[0] == ';' ||
		    line[0] == '#')
			continue;
		if (line[0] == '[') {
			if (line[len - 1] != ']') {
				md_diags_add(diags, path, lineno,
					     "セクションの見出しが ] で閉じられていません");
				continue;
			}
			const char *name = line + 1;
			size_t nlen = len - 2;
			strip(&name, &nlen);
			md_free(section);
			section = lower_dup(name, nlen);
			if (!section)
				return MD_ERR_NOMEM;
			int prev = md_ini_line(ini, section, NULL);
			if (prev)
				md_diags_add(diags, path, lineno,
					     "セクション [%s] が重複しています(%d 行目にもあります)",
					     section, prev);
			else if (add_item(&ini->sections, &ini->nsections,
					  section, NULL, 0, lineno))
				rc = MD_ERR_NOMEM;
			continue;
		}
		const char *eq = memchr(line, '=', len);
		if (!eq) {
			md_diags_add(diags, path, lineno,
				     "「キー = 値」の形になっていません");
			continue;
		}
		const char *key = line;
		size_t klen = (size_t)(eq - line);
		strip(&key, &klen);
		if (klen == 0) {
			md_diags_add(diags, path, lineno,
				     "キーの名前がありません");
			continue;
		}
		if (!*section) {
			md_diags_add(diags, path, lineno,
				     "セクション([…])より前に設定があります");
			continue;
		}
		char *lkey = lower_dup(key, klen);
		if (!lkey) {
			rc = MD_ERR_NOMEM;
			break;
		}
		int prev = md_ini_line(ini, section, lkey);
		md_free(lkey);
		check_value(diags, path, lineno, section, key, klen, true,
			    eq + 1, (size_t)(line + len - eq - 1), continued,
			    &unquoted_continued);
		cont_key = key;
		cont_klen = klen;
		if (prev)
			md_diags_add(diags, path, lineno,
				     "[%s] の %.*s が重複しています(%d 行目にもあります)",
				     section, (int)klen, key, prev);
		else if (add_item(&ini->keys, &ini->nkeys, section, key, klen,
				  lineno))
			rc = MD_ERR_NOMEM;
	}
	md_free(section);
	return rc;
}

/* The whole of path, when it is a regular file of at most MD_INI_MAX_BYTES
 * (opened without blocking, so a FIFO cannot hang the program). */
static char *
read_file(const char *path, size_t *size, struct md_err *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		md_err_set(err, errno == ENOENT ? MD_ERR_NOTFOUND : MD_ERR_IO,
			   "%s を読めません(%s)", path, md_strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		md_err_set(err, MD_ERR_IO, "%s を読めません(%s)", path,
			   md_strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(sb.st_mode)) {
		md_err_set(err, MD_ERR_IO, "%s を読めません(%s)", path,
			   md_strerror(EISDIR));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		md_err_set(err, MD_ERR_IO,
			   "%s は通常のファイルではないため読みません(設定や定義は普通のファイルに書いてください)",
			   path);
		close(fd);
		return NULL;
	}
	struct md_buf b;
	md_buf_init(&b);
	char chunk[8192];
	ssize_t n;
	int bad = 0;
	/* The size is read, not trusted from fstat: the file may grow. */
	while (b.len <= MD_INI_MAX_BYTES) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			bad = errno;
		if (n <= 0)
			break;
		md_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (bad || !md_buf_ok(&b) || b.len > MD_INI_MAX_BYTES) {
		if (bad)
			md_err_set(err, MD_ERR_IO, "%s を読めません(%s)", path,
				   md_strerror(bad));
		else if (md_buf_ok(&b))
			md_err_set(err, MD_ERR_IO,
				   "%s は大きすぎるため読みません。設定や定義のファイルは %d バイト(1 MiB)までです",
				   path, MD_INI_MAX_BYTES);
		else
			md_err_set(err, MD_ERR_NOMEM,
				   "メモリが不足しています(%s)", path);
		md_buf_fini(&b);
		return NULL;
	}
	*size = b.len;
	return md_buf_take(&b);
}

enum md_status
md_ini_load(const char *path, struct md_ini **out, struct md_diags *diags,
	    struct md_err *err)
{
	*out = NULL;
	size_t size = 0;
	char *text = read_file(path, &size, err);
	if (!text)
		return err ? err->status : MD_ERR_IO;
	struct md_ini *ini = md_calloc(1, sizeof *ini);
	if (!ini || !(ini->path = md_strdup(path))) {
		md_free(ini);
		md_free(text);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	size_t before = diags->n;
	enum md_status rc = ini_scan(ini, text, size, diags);
	md_free(text);
	if (rc != MD_OK) {
		md_ini_free(&ini);
		return md_err_set(err, rc, NULL);
	}
	if (diags->n > before) {
		md_ini_free(&ini);
		return md_err_set(err, MD_ERR_DEFINITION, "%s に誤りがあります",
				  path);
	}
	iniparser_message[0] = '\0';
	iniparser_set_error_callback(iniparser_error);
	ini->dict = iniparser_load(path);
	if (!ini->dict) {
		md_diags_add(diags, path, 0, "読み込めません(%s)",
			     iniparser_message[0] ? iniparser_message
						  : "iniparser が失敗しました");
		md_ini_free(&ini);
		return md_err_set(err, MD_ERR_DEFINITION, "%s に誤りがあります",
				  path);
	}
	*out = ini;
	return MD_OK;
}

enum md_status
md_ini_load_definitions(const char *path, struct md_ini **out,
			struct md_diags *diags, struct md_err *err)
{
	enum md_status rc = md_ini_load(path, out, diags, err);
	return rc == MD_ERR_DEFINITION ? md_diags_to_err(diags, rc, err) : rc;
}

void
md_ini_free(struct md_ini **pini)
{
	struct md_ini *ini = *pini;
	if (!ini)
		return;
	if (ini->dict)
		iniparser_freedict(ini->dict);
	for (size_t i = 0; i < ini->nsections; i++)
		md_free(ini->sections[i].section);
	for (size_t i = 0; i < ini->nkeys; i++) {
		md_free(ini->keys[i].section);
		md_free(ini->keys[i].key);
	}
	md_free(ini->sections);
	md_free(ini->keys);
	md_free(ini->path);
	md_free(ini);
	*pini = NULL;
}

const char *
md_ini_get(const struct md_ini *ini, const char *section, const char *key)
{
	char *full = md_asprintf("%s:%s", section, key);
	if (!full)
		return NULL;
	for (char *q = full; *q; q++)
		if ((unsigned char)*q < 0x80)
			*q = (char)tolower((unsigned char)*q);
	const char *v = iniparser_getstring(ini->dict, full, NULL);
	md_free(full);
	return v;
}

int
md_ini_line(const struct md_ini *ini, const char *section, const char *key)
{
	if (!key) {
		for (size_t i = 0; i < ini->nsections; i++)
			if (!strcasecmp(ini->sections[i].section, section))
				return ini->sections[i].line;
		return 0;
	}
	for (size_t i = 0; i < ini->nkeys; i++)
		if (!strcasecmp(ini->keys[i].section, section) &&
		    !strcasecmp(ini->keys[i].key, key))
			return ini->keys[i].line;
	return 0;
}

const char *
md_ini_value(const struct md_ini *ini, const char *section, const char *key,
	     enum md_ini_empty empty)
{
	const char *v = md_ini_get(ini, section, key);
	return v && !*v && empty == MD_INI_EMPTY_IS_ABSENT ? NULL : v;
}

int
md_ini_key_line(const struct md_ini *ini, const char *section, const char *key)
{
	int l = md_ini_line(ini, section, key);
	return l ? l : md_ini_line(ini, section, NULL);
}

bool
md_ini_flag(const struct md_ini *ini, struct md_diags *diags,
	    const char *section, const char *key, bool def,
	    enum md_ini_empty empty)
{
	const char *v = md_ini_value(ini, section, key, empty);
	if (!v)
		return def;
	if (!strcmp(v, "yes"))
		return true;
	if (!strcmp(v, "no"))
		return false;
	md_diags_add(diags, ini->path, md_ini_key_line(ini, section, key),
		     "[%s] の %s は yes か no で指定してください(「%s」)",
		     section, key, v);
	return def;
}
