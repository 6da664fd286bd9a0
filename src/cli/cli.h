/* What the command-line commands share: options, opening, login, messages. */
#ifndef MADOGUCHI_CLI_H
#define MADOGUCHI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "madoguchi/auth.h"
#include "madoguchi/config.h"
#include "madoguchi/contacts.h"
#include "madoguchi/counts.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/households.h"
#include "madoguchi/meetings.h"
#include "madoguchi/workflow.h"
#include "madoguchi/status.h"

/* Exit statuses, one table (madoguchi.1 EXIT STATUS is checked against it). */
/* clang-format off */
#define CLI_EXIT_LIST(X)                                                          \
	X(CLI_EXIT_OK, 0, "成功")                                               \
	X(CLI_EXIT_FAIL, 1, "失敗(入力の誤り、見つからない、ファイルの問題など)") \
	X(CLI_EXIT_USAGE, 2, "コマンドの使い方の誤り")                          \
	X(CLI_EXIT_AUTH, 3, "ログインできない、または権限がない")               \
	X(CLI_EXIT_CONFLICT, 4, "他の職員が先に保存していた(保存されていない)") \
	X(CLI_EXIT_DATABASE, 5, "データベースが使えない(別のファイル、新しすぎる版、破損、使用中)")

enum cli_exit {
#define CLI_EXIT_ENUM(name, code, doc) name = code,
	CLI_EXIT_LIST(CLI_EXIT_ENUM)
#undef CLI_EXIT_ENUM
};
/* clang-format on */

/* The state of one invocation. */
struct cli {
	const char *prog;
	const char *config_path; /* -c */
	const char *db_path;     /* -d */
	const char *user_login;  /* -u */
	struct md_config cfg;
	bool cfg_loaded;
	struct md_db *db;
	struct md_user user; /* after cli_login */
	bool logged_in;
	FILE *in; /* where passwords come from when not a terminal */
	struct md_forms *forms;               /* after cli_forms */
	struct md_workflow *wf;               /* after cli_workflow */
	struct md_contact_defs *contacts;     /* after cli_contacts */
	struct md_household_defs *households; /* after cli_households */
	struct md_meeting_defs *meetings;     /* after cli_meetings */
	struct md_count_defs *counts;         /* after cli_counts */
};

/* A command: its name, synopsis, one-line summary and entry point. */
struct cli_command {
	const char *name;
	const char *synopsis;
	const char *summary;
	int (*run)(struct cli *cli, int argc, char **argv);
};

/* The commands, in the order --help lists them; NULL-terminated. */
extern const struct cli_command cli_commands[];

/*
 * Print to f (cli_printf: to stdout) as printf does, but the format is the
 * program's own text and every %s and %c argument is shown on one line with
 * what a terminal would obey or not draw (control, bidi and zero-width
 * characters, a line feed, bytes that are not UTF-8) as visible escapes
 * (md_visible_vaddf). Every command prints through these, never printf.
 */
void cli_fprintf(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print text of several lines (a help text, a report) with its line feeds
 * kept and everything else hidden made visible. */
void cli_print_text(FILE *f, const char *text);

/* label, then the day iso in 和暦 (令和8年4月1日), or iso as stored when it
 * is not a day. */
void cli_print_day(const char *label, const char *iso);

/* The referrals (000 第3条(1)ア) of a contact or a case (the other 0),
 * oldest first, under つなぎ: (none: nothing): number, day, the agency
 * (仮登録 said), 窓口, how it was handed over, the appointment, and the
 * follow-up due or what it found (001 第9条(5)イ), every day in 和暦. */
void cli_print_referrals(struct cli *cli, long long contact_id,
			 long long case_id);

/* Print "madoguchi: message" on stderr, the arguments as cli_fprintf. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report err on stderr and return the exit status for its status. */
int cli_fail(const struct md_err *err);

/* The exit status that goes with a core status. */
int cli_exit_status(enum md_status status);

/* A usage error: message, hint to --help, CLI_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * The usage error for what getopt_long returned ('?' or ':' when optstring
 * starts with ':'): names the option that is unknown, or lacks its value, or
 * takes none. Call it right after getopt_long (it reads optind and optopt).
 */
int cli_option_error(const char *command, char **argv, int opt);

/*
 * If opt is one of the options every command takes (-c -d -u), record it and
 * return true.
 */
bool cli_common_option(struct cli *cli, int opt, const char *arg);

/* Load the configuration (once). Prints and returns non-zero on error. */
int cli_config(struct cli *cli);

/* The database path: -d, else the configuration, else the default. New
 * string (md_free) or NULL with err filled. */
char *cli_db_path(struct cli *cli, struct md_err *err);

/* Open the database with flags (MD_DB_*). Prints and returns non-zero on
 * error; warnings go to stderr. */
int cli_open(struct cli *cli, unsigned flags);

/*
 * Log in as -u USER with a password from the terminal (not echoed) or, when
 * standard input is not a terminal, its next line. Requires -u. Prints and
 * returns non-zero on failure.
 */
int cli_login(struct cli *cli);

/*
 * Read a password: from the terminal without echo after prompt, or the next
 * line of standard input. confirm asks twice on a terminal. Returns a new
 * string (md_free after wiping with cli_wipe) or NULL (message printed).
 */
char *cli_read_password(struct cli *cli, const char *prompt, bool confirm);

/* Load the form definitions (once) from the data folder; prints every
 * fault and returns non-zero when they are broken. */
int cli_forms(struct cli *cli);

/* Load the forms and the workflow (forms/workflow.ini) once; prints every
 * fault and returns non-zero when they are broken. */
int cli_workflow(struct cli *cli);

/* Load the forms and forms/contacts.ini once; prints every fault and
 * returns non-zero when it is broken. */
int cli_contacts(struct cli *cli);
/* Load the forms and forms/households.ini once; prints every fault and
 * returns non-zero when it is broken. */
int cli_households(struct cli *cli);
/* Load the forms, forms/households.ini (its [consent]) and
 * forms/meetings.ini once; prints every fault, non-zero when broken. */
int cli_meetings(struct cli *cli);

/* Load forms/counts.ini into cli->counts (once), checked against the forms,
 * the workflow and the definitions of contacts, households and meetings
 * (loaded first); 0, or the exit status after printing why. */
int cli_counts(struct cli *cli);
/*
 * Parse a command's options: names lists the long options (NULL-ended),
 * each taking a value, or none when the name ends in "!" (then "1"), or a
 * value each time it is given when the name ends in "+" (the values joined
 * by a line); each given goes to opts under its name (an empty value as
 * " "). -c -d -u and
 * --help as every command. Returns -1 to go on with *first the index of
 * the first argument left, or the exit status to end with.
 */
int cli_options(struct cli *cli, int argc, char **argv, const char *command,
		const char *help, const char *const *names,
		struct md_values *opts, int *first);
/* A save refused with status st: print each fault (a message naming its
 * field), or err when there are none, and return the exit status of st. */
int cli_refused(enum md_status st, const struct md_values *faults,
		const struct md_err *err);
/* A print as text: to standard output when path is NULL, else into a new
 * file at path (an existing one replaced only with force), then "WHATを
 * PATH に印刷しました". Returns the exit status, the failure printed. */
int cli_print_to(const char *path, const char *text, bool force,
		 const char *what);
/* cli_open(cli, 0) then cli_login(cli): what most commands do first. */
int cli_session(struct cli *cli);

/*
 * Parse the options of a command that has none of its own (only -c -d -u
 * and --help) and no arguments. Returns -1 to go on, or the exit status to
 * end with (after printing help or a usage error).
 */
int cli_plain_options(struct cli *cli, int argc, char **argv,
		      const char *command, const char *help);

/*
 * Parse the options before a subcommand (-c -d -u and --help) of a command
 * like `user` or `case`. Returns -1 and sets *next to the subcommand's index
 * (argc when there is none), or the exit status to end with.
 */
int cli_leading_options(struct cli *cli, int argc, char **argv,
			const char *command, const char *help, int *next);

/* A subcommand (`contact add`, `office list`…): its name and entry point,
 * given argv from the subcommand's name on. */
struct cli_sub {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
};

/*
 * Run the subcommand of command that argv names after the leading options
 * (cli_leading_options), one of the n of subs; a missing or unknown one is
 * a usage error naming them. Returns the exit status.
 */
int cli_run_sub(struct cli *cli, int argc, char **argv, const char *command,
		const char *help, const struct cli_sub *subs, size_t n);

/* Read s as a whole decimal number from min to max (ASCII digits, an
 * optional '-'); false when it is anything else. */
bool cli_parse_int(const char *s, int min, int max, int *out);

/* Overwrite and free a secret string. */
void cli_wipe(char *secret);

/* Release everything the invocation holds. */
void cli_fini(struct cli *cli);

/* Print a command's synopsis line, as --help and usage errors do. */
void cli_print_synopsis(FILE *f, const struct cli_command *cmd);

/* The command named name, or NULL. */
const struct cli_command *cli_find_command(const char *name);

/* Commands, each in its own file. */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_forms(struct cli *cli, int argc, char **argv);
int cmd_eligibility(struct cli *cli, int argc, char **argv);
/* The advice of 多機関協働の対象判定 (004 図4) printed, each line after
 * indent: 判定, 行, 出典, 対応, 但し, 理由, 足りないもの (cmd_eligibility.c). */
void cli_print_advice(const struct md_eligibility_result *r,
		      const char *indent);
/* The answers of list ("services=yes,multiple_issues=いいえ", a comma or a
 * line between them) into facts: 0, or the exit status after saying what
 * is wrong. */
int cli_eligibility_answers(struct md_eligibility_facts *facts,
			    const char *list);
int cmd_case(struct cli *cli, int argc, char **argv);
int cmd_form(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_agency(struct cli *cli, int argc, char **argv);
int cmd_step(struct cli *cli, int argc, char **argv);
int cmd_followup(struct cli *cli, int argc, char **argv);
int cmd_due(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_search(struct cli *cli, int argc, char **argv);
int cmd_contact(struct cli *cli, int argc, char **argv);
int cmd_refer(struct cli *cli, int argc, char **argv);
int cmd_office(struct cli *cli, int argc, char **argv);
int cmd_household(struct cli *cli, int argc, char **argv);
int cmd_meeting(struct cli *cli, int argc, char **argv);
int cmd_consent(struct cli *cli, int argc, char **argv);
int cmd_count(struct cli *cli, int argc, char **argv);
/* `followup --referral R …`: the follow-up of a referral (cmd_refer.c). */
int cmd_followup_referral(struct cli *cli, int argc, char **argv);
/* The referrals due that `due` merges with the workflow's (cmd_refer.c). */
struct md_referral_due;

#endif
