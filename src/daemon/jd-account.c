/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-account.h"

#include <string.h>

#include "jd-account-mam.h"
#include "dbus/jd-dbus-error.h"
#include "jingle/jd-jingle-xmpp.h"
#include "media/jd-codec-registry.h"
#include "media/jd-media-endpoint.h"
#include "xmpp/jd-jid.h"

struct _JdAccount
{
  GObject parent_instance;

  char *name;
  char *jid;                    /* bare */
  int priority;
  gboolean autoconnect;
  JdCallPolicyMode policy;
  GStrv allow;
  guint max_calls;
  gboolean ignore_refused;      /* refused-calls = ignore */
  guint auto_answer_delay_ms;

  /* The template of every call's options; the strings below back it. */
  JdCallOptions options;
  char *audio_source, *audio_sink, *video_source, *video_sink;
  GStrv codecs;
  GStrv local_addresses;
  char *stun_server;            /* "IP:PORT", resolved */
  GPtrArray *turn_servers;      /* JdTurnServer*, resolved, NULL-terminated */

  JdXmppClient *client;
  JdJingleManager *jingle;
  JdJingleJmiManager *jmi;      /* XEP-0353 proposes, both ways */
  JdAccountMam *mam;            /* XEP-0313 catch-up: calls missed while away */
  GPtrArray *calls;             /* JdCall*, not ended */
  GHashTable *auto_answers;     /* JdCall* -> GSource*, pending delayed answers */
  JdPluginHost *plugins;        /* nullable: the daemon's plugins see our calls */
};

G_DEFINE_FINAL_TYPE (JdAccount, jd_account, G_TYPE_OBJECT)

enum { SIGNAL_CALL_ADDED, SIGNAL_CALL_DECLINED, SIGNAL_MISSED_CALL, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------- */
/* Incoming calls                                                   */

static JdCallIncoming
incoming_of (JdCallPolicyMode mode)
{
  switch (mode)
    {
    case JD_CALL_POLICY_REJECT:
      return JD_CALL_INCOMING_REJECT;
    case JD_CALL_POLICY_ASK:
      return JD_CALL_INCOMING_ASK;
    case JD_CALL_POLICY_ACCEPT:
      return JD_CALL_INCOMING_ACCEPT;
    case JD_CALL_POLICY_AUTO_ANSWER:
      return JD_CALL_INCOMING_AUTO_ANSWER;
    }
  g_return_val_if_reached (JD_CALL_INCOMING_REJECT);
}

/* @not_counted: calls in progress the decision ignores (glare: our own
 * propose to the caller, which is ending). */
static JdCallDecision
decide_ignoring (JdAccount *self, const char *caller, guint not_counted)
{
  JdRoster *roster = jd_xmpp_client_get_roster (self->client);
  g_autoptr (GPtrArray) blocked = jd_blocking_get_list (jd_xmpp_client_get_blocking (self->client));
  JdCallPolicy policy = {
    .incoming = incoming_of (self->policy),
    .allow = (const char *const *) self->allow,
    .roster = jd_roster_is_loaded (roster) ? jd_roster_get_table (roster) : NULL,
    .calls_in_progress = self->calls->len - MIN (not_counted, self->calls->len),
    .max_calls = self->max_calls,
  };

  g_ptr_array_add (blocked, NULL);
  policy.blocked = (const char *const *) blocked->pdata;
  return jd_call_policy_decide (&policy, caller);
}

static JdCallDecision
decide (JdAccount *self, const char *caller)
{
  return decide_ignoring (self, caller, 0);
}

static void
on_call_state_changed (JdCall *call, guint state, JdAccount *self)
{
  if (state != JD_CALL_STATE_ENDED)
    return;
  g_hash_table_remove (self->auto_answers, call);
  g_signal_handlers_disconnect_by_data (call, self);
  g_ptr_array_remove (self->calls, call);
}

static void
add_call (JdAccount *self, JdCall *call, gboolean incoming)
{
  g_ptr_array_add (self->calls, call);
  g_signal_connect (call, "state-changed", G_CALLBACK (on_call_state_changed), self);
  g_signal_emit (self, signals[SIGNAL_CALL_ADDED], 0, call, incoming);
}

gboolean
jd_account_answer (JdAccount *self, JdCall *call, GError **error)
{
  /* Plugins that record or tap the call hook in before media is built. */
  if (self->plugins != NULL && !jd_plugin_host_prepare_accept (self->plugins, call, error))
    return FALSE;
  return jd_call_accept (call, error);
}

static void
answer (JdAccount *self, JdCall *call)
{
  g_autoptr (GError) error = NULL;

  if (jd_call_get_state (call) != JD_CALL_STATE_RINGING)
    return;
  if (!jd_account_answer (self, call, &error))
    g_message ("%s: answering %s failed: %s", self->name, jd_call_get_peer (call),
               error->message);
}

typedef struct {
  JdAccount *account;  /* borrowed: the source dies with the account's table */
  JdCall *call;
} AutoAnswer;

static gboolean
on_auto_answer (gpointer user_data)
{
  AutoAnswer *aa = user_data;
  JdAccount *self = aa->account;
  g_autoptr (JdCall) call = g_object_ref (aa->call);

  g_hash_table_remove (self->auto_answers, call);
  answer (self, call);
  return G_SOURCE_REMOVE;
}

static void
schedule_answer (JdAccount *self, JdCall *call)
{
  AutoAnswer *aa;
  GSource *source;

  if (self->policy != JD_CALL_POLICY_AUTO_ANSWER || self->auto_answer_delay_ms == 0)
    {
      answer (self, call);
      return;
    }
  aa = g_new0 (AutoAnswer, 1);
  aa->account = self;
  aa->call = call;
  source = g_timeout_source_new (self->auto_answer_delay_ms);
  g_source_set_callback (source, on_auto_answer, aa, g_free);
  g_source_attach (source, g_main_context_get_thread_default ());
  g_hash_table_insert (self->auto_answers, call, source);
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/* A declined caller gets a Jingle session-terminate and nothing else: no
 * JdCall, no transport, no pipeline (XEP-0166 §6.2 decline/busy). */
static void
decline (JdAccount *self, JdJingleSession *session, JdJingleReasonType reason)
{
  const char *peer = jd_jingle_session_get_peer (session);
  g_autoptr (GError) error = NULL;

  g_info ("%s: declining the call of %s (%s)", self->name, peer,
          jd_jingle_reason_to_string (reason));
  if (!jd_jingle_session_terminate (session, reason, NULL, &error))
    g_message ("%s: declining %s: %s", self->name, peer, error->message);
  g_signal_emit (self, signals[SIGNAL_CALL_DECLINED], 0, peer, jd_jingle_reason_to_string (reason));
}

/* ICE failing before media flows falls back to raw UDP when the peer
 * has it too (its caps say so), except for relay-only calls. */
static gboolean
raw_udp_fallback (JdAccount *self, const JdCallOptions *options, const char *peer)
{
  return !options->relay_only &&
         jd_call_peer_has_raw_udp (jd_xmpp_client_get_caps (self->client), peer);
}

/* We advertise urn:xmpp:jingle:apps:rtp:video exactly when a video codec
 * is installed (jd_call_advertise()), so a peer that offers video on
 * that promise gets it answered (Dino's video calls), not an audio-only
 * accept. */
static gboolean
takes_video (void)
{
  g_autoptr (GPtrArray) video = jd_codec_registry_available (JD_JINGLE_MEDIA_VIDEO, NULL);

  return video->len > 0;
}

/* The options of a call @caller starts, by session-initiate or propose. */
static JdCallOptions
incoming_options (JdAccount *self, const char *caller)
{
  JdCallOptions options = self->options;

  options.video = takes_video ();
  options.raw_udp_fallback = raw_udp_fallback (self, &options, caller);
  return options;
}

/* The proposed call (XEP-0353) that answered and waits for @session. */
static JdCall *
find_proceeded (JdAccount *self, JdJingleSession *session)
{
  for (guint i = 0; i < self->calls->len; i++)
    if (jd_call_expects_session (self->calls->pdata[i], jd_jingle_session_get_peer (session),
                                 jd_jingle_session_get_sid (session)))
      return self->calls->pdata[i];
  return NULL;
}

/* ---------------------------------------------------------------- */
/* Sessions of proposals (XEP-0353) that are no new call            */

/* Why @session is no call: no call took it as the one it waits for,
 * yet its sid is the id of a proposal (XEP-0353) to or from its
 * sender's account.  NULL when the sid is no such proposal's: a plain
 * Jingle call.  @reason: for an ended proposal, the reason already sent
 * or received; otherwise decline (the call that rings, or waits for the
 * session of the device we proceeded to, goes on). */
static const char *
why_not_a_call (JdAccount *self, JdJingleSession *session, JdJingleReasonType *reason)
{
  const char *peer = jd_jingle_session_get_peer (session);
  g_autofree char *peer_bare = jd_jid_bare_of (peer);
  JdJingleJmiSidInfo info;

  if (!jd_jingle_jmi_manager_lookup_session_id (self->jmi, jd_jingle_session_get_sid (session),
                                                &info) ||
      peer_bare == NULL || !jd_jid_str_equal (info.peer_bare, peer_bare))
    return NULL;
  *reason = info.ended ? info.reason : JD_JINGLE_REASON_DECLINE;
  if (info.ended)
    return "its proposal ended";
  if (info.outgoing)
    return "it is our own proposal";
  if (!info.proceeded)
    return "its proposal is not answered";
  if (!jd_jid_str_equal (info.peer_full, peer))
    return "we answered another device of the caller";
  return "no call waits for it";
}

/* A late or misdirected session of a proposal is terminated at once:
 * it never rings, makes no call, and is no declined call either. */
static gboolean
refuse_stray_session (JdAccount *self, JdJingleSession *session)
{
  JdJingleReasonType reason = JD_JINGLE_REASON_DECLINE;
  const char *why = why_not_a_call (self, session, &reason);
  g_autoptr (GError) error = NULL;

  if (why == NULL)
    return FALSE;
  g_info ("%s: terminating the session %s of %s (%s): %s", self->name,
          jd_jingle_session_get_sid (session), jd_jingle_session_get_peer (session),
          jd_jingle_reason_to_string (reason), why);
  if (!jd_jingle_session_terminate (session, reason, NULL, &error))
    g_message ("%s: terminating the session of %s: %s", self->name,
               jd_jingle_session_get_peer (session), error->message);
  return TRUE;
}

static void
on_incoming_session (JdJingleManager *manager, JdJingleSession *session,
                     const JdJingleMessage *offer, JdAccount *self)
{
  const char *peer = jd_jingle_session_get_peer (session);
  JdCall *proceeded = find_proceeded (self, session);
  JdCallDecision decision;
  g_autoptr (GError) error = NULL;
  JdCallOptions options;
  JdCall *call;

  /* The session after our proceed: the user answered already. */
  if (proceeded != NULL)
    {
      if (!jd_call_take_session (proceeded, session, offer, &error))
        g_message ("%s: the call of %s failed: %s", self->name, peer, error->message);
      return;
    }
  if (refuse_stray_session (self, session))
    return;
  decision = decide (self, peer);
  g_info ("%s: incoming call from %s: %s", self->name, peer,
          jd_call_decision_to_string (decision));
  if (decision == JD_CALL_DECISION_REJECT || decision == JD_CALL_DECISION_BUSY)
    {
      decline (self, session,
               decision == JD_CALL_DECISION_BUSY ? JD_JINGLE_REASON_BUSY : JD_JINGLE_REASON_DECLINE);
      return;
    }
  /* A refused offer (no common codec, no acceptable keying) was
   * terminated with its reason already. */
  options = incoming_options (self, peer);
  call = jd_call_new_incoming (session, offer, &options, &error);
  if (call == NULL)
    {
      g_message ("%s: the call of %s failed: %s", self->name, peer, error->message);
      return;
    }
  add_call (self, call, TRUE);
  /* A plugin that claims the call (echo, an IVR) answers it itself. */
  if (self->plugins != NULL && jd_plugin_host_incoming_call (self->plugins, call, self->name, peer))
    return;
  if (decision == JD_CALL_DECISION_ACCEPT)
    schedule_answer (self, call);
}

/* ---------------------------------------------------------------- */
/* Incoming proposes (XEP-0353)                                     */

static void
refuse_propose (JdAccount *self, const char *id, const char *from, JdJingleReasonType reason)
{
  g_info ("%s: declining the call of %s (%s)", self->name, from,
          jd_jingle_reason_to_string (reason));
  jd_jingle_jmi_manager_reject (self->jmi, id, reason);
  g_signal_emit (self, signals[SIGNAL_CALL_DECLINED], 0, from, jd_jingle_reason_to_string (reason));
}

/* refused-calls = ignore: a propose the policy declines gets no answer
 * at all, so a stranger cannot even learn that the account is online
 * with a call client.  Only for a refusal of the caller (REJECT): busy
 * still answers <reject/> with <busy/>. */
static gboolean
ignores (JdAccount *self, JdCallDecision decision)
{
  return self->ignore_refused && decision == JD_CALL_DECISION_REJECT;
}

static void
ignore_propose (JdAccount *self, const char *id, const char *from)
{
  g_info ("%s: ignoring the call proposed by %s", self->name, from);
  jd_jingle_jmi_manager_forget (self->jmi, id);
  g_signal_emit (self, signals[SIGNAL_CALL_DECLINED], 0, from, "ignored");
}

/* Returns: (transfer none) (nullable): the ringing call, added */
static JdCall *
add_proposed_call (JdAccount *self, const char *id, const char *from, guint media)
{
  g_autoptr (GError) error = NULL;
  JdCallOptions options = incoming_options (self, from);
  JdCall *call;

  call = jd_call_new_proposed (self->jingle, self->jmi, id, from, media, &options, &error);
  if (call == NULL)
    {
      g_message ("%s: the call proposed by %s failed: %s", self->name, from, error->message);
      return NULL;
    }
  add_call (self, call, TRUE);
  return call;
}

/* The same policy as a session-initiate, before anything but a reject
 * is sent.  @take_at_once (see the JMI manager's ::proposed): the call
 * won a glare against ours to @from, or continues a call with @from
 * that moved (XEP-0353 §4.2): answered without policy, since @from is
 * someone we called or were talking to. */
static void
on_proposed (JdJingleJmiManager *jmi, const char *id, const char *from, guint media,
             gboolean take_at_once, JdAccount *self)
{
  JdCallDecision decision = take_at_once ? JD_CALL_DECISION_ACCEPT : decide (self, from);
  JdCall *call;

  g_info ("%s: call proposed by %s: %s", self->name, from,
          take_at_once ? "taken at once" : jd_call_decision_to_string (decision));
  if (ignores (self, decision))
    {
      ignore_propose (self, id, from);
      return;
    }
  if (decision == JD_CALL_DECISION_REJECT || decision == JD_CALL_DECISION_BUSY)
    {
      refuse_propose (self, id, from,
                      decision == JD_CALL_DECISION_BUSY ? JD_JINGLE_REASON_BUSY
                                                        : JD_JINGLE_REASON_DECLINE);
      return;
    }
  if ((call = add_proposed_call (self, id, from, media)) == NULL)
    return;
  if (take_at_once)
    {
      answer (self, call);
      return;
    }
  if (self->plugins != NULL && jd_plugin_host_incoming_call (self->plugins, call, self->name, from))
    return;
  if (decision == JD_CALL_DECISION_ACCEPT)
    schedule_answer (self, call);
}

/* A replayed propose (offline storage, archive): never rung, reported
 * unless the caller would have been declined anyway. */
static void
on_missed (JdJingleJmiManager *jmi, const char *id, const char *from, guint media,
           GDateTime *stamp, JdAccount *self)
{
  if (decide_ignoring (self, from, self->calls->len) == JD_CALL_DECISION_REJECT)
    return;
  g_info ("%s: missed call from %s", self->name, from);
  g_signal_emit (self, signals[SIGNAL_MISSED_CALL], 0, from, media, g_date_time_to_unix (stamp));
}

/* Chat messages with a body go to the plugins too (a bot's commands). */
static void
on_message (JdIm *im, const JdMessage *msg, JdAccount *self)
{
  if (self->plugins != NULL && msg->body != NULL && msg->from != NULL &&
      (msg->type == JD_MESSAGE_CHAT || msg->type == JD_MESSAGE_NORMAL))
    jd_plugin_host_message (self->plugins, self->name, msg->from, msg->body);
}

void
jd_account_set_plugin_host (JdAccount *self, JdPluginHost *host)
{
  g_return_if_fail (JD_IS_ACCOUNT (self));
  g_set_object (&self->plugins, host);
  g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_im (self->client), self);
  if (host != NULL)
    g_signal_connect (jd_xmpp_client_get_im (self->client), "message", G_CALLBACK (on_message),
                      self);
}

/* ---------------------------------------------------------------- */
/* Dialling                                                         */

static gboolean
takes_call (JdCaps *caps, const char *full_jid, gboolean video)
{
  return jd_caps_jid_has_feature (caps, full_jid, JD_NS_JINGLE_RTP_AUDIO) &&
         (!video || jd_caps_jid_has_feature (caps, full_jid, JD_NS_JINGLE_RTP_VIDEO));
}

char *
jd_account_resolve_peer (JdAccount *self, const char *jid, gboolean video, GError **error)
{
  g_autoptr (JdJid) parsed = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) resources = NULL;
  g_autofree char *bare = NULL;
  JdCaps *caps = jd_xmpp_client_get_caps (self->client);

  parsed = jd_jid_parse (jid, &local_error);
  if (parsed == NULL)
    {
      g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_INVALID_JID, "\"%s\" is not a JID: %s", jid,
                   local_error->message);
      return NULL;
    }
  if (!jd_jid_is_bare (parsed))
    return jd_jid_to_string (parsed);
  bare = jd_jid_to_bare (parsed);
  resources = jd_presence_table_get_resources (
    jd_presence_get_table (jd_xmpp_client_get_presence (self->client)), bare);
  for (guint i = 0; i < resources->len; i++)
    if (takes_call (caps, resources->pdata[i], video))
      return g_strdup (resources->pdata[i]);
  g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_PEER_UNAVAILABLE,
               "%s has no online resource that takes %s calls", bare, video ? "video" : "audio");
  return NULL;
}

static gboolean
check_dial (JdAccount *self, const JdDialOptions *options, GError **error)
{
  JdXmppConnection *conn = jd_xmpp_client_get_connection (self->client);

  if (jd_xmpp_connection_get_state (conn) != JD_XMPP_STATE_READY)
    {
      g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_NOT_CONNECTED, "account %s is %s",
                   self->name, jd_xmpp_state_to_string (jd_xmpp_connection_get_state (conn)));
      return FALSE;
    }
  if (!options->audio)
    {
      g_set_error_literal (error, JD_DBUS_ERROR, JD_DBUS_ERROR_INVALID_ARGUMENT,
                           "a call always carries audio");
      return FALSE;
    }
  if (self->calls->len >= self->max_calls)
    {
      g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_BUSY, "account %s has %u calls already",
                   self->name, self->calls->len);
      return FALSE;
    }
  return TRUE;
}

/* A bare @jid with a resource that takes the call and whose caps list
 * XEP-0353: every device of it rings for a propose. */
static gboolean
peer_takes_jmi (JdAccount *self, const char *jid, gboolean video)
{
  g_autoptr (JdJid) parsed = jd_jid_parse (jid, NULL);
  g_autoptr (GPtrArray) resources = NULL;
  g_autofree char *bare = NULL;
  JdCaps *caps = jd_xmpp_client_get_caps (self->client);

  if (parsed == NULL || !jd_jid_is_bare (parsed))
    return FALSE;
  bare = jd_jid_to_bare (parsed);
  resources = jd_presence_table_get_resources (
    jd_presence_get_table (jd_xmpp_client_get_presence (self->client)), bare);
  for (guint i = 0; i < resources->len; i++)
    if (takes_call (caps, resources->pdata[i], video) &&
        jd_caps_jid_has_feature (caps, resources->pdata[i], JD_NS_JINGLE_MESSAGE))
      return TRUE;
  return FALSE;
}

JdCall *
jd_account_dial (JdAccount *self, const char *jid, const JdDialOptions *options, GError **error)
{
  JdCallOptions call_options = self->options;
  g_autofree char *peer = NULL;
  g_autoptr (GError) local_error = NULL;
  gboolean jmi;
  JdCall *call;

  g_return_val_if_fail (JD_IS_ACCOUNT (self), NULL);

  if (!check_dial (self, options, error))
    return NULL;
  jmi = !options->no_jmi && peer_takes_jmi (self, jid, options->video);
  peer = jmi ? jd_jid_bare_of (jid) : jd_account_resolve_peer (self, jid, options->video, error);
  if (peer == NULL)
    return NULL;
  call_options.video = options->video;
  call_options.no_dtmf = options->no_dtmf;
  if (options->codecs != NULL)
    call_options.codecs = options->codecs;
  if (options->has_transport)
    call_options.transport = options->raw_udp ? JD_CALL_TRANSPORT_RAW_UDP : JD_CALL_TRANSPORT_ICE;
  if (options->ring_timeout_s != 0)
    call_options.ring_timeout_ms = options->ring_timeout_s * 1000;
  /* A propose's callee device is unknown until it proceeds: its caps
   * cannot pick the transport, and every JMI client does ICE. */
  if (!options->has_transport && !jmi)
    call_options.transport = jd_call_transport_for_peer (jd_xmpp_client_get_caps (self->client),
                                                         peer, call_options.transport);
  call_options.raw_udp_fallback = !jmi && raw_udp_fallback (self, &call_options, peer);
  call = jmi ? jd_call_propose (self->jingle, self->jmi, peer, &call_options, &local_error)
             : jd_call_dial (self->jingle, peer, &call_options, &local_error);
  if (call == NULL)
    {
      g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_FAILED, "calling %s failed: %s", peer,
                   local_error->message);
      return NULL;
    }
  add_call (self, call, FALSE);
  if (self->plugins != NULL)
    jd_plugin_host_outgoing_call (self->plugins, call, self->name, peer);
  return call;
}

guint
jd_account_hangup_all (JdAccount *self, JdJingleReasonType reason)
{
  g_autoptr (GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);

  /* Each hang-up ends a call, which leaves self->calls. */
  for (guint i = 0; i < self->calls->len; i++)
    g_ptr_array_add (calls, g_object_ref (self->calls->pdata[i]));
  for (guint i = 0; i < calls->len; i++)
    jd_call_hangup (calls->pdata[i], reason);
  return calls->len;
}

/* ---------------------------------------------------------------- */
/* Setting up                                                       */

/* libnice takes IP literals only; a name in the config is resolved
 * once, when the daemon starts. */
static char *
resolve_host (const char *host, GError **error)
{
  g_autoptr (GResolver) resolver = NULL;
  g_autolist (GInetAddress) addresses = NULL;

  if (g_hostname_is_ip_address (host))
    return g_strdup (host);
  resolver = g_resolver_get_default ();
  addresses = g_resolver_lookup_by_name (resolver, host, NULL, error);
  if (addresses == NULL)
    return NULL;
  return g_inet_address_to_string (addresses->data);
}

static char *
resolve_stun (const char *server, GError **error)
{
  g_autoptr (GSocketConnectable) address = g_network_address_parse (server, 3478, error);
  g_autofree char *ip = NULL;
  guint16 port;

  if (address == NULL)
    return NULL;
  ip = resolve_host (g_network_address_get_hostname (G_NETWORK_ADDRESS (address)), error);
  if (ip == NULL)
    return NULL;
  port = g_network_address_get_port (G_NETWORK_ADDRESS (address));
  return strchr (ip, ':') != NULL ? g_strdup_printf ("[%s]:%u", ip, port)
                                  : g_strdup_printf ("%s:%u", ip, port);
}

static gboolean
resolve_servers (JdAccount *self, const JdConfigAccount *config, GError **error)
{
  if (config->stun_server != NULL)
    {
      self->stun_server = resolve_stun (config->stun_server, error);
      if (self->stun_server == NULL)
        return FALSE;
    }
  self->turn_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_turn_server_free);
  for (guint i = 0; config->turn_servers != NULL && i < config->turn_servers->len; i++)
    {
      g_autoptr (JdTurnServer) server = jd_turn_server_copy (config->turn_servers->pdata[i]);
      char *ip = resolve_host (server->host, error);

      if (ip == NULL)
        return FALSE;
      g_free (server->host);
      server->host = ip;
      g_ptr_array_add (self->turn_servers, g_steal_pointer (&server));
    }
  g_ptr_array_add (self->turn_servers, NULL);
  return TRUE;
}

static gboolean
make_endpoints (JdAccount *self, const JdConfigAccount *config, GError **error)
{
  if (config->audio_source != NULL &&
      !(self->audio_source = jd_media_endpoint_source (JD_JINGLE_MEDIA_AUDIO, config->audio_source,
                                                       error)))
    return FALSE;
  if (config->audio_sink != NULL &&
      !(self->audio_sink = jd_media_endpoint_sink (JD_JINGLE_MEDIA_AUDIO, config->audio_sink,
                                                   error)))
    return FALSE;
  if (config->video_source != NULL &&
      !(self->video_source = jd_media_endpoint_source (JD_JINGLE_MEDIA_VIDEO, config->video_source,
                                                       error)))
    return FALSE;
  if (config->video_sink != NULL &&
      !(self->video_sink = jd_media_endpoint_sink (JD_JINGLE_MEDIA_VIDEO, config->video_sink,
                                                   error)))
    return FALSE;
  return TRUE;
}

static void
fill_call_options (JdAccount *self, const JdConfigAccount *config)
{
  self->codecs = g_strdupv (config->codecs);
  self->local_addresses = g_strdupv (config->local_addresses);
  self->options = (JdCallOptions) {
    .audio_source = self->audio_source,
    .audio_sink = self->audio_sink,
    .video_source = self->video_source,
    .video_sink = self->video_sink,
    .local_addresses = (const char *const *) self->local_addresses,
    .codecs = (const char *const *) self->codecs,
    .crypto = JD_MEDIA_CRYPTO_DTLS,
    .allow_plain = config->allow_plain_rtp,
    .transport = config->raw_udp ? JD_CALL_TRANSPORT_RAW_UDP : JD_CALL_TRANSPORT_ICE,
    .ring_timeout_ms = config->ring_timeout_s * 1000,
    .connect_timeout_ms = config->connect_timeout_s * 1000,
    .stun_server = self->stun_server,
    .turn_servers = (const JdTurnServer *const *) self->turn_servers->pdata,
  };
}

static void
copy_settings (JdAccount *self, const JdConfigAccount *config)
{
  g_autoptr (JdJid) jid = jd_jid_parse (config->xmpp->jid, NULL);

  self->name = g_strdup (config->name);
  self->jid = jid != NULL ? jd_jid_to_bare (jid) : g_strdup (config->xmpp->jid);
  self->priority = config->priority;
  self->autoconnect = config->autoconnect;
  self->policy = config->policy;
  self->allow = g_strdupv (config->allow);
  self->max_calls = MAX (config->max_calls, 1);
  self->ignore_refused = config->ignore_refused;
  self->auto_answer_delay_ms = config->auto_answer_delay_ms;
}

JdAccount *
jd_account_new (const JdConfigAccount *config, GError **error)
{
  g_autoptr (JdAccount) self = g_object_new (JD_TYPE_ACCOUNT, NULL);
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (config != NULL && config->xmpp != NULL, NULL);

  copy_settings (self, config);
  if (!make_endpoints (self, config, &local_error) ||
      !resolve_servers (self, config, &local_error))
    {
      g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_INVALID_ARGUMENT, "account %s: %s",
                   config->name, local_error->message);
      return NULL;
    }
  fill_call_options (self, config);
  /* "phone": a headless call endpoint (XEP-0030 registry). */
  self->client = jd_xmpp_client_new (config->xmpp, "phone");
  jd_call_advertise (self->client);
  self->jingle = jd_jingle_manager_new_for_client (self->client);
  g_signal_connect (self->jingle, "incoming-session", G_CALLBACK (on_incoming_session), self);
  self->jmi = jd_jingle_jmi_manager_new_for_client (self->client);
  jd_jingle_jmi_manager_set_ring_timeout (self->jmi, self->options.ring_timeout_ms);
  g_signal_connect (self->jmi, "proposed", G_CALLBACK (on_proposed), self);
  g_signal_connect (self->jmi, "missed", G_CALLBACK (on_missed), self);
  self->mam = jd_account_mam_new (self->name, self->client, self->jmi);
  return g_steal_pointer (&self);
}

void
jd_account_connect (JdAccount *self)
{
  g_return_if_fail (JD_IS_ACCOUNT (self));

  jd_presence_set_own (jd_xmpp_client_get_presence (self->client), JD_PRESENCE_AVAILABLE, NULL,
                       self->priority);
  jd_xmpp_client_connect (self->client);
}

void
jd_account_disconnect (JdAccount *self)
{
  g_return_if_fail (JD_IS_ACCOUNT (self));

  jd_xmpp_client_disconnect (self->client);
}

const char *
jd_account_get_name (JdAccount *self)
{
  g_return_val_if_fail (JD_IS_ACCOUNT (self), NULL);
  return self->name;
}

const char *
jd_account_get_jid (JdAccount *self)
{
  g_return_val_if_fail (JD_IS_ACCOUNT (self), NULL);
  return self->jid;
}

gboolean
jd_account_get_autoconnect (JdAccount *self)
{
  g_return_val_if_fail (JD_IS_ACCOUNT (self), FALSE);
  return self->autoconnect;
}

JdCallPolicyMode
jd_account_get_policy (JdAccount *self)
{
  g_return_val_if_fail (JD_IS_ACCOUNT (self), JD_CALL_POLICY_REJECT);
  return self->policy;
}

JdXmppClient *
jd_account_get_client (JdAccount *self)
{
  g_return_val_if_fail (JD_IS_ACCOUNT (self), NULL);
  return self->client;
}

JdJingleManager *
jd_account_get_jingle (JdAccount *self)
{
  g_return_val_if_fail (JD_IS_ACCOUNT (self), NULL);
  return self->jingle;
}

GPtrArray *
jd_account_get_calls (JdAccount *self)
{
  g_return_val_if_fail (JD_IS_ACCOUNT (self), NULL);
  return self->calls;
}

/* ---------------------------------------------------------------- */
/* GObject                                                          */

static void
jd_account_dispose (GObject *object)
{
  JdAccount *self = JD_ACCOUNT (object);

  g_hash_table_remove_all (self->auto_answers);
  for (guint i = 0; i < self->calls->len; i++)
    g_signal_handlers_disconnect_by_data (self->calls->pdata[i], self);
  g_ptr_array_set_size (self->calls, 0);
  if (self->jingle != NULL)
    g_signal_handlers_disconnect_by_data (self->jingle, self);
  if (self->jmi != NULL)
    g_signal_handlers_disconnect_by_data (self->jmi, self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_im (self->client), self);
  g_clear_pointer (&self->mam, jd_account_mam_free);
  g_clear_object (&self->jmi);
  g_clear_object (&self->jingle);
  g_clear_object (&self->client);
  g_clear_object (&self->plugins);
  G_OBJECT_CLASS (jd_account_parent_class)->dispose (object);
}

static void
jd_account_finalize (GObject *object)
{
  JdAccount *self = JD_ACCOUNT (object);

  g_hash_table_unref (self->auto_answers);
  g_ptr_array_unref (self->calls);
  g_free (self->name);
  g_free (self->jid);
  g_strfreev (self->allow);
  g_free (self->audio_source);
  g_free (self->audio_sink);
  g_free (self->video_source);
  g_free (self->video_sink);
  g_strfreev (self->codecs);
  g_strfreev (self->local_addresses);
  g_free (self->stun_server);
  g_clear_pointer (&self->turn_servers, g_ptr_array_unref);
  G_OBJECT_CLASS (jd_account_parent_class)->finalize (object);
}

static void
jd_account_class_init (JdAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_account_dispose;
  object_class->finalize = jd_account_finalize;

  signals[SIGNAL_CALL_ADDED] =
    g_signal_new ("call-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, JD_TYPE_CALL, G_TYPE_BOOLEAN);
  signals[SIGNAL_CALL_DECLINED] =
    g_signal_new ("call-declined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_MISSED_CALL] =
    g_signal_new ("missed-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_INT64);
}

static void
jd_account_init (JdAccount *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
  self->auto_answers = g_hash_table_new_full (NULL, NULL, NULL, destroy_source);
}
