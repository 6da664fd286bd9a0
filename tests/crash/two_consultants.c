/*
 * Two consultants, one file (issue 8): two processes, each a member of
 * staff on its own connection, open the same form of the same case from the
 * same revision and save it at the same moment, round after round. Exactly
 * one save wins each round; the other is refused with MD_ERR_CONFLICT,
 * told who saved and when, and keeps what it typed; the lock the winner
 * holds while it commits is waited out, never shown as "busy"; in the end
 * the form has one revision per win, each the winner's text. Who is told to
 * save first is drawn at random, so each of the two wins and is refused; in
 * one round of four a third connection holds the write lock for a while
 * (as a backup or another counter would), and both saves must wait for it
 * and then go on as in any round. TAP on standard output.
 *
 *   two_consultants --dir DIR [--rounds N] [--seed S]
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dbcheck.h"
#include "madoguchi/auth.h"
#include "madoguchi/cases.h"
#include "madoguchi/db.h"
#include "madoguchi/diag.h"
#include "madoguchi/display.h"
#include "madoguchi/records.h"
#include "madoguchi/workflow.h"

/* The two members of staff. */
static const struct staff {
	const char *login, *name;
} staff[2] = {{"tanaka", "田中 一郎"}, {"sato", "佐藤 二郎"}};

/* The forms they both edit, turn about: a form, and a progress entry
 * (whose save also keeps the words index). */
static const struct target {
	const char *form, *key;
	int seq;
} targets[2] = {{"intake", "complaint", 1}, {"progress", "content", 1}};

/* What a consultant reports after opening, and after saving. */
struct report {
	int base;              /* the revision opened */
	enum md_status opened; /* md_record_open */
	enum md_status status; /* md_record_save */
	bool saved;
	int revision;       /* rec.revision after the save */
	bool kept_text;     /* rec.values still holds what was typed */
	long long ended_us; /* CLOCK_MONOTONIC when md_record_save returned */
	char msg[MD_ERR_MSG_MAX];
};

/* A round in this many has the write lock held by a third connection for
 * LOCK_MIN_US up to LOCK_MAX_US while the two save. */
#define LOCK_EVERY 4
#define LOCK_MIN_US 20000
#define LOCK_MAX_US 150000

static long long
now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* splitmix64: the seed replays who is told to save first. */
static unsigned long long rng_state;

static unsigned long long
rng_next(void)
{
	unsigned long long z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void
bail(const char *what, const char *detail)
{
	printf("Bail out! %s: %s\n", what, detail);
	exit(1);
}

static void
xwrite(int fd, const void *p, size_t n)
{
	if (write(fd, p, n) != (ssize_t)n)
		bail("write", strerror(errno));
}

static bool
xread(int fd, void *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)p + got, n - got);
		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	return true;
}

/* The text consultant who types in round r. */
static void
typed(char *buf, size_t size, int who, int round)
{
	snprintf(buf, size, "%s が第 %d 回に書いた内容 zq%02dr%06d",
		 staff[who].name, round, who, round);
}

/* One consultant: waits for "open", opens, reports the base; waits for
 * "save", saves what it typed, reports how it went. */
static int
consultant(int who, const char *path, const struct md_forms *forms, int go_fd,
	   int report_fd)
{
	struct md_db *db = NULL;
	struct md_user user;
	struct md_err err;
	if (md_db_open(path, 0, &db, &err) != MD_OK ||
	    md_user_get(db, staff[who].login, &user, &err) != MD_OK)
		bail("consultant", err.msg);
	char cmd;
	int round = 0;
	while (xread(go_fd, &cmd, 1) && cmd == 'o') {
		const struct target *t = &targets[round % 2];
		struct report rep;
		struct md_record rec;
		memset(&rep, 0, sizeof rep);
		rep.opened = md_record_open(db, &user, forms, 1, t->form,
					    t->seq, &rec, &err);
		rep.base = rep.opened == MD_OK ? rec.revision : -1;
		if (rep.opened != MD_OK)
			snprintf(rep.msg, sizeof rep.msg, "%s", err.msg);
		xwrite(report_fd, &rep, sizeof rep);
		if (!xread(go_fd, &cmd, 1) || cmd != 's')
			break;
		if (rep.opened == MD_OK) {
			char text[200];
			typed(text, sizeof text, who, round);
			md_values_set(&rec.values, t->key, text, NULL);
			rep.status = md_record_save(db, &user, &rec, 0,
						    &rep.saved, NULL, &err);
			rep.ended_us = now_us();
			rep.revision = rec.revision;
			const char *v = md_values_get(&rec.values, t->key);
			rep.kept_text = v && !strcmp(v, text);
			snprintf(rep.msg, sizeof rep.msg, "%s",
				 rep.status == MD_OK ? "" : err.msg);
			md_record_fini(&rec);
		}
		xwrite(report_fd, &rep, sizeof rep);
		round++;
	}
	md_user_fini(&user);
	md_db_close(&db);
	return 0;
}

/* A database with the two consultants and one case whose two forms have a
 * first revision. */
static void
setup(const char *path, const struct md_forms *forms)
{
	struct md_db *db = NULL;
	struct md_err err;
	struct md_user admin, u;
	long long case_id = 0;
	if (md_db_open(path, MD_DB_CREATE | MD_DB_MKDIR, &db, &err) != MD_OK ||
	    md_user_add(db, NULL, "kanri", "管理 花子", MD_ROLE_ADMIN,
			"kanri-pass1", NULL, &err) != MD_OK ||
	    md_user_get(db, "kanri", &admin, &err) != MD_OK)
		bail("setup", err.msg);
	for (int i = 0; i < 2; i++)
		if (md_user_add(db, &admin, staff[i].login, staff[i].name,
				MD_ROLE_CONSULTANT, "password-1", NULL,
				&err) != MD_OK)
			bail("setup", err.msg);
	if (md_user_get(db, staff[0].login, &u, &err) != MD_OK)
		bail("setup", err.msg);
	/* The case opened as the program opens one: with its first event. */
	struct md_workflow *wf = NULL;
	struct md_diags diags;
	md_diags_init(&diags);
	if (md_workflow_load(TOP_DIR "/forms/workflow.ini", forms, &wf, &diags,
			     &err) != MD_OK)
		bail("workflow", err.msg);
	md_diags_fini(&diags);
	struct md_values fields, faults;
	md_values_init(&fields);
	md_values_init(&faults);
	md_values_set(&fields, "name", "鈴木 一郎", NULL);
	md_values_set(&fields, "kana", "すずき いちろう", NULL);
	if (md_workflow_open_case(db, &u, wf, forms, 0, &fields, &case_id,
				  &faults, &err) != MD_OK)
		bail("setup", err.msg);
	md_workflow_free(&wf);
	for (int t = 0; t < 2; t++) {
		struct md_record rec;
		bool saved;
		if (md_record_open(db, &u, forms, case_id, targets[t].form,
				   MD_SEQ_NEW, &rec, &err) != MD_OK)
			bail("setup", err.msg);
		md_values_set(&rec.values, targets[t].key, "最初の内容", NULL);
		if (md_record_save(db, &u, &rec, 0, &saved, NULL, &err) !=
		    MD_OK)
			bail("setup", err.msg);
		md_record_fini(&rec);
	}
	md_values_fini(&fields);
	md_values_fini(&faults);
	md_user_fini(&u);
	md_user_fini(&admin);
	md_db_close(&db);
}

/* The time and the saver's name of a revision, as the refusal must give
 * them. */
static bool
revision_by(struct dbcheck *c, const struct target *t, int revision, char *at,
	    size_t atsize, char *name, size_t namesize, char *text,
	    size_t textsize)
{
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(c->h,
			   "SELECT r.at, u.display_name, json_extract(r.data, '$.' || ?4)"
			   " FROM form_revisions r JOIN form_records f ON f.id = r.record_id"
			   " JOIN users u ON u.id = r.user_id"
			   " WHERE f.case_id = 1 AND f.form = ?1 AND f.seq = ?2"
			   " AND r.revision = ?3",
			   -1, &st, NULL);
	sqlite3_bind_text(st, 1, t->form, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, t->seq);
	sqlite3_bind_int(st, 3, revision);
	sqlite3_bind_text(st, 4, t->key, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		snprintf(at, atsize, "%s",
			 (const char *)sqlite3_column_text(st, 0));
		snprintf(name, namesize, "%s",
			 (const char *)sqlite3_column_text(st, 1));
		const char *v = (const char *)sqlite3_column_text(st, 2);
		snprintf(text, textsize, "%s", v ? v : "");
	}
	sqlite3_finalize(st);
	return found;
}

/* Check one round: rep[0] and rep[1] are the two reports after saving.
 * *saves counts the saves said done (whatever the round), *both the rounds
 * where both were (one overwrote the other unawares). */
static void
judge(struct dbcheck *c, int round, const struct report rep[2], int base,
      int *wins, int won[2], int *saves, int *both, int *busy)
{
	const struct target *t = &targets[round % 2];
	int ok = 0, conflicts = 0, winner = -1;
	for (int i = 0; i < 2; i++) {
		if (rep[i].status == MD_ERR_BUSY)
			(*busy)++;
		if (rep[i].status == MD_OK && rep[i].saved) {
			ok++;
			winner = i;
		} else if (rep[i].status == MD_ERR_CONFLICT) {
			conflicts++;
		} else {
			dbcheck_fault(c, "round %d: %s got %s: %s", round,
				      staff[i].login,
				      md_status_name(rep[i].status),
				      rep[i].msg);
		}
	}
	*saves += ok;
	if (ok == 2)
		(*both)++;
	if (ok != 1 || conflicts != 1) {
		dbcheck_fault(c,
			      "round %d: %d saves and %d refusals, expected one of each",
			      round, ok, conflicts);
		return;
	}
	(*wins)++;
	won[winner]++;
	int loser = 1 - winner;
	char at[64], name[128], text[256], mine[256];
	if (rep[winner].revision != base + 1)
		dbcheck_fault(c,
			      "round %d: the winner is at revision %d, expected %d",
			      round, rep[winner].revision, base + 1);
	if (!revision_by(c, t, base + 1, at, sizeof at, name, sizeof name, text,
			 sizeof text)) {
		dbcheck_fault(c, "round %d: revision %d of %s is not there",
			      round, base + 1, t->form);
		return;
	}
	typed(mine, sizeof mine, winner, round);
	if (strcmp(name, staff[winner].name) || strcmp(text, mine))
		dbcheck_fault(c,
			      "round %d: revision %d is %s's «%s», expected %s's",
			      round, base + 1, name, text, staff[winner].name);
	/* The refused one is told who saved and when (in 和暦), and keeps the
	 * text. */
	char rev[32], when_buf[MD_DISPLAY_WHEN_SIZE];
	const char *when = md_display_when(at, MD_DATE_LONG, when_buf);
	snprintf(rev, sizeof rev, "版 %d", base + 1);
	if (!strstr(rep[loser].msg, staff[winner].name) ||
	    !strstr(rep[loser].msg, when) || !strstr(rep[loser].msg, rev))
		dbcheck_fault(c,
			      "round %d: the refusal does not say %s saved %s at %s: «%s»",
			      round, staff[winner].name, rev, when,
			      rep[loser].msg);
	if (!rep[loser].kept_text || rep[loser].revision != base)
		dbcheck_fault(c,
			      "round %d: the refused one lost its text or base"
			      " (revision %d, text kept %d)",
			      round, rep[loser].revision, rep[loser].kept_text);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dir", required_argument, NULL, 'D'},
		{"rounds", required_argument, NULL, 'r'},
		{"seed", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	int rounds = 100, opt;
	unsigned long long seed = (unsigned long long)time(NULL) ^
				  ((unsigned long long)getpid() << 20);
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'D')
			dir = optarg;
		else if (opt == 'r')
			rounds = atoi(optarg);
		else if (opt == 's')
			seed = strtoull(optarg, NULL, 10);
		else
			return 2;
	}
	if (!dir || rounds < 2) {
		fprintf(stderr, "usage: two_consultants --dir DIR [--rounds N]"
				" [--seed S]\n");
		return 2;
	}
	rng_state = seed;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	char path[4096];
	snprintf(path, sizeof path, "%s/two.db", dir);
	struct md_forms *forms = dbcheck_forms();
	setup(path, forms);

	int go[2][2], back[2][2];
	pid_t pid[2];
	for (int i = 0; i < 2; i++) {
		if (pipe(go[i]) || pipe(back[i]))
			bail("pipe", strerror(errno));
		pid[i] = fork();
		if (pid[i] < 0)
			bail("fork", strerror(errno));
		if (pid[i] == 0) {
			/* Only its own ends: a write end of the other's pipe
			 * kept open here would keep it waiting at the end. */
			for (int j = 0; j < i; j++) {
				close(go[j][1]);
				close(back[j][0]);
			}
			close(go[i][1]);
			close(back[i][0]);
			_exit(consultant(i, path, forms, go[i][0], back[i][1]));
		}
		close(go[i][0]);
		close(back[i][1]);
	}
	printf("# seed %llu (--seed replays who saves first and the locks)\n",
	       seed);
	printf("1..5\n");
	struct dbcheck c;
	if (!dbcheck_open(&c, path, forms))
		bail("open", md_buf_str(&c.faults));
	int wins[2] = {0, 0}, won[2] = {0, 0}, saves[2] = {0, 0}, both = 0;
	int busy = 0, clean = 0, round;
	int locked = 0, waited = 0;
	int start[2];
	struct md_values v;
	md_values_init(&v);
	for (int t = 0; t < 2; t++)
		dbcheck_values(&c, 1, targets[t].form, targets[t].seq, 0, &v,
			       &start[t]);
	md_values_fini(&v);
	for (round = 0; round < rounds; round++) {
		struct report rep[2];
		for (int i = 0; i < 2; i++)
			xwrite(go[i][1], "o", 1);
		for (int i = 0; i < 2; i++)
			if (!xread(back[i][0], &rep[i], sizeof rep[i]))
				bail("consultant", "ended");
		int base = rep[0].base;
		if (rep[0].opened != MD_OK || rep[1].opened != MD_OK ||
		    rep[1].base != base)
			dbcheck_fault(&c,
				      "round %d: opened %s/%s at revisions %d and %d: %s %s",
				      round, md_status_name(rep[0].opened),
				      md_status_name(rep[1].opened),
				      rep[0].base, rep[1].base, rep[0].msg,
				      rep[1].msg);
		/* Now and then someone else holds the write lock first. */
		unsigned long long r = rng_next();
		bool lock = r % LOCK_EVERY == 0;
		long long released = 0;
		if (lock) {
			int src = sqlite3_exec(c.h, "BEGIN IMMEDIATE", NULL,
					       NULL, NULL);
			if (src != SQLITE_OK)
				bail("BEGIN IMMEDIATE", sqlite3_errmsg(c.h));
		}
		/* Both have read the same revision: now both save, in an
		 * order drawn at random. */
		int lead = (int)(r >> 8) & 1;
		xwrite(go[lead][1], "s", 1);
		xwrite(go[1 - lead][1], "s", 1);
		if (lock) {
			struct timespec ts = {0,
					      1000 * (LOCK_MIN_US +
						      (long)((r >> 16) %
							     (LOCK_MAX_US -
							      LOCK_MIN_US)))};
			nanosleep(&ts, NULL);
			released = now_us();
			int src = sqlite3_exec(c.h, "COMMIT", NULL, NULL, NULL);
			if (src != SQLITE_OK)
				bail("COMMIT", sqlite3_errmsg(c.h));
		}
		for (int i = 0; i < 2; i++)
			if (!xread(back[i][0], &rep[i], sizeof rep[i]))
				bail("consultant", "ended");
		int before = c.nfaults;
		judge(&c, round, rep, base, &wins[round % 2], won,
		      &saves[round % 2], &both, &busy);
		if (lock) {
			locked++;
			/* Neither got past the lock before it went. */
			bool held = true;
			for (int i = 0; i < 2; i++)
				if (rep[i].ended_us < released) {
					held = false;
					dbcheck_fault(&c,
						      "round %d: %s's save ended %lld µs"
						      " before the lock was released",
						      round, staff[i].login,
						      released -
							      rep[i].ended_us);
				}
			waited += held;
		}
		clean += c.nfaults == before;
		if (c.nfaults > 20)
			break;
	}
	rounds = round;
	for (int i = 0; i < 2; i++)
		close(go[i][1]);
	for (int i = 0; i < 2; i++)
		waitpid(pid[i], NULL, 0);
	int first = c.nfaults;
	printf("%s 1 - %d rounds: each time exactly one of two saves from the same"
	       " revision won, the other was refused (MD_ERR_CONFLICT)\n",
	       first ? "not ok" : "ok", rounds);
	dbcheck_print(&c);
	printf("%s 2 - the lock held while the other commits was waited out:"
	       " %d MD_ERR_BUSY; in %d rounds a third connection held it first,"
	       " and both saves waited for it %d times\n",
	       busy || waited != locked ? "not ok" : "ok", busy, locked,
	       waited);
	/* Silent overwrites: rounds where both saves went through (the
	 * second replaced the first's text, neither told), and revisions
	 * that no save said it made. A revision for each win, and no more. */
	int silent = both, made = 0;
	for (int t = 0; t < 2; t++) {
		int latest = 0;
		md_values_init(&v);
		dbcheck_values(&c, 1, targets[t].form, targets[t].seq, 0, &v,
			       &latest);
		md_values_fini(&v);
		made += latest - start[t];
		if (latest - start[t] > saves[t])
			silent += latest - start[t] - saves[t];
		if (latest != start[t] + wins[t])
			printf("#   %s is at revision %d: %d wins and %d saves said done"
			       " from revision %d\n",
			       targets[t].form, latest, wins[t], saves[t],
			       start[t]);
	}
	printf("%s 3 - revisions made %d = wins %d: %d silent overwrites\n",
	       silent || made != wins[0] + wins[1] ? "not ok" : "ok", made,
	       wins[0] + wins[1], silent);
	md_buf_reset(&c.faults);
	c.nfaults = 0;
	dbcheck_all(&c);
	printf("%s 4 - the database passes every check afterwards\n",
	       c.nfaults ? "not ok" : "ok");
	dbcheck_print(&c);
	/* Each has won and each has been refused (and so told the other's
	 * name), unless the rounds are too few for the draw to say. */
	bool each = rounds < 20 || (won[0] > 0 && won[1] > 0);
	printf("%s 5 - each consultant both won and was refused:"
	       " %s won %d, %s won %d\n",
	       each ? "ok" : "not ok", staff[0].login, won[0], staff[1].login,
	       won[1]);
	printf("# conflict rounds %d, wins %d (%s %d, %s %d), rounds with every"
	       " check passed %d, rounds with the lock held by a third %d,"
	       " silent overwrites %d, busy %d, seed %llu\n",
	       rounds, wins[0] + wins[1], staff[0].login, won[0],
	       staff[1].login, won[1], clean, locked, silent, busy, seed);
	bool failed = first || busy || silent || made != wins[0] + wins[1] ||
		      c.nfaults || !each || waited != locked;
	dbcheck_close(&c);
	md_forms_free(&forms);
	return failed;
}
