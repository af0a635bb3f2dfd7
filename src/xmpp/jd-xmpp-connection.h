/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-xmpp-connection
 *
 * JdXmppConnection runs one libstrophe client connection on the thread-default
 * GMainContext of its creator, without polling:
 *
 * - the socket libstrophe opens is learnt from its sockopt callback and
 *   watched by a GSource; libstrophe runs (xmpp_run_once with a zero timeout)
 *   only when that socket is readable, or writable while libstrophe has
 *   queued output;
 * - TLS can hold decrypted bytes after the socket is drained, so after a read
 *   libstrophe runs again until a whole TLS record is consumed;
 * - libstrophe's own timed handlers exist only while a stream is being set
 *   up or torn down, so a coarse tick runs in those states only; our own
 *   timers (XEP-0199 ping, reconnect backoff, IQ timeouts) are GLib timers.
 *
 * An idle ready connection therefore wakes only for the keepalive ping.
 *
 * After a connection is lost it reconnects with exponential backoff and
 * jitter, resuming the XEP-0198 stream when the server allows it. Errors
 * that retrying cannot fix (bad credentials, bad certificate, no TLS,
 * resource conflict) stop it instead.
 *
 * Received stanzas go to handlers in priority order; an IQ get/set that no
 * handler takes is answered with service-unavailable (RFC 6120 §8.4).
 */
#pragma once

#include <gio/gio.h>
#include <strophe.h>

#include "jd-stanza.h"
#include "jd-xmpp-error.h"
#include "jd-xmpp-settings.h"

G_BEGIN_DECLS

typedef enum {
  JD_XMPP_STATE_DISCONNECTED,
  JD_XMPP_STATE_CONNECTING,
  JD_XMPP_STATE_READY,
  JD_XMPP_STATE_WAITING,      /* lost; a reconnect is scheduled */
} JdXmppState;

const char *jd_xmpp_state_to_string (JdXmppState state);

typedef enum {
  JD_STANZA_PASS,      /* not mine, offer it to the next handler */
  JD_STANZA_HANDLED,   /* consumed (or dropped by a filter) */
} JdStanzaResult;

#define JD_XMPP_PRIORITY_FILTER  (-100)
#define JD_XMPP_PRIORITY_DEFAULT 0

#define JD_TYPE_XMPP_CONNECTION (jd_xmpp_connection_get_type ())
G_DECLARE_FINAL_TYPE (JdXmppConnection, jd_xmpp_connection, JD, XMPP_CONNECTION, GObject)

typedef JdStanzaResult (*JdStanzaHandler) (JdXmppConnection *conn,
                                           xmpp_stanza_t *stanza,
                                           gpointer user_data);

JdXmppConnection *jd_xmpp_connection_new (const JdXmppSettings *settings);

void         jd_xmpp_connection_connect    (JdXmppConnection *self);
void         jd_xmpp_connection_disconnect (JdXmppConnection *self);
JdXmppState  jd_xmpp_connection_get_state  (JdXmppConnection *self);
const JdXmppSettings *jd_xmpp_connection_get_settings (JdXmppConnection *self);
const char  *jd_xmpp_connection_get_bound_jid (JdXmppConnection *self);
const char  *jd_xmpp_connection_get_bare_jid  (JdXmppConnection *self);
const char  *jd_xmpp_connection_get_domain    (JdXmppConnection *self);
xmpp_ctx_t  *jd_xmpp_connection_get_context   (JdXmppConnection *self);
const GError *jd_xmpp_connection_get_last_error (JdXmppConnection *self);
gboolean     jd_xmpp_connection_is_secure     (JdXmppConnection *self);

guint        jd_xmpp_connection_add_handler    (JdXmppConnection *self,
                                                int priority,
                                                const char *stanza_name,
                                                const char *child_ns,
                                                JdStanzaHandler handler,
                                                gpointer user_data,
                                                GDestroyNotify destroy);
void         jd_xmpp_connection_remove_handler (JdXmppConnection *self,
                                                guint handler_id);

/* Queues @stanza (a reference is taken); it leaves on the next loop
 * iteration.  Returns FALSE (and drops it) when no stream is up. */
gboolean     jd_xmpp_connection_send (JdXmppConnection *self,
                                      xmpp_stanza_t *stanza);

void           jd_xmpp_connection_send_iq_async  (JdXmppConnection *self,
                                                  xmpp_stanza_t *iq,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
xmpp_stanza_t *jd_xmpp_connection_send_iq_finish (JdXmppConnection *self,
                                                  GAsyncResult *result,
                                                  GError **error);

/* For requests whose answer carries nothing: sends @iq and completes
 * @task (transfer full) with TRUE, or with the error. */
void           jd_xmpp_connection_send_iq_for_task (JdXmppConnection *self,
                                                    xmpp_stanza_t *iq,
                                                    GTask *task);

/* Test support: wake-ups of this connection's event source so far. */
guint64      jd_xmpp_connection_get_wakeups (JdXmppConnection *self);
/* Test support: shut the socket down as a network failure would, without
 * a closing handshake, so that reconnection and resumption can be shown
 * without breaking the loopback interface. */
void         jd_xmpp_connection_break_link_for_test (JdXmppConnection *self);

G_END_DECLS
