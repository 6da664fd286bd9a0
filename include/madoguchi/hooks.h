/* Test hooks: settings that only a test build reads from the environment. */
#ifndef MADOGUCHI_HOOKS_H
#define MADOGUCHI_HOOKS_H

/*
 * Every test hook, written once: the name after "MADOGUCHI_" and what it
 * does. Only a build compiled with -DMD_TEST_HOOKS (the Makefile's test
 * build, build/test/madoguchi, and the core the tests link) reads them;
 * the release build (`make`, `make install`) has neither the code nor the
 * names, so no one can forge its clock, definitions or policy through the
 * environment. README.md lists them (checked by tests/cli/test_docs.sh).
 */
/* clang-format off */
#define MD_TEST_HOOK_LIST(X)                                                   \
	X(NOW, "a fixed local time, YYYY-MM-DD HH:MM:SS, not the clock")       \
	X(DATADIR, "the folder of forms/ and data/, not the source tree")      \
	X(SYSCONFIG, "the system configuration, not /etc/madoguchi.ini")       \
	X(IDLE_SECONDS, "the idle lock after this many seconds")               \
	X(TRACE, "a file the screens append their timings to (make bench)")    \
	X(TRACE_T0, "when the program started, ns of CLOCK_REALTIME (bench)")

enum md_test_hook {
#define MD_TEST_HOOK_ENUM(name, doc) MD_HOOK_##name,
	MD_TEST_HOOK_LIST(MD_TEST_HOOK_ENUM)
#undef MD_TEST_HOOK_ENUM
	MD_HOOK_COUNT
};
/* clang-format on */

#ifdef MD_TEST_HOOKS
/*
 * The value of the environment variable MADOGUCHI_<hook>, or NULL when it
 * is unset or empty. The string is the environment's (do not free). Exists
 * only in a test build: a call outside #ifdef MD_TEST_HOOKS does not
 * compile in a release build.
 */
const char *md_test_hook(enum md_test_hook hook);
#endif

#endif
