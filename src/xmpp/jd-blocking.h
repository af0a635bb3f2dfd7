/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-blocking: XEP-0191 blocking command.
 *
 * The list is fetched at login and kept current from the server's pushes.
 * Besides the server's own enforcement, a filter drops stanzas from
 * blocked JIDs before any other handler sees them, so nothing above the
 * XMPP layer ever hears from a blocked contact.
 */
#pragma once

#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

#define JD_NS_BLOCKING "urn:xmpp:blocking"

/* XEP-0191 §3.3 / RFC 6121 §8.5 style match of @jid against one item:
 * a domain item covers the domain and everyone on it, a bare item every
 * resource, a full item that resource only. */
gboolean jd_blocking_item_matches (const char *item, const char *jid);

#define JD_TYPE_BLOCKING (jd_blocking_get_type ())
G_DECLARE_FINAL_TYPE (JdBlocking, jd_blocking, JD, BLOCKING, GObject)

JdBlocking *jd_blocking_new        (JdXmppConnection *conn);
gboolean    jd_blocking_is_supported (JdBlocking *self);
gboolean    jd_blocking_is_blocked (JdBlocking *self, const char *jid);
/* Returns: (transfer container): the blocked items, sorted */
GPtrArray  *jd_blocking_get_list   (JdBlocking *self);

/* @jids: NULL-terminated; for unblock, empty means everyone (§3.4). */
void     jd_blocking_block_async    (JdBlocking *self, const char *const *jids,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean jd_blocking_block_finish   (JdBlocking *self, GAsyncResult *result, GError **error);
void     jd_blocking_unblock_async  (JdBlocking *self, const char *const *jids,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean jd_blocking_unblock_finish (JdBlocking *self, GAsyncResult *result, GError **error);

G_END_DECLS
