/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-account
 *
 * JdAccount is one [account NAME] of the config at work: its XMPP client
 * (jd-xmpp-client.h) with the configured presence priority, the Jingle
 * manager serving it, the calls in progress, and the incoming-call policy
 * (jd-call-policy.h) applied to every session-initiate before a JdCall
 * exists.  It knows nothing of D-Bus: the daemon's D-Bus objects watch it.
 *
 * Errors are JD_DBUS_ERROR codes, since every caller of the fallible
 * functions here answers a D-Bus method with them.
 */
#pragma once

#include "call/jd-call.h"
#include "call/jd-call-policy.h"
#include "jd-config.h"
#include "jd-plugin-host.h"

G_BEGIN_DECLS

#define JD_NS_JINGLE_RTP_AUDIO "urn:xmpp:jingle:apps:rtp:audio"
#define JD_NS_JINGLE_RTP_VIDEO "urn:xmpp:jingle:apps:rtp:video"

/**
 * JdDialOptions:
 * @audio: must stay TRUE (a call always carries audio)
 * @video: offer video too
 * @raw_udp, @has_transport: override the account's transport when @has_transport
 * @codecs: (nullable): preference order, NULL = the account's
 * @no_dtmf: neither offer nor accept telephone-event
 * @ring_timeout_s: 0 = the account's
 * @no_jmi: never start with a XEP-0353 propose: a session-initiate to
 *   the best resource even when the callee's caps list JMI
 */
typedef struct {
  gboolean audio;
  gboolean video;
  gboolean has_transport;
  gboolean raw_udp;
  const char *const *codecs;
  gboolean no_dtmf;
  guint ring_timeout_s;
  gboolean no_jmi;
} JdDialOptions;

#define JD_DIAL_OPTIONS_INIT { .audio = TRUE }

#define JD_TYPE_ACCOUNT (jd_account_get_type ())
G_DECLARE_FINAL_TYPE (JdAccount, jd_account, JD, ACCOUNT, GObject)

/* Needs gst_init().  Fails (JD_DBUS_ERROR_INVALID_ARGUMENT) on a media
 * endpoint or STUN/TURN host that does not resolve. */
JdAccount       *jd_account_new          (const JdConfigAccount *config, GError **error);

const char      *jd_account_get_name     (JdAccount *self);
/* The configured bare JID. */
const char      *jd_account_get_jid      (JdAccount *self);
gboolean         jd_account_get_autoconnect (JdAccount *self);
JdCallPolicyMode jd_account_get_policy   (JdAccount *self);
JdXmppClient    *jd_account_get_client   (JdAccount *self);
JdJingleManager *jd_account_get_jingle   (JdAccount *self);
/* The daemon's plugins (jd-plugin-host.h) see this account's calls and
 * chat messages; NULL: none. */
void             jd_account_set_plugin_host (JdAccount *self, JdPluginHost *host);
/* Answers a ringing incoming call (D-Bus Accept, the call policy),
 * letting the plugins hook in first. */
gboolean         jd_account_answer       (JdAccount *self, JdCall *call, GError **error);
/* Returns: (transfer none) (element-type JdCall): calls not ended yet */
GPtrArray       *jd_account_get_calls    (JdAccount *self);

/* Logs in (again); our presence carries the configured priority. */
void             jd_account_connect      (JdAccount *self);
void             jd_account_disconnect   (JdAccount *self);

/* The full JID to call for @jid: @jid itself when full, else the
 * highest-priority online resource whose caps take Jingle RTP audio (and
 * video when @video).  Returns: (transfer full): NULL with
 * JD_DBUS_ERROR_INVALID_JID or JD_DBUS_ERROR_PEER_UNAVAILABLE. */
char            *jd_account_resolve_peer (JdAccount *self, const char *jid, gboolean video,
                                          GError **error);
/* Places a call; ::call-added is emitted before it returns.  A bare
 * @jid with a resource whose caps list urn:xmpp:jingle-message:0 gets a
 * XEP-0353 propose (every device rings, unless @options says no_jmi);
 * otherwise session-initiate goes to jd_account_resolve_peer()'s choice.
 * Returns: (transfer none): the call, owned by the account while in
 * progress; NULL with a JD_DBUS_ERROR (NotConnected, InvalidJid,
 * PeerUnavailable, InvalidArgument, Busy, Failed). */
JdCall          *jd_account_dial         (JdAccount *self, const char *jid,
                                          const JdDialOptions *options, GError **error);
/* Hangs up every call in progress with @reason.  Returns how many. */
guint            jd_account_hangup_all   (JdAccount *self, JdJingleReasonType reason);

/* Signals:
 *   ::call-added (JdCall *call, gboolean incoming)   a call object exists
 *       (outgoing from jd_account_dial(), incoming once the policy let it
 *       ring or answered it); a declined or busy caller never gets one
 *   ::call-declined (const char *peer, const char *reason)   a caller
 *       refused before any call object exists: "decline" or "busy" (what
 *       it was answered), or "ignored" (refused-calls = ignore: its
 *       XEP-0353 propose got no answer at all)
 *   ::missed-call (const char *from, guint media_mask, gint64 unix_time)
 *       a replayed XEP-0353 propose (offline storage, archive): never
 *       rung; media_mask is 1 << JdJingleMedia
 */

G_END_DECLS
