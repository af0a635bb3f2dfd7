/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-xmpp-iq: the IQ requests a JdXmppConnection has sent and still awaits
 * an answer to (RFC 6120 §8.2.3).  Internal to the connection, which owns
 * one tracker; everyone else calls jd_xmpp_connection_send_iq_async().
 *
 * Each request is a GTask, completed exactly once:
 * - by the result or error with its id, if that comes from the address
 *   asked (a reply from anyone else is left to the stanza handlers);
 * - with %JD_XMPP_ERROR_TIMEOUT when no answer came in time;
 * - by jd_xmpp_iq_tracker_fail_all() when the stream is gone, since no
 *   answer can come any more.
 */
#pragma once

#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

typedef struct _JdXmppIqTracker JdXmppIqTracker;

/* @conn is borrowed: it owns the tracker.  Requests leave through it,
 * their tasks have it as source object, and answers to requests without
 * a 'to' must come from its own addresses. */
JdXmppIqTracker *jd_xmpp_iq_tracker_new      (JdXmppConnection *conn);
void             jd_xmpp_iq_tracker_free     (JdXmppIqTracker *tracker);

/* Sends @iq, giving it an id if it has none, and completes a GTask with
 * the answer (an xmpp_stanza_t, freed with jd_stanza_unref) or an error,
 * after @timeout_s seconds at the latest; at once with
 * %JD_XMPP_ERROR_DISCONNECTED when no stream is up. */
void             jd_xmpp_iq_tracker_send     (JdXmppIqTracker *tracker,
                                              xmpp_stanza_t *iq,
                                              guint timeout_s,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);

/* Returns: TRUE if @stanza answered a pending request, which it then
 * completed; nobody else should see the stanza. */
gboolean         jd_xmpp_iq_tracker_dispatch (JdXmppIqTracker *tracker,
                                              xmpp_stanza_t *stanza);

/* Completes every pending request with @error, or with
 * %JD_XMPP_ERROR_DISCONNECTED when @error is NULL. */
void             jd_xmpp_iq_tracker_fail_all (JdXmppIqTracker *tracker,
                                              const GError *error);

G_END_DECLS
