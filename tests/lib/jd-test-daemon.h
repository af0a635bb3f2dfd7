/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-daemon: the real jingled as a child process, each on its own
 * private bus (jd-test-bus.h), with a config for a Prosody test account
 * (jd-test-prosody.h), driven through the generated D-Bus proxies.
 *
 * The program is $JD_JINGLED (meson sets it to the built jingled).
 * Its stderr goes to the test's, so a failing test shows the daemon's
 * logs; the daemon inherits G_DEBUG=fatal-warnings from the test setup.
 */
#pragma once

#include "jd-dbus-error.h"
#include "jd-dbus-generated.h"
#include "jd-test-bus.h"
#include "jd-test-prosody.h"

G_BEGIN_DECLS

typedef struct {
  char *name;
  char *dir;                    /* temporary: jingled.conf, recordings */
  char *state_dir;              /* its XDG_STATE_HOME */
  JdTestBus *bus;
  GSubprocess *process;
  JdDbusManager1 *manager;
  JdDbusAccount1 *account;      /* /im/jingled/account/0 */
} JdTestDaemon;

/* An [account USER] group for @user on @prosody: its JID and password,
 * the server on 127.0.0.1 with the harness CA, ICE on 127.0.0.1 only,
 * then @extra (nullable) lines as they are.  Returns: (transfer full) */
char         *jd_test_daemon_config (JdTestProsody *prosody, const char *user, const char *extra);
/* A bus, @config written to a fresh directory, and jingled on the bus
 * with ended calls removed after @grace_ms; waits (10 s, scaled) until
 * it owns im.jingled, then makes the two proxies. */
JdTestDaemon *jd_test_daemon_start  (const char *name, const char *config, guint grace_ms);
/* The same with more command-line @args (nullable); with @log_to_file
 * its stderr goes to jingled.log in its directory instead of the test's. */
JdTestDaemon *jd_test_daemon_start_with (const char *name, const char *config, guint grace_ms,
                                         const char *const *args, gboolean log_to_file);
/* The same with XDG_STATE_HOME at @state_dir (nullable: "state" in its
 * own directory, removed with it), so that a daemon started again on the
 * same @state_dir finds what the last one kept (the archive position). */
JdTestDaemon *jd_test_daemon_start_in (const char *name, const char *config, guint grace_ms,
                                       const char *const *args, gboolean log_to_file,
                                       const char *state_dir);
/* Waits (10 s, scaled) until account 0 is "connected" and its roster loaded. */
void          jd_test_daemon_wait_connected (JdTestDaemon *self);
/* A path inside the daemon's directory.  Returns: (transfer full) */
char         *jd_test_daemon_path   (JdTestDaemon *self, const char *name);
/* Returns: (transfer full): a proxy of the call at @path on @self's bus */
JdDbusCall1  *jd_test_daemon_call   (JdTestDaemon *self, const char *path);
/* SIGTERM; waits (10 s, scaled) for the exit.  Returns the exit status,
 * or -1 when a signal killed it. */
int           jd_test_daemon_stop   (JdTestDaemon *self);
/* Stops the daemon (SIGKILL if still running), the bus, and removes the directory. */
void          jd_test_daemon_free   (JdTestDaemon *self);

/* Runs `jingled ARGS` to its end (no bus needed for a config error).
 * @err_text: (out) (transfer full): its stderr.  Returns the exit status. */
int           jd_test_jingled_run   (const char *const *args, char **err_text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestDaemon, jd_test_daemon_free)

G_END_DECLS
