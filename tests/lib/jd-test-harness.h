/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-harness: runs one of the server scripts in tests/harness/ for a
 * C fixture (jd-test-prosody, jd-test-turn).
 *
 * Each instance owns a temporary directory "jingled-NAME-XXXXXX".  The
 * script NAME-harness is found through the environment variable the
 * fixture names, or else as harness/NAME-harness under G_TEST_DIST
 * (G_TEST_SRCDIR in meson).  It is started as "NAME-harness start DIR
 * --stop-on-eof [ARGS...]" with a pipe on its stdin that this process
 * keeps open: when the process ends, however it ends (a failed assertion,
 * a crash, SIGKILL by a test runner), the kernel closes the pipe and the
 * script's watchdog stops the server.  jd_test_harness_free() stops it at
 * once.  The script describes the server in DIR/env (KEY='VALUE' lines).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _JdTestHarness JdTestHarness;

/* Starts the server of NAME-harness (@name: "prosody") with the
 * arguments @args (%NULL-terminated, may be %NULL) and reads DIR/env.
 * Returns: (transfer full): the running harness, or %NULL with @error set
 * (the message carries the script's diagnostics and the log tail). */
JdTestHarness *jd_test_harness_start       (const char         *name,
                                            const char         *env_var,
                                            const char * const *args,
                                            GError            **error);

/* Stops the server (the script checks the PID is still its server; only
 * if the script cannot run is the recorded PID killed blindly) and
 * removes the directory. */
void           jd_test_harness_free        (JdTestHarness *self);

/* Runs "NAME-harness @command DIR [ARGS...]" and waits for it; on failure
 * the script's stderr is in @error. */
gboolean       jd_test_harness_run         (JdTestHarness      *self,
                                            const char         *command,
                                            const char * const *args,
                                            GError            **error);

/* Reads DIR/env again, after a command that rewrote it (restart). */
gboolean       jd_test_harness_reload_env  (JdTestHarness *self,
                                            GError       **error);

/* Returns: (transfer none): the value of @key in DIR/env, or %NULL with
 * @error set when it is missing or empty. */
const char    *jd_test_harness_env_require (JdTestHarness *self,
                                            const char    *key,
                                            GError       **error);

/* Reads @key as a decimal number in [1, @max]. */
gboolean       jd_test_harness_env_number  (JdTestHarness *self,
                                            const char    *key,
                                            guint64        max,
                                            guint64       *number,
                                            GError       **error);

/* Reads @key as the server's PID: the one jd_test_harness_get_pid()
 * returns and jd_test_harness_free() kills should the script fail. */
gboolean       jd_test_harness_env_pid     (JdTestHarness *self,
                                            const char    *key,
                                            GError       **error);

/* The PID last read by jd_test_harness_env_pid(), or 0. */
GPid           jd_test_harness_get_pid     (JdTestHarness *self);

/* Returns: (transfer none): the temporary directory. */
const char    *jd_test_harness_get_dir     (JdTestHarness *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestHarness, jd_test_harness_free)

G_END_DECLS
