/* The audit log: who viewed, changed or exported which case, and when. */
#ifndef MADOGUCHI_AUDIT_H
#define MADOGUCHI_AUDIT_H

#include <stdbool.h>

#include "madoguchi/clock.h"
#include "madoguchi/db.h"
#include "madoguchi/status.h"

/* Every action the log records, with its stored code and its label. */
/* clang-format off */
#define MD_AUDIT_LIST(X)                                                  \
	X(MD_AUDIT_VIEW, "view", "閲覧")                                  \
	X(MD_AUDIT_CREATE, "create", "作成")                              \
	X(MD_AUDIT_UPDATE, "update", "更新")                              \
	X(MD_AUDIT_EXPORT, "export", "出力")                              \
	X(MD_AUDIT_STEP, "step", "手順の記録")                            \
	X(MD_AUDIT_REOPEN, "reopen", "再開")                              \
	X(MD_AUDIT_LOGIN, "login", "ログイン")                            \
	X(MD_AUDIT_LOGIN_FAILED, "login_failed", "ログイン失敗")          \
	X(MD_AUDIT_LOCKED, "locked", "アカウント一時停止")                \
	X(MD_AUDIT_USER_ADD, "user_add", "職員の登録")                    \
	X(MD_AUDIT_USER_PASSWD, "user_passwd", "パスワードの変更")        \
	X(MD_AUDIT_USER_DISABLE, "user_disable", "アカウントの無効化")    \
	X(MD_AUDIT_USER_ENABLE, "user_enable", "アカウントの有効化")      \
	X(MD_AUDIT_USER_UNLOCK, "user_unlock", "一時停止の解除")          \
	X(MD_AUDIT_BACKUP, "backup", "バックアップ")                      \
	X(MD_AUDIT_SEARCH, "search", "検索")                              \
	X(MD_AUDIT_DENIED, "denied", "権限のない操作")                    \
	X(MD_AUDIT_REFER, "refer", "つなぎ")                              \
	X(MD_AUDIT_FOLLOW_UP, "referral_follow_up", "つなぎのフォローアップ")\
	X(MD_AUDIT_AGENCY_PROVISIONAL, "agency_provisional", "関係機関の仮登録") \
	X(MD_AUDIT_AGENCY_CONFIRM, "agency_confirm", "仮登録の確認")      \
	X(MD_AUDIT_AGENCY_MERGE, "agency_merge", "関係機関の統合")        \
	X(MD_AUDIT_AGENCY_CORRECT, "agency_correct", "関係機関の訂正")    \
	X(MD_AUDIT_OFFICE, "office", "事業所の変更")

enum md_audit_action {
#define MD_AUDIT_ENUM(name, code, label) name,
	MD_AUDIT_LIST(MD_AUDIT_ENUM)
#undef MD_AUDIT_ENUM
	MD_AUDIT_COUNT
};
/* clang-format on */

const char *md_audit_code(enum md_audit_action a);
const char *md_audit_label(enum md_audit_action a);
/* The action of a stored code; false when unknown. */
bool md_audit_parse(const char *code, enum md_audit_action *out);

/*
 * Append one row, numbered one after the last and chained to it: its hash
 * is md_audit_hash of the last row's hash and its own columns (one
 * statement, so no other writer can come between). Call it inside the
 * transaction of the change it records, so both are kept or neither.
 * user_id, case_id and person_id of 0 are stored as NULL. detail (may be
 * NULL) must never hold a password.
 */
enum md_status md_audit_add(struct md_db *db, long long user_id,
			    enum md_audit_action action, long long case_id,
			    long long person_id, const char *detail,
			    struct md_err *err);

/*
 * A refusal (MD_AUDIT_DENIED) of what to the user, about case_id (0: none),
 * in a short transaction of its own: call it after the refused operation
 * has rolled back, so the refusal stays on record. Best effort: a refusal
 * is reported to the user whether or not its row could be written.
 */
void md_audit_denied(struct md_db *db, long long user_id, long long case_id,
		     const char *what);

/*
 * The view of a list searched (the case list, the entries): one row per
 * user and list a minute on this connection, since searching as you type
 * is a search a keystroke, and each row is a commit to disk. Commits its
 * own short transaction (call it outside any). what names the list; it
 * never holds the words searched.
 */
enum md_status md_audit_list_view(struct md_db *db, long long user_id,
				  const char *what, struct md_err *err);

/* How long one md_audit_list_view row stands for, in seconds. */
#define MD_AUDIT_LIST_SECONDS 60

/* An audit row's hash: SHA-256 in lowercase hexadecimal, with its NUL. */
#define MD_AUDIT_HASH_SIZE 65

/* A row of the log noted elsewhere (an anchor): its number and hash. */
struct md_audit_anchor {
	long long id;
	char hash[MD_AUDIT_HASH_SIZE]; /* lowercase */
};

/*
 * Read "ID:HASH" (a row number, a colon, 64 hexadecimal digits in either
 * case) into *out. MD_ERR_INVALID, with a message, when s is anything else.
 */
enum md_status md_audit_anchor_parse(const char *s, struct md_audit_anchor *out,
				     struct md_err *err);

/* What md_audit_verify walked: the number of rows and the head. */
struct md_audit_chain {
	long long rows;
	long long last_id;                  /* 0 when the log is empty */
	char last_at[MD_TIMESTAMP_SIZE];    /* its time; "" when empty */
	char last_hash[MD_AUDIT_HASH_SIZE]; /* "" when the log is empty */
	long long broken_id; /* the row where the chain breaks; 0 if none */
};

/*
 * Walk the audit log oldest first and check each link: the first row is
 * numbered 1 and each next row one more (a missing number is a removed
 * row), and each row's hash is md_audit_hash of the hash before it and its
 * own columns (otherwise the row, or the one before it, was changed). With
 * anchor (may be NULL), its row must still be there with its hash (a log
 * cut short, or rewritten and chained again, differs from a head noted
 * before). MD_OK with *out filled when every link holds; MD_ERR_CORRUPT
 * with a message naming the first broken link (its row number, its time
 * and what is wrong) and out->broken_id; another status when the log
 * cannot be read. Reads only; the caller decides who may
 * (md_auth_require).
 */
enum md_status md_audit_verify(struct md_db *db,
			       const struct md_audit_anchor *anchor,
			       struct md_audit_chain *out, struct md_err *err);

/*
 * What `madoguchi check` adds to md_db_check: the chain (md_audit_verify)
 * and each account against its audited changes (md_user_check_audited).
 * Appends one line per finding, or one line on the intact chain with its
 * head, to report. MD_OK when all holds, MD_ERR_CORRUPT when something
 * does not, another status when the database cannot be read.
 */
enum md_status md_audit_check(struct md_db *db, struct md_buf *report,
			      struct md_err *err);

/* A case whose contents were shown, and its person (0: not known). */
struct md_audit_case {
	long long case_id, person_id;
};

/*
 * The view of what a search showed of cases (the excerpts of entries): one
 * MD_AUDIT_VIEW row for each case in cases (n of them, repeats counted,
 * not written twice), in the order first shown, so that `madoguchi audit
 * --case C` lists every search that showed case C. detail is what
 * followed by the number of items of that case shown ("支援経過の検索(抜粋
 * 3 件)"); it never holds the words searched. Nothing is written when n is
 * 0. Commits its own short transaction (call it outside any).
 */
enum md_status md_audit_cases_shown(struct md_db *db, long long user_id,
				    const struct md_audit_case *cases, size_t n,
				    const char *what, struct md_err *err);

struct md_user; /* auth.h, which includes this header */

/* Which rows of the audit log to list; 0 and NULL for any. */
struct md_audit_filter {
	long long case_id;
	long long user_id;
	const char *since; /* "YYYY-MM-DD" or a timestamp: rows at or after */
};

/* One row of the audit log (owns its strings). */
struct md_audit_row {
	long long id;
	char *at;    /* "YYYY-MM-DD HH:MM:SS" */
	char *login; /* "" when no user (a failed login by an unknown name) */
	char *user_name;
	char *action; /* the code (md_audit_parse), "view", "update", … */
	long long case_id, person_id; /* 0 when none */
	char *detail;
};

void md_audit_rows_free(struct md_audit_row *rows, size_t n);

/*
 * Rows of the audit log matching f, oldest first: at most limit (1..1000)
 * after the row numbered after_id (0 for the first page). For
 * administrators only (MD_ERR_DENIED, audited, otherwise). The first page
 * is itself audited as a view of the log. Each page reads through the
 * index of the case, the user or the time given.
 */
enum md_status md_audit_list(struct md_db *db, const struct md_user *actor,
			     const struct md_audit_filter *f,
			     long long after_id, int limit,
			     struct md_audit_row **rows, size_t *n,
			     struct md_err *err);

#endif
