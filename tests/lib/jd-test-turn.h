/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-turn: a private coturn STUN/TURN server on 127.0.0.1 for tests.
 *
 * A thin C fixture over tests/harness/turn-harness.  Each instance owns a
 * temporary directory holding the server's log, pid file and user
 * database; UDP and TCP listen on one random loopback port, relayed
 * addresses are on 127.0.0.1 too, and one user with long-term credentials
 * exists.  There is no TLS.
 *
 * The harness is started with a pipe on its stdin that this process keeps
 * open: when the process ends, however it ends (a failed assertion, a
 * crash, SIGKILL by a test runner), the kernel closes the pipe and the
 * harness stops the server.  jd_test_turn_free() stops it at once.
 *
 * The script is found through $JD_TURN_HARNESS, or else as
 * harness/turn-harness under G_TEST_DIST (G_TEST_SRCDIR in meson); see
 * jd-test-harness.h.
 */
#pragma once

#include <glib.h>

#include "transport/jd-transport.h"

G_BEGIN_DECLS

typedef struct _JdTestTurn JdTestTurn;

/* Whether coturn's turnserver is installed (scripts/deps installs it; a
 * developer machine may lack it: skip the tests then). */
gboolean      jd_test_turn_available     (void);

/* Returns: (transfer full): a running server, or %NULL with @error set
 * (the message carries the script's diagnostics and the log tail). */
JdTestTurn   *jd_test_turn_start         (GError **error);

/* Stops the server (by the PID it recorded) and removes its directory. */
void          jd_test_turn_free          (JdTestTurn *self);

/* The server's process. */
GPid          jd_test_turn_get_pid       (JdTestTurn *self);

/* Returns: (transfer none): the temporary directory (the server's log is there). */
const char   *jd_test_turn_get_dir       (JdTestTurn *self);

/* Returns: (transfer none): the IP literal the server listens on. */
const char   *jd_test_turn_get_host      (JdTestTurn *self);
/* UDP and TCP, STUN and TURN alike. */
guint16       jd_test_turn_get_port      (JdTestTurn *self);
/* Returns: (transfer none): the long-term credentials' user name. */
const char   *jd_test_turn_get_user      (JdTestTurn *self);

/* Returns: (transfer full): "IP:PORT", as a STUN server is written. */
char         *jd_test_turn_stun_address  (JdTestTurn *self);

/* Returns: (transfer full): this server for a JdTransportConfig, with the
 * right password, or @password when not %NULL (to be refused). */
JdTurnServer *jd_test_turn_server        (JdTestTurn     *self,
                                          JdTurnProtocol  protocol,
                                          const char     *password);

/* Returns: (transfer full): the server's log so far (it logs bindings and
 * every request it processes: the only witness of what reached it). */
char         *jd_test_turn_read_log      (JdTestTurn *self);

/* Whether the server answered a STUN Binding request that came from
 * 127.0.0.1:@port. */
gboolean      jd_test_turn_answered_binding_from (JdTestTurn *self,
                                                  guint16     port);

/* How many requests of our user the server refused with 401 so far: a
 * wrong password (the first, anonymous 401 of every allocation is only
 * the challenge and is not counted). */
guint         jd_test_turn_count_rejections      (JdTestTurn *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestTurn, jd_test_turn_free)

G_END_DECLS
