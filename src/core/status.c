/* Status codes, their default messages, and filling a caller's error. */
#include "madoguchi/status.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/text.h"

static const char *const status_messages[] = {
#define MD_STATUS_MSG(name, msg) msg,
	MD_STATUS_LIST(MD_STATUS_MSG)
#undef MD_STATUS_MSG
};

static const char *const status_names[] = {
#define MD_STATUS_NAME(name, msg) #name,
	MD_STATUS_LIST(MD_STATUS_NAME)
#undef MD_STATUS_NAME
};

const char *
md_status_message(enum md_status status)
{
	if ((unsigned)status >= MD_STATUS_COUNT)
		return "不明なエラーです";
	return status_messages[status];
}

const char *
md_status_name(enum md_status status)
{
	if ((unsigned)status >= MD_STATUS_COUNT)
		return "MD_UNKNOWN";
	return status_names[status];
}

enum md_status
md_err_set(struct md_err *err, enum md_status status, const char *fmt, ...)
{
	if (!err)
		return status;
	err->status = status;
	if (!fmt) {
		snprintf(err->msg, sizeof err->msg, "%s",
			 md_status_message(status));
	} else {
		va_list ap;
		va_start(ap, fmt);
		md_text_vformat(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return status;
}

void
md_err_clear(struct md_err *err)
{
	if (!err)
		return;
	err->status = MD_OK;
	err->msg[0] = '\0';
}

void
md_err_prefix(struct md_err *err, const char *fmt, ...)
{
	if (!err || err->status == MD_OK)
		return;
	char out[MD_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, sizeof out, fmt, ap);
	va_end(ap);
	size_t used = n < 0 ? 0 : (size_t)n;
	if (used > sizeof out - 1)
		used = sizeof out - 1;
	const char sep[] = ": ";
	size_t room = sizeof out - 1 - used;
	size_t take = strlen(sep) < room ? strlen(sep) : room;
	memcpy(out + used, sep, take);
	used += take;
	room = sizeof out - 1 - used;
	size_t old = strlen(err->msg);
	take = old < room ? old : room;
	memcpy(out + used, err->msg, take);
	used += take;
	out[used] = '\0';
	memcpy(err->msg, out, used + 1);
	md_utf8_trim_partial(err->msg); /* cut short by snprintf */
}

const char *
md_strerror(int errnum)
{
	switch (errnum) {
	case EACCES:
	case EPERM:
		return "アクセスする権限がありません";
	case ENOENT:
		return "ファイルまたはフォルダがありません";
	case ENOTDIR:
		return "フォルダではないものがパスの途中にあります";
	case EISDIR:
		return "フォルダです";
	case EEXIST:
		return "すでに存在します";
	case ENOSPC:
	case EDQUOT:
		return "ディスクの空き容量が不足しています";
	case EROFS:
		return "読み取り専用のファイルシステムです";
	case ENAMETOOLONG:
		return "パスが長すぎます";
	case ENOMEM:
		return "メモリが不足しています";
	case EIO:
		return "入出力エラーが起きました";
	default:
		return "ファイル操作に失敗しました";
	}
}
