/*
 * The command line killed (issue 8): `madoguchi form set` and `madoguchi
 * step` run over and over with distinctive values, each killed with SIGKILL
 * at a random point (a random delay, or, traced, the entry of a random one
 * of its calls that change a file or of its fdatasync calls), and after
 * every kill the database is checked: the file whole, no half
 * revision, the entries indexes those of the latest texts, the workflow's
 * stage its last event, and every save that said 保存しました there in full.
 * TAP on standard output, one test a kill; the seed replays the choices.
 *
 *   crash_cli --madoguchi PROGRAM --dir DIR [--kills N] [--seed S]
 *
 * The environment (HOME, XDG_*, TZ, LANG) is the caller's: tests/lib.sh.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dbcheck.h"
#include "syscalls.h"

#define PASSWORD "tanaka-pass\n"
#define CHIEF_PASSWORD "sato-pass11\n"
#define ADMIN_PASSWORD "kanri-pass1\n"
/* A command that takes longer than this has hung. */
#define HANG_US 30000000LL

/* ---- random numbers (splitmix64: the seed replays every choice) ------- */

static unsigned long long rng_state;

static unsigned long long
rng_next(void)
{
	unsigned long long z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static long long
rng_below(long long n)
{
	return n > 0 ? (long long)(rng_next() % (unsigned long long)n) : 0;
}

static long long
now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static void
die(const char *what, const char *detail)
{
	printf("Bail out! %s%s%s\n", what, detail ? ": " : "",
	       detail ? detail : "");
	exit(1);
}

static void *
xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		die("out of memory", NULL);
	return p;
}

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		die("out of memory", NULL);
	return p;
}

/* ---- running the program, killed or not ------------------------------- */

/*
 * Where a run is killed. On a SIGKILL only the system calls made so far have
 * changed the files (and the -shm map), so besides a random moment a run is
 * killed exactly at the entry of its nth system call that changes a file
 * (write, pwrite, ftruncate, unlink, a sync, … and the exit once it has
 * printed), or of its nth fdatasync: the program is traced (ptrace) and the
 * kill comes while it is stopped there. The seed replays those points.
 */
enum kill_mode {
	KILL_NONE,  /* let it finish (traced: counts its calls) */
	KILL_DELAY, /* after delay_us */
	KILL_WRITE, /* at the entry of its nth call that changes a file */
	KILL_SYNC   /* at the entry of its nth fdatasync (or fsync) */
};

struct run {
	enum kill_mode mode;
	long long delay_us;
	int nth;
	/* results */
	bool killed;       /* SIGKILL reached it while it ran */
	bool at_call;      /* ... at the entry of the call chosen */
	int status;        /* exit status when not killed */
	long long took_us; /* from fork to its end */
	int writes, syncs; /* the calls it made (traced runs) */
	char out[8192], err[8192];
};

/* A system call after which a file may differ (its messages on the pipes
 * included), or the exit (by then the program has said what it says). */
static bool
stop_point(long nr)
{
	return changes_files(nr) || nr == SYS_exit_group;
}

static void
slurp(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = 0;
	/* Whatever is left unread goes. */
	char sink[4096];
	while (read(fd, sink, sizeof sink) > 0)
		;
}

/* The child of a traced run, for the alarm that ends a hang. */
static volatile pid_t hung_pid;

static void
on_alarm(int sig)
{
	(void)sig;
	if (hung_pid > 0)
		kill(hung_pid, SIGKILL);
}

/* Follow a traced child from its first stop to its end, killing it at the
 * call r asks for; *status as waitpid gives it. */
static void
trace_program(pid_t pid, struct run *r, int *status)
{
	bool entered = false;
	long nr = -1;
	hung_pid = pid;
	alarm((unsigned)(HANG_US / 1000000));
	/* The first stop: the SIGSTOP it raised before exec. */
	if (waitpid(pid, status, __WALL) != pid || !WIFSTOPPED(*status))
		goto out;
	ptrace(PTRACE_SETOPTIONS, pid, 0,
	       PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC);
	int sig = 0;
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, sig) != 0)
			break;
		sig = 0;
		if (waitpid(pid, status, __WALL) != pid)
			break;
		if (WIFEXITED(*status) || WIFSIGNALED(*status))
			goto out;
		if (!WIFSTOPPED(*status))
			continue;
		if (WSTOPSIG(*status) != (SIGTRAP | 0x80)) {
			/* An exec event, or a signal to pass on. */
			if (WSTOPSIG(*status) != SIGTRAP &&
			    WSTOPSIG(*status) != SIGSTOP)
				sig = WSTOPSIG(*status);
			continue;
		}
		struct __ptrace_syscall_info info;
		memset(&info, 0, sizeof info);
		if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info) <=
		    0)
			die("ptrace", strerror(errno));
		if (info.op != PTRACE_SYSCALL_INFO_ENTRY)
			continue;
		nr = (long)info.entry.nr;
		entered = false;
		if (stop_point(nr) && ++r->writes == r->nth &&
		    r->mode == KILL_WRITE)
			entered = true;
		if (is_sync(nr) && ++r->syncs == r->nth && r->mode == KILL_SYNC)
			entered = true;
		if (entered) {
			r->at_call = true;
			kill(pid, SIGKILL);
			waitpid(pid, status, __WALL);
			goto out;
		}
	}
	waitpid(pid, status, __WALL);
out:
	alarm(0);
	hung_pid = 0;
}

/* Whether this system lets a child be traced (containers may not): without
 * it, every kill is at a random moment. */
static bool ptrace_ok;

static bool
ptrace_works(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0)
			_exit(1);
		raise(SIGSTOP);
		_exit(getpid() > 0 ? 0 : 1); /* a system call to stop at */
	}
	int status;
	bool ok = waitpid(pid, &status, __WALL) == pid && WIFSTOPPED(status) &&
		  ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD) ==
			  0 &&
		  ptrace(PTRACE_SYSCALL, pid, 0, 0) == 0 &&
		  waitpid(pid, &status, __WALL) == pid && WIFSTOPPED(status) &&
		  WSTOPSIG(status) == (SIGTRAP | 0x80);
	if (ok) {
		struct __ptrace_syscall_info info;
		ok = ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof info, &info) >
		     0;
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, __WALL);
	return ok;
}

/* Run argv with input on its standard input, killing it as r says. */
static void
run_program(char *const argv[], const char *input, struct run *r)
{
	int in[2], out[2], err[2];
	if (!ptrace_ok && (r->mode == KILL_WRITE || r->mode == KILL_SYNC))
		r->mode = KILL_DELAY;
	bool traced = ptrace_ok && r->mode != KILL_DELAY;
	if (pipe(in) || pipe(out) || pipe(err))
		die("pipe", strerror(errno));
	long long t0 = now_us();
	pid_t pid = fork();
	if (pid < 0)
		die("fork", strerror(errno));
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		for (int fd = 3; fd < 64; fd++)
			close(fd);
		if (traced) {
			if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0)
				_exit(126);
			raise(SIGSTOP);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (write(in[1], input, strlen(input)) < 0 && errno != EPIPE)
		die("write", strerror(errno));
	close(in[1]);

	int status = 0;
	r->killed = r->at_call = false;
	r->writes = r->syncs = 0;
	if (traced) {
		trace_program(pid, r, &status);
	} else {
		for (;;) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid)
				break;
			long long t = now_us() - t0;
			if ((r->mode == KILL_DELAY && t >= r->delay_us) ||
			    t > HANG_US) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				break;
			}
			struct timespec ts = {0, 100000};
			nanosleep(&ts, NULL);
		}
	}
	r->took_us = now_us() - t0;
	r->killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	slurp(out[0], r->out, sizeof r->out);
	slurp(err[0], r->err, sizeof r->err);
	close(out[0]);
	close(err[0]);
	if (r->took_us > HANG_US)
		die("hung", argv[0]);
	if (traced && r->status == 126)
		die("ptrace(PTRACE_TRACEME) refused", strerror(errno));
}

/* ---- the commands ------------------------------------------------------ */

static const char *program, *db_path;

/* Up to 24 arguments after "madoguchi -d DB -u USER". */
struct cmd {
	char *argv[32];
	int argc;
	char *owned[32];
	int nowned;
};

static void
cmd_start(struct cmd *c, const char *user)
{
	memset(c, 0, sizeof *c);
	c->argv[c->argc++] = (char *)program;
	c->argv[c->argc++] = "-d";
	c->argv[c->argc++] = (char *)db_path;
	if (user) {
		c->argv[c->argc++] = "-u";
		c->argv[c->argc++] = (char *)user;
	}
}

static void
cmd_arg(struct cmd *c, const char *a)
{
	if (c->argc + 1 >= (int)(sizeof c->argv / sizeof *c->argv))
		die("too many arguments", NULL);
	char *copy = xstrdup(a);
	c->owned[c->nowned++] = copy;
	c->argv[c->argc++] = copy;
	c->argv[c->argc] = NULL;
}

static void
cmd_fini(struct cmd *c)
{
	for (int i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	c->nowned = 0;
}

/* Run a command of the setup: it must succeed. */
static void
setup(const char *user, const char *input, const char *const *args)
{
	struct cmd c;
	struct run r = {.mode = KILL_NONE};
	cmd_start(&c, user);
	for (; *args; args++)
		cmd_arg(&c, *args);
	run_program(c.argv, input, &r);
	if (r.status != 0)
		die("setup failed", r.err);
	cmd_fini(&c);
}

/* Two cases: case 1 carried to 支援の実施 (so `step support` repeats), case
 * 2 just opened. */
static void
setup_database(void)
{
	static const char *const admin_add_tanaka[] = {"user",       "add",
						       "tanaka",     "--name",
						       "田中 一郎",  "--role",
						       "consultant", NULL};
	static const char *const admin_add_sato[] = {"user",      "add",
						     "sato",      "--name",
						     "佐藤 主任", "--role",
						     "chief",     NULL};
	const char *const *const tanaka[] = {
		(const char *const[]){"case", "new", "--name", "鈴木 次郎",
				      "--kana", "すずき じろう", "--birth",
				      "H2.7.7", NULL},
		(const char *const[]){"case", "new", "--name", "髙橋 花子",
				      "--kana", "たかはし はなこ", NULL},
		(const char *const[]){"step", "1", "triage", "--outcome", "3",
				      NULL},
		(const char *const[]){"form", "set", "1", "reception", "signed",
				      "はい", "consent_share", "はい",
				      "applied_on", "R8.4.1", NULL},
		(const char *const[]){"step", "1", "application", NULL},
		(const char *const[]){"form", "set", "1", "intake", "complaint",
				      "仕事が見つからない", "issues",
				      "就職活動困難", "summary",
				      "就労支援を行う", NULL},
		(const char *const[]){"step", "1", "assessment", NULL},
		(const char *const[]){"step", "1", "screening", "--outcome",
				      "プラン作成(継続支援)", NULL},
		(const char *const[]){"form", "set", "1", "plan", "goal_long",
				      "正社員として働く", "policy",
				      "求職活動を進める", "goals.1.issue",
				      "就職活動", "goals.1.short_goal",
				      "月 5 件応募する", "plan_from", "R8.5.1",
				      "plan_to", "R8.10.31", "services",
				      "(ア) 就労支援員による就労支援", NULL},
		(const char *const[]){"step", "1", "plan_draft", NULL},
		(const char *const[]){"form", "set", "1", "plan", "signed",
				      "はい", "agreed_on", "R8.4.20", NULL},
		(const char *const[]){"step", "1", "agreement", NULL},
	};
	const char *const *const sato[] = {
		(const char *const[]){"step", "1", "meeting", "--outcome",
				      "承認", NULL},
		(const char *const[]){"step", "1", "decision", "--outcome",
				      "決定", NULL},
	};
	static const char *const init[] = {"init", "--admin", "kanri", NULL};
	setup(NULL, ADMIN_PASSWORD, init);
	setup("kanri", ADMIN_PASSWORD PASSWORD, admin_add_tanaka);
	setup("kanri", ADMIN_PASSWORD CHIEF_PASSWORD, admin_add_sato);
	for (size_t i = 0; i < sizeof tanaka / sizeof *tanaka; i++)
		setup("tanaka", PASSWORD, tanaka[i]);
	for (size_t i = 0; i < sizeof sato / sizeof *sato; i++)
		setup("sato", CHIEF_PASSWORD, sato[i]);
}

/* ---- what should be in the database ----------------------------------- */

/* One revision saved (confirmed, or found after a kill) and the values it
 * set, which must be in it exactly. */
struct expected {
	long long case_id;
	const char *form;
	int seq, revision;
	struct md_values set;
	bool confirmed;
};

/* A progress entry: its unique word now and the words it no longer has. */
struct entry {
	long long case_id;
	int seq, revision;
	long long id;
	char *word;
	char **gone;
	int ngone;
	bool touched; /* since the last kill: its words are looked up */
};

static struct expected *expect;
static size_t nexpect;
static struct entry *entries;
static size_t nentries;
static int intake_rev[3];    /* by case */
static int person_rev[3];    /* by case: the person's revision */
static char *person_addr[3]; /* by case: the address saved last (NULL: none) */
static int support_steps;    /* `step 1 support` events */

static void
expect_add(long long case_id, const char *form, int seq, int revision,
	   const struct md_values *set, bool confirmed)
{
	expect = realloc(expect, (nexpect + 1) * sizeof *expect);
	if (!expect)
		die("out of memory", NULL);
	struct expected *e = &expect[nexpect++];
	e->case_id = case_id;
	e->form = form;
	e->seq = seq;
	e->revision = revision;
	e->confirmed = confirmed;
	md_values_init(&e->set);
	md_values_copy(&e->set, set, NULL);
}

/* ---- distinctive values ------------------------------------------------- */

static const char *const words[] = {
	"家賃",         "滞納",   "就労",       "相談",       "面談", "同行",
	"ハローワーク", "家計",   "生活保護",   "福祉事務所", "大家", "退去",
	"求職",         "履歴書", "応募",       "病院",       "通院", "体調",
	"電話",         "来所",   "本人",       "家族",       "ｶﾀｶﾅ", "ABC",
	"１２３",       "髙橋",   "〒105-0011", "、",         "。",   "\n",
};

/* A new unique word: found by a search only where it was written. */
static char *
unique_word(void)
{
	char *w = xmalloc(24);
	snprintf(w, 24, "zq%010llx", rng_next() & 0xFFFFFFFFFFULL);
	return w;
}

/* A text holding word among ordinary ones; now and then long (a page or
 * more of the database, under the 4,000 characters a textarea takes), so
 * that its commit takes a while. */
static char *
make_text(const char *tag, const char *word)
{
	struct md_buf b;
	md_buf_init(&b);
	md_buf_addf(&b, "%s ", tag);
	long long n = rng_below(10) == 0 ? 400 + rng_below(1000)
					 : 5 + rng_below(60);
	long long at = rng_below(n < 50 ? n : 50);
	for (long long i = 0; i < n && b.len < 3800; i++) {
		if (i == at)
			md_buf_addf(&b, " %s ", word);
		md_buf_adds(&b, words[rng_below(sizeof words / sizeof *words)]);
	}
	md_buf_adds(&b, "。終わり");
	char *s = xstrdup(md_buf_str(&b));
	md_buf_fini(&b);
	return s;
}

/* ---- operations --------------------------------------------------------- */

enum op_kind {
	OP_NEW_ENTRY,
	OP_ENTRY,
	OP_INTAKE,
	OP_PERSON,
	OP_STEP,
	OP_KINDS
};

static const char *const op_names[OP_KINDS] = {"new progress entry",
					       "progress entry revision",
					       "第2号様式 revision",
					       "person's address (第1号様式)",
					       "step support"};

/* One operation about to run: its command and what it writes. */
struct op {
	enum op_kind kind;
	long long case_id;
	struct entry *entry; /* OP_ENTRY */
	char *word;          /* OP_NEW_ENTRY, OP_ENTRY */
	char *text;          /* content, complaint or address */
	struct md_values set;
	struct cmd cmd;
};

static void
op_fini(struct op *o)
{
	free(o->word);
	free(o->text);
	md_values_fini(&o->set);
	cmd_fini(&o->cmd);
}

static void
op_field(struct op *o, const char *key, const char *value)
{
	cmd_arg(&o->cmd, key);
	cmd_arg(&o->cmd, value);
	md_values_set(&o->set, key, value, NULL);
}

static void
op_make(struct op *o, int serial)
{
	memset(o, 0, sizeof *o);
	md_values_init(&o->set);
	long long r = rng_below(100);
	o->kind = r < 35   ? OP_NEW_ENTRY
		  : r < 60 ? OP_ENTRY
		  : r < 75 ? OP_INTAKE
		  : r < 87 ? OP_PERSON
			   : OP_STEP;
	if (o->kind == OP_ENTRY && nentries == 0)
		o->kind = OP_NEW_ENTRY;
	o->case_id = 1 + rng_below(2);
	char tag[64], num[32];
	snprintf(tag, sizeof tag, "保存%d", serial);
	cmd_start(&o->cmd, "tanaka");
	snprintf(num, sizeof num, "%lld", o->case_id);
	switch (o->kind) {
	case OP_NEW_ENTRY:
	case OP_ENTRY:
		if (o->kind == OP_ENTRY) {
			o->entry = &entries[rng_below((long long)nentries)];
			o->case_id = o->entry->case_id;
			snprintf(num, sizeof num, "%lld", o->case_id);
		}
		o->word = unique_word();
		o->text = make_text(tag, o->word);
		cmd_arg(&o->cmd, "form");
		cmd_arg(&o->cmd, "set");
		cmd_arg(&o->cmd, num);
		cmd_arg(&o->cmd, "progress");
		op_field(o, "content", o->text);
		if (rng_below(2)) {
			char next[96];
			snprintf(next, sizeof next, "次回 %s の続き", tag);
			op_field(o, "next_action", next);
		}
		if (o->entry) {
			snprintf(num, sizeof num, "%d", o->entry->seq);
			cmd_arg(&o->cmd, "--seq");
			cmd_arg(&o->cmd, num);
		}
		break;
	case OP_INTAKE:
		o->word = unique_word();
		o->text = make_text(tag, o->word);
		cmd_arg(&o->cmd, "form");
		cmd_arg(&o->cmd, "set");
		cmd_arg(&o->cmd, num);
		cmd_arg(&o->cmd, "intake");
		op_field(o, "complaint", o->text);
		op_field(o, "summary", tag);
		break;
	case OP_PERSON: {
		char addr[128];
		snprintf(addr, sizeof addr, "東京都港区芝%d丁目%lld番 %s",
			 serial % 9 + 1, rng_below(50) + 1, tag);
		o->text = xstrdup(addr);
		cmd_arg(&o->cmd, "form");
		cmd_arg(&o->cmd, "set");
		cmd_arg(&o->cmd, num);
		cmd_arg(&o->cmd, "reception");
		cmd_arg(&o->cmd, "address");
		cmd_arg(&o->cmd, addr);
		break;
	}
	default:
		o->case_id = 1;
		cmd_arg(&o->cmd, "step");
		cmd_arg(&o->cmd, "1");
		cmd_arg(&o->cmd, "support");
		break;
	}
}

/* ---- after each run: what it did, what it must have done ---------------- */

static struct md_forms *forms;
static int saves_confirmed, saves_found, saves_lost_on_kill;
static int saves_said_then_killed; /* said 保存しました, then killed */
static bool last_found;            /* the last killed save is there */

static void
entry_new(long long case_id, int seq, const char *word)
{
	entries = realloc(entries, (nentries + 1) * sizeof *entries);
	if (!entries)
		die("out of memory", NULL);
	struct entry *e = &entries[nentries++];
	memset(e, 0, sizeof *e);
	e->case_id = case_id;
	e->seq = seq;
	e->revision = 1;
	e->word = xstrdup(word);
	e->touched = true;
}

static void
entry_revised(struct entry *e, const char *word)
{
	e->gone = realloc(e->gone, (size_t)(e->ngone + 1) * sizeof *e->gone);
	if (!e->gone)
		die("out of memory", NULL);
	e->gone[e->ngone++] = e->word;
	e->word = xstrdup(word);
	e->revision++;
	e->touched = true;
}

/* The person of a case's revision now. */
static int
person_revision(struct dbcheck *c, long long case_id)
{
	char q[160];
	snprintf(q, sizeof q,
		 "SELECT p.revision FROM persons p JOIN cases c"
		 " ON c.person_id = p.id WHERE c.id = %lld",
		 case_id);
	return (int)dbcheck_int(c, q, NULL);
}

static int
support_count(struct dbcheck *c)
{
	return (int)dbcheck_int(c,
				"SELECT count(*) FROM workflow_events"
				" WHERE case_id = 1 AND step = 'support'",
				NULL);
}

/* A run that ended by itself: it must have succeeded, saying so. */
static void
finished(struct dbcheck *c, struct op *o, const struct run *r)
{
	if (r->status != 0) {
		dbcheck_fault(c, "%s failed (exit %d): %s", op_names[o->kind],
			      r->status, r->err);
		return;
	}
	int seq = 0, rev = 0;
	const char *said = strstr(r->out, "保存しました: ");
	const char *p = said ? strstr(said, ")") : NULL;
	if (o->kind == OP_STEP) {
		if (!strstr(r->out, "記録しました: ケース 1"))
			dbcheck_fault(c, "step support said: %s", r->out);
		support_steps++;
		saves_confirmed++;
		return;
	}
	while (p && p > said && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (!said || !p || sscanf(p, "%d) 版 %d", &seq, &rev) != 2) {
		dbcheck_fault(c, "%s said: %s", op_names[o->kind], r->out);
		return;
	}
	saves_confirmed++;
	switch (o->kind) {
	case OP_NEW_ENTRY:
		if (rev != 1)
			dbcheck_fault(c, "a new entry saved as revision %d",
				      rev);
		entry_new(o->case_id, seq, o->word);
		expect_add(o->case_id, "progress", seq, rev, &o->set, true);
		break;
	case OP_ENTRY:
		if (seq != o->entry->seq || rev != o->entry->revision + 1)
			dbcheck_fault(c,
				      "entry %d saved as (%d) 版 %d, expected 版 %d",
				      o->entry->seq, seq, rev,
				      o->entry->revision + 1);
		entry_revised(o->entry, o->word);
		expect_add(o->case_id, "progress", seq, rev, &o->set, true);
		break;
	case OP_INTAKE:
		if (rev != intake_rev[o->case_id] + 1)
			dbcheck_fault(c,
				      "第2号様式 saved as 版 %d, expected 版 %d",
				      rev, intake_rev[o->case_id] + 1);
		intake_rev[o->case_id] = rev;
		expect_add(o->case_id, "intake", seq, rev, &o->set, true);
		break;
	default: /* OP_PERSON */
		person_rev[o->case_id]++;
		free(person_addr[o->case_id]);
		person_addr[o->case_id] = xstrdup(o->text);
		break;
	}
}

/* What a run printed says its save is done (the program prints it only
 * after the commit and the close). */
static bool
said_saved(const struct run *r)
{
	return strstr(r->out, "保存しました") || strstr(r->out, "記録しました");
}

/* The latest content of the entries of a case holding text: seq of each. */
static int
entries_holding(struct dbcheck *c, long long case_id, const char *text,
		int *seq)
{
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(c->h,
			   "SELECT f.seq FROM form_records f JOIN form_revisions r"
			   " ON r.record_id = f.id WHERE f.case_id = ?1"
			   " AND f.form = 'progress'"
			   " AND json_extract(r.data, '$.content') = ?2",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		if (n++ == 0)
			*seq = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A run that was killed: its save is there whole, or not at all; there
 * whole when it had said so before the kill. */
static void
killed(struct dbcheck *c, struct op *o, const struct run *r)
{
	bool said = said_saved(r);
	struct md_values v;
	md_values_init(&v);
	int latest = 0, seq = 0, n;
	bool found = false;
	switch (o->kind) {
	case OP_NEW_ENTRY:
		n = entries_holding(c, o->case_id, o->text, &seq);
		if (n > 1)
			dbcheck_fault(c, "a new entry killed is there %d times",
				      n);
		if (n >= 1) {
			found = true;
			entry_new(o->case_id, seq, o->word);
			expect_add(o->case_id, "progress", seq, 1, &o->set,
				   said);
		}
		break;
	case OP_ENTRY:
		dbcheck_values(c, o->case_id, "progress", o->entry->seq, 0, &v,
			       &latest);
		if (latest == o->entry->revision + 1) {
			found = true;
			expect_add(o->case_id, "progress", o->entry->seq,
				   latest, &o->set, said);
			entry_revised(o->entry, o->word);
		} else if (latest != o->entry->revision) {
			dbcheck_fault(c,
				      "entry %d is at revision %d, expected %d or %d",
				      o->entry->seq, latest, o->entry->revision,
				      o->entry->revision + 1);
		}
		break;
	case OP_INTAKE:
		dbcheck_values(c, o->case_id, "intake", 1, 0, &v, &latest);
		if (latest == intake_rev[o->case_id] + 1) {
			found = true;
			intake_rev[o->case_id] = latest;
			expect_add(o->case_id, "intake", 1, latest, &o->set,
				   said);
		} else if (latest != intake_rev[o->case_id]) {
			dbcheck_fault(c,
				      "第2号様式 of case %lld is at revision %d, expected %d or %d",
				      o->case_id, latest,
				      intake_rev[o->case_id],
				      intake_rev[o->case_id] + 1);
		}
		break;
	case OP_PERSON:
		latest = person_revision(c, o->case_id);
		if (latest == person_rev[o->case_id] + 1) {
			found = true;
			person_rev[o->case_id] = latest;
			char q[200];
			snprintf(q, sizeof q,
				 "SELECT count(*) FROM persons p JOIN cases c"
				 " ON c.person_id = p.id WHERE c.id = %lld"
				 " AND p.address = ?1",
				 o->case_id);
			if (dbcheck_int(c, q, o->text) != 1)
				dbcheck_fault(c,
					      "the person's revision %d lacks the address «%s»",
					      latest, o->text);
			free(person_addr[o->case_id]);
			person_addr[o->case_id] = xstrdup(o->text);
		} else if (latest != person_rev[o->case_id]) {
			dbcheck_fault(c,
				      "the person of case %lld is at revision %d, expected %d or %d",
				      o->case_id, latest,
				      person_rev[o->case_id],
				      person_rev[o->case_id] + 1);
		}
		break;
	default:
		latest = support_count(c);
		if (latest == support_steps + 1) {
			found = true;
			support_steps++;
		} else if (latest != support_steps) {
			dbcheck_fault(c, "%d support steps, expected %d or %d",
				      latest, support_steps, support_steps + 1);
		}
		break;
	}
	if (said && !found)
		dbcheck_fault(c,
			      "%s said «%s» before the kill, but is not there",
			      op_names[o->kind], r->out);
	if (said)
		saves_said_then_killed++;
	if (found)
		saves_found++;
	else
		saves_lost_on_kill++;
	last_found = found;
	md_values_fini(&v);
}

/* Every revision expected is there with exactly the values it set; the
 * person and the steps as counted. */
static void
check_expected(struct dbcheck *c)
{
	struct md_values v;
	md_values_init(&v);
	int latest;
	c->checks++;
	for (size_t i = 0; i < nexpect; i++) {
		const struct expected *e = &expect[i];
		if (!dbcheck_values(c, e->case_id, e->form, e->seq, e->revision,
				    &v, &latest)) {
			dbcheck_fault(c,
				      "%s save of case %lld %s (%d) 版 %d is gone",
				      e->confirmed ? "a confirmed" : "a killed",
				      e->case_id, e->form, e->seq, e->revision);
			continue;
		}
		for (size_t k = 0; k < e->set.n; k++) {
			const char *have = md_values_get(&v,
							 e->set.items[k].key);
			if (!have || strcmp(have, e->set.items[k].value))
				dbcheck_fault(c,
					      "case %lld %s (%d) 版 %d: %s is «%.40s», saved «%.40s»",
					      e->case_id, e->form, e->seq,
					      e->revision, e->set.items[k].key,
					      have ? have : "",
					      e->set.items[k].value);
		}
	}
	md_values_fini(&v);
	for (long long k = 1; k <= 2; k++) {
		if (person_revision(c, k) != person_rev[k])
			dbcheck_fault(c,
				      "the person of case %lld is at revision %d, expected %d",
				      k, person_revision(c, k), person_rev[k]);
		char q[200];
		snprintf(q, sizeof q,
			 "SELECT count(*) FROM persons p JOIN cases c"
			 " ON c.person_id = p.id WHERE c.id = %lld"
			 " AND p.address = ?1",
			 k);
		if (person_addr[k] && dbcheck_int(c, q, person_addr[k]) != 1)
			dbcheck_fault(c,
				      "the person of case %lld lacks the address"
				      " saved last, «%s»",
				      k, person_addr[k]);
	}
	if (support_count(c) != support_steps)
		dbcheck_fault(c, "%d support steps, expected %d",
			      support_count(c), support_steps);
}

/* The words of entries touched since the last kill, and a few others: the
 * latest found in that entry, the replaced ones nowhere. */
static void
check_words(struct dbcheck *c)
{
	struct md_buf hits;
	md_buf_init(&hits);
	c->checks++;
	for (size_t i = 0; i < nentries; i++) {
		struct entry *e = &entries[i];
		if (!e->touched && rng_below(50))
			continue;
		e->touched = false;
		if (!e->id) {
			char q[200];
			snprintf(q, sizeof q,
				 "SELECT id FROM form_records WHERE case_id = %lld"
				 " AND form = 'progress' AND seq = %d",
				 e->case_id, e->seq);
			e->id = dbcheck_int(c, q, NULL);
		}
		char want[32];
		snprintf(want, sizeof want, "%lld", e->id);
		if (dbcheck_entries_with(c, e->word, &hits) &&
		    strcmp(md_buf_str(&hits), want))
			dbcheck_fault(c,
				      "searching «%s» finds entries «%s», expected %s",
				      e->word, md_buf_str(&hits), want);
		for (int g = 0; g < e->ngone; g++)
			if (dbcheck_entries_with(c, e->gone[g], &hits) &&
			    hits.len)
				dbcheck_fault(c,
					      "searching the replaced «%s» finds entries %s",
					      e->gone[g], md_buf_str(&hits));
	}
	md_buf_fini(&hits);
}

/* ---- the test ---------------------------------------------------------- */

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"madoguchi", required_argument, NULL, 'm'},
		{"dir", required_argument, NULL, 'D'},
		{"kills", required_argument, NULL, 'k'},
		{"seed", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	int kills = 40, opt;
	unsigned long long seed = (unsigned long long)time(NULL) ^
				  ((unsigned long long)getpid() << 20);
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			program = optarg;
			break;
		case 'D':
			dir = optarg;
			break;
		case 'k':
			kills = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr,
				"usage: crash_cli --madoguchi PROGRAM --dir DIR"
				" [--kills N] [--seed S]\n");
			return 2;
		}
	}
	if (!program || !dir || kills < 1) {
		fprintf(stderr,
			"crash_cli: --madoguchi and --dir are needed\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_state = seed;
	char *path = xmalloc(strlen(dir) + 32);
	sprintf(path, "%s/crash.db", dir);
	db_path = path;
	forms = dbcheck_forms();
	printf("# seed %llu (CRASH_SEED=%llu replays the choices; the moments of the kills are the machine's)\n",
	       seed, seed);
	ptrace_ok = ptrace_works();
	if (!ptrace_ok)
		printf("# ptrace is not allowed here: every kill at a random moment\n");
	printf("1..%d\n", kills + 1);
	setup_database();
	struct dbcheck c;
	if (!dbcheck_open(&c, db_path, forms))
		die("cannot open the database", md_buf_str(&c.faults));
	struct md_values v;
	md_values_init(&v);
	for (long long k = 1; k <= 2; k++) {
		dbcheck_values(&c, k, "intake", 1, 0, &v, &intake_rev[k]);
		person_rev[k] = person_revision(&c, k);
	}
	md_values_fini(&v);
	support_steps = support_count(&c);
	dbcheck_all(&c);
	int failed = c.nfaults > 0;
	printf("%s 1 - the database after the setup passes every check\n",
	       c.nfaults ? "not ok" : "ok");
	dbcheck_close(&c);

	/* How long each kind of command takes when left alone, for the
	 * random moments, and how many calls that change a file and how many
	 * fdatasync calls it makes, for the kills at a call: from a first
	 * guess, then from each run that ends by itself (a guess too high
	 * only lets a run finish: it counts its calls, and the next one
	 * chooses among them). */
	double took[OP_KINDS];
	int writes[OP_KINDS], syncs[OP_KINDS];
	for (int k = 0; k < OP_KINDS; k++) {
		took[k] = 60000;
		writes[k] = 80;
		syncs[k] = 8;
	}
	int done = 0, serial = 0, by_delay = 0, by_write = 0, by_sync = 0;
	int checks = 0;
	while (done < kills) {
		struct op o;
		op_make(&o, ++serial);
		struct run r;
		memset(&r, 0, sizeof r);
		/* One command in eight is left to finish: its save, said
		 * done, must then survive every later kill. */
		long long how = rng_below(8) == 0 ? -1 : rng_below(10);
		/* (drawn always: the moment where ptrace is not allowed) */
		r.delay_us = rng_below((long long)(took[o.kind] * 1.2) + 1);
		if (how < 0) {
			r.mode = KILL_NONE;
		} else if (how < 3) {
			r.mode = KILL_DELAY;
		} else if (how < 5) {
			r.mode = KILL_SYNC;
			r.nth = 1 + (int)rng_below(syncs[o.kind]);
		} else {
			/* One in four among the last calls: the commit, the
			 * checkpoint, the success printed, the exit. */
			r.mode = KILL_WRITE;
			r.nth = rng_below(4)
					? 1 + (int)rng_below(writes[o.kind])
					: writes[o.kind] - (int)rng_below(6);
			if (r.nth < 1)
				r.nth = 1;
		}
		run_program(o.cmd.argv, PASSWORD, &r);
		if (!dbcheck_open(&c, db_path, forms))
			die("cannot open the database", md_buf_str(&c.faults));
		if (!r.killed) {
			took[o.kind] = took[o.kind] * 0.8 +
				       (double)r.took_us * 0.2;
			if (r.mode != KILL_DELAY) {
				writes[o.kind] = r.writes;
				syncs[o.kind] = r.syncs;
			}
			finished(&c, &o, &r);
		} else {
			done++;
			by_delay += r.mode == KILL_DELAY;
			by_write += r.mode == KILL_WRITE;
			by_sync += r.mode == KILL_SYNC;
			killed(&c, &o, &r);
			dbcheck_all(&c);
			check_expected(&c);
			check_words(&c);
		}
		if (r.killed || c.nfaults) {
			checks += c.checks;
			char at[96] = "at a random moment";
			if (r.mode == KILL_SYNC)
				snprintf(at, sizeof at,
					 "entering fdatasync %d of %d", r.nth,
					 syncs[o.kind]);
			else if (r.mode == KILL_WRITE)
				snprintf(at, sizeof at,
					 "entering file call %d of %d", r.nth,
					 writes[o.kind]);
			printf("%s %d - kill %d: %s of case %lld killed %s, after %lld µs"
			       " (%s); %d checks\n",
			       c.nfaults ? "not ok" : "ok",
			       done + 1 + !r.killed, done, op_names[o.kind],
			       o.case_id, at, r.took_us,
			       !r.killed    ? "not killed"
			       : last_found ? "its save is there, whole"
					    : "its save is not there at all",
			       c.checks);
			if (c.nfaults) {
				failed = 1;
				dbcheck_print(&c);
			}
		}
		bool broke = !r.killed && c.nfaults;
		dbcheck_close(&c);
		op_fini(&o);
		if (broke)
			break; /* a command failed on its own: stop there */
	}
	printf("# kills %d (%d at a random moment, %d entering a call that changes"
	       " a file, %d entering an fdatasync), saves confirmed %d, saves found"
	       " whole after their kill %d (%d had said so), not there after their"
	       " kill %d, checks passed %d, seed %llu\n",
	       done, by_delay, by_write, by_sync, saves_confirmed, saves_found,
	       saves_said_then_killed, saves_lost_on_kill, failed ? 0 : checks,
	       seed);
	free(path);
	for (int k = 0; k < 3; k++)
		free(person_addr[k]);
	md_forms_free(&forms);
	return failed;
}
