/* Fuzz target: the configuration loader (config.h), the input being the
 * system configuration and then the file given with -c; whatever it holds,
 * every value stays within its bounds. */
#include "fuzz.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/config.h"
#include "madoguchi/ini.h"
#include "madoguchi/mem.h"

static char *config_file, *no_file;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	config_file = fz_path("madoguchi.ini");
	no_file = fz_path("none.ini");
	/* No user file but the input: the XDG folder has none. */
	char *xdg = fz_path("xdg");
	setenv("XDG_CONFIG_HOME", xdg, 1);
	free(xdg);
	return 0;
}

/* The values of cfg are each a value its key allows. */
static void
config_check(const struct md_config *cfg)
{
	int nkeys;
	const struct md_config_key *keys = md_config_keys(&nkeys);
	const int *ints[] = {
		&cfg->security_idle_lock_minutes,
		&cfg->security_max_failed_logins,
		&cfg->security_lockout_minutes,
		&cfg->display_ambiguous_width,
		&cfg->drafts_autosave_seconds,
	};
	const char *names[] = {
		"idle_lock_minutes", "max_failed_logins", "lockout_minutes",
		"ambiguous_width",   "autosave_seconds",
	};
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		const struct md_config_key *k = NULL;
		for (int j = 0; j < nkeys && !k; j++)
			if (!strcmp(keys[j].key, names[i]))
				k = &keys[j];
		FZ_ASSERT(k, "no key %s", names[i]);
		FZ_ASSERT(*ints[i] >= k->min && *ints[i] <= k->max,
			  "%s = %d, outside %d..%d", names[i], *ints[i], k->min,
			  k->max);
	}
	FZ_ASSERT(cfg->export_encoding == MD_CSV_UTF8_BOM ||
			  cfg->export_encoding == MD_CSV_UTF8 ||
			  cfg->export_encoding == MD_CSV_CP932,
		  "encoding %d", cfg->export_encoding);
	const char *texts[] = {cfg->database_path, cfg->office_name,
			       cfg->office_head_title, cfg->export_dir};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		FZ_ASSERT(fz_utf8(texts[i]), "text value %zu", i);
	for (int i = 0; i < nkeys; i++) {
		char *v = md_config_format(cfg, i);
		FZ_ASSERT(v && fz_utf8(v), "%s.%s formats as nothing",
			  keys[i].section, keys[i].key);
		md_free(v);
	}
}

/* Load the input as the system file (system) or as -c FILE. */
static void
config_try(bool system, size_t size)
{
	struct md_config cfg;
	struct md_err err;
	md_err_clear(&err);
	setenv("MADOGUCHI_SYSCONFIG", system ? config_file : no_file, 1);
	enum md_status rc = md_config_load(system ? NULL : config_file, &cfg,
					   &err);
	FZ_ASSERT(rc == MD_OK || rc == MD_ERR_CONFIG ||
			  (rc == MD_ERR_IO && size > MD_INI_MAX_BYTES),
		  "status %d: %s", rc, err.msg);
	FZ_ASSERT(rc == MD_OK || (*err.msg && fz_utf8(err.msg)),
		  "the message is not text: %s", err.msg);
	const char *read = system ? cfg.system_source : cfg.user_source;
	FZ_ASSERT(read && !strcmp(read, config_file),
		  "the file read is not named");
	config_check(&cfg);
	md_config_fini(&cfg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_write(config_file, data, size);
	config_try(true, size);
	config_try(false, size);
	return 0;
}
