/* `madoguchi form set|show`: fill a form from a script, print it, its history. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/records.h"
#include "madoguchi/validate.h"

static const char form_help[] =
	"使い方:\n"
	"  madoguchi -u USER form set CASE FORM FIELD VALUE [FIELD VALUE…] [--seq N | --new]\n"
	"  madoguchi -u USER form show CASE FORM [--seq N] [--revision N]\n"
	"  madoguchi -u USER form history CASE FORM [--seq N]\n"
	"  madoguchi -u USER form diff CASE FORM A B [--seq N]\n"
	"\n"
	"FORM は様式の id(reception)、様式番号(第1号様式、第1号)、番号(1)のどれか。\n"
	"FIELD は項目のキー(madoguchi form show で確かめられます)。その他の内容は\n"
	"KEY.other、◎ は KEY.primary、表の欄は KEY.行.列(family.1.relation)。\n"
	"選択肢は名前か番号、複数選択は | で区切ります。空の VALUE はその項目を消します。\n"
	"\n"
	"set は入力を検査して新しい版として保存します(上書きはしません)。誤りがあれば\n"
	"すべて表示し、何も保存しません。第3号様式は、--seq がなければ新しい記録です。\n"
	"--seq がなければ様式のいまの回に入力します。評価シートやアセスメント、プランの\n"
	"新しい回は、手順(評価、再プラン)を記録すると始まります。--new は、手順の\n"
	"読まない様式の新しい回を始めます。\n"
	"show は各項目を「区分 項目 内容」で、history は版の一覧を、diff は版 A と B の\n"
	"違いを項目ごとに表示します。\n";

struct form_args {
	const char *sub;
	long long case_id;
	const char *form;
	int seq;
	int revision;
	char **rest; /* FIELD VALUE … or A B */
	int nrest;
	char **pos; /* owns the array rest points into */
};

static int
parse_args(struct cli *cli, int argc, char **argv, struct form_args *a)
{
	static const struct option longopts[] = {
		{"seq", required_argument, NULL, 's'},
		{"new", no_argument, NULL, 'n'},
		{"revision", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	a->seq = MD_SEQ_LATEST;
	a->sub = argv[0];
	bool set = !strcmp(a->sub, "set"), seq_given = false;
	int opt, rc = -1;
	optind = 0;
	/* "-" leading: keep option and non-option order. */
	char **pos = md_calloc((size_t)argc, sizeof *pos);
	int npos = 0;
	if (!pos)
		return CLI_EXIT_FAIL;
	for (;;) {
		/* What follows a FIELD of `set` is its VALUE, even one that
		 * starts with '-' (a negative number, a dash). */
		if (set && npos >= 3 && (npos - 3) % 2 == 0 && optind > 0 &&
		    optind < argc) {
			pos[npos++] = argv[optind++];
			continue;
		}
		if ((opt = getopt_long(argc, argv, "-:c:d:u:h", longopts,
				       NULL)) == -1)
			break;
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 1:
			pos[npos++] = optarg;
			break;
		case 's':
			if (!cli_parse_int(optarg, 1, INT_MAX, &a->seq)) {
				rc = cli_usage_error("form",
						     "--seq には 1 以上の番号を指定してください\n");
				goto out;
			}
			seq_given = true;
			break;
		case 'n':
			if (!set) {
				rc = cli_usage_error("form",
						     "--new は form set のオプションです\n");
				goto out;
			}
			a->seq = MD_SEQ_NEW;
			break;
		case 'r':
			if (strcmp(a->sub, "show")) {
				rc = cli_usage_error("form",
						     "--revision は form show のオプションです\n");
				goto out;
			}
			if (!cli_parse_int(optarg, 1, INT_MAX, &a->revision)) {
				rc = cli_usage_error("form",
						     "--revision には 1 以上の版を指定してください\n");
				goto out;
			}
			break;
		case 'h':
			cli_print_text(stdout, form_help);
			rc = CLI_EXIT_OK;
			goto out;
		default:
			rc = cli_option_error("form", argv, opt);
			goto out;
		}
		if (seq_given && a->seq == MD_SEQ_NEW) {
			rc = cli_usage_error("form",
					     "--seq と --new は一緒に指定できません\n");
			goto out;
		}
	}
	for (int i = optind; i < argc; i++)
		pos[npos++] = argv[i];
	/* argv[0], the subcommand, is not scanned. */
	if (npos < 2) {
		rc = cli_usage_error("form",
				     "ケース番号と様式を指定してください\n");
		goto out;
	}
	if (!md_case_parse_id(pos[0], &a->case_id)) {
		rc = cli_usage_error("form",
				     "ケース番号 %s が正しくありません\n",
				     pos[0]);
		goto out;
	}
	a->form = pos[1];
	a->rest = pos + 2;
	a->nrest = npos - 2;
	a->pos = pos;
	return -1;
out:
	md_free(pos);
	return rc;
}

static void
print_faults(const struct md_values *faults)
{
	for (size_t i = 0; i < faults->n; i++)
		cli_error("%s", faults->items[i].value);
}

static int
form_set(struct cli *cli, struct form_args *a)
{
	if (a->nrest == 0 || a->nrest % 2)
		return cli_usage_error("form",
				       "FIELD VALUE の組を指定してください\n");
	int rc = cli_session(cli);
	if (!rc)
		rc = cli_forms(cli);
	if (rc)
		return rc;
	struct md_err err;
	struct md_record rec;
	const struct md_form *form = md_forms_find(cli->forms, a->form);
	int seq = a->seq;
	if (form && form->entries && seq == MD_SEQ_LATEST)
		seq = MD_SEQ_NEW;
	/* 001 第9条(9): the rounds of a form a step reads are the step's to
	 * open, so that the round filled is the round the step records. */
	if (form && !form->entries && seq == MD_SEQ_NEW) {
		if ((rc = cli_workflow(cli)))
			return rc;
		bool nomem;
		char *why = md_workflow_round_refusal(cli->wf, form->id,
						      &nomem);
		if (why || nomem) {
			if (why)
				cli_error("%s。--new を付けずに、いまの回に入力してください",
					  why);
			else
				cli_error("%s",
					  md_status_message(MD_ERR_NOMEM));
			md_free(why);
			return CLI_EXIT_FAIL;
		}
	}
	if (md_record_open(cli->db, &cli->user, cli->forms, a->case_id, a->form,
			   seq, &rec, &err) != MD_OK)
		return cli_fail(&err);
	for (int i = 0; i < a->nrest; i += 2)
		md_values_set(&rec.values, a->rest[i], a->rest[i + 1], NULL);
	struct md_values faults;
	md_values_init(&faults);
	bool saved = false;
	enum md_status st = md_record_save(cli->db, &cli->user, &rec, 0, &saved,
					   &faults, &err);
	if (st != MD_OK) {
		if (faults.n)
			print_faults(&faults);
		else
			cli_fail(&err);
		md_values_fini(&faults);
		md_record_fini(&rec);
		return cli_exit_status(st);
	}
	md_values_fini(&faults);
	struct md_buf missing;
	md_buf_init(&missing);
	size_t nmissing = md_form_missing(rec.form, &rec.values, &missing);
	if (!saved)
		cli_printf("変更はありません: %s %s(%d) 版 %d\n",
			   rec.form->number, rec.form->title, rec.seq,
			   rec.revision);
	else
		cli_printf("保存しました: %s %s(%d) 版 %d %s\n",
			   rec.form->number, rec.form->title, rec.seq,
			   rec.revision, nmissing ? "下書き" : "完了");
	if (nmissing)
		cli_printf("未入力の ※ 項目: %s\n", md_buf_str(&missing));
	md_buf_fini(&missing);
	md_record_fini(&rec);
	return CLI_EXIT_OK;
}

static int
form_show(struct cli *cli, struct form_args *a)
{
	if (a->nrest)
		return cli_usage_error("form", "余分な引数 %s があります\n",
				       a->rest[0]);
	int rc = cli_session(cli);
	if (!rc)
		rc = cli_forms(cli);
	if (rc)
		return rc;
	struct md_err err;
	struct md_record rec;
	if (md_record_open(cli->db, &cli->user, cli->forms, a->case_id, a->form,
			   a->seq, &rec, &err) != MD_OK)
		return cli_fail(&err);
	if (a->revision) {
		struct md_values old;
		md_values_init(&old);
		if (!rec.id ||
		    md_record_values_at(cli->db, &cli->user, rec.id,
					a->revision, &old, &err) != MD_OK) {
			if (!rec.id)
				md_err_set(&err, MD_ERR_NOTFOUND,
					   "この様式はまだ保存されていません");
			md_values_fini(&old);
			md_record_fini(&rec);
			return cli_fail(&err);
		}
		for (size_t i = 0; i < rec.form->nfields; i++)
			if (rec.form->fields[i].person != MD_PERSON_NONE)
				md_values_set(&old, rec.form->fields[i].key,
					      md_values_get(&rec.values,
							    rec.form->fields[i]
								    .key),
					      NULL);
		md_values_fini(&rec.values);
		rec.values = old;
	}
	const struct md_form *f = rec.form;
	cli_printf("# %s %s ケース %lld (%d) 版 %d %s\n", f->number, f->title,
		   a->case_id, rec.seq,
		   a->revision ? a->revision : rec.revision,
		   !rec.id                                 ? "未作成"
		   : md_form_missing(f, &rec.values, NULL) ? "下書き"
							   : "完了");
	for (size_t i = 0; i < f->nfields; i++) {
		const struct md_field *fd = &f->fields[i];
		if (fd->type == MD_FIELD_TABLE) {
			int rows = md_values_table_rows(&rec.values, fd->key);
			cli_printf("%s\t%s%s\t(%d 行)\n", fd->section,
				   fd->required ? "※" : "", fd->label, rows);
			for (int r = 1; r <= rows; r++) {
				cli_printf("%s\t%s %d\t", fd->section,
					   fd->label, r);
				for (size_t c = 0; c < fd->ncolumns; c++) {
					char *key = md_asprintf("%s.%d.%s",
								fd->key, r,
								fd->columns[c]
									.key);
					char *v =
						key ? md_display_value(cli->db,
								       fd,
								       &fd->columns
										[c],
								       &rec.values,
								       key,
								       MD_DATE_LONG)
						    : NULL;
					cli_printf("%s%s: %s", c ? " / " : "",
						   fd->columns[c].label,
						   v ? v : "");
					md_free(v);
					md_free(key);
				}
				cli_printf("\n");
			}
			continue;
		}
		char *v = md_display_value(cli->db, fd, NULL, &rec.values,
					   fd->key, MD_DATE_LONG);
		cli_printf("%s\t%s%s [%s]\t%s\n", fd->section,
			   fd->required ? "※" : "", fd->label, fd->key,
			   v ? v : "");
		md_free(v);
		if (fd->primary) {
			char key[96];
			snprintf(key, sizeof key, "%s.primary", fd->key);
			const char *pv = md_values_get(&rec.values, key);
			cli_printf("%s\t%s [%s]\t%s\n", fd->section,
				   fd->primary, key, pv ? pv : "");
		}
	}
	md_record_fini(&rec);
	return CLI_EXIT_OK;
}

/* Open the record a history or diff is about; prints and returns non-zero
 * on failure. */
static int
saved_record(struct cli *cli, struct form_args *a, struct md_record *rec)
{
	int rc = cli_session(cli);
	if (!rc)
		rc = cli_forms(cli);
	if (rc)
		return rc;
	struct md_err err;
	if (md_record_open(cli->db, &cli->user, cli->forms, a->case_id, a->form,
			   a->seq, rec, &err) != MD_OK)
		return cli_fail(&err);
	if (!rec->id) {
		md_record_fini(rec);
		cli_error("この様式はまだ保存されていません");
		return CLI_EXIT_FAIL;
	}
	return 0;
}

static int
form_history(struct cli *cli, struct form_args *a)
{
	if (a->nrest)
		return cli_usage_error("form", "余分な引数 %s があります\n",
				       a->rest[0]);
	struct md_record rec;
	int rc = saved_record(cli, a, &rec);
	if (rc)
		return rc;
	struct md_err err;
	struct md_revision *revs;
	size_t n;
	if (md_record_history(cli->db, &cli->user, cli->forms, rec.id, &revs,
			      &n, &err) != MD_OK) {
		md_record_fini(&rec);
		return cli_fail(&err);
	}
	cli_printf("版\t日時\t職員\t状態\t変更した項目\n");
	for (size_t i = 0; i < n; i++) {
		char at[MD_DISPLAY_WHEN_SIZE];
		cli_printf("%d\t%s\t%s\t%s\t%s\n", revs[i].revision,
			   md_display_when(revs[i].at, MD_DATE_LONG, at),
			   revs[i].user_name,
			   revs[i].complete ? "完了" : "下書き",
			   revs[i].changed);
	}
	md_revisions_free(revs, n);
	md_record_fini(&rec);
	return CLI_EXIT_OK;
}

static int
form_diff(struct cli *cli, struct form_args *a)
{
	if (a->nrest != 2)
		return cli_usage_error("form",
				       "比べる 2 つの版を指定してください\n");
	int ra, rb;
	if (!cli_parse_int(a->rest[0], 1, INT_MAX, &ra) ||
	    !cli_parse_int(a->rest[1], 1, INT_MAX, &rb))
		return cli_usage_error("form",
				       "版は 1 以上の番号で指定してください\n");
	struct md_record rec;
	int rc = saved_record(cli, a, &rec);
	if (rc)
		return rc;
	struct md_err err;
	struct md_values va, vb;
	md_values_init(&va);
	md_values_init(&vb);
	struct md_diff *d = NULL;
	size_t n = 0;
	enum md_status st = md_record_values_at(cli->db, &cli->user, rec.id, ra,
						&va, &err);
	if (st == MD_OK)
		st = md_record_values_at(cli->db, &cli->user, rec.id, rb, &vb,
					 &err);
	if (st == MD_OK)
		st = md_values_diff(rec.form, &va, &vb, &d, &n, &err);
	if (st == MD_OK) {
		cli_printf("項目\t版 %d\t版 %d\n", ra, rb);
		for (size_t i = 0; i < n; i++) {
			char *before = md_display_value(cli->db, d[i].field,
							NULL, &va, d[i].key,
							MD_DATE_LONG);
			char *after = md_display_value(cli->db, d[i].field,
						       NULL, &vb, d[i].key,
						       MD_DATE_LONG);
			cli_printf("%s [%s]\t%s\t%s\n", d[i].field->label,
				   d[i].key,
				   before && *before ? before : d[i].before,
				   after && *after ? after : d[i].after);
			md_free(before);
			md_free(after);
		}
		if (n == 0)
			cli_printf("(違いはありません)\n");
	}
	md_diffs_free(d, n);
	md_values_fini(&va);
	md_values_fini(&vb);
	md_record_fini(&rec);
	return st == MD_OK ? CLI_EXIT_OK : cli_fail(&err);
}

int
cmd_form(struct cli *cli, int argc, char **argv)
{
	int i;
	int rc = cli_leading_options(cli, argc, argv, "form", form_help, &i);
	if (rc >= 0)
		return rc;
	if (i >= argc)
		return cli_usage_error("form",
				       "set、show、history、diff のどれかを指定してください\n");
	struct form_args a;
	const char *sub = argv[i];
	if (strcmp(sub, "set") && strcmp(sub, "show") &&
	    strcmp(sub, "history") && strcmp(sub, "diff"))
		return cli_usage_error("form", "form の操作 %s はありません\n",
				       sub);
	rc = parse_args(cli, argc - i, argv + i, &a);
	if (rc >= 0)
		return rc;
	if (!strcmp(sub, "set"))
		rc = form_set(cli, &a);
	else if (!strcmp(sub, "show"))
		rc = form_show(cli, &a);
	else if (!strcmp(sub, "history"))
		rc = form_history(cli, &a);
	else
		rc = form_diff(cli, &a);
	md_free(a.pos);
	return rc;
}
