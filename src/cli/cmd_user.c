/* `madoguchi user`: add, list, change the password of, disable, unlock staff
 * accounts. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "madoguchi/mem.h"

static const char user_help[] =
	"使い方:\n"
	"  madoguchi -u ADMIN user add LOGIN --name 氏名 --role ROLE\n"
	"  madoguchi -u ADMIN user list\n"
	"  madoguchi -u USER  user passwd [LOGIN]\n"
	"  madoguchi -u ADMIN user disable LOGIN\n"
	"  madoguchi -u ADMIN user enable LOGIN\n"
	"  madoguchi -u ADMIN user unlock LOGIN [--password]\n"
	"  sudo madoguchi -d FILE user unlock LOGIN [--password]\n"
	"\n"
	"職員のアカウントを管理します。passwd は本人なら自分のパスワードを、管理者なら\n"
	"誰のものでも変えられます。それ以外は管理者だけが行えます。アカウントは削除\n"
	"できません(記録に名前を残すため)。無効にすると、ログインできなくなります。\n"
	"ユーザー名は大文字と小文字、全角と半角を区別しません(Admin は admin と同じ)。\n"
	"\n"
	"unlock はログインの失敗による一時停止を解き、失敗の回数を 0 に戻します。\n"
	"--password を付けると新しいパスワードも設定します。管理者が締め出されても\n"
	"戻れるように、システムの root は -u なしで行えます(監査記録にはシステム\n"
	"管理者として残ります)。root 以外は -u で管理者としてログインしてください。\n"
	"\n"
	"ROLE: consultant(相談支援員)、chief(主任相談支援員)、\n"
	"      employment(就労支援員)、admin(管理者)。日本語の名前でも指定できます。\n"
	"\n"
	"パスワードは端末から読みます。端末でないときは標準入力の 1 行目が -u の\n"
	"職員のパスワード、2 行目が新しいパスワードです(-u なしの root は 1 行目が\n"
	"新しいパスワード)。\n";

/* The one LOGIN after the options (at optind) into *login; otherwise the
 * usage error (missing says what to give). -1 when all is well. */
static int
user_one_login(int argc, char **argv, const char *missing, const char **login)
{
	if (optind >= argc)
		return cli_usage_error("user", "%s\n", missing);
	if (optind + 1 < argc)
		return cli_usage_error("user", "余分な引数 %s があります\n",
				       argv[optind + 1]);
	*login = argv[optind];
	return -1;
}

static int
user_add(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"name", required_argument, NULL, 'n'},
		{"role", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *name = NULL, *role_s = NULL;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:d:u:hn:r:", longopts,
				  NULL)) != -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'n':
			name = optarg;
			break;
		case 'r':
			role_s = optarg;
			break;
		case 'h':
			cli_print_text(stdout, user_help);
			return CLI_EXIT_OK;
		default:
			return cli_option_error("user", argv, opt);
		}
	}
	const char *login;
	int rc = user_one_login(argc, argv,
				"登録するユーザー名を指定してください", &login);
	if (rc >= 0)
		return rc;
	enum md_role role;
	if (!role_s)
		return cli_usage_error("user",
				       "--role で役割を指定してください\n");
	if (!md_role_parse(role_s, &role))
		return cli_usage_error("user",
				       "役割 %s はありません(consultant、chief、employment、admin)\n",
				       role_s);
	rc = cli_session(cli);
	if (rc)
		return rc;
	struct md_err err;
	if (md_auth_require(cli->db, &cli->user, true, "職員の登録", &err) !=
	    MD_OK)
		return cli_fail(&err);
	char *prompt = md_asprintf("%s の新しいパスワード(%d 文字以上): ",
				   login, MD_PASSWORD_MIN);
	char *pw = prompt ? cli_read_password(cli, prompt, true) : NULL;
	md_free(prompt);
	if (!pw)
		return CLI_EXIT_FAIL;
	enum md_status st = md_user_add(cli->db, &cli->user, login,
					name ? name : login, role, pw, NULL,
					&err);
	cli_wipe(pw);
	if (st != MD_OK)
		return cli_fail(&err);
	cli_printf("職員 %s(%s)を登録しました\n", login, md_role_label(role));
	return CLI_EXIT_OK;
}

static int
user_list(struct cli *cli)
{
	int rc = cli_session(cli);
	if (rc)
		return rc;
	struct md_err err;
	struct md_user *users;
	size_t n;
	if (md_user_list(cli->db, &cli->user, &users, &n, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("ユーザー名\t氏名\t役割\t状態\n");
	for (size_t i = 0; i < n; i++)
		cli_printf("%s\t%s\t%s\t%s%s%s\n", users[i].login,
			   users[i].display_name, md_role_label(users[i].role),
			   users[i].active ? "有効" : "無効",
			   users[i].locked_until[0] ? " 一時停止中(" : "",
			   users[i].locked_until[0] ? users[i].locked_until
						    : "");
	md_user_list_free(users, n);
	return CLI_EXIT_OK;
}

static int
user_passwd(struct cli *cli, const char *login)
{
	int rc = cli_session(cli);
	if (rc)
		return rc;
	if (!login)
		login = cli->user.login;
	struct md_err err;
	/* Refused before the new password is asked: another's, unless an
	 * administrator (the name found as the core finds it, any case). */
	struct md_user target;
	if (md_user_get(cli->db, login, &target, &err) != MD_OK)
		return cli_fail(&err);
	bool other = target.id != cli->user.id;
	md_user_fini(&target);
	if (other &&
	    md_auth_require(cli->db, &cli->user, true,
			    "他の職員のパスワードの変更", &err) != MD_OK)
		return cli_fail(&err);
	char *prompt = md_asprintf("%s の新しいパスワード(%d 文字以上): ",
				   login, MD_PASSWORD_MIN);
	char *pw = prompt ? cli_read_password(cli, prompt, true) : NULL;
	md_free(prompt);
	if (!pw)
		return CLI_EXIT_FAIL;
	enum md_status st = md_user_passwd(cli->db, &cli->user, login, pw,
					   &err);
	cli_wipe(pw);
	if (st != MD_OK)
		return cli_fail(&err);
	cli_printf("%s のパスワードを変更しました\n", login);
	return CLI_EXIT_OK;
}

static int
user_active(struct cli *cli, const char *login, bool active)
{
	int rc = cli_session(cli);
	if (rc)
		return rc;
	struct md_err err;
	if (md_user_set_active(cli->db, &cli->user, login, active, &err) !=
	    MD_OK)
		return cli_fail(&err);
	cli_printf(active ? "%s を有効にしました\n" : "%s を無効にしました\n",
		   login);
	return CLI_EXIT_OK;
}

/*
 * Without -u only the system's root may unlock (the real user id, as sudo
 * sets it): the way back in when the only administrator is locked out or
 * has forgotten the password. Root can read and write the file anyway; any
 * other user must log in as an administrator.
 */
static int
user_unlock(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"password", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool set_password = false;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'p':
			set_password = true;
			break;
		case 'h':
			cli_print_text(stdout, user_help);
			return CLI_EXIT_OK;
		default:
			return cli_option_error("user", argv, opt);
		}
	}
	const char *login;
	int rc = user_one_login(argc, argv,
				"一時停止を解除するユーザー名を指定してください",
				&login);
	if (rc >= 0)
		return rc;
	bool as_root = !cli->user_login;
	if (as_root && getuid() != 0) {
		cli_error(
			"一時停止の解除には -u で管理者としてログインしてください(-u なしで行えるのはシステムの root だけです)");
		return CLI_EXIT_AUTH;
	}
	rc = as_root ? cli_open(cli, 0) : cli_session(cli);
	if (rc)
		return rc;
	struct md_err err;
	if (!as_root && md_auth_require(cli->db, &cli->user, true,
					"一時停止の解除", &err) != MD_OK)
		return cli_fail(&err);
	char *pw = NULL;
	if (set_password) {
		char *prompt =
			md_asprintf("%s の新しいパスワード(%d 文字以上): ",
				    login, MD_PASSWORD_MIN);
		pw = prompt ? cli_read_password(cli, prompt, true) : NULL;
		md_free(prompt);
		if (!pw)
			return CLI_EXIT_FAIL;
	}
	enum md_status st = md_user_unlock(cli->db, as_root ? NULL : &cli->user,
					   login, pw, &err);
	cli_wipe(pw);
	if (st != MD_OK)
		return cli_fail(&err);
	cli_printf(set_password
			   ? "%s の一時停止を解除し、パスワードを変更しました\n"
			   : "%s の一時停止を解除しました\n",
		   login);
	return CLI_EXIT_OK;
}

int
cmd_user(struct cli *cli, int argc, char **argv)
{
	int next;
	int rc = cli_leading_options(cli, argc, argv, "user", user_help, &next);
	if (rc >= 0)
		return rc;
	if (next >= argc)
		return cli_usage_error("user",
				       "add、list、passwd、disable、enable、unlock のどれかを指定してください\n");
	const char *sub = argv[next];
	int rest = argc - next;
	char **rargv = argv + next;
	if (!strcmp(sub, "add"))
		return user_add(cli, rest, rargv);
	if (!strcmp(sub, "unlock"))
		return user_unlock(cli, rest, rargv);
	if (!strcmp(sub, "list")) {
		if (rest > 1)
			return cli_usage_error("user",
					       "余分な引数 %s があります\n",
					       rargv[1]);
		return user_list(cli);
	}
	if (!strcmp(sub, "passwd")) {
		if (rest > 2)
			return cli_usage_error("user",
					       "余分な引数 %s があります\n",
					       rargv[2]);
		return user_passwd(cli, rest == 2 ? rargv[1] : NULL);
	}
	if (!strcmp(sub, "disable") || !strcmp(sub, "enable")) {
		if (rest < 2)
			return cli_usage_error("user",
					       "ユーザー名を指定してください\n");
		if (rest > 2)
			return cli_usage_error("user",
					       "余分な引数 %s があります\n",
					       rargv[2]);
		return user_active(cli, rargv[1], !strcmp(sub, "enable"));
	}
	return cli_usage_error("user", "user の操作 %s はありません\n", sub);
}
