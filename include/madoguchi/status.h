/* Status codes and the caller-owned error every core call fills. */
#ifndef MADOGUCHI_STATUS_H
#define MADOGUCHI_STATUS_H

#include <stddef.h>

/*
 * Every status with its default message, written once. The message is what a
 * consultant sees when the core has nothing more precise to say.
 */
/* clang-format off */
#define MD_STATUS_LIST(X)                                                     \
	X(MD_OK, "正常に完了しました")                                        \
	X(MD_ERR_NOMEM, "メモリが不足しています")                              \
	X(MD_ERR_IO, "ファイルの読み書きに失敗しました")                       \
	X(MD_ERR_DB, "データベースの操作に失敗しました")                       \
	X(MD_ERR_BUSY, "データベースが他の操作で使用中です")                   \
	X(MD_ERR_FULL, "ディスクの空き容量が不足しています")                   \
	X(MD_ERR_READONLY, "データベースに書き込めません(読み取り専用です)")   \
	X(MD_ERR_NOTDB, "madoguchi のデータベースではありません")              \
	X(MD_ERR_TOONEW, "このデータベースはより新しい版の madoguchi で作成されています") \
	X(MD_ERR_CORRUPT, "データベースが壊れています")                        \
	X(MD_ERR_INVALID, "入力内容に誤りがあります")                          \
	X(MD_ERR_NOTFOUND, "見つかりません")                                   \
	X(MD_ERR_EXISTS, "すでに存在します")                                   \
	X(MD_ERR_CONFLICT, "他の職員が先に保存しています")                     \
	X(MD_ERR_DENIED, "この操作を行う権限がありません")                     \
	X(MD_ERR_AUTH, "ユーザー名またはパスワードが違います")                 \
	X(MD_ERR_DISABLED, "このアカウントは無効にされています")               \
	X(MD_ERR_LOCKED, "ログインの失敗が続いたため、しばらくログインできません") \
	X(MD_ERR_CLOSED, "この手順はまだ行えません")                           \
	X(MD_ERR_CONFIG, "設定ファイルに誤りがあります")                       \
	X(MD_ERR_DEFINITION, "様式の定義に誤りがあります")                     \
	X(MD_ERR_ENCODING, "指定の文字コードで表せない文字があります")         \
	X(MD_ERR_USAGE, "コマンドの使い方が正しくありません")                 \
	X(MD_ERR_INTERRUPTED, "次のキーが押されたため、検索を中断しました")

enum md_status {
#define MD_STATUS_ENUM(name, msg) name,
	MD_STATUS_LIST(MD_STATUS_ENUM)
#undef MD_STATUS_ENUM
	MD_STATUS_COUNT
};
/* clang-format on */

/* Room for one message; longer ones are cut at a character boundary. */
#define MD_ERR_MSG_MAX 1024

/* What went wrong: the status and a message fit to show a consultant. */
struct md_err {
	enum md_status status;
	char msg[MD_ERR_MSG_MAX];
};

/* The default Japanese message of a status; never NULL. */
const char *md_status_message(enum md_status status);

/* The enum constant's name ("MD_ERR_DB"), for logs and tests. */
const char *md_status_name(enum md_status status);

/*
 * Fill err (which may be NULL) with status and a printf-style message; a NULL
 * fmt uses the status's default message. Returns status, so callers can write
 * `return md_err_set(err, MD_ERR_INVALID, "…");`.
 */
enum md_status md_err_set(struct md_err *err, enum md_status status,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reset err to MD_OK with an empty message. */
void md_err_clear(struct md_err *err);

/*
 * Put "prefix: " in front of the message already in err (for context such as
 * a file name); a no-op when err is NULL or holds MD_OK.
 */
void md_err_prefix(struct md_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A short Japanese phrase for errno (e.g. "権限がありません" for EACCES). */
const char *md_strerror(int errnum);

#endif
