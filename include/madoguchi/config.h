/* The configuration file: its keys, their defaults, and loading it. */
#ifndef MADOGUCHI_CONFIG_H
#define MADOGUCHI_CONFIG_H

#include <stdbool.h>

#include "madoguchi/status.h"

enum md_csv_encoding {
	MD_CSV_UTF8_BOM,
	MD_CSV_UTF8,
	MD_CSV_CP932
};

/*
 * Every configuration key, written once: section, key, scope, kind,
 * default, and what it means. The same table checks files, fills struct
 * md_config, prints `madoguchi config` and is compared with
 * man/madoguchi.ini.5 by a test.
 * Scopes: USER keys are each user's own and may be set in any configuration
 * file; SYSTEM keys are the office's policy (the lockout, the idle lock, when
 * evaluations are due, the office's name on notices) and only the system
 * configuration (/etc/madoguchi.ini, root's) may set them.
 * Kinds: TEXT, INT (with bounds), ENC (utf8-bom|utf8|cp932).
 */
/* clang-format off */
#define MD_CONFIG_LIST(X)                                                       \
	X(database, path, USER, TEXT, "", 0, 0,                                 \
	  "データベースのファイル。空なら $XDG_DATA_HOME/madoguchi/madoguchi.db") \
	X(office, name, SYSTEM, TEXT, "自立相談支援機関", 0, 0,                 \
	  "事業所名。画面の表題と印刷に出ます")                                   \
	X(office, head_title, SYSTEM, TEXT, "区長", 0, 0,                       \
	  "通知書(第6号様式)の発行者の職名(例: 港区長)")                        \
	X(export, dir, USER, TEXT, "", 0, 0,                                    \
	  "CSV の出力先フォルダ。空なら $XDG_DOCUMENTS_DIR/madoguchi(なければ ~/madoguchi)") \
	X(export, encoding, USER, ENC, "utf8-bom", 0, 0,                        \
	  "CSV の文字コード: utf8-bom(Excel 向け)、utf8、cp932")              \
	X(security, idle_lock_minutes, SYSTEM, INT, "10", 0, 1440,              \
	  "キー操作がないまま画面をロックするまでの分数(0 でロックしない)")     \
	X(security, max_failed_logins, SYSTEM, INT, "5", 1, 100,                \
	  "続けて何回ログインに失敗したらアカウントを一時停止するか")           \
	X(security, lockout_minutes, SYSTEM, INT, "15", 1, 1440,                \
	  "一時停止の分数")                                                     \
	X(security, failed_login_delay_seconds, SYSTEM, INT, "1", 0, 10,        \
	  "ログインに失敗したとき、続けた失敗の回数だけ掛けて待たせる秒数(0 で待たせない)") \
	X(display, ambiguous_width, USER, INT, "1", 1, 2,                       \
	  "○※①◎ など幅が曖昧な文字の表示幅(端末の設定に合わせて 1 か 2)")      \
	X(drafts, autosave_seconds, USER, INT, "5", 1, 600,                     \
	  "入力中の様式を下書きとして自動保存する間隔(秒)")

/* Who may set a key (the scope column). */
enum md_config_scope { MD_SCOPE_USER, MD_SCOPE_SYSTEM };

/* A key's index in the table: MD_CONFIG_<section>_<key>. */
enum md_config_id {
#define MD_CONFIG_ID(sec, key, scope, kind, def, min, max, doc)                 \
	MD_CONFIG_##sec##_##key,
	MD_CONFIG_LIST(MD_CONFIG_ID)
#undef MD_CONFIG_ID
	MD_CONFIG_NKEYS
};
/* clang-format on */

/* Where a value came from. */
enum md_config_from {
	MD_FROM_DEFAULT,
	MD_FROM_SYSTEM,
	MD_FROM_USER
};

/* The loaded configuration: every key with its value (or its default). */
struct md_config {
	char *system_source; /* the system file read, or NULL */
	char *user_source;   /* the user's file read, or NULL */
	/* Where each key's value came from, and its line in that file. */
	enum md_config_from from[MD_CONFIG_NKEYS];
	int from_line[MD_CONFIG_NKEYS];
	char *database_path;
	char *office_name;
	char *office_head_title;
	char *export_dir;
	enum md_csv_encoding export_encoding;
	int security_idle_lock_minutes;
	int security_max_failed_logins;
	int security_lockout_minutes;
	int security_failed_login_delay_seconds;
	int display_ambiguous_width;
	int drafts_autosave_seconds;
	char *warning; /* e.g. a file others can write; NULL if none */
};

/*
 * Load the configuration: the defaults, then the system configuration
 * (md_path_system_config(), when it exists), then the user's: path (-c
 * FILE, which must exist) or else $XDG_CONFIG_HOME/madoguchi/madoguchi.ini
 * when it exists. The system file is read only when it is a file root owns
 * that neither group nor others may write (md_path_check_trusted); it may
 * set every key. The user's file may set only USER keys: a SYSTEM key there
 * is a fault ("the key belongs to the system configuration") and keeps the
 * system's or default value. Files are read only when regular and at most
 * MD_INI_MAX_BYTES long (md_ini_load). Unknown sections and keys and bad
 * values are all reported as "file:line: …" in err (MD_ERR_CONFIG; a file
 * that cannot be read gives its own status). cfg is filled in any case
 * (defaults where a file is wrong) and is released with md_config_fini.
 * Touches no database.
 */
enum md_status md_config_load(const char *path, struct md_config *cfg,
			      struct md_err *err);

/* Defaults only. */
enum md_status md_config_defaults(struct md_config *cfg, struct md_err *err);

void md_config_fini(struct md_config *cfg);

/* One key of the table, for help and documentation. */
struct md_config_key {
	const char *section;
	const char *key;
	enum md_config_scope scope;
	const char *kind;
	const char *def;
	int min, max;
	const char *doc;
};

/* The table above, and its length. */
const struct md_config_key *md_config_keys(int *count);

/* The value of key i of md_config_keys() in cfg, as a file would write it.
 * New string (md_free) or NULL when out of memory. */
char *md_config_format(const struct md_config *cfg, int i);

/* The file key i of md_config_keys() was read from in cfg (one of its
 * system_source and user_source) with its line in *line, or NULL (and 0)
 * when the key has its default. */
const char *md_config_origin(const struct md_config *cfg, int i, int *line);

/* Parse "utf8-bom" | "utf8" | "cp932"; returns false when it is none. */
bool md_config_parse_encoding(const char *s, enum md_csv_encoding *out);

#endif
