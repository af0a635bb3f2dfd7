/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-caps: XEP-0115 entity capabilities of peers.
 *
 * Every available presence carrying <c/> maps a full JID to a ver string.
 * A ver seen for the first time is resolved with one disco#info query
 * (node#ver) and its answer cached by ver only after the hash verifies
 * (§5.4), so one forged presence cannot poison what we believe about every
 * other entity announcing the same ver.  An answer that does not verify
 * (or a legacy <c/> without 'hash') is still used for that one JID.
 * The call layer asks jd_caps_jid_has_feature() without a round trip.
 */
#pragma once

#include "jd-disco.h"
#include "jd-xmpp-connection.h"

G_BEGIN_DECLS

#define JD_TYPE_CAPS (jd_caps_get_type ())
G_DECLARE_FINAL_TYPE (JdCaps, jd_caps, JD, CAPS, GObject)

JdCaps      *jd_caps_new              (JdXmppConnection *conn, JdDisco *disco);
/* Returns: (transfer none) (nullable): what @full_jid supports, if known */
const JdDiscoInfo *jd_caps_get_info   (JdCaps *self, const char *full_jid);
gboolean     jd_caps_jid_has_feature  (JdCaps *self, const char *full_jid,
                                       const char *feature);
/* Whether disco#info for @ver is in the verified cache. */
gboolean     jd_caps_is_cached        (JdCaps *self, const char *ver);

G_END_DECLS
