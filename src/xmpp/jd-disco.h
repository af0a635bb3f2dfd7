/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-disco: XEP-0030 service discovery for our own entity, and queries of
 * others.  Our disco#info (identity and features) is also what the
 * XEP-0115 <c/> in our presence hashes; JdCaps (jd-caps.h) caches what
 * peers advertise.
 */
#pragma once

#include "jd-disco-info.h"
#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

#define JD_NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define JD_CAPS_NODE "urn:x-jingled:client"

#define JD_TYPE_DISCO (jd_disco_get_type ())
G_DECLARE_FINAL_TYPE (JdDisco, jd_disco, JD, DISCO, GObject)

/* @identity_type: "pc" for a desktop, "phone" for a headless call box. */
JdDisco     *jd_disco_new           (JdXmppConnection *conn,
                                     const char *identity_type,
                                     const char *name);
/* Adds a feature we implement; emits ::changed so presence is re-sent. */
void         jd_disco_add_feature   (JdDisco *self, const char *feature);
void         jd_disco_remove_feature (JdDisco *self, const char *feature);
const JdDiscoInfo *jd_disco_get_own_info (JdDisco *self);
/* XEP-0115 ver of our own info (sha-1). */
const char  *jd_disco_get_ver       (JdDisco *self);
/* Adds our <c xmlns=caps/> to @presence. */
void         jd_disco_decorate_presence (xmpp_stanza_t *presence, gpointer self);

void         jd_disco_query_info_async  (JdDisco *self, const char *jid, const char *node,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
JdDiscoInfo *jd_disco_query_info_finish (JdDisco *self, GAsyncResult *result,
                                         GError **error);

G_END_DECLS
