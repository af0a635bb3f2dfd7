/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* jd-xmpp-settings: how one account connects (a plain value). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * JdXmppSettings:
 * @jid: the account; a resource in it is requested at bind
 * @password: (nullable)
 * @host: (nullable): connect here instead of resolving the domain's SRV record
 * @port: with @host; 0 means 5222
 * @cafile: (nullable): trust anchors for the server certificate; NULL uses the system store
 * @allow_plaintext: do not insist on STARTTLS (never the default)
 * @ping_interval: seconds of silence before an XEP-0199 ping; 0 disables
 * @ping_timeout: seconds to wait for the pong before the link is declared dead
 * @iq_timeout: seconds to wait for any IQ result
 * @reconnect: reconnect after a connection is lost
 * @backoff_min_ms: first reconnect delay
 * @backoff_max_ms: ceiling of the exponential backoff
 */
typedef struct {
  char *jid;
  char *password;
  char *host;
  guint16 port;
  char *cafile;
  gboolean allow_plaintext;
  guint ping_interval;
  guint ping_timeout;
  guint iq_timeout;
  gboolean reconnect;
  guint backoff_min_ms;
  guint backoff_max_ms;
} JdXmppSettings;

JdXmppSettings *jd_xmpp_settings_new  (const char *jid, const char *password);
JdXmppSettings *jd_xmpp_settings_copy (const JdXmppSettings *settings);
void            jd_xmpp_settings_free (JdXmppSettings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdXmppSettings, jd_xmpp_settings_free)

G_END_DECLS
