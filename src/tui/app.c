/* The screens' main loop: terminal set-up, the screen stack, reading keys
 * (with ticks, the idle lock and resizing), and the frame around screens. */
#include "tui.h"
#include "trace.h"
#include "ui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "madoguchi/entries.h"
#include "madoguchi/export.h"
#include "madoguchi/hooks.h"
#include "madoguchi/households.h"
#include "madoguchi/counts.h"
#include "madoguchi/meetings.h"
#include "madoguchi/mem.h"
#include "madoguchi/paths.h"
#include "madoguchi/text.h"
#include "../cli/cli.h" /* cli_error, cli_fail: messages before the screen */

void
ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	md_text_vformat(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_error = error;
}

void
ui_error(struct ui *ui, const struct md_err *err)
{
	/* One line: several faults are joined. */
	char msg[sizeof ui->message];
	md_text_format(msg, sizeof msg, "%s", err->msg);
	for (char *p = msg; *p; p++)
		if (*p == '\n')
			*p = ' ';
	ui_message(ui, true, "%s", msg);
}

void
ui_faults(struct ui *ui, const struct md_values *faults,
	  const struct md_err *err)
{
	if (!faults || !faults->n) {
		ui_error(ui, err);
		return;
	}
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < faults->n; i++)
		md_buf_addf(&b, "%s%s", i ? " " : "", faults->items[i].value);
	ui_message(ui, true, "%s", md_buf_ok(&b) ? md_buf_str(&b) : err->msg);
	md_buf_fini(&b);
}

bool
ui_again(struct ui *ui, enum md_status rc, const struct md_values *faults,
	 const struct md_err *err)
{
	if (rc == MD_OK)
		return false;
	ui_faults(ui, faults, err);
	return ui_may_retry(rc);
}

bool
ui_may_retry(enum md_status rc)
{
	return rc == MD_ERR_INVALID || rc == MD_ERR_BUSY || rc == MD_ERR_FULL ||
	       rc == MD_ERR_READONLY || rc == MD_ERR_IO;
}

char *
ui_export_path(struct ui *ui, const char *name)
{
	struct md_err err;
	char *path = md_path_output(ui->cfg.export_dir, name, &err);
	if (!path)
		ui_error(ui, &err);
	return path;
}

char *
ui_export_form_path(struct ui *ui, long long case_id,
		    const struct md_form *form)
{
	char *name = md_export_file_name(case_id, form);
	char *path = name ? ui_export_path(ui, name) : NULL;
	md_free(name);
	return path;
}

void
ui_push(struct ui *ui, const struct screen_ops *ops, void *state)
{
	struct screen *s = md_calloc(1, sizeof *s);
	if (!s)
		return;
	s->ops = ops;
	s->state = state;
	s->below = ui->top;
	ui->top = s;
}

static void
ui_pop(struct ui *ui)
{
	struct screen *s = ui->top;
	if (!s)
		return;
	ui->top = s->below;
	if (s->ops->close)
		s->ops->close(ui, s);
	md_free(s);
}

static time_t
monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static bool
too_small(const struct ui *ui)
{
	return ui->rows < 24 || ui->cols < 80;
}

static void
draw_frame(struct ui *ui)
{
	int rows = ui->rows, cols = ui->cols;
	/* Title bar: the office, the user, where you are. */
	attron(A_REVERSE);
	move(0, 0);
	for (int x = 0; x < cols; x++)
		addch(' ');
	char title[512];
	md_text_format(title, sizeof title, " 窓口 madoguchi  %s  %s%s%s  %s",
		       ui->cfg.office_name,
		       ui->logged_in ? ui->user.display_name : "(未ログイン)",
		       ui->logged_in ? "・" : "",
		       ui->logged_in ? md_role_label(ui->user.role) : "",
		       ui->top ? ui->top->ops->title : "");
	ui_put(ui, 0, 0, title, cols);
	attroff(A_REVERSE);

	/* Message line. A message too long for it takes the line above too
	 * (a screen's help line): what went wrong is read whole. */
	move(rows - 2, 0);
	clrtoeol();
	if (ui->message[0]) {
		if (ui->message_error)
			attron(A_BOLD | (ui->colors ? COLOR_PAIR(1) : 0));
		if (ui_width(ui, ui->message) > cols - 2) {
			move(rows - 3, 0);
			clrtoeol();
			ui_put_lines(ui, rows - 3, 1, ui->message, cols - 2, 2);
		} else {
			ui_put(ui, rows - 2, 1, ui->message, cols - 2);
		}
		if (ui->message_error)
			attroff(A_BOLD | (ui->colors ? COLOR_PAIR(1) : 0));
	}

	/* Key bar: the top screen's actions. */
	ui_keybar(ui, rows - 1, ui->top ? ui->top->ops->actions : NULL);
}

void
ui_draw(struct ui *ui)
{
	getmaxyx(stdscr, ui->rows, ui->cols);
	erase();
	if (ui->switch_user) {
		refresh();
		return;
	}
	/* The lock owns the whole screen: nothing it hides is drawn. */
	if (ui->lock) {
		lock_draw(ui);
		refresh();
		return;
	}
	if (too_small(ui)) {
		/* Keys still go to the screen and drafts are still kept
		 * (ui_getkey): only the drawing waits for the size. */
		char msg[160];
		md_text_format(msg, sizeof msg,
			       "端末を 80×24 以上にしてください(いま %d×%d)",
			       ui->cols, ui->rows);
		ui_put(ui, 0, 0, msg, ui->cols);
		ui_put(ui, 1, 0, "入力は受け付けています。下書きも保存します。",
		       ui->cols);
		refresh();
		return;
	}
	/* A screen that edits shows the cursor and leaves it in place. */
	curs_set(0);
	if (ui->top && ui->top->ops->draw)
		ui->top->ops->draw(ui, ui->top);
	int cy, cx;
	getyx(stdscr, cy, cx);
	draw_frame(ui);
	move(cy, cx);
	refresh();
	trace_drawn(ui->top ? ui->top->ops->title : "");
}

/* Set by SIGHUP (the terminal window closed, the connection lost) and
 * SIGTERM (the workstation shutting down): what is typed is kept as a
 * draft and the program ends, at the next key wait. */
static volatile sig_atomic_t hangup;

static void
on_hangup(int sig)
{
	(void)sig;
	hangup = 1;
}

/* Catch them before initscr, which then leaves them alone; without
 * SA_RESTART, so that a wait for a key returns at once. */
static void
catch_hangup(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Every screen keeps what is typed in it (a form: its draft). */
static void
keep_all(struct ui *ui)
{
	for (struct screen *s = ui->top; s; s = s->below)
		if (s->ops->keep)
			s->ops->keep(ui, s);
}

bool
ui_hung_up(struct ui *ui)
{
	if (!hangup)
		return false;
	if (!ui->quit) {
		ui->quit = true;
		keep_all(ui);
	}
	return true;
}

/* Seconds without a key before the lock: the configuration's minutes, or
 * in a test build the IDLE_SECONDS hook (tests cannot wait minutes). */
static long
idle_seconds(const struct ui *ui)
{
#ifdef MD_TEST_HOOKS
	const char *hook = md_test_hook(MD_HOOK_IDLE_SECONDS);
	if (hook)
		return atol(hook);
#endif
	return (long)ui->cfg.security_idle_lock_minutes * 60;
}

/* Whether a key is waiting to be read (md_db_interrupt_when). */
static bool
key_waiting(void *ctx)
{
	struct ui *ui = ctx;
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if (poll(&p, 1, 0) > 0 && (p.revents & POLLIN))
		ui->interrupted = true;
	return ui->interrupted;
}

void
ui_interruptible(struct ui *ui, bool on)
{
	if (on)
		ui->interrupted = false;
	md_db_interrupt_when(ui->db, on ? key_waiting : NULL, ui);
}

double
ui_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	       (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

bool
ui_lock_due(const struct ui *ui)
{
	long idle = idle_seconds(ui);
	return ui->logged_in && !ui->lock && idle > 0 &&
	       monotonic() - ui->last_key >= idle;
}

void
ui_lock_idle(struct ui *ui)
{
	keep_all(ui);
	ui_lock(ui);
	ui->last_key = monotonic();
}

void
ui_keys_seen(struct ui *ui, long seconds_ago)
{
	time_t at = monotonic() - (seconds_ago > 0 ? seconds_ago : 0);
	if (at > ui->last_key)
		ui->last_key = at;
}

bool
ui_getkey(struct ui *ui, struct ui_key *k)
{
	for (;;) {
		if (ui_hung_up(ui))
			return false;
		wint_t c;
		int r = get_wch(&c);
		time_t now = monotonic();
		if (r == ERR) {
			if (ui_hung_up(ui))
				return false;
			if (ui_lock_due(ui)) {
				ui_lock_idle(ui);
				/* Another user: every screen of the first must go
				 * before anything is drawn again. */
				if (ui->quit || ui->switch_user)
					return false;
				ui_draw(ui);
				continue;
			}
			/* The screens behind the lock do nothing meanwhile;
			 * a window too small changes nothing (the draft is
			 * kept by the clock as ever). */
			if (!ui->lock && ui->top && ui->top->ops->tick) {
				struct trace_frame f;
				trace_begin(&f);
				ui->top->ops->tick(ui, ui->top);
				const char *t = ui->top ? ui->top->ops->title
							: "";
				trace_end(&f, "tick", t, t);
			}
			continue;
		}
		ui->last_key = now;
		if (r == KEY_CODE_YES && c == KEY_RESIZE && !ui->lock) {
			ui_draw(ui);
			continue;
		}
		if (r == KEY_CODE_YES && c == KEY_RESIZE) {
			/* At the lock: its dialogs draw themselves again. */
			getmaxyx(stdscr, ui->rows, ui->cols);
			k->ch = c;
			k->fkey = true;
			return true;
		}
		/* Read whatever the size: a window made too small while
		 * typing loses nothing typed. */
		k->ch = c;
		k->fkey = r == KEY_CODE_YES;
		ui_key_alias(k);
		return true;
	}
}

/* The database file was moved or deleted while open (saves are refused
 * then: md_db_begin); once a database is back at its path, go on with it. */
static bool
reconnect_if_back(struct ui *ui)
{
	if (!md_db_moved(ui->db) || access(md_db_path(ui->db), F_OK) != 0)
		return false;
	struct md_err err;
	if (md_db_reconnect(ui->db, &err) == MD_OK)
		ui_message(ui, false, "データベースを開き直しました: %s",
			   md_db_path(ui->db));
	else
		ui_error(ui, &err);
	return true;
}

/* Leave every screen (asking where something is unsaved); false if one
 * of them wants to stay. */
static bool
leave_all(struct ui *ui)
{
	for (struct screen *s = ui->top; s; s = s->below)
		if (s->ops->leave && !s->ops->leave(ui, s))
			return false;
	return true;
}

static void
run(struct ui *ui)
{
	ui_draw(ui);
	struct ui_key k;
	while (!ui->quit && ui->top) {
		if (ui->switch_user) {
			/* Another member of staff logged in at the lock (while
			 * waiting for a key, or over an editor): the first
			 * one's screens close (their drafts were kept), and
			 * the new one starts at their home. */
			while (ui->top)
				ui_pop(ui);
			ui->switch_user = false;
			home_open(ui);
			ui_draw(ui);
			continue;
		}
		bool got = ui_getkey(ui, &k);
		if (ui->switch_user)
			continue;
		if (!got)
			break;
		/* Its message stays unless the key gives one of its own. */
		bool reopened = reconnect_if_back(ui);
		struct trace_frame frame;
		trace_begin(&frame);
		const char *where = ui->top->ops->title;
		enum ui_action a = ui_key_action(&k, NULL);
		unsigned r;
		if (a == ACT_REDRAW) {
			clearok(curscr, TRUE);
			r = UI_REDRAW;
		} else if (a == ACT_HELP) {
			help_show(ui, ui->top);
			r = UI_REDRAW;
		} else {
			if (!reopened)
				ui->message[0] = '\0';
			r = ui->top->ops->key(ui, ui->top, &k);
		}
		if (ui->switch_user)
			continue;
		if (r & UI_QUIT) {
			if (leave_all(ui))
				ui->quit = true;
		} else if (r & UI_CLOSE) {
			if (!ui->top->ops->leave ||
			    ui->top->ops->leave(ui, ui->top)) {
				ui_pop(ui);
				/* What lies below may have changed: reload it. */
				if (ui->top && ui->top->ops->key) {
					struct ui_key f5 = {KEY_F(5), true};
					char keep[sizeof ui->message];
					memcpy(keep, ui->message, sizeof keep);
					bool err = ui->message_error;
					ui->top->ops->key(ui, ui->top, &f5);
					memcpy(ui->message, keep, sizeof keep);
					ui->message_error = err;
				}
			}
		}
		ui_draw(ui);
		trace_end(&frame, "key", where,
			  ui->top ? ui->top->ops->title : "");
	}
	while (ui->top)
		ui_pop(ui);
}

/* A UTF-8 locale for wide characters; C.UTF-8 when the user's is not. */
static bool
utf8_locale(void)
{
	setlocale(LC_ALL, "");
	const char *cs = nl_langinfo(CODESET);
	if (cs && !strcmp(cs, "UTF-8"))
		return true;
	setlocale(LC_ALL, "C.UTF-8");
	return false;
}

/* Before the screen: build the full-text index of entries when the
 * database has none yet or the forms now define an entry's text
 * differently. Searching works without it, finding less, so a failure
 * (a read-only file) is a warning. */
static void
sync_entries(struct ui *ui)
{
	struct md_err err;
	bool synced;
	enum md_status rc = md_entries_synced(ui->db, ui->forms, &synced, &err);
	if (rc == MD_OK && !synced) {
		cli_error("支援経過の検索索引を作っています…");
		rc = md_entries_rebuild(ui->db, ui->forms, &err);
	}
	if (rc != MD_OK)
		cli_error("警告: %s", err.msg);
}

int
tui_run(const char *config_path, const char *db_path)
{
	struct ui ui;
	struct md_err err;
	memset(&ui, 0, sizeof ui);
	trace_init();
	bool utf8 = utf8_locale();
	if (md_config_load(config_path, &ui.cfg, &err) != MD_OK) {
		cli_fail(&err);
		md_config_fini(&ui.cfg);
		return 1;
	}
	if (ui.cfg.warning)
		cli_error("警告: %s", ui.cfg.warning);
	unsigned flags = MD_DB_CREATE;
	if (db_path)
		ui.db_path = md_strdup(db_path);
	else if (ui.cfg.database_path[0])
		ui.db_path = md_strdup(ui.cfg.database_path);
	else {
		ui.db_path = md_path_default_db(&err);
		flags |= MD_DB_MKDIR;
	}
	int status = 1;
	struct md_diags diags;
	md_diags_init(&diags);
	char *forms_dir = NULL, *wf_path = NULL, *contacts_path = NULL,
	     *households_path = NULL, *meetings_path = NULL,
	     *counts_path = NULL;
	if (!ui.db_path ||
	    md_db_open(ui.db_path, flags, &ui.db, &err) != MD_OK ||
	    !(forms_dir = md_path_shipped("forms", &err)) ||
	    !(wf_path = md_path_shipped("forms/workflow.ini", &err)) ||
	    md_forms_load(forms_dir, &ui.forms, &diags, &err) != MD_OK ||
	    md_workflow_load(wf_path, ui.forms, &ui.wf, &diags, &err) !=
		    MD_OK ||
	    !(contacts_path = md_path_shipped("forms/contacts.ini", &err)) ||
	    md_contact_defs_load(contacts_path, ui.forms, &ui.contacts, &diags,
				 &err) != MD_OK ||
	    !(households_path = md_path_shipped("forms/households.ini",
						&err)) ||
	    md_household_defs_load(households_path, ui.forms, &ui.households,
				   &diags, &err) != MD_OK ||
	    !(meetings_path = md_path_shipped("forms/meetings.ini", &err)) ||
	    md_meeting_defs_load(meetings_path, &ui.meetings, &diags, &err) !=
		    MD_OK ||
	    !(counts_path = md_path_shipped("forms/counts.ini", &err)) ||
	    md_count_defs_load(counts_path,
			       &(const struct md_count_sources){.forms = ui.forms,
								.wf = ui.wf,
								.contacts =
									ui.contacts,
								.households =
									ui.households,
								.meetings =
									ui.meetings},
			       &ui.counts, &diags, &err) != MD_OK) {
		for (size_t i = 0; i < diags.n; i++)
			cli_error("%s", diags.msgs[i]);
		cli_fail(&err);
		goto out;
	}
	if (md_db_warning(ui.db))
		cli_error("警告: %s", md_db_warning(ui.db));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("端末ではないため画面を開けません");
		status = 2;
		goto out;
	}
	sync_entries(&ui);
	catch_hangup();
	set_escdelay(25);
	initscr();
	raw(); /* Ctrl-S and Ctrl-C reach the program */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(250);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_RED, -1);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_YELLOW, -1);
		ui.colors = true;
	}
	getmaxyx(stdscr, ui.rows, ui.cols);
	ui.last_key = monotonic();
	if (!utf8)
		ui_message(&ui, true,
			   "この端末のロケールは UTF-8 ではないため、C.UTF-8 で表示しています");
	if (login_open(&ui))
		run(&ui);
	/* A terminal without an alternate screen (the Linux console, vt100)
	 * keeps what was drawn after the program ends: wipe it first, so
	 * the next person at a shared workstation sees no one's case. */
	erase();
	refresh();
	endwin();
	status = 0;
out:
	md_diags_fini(&diags);
	md_free(forms_dir);
	md_free(wf_path);
	md_free(contacts_path);
	md_free(households_path);
	md_free(meetings_path);
	md_free(counts_path);
	md_count_defs_free(&ui.counts);
	md_contact_defs_free(&ui.contacts);
	md_household_defs_free(&ui.households);
	md_meeting_defs_free(&ui.meetings);
	if (ui.logged_in)
		md_user_fini(&ui.user);
	md_workflow_free(&ui.wf);
	md_forms_free(&ui.forms);
	md_db_close(&ui.db);
	md_free(ui.db_path);
	md_config_fini(&ui.cfg);
	trace_fini();
	return status;
}
