/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-xmpp-client
 *
 * JdXmppClient is one account's XMPP session: the connection and the
 * parts that live on it — roster and subscriptions (jd-roster.h),
 * presence (jd-presence.h), messages (jd-im.h), blocking (jd-blocking.h),
 * our disco#info (jd-disco.h) and peers' capabilities (jd-caps.h).
 * Upper layers (calls, D-Bus) hold a client and reach the parts through
 * the getters; the parts never know about each other except where the
 * client wires them (our caps in our presence).
 */
#pragma once

#include "jd-blocking.h"
#include "jd-caps.h"
#include "jd-disco.h"
#include "jd-im.h"
#include "jd-presence.h"
#include "jd-roster.h"
#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

#define JD_TYPE_XMPP_CLIENT (jd_xmpp_client_get_type ())
G_DECLARE_FINAL_TYPE (JdXmppClient, jd_xmpp_client, JD, XMPP_CLIENT, GObject)

/* @identity_type: XEP-0030 client identity type: "pc" or "phone" (headless). */
JdXmppClient     *jd_xmpp_client_new (const JdXmppSettings *settings,
                                      const char *identity_type);

void              jd_xmpp_client_connect        (JdXmppClient *self);
void              jd_xmpp_client_disconnect     (JdXmppClient *self);

JdXmppConnection *jd_xmpp_client_get_connection (JdXmppClient *self);
JdRoster         *jd_xmpp_client_get_roster     (JdXmppClient *self);
JdPresence       *jd_xmpp_client_get_presence   (JdXmppClient *self);
JdIm             *jd_xmpp_client_get_im         (JdXmppClient *self);
JdBlocking       *jd_xmpp_client_get_blocking   (JdXmppClient *self);
JdDisco          *jd_xmpp_client_get_disco      (JdXmppClient *self);
JdCaps           *jd_xmpp_client_get_caps       (JdXmppClient *self);

G_END_DECLS
