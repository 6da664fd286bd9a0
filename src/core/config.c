/* Loading madoguchi.ini against the one table of keys in config.h. */
#include "madoguchi/config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "madoguchi/diag.h"
#include "madoguchi/ini.h"
#include "madoguchi/mem.h"
#include "madoguchi/paths.h"
#include "madoguchi/text.h"

enum kind {
	KIND_TEXT,
	KIND_INT,
	KIND_ENC
};

/* How each key is stored in struct md_config, row for row with keys[]. */
struct keyimpl {
	enum kind kind;
	size_t offset;
};

#define KEYPUB(sec, key, scope, kind, def, min, max, doc)                      \
	{#sec, #key, MD_SCOPE_##scope, #kind, def, min, max, doc},
static const struct md_config_key keys[] = {MD_CONFIG_LIST(KEYPUB)};
#undef KEYPUB

#define KEYIMPL(sec, key, scope, kind, def, min, max, doc)                     \
	{KIND_##kind, offsetof(struct md_config, sec##_##key)},
static const struct keyimpl impls[] = {MD_CONFIG_LIST(KEYIMPL)};
#undef KEYIMPL

#define NKEYS ((int)(sizeof keys / sizeof keys[0]))

const struct md_config_key *
md_config_keys(int *count)
{
	*count = NKEYS;
	return keys;
}

bool
md_config_parse_encoding(const char *s, enum md_csv_encoding *out)
{
	if (!strcmp(s, "utf8-bom"))
		*out = MD_CSV_UTF8_BOM;
	else if (!strcmp(s, "utf8"))
		*out = MD_CSV_UTF8;
	else if (!strcmp(s, "cp932"))
		*out = MD_CSV_CP932;
	else
		return false;
	return true;
}

static bool
parse_int(const char *s, int min, int max, int *out)
{
	char *folded = md_text_ascii_fold(s);
	if (!folded)
		return false;
	char *end;
	errno = 0;
	long v = strtol(folded, &end, 10);
	bool ok = folded[0] && *md_text_trim(end) == '\0' && errno == 0 &&
		  v >= min && v <= max;
	md_free(folded);
	if (ok)
		*out = (int)v;
	return ok;
}

/* Store value (already known good, or a default) into cfg. */
static bool
set_value(struct md_config *cfg, int i, const char *value)
{
	char *base = (char *)cfg;
	const struct md_config_key *k = &keys[i];
	const size_t offset = impls[i].offset;
	switch (impls[i].kind) {
	case KIND_TEXT: {
		char **slot = (char **)(void *)(base + offset);
		char *v = md_strdup(value);
		if (!v)
			return false;
		md_free(*slot);
		*slot = v;
		return true;
	}
	case KIND_INT:
		return parse_int(value, k->min, k->max,
				 (int *)(void *)(base + offset));
	case KIND_ENC:
		return md_config_parse_encoding(value,
						(enum md_csv_encoding
							 *)(void *)(base +
								    offset));
	}
	return false;
}

char *
md_config_format(const struct md_config *cfg, int i)
{
	const char *base = (const char *)cfg;
	if (i < 0 || i >= NKEYS)
		return NULL;
	switch (impls[i].kind) {
	case KIND_TEXT: {
		const char *v = *(char *const *)(const void *)(base +
							       impls[i].offset);
		return md_strdup(v ? v : "");
	}
	case KIND_INT:
		return md_asprintf("%d",
				   *(const int *)(const void
							  *)(base +
							     impls[i].offset));
	case KIND_ENC: {
		static const char *const names[] = {"utf8-bom", "utf8",
						    "cp932"};
		return md_strdup(names[*(
			const enum md_csv_encoding
				*)(const void *)(base + impls[i].offset)]);
	}
	}
	return NULL;
}

static const char *
kind_hint(int i, char *buf, size_t size)
{
	const struct md_config_key *k = &keys[i];
	switch (impls[i].kind) {
	case KIND_INT:
		snprintf(buf, size, "%d から %d の整数を指定してください",
			 k->min, k->max);
		break;
	case KIND_ENC:
		snprintf(buf, size,
			 "utf8-bom、utf8、cp932 のどれかを指定してください");
		break;
	case KIND_TEXT:
		snprintf(buf, size, "文字列を指定してください");
		break;
	}
	return buf;
}

enum md_status
md_config_defaults(struct md_config *cfg, struct md_err *err)
{
	memset(cfg, 0, sizeof *cfg);
	for (int i = 0; i < NKEYS; i++)
		if (!set_value(cfg, i, keys[i].def)) {
			md_config_fini(cfg);
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		}
	return MD_OK;
}

/* Keys that moved out of madoguchi.ini: a file that still sets one is told
 * where it lives now, rather than having it ignored. */
static const struct {
	const char *section, *key, *now;
} moved[] = {
	/* 001 第9条(9): when evaluations fall due is a rule of the process. */
	{"workflow", "evaluation_months",
	 "手順の定義 forms/workflow.ini の [workflow] evaluation_months(例: 3|6|12)"},
};

/* Where section's key (any key, when NULL) moved, or NULL. */
static const char *
moved_to(const char *section, const char *key)
{
	for (size_t i = 0; i < sizeof moved / sizeof moved[0]; i++)
		if (!strcmp(moved[i].section, section) &&
		    (!key || !strcmp(moved[i].key, key)))
			return moved[i].now;
	return NULL;
}

/* The row of section (and key, unless NULL) in keys[], or -1. */
static int
find_key(const char *section, const char *key)
{
	for (int i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].section, section) &&
		    (!key || !strcmp(keys[i].key, key)))
			return i;
	return -1;
}

/*
 * Read one file into cfg, its faults into diags. A user's file (from
 * MD_FROM_USER) may set only USER keys. Returns MD_OK, or the status of a
 * file that could not be read at all (its message added to diags).
 */
static enum md_status
config_read(const char *path, enum md_config_from from, struct md_config *cfg,
	    struct md_diags *diags)
{
	struct md_ini *ini = NULL;
	struct md_err rerr;
	enum md_status rc = md_ini_load(path, &ini, diags, &rerr);
	if (rc == MD_ERR_DEFINITION)
		return MD_OK; /* its faults are in diags */
	if (rc != MD_OK) {
		md_diags_add(diags, NULL, 0, "%s", rerr.msg);
		return rc;
	}

	for (size_t i = 0; i < ini->nsections; i++)
		if (find_key(ini->sections[i].section, NULL) < 0 &&
		    !moved_to(ini->sections[i].section, NULL))
			md_diags_add(diags, path, ini->sections[i].line,
				     "不明なセクション [%s] です",
				     ini->sections[i].section);
	for (size_t i = 0; i < ini->nkeys; i++) {
		const struct md_ini_item *it = &ini->keys[i];
		const char *now = moved_to(it->section, it->key);
		if (now) {
			md_diags_add(diags, path, it->line,
				     "[%s] %s は設定ファイルの項目ではなくなりました。%s に書いてください",
				     it->section, it->key, now);
			continue;
		}
		if (find_key(it->section, NULL) < 0 &&
		    !moved_to(it->section, NULL))
			continue; /* already reported with its section */
		int k = find_key(it->section, it->key);
		if (k < 0) {
			md_diags_add(diags, path, it->line,
				     "[%s] に不明な設定項目 %s があります",
				     it->section, it->key);
			continue;
		}
		if (from == MD_FROM_USER && keys[k].scope == MD_SCOPE_SYSTEM) {
			md_diags_add(diags, path, it->line,
				     "[%s] %s はシステムの設定(%s)の項目です。利用者の設定ファイルでは変えられません",
				     it->section, it->key,
				     md_path_system_config());
			continue;
		}
		const char *v = md_ini_get(ini, it->section, it->key);
		if (!v)
			v = "";
		struct md_err terr;
		if (impls[k].kind == KIND_TEXT &&
		    md_text_check(v, false, keys[k].key, &terr) != MD_OK) {
			md_diags_add(diags, path, it->line, "%s", terr.msg);
			continue;
		}
		if (!set_value(cfg, k, v)) {
			char hint[256];
			md_diags_add(diags, path, it->line,
				     "[%s] %s の値「%s」が正しくありません。%s",
				     it->section, it->key, v,
				     kind_hint(k, hint, sizeof hint));
			continue;
		}
		cfg->from[k] = from;
		cfg->from_line[k] = it->line;
	}
	md_ini_free(&ini);
	return MD_OK;
}

/* The system configuration, when there is one: read only when root's. */
static enum md_status
config_read_system(struct md_config *cfg, struct md_diags *diags)
{
	const char *file = md_path_system_config();
	struct stat sb;
	if (stat(file, &sb) != 0 && errno == ENOENT)
		return MD_OK;
	struct md_err terr;
	if (md_path_check_trusted(file, MD_ERR_CONFIG, &terr) != MD_OK) {
		md_diags_add(diags, NULL, 0, "システムの設定ファイル %s",
			     terr.msg);
		return MD_OK;
	}
	if (!(cfg->system_source = md_strdup(file)))
		return MD_ERR_NOMEM;
	return config_read(file, MD_FROM_SYSTEM, cfg, diags);
}

/* The user's: path (-c FILE), else their XDG file when it exists. */
static enum md_status
config_read_user(const char *path, struct md_config *cfg,
		 struct md_diags *diags)
{
	char *own = NULL;
	if (!path) {
		own = md_path_user_config();
		if (!own || access(own, F_OK) != 0) {
			md_free(own);
			return MD_OK;
		}
		path = own;
	}
	enum md_status rc = MD_OK;
	struct stat sb, sys;
	if (cfg->system_source && stat(path, &sb) == 0 &&
	    stat(cfg->system_source, &sys) == 0 && sb.st_dev == sys.st_dev &&
	    sb.st_ino == sys.st_ino) {
		/* -c naming the system file itself: read once, as the system's. */
		md_free(own);
		return MD_OK;
	}
	if (!(cfg->user_source = md_strdup(path)))
		rc = MD_ERR_NOMEM;
	else
		rc = config_read(path, MD_FROM_USER, cfg, diags);
	if (rc == MD_OK && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (sb.st_mode & 022))
		cfg->warning =
			md_asprintf("設定ファイル %s を他の利用者も書き換えられます。chmod 644 などで制限してください",
				    path);
	md_free(own);
	return rc;
}

enum md_status
md_config_load(const char *path, struct md_config *cfg, struct md_err *err)
{
	enum md_status rc = md_config_defaults(cfg, err);
	if (rc != MD_OK)
		return rc;
	struct md_diags diags;
	md_diags_init(&diags);
	/* The system's first, then the user's keys over it. */
	enum md_status rs = config_read_system(cfg, &diags);
	enum md_status ru = config_read_user(path, cfg, &diags);
	rc = rs != MD_OK ? rs : ru != MD_OK ? ru : MD_ERR_CONFIG;
	if (rc == MD_ERR_NOMEM)
		md_err_set(err, rc, NULL);
	else
		rc = md_diags_to_err(&diags, rc, err);
	md_diags_fini(&diags);
	return rc;
}

const char *
md_config_origin(const struct md_config *cfg, int i, int *line)
{
	*line = 0;
	if (i < 0 || i >= NKEYS || cfg->from[i] == MD_FROM_DEFAULT)
		return NULL;
	*line = cfg->from_line[i];
	return cfg->from[i] == MD_FROM_SYSTEM ? cfg->system_source
					      : cfg->user_source;
}

void
md_config_fini(struct md_config *cfg)
{
	md_free(cfg->system_source);
	md_free(cfg->user_source);
	md_free(cfg->database_path);
	md_free(cfg->office_name);
	md_free(cfg->office_head_title);
	md_free(cfg->export_dir);
	md_free(cfg->warning);
	memset(cfg, 0, sizeof *cfg);
}
