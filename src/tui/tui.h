/* The screens: entry point of the interactive client. */
#ifndef MADOGUCHI_TUI_H
#define MADOGUCHI_TUI_H

/*
 * Open the screens on the database (db_path, else the configuration's, else
 * the default), with the configuration at config_path (NULL: the usual
 * places). Returns the process exit status.
 */
int tui_run(const char *config_path, const char *db_path);

#endif
