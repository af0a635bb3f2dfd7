/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-prosody: a private Prosody on 127.0.0.1 for integration tests.
 *
 * A thin C fixture over tests/harness/prosody-harness.  Each instance owns a
 * temporary directory holding a throw-away CA, a certificate for
 * "jingled.test", the config, the data and the log; c2s listens on a random
 * loopback port with mandatory STARTTLS and no s2s.  Accounts alice, bob and
 * carol exist, each with the password "<user>-secret".
 *
 * The harness is started with a pipe on its stdin that this process keeps
 * open: when the process ends, however it ends (a failed assertion, a
 * crash, SIGKILL by a test runner), the kernel closes the pipe and the
 * harness stops the server.  jd_test_prosody_free() stops it at once.
 *
 * The script is found through $JD_PROSODY_HARNESS, or else as
 * harness/prosody-harness under G_TEST_DIST (G_TEST_SRCDIR in meson); see
 * jd-test-harness.h.
 * Set PROSODY_HARNESS_DEBUG=1 for a debug-level log in the directory.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _JdTestProsody JdTestProsody;

/* Returns: (transfer full): a running server, or %NULL with @error set
 * (the message carries the script's diagnostics and the log tail). */
JdTestProsody *jd_test_prosody_start      (GError **error);

/* Stops the server (by the PID it recorded) and removes its directory. */
void           jd_test_prosody_free       (JdTestProsody *self);

/* SIGKILL, as a crash would; the directory and the port are kept. */
gboolean       jd_test_prosody_kill       (JdTestProsody *self,
                                           GError       **error);

/* SIGSTOP (TRUE) or SIGCONT (FALSE) to the server process. */
void           jd_test_prosody_freeze     (JdTestProsody *self,
                                           gboolean       frozen);

/* Adds the account @user (password "<user>-secret") on the running server. */
gboolean       jd_test_prosody_register   (JdTestProsody *self,
                                           const char    *user,
                                           GError       **error);

/* Starts it again on the same port with the same config and data (after
 * kill, or stops it first when it still runs) and waits until c2s answers. */
gboolean       jd_test_prosody_restart    (JdTestProsody *self,
                                           GError       **error);

/* The server's process (a new one after a restart). */
GPid           jd_test_prosody_get_pid    (JdTestProsody *self);

guint16        jd_test_prosody_get_port   (JdTestProsody *self);

/* Returns: (transfer none): "jingled.test". */
const char    *jd_test_prosody_get_domain (JdTestProsody *self);

/* Returns: (transfer none): PEM file of the CA that signed the server
 * certificate; give it to the client so it verifies for real. */
const char    *jd_test_prosody_get_cafile (JdTestProsody *self);

/* Returns: (transfer none): the temporary directory (prosody.log is there). */
const char    *jd_test_prosody_get_dir    (JdTestProsody *self);

/* Returns: (transfer full): "alice@jingled.test" for "alice". */
char          *jd_test_prosody_jid        (JdTestProsody *self,
                                           const char    *user);

/* Returns: (transfer full): "alice-secret" for "alice". */
char          *jd_test_prosody_password   (JdTestProsody *self,
                                           const char    *user);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestProsody, jd_test_prosody_free)

G_END_DECLS
