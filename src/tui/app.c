/* The screens' main loop: terminal set-up, the first screen, and quitting. */
#include "tui.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "madoguchi/config.h"
#include "madoguchi/db.h"
#include "madoguchi/mem.h"
#include "madoguchi/paths.h"

static void
app_draw(const char *office, const char *path)
{
	erase();
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	attron(A_REVERSE);
	mvhline(0, 0, ' ', cols);
	mvprintw(0, 1, "窓口 madoguchi  %s", office);
	attroff(A_REVERSE);
	mvprintw(2, 2, "データベース: %s", path);
	mvprintw(3, 2, "ユーザー: (未ログイン)");
	attron(A_REVERSE);
	mvhline(rows - 1, 0, ' ', cols);
	mvprintw(rows - 1, 1, "F10 終了");
	attroff(A_REVERSE);
	refresh();
}

int
tui_run(const char *config_path, const char *db_path)
{
	struct md_config cfg;
	struct md_err err;
	struct md_db *db = NULL;
	if (md_config_load(config_path, &cfg, &err) != MD_OK) {
		fprintf(stderr, "madoguchi: %s\n", err.msg);
		md_config_fini(&cfg);
		return 1;
	}
	unsigned flags = MD_DB_CREATE;
	char *path = NULL;
	if (db_path)
		path = md_strdup(db_path);
	else if (cfg.database_path[0])
		path = md_strdup(cfg.database_path);
	else {
		path = md_path_default_db(&err);
		flags |= MD_DB_MKDIR;
	}
	if (!path || md_db_open(path, flags, &db, &err) != MD_OK) {
		fprintf(stderr, "madoguchi: %s\n", err.msg);
		md_free(path);
		md_config_fini(&cfg);
		return 1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "madoguchi: 端末ではないため画面を開けません\n");
		md_db_close(&db);
		md_free(path);
		md_config_fini(&cfg);
		return 2;
	}
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	app_draw(cfg.office_name, path);
	for (;;) {
		int ch = getch();
		if (ch == KEY_F(10))
			break;
		if (ch == KEY_RESIZE || ch == 12)
			app_draw(cfg.office_name, path);
	}
	endwin();
	md_db_close(&db);
	md_free(path);
	md_config_fini(&cfg);
	return 0;
}
