/* Staff accounts: roles, password hashes (yescrypt), login and lockout. */
#ifndef MADOGUCHI_AUTH_H
#define MADOGUCHI_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/config.h"
#include "madoguchi/db.h"
#include "madoguchi/status.h"

/* The roles of the seeds (001 第5条〜第8条) and the administrator. */
/* clang-format off */
#define MD_ROLE_LIST(X)                                         \
	X(MD_ROLE_CONSULTANT, "consultant", "相談支援員")         \
	X(MD_ROLE_CHIEF, "chief", "主任相談支援員")               \
	X(MD_ROLE_EMPLOYMENT, "employment", "就労支援員")         \
	X(MD_ROLE_ADMIN, "admin", "管理者")

enum md_role {
#define MD_ROLE_ENUM(name, code, label) name,
	MD_ROLE_LIST(MD_ROLE_ENUM)
#undef MD_ROLE_ENUM
	MD_ROLE_COUNT
};
/* clang-format on */

/* "consultant" … as stored; "相談支援員" … as shown. */
const char *md_role_code(enum md_role role);
const char *md_role_label(enum md_role role);
/* Accepts the code or the label; false when it is neither. */
bool md_role_parse(const char *s, enum md_role *out);

/* Passwords shorter than this are refused. */
#define MD_PASSWORD_MIN 8

/* A staff account as read from the database (owns its strings). */
struct md_user {
	long long id;
	char *login;
	char *display_name;
	enum md_role role;
	bool active;
	int failed_attempts;
	char *locked_until; /* "" when not locked */
	char *created_at;
};

void md_user_fini(struct md_user *u);

/*
 * The key of a login name: NFKC and case folding (utf8proc's
 * NFKC_Casefold), so that Admin, ADMIN and ａｄｍｉｎ (full-width) give the
 * key of admin. Accounts are unique by key and found by it: the one place
 * login names are normalised. A new string (md_free), or NULL when out of
 * memory or when login is not valid UTF-8.
 */
char *md_auth_login_key(const char *login);

/*
 * Hash a password with yescrypt and a fresh salt. *hash is a new string
 * (md_free). The password is never copied anywhere but crypt's own zeroed
 * work area.
 */
enum md_status md_auth_hash(const char *password, char **hash,
			    struct md_err *err);

/* True when password matches hash (compared in constant time). */
bool md_auth_verify(const char *password, const char *hash);

/* How many accounts exist (0 on a new database). */
enum md_status md_user_count(struct md_db *db, long long *count,
			     struct md_err *err);

/*
 * Add an account. actor must be an active administrator, except on a
 * database with no accounts, where actor is NULL and role must be admin
 * (the first administrator). Audited. *id (may be NULL) gets the new id.
 */
enum md_status md_user_add(struct md_db *db, const struct md_user *actor,
			   const char *login, const char *display_name,
			   enum md_role role, const char *password,
			   long long *id, struct md_err *err);

/*
 * Check a login. login is found as md_user_get finds it (any case and
 * width). On success fills *user and resets the failure count; on a wrong
 * password counts the failure and, after max_failed_logins in a row, locks
 * the account for lockout_minutes (MD_ERR_LOCKED). A lock stored with a
 * later end than lockout_minutes from now (a forged clock or file) is
 * brought back to that, and written so. A disabled account gives
 * MD_ERR_DISABLED; an unknown name or wrong password MD_ERR_AUTH (the same
 * message, so names cannot be probed). Every path computes one yescrypt
 * hash of the same cost (an unknown name against the setting of a stored
 * hash), and every failure answers after the same
 * failed_login_delay_seconds, so the time tells nothing of the name. Every
 * attempt is audited.
 */
enum md_status md_user_login(struct md_db *db, const struct md_config *cfg,
			     const char *login, const char *password,
			     struct md_user *user, struct md_err *err);

/*
 * Read an account by login name or by id (no password check, no audit).
 * A name is the account spelled exactly so, else the one with the same key
 * (md_auth_login_key); when two accounts made before migration 8 share the
 * key and neither is spelled so, MD_ERR_NOTFOUND names both.
 */
enum md_status md_user_get(struct md_db *db, const char *login,
			   struct md_user *user, struct md_err *err);
enum md_status md_user_get_id(struct md_db *db, long long id,
			      struct md_user *user, struct md_err *err);

/* All accounts in login order; actor must be an administrator. *users is a
 * new array of *count users (md_user_list_free). */
enum md_status md_user_list(struct md_db *db, const struct md_user *actor,
			    struct md_user **users, size_t *count,
			    struct md_err *err);
void md_user_list_free(struct md_user *users, size_t count);

/* The active accounts (login and name only matter), by name: any active
 * user may read them, to choose a member of staff on a form. */
enum md_status md_user_names(struct md_db *db, const struct md_user *actor,
			     struct md_user **users, size_t *count,
			     struct md_err *err);

/*
 * Set a new password: an administrator for anyone, anyone for themselves.
 * Also clears a lockout. Audited.
 */
enum md_status md_user_passwd(struct md_db *db, const struct md_user *actor,
			      const char *login, const char *password,
			      struct md_err *err);

/*
 * Disable or enable an account (administrator only; accounts are never
 * deleted, so history keeps their names). The last active administrator
 * cannot be disabled. Audited.
 */
enum md_status md_user_set_active(struct md_db *db, const struct md_user *actor,
				  const char *login, bool active,
				  struct md_err *err);

/*
 * The audit rows of an account written by a caller other than
 * md_user_add (the demonstration data): that actor_id registered login with
 * role and, when !active, disabled it, as md_user_add and
 * md_user_set_active record it. Inside the caller's transaction.
 */
enum md_status md_user_audit_account(struct md_db *db, long long actor_id,
				     const char *login, enum md_role role,
				     bool active, struct md_err *err);

/*
 * Each account's role and state against the audit log: no command changes
 * a role, so it is the role the account was registered with, and it is
 * active unless the last audited enable or disable of it disabled it. An
 * account the log does not explain (added, made 管理者, enabled or disabled
 * in the file, outside the program) gets a line in report and counts in
 * *problems. Trust it as far as md_audit_verify finds the chain intact.
 * MD_OK, or the database's error.
 */
enum md_status md_user_check_audited(struct md_db *db, struct md_buf *report,
				     int *problems, struct md_err *err);

/*
 * Clear an account's lockout and its count of failed logins and, when
 * password is not NULL, set it as the new password. actor is an active
 * administrator, or NULL for the system administrator (root) acting
 * without a madoguchi login: the caller lets only a process whose real user
 * id is 0 do so (madoguchi user unlock without -u). Audited
 * (MD_AUDIT_USER_UNLOCK, and MD_AUDIT_USER_PASSWD with a password), with no
 * user and "(システム管理者 root による)" in the detail when actor is NULL.
 */
enum md_status md_user_unlock(struct md_db *db, const struct md_user *actor,
			      const char *login, const char *password,
			      struct md_err *err);

struct md_buf; /* mem.h */

/*
 * Append to report a line (starting "注意: ") for each set of accounts whose
 * login names share a key: made before migration 8, kept, each logging in
 * by its exact spelling only. *sets gets how many. Reads the database.
 */
enum md_status md_user_shared_logins(struct md_db *db, struct md_buf *report,
				     int *sets, struct md_err *err);

/*
 * Refuse (MD_ERR_DENIED, audited) unless actor is active and, when
 * admin_only, an administrator. `what` names the operation in the message.
 */
enum md_status md_auth_require(struct md_db *db, const struct md_user *actor,
			       bool admin_only, const char *what,
			       struct md_err *err);

#endif
