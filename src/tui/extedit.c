/* Editing a long text in $VISUAL or $EDITOR: the editor started without a
 * shell, in a process group of its own that has the terminal; the idle
 * lock kept over it; its file in a private folder, removed on every way
 * out; and what a crash left there offered as a draft at the next login. */
#include "ui.h"

#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/drafts.h"
#include "madoguchi/mem.h"
#include "madoguchi/paths.h"
#include "madoguchi/text.h"

extern char **environ;

/* The text's file in an edit's folder. */
#define EDIT_TEXT "madoguchi.txt"
/* What form ids and field keys are made of (forms.c valid_key), and how
 * long they are at most. */
#define NAME_KEY_CHARS "abcdefghijklmnopqrstuvwxyz0123456789_"
#define NAME_MAX_KEY 40

/*
 * One edit: a folder of its own in the private folder, named for where its
 * text belongs, u<user>-c<case>-<form>-s<seq>-r<revision>-<field>-XXXXXX
 * (form ids and field keys hold no '-'), and held (flock) while it is in
 * use, so that a program ended without removing it is told from one still
 * editing.
 */
struct edit {
	char *dir;
	char *path; /* the text's file in it */
	int fd;     /* the folder, locked; -1 when not held */
};

/* The private folder of edits: beside the database, 0700, so that another
 * user of the workstation cannot read it (create: made when missing). New
 * string, or NULL. */
static char *
edits_dir(const struct ui *ui, bool create)
{
	char *dir = md_path_dirname(ui->db_path);
	char *p = dir ? md_asprintf("%s/.edit", dir) : NULL;
	md_free(dir);
	if (!p || !create)
		return p;
	if (mkdir(p, 0700) != 0 && errno != EEXIST) {
		md_free(p);
		return NULL;
	}
	chmod(p, 0700);
	return p;
}

/* Let go of an edit, leaving its folder as it is. */
static void
edit_release(struct edit *e)
{
	if (e->fd >= 0)
		close(e->fd);
	md_free(e->dir);
	md_free(e->path);
	e->dir = e->path = NULL;
	e->fd = -1;
}

/* Remove an edit's folder with what is in it (the text, and what the
 * editor kept beside it: a swap file, a backup), then let go of it. */
static void
edit_remove(struct edit *e)
{
	DIR *d = e->dir ? opendir(e->dir) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dirfd(d), de->d_name, 0);
	if (d)
		closedir(d);
	if (e->dir)
		rmdir(e->dir);
	edit_release(e);
}

/* Hold the edit folder name in root: false when it is not there or still
 * in use (another run of the program is editing it). */
static bool
edit_claim(const char *root, const char *name, struct edit *e)
{
	e->dir = md_asprintf("%s/%s", root, name);
	e->path = e->dir ? md_asprintf("%s/" EDIT_TEXT, e->dir) : NULL;
	e->fd = e->path ? open(e->dir,
			       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
			: -1;
	if (e->fd < 0 || flock(e->fd, LOCK_EX | LOCK_NB) != 0) {
		edit_release(e);
		return false;
	}
	return true;
}

/* A new edit of text for o, held; false with a message when it cannot be
 * made. */
static bool
edit_open(struct ui *ui, const struct ui_edit_origin *o, const char *text,
	  struct edit *e)
{
	e->dir = e->path = NULL;
	e->fd = -1;
	errno = ENOMEM;
	char *root = edits_dir(ui, true);
	if (root)
		e->dir = md_asprintf("%s/u%lld-c%lld-%s-s%d-r%d-%s-XXXXXX",
				     root, ui->user.id, o->case_id, o->form,
				     o->seq, o->base_revision, o->field);
	md_free(root);
	bool ok = e->dir && mkdtemp(e->dir);
	if (!ok) {
		md_free(e->dir);
		e->dir = NULL;
	} else {
		e->fd = open(e->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		e->path = md_asprintf("%s/" EDIT_TEXT, e->dir);
		ok = e->fd >= 0 && e->path && flock(e->fd, LOCK_EX) == 0;
	}
	int fd = ok ? open(e->path,
			   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			   0600)
		    : -1;
	size_t len = strlen(text);
	ok = fd >= 0 && fchmod(fd, 0600) == 0 &&
	     write(fd, text, len) == (ssize_t)len;
	int error = errno;
	if (fd >= 0 && close(fd) != 0) {
		ok = false;
		error = errno;
	}
	if (!ok) {
		ui_message(ui, true, "編集用の一時ファイルを作れません(%s)",
			   md_strerror(error));
		edit_remove(e);
	}
	return ok;
}

/* Where the name of an edit's folder says its text belongs: *user, and o
 * with form and field (NAME_MAX_KEY + 1 bytes each) as its strings. */
static bool
edit_parse(const char *name, long long *user, struct ui_edit_origin *o,
	   char *form, char *field)
{
	int end = -1;
	if (sscanf(name,
		   "u%lld-c%lld-%40[" NAME_KEY_CHARS
		   "]-s%d-r%d-%40[" NAME_KEY_CHARS "]-%*6c%n",
		   user, &o->case_id, form, &o->seq, &o->base_revision, field,
		   &end) != 6 ||
	    end < 0 || name[end])
		return false;
	o->form = form;
	o->field = field;
	return true;
}

/* The text of an edit without the newlines editors end a file with: a new
 * string, or NULL when it cannot be read. */
static char *
edit_read(const struct edit *e)
{
	int fd = open(e->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	struct md_buf b;
	md_buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		md_buf_add(&b, chunk, n);
	bool ok = !ferror(f) && md_buf_ok(&b);
	fclose(f);
	while (ok && b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	char *text = ok ? md_buf_take(&b) : NULL;
	md_buf_fini(&b);
	return text;
}

/* The editor's words and the file: argv points into words. */
struct command {
	char *words;
	char **argv;
};

/* $VISUAL, else $EDITOR, else vi, split into words on blanks (no shell:
 * no quotes, no variables), the file path as the last argument. */
static bool
command_make(const char *editor, const char *path, struct command *c)
{
	c->words = md_strdup(editor);
	c->argv = md_calloc(strlen(editor) / 2 + 3, sizeof *c->argv);
	if (!c->words || !c->argv) {
		md_free(c->words);
		md_free(c->argv);
		return false;
	}
	size_t n = 0;
	char *save = NULL;
	for (char *w = strtok_r(c->words, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save))
		c->argv[n++] = w;
	if (n == 0)
		c->argv[n++] = (char *)"vi";
	c->argv[n++] = (char *)path;
	c->argv[n] = NULL;
	return true;
}

static void
command_free(struct command *c)
{
	md_free(c->words);
	md_free(c->argv);
}

/* The editor while it runs. */
struct child {
	pid_t pid; /* also its process group */
	bool fg;   /* it has the terminal (this program's controlling one) */
	bool ended;
	int status; /* its wait status once ended; -1 when unknown */
};

/*
 * Start the editor in a process group of its own which, when the terminal
 * is this program's, gets the terminal before it runs (no shell does that
 * for us): its keys, Ctrl-C and Ctrl-Z go to it alone, and it can be
 * stopped as a whole behind the lock. Signals this program catches or
 * ignores are the default for it. Returns 0, or an errno (not found).
 */
static int
child_start(char *const argv[], struct child *c)
{
	static const int defaults[] = {SIGHUP,   SIGINT,  SIGQUIT, SIGTERM,
				       SIGTSTP,  SIGTTIN, SIGTTOU, SIGPIPE,
				       SIGWINCH, SIGCHLD};
	sigset_t none, dfl;
	sigemptyset(&none);
	sigemptyset(&dfl);
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		sigaddset(&dfl, defaults[i]);
	memset(c, 0, sizeof *c);
	c->status = -1;
	c->fg = tcgetpgrp(STDIN_FILENO) == getpgrp();
	posix_spawnattr_t at;
	posix_spawn_file_actions_t fa;
	int rc = posix_spawnattr_init(&at);
	if (rc)
		return rc;
	rc = posix_spawn_file_actions_init(&fa);
	if (rc) {
		posix_spawnattr_destroy(&at);
		return rc;
	}
	rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
						   POSIX_SPAWN_SETSIGDEF |
						   POSIX_SPAWN_SETSIGMASK);
	if (!rc)
		rc = posix_spawnattr_setpgroup(&at, 0);
	if (!rc)
		rc = posix_spawnattr_setsigdefault(&at, &dfl);
	if (!rc)
		rc = posix_spawnattr_setsigmask(&at, &none);
	if (!rc && c->fg)
		rc = posix_spawn_file_actions_addtcsetpgrp_np(&fa,
							      STDIN_FILENO);
	if (!rc)
		rc = posix_spawnp(&c->pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return rc;
}

/* Wait up to ms milliseconds (< 0: for good) for the editor to end or,
 * stopped_too, to stop; true when it has. */
static bool
child_wait(struct child *c, int ms, bool stopped_too)
{
	for (int t = 0;; t += 20) {
		int st;
		pid_t r = waitpid(c->pid, &st,
				  WNOHANG | (stopped_too ? WUNTRACED : 0));
		if (r == c->pid) {
			if (!WIFSTOPPED(st)) {
				c->ended = true;
				c->status = st;
			}
			return true;
		}
		if (r < 0 && errno != EINTR) {
			c->ended = true; /* not ours to wait for any more */
			return true;
		}
		if (ms >= 0 && t >= ms)
			return false;
		poll(NULL, 0, 20);
	}
}

/* End the editor: SIGHUP, as when its terminal closes (an editor saves
 * what it can), and SIGKILL when it has not ended 2 s later. */
static void
child_end(struct child *c)
{
	if (c->ended)
		return;
	kill(-c->pid, SIGHUP);
	kill(-c->pid, SIGCONT);
	if (!child_wait(c, 2000, false)) {
		kill(-c->pid, SIGKILL);
		child_wait(c, -1, false);
	}
}

/* Stop the editor's whole group: SIGTSTP first, on which an editor puts
 * the terminal back as it found it, then SIGSTOP, which none can refuse. */
static void
child_stop(struct child *c)
{
	kill(-c->pid, SIGTSTP);
	bool stopped = child_wait(c, 1000, true);
	if (c->ended)
		return;
	kill(-c->pid, SIGSTOP);
	if (!stopped)
		child_wait(c, 1000, true);
}

/* Give the terminal to process group pgrp; tcsetpgrp from the background
 * needs SIGTTOU held off. */
static void
terminal_to(pid_t pgrp)
{
	sigset_t ttou, old;
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	tcsetpgrp(STDIN_FILENO, pgrp);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/*
 * Keys the editor reads count as keys for the idle lock. Linux sets a
 * terminal's access time when a program reads from it, as `w` shows in its
 * IDLE column; to 8 seconds only (a finer time would tell the rhythm of
 * typing), so the lock may come up to 8 seconds early, never late.
 */
static void
keys_seen(struct ui *ui)
{
	struct stat sb;
	struct timespec now;
	if (fstat(STDIN_FILENO, &sb) == 0 &&
	    clock_gettime(CLOCK_REALTIME, &now) == 0)
		ui_keys_seen(ui, (long)(now.tv_sec - sb.st_atim.tv_sec));
}

/*
 * The idle lock over the editor: the editor stopped, the terminal taken
 * back and the lock shown (keep_all keeps the screens' drafts); after the
 * login the terminal goes back to the editor in the modes it had, and the
 * editor goes on, told to draw itself again (SIGWINCH).
 */
static void
lock_over(struct ui *ui, struct child *c)
{
	struct termios tio;
	bool have_tio = tcgetattr(STDIN_FILENO, &tio) == 0;
	child_stop(c);
	if (c->fg)
		terminal_to(getpgrp());
	reset_prog_mode();
	clearok(curscr, TRUE);
	ui_lock_idle(ui);
	if (ui->quit || ui->switch_user || c->ended)
		return;
	endwin();
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &tio);
	if (c->fg)
		terminal_to(c->pid);
	kill(-c->pid, SIGCONT);
	kill(-c->pid, SIGWINCH);
}

/*
 * Wait for the editor to end, doing what a wait for a key does (app.c
 * ui_getkey): the hangup ends it, and the idle lock holds over it. An
 * editor that stops itself (Ctrl-Z) goes on: there is no shell here to
 * return to. False when it was ended because another user logged in at
 * the lock: its text waits for its owner (ui_recover_edits).
 */
static bool
child_run(struct ui *ui, struct child *c)
{
	for (;;) {
		if (child_wait(c, 0, true)) {
			if (c->ended)
				return true;
			kill(-c->pid, SIGCONT);
		}
		if (ui_hung_up(ui)) {
			child_end(c);
			return true;
		}
		keys_seen(ui);
		if (ui_lock_due(ui)) {
			lock_over(ui, c);
			if (ui->switch_user) {
				child_end(c);
				return false;
			}
			if (ui->quit) {
				child_end(c);
				return true;
			}
		}
		poll(NULL, 0, 100);
	}
}

/* Whether to take in what an editor that ended with an error wrote. */
static bool
confirm_failed_edit(struct ui *ui, const char *editor, int status)
{
	char q[512];
	md_text_format(q, sizeof q,
		       "エディタがエラー(終了コード %d)で終わりました。ファイルには編集した内容が残っています。取り込みますか(n: 編集の前のまま。エディタ: %s)",
		       status == -1        ? -1
		       : WIFEXITED(status) ? WEXITSTATUS(status)
					   : 128 + WTERMSIG(status),
		       editor);
	/* Taking it in is the safe answer (Enter); leaving it out throws
	 * away what was typed, and is asked again. */
	return ui_confirm_yes(ui, q) ||
	       !ui_confirm_discard(ui,
				   "エディタで書いて、ファイルに残っている内容");
}

/* What the editor wrote, when it differs from text and is to be taken: the
 * editor ended well; or it did not (vi's :cq, a crash) and the person says
 * so; or the program is ending (taken without asking, kept as a draft). */
static char *
edit_take(struct ui *ui, const struct edit *e, const char *text,
	  const char *editor, int status)
{
	char *got = edit_read(e);
	if (!got) {
		ui_message(ui, true, "エディタ(%s)で編集できませんでした",
			   editor);
		return NULL;
	}
	if (!strcmp(got, text) || !(status == 0 || ui_hung_up(ui) ||
				    confirm_failed_edit(ui, editor, status))) {
		md_free(got);
		return NULL;
	}
	return got;
}

char *
ui_external_edit(struct ui *ui, const char *text,
		 const struct ui_edit_origin *origin)
{
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	struct edit e;
	if (!edit_open(ui, origin, text, &e))
		return NULL;
	struct command cmd;
	if (!command_make(editor, e.path, &cmd)) {
		ui_message(ui, true, "エディタ(%s)を起動できません(%s)", editor,
			   md_strerror(ENOMEM));
		edit_remove(&e);
		return NULL;
	}
	def_prog_mode();
	endwin();
	struct child c;
	int rc = child_start(cmd.argv, &c);
	bool mine = rc != 0 || child_run(ui, &c);
	if (c.fg)
		terminal_to(getpgrp());
	reset_prog_mode();
	refresh();
	char *result = NULL;
	if (rc != 0)
		ui_message(ui, true, "エディタ(%s)を起動できません(%s)", editor,
			   md_strerror(rc));
	else if (mine)
		result = edit_take(ui, &e, text, editor, c.status);
	if (mine)
		edit_remove(&e);
	else
		edit_release(&e);
	command_free(&cmd);
	return result;
}

void
ui_recover_edits(struct ui *ui)
{
	char *root = edits_dir(ui, false);
	DIR *d = root ? opendir(root) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		long long user;
		char form[NAME_MAX_KEY + 1], field[NAME_MAX_KEY + 1];
		struct ui_edit_origin o;
		struct edit e;
		if (!edit_parse(de->d_name, &user, &o, form, field) ||
		    user != ui->user.id || !edit_claim(root, de->d_name, &e))
			continue;
		char *text = edit_read(&e);
		struct md_err err;
		bool changed;
		if (text &&
		    md_draft_put_field(ui->db, &ui->user, ui->forms, o.case_id,
				       o.form, o.seq, o.base_revision, o.field,
				       text, &changed, &err) != MD_OK) {
			/* Kept for another try; the person can find it. */
			ui_message(ui, true,
				   "エディタで編集中だった文章を下書きにできませんでした(%s。%s)",
				   err.msg, e.path);
			edit_release(&e);
		} else {
			edit_remove(&e);
		}
		md_free(text);
	}
	if (d)
		closedir(d);
	md_free(root);
}
