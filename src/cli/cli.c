/* Helpers every command uses: options, configuration, opening, login, errors. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "madoguchi/display.h"
#include "madoguchi/entries.h"
#include "madoguchi/mem.h"
#include "madoguchi/paths.h"
#include "madoguchi/referrals.h"
#include "madoguchi/visible.h"

/* Everything the commands print goes through here (tests/cli/test_visible.sh
 * checks that no other file of src/cli prints): a terminal shows stored and
 * typed text, never obeys it (issue 13, finding 2). */
static void
cli_vfprintf(FILE *f, const char *fmt, va_list ap)
{
	struct md_buf b;
	md_buf_init(&b);
	md_visible_vaddf(&b, MD_VISIBLE_LINE, fmt, ap);
	fwrite(md_buf_str(&b), 1, b.len, f);
	md_buf_fini(&b);
}

void
cli_fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_vfprintf(f, fmt, ap);
	va_end(ap);
}

void
cli_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_vfprintf(stdout, fmt, ap);
	va_end(ap);
}

void
cli_print_text(FILE *f, const char *text)
{
	struct md_buf b;
	md_buf_init(&b);
	md_visible_add(&b, text, strlen(text), MD_VISIBLE_LINES);
	fwrite(md_buf_str(&b), 1, b.len, f);
	md_buf_fini(&b);
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("madoguchi: ", stderr);
	va_start(ap, fmt);
	cli_vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_exit_status(enum md_status status)
{
	switch (status) {
	case MD_OK:
		return CLI_EXIT_OK;
	case MD_ERR_USAGE:
		return CLI_EXIT_USAGE;
	case MD_ERR_AUTH:
	case MD_ERR_DENIED:
	case MD_ERR_DISABLED:
	case MD_ERR_LOCKED:
		return CLI_EXIT_AUTH;
	case MD_ERR_CONFLICT:
		return CLI_EXIT_CONFLICT;
	case MD_ERR_NOTDB:
	case MD_ERR_TOONEW:
	case MD_ERR_CORRUPT:
	case MD_ERR_BUSY:
		return CLI_EXIT_DATABASE;
	default:
		return CLI_EXIT_FAIL;
	}
}

int
cli_fail(const struct md_err *err)
{
	/* A message of several lines (a list of faults) keeps one prefix per
	 * line, so each stays greppable. */
	const char *p = err->msg[0] ? err->msg : md_status_message(err->status);
	while (*p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);
		cli_fprintf(stderr, "madoguchi: %.*s\n", len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
	return cli_exit_status(err->status);
}

void
cli_print_synopsis(FILE *f, const struct cli_command *cmd)
{
	cli_fprintf(f, "madoguchi [-c FILE] [-d FILE] %s%s%s\n", cmd->name,
		    cmd->synopsis[0] ? " " : "", cmd->synopsis);
}

const struct cli_command *
cli_find_command(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int
cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	fputs("madoguchi: ", stderr);
	va_start(ap, fmt);
	cli_vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (command)
		cli_fprintf(stderr,
			    "(madoguchi %s --help で使い方を表示します)\n",
			    command);
	else
		fputs("(madoguchi --help で使い方を表示します)\n", stderr);
	return CLI_EXIT_USAGE;
}

int
cli_option_error(const char *command, char **argv, int opt)
{
	/* glibc leaves optopt 0 for an unknown long option, and optind past
	 * the argument in error unless it is inside a cluster (-xh). */
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	bool is_long = !strncmp(arg, "--", 2);
	if (opt == ':')
		return is_long ? cli_usage_error(command,
						 "オプション %s には値が必要です\n",
						 arg)
			       : cli_usage_error(command,
						 "オプション -%c には値が必要です\n",
						 optopt);
	if (is_long && optopt && strchr(arg, '='))
		return cli_usage_error(command,
				       "オプション %.*s には値を付けられません\n",
				       (int)(strchr(arg, '=') - arg), arg);
	if (!optopt && is_long)
		return cli_usage_error(command, "不明なオプション %s です\n",
				       arg);
	return cli_usage_error(command, "不明なオプション -%c です\n", optopt);
}

bool
cli_common_option(struct cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case 'c':
		cli->config_path = arg;
		return true;
	case 'd':
		cli->db_path = arg;
		return true;
	case 'u':
		cli->user_login = arg;
		return true;
	default:
		return false;
	}
}

int
cli_config(struct cli *cli)
{
	struct md_err err;
	if (cli->cfg_loaded)
		return 0;
	if ((cli->config_path && !*cli->config_path) ||
	    (cli->db_path && !*cli->db_path))
		return cli_usage_error(NULL,
				       "%s にはファイルの名前を指定してください\n",
				       cli->config_path && !*cli->config_path
					       ? "-c"
					       : "-d");
	enum md_status rc = md_config_load(cli->config_path, &cli->cfg, &err);
	cli->cfg_loaded = true;
	if (cli->cfg.warning)
		cli_error("警告: %s", cli->cfg.warning);
	if (rc != MD_OK)
		return cli_fail(&err);
	return 0;
}

char *
cli_db_path(struct cli *cli, struct md_err *err)
{
	if (cli->db_path)
		return md_strdup(cli->db_path);
	if (cli->cfg.database_path && cli->cfg.database_path[0])
		return md_strdup(cli->cfg.database_path);
	return md_path_default_db(err);
}

int
cli_open(struct cli *cli, unsigned flags)
{
	struct md_err err;
	int rc = cli_config(cli);
	if (rc)
		return rc;
	char *path = cli_db_path(cli, &err);
	if (!path)
		return cli_fail(&err);
	/* The default place is ours to create; a named one must exist. */
	if (!cli->db_path &&
	    !(cli->cfg.database_path && *cli->cfg.database_path))
		flags |= MD_DB_MKDIR;
	enum md_status st = md_db_open(path, flags, &cli->db, &err);
	md_free(path);
	if (st != MD_OK)
		return cli_fail(&err);
	if (md_db_warning(cli->db))
		cli_error("警告: %s", md_db_warning(cli->db));
	return 0;
}

bool
cli_parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || isspace((unsigned char)*s) || *s == '+' || *end || errno ||
	    v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

void
cli_wipe(char *secret)
{
	if (!secret)
		return;
	volatile char *v = secret;
	while (*v)
		*v++ = 0;
	md_free(secret);
}

/* Read one line from f without its newline; NULL at end of input. */
static char *
read_line(FILE *f)
{
	struct md_buf b;
	md_buf_init(&b);
	int c;
	bool any = false;
	while ((c = fgetc(f)) != EOF && c != '\n') {
		any = true;
		md_buf_addc(&b, (char)c);
	}
	if ((!any && c == EOF) || !md_buf_ok(&b)) {
		if (b.data) {
			volatile char *v = b.data;
			for (size_t i = 0; i < b.cap; i++)
				v[i] = 0;
		}
		md_buf_fini(&b);
		return NULL;
	}
	if (b.len && b.data[b.len - 1] == '\r')
		b.data[--b.len] = '\0';
	return md_buf_take(&b);
}

static char *
read_hidden(const char *prompt)
{
	struct termios old, quiet;
	cli_fprintf(stderr, "%s", prompt);
	fflush(stderr);
	bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *line = read_line(stdin);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return line;
}

char *
cli_read_password(struct cli *cli, const char *prompt, bool confirm)
{
	if (!isatty(STDIN_FILENO)) {
		char *line = read_line(cli->in ? cli->in : stdin);
		/* The prompt without its ": " says which password. */
		size_t len = strlen(prompt);
		if (len >= 2 && !strcmp(prompt + len - 2, ": "))
			len -= 2;
		if (!line)
			cli_error("%.*sを標準入力から読めませんでした",
				  (int)len, prompt);
		return line;
	}
	char *pw = read_hidden(prompt);
	if (!pw) {
		cli_error("パスワードが入力されませんでした");
		return NULL;
	}
	if (confirm) {
		char *again = read_hidden("もう一度入力してください: ");
		bool same = again && !strcmp(pw, again);
		cli_wipe(again);
		if (!same) {
			cli_wipe(pw);
			cli_error("2 回の入力が一致しませんでした");
			return NULL;
		}
	}
	return pw;
}

int
cli_login(struct cli *cli)
{
	struct md_err err;
	if (cli->logged_in)
		return 0;
	if (!cli->user_login)
		return cli_usage_error(NULL,
				       "この操作には -u ユーザー名 が必要です\n");
	char *prompt = md_asprintf("%s のパスワード: ", cli->user_login);
	char *pw = prompt ? cli_read_password(cli, prompt, false) : NULL;
	md_free(prompt);
	if (!pw)
		return CLI_EXIT_AUTH;
	enum md_status rc = md_user_login(cli->db, &cli->cfg, cli->user_login,
					  pw, &cli->user, &err);
	cli_wipe(pw);
	if (rc != MD_OK)
		return cli_fail(&err);
	cli->logged_in = true;
	return 0;
}

/* Print every fault of a loader, one "madoguchi: file:line: …" per line. */
static void
print_diags(const struct md_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		cli_error("%s", d->msgs[i]);
}

/* Build the full-text index of entries when the database has none yet or
 * the forms now define an entry's text differently. */
static int
cli_entries_sync(struct cli *cli)
{
	struct md_err err;
	bool synced;
	if (md_entries_synced(cli->db, cli->forms, &synced, &err) != MD_OK)
		return cli_fail(&err);
	if (synced)
		return 0;
	if (isatty(STDERR_FILENO))
		cli_error("支援経過の検索索引を作っています…");
	enum md_status rc = md_entries_rebuild(cli->db, cli->forms, &err);
	if (rc == MD_ERR_READONLY) {
		/* Reading still works; only the words of entries are not found. */
		cli_error("警告: %s", err.msg);
		return 0;
	}
	return rc == MD_OK ? 0 : cli_fail(&err);
}

int
cli_forms(struct cli *cli)
{
	if (cli->forms)
		return 0;
	struct md_err err;
	char *dir = md_path_shipped("forms", &err);
	if (!dir)
		return cli_fail(&err);
	struct md_diags diags;
	md_diags_init(&diags);
	enum md_status rc = md_forms_load(dir, &cli->forms, &diags, &err);
	md_free(dir);
	if (rc == MD_ERR_DEFINITION)
		print_diags(&diags);
	md_diags_fini(&diags);
	if (rc != MD_OK)
		return cli_fail(&err);
	return cli->db ? cli_entries_sync(cli) : 0;
}

int
cli_workflow(struct cli *cli)
{
	if (cli->wf)
		return 0;
	int rc = cli_forms(cli);
	if (rc)
		return rc;
	struct md_err err;
	char *path = md_path_shipped("forms/workflow.ini", &err);
	if (!path)
		return cli_fail(&err);
	struct md_diags diags;
	md_diags_init(&diags);
	enum md_status st = md_workflow_load(path, cli->forms, &cli->wf, &diags,
					     &err);
	md_free(path);
	if (st == MD_ERR_DEFINITION)
		print_diags(&diags);
	md_diags_fini(&diags);
	return st == MD_OK ? 0 : cli_fail(&err);
}

void
cli_fini(struct cli *cli)
{
	md_contact_defs_free(&cli->contacts);
	md_household_defs_free(&cli->households);
	md_meeting_defs_free(&cli->meetings);
	md_count_defs_free(&cli->counts);
	md_workflow_free(&cli->wf);
	md_forms_free(&cli->forms);
	if (cli->logged_in)
		md_user_fini(&cli->user);
	md_db_close(&cli->db);
	if (cli->cfg_loaded)
		md_config_fini(&cli->cfg);
}

int
cli_session(struct cli *cli)
{
	int rc = cli_open(cli, 0);
	return rc ? rc : cli_login(cli);
}

int
cli_plain_options(struct cli *cli, int argc, char **argv, const char *command,
		  const char *help)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt == 'h') {
			cli_print_text(stdout, help);
			return CLI_EXIT_OK;
		}
		return cli_option_error(command, argv, opt);
	}
	if (optind < argc)
		return cli_usage_error(command, "余分な引数 %s があります\n",
				       argv[optind]);
	return -1;
}

int
cli_leading_options(struct cli *cli, int argc, char **argv, const char *command,
		    const char *help, int *next)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "+:c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt == 'h') {
			cli_print_text(stdout, help);
			return CLI_EXIT_OK;
		}
		return cli_option_error(command, argv, opt);
	}
	*next = optind;
	return -1;
}

int
cli_run_sub(struct cli *cli, int argc, char **argv, const char *command,
	    const char *help, const struct cli_sub *subs, size_t n)
{
	int i;
	int rc = cli_leading_options(cli, argc, argv, command, help, &i);
	if (rc >= 0)
		return rc;
	for (size_t k = 0; i < argc && k < n; k++)
		if (!strcmp(subs[k].name, argv[i]))
			return subs[k].run(cli, argc - i, argv + i);
	if (i < argc)
		return cli_usage_error(command, "%s の操作 %s はありません\n",
				       command, argv[i]);
	struct md_buf names;
	md_buf_init(&names);
	for (size_t k = 0; k < n; k++) {
		if (k)
			md_buf_adds(&names, "、");
		md_buf_adds(&names, subs[k].name);
	}
	rc = cli_usage_error(command, "%s のどれかを指定してください\n",
			     md_buf_ok(&names) ? md_buf_str(&names) : "");
	md_buf_fini(&names);
	return rc;
}

int
cli_options(struct cli *cli, int argc, char **argv, const char *command,
	    const char *help, const char *const *names, struct md_values *opts,
	    int *first)
{
	size_t n = 0;
	while (names[n])
		n++;
	struct option *longopts = md_calloc(n + 2, sizeof *longopts);
	if (!longopts) {
		cli_error("メモリが不足しています");
		return CLI_EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		bool flag = len && names[i][len - 1] == '!';
		bool more = len && names[i][len - 1] == '+';
		char *name = md_strndup(names[i], flag || more ? len - 1 : len);
		longopts[i] = (struct option){name,
					      flag ? no_argument
						   : required_argument,
					      NULL, 1000 + (int)i};
	}
	longopts[n] = (struct option){"help", no_argument, NULL, 'h'};
	int opt, rc = -1;
	optind = 0;
	while (rc < 0 && (opt = getopt_long(argc, argv, ":c:d:u:h", longopts,
					    NULL)) != -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt >= 1000 && opt < 1000 + (int)n) {
			const struct option *o = &longopts[opt - 1000];
			const char *was = md_values_get(opts, o->name);
			const char *name = names[opt - 1000];
			char *both = NULL;
			if (was && name[strlen(name) - 1] == '+')
				both = md_asprintf("%s\n%s", was, optarg);
			md_values_set(opts, o->name,
				      o->has_arg == no_argument ? "1"
				      : both                    ? both
								: optarg,
				      NULL);
			md_free(both);
			if (o->has_arg != no_argument && !*optarg && !was)
				md_values_set(opts, o->name, " ", NULL);
		} else if (opt == 'h') {
			cli_print_text(stdout, help);
			rc = CLI_EXIT_OK;
		} else {
			rc = cli_option_error(command, argv, opt);
		}
	}
	for (size_t i = 0; i < n; i++)
		md_free((char *)longopts[i].name);
	md_free(longopts);
	*first = optind;
	return rc;
}

/* The path of forms/NAME after the forms are loaded (the definitions of
 * NAME are checked against them): 0 with *path set (md_free), or the exit
 * status after printing why. */
static int
defs_path(struct cli *cli, const char *name, char **path)
{
	int rc = cli_forms(cli);
	if (rc)
		return rc;
	struct md_err err;
	*path = md_path_shipped(name, &err);
	return *path ? 0 : cli_fail(&err);
}

/* The end of loading definitions: every fault printed, the exit status. */
static int
defs_loaded(enum md_status st, struct md_diags *diags, const struct md_err *err)
{
	if (st == MD_ERR_DEFINITION)
		print_diags(diags);
	md_diags_fini(diags);
	return st == MD_OK ? 0 : cli_fail(err);
}

int
cli_contacts(struct cli *cli)
{
	char *path;
	int rc = cli->contacts ? 0
			       : defs_path(cli, "forms/contacts.ini", &path);
	if (rc || cli->contacts)
		return rc;
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	enum md_status st = md_contact_defs_load(path, cli->forms,
						 &cli->contacts, &diags, &err);
	md_free(path);
	return defs_loaded(st, &diags, &err);
}

int
cli_households(struct cli *cli)
{
	char *path;
	int rc = cli->households
			 ? 0
			 : defs_path(cli, "forms/households.ini", &path);
	if (rc || cli->households)
		return rc;
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	enum md_status st = md_household_defs_load(path, cli->forms,
						   &cli->households, &diags,
						   &err);
	md_free(path);
	return defs_loaded(st, &diags, &err);
}

int
cli_meetings(struct cli *cli)
{
	char *path;
	int rc = cli_households(cli);
	if (rc || cli->meetings ||
	    (rc = defs_path(cli, "forms/meetings.ini", &path)))
		return rc;
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	enum md_status st = md_meeting_defs_load(path, &cli->meetings, &diags,
						 &err);
	md_free(path);
	return defs_loaded(st, &diags, &err);
}

int
cli_counts(struct cli *cli)
{
	char *path;
	int rc = cli_meetings(cli);
	if (rc || cli->counts || (rc = cli_workflow(cli)) ||
	    (rc = cli_contacts(cli)) ||
	    (rc = defs_path(cli, "forms/counts.ini", &path)))
		return rc;
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	const struct md_count_sources src = {.forms = cli->forms,
					     .wf = cli->wf,
					     .contacts = cli->contacts,
					     .households = cli->households,
					     .meetings = cli->meetings};
	enum md_status st = md_count_defs_load(path, &src, &cli->counts, &diags,
					       &err);
	md_free(path);
	return defs_loaded(st, &diags, &err);
}

int
cli_refused(enum md_status st, const struct md_values *faults,
	    const struct md_err *err)
{
	for (size_t i = 0; i < faults->n; i++)
		cli_error("%s", faults->items[i].value);
	if (!faults->n)
		cli_fail(err);
	return cli_exit_status(st);
}

int
cli_print_to(const char *path, const char *text, bool force, const char *what)
{
	if (!path) {
		cli_print_text(stdout, text);
		return CLI_EXIT_OK;
	}
	FILE *f = fopen(path, "wx");
	if (!f && force)
		f = fopen(path, "w");
	if (!f) {
		cli_error("%s を作成できません(すでにあるなら --force を付けてください)",
			  path);
		return CLI_EXIT_FAIL;
	}
	cli_print_text(f, text);
	if (fclose(f) != 0) {
		cli_error("%s を書き込めません", path);
		return CLI_EXIT_FAIL;
	}
	cli_printf("%sを %s に印刷しました\n", what, path);
	return CLI_EXIT_OK;
}

void
cli_print_day(const char *label, const char *iso)
{
	char *w = md_display_date(iso, MD_DATE_LONG);
	cli_printf("%s%s", label, w ? w : iso);
	md_free(w);
}

void
cli_print_referrals(struct cli *cli, long long contact_id, long long case_id)
{
	struct md_referral *r;
	size_t n;
	struct md_err err;
	if (md_referrals_of(cli->db, contact_id, case_id, &r, &n, &err) !=
	    MD_OK) {
		cli_fail(&err);
		return;
	}
	if (n)
		cli_printf("つなぎ:\n");
	for (size_t i = 0; i < n; i++) {
		cli_printf("  %lld ", r[i].id);
		cli_print_day("", r[i].referred_on);
		cli_printf(" %s%s%s%s(%s)", r[i].agency,
			   r[i].agency_provisional ? "[仮登録]" : "",
			   *r[i].desk ? " " : "", r[i].desk, r[i].method);
		if (*r[i].appointment_on) {
			cli_print_day(" 予約 ", r[i].appointment_on);
			cli_printf("%s%s", *r[i].appointment_time ? " " : "",
				   r[i].appointment_time);
		}
		if (*r[i].follow_up_on)
			cli_print_day(" フォローアップ予定 ",
				      r[i].follow_up_on);
		if (*r[i].result) {
			cli_print_day(" 結果 ", r[i].result_on);
			cli_printf(" %s%s%s", r[i].result,
				   *r[i].result_note ? " メモ: " : "",
				   r[i].result_note);
		}
		cli_printf("\n");
	}
	md_referrals_free(r, n);
}
