/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-xmpp: a JdJingleManager on a real XMPP connection.
 * Routes every <iq type='set'><jingle xmlns='urn:xmpp:jingle:1'/></iq> of
 * the account to the manager, sends its requests as IQs whose answers
 * (or timeouts) come back to the sessions, and advertises
 * urn:xmpp:jingle:1 in disco#info.  Application and transport features
 * (RTP audio/video, ICE-UDP, raw UDP, DTMF) are added by the layers that
 * make them work, so a peer never sees a feature we cannot honour.
 * The same for XEP-0353 Jingle Message Initiation and its <message/>s.
 */
#pragma once

#include "jd-jingle-jmi-manager.h"
#include "jd-jingle-manager.h"
#include "xmpp/jd-xmpp-client.h"

G_BEGIN_DECLS

/* Returns: (transfer full): a manager serving @client's account; it keeps
 * a reference to @client. */
JdJingleManager *jd_jingle_manager_new_for_client (JdXmppClient *client);

/* Returns: (transfer full): the XEP-0353 manager of @client's account:
 * every <message/> with a urn:xmpp:jingle-message:0 child, and those
 * inside carbons, go to it; urn:xmpp:jingle-message:0 is advertised in
 * disco#info (and so in caps).  It keeps a reference to @client. */
JdJingleJmiManager *jd_jingle_jmi_manager_new_for_client (JdXmppClient *client);

G_END_DECLS
