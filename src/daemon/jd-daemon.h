/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-daemon
 *
 * JdDaemon is jingled at work: one JdAccount per account of the config,
 * exported on a bus under im.jingled with the D-Bus objects of
 * jd-dbus-objects.h.  Call objects appear when a call exists (dialled,
 * or an incoming call the policy let through) and stay exported for a
 * grace period after they end, so that a client can still read
 * EndReason, then disappear (CallRemoved).
 */
#pragma once

#include "jd-account.h"

G_BEGIN_DECLS

#define JD_DAEMON_DEFAULT_CALL_GRACE_MS 5000

#define JD_TYPE_DAEMON (jd_daemon_get_type ())
G_DECLARE_FINAL_TYPE (JdDaemon, jd_daemon, JD, DAEMON, GObject)

/* Takes @config (transfer full).  Needs gst_init().  Fails when an
 * account cannot be set up (a media endpoint, a server name). */
JdDaemon   *jd_daemon_new             (JdConfig *config, GError **error);
/* How long an ended call stays exported; the default is
 * JD_DAEMON_DEFAULT_CALL_GRACE_MS. */
void        jd_daemon_set_call_grace  (JdDaemon *self, guint grace_ms);
/* Exports every object on @bus, then owns im.jingled (without queueing:
 * an owned name is an error), then logs in the autoconnect accounts.
 * Emits ::bus-lost when @bus closes. */
gboolean    jd_daemon_start           (JdDaemon *self, GDBusConnection *bus, GError **error);
/* Hangs up every call (session-terminate, reason success), waits until
 * the peers acknowledged or @timeout_ms passed, logs every account out
 * and waits for that within the same bound.  Runs the thread-default
 * main context meanwhile. */
void        jd_daemon_shutdown        (JdDaemon *self, guint timeout_ms);

/* For the D-Bus objects. */
GPtrArray  *jd_daemon_get_accounts    (JdDaemon *self);  /* JdDbusAccount*, (transfer none) */
/* Returns: (transfer none) (nullable): by config name or bare JID */
const char *jd_daemon_find_account    (JdDaemon *self, const char *name_or_jid);
/* Returns: (transfer none) (nullable): the object path of @call */
const char *jd_daemon_get_call_path   (JdDaemon *self, JdCall *call);

/* Signals:
 *   ::bus-lost ()   the bus connection closed: nothing can reach us
 */

G_END_DECLS
